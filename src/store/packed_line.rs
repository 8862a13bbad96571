//! A caseload line as the caseload's indexes hold it: everything but the id and the name in
//! one value (schema 14). SQLite's cost of reading a hundred thousand lines again is mostly a
//! cost per column, so three columns a row rather than ten halve it.

use std::sync::LazyLock;

use chrono::NaiveDate;

use super::{digits, parse_day_bytes};
use crate::domain::{Choice, Stage};

/// The indexed expression, written exactly as in schema 14's indexes so that SQLite reads
/// it from them rather than from the table. The fields, in order, joined by commas: the
/// stage, the last completed contact, the earliest open reminder (else the next contact),
/// whether a next contact is agreed or booked (0 or 1), failed attempts, then the key
/// worker's length in bytes, the key worker and the phone. Only the last two are anyone's
/// typing, and the length keeps them apart whatever they hold.
pub(super) const PACKED: &str = "stage || ',' || coalesce(last_contact, '') || ',' || \
     coalesce(next_due, next_contact, '') || ',' || \
     (next_contact IS NOT NULL OR booked IS NOT NULL) || ',' || failed_attempts || ',' || \
     length(CAST(key_worker AS BLOB)) || ',' || key_worker || phone";

/// The caseload's reads of a line, for everyone, one worker and one person.
pub(super) static CASELOAD_OF_TEAM: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT id, name, {PACKED} FROM participants ORDER BY name COLLATE NOCASE, id")
});
pub(super) static CASELOAD_OF_WORKER: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT id, name, {PACKED} FROM participants WHERE key_worker = ?1 \
         ORDER BY name COLLATE NOCASE, id"
    )
});
pub(super) static LINE_OF_ONE: LazyLock<String> =
    LazyLock::new(|| format!("SELECT name, {PACKED} FROM participants WHERE id = ?1"));

/// One line's fields, borrowed from the row.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct PackedLine<'a> {
    /// None for a code this keyworker does not know.
    pub stage: Option<Stage>,
    pub last_contact: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    pub agreed: bool,
    pub failed_attempts: u32,
    pub key_worker: &'a [u8],
    pub phone: &'a [u8],
}

impl<'a> PackedLine<'a> {
    /// Reads the value. Anything malformed (another program's writing) reads as empty
    /// fields rather than failing the whole caseload.
    pub fn parse(b: &'a [u8]) -> Self {
        let mut fields = b.splitn(7, |c| *c == b',');
        let mut field = || fields.next().unwrap_or_default();
        let (stage, last, next, agreed, failed) = (field(), field(), field(), field(), field());
        let worker_len = digits(field()).unwrap_or(0) as usize;
        let rest = field();
        let (key_worker, phone) = rest.split_at(worker_len.min(rest.len()));
        PackedLine {
            stage: std::str::from_utf8(stage).ok().and_then(Stage::from_code),
            last_contact: parse_day_bytes(last),
            next_due: parse_day_bytes(next),
            agreed: agreed == b"1",
            failed_attempts: digits(failed).unwrap_or(0),
            key_worker,
            phone,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan SQLite makes for a statement, on a file at the latest schema.
    fn plan(sql: &str) -> Vec<String> {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::super::schema::migrations()
            .to_latest(&mut conn)
            .unwrap();
        conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn the_caseload_is_read_from_its_indexes_alone_in_their_order() {
        // A word of the expression changed here and not in the schema, or the other way
        // round, and SQLite reads every row from the table instead.
        for (sql, index) in [
            (&*CASELOAD_OF_TEAM, "participants_by_name"),
            (&*CASELOAD_OF_WORKER, "participants_by_worker"),
        ] {
            let sql = sql.replace("?1", "'sam'");
            let plan = plan(&sql);
            assert!(
                plan.iter()
                    .any(|p| p.contains(&format!("COVERING INDEX {index}"))),
                "{plan:?}"
            );
            assert!(!plan.iter().any(|p| p.contains("TEMP B-TREE")), "{plan:?}");
        }
    }

    #[test]
    fn reads_each_field_and_keeps_typing_apart_whatever_it_holds() {
        let line =
            PackedLine::parse(b"in_work,2026-11-20,2026-12-01,1,2,9,sam,o'n,e07700 900123,4");
        assert_eq!(line.stage, Some(Stage::InWork));
        assert_eq!(line.last_contact, NaiveDate::from_ymd_opt(2026, 11, 20));
        assert_eq!(line.next_due, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert!(line.agreed);
        assert_eq!(line.failed_attempts, 2);
        assert_eq!(line.key_worker, b"sam,o'n,e");
        assert_eq!(line.phone, b"07700 900123,4");
    }

    #[test]
    fn empty_and_malformed_fields_read_as_nothing() {
        let line = PackedLine::parse(b"referred,,,0,0,3,sam");
        assert_eq!(line.stage, Some(Stage::Referred));
        assert_eq!(
            (line.last_contact, line.next_due, line.agreed),
            (None, None, false)
        );
        assert_eq!((line.key_worker, line.phone), (&b"sam"[..], &b""[..]));
        let odd = PackedLine::parse(b"weird,20/11/2026,x,yes,-1,99,tom");
        assert_eq!(odd.stage, None);
        assert_eq!(
            (odd.last_contact, odd.next_due, odd.agreed),
            (None, None, false)
        );
        assert_eq!((odd.failed_attempts, odd.key_worker), (0, &b"tom"[..]));
        assert_eq!(PackedLine::parse(b""), PackedLine::default());
    }
}
