//! `keyworker report`: caseload, starts and exits, outcomes, soft outcome change, contacts,
//! time spent and spend, for a date range; as a readable table, CSV or JSON.

use std::io::{self, Write};

use anyhow::Result;
use chrono::{Months, NaiveDate};

use super::csv_out::cell;
use crate::domain::Choice;
use crate::domain::Stage;
use crate::domain::contact::{ContactChannel, Outcome};
use crate::domain::outcome::{ExitReason, OutcomeKind, SpendCategory, pounds};
use crate::store::{Report, ReportQuery, Retained, Store, Tally};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Self {
        match s {
            "csv" => Self::Csv,
            "json" => Self::Json,
            _ => Self::Text,
        }
    }
}

/// The label of a stored code, or the code itself if it is not one of `T`.
fn label<T: Choice>(code: &str) -> String {
    T::from_code(code).map_or_else(|| code.replace('_', " "), |c| c.label().to_string())
}

fn hours(minutes: i64) -> String {
    format!("{}h {:02}m", minutes / 60, minutes % 60)
}

pub fn run(store: &Store, q: &ReportQuery<'_>, format: Format) -> Result<()> {
    let report = store.report(q)?;
    let mut w = io::BufWriter::new(io::stdout().lock());
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut w, &json(&report))?;
            writeln!(w)?;
        }
        Format::Csv => write_csv(&mut w, &report)?,
        Format::Text => write_text(&mut w, &report)?,
    }
    w.flush()?;
    Ok(())
}

/// The report as JSON, each figure named for what it counts: `participants`, `contacts`,
/// `minutes`, `payments`, `pence`; a participant's id apart from their name.
fn json(r: &Report) -> serde_json::Value {
    use serde_json::json;
    let list = |tallies: &[Tally], what: &str, count: &str, total: Option<&str>| {
        tallies
            .iter()
            .map(|t| {
                let mut o = serde_json::Map::new();
                if let Some(id) = t.participant_id {
                    o.insert("participant_id".into(), json!(id));
                    o.insert("name".into(), json!(t.name));
                } else {
                    o.insert(what.into(), json!(t.name));
                }
                o.insert(count.into(), json!(t.count));
                if let Some(total) = total {
                    o.insert(total.into(), json!(t.total));
                }
                serde_json::Value::Object(o)
            })
            .collect::<Vec<_>>()
    };
    json!({
        "from": r.from,
        "to": r.to,
        "worker": r.worker,
        "caseload_by_stage": list(&r.caseload_by_stage, "stage", "participants", None),
        "starts": r.starts,
        "exits_by_reason": list(&r.exits_by_reason, "reason", "participants", None),
        "outcomes_by_kind": list(&r.outcomes_by_kind, "kind", "outcomes", None),
        "soft_outcomes": r.soft_outcomes,
        "contacts_by_channel": list(&r.contacts_by_channel, "channel", "contacts", Some("minutes")),
        "contacts_by_outcome": list(&r.contacts_by_outcome, "outcome", "contacts", Some("minutes")),
        "time_by_worker": list(&r.time_by_worker, "worker", "contacts", Some("minutes")),
        "time_by_participant": list(&r.time_by_participant, "participant", "contacts", Some("minutes")),
        "spend_by_category": list(&r.spend_by_category, "category", "payments", Some("pence")),
        "referrals_by_partner": list(&r.referrals_by_partner, "partner", "referrals", None),
        "referrals_by_reason": list(&r.referrals_by_reason, "reason", "referrals", None),
        "referrals_by_status": list(&r.referrals_by_status, "status", "referrals", None),
        "referrals_by_outcome": list(&r.referrals_by_outcome, "outcome", "referrals", None),
        "median_days_to_accepted": r.median_days_to_accepted,
        "median_days_to_first_appointment": r.median_days_to_first_appointment,
    })
}

/// `id name` for a tally of one participant, as the text and CSV reports show it.
fn item(t: &Tally) -> String {
    match t.participant_id {
        Some(id) => format!("{id} {}", t.name),
        None => t.name.clone(),
    }
}

