//! A form of labelled fields (text, notes, pick lists, tick lists, tick lists with a note
//! beside each tick), used by every form: the participant form, the plan, action, barrier,
//! employer and outcome editors, and the contact form. It knows nothing of what the fields
//! mean: each editor builds one, reads its values, and says which are wrong.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};
use serde::{Deserialize, Serialize};

use crate::domain::Choice;
use crate::domain::text::{Lines, clean, line};
use crate::keymap::Command;

pub enum Input {
    Text(TextArea<'static>),
    /// Several lines; `Enter` starts a new line and `Tab` leaves.
    Notes(TextArea<'static>),
    Pick {
        options: Vec<(&'static str, &'static str)>,
        selected: usize,
    },
    Ticks {
        options: Vec<(&'static str, &'static str)>,
        ticked: Vec<bool>,
        cursor: usize,
        /// A note beside each option (a participant's barriers), or none.
        notes: Option<Vec<String>>,
        /// The highlighted option's note while it is being written.
        note: Option<TextArea<'static>>,
        /// Laid out in this many columns, filled downwards; 0 flows the options like words.
        columns: usize,
    },
}

/// A one-line text field with the cursor at the end.
pub fn text_area(value: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![value.to_string()]);
    t.set_cursor_line_style(ratatui::style::Style::default());
    t.move_cursor(CursorMove::End);
    t
}

/// Rows of a tick list laid out in `columns`.
pub fn column_rows(options: usize, columns: usize) -> usize {
    options.div_ceil(columns.max(1))
}

/// A several-line text field with the cursor at the end.
fn notes_area(value: &str) -> TextArea<'static> {
    let mut t = TextArea::new(value.split('\n').map(str::to_string).collect());
    t.set_cursor_line_style(ratatui::style::Style::default());
    t.move_cursor(CursorMove::Bottom);
    t.move_cursor(CursorMove::End);
    t
}

pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub input: Input,
    /// Shown only while another field has one of these values (`key`, `code`), e.g. "other"
    /// text only once Other is chosen.
    pub shown_if: Option<(&'static str, &'static str)>,
    /// Names to offer while typing (employers).
    pub suggestions: Vec<String>,
}

impl Field {
    pub fn text(key: &'static str, label: &'static str, value: &str) -> Self {
        Self::new(key, label, Input::Text(text_area(value)))
    }

    pub fn notes(key: &'static str, label: &'static str, value: &str) -> Self {
        Self::new(key, label, Input::Notes(notes_area(value)))
    }

    /// A pick list of a closed list; `blank` adds a first "not set" choice.
    pub fn pick<T: Choice>(
        key: &'static str,
        label: &'static str,
        value: Option<T>,
        blank: Option<&'static str>,
    ) -> Self {
        let mut options: Vec<(&'static str, &'static str)> = Vec::new();
        if let Some(b) = blank {
            options.push(("", b));
        }
        options.extend(T::ALL.iter().map(|c| (c.code(), c.label())));
        let code = value.map_or("", Choice::code);
        let selected = options.iter().position(|(c, _)| *c == code).unwrap_or(0);
        Self::new(key, label, Input::Pick { options, selected })
    }

    pub fn ticks<T: Choice>(key: &'static str, label: &'static str, value: &[T]) -> Self {
        let options: Vec<_> = T::ALL.iter().map(|c| (c.code(), c.label())).collect();
        let ticked = T::ALL.iter().map(|c| value.contains(c)).collect();
        Self::new(
            key,
            label,
            Input::Ticks {
                options,
                ticked,
                cursor: 0,
                notes: None,
                note: None,
                columns: 0,
            },
        )
    }

    /// A tick list with a note beside each tick, in `columns` filled downwards. Its value is
    /// `code:note` for each ticked option, joined by `|`.
    pub fn ticks_with_notes<T: Choice>(
        key: &'static str,
        label: &'static str,
        value: &[(T, String)],
        columns: usize,
    ) -> Self {
        let options: Vec<_> = T::ALL.iter().map(|c| (c.code(), c.label())).collect();
        let find = |c: &T| value.iter().find(|(v, _)| v == c);
        let ticked = T::ALL.iter().map(|c| find(c).is_some()).collect();
        let notes = T::ALL
            .iter()
            .map(|c| find(c).map(|(_, n)| n.clone()).unwrap_or_default())
            .collect();
        Self::new(
            key,
            label,
            Input::Ticks {
                options,
                ticked,
                cursor: 0,
                notes: Some(notes),
                note: None,
                columns,
            },
        )
    }

    fn new(key: &'static str, label: &'static str, input: Input) -> Self {
        Self {
            key,
            label,
            input,
            shown_if: None,
            suggestions: Vec::new(),
        }
    }

