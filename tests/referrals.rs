//! Onward referrals and the directory of partner services: made and moved on by keys, their
//! follow-ups in the reminders, the directory's filter and forms, a colleague's edit of the
//! same service, the consented summary, erasure, and how the panes draw.

mod common;

use common::{ME, World, clock, today};
use crossterm::event::KeyCode;
use keyworker::app::Screen;
use keyworker::domain::referral::*;
use keyworker::domain::{BarrierKind, Choice, ParticipantDetails};
use keyworker::store::{ReminderQuery, Store, StoreError};

fn service(org: &str, service: &str, helps: &[Need]) -> PartnerDetails {
    PartnerDetails {
        organisation: org.into(),
        service: service.into(),
        helps_with: helps.to_vec(),
        area: "Worcester".into(),
        how_to_refer: Some(HowToRefer::Phone),
        phone: "01632 960101".into(),
        wait: "1 week".into(),
        ..Default::default()
    }
}

/// Ann Lee, engaged, with debt and housing barriers (notes beside them), and a directory of
/// three services; the plan pane open on her.
fn ann() -> (World, i64) {
    let mut w = World::empty();
    for s in [
        service("Worcester Foodbank", "Food parcels", &[Need::Food]),
        service(
            "Citizens Advice Worcester",
            "Debt advice",
            &[Need::DebtAndBenefits],
        ),
        service(
            "Worcestershire County Council",
            "Housing options",
            &[Need::Housing],
        ),
    ] {
        w.store.add_partner(&s).unwrap();
    }
    let details = ParticipantDetails {
        email: "ann@example.com".into(),
        postcode: "WR1 2JJ".into(),
        referral_date: Some(today() - chrono::Days::new(60)),
        barriers: vec![
            (BarrierKind::DebtAndBenefits, "Rent arrears of £900".into()),
            (BarrierKind::Housing, "Sofa surfing at her sister's".into()),
        ],
        ..common::person("Ann Lee")
    };
    let id = w
        .store
        .add_participant(&details, today() - chrono::Days::new(60))
        .unwrap();
    w.restart();
    w.key('p');
    assert!(matches!(w.model.screen, Screen::Plan(_)));
    (w, id)
}

use common::{screen, screen_at};

fn follow_ups(store: &Store, id: i64) -> Vec<(String, chrono::NaiveDate)> {
    store
        .reminders(ReminderQuery {
            worker: None,
            participant: Some(id),
            until: today() + chrono::Days::new(400),
        })
        .unwrap()
        .into_iter()
        .filter(|r| r.key.starts_with("chase:") || r.key.starts_with("how_it_went:"))
        .map(|r| (r.key, r.due))
        .collect()
}

/// The keys of a referral from the plan: refer, take the service offered for her first
/// barrier, say she agrees, share her contact details, save.
fn refer_by_keys(w: &mut World) {
    w.key('f');
    assert!(matches!(w.model.screen, Screen::Editor(_)));
    w.tab(1);
    w.press(KeyCode::Right);
    w.tab(1);
    w.key(' ');
    w.tab(1);
    w.key(' ');
    w.ctrl('s');
}

