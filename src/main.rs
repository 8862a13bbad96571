use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use keyworker::cli;
use keyworker::domain::clock::Clock;
use keyworker::domain::profile::Profile;
use keyworker::store::Store;
use keyworker::strings;

/// A caseload, plans, contacts and reminders for key workers in employment support.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// The database file (default: keyworker.db in your data directory).
    #[arg(long, global = true, env = "KEYWORKER_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// Open the app on a demo caseload kept in its own file, never the real database.
    #[arg(long)]
    demo: bool,
    /// Take today to be this date (yyyy-mm-dd), with the time of day still real: for
    /// reproducible captures and a training caseload that does not age.
    #[arg(long, global = true, hide = true, env = keyworker::domain::clock::TODAY_VAR, value_name = "DATE")]
    today: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Write a synthetic caseload of any size (into the demo database unless --db is given).
    Demo {
        #[arg(long, default_value_t = 60)]
        participants: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Add to a database that already has participants.
        #[arg(long)]
        force: bool,
    },
    /// Reminders due today or overdue (or within N days), for you or the whole team.
    Due {
        /// Look this many days ahead.
        #[arg(long, default_value_t = 0)]
        days: u32,
        /// The whole team, not only your own caseload.
        #[arg(long)]
        all: bool,
        /// As JSON, for scripts.
        #[arg(long, conflicts_with = "ics")]
        json: bool,
        /// As an iCalendar file (RFC 5545) for a calendar app.
        #[arg(long)]
        ics: bool,
    },
    /// Caseload, starts and exits, outcomes, soft outcome change, contacts, time and spend.
    Report {
        /// First day counted (default: 1 April of this financial year).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day counted (default: today).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Only this key worker's participants (default: the whole team).
        #[arg(long, value_name = "NAME", conflicts_with = "all")]
        worker: Option<String>,
        /// The whole team (the default).
        #[arg(long)]
        all: bool,
        #[arg(long, default_value = "text", value_parser = ["text", "csv", "json"])]
        format: String,
        /// Instead: exited participants kept longer than the retention period.
        #[arg(long)]
        retention: bool,
    },
    /// Add participants from a referral spreadsheet saved as CSV (columns in the README).
    Import {
        file: PathBuf,
        /// Check every row and report, writing nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Erase a participant's whole record (right to erasure); the audit log keeps only that
    /// a record was erased, by whom and when.
    Erase {
        #[arg(long, value_name = "ID")]
        participant: String,
        /// Do not ask for the typed confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// A referral's summary to paste into a service's form or email: only what the person
    /// agreed may be shared. Without --referral, lists their referrals and numbers.
    Referral {
        #[arg(long, value_name = "ID")]
        participant: String,
        #[arg(long, value_name = "N")]
        referral: Option<String>,
    },
    /// Hand people from one key worker to another with a handover note: all the first
    /// worker's open cases, or only those named. Their reminders follow them.
    Reassign {
        #[arg(long, value_name = "NAME")]
        from: String,
        #[arg(long, value_name = "NAME")]
        to: String,
        /// Only these participants (repeat for several); each must be with --from.
        #[arg(long, value_name = "ID")]
        participant: Vec<String>,
        /// What the new key worker should know first.
        #[arg(long, value_name = "TEXT")]
        note: String,
    },
    /// Check a (shared) database: file modes, group, journal, schema and integrity.
    Doctor,
    /// Who changed what, when: every change, oldest first.
    Audit {
        #[arg(long, value_name = "ID")]
        participant: Option<String>,
        /// As JSON, for scripts.
        #[arg(long)]
        json: bool,
        /// Check that every row is as keyworker wrote it, in an unbroken chain.
        #[arg(long, conflicts_with_all = ["participant", "json"])]
        verify: bool,
    },
    /// A consistent copy of the database while others are using it; never overwrites a file.
    Backup { path: PathBuf },
    /// Print everything held, as JSON, as text a person can read, or as CSV files (one per
    /// table) in a directory.
    Export {
        #[arg(long, default_value = "json", value_parser = ["json", "text", "csv"])]
        format: String,
        /// Only this participant (for a subject access request).
        #[arg(long, value_name = "ID")]
        participant: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
}

/// The database to use: the one given, else `keyworker.db` (or `demo.db`) in the data directory.
fn db_path(given: Option<PathBuf>, demo: bool) -> Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p);
    }
    let dir = keyworker::data_dir().context("cannot find a data directory; give --db PATH")?;
    Ok(dir.join(if demo { "demo.db" } else { "keyworker.db" }))
}

