//! `keyworker due`: today's and overdue reminders (or the next N days), as text for a person,
//! JSON for scripts, or an iCalendar file for a calendar app.

use std::io::{self, Write};

use anyhow::Result;
use chrono::NaiveDate;
use icalendar::{Calendar, Component, Event, EventLike};
use serde::Serialize;

use crate::domain::Choice;
use crate::domain::appointment::Appointment;
use crate::domain::dates::{hm, short};
use crate::domain::reminder::{Group, Reminder, ReminderKind};
use crate::store::{Caught, ReminderQuery, Store};
use crate::strings;

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
    /// An appointment's time of day.
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<String>,
    /// For `no_contact`: the last completed contact, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    last_contact: Option<String>,
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

/// What `due` prints: the reminders, and the people the safety net caught.
pub struct Due {
    pub reminders: Vec<Reminder>,
    pub caught: Vec<Caught>,
    /// Booked appointments with their times, for a calendar.
    pub booked: Vec<(Appointment, String)>,
}

pub fn write(out: &mut impl Write, due: &Due, format: Format, today: NaiveDate) -> Result<()> {
    let list = &due.reminders;
    match format {
        Format::Json => {
            let mut rows: Vec<DueOut> = list
                .iter()
                .map(|r| DueOut {
                    participant_id: r.participant_id.to_string(),
                    participant: &r.participant,
                    due: r.due.to_string(),
                    kind: r.kind.code(),
                    title: &r.title,
                    overdue_days: r.overdue_days(today),
                    snoozed_until: r.snoozed_until.map(|d| d.to_string()),
                    time: r.time.map(hm),
                    last_contact: None,
                })
                .collect();
            let titles: Vec<String> = due.caught.iter().map(|c| c.gap.label()).collect();
            rows.extend(due.caught.iter().zip(&titles).map(|(c, title)| DueOut {
                participant_id: c.participant_id.to_string(),
                participant: &c.participant,
                due: today.to_string(),
                kind: "no_contact",
                title,
                overdue_days: 0,
                snoozed_until: None,
                time: None,
                last_contact: c.last_contact.map(|d| d.to_string()),
            }));
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        Format::Ics => write_ics(out, due)?,
        Format::Text => {
            if list.is_empty() {
                writeln!(out, "Nothing due.")?;
            }
            let mut group = None;
            // The list is by date, so each date is written out once for its run of lines.
            let mut date: Option<(NaiveDate, String)> = None;
            for r in list {
                let g = Group::of(r, today);
                if group != Some(g) {
                    writeln!(out, "{}", g.label())?;
                    group = Some(g);
                }
                if date.as_ref().is_none_or(|(d, _)| *d != r.due) {
                    date = Some((r.due, format!("{:<10}", short(r.due))));
                }
                let when = date.as_ref().map_or("", |(_, s)| s.as_str());
                write!(out, "  {when}  {:<22}  {}", r.participant, r.title)?;
                match r.overdue_days(today) {
                    0 => writeln!(out)?,
                    1 => writeln!(out, "  1 day overdue")?,
                    n => writeln!(out, "  {n} days overdue")?,
                }
            }
            if !due.caught.is_empty() {
                writeln!(out, "{}", strings::SAFETY_NET_HEADING)?;
                for c in &due.caught {
                    let last = c.last_contact.map_or_else(|| "never".to_string(), short);
                    writeln!(
                        out,
                        "  {:<22}  {:<34}  last contact {last}",
                        c.participant,
                        c.gap.label()
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// Reminders as all-day events, and booked appointments at their time for their length. An
/// appointment's UID never changes and its SEQUENCE goes up as it moves, so a calendar that
/// imports the file again moves the event rather than adding a second.
fn write_ics(out: &mut impl Write, due: &Due) -> Result<()> {
    let mut cal = Calendar::new();
    cal.name("keyworker reminders");
    for r in due
        .reminders
        .iter()
        .filter(|r| r.kind != ReminderKind::Appointment)
    {
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
    for (a, name) in &due.booked {
        let start = a.details.at.with_timezone(&chrono::Utc);
        let end = start + chrono::Duration::minutes(i64::from(a.details.minutes));
        let mut event = Event::new();
        event
            .uid(&a.uid)
            .summary(&format!("{name}: {}", a.details.title()))
            .starts(start)
            .ends(end)
            .sequence(u32::try_from(a.version - 1).unwrap_or(0));
        if !a.details.place.is_empty() {
            event.location(&a.details.place);
        }
        if !a.details.note.is_empty() {
            event.description(&a.details.note);
        }
        cal.push(event.done());
    }
    write!(out, "{}", cal.done())?;
    Ok(())
}

/// Everything `due` prints in `format`: the safety net is not a calendar's business, and
/// appointments' times are only a calendar's.
pub fn gather(
    store: &Store,
    worker: Option<&str>,
    days: u32,
    format: Format,
    today: NaiveDate,
) -> Result<Due> {
    let until = today + chrono::Duration::days(i64::from(days));
    Ok(Due {
        reminders: reminders(store, worker, days, today)?,
        caught: match format {
            Format::Ics => Vec::new(),
            _ => store.safety_net(worker, today)?,
        },
        booked: match format {
            Format::Ics => store.booked(worker, until)?,
            _ => Vec::new(),
        },
    })
}

pub fn run(
    store: &Store,
    worker: Option<&str>,
    days: u32,
    format: Format,
    today: NaiveDate,
) -> Result<()> {
    let due = gather(store, worker, days, format, today)?;
    let stdout = io::stdout();
    // Thousands of lines go out in a few large writes.
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    write(&mut out, &due, format, today)?;
    out.flush()?;
    Ok(())
}