#[test]
fn a_referral_is_made_from_the_plan_in_eight_keys_and_chased_when_it_goes_quiet() {
    let (mut w, ann) = ann();
    refer_by_keys(&mut w);
    assert!(matches!(w.model.screen, Screen::Plan(_)), "{}", screen(&w));
    let list = w.store.referrals(ann).unwrap();
    assert_eq!(list.len(), 1);
    let r = &list[0];
    assert_eq!(r.partner, "Worcestershire County Council: Housing options");
    assert_eq!(r.details.reason, Need::Housing, "her first barrier");
    assert_eq!(r.details.consent, ReferralConsent::Given);
    assert_eq!(r.details.shares, [Share::ContactDetails]);
    assert_eq!(r.status, ReferralStatus::Sent);
    assert_eq!(r.details.sent_on, today());
    let s = screen(&w);
    assert!(
        s.contains("Referred Ann Lee: s shows what to send to Worcestershire County"),
        "{s}"
    );
    assert!(s.contains("Referrals (1 open)"), "{s}");
    // No reply in a week: chase it.
    assert_eq!(
        follow_ups(&w.store, ann),
        [(format!("chase:{}", r.id), today() + chrono::Days::new(7))]
    );
    // The service answers: select the referral, Enter, and the next step is offered.
    let at = {
        let Screen::Plan(p) = &w.model.screen else {
            unreachable!()
        };
        p.items()
            .iter()
            .position(|i| matches!(i, keyworker::app::plan::Item::Referral(_)))
            .unwrap()
    };
    for _ in 0..at {
        w.key('j');
    }
    w.press(KeyCode::Enter);
    assert!(screen(&w).contains("‹ Accepted ›"), "{}", screen(&w));
    w.ctrl('s');
    let r = w.store.referral(r.id).unwrap().unwrap();
    assert_eq!(r.status, ReferralStatus::Accepted);
    assert_eq!(r.events.len(), 2, "sent, then accepted, each dated");
    assert!(follow_ups(&w.store, ann).is_empty(), "nothing to chase");
    // A first appointment is booked; the day after it, ask how it went.
    w.press(KeyCode::Enter);
    assert!(screen(&w).contains("‹ First appointment ›"));
    w.tab(2);
    w.typed("1/12/2026");
    w.ctrl('s');
    let r = w.store.referral(r.id).unwrap().unwrap();
    assert_eq!(
        r.first_appointment,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
    );
    assert_eq!(
        follow_ups(&w.store, ann),
        [(
            format!("how_it_went:{}", r.id),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
        )]
    );
    // The audit has each step.
    let audit = w.store.audit(Some(ann)).unwrap();
    assert_eq!(
        audit.iter().filter(|a| a.entity == "referral").count(),
        3,
        "made, accepted, first appointment"
    );
}

#[test]
fn nothing_is_sent_without_their_word_and_a_no_is_recorded_as_a_no() {
    let (mut w, ann) = ann();
    w.key('f');
    w.tab(1);
    w.press(KeyCode::Right);
    w.ctrl('s');
    assert!(matches!(w.model.screen, Screen::Editor(_)));
    assert!(screen(&w).contains("Ask them first"), "{}", screen(&w));
    assert!(w.store.referrals(ann).unwrap().is_empty());
    // They said no: the second choice.
    w.key(' ');
    w.key(' ');
    w.ctrl('s');
    let list = w.store.referrals(ann).unwrap();
    assert_eq!(list[0].status, ReferralStatus::Refused);
    assert!(list[0].details.shares.is_empty());
    assert!(follow_ups(&w.store, ann).is_empty());
    assert!(screen(&w).contains("said no to the referral"));
}

#[test]
fn a_service_not_in_the_directory_is_refused_beside_the_field() {
    let (mut w, ann) = ann();
    w.key('f');
    w.tab(1);
    w.typed("Nowhere Trust");
    w.tab(1);
    w.key(' ');
    w.tab(1);
    w.key(' ');
    w.ctrl('s');
    assert!(
        screen(&w).contains("Not in the directory"),
        "{}",
        screen(&w)
    );
    assert!(w.store.referrals(ann).unwrap().is_empty());
}

#[test]
fn the_service_offered_follows_the_reason_chosen() {
    let (mut w, _) = ann();
    w.key('f');
    // Her barriers come first: housing, then debt.
    assert!(screen(&w).contains("→ Worcestershire County Cou"));
    w.press(KeyCode::Right);
    assert!(
        screen(&w).contains("→ Citizens Advice Worcester"),
        "{}",
        screen(&w)
    );
}