/// One table for a funder return: `section,item,count,total,mean_entry,mean_latest,mean_change,median_change`.
fn write_csv(w: &mut impl Write, r: &Report) -> Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record([
        "section",
        "item",
        "count",
        "total",
        "mean_entry",
        "mean_latest",
        "mean_change",
        "median_change",
    ])?;
    let mut tallies = |section: &str, list: &[Tally]| -> Result<()> {
        for t in list {
            out.write_record([
                section,
                &cell(&item(t)),
                &t.count.to_string(),
                &t.total.to_string(),
                "",
                "",
                "",
                "",
            ])?;
        }
        Ok(())
    };
    tallies("caseload_by_stage", &r.caseload_by_stage)?;
    tallies(
        "starts",
        &[Tally {
            name: "referred".into(),
            count: r.starts,
            total: 0,
            participant_id: None,
        }],
    )?;
    tallies("exits_by_reason", &r.exits_by_reason)?;
    tallies("outcomes_by_kind", &r.outcomes_by_kind)?;
    tallies("contacts_by_channel_minutes", &r.contacts_by_channel)?;
    tallies("contacts_by_outcome_minutes", &r.contacts_by_outcome)?;
    tallies("time_by_worker_minutes", &r.time_by_worker)?;
    tallies("time_by_participant_minutes", &r.time_by_participant)?;
    tallies("spend_by_category_pence", &r.spend_by_category)?;
    tallies("referrals_by_partner", &r.referrals_by_partner)?;
    tallies("referrals_by_reason", &r.referrals_by_reason)?;
    tallies("referrals_by_status", &r.referrals_by_status)?;
    tallies("referrals_by_outcome", &r.referrals_by_outcome)?;
    for (name, days) in [
        ("median_days_to_accepted", r.median_days_to_accepted),
        (
            "median_days_to_first_appointment",
            r.median_days_to_first_appointment,
        ),
    ] {
        if let Some(d) = days {
            tallies(
                name,
                &[Tally {
                    name: "days".into(),
                    count: d.round() as i64,
                    total: 0,
                    participant_id: None,
                }],
            )?;
        }
    }
    for s in &r.soft_outcomes {
        out.write_record([
            "soft_outcomes",
            &cell(&s.scale),
            &s.people.to_string(),
            "",
            &format!("{:.2}", s.mean_entry),
            &format!("{:.2}", s.mean_latest),
            &format!("{:.2}", s.mean_change),
            &format!("{:.1}", s.median_change),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// Participants listed by name in the text report; CSV and JSON have them all.
const TOP_PARTICIPANTS: usize = 20;

fn write_text(w: &mut impl Write, r: &Report) -> Result<()> {
    let who = r.worker.as_deref().unwrap_or("the whole team");
    writeln!(w, "Report for {who}, {} to {}", r.from, r.to)?;
    let section = |w: &mut dyn Write, title: &str| writeln!(w, "\n{title}");
    section(w, "Caseload now, by stage")?;
    let total: i64 = r.caseload_by_stage.iter().map(|t| t.count).sum();
    for s in Stage::ALL {
        let n = r
            .caseload_by_stage
            .iter()
            .find(|t| t.name == s.code())
            .map_or(0, |t| t.count);
        writeln!(w, "  {:<28} {n:>7}", s.label())?;
    }
    writeln!(w, "  {:<28} {total:>7}", "All")?;

    section(w, "Starts and exits")?;
    writeln!(w, "  {:<28} {:>7}", "Referred in the period", r.starts)?;
    let exits: i64 = r.exits_by_reason.iter().map(|t| t.count).sum();
    writeln!(w, "  {:<28} {exits:>7}", "Exited in the period")?;
    for t in &r.exits_by_reason {
        writeln!(w, "    {:<26} {:>7}", label::<ExitReason>(&t.name), t.count)?;
    }

    section(w, "Formal outcomes")?;
    if r.outcomes_by_kind.is_empty() {
        writeln!(w, "  none recorded in the period")?;
    }
    for t in &r.outcomes_by_kind {
        writeln!(w, "  {:<28} {:>7}", label::<OutcomeKind>(&t.name), t.count)?;
    }

    section(w, "Soft outcomes: change from entry (scores 1 to 10)")?;
    if r.soft_outcomes.is_empty() {
        writeln!(w, "  nobody scored twice by the end of the period")?;
    } else {
        writeln!(
            w,
            "  {:<28} {:>7} {:>7} {:>7} {:>7} {:>7}",
            "", "people", "entry", "latest", "mean", "median"
        )?;
    }
    for s in &r.soft_outcomes {
        writeln!(
            w,
            "  {:<28} {:>7} {:>7.1} {:>7.1} {:>+7.1} {:>+7.1}",
            crate::ui::widgets::fit(&s.title, 28),
            s.people,
            s.mean_entry,
            s.mean_latest,
            s.mean_change,
            s.median_change
        )?;
    }

    section(w, "Contacts by channel")?;
    for t in &r.contacts_by_channel {
        writeln!(
            w,
            "  {:<28} {:>7} {:>10}",
            label::<ContactChannel>(&t.name),
            t.count,
            hours(t.total)
        )?;
    }
    section(w, "Contacts by outcome")?;
    for t in &r.contacts_by_outcome {
        writeln!(w, "  {:<28} {:>7}", label::<Outcome>(&t.name), t.count)?;
    }

    section(w, "Time spent on contacts, by worker")?;
    for t in &r.time_by_worker {
        writeln!(w, "  {:<28} {:>7} {:>10}", t.name, t.count, hours(t.total))?;
    }
    section(w, "Time spent on contacts, by participant (most first)")?;
    for t in r.time_by_participant.iter().take(TOP_PARTICIPANTS) {
        let name = crate::ui::widgets::fit(&item(t), 28);
        writeln!(w, "  {name:<28} {:>7} {:>10}", t.count, hours(t.total))?;
    }
    if r.time_by_participant.len() > TOP_PARTICIPANTS {
        writeln!(
            w,
            "  … and {} more (--format csv lists them all)",
            r.time_by_participant.len() - TOP_PARTICIPANTS
        )?;
    }

    section(w, "Discretionary spend")?;
    let spent: i64 = r.spend_by_category.iter().map(|t| t.total).sum();
    for t in &r.spend_by_category {
        writeln!(
            w,
            "  {:<28} {:>7} {:>12}",
            label::<SpendCategory>(&t.name),
            t.count,
            pounds(t.total)
        )?;
    }
    writeln!(
        w,
        "  {:<28} {:>7} {:>12}",
        "All",
        r.spend_by_category.iter().map(|t| t.count).sum::<i64>(),
        pounds(spent)
    )?;

    use crate::domain::referral::{Need, ReferralOutcome, ReferralStatus};
    section(w, "Onward referrals sent, by service")?;
    if r.referrals_by_partner.is_empty() {
        writeln!(w, "  none")?;
    }
    for t in &r.referrals_by_partner {
        let name = crate::ui::widgets::fit(&t.name, 60);
        writeln!(w, "  {name:<60} {:>7}", t.count)?;
    }
    section(w, "Onward referrals, by need")?;
    for t in &r.referrals_by_reason {
        writeln!(w, "  {:<48} {:>7}", label::<Need>(&t.name), t.count)?;
    }
    section(w, "Onward referrals, where they are now")?;
    for t in &r.referrals_by_status {
        writeln!(
            w,
            "  {:<48} {:>7}",
            label::<ReferralStatus>(&t.name),
            t.count
        )?;
    }
    section(w, "Onward referrals closed, by outcome")?;
    for t in &r.referrals_by_outcome {
        writeln!(
            w,
            "  {:<48} {:>7}",
            label::<ReferralOutcome>(&t.name),
            t.count
        )?;
    }
    let days = |d: Option<f64>| d.map_or("none yet".to_string(), |d| format!("{d:.1} days"));
    writeln!(
        w,
        "  Median from sent to accepted: {}; to the first appointment: {}",
        days(r.median_days_to_accepted),
        days(r.median_days_to_first_appointment)
    )?;
    Ok(())
}

/// The default period: the financial year so far (from 1 April).
pub fn year_start(today: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let april = NaiveDate::from_ymd_opt(today.year(), 4, 1).unwrap_or(today);
    if today >= april {
        april
    } else {
        april.checked_sub_months(Months::new(12)).unwrap_or(april)
    }
}

/// `report --retention`: exited participants kept longer than the profile's retention period.
pub fn retention(store: &Store, today: NaiveDate, format: Format) -> Result<()> {
    let years = store.profile().retention.years_after_exit;
    let before = today
        .checked_sub_months(Months::new(12 * years))
        .unwrap_or(today);
    let list = store.past_retention(before)?;
    let mut w = io::BufWriter::new(io::stdout().lock());
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut w, &list)?;
            writeln!(w)?;
        }
        Format::Csv => {
            let mut out = csv::Writer::from_writer(&mut w);
            out.write_record(["id", "name", "key_worker", "exit_date", "exit_reason"])?;
            for r in &list {
                out.write_record([
                    &r.id.to_string(),
                    &*cell(&r.name),
                    &*cell(&r.key_worker),
                    &r.exit_date,
                    &r.exit_reason,
                ])?;
            }
            out.flush()?;
        }
        Format::Text => {
            write_retention(&mut w, &list, years, before)?;
            let backups = store.backups()?;
            if !backups.is_empty() {
                writeln!(
                    w,
                    "Backups on record (each holds everyone as they were when it was made, erased people too):"
                )?;
                for b in &backups {
                    writeln!(w, "  {}  made {} by {}", b.path, b.at, b.by)?;
                }
            }
        }
    }
    w.flush()?;
    Ok(())
}

fn write_retention(
    w: &mut impl Write,
    list: &[Retained],
    years: u32,
    before: NaiveDate,
) -> Result<()> {
    writeln!(
        w,
        "Exited before {before} ({years} years' retention): {} to erase with `keyworker erase --participant ID`",
        list.len()
    )?;
    for r in list {
        writeln!(
            w,
            "  {:>7}  {:<28} {:<12} {}  {}",
            r.id,
            crate::ui::widgets::fit(&r.name, 28),
            crate::ui::widgets::fit(&r.key_worker, 12),
            r.exit_date,
            label::<ExitReason>(&r.exit_reason)
        )?;
    }
    Ok(())
}
