//! The participant form, on the shared form of fields: who they are, how they were referred,
//! their stage, their barriers with a note beside each, and their key worker. The editor pane
//! opens, saves, merges and drafts it like every other form.

use super::editors::{Checked, Editor, EditorKind, date, name_phone_email};
use super::field::{read_ticked_with_notes, ticked_with_notes};
use super::fields::{Errors, Field, Fields};
use crate::domain::availability::Availability;
use crate::domain::dates::uk;
use crate::domain::{
    BarrierKind, Choice, Participant, ParticipantDetails, ReferralRoute, Stage, split_codes,
};
use crate::strings;

/// The barriers are shown in two columns, filled downwards.
const BARRIER_COLUMNS: usize = 2;

const KEYS: [&str; 12] = [
    "name",
    "preferred_name",
    "phone",
    "email",
    "postcode",
    "referral_route",
    "referral_date",
    "stage",
    "barriers",
    "key_worker",
    "availability",
    "reach",
];

fn label(key: &str) -> &'static str {
    KEYS.iter()
        .position(|k| *k == key)
        .map_or("", |i| strings::FIELD_LABELS[i])
}

/// The form's fields holding `d`.
pub fn fields(d: &ParticipantDetails, today: chrono::NaiveDate) -> Fields {
    let text = |key: &'static str, value: &str| Field::text(key, label(key), value);
    let fields = vec![
        text("name", &d.name),
        text("preferred_name", &d.preferred_name),
        text("phone", &d.phone),
        text("email", &d.email),
        text("postcode", &d.postcode),
        Field::pick(
            "referral_route",
            label("referral_route"),
            Some(d.referral_route),
            None,
        ),
        text(
            "referral_date",
            &d.referral_date.map(uk).unwrap_or_default(),
        ),
        Field::pick("stage", label("stage"), Some(d.stage), None),
        Field::ticks_with_notes("barriers", label("barriers"), &d.barriers, BARRIER_COLUMNS),
        text("key_worker", &d.key_worker),
        text("availability", &d.availability.note),
        Field::ticks("reach", label("reach"), &d.availability.flags),
    ];
    Fields::new(fields, today)
}

impl Editor {
    /// The participant form: someone new for key worker `me`, or `p` to edit.
    pub fn participant(p: Option<&Participant>, me: &str, today: chrono::NaiveDate) -> Self {
        let new = ParticipantDetails {
            name: String::new(),
            preferred_name: String::new(),
            phone: String::new(),
            email: String::new(),
            postcode: String::new(),
            referral_route: ReferralRoute::JobcentrePlus,
            referral_date: Some(today),
            stage: Stage::Referred,
            barriers: Vec::new(),
            key_worker: me.to_string(),
            availability: Availability::default(),
        };
        let (details, title) = match p {
            Some(p) => (
                &p.details,
                format!("{}: {}", strings::EDIT_PARTICIPANT, p.details.name),
            ),
            None => (&new, strings::ADD_PARTICIPANT.to_string()),
        };
        Self {
            participant: p.map_or(0, |p| p.id),
            kind: EditorKind::Participant(p.map(|p| p.id)),
            version: p.map_or(0, |p| p.version),
            title,
            form: fields(details, today),
            partners: Vec::new(),
            barriers: Vec::new(),
            handing: Default::default(),
            about: Vec::new(),
        }
    }
}

/// Checks the participant form; `was_exited` is whether the stored record is a closed case.
pub fn check(f: &Fields, was_exited: bool, errors: &mut Errors) -> Checked {
    let (name, phone, email) = name_phone_email(f, errors);
    let referral_date = date(f, "referral_date", errors);
    let key_worker = f.get("key_worker");
    if key_worker.is_empty() {
        errors.push(("key_worker", strings::KEY_WORKER_REQUIRED));
    }
    let stage = Stage::from_code(&f.get("stage")).unwrap_or(Stage::Referred);
    // Closing a case needs a reason and a date, which the outcomes screen asks for.
    if stage == Stage::Exited && !was_exited {
        errors.push(("stage", strings::EXITED_BY_FORM));
    }
    let barriers = read_ticked_with_notes(&f.get("barriers"))
        .into_iter()
        .filter_map(|(code, note)| BarrierKind::from_code(&code).map(|k| (k, note)))
        .collect();
    Checked::Participant(ParticipantDetails {
        name,
        preferred_name: f.get("preferred_name"),
        phone,
        email,
        postcode: f.get("postcode").to_uppercase(),
        referral_route: ReferralRoute::from_code(&f.get("referral_route"))
            .unwrap_or(ReferralRoute::Other),
        referral_date,
        stage,
        barriers,
        key_worker,
        availability: Availability {
            note: f.get("availability"),
            flags: split_codes(&f.get("reach")),
        },
    })
}

/// A participant draft written by an earlier version of keyworker, before this form was a
/// form of fields: its values and the version it was typed against, so no typed text is lost
/// in an upgrade.
pub fn legacy_draft(body: &str) -> Option<(i64, std::collections::BTreeMap<String, String>)> {
    #[derive(serde::Deserialize)]
    struct Old {
        editing: Option<(i64, i64)>,
        texts: Vec<(usize, String)>,
        route: String,
        stage: String,
        barriers: Vec<(String, bool, String)>,
    }
    let old: Old = serde_json::from_str(body).ok()?;
    let mut values = std::collections::BTreeMap::new();
    for (i, text) in old.texts {
        if let Some(key) = KEYS.get(i) {
            values.insert(key.to_string(), text);
        }
    }
    values.insert("referral_route".into(), old.route);
    values.insert("stage".into(), old.stage);
    let barriers = ticked_with_notes(
        old.barriers
            .iter()
            .filter(|(_, ticked, _)| *ticked)
            .map(|(code, _, note)| (code.as_str(), note.as_str())),
    );
    values.insert("barriers".into(), barriers);
    Some((old.editing.map_or(0, |(_, v)| v), values))
}
