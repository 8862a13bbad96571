//! Reminders: what a key worker must do on a date. Derived from the record (the next contact
//! agreed, action dates, the job start and the profile), never typed in by hand except the
//! one-off manual kind.

use chrono::{NaiveDate, NaiveTime};

use super::Stage;
use super::appointment::AppointmentDetails;
use super::participant::Choice;
use super::plan::{Channel, Frequency};
use super::profile::Profile;
use super::rhythm::{Pace, next_contact};
use crate::strings;

choice! {
    ReminderKind {
        Appointment = "appointment", "Appointment";
        // First of the rest on its day: a concern waits on a lead's decision.
        Safeguarding = "safeguarding", "Safeguarding";
        ContactDue = "contact_due", "Contact due";
        ActionDue = "action_due", "Action due";
        Milestone = "milestone", "Milestone";
        Review = "review", "Review";
        ChaseReferral = "chase_referral", "Chase referral";
        ReferralFollowUp = "referral_follow_up", "Referral follow-up";
        FlagReview = "flag_review", "Risk flag review";
        Manual = "manual", "Reminder";
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub participant_id: i64,
    pub participant: String,
    /// When it falls due (after a snooze, the day it comes back).
    pub due: NaiveDate,
    pub kind: ReminderKind,
    /// Names this reminder for snoozes and states: `contact:2026-11-30`, `action:12`,
    /// `milestone:first_day`, `review:2026-12-01`, `manual:3`.
    pub key: String,
    pub title: String,
    pub snoozed_until: Option<NaiveDate>,
    /// An appointment's time of day.
    pub time: Option<NaiveTime>,
    /// How the person can be reached, beside a contact or an appointment; else empty.
    pub note: String,
    /// The colleague whose caseload it comes from while it is covered; `title` says so too.
    pub cover_for: Option<String>,
}

/// Names one reminder, for its snoozes and milestone states: stored as text
/// (`contact:2026-11-30`, `action:12`, `milestone:first_day`, `review:2026-12-01`,
/// `manual:3`), written and read only here.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReminderKey {
    /// The next contact agreed, on its date.
    Contact(NaiveDate),
    /// An open action with a date, by the action's id.
    Action(i64),
    /// A Progress Chart milestone, by its key in the profile.
    Milestone(String),
    Review(NaiveDate),
    /// A one-off reminder, by its id.
    Manual(i64),
    /// A booked appointment, by its id.
    Appointment(i64),
    /// A referral with no reply yet, by the referral's id.
    Chase(i64),
    /// A referral's first appointment to ask about, by the referral's id.
    HowItWent(i64),
    /// A risk flag to look at again, by its kind.
    Flag(super::team::RiskKind),
    /// A safeguarding concern awaiting a lead's decision, by its id.
    Concern(i64),
}

impl ReminderKey {
    pub fn kind(&self) -> ReminderKind {
        match self {
            Self::Contact(_) => ReminderKind::ContactDue,
            Self::Action(_) => ReminderKind::ActionDue,
            Self::Milestone(_) => ReminderKind::Milestone,
            Self::Review(_) => ReminderKind::Review,
            Self::Manual(_) => ReminderKind::Manual,
            Self::Appointment(_) => ReminderKind::Appointment,
            Self::Chase(_) => ReminderKind::ChaseReferral,
            Self::HowItWent(_) => ReminderKind::ReferralFollowUp,
            Self::Flag(_) => ReminderKind::FlagReview,
            Self::Concern(_) => ReminderKind::Safeguarding,
        }
    }

    /// The referral a referral's follow-up is about.
    pub fn referral(&self) -> Option<i64> {
        match self {
            Self::Chase(id) | Self::HowItWent(id) => Some(*id),
            _ => None,
        }
    }
}

impl std::fmt::Display for ReminderKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Contact(d) => write!(f, "contact:{}", d.format("%Y-%m-%d")),
            Self::Action(id) => write!(f, "action:{id}"),
            Self::Milestone(key) => write!(f, "milestone:{key}"),
            Self::Review(d) => write!(f, "review:{}", d.format("%Y-%m-%d")),
            Self::Manual(id) => write!(f, "manual:{id}"),
            Self::Appointment(id) => write!(f, "appointment:{id}"),
            Self::Chase(id) => write!(f, "chase:{id}"),
            Self::HowItWent(id) => write!(f, "how_it_went:{id}"),
            Self::Flag(kind) => write!(f, "flag:{}", kind.code()),
            Self::Concern(id) => write!(f, "concern:{id}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} names no reminder")]
