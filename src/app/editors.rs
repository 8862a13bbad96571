//! The plan, action, barrier and employer editors: each builds a form of fields from what is
//! stored and turns the typed values back into domain values, or says which are wrong.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::fields::{Errors, Field, Fields};
use crate::domain::appointment::{AppointmentKind, Attendees};
use crate::domain::dates::{parse_quick_date, uk};
use crate::domain::draft::DraftKey;
use crate::domain::outcome::{
    Exit, ExitReason, Occasion, OutcomeKind, SoftScore, SpendCategory, parse_pounds, parse_score,
};
use crate::domain::participant::{email_is_valid, phone_is_valid};
use crate::domain::plan::{
    Action, ActionDetails, ActionStatus, BarrierStatus, Channel, Consent, ContractType, Employer,
    Frequency, FrequencyKind, Goal, Owner, Plan, PracticalHelp, StoredPlan, hours,
};
use crate::domain::profile::Scale;
use crate::domain::split_codes;
use crate::domain::{Barrier, BarrierKind, Choice};
use crate::store::NewSpend;
use crate::strings;

/// A date the worker must give: empty or nonsense is an error.
pub(super) fn required_date(form: &Fields, key: &'static str, errors: &mut Errors) -> NaiveDate {
    let d = date(form, key, errors);
    if d.is_none() && form.get(key).is_empty() {
        errors.push((key, strings::DATE_REQUIRED));
    }
    d.unwrap_or(form.today)
}

/// A date that must be given and not be after today.
pub(super) fn past_date(form: &Fields, key: &'static str, errors: &mut Errors) -> NaiveDate {
    let d = required_date(form, key, errors);
    if d > form.today {
        errors.push((key, strings::DATE_IN_FUTURE));
    }
    d
}

/// A value the worker must give: empty is refused with `message` beside the field.
pub(super) fn required(
    form: &Fields,
    key: &'static str,
    message: &'static str,
    errors: &mut Errors,
) -> String {
    let v = form.get(key);
    if v.is_empty() {
        errors.push((key, message));
    }
    v
}

/// Field keys and labels live as long as the program; scale names come from the profile at
/// run time, so each distinct one is kept once.
fn intern(s: String) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(s) = seen.get(s.as_str()) {
        return s;
    }
    let s: &'static str = Box::leak(s.into_boxed_str());
    seen.insert(s);
    s
}

fn score_key(scale: &Scale) -> &'static str {
    intern(format!("score:{}", scale.key))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorKind {
    /// The participant form: someone new, or an edit.
    Participant(Option<i64>),
    Plan,
    Action(Option<i64>),
    Assess(BarrierKind),
    Employer(i64),
    Outcome,
    Scores,
    Spend,
    Exit,
    /// An appointment at a time.
    Booking,
    /// A service in the directory: new (`None`) or an edit.
    Partner(Option<i64>),
    /// A referral being made.
    Refer,
    /// A referral being moved on.
    ReferralUpdate(i64),
    /// The people marked on the caseload handed to another key worker.
    Handover,
    /// A colleague covering a caseload for a while.
    Cover,
    RiskFlags,
    /// A safeguarding concern raised.
    Concern,
    /// A lead's decision on a concern, by its id.
    Decide(i64),
}

pub struct Editor {
    pub participant: i64,
    pub kind: EditorKind,
    /// The stored version the edit started from (0: nothing stored yet).
    pub version: i64,
    pub title: String,
    pub form: Fields,
    /// The directory, for the referral form to find the service typed.
    pub partners: Vec<crate::domain::referral::Partner>,
    /// The person's barriers as needs, for offering services.
    pub barriers: Vec<crate::domain::referral::Need>,
    /// The people a handover is about and the key workers known (handover and cover).
    pub handing: super::team_forms::Handing,
    /// Lines shown above the fields: a person's risk flags, the concern being decided.
    pub about: Vec<String>,
}

