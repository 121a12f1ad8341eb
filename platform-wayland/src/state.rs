//! The client state that Wayland events are dispatched to: the window, its shm buffers,
//! the seat's devices, and the input events waiting for the runtime. The protocol
//! handling lives here; what the events mean is decided in `input` and `buffer`.

use std::io;
use std::os::unix::fs::FileExt;
use std::time::Instant;

use mica_engine::config::KeyMap;
use mica_engine::platform::InputEvent;
use smithay_client_toolkit::compositor::{CompositorHandler, CompositorState};
use smithay_client_toolkit::output::{OutputHandler, OutputState};
use smithay_client_toolkit::registry::{ProvidesRegistryState, RegistryState};
use smithay_client_toolkit::seat::pointer::{PointerEvent, PointerHandler};
use smithay_client_toolkit::seat::touch::TouchHandler;
use smithay_client_toolkit::seat::{Capability, SeatHandler, SeatState};
use smithay_client_toolkit::shell::xdg::window::{Window, WindowConfigure, WindowHandler};
use smithay_client_toolkit::shell::WaylandSurface;
use smithay_client_toolkit::shm::raw::RawPool;
use smithay_client_toolkit::shm::{Shm, ShmHandler};
use smithay_client_toolkit::{
    delegate_compositor, delegate_output, delegate_pointer, delegate_registry, delegate_seat,
    delegate_shm, delegate_touch, delegate_xdg_shell, delegate_xdg_window, registry_handlers,
};
use wayland_client::protocol::{
    wl_buffer, wl_keyboard, wl_output, wl_pointer, wl_seat, wl_shm, wl_surface, wl_touch,
};
use wayland_client::{Connection, Dispatch, Proxy, QueueHandle, WEnum};

use crate::buffer::{Configured, Region};
use crate::input::{key_for, HeldKeys, KeyRepeat, PointerTracker, TouchTracker};
use crate::stats::StatsHandle;
use crate::sys::Xkb;

/// Longest keymap Mica accepts from a compositor (real ones are 50-100 KiB).
const MAX_KEYMAP: u32 = 4 << 20;

/// One `wl_shm` buffer with its own pool (so buffers of an old size can be dropped one by
/// one as the compositor releases them).
pub(crate) struct ShmBuffer {
    pub(crate) id: u64,
    pub(crate) pool: RawPool,
    pub(crate) buffer: wl_buffer::WlBuffer,
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// Attached and committed, not yet released: the compositor may read it.
    pub(crate) busy: bool,
    /// What this buffer misses of the newest frame (damage of presents into the others).
    pub(crate) stale: Region,
}

impl ShmBuffer {
    pub(crate) fn new(
        shm: &Shm,
        qh: &QueueHandle<State>,
        id: u64,
        width: u32,
        height: u32,
    ) -> io::Result<ShmBuffer> {
        let too_big = || io::Error::new(io::ErrorKind::InvalidInput, "buffer too large");
        let stride = width.checked_mul(4).ok_or_else(too_big)?;
        let len = usize::try_from(u64::from(stride) * u64::from(height)).map_err(|_| too_big())?;
        let (w, h, s) = (
            i32::try_from(width).map_err(|_| too_big())?,
            i32::try_from(height).map_err(|_| too_big())?,
            i32::try_from(stride).map_err(|_| too_big())?,
        );
        if i32::try_from(len).is_err() {
            return Err(too_big());
        }
        let mut pool = RawPool::new(len, shm).map_err(|e| io::Error::other(e.to_string()))?;
        let buffer = pool.create_buffer(0, w, h, s, wl_shm::Format::Xrgb8888, BufferTag(id), qh);
        Ok(ShmBuffer {
            id,
            pool,
            buffer,
            width,
            height,
            busy: false,
            stale: Region::default(),
        })
    }
}

impl Drop for ShmBuffer {
    fn drop(&mut self) {
        self.buffer.destroy();
    }
}

/// User data of our `wl_buffer`s: which [`ShmBuffer`] a release is for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BufferTag(u64);

