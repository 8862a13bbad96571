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

/// Columns after the name: (heading, width).
const COLUMNS: [(&str, usize); 12] = [
    ("Open", 5),
    ("Ref", 4),
    ("Eng", 4),
    ("Job", 4),
    ("Wrk", 4),
    ("Prg", 4),
    ("Pau", 4),
    ("Late", 5),
    ("7d", 8),
    ("28d", 9),
    ("Quiet", 6),
    ("Miss3", 6),
];
/// The last column, open referrals.
const REFS: (&str, usize) = ("Refs", 5);

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
        format!("{} {}m", l.contacts_7, l.minutes_7),
        format!("{} {}m", l.contacts_28, l.minutes_28),
        l.quiet_28.to_string(),
        l.missed_3.to_string(),
        l.open_referrals.to_string(),
    ]
}

fn row(name: &str, name_w: usize, cells: &[String]) -> String {
    let mut out = format!("{:<name_w$}", fit(name, name_w));
    for (cell, (_, w)) in cells.iter().zip(COLUMNS.iter().chain([&REFS])) {
        out.push_str(&format!("{cell:>w$}"));
    }
    out
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, t: &TeamScreen) {
    let theme = Theme::of(model);
    let area = area.inner(Margin::new(1, 0));
    let fixed: usize = COLUMNS.iter().map(|(_, w)| w).sum::<usize>() + REFS.1;
    let name_w = usize::from(area.width)
        .saturating_sub(fixed + 2)
        .clamp(6, 24);
    let heads: Vec<String> = COLUMNS
        .iter()
        .chain([&REFS])
        .map(|(h, _)| h.to_string())
        .collect();
    let mut lines = vec![Line::styled(
        format!("  {}", row(strings::KEY_WORKER, name_w, &heads)),
        theme.title(),
    )];
    if t.lines.is_empty() {
        lines.push(Line::styled(strings::TEAM_EMPTY, theme.dim()));
    }
    // Room for the total, the legend and the cover under the list.
    let rows = usize::from(area.height).saturating_sub(8).max(1);
    let skip = (t.cursor + 1).saturating_sub(rows);
    for (pos, l) in t.lines.iter().enumerate().skip(skip).take(rows) {
        let selected = pos == t.cursor;
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let mut name = l.worker.clone();
        if l.worker == model.me {
            name.push_str(" (me)");
        }
        lines.push(Line::from(vec![
            Span::styled(if selected { "› " } else { "  " }, theme.key()),
            Span::styled(row(&name, name_w, &figures(l)), style),
        ]));
    }
    if t.lead && t.lines.len() > 1 {
        lines.push(Line::styled(
            format!("  {}", row(&t.total.worker, name_w, &figures(&t.total))),
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
