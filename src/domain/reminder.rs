//! Reminders: what a key worker must do on a date. Derived from the record (the next contact
//! agreed, action dates, the job start and the profile), never typed in by hand except the
//! one-off manual kind.

use chrono::NaiveDate;

choice! {
    ReminderKind {
        ContactDue = "contact_due", "Contact due";
        ActionDue = "action_due", "Action due";
        Milestone = "milestone", "Milestone";
        Review = "review", "Review";
        Manual = "manual", "Reminder";
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub participant_id: i64,
    pub participant: String,
    /// When it falls due (after a snooze, the day it comes back).
    pub due: NaiveDate,
    pub kind: ReminderKind,
    /// Names this reminder for snoozes and states: `contact:2026-11-30`, `action:12`,
    /// `milestone:first_day`, `review:2026-12-01`, `manual:3`.
    pub key: String,
    pub title: String,
    pub snoozed_until: Option<NaiveDate>,
}

/// Names one reminder, for its snoozes and milestone states: stored as text
/// (`contact:2026-11-30`, `action:12`, `milestone:first_day`, `review:2026-12-01`,
/// `manual:3`), written and read only here.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReminderKey {
    /// The next contact agreed, on its date.
    Contact(NaiveDate),
    /// An open action with a date, by the action's id.
    Action(i64),
    /// A Progress Chart milestone, by its key in the profile.
    Milestone(String),
    Review(NaiveDate),
    /// A one-off reminder, by its id.
    Manual(i64),
}

impl ReminderKey {
    pub fn kind(&self) -> ReminderKind {
        match self {
            Self::Contact(_) => ReminderKind::ContactDue,
            Self::Action(_) => ReminderKind::ActionDue,
            Self::Milestone(_) => ReminderKind::Milestone,
            Self::Review(_) => ReminderKind::Review,
            Self::Manual(_) => ReminderKind::Manual,
        }
    }
}

impl std::fmt::Display for ReminderKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Contact(d) => write!(f, "contact:{}", d.format("%Y-%m-%d")),
            Self::Action(id) => write!(f, "action:{id}"),
            Self::Milestone(key) => write!(f, "milestone:{key}"),
            Self::Review(d) => write!(f, "review:{}", d.format("%Y-%m-%d")),
            Self::Manual(id) => write!(f, "manual:{id}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} names no reminder")]
pub struct UnknownReminder(pub String);

impl std::str::FromStr for ReminderKey {
    type Err = UnknownReminder;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || UnknownReminder(s.to_string());
        let (kind, rest) = s.split_once(':').ok_or_else(bad)?;
        let day = || rest.parse::<NaiveDate>().map_err(|_| bad());
        let id = || rest.parse::<i64>().map_err(|_| bad());
        match kind {
            "contact" => day().map(Self::Contact),
            "action" => id().map(Self::Action),
            "milestone" if !rest.is_empty() => Ok(Self::Milestone(rest.to_string())),
            "review" => day().map(Self::Review),
            "manual" => id().map(Self::Manual),
            _ => Err(bad()),
        }
    }
}

/// The groups of the reminders pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Overdue,
    Today,
    Week,
    Later,
}

impl Group {
    pub fn of(due: NaiveDate, today: NaiveDate) -> Self {
        match (due - today).num_days() {
            d if d < 0 => Group::Overdue,
            0 => Group::Today,
            1..=7 => Group::Week,
            _ => Group::Later,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Group::Overdue => "Overdue",
            Group::Today => "Today",
            Group::Week => "Next 7 days",
            Group::Later => "Later",
        }
    }
}

impl Reminder {
    pub fn overdue_days(&self, today: NaiveDate) -> i64 {
        (today - self.due).num_days().max(0)
    }
}

/// Sorts reminders the way the pane and `keyworker due` list them: by date, then by kind,
/// then by participant.
pub fn sort(reminders: &mut [Reminder]) {
    reminders.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then(a.kind.cmp(&b.kind))
            .then(a.participant.cmp(&b.participant))
            .then(a.key.cmp(&b.key))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reminder_key_reads_back_as_written() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        for key in [
            ReminderKey::Contact(day),
            ReminderKey::Action(12),
            ReminderKey::Milestone("first_day".into()),
            ReminderKey::Review(day),
            ReminderKey::Manual(3),
        ] {
            let text = key.to_string();
            assert_eq!(text.parse::<ReminderKey>(), Ok(key.clone()), "{text}");
        }
        assert_eq!(ReminderKey::Contact(day).to_string(), "contact:2026-11-30");
        for bad in [
            "",
            "action",
            "action:x",
            "contact:30/11",
            "milestone:",
            "visit:3",
        ] {
            assert!(bad.parse::<ReminderKey>().is_err(), "{bad}");
        }
    }

    #[test]
    fn groups() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let d = |n: i64| today + chrono::Duration::days(n);
        assert_eq!(Group::of(d(-1), today), Group::Overdue);
        assert_eq!(Group::of(d(0), today), Group::Today);
        assert_eq!(Group::of(d(7), today), Group::Week);
        assert_eq!(Group::of(d(8), today), Group::Later);
    }
}
