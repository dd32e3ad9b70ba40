//! The administration page's data (the org chart, the accounts, the stores), loaded
//! together, and the lookups over it made once per render.

use std::collections::{BTreeSet, HashMap};

use shared::Lang;
use shared::api::{OrgTree, Record, StoreQuery, UserView};
use shared::endpoints::{GetOrg, ListStores, ListUsers};
use shared::ids::{OrgUnitId, PersonId, PositionId, StoreId};
use shared::org::{Coverage, OrgUnit, Person, Position, Role, Store};

use super::words::paren;
use crate::api::{self, CallError};
use crate::i18n::pick;

#[derive(Clone, PartialEq)]
pub(super) struct Data {
    pub(super) org: OrgTree,
    pub(super) users: Vec<UserView>,
    pub(super) stores: Vec<Record<Store>>,
}

pub(super) async fn load() -> Result<Data, CallError> {
    Ok(Data {
        org: api::fetch::<GetOrg>(&[], &()).await?,
        users: api::fetch::<ListUsers>(&[], &()).await?,
        stores: api::fetch::<ListStores>(&[], &StoreQuery::default()).await?,
    })
}

/// Lookups over the loaded data, made once per render.
pub(super) struct Index<'a> {
    /// People whose enabled account plans: those the server routes campaigns to.
    pub(super) planners: Vec<&'a Record<Person>>,
    pub(super) coverage: Coverage,
    /// Everyone whose list of covered stores names the store.
    pub(super) listed: HashMap<StoreId, Vec<PersonId>>,
    people: HashMap<PersonId, &'a Record<Person>>,
    pub(super) accounts: HashMap<PersonId, &'a UserView>,
    pub(super) stores: HashMap<StoreId, &'a Record<Store>>,
    pub(super) units: HashMap<OrgUnitId, &'a Record<OrgUnit>>,
    pub(super) positions: HashMap<PositionId, &'a Record<Position>>,
}

impl<'a> Index<'a> {
    pub(super) fn new(data: &'a Data) -> Self {
        let planning: BTreeSet<PersonId> =
            data.users.iter().filter(|u| u.role == Role::Planning && !u.disabled).map(|u| u.person).collect();
        let planners: Vec<&Record<Person>> =
            data.org.people.iter().filter(|p| planning.contains(&p.value.id)).collect();
        let coverage = Coverage::from_planners(planners.iter().map(|p| &p.value));
        let mut listed: HashMap<StoreId, Vec<PersonId>> = HashMap::new();
        for person in &data.org.people {
            for store in &person.value.stores_covered {
                listed.entry(*store).or_default().push(person.value.id);
            }
        }
        Index {
            planners,
            coverage,
            listed,
            people: data.org.people.iter().map(|p| (p.value.id, p)).collect(),
            accounts: data.users.iter().map(|u| (u.person, u)).collect(),
            stores: data.stores.iter().map(|s| (s.value.id, s)).collect(),
            units: data.org.units.iter().map(|u| (u.value.id, u)).collect(),
            positions: data.org.positions.iter().map(|p| (p.value.id, p)).collect(),
        }
    }

    pub(super) fn person_name(&self, l: Lang, id: PersonId) -> String {
        self.people.get(&id).map_or_else(|| pick(l, "未知人员", "someone unknown").to_owned(), |p| p.value.name.clone())
    }

    /// "鸡西店（HLJ-001）".
    pub(super) fn store_label(&self, l: Lang, id: StoreId) -> String {
        self.stores.get(&id).map_or_else(
            || pick(l, "未知门店", "an unknown store").to_owned(),
            |s| paren(l, &s.value.name, &s.value.code),
        )
    }

    fn unit_name(&self, l: Lang, id: OrgUnitId) -> String {
        self.units.get(&id).map_or_else(|| pick(l, "未知部门", "an unknown unit").to_owned(), |u| u.value.name.clone())
    }

    /// "策划（企划部）": titles repeat across departments.
    pub(super) fn position_label(&self, l: Lang, id: PositionId) -> String {
        self.positions.get(&id).map_or_else(
            || pick(l, "未知岗位", "an unknown position").to_owned(),
            |p| paren(l, &p.value.title, &self.unit_name(l, p.value.unit)),
        )
    }
}
