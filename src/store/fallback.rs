//! Drafts the database would not take (a full disk, a read-only file, a lock held too long, a
//! newer keyworker that upgraded it meanwhile), kept as private files in the worker's own data
//! directory until the next start puts them back where they belong.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Result, Store};

use crate::domain::draft::DraftKey;

#[derive(Serialize, Deserialize)]
struct Kept {
    who: String,
    form: String,
    body: String,
}

/// The file a worker's draft of a form is kept in: one a form, replaced as typing goes on.
fn file_for(dir: &Path, who: &str, key: &DraftKey) -> PathBuf {
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect()
    };
    dir.join(format!(
        "draft-{}-{}.json",
        safe(who),
        safe(&key.to_string())
    ))
}

/// Keeps a draft outside the database: written whole to a new private file, flushed to disk,
/// then moved over the one before, so a crash leaves the old text or the new, never half.
pub fn keep(dir: &Path, who: &str, key: &DraftKey, body: &str) -> io::Result<PathBuf> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let path = file_for(dir, who, key);
    let tmp = path.with_extension("json.new");
    let _ = fs::remove_file(&tmp);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(libc::O_NOFOLLOW)
        .mode(0o600)
        .open(&tmp)?;
    let kept = Kept {
        who: who.to_string(),
        form: key.to_string(),
        body: body.to_string(),
    };
    file.write_all(serde_json::to_string(&kept)?.as_bytes())?;
    file.sync_all()?;
    fs::rename(&tmp, &path)?;
    Ok(path)
}

/// Puts the drafts kept outside the database back into it, each file removed once it is in;
/// returns how many came back. A file the database still will not take stays for next time.
pub fn restore(store: &mut Store, dir: &Path) -> Result<usize> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(0);
    };
    let mut back = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let Some(kept) = fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str::<Kept>(&t).ok())
        else {
            continue;
        };
        if kept.who != store.who() {
            continue;
        }
        let Ok(key) = kept.form.parse::<DraftKey>() else {
            continue;
        };
        if store.save_draft(&key, &kept.body).is_ok() {
            let _ = fs::remove_file(&path);
            back += 1;
        }
    }
    Ok(back)
}
