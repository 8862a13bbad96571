//! `export --format text`: what is held about a person, in sections a person can read, with
//! dates as people write them. The same content as the JSON export, which stays the one for
//! machines.

use std::io::{self, Write};

use chrono::{DateTime, NaiveDate};

use super::export::{Export, ParticipantOut};
use crate::domain::Choice;
use crate::domain::appointment::{AppointmentKind, AppointmentStatus, Attendees, MoveReason};
use crate::domain::availability::Reach;
use crate::domain::contact::{ContactChannel, Outcome, With};
use crate::domain::outcome::{OutcomeKind, SpendCategory};
use crate::domain::text::{Lines, clean, line};
use crate::domain::{BarrierKind, ReferralRoute, Stage};

/// `2026-11-23` as "23 November 2026", a time as "23 November 2026 at 10:05"; anything else
/// as it is.
fn date(s: &str) -> String {
    if let Ok(d) = s.parse::<NaiveDate>() {
        return d.format("%-d %B %Y").to_string();
    }
    if DateTime::parse_from_rfc3339(s).is_ok() {
        return time(s);
    }
    line(s)
}

/// An RFC 3339 time as "23 November 2026 at 10:05".
fn time(s: &str) -> String {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.format("%-d %B %Y at %H:%M").to_string())
        .unwrap_or_else(|_| line(s))
}

/// A stored code as its label.
fn label<T: Choice>(code: &str) -> String {
    T::ALL
        .iter()
        .find(|c| c.code() == code)
        .map_or_else(|| code.replace('_', " "), |c| c.label().to_string())
}

/// Free text, safe on a terminal, with its lines indented under the entry.
fn text(s: &str) -> String {
    clean(s, Lines::Multi).trim().replace('\n', "\n      ")
}

/// ": the note", or nothing when there is none.
fn note(s: &str) -> String {
    let t = text(s);
    if t.is_empty() { t } else { format!(": {t}") }
}

