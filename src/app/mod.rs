//! The model, the messages that change it, and `update`: the one place that reads keys and
//! writes through the store.

pub mod brief;
pub mod caseload;
pub mod conflict;
pub mod contact;
pub mod editors;
pub mod fields;
pub mod filter;
pub mod form;
pub mod outcomes;
pub mod plan;
pub mod reminders;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::domain::draft::DraftKey;
use crate::domain::text::line;
use crate::domain::{Participant, StageChange};
use crate::keymap::{self, Command, Context};
use crate::store::{Scope, Store, StoreError};
use crate::strings;
use crate::ui;
use caseload::Caseload;
use form::{FieldId, ParticipantForm};

/// Typed text reaches the database at most this long after the keystroke.
pub const DRAFT_DELAY: Duration = Duration::from_secs(2);

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// The draft deadline passed.
    DraftDue,
    /// The terminal went away (SSH drop, SIGHUP): keep drafts and stop.
    Hangup,
    /// Asked to stop (SIGTERM): keep drafts and stop.
    Terminate,
    /// A second passed while the call timer is on screen.
    Tick,
    /// Nobody pressed a key for the idle time: hide the screen.
    Lock,
    /// Local midnight passed (by the timer, or found on waking after a sleep): today moves on.
    Midnight,
}

pub struct ParticipantScreen {
    pub participant: Participant,
    pub history: Vec<StageChange>,
    pub plan: Option<crate::domain::plan::StoredPlan>,
    pub employer: Option<crate::domain::plan::Employer>,
    /// Contact history, newest first, and the one highlighted.
    pub contacts: Vec<crate::domain::contact::Contact>,
    /// Reminders put off, with why, newest first.
    pub snoozes: Vec<crate::store::Snooze>,
    /// Why and when the case was closed, while it is.
    pub exit: Option<crate::domain::outcome::Exit>,
    pub cursor: usize,
}

/// How many contacts the participant screen lists.
pub const CONTACT_HISTORY: usize = 200;

impl ParticipantScreen {
    pub fn load(store: &Store, id: i64) -> Result<Self, StoreError> {
        let plan = store.plan(id)?;
        let employer = match &plan {
            Some(p) if !p.plan.employer.is_empty() => store.employer_named(&p.plan.employer)?,
            _ => None,
        };
        Ok(Self {
            participant: store.participant(id)?,
            history: store.stage_history(id)?,
            plan,
            employer,
            contacts: store.contacts(id, CONTACT_HISTORY)?,
            snoozes: store.snoozes(id)?,
            exit: store.exit_of(id)?,
            cursor: 0,
        })
    }
}

