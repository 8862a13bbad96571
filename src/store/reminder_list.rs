//! Reading reminders in the order every list shows them: by date, then by kind (appointments
//! first, by time), then by participant. SQLite hands each of the few reads a worker's list is
//! made of (their own, a covered colleague's, the concerns) over in date order from an index;
//! they are merged by date here, and within a day put in order, in one buffer used again for
//! every day. So `keyworker due` writes thousands of lines without a string allocated for
//! each, and a screen that wants the first fifty stops reading after their day.

use std::cmp::Ordering;

use chrono::{NaiveDate, NaiveTime, Timelike};
use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::{ReminderQuery, Result, Store, StoreError, day, parse_day};
use crate::domain::Choice;
use crate::domain::reminder::{Reminder, ReminderKind};
use crate::domain::text::{Lines, clean, plain_line};
use crate::strings;

/// One reminder as a list reads it, its text borrowed from the day's buffer.
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    pub participant_id: i64,
    pub participant: &'a str,
    pub due: NaiveDate,
    pub kind: ReminderKind,
    pub key: &'a str,
    /// As stored: `title` gives the words a list shows.
    pub own_title: &'a str,
    /// The colleague whose caseload this comes from while it is covered.
    pub cover_for: Option<&'a str>,
    pub snoozed_until: Option<NaiveDate>,
    pub time: Option<NaiveTime>,
    pub note: &'a str,
}

impl Listed<'_> {
    /// The title a list shows: marked when it is a covered colleague's.
    pub fn title(&self) -> std::borrow::Cow<'_, str> {
        match self.cover_for {
            None => self.own_title.into(),
            Some(w) => strings::cover_for(self.own_title, w).into(),
        }
    }

    pub fn to_reminder(&self) -> Reminder {
        Reminder {
            participant_id: self.participant_id,
            participant: self.participant.to_string(),
            due: self.due,
            kind: self.kind,
            key: self.key.to_string(),
            title: self.title().into_owned(),
            snoozed_until: self.snoozed_until,
            time: self.time,
            note: self.note.to_string(),
            cover_for: self.cover_for.map(str::to_string),
        }
    }
}

/// Where one text of a row lies in the day's buffer.
#[derive(Clone, Copy)]
struct Span(u32, u32);

struct Entry {
    participant_id: i64,
    kind: ReminderKind,
    time: Option<NaiveTime>,
    /// The kind, then the time: the first of the order.
    rank: u64,
    /// The name's first eight bytes, in the order of the name.
    prefix: u64,
    snoozed_until: Option<NaiveDate>,
    /// Which read it came from: 0 is the worker's (or everyone's) own, then one per covered
    /// colleague, then the leads' concerns.
    read: usize,
    participant: Span,
    key: Span,
    title: Span,
    note: Span,
}

/// One day's rows, kept until the next day's first row shows they are all in.
#[derive(Default)]
struct DayRows {
    due_text: String,
    due: Option<NaiveDate>,
    /// The rows' texts as they are read, each checked or cleaned on the way in ...
    filling: Vec<u8>,
    /// ... and as a string once the day is whole.
    text: String,
    rows: Vec<Entry>,
}

impl DayRows {
    fn keep(&mut self, b: &[u8]) -> Span {
        let start = self.filling.len();
        if plain_line(b) {
            self.filling.extend_from_slice(b);
        } else {
            // Stored text is cleaned on the way in; a file written by something else is
            // cleaned here, on the way to a screen.
            let s = String::from_utf8_lossy(b);
            self.filling
                .extend_from_slice(clean(&s, Lines::Single).trim().as_bytes());
        }
        Span(
            u32::try_from(start).unwrap_or(u32::MAX),
            u32::try_from(self.filling.len()).unwrap_or(u32::MAX),
        )
    }

    /// Keeps one row of the day; one of a kind this version does not know is left out.
    fn read(&mut self, r: &rusqlite::Row, read: usize) -> rusqlite::Result<()> {
        let Some(kind) = ReminderKind::from_code(r.get_ref(2)?.as_str()?) else {
            return Ok(());
        };
        let time = r
            .get_ref(7)?
            .as_str_or_null()?
            .and_then(crate::domain::dates::parse_time);
        let participant = self.keep(r.get_ref(5)?.as_bytes()?);
        // From the name as kept (cleaned), which is the one the order compares.
        let mut prefix = [0u8; 8];
        let kept = self
            .filling
            .get(participant.0 as usize..participant.1 as usize);
        for (p, b) in prefix.iter_mut().zip(kept.unwrap_or_default()) {
            *p = *b;
        }
        let entry = Entry {
            participant_id: r.get(0)?,
            kind,
            time,
            // Most pairs are told apart by these two numbers, without reading the names.
            rank: (kind as u64) << 32
                | time.map_or(0, |t| u64::from(t.num_seconds_from_midnight()) + 1),
            prefix: u64::from_be_bytes(prefix),
            snoozed_until: r.get_ref(6)?.as_str_or_null()?.and_then(parse_day),
            read,
            participant,
            key: self.keep(r.get_ref(1)?.as_bytes()?),
            title: self.keep(r.get_ref(4)?.as_bytes()?),
            note: self.keep(r.get_ref(8)?.as_bytes()?),
        };
        self.rows.push(entry);
        Ok(())
    }