/// An audit entry's changes as `field: old → new`, dates as people write them.
fn changes(v: &serde_json::Value) -> String {
    use serde_json::Value;
    let show = |v: &Value| match v {
        Value::String(s) if s.is_empty() => "nothing".to_string(),
        Value::String(s) => date(s),
        Value::Null => "nothing".to_string(),
        other => line(&other.to_string()),
    };
    let Value::Object(map) = v else {
        return String::new();
    };
    map.iter()
        .map(|(k, v)| {
            let field = line(k).replace('_', " ");
            match v {
                Value::Array(pair) if pair.len() == 2 => {
                    format!("{field} {} → {}", show(&pair[0]), show(&pair[1]))
                }
                v => format!("{field} {}", show(v)),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn or_none(s: &str) -> String {
    if s.trim().is_empty() {
        "none given".into()
    } else {
        line(s)
    }
}

pub(super) fn write(w: &mut impl Write, export: &Export) -> io::Result<()> {
    writeln!(
        w,
        "What keyworker holds, exported on {}.",
        time(&export.exported_at)
    )?;
    for p in &export.participants {
        person(w, p)?;
    }
    Ok(())
}

fn heading(w: &mut impl Write, title: &str, empty: bool) -> io::Result<bool> {
    writeln!(w)?;
    writeln!(w, "{title}")?;
    if empty {
        writeln!(w, "  Nothing held.")?;
    }
    Ok(!empty)
}

fn person(w: &mut impl Write, p: &ParticipantOut) -> io::Result<()> {
    writeln!(w)?;
    writeln!(w, "==== {} (participant {}) ====", line(&p.name), p.id)?;
    heading(w, "About you", false)?;
    writeln!(w, "  Name: {}", line(&p.name))?;
    writeln!(w, "  Preferred name: {}", or_none(&p.preferred_name))?;
    writeln!(w, "  Phone: {}", or_none(&p.phone))?;
    writeln!(w, "  Email: {}", or_none(&p.email))?;
    writeln!(w, "  Postcode: {}", or_none(&p.postcode))?;
    writeln!(
        w,
        "  Referred by: {}{}",
        label::<ReferralRoute>(p.referral_route),
        p.referral_date
            .as_deref()
            .map_or_else(String::new, |d| format!(", on {}", date(d)))
    )?;
    writeln!(
        w,
        "  Stage: {} since {}",
        label::<Stage>(p.stage),
        date(&p.stage_since)
    )?;
    writeln!(w, "  Key worker: {}", line(&p.key_worker))?;
    let reach: Vec<String> = p
        .availability
        .flags
        .iter()
        .map(|f| label::<Reach>(f).to_lowercase())
        .collect();
    let reach = if reach.is_empty() {
        String::new()
    } else {
        format!(" ({})", reach.join(", "))
    };
    writeln!(
        w,
        "  When you can be reached: {}{reach}",
        or_none(&p.availability.note)
    )?;
    writeln!(w, "  Record made: {}", time(&p.created_at))?;
    if let Some(e) = &p.exit {
        writeln!(
            w,
            "  Case closed on {}, {}{}",
            date(&e.on),
            e.reason.replace('_', " "),
            note(&e.note)
        )?;
    }

    if heading(w, "What stands in the way of work", p.barriers.is_empty())? {
        for b in &p.barriers {
            writeln!(w, "  {}{}", label::<BarrierKind>(b.kind), note(&b.note))?;
            for a in &b.assessments {
                writeln!(
                    w,
                    "    {} on {} by {}{}",
                    a.status.replace('_', " "),
                    date(&a.assessed),
                    line(&a.by),
                    note(&a.note)
                )?;
            }
        }
    }

    if heading(w, "Your plan", p.plan.is_none())?
        && let Some(plan) = &p.plan
    {
        if let Some(start) = &plan.job_start {
            writeln!(w, "  Job start: {}", date(start))?;
        }
        if !plan.employer.is_empty() {
            writeln!(w, "  Employer: {}", line(&plan.employer))?;
        }
        if !plan.job_title.is_empty() {
            writeln!(w, "  Job title: {}", line(&plan.job_title))?;
        }
        if !plan.support_agreed.is_empty() {
            writeln!(w, "  Support agreed: {}", text(&plan.support_agreed))?;
        }
        if !plan.other_support.is_empty() {
            writeln!(
                w,
                "  Other support asked for: {}",
                text(&plan.other_support)
            )?;
        }
        if !plan.long_term_goals.is_empty() {
            writeln!(w, "  Long-term goals: {}", text(&plan.long_term_goals))?;
        }
        for a in &plan.actions {
            writeln!(
                w,
                "  Action ({}, {}{}): {}",
                a.owner.replace('_', " "),
                a.status,
                a.due
                    .as_deref()
                    .map_or_else(String::new, |d| format!(", by {}", date(d))),
                text(&a.text)
            )?;
        }
    }

    if heading(w, "Contacts", p.contacts.is_empty())? {
        for c in &p.contacts {
            let minutes = match c.duration_minutes {
                Some(1) => ", 1 minute".to_string(),
                Some(m) => format!(", {m} minutes"),
                None => String::new(),
            };
            let version = if c.current {
                ""
            } else {
                " (an earlier version)"
            };
            writeln!(
                w,
                "  {}: {} with {}, {}{minutes}, by {}{version}",
                time(&c.at),
                label::<ContactChannel>(c.channel),
                label::<With>(c.with).to_lowercase(),
                label::<Outcome>(c.outcome),
                line(&c.by)
            )?;
            if !c.notes.is_empty() {
                writeln!(w, "      {}", text(&c.notes))?;
            }
            if let Some(iw) = &c.in_work {
                for (q, a) in [
                    ("How the role is going", &iw.role_going),
                    ("Changes", &iw.changes),
                    ("Needs", &iw.needs),
                ] {
                    if !a.is_empty() {
                        writeln!(w, "      {q}: {}", text(a))?;
                    }
                }
            }
        }
    }

    if heading(
        w,
        "Reminders",
        p.reminders.is_empty() && p.one_off_reminders.is_empty(),
    )? {
        // One-off reminders are listed below, done ones too.
        for r in p.reminders.iter().filter(|r| r.kind != "manual") {
            writeln!(w, "  {}: {}", date(&r.due), line(&r.title))?;
        }
        for o in &p.one_off_reminders {
            let done = o
                .done_on
                .map_or_else(String::new, |d| format!(" (done {})", date(&d.to_string())));
            writeln!(w, "  {}: {}{done}", date(&o.due.to_string()), line(&o.text))?;
        }
    }
    if heading(w, "Appointments", p.appointments.is_empty())? {
        for a in &p.appointments {
            let place = if a.place.is_empty() {
                String::new()
            } else {
                format!(" at {}", line(&a.place))
            };
            writeln!(
                w,
                "  {}: {} with {}{place}, {} minutes: {}{}",
                time(&a.at),
                label::<AppointmentKind>(a.kind),
                label::<Attendees>(a.with).to_lowercase(),
                a.minutes,
                label::<AppointmentStatus>(a.status).to_lowercase(),
                note(&a.note)
            )?;
            for m in &a.moves {
                writeln!(
                    w,
                    "    moved from {} to {} by {} on {}: {}{}",
                    time(&m.from),
                    time(&m.to),
                    line(&m.by),
                    time(&m.at),
                    label::<MoveReason>(m.reason).to_lowercase(),
                    note(&m.note)
                )?;
            }
        }
    }
    if heading(w, "Referrals to other services", p.referrals.is_empty())? {
        use crate::domain::referral::{
            Attended, Handover, Need, ReferralConsent, ReferralOutcome, ReferralStatus, Share,
            Urgency,
        };
        for r in &p.referrals {
            let shared = r
                .shares
                .iter()
                .map(|s| label::<Share>(s).to_lowercase())
                .collect::<Vec<_>>()
                .join(", ");
            writeln!(
                w,
                "  {} to {} for {}, {}, {}, by {}: {}{}",
                date(&r.sent_on),
                line(&r.partner),
                label::<Need>(r.reason).to_lowercase(),
                label::<Urgency>(r.urgency).to_lowercase(),
                label::<Handover>(r.handover).to_lowercase(),
                line(&r.by),
                label::<ReferralConsent>(r.consent).to_lowercase(),
                if shared.is_empty() {
                    String::new()
                } else {
                    format!(" (may share: {shared})")
                },
            )?;
            if !r.summary.is_empty() {
                writeln!(w, "    summary shared: {}", text(&r.summary))?;
            }
            if !r.note.is_empty() {
                writeln!(w, "    note: {}", text(&r.note))?;
            }
            for e in &r.history {
                let mut what = label::<ReferralStatus>(e.status).to_lowercase();
                if let Some(d) = &e.first_appointment {
                    what.push_str(&format!(" on {}", date(d)));
                }
                if let Some(a) = e.attended {
                    what.push_str(&format!(", {}", label::<Attended>(a).to_lowercase()));
                }
                if let Some(o) = e.outcome {
                    what.push_str(&format!(", {}", label::<ReferralOutcome>(o).to_lowercase()));
                }
                writeln!(
                    w,
                    "    {}: {what}, recorded by {} on {}{}",
                    date(&e.on),
                    line(&e.by),
                    time(&e.at),
                    note(&e.note)
                )?;
            }
        }
    }
    if heading(w, "Key workers before", p.handovers.is_empty())? {
        for h in &p.handovers {
            writeln!(
                w,
                "  {}: {} to {}, by {}: {}",
                time(&h.at),
                line(&h.from),
                line(&h.to),
                line(&h.by),
                text(&h.note)
            )?;
        }
    }
    if heading(w, "Risk flags", p.risk_flags.is_empty())? {
        use crate::domain::team::RiskKind;
        for f in &p.risk_flags {
            writeln!(
                w,
                "  {}: {} (set by {} on {}, review by {})",
                label::<RiskKind>(f.kind),
                text(&f.note),
                line(&f.set_by),
                time(&f.set_at),
                date(&f.review)
            )?;
        }
    }
    if heading(
        w,
        "Safeguarding concerns",
        p.safeguarding_concerns.is_empty(),
    )? {
        use crate::domain::team::{ConcernCategory, Decision, PersonKnows};
        writeln!(w, "  {}", super::export::REVIEW_BEFORE_RELEASE)?;
        for c in &p.safeguarding_concerns {
            writeln!(
                w,
                "  {}: {}, raised by {} on {}",
                date(&c.on),
                label::<ConcernCategory>(c.category),
                line(&c.raised_by),
                time(&c.raised_at)
            )?;
            writeln!(w, "    seen or said: {}", text(&c.seen))?;
            writeln!(w, "    action taken: {}", text(&c.action_taken))?;
            writeln!(w, "    they know: {}", label::<PersonKnows>(c.person_knows))?;
            match c.decision {
                None => writeln!(w, "    decision: awaiting a team lead")?,
                Some(d) => writeln!(
                    w,
                    "    decision: {}{}{} by {}{}",
                    label::<Decision>(d),
                    c.referred_on
                        .as_deref()
                        .map(|d| format!(" on {}", date(d)))
                        .unwrap_or_default(),
                    if c.reference.is_empty() {
                        String::new()
                    } else {
                        format!(", reference {}", line(&c.reference))
                    },
                    line(c.decided_by.as_deref().unwrap_or_default()),
                    note(&c.decision_note)
                )?,
            }
        }
    }
    if heading(w, "Reminders put off", p.snoozes.is_empty())? {
        for s in &p.snoozes {
            writeln!(
                w,
                "  {} until {}, by {} on {}{}",
                line(&s.reminder),
                date(&s.until),
                line(&s.by),
                time(&s.at),
                note(&s.reason)
            )?;
        }
    }
    if heading(w, "Milestones", p.milestones.is_empty())? {
        for m in &p.milestones {
            writeln!(
                w,
                "  {} {} on {} (by {}){}",
                line(&m.milestone).replace('_', " "),
                m.state,
                date(&m.on.to_string()),
                line(&m.by),
                note(&m.evidence)
            )?;
        }
    }
    if heading(w, "Reviews", p.reviews.is_empty())? {
        for r in &p.reviews {
            writeln!(
                w,
                "  {} by {}{}",
                date(&r.on.to_string()),
                line(&r.by),
                note(&r.note)
            )?;
        }
    }
    if heading(w, "Outcomes", p.outcomes.is_empty())? {
        for o in &p.outcomes {
            writeln!(
                w,
                "  {}: {} (by {}){}",
                date(&o.on),
                label::<OutcomeKind>(o.kind),
                line(&o.by),
                note(&o.evidence)
            )?;
        }
    }
    if heading(
        w,
        "How things are going (scores out of 10)",
        p.soft_outcomes.is_empty(),
    )? {
        for s in &p.soft_outcomes {
            writeln!(
                w,
                "  {}: {} {}",
                date(&s.on),
                line(&s.scale).replace('_', " "),
                s.score
            )?;
        }
    }
    if heading(w, "Money spent for you", p.spend.is_empty())? {
        for s in &p.spend {
            writeln!(
                w,
                "  {}: £{}.{:02} on {} (approved by {}){}",
                date(&s.on),
                s.amount_pence / 100,
                s.amount_pence % 100,
                label::<SpendCategory>(s.category),
                or_none(&s.approved_by),
                note(&s.note)
            )?;
        }
    }
    if heading(w, "Stages", p.stage_history.is_empty())? {
        for h in &p.stage_history {
            writeln!(
                w,
                "  {}: {} (by {})",
                time(&h.at),
                label::<Stage>(h.to),
                line(&h.by)
            )?;
        }
    }
    if heading(w, "Typed but not yet saved", p.drafts.is_empty())? {
        for d in &p.drafts {
            writeln!(
                w,
                "  by {} on {}: {}",
                line(&d.who),
                time(&d.saved_at.to_rfc3339()),
                text(&d.body.to_string())
            )?;
        }
    }
    if heading(w, "Every change to your record", p.audit.is_empty())? {
        for a in &p.audit {
            let s = |k: &str| line(a[k].as_str().unwrap_or_default());
            writeln!(
                w,
                "  {} by {}: {} {}{}",
                time(&s("at")),
                s("who"),
                s("entity"),
                s("action"),
                note(&changes(&a["changes"]))
            )?;
        }
    }
    Ok(())
}