pub enum Screen {
    Caseload,
    Participant(Box<ParticipantScreen>),
    /// The form, and the participant screen to return to (if it was opened from there).
    Form(Box<ParticipantForm>, Option<i64>),
    Plan(Box<plan::PlanScreen>),
    /// A plan, action, barrier or employer editor, opened from the plan pane.
    Editor(Box<editors::Editor>),
    Contact(Box<contact::ContactEditor>),
    ContactView(Box<contact::ContactView>),
    Reminders(Box<reminders::RemindersScreen>),
    Brief(Box<brief::Brief>),
    Outcomes(Box<outcomes::OutcomesScreen>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub struct Model {
    /// The key worker at the keyboard (OS login of the real uid).
    pub me: String,
    pub today: NaiveDate,
    pub width: u16,
    pub height: u16,
    pub color: bool,
    pub caseload: Caseload,
    pub screen: Screen,
    pub help: bool,
    pub status: Option<Status>,
    pub quit: bool,
    pub draft_due: Option<Instant>,
    pub profile: crate::domain::profile::Profile,
    /// The screen is blanked until Enter: the worker stepped away from a shared machine.
    pub locked: bool,
    pub last_input: Instant,
}

impl Model {
    /// Loads the caseload; with nothing in my own caseload but others in the team, starts on
    /// the team so a new worker on a shared file sees something.
    pub fn new(store: &mut Store, me: &str, size: (u16, u16)) -> Result<Self, StoreError> {
        let mut model = Self {
            me: me.to_string(),
            today: store.clock().today(),
            width: size.0,
            height: size.1,
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            caseload: Caseload::of(me),
            screen: Screen::Caseload,
            help: false,
            status: None,
            quit: false,
            draft_due: None,
            profile: store.profile().clone(),
            locked: false,
            last_input: Instant::now(),
        };
        model
            .caseload
            .set_height(ui::caseload::list_height(size.1, false));
        reload(&mut model, store, None)?;
        if model.caseload.in_scope() == 0 && !model.caseload.rows.is_empty() {
            model.caseload.team = true;
            model.caseload.rescope(None);
        }
        if reminders::anything_due(&model, store)? {
            reminders::open(&mut model, store);
        }
        let drafts = store.drafts()?;
        if reopen_interrupted(&mut model, store)? {
            model.say(strings::DRAFT_RECOVERED);
        } else if !drafts.is_empty() {
            model.status = Some(Status {
                text: strings::drafts_waiting(drafts.len()),
                error: false,
            });
        }
        Ok(model)
    }

    /// The key contexts of what is on screen, in lookup order.
    pub fn contexts(&self) -> Vec<Context> {
        if self.help {
            return vec![Context::Help];
        }
        Self::contexts_of(&self.screen, self.caseload.input.is_some())
    }

    /// The key contexts of a screen, whether or not help is over it.
    pub fn contexts_of(screen: &Screen, filtering: bool) -> Vec<Context> {
        use Context as C;
        match screen {
            Screen::Caseload if filtering => vec![C::Always, C::Filter],
            Screen::Caseload => vec![C::Always, C::Caseload, C::List, C::Global],
            Screen::Participant(_) => vec![C::Always, C::Participant, C::Global],
            Screen::Form(f, _) if f.conflict.is_some() => vec![C::Always, C::Conflict],
            Screen::Editor(e) if e.form.conflict.is_some() => vec![C::Always, C::Conflict],
            Screen::Form(f, _) => match f.focus {
                FieldId::ReferralRoute | FieldId::Stage => vec![C::Always, C::Form, C::Choice],
                FieldId::Barriers => vec![C::Always, C::Form, C::Barriers],
                _ => vec![C::Always, C::Form],
            },
            Screen::Contact(c) => match c.form.focused().input {
                fields::Input::Pick { .. } => vec![C::Always, C::Form, C::Choice, C::ContactForm],
                _ => vec![C::Always, C::Form, C::ContactForm],
            },
            Screen::ContactView(_) => vec![C::Always, C::ContactView, C::Global],
            Screen::Reminders(r) if r.prompt.is_some() => vec![C::Always, C::Form],
            Screen::Reminders(_) => vec![C::Always, C::Reminders, C::Global],
            Screen::Brief(_) => vec![C::Always, C::Brief, C::Global],
            Screen::Outcomes(_) => vec![C::Always, C::Outcomes, C::Global],
            Screen::Plan(p) if p.history.is_some() => vec![C::Always, C::PlanHistory],
            Screen::Plan(_) => vec![C::Always, C::Plan, C::Global],
            Screen::Editor(e) => match e.form.focused().input {
                fields::Input::Pick { .. } => vec![C::Always, C::Form, C::Choice],
                fields::Input::Ticks { .. } => vec![C::Always, C::Form, C::Ticks],
                _ => vec![C::Always, C::Form],
            },
        }
    }

    /// When the screen locks itself, if nothing is pressed before then.
    pub fn lock_at(&self) -> Option<Instant> {
        let minutes = self.profile.session.lock_after_minutes;
        (!self.locked && minutes > 0)
            .then(|| self.last_input + Duration::from_secs(u64::from(minutes) * 60))
    }

    /// When the call timer next shows a new second, while it is on screen.
    pub fn next_tick(&self) -> Option<Instant> {
        match &self.screen {
            Screen::Contact(c) if !self.help && !self.locked => {
                let into = c.started.elapsed().subsec_nanos();
                Some(Instant::now() + Duration::from_nanos(u64::from(1_000_000_000 - into)))
            }
            _ => None,
        }
    }

    fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    fn fail(&mut self, e: impl std::fmt::Display) {
        self.status = Some(Status {
            text: e.to_string(),
            error: true,
        });
    }
}

pub(crate) fn reload(
    model: &mut Model,
    store: &Store,
    keep: Option<i64>,
) -> Result<(), StoreError> {
    model.caseload.generation = store.generation()?;
    let rows = store.caseload_of(Scope::Team, true)?;
    model.caseload.set_rows(rows, keep);
    Ok(())
}

/// Applies one message. Returns whether the screen needs drawing again.
pub fn update(model: &mut Model, store: &mut Store, msg: Msg) -> bool {
    // Every message looks at the date, not only the midnight timer: a timer counts time the
    // machine was awake, so after a night asleep the first key press is what finds the new day.
    let new_day = next_day(model, store);
    new_day | apply(model, store, msg)
}

/// Moves today on if the clock has: the reminders regroup and every relative date and late
/// count is drawn again from the new day. Forms keep the day they were opened on, so a call
/// logged across midnight keeps the date it was made.
fn next_day(model: &mut Model, store: &Store) -> bool {
    let today = store.clock().today();
    if today == model.today {
        return false;
    }
    model.today = today;
    match &model.screen {
        Screen::Reminders(_) => reminders::refresh(model, store),
        Screen::Brief(b) => {
            let id = b.person.participant.id;
            brief::open(model, store, id);
        }
        _ => {}
    }
    true
}

fn apply(model: &mut Model, store: &mut Store, msg: Msg) -> bool {
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Release => false,
        Msg::Key(key) if model.locked => {
            model.last_input = Instant::now();
            match keymap::lookup(&[Context::Always], &key) {
                Some(Command::ForceQuit) => act(model, store, Command::ForceQuit),
                _ if key.code == KeyCode::Enter => {
                    model.locked = false;
                    true
                }
                _ => false,
            }
        }
        Msg::Paste(_) if model.locked => false,
        Msg::Lock => {
            // Whatever was being typed is kept before the screen goes blank.
            save_draft(model, store);
            model.locked = true;
            model.help = false;
            true
        }
        Msg::Key(key) => {
            model.last_input = Instant::now();
            let before = model.status.clone();
            model.status = None;
            let changed = on_key(model, store, key);
            changed || before.is_some()
        }
        Msg::Paste(text) => {
            model.last_input = Instant::now();
            on_paste(model, &text)
        }
        Msg::Resize(w, h) => {
            model.width = w;
            model.height = h;
            let filtering = model.caseload.input.is_some() || !model.caseload.query.is_empty();
            model
                .caseload
                .set_height(ui::caseload::list_height(h, filtering));
            true
        }
        Msg::Tick => contact::tick(model),
        // `update` has already moved the day on.
        Msg::Midnight => false,
        Msg::DraftDue => {
            model.draft_due = None;
            save_draft(model, store);
            false
        }
        Msg::Hangup | Msg::Terminate => {
            save_draft(model, store);
            model.quit = true;
            false
        }
    }
}

fn on_key(model: &mut Model, store: &mut Store, key: KeyEvent) -> bool {
    let contexts = model.contexts();
    if model.help {
        if keymap::lookup(&contexts, &key) == Some(Command::Close) {
            model.help = false;
        }
        return true;
    }
    match model.screen {
        Screen::Form(..) => return form_key(model, store, key, &contexts),
        Screen::Editor(_) => return plan::editor_key(model, store, key, &contexts),
        Screen::Plan(_) => return plan::key(model, store, key, &contexts),
        Screen::Reminders(_) => return reminders::key(model, store, key, &contexts),
        Screen::Outcomes(_) => return outcomes::key(model, store, key, &contexts),
        Screen::Contact(_) => {
            let form: Vec<Context> = contexts
                .iter()
                .copied()
                .filter(|c| *c != Context::ContactForm)
                .collect();
            return contact::key(model, store, key, &form);
        }
        _ => {}
    }
    if model.caseload.input.is_some() && matches!(model.screen, Screen::Caseload) {
        if let Some(action) = keymap::lookup(&contexts, &key) {
            return act(model, store, action);
        }
        return filter_key(model, key);
    }
    match keymap::lookup(&contexts, &key) {
        Some(action) => act(model, store, action),
        None => false,
    }
}

fn filter_key(model: &mut Model, key: KeyEvent) -> bool {
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

fn act(model: &mut Model, store: &mut Store, action: Command) -> bool {
    let page = model.caseload.page();
    match action {
        Command::ForceQuit => {
            save_draft(model, store);
            model.quit = true;
        }
        Command::Quit => model.quit = true,
        Command::Help => model.help = true,
        Command::Back => match &model.screen {
            Screen::ContactView(v) => {
                let id = v.contact.participant_id;
                open_participant(model, store, id);
            }
            Screen::Brief(_) => reminders::open(model, store),
            _ => show_caseload(model, store),
        },
        Command::ShowCaseload => show_caseload(model, store),
        Command::Up | Command::Down if matches!(model.screen, Screen::Participant(_)) => {
            if let Screen::Participant(p) = &mut model.screen {
                let last = p.contacts.len().saturating_sub(1);
                let was = p.cursor;
                p.cursor = if action == Command::Up {
                    p.cursor.saturating_sub(1)
                } else {
                    (p.cursor + 1).min(last)
                };
                // At the end of the list nothing moves, and nothing is sent to the terminal.
                return p.cursor != was;
            }
        }
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
            return (model.caseload.selected, model.caseload.offset) != was;
        }
        Command::Filter => {
            model.caseload.input = Some(form::text_area(&model.caseload.query));
            model
                .caseload
                .set_height(ui::caseload::list_height(model.height, true));
        }
        Command::ClearFilter => {
            if model.caseload.input.is_none() && model.caseload.query.is_empty() {
                return false;
            }
            model.caseload.input = None;
            let keep = model.caseload.selected_id();
            model.caseload.set_query(String::new());
            model
                .caseload
                .set_height(ui::caseload::list_height(model.height, false));
            if let Err(e) = reload(model, store, keep) {
                model.fail(e);
            }
        }
        Command::Open if matches!(model.screen, Screen::Participant(_)) => {
            if let Screen::Participant(p) = &model.screen
                && let Some(c) = p.contacts.get(p.cursor)
            {
                let (id, name) = (c.id, p.participant.details.name.clone());
                contact::view_contact(model, store, id, name);
            }
        }
        Command::Open => {
            model.caseload.input = None;
            if let Some(id) = model.caseload.selected_id() {
                open_participant(model, store, id);
            }
        }
        Command::Add => open_form(model, store, None),
        Command::Edit => {
            let id = match &model.screen {
                Screen::Participant(p) => Some(p.participant.id),
                _ => model.caseload.selected_id(),
            };
            if let Some(id) = id {
                open_form(model, store, Some(id));
            }
        }
        Command::ToggleTeam => {
            model.caseload.team = !model.caseload.team;
            rescope(model, store);
        }
        Command::OpenPlan => {
            let id = match &model.screen {
                Screen::Participant(p) => Some(p.participant.id),
                Screen::Brief(b) => Some(b.person.participant.id),
                _ => model.caseload.selected_id(),
            };
            if let Some(id) = id {
                plan::open(model, store, id);
            }
        }
        Command::ShowReminders => reminders::open(model, store),
        Command::ShowOutcomes => {
            let id = match &model.screen {
                Screen::Participant(p) => Some(p.participant.id),
                _ => model.caseload.selected_id(),
            };
            if let Some(id) = id {
                outcomes::open(model, store, id);
            }
        }
        Command::ToggleClosed => {
            model.caseload.closed = !model.caseload.closed;
            rescope(model, store);
        }
        Command::Snooze => return false,
        Command::LogContact => {
            let id = match &model.screen {
                Screen::Participant(p) => Some(p.participant.id),
                Screen::Brief(b) => Some(b.person.participant.id),
                Screen::ContactView(v) => Some(v.contact.participant_id),
                _ => model.caseload.selected_id(),
            };
            if let Some(id) = id {
                contact::open(model, store, id, None);
            }
        }
        Command::NoAnswer => {
            if let Some(id) = model.caseload.selected_id() {
                contact::log_no_answer(model, store, id);
            }
        }
        Command::Amend => {
            if let Screen::ContactView(v) = &model.screen {
                let c = v.contact.clone();
                contact::open(model, store, c.participant_id, Some(&c));
            }
        }
        Command::Done
        | Command::KeepTheirs
        | Command::KeepMine
        | Command::KeepAllTheirs
        | Command::KeepAllMine
        | Command::Score
        | Command::Spend
        | Command::CloseCase
        | Command::Drop
        | Command::Employer
        | Command::History
        | Command::QuickOutcome(_) => return false,
        Command::NextField
        | Command::PrevField
        | Command::Save
        | Command::Close
        | Command::ChoiceNext
        | Command::ChoicePrev
        | Command::ToggleBarrier
        | Command::BarrierNote => return false,
    }
    true
}

/// Shows a new scope from the rows already read, brought up to date first.
fn rescope(model: &mut Model, store: &Store) {
    let keep = model.caseload.selected_id();
    if !refresh_caseload(model, store, keep) {
        model.caseload.rescope(keep);
    }
}

/// Back to the caseload, read again if anything was saved since (here or by a colleague),
/// so it shows; a large caseload is not read again for nothing.
pub(crate) fn show_caseload(model: &mut Model, store: &Store) {
    let keep = match &model.screen {
        Screen::Participant(p) => Some(p.participant.id),
        _ => model.caseload.selected_id(),
    };
    model.screen = Screen::Caseload;
    refresh_caseload(model, store, keep);
}

/// Brings the caseload up to date with the file: nothing to do if nothing was saved since it
/// was read; only the lines of the people I saved if that is all; else everything again.
/// Returns whether the list was worked out again (keeping `keep` selected).
fn refresh_caseload(model: &mut Model, store: &Store, keep: Option<i64>) -> bool {
    let now = match store.generation() {
        Ok(g) if g == model.caseload.generation => return false,
        Ok(g) => g,
        Err(e) => {
            model.fail(e);
            return false;
        }
    };
    // Only my own saves since, each about one person: read just their lines again.
    let (writes, others) = model.caseload.generation;
    if others == now.1
        && let Some(ids) = store.changed_since(writes)
        && patch_rows(model, store, &ids)
    {
        model.caseload.generation = now;
        model.caseload.rescope(keep);
        return true;
    }
    if let Err(e) = reload(model, store, keep) {
        model.fail(e);
    }
    true
}

/// Puts the participants' lines as now stored in place of the old ones. False when that is not
/// enough (someone new, gone, or renamed, which moves them in the order by name): read all.
fn patch_rows(model: &mut Model, store: &Store, ids: &[i64]) -> bool {
    for id in ids {
        let Ok(Some(line)) = store.caseload_line(*id) else {
            return false;
        };
        match model.caseload.rows.iter_mut().find(|r| r.id == *id) {
            Some(row) if row.name == line.name => *row = line,
            _ => return false,
        }
    }
    true
}

pub(crate) fn open_participant(model: &mut Model, store: &Store, id: i64) {
    match ParticipantScreen::load(store, id) {
        Ok(p) => model.screen = Screen::Participant(Box::new(p)),
        Err(e) => model.fail(e),
    }
}

/// Opens the form for a new participant (`None`) or to edit one, bringing back a draft if the
/// worker left one.
fn open_form(model: &mut Model, store: &Store, id: Option<i64>) {
    let from = match &model.screen {
        Screen::Participant(p) => Some(p.participant.id),
        _ => None,
    };
    let draft = match store.draft(&DraftKey::Participant(id)) {
        Ok(d) => d.and_then(|body| ParticipantForm::from_draft(&body, model.today)),
        Err(e) => return model.fail(e),
    };
    let form = match (draft, id) {
        (Some(mut f), _) => {
            model.say(strings::DRAFT_RESTORED);
            if let Some((id, version)) = f.editing {
                match store.participant(id) {
                    Ok(p) if p.version != version => model.say(rebase(&mut f, store, &p)),
                    Ok(_) => {}
                    Err(e) => return model.fail(e),
                }
            }
            f
        }
        (None, None) => ParticipantForm::new(&model.me, model.today),
        (None, Some(id)) => match store.participant(id) {
            Ok(p) => ParticipantForm::edit(&p, model.today),
            Err(e) => return model.fail(e),
        },
    };
    model.screen = Screen::Form(Box::new(form), from);
}

fn form_key(model: &mut Model, store: &mut Store, key: KeyEvent, contexts: &[Context]) -> bool {
    let Screen::Form(form, _) = &mut model.screen else {
        return false;
    };
    if keymap::lookup(&[Context::Always], &key) == Some(Command::ForceQuit) {
        return act(model, store, Command::ForceQuit);
    }
    if form.conflict.is_some() {
        if let Some(action) = keymap::lookup(contexts, &key) {
            form.conflict_key(action);
        }
        return after_form_change(model);
    }
    // While a barrier note is being written, Enter, Tab and Esc finish the note.
    if form.note.is_some() {
        if matches!(key.code, KeyCode::Enter | KeyCode::Tab | KeyCode::Esc) {
            form.close_note();
        } else if form.focused_text().is_some_and(|t| t.input(key)) {
            form.touched();
        }
        return after_form_change(model);
    }
    match keymap::lookup(&contexts[..2], &key) {
        Some(Command::NextField) => form.move_focus(true),
        Some(Command::PrevField) => form.move_focus(false),
        Some(Command::Save) => return save_form(model, store),
        Some(Command::Close) => return close_form(model, store),
        _ => {
            let field_action = keymap::lookup(&contexts[2..], &key);
            match (form.focus, field_action) {
                (f, _) if f.is_text() => {
                    if form.focused_text().is_some_and(|t| t.input(key)) {
                        form.touched();
                    }
                }
                (_, Some(Command::ChoiceNext)) => form.choose(1, None),
                (_, Some(Command::ChoicePrev)) => form.choose(-1, None),
                (_, Some(Command::ToggleBarrier)) => form.toggle_barrier(),
                (_, Some(Command::BarrierNote)) => form.open_note(),
                (_, Some(Command::Down)) => form.move_barrier(1),
                (_, Some(Command::Up)) => form.move_barrier(-1),
                (FieldId::Barriers, None) if key.code == KeyCode::Right => form.move_barrier(7),
                (FieldId::Barriers, None) if key.code == KeyCode::Left => form.move_barrier(-7),
                (_, None) if key.code == KeyCode::Char('?') => model.help = true,
                (_, None) => match key.code {
                    KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                        form.choose(0, Some(c))
                    }
                    _ => return false,
                },
                _ => return false,
            }
        }
    }
    after_form_change(model)
}

