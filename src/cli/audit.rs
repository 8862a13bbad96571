//! `keyworker audit`: who changed what, when, oldest first.

use std::io::{self, Write};

use anyhow::Result;
use serde_json::Value;

use crate::domain::text::line;
use crate::store::Store;

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
                format!("{k}: {} → {}", show(&pair[0]), show(&pair[1]))
            }
            v => format!("{k}: {}", show(v)),
        })
        .collect::<Vec<_>>()
        .join("; ")
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
                    "who": e.who,
                    "participant_id": e.participant_id,
                    "entity": e.entity,
                    "action": e.action,
                    "changes": e.changes,
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
            writeln!(
                w,
                "{}  {:<12} {whose}{} {}  {}",
                e.at.format("%d/%m/%Y %H:%M"),
                line(&e.who),
                line(&e.entity),
                line(&e.action),
                changes(&e.changes)
            )?;
        }
    }
    w.flush()?;
    Ok(())
}
