//! Group commit: every writer that needs its write on disk asks the one flusher thread,
//! which runs a single `Db::flush` for all writers waiting at that moment. This keeps
//! flushes off the async runtime and never runs two at once (sled's `flush_async`
//! deadlocks when several are awaited concurrently: FACTS.md, sled issue #1308).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;

use tokio::sync::oneshot;

use super::{StorageError, SyncMode};

/// A writer waiting for durability. It carries its own handle to the database so that
/// the flusher thread holds none between batches: when the last `Store` is dropped, sled
/// closes and releases its lock file (a restart in the same process can reopen it).
struct Waiter {
    db: sled::Db,
    done: oneshot::Sender<Result<(), String>>,
}

/// A handle to the flusher thread. Cloning shares the thread.
#[derive(Clone)]
pub struct Flusher {
    requests: mpsc::Sender<Waiter>,
    stats: Arc<FlushStats>,
}

/// Counters for `/metrics`: how many group commits ran and how many writers they served.
#[derive(Debug, Default)]
pub struct FlushStats {
    pub batches: AtomicU64,
    pub writers: AtomicU64,
}

impl Flusher {
    /// Starts the flusher thread for the database at `db_path`. The thread ends when
    /// every handle is dropped.
    pub fn start(sync: SyncMode, db_path: PathBuf) -> Result<Self, StorageError> {
        let (requests, inbox) = mpsc::channel::<Waiter>();
        let stats = Arc::new(FlushStats::default());
        let thread_stats = Arc::clone(&stats);
        thread::Builder::new()
            .name("sled-group-commit".into())
            .spawn(move || run(&inbox, sync, &db_path, &thread_stats))
            .map_err(|e| StorageError::Io(e.to_string()))?;
        Ok(Flusher { requests, stats })
    }

    /// (group commits, writers served) so far.
    pub fn stats(&self) -> (u64, u64) {
        (self.stats.batches.load(Ordering::Relaxed), self.stats.writers.load(Ordering::Relaxed))
    }

    /// Resolves once everything written before this call is on disk.
    pub async fn durable(&self, db: &sled::Db) -> Result<(), StorageError> {
        let (done, wait) = oneshot::channel();
        self.requests
            .send(Waiter { db: db.clone(), done })
            .map_err(|_| StorageError::Io("the flusher thread has stopped".into()))?;
        match wait.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(StorageError::Io(error)),
            Err(_) => Err(StorageError::Io("the flusher thread has stopped".into())),
        }
    }
}

/// `fsync`s every file of the database and the directory itself: sled's own flush uses
/// `sync_file_range`, which does not survive a power loss (FACTS.md).
fn fsync_all(db_path: &Path) -> std::io::Result<()> {
    let mut pending = vec![db_path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                File::open(&path)?.sync_all()?;
            }
        }
        File::open(&dir)?.sync_all()?;
    }
    Ok(())
}

/// One flush (and fsync in full mode), for the per-write mode the benchmark compares.
pub fn flush_once(db: &sled::Db, sync: SyncMode, db_path: &Path) -> Result<(), StorageError> {
    db.flush()?;
    if sync == SyncMode::Full {
        fsync_all(db_path)?;
    }
    Ok(())
}

fn run(inbox: &mpsc::Receiver<Waiter>, sync: SyncMode, db_path: &Path, stats: &FlushStats) {
    // `recv` fails only when every sender is gone: the store was dropped.
    while let Ok(first) = inbox.recv() {
        let db = first.db;
        let mut batch = vec![first.done];
        batch.extend(inbox.try_iter().map(|waiter| waiter.done));
        let mut result = db.flush().map(|_| ()).map_err(|e| e.to_string());
        drop(db);
        if result.is_ok() && sync == SyncMode::Full {
            result = fsync_all(db_path).map_err(|e| e.to_string());
        }
        if let Err(error) = &result {
            tracing::error!(%error, "sled flush failed");
        }
        tracing::trace!(writers = batch.len(), "group commit");
        stats.batches.fetch_add(1, Ordering::Relaxed);
        stats.writers.fetch_add(batch.len() as u64, Ordering::Relaxed);
        for waiter in batch {
            // A writer that gave up waiting (its request was dropped) needs no answer.
            let _ = waiter.send(result.clone());
        }
    }
}
