//! The directory of partner services (shared by the team, so a stale edit is refused and
//! merged like an employer's) and each participant's onward referrals with their dated
//! history. Every write goes with its audit row; a referral's writes also derive the
//! person's reminders again, since its follow-ups are reminders.

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};
use serde_json::{Value, json};

use super::{Made, Result, Store, StoreError, audit, day, multi, parse_day, parse_stamp, stamp};
use crate::domain::referral::{
    Attended, Handover, HowToRefer, Need, Partner, PartnerDetails, Referral, ReferralConsent,
    ReferralDetails, ReferralEvent, ReferralOutcome, ReferralStatus, Share, StatusChange, Urgency,
};
use crate::domain::text::line;
use crate::domain::{Choice, join_codes, split_codes};

const PARTNER_COLUMNS: &str = "id, version, organisation, service, helps_with, area, \
     how_to_refer, contact_name, phone, email, criteria, wait, notes, closed_on";

fn partner_row(r: &Row) -> rusqlite::Result<Partner> {
    let text = |i: usize| -> rusqlite::Result<String> { r.get::<_, String>(i) };
    Ok(Partner {
        id: r.get(0)?,
        version: r.get(1)?,
        details: PartnerDetails {
            organisation: line(&text(2)?),
            service: line(&text(3)?),
            helps_with: split_codes(&text(4)?),
            area: line(&text(5)?),
            how_to_refer: HowToRefer::from_code(&text(6)?),
            contact_name: line(&text(7)?),
            phone: line(&text(8)?),
            email: line(&text(9)?),
            criteria: multi(&text(10)?),
            wait: line(&text(11)?),
            notes: multi(&text(12)?),
            closed_on: r.get_ref(13)?.as_str_or_null()?.and_then(parse_day),
        },
    })
}

/// A partner's details as stored: one-line fields on one line, notes kept multi-line.
fn cleaned(d: &PartnerDetails) -> PartnerDetails {
    PartnerDetails {
        organisation: line(&d.organisation),
        service: line(&d.service),
        helps_with: d.helps_with.clone(),
        area: line(&d.area),
        how_to_refer: d.how_to_refer,
        contact_name: line(&d.contact_name),
        phone: line(&d.phone),
        email: line(&d.email),
        criteria: multi(&d.criteria),
        wait: line(&d.wait),
        notes: multi(&d.notes),
        closed_on: d.closed_on,
    }
}

