//! A form of labelled fields (text, notes, pick lists, tick lists, tick lists with a note
//! beside each tick), used by every form: the participant form, the plan, action, barrier,
//! employer and outcome editors, and the contact form. It knows nothing of what the fields
//! mean: each editor builds one, reads its values, and says which are wrong.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

pub use super::field::{Field, Input, column_rows, text_area};
use crate::domain::text::{Lines, clean, line};
use crate::keymap::Command;

/// Fields in error, by key, with the message shown beside each.
pub type Errors = Vec<(&'static str, &'static str)>;

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    Save,
    Close,
    ForceQuit,
    Edited,
    Moved,
    Ignored,
}

pub struct Fields {
    pub fields: Vec<Field>,
    pub focus: usize,
    pub errors: Errors,
    /// Set after a failed save, so errors update as they are fixed.
    pub checked: bool,
    /// Changed since the last draft was written.
    pub unsaved: bool,
    /// A draft of this form is in the database.
    pub drafted: bool,
    pub today: NaiveDate,
    /// The stored values the edit started from, to tell my changes from a colleague's.
    pub base: BTreeMap<String, String>,
    /// Fields a colleague changed too, while the worker chooses between theirs and mine.
    pub conflict: Option<super::conflict::Conflict>,
    /// For a form that books a time: the person's availability and the office day, shown
    /// beside the time typed.
    pub when: Option<WhenAside>,
    /// The worker was warned at the last save; a second save goes ahead.
    pub warned: bool,
}

/// What is shown beside a date and time being booked.
#[derive(Debug, Clone)]
pub struct WhenAside {
    pub availability: crate::domain::availability::Availability,
    pub office: crate::domain::rhythm::AppointmentRules,
    pub holidays: Vec<NaiveDate>,
}

impl Fields {
    /// The date and time typed into `key` for a booking: a quick date with a time, not before
    /// today; else the reason is added to `errors`.
    pub fn booked_at(
        &self,
        key: &'static str,
        errors: &mut Errors,
    ) -> Option<chrono::NaiveDateTime> {
        match crate::domain::dates::parse_quick_when(&self.get(key), self.today) {
            Ok((day, Some(time))) if day >= self.today => Some(day.and_time(time)),
            Ok((day, _)) if day < self.today => {
                errors.push((key, crate::strings::BOOKING_IN_PAST));
                None
            }
            _ => {
                errors.push((key, crate::strings::WHEN_INVALID));
                None
            }
        }
    }
}

impl WhenAside {
    /// For someone with this availability, by the profile's office day and bank holidays.
    pub fn of(
        availability: crate::domain::availability::Availability,
        profile: &crate::domain::profile::Profile,
    ) -> Self {
        Self {
            availability,
            office: profile.appointments.clone(),
            holidays: profile.contacts.bank_holidays.clone(),
        }
    }

    /// `Fri 27 Nov 17:45 · out of hours · works 7-3 weekdays`, for what was typed.
    pub fn describe(&self, typed: &str, today: NaiveDate) -> Option<String> {
        let (day, time) = crate::domain::dates::parse_quick_when(typed, today).ok()?;
        let mut parts = vec![format!(
            "{} {}",
            crate::domain::dates::short(day),
            day.format("%Y")
        )];
        if let Some(t) = time {
            parts[0] = format!(
                "{} {}",
                crate::domain::dates::short(day),
                crate::domain::dates::hm(t)
            );
            let at = day.and_time(t);
            if let Some(clash) = self.availability.clash(at) {
                parts.push(clash);
            } else if self.office.out_of_hours(at, &self.holidays) {
                parts.push(crate::strings::OUT_OF_HOURS.to_string());
            }
        }
        if !self.availability.is_empty() {
            parts.push(self.availability.summary());
        }
        Some(parts.join(" · "))
    }
}

#[derive(Serialize, Deserialize)]
struct Draft {
    version: i64,
    focus: usize,
    values: BTreeMap<String, String>,
    base: BTreeMap<String, String>,
}

impl Fields {
    pub fn new(fields: Vec<Field>, today: NaiveDate) -> Self {
        let mut f = Self {
            fields,
            focus: 0,
            errors: Vec::new(),
            checked: false,
            unsaved: false,
            drafted: false,
            today,
            base: BTreeMap::new(),
            conflict: None,
            when: None,
            warned: false,
        };
        f.base = f.values();
        f
    }

    pub fn values(&self) -> BTreeMap<String, String> {
        self.fields
            .iter()
            .map(|f| (f.key.to_string(), f.value()))
            .collect()
    }

    pub fn get(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(Field::value)
            .unwrap_or_default()
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn set(&mut self, key: &str, value: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.set_value(value);
        }
    }