/// The programme profile: `programme.toml` beside the database if there is one, so a team
/// shares it; else the one built in. A file that cannot be used is named in a warning and
/// the built-in profile is used instead, so a typo never keeps anyone out of their caseload.
fn profile_beside(db: &std::path::Path) -> (Profile, Option<String>) {
    let path = db.with_file_name("programme.toml");
    let problem = match std::fs::read_to_string(&path) {
        Ok(text) => match Profile::parse(&text) {
            Ok(p) => return (p, None),
            Err(e) => e.to_string(),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Profile::default(), None),
        Err(e) => e.to_string(),
    };
    let warning = strings::profile_fallback(&path, &problem);
    eprintln!("keyworker: {warning}");
    (Profile::default(), Some(warning))
}

/// Erasure cannot be undone: the worker types the participant's name to go ahead.
fn confirm_erase(id: i64, name: &str) -> Result<()> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "erasing participant {id} cannot be undone; run it at a terminal to confirm, or add --yes"
        );
    }
    eprint!(
        "This erases everything held about participant {id}, {name}, and cannot be undone.\nType their name to confirm: "
    );
    std::io::stderr().flush()?;
    let mut typed = String::new();
    std::io::stdin().lock().read_line(&mut typed)?;
    if typed.trim().to_lowercase() != name.trim().to_lowercase() {
        anyhow::bail!("the name did not match; nothing was erased");
    }
    Ok(())
}

