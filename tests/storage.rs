//! The store against real SQLite files in a temp dir: schema, pragmas, file modes, several
//! connections, and files that must be refused untouched.

mod common;

use keyworker::domain::draft::DraftKey;

use std::os::unix::fs::PermissionsExt;

use common::{ME, clock, today};
use keyworker::domain::{BarrierKind, ParticipantDetails, ReferralRoute, Stage};
use keyworker::store::{LinesSince, Scope, Store, StoreError};

fn details(name: &str) -> ParticipantDetails {
    ParticipantDetails {
        name: name.into(),
        preferred_name: String::new(),
        phone: "07700 900123".into(),
        email: String::new(),
        postcode: "wr1 2jj".into(),
        referral_route: ReferralRoute::JobcentrePlus,
        referral_date: Some(today()),
        stage: Stage::Referred,
        barriers: vec![(BarrierKind::Transport, "No bus after 6pm".into())],
        key_worker: ME.into(),
        availability: Default::default(),
    }
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The caseload reads each line's key worker and phone out of one indexed value; what
/// another program wrote there (commas, a number for a phone, bytes that are not UTF-8,
/// control characters) stays apart and reads as it would read alone.
#[test]
fn a_line_another_program_wrote_oddly_reads_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kw.db");
    let mut s = Store::open(&path, ME, clock()).unwrap();
    let id = s.add_participant(&details("Ann Lee"), today()).unwrap();
    s.add_participant(&details("Bea Ng"), today()).unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    let line = |id| {
        let team = s.caseload(Scope::Team).unwrap();
        let row = team.into_iter().find(|r| r.id == id).unwrap();
        assert_eq!(Some(&row), s.caseload_line(id).unwrap().as_ref());
        row
    };

    other
        .execute(
            "UPDATE participants SET key_worker = '3,o,dd', phone = ',07700, 900123,', \
             last_contact = '2026-11-20', failed_attempts = 12, stage = 'in_work' \
             WHERE id = ?1",
            [id],
        )
        .unwrap();
    let row = line(id);
    assert_eq!(&*row.key_worker, "3,o,dd");
    assert_eq!(row.text.phone(), ",07700, 900123,");
    assert_eq!(
        row.last_contact,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
    );
    assert_eq!((row.failed_attempts, row.stage), (12, Stage::InWork));
    let theirs = s.caseload(Scope::Worker("3,o,dd")).unwrap();
    assert_eq!(theirs, vec![row]);

    other
        .execute(
            "UPDATE participants SET phone = 7700900123, \
             name = CAST(x'416e6e1b5b326a204c6565' AS TEXT), \
             key_worker = CAST(x'73616dff' AS TEXT) WHERE id = ?1",
            [id],
        )
        .unwrap();
    let row = line(id);
    assert_eq!(row.text.phone(), "7700900123");
    assert_eq!(
        row.text.name(),
        "Ann[2j Lee",
        "the escape character is gone"
    );
    assert_eq!(&*row.key_worker, "sam\u{fffd}");
    let caught = s.safety_net(None, today()).unwrap();
    assert!(
        caught.iter().any(|c| c.participant == "Ann[2j Lee"),
        "{caught:?}"
    );
}

#[test]
fn a_new_database_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new").join("deeper").join("kw.db");
    Store::open(&path, ME, clock()).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
}

#[test]
fn reading_commands_never_create_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.db");
    assert!(matches!(
        Store::open_existing(&path, ME, Default::default(), clock()),
        Err(StoreError::Missing(_))
    ));
    assert!(!path.exists());
}

