//! The model, the messages that change it, and `update`: the one place that reads keys and
//! writes through the store.

pub mod brief;
pub mod caseload;
pub mod conflict;
pub mod contact;
pub mod directory;
pub mod drafts;
pub mod editing;
pub mod editor;
pub mod editors;
pub mod field;
pub mod fields;
pub mod filter;
pub mod help;
pub mod nav;
pub mod outcomes;
pub mod participant;
pub mod participant_form;
pub mod plan;
pub mod record;
pub mod referral_forms;
pub mod reminders;
pub mod summary;
pub mod team;
pub mod team_forms;

pub(crate) use caseload::{caseload_refresh, reload};
pub(crate) use drafts::{park_draft, save_draft};
pub(crate) use editing::editing_key;
pub use nav::Route;
pub use record::{CONTACT_HISTORY, ParticipantScreen};

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyEvent, KeyEventKind};

use crate::keymap::{self, Command, Context};
use crate::store::{Store, StoreError};
use crate::strings;
use caseload::Caseload;

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

pub enum Screen {
    Caseload,
    Participant(Box<ParticipantScreen>),
    Plan(Box<plan::PlanScreen>),
    /// A plan, action, barrier or employer editor, opened from the plan pane.
    Editor(Box<editors::Editor>),
    Contact(Box<contact::ContactEditor>),
    ContactView(Box<contact::ContactView>),
    Reminders(Box<reminders::RemindersScreen>),
    Brief(Box<brief::Brief>),
    Outcomes(Box<outcomes::OutcomesScreen>),
    Directory(Box<directory::DirectoryScreen>),
    Team(Box<team::TeamScreen>),
    /// What to send a service for a referral.
    Summary(Box<summary::SummaryScreen>),
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
    /// What is on screen; `back` holds the screens under it, the caseload at the bottom.
    pub screen: Screen,
    pub back: Vec<Screen>,
    pub help: bool,
    /// The first row of the help shown, when its list is longer than the screen.
    pub help_top: usize,
    pub status: Option<Status>,
    pub quit: bool,
    pub draft_due: Option<Instant>,
    pub profile: crate::domain::profile::Profile,
    /// The screen is blanked until Enter: the worker stepped away from a shared machine.
    pub locked: bool,
    pub last_input: Instant,
    /// Where drafts go when the database will not take them (the worker's own data
    /// directory); none in tests unless they say.
    pub fallback: Option<std::path::PathBuf>,
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
            back: Vec::new(),
            help: false,
            help_top: 0,
            status: None,
            quit: false,
            draft_due: None,
            profile: store.profile().clone(),
            locked: false,
            last_input: Instant::now(),
            fallback: None,
        };
        model
            .caseload
            .set_height(caseload::list_height(size.1, false));
        reload(&mut model, store, None)?;
        if model.caseload.in_scope() == 0 && !model.caseload.rows.is_empty() {
            model.caseload.team = true;
            model.caseload.rescope(None);
        }
        if reminders::anything_due(&model, store)? {
            nav::go(&mut model, store, Route::Reminders);
        }
        let drafts = store.drafts()?;
        if drafts::reopen_interrupted(&mut model, store)? {
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
        if self.locked {
            return vec![Context::Always, Context::Locked];
        }
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
            Screen::Editor(e) if e.form.conflict.is_some() => vec![C::Always, C::Conflict],
            Screen::Contact(c) if c.form.conflict.is_some() => vec![C::Always, C::Conflict],
            // The one-key outcomes (Alt and a letter, which no field takes) work even while
            // typing notes.
            Screen::Contact(c) => match c.form.focused().input {
                fields::Input::Pick { .. } => vec![C::Always, C::Form, C::Choice, C::ContactForm],
                _ => vec![C::Always, C::Form, C::ContactForm],
            },
            Screen::ContactView(_) => vec![C::Always, C::ContactView, C::Global],
            Screen::Summary(_) => vec![C::Always, C::Summary, C::Global],
            Screen::Reminders(r) => match r
                .prompt
                .as_ref()
                .and_then(|(_, f)| f.fields.get(f.focus))
                .map(|x| &x.input)
            {
                Some(fields::Input::Pick { .. }) => vec![C::Always, C::Form, C::Choice],
                Some(_) => vec![C::Always, C::Form],
                None => vec![C::Always, C::Reminders, C::Global],
            },
            Screen::Brief(_) => vec![C::Always, C::Brief, C::Global],
            Screen::Outcomes(_) => vec![C::Always, C::Outcomes, C::Global],
            Screen::Directory(d) if d.input.is_some() => vec![C::Always, C::DirectoryFilter],
            Screen::Directory(_) => vec![C::Always, C::Directory, C::Global],
            Screen::Team(_) => vec![C::Always, C::Team, C::Global],
            Screen::Plan(p) if p.history.is_some() => vec![C::Always, C::PlanHistory],
            Screen::Plan(_) => vec![C::Always, C::Plan, C::Global],
            Screen::Editor(e) => match &e.form.focused().input {
                fields::Input::Pick { .. } => vec![C::Always, C::Form, C::Choice],
                fields::Input::Ticks { note: Some(_), .. } => vec![C::Always, C::Note],
                fields::Input::Ticks { notes: Some(_), .. } => {
                    vec![C::Always, C::Form, C::Ticks, C::TickNotes]
                }
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

    /// The value read, or `None` with why on the status line: a screen that cannot be read
    /// is not opened.
    fn ok<T>(&mut self, read: Result<T, impl std::fmt::Display>) -> Option<T> {
        read.map_err(|e| self.fail(e)).ok()
    }

    fn fail(&mut self, e: impl std::fmt::Display) {
        self.status = Some(Status {
            text: e.to_string(),
            error: true,
        });
    }
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
        Screen::Brief(_) => nav::refresh(model, store),
        _ => {}
    }
    true
}