#[test]
fn the_directory_filters_adds_and_edits_services() {
    let (mut w, _) = ann();
    w.key('5');
    assert!(matches!(w.model.screen, Screen::Directory(_)));
    let s = screen(&w);
    assert!(s.contains("Directory of services · 3 services"), "{s}");
    w.key('/');
    w.typed("food");
    assert!(screen(&w).contains("1 of 3 services"));
    w.press(KeyCode::Esc);
    assert!(screen(&w).contains("· 3 services"));
    w.key('a');
    w.typed("Worcestershire Mind");
    w.tab(1);
    w.typed("Wellbeing service");
    w.tab(1);
    w.key(' ');
    w.ctrl('s');
    assert!(matches!(w.model.screen, Screen::Directory(_)));
    let mind = w
        .store
        .partners()
        .unwrap()
        .into_iter()
        .find(|p| p.details.organisation == "Worcestershire Mind")
        .unwrap();
    assert_eq!(mind.details.helps_with, [Need::MentalHealth]);
    // The same organisation and service twice is refused, the form kept.
    w.key('a');
    w.typed("worcestershire mind");
    w.tab(1);
    w.typed("Wellbeing Service");
    w.ctrl('s');
    assert!(matches!(w.model.screen, Screen::Editor(_)));
    assert!(screen(&w).contains("already has a service of that name"));
    assert_eq!(w.store.partners().unwrap().len(), 4);
}

/// The council's housing team, as stored.
fn council(w: &World) -> Partner {
    w.store
        .partners()
        .unwrap()
        .into_iter()
        .find(|p| p.details.organisation == "Worcestershire County Council")
        .unwrap()
}

#[test]
fn a_service_closed_from_a_day_is_listed_last_and_no_longer_offered() {
    let (mut w, ann) = ann();
    // Ann is referred to the housing team while it is open.
    refer_by_keys(&mut w);
    assert_eq!(
        w.store.referrals(ann).unwrap()[0].partner,
        council(&w).details.name()
    );
    // It closes from today: set on its form in the directory (its last field).
    w.key('5');
    w.key('G');
    w.press(KeyCode::Enter);
    w.tab(11);
    assert!(screen(&w).contains("›Closes on"), "{}", screen(&w));
    w.typed("today");
    w.ctrl('s');
    assert!(
        matches!(w.model.screen, Screen::Directory(_)),
        "{}",
        screen(&w)
    );
    let closed = council(&w);
    assert_eq!(closed.details.closed_on, Some(today()));
    assert_eq!(closed.version, 2);
    let audited = w.store.audit(None).unwrap();
    let last = audited.last().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.action.as_str()),
        ("partner", "update")
    );
    assert_eq!(
        last.changes["closed_on"],
        serde_json::json!(["", today().to_string()])
    );
    // Listed after the open ones, "Closed" where the wait was, and why beneath.
    let s = screen(&w);
    let rows: Vec<&str> = s
        .lines()
        .filter(|l| l.starts_with("\"   W") || l.starts_with("\"   C") || l.starts_with("\" › "))
        .collect();
    assert_eq!(rows.len(), 3, "{s}");
    assert!(
        rows[rows.len() - 1].contains("Worcestershire County"),
        "{s}"
    );
    assert!(rows[rows.len() - 1].contains("Closed"), "{s}");
    assert!(s.contains("takes no referrals"), "{s}");
    // The referral form offers the next service for her barriers, and refuses the closed
    // one by name with the form kept.
    w.press(KeyCode::Esc);
    assert!(matches!(w.model.screen, Screen::Plan(_)));
    w.key('f');
    let s = screen(&w);
    assert!(!s.contains("→ Worcestershire County"), "{s}");
    assert!(s.contains("→ Citizens Advice Worcester"), "{s}");
    w.tab(1);
    w.typed("Worcestershire County Council: Housing options");
    w.tab(1);
    w.key(' ');
    w.tab(1);
    w.key(' ');
    w.ctrl('s');
    assert!(matches!(w.model.screen, Screen::Editor(_)));
    assert!(screen(&w).contains("Closed to referrals"), "{}", screen(&w));
    assert_eq!(w.store.referrals(ann).unwrap().len(), 1);
    // Her referral made while it was open still moves on.
    let made = &w.store.referrals(ann).unwrap()[0];
    w.store
        .move_referral(
            made.id,
            made.version,
            &StatusChange {
                status: ReferralStatus::Accepted,
                on: today(),
                first_appointment: None,
                attended: None,
                outcome: None,
                note: String::new(),
            },
        )
        .unwrap();
}

