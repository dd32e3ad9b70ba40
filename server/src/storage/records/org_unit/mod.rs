//! A layer, department or group of the org chart (`org_units`, key id): the stored
//! envelope, its frozen version (moved here from `v1/org_chart.rs`, bytes unchanged) and
//! its conversions.

use serde::{Deserialize, Serialize};
use shared::ids::OrgUnitId;
use shared::org;

use super::super::v1::{OrgUnitKindV1, RoleV1};
use super::Versioned;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredOrgUnit {
    V1(Versioned<OrgUnitV1>),
}

/// The version this build writes.
pub type Latest = OrgUnitV1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnitV1 {
    pub id: u64,
    pub kind: OrgUnitKindV1,
    pub name: String,
    pub parent: Option<u64>,
    pub goal: String,
    pub responsibilities: Vec<String>,
    pub role: Option<RoleV1>,
}

impl From<&org::OrgUnit> for OrgUnitV1 {
    fn from(value: &org::OrgUnit) -> Self {
        let org::OrgUnit { id, kind, name, parent, goal, responsibilities, role } = value;
        OrgUnitV1 {
            id: id.0,
            kind: OrgUnitKindV1::from(kind),
            name: name.clone(),
            parent: parent.map(|u| u.0),
            goal: goal.clone(),
            responsibilities: responsibilities.clone(),
            role: role.as_ref().map(RoleV1::from),
        }
    }
}

impl From<OrgUnitV1> for org::OrgUnit {
    fn from(value: OrgUnitV1) -> Self {
        let OrgUnitV1 { id, kind, name, parent, goal, responsibilities, role } = value;
        org::OrgUnit {
            id: OrgUnitId(id),
            kind: org::OrgUnitKind::from(kind),
            name,
            parent: parent.map(OrgUnitId),
            goal,
            responsibilities,
            role: role.map(org::Role::from),
        }
    }
}
