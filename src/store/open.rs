//! Opening a database file safely: never modify a file that is not ours or is newer than us.

use std::fs::{self, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::{Result, StoreError, schema};

/// Long enough to ride out another worker's save on a busy shared file; short enough that a
/// stuck lock is reported rather than hanging the app.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Marks the file as a keyworker database (`PRAGMA application_id`, "KWRK").
const APPLICATION_ID: i64 = 0x4b57_524b;

pub fn connect(path: &Path) -> Result<Connection> {
    create_private(path)?;
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let new = check_is_ours(&conn, path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if new {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    schema::migrations().to_latest(&mut conn)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// A new database gets a private directory (0700) and file (0600): participant records are
/// personal data and office servers are shared machines.
fn create_private(path: &Path) -> Result<()> {
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
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
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