/// A screen that is a form of fields: the plan, action, barrier and employer editors and the
/// contact form.
pub(crate) trait Editing {
    fn form(&mut self) -> &mut fields::Fields;
    /// Called after the worker changed a value.
    fn touched(&mut self);
    fn draft_key(&self) -> DraftKey;
    /// The number a draft keeps beside the values: the version an edit started from, or
    /// for a contact the seconds on the call timer.
    fn draft_number(&self) -> i64;
}

impl Editing for editors::Editor {
    fn form(&mut self) -> &mut fields::Fields {
        &mut self.form
    }
    fn touched(&mut self) {
        editors::Editor::touched(self);
    }
    fn draft_key(&self) -> DraftKey {
        editors::Editor::draft_key(self)
    }
    fn draft_number(&self) -> i64 {
        self.version
    }
}

impl Editing for contact::ContactEditor {
    fn form(&mut self) -> &mut fields::Fields {
        &mut self.form
    }
    fn touched(&mut self) {
        contact::ContactEditor::touched(self);
    }
    fn draft_key(&self) -> DraftKey {
        contact::ContactEditor::draft_key(self)
    }
    fn draft_number(&self) -> i64 {
        i64::try_from(self.started.elapsed().as_secs()).unwrap_or(0)
    }
}

fn editing(screen: &mut Screen) -> Option<&mut dyn Editing> {
    match screen {
        Screen::Editor(e) => Some(&mut **e),
        Screen::Contact(c) => Some(&mut **c),
        _ => None,
    }
}

