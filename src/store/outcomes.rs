//! Formal outcomes, soft outcome scores, discretionary spend, and closing and reopening a case.
//! Each is appended (never edited in place) and audited in the same transaction.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use super::{
    Made, Result, Store, StoreError, audit, day, parse_day, parse_stamp, participants, stamp,
};
use crate::domain::outcome::{
    Exit, ExitReason, FormalOutcome, Occasion, OutcomeKind, Sitting, SoftScore, Spend,
    SpendCategory,
};
use crate::domain::text::{Lines, clean, line};
use crate::domain::{Choice, Stage};

/// A payment to record.
#[derive(Debug, Clone)]
pub struct NewSpend {
    pub on: NaiveDate,
    pub pence: i64,
    pub category: SpendCategory,
    pub note: String,
    pub approved_by: String,
}

fn date(s: &str) -> NaiveDate {
    parse_day(s).unwrap_or_default()
}

impl Store {
    pub fn outcomes(&self, id: i64) -> Result<Vec<FormalOutcome>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, on_date, evidence, by, at FROM outcomes \
             WHERE participant_id = ?1 ORDER BY on_date, id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(FormalOutcome {
                id: r.get(0)?,
                kind: OutcomeKind::from_code(&r.get::<_, String>(1)?)
                    .unwrap_or(OutcomeKind::JobStart),
                on: date(&r.get::<_, String>(2)?),
                evidence: clean(&r.get::<_, String>(3)?, Lines::Multi).into_owned(),
                by: line(&r.get::<_, String>(4)?),
                at: parse_stamp(&r.get::<_, String>(5)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn add_outcome(
        &mut self,
        id: i64,
        kind: OutcomeKind,
        on: NaiveDate,
        evidence: &str,
    ) -> Result<i64> {
        let at = self.clock.now();
        let evidence = clean(evidence, Lines::Multi).into_owned();
        self.write_for(id, |tx, who| {
            let row = insert_outcome(
                tx,
                id,
                kind,
                on,
                &evidence,
                Made {
                    by: who,
                    at: &stamp(at),
                },
            )?;
            audit::record(
                tx,
                who,
                at,
                Some(id),
                "outcome",
                row,
                "add",
                &json!({ "kind": kind.code(), "on": day(on), "evidence": evidence }),
            )?;
            Ok(row)
        })
    }

    /// Every score, oldest first.
    pub fn soft_scores(&self, id: i64) -> Result<Vec<SoftScore>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT scale, score, on_date, occasion, by FROM soft_scores \
             WHERE participant_id = ?1 ORDER BY on_date, id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(SoftScore {
                scale: line(&r.get::<_, String>(0)?),
                score: r.get(1)?,
                on: date(&r.get::<_, String>(2)?),
                occasion: Occasion::from_code(&r.get::<_, String>(3)?).unwrap_or(Occasion::Review),
                by: line(&r.get::<_, String>(4)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Scores several scales at one sitting.
    pub fn add_scores(
        &mut self,
        id: i64,
        occasion: Occasion,
        on: NaiveDate,
        scores: &[(String, u8)],
    ) -> Result<()> {
        let at = self.clock.now();
        self.write_for(id, |tx, who| {
            let sitting: Sitting = (occasion, on, scores.to_vec());
            insert_scores(
                tx,
                id,
                &sitting,
                Made {
                    by: who,
                    at: &stamp(at),
                },
            )?;
            let map: serde_json::Map<String, serde_json::Value> =
                scores.iter().map(|(s, v)| (s.clone(), json!(v))).collect();
            audit::record(
                tx,
                who,
                at,
                Some(id),
                "soft_scores",
                id,
                "add",
                &json!({ "occasion": occasion.code(), "on": day(on), "scores": map }),
            )
        })
    }

    pub fn spend(&self, id: i64) -> Result<Vec<Spend>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, on_date, pence, category, note, approved_by, by FROM spend \
             WHERE participant_id = ?1 ORDER BY on_date, id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(Spend {
                id: r.get(0)?,
                on: date(&r.get::<_, String>(1)?),
                pence: r.get(2)?,
                category: SpendCategory::from_code(&r.get::<_, String>(3)?)
                    .unwrap_or(SpendCategory::Other),
                note: line(&r.get::<_, String>(4)?),
                approved_by: line(&r.get::<_, String>(5)?),
                by: line(&r.get::<_, String>(6)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn add_spend(&mut self, id: i64, s: &NewSpend) -> Result<i64> {
        let at = self.clock.now();
        let (note, approved) = (line(&s.note), line(&s.approved_by));
        self.write_for(id, |tx, who| {
            let row = insert_spend(
                tx,
                id,
                s,
                Made {
                    by: who,
                    at: &stamp(at),
                },
            )?;
            audit::record(
                tx,
                who,
                at,
                Some(id),
                "spend",
                row,
                "add",
                &json!({ "on": day(s.on), "pence": s.pence, "category": s.category.code(),
                         "note": note, "approved_by": approved }),
            )?;
            Ok(row)
        })
    }

    /// How the case was closed, while it is closed.
    pub fn exit_of(&self, id: i64) -> Result<Option<Exit>> {
        let row: Option<(Option<String>, Option<String>, String)> = self
            .conn
            .prepare_cached(
                "SELECT exit_reason, exit_date, exit_note FROM participants WHERE id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((reason, on, note)) = row else {
            return Err(StoreError::NoSuchParticipant(id));
        };
        Ok(
            match (reason.as_deref().and_then(ExitReason::from_code), on) {
                (Some(reason), Some(on)) => Some(Exit {
                    reason,
                    on: date(&on),
                    note: line(&note),
                }),
                _ => None,
            },
        )
    }

    /// Closes a case edited on top of `version`; the stage history keeps why.
    pub fn exit_participant(&mut self, id: i64, version: i64, exit: &Exit) -> Result<()> {
        let at = self.clock.now();
        let note = line(&exit.note);
        let from = self.participant(id)?.details.stage;
        self.write_for(id, |tx, who| {
            set_stage(
                tx,
                (id, version),
                Stage::Exited,
                exit.on,
                Some(exit),
                &note,
                at,
            )?;
            participants::record_stage(
                tx,
                id,
                Some(from),
                Stage::Exited,
                at,
                who,
                Some(exit.reason.code()),
            )?;
            audit::record(
                tx,
                who,
                at,
                Some(id),
                "participant",
                id,
                "exit",
                &json!({ "stage": [from.code(), "exited"], "reason": exit.reason.code(),
                         "on": day(exit.on), "note": note }),
            )
        })
    }

    /// Reopens a closed case at the stage it was closed from.
    pub fn reopen_participant(&mut self, id: i64, version: i64, today: NaiveDate) -> Result<Stage> {
        let now = self.clock.now();
        let back: Option<String> = self
            .conn
            .query_row(
                "SELECT from_stage FROM stage_history WHERE participant_id = ?1 \
                 AND to_stage = 'exited' ORDER BY unixepoch(at) DESC, id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let to = back
            .as_deref()
            .and_then(Stage::from_code)
            .filter(|s| *s != Stage::Exited)
            .unwrap_or(Stage::Engaged);
        self.write_for(id, |tx, who| {
            set_stage(tx, (id, version), to, today, None, "", now)?;
            participants::record_stage(
                tx,
                id,
                Some(Stage::Exited),
                to,
                now,
                who,
                Some("reopened"),
            )?;
            audit::record(
                tx,
                who,
                now,
                Some(id),
                "participant",
                id,
                "reopen",
                &json!({ "stage": ["exited", to.code()] }),
            )
        })?;
        Ok(to)
    }
}

/// A formal outcome; returns its id.
pub(super) fn insert_outcome(
    tx: &Transaction,
    participant: i64,
    kind: OutcomeKind,
    on: NaiveDate,
    evidence: &str,
    made: Made,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO outcomes (participant_id, kind, on_date, evidence, by, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        participant,
        kind.code(),
        day(on),
        evidence,
        made.by,
        made.at
    ])?;
    Ok(tx.last_insert_rowid())
}

/// One sitting's soft outcome scores, a row a scale.
pub(super) fn insert_scores(
    tx: &Transaction,
    participant: i64,
    (occasion, on, scores): &Sitting,
    made: Made,
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO soft_scores (participant_id, scale, score, on_date, occasion, by, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (scale, score) in scores {
        stmt.execute(params![
            participant,
            line(scale),
            score,
            day(*on),
            occasion.code(),
            made.by,
            made.at
        ])?;
    }
    Ok(())
}

/// Discretionary spend; returns its id.
pub(super) fn insert_spend(
    tx: &Transaction,
    participant: i64,
    s: &NewSpend,
    made: Made,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO spend (participant_id, on_date, pence, category, note, approved_by, by, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        participant,
        day(s.on),
        s.pence,
        s.category.code(),
        line(&s.note),
        line(&s.approved_by),
        made.by,
        made.at
    ])?;
    Ok(tx.last_insert_rowid())
}

/// `row` is the participant's id and the version the change was made from.
fn set_stage(
    tx: &Transaction,
    (id, version): (i64, i64),
    stage: Stage,
    since: NaiveDate,
    exit: Option<&Exit>,
    note: &str,
    at: DateTime<FixedOffset>,
) -> Result<()> {
    let changed = tx.execute(
        "UPDATE participants SET stage = ?1, stage_since = ?2, exit_reason = ?3, \
         exit_date = ?4, exit_note = ?5, updated_at = ?6, version = version + 1 \
         WHERE id = ?7 AND version = ?8",
        params![
            stage.code(),
            day(since),
            exit.map(|e| e.reason.code()),
            exit.map(|e| day(e.on)),
            note,
            stamp(at),
            id,
            version
        ],
    )?;
    if changed == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}
