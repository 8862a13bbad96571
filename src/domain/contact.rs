//! Contacts: one interaction with or about a participant, logged during or right after it
//! (the Worcestershire Contact Form).

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::participant::{Choice, Stage};

choice! {
    ContactChannel {
        Phone = "phone", "Phone";
        Text = "text", "Text";
        Email = "email", "Email";
        Video = "video", "Video";
        FaceToFace = "face_to_face", "Face to face";
        HomeVisit = "home_visit", "Home visit";
        WorkplaceVisit = "workplace_visit", "Workplace visit";
        ThreeWay = "three_way", "Three-way with employer";
    }
}

choice! {
    With {
        Participant = "participant", "Participant";
        Employer = "employer", "Employer";
        Family = "family", "Family member";
        OtherService = "other_service", "Another service";
    }
}

choice! {
    Outcome {
        Completed = "completed", "Completed";
        NoAnswer = "no_answer", "No answer";
        LeftMessage = "left_message", "Left a message";
        DidNotAttend = "did_not_attend", "Did not attend";
        CancelledByThem = "cancelled_by_them", "Cancelled by them";
        CancelledByUs = "cancelled_by_us", "Cancelled by us";
    }
}

impl Outcome {
    /// An attempt that did not reach the participant; three in a row are flagged.
    pub fn is_failed_attempt(self) -> bool {
        matches!(
            self,
            Outcome::NoAnswer | Outcome::LeftMessage | Outcome::DidNotAttend
        )
    }

    /// As exported: cancellations are one outcome, with who cancelled beside it.
    pub fn export_code(self) -> &'static str {
        match self {
            Outcome::CancelledByThem | Outcome::CancelledByUs => "cancelled",
            o => o.code(),
        }
    }
}

impl ContactChannel {
    /// The contact channel for the plan's preferred way of keeping in touch.
    pub fn from_plan(c: Option<super::plan::Channel>) -> Self {
        use super::plan::Channel as P;
        match c {
            Some(P::FaceToFace) => ContactChannel::FaceToFace,
            Some(P::Text) => ContactChannel::Text,
            Some(P::Email) => ContactChannel::Email,
            _ => ContactChannel::Phone,
        }
    }
}

/// The in-work questions of the contact form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InWork {
    pub role_going: String,
    pub changes: String,
    pub needs: String,
}

impl InWork {
    pub fn is_empty(&self) -> bool {
        self.role_going.is_empty() && self.changes.is_empty() && self.needs.is_empty()
    }
}

/// Whether the in-work questions apply to someone at this stage.
pub fn in_work(stage: Stage) -> bool {
    matches!(stage, Stage::JobEntry | Stage::InWork | Stage::Progressing)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    pub at: DateTime<FixedOffset>,
    pub channel: ContactChannel,
    pub with: With,
    pub outcome: Outcome,
    pub duration_minutes: Option<u32>,
    pub notes: String,
    pub in_work: Option<InWork>,
    pub next_contact: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: i64,
    pub participant_id: i64,
    pub details: ContactDetails,
    /// The contact this one amends, if it is an amendment.
    pub amends: Option<i64>,
    pub by: String,
    pub recorded_at: DateTime<FixedOffset>,
}

impl Contact {
    /// The first line of the notes, for one-line lists.
    pub fn summary(&self) -> &str {
        self.details.notes.lines().next().unwrap_or_default()
    }
}

/// The next working day (Monday to Friday) after `day`.
pub fn next_working_day(day: NaiveDate) -> NaiveDate {
    after_working_days(day, 1, &[])
}

/// `n` working days after `day`: Monday to Friday, and not one of the `holidays`.
pub fn after_working_days(day: NaiveDate, n: u32, holidays: &[NaiveDate]) -> NaiveDate {
    let mut d = day;
    for _ in 0..n {
        loop {
            match d.checked_add_days(Days::new(1)) {
                Some(next) => d = next,
                None => return d,
            }
            if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d) {
                break;
            }
        }
    }
    d
}

/// One action agreed in a call, typed as a line: `kw: send directions by fri`. A leading `kw:`,
/// `emp:` or `other:` names the owner (else the participant); a trailing `by <quick date>`
/// gives the date.
pub fn parse_action_line(
    line: &str,
    today: NaiveDate,
) -> Option<(String, super::plan::Owner, Option<NaiveDate>)> {
    use super::plan::Owner;
    let mut text = line.trim();
    if text.is_empty() {
        return None;
    }
    let mut owner = Owner::Participant;
    for (prefix, o) in [
        ("kw:", Owner::KeyWorker),
        ("emp:", Owner::Employer),
        ("other:", Owner::Other),
    ] {
        if text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix) {
            owner = o;
            text = text[prefix.len()..].trim();
        }
    }
    let mut due = None;
    if let Some(i) = text.to_ascii_lowercase().rfind(" by ")
        && let Ok(d) = super::dates::parse_quick_date(&text[i + 4..], today)
    {
        due = Some(d);
        text = text[..i].trim();
    }
    (!text.is_empty()).then(|| (text.to_string(), owner, due))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::Owner;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn retries_skip_the_weekend() {
        assert_eq!(next_working_day(ymd(2026, 11, 23)), ymd(2026, 11, 24)); // Mon → Tue
        assert_eq!(next_working_day(ymd(2026, 11, 27)), ymd(2026, 11, 30)); // Fri → Mon
        assert_eq!(next_working_day(ymd(2026, 11, 28)), ymd(2026, 11, 30)); // Sat → Mon
    }

    #[test]
    fn retries_can_be_several_working_days() {
        assert_eq!(
            after_working_days(ymd(2026, 11, 26), 2, &[]),
            ymd(2026, 11, 30)
        ); // Thu → Mon
        assert_eq!(
            after_working_days(ymd(2026, 11, 23), 5, &[]),
            ymd(2026, 11, 30)
        );
        // Christmas Eve (Thu) → over Christmas Day and Boxing Day (substitute Mon 28th) → Tue.
        let holidays = [ymd(2026, 12, 25), ymd(2026, 12, 28)];
        assert_eq!(
            after_working_days(ymd(2026, 12, 24), 1, &holidays),
            ymd(2026, 12, 29)
        );
    }

    #[test]
    fn action_lines_name_owner_and_date() {
        let today = ymd(2026, 11, 23);
        assert_eq!(
            parse_action_line("Bring bank details by fri", today),
            Some((
                "Bring bank details".into(),
                Owner::Participant,
                Some(ymd(2026, 11, 27))
            ))
        );
        assert_eq!(
            parse_action_line("kw: send directions", today),
            Some(("send directions".into(), Owner::KeyWorker, None))
        );
        assert_eq!(
            parse_action_line("Ask about standby rota", today),
            Some(("Ask about standby rota".into(), Owner::Participant, None))
        );
        assert_eq!(parse_action_line("   ", today), None);
    }

    #[test]
    fn failed_attempts() {
        assert!(Outcome::NoAnswer.is_failed_attempt());
        assert!(!Outcome::Completed.is_failed_attempt());
        assert!(!Outcome::CancelledByUs.is_failed_attempt());
        assert_eq!(Outcome::CancelledByThem.export_code(), "cancelled");
    }
}
