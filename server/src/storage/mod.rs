//! Durable storage on sled. This module (and only this module) knows sled and bincode:
//! the rest of the server sees `shared` types, [`Versioned`] records and
//! [`StorageError`].
//!
//! Rules: one tree per entity plus index trees; keys are big-endian so ranges sort;
//! values are versioned envelopes of frozen stored types, never `shared` types, converted
//! on write and on read; every multi-tree change is one sled transaction over trees bound
//! by name; a write is acknowledged only after the group-commit flusher reports it on
//! disk (`flush.rs`).
//!
//! # Layering
//!
//! Imports point down only; no two modules of one layer import each other.
//!
//! 1. This file: [`Store`], [`tree`] (every tree's name), [`StorageError`]; `codec`
//!    (bytes and keys), `tx` (transaction helpers), `flush`, `own` (the server-side
//!    record types).
//! 2. Stored records: `records/`, one folder per record (`records/<record>/mod.rs`: its
//!    envelope `Stored…`, `Latest` (the version written now), its frozen versions, their
//!    conversions and its codec); `records/mod.rs` lists them and holds `Versioned`.
//!    Below the folders, `v1/` holds only the frozen types several records share (the
//!    frozen enums, the campaign's version-1 body and what it holds, day numbers). A
//!    record folder imports only `codec`, the error, `own`, `v1/`, `Versioned` and
//!    `shared`, never a tree module; `v1/` imports only the error and `shared`.
//! 3. Trees: `changes` (the feed's log) below `entities` and `notices`, which are below
//!    `campaigns`; `attachments`, `schedule`, `sessions` beside them.
//! 4. Whole-store passes: `check`, `backup` and `migrate` (the schema steps and the
//!    change log's first entries), which may use any tree module.
pub mod attachments;
pub mod backup;
mod campaigns;
mod changes;
pub mod check;
pub use changes::{FeedEntry, FeedKind};
mod codec;
mod entities;
mod flush;
mod migrate;
pub mod notices;
pub mod own;
mod schedule;
pub use self::schedule::Told;
pub mod records;
mod sessions;
mod tx;
pub mod v1;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

pub use self::campaigns::{CampaignFilter, CampaignPage, RowTest};
pub use self::entities::Entity;
use self::flush::Flusher;
pub use self::own::{AttachmentMeta, AuditEntry, IdempotentResponse, SessionRecord, UserRecord};
pub use self::records::Versioned;

/// The schema version this build writes; recorded in the `meta` tree.
/// 1: the walking skeleton (video requests). 2: campaigns, org, attachments. 3: history
/// entries name their store, idempotent replies their request (both as new record
/// versions; old ones are read as they are), and the index of which campaigns refer to
/// each attachment. 4: a list row beside each campaign, and each staff member's ratings
/// per month (both kept in the campaign's transaction). 5: the campaign's clock (list rows
/// with their stage's start day, the schedule templates and what the digest told). The
/// campaign's money added record versions (`records::campaign`, `supplier`, …) that old records need no rewrite for,
/// so it stayed 5. 6: history entries keep their action by its wire name
/// (`records::history`), every stored entry rewritten once, so that a new workflow action
/// needs no new record version.
pub const SCHEMA_VERSION: u32 = 6;
/// Default sled page cache. sled counts a page by its size on disk, and the pages it
/// keeps in memory take two to three times that, so the server's memory follows this
/// under steady writes: 64 MiB (the old default) went past 260 MB at 100,000 campaigns,
/// 16 MiB stays near 110 MB with lists as fast (BENCHMARKS.md, "Memory under writes").
/// `--cache-capacity-mb` changes it.
pub const DEFAULT_CACHE_CAPACITY_BYTES: u64 = 16 * 1024 * 1024;
/// The most records one list call returns.
pub const MAX_PAGE_SIZE: usize = 200;

