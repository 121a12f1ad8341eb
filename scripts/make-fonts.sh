#!/bin/sh
# Splits Debian's Droid Sans Fallback (fonts-droid-fallback, Apache-2.0) into chunk files by
# frequency class under fonts/droid/, plus fonts/droid/chunks.txt (file, weight, code point
# count) and one fonts/droid/<chunk>.runs per chunk (the code points it holds, as hex
# `start-end` runs).
#
# Droid Sans Fallback has no Latin letters (only U+0020 below U+0E3F), so the first chunks
# are a Latin subset of Open Sans (fonts-open-sans, Apache-2.0, a Droid Sans derivative),
# regular and bold. Droid has no bold: bold CJK is drawn with the regular chunks.
#
# Why: fontdue parses every glyph of a face when it loads it (~5 µs a glyph, ~250 ms for
# the 49k-glyph font), which would eat the whole cold-start budget. mica-layout embeds the
# chunks and parses one only when a character it holds is first shaped. Chunks group
# characters by how common they are, not by code point, so an everyday simplified-Chinese
# page parses the Latin, symbol and GB2312 level-1 chunks only (~5k glyphs):
#   OpenSans-latin, OpenSans-latin-bold   Open Sans, code points below U+2E80
#   DroidSansFallback-sym                 Droid below U+2E80, CJK punctuation, full-width
#   DroidSansFallback-gb1                 GB2312 level 1 (3,755 common simplified hanzi)
#   DroidSansFallback-big5                Big5 level 1 (common traditional) not in gb1
#   DroidSansFallback-gb2                 GB2312 level 2 not yet placed
#   DroidSansFallback-kana                kana and the other CJK symbols
#   DroidSansFallback-hangulNN            hangul syllables, ~3,000 a chunk
#   DroidSansFallback-rareNN              everything else, ~3,000 a chunk by code point
#
# Requires fontTools: `apt-get install -y python3-fonttools` (then Debian's /usr/bin/python3)
# or `pip install fonttools` (set PYTHON=python3).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=${SRC:-/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf}
LATIN=${LATIN:-/usr/share/fonts/truetype/open-sans/OpenSans-Regular.ttf}
LATIN_BOLD=${LATIN_BOLD:-/usr/share/fonts/truetype/open-sans/OpenSans-Bold.ttf}
OUT="$ROOT/fonts/droid"
PYTHON=${PYTHON:-/usr/bin/python3}
# Target glyph count of a hangul or rare-ideograph chunk.
CHUNK=${CHUNK:-3000}

