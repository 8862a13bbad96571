//! The audit log: who changed what, when. Written in the same transaction as the change, so a
//! change without its audit entry cannot exist.

use chrono::{DateTime, FixedOffset};
use rusqlite::{Transaction, params};
use serde_json::Value;

use super::{Result, Store, parse_stamp, scoped, stamp};
use crate::domain::text::line;

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub at: DateTime<FixedOffset>,
    pub who: String,
    pub participant_id: Option<i64>,
    pub entity: String,
    pub action: String,
    pub changes: Value,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn record(
    tx: &Transaction,
    who: &str,
    at: DateTime<FixedOffset>,
    participant_id: Option<i64>,
    entity: &str,
    entity_id: i64,
    action: &str,
    changes: &Value,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit (at, who, participant_id, entity, entity_id, action, changes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        stamp(at),
        who,
        participant_id,
        entity,
        entity_id,
        action,
        serde_json::to_string(changes)?
    ])?;
    Ok(())
}

/// An audit row, in the column order both queries below select.
fn entry(r: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
    let changes: String = r.get(5)?;
    Ok(AuditEntry {
        at: parse_stamp(&r.get::<_, String>(0)?),
        who: line(&r.get::<_, String>(1)?),
        participant_id: r.get(2)?,
        entity: r.get(3)?,
        action: r.get(4)?,
        changes: serde_json::from_str(&changes).unwrap_or(Value::Null),
    })
}

impl Store {
    /// Who last changed anything in a participant's record, and when.
    pub fn last_change(&self, participant: i64) -> Result<Option<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, who, participant_id, entity, action, changes FROM audit \
             WHERE participant_id = ?1 ORDER BY id DESC LIMIT 1",
        )?;
        let mut rows = stmt.query_map([participant], entry)?;
        Ok(rows.next().transpose()?)
    }

    /// The audit trail, oldest first; for one participant or everyone.
    pub fn audit(&self, participant: Option<i64>) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(&scoped(
            "SELECT at, who, participant_id, entity, action, changes FROM audit \
             WHERE {one} ORDER BY id",
            "participant_id",
            participant,
        ))?;
        let rows = stmt.query_map([participant], entry)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
