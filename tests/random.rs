//! Random use of the app: sequences of keys, pastes, resizes, ticks, the draft clock, midnight
//! and a hang-up, from every screen. Nothing panics, every frame draws, and whatever was typed
//! into a form is, after the hang-up, in a draft.

mod common;

use common::World;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use keyworker::app::{Msg, Screen};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    Key(KeyCode, KeyModifiers),
    Paste(String),
    Resize(u16, u16),
    Tick,
    DraftDue,
    Midnight,
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        proptest::char::range(' ', '~').prop_map(KeyCode::Char),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Backspace),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::PageDown),
        Just(KeyCode::Home),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        20 => (key_code(), prop_oneof![
            8 => Just(KeyModifiers::NONE),
            1 => Just(KeyModifiers::ALT),
            // Never Ctrl-C: it quits, which ends the walk too soon to learn much.
            1 => Just(KeyModifiers::SHIFT),
        ])
            .prop_map(|(c, m)| Step::Key(c, m)),
        1 => "[ -~\u{1b}\u{202e}\n]{0,30}".prop_map(Step::Paste),
        1 => (1u16..200, 1u16..60).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => Just(Step::Tick),
        1 => Just(Step::DraftDue),
        1 => Just(Step::Midnight),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_use_never_panics_and_typed_text_is_kept(
        steps in proptest::collection::vec(step(), 1..80)
    ) {
        let mut w = World::with_demo(6);
        let (mut width, mut height) = (80u16, 24u16);
        for s in steps {
            match s {
                Step::Key(code, mods) => w.send(Msg::Key(KeyEvent::new(code, mods))),
                Step::Paste(text) => w.send(Msg::Paste(text)),
                Step::Resize(cols, rows) => {
                    (width, height) = (cols, rows);
                    w.send(Msg::Resize(cols, rows))
                }
                Step::Tick => w.send(Msg::Tick),
                Step::DraftDue => w.send(Msg::DraftDue),
                Step::Midnight => w.send(Msg::Midnight),
            };
            if w.model.quit {
                return Ok(());
            }
            common::draw(&w, width, height);
        }
        // What the form on screen holds now, if anything was typed into it.
        let typed = |f: &keyworker::app::fields::Fields| f.unsaved || f.drafted;
        let open = match &w.model.screen {
            Screen::Editor(e) if typed(&e.form) => Some((e.draft_key(), e.form.values())),
            Screen::Contact(c) if typed(&c.form) => Some((c.draft_key(), c.form.values())),
            _ => None,
        };
        w.send(Msg::Hangup);
        prop_assert!(w.model.quit);
        if let Some((key, values)) = open {
            let body = w.store.draft(&key).unwrap();
            prop_assert!(body.is_some(), "nothing kept for {key}");
            let draft: serde_json::Value = serde_json::from_str(&body.unwrap()).unwrap();
            for (k, v) in values {
                prop_assert_eq!(draft["values"][&k].as_str(), Some(v.as_str()), "{}", k);
            }
        }
    }
}
