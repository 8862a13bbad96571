//! Outcomes, reports, export, import, erasure and backups against real SQLite files: the
//! numbers are checked against a fixture counted by hand.

mod common;

use keyworker::domain::draft::DraftKey;

use chrono::{Days, NaiveDate};
use common::{ME, clock, today};
use keyworker::domain::contact::{ContactChannel, ContactDetails, Outcome, With};
use keyworker::domain::outcome::{Exit, ExitReason, Occasion, OutcomeKind, SpendCategory};
use keyworker::domain::{ParticipantDetails, ReferralRoute, Stage};
use keyworker::store::{NewSpend, ReportQuery, Store};

fn person(name: &str, phone: &str, worker: &str, referred: NaiveDate) -> ParticipantDetails {
    ParticipantDetails {
        name: name.into(),
        preferred_name: String::new(),
        phone: phone.into(),
        email: String::new(),
        postcode: "WR1 2JJ".into(),
        referral_route: ReferralRoute::JobcentrePlus,
        referral_date: Some(referred),
        stage: Stage::Engaged,
        barriers: vec![],
        key_worker: worker.into(),
        availability: Default::default(),
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn call(on: NaiveDate, channel: ContactChannel, outcome: Outcome, minutes: u32) -> ContactDetails {
    ContactDetails {
        at: clock().local(on.and_hms_opt(10, 0, 0).unwrap()),
        channel,
        with: With::Participant,
        outcome,
        duration_minutes: Some(minutes),
        notes: "Talked it through".into(),
        in_work: None,
        next_contact: None,
    }
}

/// Ann and Bob are Sam's; Cat is Jo's. Counted by hand below.
fn fixture(dir: &std::path::Path) -> (Store, [i64; 3]) {
    let mut sam = Store::open(&dir.join("kw.db"), ME, clock()).unwrap();
    let ann = sam
        .add_participant(
            &person("Ann Lee", "07700 900001", ME, d(2026, 5, 1)),
            today(),
        )
        .unwrap();
    let bob = sam
        .add_participant(
            &person("Bob Stone", "07700 900002", ME, d(2026, 3, 1)),
            today(),
        )
        .unwrap();
    let cat = sam
        .add_participant(
            &person("Cat Wu", "07700 900003", "jo", d(2026, 6, 1)),
            today(),
        )
        .unwrap();
    use ContactChannel::*;
    use Outcome::*;
    // In range (April to October): Ann 3 contacts (phone 10, phone 5 no answer, face 45),
    // Bob 1 (text 3), Cat 2 (phone 20, phone 15). Outside: Ann in March (phone 60).
    sam.add_contact(ann, &call(d(2026, 5, 2), Phone, Completed, 10), &[], None)
        .unwrap();
    sam.add_contact(ann, &call(d(2026, 5, 9), Phone, NoAnswer, 5), &[], None)
        .unwrap();
    let first = sam
        .add_contact(
            ann,
            &call(d(2026, 6, 1), FaceToFace, Completed, 30),
            &[],
            None,
        )
        .unwrap();
    // Amended from 30 to 45 minutes: counts once, as 45.
    sam.add_contact(
        ann,
        &call(d(2026, 6, 1), FaceToFace, Completed, 45),
        &[],
        Some(first),
    )
    .unwrap();
    sam.add_contact(ann, &call(d(2026, 3, 15), Phone, Completed, 60), &[], None)
        .unwrap();
    sam.add_contact(bob, &call(d(2026, 7, 1), Text, Completed, 3), &[], None)
        .unwrap();
    sam.add_contact(cat, &call(d(2026, 8, 1), Phone, Completed, 20), &[], None)
        .unwrap();
    sam.add_contact(cat, &call(d(2026, 9, 1), Phone, Completed, 15), &[], None)
        .unwrap();

    sam.add_outcome(ann, OutcomeKind::JobStart, d(2026, 6, 10), "Contract seen")
        .unwrap();
    sam.add_outcome(cat, OutcomeKind::JobStart, d(2026, 8, 20), "Payslip")
        .unwrap();
    sam.add_outcome(ann, OutcomeKind::Sustained13Weeks, d(2026, 9, 9), "Payslip")
        .unwrap();
    sam.add_outcome(
        bob,
        OutcomeKind::JobStart,
        d(2026, 11, 1),
        "Outside the range",
    )
    .unwrap();

    // Confidence: Ann 3 → 7 (+4), Bob 5 → 5 → 6 (+1), Cat 2 → 8 (+6).
    // Wellbeing: Ann 4 → 3 (-1) only. Cat's wellbeing was scored once: not counted.
    let s = |k: &str, v: u8| (k.to_string(), v);
    sam.add_scores(
        ann,
        Occasion::Entry,
        d(2026, 5, 1),
        &[s("confidence", 3), s("wellbeing", 4)],
    )
    .unwrap();
    sam.add_scores(
        ann,
        Occasion::Review,
        d(2026, 8, 1),
        &[s("confidence", 7), s("wellbeing", 3)],
    )
    .unwrap();
    sam.add_scores(bob, Occasion::Entry, d(2026, 3, 1), &[s("confidence", 5)])
        .unwrap();
    sam.add_scores(bob, Occasion::Review, d(2026, 5, 1), &[s("confidence", 5)])
        .unwrap();
    sam.add_scores(bob, Occasion::Review, d(2026, 7, 1), &[s("confidence", 6)])
        .unwrap();
    sam.add_scores(
        cat,
        Occasion::Entry,
        d(2026, 6, 1),
        &[s("confidence", 2), s("wellbeing", 5)],
    )
    .unwrap();
    sam.add_scores(cat, Occasion::Review, d(2026, 9, 1), &[s("confidence", 8)])
        .unwrap();
    // After the range: ignored.
    sam.add_scores(
        bob,
        Occasion::Review,
        d(2026, 11, 1),
        &[s("confidence", 10)],
    )
    .unwrap();

    let pay = |on, pence, category| NewSpend {
        on,
        pence,
        category,
        note: "x".into(),
        approved_by: "Pat".into(),
    };
    sam.add_spend(ann, &pay(d(2026, 5, 3), 1250, SpendCategory::Travel))
        .unwrap();
    sam.add_spend(cat, &pay(d(2026, 6, 3), 750, SpendCategory::Travel))
        .unwrap();
    sam.add_spend(bob, &pay(d(2026, 7, 3), 4000, SpendCategory::Clothing))
        .unwrap();
    sam.add_spend(bob, &pay(d(2026, 1, 3), 999, SpendCategory::Clothing))
        .unwrap();

    let v = sam.participant(bob).unwrap().version;
    sam.exit_participant(
        bob,
        v,
        &Exit {
            reason: ExitReason::MovedAway,
            on: d(2026, 10, 1),
            note: String::new(),
        },
    )
    .unwrap();
    (sam, [ann, bob, cat])
}

fn range() -> ReportQuery<'static> {
    ReportQuery {
        from: d(2026, 4, 1),
        to: d(2026, 10, 31),
        worker: None,
    }
}

fn tally(list: &[keyworker::store::Tally], name: &str) -> (i64, i64) {
    list.iter()
        .find(|t| t.name == name)
        .map_or((0, 0), |t| (t.count, t.total))
}

#[test]
fn the_report_matches_a_hand_count() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = fixture(dir.path());
    let r = store.report(&range()).unwrap();

    assert_eq!(tally(&r.caseload_by_stage, "engaged"), (2, 0));
    assert_eq!(tally(&r.caseload_by_stage, "exited"), (1, 0));
    // Referred in April to October: Ann (May) and Cat (June), not Bob (March).
    assert_eq!(r.starts, 2);
    assert_eq!(r.exits_by_reason.len(), 1);
    assert_eq!(tally(&r.exits_by_reason, "moved_away"), (1, 0));
    assert_eq!(tally(&r.outcomes_by_kind, "job_start"), (2, 0));
    assert_eq!(tally(&r.outcomes_by_kind, "sustained_13_weeks"), (1, 0));

    // Phone: Ann 10 + 5, Cat 20 + 15 = 4 contacts, 50 minutes.
    assert_eq!(tally(&r.contacts_by_channel, "phone"), (4, 50));
    assert_eq!(tally(&r.contacts_by_channel, "face_to_face"), (1, 45));
    assert_eq!(tally(&r.contacts_by_channel, "text"), (1, 3));
    assert_eq!(tally(&r.contacts_by_outcome, "completed"), (5, 93));
    assert_eq!(tally(&r.contacts_by_outcome, "no_answer"), (1, 5));
    // Every contact was saved by Sam, whoever's caseload.
    assert_eq!(r.time_by_worker.len(), 1);
    assert_eq!(tally(&r.time_by_worker, ME), (6, 98));
    assert_eq!(r.time_by_participant[0].name, "Ann Lee");
    assert_eq!(r.time_by_participant[0].participant_id, Some(1));
    assert_eq!(
        (
            r.time_by_participant[0].count,
            r.time_by_participant[0].total
        ),
        (3, 60)
    );
    assert_eq!(tally(&r.time_by_participant, "Cat Wu"), (2, 35));

    assert_eq!(tally(&r.spend_by_category, "travel"), (2, 2000));
    assert_eq!(tally(&r.spend_by_category, "clothing"), (1, 4000));

    let confidence = r
        .soft_outcomes
        .iter()
        .find(|s| s.scale == "confidence")
        .unwrap();
    assert_eq!(confidence.people, 3);
    assert_eq!(confidence.title, "Confidence");
    assert!((confidence.mean_entry - 10.0 / 3.0).abs() < 1e-9);
    assert!((confidence.mean_latest - 7.0).abs() < 1e-9);
    assert!((confidence.mean_change - 11.0 / 3.0).abs() < 1e-9);
    assert_eq!(confidence.median_change, 4.0);
    let wellbeing = r
        .soft_outcomes
        .iter()
        .find(|s| s.scale == "wellbeing")
        .unwrap();
    assert_eq!(wellbeing.people, 1);
    assert_eq!(wellbeing.median_change, -1.0);
    assert_eq!(r.soft_outcomes[0].scale, "confidence", "profile order");
}

