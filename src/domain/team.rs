//! The team: who leads it, people handed from one key worker to another, a colleague's
//! caseload covered for a while, risk flags on a person and safeguarding concerns about them.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::participant::{Choice, Stage};

/// `[team]` in the profile.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TeamRules {
    /// Login names of the team leads: they see every worker's figures in the team pane and
    /// decide on safeguarding concerns. With none named, everyone does both, so a concern is
    /// never left unseen by a team that has not set this.
    pub leads: Vec<String>,
}

impl TeamRules {
    pub fn is_lead(&self, who: &str) -> bool {
        self.leads.is_empty() || self.leads.iter().any(|l| l == who)
    }
}

/// A participant moved from one key worker to another, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub participant_id: i64,
    pub from: String,
    pub to: String,
    pub note: String,
    pub by: String,
    pub at: DateTime<FixedOffset>,
}

/// A worker's caseload covered by a colleague from one day to another, both included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    pub id: i64,
    pub worker: String,
    pub by: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub note: String,
}

impl Cover {
    pub fn runs_on(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

choice! {
    /// A warning on a person that a colleague must see before meeting them.
    RiskKind {
        LoneWorking = "lone_working", "Lone working: do not visit alone";
        RiskToSelf = "risk_to_self", "Risk to self";
        RiskToOthers = "risk_to_others", "Risk to others";
        Other = "other", "Other risk";
    }
}

impl RiskKind {
    /// A short name for a header or a reminder.
    pub fn short(self) -> &'static str {
        match self {
            Self::LoneWorking => "do not visit alone",
            Self::RiskToSelf => "risk to self",
            Self::RiskToOthers => "risk to others",
            Self::Other => "other risk",
        }
    }
}

/// A risk flag as stored: what it warns of, who set it and when it is to be looked at again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskFlag {
    pub kind: RiskKind,
    pub note: String,
    pub review: NaiveDate,
    pub set_by: String,
    pub set_at: DateTime<FixedOffset>,
    pub reviewed_by: String,
    pub reviewed_at: DateTime<FixedOffset>,
}

/// A flag as the form gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagDetails {
    pub kind: RiskKind,
    pub note: String,
}

/// The flags of a person in words for a header: "RISK: do not visit alone, risk to self".
pub fn flags_line(flags: &[RiskFlag]) -> Option<String> {
    if flags.is_empty() {
        return None;
    }
    let words: Vec<&str> = flags.iter().map(|f| f.kind.short()).collect();
    Some(format!("RISK: {}", words.join(", ")))
}

choice! {
    /// What a safeguarding concern is about.
    ConcernCategory {
        Physical = "physical", "Physical abuse";
        Emotional = "emotional", "Emotional or psychological abuse";
        Sexual = "sexual", "Sexual abuse or exploitation";
        Financial = "financial", "Financial or material abuse";
        Neglect = "neglect", "Neglect or self-neglect";
        Domestic = "domestic", "Domestic abuse";
        Exploitation = "exploitation", "Modern slavery or criminal exploitation";
        SelfHarm = "self_harm", "Self-harm or suicide risk";
        Child = "child", "A child at risk";
        Radicalisation = "radicalisation", "Radicalisation";
        Other = "other", "Other";
    }
}

choice! {
    /// Whether the person knows a concern was raised about them.
    PersonKnows {
        Yes = "yes", "Yes, they know";
        No = "no", "No, not yet";
        NotSafe = "not_safe", "No: telling them could raise the risk";
    }
}

choice! {
    /// What a team lead decided about a concern.
    Decision {
        NoFurtherAction = "no_further_action", "No further action";
        ReferredToLocalAuthority = "referred_la", "Referred to the local authority";
        Other = "other", "Other (say what)";
    }
}

/// A concern as the worker records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernDetails {
    /// What was seen or said.
    pub seen: String,
    pub on: NaiveDate,
    pub category: ConcernCategory,
    /// What was done there and then.
    pub action_taken: String,
    pub person_knows: PersonKnows,
}

