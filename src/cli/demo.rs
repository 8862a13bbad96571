//! `keyworker demo`: a believable synthetic caseload of any size, the same for the same seed.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Result, bail};
use chrono::{Days, Duration, NaiveDate, NaiveTime, Offset, TimeZone};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::domain::appointment::{AppointmentDetails, AppointmentKind, Attendees};
use crate::domain::availability::{Availability, Reach};
use crate::domain::clock::Clock;
use crate::domain::contact::{
    ContactChannel, ContactDetails, InWork, Outcome, With, next_working_day,
};
use crate::domain::outcome::{Exit, ExitReason, Occasion, OutcomeKind, Sitting, SpendCategory};
use crate::domain::plan::{
    ActionDetails, ActionStatus, BarrierStatus, Channel, Consent, ContractType, Employer,
    Frequency, Goal, Owner, Plan, PracticalHelp,
};
use crate::domain::profile::Profile;
use crate::domain::referral::{
    Attended, Handover, HowToRefer, Need, PartnerDetails, ReferralConsent, ReferralDetails,
    ReferralOutcome, ReferralStatus, Share, StatusChange, Urgency,
};
use crate::domain::{BarrierKind, Choice, ParticipantDetails, ReferralRoute, Stage, StageChange};
use crate::store::{NewParticipant, NewSpend, Store};

const FIRST_NAMES: &str = include_str!("../../assets/first_names.txt");
const SURNAMES: &str = include_str!("../../assets/surnames.txt");
const POSTCODES: &str = include_str!("../../assets/postcodes.txt");
const BARRIER_NOTES: &str = include_str!("../../assets/barrier_notes.txt");
const COLLEAGUES: &str = include_str!("../../assets/colleagues.txt");
const EMPLOYERS: &str = include_str!("../../assets/employers.txt");
const PLAN_TEXT: &str = include_str!("../../assets/plan_text.txt");
const PARTNERS: &str = include_str!("../../assets/partners.txt");

fn lines(s: &'static str) -> Vec<&'static str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Picks from `(weight, value)` pairs.
fn weighted<T: Copy>(rng: &mut fastrand::Rng, table: &[(u32, T)]) -> T {
    let total: u32 = table.iter().map(|(w, _)| w).sum();
    let mut roll = rng.u32(0..total);
    for (w, v) in table {
        if roll < *w {
            return *v;
        }
        roll -= w;
    }
    table[table.len() - 1].1
}

const STAGES: &[(u32, Stage)] = &[
    (10, Stage::Referred),
    (30, Stage::Engaged),
    (8, Stage::JobEntry),
    (30, Stage::InWork),
    (8, Stage::Progressing),
    (8, Stage::Paused),
    (6, Stage::Exited),
];

const ROUTES: &[(u32, ReferralRoute)] = &[
    (40, ReferralRoute::JobcentrePlus),
    (15, ReferralRoute::SelfReferral),
    (15, ReferralRoute::GpOrSocialPrescriber),
    (12, ReferralRoute::MentalHealthService),
    (10, ReferralRoute::HousingProvider),
    (8, ReferralRoute::Other),
];

/// The usual way along the pathway to a stage, oldest first.
fn path_to(stage: Stage) -> &'static [Stage] {
    use Stage::*;
    match stage {
        Referred => &[Referred],
        Engaged => &[Referred, Engaged],
        JobEntry => &[Referred, Engaged, JobEntry],
        InWork => &[Referred, Engaged, JobEntry, InWork],
        Progressing => &[Referred, Engaged, JobEntry, InWork, Progressing],
        Paused => &[Referred, Engaged, Paused],
        Exited => &[Referred, Engaged, JobEntry, InWork, Exited],
    }
}

pub struct Generator {
    rng: fastrand::Rng,
    /// Its own stream, so the people and their contacts are the same with or without
    /// referrals.
    referral_rng: fastrand::Rng,
    /// The directory as written: each service's id and what it helps with.
    pub partners: Vec<(i64, Vec<Need>)>,
    today: NaiveDate,
    me: String,
    colleagues: Vec<&'static str>,
    first: Vec<&'static str>,
    last: Vec<&'static str>,
    postcodes: Vec<&'static str>,
    notes: Vec<(BarrierKind, &'static str)>,
    employers: Vec<(&'static str, Vec<&'static str>)>,
    profile: Profile,
    offsets: HashMap<NaiveDate, chrono::FixedOffset>,
    text: Vec<(&'static str, &'static str)>,
}

/// The employers the demo places people with, with their contact details.
pub fn employers() -> Vec<Employer> {
    lines(EMPLOYERS)
        .into_iter()
        .filter_map(|l| {
            let mut parts = l.split('|');
            let name = parts.next()?;
            let _titles = parts.next()?;
            Some(Employer {
                name: name.to_string(),
                contact_name: parts.next()?.to_string(),
                phone: parts.next()?.to_string(),
                ..Employer::default()
            })
        })
        .collect()
}

/// The services of the demo's area, for its directory.
pub fn partners() -> Vec<PartnerDetails> {
    lines(PARTNERS)
        .into_iter()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('|').collect();
            let [
                org,
                service,
                helps,
                area,
                how,
                contact,
                phone,
                email,
                criteria,
                wait,
                notes,
            ] = f.as_slice()
            else {
                return None;
            };
            Some(PartnerDetails {
                organisation: org.to_string(),
                service: service.to_string(),
                helps_with: helps.split(',').filter_map(Need::from_code).collect(),
                area: area.to_string(),
                how_to_refer: HowToRefer::from_code(how),
                contact_name: contact.to_string(),
                phone: phone.to_string(),
                email: email.to_string(),
                criteria: criteria.to_string(),
                wait: wait.to_string(),
                notes: notes.to_string(),
                closed_on: None,
            })
        })
        .collect()
}

