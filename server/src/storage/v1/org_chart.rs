//! Version 1 of the org chart: stores, units, positions, people.

use super::*;

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

// -- calendar ---------------------------------------------------------------------------
