//! The framebuffer: geometry from the device's ioctls or from the config (a file-backed
//! framebuffer), one shared mapping, damage-only writes, page flipping.
//!
//! Where the geometry comes from is the only difference between a device and a file:
//! both are mapped with `mmap(MAP_SHARED)` and written the same way. A file has no
//! display controller, so a page flip there only records the new offset.
//!
//! Page flipping keeps, per buffer, the rectangles it has not received yet: a frame's
//! damage is owed to both buffers, the back buffer gets what it is owed (its own
//! previous frame missed the other buffer's damage), then it is shown.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use mica_engine::config::{FbGeometry, FbdevConfig};
use mica_engine::platform::{Frame, PlatformError};
use mica_layout::Rect;

use crate::format::{Alpha, Bitfield, PixelFormat};
use crate::{error, sys};

/// The framebuffer's layout in memory, as `FBIOGET_VSCREENINFO`/`FBIOGET_FSCREENINFO`
/// report it (or the config's `geometry` states it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    /// Visible width in px (`xres`).
    pub width: u32,
    /// Visible height in px (`yres`).
    pub height: u32,
    /// Width of the whole buffer in px (`xres_virtual`).
    pub virtual_width: u32,
    /// Height of the whole buffer in px (`yres_virtual`).
    pub virtual_height: u32,
    /// Column of the visible area (`xoffset`).
    pub xoffset: u32,
    /// Row of the visible area (`yoffset`).
    pub yoffset: u32,
    /// Bytes per row, padding included (`line_length`).
    pub line_length: u32,
    /// Pixel format.
    pub format: PixelFormat,
}

impl Geometry {
    /// The geometry the config states for a file-backed framebuffer.
    pub fn from_config(g: &FbGeometry) -> Result<Geometry, String> {
        let format = match (g.format, g.bits_per_pixel) {
            (Some(f), bpp) => {
                let f = PixelFormat::from(f);
                if let Some(bpp) = bpp.filter(|&b| b != f.bits_per_pixel()) {
                    return Err(format!(
                        "geometry: bits_per_pixel {bpp} does not match format {f} ({} bits)",
                        f.bits_per_pixel()
                    ));
                }
                f
            }
            (None, Some(bpp)) => PixelFormat::for_depth(bpp)
                .ok_or_else(|| format!("geometry: no pixel format has {bpp} bits per pixel"))?,
            (None, None) => return Err("geometry: needs `format` or `bits_per_pixel`".into()),
        };
        let virtual_width = g.virtual_width.unwrap_or(g.width);
        let line_length = match g.line_length {
            Some(l) => l,
            None => virtual_width
                .checked_mul(format.bytes_per_pixel() as u32)
                .ok_or("geometry: too wide")?,
        };
        let geometry = Geometry {
            width: g.width,
            height: g.height,
            virtual_width,
            virtual_height: g.virtual_height.unwrap_or(g.height),
            xoffset: g.xoffset,
            yoffset: g.yoffset,
            line_length,
            format,
        };
        geometry.check()?;
        Ok(geometry)
    }

    /// The geometry a device reports.
    pub(crate) fn from_screeninfo(
        var: &sys::FbVarScreenInfo,
        fix: &sys::FbFixScreenInfo,
    ) -> Result<Geometry, String> {
        let field = |b: sys::FbBitfield| Bitfield {
            offset: b.offset,
            length: b.length,
        };
        let described = || {
            format!(
                "{} bpp, red {}:{}, green {}:{}, blue {}:{}, alpha {}:{}",
                var.bits_per_pixel,
                var.red.offset,
                var.red.length,
                var.green.offset,
                var.green.length,
                var.blue.offset,
                var.blue.length,
                var.transp.offset,
                var.transp.length
            )
        };
        // grayscale > 1 is a FOURCC format, nonstd a driver-specific one.
        let msb_right = var.red.msb_right | var.green.msb_right | var.blue.msb_right;
        if var.grayscale != 0 || var.nonstd != 0 || msb_right != 0 {
            return Err(format!("unsupported pixel format ({})", described()));
        }
        let format = PixelFormat::from_bitfields(
            var.bits_per_pixel,
            field(var.red),
            field(var.green),
            field(var.blue),
            field(var.transp),
        )
        .ok_or_else(|| format!("unsupported pixel format ({})", described()))?;
        let geometry = Geometry {
            width: var.xres,
            height: var.yres,
            virtual_width: var.xres_virtual,
            virtual_height: var.yres_virtual,
            xoffset: var.xoffset,
            yoffset: var.yoffset,
            line_length: fix.line_length,
            format,
        };
        geometry.check()?;
        Ok(geometry)
    }

