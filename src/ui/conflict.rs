//! The conflict screen: each field both workers changed, theirs beside mine, the one kept
//! marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::widgets::{Theme, fit};
use crate::app::conflict::{Conflict, Keep};
use crate::app::{Model, Screen};
use crate::strings;

/// The conflict over the open form, if there is one.
pub fn of(model: &Model) -> Option<&Conflict> {
    match &model.screen {
        Screen::Editor(e) => e.form.conflict.as_ref(),
        _ => None,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, c: &Conflict) {
    let theme = Theme::of(model);
    let width = area.width.min(90);
    let inner = usize::from(width.saturating_sub(2));
    let label_w = c
        .clashes
        .iter()
        .map(|x| x.label.chars().count())
        .max()
        .unwrap_or(5)
        .min(inner / 4);
    let value_w = inner.saturating_sub(label_w + 4) / 2;
    let mut lines = vec![
        Line::styled(
            fit(
                &match &c.by {
                    Some(by) => strings::conflict_by(by),
                    None => strings::CONFLICT.to_string(),
                },
                inner,
            ),
            theme.dim(),
        ),
        Line::from(vec![
            Span::styled(format!("  {:<label_w$} ", ""), theme.label()),
            Span::styled(format!("{:<value_w$} ", strings::THEIRS), theme.title()),
            Span::styled(format!("{:<value_w$}", strings::MINE), theme.title()),
        ]),
    ];
    for (i, x) in c.clashes.iter().enumerate() {
        let pick = |kept: bool, text: &str| {
            let t = format!("{}{}", if kept { "✓ " } else { "  " }, text);
            let t = format!("{:<value_w$}", fit(&t, value_w));
            if kept {
                Span::styled(t, theme.selected())
            } else {
                Span::styled(t, theme.dim())
            }
        };
        let cursor = if i == c.cursor { "›" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{cursor} {:<label_w$} ", fit(x.label, label_w)),
                theme.label(),
            ),
            pick(x.keep == Keep::Theirs, &x.theirs),
            Span::raw(" "),
            pick(x.keep == Keep::Mine, &x.mine),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        fit(strings::CONFLICT_KEYS, inner),
        theme.dim(),
    ));
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = super::widgets::centred(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", strings::CONFLICT_TITLE),
        theme.title(),
    ));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
