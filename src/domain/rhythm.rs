//! The contact rhythm: how often everyone open is to be contacted when their plan names no
//! frequency, by stage; and the safety net that catches anyone the rhythm missed. Both from
//! the programme profile, so a team can set its own.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};

use super::contact::after_working_days;
use super::plan::Frequency;
use super::{Choice, Stage};

/// `[rhythm]` in the profile. Frequencies are written as in a plan: `weekly`, `fortnightly`,
/// `monthly`, `every 10 days`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RhythmRules {
    /// A new referral is first contacted within this many working days of the referral date.
    pub first_contact_working_days: u32,
    pub referred: String,
    pub engaged: String,
    pub job_entry: String,
    /// Weekly for this many weeks from the job start, then `in_work`.
    pub in_work_weekly_for_weeks: u32,
    pub in_work: String,
    pub progressing: String,
    pub paused: String,
}

impl Default for RhythmRules {
    fn default() -> Self {
        Self {
            first_contact_working_days: 2,
            referred: "weekly".into(),
            engaged: "fortnightly".into(),
            job_entry: "weekly".into(),
            in_work_weekly_for_weeks: 4,
            in_work: "fortnightly".into(),
            progressing: "monthly".into(),
            paused: "monthly".into(),
        }
    }
}

impl RhythmRules {
    /// Each stage's frequency as written, for checking the profile and for the README table.
    pub fn by_stage(&self) -> [(Stage, &str); 6] {
        [
            (Stage::Referred, &self.referred),
            (Stage::Engaged, &self.engaged),
            (Stage::JobEntry, &self.job_entry),
            (Stage::InWork, &self.in_work),
            (Stage::Progressing, &self.progressing),
            (Stage::Paused, &self.paused),
        ]
        .map(|(s, f)| (s, f.as_str()))
    }

    /// The first frequency that does not read, named, for the profile's error message.
    pub fn check(&self) -> Result<(), String> {
        for (stage, f) in self.by_stage() {
            if Frequency::parse(f).is_none() {
                return Err(format!(
                    "rhythm.{}: {f:?} is not weekly, fortnightly, monthly or every N days",
                    stage.code()
                ));
            }
        }
        if !(1..=10).contains(&self.first_contact_working_days) {
            return Err("rhythm.first_contact_working_days must be between 1 and 10".into());
        }
        Ok(())
    }

    /// How often someone at `stage` is contacted on `day`, when their plan names no
    /// frequency: weekly in the first weeks of a job, then the stage's own.
    pub fn frequency(
        &self,
        stage: Stage,
        day: NaiveDate,
        job_start: Option<NaiveDate>,
    ) -> Frequency {
        let early = job_start.is_some_and(|start| {
            let weeks = i64::from(self.in_work_weekly_for_weeks) * 7;
            (0..weeks).contains(&(day - start).num_days())
        });
        let text = match stage {
            Stage::Referred => &self.referred,
            Stage::Engaged => &self.engaged,
            Stage::JobEntry => &self.job_entry,
            Stage::InWork if early => &self.job_entry,
            Stage::InWork => &self.in_work,
            Stage::Progressing => &self.progressing,
            Stage::Paused | Stage::Exited => &self.paused,
        };
        Frequency::parse(text).unwrap_or(Frequency::Fortnightly)
    }
}

/// What the rhythm needs to know of a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub stage: Stage,
    /// The plan's own frequency, which wins over the rhythm.
    pub plan: Option<Frequency>,
    pub last_completed: Option<NaiveDate>,
    pub referral: Option<NaiveDate>,
    pub job_start: Option<NaiveDate>,
}

/// When someone is next to be contacted when nobody has agreed a date with them: within the
/// first-contact working days of their referral if nobody has reached them yet, else at their
/// frequency on from the last completed contact. A date on a weekend or bank holiday moves to
/// the next working day: nobody is reminded to ring on a Sunday.
pub fn next_contact(rules: &RhythmRules, pace: Pace, holidays: &[NaiveDate]) -> Option<NaiveDate> {
    let due = match pace.last_completed {
        None => after_working_days(pace.referral?, rules.first_contact_working_days, holidays),
        Some(last) => pace
            .plan
            .unwrap_or_else(|| rules.frequency(pace.stage, last, pace.job_start))
            .after(last)?,
    };
    Some(working_day_from(due, holidays))
}