/// A key in a form screen: the form takes it, and the screen's own `save` and `close` answer
/// Ctrl-S and Esc.
pub(crate) fn editing_key(
    model: &mut Model,
    store: &mut Store,
    key: KeyEvent,
    contexts: &[Context],
    save: fn(&mut Model, &mut Store) -> bool,
    close: fn(&mut Model, &mut Store) -> bool,
) -> bool {
    let Some(e) = editing(&mut model.screen) else {
        return false;
    };
    if e.form().conflict.is_some() {
        match keymap::lookup(contexts, &key) {
            Some(Command::ForceQuit) => {
                save_draft(model, store);
                model.quit = true;
                return false;
            }
            Some(action) => e.form().conflict_key(action),
            None => return false,
        }
        return after_form_change(model);
    }
    match e.form().key(key, contexts) {
        fields::FormKey::ForceQuit => {
            save_draft(model, store);
            model.quit = true;
            return false;
        }
        fields::FormKey::Save => return save(model, store),
        fields::FormKey::Close => return close(model, store),
        fields::FormKey::Edited => e.touched(),
        fields::FormKey::Moved => {}
        fields::FormKey::Ignored => return false,
    }
    after_form_change(model)
}

/// Starts the draft clock on the first unsaved change.
pub(crate) fn after_form_change(model: &mut Model) -> bool {
    let unsaved = match &mut model.screen {
        Screen::Form(form, _) => form.unsaved,
        screen => editing(screen).is_some_and(|e| e.form().unsaved),
    };
    if unsaved && model.draft_due.is_none() {
        model.draft_due = Some(Instant::now() + DRAFT_DELAY);
    }
    true
}

