//! The real binary in a pseudo-terminal: type, save, quit, start again, and check the data is
//! there, on screen and in the export.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::term::App;
use common::{clock, today};

const TAB: &str = "\t";
const ESC: &str = "\x1b";
const CTRL_S: &str = "\x13";

fn export(db: &Path) -> serde_json::Value {
    serde_json::from_str(&common::term::stdout_of(
        db,
        &["export", "--format", "json"],
    ))
    .unwrap()
}

#[test]
fn add_save_quit_reopen_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let db_arg = db.to_str().unwrap();
    let mut app = App::start(dir.path(), &["--db", db_arg]);
    app.wait_for("No participants yet");
    app.send("a");
    app.wait_for("Add participant");
    app.send("Priya Patel");
    app.send(TAB);
    app.send(TAB);
    app.send("07700 900555");
    app.send(CTRL_S);
    app.wait_for("Saved Priya Patel");
    app.wait_for("My caseload · 1");
    app.send("q");
    assert!(app.wait_exit());

    let mut again = App::start(dir.path(), &["--db", db_arg]);
    again.wait_for("Priya Patel");
    again.send("q");
    assert!(again.wait_exit());

    let json = export(&db);
    assert_eq!(json["schema"], "keyworker-export/1");
    let people = json["participants"].as_array().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0]["name"], "Priya Patel");
    assert_eq!(people[0]["phone"], "07700 900555");
    assert_eq!(people[0]["stage"], "referred");
    assert_eq!(people[0]["stage_history"].as_array().unwrap().len(), 1);
}

#[test]
fn esc_mid_form_keeps_a_draft_that_comes_back_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let db_arg = db.to_str().unwrap();
    let mut app = App::start(dir.path(), &["--db", db_arg]);
    app.wait_for("No participants yet");
    app.send("a");
    app.wait_for("Add participant");
    app.send("Half Written");
    app.send(ESC);
    app.wait_for("kept as a draft");
    app.send("q");
    assert!(app.wait_exit());
    assert_eq!(export(&db)["participants"].as_array().unwrap().len(), 0);

    let mut again = App::start(dir.path(), &["--db", db_arg]);
    again.wait_for("kept as a draft");
    again.send("a");
    again.wait_for("Draft restored");
    again.wait_for("Half Written");
    again.send(CTRL_S);
    again.wait_for("Saved Half Written");
    again.send("q");
    assert!(again.wait_exit());
    assert_eq!(export(&db)["participants"][0]["name"], "Half Written");
}

#[test]
fn a_dropped_line_keeps_the_typed_text_and_exits_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let db_arg = db.to_str().unwrap();
    let mut app = App::start(dir.path(), &["--db", db_arg]);
    app.wait_for("No participants yet");
    app.send("a");
    app.wait_for("Add participant");
    app.send("Cut Off");
    let pid = app.child.process_id().unwrap() as libc::pid_t;
    // SAFETY: sends a signal to our own child process; no memory is involved.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGHUP) }, 0);
    let start = Instant::now();
    app.wait_exit();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "exit took {:?}",
        start.elapsed()
    );

    // The form it was typed in comes back by itself, with the text.
    let mut again = App::start(dir.path(), &["--db", db_arg]);
    again.wait_for("Recovered what you were typing");
    again.wait_for("Add participant");
    again.wait_for("Cut Off");
    // Esc parks it: the next start waits for it to be opened, and says so.
    again.send(ESC);
    again.send("q");
    assert!(again.wait_exit());
    let mut third = App::start(dir.path(), &["--db", db_arg]);
    third.wait_for("kept as a draft");
    third.send("a");
    third.wait_for("Cut Off");
    third.send(ESC);
    third.send("q");
    assert!(third.wait_exit());
}

