//! The order every reminder list shows, read a day at a time from merged date-ordered reads,
//! held against a plain sort of the same rows read by a second connection: by date, kind
//! (appointments first, by time), participant, key and id, for one worker (their own, a
//! covered colleague's and the leads' concerns), for everyone, for one participant, and cut
//! short. Then `keyworker due`'s text against its JSON, line by line.

mod common;

use chrono::{NaiveDate, NaiveTime};
use common::{ME, clock, today};
use keyworker::domain::Choice;
use keyworker::domain::reminder::{Reminder, ReminderKind};
use keyworker::store::{ReminderQuery, Store};
use rusqlite::{Connection, params};

/// One stored reminder row, as a second connection reads it.
#[derive(Debug, Clone)]
struct Row {
    id: i64,
    key: String,
    kind: ReminderKind,
    due: NaiveDate,
    title: String,
    participant: String,
    worker: String,
    time: Option<NaiveTime>,
}

fn rows(db: &std::path::Path) -> Vec<Row> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT participant_id, key, kind, due, title, participant, key_worker, at_time \
             FROM reminders",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(Row {
            id: r.get(0)?,
            key: r.get(1)?,
            kind: ReminderKind::from_code(&r.get::<_, String>(2)?).unwrap(),
            due: r.get::<_, String>(3)?.parse().unwrap(),
            title: r.get(4)?,
            participant: r.get::<_, String>(5)?.trim().to_string(),
            worker: r.get(6)?,
            time: r
                .get::<_, Option<String>>(7)?
                .map(|t| NaiveTime::parse_from_str(&t, "%H:%M").unwrap()),
        })
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// The order written out plainly, as a list is meant to show it.
fn sorted(mut v: Vec<Row>) -> Vec<(i64, String, String)> {
    v.sort_by(|a, b| {
        (a.due, a.kind, a.time, &a.participant, &a.key, a.id).cmp(&(
            b.due,
            b.kind,
            b.time,
            &b.participant,
            &b.key,
            b.id,
        ))
    });
    v.into_iter().map(|r| (r.id, r.key, r.title)).collect()
}

fn listed(v: &[Reminder]) -> Vec<(i64, String, String)> {
    v.iter()
        .map(|r| (r.participant_id, r.key.clone(), r.title.clone()))
        .collect()
}

/// The demo's 400 people, with a day's rows written in by hand that only the later keys tell
/// apart: appointments at two times and none, names alike in their first eight bytes, a name
/// with a space before it (and one that sorts before it only once it is cleaned), one that is
/// not ASCII, and one person's two reminders of one kind.
fn world() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let mut s = Store::open(&db, ME, clock()).unwrap();
    keyworker::cli::demo::fill(&mut s, 400, 7, false, today()).unwrap();
    let conn = raw(&db);
    let day = (today() + chrono::Days::new(2)).to_string();
    let add = |id: i64, key: &str, kind: &str, name: &str, worker: &str, at: Option<&str>| {
        conn.execute(
            "INSERT INTO reminders (participant_id, key, kind, due, title, participant, \
             key_worker, at_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                key,
                kind,
                day,
                format!("{kind} {key}"),
                name,
                worker,
                at
            ],
        )
        .unwrap();
    };
    add(
        900_001,
        "manual:1",
        "manual",
        "Alexandra Smithson",
        ME,
        None,
    );
    add(900_002, "manual:1", "manual", "Alexandra Smith", ME, None);
    add(
        900_003,
        "appointment:1",
        "appointment",
        "Zoë Ng",
        ME,
        Some("14:00"),
    );
    add(
        900_004,
        "appointment:2",
        "appointment",
        "Bo Li",
        ME,
        Some("09:30"),
    );
    add(900_005, "appointment:3", "appointment", "Al Ray", ME, None);
    add(900_006, "manual:2", "manual", " Aaron Bell", ME, None);
    add(900_006, "manual:1", "manual", " Aaron Bell", ME, None);
    add(900_007, "manual:1", "manual", "Alexandra Smith", ME, None);
    // Before " Aaron" once cleaned, though its first bytes as stored sort after the space.
    add(900_010, "manual:1", "manual", "Aardvark Jones", ME, None);
    add(900_008, "manual:1", "manual", "Ann Lee", "tom.h", None);
    add(
        900_009,
        "safeguarding:1",
        "safeguarding",
        "Cy Dunn",
        "priya.s",
        None,
    );
    (dir, s)
}

/// A second connection writing rows of its own, for people the file does not hold, as a
/// program other than this one might.
fn raw(db: &std::path::Path) -> Connection {
    let conn = Connection::open(db).unwrap();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn
}

fn query(worker: Option<&str>, participant: Option<i64>, days: u64) -> ReminderQuery<'_> {
    ReminderQuery {
        worker,
        participant,
        until: today() + chrono::Days::new(days),
    }
}

