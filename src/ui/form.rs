//! The participant form: one line a field, the error (or the date a quick date means) beside it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::widgets::{Theme, fit};
use crate::app::Model;
use crate::app::form::{FieldId, ParticipantForm};
use crate::domain::Choice;
use crate::domain::dates::{parse_quick_date, short};
use crate::strings;

const LABEL: u16 = 16;
const BARRIER_ROWS: usize = 7;

pub fn title(form: &ParticipantForm) -> String {
    match form.editing {
        Some(_) => format!(
            "{}: {}",
            strings::EDIT_PARTICIPANT,
            form.text(FieldId::Name)
        ),
        None => strings::ADD_PARTICIPANT.to_string(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, form: &ParticipantForm) {
    let theme = Theme::of(model);
    let mut heights = Vec::new();
    for f in FieldId::ALL {
        heights.push(Constraint::Length(if f == FieldId::Barriers {
            BARRIER_ROWS as u16 + 1
        } else {
            1
        }));
    }
    heights.push(Constraint::Min(0));
    let area = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    let rows = Layout::vertical(heights).split(area);
    for (i, field) in FieldId::ALL.into_iter().enumerate() {
        draw_field(frame, rows[i], theme, form, field);
    }
}

fn draw_field(frame: &mut Frame, area: Rect, theme: Theme, form: &ParticipantForm, field: FieldId) {
    let focused = form.focus == field;
    let [label_area, rest] =
        Layout::horizontal([Constraint::Length(LABEL + 2), Constraint::Min(0)]).areas(area);
    let marker = if focused { "›" } else { " " };
    let label_style = if focused { theme.key() } else { theme.label() };
    let label_line = Line::from(vec![
        Span::styled(marker, theme.key()),
        Span::styled(
            format!("{:<w$}", field.label(), w = usize::from(LABEL)),
            label_style,
        ),
    ]);
    frame.render_widget(
        Paragraph::new(label_line),
        Rect {
            height: 1,
            ..label_area
        },
    );

    if field == FieldId::Barriers {
        return draw_barriers(frame, rest, theme, form, focused);
    }
    let note_w = rest.width.saturating_sub(30).min(30);
    let [value_area, note_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(note_w)])
            .spacing(1)
            .areas(rest);
    match field {
        FieldId::ReferralRoute => choice(frame, value_area, theme, form.route.label(), focused),
        FieldId::Stage => choice(frame, value_area, theme, form.stage.label(), focused),
        _ if focused && form.note.is_none() => {
            frame.render_widget(&form.texts[field as usize], value_area)
        }
        _ => {
            let text = fit(&form.text(field), usize::from(value_area.width));
            frame.render_widget(Paragraph::new(text), value_area);
        }
    }
    let note = match form.error(field) {
        Some(e) => Some(Span::styled(fit(e, usize::from(note_w)), theme.error())),
        None if field == FieldId::ReferralDate => parse_quick_date(&form.text(field), form.today)
            .ok()
            .map(|d| Span::styled(format!("{} {}", short(d), d.format("%Y")), theme.dim())),
        None => None,
    };
    if let Some(n) = note {
        frame.render_widget(Paragraph::new(n), note_area);
    }
}

fn choice(frame: &mut Frame, area: Rect, theme: Theme, label: &str, focused: bool) {
    let line = if focused {
        Line::from(vec![
            Span::styled("‹ ", theme.key()),
            Span::styled(label.to_string(), theme.selected()),
            Span::styled(" ›", theme.key()),
        ])
    } else {
        Line::from(label.to_string())
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_barriers(
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    form: &ParticipantForm,
    focused: bool,
) {
    let [grid, note] = Layout::vertical([
        Constraint::Length(BARRIER_ROWS as u16),
        Constraint::Length(1),
    ])
    .areas(area);
    let cols = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).split(grid);
    for (i, b) in form.barriers.iter().enumerate() {
        let col = cols[i / BARRIER_ROWS];
        let cell = Rect {
            y: col.y + (i % BARRIER_ROWS) as u16,
            height: 1,
            ..col
        };
        let tick = if b.ticked { "[x] " } else { "[ ] " };
        let pen = if b.note.is_empty() { "" } else { " ✎" };
        let w = usize::from(cell.width).saturating_sub(tick.len() + pen.len());
        let text = format!("{tick}{}{pen}", fit(b.kind.label(), w));
        let style = if focused && i == form.barrier_cursor {
            theme.selected()
        } else if b.ticked {
            Style::new()
        } else {
            theme.dim()
        };
        frame.render_widget(Paragraph::new(Span::styled(text, style)), cell);
    }
    if !focused {
        return;
    }
    let [label, value] =
        Layout::horizontal([Constraint::Length(6), Constraint::Min(0)]).areas(note);
    frame.render_widget(
        Paragraph::new(Span::styled(strings::BARRIER_NOTE, theme.label())),
        label,
    );
    match (&form.note, form.barriers.get(form.barrier_cursor)) {
        (Some(t), _) => frame.render_widget(t, value),
        (None, Some(b)) if !b.note.is_empty() => frame.render_widget(
            Paragraph::new(fit(&b.note, usize::from(value.width))),
            value,
        ),
        _ => frame.render_widget(
            Paragraph::new(Span::styled(strings::BARRIER_NOTE_HINT, theme.dim())),
            value,
        ),
    }
}
