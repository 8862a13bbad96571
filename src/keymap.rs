//! The one table of keys. Lookup, the help screen and the footer hints all read it, so what the
//! screen says a key does is what it does.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::contact::Outcome;

/// Where a key is pressed. A screen listens to several contexts in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Works everywhere, even inside a text field.
    Always,
    /// Everywhere except while typing.
    Global,
    List,
    Caseload,
    Filter,
    Participant,
    Form,
    Choice,
    Plan,
    PlanHistory,
    Ticks,
    /// A tick list with a note beside each tick (a participant's barriers).
    TickNotes,
    /// The contact form's own keys, which work even while typing notes.
    ContactForm,
    ContactView,
    Reminders,
    Brief,
    Outcomes,
    /// The directory of partner services.
    Directory,
    /// The team pane: each key worker's figures.
    Team,
    /// The directory's filter being typed.
    DirectoryFilter,
    /// Theirs and mine, side by side, after a colleague saved the same record.
    Conflict,
    /// A tick's note being written (a barrier's, in the participant form).
    Note,
    Help,
    /// What to send a service for a referral.
    Summary,
    /// The screen hidden after the idle time.
    Locked,
}

/// Everything a key can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    ForceQuit,
    Quit,
    Back,
    Help,
    ShowCaseload,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Filter,
    ClearFilter,
    Open,
    Add,
    Edit,
    ToggleTeam,
    NextField,
    PrevField,
    Save,
    Close,
    ChoiceNext,
    ChoicePrev,
    ToggleBarrier,
    BarrierNote,
    OpenPlan,
    Done,
    Drop,
    Employer,
    History,
    LogContact,
    /// Book an appointment at a time.
    Book,
    /// Move an appointment to another time.
    MoveAppointment,
    /// Narrow the caseload to those the safety net caught.
    ShowGaps,
    /// The directory of partner services.
    ShowDirectory,
    /// Refer the participant on to a service.
    Refer,
    /// What to send the service for the referral selected.
    ReferralSummary,
    /// The team pane.
    ShowTeam,
    /// Mark the selected participant for a handover.
    Mark,
    /// Mark everyone shown, or clear the marks.
    MarkAll,
    /// Hand the marked participants to another key worker.
    Handover,
    /// Set cover for a caseload.
    Cover,
    /// End a worker's cover today, or call off cover to come.
    EndCover,
    /// A participant's risk flags.
    RiskFlags,
    /// Record a safeguarding concern.
    RaiseConcern,
    NoAnswer,
    QuickOutcome(crate::domain::contact::Outcome),
    Amend,
    ShowReminders,
    Snooze,
    ShowOutcomes,
    ToggleClosed,
    Score,
    Spend,
    CloseCase,
    KeepTheirs,
    KeepMine,
    KeepAllTheirs,
    KeepAllMine,
    Unlock,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}
const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::ALT,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub command: Command,
    /// What the help screen says.
    pub label: &'static str,
    /// What the footer says, when the binding is worth a place there.
    pub hint: Option<&'static str>,
}

use Command as A;
use Context as C;
use KeyCode as K;

const fn bind(
    context: Context,
    keys: &'static [Key],
    command: Command,
    label: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys,
        command,
        label,
        hint,
    }
}

