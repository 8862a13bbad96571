//! Contacts: appended, never edited in place. An amendment is a new row pointing at the one it
//! replaces, so what was first written stays on record.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde_json::json;

use super::{
    Result, Store, StoreError, actions, appointments, audit, day, multi, parse_day, parse_stamp,
    stamp,
};
use crate::domain::Choice;
use crate::domain::appointment::{AppointmentDetails, closed_by};
use crate::domain::contact::{Contact, ContactChannel, ContactDetails, InWork, Outcome, With};
use crate::domain::plan::ActionDetails;
use crate::domain::text::line;

const COLUMNS: &str = "id, participant_id, at, channel, with_whom, outcome, duration_minutes, \
     notes, role_going, changes, needs, next_contact, amends, by, recorded_at";

/// Only the newest version of each contact.
const CURRENT: &str = "NOT EXISTS (SELECT 1 FROM contacts newer WHERE newer.amends = contacts.id)";

fn contact_row(r: &Row) -> rusqlite::Result<Contact> {
    let text = |i: usize| -> rusqlite::Result<String> {
        Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
    };
    let role_going: Option<String> = r.get(8)?;
    let in_work = role_going.map(|role| -> rusqlite::Result<InWork> {
        Ok(InWork {
            role_going: multi(&role),
            changes: multi(&text(9)?),
            needs: multi(&text(10)?),
        })
    });
    Ok(Contact {
        id: r.get(0)?,
        participant_id: r.get(1)?,
        details: ContactDetails {
            at: parse_stamp(&text(2)?),
            channel: ContactChannel::from_code(&text(3)?).unwrap_or(ContactChannel::Phone),
            with: With::from_code(&text(4)?).unwrap_or(With::Participant),
            outcome: Outcome::from_code(&text(5)?).unwrap_or(Outcome::Completed),
            duration_minutes: r.get(6)?,
            notes: multi(&text(7)?),
            in_work: in_work.transpose()?,
            next_contact: parse_day(&text(11)?),
        },
        amends: r.get(12)?,
        by: line(&text(13)?),
        recorded_at: parse_stamp(&text(14)?),
    })
}

/// Brings the participant's caseload summary up to date with their contacts: the last
/// completed contact, the next contact agreed (from the newest contact), and how many failed
/// attempts came since the last completed one.
///
/// Stamps keep the offset they were made in, so they are ordered as instants (`unixepoch`),
/// never as text: when the clocks go back, a call at 01:10+00:00 came after one at
/// 01:50+01:00, though its text sorts first.
pub(super) fn refresh_summary(tx: &Transaction, participant: i64) -> Result<()> {
    tx.prepare_cached(&format!(
        "UPDATE participants SET \
           last_contact = (SELECT max(substr(at, 1, 10)) FROM contacts \
              WHERE participant_id = ?1 AND outcome = 'completed' AND {CURRENT}), \
           next_contact = (SELECT next_contact FROM contacts \
              WHERE participant_id = ?1 AND {CURRENT} ORDER BY unixepoch(at) DESC, id DESC LIMIT 1), \
           failed_attempts = (SELECT count(*) FROM contacts \
              WHERE participant_id = ?1 AND {CURRENT} \
              AND outcome IN ('no_answer', 'left_message', 'did_not_attend') \
              AND unixepoch(at) > coalesce((SELECT max(unixepoch(at)) FROM contacts \
                  WHERE participant_id = ?1 AND outcome = 'completed' AND {CURRENT}), -1e18)) \
         WHERE id = ?1"
    ))?
    .execute([participant])?;
    Ok(())
}

/// The caseload summary worked out from contacts in hand (oldest first, none amended), for
/// bulk writers: the same answer as `refresh_summary` without reading them back.
pub(super) fn set_summary(
    tx: &Transaction,
    participant: i64,
    contacts: &[ContactDetails],
) -> Result<()> {
    let last = contacts
        .iter()
        .rev()
        .find(|c| c.outcome == Outcome::Completed);
    let failed = contacts
        .iter()
        .filter(|c| c.outcome.is_failed_attempt() && last.is_none_or(|l| c.at > l.at))
        .count();
    let next = contacts
        .iter()
        .max_by_key(|c| c.at)
        .and_then(|c| c.next_contact);
    tx.prepare_cached(
        "UPDATE participants SET last_contact = ?2, next_contact = ?3, failed_attempts = ?4 \
         WHERE id = ?1",
    )?
    .execute(params![
        participant,
        last.map(|c| day(c.at.date_naive())),
        next.map(day),
        failed as i64
    ])?;
    Ok(())
}

