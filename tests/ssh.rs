//! Over a real SSH connection on loopback: the app runs under `ssh -t`, a contact is half
//! typed, the connection drops, and the typed text is there as a draft. Needs OpenSSH's server
//! (Debian's openssh-server, which `.ci/run` installs and then says so in
//! `KEYWORKER_SSH_REQUIRED`, so that there the test fails rather than skip); elsewhere, without
//! it, the test says why it did not run.

mod common;

use keyworker::domain::draft::DraftKey;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::term::{App, BIN};
use common::{clock, today};
use keyworker::domain::{ParticipantDetails, ReferralRoute, Stage};
use keyworker::store::Store;
use portable_pty::CommandBuilder;

fn sshd() -> Option<PathBuf> {
    ["/usr/sbin/sshd", "/usr/bin/sshd"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn keygen(path: &Path) {
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "ssh-keygen failed");
}

/// An sshd of our own on 127.0.0.1, with its own host key, letting in only our key.
fn start_server(dir: &Path, sshd: &Path, port: u16) -> Option<Server> {
    keygen(&dir.join("host_key"));
    keygen(&dir.join("id"));
    std::fs::copy(dir.join("id.pub"), dir.join("authorized_keys")).unwrap();
    // The privilege separation directory Debian's sshd insists on.
    if !Path::new("/run/sshd").exists() && std::fs::create_dir_all("/run/sshd").is_err() {
        return None;
    }
    let config = dir.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nAuthorizedKeysFile {keys}\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n\
             StrictModes no\nPermitRootLogin prohibit-password\nPidFile {pid}\n\
             ClientAliveInterval 1\nClientAliveCountMax 2\n",
            host = dir.join("host_key").display(),
            keys = dir.join("authorized_keys").display(),
            pid = dir.join("sshd.pid").display(),
        ),
    )
    .unwrap();
    let child = Command::new(sshd)
        .args(["-D", "-e", "-f"])
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let server = Server(child);
    // Wait until it listens.
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if start.elapsed() > Duration::from_secs(10) {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(server)
}

/// Whether the process `pid` is still running (a zombie waiting for its parent has stopped).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit(')')
            .next()
            .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
    })
}

/// Skips with the reason, or fails where `.ci/run` installed the server and so it must run.
fn cannot_run(why: &str) {
    assert!(
        std::env::var_os("KEYWORKER_SSH_REQUIRED").is_none(),
        "the SSH test must run here but cannot: {why}"
    );
    eprintln!("skipped: {why}");
}

#[test]
fn a_dropped_ssh_connection_keeps_the_half_typed_contact() {
    let Some(sshd) = sshd() else {
        return cannot_run(
            "no OpenSSH server here (apt-get install openssh-server); .ci/run installs it",
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    let me = keyworker::login_name();
    let id = Store::open(&db, &me, clock())
        .unwrap()
        .add_participant(
            &ParticipantDetails {
                name: "Ann Lee".into(),
                preferred_name: String::new(),
                phone: "07700 900123".into(),
                email: String::new(),
                postcode: "WR1 2JJ".into(),
                referral_route: ReferralRoute::JobcentrePlus,
                referral_date: Some(today()),
                stage: Stage::Engaged,
                barriers: vec![],
                key_worker: me.clone(),
                availability: Default::default(),
            },
            today(),
        )
        .unwrap();
    let port = free_port();
    let Some(_server) = start_server(dir.path(), &sshd, port) else {
        return cannot_run("sshd would not start here");
    };
    // The app's own process id, written before it starts in its place, to tell when it is gone.
    let pid_file = dir.path().join("app.pid");
    let remote = format!(
        "sh -c 'echo $$ > {pid}; exec env TERM=xterm-256color XDG_DATA_HOME={data} \
         KEYWORKER_DB={db} KEYWORKER_TODAY={today} {bin}'",
        pid = pid_file.display(),
        data = dir.path().join("data").display(),
        db = db.display(),
        bin = BIN,
        today = common::term::TODAY,
    );
    let mut cmd = CommandBuilder::new("ssh");
    for a in [
        "-tt",
        "-p",
        &port.to_string(),
        "-i",
        &dir.path().join("id").to_string_lossy(),
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
        &format!("{me}@127.0.0.1"),
        &remote,
    ] {
        cmd.arg(a);
    }
    let mut app = App::spawn(cmd);
    app.wait_for("Ann Lee");
    let pid: u32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(running(pid), "the app is running as {pid}");
    app.send("1");
    app.send("c");
    app.wait_for("Notes");
    app.send("Said over ssh before the line went");
    app.wait_for("before the line went");
    // The line drops: the client dies without a word to the server.
    app.child.kill().unwrap();
    let start = Instant::now();
    let draft = loop {
        let s = Store::open(&db, &me, clock()).unwrap();
        if let Some(d) = s
            .draft(&DraftKey::Contact {
                participant: id,
                amends: None,
            })
            .unwrap()
            && !running(pid)
        {
            break d;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no draft, or the app still running, 10 s after the line dropped"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        draft.contains("Said over ssh before the line went"),
        "{draft}"
    );
}