    pub fn shown_if(mut self, key: &'static str, code: &'static str) -> Self {
        self.shown_if = Some((key, code));
        self
    }

    pub fn suggest(mut self, names: Vec<String>) -> Self {
        self.suggestions = names;
        self
    }

    /// The value as text: what was typed, the code picked, or the codes ticked joined by `,`.
    pub fn value(&self) -> String {
        match &self.input {
            Input::Text(t) => line(&t.lines().join(" ")),
            Input::Notes(t) => clean(&t.lines().join("\n"), Lines::Multi)
                .trim()
                .to_string(),
            Input::Pick { options, selected } => options[*selected].0.to_string(),
            Input::Ticks {
                options,
                ticked,
                notes: Some(notes),
                note,
                cursor,
                ..
            } => {
                // A note being written counts already, so a draft keeps it.
                let typing = note.as_ref().map(|t| line(&t.lines().join(" ")));
                (0..options.len())
                    .filter(|&i| ticked[i])
                    .map(|i| {
                        let n = match (&typing, i == *cursor) {
                            (Some(t), true) => t.as_str(),
                            _ => notes[i].as_str(),
                        };
                        format!("{}:{}", options[i].0, line(n))
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            }
            Input::Ticks {
                options, ticked, ..
            } => options
                .iter()
                .zip(ticked)
                .filter(|(_, t)| **t)
                .map(|((c, _), _)| *c)
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    pub fn set_value(&mut self, value: &str) {
        match &mut self.input {
            Input::Text(t) => *t = text_area(&line(value)),
            Input::Notes(t) => *t = notes_area(value),
            Input::Pick { options, selected } => {
                *selected = options.iter().position(|(c, _)| *c == value).unwrap_or(0)
            }
            Input::Ticks {
                options,
                ticked,
                notes: Some(notes),
                note,
                ..
            } => {
                *note = None;
                let pairs: Vec<(&str, &str)> = value
                    .split('|')
                    .filter(|p| !p.is_empty())
                    .map(|p| p.split_once(':').unwrap_or((p, "")))
                    .collect();
                for (i, (c, _)) in options.iter().enumerate() {
                    let found = pairs.iter().find(|(code, _)| code == c);
                    ticked[i] = found.is_some();
                    notes[i] = found.map(|(_, n)| line(n)).unwrap_or_default();
                }
            }
            Input::Ticks {
                options, ticked, ..
            } => {
                let codes: Vec<&str> = value.split(',').collect();
                for (i, (c, _)) in options.iter().enumerate() {
                    ticked[i] = codes.contains(c);
                }
            }
        }
    }

    /// The first suggestion that starts with (else contains) what was typed, if it is not
    /// already exactly that.
    pub fn suggestion(&self) -> Option<&str> {
        let typed = self.value().to_lowercase();
        if typed.is_empty() {
            return None;
        }
        let lower: Vec<String> = self.suggestions.iter().map(|s| s.to_lowercase()).collect();
        if lower.contains(&typed) {
            return None;
        }
        let pick = |f: &dyn Fn(&str) -> bool| lower.iter().position(|s| f(s));
        pick(&|s| s.starts_with(&typed))
            .or_else(|| pick(&|s| s.contains(&typed)))
            .map(|i| self.suggestions[i].as_str())
    }

    /// A stored value as the worker reads it: labels for picks and ticks.
    pub fn shown(&self, value: &str) -> String {
        let label = |options: &[(&str, &'static str)], code: &str| {
            options
                .iter()
                .find(|(c, _)| *c == code)
                .map_or(code.to_string(), |(_, l)| l.to_string())
        };
        match &self.input {
            Input::Pick { options, .. } => label(options, value),
            Input::Ticks {
                options,
                notes: Some(_),
                ..
            } => value
                .split('|')
                .filter(|p| !p.is_empty())
                .map(|p| match p.split_once(':') {
                    Some((c, n)) if !n.is_empty() => format!("{} ({n})", label(options, c)),
                    Some((c, _)) => label(options, c),
                    None => label(options, p),
                })
                .collect::<Vec<_>>()
                .join(", "),
            Input::Ticks { options, .. } => value
                .split(',')
                .filter(|c| !c.is_empty())
                .map(|c| label(options, c))
                .collect::<Vec<_>>()
                .join(", "),
            Input::Notes(_) => value.replace('\n', " / "),
            Input::Text(_) => value.to_string(),
        }
    }

    pub fn is_known(&self) -> bool {
        let typed = self.value().to_lowercase();
        self.suggestions.iter().any(|s| s.to_lowercase() == typed)
    }
}

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