/// The partner's fields by name, for the audit and for comparing two versions.
fn partner_fields(d: &PartnerDetails) -> [(&'static str, String); 12] {
    [
        ("organisation", d.organisation.clone()),
        ("service", d.service.clone()),
        ("helps_with", join_codes(&d.helps_with)),
        ("area", d.area.clone()),
        (
            "how_to_refer",
            d.how_to_refer.map_or("", Choice::code).into(),
        ),
        ("contact_name", d.contact_name.clone()),
        ("phone", d.phone.clone()),
        ("email", d.email.clone()),
        ("criteria", d.criteria.clone()),
        ("wait", d.wait.clone()),
        ("notes", d.notes.clone()),
        ("closed_on", d.closed_on.map(day).unwrap_or_default()),
    ]
}

/// The stored columns of a partner, in the order of `partner_fields`: the day it closes is
/// NULL while it has none.
fn partner_values(d: &PartnerDetails) -> Vec<SqlValue> {
    partner_fields(d)
        .into_iter()
        .map(|(k, v)| match (k, d.closed_on) {
            ("closed_on", None) => SqlValue::Null,
            _ => SqlValue::Text(v),
        })
        .collect()
}

fn insert_partner(tx: &Transaction, d: &PartnerDetails, made: Made) -> Result<i64> {
    let mut values = partner_values(d);
    values.extend([made.by, made.at].map(|t| SqlValue::Text(t.to_string())));
    let inserted = tx
        .prepare_cached(
            "INSERT INTO partners (organisation, service, helps_with, area, how_to_refer, \
             contact_name, phone, email, criteria, wait, notes, closed_on, updated_by, \
             updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
             ON CONFLICT DO NOTHING",
        )?
        .execute(params_from_iter(values))?;
    if inserted == 0 {
        return Err(StoreError::PartnerTaken);
    }
    Ok(tx.last_insert_rowid())
}

const REFERRAL_COLUMNS: &str = "r.id, r.participant_id, r.version, r.partner_id, r.reason, \
     r.consent, r.shares, r.summary, r.urgency, r.handover, r.sent_on, r.note, r.status, \
     r.status_on, r.first_appointment, r.attended, r.outcome, r.by, p.organisation, p.service";

fn referral_row(r: &Row) -> rusqlite::Result<Referral> {
    let text = |i: usize| -> rusqlite::Result<String> { r.get::<_, String>(i) };
    let opt = |i: usize| -> rusqlite::Result<Option<String>> { r.get::<_, Option<String>>(i) };
    let sent_on = parse_day(&text(10)?).unwrap_or_default();
    let partner = PartnerDetails {
        organisation: line(&text(18)?),
        service: line(&text(19)?),
        ..Default::default()
    };
    Ok(Referral {
        id: r.get(0)?,
        participant_id: r.get(1)?,
        version: r.get(2)?,
        details: ReferralDetails {
            partner_id: r.get(3)?,
            reason: Need::from_code(&text(4)?).unwrap_or(Need::Other),
            consent: ReferralConsent::from_code(&text(5)?).unwrap_or(ReferralConsent::Refused),
            shares: split_codes(&text(6)?),
            summary: multi(&text(7)?),
            urgency: Urgency::from_code(&text(8)?).unwrap_or(Urgency::Routine),
            handover: Handover::from_code(&text(9)?).unwrap_or(Handover::ReferralSent),
            sent_on,
            note: line(&text(11)?),
        },
        partner: partner.name(),
        status: ReferralStatus::from_code(&text(12)?).unwrap_or(ReferralStatus::Sent),
        status_on: parse_day(&text(13)?).unwrap_or(sent_on),
        first_appointment: opt(14)?.as_deref().and_then(parse_day),
        attended: opt(15)?.as_deref().and_then(Attended::from_code),
        outcome: opt(16)?.as_deref().and_then(ReferralOutcome::from_code),
        by: line(&text(17)?),
        events: Vec::new(),
    })
}

/// One dated step of a referral's history.
fn insert_event(
    tx: &Transaction,
    referral: i64,
    participant: i64,
    c: &StatusChange,
    made: Made,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO referral_events (referral_id, participant_id, status, on_date, \
         first_appointment, attended, outcome, note, by, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        referral,
        participant,
        c.status.code(),
        day(c.on),
        c.first_appointment.map(day),
        c.attended.map(Choice::code),
        c.outcome.map(Choice::code),
        line(&c.note),
        made.by,
        made.at,
    ])?;
    Ok(())
}

fn change_json(c: &StatusChange) -> Value {
    json!({
        "status": c.status.code(),
        "on": day(c.on),
        "first_appointment": c.first_appointment.map(day),
        "attended": c.attended.map(Choice::code),
        "outcome": c.outcome.map(Choice::code),
        "note": line(&c.note),
    })
}

/// Makes a referral (or records that the person said no to it); returns its id.
pub(super) fn insert_referral(
    tx: &Transaction,
    participant: i64,
    d: &ReferralDetails,
    made: Made,
) -> Result<i64> {
    let (status, shares) = match d.consent {
        ReferralConsent::Given => (ReferralStatus::Sent, d.shares.clone()),
        // Nothing goes to a service the person said no to, so nothing of theirs is kept for it.
        ReferralConsent::Refused => (ReferralStatus::Refused, Vec::new()),
    };
    // A summary is kept only when they agreed it may be shared.
    let summary = if shares.contains(&Share::Summary) {
        multi(&d.summary)
    } else {
        String::new()
    };
    let note = line(&d.note);
    tx.prepare_cached(
        "INSERT INTO referrals (participant_id, partner_id, reason, consent, shares, summary, \
         urgency, handover, sent_on, note, status, status_on, by, made_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?9, ?12, ?13)",
    )?
    .execute(params![
        participant,
        d.partner_id,
        d.reason.code(),
        d.consent.code(),
        join_codes(&shares),
        summary,
        d.urgency.code(),
        d.handover.code(),
        day(d.sent_on),
        note,
        status.code(),
        made.by,
        made.at,
    ])?;
    let id = tx.last_insert_rowid();
    let first = StatusChange {
        status,
        on: d.sent_on,
        first_appointment: None,
        attended: None,
        outcome: None,
        note: note.clone(),
    };
    insert_event(tx, id, participant, &first, made)?;
    audit::record(
        tx,
        made.by,
        parse_stamp(made.at),
        Some(participant),
        "referral",
        id,
        "create",
        &json!({
            "partner": d.partner_id,
            "reason": d.reason.code(),
            "consent": d.consent.code(),
            "shares": join_codes(&shares),
            "summary": summary,
            "urgency": d.urgency.code(),
            "handover": d.handover.code(),
            "sent_on": day(d.sent_on),
            "note": note,
        }),
    )?;
    Ok(id)
}