fn on_paste(model: &mut Model, text: &str) -> bool {
    let clean = line(text);
    match &mut model.screen {
        Screen::Form(form, _) => {
            if let Some(t) = form.focused_text() {
                t.insert_str(&clean);
                form.touched();
            }
            after_form_change(model)
        }
        Screen::Editor(_) | Screen::Contact(_) => {
            if let Some(e) = editing(&mut model.screen)
                && e.form().paste(text)
            {
                e.touched();
            }
            after_form_change(model)
        }
        Screen::Caseload if model.caseload.input.is_some() => {
            if let Some(input) = model.caseload.input.as_mut() {
                input.insert_str(&clean);
                let query = line(&input.lines().join(" "));
                model.caseload.set_query(query);
            }
            true
        }
        _ => false,
    }
}

fn save_form(model: &mut Model, store: &mut Store) -> bool {
    let Screen::Form(form, from) = &mut model.screen else {
        return false;
    };
    form.close_note();
    form.checked = true;
    let details = match form.check() {
        Ok(d) => d,
        Err(errors) => {
            form.errors = errors;
            if let Some((first, _)) = form.errors.first() {
                form.focus = *first;
            }
            model.fail(strings::FIX_FIELDS);
            return true;
        }
    };
    form.errors.clear();
    let key = form.draft_key();
    let from = *from;
    let saved = match form.editing {
        Some((id, version)) => store
            .update_participant(id, version, &details, model.today)
            .map(|()| id),
        None => store.add_participant(&details, model.today),
    };
    let id = match saved {
        Ok(id) => id,
        Err(StoreError::Stale) => {
            let text = match form.editing {
                Some((id, _)) => match store.participant(id) {
                    Ok(p) => rebase(form, store, &p),
                    Err(e) => e.to_string(),
                },
                None => strings::STALE_EDIT.to_string(),
            };
            save_draft(model, store);
            model.fail(text);
            return true;
        }
        Err(e) => {
            // The typed text must survive a failed save: keep the form open and the draft.
            save_draft(model, store);
            model.fail(e);
            return true;
        }
    };
    model.draft_due = None;
    if let Err(e) = store.discard_draft(&key) {
        model.fail(e);
        return true;
    }
    if let Err(e) = reload(model, store, Some(id)) {
        model.fail(e);
        return true;
    }
    model.screen = Screen::Caseload;
    if from.is_some() {
        open_participant(model, store, id);
    }
    if model.status.is_none() {
        model.say(strings::saved_participant(&details.name));
    }
    true
}

