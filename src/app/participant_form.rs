//! The participant form as a pane: opening it (with a draft, merged with a colleague's save),
//! its keys, saving and closing. The form's own state is in `form.rs`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::drafts::{park_draft, save_draft};
use super::editing::{after_form_change, saved_by};
use super::form::{FieldId, ParticipantForm};
use super::{Model, Screen, nav, reload};
use crate::domain::Participant;
use crate::domain::draft::DraftKey;
use crate::keymap::Command;
use crate::store::{Store, StoreError};
use crate::strings;

/// Opens the form for a new participant (`None`) or to edit one, bringing back a draft if the
/// worker left one.
pub(super) fn screen(model: &mut Model, store: &Store, id: Option<i64>) -> Option<Screen> {
    let draft = match store.draft(&DraftKey::Participant(id)) {
        Ok(d) => d.and_then(|body| ParticipantForm::from_draft(&body, model.today)),
        Err(e) => {
            model.fail(e);
            return None;
        }
    };
    let form = match (draft, id) {
        (Some(mut f), _) => {
            model.say(strings::DRAFT_RESTORED);
            if let Some((id, version)) = f.editing {
                match store.participant(id) {
                    Ok(p) if p.version != version => model.say(rebase(&mut f, store, &p)),
                    Ok(_) => {}
                    Err(e) => {
                        model.fail(e);
                        return None;
                    }
                }
            }
            f
        }
        (None, None) => ParticipantForm::new(&model.me, model.today),
        (None, Some(id)) => match store.participant(id) {
            Ok(p) => ParticipantForm::edit(&p, model.today),
            Err(e) => {
                model.fail(e);
                return None;
            }
        },
    };
    Some(Screen::Form(Box::new(form)))
}

/// A key in the participant form, with the command it was looked up as; `None` leaves it to
/// the global keys (Ctrl-C, and `?` from a field that takes no text).
pub(super) fn key(
    model: &mut Model,
    store: &mut Store,
    key: KeyEvent,
    command: Option<Command>,
) -> Option<bool> {
    let Screen::Form(form) = &mut model.screen else {
        return None;
    };
    match command {
        Some(Command::ForceQuit | Command::Help) => return None,
        Some(c) if form.conflict.is_some() => form.conflict_key(c),
        None if form.conflict.is_some() => return Some(false),
        // Enter, Tab and Esc finish a barrier's note; anything else is typed into it.
        Some(Command::Close) if form.note.is_some() => form.close_note(),
        _ if form.note.is_some() => {
            if form.focused_text().is_some_and(|t| t.input(key)) {
                form.touched();
            }
        }
        Some(Command::NextField) => form.move_focus(true),
        Some(Command::PrevField) => form.move_focus(false),
        Some(Command::Save) => return Some(save(model, store)),
        Some(Command::Close) => return Some(close(model, store)),
        _ if form.focus.is_text() => {
            if form.focused_text().is_some_and(|t| t.input(key)) {
                form.touched();
            }
        }
        Some(Command::ChoiceNext) if form.focus == FieldId::Barriers => form.move_barrier(7),
        Some(Command::ChoicePrev) if form.focus == FieldId::Barriers => form.move_barrier(-7),
        Some(Command::ChoiceNext) => form.choose(1, None),
        Some(Command::ChoicePrev) => form.choose(-1, None),
        Some(Command::ToggleBarrier) => form.toggle_barrier(),
        Some(Command::BarrierNote) => form.open_note(),
        Some(Command::Down) => form.move_barrier(1),
        Some(Command::Up) => form.move_barrier(-1),
        // A letter picks the choice it begins.
        None => match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                form.choose(0, Some(c))
            }
            _ => return Some(false),
        },
        Some(_) => return Some(false),
    }
    Some(after_form_change(model))
}

fn save(model: &mut Model, store: &mut Store) -> bool {
    let Screen::Form(form) = &mut model.screen else {
        return false;
    };
    form.close_note();
    form.checked = true;
    let details = match form.check() {
        Ok(d) => d,
        Err(errors) => {
            form.errors = errors;
            if let Some((first, _)) = form.errors.first() {
                form.focus = *first;
            }
            model.fail(strings::FIX_FIELDS);
            return true;
        }
    };
    form.errors.clear();
    let key = form.draft_key();
    let saved = match form.editing {
        Some((id, version)) => store
            .update_participant(id, version, &details, model.today)
            .map(|()| id),
        None => store.add_participant(&details, model.today),
    };
    let id = match saved {
        Ok(id) => id,
        Err(StoreError::Stale) => {
            let text = match form.editing {
                Some((id, _)) => match store.participant(id) {
                    Ok(p) => rebase(form, store, &p),
                    Err(e) => e.to_string(),
                },
                None => strings::STALE_EDIT.to_string(),
            };
            save_draft(model, store);
            model.fail(text);
            return true;
        }
        Err(e) => {
            // The typed text must survive a failed save: keep the form open and the draft.
            save_draft(model, store);
            model.fail(e);
            return true;
        }
    };
    model.draft_due = None;
    if let Err(e) = store.discard_draft(&key) {
        model.fail(e);
        return true;
    }
    if let Err(e) = reload(model, store, Some(id)) {
        model.fail(e);
        return true;
    }
    nav::back(model, store);
    if model.status.is_none() {
        model.say(strings::saved_participant(&details.name));
    }
    true
}

/// Merges a colleague's save into the open form; returns what to tell the worker.
fn rebase(form: &mut ParticipantForm, store: &Store, theirs: &Participant) -> String {
    let clashes = form.rebase(theirs, saved_by(store, theirs.id));
    let labels: Vec<&str> = clashes.iter().map(|f| f.label()).collect();
    strings::merged_edit(&labels)
}

fn close(model: &mut Model, store: &mut Store) -> bool {
    let Screen::Form(form) = &model.screen else {
        return false;
    };
    let kept = form.unsaved || form.drafted;
    park_draft(model, store);
    nav::back(model, store);
    if kept && model.status.is_none() {
        model.say(strings::DRAFT_KEPT);
    }
    true
}
