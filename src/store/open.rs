//! Opening a database file safely: never modify a file that is not ours or is newer than us.

use std::fs::{self, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::{Result, StoreError, schema};

/// Long enough to ride out another worker's save on a busy shared file; short enough that a
/// stuck lock is reported rather than hanging the app.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Marks the file as a keyworker database (`PRAGMA application_id`, "KWRK").
const APPLICATION_ID: i64 = 0x4b57_524b;

/// How often a save waiting for the write lock looks again.
const LOOK_AGAIN: Duration = Duration::from_micros(100);

/// While another worker holds the write lock: look again every tenth of a millisecond, up to
/// the busy timeout. SQLite's own handler backs off to 100 ms naps, so on a busy file a
/// waiting save can keep missing its turn to the others for seconds. A colleague's next save
/// can take the lock within a fraction of a millisecond of letting it go, so only looking that
/// often gives a waiting save its fair turn.
pub(super) fn wait_for_lock(tries: i32) -> bool {
    thread_local! {
        static SINCE: std::cell::Cell<Option<Instant>> = const { std::cell::Cell::new(None) };
    }
    // Timed by the clock rather than by counting naps, which can each oversleep.
    let now = Instant::now();
    let since = SINCE.with(|s| {
        if tries == 0 {
            s.set(Some(now));
        }
        s.get().unwrap_or(now)
    });
    if now.duration_since(since) >= BUSY_TIMEOUT {
        return false;
    }
    if tries < 50 {
        std::thread::yield_now();
    } else {
        std::thread::sleep(LOOK_AGAIN);
    }
    true
}

/// Before a connection takes the write lock again within a moment of letting it go: a pause
/// long enough for any save waiting on it (looking every `wait_for_lock` step) to take its
/// turn. Without it, a connection saving without a break takes the lock back before a waiting
/// colleague next looks, again and again. A person never saves twice that fast; bulk work
/// does, and cedes the lock at each step.
pub(super) fn after_own_commit(last: Option<Instant>) {
    if let Some(pause) = courtesy(last, Instant::now()) {
        std::thread::sleep(pause);
    }
}

fn courtesy(last: Option<Instant>, now: Instant) -> Option<Duration> {
    const MOMENT: Duration = Duration::from_millis(2);
    // Ten of a waiting save's steps: under load it oversleeps each by a good deal.
    const PAUSE: Duration = LOOK_AGAIN.saturating_mul(10);
    last.filter(|at| now.saturating_duration_since(*at) < MOMENT)
        .map(|_| PAUSE)
}

/// `wait_for_lock` for about a second: for work that can be left to the next writer.
pub(super) fn wait_briefly(tries: i32) -> bool {
    if tries >= 1000 {
        return false;
    }
    std::thread::sleep(Duration::from_millis(1));
    true
}

pub fn connect(path: &Path) -> Result<Connection> {
    create_private(path)?;
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_handler(Some(wait_for_lock))?;
    let new = check_is_ours(&conn, path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Content that is deleted or rewritten is overwritten with zeros, not left in free
    // pages: an erased participant, or an old version of a note, must not be readable in
    // the file afterwards.
    conn.pragma_update(None, "secure_delete", "ON")?;
    if new {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    schema::migrations().to_latest(&mut conn)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// A team directory: shared through its group, which new files inherit (setgid).
pub fn is_team_dir(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(dir).is_ok_and(|m| m.is_dir() && m.permissions().mode() & 0o2000 != 0)
}

/// The directory a database path lives in.
pub fn dir_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A new database gets a private directory (0700) and file (0600): participant records are
/// personal data and office servers are shared machines. In a team directory (setgid, see
/// the README) the file and everything made beside it (the log, backups) is readable and
/// writable by the group and nobody else, whatever the worker's umask.
fn create_private(path: &Path) -> Result<()> {
    let team = is_team_dir(dir_of(path));
    if team {
        // SAFETY: umask only swaps the process's file-creation mask; no memory is involved.
        unsafe {
            libc::umask(0o007);
        }
    }
    if path.exists() {
        return Ok(());
    }
    let fail = |source| StoreError::Create {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(fail)?;
    }
    let mode = if team { 0o660 } else { 0o600 };
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(fail)?;
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(mode))
        .map_err(fail)?;
    Ok(())
}

/// Reads the header before anything writes to the file: a stranger's file, or one from a newer
/// release, is refused untouched. Returns whether the file is new (empty).
fn check_is_ours(conn: &Connection, path: &Path) -> Result<bool> {
    let not_db = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        _ => StoreError::Sqlite(e),
    };
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(not_db)?;
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(not_db)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(not_db)?;
    let empty = version == 0 && tables == 0;
    if !empty && app != APPLICATION_ID {
        return Err(StoreError::ForeignDatabase(path.to_path_buf()));
    }
    let known = schema::latest_version();
    if version > known {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known,
        });
    }
    Ok(empty)
}

/// What `keyworker doctor` reads from a database, without writing to it.
#[derive(Debug, Clone)]
pub struct Inspection {
    pub journal_mode: String,
    pub version: i64,
    pub ours: bool,
    /// `ok`, or the first problems found.
    pub integrity: Vec<String>,
    pub participants: Option<i64>,
    /// The audit log's chain, where the file is new enough to carry one.
    pub audit: Option<super::AuditCheck>,
}

pub fn inspect(path: &Path) -> Result<Inspection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let not_db = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        _ => StoreError::Sqlite(e),
    };
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(not_db)?;
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let journal_mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    let mut stmt = conn.prepare("PRAGMA integrity_check(20)")?;
    let integrity = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let participants = conn
        .query_row("SELECT count(*) FROM participants", [], |r| r.get(0))
        .ok();
    let ours = app == APPLICATION_ID;
    let audit = if ours && version >= 9 {
        Some(super::audit::verify(&conn)?)
    } else {
        None
    };
    Ok(Inspection {
        journal_mode,
        version,
        ours,
        integrity,
        participants,
        audit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_right_after_our_own_lets_waiting_colleagues_go_first() {
        let now = Instant::now();
        let pause = courtesy(Some(now), now + Duration::from_micros(300));
        // Longer than a waiting save's look-again step, so it sees the lock free.
        assert!(pause.is_some_and(|p| p >= LOOK_AGAIN * 2), "{pause:?}");
        assert_eq!(courtesy(Some(now), now + Duration::from_secs(1)), None);
        assert_eq!(
            courtesy(None, now),
            None,
            "the first save goes straight ahead"
        );
    }
}
