//! Version 1 of the server's own records: accounts, attachments, audit entries,
//! sessions, idempotent responses.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecordV1 {
    pub id: u64,
    pub login: String,
    pub password_hash: String,
    pub role: RoleV1,
    pub person: u64,
    pub store: Option<u64>,
    pub disabled: bool,
    pub lang: LangV1,
}

impl From<&UserRecord> for UserRecordV1 {
    fn from(value: &UserRecord) -> Self {
        let UserRecord { id, login, password_hash, role, person, store, disabled, lang } = value;
        UserRecordV1 {
            id: id.0,
            login: login.clone(),
            password_hash: password_hash.clone(),
            role: RoleV1::from(role),
            person: person.0,
            store: store.map(|s| s.0),
            disabled: *disabled,
            lang: LangV1::from(lang),
        }
    }
}

impl From<UserRecordV1> for UserRecord {
    fn from(value: UserRecordV1) -> Self {
        let UserRecordV1 { id, login, password_hash, role, person, store, disabled, lang } = value;
        UserRecord {
            id: UserId(id),
            login,
            password_hash,
            role: org::Role::from(role),
            person: PersonId(person),
            store: store.map(StoreId),
            disabled,
            lang: messages::Lang::from(lang),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMetaV1 {
    pub id: u64,
    pub sha256_hex: String,
    pub size_bytes: u64,
    pub content_type: String,
    pub file_name: String,
    pub uploaded_by: u64,
    pub created_at_unix_ms: i64,
}

impl From<&AttachmentMeta> for AttachmentMetaV1 {
    fn from(value: &AttachmentMeta) -> Self {
        let AttachmentMeta { id, sha256_hex, size_bytes, content_type, file_name, uploaded_by, created_at_unix_ms } =
            value;
        AttachmentMetaV1 {
            id: id.0,
            sha256_hex: sha256_hex.clone(),
            size_bytes: *size_bytes,
            content_type: content_type.clone(),
            file_name: file_name.clone(),
            uploaded_by: uploaded_by.0,
            created_at_unix_ms: *created_at_unix_ms,
        }
    }
}

impl From<AttachmentMetaV1> for AttachmentMeta {
    fn from(value: AttachmentMetaV1) -> Self {
        let AttachmentMetaV1 { id, sha256_hex, size_bytes, content_type, file_name, uploaded_by, created_at_unix_ms } =
            value;
        AttachmentMeta {
            id: AttachmentId(id),
            sha256_hex,
            size_bytes,
            content_type,
            file_name,
            uploaded_by: UserId(uploaded_by),
            created_at_unix_ms,
        }
    }
}

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
