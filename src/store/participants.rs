//! Participants, their barriers and their stage history.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde_json::{Map, Value, json};

use super::NewSpend;
use super::line_reader;
use super::packed_line::{CASELOAD_OF_TEAM, CASELOAD_OF_WORKER, LINE_OF_ONE, PackedLine};
use super::{Made, actions, appointments, contacts, outcomes, plans, referrals, reminders};
use super::{
    Result, Store, StoreError, audit, barriers, day, parse_day, parse_stamp, scoped, stamp,
};
use crate::domain::availability::Availability;
use crate::domain::outcome::{Exit, OutcomeKind, Sitting};
use crate::domain::plan::{ActionDetails, BarrierStatus, Plan};
use crate::domain::rhythm::{Gap, SafetyNetRules};
use crate::domain::text::{line, line_owned, stored_line};
use crate::domain::{
    Barrier, BarrierKind, CaseloadRow, Choice, Participant, ParticipantDetails, ReferralRoute,
    RowText, Stage, StageChange,
};
use crate::strings;
use rusqlite::types::ValueRef;

/// Whose participants a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    Worker(&'a str),
    Team,
}

/// A participant written in bulk (demo data, imports), with its own dates.
#[derive(Debug, Clone)]
pub struct NewParticipant {
    pub details: ParticipantDetails,
    pub created_at: DateTime<FixedOffset>,
    pub stage_since: NaiveDate,
    pub barriers_assessed: NaiveDate,
    /// Earlier moves along the pathway, oldest first, ending in `details.stage`.
    pub history: Vec<StageChange>,
    pub plan: Option<Plan>,
    pub actions: Vec<ActionDetails>,
    /// Later assessments of the barriers, oldest first.
    pub reassessments: Vec<(BarrierKind, BarrierStatus, String, NaiveDate)>,
    /// Contacts so far, oldest first.
    pub contacts: Vec<crate::domain::contact::ContactDetails>,
    /// Milestones already settled: (key, done, on, evidence).
    pub milestones: Vec<(String, bool, NaiveDate, String)>,
    /// Reviews already held.
    pub reviews: Vec<NaiveDate>,
    /// Formal outcomes: (kind, on, evidence).
    pub outcomes: Vec<(OutcomeKind, NaiveDate, String)>,
    /// Soft outcomes scored at sittings, oldest first.
    pub scores: Vec<Sitting>,
    pub spend: Vec<NewSpend>,
    /// How the case was closed, when `details.stage` is exited.
    pub exit: Option<Exit>,
    /// One-off reminders still open: (due, text).
    pub reminders: Vec<(NaiveDate, String)>,
    /// Appointments booked ahead.
    pub appointments: Vec<crate::domain::appointment::AppointmentDetails>,
    /// Referrals made, each with the steps it has moved through since.
    pub referrals: Vec<(
        crate::domain::referral::ReferralDetails,
        Vec<crate::domain::referral::StatusChange>,
    )>,
}

impl NewParticipant {
    /// A participant with nothing recorded beyond the form.
    pub fn new(
        details: ParticipantDetails,
        at: DateTime<FixedOffset>,
        today: NaiveDate,
        by: &str,
    ) -> Self {
        Self {
            history: vec![StageChange {
                from: None,
                to: details.stage,
                at,
                by: by.to_string(),
            }],
            details,
            created_at: at,
            stage_since: today,
            barriers_assessed: today,
            plan: None,
            actions: Vec::new(),
            reassessments: Vec::new(),
            contacts: Vec::new(),
            milestones: Vec::new(),
            reviews: Vec::new(),
            outcomes: Vec::new(),
            scores: Vec::new(),
            spend: Vec::new(),
            exit: None,
            reminders: Vec::new(),
            appointments: Vec::new(),
            referrals: Vec::new(),
        }
    }
}

/// `day` at the time of day and offset of `like`: when something in bulk was recorded.
fn work_hours(day: NaiveDate, like: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    use chrono::TimeZone;
    like.offset()
        .from_local_datetime(&day.and_time(like.time()))
        .earliest()
        .unwrap_or(like)
}

