//! A login session (`sessions`, key the token's digest): the stored envelope, its frozen
//! version (moved here from `v1/accounts.rs`, bytes unchanged) and its conversions.

use serde::{Deserialize, Serialize};
use shared::ids::UserId;

use super::super::own::SessionRecord;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredSession {
    V1(SessionRecordV1),
}

/// The version this build writes.
pub type Latest = SessionRecordV1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecordV1 {
    pub user: u64,
    pub created_at_unix_ms: i64,
    pub expires_at_unix_ms: i64,
}

impl From<&SessionRecord> for SessionRecordV1 {
    fn from(value: &SessionRecord) -> Self {
        let SessionRecord { user, created_at_unix_ms, expires_at_unix_ms } = value;
        SessionRecordV1 {
            user: user.0,
            created_at_unix_ms: *created_at_unix_ms,
            expires_at_unix_ms: *expires_at_unix_ms,
        }
    }
}

impl From<SessionRecordV1> for SessionRecord {
    fn from(value: SessionRecordV1) -> Self {
        let SessionRecordV1 { user, created_at_unix_ms, expires_at_unix_ms } = value;
        SessionRecord { user: UserId(user), created_at_unix_ms, expires_at_unix_ms }
    }
}
