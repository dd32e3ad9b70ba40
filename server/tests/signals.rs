//! Stopping: SIGTERM or SIGINT at any moment — while the data directory opens and the demo
//! region loads, or while serving — stops the server cleanly (exit 0, storage flushed),
//! and the data directory then passes `check`. Also the command line: flags before or
//! after the subcommand, and a start-up error that is one line in both languages.
// A test that cannot go on must fail loudly (unwrap); every server started here is waited
// for in `wait_exit`, except after a failed assertion.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::zombie_processes, clippy::print_stderr)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SERVER: &str = env!("CARGO_BIN_EXE_server");

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill").args([format!("-{name}"), pid.to_string()]).status().unwrap();
    assert!(status.success(), "kill -{name} {pid}");
}

/// Starts a server on an empty data directory (so it loads the demo region) and returns it
/// once it said it is starting, with its stdout lines arriving on the channel.
fn start(dir: &std::path::Path) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(SERVER)
        .args(["--bind", "127.0.0.1:0", "--admin-password", "signals-admin-pw", "--no-digest", "--data-dir"])
        .arg(dir)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line =
            rx.recv_timeout(deadline.saturating_duration_since(Instant::now())).expect("the server says it starts");
        if line.contains("starting") {
            return (child, rx);
        }
    }
}

fn wait_exit(child: &mut std::process::Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the server did not stop within a minute");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn check(dir: &std::path::Path) {
    // Flags after the subcommand are accepted too.
    let out = Command::new(SERVER).arg("check").arg("--data-dir").arg(dir).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("ok"), "{text}{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_signal_at_any_moment_of_start_up_or_serving_stops_the_server_cleanly() {
    for (n, (after_ms, name)) in
        [(0u64, "TERM"), (30, "INT"), (150, "TERM"), (600, "TERM"), (2_000, "INT")].into_iter().enumerate()
    {
        let dir = tempfile::tempdir().unwrap();
        let (mut child, _lines) = start(dir.path());
        std::thread::sleep(Duration::from_millis(after_ms));
        signal(child.id(), name);
        let status = wait_exit(&mut child);
        assert!(status.success(), "case {n}: SIG{name} {after_ms} ms after start: {status:?}");
        check(dir.path());
    }
    // Once serving, with the demo region loaded.
    let dir = tempfile::tempdir().unwrap();
    let (mut child, lines) = start(dir.path());
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let line = lines.recv_timeout(deadline.saturating_duration_since(Instant::now())).expect("serving");
        if line.contains("serving on") {
            break;
        }
    }
    signal(child.id(), "TERM");
    assert!(wait_exit(&mut child).success());
    check(dir.path());
    owner_only(dir.path());
}

/// Everything the server wrote under `dir` (the database, attachments) is its owner's
/// alone, whatever the umask it was started with, and so is the directory itself.
fn owner_only(dir: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(dir).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "the data directory is owner-only: {mode:o}");
    let mut stack = vec![dir.to_path_buf()];
    let mut seen = 0;
    while let Some(path) = stack.pop() {
        for entry in std::fs::read_dir(&path).unwrap().flatten() {
            let mode = entry.metadata().unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{} is owner-only: {mode:o}", entry.path().display());
            seen += 1;
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            }
        }
    }
    assert!(seen > 3, "the data directory holds the database");
}

#[test]
fn a_data_directory_an_earlier_release_left_readable_becomes_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let (mut child, lines) = start(dir.path());
    let deadline = Instant::now() + Duration::from_secs(60);
    while !lines
        .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        .expect("serving")
        .contains("serving on")
    {}
    signal(child.id(), "TERM");
    assert!(wait_exit(&mut child).success());
    owner_only(dir.path());
}

#[test]
fn a_start_up_error_is_one_line_in_both_languages_without_a_backtrace() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let out = Command::new(SERVER)
        .args(["--no-demo", "--admin-password", "signals-admin-pw", "--bind", &address, "--data-dir"])
        .arg(dir.path())
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("错误：") && stderr.contains("| error:") && stderr.contains(&address), "{stderr}");
    assert!(stderr.contains("已被占用") && stderr.contains("--bind"), "{stderr}");
    assert!(!stderr.contains("stack backtrace"), "{stderr}");
    // Logs that do not go to a terminal carry no colour codes.
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
    // --verbose tells the whole chain.
    let out = Command::new(SERVER)
        .args(["--verbose", "--no-demo", "--bind", &address, "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Caused by"));
    // JSON logs for a collector: every line is a JSON object.
    let out = Command::new(SERVER)
        .args(["check", "--log-format", "json", "--data-dir"])
        .arg(dir.path())
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let logged: Vec<&str> = stdout.lines().filter(|l| l.starts_with('{')).collect();
    assert!(!logged.is_empty(), "some log line: {stdout}");
    for line in logged {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
}
