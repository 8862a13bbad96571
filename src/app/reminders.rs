//! The reminders pane: overdue, today, the next seven days and later, and acting on each in
//! one key: open, log a contact, done, snooze, or a new one-off reminder.

use chrono::NaiveDate;
use crossterm::event::KeyEvent;

use super::fields::{Field, Fields, FormKey};
use super::{Model, Route, Screen, nav};
use crate::domain::Choice;
use crate::domain::appointment::{Appointment, MoveReason};
use crate::domain::dates::{hm, parse_quick_date, short, uk};
use crate::domain::plan::ActionStatus;
use crate::domain::reminder::{Group, Reminder, ReminderKey, ReminderKind};
use crate::keymap::Command;
use crate::store::{ReminderQuery, Store, StoreError};
use crate::strings;

/// How far ahead the pane looks.
pub const HORIZON_DAYS: i64 = 28;
/// At most this many lines: a real caseload has a few dozen; a huge synthetic one must not
/// make the pane slow to open.
pub const MAX_SHOWN: i64 = 1000;

/// A question the pane asks before acting.
pub enum Prompt {
    Snooze(Reminder),
    /// Moving a booked appointment: to when, and why.
    Move(Reminder, Box<Appointment>),
    Evidence(Reminder),
    Review(Reminder),
    New {
        participant: i64,
        name: String,
    },
}

pub struct RemindersScreen {
    pub list: Vec<Reminder>,
    pub cursor: usize,
    pub prompt: Option<(Prompt, Fields)>,
    pub team: bool,
}

fn load(model: &Model, store: &Store, team: bool) -> Result<Vec<Reminder>, StoreError> {
    let mut list = store.first_reminders(
        ReminderQuery {
            worker: (!team).then_some(model.me.as_str()),
            participant: None,
            until: model.today + chrono::Duration::days(HORIZON_DAYS),
        },
        MAX_SHOWN,
    )?;
    // Today's appointments at the top, by time: the day is planned around them. Stable, so
    // the rest keep their order by date.
    list.sort_by_key(|r| Group::of(r, model.today) != Group::Booked);
    Ok(list)
}

/// Whether anything of mine is overdue or due today: then the app starts on this pane.
pub fn anything_due(model: &Model, store: &Store) -> Result<bool, StoreError> {
    let due = store.first_reminders(
        ReminderQuery {
            worker: Some(&model.me),
            participant: None,
            until: model.today,
        },
        1,
    )?;
    Ok(!due.is_empty())
}

pub(super) fn screen(model: &mut Model, store: &Store) -> Option<Screen> {
    let team = model.caseload.team;
    match load(model, store, team) {
        Ok(list) => Some(Screen::Reminders(Box::new(RemindersScreen {
            list,
            cursor: 0,
            prompt: None,
            team,
        }))),
        Err(e) => {
            model.fail(e);
            None
        }
    }
}

/// Loads the list again for a new day, unless a question is being answered: its typed text
/// matters more than a regrouping that the next action will bring anyway.
pub fn refresh(model: &mut Model, store: &Store) {
    if matches!(&model.screen, Screen::Reminders(r) if r.prompt.is_none()) {
        reload(model, store);
    }
}

fn reload(model: &mut Model, store: &Store) {
    let Screen::Reminders(r) = &model.screen else {
        return;
    };
    let (cursor, team) = (r.cursor, r.team);
    match load(model, store, team) {
        Ok(list) => {
            let cursor = cursor.min(list.len().saturating_sub(1));
            model.screen = Screen::Reminders(Box::new(RemindersScreen {
                list,
                cursor,
                prompt: None,
                team,
            }));
        }
        Err(e) => model.fail(e),
    }
}

fn prompt_form(kind: &Prompt, today: NaiveDate) -> Fields {
    let fields = match kind {
        Prompt::Snooze(_) => vec![
            Field::text("until", "Snooze until", "tomorrow"),
            Field::text("why", "Why", ""),
        ],
        Prompt::Move(_, a) => {
            let at = a.details.at.naive_local();
            vec![
                Field::text(
                    "when",
                    "Move to",
                    &format!("{} {}", uk(at.date()), hm(at.time())),
                ),
                Field::pick("why", "Why", None::<MoveReason>, Some("(choose)")),
                Field::text("note", "Note", ""),
            ]
        }
        Prompt::Evidence(_) => vec![Field::text("note", "Evidence", "")],
        Prompt::Review(_) => vec![Field::text("note", "Review note", "")],
        Prompt::New { .. } => vec![
            Field::text("text", "Remind me to", ""),
            Field::text("due", "On", "tomorrow"),
        ],
    };
    let mut form = Fields::new(fields, today);
    if matches!(kind, Prompt::Snooze(_)) {
        form.focus_on("why");
    }
    form
}