#[test]
fn a_worker_sees_their_own_a_covered_colleagues_and_the_concerns_in_list_order() {
    let (dir, s) = world();
    let all = rows(&dir.path().join("kw.db"));
    let until = today() + chrono::Days::new(14);
    let (cover_for, cover_ends) = s.covering(ME, today()).unwrap().remove(0);
    let expected = sorted(
        all.iter()
            .filter(|r| {
                let own = r.worker == ME && r.kind != ReminderKind::Safeguarding;
                let covered = r.worker == cover_for
                    && r.kind != ReminderKind::Safeguarding
                    && r.due <= cover_ends;
                // No lead is named in the demo, so everyone is one.
                (own || covered || r.kind == ReminderKind::Safeguarding) && r.due <= until
            })
            .cloned()
            .map(|mut r| {
                if r.worker == cover_for && r.kind != ReminderKind::Safeguarding {
                    r.title = format!("{} (cover for {cover_for})", r.title);
                }
                r
            })
            .collect(),
    );
    let got = s.reminders(query(Some(ME), None, 14)).unwrap();
    assert!(expected.len() > 200, "{}", expected.len());
    assert!(
        got.iter()
            .any(|r| r.title.ends_with(")") && r.title.contains("cover for")),
        "the covered colleague's reminders are in"
    );
    assert_eq!(listed(&got), expected);
    let names: Vec<&str> = got
        .iter()
        .filter(|r| r.participant_id > 900_000 && r.participant_id != 900_008)
        .map(|r| r.participant.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Al Ray",
            "Bo Li",
            "Zoë Ng",
            "Cy Dunn",
            "Aardvark Jones",
            "Aaron Bell",
            "Aaron Bell",
            "Alexandra Smith",
            "Alexandra Smith",
            "Alexandra Smithson"
        ],
        "untimed appointment first, then by time; the concern; the rest by name, cleaned"
    );
}

#[test]
fn everyones_list_merges_each_workers_in_order_and_a_screen_stops_after_its_first() {
    let (dir, s) = world();
    let all = rows(&dir.path().join("kw.db"));
    let until = today() + chrono::Days::new(30);
    let expected = sorted(all.iter().filter(|r| r.due <= until).cloned().collect());
    assert_eq!(
        listed(&s.reminders(query(None, None, 30)).unwrap()),
        expected
    );
    // Cut inside a day and at a day's end alike.
    for limit in [1, 37, 250, expected.len() - 1] {
        let first = s
            .first_reminders(query(None, None, 30), limit as i64)
            .unwrap();
        assert_eq!(listed(&first), expected[..limit], "the first {limit}");
    }
    let mine = s.first_reminders(query(Some(ME), None, 30), 50).unwrap();
    assert_eq!(
        listed(&mine),
        listed(&s.reminders(query(Some(ME), None, 30)).unwrap())[..50]
    );
}

#[test]
fn one_persons_reminders_are_in_list_order() {
    let (dir, s) = world();
    let all = rows(&dir.path().join("kw.db"));
    let until = today() + chrono::Days::new(400);
    let id = 900_006;
    let expected = sorted(
        all.iter()
            .filter(|r| r.id == id && r.due <= until)
            .cloned()
            .collect(),
    );
    assert_eq!(expected.len(), 2);
    assert_eq!(
        listed(&s.reminders(query(None, Some(id), 400)).unwrap()),
        expected
    );
    let busiest = all
        .iter()
        .filter(|r| r.id < 900_000)
        .max_by_key(|r| all.iter().filter(|o| o.id == r.id).count())
        .unwrap()
        .id;
    let expected = sorted(
        all.iter()
            .filter(|r| r.id == busiest && r.due <= until)
            .cloned()
            .collect(),
    );
    assert!(expected.len() > 2);
    assert_eq!(
        listed(&s.reminders(query(None, Some(busiest), 400)).unwrap()),
        expected
    );
}

#[test]
fn a_team_of_more_workers_than_are_merged_is_sorted_by_date_instead() {
    let (dir, s) = world();
    let db = dir.path().join("kw.db");
    let conn = raw(&db);
    for w in 0..80 {
        for d in [0, 3, 3, 9] {
            conn.execute(
                "INSERT INTO reminders (participant_id, key, kind, due, title, participant, \
                 key_worker) VALUES (?1, ?2, 'manual', ?3, 'call', ?4, ?5)",
                params![
                    800_000 + w * 10 + d,
                    format!("manual:{d}"),
                    (today() + chrono::Days::new(d as u64)).to_string(),
                    format!("Person {}", 80 - w),
                    format!("worker{w:02}")
                ],
            )
            .unwrap_or_default();
        }
    }
    let until = today() + chrono::Days::new(30);
    let expected = sorted(rows(&db).into_iter().filter(|r| r.due <= until).collect());
    assert_eq!(
        listed(&s.reminders(query(None, None, 30)).unwrap()),
        expected
    );
}

#[test]
fn due_text_lists_what_its_json_lists_in_the_same_order() {
    let (dir, _s) = world();
    let db = dir.path().join("kw.db");
    // The real binary acts as whoever runs it: give them the demo's caseload.
    Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE reminders SET key_worker = ?1 WHERE key_worker = ?2",
            params![keyworker::login_name(), ME],
        )
        .unwrap();
    for args in [
        &["due", "--days", "7"][..],
        &["due", "--days", "30", "--all"],
    ] {
        let text = common::term::stdout_of(&db, args);
        let json: serde_json::Value =
            serde_json::from_str(&common::term::stdout_of(&db, &[args, &["--json"]].concat()))
                .unwrap();
        let reminders: Vec<_> = json
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["kind"] != "no_contact")
            .collect();
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("  ") && !l.contains("last contact"))
            .collect();
        assert!(reminders.len() > 100, "{args:?}: {}", reminders.len());
        assert_eq!(lines.len(), reminders.len(), "{args:?}");
        for (line, r) in lines.iter().zip(&reminders) {
            let (name, title) = (
                r["participant"].as_str().unwrap(),
                r["title"].as_str().unwrap(),
            );
            let at = line
                .find(name)
                .unwrap_or_else(|| panic!("{name} in {line:?}"));
            assert!(
                line[at..].contains(&format!("  {title}")),
                "{title} in {line:?}"
            );
            let overdue = r["overdue_days"].as_i64().unwrap();
            assert_eq!(line.ends_with("overdue"), overdue > 0, "{line:?}");
        }
    }
}
