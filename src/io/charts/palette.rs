//! Colours, and the fill of each activity kind: hues for a screen, and lightness plus a hatching
//! pattern so that neighbours in a stacked bar stay apart on a greyscale print.

use plotters::style::RGBColor;

use crate::kernel::labels::ActivityKind;

pub(super) const RED: RGBColor = RGBColor(0xB7, 0x1C, 0x1C);
pub(super) const GOLD: RGBColor = RGBColor(0xE0, 0xA1, 0x00);
pub(super) const INK: RGBColor = RGBColor(0x1F, 0x29, 0x33);
/// Subtitles and axis labels: a dark grey, still strong on a washed-out projector.
pub(super) const INK2: RGBColor = RGBColor(0x37, 0x41, 0x51);
pub(super) const GRID: RGBColor = RGBColor(0xE5, 0xE7, 0xEB);
pub(super) const AXIS: RGBColor = RGBColor(0x6B, 0x72, 0x80);
pub(super) const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pattern {
    Solid,
    Diagonal,
    BackDiagonal,
    Cross,
    Horizontal,
    Vertical,
    Dots,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Fill {
    pub color: RGBColor,
    pub pattern: Pattern,
}

impl Fill {
    /// White hatching on a dark fill, dark hatching on a light one.
    pub(super) fn ink(self) -> RGBColor {
        if luma(self.color) < 140.0 {
            WHITE
        } else {
            INK
        }
    }
}

/// Rec. 601 luma, 0–255: what a greyscale print keeps of a colour.
pub(super) fn luma(c: RGBColor) -> f32 {
    0.299 * c.0 as f32 + 0.587 * c.1 as f32 + 0.114 * c.2 as f32
}

/// Kinds that sit next to each other in a month (三会一课 at the bottom, then 主题党日 and the seed's
/// own kinds) differ in lightness or in pattern, or both.
pub(super) fn kind_fill(kind: ActivityKind) -> Fill {
    use ActivityKind::*;
    use Pattern::*;
    let (rgb, pattern) = match kind {
        GeneralMeeting => ((0x7F, 0x1D, 0x1D), Solid),
        CommitteeMeeting => ((0xE5, 0x39, 0x35), Diagonal),
        GroupMeeting => ((0xF8, 0xB4, 0xB4), Solid),
        PartyLecture => ((0xE0, 0xA1, 0x00), Dots),
        ThemeDay => ((0xE6, 0x51, 0x00), Solid),
        LifeMeeting => ((0x28, 0x35, 0x93), Cross),
        Appraisal => ((0x90, 0xCA, 0xF9), Vertical),
        HeartTalk => ((0x00, 0x89, 0x7B), Horizontal),
        MicroLecture => ((0x6A, 0x1B, 0x9A), Dots),
        Salon => ((0xAE, 0xD5, 0x81), Diagonal),
        Seminar => ((0x80, 0xCB, 0xC4), Cross),
        TheoryStudy => ((0x15, 0x65, 0xC0), BackDiagonal),
        Volunteer => ((0xF4, 0x8F, 0xB1), Horizontal),
        Other => ((0x61, 0x61, 0x61), Vertical),
    };
    Fill {
        color: RGBColor(rgb.0, rgb.1, rgb.2),
        pattern,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_of_kinds_differs_in_grey_or_in_pattern() {
        let all = ActivityKind::ALL;
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                let (fa, fb) = (kind_fill(*a), kind_fill(*b));
                let apart = (luma(fa.color) - luma(fb.color)).abs() >= 40.0;
                assert!(apart || fa.pattern != fb.pattern, "{a:?} and {b:?} look alike in grey");
            }
        }
    }
}
