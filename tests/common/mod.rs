//! Helpers shared by the test files: a store in a temp dir on a fake clock, a model with a
//! fixed date and worker, and key presses. Nothing here reads the real date or time.
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

use keyworker::app::{Model, Msg, update};
use keyworker::cli::demo::Generator;
use keyworker::domain::clock::Clock;
use keyworker::store::Store;

pub mod term;

pub const ME: &str = "sam";

/// Monday 23 November 2026, the day every test world starts on.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// An engaged participant of mine called `name`, referred today, with a phone and nothing else:
/// the plain person most tests start from.
pub fn person(name: &str) -> keyworker::domain::ParticipantDetails {
    keyworker::domain::ParticipantDetails {
        name: name.into(),
        preferred_name: String::new(),
        phone: "07700 900123".into(),
        email: String::new(),
        postcode: String::new(),
        referral_route: keyworker::domain::ReferralRoute::JobcentrePlus,
        referral_date: Some(today()),
        stage: keyworker::domain::Stage::Engaged,
        barriers: vec![],
        key_worker: ME.into(),
        availability: Default::default(),
    }
}

/// `person`, on the caseload of whoever runs the tests: for the real binary, which acts as
/// the login name.
pub fn of_mine(name: &str) -> keyworker::domain::ParticipantDetails {
    keyworker::domain::ParticipantDetails {
        key_worker: keyworker::login_name(),
        ..person(name)
    }
}

/// A completed five-minute phone call now, with `notes` and no next contact agreed.
pub fn phone_call(notes: &str) -> keyworker::domain::contact::ContactDetails {
    use keyworker::domain::contact::{ContactChannel, ContactDetails, Outcome, With};
    ContactDetails {
        at: clock().now(),
        channel: ContactChannel::Phone,
        with: With::Participant,
        outcome: Outcome::Completed,
        duration_minutes: Some(5),
        notes: notes.into(),
        in_work: None,
        next_contact: None,
    }
}

/// A moment, written as RFC 3339.
pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// A fake clock at 10:00 on `today()`, in winter time; tests move it by hand.
pub fn clock() -> Clock {
    Clock::fake(at("2026-11-23T10:00:00+00:00"))
}

pub struct World {
    /// The world's clock: the store stamps with it and the model takes today from it.
    pub clock: Clock,
    pub dir: TempDir,
    pub store: Store,
    pub model: Model,
}

impl World {
    pub fn empty() -> Self {
        Self::with_demo(0)
    }

    /// A store with `n` demo participants (seed 7) and a model on an 80x24 screen.
    pub fn with_demo(n: u64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let clock = clock();
        let mut store = Store::open(&dir.path().join("kw.db"), ME, clock.clone()).unwrap();
        if n > 0 {
            store
                .add_employers(&keyworker::cli::demo::employers())
                .unwrap();
            let mut g = Generator::new(7, ME, today());
            store
                .add_participants((0..n).map(|i| g.participant(i)), |_| {})
                .unwrap();
        }
        let mut model = Model::new(&mut store, ME, (80, 24)).unwrap();
        model.color = false;
        // Most tests are about the caseload; the start on the reminders pane is tested apart.
        model.screen = keyworker::app::Screen::Caseload;
        model.status = None;
        Self {
            clock,
            dir,
            store,
            model,
        }
    }

    pub fn db_path(&self) -> std::path::PathBuf {
        self.dir.path().join("kw.db")
    }

    pub fn send(&mut self, msg: Msg) -> bool {
        update(&mut self.model, &mut self.store, msg)
    }

    pub fn press(&mut self, code: KeyCode) -> bool {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    pub fn ctrl(&mut self, c: char) -> bool {
        self.send(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )))
    }

    pub fn key(&mut self, c: char) -> bool {
        let mods = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        self.send(Msg::Key(KeyEvent::new(KeyCode::Char(c), mods)))
    }

    pub fn typed(&mut self, s: &str) {
        for c in s.chars() {
            self.key(c);
        }
    }

    pub fn tab(&mut self, n: usize) {
        for _ in 0..n {
            self.press(KeyCode::Tab);
        }
    }

    /// Moves the world's clock to `at` and tells the app, as the midnight timer would.
    pub fn set_clock(&mut self, to: &str) -> bool {
        self.clock.set(at(to));
        self.send(Msg::Midnight)
    }

    /// A fresh model on the same store, as after quitting and starting again.
    pub fn restart(&mut self) {
        self.model = Model::new(&mut self.store, ME, (80, 24)).unwrap();
        self.model.color = false;
        self.model.screen = keyworker::app::Screen::Caseload;
    }

    /// The name of the participant selected on the caseload.
    pub fn selected_name(&self) -> String {
        self.model
            .caseload
            .selected_row()
            .map(|r| r.text.name().to_string())
            .unwrap_or_default()
    }

    pub fn names(&self) -> Vec<String> {
        let c = &self.model.caseload;
        c.shown
            .iter()
            .map(|&i| c.rows[i as usize].text.name().to_string())
            .collect()
    }
}

/// Draws the model on a test terminal of the given size.
pub fn draw(
    w: &World,
    width: u16,
    height: u16,
) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    t.draw(|f| keyworker::ui::view(&w.model, f)).unwrap();
    t
}

/// The screen as text, at 80x24.
pub fn screen(w: &World) -> String {
    screen_at(w, 80, 24)
}

/// The screen as text, at a given size.
pub fn screen_at(w: &World, width: u16, height: u16) -> String {
    format!("{}", draw(w, width, height).backend())
}

/// A writer that keeps what is written, for reading the bytes a real terminal backend sends.
#[derive(Clone, Default)]
pub struct Capture(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    /// Takes what was written so far.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// A terminal drawing as the app does (the crossterm backend through `Lean`) into `Capture`.
pub fn crossterm_terminal(
    width: u16,
    height: u16,
) -> (
    ratatui::Terminal<ratatui::backend::CrosstermBackend<keyworker::lean::Lean<Capture>>>,
    Capture,
) {
    let capture = Capture::default();
    let t = ratatui::Terminal::with_options(
        ratatui::backend::CrosstermBackend::new(keyworker::lean::Lean::new(capture.clone())),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, width, height)),
        },
    )
    .unwrap();
    (t, capture)
}
