//! The team lead's view: the team pane's figures, handing marked people to another worker,
//! cover for a colleague's caseload, risk flags, and safeguarding concerns decided by a lead.
//! Driven by keys on a world, with the store read back, and drawn at three sizes.

mod common;

use common::{ME, World, clock, today};
use crossterm::event::KeyCode;
use keyworker::app::Screen;
use keyworker::domain::profile::Profile;
use keyworker::domain::reminder::ReminderKind;
use keyworker::domain::team::*;
use keyworker::store::{ReminderQuery, Store};

/// A profile naming `leads` as the team leads.
fn led_by(leads: &[&str]) -> Profile {
    let mut p = Profile::default();
    p.team.leads = leads.iter().map(|s| s.to_string()).collect();
    p
}

/// Sam (a lead) with Ann Lee, Bob Roy and Cy Dee; Jo with Di Fox; the caseload open.
fn team() -> (World, [i64; 4]) {
    let mut w = World::empty();
    w.store = Store::open_with(&w.db_path(), ME, led_by(&[ME]), w.clock.clone()).unwrap();
    let mut ids = [0; 4];
    for (i, name) in ["Ann Lee", "Bob Roy", "Cy Dee"].iter().enumerate() {
        ids[i] = w
            .store
            .add_participant(&common::person(name), today())
            .unwrap();
    }
    ids[3] = w
        .store
        .add_participant(
            &keyworker::domain::ParticipantDetails {
                key_worker: "jo".into(),
                ..common::person("Di Fox")
            },
            today(),
        )
        .unwrap();
    w.restart();
    (w, ids)
}

use common::screen_at as screen;

/// A worker's reminders due within `days` of today.
fn due_for(store: &Store, worker: &str, days: u64) -> Vec<keyworker::domain::reminder::Reminder> {
    store
        .reminders(ReminderQuery {
            worker: Some(worker),
            participant: None,
            until: today() + chrono::Days::new(days),
        })
        .unwrap()
}

/// A worker's reminders for the year ahead: whose, and what.
fn mine(store: &Store, worker: &str) -> Vec<(String, String)> {
    due_for(store, worker, 400)
        .into_iter()
        .map(|r| (r.participant, r.title))
        .collect()
}

/// What the audit log says was done to a person's `entity`, in order.
fn audited(store: &Store, id: i64, entity: &str) -> Vec<String> {
    store
        .audit(Some(id))
        .unwrap()
        .into_iter()
        .filter(|a| a.entity == entity)
        .map(|a| a.action)
        .collect()
}

/// The status line holds `text`.
fn says(w: &World, text: &str) {
    assert!(status(w).contains(text), "{}", status(w));
}

