//! `mica run` and `mica install`: running an app the way a device does — from a
//! directory, an `.mpk`, or an update store's A/B slots with rollback — and installing
//! packages into that store.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use mica_engine::package::{mpk, Package, Trust};
use mica_engine::runtime::Runtime;
use mica_engine::EngineError;
use mica_update::{
    DeviceInfo, Outcome, PackageInfo, Store, UpdateError, Updater, Verifier, Version,
};

use crate::platform::{self, PlatformChoice};
use crate::view::{device_config, TrustArgs, ViewArgs};
use crate::Failure;

#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// The app: a directory or an `.mpk` (omit with --store: the store says what runs).
    pub app: Option<PathBuf>,
    /// Run the version installed in this update store (A/B slots): a new version is on
    /// trial until it shows its first frame, and is rolled back after two failed starts.
    #[arg(long, value_name = "DIR", requires = "appid")]
    pub store: Option<PathBuf>,
    /// The app's id in the store.
    #[arg(long)]
    pub appid: Option<String>,
    /// The firmware's built-in package: what runs when the store has nothing usable.
    #[arg(long, value_name = "FILE.mpk", requires = "store")]
    pub bundled: Option<PathBuf>,
    /// After the first frame, check this release index (`releases.json`) and install an
    /// update for the next start.
    #[arg(long, value_name = "URL", requires = "store")]
    pub index: Option<String>,
    /// This device's id for gray-release rules (default: `headless`).
    #[arg(long = "device-id", default_value = "headless")]
    pub device_id: String,
    /// A device attribute for gray-release rules, NAME=VALUE (VALUE as JSON when it
    /// parses: `fw=5`, `beta=true`; else a string); repeatable.
    #[arg(long = "attr", value_name = "NAME=VALUE")]
    pub attrs: Vec<String>,
    /// Write the frame to this PNG (with a device platform: the last frame, on exit).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Where the app is shown: `headless` renders once and exits; `fb` and `wayland`
    /// run until the platform asks to quit (SIGTERM, window closed) or the app leaves.
    #[arg(long, value_enum, default_value_t)]
    pub platform: PlatformChoice,
    /// With a device platform and --index: seconds between update checks.
    #[arg(long, value_name = "SECS", default_value_t = 6 * 3600)]
    pub update_interval: u64,
    #[command(flatten)]
    pub view: ViewArgs,
}

#[derive(clap::Args, Debug)]
pub struct InstallArgs {
    /// The package.
    pub package: PathBuf,
    /// The update store directory.
    #[arg(long, value_name = "DIR")]
    pub store: PathBuf,
    /// Install even when the package is not newer than the installed version.
    #[arg(long)]
    pub force: bool,
    /// Device config whose `packages` section adds trusted keys.
    #[arg(long)]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub trust: TrustArgs,
}

/// The update client's view of a package: the full `.mpk` check (signature, every page,
/// keys) with this device's trust.
fn verifier(trust: Trust) -> impl Verifier + 'static {
    move |path: &Path| -> Result<PackageInfo, String> {
        let m = mpk::verify(path, &trust).map_err(|e| e.to_string())?;
        let version = m.version.parse::<Version>().map_err(|e| e.to_string())?;
        Ok(PackageInfo {
            appid: m.appid,
            version,
        })
    }
}

fn update_failure(e: UpdateError) -> Failure {
    match e {
        UpdateError::Io { .. } | UpdateError::Spawn(_) => Failure::io(e, "update store"),
        UpdateError::Verification { .. }
        | UpdateError::AppidMismatch { .. }
        | UpdateError::NotNewer { .. } => Failure::Invalid(e.to_string()),
        other => Failure::App(EngineError::Config(other.to_string())),
    }
}

fn device_info(args: &RunArgs) -> Result<DeviceInfo, Failure> {
    let mut device = DeviceInfo::new(args.device_id.clone());
    for a in &args.attrs {
        let (name, value) = a
            .split_once('=')
            .ok_or_else(|| Failure::Io(anyhow::anyhow!("--attr {a}: expected NAME=VALUE")))?;
        let value = serde_json::from_str::<serde_json::Value>(value)
            .unwrap_or_else(|_| serde_json::Value::String(value.to_string()));
        device = device.attr(name, value);
    }
    Ok(device)
}

