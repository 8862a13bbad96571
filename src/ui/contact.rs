//! The contact form with its call timer and the last few contacts, and a saved contact read
//! in full.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::fields::draw_form;
use super::widgets::{Theme, field, fit};
use crate::app::Model;
use crate::app::contact::{ContactEditor, ContactView};
use crate::domain::Choice;
use crate::domain::contact::{Contact, Outcome};
use crate::domain::dates::short;
use crate::strings;

pub fn title(c: &ContactEditor) -> String {
    let what = if c.amends.is_some() {
        "Amend contact"
    } else {
        strings::LOG_CONTACT
    };
    format!("{what} · {}", c.name)
}

pub fn view_title(v: &ContactView) -> String {
    format!("{} · {}", strings::CONTACT_TITLE, v.name)
}

/// One line of a contact history: when, how, what happened, how long, the first line of notes.
pub fn contact_line(theme: Theme, c: &Contact, width: usize, selected: bool) -> Line<'static> {
    let d = &c.details;
    let minutes = d
        .duration_minutes
        .map(|m| format!("{m}m"))
        .unwrap_or_default();
    let outcome_style = if d.outcome == Outcome::Completed {
        theme.ok()
    } else {
        theme.error()
    };
    let amended = if c.amends.is_some() {
        format!(" ({})", strings::AMENDED)
    } else {
        String::new()
    };
    // Narrow columns drop the time and shorten the channel.
    let head = if width >= 60 {
        format!(
            "{} {} ",
            d.at.format("%d/%m %H:%M"),
            fit(d.channel.label(), 12)
        )
    } else {
        format!("{} {} ", d.at.format("%d/%m"), fit(d.channel.label(), 7))
    };
    let outcome = format!("{} ", d.outcome.label());
    let used = head.chars().count() + outcome.chars().count() + minutes.len() + amended.len() + 2;
    let notes = fit(c.summary(), width.saturating_sub(used));
    let base = if selected {
        theme.selected()
    } else {
        ratatui::style::Style::new()
    };
    Line::from(vec![
        Span::styled(head, base.patch(theme.dim())),
        Span::styled(outcome, base.patch(outcome_style)),
        Span::styled(format!("{minutes} "), base),
        Span::styled(notes, base),
        Span::styled(amended, base.patch(theme.dim())),
    ])
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, c: &ContactEditor) {
    let theme = Theme::of(model);
    let area = area.inner(Margin::new(1, 0));
    // The last few contacts go under the form when there is room for them.
    let recent = if area.height >= 21 && !c.recent.is_empty() {
        c.recent.len() as u16 + 1
    } else {
        0
    };
    let [form_area, recent_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(recent)]).areas(area);
    draw_form(frame, form_area, theme, &c.form);
    let secs = c.elapsed.as_secs();
    // A risk flag takes the place of the hint, in words.
    let hint = match &c.flags {
        Some(flags) => {
            frame.render_widget(
                Paragraph::new(Span::styled(flags.as_str(), theme.error())),
                Rect {
                    height: 1,
                    width: form_area.width.saturating_sub(9),
                    ..form_area
                },
            );
            Span::raw("")
        }
        None => Span::styled(strings::QUICK_OUTCOMES, theme.dim()),
    };
    let timer = Line::from(vec![
        hint,
        Span::styled(
            format!("  ⏱ {:02}:{:02}", secs / 60, secs % 60),
            theme.key(),
        ),
    ]);
    frame.render_widget(
        Paragraph::new(timer).alignment(Alignment::Right),
        Rect {
            height: 1,
            ..form_area
        },
    );
    if recent > 0 {
        let mut lines = vec![Line::styled(strings::RECENT_CONTACTS, theme.title())];
        lines.extend(
            c.recent
                .iter()
                .map(|r| contact_line(theme, r, usize::from(area.width), false)),
        );
        frame.render_widget(Paragraph::new(lines), recent_area);
    }
}

pub fn draw_view(frame: &mut Frame, area: Rect, model: &Model, v: &ContactView) {
    let theme = Theme::of(model);
    let area = area.inner(Margin::new(1, 0));
    const LABEL: usize = 22;
    let d = &v.contact.details;
    let mut lines = vec![
        field(
            theme,
            "When",
            d.at.format("%a %-d %b %Y %H:%M").to_string(),
            LABEL,
        ),
        field(theme, "Channel", d.channel.label(), LABEL),
        field(theme, "With", d.with.label(), LABEL),
        field(theme, "Outcome", d.outcome.label(), LABEL),
        field(
            theme,
            "Minutes",
            d.duration_minutes
                .map(|m| m.to_string())
                .unwrap_or_else(|| strings::NOT_GIVEN.into()),
            LABEL,
        ),
        field(
            theme,
            "Next contact",
            d.next_contact
                .map(short)
                .unwrap_or_else(|| strings::NOT_GIVEN.into()),
            LABEL,
        ),
        field(
            theme,
            "Logged",
            format!(
                "{} by {}",
                v.contact.recorded_at.format("%d/%m/%Y %H:%M"),
                v.contact.by
            ),
            LABEL,
        ),
    ];
    if let Some(w) = &d.in_work {
        lines.push(field(
            theme,
            "How's the role going",
            w.role_going.clone(),
            LABEL,
        ));
        lines.push(field(
            theme,
            "Changes: hours, place",
            w.changes.clone(),
            LABEL,
        ));
        lines.push(field(
            theme,
            "Needs to stay in work",
            w.needs.clone(),
            LABEL,
        ));
    }
    lines.push(Line::raw(""));
    lines.extend(d.notes.lines().map(|l| Line::raw(l.to_string())));
    if !v.versions.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::EARLIER_VERSIONS, theme.title()));
        for old in &v.versions {
            lines.push(Line::styled(
                format!(
                    "{} by {}: {} · {}",
                    old.recorded_at.format("%d/%m/%Y %H:%M"),
                    old.by,
                    old.details.outcome.label(),
                    old.details.notes.replace('\n', " ")
                ),
                theme.dim(),
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
