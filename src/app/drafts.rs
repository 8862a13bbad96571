//! Drafts: typed text kept while a form is open, parked when it is closed unsaved, and the
//! form that was open when keyworker stopped opened again at the next start.

use super::editing::editing;
use super::{Model, Route, Screen, nav, on_key, plan};
use crate::domain::draft::DraftKey;
use crate::keymap::{self, Command, Context};
use crate::store::{Store, StoreError};

/// Closes a form keeping its text: the draft waits to be opened again.
pub(crate) fn park_draft(model: &mut Model, store: &mut Store) {
    save_draft(model, store);
    let key = editing(&mut model.screen).map(|e| e.draft_key());
    if let Some(key) = key
        && let Err(e) = store.park_draft(&key)
    {
        model.fail(e);
    }
}

/// Opens again the form that was being typed in when keyworker last stopped (a dropped
/// link, a kill, a crash), with its draft.
pub(super) fn reopen_interrupted(model: &mut Model, store: &mut Store) -> Result<bool, StoreError> {
    let Some(key) = store.interrupted_draft()? else {
        return Ok(false);
    };
    let press = |model: &mut Model, store: &mut Store, context: Context, action: Command| {
        if let Some(k) = keymap::key_for(context, action) {
            on_key(model, store, k);
        }
    };
    match key {
        DraftKey::Participant(id) => nav::go(model, store, Route::ParticipantForm(id)),
        DraftKey::Contact {
            participant,
            amends,
        } => {
            let amends = amends
                .map(|c| store.contact(c))
                .transpose()?
                .flatten()
                .map(Box::new);
            let route = Route::Contact {
                participant,
                amends,
            };
            nav::go(model, store, route);
        }
        DraftKey::Plan(p) => {
            nav::go(model, store, Route::Plan(p));
            press(model, store, Context::Plan, Command::Edit);
        }
        DraftKey::Action {
            participant,
            action: None,
        } => {
            nav::go(model, store, Route::Plan(participant));
            press(model, store, Context::Plan, Command::Add);
        }
        DraftKey::Action {
            participant: p,
            action: Some(_),
        }
        | DraftKey::Assess { participant: p, .. } => {
            nav::go(model, store, Route::Plan(p));
            if let Screen::Plan(pane) = &mut model.screen {
                // The action or barrier it was about, then open it as Enter would.
                let at = pane.items().iter().position(|item| match (*item, key) {
                    (
                        plan::Item::Action(i),
                        DraftKey::Action {
                            action: Some(id), ..
                        },
                    ) => pane.actions.get(i).is_some_and(|a| a.id == id),
                    (plan::Item::Barrier(i), DraftKey::Assess { barrier, .. }) => pane
                        .participant
                        .barriers
                        .get(i)
                        .is_some_and(|b| b.kind == barrier),
                    _ => false,
                });
                if let Some(at) = at {
                    pane.cursor = at;
                    press(model, store, Context::Plan, Command::Open);
                }
            }
        }
        DraftKey::Outcome(p) | DraftKey::Scores(p) | DraftKey::Spend(p) | DraftKey::Exit(p) => {
            nav::go(model, store, Route::Outcomes(p));
            let action = match key {
                DraftKey::Outcome(_) => Command::Add,
                DraftKey::Scores(_) => Command::Score,
                DraftKey::Spend(_) => Command::Spend,
                _ => Command::CloseCase,
            };
            press(model, store, Context::Outcomes, action);
        }
        DraftKey::Booking(p) => nav::go(model, store, Route::Booking(p)),
        DraftKey::Partner(id) => nav::go(model, store, Route::PartnerForm(id)),
        DraftKey::Refer(p) => nav::go(model, store, Route::Refer(p)),
        DraftKey::ReferralUpdate { referral, .. } => {
            nav::go(model, store, Route::ReferralUpdate(referral))
        }
        DraftKey::Cover => nav::go(model, store, Route::Cover(None)),
        DraftKey::RiskFlags(p) => nav::go(model, store, Route::RiskFlags(p)),
        DraftKey::Concern(p) => nav::go(model, store, Route::Concern(p)),
        DraftKey::Decide { concern, .. } => nav::go(model, store, Route::Decide(concern)),
        // A shared employer's details are reopened from a plan, which the key does not name;
        // a handover's people were marks on a caseload that is gone. Both drafts wait for the
        // form to be opened again.
        DraftKey::Employer(_) | DraftKey::Handover => return Ok(false),
    }
    Ok(true)
}

/// Writes the open form's text as a draft if it changed since the last one.
pub(crate) fn save_draft(model: &mut Model, store: &mut Store) {
    model.draft_due = None;
    let written = match editing(&mut model.screen) {
        Some(e) => {
            let (key, number) = (e.draft_key(), e.draft_number());
            let form = e.form();
            if form.unsaved {
                form.to_draft(number)
                    .map_err(StoreError::from)
                    .and_then(|body| store.save_draft(&key, &body))
                    .map(|()| {
                        form.unsaved = false;
                        form.drafted = true;
                    })
            } else {
                Ok(())
            }
        }
        None => Ok(()),
    };
    if let Err(e) = written {
        keep_outside(model, e);
    }
}

/// The database would not take the draft: it goes to a private file in the worker's own data
/// directory, which the next start puts back, and the worker is told both.
fn keep_outside(model: &mut Model, e: StoreError) {
    let Some(dir) = model.fallback.clone() else {
        return model.fail(e);
    };
    let Some(ed) = editing(&mut model.screen) else {
        return model.fail(e);
    };
    let (key, number) = (ed.draft_key(), ed.draft_number());
    let form = ed.form();
    let kept = form
        .to_draft(number)
        .map_err(std::io::Error::other)
        .and_then(|body| crate::store::fallback::keep(&dir, &model.me, &key, &body));
    match kept {
        Ok(path) => {
            if let Some(ed) = editing(&mut model.screen) {
                ed.form().unsaved = false;
            }
            model.fail(crate::strings::kept_outside(&e, &path));
        }
        Err(_) => model.fail(e),
    }
}
