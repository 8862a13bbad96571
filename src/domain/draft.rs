//! Which form a draft belongs to. Stored as text (`contact:12:345`) so existing drafts keep
//! working; written and read only here, and the participant it is about is kept in a column
//! of its own, so nothing ever has to pick a number out of the text.

use std::fmt;
use std::str::FromStr;

use super::BarrierKind;
use super::participant::Choice;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DraftKey {
    /// The participant form: adding someone new (`None`) or editing them.
    Participant(Option<i64>),
    /// A contact being logged, or an amendment of contact `amends`.
    Contact {
        participant: i64,
        amends: Option<i64>,
    },
    Plan(i64),
    /// A new action (`None`) or an edit of one.
    Action {
        participant: i64,
        action: Option<i64>,
    },
    Assess {
        participant: i64,
        barrier: BarrierKind,
    },
    /// A shared employer record: about no one participant.
    Employer(i64),
    Outcome(i64),
    Scores(i64),
    Spend(i64),
    Exit(i64),
    /// An appointment being booked.
    Booking(i64),
    /// A service in the shared directory: a new one (`None`) or an edit. About no one.
    Partner(Option<i64>),
    /// A referral being made for a participant.
    Refer(i64),
    /// A referral being moved on.
    ReferralUpdate {
        participant: i64,
        referral: i64,
    },
    /// A handover note: the people it is about are those marked on the caseload.
    Handover,
    /// A colleague's caseload covered for a while. About no one participant.
    Cover,
    RiskFlags(i64),
    /// A safeguarding concern being recorded.
    Concern(i64),
    /// A lead's decision on a concern.
    Decide {
        participant: i64,
        concern: i64,
    },
}

impl DraftKey {
    /// The participant the typed text is about, if any: their erasure takes the draft too.
    pub fn participant(self) -> Option<i64> {
        match self {
            Self::Participant(p) => p,
            Self::Contact { participant, .. }
            | Self::Action { participant, .. }
            | Self::Assess { participant, .. } => Some(participant),
            Self::Plan(p)
            | Self::Outcome(p)
            | Self::Scores(p)
            | Self::Spend(p)
            | Self::Exit(p)
            | Self::Booking(p)
            | Self::Refer(p)
            | Self::RiskFlags(p)
            | Self::Concern(p) => Some(p),
            Self::ReferralUpdate { participant, .. } | Self::Decide { participant, .. } => {
                Some(participant)
            }
            Self::Employer(_) | Self::Partner(_) | Self::Handover | Self::Cover => None,
        }
    }
}

impl fmt::Display for DraftKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Participant(None) => write!(f, "participant:new"),
            Self::Participant(Some(id)) => write!(f, "participant:{id}"),
            Self::Contact {
                participant,
                amends: None,
            } => write!(f, "contact:{participant}"),
            Self::Contact {
                participant,
                amends: Some(c),
            } => write!(f, "contact:{participant}:{c}"),
            Self::Plan(p) => write!(f, "plan:{p}"),
            Self::Action {
                participant,
                action: None,
            } => write!(f, "action:{participant}:new"),
            Self::Action {
                participant,
                action: Some(a),
            } => write!(f, "action:{participant}:{a}"),
            Self::Assess {
                participant,
                barrier,
            } => write!(f, "assess:{participant}:{}", barrier.code()),
            Self::Employer(id) => write!(f, "employer:{id}"),
            Self::Outcome(p) => write!(f, "outcome:{p}"),
            Self::Scores(p) => write!(f, "scores:{p}"),
            Self::Spend(p) => write!(f, "spend:{p}"),
            Self::Exit(p) => write!(f, "exit:{p}"),
            Self::Booking(p) => write!(f, "booking:{p}"),
            Self::Partner(None) => write!(f, "partner:new"),
            Self::Partner(Some(id)) => write!(f, "partner:{id}"),
            Self::Refer(p) => write!(f, "refer:{p}"),
            Self::ReferralUpdate {
                participant,
                referral,
            } => write!(f, "referral:{participant}:{referral}"),
            Self::Handover => write!(f, "handover"),
            Self::Cover => write!(f, "cover"),
            Self::RiskFlags(p) => write!(f, "flags:{p}"),
            Self::Concern(p) => write!(f, "concern:{p}"),
            Self::Decide {
                participant,
                concern,
            } => write!(f, "decide:{participant}:{concern}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} names no form")]
pub struct UnknownDraft(pub String);

