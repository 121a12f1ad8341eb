//! Embeds the bundled font chunks (feature `bundled-font`): reads `fonts/droid/chunks.txt`
//! (written by `scripts/make-fonts.sh`) and generates a table of `include_bytes!` entries,
//! so the chunk list lives in one place.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let dir = manifest.join("../fonts/droid");
    let index = dir.join("chunks.txt");
    println!("cargo:rerun-if-changed={}", index.display());
    println!("cargo:rerun-if-changed=build.rs");
    let mut out = String::from("/// Bundled font chunks: (file name, bytes).\n");
    out.push_str("pub(crate) static CHUNK_FILES: &[(&str, &[u8])] = &[\n");
    if env::var_os("CARGO_FEATURE_BUNDLED_FONT").is_some() {
        let text = fs::read_to_string(&index)
            .unwrap_or_else(|e| panic!("{}: {e} (run scripts/make-fonts.sh)", index.display()));
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some(name) = line.split_whitespace().next() else {
                continue;
            };
            let path = dir.join(name);
            println!("cargo:rerun-if-changed={}", path.display());
            let _ = writeln!(
                out,
                "    ({name:?}, include_bytes!({:?})),",
                path.display().to_string()
            );
        }
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("bundled_fonts.rs");
    if let Err(e) = fs::write(&dest, out) {
        panic!("{}: {e}", dest.display());
    }
}
