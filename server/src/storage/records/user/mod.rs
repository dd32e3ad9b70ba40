//! A login account (`users`, key id; its login in `idx_users_by_login`): the stored
//! envelope, its frozen version (moved here from `v1/accounts.rs`, bytes unchanged) and
//! its conversions.

use serde::{Deserialize, Serialize};
use shared::ids::{PersonId, StoreId, UserId};
use shared::{messages, org};

use super::super::own::UserRecord;
use super::super::v1::{LangV1, RoleV1};
use super::Versioned;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredUser {
    V1(Versioned<UserRecordV1>),
}

/// The version this build writes.
pub type Latest = UserRecordV1;

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
