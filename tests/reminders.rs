//! The reminder engine against a real file: what each change to the record does to the
//! reminders, snoozes, milestones, and `keyworker due` output field by field.

mod common;

use common::{ME, clock, today};
use keyworker::domain::contact::{ContactChannel, ContactDetails, Outcome, With};
use keyworker::domain::plan::{ActionDetails, ActionStatus, Frequency, Owner, Plan};
use keyworker::domain::reminder::ReminderKind;
use keyworker::domain::{ParticipantDetails, ReferralRoute, Stage};
use keyworker::store::{ReminderQuery, Store, StoreError};

fn days(n: i64) -> chrono::NaiveDate {
    today() + chrono::Duration::days(n)
}

fn setup(stage: Stage) -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("kw.db"), ME, clock()).unwrap();
    let id = s
        .add_participant(
            &ParticipantDetails {
                name: "Ann Lee".into(),
                preferred_name: String::new(),
                phone: String::new(),
                email: String::new(),
                postcode: String::new(),
                referral_route: ReferralRoute::JobcentrePlus,
                referral_date: Some(today()),
                stage,
                barriers: vec![],
                key_worker: ME.into(),
                availability: Default::default(),
            },
            today(),
        )
        .unwrap();
    (dir, s, id)
}

fn all(s: &Store, until: i64) -> Vec<keyworker::domain::reminder::Reminder> {
    s.reminders(ReminderQuery {
        worker: Some(ME),
        participant: None,
        until: days(until),
    })
    .unwrap()
}

fn of_kind(s: &Store, kind: ReminderKind) -> Vec<keyworker::domain::reminder::Reminder> {
    all(s, 800).into_iter().filter(|r| r.kind == kind).collect()
}

fn contact(on: i64, outcome: Outcome, next: i64) -> ContactDetails {
    ContactDetails {
        at: clock().local(days(on).and_hms_opt(10, 0, 0).unwrap()),
        channel: ContactChannel::Phone,
        with: With::Participant,
        outcome,
        duration_minutes: Some(5),
        notes: String::new(),
        in_work: None,
        next_contact: Some(days(next)),
    }
}

#[test]
fn a_late_contact_moves_the_next_contact_from_the_actual_contact() {
    let (_d, mut s, id) = setup(Stage::Engaged);
    s.add_contact(id, &contact(-14, Outcome::Completed, -7), &[], None)
        .unwrap();
    assert_eq!(
        of_kind(&s, ReminderKind::ContactDue)[0].due,
        days(-7),
        "overdue"
    );
    // Rung a week late: the next one is counted from today, not from when it was due.
    s.add_contact(id, &contact(0, Outcome::Completed, 7), &[], None)
        .unwrap();
    let due = of_kind(&s, ReminderKind::ContactDue);
    assert_eq!(due.len(), 1, "the logged contact closed the old reminder");
    assert_eq!(due[0].due, days(7));
}

#[test]
fn changing_the_job_start_moves_open_milestones_and_keeps_done_ones() {
    let (_d, mut s, id) = setup(Stage::InWork);
    s.save_plan(
        id,
        0,
        &Plan {
            job_start: Some(days(-10)),
            ..Plan::default()
        },
    )
    .unwrap();
    let first_day = |s: &Store| {
        of_kind(s, ReminderKind::Milestone)
            .into_iter()
            .find(|r| r.key == "milestone:first_day")
    };
    assert_eq!(first_day(&s).unwrap().due, days(-10));
    s.settle_milestone(id, "first_day", true, days(-9), "Rang on day one")
        .unwrap();
    assert!(first_day(&s).is_none(), "done milestones leave the list");
    s.save_plan(
        id,
        1,
        &Plan {
            job_start: Some(days(4)),
            ..Plan::default()
        },
    )
    .unwrap();
    let ms = of_kind(&s, ReminderKind::Milestone);
    let week = ms.iter().find(|r| r.key == "milestone:first_week").unwrap();
    assert_eq!(
        week.due,
        days(11),
        "open milestones move with the start date"
    );
    assert!(first_day(&s).is_none());
    let states = s.milestone_states(id).unwrap();
    assert_eq!(
        (states[0].on, states[0].evidence.as_str()),
        (days(-9), "Rang on day one")
    );
}