#[test]
fn pragmas_are_set_for_a_shared_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kw.db");
    Store::open(&path, ME, clock()).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let journal: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, keyworker::store::schema::latest_version());
    let check: String = conn
        .pragma_query_value(None, "integrity_check", |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn migrations_validate() {
    keyworker::store::schema::migrations().validate().unwrap();
}

#[test]
fn two_connections_see_each_others_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kw.db");
    let mut a = Store::open(&path, ME, clock()).unwrap();
    let mut b = Store::open(&path, "priya.s", clock()).unwrap();
    let id = a.add_participant(&details("Ann Lee"), today()).unwrap();
    let mut theirs = details("Bob Hart");
    theirs.key_worker = "priya.s".into();
    b.add_participant(&theirs, today()).unwrap();
    assert_eq!(a.caseload(Scope::Team).unwrap().len(), 2);
    assert_eq!(b.caseload(Scope::Worker(ME)).unwrap().len(), 1);
    assert_eq!(b.participant(id).unwrap().details.name, "Ann Lee");
}

#[test]
fn a_stale_version_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kw.db");
    let mut a = Store::open(&path, ME, clock()).unwrap();
    let mut b = Store::open(&path, "priya.s", clock()).unwrap();
    let id = a.add_participant(&details("Ann Lee"), today()).unwrap();
    let v = a.participant(id).unwrap().version;
    let mut mine = details("Ann Lee");
    mine.phone = "07700 900111".into();
    let mut theirs = details("Ann Lee");
    theirs.phone = "07700 900222".into();
    b.update_participant(id, v, &theirs, today()).unwrap();
    let audit_before = a.audit(Some(id)).unwrap().len();
    assert!(matches!(
        a.update_participant(id, v, &mine, today()),
        Err(StoreError::Stale)
    ));
    assert_eq!(a.participant(id).unwrap().details.phone, "07700 900222");
    assert_eq!(a.audit(Some(id)).unwrap().len(), audit_before);
}

#[test]
fn every_change_is_audited_with_who_and_what() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("kw.db"), ME, clock()).unwrap();
    let id = s.add_participant(&details("Ann Lee"), today()).unwrap();
    let mut changed = details("Ann Lee");
    changed.stage = Stage::Engaged;
    changed.email = "ann@example.org".into();
    s.update_participant(id, 1, &changed, today()).unwrap();
    let audit = s.audit(Some(id)).unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(
        (audit[0].action.as_str(), audit[0].who.as_str()),
        ("create", ME)
    );
    assert_eq!(audit[1].action, "update");
    let changes = audit[1].changes.as_object().unwrap();
    let mut fields: Vec<&str> = changes.keys().map(String::as_str).collect();
    fields.sort();
    assert_eq!(fields, vec!["email", "stage"]);
    assert_eq!(changes["stage"], serde_json::json!(["referred", "engaged"]));
    let history = s.stage_history(id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[1].from, history[1].to),
        (Some(Stage::Referred), Stage::Engaged)
    );
}

#[test]
fn unchanged_barriers_keep_their_assessed_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("kw.db"), ME, clock()).unwrap();
    let id = s
        .add_participant(&details("Ann Lee"), today() - chrono::Days::new(30))
        .unwrap();
    let mut d = details("Ann Lee");
    d.barriers.push((BarrierKind::Housing, String::new()));
    s.update_participant(id, 1, &d, today()).unwrap();
    let p = s.participant(id).unwrap();
    let transport = p
        .barriers
        .iter()
        .find(|b| b.kind == BarrierKind::Transport)
        .unwrap();
    let housing = p
        .barriers
        .iter()
        .find(|b| b.kind == BarrierKind::Housing)
        .unwrap();
    assert_eq!(transport.assessed, today() - chrono::Days::new(30));
    assert_eq!(housing.assessed, today());
}

