//! The org's records (stores, departments and groups, positions, people, users): one tree
//! each, keyed by id, each value a versioned envelope. Inserts and updates are
//! transactions that also maintain a unique index where the entity has one and append an
//! audit entry; an update must name the version it read (optimistic concurrency). Each
//! record is stored as its frozen form (its folder under `records/`) and converted back on
//! read.

use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::org::{OrgUnit, Person, Position, Store as StoreRecord};
use sled::Transactional as _;

use super::changes::FeedKind;
use super::codec::{decode, encode_checked, id_key, read_u64};
use super::own::{AuditEntry, UserRecord};
use super::records::{
    AuditEntryV1, OrgUnitV1, PersonV1, PositionV1, StoreV1, StoredAudit, StoredOrgUnit, StoredPerson, StoredPosition,
    StoredStore, StoredUser, UserRecordV1, Versioned,
};
use super::tx::abort;
use super::{MAX_PAGE_SIZE, StorageError, Store, tree};

/// The most records of one kind `Store::all` returns: far above a region's size, there to
/// bound memory if something goes wrong.
pub const MAX_ENTITIES: usize = 100_000;

/// A record kept in its own tree under a numeric id.
pub trait Entity: Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static {
    const TREE: &'static str;
    /// Its name in audit entries.
    const NAME: &'static str;
    fn id(&self) -> u64;
    fn encode_stored(record: &Versioned<Self>) -> Result<Vec<u8>, StorageError>;
    fn decode_stored(bytes: &[u8]) -> Result<Versioned<Self>, StorageError>;
    /// A unique secondary key (tree, key) that maps back to the id, if the entity has one.
    fn unique_key(&self) -> Option<(&'static str, Vec<u8>)> {
        None
    }
    /// The change feed's kind for this record, if the feed carries it.
    const FEED_KIND: Option<FeedKind> = None;
}

macro_rules! entity {
    ($ty:ty, $stored:ident, $frozen:ty, $tree:expr, $name:expr, $feed:expr, |$v:ident| $id:expr) => {
        impl Entity for $ty {
            const TREE: &'static str = $tree;
            const NAME: &'static str = $name;
            const FEED_KIND: Option<FeedKind> = Some($feed);
            fn id(&self) -> u64 {
                let $v = self;
                $id
            }
            fn encode_stored(record: &Versioned<Self>) -> Result<Vec<u8>, StorageError> {
                let value = <$frozen>::from(&record.value);
                encode_checked(&$stored::V1(Versioned { version: record.version, value }))
            }
            fn decode_stored(bytes: &[u8]) -> Result<Versioned<Self>, StorageError> {
                let $stored::V1(Versioned { version, value }) = decode(bytes)?;
                Ok(Versioned { version, value: Self::from(value) })
            }
        }
    };
}

entity!(StoreRecord, StoredStore, StoreV1, tree::STORES, "store", FeedKind::Store, |v| v.id.0);
entity!(OrgUnit, StoredOrgUnit, OrgUnitV1, tree::ORG_UNITS, "org_unit", FeedKind::OrgUnit, |v| v.id.0);
entity!(Position, StoredPosition, PositionV1, tree::POSITIONS, "position", FeedKind::Position, |v| v.id.0);
entity!(Person, StoredPerson, PersonV1, tree::PEOPLE, "person", FeedKind::Person, |v| v.id.0);

/// The version of an org record the feed carries, read from its tree (`tree_name`).
pub(super) fn stored_version(tree_name: &str, bytes: &[u8]) -> Result<u64, StorageError> {
    Ok(match tree_name {
        tree::STORES => StoreRecord::decode_stored(bytes)?.version,
        tree::ORG_UNITS => OrgUnit::decode_stored(bytes)?.version,
        tree::POSITIONS => Position::decode_stored(bytes)?.version,
        tree::PEOPLE => Person::decode_stored(bytes)?.version,
        other => return Err(StorageError::Invalid(format!("{other} is not in the change feed"))),
    })
}

