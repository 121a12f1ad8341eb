//! libxkbcommon, loaded with `dlopen` at run time: the compositor sends its keymap as XKB
//! text, and xkbcommon turns a key code plus the modifier state into a keysym.
//!
//! Loading at run time (as winit does) keeps the crate free of link-time C libraries, so
//! it builds on a machine without `libxkbcommon-dev`. The only unsafe code of the crate
//! lives here: calls through the loaded function table on pointers this module owns.

use std::ffi::CString;
use std::ptr::NonNull;

use xkbcommon_dl::{
    xkb_context, xkb_context_flags, xkb_keymap, xkb_keymap_compile_flags, xkb_keymap_format,
    xkb_state, XkbCommon,
};

/// `XKB_KEY_NoSymbol`: the key produces no keysym.
pub(crate) const NO_SYMBOL: u32 = 0;

/// An xkb context with the compositor's current keymap and modifier state.
pub(crate) struct Xkb {
    lib: &'static XkbCommon,
    context: NonNull<xkb_context>,
    /// The keymap and its state; `None` until the compositor sent a keymap.
    keymap: Option<(NonNull<xkb_keymap>, NonNull<xkb_state>)>,
}

impl std::fmt::Debug for Xkb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Xkb")
            .field("keymap", &self.keymap.is_some())
            .finish_non_exhaustive()
    }
}

impl Xkb {
    /// Loads libxkbcommon and creates a context; `None` when the library is missing or
    /// the context cannot be created.
    pub(crate) fn load() -> Option<Xkb> {
        let lib = xkbcommon_dl::xkbcommon_option()?;
        // SAFETY: `xkb_context_new` takes flags by value and returns an owned pointer or
        // null; the null case is handled by `NonNull::new`.
        let context =
            unsafe { (lib.xkb_context_new)(xkb_context_flags::XKB_CONTEXT_NO_ENVIRONMENT_NAMES) };
        Some(Xkb {
            lib,
            context: NonNull::new(context)?,
            keymap: None,
        })
    }

    /// Replaces the keymap with `text` (XKB text format v1, as `wl_keyboard.keymap` sends
    /// it; a trailing NUL and anything after it are ignored).
    pub(crate) fn set_keymap(&mut self, text: &[u8]) -> Result<(), String> {
        let end = text.iter().position(|&b| b == 0).unwrap_or(text.len());
        let text = CString::new(&text[..end]).map_err(|e| e.to_string())?;
        // SAFETY: the context is live (owned by self); `text` is a NUL-terminated string
        // that outlives the call (xkbcommon copies what it needs). A null result is handled.
        let keymap = unsafe {
            (self.lib.xkb_keymap_new_from_string)(
                self.context.as_ptr(),
                text.as_ptr(),
                xkb_keymap_format::XKB_KEYMAP_FORMAT_TEXT_V1,
                xkb_keymap_compile_flags::XKB_KEYMAP_COMPILE_NO_FLAGS,
            )
        };
        let keymap = NonNull::new(keymap).ok_or("xkbcommon could not compile the keymap")?;
        // SAFETY: `keymap` was just created and is live; a null state is handled below.
        let state = unsafe { (self.lib.xkb_state_new)(keymap.as_ptr()) };
        let Some(state) = NonNull::new(state) else {
            // SAFETY: we own the only reference to `keymap`, created above.
            unsafe { (self.lib.xkb_keymap_unref)(keymap.as_ptr()) };
            return Err("xkbcommon could not create a keyboard state".to_string());
        };
        self.drop_keymap();
        self.keymap = Some((keymap, state));
        Ok(())
    }

    /// Applies `wl_keyboard.modifiers`.
    pub(crate) fn update_mask(&mut self, depressed: u32, latched: u32, locked: u32, group: u32) {
        if let Some((_, state)) = self.keymap {
            // SAFETY: `state` is live while it is in `self.keymap`; the masks are plain values.
            unsafe {
                (self.lib.xkb_state_update_mask)(
                    state.as_ptr(),
                    depressed,
                    latched,
                    locked,
                    0,
                    0,
                    group,
                );
            }
        }
    }

    /// The keysym of the xkb key code `keycode` (evdev code + 8) in the current state;
    /// [`NO_SYMBOL`] without a keymap.
    pub(crate) fn key_sym(&self, keycode: u32) -> u32 {
        match self.keymap {
            // SAFETY: `state` is live while it is in `self.keymap`; any key code is valid
            // input (unknown ones give NoSymbol).
            Some((_, state)) => unsafe {
                (self.lib.xkb_state_key_get_one_sym)(state.as_ptr(), keycode)
            },
            None => NO_SYMBOL,
        }
    }