#[test]
fn control_characters_are_stripped_before_storing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kw.db");
    let mut s = Store::open(&path, ME, clock()).unwrap();
    let mut d = details("Ann\u{1b}[2J Lee\u{202e}");
    d.barriers = vec![(BarrierKind::Housing, "note\u{9b}31m".into())];
    let id = s.add_participant(&d, today()).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let raw: String = conn
        .query_row("SELECT name FROM participants WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(raw, "Ann[2J Lee");
    let note: String = conn
        .query_row("SELECT note FROM barriers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(note, "note31m");
}

#[test]
fn control_characters_put_in_by_another_program_are_stripped_when_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kw.db");
    let mut s = Store::open(&path, ME, clock()).unwrap();
    let id = s.add_participant(&details("Ann Lee"), today()).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE participants SET name = ?1 WHERE id = ?2",
        rusqlite::params!["Evil\u{1b}]0;pwned\u{7}Name", id],
    )
    .unwrap();
    assert_eq!(s.participant(id).unwrap().details.name, "Evil]0;pwnedName");
    assert_eq!(
        s.caseload(Scope::Team).unwrap()[0].text.name(),
        "Evil]0;pwnedName"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    let body =
        b"Shopping list: milk, bread, a much longer line to pass the header size...".repeat(20);
    std::fs::write(&path, &body).unwrap();
    let err = Store::open(&path, ME, clock()).err().unwrap();
    assert!(matches!(err, StoreError::NotADatabase(_)), "{err}");
    assert!(err.to_string().contains("not a keyworker database"));
    assert_eq!(std::fs::read(&path).unwrap(), body);
    assert!(!dir.path().join("notes.txt-wal").exists());
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        Store::open(&path, ME, clock()),
        Err(StoreError::ForeignDatabase(_))
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_database_from_a_newer_release_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kw.db");
    Store::open(&path, ME, clock()).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path, ME, clock()).err().unwrap();
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer keyworker"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn drafts_belong_to_their_worker() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kw.db");
    let mut a = Store::open(&path, ME, clock()).unwrap();
    let b = Store::open(&path, "priya.s", clock()).unwrap();
    a.save_draft(&DraftKey::Participant(None), "{\"x\":1}")
        .unwrap();
    assert_eq!(
        a.draft(&DraftKey::Participant(None)).unwrap().as_deref(),
        Some("{\"x\":1}")
    );
    assert_eq!(b.draft(&DraftKey::Participant(None)).unwrap(), None);
    a.save_draft(&DraftKey::Participant(None), "{\"x\":2}")
        .unwrap();
    assert_eq!(a.drafts().unwrap(), vec![DraftKey::Participant(None)]);
    a.discard_draft(&DraftKey::Participant(None)).unwrap();
    assert_eq!(a.draft(&DraftKey::Participant(None)).unwrap(), None);
}

#[test]
fn writers_wait_for_each_other_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kw.db");
    Store::open(&path, ME, clock()).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&path, &format!("worker{t}"), clock()).unwrap();
                for i in 0..25 {
                    s.add_participant(&details(&format!("P {t}-{i}")), today())
                        .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let s = Store::open(&path, ME, clock()).unwrap();
    assert_eq!(s.participant_count().unwrap(), 100);
}

#[test]
fn demo_generation_is_deterministic_for_a_seed() {
    use keyworker::cli::demo::Generator;
    let mut a = Generator::new(42, ME, today());
    let mut b = Generator::new(42, ME, today());
    for i in 0..50 {
        let (x, y) = (a.participant(i), b.participant(i));
        assert_eq!(x.details, y.details);
        assert_eq!(x.stage_since, y.stage_since);
    }
    let mut c = Generator::new(43, ME, today());
    assert_ne!(
        c.participant(0).details,
        Generator::new(42, ME, today()).participant(0).details
    );
}

#[test]
fn demo_refuses_a_database_with_participants_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("kw.db"), ME, clock()).unwrap();
    keyworker::cli::demo::fill(&mut s, 10, 1, false, today()).unwrap();
    assert!(keyworker::cli::demo::fill(&mut s, 10, 1, false, today()).is_err());
    assert_eq!(s.participant_count().unwrap(), 10);
    keyworker::cli::demo::fill(&mut s, 5, 2, true, today()).unwrap();
    assert_eq!(s.participant_count().unwrap(), 15);
}

mod plans {
    use super::*;
    use keyworker::domain::plan::{ActionDetails, ActionStatus, BarrierStatus, Owner, Plan};