/// Everything the app stores is cleaned of terminal control characters first.
fn cleaned(d: &ParticipantDetails) -> ParticipantDetails {
    ParticipantDetails {
        name: line(&d.name),
        preferred_name: line(&d.preferred_name),
        phone: line(&d.phone),
        email: line(&d.email),
        postcode: line(&d.postcode).to_uppercase(),
        referral_route: d.referral_route,
        referral_date: d.referral_date,
        stage: d.stage,
        barriers: d
            .barriers
            .iter()
            .map(|(k, note)| (*k, line(note)))
            .collect(),
        key_worker: line(&d.key_worker),
        availability: Availability {
            note: line(&d.availability.note),
            flags: d.availability.flags.clone(),
        },
    }
}

fn fields(d: &ParticipantDetails) -> [(&'static str, Value); 11] {
    [
        ("name", json!(d.name)),
        ("preferred_name", json!(d.preferred_name)),
        ("phone", json!(d.phone)),
        ("email", json!(d.email)),
        ("postcode", json!(d.postcode)),
        ("referral_route", json!(d.referral_route.code())),
        ("referral_date", json!(d.referral_date.map(day))),
        ("stage", json!(d.stage.code())),
        ("key_worker", json!(d.key_worker)),
        ("availability", json!(d.availability.note)),
        ("availability_flags", json!(d.availability.flag_codes())),
    ]
}

fn barrier_map(d: &ParticipantDetails) -> Value {
    Value::Object(
        d.barriers
            .iter()
            .map(|(k, n)| (k.code().to_string(), json!(n)))
            .collect(),
    )
}

impl Store {
    /// The open cases, sorted by name.
    pub fn caseload(&self, scope: Scope<'_>) -> Result<Vec<CaseloadRow>> {
        self.caseload_of(scope, false)
    }

    /// The caseload table, sorted by name; `closed` includes exited participants.
    pub fn caseload_of(&self, scope: Scope<'_>, closed: bool) -> Result<Vec<CaseloadRow>> {
        let most: i64 = self
            .conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM participants")?
            .query_row([], |r| r.get(0))?;
        if scope == Scope::Team && most >= line_reader::WORTH_IT {
            // Should the second connection fail (say the file cannot be opened again), the
            // store's own reads everyone instead.
            if let Ok(rows) = self.whole_caseload_beside(closed, most) {
                return Ok(rows);
            }
        }
        let employers = self.employer_of_everyone()?;
        let mut rows = Rows::new(self, closed, most);
        self.each_line(scope, |id, name, line| {
            rows.add(id, name, &line, &employers)
        })?;
        Ok(rows.out)
    }

    /// Everyone's caseload, read on a second connection while this one reads the employers
    /// and builds the rows (`line_reader`).
    pub(super) fn whole_caseload_beside(
        &self,
        closed: bool,
        most: i64,
    ) -> Result<Vec<CaseloadRow>> {
        std::thread::scope(|scope| {
            let batches = line_reader::read_beside(scope, &self.path);
            let employers = self.employer_of_everyone()?;
            let mut rows = Rows::new(self, closed, most);
            for batch in batches {
                for (id, name, line) in batch?.lines() {
                    rows.add(id, name, &PackedLine::parse(line), &employers);
                }
            }
            Ok(rows.out)
        })
    }

    /// Each caseload line in scope, closed cases too, by name, read from the caseload's
    /// indexes alone: its id, its name as stored (for `stored_line`, which only the lines
    /// kept need) and the rest of the line.
    pub(super) fn each_line(
        &self,
        scope: Scope<'_>,
        mut each: impl FnMut(i64, &[u8], PackedLine<'_>),
    ) -> Result<()> {
        // Two statements rather than `?1 IS NULL OR ...`, which would make SQLite scan
        // everyone's rows for one worker's caseload.
        let (sql, worker) = match scope {
            Scope::Worker(w) => (&*CASELOAD_OF_WORKER, Some(w)),
            Scope::Team => (&*CASELOAD_OF_TEAM, None),
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = match worker {
            Some(w) => stmt.query([w])?,
            None => stmt.query([])?,
        };
        while let Some(r) = rows.next()? {
            each(
                r.get(0)?,
                stored(r.get_ref(1)?),
                PackedLine::parse(stored(r.get_ref(2)?)),
            );
        }
        Ok(())
    }

    /// One participant's caseload line, read again after a save.
    pub fn caseload_line(&self, id: i64) -> Result<Option<CaseloadRow>> {
        let employer: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT e.name FROM plans p JOIN employers e ON e.id = p.employer_id \
                 WHERE p.participant_id = ?1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let employers = EmployerOf::one(id, employer.as_deref());
        let net = (&self.profile.safety_net, self.clock.today());
        Ok(self
            .conn
            .prepare_cached(&LINE_OF_ONE)?
            .query_row([id], |r| {
                Ok(caseload_row(
                    id,
                    stored(r.get_ref(0)?),
                    &PackedLine::parse(stored(r.get_ref(1)?)),
                    &employers,
                    &mut Workers::default(),
                    net,
                ))
            })
            .optional()?)
    }

    pub fn participant_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM participants", [], |r| r.get(0))?)
    }

    pub fn participant(&self, id: i64) -> Result<Participant> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, preferred_name, phone, email, postcode, referral_route, \
             referral_date, stage, stage_since, key_worker, created_at, updated_at, version, \
             availability, availability_flags FROM participants WHERE id = ?1",
        )?;
        let found = stmt.query_row([id], participant_row).optional()?;
        let mut p = found.ok_or(StoreError::NoSuchParticipant(id))?;
        p.barriers = self.barriers(id)?;
        p.details.barriers = p
            .barriers
            .iter()
            .map(|b| (b.kind, b.note.clone()))
            .collect();
        Ok(p)
    }

    /// Every participant (or one), with barriers and stage history, in id order: for export.
    pub fn participants_in_full(
        &self,
        only: Option<i64>,
    ) -> Result<Vec<(Participant, Vec<StageChange>)>> {
        let mut barriers: HashMap<i64, Vec<Barrier>> = HashMap::new();
        let mut stmt = self.conn.prepare(&scoped(
            "SELECT participant_id, kind, note, assessed, status FROM barriers WHERE {one}",
            "participant_id",
            only,
        ))?;
        let mut rows = stmt.query([only])?;
        while let Some(r) = rows.next()? {
            let (Some(kind), Some(assessed)) = (
                BarrierKind::from_code(&r.get::<_, String>(1)?),
                parse_day(&r.get::<_, String>(3)?),
            ) else {
                continue;
            };
            barriers.entry(r.get(0)?).or_default().push(Barrier {
                kind,
                note: line(&r.get::<_, String>(2)?),
                assessed,
                status: BarrierStatus::from_code(&r.get::<_, String>(4)?)
                    .unwrap_or(BarrierStatus::Barrier),
            });
        }
        let mut history: HashMap<i64, Vec<StageChange>> = HashMap::new();
        let mut stmt = self.conn.prepare(&scoped(
            "SELECT participant_id, from_stage, to_stage, at, by FROM stage_history \
             WHERE {one} ORDER BY unixepoch(at), id",
            "participant_id",
            only,
        ))?;
        let mut rows = stmt.query([only])?;
        while let Some(r) = rows.next()? {
            history
                .entry(r.get(0)?)
                .or_default()
                .push(stage_change_row(r, 1)?);
        }
        let mut stmt = self.conn.prepare(&scoped(
            "SELECT id, name, preferred_name, phone, email, postcode, referral_route, \
             referral_date, stage, stage_since, key_worker, created_at, updated_at, version, \
             availability, availability_flags FROM participants WHERE {one} ORDER BY id",
            "id",
            only,
        ))?;
        let people = stmt.query_map([only], participant_row)?;
        let mut out = Vec::new();
        for p in people {
            let mut p = p?;
            let mut b = barriers.remove(&p.id).unwrap_or_default();
            b.sort_by_key(|b| b.kind);
            p.details.barriers = b.iter().map(|b| (b.kind, b.note.clone())).collect();
            p.barriers = b;
            let h = history.remove(&p.id).unwrap_or_default();
            out.push((p, h));
        }
        if let (Some(id), true) = (only, out.is_empty()) {
            return Err(StoreError::NoSuchParticipant(id));
        }
        Ok(out)
    }

    pub fn stage_history(&self, id: i64) -> Result<Vec<StageChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT from_stage, to_stage, at, by FROM stage_history \
             WHERE participant_id = ?1 ORDER BY unixepoch(at), id",
        )?;
        let rows = stmt.query_map([id], |r| stage_change_row(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a participant from the form; returns the new id.
    pub fn add_participant(
        &mut self,
        details: &ParticipantDetails,
        today: NaiveDate,
    ) -> Result<i64> {
        let now = self.clock.now();
        let d = cleaned(details);
        self.write_refreshing(|tx, who| {
            let id = insert(tx, who, &NewParticipant::new(d.clone(), now, today, who))?;
            Ok((id, id))
        })
    }

    /// Adds many participants in one transaction. `progress` is called every 1,000.
    pub fn add_participants(
        &mut self,
        people: impl Iterator<Item = NewParticipant>,
        mut progress: impl FnMut(u64),
    ) -> Result<u64> {
        // One long transaction touches the same index pages over and over: a bigger page
        // cache keeps them in memory instead of spilling each version to the WAL.
        self.conn.pragma_update(None, "cache_size", -131_072)?;
        // Into an empty private file nobody else has open, a rollback journal writes each page
        // once; WAL would write it twice (log, then checkpoint). With other connections open
        // the switch is refused and WAL stays. A team's file (in a shared directory) may be
        // opened by a colleague at any moment, so it is always written in full safety.
        let fresh = self.participant_count()? == 0
            && !super::open::is_team_dir(super::open::dir_of(&self.path));
        if fresh {
            let _: String =
                self.conn
                    .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
            // A fresh file that is lost half-written is simply written again.
            self.conn.pragma_update(None, "synchronous", "OFF")?;
        }
        // Every row written here refers to a participant written just before it, so the
        // foreign-key lookups (one per row, millions for a large demo) prove nothing.
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        let profile = self.profile.clone();
        let written = self.write(|tx, who| {
            let mut n = 0;
            for p in people {
                let p = NewParticipant {
                    details: cleaned(&p.details),
                    ..p
                };
                insert(tx, who, &p)?;
                n += 1;
                if n % 1000 == 0 {
                    progress(n);
                }
            }
            progress(n);
            reminders::refresh(tx, None, &profile)?;
            Ok(n)
        });
        self.conn.pragma_update(None, "cache_size", -2000)?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        if fresh {
            // Written without waiting for the disk: on it before the command says it is done.
            std::fs::File::open(&self.path)
                .and_then(|f| f.sync_all())
                .map_err(|source| StoreError::Create {
                    path: self.path.clone(),
                    source,
                })?;
            self.conn.pragma_update(None, "synchronous", "FULL")?;
            let _: String =
                self.conn
                    .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        }
        written
    }

    /// Saves an edit made on top of `version`. If someone else saved in between, nothing is
    /// written and `StoreError::Stale` comes back, so the caller can keep the typed text.
    pub fn update_participant(
        &mut self,
        id: i64,
        version: i64,
        details: &ParticipantDetails,
        today: NaiveDate,
    ) -> Result<()> {
        let at = self.clock.now();
        let new = cleaned(details);
        let old = self.participant(id)?;
        if old.version != version {
            return Err(StoreError::Stale);
        }
        self.write_for(id, |tx, who| {
            let stage_since = if old.details.stage == new.stage {
                old.stage_since
            } else {
                today
            };
            let changed = tx.execute(
                "UPDATE participants SET name = ?1, preferred_name = ?2, phone = ?3, email = ?4, \
                 postcode = ?5, referral_route = ?6, referral_date = ?7, stage = ?8, \
                 stage_since = ?9, key_worker = ?10, updated_at = ?11, version = version + 1, \
                 exit_reason = CASE WHEN ?8 = 'exited' THEN exit_reason END, \
                 exit_date = CASE WHEN ?8 = 'exited' THEN exit_date END, \
                 availability = ?14, availability_flags = ?15 \
                 WHERE id = ?12 AND version = ?13",
                params![
                    new.name,
                    new.preferred_name,
                    new.phone,
                    new.email,
                    new.postcode,
                    new.referral_route.code(),
                    new.referral_date.map(day),
                    new.stage.code(),
                    day(stage_since),
                    new.key_worker,
                    stamp(at),
                    id,
                    version,
                    new.availability.note,
                    new.availability.flag_codes(),
                ],
            )?;
            if changed == 0 {
                return Err(StoreError::Stale);
            }
            let mut changes = Map::new();
            for ((field, before), (_, after)) in fields(&old.details).into_iter().zip(fields(&new))
            {
                if before != after {
                    changes.insert(field.to_string(), json!([before, after]));
                }
            }
            if old.details.barriers != new.barriers {
                changes.insert(
                    "barriers".to_string(),
                    json!([barrier_map(&old.details), barrier_map(&new)]),
                );
                barriers::write_barriers(tx, who, id, &old.barriers, &new.barriers, today)?;
            }
            if old.details.stage != new.stage {
                record_stage(tx, id, Some(old.details.stage), new.stage, at, who, None)?;
            }
            // A new key worker typed on the form is a handover too, so the history and the
            // new worker's brief say so; the form has no note, so the note says where it came
            // from.
            if old.details.key_worker != new.key_worker {
                super::team::record_handover(
                    tx,
                    id,
                    (&old.details.key_worker, &new.key_worker),
                    strings::KEY_WORKER_CHANGED_ON_FORM,
                    who,
                    &stamp(at),
                )?;
            }
            audit::record(
                tx,
                who,
                at,
                Some(id),
                "participant",
                id,
                "update",
                &Value::Object(changes),
            )?;
            Ok(())
        })
    }
}

/// A move between stages, with why where there is a reason (an exit, a reopening).
pub(super) fn record_stage(
    tx: &Transaction,
    id: i64,
    from: Option<Stage>,
    to: Stage,
    at: DateTime<FixedOffset>,
    who: &str,
    reason: Option<&str>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO stage_history (participant_id, from_stage, to_stage, at, by, reason) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        from.map(Stage::code),
        to.code(),
        stamp(at),
        who,
        reason
    ])?;
    Ok(())
}