#[derive(Default)]
struct Record {
    outcomes: Vec<(OutcomeKind, NaiveDate, String)>,
    scores: Vec<Sitting>,
    spend: Vec<NewSpend>,
    exit: Option<Exit>,
}

impl Generator {
    pub fn new(seed: u64, me: &str, today: NaiveDate) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
            referral_rng: fastrand::Rng::with_seed(seed ^ 0x5eed_5eed),
            partners: Vec::new(),
            today,
            me: me.to_string(),
            colleagues: lines(COLLEAGUES),
            first: lines(FIRST_NAMES),
            last: lines(SURNAMES),
            postcodes: lines(POSTCODES),
            notes: lines(BARRIER_NOTES)
                .into_iter()
                .filter_map(|l| {
                    let (kind, note) = l.split_once('|')?;
                    Some((BarrierKind::from_code(kind)?, note))
                })
                .collect(),
            profile: Profile::default(),
            offsets: HashMap::new(),
            employers: lines(EMPLOYERS)
                .into_iter()
                .filter_map(|l| {
                    let mut parts = l.split('|');
                    Some((parts.next()?, parts.next()?.split(',').collect()))
                })
                .collect(),
            text: lines(PLAN_TEXT)
                .into_iter()
                .filter_map(|l| l.split_once('|'))
                .collect(),
        }
    }

    /// Contacts at roughly the plan's frequency since referral (ending when someone paused or
    /// left), most of them completed: about thirty each on average.
    fn contacts(
        &mut self,
        stage: Stage,
        referred: NaiveDate,
        since: NaiveDate,
        plan: &Plan,
    ) -> Vec<ContactDetails> {
        if stage == Stage::Referred {
            // Referred in the last three weeks: about half have had their first call.
            let first = next_working_day(referred + Days::new(self.rng.u64(0..3)));
            if first >= self.today || self.rng.u8(..2) == 0 {
                return Vec::new();
            }
            return vec![ContactDetails {
                at: at_work_time(&mut self.rng, &mut self.offsets, first),
                channel: ContactChannel::Phone,
                with: With::Participant,
                outcome: Outcome::Completed,
                duration_minutes: Some(self.rng.u32(10..25)),
                notes: self.pick_text("call"),
                in_work: None,
                next_contact: Frequency::Weekly.after(first).map(next_working_day),
            }];
        }
        let every = plan.contact_frequency.unwrap_or(Frequency::Fortnightly);
        let end = match stage {
            Stage::Exited => since.min(self.today - Days::new(1)),
            // Nothing after now: the last call was yesterday or before.
            _ => self.today - Days::new(self.rng.u64(1..7)),
        };
        let start = referred;
        let channel = ContactChannel::from_plan(plan.contact_channel);
        let employer_ok = plan.consent() != crate::domain::plan::Consent::No;
        let working = matches!(stage, Stage::JobEntry | Stage::InWork | Stage::Progressing);
        let mut out: Vec<ContactDetails> = Vec::new();
        let mut day = start + Days::new(self.rng.u64(0..7));
        while day <= end && out.len() < 80 {
            let outcome = weighted(
                &mut self.rng,
                &[
                    (80, Outcome::Completed),
                    (12, Outcome::NoAnswer),
                    (5, Outcome::LeftMessage),
                    (3, Outcome::DidNotAttend),
                ],
            );
            // In work: now and then a visit to the workplace or a three-way meeting with the
            // employer, where they said the employer may be contacted.
            let (channel, with) = match (working, self.rng.u8(..12)) {
                (true, 0) if employer_ok => (ContactChannel::ThreeWay, With::Employer),
                (true, 1) if employer_ok => (ContactChannel::WorkplaceVisit, With::Participant),
                _ => (channel, With::Participant),
            };
            // Not attending is for a meeting someone was booked into; a call just goes
            // unanswered.
            let outcome = match (outcome, channel) {
                (
                    Outcome::DidNotAttend,
                    ContactChannel::Phone | ContactChannel::Text | ContactChannel::Email,
                ) => Outcome::NoAnswer,
                (o, _) => o,
            };
            let completed = outcome == Outcome::Completed;
            let next = if completed {
                every.after(day)
            } else {
                Some(next_working_day(day))
            };
            let in_work = (working && completed).then(|| InWork {
                role_going: self.pick_text("role"),
                changes: self.pick_text("changes"),
                needs: self.pick_text("needs"),
            });
            let minutes = match (completed, channel) {
                (false, _) => 1,
                (true, ContactChannel::FaceToFace) => self.rng.u32(30..60),
                (true, _) => self.rng.u32(3..25),
            };
            out.push(ContactDetails {
                at: at_work_time(&mut self.rng, &mut self.offsets, day),
                channel,
                with,
                outcome,
                duration_minutes: Some(minutes),
                notes: if completed {
                    self.pick_text("call")
                } else {
                    String::new()
                },
                in_work,
                next_contact: next,
            });
            // Between calls, a quick text or a call back a day or two later, about one time
            // in three.
            let between = next_working_day(day + Days::new(self.rng.u64(1..3)));
            if completed
                && self.rng.u8(..100) < 52
                && next.is_some_and(|n| between < n)
                && between <= end
            {
                out.push(ContactDetails {
                    at: at_work_time(&mut self.rng, &mut self.offsets, between),
                    channel: ContactChannel::Text,
                    with: With::Participant,
                    outcome: Outcome::Completed,
                    duration_minutes: Some(self.rng.u32(1..5)),
                    notes: self.pick_text("call"),
                    in_work: None,
                    next_contact: next,
                });
            }
            day = match next {
                // Calls happen on working days.
                Some(n) => next_working_day(n + Days::new(self.rng.u64(0..3)) - Days::new(1)),
                None => break,
            };
        }
        // Most people are on track: the next contact agreed in the last call lies between a
        // few days ago and a fortnight ahead.
        if let Some(last) = out.last_mut()
            && last.next_contact.is_some()
        {
            let ahead = self.rng.u64(0..18);
            last.next_contact = Some(next_working_day(
                self.today + Days::new(ahead) - Days::new(4),
            ));
        }
        // Nobody is waiting for a call once they have left.
        if stage == Stage::Exited
            && let Some(last) = out.last_mut()
        {
            last.next_contact = None;
        }
        out
    }

    /// About two in five have said when they can be reached: shifts for those in work, the
    /// school run or a course for others; a few flags.
    fn availability(&mut self, stage: Stage) -> Availability {
        let r = &mut self.rng;
        if r.u8(..5) >= 2 {
            return Availability::default();
        }
        const WORKING: [&str; 6] = [
            "works 7-3 weekdays",
            "works 8-4 weekdays, lunch at 12",
            "shifts 14-22 mon-fri",
            "works 9-5 mon-sat at the warehouse",
            "early shift 6-2 weekdays; best after 3",
            "part time 10-2 weekdays",
        ];
        const OTHERS: [&str; 5] = [
            "school run 8:30-9:15 and 3-3:30",
            "college Tuesdays and Thursdays",
            "best after 10am",
            "carer for mum, mornings are hard",
            "phone credit runs out: text and he rings back",
        ];
        let working = matches!(stage, Stage::JobEntry | Stage::InWork | Stage::Progressing);
        let note = if working {
            WORKING[r.usize(..WORKING.len())]
        } else {
            OTHERS[r.usize(..OTHERS.len())]
        };
        let mut flags = Vec::new();
        if r.u8(..3) == 0 {
            flags.push(Reach::TextFirst);
        }
        if working && r.u8(..3) == 0 {
            flags.push(Reach::NoCallsAtWork);
        }
        if working && r.u8(..8) == 0 {
            flags.push(Reach::EveningsOnly);
        }
        Availability {
            note: note.to_string(),
            flags,
        }
    }

    /// About a third of those still open have an appointment in the coming week, agreed in
    /// their last call: mostly calls in office hours, some meetings, three-way meetings for
    /// some in work, and about one in six early, late or at a weekend.
    fn appointments(
        &mut self,
        stage: Stage,
        plan: &Plan,
        contacts: &mut [ContactDetails],
    ) -> Vec<AppointmentDetails> {
        let r = &mut self.rng;
        if matches!(stage, Stage::Exited | Stage::Paused) || r.u8(..3) != 0 {
            return Vec::new();
        }
        let working = matches!(stage, Stage::JobEntry | Stage::InWork | Stage::Progressing);
        let mut day = self.today + Days::new(r.u64(0..7));
        let out_of_hours = r.u8(..6) == 0;
        let (hour, minute) = if out_of_hours {
            [(8, 0), (17, 45), (18, 30), (7, 30)][r.usize(..4)]
        } else {
            (r.u32(11..17), [0, 15, 30, 45][r.usize(..4)])
        };
        if !out_of_hours {
            day = next_working_day(day - Days::new(1));
        }
        let (kind, with, place, minutes) = match (working, r.u8(..6)) {
            (true, 0) if plan.consent() != crate::domain::plan::Consent::No => (
                AppointmentKind::Meeting,
                Attendees::ThreeWay,
                if plan.employer.is_empty() {
                    "at work".to_string()
                } else {
                    plan.employer.clone()
                },
                45,
            ),
            (_, 1) => (
                AppointmentKind::Meeting,
                Attendees::Participant,
                "Jobcentre, room 2".to_string(),
                45,
            ),
            (_, 2) => (
                AppointmentKind::Video,
                Attendees::Participant,
                "Teams link by text".to_string(),
                30,
            ),
            _ => (
                AppointmentKind::Call,
                Attendees::Participant,
                String::new(),
                15,
            ),
        };
        let t = NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default();
        let at = at_work_time(r, &mut self.offsets, day);
        let at = at
            .offset()
            .from_local_datetime(&day.and_time(t))
            .earliest()
            .unwrap_or(at);
        if let Some(last) = contacts.last_mut() {
            last.next_contact = Some(day);
        }
        vec![AppointmentDetails {
            at,
            minutes,
            kind,
            place,
            with,
            note: String::new(),
        }]
    }

    /// About one in three people past referral have been referred on: to a service for one
    /// of their barriers, mostly with their consent and a three-way call or a referral sent.
    /// How far each has got follows its age: the newest sent, some gone quiet past the chase
    /// date, then accepted, waiting or declined, then a first appointment (some yesterday,
    /// not yet asked about), then closed with an outcome.
    fn referrals(
        &mut self,
        stage: Stage,
        since: NaiveDate,
        barriers: &[(BarrierKind, String)],
    ) -> Vec<(ReferralDetails, Vec<StatusChange>)> {
        let r = &mut self.referral_rng;
        if stage == Stage::Referred || self.partners.is_empty() || r.u8(..3) != 0 {
            return Vec::new();
        }
        let needs: Vec<Need> = barriers.iter().map(|(b, _)| Need::of(*b)).collect();
        let fitting: Vec<&(i64, Vec<Need>)> = self
            .partners
            .iter()
            .filter(|(_, helps)| helps.iter().any(|h| needs.contains(h)))
            .collect();
        let (partner, reason) = match fitting.get(r.usize(..fitting.len().max(1))) {
            Some((id, helps)) => (
                *id,
                helps
                    .iter()
                    .copied()
                    .find(|h| needs.contains(h))
                    .unwrap_or(Need::Other),
            ),
            None => {
                let (id, helps) = &self.partners[r.usize(..self.partners.len())];
                (*id, helps.first().copied().unwrap_or(Need::Other))
            }
        };
        let span = (self.today - since).num_days().clamp(2, 150) as u64;
        let sent_on = self.today - Days::new(r.u64(1..span));
        let age = (self.today - sent_on).num_days();
        let refused = r.u8(..20) == 0;
        let shares = match r.u8(..4) {
            0 => vec![Share::ContactDetails],
            1 => vec![Share::ContactDetails, Share::Barriers],
            _ => vec![Share::ContactDetails, Share::Barriers, Share::Summary],
        };
        let details = ReferralDetails {
            partner_id: partner,
            reason,
            consent: if refused {
                ReferralConsent::Refused
            } else {
                ReferralConsent::Given
            },
            summary: if shares.contains(&Share::Summary) {
                "Working with us towards work; keen, and this is what is holding them back."
                    .to_string()
            } else {
                String::new()
            },
            shares,
            urgency: [
                Urgency::Routine,
                Urgency::Routine,
                Urgency::Soon,
                Urgency::Urgent,
            ][r.usize(..4)],
            handover: [
                Handover::ReferralSent,
                Handover::ReferralSent,
                Handover::ThreeWayCall,
                Handover::InPerson,
                Handover::Signposted,
            ][r.usize(..5)],
            sent_on,
            note: String::new(),
        };
        let mut steps = Vec::new();
        let step = |status, on, first: Option<NaiveDate>, attended, outcome| StatusChange {
            status,
            on,
            first_appointment: first,
            attended,
            outcome,
            note: String::new(),
        };
        // A reply a few days after sending, if it has come yet. Some of the last three weeks'
        // have gone quiet past their chase date; older ones were chased and answered.
        let answered = sent_on + Days::new(r.u64(2..12));
        let quiet = age < 21 && r.u8(..3) == 0;
        if refused || age < 5 || answered >= self.today || quiet {
            return vec![(details, steps)];
        }
        let answer = match r.u8(..10) {
            0 => ReferralStatus::Declined,
            1 | 2 => ReferralStatus::WaitingList,
            _ => ReferralStatus::Accepted,
        };
        steps.push(step(answer, answered, None, None, None));
        if answer == ReferralStatus::Declined {
            return vec![(details, steps)];
        }
        let first = answered + Days::new(r.u64(5..25));
        let booked = answered + Days::new(r.u64(1..4));
        let waiting = answer == ReferralStatus::WaitingList && r.bool();
        if booked >= self.today || waiting || r.u8(..4) == 0 {
            return vec![(details, steps)];
        }
        steps.push(step(
            ReferralStatus::FirstAppointment,
            booked,
            Some(first),
            None,
            None,
        ));
        // Asked about it a day or three after; the last few are not yet asked.
        let asked = first + Days::new(r.u64(1..4));
        if asked >= self.today {
            return vec![(details, steps)];
        }
        let went = r.u8(..5) != 0;
        let attended = if went { Attended::Yes } else { Attended::No };
        steps.push(step(
            ReferralStatus::FirstAppointment,
            asked,
            Some(first),
            Some(attended),
            None,
        ));
        let closed = asked + Days::new(r.u64(14..60));
        if closed >= self.today || r.u8(..3) == 0 {
            return vec![(details, steps)];
        }
        let outcome = if went {
            [
                ReferralOutcome::Helped,
                ReferralOutcome::Helped,
                ReferralOutcome::Partly,
                ReferralOutcome::NotHelped,
            ][r.usize(..4)]
        } else {
            [ReferralOutcome::Disengaged, ReferralOutcome::Withdrawn][r.usize(..2)]
        };
        steps.push(step(
            ReferralStatus::Closed,
            closed,
            None,
            None,
            Some(outcome),
        ));
        vec![(details, steps)]
    }

    /// Milestones already past are settled, nearly all done with a line of evidence; the
    /// last few days' are left open, as on a real Monday morning.
    fn milestones(&mut self, plan: &Plan) -> Vec<(String, bool, NaiveDate, String)> {
        let Some(start) = plan.job_start else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in &self.profile.milestones {
            let due = start + chrono::Duration::days(i64::from(m.days_from_start));
            if due >= self.today - Days::new(self.rng.u64(2..6)) {
                continue;
            }
            let done = self.rng.u8(..20) > 0;
            let evidence = if done {
                [
                    "Confirmed by phone",
                    "Employer confirmed",
                    "Payslip seen",
                    "Seen in person",
                ][self.rng.usize(..4)]
                .to_string()
            } else {
                String::new()
            };
            out.push((m.key.clone(), done, due, evidence));
        }
        out
    }

    /// Outcomes that fit the job and its length, soft scores at entry and at each review
    /// (mostly rising), a little discretionary spend, and why a closed case closed.
    fn record(
        &mut self,
        stage: Stage,
        plan: &Plan,
        referred: NaiveDate,
        since: NaiveDate,
        reviews: &[NaiveDate],
    ) -> Record {
        let today = self.today;
        let r = &mut self.rng;
        let mut out = Record::default();
        if let Some(start) = plan.job_start.filter(|s| *s <= today) {
            let evidence = ["Payslip seen", "Employer confirmed", "Contract seen"];
            out.outcomes
                .push((OutcomeKind::JobStart, start, evidence[r.usize(..3)].into()));
            for (days, kind) in [
                (91, OutcomeKind::Sustained13Weeks),
                (182, OutcomeKind::Sustained6Months),
                (365, OutcomeKind::Sustained12Months),
            ] {
                let on = start + Days::new(days);
                if on <= today && r.u8(..10) < 8 {
                    out.outcomes.push((kind, on, evidence[r.usize(..3)].into()));
                }
            }
            if stage == Stage::Progressing {
                let kind = [
                    OutcomeKind::ProgressionHours,
                    OutcomeKind::ProgressionPay,
                    OutcomeKind::ProgressionRole,
                ][r.usize(..3)];
                out.outcomes.push((kind, since, "New contract seen".into()));
            }
        }
        if stage != Stage::Referred {
            let entry = referred + Days::new(r.u64(0..14));
            let mut level: Vec<u8> = self
                .profile
                .soft_outcomes
                .iter()
                .map(|_| r.u8(2..7))
                .collect();
            let sitting = |level: &[u8], scales: &[crate::domain::profile::Scale]| {
                scales
                    .iter()
                    .zip(level)
                    .map(|(s, l)| (s.key.clone(), *l))
                    .collect::<Vec<_>>()
            };
            out.scores.push((
                Occasion::Entry,
                entry.min(today),
                sitting(&level, &self.profile.soft_outcomes),
            ));
            for on in reviews.iter().filter(|d| **d > entry) {
                for l in &mut level {
                    *l = (*l + r.u8(0..3)).saturating_sub(r.u8(0..2)).clamp(1, 10);
                }
                out.scores.push((
                    Occasion::Review,
                    *on,
                    sitting(&level, &self.profile.soft_outcomes),
                ));
            }
            for _ in 0..weighted(r, &[(60, 0), (25, 1), (10, 2), (5, 3)]) {
                let (category, note, pence) = [
                    (SpendCategory::Travel, "Bus pass for the first month", 6_500),
                    (SpendCategory::Travel, "Train fare to interview", 1_280),
                    (SpendCategory::Clothing, "Interview clothes", 4_500),
                    (SpendCategory::Clothing, "Work boots", 3_999),
                    (SpendCategory::Equipment, "Reconditioned laptop", 12_000),
                    (SpendCategory::Training, "Food hygiene certificate", 2_500),
                ][r.usize(..6)];
                let span = (today - referred).num_days().max(1) as u64;
                out.spend.push(NewSpend {
                    on: referred + Days::new(r.u64(0..span)),
                    pence,
                    category,
                    note: note.into(),
                    approved_by: "Pat Morgan".into(),
                });
            }
        }
        if stage == Stage::Exited {
            let reason = if plan.job_start.is_some() {
                weighted(
                    r,
                    &[
                        (70, ExitReason::JobSustained),
                        (15, ExitReason::MovedAway),
                        (15, ExitReason::OtherSupport),
                    ],
                )
            } else {
                weighted(
                    r,
                    &[
                        (40, ExitReason::Disengaged),
                        (25, ExitReason::IllHealth),
                        (20, ExitReason::OtherSupport),
                        (15, ExitReason::MovedAway),
                    ],
                )
            };
            out.exit = Some(Exit {
                reason,
                on: since,
                note: String::new(),
            });
        }
        out
    }

    /// One-off reminders a worker set themselves: a few open, some already overdue.
    fn reminders(&mut self, stage: Stage) -> Vec<(NaiveDate, String)> {
        if matches!(stage, Stage::Exited) {
            return Vec::new();
        }
        const TEXTS: [&str; 8] = [
            "Check their Universal Credit journal",
            "Chase the DBS check",
            "Send the CV to the employer",
            "Book interview practice",
            "Call back about childcare",
            "Ask about the bus pass",
            "Find a food hygiene course date",
            "Check the payslip is right",
        ];
        let r = &mut self.rng;
        let n = weighted(r, &[(5, 0usize), (15, 1), (28, 2), (30, 3), (22, 4)]);
        (0..n)
            .map(|_| {
                let due = self.today + Days::new(r.u64(0..40)) - Days::new(r.u64(0..8));
                (
                    next_working_day(due),
                    TEXTS[r.usize(..TEXTS.len())].to_string(),
                )
            })
            .collect()
    }

    fn pick_text(&mut self, kind: &str) -> String {
        let options: Vec<&str> = self
            .text
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, t)| *t)
            .collect();
        if options.is_empty() {
            return String::new();
        }
        options[self.rng.usize(..options.len())].to_string()
    }

    /// A plan that fits the stage: a job and in-work support once a job has started, goals
    /// and actions before.
    fn plan(&mut self, stage: Stage, stage_since: NaiveDate) -> (Plan, Vec<ActionDetails>) {
        let in_job = matches!(
            stage,
            Stage::JobEntry | Stage::InWork | Stage::Progressing | Stage::Exited
        );
        let r = &mut self.rng;
        let mut plan = Plan {
            contact_channel: Some(weighted(
                r,
                &[
                    (60, Channel::Phone),
                    (20, Channel::Text),
                    (15, Channel::FaceToFace),
                    (5, Channel::Email),
                ],
            )),
            contact_frequency: Some(weighted(
                r,
                &[
                    (40, Frequency::Weekly),
                    (35, Frequency::Fortnightly),
                    (20, Frequency::Monthly),
                    (5, Frequency::EveryDays(10)),
                ],
            )),
            ..Plan::default()
        };
        if in_job {
            let (employer, titles) = &self.employers[r.usize(..self.employers.len())];
            plan.employer = employer.to_string();
            plan.job_title = titles[r.usize(..titles.len())].to_string();
            plan.job_start = Some(if stage == Stage::JobEntry {
                stage_since + Days::new(r.u64(3..21))
            } else {
                stage_since
            });
            plan.hours_per_week =
                Some([8.0, 12.0, 16.0, 16.0, 20.0, 24.0, 30.0, 37.5][r.usize(..8)]);
            plan.contract_type = Some(weighted(
                r,
                &[
                    (45, ContractType::Permanent),
                    (25, ContractType::Temporary),
                    (15, ContractType::ZeroHours),
                    (10, ContractType::Apprenticeship),
                    (5, ContractType::SelfEmployed),
                ],
            ));
            plan.consent_employer_contact = Some(weighted(
                r,
                &[
                    (70, Consent::Yes),
                    (12, Consent::No),
                    (18, Consent::NotAsked),
                ],
            ));
            for help in PracticalHelp::ALL {
                if *help != PracticalHelp::Other && r.u8(..3) == 0 {
                    plan.practical_help.push(*help);
                }
            }
            if r.u8(..3) == 0 {
                plan.long_term_goals.push(weighted(
                    r,
                    &[
                        (40, Goal::MoreHours),
                        (25, Goal::Promotion),
                        (20, Goal::ChangeOfRole),
                        (15, Goal::Career),
                    ],
                ));
            }
        }
        plan.support_agreed = self.pick_text("support");
        if self.rng.u8(..3) == 0 {
            plan.other_support = self.pick_text("other");
        }
        if self.rng.u8(..4) == 0 {
            plan.long_term_goals.push(Goal::Other);
            plan.long_term_goals_other = self.pick_text("goal");
        }
        let count = self.rng.usize(0..4);
        let mut actions = Vec::new();
        for _ in 0..count {
            let kind = match (in_job, self.rng.u8(..4)) {
                (_, 0) => "kw",
                (true, _) => "work",
                (false, _) => "pre",
            };
            let text = self.pick_text(kind);
            if actions.iter().any(|a: &ActionDetails| a.text == text) {
                continue;
            }
            let r = &mut self.rng;
            let due = self.today + Days::new(r.u64(0..28)) - Days::new(r.u64(0..6));
            actions.push(ActionDetails {
                text,
                owner: if kind == "kw" {
                    Owner::KeyWorker
                } else {
                    Owner::Participant
                },
                due: (r.u8(..5) > 0).then_some(due),
                status: weighted(
                    r,
                    &[
                        (70, ActionStatus::Open),
                        (25, ActionStatus::Done),
                        (5, ActionStatus::Dropped),
                    ],
                ),
            });
        }
        (plan, actions)
    }

    /// The `i`th participant: two in three belong to the worker running the demo, the rest to
    /// colleagues, so the team view has something to show.
    pub fn participant(&mut self, i: u64) -> NewParticipant {
        let r = &mut self.rng;
        let first = self.first[r.usize(..self.first.len())];
        let last = self.last[r.usize(..self.last.len())];
        let name = format!("{first} {last}");
        let preferred_name = match (first, r.u8(..10)) {
            ("Thomas", 0..=5) => "Tom".to_string(),
            ("Michael", 0..=5) => "Mike".to_string(),
            ("Daniel", 0..=5) => "Dan".to_string(),
            ("Joshua", 0..=5) => "Josh".to_string(),
            ("Oliver", 0..=5) => "Olly".to_string(),
            _ => String::new(),
        };
        let phone = if r.u8(..10) < 8 {
            format!("07700 900{:03}", r.u16(..1000))
        } else {
            format!("01632 960{:03}", r.u16(..1000))
        };
        let email = if r.u8(..10) < 6 {
            let domain = ["example.com", "example.org", "example.net"][r.usize(..3)];
            format!(
                "{}.{}{}@{domain}",
                first.to_lowercase(),
                last.to_lowercase().replace('\'', ""),
                r.u8(..100)
            )
        } else {
            String::new()
        };
        let postcode = self.postcodes[r.usize(..self.postcodes.len())].to_string();
        let stage = weighted(r, STAGES);
        let referral_route = weighted(r, ROUTES);
        // Uneven caseloads: of the colleagues' third, half are the first's, a third the
        // second's and a sixth the third's.
        let key_worker = if i % 3 == 2 {
            let share = [0, 0, 0, 1, 1, 2][(i / 3) as usize % 6];
            self.colleagues[share % self.colleagues.len()].to_string()
        } else {
            self.me.clone()
        };

        // Referred between a fortnight and eighteen months ago; each later stage a while after.
        let path = path_to(stage);
        let referral_age = if stage == Stage::Referred {
            r.u64(1..21)
        } else {
            r.u64(14..540)
        };
        let referral_date = self.today - Days::new(referral_age);
        let mut moves = Vec::with_capacity(path.len());
        let mut day = referral_date;
        for (step, s) in path.iter().enumerate() {
            if step > 0 {
                let left = (self.today - day).num_days().max(1) as u64;
                day = day + Days::new(r.u64(1..=left.min(120)));
            }
            moves.push((*s, day));
        }
        let stage_since = moves.last().map_or(referral_date, |m| m.1);
        let by = key_worker.clone();
        let offsets = &mut self.offsets;
        let history = moves
            .iter()
            .enumerate()
            .map(|(k, (s, d))| StageChange {
                from: (k > 0).then(|| moves[k - 1].0),
                to: *s,
                at: at_work_time(r, offsets, *d),
                by: by.clone(),
            })
            .collect();

        let count = weighted(r, &[(15, 0usize), (35, 1), (30, 2), (15, 3), (5, 4)]);
        let mut barriers: Vec<(BarrierKind, String)> = Vec::new();
        for _ in 0..count {
            let (kind, note) = self.notes[r.usize(..self.notes.len())];
            if barriers.iter().all(|(k, _)| *k != kind) {
                let note = if r.u8(..4) == 0 {
                    String::new()
                } else {
                    note.to_string()
                };
                barriers.push((kind, note));
            }
        }
        barriers.sort_by_key(|b| b.0);
        // Some barriers ease over time: re-assessed as improving, and later resolved.
        let mut reassessments = Vec::new();
        for (kind, note) in &barriers {
            let span = (self.today - referral_date).num_days().max(2) as u64;
            if self.rng.u8(..5) < 2 {
                let first = referral_date + Days::new(self.rng.u64(1..span));
                reassessments.push((*kind, BarrierStatus::Improving, note.clone(), first));
                let left = (self.today - first).num_days().max(2) as u64;
                if self.rng.u8(..2) == 0 {
                    let later = first + Days::new(self.rng.u64(1..left));
                    reassessments.push((*kind, BarrierStatus::Resolved, note.clone(), later));
                }
            }
        }
        let (plan, actions) = self.plan(stage, stage_since);
        let contacts = self.contacts(stage, referral_date, stage_since, &plan);
        let milestones = self.milestones(&plan);
        // The last review fell somewhere in the last three and a half months, so a few are due.
        let reviews: Vec<NaiveDate> = vec![self.today - Days::new(self.rng.u64(1..105))]
            .into_iter()
            .filter(|d| *d > referral_date)
            .collect();

        let record = self.record(stage, &plan, referral_date, stage_since, &reviews);
        let reminders = self.reminders(stage);
        let availability = self.availability(stage);
        let mut contacts = contacts;
        let appointments = self.appointments(stage, &plan, &mut contacts);
        let referrals = self.referrals(stage, referral_date, &barriers);
        NewParticipant {
            appointments,
            referrals,
            reminders,
            outcomes: record.outcomes,
            scores: record.scores,
            spend: record.spend,
            exit: record.exit,
            details: ParticipantDetails {
                name,
                preferred_name,
                phone,
                email,
                postcode,
                referral_route,
                referral_date: Some(referral_date),
                stage,
                barriers,
                key_worker,
                availability,
            },
            created_at: at_work_time(&mut self.rng, &mut self.offsets, referral_date),
            stage_since,
            barriers_assessed: referral_date,
            history,
            plan: Some(plan),
            actions,
            reassessments,
            contacts,
            milestones,
            reviews,
        }
    }
}

