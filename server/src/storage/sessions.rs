//! Login sessions and idempotency records: small, short-lived, keyed by hashes.

use super::codec::{decode, encode_checked};
use super::own::{IdempotentResponse, SessionRecord};
use super::records::SessionRecordV1;
use super::records::idempotent::IdempotentResponseV2;
use super::records::{StoredIdempotent, StoredSession};
use super::{StorageError, Store, tree};

fn decode_session(bytes: &[u8]) -> Result<SessionRecord, StorageError> {
    let StoredSession::V1(session) = decode(bytes)?;
    Ok(SessionRecord::from(session))
}

fn decode_reply(bytes: &[u8]) -> Result<IdempotentResponse, StorageError> {
    let reply: StoredIdempotent = decode(bytes)?;
    Ok(IdempotentResponse::from(reply))
}

impl Store {
    /// Stores a session under the hash of its token; durable before the cookie is sent.
    pub async fn put_session(&self, token_hash: &[u8; 32], session: &SessionRecord) -> Result<(), StorageError> {
        let value = encode_checked(&StoredSession::V1(SessionRecordV1::from(session)))?;
        {
            let _gate = self.write_guard();
            self.tree(tree::SESSIONS)?.insert(token_hash, value)?;
        }
        self.durable().await
    }

    pub fn session(&self, token_hash: &[u8; 32]) -> Result<Option<SessionRecord>, StorageError> {
        self.tree(tree::SESSIONS)?.get(token_hash)?.map(|bytes| decode_session(&bytes)).transpose()
    }

    pub async fn delete_session(&self, token_hash: &[u8; 32]) -> Result<(), StorageError> {
        {
            let _gate = self.write_guard();
            self.tree(tree::SESSIONS)?.remove(token_hash)?;
        }
        self.durable().await
    }

    /// The keys of every session of a user (ended with the user's record, see
    /// `update_user_ending_sessions`).
    pub(super) fn session_keys_of(&self, user: shared::ids::UserId) -> Result<Vec<sled::IVec>, StorageError> {
        let mut keys = Vec::new();
        for entry in self.tree(tree::SESSIONS)?.iter() {
            let (key, value) = entry?;
            if decode_session(&value)?.user == user {
                keys.push(key);
            }
        }
        Ok(keys)
    }

    /// Drops expired sessions and idempotency records older than `idempotency_max_age_ms`.
    pub fn purge_expired(&self, now_unix_ms: i64, idempotency_max_age_ms: i64) -> Result<usize, StorageError> {
        let mut removed = 0;
        let sessions = self.tree(tree::SESSIONS)?;
        for entry in sessions.iter() {
            let (key, value) = entry?;
            let session = decode_session(&value)?;
            if session.expires_at_unix_ms <= now_unix_ms {
                sessions.remove(key)?;
                removed += 1;
            }
        }
        let replies = self.tree(tree::IDEMPOTENCY)?;
        for entry in replies.iter() {
            let (key, value) = entry?;
            let reply = decode_reply(&value)?;
            if now_unix_ms - reply.created_at_unix_ms > idempotency_max_age_ms {
                replies.remove(key)?;
                removed += 1;
            }
        }
        self.flush()?;
        Ok(removed)
    }

    pub fn idempotent_response(&self, key: &[u8]) -> Result<Option<IdempotentResponse>, StorageError> {
        self.tree(tree::IDEMPOTENCY)?.get(key)?.map(|bytes| decode_reply(&bytes)).transpose()
    }

    pub async fn put_idempotent_response(&self, key: &[u8], reply: &IdempotentResponse) -> Result<(), StorageError> {
        let value = encode_checked(&StoredIdempotent::V2(IdempotentResponseV2::from(reply)))?;
        {
            let _gate = self.write_guard();
            self.tree(tree::IDEMPOTENCY)?.insert(key, value)?;
        }
        self.durable().await
    }
}