    /// Whether the keymap says `keycode` repeats while held (true without a keymap).
    pub(crate) fn key_repeats(&self, keycode: u32) -> bool {
        match self.keymap {
            // SAFETY: `keymap` is live while it is in `self.keymap`; any key code is valid.
            Some((keymap, _)) => unsafe {
                (self.lib.xkb_keymap_key_repeats)(keymap.as_ptr(), keycode) != 0
            },
            None => true,
        }
    }

    fn drop_keymap(&mut self) {
        if let Some((keymap, state)) = self.keymap.take() {
            // SAFETY: both were created by this module and are referenced only here; they
            // were just taken out of `self`, so they are not used again.
            unsafe {
                (self.lib.xkb_state_unref)(state.as_ptr());
                (self.lib.xkb_keymap_unref)(keymap.as_ptr());
            }
        }
    }
}

impl Drop for Xkb {
    fn drop(&mut self) {
        self.drop_keymap();
        // SAFETY: the context was created in `load` and is referenced only by self.
        unsafe { (self.lib.xkb_context_unref)(self.context.as_ptr()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A self-contained keymap (no `include`, so no xkb-data files are needed).
    pub(crate) const KEYMAP: &str = r#"xkb_keymap {
xkb_keycodes "mica" {
    minimum = 8;
    maximum = 255;
    <ESC> = 9;
    <AE01> = 10;
    <RTRN> = 36;
    <LFSH> = 50;
    <UP> = 111;
    <DOWN> = 116;
    indicator 1 = "Caps Lock";
};
xkb_types "mica" {
    virtual_modifiers NumLock;
    type "ONE_LEVEL" {
        modifiers = none;
        level_name[Level1] = "Any";
    };
    type "TWO_LEVEL" {
        modifiers = Shift;
        map[Shift] = Level2;
        level_name[Level1] = "Base";
        level_name[Level2] = "Shift";
    };
};
xkb_compatibility "mica" {
    interpret Shift_L { action = SetMods(modifiers = Shift); };
};
xkb_symbols "mica" {
    key <ESC> { [ Escape ] };
    key <AE01> { type = "TWO_LEVEL", [ 1, exclam ] };
    key <RTRN> { [ Return ] };
    key <LFSH> { [ Shift_L ] };
    key <UP> { [ Up ] };
    key <DOWN> { [ Down ] };
    modifier_map Shift { <LFSH> };
};
};
"#;

    #[test]
    fn keymap_text_gives_keysyms_and_modifiers_apply() {
        let Some(mut xkb) = Xkb::load() else {
            // weston depends on libxkbcommon0, so CI, which installs weston and sets
            // MICA_REQUIRE_WESTON=1, always has it.
            assert!(
                std::env::var_os("MICA_REQUIRE_WESTON").is_none_or(|v| v != "1"),
                "libxkbcommon.so.0 is missing and MICA_REQUIRE_WESTON=1"
            );
            // Straight to fd 2: the test harness captures eprintln! of passing tests.
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                b"skipped: libxkbcommon.so.0 not installed (scripts/setup-debian.sh installs it)\n",
            );
            return;
        };
        assert_eq!(xkb.key_sym(111), NO_SYMBOL, "no keymap yet");
        let mut text = KEYMAP.as_bytes().to_vec();
        text.push(0); // as the compositor sends it
        xkb.set_keymap(&text).expect("keymap compiles");
        assert_eq!(xkb.key_sym(9), 0xff1b, "Escape"); // evdev 1 + 8
        assert_eq!(xkb.key_sym(111), 0xff52, "Up");
        assert_eq!(xkb.key_sym(116), 0xff54, "Down");
        assert_eq!(xkb.key_sym(36), 0xff0d, "Return");
        assert_eq!(xkb.key_sym(10), 0x31, "1");
        xkb.update_mask(1, 0, 0, 0); // Shift held
        assert_eq!(xkb.key_sym(10), 0x21, "exclam with Shift");
        xkb.update_mask(0, 0, 0, 0);
        assert_eq!(xkb.key_sym(10), 0x31);
        assert_eq!(xkb.key_sym(200), NO_SYMBOL, "unknown key");
        assert!(xkb.key_repeats(111));
        assert!(xkb.set_keymap(b"xkb_keymap { nonsense").is_err());
        // A failed keymap keeps the previous one.
        assert_eq!(xkb.key_sym(111), 0xff52);
    }
}