/// Every tree, by name. Backups and `check` walk this list.
pub mod tree {
    pub const META: &str = "meta";
    pub const STORES: &str = "stores";
    pub const ORG_UNITS: &str = "org_units";
    pub const POSITIONS: &str = "positions";
    pub const PEOPLE: &str = "people";
    pub const USERS: &str = "users";
    pub const USERS_BY_LOGIN: &str = "idx_users_by_login";
    pub const SESSIONS: &str = "sessions";
    pub const CAMPAIGNS: &str = "campaigns";
    pub const HISTORY: &str = "campaign_history";
    pub const PLAN_VERSIONS: &str = "plan_versions";
    pub const RATINGS: &str = "ratings";
    pub const BY_STORE: &str = "idx_campaigns_by_store";
    pub const BY_STAGE: &str = "idx_campaigns_by_stage";
    pub const BY_ASSIGNEE: &str = "idx_campaigns_by_assignee";
    pub const BY_START: &str = "idx_campaigns_by_start";
    /// Which campaigns refer to an attachment (key: attachment id, campaign id).
    pub const BY_FILE: &str = "idx_campaigns_by_file";
    /// Each campaign's list row (key: the campaign id with every bit flipped: newest first).
    pub const LISTINGS: &str = "campaign_listings";
    /// Each staff member's ratings per month (key: person id, year × 100 + month).
    pub const STAFF_MONTHS: &str = "kpi_staff_months";
    pub const ATTACHMENTS: &str = "attachments";
    pub const AUDIT: &str = "audit";
    pub const CALENDAR: &str = "calendar_years";
    pub const IDEMPOTENCY: &str = "idempotency";
    /// Notifications per account (key: user id, notification id).
    pub const NOTIFICATIONS: &str = "notifications";
    /// Group-chat robots.
    pub const WEBHOOKS: &str = "webhooks";
    /// Messages on their way to robots (the durable outbox).
    pub const DELIVERIES: &str = "deliveries";
    /// Schema 1 only; emptied by the migration to schema 2.
    pub const VIDEO_REQUESTS: &str = "video_requests";
    /// The administrator's schedule templates, by (type, day they apply from) (schema 5).
    pub const SCHEDULE_TEMPLATES: &str = "schedule_templates";
    /// Which campaign stages were told late or at risk (keys only), so each is told once.
    pub const SCHEDULE_TOLD: &str = "schedule_told";
    /// The suppliers the center orders from, by id (schema 5, the money).
    pub const SUPPLIERS: &str = "suppliers";
    /// Each supplier's name (trimmed, lower case) to its id: one supplier per name.
    pub const SUPPLIERS_BY_NAME: &str = "idx_suppliers_by_name";
    /// The center's settings, one record per key (`money`: the tolerance).
    pub const SETTINGS: &str = "settings";
    /// The change feed's log (`changes.rs`).
    pub const CHANGES: &str = "changes";
    /// The accounts other systems read the feed with.
    pub const FEED_READERS: &str = "feed_readers";
    /// Each feed account's token digest (SHA-256) to its id.
    pub const FEED_READERS_BY_TOKEN: &str = "idx_feed_readers_by_token";

    pub const ALL: &[&str] = &[
        META,
        STORES,
        ORG_UNITS,
        POSITIONS,
        PEOPLE,
        USERS,
        USERS_BY_LOGIN,
        SESSIONS,
        CAMPAIGNS,
        HISTORY,
        PLAN_VERSIONS,
        RATINGS,
        BY_STORE,
        BY_STAGE,
        BY_ASSIGNEE,
        BY_START,
        BY_FILE,
        LISTINGS,
        STAFF_MONTHS,
        ATTACHMENTS,
        AUDIT,
        CALENDAR,
        IDEMPOTENCY,
        NOTIFICATIONS,
        WEBHOOKS,
        DELIVERIES,
        VIDEO_REQUESTS,
        SCHEDULE_TEMPLATES,
        SCHEDULE_TOLD,
        SUPPLIERS,
        SUPPLIERS_BY_NAME,
        SETTINGS,
        CHANGES,
        FEED_READERS,
        FEED_READERS_BY_TOKEN,
    ];
}

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
    /// An update named a version that is no longer current.
    #[error("the record changed meanwhile (now version {current})")]
    Conflict { current: u64 },
    #[error("no such record")]
    NotFound,
    #[error("a record with this key already exists")]
    AlreadyExists,
    /// A write would have changed history (R6).
    #[error("history is append-only")]
    HistoryRewrite,
    #[error("{0}")]
    Invalid(String),
}

