//! The schema, one migration per release that changed it. Never edit a migration that has
//! shipped: team databases on office servers are upgraded in place by whichever binary opens
//! them first, so a new change is always a new entry at the end.

use rusqlite_migration::{M, Migrations};

const V1: &str = r#"
CREATE TABLE participants (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (name <> ''),
    preferred_name  TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    referral_route  TEXT NOT NULL,
    referral_date   TEXT,
    stage           TEXT NOT NULL,
    stage_since     TEXT NOT NULL,
    key_worker      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
-- Both cover the caseload query, so the list is read from the index alone.
CREATE INDEX participants_by_worker
    ON participants (key_worker, name COLLATE NOCASE, id, phone, stage);
CREATE INDEX participants_by_name
    ON participants (name COLLATE NOCASE, id, key_worker, phone, stage);

CREATE TABLE barriers (
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    assessed        TEXT NOT NULL,
    PRIMARY KEY (participant_id, kind)
) WITHOUT ROWID;

CREATE TABLE stage_history (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    from_stage      TEXT,
    to_stage        TEXT NOT NULL,
    at              TEXT NOT NULL,
    by              TEXT NOT NULL
);
CREATE INDEX stage_history_by_participant ON stage_history (participant_id, at);

-- No foreign key: the audit trail outlives an erased participant.
CREATE TABLE audit (
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    who             TEXT NOT NULL,
    participant_id  INTEGER,
    entity          TEXT NOT NULL,
    entity_id       INTEGER,
    action          TEXT NOT NULL,
    changes         TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_by_participant ON audit (participant_id, at);

-- Typed but unsaved form text, one per worker and form, so it survives Esc, a crash or a
-- dropped SSH link and comes back when the same form is opened again.
CREATE TABLE drafts (
    who             TEXT NOT NULL,
    form            TEXT NOT NULL,
    body            TEXT NOT NULL,
    saved_at        TEXT NOT NULL,
    PRIMARY KEY (who, form)
) WITHOUT ROWID;
"#;

/// Plans, employers, actions, and every barrier assessment kept with its date.
const V2: &str = r#"
ALTER TABLE barriers ADD COLUMN status TEXT NOT NULL DEFAULT 'barrier';

CREATE TABLE barrier_assessments (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    assessed        TEXT NOT NULL,
    by              TEXT NOT NULL
);
CREATE INDEX barrier_assessments_by_participant
    ON barrier_assessments (participant_id, kind, assessed);
-- Barriers recorded before assessments were kept count as their first assessment.
INSERT INTO barrier_assessments (participant_id, kind, status, note, assessed, by)
    SELECT b.participant_id, b.kind, 'barrier', b.note, b.assessed, p.key_worker
    FROM barriers b JOIN participants p ON p.id = b.participant_id;

CREATE TABLE employers (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (name <> ''),
    contact_name    TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX employers_by_name ON employers (name COLLATE NOCASE);

CREATE TABLE plans (
    participant_id  INTEGER PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    job_start       TEXT,
    employer_id     INTEGER REFERENCES employers (id),
    job_title       TEXT NOT NULL DEFAULT '',
    hours_per_week  REAL,
    contract_type   TEXT,
    consent_employer_contact TEXT NOT NULL DEFAULT 'not_asked',
    practical_help  TEXT NOT NULL DEFAULT '[]',
    practical_help_other TEXT NOT NULL DEFAULT '',
    contact_channel TEXT,
    contact_channel_other TEXT NOT NULL DEFAULT '',
    contact_frequency TEXT,
    other_support   TEXT NOT NULL DEFAULT '',
    support_agreed  TEXT NOT NULL DEFAULT '',
    long_term_goals TEXT NOT NULL DEFAULT '[]',
    long_term_goals_other TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL
);
CREATE INDEX plans_by_employer ON plans (employer_id);

-- A plan's history is its entries in the audit log (entity 'plan'): one record, not two.

CREATE TABLE actions (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    text            TEXT NOT NULL CHECK (text <> ''),
    owner           TEXT NOT NULL,
    due             TEXT,
    status          TEXT NOT NULL DEFAULT 'open',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX actions_by_participant ON actions (participant_id, status, due);
"#;

/// Contacts, never edited in place: an amendment is a new row that `amends` the one before.
/// The participant row carries what the caseload shows of them (last completed contact, next
/// contact, failed attempts in a row), kept in step in the same transaction as each contact.
const V3: &str = r#"
CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    at              TEXT NOT NULL,
    channel         TEXT NOT NULL,
    with_whom       TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    duration_minutes INTEGER,
    notes           TEXT NOT NULL DEFAULT '',
    role_going      TEXT,
    changes         TEXT,
    needs           TEXT,
    next_contact    TEXT,
    amends          INTEGER REFERENCES contacts (id),
    by              TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX contacts_by_participant ON contacts (participant_id, at);
CREATE INDEX contacts_amending ON contacts (amends) WHERE amends IS NOT NULL;

ALTER TABLE participants ADD COLUMN last_contact TEXT;
ALTER TABLE participants ADD COLUMN next_contact TEXT;
ALTER TABLE participants ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;

DROP INDEX participants_by_worker;
DROP INDEX participants_by_name;
CREATE INDEX participants_by_worker ON participants
    (key_worker, name COLLATE NOCASE, id, phone, stage, last_contact, next_contact, failed_attempts);
CREATE INDEX participants_by_name ON participants
    (name COLLATE NOCASE, id, key_worker, phone, stage, last_contact, next_contact, failed_attempts);
"#;

/// Reminders are derived when read; only what a worker decides about them is stored: snoozes
/// (with a reason), milestones marked done or missed, reviews held, and one-off reminders.
const V4: &str = r#"
CREATE TABLE snoozes (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    reminder        TEXT NOT NULL,
    until           TEXT NOT NULL,
    reason          TEXT NOT NULL CHECK (reason <> ''),
    by              TEXT NOT NULL,
    at              TEXT NOT NULL
);
CREATE INDEX snoozes_by_until ON snoozes (until);
CREATE INDEX snoozes_by_participant ON snoozes (participant_id, at);

CREATE TABLE milestone_states (
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    milestone       TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('done', 'missed')),
    on_date         TEXT NOT NULL,
    evidence        TEXT NOT NULL DEFAULT '',
    by              TEXT NOT NULL,
    at              TEXT NOT NULL,
    PRIMARY KEY (participant_id, milestone)
) WITHOUT ROWID;

CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    on_date         TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    by              TEXT NOT NULL,
    at              TEXT NOT NULL
);
CREATE INDEX reviews_by_participant ON reviews (participant_id, on_date);

CREATE TABLE manual_reminders (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    due             TEXT NOT NULL,
    text            TEXT NOT NULL CHECK (text <> ''),
    done_on         TEXT,
    by              TEXT NOT NULL,
    at              TEXT NOT NULL
);
CREATE INDEX manual_reminders_open ON manual_reminders (due) WHERE done_on IS NULL;

-- The reminders themselves, derived from the rest and rewritten in the same transaction as
-- any change that affects them, so one indexed read answers `keyworker due`.
CREATE TABLE reminders (
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    kind            TEXT NOT NULL,
    due             TEXT NOT NULL,
    title           TEXT NOT NULL,
    participant     TEXT NOT NULL,
    key_worker      TEXT NOT NULL,
    snoozed_until   TEXT,
    -- Kept in the order `keyworker due` reads them: one worker's, by date.
    PRIMARY KEY (key_worker, due, participant_id, key)
) WITHOUT ROWID;
CREATE INDEX reminders_of_participant ON reminders (participant_id);

-- What the stored reminders were derived with; a changed profile re-derives them all.
CREATE TABLE meta (
    key             TEXT PRIMARY KEY,
    value           TEXT NOT NULL
) WITHOUT ROWID;

"#;

/// What happened to people: formal outcomes, soft outcome scores, discretionary spend (in
/// pence), and why and when a case was closed.
const V5: &str = r#"
CREATE TABLE outcomes (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    on_date         TEXT NOT NULL,
    evidence        TEXT NOT NULL DEFAULT '',
    by              TEXT NOT NULL,
    at              TEXT NOT NULL
);
CREATE INDEX outcomes_by_participant ON outcomes (participant_id, on_date);
CREATE INDEX outcomes_by_date ON outcomes (on_date);

CREATE TABLE soft_scores (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    scale           TEXT NOT NULL,
    score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
    on_date         TEXT NOT NULL,
    occasion        TEXT NOT NULL,
    by              TEXT NOT NULL,
    at              TEXT NOT NULL
);
CREATE INDEX soft_scores_by_participant ON soft_scores (participant_id, scale, on_date);

CREATE TABLE spend (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    on_date         TEXT NOT NULL,
    pence           INTEGER NOT NULL CHECK (pence > 0),
    category        TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    approved_by     TEXT NOT NULL CHECK (approved_by <> ''),
    by              TEXT NOT NULL,
    at              TEXT NOT NULL
);
CREATE INDEX spend_by_participant ON spend (participant_id, on_date);
CREATE INDEX spend_by_date ON spend (on_date);

ALTER TABLE participants ADD COLUMN exit_reason TEXT;
ALTER TABLE participants ADD COLUMN exit_date TEXT;
ALTER TABLE participants ADD COLUMN exit_note TEXT NOT NULL DEFAULT '';
CREATE INDEX participants_by_exit ON participants (exit_date) WHERE exit_date IS NOT NULL;
ALTER TABLE stage_history ADD COLUMN reason TEXT;
"#;

/// A draft written while its form was still open (the clock, a dropped link, a kill) is
/// reopened at the next start; one left with Esc waits to be opened again.
/// Also: one person's open one-off reminders found by index, for the reminders derived again
/// after each save.
const V6: &str = r#"
ALTER TABLE drafts ADD COLUMN open INTEGER NOT NULL DEFAULT 0;
CREATE INDEX manual_reminders_by_participant ON manual_reminders (participant_id)
    WHERE done_on IS NULL;
"#;

/// Each participant's earliest open reminder, kept on their row in step with the reminders, so
/// the caseload's Next due column is read from the same index as the list rather than by
/// grouping every reminder at each start.
const V7: &str = r#"
ALTER TABLE participants ADD COLUMN next_due TEXT;
UPDATE participants SET next_due =
    (SELECT min(due) FROM reminders r WHERE r.participant_id = participants.id);
DROP INDEX participants_by_worker;
DROP INDEX participants_by_name;
CREATE INDEX participants_by_worker ON participants (key_worker, name COLLATE NOCASE, id,
    phone, stage, last_contact, next_contact, failed_attempts, next_due);
CREATE INDEX participants_by_name ON participants (name COLLATE NOCASE, id, key_worker,
    phone, stage, last_contact, next_contact, failed_attempts, next_due);
"#;

/// Drafts filed under the participant they are about, so erasing a person takes every draft
/// about them (any worker's) by id. Drafts already held are filed from their key, once; one
/// about someone no longer held is about no one.
const V8: &str = r#"
ALTER TABLE drafts ADD COLUMN participant_id INTEGER
    REFERENCES participants (id) ON DELETE CASCADE;
UPDATE drafts SET participant_id = (
    SELECT p.id FROM participants p WHERE p.id = CAST(
        CASE WHEN instr(substr(form, instr(form, ':') + 1), ':') > 0
             THEN substr(substr(form, instr(form, ':') + 1), 1,
                         instr(substr(form, instr(form, ':') + 1), ':') - 1)
             ELSE substr(form, instr(form, ':') + 1) END AS INTEGER))
WHERE form NOT LIKE 'employer:%' AND form <> 'participant:new';
CREATE INDEX drafts_by_participant ON drafts (participant_id) WHERE participant_id IS NOT NULL;
"#;

/// The audit log proves itself: each row's content hash and a hash chained to the row
/// before (filled in for older rows once, when a store first opens the file); erased rows
/// keep their hashes with their content blanked. And a record of the backups made.
const V9: &str = r#"
ALTER TABLE audit ADD COLUMN body_hash TEXT;
ALTER TABLE audit ADD COLUMN content_hash TEXT;
ALTER TABLE audit ADD COLUMN chain_hash TEXT;
ALTER TABLE audit ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;

-- Backups made, so an erasure can say which copies made before it still hold the person.
CREATE TABLE backups (
    id      INTEGER PRIMARY KEY,
    path    TEXT NOT NULL,
    at      TEXT NOT NULL,
    by      TEXT NOT NULL
);
"#;

/// Appointments at a time, moved with a reason and closed by the contact logged against
/// them; when and how each participant can be reached; and what the reminders pane shows of
/// both. The caseload reads each person's earliest booked appointment from its own index.
const V10: &str = r#"
ALTER TABLE participants ADD COLUMN availability TEXT NOT NULL DEFAULT '';
-- Codes joined by commas: text_first, no_calls_at_work, evenings_only.
ALTER TABLE participants ADD COLUMN availability_flags TEXT NOT NULL DEFAULT '';
-- The earliest booked appointment (a local time with its offset), kept in step with them.
ALTER TABLE participants ADD COLUMN booked TEXT;

CREATE TABLE appointments (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    uid             TEXT NOT NULL UNIQUE,
    at              TEXT NOT NULL,
    minutes         INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    with_whom       TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'booked',
    contact_id      INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    by              TEXT NOT NULL,
    made_at         TEXT NOT NULL
);
CREATE INDEX appointments_of_participant ON appointments (participant_id, status);

CREATE TABLE appointment_moves (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    from_at         TEXT NOT NULL,
    to_at           TEXT NOT NULL,
    reason          TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    by              TEXT NOT NULL,
    at              TEXT NOT NULL
);
CREATE INDEX appointment_moves_of_appointment ON appointment_moves (appointment_id);

-- An appointment's time of day, and how the person can be reached, beside each reminder.
ALTER TABLE reminders ADD COLUMN at_time TEXT;
ALTER TABLE reminders ADD COLUMN note TEXT NOT NULL DEFAULT '';

DROP INDEX participants_by_worker;
DROP INDEX participants_by_name;
CREATE INDEX participants_by_worker ON participants (key_worker, name COLLATE NOCASE, id,
    phone, stage, last_contact, next_contact, failed_attempts, next_due, booked);
CREATE INDEX participants_by_name ON participants (name COLLATE NOCASE, id, key_worker,
    phone, stage, last_contact, next_contact, failed_attempts, next_due, booked);
"#;

const V11: &str = r#"
-- The team's directory of partner services, shared like employers.
CREATE TABLE partners (
    id              INTEGER PRIMARY KEY,
    organisation    TEXT NOT NULL,
    service         TEXT NOT NULL DEFAULT '',
    -- Need codes joined by commas.
    helps_with      TEXT NOT NULL DEFAULT '',
    area            TEXT NOT NULL DEFAULT '',
    how_to_refer    TEXT NOT NULL DEFAULT '',
    contact_name    TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    criteria        TEXT NOT NULL DEFAULT '',
    wait            TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    updated_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX partners_by_name ON partners (organisation COLLATE NOCASE, service COLLATE NOCASE);

-- Onward referrals of a participant to a partner service.
CREATE TABLE referrals (
    id                INTEGER PRIMARY KEY,
    participant_id    INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    partner_id        INTEGER NOT NULL REFERENCES partners (id),
    reason            TEXT NOT NULL,
    consent           TEXT NOT NULL,
    -- Share codes joined by commas: what the person agreed may go to the service.
    shares            TEXT NOT NULL DEFAULT '',
    summary           TEXT NOT NULL DEFAULT '',
    urgency           TEXT NOT NULL,
    handover          TEXT NOT NULL,
    sent_on           TEXT NOT NULL,
    note              TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    status_on         TEXT NOT NULL,
    first_appointment TEXT,
    attended          TEXT,
    outcome           TEXT,
    version           INTEGER NOT NULL DEFAULT 1,
    by                TEXT NOT NULL,
    made_at           TEXT NOT NULL
);
CREATE INDEX referrals_of_participant ON referrals (participant_id, status);
CREATE INDEX referrals_of_partner ON referrals (partner_id);

-- Each move of a referral, dated: sent, accepted, first appointment, closed...
CREATE TABLE referral_events (
    id                INTEGER PRIMARY KEY,
    referral_id       INTEGER NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
    participant_id    INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    status            TEXT NOT NULL,
    on_date           TEXT NOT NULL,
    first_appointment TEXT,
    attended          TEXT,
    outcome           TEXT,
    note              TEXT NOT NULL DEFAULT '',
    by                TEXT NOT NULL,
    at                TEXT NOT NULL
);
CREATE INDEX referral_events_of_referral ON referral_events (referral_id);
"#;

/// The team: handovers between key workers, cover while a worker is away, risk flags and
/// safeguarding concerns.
const V12: &str = r#"
-- A participant moved from one key worker to another, and why.
CREATE TABLE handovers (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    from_worker     TEXT NOT NULL,
    to_worker       TEXT NOT NULL,
    note            TEXT NOT NULL,
    by              TEXT NOT NULL,
    at              TEXT NOT NULL
);
CREATE INDEX handovers_of_participant ON handovers (participant_id, at);

-- A worker's caseload covered by a colleague, both days included. Names no participant.
CREATE TABLE covers (
    id              INTEGER PRIMARY KEY,
    worker          TEXT NOT NULL,
    cover_by        TEXT NOT NULL,
    from_day        TEXT NOT NULL,
    to_day          TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    by              TEXT NOT NULL,
    at              TEXT NOT NULL
);
CREATE INDEX covers_by_colleague ON covers (cover_by, to_day);

-- Warnings a colleague must see before meeting the person; one of each kind at most.
CREATE TABLE risk_flags (
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    note            TEXT NOT NULL,
    review          TEXT NOT NULL,
    set_by          TEXT NOT NULL,
    set_at          TEXT NOT NULL,
    reviewed_by     TEXT NOT NULL,
    reviewed_at     TEXT NOT NULL,
    PRIMARY KEY (participant_id, kind)
) WITHOUT ROWID;

-- Safeguarding concerns and a team lead's decision on each.
CREATE TABLE concerns (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    seen            TEXT NOT NULL,
    on_date         TEXT NOT NULL,
    category        TEXT NOT NULL,
    action_taken    TEXT NOT NULL,
    person_knows    TEXT NOT NULL,
    raised_by       TEXT NOT NULL,
    raised_at       TEXT NOT NULL,
    decision        TEXT,
    referred_on     TEXT,
    reference       TEXT NOT NULL DEFAULT '',
    decision_note   TEXT NOT NULL DEFAULT '',
    decided_by      TEXT,
    decided_at      TEXT,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX concerns_of_participant ON concerns (participant_id);

-- Concerns awaiting a decision are every lead's reminders, whoever the key worker is.
-- The team pane counts the last four weeks' contacts by who made them.
CREATE INDEX contacts_by_time ON contacts (at, by, duration_minutes);

CREATE INDEX reminders_for_leads ON reminders (due) WHERE kind = 'safeguarding';
"#;

const V13: &str = r#"
-- Which caseload lines changed, for an app holding the whole caseload: every change to a
-- participant's row, their plan's employer or that employer's name numbers the line one
-- past the highest, so a reader asks for the lines numbered past the last it saw rather than
-- reading a hundred thousand again. Kept by triggers, so that no writer can change a line
-- without it. An erasure counts in `gone`, and a reader then reads everything again (which
-- also covers a number used again after the highest was erased).
CREATE TABLE line_changes (
    only            INTEGER PRIMARY KEY CHECK (only = 1),
    gone            INTEGER NOT NULL
);
INSERT INTO line_changes VALUES (1, 0);

ALTER TABLE participants ADD COLUMN line_change INTEGER NOT NULL DEFAULT 0;
CREATE INDEX participants_by_line_change ON participants (line_change);

CREATE TRIGGER participant_line_added AFTER INSERT ON participants
BEGIN
    UPDATE participants SET line_change = (SELECT max(line_change) FROM participants) + 1
    WHERE id = NEW.id;
END;

-- Only what the line shows; and the trigger's own update leaves `line_change` changed, so it
-- does not count twice. Saves set the next date again whether or not it moved: unmoved, it
-- is no change.
CREATE TRIGGER participant_line_changed AFTER UPDATE OF name, phone, stage, key_worker,
    last_contact, next_contact, failed_attempts, next_due, booked ON participants
WHEN NEW.line_change = OLD.line_change AND (NEW.name IS NOT OLD.name
    OR NEW.phone IS NOT OLD.phone OR NEW.stage IS NOT OLD.stage
    OR NEW.key_worker IS NOT OLD.key_worker OR NEW.last_contact IS NOT OLD.last_contact
    OR NEW.next_contact IS NOT OLD.next_contact
    OR NEW.failed_attempts IS NOT OLD.failed_attempts OR NEW.next_due IS NOT OLD.next_due
    OR NEW.booked IS NOT OLD.booked)
BEGIN
    UPDATE participants SET line_change = (SELECT max(line_change) FROM participants) + 1
    WHERE id = NEW.id;
END;

CREATE TRIGGER participant_line_gone AFTER DELETE ON participants
BEGIN
    UPDATE line_changes SET gone = gone + 1;
END;

CREATE TRIGGER plan_employer_added AFTER INSERT ON plans
WHEN NEW.employer_id IS NOT NULL
BEGIN
    UPDATE participants SET line_change = (SELECT max(line_change) FROM participants) + 1
    WHERE id = NEW.participant_id;
END;

CREATE TRIGGER plan_employer_changed AFTER UPDATE OF employer_id ON plans
WHEN NEW.employer_id IS NOT OLD.employer_id
BEGIN
    UPDATE participants SET line_change = (SELECT max(line_change) FROM participants) + 1
    WHERE id = NEW.participant_id;
END;

-- Everyone working there takes one number: a reader reads them all, whatever their order.
CREATE TRIGGER employer_renamed AFTER UPDATE OF name ON employers
WHEN NEW.name IS NOT OLD.name
BEGIN
    UPDATE participants SET line_change = (SELECT max(line_change) FROM participants) + 1
    WHERE id IN (SELECT participant_id FROM plans WHERE employer_id = NEW.id);
END;
"#;

/// The caseload's two indexes hold each line's fields but the id and the name in one value
/// (`store::packed_line`), so that reading a hundred thousand lines again costs three columns
/// a row rather than ten.
const V14: &str = r#"
-- The expression is written exactly as the store reads it, so SQLite reads it from here.
-- The fields, joined by commas: stage, last completed contact, earliest open reminder (else
-- next contact), whether a next contact is agreed or booked, failed attempts, the key
-- worker's length in bytes, then the key worker and the phone.
DROP INDEX participants_by_worker;
DROP INDEX participants_by_name;
CREATE INDEX participants_by_worker ON participants (key_worker, name COLLATE NOCASE, id,
    stage || ',' || coalesce(last_contact, '') || ',' ||
    coalesce(next_due, next_contact, '') || ',' ||
    (next_contact IS NOT NULL OR booked IS NOT NULL) || ',' || failed_attempts || ',' ||
    length(CAST(key_worker AS BLOB)) || ',' || key_worker || phone);
CREATE INDEX participants_by_name ON participants (name COLLATE NOCASE, id,
    stage || ',' || coalesce(last_contact, '') || ',' ||
    coalesce(next_due, next_contact, '') || ',' ||
    (next_contact IS NOT NULL OR booked IS NOT NULL) || ',' || failed_attempts || ',' ||
    length(CAST(key_worker AS BLOB)) || ',' || key_worker || phone);
"#;

const V15: &str = r#"
-- A service that stops taking referrals stays in the directory, with the day it closed.
ALTER TABLE partners ADD COLUMN closed_on TEXT;
"#;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
        M::up(V9),
        M::up(V10),
        M::up(V11),
        M::up(V12),
        M::up(V13),
        M::up(V14),
        M::up(V15),
    ])
}

/// The newest schema version this binary knows.
pub fn latest_version() -> i64 {
    15
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn latest_version_matches_the_migration_count() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, latest_version());
    }
}