#[test]
fn a_service_closing_later_is_offered_until_its_day() {
    let (mut w, _) = ann();
    let c = council(&w);
    let closing = today() + chrono::Days::new(3);
    w.store
        .save_partner(
            c.id,
            c.version,
            &PartnerDetails {
                closed_on: Some(closing),
                ..c.details.clone()
            },
        )
        .unwrap();
    w.key('f');
    assert!(
        screen(&w).contains("→ Worcestershire County"),
        "{}",
        screen(&w)
    );
    w.press(KeyCode::Esc);
    w.key('5');
    w.key('G');
    let s = screen(&w);
    assert!(
        s.contains("Closes on") && s.contains("offered until then"),
        "{s}"
    );
    assert!(!s.contains("Closed"), "{s}");
    // Three days on it has closed.
    w.set_clock("2026-11-26T09:00:00+00:00");
    w.restart();
    w.key('p');
    w.key('f');
    assert!(
        !screen(&w).contains("→ Worcestershire County"),
        "{}",
        screen(&w)
    );
}

#[test]
fn two_workers_editing_one_service_meet_at_the_conflict_screen() {
    let (mut w, _) = ann();
    let foodbank = w.store.partners().unwrap()[1].clone();
    assert_eq!(foodbank.details.organisation, "Worcester Foodbank");
    // I open it to edit...
    w.key('5');
    w.key('j');
    w.press(KeyCode::Enter);
    assert!(matches!(w.model.screen, Screen::Editor(_)));
    // ...while a colleague changes its wait and saves.
    let mut jo = Store::open(&w.db_path(), "jo", clock()).unwrap();
    let mut theirs = foodbank.details.clone();
    theirs.wait = "2 days".into();
    jo.save_partner(foodbank.id, foodbank.version, &theirs)
        .unwrap();
    // A stale save of my own, straight to the store, is refused.
    assert!(matches!(
        jo.save_partner(foodbank.id, foodbank.version, &theirs),
        Err(StoreError::Stale)
    ));
    // Mine changes the same field: the conflict screen asks which to keep.
    for _ in 0..9 {
        w.press(KeyCode::Tab);
    }
    w.typed("3 days");
    w.ctrl('s');
    let Screen::Editor(e) = &w.model.screen else {
        panic!("{}", screen(&w))
    };
    assert!(e.form.conflict.is_some(), "{}", screen(&w));
    w.key('m');
    w.press(KeyCode::Enter);
    w.ctrl('s');
    let saved = w.store.partner(foodbank.id).unwrap().unwrap();
    assert_eq!(saved.details.wait, "3 days");
    assert_eq!(saved.version, foodbank.version + 2);
}

#[test]
fn the_summary_holds_only_what_was_consented() {
    let (mut w, ann) = ann();
    refer_by_keys(&mut w);
    let mut r = w.store.referrals(ann).unwrap().remove(0);
    // Contact details only: her phone is there, her barrier notes are not.
    let out = common::term::command()
        .args(["referral", "--participant", &ann.to_string()])
        .args(["--referral", &r.id.to_string(), "--db"])
        .arg(w.db_path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Referral to Worcestershire County Council: Housing options"),
        "{text}"
    );
    assert!(text.contains("07700 900123"), "{text}");
    assert!(!text.contains("Rent arrears"), "{text}");
    assert!(!text.contains("Sofa surfing"), "{text}");

    // Barriers only: the notes are there, her phone and email are not.
    let partner = w.store.partners().unwrap()[0].id;
    let id = w
        .store
        .refer(ann, &agreed(partner, Share::Barriers, "Not to be shared"))
        .unwrap();
    let text = keyworker_text(&w, ann, id);
    assert!(text.contains("Sofa surfing at her sister's"), "{text}");
    assert!(!text.contains("07700 900123"), "{text}");
    assert!(!text.contains("ann@example.com"), "{text}");
    assert!(
        !text.contains("Not to be shared"),
        "a summary not ticked is not kept"
    );

    // Said no: nothing at all, and a clear word why.
    r.details.consent = ReferralConsent::Refused;
    let refused = w.store.refer(ann, &r.details).unwrap();
    let out = summary(&w, ann, refused);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("said no"));
}

