//! `keyworker audit`: who changed what, when, oldest first.

use std::io::{self, Write};

use anyhow::Result;
use serde_json::Value;

use crate::domain::text::{Lines, clean, line};
use crate::store::{AuditCheck, Store};

/// One change as `field: old → new`, or the value written when there is no before.
fn changes(v: &Value) -> String {
    let Value::Object(map) = v else {
        return String::new();
    };
    let show = |v: &Value| match v {
        Value::String(s) => format!("{:?}", line(s)),
        Value::Null => "—".to_string(),
        other => line(&other.to_string()),
    };
    map.iter()
        .map(|(k, v)| match v {
            Value::Array(pair) if pair.len() == 2 => {
                format!("{}: {} → {}", line(k), show(&pair[0]), show(&pair[1]))
            }
            v => format!("{}: {}", line(k), show(v)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A stored value with every string cleaned of control and bidi characters (keeping line
/// breaks in notes): what was written into the file past keyworker never reaches a terminal.
fn cleaned(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(clean(s, Lines::Multi).into_owned()),
        Value::Array(a) => Value::Array(a.iter().map(cleaned).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (line(k), cleaned(v))).collect()),
        other => other.clone(),
    }
}

/// `audit --verify`: every row's hash and the chain; the number of the first row that was
/// changed, deleted or inserted outside keyworker is an error.
pub fn verify(store: &Store) -> Result<()> {
    let started = std::time::Instant::now();
    match store.verify_audit()? {
        AuditCheck::Whole { rows } => {
            eprintln!(
                "The audit log verifies: {rows} rows, each as keyworker wrote it, in an unbroken chain ({:.2} s).",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        AuditCheck::Broken { row, why } => {
            anyhow::bail!("the audit log does not verify at row {row}: {why}")
        }
    }
}

pub fn run(store: &Store, participant: Option<i64>, json: bool) -> Result<()> {
    let entries = store.audit(participant)?;
    let mut w = io::BufWriter::new(io::stdout().lock());
    if json {
        let list: Vec<Value> = entries
            .iter()
            .map(|e| {
                serde_json::json!({
                    "at": e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                    "who": line(&e.who),
                    "participant_id": e.participant_id,
                    "entity": line(&e.entity),
                    "action": line(&e.action),
                    "changes": cleaned(&e.changes),
                    "erased": e.erased,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut w, &list)?;
        writeln!(w)?;
    } else {
        for e in &entries {
            let whose = e
                .participant_id
                .map_or_else(String::new, |id| format!("participant {id} "));
            let what = if e.erased {
                "(erased with the person it was about)".to_string()
            } else {
                changes(&e.changes)
            };
            writeln!(
                w,
                "{}  {:<12} {whose}{} {}  {what}",
                e.at.format("%d/%m/%Y %H:%M"),
                line(&e.who),
                line(&e.entity),
                line(&e.action),
            )?;
        }
    }
    w.flush()?;
    Ok(())
}
