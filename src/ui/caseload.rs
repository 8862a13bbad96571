//! The caseload pane: who is on my books, where they are on the pathway, when I last spoke to
//! them and when I must next.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::widgets::{Theme, fit};
use crate::app::Model;
use crate::app::filter::Field;
use crate::domain::Choice;
use crate::domain::dates::{relative, short, span};
use crate::domain::rhythm::Gap;
use crate::strings;

/// Rows of the table that fit in a terminal `height` lines tall: everything but the header,
/// footer, column titles and (while filtering) the filter line.
pub use crate::app::caseload::list_height;

pub fn title(model: &Model) -> String {
    let c = &model.caseload;
    let scope = match (c.team, &c.viewing) {
        (true, _) => strings::TEAM.to_string(),
        (false, Some(w)) => strings::caseload_of(w),
        (false, None) => strings::MY_CASELOAD.to_string(),
    };
    let closed = if c.closed { strings::WITH_EXITED } else { "" };
    let marked = match c.marked.len() {
        0 => String::new(),
        n => format!(" · {n} marked"),
    };
    if c.query.is_empty() {
        format!("{scope}{closed} · {}{marked}", c.in_scope())
    } else {
        format!(
            "{scope}{closed} · {} of {}{marked}",
            c.shown.len(),
            c.in_scope()
        )
    }
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model) {
    let theme = Theme::of(model);
    let c = &model.caseload;
    let filtering = c.input.is_some() || !c.query.is_empty();
    let [filter_area, table_area] =
        Layout::vertical([Constraint::Length(u16::from(filtering)), Constraint::Min(0)])
            .areas(area);
    if filtering {
        draw_filter(frame, filter_area, model);
    }
    if c.rows.is_empty() {
        let lines: Vec<Line> = strings::EMPTY_CASELOAD
            .iter()
            .map(|s| Line::from(*s))
            .collect();
        let top = table_area.height.saturating_sub(lines.len() as u16) / 2;
        let [_, msg] =
            Layout::vertical([Constraint::Length(top), Constraint::Min(0)]).areas(table_area);
        frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), msg);
        return;
    }
    if c.shown.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(format!(" {}", strings::NO_MATCH), theme.dim())),
            table_area,
        );
        return;
    }

    let cols = columns(table_area.width, c.team);
    let widths: Vec<Constraint> = cols.iter().map(|col| col.width()).collect();
    let areas = Layout::horizontal(widths.clone())
        .spacing(1)
        .split(table_area);
    let width_of = |col: Column| {
        cols.iter()
            .position(|c| *c == col)
            .map_or(0, |i| usize::from(areas[i].width))
    };
    let (name_w, employer_w, worker_w) = (
        width_of(Column::Name),
        width_of(Column::Employer),
        width_of(Column::KeyWorker),
    );
    let rows = c.window().map(|(pos, index, row)| {
        let hl = c.highlight_of(index);
        let marked = |text: &str, field: Field, width: usize| -> Line<'static> {
            let text = fit(text, width);
            match hl {
                Some((f, idx)) if f == field => highlight(&text, idx, theme.matched()),
                _ => Line::from(text),
            }
        };
        let cells = cols.iter().map(|col| match col {
            // While any are marked for a handover, each name says whether it is, in words.
            Column::Name if !c.marked.is_empty() => {
                let tick = if c.marked.contains(&row.id) {
                    "[x] "
                } else {
                    "[ ] "
                };
                let mut line = marked(row.text.name(), Field::Name, name_w.saturating_sub(4));
                line.spans.insert(0, Span::raw(tick));
                Cell::from(line)
            }
            Column::Name => Cell::from(marked(row.text.name(), Field::Name, name_w)),
            Column::Stage => Cell::from(row.stage.label()),
            // Three failed attempts in a row matter more than when the last call was.
            Column::LastContact if row.failed_attempts >= 3 => Cell::from(Span::styled(
                strings::failed_attempts(row.failed_attempts),
                theme.error(),
            )),
            // The safety net: not reached in the profile's days (or ever), marked with `!` in
            // words rather than colour, so a move between rows stays small.
            Column::LastContact => Cell::from(match (row.gap, row.last_contact) {
                (Some(Gap::NeverReached | Gap::NoContactFor(_)), last) => format!(
                    "{} !",
                    last.map_or_else(|| strings::NEVER.to_string(), |d| relative(d, model.today))
                ),
                (_, last) => last.map(|d| relative(d, model.today)).unwrap_or_default(),
            }),
            Column::NextDue if row.gap == Some(Gap::NothingAgreed) => {
                Cell::from(strings::NOT_AGREED)
            }
            // Overdue says by how much, in words, so it reads without colour too.
            Column::NextDue => match row.next_due {
                Some(d) if d < model.today => Cell::from(Span::styled(
                    strings::late(span((model.today - d).num_days())),
                    theme.overdue(),
                )),
                Some(d) => Cell::from(short(d)),
                None => Cell::from(""),
            },
            Column::Employer => Cell::from(marked(&row.employer, Field::Employer, employer_w)),
            Column::KeyWorker => Cell::from(fit(&row.key_worker, worker_w)),
        });
        // Only the name is highlighted: a move then redraws two names, not two whole rows,
        // which keeps it small over a slow link, and every other cell keeps its colour.
        let mut cells: Vec<Cell> = cells.collect();
        if pos == c.selected
            && let Some(name) = cells.first_mut()
        {
            *name = std::mem::take(name).style(theme.selected());
        }
        Row::new(cells)
    });
    let header = Row::new(cols.iter().map(|c| Cell::from(c.title()))).style(theme.title());
    let table = Table::new(rows, widths).header(header).column_spacing(1);
    frame.render_widget(table, table_area);
}

