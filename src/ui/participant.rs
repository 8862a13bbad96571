//! The participant screen: who they are, how to reach them, where they are on the pathway and
//! what stands in their way.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::widgets::{Theme, field, fit, wrapped};
use crate::app::{Model, ParticipantScreen};
use crate::domain::Choice;
use crate::domain::dates::{span, uk};
use crate::domain::plan::{BarrierStatus, Consent};
use crate::domain::reminder::ReminderKey;
use crate::strings;

const LABEL: usize = 15;

pub fn title(p: &ParticipantScreen) -> String {
    let d = &p.participant.details;
    if d.preferred_name.is_empty() {
        d.name.clone()
    } else {
        format!("{} ({})", d.name, d.preferred_name)
    }
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, p: &ParticipantScreen) {
    let area = area.inner(Margin::new(1, 0));
    let two_columns = area.width >= 70;
    let [left_area, right_area] = if two_columns {
        Layout::horizontal([Constraint::Length(area.width / 2), Constraint::Min(0)])
            .spacing(2)
            .areas(area)
    } else {
        [area, Rect::default()]
    };
    let mut left = details(model, p, usize::from(left_area.width));
    let history_width = if two_columns {
        right_area.width
    } else {
        area.width
    };
    let contacts = contact_history(model, p, usize::from(history_width));
    let right = barriers_and_history(model, p);
    if two_columns {
        // Contact lines are cut, never wrapped, so each stays one line.
        let [top, rest] = Layout::vertical([
            Constraint::Length(contacts.len() as u16),
            Constraint::Min(0),
        ])
        .areas(right_area);
        frame.render_widget(Paragraph::new(contacts), top);
        frame.render_widget(Paragraph::new(right).wrap(Wrap { trim: false }), rest);
    } else {
        left.push(Line::raw(""));
        left.extend(contacts);
        left.extend(right);
    }
    frame.render_widget(Paragraph::new(left).wrap(Wrap { trim: false }), left_area);
}

fn details<'a>(model: &Model, p: &'a ParticipantScreen, width: usize) -> Vec<Line<'a>> {
    let theme = Theme::of(model);
    let d = &p.participant.details;
    let value_w = width.saturating_sub(LABEL + 1);
    let show = |s: &str| -> String {
        if s.is_empty() {
            strings::NOT_GIVEN.to_string()
        } else {
            fit(s, value_w)
        }
    };
    let since = p.participant.stage_since;
    let days = (model.today - since).num_days().max(0);
    let mut lines = risk_lines(theme, p, width);
    let at = lines.len();
    lines.extend([
        Line::styled(strings::CONTACT_DETAILS, theme.title()),
        field(theme, "Phone", show(&d.phone), LABEL),
        field(theme, "Email", show(&d.email), LABEL),
        field(theme, "Postcode", show(&d.postcode), LABEL),
        field(theme, "Preferred name", show(&d.preferred_name), LABEL),
        Line::raw(""),
        Line::styled(strings::PATHWAY, theme.title()),
        field(theme, "Stage", d.stage.label(), LABEL),
        field(
            theme,
            "Since",
            format!("{} ({})", uk(since), span(days)),
            LABEL,
        ),
        field(
            theme,
            "Referral route",
            show(d.referral_route.label()),
            LABEL,
        ),
        field(
            theme,
            "Referral date",
            d.referral_date
                .map_or_else(|| strings::NOT_GIVEN.into(), uk),
            LABEL,
        ),
        field(theme, "Key worker", show(&d.key_worker), LABEL),
    ]);
    if let Some(e) = &p.exit {
        lines.insert(
            at + 8,
            field(theme, "Exit reason", show(e.reason.label()), LABEL),
        );
    }
    if let Some(plan) = p.plan.as_ref().map(|s| &s.plan).filter(|p| p.has_job()) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::JOB, theme.title()));
        lines.push(field(theme, "Employer", show(&plan.employer), LABEL));
        lines.push(field(theme, "Job title", show(&plan.job_title), LABEL));
        // Some participants do not want their employer to know they have support.
        match (plan.consent(), &p.employer) {
            (Consent::No, _) => {
                lines.push(Line::styled(fit(strings::CONSENT_NO, width), theme.error()))
            }
            (consent, Some(e)) => {
                lines.push(field(theme, "May contact", consent.label(), LABEL));
                if !e.contact_name.is_empty() {
                    lines.push(field(theme, "Contact", show(&e.contact_name), LABEL));
                }
                if !e.phone.is_empty() {
                    lines.push(field(theme, "Employer phone", show(&e.phone), LABEL));
                }
            }
            (consent, None) => lines.push(field(theme, "May contact", consent.label(), LABEL)),
        }
    }
    lines
}

