//! `keyworker due`: today's and overdue reminders (or the next N days), as text for a person,
//! JSON for scripts, or an iCalendar file for a calendar app.

use std::io::{self, Write};

use anyhow::Result;
use chrono::NaiveDate;
use icalendar::{Calendar, Component, Event, EventLike};
use serde::Serialize;

use crate::domain::Choice;
use crate::domain::dates::{hm, short};
use crate::domain::reminder::{Group, ReminderKind, overdue_days};
use crate::store::{Caught, Listed, ReminderQuery, Store};
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

/// What `keyworker due` lists: one worker's (or everyone's, with `worker` None), everything
/// overdue and the next `days` days from `today`.
#[derive(Debug, Clone, Copy)]
pub struct DueList<'a> {
    pub worker: Option<&'a str>,
    pub days: u32,
    pub today: NaiveDate,
}

impl DueList<'_> {
    fn query(&self) -> ReminderQuery<'_> {
        ReminderQuery {
            worker: self.worker,
            participant: None,
            until: self.today + chrono::Duration::days(i64::from(self.days)),
        }
    }
}

/// The reminders and the people the safety net caught, as JSON for scripts.
pub fn write_json(out: &mut impl Write, store: &Store, list: DueList<'_>) -> Result<()> {
    let today = list.today;
    let listed = store.reminders(list.query())?;
    let caught = store.safety_net(list.worker, today)?;
    let mut rows: Vec<DueOut> = listed
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
    let titles: Vec<String> = caught.iter().map(|c| c.gap.label()).collect();
    rows.extend(caught.iter().zip(&titles).map(|(c, title)| DueOut {
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
    Ok(())
}

/// Reminders as all-day events, and booked appointments at their time for their length. An
/// appointment's UID never changes and its SEQUENCE goes up as it moves, so a calendar that
/// imports the file again moves the event rather than adding a second.
/// The safety net is not a calendar's business.
pub fn write_ics(out: &mut impl Write, store: &Store, list: DueList<'_>) -> Result<()> {
    let q = list.query();
    let booked = store.booked(list.worker, q.until)?;
    // Stamped by the one clock, like every time the app writes: a test's fake clock gets
    // the same file on every run.
    let stamp = store.clock().now().with_timezone(&chrono::Utc);
    let mut cal = Calendar::new();
    cal.name("keyworker reminders");
    for r in store
        .reminders(q)?
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
                .timestamp(stamp)
                .done(),
        );
    }
    for (a, name) in &booked {
        let start = a.details.at.with_timezone(&chrono::Utc);
        let end = start + chrono::Duration::minutes(i64::from(a.details.minutes));
        let mut event = Event::new();
        event
            .uid(&a.uid)
            .summary(&format!("{name}: {}", a.details.title()))
            .starts(start)
            .ends(end)
            .sequence(u32::try_from(a.version - 1).unwrap_or(0))
            .timestamp(stamp);
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

/// The text a person reads, written as the store reads it: a list of thousands goes out
/// without being held.
pub fn write_text(out: &mut impl Write, store: &Store, list: DueList<'_>) -> Result<()> {
    let mut lines = Lines::new(list.today);
    let mut any = false;
    store.each_reminder(list.query(), |r| -> Result<bool> {
        any = true;
        lines.write(out, &r)?;
        Ok(true)
    })?;
    if !any {
        writeln!(out, "Nothing due.")?;
    }
    safety_net(out, &store.safety_net(list.worker, list.today)?)?;
    Ok(())
}

/// The reminders' lines under their headings. The list is by date, so each date and how
/// overdue it is are worked out once for its run of lines.
struct Lines {
    today: NaiveDate,
    group: Option<Group>,
    day: Option<NaiveDate>,
    /// The date column, padded, and what follows a line of that day.
    when: String,
    overdue: String,
}

impl Lines {
    fn new(today: NaiveDate) -> Self {
        Self {
            today,
            group: None,
            day: None,
            when: String::new(),
            overdue: String::new(),
        }
    }

    fn write(&mut self, out: &mut impl Write, r: &Listed) -> io::Result<()> {
        let g = Group::of_kind(r.kind, r.due, self.today);
        if self.group != Some(g) {
            writeln!(out, "{}", g.label())?;
            self.group = Some(g);
        }
        if self.day != Some(r.due) {
            self.day = Some(r.due);
            self.when = format!("  {:<10}  ", short(r.due));
            self.overdue = match overdue_days(r.due, self.today) {
                0 => "\n".to_string(),
                1 => "  1 day overdue\n".to_string(),
                n => format!("  {n} days overdue\n"),
            };
        }
        out.write_all(self.when.as_bytes())?;
        write_padded(out, r.participant, 22)?;
        out.write_all(b"  ")?;
        out.write_all(r.title().as_bytes())?;
        out.write_all(self.overdue.as_bytes())
    }
}

/// `{:<width$}` without the formatting machinery, which is a visible cost over thousands.
fn write_padded(out: &mut impl Write, s: &str, width: usize) -> io::Result<()> {
    const SPACES: &[u8] = &[b' '; 64];
    out.write_all(s.as_bytes())?;
    let chars = if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    };
    out.write_all(
        SPACES
            .get(..width.saturating_sub(chars))
            .unwrap_or_default(),
    )
}

fn safety_net(out: &mut impl Write, caught: &[Caught]) -> io::Result<()> {
    if caught.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", strings::SAFETY_NET_HEADING)?;
    for c in caught {
        let last = c.last_contact.map_or_else(|| "never".to_string(), short);
        writeln!(
            out,
            "  {:<22}  {:<34}  last contact {last}",
            c.participant,
            c.gap.label()
        )?;
    }
    Ok(())
}

pub fn run(store: &Store, list: DueList<'_>, format: Format) -> Result<()> {
    let stdout = io::stdout();
    // Thousands of lines go out in a few large writes.
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    match format {
        Format::Text => write_text(&mut out, store, list)?,
        Format::Json => write_json(&mut out, store, list)?,
        Format::Ics => write_ics(&mut out, store, list)?,
    }
    out.flush()?;
    Ok(())
}
