//! At 10,000 participants: opening one (their record, plan, 200 contacts, and the frame), and
//! saving a contact while three other workers are saving theirs to the same file.

mod common;
use common::{ME, clock, n};

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use keyworker::app::{Model, Msg, Screen, update};
use keyworker::cli::demo::Generator;
use keyworker::store::Store;

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

    common::under_load(c, "save a contact", &mut store, |store, k| {
        store
            .add_contact(1 + (k % n()) as i64, &common::call(k), &[], None)
            .expect("save");
    });
}

criterion_group! {
    name = participant;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(participant);