mkdir -p "$OUT"
rm -f "$OUT"/*.ttf "$OUT"/*.runs "$OUT/chunks.txt"

"$PYTHON" - "$SRC" "$OUT" "$CHUNK" "$LATIN" "$LATIN_BOLD" <<'PY'
import sys
from fontTools.ttLib import TTFont
from fontTools import subset

src, out, chunk, latin, latin_bold = sys.argv[1:6]
chunk = int(chunk)
cps = set(TTFont(src).getBestCmap())

def is_sym(cp):
    # Everything below the CJK radicals, CJK punctuation, and full/half-width forms.
    return cp < 0x2E80 or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF

def is_kana(cp):
    return 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF

def is_hangul(cp):
    return 0xAC00 <= cp <= 0xD7AF

def is_ideograph(cp):
    # Unified ideographs, Ext-A, compatibility ideographs, and the supplementary planes.
    return (0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
            or cp >= 0x20000)

def decode(codec, leads, trails):
    """Characters of a double-byte code table, in table order (frequency order for GB2312
    level 1), skipping undecodable cells."""
    chars = []
    for lead in leads:
        for trail in trails:
            try:
                s = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(s) == 1:
                chars.append(ord(s))
    return chars

placed = set()
def take(candidates):
    group = sorted(cp for cp in set(candidates) if cp in cps and cp not in placed)
    placed.update(group)
    return group

latin_cps = sorted(cp for cp in TTFont(latin).getBestCmap() if cp < 0x2E80)
bold_cmap = TTFont(latin_bold).getBestCmap()
missing = [cp for cp in latin_cps if cp not in bold_cmap]
if missing:
    sys.exit("%s lacks %s" % (latin_bold, " ".join("%04X" % cp for cp in missing)))

# (name, source font, weight, code points)
groups = [("OpenSans-latin", latin, 400, latin_cps),
          ("OpenSans-latin-bold", latin_bold, 700, latin_cps)]
groups.append(("DroidSansFallback-sym", src, 400, take(cp for cp in cps if is_sym(cp))))
# GB2312 rows 16-55 (level 1), rows 56-87 (level 2); Big5 0xA440..0xC67E (level 1).
gb1 = decode("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
gb2 = decode("gb2312", range(0xD8, 0xF8), range(0xA1, 0xFF))
big5_trails = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
big5 = (decode("big5", range(0xA4, 0xC6), big5_trails)
        + decode("big5", [0xC6], range(0x40, 0x7F)))
groups.append(("DroidSansFallback-gb1", src, 400, take(gb1)))
groups.append(("DroidSansFallback-big5", src, 400, take(big5)))
groups.append(("DroidSansFallback-gb2", src, 400, take(gb2)))
groups.append(("DroidSansFallback-kana", src, 400,
               take(cp for cp in cps if not is_hangul(cp) and not is_ideograph(cp))))
hangul = take(cp for cp in cps if is_hangul(cp))
for i in range(0, len(hangul), chunk):
    groups.append(("DroidSansFallback-hangul%02d" % (i // chunk), src, 400, hangul[i:i + chunk]))
rest = take(cps)
for i in range(0, len(rest), chunk):
    groups.append(("DroidSansFallback-rare%02d" % (i // chunk), src, 400, rest[i:i + chunk]))
assert placed == cps

def runs(group):
    out = []
    for cp in group:
        if out and out[-1][1] + 1 == cp:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return ["%04X" % a if a == b else "%04X-%04X" % (a, b) for a, b in out]

index = []
for name, path, weight, group in groups:
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.notdef_outline = True
    opts.recalc_bounds = False  # keep head/hhea identical across chunks
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "vhea", "vmtx", "gasp"]
    font = TTFont(path, recalcTimestamp=False)  # reproducible output
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=group)
    sub.subset(font)
    font.save("%s/%s.ttf" % (out, name))
    r = runs(group)
    with open("%s/%s.runs" % (out, name), "w") as f:
        for i in range(0, len(r), 12):
            f.write(" ".join(r[i:i + 12]) + "\n")
    index.append("%s.ttf %d %d" % (name, weight, len(group)))

with open("%s/chunks.txt" % out, "w") as f:
    f.write("# file weight codepoints; the code points are in <file stem>.runs as hex runs.\n")
    f.write("# Generated by scripts/make-fonts.sh. A code point in several chunks of one weight\n")
    f.write("# is drawn from the first listed.\n")
    f.write("\n".join(index) + "\n")
PY

{
    echo "Font chunks generated by scripts/make-fonts.sh from Debian's fonts-droid-fallback"
    echo "(DroidSansFallback-*.ttf) and fonts-open-sans (OpenSans-latin.ttf from"
    echo "OpenSans-Regular.ttf, OpenSans-latin-bold.ttf from OpenSans-Bold.ttf). Both Apache-2.0."
    echo "The files are subsets of the originals (fewer glyphs, no hinting or layout tables)."
    echo
    echo "== fonts-droid-fallback =="
    cat /usr/share/doc/fonts-droid-fallback/copyright
    echo
    echo "== fonts-open-sans =="
    cat /usr/share/doc/fonts-open-sans/copyright
} > "$OUT/NOTICE"
if [ -f /usr/share/common-licenses/Apache-2.0 ]; then
    cp /usr/share/common-licenses/Apache-2.0 "$OUT/LICENSE"
fi
ls -l "$OUT"