/// The person's risk flags in words, each with its note and review date, above everything.
pub fn risk_lines(theme: Theme, p: &ParticipantScreen, width: usize) -> Vec<Line<'static>> {
    let Some(head) = crate::domain::team::flags_line(&p.flags) else {
        return Vec::new();
    };
    let mut lines = vec![Line::styled(fit(&head, width), theme.error())];
    for f in &p.flags {
        let text = format!("  {}: {} (review {})", f.kind.short(), f.note, uk(f.review));
        lines.extend(wrapped(&text, width, 4).into_iter().map(Line::raw));
    }
    lines.push(Line::raw(""));
    lines
}

/// How many contacts the history shows at once.
const CONTACT_LINES: usize = 8;

fn contact_history(model: &Model, p: &ParticipantScreen, width: usize) -> Vec<Line<'static>> {
    let theme = Theme::of(model);
    let mut lines = vec![Line::styled(
        format!("{} ({})", strings::CONTACTS, p.contacts.len()),
        theme.title(),
    )];
    if p.contacts.is_empty() {
        lines.push(Line::styled(strings::NO_CONTACTS, theme.dim()));
    }
    let first = (p.cursor + 1).saturating_sub(CONTACT_LINES);
    for (i, c) in p
        .contacts
        .iter()
        .enumerate()
        .skip(first)
        .take(CONTACT_LINES)
    {
        lines.push(super::contact::contact_line(theme, c, width, i == p.cursor));
    }
    lines.push(Line::raw(""));
    lines
}

fn barriers_and_history<'a>(model: &Model, p: &'a ParticipantScreen) -> Vec<Line<'a>> {
    let theme = Theme::of(model);
    let mut lines = vec![Line::styled(strings::BARRIERS, theme.title())];
    if p.participant.barriers.is_empty() {
        lines.push(Line::styled(strings::NO_BARRIERS, theme.dim()));
    }
    for b in &p.participant.barriers {
        let status = match b.status {
            BarrierStatus::Barrier => String::new(),
            s => format!(" ({})", s.label().to_lowercase()),
        };
        lines.push(Line::from(vec![
            Span::raw(b.kind.label()),
            Span::styled(status, theme.ok()),
            Span::styled(format!("  {}", uk(b.assessed)), theme.dim()),
        ]));
        if !b.note.is_empty() {
            lines.push(Line::styled(format!("  {}", b.note), theme.label()));
        }
    }
    if !p.referrals.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::REFERRALS, theme.title()));
        for r in p.referrals.iter().take(4) {
            let style = if r.status.is_open() {
                ratatui::style::Style::new()
            } else {
                theme.dim()
            };
            lines.push(Line::from(vec![
                Span::styled(r.partner.clone(), style),
                Span::styled(format!("  {}", r.state()), theme.dim()),
            ]));
        }
    }
    if !p.snoozes.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::SNOOZED, theme.title()));
        for s in p.snoozes.iter().take(3) {
            let what = s
                .reminder
                .parse::<ReminderKey>()
                .map_or(strings::REMINDER_WORD, |k| strings::reminder_word(k.kind()));
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", s.at.format("%d/%m")), theme.dim()),
                Span::raw(format!("{what} to {}: {}", uk(s.until), s.reason)),
                Span::styled(format!(" ({})", s.by), theme.dim()),
            ]));
        }
    }
    if !p.concerns.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::SAFEGUARDING, theme.title()));
        for c in p.concerns.iter().take(3) {
            let (text, style) = match &c.decision {
                None => (strings::AWAITING_DECISION.to_string(), theme.error()),
                Some(d) => (strings::decided(d, c.decided_by.as_deref()), theme.dim()),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", c.details.on.format("%d/%m")), theme.dim()),
                Span::raw(format!("{}: ", c.details.category.label())),
                Span::styled(text, style),
            ]));
        }
    }
    // Stage changes and handovers in one history, newest first: who held the case, and
    // where it was on the pathway, when.
    lines.push(Line::raw(""));
    lines.push(Line::styled(strings::STAGE_HISTORY, theme.title()));
    let mut history: Vec<(chrono::DateTime<chrono::FixedOffset>, Line)> = p
        .history
        .iter()
        .map(|h| {
            let from = h
                .from
                .map(|s| format!("{} → ", s.label()))
                .unwrap_or_default();
            (
                h.at,
                Line::from(vec![
                    Span::styled(format!("{} ", h.at.format("%d/%m/%Y")), theme.dim()),
                    Span::raw(format!("{from}{}", h.to.label())),
                    Span::styled(format!(" ({})", h.by), theme.dim()),
                ]),
            )
        })
        .collect();
    history.extend(p.handovers.iter().map(|h| {
        (
            h.at,
            Line::from(vec![
                Span::styled(format!("{} ", h.at.format("%d/%m/%Y")), theme.dim()),
                Span::raw(strings::handover_line(&h.from, &h.to, &h.note)),
                Span::styled(format!(" ({})", h.by), theme.dim()),
            ]),
        )
    }));
    // Oldest last; on the same moment, the later written (a handover after a stage) first.
    history.reverse();
    history.sort_by_key(|h| std::cmp::Reverse(h.0));
    lines.extend(history.into_iter().take(6).map(|(_, l)| l));
    lines
}