impl From<sled::Error> for StorageError {
    fn from(error: sled::Error) -> Self {
        StorageError::Io(error.to_string())
    }
}

impl From<std::io::Error> for StorageError {
    fn from(error: std::io::Error) -> Self {
        StorageError::Io(error.to_string())
    }
}

impl From<sled::transaction::TransactionError<StorageError>> for StorageError {
    fn from(error: sled::transaction::TransactionError<StorageError>) -> Self {
        match error {
            sled::transaction::TransactionError::Abort(inner) => inner,
            sled::transaction::TransactionError::Storage(e) => StorageError::Io(e.to_string()),
        }
    }
}

/// How hard an acknowledged write is pushed to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SyncMode {
    /// sled's flush (on Linux `sync_file_range`): survives a process crash.
    #[default]
    Default,
    /// Also `fsync` the database files after every group commit: survives power loss.
    Full,
}

/// Options for opening a store.
#[derive(Debug, Clone, Copy)]
pub struct StoreOptions {
    pub cache_capacity_bytes: u64,
    pub sync: SyncMode,
    /// Share one flush among all writers waiting (the default). Off, every write runs
    /// its own flush: only the storage benchmark turns it off, to measure the difference.
    pub group_commit: bool,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { cache_capacity_bytes: DEFAULT_CACHE_CAPACITY_BYTES, sync: SyncMode::Default, group_commit: true }
    }
}

struct Inner {
    db: sled::Db,
    flusher: Flusher,
    group_commit: bool,
    sync: SyncMode,
    data_dir: PathBuf,
    /// Writers hold it shared during their transaction; a backup holds it exclusively
    /// while it reads, so the snapshot is consistent across trees.
    write_gate: RwLock<()>,
}

/// The open database. Cheap to clone; all clones share one sled instance and flusher.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

impl Store {
    /// Opens (creating if needed) the database under `data_dir/db`, and upgrades it to
    /// [`SCHEMA_VERSION`] in flushed batches.
    pub fn open(data_dir: &Path, options: StoreOptions) -> Result<Self, StorageError> {
        let path = data_dir.join("db");
        std::fs::create_dir_all(&path).map_err(|e| StorageError::Io(format!("{}: {e}", path.display())))?;
        attachments::prepare_dir(data_dir)
            .map_err(|e| StorageError::Io(format!("preparing {}: {e}", data_dir.join("attachments").display())))?;
        let config = sled::Config::new()
            .path(&path)
            .cache_capacity(options.cache_capacity_bytes)
            // Durability comes from explicit group commits; the timer only bounds how
            // much unacknowledged work a crash can drop.
            .flush_every_ms(Some(1000));
        let db = open_with_lock_retry(&config)
            .map_err(|e| StorageError::Io(format!("opening the database in {}: {e}", path.display())))?;
        let flusher = Flusher::start(options.sync, path.clone())?;
        let store = Store {
            inner: Arc::new(Inner {
                db,
                flusher,
                group_commit: options.group_commit,
                sync: options.sync,
                data_dir: data_dir.to_path_buf(),
                write_gate: RwLock::new(()),
            }),
        };
        let found = store.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(StorageError::NewerSchema { found });
        }
        if found > 0 && found < SCHEMA_VERSION {
            // Before upgrading data written by an older release, keep a copy that the
            // older release can restore.
            let dir = data_dir.join("backups");
            std::fs::create_dir_all(&dir).map_err(|e| StorageError::Io(format!("creating {}: {e}", dir.display())))?;
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
            let out = dir.join(format!("before-schema-{SCHEMA_VERSION}-from-{found}-{stamp}.cdbk"));
            let summary = store.backup(&out)?;
            tracing::info!(path = %out.display(), bytes = summary.bytes, "backup written before the upgrade");
        }
        migrate::run(&store, found)?;
        migrate::start_change_log(&store)?;
        Ok(store)
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    fn db(&self) -> &sled::Db {
        &self.inner.db
    }

    fn tree(&self, name: &str) -> Result<sled::Tree, StorageError> {
        Ok(self.inner.db.open_tree(name)?)
    }

