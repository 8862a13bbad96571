//! The terminal: setup and restore, the sources of messages (keys, signals, the draft clock)
//! and the loop that draws only when something changed. It blocks while nothing happens.

use std::io::{self, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Instant;

use chrono::NaiveDate;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use signal_hook::consts::{SIGHUP, SIGTERM};
use signal_hook::iterator::Signals;

use crate::app::{Model, Msg, update};
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
    today: NaiveDate,
    (profile, warning): (crate::domain::profile::Profile, Option<String>),
) -> Result<(), TuiError> {
    let (tx, rx) = mpsc::channel::<Msg>();
    spawn_signals(tx.clone())?;
    let mut terminal = ratatui::try_init()?;
    crossterm::execute!(io::stdout(), EnableBracketedPaste)?;
    let size = terminal.size()?;
    let mut model = match Model::new(store, me, today, (size.width, size.height)) {
        Ok(mut m) => {
            m.profile = profile;
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
    let outcome = loop {
        if dirty {
            if let Err(e) = terminal.draw(|frame| ui::view(&model, frame)) {
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
        // Block until a key or signal, waking only for a due draft or, while the call timer
        // is on screen, the next whole second.
        let tick = model.next_tick();
        let wake = match (model.draft_due, tick) {
            (Some(d), Some(t)) => Some(d.min(t)),
            (d, t) => d.or(t),
        };
        let msg = match wake {
            Some(at) => match rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => match model.draft_due {
                    Some(d) if d <= Instant::now() => Msg::DraftDue,
                    _ => Msg::Tick,
                },
                Err(RecvTimeoutError::Disconnected) => Msg::Hangup,
            },
            None => rx.recv().unwrap_or(Msg::Hangup),
        };
        terminal_gone |= matches!(msg, Msg::Hangup);
        dirty |= update(&mut model, store, msg);
    };
    if !terminal_gone {
        restore();
    }
    outcome
}

fn restore() {
    let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    let _ = io::stdout().flush();
}

/// Keys come from their own thread so the loop can also wait on signals and the draft clock.
/// A read error means the terminal is gone: report it once and stop reading, rather than spin.
fn spawn_input(tx: mpsc::Sender<Msg>) {
    thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(Event::Key(k)) => Msg::Key(k),
                Ok(Event::Paste(s)) => Msg::Paste(s),
                Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                Ok(_) => continue,
                Err(_) => {
                    let _ = tx.send(Msg::Hangup);
                    return;
                }
            };
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
