//! The reminder engine. Reminders are derived from the record each time they are read, so the
//! pane, the caseload and `keyworker due` can never disagree with it or with each other; only
//! a worker's decisions about them (snoozes, milestone states, reviews, one-off reminders)
//! are stored, each written with its audit entry in one transaction.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rusqlite::{Connection, Transaction, params};
use serde_json::json;

use super::{Made, Result, Store, StoreError, audit, day, parse_day, scoped, stamp};
use crate::domain::Choice;
use crate::domain::Stage;
use crate::domain::appointment::{AppointmentDetails, AppointmentKind, Attendees};
use crate::domain::availability::Availability;
use crate::domain::plan::{Channel, Frequency};
use crate::domain::profile::Profile;
use crate::domain::reminder::{Facts, derive};
use crate::domain::rhythm::Gap;
use crate::domain::text::{line, stored_line};

/// Which reminders to read.
#[derive(Debug, Clone, Copy)]
pub struct ReminderQuery<'a> {
    /// One worker's caseload, or `None` for the whole team.
    pub worker: Option<&'a str>,
    /// One participant, or everyone in scope.
    pub participant: Option<i64>,
    /// The last due date to include.
    pub until: NaiveDate,
}

/// A snooze as the participant's history shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snooze {
    pub reminder: String,
    pub until: NaiveDate,
    pub reason: String,
    pub by: String,
    pub at: chrono::DateTime<chrono::FixedOffset>,
}

/// A milestone marked done or missed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneState {
    pub milestone: String,
    pub done: bool,
    pub on: NaiveDate,
    pub evidence: String,
}

