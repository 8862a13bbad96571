//! Barriers as they stand now, and every assessment of them over time.

use chrono::NaiveDate;
use rusqlite::{Transaction, params};
use serde_json::json;

use super::{Result, Store, StoreError, audit, day, parse_day};
use crate::domain::plan::{Assessment, BarrierStatus};
use crate::domain::text::line;
use crate::domain::{Barrier, BarrierKind, Choice};

/// Adds one assessment to the history.
pub(super) fn record_assessment(
    tx: &Transaction,
    participant: i64,
    kind: BarrierKind,
    status: BarrierStatus,
    note: &str,
    assessed: NaiveDate,
    by: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO barrier_assessments (participant_id, kind, status, note, assessed, by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        participant,
        kind.code(),
        status.code(),
        note,
        day(assessed),
        by
    ])?;
    Ok(())
}

/// Sets a barrier's status and note as of `assessed`, and keeps the assessment.
pub(super) fn reassess(
    tx: &Transaction,
    participant: i64,
    kind: BarrierKind,
    status: BarrierStatus,
    note: &str,
    assessed: NaiveDate,
    by: &str,
) -> Result<()> {
    let changed = tx
        .prepare_cached(
            "UPDATE barriers SET status = ?3, note = ?4, assessed = ?5 \
             WHERE participant_id = ?1 AND kind = ?2",
        )?
        .execute(params![
            participant,
            kind.code(),
            status.code(),
            note,
            day(assessed)
        ])?;
    if changed == 0 {
        return Err(StoreError::NoSuchParticipant(participant));
    }
    record_assessment(tx, participant, kind, status, note, assessed, by)
}

/// Replaces the barriers ticked on the participant form. An unchanged barrier keeps its status
/// and date; a new one, or one whose note changed, is assessed today.
pub(super) fn write_barriers(
    tx: &Transaction,
    who: &str,
    id: i64,
    old: &[Barrier],
    new: &[(BarrierKind, String)],
    today: NaiveDate,
) -> Result<()> {
    tx.execute("DELETE FROM barriers WHERE participant_id = ?1", [id])?;
    for (kind, note) in new {
        let before = old.iter().find(|b| b.kind == *kind);
        let status = before.map_or(BarrierStatus::Barrier, |b| b.status);
        match before {
            Some(b) if &b.note == note => insert_barrier(tx, id, *kind, note, b.assessed, status)?,
            _ => {
                insert_barrier(tx, id, *kind, note, today, status)?;
                record_assessment(tx, id, *kind, status, note, today, who)?;
            }
        }
    }
    Ok(())
}

/// One barrier ticked for a participant, as last assessed.
pub(super) fn insert_barrier(
    tx: &Transaction,
    participant: i64,
    kind: BarrierKind,
    note: &str,
    assessed: NaiveDate,
    status: BarrierStatus,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO barriers (participant_id, kind, note, assessed, status) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        participant,
        kind.code(),
        note,
        day(assessed),
        status.code()
    ])?;
    Ok(())
}

impl Store {
    pub(super) fn barriers(&self, id: i64) -> Result<Vec<Barrier>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, note, assessed, status FROM barriers WHERE participant_id = ?1",
        )?;
        let mut out: Vec<Barrier> = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .filter_map(|r| r.ok())
            .filter_map(|(kind, note, assessed, status)| {
                Some(Barrier {
                    kind: BarrierKind::from_code(&kind)?,
                    note: line(&note),
                    assessed: parse_day(&assessed)?,
                    status: BarrierStatus::from_code(&status).unwrap_or(BarrierStatus::Barrier),
                })
            })
            .collect();
        out.sort_by_key(|b| b.kind);
        Ok(out)
    }

    /// Every assessment of a participant's barriers, by barrier and then oldest first.
    pub fn assessments(&self, participant: i64) -> Result<Vec<Assessment>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, status, note, assessed, by FROM barrier_assessments \
             WHERE participant_id = ?1 ORDER BY kind, assessed, id",
        )?;
        let rows = stmt.query_map([participant], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, status, note, assessed, by) = row?;
            let (Some(kind), Some(assessed)) =
                (BarrierKind::from_code(&kind), parse_day(&assessed))
            else {
                continue;
            };
            out.push(Assessment {
                kind,
                status: BarrierStatus::from_code(&status).unwrap_or(BarrierStatus::Barrier),
                note: line(&note),
                assessed,
                by: line(&by),
            });
        }
        out.sort_by_key(|a| a.kind);
        Ok(out)
    }

    /// Re-assesses one barrier: its status and note now, kept beside every earlier assessment.
    pub fn assess_barrier(
        &mut self,
        participant: i64,
        kind: BarrierKind,
        status: BarrierStatus,
        note: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let now = self.clock.now();
        let note = line(note);
        self.write_for(participant, |tx, who| {
            reassess(tx, participant, kind, status, &note, today, who)?;
            let changes = json!({ "kind": kind.code(), "status": status.code(), "note": note });
            audit::record(
                tx,
                who,
                now,
                Some(participant),
                "barrier",
                participant,
                "assess",
                &changes,
            )?;
            Ok(())
        })
    }
}
