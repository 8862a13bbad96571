//! Where the worker is: the screen on top and the ones under it, the way back. Panes name a
//! route and this module opens it; no pane opens another itself. Back pops, and the screen it
//! reveals is read again (its cursor kept), so it shows what was saved on top of it.

use super::{
    Model, Screen, brief, caseload_refresh, contact, directory, editor, editors, outcomes,
    participant,
};
use super::{plan, reminders, summary, team, team_forms};
use crate::domain::contact::Contact;
use crate::store::Store;

/// A screen a pane can ask for.
pub enum Route {
    Participant(i64),
    Plan(i64),
    Outcomes(i64),
    Reminders,
    /// The pre-call brief of a participant.
    Brief(i64),
    /// The contact form: a new contact, or an amendment of one.
    Contact {
        participant: i64,
        amends: Option<Box<Contact>>,
    },
    /// A saved contact read in full, with the participant's name.
    ContactView {
        contact: i64,
        name: String,
    },
    /// The participant form: someone new, or an edit.
    ParticipantForm(Option<i64>),
    /// A plan, action, barrier, employer or outcome editor, built by the pane that asks.
    Editor(Box<editors::Editor>),
    /// Book an appointment for the participant.
    Booking(i64),
    /// The directory of partner services.
    Directory,
    /// A service's form: a new one, or an edit.
    PartnerForm(Option<i64>),
    /// Refer the participant on to a service.
    Refer(i64),
    /// Move a referral on, by its id.
    ReferralUpdate(i64),
    /// What to send the service for a referral, by its id.
    Summary(i64),
    /// The team pane.
    Team,
    /// Hand these people over to another key worker.
    Handover(Vec<i64>),
    /// Set cover for a worker's caseload (this one, if named).
    Cover(Option<String>),
    /// A participant's risk flags.
    RiskFlags(i64),
    /// Record a safeguarding concern about a participant.
    Concern(i64),
    /// A lead's decision on a concern, by its id.
    Decide(i64),
}

impl Route {
    /// Whether `screen` is this route already open, so going there again returns to it.
    fn shows(&self, screen: &Screen) -> bool {
        match (self, screen) {
            (Route::Participant(id), Screen::Participant(p)) => p.participant.id == *id,
            (Route::Plan(id), Screen::Plan(p)) => p.participant.id == *id,
            (Route::Outcomes(id), Screen::Outcomes(o)) => o.participant.id == *id,
            (Route::Brief(id), Screen::Brief(b)) => b.person.participant.id == *id,
            (Route::Reminders, Screen::Reminders(_)) => true,
            (Route::Directory, Screen::Directory(_)) => true,
            (Route::Team, Screen::Team(_)) => true,
            _ => false,
        }
    }
}

/// Opens `route` over the current screen. A screen already on the way back (the plan, from
/// the outcomes opened from that plan) is returned to instead, so Back never cycles.
pub fn go(model: &mut Model, store: &Store, route: Route) {
    if route.shows(&model.screen) {
        refresh(model, store);
        return;
    }
    if let Some(at) = model.back.iter().position(|s| route.shows(s)) {
        model.back.truncate(at + 1);
        back(model, store);
        return;
    }
    let Some(screen) = open(model, store, route) else {
        return;
    };
    let under = std::mem::replace(&mut model.screen, screen);
    model.back.push(under);
}

/// Back one level: the screen underneath, brought up to date. At the bottom (the caseload)
/// there is nowhere further back.
pub fn back(model: &mut Model, store: &Store) {
    let Some(under) = model.back.pop() else {
        return;
    };
    let left = std::mem::replace(&mut model.screen, under);
    let came_from = subject(&left);
    if matches!(model.screen, Screen::Caseload) {
        caseload_refresh(model, store, came_from.or(model.caseload.selected_id()));
    } else {
        refresh(model, store);
    }
}

/// Straight back to the caseload from anywhere, the participant in view selected there.
pub fn home(model: &mut Model, store: &Store) {
    let keep = subject(&model.screen).or(model.caseload.selected_id());
    model.back.clear();
    model.screen = Screen::Caseload;
    caseload_refresh(model, store, keep);
}

/// The participant a screen is about, if it is about one.
pub fn subject(screen: &Screen) -> Option<i64> {
    match screen {
        Screen::Caseload | Screen::Reminders(_) | Screen::Directory(_) | Screen::Team(_) => None,
        Screen::Participant(p) => Some(p.participant.id),
        Screen::Plan(p) => Some(p.participant.id),
        Screen::Editor(e) => match e.kind {
            editors::EditorKind::Participant(id) => id,
            editors::EditorKind::Partner(_)
            | editors::EditorKind::Handover
            | editors::EditorKind::Cover => None,
            _ => Some(e.participant),
        },
        Screen::Contact(c) => Some(c.participant),
        Screen::ContactView(v) => Some(v.contact.participant_id),
        Screen::Summary(s) => Some(s.participant_id),
        Screen::Brief(b) => Some(b.person.participant.id),
        Screen::Outcomes(o) => Some(o.participant.id),
    }
}

