//! `update` driven by key events, with no terminal: what a worker's keys do to the model and
//! to the database.

mod common;

use keyworker::domain::draft::DraftKey;

use common::{ME, World, clock, today};
use crossterm::event::KeyCode;
use keyworker::app::editors::EditorKind;
use keyworker::app::{Msg, Screen};
use keyworker::domain::{BarrierKind, Choice, Stage};

/// The participant form on screen.
struct Form<'a>(&'a keyworker::app::fields::Fields);

fn form(w: &World) -> Form<'_> {
    match &w.model.screen {
        Screen::Editor(e) if matches!(e.kind, EditorKind::Participant(_)) => Form(&e.form),
        _ => panic!("no participant form open"),
    }
}

impl Form<'_> {
    fn text(&self, key: &str) -> String {
        self.0.get(key)
    }
    fn error(&self, key: &str) -> Option<&'static str> {
        self.0.error(key)
    }
    fn focus(&self) -> &'static str {
        self.0.focused().key
    }
    fn stage(&self) -> Stage {
        Stage::from_code(&self.0.get("stage")).unwrap()
    }
}

fn participant_form_open(w: &World) -> bool {
    matches!(&w.model.screen, Screen::Editor(e) if matches!(e.kind, EditorKind::Participant(_)))
}

#[test]
fn typing_a_name_and_ctrl_s_adds_a_participant() {
    let mut w = World::empty();
    w.key('a');
    assert_eq!(form(&w).focus(), "name", "the cursor starts in Name");
    w.typed("Jane Doe");
    w.tab(2);
    w.typed("07700 900123");
    w.ctrl('s');
    assert!(matches!(w.model.screen, Screen::Caseload));
    assert_eq!(w.names(), vec!["Jane Doe"]);
    let id = w.model.caseload.selected_id().unwrap();
    let p = w.store.participant(id).unwrap();
    assert_eq!(p.details.phone, "07700 900123");
    assert_eq!(p.details.key_worker, ME, "key worker defaults to me");
    assert_eq!(p.details.referral_date, Some(today()));
    assert_eq!(p.details.stage, Stage::Referred);
    assert!(w.model.status.as_ref().unwrap().text.contains("Jane Doe"));
}

#[test]
fn empty_name_is_refused_next_to_the_field_and_nothing_is_saved() {
    let mut w = World::empty();
    w.key('a');
    w.ctrl('s');
    let f = form(&w);
    assert_eq!(f.error("name"), Some(keyworker::strings::NAME_REQUIRED));
    assert_eq!(w.store.participant_count().unwrap(), 0);
    // Fixing the name clears the message as it is typed.
    w.typed("J");
    assert_eq!(form(&w).error("name"), None);
}

#[test]
fn bad_phone_email_and_date_each_block_the_save() {
    let mut w = World::empty();
    w.key('a');
    w.typed("Jane Doe");
    w.tab(2);
    w.typed("07700 9OO123");
    w.tab(1);
    w.typed("jane.example.org");
    w.tab(3);
    w.typed("next week");
    w.ctrl('s');
    let f = form(&w);
    assert!(f.error("phone").is_some());
    assert!(f.error("email").is_some());
    assert!(f.error("referral_date").is_some());
    assert_eq!(f.focus(), "phone", "the cursor goes to the first problem");
    assert_eq!(w.store.participant_count().unwrap(), 0);
}

#[test]
fn a_quick_date_replaces_the_default_date() {
    let mut w = World::empty();
    w.key('a');
    w.typed("Jane Doe");
    w.tab(6);
    w.typed("-2w");
    w.ctrl('s');
    let id = w.model.caseload.selected_id().unwrap();
    let p = w.store.participant(id).unwrap();
    assert_eq!(
        p.details.referral_date,
        Some(today() - chrono::Days::new(14))
    );
}

#[test]
fn pick_lists_step_with_arrows_and_jump_by_letter() {
    let mut w = World::empty();
    w.key('a');
    w.typed("Jane Doe");
    w.tab(5);
    w.press(KeyCode::Right);
    w.tab(2);
    w.key('i'); // In work
    w.ctrl('s');
    let id = w.model.caseload.selected_id().unwrap();
    let p = w.store.participant(id).unwrap();
    assert_eq!(
        p.details.referral_route,
        keyworker::domain::ReferralRoute::SelfReferral
    );
    assert_eq!(p.details.stage, Stage::InWork);
}

