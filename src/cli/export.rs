//! `keyworker export`: everything held, in the stable format of DESIGN.md.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use crate::domain::appointment::Appointment;
use crate::domain::outcome::{Exit, FormalOutcome, SoftScore, Spend};
use crate::domain::referral::Referral;
use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::domain::contact::{Contact, Outcome};
use crate::domain::plan::{Action, Assessment, Consent, Employer, Goal, Plan, StoredPlan};
use crate::domain::reminder::Reminder;
use crate::domain::{Choice, Participant, StageChange};
use crate::store::Store;
use crate::store::{DraftAbout, MilestoneRecord, OneOff, ReminderQuery, Review, far_ahead};

pub const SCHEMA: &str = "keyworker-export/1";

#[derive(Serialize)]
pub(super) struct Export {
    pub(super) schema: &'static str,
    pub(super) exported_at: String,
    pub(super) participants: Vec<ParticipantOut>,
}

#[derive(Serialize)]
pub(super) struct BarrierOut {
    pub(super) kind: &'static str,
    pub(super) status: &'static str,
    pub(super) note: String,
    pub(super) assessed: String,
    pub(super) assessments: Vec<AssessmentOut>,
}

#[derive(Serialize)]
pub(super) struct AssessmentOut {
    pub(super) status: &'static str,
    pub(super) note: String,
    pub(super) assessed: String,
    pub(super) by: String,
}

#[derive(Serialize)]
pub(super) struct ReminderOut {
    pub(super) due: String,
    pub(super) kind: &'static str,
    pub(super) title: String,
    pub(super) key: String,
    pub(super) done: bool,
    pub(super) snoozed_until: Option<String>,
    /// An appointment's time of day.
    pub(super) time: Option<String>,
    /// How they can be reached, beside a contact or appointment.
    pub(super) note: String,
}

#[derive(Serialize)]
pub(super) struct InWorkOut {
    pub(super) role_going: String,
    pub(super) changes: String,
    pub(super) needs: String,
}

#[derive(Serialize)]
pub(super) struct ContactOut {
    pub(super) id: String,
    pub(super) at: String,
    pub(super) channel: &'static str,
    pub(super) with: &'static str,
    pub(super) outcome: &'static str,
    pub(super) cancelled_by: Option<&'static str>,
    pub(super) duration_minutes: Option<u32>,
    pub(super) notes: String,
    pub(super) next_contact: Option<String>,
    pub(super) in_work: Option<InWorkOut>,
    pub(super) amends: Option<String>,
    /// False for a version that a later amendment replaced.
    pub(super) current: bool,
    pub(super) by: String,
    pub(super) recorded_at: String,
}

fn contact_out(c: Contact, replaced: &std::collections::HashSet<i64>) -> ContactOut {
    let current = !replaced.contains(&c.id);
    let d = c.details;
    ContactOut {
        id: c.id.to_string(),
        at: rfc3339(d.at),
        channel: d.channel.code(),
        with: d.with.code(),
        outcome: d.outcome.export_code(),
        cancelled_by: match d.outcome {
            Outcome::CancelledByThem => Some("participant"),
            Outcome::CancelledByUs => Some("key_worker"),
            _ => None,
        },
        duration_minutes: d.duration_minutes,
        notes: d.notes,
        next_contact: d.next_contact.map(|n| n.to_string()),
        in_work: d.in_work.map(|w| InWorkOut {
            role_going: w.role_going,
            changes: w.changes,
            needs: w.needs,
        }),
        amends: c.amends.map(|a| a.to_string()),
        current,
        by: c.by,
        recorded_at: rfc3339(c.recorded_at),
    }
}

#[derive(Serialize)]
pub(super) struct ActionOut {
    pub(super) text: String,
    pub(super) owner: &'static str,
    pub(super) due: Option<String>,
    pub(super) status: &'static str,
    pub(super) created_at: String,
}