/// `day` itself if it is a working day, else the next one.
pub fn working_day_from(day: NaiveDate, holidays: &[NaiveDate]) -> NaiveDate {
    let working = |d: NaiveDate| {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d)
    };
    if working(day) {
        day
    } else {
        after_working_days(day, 1, holidays)
    }
}

/// `[safety_net]` in the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SafetyNetRules {
    /// Anyone open with no completed contact in this many days is flagged.
    pub no_contact_days: u32,
}

impl Default for SafetyNetRules {
    fn default() -> Self {
        Self {
            no_contact_days: 28,
        }
    }
}

/// Why someone is in the safety net.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Nobody has reached them since they were referred.
    NeverReached,
    /// No completed contact in this many days.
    NoContactFor(i64),
    /// Reached recently, but no next contact is agreed or booked.
    NothingAgreed,
}

impl Gap {
    /// Whether someone open falls through: not reached within the safety net's days, or with
    /// no next contact agreed and nothing booked. Exited people are never in it.
    pub fn of(
        rules: &SafetyNetRules,
        stage: Stage,
        last_completed: Option<NaiveDate>,
        agreed_or_booked: bool,
        today: NaiveDate,
    ) -> Option<Gap> {
        if stage == Stage::Exited {
            return None;
        }
        match last_completed {
            None => Some(Gap::NeverReached),
            Some(d) if (today - d).num_days() > i64::from(rules.no_contact_days) => {
                Some(Gap::NoContactFor((today - d).num_days()))
            }
            _ if !agreed_or_booked => Some(Gap::NothingAgreed),
            _ => None,
        }
    }

    pub fn label(self) -> String {
        match self {
            Gap::NeverReached => "not reached since referral".into(),
            Gap::NoContactFor(days) => format!("no contact in {days} days"),
            Gap::NothingAgreed => "no next contact agreed or booked".into(),
        }
    }
}

/// `[appointments]` in the profile: the office day, and how long a booking lasts unless
/// told otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppointmentRules {
    /// Bookings before this time are out of hours.
    #[serde(with = "hh_mm")]
    pub day_starts: NaiveTime,
    /// Bookings after this time are out of hours.
    #[serde(with = "hh_mm")]
    pub day_ends: NaiveTime,
    pub minutes: u32,
}

impl Default for AppointmentRules {
    fn default() -> Self {
        Self {
            day_starts: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            day_ends: NaiveTime::from_hms_opt(17, 30, 0).unwrap_or_default(),
            minutes: 30,
        }
    }
}

impl AppointmentRules {
    /// Before the office day starts, after it ends, at a weekend or on a bank holiday.
    pub fn out_of_hours(&self, at: NaiveDateTime, holidays: &[NaiveDate]) -> bool {
        let t = at.time().with_second(0).unwrap_or(at.time());
        t < self.day_starts
            || t > self.day_ends
            || matches!(at.weekday(), Weekday::Sat | Weekday::Sun)
            || holidays.contains(&at.date())
    }
}

/// Times in the profile as people write them: `09:00`.
mod hh_mm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::domain::dates::hm(*t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let text = String::deserialize(d)?;
        crate::domain::dates::parse_time(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("{text:?} is not a time such as 09:00"))
        })
    }
}

