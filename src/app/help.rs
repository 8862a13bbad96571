//! Help over a screen: every key that does something there, straight from the keymap table.
//! The caseload alone has more keys than an 80x24 screen has rows, so the list scrolls.

use super::Model;
use crate::keymap::{self, Binding, Command, Context};

/// The contexts of the screen under the help.
fn screen_contexts(model: &Model) -> Vec<Context> {
    let mut under = Model::contexts_of(&model.screen, model.caseload.input.is_some());
    under.retain(|c| *c != Context::Help);
    under
}

/// Each key the help lists for the screen under it, as `j ↓`, and its binding.
pub fn entries(model: &Model) -> Vec<(String, &'static Binding)> {
    keymap::help_entries(&screen_contexts(model))
}

/// Rows of the list: one a binding, then a blank and how to close it.
pub fn rows(entries: usize) -> usize {
    entries + 2
}

/// Rows of the list a body `height` high shows: less the box's two borders.
pub fn shown(height: u16) -> usize {
    usize::from(height).saturating_sub(2)
}

/// The first row shown once the list is scrolled to its end.
pub fn last_top(entries: usize, height: u16) -> usize {
    rows(entries).saturating_sub(shown(height))
}

/// The body's height on a screen `height` rows high: less the header and the footer.
fn body(height: u16) -> u16 {
    height.saturating_sub(2)
}

pub fn open(model: &mut Model) {
    model.help = true;
    model.help_top = 0;
}

/// A key while the help is up: it scrolls or closes; true if the screen changed.
pub fn command(model: &mut Model, command: Command) -> bool {
    let height = body(model.height);
    let last = last_top(entries(model).len(), height);
    if command == Command::Close {
        model.help = false;
        return true;
    }
    let top = model.help_top.min(last);
    let Some(to) = super::scrolled(top, last, shown(height).saturating_sub(1), command) else {
        return false;
    };
    model.help_top = to;
    to != top
}
