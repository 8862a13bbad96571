//! What to send a service for a referral: the text as `keyworker referral` prints it, plain,
//! so that selecting it in the terminal copies it as it is.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::widgets::Theme;
use crate::app::Model;
use crate::app::summary::{SummaryScreen, shown, text_width};
use crate::strings;

pub fn title(s: &SummaryScreen) -> String {
    format!("{} · {}", strings::SUMMARY_TITLE, s.partner)
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, s: &SummaryScreen) {
    let theme = Theme::of(model);
    let text = s.rows(text_width(area.width));
    // The body less a row for where it has got to: what `summary::shown` gives the app.
    let rows = shown(area.height.saturating_add(2));
    let top = s.top.min(text.len().saturating_sub(rows));
    let below = text.len().saturating_sub(top + rows);
    let mut lines: Vec<Line> = text
        .into_iter()
        .skip(top)
        .take(rows)
        .map(Line::raw)
        .collect();
    if below > 0 || top > 0 {
        lines.push(Line::styled(strings::out_of_sight(top, below), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), area.inner(Margin::new(1, 0)));
}
