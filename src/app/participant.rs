//! The participant screen: contact details, the pathway, the job, barriers, stage history and
//! the contacts, newest first.

use super::record::ParticipantScreen;
use super::{Model, Route, Screen, nav};
use crate::domain::referral::newest_agreed;
use crate::keymap::Command;
use crate::store::Store;
use crate::strings;

/// Opens the participant screen.
pub(super) fn screen(model: &mut Model, store: &Store, id: i64) -> Option<Screen> {
    load(model, store, id).map(|p| Screen::Participant(Box::new(p)))
}

/// The participant's screen as stored now, or `None` with the reason on the status line.
pub(super) fn load(model: &mut Model, store: &Store, id: i64) -> Option<ParticipantScreen> {
    model.ok(ParticipantScreen::load(store, id))
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
        Command::ReferralSummary => {
            match newest_agreed(&p.referrals).map(|r| r.id) {
                Some(r) => nav::go(model, store, Route::Summary(r)),
                None => model.fail(strings::NOT_A_REFERRAL),
            }
            Some(true)
        }
        _ => None,
    }
}
