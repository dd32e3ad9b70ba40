//! The change feed's log (`shared::feed`), in the `changes` tree:
//!
//! - `h` → the last sequence number given (8 bytes, big-endian);
//! - `l` + seq → the entry: format byte 1, the item's kind, its version, its key;
//! - `z` + kind + key → the seq of the item's one entry. It sorts after the log: with
//!   the index between `h` and `l`, reads failed with the full disk's error in 2 of 3
//!   runs of `server/tests/faults.rs`'s full-disk test (sled 0.34); after it, 0 of 16.
//!
//! [`record`] runs inside the transaction that writes the item: it reads `h`, so two
//! such transactions conflict and sled retries one of them; sequence numbers are
//! therefore given in commit order, without gaps, and an entry is visible exactly when
//! the change it names is. An item keeps one entry, at its latest change.
//!
//! A reader takes `h` first (one read sees a transaction whole, so every entry up to `h`
//! is in place) and then reads entries up to it: an entry it misses was dropped because
//! its item changed again, and that change's entry is further on.

use sled::transaction::{TransactionalTree, UnabortableTransactionError};

use super::codec::read_u64;
use super::{StorageError, Store, tree};

const HEAD: &[u8] = b"h";
const LOG: u8 = b'l';
const ITEM: u8 = b'z';
const ENTRY_FORMAT: u8 = 1;

/// What kind of item an entry names. The numbers are stored: never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    Campaign = 1,
    /// Key: `campaigns::staff_month_key`; version: the month's ratings so far.
    KpiMonth = 2,
    Store = 3,
    OrgUnit = 4,
    Position = 5,
    Person = 6,
}

impl FeedKind {
    fn from_byte(byte: u8) -> Result<Self, StorageError> {
        Ok(match byte {
            1 => FeedKind::Campaign,
            2 => FeedKind::KpiMonth,
            3 => FeedKind::Store,
            4 => FeedKind::OrgUnit,
            5 => FeedKind::Position,
            6 => FeedKind::Person,
            other => return Err(StorageError::Decode(format!("change entry kind {other}"))),
        })
    }
}

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    pub seq: u64,
    pub kind: FeedKind,
    /// The item's version when the entry was written: a reader that finds the item at
    /// another version has read past a newer change.
    pub version: u64,
    pub key: Vec<u8>,
}

fn log_key(seq: u64) -> [u8; 9] {
    let mut key = [LOG; 9];
    key[1..].copy_from_slice(&seq.to_be_bytes());
    key
}

fn item_key(kind: FeedKind, key: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + key.len());
    out.extend([ITEM, kind as u8]);
    out.extend_from_slice(key);
    out
}

fn encode_entry(kind: FeedKind, version: u64, key: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(10 + key.len());
    out.extend([ENTRY_FORMAT, kind as u8]);
    out.extend_from_slice(&version.to_be_bytes());
    out.extend_from_slice(key);
    out
}

fn decode_entry(seq: u64, bytes: &[u8]) -> Result<FeedEntry, StorageError> {
    match bytes {
        [ENTRY_FORMAT, kind, rest @ ..] if rest.len() >= 8 => Ok(FeedEntry {
            seq,
            kind: FeedKind::from_byte(*kind)?,
            version: read_u64(&rest[..8])?,
            key: rest[8..].to_vec(),
        }),
        _ => Err(StorageError::Decode(format!("change entry {seq}"))),
    }
}

/// Inside a transaction over the `changes` tree: the item changed (to `version`).
pub(super) fn record(
    changes: &TransactionalTree,
    kind: FeedKind,
    key: &[u8],
    version: u64,
) -> Result<u64, UnabortableTransactionError> {
    let head = match changes.get(HEAD)? {
        Some(bytes) => read_u64(&bytes).unwrap_or(0),
        None => 0,
    };
    let seq = head + 1;
    changes.insert(HEAD, &seq.to_be_bytes())?;
    if let Some(previous) = changes.insert(item_key(kind, key), &seq.to_be_bytes())?
        && let Ok(previous) = read_u64(&previous)
    {
        changes.remove(&log_key(previous))?;
    }
    changes.insert(&log_key(seq), encode_entry(kind, version, key))?;
    Ok(seq)
}

impl Store {
    /// The last sequence number given (0 before the first change).
    pub fn changes_head(&self) -> Result<u64, StorageError> {
        self.tree(tree::CHANGES)?.get(HEAD)?.map_or(Ok(0), |b| read_u64(&b))
    }

    /// Up to `limit` entries after `after`, in order, and the head they were read under.
    pub fn changes_after(&self, after: u64, limit: usize) -> Result<(Vec<FeedEntry>, u64), StorageError> {
        let changes = self.tree(tree::CHANGES)?;
        let head = self.changes_head()?;
        let mut entries = Vec::new();
        if after >= head {
            return Ok((entries, head));
        }
        for item in changes.range(log_key(after + 1)..=log_key(head)).take(limit) {
            let (key, value) = item?;
            entries.push(decode_entry(read_u64(&key[1..])?, &value)?);
        }
        Ok((entries, head))
    }
}

/// Whether the log has been started (it has a head, even 0).
pub(super) fn started(changes: &sled::Tree) -> Result<bool, StorageError> {
    Ok(changes.get(HEAD)?.is_some())
}

/// Starts the log with one entry per item, in the order given, as one batch (the startup
/// step in `migrate.rs` collects them). Returns the head.
pub(super) fn seed(changes: &sled::Tree, items: &[(FeedKind, Vec<u8>, u64)]) -> Result<u64, StorageError> {
    let mut batch = sled::Batch::default();
    let mut seq = 0u64;
    for (kind, key, version) in items {
        seq += 1;
        batch.insert(&log_key(seq), encode_entry(*kind, *version, key));
        batch.insert(item_key(*kind, key), &seq.to_be_bytes());
    }
    batch.insert(HEAD, &seq.to_be_bytes());
    changes.apply_batch(batch)?;
    Ok(seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entry's bytes are stored: this layout must keep decoding.
    #[test]
    fn an_entry_keeps_its_layout() {
        let bytes = encode_entry(FeedKind::KpiMonth, 3, &[9, 8]);
        assert_eq!(bytes, vec![1, 2, 0, 0, 0, 0, 0, 0, 0, 3, 9, 8]);
        let back = decode_entry(7, &bytes).unwrap();
        assert_eq!(back, FeedEntry { seq: 7, kind: FeedKind::KpiMonth, version: 3, key: vec![9, 8] });
        assert!(decode_entry(7, &[2, 2, 0]).is_err());
    }
}
