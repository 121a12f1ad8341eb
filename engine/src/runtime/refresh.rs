//! Pull-down refresh, as WeChat's page `onPullDownRefresh` documents it: on a page whose
//! `.json` (or `app.json`'s `window`) sets `enablePullDownRefresh: true`, a pointer drag
//! that starts with the page scrolled to the top and pulls down by at least
//! [`PULL_THRESHOLD`] starts a refresh on release: the page's `onPullDownRefresh()` is
//! called and an indicator shows at the top of the window until the page calls
//! `wx.stopPullDownRefresh()`. `wx.startPullDownRefresh()` starts one from code (the
//! same hook and indicator, whatever the page's `.json` says).
//!
//! A remote has no pull gesture and WeChat documents no key for it: Up on the topmost
//! focusable node of a page at scroll 0 does nothing, and a TV app offers its own
//! "refresh" button or calls `wx.startPullDownRefresh()`.

use serde_json::json;

use super::Runtime;
use crate::components::PART_TAG;
use crate::script::ToLogic;

/// How far (px) a drag must pull the top of the page down to refresh on release.
pub const PULL_THRESHOLD: f32 = 60.0;
/// The indicator's height (px).
const INDICATOR_HEIGHT: f32 = 48.0;
/// The indicator's class, for tests and app styles.
pub const INDICATOR_CLASS: &str = "mica-refresh";

impl Runtime {
    /// Whether the page on top has `enablePullDownRefresh` (page `.json` over `app.json`).
    pub(super) fn pull_down_enabled(&self) -> bool {
        let Some(page) = self.pages.top() else {
            return false;
        };
        let app = self
            .package
            .app_config()
            .map(|c| c.window)
            .unwrap_or_default();
        let own = self.package.page_window(&page.route).unwrap_or_default();
        app.overlay(&own).enable_pull_down_refresh == Some(true)
    }

    /// Whether the page on top is refreshing (its indicator shows).
    pub fn refreshing(&self) -> bool {
        self.pages
            .top()
            .is_some_and(|p| self.controls.refreshing.contains_key(&p.id))
    }

    /// Starts a refresh of the page on top: shows the indicator and calls
    /// `onPullDownRefresh`. Does nothing while one runs. Does not wait for the app.
    pub(super) fn start_refresh(&mut self) {
        let (w, _) = self.page_size();
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        if self.controls.refreshing.contains_key(&page.id) {
            return;
        }
        let doc = &mut page.doc;
        let root = doc.root();
        let top = doc.node(root).scroll.1;
        let indicator = doc.create_element(PART_TAG);
        doc.set_attr(indicator, "class", INDICATOR_CLASS);
        let style = format!(
            "position: absolute; left: 0; top: {top}px; width: {w}px; \
             height: {INDICATOR_HEIGHT}px; line-height: {INDICATOR_HEIGHT}px; \
             text-align: center; font-size: 20px; color: #888888; \
             background-color: #f2f2f2"
        );
        doc.set_attr(indicator, "style", &style);
        let text = doc.create_text("Refreshing...");
        doc.append_child(indicator, text);
        doc.append_child(root, indicator);
        let page_id = page.id;
        self.controls.refreshing.insert(page_id, indicator);
        self.send_logic(ToLogic::PageHook {
            page_id,
            name: "onPullDownRefresh".into(),
            arg: json!({}),
        });
    }

    /// Ends the refresh of the page on top: removes the indicator.
    pub(super) fn stop_refresh(&mut self) {
        let Some(page) = self.pages.top_mut() else {
            return;
        };
        let Some(indicator) = self.controls.refreshing.remove(&page.id) else {
            return;
        };
        if page.doc.get(indicator).is_some() {
            page.doc.remove(indicator);
        }
    }

    /// `wx.startPullDownRefresh` / `wx.stopPullDownRefresh` (inside the message loop).
    pub(super) fn pull_down_refresh_call(&mut self, start: bool) {
        if start {
            self.start_refresh();
        } else {
            self.stop_refresh();
        }
    }

    /// Forgets the indicators of pages that are gone.
    pub(super) fn retain_refreshing(&mut self, live: &[u32]) {
        self.controls.refreshing.retain(|p, _| live.contains(p));
    }
}
