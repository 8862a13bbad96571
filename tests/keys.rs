//! Every key the app reacts to is in the keymap table, so help and the footer can list it:
//! on each screen that is not a form, every key the table does not bind leaves the app as it was.

mod common;

use common::World;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use keyworker::app::{Model, Msg, Screen};

/// What a key could change, short of what was typed into a field.
fn state(m: &Model) -> String {
    let screen = match &m.screen {
        Screen::Caseload => "caseload".to_string(),
        Screen::Participant(p) => format!("participant {} {}", p.participant.id, p.cursor),
        Screen::Plan(p) => format!(
            "plan {} {} {}",
            p.participant.id,
            p.cursor,
            p.history.is_some()
        ),
        Screen::Editor(_) => "editor".into(),
        Screen::Contact(_) => "contact".into(),
        Screen::ContactView(v) => format!("contact view {}", v.contact.id),
        Screen::Reminders(r) => format!("reminders {} {} {}", r.cursor, r.team, r.prompt.is_some()),
        Screen::Brief(b) => format!("brief {}", b.person.participant.id),
        Screen::Outcomes(o) => format!("outcomes {}", o.participant.id),
        Screen::Directory(d) => {
            format!("directory {} {:?} {}", d.cursor, d.query, d.input.is_some())
        }
        Screen::Team(t) => format!("team {} {}", t.cursor, t.lines.len()),
    };
    let c = &m.caseload;
    format!(
        "{screen} | back {} | caseload {} {} {} {} {:?} {} {:?} {:?} | help {} quit {} locked {}",
        m.back.len(),
        c.selected,
        c.offset,
        c.team,
        c.closed,
        c.query,
        c.input.is_some(),
        c.marked,
        c.viewing,
        m.help,
        m.quit,
        m.locked
    )
}

/// Keys a worker might press: letters, digits and signs with and without Ctrl and Alt, and
/// the named keys.
fn keys() -> Vec<KeyEvent> {
    let mut out = Vec::new();
    for c in (b' '..=b'~').map(char::from) {
        let shift = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        out.push(KeyEvent::new(KeyCode::Char(c), shift));
        if c.is_ascii_lowercase() {
            out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
            out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
        }
    }
    use KeyCode::*;
    for code in [
        Enter,
        Esc,
        Tab,
        Backspace,
        Delete,
        Insert,
        Left,
        Right,
        Up,
        Down,
        Home,
        End,
        PageUp,
        PageDown,
        F(1),
        F(5),
    ] {
        out.push(KeyEvent::new(code, KeyModifiers::NONE));
    }
    out.push(KeyEvent::new(BackTab, KeyModifiers::SHIFT));
    out
}

/// Builds a world and brings it to one screen.
type Setup = fn(&mut World);

fn screens() -> Vec<(&'static str, Setup)> {
    vec![
        ("caseload", |_| {}),
        ("caseload, filtering", |w| {
            w.key('/');
        }),
        ("participant", |w| {
            w.press(KeyCode::Enter);
        }),
        ("a contact", |w| {
            w.press(KeyCode::Enter);
            w.press(KeyCode::Enter);
        }),
        ("plan", |w| {
            w.key('p');
        }),
        ("plan history", |w| {
            w.key('p');
            w.key('h');
        }),
        ("outcomes", |w| {
            w.key('o');
        }),
        ("reminders", |w| {
            w.key('r');
        }),
        ("brief", |w| {
            w.key('r');
            w.press(KeyCode::Enter);
        }),
        ("directory", |w| {
            w.key('5');
        }),
        ("directory, filtering", |w| {
            w.key('5');
            w.key('/');
        }),
        ("team", |w| {
            w.key('T');
        }),
        ("help", |w| {
            w.key('?');
        }),
        ("locked", |w| {
            w.send(Msg::Lock);
        }),
    ]
}

#[test]
fn no_key_outside_the_table_changes_anything() {
    let mut checked = 0;
    for (name, setup) in screens() {
        let mut w = World::with_demo(12);
        setup(&mut w);
        assert!(!matches!(
            w.model.screen,
            Screen::Editor(_) | Screen::Contact(_)
        ));
        let before = state(&w.model);
        for key in keys() {
            let contexts = w.model.contexts();
            if keyworker::keymap::lookup(&contexts, &key).is_some() {
                continue;
            }
            // The filter line takes typed text.
            if name.ends_with(", filtering") {
                continue;
            }
            w.send(Msg::Key(key));
            checked += 1;
            assert_eq!(
                state(&w.model),
                before,
                "{key:?} on the {name} is in no binding of {contexts:?}, yet it changed the app"
            );
        }
    }
    assert!(checked > 1000, "only {checked} keys tried");
}

#[test]
fn every_bound_key_is_listed_by_help_on_its_screen() {
    for (name, setup) in screens() {
        let mut w = World::with_demo(12);
        setup(&mut w);
        let contexts = w.model.contexts();
        let listed: Vec<_> = keyworker::keymap::bindings(&contexts).collect();
        for key in keys() {
            if let Some(command) = keyworker::keymap::lookup(&contexts, &key) {
                assert!(
                    listed.iter().any(|b| b.command == command),
                    "{key:?} on the {name} does {command:?}, which help does not list"
                );
            }
        }
    }
}
