//! The team's forms, on the editor pane: handing marked people to another key worker, cover
//! for a colleague's caseload, a person's risk flags, a safeguarding concern and a lead's
//! decision on it.

use chrono::{Months, NaiveDate};

use super::editors::{Checked, Editor, EditorKind, past_date, required, required_date};
use super::field::read_ticked_with_notes;
use super::fields::{Errors, Field, Fields};
use crate::domain::dates::uk;
use crate::domain::team::{
    Concern, ConcernCategory, ConcernDetails, Decision, DecisionDetails, FlagDetails, PersonKnows,
    RiskFlag, RiskKind, flags_line,
};
use crate::domain::{Choice, Participant};
use crate::strings;

/// A risk flag is looked at again this long after it is set or reviewed, unless the worker
/// says otherwise.
const FLAG_REVIEW_MONTHS: u32 = 3;

/// What a handover's form was opened for: the people, and who they are with now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Handing {
    pub people: Vec<i64>,
    pub names: Vec<String>,
    /// Key workers known to the team, offered while typing and checked against.
    pub workers: Vec<String>,
}

/// The first names of a list, for a title: "Ann Lee, Bob Roy and 3 more".
fn names_of(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} more", rest.len()),
    }
}

impl Editor {
    /// Handing the marked people to another key worker, with a note for them.
    pub fn handover(h: Handing, today: NaiveDate) -> Self {
        let fields = vec![
            Field::text("new_worker", "Hand over to", "").suggest(h.workers.clone()),
            Field::notes("note", "Handover note", ""),
        ];
        let mut h = h;
        h.names.sort();
        let title = format!(
            "{} ({}): {}",
            strings::HAND_OVER,
            h.people.len(),
            names_of(&h.names)
        );
        let first = h.people.first().copied().unwrap_or(0);
        let mut e = Self::simple(first, EditorKind::Handover, title, fields, today);
        e.handing = h;
        e
    }

    /// A colleague covering a worker's caseload from one day to another.
    pub fn cover(worker: &str, workers: Vec<String>, today: NaiveDate) -> Self {
        let fields = vec![
            Field::text("worker", "Caseload of", worker).suggest(workers.clone()),
            Field::text("by", "Covered by", "").suggest(workers.clone()),
            Field::text("from", "From", &uk(today)),
            Field::text("until", "Until (last day)", ""),
            Field::text("note", "Why", ""),
        ];
        let mut e = Self::simple(
            0,
            EditorKind::Cover,
            strings::SET_COVER.to_string(),
            fields,
            today,
        );
        e.handing.workers = workers;
        e.form.focus = 1;
        e
    }

    /// A person's risk flags: a tick and a note for each, and when to look at them again.
    pub fn risk_flags(p: &Participant, flags: &[RiskFlag], today: NaiveDate) -> Self {
        let ticked: Vec<(RiskKind, String)> =
            flags.iter().map(|f| (f.kind, f.note.clone())).collect();
        let review = flags
            .iter()
            .map(|f| f.review)
            .min()
            .filter(|d| *d > today)
            .unwrap_or_else(|| today + Months::new(FLAG_REVIEW_MONTHS));
        let fields = vec![
            Field::ticks_with_notes("flags", "Flags", &ticked, 1),
            Field::text("review", "Review by", &uk(review)),
        ];
        let title = format!("{}: {}", strings::RISK_FLAGS, p.details.name);
        let mut e = Self::simple(p.id, EditorKind::RiskFlags, title, fields, today);
        e.about = flags
            .iter()
            .map(|f| strings::flag_set_by(f.kind.label(), &f.set_by, f.set_at.date_naive()))
            .collect();
        e
    }

    /// Recording a safeguarding concern.
    pub fn concern(p: &Participant, today: NaiveDate) -> Self {
        let fields = vec![
            Field::notes("seen", "What was seen or said", ""),
            Field::text("on", "When", &uk(today)),
            Field::pick(
                "category",
                "Category",
                None::<ConcernCategory>,
                Some(strings::CHOOSE),
            ),
            Field::notes("action", "Action taken", ""),
            Field::pick(
                "knows",
                "Do they know",
                None::<PersonKnows>,
                Some(strings::CHOOSE),
            ),
        ];
        let title = format!("{}: {}", strings::RAISE_CONCERN, p.details.name);
        let mut e = Self::simple(p.id, EditorKind::Concern, title, fields, today);
        e.about = vec![strings::CONCERN_ABOUT.to_string()];
        e
    }