#[test]
fn actions_due_come_and_go_with_their_action() {
    let (_d, mut s, id) = setup(Stage::Engaged);
    let a = s
        .add_action(
            id,
            &ActionDetails {
                text: "Bring bank details".into(),
                owner: Owner::Participant,
                due: Some(days(2)),
                status: ActionStatus::Open,
            },
        )
        .unwrap();
    let due = of_kind(&s, ReminderKind::ActionDue);
    assert_eq!(
        (due[0].due, due[0].title.as_str()),
        (days(2), "action: Bring bank details")
    );
    let action = s.action(a).unwrap().unwrap();
    let done = ActionDetails {
        status: ActionStatus::Done,
        ..action.details
    };
    s.update_action(a, action.version, &done).unwrap();
    assert!(of_kind(&s, ReminderKind::ActionDue).is_empty());
}

#[test]
fn a_snooze_needs_a_reason_and_the_reminder_returns_on_its_date() {
    let (_d, mut s, id) = setup(Stage::Engaged);
    s.save_plan(
        id,
        0,
        &Plan {
            contact_frequency: Some(Frequency::Weekly),
            ..Plan::default()
        },
    )
    .unwrap();
    s.add_contact(id, &contact(-8, Outcome::Completed, -1), &[], None)
        .unwrap();
    let r = of_kind(&s, ReminderKind::ContactDue).remove(0);
    assert!(matches!(
        s.snooze(id, &r.key, days(3), "  "),
        Err(StoreError::SnoozeReason)
    ));
    s.snooze(id, &r.key, days(3), "On holiday until Thursday")
        .unwrap();
    assert!(
        all(&s, 0)
            .iter()
            .all(|x| x.kind != ReminderKind::ContactDue),
        "away today"
    );
    let back = of_kind(&s, ReminderKind::ContactDue).remove(0);
    assert_eq!((back.due, back.snoozed_until), (days(3), Some(days(3))));
    let history = s.snoozes(id).unwrap();
    assert_eq!(history[0].reason, "On holiday until Thursday");
    assert_eq!(history[0].by, ME);
}

#[test]
fn a_review_moves_on_by_the_profile_interval() {
    let (_d, mut s, id) = setup(Stage::Engaged);
    let review = |s: &Store| of_kind(s, ReminderKind::Review).remove(0).due;
    assert_eq!(review(&s), days(91), "from the referral");
    s.record_review(id, days(0), "Scores up").unwrap();
    assert_eq!(review(&s), days(91));
    s.record_review(id, days(10), "").unwrap();
    assert_eq!(review(&s), days(101));
}

#[test]
fn one_off_reminders_are_done_once() {
    let (_d, mut s, id) = setup(Stage::Engaged);
    let m = s
        .add_manual_reminder(id, days(1), "Ring the housing officer")
        .unwrap();
    assert_eq!(
        of_kind(&s, ReminderKind::Manual)[0].title,
        "Ring the housing officer"
    );
    s.finish_manual_reminder(m, today()).unwrap();
    assert!(of_kind(&s, ReminderKind::Manual).is_empty());
}

#[test]
fn exited_participants_have_no_contact_due() {
    let (_d, mut s, id) = setup(Stage::Engaged);
    s.add_contact(id, &contact(-8, Outcome::Completed, -1), &[], None)
        .unwrap();
    let mut p = s.participant(id).unwrap();
    p.details.stage = Stage::Exited;
    s.update_participant(id, p.version, &p.details, today())
        .unwrap();
    assert!(of_kind(&s, ReminderKind::ContactDue).is_empty());
}

#[test]
fn due_json_lists_each_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let today = today();
    {
        let mut s = Store::open(&db, &keyworker::login_name(), clock()).unwrap();
        let id = s
            .add_participant(
                &ParticipantDetails {
                    name: "Ann Lee".into(),
                    preferred_name: String::new(),
                    phone: String::new(),
                    email: String::new(),
                    postcode: String::new(),
                    referral_route: ReferralRoute::Other,
                    referral_date: Some(today),
                    stage: Stage::Engaged,
                    barriers: vec![],
                    key_worker: keyworker::login_name(),
                    availability: Default::default(),
                },
                today,
            )
            .unwrap();
        s.add_manual_reminder(id, today - chrono::Days::new(2), "Ring the GP")
            .unwrap();
        s.add_manual_reminder(id, today + chrono::Days::new(5), "Later one")
            .unwrap();
    }
    let run = |args: &[&str]| common::term::stdout_of(&db, &[&["due"], args].concat());
    let json: serde_json::Value = serde_json::from_str(&run(&["--json"])).unwrap();
    let rows = json.as_array().unwrap();
    // Nobody has reached Ann yet: the safety net lists her, after what is due.
    let (net, rows): (Vec<_>, Vec<_>) = rows.iter().partition(|r| r["kind"] == "no_contact");
    assert_eq!(net.len(), 1, "{net:?}");
    assert_eq!(net[0]["title"], "not reached since referral");
    assert_eq!(net[0]["participant"], "Ann Lee");
    assert_eq!(rows.len(), 1, "only today and overdue");
    let r = &rows[0];
    assert_eq!(r["participant"], "Ann Lee");
    assert!(r["participant_id"].as_str().unwrap().parse::<i64>().is_ok());
    assert_eq!(r["due"], (today - chrono::Days::new(2)).to_string());
    assert_eq!(r["kind"], "manual");
    assert_eq!(r["title"], "Ring the GP");
    assert_eq!(r["overdue_days"], 2);
    let week: serde_json::Value = serde_json::from_str(&run(&["--days", "7", "--json"])).unwrap();
    let kinds: Vec<&str> = week
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    // The first contact, two working days after Monday's referral, is due within the week.
    assert_eq!(kinds, ["manual", "contact_due", "manual", "no_contact"]);
    let text = run(&[]);
    assert!(text.starts_with("Overdue\n"), "{text}");
    assert!(text.contains("2 days overdue"));
    assert!(
        text.contains("Falling through the gaps")
            && text.contains("Ann Lee                 not reached since referral"),
        "{text}"
    );
    let ics = run(&["--days", "7", "--ics"]);
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        3,
        "two one-offs and the first contact"
    );
    assert!(ics.contains("SUMMARY:Ann Lee: Ring the GP"));
}

