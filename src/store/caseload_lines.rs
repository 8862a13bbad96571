//! What changed in the caseload since the app last read it, so that a colleague's save
//! brings in their one line rather than a hundred thousand read again. The counts come from
//! triggers in the file (schema 13), which every writer runs.

use rusqlite::OptionalExtension;

use super::{Result, Store};
use crate::domain::CaseloadRow;

/// Where the caseload's lines stood when they were read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineMark {
    changed: i64,
    gone: i64,
}

/// What happened to the lines since a mark.
#[derive(Debug, PartialEq, Eq)]
pub enum LinesSince {
    Same,
    /// These participants' lines changed, or they were added.
    Changed(Vec<i64>),
    /// Someone was erased, or too many changed to read one by one: read everything again.
    Everything,
}

impl Store {
    fn line_mark(&self) -> Result<LineMark> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT (SELECT coalesce(max(line_change), 0) FROM participants), gone \
                 FROM line_changes",
            )?
            .query_row([], |r| {
                Ok(LineMark {
                    changed: r.get(0)?,
                    gone: r.get(1)?,
                })
            })
            .optional()?
            .unwrap_or_default())
    }

    /// Everyone's lines, closed cases too, and where they stood. The mark is read first, so
    /// a change saved while the lines are read is brought in again next time, never lost.
    pub fn caseload_marked(&self) -> Result<(Vec<CaseloadRow>, LineMark)> {
        let mark = self.line_mark()?;
        Ok((self.caseload_of(super::Scope::Team, true)?, mark))
    }

    /// The lines changed since `mark` (at most `most` of them) and the new mark.
    pub fn lines_since(&self, mark: LineMark, most: usize) -> Result<(LinesSince, LineMark)> {
        let now = self.line_mark()?;
        if now == mark {
            return Ok((LinesSince::Same, now));
        }
        if now.gone != mark.gone {
            return Ok((LinesSince::Everything, now));
        }
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM participants WHERE line_change > ?1 ORDER BY line_change \
                 LIMIT ?2",
            )?
            .query_map(
                rusqlite::params![mark.changed, i64::try_from(most).unwrap_or(i64::MAX) + 1],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        if ids.len() > most {
            return Ok((LinesSince::Everything, now));
        }
        Ok((LinesSince::Changed(ids), now))
    }
}
