//! The plan pane and its editors, driven by keys: plan fields, actions, barrier
//! re-assessment, employer details, drafts, a colleague's save, and the history.

mod common;

use common::{ME, World, today};
use crossterm::event::KeyCode;
use keyworker::app::Screen;
use keyworker::domain::plan::{
    ActionDetails, ActionStatus, BarrierStatus, Channel, Consent, ContractType, Frequency, Owner,
    Plan, PracticalHelp,
};
use keyworker::domain::{BarrierKind, ParticipantDetails, ReferralRoute, Stage};

/// A world with one participant, Ann Lee, in work with two barriers, and the plan pane open.
fn ann() -> (World, i64) {
    let mut w = World::empty();
    let details = ParticipantDetails {
        name: "Ann Lee".into(),
        preferred_name: String::new(),
        phone: "07700 900123".into(),
        email: String::new(),
        postcode: "WR1 2JJ".into(),
        referral_route: ReferralRoute::JobcentrePlus,
        referral_date: Some(today() - chrono::Days::new(90)),
        stage: Stage::InWork,
        barriers: vec![
            (BarrierKind::Housing, "Sofa surfing".into()),
            (BarrierKind::Transport, String::new()),
        ],
        key_worker: ME.into(),
        availability: Default::default(),
    };
    let id = w
        .store
        .add_participant(&details, today() - chrono::Days::new(90))
        .unwrap();
    w.restart();
    w.key('p');
    (w, id)
}

fn editor(w: &World) -> &keyworker::app::editors::Editor {
    match &w.model.screen {
        Screen::Editor(e) => e,
        _ => panic!("no editor open"),
    }
}

fn plan_screen(w: &World) -> &keyworker::app::plan::PlanScreen {
    match &w.model.screen {
        Screen::Plan(p) => p,
        _ => panic!("plan pane not open"),
    }
}

#[test]
fn p_opens_the_plan_and_q_goes_back() {
    let (mut w, id) = ann();
    assert_eq!(plan_screen(&w).participant.id, id);
    w.key('q');
    assert!(matches!(w.model.screen, Screen::Caseload));
    // From the participant screen, back goes back there.
    w.press(KeyCode::Enter);
    w.key('p');
    assert!(
        matches!(w.model.back.last(), Some(Screen::Participant(_))),
        "the participant is under the plan"
    );
    w.key('q');
    assert!(matches!(w.model.screen, Screen::Participant(_)));
    w.key('2');
    assert!(matches!(w.model.screen, Screen::Plan(_)));
}

#[test]
fn the_in_work_support_plan_is_filled_from_the_keyboard() {
    let (mut w, id) = ann();
    w.key('e');
    w.typed("-2w"); // job start
    w.tab(1);
    w.typed("Sunrise Care");
    w.tab(1);
    w.typed("Care assistant");
    w.tab(1);
    w.typed("16");
    w.tab(1);
    w.key('p'); // Permanent
    w.tab(1);
    w.key('y'); // may contact: Yes
    w.tab(1);
    w.key(' '); // Travel-to-work money
    w.key('l');
    w.key('l');
    w.key(' '); // Work clothes
    w.tab(1);
    w.key('p'); // Phone call
    w.tab(1);
    w.key('w'); // Weekly
    w.tab(1);
    w.typed("Help with payslip");
    w.tab(1);
    w.typed("Weekly call Friday");
    w.press(KeyCode::Enter); // a new line in notes, not the next field
    w.typed("Bus pass until first wage");
    w.ctrl('s');
    assert!(
        matches!(w.model.screen, Screen::Plan(_)),
        "{:?}",
        w.model.status
    );
    let stored = w.store.plan(id).unwrap().unwrap();
    let p = stored.plan;
    assert_eq!(p.job_start, Some(today() - chrono::Days::new(14)));
    assert_eq!(p.employer, "Sunrise Care");
    assert_eq!(p.job_title, "Care assistant");
    assert_eq!(p.hours_per_week, Some(16.0));
    assert_eq!(p.contract_type, Some(ContractType::Permanent));
    assert_eq!(p.consent_employer_contact, Some(Consent::Yes));
    assert_eq!(
        p.practical_help,
        vec![PracticalHelp::TravelMoney, PracticalHelp::WorkClothes]
    );
    assert_eq!(p.contact_channel, Some(Channel::Phone));
    assert_eq!(p.contact_frequency, Some(Frequency::Weekly));
    assert_eq!(p.other_support, "Help with payslip");
    assert_eq!(
        p.support_agreed,
        "Weekly call Friday\nBus pass until first wage"
    );
    assert_eq!(stored.updated_by, ME);
    // The new employer is now known to everyone.
    assert!(w.store.employer_named("sunrise care").unwrap().is_some());
    assert_eq!(
        &*w.store.caseload(keyworker::store::Scope::Team).unwrap()[0].employer,
        "Sunrise Care"
    );
}