mod pane {
    use super::*;
    use common::World;
    use crossterm::event::KeyCode;
    use keyworker::app::Screen;

    /// Ann with an overdue one-off reminder and an action due in three days.
    fn ann() -> (World, i64) {
        let mut w = World::empty();
        let id = w
            .store
            .add_participant(
                &ParticipantDetails {
                    name: "Ann Lee".into(),
                    preferred_name: String::new(),
                    phone: "07700 900123".into(),
                    email: String::new(),
                    postcode: String::new(),
                    referral_route: ReferralRoute::JobcentrePlus,
                    referral_date: Some(today()),
                    stage: Stage::Engaged,
                    barriers: vec![],
                    key_worker: ME.into(),
                    availability: Default::default(),
                },
                today(),
            )
            .unwrap();
        w.store
            .add_manual_reminder(id, days(-2), "Ring the housing officer")
            .unwrap();
        // Reached last week, and the next call agreed past the pane's four weeks.
        w.store
            .add_contact(
                id,
                &keyworker::domain::contact::ContactDetails {
                    at: common::at("2026-11-16T10:00:00+00:00"),
                    channel: keyworker::domain::contact::ContactChannel::Phone,
                    with: keyworker::domain::contact::With::Participant,
                    outcome: keyworker::domain::contact::Outcome::Completed,
                    duration_minutes: Some(5),
                    notes: "Fine".into(),
                    in_work: None,
                    next_contact: Some(days(30)),
                },
                &[],
                None,
            )
            .unwrap();
        w.store
            .add_action(
                id,
                &ActionDetails {
                    text: "Bring bank details".into(),
                    owner: Owner::Participant,
                    due: Some(days(3)),
                    status: ActionStatus::Open,
                },
            )
            .unwrap();
        w.restart();
        (w, id)
    }

    fn pane(w: &World) -> &keyworker::app::reminders::RemindersScreen {
        match &w.model.screen {
            Screen::Reminders(r) => r,
            _ => panic!("reminders pane not open"),
        }
    }

    #[test]
    fn the_app_starts_on_the_reminders_when_something_is_overdue() {
        let (mut w, _) = ann();
        let model = keyworker::app::Model::new(&mut w.store, ME, (80, 24)).unwrap();
        assert!(matches!(model.screen, Screen::Reminders(_)));
    }

    #[test]
    fn reminders_are_grouped_and_drawn() {
        let (mut w, _) = ann();
        w.key('4');
        assert_eq!(pane(&w).list.len(), 2);
        let screen = format!("{}", common::draw(&w, 80, 24).backend());
        assert!(screen.contains("Overdue"));
        assert!(screen.contains("Next 7 days"));
        assert!(screen.contains("Ring the housing officer"));
        assert!(screen.contains("2d late"));
        insta::assert_snapshot!(common::draw(&w, 80, 24).backend());
    }

    #[test]
    fn d_finishes_a_one_off_and_an_action() {
        let (mut w, id) = ann();
        w.key('4');
        w.key('d');
        assert_eq!(pane(&w).list.len(), 1);
        w.key('d');
        assert!(pane(&w).list.is_empty());
        assert_eq!(
            w.store.actions(id).unwrap()[0].details.status,
            ActionStatus::Done
        );
    }

