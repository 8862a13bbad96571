//! Logging contacts from the keyboard: the few keystrokes of a call, one-key outcomes, the
//! next date, actions agreed, amendments and drafts.

mod common;

use common::{ME, World, today};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use keyworker::app::{Msg, Screen};
use keyworker::domain::appointment::{
    AppointmentDetails, AppointmentKind, AppointmentStatus, Attendees,
};
use keyworker::domain::contact::{ContactChannel, Outcome, next_working_day};
use keyworker::domain::plan::{Channel, Consent, Frequency, Owner, Plan};
use keyworker::domain::{ParticipantDetails, ReferralRoute, Stage};

fn person(w: &mut World, name: &str, stage: Stage, plan: Option<Plan>) -> i64 {
    let details = ParticipantDetails {
        name: name.into(),
        preferred_name: String::new(),
        phone: "07700 900123".into(),
        email: String::new(),
        postcode: String::new(),
        referral_route: ReferralRoute::JobcentrePlus,
        referral_date: Some(today()),
        stage,
        barriers: vec![],
        key_worker: ME.into(),
        availability: Default::default(),
    };
    let id = w.store.add_participant(&details, today()).unwrap();
    if let Some(p) = plan {
        w.store.save_plan(id, 0, &p).unwrap();
    }
    w.restart();
    id
}

fn weekly_by(channel: Channel) -> Plan {
    Plan {
        contact_channel: Some(channel),
        contact_frequency: Some(Frequency::Weekly),
        ..Plan::default()
    }
}

fn editor(w: &World) -> &keyworker::app::contact::ContactEditor {
    match &w.model.screen {
        Screen::Contact(c) => c,
        _ => panic!("contact form not open"),
    }
}

fn alt(w: &mut World, c: char) {
    w.send(Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)));
}

#[test]
fn a_completed_call_takes_two_keys_beyond_the_notes() {
    let mut w = World::empty();
    let id = person(
        &mut w,
        "Ann Lee",
        Stage::Engaged,
        Some(weekly_by(Channel::Phone)),
    );
    let mut keys = 0;
    w.key('c');
    keys += 1;
    assert_eq!(
        editor(&w).form.focused().key,
        "notes",
        "the cursor starts in Notes"
    );
    w.typed("Rang re rota. All fine.");
    w.ctrl('s');
    keys += 1;
    assert_eq!(keys, 2);
    assert!(
        matches!(w.model.screen, Screen::Caseload),
        "back where c was pressed"
    );
    let c = &w.store.contacts(id, 10).unwrap()[0];
    assert_eq!(c.details.notes, "Rang re rota. All fine.");
    assert_eq!(c.details.outcome, Outcome::Completed);
    assert_eq!(
        c.details.channel,
        ContactChannel::Phone,
        "channel from the plan"
    );
    assert_eq!(c.details.duration_minutes, Some(1), "timer, rounded up");
    assert_eq!(c.details.next_contact, Some(today() + chrono::Days::new(7)));
    assert_eq!(c.by, ME);
    let row = &w.model.caseload.rows[0];
    assert_eq!(row.last_contact, Some(today()));
    assert_eq!(row.next_due, Some(today() + chrono::Days::new(7)));
}

#[test]
fn channel_comes_from_the_plans_preferred_way() {
    let mut w = World::empty();
    person(
        &mut w,
        "Ann Lee",
        Stage::Engaged,
        Some(weekly_by(Channel::FaceToFace)),
    );
    w.key('c');
    assert_eq!(editor(&w).form.get("channel"), "face_to_face");
    assert_eq!(editor(&w).form.get("with"), "participant");
}

#[test]
fn no_answer_is_one_key_and_sets_a_retry_next_working_day() {
    let mut w = World::empty();
    let id = person(
        &mut w,
        "Ann Lee",
        Stage::Engaged,
        Some(weekly_by(Channel::Phone)),
    );
    w.key('c');
    alt(&mut w, 'n');
    let c = &w.store.contacts(id, 10).unwrap()[0];
    assert_eq!(c.details.outcome, Outcome::NoAnswer);
    assert_eq!(c.details.next_contact, Some(next_working_day(today())));
    assert!(matches!(w.model.screen, Screen::Caseload));
}

