//! Appointments: booked, moved (the old time and the reason kept), and closed by the contact
//! logged against them. Each write brings the participant's earliest booking, which the
//! caseload shows, and their reminders up to date in the same transaction.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde_json::json;

use super::{Made, Result, Store, StoreError, audit, parse_stamp, scoped, stamp};
use crate::domain::Choice;
use crate::domain::appointment::{
    Appointment, AppointmentDetails, AppointmentKind, AppointmentStatus, Attendees, Move,
    MoveReason,
};
use crate::domain::text::line;

const COLUMNS: &str = "id, participant_id, uid, at, minutes, kind, place, with_whom, note, \
     status, contact_id, version, by";

fn appointment_row(r: &Row) -> rusqlite::Result<Appointment> {
    let text = |i: usize| -> rusqlite::Result<String> { Ok(line(&r.get::<_, String>(i)?)) };
    Ok(Appointment {
        id: r.get(0)?,
        participant_id: r.get(1)?,
        uid: text(2)?,
        details: AppointmentDetails {
            at: parse_stamp(&text(3)?),
            minutes: r.get(4)?,
            kind: AppointmentKind::from_code(&text(5)?).unwrap_or(AppointmentKind::Call),
            place: text(6)?,
            with: Attendees::from_code(&text(7)?).unwrap_or(Attendees::Participant),
            note: text(8)?,
        },
        status: AppointmentStatus::from_code(&text(9)?).unwrap_or(AppointmentStatus::Booked),
        contact_id: r.get(10)?,
        version: r.get(11)?,
        moves: Vec::new(),
        by: text(12)?,
    })
}

/// Keeps the participant's earliest booked appointment on their row, for the caseload.
pub(super) fn refresh_booked(tx: &Transaction, participant: Option<i64>) -> Result<()> {
    tx.prepare_cached(&scoped(
        "UPDATE participants SET booked = (SELECT a.at FROM appointments a \
         WHERE a.participant_id = participants.id AND a.status = 'booked' \
         ORDER BY unixepoch(a.at) LIMIT 1) WHERE {one}",
        "id",
        participant,
    ))?
    .execute([participant])?;
    Ok(())
}

/// Books an appointment; returns its id. The uid names it in calendars for good, however
/// often it moves.
pub(super) fn insert_appointment(
    tx: &Transaction,
    participant: i64,
    d: &AppointmentDetails,
    made: Made,
) -> Result<i64> {
    // A clash of uids would make a calendar merge two appointments: the id is unique in this
    // file, the time it was made and the random tail make it unique across files.
    let tail = fastrand::u64(..);
    tx.prepare_cached(
        "INSERT INTO appointments (participant_id, uid, at, minutes, kind, place, with_whom, \
         note, by, made_at) VALUES (?1, '', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        participant,
        stamp(d.at),
        d.minutes,
        d.kind.code(),
        line(&d.place),
        d.with.code(),
        line(&d.note),
        made.by,
        made.at,
    ])?;
    let id = tx.last_insert_rowid();
    let uid = format!(
        "{id}-{}-{tail:016x}@keyworker",
        made.at.get(..10).unwrap_or("")
    );
    tx.prepare_cached("UPDATE appointments SET uid = ?2 WHERE id = ?1")?
        .execute(params![id, uid])?;
    audit::record(
        tx,
        made.by,
        parse_stamp(made.at),
        Some(participant),
        "appointment",
        id,
        "create",
        &json!({
            "at": stamp(d.at),
            "minutes": d.minutes,
            "kind": d.kind.code(),
            "place": line(&d.place),
            "with": d.with.code(),
            "note": line(&d.note),
        }),
    )?;
    refresh_booked(tx, Some(participant))?;
    Ok(id)
}

/// Closes a booked appointment with the contact logged against it.
pub(super) fn close(
    tx: &Transaction,
    who: &str,
    at: DateTime<FixedOffset>,
    appointment: i64,
    contact: i64,
    status: AppointmentStatus,
) -> Result<()> {
    let participant: Option<i64> = tx
        .prepare_cached(
            "UPDATE appointments SET status = ?2, contact_id = ?3, version = version + 1 \
             WHERE id = ?1 AND status = 'booked' RETURNING participant_id",
        )?
        .query_row(params![appointment, status.code(), contact], |r| r.get(0))
        .optional()?;
    // Someone else closed it first: the contact stands on its own.
    let Some(participant) = participant else {
        return Ok(());
    };
    audit::record(
        tx,
        who,
        at,
        Some(participant),
        "appointment",
        appointment,
        "close",
        &json!({ "status": status.code(), "contact": contact }),
    )?;
    refresh_booked(tx, Some(participant))
}

