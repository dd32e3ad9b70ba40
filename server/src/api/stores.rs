//! Stores (门店): list with filters for everyone (a store manager sees their own), create
//! and edit for the administrator.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;
use shared::api::{Record, Write, routes};
use shared::ids::StoreId;
use shared::messages::{FieldError, Message};
use shared::org::{Province, Role, Store, StoreStatus};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;
use crate::storage::{AuditEntry, Versioned};

pub fn router() -> Router<AppState> {
    Router::new().route(routes::STORES, get(list).post(create)).route(routes::STORE, put(update))
}

pub fn record<T>(v: Versioned<T>) -> Record<T> {
    Record { version: v.version, value: v.value }
}

pub fn audit(state: &AppState, current: &CurrentUser, action: &str, target: String) -> AuditEntry {
    AuditEntry { at_unix_ms: state.now_unix_ms(), user: current.user.id, action: action.to_owned(), target }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreQuery {
    province: Option<Province>,
    city: Option<String>,
    status: Option<StoreStatus>,
}

#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<StoreQuery>,
) -> Result<Json<Vec<Record<Store>>>, AppError> {
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
    Ok(Json(stores))
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
) -> Result<(StatusCode, Json<Record<Store>>), AppError> {
    current.require(&[Role::Admin])?;
    let mut store = input.value;
    store.id = StoreId(state.store.next_id()?);
    validate(&state, &store)?;
    let target = format!("store {} {}", store.id, store.code);
    let saved = state.store.insert(store, audit(&state, &current, "create store", target)).await?;
    Ok((StatusCode::CREATED, Json(record(saved))))
}

#[tracing::instrument(skip_all)]
async fn update(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<Write<Store>>,
) -> Result<Json<Record<Store>>, AppError> {
    current.require(&[Role::Admin])?;
    let id: u64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut store = input.value;
    store.id = StoreId(id);
    state.store.get::<Store>(id)?.ok_or(AppError::NotFound)?;
    validate(&state, &store)?;
    let target = format!("store {id}");
    let saved = state.store.update(input.version, store, audit(&state, &current, "edit store", target)).await?;
    Ok(Json(record(saved)))
}