    /// The schema version on disk; 0 for a new database.
    pub fn schema_version(&self) -> Result<u32, StorageError> {
        let meta = self.tree(tree::META)?;
        let Some(bytes) = meta.get(META_SCHEMA_VERSION)? else {
            // A database with data but no version is the walking skeleton's, which
            // wrote version 1; an empty one is new.
            let skeleton = !self.tree(tree::VIDEO_REQUESTS)?.is_empty();
            return Ok(u32::from(skeleton));
        };
        let array: [u8; 4] = bytes.as_ref().try_into().map_err(|_| StorageError::Decode("schema version".into()))?;
        Ok(u32::from_be_bytes(array))
    }

    fn set_schema_version(&self, version: u32) -> Result<(), StorageError> {
        self.tree(tree::META)?.insert(META_SCHEMA_VERSION, &version.to_be_bytes())?;
        self.db().flush()?;
        Ok(())
    }

    /// The key that signs "this device has logged in to this account before" cookies
    /// (`auth::device_cookie`): 32 random bytes, made on first use and kept in `meta`.
    pub fn device_key(&self) -> Result<[u8; 32], StorageError> {
        const KEY: &[u8] = b"device_key";
        let meta = self.tree(tree::META)?;
        if let Some(found) = meta.get(KEY)? {
            return found.as_ref().try_into().map_err(|_| StorageError::Decode("device key".into()));
        }
        let mut fresh = [0u8; 32];
        getrandom::getrandom(&mut fresh).map_err(|e| StorageError::Io(e.to_string()))?;
        // Two first logins at once agree on one key: whichever was stored first.
        match meta.compare_and_swap(KEY, None as Option<&[u8]>, Some(&fresh[..]))? {
            Ok(()) => {
                self.db().flush()?;
                Ok(fresh)
            }
            Err(current) => current
                .current
                .as_deref()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| StorageError::Decode("device key".into())),
        }
    }

    /// A fresh id for any entity (never 0).
    pub fn next_id(&self) -> Result<u64, StorageError> {
        Ok(self.db().generate_id()?.saturating_add(1))
    }

    /// Resolves once every write made before the call is on disk.
    pub async fn durable(&self) -> Result<(), StorageError> {
        if self.inner.group_commit {
            return self.inner.flusher.durable(self.db()).await;
        }
        // One flush per write, each on a blocking thread (never `flush_async`).
        let db = self.db().clone();
        let (sync, path) = (self.inner.sync, self.inner.data_dir.join("db"));
        tokio::task::spawn_blocking(move || flush::flush_once(&db, sync, &path))
            .await
            .map_err(|e| StorageError::Io(e.to_string()))?
    }

    fn write_guard(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        // A poisoned gate only means a writer panicked mid-transaction; sled rolled it
        // back, so the data is consistent and writing may go on.
        self.inner.write_gate.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn exclusive_guard(&self) -> std::sync::RwLockWriteGuard<'_, ()> {
        self.inner.write_gate.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// (group commits, writers served) since the store was opened.
    pub fn flush_stats(&self) -> (u64, u64) {
        self.inner.flusher.stats()
    }

    /// Flushes everything to disk; called at shutdown.
    pub fn flush(&self) -> Result<(), StorageError> {
        self.db().flush()?;
        Ok(())
    }

    /// Bytes the database occupies on disk (not counting attachments).
    pub fn size_on_disk(&self) -> Result<u64, StorageError> {
        Ok(self.db().size_on_disk()?)
    }

    // -- calendar -------------------------------------------------------------------

    /// The working-day years the administrator imported (they replace shipped years).
    pub fn calendar_years(&self) -> Result<Vec<shared::calendar::YearCalendar>, StorageError> {
        self.tree(tree::CALENDAR)?
            .iter()
            .values()
            .map(|value| {
                let records::StoredYear::V1(year) = codec::decode(&value?)?;
                Ok(shared::calendar::YearCalendar::from(year))
            })
            .collect()
    }

    pub async fn put_calendar_year(
        &self,
        year: &shared::calendar::YearCalendar,
        audit: AuditEntry,
    ) -> Result<(), StorageError> {
        if year.provisional {
            return Err(StorageError::Invalid("a provisional year is never stored".into()));
        }
        let calendar = self.tree(tree::CALENDAR)?;
        let audit_tree = self.tree(tree::AUDIT)?;
        let value = codec::encode_checked(&records::StoredYear::V1(records::YearCalendarV1::from(year)))?;
        let audit_value = codec::encode(&records::StoredAudit::V1(records::AuditEntryV1::from(&audit)))?;
        let audit_id = self.next_id()?;
        {
            let _gate = self.write_guard();
            (&calendar, &audit_tree).transaction(|(calendar, audit_tree)| {
                calendar.insert(&year.year.to_be_bytes(), value.clone())?;
                audit_tree.insert(&codec::id_key(audit_id), audit_value.clone())?;
                Ok::<_, sled::transaction::ConflictableTransactionError<StorageError>>(())
            })?;
        }
        self.durable().await
    }

    /// Records a change that has no transaction of its own to ride in (robots).
    pub async fn audit(&self, audit: AuditEntry) -> Result<(), StorageError> {
        let audit_value = codec::encode(&records::StoredAudit::V1(records::AuditEntryV1::from(&audit)))?;
        let audit_id = self.next_id()?;
        {
            let _gate = self.write_guard();
            self.tree(tree::AUDIT)?.insert(codec::id_key(audit_id), audit_value)?;
        }
        self.durable().await
    }

    /// The audit log, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>, StorageError> {
        self.tree(tree::AUDIT)?
            .iter()
            .rev()
            .take(limit.min(MAX_PAGE_SIZE))
            .map(|entry| {
                let (_, value) = entry?;
                let records::StoredAudit::V1(entry) = codec::decode(&value)?;
                Ok(AuditEntry::from(entry))
            })
            .collect()
    }
}

