//! The queries the app runs most, checked with `EXPLAIN QUERY PLAN`: none may read a whole
//! table that grows with the caseload when it wants one person's rows or one worker's.

use std::cell::RefCell;

use super::Store;
use crate::cli::demo::Generator;
use crate::store::{ReminderQuery, Scope, far_ahead};

thread_local! {
    // Per thread: the tests run side by side, and a statement is traced on the thread that
    // runs it.
    static SEEN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn remember(event: rusqlite::trace::TraceEvent<'_>) {
    if let rusqlite::trace::TraceEvent::Stmt(_, sql) = event {
        SEEN.with(|s| s.borrow_mut().push(sql.to_string()));
    }
}

/// Runs `f` and returns the plans of the statements it ran: (statement, plan lines).
fn plans_of(store: &mut Store, f: impl FnOnce(&mut Store)) -> Vec<(String, Vec<String>)> {
    SEEN.with(|s| s.borrow_mut().clear());
    let stmt = rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT;
    store.conn.trace_v2(stmt, Some(remember));
    f(store);
    store.conn.trace_v2(stmt, None);
    let seen: Vec<String> = SEEN.with(|s| s.borrow().clone());
    seen.into_iter()
        .filter(|s| {
            let s = s.trim_start().to_uppercase();
            s.starts_with("SELECT") || s.starts_with("UPDATE") || s.starts_with("DELETE")
        })
        .map(|sql| {
            let mut stmt = store
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            // Parameters left unbound are NULL: the plan does not depend on them.
            let mut rows = stmt.raw_query();
            let mut lines = Vec::new();
            while let Some(r) = rows.next().unwrap() {
                lines.push(r.get::<_, String>(3).unwrap());
            }
            (sql, lines)
        })
        .collect()
}

/// Plan lines that read a whole table rather than searching an index.
fn scans(plans: &[(String, Vec<String>)]) -> Vec<String> {
    plans
        .iter()
        .flat_map(|(sql, lines)| {
            lines
                .iter()
                .filter(|l| l.starts_with("SCAN ") && !l.contains("USING COVERING INDEX"))
                .map(move |l| format!("{l}   in   {sql}"))
        })
        .collect()
}

fn store_with_demo() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let clock = crate::domain::clock::Clock::fake(
        chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+00:00").unwrap(),
    );
    let mut store = Store::open(&dir.path().join("kw.db"), "sam", clock).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut g = Generator::new(3, "sam", today);
    store
        .add_participants((0..300).map(|i| g.participant(i)), |_| {})
        .unwrap();
    // Statistics, as a long-used file would have them.
    store.conn.execute_batch("ANALYZE").unwrap();
    (dir, store)
}

#[test]
fn one_persons_screens_read_only_their_rows() {
    let (_dir, mut store) = store_with_demo();
    let plans = plans_of(&mut store, |s| {
        s.participant(7).unwrap();
        s.stage_history(7).unwrap();
        s.plan(7).unwrap();
        s.actions(7).unwrap();
        s.assessments(7).unwrap();
        s.contacts(7, 200).unwrap();
        s.snoozes(7).unwrap();
        s.outcomes(7).unwrap();
        s.soft_scores(7).unwrap();
        s.spend(7).unwrap();
        s.exit_of(7).unwrap();
        s.milestone_states(7).unwrap();
        // A subject access export and the audit of one person.
        s.participants_in_full(Some(7)).unwrap();
        s.audit(Some(7)).unwrap();
        s.last_change(7).unwrap();
        s.reminders(ReminderQuery {
            worker: None,
            participant: Some(7),
            until: far_ahead(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        })
        .unwrap();
    });
    assert!(plans.len() >= 12, "{} statements traced", plans.len());
    let bad = scans(&plans);
    assert!(bad.is_empty(), "whole-table scans:\n{}", bad.join("\n"));
}

#[test]
fn one_workers_caseload_and_due_list_use_indexes() {
    let (_dir, mut store) = store_with_demo();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let plans = plans_of(&mut store, |s| {
        s.caseload(Scope::Worker("sam")).unwrap();
        s.safety_net(Some("sam"), today).unwrap();
        s.reminders(ReminderQuery {
            worker: Some("sam"),
            participant: None,
            until: today + chrono::Days::new(7),
        })
        .unwrap();
        s.first_reminders(
            ReminderQuery {
                worker: Some("sam"),
                participant: None,
                until: today + chrono::Days::new(28),
            },
            1000,
        )
        .unwrap();
    });
    let bad = scans(&plans);
    assert!(bad.is_empty(), "whole-table scans:\n{}", bad.join("\n"));
}

#[test]
fn saving_a_contact_touches_only_that_persons_rows() {
    let (_dir, mut store) = store_with_demo();
    let d = crate::domain::contact::ContactDetails {
        at: store.clock().now(),
        channel: crate::domain::contact::ContactChannel::Phone,
        with: crate::domain::contact::With::Participant,
        outcome: crate::domain::contact::Outcome::Completed,
        duration_minutes: Some(5),
        notes: "Fine".into(),
        in_work: None,
        next_contact: None,
    };
    let plans = plans_of(&mut store, |s| {
        s.add_contact(7, &d, &[], None).unwrap();
    });
    assert!(!plans.is_empty());
    let bad = scans(&plans);
    assert!(bad.is_empty(), "whole-table scans:\n{}", bad.join("\n"));
}