fn insert(tx: &Transaction, who: &str, p: &NewParticipant) -> Result<i64> {
    let d = &p.details;
    let created = stamp(p.created_at);
    // Above every id ever erased, so none is given twice (NULL: SQLite's next).
    let id: Option<i64> = tx
        .prepare_cached(
            "SELECT CASE WHEN e.up_to >= coalesce((SELECT max(id) FROM participants), 0) \
             THEN e.up_to + 1 END FROM (SELECT coalesce((SELECT CAST(value AS INTEGER) \
             FROM meta WHERE key = 'erased_up_to'), 0) AS up_to) e",
        )?
        .query_row([], |r| r.get(0))?;
    tx.prepare_cached(
        "INSERT INTO participants (name, preferred_name, phone, email, postcode, referral_route, \
         referral_date, stage, stage_since, key_worker, created_at, updated_at, id, \
         availability, availability_flags) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        d.name,
        d.preferred_name,
        d.phone,
        d.email,
        d.postcode,
        d.referral_route.code(),
        d.referral_date.map(day),
        d.stage.code(),
        day(p.stage_since),
        d.key_worker,
        created,
        id,
        d.availability.note,
        d.availability.flag_codes(),
    ])?;
    let id = tx.last_insert_rowid();
    for (kind, note) in &d.barriers {
        let status = BarrierStatus::Barrier;
        barriers::insert_barrier(tx, id, *kind, note, p.barriers_assessed, status)?;
        barriers::record_assessment(
            tx,
            id,
            *kind,
            BarrierStatus::Barrier,
            note,
            p.barriers_assessed,
            &d.key_worker,
        )?;
    }
    for h in &p.history {
        record_stage(tx, id, h.from, h.to, h.at, &h.by, None)?;
    }
    let mut changes = Map::new();
    for (field, value) in fields(d) {
        changes.insert(field.to_string(), value);
    }
    changes.insert("barriers".to_string(), barrier_map(d));
    audit::record(
        tx,
        who,
        p.created_at,
        Some(id),
        "participant",
        id,
        "create",
        &Value::Object(changes),
    )?;
    if let Some(plan) = &p.plan {
        let plan = plans::cleaned(plan);
        plans::write_plan(tx, who, id, 0, &Plan::default(), &plan, p.created_at)?;
    }
    for a in &p.actions {
        let a = ActionDetails {
            text: line(&a.text),
            ..a.clone()
        };
        actions::insert_action(tx, who, id, &a, p.created_at)?;
    }
    for (kind, status, note, assessed) in &p.reassessments {
        barriers::reassess(
            tx,
            id,
            *kind,
            *status,
            &line(note),
            *assessed,
            &d.key_worker,
        )?;
    }
    if !p.contacts.is_empty() {
        for c in &p.contacts {
            // Contacts written in bulk were made by the participant's key worker, a few
            // minutes after the call ended.
            let minutes = i64::from(c.duration_minutes.unwrap_or(1)) + 3;
            let recorded = stamp(c.at + chrono::Duration::minutes(minutes));
            contacts::insert_contact(tx, &d.key_worker, id, c, None, &recorded)?;
        }
        contacts::set_summary(tx, id, &p.contacts)?;
    }
    let at = stamp(p.created_at);
    let mine = Made { by: who, at: &at };
    // What the key worker recorded for them.
    let theirs = Made {
        by: &d.key_worker,
        at: &at,
    };
    for a in &p.appointments {
        appointments::insert_appointment(tx, id, a, theirs)?;
    }
    for (r, steps) in &p.referrals {
        let made = |on: NaiveDate| stamp(work_hours(on, p.created_at));
        let at = made(r.sent_on);
        let referral = referrals::insert_referral(
            tx,
            id,
            r,
            Made {
                by: &d.key_worker,
                at: &at,
            },
        )?;
        for (version, c) in (1..).zip(steps) {
            let at = made(c.on);
            referrals::update_referral(
                tx,
                referral,
                version,
                c,
                Made {
                    by: &d.key_worker,
                    at: &at,
                },
            )?;
        }
    }
    for (key, done, on, evidence) in &p.milestones {
        reminders::write_milestone_state(tx, id, key, *done, *on, evidence, mine)?;
    }
    for on in &p.reviews {
        reminders::insert_review(tx, id, *on, "", mine)?;
    }
    for (kind, on, evidence) in &p.outcomes {
        outcomes::insert_outcome(tx, id, *kind, *on, &line(evidence), theirs)?;
    }
    for sitting in &p.scores {
        outcomes::insert_scores(tx, id, sitting, theirs)?;
    }
    for s in &p.spend {
        outcomes::insert_spend(tx, id, s, theirs)?;
    }
    for (due, text) in &p.reminders {
        reminders::insert_one_off(tx, id, *due, text, theirs)?;
    }
    if let Some(e) = &p.exit {
        tx.prepare_cached(
            "UPDATE participants SET exit_reason = ?1, exit_date = ?2, exit_note = ?3 WHERE id = ?4",
        )?
        .execute(params![e.reason.code(), day(e.on), line(&e.note), id])?;
    }
    Ok(id)
}

