//! Plain types and rules of the field, with no I/O.

pub mod dates;
pub mod participant;
pub mod text;

pub use participant::{
    Barrier, BarrierKind, CaseloadRow, Choice, Participant, ParticipantDetails, ReferralRoute,
    Stage, StageChange,
};
