//! The headless platform: frames go to memory (and from there to PNG), input is scripted.
//! Tests and `mica render` use it, so they run the same pipeline as a device.

use std::collections::VecDeque;

use mica_layout::Rect;

use crate::platform::{Frame, InputEvent, Platform, PlatformError};

/// A platform without a display.
#[derive(Debug, Default)]
pub struct HeadlessPlatform {
    width: u32,
    height: u32,
    last: Vec<u8>,
    keep_frames: bool,
    presented: u64,
    last_damage: Vec<Rect>,
    input: VecDeque<InputEvent>,
}

impl HeadlessPlatform {
    /// A surface of `width` x `height` px.
    pub fn new(width: u32, height: u32) -> Self {
        HeadlessPlatform {
            width,
            height,
            ..Default::default()
        }
    }

    /// Queues input for the runtime to poll.
    pub fn push_input(&mut self, event: InputEvent) {
        self.input.push_back(event);
    }

    /// Pixels of the last presented frame (premultiplied RGBA8), empty before the first or
    /// when frames are not kept.
    pub fn last_frame(&self) -> &[u8] {
        &self.last
    }

    /// How many frames were presented.
    pub fn frames_presented(&self) -> u64 {
        self.presented
    }

    /// Damage of the last present.
    pub fn last_damage(&self) -> &[Rect] {
        &self.last_damage
    }
}

impl Platform for HeadlessPlatform {
    fn name(&self) -> &'static str {
        "headless"
    }

    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    fn present(&mut self, frame: Frame<'_>, damage: &[Rect]) -> Result<(), PlatformError> {
        if self.keep_frames {
            self.last.clear();
            self.last.extend_from_slice(frame.pixels);
        }
        self.presented += 1;
        self.last_damage = damage.to_vec();
        Ok(())
    }

    fn poll_input(&mut self) -> Result<Vec<InputEvent>, PlatformError> {
        Ok(self.input.drain(..).collect())
    }
}