/// Moves a referral on, from `version`; refused as stale if a colleague moved it first.
pub(super) fn update_referral(
    tx: &Transaction,
    id: i64,
    version: i64,
    c: &StatusChange,
    made: Made,
) -> Result<i64> {
    let participant: Option<i64> = tx
        .prepare_cached(
            "UPDATE referrals SET status = ?3, status_on = ?4, \
             first_appointment = coalesce(?5, first_appointment), \
             attended = CASE WHEN ?3 = 'first_appointment' THEN ?6 ELSE attended END, \
             outcome = ?7, version = version + 1 \
             WHERE id = ?1 AND version = ?2 AND status <> 'refused' RETURNING participant_id",
        )?
        .query_row(
            params![
                id,
                version,
                c.status.code(),
                day(c.on),
                c.first_appointment.map(day),
                c.attended.map(Choice::code),
                c.outcome.map(Choice::code),
            ],
            |r| r.get(0),
        )
        .optional()?;
    let Some(participant) = participant else {
        return Err(StoreError::Stale);
    };
    insert_event(tx, id, participant, c, made)?;
    audit::record(
        tx,
        made.by,
        parse_stamp(made.at),
        Some(participant),
        "referral",
        id,
        "update",
        &change_json(c),
    )?;
    Ok(participant)
}

