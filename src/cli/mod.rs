//! Subcommands, one file each.

pub mod demo;
pub mod export;