#[derive(Serialize)]
pub(super) struct EmployerOut {
    pub(super) name: String,
    pub(super) contact_name: String,
    pub(super) phone: String,
    pub(super) email: String,
    pub(super) notes: String,
}

#[derive(Serialize)]
pub(super) struct PlanOut {
    pub(super) job_start: Option<String>,
    pub(super) employer: String,
    pub(super) job_title: String,
    pub(super) hours_per_week: Option<f32>,
    pub(super) contract_type: Option<&'static str>,
    pub(super) consent_employer_contact: &'static str,
    pub(super) contact_channel: Option<&'static str>,
    pub(super) contact_channel_other: String,
    pub(super) contact_frequency: Option<String>,
    pub(super) practical_help: Vec<&'static str>,
    pub(super) practical_help_other: String,
    pub(super) other_support: String,
    pub(super) support_agreed: String,
    pub(super) long_term_goals: String,
    pub(super) long_term_goal_kinds: Vec<&'static str>,
    pub(super) long_term_goals_other: String,
    pub(super) employer_details: Option<EmployerOut>,
    pub(super) actions: Vec<ActionOut>,
    pub(super) version: i64,
    pub(super) updated_at: Option<String>,
    pub(super) updated_by: String,
}

#[derive(Serialize)]
pub(super) struct OutcomeOut {
    pub(super) kind: &'static str,
    pub(super) on: String,
    pub(super) evidence: String,
    pub(super) by: String,
    pub(super) recorded_at: String,
}

#[derive(Serialize)]
pub(super) struct ScoreOut {
    pub(super) scale: String,
    pub(super) score: u8,
    pub(super) on: String,
    pub(super) occasion: &'static str,
    pub(super) by: String,
}

#[derive(Serialize)]
pub(super) struct SpendOut {
    pub(super) on: String,
    pub(super) amount_pence: i64,
    pub(super) category: &'static str,
    pub(super) note: String,
    pub(super) approved_by: String,
    pub(super) by: String,
}

#[derive(Serialize)]
pub(super) struct ExitOut {
    pub(super) reason: &'static str,
    pub(super) on: String,
    pub(super) note: String,
}

#[derive(Serialize)]
pub(super) struct StageOut {
    pub(super) from: Option<&'static str>,
    pub(super) to: &'static str,
    pub(super) at: String,
    pub(super) by: String,
}

#[derive(Serialize)]
pub(super) struct ParticipantOut {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) preferred_name: String,
    pub(super) phone: String,
    pub(super) email: String,
    pub(super) postcode: String,
    pub(super) key_worker: String,
    pub(super) stage: &'static str,
    pub(super) stage_since: String,
    pub(super) referral_route: &'static str,
    pub(super) referral_date: Option<String>,
    pub(super) barriers: Vec<BarrierOut>,
    pub(super) plan: Option<PlanOut>,
    pub(super) contacts: Vec<ContactOut>,
    pub(super) reminders: Vec<ReminderOut>,
    pub(super) outcomes: Vec<OutcomeOut>,
    pub(super) soft_outcomes: Vec<ScoreOut>,
    pub(super) spend: Vec<SpendOut>,
    pub(super) exit: Option<ExitOut>,
    pub(super) stage_history: Vec<StageOut>,
    pub(super) created_at: String,
    pub(super) updated_at: String,
    pub(super) version: i64,
    /// Reminders put off, each with why, by whom and when.
    pub(super) snoozes: Vec<SnoozeOut>,
    /// Progress Chart milestones marked done or missed, with the evidence.
    pub(super) milestones: Vec<MilestoneRecord>,
    pub(super) reviews: Vec<Review>,
    /// One-off reminders, done ones too.
    pub(super) one_off_reminders: Vec<OneOff>,
    /// Typed and not yet saved, by any worker.
    pub(super) drafts: Vec<DraftAbout>,
    /// Every change to their record: who, when, what.
    pub(super) audit: Vec<serde_json::Value>,
    /// When and how they can be reached.
    pub(super) availability: AvailabilityOut,
    /// Booked, held, missed and cancelled, each with its moves.
    pub(super) appointments: Vec<AppointmentOut>,
    /// Onward referrals to partner services, each with its dated history.
    pub(super) referrals: Vec<ReferralOut>,
    /// Moves from one key worker to another, with the note for the new one.
    pub(super) handovers: Vec<HandoverOut>,
    pub(super) risk_flags: Vec<FlagOut>,
    /// Each is marked for a worker to review before the export is released: a concern can
    /// hold what others said about them, or what telling them could make riskier.
    pub(super) safeguarding_concerns: Vec<ConcernOut>,
}

