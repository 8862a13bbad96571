//! All storage. Callers see typed methods; no SQL lives outside this folder.

mod actions;
mod appointments;
mod audit;
mod barriers;
mod caseload_lines;
mod contacts;
mod drafts;
pub mod fallback;
mod line_reader;
mod open;
mod outcomes;
mod packed_line;
mod participants;
mod plans;
#[cfg(test)]
mod plans_check;
mod referrals;
mod reminder_list;
mod reminders;
mod report;
pub mod schema;
mod subject;
mod team;
mod upkeep;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::domain::clock::Clock;
use crate::domain::profile::Profile;
use thiserror::Error;

use crate::strings;

pub use audit::{AuditCheck, AuditEntry};
pub use caseload_lines::{LineMark, LinesSince};
pub use open::{Inspection, dir_of, inspect, is_team_dir};
pub use outcomes::NewSpend;
pub use participants::{NewParticipant, Scope};
pub use reminder_list::Listed;
pub use reminders::{Caught, MilestoneState, ReminderQuery, Snooze, far_ahead};
pub use report::{Report, ReportQuery, Retained, SoftChange, Tally};
pub use subject::{DraftAbout, MilestoneRecord, OneOff, Review};
pub use upkeep::{BackupMade, Erased};

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{}", strings::not_a_database(.0))]
    NotADatabase(PathBuf),
    #[error("{}", strings::foreign_database(.0))]
    ForeignDatabase(PathBuf),
    #[error("{}", strings::too_new(.path, *.found, *.known))]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{}", strings::cannot_create(.path, .source))]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", strings::no_database(.0))]
    Missing(PathBuf),
    #[error("{}", strings::upgraded_meanwhile(*.found, *.known))]
    Upgraded { found: i64, known: i64 },
    #[error("{}", strings::SNOOZE_REASON)]
    SnoozeReason,
    #[error("{}", strings::STALE_EDIT)]
    Stale,
    #[error("{}", strings::PARTNER_TAKEN)]
    PartnerTaken,
    #[error("{}", strings::WORKER_REQUIRED)]
    NoWorker,
    #[error("{}", strings::HANDOVER_NOTE_REQUIRED)]
    HandoverNote,
    #[error("{}", strings::COVER_SELF)]
    CoverSelf,
    #[error("{}", strings::COVER_BACKWARDS)]
    CoverBackwards,
    #[error("{}", strings::already_decided(.0))]
    AlreadyDecided(String),
    #[error("{}", strings::not_with(*.0, .1))]
    NotWith(i64, String),
    #[error("{} already exists; a backup never overwrites a file", .0.display())]
    Exists(PathBuf),
    #[error("the backup did not pass its check: {0}")]
    BadBackup(String),
    #[error("{}", strings::no_such_participant(*.0))]
    NoSuchParticipant(i64),
    #[error("{}", strings::storage_failed(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("{}", strings::storage_failed(.0))]
    Migration(#[from] rusqlite_migration::Error),
    #[error("{}", strings::storage_failed(.0))]
    Json(#[from] serde_json::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One open database, acting on behalf of one key worker (`who`), who is named in the audit
/// log, the stage history and the drafts.
pub struct Store {
    conn: Connection,
    who: String,
    path: PathBuf,
    profile: Profile,
    /// Stamps every change; the app reads its "today" from the same clock.
    clock: Clock,
    /// Transactions this connection committed, for telling whether what was read is stale.
    writes: u64,
    /// When this connection last let the write lock go.
    last_commit: Option<std::time::Instant>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path, who: &str, clock: Clock) -> Result<Self> {
        Self::open_with(path, who, Profile::default(), clock)
    }

    /// `open` with the team's programme profile, so reminders are derived with it from the
    /// start (and only once, if it differs from the one they were derived with).
    pub fn open_with(path: &Path, who: &str, profile: Profile, clock: Clock) -> Result<Self> {
        let mut conn = open::connect(path)?;
        audit::seal_once(&mut conn)?;
        let mut store = Self {
            conn,
            who: who.to_string(),
            path: path.to_path_buf(),
            profile: Profile::default(),
            clock,
            writes: 0,
            last_commit: None,
        };
        store.use_profile(profile)?;
        Ok(store)
    }

    /// Opens a database that must already exist: reading commands never create one.
    pub fn open_existing(path: &Path, who: &str, profile: Profile, clock: Clock) -> Result<Self> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Self::open_with(path, who, profile, clock)
    }

    /// From now on, waits for another worker's lock only about a second: for the last save on
    /// the way out (a dropped link), when a kept draft beats a long wait.
    pub fn hurry(&mut self) -> Result<()> {
        self.conn.busy_handler(Some(open::wait_briefly))?;
        Ok(())
    }

    /// Caps the file at its present size, as a full disk would: every write that needs a new
    /// page fails with SQLite's "database or disk is full". For tests of that fault.
    #[doc(hidden)]
    pub fn fill_disk(&mut self) -> Result<()> {
        let pages: i64 = self
            .conn
            .pragma_query_value(None, "page_count", |r| r.get(0))?;
        self.conn.pragma_update(None, "max_page_count", pages)?;
        Ok(())
    }

    /// Refuses every write from now on, as a file or directory made read-only would. For tests
    /// of that fault (a test run as root writes to a read-only file anyway).
    #[doc(hidden)]
    pub fn make_read_only(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "query_only", true)?;
        Ok(())
    }

    /// The clock every change is stamped with.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn who(&self) -> &str {
        &self.who
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so a
    /// busy team database makes us wait (up to the busy timeout) instead of failing halfway.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction, &str) -> Result<T>) -> Result<T> {
        open::after_own_commit(self.last_commit);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        still_ours(&tx)?;
        let out = f(&tx, &self.who)?;
        tx.commit()?;
        self.committed();
        Ok(out)
    }

    fn committed(&mut self) {
        self.writes += 1;
        self.last_commit = Some(std::time::Instant::now());
    }

    /// `write` for a change to one participant's record: their reminders are derived again
    /// in the same transaction, so nothing ever shows a reminder the record no longer implies.
    fn write_for<T>(
        &mut self,
        participant: i64,
        f: impl FnOnce(&Transaction, &str) -> Result<T>,
    ) -> Result<T> {
        self.write_refreshing(|tx, who| Ok((f(tx, who)?, participant)))
    }

    /// `write_for` where the participant is only known inside the transaction.
    fn write_refreshing<T>(
        &mut self,
        f: impl FnOnce(&Transaction, &str) -> Result<(T, i64)>,
    ) -> Result<T> {
        open::after_own_commit(self.last_commit);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        still_ours(&tx)?;
        let (out, participant) = f(&tx, &self.who)?;
        reminders::refresh(&tx, Some(participant), &self.profile)?;
        tx.commit()?;
        self.committed();
        Ok(out)
    }

    /// Changes with every commit, by this connection or any other: what was read with an
    /// older generation may be stale.
    pub fn generation(&self) -> Result<(u64, i64)> {
        let others: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        Ok((self.writes, others))
    }

    /// The programme profile reminders are derived with. A profile other than the one the
    /// stored reminders came from re-derives them all.
    pub fn use_profile(&mut self, profile: Profile) -> Result<()> {
        let text = serde_json::to_string(&profile)?;
        self.profile = profile;
        let stored: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'profile'", [], |r| {
                r.get(0)
            })
            .optional()?;
        if stored.as_deref() == Some(text.as_str()) {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        reminders::refresh(&tx, None, &self.profile)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('profile', ?1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [&text],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }
}