/// Writes one contact (and no more): for bulk writers, which refresh the summary once.
pub(super) fn insert_contact(
    tx: &Transaction,
    who: &str,
    participant: i64,
    d: &ContactDetails,
    amends: Option<i64>,
    recorded_at: &str,
) -> Result<i64> {
    let in_work = d.in_work.as_ref();
    tx.prepare_cached(
        "INSERT INTO contacts (participant_id, at, channel, with_whom, outcome, duration_minutes, \
         notes, role_going, changes, needs, next_contact, amends, by, recorded_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        participant,
        stamp(d.at),
        d.channel.code(),
        d.with.code(),
        d.outcome.code(),
        d.duration_minutes,
        multi(&d.notes),
        in_work.map(|w| multi(&w.role_going)),
        in_work.map(|w| multi(&w.changes)),
        in_work.map(|w| multi(&w.needs)),
        d.next_contact.map(day),
        amends,
        who,
        recorded_at,
    ])?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// Saves a contact with the actions agreed in it, and moves the participant's next
    /// contact date, all in one transaction. `amends` names the contact this one replaces.
    pub fn add_contact(
        &mut self,
        participant: i64,
        d: &ContactDetails,
        agreed: &[ActionDetails],
        amends: Option<i64>,
    ) -> Result<i64> {
        self.log_contact(participant, d, agreed, amends, None, None)
    }

    /// `add_contact`, also closing the appointment it was logged against (`against`) and
    /// booking the next one at a time (`book`), all or nothing.
    pub fn log_contact(
        &mut self,
        participant: i64,
        d: &ContactDetails,
        agreed: &[ActionDetails],
        amends: Option<i64>,
        against: Option<i64>,
        book: Option<&AppointmentDetails>,
    ) -> Result<i64> {
        let at = self.clock.now();
        self.write_for(participant, |tx, who| {
            if let Some(old) = amends {
                let newer: Option<i64> = tx
                    .query_row("SELECT id FROM contacts WHERE amends = ?1", [old], |r| {
                        r.get(0)
                    })
                    .optional()?;
                // Someone amended it first: amending the old version would fork the record.
                if newer.is_some() {
                    return Err(StoreError::Stale);
                }
            }
            let id = insert_contact(tx, who, participant, d, amends, &stamp(at))?;
            if let Some(a) = against {
                appointments::close(tx, who, at, a, id, closed_by(d.outcome))?;
            }
            if let Some(b) = book {
                let made = super::Made {
                    by: who,
                    at: &stamp(at),
                };
                appointments::insert_appointment(tx, participant, b, made)?;
            }
            for a in agreed {
                let a = ActionDetails {
                    text: line(&a.text),
                    ..a.clone()
                };
                actions::insert_action(tx, who, participant, &a, at)?;
            }
            refresh_summary(tx, participant)?;
            let changes = json!({
                "at": stamp(d.at),
                "channel": d.channel.code(),
                "with": d.with.code(),
                "outcome": d.outcome.code(),
                "duration_minutes": d.duration_minutes,
                "next_contact": d.next_contact.map(day),
                "amends": amends,
                "actions_agreed": agreed.len(),
            });
            let action = if amends.is_some() { "amend" } else { "create" };
            audit::record(
                tx,
                who,
                at,
                Some(participant),
                "contact",
                id,
                action,
                &changes,
            )?;
            Ok(id)
        })
    }

    /// The newest `limit` contacts of a participant (newest version of each), newest first.
    pub fn contacts(&self, participant: i64, limit: usize) -> Result<Vec<Contact>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM contacts WHERE participant_id = ?1 AND {CURRENT} \
             ORDER BY unixepoch(at) DESC, id DESC LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![participant, limit as i64], contact_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every contact of a participant and every earlier version of each, oldest first: the
    /// whole record, for an export or a subject access request.
    pub fn all_contact_versions(&self, participant: i64) -> Result<Vec<Contact>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM contacts WHERE participant_id = ?1 ORDER BY unixepoch(at), id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([participant], contact_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn contact(&self, id: i64) -> Result<Option<Contact>> {
        let sql = format!("SELECT {COLUMNS} FROM contacts WHERE id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], contact_row)
            .optional()?)
    }

    /// Every earlier version of a contact, newest first.
    pub fn contact_versions(&self, id: i64) -> Result<Vec<Contact>> {
        let mut out = Vec::new();
        let mut next = self.contact(id)?.and_then(|c| c.amends);
        while let Some(id) = next {
            match self.contact(id)? {
                Some(c) => {
                    next = c.amends;
                    out.push(c);
                }
                None => break,
            }
        }
        Ok(out)
    }

    /// The date of the last completed contact, for counting the next one from.
    pub fn last_completed(&self, participant: i64) -> Result<Option<NaiveDate>> {
        let s: Option<String> = self
            .conn
            .prepare_cached("SELECT last_contact FROM participants WHERE id = ?1")?
            .query_row([participant], |r| r.get(0))
            .optional()?
            .flatten();
        Ok(s.as_deref().and_then(parse_day))
    }
}
