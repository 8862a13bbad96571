//! `keyworker import`: participants from a referral spreadsheet saved as CSV. Every row is
//! checked first; one bad row and nothing is written, with each problem named by line.

use std::io::Read;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use thiserror::Error;

use crate::domain::dates::parse_quick_date;
use crate::domain::participant::{email_is_valid, phone_is_valid};
use crate::domain::text::line;
use crate::domain::{BarrierKind, Choice, ParticipantDetails, ReferralRoute, Stage};
use crate::store::NewParticipant;

/// The columns a referral file may have; only `name` is required.
pub const COLUMNS: [&str; 10] = [
    "name",
    "preferred_name",
    "phone",
    "email",
    "postcode",
    "referral_route",
    "referral_date",
    "stage",
    "key_worker",
    "barriers",
];

/// No cell in a referral is this long; a longer one is a broken file, not a name.
const MAX_CELL: usize = 2000;
/// Files bigger than this are refused before they are read.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The line of the file (1 is the header).
    pub line: u64,
    pub text: String,
}

#[derive(Debug, Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{0} is larger than 64 MB; split it into smaller files")]
    TooBig(String),
    #[error("{} problem(s) found; nothing was imported", .0.len())]
    Problems(Vec<Problem>),
}

/// Reads and checks a whole referral file. Returns the participants to add, or every problem.
pub fn read(
    path: &Path,
    me: &str,
    now: DateTime<FixedOffset>,
) -> Result<Vec<(u64, NewParticipant)>, ImportError> {
    let read_err = |source| ImportError::Read {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    if file.metadata().map_err(read_err)?.len() > MAX_FILE {
        return Err(ImportError::TooBig(path.display().to_string()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    check_lines(&bytes, me, now)
}

/// Checks the bytes of a referral file. Never panics, whatever the bytes.
pub fn check(
    bytes: &[u8],
    me: &str,
    now: DateTime<FixedOffset>,
) -> Result<Vec<NewParticipant>, ImportError> {
    Ok(check_lines(bytes, me, now)?
        .into_iter()
        .map(|(_, p)| p)
        .collect())
}

/// Counts the lines of the file up to each record, as an editor or a spreadsheet numbers
/// them: the header is line 1, a quoted cell that spans lines counts each, and `\r\n` is one
/// line break. Records come in order, so the count carries on from the last one.
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn line_of(&mut self, offset: u64) -> u64 {
        let mut to = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        // After `\r\n` the reader may start the next record at the `\n`: the line it is on
        // begins after the break.
        while to < self.bytes.len() && matches!(self.bytes[to], b'\r' | b'\n') {
            to += 1;
        }
        if to > self.at {
            let breaks = self.bytes[self.at..to]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += breaks as u64;
            self.at = to;
        }
        self.line
    }
}

/// `check`, with each participant's line in the file.
pub fn check_lines(
    bytes: &[u8],
    me: &str,
    now: DateTime<FixedOffset>,
) -> Result<Vec<(u64, NewParticipant)>, ImportError> {
    let mut lines = LineCounter {
        bytes,
        at: 0,
        line: 1,
    };
    let today = now.date_naive();
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(ImportError::Problems(vec![Problem {
                line: 1,
                text: format!("the header row cannot be read: {e}"),
            }]));
        }
        None => {
            return Err(ImportError::Problems(vec![Problem {
                line: 1,
                text: "the file is empty; the first row must name the columns".into(),
            }]));
        }
    };
    let mut columns: Vec<Option<usize>> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let name = String::from_utf8_lossy(h)
            .trim()
            .trim_start_matches('\u{feff}')
            .to_lowercase()
            .replace([' ', '-'], "_");
        match COLUMNS.iter().position(|c| *c == name) {
            Some(c) if columns.contains(&Some(c)) => problems.push(Problem {
                line: 1,
                text: format!("column {name:?} appears twice"),
            }),
            Some(c) => columns.push(Some(c)),
            None if name.is_empty() => columns.push(None),
            None => problems.push(Problem {
                line: 1,
                text: format!(
                    "unknown column {:?} (column {}); the columns are: {}",
                    line(&name),
                    i + 1,
                    COLUMNS.join(", ")
                ),
            }),
        }
    }
    if !columns.contains(&Some(0)) {
        problems.push(Problem {
            line: 1,
            text: "there is no name column; the first row must name the columns".into(),
        });
    }
    if !problems.is_empty() {
        return Err(ImportError::Problems(problems));
    }
    let at = now;
    let mut out = Vec::new();
    let mut seen: std::collections::HashMap<(&str, String, String), u64> =
        std::collections::HashMap::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_of(p.byte()));
                problems.push(Problem {
                    line,
                    text: format!("cannot be read as CSV: {e}"),
                });
                break;
            }
        };
        let line_no = record.position().map_or(0, |p| lines.line_of(p.byte()));
        if record.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let before = problems.len();
        let mut cells: [String; COLUMNS.len()] = Default::default();
        // A row that does not line up with the header would put values in the wrong fields.
        if record.len() != columns.len() {
            problems.push(Problem {
                line: line_no,
                text: format!(
                    "{} but {} in the header",
                    count(record.len(), "cell"),
                    count(columns.len(), "column")
                ),
            });
            continue;
        }
        for (i, raw) in record.iter().enumerate() {
            let Some(Some(c)) = columns.get(i) else {
                continue;
            };
            let Ok(text) = std::str::from_utf8(raw) else {
                problems.push(Problem {
                    line: line_no,
                    text: format!(
                        "{} is not UTF-8 text; save the file as \"CSV UTF-8\"",
                        COLUMNS[*c]
                    ),
                });
                continue;
            };
            if text.len() > MAX_CELL {
                problems.push(Problem {
                    line: line_no,
                    text: format!(
                        "{} is {} characters long (at most {MAX_CELL})",
                        COLUMNS[*c],
                        text.chars().count()
                    ),
                });
                continue;
            }
            cells[*c] = line(text).trim().to_string();
        }
        let mut fail = |text: String| {
            problems.push(Problem {
                line: line_no,
                text,
            })
        };
        let [
            name,
            preferred,
            phone,
            email,
            postcode,
            route,
            date,
            stage,
            worker,
            barriers,
        ] = cells;
        if name.is_empty() {
            fail("name is empty".into());
        }
        // A spreadsheet runs a cell that starts with these as a formula.
        for (column, value) in [
            ("name", &name),
            ("preferred_name", &preferred),
            ("postcode", &postcode),
            ("key_worker", &worker),
        ] {
            if value.starts_with(['=', '+', '-', '@']) {
                fail(format!(
                    "{column} {:?} begins like a spreadsheet formula; remove the {:?}",
                    crate::ui::widgets::fit(value, 40),
                    &value[..1]
                ));
            }
        }
        if !phone.is_empty() && !phone_is_valid(&phone) {
            fail(format!("phone {phone:?} is not a phone number"));
        }
        if !email.is_empty() && !email_is_valid(&email) {
            fail(format!("email {email:?} is not an email address"));
        }
        let referral_route = if route.is_empty() {
            ReferralRoute::Other
        } else {
            match find::<ReferralRoute>(&route) {
                Some(r) => r,
                None => {
                    fail(format!(
                        "referral_route {route:?} is not one of: {}",
                        codes::<ReferralRoute>()
                    ));
                    ReferralRoute::Other
                }
            }
        };
        let referral_date = if date.is_empty() {
            None
        } else {
            match parse_quick_date(&date, today) {
                Ok(d) if d <= today => Some(d),
                Ok(_) => {
                    fail(format!("referral_date {date:?} is in the future"));
                    None
                }
                Err(_) => {
                    fail(format!(
                        "referral_date {date:?} is not a date (use dd/mm/yyyy or yyyy-mm-dd)"
                    ));
                    None
                }
            }
        };
        let stage = if stage.is_empty() {
            Stage::Referred
        } else {
            match find::<Stage>(&stage).filter(|s| *s != Stage::Exited) {
                Some(s) => s,
                None => {
                    fail(format!(
                        "stage {stage:?} is not one of: {}",
                        codes::<Stage>()
                    ));
                    Stage::Referred
                }
            }
        };
        let mut kinds: Vec<(BarrierKind, String)> = Vec::new();
        for b in barriers.split(';').map(str::trim).filter(|b| !b.is_empty()) {
            match find::<BarrierKind>(b) {
                Some(k) if !kinds.iter().any(|(x, _)| *x == k) => kinds.push((k, String::new())),
                Some(_) => {}
                None => fail(format!(
                    "barrier {b:?} is not one of: {}",
                    codes::<BarrierKind>()
                )),
            }
        }
        kinds.sort_by_key(|k| k.0);
        if problems.len() > before {
            continue;
        }
        let key_worker = if worker.is_empty() {
            me.to_string()
        } else {
            worker
        };
        let details = ParticipantDetails {
            name,
            preferred_name: preferred,
            phone,
            email,
            postcode: postcode.to_uppercase(),
            referral_route,
            referral_date,
            stage,
            barriers: kinds,
            key_worker,
            availability: Default::default(),
        };
        // The same person twice in one file: by name and phone, or name and email.
        let name_key = details.name.to_lowercase();
        for (what, value) in [("phone", &details.phone), ("email", &details.email)] {
            if value.is_empty() {
                continue;
            }
            let key = (what, name_key.clone(), value.to_lowercase());
            if let Some(first) = seen.get(&key) {
                problems.push(Problem {
                    line: line_no,
                    text: format!(
                        "{} is on line {first} too (the same name and {what}); keep one",
                        details.name
                    ),
                });
            } else {
                seen.insert(key, line_no);
            }
        }
        if problems.len() > before {
            continue;
        }
        let mut p = NewParticipant::new(details, at, today, me);
        p.barriers_assessed = referral_date.unwrap_or(today);
        out.push((line_no, p));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(ImportError::Problems(problems))
    }
}