/// Merges a colleague's save into the open form; returns what to tell the worker.
fn rebase(form: &mut ParticipantForm, store: &Store, theirs: &Participant) -> String {
    let clashes = form.rebase(theirs, plan::saved_by(store, theirs.id));
    let labels: Vec<&str> = clashes.iter().map(|f| f.label()).collect();
    strings::merged_edit(&labels)
}

fn close_form(model: &mut Model, store: &mut Store) -> bool {
    let Screen::Form(form, from) = &model.screen else {
        return false;
    };
    let from = *from;
    let kept = form.unsaved || form.drafted;
    park_draft(model, store);
    model.screen = Screen::Caseload;
    if let Some(id) = from {
        open_participant(model, store, id);
    }
    if kept && model.status.is_none() {
        model.say(strings::DRAFT_KEPT);
    }
    true
}

/// Closes a form keeping its text: the draft waits to be opened again.
pub(crate) fn park_draft(model: &mut Model, store: &mut Store) {
    save_draft(model, store);
    let key = match &mut model.screen {
        Screen::Form(form, _) => Some(form.draft_key()),
        screen => editing(screen).map(|e| e.draft_key()),
    };
    if let Some(key) = key
        && let Err(e) = store.park_draft(&key)
    {
        model.fail(e);
    }
}