/// Every write first checks, under the write lock, that the file is still at the schema this
/// keyworker knows: a newer one may have upgraded it while this one ran, and writing rows of
/// the old shape into the new could corrupt what it keeps. Costs one page read.
fn still_ours(tx: &Transaction) -> Result<()> {
    let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = schema::latest_version();
    if found > known {
        return Err(StoreError::Upgraded { found, known });
    }
    Ok(())
}

/// A query for one participant's rows, or everyone's: `{one}` becomes a condition on `column`
/// for `?1`. Two statements rather than `?1 IS NULL OR column = ?1`, which SQLite cannot answer
/// from an index, so saving one person's contact would read every table whole.
pub(super) fn scoped(sql: &str, column: &str, participant: Option<i64>) -> String {
    let condition = match participant {
        Some(_) => format!("{column} = ?1"),
        None => "?1 IS NULL".to_string(),
    };
    sql.replace("{one}", &condition)
}

/// Who made a row and when (RFC 3339), as the tables that keep both record them.
#[derive(Clone, Copy)]
pub(super) struct Made<'a> {
    pub by: &'a str,
    pub at: &'a str,
}

/// Several lines of typed text as stored: cleaned of control characters, trimmed.
fn multi(s: &str) -> String {
    crate::domain::text::clean(s, crate::domain::text::Lines::Multi)
        .trim()
        .to_string()
}

fn stamp(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn parse_stamp(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_default()
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    parse_day_bytes(s.as_bytes()).or_else(|| s.parse().ok())
}

/// `yyyy-mm-dd` read by hand from the stored bytes: chrono's parser, and checking the text
/// is UTF-8 first, are a visible cost when the caseload or `keyworker due` reads a hundred
/// thousand of them.
fn parse_day_bytes(b: &[u8]) -> Option<NaiveDate> {
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let y = i32::try_from(digits(b.get(0..4)?)?).ok()?;
        return NaiveDate::from_ymd_opt(y, digits(b.get(5..7)?)?, digits(b.get(8..10)?)?);
    }
    None
}

/// A whole number written in ASCII digits, as stored; nothing for an empty, signed,
/// fractional or overlong one.
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() {
        return None;
    }
    b.iter().try_fold(0u32, |n, d| {
        d.is_ascii_digit()
            .then(|| n.checked_mul(10)?.checked_add(u32::from(d - b'0')))
            .flatten()
    })
}

fn day(d: NaiveDate) -> String {
    // Written out by hand: chrono's format parser is a visible cost when writing in bulk.
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::parse_day;
    use chrono::NaiveDate;

    #[test]
    fn days_read_by_hand_agree_with_chrono() {
        for s in [
            "2026-11-23",
            "2024-02-29",
            "1999-12-31",
            "2026-02-30",
            "2026-13-01",
            "26-1-1",
            "",
            "2026-1a-01",
        ] {
            assert_eq!(parse_day(s), s.parse::<NaiveDate>().ok(), "{s}");
        }
    }
}