#[test]
fn barriers_are_ticked_with_space_and_noted_with_n() {
    let mut w = World::empty();
    w.key('a');
    w.typed("Jane Doe");
    w.tab(8);
    w.key(' '); // Mental health
    w.key('j');
    w.key('j'); // Housing
    w.key('n');
    w.typed("Sofa surfing");
    w.press(KeyCode::Enter);
    w.ctrl('s');
    let id = w.model.caseload.selected_id().unwrap();
    let p = w.store.participant(id).unwrap();
    assert_eq!(
        p.details.barriers,
        vec![
            (BarrierKind::MentalHealth, String::new()),
            (BarrierKind::Housing, "Sofa surfing".to_string()),
        ]
    );
    assert!(p.barriers.iter().all(|b| b.assessed == today()));
}

#[test]
fn esc_keeps_the_typed_text_as_a_draft_that_comes_back() {
    let mut w = World::empty();
    w.key('a');
    w.typed("Half Typed");
    w.tab(2);
    w.typed("0770");
    w.press(KeyCode::Esc);
    assert!(matches!(w.model.screen, Screen::Caseload));
    assert_eq!(
        w.store.participant_count().unwrap(),
        0,
        "nothing half-saved"
    );
    w.restart();
    assert!(
        w.model.status.is_some(),
        "the start screen mentions the draft"
    );
    w.key('a');
    let f = form(&w);
    assert_eq!(f.text("name"), "Half Typed");
    assert_eq!(f.text("phone"), "0770");
    assert_eq!(f.focus(), "phone", "the cursor returns where it was");
    // Saving clears the draft.
    w.typed("0 900123");
    w.ctrl('s');
    assert_eq!(w.store.drafts().unwrap(), Vec::<DraftKey>::new());
}

#[test]
fn typing_schedules_a_draft_and_the_timer_writes_it() {
    let mut w = World::empty();
    w.key('a');
    assert!(
        w.model.draft_due.is_none(),
        "nothing typed, nothing to keep"
    );
    w.typed("Ann");
    assert!(w.model.draft_due.is_some());
    assert_eq!(w.store.draft(&DraftKey::Participant(None)).unwrap(), None);
    w.send(Msg::DraftDue);
    assert!(w.model.draft_due.is_none());
    let body = w
        .store
        .draft(&DraftKey::Participant(None))
        .unwrap()
        .unwrap();
    assert!(body.contains("Ann"));
}

#[test]
fn ctrl_c_in_a_form_keeps_a_draft_and_quits() {
    let mut w = World::empty();
    w.key('a');
    w.typed("Quick Quit");
    w.ctrl('c');
    assert!(w.model.quit);
    assert!(
        w.store
            .draft(&DraftKey::Participant(None))
            .unwrap()
            .unwrap()
            .contains("Quick Quit")
    );
}

#[test]
fn hangup_keeps_a_draft() {
    let mut w = World::empty();
    w.key('a');
    w.typed("Dropped Line");
    w.send(Msg::Hangup);
    assert!(w.model.quit);
    assert!(
        w.store
            .draft(&DraftKey::Participant(None))
            .unwrap()
            .unwrap()
            .contains("Dropped Line")
    );
}

#[test]
fn q_in_a_form_is_typed_not_a_quit() {
    let mut w = World::empty();
    w.key('a');
    w.typed("Quinn");
    assert_eq!(form(&w).text("name"), "Quinn");
    assert!(!w.model.quit);
}

#[test]
fn editing_the_stage_records_it_in_the_history() {
    let mut w = World::with_demo(30);
    let id = w.model.caseload.selected_id().unwrap();
    let before = w.store.participant(id).unwrap();
    let history_before = w.store.stage_history(id).unwrap().len();
    w.key('e');
    assert_eq!(form(&w).text("name"), before.details.name);
    w.tab(7);
    w.key('p'); // Paused or Progressing: either way a different stage
    let chosen = form(&w).stage();
    assert_ne!(chosen, before.details.stage);
    w.ctrl('s');
    let after = w.store.participant(id).unwrap();
    assert_eq!(after.details.stage, chosen);
    assert_eq!(after.stage_since, today());
    assert_eq!(after.version, before.version + 1);
    let history = w.store.stage_history(id).unwrap();
    assert_eq!(history.len(), history_before + 1);
    let last = history.last().unwrap();
    assert_eq!(
        (last.from, last.to, last.by.as_str()),
        (Some(before.details.stage), chosen, ME)
    );
}

