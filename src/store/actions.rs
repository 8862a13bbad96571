//! Plan actions: a step with an owner, a date and a status.

use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde_json::json;

use super::{Result, Store, StoreError, audit, day, parse_day, parse_stamp, stamp};
use crate::domain::Choice;
use crate::domain::plan::{Action, ActionDetails, ActionStatus, Owner};
use crate::domain::text::line;

const COLUMNS: &str = "id, text, owner, due, status, version, created_at";

fn action_row(r: &Row) -> rusqlite::Result<Action> {
    Ok(Action {
        id: r.get(0)?,
        details: ActionDetails {
            text: line(&r.get::<_, String>(1)?),
            owner: Owner::from_code(&r.get::<_, String>(2)?).unwrap_or(Owner::Participant),
            due: r
                .get::<_, Option<String>>(3)?
                .as_deref()
                .and_then(parse_day),
            status: ActionStatus::from_code(&r.get::<_, String>(4)?).unwrap_or(ActionStatus::Open),
        },
        version: r.get(5)?,
        created_at: parse_stamp(&r.get::<_, String>(6)?),
    })
}

fn details_json(d: &ActionDetails) -> serde_json::Value {
    json!({
        "text": d.text,
        "owner": d.owner.code(),
        "due": d.due.map(day),
        "status": d.status.code(),
    })
}

/// Adds an action with its audit record.
pub(super) fn insert_action(
    tx: &Transaction,
    who: &str,
    participant: i64,
    d: &ActionDetails,
    at: DateTime<FixedOffset>,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO actions (participant_id, text, owner, due, status, created_at, \
         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![
        participant,
        d.text,
        d.owner.code(),
        d.due.map(day),
        d.status.code(),
        stamp(at)
    ])?;
    let id = tx.last_insert_rowid();
    audit::record(
        tx,
        who,
        at,
        Some(participant),
        "action",
        id,
        "create",
        &details_json(d),
    )?;
    Ok(id)
}

impl Store {
    /// A participant's actions: open ones first by due date (undated last), then the rest,
    /// newest first.
    pub fn actions(&self, participant: i64) -> Result<Vec<Action>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM actions WHERE participant_id = ?1 \
             ORDER BY status <> 'open', CASE WHEN status = 'open' THEN due IS NULL END, \
             CASE WHEN status = 'open' THEN due END, id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([participant], action_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn action(&self, id: i64) -> Result<Option<Action>> {
        let sql = format!("SELECT {COLUMNS} FROM actions WHERE id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], action_row)
            .optional()?)
    }

    pub fn add_action(&mut self, participant: i64, d: &ActionDetails) -> Result<i64> {
        let now = self.clock.now();
        let text = line(&d.text);
        let d = ActionDetails { text, ..d.clone() };
        self.write_for(participant, |tx, who| {
            insert_action(tx, who, participant, &d, now)
        })
    }

    /// Saves an action edited from `version`; a stale edit is refused.
    pub fn update_action(&mut self, id: i64, version: i64, d: &ActionDetails) -> Result<()> {
        let at = self.clock.now();
        let old = self.action(id)?.ok_or(StoreError::Stale)?;
        let new = ActionDetails {
            text: line(&d.text),
            ..d.clone()
        };
        self.write_refreshing(|tx, who| {
            let changed = tx
                .prepare_cached(
                    "UPDATE actions SET text = ?2, owner = ?3, due = ?4, status = ?5, \
                     updated_at = ?6, version = version + 1 WHERE id = ?1 AND version = ?7",
                )?
                .execute(params![
                    id,
                    new.text,
                    new.owner.code(),
                    new.due.map(day),
                    new.status.code(),
                    stamp(at),
                    version
                ])?;
            if changed == 0 {
                return Err(StoreError::Stale);
            }
            let participant: i64 = tx.query_row(
                "SELECT participant_id FROM actions WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            let changes =
                json!({ "before": details_json(&old.details), "after": details_json(&new) });
            audit::record(
                tx,
                who,
                at,
                Some(participant),
                "action",
                id,
                "update",
                &changes,
            )?;
            Ok(((), participant))
        })
    }
}
