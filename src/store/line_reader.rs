//! A big caseload read whole on a second, read-only connection in a thread of its own,
//! handed over in batches: SQLite steps through the index on one core while the rows are
//! built on the other, which roughly halves a whole read at 100,000 participants. A caseload
//! of a few thousand is read on the store's own connection: a thread would cost more than
//! it saves.

use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use rusqlite::{Connection, OpenFlags};

use super::Result;
use super::packed_line::CASELOAD_OF_TEAM;

/// Participants (by highest id) from which a whole read is worth a second connection.
pub(super) const WORTH_IT: i64 = 20_000;

/// Lines a batch holds: enough that handing one over is rare, few enough that building
/// starts at once. Fewer in tests, so that a small file still makes several.
const BATCH: usize = if cfg!(test) { 64 } else { 2048 };

/// Lines as stored: each one's id, its name and the rest of its line (`PackedLine`).
#[derive(Default)]
pub(super) struct Batch {
    ids: Vec<i64>,
    /// Where each line's name ends and the rest of it ends, in `text`.
    ends: Vec<(usize, usize)>,
    text: Vec<u8>,
}

impl Batch {
    fn push(&mut self, id: i64, name: &[u8], rest: &[u8]) {
        self.text.extend_from_slice(name);
        let name_end = self.text.len();
        self.text.extend_from_slice(rest);
        self.ids.push(id);
        self.ends.push((name_end, self.text.len()));
    }

    /// Each line: its id, its name as stored and the rest of it.
    pub fn lines(&self) -> impl Iterator<Item = (i64, &[u8], &[u8])> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|e| e.1));
        self.ids
            .iter()
            .zip(starts.zip(&self.ends))
            .map(|(id, (start, (name_end, end)))| {
                (
                    *id,
                    self.text.get(start..*name_end).unwrap_or_default(),
                    self.text.get(*name_end..*end).unwrap_or_default(),
                )
            })
    }
}

/// Starts reading everyone's lines, closed cases too, by name, from the file at `path`; the
/// batches come in order on the receiver, an error ends them. Reading stops when the receiver
/// is dropped. One statement, so one snapshot of the file.
pub(super) fn read_beside<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    path: &'scope Path,
) -> Receiver<Result<Batch>> {
    let (tx, rx) = sync_channel(4);
    scope.spawn(move || {
        if let Err(e) = read(path, &tx) {
            let _ = tx.send(Err(e));
        }
    });
    rx
}

fn read(path: &Path, tx: &SyncSender<Result<Batch>>) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_handler(Some(super::open::wait_for_lock))?;
    // Each page is read once, in order: a small cache does, and keeps the app's memory down.
    conn.pragma_update(None, "cache_size", -256)?;
    let mut stmt = conn.prepare(&CASELOAD_OF_TEAM)?;
    let mut rows = stmt.query([])?;
    let mut batch = Batch::default();
    while let Some(r) = rows.next()? {
        batch.push(
            r.get(0)?,
            super::participants::stored(r.get_ref(1)?),
            super::participants::stored(r.get_ref(2)?),
        );
        if batch.ids.len() == BATCH && tx.send(Ok(std::mem::take(&mut batch))).is_err() {
            return Ok(());
        }
    }
    let _ = tx.send(Ok(batch));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Scope, Store};

    #[test]
    fn a_whole_read_beside_gives_the_rows_the_store_reads_itself() {
        let dir = tempfile::tempdir().unwrap();
        let clock = crate::domain::clock::Clock::fake(
            chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+00:00").unwrap(),
        );
        let mut store = Store::open(&dir.path().join("kw.db"), "sam", clock).unwrap();
        let today = store.clock().today();
        let mut g = crate::cli::demo::Generator::new(1, "sam", today);
        // More than one batch, some of them closed cases.
        let n = BATCH as u64 * 2 + 5;
        store
            .add_participants((0..n).map(|i| g.participant(i)), |_| {})
            .unwrap();
        for closed in [false, true] {
            let mine = store.caseload_of(Scope::Team, closed).unwrap();
            let beside = store.whole_caseload_beside(closed, n as i64).unwrap();
            assert_eq!(beside, mine);
            assert_eq!(mine.len() as u64 == n, closed, "{} of {n}", mine.len());
        }
        // A file that cannot be opened again is an error here, and `caseload_of` then reads
        // on its own connection.
        store.path = dir.path().join("gone.db");
        assert!(store.whole_caseload_beside(false, n as i64).is_err());
    }

    #[test]
    fn a_batch_gives_back_each_line_as_pushed() {
        let mut b = Batch::default();
        b.push(7, b"Ann Lee", b"referred,,,0,0,3,sam");
        b.push(3, b"", b"");
        b.push(9, b"Bo", b"in_work,2026-11-20,,1,0,3,tom0770");
        let lines: Vec<_> = b.lines().collect();
        assert_eq!(
            lines,
            vec![
                (7, &b"Ann Lee"[..], &b"referred,,,0,0,3,sam"[..]),
                (3, &b""[..], &b""[..]),
                (9, &b"Bo"[..], &b"in_work,2026-11-20,,1,0,3,tom0770"[..]),
            ]
        );
    }
}
