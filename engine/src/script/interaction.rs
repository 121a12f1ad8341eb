//! The interaction APIs Mica draws on the view side: `wx.showToast`, `wx.hideToast`,
//! `wx.showLoading`, `wx.hideLoading`, `wx.showModal` and `wx.showActionSheet` (also
//! `ft.*`).
//!
//! `interaction.js` checks the options as WeChat does (the `parameter error` fails), fills
//! in WeChat's defaults and calls [`native_interaction`] with a plain object, which is
//! turned into an [`Interaction`] and sent as [`ToView::Interaction`]. Toasts answer at
//! once (WeChat's `success` means "shown"); a modal or an action sheet answers when the
//! user acted: the view sends [`ToLogic::InteractionDone`](super::ToLogic) with the
//! request id, handled by [`done`], which settles the call through the prelude's
//! `interactionDone`.

use boa_engine::{js_string, Context, JsArgs, JsNativeError, JsResult, JsValue};
use serde::Deserialize;
use serde_json::Value;

use super::thread::{host, json_to_js, report, send};
use super::ToView;

/// The icon of a toast (`icon`; `image`, when given, is drawn instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ToastIcon {
    /// A check mark (WeChat's default).
    Success,
    /// A cross (base library 2.14.1).
    Error,
    /// The loading spinner (also `wx.showLoading`'s).
    Loading,
    /// No icon: the title may take two lines.
    None,
}

/// `wx.showToast` / `wx.showLoading`: a toast replaces the one on screen (the two APIs
/// share one slot, as in WeChat).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Toast {
    /// The text.
    pub title: String,
    /// The icon.
    pub icon: ToastIcon,
    /// A package image drawn instead of the icon (`image`).
    pub image: Option<String>,
    /// How long it stays, in ms on the view's clock; `None` (`wx.showLoading`) until it
    /// is hidden.
    pub duration_ms: Option<u64>,
    /// A transparent mask over the page swallows taps and keys while it shows.
    pub mask: bool,
    /// Shown by `wx.showLoading` (a loading is what `hideLoading({noConflict: true})`
    /// hides).
    pub loading: bool,
}

/// `wx.showModal`, with WeChat's defaults filled in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Modal {
    /// `title` (may be empty).
    pub title: String,
    /// `content` (may be empty).
    pub content: String,
    /// `showCancel`.
    pub show_cancel: bool,
    /// `cancelText` (`取消`).
    pub cancel_text: String,
    /// `cancelColor` (`#000000`).
    pub cancel_color: String,
    /// `confirmText` (`确定`).
    pub confirm_text: String,
    /// `confirmColor` (`#576B95`).
    pub confirm_color: String,
    /// `editable`: a text field (holding `content`) instead of the content text.
    #[serde(default)]
    pub editable: bool,
    /// `placeholderText`: the field's placeholder.
    #[serde(default)]
    pub placeholder_text: String,
}

/// `wx.showActionSheet`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionSheet {
    /// The buttons, top to bottom (1 to 6).
    pub item_list: Vec<String>,
    /// `itemColor` (`#000000`).
    pub item_color: String,
    /// `alertText`: a line over the buttons.
    pub alert_text: Option<String>,
}

/// Which toast `wx.hideToast` / `wx.hideLoading` closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HideToast {
    /// Whatever is shown (WeChat's default: the two APIs are mixed).
    Any,
    /// Only a toast (`hideToast({noConflict: true})`).
    Toast,
    /// Only a loading (`hideLoading({noConflict: true})`).
    Loading,
}

/// What the app asked the view to show or hide ([`ToView::Interaction`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Interaction {
    /// Show a toast or a loading, replacing the one on screen.
    ShowToast(Toast),
    /// Hide the toast or loading.
    HideToast(HideToast),
    /// Show a modal; answer `request_id` when the user closes it.
    ShowModal {
        /// Echoed in `ToLogic::InteractionDone`.
        request_id: u64,
        /// What to show.
        modal: Modal,
    },
    /// Show an action sheet; answer `request_id` when the user picks or cancels.
    ShowActionSheet {
        /// Echoed in `ToLogic::InteractionDone`.
        request_id: u64,
        /// What to show.
        sheet: ActionSheet,
    },
}

