//! The contact rhythm, the safety net and appointments, against a real file: nobody open is
//! left without a next contact, and a calendar gets each appointment at its time.

mod common;

use chrono::NaiveDate;
use common::{ME, clock, today};
use keyworker::domain::appointment::{AppointmentDetails, AppointmentKind, Attendees, MoveReason};
use keyworker::domain::reminder::ReminderKind;
use keyworker::domain::{Choice, Stage};
use keyworker::store::{ReminderQuery, Store};

#[test]
fn everyone_open_in_the_demo_has_exactly_one_next_contact_or_an_appointment() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kw.db"), ME, clock()).unwrap();
    keyworker::cli::demo::fill(&mut store, 600, 3, false, today()).unwrap();
    let all = store
        .reminders(ReminderQuery {
            worker: None,
            participant: None,
            until: keyworker::store::far_ahead(today()),
        })
        .unwrap();
    let rows = store
        .caseload_of(keyworker::store::Scope::Team, true)
        .unwrap();
    let (mut open, mut booked) = (0, 0);
    for row in &rows {
        let of = |kind| {
            all.iter()
                .filter(|r| r.participant_id == row.id && r.kind == kind)
                .count()
        };
        let (contacts, appointments) =
            (of(ReminderKind::ContactDue), of(ReminderKind::Appointment));
        if row.stage == Stage::Exited {
            assert_eq!(contacts + appointments, 0, "{} has left", row.text.name());
            continue;
        }
        open += 1;
        booked += usize::from(appointments > 0);
        assert!(
            contacts == 1 || (contacts == 0 && appointments >= 1),
            "{} ({}): {contacts} contacts due, {appointments} appointments",
            row.text.name(),
            row.stage.code()
        );
    }
    // About a third have an appointment in the coming week.
    assert!((open / 5..open / 2).contains(&booked), "{booked} of {open}");
    // Nothing after now, and nothing recorded before it happened.
    let raw = rusqlite::Connection::open(dir.path().join("kw.db")).unwrap();
    let (later, early): (i64, i64) = raw
        .query_row(
            "SELECT sum(unixepoch(at) > unixepoch('2026-11-23T10:00:00+00:00')), \
             sum(unixepoch(recorded_at) < unixepoch(at)) FROM contacts",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((later, early), (0, 0));
    let dna_on_calls: i64 = raw
        .query_row(
            "SELECT count(*) FROM contacts WHERE outcome = 'did_not_attend' \
             AND channel IN ('phone', 'text', 'email')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dna_on_calls, 0, "did not attend is for meetings");
}

fn call_at(at: &str) -> AppointmentDetails {
    AppointmentDetails {
        at: common::at(at),
        minutes: 45,
        kind: AppointmentKind::Meeting,
        place: "Depot canteen".into(),
        with: Attendees::ThreeWay,
        note: String::new(),
    }
}

#[test]
fn due_ics_holds_each_appointment_at_its_time_and_a_move_keeps_its_uid() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let mut store = Store::open(&db, &keyworker::login_name(), clock()).unwrap();
    let id = store
        .add_participant(&common::of_mine("Ann Lee"), today())
        .unwrap();
    let booked = store
        .book(id, &call_at("2026-11-25T15:30:00+00:00"))
        .unwrap();
    // The file is read by the binary while this store stays open, as a colleague's would be.
    let ics = |_: &Store| {
        let text = common::term::stdout_of(&db, &["due", "--days", "7", "--ics"]);
        let cal: icalendar::Calendar = text.parse().unwrap();
        let events: Vec<icalendar::Event> = cal
            .components
            .into_iter()
            .filter_map(|c| match c {
                icalendar::CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect();
        use icalendar::{Component, EventLike};
        let appointment = events
            .iter()
            .find(|e| e.get_summary().is_some_and(|s| s.contains("three-way")))
            .unwrap()
            .clone();
        (
            appointment.get_uid().unwrap().to_string(),
            appointment.get_start(),
            appointment.get_end(),
            appointment.property_value("SEQUENCE").map(str::to_string),
            appointment.get_location().map(str::to_string),
        )
    };
    let utc = |s: &str| {
        Some(icalendar::DatePerhapsTime::DateTime(
            icalendar::CalendarDateTime::Utc(
                chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc(),
            ),
        ))
    };
    let (uid, start, end, seq, place) = ics(&store);
    assert_eq!(start, utc("2026-11-25T15:30:00Z"));
    assert_eq!(end, utc("2026-11-25T16:15:00Z"), "45 minutes");
    assert_eq!(seq.as_deref(), Some("0"));
    assert_eq!(place.as_deref(), Some("Depot canteen"));
    store
        .move_appointment(
            booked,
            1,
            common::at("2026-11-26T17:00:00+00:00"),
            MoveReason::ShiftChanged,
            "",
        )
        .unwrap();
    let stale = store.move_appointment(
        booked,
        1,
        common::at("2026-11-27T17:00:00+00:00"),
        MoveReason::ParticipantAsked,
        "",
    );
    assert!(stale.is_err(), "a move made on an old version is refused");
    let (moved_uid, start, _, seq, _) = ics(&store);
    assert_eq!(moved_uid, uid, "the calendar updates the same event");
    assert_eq!(start, utc("2026-11-26T17:00:00Z"));
    assert_eq!(seq.as_deref(), Some("1"));
    let moves = &store.appointment(booked).unwrap().unwrap().moves;
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].reason, MoveReason::ShiftChanged);
}

