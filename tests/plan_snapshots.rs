//! The plan pane as a worker sees it: no plan yet, before a job, in work with overdue
//! actions, with consent to contact the employer refused; its editor and its history.

mod common;

use common::{ME, World, draw, today};
use crossterm::event::KeyCode;
use keyworker::domain::plan::{
    ActionDetails, ActionStatus, BarrierStatus, Channel, Consent, ContractType, Employer,
    Frequency, Goal, Owner, Plan, PracticalHelp,
};
use keyworker::domain::{BarrierKind, ParticipantDetails, ReferralRoute, Stage};

fn days(n: u64) -> chrono::Days {
    chrono::Days::new(n)
}

/// Ann Lee at `stage`, with housing and transport barriers; returns the world and her id.
fn person(stage: Stage) -> (World, i64) {
    let mut w = World::empty();
    let details = ParticipantDetails {
        name: "Ann Lee".into(),
        preferred_name: "Annie".into(),
        phone: "07700 900123".into(),
        email: "ann.lee@example.org".into(),
        postcode: "WR1 2JJ".into(),
        referral_route: ReferralRoute::JobcentrePlus,
        referral_date: Some(today() - days(120)),
        stage,
        barriers: vec![
            (BarrierKind::Housing, "Sofa surfing".into()),
            (BarrierKind::Transport, "No bus after 6pm".into()),
        ],
        key_worker: ME.into(),
        availability: Default::default(),
    };
    let id = w
        .store
        .add_participant(&details, today() - days(120))
        .unwrap();
    (w, id)
}

fn action(
    w: &mut World,
    id: i64,
    text: &str,
    owner: Owner,
    due: Option<i64>,
    status: ActionStatus,
) {
    let due = due.map(|d| {
        if d < 0 {
            today() - days(d.unsigned_abs())
        } else {
            today() + days(d as u64)
        }
    });
    w.store
        .add_action(
            id,
            &ActionDetails {
                text: text.into(),
                owner,
                due,
                status,
            },
        )
        .unwrap();
}

fn in_work(consent: Consent) -> (World, i64) {
    let (mut w, id) = person(Stage::InWork);
    w.store
        .add_employers(&[Employer {
            name: "Sunrise Care Homes".into(),
            contact_name: "Jan Holloway".into(),
            phone: "01632 960101".into(),
            ..Employer::default()
        }])
        .unwrap();
    let plan = Plan {
        job_start: Some(today() - days(42)),
        employer: "Sunrise Care Homes".into(),
        job_title: "Care assistant".into(),
        hours_per_week: Some(16.0),
        contract_type: Some(ContractType::Permanent),
        consent_employer_contact: Some(consent),
        practical_help: vec![PracticalHelp::TravelMoney, PracticalHelp::WorkClothes],
        contact_channel: Some(Channel::Phone),
        contact_frequency: Some(Frequency::Weekly),
        support_agreed: "Weekly call Friday lunchtime\nBus pass until first wage".into(),
        other_support: "Help reading the payslip".into(),
        long_term_goals: vec![Goal::MoreHours, Goal::Other],
        long_term_goals_other: "Team leader in two years".into(),
        ..Plan::default()
    };
    w.store.save_plan(id, 0, &plan).unwrap();
    action(
        &mut w,
        id,
        "Bring bank details to HR",
        Owner::Participant,
        Some(-3),
        ActionStatus::Open,
    );
    action(
        &mut w,
        id,
        "Apply for a bus pass",
        Owner::Participant,
        Some(4),
        ActionStatus::Open,
    );
    action(
        &mut w,
        id,
        "Check in with Jan at Sunrise",
        Owner::KeyWorker,
        None,
        ActionStatus::Open,
    );
    action(
        &mut w,
        id,
        "Buy work shoes",
        Owner::Participant,
        Some(-20),
        ActionStatus::Done,
    );
    w.store
        .assess_barrier(
            id,
            BarrierKind::Housing,
            BarrierStatus::Improving,
            "Council flat offered",
            today() - days(30),
        )
        .unwrap();
    (w, id)
}

fn open_plan(w: &mut World) {
    w.restart();
    w.key('p');
}

#[test]
fn plan_empty_80x24() {
    let (mut w, _) = person(Stage::Referred);
    open_plan(&mut w);
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn plan_pre_employment_80x24() {
    let (mut w, id) = person(Stage::Engaged);
    let plan = Plan {
        contact_channel: Some(Channel::FaceToFace),
        contact_frequency: Some(Frequency::Fortnightly),
        support_agreed: "Meet at the library on Tuesdays to job search together".into(),
        long_term_goals: vec![Goal::Career],
        ..Plan::default()
    };
    w.store.save_plan(id, 0, &plan).unwrap();
    action(
        &mut w,
        id,
        "Update CV with recent volunteering",
        Owner::Participant,
        Some(2),
        ActionStatus::Open,
    );
    action(
        &mut w,
        id,
        "Book a place on the CSCS card course",
        Owner::Participant,
        Some(9),
        ActionStatus::Open,
    );
    open_plan(&mut w);
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn plan_in_work_with_overdue_actions_80x24() {
    let (mut w, _) = in_work(Consent::Yes);
    open_plan(&mut w);
    let t = draw(&w, 80, 24);
    insta::assert_snapshot!(t.backend());
    let screen = format!("{}", t.backend());
    assert!(
        screen.contains("! Bring bank details"),
        "overdue action marked"
    );
    assert!(screen.contains("3d late"));
}

#[test]
fn plan_consent_no_hides_employer_contact_80x24() {
    let (mut w, _) = in_work(Consent::No);
    open_plan(&mut w);
    let t = draw(&w, 80, 24);
    insta::assert_snapshot!(t.backend());
    let screen = format!("{}", t.backend());
    assert!(!screen.contains("01632 960101"));
    // And on the participant screen.
    w.key('q');
    w.press(KeyCode::Enter);
    let screen = format!("{}", draw(&w, 80, 24).backend());
    assert!(screen.contains("Sunrise Care Homes"));
    assert!(!screen.contains("Jan Holloway"));
    assert!(!screen.contains("01632 960101"));
}

#[test]
fn plan_editor_80x24() {
    let (mut w, _) = in_work(Consent::Yes);
    open_plan(&mut w);
    w.key('e');
    insta::assert_snapshot!(draw(&w, 80, 24).backend());
}

#[test]
fn plan_history_80x24() {
    let (mut w, id) = in_work(Consent::Yes);
    let stored = w.store.plan(id).unwrap().unwrap();
    let more = Plan {
        hours_per_week: Some(24.0),
        ..stored.plan
    };
    w.store.save_plan(id, stored.version, &more).unwrap();
    open_plan(&mut w);
    w.key('h');
    let t = draw(&w, 80, 24);
    let screen = format!("{}", t.backend());
    assert!(screen.contains("Hours a week: 16 → 24"));
    assert!(screen.contains("Employer: — → Sunrise Care Homes"));
}

#[test]
fn plan_tiny_and_wide_do_not_break() {
    let (mut w, _) = in_work(Consent::Yes);
    open_plan(&mut w);
    for (width, height) in [(40, 10), (60, 15), (200, 60)] {
        w.send(keyworker::app::Msg::Resize(width, height));
        draw(&w, width, height);
    }
    w.send(keyworker::app::Msg::Resize(160, 40));
    insta::assert_snapshot!(draw(&w, 160, 40).backend());
}
