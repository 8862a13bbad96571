//! The participant: the person a key worker supports, and the fixed lists that describe them.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A closed list whose values are stored and exported by `code` and shown by `label`.
pub trait Choice: Copy + Eq + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == code)
    }
}

/// Choices as a tick list holds them, in a form's value and in the store: their codes joined
/// by commas.
pub fn join_codes<T: Choice>(list: &[T]) -> String {
    list.iter().map(|c| c.code()).collect::<Vec<_>>().join(",")
}

/// The choices in codes joined by commas (`join_codes`); unknown codes are skipped.
pub fn split_codes<T: Choice>(text: &str) -> Vec<T> {
    text.split(',').filter_map(T::from_code).collect()
}

choice! {
    /// Where a participant is on the pathway. Stages can go backwards; pauses are normal.
    Stage {
        Referred = "referred", "Referred";
        Engaged = "engaged", "Engaged";
        JobEntry = "job_entry", "Job entry";
        InWork = "in_work", "In work";
        Progressing = "progressing", "Progressing";
        Paused = "paused", "Paused";
        Exited = "exited", "Exited";
    }
}

choice! {
    /// Who referred the participant.
    ReferralRoute {
        JobcentrePlus = "jobcentre_plus", "Jobcentre Plus";
        SelfReferral = "self_referral", "Self-referral";
        GpOrSocialPrescriber = "gp_social_prescriber", "GP or social prescriber";
        MentalHealthService = "mental_health_service", "Mental health service";
        HousingProvider = "housing_provider", "Housing provider";
        Other = "other", "Other";
    }
}

choice! {
    /// What stands between a participant and work.
    BarrierKind {
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
    }
}

/// One barrier as last assessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Barrier {
    pub kind: BarrierKind,
    pub note: String,
    pub assessed: NaiveDate,
    pub status: crate::domain::plan::BarrierStatus,
}

/// Everything the participant form edits; also what a draft holds once validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantDetails {
    pub name: String,
    pub preferred_name: String,
    pub phone: String,
    pub email: String,
    pub postcode: String,
    pub referral_route: ReferralRoute,
    pub referral_date: Option<NaiveDate>,
    pub stage: Stage,
    pub barriers: Vec<(BarrierKind, String)>,
    pub key_worker: String,
    /// When and how they can be reached. Drafts written before it existed have none.
    #[serde(default)]
    pub availability: super::availability::Availability,
}

/// A stored participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub id: i64,
    pub details: ParticipantDetails,
    pub barriers: Vec<Barrier>,
    pub stage_since: NaiveDate,
    pub version: i64,
    pub created_at: DateTime<FixedOffset>,
    pub updated_at: DateTime<FixedOffset>,
}

/// One line of the caseload: only what the table and the filter need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseloadRow {
    pub id: i64,
    /// The name and the phone.
    pub text: RowText,
    pub stage: Stage,
    /// Shared, like the employer: a team has a handful of workers and thousands of rows.
    pub key_worker: std::rc::Rc<str>,
    /// Shared: many rows name the same few employers.
    pub employer: std::rc::Rc<str>,
    pub last_contact: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    /// Attempts that did not reach them since the last completed contact.
    pub failed_attempts: u32,
    /// Why the safety net caught them, as of the day the list was read.
    pub gap: Option<super::rhythm::Gap>,
}

impl CaseloadRow {
    /// The order of the caseload as the store reads it, `ORDER BY name COLLATE NOCASE, id`:
    /// for putting one line in its place without reading the rest.
    pub fn by_name(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b) = (self.text.name(), other.text.name());
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
            .then(self.id.cmp(&other.id))
    }
}

/// A caseload line's name and phone in one allocation: a hundred thousand rows held make a
/// hundred thousand fewer, and each row is 24 bytes smaller.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowText {
    both: Box<str>,
    name_len: u32,
}

impl RowText {
    pub fn new(name: &str, phone: &str) -> Self {
        let mut both = String::with_capacity(name.len() + phone.len());
        both.push_str(name);
        both.push_str(phone);
        Self {
            both: both.into_boxed_str(),
            name_len: u32::try_from(name.len()).unwrap_or(u32::MAX),
        }
    }

    pub fn name(&self) -> &str {
        self.both
            .get(..self.name_len as usize)
            .unwrap_or(&self.both)
    }

    pub fn phone(&self) -> &str {
        self.both.get(self.name_len as usize..).unwrap_or("")
    }
}

/// A move between stages, kept for the participant's history and for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChange {
    pub from: Option<Stage>,
    pub to: Stage,
    pub at: DateTime<FixedOffset>,
    pub by: String,
}

/// A phone number may hold digits, spaces, `+`, brackets and dashes, and needs at least 6 digits.
pub fn phone_is_valid(phone: &str) -> bool {
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-'));
    allowed && phone.chars().filter(char::is_ascii_digit).count() >= 6
}

/// Deliberately loose: one `@` with something either side and a dot in the domain.
pub fn email_is_valid(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_for_every_choice() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_code(s.code()), Some(*s));
        }
        for r in ReferralRoute::ALL {
            assert_eq!(ReferralRoute::from_code(r.code()), Some(*r));
        }
        for b in BarrierKind::ALL {
            assert_eq!(BarrierKind::from_code(b.code()), Some(*b));
        }
        assert_eq!(Stage::from_code("hired"), None);
    }

    #[test]
    fn serde_uses_the_export_codes() {
        assert_eq!(
            serde_json::to_string(&Stage::JobEntry).unwrap(),
            "\"job_entry\""
        );
        assert_eq!(
            serde_json::to_string(&Stage::InWork).unwrap(),
            "\"in_work\""
        );
    }

    #[test]
    fn phones() {
        assert!(phone_is_valid("07700 900123"));
        assert!(phone_is_valid("+44 (0)1905 765432"));
        assert!(!phone_is_valid("07700 9OO123"));
        assert!(!phone_is_valid("12345"));
    }

    #[test]
    fn emails() {
        assert!(email_is_valid("amy.clarke@example.org"));
        assert!(!email_is_valid("amy.clarke.example.org"));
        assert!(!email_is_valid("amy@localhost"));
        assert!(!email_is_valid("@example.org"));
        assert!(!email_is_valid("a b@example.org"));
    }
}