/// What a valid editor holds.
pub enum Checked {
    Participant(crate::domain::ParticipantDetails),
    Plan(Plan),
    Action(ActionDetails),
    Assess(BarrierStatus, String),
    Employer(Employer),
    Outcome(OutcomeKind, NaiveDate, String),
    Scores(Occasion, NaiveDate, Vec<(String, u8)>),
    Spend(NewSpend),
    Exit(Exit),
    Booking(Booking),
    Partner(Option<i64>, crate::domain::referral::PartnerDetails),
    Refer(crate::domain::referral::ReferralDetails),
    ReferralUpdate(crate::domain::referral::StatusChange),
    Handover {
        to: String,
        note: String,
        /// Whether `to` already has a caseload (else a typo is likely: asked once).
        known: bool,
    },
    Cover {
        worker: String,
        by: String,
        from: NaiveDate,
        to: NaiveDate,
        note: String,
        known: bool,
    },
    RiskFlags(Vec<crate::domain::team::FlagDetails>, NaiveDate),
    Concern(crate::domain::team::ConcernDetails),
    Decide(crate::domain::team::DecisionDetails),
}

/// An appointment as typed: its time is made a moment in the worker's zone when saved.
pub struct Booking {
    pub at: chrono::NaiveDateTime,
    pub minutes: u32,
    pub kind: AppointmentKind,
    pub with: Attendees,
    pub place: String,
    pub note: String,
    /// Why the time does not suit them, if it does not.
    pub clash: Option<String>,
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(uk).unwrap_or_default()
}

/// An optional quick date: empty is fine, nonsense is an error.
pub(super) fn date(form: &Fields, key: &'static str, errors: &mut Errors) -> Option<NaiveDate> {
    let text = form.get(key);
    if text.is_empty() {
        return None;
    }
    match parse_quick_date(&text, form.today) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push((key, strings::DATE_INVALID));
            None
        }
    }
}

/// A name (required), phone and email (each checked if given), as a person or an employer
/// has them.
pub(super) fn name_phone_email(f: &Fields, errors: &mut Errors) -> (String, String, String) {
    let name = f.get("name");
    if name.is_empty() {
        errors.push(("name", strings::NAME_REQUIRED));
    }
    let phone = f.get("phone");
    if !phone.is_empty() && !phone_is_valid(&phone) {
        errors.push(("phone", strings::PHONE_INVALID));
    }
    let email = f.get("email");
    if !email.is_empty() && !email_is_valid(&email) {
        errors.push(("email", strings::EMAIL_INVALID));
    }
    (name, phone, email)
}

impl Editor {
    pub fn draft_key(&self) -> DraftKey {
        let participant = self.participant;
        match self.kind {
            EditorKind::Participant(id) => DraftKey::Participant(id),
            EditorKind::Plan => DraftKey::Plan(participant),
            EditorKind::Action(action) => DraftKey::Action {
                participant,
                action,
            },
            EditorKind::Assess(barrier) => DraftKey::Assess {
                participant,
                barrier,
            },
            EditorKind::Employer(id) => DraftKey::Employer(id),
            EditorKind::Outcome => DraftKey::Outcome(participant),
            EditorKind::Scores => DraftKey::Scores(participant),
            EditorKind::Spend => DraftKey::Spend(participant),
            EditorKind::Exit => DraftKey::Exit(participant),
            EditorKind::Booking => DraftKey::Booking(participant),
            EditorKind::Partner(id) => DraftKey::Partner(id),
            EditorKind::Refer => DraftKey::Refer(participant),
            EditorKind::ReferralUpdate(referral) => DraftKey::ReferralUpdate {
                participant,
                referral,
            },
            EditorKind::Handover => DraftKey::Handover,
            EditorKind::Cover => DraftKey::Cover,
            EditorKind::RiskFlags => DraftKey::RiskFlags(participant),
            EditorKind::Concern => DraftKey::Concern(participant),
            EditorKind::Decide(concern) => DraftKey::Decide {
                participant,
                concern,
            },
        }
    }

    pub(super) fn simple(
        participant: i64,
        kind: EditorKind,
        title: String,
        fields: Vec<Field>,
        today: NaiveDate,
    ) -> Self {
        Self {
            participant,
            kind,
            version: 0,
            title,
            form: Fields::new(fields, today),
            partners: Vec::new(),
            barriers: Vec::new(),
            handing: Default::default(),
            about: Vec::new(),
        }
    }

    /// Whom the editor is about, from its title (`Book an appointment: Ann Lee`).
    pub fn title_name(&self) -> String {
        self.title
            .split_once(": ")
            .map_or(String::new(), |(_, name)| name.to_string())
    }