#[test]
fn filter_narrows_on_every_keystroke_and_esc_clears_it() {
    let mut w = World::with_demo(60);
    let all = w.model.caseload.shown.len();
    w.key('/');
    let first = w.selected_name();
    let mut shown = all;
    for c in first.chars().take(4) {
        w.key(c);
        let now = w.model.caseload.shown.len();
        assert!(now <= shown, "narrowing never widens");
        shown = now;
    }
    assert!(shown < all);
    assert!(w.names().contains(&first));
    assert!(
        !w.model.caseload.highlights.is_empty(),
        "matched letters are marked"
    );
    w.press(KeyCode::Esc);
    assert_eq!(w.model.caseload.shown.len(), all);
    assert!(w.model.caseload.query.is_empty());
}

#[test]
fn filter_matches_phone_numbers() {
    let mut w = World::with_demo(60);
    let row = w.model.caseload.rows[w.model.caseload.scope[5] as usize].clone();
    w.key('/');
    w.typed(row.text.phone());
    assert!(
        w.model
            .caseload
            .shown
            .iter()
            .any(|&i| w.model.caseload.rows[i as usize].id == row.id)
    );
    w.press(KeyCode::Enter);
    assert!(matches!(w.model.screen, Screen::Participant(_)));
}

#[test]
fn list_keys_move_the_selection_and_keep_it_on_screen() {
    let mut w = World::with_demo(60);
    let n = w.model.caseload.shown.len();
    w.key('j');
    w.key('j');
    assert_eq!(w.model.caseload.selected, 2);
    w.key('k');
    assert_eq!(w.model.caseload.selected, 1);
    w.key('G');
    assert_eq!(w.model.caseload.selected, n - 1);
    let c = &w.model.caseload;
    assert!(c.selected >= c.offset && c.selected < c.offset + c.height);
    w.key('g');
    assert_eq!(w.model.caseload.selected, 0);
    assert_eq!(w.model.caseload.offset, 0);
    w.press(KeyCode::PageDown);
    assert_eq!(w.model.caseload.selected, w.model.caseload.height);
    w.press(KeyCode::Up);
    w.press(KeyCode::PageUp);
    assert_eq!(w.model.caseload.selected, 0);
}

#[test]
fn t_toggles_between_my_caseload_and_the_team() {
    let mut w = World::with_demo(60);
    let scoped = |w: &World| -> Vec<keyworker::domain::CaseloadRow> {
        let c = &w.model.caseload;
        c.scope
            .iter()
            .map(|&i| c.rows[i as usize].clone())
            .collect()
    };
    let mine = w.model.caseload.in_scope();
    assert!(scoped(&w).iter().all(|r| &*r.key_worker == ME));
    assert!(
        scoped(&w).iter().all(|r| r.stage != Stage::Exited),
        "closed cases are not in the default view"
    );
    w.key('t');
    let open_in_team = w.model.caseload.in_scope();
    assert!(mine < open_in_team);
    w.key('x');
    assert_eq!(w.model.caseload.in_scope(), 60, "x shows the exited too");
    assert!(scoped(&w).iter().any(|r| r.stage == Stage::Exited));
    w.key('x');
    assert_eq!(w.model.caseload.in_scope(), open_in_team);
    w.key('t');
    assert_eq!(w.model.caseload.in_scope(), mine);
    // A colleague's save while looking: the switch reads the list again.
    let mut jo = keyworker::store::Store::open(&w.db_path(), "jo", w.clock.clone()).unwrap();
    let mut d = w
        .store
        .participant(w.model.caseload.selected_id().unwrap())
        .unwrap();
    d.details.name = "Aaron Aardvark".into();
    jo.update_participant(d.id, d.version, &d.details, today())
        .unwrap();
    w.key('t');
    w.key('t');
    assert_eq!(w.names()[0], "Aaron Aardvark");
}

#[test]
fn enter_opens_the_participant_and_q_goes_back_without_quitting() {
    let mut w = World::with_demo(10);
    let id = w.model.caseload.selected_id().unwrap();
    w.press(KeyCode::Enter);
    match &w.model.screen {
        Screen::Participant(p) => assert_eq!(p.participant.id, id),
        _ => panic!("participant not open"),
    }
    w.key('q');
    assert!(matches!(w.model.screen, Screen::Caseload));
    assert!(!w.model.quit);
    w.key('q');
    assert!(w.model.quit);
}

