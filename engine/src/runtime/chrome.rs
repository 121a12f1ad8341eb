//! What Mica draws around the page: the navigation bar and the `tabBar` of `app.json`.
//!
//! As in WeChat, every page has a navigation bar (44 px: the page's title, its colours,
//! and a back button when pages are below it on the stack) unless its window config says
//! `"navigationStyle": "custom"`, and a page of the `tabBar` list shows the tab bar
//! (50 px at the bottom with icons and labels, or 44 px of labels under the navigation
//! bar with `"position": "top"`). The page is laid out in the window minus the bars, so
//! `100vh`, `windowHeight` and scrolling all see the area between them.
//!
//! Each bar is a small document of its own, built from a template here, laid out and
//! painted into its strip of the window; the page is painted below the navigation bar
//! ([`mica_renderer::Renderer::paint_at`]). A bar is rebuilt when what it shows changes
//! (another page on top, a `setNavigationBarTitle`), which costs a few dozen nodes.
//!
//! **Remote control.** The bars take part in focus navigation: Down from the lowest
//! focusable node of a tab page (where the page's own navigation finds nothing) moves
//! the focus to the tab bar's selected item, Left and Right move along the tabs, Enter
//! switches tab (`onTabItemTap`, then `switchTab`), and Up returns to the page, to the
//! node that had the focus. Up from the top of the page reaches the back button, where
//! Enter goes back. A pointer tap on a tab or on the back button does the same.

use mica_layout::{Rect, StyleSet, Stylesheet};
use serde_json::{json, Value};

use super::pages::PageInstance;
use super::Runtime;
use crate::focus::Direction;
use crate::package::{AppConfig, WindowConfig};
use crate::platform::Key;
use crate::script::{Navigation, ToLogic};
use crate::EngineError;

/// Height of the navigation bar in px (WeChat's, without a phone's status bar).
pub const NAV_HEIGHT: f32 = 44.0;
/// Height of a bottom tab bar in px.
pub const TAB_HEIGHT: f32 = 50.0;
/// Height of a top tab bar (labels only) in px.
pub const TOP_TAB_HEIGHT: f32 = 44.0;

/// WeChat's limits on `tabBar.list`.
const MIN_TABS: usize = 2;
const MAX_TABS: usize = 5;

const NAV_TEMPLATE: &str = r#"<view class="bar" style="height: {{height}}px; background-color: {{background}};"><text class="title" style="color: {{color}};">{{title}}</text><view wx:if="{{back}}" id="back" class="back {{focus ? 'focused' : ''}}"><text class="arrow" style="color: {{color}};">〈</text></view></view>"#;

const TAB_TEMPLATE: &str = r#"<view class="bar {{top ? 'top' : 'bottom'}}" style="height: {{height}}px; background-color: {{background}}; border-color: {{border}};"><view wx:for="{{items}}" wx:key="index" id="tab-{{index}}" class="item {{item.focused ? 'focused' : ''}}" style="border-bottom-color: {{item.underline}};"><image wx:if="{{item.icon}}" class="icon" src="{{item.icon}}"></image><text class="label" style="color: {{item.color}};">{{item.text}}</text></view></view>"#;

const STYLE: &str = "
.bar { position: relative; display: flex; flex-direction: row; align-items: center; width: 100%; box-sizing: border-box; }
.back { position: absolute; left: 4px; top: 4px; width: 36px; height: 36px; display: flex; align-items: center; justify-content: center; box-sizing: border-box; border-radius: 6px; }
.arrow { font-size: 20px; }
.title { flex: 1; text-align: center; font-size: 17px; font-weight: bold; padding: 0 48px; }
.bottom { border-top-width: 1px; border-top-style: solid; }
.top { border-bottom-width: 1px; border-bottom-style: solid; }
.item { flex: 1; height: 100%; display: flex; flex-direction: column; align-items: center; justify-content: center; box-sizing: border-box; border-radius: 6px; }
.top .item { border-bottom-width: 2px; border-bottom-style: solid; border-radius: 0; }
.icon { width: 24px; height: 24px; }
.label { font-size: 12px; margin-top: 2px; }
.top .label { font-size: 15px; margin-top: 0; }
.focused { background-color: rgba(31, 111, 235, 0.22); border: 2px solid #1f6feb; }
";

/// One item of `tabBar.list`.
#[derive(Debug, Clone, PartialEq)]
pub struct TabItem {
    /// The tab page's route.
    pub page_path: String,
    /// The label.
    pub text: String,
    /// Icon file (package path), unselected.
    pub icon: Option<String>,
    /// Icon file when selected.
    pub selected_icon: Option<String>,
}

/// The `tabBar` section of `app.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct TabBarConfig {
    /// Label colour.
    pub color: String,
    /// Label colour of the selected tab.
    pub selected_color: String,
    /// Bar background.
    pub background: String,
    /// The line between bar and page: `black`, `white`, or a colour.
    pub border: String,
    /// `position: "top"`: labels only, under the navigation bar.
    pub top: bool,
    /// The tabs, in order.
    pub items: Vec<TabItem>,
}

