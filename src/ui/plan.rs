//! The plan pane: job, keeping in touch, support agreed and goals at the top; open actions
//! and barriers below, each selectable; the plan history over it on `h`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::widgets::{Theme, field, fit, scrolled};
use crate::app::Model;
use crate::app::plan::{Item, PlanScreen, trail};
use crate::domain::Choice;
use crate::domain::dates::{short, span, uk};
use crate::domain::plan::{ActionStatus, Consent, hours};
use crate::domain::referral::FollowUp;
use crate::strings;

const LABEL: usize = 15;

pub fn title(p: &PlanScreen) -> String {
    format!("{} · {}", strings::PLAN, p.participant.details.name)
}

fn join<T: Choice>(items: &[T], other: &str) -> String {
    let mut parts: Vec<String> = items
        .iter()
        .filter(|i| i.code() != "other")
        .map(|i| i.label().to_string())
        .collect();
    if !other.is_empty() {
        parts.push(other.to_string());
    } else if items.iter().any(|i| i.code() == "other") {
        parts.push("Other".to_string());
    }
    parts.join(", ")
}

fn summary<'a>(model: &Model, p: &'a PlanScreen, width: usize) -> Vec<Line<'a>> {
    let theme = Theme::of(model);
    let w = width.saturating_sub(LABEL + 1);
    let d = &p.participant.details;
    let since = p.participant.stage_since;
    let days = (model.today - since).num_days().max(0);
    let mut lines: Vec<Line> = crate::domain::team::flags_line(&p.flags)
        .map(|f| Line::styled(fit(&f, width), theme.error()))
        .into_iter()
        .collect();
    lines.push(field(
        theme,
        "Stage",
        format!("{} since {} ({})", d.stage.label(), uk(since), span(days)),
        LABEL,
    ));
    let Some(stored) = &p.plan else {
        lines.push(Line::styled(strings::NO_PLAN, theme.dim()));
        return lines;
    };
    let plan = &stored.plan;
    if plan.has_job() {
        let job = [plan.job_title.as_str(), plan.employer.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        lines.push(field(theme, "Job", fit(&job, w), LABEL));
        let mut terms = Vec::new();
        if let Some(h) = plan.hours_per_week {
            terms.push(format!("{} h a week", hours(h)));
        }
        if let Some(c) = plan.contract_type {
            terms.push(c.label().to_string());
        }
        if let Some(s) = plan.job_start {
            let word = if s <= model.today {
                "started"
            } else {
                "starts"
            };
            terms.push(format!("{word} {} {}", short(s), s.format("%Y")));
        }
        lines.push(field(theme, "", fit(&terms.join(" · "), w), LABEL));
        let consent = plan.consent();
        let contact = match (&p.employer, consent) {
            (_, Consent::No) => Span::styled(strings::CONSENT_NO, theme.error()),
            (Some(e), _) => {
                let who = [e.contact_name.as_str(), e.phone.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                let text = if who.is_empty() {
                    format!("may contact: {}", consent.label())
                } else {
                    format!("may contact: {} · {who}", consent.label())
                };
                Span::raw(fit(&text, w))
            }
            (None, _) => Span::raw(format!("may contact: {}", consent.label())),
        };
        lines.push(field(theme, "Employer", contact, LABEL));
    } else {
        lines.push(field(
            theme,
            "Job",
            Span::styled(strings::NO_JOB, theme.dim()),
            LABEL,
        ));
    }
    let channel = match plan.contact_channel {
        Some(c) if c.code() == "other" && !plan.contact_channel_other.is_empty() => {
            plan.contact_channel_other.clone()
        }
        Some(c) => c.label().to_string(),
        None => strings::NOT_GIVEN.to_string(),
    };
    let often = plan
        .contact_frequency
        .map(|f| format!(", {}", f.label()))
        .unwrap_or_default();
    lines.push(field(
        theme,
        "Keep in touch",
        format!("{channel}{often}"),
        LABEL,
    ));
    let rows: [(&str, String); 4] = [
        (
            "Practical help",
            join(&plan.practical_help, &plan.practical_help_other),
        ),
        ("Support agreed", plan.support_agreed.replace('\n', "; ")),
        ("Other support", plan.other_support.replace('\n', "; ")),
        (
            "Goals",
            join(&plan.long_term_goals, &plan.long_term_goals_other),
        ),
    ];
    for (label, value) in rows {
        if !value.is_empty() {
            lines.push(field(theme, label, fit(&value, w), LABEL));
        }
    }
    lines
}

fn item_line<'a>(
    model: &Model,
    p: &'a PlanScreen,
    item: Item,
    selected: bool,
    width: usize,
) -> Line<'a> {
    let theme = Theme::of(model);
    let marker = if selected { "›" } else { " " };
    let base = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    match item {
        Item::Action(i) => {
            let a = &p.actions[i];
            let overdue = a.is_overdue(model.today);
            let state = match (a.details.status, a.details.due) {
                (ActionStatus::Open, Some(d)) if overdue => {
                    format!("{} late", span((model.today - d).num_days()))
                }
                (ActionStatus::Open, _) => String::new(),
                (s, _) => s.label().to_lowercase(),
            };
            let due = a.details.due.map(short).unwrap_or_default();
            let text_w = width.saturating_sub(2 + 2 + 12 + 11 + 9);
            let style = match a.details.status {
                ActionStatus::Open if overdue => base.patch(theme.error()),
                ActionStatus::Open => base,
                _ => base.patch(theme.dim()),
            };
            Line::from(vec![
                Span::styled(marker, theme.key()),
                Span::styled(if overdue { "! " } else { "  " }, style),
                Span::styled(format!("{:<text_w$} ", fit(&a.details.text, text_w)), style),
                Span::styled(format!("{:<11} ", a.details.owner.label()), style),
                Span::styled(format!("{due:<10} "), style),
                Span::styled(format!("{state:<8}"), style),
            ])
        }
        Item::Referral(i) => {
            let r = &p.referrals[i];
            let chase = model.profile.referrals.chase_after_days;
            // Its chase is due: how long since it was sent.
            let late = match r.facts().follow_up(chase) {
                Some(FollowUp::Chase(due)) if due <= model.today => {
                    Some((model.today - r.details.sent_on).num_days())
                }
                _ => None,
            };
            let state = match late {
                Some(d) => format!("no reply {}", span(d)),
                None => r.state(),
            };
            let style = match (late, r.status.is_open()) {
                (Some(_), _) => base.patch(theme.error()),
                (None, true) => base,
                (None, false) => base.patch(theme.dim()),
            };
            let name_w = width.saturating_sub(2 + 2 + 20 + 22);
            Line::from(vec![
                Span::styled(marker, theme.key()),
                Span::styled(if late.is_some() { "! " } else { "  " }, style),
                Span::styled(format!("{:<name_w$} ", fit(&r.partner, name_w)), style),
                Span::styled(format!("{:<19} ", fit(r.details.reason.label(), 19)), style),
                Span::styled(fit(&state, 22), style),
            ])
        }
        Item::Barrier(i) => {
            let b = &p.participant.barriers[i];
            let history = trail(&p.assessments, b.kind);
            let note_w = width.saturating_sub(2 + 2 + 22 + 17 + 11);
            // The note, else how the barrier changed (a single status says nothing new).
            let about = match (b.note.is_empty(), history.contains('→')) {
                (false, _) => b.note.clone(),
                (true, true) => history,
                (true, false) => String::new(),
            };
            Line::from(vec![
                Span::styled(marker, theme.key()),
                Span::styled("  ", base),
                Span::styled(format!("{:<22}", fit(b.kind.label(), 21)), base),
                Span::styled(format!("{:<17}", b.status.label()), base),
                Span::styled(format!("{:<11}", uk(b.assessed)), base.patch(theme.dim())),
                Span::styled(fit(&about, note_w), base.patch(theme.dim())),
            ])
        }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, p: &PlanScreen) {
    let theme = Theme::of(model);
    let area = area.inner(Margin::new(1, 0));
    let width = usize::from(area.width);
    let top = summary(model, p, width);
    let [top_area, list_area] =
        Layout::vertical([Constraint::Length(top.len() as u16 + 1), Constraint::Min(0)])
            .areas(area);
    frame.render_widget(Paragraph::new(top), top_area);

    let items = p.items();
    let open_actions = p
        .actions
        .iter()
        .filter(|a| a.details.status == ActionStatus::Open)
        .count();
    // The list with a heading before the actions, the barriers and the closed actions.
    let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
    lines.push((
        None,
        Line::styled(format!("Actions ({open_actions} open)"), theme.title()),
    ));
    if open_actions == 0 {
        lines.push((
            None,
            Line::styled(format!("  {}", strings::NO_ACTIONS), theme.dim()),
        ));
    }
    for (pos, item) in items.iter().enumerate() {
        if pos == open_actions {
            let heading = if p.participant.barriers.is_empty() {
                format!(
                    "{}: {}",
                    strings::BARRIERS,
                    strings::NO_BARRIERS.to_lowercase()
                )
            } else {
                strings::BARRIERS.to_string()
            };
            lines.push((None, Line::styled(heading, theme.title())));
        }
        let referrals_at = open_actions + p.participant.barriers.len();
        if pos == referrals_at {
            lines.push((None, referrals_heading(p, theme)));
            if p.referrals.is_empty() {
                lines.push((
                    None,
                    Line::styled(format!("  {}", strings::NO_REFERRALS), theme.dim()),
                ));
            }
        }
        if pos == referrals_at + p.referrals.len() {
            lines.push((None, Line::styled(strings::CLOSED_ACTIONS, theme.title())));
        }
        lines.push((
            Some(pos),
            item_line(model, p, *item, pos == p.cursor, width),
        ));
        // The selected barrier shows how it changed over time.
        if let (true, Item::Barrier(i)) = (pos == p.cursor, item) {
            let history = trail(&p.assessments, p.participant.barriers[*i].kind);
            if history.contains('→') {
                lines.push((None, Line::styled(format!("      {history}"), theme.dim())));
            }
        }
    }
    // With no referrals and no closed actions, the loop never reaches the heading.
    if items.len() == open_actions + p.participant.barriers.len() {
        lines.push((None, referrals_heading(p, theme)));
        lines.push((
            None,
            Line::styled(format!("  {}", strings::NO_REFERRALS), theme.dim()),
        ));
    }
    // Keep the selection and the line under it (a barrier's history) in view.
    let visible = scrolled(lines, p.cursor, usize::from(list_area.height), 1);
    frame.render_widget(Paragraph::new(visible), list_area);

    if let Some(history) = &p.history {
        draw_history(frame, area, model, history, p.history_top);
    }
}