/// Each participant's employer's name: names once each, and by participant id the place of
/// theirs (0 for none).
pub(super) struct EmployerOf {
    pub names: Vec<std::rc::Rc<str>>,
    pub of: Vec<u32>,
    /// Instead of `of`, for one participant's line: their id.
    pub only: Option<i64>,
}

impl EmployerOf {
    /// For one participant's line.
    fn one(id: i64, name: Option<&str>) -> Self {
        let mut names: Vec<std::rc::Rc<str>> = vec!["".into()];
        names.extend(name.map(|n| line(n).into()));
        Self {
            names,
            of: Vec::new(),
            only: Some(id),
        }
    }

    fn get(&self, id: i64) -> std::rc::Rc<str> {
        let at = match self.only {
            Some(only) => usize::from(only == id),
            None => usize::try_from(id)
                .ok()
                .and_then(|p| self.of.get(p))
                .map_or(0, |&e| e as usize),
        };
        self.names.get(at).cloned().unwrap_or_default()
    }
}

/// Each key worker's name once, shared by all their rows.
#[derive(Default)]
struct Workers(Vec<(Box<[u8]>, std::rc::Rc<str>)>);

impl Workers {
    /// Found by the stored bytes, so a name is checked and cleaned once, not once a row.
    fn of(&mut self, stored: &[u8]) -> std::rc::Rc<str> {
        if let Some((_, w)) = self.0.iter().find(|(b, _)| **b == *stored) {
            return w.clone();
        }
        let w: std::rc::Rc<str> = stored_line(stored).into();
        self.0.push((stored.into(), w.clone()));
        w
    }
}

