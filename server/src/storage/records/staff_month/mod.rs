//! One staff member's ratings in one month (`kpi_staff_months`, kept with each rating
//! since schema 4, R7): the KPI report reads only these. The stored envelope and its
//! codec, and its frozen count (moved here from `v3.rs`, bytes unchanged).

use serde::{Deserialize, Serialize};
use shared::kpi::MonthCount;

use super::super::StorageError;
use super::super::codec::{decode, encode_checked};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredStaffMonth {
    V1(StaffMonthV1),
}

/// The version this build writes.
pub type Latest = StaffMonthV1;

pub fn encode_staff_month(count: &MonthCount) -> Result<Vec<u8>, StorageError> {
    encode_checked(&StoredStaffMonth::V1(Latest::from(count)))
}

pub fn decode_staff_month(bytes: &[u8]) -> Result<MonthCount, StorageError> {
    let StoredStaffMonth::V1(month) = decode(bytes)?;
    Ok(MonthCount::from(month))
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
