//! `keyworker reassign`: hands people from one key worker to another with a handover note,
//! as the caseload's handover does: everyone open of the first worker's, or those named.

use std::io::Write;

use anyhow::{Result, bail};

use crate::domain::text::line;
use crate::store::{Store, StoreError};

pub fn run(
    store: &mut Store,
    from: &str,
    to: &str,
    participants: &[String],
    note: &str,
) -> Result<()> {
    let (from, to) = (line(from), line(to));
    if from.is_empty() || to.is_empty() {
        bail!("say whose people move (--from) and to whom (--to), by login name");
    }
    if from == to {
        bail!("--from and --to are both {from}: nobody would move");
    }
    if line(note).is_empty() {
        bail!("a handover needs a note for {to} (--note): what they should know first");
    }
    let ids: Vec<i64> = if participants.is_empty() {
        store.people_of(&from, false)?
    } else {
        participants
            .iter()
            .map(|p| super::export::parse_id(p))
            .collect::<Result<_>>()?
    };
    if ids.is_empty() {
        bail!("{from} has no open cases to hand over");
    }
    // Nothing moves unless every one named is with `from`, checked as they move: a mistyped
    // id must not take someone from a third worker.
    let made = match store.reassign_from(Some(&from), &ids, &to, note) {
        Err(StoreError::NotWith(id, was)) => bail!(
            "participant {id} ({}) is with {was}, not {from}; nobody was moved",
            line(&store.participant(id)?.details.name),
        ),
        made => made?,
    };
    let mut out = std::io::stdout().lock();
    for h in &made {
        let name = line(&store.participant(h.participant_id)?.details.name);
        writeln!(out, "{:>7}  {name}", h.participant_id)?;
    }
    writeln!(out, "{}", crate::strings::handed_over(made.len(), &to))?;
    Ok(())
}
