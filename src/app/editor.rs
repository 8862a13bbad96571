//! The editors as a pane (participant, plan, action, barrier, employer, outcome, scores,
//! spend, exit):
//! opening one with its draft, saving through the store, merging a colleague's save, closing.
//! What each editor holds and checks is in `editors.rs`.

use crossterm::event::KeyEvent;

use super::editing::saved_by;
use super::editors::{Checked, Editor, EditorKind, plan_values};
use super::{Model, Screen, editing_key, nav, participant_form, reload, save_draft};
use crate::domain::appointment::{AppointmentDetails, AppointmentKind};
use crate::domain::dates::{hm, short};
use crate::domain::referral::ReferralConsent;
use crate::keymap::Command;
use crate::store::{Store, StoreError};
use crate::strings;

fn fail(model: &mut Model, e: impl std::fmt::Display) -> bool {
    model.fail(e);
    true
}

/// Opens an editor, bringing back the worker's draft of it if there is one, merged with
/// anything a colleague saved since.
pub(super) fn screen(model: &mut Model, store: &Store, mut editor: Editor) -> Option<Screen> {
    match store.draft(&editor.draft_key()) {
        Ok(Some(body)) => {
            // The freshly built form holds what is stored now; the draft's base is what was
            // stored when the draft was typed.
            let now = editor.form.values();
            let restored = editor.form.restore(&body).or_else(|| {
                // A participant draft from before that form was a form of fields.
                let (version, values) = match editor.kind {
                    EditorKind::Participant(_) => participant_form::legacy_draft(&body)?,
                    _ => return None,
                };
                editor.form.base = editor.form.values();
                for (k, v) in &values {
                    editor.form.set(k, v);
                }
                editor.form.drafted = true;
                Some(version)
            });
            if let Some(version) = restored {
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
        Err(e) => {
            model.fail(e);
            return None;
        }
    }
    Some(Screen::Editor(Box::new(editor)))
}

pub fn key(
    model: &mut Model,
    store: &mut Store,
    key: KeyEvent,
    command: Option<Command>,
) -> Option<bool> {
    editing_key(model, store, key, command, save)
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
    if let Checked::Participant(d) = &checked {
        let saved = match editor.kind {
            EditorKind::Participant(Some(p)) => store
                .update_participant(p, editor.version, d, model.today)
                .map(|()| p),
            _ => store.add_participant(d, model.today),
        };
        let said = strings::saved_participant(&d.name);
        return saved_or_not(model, store, saved.map(|p| (said, Some(p))));
    }
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
        (Checked::Partner(None, d), _) => store.add_partner(d).map(|_| strings::SAVED_PARTNER),
        (Checked::Partner(Some(p), d), _) => store
            .save_partner(*p, editor.version, d)
            .map(|()| strings::SAVED_PARTNER),
        (Checked::Refer(r), _) => {
            let name = editor.title_name();
            let said = match r.consent {
                ReferralConsent::Given => strings::referred(&name, &editor.form.get("partner")),
                ReferralConsent::Refused => strings::referral_not_made(&name),
            };
            let result = store.refer(id, r).map(|_| said);
            return saved_or_not(model, store, result.map(|said| (said, None)));
        }
        (Checked::ReferralUpdate(c), EditorKind::ReferralUpdate(r)) => {
            let result = store.move_referral(r, editor.version, c).and_then(|()| {
                let r = store.referral(r)?.ok_or(StoreError::Stale)?;
                Ok(strings::referral_moved(&r.partner, &r.state()))
            });
            return saved_or_not(model, store, result.map(|said| (said, None)));
        }
        (Checked::Handover { to, note, known }, _) => {
            if !known && !editor.form.warned {
                editor.form.warned = true;
                model.fail(strings::unknown_worker(to));
                return true;
            }
            let people = editor.handing.people.clone();
            let result = store
                .reassign(&people, to, note)
                .map(|made| (strings::handed_over(made.len(), to), None));
            if result.is_ok() {
                model.caseload.marked.clear();
            }
            return saved_or_not(model, store, result);
        }
        (
            Checked::Cover {
                worker,
                by,
                from,
                to,
                note,
                known,
            },
            _,
        ) => {
            if !known && !editor.form.warned {
                editor.form.warned = true;
                let unknown = if editor.handing.workers.contains(worker) {
                    by
                } else {
                    worker
                };
                model.fail(strings::unknown_worker(unknown));
                return true;
            }
            let said = strings::cover_set(worker, by, *from, *to);
            let result = store.add_cover(worker, by, *from, *to, note).map(|_| said);
            return saved_or_not(model, store, result.map(|said| (said, None)));
        }
        (Checked::RiskFlags(flags, review), _) => {
            let said = if flags.is_empty() {
                strings::FLAGS_CLEARED
            } else {
                strings::FLAGS_SAVED
            };
            store.save_risk_flags(id, flags, *review).map(|()| said)
        }
        (Checked::Concern(c), _) => store.raise_concern(id, c).map(|_| strings::CONCERN_RAISED),
        (Checked::Decide(d), EditorKind::Decide(c)) => store
            .decide_concern(c, editor.version, d)
            .map(|()| strings::DECISION_SAVED),
        (Checked::Booking(b), _) => {
            if let Some(why) = editor
                .about
                .first()
                .filter(|_| b.kind == AppointmentKind::Meeting)
                .cloned()
                && !editor.form.warned
            {
                editor.form.warned = true;
                model.fail(strings::meeting_with_flags(&why));
                return true;
            }
            if let Some(why) = &b.clash
                && !editor.form.warned
            {
                editor.form.warned = true;
                model.fail(strings::booking_clash(why));
                return true;
            }
            let d = AppointmentDetails {
                at: store.clock().local(b.at),
                minutes: b.minutes,
                kind: b.kind,
                place: b.place.clone(),
                with: b.with,
                note: b.note.clone(),
            };
            let when = format!("{} {}", short(b.at.date()), hm(b.at.time()));
            let said = strings::booked(&editor.title_name(), &when);
            let result = store.book(id, &d).map(|_| said);
            return saved_or_not(model, store, result.map(|said| (said, None)));
        }
        _ => return false,
    };
    saved_or_not(model, store, result.map(|said| (said.to_string(), None)))
}

/// After a save: the draft goes and the worker goes back, told so (a participant saved is
/// selected on the caseload); a stale save is merged with what a colleague saved; any other
/// failure keeps the form open with its draft.
fn saved_or_not(
    model: &mut Model,
    store: &mut Store,
    result: Result<(String, Option<i64>), StoreError>,
) -> bool {
    let Screen::Editor(editor) = &mut model.screen else {
        return false;
    };
    let id = editor.participant;
    match result {
        Ok((said, participant)) => {
            let key = editor.draft_key();
            model.draft_due = None;
            if let Err(e) = store.discard_draft(&key) {
                return fail(model, e);
            }
            if let Some(p) = participant
                && let Err(e) = reload(model, store, Some(p))
            {
                return fail(model, e);
            }
            nav::back(model, store);
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
        EditorKind::Participant(Some(p)) => {
            let p = store.participant(p)?;
            Some((
                p.version,
                participant_form::fields(&p.details, today).values(),
            ))
        }
        EditorKind::Participant(None) => None,
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
        EditorKind::Partner(Some(p)) => store
            .partner(p)?
            .map(|p| (p.version, Editor::partner(Some(&p), today).form.values())),
        // Moving a referral on types a new step, not the fields a colleague's step changed:
        // their move only moves the version on.
        EditorKind::ReferralUpdate(r) => store
            .referral(r)?
            .map(|r| (r.version, editor.form.values())),
        // Closing a case changes no fields a colleague could have typed: their save only
        // moves the version on.
        EditorKind::Exit => Some((store.participant(id)?.version, editor.form.values())),
        // A concern decided meanwhile refuses this decision outright (`AlreadyDecided`), so
        // there is nothing to merge.
        EditorKind::Action(None)
        | EditorKind::Decide(_)
        | EditorKind::Handover
        | EditorKind::Cover
        | EditorKind::RiskFlags
        | EditorKind::Concern
        | EditorKind::Assess(_)
        | EditorKind::Outcome
        | EditorKind::Scores
        | EditorKind::Spend
        | EditorKind::Booking
        | EditorKind::Partner(None)
        | EditorKind::Refer => None,
    })
}
