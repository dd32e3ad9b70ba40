//! Faults at start-up: a read-only data directory and a full disk give a clear error and
//! leave the data intact. Uses small tmpfs mounts, so it needs root (as the test command
//! and CI run); without the privilege it fails saying so rather than skipping.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use server::storage::{Store, StoreOptions};

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
