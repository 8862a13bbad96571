//! Plain types and rules of the field, with no I/O.

/// A closed list whose values are stored and exported by `code` and shown by `label`.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $crate::domain::participant::Choice for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }
            fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
        }
    };
}

pub mod appointment;
pub mod availability;
pub mod clock;
pub mod contact;
pub mod dates;
pub mod draft;
pub mod outcome;
pub mod participant;
pub mod plan;
pub mod profile;
pub mod referral;
pub mod reminder;
pub mod rhythm;
pub mod team;
pub mod text;

pub use participant::{
    Barrier, BarrierKind, CaseloadRow, Choice, Participant, ParticipantDetails, ReferralRoute,
    RowText, Stage, StageChange, join_codes, split_codes,
};
