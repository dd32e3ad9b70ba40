//! A position in the org chart (`positions`, key id): the stored envelope, its frozen
//! version (moved here from `v1/org_chart.rs`, bytes unchanged) and its conversions.

use serde::{Deserialize, Serialize};
use shared::ids::{OrgUnitId, PositionId};
use shared::org;

use super::Versioned;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredPosition {
    V1(Versioned<PositionV1>),
}

/// The version this build writes.
pub type Latest = PositionV1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionV1 {
    pub id: u64,
    pub title: String,
    pub unit: u64,
    pub reports_to: Option<u64>,
    pub duties: Vec<String>,
    pub authorities: Vec<String>,
    pub key_indicators: Vec<String>,
}

impl From<&org::Position> for PositionV1 {
    fn from(value: &org::Position) -> Self {
        let org::Position { id, title, unit, reports_to, duties, authorities, key_indicators } = value;
        PositionV1 {
            id: id.0,
            title: title.clone(),
            unit: unit.0,
            reports_to: reports_to.map(|p| p.0),
            duties: duties.clone(),
            authorities: authorities.clone(),
            key_indicators: key_indicators.clone(),
        }
    }
}

impl From<PositionV1> for org::Position {
    fn from(value: PositionV1) -> Self {
        let PositionV1 { id, title, unit, reports_to, duties, authorities, key_indicators } = value;
        org::Position {
            id: PositionId(id),
            title,
            unit: OrgUnitId(unit),
            reports_to: reports_to.map(PositionId),
            duties,
            authorities,
            key_indicators,
        }
    }
}
