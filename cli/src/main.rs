//! The `mica` command: renders mini-programs headless (and, as the platform crates grow,
//! runs them on devices).
//!
//! Exit codes: 0 success, 2 a fatal error of the app (message on stderr), 1 an I/O
//! problem of the command itself.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use mica_engine::config::DeviceConfig;
use mica_engine::platform::Key;
use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::EngineError;

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
    /// Render a page headless to a PNG, optionally after taps.
    Render(RenderArgs),
}

#[derive(clap::Args, Debug)]
struct RenderArgs {
    /// The app directory (holding app.json).
    app: PathBuf,
    /// Page route to open (default: the first page in app.json).
    #[arg(long)]
    page: Option<String>,
    /// Window size, WIDTHxHEIGHT (default: the device config's display, else 1920x1080).
    #[arg(long, value_parser = parse_size)]
    size: Option<(u32, u32)>,
    /// Device config file (JSON; see docs/device-config.md).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Tap the centre of the first node matching this selector; repeatable, in order.
    #[arg(long = "tap", value_name = "SELECTOR")]
    taps: Vec<String>,
    /// Remote-control keys pressed after the first frame (and the taps), in order,
    /// waiting for the page to settle after each: `up,up,enter,back`. Names: up down
    /// left right enter back home menu 0-9 playpause fastforward rewind volumeup
    /// volumedown channelup channeldown.
    #[arg(long, value_delimiter = ',', value_parser = parse_key)]
    keys: Vec<Key>,
    /// Where to write the PNG.
    #[arg(long, short, default_value = "mica.png")]
    out: PathBuf,
    /// Also write the document tree, errors, warnings and stats as JSON.
    #[arg(long)]
    dump: Option<PathBuf>,
    /// Extra font files to use before the bundled font.
    #[arg(long = "font")]
    fonts: Vec<PathBuf>,
}

fn parse_key(s: &str) -> Result<Key, String> {
    Key::from_name(s).ok_or_else(|| format!("unknown key `{s}`"))
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or("expected WIDTHxHEIGHT, e.g. 1920x1080")?;
    let w: u32 = w.trim().parse().map_err(|_| format!("bad width `{w}`"))?;
    let h: u32 = h.trim().parse().map_err(|_| format!("bad height `{h}`"))?;
    if w == 0 || h == 0 || w > 16384 || h > 16384 {
        return Err(format!("size {w}x{h} is out of range (1..=16384)"));
    }
    Ok((w, h))
}

/// A failure of the app (exit 2) or of the command's own I/O (exit 1).
enum Failure {
    App(EngineError),
    Io(anyhow::Error),
}

impl From<EngineError> for Failure {
    fn from(e: EngineError) -> Self {
        Failure::App(e)
    }
}

fn render(args: RenderArgs) -> Result<(), Failure> {
    let device = match &args.config {
        Some(path) => DeviceConfig::load(path)
            .map_err(|e| Failure::App(EngineError::Config(e.to_string())))?,
        None => DeviceConfig::default(),
    };
    let (width, height) = args.size.unwrap_or((
        device.display.width.unwrap_or(1920),
        device.display.height.unwrap_or(1080),
    ));
    let mut fonts = device.fonts;
    fonts.extend(args.fonts);
    let config = RuntimeConfig {
        width,
        height,
        fonts,
        ..Default::default()
    };
    let mut rt = Runtime::open(&args.app, config)?;
    rt.launch(args.page.as_deref())?;
    for sel in &args.taps {
        rt.tap(sel)?;
    }
    for key in &args.keys {
        rt.press(*key)?;
    }
    let png = rt.png()?;
    std::fs::write(&args.out, png)
        .with_context(|| format!("writing {}", args.out.display()))
        .map_err(Failure::Io)?;
    if let Some(path) = &args.dump {
        let text = serde_json::to_string_pretty(&rt.dump()).map_err(|e| Failure::Io(e.into()))?;
        std::fs::write(path, text)
            .with_context(|| format!("writing {}", path.display()))
            .map_err(Failure::Io)?;
    }
    for e in rt.errors() {
        eprintln!("error: {}", e.message);
    }
    Ok(())
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(args) => render(args),
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
    }
}
