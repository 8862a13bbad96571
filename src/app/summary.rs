//! What to send a service for a referral: the summary `keyworker referral` prints, with only
//! what the person agreed may be shared, on screen to copy into the service's form or email
//! without leaving the app.

use super::{Model, Screen};
use crate::domain::referral::SummaryOf;
use crate::domain::text::{line, wrapped};
use crate::keymap::Command;
use crate::store::Store;
use crate::strings;

pub struct SummaryScreen {
    pub participant_id: i64,
    pub referral_id: i64,
    /// The service, for the title.
    pub partner: String,
    /// The text, line by line as `keyworker referral` prints it.
    pub lines: Vec<String>,
    /// The first row shown, when the text is longer than the screen.
    pub top: usize,
}

impl SummaryScreen {
    /// The text as it shows `width` columns wide: long lines wrapped at spaces, never cut,
    /// since what was written for the service must reach it whole.
    pub fn rows(&self, width: usize) -> Vec<String> {
        self.lines
            .iter()
            .flat_map(|l| wrapped(l, width.max(1), 0))
            .collect()
    }
}

/// The text's width on a screen `width` columns wide: less a margin each side.
pub fn text_width(width: u16) -> usize {
    usize::from(width).saturating_sub(2)
}

/// The summary of referral `id`; none, with the reason said, if they said no to it or it or
/// its service is gone.
pub(super) fn screen(model: &mut Model, store: &Store, id: i64) -> Option<Screen> {
    let Some(r) = model.ok(store.referral(id))? else {
        model.fail(strings::SUMMARY_GONE);
        return None;
    };
    let person = model.ok(store.participant(r.participant_id))?;
    let Some(partner) = model.ok(store.partner(r.details.partner_id))? else {
        model.fail(strings::SUMMARY_GONE);
        return None;
    };
    let Some(text) = SummaryOf::new(&r, &partner.details, &person.details).text() else {
        model.fail(strings::REFERRAL_NOT_MADE);
        return None;
    };
    Some(Screen::Summary(Box::new(SummaryScreen {
        participant_id: r.participant_id,
        referral_id: id,
        partner: line(&r.partner),
        // Stored text is clean; cleaned again on its way to the terminal, as the CLI does.
        lines: text.lines().map(line).collect(),
        top: 0,
    })))
}

/// Rows of the text a screen `height` high shows: less the header, the footer and a margin.
pub fn shown(height: u16) -> usize {
    usize::from(height).saturating_sub(3).max(1)
}

/// Scrolling; `None` for the global keys (Back closes it).
pub fn key(model: &mut Model, command: Command) -> Option<bool> {
    let (shown, width) = (shown(model.height), text_width(model.width));
    let Screen::Summary(s) = &mut model.screen else {
        return None;
    };
    let last = s.rows(width).len().saturating_sub(shown);
    let top = s.top.min(last);
    s.top = super::scrolled(top, last, shown.saturating_sub(1), command)?;
    Some(s.top != top)
}
