//! Upload limits and the removal of uploads nothing uses, so that no account can fill the
//! disk: a daily quota per person, a budget for all uploads together, a floor of free
//! disk space, and a sweeper that removes files no campaign refers to once a grace period
//! has passed (a tablet may upload a photo, lose its connection and send the action that
//! uses it days later: that is what the grace period is for).

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chrono::NaiveDate;
use shared::clock::china_date_from_unix_ms;
use shared::ids::UserId;

use crate::error::AppError;
use crate::storage::{StorageError, Store};

const MB: u64 = 1024 * 1024;

/// The limits, from the command line.
#[derive(Debug, Clone, Copy)]
pub struct UploadLimits {
    pub quota_mb_per_day: u64,
    pub budget_mb: u64,
    pub min_free_disk_mb: u64,
    pub orphan_grace: Duration,
}

/// What has been uploaded: per person today, and in all.
#[derive(Debug)]
pub struct Uploads {
    pub limits: UploadLimits,
    today: Mutex<HashMap<UserId, (NaiveDate, u64)>>,
    total_bytes: AtomicU64,
}

impl Uploads {
    /// The ledger as the stored uploads make it.
    pub fn new(store: &Store, limits: UploadLimits, today: NaiveDate) -> Result<Self, StorageError> {
        let mut by_user: HashMap<UserId, (NaiveDate, u64)> = HashMap::new();
        let mut total = 0u64;
        for meta in store.attachments()? {
            total = total.saturating_add(meta.size_bytes);
            if china_date_from_unix_ms(meta.created_at_unix_ms) == Some(today) {
                let entry = by_user.entry(meta.uploaded_by).or_insert((today, 0));
                entry.1 = entry.1.saturating_add(meta.size_bytes);
            }
        }
        Ok(Uploads { limits, today: Mutex::new(by_user), total_bytes: AtomicU64::new(total) })
    }

    /// Whether `user` may upload `size` bytes more today, and the server may keep them.
    pub fn admit(&self, data_dir: &Path, user: UserId, size: u64, today: NaiveDate) -> Result<(), AppError> {
        let used = {
            let ledger = self.today.lock().unwrap_or_else(PoisonError::into_inner);
            ledger.get(&user).filter(|(day, _)| *day == today).map_or(0, |(_, bytes)| *bytes)
        };
        if used.saturating_add(size) > self.limits.quota_mb_per_day.saturating_mul(MB) {
            return Err(AppError::UploadQuotaExceeded { max_mb: self.limits.quota_mb_per_day });
        }
        if self.total_bytes.load(Ordering::Relaxed).saturating_add(size) > self.limits.budget_mb.saturating_mul(MB) {
            tracing::warn!(budget_mb = self.limits.budget_mb, "the upload budget is reached");
            return Err(AppError::StorageFull);
        }
        if free_disk_bytes(data_dir).is_some_and(|free| free < self.limits.min_free_disk_mb.saturating_mul(MB) + size) {
            tracing::warn!(min_free_mb = self.limits.min_free_disk_mb, "the disk is nearly full");
            return Err(AppError::StorageFull);
        }
        Ok(())
    }

    pub fn record(&self, user: UserId, size: u64, today: NaiveDate) {
        self.total_bytes.fetch_add(size, Ordering::Relaxed);
        let mut ledger = self.today.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = ledger.entry(user).or_insert((today, 0));
        if entry.0 != today {
            *entry = (today, 0);
        }
        entry.1 = entry.1.saturating_add(size);
    }

    fn forget(&self, size: u64) {
        let _ = self.total_bytes.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |t| Some(t.saturating_sub(size)));
    }

    /// Removes the uploads no campaign refers to that are older than the grace period.
    /// Returns how many went.
    pub fn sweep(&self, store: &Store, now_unix_ms: i64) -> Result<usize, StorageError> {
        let grace_ms = i64::try_from(self.limits.orphan_grace.as_millis()).unwrap_or(i64::MAX);
        let mut removed = 0;
        for meta in store.attachments()? {
            if meta.created_at_unix_ms.saturating_add(grace_ms) > now_unix_ms {
                continue;
            }
            if store.remove_unreferenced_attachment(meta.id)? {
                self.forget(meta.size_bytes);
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// How often the sweeper looks: a quarter of the grace period, between a quarter of a
    /// second (tests) and an hour.
    pub fn sweep_every(&self) -> Duration {
        (self.limits.orphan_grace / 4).clamp(Duration::from_millis(250), Duration::from_secs(3600))
    }
}

/// The size of the file system holding `path`.
pub fn total_disk_bytes(path: &Path) -> Option<u64> {
    let stats = rustix::fs::statvfs(path).ok()?;
    Some(stats.f_blocks.saturating_mul(stats.f_frsize))
}

/// Free space for unprivileged writers on the file system holding `path`.
pub fn free_disk_bytes(path: &Path) -> Option<u64> {
    let stats = rustix::fs::statvfs(path).ok()?;
    Some(stats.f_bavail.saturating_mul(stats.f_frsize))
}
