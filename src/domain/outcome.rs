//! What happened to people: formal outcomes with evidence, soft outcomes scored over time,
//! discretionary spend, and how a case was closed.

use chrono::{DateTime, FixedOffset, NaiveDate};

choice! {
    /// A formal outcome, as funders count them.
    OutcomeKind {
        JobStart = "job_start", "Job start";
        SelfEmployment = "self_employment", "Self-employment";
        EducationStart = "education_start", "Education or training start";
        JobSearch = "job_search", "Inactive to job search";
        Sustained13Weeks = "sustained_13_weeks", "Sustained 13 weeks";
        Sustained6Months = "sustained_6_months", "Sustained 6 months";
        Sustained12Months = "sustained_12_months", "Sustained 12 months";
        ProgressionPay = "progression_pay", "Progression in pay";
        ProgressionHours = "progression_hours", "Progression in hours";
        ProgressionRole = "progression_role", "Progression in role";
    }
}

choice! {
    /// When soft outcomes were scored: distance travelled is counted from entry.
    Occasion {
        Entry = "entry", "At entry";
        Review = "review", "At review";
        Exit = "exit", "At exit";
    }
}

choice! {
    /// What discretionary money paid for.
    SpendCategory {
        Travel = "travel", "Travel";
        Clothing = "clothing", "Clothing";
        Equipment = "equipment", "Equipment";
        Training = "training", "Training";
        Other = "other", "Other";
    }
}

choice! {
    /// Why a case was closed.
    ExitReason {
        JobSustained = "job_sustained", "Job sustained";
        OtherSupport = "other_support", "Moved to other support";
        MovedAway = "moved_away", "Moved away";
        Disengaged = "disengaged", "Disengaged";
        IllHealth = "ill_health", "Ill health";
        Other = "other", "Other";
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormalOutcome {
    pub id: i64,
    pub kind: OutcomeKind,
    pub on: NaiveDate,
    pub evidence: String,
    pub by: String,
    pub at: DateTime<FixedOffset>,
}

/// One scale scored once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoftScore {
    pub scale: String,
    pub score: u8,
    pub on: NaiveDate,
    pub occasion: Occasion,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spend {
    pub id: i64,
    pub on: NaiveDate,
    /// Money is whole pence, never a float.
    pub pence: i64,
    pub category: SpendCategory,
    pub note: String,
    pub approved_by: String,
    pub by: String,
}

/// Soft outcomes scored at one sitting: when, and each scale's score.
pub type Sitting = (Occasion, NaiveDate, Vec<(String, u8)>);

/// How and when a case was closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exit {
    pub reason: ExitReason,
    pub on: NaiveDate,
    pub note: String,
}

/// `£1,234.50`.
pub fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let p = pence.unsigned_abs();
    let whole = (p / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}£{grouped}.{:02}", p % 100)
}

/// An amount as typed: `12`, `12.5`, `£12.50`, `1,200`. Positive, at most £100,000, at most
/// two decimal places.
pub fn parse_pounds(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches('£').replace(',', "");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 6
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    let pence = whole * 100 + frac;
    (1..=10_000_000).contains(&pence).then_some(pence)
}

/// A soft outcome score as typed: 1 to 10.
pub fn parse_score(text: &str) -> Option<u8> {
    text.trim().parse().ok().filter(|s| (1..=10).contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Choice;

    #[test]
    fn money_reads_and_writes_in_pence() {
        assert_eq!(parse_pounds("12"), Some(1200));
        assert_eq!(parse_pounds("£12.5"), Some(1250));
        assert_eq!(parse_pounds("1,234.56"), Some(123_456));
        assert_eq!(parse_pounds(".75"), Some(75));
        assert_eq!(parse_pounds("0"), None);
        assert_eq!(parse_pounds("12.345"), None);
        assert_eq!(parse_pounds("-5"), None);
        assert_eq!(parse_pounds("ten"), None);
        assert_eq!(parse_pounds("1e3"), None);
        assert_eq!(parse_pounds(""), None);
        assert_eq!(pounds(123_456), "£1,234.56");
        assert_eq!(pounds(5), "£0.05");
        assert_eq!(pounds(100_000_000), "£1,000,000.00");
    }

    #[test]
    fn scores_are_one_to_ten() {
        assert_eq!(parse_score(" 7 "), Some(7));
        assert_eq!(parse_score("10"), Some(10));
        assert_eq!(parse_score("0"), None);
        assert_eq!(parse_score("11"), None);
        assert_eq!(parse_score("7.5"), None);
    }

    #[test]
    fn codes_round_trip() {
        for k in OutcomeKind::ALL {
            assert_eq!(OutcomeKind::from_code(k.code()), Some(*k));
        }
        for r in ExitReason::ALL {
            assert_eq!(ExitReason::from_code(r.code()), Some(*r));
        }
    }
}