#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind(C::Always, &[ctrl('c')], A::ForceQuit, "quit now, keeping any open form as a draft", None),
    bind(C::Global, &[ch('?')], A::Help, "show the keys of this screen", Some("help")),
    bind(C::Global, &[ch('1')], A::ShowCaseload, "go to the caseload", None),
    bind(C::Global, &[ch('q'), key(K::Esc)], A::Back, "back one level", Some("back")),
    bind(C::List, &[ch('j'), key(K::Down)], A::Down, "next participant", None),
    bind(C::List, &[ch('k'), key(K::Up)], A::Up, "previous participant", None),
    bind(C::List, &[ch('g'), key(K::Home)], A::Top, "first participant", None),
    bind(C::List, &[ch('G'), key(K::End)], A::Bottom, "last participant", None),
    bind(C::List, &[key(K::PageDown), ctrl('d')], A::PageDown, "one page down", None),
    bind(C::List, &[key(K::PageUp), ctrl('u')], A::PageUp, "one page up", None),
    bind(C::Caseload, &[ch('q')], A::Quit, "quit", Some("quit")),
    bind(C::Caseload, &[key(K::Esc)], A::ClearFilter, "clear the filter", None),
    bind(C::Caseload, &[ch('/')], A::Filter, "filter by name, phone or employer", Some("filter")),
    bind(C::Caseload, &[key(K::Enter)], A::Open, "open the participant", Some("open")),
    bind(C::Caseload, &[ch('a')], A::Add, "add a participant", Some("add")),
    bind(C::Caseload, &[ch('e')], A::Edit, "edit the participant", None),
    bind(C::Caseload, &[ch('t')], A::ToggleTeam, "switch between my caseload and the whole team", None),
    bind(C::Filter, &[key(K::Esc)], A::ClearFilter, "clear the filter", Some("clear")),
    bind(C::Filter, &[key(K::Enter)], A::Open, "open the highlighted participant", Some("open")),
    bind(C::Filter, &[key(K::Down)], A::Down, "next match", None),
    bind(C::Filter, &[key(K::Up)], A::Up, "previous match", None),
    bind(C::Participant, &[ch('e')], A::Edit, "edit the participant", Some("edit")),
    bind(C::Form, &[key(K::Tab), key(K::Enter)], A::NextField, "next field", Some("next")),
    bind(C::Form, &[Key { code: K::BackTab, mods: KeyModifiers::SHIFT, }], A::PrevField, "previous field", None),
    bind(C::Form, &[ctrl('s')], A::Save, "save and close", Some("save")),
    bind(C::Form, &[key(K::Esc)], A::Close, "close, keeping what you typed as a draft", Some("close")),
    bind(C::Choice, &[key(K::Right), ch(' '), ch('l')], A::ChoiceNext, "next choice", None),
    bind(C::Choice, &[key(K::Left), ch('h')], A::ChoicePrev, "previous choice", None),
    bind(C::Choice, &[ch('?')], A::Help, "show the keys of this screen", None),
    bind(C::Note, &[key(K::Enter), key(K::Tab), key(K::Esc)], A::Close, "finish the note", Some("done")),
    bind(C::Global, &[ch('2')], A::OpenPlan, "go to the plan", None),
    bind(C::Caseload, &[ch('p')], A::OpenPlan, "open the plan", Some("plan")),
    bind(C::Participant, &[ch('p')], A::OpenPlan, "open the plan", Some("plan")),
    bind(C::Plan, &[ch('e')], A::Edit, "edit the plan", Some("edit")),
    bind(C::Plan, &[ch('a')], A::Add, "add an action", Some("action")),
    bind(C::Plan, &[key(K::Enter)], A::Open, "edit the action, re-assess the barrier, or move the referral on", Some("open")),
    bind(C::Plan, &[ch('d')], A::Done, "mark the action done", Some("done")),
    bind(C::Plan, &[ch('x')], A::Drop, "drop the action", None),
    bind(C::Plan, &[ch('E')], A::Employer, "employer details", None),
    bind(C::Plan, &[ch('h')], A::History, "plan history", Some("history")),
    bind(C::Plan, &[ch('j'), key(K::Down)], A::Down, "next action or barrier", None),
    bind(C::Plan, &[ch('k'), key(K::Up)], A::Up, "previous action or barrier", None),
    bind(C::Plan, &[ch('g'), key(K::Home)], A::Top, "first action", None),
    bind(C::Plan, &[ch('G'), key(K::End)], A::Bottom, "last item", None),
    bind(C::PlanHistory, &[key(K::Esc), ch('q'), ch('h')], A::Close, "close the history", Some("close")),
    bind(C::PlanHistory, &[ch('?')], A::Help, "show the keys of this screen", None),
    bind(C::PlanHistory, &[ch('j'), key(K::Down)], A::Down, "scroll down a line", Some("scroll")),
    bind(C::PlanHistory, &[ch('k'), key(K::Up)], A::Up, "scroll up a line", None),
    bind(C::PlanHistory, &[key(K::PageDown), ctrl('d'), ch(' ')], A::PageDown, "a page down", None),
    bind(C::PlanHistory, &[key(K::PageUp), ctrl('u')], A::PageUp, "a page up", None),
    bind(C::PlanHistory, &[ch('g'), key(K::Home)], A::Top, "back to the top", None),
    bind(C::PlanHistory, &[ch('G'), key(K::End)], A::Bottom, "to the end", None),
    bind(C::Ticks, &[ch(' '), ch('x')], A::ToggleBarrier, "tick or untick the option", Some("tick")),
    bind(C::Ticks, &[key(K::Down), ch('j')], A::Down, "the option below", None),
    bind(C::Ticks, &[key(K::Up), ch('k')], A::Up, "the option above", None),
    bind(C::TickNotes, &[ch('n')], A::BarrierNote, "write a note for the barrier", Some("note")),
    bind(C::Ticks, &[key(K::Right), ch('l')], A::ChoiceNext, "next option (in columns, the next column)", None),
    bind(C::Ticks, &[key(K::Left), ch('h')], A::ChoicePrev, "previous option (in columns, the previous column)", None),
    bind(C::Ticks, &[ch('?')], A::Help, "show the keys of this screen", None),
    bind(C::Global, &[ch('3')], A::LogContact, "log a contact", None),
    bind(C::Caseload, &[ch('c')], A::LogContact, "log a contact", Some("contact")),
    bind(C::Caseload, &[ch('n')], A::NoAnswer, "log a call with no answer now (retry next working day)", None),
    bind(C::Participant, &[ch('c')], A::LogContact, "log a contact", Some("contact")),
    bind(C::Participant, &[ch('j'), key(K::Down)], A::Down, "next contact", None),
    bind(C::Participant, &[ch('k'), key(K::Up)], A::Up, "previous contact", None),
    bind(C::Participant, &[key(K::Enter)], A::Open, "read the contact in full", None),
    bind(C::Plan, &[ch('c')], A::LogContact, "log a contact", None),
    bind(C::ContactForm, &[alt('n')], A::QuickOutcome(Outcome::NoAnswer), "no answer: save now", Some("no answer")),
    bind(C::ContactForm, &[alt('l')], A::QuickOutcome(Outcome::LeftMessage), "left a message: save now", None),
    bind(C::ContactForm, &[alt('d')], A::QuickOutcome(Outcome::DidNotAttend), "did not attend: save now", None),
    bind(C::ContactForm, &[alt('t')], A::QuickOutcome(Outcome::CancelledByThem), "cancelled by them: save now", None),
    bind(C::ContactForm, &[alt('u')], A::QuickOutcome(Outcome::CancelledByUs), "cancelled by us: save now", None),
    bind(C::ContactView, &[ch('e')], A::Amend, "amend the contact (the first version is kept)", Some("amend")),
    bind(C::ContactView, &[ch('c')], A::LogContact, "log a new contact", Some("contact")),
    bind(C::Global, &[ch('4')], A::ShowReminders, "go to the reminders", None),
    bind(C::Caseload, &[ch('r')], A::ShowReminders, "show reminders", Some("reminders")),
    bind(C::Reminders, &[key(K::Enter)], A::Open, "open the pre-call brief", Some("brief")),
    bind(C::Reminders, &[ch('c')], A::LogContact, "log a contact", Some("contact")),
    bind(C::Reminders, &[ch('d')], A::Done, "done (a milestone asks for evidence)", Some("done")),
    bind(C::Reminders, &[ch('z')], A::Snooze, "snooze: until when, and why", Some("snooze")),
    bind(C::Reminders, &[ch('n')], A::Add, "new reminder for this participant", Some("new")),
    bind(C::Reminders, &[ch('x')], A::Drop, "mark a milestone missed", None),
    bind(C::Reminders, &[ch('t')], A::ToggleTeam, "switch between my reminders and the team's", None),
    bind(C::Reminders, &[ch('j'), key(K::Down)], A::Down, "next reminder", None),
    bind(C::Reminders, &[ch('k'), key(K::Up)], A::Up, "previous reminder", None),
    bind(C::Reminders, &[ch('g'), key(K::Home)], A::Top, "first reminder", None),
    bind(C::Reminders, &[ch('G'), key(K::End)], A::Bottom, "last reminder", None),
    bind(C::Brief, &[ch('c')], A::LogContact, "log a contact", Some("contact")),
    bind(C::Brief, &[ch('b')], A::Book, "book an appointment at a time", Some("book")),
    bind(C::Caseload, &[ch('b')], A::Book, "book an appointment at a time", Some("book")),
    bind(C::Participant, &[ch('b')], A::Book, "book an appointment at a time", Some("book")),
    bind(C::Reminders, &[ch('b')], A::Book, "book an appointment at a time", None),
    bind(C::Reminders, &[ch('R')], A::MoveAppointment, "move an appointment: new time, and why", Some("move")),
    bind(C::Caseload, &[ch('!')], A::ShowGaps, "only those with no recent contact or nothing agreed (:gap)", None),
    bind(C::Brief, &[ch('p')], A::OpenPlan, "open the plan", Some("plan")),
    bind(C::Global, &[ch('5')], A::ShowDirectory, "go to the directory of services", None),
    bind(C::Caseload, &[ch('D')], A::ShowDirectory, "the directory of services", None),
    bind(C::Plan, &[ch('D')], A::ShowDirectory, "the directory of services", None),
    bind(C::Plan, &[ch('f')], A::Refer, "refer on to a service (asks their consent)", Some("refer")),
    bind(C::Plan, &[ch('s')], A::ReferralSummary, "what to send the service for the referral", None),
    bind(C::Participant, &[ch('f')], A::Refer, "refer on to a service (asks their consent)", None),
    bind(C::Participant, &[ch('s')], A::ReferralSummary, "what to send the service for their newest referral", None),
    bind(C::Global, &[ch('6')], A::ShowTeam, "go to the team pane", None),
    bind(C::Caseload, &[ch('T')], A::ShowTeam, "the team: each key worker's figures", None),
    bind(C::Caseload, &[ch(' ')], A::Mark, "mark or unmark the participant (for a handover)", None),
    bind(C::Caseload, &[ch('*')], A::MarkAll, "mark everyone shown, or clear the marks", None),
    bind(C::Caseload, &[ch('H')], A::Handover, "hand the marked (or the selected) over to another key worker", None),
    bind(C::Team, &[ch('j'), key(K::Down)], A::Down, "next key worker", None),
    bind(C::Team, &[ch('k'), key(K::Up)], A::Up, "previous key worker", None),
    bind(C::Team, &[ch('g'), key(K::Home)], A::Top, "first key worker", None),
    bind(C::Team, &[ch('G'), key(K::End)], A::Bottom, "last key worker", None),
    bind(C::Team, &[key(K::Enter)], A::Open, "open the key worker's caseload", Some("caseload")),
    bind(C::Team, &[ch('C')], A::Cover, "set cover: a colleague takes their reminders between two dates", Some("cover")),
    bind(C::Team, &[ch('X')], A::EndCover, "end their cover from today, or call off cover to come", None),
    bind(C::Participant, &[ch('!')], A::RiskFlags, "risk flags: set, review or remove", None),
    bind(C::Plan, &[ch('!')], A::RiskFlags, "risk flags: set, review or remove", None),
    bind(C::Brief, &[ch('!')], A::RiskFlags, "risk flags: set, review or remove", None),
    bind(C::Participant, &[ch('S')], A::RaiseConcern, "record a safeguarding concern", None),
    bind(C::Plan, &[ch('S')], A::RaiseConcern, "record a safeguarding concern", None),
    bind(C::Brief, &[ch('S')], A::RaiseConcern, "record a safeguarding concern", None),
    bind(C::Directory, &[ch('j'), key(K::Down)], A::Down, "next service", None),
    bind(C::Directory, &[ch('k'), key(K::Up)], A::Up, "previous service", None),
    bind(C::Directory, &[ch('g'), key(K::Home)], A::Top, "first service", None),
    bind(C::Directory, &[ch('G'), key(K::End)], A::Bottom, "last service", None),
    bind(C::Directory, &[key(K::PageDown), ctrl('d')], A::PageDown, "ten down", None),
    bind(C::Directory, &[key(K::PageUp), ctrl('u')], A::PageUp, "ten up", None),
    bind(C::Directory, &[ch('/')], A::Filter, "filter by name, service, what it helps with or area", Some("filter")),
    bind(C::Directory, &[key(K::Enter), ch('e')], A::Open, "edit the service", Some("edit")),
    bind(C::Directory, &[ch('a')], A::Add, "add a service", Some("add")),
    bind(C::DirectoryFilter, &[key(K::Esc)], A::ClearFilter, "clear the filter", Some("clear")),
    bind(C::DirectoryFilter, &[key(K::Enter)], A::Open, "keep the filter and go back to the list", Some("done")),
    bind(C::DirectoryFilter, &[key(K::Down)], A::Down, "next match", None),
    bind(C::DirectoryFilter, &[key(K::Up)], A::Up, "previous match", None),
    bind(C::Caseload, &[ch('x')], A::ToggleClosed, "show or hide exited participants", None),
    bind(C::Caseload, &[ch('o')], A::ShowOutcomes, "outcomes, spend and exit", None),
    bind(C::Participant, &[ch('o')], A::ShowOutcomes, "outcomes, spend and exit", Some("outcomes")),
    bind(C::Plan, &[ch('o')], A::ShowOutcomes, "outcomes, spend and exit", None),
    bind(C::Outcomes, &[ch('a')], A::Add, "record a formal outcome (job start, sustained, progression…)", Some("outcome")),
    bind(C::Outcomes, &[ch('s')], A::Score, "score the soft outcomes (1 to 10)", Some("score")),
    bind(C::Outcomes, &[ch('m')], A::Spend, "record discretionary spend", Some("spend")),
    bind(C::Outcomes, &[ch('x')], A::CloseCase, "close the case (asks why), or reopen it", Some("exit")),
    bind(C::Outcomes, &[ch('c')], A::LogContact, "log a contact", None),
    bind(C::Outcomes, &[ch('p')], A::OpenPlan, "open the plan", None),
    bind(C::Conflict, &[ch('t')], A::KeepTheirs, "keep theirs for this field", Some("theirs")),
    bind(C::Conflict, &[ch('m')], A::KeepMine, "keep mine for this field", Some("mine")),
    bind(C::Conflict, &[ch('T')], A::KeepAllTheirs, "keep theirs for every field", None),
    bind(C::Conflict, &[ch('M')], A::KeepAllMine, "keep mine for every field", None),
    bind(C::Conflict, &[ch('j'), key(K::Down)], A::Down, "next field", None),
    bind(C::Conflict, &[ch('k'), key(K::Up)], A::Up, "previous field", None),
    bind(C::Conflict, &[key(K::Enter), key(K::Esc)], A::Close, "back to the form with these choices (Ctrl-S then saves)", Some("done")),
    bind(C::Help, &[key(K::Esc), ch('q'), ch('?')], A::Close, "close the help", Some("close")),
    bind(C::Help, &[ch('j'), key(K::Down)], A::Down, "scroll down a line", Some("scroll")),
    bind(C::Help, &[ch('k'), key(K::Up)], A::Up, "scroll up a line", None),
    bind(C::Help, &[key(K::PageDown), ctrl('d'), ch(' ')], A::PageDown, "a page down", None),
    bind(C::Help, &[key(K::PageUp), ctrl('u')], A::PageUp, "a page up", None),
    bind(C::Help, &[ch('g'), key(K::Home)], A::Top, "back to the top", None),
    bind(C::Help, &[ch('G'), key(K::End)], A::Bottom, "to the end", None),
    bind(C::Summary, &[ch('j'), key(K::Down)], A::Down, "scroll down a line", None),
    bind(C::Summary, &[ch('k'), key(K::Up)], A::Up, "scroll up a line", None),
    bind(C::Summary, &[key(K::PageDown), ctrl('d'), ch(' ')], A::PageDown, "a page down", None),
    bind(C::Summary, &[key(K::PageUp), ctrl('u')], A::PageUp, "a page up", None),
    bind(C::Summary, &[ch('g'), key(K::Home)], A::Top, "back to the top", None),
    bind(C::Summary, &[ch('G'), key(K::End)], A::Bottom, "to the end", None),
    bind(C::Locked, &[key(K::Enter)], A::Unlock, "show the screen again", Some("unlock")),
];

