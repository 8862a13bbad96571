//! The team: handing people from one key worker to another, cover while a worker is away,
//! risk flags, safeguarding concerns and the figures of the team pane. Every change to a
//! person goes with its audit row; flags and concerns derive the person's reminders again,
//! since a flag's review and an undecided concern are reminders.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rusqlite::{OptionalExtension, Row, params};
use serde_json::json;

use super::{Result, Store, StoreError, audit, day, multi, parse_day, parse_stamp, stamp};
use crate::domain::team::{
    Concern, ConcernCategory, ConcernDetails, Cover, Decision, DecisionDetails, FlagDetails,
    Handover, PersonKnows, RiskFlag, RiskKind, WorkerFigures,
};
use crate::domain::text::line;
use crate::domain::{Choice, Stage};

/// Contacts are counted over the last week and the last four weeks.
const WEEK: u64 = 7;
const FOUR_WEEKS: u64 = 28;

fn handover_row(r: &Row) -> rusqlite::Result<Handover> {
    Ok(Handover {
        participant_id: r.get(0)?,
        from: line(&r.get::<_, String>(1)?),
        to: line(&r.get::<_, String>(2)?),
        note: multi(&r.get::<_, String>(3)?),
        by: line(&r.get::<_, String>(4)?),
        at: parse_stamp(&r.get::<_, String>(5)?),
    })
}

fn cover_row(r: &Row) -> rusqlite::Result<Option<Cover>> {
    let (Some(from), Some(to)) = (
        parse_day(&r.get::<_, String>(3)?),
        parse_day(&r.get::<_, String>(4)?),
    ) else {
        return Ok(None);
    };
    Ok(Some(Cover {
        id: r.get(0)?,
        worker: line(&r.get::<_, String>(1)?),
        by: line(&r.get::<_, String>(2)?),
        from,
        to,
        note: line(&r.get::<_, String>(5)?),
    }))
}

const COVER_COLUMNS: &str = "id, worker, cover_by, from_day, to_day, note";

fn flag_row(r: &Row) -> rusqlite::Result<Option<RiskFlag>> {
    let (Some(kind), Some(review)) = (
        RiskKind::from_code(&r.get::<_, String>(0)?),
        parse_day(&r.get::<_, String>(2)?),
    ) else {
        return Ok(None);
    };
    Ok(Some(RiskFlag {
        kind,
        note: multi(&r.get::<_, String>(1)?),
        review,
        set_by: line(&r.get::<_, String>(3)?),
        set_at: parse_stamp(&r.get::<_, String>(4)?),
        reviewed_by: line(&r.get::<_, String>(5)?),
        reviewed_at: parse_stamp(&r.get::<_, String>(6)?),
    }))
}

const FLAG_COLUMNS: &str = "kind, note, review, set_by, set_at, reviewed_by, reviewed_at";

const CONCERN_COLUMNS: &str = "id, participant_id, version, seen, on_date, category, \
     action_taken, person_knows, raised_by, raised_at, decision, referred_on, reference, \
     decision_note, decided_by, decided_at";

fn concern_row(r: &Row) -> rusqlite::Result<Concern> {
    let text = |i: usize| -> rusqlite::Result<String> { r.get::<_, String>(i) };
    let opt = |i: usize| -> rusqlite::Result<Option<String>> { r.get::<_, Option<String>>(i) };
    let decision = opt(10)?
        .as_deref()
        .and_then(Decision::from_code)
        .map(|decision| -> rusqlite::Result<DecisionDetails> {
            Ok(DecisionDetails {
                decision,
                referred_on: opt(11)?.as_deref().and_then(parse_day),
                reference: line(&text(12)?),
                note: multi(&text(13)?),
            })
        })
        .transpose()?;
    Ok(Concern {
        id: r.get(0)?,
        participant_id: r.get(1)?,
        version: r.get(2)?,
        details: ConcernDetails {
            seen: multi(&text(3)?),
            on: parse_day(&text(4)?).unwrap_or_default(),
            category: ConcernCategory::from_code(&text(5)?).unwrap_or(ConcernCategory::Other),
            action_taken: multi(&text(6)?),
            person_knows: PersonKnows::from_code(&text(7)?).unwrap_or(PersonKnows::No),
        },
        raised_by: line(&text(8)?),
        raised_at: parse_stamp(&text(9)?),
        decision,
        decided_by: opt(14)?.map(|s| line(&s)),
        decided_at: opt(15)?.as_deref().map(parse_stamp),
    })
}

