//! The contact form: opened with the cursor in Notes and a call timer running, the channel
//! from the plan, and the next contact counted from this one. Other outcomes than completed
//! are one keystroke each.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::KeyEvent;

use super::fields::{Errors, Field, Fields};
use super::{Model, Route, Screen, editing_key, nav, save_draft};
use crate::domain::appointment::{Appointment, AppointmentDetails, AppointmentKind, Attendees};
use crate::domain::clock::Clock;
use crate::domain::contact::{
    Contact, ContactChannel, ContactDetails, InWork, Outcome, With, in_work, parse_action_line,
};
use crate::domain::dates::{hm, parse_quick_date, parse_quick_when, parse_time, short, uk};
use crate::domain::draft::DraftKey;
use crate::domain::plan::{ActionDetails, ActionStatus, Consent, Frequency};
use crate::domain::rhythm::{RhythmRules, working_day_from};
use crate::domain::{Choice, Stage};
use crate::keymap::Command;
use crate::store::{Store, StoreError};
use crate::strings;

pub struct ContactEditor {
    pub participant: i64,
    pub name: String,
    pub stage: Stage,
    /// The contact this one amends.
    pub amends: Option<i64>,
    pub form: Fields,
    pub started: Instant,
    /// Time on the call as last shown; moved on by the once-a-second tick.
    pub elapsed: Duration,
    /// The next-contact date the form filled in itself; replaced as the outcome or date
    /// changes until the worker types their own.
    pub auto_next: String,
    pub frequency: Option<Frequency>,
    pub consent: Consent,
    /// The worker was warned that the participant refused employer contact.
    pub warned: bool,
    pub recent: Vec<Contact>,
    /// When to retry after a failed attempt (from the programme profile).
    pub rules: crate::domain::profile::ContactRules,
    /// Turns the typed date and time into a moment, in the worker's zone.
    pub clock: Clock,
    /// The booked appointment this contact is logged against, closed when it is saved.
    pub appointment: Option<Appointment>,
    /// How often to be in touch when the plan does not say, and how long a booking lasts.
    pub rhythm: RhythmRules,
    pub job_start: Option<NaiveDate>,
    pub booking_minutes: u32,
    /// "RISK: ..." while the person has risk flags.
    pub flags: Option<String>,
}

pub const MAX_MINUTES: u32 = 600;

impl ContactEditor {
    pub fn draft_key(&self) -> DraftKey {
        DraftKey::Contact {
            participant: self.participant,
            amends: self.amends,
        }
    }

    fn outcome(&self) -> Outcome {
        Outcome::from_code(&self.form.get("outcome")).unwrap_or(Outcome::Completed)
    }

    fn day(&self) -> NaiveDate {
        parse_quick_date(&self.form.get("date"), self.form.today).unwrap_or(self.form.today)
    }

    /// The next contact this one implies: after a completed contact, the plan's frequency on
    /// from it; after an attempt that failed or was cancelled, a retry the next working day.
    pub fn default_next(&self) -> Option<NaiveDate> {
        let day = self.day();
        match self.outcome() {
            Outcome::Completed => {
                let every = self
                    .frequency
                    .unwrap_or_else(|| self.rhythm.frequency(self.stage, day, self.job_start));
                every
                    .after(day)
                    .map(|d| working_day_from(d, &self.rules.bank_holidays))
            }
            _ => Some(self.rules.retry_after(day)),
        }
    }

    /// Keeps the next-contact date in step while it is still the form's own suggestion.
    fn refresh_next(&mut self) {
        if self.form.get("next") != self.auto_next {
            return;
        }
        let next = self.default_next().map(uk).unwrap_or_default();
        self.form.set("next", &next);
        self.auto_next = next;
    }

    /// Minutes for the record: what was typed, else the timer rounded up.
    fn timer_minutes(&self) -> u32 {
        let secs = self.started.elapsed().as_secs();
        u32::try_from(secs.div_ceil(60))
            .unwrap_or(MAX_MINUTES)
            .clamp(1, MAX_MINUTES)
    }

    pub fn touched(&mut self) {
        self.refresh_next();
        if self.form.checked {
            self.form.errors = self.check().err().unwrap_or_default();
        }
    }

