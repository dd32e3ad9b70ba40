//! A kept reply to a request with an `Idempotency-Key` (`idempotency`): the stored
//! envelope and its frozen versions (version 1 moved here from `v1/accounts.rs`, version
//! 2 from `v2.rs`; bytes unchanged), and the version written now.

use serde::{Deserialize, Serialize};

use super::super::own::IdempotentResponse;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredIdempotent {
    V1(IdempotentResponseV1),
    V2(IdempotentResponseV2),
}

/// The version this build writes.
pub type Latest = IdempotentResponseV2;

impl From<StoredIdempotent> for IdempotentResponse {
    fn from(stored: StoredIdempotent) -> Self {
        match stored {
            StoredIdempotent::V1(reply) => reply.into(),
            StoredIdempotent::V2(reply) => reply.into(),
        }
    }
}

/// `IdempotentResponse` holds no `shared` type, but is frozen here all the same, so that
/// the type the server uses can change without changing stored bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotentResponseV1 {
    pub status: u16,
    pub body: Vec<u8>,
    pub created_at_unix_ms: i64,
}

impl From<IdempotentResponseV1> for IdempotentResponse {
    fn from(value: IdempotentResponseV1) -> Self {
        let IdempotentResponseV1 { status, body, created_at_unix_ms } = value;
        // Version 1 did not bind a key to its request: such a reply is replayed to any
        // request with its key, as it was when it was written.
        IdempotentResponse { status, body, created_at_unix_ms, request_sha256: None }
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
