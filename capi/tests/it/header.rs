//! `include/mica.h` is generated from the source by cbindgen and committed, so C hosts
//! need no Rust tooling; this test keeps it in step.

use std::path::Path;

/// The header cbindgen makes from `src/` with `cbindgen.toml`.
fn generate() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = match cbindgen::Config::from_file(dir.join("cbindgen.toml")) {
        Ok(c) => c,
        Err(e) => panic!("capi/cbindgen.toml: {e}"),
    };
    let bindings = match cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"))
        .generate()
    {
        Ok(b) => b,
        Err(e) => panic!("cbindgen failed on capi/src: {e}"),
    };
    let mut out = Vec::new();
    bindings.write(&mut out);
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => panic!("cbindgen wrote bytes that are not UTF-8: {e}"),
    }
}

#[test]
fn header_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/mica.h");
    let generated = generate();
    if std::env::var_os("MICA_BLESS").is_some() {
        if let Err(e) = std::fs::write(&path, &generated) {
            panic!("writing {}: {e}", path.display());
        }
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let first = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "capi/include/mica.h is stale: it differs from what capi/src generates, first at \
             line {} (committed: {:?}, generated: {:?}).\n\
             Regenerate it with `MICA_BLESS=1 cargo test -p mica-capi --test it header` and \
             commit it with the change to the C API.",
            first + 1,
            committed.lines().nth(first).unwrap_or("<end of file>"),
            generated.lines().nth(first).unwrap_or("<end of file>"),
        );
    }
}
