//! Quick dates: what a key worker types into a date field during a call, and how dates are shown.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("not a date: try today, tomorrow, +3d, +2w, +1m, mon, 23/11 or 23/11/2026")]
pub struct BadDate;

/// Parses a quick date relative to `today`. Accepts `today`, `tomorrow`, `yesterday`, `+3d`,
/// `-2w`, `+1m`, a weekday name (the next one after today), `dd/mm`, `dd/mm/yyyy` and
/// `yyyy-mm-dd`. Case and surrounding spaces do not matter.
pub fn parse_quick_date(input: &str, today: NaiveDate) -> Result<NaiveDate, BadDate> {
    let s = input.trim().to_ascii_lowercase();
    match s.as_str() {
        "today" | "now" => return Ok(today),
        "tomorrow" | "tmr" => return today.checked_add_days(Days::new(1)).ok_or(BadDate),
        "yesterday" => return today.checked_sub_days(Days::new(1)).ok_or(BadDate),
        _ => {}
    }
    if let Some(date) = offset(&s, today) {
        return date;
    }
    if let Some(day) = weekday(&s) {
        let ahead = (7 + day.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        return today
            .checked_add_days(Days::new(u64::from(ahead)))
            .ok_or(BadDate);
    }
    if let Ok(date) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
        return Ok(date);
    }
    let parts: Vec<&str> = s.split('/').collect();
    let number = |p: &str| -> Result<u32, BadDate> {
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BadDate);
        }
        p.parse().map_err(|_| BadDate)
    };
    match parts.as_slice() {
        [d, m] => NaiveDate::from_ymd_opt(today.year(), number(m)?, number(d)?).ok_or(BadDate),
        [d, m, y] if y.len() == 4 => {
            let year = i32::try_from(number(y)?).map_err(|_| BadDate)?;
            NaiveDate::from_ymd_opt(year, number(m)?, number(d)?).ok_or(BadDate)
        }
        [d, m, y] if y.len() == 2 => {
            let year = 2000 + i32::try_from(number(y)?).map_err(|_| BadDate)?;
            NaiveDate::from_ymd_opt(year, number(m)?, number(d)?).ok_or(BadDate)
        }
        _ => Err(BadDate),
    }
}

/// `+3d`, `-2w`, `+1m`: `None` when the text is not of that shape at all.
fn offset(s: &str, today: NaiveDate) -> Option<Result<NaiveDate, BadDate>> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let unit = rest.chars().last()?;
    let digits = &rest[..rest.len() - unit.len_utf8()];
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Err(BadDate));
    }
    let n: u32 = match digits.parse() {
        Ok(n) => n,
        Err(_) => return Some(Err(BadDate)),
    };
    let date = match (unit, sign) {
        ('d', 1) => today.checked_add_days(Days::new(n.into())),
        ('d', _) => today.checked_sub_days(Days::new(n.into())),
        ('w', 1) => today.checked_add_days(Days::new(u64::from(n) * 7)),
        ('w', _) => today.checked_sub_days(Days::new(u64::from(n) * 7)),
        ('m', 1) => today.checked_add_months(Months::new(n)),
        ('m', _) => today.checked_sub_months(Months::new(n)),
        _ => None,
    };
    Some(date.ok_or(BadDate))
}

fn weekday(s: &str) -> Option<Weekday> {
    const NAMES: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    if s.len() < 3 {
        return None;
    }
    NAMES
        .iter()
        .find(|(name, _)| name.starts_with(s))
        .map(|(_, day)| *day)
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("not a date and time: try fri 17:30, +1w 9:00, tomorrow 8 or 23/11 2pm")]
pub struct BadWhen;

/// A time of day as it is said on the phone: `9:05`, `09:05`, `1730`, `17`, `8`, `9am`,
/// `5pm`, `5:30pm`, `noon`. A bare hour is 24-hour (`8` is 08:00, `17` is 17:00).
pub fn parse_time(input: &str) -> Option<NaiveTime> {
    let s = input.trim().to_ascii_lowercase();
    if s == "noon" || s == "midday" {
        return NaiveTime::from_hms_opt(12, 0, 0);
    }
    let (s, half) = if let Some(rest) = s.strip_suffix("am") {
        (rest.trim_end(), Some(0))
    } else if let Some(rest) = s.strip_suffix("pm") {
        (rest.trim_end(), Some(12))
    } else {
        (s.as_str(), None)
    };
    let digits = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    let (h, m) = match s.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None if s.len() == 4 && s.is_ascii() && half.is_none() => s.split_at(2),
        None => (s, "00"),
    };
    if !digits(h) || !digits(m) {
        return None;
    }
    let (mut hour, minute): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    if let Some(add) = half {
        // 12am is midnight and 12pm is noon; 13pm is nothing.
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + add;
    }
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// A quick date with an optional time after it: `fri 17:30`, `+1w 9:00`, `tomorrow 8`,
/// `23/11 2pm`, or a date alone. A time alone is today.
pub fn parse_quick_when(
    input: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, Option<NaiveTime>), BadWhen> {
    let s = input.trim();
    if let Ok(date) = parse_quick_date(s, today) {
        return Ok((date, None));
    }
    if let Some((date, time)) = s.rsplit_once(char::is_whitespace)
        && let (Ok(date), Some(time)) = (parse_quick_date(date, today), parse_time(time))
    {
        return Ok((date, Some(time)));
    }
    // `fri 5 pm`: the time's am or pm written apart.
    let lower = s.to_ascii_lowercase();
    for half in [" am", " pm"] {
        if let Some(rest) = lower.strip_suffix(half)
            && let Some((date, hour)) = rest.trim_end().rsplit_once(char::is_whitespace)
            && let (Ok(date), Some(time)) = (
                parse_quick_date(date, today),
                parse_time(&format!("{hour}{}", half.trim())),
            )
        {
            return Ok((date, Some(time)));
        }
    }
    // A bare hour such as `8` is a time, never a date.
    parse_time(s).map(|t| (today, Some(t))).ok_or(BadWhen)
}

