//! The team pane: one line of figures per key worker and a total, the cover running or to
//! come, opening a worker's caseload, and setting cover. A team lead sees every worker; anyone
//! else sees their own line only. It is a view, not access control: the file holds it all.

use super::{Model, Route, Screen, moved, nav};
use crate::domain::team::{Cover, WorkerFigures, total};
use crate::keymap::Command;
use crate::store::{Store, StoreError};

pub struct TeamScreen {
    pub lines: Vec<WorkerFigures>,
    pub total: WorkerFigures,
    /// Cover running today or to come.
    pub covers: Vec<Cover>,
    pub cursor: usize,
    /// The worker at the keyboard leads the team: every line shows.
    pub lead: bool,
}

impl TeamScreen {
    pub fn load(model: &Model, store: &Store) -> Result<Self, StoreError> {
        let lead = model.profile.team.is_lead(&model.me);
        let mut lines = store.team_figures(model.today)?;
        let mut covers = store.covers(model.today)?;
        if !lead {
            lines.retain(|l| l.worker == model.me);
            covers.retain(|c| c.worker == model.me || c.by == model.me);
        }
        Ok(Self {
            total: total(&lines),
            lines,
            covers,
            cursor: 0,
            lead,
        })
    }

    pub fn selected(&self) -> Option<&WorkerFigures> {
        self.lines.get(self.cursor)
    }
}

pub(super) fn screen(model: &mut Model, store: &Store) -> Option<Screen> {
    let s = model.ok(TeamScreen::load(model, store))?;
    Some(Screen::Team(Box::new(s)))
}

/// Reads the figures again, the same worker selected.
pub(super) fn refresh(model: &mut Model, store: &Store) {
    let Screen::Team(t) = &model.screen else {
        return;
    };
    let keep = t.selected().map(|l| l.worker.clone());
    if let Some(mut s) = model.ok(TeamScreen::load(model, store)) {
        s.cursor = keep
            .and_then(|w| s.lines.iter().position(|l| l.worker == w))
            .unwrap_or(0);
        model.screen = Screen::Team(Box::new(s));
    }
}

pub(super) fn key(model: &mut Model, store: &mut Store, command: Option<Command>) -> Option<bool> {
    let Screen::Team(t) = &mut model.screen else {
        return None;
    };
    let command = command?;
    if let Some(to) = moved(t.cursor, t.lines.len(), command) {
        let was = t.cursor;
        t.cursor = to;
        return Some(to != was);
    }
    let worker = t.selected().map(|l| l.worker.clone());
    match command {
        Command::Open => {
            if let Some(w) = worker {
                nav::home(model, store);
                model.caseload.show_worker(w);
            }
        }
        Command::Cover => nav::go(model, store, Route::Cover(worker)),
        Command::EndCover => {
            let Some(w) = worker else {
                return Some(false);
            };
            end_cover(model, store, &w);
        }
        _ => return None,
    }
    Some(true)
}

/// Ends every cover of `worker`'s caseload from today: one running stops showing today, one
/// to come is called off.
fn end_cover(model: &mut Model, store: &mut Store, worker: &str) {
    let Screen::Team(t) = &model.screen else {
        return;
    };
    let ids: Vec<i64> = t
        .covers
        .iter()
        .filter(|c| c.worker == worker)
        .map(|c| c.id)
        .collect();
    if ids.is_empty() {
        return model.fail(crate::strings::no_cover(worker));
    }
    let yesterday = model.today - chrono::Days::new(1);
    for id in ids {
        if let Err(e) = store.end_cover(id, yesterday) {
            return model.fail(e);
        }
    }
    refresh(model, store);
    model.say(crate::strings::cover_ended(worker));
}