impl TabBarConfig {
    /// The tab bar `app` declares, with warnings for what WeChat would refuse (fewer
    /// than 2 or more than 5 tabs: only the first 5 are shown; an item without a page).
    pub fn from_app(app: &AppConfig) -> (Option<Self>, Vec<String>) {
        let mut warnings = Vec::new();
        let Some(tab) = app.raw.get("tabBar") else {
            return (None, warnings);
        };
        let s = |k: &str, default: &str| {
            tab.get(k)
                .and_then(Value::as_str)
                .unwrap_or(default)
                .to_string()
        };
        let mut items = Vec::new();
        let list = tab.get("list").and_then(Value::as_array);
        for (i, item) in list.into_iter().flatten().enumerate() {
            let field = |k: &str| {
                item.get(k)
                    .and_then(Value::as_str)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
            };
            let Some(page_path) = field("pagePath") else {
                warnings.push(format!("app.json: tabBar.list[{i}] has no pagePath"));
                continue;
            };
            items.push(TabItem {
                page_path: page_path.trim_start_matches('/').to_string(),
                text: field("text").unwrap_or_default(),
                icon: field("iconPath").map(absolute),
                selected_icon: field("selectedIconPath").map(absolute),
            });
        }
        if items.len() < MIN_TABS || items.len() > MAX_TABS {
            warnings.push(format!(
                "app.json: tabBar.list has {} items; WeChat needs {MIN_TABS} to {MAX_TABS}",
                items.len()
            ));
        }
        items.truncate(MAX_TABS);
        if items.is_empty() {
            return (None, warnings);
        }
        let border = match s("borderStyle", "black").as_str() {
            "white" => "rgba(255, 255, 255, 0.33)".to_string(),
            "black" => "rgba(0, 0, 0, 0.33)".to_string(),
            other => other.to_string(),
        };
        let config = TabBarConfig {
            color: s("color", "#7a7e83"),
            selected_color: s("selectedColor", "#3cc51f"),
            background: s("backgroundColor", "#ffffff"),
            border,
            top: tab.get("position").and_then(Value::as_str) == Some("top"),
            items,
        };
        (Some(config), warnings)
    }

    /// The bar's height.
    pub fn height(&self) -> f32 {
        if self.top {
            TOP_TAB_HEIGHT
        } else {
            TAB_HEIGHT
        }
    }

    /// The index of `route`'s tab.
    pub fn index_of(&self, route: &str) -> Option<usize> {
        self.items.iter().position(|t| t.page_path == route)
    }
}

/// Icons are package paths in `app.json`: resolved from the package root, not the page.
fn absolute(path: String) -> String {
    if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    }
}

/// Where the remote-control focus is: on the page, or on one of the bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChromeFocus {
    /// The page has the focus (its own focused node, if any).
    #[default]
    Page,
    /// The navigation bar's back button.
    Back,
    /// The tab bar's item at this index.
    Tab(usize),
}

/// Which bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Nav,
    Tab,
}

/// What a pointer is on, on the bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    /// The back button.
    Back,
    /// A tab.
    Tab(usize),
    /// The bar, between items.
    Bar,
}

/// A bar on screen: its document and what it was built from.
#[derive(Debug)]
struct Bar {
    page: PageInstance,
    rect: Rect,
    data: Value,
    painted: bool,
}

