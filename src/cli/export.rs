//! `keyworker export`: everything held, in the stable format of DESIGN.md.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use serde_json::Value;

use crate::domain::{Choice, Participant, StageChange};
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
    note: String,
    assessed: String,
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
    plan: Value,
    contacts: Vec<Value>,
    reminders: Vec<Value>,
    outcomes: Vec<Value>,
    stage_history: Vec<StageOut>,
    created_at: String,
    updated_at: String,
    version: i64,
}

fn rfc3339(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn participant_out(p: Participant, history: Vec<StageChange>) -> ParticipantOut {
    let d = p.details;
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
                note: b.note,
                assessed: b.assessed.to_string(),
            })
            .collect(),
        plan: Value::Null,
        contacts: Vec::new(),
        reminders: Vec::new(),
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
            .map(|(p, h)| participant_out(p, h))
            .collect(),
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