#[test]
fn three_failed_attempts_in_a_row_are_flagged_and_a_completed_call_clears_them() {
    let mut w = World::empty();
    let id = person(&mut w, "Ann Lee", Stage::Engaged, None);
    w.key('n');
    w.key('c');
    alt(&mut w, 'l');
    // Did not attend is for an appointment: refused while none is booked, and nothing saved.
    w.key('c');
    alt(&mut w, 'd');
    assert!(matches!(w.model.screen, Screen::Contact(_)));
    assert_eq!(w.store.contacts(id, 10).unwrap().len(), 2);
    w.press(crossterm::event::KeyCode::Esc);
    // Booked for 09:00 today, and missed: the contact logged closes the appointment.
    let booked = w
        .store
        .book(id, &meeting_at("2026-11-23T09:00:00+00:00"))
        .unwrap();
    w.key('c');
    alt(&mut w, 'd');
    let a = w.store.appointment(booked).unwrap().unwrap();
    assert_eq!(a.status, AppointmentStatus::DidNotAttend);
    assert_eq!(a.contact_id, Some(w.store.contacts(id, 1).unwrap()[0].id));
    assert_eq!(w.model.caseload.rows[0].failed_attempts, 3);
    assert_eq!(
        w.model.caseload.rows[0].last_contact, None,
        "attempts are not contacts made"
    );
    let screen = format!("{}", common::draw(&w, 80, 24).backend());
    assert!(screen.contains("! 3 missed"));
    w.key('c');
    w.typed("Got through at last");
    w.ctrl('s');
    assert_eq!(w.model.caseload.rows[0].failed_attempts, 0);
}

#[test]
fn the_next_date_follows_the_outcome_until_typed_over() {
    let mut w = World::empty();
    person(
        &mut w,
        "Ann Lee",
        Stage::Engaged,
        Some(weekly_by(Channel::Phone)),
    );
    w.key('c');
    let weekly = keyworker::domain::dates::uk(today() + chrono::Days::new(7));
    assert_eq!(editor(&w).form.get("next"), weekly);
    w.send(Msg::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    ))); // to Time
    w.tab(4); // Outcome (wraps past Notes, Actions agreed, Next contact)
    assert_eq!(editor(&w).form.focused().key, "outcome");
    w.key('n'); // No answer
    let retry = keyworker::domain::dates::uk(next_working_day(today()));
    assert_eq!(editor(&w).form.get("next"), retry);
    // Typed over, it stays.
    w.send(Msg::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    w.typed("+3d");
    w.tab(1);
    w.key('c'); // Completed again
    assert_eq!(editor(&w).form.get("next"), "+3d");
}

#[test]
fn bad_time_minutes_and_past_next_date_are_refused_and_notes_kept() {
    let mut w = World::empty();
    let id = person(&mut w, "Ann Lee", Stage::Engaged, None);
    w.key('c');
    w.typed("Important notes");
    w.tab(2); // Next contact
    w.typed("yesterday");
    w.tab(4); // Minutes
    w.typed("900");
    w.tab(2); // Time
    w.typed("25:61");
    w.ctrl('s');
    let e = editor(&w);
    assert_eq!(e.form.error("next"), Some(keyworker::strings::NEXT_IN_PAST));
    assert_eq!(
        e.form.error("minutes"),
        Some(keyworker::strings::MINUTES_INVALID)
    );
    assert_eq!(e.form.error("time"), Some(keyworker::strings::TIME_INVALID));
    assert_eq!(e.form.get("notes"), "Important notes");
    assert!(w.store.contacts(id, 10).unwrap().is_empty());
}

#[test]
fn in_work_questions_are_asked_of_someone_in_work() {
    let mut w = World::empty();
    let id = person(&mut w, "Ann Lee", Stage::InWork, None);
    w.key('c');
    w.typed("Call");
    w.tab(1);
    w.typed("Going well");
    w.tab(1);
    w.typed("Hours up to 20");
    w.tab(1);
    w.typed("Boots");
    w.ctrl('s');
    let c = &w.store.contacts(id, 1).unwrap()[0];
    let iw = c.details.in_work.clone().unwrap();
    assert_eq!(
        (
            iw.role_going.as_str(),
            iw.changes.as_str(),
            iw.needs.as_str()
        ),
        ("Going well", "Hours up to 20", "Boots")
    );

    let mut w2 = World::empty();
    person(&mut w2, "Bob Hart", Stage::Engaged, None);
    w2.key('c');
    assert!(editor(&w2).form.field("role_going").is_none());
}

