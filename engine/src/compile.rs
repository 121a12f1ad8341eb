//! Page templates as the runtime loads them: from source in a directory app (development
//! mode), or from the compiled IR a packed app carries, so a device does not parse XML at
//! start-up. Both go through the same compiler; [`precompile_pages`] is what a packer
//! stores.
//!
//! ```no_run
//! # fn main() -> Result<(), mica_engine::EngineError> {
//! use mica_engine::{compile, package::Package};
//! let pkg = Package::open("apps/hello")?;
//! for (path, bytes) in compile::precompile_pages(&pkg)? {
//!     std::fs::write(format!("out/{path}"), bytes).ok();
//! }
//! # Ok(()) }
//! ```

use crate::package::{Package, COMPILED_TEMPLATE_EXT};
use crate::template::{self, Compiled, Template};
use crate::EngineError;

/// The template of page `route`: compiled from its `.fxml`/`.wxml` when the package has
/// the source, else loaded from `<route>.mir`. Returns the template path used (for
/// messages and relative paths) with the result.
pub fn load_page_template(pkg: &Package, route: &str) -> Result<(String, Compiled), EngineError> {
    match pkg.page_template_path(route) {
        Ok(path) => compile_source(pkg, path),
        Err(not_found) => {
            let Some(path) = pkg.page_compiled_path(route) else {
                return Err(not_found.into());
            };
            let bytes = pkg.read(&path)?;
            let template =
                Template::from_bytes(&bytes).map_err(|source| EngineError::CompiledTemplate {
                    file: path.clone(),
                    source,
                })?;
            // Relative paths (images, imports) resolve against the original template file.
            let file = template.file.clone();
            Ok((
                file,
                Compiled {
                    template,
                    warnings: Vec::new(),
                },
            ))
        }
    }
}

/// Compiles every page of the app: `(path of the .mir file, its bytes)` for each page in
/// `app.json`, in order. Fails on the first template that does not compile.
pub fn precompile_pages(pkg: &Package) -> Result<Vec<(String, Vec<u8>)>, EngineError> {
    let app = pkg.app_config()?;
    let mut out = Vec::with_capacity(app.pages.len());
    for route in &app.pages {
        let (_, compiled) = compile_source(pkg, pkg.page_template_path(route)?)?;
        out.push((
            format!("{route}.{COMPILED_TEMPLATE_EXT}"),
            compiled.template.to_bytes(),
        ));
    }
    Ok(out)
}

/// Compiles the template source at `path`, reading what it imports through `pkg`.
fn compile_source(pkg: &Package, path: String) -> Result<(String, Compiled), EngineError> {
    let source = pkg.read_to_string(&path)?;
    let compiled = template::compile_with(&path, &source, pkg)?;
    Ok((path, compiled))
}
