//! The caseload filter: fuzzy matching over name, phone and employer, kept apart from the pane
//! that draws it. Each keystroke re-scores every row in scope (a few milliseconds for 10,000),
//! and matched letters are worked out only for the rows on screen.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::domain::CaseloadRow;

/// Which column a row matched in, for highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Phone,
    Employer,
}

pub struct Filter {
    matcher: Matcher,
    pattern: Pattern,
    buf: Vec<char>,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            matcher: Matcher::new(Config::DEFAULT),
            pattern: Pattern::default(),
            buf: Vec::new(),
        }
    }
}

impl Filter {
    pub fn set_query(&mut self, query: &str) {
        self.pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    }

    pub fn is_empty(&self) -> bool {
        self.pattern.atoms.is_empty()
    }

    /// The best score of a row over its searchable fields, or `None` if nothing matches.
    fn score(&mut self, row: &CaseloadRow) -> Option<(u32, Field)> {
        let mut best: Option<(u32, Field)> = None;
        for (text, field) in [
            (row.name.as_str(), Field::Name),
            (row.phone.as_str(), Field::Phone),
            (&*row.employer, Field::Employer),
        ] {
            if text.is_empty() {
                continue;
            }
            let hay = Utf32Str::new(text, &mut self.buf);
            if let Some(s) = self.pattern.score(hay, &mut self.matcher)
                && best.is_none_or(|(b, _)| s > b)
            {
                best = Some((s, field));
            }
        }
        best
    }

    /// Those of `among` (indexes into `rows`) that match, best first; ties keep their order
    /// (by name). An empty query keeps them all in order.
    pub fn apply(&mut self, rows: &[CaseloadRow], among: &[u32]) -> Vec<u32> {
        if self.is_empty() {
            return among.to_vec();
        }
        let mut scored: Vec<(u32, u32)> = among
            .iter()
            .filter_map(|&i| self.score(&rows[i as usize]).map(|(s, _)| (s, i)))
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| i).collect()
    }

    /// The matched character positions in the field that matched best.
    pub fn highlight(&mut self, row: &CaseloadRow) -> Option<(Field, Vec<u32>)> {
        let (_, field) = self.score(row)?;
        let text = match field {
            Field::Name => row.name.as_str(),
            Field::Phone => row.phone.as_str(),
            Field::Employer => &*row.employer,
        };
        let mut indices = Vec::new();
        let hay = Utf32Str::new(text, &mut self.buf);
        self.pattern.indices(hay, &mut self.matcher, &mut indices)?;
        indices.sort_unstable();
        indices.dedup();
        Some((field, indices))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Stage;

    fn row(name: &str, phone: &str, employer: &str) -> CaseloadRow {
        CaseloadRow {
            id: 0,
            name: name.into(),
            phone: phone.into(),
            stage: Stage::Engaged,
            key_worker: "sam".into(),
            employer: employer.into(),
            last_contact: None,
            next_due: None,
            failed_attempts: 0,
        }
    }

    #[test]
    fn narrows_by_name_phone_or_employer() {
        let rows = vec![
            row("Aisha Khan", "07700 900111", ""),
            row("Ben Lewis", "07700 900222", "Tesco"),
            row("Chloe Price", "01905 111333", ""),
        ];
        let mut f = Filter::default();
        f.set_query("aisha");
        assert_eq!(f.apply(&rows, &[0, 1, 2][..rows.len()]), vec![0]);
        f.set_query("tesc");
        assert_eq!(f.apply(&rows, &[0, 1, 2][..rows.len()]), vec![1]);
        f.set_query("01905");
        assert_eq!(f.apply(&rows, &[0, 1, 2][..rows.len()]), vec![2]);
        f.set_query("");
        assert_eq!(f.apply(&rows, &[0, 1, 2][..rows.len()]), vec![0, 1, 2]);
    }

    #[test]
    fn fuzzy_letters_match_and_are_highlighted() {
        let rows = vec![row("Chloe Price", "", "")];
        let mut f = Filter::default();
        f.set_query("cpr");
        assert_eq!(f.apply(&rows, &[0, 1, 2][..rows.len()]), vec![0]);
        let (field, idx) = f.highlight(&rows[0]).unwrap();
        assert_eq!(field, Field::Name);
        assert_eq!(idx, vec![0, 6, 7]);
    }

    #[test]
    fn better_matches_come_first() {
        let rows = vec![row("Dan Annesley", "", ""), row("Ann Lee", "", "")];
        let mut f = Filter::default();
        f.set_query("ann lee");
        assert_eq!(f.apply(&rows, &[0, 1, 2][..rows.len()])[0], 1);
    }
}
