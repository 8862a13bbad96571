//! Every sentence a user reads, in one place so the wording stays consistent.

use std::path::Path;

pub const APP: &str = "keyworker";

// Errors from storage.
pub fn not_a_database(path: &Path) -> String {
    format!(
        "{} is not a keyworker database (it is not an SQLite file); it was left untouched.",
        path.display()
    )
}
pub fn foreign_database(path: &Path) -> String {
    format!(
        "{} is an SQLite database made by another program, not keyworker; it was left untouched.",
        path.display()
    )
}
pub fn too_new(path: &Path, found: i64, known: i64) -> String {
    format!(
        "{} was written by a newer keyworker (schema {found}; this one knows up to {known}); update keyworker to open it.",
        path.display()
    )
}
/// A newer keyworker upgraded the file while this one was running.
pub fn upgraded_meanwhile(found: i64, known: i64) -> String {
    format!(
        "keyworker was upgraded on this server (the file is now schema {found}; this one knows {known}): nothing more is saved until you restart it. What you typed stays on screen and is kept outside the database."
    )
}
pub fn cannot_create(path: &Path, e: &std::io::Error) -> String {
    format!("cannot create {}: {e}", path.display())
}
pub fn no_database(path: &Path) -> String {
    format!(
        "there is no database at {}; give --db PATH or set KEYWORKER_DB.",
        path.display()
    )
}
pub fn no_such_participant(id: i64) -> String {
    format!("there is no participant with id {id}.")
}
pub fn storage_failed(e: &dyn std::fmt::Display) -> String {
    format!("the database could not be read or written: {e}")
}
pub const SNOOZE_REASON: &str = "say why it is snoozed: a few words are enough";
pub const STALE_EDIT: &str = "someone else saved this participant while you were editing";
/// After someone else's save was merged into the open form.
pub fn merged_edit(clashes: &[&str]) -> String {
    if clashes.is_empty() {
        "Changed by someone else meanwhile: theirs merged in, yours kept. Ctrl-S saves.".to_string()
    } else {
        format!(
            "Also changed by someone else: {} (yours shown). Check, then Ctrl-S.",
            clashes.join(", ")
        )
    }
}

// Caseload.
pub const MY_CASELOAD: &str = "My caseload";
pub const TEAM: &str = "Team";
pub const WITH_EXITED: &str = " with exited";
/// A due date gone by, in the caseload: `3d late`.
pub fn late(span: String) -> String {
    format!("{span} late")
}

// Two workers saved the same record.
pub const CONFLICT_TITLE: &str = "Changed by someone else while you were editing";
pub const CONFLICT: &str = "You both changed these fields: choose which to keep.";
pub fn conflict_by(by: &str) -> String {
    format!("Saved by {by}; you both changed these fields.")
}
pub const THEIRS: &str = "Theirs (saved)";
pub const MINE: &str = "Mine (typed)";
pub const CONFLICT_KEYS: &str =
    "t theirs · m mine · T/M all of them · Enter done, then Ctrl-S saves";

/// After a panic: where, but nothing of what was on screen.
pub fn crashed(place: &str) -> String {
    format!(
        "keyworker stopped unexpectedly{place}. Typing up to two seconds before is kept as a draft and comes back when you start it again. Please report the place above."
    )
}

// The idle lock.
pub const LOCKED: &str = "keyworker is locked: nobody pressed a key for a while.";
pub const UNLOCK: &str = "Press Enter to go back to where you were.";