/// The facts of one participant's record (or everyone's) that reminders are worked out
/// from, each with their key worker. A table at a time, so everyone's take a handful of
/// statements rather than a handful per person.
fn facts(conn: &Connection, participant: Option<i64>) -> Result<Vec<(Facts, String)>> {
    let mut out: Vec<(Facts, String)> = Vec::new();
    let mut at: HashMap<i64, usize> = HashMap::new();
    let mut stmt = conn.prepare_cached(&scoped(
        "SELECT p.id, p.name, p.stage, p.next_contact, p.failed_attempts, \
         pl.contact_frequency, pl.contact_channel, pl.job_start, p.key_worker, \
         p.last_contact, coalesce(p.referral_date, substr(p.created_at, 1, 10)), \
         p.availability, p.availability_flags, max( \
            coalesce((SELECT max(assessed) FROM barrier_assessments b \
                      WHERE b.participant_id = p.id), ''), \
            coalesce((SELECT max(on_date) FROM reviews v WHERE v.participant_id = p.id), ''), \
            coalesce(p.referral_date, substr(p.created_at, 1, 10))) \
         FROM participants p LEFT JOIN plans pl ON pl.participant_id = p.id WHERE {one}",
        "p.id",
        participant,
    ))?;
    let mut rows = stmt.query([participant])?;
    while let Some(r) = rows.next()? {
        let Some(stage) = Stage::from_code(&r.get::<_, String>(2)?) else {
            continue;
        };
        let day_at = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
            Ok(r.get::<_, Option<String>>(i)?
                .as_deref()
                .and_then(parse_day))
        };
        let f = Facts {
            participant_id: r.get(0)?,
            name: line(&r.get::<_, String>(1)?),
            stage,
            next_contact: day_at(3)?,
            failed_attempts: r.get(4)?,
            frequency: r
                .get::<_, Option<String>>(5)?
                .as_deref()
                .and_then(Frequency::parse),
            channel: r
                .get::<_, Option<String>>(6)?
                .as_deref()
                .and_then(Channel::from_code),
            job_start: day_at(7)?,
            settled_milestones: Vec::new(),
            last_reviewed: day_at(13)?,
            last_completed: day_at(9)?,
            referral: day_at(10)?,
            appointments: Vec::new(),
            availability: Availability::with_flag_codes(
                &r.get::<_, String>(11)?,
                &r.get::<_, String>(12)?,
            )
            .summary(),
            actions: Vec::new(),
            one_off: Vec::new(),
            snoozes: Vec::new(),
            referrals: Vec::new(),
            flags: Vec::new(),
            concerns: Vec::new(),
        };
        at.insert(f.participant_id, out.len());
        out.push((f, r.get(8)?));
    }
    if out.is_empty() {
        return Ok(out);
    }
    // The rest, each row filed under its participant.
    let mut each = |sql: &str,
                    fill: &mut dyn FnMut(&mut Facts, &rusqlite::Row) -> rusqlite::Result<()>|
     -> Result<()> {
        let mut stmt = conn.prepare_cached(&scoped(sql, "participant_id", participant))?;
        let mut rows = stmt.query([participant])?;
        while let Some(r) = rows.next()? {
            if let Some(&i) = at.get(&r.get::<_, i64>(0)?) {
                fill(&mut out[i].0, r)?;
            }
        }
        Ok(())
    };
    // An open action or one-off reminder: its id, date and text.
    let dated = |r: &rusqlite::Row| -> rusqlite::Result<Option<(i64, NaiveDate, String)>> {
        let Some(due) = parse_day(&r.get::<_, String>(2)?) else {
            return Ok(None);
        };
        Ok(Some((r.get(1)?, due, line(&r.get::<_, String>(3)?))))
    };
    each(
        "SELECT participant_id, id, due, text FROM actions \
         WHERE status = 'open' AND due IS NOT NULL AND {one}",
        &mut |f, r| {
            f.actions.extend(dated(r)?);
            Ok(())
        },
    )?;
    each(
        "SELECT participant_id, id, at, minutes, kind, place, with_whom, note \
         FROM appointments WHERE status = 'booked' AND {one}",
        &mut |f, r| {
            let text = |i: usize| -> rusqlite::Result<String> { Ok(line(&r.get::<_, String>(i)?)) };
            f.appointments.push((
                r.get(1)?,
                AppointmentDetails {
                    at: super::parse_stamp(&text(2)?),
                    minutes: r.get(3)?,
                    kind: AppointmentKind::from_code(&text(4)?).unwrap_or(AppointmentKind::Call),
                    place: text(5)?,
                    with: Attendees::from_code(&text(6)?).unwrap_or(Attendees::Participant),
                    note: text(7)?,
                },
            ));
            Ok(())
        },
    )?;
    each(
        "SELECT r.participant_id, r.id, r.status, r.handover, r.sent_on, r.first_appointment, \
         r.attended, p.organisation, p.service FROM referrals r \
         JOIN partners p ON p.id = r.partner_id \
         WHERE r.status IN ('sent', 'first_appointment') AND {one}",
        &mut |f, r| {
            use crate::domain::referral::{
                Attended, Handover, PartnerDetails, ReferralFacts, ReferralStatus,
            };
            let (Some(status), Some(handover), Some(sent_on)) = (
                ReferralStatus::from_code(&r.get::<_, String>(2)?),
                Handover::from_code(&r.get::<_, String>(3)?),
                parse_day(&r.get::<_, String>(4)?),
            ) else {
                return Ok(());
            };
            let partner = PartnerDetails {
                organisation: line(&r.get::<_, String>(7)?),
                service: line(&r.get::<_, String>(8)?),
                ..Default::default()
            };
            f.referrals.push(ReferralFacts {
                id: r.get(1)?,
                partner: partner.name(),
                status,
                handover,
                sent_on,
                first_appointment: r
                    .get::<_, Option<String>>(5)?
                    .as_deref()
                    .and_then(parse_day),
                attended: r
                    .get::<_, Option<String>>(6)?
                    .as_deref()
                    .and_then(Attended::from_code),
            });
            Ok(())
        },
    )?;
    each(
        "SELECT participant_id, kind, review FROM risk_flags WHERE {one}",
        &mut |f, r| {
            use crate::domain::team::RiskKind;
            if let (Some(kind), Some(review)) = (
                RiskKind::from_code(&r.get::<_, String>(1)?),
                parse_day(&r.get::<_, String>(2)?),
            ) {
                f.flags.push((kind, review));
            }
            Ok(())
        },
    )?;
    each(
        "SELECT participant_id, id, substr(raised_at, 1, 10), category FROM concerns \
         WHERE decision IS NULL AND {one}",
        &mut |f, r| {
            use crate::domain::team::ConcernCategory;
            if let Some(raised) = parse_day(&r.get::<_, String>(2)?) {
                let category = ConcernCategory::from_code(&r.get::<_, String>(3)?)
                    .unwrap_or(ConcernCategory::Other);
                f.concerns.push((r.get(1)?, raised, category));
            }
            Ok(())
        },
    )?;
    each(
        "SELECT participant_id, milestone FROM milestone_states WHERE {one}",
        &mut |f, r| {
            f.settled_milestones.push(r.get(1)?);
            Ok(())
        },
    )?;
    each(
        "SELECT participant_id, id, due, text FROM manual_reminders \
         WHERE done_on IS NULL AND {one}",
        &mut |f, r| {
            f.one_off.extend(dated(r)?);
            Ok(())
        },
    )?;
    each(
        "SELECT participant_id, reminder, max(until) FROM snoozes WHERE {one} GROUP BY 1, 2",
        &mut |f, r| {
            if let Some(until) = parse_day(&r.get::<_, String>(2)?) {
                f.snoozes.push((r.get(1)?, until));
            }
            Ok(())
        },
    )?;
    Ok(out)
}

