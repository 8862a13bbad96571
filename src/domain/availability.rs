//! When and how a participant can be reached: free text as they said it ("works 7-3
//! weekdays, best after 4"), and a few flags that change how a worker gets in touch.

use chrono::{Datelike, NaiveDateTime, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};

use super::Choice;

choice! {
    Reach {
        TextFirst = "text_first", "Text first";
        NoCallsAtWork = "no_calls_at_work", "No calls at work";
        EveningsOnly = "evenings_only", "Evenings only";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Availability {
    pub note: String,
    pub flags: Vec<Reach>,
}

/// Working hours stated in the note, such as `works 7-3 weekdays` or `9:30-17:00 mon-sat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// Monday first.
    pub days: [bool; 7],
}

/// When evenings start, for `evenings_only`.
const EVENING: u32 = 17;

impl Availability {
    pub fn is_empty(&self) -> bool {
        self.note.trim().is_empty() && self.flags.is_empty()
    }

    /// One line for a form, the brief or a reminder: the note, then the flags.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.note.trim().is_empty() {
            parts.push(self.note.trim().to_string());
        }
        parts.extend(self.flags.iter().map(|f| f.label().to_lowercase()));
        parts.join(" · ")
    }

    /// The flags as stored: codes joined by commas.
    pub fn flag_codes(&self) -> String {
        super::join_codes(&self.flags)
    }

    pub fn with_flag_codes(note: &str, codes: &str) -> Self {
        Self {
            note: note.to_string(),
            flags: super::split_codes(codes),
        }
    }

    /// Why a booking at `at` does not suit them, if it does not: inside the working hours
    /// their note states, or before the evening when they said evenings only.
    pub fn clash(&self, at: NaiveDateTime) -> Option<String> {
        if let Some(h) = working_hours(&self.note)
            && h.days[at.weekday().num_days_from_monday() as usize]
            && (h.start..h.end).contains(&at.time())
        {
            return Some(format!(
                "inside their working hours ({}-{})",
                h.start.format("%H:%M"),
                h.end.format("%H:%M")
            ));
        }
        if self.flags.contains(&Reach::EveningsOnly) && at.time().hour() < EVENING {
            return Some("they asked for evenings only".into());
        }
        None
    }
}

/// Reads stated working hours from free text: the first `H[:MM]-H[:MM]` (a range whose end is
/// earlier than its start is read as afternoon: `7-3` is 07:00 to 15:00), and the days named
/// after it (`weekdays`, `weekends`, `mon-fri`, `sat`, ...; weekdays when none are named).
pub fn working_hours(note: &str) -> Option<Hours> {
    let lower = note.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|w| !w.is_empty())
        .collect();
    let (i, (start, end)) = words.iter().enumerate().find_map(|(i, w)| {
        let (a, b) = w.split_once('-')?;
        Some((i, (hour(a)?, hour(b)?)))
    })?;
    let end = if end <= start && end.hour() < 12 {
        end.with_hour(end.hour() + 12)?
    } else {
        end
    };
    if end <= start {
        return None;
    }
    let mut days = [false; 7];
    for w in &words[i + 1..] {
        match *w {
            "weekdays" => days[..5].fill(true),
            "weekends" => days[5..].fill(true),
            "daily" | "everyday" => days.fill(true),
            w => {
                if let Some((a, b)) = w.split_once('-')
                    && let (Some(a), Some(b)) = (weekday(a), weekday(b))
                {
                    let (a, b) = (a.num_days_from_monday(), b.num_days_from_monday());
                    for d in a..=b.max(a) {
                        days[d as usize] = true;
                    }
                } else if let Some(d) = weekday(w.trim_end_matches('s')) {
                    days[d.num_days_from_monday() as usize] = true;
                }
            }
        }
    }
    if !days.contains(&true) {
        days[..5].fill(true);
    }
    Some(Hours { start, end, days })
}

/// `7`, `07`, `7:30`, `19.30`, `7am`, `3pm`.
fn hour(s: &str) -> Option<NaiveTime> {
    let t = super::dates::parse_time(s)?;
    // A four-digit run such as a year is not an hour.
    (s.len() <= 7 && !s.bytes().all(|b| b.is_ascii_digit()) || s.len() <= 2).then_some(t)
}

fn weekday(s: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("mon", Weekday::Mon),
        ("tue", Weekday::Tue),
        ("wed", Weekday::Wed),
        ("thu", Weekday::Thu),
        ("fri", Weekday::Fri),
        ("sat", Weekday::Sat),
        ("sun", Weekday::Sun),
    ];
    DAYS.iter()
        .find(|(name, _)| s.len() >= 3 && s.starts_with(name))
        .map(|(_, d)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn working_hours_as_people_write_them() {
        let h = working_hours("works 7-3 weekdays at the depot").unwrap();
        assert_eq!((h.start, h.end), (t(7, 0), t(15, 0)));
        assert_eq!(h.days, [true, true, true, true, true, false, false]);
        let h = working_hours("Shifts 9:30-17:00 mon-sat").unwrap();
        assert_eq!((h.start, h.end), (t(9, 30), t(17, 0)));
        assert_eq!(h.days, [true, true, true, true, true, true, false]);
        let h = working_hours("nights 10pm-6am? no: 14-22 weekends").unwrap();
        assert_eq!((h.start, h.end), (t(14, 0), t(22, 0)));
        assert_eq!(h.days, [false, false, false, false, false, true, true]);
        let h = working_hours("cleaning 6-9, tues and thurs").unwrap();
        assert_eq!(h.days, [false, true, false, true, false, false, false]);
        assert_eq!(working_hours("best after 4"), None);
        assert_eq!(working_hours("moved in 2019-2021"), None);
        assert_eq!(working_hours(""), None);
    }

    #[test]
    fn a_booking_inside_working_hours_clashes() {
        let a = Availability {
            note: "works 7-3 weekdays".into(),
            flags: vec![],
        };
        let mon = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let sat = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert!(a.clash(mon.and_time(t(10, 0))).is_some());
        assert!(a.clash(mon.and_time(t(15, 30))).is_none());
        assert!(a.clash(sat.and_time(t(10, 0))).is_none());
        let evenings = Availability {
            note: String::new(),
            flags: vec![Reach::EveningsOnly, Reach::TextFirst],
        };
        assert!(evenings.clash(mon.and_time(t(16, 59))).is_some());
        assert!(evenings.clash(mon.and_time(t(17, 0))).is_none());
        assert_eq!(evenings.summary(), "evenings only · text first");
        let back = Availability::with_flag_codes("", &evenings.flag_codes());
        assert_eq!(back, evenings);
    }
}