// Outcomes, spend and exit.
pub const OUTCOMES: &str = "Outcomes";
pub const RECORD_OUTCOME: &str = "Record an outcome";
pub const SCORE_SOFT: &str = "Score soft outcomes";
pub const RECORD_SPEND: &str = "Record spend";
pub const CLOSE_CASE: &str = "Close the case";
pub const CHOOSE: &str = "choose one";
pub const DATE_REQUIRED: &str = "a date: today, 23/11";
pub const OUTCOME_EVIDENCE: &str = "what shows it happened?";
pub const SCORE_INVALID: &str = "a score from 1 to 10";
pub const SCORE_NONE: &str = "score at least one";
pub const AMOUNT_INVALID: &str = "pounds, like 12.50";
pub const APPROVER_REQUIRED: &str = "who approved it?";
pub const EXIT_REASON_REQUIRED: &str = "why is it closing?";
pub const EXIT_IN_FUTURE: &str = "not after today";
pub const SAVED_OUTCOME: &str = "Outcome recorded.";
pub const SAVED_SCORES: &str = "Soft outcomes scored.";
pub const SAVED_SPEND: &str = "Spend recorded.";
pub const CASE_CLOSED: &str =
    "Case closed: they leave the caseload (x on the caseload shows exited).";
pub fn reopened(stage: &str) -> String {
    format!("Case reopened at {stage}.")
}
pub const NO_OUTCOMES: &str = "No formal outcomes yet: a records one.";
pub const NO_SCORES: &str = "Not scored yet: s scores them, 1 to 10.";
pub const NO_SPEND: &str = "No spend recorded: m records it.";
pub const EXITED_BY_FORM: &str = "close it from o, with x";
pub const EMPTY_CASELOAD: [&str; 3] = [
    "No participants yet.",
    "Press a to add someone.",
    "To look around first, quit (q) and run: keyworker --demo",
];
pub const EMPTY_TEAM_HINT: &str = "No one in your own caseload: press t to see the whole team.";
pub const NO_MATCH: &str = "No one matches. Esc clears the filter.";
pub const FILTER_PROMPT: &str = "Filter: ";
pub const COLUMNS: [&str; 5] = ["Name", "Stage", "Last contact", "Next due", "Employer"];
pub const KEY_WORKER_COLUMN: &str = "Key worker";
pub const TOO_SMALL: &str = "Window too small: make it at least 40×10";

// Participant screen.
pub const CONTACT_DETAILS: &str = "Contact details";
pub const PATHWAY: &str = "Pathway";
pub const BARRIERS: &str = "Barriers";
pub const NO_BARRIERS: &str = "None recorded";
pub const STAGE_HISTORY: &str = "History";
pub const NOT_GIVEN: &str = "—";

// Participant form.
pub const ADD_PARTICIPANT: &str = "Add participant";
pub const EDIT_PARTICIPANT: &str = "Edit participant";
pub const DRAFT_RESTORED: &str = "Draft restored: your unsaved text is back.";
pub const DRAFT_KEPT: &str = "Closed: what you typed is kept as a draft.";
pub const SAVED: &str = "Saved.";
pub const FIX_FIELDS: &str = "Not saved: fix the fields marked in red.";
pub const NAME_REQUIRED: &str = "Name is required";
pub const PHONE_INVALID: &str = "Only digits and spaces";
pub const EMAIL_INVALID: &str = "Not an email (name@domain)";
pub const KEY_WORKER_REQUIRED: &str = "Key worker is required";
pub const BARRIER_NOTE: &str = "Note";
pub const BARRIER_NOTE_HINT: &str = "Space ticks; n writes its note";
pub const FIELD_LABELS: [&str; 12] = [
    "Name",
    "Preferred name",
    "Phone",
    "Email",
    "Postcode",
    "Referral route",
    "Referral date",
    "Stage",
    "Barriers",
    "Key worker",
    "Availability",
    "How to reach",
];

// Help.
pub const HELP_TITLE: &str = "Keys";
pub const HELP_CLOSE: &str = "Esc or ? closes this help";

/// Under a text longer than the screen (the help, what to send): what is out of sight above
/// and below.
pub fn out_of_sight(above: usize, below: usize) -> String {
    let mut parts = Vec::new();
    if above > 0 {
        parts.push(format!("↑ {above} above"));
    }
    if below > 0 {
        parts.push(format!("↓ {below} more"));
    }
    format!(" {} ", parts.join(" · "))
}

