//! The team lead's view at 10,000 participants shared by 20 key workers: opening the team
//! pane (its figures read and its first frame drawn), and handing 1,000 people to another
//! worker in one go.

mod common;
use common::{ME, n};

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use keyworker::app::{Model, Route, nav};
use keyworker::store::Store;

const WORKERS: usize = 20;

/// The demo caseload, then spread over 20 workers (a twentieth each, by id).
fn setup() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = common::demo();
    let mut everyone = Vec::new();
    for w in store.workers().expect("workers") {
        everyone.extend(store.people_of(&w, true).expect("people"));
    }
    everyone.sort_unstable();
    for k in 1..WORKERS {
        let ids: Vec<i64> = everyone.iter().copied().skip(k).step_by(WORKERS).collect();
        store
            .reassign(&ids, &format!("worker{k:02}"), "spread for the bench")
            .expect("spread");
    }
    (dir, store)
}

fn benches(c: &mut Criterion) {
    let (_dir, mut store) = setup();
    let mut model = Model::new(&mut store, ME, (80, 24)).expect("model");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");

    c.bench_function(
        &format!(
            "open the team pane, {} participants, {WORKERS} workers",
            n()
        ),
        |b| {
            b.iter(|| {
                nav::go(&mut model, &store, Route::Team);
                terminal
                    .draw(|f| keyworker::ui::view(&model, f))
                    .expect("draw");
                nav::back(&mut model, &store);
                black_box(&model.screen);
            })
        },
    );

    let batch: Vec<i64> = store
        .people_of("worker01", false)
        .expect("people")
        .into_iter()
        .chain(store.people_of("worker02", false).expect("people"))
        .chain(store.people_of("worker05", false).expect("people"))
        .take(1000)
        .collect();
    let mut group = c.benchmark_group("handover");
    group.sample_size(10);
    let mut to = ["worker03", "worker04"].into_iter().cycle();
    group.bench_function(
        format!("hand over {} people in one transaction", batch.len()),
        |b| {
            b.iter(|| {
                let made = store
                    .reassign(&batch, to.next().unwrap_or("worker03"), "bench handover")
                    .expect("reassign");
                black_box(made.len())
            })
        },
    );
    group.finish();
}

criterion_group!(team, benches);
criterion_main!(team);
