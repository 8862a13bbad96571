//! Subcommands, one file each.

pub mod demo;
pub mod due;
pub mod export;