    /// A Next contact typed with a time books an appointment: a call, video call or meeting
    /// by the channel, with whom the contact was with.
    pub fn booking(&self) -> Option<AppointmentDetails> {
        let (day, time) = parse_quick_when(&self.form.get("next"), self.form.today).ok()?;
        let channel = ContactChannel::from_code(&self.form.get("channel"))?;
        let kind = match channel {
            ContactChannel::Phone | ContactChannel::Text | ContactChannel::Email => {
                AppointmentKind::Call
            }
            ContactChannel::Video => AppointmentKind::Video,
            _ => AppointmentKind::Meeting,
        };
        let with = match (channel, With::from_code(&self.form.get("with"))) {
            (ContactChannel::ThreeWay, _) => Attendees::ThreeWay,
            (_, Some(With::Employer)) => Attendees::Employer,
            _ => Attendees::Participant,
        };
        Some(AppointmentDetails {
            at: self.clock.local(day.and_time(time?)),
            minutes: self.booking_minutes,
            kind,
            place: String::new(),
            with,
            note: String::new(),
        })
    }

    /// Why the time typed for the next contact does not suit them, if it does not.
    fn clash(&self) -> Option<String> {
        let aside = self.form.when.as_ref()?;
        let (day, time) = parse_quick_when(&self.form.get("next"), self.form.today).ok()?;
        aside.availability.clash(day.and_time(time?))
    }

    /// Validates the form: the contact and the actions agreed in it.
    pub fn check(&self) -> Result<(ContactDetails, Vec<ActionDetails>), Errors> {
        let f = &self.form;
        let mut errors = Vec::new();
        let day = match parse_quick_date(&f.get("date"), f.today) {
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(("date", strings::DATE_INVALID));
                None
            }
        };
        let time = parse_time(&f.get("time"));
        if time.is_none() {
            errors.push(("time", strings::TIME_INVALID));
        }
        let minutes = f.get("minutes");
        let duration = if minutes.is_empty() {
            Some(self.timer_minutes())
        } else {
            match minutes.parse::<u32>() {
                Ok(m) if m <= MAX_MINUTES => Some(m),
                _ => {
                    errors.push(("minutes", strings::MINUTES_INVALID));
                    None
                }
            }
        };
        let next_text = f.get("next");
        let next = if next_text.is_empty() {
            None
        } else {
            match parse_quick_when(&next_text, f.today).map(|(d, _)| d) {
                Ok(d) if d < f.today => {
                    errors.push(("next", strings::NEXT_IN_PAST));
                    None
                }
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(("next", strings::WHEN_INVALID));
                    None
                }
            }
        };
        let (Some(day), Some(time), true) = (day, time, errors.is_empty()) else {
            return Err(errors);
        };
        let at = self.clock.local(day.and_time(time));
        let in_work = f.field("role_going").map(|_| InWork {
            role_going: f.get("role_going"),
            changes: f.get("changes"),
            needs: f.get("needs"),
        });
        let actions = f
            .get("actions")
            .lines()
            .filter_map(|l| parse_action_line(l, f.today))
            .map(|(text, owner, due)| ActionDetails {
                text,
                owner,
                due,
                status: ActionStatus::Open,
            })
            .collect();
        Ok((
            ContactDetails {
                at,
                channel: ContactChannel::from_code(&f.get("channel"))
                    .unwrap_or(ContactChannel::Phone),
                with: With::from_code(&f.get("with")).unwrap_or(With::Participant),
                outcome: self.outcome(),
                duration_minutes: duration,
                notes: f.get("notes"),
                in_work: in_work.filter(|w| !w.is_empty()),
                next_contact: next,
            },
            actions,
        ))
    }

    /// Whether saving would record contact with an employer the participant said no to.
    fn employer_without_consent(&self) -> bool {
        let channel = ContactChannel::from_code(&self.form.get("channel"));
        let with = With::from_code(&self.form.get("with"));
        self.consent == Consent::No
            && (with == Some(With::Employer)
                || matches!(
                    channel,
                    Some(ContactChannel::WorkplaceVisit | ContactChannel::ThreeWay)
                ))
    }
}