    fn get(&self, s: Span) -> &str {
        self.text
            .get(s.0 as usize..s.1 as usize)
            .unwrap_or_default()
    }

    fn order(&self, a: &Entry, b: &Entry) -> Ordering {
        // The id last makes every pair distinct, so the quicker unstable sort gives the same
        // order on every run (two people of one name can have the same reminder on one day).
        a.rank
            .cmp(&b.rank)
            .then(a.prefix.cmp(&b.prefix))
            .then_with(|| self.get(a.participant).cmp(self.get(b.participant)))
            .then_with(|| self.get(a.key).cmp(self.get(b.key)))
            .then(a.participant_id.cmp(&b.participant_id))
    }

    /// Puts the day in order and hands each row on; false once `f` has had enough.
    fn flush<E>(
        &mut self,
        covered: &[String],
        f: &mut impl FnMut(Listed<'_>) -> Result<bool, E>,
    ) -> Result<bool, E> {
        let Some(due) = self.due else {
            return Ok(true);
        };
        // Only plain ASCII or cleaned text went in, so this never falls back to the copy.
        self.text = String::from_utf8(std::mem::take(&mut self.filling))
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let mut rows = std::mem::take(&mut self.rows);
        rows.sort_unstable_by(|a, b| self.order(a, b));
        let mut more = true;
        for e in &rows {
            more = f(Listed {
                participant_id: e.participant_id,
                participant: self.get(e.participant),
                due,
                kind: e.kind,
                key: self.get(e.key),
                own_title: self.get(e.title),
                cover_for: e
                    .read
                    .checked_sub(1)
                    .and_then(|i| covered.get(i))
                    .map(String::as_str),
                snoozed_until: e.snoozed_until,
                time: e.time,
                note: self.get(e.note),
            })?;
            if !more {
                break;
            }
        }
        rows.clear();
        self.rows = rows;
        self.filling = std::mem::take(&mut self.text).into_bytes();
        self.filling.clear();
        self.due = None;
        Ok(more)
    }
}

const COLUMNS: &str = "participant_id, key, kind, due, title, participant, snoozed_until, \
                       at_time, note";

/// Beyond this many key workers, everyone's reminders are sorted by date rather than merged.
const MERGED_WORKERS: usize = 64;

impl Store {
    /// Every key worker with a reminder, found a step at a time down the primary key.
    fn reminder_workers(&self) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "WITH RECURSIVE w(k) AS (SELECT min(key_worker) FROM reminders UNION ALL \
                 SELECT (SELECT min(key_worker) FROM reminders WHERE key_worker > k) \
                 FROM w WHERE k IS NOT NULL) SELECT k FROM w WHERE k IS NOT NULL",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Reminders in scope, in list order.
    pub fn reminders(&self, q: ReminderQuery<'_>) -> Result<Vec<Reminder>> {
        self.first_reminders(q, i64::MAX)
    }

    /// The `limit` earliest reminders in scope, in list order: what a screen can show.
    pub fn first_reminders(&self, q: ReminderQuery<'_>, limit: i64) -> Result<Vec<Reminder>> {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let mut out = Vec::new();
        self.each_reminder(q, |r| -> Result<bool> {
            out.push(r.to_reminder());
            Ok(out.len() < limit)
        })?;
        Ok(out)
    }