#[test]
fn the_report_for_one_worker_counts_only_their_participants() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = fixture(dir.path());
    let q = ReportQuery {
        worker: Some("jo"),
        ..range()
    };
    let r = store.report(&q).unwrap();
    assert_eq!(r.starts, 1);
    assert_eq!(tally(&r.contacts_by_channel, "phone"), (2, 35));
    assert_eq!(tally(&r.outcomes_by_kind, "job_start"), (1, 0));
    assert_eq!(tally(&r.spend_by_category, "travel"), (1, 750));
    assert!(r.exits_by_reason.is_empty());
}

#[test]
fn retention_lists_only_cases_closed_long_enough_ago() {
    let dir = tempfile::tempdir().unwrap();
    let (store, [_, bob, _]) = fixture(dir.path());
    assert!(store.past_retention(d(2026, 10, 1)).unwrap().is_empty());
    let old = store.past_retention(d(2026, 10, 2)).unwrap();
    assert_eq!(old.len(), 1);
    assert_eq!(old[0].id, bob);
    assert_eq!(old[0].exit_reason, "moved_away");
}

#[test]
fn erasure_leaves_no_trace_of_the_person_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, [ann, bob, _]) = fixture(dir.path());
    store
        .save_draft(
            &DraftKey::Contact {
                participant: ann,
                amends: None,
            },
            "{\"notes\":\"Ann Lee draft\"}",
        )
        .unwrap();
    store.erase_participant(ann).unwrap();
    assert!(store.participant(ann).is_err());
    assert!(store.outcomes(ann).unwrap().is_empty());
    assert!(store.soft_scores(ann).unwrap().is_empty());
    assert!(store.spend(ann).unwrap().is_empty());
    assert!(store.contacts(ann, 100).unwrap().is_empty());
    assert!(store.drafts().unwrap().is_empty());
    let audit = store.audit(Some(ann)).unwrap();
    assert_eq!(audit.len(), 1, "only the erasure is left: {audit:?}");
    assert_eq!(audit[0].action, "erase");
    assert_eq!(audit[0].who, ME);
    assert_eq!(audit[0].changes, serde_json::json!({}));
    // Others are untouched.
    assert_eq!(store.participant(bob).unwrap().details.name, "Bob Stone");
    drop(store);
    // Nothing of her is left in the bytes on disk: not in free pages, not in the log.
    let mut bytes = std::fs::read(dir.path().join("kw.db")).unwrap();
    if let Ok(wal) = std::fs::read(dir.path().join("kw.db-wal")) {
        bytes.extend(wal);
    }
    let hay = String::from_utf8_lossy(&bytes);
    assert!(!hay.contains("Ann Lee"));
    assert!(!hay.contains("07700 900001"));
    assert!(hay.contains("Bob Stone"));
}

