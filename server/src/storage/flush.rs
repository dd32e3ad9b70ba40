//! Group commit: every writer that needs its write on disk asks the one flusher thread,
//! which runs a single `Db::flush` for all writers waiting at that moment. This keeps
//! flushes off the async runtime and never runs two at once (sled's `flush_async`
//! deadlocks when several are awaited concurrently: FACTS.md, sled issue #1308).

use std::sync::mpsc;
use std::thread;

use tokio::sync::oneshot;

use super::StorageError;

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
}

impl Flusher {
    /// Starts the flusher thread. The thread ends when every handle is dropped.
    pub fn start() -> Result<Self, StorageError> {
        let (requests, inbox) = mpsc::channel::<Waiter>();
        thread::Builder::new()
            .name("sled-group-commit".into())
            .spawn(move || run(&inbox))
            .map_err(|e| StorageError::Io(e.to_string()))?;
        Ok(Flusher { requests })
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

fn run(inbox: &mpsc::Receiver<Waiter>) {
    // `recv` fails only when every sender is gone: the store was dropped.
    while let Ok(first) = inbox.recv() {
        let db = first.db;
        let mut batch = vec![first.done];
        batch.extend(inbox.try_iter().map(|waiter| waiter.done));
        let result = db.flush().map(|_| ()).map_err(|e| e.to_string());
        drop(db);
        if let Err(error) = &result {
            tracing::error!(%error, "sled flush failed");
        }
        tracing::trace!(writers = batch.len(), "group commit");
        for waiter in batch {
            // A writer that gave up waiting (its request was dropped) needs no answer.
            let _ = waiter.send(result.clone());
        }
    }
}
