//! Online backups: the running server writes a consistent backup on a schedule and when
//! the administrator asks, verifies each by reading it back, keeps the newest
//! `--backup-keep`, and remembers the last failure. Writers wait only while the snapshot
//! is read (the store's write gate), never for the verification. Attachments go to a pool
//! shared by the backups (`storage::backup`, version 2): each file is copied once, and
//! pruning removes the pooled files no kept backup refers to.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use shared::api::{BackupInfo, BackupList};
use shared::ids::UserId;

use crate::error::AppError;
use crate::storage::{Store, StoreOptions, backup};

/// Backups larger than this are verified by their checksums only, not also restored into
/// a scratch directory and checked (that costs their size again on disk, and time).
const RESTORE_CHECK_MAX_BYTES: u64 = 512 * 1024 * 1024;
const PREFIX: &str = "campaign-desk-";
const SUFFIX: &str = ".cdbk";

/// Where backups go, how often and how many stay; what happened last.
#[derive(Debug)]
pub struct Backups {
    pub dir: PathBuf,
    /// `None`: only on demand.
    pub every: Option<Duration>,
    pub keep: u32,
    running: AtomicBool,
    last_failure: Mutex<Option<String>>,
    /// The downloads being sent now.
    pub downloads: Arc<Downloads>,
}

/// Backup downloads running at once, for one account and for the server. Each streams a
/// whole region's photos from disk (about 400 KB of memory each, `api::backups`), so the
/// bound is about the disk and the uplink, not memory: two per account leave room for
/// a retry while a dropped download is still being noticed, four in all for two
/// administrators.
pub const DOWNLOADS_PER_ACCOUNT: usize = 2;
pub const DOWNLOADS_MAX: usize = 4;
/// What a refused download is told to wait: a stalled download is given up after a
/// minute (`api::backups::STALL`).
pub const DOWNLOAD_RETRY_AFTER_S: u64 = 60;

/// The downloads running now, per account.
#[derive(Debug, Default)]
pub struct Downloads {
    running: Mutex<HashMap<UserId, usize>>,
}

/// A place among the running downloads, given back when dropped.
#[derive(Debug)]
pub struct DownloadPlace {
    downloads: Arc<Downloads>,
    user: UserId,
}

impl Downloads {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<UserId, usize>> {
        self.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A place for `user`'s download, or why there is none.
    pub fn enter(self: &Arc<Self>, user: UserId) -> Result<DownloadPlace, AppError> {
        let mut running = self.lock();
        if running.get(&user).copied().unwrap_or(0) >= DOWNLOADS_PER_ACCOUNT {
            return Err(AppError::TooManyDownloads { max: DOWNLOADS_PER_ACCOUNT, per_account: true });
        }
        if running.values().sum::<usize>() >= DOWNLOADS_MAX {
            return Err(AppError::TooManyDownloads { max: DOWNLOADS_MAX, per_account: false });
        }
        *running.entry(user).or_default() += 1;
        Ok(DownloadPlace { downloads: Arc::clone(self), user })
    }

    /// How many downloads are running now.
    pub fn running(&self) -> usize {
        self.lock().values().sum()
    }
}

impl Drop for DownloadPlace {
    fn drop(&mut self) {
        let mut running = self.downloads.lock();
        if let Some(count) = running.get_mut(&self.user) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                running.remove(&self.user);
            }
        }
    }
}

/// Why a backup was not written.
#[derive(Debug)]
pub enum BackupError {
    /// Another backup is being written.
    Busy,
    Failed(String),
}

impl Backups {
    pub fn new(dir: PathBuf, every: Option<Duration>, keep: u32) -> Self {
        Backups {
            dir,
            every,
            keep: keep.max(1),
            running: AtomicBool::new(false),
            last_failure: Mutex::default(),
            downloads: Arc::default(),
        }
    }