/// A time in office hours on `day`, in local time.
fn at_work_time(
    r: &mut fastrand::Rng,
    offsets: &mut HashMap<NaiveDate, chrono::FixedOffset>,
    day: NaiveDate,
) -> chrono::DateTime<chrono::FixedOffset> {
    let t = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default() + Duration::minutes(r.i64(0..480));
    // Clocks change at night, so one offset serves the whole working day; asking the time
    // zone once a day rather than once a record matters for a large demo.
    let offset = *offsets.entry(day).or_insert_with(|| {
        let noon = day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
        chrono::Local
            .from_local_datetime(&noon)
            .earliest()
            .map_or_else(|| chrono::Utc.fix(), |t| t.offset().fix())
    });
    offset
        .from_local_datetime(&day.and_time(t))
        .earliest()
        .unwrap_or_else(|| chrono::DateTime::from_naive_utc_and_offset(day.and_time(t), offset))
}

/// Writes `n` participants into the store in one transaction, with a progress bar on a
/// terminal. Refuses a database that already has participants unless `force`.
pub fn fill(store: &mut Store, n: u64, seed: u64, force: bool, today: NaiveDate) -> Result<u64> {
    let existing = store.participant_count()?;
    if existing > 0 && !force {
        bail!(
            "{} already has {existing} participants; add --force to add demo participants anyway",
            store.path().display()
        );
    }
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} participants {eta}") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    store.add_employers(&employers())?;
    store.add_partners(&partners())?;
    let me = store.who().to_string();
    let mut generator = Generator::new(seed, &me, today);
    generator.profile = store.profile().clone();
    generator.partners = store
        .partners()?
        .into_iter()
        .map(|p| (p.id, p.details.helps_with))
        .collect();
    let written = store.add_participants((0..n).map(|i| generator.participant(i)), |k| {
        bar.set_position(k)
    })?;
    bar.finish_and_clear();
    team(store, &me, today)?;
    Ok(written)
}