fn open(model: &mut Model, store: &Store, route: Route) -> Option<Screen> {
    match route {
        Route::Participant(id) => participant::screen(model, store, id),
        Route::Plan(id) => plan::screen(model, store, id),
        Route::Outcomes(id) => outcomes::screen(model, store, id),
        Route::Reminders => reminders::screen(model, store),
        Route::Brief(id) => brief::screen(model, store, id),
        Route::Contact {
            participant,
            amends,
        } => contact::screen(model, store, participant, amends.as_deref()),
        Route::ContactView { contact, name } => contact::view_screen(model, store, contact, name),
        Route::Summary(id) => summary::screen(model, store, id),
        Route::ParticipantForm(id) => {
            let p = model.ok(id.map(|id| store.participant(id)).transpose())?;
            let form = editors::Editor::participant(p.as_ref(), &model.me, model.today);
            editor::screen(model, store, form)
        }
        Route::Editor(e) => editor::screen(model, store, *e),
        Route::Booking(id) => {
            let p = model.ok(store.participant(id))?;
            let mut form = editors::Editor::booking(&p, &model.profile, model.today);
            form.about = team_forms::flag_warning(&model.ok(store.risk_flags(id))?);
            editor::screen(model, store, form)
        }
        Route::Directory => directory::screen(model, store),
        Route::PartnerForm(id) => {
            let p = model
                .ok(id.map(|id| store.partner(id)).transpose())?
                .flatten();
            let form = editors::Editor::partner(p.as_ref(), model.today);
            editor::screen(model, store, form)
        }
        Route::Refer(id) => {
            let p = model.ok(store.participant(id))?;
            let partners = model.ok(store.partners())?;
            let form = editors::Editor::refer(&p, partners, model.today);
            editor::screen(model, store, form)
        }
        Route::ReferralUpdate(id) => {
            let found = store.referral(id);
            let r = model.ok(found.and_then(|r| r.ok_or(crate::store::StoreError::Stale)))?;
            let who = model.ok(store.participant(r.participant_id))?.details.name;
            let form = editors::Editor::referral_update(&r, &who, model.today);
            editor::screen(model, store, form)
        }
        Route::Team => team::screen(model, store),
        Route::Handover(people) => {
            let workers = model.ok(store.workers())?;
            let names = people
                .iter()
                .filter_map(|id| model.caseload.rows.iter().find(|r| r.id == *id))
                .map(|r| r.text.name().to_string())
                .collect();
            let h = team_forms::Handing {
                people,
                names,
                workers,
            };
            let form = editors::Editor::handover(h, model.today);
            editor::screen(model, store, form)
        }
        Route::Cover(worker) => {
            let workers = model.ok(store.workers())?;
            let worker = worker.unwrap_or_default();
            let form = editors::Editor::cover(&worker, workers, model.today);
            editor::screen(model, store, form)
        }
        Route::RiskFlags(id) => {
            let p = model.ok(store.participant(id))?;
            let flags = model.ok(store.risk_flags(id))?;
            let form = editors::Editor::risk_flags(&p, &flags, model.today);
            editor::screen(model, store, form)
        }
        Route::Concern(id) => {
            let p = model.ok(store.participant(id))?;
            let form = editors::Editor::concern(&p, model.today);
            editor::screen(model, store, form)
        }
        Route::Decide(id) => {
            if !model.profile.team.is_lead(&model.me) {
                model.fail(crate::strings::LEADS_DECIDE);
                return None;
            }
            let found = store.concern(id);
            let c = model.ok(found.and_then(|c| c.ok_or(crate::store::StoreError::Stale)))?;
            let who = model.ok(store.participant(c.participant_id))?.details.name;
            let form = editors::Editor::decide(&c, &who, model.today);
            editor::screen(model, store, form)
        }
    }
}

/// Reads the screen on top again, keeping where its cursor was.
pub fn refresh(model: &mut Model, store: &Store) {
    match &model.screen {
        Screen::Caseload => {
            let keep = model.caseload.selected_id();
            caseload_refresh(model, store, keep);
        }
        Screen::Participant(p) => {
            let (id, cursor) = (p.participant.id, p.cursor);
            if let Some(mut s) = participant::load(model, store, id) {
                s.cursor = cursor.min(s.contacts.len().saturating_sub(1));
                model.screen = Screen::Participant(Box::new(s));
            }
        }
        Screen::Plan(p) => {
            let (id, cursor) = (p.participant.id, p.cursor);
            plan::reload(model, store, id, cursor);
        }
        Screen::Outcomes(o) => {
            let id = o.participant.id;
            if let Some(s) = outcomes::screen(model, store, id) {
                model.screen = s;
            }
        }
        Screen::Reminders(_) => reminders::refresh(model, store),
        Screen::Directory(_) => directory::refresh(model, store),
        Screen::Team(_) => team::refresh(model, store),
        Screen::Brief(b) => {
            let id = b.person.participant.id;
            if let Some(s) = brief::screen(model, store, id) {
                model.screen = s;
            }
        }
        Screen::ContactView(v) => {
            let (id, name) = (v.contact.id, v.name.clone());
            if let Some(s) = contact::view_screen(model, store, id, name) {
                model.screen = s;
            }
        }
        Screen::Summary(s) => {
            let (id, top) = (s.referral_id, s.top);
            if let Some(mut fresh) = summary::screen(model, store, id) {
                if let Screen::Summary(f) = &mut fresh {
                    f.top = top;
                }
                model.screen = fresh;
            }
        }
        // Forms hold typed text, which only the worker changes.
        Screen::Editor(_) | Screen::Contact(_) => {}
    }
}