/// Opens again the form that was being typed in when keyworker last stopped (a dropped
/// link, a kill, a crash), with its draft.
fn reopen_interrupted(model: &mut Model, store: &mut Store) -> Result<bool, StoreError> {
    let Some(key) = store.interrupted_draft()? else {
        return Ok(false);
    };
    let press = |model: &mut Model, store: &mut Store, context: Context, action: Command| {
        if let Some(k) = keymap::key_for(context, action) {
            on_key(model, store, k);
        }
    };
    match key {
        DraftKey::Participant(id) => open_form(model, store, id),
        DraftKey::Contact {
            participant,
            amends,
        } => match amends.map(|c| store.contact(c)).transpose()? {
            Some(Some(c)) => contact::open(model, store, participant, Some(&c)),
            _ => contact::open(model, store, participant, None),
        },
        DraftKey::Plan(p) => {
            plan::open_from(model, store, p, false);
            press(model, store, Context::Plan, Command::Edit);
        }
        DraftKey::Action {
            participant,
            action: None,
        } => {
            plan::open_from(model, store, participant, false);
            press(model, store, Context::Plan, Command::Add);
        }
        DraftKey::Action {
            participant: p,
            action: Some(_),
        }
        | DraftKey::Assess { participant: p, .. } => {
            plan::open_from(model, store, p, false);
            if let Screen::Plan(pane) = &mut model.screen {
                // The action or barrier it was about, then open it as Enter would.
                let at = pane.items().iter().position(|item| match (*item, key) {
                    (
                        plan::Item::Action(i),
                        DraftKey::Action {
                            action: Some(id), ..
                        },
                    ) => pane.actions.get(i).is_some_and(|a| a.id == id),
                    (plan::Item::Barrier(i), DraftKey::Assess { barrier, .. }) => pane
                        .participant
                        .barriers
                        .get(i)
                        .is_some_and(|b| b.kind == barrier),
                    _ => false,
                });
                if let Some(at) = at {
                    pane.cursor = at;
                    press(model, store, Context::Plan, Command::Open);
                }
            }
        }
        DraftKey::Outcome(p) | DraftKey::Scores(p) | DraftKey::Spend(p) | DraftKey::Exit(p) => {
            outcomes::open_from(model, store, p, false);
            let action = match key {
                DraftKey::Outcome(_) => Command::Add,
                DraftKey::Scores(_) => Command::Score,
                DraftKey::Spend(_) => Command::Spend,
                _ => Command::CloseCase,
            };
            press(model, store, Context::Outcomes, action);
        }
        // A shared employer's details are reopened from a plan, which the key does not name.
        DraftKey::Employer(_) => return Ok(false),
    }
    Ok(true)
}

/// Writes the open form's text as a draft if it changed since the last one.
pub(crate) fn save_draft(model: &mut Model, store: &mut Store) {
    model.draft_due = None;
    let written = match &mut model.screen {
        Screen::Form(form, _) if form.unsaved => form
            .to_draft()
            .map_err(StoreError::from)
            .and_then(|body| store.save_draft(&form.draft_key(), &body))
            .map(|()| {
                form.unsaved = false;
                form.drafted = true;
            }),
        screen => match editing(screen) {
            Some(e) => {
                let (key, number) = (e.draft_key(), e.draft_number());
                let form = e.form();
                if form.unsaved {
                    form.to_draft(number)
                        .map_err(StoreError::from)
                        .and_then(|body| store.save_draft(&key, &body))
                        .map(|()| {
                            form.unsaved = false;
                            form.drafted = true;
                        })
                } else {
                    Ok(())
                }
            }
            None => Ok(()),
        },
    };
    if let Err(e) = written {
        model.fail(e);
    }
}