impl Entity for super::own::FeedReaderRecord {
    const TREE: &'static str = tree::FEED_READERS;
    const NAME: &'static str = "feed_reader";
    fn id(&self) -> u64 {
        self.reader.id
    }
    fn encode_stored(record: &Versioned<Self>) -> Result<Vec<u8>, StorageError> {
        let value = super::records::feed_reader::FeedReaderV1::from(&record.value);
        encode_checked(&super::records::StoredFeedReader::V1(Versioned { version: record.version, value }))
    }
    fn decode_stored(bytes: &[u8]) -> Result<Versioned<Self>, StorageError> {
        let super::records::StoredFeedReader::V1(Versioned { version, value }) = decode(bytes)?;
        Ok(Versioned { version, value: Self::from(value) })
    }
    fn unique_key(&self) -> Option<(&'static str, Vec<u8>)> {
        Some((tree::FEED_READERS_BY_TOKEN, self.token_sha256.to_vec()))
    }
}

impl Store {
    /// The feed account whose token has this SHA-256, if any.
    pub fn feed_reader_by_token(
        &self,
        token_sha256: &[u8; 32],
    ) -> Result<Option<Versioned<super::own::FeedReaderRecord>>, StorageError> {
        match self.tree(tree::FEED_READERS_BY_TOKEN)?.get(token_sha256)? {
            Some(id) => self.get(read_u64(&id)?),
            None => Ok(None),
        }
    }
}

impl Entity for shared::costs::Supplier {
    const TREE: &'static str = tree::SUPPLIERS;
    const NAME: &'static str = "supplier";
    fn id(&self) -> u64 {
        self.id.0
    }
    fn encode_stored(record: &Versioned<Self>) -> Result<Vec<u8>, StorageError> {
        let value = super::records::supplier::SupplierV1::from(&record.value);
        encode_checked(&super::records::StoredSupplier::V1(Versioned { version: record.version, value }))
    }
    fn decode_stored(bytes: &[u8]) -> Result<Versioned<Self>, StorageError> {
        let super::records::StoredSupplier::V1(Versioned { version, value }) = decode(bytes)?;
        Ok(Versioned { version, value: Self::from(value) })
    }
    fn unique_key(&self) -> Option<(&'static str, Vec<u8>)> {
        Some((tree::SUPPLIERS_BY_NAME, self.name.trim().to_lowercase().into_bytes()))
    }
}

impl Entity for UserRecord {
    const TREE: &'static str = tree::USERS;
    const NAME: &'static str = "user";
    fn id(&self) -> u64 {
        self.id.0
    }
    fn encode_stored(record: &Versioned<Self>) -> Result<Vec<u8>, StorageError> {
        let value = UserRecordV1::from(&record.value);
        encode_checked(&StoredUser::V1(Versioned { version: record.version, value }))
    }
    fn decode_stored(bytes: &[u8]) -> Result<Versioned<Self>, StorageError> {
        let StoredUser::V1(Versioned { version, value }) = decode(bytes)?;
        Ok(Versioned { version, value: UserRecord::from(value) })
    }
    fn unique_key(&self) -> Option<(&'static str, Vec<u8>)> {
        Some((tree::USERS_BY_LOGIN, self.login.trim().to_lowercase().into_bytes()))
    }
}

impl Store {
    pub fn get<E: Entity>(&self, id: u64) -> Result<Option<Versioned<E>>, StorageError> {
        self.tree(E::TREE)?.get(id_key(id))?.map(|bytes| E::decode_stored(&bytes)).transpose()
    }

    /// Records in id order, after `after`, at most `limit` (capped at [`MAX_PAGE_SIZE`]).
    pub fn list<E: Entity>(&self, after: Option<u64>, limit: usize) -> Result<Vec<Versioned<E>>, StorageError> {
        let tree = self.tree(E::TREE)?;
        let start = after.map_or(0, |a| a.saturating_add(1));
        tree.range(id_key(start)..)
            .values()
            .take(limit.min(MAX_PAGE_SIZE))
            .map(|bytes| E::decode_stored(&bytes?))
            .collect()
    }

    /// Every record of a kind (the org is small: tens of people, about a hundred stores).
    pub fn all<E: Entity>(&self) -> Result<Vec<Versioned<E>>, StorageError> {
        self.tree(E::TREE)?.iter().values().take(MAX_ENTITIES).map(|bytes| E::decode_stored(&bytes?)).collect()
    }

    /// Looks a user up by login name, case-insensitively.
    pub fn user_by_login(&self, login: &str) -> Result<Option<Versioned<UserRecord>>, StorageError> {
        let key = login.trim().to_lowercase();
        match self.tree(tree::USERS_BY_LOGIN)?.get(key.as_bytes())? {
            Some(id) => self.get::<UserRecord>(read_u64(&id)?),
            None => Ok(None),
        }
    }