/// A lead's decision on a concern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionDetails {
    pub decision: Decision,
    /// For a referral to the local authority: when and their reference.
    pub referred_on: Option<NaiveDate>,
    pub reference: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concern {
    pub id: i64,
    pub participant_id: i64,
    pub version: i64,
    pub details: ConcernDetails,
    pub raised_by: String,
    pub raised_at: DateTime<FixedOffset>,
    pub decision: Option<DecisionDetails>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<FixedOffset>>,
}

impl Concern {
    pub fn is_open(&self) -> bool {
        self.decision.is_none()
    }
}

/// One key worker's line in the team pane.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkerFigures {
    pub worker: String,
    /// Open cases (not exited).
    pub open: u32,
    /// Open cases by stage, in `Stage::ALL` order (exited counted nowhere).
    pub by_stage: [u32; 7],
    pub overdue: u32,
    pub contacts_7: u32,
    pub minutes_7: u32,
    pub contacts_28: u32,
    pub minutes_28: u32,
    /// Open cases with no completed contact in 28 days.
    pub quiet_28: u32,
    /// Open cases with three or more missed attempts in a row.
    pub missed_3: u32,
    pub open_referrals: u32,
}

impl WorkerFigures {
    pub fn stage(&self, s: Stage) -> u32 {
        Stage::ALL
            .iter()
            .position(|x| *x == s)
            .map_or(0, |i| self.by_stage[i])
    }

    /// Adds another line's figures to these (for the total).
    pub fn add(&mut self, o: &WorkerFigures) {
        self.open += o.open;
        for (a, b) in self.by_stage.iter_mut().zip(o.by_stage) {
            *a += b;
        }
        self.overdue += o.overdue;
        self.contacts_7 += o.contacts_7;
        self.minutes_7 += o.minutes_7;
        self.contacts_28 += o.contacts_28;
        self.minutes_28 += o.minutes_28;
        self.quiet_28 += o.quiet_28;
        self.missed_3 += o.missed_3;
        self.open_referrals += o.open_referrals;
    }
}

/// The total line of the team pane.
pub fn total(lines: &[WorkerFigures]) -> WorkerFigures {
    let mut t = WorkerFigures {
        worker: "Total".to_string(),
        ..Default::default()
    };
    for l in lines {
        t.add(l);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_no_lead_named_everyone_leads() {
        let none = TeamRules::default();
        assert!(none.is_lead("anyone"));
        let named = TeamRules {
            leads: vec!["sam".into()],
        };
        assert!(named.is_lead("sam"));
        assert!(!named.is_lead("alex"));
    }

    #[test]
    fn cover_runs_both_ends_included() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let c = Cover {
            id: 1,
            worker: "alex".into(),
            by: "sam".into(),
            from: d("2026-11-23"),
            to: d("2026-11-27"),
            note: String::new(),
        };
        assert!(!c.runs_on(d("2026-11-22")));
        assert!(c.runs_on(d("2026-11-23")));
        assert!(c.runs_on(d("2026-11-27")));
        assert!(!c.runs_on(d("2026-11-28")));
    }

    #[test]
    fn the_total_adds_every_figure() {
        let a = WorkerFigures {
            worker: "a".into(),
            open: 3,
            by_stage: [1, 2, 0, 0, 0, 0, 0],
            overdue: 1,
            contacts_7: 2,
            minutes_7: 10,
            contacts_28: 5,
            minutes_28: 30,
            quiet_28: 1,
            missed_3: 0,
            open_referrals: 2,
        };
        let t = total(&[a.clone(), a]);
        assert_eq!(t.open, 6);
        assert_eq!(t.by_stage[1], 4);
        assert_eq!(t.minutes_28, 60);
        assert_eq!(t.open_referrals, 4);
        assert_eq!(t.worker, "Total");
    }

    #[test]
    fn flags_are_said_in_words() {
        assert_eq!(flags_line(&[]), None);
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+00:00").unwrap();
        let f = |kind| RiskFlag {
            kind,
            note: String::new(),
            review: now.date_naive(),
            set_by: "sam".into(),
            set_at: now,
            reviewed_by: "sam".into(),
            reviewed_at: now,
        };
        assert_eq!(
            flags_line(&[f(RiskKind::LoneWorking), f(RiskKind::RiskToSelf)]).as_deref(),
            Some("RISK: do not visit alone, risk to self")
        );
    }
}
