//! The figures a manager or funder asks for, counted in SQL over a date range and, if given,
//! one key worker's participants.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use super::{Result, Store, day};
use crate::domain::referral::PartnerDetails;
use crate::domain::text::line;

#[derive(Debug, Clone)]
pub struct ReportQuery<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Only this key worker's participants.
    pub worker: Option<&'a str>,
}

/// A count, with minutes or pence beside it where that makes sense.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub name: String,
    pub count: i64,
    pub total: i64,
    /// The participant, for tallies of one participant each.
    pub participant_id: Option<i64>,
}

/// Distance travelled on one soft outcome scale: each person's latest score in the range
/// against their first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SoftChange {
    pub scale: String,
    /// The scale's title in the profile.
    pub title: String,
    pub people: i64,
    pub mean_entry: f64,
    pub mean_latest: f64,
    pub mean_change: f64,
    pub median_change: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub from: String,
    pub to: String,
    pub worker: Option<String>,
    /// Participants now at each stage.
    pub caseload_by_stage: Vec<Tally>,
    /// Referred in the range.
    pub starts: i64,
    pub exits_by_reason: Vec<Tally>,
    pub outcomes_by_kind: Vec<Tally>,
    pub soft_outcomes: Vec<SoftChange>,
    /// Count and minutes.
    pub contacts_by_channel: Vec<Tally>,
    pub contacts_by_outcome: Vec<Tally>,
    /// Contacts and minutes by who made them.
    pub time_by_worker: Vec<Tally>,
    /// Contacts and minutes per participant, most time first.
    pub time_by_participant: Vec<Tally>,
    /// Payments and pence.
    pub spend_by_category: Vec<Tally>,
    /// Onward referrals sent in the range (refused ones not counted), by service.
    pub referrals_by_partner: Vec<Tally>,
    /// ... by the need they were for.
    pub referrals_by_reason: Vec<Tally>,
    /// ... by where they are now (refused ones too).
    pub referrals_by_status: Vec<Tally>,
    /// ... closed, by outcome.
    pub referrals_by_outcome: Vec<Tally>,
    /// Median days from sending to the service accepting (or waiting-listing) it.
    pub median_days_to_accepted: Option<f64>,
    /// Median days from sending to the first appointment.
    pub median_days_to_first_appointment: Option<f64>,
}

/// The middle value (the mean of the middle two for an even count).
fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// An exited participant past the retention period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retained {
    pub id: i64,
    pub name: String,
    pub key_worker: String,
    pub exit_date: String,
    pub exit_reason: String,
}

// Every query names its participants the same way: everyone, or one worker's.
const WHO: &str = "(?3 IS NULL OR p.key_worker = ?3)";

