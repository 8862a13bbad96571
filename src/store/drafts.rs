//! Drafts: form text that was typed but not saved. Keyed by worker and form, so each worker
//! gets their own back, and filed under the participant they are about, so their erasure
//! takes them too.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, stamp};
use crate::domain::draft::DraftKey;

impl Store {
    pub fn save_draft(&mut self, form: &DraftKey, body: &str) -> Result<()> {
        let now = self.clock.now();
        self.write(|tx, who| {
            tx.prepare_cached(
                "INSERT INTO drafts (who, form, body, saved_at, open, participant_id) \
                 VALUES (?1, ?2, ?3, ?4, 1, ?5) \
                 ON CONFLICT (who, form) DO UPDATE SET body = excluded.body, \
                 saved_at = excluded.saved_at, open = 1, participant_id = excluded.participant_id",
            )?
            .execute(params![
                who,
                form.to_string(),
                body,
                stamp(now),
                form.participant()
            ])?;
            Ok(())
        })
    }

    pub fn draft(&self, form: &DraftKey) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT body FROM drafts WHERE who = ?1 AND form = ?2")?
            .query_row(params![self.who, form.to_string()], |r| r.get(0))
            .optional()?)
    }

    pub fn discard_draft(&mut self, form: &DraftKey) -> Result<()> {
        self.write(|tx, who| {
            tx.prepare_cached("DELETE FROM drafts WHERE who = ?1 AND form = ?2")?
                .execute(params![who, form.to_string()])?;
            Ok(())
        })
    }

    /// The form was closed with its draft kept: it waits to be opened again rather than
    /// coming back by itself.
    pub fn park_draft(&mut self, form: &DraftKey) -> Result<()> {
        self.write(|tx, who| {
            tx.prepare_cached("UPDATE drafts SET open = 0 WHERE who = ?1 AND form = ?2")?
                .execute(params![who, form.to_string()])?;
            Ok(())
        })
    }

    /// The newest draft whose form was still open when keyworker stopped. One whose key this
    /// version does not know is passed over, not an error.
    pub fn interrupted_draft(&self) -> Result<Option<DraftKey>> {
        let form: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT form FROM drafts WHERE who = ?1 AND open = 1 \
                 ORDER BY saved_at DESC LIMIT 1",
            )?
            .query_row([&self.who], |r| r.get(0))
            .optional()?;
        Ok(form.and_then(|f| f.parse().ok()))
    }

    /// The forms this worker left unsaved, newest first.
    pub fn drafts(&self) -> Result<Vec<DraftKey>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT form FROM drafts WHERE who = ?1 ORDER BY saved_at DESC")?;
        let rows = stmt.query_map([&self.who], |r| r.get::<_, String>(0))?;
        let forms = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(forms.iter().filter_map(|f| f.parse().ok()).collect())
    }
}
