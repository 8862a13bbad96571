//! keyworker: a terminal app for key workers in employment support.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
pub mod cli;
pub mod domain;
pub mod keymap;
pub mod lean;
pub mod store;
pub mod strings;
pub mod tui;
pub mod ui;

use std::path::PathBuf;

/// The key worker at the keyboard: the login name of the real user id. `$USER` can be set to
/// anything, and the audit log must name who really made a change.
pub fn login_name() -> String {
    uzers::get_current_username()
        .and_then(|n| n.into_string().ok())
        .unwrap_or_else(|| format!("uid{}", uzers::get_current_uid()))
}

/// Where data lives when no path is given: the platform data directory.
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "keyworker").map(|d| d.data_dir().to_path_buf())
}