/// Keeps a move from one key worker to another in the person's handovers.
pub(super) fn record_handover(
    tx: &rusqlite::Transaction,
    participant: i64,
    (from, to): (&str, &str),
    note: &str,
    who: &str,
    at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO handovers (participant_id, from_worker, to_worker, note, by, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![participant, from, to, note, who, at])?;
    Ok(())
}

/// A participant's risk flags, in the order of their kinds.
fn flags_of(conn: &rusqlite::Connection, participant: i64) -> Result<Vec<RiskFlag>> {
    let mut flags: Vec<RiskFlag> = conn
        .prepare_cached(&format!(
            "SELECT {FLAG_COLUMNS} FROM risk_flags WHERE participant_id = ?1"
        ))?
        .query_map([participant], flag_row)?
        .filter_map(Result::transpose)
        .collect::<rusqlite::Result<_>>()?;
    flags.sort_by_key(|f| f.kind);
    Ok(flags)
}

impl Store {
    /// The open cases (or every case, `closed` too) of a key worker, by id.
    pub fn people_of(&self, worker: &str, closed: bool) -> Result<Vec<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id FROM participants WHERE key_worker = ?1 \
                 AND (?2 OR stage <> 'exited') ORDER BY id",
            )?
            .query_map(params![worker, closed], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Everyone who has a caseload (closed cases included), by name.
    pub fn workers(&self) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT DISTINCT key_worker FROM participants ORDER BY 1")?
            .query_map([], |r| r.get::<_, String>(0))?
            .map(|w| w.map(|w| line(&w)))
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Hands `ids` over to `to` with a note, in one transaction: each move is kept in the
    /// person's handovers and audited, and their reminders follow them. Those already with
    /// `to` are left alone. Returns the handovers made.
    pub fn reassign(&mut self, ids: &[i64], to: &str, note: &str) -> Result<Vec<Handover>> {
        self.reassign_from(None, ids, to, note)
    }

    /// `reassign`, refusing the whole handover (nobody moves) if anyone is not with `from`,
    /// checked in the same transaction as the move.
    pub fn reassign_from(
        &mut self,
        from: Option<&str>,
        ids: &[i64],
        to: &str,
        note: &str,
    ) -> Result<Vec<Handover>> {
        let to = line(to);
        let note = multi(note);
        if to.is_empty() {
            return Err(StoreError::NoWorker);
        }
        if note.is_empty() {
            return Err(StoreError::HandoverNote);
        }
        let now = self.clock.now();
        let at = stamp(now);
        self.write(|tx, who| {
            let mut made = Vec::new();
            let mut current =
                tx.prepare_cached("SELECT key_worker FROM participants WHERE id = ?1")?;
            let mut person = tx.prepare_cached(
                "UPDATE participants SET key_worker = ?2, updated_at = ?3, version = version + 1 \
                 WHERE id = ?1",
            )?;
            // Reminders are derived from the record, never from who holds it, so moving them
            // is all that following the person takes.
            let mut reminders = tx
                .prepare_cached("UPDATE reminders SET key_worker = ?2 WHERE participant_id = ?1")?;
            for &id in ids {
                let was: String = current
                    .query_row([id], |r| r.get(0))
                    .optional()?
                    .ok_or(StoreError::NoSuchParticipant(id))?;
                if from.is_some_and(|f| f != was) {
                    return Err(StoreError::NotWith(id, line(&was)));
                }
                let from = was;
                if from == to {
                    continue;
                }
                person.execute(params![id, to, at])?;
                reminders.execute(params![id, to])?;
                record_handover(tx, id, (&from, &to), &note, who, &at)?;
                audit::record(
                    tx,
                    who,
                    now,
                    Some(id),
                    "participant",
                    id,
                    "handover",
                    &json!({ "key_worker": { "from": from, "to": to }, "note": note }),
                )?;
                made.push(Handover {
                    participant_id: id,
                    from,
                    to: to.clone(),
                    note: note.clone(),
                    by: who.to_string(),
                    at: now,
                });
            }
            Ok(made)
        })
    }

    /// A participant's handovers, oldest first.
    pub fn handovers(&self, participant: i64) -> Result<Vec<Handover>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT participant_id, from_worker, to_worker, note, by, at FROM handovers \
                 WHERE participant_id = ?1 ORDER BY unixepoch(at), id",
            )?
            .query_map([participant], handover_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The latest handover of a participant while its new worker has not yet had a completed
    /// contact with them: what their brief says first.
    pub fn fresh_handover(&self, participant: i64) -> Result<Option<Handover>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT participant_id, from_worker, to_worker, note, by, at FROM handovers h \
                 WHERE participant_id = ?1 AND NOT EXISTS (SELECT 1 FROM contacts c \
                   WHERE c.participant_id = h.participant_id AND c.outcome = 'completed' \
                   AND unixepoch(c.at) >= unixepoch(h.at)) \
                 AND to_worker = (SELECT key_worker FROM participants WHERE id = ?1) \
                 ORDER BY unixepoch(at) DESC, id DESC LIMIT 1",
            )?
            .query_row([participant], handover_row)
            .optional()?)
    }

    /// Sets a colleague (`by`) to cover `worker`'s caseload from one day to another.
    pub fn add_cover(
        &mut self,
        worker: &str,
        by: &str,
        from: NaiveDate,
        to: NaiveDate,
        note: &str,
    ) -> Result<i64> {
        let (worker, by, note) = (line(worker), line(by), line(note));
        if worker.is_empty() || by.is_empty() {
            return Err(StoreError::NoWorker);
        }
        if worker == by {
            return Err(StoreError::CoverSelf);
        }
        if to < from {
            return Err(StoreError::CoverBackwards);
        }
        let now = self.clock.now();
        self.write(|tx, who| {
            tx.prepare_cached(
                "INSERT INTO covers (worker, cover_by, from_day, to_day, note, by, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                worker,
                by,
                day(from),
                day(to),
                note,
                who,
                stamp(now)
            ])?;
            let id = tx.last_insert_rowid();
            audit::record(
                tx,
                who,
                now,
                None,
                "cover",
                id,
                "create",
                &json!({ "worker": worker, "cover_by": by, "from": day(from), "to": day(to),
                         "note": note }),
            )?;
            Ok(id)
        })
    }

    /// Ends a cover early (on `last`, or before it starts if `last` is before its first day).
    pub fn end_cover(&mut self, id: i64, last: NaiveDate) -> Result<()> {
        let now = self.clock.now();
        self.write(|tx, who| {
            let n = tx
                .prepare_cached("UPDATE covers SET to_day = min(to_day, ?2) WHERE id = ?1")?
                .execute(params![id, day(last)])?;
            if n == 0 {
                return Err(StoreError::Stale);
            }
            audit::record(
                tx,
                who,
                now,
                None,
                "cover",
                id,
                "end",
                &json!({ "to": day(last) }),
            )?;
            Ok(())
        })
    }

    /// Covers running on `on` or later, by first day.
    pub fn covers(&self, on: NaiveDate) -> Result<Vec<Cover>> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COVER_COLUMNS} FROM covers WHERE to_day >= ?1 AND to_day >= from_day \
                 ORDER BY from_day, id"
            ))?
            .query_map([day(on)], cover_row)?
            .filter_map(Result::transpose)
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The workers `by` covers on `on`, each with the last day of that cover: whose
    /// reminders (due by then) also come to them.
    pub fn covering(&self, by: &str, on: NaiveDate) -> Result<Vec<(String, NaiveDate)>> {
        let mut out: Vec<(String, NaiveDate)> = self
            .conn
            .prepare_cached(
                "SELECT worker, max(to_day) FROM covers WHERE cover_by = ?1 \
                 AND from_day <= ?2 AND to_day >= ?2 GROUP BY 1 ORDER BY 1",
            )?
            .query_map(params![by, day(on)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .filter_map(|r| match r {
                Ok((w, to)) => parse_day(&to).map(|to| Ok((w, to))),
                Err(e) => Some(Err(e)),
            })
            .collect::<rusqlite::Result<_>>()?;
        out.retain(|(w, _)| w != by);
        Ok(out)
    }

    /// A participant's risk flags, in the order of their kinds.
    pub fn risk_flags(&self, participant: i64) -> Result<Vec<RiskFlag>> {
        flags_of(&self.conn, participant)
    }

    /// Sets a participant's flags to `flags`, all to be reviewed by `review`: a new flag is
    /// set by me now, a kept one is marked reviewed by me now, and one left out is removed.
    /// Each change is audited.
    pub fn save_risk_flags(
        &mut self,
        participant: i64,
        flags: &[FlagDetails],
        review: NaiveDate,
    ) -> Result<()> {
        let now = self.clock.now();
        let at = stamp(now);
        self.write_for(participant, |tx, who| {
            // Read inside the write, so a colleague's change just before is what this one
            // adds to, reviews or removes.
            let before = flags_of(tx, participant)?;
            for f in flags {
                let note = multi(&f.note);
                let had = before.iter().find(|b| b.kind == f.kind);
                tx.prepare_cached(
                    "INSERT INTO risk_flags (participant_id, kind, note, review, set_by, set_at, \
                     reviewed_by, reviewed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6) \
                     ON CONFLICT (participant_id, kind) DO UPDATE SET note = excluded.note, \
                     review = excluded.review, reviewed_by = excluded.reviewed_by, \
                     reviewed_at = excluded.reviewed_at",
                )?
                .execute(params![
                    participant,
                    f.kind.code(),
                    note,
                    day(review),
                    who,
                    at
                ])?;
                let action = if had.is_some() { "review" } else { "create" };
                audit::record(
                    tx,
                    who,
                    now,
                    Some(participant),
                    "risk_flag",
                    participant,
                    action,
                    &json!({ "kind": f.kind.code(), "note": note, "review": day(review) }),
                )?;
            }
            for gone in before
                .iter()
                .filter(|b| flags.iter().all(|f| f.kind != b.kind))
            {
                tx.prepare_cached(
                    "DELETE FROM risk_flags WHERE participant_id = ?1 AND kind = ?2",
                )?
                .execute(params![participant, gone.kind.code()])?;
                audit::record(
                    tx,
                    who,
                    now,
                    Some(participant),
                    "risk_flag",
                    participant,
                    "remove",
                    &json!({ "kind": gone.kind.code() }),
                )?;
            }
            Ok(())
        })
    }

    /// Records a safeguarding concern; returns its id. It stays every lead's reminder until
    /// one records a decision.
    pub fn raise_concern(&mut self, participant: i64, d: &ConcernDetails) -> Result<i64> {
        let now = self.clock.now();
        let (seen, action_taken) = (multi(&d.seen), multi(&d.action_taken));
        self.write_for(participant, |tx, who| {
            tx.prepare_cached(
                "INSERT INTO concerns (participant_id, seen, on_date, category, action_taken, \
                 person_knows, raised_by, raised_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                participant,
                seen,
                day(d.on),
                d.category.code(),
                action_taken,
                d.person_knows.code(),
                who,
                stamp(now)
            ])?;
            let id = tx.last_insert_rowid();
            audit::record(
                tx,
                who,
                now,
                Some(participant),
                "concern",
                id,
                "create",
                &json!({ "on": day(d.on), "category": d.category.code(),
                         "seen": seen, "action_taken": action_taken,
                         "person_knows": d.person_knows.code() }),
            )?;
            Ok(id)
        })
    }

    /// A lead's decision on a concern, refused if a colleague decided meanwhile.
    pub fn decide_concern(&mut self, id: i64, version: i64, d: &DecisionDetails) -> Result<()> {
        let now = self.clock.now();
        self.write_refreshing(|tx, who| {
            let (participant, decided_by): (i64, Option<String>) = tx
                .prepare_cached("SELECT participant_id, decided_by FROM concerns WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .ok_or(StoreError::Stale)?;
            // One decision closes a concern: a second lead's is refused, never written over it.
            if let Some(by) = decided_by {
                return Err(StoreError::AlreadyDecided(line(&by)));
            }
            let n = tx
                .prepare_cached(
                    "UPDATE concerns SET decision = ?3, referred_on = ?4, reference = ?5, \
                     decision_note = ?6, decided_by = ?7, decided_at = ?8, version = version + 1 \
                     WHERE id = ?1 AND version = ?2",
                )?
                .execute(params![
                    id,
                    version,
                    d.decision.code(),
                    d.referred_on.map(day),
                    line(&d.reference),
                    multi(&d.note),
                    who,
                    stamp(now)
                ])?;
            if n == 0 {
                return Err(StoreError::Stale);
            }
            audit::record(
                tx,
                who,
                now,
                Some(participant),
                "concern",
                id,
                "decide",
                &json!({ "decision": d.decision.code(), "referred_on": d.referred_on.map(day),
                         "reference": line(&d.reference), "note": multi(&d.note) }),
            )?;
            Ok(((), participant))
        })
    }

    pub fn concern(&self, id: i64) -> Result<Option<Concern>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {CONCERN_COLUMNS} FROM concerns WHERE id = ?1"
            ))?
            .query_row([id], concern_row)
            .optional()?)
    }

    /// A participant's concerns, newest first.
    pub fn concerns(&self, participant: i64) -> Result<Vec<Concern>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {CONCERN_COLUMNS} FROM concerns WHERE participant_id = ?1 \
                 ORDER BY on_date DESC, id DESC"
            ))?
            .query_map([participant], concern_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Each key worker's figures as of `today`, by name: everyone with an open case or a
    /// contact in the last four weeks.
    pub fn team_figures(&self, today: NaiveDate) -> Result<Vec<WorkerFigures>> {
        let mut lines: BTreeMap<String, WorkerFigures> = BTreeMap::new();
        fn of(lines: &mut BTreeMap<String, WorkerFigures>, w: String) -> &mut WorkerFigures {
            let w = line(&w);
            lines.entry(w.clone()).or_insert_with(|| WorkerFigures {
                worker: w,
                ..Default::default()
            })
        }
        let quiet_since = day(today - Days::new(FOUR_WEEKS));
        // Every open case is read, so one pass over the table beats the worker index and a
        // lookup per row for the dates it lacks (10 ms against 17 at 10,000 people).
        let mut stmt = self.conn.prepare_cached(
            "SELECT key_worker, stage, count(*), \
             sum(coalesce(last_contact, referral_date, substr(created_at, 1, 10)) < ?1), \
             sum(failed_attempts >= 3) \
             FROM participants NOT INDEXED WHERE stage <> 'exited' GROUP BY 1, 2",
        )?;
        let mut rows = stmt.query([&quiet_since])?;
        while let Some(r) = rows.next()? {
            let Some(i) = Stage::from_code(&r.get::<_, String>(1)?)
                .and_then(|s| Stage::ALL.iter().position(|x| *x == s))
            else {
                continue;
            };
            let (n, quiet, missed): (u32, u32, u32) = (r.get(2)?, r.get(3)?, r.get(4)?);
            let l = of(&mut lines, r.get(0)?);
            l.open += n;
            l.by_stage[i] += n;
            l.quiet_28 += quiet;
            l.missed_3 += missed;
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT key_worker, count(*) FROM reminders WHERE due < ?1 \
             AND kind <> 'safeguarding' GROUP BY 1",
        )?;
        let mut rows = stmt.query([day(today)])?;
        while let Some(r) = rows.next()? {
            let n: u32 = r.get(1)?;
            if let Some(l) = lines.get_mut(&line(&r.get::<_, String>(0)?)) {
                l.overdue += n;
            }
        }
        // Contacts count for whoever made them, so cover shows in the coverer's work.
        let week = day(today - Days::new(WEEK - 1));
        let month = day(today - Days::new(FOUR_WEEKS - 1));
        let mut stmt = self.conn.prepare_cached(
            "SELECT by, count(*), sum(coalesce(duration_minutes, 0)), \
             sum(at >= ?2), sum(CASE WHEN at >= ?2 THEN coalesce(duration_minutes, 0) END) \
             FROM contacts WHERE at >= ?1 AND at < ?3 \
             AND NOT EXISTS (SELECT 1 FROM contacts newer WHERE newer.amends = contacts.id) \
             GROUP BY 1",
        )?;
        let end = day(today + Days::new(1));
        let mut rows = stmt.query(params![month, week, end])?;
        while let Some(r) = rows.next()? {
            let l = of(&mut lines, r.get(0)?);
            l.contacts_28 += r.get::<_, u32>(1)?;
            l.minutes_28 += r.get::<_, u32>(2)?;
            l.contacts_7 += r.get::<_, Option<u32>>(3)?.unwrap_or(0);
            l.minutes_7 += r.get::<_, Option<u32>>(4)?.unwrap_or(0);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.key_worker, count(*) FROM referrals r \
             JOIN participants p ON p.id = r.participant_id \
             WHERE r.status NOT IN ('declined', 'closed', 'refused') GROUP BY 1",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let n: u32 = r.get(1)?;
            if let Some(l) = lines.get_mut(&line(&r.get::<_, String>(0)?)) {
                l.open_referrals += n;
            }
        }
        Ok(lines.into_values().collect())
    }
}