fn status(w: &World) -> String {
    w.model
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn three_marked_are_handed_over_with_a_note_that_shows_on_the_new_workers_brief() {
    let (mut w, [ann, bob, cy, _]) = team();
    let (mine_before, jos_before) = (mine(&w.store, ME).len(), mine(&w.store, "jo").len());
    assert!(mine_before > 0);
    // Space marks and moves on, so three presses mark the first three.
    for _ in 0..3 {
        w.key(' ');
    }
    assert_eq!(w.model.caseload.marked.len(), 3);
    assert!(screen(&w, 80, 24).contains("[x] Ann Lee"));
    w.key('H');
    assert!(matches!(w.model.screen, Screen::Editor(_)));
    // No note: refused beside the field, nothing moves.
    w.typed("jo");
    w.ctrl('s');
    says(&w, "fix");
    assert_eq!(w.store.participant(ann).unwrap().details.key_worker, ME);
    // The failed save put the cursor on the note.
    w.typed("Ann needs a call about her bus pass first");
    w.ctrl('s');
    assert_eq!(status(&w), "Handed over 3 people to jo.");
    assert!(matches!(w.model.screen, Screen::Caseload));
    assert!(w.model.caseload.marked.is_empty());
    for id in [ann, bob, cy] {
        let p = w.store.participant(id).unwrap();
        assert_eq!(p.details.key_worker, "jo");
        let h = w.store.handovers(id).unwrap();
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].from.as_str(), h[0].to.as_str()), (ME, "jo"));
        assert_eq!(h[0].note, "Ann needs a call about her bus pass first");
        assert_eq!(audited(&w.store, id, "participant"), ["create", "handover"]);
    }
    // The participant screen's history says from whom, to whom, when and why.
    keyworker::app::nav::go(
        &mut w.model,
        &w.store,
        keyworker::app::Route::Participant(ann),
    );
    let shown = screen(&w, 120, 30);
    assert!(
        shown.contains("23/11/2026 key worker sam → jo: Ann needs a call about"),
        "{shown}"
    );
    w.key('q');
    // My caseload is empty of them; their reminders went with them.
    assert!(w.names().is_empty());
    assert!(mine(&w.store, ME).is_empty());
    assert_eq!(mine(&w.store, "jo").len(), mine_before + jos_before);
    // Jo opens Ann's brief: the note is first, until Jo's first completed contact.
    let mut jo = Store::open(&w.db_path(), "jo", clock()).unwrap();
    let mut model = keyworker::app::Model::new(&mut jo, "jo", (80, 24)).unwrap();
    model.color = false;
    keyworker::app::nav::go(&mut model, &jo, keyworker::app::Route::Brief(ann));
    let Screen::Brief(b) = &model.screen else {
        panic!("no brief");
    };
    assert_eq!(
        b.person.fresh_handover.as_ref().map(|h| h.note.as_str()),
        Some("Ann needs a call about her bus pass first")
    );
    use keyworker::domain::contact::*;
    jo.add_contact(
        ann,
        &ContactDetails {
            at: common::at("2026-11-23T11:00:00+00:00"),
            channel: ContactChannel::Phone,
            with: With::Participant,
            outcome: Outcome::Completed,
            duration_minutes: Some(5),
            notes: "Bus pass sorted".into(),
            in_work: None,
            next_contact: None,
        },
        &[],
        None,
    )
    .unwrap();
    assert_eq!(jo.fresh_handover(ann).unwrap(), None);
}

#[test]
fn star_marks_everyone_the_filter_shows_and_again_clears_them() {
    let (mut w, [_, bob, ..]) = team();
    w.key('/');
    w.typed("bob");
    w.press(KeyCode::Enter);
    // Enter opened Bob; back to the list with the filter kept.
    w.key('q');
    w.key('*');
    assert_eq!(
        w.model.caseload.marked.iter().copied().collect::<Vec<_>>(),
        vec![bob]
    );
    w.key('*');
    assert!(w.model.caseload.marked.is_empty());
}

#[test]
fn a_name_with_no_caseload_is_asked_about_once_before_anyone_moves() {
    let (mut w, [ann, ..]) = team();
    w.key('H');
    w.typed("joe");
    w.tab(1);
    w.typed("Covering Jo's patch");
    w.ctrl('s');
    says(&w, "joe has no caseload yet");
    assert_eq!(w.store.participant(ann).unwrap().details.key_worker, ME);
    w.ctrl('s');
    assert_eq!(w.store.participant(ann).unwrap().details.key_worker, "joe");
}

#[test]
fn the_team_pane_counts_each_worker_and_opens_their_caseload() {
    let (mut w, [ann, ..]) = team();
    w.store
        .add_contact(
            ann,
            &keyworker::domain::contact::ContactDetails {
                at: common::at("2026-11-20T10:00:00+00:00"),
                channel: keyworker::domain::contact::ContactChannel::Phone,
                with: keyworker::domain::contact::With::Participant,
                outcome: keyworker::domain::contact::Outcome::Completed,
                duration_minutes: Some(12),
                notes: String::new(),
                in_work: None,
                next_contact: None,
            },
            &[],
            None,
        )
        .unwrap();
    w.key('T');
    let Screen::Team(t) = &w.model.screen else {
        panic!("no team pane");
    };
    assert!(t.lead);
    let names: Vec<&str> = t.lines.iter().map(|l| l.worker.as_str()).collect();
    assert_eq!(names, ["jo", ME]);
    let sam = &t.lines[1];
    assert_eq!(
        (sam.open, sam.stage(keyworker::domain::Stage::Engaged)),
        (3, 3)
    );
    assert_eq!((sam.contacts_7, sam.minutes_7), (1, 12));
    assert_eq!((sam.contacts_28, sam.minutes_28), (1, 12));
    assert_eq!(t.total.open, 4);
    // Jo's line, then Enter: Jo's caseload in place of mine.
    w.key('g');
    w.press(KeyCode::Enter);
    assert!(matches!(w.model.screen, Screen::Caseload));
    assert_eq!(w.names(), ["Di Fox"]);
    assert!(screen(&w, 80, 24).contains("Caseload of jo · 1"));
    // `t` comes back to mine.
    w.key('t');
    assert_eq!(w.names(), ["Ann Lee", "Bob Roy", "Cy Dee"]);
}