#[test]
fn demo_opens_on_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(dir.path(), &["--demo"]);
    // A demo Monday morning has something overdue, so the app starts on the reminders.
    app.wait_for("Overdue");
    app.send("1");
    // 36 of their own and 3 handed over from a colleague who moved on.
    app.wait_for("My caseload · 39");
    app.send("q");
    assert!(app.wait_exit());
    assert!(dir.path().join("data/keyworker/demo.db").exists());
    assert!(!dir.path().join("data/keyworker/keyworker.db").exists());
}

#[test]
fn a_job_start_and_an_action_survive_a_restart_and_reach_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let db_arg = db.to_str().unwrap();
    let mut app = App::start(dir.path(), &["--db", db_arg]);
    app.wait_for("No participants yet");
    app.send("a");
    app.wait_for("Add participant");
    app.send("Kay Mensah");
    app.send(CTRL_S);
    app.wait_for("Saved Kay Mensah");
    app.send("p");
    app.wait_for("No plan yet");
    app.send("e");
    app.wait_for("Job start date");
    app.send("+2w");
    app.send(TAB);
    app.send("Vale Motors");
    app.send(CTRL_S);
    app.wait_for("Plan saved");
    app.send("a");
    app.wait_for("New action");
    app.send("Bring bank details");
    app.send(TAB);
    app.send(TAB);
    app.send("+1w");
    app.send(CTRL_S);
    app.wait_for("Action saved");
    app.send("q");
    app.send("q");
    assert!(app.wait_exit());

    let mut again = App::start(dir.path(), &["--db", db_arg]);
    again.wait_for("Vale Motors");
    again.send("p");
    let today = today();
    let start = today + chrono::Days::new(14);
    let due = today + chrono::Days::new(7);
    again.wait_for(&format!("starts {}", start.format("%a %-d %b %Y")));
    again.wait_for("Bring bank details");
    again.send("q");
    again.send("q");
    assert!(again.wait_exit());

    let json = export(&db);
    let plan = &json["participants"][0]["plan"];
    assert_eq!(plan["job_start"], start.to_string());
    assert_eq!(plan["employer"], "Vale Motors");
    assert_eq!(plan["consent_employer_contact"], "not_asked");
    assert_eq!(plan["actions"][0]["text"], "Bring bank details");
    assert_eq!(plan["actions"][0]["owner"], "participant");
    assert_eq!(plan["actions"][0]["due"], due.to_string());
    assert_eq!(plan["actions"][0]["status"], "open");
}

#[test]
fn a_call_logged_from_the_caseload_is_there_after_a_restart_and_in_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let db_arg = db.to_str().unwrap();
    let mut app = App::start(dir.path(), &["--db", db_arg]);
    app.wait_for("No participants yet");
    app.send("a");
    app.wait_for("Add participant");
    app.send("Lena Fisher");
    app.send(CTRL_S);
    app.wait_for("Saved Lena Fisher");
    app.send("c");
    app.wait_for("⏱");
    app.send("Rang re rota, all fine");
    app.send(CTRL_S);
    app.wait_for("Completed: logged for Lena Fisher");
    app.wait_for("today");
    app.send("q");
    assert!(app.wait_exit());

    let mut again = App::start(dir.path(), &["--db", db_arg]);
    again.wait_for("Lena Fisher");
    again.send("\r");
    again.wait_for("Contacts (1)");
    again.wait_for("Rang re ro");
    again.send("q");
    again.send("q");
    assert!(again.wait_exit());

    let json = export(&db);
    let contact = &json["participants"][0]["contacts"][0];
    assert_eq!(contact["notes"], "Rang re rota, all fine");
    assert_eq!(contact["outcome"], "completed");
    assert_eq!(contact["channel"], "phone");
    assert_eq!(contact["with"], "participant");
    assert!(contact["duration_minutes"].as_u64().unwrap() >= 1);
}

