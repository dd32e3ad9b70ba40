//! An audit entry (`audit`, key id): the stored envelope, its frozen version (moved here
//! from `v1/accounts.rs`, bytes unchanged) and its conversions.

use serde::{Deserialize, Serialize};
use shared::ids::UserId;

use super::super::own::AuditEntry;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredAudit {
    V1(AuditEntryV1),
}

/// The version this build writes.
pub type Latest = AuditEntryV1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntryV1 {
    pub at_unix_ms: i64,
    pub user: u64,
    pub action: String,
    pub target: String,
}

impl From<&AuditEntry> for AuditEntryV1 {
    fn from(value: &AuditEntry) -> Self {
        let AuditEntry { at_unix_ms, user, action, target } = value;
        AuditEntryV1 { at_unix_ms: *at_unix_ms, user: user.0, action: action.clone(), target: target.clone() }
    }
}

impl From<AuditEntryV1> for AuditEntry {
    fn from(value: AuditEntryV1) -> Self {
        let AuditEntryV1 { at_unix_ms, user, action, target } = value;
        AuditEntry { at_unix_ms, user: UserId(user), action, target }
    }
}
