//! The plan pane: the plan, open actions, barriers and what was done, and the keys there.

use super::editors::Editor;
use super::{Model, Route, Screen, nav};
use crate::domain::plan::{Action, ActionStatus, Assessment, Employer, PlanChange, StoredPlan};
use crate::domain::referral::newest_agreed;
use crate::domain::{Choice, Participant};
use crate::keymap::Command;
use crate::store::{Store, StoreError};
use crate::strings;

pub struct PlanScreen {
    pub participant: Participant,
    pub plan: Option<StoredPlan>,
    pub employer: Option<Employer>,
    pub actions: Vec<Action>,
    pub assessments: Vec<Assessment>,
    /// Onward referrals, newest first.
    pub referrals: Vec<crate::domain::referral::Referral>,
    /// Position in `items()`.
    pub cursor: usize,
    /// The plan history, while it is shown over the pane.
    pub history: Option<Vec<PlanChange>>,
    /// The first line of the history shown: a plan changed often runs past the screen.
    pub history_top: usize,
    pub flags: Vec<crate::domain::team::RiskFlag>,
}

/// What the cursor can rest on: an action, a barrier or a referral (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Action(usize),
    Barrier(usize),
    Referral(usize),
}

impl PlanScreen {
    pub fn load(store: &Store, id: i64) -> Result<Self, StoreError> {
        let participant = store.participant(id)?;
        let plan = store.plan(id)?;
        let employer = match &plan {
            Some(p) if !p.plan.employer.is_empty() => store.employer_named(&p.plan.employer)?,
            _ => None,
        };
        Ok(Self {
            participant,
            plan,
            employer,
            actions: store.actions(id)?,
            assessments: store.assessments(id)?,
            referrals: store.referrals(id)?,
            cursor: 0,
            history: None,
            history_top: 0,
            flags: store.risk_flags(id)?,
        })
    }

    /// Open actions, then barriers, then referrals (open ones first), then actions done or
    /// dropped: the order they are shown in.
    pub fn items(&self) -> Vec<Item> {
        let open = |a: &Action| a.details.status == ActionStatus::Open;
        let mut items: Vec<Item> = (0..self.actions.len())
            .filter(|&i| open(&self.actions[i]))
            .map(Item::Action)
            .collect();
        items.extend((0..self.participant.barriers.len()).map(Item::Barrier));
        let (open_refs, closed_refs): (Vec<usize>, Vec<usize>) =
            (0..self.referrals.len()).partition(|&i| self.referrals[i].status.is_open());
        items.extend(open_refs.into_iter().map(Item::Referral));
        items.extend(closed_refs.into_iter().map(Item::Referral));
        items.extend(
            (0..self.actions.len())
                .filter(|&i| !open(&self.actions[i]))
                .map(Item::Action),
        );
        items
    }

    pub fn selected(&self) -> Option<Item> {
        self.items().get(self.cursor).copied()
    }

    fn selected_action(&self) -> Option<&Action> {
        match self.selected()? {
            Item::Action(i) => self.actions.get(i),
            Item::Barrier(_) | Item::Referral(_) => None,
        }
    }
}

/// Opens the plan pane for a participant.
pub(super) fn screen(model: &mut Model, store: &Store, id: i64) -> Option<Screen> {
    let p = model.ok(PlanScreen::load(store, id))?;
    Some(Screen::Plan(Box::new(p)))
}

/// Reads the pane again after a save, keeping the cursor where it was.
pub(super) fn reload(model: &mut Model, store: &Store, id: i64, cursor: usize) {
    match PlanScreen::load(store, id) {
        Ok(mut p) => {
            p.cursor = cursor.min(p.items().len().saturating_sub(1));
            model.screen = Screen::Plan(Box::new(p));
        }
        Err(e) => model.fail(e),
    }
}