pub fn saved_participant(name: &str) -> String {
    format!("Saved {name}.")
}
pub const DRAFT_RECOVERED: &str =
    "Recovered what you were typing when keyworker stopped: Ctrl-S saves, Esc keeps it as a draft.";
pub fn drafts_waiting(n: usize) -> String {
    if n == 1 {
        "An unsaved form was kept as a draft: open it again to carry on.".to_string()
    } else {
        format!("{n} unsaved forms were kept as drafts: open them again to carry on.")
    }
}
pub const DATE_INVALID: &str = "Not a date: +3d, mon, 23/11";

// Plan.
pub const EDIT_PLAN: &str = "Plan";
pub const PLAN: &str = "Plan";
pub const ADD_ACTION: &str = "New action";
pub const EDIT_ACTION: &str = "Action";
pub const ASSESS_BARRIER: &str = "Re-assess";
pub const EDIT_EMPLOYER: &str = "Employer";
pub const HOURS_INVALID: &str = "A number of hours, 0 to 80";
pub const DAYS_INVALID: &str = "Whole days, 1 to 365";
pub const ACTION_REQUIRED: &str = "Say what is to be done";
pub const NO_PLAN: &str = "No plan yet: press e to write one with the participant.";
pub const NO_JOB: &str = "None yet: pre-employment plan";
pub const NO_ACTIONS: &str = "No open actions: press a to add one.";
pub const NO_EMPLOYER: &str = "Add an employer to the plan first (e).";
pub const CONSENT_NO: &str = "Participant has not agreed to employer contact: details hidden.";
pub const PLAN_HISTORY: &str = "Plan history";
pub const NO_HISTORY: &str = "No changes saved yet.";
pub const ACTION_DONE: &str = "Action marked done.";
pub const ACTION_DROPPED: &str = "Action dropped.";
pub const SAVED_PLAN: &str = "Plan saved.";
pub const SAVED_ACTION: &str = "Action saved.";
pub const SAVED_ASSESSMENT: &str = "Assessment saved.";
pub const SAVED_EMPLOYER: &str = "Employer saved.";
pub const NOT_AN_ACTION: &str = "Select an action first (j/k).";
pub const KNOWN_EMPLOYER: &str = "known employer";
pub const NEW_EMPLOYER: &str = "new employer, added on save";
pub const CLOSED_ACTIONS: &str = "Done and dropped";

/// How a plan field is named in the history.
pub fn plan_field_label(key: &str) -> &str {
    match key {
        "job_start" => "Job start date",
        "employer" => "Employer",
        "job_title" => "Job title",
        "hours_per_week" => "Hours a week",
        "contract_type" => "Contract",
        "consent_employer_contact" => "May we contact employer",
        "practical_help" => "Practical help",
        "practical_help_other" => "Other help",
        "contact_channel" => "Keep in touch by",
        "contact_channel_other" => "Other way",
        "contact_frequency" => "How often",
        "other_support" => "Other support requests",
        "support_agreed" => "Support and actions agreed",
        "long_term_goals" => "Long-term goals",
        "long_term_goals_other" => "Other goal",
        other => other,
    }
}
pub const JOB: &str = "Job";

// Contacts.
pub const TIME_INVALID: &str = "Not a time: 09:30 or 1730";
pub const MINUTES_INVALID: &str = "Whole minutes, 0 to 600";
pub const NEXT_IN_PAST: &str = "Next contact can't be past";
pub const EMPLOYER_NO_CONSENT: &str =
    "The participant has not agreed to employer contact. Ctrl-S again to save anyway.";
