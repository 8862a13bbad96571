//! `export --format csv`: one file a table in a new private folder, a spreadsheet's way of
//! reading the same export.

use std::io;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::export::{ParticipantOut, new_private_file, refused, rfc3339};

/// One CSV a table, with a header row, in `dir` (created readable by the owner only).
/// Returns how many files were written.
pub(super) fn write(dir: &Path, people: &[ParticipantOut]) -> Result<usize> {
    use super::csv_out::cell;
    use std::os::unix::fs::DirBuilderExt;
    // The folder is made new, private: files already in one, or a link in its place, could
    // leave the export where others can read it.
    if let Some(parent) = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && !p.exists())
    {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(dir)
        .map_err(|e| refused(dir, e))?;
    type Rows = Vec<Vec<String>>;
    let mut tables: Vec<(&str, Vec<&str>, Rows)> = vec![
        (
            "participants",
            vec![
                "id",
                "name",
                "preferred_name",
                "phone",
                "email",
                "postcode",
                "key_worker",
                "stage",
                "stage_since",
                "referral_route",
                "referral_date",
                "exit_reason",
                "exit_date",
                "exit_note",
                "created_at",
                "updated_at",
                "availability",
                "availability_flags",
            ],
            Vec::new(),
        ),
        (
            "barriers",
            vec!["participant_id", "kind", "status", "note", "assessed", "by"],
            Vec::new(),
        ),
        (
            "stage_history",
            vec!["participant_id", "from", "to", "at", "by"],
            Vec::new(),
        ),
        (
            "plans",
            vec![
                "participant_id",
                "job_start",
                "employer",
                "job_title",
                "hours_per_week",
                "contract_type",
                "consent_employer_contact",
                "contact_channel",
                "contact_frequency",
                "practical_help",
                "other_support",
                "support_agreed",
                "long_term_goals",
                "updated_at",
                "updated_by",
            ],
            Vec::new(),
        ),
        (
            "actions",
            vec![
                "participant_id",
                "text",
                "owner",
                "due",
                "status",
                "created_at",
            ],
            Vec::new(),
        ),
        (
            "contacts",
            vec![
                "participant_id",
                "id",
                "at",
                "channel",
                "with",
                "outcome",
                "cancelled_by",
                "duration_minutes",
                "notes",
                "next_contact",
                "role_going",
                "changes",
                "needs",
                "amends",
                "current",
                "by",
                "recorded_at",
            ],
            Vec::new(),
        ),
        (
            "reminders",
            vec![
                "participant_id",
                "due",
                "kind",
                "title",
                "snoozed_until",
                "key",
                "time",
                "note",
            ],
            Vec::new(),
        ),
        (
            "outcomes",
            vec![
                "participant_id",
                "kind",
                "on",
                "evidence",
                "by",
                "recorded_at",
            ],
            Vec::new(),
        ),
        (
            "soft_outcomes",
            vec!["participant_id", "scale", "score", "on", "occasion", "by"],
            Vec::new(),
        ),
        (
            "spend",
            vec![
                "participant_id",
                "on",
                "amount_pence",
                "category",
                "note",
                "approved_by",
                "by",
            ],
            Vec::new(),
        ),
        (
            "snoozes",
            vec!["participant_id", "reminder", "until", "reason", "by", "at"],
            Vec::new(),
        ),
        (
            "milestones",
            vec![
                "participant_id",
                "milestone",
                "state",
                "on",
                "evidence",
                "by",
                "at",
            ],
            Vec::new(),
        ),
        (
            "reviews",
            vec!["participant_id", "on", "note", "by", "at"],
            Vec::new(),
        ),
        (
            "one_off_reminders",
            vec!["participant_id", "due", "text", "done_on", "by", "at"],
            Vec::new(),
        ),
        (
            "drafts",
            vec!["participant_id", "who", "form", "saved_at", "values"],
            Vec::new(),
        ),
        (
            "audit",
            vec![
                "participant_id",
                "at",
                "who",
                "entity",
                "action",
                "changes",
                "body_hash",
                "content_hash",
                "chain_hash",
            ],
            Vec::new(),
        ),
        (
            "appointments",
            vec![
                "participant_id",
                "uid",
                "at",
                "minutes",
                "kind",
                "place",
                "with",
                "note",
                "status",
                "by",
            ],
            Vec::new(),
        ),
        (
            "appointment_moves",
            vec![
                "participant_id",
                "uid",
                "from",
                "to",
                "reason",
                "note",
                "by",
                "at",
            ],
            Vec::new(),
        ),
        (
            "referrals",
            vec![
                "participant_id",
                "referral_id",
                "partner",
                "reason",
                "consent",
                "shares",
                "summary",
                "urgency",
                "handover",
                "sent_on",
                "note",
                "status",
                "status_on",
                "first_appointment",
                "attended",
                "outcome",
                "by",
            ],
            Vec::new(),
        ),
        (
            "referral_history",
            vec![
                "participant_id",
                "referral_id",
                "status",
                "on",
                "first_appointment",
                "attended",
                "outcome",
                "note",
                "by",
                "at",
            ],
            Vec::new(),
        ),
        (
            "handovers",
            vec!["participant_id", "from", "to", "note", "by", "at"],
            Vec::new(),
        ),
        (
            "risk_flags",
            vec![
                "participant_id",
                "kind",
                "note",
                "review",
                "set_by",
                "set_at",
                "reviewed_by",
                "reviewed_at",
            ],
            Vec::new(),
        ),
        (
            "safeguarding_concerns",
            vec![
                "participant_id",
                "review_before_release",
                "on",
                "category",
                "seen",
                "action_taken",
                "person_knows",
                "raised_by",
                "raised_at",
                "decision",
                "referred_on",
                "reference",
                "decision_note",
                "decided_by",
                "decided_at",
            ],
            Vec::new(),
        ),
    ];
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    for p in people {
        let id = p.id.clone();
        let (exit_reason, exit_date, exit_note) = match &p.exit {
            Some(e) => (e.reason.to_string(), e.on.clone(), e.note.clone()),
            None => Default::default(),
        };
        tables[0].2.push(vec![
            id.clone(),
            p.name.clone(),
            p.preferred_name.clone(),
            p.phone.clone(),
            p.email.clone(),
            p.postcode.clone(),
            p.key_worker.clone(),
            p.stage.into(),
            p.stage_since.clone(),
            p.referral_route.into(),
            opt(&p.referral_date),
            exit_reason,
            exit_date,
            exit_note,
            p.created_at.clone(),
            p.updated_at.clone(),
            p.availability.note.clone(),
            p.availability.flags.join(","),
        ]);
        for b in &p.barriers {
            for a in &b.assessments {
                tables[1].2.push(vec![
                    id.clone(),
                    b.kind.into(),
                    a.status.into(),
                    a.note.clone(),
                    a.assessed.clone(),
                    a.by.clone(),
                ]);
            }
        }
        for h in &p.stage_history {
            tables[2].2.push(vec![
                id.clone(),
                h.from.unwrap_or_default().into(),
                h.to.into(),
                h.at.clone(),
                h.by.clone(),
            ]);
        }
        if let Some(plan) = &p.plan {
            tables[3].2.push(vec![
                id.clone(),
                opt(&plan.job_start),
                plan.employer.clone(),
                plan.job_title.clone(),
                plan.hours_per_week
                    .map(|h| h.to_string())
                    .unwrap_or_default(),
                plan.contract_type.unwrap_or_default().into(),
                plan.consent_employer_contact.into(),
                plan.contact_channel.unwrap_or_default().into(),
                opt(&plan.contact_frequency),
                plan.practical_help.join(";"),
                plan.other_support.clone(),
                plan.support_agreed.clone(),
                plan.long_term_goals.clone(),
                opt(&plan.updated_at),
                plan.updated_by.clone(),
            ]);
            for a in &plan.actions {
                tables[4].2.push(vec![
                    id.clone(),
                    a.text.clone(),
                    a.owner.into(),
                    opt(&a.due),
                    a.status.into(),
                    a.created_at.clone(),
                ]);
            }
        }
        for c in &p.contacts {
            let w = c.in_work.as_ref();
            tables[5].2.push(vec![
                id.clone(),
                c.id.clone(),
                c.at.clone(),
                c.channel.into(),
                c.with.into(),
                c.outcome.into(),
                c.cancelled_by.unwrap_or_default().into(),
                c.duration_minutes
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
                c.notes.clone(),
                opt(&c.next_contact),
                w.map(|w| w.role_going.clone()).unwrap_or_default(),
                w.map(|w| w.changes.clone()).unwrap_or_default(),
                w.map(|w| w.needs.clone()).unwrap_or_default(),
                opt(&c.amends),
                c.current.to_string(),
                c.by.clone(),
                c.recorded_at.clone(),
            ]);
        }
        for r in &p.reminders {
            tables[6].2.push(vec![
                id.clone(),
                r.due.clone(),
                r.kind.into(),
                r.title.clone(),
                opt(&r.snoozed_until),
                r.key.clone(),
                opt(&r.time),
                r.note.clone(),
            ]);
        }
        for o in &p.outcomes {
            tables[7].2.push(vec![
                id.clone(),
                o.kind.into(),
                o.on.clone(),
                o.evidence.clone(),
                o.by.clone(),
                o.recorded_at.clone(),
            ]);
        }
        for s in &p.soft_outcomes {
            tables[8].2.push(vec![
                id.clone(),
                s.scale.clone(),
                s.score.to_string(),
                s.on.clone(),
                s.occasion.into(),
                s.by.clone(),
            ]);
        }
        for s in &p.spend {
            tables[9].2.push(vec![
                id.clone(),
                s.on.clone(),
                s.amount_pence.to_string(),
                s.category.into(),
                s.note.clone(),
                s.approved_by.clone(),
                s.by.clone(),
            ]);
        }
        for s in &p.snoozes {
            tables[10].2.push(vec![
                id.clone(),
                s.reminder.clone(),
                s.until.clone(),
                s.reason.clone(),
                s.by.clone(),
                s.at.clone(),
            ]);
        }
        for m in &p.milestones {
            tables[11].2.push(vec![
                id.clone(),
                m.milestone.clone(),
                m.state.clone(),
                m.on.to_string(),
                m.evidence.clone(),
                m.by.clone(),
                rfc3339(m.at),
            ]);
        }
        for r in &p.reviews {
            tables[12].2.push(vec![
                id.clone(),
                r.on.to_string(),
                r.note.clone(),
                r.by.clone(),
                rfc3339(r.at),
            ]);
        }
        for o in &p.one_off_reminders {
            tables[13].2.push(vec![
                id.clone(),
                o.due.to_string(),
                o.text.clone(),
                o.done_on.map(|d| d.to_string()).unwrap_or_default(),
                o.by.clone(),
                rfc3339(o.at),
            ]);
        }
        for d in &p.drafts {
            tables[14].2.push(vec![
                id.clone(),
                d.who.clone(),
                d.form.clone(),
                rfc3339(d.saved_at),
                d.body.to_string(),
            ]);
        }
        for a in &p.audit {
            let text = |k: &str| a[k].as_str().unwrap_or_default().to_string();
            tables[15].2.push(vec![
                id.clone(),
                text("at"),
                text("who"),
                text("entity"),
                text("action"),
                a["changes"].to_string(),
                text("body_hash"),
                text("content_hash"),
                text("chain_hash"),
            ]);
        }
        for a in &p.appointments {
            tables[16].2.push(vec![
                id.clone(),
                a.uid.clone(),
                a.at.clone(),
                a.minutes.to_string(),
                a.kind.into(),
                a.place.clone(),
                a.with.into(),
                a.note.clone(),
                a.status.into(),
                a.by.clone(),
            ]);
            for m in &a.moves {
                tables[17].2.push(vec![
                    id.clone(),
                    a.uid.clone(),
                    m.from.clone(),
                    m.to.clone(),
                    m.reason.into(),
                    m.note.clone(),
                    m.by.clone(),
                    m.at.clone(),
                ]);
            }
        }
        for r in &p.referrals {
            let code = |c: Option<&str>| c.unwrap_or_default().to_string();
            tables[18].2.push(vec![
                id.clone(),
                r.id.clone(),
                r.partner.clone(),
                r.reason.into(),
                r.consent.into(),
                r.shares.join(","),
                r.summary.clone(),
                r.urgency.into(),
                r.handover.into(),
                r.sent_on.clone(),
                r.note.clone(),
                r.status.into(),
                r.status_on.clone(),
                opt(&r.first_appointment),
                code(r.attended),
                code(r.outcome),
                r.by.clone(),
            ]);
            for e in &r.history {
                tables[19].2.push(vec![
                    id.clone(),
                    r.id.clone(),
                    e.status.into(),
                    e.on.clone(),
                    opt(&e.first_appointment),
                    code(e.attended),
                    code(e.outcome),
                    e.note.clone(),
                    e.by.clone(),
                    e.at.clone(),
                ]);
            }
        }
        for h in &p.handovers {
            tables[20].2.push(vec![
                id.clone(),
                h.from.clone(),
                h.to.clone(),
                h.note.clone(),
                h.by.clone(),
                h.at.clone(),
            ]);
        }
        for f in &p.risk_flags {
            tables[21].2.push(vec![
                id.clone(),
                f.kind.into(),
                f.note.clone(),
                f.review.clone(),
                f.set_by.clone(),
                f.set_at.clone(),
                f.reviewed_by.clone(),
                f.reviewed_at.clone(),
            ]);
        }
        for c in &p.safeguarding_concerns {
            tables[22].2.push(vec![
                id.clone(),
                c.review_before_release.into(),
                c.on.clone(),
                c.category.into(),
                c.seen.clone(),
                c.action_taken.clone(),
                c.person_knows.into(),
                c.raised_by.clone(),
                c.raised_at.clone(),
                c.decision.unwrap_or_default().into(),
                opt(&c.referred_on),
                c.reference.clone(),
                c.decision_note.clone(),
                opt(&c.decided_by),
                opt(&c.decided_at),
            ]);
        }
    }
    // Refuse before writing anything, so a second export never half-overwrites the first.
    for (name, _, _) in &tables {
        let path = dir.join(format!("{name}.csv"));
        if path.exists() {
            bail!(
                "{} already exists; export into a new directory",
                path.display()
            );
        }
    }
    for (name, header, rows) in &tables {
        let file = new_private_file(&dir.join(format!("{name}.csv")))?;
        let mut w = csv::Writer::from_writer(io::BufWriter::new(file));
        w.write_record(header)?;
        for row in rows {
            w.write_record(row.iter().map(|c| cell(c).into_owned()))?;
        }
        w.flush()?;
    }
    Ok(tables.len())
}
