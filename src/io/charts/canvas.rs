//! The picture a chart is drawn on. plotters fills shapes; every word, and the hatching that tells
//! kinds apart in greyscale, is painted here after plotters is done. plotters' own text puts each
//! glyph's ink at the pen, dropping the side bearing — a full-width "（", whose ink sits at the right of
//! its em box, left a gap after it ("情况（  按月") — and it sizes text by the font's line height, so a
//! "30 px" label had a 21 px em. Here a size is the em in pixels and each glyph sits where the font
//! places it.

use std::io::Cursor;
use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, OutlinedGlyph, PxScale, ScaleFont};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::palette::Pattern;
use super::FONT_BYTES;
use crate::Error;
use crate::Result;

/// Title and subtitle em sizes at 1080 px high: read from the back of a meeting room.
pub const TITLE_PX: f32 = 56.0;
pub const SUBTITLE_PX: f32 = 32.0;
/// The floor a subtitle too long for the picture may shrink to.
const SUBTITLE_MIN_PX: f32 = 28.0;
/// Where the ideographic em box sits on the baseline (Noto CJK: from −0.12 to 0.88 em).
const EM_ASCENT: f32 = 0.88;

pub(super) type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

fn face() -> Result<&'static FontRef<'static>> {
    static FACE: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FACE.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).ok())
        .as_ref()
        .ok_or_else(|| Error::Chart("内置中文字体无法加载".into()))
}

/// Characters of `text` the embedded font has no glyph for (they would show as boxes).
pub fn missing_glyphs(text: &str) -> Vec<char> {
    match face() {
        Ok(font) => text
            .chars()
            .filter(|c| !c.is_whitespace() && font.glyph_id(*c).0 == 0)
            .collect(),
        Err(_) => text.chars().collect(),
    }
}

/// The drawing library's own text is English: it goes to the log, the secretary reads Chinese.
pub(super) fn chart_err<E: std::fmt::Display>(e: E) -> Error {
    tracing::info!(error = %e, "chart drawing failed");
    Error::Chart("绘图库出错".into())
}

fn em_scale(font: &FontRef<'static>, size: f32) -> PxScale {
    let upem = font.units_per_em().unwrap_or(1000.0);
    PxScale::from(size * font.height_unscaled() / upem)
}

/// Width of `text` set horizontally at `size` px.
pub(super) fn text_width(text: &str, size: f32) -> f32 {
    let Ok(font) = face() else { return 0.0 };
    let f = font.as_scaled(em_scale(font, size));
    text.chars().map(|c| f.h_advance(f.glyph_id(c))).sum()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    Start,
    Center,
    End,
}

/// A line of text anchored at a point: `h` and `v` say which edge of its box (the em box, one line
/// high) the point is on.
#[derive(Debug, Clone)]
pub(super) struct Label {
    text: String,
    at: (f32, f32),
    size: f32,
    color: RGBColor,
    h: Align,
    v: Align,
    bold: bool,
    /// Characters stacked top to bottom (a name under a narrow bar).
    vertical: bool,
    /// A box filled behind the text, for a label laid over bars.
    plate: Option<RGBColor>,
}

impl Label {
    pub(super) fn new(text: impl Into<String>, at: (f32, f32), size: f32) -> Label {
        Label {
            text: text.into(),
            at,
            size,
            color: super::palette::INK,
            h: Align::Start,
            v: Align::Start,
            bold: false,
            vertical: false,
            plate: None,
        }
    }
    pub(super) fn color(mut self, c: RGBColor) -> Label {
        self.color = c;
        self
    }
    pub(super) fn align(mut self, h: Align, v: Align) -> Label {
        self.h = h;
        self.v = v;
        self
    }
    pub(super) fn bold(mut self) -> Label {
        self.bold = true;
        self
    }
    pub(super) fn vertical(mut self) -> Label {
        self.vertical = true;
        self
    }
    pub(super) fn plate(mut self, c: RGBColor) -> Label {
        self.plate = Some(c);
        self
    }