    pub fn error(&self, key: &str) -> Option<&'static str> {
        self.errors.iter().find(|(k, _)| *k == key).map(|(_, e)| *e)
    }

    pub fn is_shown(&self, i: usize) -> bool {
        match self.fields[i].shown_if {
            None => true,
            Some((key, code)) => self.get(key).split(',').any(|c| c == code),
        }
    }

    pub fn focused(&self) -> &Field {
        &self.fields[self.focus]
    }

    /// Moves to the next (or previous) shown field, selecting a filled text so typing replaces it.
    pub fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        for _ in 0..n {
            self.focus = if forward {
                (self.focus + 1) % n
            } else {
                (self.focus + n - 1) % n
            };
            if self.is_shown(self.focus) {
                break;
            }
        }
        if let Input::Text(t) = &mut self.fields[self.focus].input
            && !t.is_empty()
        {
            t.select_all();
        }
    }

    /// A failed save: the messages go beside their fields and the cursor to the first.
    pub fn show_errors(&mut self, errors: Errors) {
        if let Some((key, _)) = errors.first() {
            self.focus_on(key);
        }
        self.errors = errors;
    }

    pub fn focus_on(&mut self, key: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.focus = i;
        }
    }

    /// Gives a key to the focused field. Returns whether the value changed.
    pub fn input(&mut self, key: KeyEvent, step: Option<isize>, toggle: bool) -> bool {
        let field = &mut self.fields[self.focus];
        let accept = key.code == KeyCode::Right && key.modifiers == KeyModifiers::NONE;
        if accept
            && let (Input::Text(t), Some(s)) = (&field.input, field.suggestion())
            && t.cursor().1 >= t.lines()[0].chars().count()
        {
            let s = s.to_string();
            field.set_value(&s);
            return self.changed();
        }
        let changed = match &mut field.input {
            Input::Text(t) => t.input(key),
            Input::Notes(t) => {
                if key.code == KeyCode::Enter {
                    t.insert_newline();
                    true
                } else {
                    t.input(key)
                }
            }
            Input::Pick { options, selected } => {
                let n = options.len();
                match (step, key.code) {
                    (Some(s), _) => {
                        *selected = (*selected as isize + s).rem_euclid(n as isize) as usize;
                        true
                    }
                    (None, KeyCode::Char(c))
                        if key.modifiers - KeyModifiers::SHIFT == KeyModifiers::NONE =>
                    {
                        let c = c.to_ascii_lowercase();
                        match (1..=n)
                            .map(|k| (*selected + k) % n)
                            .find(|&i| options[i].1.to_ascii_lowercase().starts_with(c))
                        {
                            Some(i) => {
                                *selected = i;
                                true
                            }
                            None => false,
                        }
                    }
                    _ => false,
                }
            }
            Input::Ticks { ticked, cursor, .. } => {
                let n = ticked.len();
                if toggle {
                    ticked[*cursor] = !ticked[*cursor];
                    true
                } else if let Some(s) = step {
                    *cursor = (*cursor as isize + s).rem_euclid(n as isize) as usize;
                    false
                } else {
                    false
                }
            }
        };
        if changed { self.changed() } else { false }
    }

    /// Handles a key in the form, with the command it was looked up as in the form's contexts
    /// (Always, Form, then the focused field's Choice or Ticks); a key that is no command is
    /// typed into the field.
    pub fn key(&mut self, key: KeyEvent, command: Option<Command>) -> FormKey {
        if let Some(done) = self.note_key(key, command) {
            return done;
        }
        let notes = matches!(self.focused().input, Input::Notes(_));
        // Across a tick list in columns is a whole column away.
        let across = match &self.focused().input {
            Input::Ticks {
                options, columns, ..
            } if *columns > 1 => column_rows(options.len(), *columns) as isize,
            _ => 1,
        };
        match command {
            Some(Command::ForceQuit) => FormKey::ForceQuit,
            // In notes, Enter starts a new line; Tab leaves.
            Some(Command::NextField) if !(notes && key.code == KeyCode::Enter) => {
                self.move_focus(true);
                FormKey::Moved
            }
            Some(Command::PrevField) => {
                self.move_focus(false);
                FormKey::Moved
            }
            Some(Command::Save) => FormKey::Save,
            Some(Command::Close) => FormKey::Close,
            _ => {
                let (step, toggle) = match command {
                    Some(Command::ChoiceNext) => (Some(across), false),
                    Some(Command::ChoicePrev) => (Some(-across), false),
                    Some(Command::Down) => (Some(1), false),
                    Some(Command::Up) => (Some(-1), false),
                    Some(Command::ToggleBarrier) => (None, true),
                    Some(Command::BarrierNote) => return self.open_note(),
                    _ => (None, false),
                };
                if self.input(key, step, toggle) {
                    FormKey::Edited
                } else {
                    FormKey::Ignored
                }
            }
        }
    }

    /// A key while a tick's note is being written: Enter, Tab or Esc (the note context's
    /// Close) finish it; anything else is typed into it. `None` when no note is open.
    fn note_key(&mut self, key: KeyEvent, command: Option<Command>) -> Option<FormKey> {
        let Input::Ticks {
            notes: Some(notes),
            note: note @ Some(_),
            cursor,
            ..
        } = &mut self.fields[self.focus].input
        else {
            return None;
        };
        Some(match command {
            Some(Command::ForceQuit) => FormKey::ForceQuit,
            Some(Command::Close) => {
                if let Some(t) = note.take() {
                    notes[*cursor] = line(&t.lines().join(" "));
                }
                FormKey::Moved
            }
            _ => match note.as_mut().map(|t| t.input(key)) {
                Some(true) => {
                    self.changed();
                    FormKey::Edited
                }
                _ => FormKey::Ignored,
            },
        })
    }

    /// Starts a note for the highlighted tick, ticking it.
    fn open_note(&mut self) -> FormKey {
        let Input::Ticks {
            ticked,
            notes: Some(notes),
            note,
            cursor,
            ..
        } = &mut self.fields[self.focus].input
        else {
            return FormKey::Ignored;
        };
        ticked[*cursor] = true;
        *note = Some(text_area(&notes[*cursor]));
        self.changed();
        FormKey::Edited
    }

    /// Whether the focused field is a tick list whose note is being written.
    pub fn writing_note(&self) -> bool {
        matches!(self.focused().input, Input::Ticks { note: Some(_), .. })
    }

    pub fn paste(&mut self, text: &str) -> bool {
        let changed = match &mut self.fields[self.focus].input {
            Input::Ticks { note: Some(t), .. } => t.insert_str(line(text)),
            Input::Text(t) => t.insert_str(line(text)),
            Input::Notes(t) => t.insert_str(clean(text, Lines::Multi)),
            _ => false,
        };
        if changed { self.changed() } else { false }
    }

    fn changed(&mut self) -> bool {
        self.unsaved = true;
        true
    }

    pub fn to_draft(&self, version: i64) -> Result<String, serde_json::Error> {
        serde_json::to_string(&Draft {
            version,
            focus: self.focus,
            values: self.values(),
            base: self.base.clone(),
        })
    }

    /// Puts a draft's values back into a freshly built form; returns the version it was
    /// typed against.
    pub fn restore(&mut self, body: &str) -> Option<i64> {
        let d: Draft = serde_json::from_str(body).ok()?;
        for (k, v) in &d.values {
            self.set(k, v);
        }
        self.focus = d.focus.min(self.fields.len().saturating_sub(1));
        self.base = d.base;
        self.drafted = true;
        Some(d.version)
    }

    /// Someone else saved after this edit began: `theirs` are the values now stored. Takes
    /// theirs for every field I left alone and keeps mine where I changed it. The fields we
    /// both changed differently are put before the worker to choose (`conflict`); their
    /// labels come back for the status line.
    pub fn rebase(
        &mut self,
        theirs: &BTreeMap<String, String>,
        by: Option<String>,
    ) -> Vec<&'static str> {
        use super::conflict::{Clash, Conflict, Keep};
        let mut clashes = Vec::new();
        for i in 0..self.fields.len() {
            let key = self.fields[i].key;
            let mine = self.fields[i].value();
            let was = self.base.get(key).cloned().unwrap_or_default();
            let now = theirs.get(key).cloned().unwrap_or_default();
            if mine == was {
                self.fields[i].set_value(&now);
            } else if now != was && now != mine {
                clashes.push(Clash {
                    key: key.to_string(),
                    label: self.fields[i].label,
                    theirs: self.fields[i].shown(&now),
                    mine: self.fields[i].shown(&mine),
                    theirs_value: now,
                    keep: Keep::Mine,
                });
            }
        }
        self.base = theirs.clone();
        self.unsaved = true;
        self.conflict = Conflict::new(clashes, by);
        self.conflict
            .as_ref()
            .map(|c| c.labels())
            .unwrap_or_default()
    }

    /// A key while the conflict is shown; once the worker is done, their choices go into
    /// the form.
    pub fn conflict_key(&mut self, action: crate::keymap::Command) {
        let Some(c) = self.conflict.as_mut() else {
            return;
        };
        if c.act(action) {
            let kept: Vec<(String, String)> = c
                .kept_theirs()
                .map(|k| (k.key.clone(), k.theirs_value.clone()))
                .collect();
            for (key, value) in kept {
                self.set(&key, &value);
            }
            self.conflict = None;
            self.unsaved = true;
        }
    }
}