    /// Hands each reminder in scope to `f` in list order, until `f` says it has enough.
    pub fn each_reminder<E: From<StoreError>>(
        &self,
        q: ReminderQuery<'_>,
        mut f: impl FnMut(Listed<'_>) -> Result<bool, E>,
    ) -> Result<(), E> {
        let sql = |e: rusqlite::Error| E::from(StoreError::from(e));
        let until = Value::Text(day(q.until));
        // Each read below comes in date order and is merged with the others here. SQLite
        // could merge them too (UNION ALL ... ORDER BY), but its merge copies every column
        // of every row on the way, which doubled the cost of a long list.
        let mut reads: Vec<(String, Vec<Value>)> = Vec::new();
        let mut covered: Vec<String> = Vec::new();
        let mut read = |filter: &str, more: Vec<Value>| {
            reads.push((
                format!(
                    "SELECT {COLUMNS} FROM reminders WHERE due <= ?1 AND {filter} ORDER BY due"
                ),
                std::iter::once(until.clone()).chain(more).collect(),
            ));
        };
        match (q.worker, q.participant) {
            (_, Some(p)) => read("participant_id = ?2", vec![Value::Integer(p)]),
            (Some(w), None) => {
                // Not the concerns: they are the leads'.
                let own = "key_worker = ?2 AND kind <> 'safeguarding'";
                read(own, vec![Value::Text(w.to_string())]);
                // A colleague's caseload covered today: their reminders due while the cover
                // lasts are mine too.
                for (other, last) in self.covering(w, self.clock.today()).map_err(E::from)? {
                    let last = Value::Text(day(last.min(q.until)));
                    read(
                        &format!("{own} AND due <= ?3"),
                        vec![Value::Text(other.clone()), last],
                    );
                    covered.push(other);
                }
                // Concerns wait on every lead, whoever the key worker.
                if self.profile.team.is_lead(w) {
                    read("kind = 'safeguarding'", Vec::new());
                }
            }
            (None, None) => {
                // Each worker's reminders are in date order on the primary key, so merging
                // them is cheaper than sorting the whole table by date.
                let workers = self.reminder_workers().map_err(E::from)?;
                if workers.len() > MERGED_WORKERS {
                    read("1", Vec::new());
                } else {
                    for w in workers {
                        read("key_worker = ?2", vec![Value::Text(w)]);
                    }
                }
            }
        }
        let mut statements = Vec::with_capacity(reads.len());
        for (statement, _) in &reads {
            statements.push(self.conn.prepare_cached(statement).map_err(sql)?);
        }
        let mut cursors = Vec::with_capacity(reads.len());
        for (stmt, (_, values)) in statements.iter_mut().zip(&reads) {
            let mut rows = stmt.query(params_from_iter(values)).map_err(sql)?;
            rows.advance().map_err(sql)?;
            cursors.push(rows);
        }
        let mut merge = Merge::new(&cursors).map_err(sql)?;
        let mut day_rows = DayRows::default();
        while let Some(i) = merge.next {
            let (Some(cursor), Some(due)) = (cursors.get_mut(i), merge.head(i)) else {
                break;
            };
            if let Some(r) = cursor.get() {
                // The date the merge already read from this row, text as it checked.
                let due_text = std::str::from_utf8(due).unwrap_or_default();
                let same_day = day_rows.due.is_some() && day_rows.due_text == due_text;
                if !same_day {
                    if !day_rows.flush(&covered, &mut f)? {
                        return Ok(());
                    }
                    if let Some(due) = parse_day(due_text) {
                        day_rows.due = Some(due);
                        day_rows.due_text.clear();
                        day_rows.due_text.push_str(due_text);
                    }
                }
                if day_rows.due.is_some() {
                    day_rows.read(r, i).map_err(sql)?;
                }
            }
            cursor.advance().map_err(sql)?;
            merge.moved(i, cursor.get()).map_err(sql)?;
        }
        day_rows.flush(&covered, &mut f)?;
        Ok(())
    }
}

/// Which of several date-ordered reads holds the earliest row. Each read's next date is kept
/// as its bytes; a read whose next row is still of the day just taken stays first without a
/// look at the others, so a long list of one read costs one comparison a row.
struct Merge {
    heads: Vec<Option<Vec<u8>>>,
    next: Option<usize>,
}

impl Merge {
    fn new(cursors: &[rusqlite::Rows<'_>]) -> rusqlite::Result<Self> {
        let mut merge = Self {
            heads: vec![None; cursors.len()],
            next: None,
        };
        for (i, c) in cursors.iter().enumerate() {
            merge.moved(i, c.get())?;
        }
        Ok(merge)
    }

    /// The date of read `i`'s next row, as stored.
    fn head(&self, i: usize) -> Option<&[u8]> {
        self.heads.get(i)?.as_deref()
    }

    /// Read `i` has moved on to `row` (or run out).
    fn moved(&mut self, i: usize, row: Option<&rusqlite::Row<'_>>) -> rusqlite::Result<()> {
        let Some(head) = self.heads.get_mut(i) else {
            return Ok(());
        };
        match row {
            None => *head = None,
            Some(r) => {
                let due = r.get_ref(3)?.as_str()?.as_bytes();
                if head.as_deref() == Some(due) {
                    // Still the earliest: every other read is at this date or later.
                    return Ok(());
                }
                let kept = head.get_or_insert_with(Vec::new);
                kept.clear();
                kept.extend_from_slice(due);
            }
        }
        self.choose();
        Ok(())
    }

    fn choose(&mut self) {
        self.next = self
            .heads
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.as_deref().map(|d| (d, i)))
            .min()
            .map(|(_, i)| i);
    }
}
