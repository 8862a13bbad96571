//! A participant's record as the screens read it: their details, stage history, plan,
//! employer, contacts, snoozes and exit. The participant screen shows it whole; the pre-call
//! brief shows it with what is due.

use crate::domain::{Participant, StageChange};
use crate::store::{Store, StoreError};

pub struct ParticipantScreen {
    pub participant: Participant,
    pub history: Vec<StageChange>,
    pub plan: Option<crate::domain::plan::StoredPlan>,
    pub employer: Option<crate::domain::plan::Employer>,
    /// Contact history, newest first, and the one highlighted.
    pub contacts: Vec<crate::domain::contact::Contact>,
    /// Reminders put off, with why, newest first.
    pub snoozes: Vec<crate::store::Snooze>,
    /// Why and when the case was closed, while it is.
    pub exit: Option<crate::domain::outcome::Exit>,
    /// Onward referrals, newest first.
    pub referrals: Vec<crate::domain::referral::Referral>,
    pub flags: Vec<crate::domain::team::RiskFlag>,
    /// Key workers before this one, oldest first.
    pub handovers: Vec<crate::domain::team::Handover>,
    /// The latest handover, while the new worker has not yet reached them.
    pub fresh_handover: Option<crate::domain::team::Handover>,
    /// Safeguarding concerns, newest first.
    pub concerns: Vec<crate::domain::team::Concern>,
    pub cursor: usize,
}

/// How many contacts the participant screen lists.
pub const CONTACT_HISTORY: usize = 200;

impl ParticipantScreen {
    pub fn load(store: &Store, id: i64) -> Result<Self, StoreError> {
        let plan = store.plan(id)?;
        let employer = match &plan {
            Some(p) if !p.plan.employer.is_empty() => store.employer_named(&p.plan.employer)?,
            _ => None,
        };
        Ok(Self {
            participant: store.participant(id)?,
            history: store.stage_history(id)?,
            plan,
            employer,
            contacts: store.contacts(id, CONTACT_HISTORY)?,
            snoozes: store.snoozes(id)?,
            exit: store.exit_of(id)?,
            referrals: store.referrals(id)?,
            flags: store.risk_flags(id)?,
            handovers: store.handovers(id)?,
            fresh_handover: store.fresh_handover(id)?,
            concerns: store.concerns(id)?,
            cursor: 0,
        })
    }
}
