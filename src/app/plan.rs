//! The plan pane and its editors: what the keys do there and how edits reach the store.

use crossterm::event::KeyEvent;

use super::editors::{Checked, Editor, EditorKind, Return, plan_values};
use super::{Model, Screen, open_participant, save_draft};
use crate::domain::plan::{Action, ActionStatus, Assessment, Employer, PlanChange, StoredPlan};
use crate::domain::{Choice, Participant};
use crate::keymap::{self, Command, Context};
use crate::store::{Store, StoreError};
use crate::strings;

pub struct PlanScreen {
    pub participant: Participant,
    pub plan: Option<StoredPlan>,
    pub employer: Option<Employer>,
    pub actions: Vec<Action>,
    pub assessments: Vec<Assessment>,
    /// Position in `items()`.
    pub cursor: usize,
    /// The plan history, while it is shown over the pane.
    pub history: Option<Vec<PlanChange>>,
    pub from_participant: bool,
}

/// What the cursor can rest on: an action, or a barrier (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Action(usize),
    Barrier(usize),
}

impl PlanScreen {
    pub fn load(store: &Store, id: i64, from_participant: bool) -> Result<Self, StoreError> {
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
            cursor: 0,
            history: None,
            from_participant,
        })
    }

    /// Open actions, then barriers, then actions done or dropped: the order they are shown in.
    pub fn items(&self) -> Vec<Item> {
        let open = |a: &Action| a.details.status == ActionStatus::Open;
        let mut items: Vec<Item> = (0..self.actions.len())
            .filter(|&i| open(&self.actions[i]))
            .map(Item::Action)
            .collect();
        items.extend((0..self.participant.barriers.len()).map(Item::Barrier));
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
            Item::Barrier(_) => None,
        }
    }
}

/// Opens the plan pane for a participant.
pub fn open(model: &mut Model, store: &Store, id: i64) {
    let from_participant = matches!(model.screen, Screen::Participant(_));
    open_from(model, store, id, from_participant);
}

/// Opens the plan pane; `from_participant` makes back go to the participant screen.
pub fn open_from(model: &mut Model, store: &Store, id: i64, from_participant: bool) {
    match PlanScreen::load(store, id, from_participant) {
        Ok(p) => model.screen = Screen::Plan(Box::new(p)),
        Err(e) => model.fail(e),
    }
}

/// Reloads the pane after a save, keeping the cursor where it was.
fn reload(model: &mut Model, store: &Store, id: i64, from_participant: bool, cursor: usize) {
    match PlanScreen::load(store, id, from_participant) {
        Ok(mut p) => {
            p.cursor = cursor.min(p.items().len().saturating_sub(1));
            model.screen = Screen::Plan(Box::new(p));
        }
        Err(e) => model.fail(e),
    }
}

/// Returns from an editor to the pane it was opened from.
fn go_back(model: &mut Model, store: &Store, id: i64, back: Return) {
    match back {
        Return::Plan {
            from_participant,
            cursor,
        } => reload(model, store, id, from_participant, cursor),
        Return::Outcomes { from_participant } => {
            super::outcomes::open_from(model, store, id, from_participant)
        }
    }
}