    /// Bytes the buffer spans: `line_length * virtual_height`.
    pub fn buffer_len(&self) -> usize {
        self.line_length as usize * self.virtual_height as usize
    }

    /// Whether the visible area fits the buffer.
    fn check(&self) -> Result<(), String> {
        let bpp = self.format.bytes_per_pixel() as u64;
        if self.width == 0 || self.height == 0 {
            return Err(format!("empty screen {}x{}", self.width, self.height));
        }
        if u64::from(self.xoffset) + u64::from(self.width) > u64::from(self.virtual_width) {
            return Err(format!(
                "xoffset {} + width {} exceeds the virtual width {}",
                self.xoffset, self.width, self.virtual_width
            ));
        }
        if u64::from(self.yoffset) + u64::from(self.height) > u64::from(self.virtual_height) {
            return Err(format!(
                "yoffset {} + height {} exceeds the virtual height {}",
                self.yoffset, self.height, self.virtual_height
            ));
        }
        if u64::from(self.virtual_width) * bpp > u64::from(self.line_length) {
            return Err(format!(
                "line_length {} is shorter than {} px of {}",
                self.line_length, self.virtual_width, self.format
            ));
        }
        if u64::from(self.line_length) * u64::from(self.virtual_height) > isize::MAX as u64 {
            return Err("framebuffer too large".into());
        }
        Ok(())
    }
}

/// A damage rectangle in whole pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PixelRect {
    pub(crate) x: u32,
    pub(crate) y: u32,
    pub(crate) w: u32,
    pub(crate) h: u32,
}

impl PixelRect {
    /// The pixels `r` touches (rounded outwards), clipped to `width` x `height`; `None`
    /// when nothing is left.
    pub(crate) fn covering(r: &Rect, width: u32, height: u32) -> Option<PixelRect> {
        let clamp = |v: f32, max: u32| -> u32 { v.max(0.0).min(max as f32) as u32 };
        let x0 = clamp(r.x.floor(), width);
        let y0 = clamp(r.y.floor(), height);
        let x1 = clamp((r.x + r.width).ceil(), width);
        let y1 = clamp((r.y + r.height).ceil(), height);
        (x1 > x0 && y1 > y0).then(|| PixelRect {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        })
    }

    fn contains(&self, o: &PixelRect) -> bool {
        o.x >= self.x
            && o.y >= self.y
            && o.x + o.w <= self.x + self.w
            && o.y + o.h <= self.y + self.h
    }

    fn union(&self, o: &PixelRect) -> PixelRect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        PixelRect {
            x,
            y,
            w: (self.x + self.w).max(o.x + o.w) - x,
            h: (self.y + self.h).max(o.y + o.h) - y,
        }
    }
}

/// Past this many rectangles owed to a buffer, they become their bounding box.
const MAX_OWED: usize = 16;

/// Adds `r` to `list` unless a rectangle there already covers it.
fn owe(list: &mut Vec<PixelRect>, r: PixelRect) {
    if list.iter().any(|o| o.contains(&r)) {
        return;
    }
    list.retain(|o| !r.contains(o));
    list.push(r);
    if list.len() > MAX_OWED {
        let bounds = list.iter().skip(1).fold(list[0], |a, b| a.union(b));
        list.clear();
        list.push(bounds);
    }
}

/// Where the geometry came from.
#[derive(Debug)]
enum Source {
    /// A device: its var screeninfo, for panning.
    Device(sys::FbVarScreenInfo),
    /// A file described by the config.
    File,
}