    fn store_with_ann() -> (tempfile::TempDir, Store, i64) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("kw.db"), ME, clock()).unwrap();
        let id = s.add_participant(&details("Ann Lee"), today()).unwrap();
        (dir, s, id)
    }

    #[test]
    fn every_plan_save_is_kept_with_who_and_what() {
        let (dir, mut s, id) = store_with_ann();
        s.save_plan(
            id,
            0,
            &Plan {
                job_title: "Porter".into(),
                ..Plan::default()
            },
        )
        .unwrap();
        let mut b = Store::open(&dir.path().join("kw.db"), "priya.s", clock()).unwrap();
        b.save_plan(
            id,
            1,
            &Plan {
                job_title: "Chef".into(),
                hours_per_week: Some(20.0),
                ..Plan::default()
            },
        )
        .unwrap();
        let history = s.plan_history(id).unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].who, "priya.s");
        assert_eq!(
            history[0].fields,
            vec![
                (
                    "job_title".to_string(),
                    "Porter".to_string(),
                    "Chef".to_string()
                ),
                (
                    "hours_per_week".to_string(),
                    String::new(),
                    "20".to_string()
                ),
            ]
        );
        assert_eq!(history[1].who, ME);
        let audit = s.audit(Some(id)).unwrap();
        assert_eq!(audit.iter().filter(|e| e.entity == "plan").count(), 2);
    }

    #[test]
    fn a_stale_plan_save_never_wins() {
        let (dir, mut a, id) = store_with_ann();
        let mut b = Store::open(&dir.path().join("kw.db"), "priya.s", clock()).unwrap();
        // Both start from "no plan yet".
        b.save_plan(
            id,
            0,
            &Plan {
                employer: "Theirs Ltd".into(),
                ..Plan::default()
            },
        )
        .unwrap();
        let mine = Plan {
            employer: "Mine Ltd".into(),
            ..Plan::default()
        };
        assert!(matches!(a.save_plan(id, 0, &mine), Err(StoreError::Stale)));
        b.save_plan(
            id,
            1,
            &Plan {
                employer: "Theirs Again".into(),
                ..Plan::default()
            },
        )
        .unwrap();
        assert!(matches!(a.save_plan(id, 1, &mine), Err(StoreError::Stale)));
        assert_eq!(a.plan(id).unwrap().unwrap().plan.employer, "Theirs Again");
        assert_eq!(a.plan_history(id).unwrap().len(), 2);
    }

    #[test]
    fn employers_are_shared_by_name_whatever_the_case() {
        let (_dir, mut s, ann) = store_with_ann();
        let bob = s.add_participant(&details("Bob Hart"), today()).unwrap();
        s.save_plan(
            ann,
            0,
            &Plan {
                employer: "Vale Motors".into(),
                ..Plan::default()
            },
        )
        .unwrap();
        s.save_plan(
            bob,
            0,
            &Plan {
                employer: "vale motors".into(),
                ..Plan::default()
            },
        )
        .unwrap();
        assert_eq!(s.employers().unwrap().len(), 1);
        assert_eq!(s.plan(bob).unwrap().unwrap().plan.employer, "Vale Motors");
    }

    #[test]
    fn barrier_assessments_are_kept_over_time() {
        let (_dir, mut s, id) = store_with_ann();
        s.assess_barrier(
            id,
            BarrierKind::Transport,
            BarrierStatus::Improving,
            "Bus pass",
            today(),
        )
        .unwrap();
        s.assess_barrier(
            id,
            BarrierKind::Transport,
            BarrierStatus::Resolved,
            "Has a bike",
            today(),
        )
        .unwrap();
        // Editing the participant without touching the barrier adds no assessment.
        let mut d = s.participant(id).unwrap().details;
        d.phone = "07700 900999".into();
        s.update_participant(id, 1, &d, today()).unwrap();
        let a = s.assessments(id).unwrap();
        let statuses: Vec<_> = a.iter().map(|a| a.status).collect();
        assert_eq!(
            statuses,
            vec![
                BarrierStatus::Barrier,
                BarrierStatus::Improving,
                BarrierStatus::Resolved
            ]
        );
        let p = s.participant(id).unwrap();
        assert_eq!(p.barriers[0].status, BarrierStatus::Resolved);
        assert_eq!(p.barriers[0].note, "Has a bike");
    }

    #[test]
    fn open_actions_come_first_by_date() {
        let (_dir, mut s, id) = store_with_ann();
        let add = |s: &mut Store, text: &str, due: Option<u64>, status| {
            s.add_action(
                id,
                &ActionDetails {
                    text: text.into(),
                    owner: Owner::Participant,
                    due: due.map(|d| today() + chrono::Days::new(d)),
                    status,
                },
            )
            .unwrap()
        };
        add(&mut s, "closed", Some(1), ActionStatus::Done);
        add(&mut s, "undated", None, ActionStatus::Open);
        add(&mut s, "later", Some(9), ActionStatus::Open);
        add(&mut s, "soon", Some(2), ActionStatus::Open);
        let order: Vec<String> = s
            .actions(id)
            .unwrap()
            .into_iter()
            .map(|a| a.details.text)
            .collect();
        assert_eq!(order, vec!["soon", "later", "undated", "closed"]);
    }

    /// A keyworker file in a temp dir, not yet made.
    fn old_file() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        (dir, path)
    }

    /// The file at `path` as an older keyworker left it, at schema `version`.
    fn at_version(path: &std::path::Path, version: usize) -> rusqlite::Connection {
        let mut conn = rusqlite::Connection::open(path).unwrap();
        conn.pragma_update(None, "application_id", 0x4b57_524b)
            .unwrap();
        keyworker::store::schema::migrations()
            .to_version(&mut conn, version)
            .unwrap();
        conn
    }

    #[test]
    fn upgrading_a_schema_1_file_keeps_barriers_as_first_assessments() {
        let (_dir, path) = old_file();
        {
            let conn = at_version(&path, 1);
            conn.execute_batch(
                "INSERT INTO participants (id, name, referral_route, stage, stage_since, key_worker, \
                 created_at, updated_at) VALUES (1, 'Old Timer', 'other', 'engaged', '2026-01-01', \
                 'sam', '2026-01-01T09:00:00+00:00', '2026-01-01T09:00:00+00:00'); \
                 INSERT INTO barriers (participant_id, kind, note, assessed) \
                 VALUES (1, 'housing', 'Hostel', '2026-01-01');",
            )
            .unwrap();
        }
        let s = Store::open(&path, ME, clock()).unwrap();
        let a = s.assessments(1).unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(
            (a[0].status, a[0].note.as_str(), a[0].by.as_str()),
            (BarrierStatus::Barrier, "Hostel", "sam")
        );
        assert_eq!(
            s.participant(1).unwrap().barriers[0].status,
            BarrierStatus::Barrier
        );
    }
    #[test]
    fn upgrading_seals_the_audit_log_already_there_so_it_verifies() {
        let (_dir, path) = old_file();
        {
            let conn = at_version(&path, 8);
            for i in 1..=3 {
                conn.execute(
                    "INSERT INTO audit (at, who, participant_id, entity, entity_id, action, changes) \
                     VALUES ('2026-01-01T09:00:00+00:00', 'sam', NULL, 'employer', ?1, 'create', '{}')",
                    [i],
                )
                .unwrap();
            }
        }
        let s = Store::open(&path, ME, clock()).unwrap();
        assert_eq!(
            s.verify_audit().unwrap(),
            keyworker::store::AuditCheck::Whole { rows: 3 }
        );
    }

    #[test]
    fn upgrading_files_drafts_under_the_participant_they_are_about() {
        let (_dir, path) = old_file();
        {
            let conn = at_version(&path, 7);
            conn.execute_batch(
                "INSERT INTO participants (id, name, referral_route, stage, stage_since, key_worker, \
                 created_at, updated_at) VALUES (5, 'Ann Lee', 'other', 'engaged', '2026-01-01', \
                 'sam', '2026-01-01T09:00:00+00:00', '2026-01-01T09:00:00+00:00'), \
                 (12, 'Bob Stone', 'other', 'engaged', '2026-01-01', \
                 'sam', '2026-01-01T09:00:00+00:00', '2026-01-01T09:00:00+00:00'); \
                 INSERT INTO drafts (who, form, body, saved_at) VALUES \
                 ('sam', 'action:12:5', '{}', '2026-01-02T09:00:00+00:00'), \
                 ('sam', 'contact:5', '{}', '2026-01-02T09:00:01+00:00'), \
                 ('sam', 'participant:new', '{}', '2026-01-02T09:00:02+00:00'), \
                 ('sam', 'employer:5', '{}', '2026-01-02T09:00:03+00:00'), \
                 ('sam', 'plan:99', '{}', '2026-01-02T09:00:04+00:00');",
            )
            .unwrap();
        }
        let mut s = Store::open(&path, ME, clock()).unwrap();
        s.erase_participant(5).unwrap();
        let mut left: Vec<String> = s.drafts().unwrap().iter().map(|k| k.to_string()).collect();
        left.sort();
        assert_eq!(
            left,
            ["action:12:5", "employer:5", "participant:new", "plan:99"],
            "only Ann's contact draft went"
        );
    }
}