/// `mica run`.
pub fn run(args: RunArgs) -> Result<(), Failure> {
    let device = device_config(args.view.config.as_deref())?;
    let config = args.view.runtime_config(&device)?;
    let trust = config.trust.clone();
    let (path, store) = match (&args.store, &args.app) {
        (Some(dir), None) => {
            let appid = args.appid.as_deref().unwrap_or_default();
            let store = match &args.bundled {
                Some(b) => Store::open_with_bundled(dir, appid, b),
                None => Store::open(dir, appid),
            }
            .map_err(update_failure)?;
            let launch = store
                .begin_launch(&verifier(trust.clone()))
                .map_err(update_failure)?;
            eprintln!(
                "mica: running {appid} {} ({:?})",
                launch.version, launch.source
            );
            (launch.path, Some(store))
        }
        (None, Some(app)) => (app.clone(), None),
        _ => {
            return Err(Failure::Io(anyhow::anyhow!(
                "give either an app (directory or .mpk) or --store with --appid"
            )))
        }
    };
    let live = platform::open(args.platform, &device)?;
    let device_loop = live.is_some();
    let mut rt = match live {
        None => Runtime::open(&path, config)?,
        Some(p) => {
            let package = Package::open_with(&path, &config.trust).map_err(EngineError::from)?;
            Runtime::with_platform(package, config, p)?
        }
    };
    // A failure here leaves the launch counted: a version on trial that fails twice is
    // rolled back by the next start.
    rt.launch(args.view.page.as_deref())?;
    if let Some(store) = &store {
        store.mark_started().map_err(update_failure)?;
    }
    args.view.interact(&mut rt)?;
    if device_loop {
        // Updates are checked in the background while the app runs; one found is
        // installed for the next start.
        let _updates = match (&args.index, store) {
            (Some(index), Some(store)) => Some(
                updater(index, store, &args, trust)?
                    .spawn_periodic(std::time::Duration::from_secs(args.update_interval.max(60)))
                    .map_err(update_failure)?,
            ),
            _ => None,
        };
        rt.run()?;
        return args.view.write(&rt, args.out.as_deref());
    }
    args.view.write(&rt, args.out.as_deref())?;
    if let (Some(index), Some(store)) = (&args.index, store) {
        match updater(index, store, &args, trust)?.check_once() {
            Ok(outcome) => println!("update: {}", describe(&outcome)),
            // The app ran; a failed check only means no update this time.
            Err(e) => eprintln!("mica: update check failed: {e}"),
        }
    }
    Ok(())
}

/// The updater for the app in `store`, checking `index`.
fn updater(index: &str, store: Store, args: &RunArgs, trust: Trust) -> Result<Updater, Failure> {
    let runtime: Version = mpk::RUNTIME_VERSION
        .parse()
        .map_err(|e: mica_update::VersionError| Failure::io(e, "runtime version"))?;
    Updater::new(
        index.to_string(),
        store,
        device_info(args)?,
        Arc::new(verifier(trust)),
        runtime,
    )
    .map_err(update_failure)
}

/// One line for the outcome of an update check.
fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::UpToDate => "up to date".into(),
        Outcome::Installed(v) => format!("installed {v}; it runs from the next start"),
        Outcome::Offline(why) => format!("offline ({why}); the installed version runs"),
        Outcome::Interrupted {
            version,
            downloaded,
            size,
            reason,
        } => format!("download of {version} interrupted at {downloaded}/{size} bytes ({reason}); it resumes next time"),
        Outcome::AwaitingStart(v) => format!("{v} has not started cleanly yet; no update over it"),
        other => format!("{other:?}"),
    }
}

/// `mica install`.
pub fn install(args: InstallArgs) -> Result<(), Failure> {
    let device = device_config(args.config.as_deref())?;
    let trust = args.trust.trust(&device)?;
    let manifest = mpk::verify(&args.package, &trust)
        .map_err(|e| Failure::Invalid(format!("{}: {e}", args.package.display())))?;
    let store = Store::open(&args.store, &manifest.appid).map_err(update_failure)?;
    let version = store
        .install_file(&args.package, &verifier(trust), args.force)
        .map_err(update_failure)?;
    println!("installed {} {version}", manifest.appid);
    Ok(())
}
