//! The stored forms of records: one append-only versioned envelope per stored type.
//!
//! Stored values are their own frozen types, never `shared` types: `v1.rs` holds a copy
//! of every `shared` type a record reaches, as it was when version 1 was written (later
//! versions go in `v2.rs` and so on), with `From` conversions both ways that name every
//! field and every variant. So a change to a `shared` type breaks a `From` at compile
//! time, and a change to a frozen type breaks the golden-byte test (`fixtures/`). Either
//! way, the fix is the same: leave the old frozen types alone, add frozen types for the
//! new shape (in a new `vN.rs`), add a `V2` variant holding them to each envelope that
//! reaches the changed type, and convert old variants on read. Variants are only ever
//! appended, and each one needs its fixture in `fixtures/full/` (a test checks it).
//!
//! The envelopes are written out one by one, each `pub enum Stored…` with one `V<n>(…)`
//! variant per line, so that the fixture test can read this file.

use bincode::{Decode, Encode};
use serde::{Deserialize, Serialize};

use super::own::IdempotentResponse;
use super::v1::{
    AttachmentMetaV1, AuditEntryV1, CampaignV1, DeliveryV1, HistoryEntryV1, IdempotentResponseV1, NotificationV1,
    OrgUnitV1, PersonV1, PlanVersionV1, PositionV1, RatingV1, SessionRecordV1, StoreV1, UserRecordV1, WebhookV1,
    YearCalendarV1,
};
use super::v2::{HistoryEntryV2, IdempotentResponseV2};
use super::v3::{ListingV1, StaffMonthV1};
use super::v4::{CampaignCoreV2, ListingV2, TemplateV1};

/// A mutable record and its version, for optimistic concurrency: an update must name
/// the version it read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versioned<T> {
    pub version: u64,
    pub value: T,
}

/// A campaign without its history and plan versions, which live in their own trees
/// (they only grow, and rewriting them on every action would cost more each time). The
/// campaign's own `history` and `plan_versions` are stored empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignCoreV1 {
    pub campaign: CampaignV1,
    pub history_len: u32,
    pub plan_versions_len: u32,
}

/// A rating, with the id of its campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingRecordV1 {
    pub campaign: u64,
    pub rating: RatingV1,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredCampaign {
    V1(CampaignCoreV1),
    V2(CampaignCoreV2),
    V3(super::v5::CampaignCoreV3),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredHistoryEntry {
    V1(HistoryEntryV1),
    V2(HistoryEntryV2),
    V3(super::v5::HistoryEntryV3),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredPlanVersion {
    V1(PlanVersionV1),
    V2(super::v5::PlanVersionV2),
}

impl From<StoredPlanVersion> for shared::plan::PlanVersion {
    fn from(stored: StoredPlanVersion) -> Self {
        match stored {
            StoredPlanVersion::V1(version) => version.into(),
            StoredPlanVersion::V2(version) => version.into(),
        }
    }
}

/// A rating, kept apart by month for the KPI report (R7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredRating {
    V1(RatingRecordV1),
}

/// A campaign's list row, written with the campaign (schema 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredListing {
    V1(ListingV1),
    V2(ListingV2),
}

/// An administrator's schedule template for one campaign type (schema 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredTemplate {
    V1(TemplateV1),
}

/// A supplier on the center's list (schema 5, the money).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredSupplier {
    V1(Versioned<super::v5::SupplierV1>),
}

/// An account that reads the change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredFeedReader {
    V1(Versioned<super::v5::FeedReaderV1>),
}

/// The center's money rules (schema 5, the money).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredMoneySettings {
    V1(super::v5::MoneySettingsV1),
}

/// One staff member's ratings in one month, kept with each rating (schema 4, R7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredStaffMonth {
    V1(StaffMonthV1),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredStore {
    V1(Versioned<StoreV1>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredOrgUnit {
    V1(Versioned<OrgUnitV1>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredPosition {
    V1(Versioned<PositionV1>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredPerson {
    V1(Versioned<PersonV1>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredUser {
    V1(Versioned<UserRecordV1>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredYear {
    V1(YearCalendarV1),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredAttachment {
    V1(AttachmentMetaV1),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredAudit {
    V1(AuditEntryV1),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredSession {
    V1(SessionRecordV1),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredIdempotent {
    V1(IdempotentResponseV1),
    V2(IdempotentResponseV2),
}

/// A notification for one account (`notices.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredNotification {
    V1(NotificationV1),
    V2(super::v5::NotificationV2),
}

/// A group-chat robot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredWebhook {
    V1(WebhookV1),
}

/// A message waiting for a robot (the durable outbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredDelivery {
    V1(DeliveryV1),
}

// The types the rest of the server uses. They are never stored as they are: each is
// converted to its frozen form (`v1.rs`) on write and back on read.

impl From<StoredHistoryEntry> for shared::campaign::HistoryEntry {
    fn from(stored: StoredHistoryEntry) -> Self {
        match stored {
            StoredHistoryEntry::V1(entry) => entry.into(),
            StoredHistoryEntry::V2(entry) => entry.into(),
            StoredHistoryEntry::V3(entry) => entry.into(),
        }
    }
}

impl From<StoredIdempotent> for IdempotentResponse {
    fn from(stored: StoredIdempotent) -> Self {
        match stored {
            StoredIdempotent::V1(reply) => reply.into(),
            StoredIdempotent::V2(reply) => reply.into(),
        }
    }
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
