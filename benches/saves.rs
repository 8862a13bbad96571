//! Booking an appointment and making a referral at 10,000 participants, each while three
//! other workers save contacts to the same file as fast as they can.

mod common;
use common::n;

use chrono::Duration;
use criterion::{Criterion, criterion_group, criterion_main};

use keyworker::domain::appointment::{AppointmentDetails, AppointmentKind, Attendees};
use keyworker::domain::referral::{
    Handover, Need, PartnerDetails, ReferralConsent, ReferralDetails, Share, Urgency,
};

fn benches(c: &mut Criterion) {
    let (_dir, mut store) = common::demo();
    let partner = store
        .add_partner(&PartnerDetails {
            organisation: "Citizens Advice Worcester".into(),
            service: "Debt advice (bench)".into(),
            helps_with: vec![Need::DebtAndBenefits],
            ..Default::default()
        })
        .expect("partner");
    let start = store.clock().now() + Duration::days(1);
    common::under_load(c, "book an appointment", &mut store, |store, k| {
        let details = AppointmentDetails {
            at: start + Duration::minutes(i64::try_from(k % 5000).unwrap_or(0) * 15),
            minutes: 30,
            kind: AppointmentKind::Call,
            place: String::new(),
            with: Attendees::Participant,
            note: format!("Booking {k}"),
        };
        store.book(1 + (k % n()) as i64, &details).expect("booking");
    });
    let today = store.clock().today();
    common::under_load(c, "make a referral", &mut store, |store, k| {
        let details = ReferralDetails {
            partner_id: partner,
            reason: Need::DebtAndBenefits,
            consent: ReferralConsent::Given,
            shares: vec![Share::ContactDetails],
            summary: String::new(),
            urgency: Urgency::Routine,
            handover: Handover::ReferralSent,
            sent_on: today,
            note: format!("Referral {k}"),
        };
        store
            .refer(1 + (k % n()) as i64, &details)
            .expect("referral");
    });
}

criterion_group! {
    name = saves;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(saves);
