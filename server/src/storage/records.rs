//! The stored forms of records: one append-only versioned envelope per stored type.
//!
//! Version 1 of each envelope is the bincode encoding of the `shared` type as it is at
//! schema version 2, pinned by the golden-byte fixtures in `fixtures/`. When a `shared`
//! type changes, its golden test fails: then copy the old definition here, frozen (as
//! `VideoRequestV1` below was), add a `V2` variant holding the new type, and upgrade V1
//! in `into_latest`. Variants are only ever appended.

use bincode::{Decode, Encode};
use serde::{Deserialize, Serialize};
use shared::Lang;
use shared::calendar::YearCalendar;
use shared::campaign::{Campaign, HistoryEntry, Rating};
use shared::ids::{AttachmentId, CampaignId, PersonId, StoreId, UserId};
use shared::org::{OrgUnit, Person, Position, Role, Store};
use shared::plan::PlanVersion;

/// A mutable record and its version, for optimistic concurrency: an update must name
/// the version it read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versioned<T> {
    pub version: u64,
    pub value: T,
}

/// A campaign without its history and plan versions, which live in their own trees
/// (they only grow, and rewriting them on every action would cost more each time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignCoreV1 {
    pub campaign: Campaign,
    pub history_len: u32,
    pub plan_versions_len: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredCampaign {
    V1(CampaignCoreV1),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredHistoryEntry {
    V1(HistoryEntry),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredPlanVersion {
    V1(PlanVersion),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingRecordV1 {
    pub campaign: CampaignId,
    pub rating: Rating,
}

/// A rating, kept apart by month for the KPI report (R7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredRating {
    V1(RatingRecordV1),
}

/// A login account. Passwords are stored only as Argon2id PHC strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: UserId,
    pub login: String,
    pub password_hash: String,
    pub role: Role,
    pub person: PersonId,
    pub store: Option<StoreId>,
    pub disabled: bool,
    pub lang: Lang,
}

/// What an uploaded file is; its bytes are on disk, named by their SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    pub id: AttachmentId,
    pub sha256_hex: String,
    pub size_bytes: u64,
    pub content_type: String,
    pub file_name: String,
    pub uploaded_by: UserId,
    pub created_at_unix_ms: i64,
}

/// A change to anything but a campaign (campaigns carry their own history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at_unix_ms: i64,
    pub user: UserId,
    pub action: String,
    pub target: String,
}

/// A login session, stored under the SHA-256 of its token (the token itself is only
/// ever in the user's cookie).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub user: UserId,
    pub created_at_unix_ms: i64,
    pub expires_at_unix_ms: i64,
}

/// The response to a POST made with an `Idempotency-Key`, replayed on a retry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotentResponse {
    pub status: u16,
    pub body: Vec<u8>,
    pub created_at_unix_ms: i64,
}

macro_rules! envelope {
    ($($(#[$meta:meta])* $name:ident($inner:ty);)+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $name {
            V1($inner),
        }
    )+};
}

envelope! {
    StoredStore(Versioned<Store>);
    StoredOrgUnit(Versioned<OrgUnit>);
    StoredPosition(Versioned<Position>);
    StoredPerson(Versioned<Person>);
    StoredUser(Versioned<UserRecord>);
    StoredYear(YearCalendar);
    StoredAttachment(AttachmentMeta);
    StoredAudit(AuditEntry);
    StoredSession(SessionRecord);
    StoredIdempotent(IdempotentResponse);
}

/// The walking skeleton's video request (schema version 1), frozen. Schema 2 moved these
/// into campaigns (`migrate.rs`); this type is kept to read old data directories.
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
pub fn decode_video_request_v1(bytes: &[u8]) -> Result<VideoRequestV1, super::StorageError> {
    let config = bincode::config::standard().with_limit::<{ 1024 * 1024 }>();
    let (value, read): (StoredVideoRequest, usize) =
        bincode::decode_from_slice(bytes, config).map_err(|e| super::StorageError::Decode(e.to_string()))?;
    if read != bytes.len() {
        return Err(super::StorageError::Decode("trailing bytes".into()));
    }
    let StoredVideoRequest::V1(v1) = value;
    Ok(v1)
}

/// Encodes a schema-1 video request; only tests write the old format.
#[cfg(test)]
pub fn encode_video_request_v1(value: &VideoRequestV1) -> Vec<u8> {
    bincode::encode_to_vec(StoredVideoRequest::V1(value.clone()), bincode::config::standard()).unwrap_or_default()
}
