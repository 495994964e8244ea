//! Study: completion by task, and each member's 学时 against the yearly 32.

use super::canvas::{line, rect, render, text_width, ticks, Align, Label};
use super::palette::{GOLD, GRID, INK, INK2, RED, WHITE};
use super::ranking::{hbars, Bars, TWO_COLUMNS_FROM};
use super::Data;
use super::{shown_name, Chart, ChartOptions};
use crate::domain::study;
use crate::Result;

const OPENERS: [(char, char); 5] = [('）', '（'), (')', '('), ('】', '【'), (']', '['), ('」', '「')];

/// The bracketed part a name ends with ("（第12期）"), if it has one.
fn bracketed_tail(chars: &[char]) -> Option<usize> {
    let last = *chars.last()?;
    let (close, open) = OPENERS.iter().find(|(c, _)| *c == last)?;
    let mut depth = 0;
    for i in (0..chars.len()).rev() {
        if chars[i] == *close {
            depth += 1;
        } else if chars[i] == *open {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// `name` in at most `max` characters: the head, "…", and the last `keep` characters.
fn cut(chars: &[char], max: usize, keep: usize) -> String {
    let head = max.saturating_sub(keep + 1);
    let mut s: String = chars[..head].iter().collect();
    s.push('…');
    s.extend(&chars[chars.len() - keep..]);
    s
}

/// Labels of at most `max` characters (at least 6) that stay as distinct as the names: a long name keeps
/// its head and the bracketed part it ends with — the "（第12期）" that tells a series apart — joined by
/// "…"; names that would still look alike keep more of their end.
pub fn short_labels(names: &[String], max: usize) -> Vec<String> {
    let max = max.max(6);
    let chars: Vec<Vec<char>> = names.iter().map(|n| n.chars().collect()).collect();
    let mut keep: Vec<usize> = chars
        .iter()
        .map(|c| match bracketed_tail(c) {
            _ if c.len() <= max => c.len(),
            Some(i) if c.len() - i <= max / 2 => c.len() - i,
            _ => 0,
        })
        .collect();
    let label = |i: usize, keep: usize| {
        if chars[i].len() <= max {
            names[i].clone()
        } else {
            cut(&chars[i], max, keep)
        }
    };
    loop {
        let labels: Vec<String> = (0..names.len()).map(|i| label(i, keep[i])).collect();
        let mut grew = false;
        for i in 0..names.len() {
            let clash = (0..names.len()).any(|j| j != i && labels[j] == labels[i] && names[j] != names[i]);
            if clash && chars[i].len() > max && keep[i] + 2 < max {
                keep[i] += 1;
                grew = true;
            }
        }
        if !grew {
            return labels;
        }
    }
}

pub(super) fn study_completion_by_task(data: &Data, opts: &ChartOptions, branch: &str) -> Result<Chart> {
    let tasks = &data.tasks;
    let mean = if tasks.is_empty() {
        0.0
    } else {
        tasks.iter().map(|t| t.completion_rate).sum::<f64>() / tasks.len() as f64
    };
    let title = format!("{} 年学习任务完成率", opts.year);
    let subtitle = format!(
        "{branch}　共 {} 项任务，平均完成率 {:.1}%（含逾期完成）",
        tasks.len(),
        mean * 100.0
    );
    let names: Vec<String> = tasks.iter().map(|t| t.name.clone()).collect();
    let max_chars = if tasks.len() >= TWO_COLUMNS_FROM { 15 } else { 24 };
    let rows: Vec<(String, f64)> = short_labels(&names, max_chars)
        .into_iter()
        .zip(tasks)
        .map(|(label, t)| (label, t.completion_rate * 100.0))
        .collect();
    let value = |v: f64| format!("{v:.0}%");
    let (w, h) = (opts.width, opts.height);
    let png = render(w, h, h as f32 / 1080.0, |root, ov| {
        let top = ov.caption(w, &title, &subtitle) + ov.px(20.0);
        let bars = Bars {
            rows: &rows,
            max: 100.0,
            color: RED,
            value: &value,
        };
        hbars(root, ov, (w, h), top, &bars)
    })?;
    Ok(Chart {
        file_name: "study_completion_by_task.png",
        title,
        png,
    })
}

pub(super) fn study_hours(data: &Data, opts: &ChartOptions, branch: &str) -> Result<Chart> {
    let mut people = data.people.clone();
    people.sort_by(|a, b| b.study_hours.total_cmp(&a.study_hours));
    let below = people.iter().filter(|p| !p.meets_yearly_hours).count();
    let line_hours = study::YEARLY_HOURS;
    let title = format!("{} 年党员学时（基准线 {line_hours} 学时）", opts.year);
    let subtitle = format!(
        "{branch}　学时 = 学习任务 + 出席组织生活；{} 人中 {below} 人未达 {line_hours} 学时",
        people.len()
    );
    let names: Vec<String> = people
        .iter()
        .enumerate()
        .map(|(i, p)| shown_name(opts, i, &p.name))
        .collect();
    let (w, h) = (opts.width, opts.height);
    let png = render(w, h, h as f32 / 1080.0, |root, ov| {
        let top = ov.caption(w, &title, &subtitle) + ov.px(70.0);
        let n = people.len().max(1);
        let (left, right) = (ov.px(110.0), w as f32 - ov.px(50.0));
        let band = (right - left) / n as f32;
        // Names sit across under a wide bar, stacked a character a line under a narrow one.
        let longest = names.iter().map(|s| s.chars().count()).max().unwrap_or(2).max(2);
        let widest = names.iter().map(|s| text_width(s, 1.0)).fold(2.0, f32::max);
        let across = (band * 0.85 / widest).min(ov.px(30.0));
        let stacked = (band * 0.8).min(ov.px(30.0));
        let vertical = across < ov.px(22.0) && stacked > across;
        let name_size = if vertical { stacked } else { across };
        let name_room = if vertical {
            name_size * longest as f32
        } else {
            name_size
        } + ov.px(30.0);
        let bottom = h as f32 - name_room;
        let max = people.iter().map(|p| p.study_hours).fold(line_hours * 1.3, f64::max);
        let values = ticks(max * 1.08, 6);
        let y_max = values.last().copied().unwrap_or(1.0);
        let y_of = |v: f64| (bottom - (v / y_max) as f32 * (bottom - top)).round() as i32;
        let grid = ov.px(2.0).round().max(1.0) as u32;
        for v in &values {
            line(root, (left as i32, y_of(*v)), (right as i32, y_of(*v)), GRID, grid)?;
            ov.text(
                Label::new(format!("{v:.0}"), (left - ov.px(16.0), y_of(*v) as f32), ov.px(28.0))
                    .color(INK2)
                    .align(Align::End, Align::Center),
            );
        }
        ov.text(
            Label::new("学时", (left - ov.px(16.0), top - ov.px(24.0)), ov.px(26.0))
                .color(INK2)
                .align(Align::End, Align::End),
        );
        let value_size = (band * 0.5).min(ov.px(26.0));
        for (i, (p, name)) in people.iter().zip(&names).enumerate() {
            let c = left + band * (i as f32 + 0.5);
            let half = band * 0.34;
            let color = if p.meets_yearly_hours { RED } else { GOLD };
            rect(
                root,
                [(c - half) as i32, y_of(p.study_hours), (c + half) as i32, y_of(0.0)],
                color,
            )?;
            let name =
                Label::new(name.clone(), (c, bottom + ov.px(12.0)), name_size).align(Align::Center, Align::Start);
            ov.text(if vertical { name.vertical() } else { name });
            if value_size >= ov.px(16.0) {
                let at = (c, y_of(p.study_hours) as f32 - ov.px(6.0));
                ov.text(Label::new(format!("{:.0}", p.study_hours), at, value_size).align(Align::Center, Align::End));
            }
        }
        // The 32-学时 line, named on a white plate so the words stay dark on light over the red bars.
        let y = y_of(line_hours);
        line(
            root,
            (left as i32, y),
            (right as i32, y),
            INK,
            ov.px(4.0).round().max(1.0) as u32,
        )?;
        ov.text(
            Label::new(
                format!("基准线 {line_hours} 学时"),
                (left + ov.px(24.0), y as f32 - ov.px(12.0)),
                ov.px(28.0),
            )
            .bold()
            .plate(WHITE)
            .align(Align::Start, Align::End),
        );
        // Key for the two colours, above the plot at the right.
        let mut x = right;
        for (text, color) in [
            (format!("未达 {line_hours} 学时"), GOLD),
            (format!("达到 {line_hours} 学时"), RED),
        ] {
            let size = ov.px(26.0);
            let y = top - ov.px(40.0);
            ov.text(
                Label::new(text.clone(), (x, y), size)
                    .color(INK2)
                    .align(Align::End, Align::Center),
            );
            x -= text_width(&text, size) + ov.px(12.0);
            ov.fill(
                [
                    (x - ov.px(30.0)) as i32,
                    (y - ov.px(13.0)) as i32,
                    x as i32,
                    (y + ov.px(13.0)) as i32,
                ],
                color,
            );
            x -= ov.px(60.0);
        }
        Ok(())
    })?;
    Ok(Chart {
        file_name: "study_hours.png",
        title,
        png,
    })
}