fn apply(model: &mut Model, store: &mut Store, msg: Msg) -> bool {
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Release => false,
        Msg::Key(key) if model.locked => {
            model.last_input = Instant::now();
            on_key(model, store, key)
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
            editing::paste(model, &text)
        }
        Msg::Resize(w, h) => {
            model.width = w;
            model.height = h;
            let filtering = model.caseload.input.is_some() || !model.caseload.query.is_empty();
            model
                .caseload
                .set_height(caseload::list_height(h, filtering));
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
            // Leave within a couple of seconds, however busy the file: the draft goes outside
            // the database if the lock is held.
            let _ = store.hurry();
            save_draft(model, store);
            model.quit = true;
            false
        }
    }
}

/// The one path of a key: looked up once in the contexts of what is on screen (a focused text
/// field's form contexts first, so typed letters reach the field), then given to the pane; a
/// command the pane does not take is one of the global ones, handled here alone.
pub(crate) fn on_key(model: &mut Model, store: &mut Store, key: KeyEvent) -> bool {
    let command = keymap::lookup(&model.contexts(), &key);
    if model.locked {
        return match command {
            Some(Command::Unlock) => {
                model.locked = false;
                true
            }
            Some(Command::ForceQuit) => global(model, store, Command::ForceQuit),
            _ => false,
        };
    }
    if model.help {
        return command.is_some_and(|c| help::command(model, c));
    }
    let taken = match model.screen {
        Screen::Caseload if model.caseload.input.is_some() && command.is_none() => {
            Some(caseload::filter_key(model, key))
        }
        Screen::Caseload => command.and_then(|c| caseload::command(model, store, c)),
        Screen::Participant(_) => command.and_then(|c| participant::command(model, store, c)),
        Screen::ContactView(_) => command.and_then(|c| contact::view_command(model, store, c)),
        Screen::Summary(_) => command.and_then(|c| summary::key(model, c)),
        Screen::Brief(_) => None,
        Screen::Editor(_) => editor::key(model, store, key, command),
        Screen::Contact(_) => contact::key(model, store, key, command),
        Screen::Plan(_) => plan::key(model, store, command),
        Screen::Reminders(_) => reminders::key(model, store, key, command),
        Screen::Outcomes(_) => outcomes::key(model, store, command),
        Screen::Directory(_) => directory::key(model, store, key, command),
        Screen::Team(_) => team::key(model, store, command),
    };
    match (taken, command) {
        (Some(dirty), _) => dirty,
        (None, Some(c)) => global(model, store, c),
        (None, None) => false,
    }
}

/// Where a list's cursor goes on a command that moves it (next, previous, first, last) over
/// `n` items; `None` for any other command.
pub(crate) fn moved(cursor: usize, n: usize, command: Command) -> Option<usize> {
    let last = n.saturating_sub(1);
    Some(match command {
        Command::Down => (cursor + 1).min(last),
        Command::Up => cursor.saturating_sub(1),
        Command::Top => 0,
        Command::Bottom => last,
        _ => return None,
    })
}

/// Where the first row shown of a scrolled text goes for `command`: moved a row or a `page`,
/// or to either end, and kept within `0..=last`. `None` for a command that does not scroll.
pub(crate) fn scrolled(top: usize, last: usize, page: usize, command: Command) -> Option<usize> {
    let page = page.max(1);
    let to = match command {
        Command::Down => top + 1,
        Command::Up => top.saturating_sub(1),
        Command::PageDown => top + page,
        Command::PageUp => top.saturating_sub(page),
        Command::Top => 0,
        Command::Bottom => last,
        _ => return None,
    };
    Some(to.min(last))
}

/// The participant the global keys act on: the one on screen, or the one selected.
fn subject(model: &Model) -> Option<i64> {
    match &model.screen {
        Screen::Caseload => model.caseload.selected_id(),
        Screen::Reminders(r) => r.list.get(r.cursor).map(|x| x.participant_id),
        screen => nav::subject(screen),
    }
}

/// The keys that do the same on every screen.
fn global(model: &mut Model, store: &mut Store, command: Command) -> bool {
    match command {
        Command::ForceQuit => {
            save_draft(model, store);
            model.quit = true;
        }
        Command::Quit => model.quit = true,
        Command::Help => help::open(model),
        Command::Back => nav::back(model, store),
        Command::ShowCaseload => nav::home(model, store),
        Command::ShowReminders => nav::go(model, store, Route::Reminders),
        Command::ShowDirectory => nav::go(model, store, Route::Directory),
        Command::ShowTeam => nav::go(model, store, Route::Team),
        Command::OpenPlan
        | Command::LogContact
        | Command::ShowOutcomes
        | Command::Book
        | Command::Refer
        | Command::RiskFlags
        | Command::RaiseConcern => {
            let Some(id) = subject(model) else {
                return false;
            };
            let route = match command {
                Command::OpenPlan => Route::Plan(id),
                Command::ShowOutcomes => Route::Outcomes(id),
                Command::Book => Route::Booking(id),
                Command::Refer => Route::Refer(id),
                Command::RiskFlags => Route::RiskFlags(id),
                Command::RaiseConcern => Route::Concern(id),
                _ => Route::Contact {
                    participant: id,
                    amends: None,
                },
            };
            nav::go(model, store, route);
        }
        _ => return false,
    }
    true
}
