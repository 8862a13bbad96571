//! `keyworker due --days 7` at 10,000 participants, in process: the query and the text.

mod common;
use common::clock;

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};

use keyworker::cli::demo;
use keyworker::cli::due::{DueList, write_json, write_text};
use keyworker::store::Store;

fn benches(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("kw.db"), "sam", clock()).expect("store");
    demo::fill(&mut store, 10_000, 1, false, today).expect("demo data");

    c.bench_function("due --days 7, 10k, my caseload", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 20);
            write_text(
                &mut out,
                &store,
                DueList {
                    worker: Some("sam"),
                    days: 7,
                    today,
                },
            )
            .expect("text");
            black_box(out.len())
        })
    });
    c.bench_function("due --days 7 --json, 10k, team", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 21);
            write_json(
                &mut out,
                &store,
                DueList {
                    worker: None,
                    days: 7,
                    today,
                },
            )
            .expect("json");
            black_box(out.len())
        })
    });
}

criterion_group!(due, benches);
criterion_main!(due);
