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
    fn groups() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let d = |n: i64| today + chrono::Duration::days(n);
        assert_eq!(Group::of(d(-1), today), Group::Overdue);
        assert_eq!(Group::of(d(0), today), Group::Today);
        assert_eq!(Group::of(d(7), today), Group::Week);
        assert_eq!(Group::of(d(8), today), Group::Later);
    }
}
