//! Everyday faults keep the typed text: a newer keyworker upgrading the file mid-session, and
//! a colleague holding the write lock too long. The database refuses; the text stays on
//! screen and goes to a private file that the next start puts back.

mod common;

use common::{ME, World, today};
use keyworker::app::{Msg, Screen};
use keyworker::domain::draft::DraftKey;
use keyworker::store::fallback;

fn ann(w: &mut World) -> i64 {
    let id = w
        .store
        .add_participant(&common::person("Ann Lee"), today())
        .unwrap();
    w.restart();
    w.model.fallback = Some(w.dir.path().join("unsaved"));
    id
}

fn notes_on_screen(w: &World) -> String {
    match &w.model.screen {
        Screen::Contact(c) => c.form.get("notes"),
        _ => panic!("the contact form is not open"),
    }
}

fn kept_files(w: &World) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(w.dir.path().join("unsaved"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn an_upgrade_mid_session_stops_writing_keeps_the_form_and_its_text_comes_back() {
    let mut w = World::empty();
    let id = ann(&mut w);
    w.key('c');
    w.typed("Rang about the new rota");
    // A newer keyworker on the server moves the file on.
    let other = rusqlite::Connection::open(w.db_path()).unwrap();
    let known = keyworker::store::schema::latest_version();
    other
        .pragma_update(None, "user_version", known + 1)
        .unwrap();
    w.ctrl('s');
    let said = w.model.status.clone().unwrap().text;
    assert!(said.contains("upgraded"), "{said}");
    assert_eq!(
        notes_on_screen(&w),
        "Rang about the new rota",
        "the form stays"
    );
    assert!(
        w.store.contacts(id, 10).unwrap().is_empty(),
        "nothing written"
    );
    let files = kept_files(&w);
    assert_eq!(files.len(), 1, "the text is kept outside the database");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // The restart: a keyworker that knows the file puts the draft back, and the form reopens.
    other.pragma_update(None, "user_version", known).unwrap();
    let dir = w.dir.path().join("unsaved");
    assert_eq!(fallback::restore(&mut w.store, &dir).unwrap(), 1);
    assert!(
        kept_files(&w).is_empty(),
        "the file goes once the draft is in"
    );
    let key = DraftKey::Contact {
        participant: id,
        amends: None,
    };
    assert!(
        w.store
            .draft(&key)
            .unwrap()
            .unwrap()
            .contains("Rang about the new rota")
    );
    // As at a start: the interrupted form reopens by itself.
    w.model = keyworker::app::Model::new(&mut w.store, ME, (80, 24)).unwrap();
    assert_eq!(notes_on_screen(&w), "Rang about the new rota");
}

#[test]
fn a_lock_held_too_long_keeps_the_draft_outside_and_a_hangup_still_leaves_quickly() {
    let mut w = World::empty();
    let id = ann(&mut w);
    w.store.hurry().unwrap();
    w.key('c');
    w.typed("Half a note");
    // A colleague's import holds the write lock.
    let other = rusqlite::Connection::open(w.db_path()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    w.send(Msg::Hangup);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "left in {:?}",
        started.elapsed()
    );
    assert!(w.model.quit);
    assert_eq!(kept_files(&w).len(), 1, "the draft went to a file");
    other.execute_batch("COMMIT").unwrap();
    let dir = w.dir.path().join("unsaved");
    assert_eq!(fallback::restore(&mut w.store, &dir).unwrap(), 1);
    let key = DraftKey::Contact {
        participant: id,
        amends: None,
    };
    assert!(
        w.store
            .draft(&key)
            .unwrap()
            .unwrap()
            .contains("Half a note")
    );
}

#[test]
fn a_full_disk_refuses_the_save_keeps_the_form_and_keeps_the_text_outside() {
    let mut w = World::empty();
    let id = ann(&mut w);
    w.key('c');
    // Enough text that the contact needs new pages.
    let long = "Talked through the rota, the bus times and the payslip. ".repeat(200);
    w.send(Msg::Paste(long.clone()));
    w.store.fill_disk().unwrap();
    w.ctrl('s');
    let said = w.model.status.clone().unwrap().text;
    assert!(said.contains("full"), "{said}");
    assert!(
        notes_on_screen(&w).starts_with("Talked through the rota"),
        "the form stays"
    );
    assert!(w.store.contacts(id, 10).unwrap().is_empty());
    assert_eq!(kept_files(&w).len(), 1, "the text went to a file");
    let kept = std::fs::read_to_string(&kept_files(&w)[0]).unwrap();
    assert!(kept.contains("the bus times and the payslip"));
}

#[test]
fn a_read_only_file_refuses_the_save_keeps_the_form_and_keeps_the_text_outside() {
    let mut w = World::empty();
    let id = ann(&mut w);
    w.key('c');
    w.typed("Rang back about the interview");
    w.store.make_read_only().unwrap();
    w.ctrl('s');
    let said = w.model.status.clone().unwrap().text;
    assert!(said.contains("read"), "{said}");
    assert_eq!(notes_on_screen(&w), "Rang back about the interview");
    assert!(w.store.contacts(id, 10).unwrap().is_empty());
    assert_eq!(kept_files(&w).len(), 1, "the text went to a file");
}
