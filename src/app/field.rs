//! One labelled field of a form and what it holds: a line of text, several lines, a pick
//! list, a tick list, or a tick list with a note beside each tick. Its value is text, so a
//! form can be drafted, compared and merged without knowing what the field means.

use ratatui_textarea::{CursorMove, TextArea};

use crate::domain::Choice;
use crate::domain::text::{Lines, clean, line};

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

/// The value of a tick list with notes: each ticked option's code and note. Written as JSON, so
/// a note may hold any character (a `|` or a `:` in "shifts 9|5: fine" included). Written and
/// read only by these two.
pub fn ticked_with_notes<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
    serde_json::to_string(&pairs).unwrap_or_default()
}

/// The ticked codes and their notes in a value `ticked_with_notes` wrote; none for anything else.
pub fn read_ticked_with_notes(value: &str) -> Vec<(String, String)> {
    serde_json::from_str(value).unwrap_or_default()
}

/// Rows of a tick list laid out in `columns`.
pub fn column_rows(options: usize, columns: usize) -> usize {
    options.div_ceil(columns.max(1))
}

/// A several-line text field with the cursor at the end.
fn notes_area(value: &str) -> TextArea<'static> {
    let mut t = TextArea::new(value.split('\n').map(str::to_string).collect());
    t.set_cursor_line_style(ratatui::style::Style::default());
    // A note said during a call is one long line: wrapped, all of it stays in sight, and a
    // typed letter redraws only itself rather than scrolling the line sideways.
    t.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
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
    /// Names to offer while typing (employers, services), best first.
    pub suggestions: Vec<String>,
    /// Offer the first suggestion before anything is typed (the best service for the reason
    /// chosen), so `→` alone takes it.
    pub offer_first: bool,
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
        Self::pick_of(key, label, options, value.map_or("", Choice::code))
    }

    /// A pick list of chosen options in a chosen order, `code` selected (else the first).
    pub fn pick_of(
        key: &'static str,
        label: &'static str,
        options: Vec<(&'static str, &'static str)>,
        code: &str,
    ) -> Self {
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
    /// written by `ticked_with_notes`.
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
            offer_first: false,
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
                let cleaned: Vec<String> = (0..options.len())
                    .map(|i| match (&typing, i == *cursor) {
                        (Some(t), true) => t.clone(),
                        _ => line(&notes[i]),
                    })
                    .collect();
                ticked_with_notes(
                    (0..options.len())
                        .filter(|&i| ticked[i])
                        .map(|i| (options[i].0, cleaned[i].as_str())),
                )
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
                let pairs = read_ticked_with_notes(value);
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
            return self
                .suggestions
                .first()
                .filter(|_| self.offer_first)
                .map(String::as_str);
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
            } => read_ticked_with_notes(value)
                .into_iter()
                .map(|(c, n)| {
                    if n.is_empty() {
                        label(options, &c)
                    } else {
                        format!("{} ({n})", label(options, &c))
                    }
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