#[test]
fn what_to_send_is_on_screen_as_the_command_prints_it() {
    let (mut w, ann) = ann();
    refer_by_keys(&mut w);
    let made = w.store.referrals(ann).unwrap().remove(0);
    // The plan says how to see it, and `s` shows it, the cursor wherever it is.
    assert!(
        screen(&w).contains("s shows what to send"),
        "{}",
        screen(&w)
    );
    w.key('s');
    let Screen::Summary(shown) = &w.model.screen else {
        panic!("{}", screen(&w));
    };
    assert_eq!(shown.referral_id, made.id);
    // The same lines as `keyworker referral`, so a paste from either is the same.
    let printed = keyworker_text(&w, ann, made.id);
    assert_eq!(shown.lines, printed.lines().collect::<Vec<_>>());
    let s = screen(&w);
    assert!(s.contains("Email: ann@example.com"), "{s}");
    assert!(!s.contains("Rent arrears"), "{s}");
    // Back to the plan.
    w.key('q');
    assert!(matches!(w.model.screen, Screen::Plan(_)));

    // On a short screen it scrolls, and stops at its ends.
    w.send(keyworker::app::Msg::Resize(80, 10));
    w.key('s');
    let top = |w: &World| match &w.model.screen {
        Screen::Summary(s) => s.top,
        _ => usize::MAX,
    };
    assert!(!w.key('k'));
    assert!(w.key('j'));
    assert_eq!(top(&w), 1);
    assert!(w.key('G'));
    let lines = printed.lines().count();
    // Ten rows: the header, seven of text, where it has got to, and the footer.
    assert_eq!(top(&w), lines - 7);
    let end = screen_at(&w, 80, 10);
    assert!(
        end.contains("Postcode: WR1 2JJ") && end.contains("above"),
        "{end}"
    );
    assert!(!w.key('j'));
    w.key('g');
    assert_eq!(top(&w), 0);
}

#[test]
fn a_long_summary_to_send_is_shown_whole_on_a_narrow_screen() {
    let (mut w, ann) = ann();
    let partner = w.store.partners().unwrap()[0].id;
    let written = "Ann has been sofa surfing for three months and has a letter from the \
                   council about her rent arrears; she would like help before the hearing \
                   on the twelfth, ideally by phone after ten in the morning.";
    w.store
        .refer(ann, &agreed(partner, Share::Summary, written))
        .unwrap();
    w.send(keyworker::app::Msg::Resize(50, 24));
    w.restart();
    w.key('p');
    w.key('s');
    let shown = screen_at(&w, 50, 24);
    let rows: Vec<&str> = shown.lines().map(|l| l.trim_matches('"').trim()).collect();
    let joined = rows.join(" ");
    assert!(joined.contains(written), "{shown}");
    assert!(!shown.contains('…'), "{shown}");
}

#[test]
fn the_participant_screen_shows_what_to_send_for_their_newest_referral() {
    let (mut w, ann) = ann();
    refer_by_keys(&mut w);
    let made = w.store.referrals(ann).unwrap().remove(0);
    w.key('1');
    w.press(KeyCode::Enter);
    assert!(matches!(w.model.screen, Screen::Participant(_)));
    w.key('s');
    let Screen::Summary(shown) = &w.model.screen else {
        panic!("{}", screen(&w));
    };
    assert_eq!(shown.referral_id, made.id);
    w.key('q');
    assert!(matches!(w.model.screen, Screen::Participant(_)));
}

#[test]
fn nothing_to_send_for_a_referral_they_said_no_to() {
    let (mut w, ann) = ann();
    // None yet.
    w.key('s');
    assert!(matches!(w.model.screen, Screen::Plan(_)));
    assert!(
        screen(&w).contains("No referral to send yet"),
        "{}",
        screen(&w)
    );
    // They said no: recorded, and nothing to send from it.
    w.key('f');
    w.tab(1);
    w.press(KeyCode::Right);
    w.tab(1);
    w.key(' ');
    w.key(' ');
    w.ctrl('s');
    assert_eq!(
        w.store.referrals(ann).unwrap()[0].status,
        ReferralStatus::Refused
    );
    w.key('s');
    assert!(
        screen(&w).contains("No referral to send yet"),
        "{}",
        screen(&w)
    );
    w.key('G');
    w.key('s');
    assert!(matches!(w.model.screen, Screen::Plan(_)));
    assert!(screen(&w).contains("They said no"), "{}", screen(&w));
}

