//! The participant form: what is typed, which field has the cursor, what is wrong with it, and
//! the draft it turns into when closed unsaved.

use chrono::NaiveDate;
use ratatui_textarea::{CursorMove, TextArea};
use serde::{Deserialize, Serialize};

use crate::domain::dates::parse_quick_date;
use crate::domain::draft::DraftKey;
use crate::domain::participant::{email_is_valid, phone_is_valid};
use crate::domain::text::line;
use crate::domain::{BarrierKind, Choice, Participant, ParticipantDetails, ReferralRoute, Stage};
use crate::strings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldId {
    Name,
    PreferredName,
    Phone,
    Email,
    Postcode,
    ReferralRoute,
    ReferralDate,
    Stage,
    Barriers,
    KeyWorker,
}

impl FieldId {
    pub const ALL: [FieldId; 10] = [
        FieldId::Name,
        FieldId::PreferredName,
        FieldId::Phone,
        FieldId::Email,
        FieldId::Postcode,
        FieldId::ReferralRoute,
        FieldId::ReferralDate,
        FieldId::Stage,
        FieldId::Barriers,
        FieldId::KeyWorker,
    ];

    pub fn label(self) -> &'static str {
        strings::FIELD_LABELS[self as usize]
    }

    pub fn is_text(self) -> bool {
        !matches!(
            self,
            FieldId::ReferralRoute | FieldId::Stage | FieldId::Barriers
        )
    }
}

pub struct BarrierChoice {
    pub kind: BarrierKind,
    pub ticked: bool,
    pub note: String,
}

pub struct ParticipantForm {
    /// The participant being edited and the version the edit started from; `None` for a new one.
    pub editing: Option<(i64, i64)>,
    pub focus: FieldId,
    /// One text area per text field, in `FieldId` order (choice fields have an unused slot).
    pub texts: Vec<TextArea<'static>>,
    pub route: ReferralRoute,
    pub stage: Stage,
    pub barriers: Vec<BarrierChoice>,
    pub barrier_cursor: usize,
    /// The note of the highlighted barrier while it is being written.
    pub note: Option<TextArea<'static>>,
    pub errors: Vec<(FieldId, &'static str)>,
    /// Set after a failed save, so errors update as they are fixed.
    pub checked: bool,
    /// Changed since the last draft was written.
    pub unsaved: bool,
    /// What quick dates count from.
    pub today: NaiveDate,
    /// A draft of this form is in the database (written earlier or restored from).
    pub drafted: bool,
    /// The stored details the edit started from, to tell my changes from a colleague's.
    pub base: Option<ParticipantDetails>,
    /// Fields a colleague changed too, while the worker chooses, with what they saved.
    pub conflict: Option<(super::conflict::Conflict, ParticipantDetails)>,
}

/// A one-line text field with the cursor at the end.
pub fn text_area(value: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![value.to_string()]);
    t.set_cursor_line_style(ratatui::style::Style::default());
    t.move_cursor(CursorMove::End);
    t
}

impl ParticipantForm {
    pub fn new(me: &str, today: NaiveDate) -> Self {
        let mut texts: Vec<TextArea<'static>> =
            FieldId::ALL.iter().map(|_| text_area("")).collect();
        texts[FieldId::ReferralDate as usize] = text_area(&crate::domain::dates::uk(today));
        texts[FieldId::KeyWorker as usize] = text_area(me);
        Self {
            editing: None,
            focus: FieldId::Name,
            texts,
            route: ReferralRoute::JobcentrePlus,
            stage: Stage::Referred,
            barriers: BarrierKind::ALL
                .iter()
                .map(|&kind| BarrierChoice {
                    kind,
                    ticked: false,
                    note: String::new(),
                })
                .collect(),
            barrier_cursor: 0,
            note: None,
            errors: Vec::new(),
            checked: false,
            unsaved: false,
            today,
            drafted: false,
            base: None,
            conflict: None,
        }
    }

    pub fn edit(p: &Participant, today: NaiveDate) -> Self {
        let mut f = Self::new(&p.details.key_worker, today);
        f.editing = Some((p.id, p.version));
        f.fill(&p.details);
        f.base = Some(p.details.clone());
        f
    }

