//! Durable storage on sled. This module (and only this module) knows sled and bincode:
//! the rest of the server sees typed records and [`StorageError`].
//!
//! Rules: one tree per entity; keys are big-endian so ranges sort; values are versioned
//! envelopes (`records.rs`); a write is acknowledged only after the group-commit flusher
//! reports it on disk.

mod flush;
pub mod records;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use self::flush::Flusher;
use self::records::{StoredVideoRequest, VideoRequestV1, date_to_days, days_to_date};

/// The schema version this build writes; recorded in the `meta` tree.
pub const SCHEMA_VERSION: u32 = 1;
/// Default sled page cache; RSS can grow past it (FACTS.md), so it is set deliberately.
pub const DEFAULT_CACHE_CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// The most records one list call returns.
pub const MAX_PAGE_SIZE: usize = 200;

const TREE_META: &str = "meta";
const TREE_VIDEO_REQUESTS: &str = "video_requests";
const META_SCHEMA_VERSION: &[u8] = b"schema_version";

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("storage I/O: {0}")]
    Io(String),
    #[error("encoding a record: {0}")]
    Encode(String),
    #[error("decoding a stored record: {0}")]
    Decode(String),
    #[error("the data directory was written by a newer version (schema {found}, this build knows {SCHEMA_VERSION})")]
    NewerSchema { found: u32 },
}

impl From<sled::Error> for StorageError {
    fn from(error: sled::Error) -> Self {
        StorageError::Io(error.to_string())
    }
}

/// A video request as the rest of the server sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoRequestRecord {
    pub id: u64,
    pub title: String,
    pub store: String,
    pub requested_on: NaiveDate,
    pub due_on: NaiveDate,
    pub notes: String,
    pub created_at_unix_ms: i64,
}

/// The fields of a new video request; the id is assigned by the store.
#[derive(Debug, Clone)]
pub struct NewVideoRequestRecord {
    pub title: String,
    pub store: String,
    pub requested_on: NaiveDate,
    pub due_on: NaiveDate,
    pub notes: String,
    pub created_at_unix_ms: i64,
}

/// The open database. Cheap to clone; all clones share one sled instance and flusher.
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    video_requests: sled::Tree,
    flusher: Flusher,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database under `data_dir/db`.
    pub fn open(data_dir: &Path, cache_capacity_bytes: u64) -> Result<Self, StorageError> {
        let path = data_dir.join("db");
        std::fs::create_dir_all(&path).map_err(|e| StorageError::Io(format!("{}: {e}", path.display())))?;
        let db = sled::Config::new()
            .path(&path)
            .cache_capacity(cache_capacity_bytes)
            // Durability comes from explicit group commits, not from the timer.
            .flush_every_ms(Some(1000))
            .open()?;
        let meta = db.open_tree(TREE_META)?;
        match meta.get(META_SCHEMA_VERSION)? {
            None => {
                meta.insert(META_SCHEMA_VERSION, &SCHEMA_VERSION.to_be_bytes())?;
                db.flush()?;
            }
            Some(bytes) => {
                let found = u32::from_be_bytes(
                    bytes.as_ref().try_into().map_err(|_| StorageError::Decode("schema version".into()))?,
                );
                if found > SCHEMA_VERSION {
                    return Err(StorageError::NewerSchema { found });
                }
            }
        }
        let video_requests = db.open_tree(TREE_VIDEO_REQUESTS)?;
        let flusher = Flusher::start()?;
        Ok(Store { db, video_requests, flusher, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stores a new video request and returns it once it is durable.
    pub async fn insert_video_request(&self, new: NewVideoRequestRecord) -> Result<VideoRequestRecord, StorageError> {
        let id = self.db.generate_id()?;
        let record = VideoRequestV1 {
            id,
            title: new.title,
            store: new.store,
            requested_on_days: date_to_days(new.requested_on),
            due_on_days: date_to_days(new.due_on),
            notes: new.notes,
            created_at_unix_ms: new.created_at_unix_ms,
        };
        let bytes = records::encode(&StoredVideoRequest::V1(record.clone()))?;
        self.video_requests.insert(id.to_be_bytes(), bytes)?;
        self.flusher.durable(&self.db).await?;
        video_request_from_v1(record)
    }

    /// The newest video requests first, at most `limit` (capped at [`MAX_PAGE_SIZE`]).
    pub fn list_video_requests(&self, limit: usize) -> Result<Vec<VideoRequestRecord>, StorageError> {
        self.video_requests
            .iter()
            .rev()
            .take(limit.min(MAX_PAGE_SIZE))
            .map(|entry| {
                let (_, value) = entry?;
                let stored: StoredVideoRequest = records::decode(&value)?;
                video_request_from_v1(stored.into_latest())
            })
            .collect()
    }

    /// Flushes everything to disk; called at shutdown.
    pub fn flush(&self) -> Result<(), StorageError> {
        self.db.flush()?;
        Ok(())
    }
}

fn video_request_from_v1(v1: VideoRequestV1) -> Result<VideoRequestRecord, StorageError> {
    Ok(VideoRequestRecord {
        id: v1.id,
        title: v1.title,
        store: v1.store,
        requested_on: days_to_date(v1.requested_on_days)?,
        due_on: days_to_date(v1.due_on_days)?,
        notes: v1.notes,
        created_at_unix_ms: v1.created_at_unix_ms,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn new_request(n: usize) -> NewVideoRequestRecord {
        NewVideoRequestRecord {
            title: format!("短片 {n}"),
            store: "鸡西店".into(),
            requested_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            due_on: NaiveDate::from_ymd_opt(2026, 3, 16).unwrap(),
            notes: String::new(),
            created_at_unix_ms: 0,
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sixty_four_concurrent_writers_all_succeed_and_all_rows_survive_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), DEFAULT_CACHE_CAPACITY_BYTES).unwrap();
        let writers: Vec<_> = (0..64)
            .map(|n| {
                let store = store.clone();
                tokio::spawn(async move { store.insert_video_request(new_request(n)).await })
            })
            .collect();
        for writer in writers {
            writer.await.unwrap().unwrap();
        }
        drop(store);
        let reopened = Store::open(dir.path(), DEFAULT_CACHE_CAPACITY_BYTES).unwrap();
        let rows = reopened.list_video_requests(MAX_PAGE_SIZE).unwrap();
        assert_eq!(rows.len(), 64);
        let mut titles: Vec<_> = rows.iter().map(|r| r.title.clone()).collect();
        titles.sort();
        titles.dedup();
        assert_eq!(titles.len(), 64);
    }

    #[test]
    fn a_data_dir_from_a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        {
            let db = sled::open(dir.path().join("db")).unwrap();
            db.open_tree(TREE_META).unwrap().insert(META_SCHEMA_VERSION, &99u32.to_be_bytes()).unwrap();
            db.flush().unwrap();
        }
        assert!(matches!(
            Store::open(dir.path(), DEFAULT_CACHE_CAPACITY_BYTES),
            Err(StorageError::NewerSchema { found: 99 })
        ));
    }
}
