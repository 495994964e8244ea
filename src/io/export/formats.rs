//! The formats of a book, defined once: every sheet's cells take theirs from here.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

#[derive(Clone)]
pub struct Formats {
    /// The sign-off lines under a sheet.
    pub sign: Format,
    pub title: Format,
    /// A title over a register printed in parts: from the left, not centred over every part.
    pub title_left: Format,
    /// A title wider than its table: centred over it in as many lines as it needs.
    pub title_wrapped: Format,
    pub header: Format,
    pub text: Format,
    pub wrap: Format,
    /// Text that would read as a formula if retyped (= + - @ first): kept text by a quote prefix.
    pub text_quoted: Format,
    pub wrap_quoted: Format,
    /// Whole numbers: “20”, never “20.” as `0.##` shows them in Excel and WPS.
    pub integer: Format,
    pub number: Format,
    pub pct: Format,
    pub date: Format,
    pub center: Format,
    pub vertical: Format,
    pub link: Format,
    /// Wide registers may go on A3 (chosen by the secretary) rather than print in parts.
    pub a3: bool,
}

impl Formats {
    /// The formats of a book whose wide registers print on A3.
    pub fn with_a3(a3: bool) -> Formats {
        Formats { a3, ..Formats::new() }
    }

    pub fn new() -> Formats {
        let sign = Format::new()
            .set_font_name("宋体")
            .set_font_size(11)
            .set_text_wrap()
            .set_align(FormatAlign::Left)
            .set_align(FormatAlign::Top);
        // 宋体 for Excel/WPS on Windows; other readers substitute their CJK face.
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(10.5)
            .set_border(FormatBorder::Thin);
        Formats {
            sign,
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center),
            title_wrapped: Format::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            title_left: Format::new().set_font_name("黑体").set_font_size(16).set_bold(),
            header: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xF4D6D6))
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            text: base.clone().set_align(FormatAlign::VerticalCenter),
            wrap: base.clone().set_text_wrap().set_align(FormatAlign::VerticalCenter),
            text_quoted: base.clone().set_align(FormatAlign::VerticalCenter).set_quote_prefix(),
            wrap_quoted: base
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_quote_prefix(),
            integer: base.clone().set_num_format("0").set_align(FormatAlign::VerticalCenter),
            number: base
                .clone()
                .set_num_format("0.0#")
                .set_align(FormatAlign::VerticalCenter),
            pct: base
                .clone()
                .set_num_format("0.0%")
                .set_align(FormatAlign::VerticalCenter),
            date: base
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::VerticalCenter),
            center: base
                .clone()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            a3: false,
            link: base
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single)
                .set_align(FormatAlign::VerticalCenter),
            // Upright (stacked) text: CJK reads top to bottom in a narrow column.
            vertical: base
                .set_bold()
                .set_background_color(Color::RGB(0xF4D6D6))
                .set_rotation(270)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
        }
    }
}