#[derive(Serialize)]
pub(super) struct HandoverOut {
    pub(super) from: String,
    pub(super) to: String,
    pub(super) note: String,
    pub(super) by: String,
    pub(super) at: String,
}

#[derive(Serialize)]
pub(super) struct FlagOut {
    pub(super) kind: &'static str,
    pub(super) note: String,
    pub(super) review: String,
    pub(super) set_by: String,
    pub(super) set_at: String,
    pub(super) reviewed_by: String,
    pub(super) reviewed_at: String,
}

/// What marks a concern in an export.
pub const REVIEW_BEFORE_RELEASE: &str = "A worker must review this before the export is released: it may name others or raise the risk to someone if disclosed.";

#[derive(Serialize)]
pub(super) struct ConcernOut {
    pub(super) review_before_release: &'static str,
    pub(super) on: String,
    pub(super) category: &'static str,
    pub(super) seen: String,
    pub(super) action_taken: String,
    pub(super) person_knows: &'static str,
    pub(super) raised_by: String,
    pub(super) raised_at: String,
    pub(super) decision: Option<&'static str>,
    pub(super) referred_on: Option<String>,
    pub(super) reference: String,
    pub(super) decision_note: String,
    pub(super) decided_by: Option<String>,
    pub(super) decided_at: Option<String>,
}

fn concern_out(c: crate::domain::team::Concern) -> ConcernOut {
    let d = c.details;
    let decision = c.decision;
    ConcernOut {
        review_before_release: REVIEW_BEFORE_RELEASE,
        on: d.on.to_string(),
        category: d.category.code(),
        seen: d.seen,
        action_taken: d.action_taken,
        person_knows: d.person_knows.code(),
        raised_by: c.raised_by,
        raised_at: rfc3339(c.raised_at),
        decision: decision.as_ref().map(|x| x.decision.code()),
        referred_on: decision
            .as_ref()
            .and_then(|x| x.referred_on)
            .map(|d| d.to_string()),
        reference: decision
            .as_ref()
            .map(|x| x.reference.clone())
            .unwrap_or_default(),
        decision_note: decision.map(|x| x.note).unwrap_or_default(),
        decided_by: c.decided_by,
        decided_at: c.decided_at.map(rfc3339),
    }
}

#[derive(Serialize)]
pub(super) struct ReferralOut {
    pub(super) id: String,
    pub(super) partner: String,
    pub(super) reason: &'static str,
    pub(super) consent: &'static str,
    pub(super) shares: Vec<&'static str>,
    pub(super) summary: String,
    pub(super) urgency: &'static str,
    pub(super) handover: &'static str,
    pub(super) sent_on: String,
    pub(super) note: String,
    pub(super) status: &'static str,
    pub(super) status_on: String,
    pub(super) first_appointment: Option<String>,
    pub(super) attended: Option<&'static str>,
    pub(super) outcome: Option<&'static str>,
    pub(super) by: String,
    pub(super) history: Vec<ReferralEventOut>,
}

#[derive(Serialize)]
pub(super) struct ReferralEventOut {
    pub(super) status: &'static str,
    pub(super) on: String,
    pub(super) first_appointment: Option<String>,
    pub(super) attended: Option<&'static str>,
    pub(super) outcome: Option<&'static str>,
    pub(super) note: String,
    pub(super) by: String,
    pub(super) at: String,
}