pub struct UnknownReminder(pub String);

impl std::str::FromStr for ReminderKey {
    type Err = UnknownReminder;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || UnknownReminder(s.to_string());
        let (kind, rest) = s.split_once(':').ok_or_else(bad)?;
        let day = || rest.parse::<NaiveDate>().map_err(|_| bad());
        let id = || rest.parse::<i64>().map_err(|_| bad());
        match kind {
            "contact" => day().map(Self::Contact),
            "action" => id().map(Self::Action),
            "milestone" if !rest.is_empty() => Ok(Self::Milestone(rest.to_string())),
            "review" => day().map(Self::Review),
            "manual" => id().map(Self::Manual),
            "appointment" => id().map(Self::Appointment),
            "chase" => id().map(Self::Chase),
            "how_it_went" => id().map(Self::HowItWent),
            "flag" => super::team::RiskKind::from_code(rest)
                .map(Self::Flag)
                .ok_or_else(bad),
            "concern" => id().map(Self::Concern),
            _ => Err(bad()),
        }
    }
}

/// The groups of the reminders pane: today's appointments first, by time, then the rest by
/// date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Booked,
    Overdue,
    Today,
    Week,
    Later,
}

impl Group {
    pub fn of(r: &Reminder, today: NaiveDate) -> Self {
        Self::of_kind(r.kind, r.due, today)
    }

    pub fn of_kind(kind: ReminderKind, due: NaiveDate, today: NaiveDate) -> Self {
        if kind == ReminderKind::Appointment && due == today {
            return Group::Booked;
        }
        Self::of_day(due, today)
    }

    pub fn of_day(due: NaiveDate, today: NaiveDate) -> Self {
        match (due - today).num_days() {
            d if d < 0 => Group::Overdue,
            0 => Group::Today,
            1..=7 => Group::Week,
            _ => Group::Later,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Group::Booked => "Appointments today",
            Group::Overdue => "Overdue",
            Group::Today => "Today",
            Group::Week => "Next 7 days",
            Group::Later => "Later",
        }
    }
}

/// How many days late something due on `due` is by `today` (0 if not yet late).
pub fn overdue_days(due: NaiveDate, today: NaiveDate) -> i64 {
    (today - due).num_days().max(0)
}

impl Reminder {
    pub fn overdue_days(&self, today: NaiveDate) -> i64 {
        overdue_days(self.due, today)
    }
}

/// What the rules need to know of one participant's record to work out their reminders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub participant_id: i64,
    pub name: String,
    pub stage: Stage,
    /// The next contact agreed in the newest contact.
    pub next_contact: Option<NaiveDate>,
    /// The last completed contact.
    pub last_completed: Option<NaiveDate>,
    pub referral: Option<NaiveDate>,
    /// Booked appointments: id and what.
    pub appointments: Vec<(i64, AppointmentDetails)>,
    /// How they can be reached, shown beside contacts and appointments.
    pub availability: String,
    /// Failed attempts since the last completed contact.
    pub failed_attempts: u32,
    pub frequency: Option<Frequency>,
    pub channel: Option<Channel>,
    pub job_start: Option<NaiveDate>,
    /// The profile's milestones already marked done or missed.
    pub settled_milestones: Vec<String>,
    /// The last barrier assessment or review, or else the referral: what the next review
    /// counts from.
    pub last_reviewed: Option<NaiveDate>,
    /// Open actions with a date: id, date, text.
    pub actions: Vec<(i64, NaiveDate, String)>,
    /// Open one-off reminders: id, date, text.
    pub one_off: Vec<(i64, NaiveDate, String)>,
    /// The latest snooze of each reminder, by its key.
    pub snoozes: Vec<(String, NaiveDate)>,
    /// Onward referrals, for their follow-ups.
    pub referrals: Vec<super::referral::ReferralFacts>,
    /// Risk flags and when each is to be reviewed.
    pub flags: Vec<(super::team::RiskKind, NaiveDate)>,
    /// Safeguarding concerns awaiting a decision: id, the day raised, category.
    pub concerns: Vec<(i64, NaiveDate, super::team::ConcernCategory)>,
}

