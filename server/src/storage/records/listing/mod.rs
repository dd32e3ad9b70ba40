//! A campaign's list row (`campaign_listings`, written with the campaign since schema 4):
//! lists decode only these. The stored envelope, its codec and the version written now.
//! Its frozen rows (moved here from `v3.rs` and `v4.rs`, bytes unchanged) and their
//! conversions.

use serde::{Deserialize, Serialize};
use shared::campaign::Listing;
use shared::ids::{CampaignId, PersonId, StoreId};

use super::super::StorageError;
use super::super::codec::{decode, encode_checked};
use super::super::v1::{CampaignTypeV1, StageV1, date, day_number};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredListing {
    V1(ListingV1),
    V2(ListingV2),
}

/// The version this build writes.
pub type Latest = ListingV2;

pub fn encode_listing(listing: &Listing) -> Result<Vec<u8>, StorageError> {
    encode_checked(&StoredListing::V2(Latest::from(listing)))
}

pub fn decode_listing(bytes: &[u8]) -> Result<Listing, StorageError> {
    match decode(bytes)? {
        StoredListing::V1(row) => Listing::try_from(row),
        StoredListing::V2(row) => Listing::try_from(row),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingV1 {
    pub id: u64,
    pub version: u64,
    pub kind: CampaignTypeV1,
    pub title: String,
    pub stores: Vec<u64>,
    pub stage: StageV1,
    pub requested_on: i32,
    pub starts_on: Option<i32>,
    pub ends_on: Option<i32>,
    pub due_on: Option<i32>,
    pub assignee: Option<u64>,
    pub approved: bool,
    pub stores_waiting: Vec<u64>,
}

impl From<&Listing> for ListingV1 {
    fn from(value: &Listing) -> Self {
        let Listing {
            id,
            version,
            kind,
            title,
            stores,
            stage,
            requested_on,
            starts_on,
            ends_on,
            due_on,
            assignee,
            approved,
            stores_waiting,
            // Version 1 has no room for them: written as `ListingV2`.
            stage_since: _,
            late_accepted: _,
        } = value;
        ListingV1 {
            id: id.0,
            version: *version,
            kind: CampaignTypeV1::from(kind),
            title: title.clone(),
            stores: stores.iter().map(|s| s.0).collect(),
            stage: StageV1::from(stage),
            requested_on: day_number(*requested_on),
            starts_on: starts_on.map(day_number),
            ends_on: ends_on.map(day_number),
            due_on: due_on.map(day_number),
            assignee: assignee.map(|p| p.0),
            approved: *approved,
            stores_waiting: stores_waiting.iter().map(|s| s.0).collect(),
        }
    }
}

impl TryFrom<ListingV1> for Listing {
    type Error = StorageError;

    fn try_from(value: ListingV1) -> Result<Self, StorageError> {
        let ListingV1 {
            id,
            version,
            kind,
            title,
            stores,
            stage,
            requested_on,
            starts_on,
            ends_on,
            due_on,
            assignee,
            approved,
            stores_waiting,
        } = value;
        Ok(Listing {
            id: CampaignId(id),
            version,
            kind: kind.into(),
            title,
            stores: stores.into_iter().map(StoreId).collect(),
            stage: stage.into(),
            requested_on: date(requested_on)?,
            starts_on: starts_on.map(date).transpose()?,
            ends_on: ends_on.map(date).transpose()?,
            due_on: due_on.map(date).transpose()?,
            assignee: assignee.map(PersonId),
            approved,
            stores_waiting: stores_waiting.into_iter().map(StoreId).collect(),
            // Not kept by version 1 (schema 4): the request day until the row is rewritten
            // (the upgrade to schema 5 rewrites every row).
            stage_since: date(requested_on)?,
            late_accepted: false,
        })
    }
}

/// A list row, version 2: version 1's fields, then the day the campaign entered its stage
/// (a day number) and whether the VP accepted it late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingV2 {
    pub row: ListingV1,
    pub stage_since: i32,
    pub late_accepted: bool,
}

impl From<&Listing> for ListingV2 {
    fn from(value: &Listing) -> Self {
        ListingV2 {
            row: ListingV1::from(value),
            stage_since: day_number(value.stage_since),
            late_accepted: value.late_accepted,
        }
    }
}

impl TryFrom<ListingV2> for Listing {
    type Error = StorageError;

    fn try_from(value: ListingV2) -> Result<Self, StorageError> {
        let ListingV2 { row, stage_since, late_accepted } = value;
        let listing = Listing::try_from(row)?;
        Ok(Listing { stage_since: date(stage_since)?, late_accepted, ..listing })
    }
}
