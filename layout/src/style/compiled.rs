//! Compiled stylesheets: a [`Stylesheet`] as bytes, so a packed app loads its styles
//! without parsing CSS at start-up (`mica pack` stores every `.wxss`/`.ftss`/`.fxss` this
//! way). The encoding is [`STYLE_MAGIC`], [`STYLE_VERSION`] (little endian), then the
//! sheet in postcard.
//!
//! ```
//! use mica_layout::{ParseOptions, Stylesheet};
//!
//! let (sheet, _) = Stylesheet::parse(".a > .b { color: red; margin: 8rpx }", "app.wxss", ParseOptions::default());
//! let bytes = sheet.to_bytes();
//! assert_eq!(Stylesheet::from_bytes(&bytes).ok(), Some(sheet));
//! ```

use super::parse::Stylesheet;

/// First bytes of a compiled stylesheet.
pub const STYLE_MAGIC: &[u8; 4] = b"MSS\0";
/// Version of the compiled format; bumped whenever a style type changes shape, so a
/// package compiled by another Mica is refused with a clear message instead of misread.
///
/// 2: custom properties and `var()` declarations ([`Declaration::Custom`],
/// [`Declaration::WithVariables`]).
/// 3: `@media` conditions on rules, `::before`/`::after` selectors, `calc()` lengths, and
/// the box decoration, transform, stacking, grid and text declarations.
/// 4: the outer display type and `vertical-align` ([`Declaration::Inline`]).
///
/// [`Declaration::Custom`]: super::Declaration::Custom
/// [`Declaration::WithVariables`]: super::Declaration::WithVariables
/// [`Declaration::Inline`]: super::Declaration::Inline
pub const STYLE_VERSION: u16 = 4;

/// A compiled stylesheet that cannot be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CompiledStyleError {
    /// The bytes do not start with [`STYLE_MAGIC`].
    #[error("not a compiled Mica stylesheet")]
    NotCompiled,
    /// Compiled by a Mica with another format version.
    #[error("compiled stylesheet format {found}, this Mica reads format {STYLE_VERSION}: recompile the package")]
    Version {
        /// The version in the file.
        found: u16,
    },
    /// The body does not decode, or decodes to something the parser never produces.
    #[error("corrupt compiled stylesheet: {0}")]
    Corrupt(String),
}

impl Stylesheet {
    /// Serialises the sheet: [`STYLE_MAGIC`], [`STYLE_VERSION`] (little endian), postcard.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        out.extend_from_slice(STYLE_MAGIC);
        out.extend_from_slice(&STYLE_VERSION.to_le_bytes());
        // Serialising plain owned data into a Vec cannot fail; an empty body (reported as
        // corrupt by `from_bytes`) is the fallback rather than a panic.
        if let Ok(body) = postcard::to_allocvec(self) {
            out.extend_from_slice(&body);
        }
        out
    }

    /// Loads bytes written by [`Stylesheet::to_bytes`]. Never panics: anything else is an
    /// error, including sheets the parser could not have produced (a selector without a
    /// compound), which the cascade would otherwise trip over.
    pub fn from_bytes(bytes: &[u8]) -> Result<Stylesheet, CompiledStyleError> {
        let rest = bytes
            .strip_prefix(STYLE_MAGIC.as_slice())
            .ok_or(CompiledStyleError::NotCompiled)?;
        let (ver, body) = rest
            .split_at_checked(2)
            .ok_or(CompiledStyleError::NotCompiled)?;
        let found = u16::from_le_bytes([ver[0], ver[1]]);
        if found != STYLE_VERSION {
            return Err(CompiledStyleError::Version { found });
        }
        let (sheet, extra): (Stylesheet, _) = postcard::take_from_bytes(body)
            .map_err(|e| CompiledStyleError::Corrupt(e.to_string()))?;
        if !extra.is_empty() {
            return Err(CompiledStyleError::Corrupt(format!(
                "{} trailing bytes",
                extra.len()
            )));
        }
        for rule in &sheet.rules {
            for sel in &rule.selectors {
                if sel.compounds.is_empty() || sel.combinators.len() + 1 != sel.compounds.len() {
                    return Err(CompiledStyleError::Corrupt(format!(
                        "line {}: a selector with {} compounds and {} combinators",
                        rule.line,
                        sel.compounds.len(),
                        sel.combinators.len()
                    )));
                }
            }
        }
        Ok(sheet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::ParseOptions;

    const CSS: &str = "@import 'common.wxss';\n\
        .a, view > .b .c { display: flex; flex-direction: column; justify-content: space-between;\
         align-items: center; margin: 8rpx 2px; border: 1px solid #f00; border-radius: 50%;\
         color: rgba(1,2,3,0.5); font-size: 1.2em; line-height: 1.5; text-align: center;\
         overflow: hidden; opacity: .5; box-sizing: border-box; width: 10vw !important }\n\
        #x { position: absolute; top: 0; flex: 1 1 auto; gap: 4px; font-weight: bold;\
         --c: #f00; --w: 2px !important; border-left: var(--w, 1px) solid var(--c) }\n\
        @media screen and (min-width: 300px), (400px <= height < 50em) {\
         .m { width: calc(100% - min(2 * 10px, 5vw)); margin: clamp(1px, 10%, 2em) } }\n\
        .m::after { content: \"\\201c\" attr(data-x); position: fixed; order: -1 }\n\
        .g { display: grid; grid-template-columns: 100px repeat(2, minmax(10%, 1fr));\
         grid-template-areas: \"a a\" \"b .\"; grid-area: a; grid-column: 2 / span 2;\
         grid-auto-flow: column dense; justify-items: center }";

    #[test]
    fn a_sheet_round_trips() {
        let (sheet, warnings) = Stylesheet::parse(CSS, "app.wxss", ParseOptions::default());
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(sheet.rules.len(), 5);
        let bytes = sheet.to_bytes();
        assert_eq!(Stylesheet::from_bytes(&bytes).ok(), Some(sheet));
    }

    #[test]
    fn damaged_bytes_are_errors_not_panics() {
        let (sheet, _) = Stylesheet::parse(CSS, "app.wxss", ParseOptions::default());
        let good = sheet.to_bytes();
        assert!(matches!(
            Stylesheet::from_bytes(b".a{}"),
            Err(CompiledStyleError::NotCompiled)
        ));
        let mut other = good.clone();
        other[4] = 0xee;
        assert!(matches!(
            Stylesheet::from_bytes(&other),
            Err(CompiledStyleError::Version { .. })
        ));
        for cut in 0..good.len() {
            let _ = Stylesheet::from_bytes(&good[..cut]);
        }
        for i in 6..good.len() {
            let mut b = good.clone();
            b[i] ^= 0x5a;
            let _ = Stylesheet::from_bytes(&b);
        }
        let mut extra = good.clone();
        extra.push(0);
        assert!(matches!(
            Stylesheet::from_bytes(&extra),
            Err(CompiledStyleError::Corrupt(_))
        ));
        // A selector without compounds decodes but is refused (the cascade indexes [0]).
        let mut empty = sheet.clone();
        empty.rules[0].selectors[0].compounds.clear();
        empty.rules[0].selectors[0].combinators.clear();
        assert!(matches!(
            Stylesheet::from_bytes(&empty.to_bytes()),
            Err(CompiledStyleError::Corrupt(_))
        ));
    }
}
