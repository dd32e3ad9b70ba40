//! A campaign's plan versions (`plan_versions`, key campaign id + number; only ever
//! inserted, R6): the stored envelope, version 2 (moved here from `v5.rs`, bytes
//! unchanged), its codec and the version written now. Version 1's body is still in `v1`.

use serde::{Deserialize, Serialize};
use shared::money::Fen;
use shared::plan::PlanVersion;

use super::super::StorageError;
use super::super::codec::encode_checked;
use super::super::v1::PlanVersionV1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredPlanVersion {
    V1(PlanVersionV1),
    V2(PlanVersionV2),
}

/// The version this build writes.
pub type Latest = PlanVersionV2;

impl From<StoredPlanVersion> for PlanVersion {
    fn from(stored: StoredPlanVersion) -> Self {
        match stored {
            StoredPlanVersion::V1(version) => version.into(),
            StoredPlanVersion::V2(version) => version.into(),
        }
    }
}

/// A plan version as this build stores it.
pub fn encode(version: &PlanVersion) -> Result<Vec<u8>, StorageError> {
    encode_checked(&StoredPlanVersion::V2(Latest::from(version)))
}

/// A plan version, version 2: the version-1 body and the plan's expected sales (fen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanVersionV2 {
    pub version: PlanVersionV1,
    pub forecast_sales: Option<i64>,
}

impl From<&PlanVersion> for PlanVersionV2 {
    fn from(value: &PlanVersion) -> Self {
        PlanVersionV2 {
            version: PlanVersionV1::from(value),
            forecast_sales: value.document.forecast_sales.map(|f| f.0),
        }
    }
}

impl From<PlanVersionV2> for PlanVersion {
    fn from(value: PlanVersionV2) -> Self {
        let PlanVersionV2 { version, forecast_sales } = value;
        let mut plan = PlanVersion::from(version);
        plan.document.forecast_sales = forecast_sales.map(Fen);
        plan
    }
}
