//! Faults: a read-only data directory and a full disk at start-up give a clear error and
//! leave the data intact; a disk that fills while serving refuses writes clearly, keeps
//! reads and loses nothing. Uses small tmpfs mounts, so it needs root (as the test command
//! and CI run); without the privilege it fails saying so rather than skipping.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use reqwest::StatusCode;
use server::storage::{Store, StoreOptions};
use shared::api::{LoginRequest, StoreQuery, Write};
use shared::endpoints::{CreateStore, ListStores, LogIn};
use shared::messages::RuleCode;

mod common;

/// A tmpfs mounted for the test, unmounted when dropped.
struct Mount {
    path: PathBuf,
}

impl Mount {
    fn new(path: &Path, options: &str) -> Mount {
        std::fs::create_dir_all(path).unwrap();
        let status = Command::new("mount").args(["-t", "tmpfs", "-o", options, "tmpfs"]).arg(path).status().unwrap();
        assert!(
            status.success(),
            "mounting a tmpfs at {} failed: this test needs root (run it as the test command does)",
            path.display()
        );
        Mount { path: path.to_path_buf() }
    }

    /// Remounts with `options`. sled's background threads may keep a file open for a
    /// moment after the `Store` is dropped ("mount point is busy"), so it tries for 10 s.
    fn remount(&self, options: &str) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let output =
                Command::new("mount").args(["-o", &format!("remount,{options}")]).arg(&self.path).output().unwrap();
            if output.status.success() {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "remount,{options} of {} failed: {}",
                self.path.display(),
                String::from_utf8_lossy(&output.stderr)
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

/// Runs the server binary's `check` on a data dir and returns (success, stdout+stderr).
fn run(data_dir: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--no-demo", "--admin-password", "faults-admin-password", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

async fn seed(data_dir: &Path) -> u64 {
    let store = Store::open(data_dir, StoreOptions::default()).unwrap();
    let store_record = shared::org::Store {
        id: shared::ids::StoreId(1),
        code: "HLJ-001".into(),
        name: "鸡西店".into(),
        province: shared::org::Province::Heilongjiang,
        city: "鸡西".into(),
        address: String::new(),
        manager: None,
        opened_on: None,
        status: shared::org::StoreStatus::Open,
    };
    let audit = server::storage::AuditEntry {
        at_unix_ms: 0,
        user: shared::ids::UserId(0),
        action: "seed".into(),
        target: String::new(),
    };
    store.insert(store_record, audit).await.unwrap();
    store.flush().unwrap();
    1
}

#[tokio::test]
async fn a_read_only_data_dir_is_a_clear_error_and_nothing_is_lost() {
    let root = tempfile::tempdir().unwrap();
    let mount = Mount::new(&root.path().join("ro"), "size=8m");
    let data = mount.path.join("data");
    seed(&data).await;
    mount.remount("ro");
    let (ok, text) = run(&data, &["check"]);
    assert!(!ok, "opening a read-only data dir must fail: {text}");
    assert!(
        text.contains("Read-only file system") && text.contains(&data.display().to_string()),
        "unclear error: {text}"
    );
    mount.remount("rw");
    let (ok, text) = run(&data, &["check"]);
    assert!(ok, "the data is intact once writable again: {text}");
    assert!(text.contains("ok"));
}

#[tokio::test]
async fn a_full_disk_at_start_up_is_a_clear_error_and_nothing_is_lost() {
    let root = tempfile::tempdir().unwrap();
    let mount = Mount::new(&root.path().join("full"), "size=4m");
    let data = mount.path.join("data");
    seed(&data).await;
    // Fill what is left of the disk.
    let filler = mount.path.join("filler");
    let _ = Command::new("dd").args(["if=/dev/zero", &format!("of={}", filler.display()), "bs=64k"]).output();
    let (ok, text) = run(&data, &["backup", "--out", &mount.path.join("backup.cdbk").display().to_string()]);
    assert!(!ok, "a backup onto a full disk must fail: {text}");
    assert!(text.contains("No space left on device"), "unclear error: {text}");
    assert!(!mount.path.join("backup.cdbk").exists(), "no half-written backup under the final name");
    std::fs::remove_file(&filler).unwrap();
    let (ok, text) = run(&data, &["check"]);
    assert!(ok, "the data is intact once there is space: {text}");
}

/// Starts the server binary on `data` (an administrator is made on the first start) and
/// logs in as that administrator: the process, its URL, and the logged-in client.
async fn serve_and_log_in(data: &Path) -> (std::process::Child, String, reqwest::Client) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--no-demo", "--admin-password", "faults-admin-password", "--bind", "127.0.0.1:0"])
        .args(["--backup-every", "0", "--min-free-disk-mb", "0", "--data-dir"])
        .arg(data)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        // Not the test's stderr: a server left running by a failed assertion must not
        // keep the test runner's output open.
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().trim_end_matches('/').to_owned();
    let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let login = LoginRequest { login: "admin".into(), password: "faults-admin-password".into() };
    common::call::<LogIn>(&http, &url, &[], &(), &login).await.unwrap();
    (child, url, http)
}

/// Creates store `n` through the API; a refusal must be the clear one of a full disk.
async fn create(http: &reqwest::Client, url: &str, n: u32, acknowledged: &mut Vec<String>) -> StatusCode {
    let store = shared::org::Store {
        id: shared::ids::StoreId(0),
        code: format!("FULL-{n:04}"),
        name: format!("满盘测试{n}店"),
        province: shared::org::Province::Heilongjiang,
        city: "鸡西".into(),
        address: String::new(),
        manager: None,
        opened_on: None,
        status: shared::org::StoreStatus::Open,
    };
    let response =
        common::request::<CreateStore>(http, url, &[], &(), &Write { version: 0, value: store }).send().await.unwrap();
    let status = response.status();
    match common::answer::<CreateStore>(response).await {
        Ok(_) => acknowledged.push(format!("FULL-{n:04}")),
        Err(refused) => {
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{refused:?}");
            assert_eq!(refused.error.code, RuleCode::StorageFull, "{refused:?}");
            assert!(refused.error.message_zh.contains("已满"), "{refused:?}");
            assert!(!refused.error.message_en.is_empty(), "{refused:?}");
        }
    }
    status
}

/// A running server whose disk fills up: writes it cannot make durable are refused with a
/// 503 that says so in both languages, reads go on, nothing acknowledged is lost, and
/// writes work again once there is space (the server restarts itself to get there).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disk_that_fills_while_serving_refuses_writes_clearly_keeps_reads_and_recovers() {
    let root = tempfile::tempdir().unwrap();
    let mount = Mount::new(&root.path().join("running"), "size=64m");
    let data = mount.path.join("data");
    let (mut child, url, http) = serve_and_log_in(&data).await;
    let mut acknowledged = Vec::new();
    for n in 0..20 {
        assert_eq!(create(&http, &url, n, &mut acknowledged).await, StatusCode::CREATED);
    }
    // Fill the disk from outside, then keep writing: each write is acknowledged or
    // refused clearly, and once full, refused.
    let filler = mount.path.join("filler");
    let _ = Command::new("dd").args(["if=/dev/zero", &format!("of={}", filler.display()), "bs=64k"]).output();
    let mut refused = 0;
    for n in 20..400 {
        if create(&http, &url, n, &mut acknowledged).await != StatusCode::CREATED {
            refused += 1;
            if refused >= 5 {
                break;
            }
        }
    }
    assert!(refused >= 5, "a full disk must refuse writes");
    // Reads go on, and show everything acknowledged.
    let listed = common::call::<ListStores>(&http, &url, &[], &StoreQuery::default(), &()).await.unwrap();
    let listed: Vec<&str> = listed.iter().map(|store| store.value.code.as_str()).collect();
    for code in &acknowledged {
        assert!(listed.contains(&code.as_str()), "{code} was acknowledged and must be listed");
    }
    // Space again. sled 0.34 keeps the error of a failed flush for the life of the open
    // database, so writes resume after a restart: the server makes one itself.
    std::fs::remove_file(&filler).unwrap();
    // The server notices, and stops by itself (non-zero, so systemd's Restart=on-failure
    // brings it back); reads were served until then.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "the server must restart itself once there is space");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(!status.success(), "it exits non-zero so that its supervisor restarts it");
    let (mut child, url, http) = serve_and_log_in(&data).await;
    assert_eq!(create(&http, &url, 1000, &mut acknowledged).await, StatusCode::CREATED);
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    assert!(child.wait().unwrap().success());
    let (ok, text) = run(&data, &["check"]);
    assert!(ok, "{text}");
    let reopened = Store::open(&data, StoreOptions::default()).unwrap();
    let codes: Vec<String> = reopened.all::<shared::org::Store>().unwrap().into_iter().map(|s| s.value.code).collect();
    for code in &acknowledged {
        assert!(codes.contains(code), "{code} acknowledged before or after the full disk is kept");
    }
}