/// Opens the contact form for a participant, or to amend one of their contacts; a draft of
/// it comes back if there is one.
pub(super) fn screen(
    model: &mut Model,
    store: &Store,
    participant: i64,
    amends: Option<&Contact>,
) -> Option<Screen> {
    let loaded = (|| -> Result<_, StoreError> {
        Ok((
            store.participant(participant)?,
            store.plan(participant)?,
            store.contacts(participant, 3)?,
            store.appointment_due(participant, model.today)?,
            store.risk_flags(participant)?,
        ))
    })();
    let (p, plan, recent, appointment, flags) = match loaded {
        Ok(x) => x,
        Err(e) => {
            model.fail(e);
            return None;
        }
    };
    let plan = plan.map(|s| s.plan).unwrap_or_default();
    let now = store.clock().now();
    let today = model.today;
    let d = amends.map(|c| c.details.clone());
    let channel = d
        .as_ref()
        .map_or(ContactChannel::from_plan(plan.contact_channel), |d| {
            d.channel
        });
    let mut fields = vec![Field::notes(
        "notes",
        "Notes",
        d.as_ref().map_or("", |d| &d.notes),
    )];
    if in_work(p.details.stage) {
        let w = d
            .as_ref()
            .and_then(|d| d.in_work.clone())
            .unwrap_or_default();
        fields.push(Field::text(
            "role_going",
            "How's the role going",
            &w.role_going,
        ));
        fields.push(Field::text("changes", "Changes: hours, place", &w.changes));
        fields.push(Field::text("needs", "Needs to stay in work", &w.needs));
    }
    if amends.is_none() {
        fields.push(Field::notes("actions", "Actions agreed", ""));
    }
    let next = d
        .as_ref()
        .and_then(|d| d.next_contact)
        .map(uk)
        .unwrap_or_default();
    fields.extend([
        Field::text("next", "Next contact", &next),
        outcome_field(
            d.as_ref().map_or(Outcome::Completed, |d| d.outcome),
            appointment.is_some() || amends.is_some(),
        ),
        Field::pick("channel", "Channel", Some(channel), None),
        Field::pick(
            "with",
            "With",
            Some(d.as_ref().map_or(With::Participant, |d| d.with)),
            None,
        ),
        Field::text(
            "minutes",
            "Minutes",
            &d.as_ref()
                .and_then(|d| d.duration_minutes)
                .map(|m| m.to_string())
                .unwrap_or_default(),
        ),
        Field::text(
            "date",
            "Date",
            &d.as_ref()
                .map_or("today".to_string(), |d| uk(d.at.date_naive())),
        ),
        Field::text(
            "time",
            "Time",
            &d.as_ref().map_or(now.format("%H:%M").to_string(), |d| {
                d.at.format("%H:%M").to_string()
            }),
        ),
    ]);
    let mut editor = ContactEditor {
        participant,
        name: p.details.name.clone(),
        stage: p.details.stage,
        amends: amends.map(|c| c.id),
        form: Fields::new(fields, today),
        started: Instant::now(),
        elapsed: Duration::ZERO,
        auto_next: next,
        frequency: plan.contact_frequency,
        consent: plan.consent(),
        warned: false,
        recent,
        rules: model.profile.contacts.clone(),
        clock: store.clock().clone(),
        appointment: if amends.is_none() { appointment } else { None },
        rhythm: model.profile.rhythm.clone(),
        job_start: plan.job_start,
        booking_minutes: model.profile.appointments.minutes,
        flags: crate::domain::team::flags_line(&flags),
    };
    editor.form.when = Some(super::fields::WhenAside::of(
        p.details.availability.clone(),
        &model.profile,
    ));
    if amends.is_none() {
        editor.refresh_next();
    }
    match store.draft(&editor.draft_key()) {
        Ok(Some(body)) => {
            // For a contact, the draft keeps the seconds on the timer where an editor keeps a
            // version, so the timer carries on from where it was.
            if let Some(secs) = editor.form.restore(&body) {
                let secs = Duration::from_secs(u64::try_from(secs).unwrap_or(0));
                editor.started = Instant::now()
                    .checked_sub(secs)
                    .unwrap_or_else(Instant::now);
                editor.elapsed = secs;
                editor.auto_next = editor.default_next().map(uk).unwrap_or_default();
                model.say(strings::DRAFT_RESTORED);
            }
        }
        Ok(None) => {}
        Err(e) => {
            model.fail(e);
            return None;
        }
    }
    Some(Screen::Contact(Box::new(editor)))
}

/// The outcome pick list. Did not attend is for an appointment someone missed, so it is only
/// offered when the contact is logged against one (or an amendment already says it).
fn outcome_field(value: Outcome, appointment: bool) -> Field {
    let mut field = Field::pick("outcome", "Outcome", Some(value), None);
    if !appointment && let super::field::Input::Pick { options, selected } = &mut field.input {
        options.retain(|(code, _)| *code != Outcome::DidNotAttend.code());
        *selected = options
            .iter()
            .position(|(c, _)| *c == value.code())
            .unwrap_or(0);
    }
    field
}