/// An urgent housing referral made today in person, with her word to share `share` (and
/// `summary` written for the service).
fn agreed(partner: i64, share: Share, summary: &str) -> ReferralDetails {
    ReferralDetails {
        partner_id: partner,
        reason: Need::Housing,
        consent: ReferralConsent::Given,
        shares: vec![share],
        summary: summary.into(),
        urgency: Urgency::Urgent,
        handover: Handover::InPerson,
        sent_on: today(),
        note: String::new(),
    }
}

/// `keyworker referral` run on the world's file.
fn summary(w: &World, participant: i64, referral: i64) -> std::process::Output {
    let (p, r) = (participant.to_string(), referral.to_string());
    common::term::run(
        &w.db_path(),
        &["referral", "--participant", &p, "--referral", &r],
    )
}

fn keyworker_text(w: &World, participant: i64, referral: i64) -> String {
    let (p, r) = (participant.to_string(), referral.to_string());
    common::term::stdout_of(
        &w.db_path(),
        &["referral", "--participant", &p, "--referral", &r],
    )
}

#[test]
fn erasure_takes_their_referrals_and_leaves_the_directory() {
    let (mut w, ann) = ann();
    refer_by_keys(&mut w);
    w.store.erase_participant(ann).unwrap();
    let raw = rusqlite::Connection::open(w.db_path()).unwrap();
    for table in ["referrals", "referral_events"] {
        let n: i64 = raw
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
    assert_eq!(w.store.partners().unwrap().len(), 3);
}

#[test]
fn the_demo_has_a_directory_and_referrals_in_every_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kw.db"), ME, clock()).unwrap();
    keyworker::cli::demo::fill(&mut store, 400, 1, false, today()).unwrap();
    let partners = store.partners().unwrap();
    assert!((20..=30).contains(&partners.len()), "{}", partners.len());
    let raw = rusqlite::Connection::open(dir.path().join("kw.db")).unwrap();
    for s in ReferralStatus::ALL {
        let n: i64 = raw
            .query_row(
                "SELECT count(*) FROM referrals WHERE status = ?1",
                [s.code()],
                |r| r.get(0),
            )
            .unwrap();
        assert!(n > 0, "no referral {s:?}");
    }
    for kind in ["chase_referral", "referral_follow_up"] {
        let n: i64 = raw
            .query_row(
                "SELECT count(*) FROM reminders WHERE kind = ?1",
                [kind],
                |r| r.get(0),
            )
            .unwrap();
        assert!(n > 0, "no {kind} reminder");
    }
}

#[test]
fn the_directory_plan_summary_and_referral_form_draw_at_every_size() {
    let (mut w, _) = ann();
    refer_by_keys(&mut w);
    insta::assert_snapshot!("plan_with_a_referral_80x24", screen(&w));
    w.key('s');
    insta::assert_snapshot!("what_to_send_80x24", screen(&w));
    insta::assert_snapshot!(
        "what_to_send_smallest_40x10",
        format!("{}", common::draw(&w, 40, 10).backend())
    );
    w.key('q');
    w.key('f');
    insta::assert_snapshot!("refer_form_80x24", screen(&w));
    w.press(KeyCode::Esc);
    w.key('5');
    insta::assert_snapshot!("directory_80x24", screen(&w));
    insta::assert_snapshot!(
        "directory_wide_160x40",
        format!("{}", common::draw(&w, 160, 40).backend())
    );
    insta::assert_snapshot!(
        "directory_smallest_40x10",
        format!("{}", common::draw(&w, 40, 10).backend())
    );
}

#[test]
fn a_referral_gone_quiet_past_its_chase_date_is_marked_on_the_plan() {
    let (mut w, _) = ann();
    refer_by_keys(&mut w);
    assert!(!screen(&w).contains("no reply"));
    // Eight days on, a day past the chase: marked, in words.
    w.set_clock("2026-12-01T10:00:00+00:00");
    w.key('1');
    w.key('p');
    let s = screen(&w);
    assert!(s.contains("! "), "{s}");
    assert!(s.contains("no reply 8d"), "{s}");
}

