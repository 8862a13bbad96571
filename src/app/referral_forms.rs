//! The forms of onward referrals: a service in the directory, a referral made (the reason,
//! the service picked by typing, the person's consent and what may be shared), and a
//! referral moved on (the service's answer, the first appointment, the outcome).

use chrono::NaiveDate;

use super::editors::{Checked, Editor, EditorKind, date, name_phone_email, past_date, required};
use super::fields::{Errors, Field, Fields};
use crate::domain::dates::uk;
use crate::domain::referral::{
    Attended, Handover, HowToRefer, Need, Partner, PartnerDetails, Referral, ReferralConsent,
    ReferralDetails, ReferralOutcome, ReferralStatus, Share, StatusChange, Urgency,
};
use crate::domain::{Choice, Participant, split_codes};
use crate::strings;

/// The services offered for `reason`, best first: those that help with it, then those that
/// help with any of the person's barriers, then the rest, each group in directory order.
/// Services closed by `today` are not offered.
pub fn offered(
    partners: &[Partner],
    reason: Option<Need>,
    barriers: &[Need],
    today: NaiveDate,
) -> Vec<String> {
    let rank = |p: &Partner| {
        if reason.is_some_and(|r| p.details.helps(r)) {
            0
        } else if barriers.iter().any(|b| p.details.helps(*b)) {
            1
        } else {
            2
        }
    };
    let mut list: Vec<&Partner> = partners
        .iter()
        .filter(|p| !p.details.is_closed(today))
        .collect();
    list.sort_by_key(|p| rank(p));
    list.into_iter().map(|p| p.details.name()).collect()
}

/// The status a referral most likely moves to next, selected when its form opens.
fn next_status(r: &Referral) -> ReferralStatus {
    match r.status {
        ReferralStatus::Sent => ReferralStatus::Accepted,
        ReferralStatus::Accepted | ReferralStatus::WaitingList => ReferralStatus::FirstAppointment,
        ReferralStatus::FirstAppointment if r.attended.is_none() => {
            ReferralStatus::FirstAppointment
        }
        ReferralStatus::FirstAppointment => ReferralStatus::Closed,
        s => s,
    }
}

impl Editor {
    /// A service in the directory: new, or as stored.
    pub fn partner(p: Option<&Partner>, today: NaiveDate) -> Self {
        let d = p.map(|p| p.details.clone()).unwrap_or_default();
        let fields = vec![
            Field::text("organisation", "Organisation", &d.organisation),
            Field::text("service", "Service", &d.service),
            Field::ticks("helps_with", "Helps with", &d.helps_with),
            Field::text("area", "Area", &d.area),
            Field::pick(
                "how_to_refer",
                "How to refer",
                d.how_to_refer,
                Some(strings::NOT_GIVEN),
            ),
            Field::text("contact_name", "Contact name", &d.contact_name),
            Field::text("phone", "Phone", &d.phone),
            Field::text("email", "Email", &d.email),
            Field::notes("criteria", "Who they take", &d.criteria),
            Field::text("wait", "Typical wait", &d.wait),
            Field::notes("notes", "Notes", &d.notes),
            Field::text(
                "closed_on",
                "Closes on",
                &d.closed_on.map(uk).unwrap_or_default(),
            ),
        ];
        let title = match p {
            Some(p) => format!("{}: {}", strings::EDIT_PARTNER, p.details.name()),
            None => strings::ADD_PARTNER.to_string(),
        };
        let mut e = Self::simple(
            0,
            EditorKind::Partner(p.map(|p| p.id)),
            title,
            fields,
            today,
        );
        e.version = p.map_or(0, |p| p.version);
        e
    }

