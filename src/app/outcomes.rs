//! The outcomes screen: formal outcomes, soft outcome scores over time, discretionary spend,
//! and closing or reopening the case.

use super::editors::Editor;
use super::{Model, Route, Screen, nav};
use crate::domain::Participant;
use crate::domain::outcome::{Exit, FormalOutcome, SoftScore, Spend};
use crate::domain::profile::Scale;
use crate::domain::{Choice, Stage};
use crate::keymap::Command;
use crate::store::{Store, StoreError};
use crate::strings;

pub struct OutcomesScreen {
    pub participant: Participant,
    pub outcomes: Vec<FormalOutcome>,
    /// Oldest first.
    pub scores: Vec<SoftScore>,
    pub spend: Vec<Spend>,
    pub exit: Option<Exit>,
    pub scales: Vec<Scale>,
}

impl OutcomesScreen {
    pub fn load(store: &Store, id: i64) -> Result<Self, StoreError> {
        Ok(Self {
            participant: store.participant(id)?,
            outcomes: store.outcomes(id)?,
            scores: store.soft_scores(id)?,
            spend: store.spend(id)?,
            exit: store.exit_of(id)?,
            scales: store.profile().soft_outcomes.clone(),
        })
    }

    /// One scale's scores, oldest first.
    pub fn series(&self, scale: &str) -> Vec<u8> {
        self.scores
            .iter()
            .filter(|s| s.scale == scale)
            .map(|s| s.score)
            .collect()
    }

    pub fn total_spend(&self) -> i64 {
        self.spend.iter().map(|s| s.pence).sum()
    }
}

pub(super) fn screen(model: &mut Model, store: &Store, id: i64) -> Option<Screen> {
    let o = model.ok(OutcomesScreen::load(store, id))?;
    Some(Screen::Outcomes(Box::new(o)))
}

/// A command on the outcomes screen; `None` for the global ones.
pub fn key(model: &mut Model, store: &mut Store, command: Option<Command>) -> Option<bool> {
    let Screen::Outcomes(o) = &model.screen else {
        return None;
    };
    let action = command?;
    let id = o.participant.id;
    let who = o.participant.details.name.clone();
    match action {
        Command::Add => nav::go(
            model,
            store,
            Route::Editor(Box::new(Editor::outcome(id, &who, model.today))),
        ),
        Command::Score => {
            let editor = Editor::scores(id, &who, &o.scales, &o.scores, model.today);
            nav::go(model, store, Route::Editor(Box::new(editor)));
        }
        Command::Spend => nav::go(
            model,
            store,
            Route::Editor(Box::new(Editor::spend(id, &who, model.today))),
        ),
        Command::CloseCase if o.participant.details.stage == Stage::Exited => {
            match store.reopen_participant(id, o.participant.version, model.today) {
                Ok(stage) => {
                    nav::refresh(model, store);
                    model.say(strings::reopened(stage.label()));
                }
                Err(e) => {
                    nav::refresh(model, store);
                    model.fail(e);
                }
            }
        }
        Command::CloseCase => {
            let version = o.participant.version;
            let editor = Editor::exit(id, &who, version, model.today);
            nav::go(model, store, Route::Editor(Box::new(editor)));
        }
        _ => return None,
    }
    Some(true)
}