impl FromStr for DraftKey {
    type Err = UnknownDraft;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || UnknownDraft(s.to_string());
        let mut parts = s.split(':');
        let kind = parts.next().ok_or_else(bad)?;
        let first = parts.next();
        let second = parts.next();
        if parts.next().is_some() {
            return Err(bad());
        }
        let id = |p: Option<&str>| p.and_then(|p| p.parse::<i64>().ok()).ok_or_else(bad);
        // `new`, or a number; anything else is not a key.
        let new_or_id = |p: Option<&str>| match p {
            Some("new") => Ok(None),
            p => id(p).map(Some),
        };
        let only = |key: Self| {
            if second.is_none() {
                Ok(key)
            } else {
                Err(bad())
            }
        };
        match kind {
            "participant" => only(Self::Participant(new_or_id(first)?)),
            "contact" => Ok(Self::Contact {
                participant: id(first)?,
                amends: second.map(|c| id(Some(c))).transpose()?,
            }),
            "plan" => only(Self::Plan(id(first)?)),
            "action" => Ok(Self::Action {
                participant: id(first)?,
                action: new_or_id(second)?,
            }),
            "assess" => Ok(Self::Assess {
                participant: id(first)?,
                barrier: second
                    .and_then(|code| BarrierKind::ALL.iter().find(|b| b.code() == code))
                    .copied()
                    .ok_or_else(bad)?,
            }),
            "employer" => only(Self::Employer(id(first)?)),
            "outcome" => only(Self::Outcome(id(first)?)),
            "scores" => only(Self::Scores(id(first)?)),
            "spend" => only(Self::Spend(id(first)?)),
            "exit" => only(Self::Exit(id(first)?)),
            "booking" => only(Self::Booking(id(first)?)),
            "partner" => only(Self::Partner(new_or_id(first)?)),
            "refer" => only(Self::Refer(id(first)?)),
            "referral" => Ok(Self::ReferralUpdate {
                participant: id(first)?,
                referral: id(second)?,
            }),
            "handover" if first.is_none() => Ok(Self::Handover),
            "cover" if first.is_none() => Ok(Self::Cover),
            "flags" => only(Self::RiskFlags(id(first)?)),
            "concern" => only(Self::Concern(id(first)?)),
            "decide" => Ok(Self::Decide {
                participant: id(first)?,
                concern: id(second)?,
            }),
            _ => Err(bad()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<DraftKey> {
        vec![
            DraftKey::Participant(None),
            DraftKey::Participant(Some(5)),
            DraftKey::Contact {
                participant: 5,
                amends: None,
            },
            DraftKey::Contact {
                participant: 5,
                amends: Some(12),
            },
            DraftKey::Plan(5),
            DraftKey::Action {
                participant: 5,
                action: None,
            },
            DraftKey::Action {
                participant: 12,
                action: Some(5),
            },
            DraftKey::Assess {
                participant: 5,
                barrier: BarrierKind::ALL[0],
            },
            DraftKey::Employer(5),
            DraftKey::Outcome(5),
            DraftKey::Scores(5),
            DraftKey::Spend(5),
            DraftKey::Exit(5),
            DraftKey::Booking(5),
            DraftKey::Partner(None),
            DraftKey::Partner(Some(5)),
            DraftKey::Refer(5),
            DraftKey::ReferralUpdate {
                participant: 5,
                referral: 9,
            },
            DraftKey::Handover,
            DraftKey::Cover,
            DraftKey::RiskFlags(5),
            DraftKey::Concern(5),
            DraftKey::Decide {
                participant: 5,
                concern: 9,
            },
        ]
    }

    #[test]
    fn every_key_reads_back_as_written() {
        for key in every_kind() {
            assert_eq!(key.to_string().parse::<DraftKey>(), Ok(key), "{key}");
        }
    }

    #[test]
    fn the_participant_is_the_one_named_not_any_number_in_the_key() {
        let about_twelve = DraftKey::Action {
            participant: 12,
            action: Some(5),
        };
        assert_eq!(about_twelve.participant(), Some(12));
        assert_eq!(DraftKey::Employer(5).participant(), None);
        assert_eq!(DraftKey::Participant(None).participant(), None);
    }

    #[test]
    fn keys_from_elsewhere_are_refused() {
        for s in [
            "",
            "plan",
            "plan:x",
            "plan:5:6",
            "participant:5:6",
            "assess:5:no_such_barrier",
            "contact:5:x",
            "note:5",
            "action:5:6:7",
            "referral:5",
            "partner:5:6",
            "handover:5",
            "decide:5",
        ] {
            assert!(s.parse::<DraftKey>().is_err(), "{s}");
        }
    }
}
