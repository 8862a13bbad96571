//! The pre-call brief: who, how to reach them, where they are, the job, the last three
//! contacts, open actions, what is due and why, and the in-work questions; one screen.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::widgets::{Theme, field, fit};
use crate::app::Model;
use crate::app::brief::Brief;
use crate::domain::Choice;
use crate::domain::contact::in_work;
use crate::domain::dates::{short, span, uk};
use crate::domain::plan::Consent;
use crate::strings;

const LABEL: usize = 12;

pub fn title(b: &Brief) -> String {
    format!("Before the call · {}", super::participant::title(&b.person))
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, b: &Brief) {
    let theme = Theme::of(model);
    let area = area.inner(Margin::new(1, 0));
    let w = usize::from(area.width);
    let vw = w.saturating_sub(LABEL + 1);
    let p = &b.person;
    let d = &p.participant.details;
    let days = (model.today - p.participant.stage_since).num_days().max(0);
    // Risk first, then the word from the last key worker, before anything else.
    let mut lines = super::participant::risk_lines(theme, p, w);
    if let Some(h) = &p.fresh_handover {
        lines.push(Line::styled(
            fit(&strings::handed_over_by(&h.from, &h.note), w),
            theme.title(),
        ));
    }
    lines.push(field(
        theme,
        "Phone",
        if d.phone.is_empty() {
            strings::NOT_GIVEN.to_string()
        } else {
            d.phone.clone()
        },
        LABEL,
    ));
    // When and how they can be reached, before the call is made.
    if !d.availability.is_empty() {
        lines.push(field(theme, "Reach", d.availability.summary(), LABEL));
    }
    lines.extend([field(
        theme,
        "Stage",
        format!(
            "{} for {} (since {})",
            d.stage.label(),
            span(days),
            uk(p.participant.stage_since)
        ),
        LABEL,
    )]);
    if let Some(plan) = p.plan.as_ref().map(|s| &s.plan).filter(|x| x.has_job()) {
        let consent = match plan.consent() {
            Consent::No => Span::styled(" · employer contact: NO", theme.error()),
            c => Span::raw(format!(" · employer contact: {}", c.label().to_lowercase())),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{:<LABEL$} ", "Job"), theme.label()),
            Span::raw(fit(
                &format!("{} · {}", plan.job_title, plan.employer),
                vw.saturating_sub(30),
            )),
            consent,
        ]));
    }
    lines.push(Line::styled("Due now", theme.title()));
    if b.due.is_empty() {
        lines.push(Line::styled("  nothing this week", theme.dim()));
    }
    for r in b.due.iter().take(4) {
        let late = r.overdue_days(model.today);
        let when = if late > 0 {
            format!("{} late", span(late))
        } else {
            short(r.due)
        };
        lines.push(Line::raw(fit(&format!("  {when:<11} {}", r.title), w)));
    }
    lines.push(Line::styled("Last contacts", theme.title()));
    if p.contacts.is_empty() {
        lines.push(Line::styled(
            format!("  {}", strings::NO_CONTACTS),
            theme.dim(),
        ));
    }
    for c in p.contacts.iter().take(3) {
        lines.push(super::contact::contact_line(theme, c, w, false));
    }
    lines.push(Line::styled(
        format!("Open actions ({})", b.actions.len()),
        theme.title(),
    ));
    for a in b.actions.iter().take(4) {
        let due = a.details.due.map(short).unwrap_or_default();
        let mark = if a.is_overdue(model.today) {
            "! "
        } else {
            "  "
        };
        lines.push(Line::raw(fit(
            &format!(
                "{mark}{} · {} {due}",
                a.details.text,
                a.details.owner.label()
            ),
            w,
        )));
    }
    let open: Vec<_> = p.referrals.iter().filter(|r| r.status.is_open()).collect();
    if !open.is_empty() {
        lines.push(Line::styled(
            format!("{} ({} open)", strings::REFERRALS, open.len()),
            theme.title(),
        ));
        for r in open.iter().take(3) {
            let state = r.state();
            let name_w = w.saturating_sub(state.chars().count() + 5);
            lines.push(Line::raw(format!(
                "  {} · {state}",
                fit(&r.partner, name_w)
            )));
        }
    }
    if in_work(d.stage) {
        lines.push(Line::styled("Ask", theme.title()));
        lines.push(Line::raw(
            "  How is the role going? Any changes to hours, place or contract?",
        ));
        lines.push(Line::raw("  Anything else needed to stay in work?"));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
