//! A colleague's save brings in only the lines it changed: the file counts each changed line
//! (by triggers, whoever writes), a second connection reads just those, and the app puts
//! them in place (a renamed or new person where their name now sorts) so that its list is
//! the one a whole read would give.

mod common;

use common::{ME, World, clock, person, today};
use crossterm::event::KeyCode;
use keyworker::domain::contact::ContactDetails;
use keyworker::domain::draft::DraftKey;
use keyworker::domain::plan::Plan;
use keyworker::store::{LinesSince, Scope, Store};

fn colleague(w: &World) -> Store {
    Store::open(&w.db_path(), "jo", clock()).unwrap()
}

fn call() -> ContactDetails {
    common::phone_call("Rang about the rota")
}

/// The lines changed since `mark`, and the new mark.
fn since(s: &Store, mark: keyworker::store::LineMark) -> (LinesSince, keyworker::store::LineMark) {
    s.lines_since(mark, 500).unwrap()
}

#[test]
fn each_kind_of_change_a_colleague_saves_names_just_its_lines() {
    let w = World::with_demo(30);
    let (_, mark) = w.store.caseload_marked().unwrap();
    let mut jo = colleague(&w);
    assert_eq!(since(&w.store, mark).0, LinesSince::Same);

    // A draft shows in no line.
    jo.save_draft(&DraftKey::Participant(None), "{}").unwrap();
    assert_eq!(since(&w.store, mark).0, LinesSince::Same);

    // A contact: last contact, next contact and the reminders on the line.
    let rows = w.store.caseload(Scope::Team).unwrap();
    let (a, b, c) = (rows[3].id, rows[7].id, rows[11].id);
    jo.add_contact(a, &call(), &[], None).unwrap();
    let (seen, mark) = since(&w.store, mark);
    assert_eq!(seen, LinesSince::Changed(vec![a]));

    // A rename, and a plan's employer.
    let p = jo.participant(b).unwrap();
    let renamed = keyworker::domain::ParticipantDetails {
        name: "Aaron Abbot".into(),
        ..p.details.clone()
    };
    jo.update_participant(b, p.version, &renamed, today())
        .unwrap();
    let employer = jo.employers().unwrap().remove(0);
    let plan = jo.plan(c).unwrap();
    let version = plan.as_ref().map_or(0, |p| p.version);
    let plan = Plan {
        employer: employer.name.clone(),
        ..plan.map(|p| p.plan).unwrap_or_default()
    };
    jo.save_plan(c, version, &plan).unwrap();
    let (seen, mark) = since(&w.store, mark);
    let LinesSince::Changed(ids) = seen else {
        panic!("{seen:?}")
    };
    assert!(ids.contains(&b) && ids.contains(&c), "{ids:?}");

    // An employer renamed in the directory: everyone working there.
    let mut renamed = jo.employer(employer.id).unwrap().unwrap();
    renamed.name = "Severn Care Homes Ltd".into();
    jo.save_employer(&renamed, None).unwrap();
    let (seen, mark) = since(&w.store, mark);
    let LinesSince::Changed(ids) = seen else {
        panic!("{seen:?}")
    };
    assert!(ids.contains(&c), "{ids:?}");
    let at_employer = w
        .store
        .caseload(Scope::Team)
        .unwrap()
        .iter()
        .filter(|r| &*r.employer == "Severn Care Homes Ltd")
        .count();
    assert_eq!(ids.len(), at_employer, "{ids:?}");

    // Someone new.
    let new = jo.add_participant(&person("Zed New"), today()).unwrap();
    let (seen, mark) = since(&w.store, mark);
    assert_eq!(seen, LinesSince::Changed(vec![new]));

    // An erasure: everything again.
    jo.erase_participant(a).unwrap();
    assert_eq!(since(&w.store, mark).0, LinesSince::Everything);

    // More than asked for: everything again.
    let (_, mark) = w.store.caseload_marked().unwrap();
    for r in &rows[15..20] {
        jo.add_contact(r.id, &call(), &[], None).unwrap();
    }
    assert_eq!(
        w.store.lines_since(mark, 4).unwrap().0,
        LinesSince::Everything
    );
    assert!(
        matches!(w.store.lines_since(mark, 5).unwrap().0, LinesSince::Changed(ids) if ids.len() == 5)
    );
}