/// An open, mapped framebuffer.
#[derive(Debug)]
pub(crate) struct Framebuffer {
    path: PathBuf,
    file: File,
    map: sys::Mapping,
    geometry: Geometry,
    source: Source,
    alpha: Alpha,
    /// Two buffers (`virtual_height >= 2 * height`) flipped with `FBIOPAN_DISPLAY`.
    flipping: bool,
    /// The buffer on screen while flipping (0 or 1).
    front: usize,
    /// Per buffer, the rectangles it has not received yet (flipping only).
    owed: [Vec<PixelRect>; 2],
    vsync: bool,
}

impl Framebuffer {
    /// Opens and maps the framebuffer `config` names.
    pub(crate) fn open(config: &FbdevConfig) -> Result<Framebuffer, PlatformError> {
        let path = config.device.as_path();
        let (file, geometry, source, ypan) = match &config.geometry {
            Some(g) => {
                let geometry = Geometry::from_config(g).map_err(|m| error::invalid(path, m))?;
                let file = OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(false)
                    .open(path)
                    .map_err(|e| error::io(path, "open", e))?;
                let len = file
                    .metadata()
                    .map_err(|e| error::io(path, "stat", e))?
                    .len();
                if len < geometry.buffer_len() as u64 {
                    file.set_len(geometry.buffer_len() as u64)
                        .map_err(|e| error::io(path, "resize", e))?;
                }
                (file, geometry, Source::File, true)
            }
            None => {
                let file = OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(path)
                    .map_err(|e| error::io(path, "open", e))?;
                let var = sys::fb_var_screeninfo(&file)
                    .map_err(|e| error::io(path, "FBIOGET_VSCREENINFO", e))?;
                let fix = sys::fb_fix_screeninfo(&file)
                    .map_err(|e| error::io(path, "FBIOGET_FSCREENINFO", e))?;
                let geometry =
                    Geometry::from_screeninfo(&var, &fix).map_err(|m| error::invalid(path, m))?;
                if (fix.smem_len as usize) < geometry.buffer_len() {
                    return Err(error::invalid(
                        path,
                        format!(
                            "framebuffer memory ({} bytes) is smaller than {} rows of {} bytes",
                            fix.smem_len, geometry.virtual_height, geometry.line_length
                        ),
                    ));
                }
                let ypan = fix.ypanstep > 0 || fix.ywrapstep > 0;
                (file, geometry, Source::Device(var), ypan)
            }
        };
        let map = sys::Mapping::new(&file, geometry.buffer_len())
            .map_err(|e| error::io(path, "mmap", e))?;
        let flipping = config.page_flip && ypan && geometry.virtual_height / 2 >= geometry.height;
        let front = if flipping && geometry.yoffset >= geometry.height {
            1
        } else {
            0
        };
        log::info!(
            "fbdev: {}: {}x{} {} (line {} bytes, virtual {}x{}){}",
            path.display(),
            geometry.width,
            geometry.height,
            geometry.format,
            geometry.line_length,
            geometry.virtual_width,
            geometry.virtual_height,
            if flipping { ", page flipping" } else { "" }
        );
        Ok(Framebuffer {
            path: path.to_path_buf(),
            file,
            map,
            geometry,
            source,
            alpha: if config.premultiplied_alpha {
                Alpha::Premultiplied
            } else {
                Alpha::Straight
            },
            flipping,
            front,
            owed: [Vec::new(), Vec::new()],
            vsync: config.vsync,
        })
    }

    pub(crate) fn geometry(&self) -> &Geometry {
        &self.geometry
    }

    pub(crate) fn flipping(&self) -> bool {
        self.flipping
    }

    /// The visible area's offset in the buffer (what the display scans out).
    pub(crate) fn pan_offset(&self) -> (u32, u32) {
        (self.geometry.xoffset, self.buffer_row(self.front))
    }

    /// The first row of buffer `b`.
    fn buffer_row(&self, b: usize) -> u32 {
        if self.flipping {
            b as u32 * self.geometry.height
        } else {
            self.geometry.yoffset
        }
    }

