//! Stored types, version 2: the records whose shape changed after version 1 (schema 3).
//! A history entry names the store it is about (so a store reads only its own, R5), and
//! a kept idempotent reply is bound to the request it answered.
//!
//! Never edit a type here: the golden fixtures pin its bytes. See `v1.rs` for the rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::campaign;
use shared::ids::{PersonId, StoreId, UserId};

use super::own::IdempotentResponse;
use super::v1::{ActionKindV1, RoleV1, StageV1};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntryV2 {
    pub seq: u32,
    pub on: NaiveDate,
    pub at_unix_ms: i64,
    pub user: u64,
    pub person: u64,
    pub name: String,
    pub role: RoleV1,
    pub action: ActionKindV1,
    pub from: StageV1,
    pub to: StageV1,
    pub note: String,
    pub store: Option<u64>,
}

/// Written while every action had a version-1 kind; a later action has none.
impl TryFrom<&campaign::HistoryEntry> for HistoryEntryV2 {
    type Error = ();
    fn try_from(value: &campaign::HistoryEntry) -> Result<Self, ()> {
        let campaign::HistoryEntry { seq, on, at_unix_ms, user, person, name, role, action, from, to, note, store } =
            value;
        Ok(HistoryEntryV2 {
            seq: *seq,
            on: *on,
            at_unix_ms: *at_unix_ms,
            user: user.0,
            person: person.0,
            name: name.clone(),
            role: RoleV1::from(role),
            action: ActionKindV1::try_from(action)?,
            from: StageV1::from(from),
            to: StageV1::from(to),
            note: note.clone(),
            store: store.map(|s| s.0),
        })
    }
}

impl From<HistoryEntryV2> for campaign::HistoryEntry {
    fn from(value: HistoryEntryV2) -> Self {
        let HistoryEntryV2 { seq, on, at_unix_ms, user, person, name, role, action, from, to, note, store } = value;
        campaign::HistoryEntry {
            seq,
            on,
            at_unix_ms,
            user: UserId(user),
            person: PersonId(person),
            name,
            role: role.into(),
            action: action.into(),
            from: from.into(),
            to: to.into(),
            note,
            store: store.map(StoreId),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotentResponseV2 {
    pub status: u16,
    pub body: Vec<u8>,
    pub created_at_unix_ms: i64,
    /// SHA-256 of the method, URI and body of the request the reply answered.
    pub request_sha256: Option<[u8; 32]>,
}

impl From<&IdempotentResponse> for IdempotentResponseV2 {
    fn from(value: &IdempotentResponse) -> Self {
        let IdempotentResponse { status, body, created_at_unix_ms, request_sha256 } = value;
        IdempotentResponseV2 {
            status: *status,
            body: body.clone(),
            created_at_unix_ms: *created_at_unix_ms,
            request_sha256: *request_sha256,
        }
    }
}

impl From<IdempotentResponseV2> for IdempotentResponse {
    fn from(value: IdempotentResponseV2) -> Self {
        let IdempotentResponseV2 { status, body, created_at_unix_ms, request_sha256 } = value;
        IdempotentResponse { status, body, created_at_unix_ms, request_sha256 }
    }
}