    fn size_box(&self) -> (f32, f32) {
        if self.vertical {
            (self.size, self.size * self.text.chars().count() as f32)
        } else {
            (text_width(&self.text, self.size), self.size)
        }
    }

    /// Top-left corner of the text's box.
    fn origin(&self) -> (f32, f32) {
        let (w, h) = self.size_box();
        let x = match self.h {
            Align::Start => self.at.0,
            Align::Center => self.at.0 - w / 2.0,
            Align::End => self.at.0 - w,
        };
        let y = match self.v {
            Align::Start => self.at.1,
            Align::Center => self.at.1 - h / 2.0,
            Align::End => self.at.1 - h,
        };
        (x, y)
    }
}

enum Op {
    Fill([i32; 4], RGBColor),
    Hatch([i32; 4], Pattern, RGBColor, i32),
    Text(Label),
}

/// What is painted over plotters' drawing, in order.
pub(super) struct Overlay {
    ops: Vec<Op>,
    /// Pixels per design unit (one pixel of a 1080-high chart).
    k: f32,
}

impl Overlay {
    pub(super) fn text(&mut self, label: Label) {
        self.ops.push(Op::Text(label));
    }
    pub(super) fn fill(&mut self, rect: [i32; 4], color: RGBColor) {
        self.ops.push(Op::Fill(rect, color));
    }
    /// Lines or dots of `pattern` in `ink` over the rectangle (x0, y0, x1, y1).
    pub(super) fn hatch(&mut self, rect: [i32; 4], pattern: Pattern, ink: RGBColor) {
        if pattern != Pattern::Solid {
            let pitch = (13.0 * self.k).round().max(4.0) as i32;
            self.ops.push(Op::Hatch(rect, pattern, ink, pitch));
        }
    }
    /// `v` units at 1080 px high, in pixels of this picture.
    pub(super) fn px(&self, v: f32) -> f32 {
        v * self.k
    }

    /// The chart's title and subtitle (dark, large); returns the y where the chart below may begin.
    /// A subtitle too wide for the picture shrinks, never below 28 px.
    pub(super) fn caption(&mut self, width: u32, title: &str, subtitle: &str) -> f32 {
        let left = self.px(60.0);
        self.text(Label::new(title, (left, self.px(34.0)), self.px(TITLE_PX)).bold());
        let room = width as f32 - 2.0 * left;
        let mut size = self.px(SUBTITLE_PX);
        let min = self.px(SUBTITLE_MIN_PX);
        while size > min && text_width(subtitle, size) > room {
            size -= self.px(1.0);
        }
        self.text(Label::new(subtitle, (left, self.px(112.0)), size.max(min)).color(super::palette::INK2));
        self.px(180.0)
    }

    fn paint(&self, img: &mut Pixels) -> Result<()> {
        let font = face()?;
        for op in &self.ops {
            match op {
                Op::Fill(r, c) => img.fill(*r, *c),
                Op::Hatch(r, p, c, pitch) => img.hatch(*r, *p, *c, *pitch),
                Op::Text(l) => paint_label(font, img, l),
            }
        }
        Ok(())
    }
}

struct Pixels<'a> {
    buf: &'a mut [u8],
    w: i32,
    h: i32,
}