pub const CONTACTS: &str = "Contacts";
pub const NO_CONTACTS: &str = "None yet: press c to log one";
pub const LOG_CONTACT: &str = "Contact";
pub const RECENT_CONTACTS: &str = "Recent";
pub const AMENDED: &str = "amended";
pub const CONTACT_TITLE: &str = "Contact";
pub const EARLIER_VERSIONS: &str = "Earlier versions";
pub const ACTIONS_HINT: &str = "one a line · kw: · by fri";
pub fn contact_saved(name: &str, outcome: &str, next: Option<String>) -> String {
    match next {
        Some(n) => format!("{outcome}: logged for {name}. Next contact {n}."),
        None => format!("{outcome}: logged for {name}."),
    }
}
pub fn failed_attempts(n: u32) -> String {
    format!("! {n} missed")
}
pub const QUICK_OUTCOMES: &str = "Alt-N no answer · Alt-L message · Alt-D DNA";
pub fn profile_fallback(path: &Path, problem: &str) -> String {
    format!(
        "{} was not used ({problem}); the built-in programme profile is in force.",
        path.display()
    )
}

// Reminders.
pub const REMINDERS: &str = "Reminders";
pub const NOTHING_DUE: &str = "Nothing due in the next four weeks.";
pub const REMINDER_DONE: &str = "Done.";
pub const REMINDER_ADDED: &str = "Reminder added.";
pub const MILESTONE_MISSED: &str = "Milestone marked missed.";
pub const NOT_A_MILESTONE: &str = "Only a milestone can be marked missed.";
pub const SNOOZED: &str = "Snoozed";
pub const SNOOZE_UNTIL: &str = "A date after today";
pub const SNOOZE_WHY: &str = "Say why, in a few words";
pub const EVIDENCE_REQUIRED: &str = "One line of evidence";
pub const REMINDER_TEXT: &str = "What to do";
pub fn snoozed(name: &str, until: &str) -> String {
    format!("Snoozed for {name} until {until}.")
}

/// A snoozed reminder of unknown kind, on the participant screen.
pub const REMINDER_WORD: &str = "reminder";

/// What a snoozed reminder was, on the participant screen: "contact to 30/11/2026: ...".
pub fn reminder_word(kind: crate::domain::reminder::ReminderKind) -> &'static str {
    use crate::domain::reminder::ReminderKind as K;
    match kind {
        K::ContactDue => "contact",
        K::ActionDue => "action",
        K::Milestone => "milestone",
        K::Review => "review",
        K::Manual => REMINDER_WORD,
        K::Appointment => "appointment",
        K::ChaseReferral => "chase referral",
        K::ReferralFollowUp => "referral follow-up",
        K::FlagReview => "risk flag review",
        K::Safeguarding => "safeguarding concern",
    }
}

/// A review reminder's title.
pub const REVIEW_DUE: &str = "review: soft outcomes and barriers";

/// An action reminder's title.
pub fn action_due(text: &str) -> String {
    format!("action: {text}")
}

/// A contact reminder's title: "weekly phone call due", "retry call (2 missed)".
/// After an appointment's title when it is outside the office day.
pub const BOOK_APPOINTMENT: &str = "Book an appointment";
pub const BOOKING_IN_PAST: &str = "That time has gone: a later one";
pub const WHEN_INVALID: &str = "A date and time: fri 17:30, +1w 9:00, tomorrow 8";
pub const BOOKING_MINUTES: &str = "Minutes: 5 to 480";

/// Booked: the person, and when.
pub fn booked(name: &str, when: &str) -> String {
    format!("Booked {name}: {when}.")
}

/// The time booked does not suit them: say why and how to go ahead.
pub fn booking_clash(why: &str) -> String {
    let mut why = why.to_string();
    if let Some(first) = why.get(..1) {
        why.replace_range(..1, &first.to_uppercase());
    }
    format!("{why}: Ctrl-S again to book anyway.")
}

/// The caseload's Last contact for someone never reached.
pub const NEVER: &str = "never";
/// The caseload's Next due for someone reached but with nothing agreed or booked.
pub const NOT_AGREED: &str = "not agreed";

pub const DNA_NEEDS_APPOINTMENT: &str =
    "Did not attend is for a booked appointment; this person has none due. No answer is Alt-N.";

pub const APPOINTMENTS_MOVE: &str = "An appointment is moved, not snoozed: press R.";
pub const NOT_AN_APPOINTMENT: &str = "R moves an appointment; this is not one.";
pub const MOVE_WHY: &str = "Why it moved: ←/→ to choose";