fn run(args: Args) -> Result<()> {
    let me = keyworker::login_name();
    let clock = Clock::pinned_by(args.today.as_deref())?;
    let today = clock.today();
    match args.command {
        None if args.demo => {
            // KEYWORKER_DB names the real database; the demo never uses it.
            let path = db_path(None, true)?;
            let profile = profile_beside(&path);
            let mut store = cli::demo::ensure(&path, &me, profile.0.clone(), clock)?;
            keyworker::tui::run(&mut store, &me, profile)?;
        }
        None => {
            let path = db_path(args.db, false)?;
            let profile = profile_beside(&path);
            let mut store = Store::open_with(&path, &me, profile.0.clone(), clock)?;
            keyworker::tui::run(&mut store, &me, profile)?;
        }
        Some(Command::Demo {
            participants,
            seed,
            force,
        }) => {
            let path = db_path(args.db, true)?;
            let mut store = Store::open_with(&path, &me, profile_beside(&path).0, clock)?;
            let started = std::time::Instant::now();
            let n = cli::demo::fill(&mut store, participants, seed, force, today)?;
            eprintln!(
                "Wrote {n} participants to {} in {:.1} s.",
                path.display(),
                started.elapsed().as_secs_f64()
            );
        }
        Some(Command::Due {
            days,
            all,
            json,
            ics,
        }) => {
            let path = db_path(args.db, false)?;
            let store = Store::open_existing(&path, &me, profile_beside(&path).0, clock)?;
            let format = match (json, ics) {
                (true, _) => cli::due::Format::Json,
                (_, true) => cli::due::Format::Ics,
                _ => cli::due::Format::Text,
            };
            let worker = (!all).then_some(me.as_str());
            cli::due::run(
                &store,
                cli::due::DueList {
                    worker,
                    days,
                    today,
                },
                format,
            )?;
        }
        Some(Command::Import { file, dry_run }) => {
            let path = db_path(args.db, false)?;
            let mut store = Store::open_with(&path, &me, profile_beside(&path).0, clock)?;
            let done = cli::import::run(&mut store, &file, dry_run)?;
            if dry_run {
                eprintln!(
                    "{} participants checked: all good; nothing written (--dry-run).",
                    done.checked
                );
            } else {
                eprintln!(
                    "Imported {} participants into {}.",
                    done.written,
                    path.display()
                );
            }
        }
        Some(Command::Erase { participant, yes }) => {
            let path = db_path(args.db, false)?;
            let mut store = Store::open_existing(&path, &me, profile_beside(&path).0, clock)?;
            let id = cli::export::parse_id(&participant)?;
            let name = store.participant(id)?.details.name;
            if !yes {
                confirm_erase(id, &name)?;
            }
            let erased = store.erase_participant(id)?;
            eprintln!(
                "Erased participant {id} ({}) and everything held about them; the audit log notes only that a record was erased, by {me}, now.",
                erased.name
            );
            if let Some(pages) = erased.log_left {
                eprintln!(
                    "Others have the file open, so {pages} pages of its write-ahead log still hold erased text; they are cleared when the next change is saved after they close keyworker."
                );
            }
            if !erased.backups.is_empty() {
                eprintln!(
                    "These backups were made before the erasure and still hold them; delete or replace them:"
                );
                for b in &erased.backups {
                    eprintln!("  {}  (made {} by {})", b.path, b.at, b.by);
                }
            }
        }
        Some(Command::Doctor) => {
            let path = db_path(args.db, false)?;
            let leads = profile_beside(&path).0.team.leads;
            if cli::doctor::run(&path, &clock, &leads)? > 0 {
                anyhow::bail!("the problems above need fixing");
            }
        }
        Some(Command::Reassign {
            from,
            to,
            participant,
            note,
        }) => {
            let path = db_path(args.db, false)?;
            let mut store = Store::open_existing(&path, &me, profile_beside(&path).0, clock)?;
            cli::reassign::run(&mut store, &from, &to, &participant, &note)?;
        }
        Some(Command::Referral {
            participant,
            referral,
        }) => {
            let path = db_path(args.db, false)?;
            let store = Store::open_existing(&path, &me, profile_beside(&path).0, clock)?;
            cli::referral::run(&store, &participant, referral.as_deref())?;
        }
        Some(Command::Audit {
            participant,
            json,
            verify,
        }) => {
            let path = db_path(args.db, false)?;
            let store = Store::open_existing(&path, &me, profile_beside(&path).0, clock)?;
            if verify {
                return cli::audit::verify(&store);
            }
            let id = participant
                .as_deref()
                .map(cli::export::parse_id)
                .transpose()?;
            cli::audit::run(&store, id, json)?;
        }
        Some(Command::Backup { path: to }) => {
            let path = db_path(args.db, false)?;
            let store = Store::open_existing(&path, &me, profile_beside(&path).0, clock)?;
            let started = std::time::Instant::now();
            store.backup_to(&to)?;
            let size = std::fs::metadata(&to).map_or(0, |m| m.len());
            eprintln!(
                "Backed up {} to {} ({:.1} MB, checked) in {:.1} s.",
                path.display(),
                to.display(),
                size as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
        }
        Some(Command::Report {
            from,
            to,
            worker,
            all: _,
            format,
            retention,
        }) => {
            let path = db_path(args.db, false)?;
            let store = Store::open_existing(&path, &me, profile_beside(&path).0, clock)?;
            let format = cli::report::Format::parse(&format);
            if retention {
                return cli::report::retention(&store, today, format);
            }
            let day =
                |s: Option<String>, default: chrono::NaiveDate| -> Result<chrono::NaiveDate> {
                    match s {
                        None => Ok(default),
                        Some(s) => {
                            keyworker::domain::dates::parse_quick_date(&s, today).map_err(|_| {
                                anyhow::anyhow!("{s:?} is not a date; use yyyy-mm-dd or dd/mm/yyyy")
                            })
                        }
                    }
                };
            let q = keyworker::store::ReportQuery {
                from: day(from, cli::report::year_start(today))?,
                to: day(to, today)?,
                worker: worker.as_deref(),
            };
            if q.from > q.to {
                anyhow::bail!("--from {} is after --to {}", q.from, q.to);
            }
            cli::report::run(&store, &q, format)?;
        }
        Some(Command::Export {
            format,
            participant,
            out,
        }) => {
            let path = db_path(args.db, false)?;
            let store = Store::open_existing(&path, &me, profile_beside(&path).0, clock)?;
            cli::export::run(&store, &format, participant.as_deref(), out.as_deref())?;
        }
    }
    Ok(())
}

/// Whether the command failed only because whoever reads its output stopped reading
/// (`keyworker due | head`): however deep the pipe's error is wrapped (JSON, CSV).
fn closed_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
            || c.downcast_ref::<csv::Error>().is_some_and(
                |x| matches!(x.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe),
            )
    })
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early is not an error, as for other Unix tools.
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("keyworker: {e:#}");
            ExitCode::FAILURE
        }
    }
}