#[test]
fn the_safety_net_catches_the_never_reached_the_long_silent_and_the_unagreed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kw.db"), ME, clock()).unwrap();
    let contact = |day: &str, next: Option<NaiveDate>| keyworker::domain::contact::ContactDetails {
        at: common::at(day),
        channel: keyworker::domain::contact::ContactChannel::Phone,
        with: keyworker::domain::contact::With::Participant,
        outcome: keyworker::domain::contact::Outcome::Completed,
        duration_minutes: Some(5),
        notes: String::new(),
        in_work: None,
        next_contact: next,
    };
    let new = store
        .add_participant(&common::person("Ann New"), today())
        .unwrap();
    let silent = store
        .add_participant(&common::person("Bo Silent"), today())
        .unwrap();
    store
        .add_contact(
            silent,
            &contact(
                "2026-10-20T10:00:00+00:00",
                today().checked_add_days(chrono::Days::new(3)),
            ),
            &[],
            None,
        )
        .unwrap();
    let unagreed = store
        .add_participant(&common::person("Cy Unagreed"), today())
        .unwrap();
    store
        .add_contact(
            unagreed,
            &contact("2026-11-20T10:00:00+00:00", None),
            &[],
            None,
        )
        .unwrap();
    let fine = store
        .add_participant(&common::person("Di Fine"), today())
        .unwrap();
    store
        .add_contact(fine, &contact("2026-11-20T10:00:00+00:00", None), &[], None)
        .unwrap();
    store
        .book(fine, &call_at("2026-11-26T11:00:00+00:00"))
        .unwrap();
    let caught = store.safety_net(None, today()).unwrap();
    let got: Vec<(i64, String)> = caught
        .iter()
        .map(|c| (c.participant_id, c.gap.label()))
        .collect();
    assert_eq!(
        got,
        [
            (new, "not reached since referral".to_string()),
            (silent, "no contact in 34 days".to_string()),
            (unagreed, "no next contact agreed or booked".to_string()),
        ]
    );
    // Without anything agreed, the rhythm still sets the date: fortnightly from the 20th.
    let due = store
        .reminders(ReminderQuery {
            worker: None,
            participant: Some(unagreed),
            until: keyworker::store::far_ahead(today()),
        })
        .unwrap();
    let contact_due: Vec<_> = due
        .iter()
        .filter(|r| r.kind == ReminderKind::ContactDue)
        .map(|r| (r.due, r.title.as_str()))
        .collect();
    assert_eq!(
        contact_due,
        [(
            NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            "fortnightly call due"
        )]
    );
}