/// Caseload rows as they are built from the lines read.
struct Rows<'a> {
    out: Vec<CaseloadRow>,
    closed: bool,
    net: (&'a SafetyNetRules, NaiveDate),
    workers: Workers,
}

impl<'a> Rows<'a> {
    fn new(store: &'a Store, closed: bool, most: i64) -> Self {
        Self {
            // Sized once: at 100,000 rows, growing the list step by step copies it many times.
            out: Vec::with_capacity(usize::try_from(most).unwrap_or(0)),
            closed,
            net: (&store.profile.safety_net, store.clock.today()),
            workers: Workers::default(),
        }
    }

    fn add(&mut self, id: i64, name: &[u8], line: &PackedLine<'_>, employers: &EmployerOf) {
        if self.closed || line.stage != Some(Stage::Exited) {
            let row = caseload_row(id, name, line, employers, &mut self.workers, self.net);
            self.out.push(row);
        }
    }
}

/// A text column's bytes as stored; nothing for a number or NULL another program wrote.
pub(super) fn stored(v: ValueRef<'_>) -> &[u8] {
    match v {
        ValueRef::Text(b) | ValueRef::Blob(b) => b,
        _ => &[],
    }
}

/// A caseload line from its id, its name as stored and the rest as the index holds it.
fn caseload_row(
    id: i64,
    name: &[u8],
    line: &PackedLine<'_>,
    employers: &EmployerOf,
    workers: &mut Workers,
    net: (&SafetyNetRules, NaiveDate),
) -> CaseloadRow {
    let stage = line.stage.unwrap_or(Stage::Referred);
    CaseloadRow {
        gap: Gap::of(net.0, stage, line.last_contact, line.agreed, net.1),
        id,
        text: RowText::new(&stored_line(name), &stored_line(line.phone)),
        stage,
        key_worker: workers.of(line.key_worker),
        employer: employers.get(id),
        last_contact: line.last_contact,
        next_due: line.next_due,
        failed_attempts: line.failed_attempts,
    }
}