    /// Shows `frame`, writing only `damage`.
    pub(crate) fn present(
        &mut self,
        frame: Frame<'_>,
        damage: &[Rect],
    ) -> Result<(), PlatformError> {
        let need = frame.width as usize * frame.height as usize * 4;
        if frame.pixels.len() < need {
            return Err(error::invalid(
                &self.path,
                format!(
                    "frame of {}x{} has {} bytes, not {need}",
                    frame.width,
                    frame.height,
                    frame.pixels.len()
                ),
            ));
        }
        let w = frame.width.min(self.geometry.width);
        let h = frame.height.min(self.geometry.height);
        let rects: Vec<PixelRect> = damage
            .iter()
            .filter_map(|r| PixelRect::covering(r, w, h))
            .collect();
        if rects.is_empty() {
            return Ok(());
        }
        if !self.flipping {
            self.wait_vsync();
            let row = self.buffer_row(0);
            for r in &rects {
                self.write_rect(frame, *r, row);
            }
            return Ok(());
        }
        for r in &rects {
            owe(&mut self.owed[0], *r);
            owe(&mut self.owed[1], *r);
        }
        let back = 1 - self.front;
        let owed = std::mem::take(&mut self.owed[back]);
        let row = self.buffer_row(back);
        for r in &owed {
            self.write_rect(frame, *r, row);
        }
        if let Err(e) = self.pan(back) {
            // The driver cannot pan after all: stay on the buffer on screen, give it the
            // whole frame and draw in place from now on.
            log::warn!(
                "fbdev: {}: FBIOPAN_DISPLAY: {e}; drawing without page flipping",
                self.path.display()
            );
            let row = self.buffer_row(self.front);
            self.flipping = false;
            self.geometry.yoffset = row;
            self.write_rect(frame, PixelRect { x: 0, y: 0, w, h }, row);
            return Ok(());
        }
        self.front = back;
        // The old front buffer is drawn next: wait until the display has left it.
        self.wait_vsync();
        Ok(())
    }

    /// Converts one rectangle of `frame` into the buffer starting at row `first_row`.
    fn write_rect(&mut self, frame: Frame<'_>, r: PixelRect, first_row: u32) {
        let bpp = self.geometry.format.bytes_per_pixel();
        let line = self.geometry.line_length as usize;
        let x_byte = (self.geometry.xoffset + r.x) as usize * bpp;
        let src_stride = frame.width as usize * 4;
        let format = self.geometry.format;
        let alpha = self.alpha;
        let fb = self.map.bytes_mut();
        for y in r.y..r.y + r.h {
            let s = y as usize * src_stride + r.x as usize * 4;
            let d = (first_row + y) as usize * line + x_byte;
            let (Some(src), Some(dst)) = (
                frame.pixels.get(s..s + r.w as usize * 4),
                fb.get_mut(d..d + r.w as usize * bpp),
            ) else {
                // Geometry and frame were checked; this cannot be reached.
                return;
            };
            format.convert_row(src, dst, alpha);
        }
    }

    /// Shows buffer `b`.
    fn pan(&mut self, b: usize) -> io::Result<()> {
        let row = self.buffer_row(b);
        match &mut self.source {
            Source::Device(var) => {
                var.xoffset = self.geometry.xoffset;
                var.yoffset = row;
                sys::fb_pan_display(&self.file, var)
            }
            Source::File => Ok(()),
        }
    }

