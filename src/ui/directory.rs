//! The directory of partner services: the list (filtered), and the selected service's way in
//! under it: how to refer, whom to ask, who they take, how long the wait.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::widgets::{Theme, field, fit};
use crate::app::Model;
use crate::app::directory::DirectoryScreen;
use crate::domain::Choice;
use crate::domain::referral::Partner;
use crate::strings;

pub fn title(d: &DirectoryScreen) -> String {
    format!(
        "{} · {}",
        strings::DIRECTORY,
        strings::services(d.shown.len(), d.partners.len())
    )
}

/// The lines about the selected service under the list.
const DETAIL: u16 = 6;

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, d: &DirectoryScreen) {
    let theme = Theme::of(model);
    let area = area.inner(Margin::new(1, 0));
    let filtering = d.input.is_some() || !d.query.is_empty();
    let [filter_area, list_area, detail_area] = Layout::vertical([
        Constraint::Length(u16::from(filtering)),
        Constraint::Min(0),
        Constraint::Length(if area.height > DETAIL + 4 { DETAIL } else { 0 }),
    ])
    .areas(area);
    if filtering {
        let [p, input] = Layout::horizontal([
            Constraint::Length(strings::FILTER_PROMPT.len() as u16 + 1),
            Constraint::Min(0),
        ])
        .areas(filter_area);
        frame.render_widget(
            Paragraph::new(Span::styled(strings::FILTER_PROMPT, theme.key())),
            p,
        );
        match &d.input {
            Some(t) => frame.render_widget(t, input),
            None => frame.render_widget(Paragraph::new(d.query.as_str()), input),
        }
    }
    if d.partners.is_empty() || d.shown.is_empty() {
        let text = if d.partners.is_empty() {
            strings::DIRECTORY_EMPTY
        } else {
            strings::DIRECTORY_NO_MATCH
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.dim()))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            list_area,
        );
        return;
    }
    let w = usize::from(list_area.width);
    // Narrow terminals keep the name and the wait; what it helps with shows below.
    let (helps_w, area_w, wait_w) = match w {
        100.. => (34, 16, 12),
        60.. => (22, 12, 9),
        _ => (0, 0, 9),
    };
    let gaps = if helps_w == 0 { 1 } else { 3 };
    let name_w = w.saturating_sub(2 + helps_w + area_w + wait_w + gaps);
    let row = |name: &str, helps: &str, area: &str, wait: &str| {
        if helps_w == 0 {
            format!("{:<name_w$} {}", fit(name, name_w), fit(wait, wait_w))
        } else {
            format!(
                "{:<name_w$} {:<helps_w$} {:<area_w$} {}",
                fit(name, name_w),
                fit(helps, helps_w),
                fit(area, area_w),
                fit(wait, wait_w),
            )
        }
    };
    let mut lines = vec![Line::styled(
        format!("  {}", row("Service", "Helps with", "Area", "Wait")),
        theme.title(),
    )];
    let rows = usize::from(list_area.height).saturating_sub(1).max(1);
    let skip = (d.cursor + 1).saturating_sub(rows);
    for (pos, &i) in d.shown.iter().enumerate().skip(skip).take(rows) {
        let p = &d.partners[i];
        let selected = pos == d.cursor;
        let closed = p.details.is_closed(model.today);
        let style = match (selected, closed) {
            (true, _) => theme.selected(),
            (false, true) => theme.dim(),
            (false, false) => Style::new(),
        };
        let wait = if closed {
            strings::SERVICE_CLOSED
        } else {
            p.details.wait.as_str()
        };
        let helps = p
            .details
            .helps_with
            .iter()
            .map(|n| n.label())
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(Line::from(vec![
            Span::styled(if selected { "› " } else { "  " }, theme.key()),
            Span::styled(row(&p.details.name(), &helps, &p.details.area, wait), style),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), list_area);
    if let Some(p) = d.selected() {
        frame.render_widget(
            Paragraph::new(detail(
                theme,
                p,
                usize::from(detail_area.width),
                model.today,
            )),
            detail_area,
        );
    }
}

/// How to reach the selected service, in the words of its form.
fn detail(theme: Theme, p: &Partner, w: usize, today: NaiveDate) -> Vec<Line<'static>> {
    const LABEL: usize = 13;
    let d = &p.details;
    let value_w = w.saturating_sub(LABEL + 1);
    let how = d.how_to_refer.map_or("", Choice::label);
    let reach = [
        how,
        d.contact_name.as_str(),
        d.phone.as_str(),
        d.email.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    let mut lines = vec![Line::styled(fit(&d.name(), w), theme.title())];
    if let Some(day) = d.closed_on {
        let (label, value) = if d.is_closed(today) {
            (strings::SERVICE_CLOSED, strings::service_closed_since(day))
        } else {
            (strings::SERVICE_CLOSES, strings::service_closes_on(day))
        };
        lines.push(field(theme, label, fit(&value, value_w), LABEL));
    }
    for (label, value) in [
        ("How to refer", reach),
        ("Who they take", d.criteria.replace('\n', "; ")),
        ("Typical wait", d.wait.clone()),
        ("Notes", d.notes.replace('\n', "; ")),
    ] {
        if !value.is_empty() {
            lines.push(field(theme, label, fit(&value, value_w), LABEL));
        }
    }
    lines
}
