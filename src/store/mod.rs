//! All storage. Callers see typed methods; no SQL lives outside this folder.

mod actions;
mod audit;
mod barriers;
mod contacts;
mod drafts;
mod open;
mod participants;
mod plans;
pub mod schema;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Local, NaiveDate};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use thiserror::Error;

use crate::strings;

pub use audit::AuditEntry;
pub use participants::{NewParticipant, Scope};

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
    #[error("{}", strings::STALE_EDIT)]
    Stale,
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
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path, who: &str) -> Result<Self> {
        let conn = open::connect(path)?;
        Ok(Self {
            conn,
            who: who.to_string(),
            path: path.to_path_buf(),
        })
    }

    /// Opens a database that must already exist: reading commands never create one.
    pub fn open_existing(path: &Path, who: &str) -> Result<Self> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Self::open(path, who)
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
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx, &self.who)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Now, with the local offset, as stored and exported (RFC 3339).
pub fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

fn stamp(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn parse_stamp(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_default()
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn day(d: NaiveDate) -> String {
    // Written out by hand: chrono's format parser is a visible cost when writing in bulk.
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}