#[test]
fn a_line_changed_by_another_program_is_counted_too() {
    let w = World::with_demo(10);
    let (_, mark) = w.store.caseload_marked().unwrap();
    let id = w.store.caseload(Scope::Team).unwrap()[2].id;
    rusqlite::Connection::open(w.db_path())
        .unwrap()
        .execute(
            "UPDATE participants SET phone = '07700 900999' WHERE id = ?1",
            [id],
        )
        .unwrap();
    assert_eq!(since(&w.store, mark).0, LinesSince::Changed(vec![id]));
}

/// The app's list, row by row: id, name, key worker, employer, last contact, next due.
fn lines(w: &World) -> Vec<String> {
    w.model
        .caseload
        .rows
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {:?} {:?} {}",
                r.id,
                r.text.name(),
                r.key_worker,
                r.employer,
                r.last_contact,
                r.next_due,
                r.failed_attempts
            )
        })
        .collect()
}

fn whole_read(w: &World) -> Vec<String> {
    let mut fresh = World::with_demo(0);
    fresh.store = Store::open(&w.db_path(), ME, clock()).unwrap();
    fresh.restart();
    lines(&fresh)
}

#[test]
fn back_on_the_caseload_a_colleagues_saves_are_in_place_as_a_whole_read_would_put_them() {
    let mut w = World::with_demo(40);
    let mut jo = colleague(&w);
    w.press(KeyCode::Char('t'));
    let before = w.model.caseload.rows.clone();
    w.press(KeyCode::Enter);
    assert!(matches!(
        w.model.screen,
        keyworker::app::Screen::Participant(_)
    ));

    // While I am on someone's record: a call logged, one renamed to sort first, one new.
    let rows = w.store.caseload(Scope::Team).unwrap();
    jo.add_contact(rows[5].id, &call(), &[], None).unwrap();
    let p = jo.participant(rows[20].id).unwrap();
    jo.update_participant(
        rows[20].id,
        p.version,
        &keyworker::domain::ParticipantDetails {
            name: "aardvark Smith".into(),
            ..p.details.clone()
        },
        today(),
    )
    .unwrap();
    let new = jo.add_participant(&person("Mo Patel"), today()).unwrap();

    w.press(KeyCode::Esc);
    assert_eq!(lines(&w), whole_read(&w));
    assert_eq!(w.model.caseload.rows.len(), before.len() + 1);
    assert_eq!(w.model.caseload.rows[0].text.name(), "aardvark Smith");
    assert!(w.model.caseload.rows.iter().any(|r| r.id == new));
    // Lines nobody touched are the ones read before: not read again.
    let untouched = before.iter().find(|r| r.id == rows[30].id).unwrap();
    let now = w
        .model
        .caseload
        .rows
        .iter()
        .find(|r| r.id == rows[30].id)
        .unwrap();
    assert!(std::rc::Rc::ptr_eq(&untouched.key_worker, &now.key_worker));

    // An erasure reads everyone again, and the list is still right.
    jo.erase_participant(new).unwrap();
    w.press(KeyCode::Enter);
    w.press(KeyCode::Esc);
    assert_eq!(lines(&w), whole_read(&w));
    assert!(!w.model.caseload.rows.iter().any(|r| r.id == new));
}

#[test]
fn my_own_save_is_in_place_too() {
    let mut w = World::with_demo(20);
    let id = w.model.caseload.rows[4].id;
    w.press(KeyCode::Char('t'));
    let before = w.model.caseload.rows.clone();
    w.store.add_contact(id, &call(), &[], None).unwrap();
    w.press(KeyCode::Char('t'));
    assert_eq!(lines(&w), whole_read(&w));
    let line = w.model.caseload.rows.iter().find(|r| r.id == id).unwrap();
    assert_eq!(line.last_contact, Some(today()));
    assert_ne!(
        before.iter().find(|r| r.id == id).unwrap().last_contact,
        Some(today())
    );
}
