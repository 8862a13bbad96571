//! The programme profile: rules a team sets for itself (from `assets/programme.toml`, or a
//! `programme.toml` beside the database), read once at start.

use serde::Deserialize;
use thiserror::Error;

/// The profile built into keyworker.
pub const DEFAULT: &str = include_str!("../../assets/programme.toml");

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default)]
    pub contacts: ContactRules,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactRules {
    #[serde(default = "one")]
    pub retry_after_working_days: u32,
}

fn one() -> u32 {
    1
}

impl Default for ContactRules {
    fn default() -> Self {
        Self {
            retry_after_working_days: one(),
        }
    }
}

#[derive(Debug, Error)]
#[error("the programme profile is not valid: {0}")]
pub struct ProfileError(String);

impl Profile {
    pub fn parse(text: &str) -> Result<Self, ProfileError> {
        let p: Profile = toml::from_str(text).map_err(|e| ProfileError(e.message().to_string()))?;
        if !(1..=10).contains(&p.contacts.retry_after_working_days) {
            return Err(ProfileError(
                "contacts.retry_after_working_days must be between 1 and 10".into(),
            ));
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_profile_parses() {
        assert_eq!(Profile::parse(DEFAULT).unwrap(), Profile::default());
    }

    #[test]
    fn a_team_can_change_the_retry() {
        let p = Profile::parse("[contacts]\nretry_after_working_days = 2\n").unwrap();
        assert_eq!(p.contacts.retry_after_working_days, 2);
    }

    #[test]
    fn mistakes_are_reported_not_ignored() {
        assert!(Profile::parse("[contacts]\nretry_after_workingdays = 2\n").is_err());
        assert!(Profile::parse("[contacts]\nretry_after_working_days = 0\n").is_err());
        assert!(Profile::parse("[contacts\n").is_err());
    }
}