#[test]
fn ctrl_c_mid_note_keeps_a_draft_that_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let db_arg = db.to_str().unwrap();
    let mut app = App::start(dir.path(), &["--db", db_arg]);
    app.wait_for("No participants yet");
    app.send("a");
    app.wait_for("Add participant");
    app.send("Omar Said");
    app.send(CTRL_S);
    app.wait_for("Saved Omar Said");
    app.send("c");
    app.wait_for("⏱");
    app.send("Half way through the call");
    app.send("\x03");
    assert!(app.wait_exit());

    let mut again = App::start(dir.path(), &["--db", db_arg]);
    again.wait_for("Recovered what you were typing");
    again.wait_for("Half way through the call");
    again.send(CTRL_S);
    again.wait_for("Completed: logged for Omar Said");
    again.send("q");
    assert!(again.wait_exit());
    assert_eq!(
        export(&db)["participants"][0]["contacts"][0]["notes"],
        "Half way through the call"
    );
}

#[test]
fn an_overdue_reminder_is_snoozed_with_a_reason_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let db_arg = db.to_str().unwrap();
    let today = today();
    {
        let mut s = keyworker::store::Store::open(&db, &keyworker::login_name(), clock()).unwrap();
        let id = s
            .add_participant(
                &keyworker::domain::ParticipantDetails {
                    phone: String::new(),
                    referral_route: keyworker::domain::ReferralRoute::Other,
                    key_worker: keyworker::login_name(),
                    ..common::person("Nia Evans")
                },
                today,
            )
            .unwrap();
        s.add_manual_reminder(id, today - chrono::Days::new(1), "Ring the GP surgery")
            .unwrap();
    }
    let mut app = App::start(dir.path(), &["--db", db_arg]);
    app.wait_for("Overdue");
    app.wait_for("Ring the GP surgery");
    app.send("z");
    app.wait_for("Snooze");
    app.send("Surgery closed today");
    app.send(CTRL_S);
    app.wait_for("Snoozed for Nia Evans");
    app.send("\x03");
    assert!(app.wait_exit());

    let due: serde_json::Value =
        serde_json::from_str(&common::term::stdout_of(&db, &["due", "--json"])).unwrap();
    let due: Vec<_> = due
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] != "no_contact")
        .collect();
    assert_eq!(due.len(), 0, "snoozed until tomorrow");
    let json = export(&db);
    let r = &json["participants"][0]["reminders"];
    assert!(
        r.as_array()
            .unwrap()
            .iter()
            .any(|x| x["snoozed_until"] == (today + chrono::Days::new(1)).to_string())
    );
}

use common::term::run as keyworker;

