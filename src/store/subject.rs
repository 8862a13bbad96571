//! What no screen shows whole but a subject access request must: every review, milestone
//! decision and one-off reminder (done ones too), and the drafts typed about the person by
//! any worker.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use super::{Result, Store, parse_day, parse_stamp};
use crate::domain::text::{Lines, clean, line};

/// A review of soft outcomes and barriers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub on: NaiveDate,
    pub note: String,
    pub by: String,
    pub at: DateTime<FixedOffset>,
}

/// A Progress Chart milestone marked done or missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneRecord {
    pub milestone: String,
    pub state: String,
    pub on: NaiveDate,
    pub evidence: String,
    pub by: String,
    pub at: DateTime<FixedOffset>,
}

/// A one-off reminder, open or done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OneOff {
    pub due: NaiveDate,
    pub text: String,
    pub done_on: Option<NaiveDate>,
    pub by: String,
    pub at: DateTime<FixedOffset>,
}

/// Text typed about the person and not yet saved, by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftAbout {
    pub who: String,
    pub form: String,
    pub saved_at: DateTime<FixedOffset>,
    /// The form's values as typed.
    pub body: serde_json::Value,
}

fn day(s: &str) -> NaiveDate {
    parse_day(s).unwrap_or_default()
}

impl Store {
    pub fn reviews(&self, participant: i64) -> Result<Vec<Review>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT on_date, note, by, at FROM reviews WHERE participant_id = ?1 ORDER BY on_date, id",
        )?;
        let rows = stmt.query_map([participant], |r| {
            Ok(Review {
                on: day(&r.get::<_, String>(0)?),
                note: clean(&r.get::<_, String>(1)?, Lines::Multi).into_owned(),
                by: line(&r.get::<_, String>(2)?),
                at: parse_stamp(&r.get::<_, String>(3)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn milestone_records(&self, participant: i64) -> Result<Vec<MilestoneRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT milestone, state, on_date, evidence, by, at FROM milestone_states \
             WHERE participant_id = ?1 ORDER BY on_date, milestone",
        )?;
        let rows = stmt.query_map([participant], |r| {
            Ok(MilestoneRecord {
                milestone: line(&r.get::<_, String>(0)?),
                state: line(&r.get::<_, String>(1)?),
                on: day(&r.get::<_, String>(2)?),
                evidence: clean(&r.get::<_, String>(3)?, Lines::Multi).into_owned(),
                by: line(&r.get::<_, String>(4)?),
                at: parse_stamp(&r.get::<_, String>(5)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every one-off reminder of the person, done ones too, by date.
    pub fn one_off_reminders(&self, participant: i64) -> Result<Vec<OneOff>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT due, text, done_on, by, at FROM manual_reminders WHERE participant_id = ?1 \
             ORDER BY due, id",
        )?;
        let rows = stmt.query_map([participant], |r| {
            Ok(OneOff {
                due: day(&r.get::<_, String>(0)?),
                text: line(&r.get::<_, String>(1)?),
                done_on: r
                    .get::<_, Option<String>>(2)?
                    .as_deref()
                    .and_then(parse_day),
                by: line(&r.get::<_, String>(3)?),
                at: parse_stamp(&r.get::<_, String>(4)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Drafts about the person, whoever typed them.
    pub fn drafts_about(&self, participant: i64) -> Result<Vec<DraftAbout>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT who, form, saved_at, body FROM drafts WHERE participant_id = ?1 \
             ORDER BY saved_at, who",
        )?;
        let rows = stmt.query_map([participant], |r| {
            let body: String = r.get(3)?;
            Ok(DraftAbout {
                who: line(&r.get::<_, String>(0)?),
                form: line(&r.get::<_, String>(1)?),
                saved_at: parse_stamp(&r.get::<_, String>(2)?),
                body: serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
