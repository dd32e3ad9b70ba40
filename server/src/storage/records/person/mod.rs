//! A person on the staff (`people`, key id): the stored envelope, its frozen version
//! (moved here from `v1/org_chart.rs`, bytes unchanged) and its conversions.

use serde::{Deserialize, Serialize};
use shared::ids::{PersonId, PositionId, StoreId, UserId};
use shared::org;

use super::Versioned;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredPerson {
    V1(Versioned<PersonV1>),
}

/// The version this build writes.
pub type Latest = PersonV1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonV1 {
    pub id: u64,
    pub name: String,
    pub contact: String,
    pub positions: Vec<u64>,
    pub stores_covered: Vec<u64>,
    pub account: Option<u64>,
}

impl From<&org::Person> for PersonV1 {
    fn from(value: &org::Person) -> Self {
        let org::Person { id, name, contact, positions, stores_covered, account } = value;
        PersonV1 {
            id: id.0,
            name: name.clone(),
            contact: contact.clone(),
            positions: positions.iter().map(|p| p.0).collect(),
            stores_covered: stores_covered.iter().map(|s| s.0).collect(),
            account: account.map(|u| u.0),
        }
    }
}

impl From<PersonV1> for org::Person {
    fn from(value: PersonV1) -> Self {
        let PersonV1 { id, name, contact, positions, stores_covered, account } = value;
        org::Person {
            id: PersonId(id),
            name,
            contact,
            positions: positions.into_iter().map(PositionId).collect(),
            stores_covered: stores_covered.into_iter().map(StoreId).collect(),
            account: account.map(UserId),
        }
    }
}
