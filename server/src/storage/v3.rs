//! Stored types, version 3: the records added in schema 4, kept beside a campaign so that
//! lists and the KPI report read small records. A campaign's list row (its dates as day
//! numbers from the common era, so a row decodes without parsing dates), and one staff
//! member's ratings in one month (R7).
//!
//! Never edit a type here: the golden fixtures pin its bytes. See `v1.rs` for the rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::campaign::Listing;
use shared::ids::{CampaignId, PersonId, StoreId};
use shared::kpi::MonthCount;

use super::StorageError;
use super::v1::{CampaignTypeV1, StageV1};

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

/// A day as its number from the common era (1 January of year 1 is day 1).
pub fn day_number(date: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date)
}

pub fn date(days: i32) -> Result<NaiveDate, StorageError> {
    NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| StorageError::Decode(format!("day number {days}")))
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
            // Version 1 has no room for them: written as `v4::ListingV2`.
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

/// One staff member's ratings in one month; the key names both (`staff_month_key`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMonthV1 {
    pub rated: u32,
    pub satisfied: u32,
}

impl From<&MonthCount> for StaffMonthV1 {
    fn from(value: &MonthCount) -> Self {
        let MonthCount { rated, satisfied } = *value;
        StaffMonthV1 { rated, satisfied }
    }
}

impl From<StaffMonthV1> for MonthCount {
    fn from(value: StaffMonthV1) -> Self {
        let StaffMonthV1 { rated, satisfied } = value;
        MonthCount { rated, satisfied }
    }
}
