//! Stored types, version 4: the records added or changed in schema 5 (the campaign's
//! clock). A campaign's lateness may now be "shorter than its type's schedule"; a list row
//! carries the day its campaign entered its stage and whether the VP accepted it late; an
//! administrator's schedule template per campaign type, kept by the day it applies from.
//!
//! Never edit a type here: the golden fixtures pin its bytes. See `v1/mod.rs` for the rules.

use serde::{Deserialize, Serialize};
use shared::campaign::{Campaign, Lateness, Listing};
use shared::schedule::{StageDays, Template};

use super::StorageError;
use super::v1::{CampaignTypeV1, CampaignV1, StageV1};
use super::v3::{ListingV1, day_number};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LatenessV2 {
    HolidayPreparation { days_before_start: i64 },
    AnnualPlan,
    Schedule { working_days_short: u32 },
}

impl From<&Lateness> for LatenessV2 {
    fn from(value: &Lateness) -> Self {
        match value {
            Lateness::HolidayPreparation { days_before_start } => {
                LatenessV2::HolidayPreparation { days_before_start: *days_before_start }
            }
            Lateness::AnnualPlan => LatenessV2::AnnualPlan,
            Lateness::Schedule { working_days_short } => {
                LatenessV2::Schedule { working_days_short: *working_days_short }
            }
        }
    }
}

impl From<LatenessV2> for Lateness {
    fn from(value: LatenessV2) -> Self {
        match value {
            LatenessV2::HolidayPreparation { days_before_start } => Lateness::HolidayPreparation { days_before_start },
            LatenessV2::AnnualPlan => Lateness::AnnualPlan,
            LatenessV2::Schedule { working_days_short } => Lateness::Schedule { working_days_short },
        }
    }
}

/// A campaign core, version 2: the version-1 body (its own `lateness` always empty) and
/// the lateness beside it, in the shape that can say "shorter than its schedule".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignCoreV2 {
    pub campaign: CampaignV1,
    pub lateness: Option<LatenessV2>,
    pub history_len: u32,
    pub plan_versions_len: u32,
}

impl CampaignCoreV2 {
    /// A campaign's core (its history and plan versions left to their own trees).
    pub fn of(campaign: &Campaign) -> Self {
        let lateness = campaign.lateness.as_ref().map(LatenessV2::from);
        let mut body = CampaignV1::from(campaign);
        body.lateness = None;
        body.history = Vec::new();
        body.plan_versions = Vec::new();
        CampaignCoreV2 {
            campaign: body,
            lateness,
            history_len: u32::try_from(campaign.history.len()).unwrap_or(u32::MAX),
            plan_versions_len: u32::try_from(campaign.plan_versions.len()).unwrap_or(u32::MAX),
        }
    }

    /// The campaign back (history and plan versions empty), and how many of each its own
    /// trees hold.
    pub fn into_parts(self) -> (Campaign, u32, u32) {
        let CampaignCoreV2 { campaign, lateness, history_len, plan_versions_len } = self;
        let mut campaign = Campaign::from(campaign);
        campaign.lateness = lateness.map(Lateness::from);
        (campaign, history_len, plan_versions_len)
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
        Ok(Listing { stage_since: super::v3::date(stage_since)?, late_accepted, ..listing })
    }
}

/// An administrator's schedule template for one campaign type, and the day from which it
/// applies (to campaigns requested on or after it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateV1 {
    pub kind: CampaignTypeV1,
    pub stages: Vec<(StageV1, u32)>,
    pub lead_working_days: u32,
    pub applies_from: i32,
    pub set_by: u64,
    pub set_at_unix_ms: i64,
}

/// A stored template as the server uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRecord {
    pub template: Template,
    pub applies_from: chrono::NaiveDate,
    pub set_by: shared::ids::UserId,
    pub set_at_unix_ms: i64,
}

impl From<&TemplateRecord> for TemplateV1 {
    fn from(value: &TemplateRecord) -> Self {
        let TemplateRecord { template, applies_from, set_by, set_at_unix_ms } = value;
        let Template { kind, stages, lead_working_days } = template;
        TemplateV1 {
            kind: CampaignTypeV1::from(kind),
            stages: stages.iter().map(|s| (StageV1::from(&s.stage), s.working_days)).collect(),
            lead_working_days: *lead_working_days,
            applies_from: day_number(*applies_from),
            set_by: set_by.0,
            set_at_unix_ms: *set_at_unix_ms,
        }
    }
}

impl TryFrom<TemplateV1> for TemplateRecord {
    type Error = StorageError;

    fn try_from(value: TemplateV1) -> Result<Self, StorageError> {
        let TemplateV1 { kind, stages, lead_working_days, applies_from, set_by, set_at_unix_ms } = value;
        Ok(TemplateRecord {
            template: Template {
                kind: kind.into(),
                stages: stages
                    .into_iter()
                    .map(|(stage, working_days)| StageDays { stage: stage.into(), working_days })
                    .collect(),
                lead_working_days,
            },
            applies_from: super::v3::date(applies_from)?,
            set_by: shared::ids::UserId(set_by),
            set_at_unix_ms,
        })
    }
}