    /// Referring a participant on: why, to which service (offered by what they need), their
    /// consent and what may be shared, how urgent, how the handover is made, and when.
    pub fn refer(p: &Participant, partners: Vec<Partner>, today: NaiveDate) -> Self {
        let barriers: Vec<Need> = p.barriers.iter().map(|b| Need::of(b.kind)).collect();
        // The person's own barriers first, then every other need.
        let mut reasons: Vec<(&'static str, &'static str)> =
            barriers.iter().map(|n| (n.code(), n.label())).collect();
        reasons.extend(
            Need::ALL
                .iter()
                .filter(|n| !barriers.contains(n))
                .map(|n| (n.code(), n.label())),
        );
        let first = barriers.first().copied();
        let mut partner = Field::text("partner", "Service", "")
            .suggest(offered(&partners, first, &barriers, today));
        partner.offer_first = true;
        let fields = vec![
            Field::pick_of("reason", "Reason", reasons, ""),
            partner,
            Field::pick(
                "consent",
                "They agree to it",
                None::<ReferralConsent>,
                Some(strings::CHOOSE),
            ),
            Field::ticks::<Share>("share", "May be shared", &[]).shown_if("consent", "given"),
            Field::notes("summary", "Summary to share", "").shown_if("share", "summary"),
            Field::pick("urgency", "Urgency", Some(Urgency::Routine), None),
            Field::pick("handover", "Handover", Some(Handover::ReferralSent), None),
            Field::text("date", "Date", &uk(today)),
            Field::text("note", "Note", ""),
        ];
        let title = format!("{}: {}", strings::REFER_ON, p.details.name);
        let mut e = Self::simple(p.id, EditorKind::Refer, title, fields, today);
        e.partners = partners;
        e.barriers = barriers;
        e
    }

    /// Moving a referral on: the new status and its date, the first appointment and whether
    /// they went, the outcome when it closes.
    pub fn referral_update(r: &Referral, who: &str, today: NaiveDate) -> Self {
        let statuses: Vec<(&'static str, &'static str)> = ReferralStatus::ALL
            .iter()
            .filter(|s| **s != ReferralStatus::Refused)
            .map(|s| (s.code(), s.label()))
            .collect();
        let fields = vec![
            Field::pick_of("status", "Now", statuses, next_status(r).code()),
            Field::text("on", "Date", &uk(today)),
            Field::text(
                "date",
                "First appointment",
                &r.first_appointment.map(uk).unwrap_or_default(),
            )
            .shown_if("status", "first_appointment"),
            Field::pick(
                "attended",
                "Did they go",
                r.attended,
                Some(strings::NOT_KNOWN_YET),
            )
            .shown_if("status", "first_appointment"),
            Field::pick("outcome", "Outcome", r.outcome, Some(strings::CHOOSE))
                .shown_if("status", "closed"),
            Field::text("note", "Note", ""),
        ];
        let title = format!("{}: {}, {who}", strings::UPDATE_REFERRAL, r.partner);
        let mut e = Self::simple(
            r.participant_id,
            EditorKind::ReferralUpdate(r.id),
            title,
            fields,
            today,
        );
        e.version = r.version;
        e
    }

    /// After an edit of the referral form: the services offered follow the reason chosen.
    pub(super) fn reoffer(&mut self) {
        if self.kind != EditorKind::Refer {
            return;
        }
        let reason = Need::from_code(&self.form.get("reason"));
        let list = offered(&self.partners, reason, &self.barriers, self.form.today);
        if let Some(f) = self.form.fields.iter_mut().find(|f| f.key == "partner") {
            f.suggestions = list;
        }
    }
}

pub(super) fn check_partner(f: &Fields, id: Option<i64>, errors: &mut Errors) -> Checked {
    let organisation = required(f, "organisation", strings::ORGANISATION_REQUIRED, errors);
    // The same checks as a person's or an employer's phone and email.
    let mut named = Errors::new();
    let (_, phone, email) = name_phone_email(f, &mut named);
    errors.extend(named.into_iter().filter(|(k, _)| *k != "name"));
    Checked::Partner(
        id,
        PartnerDetails {
            organisation,
            service: f.get("service"),
            helps_with: split_codes(&f.get("helps_with")),
            area: f.get("area"),
            how_to_refer: HowToRefer::from_code(&f.get("how_to_refer")),
            contact_name: f.get("contact_name"),
            phone,
            email,
            criteria: f.get("criteria"),
            wait: f.get("wait"),
            notes: f.get("notes"),
            closed_on: date(f, "closed_on", errors),
        },
    )
}

