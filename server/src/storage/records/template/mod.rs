//! An administrator's schedule template for one campaign type (`schedule_templates`, key
//! type and the day it applies from; schema 5): the stored envelope, its frozen version
//! (moved here from `v4.rs`, bytes unchanged), the record the server uses and its codec.

use serde::{Deserialize, Serialize};
use shared::schedule::{StageDays, Template};

use super::super::StorageError;
use super::super::codec::{decode, encode_checked};
use super::super::v1::{CampaignTypeV1, StageV1, date, day_number};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredTemplate {
    V1(TemplateV1),
}

/// The version this build writes.
pub type Latest = TemplateV1;

pub fn encode_template(record: &TemplateRecord) -> Result<Vec<u8>, StorageError> {
    encode_checked(&StoredTemplate::V1(Latest::from(record)))
}

pub fn decode_template(bytes: &[u8]) -> Result<TemplateRecord, StorageError> {
    let StoredTemplate::V1(record) = decode(bytes)?;
    TemplateRecord::try_from(record)
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
            applies_from: date(applies_from)?,
            set_by: shared::ids::UserId(set_by),
            set_at_unix_ms,
        })
    }
}
