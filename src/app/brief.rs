//! The pre-call brief: everything needed before dialling, on one screen.

use super::{Model, ParticipantScreen, Screen};
use crate::domain::plan::{Action, ActionStatus};
use crate::domain::reminder::Reminder;
use crate::store::{ReminderQuery, Store, StoreError};

pub struct Brief {
    pub person: ParticipantScreen,
    pub actions: Vec<Action>,
    /// What is due now or within the week, and why.
    pub due: Vec<Reminder>,
}

pub(super) fn screen(model: &mut Model, store: &Store, id: i64) -> Option<Screen> {
    let loaded = (|| -> Result<Brief, StoreError> {
        let person = ParticipantScreen::load(store, id)?;
        let actions = store
            .actions(id)?
            .into_iter()
            .filter(|a| a.details.status == ActionStatus::Open)
            .collect();
        let due = store.reminders(ReminderQuery {
            worker: None,
            participant: Some(id),
            until: model.today + chrono::Duration::days(7),
        })?;
        Ok(Brief {
            person,
            actions,
            due,
        })
    })();
    let b = model.ok(loaded)?;
    Some(Screen::Brief(Box::new(b)))
}
