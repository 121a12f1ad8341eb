#!/usr/bin/env bash
# Runs mica-platform-wayland's tests against a real compositor (weston, headless) and fails
# if weston is missing instead of skipping. Install it first with scripts/setup-debian.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
MICA_REQUIRE_WESTON=1 cargo test -p mica-platform-wayland "$@"
