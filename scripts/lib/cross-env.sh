# Sourced by scripts/cross-build.sh and scripts/sdk-size.sh: Debian's rustc-web/cargo-web
# (1.96) with -Zbuild-std, and the cross gcc of each target as linker and C compiler, the
# recipe of DESIGN.md "Building for devices". Install them with scripts/setup-cross.sh.

cross_default_targets=(
    aarch64-unknown-linux-gnu
    armv7-unknown-linux-gnueabihf
    riscv64gc-unknown-linux-gnu
    mips64el-unknown-linux-gnuabi64
)

# The C cross compiler (linker, and C compiler for crates with C code such as ring) per target.
cross_gcc() {
    case "$1" in
        aarch64-unknown-linux-gnu) echo aarch64-linux-gnu-gcc ;;
        armv7-unknown-linux-gnueabihf) echo arm-linux-gnueabihf-gcc ;;
        riscv64gc-unknown-linux-gnu) echo riscv64-linux-gnu-gcc ;;
        mips64el-unknown-linux-gnuabi64) echo mips64el-linux-gnuabi64-gcc ;;
        x86_64-unknown-linux-gnu) echo cc ;;
        *) return 1 ;;
    esac
}

# Debian's toolchain, whatever rustup has put first on PATH or a rust-toolchain file says.
cross_use_debian_toolchain() {
    local tool
    for tool in /usr/bin/cargo /usr/bin/rustc; do
        if [ ! -x "$tool" ]; then
            echo "$(basename "$0"): $tool missing; run scripts/setup-cross.sh" >&2
            exit 1
        fi
    done
    export PATH=/usr/bin:$PATH
    export CARGO=/usr/bin/cargo RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
    unset RUSTUP_TOOLCHAIN RUSTC_WRAPPER RUSTFLAGS
    # -Zbuild-std is unstable; rustc-web is a stable compiler.
    export RUSTC_BOOTSTRAP=1
}

# Exports the linker, C compiler and archiver of target $1 for cargo and the cc crate, and
# sets CROSS_GCC to the compiler.
cross_use_target() {
    if ! CROSS_GCC=$(cross_gcc "$1"); then
        echo "$(basename "$0"): unknown target $1 (known: ${cross_default_targets[*]} x86_64-unknown-linux-gnu)" >&2
        exit 1
    fi
    if ! command -v "$CROSS_GCC" >/dev/null; then
        echo "$(basename "$0"): $CROSS_GCC missing; run scripts/setup-cross.sh" >&2
        exit 1
    fi
    local upper lower
    upper=$(echo "$1" | tr 'a-z-' 'A-Z_')
    lower=$(echo "$1" | tr '-' '_')
    export "CARGO_TARGET_${upper}_LINKER=$CROSS_GCC" "CC_${lower}=$CROSS_GCC"
    [ "$CROSS_GCC" = cc ] || export "AR_${lower}=${CROSS_GCC%gcc}ar"
}
