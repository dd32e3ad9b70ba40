//! A store (`stores`, key id): the stored envelope, its frozen version (moved here from
//! `v1/org_chart.rs`, bytes unchanged) and its conversions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::ids::{PersonId, StoreId};
use shared::org;

use super::super::v1::{ProvinceV1, StoreStatusV1};
use super::Versioned;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredStore {
    V1(Versioned<StoreV1>),
}

/// The version this build writes.
pub type Latest = StoreV1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreV1 {
    pub id: u64,
    pub code: String,
    pub name: String,
    pub province: ProvinceV1,
    pub city: String,
    pub address: String,
    pub manager: Option<u64>,
    pub opened_on: Option<NaiveDate>,
    pub status: StoreStatusV1,
}

impl From<&org::Store> for StoreV1 {
    fn from(value: &org::Store) -> Self {
        let org::Store { id, code, name, province, city, address, manager, opened_on, status } = value;
        StoreV1 {
            id: id.0,
            code: code.clone(),
            name: name.clone(),
            province: ProvinceV1::from(province),
            city: city.clone(),
            address: address.clone(),
            manager: manager.map(|p| p.0),
            opened_on: *opened_on,
            status: StoreStatusV1::from(status),
        }
    }
}

impl From<StoreV1> for org::Store {
    fn from(value: StoreV1) -> Self {
        let StoreV1 { id, code, name, province, city, address, manager, opened_on, status } = value;
        org::Store {
            id: StoreId(id),
            code,
            name,
            province: org::Province::from(province),
            city,
            address,
            manager: manager.map(PersonId),
            opened_on,
            status: org::StoreStatus::from(status),
        }
    }
}
