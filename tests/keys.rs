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
            "plan {} {} {} {}",
            p.participant.id,
            p.cursor,
            p.history.is_some(),
            p.history_top
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
        Screen::Summary(s) => format!("summary {} {}", s.referral_id, s.top),
    };
    let c = &m.caseload;
    format!(
        "{screen} | back {} | caseload {} {} {} {} {:?} {} {:?} {:?} | help {} {} quit {} locked {}",
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
        m.help_top,
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
        let listed = keyworker::keymap::help_entries(&contexts);
        for key in keys() {
            if let Some(command) = keyworker::keymap::lookup(&contexts, &key) {
                assert!(
                    listed.iter().any(|(_, b)| b.command == command),
                    "{key:?} on the {name} does {command:?}, which help does not list"
                );
            }
        }
    }
}

/// The help as drawn at 80x24, scrolled from its top to its end a line at a time: all it shows.
fn help_read_through(w: &mut World) -> String {
    let mut seen = common::screen(w);
    for _ in 0..200 {
        if !w.key('j') {
            break;
        }
        seen.push_str(&common::screen(w));
    }
    seen
}

#[test]
fn every_key_of_a_screen_can_be_read_whole_in_its_help_at_80x24() {
    let mut read = 0;
    for (name, setup) in screens() {
        let mut w = World::with_demo(12);
        setup(&mut w);
        // `?` is typed into a filter; the locked screen takes only its own key; over the
        // help it closes it.
        if name.ends_with(", filtering") || ["help", "locked"].contains(&name) {
            continue;
        }
        w.key('?');
        assert!(w.model.help, "? on the {name} opens the help");
        let seen = help_read_through(&mut w);
        for (keys, b) in keyworker::app::help::entries(&w.model) {
            assert!(
                seen.lines()
                    .any(|l| l.contains(&keys) && l.contains(b.label)),
                "the help on the {name} does not show `{keys}  {}` whole at 80x24",
                b.label
            );
        }
        assert!(seen.contains(keyworker::strings::HELP_CLOSE), "{name}");
        read += 1;
    }
    assert_eq!(read, 10, "help read on {read} screens");
}

#[test]
fn help_longer_than_the_screen_scrolls_and_stops_at_its_ends() {
    use keyworker::app::help;
    let mut w = World::with_demo(12);
    w.key('?');
    assert!(w.model.help);
    assert_eq!(w.model.help_top, 0);
    assert!(!w.key('k'), "nothing above the top");
    let n = help::entries(&w.model).len();
    // 24 rows less the header, the footer and the box's borders.
    let last = help::last_top(n, 22);
    assert_eq!(last, n + 2 - 20);
    assert!(last > 0, "the caseload has more keys than 80x24 shows");
    assert!(w.key('G'));
    assert_eq!(w.model.help_top, last);
    assert!(common::screen(&w).contains(keyworker::strings::HELP_CLOSE));
    assert!(!w.key('j'), "nothing below the end");
    assert_eq!(w.model.help_top, last);
    assert!(w.key('g'));
    assert_eq!(w.model.help_top, 0);
    w.press(KeyCode::PageDown);
    assert_eq!(w.model.help_top, 19.min(last));
    w.press(KeyCode::PageUp);
    assert_eq!(w.model.help_top, 0);
    w.press(KeyCode::Down);
    assert_eq!(w.model.help_top, 1);
    // Closed and opened again, it starts at the top.
    w.press(KeyCode::Esc);
    assert!(!w.model.help);
    w.key('?');
    assert_eq!(w.model.help_top, 0);
    // On a screen tall enough for all of it, there is nothing to scroll.
    w.send(Msg::Resize(80, 60));
    assert!(!w.key('G'));
    assert_eq!(w.model.help_top, 0);
    assert!(!common::screen_at(&w, 80, 60).contains("more"));
}

#[test]
fn help_leaves_out_a_global_key_the_screen_has_taken_for_itself() {
    use keyworker::app::help;
    use keyworker::keymap::Command;
    let mut w = World::with_demo(12);
    w.key('?');
    let listed: Vec<Command> = help::entries(&w.model)
        .iter()
        .map(|(_, b)| b.command)
        .collect();
    // On the caseload `q` quits and `Esc` clears the filter: "back one level" does nothing.
    assert!(listed.contains(&Command::Quit));
    assert!(listed.contains(&Command::ClearFilter));
    assert!(!listed.contains(&Command::Back));
    w.press(KeyCode::Esc);
    w.press(KeyCode::Enter);
    w.key('?');
    let back: Vec<String> = help::entries(&w.model)
        .into_iter()
        .filter(|(_, b)| b.command == Command::Back)
        .map(|(keys, _)| keys)
        .collect();
    assert_eq!(back, ["q Esc"], "on a participant, q and Esc go back");
}

#[test]
fn the_footer_keeps_help_in_sight_at_80_columns_on_every_screen() {
    for (name, setup) in screens() {
        let mut w = World::with_demo(12);
        setup(&mut w);
        let contexts = w.model.contexts();
        let hinted = keyworker::keymap::hints(&contexts)
            .iter()
            .any(|(_, h)| *h == "help");
        if !hinted {
            continue;
        }
        let shown = common::screen(&w);
        let footer = shown.lines().last().unwrap_or_default();
        assert!(footer.contains("? help"), "the {name}'s footer: {footer}");
    }
}