#[test]
fn every_n_days_asks_how_many() {
    let (mut w, id) = ann();
    w.key('e');
    w.tab(8); // How often (the "other" fields are hidden and skipped)
    w.key('e'); // Every N days
    w.tab(1);
    w.typed("10");
    w.ctrl('s');
    let p = w.store.plan(id).unwrap().unwrap().plan;
    assert_eq!(p.contact_frequency, Some(Frequency::EveryDays(10)));
}

#[test]
fn bad_hours_and_dates_are_refused_next_to_the_field() {
    let (mut w, id) = ann();
    w.key('e');
    w.typed("someday");
    w.tab(3);
    w.typed("90");
    w.ctrl('s');
    let e = editor(&w);
    assert!(e.form.error("job_start").is_some());
    assert_eq!(
        e.form.error("hours"),
        Some(keyworker::strings::HOURS_INVALID)
    );
    assert_eq!(e.form.focused().key, "job_start");
    assert!(w.store.plan(id).unwrap().is_none(), "nothing saved");
    w.tab(3);
    w.typed("7.5");
    assert_eq!(
        editor(&w).form.error("hours"),
        None,
        "fixing clears the message"
    );
}

#[test]
fn actions_are_added_completed_and_dropped() {
    let (mut w, id) = ann();
    w.key('a');
    assert_eq!(
        editor(&w).form.get("owner"),
        "participant",
        "owner defaults to the participant"
    );
    w.ctrl('s');
    assert_eq!(
        editor(&w).form.error("text"),
        Some(keyworker::strings::ACTION_REQUIRED)
    );
    w.typed("Bring bank details");
    w.tab(2);
    w.typed("yesterday");
    w.ctrl('s');
    w.key('a');
    w.typed("Send directions");
    w.tab(1);
    w.key('k'); // Key worker
    w.ctrl('s');
    let actions = w.store.actions(id).unwrap();
    assert_eq!(actions.len(), 2);
    assert!(
        actions[0].is_overdue(today()),
        "the dated one comes first and is overdue"
    );
    assert_eq!(actions[1].details.owner, Owner::KeyWorker);

    // The cursor rests on the first open action.
    w.key('g');
    w.key('d');
    assert_eq!(
        w.store
            .action(actions[0].id)
            .unwrap()
            .unwrap()
            .details
            .status,
        ActionStatus::Done
    );
    w.key('g');
    w.key('x');
    assert_eq!(
        w.store
            .action(actions[1].id)
            .unwrap()
            .unwrap()
            .details
            .status,
        ActionStatus::Dropped
    );
}

#[test]
fn d_on_a_barrier_asks_for_an_action_instead() {
    let (mut w, _) = ann();
    w.key('d');
    assert!(w.model.status.as_ref().unwrap().error);
}

