//! The help screen: every key of the current screen, straight from the keymap table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::widgets::Theme;
use crate::app::Model;
use crate::keymap::{self, Context};
use crate::strings;

/// The contexts of the screen under the help popup.
fn screen_contexts(model: &Model) -> Vec<Context> {
    let mut under = Model::contexts_of(&model.screen, model.caseload.input.is_some());
    under.retain(|c| *c != Context::Help);
    under
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model) {
    let theme = Theme::of(model);
    let contexts = screen_contexts(model);
    let bindings: Vec<_> = keymap::bindings(&contexts).collect();
    let names: Vec<String> = bindings.iter().map(|b| keymap::keys_name(b)).collect();
    let key_w = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let mut lines: Vec<Line> = bindings
        .iter()
        .zip(&names)
        .map(|(b, n)| {
            Line::from(vec![
                Span::styled(format!(" {n:<key_w$}  "), theme.key()),
                Span::raw(b.label),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {}", strings::HELP_CLOSE),
        theme.dim(),
    ));
    let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 3;
    let height = lines.len() as u16 + 2;
    let popup = super::widgets::centred(area, width, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", strings::HELP_TITLE),
        theme.title(),
    ));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
