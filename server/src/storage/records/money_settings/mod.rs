//! The center's money rules (`settings`, key `money`, schema 5: the money): the stored
//! envelope and its frozen version (moved here from `v5.rs`, bytes unchanged).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredMoneySettings {
    V1(MoneySettingsV1),
}

/// The version this build writes.
pub type Latest = MoneySettingsV1;

/// The center's money rules as the administrator set them, and who set them when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneySettingsV1 {
    pub tolerance_percent: u32,
    pub set_by: u64,
    pub set_at_unix_ms: i64,
}