/// The team's side of the demo: handovers from a colleague who moved on, cover running
/// today, a few risk flags and one safeguarding concern awaiting a lead.
fn team(store: &mut Store, me: &str, today: NaiveDate) -> Result<()> {
    use crate::domain::team::{
        ConcernCategory, ConcernDetails, FlagDetails, PersonKnows, RiskKind,
    };
    let colleagues = lines(COLLEAGUES);
    let (Some(first), Some(second), Some(third)) =
        (colleagues.first(), colleagues.get(1), colleagues.get(2))
    else {
        return Ok(());
    };
    let theirs = store.people_of(third, false)?;
    let moving: Vec<i64> = theirs.iter().copied().take(3).collect();
    if !moving.is_empty() {
        store.reassign(
            &moving,
            me,
            "Gemma has moved to the Redditch team. Mornings suit them best; \
             they are waiting to hear about a job trial.",
        )?;
    }
    store.add_cover(
        second,
        me,
        today - Days::new(3),
        today + Days::new(4),
        "annual leave",
    )?;
    store.add_cover(
        third,
        first,
        today + Days::new(10),
        today + Days::new(14),
        "training course",
    )?;
    let mine = store.people_of(me, false)?;
    let review = today + Days::new(60);
    let flag = |kind, note: &str| FlagDetails {
        kind,
        note: note.to_string(),
    };
    if let Some(&p) = mine.get(4) {
        store.save_risk_flags(
            p,
            &[flag(
                RiskKind::LoneWorking,
                "Visit in pairs or meet at the office: a dog at home and a partner who \
                 has been aggressive to staff.",
            )],
            review,
        )?;
    }
    if let Some(&p) = mine.get(9) {
        store.save_risk_flags(
            p,
            &[flag(
                RiskKind::RiskToSelf,
                "Has spoken of self-harm when stressed; crisis line number is in their plan.",
            )],
            review,
        )?;
    }
    if let Some(&p) = store.people_of(first, false)?.first() {
        store.save_risk_flags(
            p,
            &[flag(
                RiskKind::RiskToOthers,
                "Conviction for assault (2019). Meet in public places.",
            )],
            review,
        )?;
    }
    if let Some(&p) = mine.get(14) {
        store.raise_concern(
            p,
            &ConcernDetails {
                seen: "Said their landlord keeps their bank card and gives them £20 a week \
                       \"for food\". Seemed frightened to talk about it on the phone."
                    .to_string(),
                on: today,
                category: ConcernCategory::Financial,
                action_taken: "Listened, did not promise secrecy, gave the StepChange and \
                               police non-emergency numbers."
                    .to_string(),
                person_knows: PersonKnows::Yes,
            },
        )?;
    }
    Ok(())
}

/// Opens (creating) the demo database and fills it on first use.
pub fn ensure(path: &Path, me: &str, profile: Profile, clock: Clock) -> Result<Store> {
    let mut store = Store::open_with(path, me, profile, clock)?;
    if store.participant_count()? == 0 {
        let today = store.clock().today();
        fill(&mut store, 60, 1, false, today)?;
    }
    Ok(store)
}
