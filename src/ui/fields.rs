//! Draws a form of fields: a label column, the value, and beside it an error or a hint (the
//! date a quick date means, whether an employer is already known).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::widgets::{Theme, fit};
use crate::app::Model;
use crate::app::editors::Editor;
use crate::app::fields::{Field, Fields, Input, column_rows};
use crate::domain::dates::{parse_quick_date, short};
use crate::strings;

const NOTES_ROWS: u16 = 3;

/// Lines a tick list needs at `width`, flowing its options like words.
fn tick_rows(options: &[(&str, &str)], width: u16) -> u16 {
    let mut rows = 1;
    let mut used = 0;
    for (_, label) in options {
        let w = label.width() as u16 + 6;
        if used > 0 && used + w > width {
            rows += 1;
            used = 0;
        }
        used += w;
    }
    rows
}

fn height(field: &Field, width: u16) -> u16 {
    match &field.input {
        Input::Notes(_) => NOTES_ROWS,
        Input::Ticks {
            options,
            columns,
            notes,
            ..
        } if *columns > 0 => {
            column_rows(options.len(), *columns) as u16 + u16::from(notes.is_some())
        }
        Input::Ticks { options, .. } => tick_rows(options, width),
        _ => 1,
    }
}

pub fn title(editor: &Editor) -> String {
    editor.title.clone()
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, editor: &Editor) {
    let theme = Theme::of(model);
    if editor.about.is_empty() {
        return draw_form(frame, area, theme, &editor.form);
    }
    // What the form is about (a risk flag, the concern being decided) above its fields, in
    // words, so it reads the same without colour.
    let inner = area.inner(ratatui::layout::Margin::new(1, 0));
    let about = Paragraph::new(
        editor
            .about
            .iter()
            .map(|l| Line::styled(l.as_str(), theme.error()))
            .collect::<Vec<_>>(),
    )
    .wrap(ratatui::widgets::Wrap { trim: true });
    let width = usize::from(inner.width.max(1));
    let rows: usize = editor
        .about
        .iter()
        .map(|l| l.width().div_ceil(width).max(1))
        .sum();
    let rows = (rows as u16).min(area.height / 2);
    let [top, rest] =
        Layout::vertical([Constraint::Length(rows + 1), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        about,
        Rect {
            y: top.y + 1,
            height: rows,
            ..inner
        },
    );
    draw_form(frame, rest, theme, &editor.form);
}

/// Draws a form below one blank line, scrolled to keep the focused field in view.
pub fn draw_form(frame: &mut Frame, area: Rect, theme: Theme, form: &Fields) {
    let label_w = form
        .fields
        .iter()
        .map(|f| f.label.width() as u16)
        .max()
        .unwrap_or(10)
        .min(area.width / 3)
        + 3;
    let value_w = area.width.saturating_sub(label_w);
    let note_w = value_w.saturating_sub(30).min(28);
    let shown: Vec<usize> = (0..form.fields.len())
        .filter(|&i| form.is_shown(i))
        .collect();
    let heights: Vec<u16> = shown
        .iter()
        .map(|&i| height(&form.fields[i], value_w))
        .collect();

    // Scroll just enough to keep the focused field in view on a short terminal.
    let area = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    let focus_pos = shown.iter().position(|&i| i == form.focus).unwrap_or(0);
    let mut first = 0;
    while first < focus_pos && heights[first..=focus_pos].iter().sum::<u16>() > area.height {
        first += 1;
    }
    let mut y = area.y;
    for (pos, &i) in shown.iter().enumerate().skip(first) {
        let h = heights[pos];
        if y + h > area.y + area.height {
            break;
        }
        let row = Rect {
            y,
            height: h,
            ..area
        };
        draw_field(frame, row, theme, form, i, label_w, note_w);
        y += h;
    }
}

fn draw_field(
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    form: &Fields,
    i: usize,
    label_w: u16,
    note_w: u16,
) {
    let field = &form.fields[i];
    let focused = form.focus == i;
    let [label_area, rest] =
        Layout::horizontal([Constraint::Length(label_w), Constraint::Min(0)]).areas(area);
    let [value_area, note_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(note_w)])
            .spacing(1)
            .areas(rest);
    let label = Line::from(vec![
        Span::styled(if focused { "›" } else { " " }, theme.key()),
        Span::styled(
            fit(field.label, usize::from(label_w.saturating_sub(2))),
            if focused { theme.key() } else { theme.label() },
        ),
    ]);
    frame.render_widget(
        Paragraph::new(label),
        Rect {
            height: 1,
            ..label_area
        },
    );

    // Notes take the whole row when nothing needs saying beside them.
    let wide = matches!(field.input, Input::Notes(_))
        && form.error(field.key).is_none()
        && hint(form, field).is_none();
    let value_area = if wide { rest } else { value_area };
    match &field.input {
        Input::Text(t) | Input::Notes(t) if focused => frame.render_widget(t, value_area),
        Input::Text(_) => {
            let text = fit(&field.value(), usize::from(value_area.width));
            frame.render_widget(Paragraph::new(text), value_area);
        }
        Input::Notes(t) => {
            let lines: Vec<Line> = t.lines().iter().map(|l| Line::from(l.as_str())).collect();
            frame.render_widget(
                Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
                value_area,
            );
        }
        Input::Pick { options, selected } => {
            let label = options[*selected].1;
            let line = if focused {
                Line::from(vec![
                    Span::styled("‹ ", theme.key()),
                    Span::styled(label, theme.selected()),
                    Span::styled(" ›", theme.key()),
                ])
            } else {
                Line::from(label)
            };
            frame.render_widget(Paragraph::new(line), value_area);
        }
        Input::Ticks {
            options,
            ticked,
            cursor,
            notes,
            note,
            columns,
        } if *columns > 0 => draw_columns(
            frame,
            rest,
            theme,
            Ticked {
                options,
                ticked,
                notes: notes.as_deref(),
                note: note.as_ref(),
                columns: *columns,
            },
            focused.then_some(*cursor),
        ),
        Input::Ticks {
            options,
            ticked,
            cursor,
            ..
        } => draw_ticks(
            frame,
            rest,
            theme,
            options,
            ticked,
            focused.then_some(*cursor),
        ),
    }

    let note = match form.error(field.key) {
        Some(e) => Some(Span::styled(fit(e, usize::from(note_w)), theme.error())),
        None => hint(form, field).map(|h| Span::styled(fit(&h, usize::from(note_w)), theme.dim())),
    };
    if let Some(n) = note {
        frame.render_widget(
            Paragraph::new(n),
            Rect {
                height: 1,
                ..note_area
            },
        );
    }
}