    fn failure(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.last_failure.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The backups in the directory, newest first.
    pub fn list(&self) -> BackupList {
        BackupList {
            items: self.files(),
            directory: self.dir.display().to_string(),
            every_hours: self.every.map_or(0, |d| u32::try_from(d.as_secs() / 3600).unwrap_or(u32::MAX)),
            keep: self.keep,
            running: self.running.load(Ordering::Relaxed),
            last_failure: self.failure().clone(),
        }
    }

    /// The path of the backup named `name`, if it is one of the listed backups (a name
    /// from the request is never joined to the directory unchecked).
    pub fn path_of(&self, name: &str) -> Option<PathBuf> {
        self.files().into_iter().find(|b| b.name == name).map(|b| self.dir.join(b.name))
    }

    fn files(&self) -> Vec<BackupInfo> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut items: Vec<BackupInfo> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !(name.starts_with(PREFIX) && name.ends_with(SUFFIX)) {
                    return None;
                }
                let meta = entry.metadata().ok()?;
                let written_unix_ms = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
                let note = std::fs::read_to_string(self.dir.join(format!("{name}.verified"))).ok();
                Some(BackupInfo {
                    name,
                    size_bytes: meta.len(),
                    written_unix_ms,
                    verified: note.is_some(),
                    verification: note.unwrap_or_default().trim().to_owned(),
                })
            })
            .collect();
        items.sort_by(|a, b| b.name.cmp(&a.name));
        items
    }

    /// When the newest backup was written, if any.
    pub fn newest_unix_ms(&self) -> Option<i64> {
        self.files().iter().map(|b| b.written_unix_ms).max()
    }

    /// Writes, verifies and prunes one backup now.
    pub async fn run_once(&self, store: &Store, now: chrono::DateTime<chrono::Utc>) -> Result<BackupInfo, BackupError> {
        if self.running.swap(true, Ordering::AcqRel) {
            return Err(BackupError::Busy);
        }
        let result = self.write_and_verify(store, now).await;
        self.running.store(false, Ordering::Release);
        match &result {
            Ok(info) => {
                *self.failure() = None;
                tracing::info!(name = %info.name, bytes = info.size_bytes, verified = info.verified, "backup written");
            }
            Err(BackupError::Failed(why)) => {
                tracing::warn!(%why, "backup failed");
                *self.failure() = Some(format!("{} {why}", now.format("%Y-%m-%d %H:%M UTC")));
            }
            Err(BackupError::Busy) => {}
        }
        result
    }

    async fn write_and_verify(
        &self,
        store: &Store,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<BackupInfo, BackupError> {
        let failed = |what: &str, e: &dyn std::fmt::Display| BackupError::Failed(format!("{what}: {e}"));
        std::fs::create_dir_all(&self.dir).map_err(|e| failed("creating the backup directory", &e))?;
        let name = format!("{PREFIX}{}{SUFFIX}", now.format("%Y%m%d-%H%M%S-%3f"));
        let path = self.dir.join(&name);
        let (store, out) = (store.clone(), path.clone());
        tokio::task::spawn_blocking(move || store.backup_pooled(&out))
            .await
            .map_err(|e| failed("the backup task", &e))?
            .map_err(|e| failed("writing", &e))?;
        let checked = path.clone();
        let verification = tokio::task::spawn_blocking(move || verify(&checked))
            .await
            .map_err(|e| failed("the verification task", &e))?;
        match verification {
            Ok(note) => {
                std::fs::write(self.dir.join(format!("{name}.verified")), &note)
                    .map_err(|e| failed("recording the verification", &e))?;
            }
            Err(why) => {
                // A backup that does not read back is worse than none: it would be trusted.
                let _ = std::fs::remove_file(&path);
                return Err(BackupError::Failed(format!("verifying {name}: {why}")));
            }
        }
        self.prune();
        self.files().into_iter().find(|b| b.name == name).ok_or_else(|| failed("listing", &"the new backup is gone"))
    }

    /// Removes all but the newest `keep` backups, then the pooled attachments that no
    /// remaining backup refers to (a backup that cannot be read keeps everything).
    fn prune(&self) {
        let files = self.files();
        for old in files.iter().skip(self.keep as usize) {
            let _ = std::fs::remove_file(self.dir.join(&old.name));
            let _ = std::fs::remove_file(self.dir.join(format!("{}.verified", old.name)));
        }
        let mut kept = std::collections::HashSet::new();
        for backup in files.iter().take(self.keep as usize) {
            match backup::pooled_hashes(&self.dir.join(&backup.name)) {
                Ok(hashes) => kept.extend(hashes),
                Err(error) => {
                    tracing::warn!(%error, name = %backup.name, "a backup cannot be read: the pool is left as it is");
                    return;
                }
            }
        }
        let pool = backup::pool_dir(&self.dir);
        for shard in std::fs::read_dir(&pool).into_iter().flatten().flatten() {
            for file in std::fs::read_dir(shard.path()).into_iter().flatten().flatten() {
                let name = file.file_name().to_string_lossy().into_owned();
                if !kept.contains(&name) {
                    let _ = std::fs::remove_file(file.path());
                }
            }
        }
    }

    /// Bytes the pooled attachments take (shared by every backup).
    pub fn pool_bytes(&self) -> u64 {
        let pool = backup::pool_dir(&self.dir);
        std::fs::read_dir(pool)
            .into_iter()
            .flatten()
            .flatten()
            .flat_map(|shard| std::fs::read_dir(shard.path()).into_iter().flatten().flatten())
            .filter_map(|file| file.metadata().ok())
            .map(|meta| meta.len())
            .sum()
    }
}

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Reads a backup back: its checksums, and when it is small enough a restore into a
/// scratch directory beside it that must pass `check`. Returns what was done.
fn verify(path: &Path) -> Result<String, String> {
    backup::verify(path).map_err(|e| format!("checksums: {e}"))?;
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > RESTORE_CHECK_MAX_BYTES {
        return Ok("checksums ok / 校验和正确".into());
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let scratch = Scratch(path.with_file_name(format!(".verify-{name}")));
    let _ = std::fs::remove_dir_all(&scratch.0);
    backup::restore(path, &scratch.0).map_err(|e| format!("restore: {e}"))?;
    let options = StoreOptions { cache_capacity_bytes: 8 * 1024 * 1024, ..StoreOptions::default() };
    let restored = Store::open(&scratch.0, options).map_err(|e| format!("opening the restored copy: {e}"))?;
    let report = restored.check().map_err(|e| format!("check: {e}"))?;
    if !report.is_ok() {
        return Err(format!("check: {}", report.problems.join("; ")));
    }
    Ok(format!(
        "checksums ok, restored and checked: {} records, {} campaigns / 校验和正确，已试恢复并检查",
        report.records, report.campaigns
    ))
}

/// The interval of scheduled backups; `None` for none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Every(pub Option<Duration>);

/// `24h`, `90m`, `3600s`, or `0` (no schedule).
pub fn parse_every(text: &str) -> Result<Every, String> {
    let text = text.trim();
    if text == "0" || text.eq_ignore_ascii_case("off") {
        return Ok(Every(None));
    }
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
    let n: u64 =
        number.parse().map_err(|_| format!("{text:?} is not like 24h, 90m or 0 / 不是“24h”“90m”或“0”这样的间隔"))?;
    let secs = match unit {
        "h" => n * 3600,
        "m" => n * 60,
        "s" | "" => n,
        _ => return Err(format!("{text:?}: the unit is h, m or s / 单位须为 h、m 或 s")),
    };
    if secs < 60 {
        return Err(format!("{text:?}: at least a minute apart / 间隔至少一分钟"));
    }
    Ok(Every(Some(Duration::from_secs(secs))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_as_people_write_them() {
        assert_eq!(parse_every("24h"), Ok(Every(Some(Duration::from_secs(86_400)))));
        assert_eq!(parse_every("90m"), Ok(Every(Some(Duration::from_secs(5_400)))));
        assert_eq!(parse_every("0"), Ok(Every(None)));
        assert!(parse_every("5s").is_err());
        assert!(parse_every("1d").is_err());
        assert!(parse_every("soon").is_err());
    }
}