/// The bars' state (see the module documentation).
#[derive(Debug, Default)]
pub(super) struct Chrome {
    /// `app.json`'s window section.
    pub app_window: WindowConfig,
    /// `app.json`'s tab bar.
    pub tab_config: Option<TabBarConfig>,
    nav: Option<Bar>,
    tab: Option<Bar>,
    /// Where the focus is.
    pub focus: ChromeFocus,
    /// The page the bars were last built for.
    shown_for: Option<u32>,
    /// A pointer went down on the bars, on this.
    pressed: Option<Hit>,
}

/// What a page shows of the chrome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Areas {
    /// The navigation bar, if shown.
    pub nav: Option<Rect>,
    /// The tab bar, if shown.
    pub tab: Option<Rect>,
    /// The page's viewport in window coordinates.
    pub page: Rect,
}

/// The areas of the window for a page with `window` config, on a tab (`tab` is the tab
/// bar's config when the page is one of its tabs), in a window of `size`.
pub(super) fn areas(window: &WindowConfig, tab: Option<&TabBarConfig>, size: (f32, f32)) -> Areas {
    let (w, h) = size;
    let custom = window.navigation_style.as_deref() == Some("custom");
    let nav_h = if custom { 0.0 } else { NAV_HEIGHT };
    let nav = (!custom).then(|| Rect::new(0.0, 0.0, w, nav_h));
    let mut page = Rect::new(0.0, nav_h, w, (h - nav_h).max(0.0));
    let tab = tab.map(|t| {
        let th = t.height().min(page.height);
        if t.top {
            let r = Rect::new(0.0, nav_h, w, th);
            page = Rect::new(0.0, nav_h + th, w, page.height - th);
            r
        } else {
            page.height -= th;
            Rect::new(0.0, page.y + page.height, w, th)
        }
    });
    Areas { nav, tab, page }
}

/// The title colour of `navigationBarTextStyle` (`white` unless `black`).
fn text_colour(style: Option<&str>) -> &'static str {
    match style {
        Some("black") => "#000000",
        _ => "#ffffff",
    }
}

impl Chrome {
    /// Reads `app.json`'s window and tab bar; returns warnings.
    pub fn configure(&mut self, app: &AppConfig) -> Vec<String> {
        self.app_window = app.window.clone();
        let (tab, warnings) = TabBarConfig::from_app(app);
        self.tab_config = tab;
        warnings
    }

    /// Makes the next frame repaint the bars.
    pub fn repaint(&mut self) {
        for bar in [&mut self.nav, &mut self.tab].into_iter().flatten() {
            bar.painted = false;
        }
    }

    /// The tab bar config when `route` is one of its pages.
    pub fn tab_for(&self, route: &str) -> Option<&TabBarConfig> {
        self.tab_config
            .as_ref()
            .filter(|t| t.index_of(route).is_some())
    }
}

impl Runtime {
    /// The window size in px.
    fn window_size(&self) -> (f32, f32) {
        (self.config.width as f32, self.config.height as f32)
    }

    /// The areas of the page on top (the whole window when there is none).
    pub(super) fn areas(&self) -> Areas {
        let size = self.window_size();
        match self.pages.top() {
            Some(p) => areas(&p.window, self.chrome.tab_for(&p.route), size),
            None => Areas {
                nav: None,
                tab: None,
                page: Rect::new(0.0, 0.0, size.0, size.1),
            },
        }
    }

    /// The page's viewport size: the window minus the bars.
    pub(super) fn page_size(&self) -> (f32, f32) {
        let r = self.areas().page;
        (r.width, r.height)
    }

    /// Where the remote-control focus is (the page, the back button, a tab).
    pub fn chrome_focus(&self) -> ChromeFocus {
        self.chrome.focus
    }