    fn fill(&mut self, d: &ParticipantDetails) {
        for (field, value) in [
            (FieldId::Name, &d.name),
            (FieldId::PreferredName, &d.preferred_name),
            (FieldId::Phone, &d.phone),
            (FieldId::Email, &d.email),
            (FieldId::Postcode, &d.postcode),
            (FieldId::KeyWorker, &d.key_worker),
        ] {
            self.texts[field as usize] = text_area(value);
        }
        self.texts[FieldId::ReferralDate as usize] = text_area(
            &d.referral_date
                .map(crate::domain::dates::uk)
                .unwrap_or_default(),
        );
        self.route = d.referral_route;
        self.stage = d.stage;
        for b in &mut self.barriers {
            let stored = d.barriers.iter().find(|(k, _)| *k == b.kind);
            b.ticked = stored.is_some();
            b.note = stored.map(|(_, n)| n.clone()).unwrap_or_default();
        }
    }

    /// A field's value as comparable text.
    fn value(&self, field: FieldId) -> String {
        match field {
            FieldId::ReferralRoute => self.route.code().to_string(),
            FieldId::Stage => self.stage.code().to_string(),
            FieldId::Barriers => self
                .barriers
                .iter()
                .filter(|b| b.ticked)
                .map(|b| format!("{}:{}", b.kind.code(), b.note))
                .collect::<Vec<_>>()
                .join("|"),
            f => line(&self.text(f)),
        }
    }

    fn take_field(&mut self, from: &mut Self, field: FieldId) {
        match field {
            FieldId::ReferralRoute => self.route = from.route,
            FieldId::Stage => self.stage = from.stage,
            FieldId::Barriers => std::mem::swap(&mut self.barriers, &mut from.barriers),
            f => std::mem::swap(&mut self.texts[f as usize], &mut from.texts[f as usize]),
        }
    }

    /// A field's comparable value as the worker reads it.
    fn shown(field: FieldId, value: &str) -> String {
        match field {
            FieldId::ReferralRoute => {
                ReferralRoute::from_code(value).map_or(value.to_string(), |r| r.label().to_string())
            }
            FieldId::Stage => {
                Stage::from_code(value).map_or(value.to_string(), |s| s.label().to_string())
            }
            FieldId::Barriers => value
                .split('|')
                .filter(|b| !b.is_empty())
                .map(|b| {
                    let (kind, note) = b.split_once(':').unwrap_or((b, ""));
                    let label = BarrierKind::from_code(kind).map_or(kind, |k| k.label());
                    if note.is_empty() {
                        label.to_string()
                    } else {
                        format!("{label} ({note})")
                    }
                })
                .collect::<Vec<_>>()
                .join(", "),
            _ => value.to_string(),
        }
    }

    /// Someone else saved the participant after this edit began. Takes their value for every
    /// field I did not change, keeps mine for those I did, and moves the edit onto their
    /// version. The fields where we both changed the value differently are put before the
    /// worker to choose (`conflict`) and returned.
    pub fn rebase(&mut self, theirs: &Participant, by: Option<String>) -> Vec<FieldId> {
        use super::conflict::{Clash, Conflict, Keep};
        let clashes = self.merge(theirs);
        let mut current = Self::new("", self.today);
        current.fill(&theirs.details);
        let list = clashes
            .iter()
            .map(|&f| Clash {
                key: (f as usize).to_string(),
                label: f.label(),
                theirs: Self::shown(f, &current.value(f)),
                mine: Self::shown(f, &self.value(f)),
                theirs_value: current.value(f),
                keep: Keep::Mine,
            })
            .collect();
        self.conflict = Conflict::new(list, by).map(|c| (c, theirs.details.clone()));
        clashes
    }

    /// A key while the conflict is shown; once the worker is done, their choices go into
    /// the form.
    pub fn conflict_key(&mut self, action: crate::keymap::Command) {
        let Some((c, theirs)) = self.conflict.as_mut() else {
            return;
        };
        if !c.act(action) {
            return;
        }
        let mut current = Self::new("", self.today);
        current.fill(theirs);
        let kept: Vec<FieldId> = c
            .kept_theirs()
            .filter_map(|k| k.key.parse::<usize>().ok())
            .filter_map(|i| FieldId::ALL.iter().copied().find(|f| *f as usize == i))
            .collect();
        for f in kept {
            self.take_field(&mut current, f);
        }
        self.conflict = None;
        self.unsaved = true;
    }

