//! The one place the date and time are read. The app, the store and every subcommand ask the
//! same `Clock`, so a contact stamped by the store and the day the screen calls "today" can
//! never disagree; tests hold a fake one and move it by hand.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Days, FixedOffset, Local, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};

/// The environment variable that pins the date (`yyyy-mm-dd`): demos, captures and training
/// caseloads that do not age.
pub const TODAY_VAR: &str = "KEYWORKER_TODAY";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{TODAY_VAR} (or --today) {0:?} is not a date; write it as yyyy-mm-dd")]
pub struct BadToday(pub String);

/// Where "now" comes from. Cheap to clone; clones share a fake clock's hand.
#[derive(Debug, Clone)]
pub struct Clock(Source);

#[derive(Debug, Clone)]
enum Source {
    /// The system time in the local time zone, moved by whole days when the date is pinned:
    /// the time of day stays real, so stamps still order as they were made, and midnight
    /// still comes.
    System { shift: i64 },
    /// A hand set by tests; it moves only when told to.
    Fake(Arc<Mutex<DateTime<FixedOffset>>>),
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self(Source::System { shift: 0 })
    }

    /// The system clock with today made `day`, and the days after it following on.
    pub fn pinned(day: NaiveDate) -> Self {
        let real = Local::now().date_naive();
        Self(Source::System {
            shift: (day - real).num_days(),
        })
    }

    /// The system clock, pinned to `setting` (`yyyy-mm-dd`, from `KEYWORKER_TODAY` or
    /// `--today`) when there is one.
    pub fn pinned_by(setting: Option<&str>) -> Result<Self, BadToday> {
        match setting.map(str::trim) {
            Some(s) if !s.is_empty() => s
                .parse::<NaiveDate>()
                .map(Self::pinned)
                .map_err(|_| BadToday(s.to_string())),
            _ => Ok(Self::system()),
        }
    }

    /// A clock that stands at `at` until moved.
    pub fn fake(at: DateTime<FixedOffset>) -> Self {
        Self(Source::Fake(Arc::new(Mutex::new(at))))
    }

    /// Moves a fake clock (and every clone of it) to `at`. The system clock cannot be set.
    pub fn set(&self, at: DateTime<FixedOffset>) -> bool {
        match &self.0 {
            Source::Fake(hand) => {
                *hand.lock().unwrap_or_else(PoisonError::into_inner) = at;
                true
            }
            Source::System { .. } => false,
        }
    }

    /// Moves a fake clock on by `by`, keeping its offset.
    pub fn advance(&self, by: chrono::TimeDelta) -> bool {
        let at = self.now() + by;
        self.set(at)
    }

    /// Now, with the local offset, as stored and exported (RFC 3339).
    pub fn now(&self) -> DateTime<FixedOffset> {
        match &self.0 {
            Source::Fake(hand) => *hand.lock().unwrap_or_else(PoisonError::into_inner),
            Source::System { shift: 0 } => Local::now().fixed_offset(),
            Source::System { shift } => {
                let real = Local::now();
                shifted(real.naive_local(), *shift).unwrap_or_else(|| real.fixed_offset())
            }
        }
    }

    /// How long ago a file was written. A file's time is the machine's own, so a pinned date
    /// does not move it: the age is measured from the real time (a fake clock's hand in tests).
    pub fn age_of(&self, written: std::time::SystemTime) -> Option<std::time::Duration> {
        let written: DateTime<Utc> = written.into();
        let now = match &self.0 {
            Source::Fake(hand) => hand.lock().unwrap_or_else(PoisonError::into_inner).to_utc(),
            Source::System { .. } => Utc::now(),
        };
        (now - written).to_std().ok()
    }

    /// Today's date where the worker is.
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// The moment a wall-clock time names where the worker is: a fake clock keeps its own
    /// offset; the system clock asks the zone. A time the clocks skip in spring (01:30 on the
    /// last Sunday of March in the UK) is read as the same hour after the change, and a time
    /// that comes twice in autumn as the first.
    pub fn local(&self, at: NaiveDateTime) -> DateTime<FixedOffset> {
        match &self.0 {
            Source::Fake(hand) => {
                let offset = *hand.lock().unwrap_or_else(PoisonError::into_inner).offset();
                fixed(at, offset)
            }
            Source::System { .. } => Local
                .from_local_datetime(&at)
                .earliest()
                .or_else(|| {
                    Local
                        .from_local_datetime(&(at + chrono::TimeDelta::hours(1)))
                        .earliest()
                })
                .map_or_else(|| fixed(at, Utc.fix()), |t| t.fixed_offset()),
        }
    }

    /// How long until the next local midnight, when "today" moves on. Never zero, so a timer
    /// armed with it cannot spin.
    pub fn until_tomorrow(&self) -> std::time::Duration {
        // A pinned clock is moved by whole days, so its midnight is the real one.
        let now = match &self.0 {
            Source::Fake(hand) => *hand.lock().unwrap_or_else(PoisonError::into_inner),
            Source::System { .. } => Local::now().fixed_offset(),
        };
        let midnight = now
            .date_naive()
            .checked_add_days(Days::new(1))
            .and_then(|d| d.and_hms_opt(0, 0, 0));
        let next = midnight.and_then(|m| match &self.0 {
            // Tests choose the offset, and keep it.
            Source::Fake(_) => now.offset().from_local_datetime(&m).earliest(),
            // The zone knows whether the clocks change tonight; where they skip midnight
            // itself, the day starts an hour later.
            Source::System { .. } => Local
                .from_local_datetime(&m)
                .earliest()
                .or_else(|| {
                    Local
                        .from_local_datetime(&(m + chrono::TimeDelta::hours(1)))
                        .earliest()
                })
                .map(|t| t.fixed_offset()),
        });
        let wait = next.map_or(chrono::TimeDelta::hours(1), |next| next - now);
        wait.to_std()
            .unwrap_or_default()
            .max(std::time::Duration::from_millis(100))
    }
}