mod contacts {
    use super::*;
    use keyworker::domain::contact::{ContactChannel, ContactDetails, Outcome, With};

    fn call(at_hour: u32, outcome: Outcome, next: Option<u64>) -> ContactDetails {
        let at = chrono::FixedOffset::east_opt(0)
            .unwrap()
            .from_local_datetime(&today().and_hms_opt(at_hour, 0, 0).unwrap())
            .unwrap();
        ContactDetails {
            at,
            channel: ContactChannel::Phone,
            with: With::Participant,
            outcome,
            duration_minutes: Some(5),
            notes: format!("call at {at_hour}"),
            in_work: None,
            next_contact: next.map(|d| today() + chrono::Days::new(d)),
        }
    }
    use chrono::TimeZone;

    #[test]
    fn four_writers_append_contacts_without_conflict() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kw.db");
        let id = Store::open(&path, ME, clock())
            .unwrap()
            .add_participant(&details("Ann Lee"), today())
            .unwrap();
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let mut s = Store::open(&path, &format!("worker{t}"), clock()).unwrap();
                    for i in 0..20 {
                        s.add_contact(
                            id,
                            &call(9 + (i % 8), Outcome::Completed, Some(7)),
                            &[],
                            None,
                        )
                        .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let s = Store::open(&path, ME, clock()).unwrap();
        assert_eq!(s.contacts(id, 1000).unwrap().len(), 80);
        let check: String = rusqlite::Connection::open(&path)
            .unwrap()
            .pragma_query_value(None, "integrity_check", |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }

    #[test]
    fn the_next_contact_counts_from_the_last_contact_made() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("kw.db"), ME, clock()).unwrap();
        let id = s.add_participant(&details("Ann Lee"), today()).unwrap();
        s.add_contact(id, &call(9, Outcome::Completed, Some(7)), &[], None)
            .unwrap();
        s.add_contact(id, &call(10, Outcome::NoAnswer, Some(1)), &[], None)
            .unwrap();
        let row = &s.caseload(Scope::Team).unwrap()[0];
        assert_eq!(
            row.next_due,
            Some(today() + chrono::Days::new(1)),
            "the retry is next"
        );
        assert_eq!(row.last_contact, Some(today()));
        assert_eq!(row.failed_attempts, 1);
        // An earlier call logged late does not move the next date back.
        s.add_contact(id, &call(8, Outcome::Completed, Some(14)), &[], None)
            .unwrap();
        let row = &s.caseload(Scope::Team).unwrap()[0];
        assert_eq!(row.next_due, Some(today() + chrono::Days::new(1)));
        assert_eq!(s.last_completed(id).unwrap(), Some(today()));
    }

    #[test]
    fn a_contact_is_amended_once_not_forked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kw.db");
        let mut a = Store::open(&path, ME, clock()).unwrap();
        let mut b = Store::open(&path, "priya.s", clock()).unwrap();
        let id = a.add_participant(&details("Ann Lee"), today()).unwrap();
        let first = a
            .add_contact(id, &call(9, Outcome::Completed, None), &[], None)
            .unwrap();
        b.add_contact(id, &call(9, Outcome::Completed, None), &[], Some(first))
            .unwrap();
        assert!(matches!(
            a.add_contact(id, &call(9, Outcome::Completed, None), &[], Some(first)),
            Err(StoreError::Stale)
        ));
        let original: String = rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("SELECT notes FROM contacts WHERE id = ?1", [first], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(original, "call at 9", "the first version is never edited");
        assert_eq!(a.contacts(id, 10).unwrap().len(), 1);
    }
}

