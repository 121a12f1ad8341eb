//! The logic thread's half of the page stack: the route APIs' bridge to the view and the
//! lifecycle messages the view sends back.
//!
//! `wx.navigateTo(...)` (in `route.js`) validates its options, keeps its callbacks or
//! promise under a request id and calls [`native_route`], which sends
//! [`ToView::Navigate`]. The view owns the stack, so it decides; it then drives the
//! lifecycle ([`lifecycle`], [`unload`], [`set_stack`]) and answers with
//! [`ToLogic::RouteDone`](super::ToLogic::RouteDone), handled by [`route_done`].

use boa_engine::{Context, JsArgs, JsNativeError, JsResult, JsString, JsValue};

use super::page;
use super::thread::{call_lifecycle, host, report, send};
use super::{Navigation, ToView};

/// `native.route(name, urlOrDelta, requestId)`: asks the view to navigate.
pub(super) fn native_route(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let name = args
        .get_or_undefined(0)
        .to_string(ctx)?
        .to_std_string_escaped();
    let arg = args.get_or_undefined(1);
    let request_id = args.get_or_undefined(2).to_length(ctx)?;
    let url =
        |ctx: &mut Context| -> JsResult<String> { Ok(arg.to_string(ctx)?.to_std_string_escaped()) };
    let navigation = match name.as_str() {
        "navigateTo" => Navigation::NavigateTo { url: url(ctx)? },
        "redirectTo" => Navigation::RedirectTo { url: url(ctx)? },
        "reLaunch" => Navigation::ReLaunch { url: url(ctx)? },
        "switchTab" => Navigation::SwitchTab { url: url(ctx)? },
        "navigateBack" => Navigation::NavigateBack {
            delta: arg.to_u32(ctx)?.max(1),
        },
        _ => {
            return Err(JsNativeError::typ()
                .with_message(format!("unknown route API {name}"))
                .into())
        }
    };
    send(
        ctx,
        ToView::Navigate {
            navigation,
            request_id,
        },
    );
    Ok(JsValue::undefined())
}

/// Native `pageScrollTo(scrollTop, selector, duration)`: asks the view to scroll the
/// page on top, animating over `duration` ms.
pub(super) fn native_page_scroll_to(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let top = args.get_or_undefined(0).to_number(ctx)?;
    let selector = match args.get_or_undefined(1) {
        v if v.is_string() => Some(v.to_string(ctx)?.to_std_string_escaped()),
        _ => None,
    };
    let duration = args.get_or_undefined(2).to_number(ctx)?;
    send(
        ctx,
        ToView::PageScrollTo {
            scroll_top: if top.is_finite() { top as f32 } else { 0.0 },
            selector,
            duration_ms: if duration.is_finite() {
                duration.clamp(0.0, 60_000.0)
            } else {
                crate::runtime::PAGE_SCROLL_DURATION_MS
            },
        },
    );
    Ok(JsValue::undefined())
}

/// Native `navigationBar(title, textStyle, background)`: each a string or null.
pub(super) fn native_navigation_bar(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let mut field = |i: usize| -> JsResult<Option<String>> {
        match args.get_or_undefined(i) {
            v if v.is_string() => Ok(Some(v.to_string(ctx)?.to_std_string_escaped())),
            _ => Ok(None),
        }
    };
    let (title, text_style, background) = (field(0)?, field(1)?, field(2)?);
    send(
        ctx,
        ToView::NavigationBar {
            title,
            text_style,
            background,
        },
    );
    Ok(JsValue::undefined())
}

/// Native `pullDownRefresh(start)`: `wx.startPullDownRefresh` (true) and
/// `wx.stopPullDownRefresh` (false).
pub(super) fn native_pull_down_refresh(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let start = args.get_or_undefined(0).to_boolean();
    send(ctx, ToView::PullDownRefresh { start });
    Ok(JsValue::undefined())
}

/// `HidePage`/`ShowPage`: calls lifecycle method `name` of page `page_id`.
pub(super) fn lifecycle(ctx: &mut Context, page_id: u32, name: &str) {
    match name {
        "onShow" => super::component::page_event(ctx, page_id, "show"),
        "onHide" => super::component::page_event(ctx, page_id, "hide"),
        _ => {}
    }
    match page::find(ctx, page_id) {
        Some((route, instance)) => {
            call_lifecycle(ctx, &format!("page {route}"), &instance, name, &[]);
        }
        // A page whose instance could not be created: the view still stacks it.
        None => log::debug!(target: "mica::js", "{name} for unknown page {page_id}"),
    }
}

/// `UnloadPage`: calls `onUnload`, then forgets the instance.
pub(super) fn unload(ctx: &mut Context, page_id: u32) {
    lifecycle(ctx, page_id, "onUnload");
    super::component::page_event(ctx, page_id, "unload");
    let h = host(ctx);
    let mut h = h.borrow_mut();
    h.pages.retain(|p| p.id != page_id);
    h.stack.retain(|id| *id != page_id);
}

/// `SetStack`: what `getCurrentPages()` reports from now on.
pub(super) fn set_stack(ctx: &mut Context, pages: Vec<u32>) {
    host(ctx).borrow_mut().stack = pages;
}

/// `RouteDone`: settles the route API call `request_id` through the prelude.
pub(super) fn route_done(ctx: &mut Context, request_id: u64, result: Result<(), String>) {
    let Some(done) = host(ctx).borrow().route_done.clone() else {
        log::error!(target: "mica::js", "the prelude has no routeDone");
        return;
    };
    let fail = match result {
        Ok(()) => JsValue::null(),
        Err(message) => JsValue::from(JsString::from(message.as_str())),
    };
    // Request ids come from the prelude's counter, far below 2^53.
    let id = JsValue::from(request_id as f64);
    if let Err(e) = done.call(&JsValue::undefined(), &[id, fail], ctx) {
        report(ctx, "route callback", &e);
    }
}
