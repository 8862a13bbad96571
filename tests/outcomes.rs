//! The outcomes screen driven by keys: formal outcomes, soft scores, spend, closing and
//! reopening a case; and how it draws.

mod common;

use common::{ME, World, today};
use crossterm::event::KeyCode;
use keyworker::app::Screen;
use keyworker::domain::outcome::{ExitReason, Occasion, OutcomeKind, SpendCategory};
use keyworker::domain::{ParticipantDetails, ReferralRoute, Stage};

/// One participant, Ann Lee, in work, with the outcomes screen open from her record.
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
        barriers: vec![],
        key_worker: ME.into(),
        availability: Default::default(),
    };
    let id = w
        .store
        .add_participant(&details, today() - chrono::Days::new(90))
        .unwrap();
    w.restart();
    w.press(KeyCode::Enter);
    w.key('o');
    assert!(matches!(w.model.screen, Screen::Outcomes(_)));
    (w, id)
}

use common::screen;

#[test]
fn a_formal_outcome_needs_evidence_and_is_kept_with_its_date() {
    let (mut w, id) = ann();
    w.key('a');
    assert!(matches!(w.model.screen, Screen::Editor(_)));
    // Sustained 13 weeks: the second S in the list.
    w.key('S');
    w.key('S');
    w.ctrl('s');
    assert!(
        matches!(w.model.screen, Screen::Editor(_)),
        "no evidence, not saved"
    );
    assert!(screen(&w).contains("what shows it happened?"));
    assert!(w.store.outcomes(id).unwrap().is_empty());
    // The cursor went to the field to fix.
    w.typed("Payslip seen");
    w.ctrl('s');
    let saved = w.store.outcomes(id).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].kind, OutcomeKind::Sustained13Weeks);
    assert_eq!(saved[0].on, today());
    assert_eq!(saved[0].evidence, "Payslip seen");
    assert_eq!(saved[0].by, ME);
    assert!(matches!(w.model.screen, Screen::Outcomes(_)));
    assert!(screen(&w).contains("Sustained 13 weeks"));
    let audit = w.store.audit(Some(id)).unwrap();
    assert!(audit.iter().any(|a| a.entity == "outcome"));
}

#[test]
fn soft_scores_start_at_entry_then_count_as_reviews_and_show_the_change() {
    let (mut w, id) = ann();
    w.key('s');
    // The cursor starts on the first scale; blank scales are not scored.
    w.typed("3");
    w.tab(1);
    w.typed("11");
    w.ctrl('s');
    assert!(
        screen(&w).contains("a score from 1 to 10"),
        "{}",
        screen(&w)
    );
    assert!(w.store.soft_scores(id).unwrap().is_empty());
    w.press(KeyCode::Backspace);
    w.ctrl('s');
    let scores = w.store.soft_scores(id).unwrap();
    assert_eq!(scores.len(), 2);
    assert!(scores.iter().all(|s| s.occasion == Occasion::Entry));
    assert_eq!(
        scores
            .iter()
            .map(|s| (s.scale.as_str(), s.score))
            .collect::<Vec<_>>(),
        vec![("confidence", 3), ("wellbeing", 1)]
    );

    w.key('s');
    assert!(screen(&w).contains("Confidence (was 3)"));
    w.typed("7");
    w.ctrl('s');
    let scores = w.store.soft_scores(id).unwrap();
    assert_eq!(scores.len(), 3);
    assert_eq!(scores[2].occasion, Occasion::Review);
    let s = screen(&w);
    let row = s.lines().find(|l| l.contains("Confidence")).unwrap();
    assert!(row.contains("+4"), "{row}");
    assert!(row.contains("▂▅"), "a rising two-bar chart: {row}");
}

#[test]
fn spend_is_kept_in_pence_and_needs_an_amount_and_an_approver() {
    let (mut w, id) = ann();
    w.key('m');
    w.typed("twelve");
    w.ctrl('s');
    assert!(screen(&w).contains("pounds, like 12.50"));
    assert!(screen(&w).contains("who approved it?"));
    for _ in 0..6 {
        w.press(KeyCode::Backspace);
    }
    w.typed("12.5");
    w.tab(1);
    w.key('c'); // Clothing
    w.tab(1);
    w.typed("Interview shoes");
    w.tab(1);
    w.typed("Pat Morgan");
    w.ctrl('s');
    let spend = w.store.spend(id).unwrap();
    assert_eq!(spend.len(), 1);
    assert_eq!(spend[0].pence, 1250);
    assert_eq!(spend[0].category, SpendCategory::Clothing);
    assert_eq!(spend[0].approved_by, "Pat Morgan");
    assert!(screen(&w).contains("Spend · £12.50"));
}