pub fn key(
    model: &mut Model,
    store: &mut Store,
    key: KeyEvent,
    command: Option<Command>,
) -> Option<bool> {
    let Screen::Contact(editor) = &mut model.screen else {
        return None;
    };
    if let Some(Command::QuickOutcome(outcome)) = command {
        if outcome == Outcome::DidNotAttend
            && editor.appointment.is_none()
            && editor.amends.is_none()
        {
            model.fail(strings::DNA_NEEDS_APPOINTMENT);
            return Some(true);
        }
        editor.form.set("outcome", outcome.code());
        editor.touched();
        return Some(save(model, store));
    }
    editing_key(model, store, key, command, save)
}

/// Moves the call timer on; returns whether the shown seconds changed.
pub fn tick(model: &mut Model) -> bool {
    let Screen::Contact(editor) = &mut model.screen else {
        return false;
    };
    let now = Duration::from_secs(editor.started.elapsed().as_secs());
    let changed = now != editor.elapsed;
    editor.elapsed = now;
    changed
}

/// Back to where the form was opened from. An amendment made from a saved contact goes back
/// past that contact, which is no longer the current version, to the participant.
fn go_back(model: &mut Model, store: &Store, amended: Option<i64>) {
    nav::back(model, store);
    if let (Screen::ContactView(v), Some(id)) = (&model.screen, amended)
        && v.contact.id == id
    {
        nav::back(model, store);
    }
}

fn save(model: &mut Model, store: &mut Store) -> bool {
    let Screen::Contact(editor) = &mut model.screen else {
        return false;
    };
    editor.form.checked = true;
    let (details, actions) = match editor.check() {
        Ok(c) => c,
        Err(errors) => {
            editor.form.show_errors(errors);
            model.fail(strings::FIX_FIELDS);
            return true;
        }
    };
    editor.form.errors.clear();
    if editor.employer_without_consent() && !editor.warned {
        editor.warned = true;
        model.fail(strings::EMPLOYER_NO_CONSENT);
        return true;
    }
    if let Some(why) = editor.clash()
        && !editor.form.warned
    {
        editor.form.warned = true;
        model.fail(strings::booking_clash(&why));
        return true;
    }
    let book = editor.booking();
    let against = editor.appointment.as_ref().map(|a| a.id);
    let (id, amends, key, name) = (
        editor.participant,
        editor.amends,
        editor.draft_key(),
        editor.name.clone(),
    );
    match store.log_contact(
        id,
        &details,
        &actions,
        editor.amends,
        against,
        book.as_ref(),
    ) {
        Ok(_) => {
            model.draft_due = None;
            if let Err(e) = store.discard_draft(&key) {
                return fail(model, e);
            }
            let keep = model.caseload.selected_id();
            if let Err(e) = super::reload(model, store, keep) {
                return fail(model, e);
            }
            go_back(model, store, amends);
            let next = match &book {
                Some(b) => Some(format!("{} {}", short(b.at.date_naive()), hm(b.at.time()))),
                None => details.next_contact.map(short),
            };
            model.say(strings::contact_saved(&name, details.outcome.label(), next));
        }
        Err(e) => {
            save_draft(model, store);
            model.fail(e);
        }
    }
    true
}

fn fail(model: &mut Model, e: impl std::fmt::Display) -> bool {
    model.fail(e);
    true
}

/// A saved contact read in full, with its earlier versions if it was amended.
pub struct ContactView {
    pub contact: Contact,
    pub versions: Vec<Contact>,
    pub name: String,
}

pub(super) fn view_screen(
    model: &mut Model,
    store: &Store,
    id: i64,
    name: String,
) -> Option<Screen> {
    let loaded =
        (|| -> Result<_, StoreError> { Ok((store.contact(id)?, store.contact_versions(id)?)) })();
    match loaded {
        Ok((Some(contact), versions)) => Some(Screen::ContactView(Box::new(ContactView {
            contact,
            versions,
            name,
        }))),
        Ok((None, _)) => {
            model.fail(strings::no_such_participant(id));
            None
        }
        Err(e) => {
            model.fail(e);
            None
        }
    }
}

/// A saved contact's own command: amending it (the first version is kept).
pub(super) fn view_command(model: &mut Model, store: &mut Store, command: Command) -> Option<bool> {
    let Screen::ContactView(v) = &model.screen else {
        return None;
    };
    if command != Command::Amend {
        return None;
    }
    let route = Route::Contact {
        participant: v.contact.participant_id,
        amends: Some(Box::new(v.contact.clone())),
    };
    nav::go(model, store, route);
    Some(true)
}