fn matches(k: &Key, event: &KeyEvent) -> bool {
    // A capital letter arrives with SHIFT held; the table names the letter itself.
    let mods = match event.code {
        KeyCode::Char(_) | KeyCode::BackTab => event.modifiers - KeyModifiers::SHIFT,
        _ => event.modifiers,
    };
    let want = match k.code {
        KeyCode::BackTab => k.mods - KeyModifiers::SHIFT,
        _ => k.mods,
    };
    k.code == event.code && mods == want
}

/// The action bound to `event` in the first of `contexts` that binds it.
pub fn lookup(contexts: &[Context], event: &KeyEvent) -> Option<Command> {
    contexts.iter().find_map(|c| {
        BINDINGS
            .iter()
            .find(|b| b.context == *c && b.keys.iter().any(|k| matches(k, event)))
            .map(|b| b.command)
    })
}

/// The first key bound to `command` in `context`, as a key event.
pub fn key_for(context: Context, command: Command) -> Option<KeyEvent> {
    let b = BINDINGS
        .iter()
        .find(|b| b.context == context && b.command == command)?;
    let k = b.keys.first()?;
    Some(KeyEvent::new(k.code, k.mods))
}

/// The bindings of a screen, in table order, for the help screen.
pub fn bindings(contexts: &[Context]) -> impl Iterator<Item = &'static Binding> + '_ {
    contexts
        .iter()
        .flat_map(|c| BINDINGS.iter().filter(move |b| b.context == *c))
}