    /// Booking an appointment: when (a quick date and a time), how long, what, with whom,
    /// where; their availability shows beside the time.
    pub fn booking(
        p: &crate::domain::Participant,
        profile: &crate::domain::profile::Profile,
        today: NaiveDate,
    ) -> Self {
        let fields = vec![
            Field::text("when", "Date and time", ""),
            Field::text(
                "minutes",
                "Minutes",
                &profile.appointments.minutes.to_string(),
            ),
            Field::pick("kind", "What", Some(AppointmentKind::Call), None),
            Field::pick("with", "With", Some(Attendees::Participant), None),
            Field::text("place", "Where or how", ""),
            Field::text("note", "Note", ""),
        ];
        let title = format!("{}: {}", strings::BOOK_APPOINTMENT, p.details.name);
        let mut e = Self::simple(p.id, EditorKind::Booking, title, fields, today);
        e.form.when = Some(super::fields::WhenAside::of(
            p.details.availability.clone(),
            profile,
        ));
        e
    }

    pub fn outcome(participant: i64, who: &str, today: NaiveDate) -> Self {
        let fields = vec![
            Field::pick("kind", "Outcome", Some(OutcomeKind::JobStart), None),
            Field::text("on", "Date", &uk(today)),
            Field::text("evidence", "Evidence", ""),
        ];
        let title = format!("{}: {who}", strings::RECORD_OUTCOME);
        Self::simple(participant, EditorKind::Outcome, title, fields, today)
    }

    /// One field per scale of the profile, each showing the last score given.
    pub fn scores(
        participant: i64,
        who: &str,
        scales: &[Scale],
        before: &[SoftScore],
        today: NaiveDate,
    ) -> Self {
        let occasion = if before.is_empty() {
            Occasion::Entry
        } else {
            Occasion::Review
        };
        let mut fields = vec![
            Field::pick("occasion", "Scored", Some(occasion), None),
            Field::text("on", "Date", &uk(today)),
        ];
        for s in scales {
            let last = before.iter().rev().find(|b| b.scale == s.key);
            let label = match last {
                Some(b) => intern(format!("{} (was {})", s.title, b.score)),
                None => intern(s.title.clone()),
            };
            fields.push(Field::text(score_key(s), label, ""));
        }
        let title = format!("{}: {who}", strings::SCORE_SOFT);
        let mut e = Self::simple(participant, EditorKind::Scores, title, fields, today);
        // The date is today almost always: start on the first score.
        e.form.focus = 2.min(e.form.fields.len() - 1);
        e
    }

    pub fn spend(participant: i64, who: &str, today: NaiveDate) -> Self {
        let fields = vec![
            Field::text("on", "Date", &uk(today)),
            Field::text("amount", "Amount (£)", ""),
            Field::pick("category", "For", Some(SpendCategory::Travel), None),
            Field::text("note", "What it paid for", ""),
            Field::text("approved_by", "Approved by", ""),
        ];
        let title = format!("{}: {who}", strings::RECORD_SPEND);
        let mut e = Self::simple(participant, EditorKind::Spend, title, fields, today);
        e.form.focus = 1;
        e
    }

    pub fn exit(participant: i64, who: &str, version: i64, today: NaiveDate) -> Self {
        let fields = vec![
            Field::pick(
                "reason",
                "Reason",
                None::<ExitReason>,
                Some(strings::CHOOSE),
            ),
            Field::text("on", "Exit date", &uk(today)),
            Field::notes("note", "Note", ""),
        ];
        let title = format!("{}: {who}", strings::CLOSE_CASE);
        let mut e = Self::simple(participant, EditorKind::Exit, title, fields, today);
        e.version = version;
        e
    }