    /// A lead's decision on a concern, the concern shown above it.
    pub fn decide(c: &Concern, who: &str, today: NaiveDate) -> Self {
        let fields = vec![
            Field::pick(
                "decision",
                "Decision",
                None::<Decision>,
                Some(strings::CHOOSE),
            ),
            Field::text("referred_on", "Referred on", &uk(today))
                .shown_if("decision", Decision::ReferredToLocalAuthority.code()),
            Field::text("reference", "Their reference", "")
                .shown_if("decision", Decision::ReferredToLocalAuthority.code()),
            Field::notes("note", "Note", ""),
        ];
        let title = format!("{}: {who}", strings::DECIDE_CONCERN);
        let mut e = Self::simple(
            c.participant_id,
            EditorKind::Decide(c.id),
            title,
            fields,
            today,
        );
        e.version = c.version;
        e.about = strings::concern_lines(c);
        e
    }
}

/// The flags line above a form about the person, when they have any.
pub fn flag_warning(flags: &[RiskFlag]) -> Vec<String> {
    flags_line(flags).into_iter().collect()
}

pub(super) fn check_handover(e: &Editor, errors: &mut Errors) -> Checked {
    let f = &e.form;
    let to = required(f, "new_worker", strings::WORKER_REQUIRED, errors);
    let note = required(f, "note", strings::HANDOVER_NOTE_REQUIRED, errors);
    let known = e.handing.workers.contains(&to);
    Checked::Handover { to, note, known }
}

pub(super) fn check_cover(e: &Editor, errors: &mut Errors) -> Checked {
    let f = &e.form;
    let worker = required(f, "worker", strings::WORKER_REQUIRED, errors);
    let by = required(f, "by", strings::WORKER_REQUIRED, errors);
    if !worker.is_empty() && worker == by {
        errors.push(("by", strings::COVER_SELF));
    }
    let from = required_date(f, "from", errors);
    let to = required_date(f, "until", errors);
    if to < from && !f.get("until").is_empty() {
        errors.push(("until", strings::COVER_BACKWARDS));
    }
    let known = [&worker, &by]
        .iter()
        .all(|w| e.handing.workers.iter().any(|k| k == *w));
    Checked::Cover {
        worker,
        by,
        from,
        to,
        note: f.get("note"),
        known,
    }
}

pub(super) fn check_flags(f: &Fields, errors: &mut Errors) -> Checked {
    let mut flags = Vec::new();
    for (code, note) in read_ticked_with_notes(&f.get("flags")) {
        let Some(kind) = RiskKind::from_code(&code) else {
            continue;
        };
        if note.trim().is_empty() {
            errors.push(("flags", strings::FLAG_NOTE_REQUIRED));
        }
        flags.push(FlagDetails { kind, note });
    }
    let review = required_date(f, "review", errors);
    if review <= f.today && !flags.is_empty() {
        errors.push(("review", strings::REVIEW_IN_FUTURE));
    }
    Checked::RiskFlags(flags, review)
}

pub(super) fn check_concern(f: &Fields, errors: &mut Errors) -> Checked {
    let seen = required(f, "seen", strings::CONCERN_SEEN_REQUIRED, errors);
    let on = past_date(f, "on", errors);
    let category = ConcernCategory::from_code(&f.get("category"));
    if category.is_none() {
        errors.push(("category", strings::CHOOSE_ONE));
    }
    let action_taken = required(f, "action", strings::CONCERN_ACTION_REQUIRED, errors);
    let person_knows = PersonKnows::from_code(&f.get("knows"));
    if person_knows.is_none() {
        errors.push(("knows", strings::CHOOSE_ONE));
    }
    Checked::Concern(ConcernDetails {
        seen,
        on,
        category: category.unwrap_or(ConcernCategory::Other),
        action_taken,
        person_knows: person_knows.unwrap_or(PersonKnows::No),
    })
}

pub(super) fn check_decision(f: &Fields, errors: &mut Errors) -> Checked {
    let decision = Decision::from_code(&f.get("decision"));
    let note = f.get("note");
    let (mut referred_on, mut reference) = (None, String::new());
    match decision {
        None => errors.push(("decision", strings::CHOOSE_ONE)),
        Some(Decision::ReferredToLocalAuthority) => {
            referred_on = Some(past_date(f, "referred_on", errors));
            reference = required(f, "reference", strings::REFERENCE_REQUIRED, errors);
        }
        Some(Decision::Other) if note.is_empty() => {
            errors.push(("note", strings::DECISION_NOTE_REQUIRED))
        }
        Some(_) => {}
    }
    Checked::Decide(DecisionDetails {
        decision: decision.unwrap_or(Decision::Other),
        referred_on,
        reference,
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_names_two_then_counts_the_rest() {
        let n = |v: &[&str]| names_of(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(n(&[]), "");
        assert_eq!(n(&["Ann"]), "Ann");
        assert_eq!(n(&["Ann", "Bob"]), "Ann and Bob");
        assert_eq!(n(&["Ann", "Bob", "Cy", "Di"]), "Ann, Bob and 2 more");
    }
}