fn participant_row(r: &Row) -> rusqlite::Result<Participant> {
    let text = |i: usize| -> rusqlite::Result<String> { Ok(line_owned(r.get(i)?)) };
    Ok(Participant {
        id: r.get(0)?,
        details: ParticipantDetails {
            name: text(1)?,
            preferred_name: text(2)?,
            phone: text(3)?,
            email: text(4)?,
            postcode: text(5)?,
            referral_route: ReferralRoute::from_code(&text(6)?).unwrap_or(ReferralRoute::Other),
            referral_date: r
                .get::<_, Option<String>>(7)?
                .as_deref()
                .and_then(parse_day),
            stage: Stage::from_code(&text(8)?).unwrap_or(Stage::Referred),
            barriers: Vec::new(),
            key_worker: text(10)?,
            availability: Availability::with_flag_codes(&text(14)?, &text(15)?),
        },
        barriers: Vec::new(),
        stage_since: parse_day(&text(9)?).unwrap_or_default(),
        created_at: parse_stamp(&text(11)?),
        updated_at: parse_stamp(&text(12)?),
        version: r.get(13)?,
    })
}

fn stage_change_row(r: &Row, first: usize) -> rusqlite::Result<StageChange> {
    Ok(StageChange {
        from: r
            .get::<_, Option<String>>(first)?
            .as_deref()
            .and_then(Stage::from_code),
        to: Stage::from_code(&r.get::<_, String>(first + 1)?).unwrap_or(Stage::Referred),
        at: parse_stamp(&r.get::<_, String>(first + 2)?),
        by: line(&r.get::<_, String>(first + 3)?),
    })
}