/// Every open reminder of one participant, by the rules of the field and the programme
/// profile: the next contact agreed, each open action with a date, the Progress Chart
/// milestones from the job start, a review at the profile's interval, and one-off reminders.
/// A snoozed reminder is due again on its snooze date.
pub fn derive(f: &Facts, profile: &Profile) -> Vec<Reminder> {
    let open = !matches!(f.stage, Stage::Exited | Stage::Paused);
    let mut out = Vec::new();
    let mut add = |due: NaiveDate, key: ReminderKey, title: String| {
        out.push(Reminder {
            participant_id: f.participant_id,
            participant: f.name.clone(),
            due,
            kind: key.kind(),
            key: key.to_string(),
            title,
            snoozed_until: None,
            time: None,
            note: String::new(),
            cover_for: None,
        });
    };
    // Everyone not exited has a next contact: each booked appointment, and a contact due
    // unless an appointment comes first. With nothing agreed, the rhythm sets the date.
    if f.stage != Stage::Exited {
        let holidays = &profile.contacts.bank_holidays;
        for (id, a) in &f.appointments {
            let mut title = a.title();
            if profile
                .appointments
                .out_of_hours(a.at.naive_local(), holidays)
            {
                title.push_str(strings::OUT_OF_HOURS_SUFFIX);
            }
            add(a.at.date_naive(), ReminderKey::Appointment(*id), title);
        }
        let first_booked = f.appointments.iter().map(|(_, a)| a.at.date_naive()).min();
        let rhythm = || {
            let pace = Pace {
                stage: f.stage,
                plan: f.frequency,
                last_completed: f.last_completed,
                referral: f.referral,
                job_start: f.job_start,
            };
            next_contact(&profile.rhythm, pace, holidays)
        };
        let due = match (f.next_contact, first_booked) {
            (Some(agreed), Some(booked)) if booked <= agreed => None,
            (Some(agreed), _) => Some(agreed),
            (None, Some(_)) => None,
            (None, None) => rhythm(),
        };
        if let Some(due) = due {
            let title = if f.last_completed.is_none() && f.failed_attempts == 0 {
                strings::FIRST_CONTACT_DUE.to_string()
            } else {
                let every = f.frequency.or_else(|| {
                    let from = f.last_completed.unwrap_or(due);
                    Some(profile.rhythm.frequency(f.stage, from, f.job_start))
                });
                strings::contact_due(every, f.channel, f.failed_attempts)
            };
            add(due, ReminderKey::Contact(due), title);
        }
    }
    if f.stage != Stage::Exited {
        for (id, due, text) in &f.actions {
            add(*due, ReminderKey::Action(*id), strings::action_due(text));
        }
    }
    // Open milestones move with the job start; settled ones stay as they were.
    let in_work = matches!(
        f.stage,
        Stage::JobEntry | Stage::InWork | Stage::Progressing
    );
    if let (Some(start), true) = (f.job_start, in_work) {
        for m in &profile.milestones {
            if f.settled_milestones.contains(&m.key) {
                continue;
            }
            let due = start + chrono::Duration::days(i64::from(m.days_from_start));
            add(due, ReminderKey::Milestone(m.key.clone()), m.title.clone());
        }
    }
    if let (Some(last), true) = (f.last_reviewed, open) {
        let due = last + chrono::Duration::days(i64::from(profile.review.every_days));
        add(
            due,
            ReminderKey::Review(due),
            strings::REVIEW_DUE.to_string(),
        );
    }
    if f.stage != Stage::Exited {
        use super::referral::FollowUp;
        for r in &f.referrals {
            match r.follow_up(profile.referrals.chase_after_days) {
                Some(FollowUp::Chase(due)) => add(
                    due,
                    ReminderKey::Chase(r.id),
                    strings::chase_referral(&r.partner),
                ),
                Some(FollowUp::HowItWent(due)) => add(
                    due,
                    ReminderKey::HowItWent(r.id),
                    strings::how_it_went(&r.partner),
                ),
                None => {}
            }
        }
    }
    if f.stage != Stage::Exited {
        for (kind, due) in &f.flags {
            add(*due, ReminderKey::Flag(*kind), strings::review_flag(*kind));
        }
    }
    // A concern waits for a decision whatever becomes of the case.
    for (id, raised, category) in &f.concerns {
        add(
            *raised,
            ReminderKey::Concern(*id),
            strings::concern_to_decide(*category),
        );
    }
    for (id, due, text) in &f.one_off {
        add(*due, ReminderKey::Manual(*id), text.clone());
    }
    for r in &mut out {
        if matches!(r.kind, ReminderKind::ContactDue | ReminderKind::Appointment) {
            r.note = f.availability.clone();
        }
        if let ReminderKind::Appointment = r.kind
            && let Some((_, a)) = f
                .appointments
                .iter()
                .find(|(id, _)| r.key == ReminderKey::Appointment(*id).to_string())
        {
            r.time = Some(a.at.time());
        }
        let until = f.snoozes.iter().find(|(k, _)| *k == r.key).map(|(_, u)| *u);
        if let Some(until) = until.filter(|u| *u > r.due) {
            r.snoozed_until = Some(until);
            r.due = until;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Choice;

    #[test]
    fn every_reminder_key_reads_back_as_written() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        for key in [
            ReminderKey::Contact(day),
            ReminderKey::Action(12),
            ReminderKey::Milestone("first_day".into()),
            ReminderKey::Review(day),
            ReminderKey::Manual(3),
            ReminderKey::Appointment(4),
            ReminderKey::Chase(5),
            ReminderKey::HowItWent(6),
            ReminderKey::Flag(crate::domain::team::RiskKind::LoneWorking),
            ReminderKey::Concern(7),
        ] {
            let text = key.to_string();
            assert_eq!(text.parse::<ReminderKey>(), Ok(key.clone()), "{text}");
        }
        assert_eq!(ReminderKey::Contact(day).to_string(), "contact:2026-11-30");
        for bad in [
            "",
            "action",
            "action:x",
            "contact:30/11",
            "milestone:",
            "visit:3",
        ] {
            assert!(bad.parse::<ReminderKey>().is_err(), "{bad}");
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn facts(stage: Stage) -> Facts {
        Facts {
            participant_id: 5,
            name: "Ann Lee".into(),
            stage,
            next_contact: Some(day(30)),
            failed_attempts: 0,
            frequency: Some(Frequency::Weekly),
            channel: Some(Channel::Phone),
            job_start: Some(day(2)),
            settled_milestones: vec![],
            last_reviewed: Some(day(1)),
            actions: vec![(12, day(25), "Bring bank details".into())],
            one_off: vec![(3, day(24), "Ring the GP".into())],
            snoozes: vec![],
            referrals: vec![
                referral(21, ReferralStatus::Sent, None),
                referral(22, ReferralStatus::FirstAppointment, Some(day(26))),
                referral(23, ReferralStatus::Accepted, None),
            ],
            last_completed: Some(day(16)),
            referral: Some(day(2)),
            appointments: vec![],
            availability: String::new(),
            flags: vec![(crate::domain::team::RiskKind::LoneWorking, day(28))],
            concerns: vec![(7, day(23), crate::domain::team::ConcernCategory::Neglect)],
        }
    }

    use crate::domain::referral::{Handover, ReferralFacts, ReferralStatus};

    fn referral(id: i64, status: ReferralStatus, first: Option<NaiveDate>) -> ReferralFacts {
        ReferralFacts {
            id,
            partner: "Citizens Advice: Debt advice".into(),
            status,
            handover: Handover::ReferralSent,
            sent_on: day(17),
            first_appointment: first,
            attended: None,
        }
    }

    #[test]
    fn a_referral_is_chased_when_it_goes_quiet_and_asked_about_after_the_first_appointment() {
        let rs = derive(&facts(Stage::Engaged), &Profile::default());
        let follow_ups: Vec<_> = rs
            .iter()
            .filter(|r| r.key.starts_with("chase") || r.key.starts_with("how_it_went"))
            .map(|r| (r.key.as_str(), r.due, r.title.as_str()))
            .collect();
        assert_eq!(
            follow_ups,
            [
                (
                    "chase:21",
                    day(24),
                    "chase referral: Citizens Advice: Debt advice (no reply)"
                ),
                (
                    "how_it_went:22",
                    day(27),
                    "ask how the first appointment went: Citizens Advice: Debt advice"
                ),
            ]
        );
        let exited = derive(&facts(Stage::Exited), &Profile::default());
        assert!(
            exited
                .iter()
                .all(|r| matches!(r.kind, ReminderKind::Manual | ReminderKind::Safeguarding))
        );
    }

    fn booking(d: u32, h: u32) -> AppointmentDetails {
        use crate::domain::appointment::{AppointmentKind, Attendees};
        AppointmentDetails {
            at: day(d)
                .and_hms_opt(h, 30, 0)
                .unwrap()
                .and_local_timezone(chrono::FixedOffset::east_opt(0).unwrap())
                .unwrap(),
            minutes: 30,
            kind: AppointmentKind::Call,
            place: String::new(),
            with: Attendees::Participant,
            note: String::new(),
        }
    }

    fn contacts_due(rs: &[Reminder]) -> Vec<(NaiveDate, &str)> {
        rs.iter()
            .filter(|r| r.kind == ReminderKind::ContactDue)
            .map(|r| (r.due, r.title.as_str()))
            .collect()
    }

    #[test]
    fn with_nothing_agreed_the_rhythm_sets_the_next_contact() {
        let profile = Profile::default();
        let mut f = facts(Stage::Engaged);
        f.next_contact = None;
        f.frequency = None;
        // Fortnightly from the last completed contact on Monday 16th.
        let rs = derive(&f, &profile);
        assert_eq!(contacts_due(&rs), [(day(30), "fortnightly call due")]);
        // Nobody has reached them yet: two working days from the referral (Mon 2nd).
        f.last_completed = None;
        let rs = derive(&f, &profile);
        assert_eq!(contacts_due(&rs), [(day(4), "first contact due")]);
        // Paused: a monthly check-in, still.
        let mut paused = facts(Stage::Paused);
        paused.next_contact = None;
        paused.frequency = None;
        assert_eq!(
            contacts_due(&derive(&paused, &profile)),
            [(day(16) + chrono::Duration::days(30), "monthly call due")]
        );
    }

    #[test]
    fn an_appointment_before_the_agreed_date_stands_for_the_contact() {
        let profile = Profile::default();
        let mut f = facts(Stage::InWork);
        f.availability = "works 7-3 weekdays".into();
        f.appointments = vec![(7, booking(27, 18)), (8, booking(28, 10))];
        let rs = derive(&f, &profile);
        assert!(
            contacts_due(&rs).is_empty(),
            "booked on the 27th, before the 30th"
        );
        let booked: Vec<_> = rs
            .iter()
            .filter(|r| r.kind == ReminderKind::Appointment)
            .collect();
        assert_eq!(booked.len(), 2);
        assert_eq!(booked[0].key, "appointment:7");
        assert_eq!(booked[0].time, chrono::NaiveTime::from_hms_opt(18, 30, 0));
        assert_eq!(booked[0].title, "18:30 call, 30 min, out of hours");
        assert_eq!(
            booked[1].title, "10:30 call, 30 min, out of hours",
            "a Saturday"
        );
        assert_eq!(booked[0].note, "works 7-3 weekdays");
        // Booked after the agreed date: the contact is still due first.
        f.appointments = vec![(9, booking(30, 11))];
        f.next_contact = Some(day(26));
        let rs = derive(&f, &profile);
        assert_eq!(contacts_due(&rs).len(), 1);
        let appointment = rs
            .iter()
            .find(|r| r.kind == ReminderKind::Appointment)
            .unwrap();
        assert_eq!(appointment.title, "11:30 call, 30 min");
        // A closed case keeps its one-off reminders, and a concern still waits for a lead.
        let exited = derive(&facts(Stage::Exited), &profile);
        assert_eq!(
            kinds(&exited),
            vec![ReminderKind::Safeguarding, ReminderKind::Manual]
        );
        let concern = exited
            .iter()
            .find(|r| r.kind == ReminderKind::Safeguarding)
            .unwrap();
        assert_eq!((concern.key.as_str(), concern.due), ("concern:7", day(23)));
    }

    fn kinds(rs: &[Reminder]) -> Vec<ReminderKind> {
        let mut k: Vec<_> = rs.iter().map(|r| r.kind).collect();
        k.sort();
        k.dedup();
        k
    }

    #[test]
    fn someone_in_work_has_every_kind_of_reminder() {
        let profile = Profile::default();
        let rs = derive(&facts(Stage::InWork), &profile);
        let all_but_booked: Vec<_> = ReminderKind::ALL
            .iter()
            .copied()
            .filter(|k| *k != ReminderKind::Appointment)
            .collect();
        assert_eq!(kinds(&rs), all_but_booked);
        let contact = rs
            .iter()
            .find(|r| r.kind == ReminderKind::ContactDue)
            .unwrap();
        assert_eq!(
            (contact.due, contact.title.as_str()),
            (day(30), "weekly call due")
        );
        assert_eq!(contact.key, "contact:2026-11-30");
        let milestones = rs
            .iter()
            .filter(|r| r.kind == ReminderKind::Milestone)
            .count();
        assert_eq!(milestones, profile.milestones.len());
        let review = rs.iter().find(|r| r.kind == ReminderKind::Review).unwrap();
        let every = i64::from(profile.review.every_days);
        assert_eq!(review.due, day(1) + chrono::Duration::days(every));
    }

    #[test]
    fn a_paused_or_closed_case_keeps_only_what_was_promised() {
        let profile = Profile::default();
        let paused = derive(&facts(Stage::Paused), &profile);
        assert_eq!(
            kinds(&paused),
            [
                ReminderKind::Safeguarding,
                ReminderKind::ContactDue,
                ReminderKind::ActionDue,
                ReminderKind::ChaseReferral,
                ReminderKind::ReferralFollowUp,
                ReminderKind::FlagReview,
                ReminderKind::Manual
            ],
            "a check-in, the actions, referrals' follow-ups, flags, concerns and one-offs; \
             no review or milestones"
        );
        let exited = derive(&facts(Stage::Exited), &profile);
        assert_eq!(
            kinds(&exited),
            [ReminderKind::Safeguarding, ReminderKind::Manual]
        );
        let engaged = derive(&facts(Stage::Engaged), &profile);
        assert!(
            !kinds(&engaged).contains(&ReminderKind::Milestone),
            "no job yet"
        );
    }

    #[test]
    fn missed_calls_and_settled_milestones_and_snoozes_are_respected() {
        let profile = Profile::default();
        let mut f = facts(Stage::InWork);
        f.failed_attempts = 2;
        f.settled_milestones = vec![profile.milestones[0].key.clone()];
        f.snoozes = vec![("manual:3".into(), day(28)), ("action:12".into(), day(20))];
        let rs = derive(&f, &profile);
        let contact = rs
            .iter()
            .find(|r| r.kind == ReminderKind::ContactDue)
            .unwrap();
        assert_eq!(contact.title, "retry call (2 missed)");
        assert!(
            !rs.iter()
                .any(|r| r.key == format!("milestone:{}", profile.milestones[0].key))
        );
        let one_off = rs.iter().find(|r| r.key == "manual:3").unwrap();
        assert_eq!(
            (one_off.due, one_off.snoozed_until),
            (day(28), Some(day(28)))
        );
        let action = rs.iter().find(|r| r.key == "action:12").unwrap();
        assert_eq!(
            (action.due, action.snoozed_until),
            (day(25), None),
            "a snooze to before the date changes nothing"
        );
    }

    #[test]
    fn groups() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let d = |n: i64| today + chrono::Duration::days(n);
        assert_eq!(Group::of_day(d(-1), today), Group::Overdue);
        assert_eq!(Group::of_day(d(0), today), Group::Today);
        assert_eq!(Group::of_day(d(7), today), Group::Week);
        assert_eq!(Group::of_day(d(8), today), Group::Later);
    }
}
