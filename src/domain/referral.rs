//! Onward referrals: the partner services a team sends people to (a directory shared like
//! employers), and each referral from the person's consent to its outcome.

use chrono::NaiveDate;

use super::participant::{BarrierKind, Choice};

choice! {
    /// What a service helps with, and why someone is referred: every barrier of the
    /// participant form (same codes, so a person's barriers find their services), then needs
    /// that are not barriers to work as such.
    Need {
        MentalHealth = "mental_health", "Mental health";
        PhysicalHealth = "physical_health", "Physical health";
        Housing = "housing", "Housing";
        DebtAndBenefits = "debt_benefits", "Debt and benefits";
        CaringAndChildcare = "caring_childcare", "Caring and childcare";
        Transport = "transport", "Transport";
        DigitalAccess = "digital_access", "Digital access";
        LiteracyAndNumeracy = "literacy_numeracy", "Literacy and numeracy";
        EnglishLanguage = "english_language", "English language";
        Confidence = "confidence", "Confidence";
        WorkExperience = "work_experience", "Work experience";
        Convictions = "convictions", "Convictions";
        SubstanceUse = "substance_use", "Substance use";
        LearningDifficulty = "learning_difficulty", "Learning difficulty or hidden disability";
        Benefits = "benefits", "Benefits";
        Food = "food", "Food";
        Childcare = "childcare", "Childcare";
        Legal = "legal", "Legal advice";
        Health = "health", "Health";
        Skills = "skills", "Skills and courses";
        Other = "other", "Other";
    }
}

impl Need {
    /// The need a barrier names.
    pub fn of(barrier: BarrierKind) -> Self {
        Self::from_code(barrier.code()).unwrap_or(Need::Other)
    }
}

choice! {
    /// How a service takes referrals.
    HowToRefer {
        Phone = "phone", "Phone";
        Email = "email", "Email";
        OnlineForm = "online_form", "Online form";
        WalkIn = "walk_in", "Walk-in";
    }
}

/// `[referrals]` in the profile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReferralRules {
    /// A sent referral with no reply this many days later is to be chased.
    pub chase_after_days: u32,
}

impl Default for ReferralRules {
    fn default() -> Self {
        Self {
            chase_after_days: 7,
        }
    }
}

/// A service in the team's directory.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartnerDetails {
    pub organisation: String,
    pub service: String,
    pub helps_with: Vec<Need>,
    pub area: String,
    pub how_to_refer: Option<HowToRefer>,
    pub contact_name: String,
    pub phone: String,
    pub email: String,
    pub criteria: String,
    /// Typical wait, as the service gives it ("2 weeks", "same day").
    pub wait: String,
    pub notes: String,
    /// The day it stops taking referrals: services close and lose funding. It stays in the
    /// directory, and the referrals made to it keep their history.
    pub closed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    pub id: i64,
    pub version: i64,
    pub details: PartnerDetails,
}

impl PartnerDetails {
    /// `Citizens Advice Worcester: Debt advice`, the name a partner is picked by.
    pub fn name(&self) -> String {
        if self.service.is_empty() {
            self.organisation.clone()
        } else {
            format!("{}: {}", self.organisation, self.service)
        }
    }

    pub fn helps(&self, need: Need) -> bool {
        self.helps_with.contains(&need)
    }

    /// Taking no referrals on `today`: its closing day has come. One closing later is still
    /// open until then.
    pub fn is_closed(&self, today: NaiveDate) -> bool {
        self.closed_on.is_some_and(|d| d <= today)
    }
}

choice! {
    /// The person's word on being referred: required before anything is sent.
    ReferralConsent {
        Given = "given", "Yes, they agree";
        Refused = "refused", "No, they said no";
    }
}

choice! {
    /// What the person agreed may be shared with the service.
    Share {
        ContactDetails = "contact_details", "Contact details";
        Barriers = "barriers", "Barriers";
        Summary = "summary", "A summary";
    }
}

choice! {
    Urgency {
        Routine = "routine", "Routine";
        Soon = "soon", "Soon";
        Urgent = "urgent", "Urgent";
    }
}

choice! {
    /// How the person was handed over to the service.
    Handover {
        ThreeWayCall = "three_way_call", "Three-way call";
        InPerson = "in_person", "Introduced in person";
        ReferralSent = "referral_sent", "Referral sent";
        Signposted = "signposted", "Signposted only";
    }
}

