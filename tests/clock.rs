//! One clock: today moves at midnight while the app is open, stamps and the screen agree at
//! any time of day, and nothing outside the clock reads the real date.

mod common;

use common::{World, at, today};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use keyworker::app::{Msg, Screen};

fn ymd(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// One engaged participant of mine, with no plan, and a fresh model on today's clock.
fn person(w: &mut World, name: &str) -> i64 {
    let id = w
        .store
        .add_participant(&common::person(name), today())
        .unwrap();
    w.restart();
    id
}

use common::screen;

fn alt(w: &mut World, c: char) {
    w.send(Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)));
}

#[test]
fn crossing_midnight_regroups_the_reminders_and_moves_the_header() {
    let mut w = World::empty();
    let id = person(&mut w, "Ann Lee");
    w.store
        .add_manual_reminder(id, today(), "Ring the GP surgery")
        .unwrap();
    w.store
        .add_manual_reminder(id, ymd(2026, 11, 24), "Send the CV")
        .unwrap();
    w.set_clock("2026-11-23T23:59:30+00:00");
    w.key('4');
    assert!(matches!(w.model.screen, Screen::Reminders(_)));
    let before = screen(&w);
    assert!(before.contains("Mon 23 Nov"), "{before}");
    assert!(before.contains("0 overdue, 1 today"), "{before}");
    assert!(!before.contains("late"), "{before}");

    assert!(
        w.set_clock("2026-11-24T00:00:01+00:00"),
        "a new day redraws"
    );
    assert_eq!(w.model.today, ymd(2026, 11, 24));
    let after = screen(&w);
    assert!(after.contains("Tue 24 Nov"), "{after}");
    assert!(after.contains("1 overdue, 1 today"), "{after}");
    let overdue = after.find("Overdue").expect("an Overdue group");
    let today_group = after.find("Today").expect("a Today group");
    let gp = after.find("Ring the GP surgery").unwrap();
    let cv = after.find("Send the CV").unwrap();
    assert!(
        overdue < gp && gp < today_group && today_group < cv,
        "{after}"
    );
    assert!(after.contains("1d late"), "{after}");

    // Without the timer (a machine asleep past midnight), the next key finds the new day.
    w.clock.set(at("2026-11-26T08:00:00+00:00"));
    w.press(KeyCode::Down);
    assert_eq!(w.model.today, ymd(2026, 11, 26));
    assert!(screen(&w).contains("3d late"));
}

#[test]
fn the_same_day_is_not_a_new_day() {
    let mut w = World::empty();
    person(&mut w, "Ann Lee");
    assert!(
        !w.set_clock("2026-11-23T23:59:59+00:00"),
        "nothing to redraw"
    );
    assert_eq!(w.model.today, today());
}

#[test]
fn contacts_at_one_minute_to_and_past_midnight_land_on_their_own_days() {
    let mut w = World::empty();
    let id = person(&mut w, "Ann Lee");
    w.set_clock("2026-11-23T23:59:00+00:00");
    w.key('c');
    w.typed("Late call about tomorrow's shift");
    w.ctrl('s');
    w.set_clock("2026-11-24T00:01:00+00:00");
    w.key('c');
    w.typed("Rang back after midnight");
    w.ctrl('s');
    let contacts = w.store.contacts(id, 10).unwrap();
    let days: Vec<_> = contacts
        .iter()
        .map(|c| (c.details.notes.as_str(), c.details.at.date_naive()))
        .collect();
    assert_eq!(
        days,
        [
            ("Rang back after midnight", ymd(2026, 11, 24)),
            ("Late call about tomorrow's shift", ymd(2026, 11, 23)),
        ]
    );
}

#[test]
fn a_form_opened_before_midnight_and_saved_after_keeps_the_day_of_the_call() {
    let mut w = World::empty();
    let id = person(&mut w, "Ann Lee");
    w.set_clock("2026-11-23T23:58:00+00:00");
    w.key('c');
    w.typed("Long call");
    w.set_clock("2026-11-24T00:03:00+00:00");
    w.ctrl('s');
    let contacts = w.store.contacts(id, 10).unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(
        contacts[0].details.at,
        at("2026-11-23T23:58:00+00:00"),
        "the call started before midnight"
    );
    // A new form, though, starts on the new day.
    w.key('c');
    match &w.model.screen {
        Screen::Contact(c) => assert_eq!(c.form.today, ymd(2026, 11, 24)),
        _ => panic!("contact form not open"),
    }
}

/// `n` on the caseload at `when`: the retry date it set.
fn retry_after_no_answer(when: &str) -> chrono::NaiveDate {
    let mut w = World::empty();
    let id = person(&mut w, "Ann Lee");
    w.set_clock(when);
    w.key('n');
    let contacts = w.store.contacts(id, 1).unwrap();
    assert_eq!(
        contacts[0].details.at.date_naive(),
        at(when).date_naive(),
        "stamped by the clock"
    );
    contacts[0].details.next_contact.unwrap()
}

