//! An uploaded file's metadata (`attachments`, key id; the bytes are files named by
//! their SHA-256): the stored envelope, its frozen version (moved here from
//! `v1/accounts.rs`, bytes unchanged) and its conversions.

use serde::{Deserialize, Serialize};
use shared::ids::{AttachmentId, UserId};

use super::super::own::AttachmentMeta;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredAttachment {
    V1(AttachmentMetaV1),
}

/// The version this build writes.
pub type Latest = AttachmentMetaV1;

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