/// An appointment moved: whose, and to when.
pub fn moved(name: &str, when: &str) -> String {
    format!("Moved {name}'s appointment to {when}.")
}

pub const OUT_OF_HOURS: &str = "out of hours";

pub const OUT_OF_HOURS_SUFFIX: &str = ", out of hours";

/// `keyworker due`'s list of people the safety net caught.
pub const SAFETY_NET_HEADING: &str =
    "Falling through the gaps: no recent contact, or nothing agreed";

pub const FIRST_CONTACT_DUE: &str = "first contact due";

pub fn contact_due(
    frequency: Option<crate::domain::plan::Frequency>,
    channel: Option<crate::domain::plan::Channel>,
    missed: u32,
) -> String {
    use crate::domain::plan::Channel;
    let how = match channel {
        Some(Channel::Text) => "text",
        Some(Channel::Email) => "email",
        Some(Channel::FaceToFace) => "meeting",
        _ => "call",
    };
    if missed > 0 {
        return format!("retry {how} ({missed} missed)");
    }
    match frequency {
        Some(f) => format!("{} {how} due", f.label()),
        None => format!("{how} due"),
    }
}

/// A draft the database would not take, kept in a file instead.
pub fn kept_outside(e: &dyn std::fmt::Display, path: &Path) -> String {
    format!(
        "{e}. What you typed is kept in {} and comes back when keyworker next starts.",
        path.display()
    )
}

/// Drafts kept outside the database, put back at start.
pub fn brought_back(n: usize) -> String {
    match n {
        1 => "A draft kept outside the database last time is back.".to_string(),
        n => format!("{n} drafts kept outside the database last time are back."),
    }
}

// Onward referrals and the directory of partner services.
pub fn chase_referral(partner: &str) -> String {
    format!("chase referral: {partner} (no reply)")
}
pub fn how_it_went(partner: &str) -> String {
    format!("ask how the first appointment went: {partner}")
}
pub const DIRECTORY: &str = "Directory of services";
pub const DIRECTORY_EMPTY: &str =
    "No services yet. Press a to add the first: who they are, what they help with, how to refer.";
pub const DIRECTORY_NO_MATCH: &str = "No service matches. Esc clears the filter.";
pub const ADD_PARTNER: &str = "Add a service";
pub const EDIT_PARTNER: &str = "Service";
pub const SAVED_PARTNER: &str = "Service saved.";
pub const ORGANISATION_REQUIRED: &str = "Give the organisation's name";
pub const PARTNER_TAKEN: &str = "That organisation already has a service of that name";
pub const REFER_ON: &str = "Refer on";
pub const UPDATE_REFERRAL: &str = "Referral";
pub const PARTNER_REQUIRED: &str = "Pick a service from the directory (→ takes the one offered)";
pub const PARTNER_UNKNOWN: &str = "Not in the directory: add it there first (5), this form is kept";
pub const PARTNER_CLOSED: &str = "Closed to referrals";
/// The directory's Wait column, and a label beside a service that takes no more referrals.
pub const SERVICE_CLOSED: &str = "Closed";
pub const SERVICE_CLOSES: &str = "Closes on";

pub fn service_closed_since(day: chrono::NaiveDate) -> String {
    format!("since {}: takes no referrals", day.format("%a %-d %b %Y"))
}

pub fn service_closes_on(day: chrono::NaiveDate) -> String {
    format!("{}: offered until then", day.format("%a %-d %b %Y"))
}
pub const KNOWN_PARTNER: &str = "in the directory";
pub const CONSENT_REQUIRED: &str = "Ask them first: yes, or they said no";
pub const SHARE_REQUIRED: &str = "Tick what they agreed may be shared";
pub const OUTCOME_REQUIRED: &str = "How did it end?";
pub const FIRST_APPOINTMENT_REQUIRED: &str = "The date of the first appointment";
pub const DATE_IN_FUTURE: &str = "Not after today";
pub const REFERRALS: &str = "Referrals";
pub const NO_REFERRALS: &str = "None yet: f refers on to a service from the directory";