#[test]
fn closing_a_case_asks_why_takes_it_off_the_caseload_and_reopening_brings_it_back() {
    let (mut w, id) = ann();
    w.key('x');
    w.ctrl('s');
    assert!(screen(&w).contains("why is it closing?"));
    w.key('m'); // Moved to other support
    w.key('m'); // Moved away
    w.tab(2);
    w.typed("Moving to Leeds");
    w.ctrl('s');
    let p = w.store.participant(id).unwrap();
    assert_eq!(p.details.stage, Stage::Exited);
    let exit = w.store.exit_of(id).unwrap().unwrap();
    assert_eq!(exit.reason, ExitReason::MovedAway);
    assert_eq!(exit.on, today());
    assert_eq!(exit.note, "Moving to Leeds");
    assert!(screen(&w).contains("Closed 23/11/2026: Moved away"));
    let history = w.store.stage_history(id).unwrap();
    assert_eq!(history.last().unwrap().to, Stage::Exited);

    w.key('q');
    assert!(screen(&w).contains("Exit reason"));
    w.key('q');
    assert!(
        w.model.caseload.in_scope() == 0,
        "closed cases leave the list"
    );
    w.key('x');
    assert_eq!(w.model.caseload.in_scope(), 1);
    assert!(screen(&w).contains("with exited"));

    w.press(KeyCode::Enter);
    w.key('o');
    w.key('x');
    assert!(screen(&w).contains("Case reopened at In work"));
    assert_eq!(
        w.store.participant(id).unwrap().details.stage,
        Stage::InWork
    );
    assert_eq!(w.store.exit_of(id).unwrap(), None);
    assert_eq!(w.store.stage_history(id).unwrap().len(), 3);
}

#[test]
fn the_participant_form_does_not_close_a_case_without_a_reason() {
    let (mut w, id) = ann();
    w.key('q');
    w.key('e');
    // Stage is the eighth field; E picks Exited.
    w.tab(7);
    w.key('E');
    w.ctrl('s');
    assert!(matches!(
        &w.model.screen,
        Screen::Editor(e) if matches!(e.kind, keyworker::app::editors::EditorKind::Participant(_))
    ));
    assert!(
        screen(&w).contains("close it from o, with x"),
        "{}",
        screen(&w)
    );
    assert_eq!(
        w.store.participant(id).unwrap().details.stage,
        Stage::InWork
    );
}

#[test]
fn the_outcomes_screen_draws_at_every_size() {
    let (mut w, id) = ann();
    w.store
        .add_outcome(
            id,
            OutcomeKind::JobStart,
            today() - chrono::Days::new(60),
            "Contract seen",
        )
        .unwrap();
    for (on, score) in [(90, 3), (45, 5), (1, 8)] {
        w.store
            .add_scores(
                id,
                if on == 90 {
                    Occasion::Entry
                } else {
                    Occasion::Review
                },
                today() - chrono::Days::new(on),
                &[
                    ("confidence".into(), score),
                    ("readiness".into(), score - 1),
                ],
            )
            .unwrap();
    }
    w.store
        .add_spend(
            id,
            &keyworker::store::NewSpend {
                on: today() - chrono::Days::new(30),
                pence: 6500,
                category: SpendCategory::Travel,
                note: "Bus pass".into(),
                approved_by: "Pat Morgan".into(),
            },
        )
        .unwrap();
    w.key('q');
    w.key('o');
    insta::assert_snapshot!("outcomes_80x24", common::draw(&w, 80, 24).backend());
    insta::assert_snapshot!("outcomes_40x10", common::draw(&w, 40, 10).backend());
    insta::assert_snapshot!("outcomes_wide_160x40", common::draw(&w, 160, 40).backend());
}