#[test]
fn actions_agreed_become_plan_actions() {
    let mut w = World::empty();
    let id = person(&mut w, "Ann Lee", Stage::Engaged, None);
    w.key('c');
    w.typed("Talked about jobs");
    w.tab(1);
    w.typed("Apply for two jobs by fri");
    w.press(KeyCode::Enter);
    w.typed("kw: send the CSCS course link");
    w.ctrl('s');
    let actions = w.store.actions(id).unwrap();
    assert_eq!(actions.len(), 2);
    assert_eq!(actions[0].details.text, "Apply for two jobs");
    assert_eq!(actions[0].details.owner, Owner::Participant);
    assert!(actions[0].details.due.is_some());
    assert_eq!(actions[1].details.owner, Owner::KeyWorker);
}

#[test]
fn an_amendment_is_a_new_version_and_the_first_is_kept() {
    let mut w = World::empty();
    let id = person(&mut w, "Ann Lee", Stage::Engaged, None);
    w.key('c');
    w.typed("Fisrt note");
    w.ctrl('s');
    w.press(KeyCode::Enter); // participant screen
    w.press(KeyCode::Enter); // the contact in full
    assert!(matches!(w.model.screen, Screen::ContactView(_)));
    w.key('e');
    for _ in 0.."Fisrt note".len() {
        w.press(KeyCode::Backspace);
    }
    w.typed("First note");
    w.ctrl('s');
    let list = w.store.contacts(id, 10).unwrap();
    assert_eq!(list.len(), 1, "the history shows one contact");
    assert_eq!(list[0].details.notes, "First note");
    assert!(list[0].amends.is_some(), "marked as amended");
    let earlier = w.store.contact_versions(list[0].id).unwrap();
    assert_eq!(earlier[0].details.notes, "Fisrt note");
    let audit = w.store.audit(Some(id)).unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.entity == "contact" && e.action == "amend")
    );
}

#[test]
fn esc_and_ctrl_c_keep_the_notes_as_a_draft_per_participant() {
    let mut w = World::empty();
    let ann = person(&mut w, "Ann Lee", Stage::Engaged, None);
    person(&mut w, "Bob Hart", Stage::Engaged, None);
    w.key('c');
    w.typed("Ann half way");
    w.press(KeyCode::Esc);
    w.key('j');
    w.key('c');
    w.typed("Bob half way");
    w.ctrl('c');
    assert!(w.model.quit);
    w.restart();
    w.key('c');
    assert_eq!(editor(&w).form.get("notes"), "Ann half way");
    assert_eq!(editor(&w).participant, ann);
    w.press(KeyCode::Esc);
    w.key('j');
    w.key('c');
    assert_eq!(editor(&w).form.get("notes"), "Bob half way");
}

#[test]
fn employer_contact_without_consent_warns_before_saving() {
    let mut w = World::empty();
    let plan = Plan {
        consent_employer_contact: Some(Consent::No),
        ..Plan::default()
    };
    let id = person(&mut w, "Ann Lee", Stage::InWork, Some(plan));
    w.key('c');
    w.typed("Spoke to manager");
    w.tab(8); // With
    assert_eq!(editor(&w).form.focused().key, "with");
    w.key('e'); // Employer
    w.ctrl('s');
    assert!(w.model.status.as_ref().unwrap().text.contains("not agreed"));
    assert!(w.store.contacts(id, 1).unwrap().is_empty());
    w.ctrl('s');
    assert_eq!(
        w.store.contacts(id, 1).unwrap().len(),
        1,
        "a second Ctrl-S saves"
    );
}

#[test]
fn the_timer_ticks_only_while_the_form_is_open() {
    let mut w = World::empty();
    person(&mut w, "Ann Lee", Stage::Engaged, None);
    assert!(w.model.next_tick().is_none(), "no timer, no wake-ups");
    w.key('c');
    assert!(w.model.next_tick().is_some());
    w.press(KeyCode::Esc);
    assert!(w.model.next_tick().is_none());
}

fn fixed_time(w: &mut World) {
    if let Screen::Contact(c) = &mut w.model.screen {
        c.form.set("time", "14:05");
    }
}

#[test]
fn contact_form_80x24() {
    let mut w = World::empty();
    let id = person(
        &mut w,
        "Ann Lee",
        Stage::InWork,
        Some(weekly_by(Channel::Phone)),
    );
    w.key('c');
    w.typed("Rang re rota");
    fixed_time(&mut w);
    w.ctrl('s');
    let _ = id;
    w.key('c');
    w.typed("Second call: first payslip fine,");
    w.press(KeyCode::Enter);
    w.typed("wants more hours");
    fixed_time(&mut w);
    insta::assert_snapshot!(common::draw(&w, 80, 24).backend());
}

