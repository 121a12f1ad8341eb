#!/usr/bin/env bash
# Cross-builds the `mica` binary for the device targets with Debian's rustc-web/cargo-web
# (1.96) and -Zbuild-std, the recipe of DESIGN.md "Building for devices"; install the
# toolchains first with scripts/setup-cross.sh. See docs/devices.md.
#
#   scripts/cross-build.sh [TARGET...]     default: the four device targets below
#
# Environment:
#   PROFILE=firmware     cargo profile. firmware (Cargo.toml): what a device ships, and
#                        the sizes in docs/devices.md. ci-cross (defined here): the firmware
#                        profile at opt-level 1, without LTO and with 16 codegen units, for
#                        CI's qemu tests: panic=abort as on a device and the same pixels
#                        (Rust's float arithmetic does not depend on the optimisation level;
#                        the x86_64 reference is an opt-level 3 build), in a fraction of
#                        the time; the binary is larger and slower.
#   FEATURES=...         extra features of the mica package (e.g. mica-engine/https)
#   EXTRA_ARGS=...       more cargo arguments (e.g. --timings, or
#                        --config profile.firmware.strip=false to look at symbols)
#   CARGO_TARGET_DIR     default target/cross. Never the host's target/: Debian's rustc is
#                        a different compiler from rustup's, and sharing a directory would
#                        rebuild everything each time one or the other runs.
#
# The binary of TARGET lands in $CARGO_TARGET_DIR/TARGET/$PROFILE/mica; its size is printed.
# x86_64-unknown-linux-gnu is accepted too (same recipe, so its size compares).
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE=${PROFILE:-firmware}
FEATURES=${FEATURES:-}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target/cross}

# shellcheck source=scripts/lib/cross-env.sh
. scripts/lib/cross-env.sh
cross_use_debian_toolchain

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${cross_default_targets[@]}")

# Fat LTO with one codegen unit is most of a firmware build's time (the whole program,
# std included, optimised as one unit on one core), and optimising for size most of the
# rest; the qemu tests need neither.
profile_args=()
if [ "$PROFILE" = ci-cross ]; then
    profile_args=(
        --config 'profile.ci-cross.inherits="firmware"'
        --config 'profile.ci-cross.lto=false'
        --config 'profile.ci-cross.opt-level=1'
        --config 'profile.ci-cross.codegen-units=16'
    )
fi

# One cargo invocation per target: with -Zbuild-std, one invocation for two targets
# built taffy without the features the workspace asks for (its grid module was missing).
for target in "${targets[@]}"; do
    cross_use_target "$target"

    echo "== cross-build $target ($PROFILE)"
    start=$SECONDS
    # std is rebuilt with the profile (opt-level s, LTO with the program, panic=abort):
    # foreign std is not shipped by rustc-web, and mips64el is tier 3 anyway.
    # shellcheck disable=SC2086  # EXTRA_ARGS is split on purpose
    /usr/bin/cargo build --locked -p mica --bin mica --profile "$PROFILE" "${profile_args[@]}" \
        ${FEATURES:+--features "$FEATURES"} ${EXTRA_ARGS:-} \
        --target "$target" -Zbuild-std=std,panic_abort
    bin=$CARGO_TARGET_DIR/$target/$PROFILE/mica
    size=$(stat -c %s "$bin")
    awk -v b="$bin" -v s="$size" -v t="$((SECONDS - start))" \
        'BEGIN { printf "cross-build: %s %d bytes (%.2f MiB), built in %d s\n", b, s, s / 1048576, t }'
done