/// A key on the reminders pane, with its command; `None` for the global ones.
pub fn key(
    model: &mut Model,
    store: &mut Store,
    key: KeyEvent,
    command: Option<Command>,
) -> Option<bool> {
    let Screen::Reminders(r) = &mut model.screen else {
        return None;
    };
    if let Some((_, form)) = &mut r.prompt {
        return match form.key(key, command) {
            FormKey::Save => Some(answer(model, store)),
            FormKey::Close => {
                r.prompt = None;
                Some(true)
            }
            FormKey::ForceQuit => None,
            FormKey::Edited | FormKey::Moved => Some(true),
            FormKey::Ignored => Some(false),
        };
    }
    let action = command?;
    let n = r.list.len();
    let selected = r.list.get(r.cursor).cloned();
    if let Some(at) = super::moved(r.cursor, n, action) {
        r.cursor = at;
        return Some(true);
    }
    match action {
        Command::ToggleTeam => {
            r.team = !r.team;
            reload(model, store);
        }
        Command::Open => {
            if let Some(s) = selected {
                nav::go(model, store, Route::Brief(s.participant_id));
            }
        }
        Command::Done => {
            if let Some(s) = selected {
                done(model, store, s);
            }
        }
        Command::Drop => match selected {
            Some(s) if s.kind == ReminderKind::Milestone => {
                let key = milestone_of(&s);
                let result = store.settle_milestone(s.participant_id, &key, false, model.today, "");
                reload(model, store);
                match result {
                    Ok(()) => model.say(strings::MILESTONE_MISSED),
                    Err(e) => model.fail(e),
                }
            }
            _ => model.fail(strings::NOT_A_MILESTONE),
        },
        Command::Snooze if selected.as_ref().is_some_and(is_appointment) => {
            model.fail(strings::APPOINTMENTS_MOVE);
        }
        Command::MoveAppointment => match selected {
            Some(s) if is_appointment(&s) => {
                let found = match s.key.parse() {
                    Ok(ReminderKey::Appointment(id)) => store.appointment(id),
                    _ => Ok(None),
                };
                match found {
                    Ok(Some(a)) => {
                        let p = Prompt::Move(s, Box::new(a));
                        let mut form = prompt_form(&p, model.today);
                        let availability = store
                            .participant(p_of(&p))
                            .map(|p| p.details.availability)
                            .unwrap_or_default();
                        form.when =
                            Some(super::fields::WhenAside::of(availability, &model.profile));
                        if let Screen::Reminders(r) = &mut model.screen {
                            r.prompt = Some((p, form));
                        }
                    }
                    Ok(None) => reload(model, store),
                    Err(e) => model.fail(e),
                }
            }
            _ => model.fail(strings::NOT_AN_APPOINTMENT),
        },
        Command::Snooze => {
            if let Some(s) = selected {
                let p = Prompt::Snooze(s);
                let form = prompt_form(&p, model.today);
                r.prompt = Some((p, form));
            }
        }
        Command::Add => {
            let who = selected
                .map(|s| (s.participant_id, s.participant))
                .or_else(|| {
                    model
                        .caseload
                        .selected_row()
                        .map(|c| (c.id, c.text.name().to_string()))
                });
            if let Some((participant, name)) = who {
                let p = Prompt::New { participant, name };
                let form = prompt_form(&p, model.today);
                if let Screen::Reminders(r) = &mut model.screen {
                    r.prompt = Some((p, form));
                }
            }
        }
        _ => return None,
    }
    Some(true)
}

fn log_contact(model: &mut Model, store: &Store, participant: i64) {
    let route = Route::Contact {
        participant,
        amends: None,
    };
    nav::go(model, store, route);
}

fn is_appointment(r: &Reminder) -> bool {
    r.kind == ReminderKind::Appointment
}

fn p_of(p: &Prompt) -> i64 {
    match p {
        Prompt::Snooze(r) | Prompt::Move(r, _) | Prompt::Evidence(r) | Prompt::Review(r) => {
            r.participant_id
        }
        Prompt::New { participant, .. } => *participant,
    }
}

/// The profile's key of a milestone reminder.
fn milestone_of(r: &Reminder) -> String {
    match r.key.parse() {
        Ok(ReminderKey::Milestone(key)) => key,
        _ => String::new(),
    }
}

