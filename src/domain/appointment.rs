//! Appointments: a call, video call or meeting booked at a time, with the participant, their
//! employer or both. Moved with a reason, and closed by the contact logged against it.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::Choice;

choice! {
    AppointmentKind {
        Call = "call", "Call";
        Video = "video", "Video call";
        Meeting = "meeting", "Meeting";
    }
}

choice! {
    /// Who the appointment is with.
    Attendees {
        Participant = "participant", "Participant";
        Employer = "employer", "Employer";
        ThreeWay = "three_way", "Three-way: participant and employer";
    }
}

choice! {
    AppointmentStatus {
        Booked = "booked", "Booked";
        Attended = "attended", "Attended";
        DidNotAttend = "did_not_attend", "Did not attend";
        Cancelled = "cancelled", "Cancelled";
    }
}

choice! {
    /// Why an appointment moved.
    MoveReason {
        ShiftChanged = "shift_changed", "Work shift changed";
        ParticipantAsked = "participant_asked", "Participant asked";
        WeCancelled = "we_cancelled", "We cancelled";
        Other = "other", "Other";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentDetails {
    pub at: DateTime<FixedOffset>,
    pub minutes: u32,
    pub kind: AppointmentKind,
    /// Where, or how: an address, a room, a phone number, a video link.
    pub place: String,
    pub with: Attendees,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    pub id: i64,
    pub participant_id: i64,
    /// Stays the same when the appointment moves, so a calendar updates it in place.
    pub uid: String,
    pub details: AppointmentDetails,
    pub status: AppointmentStatus,
    /// The contact that closed it.
    pub contact_id: Option<i64>,
    /// Goes up with each move: a calendar's sequence number.
    pub version: i64,
    pub moves: Vec<Move>,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
    pub reason: MoveReason,
    pub note: String,
    pub by: String,
    pub at: DateTime<FixedOffset>,
}

impl AppointmentDetails {
    /// `14:30 call, 30 min` or `10:00 three-way meeting at Tesco Extra, 60 min`.
    pub fn title(&self) -> String {
        let what = match (self.with, self.kind) {
            (Attendees::ThreeWay, k) => format!("three-way {}", k.label().to_lowercase()),
            (Attendees::Employer, k) => format!("{} with employer", k.label().to_lowercase()),
            (Attendees::Participant, k) => k.label().to_lowercase(),
        };
        let place = if self.place.trim().is_empty() {
            String::new()
        } else {
            format!(" ({})", self.place.trim())
        };
        format!(
            "{} {what}{place}, {} min",
            self.at.format("%H:%M"),
            self.minutes
        )
    }
}

/// The appointment status a contact's outcome closes it with.
pub fn closed_by(outcome: super::contact::Outcome) -> AppointmentStatus {
    use super::contact::Outcome as O;
    match outcome {
        O::Completed => AppointmentStatus::Attended,
        O::NoAnswer | O::LeftMessage | O::DidNotAttend => AppointmentStatus::DidNotAttend,
        O::CancelledByThem | O::CancelledByUs => AppointmentStatus::Cancelled,
    }
}
