//! `keyworker referral`: a referral's summary as text to paste into a service's form or
//! email, holding only what the person agreed may be shared; or, with no referral named, the
//! person's referrals with their numbers.

use std::io::Write;

use anyhow::{Context, Result, bail};

use crate::domain::Choice;
use crate::domain::dates::uk;
use crate::domain::referral::SummaryOf;
use crate::domain::text::line;
use crate::store::Store;

pub fn run(store: &Store, participant: &str, referral: Option<&str>) -> Result<()> {
    let id = super::export::parse_id(participant)?;
    let person = store.participant(id)?;
    let name = line(&person.details.name);
    let mut out = std::io::stdout().lock();
    let Some(referral) = referral else {
        let list = store.referrals(id)?;
        if list.is_empty() {
            writeln!(out, "{name} has no referrals.")?;
        }
        for r in list {
            writeln!(
                out,
                "{:>5}  {}  {}  {}  {}",
                r.id,
                uk(r.details.sent_on),
                line(&r.partner),
                r.details.reason.label(),
                r.state()
            )?;
        }
        return Ok(());
    };
    let number: i64 = referral
        .trim()
        .parse()
        .with_context(|| format!("{referral:?} is not a referral number (whole numbers)"))?;
    let Some(r) = store.referral(number)?.filter(|r| r.participant_id == id) else {
        bail!(
            "{name} has no referral {number}; `keyworker referral --participant {id}` lists theirs"
        );
    };
    let Some(partner) = store.partner(r.details.partner_id)? else {
        bail!("the service of referral {number} is no longer in the directory");
    };
    let Some(text) = SummaryOf::new(&r, &partner.details, &person.details).text() else {
        bail!("{name} said no to referral {number}, so nothing about them may be sent");
    };
    // Every line is stored text cleaned of control characters; clean again, as it goes to a
    // terminal or another program.
    for l in text.lines() {
        writeln!(out, "{}", line(l))?;
    }
    Ok(())
}