#[test]
fn esc_on_the_caseload_does_not_quit() {
    let mut w = World::with_demo(10);
    w.press(KeyCode::Esc);
    assert!(!w.model.quit);
}

#[test]
fn help_opens_and_closes() {
    let mut w = World::with_demo(5);
    w.key('?');
    assert!(w.model.help);
    w.key('j');
    assert_eq!(
        w.model.caseload.selected, 0,
        "keys do not leak through help"
    );
    w.press(KeyCode::Esc);
    assert!(!w.model.help);
}

#[test]
fn edit_from_the_participant_screen_returns_there() {
    let mut w = World::with_demo(5);
    w.press(KeyCode::Enter);
    w.key('e');
    w.tab(1);
    w.typed("Bee");
    w.ctrl('s');
    match &w.model.screen {
        Screen::Participant(p) => assert_eq!(p.participant.details.preferred_name, "Bee"),
        _ => panic!("should be back on the participant"),
    }
}

#[test]
fn a_stale_edit_is_refused_and_the_typed_text_kept() {
    let mut w = World::with_demo(5);
    let id = w.model.caseload.selected_id().unwrap();
    w.key('e');
    w.tab(1);
    w.typed("Mine");
    // A colleague saves the same participant first.
    let mut other =
        keyworker::store::Store::open(&w.db_path(), "priya.s", w.clock.clone()).unwrap();
    let p = other.participant(id).unwrap();
    let mut theirs = p.details.clone();
    theirs.phone = "07700 900999".into();
    other
        .update_participant(id, p.version, &theirs, today())
        .unwrap();

    w.ctrl('s');
    let f = form(&w);
    assert_eq!(
        f.text("preferred_name"),
        "Mine",
        "typed text stays on screen"
    );
    assert!(w.model.status.as_ref().unwrap().error);
    let stored = w.store.participant(id).unwrap();
    assert_eq!(
        stored.details.phone, "07700 900999",
        "their save is not overwritten"
    );
    assert!(
        w.store
            .draft(&DraftKey::Participant(Some(id)))
            .unwrap()
            .unwrap()
            .contains("Mine")
    );

    // Their change is merged into the form; saving again keeps both.
    assert_eq!(form(&w).text("phone"), "07700 900999");
    w.ctrl('s');
    let stored = w.store.participant(id).unwrap();
    assert_eq!(stored.details.preferred_name, "Mine");
    assert_eq!(stored.details.phone, "07700 900999");
}

#[test]
fn a_field_changed_by_both_is_named_and_mine_is_shown() {
    let mut w = World::with_demo(5);
    let id = w.model.caseload.selected_id().unwrap();
    w.key('e');
    w.tab(2);
    w.typed("07700 900111");
    w.press(KeyCode::Esc); // leave it as a draft
    let mut other =
        keyworker::store::Store::open(&w.db_path(), "priya.s", w.clock.clone()).unwrap();
    let p = other.participant(id).unwrap();
    let mut theirs = p.details.clone();
    theirs.phone = "07700 900222".into();
    theirs.postcode = "WR1 1AA".into();
    other
        .update_participant(id, p.version, &theirs, today())
        .unwrap();

    w.key('e');
    let f = form(&w);
    assert_eq!(f.text("phone"), "07700 900111");
    assert_eq!(f.text("postcode"), "WR1 1AA");
    assert!(w.model.status.as_ref().unwrap().text.contains("Phone"));
    // Theirs and mine side by side, mine kept until I say otherwise.
    let screen = format!("{}", common::draw(&w, 80, 24).backend());
    assert!(screen.contains("Changed by someone else"), "{screen}");
    assert!(screen.contains("Saved by priya.s"), "{screen}");
    assert!(screen.contains("07700 900222") && screen.contains("✓ 07700 900111"));
    w.ctrl('s'); // not while choosing
    assert_eq!(
        w.store.participant(id).unwrap().details.phone,
        "07700 900222"
    );
    w.press(KeyCode::Enter);
    w.ctrl('s');
    let stored = w.store.participant(id).unwrap();
    assert_eq!(
        (
            stored.details.phone.as_str(),
            stored.details.postcode.as_str()
        ),
        ("07700 900111", "WR1 1AA")
    );
}

#[test]
fn pasted_control_characters_never_reach_a_field() {
    let mut w = World::empty();
    w.key('a');
    w.send(Msg::Paste("Eve\u{1b}]52;c;SGk=\u{7} Evil\u{202e}".into()));
    assert_eq!(form(&w).text("name"), "Eve]52;c;SGk= Evil");
}