/// `d`: whatever "done" means for the kind of reminder.
fn done(model: &mut Model, store: &mut Store, r: Reminder) {
    let id_in_key = || match r.key.parse() {
        Ok(ReminderKey::Action(id) | ReminderKey::Manual(id)) => Some(id),
        _ => None,
    };
    let result = match r.kind {
        ReminderKind::ContactDue | ReminderKind::Appointment => {
            return log_contact(model, store, r.participant_id);
        }
        // Done with a referral's follow-up is saying where it has got to.
        ReminderKind::ChaseReferral | ReminderKind::ReferralFollowUp => {
            if let Some(id) = r.key.parse::<ReminderKey>().ok().and_then(|k| k.referral()) {
                nav::go(model, store, Route::ReferralUpdate(id));
            }
            return;
        }
        ReminderKind::FlagReview => {
            nav::go(model, store, Route::RiskFlags(r.participant_id));
            return;
        }
        ReminderKind::Safeguarding => {
            if let Ok(ReminderKey::Concern(id)) = r.key.parse() {
                nav::go(model, store, Route::Decide(id));
            }
            return;
        }
        ReminderKind::Milestone | ReminderKind::Review => {
            let p = if r.kind == ReminderKind::Milestone {
                Prompt::Evidence(r)
            } else {
                Prompt::Review(r)
            };
            let form = prompt_form(&p, model.today);
            if let Screen::Reminders(s) = &mut model.screen {
                s.prompt = Some((p, form));
            }
            return;
        }
        ReminderKind::ActionDue => match id_in_key().map(|id| store.action(id)) {
            Some(Ok(Some(a))) => {
                let details = crate::domain::plan::ActionDetails {
                    status: ActionStatus::Done,
                    ..a.details
                };
                store.update_action(a.id, a.version, &details)
            }
            Some(Err(e)) => Err(e),
            _ => Ok(()),
        },
        ReminderKind::Manual => match id_in_key() {
            Some(id) => store.finish_manual_reminder(id, model.today),
            None => Ok(()),
        },
    };
    reload(model, store);
    match result {
        Ok(()) => model.say(strings::REMINDER_DONE),
        Err(e) => model.fail(e),
    }
}

/// Carries out what a prompt asked for, once its fields are valid.
fn answer(model: &mut Model, store: &mut Store) -> bool {
    let today = model.today;
    let Screen::Reminders(r) = &mut model.screen else {
        return false;
    };
    let Some((prompt, form)) = &mut r.prompt else {
        return false;
    };
    let date = |form: &Fields, key: &'static str| parse_quick_date(&form.get(key), today).ok();
    let result = match prompt {
        Prompt::Snooze(rem) => {
            let until = date(form, "until").filter(|d| *d > today);
            let why = form.get("why");
            let mut errors = Vec::new();
            if until.is_none() {
                errors.push(("until", strings::SNOOZE_UNTIL));
            }
            if why.is_empty() {
                errors.push(("why", strings::SNOOZE_WHY));
            }
            match (until, errors.is_empty()) {
                (Some(until), true) => store
                    .snooze(rem.participant_id, &rem.key, until, &why)
                    .map(|()| strings::snoozed(&rem.participant, &uk(until))),
                _ => {
                    form.focus_on(errors[0].0);
                    form.errors = errors;
                    return true;
                }
            }
        }
        Prompt::Move(rem, a) => {
            let why = MoveReason::from_code(&form.get("why"));
            let mut errors = Vec::new();
            let at = form.booked_at("when", &mut errors);
            if why.is_none() {
                errors.push(("why", strings::MOVE_WHY));
            }
            match (at, why, errors.is_empty()) {
                (Some(at), Some(why), true) => {
                    let clash = form.when.as_ref().and_then(|w| w.availability.clash(at));
                    if let Some(clash) = clash
                        && !form.warned
                    {
                        form.warned = true;
                        model.fail(strings::booking_clash(&clash));
                        return true;
                    }
                    let to = store.clock().local(at);
                    let said = strings::moved(
                        &rem.participant,
                        &format!("{} {}", short(at.date()), hm(at.time())),
                    );
                    store
                        .move_appointment(a.id, a.version, to, why, &form.get("note"))
                        .map(|()| said)
                }
                _ => {
                    form.focus_on(errors[0].0);
                    form.errors = errors;
                    return true;
                }
            }
        }
        Prompt::Evidence(rem) => {
            let note = form.get("note");
            if note.is_empty() {
                form.errors = vec![("note", strings::EVIDENCE_REQUIRED)];
                return true;
            }
            let key = milestone_of(rem);
            store
                .settle_milestone(rem.participant_id, &key, true, today, &note)
                .map(|()| strings::REMINDER_DONE.to_string())
        }
        Prompt::Review(rem) => store
            .record_review(rem.participant_id, today, &form.get("note"))
            .map(|()| strings::REMINDER_DONE.to_string()),
        Prompt::New { participant, .. } => {
            let text = form.get("text");
            let due = date(form, "due");
            let mut errors = Vec::new();
            if text.is_empty() {
                errors.push(("text", strings::REMINDER_TEXT));
            }
            if due.is_none() {
                errors.push(("due", strings::DATE_INVALID));
            }
            match (due, errors.is_empty()) {
                (Some(due), true) => store
                    .add_manual_reminder(*participant, due, &text)
                    .map(|_| strings::REMINDER_ADDED.to_string()),
                _ => {
                    form.focus_on(errors[0].0);
                    form.errors = errors;
                    return true;
                }
            }
        }
    };
    reload(model, store);
    match result {
        Ok(said) => model.say(said),
        Err(e) => model.fail(e),
    }
    true
}
