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

/// The word in a filter that narrows to the people the safety net caught.
pub const GAPS: &str = ":gap";

pub struct Filter {
    matcher: Matcher,
    pattern: Pattern,
    buf: Vec<char>,
    /// Only those with no recent contact or nothing agreed (`:gap` in the query).
    gaps: bool,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            matcher: Matcher::new(Config::DEFAULT),
            pattern: Pattern::default(),
            buf: Vec::new(),
            gaps: false,
        }
    }
}

impl Filter {
    pub fn set_query(&mut self, query: &str) {
        let words: Vec<&str> = query.split(' ').collect();
        self.gaps = words.iter().any(|w| w.eq_ignore_ascii_case(GAPS));
        let rest: Vec<&str> = words
            .into_iter()
            .filter(|w| !w.eq_ignore_ascii_case(GAPS))
            .collect();
        self.pattern = Pattern::parse(&rest.join(" "), CaseMatching::Ignore, Normalization::Smart);
    }

    pub fn is_empty(&self) -> bool {
        self.pattern.atoms.is_empty() && !self.gaps
    }

    /// The best score of a row over its searchable fields, or `None` if nothing matches.
    fn score(&mut self, row: &CaseloadRow) -> Option<(u32, Field)> {
        let mut best: Option<(u32, Field)> = None;
        for (text, field) in [
            (row.text.name(), Field::Name),
            (row.text.phone(), Field::Phone),
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
        if self.gaps {
            let caught: Vec<u32> = among
                .iter()
                .copied()
                .filter(|&i| rows[i as usize].gap.is_some())
                .collect();
            if self.pattern.atoms.is_empty() {
                return caught;
            }
            return self.scored(rows, &caught);
        }
        self.scored(rows, among)
    }

    fn scored(&mut self, rows: &[CaseloadRow], among: &[u32]) -> Vec<u32> {
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
            Field::Name => row.text.name(),
            Field::Phone => row.text.phone(),
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
            text: crate::domain::RowText::new(name, phone),
            stage: Stage::Engaged,
            key_worker: "sam".into(),
            employer: employer.into(),
            last_contact: None,
            next_due: None,
            failed_attempts: 0,
            gap: None,
        }
    }

    #[test]
    fn the_gap_word_narrows_to_those_the_safety_net_caught() {
        use crate::domain::rhythm::Gap;
        let mut rows = vec![
            row("Ann Lee", "", ""),
            row("Bo Diaz", "", ""),
            row("Al Gore", "", ""),
        ];
        rows[1].gap = Some(Gap::NothingAgreed);
        rows[2].gap = Some(Gap::NeverReached);
        let mut f = Filter::default();
        f.set_query(":gap ");
        assert_eq!(f.apply(&rows, &[0, 1, 2]), [1, 2]);
        f.set_query(":GAP al");
        assert_eq!(
            f.apply(&rows, &[0, 1, 2]),
            [2],
            "and the name narrows further"
        );
        f.set_query("al");
        assert_eq!(
            f.apply(&rows, &[0, 1, 2]).len(),
            2,
            "without it, everyone matching"
        );
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
