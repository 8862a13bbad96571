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