/// Everything the event handlers touch.
pub(crate) struct State {
    pub(crate) registry: RegistryState,
    pub(crate) outputs: OutputState,
    pub(crate) seats: SeatState,
    pub(crate) shm: Shm,
    pub(crate) compositor: CompositorState,
    pub(crate) window: Option<Window>,
    /// The latest configure, `None` before the first.
    pub(crate) configured: Option<Configured>,
    /// The compositor asked to close the window.
    pub(crate) close_requested: bool,
    /// The buffer scale and the frame size are fixed at start.
    pub(crate) scale: u32,
    /// A frame callback was requested and has not arrived.
    pub(crate) frame_pending: bool,
    /// The buffers of the current size (normally two).
    pub(crate) buffers: Vec<ShmBuffer>,
    /// Buffers of an old size the compositor still holds; dropped on release.
    pub(crate) retired: Vec<ShmBuffer>,
    pub(crate) next_buffer_id: u64,
    pub(crate) keymap: KeyMap,
    pub(crate) xkb: Xkb,
    pub(crate) keyboards: Vec<wl_keyboard::WlKeyboard>,
    pub(crate) pointers: Vec<wl_pointer::WlPointer>,
    pub(crate) touches: Vec<wl_touch::WlTouch>,
    pub(crate) pointer: PointerTracker,
    pub(crate) touch: TouchTracker,
    pub(crate) repeat: KeyRepeat,
    pub(crate) held: HeldKeys,
    /// Input for the runtime, oldest first.
    pub(crate) events: Vec<InputEvent>,
    pub(crate) stats: StatsHandle,
}

impl State {
    fn is_our_surface(&self, surface: &wl_surface::WlSurface) -> bool {
        self.window
            .as_ref()
            .is_some_and(|w| w.wl_surface() == surface)
    }

    fn push(&mut self, event: Option<InputEvent>) {
        self.events.extend(event);
    }

    fn keymap_from_fd(&mut self, fd: std::os::fd::OwnedFd, size: u32) {
        if size > MAX_KEYMAP {
            log::warn!("wayland: ignoring a keymap of {size} bytes");
            return;
        }
        // Read with pread: the fd may share its file offset with other clients.
        let mut text = vec![0u8; size as usize];
        let file = std::fs::File::from(fd);
        if let Err(e) = file.read_exact_at(&mut text, 0) {
            log::warn!("wayland: cannot read the keymap: {e}");
            return;
        }
        if let Err(e) = self.xkb.set_keymap(&text) {
            log::warn!("wayland: {e}; keys go through the evdev table");
        }
    }

    fn key(&mut self, code: u32, state: WEnum<wl_keyboard::KeyState>) {
        let pressed = match state {
            WEnum::Value(wl_keyboard::KeyState::Pressed) => true,
            WEnum::Value(wl_keyboard::KeyState::Released) => false,
            // A newer state (`repeated`, wl_keyboard v10) is not bound: ignore.
            _ => return,
        };
        // xkb key codes are evdev codes + 8.
        let xkb_code = code.saturating_add(8);
        let translate = |state: &Self| {
            let keysym = state.xkb.key_sym(xkb_code);
            let key = key_for(&state.keymap, keysym, code);
            if key.is_none() {
                log::debug!("wayland: key {code} (keysym {keysym:#x}) is not mapped");
            }
            key
        };
        let key = if pressed {
            translate(self).inspect(|&key| self.held.press(code, key))
        } else {
            // The release is the key that was pressed, whatever the modifiers are now.
            self.held.release(code).or_else(|| translate(self))
        };
        let Some(key) = key else {
            return;
        };
        if pressed {
            let repeats = self.xkb.key_repeats(xkb_code);
            self.repeat.press(key, repeats, Instant::now());
        } else {
            self.repeat.release(key);
        }
        self.events.push(InputEvent::Key { key, pressed });
    }

    fn buffer_released(&mut self, id: u64) {
        self.stats.update(|s| s.releases += 1);
        if let Some(b) = self.buffers.iter_mut().find(|b| b.id == id) {
            b.busy = false;
        } else {
            // An old size's buffer: it is done now.
            self.retired.retain(|b| b.id != id);
        }
    }
}