    /// Rebuilds the bars whose content changed for the page on top and paints what
    /// changed into the window; returns the window rectangles it repainted.
    pub(super) fn paint_chrome(&mut self) -> Vec<Rect> {
        let Some(page) = self.pages.top() else {
            return Vec::new();
        };
        let page_id = page.id;
        let areas = self.areas();
        let new_page = self.chrome.shown_for != Some(page_id);
        if new_page {
            self.chrome.shown_for = Some(page_id);
            // The focus stays on the tab bar across a tab switch, nowhere else.
            match self.chrome.focus {
                ChromeFocus::Tab(_) if areas.tab.is_some() => {
                    let i = self.selected_tab().unwrap_or(0);
                    self.chrome.focus = ChromeFocus::Tab(i);
                }
                _ => self.chrome.focus = ChromeFocus::Page,
            }
        }
        let nav_data = areas.nav.map(|_| self.nav_data());
        let tab_data = areas.tab.map(|_| self.tab_data());
        let mut damage = Vec::new();
        for (which, rect, data) in [
            (Which::Nav, areas.nav, nav_data),
            (Which::Tab, areas.tab, tab_data),
        ] {
            let slot = match which {
                Which::Nav => &mut self.chrome.nav,
                Which::Tab => &mut self.chrome.tab,
            };
            let (Some(rect), Some(data)) = (rect, data) else {
                *slot = None;
                continue;
            };
            let stale = slot
                .as_ref()
                .is_none_or(|b| b.data != data || b.rect != rect);
            if stale {
                match build_bar(which, rect, data) {
                    Ok(bar) => *slot = Some(bar),
                    Err(e) => {
                        *slot = None;
                        log::error!("chrome: {e}");
                        continue;
                    }
                }
            }
            let Some(bar) = slot.as_mut() else { continue };
            if new_page {
                bar.painted = false;
            }
            if bar.painted {
                continue;
            }
            let warnings = super::pages::size_images(&self.files, &mut bar.page);
            for w in warnings {
                log::warn!("chrome: {w}");
            }
            let size = (rect.width, rect.height);
            mica_layout::restyle(&mut bar.page.doc, &bar.page.styles, size);
            mica_layout::compute_layout(&mut bar.page.doc, &self.fonts, size);
            let _ = bar.page.doc.take_damage();
            let place = mica_renderer::Placement {
                offset: (rect.x as i32, rect.y as i32),
                size: (rect.width as u32, rect.height as u32),
            };
            self.renderer.paint_at(
                &bar.page.doc,
                &self.fonts,
                self.files.as_ref(),
                &mut self.pixmap,
                None,
                place,
            );
            bar.painted = true;
            damage.push(rect);
        }
        damage
    }

    /// The tab bar's selected index: the tab of the page on top.
    fn selected_tab(&self) -> Option<usize> {
        let page = self.pages.top()?;
        self.chrome.tab_config.as_ref()?.index_of(&page.route)
    }

    /// What the navigation bar shows for the page on top.
    fn nav_data(&self) -> Value {
        let Some(page) = self.pages.top() else {
            return Value::Null;
        };
        let w = &page.window;
        json!({
            "title": w.navigation_bar_title.clone().unwrap_or_default(),
            "background": w.navigation_bar_background.clone().unwrap_or_else(|| "#000000".into()),
            "color": text_colour(w.navigation_bar_text_style.as_deref()),
            "height": NAV_HEIGHT,
            "back": self.pages.len() > 1,
            "focus": self.chrome.focus == ChromeFocus::Back,
        })
    }