#[test]
fn a_backup_taken_while_another_worker_writes_is_whole_and_private() {
    let dir = tempfile::tempdir().unwrap();
    let (store, [ann, ..]) = fixture(dir.path());
    let path = dir.path().join("kw.db");
    let writer = std::thread::spawn(move || {
        let mut jo = Store::open(&path, "jo", clock()).unwrap();
        for i in 0..50 {
            jo.add_contact(
                ann,
                &call(
                    today() - Days::new(i),
                    ContactChannel::Phone,
                    Outcome::Completed,
                    5,
                ),
                &[],
                None,
            )
            .unwrap();
        }
    });
    let copy = dir.path().join("backup.db");
    store.backup_to(&copy).unwrap();
    writer.join().unwrap();
    assert_eq!(
        std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let b = Store::open_existing(&copy, ME, Default::default(), clock()).unwrap();
    assert_eq!(b.participant_count().unwrap(), 3);
    assert_eq!(b.outcomes(ann).unwrap().len(), 2);
    let contacts = b.contacts(ann, 1000).unwrap().len();
    assert!((4..=54).contains(&contacts), "{contacts}");
    // Never over an existing file.
    let again = store.backup_to(&copy).unwrap_err();
    assert!(again.to_string().contains("already exists"), "{again}");
}

use std::os::unix::fs::PermissionsExt;

use common::term::run as keyworker;

#[test]
fn csv_export_writes_a_private_file_per_table_with_formulas_defused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, [ann, ..]) = fixture(dir.path());
    store
        .add_participant(
            &person("=HYPERLINK(\"http://x\")", "+44 7700 900009", ME, today()),
            today(),
        )
        .unwrap();
    drop(store);
    let db = dir.path().join("kw.db");
    let out_dir = dir.path().join("export");
    let out = keyworker(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for table in [
        "participants",
        "plans",
        "actions",
        "contacts",
        "reminders",
        "outcomes",
        "spend",
        "soft_outcomes",
        "stage_history",
        "barriers",
    ] {
        let path = out_dir.join(format!("{table}.csv"));
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600,
            "{table}"
        );
    }
    let mut r = csv::Reader::from_path(out_dir.join("participants.csv")).unwrap();
    let names: Vec<String> = r.records().map(|x| x.unwrap()[1].to_string()).collect();
    assert!(
        names.contains(&"'=HYPERLINK(\"http://x\")".to_string()),
        "{names:?}"
    );
    let spend = std::fs::read_to_string(out_dir.join("spend.csv")).unwrap();
    assert_eq!(
        spend.lines().count(),
        5,
        "header and four payments:\n{spend}"
    );
    assert!(spend.starts_with("participant_id,on,amount_pence,category"));
    // The contacts file lists every version, amended or not.
    let contacts = std::fs::read_to_string(out_dir.join("contacts.csv")).unwrap();
    assert_eq!(contacts.lines().count(), 1 + 8);
    // A second export never overwrites the first.
    let again = keyworker(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert!(!again.status.success());

    // A subject access request: one person's whole record.
    let one = keyworker(&db, &["export", "--participant", &ann.to_string()]);
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    let people = v["participants"].as_array().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0]["name"], "Ann Lee");
    assert_eq!(people[0]["outcomes"].as_array().unwrap().len(), 2);
    assert_eq!(people[0]["soft_outcomes"].as_array().unwrap().len(), 4);
    assert_eq!(people[0]["spend"][0]["amount_pence"], 1250);
    let missing = keyworker(&db, &["export", "--participant", "999"]);
    assert!(!missing.status.success());
}

