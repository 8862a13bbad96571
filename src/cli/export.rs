//! `keyworker export`: everything held, in the stable format of DESIGN.md.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::Value;

use crate::domain::contact::{Contact, Outcome};
use crate::domain::plan::{Action, Assessment, Consent, Employer, Goal, Plan, StoredPlan};
use crate::domain::reminder::Reminder;
use crate::domain::{Choice, Participant, StageChange};
use crate::store::{ReminderQuery, far_ahead};
use crate::store::{Store, now};

pub const SCHEMA: &str = "keyworker-export/1";

#[derive(Serialize)]
struct Export {
    schema: &'static str,
    exported_at: String,
    participants: Vec<ParticipantOut>,
}

#[derive(Serialize)]
struct BarrierOut {
    kind: &'static str,
    status: &'static str,
    note: String,
    assessed: String,
    assessments: Vec<AssessmentOut>,
}

#[derive(Serialize)]
struct AssessmentOut {
    status: &'static str,
    note: String,
    assessed: String,
    by: String,
}

#[derive(Serialize)]
struct ReminderOut {
    due: String,
    kind: &'static str,
    title: String,
    key: String,
    done: bool,
    snoozed_until: Option<String>,
}

#[derive(Serialize)]
struct InWorkOut {
    role_going: String,
    changes: String,
    needs: String,
}

#[derive(Serialize)]
struct ContactOut {
    id: String,
    at: String,
    channel: &'static str,
    with: &'static str,
    outcome: &'static str,
    cancelled_by: Option<&'static str>,
    duration_minutes: Option<u32>,
    notes: String,
    next_contact: Option<String>,
    in_work: Option<InWorkOut>,
    amends: Option<String>,
    by: String,
    recorded_at: String,
}

fn contact_out(c: Contact) -> ContactOut {
    let d = c.details;
    ContactOut {
        id: c.id.to_string(),
        at: rfc3339(d.at),
        channel: d.channel.code(),
        with: d.with.code(),
        outcome: d.outcome.export_code(),
        cancelled_by: match d.outcome {
            Outcome::CancelledByThem => Some("participant"),
            Outcome::CancelledByUs => Some("key_worker"),
            _ => None,
        },
        duration_minutes: d.duration_minutes,
        notes: d.notes,
        next_contact: d.next_contact.map(|n| n.to_string()),
        in_work: d.in_work.map(|w| InWorkOut {
            role_going: w.role_going,
            changes: w.changes,
            needs: w.needs,
        }),
        amends: c.amends.map(|a| a.to_string()),
        by: c.by,
        recorded_at: rfc3339(c.recorded_at),
    }
}

#[derive(Serialize)]
struct ActionOut {
    text: String,
    owner: &'static str,
    due: Option<String>,
    status: &'static str,
    created_at: String,
}

#[derive(Serialize)]
struct EmployerOut {
    name: String,
    contact_name: String,
    phone: String,
    email: String,
    notes: String,
}

#[derive(Serialize)]
struct PlanOut {
    job_start: Option<String>,
    employer: String,
    job_title: String,
    hours_per_week: Option<f32>,
    contract_type: Option<&'static str>,
    consent_employer_contact: &'static str,
    contact_channel: Option<&'static str>,
    contact_channel_other: String,
    contact_frequency: Option<String>,
    practical_help: Vec<&'static str>,
    practical_help_other: String,
    other_support: String,
    support_agreed: String,
    long_term_goals: String,
    long_term_goal_kinds: Vec<&'static str>,
    long_term_goals_other: String,
    employer_details: Option<EmployerOut>,
    actions: Vec<ActionOut>,
    version: i64,
    updated_at: Option<String>,
    updated_by: String,
}

#[derive(Serialize)]
struct StageOut {
    from: Option<&'static str>,
    to: &'static str,
    at: String,
    by: String,
}

#[derive(Serialize)]
struct ParticipantOut {
    id: String,
    name: String,
    preferred_name: String,
    phone: String,
    email: String,
    postcode: String,
    key_worker: String,
    stage: &'static str,
    stage_since: String,
    referral_route: &'static str,
    referral_date: Option<String>,
    barriers: Vec<BarrierOut>,
    plan: Option<PlanOut>,
    contacts: Vec<ContactOut>,
    reminders: Vec<ReminderOut>,
    outcomes: Vec<Value>,
    stage_history: Vec<StageOut>,
    created_at: String,
    updated_at: String,
    version: i64,
}

