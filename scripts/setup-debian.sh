#!/usr/bin/env bash
# Installs the Debian packages Mica's optional tooling uses. Building and testing need none:
# the font is bundled. Run as root on Debian 12.
set -euo pipefail
apt-get update
# fontTools (scripts/make-fonts.sh) and the Droid Sans Fallback source font.
apt-get install -y python3-fonttools fonts-droid-fallback fonts-open-sans
