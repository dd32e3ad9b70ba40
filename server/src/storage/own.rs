//! The server's own records, which `shared` has no type for: accounts, uploaded files'
//! metadata, audit entries, sessions, idempotent responses, group-chat robots and their
//! deliveries. Each is stored through its frozen form in its record's folder under
//! `records/`.

use serde::{Deserialize, Serialize};
use shared::Lang;
use shared::api::{RobotKind, RobotScope};
use shared::ids::{AttachmentId, PersonId, StoreId, UserId};
use shared::org::Role;

/// A login account. Passwords are stored only as Argon2id PHC strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: UserId,
    pub login: String,
    pub password_hash: String,
    pub role: Role,
    pub person: PersonId,
    pub store: Option<StoreId>,
    pub disabled: bool,
    pub lang: Lang,
}

/// An account another system reads the change feed with: the wire's `FeedReader` and
/// the SHA-256 of its token (the token itself is never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedReaderRecord {
    pub reader: shared::feed::FeedReader,
    pub token_sha256: [u8; 32],
}

/// What an uploaded file is; its bytes are on disk, named by their SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMeta {
    pub id: AttachmentId,
    pub sha256_hex: String,
    pub size_bytes: u64,
    pub content_type: String,
    pub file_name: String,
    pub uploaded_by: UserId,
    pub created_at_unix_ms: i64,
}

/// A change to anything but a campaign (campaigns carry their own history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at_unix_ms: i64,
    pub user: UserId,
    pub action: String,
    pub target: String,
}

/// A login session, stored under the SHA-256 of its token (the token itself is only
/// ever in the user's cookie).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub user: UserId,
    pub created_at_unix_ms: i64,
    pub expires_at_unix_ms: i64,
}

/// The response to a POST made with an `Idempotency-Key`, replayed on a retry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotentResponse {
    pub status: u16,
    pub body: Vec<u8>,
    pub created_at_unix_ms: i64,
    /// SHA-256 of the request it answered; `None` for replies kept by version 1.
    pub request_sha256: Option<[u8; 32]>,
}

/// A group-chat robot. The secret stays on the server: the API shows it masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub id: u64,
    pub name: String,
    pub kind: RobotKind,
    pub scope: RobotScope,
    pub url: String,
    pub secret: String,
    pub enabled: bool,
    pub created_at_unix_ms: i64,
}

/// One message on its way to a robot, retried until it is delivered or parked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: u64,
    pub webhook: u64,
    pub title: String,
    pub text: String,
    /// The campaign's page (`--public-url`), or empty.
    pub link: String,
    pub attempts: u32,
    pub next_at_unix_ms: i64,
    pub last_error: String,
    pub parked: bool,
    pub created_at_unix_ms: i64,
}