    /// Stores a new record at version 1; refuses an existing id or unique key.
    pub async fn insert<E: Entity>(&self, value: E, audit: AuditEntry) -> Result<Versioned<E>, StorageError> {
        self.write_entity(None, value, audit).await
    }

    /// Replaces a record, if it is still at `expected_version`.
    pub async fn update<E: Entity>(
        &self,
        expected_version: u64,
        value: E,
        audit: AuditEntry,
    ) -> Result<Versioned<E>, StorageError> {
        self.write_entity(Some(expected_version), value, audit).await
    }

    /// Replaces a user's record and, in the same transaction, ends every session of the
    /// user (a disabled account, a reset password): a crash leaves either the old record
    /// with its sessions or the new one without them, never the new password with an old
    /// session still valid.
    pub async fn update_user_ending_sessions(
        &self,
        expected_version: u64,
        user: UserRecord,
        audit: AuditEntry,
    ) -> Result<Versioned<UserRecord>, StorageError> {
        let sessions = self.session_keys_of(user.id)?;
        self.write_entity_with(Some(expected_version), user, audit, &sessions).await
    }

    async fn write_entity<E: Entity>(
        &self,
        expected_version: Option<u64>,
        value: E,
        audit: AuditEntry,
    ) -> Result<Versioned<E>, StorageError> {
        self.write_entity_with(expected_version, value, audit, &[]).await
    }

    /// Writes a record, its unique key and audit entry, and removes `sessions` (session
    /// keys), all in one transaction.
    async fn write_entity_with<E: Entity>(
        &self,
        expected_version: Option<u64>,
        value: E,
        audit: AuditEntry,
        sessions: &[sled::IVec],
    ) -> Result<Versioned<E>, StorageError> {
        let id = value.id();
        let unique = value.unique_key();
        let index_name = unique.as_ref().map_or(tree::USERS_BY_LOGIN, |(name, _)| *name);
        let (records, audits, index, sessions_tree, changes) = (
            self.tree(E::TREE)?,
            self.tree(tree::AUDIT)?,
            self.tree(index_name)?,
            self.tree(tree::SESSIONS)?,
            self.tree(tree::CHANGES)?,
        );
        let audit_id = self.next_id()?;
        let audit_bytes = super::codec::encode(&StoredAudit::V1(AuditEntryV1::from(&audit)))?;
        let written = {
            let _gate = self.write_guard();
            (&records, &audits, &index, &sessions_tree, &changes).transaction(
                |(records, audits, index, sessions_tree, changes)| {
                    let current = records.get(id_key(id))?.map(|b| E::decode_stored(&b)).transpose().map_err(abort)?;
                    let version = match (expected_version, &current) {
                        (None, None) => 1,
                        (None, Some(_)) => return Err(abort(StorageError::AlreadyExists)),
                        (Some(_), None) => return Err(abort(StorageError::NotFound)),
                        (Some(expected), Some(found)) if found.version != expected => {
                            return Err(abort(StorageError::Conflict { current: found.version }));
                        }
                        (Some(_), Some(found)) => found.version + 1,
                    };
                    if let Some((_, key)) = &unique {
                        match index.get(key)? {
                            Some(owner) if read_u64(&owner).map_err(abort)? != id => {
                                return Err(abort(StorageError::AlreadyExists));
                            }
                            _ => {}
                        }
                        if let Some(old_key) = current.as_ref().and_then(|c| c.value.unique_key()).map(|(_, k)| k)
                            && old_key != *key
                        {
                            index.remove(old_key)?;
                        }
                        index.insert(key.clone(), &id_key(id))?;
                    }
                    let record = Versioned { version, value: value.clone() };
                    records.insert(&id_key(id), E::encode_stored(&record).map_err(abort)?)?;
                    audits.insert(&id_key(audit_id), audit_bytes.clone())?;
                    for key in sessions {
                        sessions_tree.remove(key.clone())?;
                    }
                    if let Some(kind) = E::FEED_KIND {
                        super::changes::record(changes, kind, &id_key(id), version)?;
                    }
                    crate::failpoint::hit("entity-before-commit");
                    Ok(record)
                },
            )?
        };
        crate::failpoint::hit("entity-after-commit");
        self.durable().await?;
        Ok(written)
    }
}