#[test]
fn a_barrier_is_re_assessed_and_every_assessment_kept() {
    let (mut w, id) = ann();
    // No actions yet: the first item is Housing.
    w.press(KeyCode::Enter);
    assert_eq!(editor(&w).form.get("status"), "barrier");
    w.key('r'); // Resolved
    w.tab(1);
    w.typed("Council flat from June");
    w.ctrl('s');
    let p = w.store.participant(id).unwrap();
    let housing = p
        .barriers
        .iter()
        .find(|b| b.kind == BarrierKind::Housing)
        .unwrap();
    assert_eq!(housing.status, BarrierStatus::Resolved);
    assert_eq!(housing.assessed, today());
    let history: Vec<_> = w
        .store
        .assessments(id)
        .unwrap()
        .into_iter()
        .filter(|a| a.kind == BarrierKind::Housing)
        .collect();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].status, BarrierStatus::Barrier);
    assert_eq!(history[0].assessed, today() - chrono::Days::new(90));
    assert_eq!(history[1].status, BarrierStatus::Resolved);
    assert_eq!(history[1].note, "Council flat from June");
}

#[test]
fn the_employer_record_is_edited_from_the_plan() {
    let (mut w, id) = ann();
    w.key('E');
    assert!(w.model.status.as_ref().unwrap().error, "no employer yet");
    let plan = Plan {
        employer: "Vale Motors".into(),
        ..Plan::default()
    };
    w.store.save_plan(id, 0, &plan).unwrap();
    w.key('q');
    w.key('p');
    w.key('E');
    w.tab(1);
    w.typed("Gary Lloyd");
    w.tab(1);
    w.typed("01632 960111");
    w.ctrl('s');
    let e = w.store.employer_named("Vale Motors").unwrap().unwrap();
    assert_eq!(
        (e.contact_name.as_str(), e.phone.as_str()),
        ("Gary Lloyd", "01632 960111")
    );
}

#[test]
fn a_known_employer_is_offered_and_right_arrow_takes_it() {
    let (mut w, id) = ann();
    w.store
        .add_employers(&keyworker::cli::demo::employers())
        .unwrap();
    w.key('e');
    w.tab(1);
    w.typed("sev");
    assert_eq!(
        editor(&w).form.field("employer").unwrap().suggestion(),
        Some("Severn Valley Logistics")
    );
    w.press(KeyCode::Right);
    assert_eq!(editor(&w).form.get("employer"), "Severn Valley Logistics");
    w.ctrl('s');
    assert_eq!(
        w.store.plan(id).unwrap().unwrap().plan.employer,
        "Severn Valley Logistics"
    );
}

#[test]
fn esc_keeps_the_plan_as_a_draft() {
    let (mut w, id) = ann();
    w.key('e');
    w.tab(2);
    w.typed("Kitchen porter");
    w.press(KeyCode::Esc);
    assert!(matches!(w.model.screen, Screen::Plan(_)));
    assert!(w.store.plan(id).unwrap().is_none());
    w.key('e');
    assert_eq!(editor(&w).form.get("job_title"), "Kitchen porter");
    assert_eq!(editor(&w).form.focused().key, "job_title");
}

#[test]
fn a_colleagues_plan_save_is_merged_not_overwritten() {
    let (mut w, id) = ann();
    w.key('e');
    w.tab(2);
    w.typed("Kitchen porter");
    let mut other =
        keyworker::store::Store::open(&w.db_path(), "priya.s", w.clock.clone()).unwrap();
    let theirs = Plan {
        employer: "Riverside Hotel".into(),
        ..Plan::default()
    };
    other.save_plan(id, 0, &theirs).unwrap();
    w.ctrl('s');
    assert!(
        matches!(w.model.screen, Screen::Editor(_)),
        "the form stays open"
    );
    assert_eq!(editor(&w).form.get("employer"), "Riverside Hotel");
    assert_eq!(editor(&w).form.get("job_title"), "Kitchen porter");
    assert_eq!(
        w.store.plan(id).unwrap().unwrap().plan.job_title,
        "",
        "theirs not overwritten"
    );
    w.ctrl('s');
    let p = w.store.plan(id).unwrap().unwrap().plan;
    assert_eq!(
        (p.employer.as_str(), p.job_title.as_str()),
        ("Riverside Hotel", "Kitchen porter")
    );
}

