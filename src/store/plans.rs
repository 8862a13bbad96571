//! Plans, their history, and the employers they name.

use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde_json::{Value, json};

use super::{Result, Store, StoreError, audit, day, multi, parse_day, parse_stamp, stamp};
use crate::domain::Choice;
use crate::domain::plan::{
    Channel, Consent, ContractType, Employer, Frequency, Goal, Plan, PlanChange, PracticalHelp,
    StoredPlan, plan_fields,
};
use crate::domain::text::{Lines, clean, line};

fn codes<T: Choice>(items: &[T]) -> String {
    serde_json::to_string(&items.iter().map(|i| i.code()).collect::<Vec<_>>()).unwrap_or_default()
}

fn from_codes<T: Choice>(json: &str) -> Vec<T> {
    serde_json::from_str::<Vec<String>>(json)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| T::from_code(c))
        .collect()
}

/// What the app stores is cleaned of terminal control characters first.
pub(super) fn cleaned(p: &Plan) -> Plan {
    Plan {
        employer: line(&p.employer),
        job_title: line(&p.job_title),
        practical_help_other: line(&p.practical_help_other),
        contact_channel_other: line(&p.contact_channel_other),
        other_support: multi(&p.other_support),
        support_agreed: multi(&p.support_agreed),
        long_term_goals_other: line(&p.long_term_goals_other),
        ..p.clone()
    }
}

const PLAN_COLUMNS: &str = "p.job_start, e.name, p.job_title, p.hours_per_week, p.contract_type, \
     p.consent_employer_contact, p.practical_help, p.practical_help_other, p.contact_channel, \
     p.contact_channel_other, p.contact_frequency, p.other_support, p.support_agreed, \
     p.long_term_goals, p.long_term_goals_other, p.version, p.updated_at, p.updated_by";

fn plan_row(r: &Row) -> rusqlite::Result<StoredPlan> {
    let text = |i: usize| -> rusqlite::Result<String> {
        Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
    };
    Ok(StoredPlan {
        plan: Plan {
            job_start: parse_day(&text(0)?),
            employer: line(&text(1)?),
            job_title: line(&text(2)?),
            hours_per_week: r.get::<_, Option<f64>>(3)?.map(|h| h as f32),
            contract_type: ContractType::from_code(&text(4)?),
            consent_employer_contact: Consent::from_code(&text(5)?),
            practical_help: from_codes::<PracticalHelp>(&text(6)?),
            practical_help_other: line(&text(7)?),
            contact_channel: Channel::from_code(&text(8)?),
            contact_channel_other: line(&text(9)?),
            contact_frequency: Frequency::parse(&text(10)?),
            other_support: multi(&text(11)?),
            support_agreed: multi(&text(12)?),
            long_term_goals: from_codes::<Goal>(&text(13)?),
            long_term_goals_other: line(&text(14)?),
        },
        version: r.get(15)?,
        updated_at: Some(parse_stamp(&text(16)?)),
        updated_by: line(&text(17)?),
    })
}

fn employer_row(r: &Row) -> rusqlite::Result<Employer> {
    let text = |i: usize| -> rusqlite::Result<String> { Ok(line(&r.get::<_, String>(i)?)) };
    Ok(Employer {
        id: r.get(0)?,
        name: text(1)?,
        contact_name: text(2)?,
        phone: text(3)?,
        email: text(4)?,
        notes: clean(&r.get::<_, String>(5)?, Lines::Multi).into_owned(),
        version: r.get(6)?,
    })
}

const EMPLOYER_COLUMNS: &str = "id, name, contact_name, phone, email, notes, version";

/// The employer of that name (any case), added if new; `None` for an empty name.
fn employer_id(tx: &Transaction, name: &str, at: &str) -> Result<Option<i64>> {
    if name.is_empty() {
        return Ok(None);
    }
    let found = tx
        .prepare_cached("SELECT id FROM employers WHERE name = ?1 COLLATE NOCASE")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(Some(id));
    }
    tx.prepare_cached("INSERT INTO employers (name, updated_at) VALUES (?1, ?2)")?
        .execute(params![name, at])?;
    Ok(Some(tx.last_insert_rowid()))
}