#[test]
fn import_a_referral_file_record_outcomes_by_keyboard_and_find_them_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let csv = dir.path().join("referrals.csv");
    std::fs::write(
        &csv,
        "Name,Phone,Referral route,Referral date,Barriers\n\
         Aisha Rahman,07700 900201,Jobcentre Plus,02/11/2026,transport\n\
         Liam Connor,07700 900202,self_referral,2026-11-09,\n",
    )
    .unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Name,Phone\nZoe Bad,not a phone\n").unwrap();
    let out = keyworker(&db, &["import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2: phone \"not a phone\""), "{err}");
    let out = keyworker(&db, &["import", csv.to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success());
    let out = keyworker(&db, &["import", csv.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Imported 2 participants"));

    let mut app = App::start(dir.path(), &["--db", db.to_str().unwrap()]);
    app.wait_for("keyworker");
    app.send("1");
    app.wait_for("Aisha Rahman");
    assert!(
        !app.contents().contains("Zoe Bad"),
        "nothing of the bad file"
    );
    app.send("/");
    app.send("aisha");
    app.send("\r");
    app.wait_for("Referral route");
    app.send("o");
    app.wait_for("Formal outcomes");
    app.send("a");
    app.wait_for("Record an outcome");
    app.send(TAB);
    app.send(TAB);
    app.send("Payslip seen");
    app.send(CTRL_S);
    app.wait_for("Outcome recorded.");
    app.send("s");
    app.wait_for("Score soft outcomes");
    app.send("4");
    app.send(CTRL_S);
    app.wait_for("Soft outcomes scored.");
    app.send("s");
    app.wait_for("Confidence (was 4)");
    app.send("7");
    app.send(CTRL_S);
    app.wait_for("+3");
    app.send("q");
    app.send("q");
    app.send("q");
    assert!(app.wait_exit());

    let out = keyworker(&db, &["report", "--from", "2000-01-01", "--format", "json"]);
    assert!(out.status.success());
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["starts"], 2);
    let outcomes = r["outcomes_by_kind"].as_array().unwrap();
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0]["kind"], "job_start");
    assert_eq!(outcomes[0]["outcomes"], 1);
    let soft = &r["soft_outcomes"][0];
    assert_eq!(soft["scale"], "confidence");
    assert_eq!(soft["people"], 1);
    assert_eq!(soft["mean_change"], 3.0);
    let text = keyworker(&db, &["report", "--from", "2000-01-01"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Job start"), "{text}");
}

/// User and system CPU time of a process so far, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The command name is in brackets and may hold spaces; fields count from after it.
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn idle_it_uses_no_cpu_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    common::term::stdout_of(&db, &["demo", "--participants", "2000"]);
    let mut app = App::start(dir.path(), &["--db", db.to_str().unwrap()]);
    app.wait_for("help");
    app.send("1");
    app.wait_for("My caseload");
    std::thread::sleep(Duration::from_millis(300));
    let pid = app.child.process_id().unwrap();
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(5));
    let after = cpu_ticks(pid);
    assert_eq!(after - before, 0, "CPU ticks used in 5 idle seconds");
    // The call timer is the one thing that wakes it: once a second, a little.
    app.send("c");
    app.wait_for("Notes");
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(3));
    let timer = cpu_ticks(pid) - before;
    assert!(timer <= 3, "the call timer used {timer} ticks in 3 s");
    app.send("\x03");
    assert!(app.wait_exit());
}

/// faketime (Debian's package), or `None` with the reason printed; under `.ci/run`, which
/// installs it, its absence fails the test instead of letting it pass unrun.
fn faketime() -> Option<&'static str> {
    let path = "/usr/bin/faketime";
    if Path::new(path).exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "faketime is missing, so the midnight timer cannot be tested (apt-get install faketime)"
    );
    eprintln!("skipped: no faketime here (apt-get install faketime); .ci/run installs it");
    None
}

#[test]
fn left_open_overnight_the_app_moves_to_the_new_day_by_itself() {
    let Some(faketime) = faketime() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    {
        let mut s = keyworker::store::Store::open(&db, &keyworker::login_name(), clock()).unwrap();
        let id = s
            .add_participant(
                &keyworker::domain::ParticipantDetails {
                    phone: String::new(),
                    referral_route: keyworker::domain::ReferralRoute::Other,
                    key_worker: keyworker::login_name(),
                    ..common::person("Nia Evans")
                },
                today(),
            )
            .unwrap();
        s.add_manual_reminder(id, today(), "Ring the GP surgery")
            .unwrap();
    }
    // The system clock a few seconds before midnight, running on from there. Monotonic time
    // is left real: the kernel counts the app's timers in it.
    let mut cmd = portable_pty::CommandBuilder::new(faketime);
    cmd.args(["-f", "@2026-11-23 23:59:57", common::term::BIN, "--db"]);
    cmd.arg(&db);
    cmd.env("FAKETIME_DONT_FAKE_MONOTONIC", "1");
    cmd.env("TZ", "Europe/London");
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_DATA_HOME", dir.path().join("data"));
    cmd.env_remove("KEYWORKER_DB");
    cmd.env_remove("KEYWORKER_TODAY");
    let mut app = App::spawn(cmd);
    app.wait_for("Mon 23 Nov");
    app.wait_for("0 overdue, 1 today");
    // No key pressed: the timer armed for midnight moves the day on.
    app.wait_for("Tue 24 Nov");
    app.wait_for("1 overdue, 0 today");
    app.wait_for("1d late");
    app.send("\x03");
    assert!(app.wait_exit());
}