/// `17:30`.
pub fn hm(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

/// `Mon 23 Nov`: short enough for a table column, the way dates are said on the phone.
pub fn short(date: NaiveDate) -> String {
    // By hand rather than through a format string: lists print thousands of these.
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS[date.month0() as usize];
    format!("{:?} {} {month}", date.weekday(), date.day())
}

/// `23/11/2026`.
pub fn uk(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `today`, `yesterday`, `3d ago`, `5w ago`, `4mo ago`, `2y ago`; `in 3d` for a future date.
pub fn relative(date: NaiveDate, today: NaiveDate) -> String {
    let days = (today - date).num_days();
    match days {
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        -1 => "tomorrow".to_string(),
        d if d < 0 => format!("in {}", span(-d)),
        d => format!("{} ago", span(d)),
    }
}

/// How long, in the largest unit that reads naturally: `3d`, `5w`, `4mo`, `2y`.
pub fn span(days: i64) -> String {
    match days {
        d if d < 14 => format!("{d}d"),
        d if d < 61 => format!("{}w", d / 7),
        d if d < 730 => format!("{}mo", d / 30),
        d => format!("{}y", d / 365),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // A Monday.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }
    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }
    fn parse(s: &str) -> Result<NaiveDate, BadDate> {
        parse_quick_date(s, today())
    }

    #[test]
    fn words() {
        assert_eq!(parse("today"), Ok(today()));
        assert_eq!(parse(" Tomorrow "), Ok(ymd(2026, 11, 24)));
        assert_eq!(parse("yesterday"), Ok(ymd(2026, 11, 22)));
    }

    #[test]
    fn offsets_in_days_weeks_and_months() {
        assert_eq!(parse("+3d"), Ok(ymd(2026, 11, 26)));
        assert_eq!(parse("+2w"), Ok(ymd(2026, 12, 7)));
        assert_eq!(parse("+1m"), Ok(ymd(2026, 12, 23)));
        assert_eq!(parse("-1m"), Ok(ymd(2026, 10, 23)));
        assert_eq!(parse("+0d"), Ok(today()));
        assert_eq!(parse("+3x"), Err(BadDate));
        assert_eq!(parse("+d"), Err(BadDate));
        assert_eq!(parse("+"), Err(BadDate));
    }

    #[test]
    fn month_end_offsets_clamp_to_the_last_day() {
        let jan31 = ymd(2027, 1, 31);
        assert_eq!(parse_quick_date("+1m", jan31), Ok(ymd(2027, 2, 28)));
    }

    #[test]
    fn weekday_is_the_next_one_never_today() {
        assert_eq!(parse("mon"), Ok(ymd(2026, 11, 30)));
        assert_eq!(parse("tue"), Ok(ymd(2026, 11, 24)));
        assert_eq!(parse("sun"), Ok(ymd(2026, 11, 29)));
        assert_eq!(parse("Friday"), Ok(ymd(2026, 11, 27)));
        assert_eq!(parse("we"), Err(BadDate));
    }

    #[test]
    fn uk_day_month_forms() {
        assert_eq!(parse("5/12"), Ok(ymd(2026, 12, 5)));
        assert_eq!(parse("05/12/2027"), Ok(ymd(2027, 12, 5)));
        assert_eq!(parse("05/12/27"), Ok(ymd(2027, 12, 5)));
        assert_eq!(parse("31/02"), Err(BadDate));
        assert_eq!(parse("12/13/2026"), Err(BadDate));
        assert_eq!(parse("1/2/3/4"), Err(BadDate));
    }

    #[test]
    fn iso_form() {
        assert_eq!(parse("2027-01-04"), Ok(ymd(2027, 1, 4)));
        assert_eq!(parse("2027-13-04"), Err(BadDate));
    }

    #[test]
    fn nonsense_is_refused() {
        for s in ["", "soon", "next week", "32/1", "-", "+99999d", "ab/cd"] {
            assert_eq!(parse(s), Err(BadDate), "{s:?}");
        }
    }

    #[test]
    fn display_forms() {
        assert_eq!(short(today()), "Mon 23 Nov");
        assert_eq!(uk(ymd(2026, 3, 4)), "04/03/2026");
    }

    #[test]
    fn relative_ages() {
        assert_eq!(relative(today(), today()), "today");
        assert_eq!(relative(ymd(2026, 11, 22), today()), "yesterday");
        assert_eq!(relative(ymd(2026, 11, 20), today()), "3d ago");
        assert_eq!(relative(ymd(2026, 10, 19), today()), "5w ago");
        assert_eq!(relative(ymd(2026, 6, 1), today()), "5mo ago");
        assert_eq!(relative(ymd(2023, 6, 1), today()), "3y ago");
        assert_eq!(relative(ymd(2026, 11, 26), today()), "in 3d");
    }

    fn hm_of(h: u32, m: u32) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(h, m, 0)
    }

    #[test]
    fn times_as_said() {
        assert_eq!(parse_time("09:05"), hm_of(9, 5));
        assert_eq!(parse_time("9:05"), hm_of(9, 5));
        assert_eq!(parse_time("9.05"), hm_of(9, 5));
        assert_eq!(parse_time("1730"), hm_of(17, 30));
        assert_eq!(parse_time("8"), hm_of(8, 0));
        assert_eq!(parse_time("17"), hm_of(17, 0));
        assert_eq!(parse_time("9am"), hm_of(9, 0));
        assert_eq!(parse_time("5pm"), hm_of(17, 0));
        assert_eq!(parse_time("5:30 PM"), hm_of(17, 30));
        assert_eq!(parse_time("12am"), hm_of(0, 0));
        assert_eq!(parse_time("12pm"), hm_of(12, 0));
        assert_eq!(parse_time("noon"), hm_of(12, 0));
        for bad in [
            "25:61",
            "9:5",
            "24",
            "13pm",
            "0am",
            "",
            "half nine",
            "123",
            "12345",
            "-1",
        ] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dates_with_times() {
        let when = |s: &str| parse_quick_when(s, today());
        assert_eq!(when("fri 17:30"), Ok((ymd(2026, 11, 27), hm_of(17, 30))));
        assert_eq!(when("+1w 9:00"), Ok((ymd(2026, 11, 30), hm_of(9, 0))));
        assert_eq!(when("tomorrow 8"), Ok((ymd(2026, 11, 24), hm_of(8, 0))));
        assert_eq!(when("23/11 2pm"), Ok((ymd(2026, 11, 23), hm_of(14, 0))));
        assert_eq!(when("fri 5 pm"), Ok((ymd(2026, 11, 27), hm_of(17, 0))));
        assert_eq!(
            when("2027-01-04 1730"),
            Ok((ymd(2027, 1, 4), hm_of(17, 30)))
        );
        assert_eq!(when(" mon "), Ok((ymd(2026, 11, 30), None)));
        assert_eq!(when("14:30"), Ok((today(), hm_of(14, 30))));
        assert_eq!(
            when("8"),
            Ok((today(), hm_of(8, 0))),
            "a bare hour is a time"
        );
        for bad in [
            "",
            "fri 25:00",
            "soon 9:00",
            "fri at 9",
            "9:00 fri",
            "fri 9 9",
        ] {
            assert_eq!(when(bad), Err(BadWhen), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn no_when_panics(s in "\\PC{0,24}") {
            let _ = parse_quick_when(&s, today());
            let _ = parse_quick_when(&s, NaiveDate::MAX);
            let _ = parse_time(&s);
        }

        #[test]
        fn every_time_of_day_reads_back(h in 0u32..24, m in 0u32..60, date in "(today|tomorrow|fri|\\+[0-9]{1,3}[dwm]|(0[1-9]|1[0-9]|2[0-8])/1[0-2])") {
            let t = NaiveTime::from_hms_opt(h, m, 0).unwrap();
            let typed = format!("{date} {}", hm(t));
            let (day, time) = parse_quick_when(&typed, today()).unwrap();
            prop_assert_eq!(time, Some(t));
            prop_assert_eq!(Ok(day), parse_quick_date(&date, today()));
        }

        #[test]
        fn no_input_panics(s in "\\PC{0,24}") {
            let _ = parse_quick_date(&s, today());
        }

        #[test]
        fn no_shaped_input_panics(sign in "[+-]?", n in "[0-9]{0,12}", unit in "[dwmy/]?", tail in "[0-9/]{0,8}") {
            let s = format!("{sign}{n}{unit}{tail}");
            let _ = parse_quick_date(&s, today());
            let _ = parse_quick_date(&s, NaiveDate::MAX);
            let _ = parse_quick_date(&s, NaiveDate::MIN);
        }
    }
}