    pub fn plan(
        participant: i64,
        who: &str,
        stored: Option<&StoredPlan>,
        employers: Vec<String>,
        today: NaiveDate,
    ) -> Self {
        let p = stored.map(|s| s.plan.clone()).unwrap_or_default();
        let (frequency, every) = match p.contact_frequency {
            Some(Frequency::Weekly) => (Some(FrequencyKind::Weekly), String::new()),
            Some(Frequency::Fortnightly) => (Some(FrequencyKind::Fortnightly), String::new()),
            Some(Frequency::Monthly) => (Some(FrequencyKind::Monthly), String::new()),
            Some(Frequency::EveryDays(n)) => (Some(FrequencyKind::EveryNDays), n.to_string()),
            None => (None, String::new()),
        };
        let fields = vec![
            Field::text("job_start", "Job start date", &date_text(p.job_start)),
            Field::text("employer", "Employer", &p.employer).suggest(employers),
            Field::text("job_title", "Job title", &p.job_title),
            Field::text(
                "hours",
                "Hours a week",
                &p.hours_per_week.map(hours).unwrap_or_default(),
            ),
            Field::pick(
                "contract",
                "Contract",
                p.contract_type,
                Some(strings::NOT_GIVEN),
            ),
            Field::pick(
                "consent",
                "May we contact employer",
                Some(p.consent()),
                None,
            ),
            Field::ticks("help", "Practical help", &p.practical_help),
            Field::text("help_other", "Other help", &p.practical_help_other)
                .shown_if("help", "other"),
            Field::pick(
                "channel",
                "Keep in touch by",
                p.contact_channel,
                Some(strings::NOT_GIVEN),
            ),
            Field::text("channel_other", "Other way", &p.contact_channel_other)
                .shown_if("channel", "other"),
            Field::pick(
                "frequency",
                "How often",
                frequency,
                Some(strings::NOT_GIVEN),
            ),
            Field::text("every", "Every how many days", &every)
                .shown_if("frequency", "every_n_days"),
            Field::notes("other_support", "Other support requests", &p.other_support),
            Field::notes("support_agreed", "Support agreed", &p.support_agreed),
            Field::ticks("goals", "Long-term goals", &p.long_term_goals),
            Field::text("goals_other", "Other goal", &p.long_term_goals_other)
                .shown_if("goals", "other"),
        ];
        Self {
            participant,
            kind: EditorKind::Plan,
            version: stored.map_or(0, |s| s.version),
            title: format!("{}: {who}", strings::EDIT_PLAN),
            form: Fields::new(fields, today),
            partners: Vec::new(),
            barriers: Vec::new(),
            handing: Default::default(),
            about: Vec::new(),
        }
    }

    pub fn action(participant: i64, who: &str, action: Option<&Action>, today: NaiveDate) -> Self {
        let d = action.map(|a| a.details.clone()).unwrap_or(ActionDetails {
            text: String::new(),
            owner: Owner::Participant,
            due: None,
            status: ActionStatus::Open,
        });
        let fields = vec![
            Field::text("text", "Action", &d.text),
            Field::pick("owner", "Who does it", Some(d.owner), None),
            Field::text("due", "By when", &date_text(d.due)),
            Field::pick("status", "Status", Some(d.status), None),
        ];
        let title = match action {
            Some(_) => strings::EDIT_ACTION,
            None => strings::ADD_ACTION,
        };
        Self {
            participant,
            kind: EditorKind::Action(action.map(|a| a.id)),
            version: action.map_or(0, |a| a.version),
            title: format!("{title}: {who}"),
            form: Fields::new(fields, today),
            partners: Vec::new(),
            barriers: Vec::new(),
            handing: Default::default(),
            about: Vec::new(),
        }
    }

    pub fn assess(participant: i64, who: &str, barrier: &Barrier, today: NaiveDate) -> Self {
        let fields = vec![
            Field::pick("status", "Now", Some(barrier.status), None),
            Field::text("note", "Note", &barrier.note),
        ];
        Self {
            participant,
            kind: EditorKind::Assess(barrier.kind),
            version: 0,
            title: format!(
                "{}: {}, {who}",
                strings::ASSESS_BARRIER,
                barrier.kind.label()
            ),
            form: Fields::new(fields, today),
            partners: Vec::new(),
            barriers: Vec::new(),
            handing: Default::default(),
            about: Vec::new(),
        }
    }

    pub fn employer(participant: i64, e: &Employer, today: NaiveDate) -> Self {
        let fields = vec![
            Field::text("name", "Employer", &e.name),
            Field::text("contact_name", "Contact name", &e.contact_name),
            Field::text("phone", "Phone", &e.phone),
            Field::text("email", "Email", &e.email),
            Field::notes("notes", "Notes", &e.notes),
        ];
        Self {
            participant,
            kind: EditorKind::Employer(e.id),
            version: e.version,
            title: format!("{}: {}", strings::EDIT_EMPLOYER, e.name),
            form: Fields::new(fields, today),
            partners: Vec::new(),
            barriers: Vec::new(),
            handing: Default::default(),
            about: Vec::new(),
        }
    }