/// A referral as typed; the service is named, and found in the directory by that name.
pub(super) fn check_refer(e: &Editor, errors: &mut Errors) -> Checked {
    let f = &e.form;
    let typed = f.get("partner");
    let partner = e.partners.iter().find(|p| p.details.name() == typed);
    if typed.is_empty() {
        errors.push(("partner", strings::PARTNER_REQUIRED));
    } else if partner.is_none() {
        errors.push(("partner", strings::PARTNER_UNKNOWN));
    } else if partner.is_some_and(|p| p.details.is_closed(f.today)) {
        errors.push(("partner", strings::PARTNER_CLOSED));
    }
    let consent = ReferralConsent::from_code(&f.get("consent"));
    if consent.is_none() {
        errors.push(("consent", strings::CONSENT_REQUIRED));
    }
    let shares: Vec<Share> = split_codes(&f.get("share"));
    if consent == Some(ReferralConsent::Given) && shares.is_empty() {
        errors.push(("share", strings::SHARE_REQUIRED));
    }
    let sent_on = past_date(f, "date", errors);
    Checked::Refer(ReferralDetails {
        partner_id: partner.map_or(0, |p| p.id),
        reason: Need::from_code(&f.get("reason")).unwrap_or(Need::Other),
        consent: consent.unwrap_or(ReferralConsent::Refused),
        // The store keeps it only if a summary may be shared.
        summary: f.get("summary"),
        shares,
        urgency: Urgency::from_code(&f.get("urgency")).unwrap_or(Urgency::Routine),
        handover: Handover::from_code(&f.get("handover")).unwrap_or(Handover::ReferralSent),
        sent_on,
        note: f.get("note"),
    })
}

pub(super) fn check_update(f: &Fields, errors: &mut Errors) -> Checked {
    let status = ReferralStatus::from_code(&f.get("status")).unwrap_or(ReferralStatus::Sent);
    let on = past_date(f, "on", errors);
    let (first_appointment, attended) = if status == ReferralStatus::FirstAppointment {
        let d = date(f, "date", errors);
        if d.is_none() && f.get("date").is_empty() {
            errors.push(("date", strings::FIRST_APPOINTMENT_REQUIRED));
        }
        (d, Attended::from_code(&f.get("attended")))
    } else {
        (None, None)
    };
    let outcome = if status == ReferralStatus::Closed {
        let o = ReferralOutcome::from_code(&f.get("outcome"));
        if o.is_none() {
            errors.push(("outcome", strings::OUTCOME_REQUIRED));
        }
        o
    } else {
        None
    };
    Checked::ReferralUpdate(StatusChange {
        status,
        on,
        first_appointment,
        attended,
        outcome,
        note: f.get("note"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner(id: i64, name: &str, helps: &[Need]) -> Partner {
        Partner {
            id,
            version: 1,
            details: PartnerDetails {
                organisation: name.into(),
                helps_with: helps.to_vec(),
                ..Default::default()
            },
        }
    }

    #[test]
    fn services_for_the_reason_come_first_then_those_for_their_barriers() {
        let list = [
            partner(1, "Food bank", &[Need::Food]),
            partner(2, "Housing team", &[Need::Housing]),
            partner(3, "Citizens Advice", &[Need::DebtAndBenefits, Need::Legal]),
        ];
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let names = offered(&list, Some(Need::DebtAndBenefits), &[Need::Housing], today);
        assert_eq!(names, ["Citizens Advice", "Housing team", "Food bank"]);
        let names = offered(&list, None, &[], today);
        assert_eq!(names, ["Food bank", "Housing team", "Citizens Advice"]);
    }

    #[test]
    fn a_service_is_offered_until_the_day_it_closes() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut closing = partner(1, "Food bank", &[Need::Food]);
        let open = partner(2, "Pantry", &[Need::Food]);
        closing.details.closed_on = today.succ_opt();
        let list = [closing.clone(), open.clone()];
        assert_eq!(
            offered(&list, Some(Need::Food), &[], today),
            ["Food bank", "Pantry"]
        );
        closing.details.closed_on = Some(today);
        let list = [closing, open];
        assert_eq!(offered(&list, Some(Need::Food), &[], today), ["Pantry"]);
    }
}
