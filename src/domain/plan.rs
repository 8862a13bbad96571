//! The plan: the co-created action plan and, once a job starts, the In-Work Support Plan
//! (Worcestershire form): job, practical help, keeping in touch, support agreed, goals, actions.

use chrono::{DateTime, Days, FixedOffset, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::participant::{BarrierKind, Choice};

choice! {
    ContractType {
        Permanent = "permanent", "Permanent";
        Temporary = "temporary", "Temporary";
        ZeroHours = "zero_hours", "Zero-hours";
        Apprenticeship = "apprenticeship", "Apprenticeship";
        SelfEmployed = "self_employed", "Self-employed";
    }
}

choice! {
    /// May we contact the employer? Some participants do not want the employer to know.
    Consent {
        NotAsked = "not_asked", "Not asked";
        Yes = "yes", "Yes";
        No = "no", "No";
    }
}

choice! {
    PracticalHelp {
        TravelMoney = "travel_money", "Travel-to-work money";
        Directions = "directions", "Travel directions";
        WorkClothes = "work_clothes", "Work clothes";
        Other = "other", "Other";
    }
}

choice! {
    /// The preferred way of keeping in touch, from the plan.
    Channel {
        Phone = "phone", "Phone call";
        FaceToFace = "face_to_face", "Face to face";
        Text = "text", "Text";
        Email = "email", "Email";
        Other = "other", "Other";
    }
}

choice! {
    FrequencyKind {
        Weekly = "weekly", "Weekly";
        Fortnightly = "fortnightly", "Fortnightly";
        Monthly = "monthly", "Monthly";
        EveryNDays = "every_n_days", "Every N days";
    }
}

choice! {
    Goal {
        MoreHours = "more_hours", "More hours";
        Promotion = "promotion", "Promotion";
        ChangeOfRole = "change_of_role", "Change of role";
        Career = "career", "Career";
        Other = "other", "Other";
    }
}

choice! {
    /// Who does it. Usually the participant: the key worker advises rather than acts for them.
    Owner {
        Participant = "participant", "Participant";
        KeyWorker = "key_worker", "Key worker";
        Employer = "employer", "Employer";
        Other = "other", "Other";
    }
}

choice! {
    ActionStatus {
        Open = "open", "Open";
        Done = "done", "Done";
        Dropped = "dropped", "Dropped";
    }
}

choice! {
    BarrierStatus {
        Barrier = "barrier", "Still a barrier";
        Improving = "improving", "Improving";
        Resolved = "resolved", "Resolved";
    }
}

/// How often to keep in touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frequency {
    Weekly,
    Fortnightly,
    Monthly,
    EveryDays(u16),
}

impl Frequency {
    /// As exported: `weekly`, `fortnightly`, `monthly`, `every 10 days`.
    pub fn code(self) -> String {
        match self {
            Frequency::Weekly => "weekly".into(),
            Frequency::Fortnightly => "fortnightly".into(),
            Frequency::Monthly => "monthly".into(),
            Frequency::EveryDays(n) => format!("every {n} days"),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "weekly" => Some(Frequency::Weekly),
            "fortnightly" => Some(Frequency::Fortnightly),
            "monthly" => Some(Frequency::Monthly),
            other => other
                .strip_prefix("every ")?
                .strip_suffix(" days")?
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .map(Frequency::EveryDays),
        }
    }

    pub fn label(self) -> String {
        match self {
            Frequency::EveryDays(n) => format!("every {n} days"),
            f => f.code(),
        }
    }

    /// The date a contact is next due after one on `from`.
    pub fn after(self, from: NaiveDate) -> Option<NaiveDate> {
        match self {
            Frequency::Weekly => from.checked_add_days(Days::new(7)),
            Frequency::Fortnightly => from.checked_add_days(Days::new(14)),
            Frequency::Monthly => from.checked_add_months(Months::new(1)),
            Frequency::EveryDays(n) => from.checked_add_days(Days::new(n.into())),
        }
    }
}

/// The plan's own fields (actions, barriers and the employer record are kept apart).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Plan {
    pub job_start: Option<NaiveDate>,
    pub employer: String,
    pub job_title: String,
    pub hours_per_week: Option<f32>,
    pub contract_type: Option<ContractType>,
    pub consent_employer_contact: Option<Consent>,
    pub practical_help: Vec<PracticalHelp>,
    pub practical_help_other: String,
    pub contact_channel: Option<Channel>,
    pub contact_channel_other: String,
    pub contact_frequency: Option<Frequency>,
    pub other_support: String,
    pub support_agreed: String,
    pub long_term_goals: Vec<Goal>,
    pub long_term_goals_other: String,
}