/// The bindings that still do something on a screen, each with only its keys no earlier
/// context has taken. On the caseload `q` quits and `Esc` clears the filter, so the global
/// "back one level" does nothing there and is left out.
fn effective(contexts: &[Context]) -> Vec<(Vec<&'static Key>, &'static Binding)> {
    let mut seen: Vec<&Key> = Vec::new();
    let mut out = Vec::new();
    for b in bindings(contexts) {
        let keys: Vec<&Key> = b.keys.iter().filter(|k| !seen.contains(k)).collect();
        seen.extend(b.keys.iter());
        if !keys.is_empty() {
            out.push((keys, b));
        }
    }
    out
}

/// What the help lists for a screen: the keys, written as `j ↓`, and what they do.
pub fn help_entries(contexts: &[Context]) -> Vec<(String, &'static Binding)> {
    effective(contexts)
        .into_iter()
        .map(|(keys, b)| {
            let names: Vec<String> = keys.into_iter().map(key_name).collect();
            (names.join(" "), b)
        })
        .collect()
}

/// `(key, hint)` pairs for the footer. A key bound in two contexts is hinted once, as the
/// first context (the one that wins) has it.
pub fn hints(contexts: &[Context]) -> Vec<(String, &'static str)> {
    effective(contexts)
        .into_iter()
        .filter_map(|(keys, b)| Some((key_name(keys.first()?), b.hint?)))
        .collect()
}

