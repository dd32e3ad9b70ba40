//! Stores (门店): list with filters for everyone (a store manager sees their own), create
//! and edit for the administrator.

use axum::Router;
use axum::extract::{Path, State};
use shared::api::{Record, StoreQuery, Write};
use shared::endpoints::{CreateStore, ListStores, UpdateStore};
use shared::ids::StoreId;
use shared::messages::{FieldError, Message};
use shared::org::{Role, Store};

use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;
use crate::storage::{AuditEntry, Versioned};

pub fn router() -> Router<AppState> {
    let router = route::<ListStores, _, _>(Router::new(), list);
    let router = route::<CreateStore, _, _>(router, create);
    route::<UpdateStore, _, _>(router, update)
}

pub fn record<T>(v: Versioned<T>) -> Record<T> {
    Record { version: v.version, value: v.value }
}

pub fn audit(state: &AppState, current: &CurrentUser, action: &str, target: String) -> AuditEntry {
    AuditEntry { at_unix_ms: state.now_unix_ms(), user: current.user.id, action: action.to_owned(), target }
}

#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<StoreQuery>,
) -> Reply<ListStores> {
    let stores = state
        .store
        .all::<Store>()?
        .into_iter()
        .filter(|s| shared::view::sees_store(&current.actor, &s.value))
        .filter(|s| query.province.is_none_or(|p| s.value.province == p))
        .filter(|s| query.city.as_deref().is_none_or(|c| s.value.city == c))
        .filter(|s| query.status.is_none_or(|st| s.value.status == st))
        .map(record)
        .collect();
    reply::<ListStores>(stores)
}

fn validate(state: &AppState, store: &Store) -> Result<(), AppError> {
    let mut errors = store.validate();
    let code = store.code.trim();
    let taken = state.store.all::<Store>()?.into_iter().any(|s| s.value.id != store.id && s.value.code.trim() == code);
    if taken {
        errors.push(FieldError::new("value.code", &Message::AlreadyDone));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(
            errors
                .into_iter()
                .map(|e| FieldError { field: format!("value.{}", e.field.trim_start_matches("value.")), ..e })
                .collect(),
        ))
    }
}

#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(input): ApiJson<Write<Store>>,
) -> Reply<CreateStore> {
    current.require(&[Role::Admin])?;
    let mut store = input.value;
    store.id = StoreId(state.store.next_id()?);
    validate(&state, &store)?;
    let target = format!("store {} {}", store.id, store.code);
    let saved = state.store.insert(store, audit(&state, &current, "create store", target)).await?;
    reply::<CreateStore>(record(saved))
}

#[tracing::instrument(skip_all)]
async fn update(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<Write<Store>>,
) -> Reply<UpdateStore> {
    current.require(&[Role::Admin])?;
    let id: u64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut store = input.value;
    store.id = StoreId(id);
    state.store.get::<Store>(id)?.ok_or(AppError::NotFound)?;
    validate(&state, &store)?;
    let target = format!("store {id}");
    let saved = state.store.update(input.version, store, audit(&state, &current, "edit store", target)).await?;
    reply::<UpdateStore>(record(saved))
}