#[test]
fn the_report_counts_referrals_by_service_status_and_outcome_with_median_days() {
    let (mut w, ann) = ann();
    let [advice, foodbank, housing] = {
        let p = w.store.partners().unwrap();
        [p[0].id, p[1].id, p[2].id]
    };
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let sent = |partner, on, consent| ReferralDetails {
        partner_id: partner,
        reason: Need::Housing,
        consent,
        shares: vec![Share::ContactDetails],
        summary: String::new(),
        urgency: Urgency::Routine,
        handover: Handover::ReferralSent,
        sent_on: on,
        note: String::new(),
    };
    let step = |status, on, first, outcome| StatusChange {
        status,
        on,
        first_appointment: first,
        attended: None,
        outcome,
        note: String::new(),
    };
    // Housing: accepted after 4 days, first appointment 10 days after sending, closed helped.
    let a = w
        .store
        .refer(ann, &sent(housing, day(2), ReferralConsent::Given))
        .unwrap();
    let s = &mut w.store;
    s.move_referral(a, 1, &step(ReferralStatus::Accepted, day(6), None, None))
        .unwrap();
    let first = step(
        ReferralStatus::FirstAppointment,
        day(7),
        Some(day(12)),
        None,
    );
    s.move_referral(a, 2, &first).unwrap();
    let closed = step(
        ReferralStatus::Closed,
        day(20),
        None,
        Some(ReferralOutcome::Helped),
    );
    s.move_referral(a, 3, &closed).unwrap();
    // Housing again: accepted after 8 days. Debt advice: still sent. Food: she said no.
    let b = s
        .refer(ann, &sent(housing, day(3), ReferralConsent::Given))
        .unwrap();
    s.move_referral(b, 1, &step(ReferralStatus::Accepted, day(11), None, None))
        .unwrap();
    s.refer(ann, &sent(advice, day(4), ReferralConsent::Given))
        .unwrap();
    s.refer(ann, &sent(foodbank, day(5), ReferralConsent::Refused))
        .unwrap();

    let json: serde_json::Value = serde_json::from_str(&common::term::stdout_of(
        &w.db_path(),
        &["report", "--from", "2026-11-01", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(
        json["referrals_by_partner"],
        serde_json::json!([
            {"partner": "Worcestershire County Council: Housing options", "referrals": 2},
            {"partner": "Citizens Advice Worcester: Debt advice", "referrals": 1},
        ]),
        "refused ones are not counted as sent"
    );
    let statuses: Vec<(&str, i64)> = json["referrals_by_status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["status"].as_str().unwrap(),
                t["referrals"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [("accepted", 1), ("closed", 1), ("refused", 1), ("sent", 1)]
    );
    assert_eq!(
        json["referrals_by_outcome"],
        serde_json::json!([{"outcome": "helped", "referrals": 1}])
    );
    assert_eq!(json["median_days_to_accepted"], 6.0, "4 and 8 days");
    assert_eq!(json["median_days_to_first_appointment"], 10.0);
}

#[test]
fn done_on_a_chase_opens_the_referral_to_say_where_it_has_got_to() {
    let (mut w, ann) = ann();
    refer_by_keys(&mut w);
    let id = w.store.referrals(ann).unwrap()[0].id;
    w.set_clock("2026-12-01T10:00:00+00:00");
    w.key('4');
    let Screen::Reminders(r) = &mut w.model.screen else {
        panic!("{}", screen(&w))
    };
    r.cursor = r
        .list
        .iter()
        .position(|x| x.key == format!("chase:{id}"))
        .expect("the chase is listed");
    w.key('d');
    let Screen::Editor(e) = &w.model.screen else {
        panic!("{}", screen(&w))
    };
    assert_eq!(
        e.kind,
        keyworker::app::editors::EditorKind::ReferralUpdate(id)
    );
    w.ctrl('s');
    assert!(matches!(w.model.screen, Screen::Reminders(_)));
    assert!(
        follow_ups(&w.store, ann).is_empty(),
        "answered: nothing to chase"
    );
}