pub fn referred(name: &str, partner: &str) -> String {
    format!("Referred {name}: s shows what to send to {partner}.")
}
pub fn referral_not_made(name: &str) -> String {
    format!("Recorded that {name} said no to the referral.")
}
pub fn referral_moved(partner: &str, state: &str) -> String {
    format!("{partner}: {state}.")
}
pub fn services(shown: usize, total: usize) -> String {
    if shown == total {
        format!("{total} services")
    } else {
        format!("{shown} of {total} services")
    }
}
pub const NOT_KNOWN_YET: &str = "Not known yet";
pub const SUMMARY_GONE: &str = "That referral or its service is no longer there.";
pub const NOT_A_REFERRAL: &str = "No referral to send yet: f refers on to a service.";
pub const SUMMARY_TITLE: &str = "To send";

pub const REFERRAL_NOT_MADE: &str =
    "They said no to that referral, so it went nowhere. f makes a new one.";

// The team: handover, cover, risk flags, safeguarding.
pub const WORKER_REQUIRED: &str = "Say which key worker (their login name)";
pub const HANDOVER_NOTE_REQUIRED: &str =
    "A handover needs a note for the new key worker: what they should know first";
pub const COVER_SELF: &str = "A worker cannot cover their own caseload";
pub const COVER_BACKWARDS: &str = "The last day of cover is before the first";

pub fn review_flag(kind: crate::domain::team::RiskKind) -> String {
    format!("review risk flag: {}", kind.short())
}

pub fn concern_to_decide(category: crate::domain::team::ConcernCategory) -> String {
    use crate::domain::Choice;
    format!(
        "safeguarding concern: a lead to decide ({})",
        category.label().to_lowercase()
    )
}

/// A covered colleague's reminder, as the one covering sees it.
pub fn cover_for(title: &str, worker: &str) -> String {
    format!("{title} (cover for {worker})")
}

pub const HAND_OVER: &str = "Hand over";
pub const SET_COVER: &str = "Cover a caseload";
pub const RISK_FLAGS: &str = "Risk flags";
pub const RAISE_CONCERN: &str = "Safeguarding concern";
pub const DECIDE_CONCERN: &str = "Decide on a safeguarding concern";
pub const CONCERN_ABOUT: &str =
    "Write what you saw or were told, in their words where you can. Every team lead sees it.";
pub const FLAG_NOTE_REQUIRED: &str = "Each flag needs a note: what to do, or what to avoid";
pub const REVIEW_IN_FUTURE: &str = "The review date must be after today";
pub const CONCERN_SEEN_REQUIRED: &str = "Say what was seen or said";
pub const CONCERN_ACTION_REQUIRED: &str = "Say what was done there and then (or \"none\")";
pub const CHOOSE_ONE: &str = "Choose one";
pub const REFERENCE_REQUIRED: &str = "Give the local authority's reference";
pub const DECISION_NOTE_REQUIRED: &str = "Say what was decided";
pub const FLAGS_SAVED: &str = "Risk flags saved.";
pub const FLAGS_CLEARED: &str = "Risk flags removed.";
pub const CONCERN_RAISED: &str =
    "Concern recorded: it waits on every team lead until one records a decision.";
pub const DECISION_SAVED: &str = "Decision recorded. The concern is closed.";

pub fn unknown_worker(who: &str) -> String {
    format!("{who} has no caseload yet. Check the name, then Ctrl-S again to go ahead")
}

pub fn handed_over(n: usize, to: &str) -> String {
    match n {
        0 => format!("Nobody to hand over: they are already with {to}."),
        1 => format!("Handed over 1 person to {to}."),
        n => format!("Handed over {n} people to {to}."),
    }
}

pub fn cover_set(worker: &str, by: &str, from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
    use crate::domain::dates::short;
    format!(
        "{by} covers {worker}'s caseload from {} to {}.",
        short(from),
        short(to)
    )
}

