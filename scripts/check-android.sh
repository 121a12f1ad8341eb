#!/usr/bin/env bash
# Type-checks mica-platform-android-tv's Android code (the NativeActivity glue, the
# ANativeWindow presenter, the exported `android_main`) for Android targets.
#
# The host build never compiles that code (it is `#[cfg(target_os = "android")]`), so
# this is what keeps it honest. It is a `cargo check`: no NDK and no linker are needed,
# and nothing is linked; an APK build needs cargo-ndk and an NDK (docs/android-tv.md).
#
# Uses Debian's rustc-web/cargo-web 1.96 with rust-web-src and -Zbuild-std, as for the
# other cross targets (rustup here has only the host target). Install them first with
# scripts/setup-cross.sh, or:
#   apt-get install -y rustc-web cargo-web rust-web-src rust-web-clippy
#
# Usage: scripts/check-android.sh [TARGET...]   (default: aarch64-linux-android)
# e.g.   scripts/check-android.sh aarch64-linux-android armv7-linux-androideabi
#
# Fails on any warning in platform-android-tv itself: with Debian's clippy
# (rust-web-clippy) installed it runs `cargo clippy --no-deps -- -D warnings`, so the
# workspace's clippy lints cover the Android code too; without it, `cargo check` and any
# compiler warning in the crate fails. Warnings in other crates are shown, not fatal.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(aarch64-linux-android)
fi

if [ ! -x /usr/bin/cargo ] || [ ! -x /usr/bin/rustc ] ||
    [ ! -d /usr/lib/rustlib/src/rust/library ]; then
    echo "check-android: needs Debian's rustc-web, cargo-web and rust-web-src" >&2
    echo "  (scripts/setup-cross.sh, or apt-get install -y rustc-web cargo-web rust-web-src)" >&2
    exit 2
fi

# Debian's toolchain, not rustup's; its own target dir so the host build dir (used by
# rustup's compiler) is never rebuilt by a different compiler.
export PATH="/usr/bin:$PATH"
export RUSTC=/usr/bin/rustc
unset RUSTC_WRAPPER RUSTUP_TOOLCHAIN
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/android}"
export CARGO_TERM_COLOR=never

clippy=0
if [ -x /usr/bin/cargo-clippy ] && [ -x /usr/bin/clippy-driver ]; then
    clippy=1
fi
echo "check-android: $(cargo --version), $(rustc --version)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
for target in "${targets[@]}"; do
    args=(-p mica-platform-android-tv --features android-main
        --target "$target" -Zbuild-std=std,panic_abort)
    start=$(date +%s)
    if [ $clippy -eq 1 ]; then
        echo "== cargo clippy --target $target"
        cargo clippy --no-deps "${args[@]}" -- -D warnings 2>&1 | tee "$log" || status=1
    else
        echo "== cargo check --target $target (no rust-web-clippy: compiler warnings only)"
        if ! cargo check "${args[@]}" 2>&1 | tee "$log"; then
            status=1
        elif grep -A3 '^warning' "$log" | grep -q 'platform-android-tv/'; then
            echo "check-android: warnings in platform-android-tv for $target" >&2
            status=1
        fi
    fi
    echo "check-android: $target took $(($(date +%s) - start)) s"
done
exit $status
