//! The engine's error type: what stops an app from running at all.

use std::time::Duration;

/// A fatal problem for the app or the page being opened. Problems that are not fatal
/// (a script exception, a CSS typo) are [`crate::runtime::Diagnostic`]s instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// Reading the package failed.
    #[error(transparent)]
    Package(#[from] crate::package::PackageError),
    /// A template does not compile; carries `file:line:col`.
    #[error(transparent)]
    Template(#[from] crate::template::TemplateError),
    /// A precompiled template (`.mir`) cannot be loaded.
    #[error("{file}: {source}")]
    CompiledTemplate {
        /// The `.mir` file.
        file: String,
        /// Why.
        source: crate::template::ir::IrError,
    },
    /// A precompiled stylesheet (`.mss`) cannot be loaded.
    #[error("{file}: {source}")]
    CompiledStyle {
        /// The `.mss` file.
        file: String,
        /// Why.
        source: mica_layout::style::CompiledStyleError,
    },
    /// The logic thread could not start.
    #[error(transparent)]
    Script(#[from] crate::script::ScriptError),
    /// Encoding or painting failed.
    #[error(transparent)]
    Render(#[from] mica_renderer::RenderError),
    /// The platform failed.
    #[error(transparent)]
    Platform(#[from] crate::platform::PlatformError),
    /// The runtime configuration is unusable.
    #[error("configuration: {0}")]
    Config(String),
    /// The route is not in `app.json`'s `pages`.
    #[error("no page `{0}` in app.json")]
    NoSuchPage(String),
    /// No page is open.
    #[error("no page is open")]
    NoPage,
    /// A selector matched nothing.
    #[error("no node matches `{0}`")]
    NoMatch(String),
    /// The logic thread did not finish its work in time.
    #[error("the logic thread did not become idle within {0:?}")]
    LogicTimeout(Duration),
    /// The logic thread ended.
    #[error("the logic thread stopped")]
    LogicGone,
}