/// "1 cell", "3 cells".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A choice by its code or its label, in any case, with spaces or underscores.
fn find<T: Choice>(text: &str) -> Option<T> {
    let norm = |s: &str| s.trim().to_lowercase().replace([' ', '-'], "_");
    let t = norm(text);
    T::ALL
        .iter()
        .copied()
        .find(|c| c.code() == t || norm(c.label()) == t)
}

fn codes<T: Choice>() -> String {
    T::ALL
        .iter()
        .map(|c| c.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `run` did.
pub struct Imported {
    pub checked: usize,
    pub written: u64,
}

/// Imports a referral file into the store, or with `dry_run` only checks it. Someone already
/// held (the same name and phone) is a problem too, so importing a file twice adds nobody.
pub fn run(
    store: &mut crate::store::Store,
    path: &Path,
    dry_run: bool,
) -> anyhow::Result<Imported> {
    use std::io::IsTerminal;
    let me = store.who().to_string();
    let people = match read(path, &me, store.clock().now()) {
        Ok(p) => p,
        Err(ImportError::Problems(problems)) => return Err(report(path, problems)),
        Err(e) => return Err(e.into()),
    };
    let held: std::collections::HashMap<(String, String), i64> = store
        .caseload_of(crate::store::Scope::Team, true)?
        .into_iter()
        .map(|r| {
            (
                (r.text.name().to_lowercase(), r.text.phone().to_string()),
                r.id,
            )
        })
        .collect();
    let duplicates: Vec<Problem> = people
        .iter()
        .filter_map(|(line, p)| {
            let key = (p.details.name.to_lowercase(), p.details.phone.clone());
            held.get(&key).map(|id| Problem {
                line: *line,
                text: format!("{} is already held as participant {id}", p.details.name),
            })
        })
        .collect();
    if !duplicates.is_empty() {
        return Err(report(path, duplicates));
    }
    let checked = people.len();
    if dry_run {
        return Ok(Imported {
            checked,
            written: 0,
        });
    }
    let bar = if std::io::stderr().is_terminal() && checked >= 1000 {
        let bar = indicatif::ProgressBar::new(checked as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} participants")
        {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let written =
        store.add_participants(people.into_iter().map(|(_, p)| p), |n| bar.set_position(n))?;
    bar.finish_and_clear();
    Ok(Imported { checked, written })
}

/// Prints each problem on stderr, one line each, and returns the error to exit with.
fn report(path: &Path, problems: Vec<Problem>) -> anyhow::Error {
    for p in &problems {
        if p.line > 0 {
            eprintln!("{} line {}: {}", path.display(), p.line, p.text);
        } else {
            eprintln!("{}: {}", path.display(), p.text);
        }
    }
    ImportError::Problems(problems).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn today() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T10:00:00+00:00").unwrap()
    }

    fn problems(csv: &str) -> Vec<Problem> {
        match check(csv.as_bytes(), "sam", today()) {
            Err(ImportError::Problems(p)) => p,
            other => panic!("expected problems, got {:?}", other.map(|v| v.len())),
        }
    }

    #[test]
    fn a_good_file_reads_every_row() {
        let csv = "Name,Phone,Referral route,Referral date,Barriers,Key worker\n\
                   Ann Lee,07700 900123,Jobcentre Plus,02/11/2026,housing; Transport,\n\
                   \n\
                   Bob Stone,,self_referral,2026-10-01,,jo\n";
        let people = check(csv.as_bytes(), "sam", today()).unwrap();
        assert_eq!(people.len(), 2);
        let ann = &people[0].details;
        assert_eq!(ann.referral_route, ReferralRoute::JobcentrePlus);
        assert_eq!(ann.referral_date, NaiveDate::from_ymd_opt(2026, 11, 2));
        assert_eq!(
            ann.barriers.iter().map(|b| b.0).collect::<Vec<_>>(),
            vec![BarrierKind::Housing, BarrierKind::Transport]
        );
        assert_eq!(ann.key_worker, "sam");
        assert_eq!(people[1].details.key_worker, "jo");
    }

    #[test]
    fn every_bad_row_is_named_by_its_line() {
        let csv = "name,phone,referral_date,stage\n\
                   Ann Lee,07700 900123,,\n\
                   ,07700 900124,,\n\
                   Cal,call me,31/02/2026,\n\
                   Dee,,,hired\n";
        let p = problems(csv);
        let lines: Vec<u64> = p.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 4, 4, 5], "{p:?}");
        assert!(p[0].text.contains("name is empty"));
        assert!(p[1].text.contains("not a phone number"));
        assert!(p[2].text.contains("not a date"));
        assert!(p[3].text.contains("stage \"hired\""));
    }

    #[test]
    fn formulas_wrong_columns_long_cells_and_bad_bytes_are_refused() {
        let p = problems("name\n\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"\n");
        assert!(p[0].text.contains("spreadsheet formula"), "{p:?}");
        assert_eq!(p.len(), 1, "{p:?}");
        let p = problems("nmae,phone\nAnn,\n");
        assert!(p[0].text.contains("unknown column \"nmae\""));
        assert!(
            problems("phone\n07700 900123\n")[0]
                .text
                .contains("no name column")
        );
        let long = format!("name\n{}\n", "a".repeat(10 * 1024 * 1024));
        assert!(problems(&long)[0].text.contains("characters long"));
        let mut bad = b"name\nAnn ".to_vec();
        bad.extend([0xff, 0xfe, b'\n']);
        match check(&bad, "sam", today()) {
            Err(ImportError::Problems(p)) => assert!(p[0].text.contains("not UTF-8"), "{p:?}"),
            _ => panic!("invalid UTF-8 accepted"),
        }
        assert!(
            problems("name\nAnn,extra\n")[0]
                .text
                .contains("2 cells but 1 column in the header")
        );
        assert!(problems("")[0].text.contains("empty"));
    }

    #[test]
    fn lines_are_the_files_own_whatever_the_line_breaks() {
        for csv in [
            "name,phone\r\nAnn,07700 900001\r\nCat,07700 900003\r\nBob,bad\r\n",
            "name,phone\nAnn,07700 900001\n\nBob,bad\n",
            "name,phone\n\"Ann\nLee\",07700 900001\nBob,bad\n",
            "\u{feff}name,phone\nAnn,07700 900001\nCat,07700 900003\nBob,bad",
        ] {
            let p = problems(csv);
            assert_eq!(p.len(), 1, "{csv:?}: {p:?}");
            assert_eq!(p[0].line, 4, "{csv:?}: {p:?}");
        }
    }

    #[test]
    fn a_short_row_and_the_same_person_twice_are_refused_with_their_lines() {
        let p = problems(
            "name,phone,email\nAnn\nCat,07700 900003,c@example.org\n\
             Dee,07700 900004,d@example.org\ncat,07700 900003,x@example.org\n\
             Dee,07700 900999,D@example.org\n",
        );
        let said: Vec<(u64, &str)> = p.iter().map(|p| (p.line, p.text.as_str())).collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert_eq!(said[0].0, 2);
        assert!(said[0].1.contains("1 cell but 3 columns"), "{said:?}");
        assert_eq!(said[1].0, 5);
        assert!(
            said[1]
                .1
                .contains("on line 3 too (the same name and phone)"),
            "{said:?}"
        );
        assert_eq!(said[2].0, 6);
        assert!(
            said[2]
                .1
                .contains("on line 4 too (the same name and email)"),
            "{said:?}"
        );
    }

    #[test]
    fn control_characters_are_stripped_not_imported() {
        let people = check(
            "name\n\"Ann\x1b]0;pwned\x07 Lee\"\n".as_bytes(),
            "sam",
            today(),
        )
        .unwrap();
        assert!(!people[0].details.name.contains('\x1b'));
        assert!(!people[0].details.name.contains('\x07'));
    }

    proptest::proptest! {
        #[test]
        fn no_input_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = check(&bytes, "sam", today());
        }

        #[test]
        fn no_csv_shaped_input_panics(rows in proptest::collection::vec("[a-z=@+\\-,;\"\n 0-9/]{0,40}", 0..12)) {
            let text = format!("name,phone,referral_date,stage,barriers,referral_route\n{}", rows.join("\n"));
            let _ = check(text.as_bytes(), "sam", today());
        }
    }
}