#[test]
fn a_retry_after_no_answer_lands_on_the_next_working_day() {
    // Friday and Saturday: Monday.
    assert_eq!(
        retry_after_no_answer("2026-11-27T16:30:00+00:00"),
        ymd(2026, 11, 30)
    );
    assert_eq!(
        retry_after_no_answer("2026-11-28T11:00:00+00:00"),
        ymd(2026, 11, 30)
    );
    // Christmas Eve: past Christmas Day and the Boxing Day holiday (Monday 28th).
    assert_eq!(
        retry_after_no_answer("2026-12-24T12:00:00+00:00"),
        ymd(2026, 12, 29)
    );
    // Maundy Thursday 2027: past Good Friday, the weekend and Easter Monday.
    assert_eq!(
        retry_after_no_answer("2027-03-25T10:00:00+00:00"),
        ymd(2027, 3, 30)
    );
    // Just before midnight on a Tuesday: Wednesday, not Thursday.
    assert_eq!(
        retry_after_no_answer("2026-11-24T23:59:00+00:00"),
        ymd(2026, 11, 25)
    );
}

#[test]
fn three_missed_attempts_are_flagged_and_cleared_at_any_time_of_day() {
    // Four moments a minute apart: three attempts, then the call that gets through. Across
    // midnight, and across both clock changes, where local times step forward and back.
    for moments in [
        [
            "2026-11-23T00:00:00+00:00",
            "2026-11-23T00:01:00+00:00",
            "2026-11-23T00:02:00+00:00",
            "2026-11-23T00:03:00+00:00",
        ],
        [
            "2026-11-23T09:00:00+00:00",
            "2026-11-23T09:01:00+00:00",
            "2026-11-23T09:02:00+00:00",
            "2026-11-23T09:03:00+00:00",
        ],
        [
            "2026-11-23T23:58:00+00:00",
            "2026-11-23T23:59:00+00:00",
            "2026-11-24T00:00:00+00:00",
            "2026-11-24T00:01:00+00:00",
        ],
        [
            "2027-03-28T00:58:00+00:00",
            "2027-03-28T00:59:00+00:00",
            "2027-03-28T02:00:00+01:00",
            "2027-03-28T02:01:00+01:00",
        ],
        [
            "2027-10-31T01:58:00+01:00",
            "2027-10-31T01:59:00+01:00",
            "2027-10-31T01:00:00+00:00",
            "2027-10-31T01:01:00+00:00",
        ],
    ] {
        let mut w = World::empty();
        let id = person(&mut w, "Ann Lee");
        w.set_clock(moments[0]);
        w.key('n');
        w.set_clock(moments[1]);
        w.key('c');
        alt(&mut w, 'l');
        w.set_clock(moments[2]);
        w.key('c');
        // Not Alt-D: did not attend is for a booked appointment.
        alt(&mut w, 'n');
        let start = moments[0];
        assert_eq!(w.model.caseload.rows[0].failed_attempts, 3, "from {start}");
        assert!(screen(&w).contains("! 3 missed"), "from {start}");
        w.set_clock(moments[3]);
        w.key('c');
        w.typed("Got through at last");
        w.ctrl('s');
        assert_eq!(w.model.caseload.rows[0].failed_attempts, 0, "from {start}");
        let newest = &w.store.contacts(id, 1).unwrap()[0];
        assert_eq!(newest.details.notes, "Got through at last", "from {start}");
        assert_eq!(newest.details.at, at(moments[3]), "from {start}");
    }
}

#[test]
fn nothing_outside_the_clock_reads_the_real_date_or_time() {
    // Built from pieces so this file does not match itself.
    let reads: Vec<String> = ["Local", "Utc", "SystemTime", "OffsetDateTime", "Zoned"]
        .iter()
        .flat_map(|t| [format!("{t}::{}", "now("), format!("{t}::{}", "today(")])
        .collect();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let allowed = root.join("src/domain/clock.rs");
    let mut found = Vec::new();
    let mut checked = 0;
    let mut dirs = vec![root.join("src"), root.join("tests"), root.join("benches")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && path != allowed {
                checked += 1;
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, l) in text.lines().enumerate() {
                    if reads.iter().any(|r| l.contains(r.as_str())) {
                        found.push(format!("{}:{}: {}", path.display(), n + 1, l.trim()));
                    }
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} files found: wrong directory?");
    assert!(
        found.is_empty(),
        "read the time through Clock:\n{}",
        found.join("\n")
    );
}
