//! The org chart (组织架构): the whole tree for everyone logged in; departments and
//! groups, positions and people edited by the administrator. Changing the stores a
//! planner covers changes where new campaigns for those stores go.

use axum::Router;
use axum::extract::{Path, State};
use shared::api::{OrgTree, Record, Write};
use shared::endpoints::{
    CreateOrgUnit, CreatePerson, CreatePosition, GetOrg, UpdateOrgUnit, UpdatePerson, UpdatePosition,
};
use shared::ids::{OrgUnitId, PersonId, PositionId};
use shared::messages::{FieldError, Message};
use shared::org::{OrgUnit, Person, Position, Role, would_cycle};
use shared::view;

use super::stores::{audit, record};
use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::state::AppState;
use crate::storage::Entity;

pub fn router() -> Router<AppState> {
    let router = route::<GetOrg, _, _>(Router::new(), tree);
    let router = route::<CreateOrgUnit, _, _>(router, create_unit);
    let router = route::<UpdateOrgUnit, _, _>(router, update_unit);
    let router = route::<CreatePosition, _, _>(router, create_position);
    let router = route::<UpdatePosition, _, _>(router, update_position);
    let router = route::<CreatePerson, _, _>(router, create_person);
    route::<UpdatePerson, _, _>(router, update_person)
}

/// The org as the user may see it (`shared::view`): a store manager gets the departments
/// and the people who serve their store, not everyone's details.
#[tracing::instrument(skip_all)]
async fn tree(State(state): State<AppState>, current: CurrentUser) -> Reply<GetOrg> {
    let actor = &current.actor;
    let people: Vec<Record<Person>> = state
        .store
        .all::<Person>()?
        .into_iter()
        .filter(|p| view::sees_person(actor, &p.value))
        .map(|p| Record { version: p.version, value: view::person_view(actor, p.value) })
        .collect();
    let visible: Vec<Person> = people.iter().map(|p| p.value.clone()).collect();
    reply::<GetOrg>(OrgTree {
        units: state
            .store
            .all::<OrgUnit>()?
            .into_iter()
            .filter(|u| view::sees_unit(actor, &u.value))
            .map(record)
            .collect(),
        positions: state
            .store
            .all::<Position>()?
            .into_iter()
            .filter(|p| view::sees_position(actor, &p.value, &visible))
            .map(record)
            .collect(),
        people,
    })
}

fn prefixed(errors: Vec<FieldError>) -> Result<(), AppError> {
    if errors.is_empty() {
        return Ok(());
    }
    Err(AppError::Validation(
        errors.into_iter().map(|e| FieldError { field: format!("value.{}", e.field), ..e }).collect(),
    ))
}

fn check_unit(state: &AppState, unit: &OrgUnit) -> Result<(), AppError> {
    let mut errors = unit.validate();
    let units = state.store.all::<OrgUnit>()?.into_iter().map(|u| (u.value.id, u.value)).collect();
    if let Some(parent) = unit.parent {
        if state.store.get::<OrgUnit>(parent.0)?.is_none() {
            errors.push(FieldError::new("parent", &Message::NotFound));
        } else if would_cycle(&units, unit.id, Some(parent)) {
            errors.push(FieldError::new("parent", &Message::OrgCycle));
        }
    }
    prefixed(errors)
}

fn check_position(state: &AppState, position: &Position) -> Result<(), AppError> {
    let mut errors = position.validate();
    if state.store.get::<OrgUnit>(position.unit.0)?.is_none() {
        errors.push(FieldError::new("unit", &Message::NotFound));
    }
    if let Some(boss) = position.reports_to
        && state.store.get::<Position>(boss.0)?.is_none()
    {
        errors.push(FieldError::new("reports_to", &Message::NotFound));
    }
    prefixed(errors)
}

fn check_person(state: &AppState, person: &Person) -> Result<(), AppError> {
    let mut errors = person.validate();
    for (i, position) in person.positions.iter().enumerate() {
        if state.store.get::<Position>(position.0)?.is_none() {
            errors.push(FieldError::new(format!("positions[{i}]"), &Message::NotFound));
        }
    }
    for (i, store) in person.stores_covered.iter().enumerate() {
        if state.store.get::<shared::org::Store>(store.0)?.is_none() {
            errors.push(FieldError::new(format!("stores_covered[{i}]"), &Message::NotFound));
        }
    }
    prefixed(errors)
}

async fn save<E: Entity>(
    state: &AppState,
    current: &CurrentUser,
    version: Option<u64>,
    value: E,
) -> Result<Record<E>, AppError> {
    let target = format!("{} {}", E::NAME, value.id());
    let saved = match version {
        None => state.store.insert(value, audit(state, current, &format!("create {}", E::NAME), target)).await?,
        Some(v) => state.store.update(v, value, audit(state, current, &format!("edit {}", E::NAME), target)).await?,
    };
    Ok(record(saved))
}

fn parse_id(id: &str) -> Result<u64, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

async fn create_unit(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(input): ApiJson<Write<OrgUnit>>,
) -> Reply<CreateOrgUnit> {
    current.require(&[Role::Admin])?;
    let mut unit = input.value;
    unit.id = OrgUnitId(state.store.next_id()?);
    check_unit(&state, &unit)?;
    reply::<CreateOrgUnit>(save(&state, &current, None, unit).await?)
}

async fn update_unit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<Write<OrgUnit>>,
) -> Reply<UpdateOrgUnit> {
    current.require(&[Role::Admin])?;
    let mut unit = input.value;
    unit.id = OrgUnitId(parse_id(&id)?);
    state.store.get::<OrgUnit>(unit.id.0)?.ok_or(AppError::NotFound)?;
    check_unit(&state, &unit)?;
    reply::<UpdateOrgUnit>(save(&state, &current, Some(input.version), unit).await?)
}

async fn create_position(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(input): ApiJson<Write<Position>>,
) -> Reply<CreatePosition> {
    current.require(&[Role::Admin])?;
    let mut position = input.value;
    position.id = PositionId(state.store.next_id()?);
    check_position(&state, &position)?;
    reply::<CreatePosition>(save(&state, &current, None, position).await?)
}

async fn update_position(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<Write<Position>>,
) -> Reply<UpdatePosition> {
    current.require(&[Role::Admin])?;
    let mut position = input.value;
    position.id = PositionId(parse_id(&id)?);
    state.store.get::<Position>(position.id.0)?.ok_or(AppError::NotFound)?;
    check_position(&state, &position)?;
    reply::<UpdatePosition>(save(&state, &current, Some(input.version), position).await?)
}

async fn create_person(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(input): ApiJson<Write<Person>>,
) -> Reply<CreatePerson> {
    current.require(&[Role::Admin])?;
    let mut person = input.value;
    person.id = PersonId(state.store.next_id()?);
    person.account = None;
    check_person(&state, &person)?;
    reply::<CreatePerson>(save(&state, &current, None, person).await?)
}

async fn update_person(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<Write<Person>>,
) -> Reply<UpdatePerson> {
    current.require(&[Role::Admin])?;
    let mut person = input.value;
    person.id = PersonId(parse_id(&id)?);
    let existing = state.store.get::<Person>(person.id.0)?.ok_or(AppError::NotFound)?;
    // The link to a login is managed through users, not here.
    person.account = existing.value.account;
    check_person(&state, &person)?;
    reply::<UpdatePerson>(save(&state, &current, Some(input.version), person).await?)
}