/// How a key is written on screen: `j`, `Enter`, `Ctrl-S`, `Shift-Tab`.
pub fn key_name(k: &Key) -> String {
    let base = match k.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) if k.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
            c.to_ascii_uppercase().to_string()
        }
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        other => format!("{other:?}"),
    };
    if k.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else if k.mods.contains(KeyModifiers::ALT) {
        format!("Alt-{base}")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn capital_g_with_shift_goes_to_the_bottom() {
        let e = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(&[C::List], &e), Some(A::Bottom));
    }

    #[test]
    fn shift_tab_is_previous_field() {
        let e = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(lookup(&[C::Form], &e), Some(A::PrevField));
        let e = press(KeyCode::BackTab, KeyModifiers::NONE);
        assert_eq!(lookup(&[C::Form], &e), Some(A::PrevField));
    }

    #[test]
    fn first_context_wins() {
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(lookup(&[C::Filter, C::Global], &esc), Some(A::ClearFilter));
        assert_eq!(lookup(&[C::Global], &esc), Some(A::Back));
    }

    #[test]
    fn ctrl_s_is_not_s() {
        let s = press(KeyCode::Char('s'), KeyModifiers::NONE);
        assert_eq!(lookup(&[C::Form], &s), None);
        let cs = press(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&[C::Form], &cs), Some(A::Save));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.context == b.context {
                    for k in a.keys {
                        assert!(
                            !b.keys.contains(k),
                            "{:?} bound twice in {:?}",
                            k,
                            a.context
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn key_names_read_naturally() {
        assert_eq!(key_name(&ctrl('s')), "Ctrl-S");
        assert_eq!(key_name(&ch(' ')), "Space");
        assert_eq!(key_name(&key(K::PageDown)), "PgDn");
    }
}
