//! The programme profile: rules a team sets for itself (from `assets/programme.toml`, or a
//! `programme.toml` beside the database), read once at start.

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use super::rhythm::{AppointmentRules, RhythmRules, SafetyNetRules};

/// The profile built into keyworker.
pub const DEFAULT: &str = include_str!("../../assets/programme.toml");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default)]
    pub contacts: ContactRules,
    #[serde(default)]
    pub review: ReviewRules,
    /// A team file without milestones keeps the built-in ones.
    #[serde(default = "built_in_milestones")]
    pub milestones: Vec<Milestone>,
    /// The soft outcome scales, each scored 1 to 10. A team file without them keeps the
    /// built-in ones.
    #[serde(default = "built_in_scales")]
    pub soft_outcomes: Vec<Scale>,
    #[serde(default)]
    pub retention: RetentionRules,
    #[serde(default)]
    pub session: SessionRules,
    #[serde(default)]
    pub rhythm: RhythmRules,
    #[serde(default)]
    pub safety_net: SafetyNetRules,
    #[serde(default)]
    pub appointments: AppointmentRules,
    #[serde(default)]
    pub referrals: super::referral::ReferralRules,
    #[serde(default)]
    pub team: super::team::TeamRules,
}

/// Shared office machines: the screen locks itself after this long without a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRules {
    /// 0 never locks.
    pub lock_after_minutes: u32,
}

impl Default for SessionRules {
    fn default() -> Self {
        Self {
            lock_after_minutes: 10,
        }
    }
}

/// A soft outcome scale, stored by `key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub key: String,
    pub title: String,
}

/// How long a closed case is kept before it should be erased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionRules {
    pub years_after_exit: u32,
}

impl Default for RetentionRules {
    fn default() -> Self {
        Self {
            years_after_exit: 6,
        }
    }
}

fn built_in_scales() -> Vec<Scale> {
    Profile::default().soft_outcomes
}

fn built_in_holidays() -> Vec<chrono::NaiveDate> {
    Profile::default().contacts.bank_holidays
}

fn built_in_milestones() -> Vec<Milestone> {
    Profile::default().milestones
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRules {
    pub every_days: u32,
}

impl Default for ReviewRules {
    fn default() -> Self {
        Self { every_days: 91 }
    }
}

/// A Progress Chart milestone, counted from the job start date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub key: String,
    pub title: String,
    pub days_from_start: i32,
}