impl CompositorHandler for State {
    fn scale_factor_changed(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        surface: &wl_surface::WlSurface,
        new_factor: i32,
    ) {
        if self.is_our_surface(surface) && u32::try_from(new_factor).ok() != Some(self.scale) {
            // The frame size is fixed at start: keep the buffer scale, the compositor
            // scales the surface for this output.
            log::info!(
                "wayland: the output scale is now {new_factor}; Mica keeps rendering at scale {}",
                self.scale
            );
        }
    }

    fn transform_changed(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        _: &wl_surface::WlSurface,
        _: wl_output::Transform,
    ) {
    }

    fn frame(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        surface: &wl_surface::WlSurface,
        _: u32,
    ) {
        if self.is_our_surface(surface) {
            self.frame_pending = false;
            self.stats.update(|s| s.frame_callbacks += 1);
        }
    }

    fn surface_enter(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        _: &wl_surface::WlSurface,
        _: &wl_output::WlOutput,
    ) {
    }

    fn surface_leave(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        _: &wl_surface::WlSurface,
        _: &wl_output::WlOutput,
    ) {
    }
}

impl OutputHandler for State {
    fn output_state(&mut self) -> &mut OutputState {
        &mut self.outputs
    }
    fn new_output(&mut self, _: &Connection, _: &QueueHandle<Self>, _: wl_output::WlOutput) {}
    fn update_output(&mut self, _: &Connection, _: &QueueHandle<Self>, _: wl_output::WlOutput) {}
    fn output_destroyed(&mut self, _: &Connection, _: &QueueHandle<Self>, _: wl_output::WlOutput) {}
}

impl ShmHandler for State {
    fn shm_state(&mut self) -> &mut Shm {
        &mut self.shm
    }
}

impl WindowHandler for State {
    fn request_close(&mut self, _: &Connection, _: &QueueHandle<Self>, _: &Window) {
        self.close_requested = true;
        self.events.push(InputEvent::Quit);
    }

    fn configure(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        _: &Window,
        configure: WindowConfigure,
        _: u32,
    ) {
        let size = match configure.new_size {
            (Some(w), Some(h)) => Some((w.get(), h.get())),
            _ => None,
        };
        let configured = Configured {
            size,
            fullscreen: configure.is_fullscreen(),
            maximized: configure.is_maximized(),
        };
        if self.configured.is_some_and(|c| c != configured) {
            log::info!("wayland: the compositor reconfigured the window: {configured:?}");
        }
        self.configured = Some(configured);
        self.stats.update(|s| {
            s.configures += 1;
            s.configured_size = size;
            s.fullscreen = configured.fullscreen;
        });
    }
}

impl SeatHandler for State {
    fn seat_state(&mut self) -> &mut SeatState {
        &mut self.seats
    }

    fn new_seat(&mut self, _: &Connection, _: &QueueHandle<Self>, _: wl_seat::WlSeat) {}

    fn new_capability(
        &mut self,
        _: &Connection,
        qh: &QueueHandle<Self>,
        seat: wl_seat::WlSeat,
        capability: Capability,
    ) {
        match capability {
            Capability::Keyboard => self.keyboards.push(seat.get_keyboard(qh, ())),
            Capability::Pointer => match self.seats.get_pointer(qh, &seat) {
                Ok(p) => self.pointers.push(p),
                Err(e) => log::warn!("wayland: no pointer: {e}"),
            },
            Capability::Touch => match self.seats.get_touch(qh, &seat) {
                Ok(t) => self.touches.push(t),
                Err(e) => log::warn!("wayland: no touch: {e}"),
            },
            _ => {}
        }
    }

    fn remove_capability(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        _: wl_seat::WlSeat,
        capability: Capability,
    ) {
        match capability {
            Capability::Keyboard => {
                self.repeat.stop();
                self.held.clear();
                release_all(&mut self.keyboards, |k| k.version() >= 3, |k| k.release());
            }
            Capability::Pointer => {
                let up = self.pointer.event(
                    &smithay_client_toolkit::seat::pointer::PointerEventKind::Leave { serial: 0 },
                    (0.0, 0.0),
                );
                self.push(up);
                release_all(&mut self.pointers, |p| p.version() >= 3, |p| p.release());
            }
            Capability::Touch => {
                let up = self.touch.cancel();
                self.push(up);
                release_all(&mut self.touches, |t| t.version() >= 3, |t| t.release());
            }
            _ => {}
        }
    }

