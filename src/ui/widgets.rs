//! Small drawing helpers shared by the panes: styles that respect NO_COLOR, the header, the
//! footer and truncation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::Model;
use crate::keymap;

/// Styles by meaning. Without colour, meaning is carried by bold, reverse and underline alone.
#[derive(Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn of(model: &Model) -> Self {
        Self { color: model.color }
    }
    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }
    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub fn label(self) -> Style {
        self.fg(Color::Gray)
    }
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    /// A date gone by: red where there is colour, bold where there is not.
    pub fn overdue(self) -> Style {
        if self.color {
            Style::new().fg(Color::Red)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn matched(self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }
    pub fn header(self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
}

pub use crate::domain::text::{fit, wrapped};

/// The footer's hints that fit in `width` columns, in order. Those left out first are the
/// last of the screen's own; `? help` (which leads to every other key) and the way back or
/// out stay.
pub fn fitted_hints(
    hints: Vec<(String, &'static str)>,
    width: usize,
) -> Vec<(String, &'static str)> {
    const KEPT: [&str; 3] = ["help", "back", "quit"];
    // A space first; each hint is "key hint" and two spaces, the last one's not needed.
    let cost = |(key, hint): &(String, &str)| key.width() + 1 + hint.width() + 2;
    let total =
        |list: &[(String, &str)]| (1 + list.iter().map(cost).sum::<usize>()).saturating_sub(2);
    let mut kept = hints;
    while total(&kept) > width {
        let Some(drop) = kept.iter().rposition(|(_, hint)| !KEPT.contains(hint)) else {
            break;
        };
        kept.remove(drop);
    }
    kept
}

/// The top line: app, what is shown, who is at the keyboard and today's date.
pub fn header(frame: &mut Frame, area: Rect, model: &Model, what: &str) {
    let theme = Theme::of(model);
    // " keyworker ", a space before `what`, and two between it and the right part, so the
    // worker's name never reads as part of the title.
    let left_w = what.width() + 14;
    let room = usize::from(area.width).saturating_sub(left_w);
    let right = [
        format!("{} · {} ", model.me, model.today.format("%a %-d %b %Y")),
        format!("{} ", model.today.format("%a %-d %b")),
        format!("{}", model.today.format("%a %-d %b")),
    ]
    .into_iter()
    .find(|r| r.width() <= room)
    .unwrap_or_default();
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right.width() as u16)])
            .areas(area);
    let left = Line::from(vec![
        Span::styled(" keyworker ", theme.header().add_modifier(Modifier::BOLD)),
        Span::styled(format!(" {what}"), theme.header()),
    ]);
    frame.render_widget(Paragraph::new(left).style(theme.header()), left_area);
    frame.render_widget(Paragraph::new(right).style(theme.header()), right_area);
}

/// The bottom line: the status message if there is one, else the keys of this screen.
pub fn footer(frame: &mut Frame, area: Rect, model: &Model) {
    let theme = Theme::of(model);
    let line = match &model.status {
        Some(s) => Line::from(Span::styled(
            format!(" {}", s.text),
            if s.error { theme.error() } else { theme.ok() },
        )),
        None => {
            let mut spans = vec![Span::raw(" ")];
            for (key, hint) in
                fitted_hints(keymap::hints(&model.contexts()), usize::from(area.width))
            {
                spans.push(Span::styled(key, theme.key()));
                spans.push(Span::styled(format!(" {hint}  "), theme.dim()));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// A list with headings between its items (`None`), scrolled just far enough to show the line
/// of item `cursor` and `below` lines after it in `height` lines.
pub fn scrolled(
    lines: Vec<(Option<usize>, Line<'_>)>,
    cursor: usize,
    height: usize,
    below: usize,
) -> Vec<Line<'_>> {
    let at = lines
        .iter()
        .position(|(i, _)| *i == Some(cursor))
        .unwrap_or(0);
    let skip = (at + 1 + below).saturating_sub(height);
    lines
        .into_iter()
        .skip(skip)
        .take(height)
        .map(|(_, l)| l)
        .collect()
}

/// A box of `width` by `height` in the middle of `area`, for a popup.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(ratatui::layout::Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(ratatui::layout::Flex::Center)
        .areas(popup);
    popup
}

/// A label and a value on one line, the label padded to `width`.
pub fn field<'a>(
    theme: Theme,
    label: &'a str,
    value: impl Into<Span<'a>>,
    width: usize,
) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<width$} "), theme.label()),
        value.into(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints(list: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
        list.iter().map(|(k, h)| (k.to_string(), *h)).collect()
    }

    #[test]
    fn a_footer_too_long_drops_its_last_hints_and_keeps_help_and_the_way_out() {
        let caseload = hints(&[
            ("q", "quit"),
            ("/", "filter"),
            ("Enter", "open"),
            ("a", "add"),
            ("p", "plan"),
            ("c", "contact"),
            ("r", "reminders"),
            ("b", "book"),
            ("?", "help"),
        ]);
        assert_eq!(fitted_hints(caseload.clone(), 200), caseload);
        let at_80 = fitted_hints(caseload.clone(), 80);
        let kept: Vec<&str> = at_80.iter().map(|(_, h)| *h).collect();
        assert_eq!(
            kept,
            [
                "quit",
                "filter",
                "open",
                "add",
                "plan",
                "contact",
                "reminders",
                "help"
            ]
        );
        let plan = hints(&[("e", "edit"), ("f", "refer"), ("?", "help"), ("q", "back")]);
        let narrow: Vec<&str> = fitted_hints(plan, 24).iter().map(|(_, h)| *h).collect();
        assert_eq!(narrow, ["edit", "help", "back"]);
        // Nothing left to drop: what is kept may still be cut by the screen.
        assert_eq!(fitted_hints(hints(&[("?", "help")]), 3).len(), 1);
    }
}