    /// Waits for vertical blank when the driver can; a driver that cannot (`ENOTTY`,
    /// `EINVAL`, a plain file) is not asked again.
    fn wait_vsync(&mut self) {
        if !self.vsync {
            return;
        }
        if let Err(e) = sys::fb_wait_for_vsync(&self.file) {
            let unsupported = matches!(
                e.raw_os_error(),
                Some(libc::ENOTTY | libc::EINVAL | libc::EOPNOTSUPP | libc::ENOSYS)
            );
            if unsupported {
                log::debug!("fbdev: {}: no FBIO_WAITFORVSYNC ({e})", self.path.display());
            } else {
                log::warn!("fbdev: {}: FBIO_WAITFORVSYNC: {e}", self.path.display());
            }
            self.vsync = false;
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_rounds_outwards_and_clips() {
        let r = PixelRect::covering(&Rect::new(1.5, 2.2, 3.0, 0.5), 10, 10);
        assert_eq!(
            r,
            Some(PixelRect {
                x: 1,
                y: 2,
                w: 4,
                h: 1
            })
        );
        let r = PixelRect::covering(&Rect::new(-5.0, 8.0, 100.0, 100.0), 10, 10);
        assert_eq!(
            r,
            Some(PixelRect {
                x: 0,
                y: 8,
                w: 10,
                h: 2
            })
        );
        assert_eq!(
            PixelRect::covering(&Rect::new(10.0, 0.0, 5.0, 5.0), 10, 10),
            None
        );
        // NaN damage (a bug upstream) draws nothing rather than panicking.
        assert_eq!(
            PixelRect::covering(&Rect::new(f32::NAN, 0.0, 5.0, 5.0), 10, 10),
            None
        );
        assert_eq!(PixelRect::covering(&Rect::default(), 10, 10), None);
    }

    #[test]
    fn owed_rectangles_merge() {
        let mut list = Vec::new();
        let big = PixelRect {
            x: 0,
            y: 0,
            w: 10,
            h: 10,
        };
        owe(
            &mut list,
            PixelRect {
                x: 1,
                y: 1,
                w: 2,
                h: 2,
            },
        );
        owe(&mut list, big);
        assert_eq!(list, vec![big]);
        owe(
            &mut list,
            PixelRect {
                x: 2,
                y: 2,
                w: 2,
                h: 2,
            },
        );
        assert_eq!(list, vec![big]);
        for i in 0..20 {
            owe(
                &mut list,
                PixelRect {
                    x: 20 + i * 2,
                    y: 0,
                    w: 1,
                    h: 1,
                },
            );
        }
        assert!(list.len() <= MAX_OWED);
        assert!(list.iter().any(|r| r.contains(&PixelRect {
            x: 58,
            y: 0,
            w: 1,
            h: 1
        })));
        assert!(list.iter().any(|r| r.contains(&big)));
    }

    #[test]
    fn geometry_checks() {
        let g = |line: Option<u32>, vh: Option<u32>, yoff: u32| FbGeometry {
            width: 4,
            height: 2,
            format: None,
            bits_per_pixel: Some(16),
            line_length: line,
            virtual_width: None,
            virtual_height: vh,
            xoffset: 0,
            yoffset: yoff,
        };
        let ok = Geometry::from_config(&g(None, None, 0)).map_err(|e| e.to_string());
        assert_eq!(
            ok.map(|g| (g.line_length, g.format)),
            Ok((8, PixelFormat::Rgb565))
        );
        assert!(Geometry::from_config(&g(Some(6), None, 0)).is_err());
        assert!(Geometry::from_config(&g(None, None, 1)).is_err());
        assert!(Geometry::from_config(&g(None, Some(3), 1)).is_ok());
        let mut bad = g(None, None, 0);
        bad.bits_per_pixel = Some(32);
        bad.format = Some(mica_engine::config::FbPixelFormat::Rgb565);
        assert!(Geometry::from_config(&bad).is_err());
        bad.format = None;
        bad.bits_per_pixel = None;
        assert!(Geometry::from_config(&bad).is_err());
    }

    #[test]
    fn screeninfo_geometry() {
        let mut var = sys::FbVarScreenInfo {
            xres: 1280,
            yres: 720,
            xres_virtual: 1280,
            yres_virtual: 1440,
            bits_per_pixel: 32,
            ..Default::default()
        };
        var.red = sys::FbBitfield {
            offset: 16,
            length: 8,
            msb_right: 0,
        };
        var.green = sys::FbBitfield {
            offset: 8,
            length: 8,
            msb_right: 0,
        };
        var.blue = sys::FbBitfield {
            offset: 0,
            length: 8,
            msb_right: 0,
        };
        let fix = sys::FbFixScreenInfo {
            line_length: 5120,
            ..Default::default()
        };
        let g = Geometry::from_screeninfo(&var, &fix);
        assert_eq!(g.map(|g| g.format), Ok(PixelFormat::Xrgb8888));
        var.grayscale = 1;
        assert!(Geometry::from_screeninfo(&var, &fix).is_err());
        var.grayscale = 0;
        var.bits_per_pixel = 8;
        let err = Geometry::from_screeninfo(&var, &fix)
            .err()
            .unwrap_or_default();
        assert!(err.contains("8 bpp, red 16:8"), "{err}");
    }
}
