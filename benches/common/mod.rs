//! What every bench shares: its size, its worker and its day.
#![allow(dead_code)]

/// Participants in the benched database: 10,000, or `KEYWORKER_BENCH_N`.
pub fn n() -> u64 {
    std::env::var("KEYWORKER_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000)
}

pub const ME: &str = "sam";

/// Benchmarks run on a fixed day, like the tests: 10:00 on Monday 23 November 2026.
pub fn clock() -> keyworker::domain::clock::Clock {
    keyworker::domain::clock::Clock::fake(
        chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+00:00").unwrap_or_default(),
    )
}

/// A database of `n()` demo participants (seed 1), mostly `ME`'s, in a temp dir.
pub fn demo() -> (tempfile::TempDir, keyworker::store::Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store =
        keyworker::store::Store::open(&dir.path().join("kw.db"), ME, clock()).expect("store");
    let mut g = keyworker::cli::demo::Generator::new(1, ME, store.clock().today());
    store
        .add_participants((0..n()).map(|i| g.participant(i)), |_| {})
        .expect("demo data");
    (dir, store)
}

/// A completed phone call, the `k`th of a run, as a colleague logs them.
pub fn call(k: u64) -> keyworker::domain::contact::ContactDetails {
    use keyworker::domain::contact::{ContactChannel, ContactDetails, Outcome, With};
    ContactDetails {
        at: clock().now(),
        channel: ContactChannel::Phone,
        with: With::Participant,
        outcome: Outcome::Completed,
        duration_minutes: Some(6),
        notes: format!("Call {k}: rota sorted, bus pass arrived, next week fine."),
        in_work: None,
        next_contact: None,
    }
}

/// Benches `save` (given a running count) while three colleagues save contacts to the same
/// file as fast as they can the whole time, then prints the median, p99 and worst of every
/// save timed: the budget is on the p99, which criterion's mean does not show.
pub fn under_load(
    c: &mut criterion::Criterion,
    name: &str,
    store: &mut keyworker::store::Store,
    mut save: impl FnMut(&mut keyworker::store::Store, u64),
) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};
    let path = store.path().to_path_buf();
    let stop = Arc::new(AtomicBool::new(false));
    let others: Vec<_> = (0..3)
        .map(|w| {
            let (path, stop) = (path.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut s = keyworker::store::Store::open(&path, &format!("colleague{w}"), clock())
                    .expect("store");
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
        &format!("{name} with 3 others writing, {} participants", n()),
        |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    k += 1;
                    let start = Instant::now();
                    save(store, k);
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
            "{name} with 3 others writing: {} saves, median {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            each.len(),
            at(0.5).as_secs_f64() * 1000.0,
            at(0.99).as_secs_f64() * 1000.0,
            at(1.0).as_secs_f64() * 1000.0
        );
    }
}
