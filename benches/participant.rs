//! At 10,000 participants: opening one (their record, plan, 200 contacts, and the frame), and
//! saving a contact while three other workers are saving theirs to the same file.

mod common;
use common::{ME, clock, n};

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use keyworker::app::{Model, Msg, Screen, update};
use keyworker::cli::demo::Generator;
use keyworker::domain::contact::{ContactChannel, ContactDetails, Outcome, With};
use keyworker::store::Store;

fn call(n: u64) -> ContactDetails {
    ContactDetails {
        at: clock().now(),
        channel: ContactChannel::Phone,
        with: With::Participant,
        outcome: Outcome::Completed,
        duration_minutes: Some(6),
        notes: format!("Call {n}: rota sorted, bus pass arrived, next week fine."),
        in_work: None,
        next_contact: None,
    }
}

fn benches(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kw.db");
    let mut store = Store::open(&path, ME, clock()).expect("store");
    let mut g = Generator::new(1, ME, today);
    store
        .add_participants((0..n()).map(|i| g.participant(i)), |_| {})
        .expect("demo data");

    let mut model = Model::new(&mut store, ME, (80, 24)).expect("model");
    model.screen = Screen::Caseload;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    c.bench_function(
        &format!("open participant + frame, {} participants", n()),
        |b| {
            b.iter(|| {
                let enter = Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
                update(&mut model, &mut store, enter);
                terminal
                    .draw(|f| keyworker::ui::view(&model, f))
                    .expect("draw");
                black_box(&model.screen);
                model.screen = Screen::Caseload;
            })
        },
    );

    // Three colleagues save contacts as fast as they can the whole time.
    let stop = Arc::new(AtomicBool::new(false));
    let others: Vec<_> = (0..3)
        .map(|w| {
            let (path, stop) = (path.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut s = Store::open(&path, &format!("colleague{w}"), clock()).expect("store");
                let mut k = 0;
                while !stop.load(Ordering::Relaxed) {
                    let id = 1 + (k * 7 + w) as i64 % n() as i64;
                    s.add_contact(id, &call(k), &[], None)
                        .expect("colleague's save");
                    k += 1;
                }
            })
        })
        .collect();
    let mut each: Vec<Duration> = Vec::new();
    let mut k = 0u64;
    c.bench_function(
        &format!("save a contact with 3 others writing, {} participants", n()),
        |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    k += 1;
                    let start = Instant::now();
                    store
                        .add_contact(1 + (k % n()) as i64, &call(k), &[], None)
                        .expect("save");
                    let took = start.elapsed();
                    each.push(took);
                    total += took;
                }
                total
            })
        },
    );
    stop.store(true, Ordering::Relaxed);
    for t in others {
        let _ = t.join();
    }
    if !each.is_empty() {
        each.sort();
        let at = |q: f64| each[((each.len() - 1) as f64 * q) as usize];
        println!(
            "save a contact with 3 others writing: {} saves, median {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            each.len(),
            at(0.5).as_secs_f64() * 1000.0,
            at(0.99).as_secs_f64() * 1000.0,
            at(1.0).as_secs_f64() * 1000.0
        );
    }
}

criterion_group! {
    name = participant;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(participant);