choice! {
    /// Where a referral is. Sent, then the service's answer, then the first appointment,
    /// then closed with an outcome; one refused by the person is recorded and goes no further.
    ReferralStatus {
        Sent = "sent", "Sent";
        Accepted = "accepted", "Accepted";
        WaitingList = "waiting_list", "Waiting list";
        Declined = "declined", "Declined by the service";
        FirstAppointment = "first_appointment", "First appointment";
        Closed = "closed", "Closed";
        Refused = "refused", "Not made: they said no";
    }
}

choice! {
    /// Whether the person went to the first appointment.
    Attended {
        Yes = "yes", "Attended";
        No = "no", "Did not attend";
    }
}

choice! {
    ReferralOutcome {
        Helped = "helped", "Helped";
        Partly = "partly", "Partly helped";
        NotHelped = "not_helped", "Not helped";
        Disengaged = "disengaged", "Disengaged";
        Withdrawn = "withdrawn", "Withdrawn";
    }
}

impl ReferralStatus {
    /// Still waiting on the service or the person: not closed, declined or refused.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            ReferralStatus::Declined | ReferralStatus::Closed | ReferralStatus::Refused
        )
    }
}

/// A referral as made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralDetails {
    pub partner_id: i64,
    pub reason: Need,
    pub consent: ReferralConsent,
    /// What may be shared; empty when consent was refused.
    pub shares: Vec<Share>,
    /// The summary the person agreed may go to the service.
    pub summary: String,
    pub urgency: Urgency,
    pub handover: Handover,
    pub sent_on: NaiveDate,
    pub note: String,
}

/// A move of a referral to a new status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub status: ReferralStatus,
    pub on: NaiveDate,
    pub first_appointment: Option<NaiveDate>,
    pub attended: Option<Attended>,
    pub outcome: Option<ReferralOutcome>,
    pub note: String,
}

/// One step of a referral's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralEvent {
    pub change: StatusChange,
    pub by: String,
    pub at: chrono::DateTime<chrono::FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub id: i64,
    pub participant_id: i64,
    pub version: i64,
    pub details: ReferralDetails,
    /// The partner's name (`organisation: service`), read with the referral.
    pub partner: String,
    pub status: ReferralStatus,
    /// The day of the latest status.
    pub status_on: NaiveDate,
    pub first_appointment: Option<NaiveDate>,
    pub attended: Option<Attended>,
    pub outcome: Option<ReferralOutcome>,
    pub by: String,
    /// Its history, oldest first, where it was read (one referral, or a person's export);
    /// empty in the lists the screens show.
    pub events: Vec<ReferralEvent>,
}

/// The newest referral of a list that the person agreed to: the one there is something to
/// send for, when none is chosen.
pub fn newest_agreed(list: &[Referral]) -> Option<&Referral> {
    list.iter()
        .filter(|r| r.details.consent == ReferralConsent::Given)
        .max_by_key(|r| (r.details.sent_on, r.id))
}

impl Referral {
    /// What the reminders engine reads of it.
    pub fn facts(&self) -> ReferralFacts {
        ReferralFacts {
            id: self.id,
            partner: self.partner.clone(),
            status: self.status,
            handover: self.details.handover,
            sent_on: self.details.sent_on,
            first_appointment: self.first_appointment,
            attended: self.attended,
        }
    }

    /// `accepted 18 Nov`, `first appointment Tue 1 Dec`, `closed: helped`: its state in a few
    /// words.
    pub fn state(&self) -> String {
        use super::dates::short;
        match (self.status, self.first_appointment, self.outcome) {
            (ReferralStatus::FirstAppointment, Some(d), _) => match self.attended {
                Some(a) => format!("{} {}", a.label().to_lowercase(), short(d)),
                None => format!("first appointment {}", short(d)),
            },
            (ReferralStatus::Closed, _, Some(o)) => format!("closed: {}", o.label().to_lowercase()),
            (s, _, _) => format!("{} {}", s.label().to_lowercase(), short(self.status_on)),
        }
    }
}

/// A follow-up the reminders engine makes of a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    /// No reply this long after sending: chase the service.
    Chase(NaiveDate),
    /// The day after the first appointment: ask the person how it went.
    HowItWent(NaiveDate),
}

/// What the engine needs of one referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralFacts {
    pub id: i64,
    pub partner: String,
    pub status: ReferralStatus,
    pub handover: Handover,
    pub sent_on: NaiveDate,
    pub first_appointment: Option<NaiveDate>,
    pub attended: Option<Attended>,
}