fn rfc3339(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Everything held about one participant beyond the participant row.
struct Extra {
    plan: Option<StoredPlan>,
    employer: Option<Employer>,
    actions: Vec<Action>,
    assessments: Vec<Assessment>,
    contacts: Vec<Contact>,
    reminders: Vec<Reminder>,
}

fn extra(store: &Store, id: i64) -> Result<Extra> {
    let plan = store.plan(id)?;
    let employer = match &plan {
        Some(p) if !p.plan.employer.is_empty() => store.employer_named(&p.plan.employer)?,
        _ => None,
    };
    Ok(Extra {
        plan,
        employer,
        actions: store.actions(id)?,
        assessments: store.assessments(id)?,
        contacts: store.contacts(id, usize::MAX >> 1)?,
        reminders: store.reminders(ReminderQuery {
            worker: None,
            participant: Some(id),
            until: far_ahead(chrono::Local::now().date_naive()),
        })?,
    })
}

fn plan_out(x: Extra) -> Option<PlanOut> {
    if x.plan.is_none() && x.actions.is_empty() {
        return None;
    }
    let stored = x.plan.unwrap_or(StoredPlan {
        plan: Plan::default(),
        version: 0,
        updated_at: None,
        updated_by: String::new(),
    });
    let p = stored.plan;
    let mut goals: Vec<String> = p
        .long_term_goals
        .iter()
        .filter(|g| **g != Goal::Other)
        .map(|g| g.label().to_string())
        .collect();
    if !p.long_term_goals_other.is_empty() {
        goals.push(p.long_term_goals_other.clone());
    }
    Some(PlanOut {
        job_start: p.job_start.map(|d| d.to_string()),
        employer: p.employer,
        job_title: p.job_title,
        hours_per_week: p.hours_per_week,
        contract_type: p.contract_type.map(Choice::code),
        consent_employer_contact: p
            .consent_employer_contact
            .unwrap_or(Consent::NotAsked)
            .code(),
        contact_channel: p.contact_channel.map(Choice::code),
        contact_channel_other: p.contact_channel_other,
        contact_frequency: p.contact_frequency.map(|f| f.code()),
        practical_help: p.practical_help.iter().map(|h| h.code()).collect(),
        practical_help_other: p.practical_help_other,
        other_support: p.other_support,
        support_agreed: p.support_agreed,
        long_term_goals: goals.join(", "),
        long_term_goal_kinds: p.long_term_goals.iter().map(|g| g.code()).collect(),
        long_term_goals_other: p.long_term_goals_other,
        employer_details: x.employer.map(|e| EmployerOut {
            name: e.name,
            contact_name: e.contact_name,
            phone: e.phone,
            email: e.email,
            notes: e.notes,
        }),
        actions: x
            .actions
            .into_iter()
            .map(|a| ActionOut {
                text: a.details.text,
                owner: a.details.owner.code(),
                due: a.details.due.map(|d| d.to_string()),
                status: a.details.status.code(),
                created_at: rfc3339(a.created_at),
            })
            .collect(),
        version: stored.version,
        updated_at: stored.updated_at.map(rfc3339),
        updated_by: stored.updated_by,
    })
}

fn participant_out(p: Participant, history: Vec<StageChange>, mut x: Extra) -> ParticipantOut {
    let contacts = std::mem::take(&mut x.contacts);
    let reminders = std::mem::take(&mut x.reminders);
    let d = p.details;
    let assessments = &x.assessments;
    ParticipantOut {
        id: p.id.to_string(),
        name: d.name,
        preferred_name: d.preferred_name,
        phone: d.phone,
        email: d.email,
        postcode: d.postcode,
        key_worker: d.key_worker,
        stage: d.stage.code(),
        stage_since: p.stage_since.to_string(),
        referral_route: d.referral_route.code(),
        referral_date: d.referral_date.map(|d| d.to_string()),
        barriers: p
            .barriers
            .into_iter()
            .map(|b| BarrierOut {
                kind: b.kind.code(),
                status: b.status.code(),
                note: b.note,
                assessed: b.assessed.to_string(),
                assessments: assessments
                    .iter()
                    .filter(|a| a.kind == b.kind)
                    .map(|a| AssessmentOut {
                        status: a.status.code(),
                        note: a.note.clone(),
                        assessed: a.assessed.to_string(),
                        by: a.by.clone(),
                    })
                    .collect(),
            })
            .collect(),
        plan: plan_out(x),
        contacts: contacts.into_iter().map(contact_out).collect(),
        reminders: reminders
            .into_iter()
            .map(|r| ReminderOut {
                due: r.due.to_string(),
                kind: r.kind.code(),
                title: r.title,
                key: r.key,
                done: false,
                snoozed_until: r.snoozed_until.map(|d| d.to_string()),
            })
            .collect(),
        outcomes: Vec::new(),
        stage_history: history
            .into_iter()
            .map(|h| StageOut {
                from: h.from.map(Choice::code),
                to: h.to.code(),
                at: rfc3339(h.at),
                by: h.by,
            })
            .collect(),
        created_at: rfc3339(p.created_at),
        updated_at: rfc3339(p.updated_at),
        version: p.version,
    }
}

pub fn parse_id(s: &str) -> Result<i64> {
    s.trim()
        .parse()
        .with_context(|| format!("{s:?} is not a participant id (ids are whole numbers)"))
}

pub fn run(
    store: &Store,
    format: &str,
    participant: Option<&str>,
    out: Option<&Path>,
) -> Result<()> {
    if format != "json" {
        bail!("export --format {format} is not available yet; use --format json");
    }
    let only = participant.map(parse_id).transpose()?;
    let people = store.participants_in_full(only)?;
    let export = Export {
        schema: SCHEMA,
        exported_at: rfc3339(now()),
        participants: people
            .into_iter()
            .map(|(p, h)| {
                let x = extra(store, p.id)?;
                Ok(participant_out(p, h, x))
            })
            .collect::<Result<_>>()?,
    };
    match out {
        Some(path) => {
            // Personal data: readable by the owner only.
            let file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut w = io::BufWriter::new(file);
            serde_json::to_writer_pretty(&mut w, &export)?;
            writeln!(w)?;
            w.flush()?;
        }
        None => {
            let mut w = io::BufWriter::new(io::stdout().lock());
            serde_json::to_writer_pretty(&mut w, &export)?;
            writeln!(w)?;
            w.flush()?;
        }
    }
    Ok(())
}