#[test]
fn bulk_demo_summaries_match_the_contacts_and_the_file_stays_in_wal() {
    use keyworker::domain::contact::Outcome;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kw.db");
    let mut s = Store::open(&path, ME, clock()).unwrap();
    keyworker::cli::demo::fill(&mut s, 80, 3, false, today()).unwrap();
    let journal: String = rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let mut with_contacts = 0;
    for row in s.caseload(Scope::Team).unwrap() {
        let contacts = s.contacts(row.id, 100).unwrap();
        if contacts.is_empty() {
            continue;
        }
        with_contacts += 1;
        let last = contacts
            .iter()
            .filter(|c| c.details.outcome == Outcome::Completed)
            .map(|c| c.details.at.date_naive())
            .max();
        assert_eq!(row.last_contact, last, "{}", row.text.name());
        // The contact-due reminder is the next contact agreed in the newest contact, and the
        // caseload shows the earliest of all reminders.
        let reminders = s
            .reminders(keyworker::store::ReminderQuery {
                worker: None,
                participant: Some(row.id),
                until: keyworker::store::far_ahead(today()),
            })
            .unwrap();
        let contact_due = reminders
            .iter()
            .find(|r| r.kind == keyworker::domain::reminder::ReminderKind::ContactDue)
            .map(|r| r.due);
        if row.stage != keyworker::domain::Stage::Exited
            && row.stage != keyworker::domain::Stage::Paused
        {
            // An appointment booked on or before the date agreed stands for the contact.
            let booked = reminders
                .iter()
                .find(|r| r.kind == keyworker::domain::reminder::ReminderKind::Appointment)
                .map(|r| r.due);
            match (booked, contacts[0].details.next_contact) {
                (Some(b), Some(agreed)) if b <= agreed => assert_eq!(contact_due, None),
                (_, agreed) => assert_eq!(contact_due, agreed, "{}", row.text.name()),
            }
        }
        assert_eq!(
            row.next_due,
            reminders.iter().map(|r| r.due).min().or(row.next_due),
            "{}",
            row.text.name()
        );
    }
    assert!(with_contacts > 40);
}

