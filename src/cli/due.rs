//! `keyworker due`: today's and overdue reminders (or the next N days), as text for a person,
//! JSON for scripts, or an iCalendar file for a calendar app.

use std::io::{self, Write};

use anyhow::Result;
use chrono::NaiveDate;
use icalendar::{Calendar, Component, Event, EventLike};
use serde::Serialize;

use crate::domain::Choice;
use crate::domain::dates::short;
use crate::domain::reminder::{Group, Reminder};
use crate::store::{ReminderQuery, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Ics,
}

#[derive(Serialize)]
struct DueOut<'a> {
    participant_id: String,
    participant: &'a str,
    due: String,
    kind: &'static str,
    title: &'a str,
    overdue_days: i64,
    snoozed_until: Option<String>,
}

/// Reminders due by `today + days` for `worker` (or everyone).
pub fn reminders(
    store: &Store,
    worker: Option<&str>,
    days: u32,
    today: NaiveDate,
) -> Result<Vec<Reminder>> {
    let until = today + chrono::Duration::days(i64::from(days));
    Ok(store.reminders(ReminderQuery {
        worker,
        participant: None,
        until,
    })?)
}

pub fn write(
    out: &mut impl Write,
    list: &[Reminder],
    format: Format,
    today: NaiveDate,
) -> Result<()> {
    match format {
        Format::Json => {
            let rows: Vec<DueOut> = list
                .iter()
                .map(|r| DueOut {
                    participant_id: r.participant_id.to_string(),
                    participant: &r.participant,
                    due: r.due.to_string(),
                    kind: r.kind.code(),
                    title: &r.title,
                    overdue_days: r.overdue_days(today),
                    snoozed_until: r.snoozed_until.map(|d| d.to_string()),
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        Format::Ics => {
            let mut cal = Calendar::new();
            cal.name("keyworker reminders");
            for r in list {
                cal.push(
                    Event::new()
                        .uid(&format!(
                            "{}-{}@keyworker",
                            r.participant_id,
                            r.key.replace(':', "-")
                        ))
                        .summary(&format!("{}: {}", r.participant, r.title))
                        .starts(r.due)
                        .done(),
                );
            }
            write!(out, "{}", cal.done())?;
        }
        Format::Text => {
            if list.is_empty() {
                writeln!(out, "Nothing due.")?;
            }
            let mut group = None;
            for r in list {
                let g = Group::of(r, today);
                if group != Some(g) {
                    writeln!(out, "{}", g.label())?;
                    group = Some(g);
                }
                write!(
                    out,
                    "  {:<10}  {:<22}  {}",
                    short(r.due),
                    r.participant,
                    r.title
                )?;
                match r.overdue_days(today) {
                    0 => writeln!(out)?,
                    1 => writeln!(out, "  1 day overdue")?,
                    n => writeln!(out, "  {n} days overdue")?,
                }
            }
        }
    }
    Ok(())
}

pub fn run(
    store: &Store,
    worker: Option<&str>,
    days: u32,
    format: Format,
    today: NaiveDate,
) -> Result<()> {
    let list = reminders(store, worker, days, today)?;
    let stdout = io::stdout();
    // Thousands of lines go out in a few large writes.
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    write(&mut out, &list, format, today)?;
    out.flush()?;
    Ok(())
}