impl Pixels<'_> {
    fn blend(&mut self, x: i32, y: i32, c: RGBColor, a: f32) {
        if x < 0 || y < 0 || x >= self.w || y >= self.h || a < 1.0 / 255.0 {
            return;
        }
        let i = ((y * self.w + x) * 3) as usize;
        let px = &mut self.buf[i..i + 3];
        if a >= 1.0 {
            px.copy_from_slice(&[c.0, c.1, c.2]);
            return;
        }
        let a = (a * 256.0) as u32;
        for (d, s) in px.iter_mut().zip([c.0, c.1, c.2]) {
            *d = ((*d as u32 * (256 - a) + s as u32 * a) >> 8) as u8;
        }
    }

    fn clip(&self, [x0, y0, x1, y1]: [i32; 4]) -> (i32, i32, i32, i32) {
        (x0.max(0), y0.max(0), x1.min(self.w), y1.min(self.h))
    }

    fn fill(&mut self, r: [i32; 4], c: RGBColor) {
        let (x0, y0, x1, y1) = self.clip(r);
        for y in y0..y1 {
            for x in x0..x1 {
                let i = ((y * self.w + x) * 3) as usize;
                self.buf[i..i + 3].copy_from_slice(&[c.0, c.1, c.2]);
            }
        }
    }

    fn hatch(&mut self, r: [i32; 4], pattern: Pattern, c: RGBColor, pitch: i32) {
        let (x0, y0, x1, y1) = self.clip(r);
        let line = (pitch / 4).max(2);
        let dot = (pitch as f32 * 0.22).powi(2);
        for y in y0..y1 {
            for x in x0..x1 {
                let on = match pattern {
                    Pattern::Solid => false,
                    Pattern::Diagonal => (x + y).rem_euclid(pitch) < line,
                    Pattern::BackDiagonal => (x - y).rem_euclid(pitch) < line,
                    Pattern::Cross => (x + y).rem_euclid(pitch) < line || (x - y).rem_euclid(pitch) < line,
                    Pattern::Horizontal => y.rem_euclid(pitch) < line,
                    Pattern::Vertical => x.rem_euclid(pitch) < line,
                    Pattern::Dots => {
                        let dx = (x.rem_euclid(pitch) - pitch / 2) as f32;
                        let dy = (y.rem_euclid(pitch) - pitch / 2) as f32;
                        dx * dx + dy * dy <= dot
                    }
                };
                if on {
                    self.blend(x, y, c, 1.0);
                }
            }
        }
    }
}

fn paint_label(font: &FontRef<'static>, img: &mut Pixels, l: &Label) {
    let scale = em_scale(font, l.size);
    let f = font.as_scaled(scale);
    let (x0, y0) = l.origin();
    if let Some(c) = l.plate {
        let (w, h) = l.size_box();
        let pad = l.size * 0.3;
        let r = [x0 - pad, y0 - pad * 0.6, x0 + w + pad, y0 + h + pad * 0.6];
        img.fill(r.map(|v| v.round() as i32), c);
    }
    // Faux bold: the one embedded face is Regular; each glyph is widened by a few pixels.
    let bold = if l.bold {
        (l.size / 22.0).round().max(1.0) as i32
    } else {
        0
    };
    let mut pen = x0;
    for (i, c) in l.text.chars().enumerate() {
        let id = f.glyph_id(c);
        let advance = f.h_advance(id);
        let (x, baseline) = if l.vertical {
            (x0 + (l.size - advance) / 2.0, y0 + (i as f32 + EM_ASCENT) * l.size)
        } else {
            (pen, y0 + EM_ASCENT * l.size)
        };
        if let Some(g) = font.outline_glyph(id.with_scale_and_position(scale, point(x, baseline))) {
            paint_glyph(img, &g, l.color, bold);
        }
        pen += advance;
    }
}

fn paint_glyph(img: &mut Pixels, g: &OutlinedGlyph, color: RGBColor, bold: i32) {
    let b = g.px_bounds();
    let (left, top) = (b.min.x as i32 - bold / 2, b.min.y as i32);
    if bold == 0 {
        g.draw(|x, y, a| img.blend(left + x as i32, top + y as i32, color, a));
        return;
    }
    let stride = b.width() as usize + bold as usize + 1;
    let rows = b.height() as usize + 1;
    let mut cover = vec![0f32; stride * rows];
    g.draw(|x, y, a| {
        let row = y as usize * stride;
        for d in 0..=bold as usize {
            let i = row + x as usize + d;
            if let Some(v) = cover.get_mut(i) {
                *v = v.max(a);
            }
        }
    });
    for (i, a) in cover.iter().enumerate() {
        if *a > 0.0 {
            img.blend(left + (i % stride) as i32, top + (i / stride) as i32, color, *a);
        }
    }
}