fn draw_filter(frame: &mut Frame, area: Rect, model: &Model) {
    let theme = Theme::of(model);
    let c = &model.caseload;
    let prompt = strings::FILTER_PROMPT;
    let [p, input] = Layout::horizontal([
        Constraint::Length(prompt.len() as u16 + 1),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(format!(" {prompt}"), theme.key())),
        p,
    );
    match &c.input {
        Some(t) => frame.render_widget(t, input),
        None => frame.render_widget(Paragraph::new(c.query.as_str()), input),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Stage,
    LastContact,
    NextDue,
    Employer,
    KeyWorker,
}

impl Column {
    fn width(self) -> Constraint {
        match self {
            Column::Name => Constraint::Fill(3),
            Column::Stage => Constraint::Length(11),
            Column::LastContact => Constraint::Length(12),
            Column::NextDue => Constraint::Length(10),
            Column::Employer => Constraint::Fill(2),
            Column::KeyWorker => Constraint::Length(10),
        }
    }

    fn min(self) -> u16 {
        match self {
            Column::Name => 16,
            Column::Employer => 10,
            Column::Stage => 11,
            Column::LastContact => 12,
            Column::NextDue | Column::KeyWorker => 10,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Column::KeyWorker => strings::KEY_WORKER_COLUMN,
            c => strings::COLUMNS[c as usize],
        }
    }
}

/// The columns that fit: on a narrow terminal the least urgent go first, the name never.
fn columns(width: u16, team: bool) -> Vec<Column> {
    use Column::*;
    let mut cols = vec![Name, Stage, LastContact, NextDue, Employer];
    if team {
        cols.push(KeyWorker);
    }
    let need = |cols: &[Column]| -> u16 { cols.iter().map(|c| c.min() + 1).sum::<u16>() };
    for drop in [Employer, KeyWorker, LastContact, NextDue, Stage] {
        if need(&cols) <= width {
            break;
        }
        cols.retain(|c| *c != drop);
    }
    cols
}

/// `text` with the characters at `idx` (char positions) in `style`.
fn highlight(text: &str, idx: &[u32], style: Style) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    for (i, ch) in text.chars().enumerate() {
        let marked = idx.binary_search(&(i as u32)).is_ok();
        if marked != run_marked && !run.is_empty() {
            let s = std::mem::take(&mut run);
            spans.push(if run_marked {
                Span::styled(s, style)
            } else {
                Span::raw(s)
            });
        }
        run_marked = marked;
        run.push(ch);
    }
    if !run.is_empty() {
        spans.push(if run_marked {
            Span::styled(run, style)
        } else {
            Span::raw(run)
        });
    }
    Line::from(spans)
}
