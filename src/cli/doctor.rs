//! `keyworker doctor`: checks a (shared) database file and says how to fix what is wrong.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use anyhow::Result;

use crate::domain::clock::Clock;
use crate::store::{dir_of, inspect, is_team_dir, schema};

/// One line of the report: what was checked, what was found, and the fix when it is wrong.
pub struct Finding {
    pub what: &'static str,
    pub found: String,
    pub fix: Option<String>,
}

fn user(uid: u32) -> String {
    uzers::get_user_by_uid(uid)
        .map_or_else(|| uid.to_string(), |u| u.name().to_string_lossy().into())
}

fn group(gid: u32) -> String {
    uzers::get_group_by_gid(gid)
        .map_or_else(|| gid.to_string(), |g| g.name().to_string_lossy().into())
}

/// `-rw-rw----` for a mode.
fn rwx(mode: u32, dir: bool) -> String {
    let mut s = String::from(if dir { "d" } else { "-" });
    for (i, c) in "rwxrwxrwx".chars().enumerate() {
        let bit = 0o400 >> i;
        let set = mode & bit != 0;
        // setgid shows as `s` in the group's execute place.
        if i == 5 && mode & 0o2000 != 0 {
            s.push(if set { 's' } else { 'S' });
        } else {
            s.push(if set { c } else { '-' });
        }
    }
    s
}

fn shell(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_alphanumeric() || "/._-+".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Every check, in order. The database is only read.
pub fn check(path: &Path, clock: &Clock) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    let meta =
        fs::metadata(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let dir = dir_of(path);
    let team = is_team_dir(dir);
    let dmeta = fs::metadata(dir)?;
    let dmode = dmeta.permissions().mode() & 0o7777;
    let dgroup = dmeta.gid();

    // The directory.
    let dfix = if team {
        (dmode & 0o007 != 0 || dmode & 0o070 != 0o070).then(|| format!("chmod 2770 {}", shell(dir)))
    } else if dmode & 0o022 != 0 && dmode & 0o1000 == 0 {
        // Others could replace the file; a sticky directory (like /tmp) stops that.
        Some(format!("chmod go-w {}", shell(dir)))
    } else {
        None
    };
    out.push(Finding {
        what: "directory",
        found: format!(
            "{} {}:{} {}{}",
            rwx(dmode, true),
            user(dmeta.uid()),
            group(dgroup),
            shell(dir),
            if team {
                " (team: setgid, shared by the group)"
            } else {
                " (private)"
            }
        ),
        fix: dfix,
    });

    // The file and the files SQLite keeps beside it.
    let want = if team { 0o660 } else { 0o600 };
    let wal = path.with_file_name(format!(
        "{}-wal",
        path.file_name().map_or("".into(), |n| n.to_string_lossy())
    ));
    let shm = path.with_file_name(format!(
        "{}-shm",
        path.file_name().map_or("".into(), |n| n.to_string_lossy())
    ));
    for (what, p, m) in [
        ("file", path.to_path_buf(), Some(meta)),
        ("log (-wal)", wal.clone(), fs::metadata(&wal).ok()),
        ("index (-shm)", shm.clone(), fs::metadata(&shm).ok()),
    ] {
        let Some(m) = m else {
            continue;
        };
        let mode = m.permissions().mode() & 0o777;
        let mut fixes = Vec::new();
        if mode != want {
            fixes.push(format!("chmod {want:o} {}", shell(&p)));
        }
        if team && m.gid() != dgroup {
            fixes.push(format!("chgrp {} {}", group(dgroup), shell(&p)));
        }
        out.push(Finding {
            what,
            found: format!("{} {}:{}", rwx(mode, false), user(m.uid()), group(m.gid())),
            fix: (!fixes.is_empty()).then(|| fixes.join(" && ")),
        });
    }

    // Whoever runs this must be in the team's group to use the file.
    if team {
        let me = crate::login_name();
        let uid = uzers::get_current_uid();
        let primary = uzers::get_user_by_uid(uid).map(|u| u.primary_group_id());
        let member = primary == Some(dgroup)
            || uzers::get_user_groups(&me, primary.unwrap_or(dgroup))
                .is_some_and(|gs| gs.iter().any(|g| g.gid() == dgroup))
            || uid == 0;
        out.push(Finding {
            what: "you",
            found: format!(
                "{me} is {}in {}",
                if member { "" } else { "not " },
                group(dgroup)
            ),
            fix: (!member).then(|| {
                format!(
                    "sudo usermod -aG {} {me}   (then log in again)",
                    group(dgroup)
                )
            }),
        });
    }

    // Inside the file.
    let started = std::time::Instant::now();
    match inspect(path) {
        Err(e) => out.push(Finding {
            what: "database",
            found: e.to_string(),
            fix: Some("restore the latest backup (keyworker backup makes them)".into()),
        }),
        Ok(i) => {
            out.push(Finding {
                what: "keyworker file",
                found: if i.ours {
                    format!("yes, {} participants", i.participants.unwrap_or(0))
                } else {
                    "no: another program's SQLite file".into()
                },
                fix: (!i.ours).then(|| "give --db the team's keyworker file".into()),
            });
            out.push(Finding {
                what: "journal",
                found: i.journal_mode.clone(),
                fix: (i.journal_mode != "wal")
                    .then(|| "open it once with keyworker, which sets WAL".into()),
            });
            let known = schema::latest_version();
            out.push(Finding {
                what: "schema",
                found: format!("version {} (this keyworker knows up to {known})", i.version),
                fix: match i.version.cmp(&known) {
                    std::cmp::Ordering::Greater => {
                        Some("update keyworker; this one is older than the file".into())
                    }
                    std::cmp::Ordering::Less => {
                        Some("open it with keyworker, which upgrades it in place".into())
                    }
                    std::cmp::Ordering::Equal => None,
                },
            });
            if let Some(check) = &i.audit {
                let (found, fix) = match check {
                    crate::store::AuditCheck::Whole { rows } => {
                        (format!("verifies: {rows} rows in an unbroken chain"), None)
                    }
                    crate::store::AuditCheck::Broken { row, why } => (
                        format!("does not verify at row {row}: {why}"),
                        Some("compare with the latest backup to find what was changed, and by whom; keyworker audit --verify checks again".into()),
                    ),
                };
                out.push(Finding {
                    what: "audit log",
                    found,
                    fix,
                });
            }
            let ok = i.integrity == ["ok"];
            out.push(Finding {
                what: "integrity",
                found: format!(
                    "{} ({:.1} s)",
                    i.integrity.join("; "),
                    started.elapsed().as_secs_f64()
                ),
                fix: (!ok).then(|| {
                    format!(
                        "stop everyone using it, then restore the latest backup over {}",
                        shell(path)
                    )
                }),
            });
        }
    }
    out.push(replication(path, clock));
    Ok(out)
}

/// Whether Litestream keeps an off-site copy of the file: a config naming it, and how old the
/// newest replica file is where the replica is a readable directory.
fn replication(path: &Path, clock: &Clock) -> Finding {
    let config = std::env::var_os("LITESTREAM_CONFIG").map_or_else(
        || std::path::PathBuf::from("/etc/litestream.yml"),
        Into::into,
    );
    let full = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let text = fs::read_to_string(&config).unwrap_or_default();
    let Some(at) = text.find(&*full.to_string_lossy()) else {
        return Finding {
            what: "off-site copy",
            found: format!(
                "none: no Litestream config ({}) names this file; see the README's Off-site copy",
                config.display()
            ),
            fix: None,
        };
    };
    // The replica of this database: the first file URL or path after its own entry.
    let after = &text[at + full.to_string_lossy().len()..];
    let replica = after.lines().find_map(|l| {
        let l = l.trim().trim_start_matches("- ");
        l.strip_prefix("url: file://")
            .or_else(|| l.strip_prefix("path: "))
            .map(|p| p.trim().trim_matches('"').to_string())
    });
    let newest = replica
        .as_deref()
        .and_then(|r| newest_file(Path::new(r), clock));
    let found = match (replica, newest) {
        (Some(r), Some(age)) => format!(
            "replicated by Litestream ({}) to {r}; newest replica file {} old",
            config.display(),
            age_words(age)
        ),
        (Some(r), None) => format!(
            "replicated by Litestream ({}) to {r}, which cannot be read from here",
            config.display()
        ),
        (None, _) => format!(
            "named in {}; its replica is not a local path",
            config.display()
        ),
    };
    Finding {
        what: "off-site copy",
        found,
        fix: None,
    }
}

/// How long ago the newest file under `dir` was written.
fn newest_file(dir: &Path, clock: &Clock) -> Option<std::time::Duration> {
    let mut newest: Option<std::time::SystemTime> = None;
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).ok()?.flatten() {
            let Ok(m) = e.metadata() else { continue };
            if m.is_dir() {
                todo.push(e.path());
            } else if let Ok(t) = m.modified() {
                newest = Some(newest.map_or(t, |n| n.max(t)));
            }
        }
    }
    clock.age_of(newest?)
}

