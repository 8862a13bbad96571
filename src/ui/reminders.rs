//! The reminders pane: grouped as Overdue, Today, Next 7 days and Later; one line each.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::fields::draw_form;
use super::widgets::{Theme, fit, scrolled};
use crate::app::Model;
use crate::app::reminders::{Prompt, RemindersScreen};
use crate::domain::dates::{short, span};
use crate::domain::reminder::{Group, Reminder};
use crate::strings;

pub fn title(r: &RemindersScreen, model: &Model) -> String {
    let overdue = r.list.iter().filter(|x| x.due < model.today).count();
    let today = r.list.iter().filter(|x| x.due == model.today).count();
    let scope = if r.team {
        strings::TEAM
    } else {
        strings::MY_CASELOAD
    };
    format!(
        "{} · {scope} · {overdue} overdue, {today} today",
        strings::REMINDERS
    )
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, r: &RemindersScreen) {
    let theme = Theme::of(model);
    let area = area.inner(Margin::new(1, 0));
    let width = usize::from(area.width);
    if r.list.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(strings::NOTHING_DUE, theme.dim())),
            area,
        );
    }
    let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
    let mut group = None;
    for (i, rem) in r.list.iter().enumerate() {
        let g = Group::of(rem, model.today);
        if group != Some(g) {
            lines.push((None, Line::styled(g.label(), theme.title())));
            group = Some(g);
        }
        let late = match rem.overdue_days(model.today) {
            0 => String::new(),
            n => format!("{} late", span(n)),
        };
        let snoozed = if rem.snoozed_until.is_some() {
            " (snoozed)"
        } else {
            ""
        };
        let what_w = width.saturating_sub(2 + 11 + 21 + 10);
        let selected = i == r.cursor;
        let base = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let late_style = if g == Group::Overdue {
            base.patch(theme.error())
        } else {
            base
        };
        lines.push((
            Some(i),
            Line::from(vec![
                Span::styled(if selected { "› " } else { "  " }, theme.key()),
                Span::styled(format!("{:<11}", short(rem.due)), base.patch(theme.dim())),
                Span::styled(format!("{:<21}", fit(&rem.participant, 20)), base),
                Span::styled(format!("{:<what_w$}", what(rem, snoozed, what_w)), base),
                Span::styled(format!("{late:>10}"), late_style),
            ]),
        ));
    }
    let visible = scrolled(lines, r.cursor, usize::from(area.height), 0);
    frame.render_widget(Paragraph::new(visible), area);

    if let Some((prompt, form)) = &r.prompt {
        let title = match prompt {
            Prompt::Snooze(x) => format!(" Snooze · {}: {} ", x.participant, x.title),
            Prompt::Move(x, _) => format!(" Move · {}: {} ", x.participant, x.title),
            Prompt::Evidence(x) => format!(" Done · {}: {} ", x.participant, x.title),
            Prompt::Review(x) => format!(" Review held · {} ", x.participant),
            Prompt::New { name, .. } => format!(" New reminder · {name} "),
        };
        let [popup] = Layout::horizontal([Constraint::Percentage(90)])
            .flex(Flex::Center)
            .areas(area);
        let [popup] = Layout::vertical([Constraint::Length(form.fields.len() as u16 + 3)])
            .flex(Flex::Center)
            .areas(popup);
        frame.render_widget(Clear, popup);
        let block = Block::bordered().title(Span::styled(
            fit(&title, usize::from(popup.width) - 2),
            theme.title(),
        ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        draw_form(frame, inner, theme, form);
    }
}

/// The title with its asides, cut to `width`. A covered colleague's mark stays whole at the
/// end: whose caseload it is matters more than the last words of the title.
fn what(rem: &Reminder, snoozed: &str, width: usize) -> String {
    let full = format!("{}{snoozed}{}", rem.title, aside(&rem.note));
    let Some(mark) = rem.cover_for.as_deref().map(|w| strings::cover_for("", w)) else {
        return fit(&full, width);
    };
    let own = rem.title.strip_suffix(mark.as_str()).unwrap_or(&rem.title);
    if full.width() <= width || mark.width() >= width {
        return fit(&full, width);
    }
    let rest = format!("{own}{snoozed}{}", aside(&rem.note));
    format!("{}{mark}", fit(&rest, width - mark.width()))
}

/// How the person can be reached, after a contact or appointment's title.
fn aside(note: &str) -> String {
    if note.is_empty() {
        String::new()
    } else {
        format!(" · {note}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reminder::ReminderKind;

    fn reminder(title: &str, cover_for: Option<&str>) -> Reminder {
        let title = match cover_for {
            Some(w) => strings::cover_for(title, w),
            None => title.to_string(),
        };
        Reminder {
            participant_id: 1,
            participant: "Finlay Taylor".into(),
            due: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default(),
            kind: ReminderKind::ContactDue,
            key: "contact:2026-11-27".into(),
            title,
            snoozed_until: None,
            time: None,
            note: String::new(),
            cover_for: cover_for.map(str::to_string),
        }
    }

    #[test]
    fn a_covered_colleagues_mark_stays_whole_when_the_title_is_cut() {
        let covered = reminder("first contact due", Some("tom.h"));
        assert_eq!(
            what(&covered, "", 40),
            "first contact due (cover for tom.h)"
        );
        assert_eq!(what(&covered, "", 34), "first contact d… (cover for tom.h)");
        assert_eq!(what(&covered, "", 34).width(), 34);
        // Too narrow even for the mark: cut like any other.
        assert_eq!(what(&covered, "", 10), "first con…");
        let own = reminder("first contact due and a long tail", None);
        assert_eq!(what(&own, "", 20), "first contact due a…");
    }
}
