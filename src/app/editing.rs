//! What every form of fields shares as a pane (the plan, action, barrier, employer and outcome
//! editors and the contact form): keys to the form first, the conflict screen, and the draft
//! clock started by the first unsaved change.

use std::time::Instant;

use crossterm::event::KeyEvent;

use super::{DRAFT_DELAY, Model, Screen, contact, editors, fields};
use crate::domain::draft::DraftKey;
use crate::domain::text::line;
use crate::keymap::Command;
use crate::store::Store;

/// A screen that is a form of fields: the plan, action, barrier and employer editors and the
/// contact form.
pub(crate) trait Editing {
    fn form(&mut self) -> &mut fields::Fields;
    /// Called after the worker changed a value.
    fn touched(&mut self);
    fn draft_key(&self) -> DraftKey;
    /// The number a draft keeps beside the values: the version an edit started from, or
    /// for a contact the seconds on the call timer.
    fn draft_number(&self) -> i64;
}

impl Editing for editors::Editor {
    fn form(&mut self) -> &mut fields::Fields {
        &mut self.form
    }
    fn touched(&mut self) {
        editors::Editor::touched(self);
    }
    fn draft_key(&self) -> DraftKey {
        editors::Editor::draft_key(self)
    }
    fn draft_number(&self) -> i64 {
        self.version
    }
}

impl Editing for contact::ContactEditor {
    fn form(&mut self) -> &mut fields::Fields {
        &mut self.form
    }
    fn touched(&mut self) {
        contact::ContactEditor::touched(self);
    }
    fn draft_key(&self) -> DraftKey {
        contact::ContactEditor::draft_key(self)
    }
    fn draft_number(&self) -> i64 {
        i64::try_from(self.started.elapsed().as_secs()).unwrap_or(0)
    }
}

pub(super) fn editing(screen: &mut Screen) -> Option<&mut dyn Editing> {
    match screen {
        Screen::Editor(e) => Some(&mut **e),
        Screen::Contact(c) => Some(&mut **c),
        _ => None,
    }
}

/// A key in a form screen: the form takes it, the screen's own `save` answers Ctrl-S, and Esc
/// closes it keeping a draft.
pub(crate) fn editing_key(
    model: &mut Model,
    store: &mut Store,
    key: KeyEvent,
    command: Option<Command>,
    save: fn(&mut Model, &mut Store) -> bool,
) -> Option<bool> {
    let e = editing(&mut model.screen)?;
    if e.form().conflict.is_some() {
        match command {
            Some(Command::ForceQuit) | None => return None,
            Some(c) => e.form().conflict_key(c),
        }
        return Some(after_form_change(model));
    }
    match e.form().key(key, command) {
        // Ctrl-C, and Help from a field that takes no text, are the global keys.
        fields::FormKey::ForceQuit => return None,
        fields::FormKey::Save => return Some(save(model, store)),
        fields::FormKey::Close => return Some(close(model, store)),
        fields::FormKey::Edited => e.touched(),
        fields::FormKey::Moved => {}
        fields::FormKey::Ignored => return None,
    }
    Some(after_form_change(model))
}

/// Esc on a form: what was typed is parked as a draft and the worker goes back, told so if
/// anything was kept.
fn close(model: &mut Model, store: &mut Store) -> bool {
    let Some(e) = editing(&mut model.screen) else {
        return false;
    };
    let kept = e.form().unsaved || e.form().drafted;
    super::park_draft(model, store);
    super::nav::back(model, store);
    if kept {
        model.say(crate::strings::DRAFT_KEPT);
    }
    true
}

/// Starts the draft clock on the first unsaved change.
pub(crate) fn after_form_change(model: &mut Model) -> bool {
    let unsaved = editing(&mut model.screen).is_some_and(|e| e.form().unsaved);
    if unsaved && model.draft_due.is_none() {
        model.draft_due = Some(Instant::now() + DRAFT_DELAY);
    }
    true
}

/// "jo at 10:42 on 23/11", for the conflict screen.
pub(crate) fn saved_by(store: &Store, participant: i64) -> Option<String> {
    let last = store.last_change(participant).ok()??;
    Some(format!(
        "{} at {}",
        last.who,
        last.at.format("%H:%M on %d/%m")
    ))
}

/// Pasted text: into the focused field of a form, or the caseload filter.
pub(super) fn paste(model: &mut Model, text: &str) -> bool {
    let clean = line(text);
    match &mut model.screen {
        Screen::Editor(_) | Screen::Contact(_) => {
            if let Some(e) = editing(&mut model.screen)
                && e.form().paste(text)
            {
                e.touched();
            }
            after_form_change(model)
        }
        Screen::Caseload if model.caseload.input.is_some() => {
            if let Some(input) = model.caseload.input.as_mut() {
                input.insert_str(&clean);
                let query = line(&input.lines().join(" "));
                model.caseload.set_query(query);
            }
            true
        }
        _ => false,
    }
}
