//! A supplier on the center's list (`suppliers`, key id, schema 5: the money): the stored
//! envelope and its frozen version (moved here from `v5.rs`, bytes unchanged). Its
//! kind's frozen enum is in `v1/`, where the campaign's orders use it too.

use serde::{Deserialize, Serialize};
use shared::costs::SupplierKind;

use super::super::v1::SupplierKindV1;
use super::Versioned;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredSupplier {
    V1(Versioned<SupplierV1>),
}

/// The version this build writes.
pub type Latest = SupplierV1;

/// A supplier on the center's list (`shared::costs::Supplier`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierV1 {
    pub id: u64,
    pub name: String,
    pub kind: SupplierKindV1,
    pub contact: String,
    pub notes: String,
    pub active: bool,
}

impl From<&shared::costs::Supplier> for SupplierV1 {
    fn from(value: &shared::costs::Supplier) -> Self {
        let shared::costs::Supplier { id, name, kind, contact, notes, active } = value;
        SupplierV1 {
            id: id.0,
            name: name.clone(),
            kind: SupplierKindV1::from(kind),
            contact: contact.clone(),
            notes: notes.clone(),
            active: *active,
        }
    }
}

impl From<SupplierV1> for shared::costs::Supplier {
    fn from(value: SupplierV1) -> Self {
        let SupplierV1 { id, name, kind, contact, notes, active } = value;
        shared::costs::Supplier {
            id: shared::ids::SupplierId(id),
            name,
            kind: SupplierKind::from(kind),
            contact,
            notes,
            active,
        }
    }
}
