//! The stored forms of records: one folder per record (`records/<record>/mod.rs`), each
//! with its append-only versioned envelope `Stored…`, `Latest` (the version this build
//! writes), its frozen versions and their conversions, and its codec where it has one.
//!
//! Stored values are their own frozen types, never `shared` types, with `From`
//! conversions both ways that name every field and every variant. So a change to a
//! `shared` type breaks a `From` at compile time, and a change to a frozen type breaks the
//! golden-byte test (`fixtures/`). Either way, the fix is the same: leave the old frozen
//! types alone, add frozen types for the new shape in the record's folder, add a variant
//! holding them to each envelope that reaches the changed type, and convert old variants
//! on read. Variants are only ever appended, and each one needs its fixture in
//! `fixtures/full/` (a test checks it).
//!
//! Frozen types that several records embed stay below the folders, in `v1/`: the frozen
//! enums (`RoleV1`, `StageV1`, `SupplierKindV1`, …), the campaign's version-1 body
//! (`CampaignV1` and what it holds, which every campaign core, history entry version 1,
//! plan version and rating reach), and the day-number helpers.
//!
//! Each envelope is written out as `pub enum Stored…` with one `V<n>(…)` variant per line,
//! so that the fixture test can read the record folders.

use serde::{Deserialize, Serialize};

pub mod attachment;
pub mod audit;
pub mod campaign;
pub mod delivery;
pub mod feed_reader;
pub mod history;
pub mod idempotent;
pub mod listing;
pub mod money_settings;
pub mod notification;
pub mod org_unit;
pub mod person;
pub mod plan_version;
pub mod position;
pub mod rating;
pub mod session;
pub mod staff_month;
pub mod store;
pub mod supplier;
pub mod template;
pub mod user;
pub mod video_request;
pub mod webhook;
pub mod year;

pub use self::attachment::{AttachmentMetaV1, StoredAttachment};
pub use self::audit::{AuditEntryV1, StoredAudit};
pub use self::campaign::{CampaignCoreV1, StoredCampaign};
pub use self::delivery::StoredDelivery;
pub use self::feed_reader::StoredFeedReader;
pub use self::history::StoredHistoryEntry;
pub use self::idempotent::StoredIdempotent;
pub use self::listing::StoredListing;
pub use self::money_settings::StoredMoneySettings;
pub use self::notification::StoredNotification;
pub use self::org_unit::{OrgUnitV1, StoredOrgUnit};
pub use self::person::{PersonV1, StoredPerson};
pub use self::plan_version::StoredPlanVersion;
pub use self::position::{PositionV1, StoredPosition};
pub use self::rating::{RatingRecordV1, StoredRating};
pub use self::session::{SessionRecordV1, StoredSession};
pub use self::staff_month::StoredStaffMonth;
pub use self::store::{StoreV1, StoredStore};
pub use self::supplier::StoredSupplier;
pub use self::template::StoredTemplate;
pub use self::user::{StoredUser, UserRecordV1};
#[cfg(test)]
pub use self::video_request::encode_video_request_v1;
pub use self::video_request::{VideoRequestV1, decode_video_request_v1};
pub use self::webhook::StoredWebhook;
pub use self::year::{StoredYear, YearCalendarV1};

/// A mutable record and its version, for optimistic concurrency: an update must name
/// the version it read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versioned<T> {
    pub version: u64,
    pub value: T,
}
