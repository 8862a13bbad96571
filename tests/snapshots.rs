//! Every screen drawn on `TestBackend` and kept as a reviewable snapshot, at 80x24 and at a
//! tiny and a wide size.

mod common;

use common::{World, draw};
use crossterm::event::KeyCode;
use ratatui::style::Modifier;

fn resized(mut w: World, width: u16, height: u16) -> World {
    w.send(keyworker::app::Msg::Resize(width, height));
    w
}

#[test]
fn caseload_80x24() {
    let w = World::with_demo(60);
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn caseload_team_wide_160x40() {
    let mut w = resized(World::with_demo(60), 160, 40);
    w.key('t');
    insta::assert_snapshot!(draw(&w, 160, 40).backend());
}

#[test]
fn caseload_smallest_40x10() {
    let w = resized(World::with_demo(60), 40, 10);
    insta::assert_snapshot!(draw(&w, 40, 10).backend());
}

#[test]
fn too_small_30x8() {
    let w = resized(World::with_demo(5), 30, 8);
    insta::assert_snapshot!(draw(&w, 30, 8).backend());
}

#[test]
fn empty_caseload_says_how_to_start() {
    let w = World::empty();
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn caseload_filtered() {
    let mut w = World::with_demo(60);
    w.key('/');
    w.typed("ja");
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn filter_highlights_matched_letters() {
    let mut w = World::with_demo(60);
    w.key('/');
    w.typed("ja");
    let t = draw(&w, 80, 24);
    let buf = t.backend().buffer();
    // Row 3 is the first match (header, filter line, column titles above it).
    let marked = (0..30).any(|x| buf[(x, 3)].modifier.contains(Modifier::UNDERLINED));
    assert!(marked, "matched letters are underlined");
}

#[test]
fn selection_is_reverse_video_not_colour_alone() {
    let mut w = World::with_demo(60);
    w.key('j');
    let t = draw(&w, 80, 24);
    let buf = t.backend().buffer();
    assert!(
        buf[(1, 3)].modifier.contains(Modifier::REVERSED),
        "second row selected"
    );
    assert!(!buf[(1, 2)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn participant_80x24() {
    let mut w = World::with_demo(60);
    w.key('j');
    w.press(KeyCode::Enter);
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn participant_narrow_50x20() {
    let mut w = resized(World::with_demo(60), 50, 20);
    w.key('j');
    w.press(KeyCode::Enter);
    insta::assert_snapshot!(draw(&w, 50, 20).backend());
}

#[test]
fn add_form_80x24() {
    let mut w = World::with_demo(3);
    w.key('a');
    w.typed("Jane Doe");
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn form_with_errors_80x24() {
    let mut w = World::with_demo(3);
    w.key('a');
    w.tab(2);
    w.typed("07700 9OO123");
    w.tab(1);
    w.typed("jane");
    w.tab(3);
    w.typed("soon");
    w.ctrl('s');
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn form_barriers_with_note_80x24() {
    let mut w = World::with_demo(3);
    w.key('a');
    w.typed("Jane Doe");
    w.tab(8);
    w.key(' ');
    w.key('j');
    w.key('n');
    w.typed("Knee surgery in May");
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn edit_form_wide_160x40() {
    let mut w = resized(World::with_demo(3), 160, 40);
    w.key('e');
    insta::assert_snapshot!(draw(&w, 160, 40).backend());
}

#[test]
fn help_on_the_caseload_80x24() {
    let mut w = World::with_demo(60);
    w.key('?');
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn help_on_the_caseload_scrolled_to_its_end_80x24() {
    let mut w = World::with_demo(60);
    w.key('?');
    w.key('G');
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn help_on_a_tiny_screen_40x12() {
    let mut w = resized(World::with_demo(60), 40, 12);
    w.key('?');
    w.press(crossterm::event::KeyCode::PageDown);
    insta::assert_snapshot!(draw(&w, 40, 12).backend());
}

#[test]
fn directory_with_a_closed_service_80x24() {
    let mut w = World::with_demo(3);
    w.store
        .add_partners(&keyworker::cli::demo::partners())
        .unwrap();
    let mut p = w.store.partners().unwrap().remove(0);
    p.details.closed_on = Some(common::today() - chrono::Days::new(7));
    w.store.save_partner(p.id, p.version, &p.details).unwrap();
    w.key('5');
    w.key('G');
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn help_in_the_form_lists_form_keys() {
    let mut w = World::with_demo(3);
    w.key('a');
    w.tab(8);
    w.key('?');
    let t = draw(&w, 80, 24);
    let screen = format!("{}", t.backend());
    for want in [
        "Ctrl-S",
        "Shift-Tab",
        "tick or untick the option",
        "write a note",
    ] {
        assert!(screen.contains(want), "help lists {want}");
    }
}

/// Every size from 1x1 to 300x100 draws without a panic, on every screen.
#[test]
fn no_size_panics() {
    let mut w = World::with_demo(40);
    let screens: [&dyn Fn(&mut World); 9] = [
        &|_| {},
        &|w| {
            w.key('p');
        },
        &|w| {
            w.key('p');
            w.key('e');
        },
        &|w| {
            w.key('c');
        },
        &|w| {
            w.key('4');
            w.key('z');
        },
        &|w| {
            w.key('4');
            w.press(KeyCode::Enter);
        },
        &|w| {
            w.press(KeyCode::Enter);
        },
        &|w| {
            w.key('e');
            w.tab(8);
            w.key('n');
        },
        &|w| {
            w.key('?');
        },
    ];
    for open in screens {
        w.restart();
        open(&mut w);
        for width in (1..=300).step_by(23).chain([2, 39, 40, 41, 80, 300]) {
            for height in (1..=100).step_by(11).chain([2, 9, 10, 11, 24, 100]) {
                w.send(keyworker::app::Msg::Resize(width, height));
                draw(&w, width, height);
            }
        }
    }
}

/// The README documents every key the keymap binds, by the same words.
#[test]
fn readme_lists_every_key() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for b in keyworker::keymap::BINDINGS {
        assert!(
            readme.contains(b.label),
            "README does not mention {:?}",
            b.label
        );
    }
}