/// What a value means, beside it: the date a quick date stands for, or whether an employer is
/// known (and the one `→` would fill in).
fn hint(form: &Fields, field: &Field) -> Option<String> {
    let value = field.value();
    if field.key == "actions" {
        return Some(strings::ACTIONS_HINT.to_string());
    }
    if value.is_empty() {
        return field.suggestion().map(|s| format!("→ {s}"));
    }
    if let (Some(aside), "when" | "next") = (&form.when, field.key) {
        return aside.describe(&value, form.today);
    }
    if matches!(
        field.key,
        "job_start"
            | "due"
            | "next"
            | "date"
            | "referral_date"
            | "from"
            | "until"
            | "review"
            | "referred_on"
            | "closed_on"
    ) {
        return parse_quick_date(&value, form.today)
            .ok()
            .map(|d| format!("{} {}", short(d), d.format("%Y")));
    }
    if field.suggestions.is_empty() && field.key != "employer" {
        return None;
    }
    let service = field.key == "partner";
    let worker = matches!(field.key, "new_worker" | "worker" | "by");
    if worker {
        return Some(if field.is_known() {
            strings::KNOWN_WORKER.to_string()
        } else {
            field
                .suggestion()
                .map_or(strings::NEW_WORKER.to_string(), |s| format!("→ {s}"))
        });
    }
    if field.is_known() {
        let known = if service {
            strings::KNOWN_PARTNER
        } else {
            strings::KNOWN_EMPLOYER
        };
        return Some(known.to_string());
    }
    match field.suggestion() {
        Some(s) => Some(format!("→ {s}")),
        None if service => Some(strings::PARTNER_UNKNOWN.to_string()),
        None => Some(strings::NEW_EMPLOYER.to_string()),
    }
}

