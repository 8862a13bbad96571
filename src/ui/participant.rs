//! The participant screen: who they are, how to reach them, where they are on the pathway and
//! what stands in their way.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::widgets::{Theme, field};
use crate::app::{Model, ParticipantScreen};
use crate::domain::Choice;
use crate::domain::dates::{span, uk};
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
    let theme = Theme::of(model);
    let d = &p.participant.details;
    let or_dash = |s: &str| -> String {
        if s.is_empty() {
            strings::NOT_GIVEN.to_string()
        } else {
            s.to_string()
        }
    };
    let since = p.participant.stage_since;
    let days = (model.today - since).num_days().max(0);
    let mut left = vec![
        Line::styled(strings::CONTACT_DETAILS, theme.title()),
        field(theme, "Phone", or_dash(&d.phone), LABEL),
        field(theme, "Email", or_dash(&d.email), LABEL),
        field(theme, "Postcode", or_dash(&d.postcode), LABEL),
        field(theme, "Preferred name", or_dash(&d.preferred_name), LABEL),
        Line::raw(""),
        Line::styled(strings::PATHWAY, theme.title()),
        field(
            theme,
            "Stage",
            format!("{} since {} ({})", d.stage.label(), uk(since), span(days)),
            LABEL,
        ),
        field(theme, "Referral route", d.referral_route.label(), LABEL),
        field(
            theme,
            "Referral date",
            d.referral_date
                .map(uk)
                .unwrap_or_else(|| strings::NOT_GIVEN.into()),
            LABEL,
        ),
        field(theme, "Key worker", d.key_worker.clone(), LABEL),
    ];
    let mut right = vec![Line::styled(strings::BARRIERS, theme.title())];
    if p.participant.barriers.is_empty() {
        right.push(Line::styled(strings::NO_BARRIERS, theme.dim()));
    }
    for b in &p.participant.barriers {
        right.push(Line::from(vec![
            Span::raw(b.kind.label()),
            Span::styled(format!("  {}", uk(b.assessed)), theme.dim()),
        ]));
        if !b.note.is_empty() {
            right.push(Line::styled(format!("  {}", b.note), theme.label()));
        }
    }
    right.push(Line::raw(""));
    right.push(Line::styled(strings::STAGE_HISTORY, theme.title()));
    for h in p.history.iter().rev().take(6) {
        let from = h
            .from
            .map(|s| format!("{} → ", s.label()))
            .unwrap_or_default();
        right.push(Line::from(vec![
            Span::styled(format!("{} ", h.at.format("%d/%m/%Y")), theme.dim()),
            Span::raw(format!("{from}{}", h.to.label())),
            Span::styled(format!(" ({})", h.by), theme.dim()),
        ]));
    }

    let block = Block::new();
    let inner = block.inner(area);
    if inner.width >= 70 {
        let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .spacing(2)
            .areas(inner);
        frame.render_widget(
            Paragraph::new(left).wrap(Wrap { trim: false }),
            l.inner(ratatui::layout::Margin::new(1, 0)),
        );
        frame.render_widget(Paragraph::new(right).wrap(Wrap { trim: false }), r);
    } else {
        left.push(Line::raw(""));
        left.extend(right);
        frame.render_widget(
            Paragraph::new(left).wrap(Wrap { trim: false }),
            inner.inner(ratatui::layout::Margin::new(1, 0)),
        );
    }
}
