//! Upload limits and the removal of uploads nothing uses, so that no account can fill the
//! disk: a daily quota per person, a budget for all uploads together, a floor of free
//! disk space, and a sweeper that removes files no campaign refers to once a grace period
//! has passed (a tablet may upload a photo, lose its connection and send the action that
//! uses it days later: that is what the grace period is for).
//!
//! An upload **reserves** its size (the declared `Content-Length`, or the largest file
//! when none is declared) before a byte of its body is read, against the person's quota,
//! the budget and the free disk, together with the uploads still in flight: a hundred
//! uploads sent at once get what one person may upload, not a hundred times it. At most
//! [`UPLOADS_AT_ONCE`] uploads are read at a time, [`UPLOADS_PER_PERSON_AT_ONCE`] of them one
//! person's; the body goes to a temporary file as it arrives, so memory holds only a chunk
//! per upload.

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

/// Uploads read at once, server-wide: each holds a file handle and a chunk of memory.
pub const UPLOADS_AT_ONCE: usize = 8;
/// Uploads one person may have in flight at once (a tablet sends photos one by one).
pub const UPLOADS_PER_PERSON_AT_ONCE: usize = 2;

/// The limits, from the command line.
#[derive(Debug, Clone, Copy)]
pub struct UploadLimits {
    pub quota_mb_per_day: u64,
    pub budget_mb: u64,
    pub min_free_disk_mb: u64,
    pub orphan_grace: Duration,
}

/// What has been uploaded: per person today, and in all; and what is being uploaded.
#[derive(Debug)]
pub struct Uploads {
    pub limits: UploadLimits,
    today: Mutex<HashMap<UserId, (NaiveDate, u64)>>,
    total_bytes: AtomicU64,
    in_flight: Mutex<InFlight>,
}

/// Reservations of uploads being read.
#[derive(Debug, Default)]
struct InFlight {
    /// Per person: uploads and bytes reserved.
    by_user: HashMap<UserId, (usize, u64)>,
    uploads: usize,
    bytes: u64,
}

/// An upload's reserved room. Dropped, it gives the room back; [`Reservation::record`]
/// turns it into what the person uploaded (the bytes actually stored).
#[must_use]
#[derive(Debug)]
pub struct Reservation<'a> {
    uploads: &'a Uploads,
    user: UserId,
    bytes: u64,
}

impl Reservation<'_> {
    /// The bytes this upload may write at most.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The upload was stored with `size` bytes (at most the reserved room).
    pub fn record(self, size: u64, today: NaiveDate) {
        self.uploads.record(self.user, size, today);
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut in_flight = self.uploads.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
        in_flight.uploads = in_flight.uploads.saturating_sub(1);
        in_flight.bytes = in_flight.bytes.saturating_sub(self.bytes);
        if let Some(mine) = in_flight.by_user.get_mut(&self.user) {
            mine.0 = mine.0.saturating_sub(1);
            mine.1 = mine.1.saturating_sub(self.bytes);
            if mine.0 == 0 {
                in_flight.by_user.remove(&self.user);
            }
        }
    }
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
        Ok(Uploads {
            limits,
            today: Mutex::new(by_user),
            total_bytes: AtomicU64::new(total),
            in_flight: Mutex::default(),
        })
    }

    /// Reserves room for `user` to upload up to `size` bytes now: within their quota for
    /// today, the budget and the free disk, counting the uploads in flight, and within
    /// the limits on uploads read at once. Refused before any of the body is read.
    pub fn reserve(
        &self,
        data_dir: &Path,
        user: UserId,
        size: u64,
        today: NaiveDate,
    ) -> Result<Reservation<'_>, AppError> {
        let used = {
            let ledger = self.today.lock().unwrap_or_else(PoisonError::into_inner);
            ledger.get(&user).filter(|(day, _)| *day == today).map_or(0, |(_, bytes)| *bytes)
        };
        let mut in_flight = self.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
        let (mine, mine_bytes) = in_flight.by_user.get(&user).copied().unwrap_or_default();
        if used.saturating_add(mine_bytes).saturating_add(size) > self.limits.quota_mb_per_day.saturating_mul(MB) {
            return Err(AppError::UploadQuotaExceeded { max_mb: self.limits.quota_mb_per_day });
        }
        if mine >= UPLOADS_PER_PERSON_AT_ONCE || in_flight.uploads >= UPLOADS_AT_ONCE {
            return Err(AppError::Busy { retry_after_s: 2 });
        }
        let total = self.total_bytes.load(Ordering::Relaxed).saturating_add(in_flight.bytes);
        if total.saturating_add(size) > self.limits.budget_mb.saturating_mul(MB) {
            tracing::warn!(budget_mb = self.limits.budget_mb, "the upload budget is reached");
            return Err(AppError::StorageFull);
        }
        let needed =
            self.limits.min_free_disk_mb.saturating_mul(MB).saturating_add(in_flight.bytes).saturating_add(size);
        if free_disk_bytes(data_dir).is_some_and(|free| free < needed) {
            tracing::warn!(min_free_mb = self.limits.min_free_disk_mb, "the disk is nearly full");
            return Err(AppError::StorageFull);
        }
        in_flight.uploads += 1;
        in_flight.bytes = in_flight.bytes.saturating_add(size);
        let entry = in_flight.by_user.entry(user).or_default();
        entry.0 += 1;
        entry.1 = entry.1.saturating_add(size);
        Ok(Reservation { uploads: self, user, bytes: size })
    }

    /// Uploads being read now (for `/metrics` and tests).
    pub fn in_flight(&self) -> usize {
        self.in_flight.lock().unwrap_or_else(PoisonError::into_inner).uploads
    }

    fn record(&self, user: UserId, size: u64, today: NaiveDate) {
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
