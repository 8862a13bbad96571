//! Erasure and backups: the two things done to the whole file rather than to a record.

use std::path::Path;

use rusqlite::params;
use serde_json::json;

use super::{Result, Store, StoreError, audit};
use crate::domain::text::line;

/// What an erasure removed, for the message to the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erased {
    pub name: String,
    /// Pages of the write-ahead log that others reading the file kept from being cleared;
    /// the next writer clears them. `None` when the log is clear.
    pub log_left: Option<i64>,
    /// Backups made before the erasure, which still hold the person.
    pub backups: Vec<BackupMade>,
}

/// A backup keyworker made: where, when, by whom.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackupMade {
    pub path: String,
    pub at: String,
    pub by: String,
}

impl Store {
    /// Removes a participant and everything held about them, their drafts and their audit
    /// history, leaving one audit entry that a record was erased, by whom and when. Freed
    /// space is overwritten (`secure_delete`, always on) and the log is checkpointed, so the
    /// text is not left behind in the file.
    pub fn erase_participant(&mut self, id: i64) -> Result<Erased> {
        let now = self.clock.now();
        let name = self.participant(id)?.details.name;
        let erased = self.write(|tx, who| {
            let mut rows = 0;
            // Every table with a participant_id cascades from participants (drafts about
            // them included, by any worker), except the audit log, which outlives records by
            // design: its rows about them are blanked, keeping their hashes so the chain still
            // verifies. A shared employer's history is the employer's, not the person's: it
            // stays (their id is never given again).
            rows += audit::blank(tx, id)?;
            rows += tx.execute("DELETE FROM participants WHERE id = ?1", [id])?;
            // An id is never given again, so nobody added later inherits the erasure's
            // audit entry or anything that still names the number.
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('erased_up_to', ?1) \
                 ON CONFLICT (key) DO UPDATE SET value = \
                 max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
                [id],
            )?;
            if rows == 0 {
                return Err(StoreError::NoSuchParticipant(id));
            }
            audit::record(
                tx,
                who,
                now,
                Some(id),
                "participant",
                id,
                "erase",
                &json!({}),
            )?;
            Ok(rows)
        });
        erased?;
        // Copies of the erased pages sit in the write-ahead log until a checkpoint, which
        // another worker reading holds back: wait for them about a second, then say what is
        // left rather than keep the worker waiting.
        self.conn.busy_handler(Some(super::open::wait_briefly))?;
        let checkpoint: rusqlite::Result<(i64, i64, i64)> =
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                });
        self.conn.busy_handler(Some(super::open::wait_for_lock))?;
        let (busy, log, done) = checkpoint?;
        let log_left = (busy != 0 || done < log).then_some((log - done).max(1));
        Ok(Erased {
            name,
            log_left,
            backups: self.backups()?,
        })
    }

    /// A consistent copy of the whole database at `to`, taken while others may be writing.
    /// Refuses to overwrite a file. The copy gets the same permissions as the original.
    pub fn backup_to(&self, to: &Path) -> Result<()> {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        // Made empty and private first (SQLite writes into an empty file), so the copy is
        // never readable by others, not even for a moment, and never replaces a file.
        let mode = std::fs::metadata(&self.path).map_or(0o600, |m| m.permissions().mode() & 0o660);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(to)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => StoreError::Exists(to.to_path_buf()),
                _ => StoreError::Create {
                    path: to.to_path_buf(),
                    source: e,
                },
            })?;
        let target = to.to_string_lossy().to_string();
        if let Err(e) = self.conn.execute("VACUUM INTO ?1", params![target]) {
            let _ = std::fs::remove_file(to);
            return Err(e.into());
        }
        std::fs::set_permissions(to, std::fs::Permissions::from_mode(mode)).map_err(|e| {
            StoreError::Create {
                path: to.to_path_buf(),
                source: e,
            }
        })?;
        let copy = rusqlite::Connection::open(to)?;
        let check: String = copy.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::BadBackup(check));
        }
        // Recorded, so an erasure can name the copies that still hold a person.
        let path = std::fs::canonicalize(to).unwrap_or_else(|_| to.to_path_buf());
        self.conn.execute(
            "INSERT INTO backups (path, at, by) VALUES (?1, ?2, ?3)",
            params![
                path.to_string_lossy(),
                super::stamp(self.clock.now()),
                self.who
            ],
        )?;
        Ok(())
    }

    /// The backups made, oldest first, that are still where they were made.
    pub fn backups(&self) -> Result<Vec<BackupMade>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT path, at, by FROM backups ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(BackupMade {
                path: line(&r.get::<_, String>(0)?),
                at: r.get(1)?,
                by: line(&r.get::<_, String>(2)?),
            })
        })?;
        let all = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(all
            .into_iter()
            .filter(|b| Path::new(&b.path).exists())
            .collect())
    }
}