    /// What the tab bar shows for the page on top.
    fn tab_data(&self) -> Value {
        let Some(t) = self.chrome.tab_config.as_ref() else {
            return Value::Null;
        };
        let selected = self.selected_tab();
        let items: Vec<Value> = t
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let on = selected == Some(i);
                let icon = if t.top {
                    None
                } else if on {
                    item.selected_icon.clone().or_else(|| item.icon.clone())
                } else {
                    item.icon.clone()
                };
                let colour = if on { &t.selected_color } else { &t.color };
                json!({
                    "text": item.text,
                    "icon": icon,
                    "color": colour,
                    "underline": if on && t.top { colour.as_str() } else { "transparent" },
                    "focused": self.chrome.focus == ChromeFocus::Tab(i),
                })
            })
            .collect();
        json!({
            "top": t.top,
            "height": t.height(),
            "background": t.background,
            "border": t.border,
            "items": items,
        })
    }

    /// A key while the focus is on a bar: moves along it, back to the page, or
    /// activates the item. True when the key was used.
    pub(super) fn chrome_key(&mut self, key: Key) -> Result<bool, EngineError> {
        let areas = self.areas();
        let tabs = self.chrome.tab_config.as_ref().map_or(0, |t| t.items.len());
        let top_tabs = self.chrome.tab_config.as_ref().is_some_and(|t| t.top);
        let next = match (self.chrome.focus, key) {
            (ChromeFocus::Page, _) => return Ok(false),
            (ChromeFocus::Tab(i), Key::Left) => ChromeFocus::Tab(i.saturating_sub(1)),
            (ChromeFocus::Tab(i), Key::Right) => ChromeFocus::Tab((i + 1).min(tabs - 1)),
            (ChromeFocus::Tab(_), Key::Up) if !top_tabs => ChromeFocus::Page,
            (ChromeFocus::Tab(_), Key::Down) if top_tabs => ChromeFocus::Page,
            (ChromeFocus::Tab(_), Key::Up) if areas.nav.is_some() && self.pages.len() > 1 => {
                ChromeFocus::Back
            }
            (ChromeFocus::Back, Key::Down) => match areas.tab {
                Some(_) if top_tabs => ChromeFocus::Tab(self.selected_tab().unwrap_or(0)),
                _ => ChromeFocus::Page,
            },
            (ChromeFocus::Tab(i), Key::Enter) => {
                self.activate_tab(i)?;
                return Ok(true);
            }
            (ChromeFocus::Back, Key::Enter) => {
                self.navigate_back()?;
                return Ok(true);
            }
            (_, Key::Up | Key::Down | Key::Left | Key::Right) => self.chrome.focus,
            _ => return Ok(false),
        };
        self.set_chrome_focus(next)?;
        Ok(true)
    }

    /// Moves the focus onto the bars when the page's own navigation found nothing in
    /// direction `dir`. True when it moved.
    pub(super) fn focus_into_chrome(&mut self, dir: Direction) -> Result<bool, EngineError> {
        let areas = self.areas();
        let top_tabs = self.chrome.tab_config.as_ref().is_some_and(|t| t.top);
        let back = areas.nav.is_some() && self.pages.len() > 1;
        let next = match dir {
            Direction::Down if areas.tab.is_some() && !top_tabs => {
                ChromeFocus::Tab(self.selected_tab().unwrap_or(0))
            }
            Direction::Up if areas.tab.is_some() && top_tabs => {
                ChromeFocus::Tab(self.selected_tab().unwrap_or(0))
            }
            Direction::Up if back => ChromeFocus::Back,
            _ => return Ok(false),
        };
        self.set_chrome_focus(next)?;
        Ok(true)
    }

    fn set_chrome_focus(&mut self, focus: ChromeFocus) -> Result<(), EngineError> {
        if self.chrome.focus == focus {
            return Ok(());
        }
        // The page's focus styles come off (or back on) at the next frame (`sync_focus`).
        self.chrome.focus = focus;
        self.render_frame()?;
        self.settle()
    }

    /// A tab chosen by Enter or a tap: `onTabItemTap` on its page, after switching to
    /// it when another tab is on screen.
    fn activate_tab(&mut self, index: usize) -> Result<(), EngineError> {
        let Some(item) = self
            .chrome
            .tab_config
            .as_ref()
            .and_then(|t| t.items.get(index))
            .cloned()
        else {
            return Ok(());
        };
        if self.chrome.focus != ChromeFocus::Page {
            self.chrome.focus = ChromeFocus::Tab(index);
        }
        let on_screen = self.pages.top().is_some_and(|p| p.route == item.page_path);
        if !on_screen {
            let url = format!("/{}", item.page_path);
            self.navigate(Navigation::SwitchTab { url }, None)?;
            self.settle()?;
        }
        if let Some(page) = self.pages.top().filter(|p| p.route == item.page_path) {
            let page_id = page.id;
            self.send_logic(ToLogic::PageHook {
                page_id,
                name: "onTabItemTap".into(),
                arg: json!({ "index": index, "pagePath": item.page_path, "text": item.text }),
            });
        }
        self.render_frame()?;
        self.settle()
    }

    /// What is under window point `(x, y)` on the bars, if the point is on one.
    fn chrome_hit(&self, x: f32, y: f32) -> Option<Hit> {
        let inside = |r: &Rect| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
        for bar in [&self.chrome.nav, &self.chrome.tab] {
            let Some(bar) = bar.as_ref().filter(|b| inside(&b.rect)) else {
                continue;
            };
            let doc = &bar.page.doc;
            let hit = mica_layout::hit_test(doc, x - bar.rect.x, y - bar.rect.y);
            let id = hit.and_then(|h| {
                std::iter::once(h)
                    .chain(doc.ancestors(h))
                    .find_map(|n| doc.node(n).attr("id").map(str::to_string))
            });
            let item = match id.as_deref() {
                Some("back") => Hit::Back,
                Some(id) => id
                    .strip_prefix("tab-")
                    .and_then(|i| i.parse::<usize>().ok())
                    .map_or(Hit::Bar, Hit::Tab),
                None => Hit::Bar,
            };
            // A point on a bar belongs to it, on an item or not.
            return Some(item);
        }
        None
    }

    /// A pointer event on the window: true when the bars took it (it started on one).
    pub(super) fn chrome_pointer(
        &mut self,
        phase: crate::platform::PointerPhase,
        x: f32,
        y: f32,
    ) -> Result<bool, EngineError> {
        use crate::platform::PointerPhase;
        match phase {
            PointerPhase::Down => {
                let hit = self.chrome_hit(x, y);
                self.chrome.pressed = hit;
                Ok(hit.is_some())
            }
            PointerPhase::Move => Ok(self.chrome.pressed.is_some()),
            PointerPhase::Up => {
                let Some(pressed) = self.chrome.pressed.take() else {
                    return Ok(false);
                };
                if self.chrome_hit(x, y) == Some(pressed) {
                    self.chrome_activate(pressed)?;
                }
                Ok(true)
            }
        }
    }

    /// A tap at a window point on a bar ([`Runtime::tap_at`]); true when it was on one.
    pub(super) fn chrome_tap(&mut self, x: f32, y: f32) -> Result<bool, EngineError> {
        match self.chrome_hit(x, y) {
            Some(hit) => {
                self.chrome_activate(hit)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn chrome_activate(&mut self, hit: Hit) -> Result<(), EngineError> {
        match hit {
            Hit::Back => self.navigate_back().map(|_| ()),
            Hit::Tab(i) => self.activate_tab(i),
            Hit::Bar => Ok(()),
        }
    }

    /// The window rectangle of the bar item `focus` (tests and `--dump`).
    pub fn chrome_rect(&self, focus: ChromeFocus) -> Option<Rect> {
        let (bar, id) = match focus {
            ChromeFocus::Page => return None,
            ChromeFocus::Back => (self.chrome.nav.as_ref()?, "back".to_string()),
            ChromeFocus::Tab(i) => (self.chrome.tab.as_ref()?, format!("tab-{i}")),
        };
        let n = mica_layout::select(&bar.page.doc, &format!("#{id}"))?;
        let r = bar.page.doc.node(n).rect;
        Some(Rect::new(
            r.x + bar.rect.x,
            r.y + bar.rect.y,
            r.width,
            r.height,
        ))
    }

    /// The bars for `--dump`: what each shows.
    pub(super) fn chrome_dump(&self) -> Value {
        let areas = self.areas();
        let rect = |r: Option<Rect>| r.map(|r| json!([r.x, r.y, r.width, r.height]));
        json!({
            "navigationBar": areas.nav.map(|_| self.nav_data()),
            "tabBar": areas.tab.map(|_| json!({
                "selected": self.selected_tab(),
                "items": self.chrome.tab_config.as_ref()
                    .map(|t| t.items.iter().map(|i| i.text.clone()).collect::<Vec<_>>()),
            })),
            "areas": { "nav": rect(areas.nav), "tab": rect(areas.tab), "page": rect(Some(areas.page)) },
            "focus": match self.chrome.focus {
                ChromeFocus::Page => json!("page"),
                ChromeFocus::Back => json!("back"),
                ChromeFocus::Tab(i) => json!({ "tab": i }),
            },
        })
    }
}

/// A bar's document: the template instantiated with `data`, styled.
fn build_bar(which: Which, rect: Rect, data: Value) -> Result<Bar, String> {
    let (file, src) = match which {
        Which::Nav => ("mica:navigation-bar.wxml", NAV_TEMPLATE),
        Which::Tab => ("mica:tab-bar.wxml", TAB_TEMPLATE),
    };
    let compiled = crate::template::compile(file, src).map_err(|e| e.to_string())?;
    let (sheet, _) = Stylesheet::parse(STYLE, "mica:chrome.wxss", Default::default());
    let mut styles = StyleSet::new();
    styles.push(sheet);
    let mut page = PageInstance::new(0, file, file.to_string(), compiled.template, styles);
    let root = page.doc.root();
    let view = crate::view::View::new(page.template.clone(), data.clone(), &mut page.doc, root);
    page.view = Some(view);
    Ok(Bar {
        page,
        rect,
        data,
        painted: false,
    })
}