#[test]
fn a_new_worker_on_a_shared_file_starts_on_the_team() {
    let mut w = World::with_demo(9);
    let path = w.db_path();
    let mut store = keyworker::store::Store::open(&path, "newbie", clock()).unwrap();
    let model = keyworker::app::Model::new(&mut store, "newbie", (80, 24)).unwrap();
    assert!(model.caseload.team);
    let open = model
        .caseload
        .rows
        .iter()
        .filter(|r| r.stage != keyworker::domain::Stage::Exited);
    assert_eq!(
        model.caseload.in_scope(),
        open.count(),
        "everyone open, any worker's"
    );
    assert!(model.caseload.in_scope() > 3);
    w.restart();
    assert!(!w.model.caseload.team);
}

#[test]
fn the_idle_lock_hides_everyone_keeps_the_typing_and_enter_comes_back() {
    let mut w = World::with_demo(20);
    let name = w.selected_name();
    w.key('c');
    w.typed("Half a note");
    let before = w.model.last_input;
    assert_eq!(
        w.model.lock_at(),
        Some(before + std::time::Duration::from_secs(600)),
        "ten minutes after the last key, by default"
    );
    assert!(w.send(Msg::Lock));
    assert!(w.model.locked);
    assert_eq!(
        w.model.lock_at(),
        None,
        "a locked screen does not lock again"
    );
    assert!(
        w.model.next_tick().is_none(),
        "no timer redraws behind the lock"
    );
    let screen = format!("{}", common::draw(&w, 80, 24).backend());
    assert!(screen.contains("locked"));
    assert!(!screen.contains(&name), "no names while locked");
    assert!(!screen.contains("Half a note"));
    let drafts = w.store.drafts().unwrap();
    assert_eq!(
        drafts.len(),
        1,
        "the note was kept as a draft when the screen locked"
    );
    // Keys other than Enter do nothing, and type nothing.
    w.typed("xyz");
    assert!(w.model.locked);
    w.press(KeyCode::Enter);
    assert!(!w.model.locked);
    let screen = format!("{}", common::draw(&w, 80, 24).backend());
    assert!(screen.contains("Half a note"), "back where it was");
    assert!(!screen.contains("xyz"));
}

#[test]
fn a_team_profile_can_turn_the_lock_off() {
    let mut w = World::empty();
    w.model.profile.session.lock_after_minutes = 0;
    assert_eq!(w.model.lock_at(), None);
    w.model.profile.session.lock_after_minutes = 2;
    assert!(w.model.lock_at().is_some());
}

#[test]
fn a_form_open_when_keyworker_stopped_comes_back_by_itself_but_one_closed_with_esc_waits() {
    let mut w = World::with_demo(5);
    let who = w.selected_name();
    w.key('c');
    w.typed("Call cut short");
    w.send(Msg::DraftDue);
    // As after kill -9: a new model on the same file, nothing closed.
    let model = keyworker::app::Model::new(&mut w.store, ME, (80, 24)).unwrap();
    assert!(matches!(model.screen, Screen::Contact(_)), "reopened");
    assert!(
        model
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("Recovered what you were typing")
    );
    w.model = model;
    w.model.color = false;
    let screen = format!("{}", common::draw(&w, 80, 24).backend());
    assert!(screen.contains("Call cut short"), "{screen}");
    assert!(screen.contains(&who));
    w.press(KeyCode::Esc);
    let model = keyworker::app::Model::new(&mut w.store, ME, (80, 24)).unwrap();
    assert!(
        !matches!(model.screen, Screen::Contact(_)),
        "parked with Esc"
    );
    assert!(model.status.unwrap().text.contains("kept as a draft"));
}