impl ReferralFacts {
    /// Its follow-up, if one is owed: a sent referral with no reply after `chase_after_days`
    /// (one only signposted expects no reply), or a first appointment whose attendance is not
    /// yet known, the day after.
    pub fn follow_up(&self, chase_after_days: u32) -> Option<FollowUp> {
        match self.status {
            ReferralStatus::Sent if self.handover != Handover::Signposted => Some(FollowUp::Chase(
                self.sent_on + chrono::Days::new(u64::from(chase_after_days)),
            )),
            ReferralStatus::FirstAppointment if self.attended.is_none() => self
                .first_appointment
                .map(|d| FollowUp::HowItWent(d + chrono::Days::new(1))),
            _ => None,
        }
    }
}

/// The text a worker pastes into a service's form or email: who is referred, why, how
/// urgently, and only what the person agreed may be shared. `None` if they did not agree.
pub struct SummaryOf<'a> {
    pub referral: &'a Referral,
    pub partner: &'a PartnerDetails,
    pub person: &'a super::ParticipantDetails,
    pub worker: &'a str,
}

impl<'a> SummaryOf<'a> {
    /// The summary of `referral` to `partner` about `person`, signed by whoever made it.
    pub fn new(
        referral: &'a Referral,
        partner: &'a PartnerDetails,
        person: &'a super::ParticipantDetails,
    ) -> Self {
        Self {
            referral,
            partner,
            person,
            worker: &referral.by,
        }
    }

    pub fn text(&self) -> Option<String> {
        use super::dates::uk;
        let r = &self.referral.details;
        if r.consent != ReferralConsent::Given {
            return None;
        }
        let mut out = vec![
            format!("Referral to {}", self.partner.name()),
            format!("Date: {}", uk(r.sent_on)),
            format!("Name: {}", self.person.name),
            format!("Reason: {}", r.reason.label()),
            format!("Urgency: {}", r.urgency.label()),
            format!("Handover: {}", r.handover.label()),
            format!("Referred by: {} (key worker)", self.worker),
            format!(
                "Consent: the person agreed to this referral and to sharing: {}",
                r.shares
                    .iter()
                    .map(|s| s.label().to_lowercase())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ];
        let shared = |s: Share| r.shares.contains(&s);
        if shared(Share::ContactDetails) {
            out.push(String::new());
            out.push("Contact details".into());
            for (label, value) in [
                ("Phone", &self.person.phone),
                ("Email", &self.person.email),
                ("Postcode", &self.person.postcode),
            ] {
                if !value.is_empty() {
                    out.push(format!("{label}: {}", value.replace('\n', ", ")));
                }
            }
        }
        if shared(Share::Barriers) && !self.person.barriers.is_empty() {
            out.push(String::new());
            out.push("Barriers".into());
            for (kind, note) in &self.person.barriers {
                if note.is_empty() {
                    out.push(format!("- {}", kind.label()));
                } else {
                    out.push(format!("- {}: {note}", kind.label()));
                }
            }
        }
        if shared(Share::Summary) && !r.summary.is_empty() {
            out.push(String::new());
            out.push("Summary".into());
            out.push(r.summary.clone());
        }
        Some(out.join("\n") + "\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn facts(status: ReferralStatus, handover: Handover) -> ReferralFacts {
        ReferralFacts {
            id: 1,
            partner: "Citizens Advice".into(),
            status,
            handover,
            sent_on: day(2),
            first_appointment: Some(day(20)),
            attended: None,
        }
    }

    #[test]
    fn a_sent_referral_is_chased_after_the_days_given() {
        let f = facts(ReferralStatus::Sent, Handover::ReferralSent);
        assert_eq!(f.follow_up(7), Some(FollowUp::Chase(day(9))));
    }

    #[test]
    fn signposting_expects_no_reply() {
        let f = facts(ReferralStatus::Sent, Handover::Signposted);
        assert_eq!(f.follow_up(7), None);
    }

    #[test]
    fn a_first_appointment_is_asked_about_the_day_after_until_attendance_is_known() {
        let mut f = facts(ReferralStatus::FirstAppointment, Handover::ThreeWayCall);
        assert_eq!(f.follow_up(7), Some(FollowUp::HowItWent(day(21))));
        f.attended = Some(Attended::No);
        assert_eq!(f.follow_up(7), None);
    }

    #[test]
    fn accepted_declined_closed_and_refused_owe_nothing() {
        for s in [
            ReferralStatus::Accepted,
            ReferralStatus::WaitingList,
            ReferralStatus::Declined,
            ReferralStatus::Closed,
            ReferralStatus::Refused,
        ] {
            assert_eq!(facts(s, Handover::ReferralSent).follow_up(7), None, "{s:?}");
        }
    }

    #[test]
    fn every_barrier_is_a_need_with_the_same_code() {
        for b in BarrierKind::ALL {
            assert_eq!(Need::of(*b).code(), b.code());
        }
    }
}