#[test]
fn someone_who_is_not_a_lead_sees_only_their_own_figures() {
    let (mut w, _) = team();
    let mut jo = Store::open_with(&w.db_path(), "jo", led_by(&[ME]), clock()).unwrap();
    let mut model = keyworker::app::Model::new(&mut jo, "jo", (80, 24)).unwrap();
    keyworker::app::nav::go(&mut model, &jo, keyworker::app::Route::Team);
    let Screen::Team(t) = &model.screen else {
        panic!("no team pane");
    };
    assert!(!t.lead);
    assert_eq!(t.lines.len(), 1);
    assert_eq!(t.lines[0].worker, "jo");
    w.model = model;
    w.model.color = false;
    assert!(screen(&w, 80, 24).contains("Your own figures"));
}

#[test]
fn cover_brings_a_colleagues_reminders_until_its_last_day() {
    let (mut w, [.., di]) = team();
    // Due after the cover ends: Jo's to do when back, not the colleague's.
    w.store
        .add_manual_reminder(di, today() + chrono::Days::new(7), "Send the CV")
        .unwrap();
    w.key('T');
    // Jo is first; C sets cover for Jo's caseload, by me.
    w.key('g');
    w.key('C');
    w.typed(ME);
    w.tab(2);
    w.typed("wed");
    w.tab(1);
    w.typed("annual leave");
    w.ctrl('s');
    says(&w, "sam covers jo's caseload");
    let covered: Vec<_> = mine(&w.store, ME)
        .into_iter()
        .filter(|(who, _)| who == "Di Fox")
        .collect();
    // Jo still has them too, unmarked.
    let jos = mine(&w.store, "jo");
    assert!(!jos.is_empty());
    let jos_by_wednesday = due_for(&w.store, "jo", 2);
    assert!(!jos_by_wednesday.is_empty());
    assert_eq!(covered.len(), jos_by_wednesday.len(), "{covered:?}");
    assert!(
        covered.iter().all(|(_, t)| t.ends_with("(cover for jo)")),
        "{covered:?}"
    );
    assert!(jos.iter().all(|(_, t)| !t.contains("cover")));
    assert!(jos.iter().any(|(_, t)| t == "Send the CV"));
    assert!(covered.iter().all(|(_, t)| !t.starts_with("Send the CV")));
    // Ended early from the team pane (Jo is back): from today they are Jo's alone.
    w.key('X');
    says(&w, "Cover of jo's caseload ended");
    assert!(mine(&w.store, ME).iter().all(|(who, _)| who != "Di Fox"));
    w.key('X');
    says(&w, "Nobody covers jo");
    // A cover that ran its course ends by itself: the day after its last day, they are
    // Jo's alone.
    w.store
        .add_cover("jo", ME, today(), today() + chrono::Days::new(2), "")
        .unwrap();
    assert!(mine(&w.store, ME).iter().any(|(who, _)| who == "Di Fox"));
    w.clock.set(common::at("2026-11-26T09:00:00+00:00"));
    assert!(mine(&w.store, ME).iter().all(|(who, _)| who != "Di Fox"));
}

#[test]
fn a_risk_flag_shows_in_words_wherever_the_person_is_and_its_review_is_a_reminder() {
    let (mut w, [ann, ..]) = team();
    w.press(KeyCode::Enter);
    w.key('!');
    // Tick lone working, write its note, and save with the review date offered.
    w.key(' ');
    w.key('n');
    w.typed("Meet at the office only");
    w.press(KeyCode::Enter);
    w.ctrl('s');
    assert_eq!(status(&w), "Risk flags saved.");
    let flags = w.store.risk_flags(ann).unwrap();
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].kind, RiskKind::LoneWorking);
    assert_eq!(flags[0].set_by, ME);
    assert_eq!(
        flags[0].review,
        chrono::NaiveDate::from_ymd_opt(2027, 2, 23).unwrap()
    );
    assert!(screen(&w, 80, 24).contains("RISK: do not visit alone"));
    w.key('p');
    assert!(screen(&w, 80, 24).contains("RISK: do not visit alone"));
    w.key('c');
    assert!(screen(&w, 80, 24).contains("RISK: do not visit alone"));
    w.press(KeyCode::Esc);
    let review: Vec<_> = w
        .store
        .reminders(ReminderQuery {
            worker: Some(ME),
            participant: Some(ann),
            until: today() + chrono::Days::new(200),
        })
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == ReminderKind::FlagReview)
        .collect();
    assert_eq!(review.len(), 1);
    assert_eq!(review[0].title, "review risk flag: do not visit alone");
    // Booking a meeting asks first.
    keyworker::app::nav::go(&mut w.model, &w.store, keyworker::app::Route::Booking(ann));
    assert!(screen(&w, 80, 24).contains("RISK: do not visit alone"));
    w.typed("tomorrow 10:00");
    w.tab(2);
    w.key(' ');
    w.key(' ');
    w.ctrl('s');
    says(&w, "Check the flags");
    assert!(w.store.appointments(ann).unwrap().is_empty());
    w.ctrl('s');
    assert_eq!(w.store.appointments(ann).unwrap().len(), 1);
}

