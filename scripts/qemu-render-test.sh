#!/usr/bin/env bash
# Runs the cross-built `mica render` under qemu-user on the sample apps and checks that
# every PNG (and every --dump JSON) is byte-for-byte the one the x86_64 host build writes
# for the same command. Build first with scripts/cross-build.sh (same PROFILE). See
# docs/devices.md.
#
#   scripts/qemu-render-test.sh [TARGET...]   default: aarch64 and mips64el
#
# Environment:
#   PROFILE=firmware        the cross profile whose binaries are tested
#   HOST_MICA=target/release/mica   the reference binary (built with the host toolchain
#                           if missing: `cargo build --release -p mica`)
#   OUT=target/qemu-render  where the PNGs go; those that differ are kept there
#
# Exit code 0 when everything is identical, 1 on any difference or failure.
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE=${PROFILE:-firmware}
CROSS_DIR=${CARGO_TARGET_DIR:-$PWD/target/cross}
HOST_MICA=${HOST_MICA:-$PWD/target/release/mica}
OUT=${OUT:-$PWD/target/qemu-render}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(aarch64-unknown-linux-gnu mips64el-unknown-linux-gnuabi64)

# qemu-user binary and the sysroot (the target's libc, from the cross gcc packages).
qemu_for() {
    case "$1" in
        aarch64-unknown-linux-gnu) echo "qemu-aarch64 -L /usr/aarch64-linux-gnu" ;;
        armv7-unknown-linux-gnueabihf) echo "qemu-arm -L /usr/arm-linux-gnueabihf" ;;
        riscv64gc-unknown-linux-gnu) echo "qemu-riscv64 -L /usr/riscv64-linux-gnu" ;;
        mips64el-unknown-linux-gnuabi64) echo "qemu-mips64el -L /usr/mips64el-linux-gnuabi64" ;;
        *) return 1 ;;
    esac
}

# name|arguments of `mica render` (without --out/--dump). Each runs on every target.
cases=(
    "hello|apps/hello"
    "hello-tapped|apps/hello --size 1280x720 --tap #counter --tap #counter"
    "tv-launcher-home|apps/tv-launcher --size 1280x720 --keys right,down"
    "tv-launcher-details|apps/tv-launcher --keys right,down,right,right,enter"
    "car-media|apps/car-media --size 1280x720 --keys down,down,down,down,down,down,enter"
)

# Says how two PNGs of the same size differ: how many pixels, by how much per channel, where;
# writes a diff image (differing pixels red over a dimmed copy of the first). Diagnostics
# only; the verdict is cmp's. Plain python3 (zlib), no imaging library needed.
png_diff() {
    python3 - "$@" <<'PY'
import struct, sys, zlib

def read(path):
    data = open(path, "rb").read()
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        (n,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or interlace or ctype not in (0, 2, 4, 6):
        raise SystemExit(f"png-diff: {path}: unsupported PNG (depth {depth}, type {ctype})")
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw, stride, prev, rows, i = zlib.decompress(idat), w * bpp, bytearray(w * bpp), [], 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows

(w1, h1, bpp, a), (w2, h2, bpp2, b) = read(sys.argv[1]), read(sys.argv[2])
if (w1, h1, bpp) != (w2, h2, bpp2):
    raise SystemExit(f"png-diff: different shapes {w1}x{h1}x{bpp} vs {w2}x{h2}x{bpp2}")
count, hist, box, first, out = 0, {}, [w1, h1, -1, -1], [], []
for y in range(h1):
    ra, rb, row = a[y], b[y], bytearray()
    for x in range(w1):
        pa, pb = ra[x * bpp:(x + 1) * bpp], rb[x * bpp:(x + 1) * bpp]
        if pa != pb:
            d = max(abs(p - q) for p, q in zip(pa, pb))
            count += 1
            hist[d] = hist.get(d, 0) + 1
            box = [min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)]
            if len(first) < 5:
                first.append(f"({x},{y}) {tuple(pa)} vs {tuple(pb)}")
            row += b"\xff\x00\x00\xff"
        else:
            g = pa[0] // 4 if bpp < 3 else (pa[0] + pa[1] + pa[2]) // 12
            row += bytes((g, g, g, 255))
    out.append(b"\x00" + bytes(row))
buckets = {}
for d, n in hist.items():
    lo = 1 << (d.bit_length() - 1)
    key = "1" if d == 1 else f"{lo}-{min(2 * lo - 1, 255)}"
    buckets[(lo, key)] = buckets.get((lo, key), 0) + n
print(f"png-diff: {count} of {w1 * h1} pixels differ; max channel difference "
      f"{max(hist) if hist else 0}; pixels by max channel difference: "
      + ", ".join(f"{k}: {n}" for (_, k), n in sorted(buckets.items())))
if count:
    print(f"png-diff: differences within x {box[0]}..{box[2]}, y {box[1]}..{box[3]}; first: "
          + "; ".join(first))
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w1, h1, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"".join(out))) + chunk(b"IEND", b"")
    open(sys.argv[3], "wb").write(png)
    print(f"png-diff: diff image {sys.argv[3]}")
