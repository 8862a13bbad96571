//! The participant screen: contact details, the pathway, the job, barriers, stage history and
//! the contacts, newest first.

use super::{Model, Route, Screen, nav};
use crate::domain::{Participant, StageChange};
use crate::keymap::Command;
use crate::store::{Store, StoreError};

pub struct ParticipantScreen {
    pub participant: Participant,
    pub history: Vec<StageChange>,
    pub plan: Option<crate::domain::plan::StoredPlan>,
    pub employer: Option<crate::domain::plan::Employer>,
    /// Contact history, newest first, and the one highlighted.
    pub contacts: Vec<crate::domain::contact::Contact>,
    /// Reminders put off, with why, newest first.
    pub snoozes: Vec<crate::store::Snooze>,
    /// Why and when the case was closed, while it is.
    pub exit: Option<crate::domain::outcome::Exit>,
    pub cursor: usize,
}

/// How many contacts the participant screen lists.
pub const CONTACT_HISTORY: usize = 200;

impl ParticipantScreen {
    pub fn load(store: &Store, id: i64) -> Result<Self, StoreError> {
        let plan = store.plan(id)?;
        let employer = match &plan {
            Some(p) if !p.plan.employer.is_empty() => store.employer_named(&p.plan.employer)?,
            _ => None,
        };
        Ok(Self {
            participant: store.participant(id)?,
            history: store.stage_history(id)?,
            plan,
            employer,
            contacts: store.contacts(id, CONTACT_HISTORY)?,
            snoozes: store.snoozes(id)?,
            exit: store.exit_of(id)?,
            cursor: 0,
        })
    }
}

/// Opens the participant screen.
pub(super) fn screen(model: &mut Model, store: &Store, id: i64) -> Option<Screen> {
    load(model, store, id).map(|p| Screen::Participant(Box::new(p)))
}

/// The participant's screen as stored now, or `None` with the reason on the status line.
pub(super) fn load(model: &mut Model, store: &Store, id: i64) -> Option<ParticipantScreen> {
    match ParticipantScreen::load(store, id) {
        Ok(p) => Some(p),
        Err(e) => {
            model.fail(e);
            None
        }
    }
}

/// The participant screen's own commands: moving through the contacts, reading one, editing.
pub(super) fn command(model: &mut Model, store: &mut Store, command: Command) -> Option<bool> {
    let Screen::Participant(p) = &mut model.screen else {
        return None;
    };
    match command {
        Command::Up | Command::Down => {
            let last = p.contacts.len().saturating_sub(1);
            let was = p.cursor;
            p.cursor = if command == Command::Up {
                p.cursor.saturating_sub(1)
            } else {
                (p.cursor + 1).min(last)
            };
            // At the end of the list nothing moves, and nothing is sent to the terminal.
            Some(p.cursor != was)
        }
        Command::Open => {
            if let Some(c) = p.contacts.get(p.cursor) {
                let (contact, name) = (c.id, p.participant.details.name.clone());
                nav::go(model, store, Route::ContactView { contact, name });
            }
            Some(true)
        }
        Command::Edit => {
            let id = p.participant.id;
            nav::go(model, store, Route::ParticipantForm(Some(id)));
            Some(true)
        }
        _ => None,
    }
}
