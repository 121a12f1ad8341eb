//! `mica render` and the options it shares with `mica run`: window, device config,
//! fonts, keys, what to write, and the keys a signed package is checked with.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use mica_engine::config::DeviceConfig;
use mica_engine::package::{keys, Trust};
use mica_engine::platform::Key;
use mica_engine::runtime::{Runtime, RuntimeConfig};
use mica_engine::EngineError;

use crate::Failure;

/// The keys a `.mpk` is checked with: from the flags, added to the device config's.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct TrustArgs {
    /// A trusted publisher's public key file (`signing.pub`); repeatable. Added to the
    /// device config's `packages.trusted_signers`.
    #[arg(long = "pubkey", value_name = "FILE")]
    pub pubkeys: Vec<PathBuf>,
    /// The fleet key file that unwraps package content keys (else the device config's
    /// `packages.fleet_key`).
    #[arg(long = "fleet-key", value_name = "FILE")]
    pub fleet_key: Option<PathBuf>,
}

impl TrustArgs {
    /// The device config's trust plus the keys named on the command line.
    pub fn trust(&self, device: &DeviceConfig) -> Result<Trust, Failure> {
        let mut trust = device
            .trust()
            .map_err(|e| Failure::App(EngineError::Config(e.to_string())))?;
        for p in &self.pubkeys {
            trust
                .signers
                .push(keys::load_public_key(p).map_err(|e| Failure::io(e, "reading a key"))?);
        }
        if let Some(p) = &self.fleet_key {
            trust.fleet_keys.insert(
                0,
                keys::load_fleet_key(p).map_err(|e| Failure::io(e, "reading a key"))?,
            );
        }
        Ok(trust)
    }
}

/// What `render` and `run` share: how the window is set up and what is done and written
/// after the first frame.
#[derive(clap::Args, Debug, Clone)]
pub struct ViewArgs {
    /// Page route to open (default: the first page in app.json).
    #[arg(long)]
    pub page: Option<String>,
    /// Window size, WIDTHxHEIGHT (default: the device config's display, else 1920x1080).
    #[arg(long, value_parser = parse_size)]
    pub size: Option<(u32, u32)>,
    /// Device config file (JSON; see docs/device-config.md).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Tap the centre of the first node matching this selector; repeatable, in order.
    #[arg(long = "tap", value_name = "SELECTOR")]
    pub taps: Vec<String>,
    /// Remote-control keys pressed after the first frame (and the taps), in order,
    /// waiting for the page to settle after each: `up,up,enter,back`. Names: up down
    /// left right enter back home menu 0-9 playpause fastforward rewind volumeup
    /// volumedown channelup channeldown.
    #[arg(long, value_delimiter = ',', value_parser = parse_key)]
    pub keys: Vec<Key>,
    /// Also write the document tree, errors, warnings and stats as JSON.
    #[arg(long)]
    pub dump: Option<PathBuf>,
    /// Extra font files to use before the bundled font.
    #[arg(long = "font")]
    pub fonts: Vec<PathBuf>,
    #[command(flatten)]
    pub trust: TrustArgs,
}

#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// The app: a directory holding app.json, or a signed `.mpk` package.
    pub app: PathBuf,
    /// Where to write the PNG.
    #[arg(long, short, default_value = "mica.png")]
    pub out: PathBuf,
    #[command(flatten)]
    pub view: ViewArgs,
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

/// Reads the device config named by `--config` (or the default one).
pub fn device_config(path: Option<&Path>) -> Result<DeviceConfig, Failure> {
    match path {
        Some(path) => {
            DeviceConfig::load(path).map_err(|e| Failure::App(EngineError::Config(e.to_string())))
        }
        None => Ok(DeviceConfig::default()),
    }
}

impl ViewArgs {
    /// The runtime configuration these options describe.
    pub fn runtime_config(&self, device: &DeviceConfig) -> Result<RuntimeConfig, Failure> {
        let (width, height) = self.size.unwrap_or((
            device.display.width.unwrap_or(1920),
            device.display.height.unwrap_or(1080),
        ));
        let mut fonts = device.fonts.clone();
        fonts.extend(self.fonts.iter().cloned());
        Ok(RuntimeConfig {
            width,
            height,
            fonts,
            trust: self.trust.trust(device)?,
            storage_dir: device.storage_dir.clone(),
            watchdog: device.watchdog.limits(),
            ..Default::default()
        })
    }

    /// After the first frame: the taps and keys in order, each followed by the
    /// animations it started (a swiper's slide, a smooth scroll) run to their end on the
    /// runtime's clock, so the next key and the picture see the settled state.
    pub fn interact(&self, rt: &mut Runtime) -> Result<(), Failure> {
        finish_animations(rt)?;
        for sel in &self.taps {
            rt.tap(sel)?;
            finish_animations(rt)?;
        }
        for key in &self.keys {
            rt.press(*key)?;
            finish_animations(rt)?;
        }
        // A page that fetches its data shows it once the requests are answered; a server
        // that does not answer only delays the picture, it is not an app failure.
        match rt.wait_requests(Duration::from_secs(15)) {
            Err(EngineError::LogicTimeout(t)) => {
                eprintln!("mica: requests still running after {t:?}; rendering without them");
                rt.settle()?;
            }
            other => other?,
        }
        Ok(())
    }

    /// Writes the PNG (when asked) and the dump, and reports the app's errors.
    pub fn write(&self, rt: &Runtime, out: Option<&Path>) -> Result<(), Failure> {
        if let Some(out) = out {
            let png = rt.png()?;
            std::fs::write(out, png)
                .with_context(|| format!("writing {}", out.display()))
                .map_err(Failure::Io)?;
        }
        if let Some(path) = &self.dump {
            let text =
                serde_json::to_string_pretty(&rt.dump()).map_err(|e| Failure::Io(e.into()))?;
            std::fs::write(path, text)
                .with_context(|| format!("writing {}", path.display()))
                .map_err(Failure::Io)?;
        }
        for e in rt.errors() {
            eprintln!("error: {}", e.message);
        }
        Ok(())
    }
}

/// Simulated time [`finish_animations`] gives the animations after one key or tap: an
/// app that animates forever (a looping autoplay swiper is not one: its steps are
/// scheduled, not animating) must not keep `mica render` from finishing.
const ANIMATION_BUDGET: Duration = Duration::from_secs(2);

/// One frame at 60 Hz: the step [`finish_animations`] moves the clock by.
const FRAME: Duration = Duration::from_micros(16_667);

/// Advances `rt`'s clock a frame at a time while something animates
/// ([`Runtime::next_wakeup`] is zero), for at most [`ANIMATION_BUDGET`]. Scheduled steps
/// further away (the next autoplay slide) are not waited for.
fn finish_animations(rt: &mut Runtime) -> Result<(), Failure> {
    let mut spent = Duration::ZERO;
    while spent < ANIMATION_BUDGET && rt.next_wakeup() == Some(Duration::ZERO) {
        rt.advance(FRAME)?;
        spent += FRAME;
    }
    Ok(())
}

/// `mica render`.
pub fn render(args: RenderArgs) -> Result<(), Failure> {
    let device = device_config(args.view.config.as_deref())?;
    let config = args.view.runtime_config(&device)?;
    let mut rt = Runtime::open(&args.app, config)?;
    rt.launch(args.view.page.as_deref())?;
    args.view.interact(&mut rt)?;
    args.view.write(&rt, Some(&args.out))
}
