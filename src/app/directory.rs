//! The directory of partner services: the team's shared list, a fuzzy filter over the
//! name, the service, what it helps with and the area, and opening one to edit or adding one.

use crossterm::event::KeyEvent;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui_textarea::TextArea;

use super::fields::text_area;
use super::{Model, Route, Screen, nav};
use crate::domain::Choice;
use crate::domain::referral::Partner;
use crate::domain::text::line;
use crate::keymap::Command;
use crate::store::{Store, StoreError};

pub struct DirectoryScreen {
    pub partners: Vec<Partner>,
    /// Indexes into `partners` that match the filter, best first.
    pub shown: Vec<usize>,
    /// Position in `shown`.
    pub cursor: usize,
    pub query: String,
    /// The filter being typed.
    pub input: Option<TextArea<'static>>,
}

/// What a service is found by: its names, what it helps with and where.
fn haystack(p: &Partner) -> String {
    let d = &p.details;
    let mut hay = vec![d.organisation.clone(), d.service.clone(), d.area.clone()];
    hay.extend(d.helps_with.iter().map(|n| n.label().to_string()));
    hay.join(" ")
}

/// The partners matching `query` (all of them, in order, for an empty one), best first.
/// Where any service holds the words as typed, only those are shown: a fuzzy match across
/// a long line of needs ("debt" in "hidden disability") is noise when a real one exists.
pub fn matching(partners: &[Partner], query: &str) -> Vec<usize> {
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    if pattern.atoms.is_empty() {
        return (0..partners.len()).collect();
    }
    let hays: Vec<String> = partners.iter().map(haystack).collect();
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize)> = hays
        .iter()
        .enumerate()
        .filter_map(|(i, hay)| {
            pattern
                .score(Utf32Str::new(hay, &mut buf), &mut matcher)
                .map(|s| (s, i))
        })
        .collect();
    // Best first; ties keep directory order.
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let fuzzy: Vec<usize> = scored.into_iter().map(|(_, i)| i).collect();
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let literal: Vec<usize> = fuzzy
        .iter()
        .copied()
        .filter(|&i| {
            let hay = hays[i].to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect();
    if literal.is_empty() { fuzzy } else { literal }
}

impl DirectoryScreen {
    pub fn load(store: &Store) -> Result<Self, StoreError> {
        let mut partners = store.partners()?;
        // Those closed to referrals after the open ones, each part still by name.
        let today = store.clock().today();
        partners.sort_by_key(|p| p.details.is_closed(today));
        Ok(Self {
            shown: (0..partners.len()).collect(),
            partners,
            cursor: 0,
            query: String::new(),
            input: None,
        })
    }

    pub fn selected(&self) -> Option<&Partner> {
        self.shown
            .get(self.cursor)
            .and_then(|&i| self.partners.get(i))
    }

    fn set_query(&mut self, query: String) {
        self.shown = matching(&self.partners, &query);
        self.query = query;
        self.cursor = 0;
    }
}

pub(super) fn screen(model: &mut Model, store: &Store) -> Option<Screen> {
    let d = model.ok(DirectoryScreen::load(store))?;
    Some(Screen::Directory(Box::new(d)))
}

/// Reads the directory again after a save, keeping the filter and the service selected.
pub(super) fn refresh(model: &mut Model, store: &Store) {
    let Screen::Directory(d) = &model.screen else {
        return;
    };
    let (query, keep) = (d.query.clone(), d.selected().map(|p| p.id));
    match DirectoryScreen::load(store) {
        Ok(mut fresh) => {
            fresh.set_query(query);
            fresh.cursor = keep
                .and_then(|id| fresh.shown.iter().position(|&i| fresh.partners[i].id == id))
                .unwrap_or(0);
            model.screen = Screen::Directory(Box::new(fresh));
        }
        Err(e) => model.fail(e),
    }
}

/// A key on the directory: typed into the filter while it is open, else a command.
pub fn key(
    model: &mut Model,
    store: &mut Store,
    key: KeyEvent,
    command: Option<Command>,
) -> Option<bool> {
    let Screen::Directory(d) = &mut model.screen else {
        return None;
    };
    let n = d.shown.len();
    if let Some(at) = command.and_then(|c| super::moved(d.cursor, n, c)) {
        d.cursor = at;
        return Some(true);
    }
    if let Some(input) = d.input.as_mut() {
        match command {
            Some(Command::ClearFilter) => {
                d.input = None;
                d.set_query(String::new());
            }
            // Enter keeps the filter and goes back to the list.
            Some(Command::Open) => d.input = None,
            Some(_) => return None,
            None => {
                if !input.input(key) {
                    return Some(false);
                }
                let query = line(&input.lines().join(" "));
                d.set_query(query);
            }
        }
        return Some(true);
    }
    match command? {
        Command::PageDown => d.cursor = (d.cursor + 10).min(n.saturating_sub(1)),
        Command::PageUp => d.cursor = d.cursor.saturating_sub(10),
        Command::Filter => d.input = Some(text_area(&d.query)),
        // Esc clears a filter before it leaves.
        Command::Back if !d.query.is_empty() => d.set_query(String::new()),
        Command::Add => nav::go(model, store, Route::PartnerForm(None)),
        Command::Open | Command::Edit => {
            let Some(id) = d.selected().map(|p| p.id) else {
                return Some(false);
            };
            nav::go(model, store, Route::PartnerForm(Some(id)));
        }
        _ => return None,
    }
    Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::referral::{Need, PartnerDetails};

    fn p(org: &str, service: &str, helps: &[Need]) -> Partner {
        Partner {
            id: 0,
            version: 1,
            details: PartnerDetails {
                organisation: org.into(),
                service: service.into(),
                helps_with: helps.to_vec(),
                ..Default::default()
            },
        }
    }

    #[test]
    fn the_filter_finds_services_by_name_service_and_what_they_help_with() {
        let list = [
            p("Citizens Advice", "Debt advice", &[Need::DebtAndBenefits]),
            p("Worcester Food Bank", "", &[Need::Food]),
            p(
                "NHS Talking Therapies",
                "Self-referral",
                &[Need::MentalHealth],
            ),
        ];
        assert_eq!(matching(&list, "food"), [1]);
        let mut more = list.to_vec();
        more.push(p("Onside", "Advocacy", &[Need::LearningDifficulty]));
        assert_eq!(
            matching(&more, "debt"),
            [0],
            "not \"hidden disability\", once a service holds the word"
        );
        assert_eq!(matching(&list, "debt"), [0]);
        assert_eq!(matching(&list, "mental"), [2]);
        assert_eq!(matching(&list, "talkng"), [2], "fuzzy: a letter missed");
        assert_eq!(matching(&list, ""), [0, 1, 2]);
        assert!(matching(&list, "zzz").is_empty());
    }
}
