#!/usr/bin/env bash
# Installs the Debian packages Mica's optional tooling uses. Building and testing need none:
# the font is bundled. Run as root on Debian 12.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
# fontTools (scripts/make-fonts.sh) and the Droid Sans Fallback source font.
apt-get install -y python3-fonttools fonts-droid-fallback fonts-open-sans
# weston for the Wayland platform's tests against a real compositor (scripts/test-wayland.sh;
# it brings libxkbcommon0, which the platform loads), and Xvfb + xdotool to give weston's
# X11 backend a keyboard and pointer to drive.
apt-get install -y weston xvfb xdotool