#[test]
fn a_flag_needs_a_note_and_unticking_removes_it_audited() {
    let (mut w, [ann, ..]) = team();
    w.press(KeyCode::Enter);
    w.key('!');
    w.key(' ');
    w.ctrl('s');
    assert!(w.store.risk_flags(ann).unwrap().is_empty());
    w.key('n');
    w.typed("Shouts when anxious");
    w.press(KeyCode::Enter);
    w.ctrl('s');
    assert_eq!(w.store.risk_flags(ann).unwrap().len(), 1);
    w.key('!');
    w.key(' ');
    w.ctrl('s');
    assert_eq!(status(&w), "Risk flags removed.");
    assert!(w.store.risk_flags(ann).unwrap().is_empty());
    assert_eq!(audited(&w.store, ann, "risk_flag"), ["create", "remove"]);
}

#[test]
fn a_concern_waits_on_every_lead_until_one_decides() {
    let (mut w, [ann, ..]) = team();
    // Jo, not a lead, raises it about Di; the store of a lead sees it, Jo's does not.
    let mut jo = Store::open_with(&w.db_path(), "jo", led_by(&[ME, "kim"]), clock()).unwrap();
    let mut model = keyworker::app::Model::new(&mut jo, "jo", (80, 24)).unwrap();
    keyworker::app::nav::go(&mut model, &jo, keyworker::app::Route::Participant(ann));
    let mut jw = World {
        clock: w.clock.clone(),
        dir: tempfile::tempdir().unwrap(),
        store: jo,
        model,
    };
    jw.key('S');
    jw.typed("Said a neighbour takes her money");
    jw.tab(2);
    // Category: financial abuse is the fifth after "choose one".
    for _ in 0..4 {
        jw.key(' ');
    }
    jw.tab(1);
    jw.typed("Gave the Action Fraud number");
    jw.tab(1);
    jw.key(' ');
    jw.ctrl('s');
    says(&jw, "Concern recorded");
    let concern = jw.store.concerns(ann).unwrap().remove(0);
    assert_eq!(concern.details.category, ConcernCategory::Financial);
    assert_eq!(concern.details.person_knows, PersonKnows::Yes);
    assert_eq!(concern.raised_by, "jo");
    let kind_for = |store: &Store, who: &str| -> usize {
        store
            .reminders(ReminderQuery {
                worker: Some(who),
                participant: None,
                until: today(),
            })
            .unwrap()
            .iter()
            .filter(|r| r.kind == ReminderKind::Safeguarding)
            .count()
    };
    w.store = Store::open_with(&w.db_path(), ME, led_by(&[ME, "kim"]), clock()).unwrap();
    assert_eq!(kind_for(&w.store, ME), 1);
    let kim = Store::open_with(&w.db_path(), "kim", led_by(&[ME, "kim"]), clock()).unwrap();
    assert_eq!(kind_for(&kim, "kim"), 1);
    assert_eq!(kind_for(&jw.store, "jo"), 0);
    // Jo cannot decide.
    keyworker::app::nav::go(
        &mut jw.model,
        &jw.store,
        keyworker::app::Route::Decide(concern.id),
    );
    assert!(!matches!(jw.model.screen, Screen::Editor(_)));
    assert!(status(&jw).contains("Only a team lead"));
    // Sam decides from the reminders: d opens the decision with the concern above it.
    w.restart();
    w.key('r');
    let Screen::Reminders(r) = &w.model.screen else {
        panic!("no reminders");
    };
    let at = r
        .list
        .iter()
        .position(|r| r.kind == ReminderKind::Safeguarding)
        .unwrap();
    for _ in 0..at {
        w.key('j');
    }
    w.key('d');
    assert!(screen(&w, 80, 24).contains("Said a neighbour takes her money"));
    // Referred to the local authority needs a date and a reference.
    w.key(' ');
    w.key(' ');
    w.ctrl('s');
    assert!(w.store.concern(concern.id).unwrap().unwrap().is_open());
    // The cursor went to the reference, the one thing missing.
    w.typed("WCC-1234");
    w.ctrl('s');
    assert_eq!(status(&w), "Decision recorded. The concern is closed.");
    let decided = w.store.concern(concern.id).unwrap().unwrap();
    let d = decided.decision.unwrap();
    assert_eq!(d.decision, Decision::ReferredToLocalAuthority);
    assert_eq!(
        (d.referred_on, d.reference.as_str()),
        (Some(today()), "WCC-1234")
    );
    assert_eq!(decided.decided_by.as_deref(), Some(ME));
    assert_eq!(kind_for(&w.store, ME), 0);
    assert_eq!(kind_for(&kim, "kim"), 0);
    assert_eq!(audited(&w.store, ann, "concern"), ["create", "decide"]);
}