fn referral_out(r: Referral) -> ReferralOut {
    let d = r.details;
    ReferralOut {
        id: r.id.to_string(),
        partner: r.partner,
        reason: d.reason.code(),
        consent: d.consent.code(),
        shares: d.shares.iter().map(|s| s.code()).collect(),
        summary: d.summary,
        urgency: d.urgency.code(),
        handover: d.handover.code(),
        sent_on: d.sent_on.to_string(),
        note: d.note,
        status: r.status.code(),
        status_on: r.status_on.to_string(),
        first_appointment: r.first_appointment.map(|d| d.to_string()),
        attended: r.attended.map(Choice::code),
        outcome: r.outcome.map(Choice::code),
        by: r.by,
        history: r
            .events
            .into_iter()
            .map(|e| ReferralEventOut {
                status: e.change.status.code(),
                on: e.change.on.to_string(),
                first_appointment: e.change.first_appointment.map(|d| d.to_string()),
                attended: e.change.attended.map(Choice::code),
                outcome: e.change.outcome.map(Choice::code),
                note: e.change.note,
                by: e.by,
                at: rfc3339(e.at),
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub(super) struct AvailabilityOut {
    pub(super) note: String,
    pub(super) flags: Vec<&'static str>,
}

#[derive(Serialize)]
pub(super) struct AppointmentOut {
    pub(super) uid: String,
    pub(super) at: String,
    pub(super) minutes: u32,
    pub(super) kind: &'static str,
    pub(super) place: String,
    pub(super) with: &'static str,
    pub(super) note: String,
    pub(super) status: &'static str,
    pub(super) by: String,
    pub(super) moves: Vec<MoveOut>,
}

#[derive(Serialize)]
pub(super) struct MoveOut {
    pub(super) from: String,
    pub(super) to: String,
    pub(super) reason: &'static str,
    pub(super) note: String,
    pub(super) by: String,
    pub(super) at: String,
}

fn appointment_out(a: Appointment) -> AppointmentOut {
    AppointmentOut {
        uid: a.uid,
        at: rfc3339(a.details.at),
        minutes: a.details.minutes,
        kind: a.details.kind.code(),
        place: a.details.place,
        with: a.details.with.code(),
        note: a.details.note,
        status: a.status.code(),
        by: a.by,
        moves: a
            .moves
            .into_iter()
            .map(|m| MoveOut {
                from: rfc3339(m.from),
                to: rfc3339(m.to),
                reason: m.reason.code(),
                note: m.note,
                by: m.by,
                at: rfc3339(m.at),
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub(super) struct SnoozeOut {
    pub(super) reminder: String,
    pub(super) until: String,
    pub(super) reason: String,
    pub(super) by: String,
    pub(super) at: String,
}

pub(super) fn rfc3339(t: chrono::DateTime<chrono::FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Everything held about one participant beyond the participant row.
pub(super) struct Extra {
    pub(super) plan: Option<StoredPlan>,
    pub(super) employer: Option<Employer>,
    pub(super) actions: Vec<Action>,
    pub(super) assessments: Vec<Assessment>,
    pub(super) contacts: Vec<Contact>,
    pub(super) reminders: Vec<Reminder>,
    pub(super) outcomes: Vec<FormalOutcome>,
    pub(super) scores: Vec<SoftScore>,
    pub(super) spend: Vec<Spend>,
    pub(super) exit: Option<Exit>,
    pub(super) snoozes: Vec<crate::store::Snooze>,
    pub(super) milestones: Vec<MilestoneRecord>,
    pub(super) reviews: Vec<Review>,
    pub(super) one_off: Vec<OneOff>,
    pub(super) drafts: Vec<DraftAbout>,
    pub(super) audit: Vec<crate::store::AuditEntry>,
    pub(super) appointments: Vec<Appointment>,
    pub(super) referrals: Vec<Referral>,
    pub(super) handovers: Vec<crate::domain::team::Handover>,
    pub(super) flags: Vec<crate::domain::team::RiskFlag>,
    pub(super) concerns: Vec<crate::domain::team::Concern>,
}

fn extra(store: &Store, id: i64) -> Result<Extra> {
    let plan = store.plan(id)?;
    let employer = match &plan {
        Some(p) if !p.plan.employer.is_empty() => store.employer_named(&p.plan.employer)?,
        _ => None,
    };
    Ok(Extra {
        plan,
        employer,
        actions: store.actions(id)?,
        assessments: store.assessments(id)?,
        contacts: store.all_contact_versions(id)?,
        reminders: store.reminders(ReminderQuery {
            worker: None,
            participant: Some(id),
            until: far_ahead(store.clock().today()),
        })?,
        outcomes: store.outcomes(id)?,
        scores: store.soft_scores(id)?,
        spend: store.spend(id)?,
        exit: store.exit_of(id)?,
        snoozes: store.snoozes(id)?,
        milestones: store.milestone_records(id)?,
        reviews: store.reviews(id)?,
        one_off: store.one_off_reminders(id)?,
        drafts: store.drafts_about(id)?,
        audit: store.audit(Some(id))?,
        appointments: store.appointments(id)?,
        referrals: store.referrals_in_full(id)?,
        handovers: store.handovers(id)?,
        flags: store.risk_flags(id)?,
        concerns: store.concerns(id)?,
    })
}

fn plan_out(x: Extra) -> Option<PlanOut> {
    if x.plan.is_none() && x.actions.is_empty() {
        return None;
    }
    let stored = x.plan.unwrap_or(StoredPlan {
        plan: Plan::default(),
        version: 0,
        updated_at: None,
        updated_by: String::new(),
    });
    let p = stored.plan;
    let mut goals: Vec<String> = p
        .long_term_goals
        .iter()
        .filter(|g| **g != Goal::Other)
        .map(|g| g.label().to_string())
        .collect();
    if !p.long_term_goals_other.is_empty() {
        goals.push(p.long_term_goals_other.clone());
    }
    Some(PlanOut {
        job_start: p.job_start.map(|d| d.to_string()),
        employer: p.employer,
        job_title: p.job_title,
        hours_per_week: p.hours_per_week,
        contract_type: p.contract_type.map(Choice::code),
        consent_employer_contact: p
            .consent_employer_contact
            .unwrap_or(Consent::NotAsked)
            .code(),
        contact_channel: p.contact_channel.map(Choice::code),
        contact_channel_other: p.contact_channel_other,
        contact_frequency: p.contact_frequency.map(|f| f.code()),
        practical_help: p.practical_help.iter().map(|h| h.code()).collect(),
        practical_help_other: p.practical_help_other,
        other_support: p.other_support,
        support_agreed: p.support_agreed,
        long_term_goals: goals.join(", "),
        long_term_goal_kinds: p.long_term_goals.iter().map(|g| g.code()).collect(),
        long_term_goals_other: p.long_term_goals_other,
        employer_details: x.employer.map(|e| EmployerOut {
            name: e.name,
            contact_name: e.contact_name,
            phone: e.phone,
            email: e.email,
            notes: e.notes,
        }),
        actions: x
            .actions
            .into_iter()
            .map(|a| ActionOut {
                text: a.details.text,
                owner: a.details.owner.code(),
                due: a.details.due.map(|d| d.to_string()),
                status: a.details.status.code(),
                created_at: rfc3339(a.created_at),
            })
            .collect(),
        version: stored.version,
        updated_at: stored.updated_at.map(rfc3339),
        updated_by: stored.updated_by,
    })
}

fn participant_out(p: Participant, history: Vec<StageChange>, mut x: Extra) -> ParticipantOut {
    let contacts = std::mem::take(&mut x.contacts);
    let reminders = std::mem::take(&mut x.reminders);
    let outcomes = std::mem::take(&mut x.outcomes);
    let scores = std::mem::take(&mut x.scores);
    let spend = std::mem::take(&mut x.spend);
    let exit = x.exit.take();
    let snoozes = std::mem::take(&mut x.snoozes);
    let milestones = std::mem::take(&mut x.milestones);
    let reviews = std::mem::take(&mut x.reviews);
    let one_off_reminders = std::mem::take(&mut x.one_off);
    let drafts = std::mem::take(&mut x.drafts);
    let audit = std::mem::take(&mut x.audit);
    let appointments = std::mem::take(&mut x.appointments);
    let referrals = std::mem::take(&mut x.referrals);
    let handovers = std::mem::take(&mut x.handovers);
    let flags = std::mem::take(&mut x.flags);
    let concerns = std::mem::take(&mut x.concerns);
    let d = p.details;
    let availability = AvailabilityOut {
        note: d.availability.note.clone(),
        flags: d.availability.flags.iter().map(|f| f.code()).collect(),
    };
    let assessments = &x.assessments;
    ParticipantOut {
        id: p.id.to_string(),
        name: d.name,
        preferred_name: d.preferred_name,
        phone: d.phone,
        email: d.email,
        postcode: d.postcode,
        key_worker: d.key_worker,
        stage: d.stage.code(),
        stage_since: p.stage_since.to_string(),
        referral_route: d.referral_route.code(),
        referral_date: d.referral_date.map(|d| d.to_string()),
        barriers: p
            .barriers
            .into_iter()
            .map(|b| BarrierOut {
                kind: b.kind.code(),
                status: b.status.code(),
                note: b.note,
                assessed: b.assessed.to_string(),
                assessments: assessments
                    .iter()
                    .filter(|a| a.kind == b.kind)
                    .map(|a| AssessmentOut {
                        status: a.status.code(),
                        note: a.note.clone(),
                        assessed: a.assessed.to_string(),
                        by: a.by.clone(),
                    })
                    .collect(),
            })
            .collect(),
        plan: plan_out(x),
        contacts: {
            let replaced = contacts.iter().filter_map(|c| c.amends).collect();
            contacts
                .into_iter()
                .map(|c| contact_out(c, &replaced))
                .collect()
        },
        reminders: reminders
            .into_iter()
            .map(|r| ReminderOut {
                due: r.due.to_string(),
                kind: r.kind.code(),
                title: r.title,
                key: r.key,
                done: false,
                snoozed_until: r.snoozed_until.map(|d| d.to_string()),
                time: r.time.map(crate::domain::dates::hm),
                note: r.note,
            })
            .collect(),
        outcomes: outcomes
            .into_iter()
            .map(|o| OutcomeOut {
                kind: o.kind.code(),
                on: o.on.to_string(),
                evidence: o.evidence,
                by: o.by,
                recorded_at: rfc3339(o.at),
            })
            .collect(),
        soft_outcomes: scores
            .into_iter()
            .map(|s| ScoreOut {
                scale: s.scale,
                score: s.score,
                on: s.on.to_string(),
                occasion: s.occasion.code(),
                by: s.by,
            })
            .collect(),
        spend: spend
            .into_iter()
            .map(|s| SpendOut {
                on: s.on.to_string(),
                amount_pence: s.pence,
                category: s.category.code(),
                note: s.note,
                approved_by: s.approved_by,
                by: s.by,
            })
            .collect(),
        exit: exit.map(|e| ExitOut {
            reason: e.reason.code(),
            on: e.on.to_string(),
            note: e.note,
        }),
        stage_history: history
            .into_iter()
            .map(|h| StageOut {
                from: h.from.map(Choice::code),
                to: h.to.code(),
                at: rfc3339(h.at),
                by: h.by,
            })
            .collect(),
        created_at: rfc3339(p.created_at),
        updated_at: rfc3339(p.updated_at),
        version: p.version,
        snoozes: snoozes
            .into_iter()
            .map(|s| SnoozeOut {
                reminder: s.reminder,
                until: s.until.to_string(),
                reason: s.reason,
                by: s.by,
                at: rfc3339(s.at),
            })
            .collect(),
        milestones,
        reviews,
        one_off_reminders,
        drafts,
        availability,
        appointments: appointments.into_iter().map(appointment_out).collect(),
        referrals: referrals.into_iter().map(referral_out).collect(),
        handovers: handovers
            .into_iter()
            .map(|h| HandoverOut {
                from: h.from,
                to: h.to,
                note: h.note,
                by: h.by,
                at: rfc3339(h.at),
            })
            .collect(),
        risk_flags: flags
            .into_iter()
            .map(|f| FlagOut {
                kind: f.kind.code(),
                note: f.note,
                review: f.review.to_string(),
                set_by: f.set_by,
                set_at: rfc3339(f.set_at),
                reviewed_by: f.reviewed_by,
                reviewed_at: rfc3339(f.reviewed_at),
            })
            .collect(),
        safeguarding_concerns: concerns.into_iter().map(concern_out).collect(),
        audit: audit
            .into_iter()
            .map(|a| {
                serde_json::json!({
                    "at": rfc3339(a.at),
                    "who": a.who,
                    "entity": a.entity,
                    "action": a.action,
                    "changes": a.changes,
                    "body_hash": a.body_hash,
                    "content_hash": a.content_hash,
                    "chain_hash": a.chain_hash,
                })
            })
            .collect(),
    }
}

pub fn parse_id(s: &str) -> Result<i64> {
    s.trim()
        .parse()
        .with_context(|| format!("{s:?} is not a participant id (ids are whole numbers)"))
}

pub fn run(
    store: &Store,
    format: &str,
    participant: Option<&str>,
    out: Option<&Path>,
) -> Result<()> {
    let only = participant.map(parse_id).transpose()?;
    let people = store.participants_in_full(only)?;
    if let Some(id) = only
        && people.is_empty()
    {
        bail!("there is no participant with id {id}");
    }
    let export = Export {
        schema: SCHEMA,
        exported_at: rfc3339(store.clock().now()),
        participants: people
            .into_iter()
            .map(|(p, h)| {
                let x = extra(store, p.id)?;
                Ok(participant_out(p, h, x))
            })
            .collect::<Result<_>>()?,
    };
    if format == "csv" {
        let default = format!("keyworker-export-{}", store.clock().today());
        let dir = out.unwrap_or(Path::new(&default));
        let written = super::export_csv::write(dir, &export.participants)?;
        eprintln!(
            "Wrote {} participants into {} files in {}.",
            export.participants.len(),
            written,
            dir.display()
        );
        return Ok(());
    }
    let mut w: Box<dyn Write> = match out {
        Some(path) => Box::new(io::BufWriter::new(new_private_file(path)?)),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    if format == "text" {
        super::export_text::write(&mut w, &export)?;
    } else {
        serde_json::to_writer_pretty(&mut w, &export)?;
        writeln!(w)?;
    }
    w.flush()?;
    Ok(())
}

/// A private file (0600) that must not exist yet: an export of personal data never writes
/// into an existing file, whose mode others may read, nor through a link planted in its place.
pub(super) fn new_private_file(path: &Path) -> Result<std::fs::File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(libc::O_NOFOLLOW)
        .mode(0o600)
        .open(path)
        .map_err(|e| refused(path, e))
}

/// The one sentence for a path an export will not write to.
pub(super) fn refused(path: &Path, e: io::Error) -> anyhow::Error {
    if e.kind() == io::ErrorKind::AlreadyExists {
        anyhow::anyhow!(
            "{} already exists; an export never writes over a file or through a link, so give a new name",
            path.display()
        )
    } else {
        anyhow::anyhow!("cannot write {}: {e}", path.display())
    }
}
