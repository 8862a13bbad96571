//! The audit log: who changed what, when. Written in the same transaction as the change, so a
//! change without its audit entry cannot exist. Each row carries the SHA-256 of its content and
//! a hash chained to the row before, so a row changed, deleted or inserted outside keyworker
//! shows when the chain is verified. Erasure blanks a person's rows but keeps their hashes, so
//! the chain still verifies.

use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{Result, Store, parse_stamp, scoped, stamp};
use crate::domain::text::line;

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn sha(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

/// The SHA-256 of what erasure blanks: whom the row is about and what it says.
fn body_hash(row: &RowContent) -> String {
    sha(&serde_json::json!([row.participant_id, row.changes]).to_string())
}

/// The SHA-256 of a row's content: what stays after an erasure (when, who, what kind of
/// change to what) bound to the hash of what erasure blanks, so an erased row still proves
/// its when and who.
fn content_hash(row: &RowContent, body: &str) -> String {
    let head = serde_json::json!([
        row.id,
        row.at,
        row.who,
        row.entity,
        row.entity_id,
        row.action
    ]);
    chain_hash(&sha(&head.to_string()), body)
}

/// The chain: this row's content hash bound to the chain hash of the row before.
fn chain_hash(before: &str, content: &str) -> String {
    let mut h = Sha256::new();
    h.update(before.as_bytes());
    h.update(content.as_bytes());
    hex(&h.finalize())
}

/// An audit row as written.
struct RowContent {
    id: i64,
    at: String,
    who: String,
    participant_id: Option<i64>,
    entity: String,
    entity_id: i64,
    action: String,
    changes: String,
}

/// What verifying the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditCheck {
    /// Every row as keyworker wrote it.
    Whole { rows: u64 },
    /// The first row that does not verify, and why.
    Broken { row: i64, why: &'static str },
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub at: DateTime<FixedOffset>,
    pub who: String,
    pub participant_id: Option<i64>,
    pub entity: String,
    pub action: String,
    pub changes: Value,
    /// What the row said was erased with the person it was about.
    pub erased: bool,
    /// The row's hashes as stored: of what erasure blanks, of its whole content, and its
    /// place in the chain.
    pub body_hash: Option<String>,
    pub content_hash: Option<String>,
    pub chain_hash: Option<String>,
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
    // Writes are serialised (BEGIN IMMEDIATE), so the row before is the last one.
    let (last, before): (i64, String) = tx
        .prepare_cached(
            "SELECT id, coalesce(chain_hash, '') FROM audit \
             WHERE id = (SELECT max(id) FROM audit)",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, String::new()));
    let row = RowContent {
        id: last + 1,
        at: stamp(at),
        who: who.to_string(),
        participant_id,
        entity: entity.to_string(),
        entity_id,
        action: action.to_string(),
        changes: serde_json::to_string(changes)?,
    };
    let body = body_hash(&row);
    let content = content_hash(&row, &body);
    let chain = chain_hash(&before, &content);
    tx.prepare_cached(
        "INSERT INTO audit (id, at, who, participant_id, entity, entity_id, action, changes, \
         body_hash, content_hash, chain_hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        row.id,
        row.at,
        row.who,
        row.participant_id,
        row.entity,
        row.entity_id,
        row.action,
        row.changes,
        body,
        content,
        chain
    ])?;
    Ok(())
}

/// Blanks what a person's audit rows say (erasure), keeping their hashes: the rows stay in the
/// chain, marked erased, with nothing personal left.
pub(super) fn blank(tx: &Transaction, participant: i64) -> Result<usize> {
    Ok(tx.execute(
        "UPDATE audit SET changes = '{}', participant_id = NULL, erased = 1 \
         WHERE participant_id = ?1 AND entity <> 'employer'",
        [participant],
    )?)
}

