//! An account that reads the change feed (`feed_readers`, key id): the stored envelope
//! and its frozen version (moved here from `v5.rs`, bytes unchanged).

use serde::{Deserialize, Serialize};

use super::super::own::FeedReaderRecord;
use super::Versioned;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredFeedReader {
    V1(Versioned<FeedReaderV1>),
}

/// The version this build writes.
pub type Latest = FeedReaderV1;

/// An account that reads the change feed (`own::FeedReaderRecord`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedReaderV1 {
    pub id: u64,
    pub name: String,
    pub retired: bool,
    pub token_sha256: [u8; 32],
}

impl From<&FeedReaderRecord> for FeedReaderV1 {
    fn from(value: &FeedReaderRecord) -> Self {
        let FeedReaderRecord { reader: shared::feed::FeedReader { id, name, retired }, token_sha256 } = value;
        FeedReaderV1 { id: *id, name: name.clone(), retired: *retired, token_sha256: *token_sha256 }
    }
}

impl From<FeedReaderV1> for FeedReaderRecord {
    fn from(value: FeedReaderV1) -> Self {
        let FeedReaderV1 { id, name, retired, token_sha256 } = value;
        FeedReaderRecord { reader: shared::feed::FeedReader { id, name, retired }, token_sha256 }
    }
}