/// A command on the plan pane; `None` for the global ones.
pub fn key(model: &mut Model, store: &mut Store, command: Option<Command>) -> Option<bool> {
    let Screen::Plan(plan) = &mut model.screen else {
        return None;
    };
    let action = command?;
    let id = plan.participant.id;
    let n = plan.items().len();
    if let Some(history) = &plan.history {
        // Each change is a line and a line a field; the newest first. The last line can be
        // brought to the top, so nothing is out of reach however the lines wrap.
        let last = history
            .iter()
            .map(|c| 1 + c.fields.len())
            .sum::<usize>()
            .saturating_sub(1);
        match action {
            Command::Close | Command::Back | Command::History => {
                plan.history = None;
                plan.history_top = 0;
            }
            // The help over the history, as over any screen.
            Command::Help => return None,
            _ => {
                let page = usize::from(model.height / 2);
                if let Some(to) = super::scrolled(plan.history_top, last, page, action) {
                    plan.history_top = to;
                }
            }
        }
        return Some(true);
    }
    if let Some(at) = super::moved(plan.cursor, n, action) {
        plan.cursor = at;
        return Some(true);
    }
    match action {
        Command::History => match store.plan_history(id) {
            Ok(h) => plan.history = Some(h),
            Err(e) => model.fail(e),
        },
        Command::Edit => {
            let who = plan.participant.details.name.clone();
            let stored = plan.plan.clone();
            let employers = match store.employers() {
                Ok(list) => list.into_iter().map(|e| e.name).collect(),
                Err(e) => return Some(fail(model, e)),
            };
            let editor = Editor::plan(id, &who, stored.as_ref(), employers, model.today);
            nav::go(model, store, Route::Editor(Box::new(editor)));
        }
        Command::Add => {
            let editor = Editor::action(id, &plan.participant.details.name, None, model.today);
            nav::go(model, store, Route::Editor(Box::new(editor)));
        }
        Command::Open => {
            let who = plan.participant.details.name.clone();
            let editor = match plan.selected() {
                Some(Item::Action(i)) => Editor::action(id, &who, plan.actions.get(i), model.today),
                Some(Item::Barrier(i)) => match plan.participant.barriers.get(i) {
                    Some(b) => Editor::assess(id, &who, b, model.today),
                    None => return Some(false),
                },
                Some(Item::Referral(i)) => match plan.referrals.get(i) {
                    // One the person said no to went nowhere, so it has nowhere to move.
                    Some(r) if r.status == crate::domain::referral::ReferralStatus::Refused => {
                        model.fail(strings::REFERRAL_NOT_MADE);
                        return Some(true);
                    }
                    Some(r) => {
                        let route = Route::ReferralUpdate(r.id);
                        nav::go(model, store, route);
                        return Some(true);
                    }
                    None => return Some(false),
                },
                None => return Some(false),
            };
            nav::go(model, store, Route::Editor(Box::new(editor)));
        }
        Command::ReferralSummary => {
            // The one the cursor is on; else the newest they agreed to, which is the one
            // just made when the pane says "s shows what to send".
            let chosen = match plan.selected() {
                Some(Item::Referral(i)) => plan.referrals.get(i),
                _ => newest_agreed(&plan.referrals),
            }
            .map(|r| r.id);
            match chosen {
                Some(r) => nav::go(model, store, Route::Summary(r)),
                None => model.fail(strings::NOT_A_REFERRAL),
            }
        }
        Command::Done | Command::Drop => {
            let Some(a) = plan.selected_action().cloned() else {
                model.fail(strings::NOT_AN_ACTION);
                return Some(true);
            };
            let (status, said) = if action == Command::Done {
                (ActionStatus::Done, strings::ACTION_DONE)
            } else {
                (ActionStatus::Dropped, strings::ACTION_DROPPED)
            };
            let details = crate::domain::plan::ActionDetails {
                status,
                ..a.details
            };
            let cursor = plan.cursor;
            match store.update_action(a.id, a.version, &details) {
                Ok(()) => {
                    reload(model, store, id, cursor);
                    model.say(said);
                }
                Err(e) => {
                    reload(model, store, id, cursor);
                    model.fail(e);
                }
            }
        }
        Command::Employer => match plan.employer.clone() {
            Some(e) => nav::go(
                model,
                store,
                Route::Editor(Box::new(Editor::employer(id, &e, model.today))),
            ),
            None => model.fail(strings::NO_EMPLOYER),
        },
        _ => return None,
    }
    Some(true)
}

fn fail(model: &mut Model, e: impl std::fmt::Display) -> bool {
    model.fail(e);
    true
}

/// How a barrier's status changed over time: `Barrier Mar 26 → Resolved Jun 26`.
pub fn trail(assessments: &[Assessment], kind: crate::domain::BarrierKind) -> String {
    let mut steps: Vec<String> = Vec::new();
    let mut last = None;
    for a in assessments.iter().filter(|a| a.kind == kind) {
        if last != Some(a.status) {
            steps.push(format!(
                "{} {}",
                a.status.label(),
                a.assessed.format("%b %y")
            ));
            last = Some(a.status);
        }
    }
    steps.join(" → ")
}