#[test]
fn a_decision_made_meanwhile_by_another_lead_is_not_overwritten() {
    let (mut w, [ann, ..]) = team();
    let id = w
        .store
        .raise_concern(
            ann,
            &ConcernDetails {
                seen: "Unexplained bruises".into(),
                on: today(),
                category: ConcernCategory::Physical,
                action_taken: "None yet".into(),
                person_knows: PersonKnows::No,
            },
        )
        .unwrap();
    let decision = DecisionDetails {
        decision: Decision::NoFurtherAction,
        referred_on: None,
        reference: String::new(),
        note: String::new(),
    };
    let mut kim = Store::open(&w.db_path(), "kim", clock()).unwrap();
    kim.decide_concern(id, 1, &decision).unwrap();
    assert!(matches!(
        w.store.decide_concern(id, 1, &decision),
        Err(keyworker::store::StoreError::AlreadyDecided(by)) if by == "kim"
    ));
    // Even with the version brought up to date.
    assert!(matches!(
        w.store.decide_concern(id, 2, &decision),
        Err(keyworker::store::StoreError::AlreadyDecided(_))
    ));
    assert_eq!(
        w.store.concern(id).unwrap().unwrap().decided_by.as_deref(),
        Some("kim")
    );
}

#[test]
fn reassign_from_the_command_line_moves_only_whom_it_should() {
    let (w, [ann, bob, _, di]) = team();
    let db = w.db_path();
    let run = |args: &[&str]| common::term::run(&db, args);
    // Di is Jo's, not mine: nothing moves.
    let out = run(&[
        "reassign",
        "--from",
        ME,
        "--to",
        "kim",
        "--participant",
        &ann.to_string(),
        "--participant",
        &di.to_string(),
        "--note",
        "x",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is with jo, not sam"));
    // A note is required.
    let out = run(&["reassign", "--from", ME, "--to", "kim", "--note", " "]);
    assert!(!out.status.success());
    let out = run(&[
        "reassign",
        "--from",
        ME,
        "--to",
        "kim",
        "--participant",
        &bob.to_string(),
        "--note",
        "Bob asked for a woman worker",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Handed over 1 person to kim."));
    let store = Store::open(&db, ME, clock()).unwrap();
    assert_eq!(store.participant(bob).unwrap().details.key_worker, "kim");
    assert_eq!(store.participant(ann).unwrap().details.key_worker, ME);
    // With no --participant: all my open cases.
    let out = run(&[
        "reassign",
        "--from",
        ME,
        "--to",
        "kim",
        "--note",
        "Sam is leaving",
    ]);
    assert!(out.status.success());
    assert!(store.people_of(ME, false).unwrap().is_empty());
    assert_eq!(store.people_of("kim", false).unwrap().len(), 3);
}

#[test]
fn a_thousand_are_handed_over_in_one_transaction() {
    let mut w = World::with_demo(2400);
    let mine = w.store.people_of(ME, false).unwrap();
    let batch: Vec<i64> = mine.iter().copied().take(1000).collect();
    assert_eq!(batch.len(), 1000);
    let before = w.store.audit(None).unwrap().len();
    let made = w
        .store
        .reassign(&batch, "kim", "Moving to the north team")
        .unwrap();
    assert_eq!(made.len(), 1000);
    assert_eq!(w.store.audit(None).unwrap().len(), before + 1000);
    assert_eq!(w.store.people_of("kim", false).unwrap().len(), 1000);
    // Their reminders are Kim's now, and none are left with me for them.
    let theirs = due_for(&w.store, "kim", 30);
    assert!(!theirs.is_empty());
    assert!(theirs.iter().all(|r| batch.contains(&r.participant_id)));
    w.restart();
}

#[test]
fn the_team_pane_and_a_brief_with_a_flag_draw_at_every_size() {
    let (mut w, [ann, ..]) = team();
    w.store
        .add_cover(
            "jo",
            ME,
            today(),
            today() + chrono::Days::new(4),
            "annual leave",
        )
        .unwrap();
    w.key('T');
    insta::assert_snapshot!("team_pane_80x24", screen(&w, 80, 24));
    insta::assert_snapshot!("team_pane_160x40", screen(&w, 160, 40));
    insta::assert_snapshot!("team_pane_40x10", screen(&w, 40, 10));
    w.store
        .save_risk_flags(
            ann,
            &[FlagDetails {
                kind: RiskKind::LoneWorking,
                note: "Meet at the office only".into(),
            }],
            today() + chrono::Days::new(90),
        )
        .unwrap();
    let mut jo = Store::open(&w.db_path(), "jo", clock()).unwrap();
    jo.reassign(
        &[ann],
        "jo",
        "Calls after 4pm; her sister answers before then",
    )
    .unwrap();
    keyworker::app::nav::go(&mut w.model, &w.store, keyworker::app::Route::Brief(ann));
    insta::assert_snapshot!("brief_with_a_flag_and_a_handover_80x24", screen(&w, 80, 24));
}

#[test]
fn a_key_worker_changed_on_the_participant_form_is_kept_as_a_handover() {
    let (mut w, [ann, ..]) = team();
    let p = w.store.participant(ann).unwrap();
    let details = keyworker::domain::ParticipantDetails {
        key_worker: "jo".into(),
        ..p.details.clone()
    };
    w.store
        .update_participant(ann, p.version, &details, today())
        .unwrap();
    let h = w.store.handovers(ann).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!((h[0].from.as_str(), h[0].to.as_str()), (ME, "jo"));
    assert_eq!(h[0].note, "key worker changed on the participant form");
    // Their reminders went with them.
    assert!(mine(&w.store, ME).iter().all(|(who, _)| who != "Ann Lee"));
    assert!(mine(&w.store, "jo").iter().any(|(who, _)| who == "Ann Lee"));
}

#[test]
fn due_on_the_command_line_lists_a_covered_colleagues_reminders_marked() {
    let (mut w, _) = team();
    let me = keyworker::login_name();
    w.store
        .add_cover(
            "jo",
            &me,
            today(),
            today() + chrono::Days::new(4),
            "sick leave",
        )
        .unwrap();
    let out = common::term::stdout_of(&w.db_path(), &["due", "--days", "7"]);
    assert!(
        out.contains("Di Fox") && out.contains("(cover for jo)"),
        "{out}"
    );
    let json = common::term::stdout_of(&w.db_path(), &["due", "--days", "7", "--json"]);
    assert!(json.contains("(cover for jo)"), "{json}");
}

#[test]
fn a_handover_closed_half_typed_comes_back_when_h_is_pressed_again() {
    let (mut w, [ann, ..]) = team();
    w.key('H');
    w.typed("jo");
    w.tab(1);
    w.typed("Ann starts at the depot");
    w.press(KeyCode::Esc);
    assert!(matches!(w.model.screen, Screen::Caseload));
    assert_eq!(w.store.participant(ann).unwrap().details.key_worker, ME);
    w.key('H');
    let Screen::Editor(e) = &w.model.screen else {
        panic!("no handover form");
    };
    assert_eq!(e.form.get("new_worker"), "jo");
    assert_eq!(e.form.get("note"), "Ann starts at the depot");
    w.ctrl('s');
    assert_eq!(w.store.participant(ann).unwrap().details.key_worker, "jo");
}