impl Store {
    fn tallies(&self, sql: &str, q: &ReportQuery<'_>) -> Result<Vec<Tally>> {
        let mut stmt = self.conn.prepare(&sql.replace("{WHO}", WHO))?;
        let rows = stmt.query_map(params![day(q.from), day(q.to), q.worker], |r| {
            Ok(Tally {
                name: line(&r.get::<_, String>(0)?),
                count: r.get(1)?,
                total: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                participant_id: r.get(3).ok(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn report(&self, q: &ReportQuery<'_>) -> Result<Report> {
        let caseload_by_stage = self.tallies(
            "SELECT p.stage, count(*), 0 FROM participants p \
             WHERE ?1 IS NOT NULL AND ?2 IS NOT NULL AND {WHO} GROUP BY p.stage ORDER BY p.stage",
            q,
        )?;
        let starts = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM participants p WHERE {WHO} AND \
                 coalesce(p.referral_date, substr(p.created_at, 1, 10)) BETWEEN ?1 AND ?2"
            ),
            params![day(q.from), day(q.to), q.worker],
            |r| r.get(0),
        )?;
        let exits_by_reason = self.tallies(
            "SELECT coalesce(p.exit_reason, 'not_recorded'), count(*), 0 FROM participants p \
             WHERE p.stage = 'exited' AND {WHO} \
             AND coalesce(p.exit_date, p.stage_since) BETWEEN ?1 AND ?2 \
             GROUP BY 1 ORDER BY 2 DESC, 1",
            q,
        )?;
        let outcomes_by_kind = self.tallies(
            "SELECT o.kind, count(*), 0 FROM outcomes o JOIN participants p ON p.id = o.participant_id \
             WHERE {WHO} AND o.on_date BETWEEN ?1 AND ?2 GROUP BY o.kind ORDER BY 2 DESC, 1",
            q,
        )?;
        // Contacts as they stand: an amended contact counts once, as its latest version.
        let current = "FROM contacts c JOIN participants p ON p.id = c.participant_id \
             WHERE {WHO} AND substr(c.at, 1, 10) BETWEEN ?1 AND ?2 \
             AND NOT EXISTS (SELECT 1 FROM contacts n WHERE n.amends = c.id)";
        let contacts_by_channel = self.tallies(
            &format!(
                "SELECT c.channel, count(*), sum(c.duration_minutes) {current} \
                 GROUP BY c.channel ORDER BY 2 DESC, 1"
            ),
            q,
        )?;
        let contacts_by_outcome = self.tallies(
            &format!(
                "SELECT c.outcome, count(*), sum(c.duration_minutes) {current} \
                 GROUP BY c.outcome ORDER BY 2 DESC, 1"
            ),
            q,
        )?;
        let time_by_worker = self.tallies(
            &format!(
                "SELECT c.by, count(*), sum(c.duration_minutes) {current} \
                 GROUP BY c.by ORDER BY 3 DESC, 1"
            ),
            q,
        )?;
        let time_by_participant = self.tallies(
            &format!(
                "SELECT p.name, count(*), sum(c.duration_minutes), p.id {current} \
                 GROUP BY p.id ORDER BY 3 DESC, p.id"
            ),
            q,
        )?;
        let spend_by_category = self.tallies(
            "SELECT s.category, count(*), sum(s.pence) FROM spend s \
             JOIN participants p ON p.id = s.participant_id \
             WHERE {WHO} AND s.on_date BETWEEN ?1 AND ?2 GROUP BY s.category ORDER BY 3 DESC, 1",
            q,
        )?;
        let sent = "FROM referrals r JOIN participants p ON p.id = r.participant_id \
             WHERE {WHO} AND r.sent_on BETWEEN ?1 AND ?2";
        // Each service named as the directory names it, most referred first.
        let mut referrals_by_partner: Vec<Tally> = self
            .conn
            .prepare(&format!(
                "SELECT s.organisation, s.service, count(*) \
                 FROM referrals r JOIN participants p ON p.id = r.participant_id \
                 JOIN partners s ON s.id = r.partner_id \
                 WHERE {WHO} AND r.sent_on BETWEEN ?1 AND ?2 AND r.status <> 'refused' \
                 GROUP BY r.partner_id"
            ))?
            .query_map(params![day(q.from), day(q.to), q.worker], |r| {
                let service = PartnerDetails {
                    organisation: line(&r.get::<_, String>(0)?),
                    service: line(&r.get::<_, String>(1)?),
                    ..Default::default()
                };
                Ok(Tally {
                    name: service.name(),
                    count: r.get(2)?,
                    total: 0,
                    participant_id: None,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        referrals_by_partner.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
        let referrals_by_reason = self.tallies(
            &format!(
                "SELECT r.reason, count(*), 0 {sent} AND r.status <> 'refused' \
                 GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            q,
        )?;
        let referrals_by_status = self.tallies(
            &format!("SELECT r.status, count(*), 0 {sent} GROUP BY 1 ORDER BY 2 DESC, 1"),
            q,
        )?;
        let referrals_by_outcome = self.tallies(
            &format!(
                "SELECT r.outcome, count(*), 0 {sent} AND r.status = 'closed' \
                 GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            q,
        )?;
        let days = |sql: &str| -> Result<Option<f64>> {
            let mut stmt = self.conn.prepare(&sql.replace("{WHO}", WHO))?;
            let rows = stmt.query_map(params![day(q.from), day(q.to), q.worker], |r| {
                r.get::<_, f64>(0)
            })?;
            Ok(median(rows.collect::<rusqlite::Result<_>>()?))
        };
        let median_days_to_accepted = days(&format!(
            "SELECT julianday((SELECT min(e.on_date) FROM referral_events e \
             WHERE e.referral_id = r.id AND e.status IN ('accepted', 'waiting_list'))) \
             - julianday(r.sent_on) {sent} AND EXISTS (SELECT 1 FROM referral_events e \
             WHERE e.referral_id = r.id AND e.status IN ('accepted', 'waiting_list'))"
        ))?;
        let median_days_to_first_appointment = days(&format!(
            "SELECT julianday(r.first_appointment) - julianday(r.sent_on) {sent} \
             AND r.first_appointment IS NOT NULL"
        ))?;
        Ok(Report {
            referrals_by_partner,
            referrals_by_reason,
            referrals_by_status,
            referrals_by_outcome,
            median_days_to_accepted,
            median_days_to_first_appointment,
            from: day(q.from),
            to: day(q.to),
            worker: q.worker.map(str::to_string),
            caseload_by_stage,
            starts,
            exits_by_reason,
            outcomes_by_kind,
            soft_outcomes: self.soft_changes(q)?,
            contacts_by_channel,
            contacts_by_outcome,
            time_by_worker,
            time_by_participant,
            spend_by_category,
        })
    }

    /// For each scale, everyone with a first score and a later one scored within the range.
    fn soft_changes(&self, q: &ReportQuery<'_>) -> Result<Vec<SoftChange>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT s.participant_id, s.scale, s.score, s.on_date FROM soft_scores s \
             JOIN participants p ON p.id = s.participant_id \
             WHERE {WHO} AND s.on_date <= ?2 AND ?1 IS NOT NULL \
             ORDER BY s.scale, s.participant_id, s.on_date, s.id"
        ))?;
        let mut rows = stmt.query(params![day(q.from), day(q.to), q.worker])?;
        // scale -> (entry, latest) per person
        let mut pairs: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
        let mut current: Option<(String, i64, i64, Option<i64>)> = None;
        let from = day(q.from);
        let mut flush = |c: Option<(String, i64, i64, Option<i64>)>| {
            if let Some((scale, _, entry, Some(latest))) = c {
                pairs.entry(scale).or_default().push((entry, latest));
            }
        };
        while let Some(r) = rows.next()? {
            let (id, scale, score, on): (i64, String, i64, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let same = matches!(&current, Some((s, p, _, _)) if *s == scale && *p == id);
            if !same {
                flush(current.take());
                current = Some((scale, id, score, None));
            } else if let Some(c) = current.as_mut()
                && on >= from
            {
                c.3 = Some(score);
            }
        }
        flush(current.take());
        let profile_order: Vec<&str> = self
            .profile
            .soft_outcomes
            .iter()
            .map(|s| s.key.as_str())
            .collect();
        let mut out: Vec<SoftChange> = pairs
            .into_iter()
            .map(|(scale, people)| {
                let n = people.len() as f64;
                let mean = |f: &dyn Fn(&(i64, i64)) -> i64| {
                    people.iter().map(|p| f(p) as f64).sum::<f64>() / n
                };
                let mut changes: Vec<i64> = people.iter().map(|(e, l)| l - e).collect();
                changes.sort_unstable();
                let mid = changes.len() / 2;
                let median = if changes.len().is_multiple_of(2) {
                    (changes[mid - 1] + changes[mid]) as f64 / 2.0
                } else {
                    changes[mid] as f64
                };
                SoftChange {
                    people: people.len() as i64,
                    mean_entry: mean(&|p| p.0),
                    mean_latest: mean(&|p| p.1),
                    mean_change: mean(&|p| p.1 - p.0),
                    median_change: median,
                    title: self
                        .profile
                        .soft_outcomes
                        .iter()
                        .find(|s| s.key == scale)
                        .map_or_else(|| scale.clone(), |s| s.title.clone()),
                    scale,
                }
            })
            .collect();
        out.sort_by_key(|s| {
            profile_order
                .iter()
                .position(|k| *k == s.scale)
                .unwrap_or(usize::MAX)
        });
        Ok(out)
    }

    /// Exited participants whose exit date is before `before`, oldest first.
    pub fn past_retention(&self, before: NaiveDate) -> Result<Vec<Retained>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, key_worker, coalesce(exit_date, stage_since), \
             coalesce(exit_reason, 'not_recorded') FROM participants \
             WHERE stage = 'exited' AND coalesce(exit_date, stage_since) < ?1 \
             ORDER BY 4, id",
        )?;
        let rows = stmt.query_map([day(before)], |r| {
            Ok(Retained {
                id: r.get(0)?,
                name: line(&r.get::<_, String>(1)?),
                key_worker: line(&r.get::<_, String>(2)?),
                exit_date: r.get(3)?,
                exit_reason: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