PY
}

if [ ! -x "$HOST_MICA" ]; then
    echo "== host build (reference): cargo build --release -p mica"
    cargo build --release -p mica
fi

mkdir -p "$OUT/host"
echo "== host renders ($HOST_MICA)"
for c in "${cases[@]}"; do
    name=${c%%|*}
    # shellcheck disable=SC2086  # the arguments are split on purpose
    if ! "$HOST_MICA" render ${c#*|} --out "$OUT/host/$name.png" --dump "$OUT/host/$name.json" \
        2>"$OUT/host/$name.log"; then
        cat "$OUT/host/$name.log" >&2
        echo "qemu-render-test: the host render of $name failed" >&2
        exit 1
    fi
done

failures=0
for target in "${targets[@]}"; do
    if ! qemu=$(qemu_for "$target"); then
        echo "qemu-render-test: no qemu for $target" >&2
        exit 1
    fi
    bin=$CROSS_DIR/$target/$PROFILE/mica
    if [ ! -x "$bin" ]; then
        echo "qemu-render-test: $bin missing; run PROFILE=$PROFILE scripts/cross-build.sh $target" >&2
        exit 1
    fi
    dir=$OUT/$target
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "== $target under ${qemu%% *} ($bin)"
    for c in "${cases[@]}"; do
        name=${c%%|*}
        start=$SECONDS
        # shellcheck disable=SC2086
        # The apps' warnings (unsupported CSS, ...) go to the log, shown on failure.
        if ! $qemu "$bin" render ${c#*|} --out "$dir/$name.png" --dump "$dir/$name.json" \
            2>"$dir/$name.log"; then
            cat "$dir/$name.log" >&2
            echo "FAIL $target $name: mica render exited non-zero" >&2
            failures=$((failures + 1))
            continue
        fi
        same=yes
        for ext in png json; do
            if ! cmp -s "$OUT/host/$name.$ext" "$dir/$name.$ext"; then
                same=no
                echo "FAIL $target $name: $name.$ext differs from the x86_64 host's" \
                    "($dir/$name.$ext vs $OUT/host/$name.$ext)" >&2
                if [ "$ext" = png ] && command -v python3 >/dev/null; then
                    png_diff "$OUT/host/$name.png" "$dir/$name.png" "$dir/$name.diff.png" >&2 || true
                elif [ "$ext" = json ]; then
                    diff -u "$OUT/host/$name.json" "$dir/$name.json" | head -n 40 >&2 || true
                fi
            fi
        done
        if [ $same = yes ]; then
            echo "ok   $target $name ($((SECONDS - start)) s)"
            rm "$dir/$name.png" "$dir/$name.json" "$dir/$name.log"
        else
            failures=$((failures + 1))
        fi
    done
done

if [ $failures -gt 0 ]; then
    echo "qemu-render-test: $failures render(s) differ or failed; kept in $OUT" >&2
    exit 1
fi
echo "qemu-render-test: all renders byte-identical to x86_64"
