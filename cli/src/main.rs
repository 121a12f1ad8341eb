//! The `mica` command: renders and runs mini-programs headless (and, as the platform
//! crates grow, on devices), and makes, checks and installs signed `.mpk` packages.
//!
//! Exit codes: 0 success, 2 a fatal error of the app (message on stderr), 1 an I/O
//! problem of the command itself, 3 a package that failed verification (`mica verify`,
//! `mica install`).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mica_engine::EngineError;

mod packaging;
mod platform;
mod run;
mod view;

#[derive(Parser, Debug)]
#[command(
    name = "mica",
    version,
    about = "Run WeChat/FinClip mini-programs natively"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Render a page headless to a PNG, optionally after taps and keys.
    Render(view::RenderArgs),
    /// Run an app (a directory, an `.mpk`, or the installed version in an update store)
    /// until its first frame, then the given keys; optionally check for updates.
    Run(run::RunArgs),
    /// Write a new publisher signing key pair and a fleet key into a directory.
    Keygen(packaging::KeygenArgs),
    /// Pack an app directory into a signed, encrypted `.mpk`.
    Pack(packaging::PackArgs),
    /// Verify an `.mpk` completely: signature, every page, keys (exit 3 when invalid).
    Verify(packaging::VerifyArgs),
    /// Show an `.mpk`'s header and manifest (nothing is authenticated; no keys needed).
    Inspect(packaging::InspectArgs),
    /// Install an `.mpk` into an update store (the A/B slots `mica run --store` uses).
    Install(run::InstallArgs),
}

/// How a command failed, and so its exit code.
#[derive(Debug)]
pub enum Failure {
    /// A fatal error of the app (exit 2).
    App(EngineError),
    /// The command's own I/O or arguments (exit 1).
    Io(anyhow::Error),
    /// A package that must not run (exit 3).
    Invalid(String),
}

impl From<EngineError> for Failure {
    fn from(e: EngineError) -> Self {
        Failure::App(e)
    }
}

impl Failure {
    /// An I/O failure with context.
    pub fn io(e: impl Into<anyhow::Error>, what: impl std::fmt::Display) -> Failure {
        Failure::Io(e.into().context(what.to_string()))
    }
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(args) => view::render(args),
        Command::Run(args) => run::run(args),
        Command::Keygen(args) => packaging::keygen(args),
        Command::Pack(args) => packaging::pack(args),
        Command::Verify(args) => packaging::verify(args),
        Command::Inspect(args) => packaging::inspect(args),
        Command::Install(args) => run::install(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::App(e)) => {
            eprintln!("mica: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Io(e)) => {
            eprintln!("mica: {e:#}");
            ExitCode::from(1)
        }
        Err(Failure::Invalid(reason)) => {
            eprintln!("mica: invalid package: {reason}");
            ExitCode::from(3)
        }
    }
}
