//! The help screen: every key of the current screen, straight from the keymap table, scrolled
//! where the list is longer than the screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::widgets::Theme;
use crate::app::{Model, help};
use crate::strings;

pub fn draw(frame: &mut Frame, area: Rect, model: &Model) {
    let theme = Theme::of(model);
    let entries = help::entries(model);
    let key_w = entries.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let mut lines: Vec<Line> = entries
        .iter()
        .map(|(keys, b)| {
            let pad = " ".repeat(key_w.saturating_sub(keys.width()));
            Line::from(vec![
                Span::styled(format!(" {keys}{pad}  "), theme.key()),
                Span::raw(b.label),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {}", strings::HELP_CLOSE),
        theme.dim(),
    ));
    let mut width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 3;
    // Nearly as wide as the screen: all of it, rather than slivers of the list beside it.
    if area.width.saturating_sub(width) < 10 {
        width = area.width;
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let top = model
        .help_top
        .min(help::last_top(entries.len(), area.height));
    let shown = help::shown(height);
    let mut block = Block::bordered().title(Span::styled(
        format!(" {} ", strings::HELP_TITLE),
        theme.title(),
    ));
    if shown < lines.len() {
        let below = lines.len().saturating_sub(top + shown);
        block = block.title_bottom(Span::styled(strings::out_of_sight(top, below), theme.dim()));
    }
    let popup = super::widgets::centred(area, width, height);
    frame.render_widget(Clear, popup);
    let visible: Vec<Line> = lines.into_iter().skip(top).take(shown).collect();
    frame.render_widget(Paragraph::new(visible).block(block), popup);
}
