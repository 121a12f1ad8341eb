//! What the logic thread needs for the privacy-scope APIs (`wx.authorize`,
//! `wx.getSetting`, `wx.openSetting`; see [`crate::script::PrivacyOptions`]): which
//! scopes the app may ask for, why it asks (`app.json`'s `permission.<scope>.desc`,
//! shown in the consent dialog), the app's name, and where the answers are kept.

use serde_json::Value;

use super::RuntimeConfig;
use crate::package::Package;
use crate::script::PrivacyOptions;

/// The privacy options of `package`: a signed package may ask for the
/// `privacy_scopes` of its manifest, a source directory (development) for any scope;
/// the answers go to `privacy.json` beside the app's `storage.json` when the runtime
/// has a storage directory.
pub(super) fn privacy_options(package: &Package, config: &RuntimeConfig) -> PrivacyOptions {
    let app = package.read_json("app.json").ok();
    let descriptions = app
        .as_ref()
        .and_then(|a| a.get("permission"))
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .filter_map(|(scope, v)| {
                    let desc = v.get("desc")?.as_str()?.trim();
                    (!desc.is_empty()).then(|| (scope.clone(), desc.to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    PrivacyOptions {
        declared: package
            .manifest()
            .map(|m| m.permissions.privacy_scopes.clone()),
        path: super::storage_path(package, config).map(|p| p.with_file_name("privacy.json")),
        app_name: app_name(package, app.as_ref()),
        descriptions,
    }
}

/// The name the user knows the app by: `project.config.json`'s `projectname`, else
/// the first page's navigation bar title, else the package's name (its directory or
/// appid).
fn app_name(package: &Package, app: Option<&Value>) -> String {
    let project = package.read_json("project.config.json").ok().and_then(|p| {
        p.get("projectname")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    let title = app
        .and_then(|a| a.get("window"))
        .and_then(|w| w.get("navigationBarTitleText"))
        .and_then(Value::as_str)
        .map(str::to_string);
    project
        .into_iter()
        .chain(title)
        .map(|n| {
            n.trim()
                .chars()
                .filter(|c| !c.is_control())
                .collect::<String>()
        })
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| package.name().to_string())
}
