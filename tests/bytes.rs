//! Bytes sent to a real terminal (the crossterm backend, counted), since over SSH every byte is
//! a wait: a typed letter, a move, a repaint, and an event that changes nothing.

mod common;

use common::{Capture, World};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use keyworker::app::{Msg, update};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

struct Screen {
    term: Terminal<CrosstermBackend<keyworker::lean::Lean<Capture>>>,
    out: Capture,
}

impl Screen {
    fn new(w: &World) -> Self {
        let (mut term, out) = common::crossterm_terminal(80, 24);
        term.draw(|f| keyworker::ui::view(&w.model, f)).unwrap();
        out.take();
        Self { term, out }
    }

    /// What the app's loop does with one message: update, and draw only if it changed
    /// something. Returns the bytes written.
    fn step(&mut self, w: &mut World, msg: Msg) -> usize {
        if update(&mut w.model, &mut w.store, msg) {
            self.term
                .draw(|f| keyworker::ui::view(&w.model, f))
                .unwrap();
        }
        self.out.take().len()
    }

    fn key(&mut self, w: &mut World, code: KeyCode) -> usize {
        self.step(w, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }
}

#[test]
fn a_full_repaint_at_80x24_is_under_4_kb() {
    let mut w = World::with_demo(60);
    w.model.color = true;
    let (mut term, out) = common::crossterm_terminal(80, 24);
    term.draw(|f| keyworker::ui::view(&w.model, f)).unwrap();
    let n = out.take().len();
    assert!(n > 1000, "the caseload was drawn ({n} bytes)");
    assert!(n < 4096, "full caseload repaint: {n} bytes");
}

#[test]
fn moving_the_selection_sends_at_most_150_bytes() {
    for color in [false, true] {
        moving_costs_at_most_150(color);
    }
}

fn moving_costs_at_most_150(color: bool) {
    let mut w = World::with_demo(60);
    w.model.color = color;
    let mut s = Screen::new(&w);
    // The whole team: one more column, and colleagues' rows.
    let n = s.key(&mut w, KeyCode::Char('t'));
    assert!(n < 4096, "switching to the team: {n} bytes");
    for _ in 0..20 {
        let n = s.key(&mut w, KeyCode::Char('j'));
        assert!(n > 0 && n <= 150, "moving down: {n} bytes");
    }
    let n = s.key(&mut w, KeyCode::Char('k'));
    assert!(n > 0 && n <= 150, "moving up: {n} bytes");
}

#[test]
fn a_typed_letter_in_the_notes_sends_at_most_50_bytes() {
    let mut w = World::with_demo(60);
    w.model.color = true;
    let mut s = Screen::new(&w);
    let opened = s.key(&mut w, KeyCode::Char('c'));
    assert!(opened < 4096, "opening the contact form: {opened} bytes");
    // Longer than the field is wide, as a note said during a call is: it wraps rather than
    // scrolling the whole line sideways with each letter.
    let note = "Rang about the rota. All fine, the new shift pattern suits her and the \
                childcare is sorted until the summer";
    for (i, c) in note.chars().enumerate() {
        let n = s.key(&mut w, KeyCode::Char(c));
        assert!(n > 0 && n <= 50, "typing {c:?}, letter {i}: {n} bytes");
    }
    let n = s.key(&mut w, KeyCode::Backspace);
    assert!(n > 0 && n <= 50, "backspace: {n} bytes");
    let screen = common::screen(&w);
    assert!(
        screen.contains("Rang about the rota") && screen.contains("until the summe"),
        "the whole note is in sight:\n{screen}"
    );
}

#[test]
fn an_event_that_changes_nothing_sends_nothing() {
    let mut w = World::with_demo(60);
    let mut s = Screen::new(&w);
    // A key bound to nothing on the caseload, a release, moving up at the top.
    assert_eq!(s.key(&mut w, KeyCode::Char('Z')), 0);
    assert_eq!(s.key(&mut w, KeyCode::F(5)), 0);
    assert_eq!(s.key(&mut w, KeyCode::Char('k')), 0);
    let release = KeyEvent {
        kind: crossterm::event::KeyEventKind::Release,
        ..KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)
    };
    assert_eq!(s.step(&mut w, Msg::Key(release)), 0);
    // The draft clock firing with nothing typed.
    assert_eq!(s.step(&mut w, Msg::DraftDue), 0);
}

#[test]
fn the_highlighted_row_keeps_its_overdue_colour() {
    let mut w = World::with_demo(60);
    w.model.color = true;
    // Down the list to the first person whose next contact is overdue.
    let late = |w: &World| {
        w.model
            .caseload
            .selected_row()
            .and_then(|r| r.next_due)
            .is_some_and(|d| d < common::today())
    };
    while !late(&w) {
        assert!(w.key('j'), "nobody in the demo is overdue");
    }
    let t = common::draw(&w, 80, 24);
    let buf = t.backend().buffer();
    // The selected row is the first list row plus the selection's place on screen.
    let c = &w.model.caseload;
    let y = 2 + (c.selected - c.offset) as u16;
    let row: String = (0..80).map(|x| buf[(x, y)].symbol()).collect();
    let at = (0..76u16)
        .find(|&x| (0..4).map(|i| buf[(x + i, y)].symbol()).collect::<String>() == "late")
        .expect("the row says late");
    assert_eq!(buf[(at, y)].fg, ratatui::style::Color::Red, "{row}");
    // And the name is what shows the selection.
    assert!(
        buf[(0, y)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED),
        "{row}"
    );
}
