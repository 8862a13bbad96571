//! Drafts: form text that was typed but not saved. Keyed by worker and form (e.g.
//! `participant:new`, `participant:42`), so each worker gets their own back.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, stamp};

impl Store {
    pub fn save_draft(&mut self, form: &str, body: &str) -> Result<()> {
        let now = self.clock.now();
        self.write_unlisted(|tx, who| {
            tx.prepare_cached(
                "INSERT INTO drafts (who, form, body, saved_at, open) VALUES (?1, ?2, ?3, ?4, 1) \
                 ON CONFLICT (who, form) DO UPDATE SET body = excluded.body, \
                 saved_at = excluded.saved_at, open = 1",
            )?
            .execute(params![who, form, body, stamp(now)])?;
            Ok(())
        })
    }

    pub fn draft(&self, form: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT body FROM drafts WHERE who = ?1 AND form = ?2")?
            .query_row(params![self.who, form], |r| r.get(0))
            .optional()?)
    }

    pub fn discard_draft(&mut self, form: &str) -> Result<()> {
        self.write_unlisted(|tx, who| {
            tx.prepare_cached("DELETE FROM drafts WHERE who = ?1 AND form = ?2")?
                .execute(params![who, form])?;
            Ok(())
        })
    }

    /// The form was closed with its draft kept: it waits to be opened again rather than
    /// coming back by itself.
    pub fn park_draft(&mut self, form: &str) -> Result<()> {
        self.write_unlisted(|tx, who| {
            tx.prepare_cached("UPDATE drafts SET open = 0 WHERE who = ?1 AND form = ?2")?
                .execute(params![who, form])?;
            Ok(())
        })
    }

    /// The newest draft whose form was still open when keyworker stopped.
    pub fn interrupted_draft(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT form FROM drafts WHERE who = ?1 AND open = 1 \
                 ORDER BY saved_at DESC LIMIT 1",
            )?
            .query_row([&self.who], |r| r.get(0))
            .optional()?)
    }

    /// The forms this worker left unsaved, newest first.
    pub fn drafts(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT form FROM drafts WHERE who = ?1 ORDER BY saved_at DESC")?;
        let rows = stmt.query_map([&self.who], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