#[test]
fn h_shows_the_plan_history_newest_first() {
    let (mut w, id) = ann();
    w.store
        .save_plan(
            id,
            0,
            &Plan {
                hours_per_week: Some(16.0),
                ..Plan::default()
            },
        )
        .unwrap();
    w.store
        .save_plan(
            id,
            1,
            &Plan {
                hours_per_week: Some(20.0),
                ..Plan::default()
            },
        )
        .unwrap();
    w.key('h');
    let history = plan_screen(&w).history.clone().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[0].fields,
        vec![(
            "hours_per_week".to_string(),
            "16".to_string(),
            "20".to_string()
        )]
    );
    assert_eq!(history[0].who, ME);
    w.press(KeyCode::Esc);
    assert!(plan_screen(&w).history.is_none());
}

#[test]
fn a_long_plan_history_scrolls_to_its_oldest_change() {
    let (mut w, id) = ann();
    // Twenty changes: two lines each, far more than the box shows at 80x24.
    for v in 0..20 {
        w.store
            .save_plan(
                id,
                v,
                &Plan {
                    hours_per_week: Some(10.0 + v as f32),
                    ..Plan::default()
                },
            )
            .unwrap();
    }
    w.key('h');
    assert_eq!(plan_screen(&w).history.as_ref().map(Vec::len), Some(20));
    let first = common::screen(&w);
    assert!(first.contains("28 → 29"), "the newest first: {first}");
    assert!(!first.contains("— → 10"), "{first}");
    assert!(first.contains("j scroll"), "{first}");
    assert!(w.key('j'));
    assert_eq!(plan_screen(&w).history_top, 1);
    w.key('G');
    // The last line at the top: the first change of all.
    assert_eq!(plan_screen(&w).history_top, 39);
    let end = common::screen(&w);
    assert!(end.contains("— → 10"), "{end}");
    w.key('j');
    assert_eq!(plan_screen(&w).history_top, 39, "nothing past the end");
    w.key('g');
    assert_eq!(plan_screen(&w).history_top, 0);
    w.press(KeyCode::PageDown);
    assert_eq!(plan_screen(&w).history_top, 12);
    // Closed and opened again, it starts at the newest.
    w.press(KeyCode::Esc);
    w.key('h');
    assert_eq!(plan_screen(&w).history_top, 0);
}

#[test]
fn an_edited_action_keeps_its_place_and_is_audited() {
    let (mut w, id) = ann();
    let action = w
        .store
        .add_action(
            id,
            &ActionDetails {
                text: "Apply for bus pass".into(),
                owner: Owner::Participant,
                due: None,
                status: ActionStatus::Open,
            },
        )
        .unwrap();
    w.key('q');
    w.key('p');
    w.press(KeyCode::Enter);
    w.tab(2);
    w.typed("fri");
    w.ctrl('s');
    let a = w.store.action(action).unwrap().unwrap();
    assert!(a.details.due.is_some());
    assert_eq!(a.version, 2);
    let audit = w.store.audit(Some(id)).unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.entity == "action" && e.action == "update")
    );
}

#[test]
fn an_action_being_edited_when_keyworker_stopped_reopens_in_its_editor() {
    let (mut w, id) = ann();
    w.store
        .add_action(
            id,
            &ActionDetails {
                text: "Send the CV".into(),
                owner: Owner::Participant,
                due: None,
                status: ActionStatus::Open,
            },
        )
        .unwrap();
    w.key('q');
    w.key('p');
    w.press(KeyCode::Enter); // the action is first
    assert!(matches!(w.model.screen, Screen::Editor(_)));
    w.typed(" to Tesco");
    w.send(keyworker::app::Msg::DraftDue);
    // As after a dropped line: start again on the same file.
    let model = keyworker::app::Model::new(&mut w.store, ME, (80, 24)).unwrap();
    let Screen::Editor(e) = &model.screen else {
        panic!("not reopened in the editor");
    };
    assert_eq!(e.form.get("text"), "Send the CV to Tesco");
}