/// Writes a plan edited from `version` (0: the first plan) with its history entry and audit
/// record. A concurrent save means nothing matched: `StoreError::Stale`.
pub(super) fn write_plan(
    tx: &Transaction,
    who: &str,
    participant: i64,
    version: i64,
    old: &Plan,
    new: &Plan,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> Result<()> {
    let employer = employer_id(tx, &new.employer, &stamp(at))?;
    let values = params![
        participant,
        new.job_start.map(day),
        employer,
        new.job_title,
        new.hours_per_week.map(f64::from),
        new.contract_type.map(Choice::code),
        new.consent().code(),
        codes(&new.practical_help),
        new.practical_help_other,
        new.contact_channel.map(Choice::code),
        new.contact_channel_other,
        new.contact_frequency.map(Frequency::code),
        new.other_support,
        new.support_agreed,
        codes(&new.long_term_goals),
        new.long_term_goals_other,
        stamp(at),
        who,
        version,
    ];
    let changed = if version == 0 {
        tx.prepare_cached(
            "INSERT INTO plans (participant_id, job_start, employer_id, job_title, \
             hours_per_week, contract_type, consent_employer_contact, practical_help, \
             practical_help_other, contact_channel, contact_channel_other, \
             contact_frequency, other_support, support_agreed, long_term_goals, \
             long_term_goals_other, updated_at, updated_by) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, \
             ?16, ?17, ?18 WHERE ?19 = 0 \
             ON CONFLICT (participant_id) DO NOTHING",
        )?
        .execute(values)?
    } else {
        tx.prepare_cached(
            "UPDATE plans SET job_start = ?2, employer_id = ?3, job_title = ?4, \
             hours_per_week = ?5, contract_type = ?6, consent_employer_contact = ?7, \
             practical_help = ?8, practical_help_other = ?9, contact_channel = ?10, \
             contact_channel_other = ?11, contact_frequency = ?12, other_support = ?13, \
             support_agreed = ?14, long_term_goals = ?15, long_term_goals_other = ?16, \
             updated_at = ?17, updated_by = ?18, version = version + 1 \
             WHERE participant_id = ?1 AND version = ?19",
        )?
        .execute(values)?
    };
    if changed == 0 {
        return Err(StoreError::Stale);
    }
    let mut changes = serde_json::Map::new();
    for ((field, before), (_, after)) in plan_fields(old).into_iter().zip(plan_fields(new)) {
        if before != after {
            changes.insert(field.to_string(), json!([before, after]));
        }
    }
    let changes = Value::Object(changes);
    audit::record(
        tx,
        who,
        at,
        Some(participant),
        "plan",
        participant,
        "update",
        &changes,
    )?;
    Ok(())
}

impl Store {
    /// The participant's plan; `None` if none was ever saved.
    pub fn plan(&self, participant: i64) -> Result<Option<StoredPlan>> {
        let sql = format!(
            "SELECT {PLAN_COLUMNS} FROM plans p LEFT JOIN employers e ON e.id = p.employer_id \
             WHERE p.participant_id = ?1"
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([participant], plan_row)
            .optional()?)
    }

    /// Saves a plan edited from `version` (0 when there was no plan yet). Someone else's save
    /// in between gives `StoreError::Stale` and writes nothing. Each saved change is kept in
    /// the plan history and the audit log.
    pub fn save_plan(&mut self, participant: i64, version: i64, plan: &Plan) -> Result<()> {
        let at = self.clock.now();
        let new = cleaned(plan);
        let old = self.plan(participant)?;
        let current = old.as_ref().map_or(0, |p| p.version);
        if current != version {
            return Err(StoreError::Stale);
        }
        let old_plan = old.map(|p| p.plan).unwrap_or_default();
        self.write_for(participant, |tx, who| {
            write_plan(tx, who, participant, version, &old_plan, &new, at)
        })
    }

    /// Every saved change to the plan, newest first.
    pub fn plan_history(&self, participant: i64) -> Result<Vec<PlanChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, who, changes FROM audit WHERE participant_id = ?1 AND entity = 'plan' \
             ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([participant], |r| {
            let changes: String = r.get(2)?;
            let changes: serde_json::Map<String, Value> =
                serde_json::from_str(&changes).unwrap_or_default();
            let show = |v: &Value| line(v.as_str().unwrap_or_default());
            Ok(PlanChange {
                at: parse_stamp(&r.get::<_, String>(0)?),
                who: line(&r.get::<_, String>(1)?),
                fields: {
                    // In the order of the form, not the alphabetical order JSON keeps.
                    let order: Vec<&str> = plan_fields(&Plan::default())
                        .iter()
                        .map(|(k, _)| *k)
                        .collect();
                    let mut fields: Vec<_> = changes
                        .iter()
                        .map(|(k, v)| (k.clone(), show(&v[0]), show(&v[1])))
                        .collect();
                    fields.sort_by_key(|(k, _, _)| order.iter().position(|o| o == k));
                    fields
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each participant's employer name. Read from two narrow indexes and joined here: joining
    /// in SQL would visit every (wide) plan row, several times slower on a large caseload.
    pub(super) fn employer_of_everyone(&self) -> Result<super::participants::EmployerOf> {
        let mut ids = std::collections::HashMap::new();
        let mut names: Vec<std::rc::Rc<str>> = vec!["".into()];
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM employers")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            ids.insert(r.get::<_, i64>(0)?, names.len() as u32);
            names.push(line(&r.get::<_, String>(1)?).into());
        }
        // By participant id, which runs from 1 with few gaps: a plain list, no hashing.
        let mut of: Vec<u32> = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT participant_id, employer_id FROM plans WHERE employer_id IS NOT NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (Ok(p), Some(&e)) = (
                usize::try_from(r.get::<_, i64>(0)?),
                ids.get(&r.get::<_, i64>(1)?),
            ) else {
                continue;
            };
            if of.len() <= p {
                of.resize(p + 1, 0);
            }
            of[p] = e;
        }
        Ok(super::participants::EmployerOf {
            names,
            of,
            only: None,
        })
    }

    /// All employers, by name: the pick list of the plan form.
    pub fn employers(&self) -> Result<Vec<Employer>> {
        let sql = format!("SELECT {EMPLOYER_COLUMNS} FROM employers ORDER BY name COLLATE NOCASE");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], employer_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds employers not already known by name (any case); known ones are left as they are.
    pub fn add_employers(&mut self, employers: &[Employer]) -> Result<()> {
        let now = self.clock.now();
        self.write(|tx, _| {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO employers (name, contact_name, phone, email, notes, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )?;
            let at = stamp(now);
            for e in employers {
                stmt.execute(params![
                    line(&e.name),
                    line(&e.contact_name),
                    line(&e.phone),
                    line(&e.email),
                    multi(&e.notes),
                    at
                ])?;
            }
            Ok(())
        })
    }

    pub fn employer(&self, id: i64) -> Result<Option<Employer>> {
        let sql = format!("SELECT {EMPLOYER_COLUMNS} FROM employers WHERE id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], employer_row)
            .optional()?)
    }

    pub fn employer_named(&self, name: &str) -> Result<Option<Employer>> {
        let sql =
            format!("SELECT {EMPLOYER_COLUMNS} FROM employers WHERE name = ?1 COLLATE NOCASE");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([name], employer_row)
            .optional()?)
    }

    /// Saves an employer record edited from its `version`; the record is shared by everyone
    /// placed there, so a stale edit is refused.
    pub fn save_employer(&mut self, e: &Employer, participant: Option<i64>) -> Result<()> {
        let at = self.clock.now();
        let new = Employer {
            name: line(&e.name),
            contact_name: line(&e.contact_name),
            phone: line(&e.phone),
            email: line(&e.email),
            notes: multi(&e.notes),
            ..e.clone()
        };
        self.write(|tx, who| {
            let old = tx
                .prepare_cached(&format!(
                    "SELECT {EMPLOYER_COLUMNS} FROM employers WHERE id = ?1"
                ))?
                .query_row([new.id], employer_row)
                .optional()?;
            let Some(old) = old else {
                return Err(StoreError::Stale);
            };
            let changed = tx
                .prepare_cached(
                    "UPDATE employers SET name = ?2, contact_name = ?3, phone = ?4, email = ?5, \
                     notes = ?6, updated_at = ?7, version = version + 1 \
                     WHERE id = ?1 AND version = ?8",
                )?
                .execute(params![
                    new.id,
                    new.name,
                    new.contact_name,
                    new.phone,
                    new.email,
                    new.notes,
                    stamp(at),
                    new.version
                ])?;
            if changed == 0 {
                return Err(StoreError::Stale);
            }
            let mut changes = serde_json::Map::new();
            for (field, before, after) in [
                ("name", &old.name, &new.name),
                ("contact_name", &old.contact_name, &new.contact_name),
                ("phone", &old.phone, &new.phone),
                ("email", &old.email, &new.email),
                ("notes", &old.notes, &new.notes),
            ] {
                if before != after {
                    changes.insert(field.into(), json!([before, after]));
                }
            }
            let changes = Value::Object(changes);
            audit::record(
                tx,
                who,
                at,
                participant,
                "employer",
                new.id,
                "update",
                &changes,
            )?;
            Ok(())
        })
    }
}
