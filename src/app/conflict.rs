//! Two workers changed the same field: theirs and mine side by side, and the worker picks
//! which to keep for each before saving. Nothing typed is lost whichever is chosen: the form
//! keeps mine until they say otherwise.

use crate::keymap::Command;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    Mine,
    Theirs,
}

/// One field both of us changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The field's key in the form it belongs to.
    pub key: String,
    pub label: &'static str,
    /// As shown.
    pub theirs: String,
    pub mine: String,
    /// Their stored value, to put back into the form if kept.
    pub theirs_value: String,
    pub keep: Keep,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub clashes: Vec<Clash>,
    pub cursor: usize,
    /// Who saved the other version, and when, if known.
    pub by: Option<String>,
}

impl Conflict {
    pub fn new(clashes: Vec<Clash>, by: Option<String>) -> Option<Self> {
        (!clashes.is_empty()).then_some(Self {
            clashes,
            cursor: 0,
            by,
        })
    }

    pub fn labels(&self) -> Vec<&'static str> {
        self.clashes.iter().map(|c| c.label).collect()
    }

    /// A key on the conflict screen. Returns true when the worker is done choosing.
    pub fn act(&mut self, action: Command) -> bool {
        let last = self.clashes.len().saturating_sub(1);
        match action {
            Command::Down => self.cursor = (self.cursor + 1).min(last),
            Command::Up => self.cursor = self.cursor.saturating_sub(1),
            Command::KeepTheirs | Command::KeepMine => {
                let keep = if action == Command::KeepTheirs {
                    Keep::Theirs
                } else {
                    Keep::Mine
                };
                if let Some(c) = self.clashes.get_mut(self.cursor) {
                    c.keep = keep;
                }
                self.cursor = (self.cursor + 1).min(last);
            }
            Command::KeepAllTheirs => self.clashes.iter_mut().for_each(|c| c.keep = Keep::Theirs),
            Command::KeepAllMine => self.clashes.iter_mut().for_each(|c| c.keep = Keep::Mine),
            Command::Close | Command::Open => return true,
            _ => {}
        }
        false
    }

    /// The fields to set back to their value.
    pub fn kept_theirs(&self) -> impl Iterator<Item = &Clash> {
        self.clashes.iter().filter(|c| c.keep == Keep::Theirs)
    }
}