impl Plan {
    pub fn consent(&self) -> Consent {
        self.consent_employer_contact.unwrap_or(Consent::NotAsked)
    }

    pub fn has_job(&self) -> bool {
        self.job_start.is_some() || !self.employer.is_empty() || !self.job_title.is_empty()
    }
}

/// A stored plan with its version and who last changed it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPlan {
    pub plan: Plan,
    pub version: i64,
    pub updated_at: Option<DateTime<FixedOffset>>,
    pub updated_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Employer {
    pub id: i64,
    pub name: String,
    pub contact_name: String,
    pub phone: String,
    pub email: String,
    pub notes: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionDetails {
    pub text: String,
    pub owner: Owner,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: i64,
    pub details: ActionDetails,
    pub version: i64,
    pub created_at: DateTime<FixedOffset>,
}

impl Action {
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.details.status == ActionStatus::Open && self.details.due.is_some_and(|d| d < today)
    }
}

/// One assessment of a barrier; every one is kept, so change over time shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub kind: BarrierKind,
    pub status: BarrierStatus,
    pub note: String,
    pub assessed: NaiveDate,
    pub by: String,
}

/// One saved change to a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanChange {
    pub at: DateTime<FixedOffset>,
    pub who: String,
    /// (field, old, new), as shown to the worker.
    pub fields: Vec<(String, String, String)>,
}

/// A field's value as the plan history shows it.
pub fn plan_fields(p: &Plan) -> Vec<(&'static str, String)> {
    let list = |codes: Vec<&str>| codes.join(", ");
    vec![
        (
            "job_start",
            p.job_start.map(super::dates::uk).unwrap_or_default(),
        ),
        ("employer", p.employer.clone()),
        ("job_title", p.job_title.clone()),
        (
            "hours_per_week",
            p.hours_per_week.map(hours).unwrap_or_default(),
        ),
        (
            "contract_type",
            p.contract_type
                .map(|c| c.label().to_string())
                .unwrap_or_default(),
        ),
        ("consent_employer_contact", p.consent().label().to_string()),
        (
            "practical_help",
            list(p.practical_help.iter().map(|h| h.label()).collect()),
        ),
        ("practical_help_other", p.practical_help_other.clone()),
        (
            "contact_channel",
            p.contact_channel
                .map(|c| c.label().to_string())
                .unwrap_or_default(),
        ),
        ("contact_channel_other", p.contact_channel_other.clone()),
        (
            "contact_frequency",
            p.contact_frequency.map(|f| f.label()).unwrap_or_default(),
        ),
        ("other_support", p.other_support.clone()),
        ("support_agreed", p.support_agreed.clone()),
        (
            "long_term_goals",
            list(p.long_term_goals.iter().map(|g| g.label()).collect()),
        ),
        ("long_term_goals_other", p.long_term_goals_other.clone()),
    ]
}

/// `16` or `7.5`.
pub fn hours(h: f32) -> String {
    if h.fract() == 0.0 {
        format!("{h:.0}")
    } else {
        format!("{h:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequency_codes_round_trip() {
        for f in [
            Frequency::Weekly,
            Frequency::Fortnightly,
            Frequency::Monthly,
            Frequency::EveryDays(10),
        ] {
            assert_eq!(Frequency::parse(&f.code()), Some(f));
        }
        assert_eq!(Frequency::EveryDays(10).code(), "every 10 days");
        assert_eq!(Frequency::parse("every 0 days"), None);
        assert_eq!(Frequency::parse("daily"), None);
    }

    #[test]
    fn next_contact_after_a_frequency() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(
            Frequency::Weekly.after(d),
            NaiveDate::from_ymd_opt(2026, 2, 7)
        );
        assert_eq!(
            Frequency::Monthly.after(d),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        assert_eq!(
            Frequency::EveryDays(3).after(d),
            NaiveDate::from_ymd_opt(2026, 2, 3)
        );
    }

    #[test]
    fn an_open_action_past_its_date_is_overdue() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut a = Action {
            id: 1,
            details: ActionDetails {
                text: "Bring bank details".into(),
                owner: Owner::Participant,
                due: NaiveDate::from_ymd_opt(2026, 11, 20),
                status: ActionStatus::Open,
            },
            version: 1,
            created_at: DateTime::default(),
        };
        assert!(a.is_overdue(today));
        a.details.status = ActionStatus::Done;
        assert!(!a.is_overdue(today));
    }

    #[test]
    fn hours_read_naturally() {
        assert_eq!(hours(16.0), "16");
        assert_eq!(hours(7.5), "7.5");
    }
}