    fn merge(&mut self, theirs: &Participant) -> Vec<FieldId> {
        let Some(base) = self.base.take() else {
            return Vec::new();
        };
        let mut original = Self::new("", self.today);
        original.fill(&base);
        let mut current = Self::new("", self.today);
        current.fill(&theirs.details);
        let mut clashes = Vec::new();
        for field in FieldId::ALL {
            let (mine, was, now) = (
                self.value(field),
                original.value(field),
                current.value(field),
            );
            if mine == was {
                self.take_field(&mut current, field);
            } else if now != was && now != mine {
                clashes.push(field);
            }
        }
        self.editing = Some((theirs.id, theirs.version));
        self.base = Some(theirs.details.clone());
        self.unsaved = true;
        clashes
    }

    /// Where this form's draft is kept.
    pub fn draft_key(&self) -> DraftKey {
        DraftKey::Participant(self.editing.map(|(id, _)| id))
    }

    pub fn text(&self, field: FieldId) -> String {
        self.texts[field as usize].lines().join(" ")
    }

    pub fn focused_text(&mut self) -> Option<&mut TextArea<'static>> {
        if let Some(note) = self.note.as_mut() {
            return Some(note);
        }
        self.focus
            .is_text()
            .then(|| &mut self.texts[self.focus as usize])
    }

    pub fn move_focus(&mut self, forward: bool) {
        let i = self.focus as usize;
        let n = FieldId::ALL.len();
        self.focus = FieldId::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        // Arriving in a filled field selects its text, so typing replaces it (a default date,
        // say) while an arrow key keeps it for editing.
        if self.focus.is_text() {
            let t = &mut self.texts[self.focus as usize];
            if !t.is_empty() {
                t.select_all();
            }
        }
    }

    /// Steps a pick list; `letter` jumps to the next choice starting with it.
    pub fn choose(&mut self, step: isize, letter: Option<char>) {
        fn pick<T: Choice>(current: T, step: isize, letter: Option<char>) -> T {
            let all = T::ALL;
            let i = all.iter().position(|c| *c == current).unwrap_or(0);
            let n = all.len();
            if let Some(l) = letter {
                let l = l.to_ascii_lowercase();
                return (1..=n)
                    .map(|k| all[(i + k) % n])
                    .find(|c| c.label().to_ascii_lowercase().starts_with(l))
                    .unwrap_or(current);
            }
            all[(i as isize + step).rem_euclid(n as isize) as usize]
        }
        match self.focus {
            FieldId::ReferralRoute => self.route = pick(self.route, step, letter),
            FieldId::Stage => self.stage = pick(self.stage, step, letter),
            _ => return,
        }
        self.touched();
    }

    pub fn toggle_barrier(&mut self) {
        if let Some(b) = self.barriers.get_mut(self.barrier_cursor) {
            b.ticked = !b.ticked;
            self.touched();
        }
    }

    pub fn open_note(&mut self) {
        if let Some(b) = self.barriers.get_mut(self.barrier_cursor) {
            b.ticked = true;
            self.note = Some(text_area(&b.note));
            self.touched();
        }
    }

    pub fn close_note(&mut self) {
        if let (Some(note), Some(b)) =
            (self.note.take(), self.barriers.get_mut(self.barrier_cursor))
        {
            b.note = line(&note.lines().join(" "));
        }
    }

    pub fn move_barrier(&mut self, delta: isize) {
        let n = self.barriers.len() as isize;
        self.barrier_cursor = (self.barrier_cursor as isize + delta).rem_euclid(n) as usize;
    }

    /// Call after any change: marks the draft as due and re-checks fields once a save failed.
    pub fn touched(&mut self) {
        self.unsaved = true;
        if self.checked {
            self.errors = self.check().err().unwrap_or_default();
        }
    }

    pub fn error(&self, field: FieldId) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| *e)
    }

    /// Validates every field; on success the details are ready to store.
    pub fn check(&self) -> Result<ParticipantDetails, Vec<(FieldId, &'static str)>> {
        let today = self.today;
        let mut errors = Vec::new();
        let name = line(&self.text(FieldId::Name));
        if name.is_empty() {
            errors.push((FieldId::Name, strings::NAME_REQUIRED));
        }
        let phone = line(&self.text(FieldId::Phone));
        if !phone.is_empty() && !phone_is_valid(&phone) {
            errors.push((FieldId::Phone, strings::PHONE_INVALID));
        }
        let email = line(&self.text(FieldId::Email));
        if !email.is_empty() && !email_is_valid(&email) {
            errors.push((FieldId::Email, strings::EMAIL_INVALID));
        }
        let date_text = line(&self.text(FieldId::ReferralDate));
        let referral_date = if date_text.is_empty() {
            None
        } else {
            match parse_quick_date(&date_text, today) {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push((FieldId::ReferralDate, strings::DATE_INVALID));
                    None
                }
            }
        };
        let key_worker = line(&self.text(FieldId::KeyWorker));
        if key_worker.is_empty() {
            errors.push((FieldId::KeyWorker, strings::KEY_WORKER_REQUIRED));
        }
        // Closing a case needs a reason and a date, which the outcomes screen asks for.
        let was_exited = self.base.as_ref().map(|b| b.stage) == Some(Stage::Exited);
        if self.stage == Stage::Exited && !was_exited {
            errors.push((FieldId::Stage, strings::EXITED_BY_FORM));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ParticipantDetails {
            name,
            preferred_name: line(&self.text(FieldId::PreferredName)),
            phone,
            email,
            postcode: line(&self.text(FieldId::Postcode)).to_uppercase(),
            referral_route: self.route,
            referral_date,
            stage: self.stage,
            barriers: self
                .barriers
                .iter()
                .filter(|b| b.ticked)
                .map(|b| (b.kind, line(&b.note)))
                .collect(),
            key_worker,
        })
    }

    pub fn to_draft(&self) -> Result<String, serde_json::Error> {
        let mut note_text = None;
        if let Some(n) = &self.note {
            note_text = Some(n.lines().join(" "));
        }
        serde_json::to_string(&Draft {
            editing: self.editing,
            focus: self.focus as usize,
            texts: FieldId::ALL
                .iter()
                .filter(|f| f.is_text())
                .map(|&f| (f as usize, self.text(f)))
                .collect(),
            route: self.route.code().to_string(),
            stage: self.stage.code().to_string(),
            barriers: self
                .barriers
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let note = match (&note_text, i == self.barrier_cursor) {
                        (Some(n), true) => n.clone(),
                        _ => b.note.clone(),
                    };
                    (b.kind.code().to_string(), b.ticked, note)
                })
                .collect(),
            barrier_cursor: self.barrier_cursor,
            base: self.base.clone(),
        })
    }

    pub fn from_draft(body: &str, today: NaiveDate) -> Option<Self> {
        let d: Draft = serde_json::from_str(body).ok()?;
        let mut f = Self::new("", today);
        f.editing = d.editing;
        f.focus = *FieldId::ALL.get(d.focus)?;
        for (i, text) in d.texts {
            if let Some(t) = f.texts.get_mut(i) {
                *t = text_area(&line(&text));
            }
        }
        f.route = ReferralRoute::from_code(&d.route)?;
        f.stage = Stage::from_code(&d.stage)?;
        for (code, ticked, note) in d.barriers {
            if let Some(b) = f.barriers.iter_mut().find(|b| b.kind.code() == code) {
                b.ticked = ticked;
                b.note = line(&note);
            }
        }
        f.barrier_cursor = d.barrier_cursor.min(f.barriers.len() - 1);
        f.drafted = true;
        f.base = d.base;
        Some(f)
    }
}

#[derive(Serialize, Deserialize)]
struct Draft {
    editing: Option<(i64, i64)>,
    focus: usize,
    texts: Vec<(usize, String)>,
    route: String,
    stage: String,
    barriers: Vec<(String, bool, String)>,
    barrier_cursor: usize,
    #[serde(default)]
    base: Option<ParticipantDetails>,
}