pub fn meeting_with_flags(flags: &str) -> String {
    format!("{flags}. Check the flags before a visit, then Ctrl-S again to book")
}

pub fn flag_set_by(label: &str, by: &str, on: chrono::NaiveDate) -> String {
    format!("{label}: set by {by} on {}", crate::domain::dates::uk(on))
}

/// A concern as a lead reads it before deciding.
pub fn concern_lines(c: &crate::domain::team::Concern) -> Vec<String> {
    use crate::domain::Choice;
    let d = &c.details;
    vec![
        format!(
            "{} on {}, raised by {}",
            d.category.label(),
            crate::domain::dates::uk(d.on),
            c.raised_by
        ),
        format!("Seen or said: {}", d.seen.replace('\n', " / ")),
        format!("Action taken: {}", d.action_taken.replace('\n', " / ")),
        format!("Do they know: {}", d.person_knows.label()),
    ]
}
pub const LEADS_DECIDE: &str =
    "Only a team lead records a decision on a concern (leads are named in programme.toml)";

pub const MY_FIGURES: &str = "My figures";
pub const KEY_WORKER: &str = "Worker";
pub const TEAM_EMPTY: &str = "  Nobody has a caseload yet.";
pub const TEAM_LEGEND: &str = "Ref Eng Job Wrk Prg Pau: open cases by stage · Late: overdue \
     reminders · 7d, 28d: contacts made / minutes · Quiet: no contact in 28 days · \
     Miss3: three missed attempts in a row · Refs: open referrals";
pub const TEAM_NOT_LEAD: &str =
    "Your own figures: the whole team's show to the leads named in programme.toml.";

pub fn workers(n: usize) -> String {
    if n == 1 {
        "1 key worker".to_string()
    } else {
        format!("{n} key workers")
    }
}

pub fn caseload_of(worker: &str) -> String {
    format!("Caseload of {worker}")
}

pub const SAFEGUARDING: &str = "Safeguarding";
pub const AWAITING_DECISION: &str = "awaiting a lead's decision";

pub fn decided(d: &crate::domain::team::DecisionDetails, by: Option<&str>) -> String {
    use crate::domain::Choice;
    use crate::domain::team::Decision;
    let by = by.map(|b| format!(" ({b})")).unwrap_or_default();
    match d.decision {
        Decision::ReferredToLocalAuthority => format!(
            "referred to the local authority {}, ref {}{by}",
            d.referred_on
                .map(crate::domain::dates::uk)
                .unwrap_or_default(),
            d.reference
        ),
        Decision::NoFurtherAction => format!("no further action{by}"),
        Decision::Other => format!("{}: {}{by}", d.decision.label(), d.note),
    }
}

pub fn handed_over_by(from: &str, note: &str) -> String {
    format!("Handed over by {from}: {}", note.replace('\n', " "))
}
pub const KNOWN_WORKER: &str = "has a caseload";
pub const NEW_WORKER: &str = "no caseload yet";

/// A handover in a participant's history.
pub fn handover_line(from: &str, to: &str, note: &str) -> String {
    format!("key worker {from} → {to}: {}", note.replace('\n', " "))
}

pub fn no_cover(worker: &str) -> String {
    format!("Nobody covers {worker}'s caseload today or later.")
}

pub fn cover_ended(worker: &str) -> String {
    format!("Cover of {worker}'s caseload ended: their reminders are theirs alone from today.")
}
pub const KEY_WORKER_CHANGED_ON_FORM: &str = "key worker changed on the participant form";

pub fn already_decided(by: &str) -> String {
    format!(
        "{by} has already recorded a decision on this concern; yours was not saved (Esc keeps it as a draft)"
    )
}
pub const NO_LEADS_NAMED: &str = "none named in programme.toml ([team] leads): everyone sees the whole team and decides on concerns";

pub fn not_with(id: i64, worker: &str) -> String {
    format!("participant {id} is with {worker}; nobody was moved")
}