fn age_words(d: std::time::Duration) -> String {
    match d.as_secs() {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}

/// Who leads the team, from the profile beside the file: said, never a problem, since a team
/// with no lead named still has every concern seen (by everyone).
pub fn leads(leads: &[String]) -> Finding {
    Finding {
        what: "team leads",
        found: if leads.is_empty() {
            crate::strings::NO_LEADS_NAMED.to_string()
        } else {
            leads.join(", ")
        },
        fix: None,
    }
}

/// Prints the findings; returns how many problems there were.
pub fn run(path: &Path, clock: &Clock, team_leads: &[String]) -> Result<usize> {
    let mut findings = check(path, clock)?;
    findings.push(leads(team_leads));
    println!("keyworker doctor: {}", path.display());
    for f in &findings {
        let mark = if f.fix.is_some() { "PROBLEM" } else { "ok" };
        println!("  {mark:<8} {:<14} {}", f.what, f.found);
        if let Some(fix) = &f.fix {
            println!("  {:<8} {:<14} fix: {fix}", "", "");
        }
    }
    let problems = findings.iter().filter(|f| f.fix.is_some()).count();
    match problems {
        0 => println!("Nothing wrong found."),
        1 => println!("1 problem found."),
        n => println!("{n} problems found."),
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::{leads, rwx};

    #[test]
    fn the_leads_are_named_or_it_says_everyone_leads() {
        assert_eq!(leads(&["sam".into(), "kim.b".into()]).found, "sam, kim.b");
        let none = leads(&[]);
        assert!(none.found.starts_with("none named"), "{}", none.found);
        assert!(none.fix.is_none());
    }

    #[test]
    fn modes_read_like_ls() {
        assert_eq!(rwx(0o660, false), "-rw-rw----");
        assert_eq!(rwx(0o2770, true), "drwxrws---");
        assert_eq!(rwx(0o600, false), "-rw-------");
    }
}
