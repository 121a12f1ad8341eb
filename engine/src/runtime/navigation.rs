//! The page stack's routes: `wx.navigateTo`, `redirectTo`, `reLaunch`, `switchTab`,
//! `navigateBack` and the Back key, with WeChat's rules and lifecycle order.
//!
//! | route | stack | lifecycle, in order |
//! |---|---|---|
//! | navigateTo | push (at most [`MAX_PAGES`]) | top `onHide`; new `onLoad(query)`, `onShow`, `onReady` |
//! | navigateBack | pop `delta` (clamped) | each popped `onUnload`, top first; revealed `onShow` |
//! | redirectTo | replace the top | top `onUnload`; new `onLoad`, `onShow`, `onReady` |
//! | reLaunch | replace all | every page `onUnload`, top first; new `onLoad`, `onShow`, `onReady` |
//! | switchTab | the tab page alone | non-tab pages `onUnload`, top first; the tab page left on screen `onHide`; target `onShow` if alive, else `onLoad`, `onShow`, `onReady` |
//!
//! `onReady` follows the new page's first frame. The call's `success` (or promise) runs
//! after the target's `onShow`, before `onReady`. Tab pages switched away from stay alive
//! off the stack (WeChat keeps them), so switching back only shows them. `navigateTo` and
//! `redirectTo` refuse tab pages, `switchTab` refuses other pages, and a route missing from
//! `app.json` fails with `page "…" is not found`; a refused call changes nothing.
//! `navigateBack` (or the Back key) on the root page closes nothing: it sets
//! [`Runtime::exit_requested`] for the host, which decides how to leave the app.
//! App `onShow`/`onHide` belong to the app going to the background, not to routes.

use serde_json::{Map, Value};

use super::pages::PageInstance;
use super::Runtime;
use crate::compile;
use crate::package::{AppConfig, Package};
use crate::script::{Navigation, ToLogic};
use crate::EngineError;

/// WeChat's page stack limit: `navigateTo` beyond it fails.
pub const MAX_PAGES: usize = 10;

/// What the Back key did ([`Runtime::navigate_back`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackOutcome {
    /// The top page was closed; the one below is on screen.
    Popped,
    /// The root page was on screen: the host should leave the app
    /// ([`Runtime::exit_requested`] is now true).
    Exit,
}

/// The routes `app.json` declares.
#[derive(Debug, Clone, Default)]
pub(super) struct Routes {
    /// `pages`.
    pages: Vec<String>,
    /// `tabBar.list[].pagePath`.
    tabs: Vec<String>,
}

impl Routes {
    /// The routes of `app`.
    pub fn new(app: &AppConfig) -> Self {
        let tabs = app
            .raw
            .pointer("/tabBar/list")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|t| t.get("pagePath").and_then(Value::as_str))
                    .map(|p| p.trim_start_matches('/').to_string())
                    .collect()
            })
            .unwrap_or_default();
        Routes {
            pages: app.pages.clone(),
            tabs,
        }
    }

    /// Whether `route` is a tabBar page.
    pub fn is_tab(&self, route: &str) -> bool {
        self.tabs.iter().any(|t| t == route)
    }

    /// Splits `url` (absolute, or relative to the page at `from` as in WeChat) into a
    /// declared route and its decoded query. `Err` is the errMsg's reason.
    pub fn resolve(&self, url: &str, from: &str) -> Result<(String, Map<String, Value>), String> {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let route = Package::resolve(from, path).unwrap_or_else(|_| path.to_string());
        if self.pages.contains(&route) {
            return Ok((route, parse_query(query)));
        }
        // Lenient where WeChat is not: `pages/b/b` written without its leading `/`.
        match Package::normalize(path) {
            Ok(absolute) if self.pages.contains(&absolute) => Ok((absolute, parse_query(query))),
            _ => Err(format!("page \"{route}\" is not found")),
        }
    }
}

/// `a=1&b=%E4%BD%A0` → `{a: "1", b: "你"}`; a key without `=` gets `""`.
pub(super) fn parse_query(query: &str) -> Map<String, Value> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(k), Value::String(decode_component(v)))
        })
        .collect()
}

