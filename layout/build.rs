//! Embeds the bundled font chunks (feature `bundled-font`): reads `fonts/droid/chunks.txt`
//! and the `<chunk>.runs` files (written by `scripts/make-fonts.sh`) and generates
//!
//! - `CHUNKS`: `(file name, weight, bytes)` per chunk, `include_bytes!`'d;
//! - `REGULAR_RUNS` / `BOLD_RUNS`: sorted, disjoint `(first, last, chunk)` code point runs
//!   for the chunks of weight < 600 / ≥ 600, so finding a character's chunk is a binary
//!   search over a static table with nothing to build at startup.
//!
//! A code point held by several chunks of one weight class goes to the first one listed
//! (the Latin chunk before the symbol chunk, as `chunks.txt` says).

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let dir = manifest.join("../fonts/droid");
    println!("cargo:rerun-if-changed=build.rs");
    let chunks = if env::var_os("CARGO_FEATURE_BUNDLED_FONT").is_some() {
        read_chunks(&dir)
    } else {
        Vec::new()
    };

    let mut out = String::from(
        "/// Bundled font chunks: (file name, weight, bytes); a chunk's index is its FaceId.\n\
         pub(crate) static CHUNKS: &[(&str, u16, &[u8])] = &[\n",
    );
    for c in &chunks {
        let _ = writeln!(
            out,
            "    ({:?}, {}, include_bytes!({:?})),",
            c.name,
            c.weight,
            c.path.display().to_string()
        );
    }
    out.push_str("];\n");
    for (table, bold) in [("REGULAR_RUNS", false), ("BOLD_RUNS", true)] {
        let runs = merged_runs(&chunks, bold);
        let _ = writeln!(
            out,
            "/// Sorted, disjoint (first, last, chunk) code point runs ({} entries).\n\
             pub(crate) static {table}: &[(u32, u32, u16)] = &[",
            runs.len()
        );
        for (first, last, chunk) in runs {
            let _ = writeln!(out, "    (0x{first:X}, 0x{last:X}, {chunk}),");
        }
        out.push_str("];\n");
    }
    let dest =
        PathBuf::from(env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("bundled_fonts.rs");
    if let Err(e) = fs::write(&dest, out) {
        panic!("{}: {e}", dest.display());
    }
}

struct Chunk {
    name: String,
    weight: u16,
    path: PathBuf,
    /// Inclusive code point runs.
    runs: Vec<(u32, u32)>,
}

fn read(path: &Path) -> String {
    println!("cargo:rerun-if-changed={}", path.display());
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/make-fonts.sh)", path.display()))
}

/// Parses `chunks.txt` (`file weight count` per line) and each chunk's `.runs` file.
fn read_chunks(dir: &Path) -> Vec<Chunk> {
    let index = dir.join("chunks.txt");
    let mut chunks = Vec::new();
    for (n, line) in read(&index).lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |what: &str| -> ! { panic!("{}:{}: {what}: `{line}`", index.display(), n + 1) };
        let mut parts = line.split_whitespace();
        let (Some(name), Some(weight)) = (parts.next(), parts.next()) else {
            bad("expected `file weight count`")
        };
        let weight: u16 = weight.parse().unwrap_or_else(|_| bad("bad weight"));
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let runs_path = path.with_extension("runs");
        let runs_text = read(&runs_path);
        let runs = runs_text
            .split_whitespace()
            .map(|run| {
                let (a, b) = run.split_once('-').unwrap_or((run, run));
                match (u32::from_str_radix(a, 16), u32::from_str_radix(b, 16)) {
                    (Ok(a), Ok(b)) if a <= b => (a, b),
                    _ => panic!("{}: bad run `{run}`", runs_path.display()),
                }
            })
            .collect();
        chunks.push(Chunk {
            name: name.to_string(),
            weight,
            path,
            runs,
        });
    }
    assert!(chunks.len() < usize::from(u16::MAX), "too many font chunks");
    chunks
}

/// The runs of one weight class, first chunk listed winning, merged into maximal runs.
fn merged_runs(chunks: &[Chunk], bold: bool) -> Vec<(u32, u32, usize)> {
    let mut owner: BTreeMap<u32, usize> = BTreeMap::new();
    for (i, c) in chunks.iter().enumerate() {
        if (c.weight >= 600) != bold {
            continue;
        }
        for &(a, b) in &c.runs {
            for cp in a..=b {
                owner.entry(cp).or_insert(i);
            }
        }
    }
    let mut runs: Vec<(u32, u32, usize)> = Vec::new();
    for (cp, i) in owner {
        match runs.last_mut() {
            Some((_, last, chunk)) if *last + 1 == cp && *chunk == i => *last = cp,
            _ => runs.push((cp, cp, i)),
        }
    }
    runs
}