fn referrals_heading(p: &PlanScreen, theme: Theme) -> Line<'static> {
    let open = p.referrals.iter().filter(|r| r.status.is_open()).count();
    let text = if p.referrals.is_empty() {
        strings::REFERRALS.to_string()
    } else {
        format!("{} ({open} open)", strings::REFERRALS)
    };
    Line::styled(text, theme.title())
}

fn draw_history(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    history: &[crate::domain::plan::PlanChange],
    top: usize,
) {
    let theme = Theme::of(model);
    let mut lines: Vec<Line> = Vec::new();
    if history.is_empty() {
        lines.push(Line::styled(strings::NO_HISTORY, theme.dim()));
    }
    for change in history {
        lines.push(Line::from(vec![
            Span::styled(
                change.at.format("%d/%m/%Y %H:%M").to_string(),
                theme.title(),
            ),
            Span::styled(format!("  {}", change.who), theme.dim()),
        ]));
        for (key, old, new) in &change.fields {
            let old = if old.is_empty() {
                strings::NOT_GIVEN
            } else {
                old.as_str()
            };
            let new = if new.is_empty() {
                strings::NOT_GIVEN
            } else {
                new.as_str()
            };
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {}: ", strings::plan_field_label(key)),
                    theme.label(),
                ),
                Span::raw(format!(
                    "{} → {}",
                    old.replace('\n', " "),
                    new.replace('\n', " ")
                )),
            ]));
        }
    }
    let [popup] = Layout::horizontal([Constraint::Percentage(90)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Percentage(90)])
        .flex(Flex::Center)
        .areas(popup);
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(Span::styled(
        format!(" {} ", strings::PLAN_HISTORY),
        theme.title(),
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((u16::try_from(top).unwrap_or(u16::MAX), 0)),
        popup,
    );
}