#[test]
fn a_dropped_line_while_a_colleague_holds_the_lock_keeps_the_text_in_a_file_that_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let db_arg = db.to_str().unwrap();
    let mut app = App::start(dir.path(), &["--db", db_arg]);
    app.wait_for("No participants yet");
    app.send("a");
    app.wait_for("Add participant");
    app.send("Locked Out");
    // A colleague's import takes the write lock and keeps it.
    let colleague = rusqlite::Connection::open(&db).unwrap();
    colleague.execute_batch("BEGIN IMMEDIATE").unwrap();
    let pid = app.child.process_id().unwrap() as libc::pid_t;
    // SAFETY: sends a signal to our own child process; no memory is involved.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGHUP) }, 0);
    let start = Instant::now();
    app.wait_exit();
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "exit took {:?}",
        start.elapsed()
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path().join("data/keyworker/unsaved"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        std::fs::read_to_string(&kept[0])
            .unwrap()
            .contains("Locked Out")
    );
    colleague.execute_batch("COMMIT").unwrap();
    drop(colleague);

    // The next start puts it back and reopens the form with the text.
    let mut again = App::start(dir.path(), &["--db", db_arg]);
    again.wait_for("Add participant");
    again.wait_for("Locked Out");
    again.send(CTRL_S);
    again.wait_for("Saved Locked Out");
    again.send("q");
    assert!(again.wait_exit());
    assert!(
        std::fs::read_dir(dir.path().join("data/keyworker/unsaved"))
            .unwrap()
            .next()
            .is_none(),
        "the file went once the draft was back"
    );
}

#[test]
fn an_appointment_is_booked_and_moved_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let db_arg = db.to_str().unwrap();
    {
        let mut s = keyworker::store::Store::open(&db, &keyworker::login_name(), clock()).unwrap();
        s.add_participant(&common::of_mine("Nia Evans"), today())
            .unwrap();
    }
    let mut app = App::start(dir.path(), &["--db", db_arg]);
    app.wait_for("Nia Evans");
    app.send("b");
    app.wait_for("Book an appointment: Nia Evans");
    app.send("fri 16:00");
    app.wait_for("Fri 27 Nov 16:00");
    app.send(CTRL_S);
    app.wait_for("Booked Nia Evans: Fri 27 Nov 16:00.");
    app.send("4");
    app.wait_for("16:00 call, 30 min");
    app.send("R");
    app.wait_for("Move to");
    // Clear the time it holds, type the new one, then say why.
    app.send(&"\x7f".repeat(20));
    app.send("mon 17:00");
    app.wait_for("Mon 30 Nov 17:00");
    app.send("\t");
    app.send(" ");
    app.wait_for("Work shift changed");
    app.send(CTRL_S);
    app.wait_for("Moved Nia Evans's appointment to Mon 30 Nov 17:00.");
    app.send("\x03");
    assert!(app.wait_exit());

    let a = &export(&db)["participants"][0]["appointments"][0];
    assert_eq!(a["at"], "2026-11-30T17:00:00+00:00");
    assert_eq!(a["status"], "booked");
    assert_eq!(a["moves"][0]["from"], "2026-11-27T16:00:00+00:00");
    assert_eq!(a["moves"][0]["reason"], "shift_changed");
}