/// A milestone marked done or missed (again: the latest word stands).
pub(super) fn write_milestone_state(
    tx: &Transaction,
    participant: i64,
    milestone: &str,
    done: bool,
    on: NaiveDate,
    evidence: &str,
    made: Made,
) -> Result<()> {
    let state = if done { "done" } else { "missed" };
    tx.prepare_cached(
        "INSERT INTO milestone_states (participant_id, milestone, state, on_date, evidence, by, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (participant_id, milestone) DO UPDATE \
         SET state = excluded.state, on_date = excluded.on_date, evidence = excluded.evidence, \
         by = excluded.by, at = excluded.at",
    )?
    .execute(params![participant, milestone, state, day(on), line(evidence), made.by, made.at])?;
    Ok(())
}

pub(super) fn insert_review(
    tx: &Transaction,
    participant: i64,
    on: NaiveDate,
    note: &str,
    made: Made,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO reviews (participant_id, on_date, note, by, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![participant, day(on), line(note), made.by, made.at])?;
    Ok(())
}

/// A one-off reminder; returns its id.
pub(super) fn insert_one_off(
    tx: &Transaction,
    participant: i64,
    due: NaiveDate,
    text: &str,
    made: Made,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO manual_reminders (participant_id, due, text, by, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![participant, day(due), line(text), made.by, made.at])?;
    Ok(tx.last_insert_rowid())
}

