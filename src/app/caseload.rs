//! The caseload list: everyone, the ones in scope (mine or the team's, with or without closed
//! cases), the filter over them, the selection and the scroll window. Switching scope works on
//! the rows already read, so it is instant even with a hundred thousand.

use chrono::Timelike;
use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::fields::text_area;
use super::filter::{Field, Filter};
use super::{Model, Route, nav};
use crate::domain::contact::{ContactChannel, ContactDetails, Outcome, With};
use crate::domain::dates::short;
use crate::domain::text::line;
use crate::domain::{CaseloadRow, Choice};
use crate::keymap::Command;
use crate::store::{LineMark, LinesSince, Store, StoreError};
use crate::strings;

#[derive(Default)]
pub struct Caseload {
    /// Everyone, exited too, by name.
    pub rows: Vec<CaseloadRow>,
    /// Indexes into `rows` of those in scope, by name.
    pub scope: Vec<u32>,
    /// Indexes into `rows` after filtering the scope, in display order.
    pub shown: Vec<u32>,
    /// Whose caseload "mine" is.
    pub me: String,
    /// Another worker's caseload opened from the team pane, shown in place of mine.
    pub viewing: Option<String>,
    /// People marked for a handover, by id.
    pub marked: std::collections::BTreeSet<i64>,
    /// Position in `shown`.
    pub selected: usize,
    /// First position of `shown` on screen.
    pub offset: usize,
    /// Rows that fit on screen; set from the terminal size.
    pub height: usize,
    pub team: bool,
    /// Exited participants are listed too.
    pub closed: bool,
    /// The store's generation when the rows were read.
    pub generation: (u64, i64),
    /// Where the file's lines stood when the rows were read.
    pub mark: LineMark,
    /// The filter line while it has the keyboard.
    pub input: Option<TextArea<'static>>,
    pub query: String,
    /// Matched letters of the rows on screen: (row index, field, char positions).
    pub highlights: Vec<(u32, Field, Vec<u32>)>,
    filter: Filter,
}

impl Caseload {
    /// An empty list for the worker `me`.
    pub fn of(me: &str) -> Self {
        Self {
            me: me.to_string(),
            ..Self::default()
        }
    }

    pub fn selected_row(&self) -> Option<&CaseloadRow> {
        self.shown
            .get(self.selected)
            .and_then(|&i| self.rows.get(i as usize))
    }

    pub fn selected_id(&self) -> Option<i64> {
        self.selected_row().map(|r| r.id)
    }

    /// Replaces the rows (after a load or a save) and keeps `keep` selected if it is still there.
    pub fn set_rows(&mut self, rows: Vec<CaseloadRow>, keep: Option<i64>) {
        self.rows = rows;
        self.rescope(keep);
    }

    /// How many are in scope, before the filter.
    pub fn in_scope(&self) -> usize {
        self.scope.len()
    }

    /// Works out who is in scope again after `team` or `closed` changed.
    pub fn rescope(&mut self, keep: Option<i64>) {
        let (whose, closed) = (self.whose(), self.closed);
        self.scope = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                whose.is_none_or(|w| *r.key_worker == *w)
                    && (closed || r.stage != crate::domain::Stage::Exited)
            })
            .map(|(i, _)| i as u32)
            .collect();
        self.refilter(keep);
    }

    /// Shows `worker`'s caseload, as from the team pane.
    pub fn show_worker(&mut self, worker: String) {
        self.team = false;
        self.viewing = (worker != self.me).then_some(worker);
        self.input = None;
        self.query.clear();
        self.filter.set_query("");
        self.rescope(None);
    }

    /// Whose caseload is in view: mine, a colleague's, or the whole team's (`None`).
    pub fn whose(&self) -> Option<&str> {
        (!self.team).then(|| self.viewing.as_deref().unwrap_or(&self.me))
    }

    /// Marks or unmarks the selected person and moves on to the next.
    pub fn toggle_mark(&mut self) {
        let Some(id) = self.selected_id() else {
            return;
        };
        if !self.marked.remove(&id) {
            self.marked.insert(id);
        }
        self.move_by(1);
    }

    /// Marks everyone shown (the filter narrows who), or clears the marks if they all are.
    pub fn mark_all(&mut self) {
        let ids: Vec<i64> = self
            .shown
            .iter()
            .map(|&i| self.rows[i as usize].id)
            .collect();
        if ids.iter().all(|id| self.marked.contains(id)) {
            self.marked.clear();
        } else {
            self.marked.extend(ids);
        }
    }

    /// Those to hand over: the marked, or else the one selected.
    pub fn to_hand_over(&self) -> Vec<i64> {
        if self.marked.is_empty() {
            self.selected_id().into_iter().collect()
        } else {
            self.marked.iter().copied().collect()
        }
    }

    pub fn set_query(&mut self, query: String) {
        if query == self.query {
            return;
        }
        self.query = query;
        self.filter.set_query(&self.query);
        // While narrowing, the best match is what the worker is after.
        self.refilter(None);
    }

    fn refilter(&mut self, keep: Option<i64>) {
        self.shown = self.filter.apply(&self.rows, &self.scope);
        self.selected = keep
            .and_then(|id| {
                self.shown
                    .iter()
                    .position(|&i| self.rows[i as usize].id == id)
            })
            .unwrap_or(0);
        self.offset = 0;
        self.scroll();
    }

    pub fn set_height(&mut self, height: usize) {
        if self.height != height {
            self.height = height;
            self.scroll();
        }
    }

    /// Moves the selection by `delta` rows, stopping at the ends.
    pub fn move_by(&mut self, delta: isize) {
        if self.shown.is_empty() {
            return;
        }
        let last = self.shown.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.scroll();
    }

    pub fn top(&mut self) {
        self.selected = 0;
        self.scroll();
    }

    pub fn bottom(&mut self) {
        self.selected = self.shown.len().saturating_sub(1);
        self.scroll();
    }

    pub fn page(&self) -> isize {
        self.height.max(1) as isize
    }

    /// Scrolls just enough to keep the selection on screen, then refreshes the highlights of
    /// the rows that are now visible.
    fn scroll(&mut self) {
        let h = self.height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        let max_offset = self.shown.len().saturating_sub(h);
        self.offset = self.offset.min(max_offset);
        self.highlights.clear();
        if self.filter.is_empty() {
            return;
        }
        let end = (self.offset + h).min(self.shown.len());
        for &i in &self.shown[self.offset..end] {
            if let Some((field, idx)) = self.filter.highlight(&self.rows[i as usize]) {
                self.highlights.push((i, field, idx));
            }
        }
    }

    /// The rows on screen, with their position in `shown`.
    pub fn window(&self) -> impl Iterator<Item = (usize, u32, &CaseloadRow)> {
        let end = (self.offset + self.height.max(1)).min(self.shown.len());
        (self.offset..end).map(move |pos| {
            let i = self.shown[pos];
            (pos, i, &self.rows[i as usize])
        })
    }

    pub fn highlight_of(&self, row: u32) -> Option<(Field, &[u32])> {
        self.highlights
            .iter()
            .find(|(i, _, _)| *i == row)
            .map(|(_, f, idx)| (*f, idx.as_slice()))
    }
}

