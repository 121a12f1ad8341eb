//! `mica keygen`, `mica pack`, `mica verify` and `mica inspect`: making and checking
//! signed, encrypted `.mpk` packages (docs/package-format.md).

use std::path::PathBuf;

use mica_engine::package::{keys, mpk, pack, Permissions};
use serde_json::json;

use crate::view::{device_config, TrustArgs};
use crate::Failure;

#[derive(clap::Args, Debug)]
pub struct KeygenArgs {
    /// Directory to write `signing.key`, `signing.pub` and `fleet.key` into (created if
    /// needed; existing keys are never overwritten).
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct PackArgs {
    /// The app directory (holding app.json).
    pub app: PathBuf,
    /// Where to write the package.
    #[arg(long, short)]
    pub output: PathBuf,
    /// The publisher's signing key (`signing.key` from `mica keygen`).
    #[arg(long, value_name = "FILE")]
    pub sign: PathBuf,
    /// The fleet key the content key is wrapped with (`fleet.key`).
    #[arg(long = "fleet-key", value_name = "FILE")]
    pub fleet_key: PathBuf,
    /// The appid (default: project.config.json's `appid`, else the directory name).
    #[arg(long)]
    pub appid: Option<String>,
    /// The package version, MAJOR.MINOR.PATCH (default 1.0.0).
    #[arg(long = "app-version", value_name = "VERSION")]
    pub app_version: Option<String>,
    /// Oldest Mica that may run it (default: this Mica's version).
    #[arg(long = "min-runtime", value_name = "VERSION")]
    pub min_runtime: Option<String>,
    /// Bytes per encrypted page (1024..=1048576; default 16384).
    #[arg(long = "page-size")]
    pub page_size: Option<u32>,
    /// A host API the app may call; repeatable. Giving any of --host-api,
    /// --request-domain or --privacy-scope replaces the default permissions.
    #[arg(long = "host-api", value_name = "NAME")]
    pub host_apis: Vec<String>,
    /// A host `wx.request` may reach (exact match); repeatable.
    #[arg(long = "request-domain", value_name = "HOST")]
    pub request_domains: Vec<String>,
    /// A privacy scope that needs consent (default: app.json's `permission` keys and
    /// `requiredPrivateInfos`); repeatable.
    #[arg(long = "privacy-scope", value_name = "SCOPE")]
    pub privacy_scopes: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// The package.
    pub package: PathBuf,
    /// Device config whose `packages` section adds trusted keys.
    #[arg(long)]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub trust: TrustArgs,
}

#[derive(clap::Args, Debug)]
pub struct InspectArgs {
    /// The package.
    pub package: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

fn key_failure(e: keys::KeyError) -> Failure {
    Failure::io(e, "key file")
}

/// `mica keygen`.
pub fn keygen(args: KeygenArgs) -> Result<(), Failure> {
    let files = keys::generate(&args.out).map_err(key_failure)?;
    println!("signing key: {}", files.signing_key.display());
    println!(
        "public key:  {} (id {})",
        files.public_key.display(),
        keys::to_hex(&keys::key_id(&files.public))
    );
    println!("fleet key:   {}", files.fleet_key.display());
    Ok(())
}

/// `mica pack`.
pub fn pack(args: PackArgs) -> Result<(), Failure> {
    let signing_key = keys::load_signing_key(&args.sign).map_err(key_failure)?;
    let fleet_key = keys::load_fleet_key(&args.fleet_key).map_err(key_failure)?;
    let mut options = pack::PackOptions::new(signing_key, fleet_key);
    options.appid = args.appid;
    options.version = args.app_version;
    options.min_runtime = args.min_runtime;
    options.page_size = args.page_size;
    if !(args.host_apis.is_empty()
        && args.request_domains.is_empty()
        && args.privacy_scopes.is_empty())
    {
        options.permissions = Some(Permissions {
            host_apis: args.host_apis,
            request_domains: args.request_domains,
            privacy_scopes: args.privacy_scopes,
        });
    }
    let (bytes, warnings) = pack::pack_dir(&args.app, &options).map_err(|e| match e {
        pack::PackError::Io { .. } | pack::PackError::Key(_) => Failure::io(e, "packing"),
        other => Failure::App(mica_engine::EngineError::Config(other.to_string())),
    })?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    write_atomically(&args.output, &bytes)?;
    let shown = mpk::inspect_bytes(&bytes).map_err(|e| Failure::io(e, "reading back"))?;
    println!(
        "{}: {} {} ({} files, {} bytes)",
        args.output.display(),
        shown.manifest.appid,
        shown.manifest.version,
        shown.manifest.files.len(),
        bytes.len()
    );
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so a
/// reader never sees half a package.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes)
        .map_err(|e| Failure::io(e, format!("writing {}", tmp.display())))?;
    std::fs::rename(&tmp, path).map_err(|e| Failure::io(e, format!("writing {}", path.display())))
}

/// `mica verify`: exit 0 when valid, 3 with the reason when not.
pub fn verify(args: VerifyArgs) -> Result<(), Failure> {
    let device = device_config(args.config.as_deref())?;
    let trust = args.trust.trust(&device)?;
    match mpk::verify(&args.package, &trust) {
        Ok(m) => {
            let pages: usize = m.files.iter().map(|f| f.tags.len()).sum();
            println!(
                "valid: {} {} ({} files, {} pages checked)",
                m.appid,
                m.version,
                m.files.len(),
                pages
            );
            Ok(())
        }
        Err(e) => Err(Failure::Invalid(format!("{}: {e}", args.package.display()))),
    }
}

/// `mica inspect`.
pub fn inspect(args: InspectArgs) -> Result<(), Failure> {
    let bytes = std::fs::read(&args.package)
        .map_err(|e| Failure::io(e, format!("reading {}", args.package.display())))?;
    let shown = mpk::inspect_bytes(&bytes)
        .map_err(|e| Failure::Invalid(format!("{}: {e}", args.package.display())))?;
    let m = &shown.manifest;
    let files: Vec<_> = m
        .files
        .iter()
        .map(|f| {
            json!({
                "path": f.path,
                "size": f.size,
                "kind": format!("{:?}", f.kind),
                "pages": f.tags.len(),
            })
        })
        .collect();
    let value = json!({
        "format_version": shown.header.format_version,
        "signer_id": keys::to_hex(&shown.header.signer_id),
        "fleet_key_id": keys::to_hex(&shown.header.fleet_key_id),
        "appid": m.appid,
        "version": m.version,
        "min_runtime": m.min_runtime,
        "page_size": m.page_size,
        "data_bytes": shown.header.data_len,
        "data_sha256": keys::to_hex(&m.data_sha256),
        "permissions": {
            "host_apis": m.permissions.host_apis,
            "request_domains": m.permissions.request_domains,
            "privacy_scopes": m.permissions.privacy_scopes,
        },
        "files": files,
    });
    if args.json {
        let text = serde_json::to_string_pretty(&value).map_err(|e| Failure::Io(e.into()))?;
        println!("{text}");
        return Ok(());
    }
    println!(
        "package   {} (not verified: inspect uses no keys)",
        args.package.display()
    );
    println!("appid     {}", m.appid);
    println!(
        "version   {} (needs Mica {} or newer)",
        m.version, m.min_runtime
    );
    println!(
        "format    {} ({} byte pages)",
        shown.header.format_version, m.page_size
    );
    println!("signer    {}", keys::to_hex(&shown.header.signer_id));
    println!("fleet key {}", keys::to_hex(&shown.header.fleet_key_id));
    let list = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.join(", ")
        }
    };
    println!("host APIs {}", list(&m.permissions.host_apis));
    println!("domains   {}", list(&m.permissions.request_domains));
    println!("privacy   {}", list(&m.permissions.privacy_scopes));
    println!("files     {}", m.files.len());
    for f in &m.files {
        println!(
            "  {:>9}  {:<16} {}",
            f.size,
            format!("{:?}", f.kind),
            f.path
        );
    }
    Ok(())
}
