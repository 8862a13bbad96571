//! The terminal: setup and restore, the sources of messages (keys, signals, the draft clock)
//! and the loop that draws only when something changed. It blocks while nothing happens.

use std::io::{self, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Instant;

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::Signals;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{Model, Msg, update};
use crate::lean::Lean;
use crate::store::{Store, StoreError};
use crate::ui;

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("the terminal could not be used: {0}")]
    Io(#[from] io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Runs the app until the worker quits or the terminal goes away.
pub fn run(
    store: &mut Store,
    me: &str,
    (profile, warning): (crate::domain::profile::Profile, Option<String>),
) -> Result<(), TuiError> {
    let (tx, rx) = mpsc::channel::<Msg>();
    spawn_signals(tx.clone())?;
    let mut terminal = init()?;
    // ratatui's hook prints the panic's message, which could quote a participant's record;
    // on a shared machine only where it happened is printed.
    std::panic::set_hook(Box::new(|info| {
        restore();
        let place = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!("{}", crate::strings::crashed(&place));
    }));
    crossterm::execute!(io::stdout(), EnableBracketedPaste)?;
    let size = terminal.size()?;
    // Drafts kept outside the database last time (it would not take them) go back in first,
    // so the form they belong to reopens as any interrupted one does.
    let fallback = crate::data_dir().map(|d| d.join("unsaved"));
    let brought_back = match &fallback {
        Some(dir) => crate::store::fallback::restore(store, dir).unwrap_or(0),
        None => 0,
    };
    let mut model = match Model::new(store, me, (size.width, size.height)) {
        Ok(mut m) => {
            m.profile = profile;
            m.fallback = fallback;
            if brought_back > 0 && m.status.is_none() {
                m.status = Some(crate::app::Status {
                    text: crate::strings::brought_back(brought_back),
                    error: false,
                });
            }
            if let Some(w) = warning {
                m.status = Some(crate::app::Status {
                    text: w,
                    error: true,
                });
            }
            m
        }
        Err(e) => {
            restore();
            return Err(e.into());
        }
    };
    spawn_input(tx);

    let mut dirty = true;
    let mut terminal_gone = false;
    // None until the first frame, which repaints everything.
    let mut shown: Option<Shown> = None;
    let outcome = loop {
        if dirty {
            // A new screen, a resize or the help going up or down repaints much of the
            // terminal: wrapped in synchronized output (mode 2026) it appears at once instead
            // of tearing over a slow link. Small changes (a typed letter) go without, as
            // every byte counts over SSH; terminals without the mode ignore it.
            let now = Some(Shown::of(&model));
            let big = now != shown;
            shown = now;
            let drawn = (|| -> io::Result<()> {
                if big {
                    crossterm::queue!(io::stdout(), BeginSynchronizedUpdate)?;
                }
                terminal.draw(|frame| ui::view(&model, frame))?;
                if big {
                    crossterm::execute!(io::stdout(), EndSynchronizedUpdate)?;
                }
                Ok(())
            })();
            if let Err(e) = drawn {
                // A write to a dead terminal: keep the drafts, then stop without touching it.
                update(&mut model, store, Msg::Hangup);
                terminal_gone = true;
                break Err(e.into());
            }
            dirty = false;
        }
        if model.quit {
            break Ok(());
        }
        // Block until a key or signal, waking only for a due draft, the idle lock, local
        // midnight or, while the call timer is on screen, the next whole second.
        let midnight = Instant::now() + store.clock().until_tomorrow();
        let wake = [
            model.draft_due,
            model.lock_at(),
            model.next_tick(),
            Some(midnight),
        ]
        .into_iter()
        .flatten()
        .min();
        let msg = match wake {
            Some(at) => match rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => {
                    let now = Instant::now();
                    if model.lock_at().is_some_and(|l| l <= now) {
                        Msg::Lock
                    } else if model.draft_due.is_some_and(|d| d <= now) {
                        Msg::DraftDue
                    } else if midnight <= now {
                        Msg::Midnight
                    } else {
                        Msg::Tick
                    }
                }
                Err(RecvTimeoutError::Disconnected) => Msg::Hangup,
            },
            None => rx.recv().unwrap_or(Msg::Hangup),
        };
        terminal_gone |= matches!(msg, Msg::Hangup);
        dirty |= update(&mut model, store, msg);
        // Whatever else is already waiting (a burst of resizes while a window is dragged, a
        // fast typist over a laggy link) is applied before drawing, so it costs one frame.
        while !model.quit {
            let Ok(msg) = rx.try_recv() else { break };
            terminal_gone |= matches!(msg, Msg::Hangup);
            dirty |= update(&mut model, store, msg);
        }
    };
    if !terminal_gone {
        restore();
    }
    outcome
}

/// What decides whether a frame repaints most of the terminal.
#[derive(PartialEq, Eq)]
struct Shown {
    screen: std::mem::Discriminant<crate::app::Screen>,
    size: (u16, u16),
    help: bool,
    locked: bool,
}

impl Shown {
    fn of(m: &Model) -> Self {
        Self {
            screen: std::mem::discriminant(&m.screen),
            size: (m.width, m.height),
            help: m.help,
            locked: m.locked,
        }
    }
}

/// Raw mode, the alternate screen, and a terminal that writes through `Lean`.
fn init() -> io::Result<Terminal<CrosstermBackend<Lean<io::Stdout>>>> {
    crossterm::terminal::enable_raw_mode()?;
    if let Err(e) = crossterm::execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen) {
        let _ = crossterm::terminal::disable_raw_mode();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(Lean::new(io::stdout())))
}

fn restore() {
    let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste, crossterm::cursor::Show);
    ratatui::restore();
    let _ = io::stdout().flush();
}

/// Keys come from their own thread so the loop can also wait on signals and the draft clock.
/// A read error means the terminal is gone: report it once and stop reading, rather than spin.
fn spawn_input(tx: mpsc::Sender<Msg>) {
    thread::spawn(move || {
        // A terminal that has gone away can make the reader return empty events without
        // end; so many in a row with nothing a person could have sent means it is gone.
        let mut idle_events = 0u32;
        loop {
            let msg = match event::read() {
                Ok(Event::Key(k)) => Msg::Key(k),
                Ok(Event::Paste(s)) => Msg::Paste(s),
                Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                Ok(_) if idle_events > 10_000 => {
                    let _ = tx.send(Msg::Hangup);
                    return;
                }
                Ok(_) => {
                    idle_events += 1;
                    continue;
                }
                Err(_) => {
                    let _ = tx.send(Msg::Hangup);
                    return;
                }
            };
            idle_events = 0;
            if tx.send(msg).is_err() {
                return;
            }
        }
    });
}

/// SIGHUP (the SSH link dropped) and SIGTERM: save drafts and leave.
fn spawn_signals(tx: mpsc::Sender<Msg>) -> io::Result<()> {
    let mut signals = Signals::new([SIGHUP, SIGTERM])?;
    thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let _ = tx.send(if sig == SIGTERM {
                Msg::Terminate
            } else {
                Msg::Hangup
            });
        }
    });
    Ok(())
}