/// Shows a new scope from the rows already read, brought up to date first.
pub(super) fn rescope(model: &mut Model, store: &Store) {
    let keep = model.caseload.selected_id();
    if !caseload_refresh(model, store, keep) {
        model.caseload.rescope(keep);
    }
}

/// At most this many changed lines are read one by one; more, and everyone is read again.
const MOST_PATCHED: usize = 500;

/// Brings the caseload up to date with the file: nothing to do if nothing was saved since it
/// was read; only the changed people's lines if that is all (mine or a colleague's save);
/// else everything again. Returns whether the list was worked out again (keeping `keep`
/// selected).
pub(crate) fn caseload_refresh(model: &mut Model, store: &Store, keep: Option<i64>) -> bool {
    let now = match store.generation() {
        Ok(g) if g == model.caseload.generation => return false,
        Ok(g) => g,
        Err(e) => {
            model.fail(e);
            return false;
        }
    };
    let patched = match store.lines_since(model.caseload.mark, MOST_PATCHED) {
        Ok((LinesSince::Same, mark)) => {
            (model.caseload.generation, model.caseload.mark) = (now, mark);
            return false;
        }
        Ok((LinesSince::Changed(ids), mark)) => patch_lines(&mut model.caseload, store, &ids)
            .map(|()| (model.caseload.generation, model.caseload.mark) = (now, mark)),
        Ok((LinesSince::Everything, _)) => Err(None),
        Err(e) => Err(Some(e)),
    };
    match patched {
        Ok(()) => model.caseload.rescope(keep),
        Err(e) => {
            if let Some(e) = e {
                model.fail(e);
            }
            if let Err(e) = reload(model, store, keep) {
                model.fail(e);
            }
        }
    }
    true
}

/// Puts the participants' lines as now stored in place of the old ones, a new or renamed
/// one where its name now sorts, and takes out anyone no longer there.
fn patch_lines(c: &mut Caseload, store: &Store, ids: &[i64]) -> Result<(), Option<StoreError>> {
    for &id in ids {
        let line = store.caseload_line(id).map_err(Some)?;
        let at = c.rows.iter().position(|r| r.id == id);
        match (line, at) {
            (Some(line), Some(at)) if c.rows[at].text.name() == line.text.name() => {
                c.rows[at] = line;
            }
            (line, at) => {
                if let Some(at) = at {
                    c.rows.remove(at);
                }
                if let Some(line) = line {
                    let to = c.rows.partition_point(|r| r.by_name(&line).is_lt());
                    c.rows.insert(to, line);
                }
            }
        }
    }
    Ok(())
}

/// Lines of the list that fit on a screen `height` rows high: less the header, the column
/// names and the footer, and the filter line while it shows.
pub fn list_height(height: u16, filtering: bool) -> usize {
    usize::from(height).saturating_sub(3 + usize::from(filtering))
}