#[test]
fn contact_form_small_40x10_keeps_the_focused_field_in_view() {
    let mut w = World::empty();
    person(&mut w, "Ann Lee", Stage::InWork, None);
    w.key('c');
    w.send(Msg::Resize(40, 10));
    fixed_time(&mut w);
    w.send(Msg::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    let screen = format!("{}", common::draw(&w, 40, 10).backend());
    assert!(screen.contains("Time"), "{screen}");
}

#[test]
fn participant_with_contact_history_80x24() {
    let mut w = World::empty();
    person(
        &mut w,
        "Ann Lee",
        Stage::Engaged,
        Some(weekly_by(Channel::Phone)),
    );
    for note in ["First call", "Second call"] {
        w.key('c');
        w.typed(note);
        fixed_time(&mut w);
        w.ctrl('s');
    }
    w.key('n');
    w.press(KeyCode::Enter);
    let screen = format!("{}", common::draw(&w, 80, 24).backend());
    assert!(screen.contains("Contacts (3)"));
    assert!(screen.contains("No answer"));
    assert!(screen.contains("Second call"));
}

#[test]
fn the_retry_after_a_failed_attempt_follows_the_programme_profile() {
    let mut w = World::empty();
    let id = person(&mut w, "Ann Lee", Stage::Engaged, None);
    w.model.profile =
        keyworker::domain::profile::Profile::parse("[contacts]\nretry_after_working_days = 2\n")
            .unwrap();
    w.key('c');
    alt(&mut w, 'n');
    let c = &w.store.contacts(id, 1).unwrap()[0];
    let expected = keyworker::domain::contact::after_working_days(today(), 2, &[]);
    assert_eq!(c.details.next_contact, Some(expected));
    w.key('n');
    assert_eq!(
        w.store.contacts(id, 1).unwrap()[0].details.next_contact,
        Some(expected)
    );
}

fn meeting_at(at: &str) -> AppointmentDetails {
    AppointmentDetails {
        at: chrono::DateTime::parse_from_rfc3339(at).unwrap(),
        minutes: 30,
        kind: AppointmentKind::Meeting,
        place: "Jobcentre".into(),
        with: Attendees::Participant,
        note: String::new(),
    }
}

#[test]
fn a_next_contact_with_a_time_books_it_and_the_rhythm_fills_the_date() {
    let mut w = World::empty();
    let id = person(&mut w, "Ann Lee", Stage::Engaged, None);
    w.key('c');
    let Screen::Contact(e) = &w.model.screen else {
        panic!("contact form")
    };
    // No plan: engaged is fortnightly by the profile's rhythm.
    assert_eq!(e.form.get("next"), "07/12/2026");
    w.typed("Talked through the CV");
    w.ctrl('s');
    assert_eq!(
        w.store.contacts(id, 1).unwrap()[0].details.next_contact,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
    );
    assert!(
        w.store.appointments(id).unwrap().is_empty(),
        "a date alone books nothing"
    );
    // A time books an appointment at it, in the same save.
    w.key('c');
    let Screen::Contact(e) = &mut w.model.screen else {
        panic!("contact form")
    };
    e.form.set("next", "fri 17:45");
    w.typed("Agreed a call after work");
    w.ctrl('s');
    let booked = w.store.appointments(id).unwrap();
    assert_eq!(booked.len(), 1);
    assert_eq!(
        booked[0].details.at.to_rfc3339(),
        "2026-11-27T17:45:00+00:00"
    );
    assert_eq!(booked[0].details.kind, AppointmentKind::Call);
    assert_eq!(booked[0].status, AppointmentStatus::Booked);
    let due = w
        .store
        .reminders(keyworker::store::ReminderQuery {
            worker: None,
            participant: Some(id),
            until: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        })
        .unwrap();
    let kinds: Vec<_> = due
        .iter()
        .map(|r| keyworker::domain::Choice::code(r.kind))
        .collect();
    assert!(
        kinds.contains(&"appointment") && !kinds.contains(&"contact_due"),
        "{kinds:?}"
    );
    assert!(
        due.iter()
            .any(|r| r.title == "17:45 call, 30 min, out of hours"),
        "{due:?}"
    );
}