    /// Validates every field; on success the values are ready to store.
    pub fn check(&self) -> Result<Checked, Errors> {
        let f = &self.form;
        let mut errors = Errors::new();
        let checked = match self.kind {
            EditorKind::Participant(_) => {
                let was_exited = f.base.get("stage").map(String::as_str) == Some("exited");
                super::participant_form::check(f, was_exited, &mut errors)
            }
            EditorKind::Plan => {
                let job_start = date(f, "job_start", &mut errors);
                let hours_text = f.get("hours");
                let hours = if hours_text.is_empty() {
                    None
                } else {
                    match hours_text.parse::<f32>() {
                        Ok(h) if (0.0..=80.0).contains(&h) => Some(h),
                        _ => {
                            errors.push(("hours", strings::HOURS_INVALID));
                            None
                        }
                    }
                };
                let contact_frequency = match FrequencyKind::from_code(&f.get("frequency")) {
                    Some(FrequencyKind::Weekly) => Some(Frequency::Weekly),
                    Some(FrequencyKind::Fortnightly) => Some(Frequency::Fortnightly),
                    Some(FrequencyKind::Monthly) => Some(Frequency::Monthly),
                    Some(FrequencyKind::EveryNDays) => match f.get("every").parse::<u16>() {
                        Ok(n) if (1..=365).contains(&n) => Some(Frequency::EveryDays(n)),
                        _ => {
                            errors.push(("every", strings::DAYS_INVALID));
                            None
                        }
                    },
                    None => None,
                };
                let help: Vec<PracticalHelp> = split_codes(&f.get("help"));
                let goals: Vec<Goal> = split_codes(&f.get("goals"));
                let channel = Channel::from_code(&f.get("channel"));
                Checked::Plan(Plan {
                    job_start,
                    employer: f.get("employer"),
                    job_title: f.get("job_title"),
                    hours_per_week: hours,
                    contract_type: ContractType::from_code(&f.get("contract")),
                    consent_employer_contact: Consent::from_code(&f.get("consent")),
                    practical_help_other: if help.contains(&PracticalHelp::Other) {
                        f.get("help_other")
                    } else {
                        String::new()
                    },
                    practical_help: help,
                    contact_channel_other: if channel == Some(Channel::Other) {
                        f.get("channel_other")
                    } else {
                        String::new()
                    },
                    contact_channel: channel,
                    contact_frequency,
                    other_support: f.get("other_support"),
                    support_agreed: f.get("support_agreed"),
                    long_term_goals_other: if goals.contains(&Goal::Other) {
                        f.get("goals_other")
                    } else {
                        String::new()
                    },
                    long_term_goals: goals,
                })
            }
            EditorKind::Action(_) => {
                let text = f.get("text");
                if text.is_empty() {
                    errors.push(("text", strings::ACTION_REQUIRED));
                }
                let due = date(f, "due", &mut errors);
                Checked::Action(ActionDetails {
                    text,
                    owner: Owner::from_code(&f.get("owner")).unwrap_or(Owner::Participant),
                    due,
                    status: ActionStatus::from_code(&f.get("status")).unwrap_or(ActionStatus::Open),
                })
            }
            EditorKind::Assess(_) => Checked::Assess(
                BarrierStatus::from_code(&f.get("status")).unwrap_or(BarrierStatus::Barrier),
                f.get("note"),
            ),
            EditorKind::Employer(id) => {
                let (name, phone, email) = name_phone_email(f, &mut errors);
                Checked::Employer(Employer {
                    id,
                    name,
                    contact_name: f.get("contact_name"),
                    phone,
                    email,
                    notes: f.get("notes"),
                    version: self.version,
                })
            }
            EditorKind::Outcome => {
                let on = required_date(f, "on", &mut errors);
                let evidence = f.get("evidence");
                if evidence.is_empty() {
                    errors.push(("evidence", strings::OUTCOME_EVIDENCE));
                }
                let kind = OutcomeKind::from_code(&f.get("kind")).unwrap_or(OutcomeKind::JobStart);
                Checked::Outcome(kind, on, evidence)
            }
            EditorKind::Scores => {
                let on = required_date(f, "on", &mut errors);
                let mut scores = Vec::new();
                for field in f.fields.iter().skip(2) {
                    let text = field.value();
                    if text.is_empty() {
                        continue;
                    }
                    match parse_score(&text) {
                        Some(s) => {
                            scores.push((field.key.trim_start_matches("score:").to_string(), s))
                        }
                        None => errors.push((field.key, strings::SCORE_INVALID)),
                    }
                }
                if scores.is_empty()
                    && errors.is_empty()
                    && let Some(first) = f.fields.get(2)
                {
                    errors.push((first.key, strings::SCORE_NONE));
                }
                let occasion = Occasion::from_code(&f.get("occasion")).unwrap_or(Occasion::Review);
                Checked::Scores(occasion, on, scores)
            }
            EditorKind::Spend => {
                let on = required_date(f, "on", &mut errors);
                let pence = parse_pounds(&f.get("amount"));
                if pence.is_none() {
                    errors.push(("amount", strings::AMOUNT_INVALID));
                }
                let approved_by =
                    required(f, "approved_by", strings::APPROVER_REQUIRED, &mut errors);
                Checked::Spend(NewSpend {
                    on,
                    pence: pence.unwrap_or(0),
                    category: SpendCategory::from_code(&f.get("category"))
                        .unwrap_or(SpendCategory::Other),
                    note: f.get("note"),
                    approved_by,
                })
            }
            EditorKind::Exit => {
                let reason = ExitReason::from_code(&f.get("reason"));
                if reason.is_none() {
                    errors.push(("reason", strings::EXIT_REASON_REQUIRED));
                }
                let on = required_date(f, "on", &mut errors);
                if on > f.today {
                    errors.push(("on", strings::EXIT_IN_FUTURE));
                }
                Checked::Exit(Exit {
                    reason: reason.unwrap_or(ExitReason::Other),
                    on,
                    note: f.get("note"),
                })
            }
            EditorKind::Booking => {
                let at = f.booked_at("when", &mut errors);
                let minutes = match f.get("minutes").parse::<u32>() {
                    Ok(m) if (5..=480).contains(&m) => m,
                    _ => {
                        errors.push(("minutes", strings::BOOKING_MINUTES));
                        0
                    }
                };
                let at = at.unwrap_or_default();
                Checked::Booking(Booking {
                    at,
                    minutes,
                    kind: AppointmentKind::from_code(&f.get("kind"))
                        .unwrap_or(AppointmentKind::Call),
                    with: Attendees::from_code(&f.get("with")).unwrap_or(Attendees::Participant),
                    place: f.get("place"),
                    note: f.get("note"),
                    clash: f.when.as_ref().and_then(|w| w.availability.clash(at)),
                })
            }
            EditorKind::Partner(id) => super::referral_forms::check_partner(f, id, &mut errors),
            EditorKind::Refer => super::referral_forms::check_refer(self, &mut errors),
            EditorKind::ReferralUpdate(_) => super::referral_forms::check_update(f, &mut errors),
            EditorKind::Handover => super::team_forms::check_handover(self, &mut errors),
            EditorKind::Cover => super::team_forms::check_cover(self, &mut errors),
            EditorKind::RiskFlags => super::team_forms::check_flags(f, &mut errors),
            EditorKind::Concern => super::team_forms::check_concern(f, &mut errors),
            EditorKind::Decide(_) => super::team_forms::check_decision(f, &mut errors),
        };
        if errors.is_empty() {
            Ok(checked)
        } else {
            Err(errors)
        }
    }

    /// Re-checks after a failed save, so messages go as fields are fixed.
    pub fn touched(&mut self) {
        // A warning holds for the values it was given about.
        self.form.warned = false;
        self.reoffer();
        if self.form.checked {
            self.form.errors = self.check().err().unwrap_or_default();
        }
    }
}

/// The values a stored plan would show in the editor, for merging a colleague's save.
pub fn plan_values(stored: Option<&StoredPlan>, today: NaiveDate) -> BTreeMap<String, String> {
    Editor::plan(0, "", stored, Vec::new(), today).form.values()
}