impl Store {
    /// Books an appointment for a participant.
    pub fn book(&mut self, participant: i64, d: &AppointmentDetails) -> Result<i64> {
        let at = self.clock.now();
        self.write_for(participant, |tx, who| {
            insert_appointment(
                tx,
                participant,
                d,
                Made {
                    by: who,
                    at: &stamp(at),
                },
            )
        })
    }

    /// Moves a booked appointment to another time, keeping the old one and the reason. A
    /// move made on an older version than the stored one is refused, like any stale edit.
    pub fn move_appointment(
        &mut self,
        id: i64,
        version: i64,
        to: DateTime<FixedOffset>,
        reason: MoveReason,
        note: &str,
    ) -> Result<()> {
        let now = self.clock.now();
        let old = self.appointment(id)?.ok_or(StoreError::Stale)?;
        if old.version != version || old.status != AppointmentStatus::Booked {
            return Err(StoreError::Stale);
        }
        let participant = old.participant_id;
        self.write_for(participant, |tx, who| {
            let changed = tx
                .prepare_cached(
                    "UPDATE appointments SET at = ?2, version = version + 1 \
                     WHERE id = ?1 AND version = ?3 AND status = 'booked'",
                )?
                .execute(params![id, stamp(to), version])?;
            if changed == 0 {
                return Err(StoreError::Stale);
            }
            tx.prepare_cached(
                "INSERT INTO appointment_moves (appointment_id, participant_id, from_at, to_at, \
                 reason, note, by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                id,
                participant,
                stamp(old.details.at),
                stamp(to),
                reason.code(),
                line(note),
                who,
                stamp(now)
            ])?;
            audit::record(
                tx,
                who,
                now,
                Some(participant),
                "appointment",
                id,
                "move",
                &json!({
                    "at": [stamp(old.details.at), stamp(to)],
                    "reason": reason.code(),
                    "note": line(note),
                }),
            )?;
            refresh_booked(tx, Some(participant))
        })
    }

    pub fn appointment(&self, id: i64) -> Result<Option<Appointment>> {
        let found = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM appointments WHERE id = ?1"))?
            .query_row([id], appointment_row)
            .optional()?;
        let Some(mut a) = found else {
            return Ok(None);
        };
        a.moves = self.moves_of(id)?;
        Ok(Some(a))
    }

    fn moves_of(&self, appointment: i64) -> Result<Vec<Move>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT from_at, to_at, reason, note, by, at FROM appointment_moves \
             WHERE appointment_id = ?1 ORDER BY unixepoch(at), id",
        )?;
        let rows = stmt.query_map([appointment], |r| {
            Ok(Move {
                from: parse_stamp(&r.get::<_, String>(0)?),
                to: parse_stamp(&r.get::<_, String>(1)?),
                reason: MoveReason::from_code(&r.get::<_, String>(2)?).unwrap_or(MoveReason::Other),
                note: line(&r.get::<_, String>(3)?),
                by: line(&r.get::<_, String>(4)?),
                at: parse_stamp(&r.get::<_, String>(5)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every appointment of a participant, booked or closed, with their moves, by time.
    pub fn appointments(&self, participant: i64) -> Result<Vec<Appointment>> {
        let list: Vec<Appointment> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM appointments WHERE participant_id = ?1 \
                 ORDER BY unixepoch(at), id"
            ))?
            .query_map([participant], appointment_row)?
            .collect::<rusqlite::Result<_>>()?;
        list.into_iter()
            .map(|mut a| {
                a.moves = self.moves_of(a.id)?;
                Ok(a)
            })
            .collect()
    }

    /// The appointment a contact on `day` is logged against: the participant's earliest one
    /// still booked for that day or before.
    pub fn appointment_due(&self, participant: i64, day: NaiveDate) -> Result<Option<Appointment>> {
        Ok(self
            .appointments(participant)?
            .into_iter()
            .find(|a| a.status == AppointmentStatus::Booked && a.details.at.date_naive() <= day))
    }

    /// Booked appointments in scope up to `until`, with the participant's name: for
    /// calendars.
    pub fn booked(
        &self,
        worker: Option<&str>,
        until: NaiveDate,
    ) -> Result<Vec<(Appointment, String)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {}, p.name FROM appointments a JOIN participants p ON p.id = a.participant_id \
             WHERE a.status = 'booked' AND substr(a.at, 1, 10) <= ?2 \
             AND (?1 IS NULL OR p.key_worker = ?1) ORDER BY unixepoch(a.at), a.id",
            COLUMNS
                .split(", ")
                .map(|c| format!("a.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let rows = stmt.query_map(params![worker, super::day(until)], |r| {
            Ok((appointment_row(r)?, line(&r.get::<_, String>(13)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
