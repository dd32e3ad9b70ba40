//! The walking skeleton's video request (`video_requests`, schema 1 only), frozen. Schema 2
//! moved these into campaigns (`migrate.rs`); the envelope is kept to read old data
//! directories. Unlike every later record it was written with bincode's derive, not serde
//! (moved here from `records.rs`, bytes unchanged).

use bincode::{Decode, Encode};

use super::super::StorageError;

/// The only version; nothing writes it any more (tests write it as the skeleton did).
pub type Latest = VideoRequestV1;

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub enum StoredVideoRequest {
    V1(VideoRequestV1),
}

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct VideoRequestV1 {
    pub id: u64,
    pub title: String,
    pub store: String,
    pub requested_on_days: i32,
    pub due_on_days: i32,
    pub notes: String,
    pub created_at_unix_ms: i64,
}

/// Decodes a schema-1 video request (bincode derive, not serde).
pub fn decode_video_request_v1(bytes: &[u8]) -> Result<VideoRequestV1, StorageError> {
    let config = bincode::config::standard().with_limit::<{ 1024 * 1024 }>();
    let (value, read): (StoredVideoRequest, usize) =
        bincode::decode_from_slice(bytes, config).map_err(|e| StorageError::Decode(e.to_string()))?;
    if read != bytes.len() {
        return Err(StorageError::Decode("trailing bytes".into()));
    }
    let StoredVideoRequest::V1(v1) = value;
    Ok(v1)
}

/// Encodes a schema-1 video request; only tests write the old format.
#[cfg(test)]
pub fn encode_video_request_v1(value: &VideoRequestV1) -> Vec<u8> {
    bincode::encode_to_vec(StoredVideoRequest::V1(value.clone()), bincode::config::standard()).unwrap_or_default()
}