/// Derives the reminders of one participant (or everyone) again and stores them.
pub(super) fn refresh(tx: &Transaction, participant: Option<i64>, profile: &Profile) -> Result<()> {
    tx.prepare_cached(&scoped(
        "DELETE FROM reminders WHERE {one}",
        "participant_id",
        participant,
    ))?
    .execute([participant])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO reminders (participant_id, key, kind, due, title, participant, \
         key_worker, snoozed_until, at_time, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (f, worker) in facts(tx, participant)? {
        for r in derive(&f, profile) {
            insert.execute(params![
                r.participant_id,
                r.key,
                r.kind.code(),
                day(r.due),
                r.title,
                r.participant,
                worker,
                r.snoozed_until.map(day),
                r.time.map(crate::domain::dates::hm),
                r.note,
            ])?;
        }
    }
    tx.prepare_cached(&scoped(
        "UPDATE participants SET next_due = \
         (SELECT min(due) FROM reminders r WHERE r.participant_id = participants.id) \
         WHERE {one}",
        "id",
        participant,
    ))?
    .execute([participant])?;
    Ok(())
}

impl Store {
    /// Puts a reminder away until a date, for a reason; both show in the participant's history.
    pub fn snooze(
        &mut self,
        participant: i64,
        reminder: &str,
        until: NaiveDate,
        reason: &str,
    ) -> Result<()> {
        let at = self.clock.now();
        let reason = line(reason);
        if reason.is_empty() {
            return Err(StoreError::SnoozeReason);
        }
        self.write_for(participant, |tx, who| {
            tx.prepare_cached(
                "INSERT INTO snoozes (participant_id, reminder, until, reason, by, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                participant,
                reminder,
                day(until),
                reason,
                who,
                stamp(at)
            ])?;
            let changes = json!({ "reminder": reminder, "until": day(until), "reason": reason });
            audit::record(
                tx,
                who,
                at,
                Some(participant),
                "reminder",
                participant,
                "snooze",
                &changes,
            )?;
            Ok(())
        })
    }

    /// Every snooze of a participant's reminders, newest first.
    pub fn snoozes(&self, participant: i64) -> Result<Vec<Snooze>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT reminder, until, reason, by, at FROM snoozes WHERE participant_id = ?1 \
             ORDER BY unixepoch(at) DESC, id DESC",
        )?;
        let rows = stmt.query_map([participant], |r| {
            Ok(Snooze {
                reminder: r.get(0)?,
                until: parse_day(&r.get::<_, String>(1)?).unwrap_or_default(),
                reason: line(&r.get::<_, String>(2)?),
                by: line(&r.get::<_, String>(3)?),
                at: super::parse_stamp(&r.get::<_, String>(4)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Settles a milestone: done (with the evidence) or missed.
    pub fn settle_milestone(
        &mut self,
        participant: i64,
        milestone: &str,
        done: bool,
        on: NaiveDate,
        evidence: &str,
    ) -> Result<()> {
        let at = self.clock.now();
        let evidence = line(evidence);
        self.write_for(participant, |tx, who| {
            let state = if done { "done" } else { "missed" };
            let made = Made { by: who, at: &stamp(at) };
            write_milestone_state(tx, participant, milestone, done, on, &evidence, made)?;
            let changes = json!({ "milestone": milestone, "state": state, "on": day(on), "evidence": evidence });
            audit::record(tx, who, at, Some(participant), "milestone", participant, state, &changes)?;
            Ok(())
        })
    }

    pub fn milestone_states(&self, participant: i64) -> Result<Vec<MilestoneState>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT milestone, state, on_date, evidence FROM milestone_states WHERE participant_id = ?1",
        )?;
        let rows = stmt.query_map([participant], |r| {
            Ok(MilestoneState {
                milestone: r.get(0)?,
                done: r.get::<_, String>(1)? == "done",
                on: parse_day(&r.get::<_, String>(2)?).unwrap_or_default(),
                evidence: line(&r.get::<_, String>(3)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that a review was held, which moves the next one on by the profile's interval.
    pub fn record_review(&mut self, participant: i64, on: NaiveDate, note: &str) -> Result<()> {
        let at = self.clock.now();
        let note = line(note);
        self.write_for(participant, |tx, who| {
            insert_review(
                tx,
                participant,
                on,
                &note,
                Made {
                    by: who,
                    at: &stamp(at),
                },
            )?;
            audit::record(
                tx,
                who,
                at,
                Some(participant),
                "review",
                participant,
                "create",
                &json!({ "on": day(on), "note": note }),
            )?;
            Ok(())
        })
    }

    pub fn add_manual_reminder(
        &mut self,
        participant: i64,
        due: NaiveDate,
        text: &str,
    ) -> Result<i64> {
        let at = self.clock.now();
        let text = line(text);
        self.write_for(participant, |tx, who| {
            let id = insert_one_off(
                tx,
                participant,
                due,
                &text,
                Made {
                    by: who,
                    at: &stamp(at),
                },
            )?;
            audit::record(
                tx,
                who,
                at,
                Some(participant),
                "reminder",
                id,
                "create",
                &json!({ "due": day(due), "text": text }),
            )?;
            Ok(id)
        })
    }

    pub fn finish_manual_reminder(&mut self, id: i64, on: NaiveDate) -> Result<()> {
        let now = self.clock.now();
        self.write_refreshing(|tx, who| {
            let participant: i64 = tx.query_row(
                "SELECT participant_id FROM manual_reminders WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            tx.execute(
                "UPDATE manual_reminders SET done_on = ?2 WHERE id = ?1",
                params![id, day(on)],
            )?;
            audit::record(
                tx,
                who,
                now,
                Some(participant),
                "reminder",
                id,
                "done",
                &json!({ "on": day(on) }),
            )?;
            Ok(((), participant))
        })
    }
}

/// How far ahead "everything" reaches for the caseload column and the export.
pub fn far_ahead(today: NaiveDate) -> NaiveDate {
    today.checked_add_days(Days::new(3660)).unwrap_or(today)
}

/// Someone the safety net caught: nobody reached them in the profile's days, or nothing is
/// agreed or booked with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caught {
    pub participant_id: i64,
    pub participant: String,
    pub gap: Gap,
    pub last_contact: Option<NaiveDate>,
}

impl Store {
    /// Everyone open in scope who falls through the gaps, as of `today`, by name: read from
    /// the caseload's index, the rule applied to each line as the caseload applies it.
    pub fn safety_net(&self, worker: Option<&str>, today: NaiveDate) -> Result<Vec<Caught>> {
        let rules = &self.profile.safety_net;
        let scope = worker.map_or(super::Scope::Team, super::Scope::Worker);
        let mut out = Vec::new();
        self.each_line(scope, |id, name, l| {
            let Some(stage) = l.stage else {
                return;
            };
            if let Some(gap) = Gap::of(rules, stage, l.last_contact, l.agreed, today) {
                out.push(Caught {
                    participant_id: id,
                    participant: stored_line(name).into_owned(),
                    gap,
                    last_contact: l.last_contact,
                });
            }
        })?;
        Ok(out)
    }
}