use sled::Transactional as _;

/// Decodes `bytes` as every stored type in turn, and converts what decodes to the type
/// the server uses, for the fuzzer: each attempt must end in a value or an error, never a
/// panic.
pub fn decode_any(bytes: &[u8]) {
    let _ = records::campaign::decode_core(bytes);
    let _ = records::history::decode_entry(bytes);
    let _ = codec::decode::<records::StoredPlanVersion>(bytes)
        .map(|v: records::StoredPlanVersion| shared::plan::PlanVersion::from(v));
    let _ = records::listing::decode_listing(bytes);
    let _ = records::staff_month::decode_staff_month(bytes);
    let _ = records::rating::decode_rating(bytes);
    let _ = shared::org::Store::decode_stored(bytes);
    let _ = shared::org::OrgUnit::decode_stored(bytes);
    let _ = shared::org::Position::decode_stored(bytes);
    let _ = shared::org::Person::decode_stored(bytes);
    let _ = UserRecord::decode_stored(bytes);
    let _ = codec::decode::<records::StoredYear>(bytes)
        .map(|records::StoredYear::V1(y)| shared::calendar::YearCalendar::from(y));
    let _ = codec::decode::<records::StoredAttachment>(bytes)
        .map(|records::StoredAttachment::V1(m)| AttachmentMeta::from(m));
    let _ = codec::decode::<records::StoredAudit>(bytes).map(|records::StoredAudit::V1(a)| AuditEntry::from(a));
    let _ = codec::decode::<records::StoredSession>(bytes).map(|records::StoredSession::V1(s)| SessionRecord::from(s));
    let _ = codec::decode::<records::StoredIdempotent>(bytes).map(IdempotentResponse::from);
    let _ = records::decode_video_request_v1(bytes);
}

/// How long opening waits for a previous instance in this process to let go of the
/// database's lock file: sled's background threads release it shortly after the last
/// handle is dropped, not at once.
const LOCK_WAIT_MS: u64 = 3_000;

fn open_with_lock_retry(config: &sled::Config) -> Result<sled::Db, StorageError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(LOCK_WAIT_MS);
    loop {
        match config.open() {
            Ok(db) => return Ok(db),
            Err(sled::Error::Io(error))
                if error.to_string().contains("could not acquire lock") && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(error) => return Err(error.into()),
        }
    }
}

#[cfg(test)]
mod samples;
#[cfg(test)]
mod tests;