impl Default for Profile {
    /// The built-in profile. It is tested to parse, so falling back to an empty one never
    /// happens in practice.
    fn default() -> Self {
        // Not ContactRules::default(), which reads the built-in file itself.
        toml::from_str(DEFAULT).unwrap_or(Self {
            contacts: ContactRules {
                retry_after_working_days: one(),
                bank_holidays: Vec::new(),
            },
            review: ReviewRules::default(),
            milestones: Vec::new(),
            soft_outcomes: Vec::new(),
            retention: RetentionRules::default(),
            session: SessionRules::default(),
            rhythm: RhythmRules::default(),
            safety_net: SafetyNetRules::default(),
            appointments: AppointmentRules::default(),
            referrals: Default::default(),
            team: Default::default(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactRules {
    #[serde(default = "one")]
    pub retry_after_working_days: u32,
    /// Days that are not working days for retries, besides weekends. A team file without
    /// them keeps the built-in ones.
    #[serde(default = "built_in_holidays")]
    pub bank_holidays: Vec<chrono::NaiveDate>,
}

impl ContactRules {
    /// When to try again after an attempt on `day` that did not reach them.
    pub fn retry_after(&self, day: chrono::NaiveDate) -> chrono::NaiveDate {
        crate::domain::contact::after_working_days(
            day,
            self.retry_after_working_days,
            &self.bank_holidays,
        )
    }
}

fn one() -> u32 {
    1
}

impl Default for ContactRules {
    fn default() -> Self {
        Self {
            retry_after_working_days: one(),
            bank_holidays: built_in_holidays(),
        }
    }
}

#[derive(Debug, Error)]
#[error("the programme profile is not valid: {0}")]
pub struct ProfileError(String);

impl Profile {
    pub fn parse(text: &str) -> Result<Self, ProfileError> {
        // toml's message names the line and column; keep it to one line.
        let p: Profile = toml::from_str(text).map_err(|e| {
            ProfileError(
                e.to_string()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })?;
        if !(1..=90).contains(&p.referrals.chase_after_days) {
            return Err(ProfileError(
                "referrals.chase_after_days must be between 1 and 90".into(),
            ));
        }
        if !(1..=10).contains(&p.contacts.retry_after_working_days) {
            return Err(ProfileError(
                "contacts.retry_after_working_days must be between 1 and 10".into(),
            ));
        }
        for m in &p.milestones {
            if m.key.trim().is_empty() || m.title.trim().is_empty() {
                return Err(ProfileError(
                    "every milestone needs a key and a title".into(),
                ));
            }
            if !(-60..=3650).contains(&m.days_from_start) {
                return Err(ProfileError(format!(
                    "milestone {}: days_from_start must be between -60 and 3650",
                    m.key
                )));
            }
        }
        for s in &p.soft_outcomes {
            if s.key.trim().is_empty() || s.title.trim().is_empty() {
                return Err(ProfileError(
                    "every soft outcome scale needs a key and a title".into(),
                ));
            }
        }
        if p.soft_outcomes.len() > 12 {
            return Err(ProfileError(
                "at most 12 soft outcome scales fit on the scoring form".into(),
            ));
        }
        p.rhythm.check().map_err(ProfileError)?;
        if p.safety_net.no_contact_days == 0 {
            return Err(ProfileError(
                "safety_net.no_contact_days must be at least 1".into(),
            ));
        }
        let a = &p.appointments;
        if a.day_starts >= a.day_ends || !(5..=480).contains(&a.minutes) {
            return Err(ProfileError(
                "appointments: day_starts must come before day_ends, and minutes be 5 to 480"
                    .into(),
            ));
        }
        if p.review.every_days == 0 {
            return Err(ProfileError("review.every_days must be at least 1".into()));
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_profile_parses() {
        let p = Profile::parse(DEFAULT).unwrap();
        assert_eq!(p, Profile::default());
        assert_eq!(p.milestones.len(), 6);
        assert_eq!(p.milestones[4].days_from_start, 182);
        assert_eq!(p.soft_outcomes.len(), 6);
        assert_eq!(p.soft_outcomes[0].key, "confidence");
        assert_eq!(p.retention.years_after_exit, 6);
        assert_eq!(p.session.lock_after_minutes, 10);
        assert_eq!(
            p.rhythm,
            RhythmRules::default(),
            "the file and the code agree"
        );
        assert_eq!(p.safety_net, SafetyNetRules::default());
        assert_eq!(p.appointments, AppointmentRules::default());
    }

    #[test]
    fn a_team_can_change_one_stage_of_the_rhythm() {
        let p = Profile::parse("[rhythm]\nengaged = \"every 10 days\"\n").unwrap();
        assert_eq!(
            p.rhythm.paused, "monthly",
            "the rest of the section stays built in"
        );
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            p.rhythm.frequency(crate::domain::Stage::Engaged, day, None),
            crate::domain::plan::Frequency::EveryDays(10)
        );
    }

    #[test]
    fn retries_skip_the_built_in_bank_holidays() {
        let rules = Profile::default().contacts;
        let eve = chrono::NaiveDate::from_ymd_opt(2026, 12, 24).unwrap();
        assert_eq!(
            rules.retry_after(eve),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 29).unwrap()
        );
    }

    #[test]
    fn a_team_can_change_the_retry() {
        let p = Profile::parse("[contacts]\nretry_after_working_days = 2\n").unwrap();
        assert_eq!(p.contacts.retry_after_working_days, 2);
        assert_eq!(
            p.milestones,
            Profile::default().milestones,
            "the rest stays built in"
        );
        assert_eq!(
            p.contacts.bank_holidays,
            Profile::default().contacts.bank_holidays
        );
        let only_review = Profile::parse("[review]\nevery_days = 30\n").unwrap();
        assert_eq!(only_review.contacts, Profile::default().contacts);
    }

    #[test]
    fn mistakes_are_reported_not_ignored() {
        assert!(Profile::parse("[contacts]\nretry_after_workingdays = 2\n").is_err());
        assert!(Profile::parse("[contacts]\nretry_after_working_days = 0\n").is_err());
        assert!(Profile::parse("[contacts\n").is_err());
        let e = Profile::parse("[review]\nevery_days = 30\nevery_weeks = 2\n").unwrap_err();
        assert!(e.to_string().contains("line 3"), "{e}");
        let e = Profile::parse("[rhythm]\nengaged = \"sometimes\"\n").unwrap_err();
        assert!(e.to_string().contains("rhythm.engaged"), "{e}");
        assert!(Profile::parse("[appointments]\nday_starts = \"9ish\"\n").is_err());
        assert!(Profile::parse("[safety_net]\nno_contact_days = 0\n").is_err());
        assert!(
            Profile::parse("[[milestones]]\nkey = \"x\"\ntitle = \"\"\ndays_from_start = 1\n")
                .is_err()
        );
    }
}