    #[test]
    fn z_asks_until_when_and_why_and_refuses_no_reason() {
        let (mut w, id) = ann();
        w.key('4');
        w.key('z');
        w.ctrl('s');
        let (_, form) = pane(&w).prompt.as_ref().unwrap();
        assert_eq!(form.error("why"), Some(keyworker::strings::SNOOZE_WHY));
        w.typed("Officer on leave");
        w.ctrl('s');
        assert!(pane(&w).prompt.is_none());
        assert_eq!(w.store.snoozes(id).unwrap()[0].reason, "Officer on leave");
        assert!(
            pane(&w)
                .list
                .iter()
                .any(|r| r.snoozed_until == Some(days(1)))
        );
    }

    #[test]
    fn n_adds_a_one_off_reminder_for_the_participant() {
        let (mut w, id) = ann();
        w.key('4');
        w.key('n');
        w.typed("Check the payslip");
        w.tab(1);
        w.typed("+5d");
        w.ctrl('s');
        let r = w
            .store
            .reminders(ReminderQuery {
                worker: None,
                participant: Some(id),
                until: days(30),
            })
            .unwrap();
        assert!(
            r.iter()
                .any(|x| x.title == "Check the payslip" && x.due == days(5))
        );
    }

    #[test]
    fn enter_opens_the_brief_and_c_logs_a_contact() {
        let (mut w, _) = ann();
        w.key('4');
        w.press(KeyCode::Enter);
        assert!(matches!(w.model.screen, Screen::Brief(_)));
        let screen = format!("{}", common::draw(&w, 80, 24).backend());
        assert!(screen.contains("Ring the housing officer"));
        assert!(screen.contains("07700 900123"));
        w.key('q');
        assert!(matches!(w.model.screen, Screen::Reminders(_)));
        w.key('c');
        assert!(matches!(w.model.screen, Screen::Contact(_)));
        w.typed("Rang, all well");
        w.ctrl('s');
        assert!(
            matches!(w.model.screen, Screen::Reminders(_)),
            "back where c was pressed"
        );
    }

    #[test]
    fn a_snooze_and_its_reason_show_on_the_participant_screen() {
        let (mut w, _) = ann();
        w.key('4');
        w.key('z');
        w.typed("Officer on leave");
        w.ctrl('s');
        w.key('1');
        w.press(KeyCode::Enter);
        let screen = format!("{}", common::draw(&w, 80, 24).backend());
        assert!(screen.contains("Officer"), "{screen}");
        assert!(screen.contains("reminder to 24/11/2026"), "{screen}");
    }

    #[test]
    fn x_marks_a_milestone_missed_and_only_a_milestone() {
        let (mut w, id) = ann();
        w.store
            .save_plan(
                id,
                0,
                &Plan {
                    job_start: Some(days(-1)),
                    ..Plan::default()
                },
            )
            .unwrap();
        let mut p = w.store.participant(id).unwrap();
        p.details.stage = Stage::InWork;
        w.store
            .update_participant(id, p.version, &p.details, today())
            .unwrap();
        w.key('4');
        let one_off = pane(&w)
            .list
            .iter()
            .position(|r| r.key.starts_with("manual:"))
            .unwrap();
        for _ in 0..one_off {
            w.key('j');
        }
        w.key('x');
        assert!(
            w.model.status.as_ref().unwrap().error,
            "a one-off cannot be missed"
        );
        w.key('g');
        let at = pane(&w)
            .list
            .iter()
            .position(|r| r.key == "milestone:first_day")
            .unwrap();
        for _ in 0..at {
            w.key('j');
        }
        w.key('x');
        let states = w.store.milestone_states(id).unwrap();
        assert_eq!(
            (states[0].milestone.as_str(), states[0].done),
            ("first_day", false)
        );
    }
}

#[test]
fn the_calendar_file_is_stamped_by_the_apps_clock() {
    let (_dir, mut s, id) = setup(Stage::Engaged);
    s.add_manual_reminder(id, days(2), "Ring about the interview")
        .unwrap();
    let mut out = Vec::new();
    let list = keyworker::cli::due::DueList {
        worker: Some(ME),
        days: 7,
        today: today(),
    };
    keyworker::cli::due::write_ics(&mut out, &s, list).unwrap();
    let ics = String::from_utf8(out).unwrap();
    assert!(ics.contains("Ring about the interview"), "{ics}");
    // 10:00 on the fake clock's day, not the time the test happens to run.
    let stamps: Vec<&str> = ics.lines().filter(|l| l.starts_with("DTSTAMP")).collect();
    assert!(!stamps.is_empty(), "{ics}");
    assert!(
        stamps.iter().all(|l| *l == "DTSTAMP:20261123T100000Z"),
        "{stamps:?}"
    );
}
