#!/bin/sh
# Renders the compatibility corpus with Chromium and measures Mica against it.
#
#   1. compat/gen.py pages: page.html for every fixture under compat/fixtures/ (from its
#      index.wxml/index.wxss) and compat/fixtures/app.json;
#   2. Debian's chromium (installed if missing) renders each page.html headless at
#      400x300 into compat/refs/<fixture>.png, the references the test compares with;
#   3. the compat test renders every fixture with Mica and scores it against its
#      reference (engine/tests/it/compat.rs; scores in target/compat-out/scores.json);
#   4. compat/gen.py docs: docs/compatibility.md from the scores and thresholds.
#
# Usage: scripts/compat-refs.sh [FIXTURE...]   (default: every fixture)
# Only the named fixtures' references are rendered again; the test and the docs always
# cover the whole corpus. COMPAT_THRESHOLDS=1 also rewrites compat/thresholds.json from
# the measured scores (see compat/README.md). Needs root (or sudo) the first time, for
# apt-get.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-python3}
CHROMIUM=${CHROMIUM:-chromium}
# The window every fixture is rendered at (also in compat/gen.py and compat.rs).
SIZE=400,300

if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get install -y chromium
fi

"$PYTHON" compat/gen.py pages

mkdir -p compat/refs
if [ $# -eq 0 ]; then
    # A reference whose fixture is gone would only confuse.
    for ref in compat/refs/*.png; do
        [ -e "$ref" ] || continue
        name=$(basename "$ref" .png)
        [ -d "compat/fixtures/$name" ] || rm -v "$ref"
    done
    set -- $(cd compat/fixtures && for d in */; do [ -f "$d/page.html" ] && echo "${d%/}"; done)
fi

echo "chromium: $("$CHROMIUM" --version 2>/dev/null)"
for name in "$@"; do
    page="$ROOT/compat/fixtures/$name/page.html"
    [ -f "$page" ] || { echo "no fixture $name" >&2; exit 1; }
    profile=$(mktemp -d)
    # --virtual-time-budget: the screenshot waits for 3 s of page time (fonts loaded,
    # transitions and animations of the Motion fixtures ended) without taking them.
    # --force-color-profile=srgb: colours are written as declared, whatever the host's
    # display profile.
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --force-device-scale-factor=1 \
        --force-color-profile=srgb --virtual-time-budget=3000 \
        --window-size="$SIZE" --screenshot="$ROOT/compat/refs/$name.png" \
        "file://$page" >"$profile.log" 2>&1 || {
        cat "$profile.log" >&2
        exit 1
    }
    rm -rf "$profile" "$profile.log"
    echo "compat/refs/$name.png"
done

# The test fails when a fixture is below its threshold; the docs are written anyway so
# they show what changed.
status=0
cargo test -p mica-engine --test it compat -- --nocapture || status=$?
"$PYTHON" compat/gen.py docs
exit $status