#[test]
fn a_referral_is_made_from_the_plan_moved_to_accepted_and_its_chase_follows_it() {
    use keyworker::domain::referral::{Need, PartnerDetails};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let db_arg = db.to_str().unwrap();
    {
        let mut s = keyworker::store::Store::open(&db, &keyworker::login_name(), clock()).unwrap();
        let mut nia = common::of_mine("Nia Evans");
        nia.barriers = vec![(
            keyworker::domain::BarrierKind::DebtAndBenefits,
            "Council tax arrears".into(),
        )];
        s.add_participant(&nia, today()).unwrap();
        s.add_partner(&PartnerDetails {
            organisation: "Citizens Advice Worcester".into(),
            service: "Debt advice".into(),
            helps_with: vec![Need::DebtAndBenefits],
            ..Default::default()
        })
        .unwrap();
    }
    let mut app = App::start(dir.path(), &["--db", db_arg]);
    app.wait_for("Nia Evans");
    app.send("p");
    app.wait_for("f refer");
    app.send("f");
    app.wait_for("Refer on: Nia Evans");
    // The service offered for her barrier, taken with →; yes; contact details; save.
    app.send("\t");
    app.send("\x1b[C");
    app.wait_for("in the directory");
    app.send("\t");
    app.send(" ");
    app.wait_for("Yes, they agree");
    app.send("\t");
    app.send(" ");
    app.send(CTRL_S);
    app.wait_for("Referred Nia Evans: s shows what to send to Citizens Advice Worcester");
    // Its chase is in the reminders, a week on.
    app.send("4");
    app.wait_for("chase referral: Citizens Advice");
    // Back to the plan; the referral is under her barrier.
    app.send("2");
    app.wait_for("Referrals (1 open)");
    app.send("j");
    app.send("\r");
    app.wait_for("Accepted");
    app.send(CTRL_S);
    app.wait_for("accepted Mon 23 Nov");
    app.send("4");
    app.wait_for("Reminders");
    app.send("\x03");
    assert!(app.wait_exit());

    let p = &export(&db)["participants"][0];
    let r = &p["referrals"][0];
    assert_eq!(r["partner"], "Citizens Advice Worcester: Debt advice");
    assert_eq!(r["status"], "accepted");
    assert_eq!(r["shares"], serde_json::json!(["contact_details"]));
    assert_eq!(r["history"].as_array().unwrap().len(), 2);
    let kinds: Vec<&str> = p["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert!(!kinds.contains(&"chase_referral"), "{kinds:?}");
}

#[test]
fn three_marked_people_are_handed_over_and_the_note_is_on_the_new_workers_brief() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kw.db");
    let me = keyworker::login_name();
    {
        let mut s = keyworker::store::Store::open(&db, &me, clock()).unwrap();
        for name in ["Aaron Able", "Beth Bell", "Cara Cole", "Dan Dee"] {
            s.add_participant(&common::of_mine(name), today()).unwrap();
        }
        let mut zoe = common::person("Zoe Zed");
        zoe.key_worker = "priya".into();
        s.add_participant(&zoe, today()).unwrap();
    }
    let mut app = App::start(dir.path(), &["--db", db.to_str().unwrap()]);
    app.wait_for("keyworker");
    app.send("1");
    app.wait_for("Dan Dee");
    app.send(" ");
    app.send(" ");
    app.send(" ");
    app.wait_for("3 marked");
    app.send("H");
    app.wait_for("Hand over (3)");
    app.send("priya");
    app.wait_for("has a caseload");
    app.send(TAB);
    app.send("Aaron starts at the depot on Monday");
    app.send(CTRL_S);
    app.wait_for("Handed over 3 people to priya.");
    assert!(!app.contents().contains("Aaron Able"));
    // The team pane, then Priya's caseload from it.
    app.send("T");
    app.wait_for("Worker");
    app.send("g");
    app.send("\r");
    app.wait_for("Caseload of priya · 4");
    for name in ["Aaron Able", "Beth Bell", "Cara Cole", "Zoe Zed"] {
        assert!(app.contents().contains(name), "{name}: {}", app.contents());
    }
    // The team's reminders, the first of them Aaron's: his brief opens with the note.
    app.send("4");
    app.wait_for("Reminders");
    app.send("t");
    app.wait_for("Aaron Able");
    app.send("\r");
    app.wait_for(&format!(
        "Handed over by {me}: Aaron starts at the depot on Monday"
    ));
    app.send("q");
    app.send("q");
    app.send("1");
    app.send("q");
    assert!(app.wait_exit());
    let s = keyworker::store::Store::open(&db, &me, clock()).unwrap();
    assert_eq!(s.people_of("priya", false).unwrap().len(), 4);
    assert_eq!(s.people_of(&me, false).unwrap().len(), 1);
}
