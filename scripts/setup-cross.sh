#!/usr/bin/env bash
# Installs what scripts/cross-build.sh and scripts/qemu-render-test.sh need on Debian 12:
# Debian's rustc-web/cargo-web 1.96 with its std sources (rustup on these machines has only
# the host target, so foreign std is built with -Zbuild-std), the cross gcc of each device
# target as its linker with the target's libc (crt files and libraries under /usr/<triple>,
# which is also the sysroot qemu-user's -L uses), and qemu-user. See docs/devices.md.
#
# Without recommends: they would add qemu-user-binfmt (registers qemu with the kernel for
# every foreign binary, machine-wide) and rust-web-llvm (not needed); the libc6-dev-*-cross
# packages the cross gccs only recommend are named instead.
#
# Idempotent: packages already installed are left as they are, and apt is not even updated
# when nothing is missing. Run as root (or with sudo available).
set -euo pipefail

packages=(
    rustc-web cargo-web rust-web-src rust-web-clippy
    qemu-user
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross
    gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
    gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
    gcc-mips64el-linux-gnuabi64 libc6-dev-mips64el-cross
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "setup-cross: all packages present"
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
fi

# Another apt/dpkg (unattended-upgrades, a colleague's install) may hold the lock for a
# while; apt waits for it instead of failing.
apt_opts=(-o DPkg::Lock::Timeout=600 -y --no-install-recommends)
echo "setup-cross: installing ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install "${apt_opts[@]}" "${missing[@]}"