/// `native.interaction(kind, options, requestId)`: `options` is the plain object the
/// prelude built (checked, defaults filled in).
pub(super) fn native_interaction(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let kind = args
        .get_or_undefined(0)
        .to_string(ctx)?
        .to_std_string_escaped();
    let options = super::page::to_json(ctx, args.get_or_undefined(1))?.unwrap_or(Value::Null);
    let request_id = args.get_or_undefined(2).to_length(ctx)?;
    let request = parse(&kind, options, request_id)
        .map_err(|e| JsNativeError::typ().with_message(format!("interaction {kind}: {e}")))?;
    send(ctx, ToView::Interaction { request });
    Ok(JsValue::undefined())
}

/// The request for `kind` with the prelude's `options`.
fn parse(kind: &str, options: Value, request_id: u64) -> Result<Interaction, String> {
    let err = |e: serde_json::Error| e.to_string();
    Ok(match kind {
        "showToast" => Interaction::ShowToast(serde_json::from_value(options).map_err(err)?),
        "hideToast" => Interaction::HideToast(match options.get("only").and_then(Value::as_str) {
            Some("toast") => HideToast::Toast,
            Some("loading") => HideToast::Loading,
            _ => HideToast::Any,
        }),
        "showModal" => Interaction::ShowModal {
            request_id,
            modal: serde_json::from_value(options).map_err(err)?,
        },
        "showActionSheet" => Interaction::ShowActionSheet {
            request_id,
            sheet: serde_json::from_value(options).map_err(err)?,
        },
        other => return Err(format!("unknown interaction `{other}`")),
    })
}

/// `InteractionDone`: settles modal or action sheet call `request_id` through the
/// prelude: `Ok` carries the success result (without `errMsg`), `Err` the whole errMsg.
pub(super) fn done(ctx: &mut Context, request_id: u64, result: Result<Value, String>) {
    let Some(f) = host(ctx).borrow().interaction_done.clone() else {
        log::error!(target: "mica::js", "the prelude has no interactionDone");
        return;
    };
    let (ok, payload) = match result {
        Ok(v) => (true, json_to_js(ctx, &v)),
        Err(m) => (false, js_string!(m).into()),
    };
    // Request ids come from the prelude's counter, far below 2^53.
    let id = JsValue::from(request_id as f64);
    if let Err(e) = f.call(
        &JsValue::undefined(),
        &[id, JsValue::from(ok), payload],
        ctx,
    ) {
        report(ctx, "interaction callback", &e);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn requests_parse_from_the_prelude_objects() {
        let toast = parse(
            "showToast",
            json!({"title": "Saved", "icon": "success", "image": null, "durationMs": 1500,
                   "mask": false, "loading": false}),
            0,
        );
        assert_eq!(
            toast,
            Ok(Interaction::ShowToast(Toast {
                title: "Saved".into(),
                icon: ToastIcon::Success,
                image: None,
                duration_ms: Some(1500),
                mask: false,
                loading: false,
            }))
        );
        assert_eq!(
            parse("hideToast", json!({"only": "loading"}), 0),
            Ok(Interaction::HideToast(HideToast::Loading))
        );
        assert_eq!(
            parse("hideToast", json!({}), 0),
            Ok(Interaction::HideToast(HideToast::Any))
        );
        let sheet = parse(
            "showActionSheet",
            json!({"itemList": ["A"], "itemColor": "#000000", "alertText": null}),
            7,
        );
        assert!(matches!(
            sheet,
            Ok(Interaction::ShowActionSheet { request_id: 7, .. })
        ));
        assert!(parse("showModal", json!({"title": 1}), 1).is_err());
        assert!(parse("dance", json!({}), 1).is_err());
    }
}