/// `at` as a wall-clock time at `offset`; a fixed offset names every time exactly once.
fn fixed(at: NaiveDateTime, offset: FixedOffset) -> DateTime<FixedOffset> {
    offset
        .from_local_datetime(&at)
        .single()
        .unwrap_or_else(|| DateTime::from_naive_utc_and_offset(at, offset))
}

/// `naive` local time moved on by `days` whole days, in the local zone.
fn shifted(naive: NaiveDateTime, days: i64) -> Option<DateTime<FixedOffset>> {
    let moved = if days >= 0 {
        naive.checked_add_days(Days::new(days.unsigned_abs()))?
    } else {
        naive.checked_sub_days(Days::new(days.unsigned_abs()))?
    };
    Some(Local.from_local_datetime(&moved).earliest()?.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, Timelike};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn a_fake_clock_stands_still_until_moved_and_clones_share_its_hand() {
        let clock = Clock::fake(at("2026-11-23T23:59:00+00:00"));
        let other = clock.clone();
        assert_eq!(
            clock.today(),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert!(other.advance(TimeDelta::minutes(2)));
        assert_eq!(
            clock.today(),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        assert_eq!(clock.now().minute(), 1);
    }

    #[test]
    fn midnight_is_counted_from_the_fake_hand() {
        let clock = Clock::fake(at("2026-11-23T23:59:30+00:00"));
        assert_eq!(clock.until_tomorrow().as_secs(), 30);
        clock.set(at("2027-03-28T00:30:00+00:00"));
        assert_eq!(clock.until_tomorrow().as_secs(), 23 * 3600 + 30 * 60);
    }

    #[test]
    fn a_pinned_date_must_be_a_date() {
        assert_eq!(
            Clock::pinned_by(Some("23/11/2026")).err(),
            Some(BadToday("23/11/2026".into()))
        );
        assert!(Clock::pinned_by(Some(" ")).is_ok());
        assert!(Clock::pinned_by(None).is_ok());
    }

    #[test]
    fn the_system_clock_cannot_be_set() {
        assert!(!Clock::system().set(at("2026-11-23T10:00:00+00:00")));
    }

    #[test]
    fn a_pinned_clock_names_the_pinned_day() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let today = Clock::pinned(day).today();
        // Midnight may pass between pinning and asking.
        assert!(today == day || today == day.succ_opt().unwrap(), "{today}");
    }
}