/// Draws a `w`×`h` picture on white — shapes with plotters into `root`, words and hatching into the
/// overlay — and encodes it as PNG.
pub(super) fn render(w: u32, h: u32, k: f32, draw: impl FnOnce(&Area, &mut Overlay) -> Result<()>) -> Result<Vec<u8>> {
    face()?;
    // White to begin with: cheaper than a fill through plotters on an A4 page.
    let mut buf = vec![0xFFu8; (w * h * 3) as usize];
    let mut overlay = Overlay { ops: Vec::new(), k };
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        draw(&root, &mut overlay)?;
        root.present().map_err(chart_err)?;
    }
    overlay.paint(&mut Pixels {
        buf: &mut buf,
        w: w as i32,
        h: h as i32,
    })?;
    let img = image::RgbImage::from_raw(w, h, buf).ok_or_else(|| Error::Chart("图像缓冲区大小不符".into()))?;
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageOutputFormat::Png)
        .map_err(chart_err)?;
    Ok(out.into_inner())
}

/// A filled rectangle (x0, y0, x1, y1) in pixels.
pub(super) fn rect(root: &Area, r: [i32; 4], color: RGBColor) -> Result<()> {
    root.draw(&Rectangle::new([(r[0], r[1]), (r[2], r[3])], color.filled()))
        .map_err(chart_err)
}

/// A straight line in pixels.
pub(super) fn line(root: &Area, from: (i32, i32), to: (i32, i32), color: RGBColor, width: u32) -> Result<()> {
    root.draw(&PathElement::new(vec![from, to], color.stroke_width(width)))
        .map_err(chart_err)
}

/// Tick values 0, step, 2·step… up to at least `max`, with about `target` steps of 1, 2 or 5 × 10ⁿ.
pub(super) fn ticks(max: f64, target: u32) -> Vec<f64> {
    let raw = (max.max(1.0) / target.max(1) as f64).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(1.0);
    let n = (max / step).ceil().max(1.0) as u32;
    (0..=n).map(|i| i as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blank column runs between the first and the last inked column of `text` set at 100 px.
    fn gaps(text: &str) -> Vec<usize> {
        let (w, h) = (600, 130);
        let mut buf = vec![255u8; w * h * 3];
        let mut img = Pixels {
            buf: &mut buf,
            w: w as i32,
            h: h as i32,
        };
        paint_label(face().unwrap(), &mut img, &Label::new(text, (10.0, 10.0), 100.0));
        let inked: Vec<bool> = (0..w).map(|x| (0..h).any(|y| buf[(y * w + x) * 3] < 128)).collect();
        let (first, last) = (
            inked.iter().position(|i| *i).unwrap(),
            inked.iter().rposition(|i| *i).unwrap(),
        );
        let mut runs = Vec::new();
        let mut run = 0;
        for i in &inked[first..=last] {
            if *i {
                if run > 0 {
                    runs.push(run);
                }
                run = 0;
            } else {
                run += 1;
            }
        }
        runs
    }

    #[test]
    fn a_full_width_bracket_hugs_the_word_it_opens() {
        // "况（按": the bracket's ink sits at the right of its em box, against 按, with the blank half
        // before it — not after it, as plotters' own text drew it ("情况（  按月").
        let runs = gaps("况（按");
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert!(runs[1] < 20 && runs[0] > 2 * runs[1], "{runs:?}");
        // And a closing bracket hugs the word it closes.
        let runs = gaps("型）年");
        assert!(runs[0] < 20 && runs[1] > 2 * runs[0], "{runs:?}");
    }

    #[test]
    fn a_size_is_the_em() {
        // An ideograph is one em wide: 40 px type sets 按月 in 80 px.
        assert!((text_width("按月", 40.0) - 80.0).abs() < 0.5);
    }

    #[test]
    fn ticks_are_round_steps_up_to_the_maximum() {
        assert_eq!(ticks(7.0, 6), [0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(ticks(134.0 * 1.08, 6), [0.0, 50.0, 100.0, 150.0]);
        assert_eq!(ticks(100.0, 5), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(0.0, 6), [0.0, 1.0]);
    }
}