#[test]
fn in_a_team_directory_the_file_and_its_log_are_shared_by_the_group_only() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap();
    std::fs::set_permissions(&team, std::fs::Permissions::from_mode(0o2770)).unwrap();
    // SAFETY: sets this process's file-creation mask; no memory is involved.
    unsafe {
        libc::umask(0o022);
    }
    let path = team.join("team.db");
    let mut s = Store::open(&path, ME, clock()).unwrap();
    s.add_participant(&details("Ann Lee"), today()).unwrap();
    assert_eq!(mode(&path), 0o660);
    let wal = team.join("team.db-wal");
    assert!(wal.exists());
    assert_eq!(mode(&wal), 0o660, "the log too, whatever the umask");
    let backup = team.join("copy.db");
    s.backup_to(&backup).unwrap();
    assert_eq!(mode(&backup), 0o660);
    let findings = keyworker::cli::doctor::check(&path, &clock()).unwrap();
    let problems: Vec<_> = findings.iter().filter_map(|f| f.fix.as_ref()).collect();
    assert!(problems.is_empty(), "{problems:?}");

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let findings = keyworker::cli::doctor::check(&path, &clock()).unwrap();
    let fix = findings
        .iter()
        .find(|f| f.what == "file")
        .and_then(|f| f.fix.clone())
        .unwrap();
    assert!(fix.starts_with("chmod 660 "), "{fix}");
    assert!(
        findings
            .iter()
            .any(|f| f.what == "integrity" && f.found.starts_with("ok"))
    );
}