fn draw_ticks(
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    options: &[(&str, &str)],
    ticked: &[bool],
    cursor: Option<usize>,
) {
    let mut lines: Vec<Line> = vec![Line::default()];
    let mut used = 0u16;
    for (i, (_, label)) in options.iter().enumerate() {
        let text = format!("[{}] {label}", if ticked[i] { 'x' } else { ' ' });
        let w = text.width() as u16 + 2;
        if used > 0 && used + w > area.width {
            lines.push(Line::default());
            used = 0;
        }
        let style = if cursor == Some(i) {
            theme.selected()
        } else if ticked[i] {
            Style::new()
        } else {
            theme.dim()
        };
        if let Some(line) = lines.last_mut() {
            line.push_span(Span::styled(text, style));
            line.push_span(Span::raw("  "));
        }
        used += w;
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A tick list laid out in columns, with its notes.
struct Ticked<'a> {
    options: &'a [(&'a str, &'a str)],
    ticked: &'a [bool],
    notes: Option<&'a [String]>,
    note: Option<&'a ratatui_textarea::TextArea<'static>>,
    columns: usize,
}

/// Options in columns filled downwards, a pen beside those with a note, and under them the
/// highlighted option's note (or how to write one) while the list has the cursor.
fn draw_columns(frame: &mut Frame, area: Rect, theme: Theme, t: Ticked, cursor: Option<usize>) {
    let rows = column_rows(t.options.len(), t.columns);
    let [grid, note_row] =
        Layout::vertical([Constraint::Length(rows as u16), Constraint::Length(1)]).areas(area);
    let cols = Layout::horizontal(vec![Constraint::Fill(1); t.columns]).split(grid);
    for (i, (_, label)) in t.options.iter().enumerate() {
        let Some(col) = cols.get(i / rows) else {
            break;
        };
        let cell = Rect {
            y: col.y + (i % rows) as u16,
            height: 1,
            ..*col
        };
        let tick = if t.ticked[i] { "[x] " } else { "[ ] " };
        let noted = t.notes.is_some_and(|n| !n[i].is_empty());
        let pen = if noted { " ✎" } else { "" };
        let w = usize::from(cell.width).saturating_sub(tick.len() + pen.len());
        let text = format!("{tick}{}{pen}", fit(label, w));
        let style = if cursor == Some(i) {
            theme.selected()
        } else if t.ticked[i] {
            Style::new()
        } else {
            theme.dim()
        };
        frame.render_widget(Paragraph::new(Span::styled(text, style)), cell);
    }
    let (Some(notes), Some(c)) = (t.notes, cursor) else {
        return;
    };
    let [label, value] =
        Layout::horizontal([Constraint::Length(6), Constraint::Min(0)]).areas(note_row);
    frame.render_widget(
        Paragraph::new(Span::styled(strings::BARRIER_NOTE, theme.label())),
        label,
    );
    match (t.note, notes.get(c)) {
        (Some(area), _) => frame.render_widget(area, value),
        (None, Some(n)) if !n.is_empty() => {
            frame.render_widget(Paragraph::new(fit(n, usize::from(value.width))), value)
        }
        _ => frame.render_widget(
            Paragraph::new(Span::styled(strings::BARRIER_NOTE_HINT, theme.dim())),
            value,
        ),
    }
}