/// Typed text on the filter line.
pub(super) fn filter_key(model: &mut Model, key: KeyEvent) -> bool {
    let Some(input) = model.caseload.input.as_mut() else {
        return false;
    };
    if !input.input(key) {
        return false;
    }
    let query = line(&input.lines().join(" "));
    model.caseload.set_query(query);
    true
}

/// The caseload's own commands: moving, filtering, opening, adding and editing, scope.
pub(super) fn command(model: &mut Model, store: &mut Store, action: Command) -> Option<bool> {
    let page = model.caseload.page();
    match action {
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::Top
        | Command::Bottom => {
            let was = (model.caseload.selected, model.caseload.offset);
            match action {
                Command::Up => model.caseload.move_by(-1),
                Command::Down => model.caseload.move_by(1),
                Command::PageUp => model.caseload.move_by(-page),
                Command::PageDown => model.caseload.move_by(page),
                Command::Top => model.caseload.top(),
                _ => model.caseload.bottom(),
            }
            return Some((model.caseload.selected, model.caseload.offset) != was);
        }
        Command::Filter => {
            model.caseload.input = Some(text_area(&model.caseload.query));
            model.caseload.set_height(list_height(model.height, true));
        }
        Command::ShowGaps => {
            // The same as typing `:gap` into the filter, which stays open to narrow further.
            let query = format!("{} ", super::filter::GAPS);
            let mut input = text_area(&query);
            input.move_cursor(ratatui_textarea::CursorMove::End);
            model.caseload.input = Some(input);
            model.caseload.set_query(query);
            model.caseload.set_height(list_height(model.height, true));
        }
        Command::ClearFilter => {
            if model.caseload.input.is_none() && model.caseload.query.is_empty() {
                return Some(false);
            }
            model.caseload.input = None;
            let keep = model.caseload.selected_id();
            model.caseload.set_query(String::new());
            model.caseload.set_height(list_height(model.height, false));
            if let Err(e) = reload(model, store, keep) {
                model.fail(e);
            }
        }
        Command::Open => {
            model.caseload.input = None;
            if let Some(id) = model.caseload.selected_id() {
                nav::go(model, store, Route::Participant(id));
            }
        }
        Command::Add => nav::go(model, store, Route::ParticipantForm(None)),
        Command::Edit => {
            if let Some(id) = model.caseload.selected_id() {
                nav::go(model, store, Route::ParticipantForm(Some(id)));
            }
        }
        Command::ToggleTeam => {
            // From a colleague's caseload, back to mine.
            if model.caseload.viewing.take().is_none() {
                model.caseload.team = !model.caseload.team;
            }
            rescope(model, store);
        }
        Command::Mark => model.caseload.toggle_mark(),
        Command::MarkAll => model.caseload.mark_all(),
        Command::Handover => {
            let people = model.caseload.to_hand_over();
            if people.is_empty() {
                return Some(false);
            }
            nav::go(model, store, Route::Handover(people));
        }
        Command::ShowTeam => nav::go(model, store, Route::Team),
        Command::ToggleClosed => {
            model.caseload.closed = !model.caseload.closed;
            rescope(model, store);
        }
        Command::NoAnswer => {
            if let Some(id) = model.caseload.selected_id() {
                log_no_answer(model, store, id);
            }
        }
        _ => return None,
    }
    Some(true)
}

/// Reads everyone again, keeping `keep` selected.
pub(crate) fn reload(
    model: &mut Model,
    store: &Store,
    keep: Option<i64>,
) -> Result<(), StoreError> {
    model.caseload.generation = store.generation()?;
    let (rows, mark) = store.caseload_marked()?;
    model.caseload.mark = mark;
    model.caseload.set_rows(rows, keep);
    Ok(())
}

/// Logs "no answer" for the participant at once, by their usual channel, with a retry the
/// next working day: one key from the caseload.
fn log_no_answer(model: &mut Model, store: &mut Store, participant: i64) {
    let plan = match store.plan(participant) {
        Ok(p) => p.map(|s| s.plan).unwrap_or_default(),
        Err(e) => return model.fail(e),
    };
    let next = model.profile.contacts.retry_after(model.today);
    // To the minute, as a typed time would be, so contacts order the way they were made.
    let now = store.clock().now();
    let at = now
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now);
    let details = ContactDetails {
        at,
        channel: ContactChannel::from_plan(plan.contact_channel),
        with: With::Participant,
        outcome: Outcome::NoAnswer,
        duration_minutes: Some(1),
        notes: String::new(),
        in_work: None,
        next_contact: Some(next),
    };
    match store.add_contact(participant, &details, &[], None) {
        Ok(_) => {
            let keep = model.caseload.selected_id();
            if let Err(e) = reload(model, store, keep) {
                return model.fail(e);
            }
            let name = model
                .caseload
                .selected_row()
                .map(|r| r.text.name().to_string())
                .unwrap_or_default();
            model.say(strings::contact_saved(
                &name,
                Outcome::NoAnswer.label(),
                Some(short(next)),
            ));
        }
        Err(e) => model.fail(e),
    }
}