/// Hashes the rows written before the log carried hashes, once: after that, a row without
/// its hashes was written outside keyworker, and verifying says so.
pub(super) fn seal_once(conn: &mut Connection) -> Result<()> {
    let sealed: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'audit_sealed'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if sealed.is_some() {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut before = String::new();
        let mut read = tx.prepare(
            "SELECT id, at, who, participant_id, entity, entity_id, action, changes \
             FROM audit ORDER BY id",
        )?;
        let mut write = tx.prepare(
            "UPDATE audit SET body_hash = ?2, content_hash = ?3, chain_hash = ?4 WHERE id = ?1",
        )?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let row = row_content(r)?;
            let body = body_hash(&row);
            let content = content_hash(&row, &body);
            let chain = chain_hash(&before, &content);
            write.execute(params![row.id, body, content, chain])?;
            before = chain;
        }
    }
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('audit_sealed', '1') ON CONFLICT (key) DO NOTHING",
        [],
    )?;
    tx.commit()?;
    Ok(())
}

/// Recomputes every row's hash and the chain, oldest first, and names the first row that was
/// changed, deleted or inserted outside keyworker. Only reads.
pub(super) fn verify(conn: &Connection) -> Result<AuditCheck> {
    let mut stmt = conn.prepare(
        "SELECT id, at, who, participant_id, entity, entity_id, action, changes, \
             content_hash, chain_hash, erased, body_hash FROM audit ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut before = String::new();
    let mut count = 0u64;
    while let Some(r) = rows.next()? {
        let row = row_content(r)?;
        let (Some(stored), Some(chain)) = (
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<String>>(9)?,
        ) else {
            return Ok(AuditCheck::Broken {
                row: row.id,
                why: "it has no hash: it was inserted outside keyworker",
            });
        };
        // What an erased row said is gone by design; the hash kept at erasure stands for it.
        let erased: bool = r.get(10)?;
        let body = match r.get::<_, Option<String>>(11)? {
            Some(kept) if erased => kept,
            _ => body_hash(&row),
        };
        if content_hash(&row, &body) != stored {
            return Ok(AuditCheck::Broken {
                row: row.id,
                why: "its content was changed outside keyworker",
            });
        }
        if chain_hash(&before, &stored) != chain {
            return Ok(AuditCheck::Broken {
                row: row.id,
                why: "the chain breaks here: a row before it was deleted, or rows were inserted or reordered, outside keyworker",
            });
        }
        before = chain;
        count += 1;
    }
    Ok(AuditCheck::Whole { rows: count })
}

fn row_content(r: &rusqlite::Row) -> rusqlite::Result<RowContent> {
    Ok(RowContent {
        id: r.get(0)?,
        at: r.get(1)?,
        who: r.get(2)?,
        participant_id: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get::<_, Option<i64>>(5)?.unwrap_or_default(),
        action: r.get(6)?,
        changes: r.get(7)?,
    })
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
        erased: r.get(6)?,
        body_hash: r.get(7)?,
        content_hash: r.get(8)?,
        chain_hash: r.get(9)?,
    })
}

impl Store {
    /// Who last changed anything in a participant's record, and when.
    pub fn last_change(&self, participant: i64) -> Result<Option<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, who, participant_id, entity, action, changes, erased, \
             body_hash, content_hash, chain_hash FROM audit WHERE participant_id = ?1 ORDER BY id DESC LIMIT 1",
        )?;
        let mut rows = stmt.query_map([participant], entry)?;
        Ok(rows.next().transpose()?)
    }

    /// Recomputes every row's hash and the chain, oldest first, and names the first row that
    /// was changed, deleted or inserted outside keyworker.
    pub fn verify_audit(&self) -> Result<AuditCheck> {
        verify(&self.conn)
    }

    /// The audit trail, oldest first; for one participant or everyone.
    pub fn audit(&self, participant: Option<i64>) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(&scoped(
            "SELECT at, who, participant_id, entity, action, changes, erased, \
             body_hash, content_hash, chain_hash FROM audit WHERE {one} ORDER BY id",
            "participant_id",
            participant,
        ))?;
        let rows = stmt.query_map([participant], entry)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
