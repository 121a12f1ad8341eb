#!/usr/bin/env bash
# Measures what the SDK adds to a host app: builds `libmica.a` (mica-capi as a static
# library, without the bundled font) with Debian's toolchain and -Zbuild-std, links the C
# host of apps/c-host against it, and compares with a C hello world linked the same way.
# Then runs the host on apps/c-host/app (under qemu-user for a foreign target) so the
# measured library is one that works. See docs/devices.md "The SDK".
#
#   scripts/sdk-size.sh [TARGET]     default: x86_64-unknown-linux-gnu
#
# Environment:
#   PROFILE=sdk          cargo profile (Cargo.toml); `firmware` compares with the binary
#   STD_FEATURES=...     features std is rebuilt with (-Zbuild-std-features); default:
#                        optimize_for_size for the sdk profile, backtrace (std's usual)
#                        for others
#   SDK_RUSTFLAGS=...    rustc flags for std and the library; default: -C
#                        force-unwind-tables=no for the sdk profile, none for others
#   EXTRA_ARGS=...       more cargo arguments
#   FONT=...             a font file for the run (default: DejaVu Sans, else any TTF found)
#   CARGO_TARGET_DIR     default target/cross, shared with scripts/cross-build.sh
#
# Prints one line per host binary: "sdk-size: <what> <bytes> added <bytes> (<MiB>)".
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-x86_64-unknown-linux-gnu}
PROFILE=${PROFILE:-sdk}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target/cross}

# shellcheck source=scripts/lib/cross-env.sh
. scripts/lib/cross-env.sh
cross_use_debian_toolchain
cross_use_target "$target"

# std's backtrace symbolisation (addr2line, object, miniz_oxide) only serves RUST_BACKTRACE
# on a panic, and with panic=abort nothing unwinds: the sdk profile leaves both out (the
# panic message stays). Measured in docs/devices.md "The SDK".
case "$PROFILE" in
    sdk) std_default=optimize_for_size flags_default="-C force-unwind-tables=no" ;;
    *) std_default=backtrace flags_default= ;;
esac
STD_FEATURES=${STD_FEATURES-$std_default}
export RUSTFLAGS=${SDK_RUSTFLAGS-$flags_default}

echo "== sdk-size $target ($PROFILE, std features: ${STD_FEATURES:-none}${RUSTFLAGS:+, RUSTFLAGS $RUSTFLAGS})"
start=$SECONDS
# shellcheck disable=SC2086  # EXTRA_ARGS is split on purpose
/usr/bin/cargo rustc --locked -p mica-capi --lib --profile "$PROFILE" --no-default-features \
    --crate-type staticlib ${EXTRA_ARGS:-} --target "$target" \
    -Zbuild-std=std,panic_abort "-Zbuild-std-features=$STD_FEATURES"
lib=$CARGO_TARGET_DIR/$target/$PROFILE/libmica.a
echo "sdk-size: built $lib in $((SECONDS - start)) s"

out=$CARGO_TARGET_DIR/$target/$PROFILE/sdk-size
mkdir -p "$out"
printf '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' >"$out/hello.c"
cflags=(-std=c11 -Os -ffunction-sections -fdata-sections -Wl,--gc-sections -s -I capi/include)
for pie in pie no-pie; do
    "$CROSS_GCC" "${cflags[@]}" "-$pie" "$out/hello.c" -o "$out/hello-$pie"
    "$CROSS_GCC" "${cflags[@]}" "-$pie" apps/c-host/main.c "$lib" -lpthread -ldl -lm \
        -o "$out/c-host-$pie"
    base=$(stat -c %s "$out/hello-$pie")
    host=$(stat -c %s "$out/c-host-$pie")
    awk -v w="c-host ($pie)" -v h="$host" -v b="$base" \
        'BEGIN { printf "sdk-size: %s %d bytes, added %d (%.2f MiB)\n", w, h, h - b, (h - b) / 1048576 }'
done

# The library must still work: run the PIE host on its app.
if [ -z "${FONT:-}" ]; then
    FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
    [ -f "$FONT" ] || FONT=$(find /usr/share/fonts -name '*.ttf' -print -quit)
fi
run=("$out/c-host-pie")
case "$target" in
    x86_64-unknown-linux-gnu) ;;
    *)
        triple=$("$CROSS_GCC" -dumpmachine)
        arch=${target%%-*}
        case "$arch" in armv7) arch=arm ;; riscv64gc) arch=riscv64 ;; esac
        run=("qemu-$arch" -L "/usr/$triple" "${run[@]}")
        ;;
esac
MICA_FONT=$FONT "${run[@]}" apps/c-host/app "$out/c-host.png"