impl Store {
    /// The whole directory, by organisation and service.
    pub fn partners(&self) -> Result<Vec<Partner>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {PARTNER_COLUMNS} FROM partners \
             ORDER BY organisation COLLATE NOCASE, service COLLATE NOCASE"
        ))?;
        let rows = stmt.query_map([], partner_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn partner(&self, id: i64) -> Result<Option<Partner>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {PARTNER_COLUMNS} FROM partners WHERE id = ?1"
            ))?
            .query_row([id], partner_row)
            .optional()?)
    }

    /// Adds a service to the directory; returns its id.
    pub fn add_partner(&mut self, d: &PartnerDetails) -> Result<i64> {
        let now = self.clock.now();
        let d = cleaned(d);
        self.write(|tx, who| {
            let at = stamp(now);
            let id = insert_partner(tx, &d, Made { by: who, at: &at })?;
            let fields: serde_json::Map<String, Value> = partner_fields(&d)
                .into_iter()
                .map(|(k, v)| (k.to_string(), Value::String(v)))
                .collect();
            audit::record(
                tx,
                who,
                now,
                None,
                "partner",
                id,
                "create",
                &Value::Object(fields),
            )?;
            Ok(id)
        })
    }

    /// Adds services not already in the directory (by organisation and service), as a
    /// bulk load does.
    pub fn add_partners(&mut self, list: &[PartnerDetails]) -> Result<()> {
        let now = self.clock.now();
        self.write(|tx, who| {
            let at = stamp(now);
            for d in list {
                match insert_partner(tx, &cleaned(d), Made { by: who, at: &at }) {
                    Ok(_) | Err(StoreError::PartnerTaken) => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(())
        })
    }

    /// Saves a service edited from `version`. The directory is shared, so an edit made on
    /// an older version than the stored one is refused as stale, to be merged.
    pub fn save_partner(&mut self, id: i64, version: i64, d: &PartnerDetails) -> Result<()> {
        let now = self.clock.now();
        let new = cleaned(d);
        self.write(|tx, who| {
            let old = tx
                .prepare_cached(&format!(
                    "SELECT {PARTNER_COLUMNS} FROM partners WHERE id = ?1"
                ))?
                .query_row([id], partner_row)
                .optional()?
                .ok_or(StoreError::Stale)?;
            if old.version != version {
                return Err(StoreError::Stale);
            }
            let mut values = vec![SqlValue::Integer(id), SqlValue::Integer(version)];
            values.extend(partner_values(&new));
            values.extend([SqlValue::Text(who.to_string()), SqlValue::Text(stamp(now))]);
            let changed = tx
                .prepare_cached(
                    "UPDATE partners SET organisation = ?3, service = ?4, helps_with = ?5, \
                     area = ?6, how_to_refer = ?7, contact_name = ?8, phone = ?9, email = ?10, \
                     criteria = ?11, wait = ?12, notes = ?13, closed_on = ?14, \
                     updated_by = ?15, updated_at = ?16, version = version + 1 \
                     WHERE id = ?1 AND version = ?2",
                )
                .and_then(|mut s| s.execute(params_from_iter(values)));
            match changed {
                Ok(0) => return Err(StoreError::Stale),
                Ok(_) => {}
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    return Err(StoreError::PartnerTaken);
                }
                Err(e) => return Err(e.into()),
            }
            let mut changes = serde_json::Map::new();
            for ((k, before), (_, after)) in partner_fields(&old.details)
                .into_iter()
                .zip(partner_fields(&new))
            {
                if before != after {
                    changes.insert(k.into(), json!([before, after]));
                }
            }
            audit::record(
                tx,
                who,
                now,
                None,
                "partner",
                id,
                "update",
                &Value::Object(changes),
            )?;
            Ok(())
        })
    }

    /// Refers a participant on (or records that they said no); returns the referral's id.
    pub fn refer(&mut self, participant: i64, d: &ReferralDetails) -> Result<i64> {
        let now = self.clock.now();
        self.write_for(participant, |tx, who| {
            insert_referral(
                tx,
                participant,
                d,
                Made {
                    by: who,
                    at: &stamp(now),
                },
            )
        })
    }

    /// Moves a referral on to a new status, dated and kept in its history.
    pub fn move_referral(&mut self, id: i64, version: i64, c: &StatusChange) -> Result<()> {
        let now = self.clock.now();
        self.write_refreshing(|tx, who| {
            let participant = update_referral(
                tx,
                id,
                version,
                c,
                Made {
                    by: who,
                    at: &stamp(now),
                },
            )?;
            Ok(((), participant))
        })
    }

    /// One referral with its history.
    pub fn referral(&self, id: i64) -> Result<Option<Referral>> {
        let found = self
            .conn
            .prepare_cached(&format!(
                "SELECT {REFERRAL_COLUMNS} FROM referrals r JOIN partners p ON p.id = r.partner_id \
                 WHERE r.id = ?1"
            ))?
            .query_row([id], referral_row)
            .optional()?;
        let Some(mut r) = found else {
            return Ok(None);
        };
        r.events = self.referral_events(id)?;
        Ok(Some(r))
    }

    /// A participant's referrals, newest first, as the screens show them: without their
    /// history, which only the export reads.
    pub fn referrals(&self, participant: i64) -> Result<Vec<Referral>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {REFERRAL_COLUMNS} FROM referrals r JOIN partners p ON p.id = r.partner_id \
                 WHERE r.participant_id = ?1 ORDER BY r.sent_on DESC, r.id DESC"
            ))?
            .query_map([participant], referral_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// A participant's referrals, newest first, each with its history: for their export.
    pub fn referrals_in_full(&self, participant: i64) -> Result<Vec<Referral>> {
        self.referrals(participant)?
            .into_iter()
            .map(|mut r| {
                r.events = self.referral_events(r.id)?;
                Ok(r)
            })
            .collect()
    }

    fn referral_events(&self, referral: i64) -> Result<Vec<ReferralEvent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT status, on_date, first_appointment, attended, outcome, note, by, at \
             FROM referral_events WHERE referral_id = ?1 ORDER BY unixepoch(at), id",
        )?;
        let rows = stmt.query_map([referral], |r| {
            let opt = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
            Ok(ReferralEvent {
                change: StatusChange {
                    status: ReferralStatus::from_code(&r.get::<_, String>(0)?)
                        .unwrap_or(ReferralStatus::Sent),
                    on: parse_day(&r.get::<_, String>(1)?).unwrap_or(NaiveDate::MIN),
                    first_appointment: opt(2)?.as_deref().and_then(parse_day),
                    attended: opt(3)?.as_deref().and_then(Attended::from_code),
                    outcome: opt(4)?.as_deref().and_then(ReferralOutcome::from_code),
                    note: line(&r.get::<_, String>(5)?),
                },
                by: line(&r.get::<_, String>(6)?),
                at: parse_stamp(&r.get::<_, String>(7)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