#[test]
fn outside_a_team_directory_files_stay_private_and_doctor_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // Made explicitly private: another test in this process may have set a team umask.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    let path = dir.path().join("mine.db");
    Store::open(&path, ME, clock()).unwrap();
    assert_eq!(mode(&path), 0o600);
    let findings = keyworker::cli::doctor::check(&path, &clock()).unwrap();
    let problems: Vec<_> = findings
        .iter()
        .filter(|f| f.fix.is_some())
        .map(|f| (f.what, &f.found, &f.fix))
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let findings = keyworker::cli::doctor::check(&path, &clock()).unwrap();
    let file = findings.iter().find(|f| f.what == "file").unwrap();
    assert_eq!(
        file.fix.as_deref(),
        Some(format!("chmod 600 {}", path.display()).as_str())
    );
    // A stranger's file is named as such.
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let findings = keyworker::cli::doctor::check(&other, &clock()).unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f.what == "keyworker file" && f.fix.is_some())
    );
}

#[test]
fn the_generation_moves_on_with_every_commit_here_or_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kw.db");
    let mut a = Store::open(&path, ME, clock()).unwrap();
    let mut b = Store::open(&path, "jo", clock()).unwrap();
    let g0 = a.generation().unwrap();
    assert_eq!(a.generation().unwrap(), g0, "reading changes nothing");
    a.add_participant(&details("Ann Lee"), today()).unwrap();
    let g1 = a.generation().unwrap();
    assert_ne!(g1, g0, "my own save");
    b.add_participant(&details("Bob Stone"), today()).unwrap();
    assert_ne!(a.generation().unwrap(), g1, "a colleague's save");
}

#[test]
fn a_store_knows_which_participants_lines_changed_since_a_mark() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("kw.db"), ME, clock()).unwrap();
    let a = s.add_participant(&details("Ann Lee"), today()).unwrap();
    let b = s.add_participant(&details("Bob Stone"), today()).unwrap();
    let (_, mark) = s.caseload_marked().unwrap();
    assert_eq!(s.lines_since(mark, 10).unwrap().0, LinesSince::Same);
    for id in [b, a] {
        let p = s.participant(id).unwrap();
        let details = ParticipantDetails {
            phone: "07700 900555".into(),
            ..p.details
        };
        s.update_participant(id, p.version, &details, today())
            .unwrap();
    }
    let (changed, later) = s.lines_since(mark, 10).unwrap();
    assert_eq!(
        changed,
        LinesSince::Changed(vec![b, a]),
        "in the order they changed"
    );
    // A draft, employers nobody works for, or a save that leaves every date of the line
    // where it was (a review with nothing due), changes no line.
    s.save_draft(&DraftKey::Participant(None), "{}").unwrap();
    s.add_employers(&[]).unwrap();
    s.record_review(a, today(), "fine").unwrap();
    assert_eq!(s.lines_since(later, 10).unwrap().0, LinesSince::Same);
    let line = s.caseload_line(a).unwrap().unwrap();
    assert_eq!(line.text.name(), "Ann Lee");
    assert_eq!(s.caseload_line(999).unwrap(), None);
}
