//! Subcommands, one file each.

pub mod audit;
pub mod csv_out;
pub mod demo;
pub mod doctor;
pub mod due;
pub mod export;
mod export_csv;
mod export_text;
pub mod import;
pub mod reassign;
pub mod referral;
pub mod report;