#[test]
fn on_the_conflict_screen_each_field_can_keep_theirs_or_mine() {
    let mut w = World::with_demo(5);
    let id = w.model.caseload.selected_id().unwrap();
    w.key('e');
    w.tab(2);
    w.typed("07700 900111"); // phone
    w.tab(1);
    w.typed("mine@example.org"); // email
    // Priya saves both fields meanwhile.
    let mut other =
        keyworker::store::Store::open(&w.db_path(), "priya.s", w.clock.clone()).unwrap();
    let p = other.participant(id).unwrap();
    let mut theirs = p.details.clone();
    theirs.phone = "07700 900222".into();
    theirs.email = "theirs@example.org".into();
    other
        .update_participant(id, p.version, &theirs, today())
        .unwrap();
    w.ctrl('s');
    assert!(participant_form_open(&w), "not saved over theirs");
    let contexts = w.model.contexts();
    assert_eq!(contexts[1], keyworker::keymap::Context::Conflict);
    if let Screen::Editor(e) = &mut w.model.screen {
        // The real time would change the picture on every run.
        e.form.conflict.as_mut().unwrap().by = Some("priya.s at 10:42 on 23/11".into());
    }
    insta::assert_snapshot!("conflict_80x24", common::draw(&w, 80, 24).backend());
    // Phone is first: keep theirs; the cursor moves to Email: keep mine.
    w.key('t');
    w.key('m');
    w.press(KeyCode::Enter);
    let f = form(&w);
    assert_eq!(f.text("phone"), "07700 900222");
    assert_eq!(f.text("email"), "mine@example.org");
    w.ctrl('s');
    let stored = w.store.participant(id).unwrap();
    assert_eq!(stored.details.phone, "07700 900222");
    assert_eq!(stored.details.email, "mine@example.org");
    assert_eq!(stored.version, p.version + 2);
}

#[test]
fn a_plan_edited_by_two_workers_shows_the_conflict_and_all_theirs_takes_every_field() {
    let mut w = World::with_demo(5);
    let id = w.model.caseload.selected_id().unwrap();
    w.key('p');
    w.key('e');
    w.tab(2); // Job title
    w.typed("Mine title");
    let mut other =
        keyworker::store::Store::open(&w.db_path(), "priya.s", w.clock.clone()).unwrap();
    let stored = other.plan(id).unwrap();
    let mut plan = stored.as_ref().map(|s| s.plan.clone()).unwrap_or_default();
    plan.job_title = "Their title".into();
    other
        .save_plan(id, stored.map_or(0, |s| s.version), &plan)
        .unwrap();
    w.ctrl('s');
    let screen = format!("{}", common::draw(&w, 80, 24).backend());
    assert!(
        screen.contains("Their title") && screen.contains("Mine title"),
        "{screen}"
    );
    w.key('T');
    w.press(KeyCode::Esc);
    w.ctrl('s');
    assert_eq!(
        w.store.plan(id).unwrap().unwrap().plan.job_title,
        "Their title"
    );
}

#[test]
fn a_participant_draft_from_before_the_shared_form_comes_back() {
    let mut w = World::empty();
    // As the earlier participant form wrote it: texts by field number, barriers with notes.
    let old = r#"{"editing":null,"focus":2,"texts":[[0,"Half Typed"],[1,""],[2,"07700 900123"],[3,""],[4,""],[6,"23/11/2026"],[9,"sam"]],"route":"gp_social_prescriber","stage":"engaged","barriers":[["housing",true,"Sofa surfing"],["debt",false,""]],"barrier_cursor":2,"base":null}"#;
    w.store
        .save_draft(&DraftKey::Participant(None), old)
        .unwrap();
    w.key('a');
    let f = form(&w);
    assert_eq!(f.text("name"), "Half Typed");
    assert_eq!(f.text("phone"), "07700 900123");
    assert_eq!(f.text("referral_route"), "gp_social_prescriber");
    assert_eq!(f.stage(), Stage::Engaged);
    assert_eq!(f.text("barriers"), r#"[["housing","Sofa surfing"]]"#);
    w.ctrl('s');
    let added = w.store.participant(1).unwrap();
    assert_eq!(added.details.name, "Half Typed");
    assert_eq!(
        added.details.barriers,
        vec![(BarrierKind::Housing, "Sofa surfing".to_string())]
    );
}

#[test]
fn a_barrier_note_keeps_every_character_through_a_draft_and_a_save() {
    let mut w = World::empty();
    w.key('a');
    w.typed("Ann Lee");
    w.tab(8);
    w.key('n');
    w.typed("shifts 9|5: fine, nights | never");
    w.press(KeyCode::Enter);
    w.send(Msg::DraftDue);
    w.restart();
    w.key('a');
    assert!(
        form(&w)
            .text("barriers")
            .contains("shifts 9|5: fine, nights | never")
    );
    w.ctrl('s');
    let p = w.store.participant(1).unwrap();
    assert_eq!(
        p.details.barriers,
        vec![(
            BarrierKind::ALL[0],
            "shifts 9|5: fine, nights | never".to_string()
        )]
    );
}