    fn remove_seat(&mut self, _: &Connection, _: &QueueHandle<Self>, _: wl_seat::WlSeat) {}
}

/// Releases every device of a kind (Mica uses one seat; a seat losing a capability loses
/// the device).
fn release_all<T>(list: &mut Vec<T>, can_release: impl Fn(&T) -> bool, release: impl Fn(&T)) {
    for d in list.drain(..) {
        if can_release(&d) {
            release(&d);
        }
    }
}

impl PointerHandler for State {
    fn pointer_frame(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        _: &wl_pointer::WlPointer,
        events: &[PointerEvent],
    ) {
        for event in events {
            if self.is_our_surface(&event.surface) {
                let out = self.pointer.event(&event.kind, event.position);
                self.push(out);
            }
        }
    }
}

impl TouchHandler for State {
    fn down(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        _: &wl_touch::WlTouch,
        _: u32,
        _: u32,
        surface: wl_surface::WlSurface,
        id: i32,
        position: (f64, f64),
    ) {
        if self.is_our_surface(&surface) {
            let out = self.touch.down(id, position);
            self.push(out);
        }
    }

    fn up(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        _: &wl_touch::WlTouch,
        _: u32,
        _: u32,
        id: i32,
    ) {
        let out = self.touch.up(id);
        self.push(out);
    }

    fn motion(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        _: &wl_touch::WlTouch,
        _: u32,
        id: i32,
        position: (f64, f64),
    ) {
        let out = self.touch.motion(id, position);
        self.push(out);
    }

    fn shape(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        _: &wl_touch::WlTouch,
        _: i32,
        _: f64,
        _: f64,
    ) {
    }

    fn orientation(
        &mut self,
        _: &Connection,
        _: &QueueHandle<Self>,
        _: &wl_touch::WlTouch,
        _: i32,
        _: f64,
    ) {
    }

    fn cancel(&mut self, _: &Connection, _: &QueueHandle<Self>, _: &wl_touch::WlTouch) {
        let out = self.touch.cancel();
        self.push(out);
    }
}

impl Dispatch<wl_keyboard::WlKeyboard, ()> for State {
    fn event(
        state: &mut Self,
        _: &wl_keyboard::WlKeyboard,
        event: wl_keyboard::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        match event {
            wl_keyboard::Event::Keymap {
                format: WEnum::Value(wl_keyboard::KeymapFormat::XkbV1),
                fd,
                size,
            } => state.keymap_from_fd(fd, size),
            wl_keyboard::Event::Leave { .. } => {
                state.repeat.stop();
                state.held.clear();
            }
            wl_keyboard::Event::Key { key, state: ks, .. } => state.key(key, ks),
            wl_keyboard::Event::Modifiers {
                mods_depressed,
                mods_latched,
                mods_locked,
                group,
                ..
            } => state
                .xkb
                .update_mask(mods_depressed, mods_latched, mods_locked, group),
            wl_keyboard::Event::RepeatInfo { rate, delay } => state.repeat.set_info(rate, delay),
            _ => {}
        }
    }
}

impl Dispatch<wl_buffer::WlBuffer, BufferTag> for State {
    fn event(
        state: &mut Self,
        _: &wl_buffer::WlBuffer,
        event: wl_buffer::Event,
        tag: &BufferTag,
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        if let wl_buffer::Event::Release = event {
            state.buffer_released(tag.0);
        }
    }
}

impl ProvidesRegistryState for State {
    fn registry(&mut self) -> &mut RegistryState {
        &mut self.registry
    }
    registry_handlers![OutputState, SeatState];
}

delegate_compositor!(State);
delegate_output!(State);
delegate_shm!(State);
delegate_seat!(State);
delegate_pointer!(State);
delegate_touch!(State);
delegate_xdg_shell!(State);
delegate_xdg_window!(State);
delegate_registry!(State);