#[test]
fn the_audit_command_shows_who_changed_what_and_after_erasure_only_that_it_happened() {
    let dir = tempfile::tempdir().unwrap();
    let (store, [ann, ..]) = fixture(dir.path());
    drop(store);
    let db = dir.path().join("kw.db");
    let id = ann.to_string();
    let out = keyworker(&db, &["audit", "--participant", &id]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("outcome add"), "{text}");
    assert!(text.contains("evidence: \"Contract seen\""), "{text}");
    assert!(text.contains(&format!("{ME} ")));
    let out = keyworker(&db, &["erase", "--participant", &id, "--yes"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = keyworker(&db, &["audit", "--participant", &id, "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["action"], "erase");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Ann"));
    // Erasing needs a confirmation that a script cannot give by accident.
    let out = keyworker(&db, &["erase", "--participant", "2"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
}

#[test]
fn erasure_takes_every_draft_about_the_person_and_no_one_elses() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, [ann, bob, cat]) = fixture(dir.path());
    // Keys about Bob and Cat that carry Ann's id as their second number.
    let bobs = DraftKey::Action {
        participant: bob,
        action: Some(ann),
    };
    let cats = DraftKey::Contact {
        participant: cat,
        amends: Some(ann),
    };
    for key in [
        bobs,
        cats,
        DraftKey::Plan(ann),
        DraftKey::Participant(Some(ann)),
    ] {
        store.save_draft(&key, "{\"notes\":\"typed\"}").unwrap();
    }
    // A colleague's draft about Ann goes too.
    let mut jo = Store::open(&dir.path().join("kw.db"), "jo", clock()).unwrap();
    jo.save_draft(&DraftKey::Scores(ann), "{}").unwrap();
    jo.save_draft(&DraftKey::Employer(ann), "{}").unwrap();
    store.erase_participant(ann).unwrap();
    let mut left = store.drafts().unwrap();
    left.sort_by_key(|k| k.to_string());
    assert_eq!(left, [bobs, cats]);
    assert_eq!(
        jo.drafts().unwrap(),
        [DraftKey::Employer(ann)],
        "an employer's draft is about the employer"
    );
}

#[test]
fn an_export_never_writes_over_a_file_or_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = fixture(dir.path());
    drop(store);
    let db = dir.path().join("kw.db");
    // A file others can read, and a link planted where the export is to go.
    let open_file = dir.path().join("shared.json");
    std::fs::write(&open_file, "old").unwrap();
    std::fs::set_permissions(&open_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let target = dir.path().join("elsewhere.json");
    let link = dir.path().join("export.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let csv_dir = dir.path().join("existing");
    std::fs::create_dir(&csv_dir).unwrap();
    for (format, path) in [
        ("json", &open_file),
        ("json", &link),
        ("csv", &csv_dir),
        ("csv", &link),
    ] {
        let out = keyworker(
            &db,
            &[
                "export",
                "--format",
                format,
                "--out",
                path.to_str().unwrap(),
            ],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{format} into {path:?}");
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(err.lines().count(), 1, "one sentence: {err}");
    }
    assert_eq!(std::fs::read_to_string(&open_file).unwrap(), "old");
    assert!(!target.exists(), "nothing written through the link");
    assert_eq!(std::fs::read_dir(&csv_dir).unwrap().count(), 0);
    // A new name is private.
    let fresh = dir.path().join("new.json");
    let out = keyworker(&db, &["export", "--out", fresh.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(
        std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = fixture(dir.path());
    drop(store);
    let db = dir.path().join("kw.db");
    for args in [
        &["export"][..],
        &["report", "--format", "json"],
        &["report", "--format", "csv"],
        &["audit", "--json"],
        &["due", "--all", "--days", "400"],
    ] {
        let mut child = common::term::command()
            .args(args)
            .arg("--db")
            .arg(&db)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes before the first line is written, as `| head -0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn the_report_json_names_each_figure_and_keeps_ids_apart_from_names() {
    let dir = tempfile::tempdir().unwrap();
    let (store, [ann, ..]) = fixture(dir.path());
    drop(store);
    let out = keyworker(
        &dir.path().join("kw.db"),
        &[
            "report",
            "--from",
            "2026-04-01",
            "--to",
            "2026-10-31",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success());
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let top = &r["time_by_participant"][0];
    assert_eq!(top["participant_id"], ann);
    assert_eq!(top["name"], "Ann Lee");
    assert!(top["minutes"].as_i64().unwrap() > 0);
    assert!(top["contacts"].as_i64().unwrap() > 0);
    assert!(top.get("total").is_none() && top.get("count").is_none());
    assert!(r["contacts_by_channel"][0]["channel"].is_string());
    assert!(r["contacts_by_channel"][0]["minutes"].is_i64());
    assert!(r["spend_by_category"][0]["pence"].is_i64());
    assert!(r["spend_by_category"][0]["payments"].is_i64());
    assert!(r["caseload_by_stage"][0]["participants"].is_i64());
    assert!(r["time_by_worker"][0]["worker"].is_string());
}

#[test]
fn an_erased_id_is_never_given_again_and_a_shared_employers_history_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, [ann, bob, cat]) = fixture(dir.path());
    let highest = ann.max(bob).max(cat);
    // An employer's details saved from Cat's plan are filed under her in the audit log.
    store
        .add_employers(&[keyworker::domain::plan::Employer {
            name: "Vale Motors".into(),
            ..Default::default()
        }])
        .unwrap();
    let mut vale = store
        .employers()
        .unwrap()
        .into_iter()
        .find(|e| e.name == "Vale Motors")
        .unwrap();
    vale.phone = "01632 960000".into();
    store.save_employer(&vale, Some(highest)).unwrap();
    let employer_rows = |s: &Store| {
        s.audit(None)
            .unwrap()
            .into_iter()
            .filter(|a| a.entity == "employer")
            .count()
    };
    let before = employer_rows(&store);
    assert!(before > 0);
    store.erase_participant(highest).unwrap();
    assert_eq!(
        employer_rows(&store),
        before,
        "the employer's history stays"
    );
    let next = store
        .add_participant(&person("Dee Fox", "07700 900004", ME, today()), today())
        .unwrap();
    assert!(
        next > highest,
        "id {next} given again after erasing {highest}"
    );
    assert!(
        store
            .audit(Some(next))
            .unwrap()
            .iter()
            .all(|a| a.action != "erase"),
        "the new person inherits no erasure"
    );
}

#[test]
fn erasure_says_when_a_reader_keeps_the_log_from_being_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, [ann, bob, _]) = fixture(dir.path());
    // A colleague's open read keeps the log from being cleared.
    let reader = rusqlite::Connection::open(dir.path().join("kw.db")).unwrap();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM participants;")
        .unwrap();
    let erased = store.erase_participant(ann).unwrap();
    assert!(erased.log_left.is_some(), "the reader holds the log");
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    let erased = store.erase_participant(bob).unwrap();
    assert_eq!(
        erased.log_left, None,
        "with nobody reading, the log is cleared"
    );
}

#[test]
fn command_output_never_carries_control_or_bidi_characters_planted_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (store, [ann, bob, cat]) = fixture(dir.path());
    drop(store);
    let db = dir.path().join("kw.db");
    // Written straight into the file, past keyworker's own cleaning.
    let evil = "\u{1b}]52;c;SGk=\u{7}\u{1b}[2J\u{202e}\u{9b}";
    let raw = rusqlite::Connection::open(&db).unwrap();
    for id in [ann, bob, cat] {
        raw.execute(
            "UPDATE participants SET name = name || ?1, key_worker = key_worker WHERE id = ?2",
            rusqlite::params![evil, id],
        )
        .unwrap();
    }
    raw.execute(
        "UPDATE reminders SET title = title || ?1, participant = participant || ?1",
        [evil],
    )
    .unwrap();
    raw.execute(
        "UPDATE audit SET who = who || ?1, entity = entity || ?1",
        [evil],
    )
    .unwrap();
    raw.execute("UPDATE contacts SET by = by || ?1", [evil])
        .unwrap();
    drop(raw);
    for args in [
        &["due", "--all", "--days", "400"][..],
        &["due", "--all", "--days", "400", "--json"],
        &["report", "--from", "2020-01-01"],
        &["report", "--from", "2020-01-01", "--format", "csv"],
        &["report", "--retention"],
        &["audit"],
        &["audit", "--json"],
    ] {
        let out = keyworker(&db, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.is_empty(), "{args:?} printed nothing");
        for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
            assert!(!text.contains(bad), "{args:?} printed {bad:?}");
        }
    }
}

/// Every string in a JSON value, nested or not.
fn strings_in(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings_in(x, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings_in(x, out)
        }),
        _ => {}
    }
}

#[test]
fn a_subject_access_export_holds_every_value_of_every_table_that_names_the_person() {
    use keyworker::domain::plan::{ActionDetails, ActionStatus, Owner, Plan};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, [ann, ..]) = fixture(dir.path());
    // Everything else that can be held about Ann.
    let mut p = store.participant(ann).unwrap();
    p.details.barriers = vec![(
        keyworker::domain::BarrierKind::Housing,
        "Sofa surfing".into(),
    )];
    p.details.availability = keyworker::domain::availability::Availability {
        note: "Works 7-3 weekdays at the depot".into(),
        flags: vec![keyworker::domain::availability::Reach::TextFirst],
    };
    store
        .update_participant(ann, p.version, &p.details, today())
        .unwrap();
    {
        use keyworker::domain::appointment::*;
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
        let id = store
            .book(
                ann,
                &AppointmentDetails {
                    at: at("2026-11-27T15:30:00+00:00"),
                    minutes: 45,
                    kind: AppointmentKind::Meeting,
                    place: "Depot canteen".into(),
                    with: Attendees::ThreeWay,
                    note: "Bring the rota".into(),
                },
            )
            .unwrap();
        store
            .move_appointment(
                id,
                1,
                at("2026-11-30T16:00:00+00:00"),
                MoveReason::ShiftChanged,
                "On lates this week",
            )
            .unwrap();
    }
    {
        use keyworker::domain::referral::*;
        let partner = store
            .add_partner(&PartnerDetails {
                organisation: "Citizens Advice Worcester".into(),
                service: "Debt advice".into(),
                helps_with: vec![Need::DebtAndBenefits],
                ..Default::default()
            })
            .unwrap();
        let id = store
            .refer(
                ann,
                &ReferralDetails {
                    partner_id: partner,
                    reason: Need::DebtAndBenefits,
                    consent: ReferralConsent::Given,
                    shares: vec![Share::ContactDetails, Share::Summary],
                    summary: "Rent arrears since the job started".into(),
                    urgency: Urgency::Soon,
                    handover: Handover::ThreeWayCall,
                    sent_on: d(2026, 11, 16),
                    note: "Spoke to Priya on the advice line".into(),
                },
            )
            .unwrap();
        store
            .move_referral(
                id,
                1,
                &StatusChange {
                    status: ReferralStatus::FirstAppointment,
                    on: d(2026, 11, 20),
                    first_appointment: Some(d(2026, 11, 26)),
                    attended: Some(Attended::Yes),
                    outcome: None,
                    note: "Went with her sister".into(),
                },
            )
            .unwrap();
    }
    {
        use keyworker::domain::team::*;
        store
            .reassign(&[ann], "jo", "Ann prefers texts before a call")
            .unwrap();
        store
            .save_risk_flags(
                ann,
                &[FlagDetails {
                    kind: RiskKind::LoneWorking,
                    note: "Meet at the library, not at home".into(),
                }],
                d(2027, 2, 1),
            )
            .unwrap();
        let concern = store
            .raise_concern(
                ann,
                &ConcernDetails {
                    seen: "Bruise on her arm; said she walked into a door".into(),
                    on: d(2026, 11, 20),
                    category: ConcernCategory::Domestic,
                    action_taken: "Gave the helpline number".into(),
                    person_knows: PersonKnows::NotSafe,
                },
            )
            .unwrap();
        store
            .decide_concern(
                concern,
                1,
                &DecisionDetails {
                    decision: Decision::ReferredToLocalAuthority,
                    referred_on: Some(d(2026, 11, 21)),
                    reference: "WCC-4471".into(),
                    note: "Adult front door took it".into(),
                },
            )
            .unwrap();
    }
    store
        .save_plan(
            ann,
            0,
            &Plan {
                job_title: "Care assistant".into(),
                support_agreed: "Weekly call on Fridays".into(),
                ..Plan::default()
            },
        )
        .unwrap();
    store
        .add_action(
            ann,
            &ActionDetails {
                text: "Bring bank details".into(),
                owner: Owner::Participant,
                due: Some(d(2026, 12, 1)),
                status: ActionStatus::Open,
            },
        )
        .unwrap();
    let gp = store
        .add_manual_reminder(ann, d(2026, 12, 2), "Ring the GP surgery")
        .unwrap();
    store
        .snooze(
            ann,
            &format!("manual:{gp}"),
            d(2026, 12, 9),
            "Surgery closed all week",
        )
        .unwrap();
    let done = store
        .add_manual_reminder(ann, d(2026, 11, 1), "Send the CV to Vale Motors")
        .unwrap();
    store.finish_manual_reminder(done, d(2026, 11, 2)).unwrap();
    store
        .settle_milestone(
            ann,
            "first_day",
            true,
            d(2026, 6, 11),
            "Rang at lunchtime, all fine",
        )
        .unwrap();
    store
        .record_review(
            ann,
            d(2026, 10, 1),
            "Confidence up, housing still unsettled",
        )
        .unwrap();
    let mut jo = Store::open(&dir.path().join("kw.db"), "jo", clock()).unwrap();
    jo.save_draft(
        &DraftKey::Scores(ann),
        r#"{"version":0,"focus":0,"values":{"note":"Jo's half-typed words"},"base":{}}"#,
    )
    .unwrap();
    drop(jo);
    drop(store);

    let db = dir.path().join("kw.db");
    let out = keyworker(&db, &["export", "--participant", &ann.to_string()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let export: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut exported = Vec::new();
    strings_in(&export, &mut exported);
    // And every cell of the CSV files of the same export.
    let csv_dir = dir.path().join("sar");
    let out = keyworker(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--participant",
            &ann.to_string(),
            "--out",
            csv_dir.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut in_csv = Vec::new();
    for file in std::fs::read_dir(&csv_dir).unwrap() {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(file.unwrap().path())
            .unwrap();
        for rec in r.records() {
            in_csv.extend(rec.unwrap().iter().map(str::to_string));
        }
    }

    // Every table that names a participant, read from the schema, so a new one the export
    // leaves out fails here.
    let raw = rusqlite::Connection::open(&db).unwrap();
    let mut tables: Vec<(String, String)> = raw
        .prepare(
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.name IN ('participant_id') ORDER BY 1",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables.push(("participants".into(), "id".into()));
    assert!(tables.len() >= 16, "{tables:?}");
    let mut missing = Vec::new();
    for (table, column) in &tables {
        let mut stmt = raw
            .prepare(&format!("SELECT * FROM {table} WHERE {column} = ?1"))
            .unwrap();
        let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows = stmt.query([ann]).unwrap();
        let mut seen = 0;
        while let Some(row) = rows.next().unwrap() {
            seen += 1;
            for (i, name) in names.iter().enumerate() {
                let Ok(rusqlite::types::ValueRef::Text(bytes)) = row.get_ref(i) else {
                    continue;
                };
                let text = String::from_utf8_lossy(bytes).to_string();
                // JSON held as text (form values, audit changes, tick lists) by its strings.
                let mut wanted = Vec::new();
                match serde_json::from_str::<serde_json::Value>(&text) {
                    Ok(v @ (serde_json::Value::Object(_) | serde_json::Value::Array(_))) => {
                        strings_in(&v, &mut wanted)
                    }
                    _ => wanted.push(text),
                }
                for w in wanted.into_iter().filter(|w| !w.is_empty()) {
                    if !exported.iter().any(|e| e.contains(&w)) {
                        missing.push(format!("JSON: {table}.{name} = {w:?}"));
                    }
                    if !in_csv.iter().any(|e| e.contains(&w)) {
                        missing.push(format!("CSV: {table}.{name} = {w:?}"));
                    }
                }
            }
        }
        assert!(seen > 0, "no row of {table} was written for the test");
    }
    assert!(
        missing.is_empty(),
        "not in the export:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_text_export_reads_in_plain_words_with_dates_as_people_write_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, [ann, ..]) = fixture(dir.path());
    store
        .record_review(ann, d(2026, 10, 1), "Confidence up")
        .unwrap();
    drop(store);
    let db = dir.path().join("kw.db");
    let path = dir.path().join("for-ann.txt");
    let out = keyworker(
        &db,
        &[
            "export",
            "--format",
            "text",
            "--participant",
            &ann.to_string(),
            "--out",
            path.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let text = std::fs::read_to_string(&path).unwrap();
    for want in [
        "==== Ann Lee (participant 1) ====",
        "About you",
        "Referred by: Jobcentre Plus, on 1 May 2026",
        "Contacts",
        "2 May 2026 at 10:00: Phone with participant, Completed, 10 minutes",
        "Outcomes",
        "10 June 2026: Job start (by sam): Contract seen",
        "Reviews",
        "1 October 2026 by sam: Confidence up",
        "Every change to your record",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    assert!(!text.contains("Bob Stone"), "only the person asked about");
    assert!(
        !text.contains("2026-05-02"),
        "dates as people write them:\n{text}"
    );
}

#[test]
fn the_audit_log_proves_itself_and_names_the_first_row_changed_outside_keyworker() {
    use keyworker::store::AuditCheck;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, [ann, ..]) = fixture(dir.path());
    let db = dir.path().join("kw.db");
    let whole = |s: &Store| match s.verify_audit().unwrap() {
        AuditCheck::Whole { rows } => rows,
        broken => panic!("{broken:?}"),
    };
    let rows = whole(&store);
    assert!(rows > 10);
    // Erasure blanks Ann's rows and keeps the chain whole.
    store.erase_participant(ann).unwrap();
    assert_eq!(whole(&store), rows + 1, "the erasure's own row is added");
    let verify = |db: &std::path::Path| keyworker(db, &["audit", "--verify"]);
    let out = verify(&db);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Someone edits the file with sqlite3: a change, a deletion, an insertion.
    let copy = |name: &str| {
        let to = dir.path().join(name);
        store.backup_to(&to).unwrap();
        (to.clone(), rusqlite::Connection::open(to).unwrap())
    };
    let (changed, c) = copy("changed.db");
    c.execute("UPDATE audit SET who = 'someone else' WHERE id = 5", [])
        .unwrap();
    drop(c);
    let (deleted, c) = copy("deleted.db");
    c.execute("DELETE FROM audit WHERE id = 7", []).unwrap();
    drop(c);
    let (inserted, c) = copy("inserted.db");
    c.execute(
        "INSERT INTO audit (at, who, entity, entity_id, action, changes) \
         VALUES ('2026-11-23T10:00:00+00:00', 'sam', 'participant', 2, 'update', '{}')",
        [],
    )
    .unwrap();
    drop(c);
    for (db, row, why) in [
        (&changed, 5, "changed"),
        (&deleted, 8, "deleted"),
        (&inserted, rows as i64 + 2, "inserted"),
    ] {
        let out = verify(db);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{why} went unseen");
        assert!(err.contains(&format!("at row {row}:")), "{why}: {err}");
        assert!(err.contains(why), "{why}: {err}");
        // The doctor says so too.
        let doctor = keyworker(db, &["doctor"]);
        let said = String::from_utf8_lossy(&doctor.stdout);
        assert!(
            said.contains("audit log") && said.contains(&format!("row {row}")),
            "{said}"
        );
    }
}

#[test]
fn erasure_names_the_backups_made_before_it_that_still_hold_the_person() {
    let dir = tempfile::tempdir().unwrap();
    let (store, [ann, ..]) = fixture(dir.path());
    let copy = dir.path().join("monday.db");
    store.backup_to(&copy).unwrap();
    let gone = dir.path().join("deleted-since.db");
    store.backup_to(&gone).unwrap();
    std::fs::remove_file(&gone).unwrap();
    drop(store);
    let db = dir.path().join("kw.db");
    let out = keyworker(&db, &["erase", "--participant", &ann.to_string(), "--yes"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("still hold them"), "{said}");
    assert!(said.contains("monday.db"), "{said}");
    assert!(
        !said.contains("deleted-since.db"),
        "a backup no longer there is not named"
    );
    let retention = keyworker(&db, &["report", "--retention"]);
    assert!(String::from_utf8_lossy(&retention.stdout).contains("monday.db"));
}

#[test]
fn erasing_one_person_leaves_the_other_exactly_as_they_were_and_no_trace_of_them() {
    use keyworker::domain::plan::{ActionDetails, ActionStatus, Owner};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, [ann, bob, _]) = fixture(dir.path());
    for who in [ann, bob] {
        store
            .add_action(
                who,
                &ActionDetails {
                    text: format!("Action for {who}"),
                    owner: Owner::Participant,
                    due: Some(d(2026, 12, 1)),
                    status: ActionStatus::Open,
                },
            )
            .unwrap();
        store
            .save_draft(
                &DraftKey::Plan(who),
                &format!("{{\"note\":\"draft {who}\"}}"),
            )
            .unwrap();
    }
    let db = dir.path().join("kw.db");
    let export_bob = || {
        let out = keyworker(&db, &["export", "--participant", &bob.to_string()]);
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["exported_at"] = serde_json::Value::Null;
        v
    };
    let before = export_bob();
    // A colleague has the file open throughout.
    let colleague = Store::open(&db, "jo", clock()).unwrap();
    store.erase_participant(ann).unwrap();
    assert_eq!(
        colleague.participant(bob).unwrap().details.name,
        "Bob Stone"
    );
    drop(store);
    drop(colleague);
    assert_eq!(export_bob(), before, "Bob's record is exactly as it was");
    let mut bytes = std::fs::read(&db).unwrap();
    if let Ok(wal) = std::fs::read(dir.path().join("kw.db-wal")) {
        bytes.extend(wal);
    }
    let hay = String::from_utf8_lossy(&bytes);
    for trace in ["Ann Lee", "07700 900001", &format!("draft {ann}")] {
        assert!(!hay.contains(trace), "{trace:?} is still in the file");
    }
}
