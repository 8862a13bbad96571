//! The outcomes screen: formal outcomes, soft outcome scores over time, discretionary spend,
//! and closing or reopening the case.

use crossterm::event::KeyEvent;

use super::editors::Editor;
use super::plan::open_editor;
use super::{Model, Screen, open_participant};
use crate::domain::Participant;
use crate::domain::outcome::{Exit, FormalOutcome, SoftScore, Spend};
use crate::domain::profile::Scale;
use crate::domain::{Choice, Stage};
use crate::keymap::{self, Command, Context};
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
    pub from_participant: bool,
}

impl OutcomesScreen {
    pub fn load(store: &Store, id: i64, from_participant: bool) -> Result<Self, StoreError> {
        Ok(Self {
            participant: store.participant(id)?,
            outcomes: store.outcomes(id)?,
            scores: store.soft_scores(id)?,
            spend: store.spend(id)?,
            exit: store.exit_of(id)?,
            scales: store.profile().soft_outcomes.clone(),
            from_participant,
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

pub fn open(model: &mut Model, store: &Store, id: i64) {
    let from_participant = matches!(model.screen, Screen::Participant(_));
    open_from(model, store, id, from_participant);
}

pub fn open_from(model: &mut Model, store: &Store, id: i64, from_participant: bool) {
    match OutcomesScreen::load(store, id, from_participant) {
        Ok(o) => model.screen = Screen::Outcomes(Box::new(o)),
        Err(e) => model.fail(e),
    }
}

pub fn key(model: &mut Model, store: &mut Store, key: KeyEvent, contexts: &[Context]) -> bool {
    let Screen::Outcomes(o) = &model.screen else {
        return false;
    };
    let Some(action) = keymap::lookup(contexts, &key) else {
        return false;
    };
    let (id, from) = (o.participant.id, o.from_participant);
    let who = o.participant.details.name.clone();
    match action {
        Command::Add => open_editor(model, store, Editor::outcome(id, &who, model.today)),
        Command::Score => {
            let editor = Editor::scores(id, &who, &o.scales, &o.scores, model.today);
            open_editor(model, store, editor);
        }
        Command::Spend => open_editor(model, store, Editor::spend(id, &who, model.today)),
        Command::CloseCase if o.participant.details.stage == Stage::Exited => {
            match store.reopen_participant(id, o.participant.version, model.today) {
                Ok(stage) => {
                    open_from(model, store, id, from);
                    model.say(strings::reopened(stage.label()));
                }
                Err(e) => {
                    open_from(model, store, id, from);
                    model.fail(e);
                }
            }
        }
        Command::CloseCase => {
            let version = o.participant.version;
            open_editor(model, store, Editor::exit(id, &who, version, model.today));
        }
        Command::Back if from => open_participant(model, store, id),
        Command::Back | Command::ShowCaseload => super::show_caseload(model, store),
        Command::LogContact => super::contact::open(model, store, id, None),
        Command::OpenPlan => super::plan::open_from(model, store, id, from),
        Command::ShowReminders => super::reminders::open(model, store),
        Command::Help => model.help = true,
        Command::ForceQuit => model.quit = true,
        _ => return false,
    }
    true
}