pub fn key(model: &mut Model, store: &mut Store, key: KeyEvent, contexts: &[Context]) -> bool {
    let Screen::Plan(plan) = &mut model.screen else {
        return false;
    };
    let Some(action) = keymap::lookup(contexts, &key) else {
        return false;
    };
    let id = plan.participant.id;
    let n = plan.items().len();
    if plan.history.is_some() {
        if matches!(action, Command::Close | Command::Back | Command::History) {
            plan.history = None;
        }
        return true;
    }
    match action {
        Command::Down => plan.cursor = (plan.cursor + 1).min(n.saturating_sub(1)),
        Command::Up => plan.cursor = plan.cursor.saturating_sub(1),
        Command::Top => plan.cursor = 0,
        Command::Bottom => plan.cursor = n.saturating_sub(1),
        Command::History => match store.plan_history(id) {
            Ok(h) => plan.history = Some(h),
            Err(e) => model.fail(e),
        },
        Command::Edit => {
            let who = plan.participant.details.name.clone();
            let stored = plan.plan.clone();
            let employers = match store.employers() {
                Ok(list) => list.into_iter().map(|e| e.name).collect(),
                Err(e) => return fail(model, e),
            };
            let editor = Editor::plan(id, &who, stored.as_ref(), employers, model.today);
            open_editor(model, store, editor);
        }
        Command::Add => {
            let editor = Editor::action(id, &plan.participant.details.name, None, model.today);
            open_editor(model, store, editor);
        }
        Command::Open => {
            let who = plan.participant.details.name.clone();
            let editor = match plan.selected() {
                Some(Item::Action(i)) => Editor::action(id, &who, plan.actions.get(i), model.today),
                Some(Item::Barrier(i)) => match plan.participant.barriers.get(i) {
                    Some(b) => Editor::assess(id, &who, b, model.today),
                    None => return false,
                },
                None => return false,
            };
            open_editor(model, store, editor);
        }
        Command::Done | Command::Drop => {
            let Some(a) = plan.selected_action().cloned() else {
                model.fail(strings::NOT_AN_ACTION);
                return true;
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
            let (from, cursor) = (plan.from_participant, plan.cursor);
            match store.update_action(a.id, a.version, &details) {
                Ok(()) => {
                    reload(model, store, id, from, cursor);
                    model.say(said);
                }
                Err(e) => {
                    reload(model, store, id, from, cursor);
                    model.fail(e);
                }
            }
        }
        Command::Employer => match plan.employer.clone() {
            Some(e) => open_editor(model, store, Editor::employer(id, &e, model.today)),
            None => model.fail(strings::NO_EMPLOYER),
        },
        Command::Back => {
            if plan.from_participant {
                open_participant(model, store, id);
            } else {
                model.screen = Screen::Caseload;
            }
        }
        Command::Help => model.help = true,
        Command::ShowCaseload => model.screen = Screen::Caseload,
        Command::LogContact => super::contact::open(model, store, id, None),
        Command::ShowOutcomes => super::outcomes::open(model, store, id),
        Command::ForceQuit => model.quit = true,
        _ => return false,
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

fn fail(model: &mut Model, e: impl std::fmt::Display) -> bool {
    model.fail(e);
    true
}

/// Opens an editor, bringing back the worker's draft of it if there is one, merged with
/// anything a colleague saved since.
pub(crate) fn open_editor(model: &mut Model, store: &Store, mut editor: Editor) {
    match &model.screen {
        Screen::Plan(p) => {
            editor.return_to = Return::Plan {
                from_participant: p.from_participant,
                cursor: p.cursor,
            }
        }
        Screen::Outcomes(o) => {
            editor.return_to = Return::Outcomes {
                from_participant: o.from_participant,
            }
        }
        _ => {}
    }
    match store.draft(&editor.draft_key()) {
        Ok(Some(body)) => {
            // The freshly built form holds what is stored now; the draft's base is what was
            // stored when the draft was typed.
            let now = editor.form.values();
            if let Some(version) = editor.form.restore(&body) {
                model.say(strings::DRAFT_RESTORED);
                if version != editor.version {
                    let clashes = editor
                        .form
                        .rebase(&now, saved_by(store, editor.participant));
                    model.say(strings::merged_edit(&clashes));
                }
            }
        }
        Ok(None) => {}
        Err(e) => return model.fail(e),
    }
    model.screen = Screen::Editor(Box::new(editor));
}

pub fn editor_key(
    model: &mut Model,
    store: &mut Store,
    key: KeyEvent,
    contexts: &[Context],
) -> bool {
    super::editing_key(model, store, key, contexts, save, close)
}

fn save(model: &mut Model, store: &mut Store) -> bool {
    let Screen::Editor(editor) = &mut model.screen else {
        return false;
    };
    editor.form.checked = true;
    let checked = match editor.check() {
        Ok(c) => c,
        Err(errors) => {
            editor.form.show_errors(errors);
            model.fail(strings::FIX_FIELDS);
            return true;
        }
    };
    editor.form.errors.clear();
    let id = editor.participant;
    let result = match (&checked, editor.kind) {
        (Checked::Plan(p), _) => store
            .save_plan(id, editor.version, p)
            .map(|()| strings::SAVED_PLAN),
        (Checked::Action(a), EditorKind::Action(None)) => {
            store.add_action(id, a).map(|_| strings::SAVED_ACTION)
        }
        (Checked::Action(a), EditorKind::Action(Some(action))) => store
            .update_action(action, editor.version, a)
            .map(|()| strings::SAVED_ACTION),
        (Checked::Assess(status, note), EditorKind::Assess(kind)) => store
            .assess_barrier(id, kind, *status, note, model.today)
            .map(|()| strings::SAVED_ASSESSMENT),
        (Checked::Employer(e), _) => store
            .save_employer(e, Some(id))
            .map(|()| strings::SAVED_EMPLOYER),
        (Checked::Outcome(kind, on, evidence), _) => store
            .add_outcome(id, *kind, *on, evidence)
            .map(|_| strings::SAVED_OUTCOME),
        (Checked::Scores(occasion, on, scores), _) => store
            .add_scores(id, *occasion, *on, scores)
            .map(|()| strings::SAVED_SCORES),
        (Checked::Spend(s), _) => store.add_spend(id, s).map(|_| strings::SAVED_SPEND),
        (Checked::Exit(exit), _) => store
            .exit_participant(id, editor.version, exit)
            .map(|()| strings::CASE_CLOSED),
        _ => return false,
    };
    match result {
        Ok(said) => {
            let key = editor.draft_key();
            model.draft_due = None;
            if let Err(e) = store.discard_draft(&key) {
                return fail(model, e);
            }
            let back = editor.return_to;
            go_back(model, store, id, back);
            model.say(said);
        }
        Err(StoreError::Stale) => {
            let text = match stored_now(store, editor, model.today) {
                Ok(Some((version, values))) => {
                    editor.version = version;
                    let by = saved_by(store, id);
                    strings::merged_edit(&editor.form.rebase(&values, by))
                }
                Ok(None) => strings::STALE_EDIT.to_string(),
                Err(e) => e.to_string(),
            };
            save_draft(model, store);
            model.fail(text);
        }
        Err(e) => {
            save_draft(model, store);
            model.fail(e);
        }
    }
    true
}

type Values = std::collections::BTreeMap<String, String>;

/// What is stored now for the thing an editor edits, as its version and form values; `None`
/// when it is gone or has no version.
fn stored_now(
    store: &Store,
    editor: &Editor,
    today: chrono::NaiveDate,
) -> Result<Option<(i64, Values)>, StoreError> {
    let id = editor.participant;
    Ok(match editor.kind {
        EditorKind::Plan => {
            let p = store.plan(id)?;
            Some((
                p.as_ref().map_or(0, |p| p.version),
                plan_values(p.as_ref(), today),
            ))
        }
        EditorKind::Action(Some(action)) => store.action(action)?.map(|a| {
            (
                a.version,
                Editor::action(id, "", Some(&a), today).form.values(),
            )
        }),
        EditorKind::Employer(e) => store
            .employer(e)?
            .map(|e| (e.version, Editor::employer(id, &e, today).form.values())),
        // Closing a case changes no fields a colleague could have typed: their save only
        // moves the version on.
        EditorKind::Exit => Some((store.participant(id)?.version, editor.form.values())),
        EditorKind::Action(None)
        | EditorKind::Assess(_)
        | EditorKind::Outcome
        | EditorKind::Scores
        | EditorKind::Spend => None,
    })
}

fn close(model: &mut Model, store: &mut Store) -> bool {
    let Screen::Editor(editor) = &model.screen else {
        return false;
    };
    let id = editor.participant;
    let back = editor.return_to;
    let kept = editor.form.unsaved || editor.form.drafted;
    super::park_draft(model, store);
    go_back(model, store, id, back);
    if kept {
        model.say(strings::DRAFT_KEPT);
    }
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
