//! The team pane: a line of figures per key worker, the total, what the short column names
//! mean, and the cover running or to come.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::widgets::{Theme, fit};
use crate::app::Model;
use crate::app::team::TeamScreen;
use crate::domain::dates::short;
use crate::domain::team::{Cover, WorkerFigures};
use crate::strings;

pub fn title(t: &TeamScreen) -> String {
    if t.lead {
        format!("{} · {}", strings::TEAM, strings::workers(t.lines.len()))
    } else {
        strings::MY_FIGURES.to_string()
    }
}

/// The headings of the columns after the name; the last is open referrals.
const HEADS: [&str; 13] = [
    "Open", "Ref", "Eng", "Job", "Wrk", "Prg", "Pau", "Late", "7d", "28d", "Quiet", "Miss3", "Refs",
];

fn figures(l: &WorkerFigures) -> [String; 13] {
    let b = l.by_stage;
    [
        l.open.to_string(),
        b[0].to_string(),
        b[1].to_string(),
        b[2].to_string(),
        b[3].to_string(),
        b[4].to_string(),
        b[5].to_string(),
        l.overdue.to_string(),
        format!("{}/{}", l.contacts_7, l.minutes_7),
        format!("{}/{}", l.contacts_28, l.minutes_28),
        l.quiet_28.to_string(),
        l.missed_3.to_string(),
        l.open_referrals.to_string(),
    ]
}

/// Each column as wide as its widest cell and one space, so a big team's figures never run
/// into each other.
fn widths(rows: &[[String; 13]]) -> [usize; 13] {
    let mut w = HEADS.map(|h| h.len() + 1);
    for r in rows {
        for (w, cell) in w.iter_mut().zip(r) {
            *w = (*w).max(cell.len() + 1);
        }
    }
    w
}

fn row(name: &str, name_w: usize, cells: &[String], widths: &[usize]) -> String {
    let mut out = format!("{:<name_w$}", fit(name, name_w));
    for (cell, w) in cells.iter().zip(widths) {
        out.push_str(&format!("{cell:>w$}"));
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, t: &TeamScreen) {
    let theme = Theme::of(model);
    let area = area.inner(Margin::new(1, 0));
    let mut cells: Vec<[String; 13]> = t.lines.iter().map(figures).collect();
    cells.push(figures(&t.total));
    let widths = widths(&cells);
    let fixed: usize = widths.iter().sum();
    let longest = t.lines.iter().map(|l| l.worker.len()).max().unwrap_or(0);
    let name_w = usize::from(area.width)
        .saturating_sub(fixed + 2)
        .clamp(6, longest.max(strings::KEY_WORKER.len()));
    let width = usize::from(area.width);
    let heads = HEADS.map(str::to_string);
    let mut lines = vec![Line::styled(
        fit(
            &format!("  {}", row(strings::KEY_WORKER, name_w, &heads, &widths)),
            width,
        ),
        theme.title(),
    )];
    if t.lines.is_empty() {
        lines.push(Line::styled(strings::TEAM_EMPTY, theme.dim()));
    }
    // The workers come first; the legend and the cover take what room is left.
    let rows = usize::from(area.height).saturating_sub(2).max(1);
    let skip = (t.cursor + 1).saturating_sub(rows);
    for (pos, l) in t.lines.iter().enumerate().skip(skip).take(rows) {
        let selected = pos == t.cursor;
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(if selected { "› " } else { "  " }, theme.key()),
            Span::styled(
                fit(&row(&l.worker, name_w, &cells[pos], &widths), width - 2),
                style,
            ),
        ]));
    }
    if t.lead && t.lines.len() > 1 {
        lines.push(Line::styled(
            fit(
                &format!(
                    "  {}",
                    row(&t.total.worker, name_w, &figures(&t.total), &widths)
                ),
                width,
            ),
            theme.title(),
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled(strings::TEAM_LEGEND, theme.dim()));
    if !t.lead {
        lines.push(Line::styled(strings::TEAM_NOT_LEAD, theme.dim()));
    }
    if !t.covers.is_empty() {
        lines.push(Line::default());
        for c in &t.covers {
            lines.push(Line::from(cover_line(c, model.today)));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn cover_line(c: &Cover, today: chrono::NaiveDate) -> String {
    let when = if c.runs_on(today) {
        format!("until {}", short(c.to))
    } else {
        format!("{} to {}", short(c.from), short(c.to))
    };
    let why = if c.note.is_empty() {
        String::new()
    } else {
        format!(" ({})", c.note)
    };
    format!("Cover: {} covers {} {when}{why}", c.by, c.worker)
}