/// Adds days, saturating at the far end of the calendar.
pub fn plus_days(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn pace(stage: Stage, last: Option<NaiveDate>) -> Pace {
        Pace {
            stage,
            plan: None,
            last_completed: last,
            referral: Some(ymd(11, 19)),
            job_start: None,
        }
    }

    #[test]
    fn the_rhythm_by_stage() {
        let r = RhythmRules::default();
        r.check().unwrap();
        let mon = ymd(11, 23);
        let next = |stage, job_start| {
            next_contact(
                &r,
                Pace {
                    job_start,
                    ..pace(stage, Some(mon))
                },
                &[],
            )
            .unwrap()
        };
        assert_eq!(next(Stage::Referred, None), ymd(11, 30));
        assert_eq!(next(Stage::Engaged, None), ymd(12, 7));
        assert_eq!(next(Stage::JobEntry, None), ymd(11, 30));
        assert_eq!(
            next(Stage::InWork, Some(ymd(11, 2))),
            ymd(11, 30),
            "in the first 4 weeks: weekly"
        );
        assert_eq!(
            next(Stage::InWork, Some(ymd(10, 26))),
            ymd(12, 7),
            "after 4 weeks: fortnightly"
        );
        assert_eq!(next(Stage::Progressing, None), ymd(12, 23));
        assert_eq!(next(Stage::Paused, None), ymd(12, 23), "a monthly check-in");
    }

    #[test]
    fn a_new_referral_is_first_contacted_within_two_working_days() {
        let r = RhythmRules::default();
        // Referred Thursday 19 November: Friday, Monday.
        assert_eq!(
            next_contact(&r, pace(Stage::Referred, None), &[]),
            Some(ymd(11, 23))
        );
        let christmas_eve = Pace {
            referral: Some(ymd(12, 24)),
            ..pace(Stage::Referred, None)
        };
        let holidays = [ymd(12, 25), ymd(12, 28)];
        assert_eq!(
            next_contact(&r, christmas_eve, &holidays),
            Some(ymd(12, 30))
        );
        let no_date = Pace {
            referral: None,
            ..pace(Stage::Referred, None)
        };
        assert_eq!(next_contact(&r, no_date, &[]), None);
    }

    #[test]
    fn the_plan_wins_and_weekends_move_on() {
        let r = RhythmRules::default();
        let fri = ymd(11, 27);
        let p = Pace {
            plan: Some(Frequency::EveryDays(8)),
            ..pace(Stage::Engaged, Some(fri))
        };
        // Friday + 8 is a Saturday: the Monday after.
        assert_eq!(next_contact(&r, p, &[]), Some(ymd(12, 7)));
        // Fortnightly from a Sunday visit lands on a Sunday: Monday.
        let sun = pace(Stage::Engaged, Some(ymd(11, 29)));
        assert_eq!(next_contact(&r, sun, &[]), Some(ymd(12, 14)));
    }

    #[test]
    fn the_safety_net() {
        let n = SafetyNetRules::default();
        let today = ymd(11, 23);
        let gap = |stage, last, agreed| Gap::of(&n, stage, last, agreed, today);
        assert_eq!(gap(Stage::Referred, None, true), Some(Gap::NeverReached));
        assert_eq!(
            gap(Stage::Engaged, Some(ymd(10, 26)), true),
            None,
            "28 days is not yet a gap"
        );
        assert_eq!(
            gap(Stage::Engaged, Some(ymd(10, 25)), true),
            Some(Gap::NoContactFor(29))
        );
        assert_eq!(
            gap(Stage::InWork, Some(ymd(11, 20)), false),
            Some(Gap::NothingAgreed)
        );
        assert_eq!(gap(Stage::InWork, Some(ymd(11, 20)), true), None);
        assert_eq!(gap(Stage::Exited, None, false), None);
    }

    #[test]
    fn out_of_hours() {
        let a = AppointmentRules::default();
        let at = |d: u32, h: u32, m: u32| ymd(11, d).and_hms_opt(h, m, 0).unwrap();
        assert!(!a.out_of_hours(at(23, 9, 0), &[]));
        assert!(!a.out_of_hours(at(23, 17, 30), &[]));
        assert!(a.out_of_hours(at(23, 8, 59), &[]));
        assert!(a.out_of_hours(at(23, 17, 31), &[]));
        assert!(a.out_of_hours(at(28, 11, 0), &[]), "Saturday");
        assert!(
            a.out_of_hours(at(23, 11, 0), &[ymd(11, 23)]),
            "bank holiday"
        );
    }
}