/// `decodeURIComponent`, except that a malformed escape leaves the text as it was
/// instead of throwing.
fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let v = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(v as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// A checked route, ready to carry out.
enum Plan {
    /// `navigateTo`, `redirectTo`, `reLaunch`: a new page replaces `closes` of the stack.
    Open {
        closes: Closes,
        page: PageInstance,
        query: Map<String, Value>,
    },
    /// `switchTab` to `route`; `page` is the prepared page when the tab is not alive.
    SwitchTab {
        route: String,
        page: Option<PageInstance>,
    },
    /// `navigateBack` by this many pages (clamped: the root stays).
    Back(usize),
    /// `navigateBack` on the root page.
    Exit,
    /// `switchTab` to the tab on screen.
    Nothing,
}

/// What opening a page does to the pages below it.
enum Closes {
    /// Nothing: the top is hidden (`navigateTo`).
    None,
    /// The top page (`redirectTo`).
    Top,
    /// Every page (`reLaunch`).
    All,
}

impl Runtime {
    /// The Back key: closes the top page like `wx.navigateBack()` and settles, or on the
    /// root page asks the host to leave the app.
    pub fn navigate_back(&mut self) -> Result<BackOutcome, EngineError> {
        self.settle()?;
        match self.pages.len() {
            0 => Err(EngineError::NoPage),
            1 => {
                self.exit_requested = true;
                Ok(BackOutcome::Exit)
            }
            _ => {
                self.navigate(Navigation::NavigateBack { delta: 1 }, None)?;
                self.settle()?;
                Ok(BackOutcome::Popped)
            }
        }
    }

    /// True once the app asked to be left: Back (key or `wx.navigateBack`) on the root
    /// page. The host decides what leaving means (close, go to the launcher, ...).
    pub fn exit_requested(&self) -> bool {
        self.exit_requested
    }

    /// The route of the page on screen.
    pub fn route(&self) -> Option<&str> {
        self.pages.top().map(|p| p.route.as_str())
    }

    /// The routes of the page stack, root first (what `getCurrentPages()` shows).
    pub fn page_stack(&self) -> Vec<&str> {
        self.pages.routes()
    }

    /// Carries out a route API call (or the Back key, with no `request`), answering the
    /// logic thread with `RouteDone`. A refused route is a warning and an errMsg; only a
    /// failure of the runtime itself is an `Err`.
    pub(super) fn navigate(
        &mut self,
        navigation: Navigation,
        request: Option<u64>,
    ) -> Result<(), EngineError> {
        match self.plan(&navigation) {
            Ok(plan) => self.execute(plan, request),
            Err(reason) => {
                let message = format!("{}:fail {reason}", navigation.api_name());
                self.warn("navigation", message.clone());
                self.reply(request, Err(message));
                Ok(())
            }
        }
    }

    /// Checks `navigation` against the stack and `app.json` and prepares the new page;
    /// changes nothing. `Err` is the errMsg's reason.
    fn plan(&mut self, navigation: &Navigation) -> Result<Plan, String> {
        let from = self.route().unwrap_or_default().to_string();
        let open = |rt: &mut Self, url: &str, closes: Closes, api: &str| {
            let (route, query) = rt.routes.resolve(url, &from)?;
            if !matches!(closes, Closes::All) && rt.routes.is_tab(&route) {
                return Err(format!("can not {api} a tabbar page"));
            }
            if matches!(closes, Closes::None) && rt.pages.len() >= MAX_PAGES {
                return Err("webview count limit exceed".into());
            }
            let page = rt.prepare(&route)?;
            Ok(Plan::Open {
                closes,
                page,
                query,
            })
        };
        match navigation {
            Navigation::NavigateTo { url } => open(self, url, Closes::None, "navigateTo"),
            Navigation::RedirectTo { url } => open(self, url, Closes::Top, "redirectTo"),
            Navigation::ReLaunch { url } => open(self, url, Closes::All, "reLaunch"),
            Navigation::SwitchTab { url } => {
                // WeChat ignores a query on switchTab.
                let (route, _) = self.routes.resolve(url, &from)?;
                if !self.routes.is_tab(&route) {
                    return Err("can not switch to no-tabBar page".into());
                }
                if self.route() == Some(route.as_str()) {
                    return Ok(Plan::Nothing);
                }
                let alive = self.pages.root().is_some_and(|p| p.route == route)
                    || self.pages.is_parked(&route);
                let page = if alive {
                    None
                } else {
                    Some(self.prepare(&route)?)
                };
                Ok(Plan::SwitchTab { route, page })
            }
            Navigation::NavigateBack { delta } => {
                let below = self.pages.len().saturating_sub(1);
                if below == 0 {
                    return Ok(Plan::Exit);
                }
                Ok(Plan::Back((*delta as usize).clamp(1, below)))
            }
        }
    }

    /// [`Runtime::prepare_page`] for a route call: a failure is reported and refuses it.
    fn prepare(&mut self, route: &str) -> Result<PageInstance, String> {
        self.prepare_page(route).map_err(|e| {
            let source = match e {
                EngineError::Template(_) | EngineError::CompiledTemplate { .. } => "template",
                _ => "package",
            };
            self.error(source, e.to_string());
            e.to_string()
        })
    }

    /// Compiles the route's template and loads its styles: everything that can fail
    /// before any lifecycle runs.
    pub(super) fn prepare_page(&mut self, route: &str) -> Result<PageInstance, EngineError> {
        let (template_path, compiled) = compile::load_page_template(&self.package, route)?;
        for w in compiled.warnings {
            self.warn("template", w.to_string());
        }
        let mut styles = mica_layout::StyleSet::new();
        if let Some(sheet) = &self.app_style {
            styles.push(sheet.clone());
        }
        if let Some(path) = self.package.page_style_path(route) {
            let sheet = self.load_stylesheet(&path)?;
            styles.push(sheet);
        }
        let id = self.next_page_id;
        self.next_page_id += 1;
        let mut page = PageInstance::new(id, route, template_path, compiled.template, styles);
        let own = match self.package.page_window(route) {
            Ok(w) => w,
            Err(e) => {
                self.warn("config", e.to_string());
                Default::default()
            }
        };
        page.window = self.chrome.app_window.overlay(&own);
        page.components = self.page_components(route);
        Ok(page)
    }

    fn execute(&mut self, plan: Plan, request: Option<u64>) -> Result<(), EngineError> {
        match plan {
            Plan::Open {
                closes,
                page,
                query,
            } => {
                match closes {
                    Closes::None => {
                        if let Some(top) = self.pages.top() {
                            let page_id = top.id;
                            self.send_logic(ToLogic::HidePage { page_id });
                        }
                    }
                    Closes::Top => {
                        self.unload_top();
                    }
                    Closes::All => {
                        while !self.unload_top() {}
                        for parked in self.pages.drain_parked() {
                            self.unload_page(parked.id);
                        }
                    }
                }
                self.load_page(page, query, request)
            }
            Plan::SwitchTab { route, page } => self.switch_tab(&route, page, request),
            Plan::Back(delta) => {
                for _ in 0..delta {
                    self.unload_top();
                }
                self.show_top(request)
            }
            Plan::Exit => {
                self.exit_requested = true;
                self.reply(request, Ok(()));
                Ok(())
            }
            Plan::Nothing => {
                self.reply(request, Ok(()));
                Ok(())
            }
        }
    }

    /// Tells the logic thread page `page_id` is closed (`onUnload`, its components'
    /// `detached`) and forgets where its components were.
    fn unload_page(&mut self, page_id: u32) {
        self.send_logic(ToLogic::UnloadPage { page_id });
        self.component_pages.retain(|_, p| *p != page_id);
    }

    /// Closes the top page (`onUnload`). Returns true when the stack was already empty.
    fn unload_top(&mut self) -> bool {
        match self.pages.pop() {
            Some(top) => {
                self.unload_page(top.id);
                false
            }
            None => true,
        }
    }

    fn switch_tab(
        &mut self,
        route: &str,
        page: Option<PageInstance>,
        request: Option<u64>,
    ) -> Result<(), EngineError> {
        let on_screen = self.pages.top().map(|p| p.id);
        let mut target = None;
        while let Some(p) = self.pages.pop() {
            if p.route == route {
                target = Some(p);
            } else if self.routes.is_tab(&p.route) {
                // A tab page stays alive; only the one on screen is hidden.
                if on_screen == Some(p.id) {
                    self.send_logic(ToLogic::HidePage { page_id: p.id });
                }
                self.pages.park(p);
            } else {
                self.unload_page(p.id);
            }
        }
        let target = target.or_else(|| self.pages.unpark(route));
        match (target, page) {
            (Some(kept), _) => {
                self.pages.push(kept);
                let pages = self.pages.ids();
                self.send_logic(ToLogic::SetStack { pages });
                self.show_top(request)
            }
            (None, Some(page)) => {
                self.send_logic(ToLogic::SetStack { pages: Vec::new() });
                self.load_page(page, Map::new(), request)
            }
            (None, None) => {
                // `plan` saw the tab alive; nothing else closes pages in between.
                let message = format!("switchTab:fail page \"{route}\" is not open");
                self.error("navigation", message.clone());
                self.reply(request, Err(message));
                Ok(())
            }
        }
    }

    /// Puts `page` on top and runs its first lifecycle: `onLoad(query)`, `onShow`, the
    /// route's success, the first frame, `onReady`.
    pub(super) fn load_page(
        &mut self,
        page: PageInstance,
        query: Map<String, Value>,
        request: Option<u64>,
    ) -> Result<(), EngineError> {
        let page_id = page.id;
        let route = page.route.clone();
        let paths = self.components_to_request(&page.components.paths);
        self.pages.push(page);
        self.activate_top();
        if !paths.is_empty() {
            self.send_logic(ToLogic::LoadComponents { paths });
        }
        self.send_logic(ToLogic::LoadPage {
            page_id,
            route,
            query,
        });
        self.reply(request, Ok(()));
        self.wait_logic()?;
        if self
            .pages
            .get_mut(page_id)
            .is_some_and(|p| p.view.is_none())
        {
            // The logic thread never sent data (e.g. the page script failed to load):
            // render the template with empty data rather than a blank screen.
            self.instantiate(page_id, Value::Object(Map::new()));
        }
        self.render_frame()?;
        self.send_logic(ToLogic::PageReady { page_id });
        self.wait_logic()?;
        self.render_frame()
    }

    /// The kept page now on top comes back: `onShow`, the route's success, a full
    /// repaint of its document as it was left.
    fn show_top(&mut self, request: Option<u64>) -> Result<(), EngineError> {
        if let Some(top) = self.pages.top() {
            let page_id = top.id;
            self.send_logic(ToLogic::ShowPage { page_id });
        }
        self.reply(request, Ok(()));
        self.activate_top();
        self.wait_logic()?;
        self.render_frame()
    }

    /// The top page becomes the one on screen: images resolve against its template and
    /// its next frame is painted whole.
    fn activate_top(&mut self) {
        let Some(top) = self.pages.top_mut() else {
            return;
        };
        top.painted_once = false;
        let path = top.template_path.clone();
        if let Ok(mut base) = self.files.base.lock() {
            *base = path;
        }
    }

    fn reply(&mut self, request: Option<u64>, result: Result<(), String>) {
        if let Some(request_id) = request {
            self.send_logic(ToLogic::RouteDone { request_id, result });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_are_decoded_like_decode_uri_component() {
        let q = parse_query("id=42&name=%E4%BD%A0%E5%A5%BD&flag&sp=a%20b+c&bad=%zz&=v");
        assert_eq!(q["id"], "42");
        assert_eq!(q["name"], "你好");
        assert_eq!(q["flag"], "");
        // `+` is not a space in decodeURIComponent.
        assert_eq!(q["sp"], "a b+c");
        assert_eq!(q["bad"], "%zz");
        assert_eq!(q[""], "v");
    }

    #[test]
    fn urls_resolve_against_the_current_page() {
        let routes = Routes {
            pages: vec!["pages/a/a".into(), "pages/b/b".into()],
            tabs: vec!["pages/a/a".into()],
        };
        let ok = |url: &str| routes.resolve(url, "pages/a/a").map(|(r, _)| r);
        assert_eq!(ok("/pages/b/b?x=1"), Ok("pages/b/b".to_string()));
        assert_eq!(ok("pages/b/b"), Ok("pages/b/b".to_string()));
        assert_eq!(ok("../b/b"), Ok("pages/b/b".to_string()));
        assert_eq!(
            ok("/pages/nope/nope"),
            Err("page \"pages/nope/nope\" is not found".to_string())
        );
        assert!(ok("../../../x").is_err());
        assert!(routes.is_tab("pages/a/a") && !routes.is_tab("pages/b/b"));
    }
}
