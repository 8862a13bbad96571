//! The real binary in a pseudo-terminal, read through a terminal emulator.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

pub const BIN: &str = env!("CARGO_BIN_EXE_keyworker");
/// The date every run of the real binary takes as today (`common::today()`), whatever the
/// real date: the app's own `KEYWORKER_TODAY`.
pub const TODAY: &str = "2026-11-23";

/// The real binary for a subcommand, on `TODAY`, never near the real database.
pub fn command() -> std::process::Command {
    let mut cmd = std::process::Command::new(BIN);
    cmd.env("KEYWORKER_TODAY", TODAY).env_remove("KEYWORKER_DB");
    cmd
}
/// `keyworker ARGS --db DB`: how it ended and what it printed.
pub fn run(db: &Path, args: &[&str]) -> std::process::Output {
    command().args(args).arg("--db").arg(db).output().unwrap()
}

/// `keyworker ARGS --db DB`, which must succeed: what it printed.
pub fn stdout_of(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "keyworker {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub const WAIT: Duration = Duration::from_secs(15);

pub struct App {
    pub screen: Arc<Mutex<vt100::Parser>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl App {
    /// The app with `args`, its data directory in `dir`.
    pub fn start(dir: &Path, args: &[&str]) -> Self {
        let mut cmd = CommandBuilder::new(BIN);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("XDG_DATA_HOME", dir.join("data"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("KEYWORKER_TODAY", TODAY);
        cmd.env_remove("KEYWORKER_DB");
        Self::spawn(cmd)
    }

    /// Any command in an 80x24 pseudo-terminal.
    pub fn spawn(cmd: CommandBuilder) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(24).unwrap(),
            std::num::NonZeroU16::new(80).unwrap(),
            0,
        )));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        Self {
            screen,
            writer,
            child,
            _master: pair.master,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("{text:?} never appeared; the screen:\n{}", self.contents());
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Lets a lone Esc arrive on its own, so it is not read as the start of a sequence.
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        let _ = self.child.kill();
        panic!("the app did not exit; the screen:\n{}", self.contents());
    }
}
