//! The purchasing side's list and rules: the suppliers the center orders from (the
//! administrator and purchasing keep them; center staff read them, a store never does),
//! and the tolerance above a budget that orders may reach before the VP must approve
//! (the administrator sets it; it applies to the next order).

use axum::Router;
use axum::extract::{Path, State};
use shared::api::Write;
use shared::costs::{MoneySettings, SUPPLIERS_MAX, Supplier};
use shared::endpoints::{CreateSupplier, GetMoneySettings, ListSuppliers, SetMoneySettings, UpdateSupplier};
use shared::ids::SupplierId;
use shared::messages::{FieldError, Message};
use shared::org::Role;

use super::stores::{audit, record};
use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    let router = route::<ListSuppliers, _, _>(Router::new(), list);
    let router = route::<CreateSupplier, _, _>(router, create);
    let router = route::<UpdateSupplier, _, _>(router, update);
    let router = route::<GetMoneySettings, _, _>(router, settings);
    route::<SetMoneySettings, _, _>(router, set_settings)
}

/// Who keeps the list.
const KEEPERS: &[Role] = &[Role::Admin, Role::Purchasing];

/// The center's staff read the list and the rules; a store manager reads neither.
fn require_center(current: &CurrentUser) -> Result<(), AppError> {
    if shared::view::sees_costs(&current.actor) { Ok(()) } else { Err(AppError::Forbidden) }
}

#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>, current: CurrentUser) -> Reply<ListSuppliers> {
    require_center(&current)?;
    let mut suppliers: Vec<_> = state.store.all::<Supplier>()?.into_iter().map(record).collect();
    // Active ones first, each group by name, as the order form offers them.
    suppliers.sort_by(|a, b| (!a.value.active, &a.value.name).cmp(&(!b.value.active, &b.value.name)));
    reply::<ListSuppliers>(suppliers)
}

/// The record's own rules, and its name not taken by another supplier.
fn validate(state: &AppState, supplier: &Supplier) -> Result<(), AppError> {
    let mut errors = supplier.validate();
    let all = state.store.all::<Supplier>()?;
    if all.iter().any(|s| s.value.id != supplier.id && Supplier::same_name(&s.value.name, &supplier.name)) {
        errors.push(FieldError::new("name", &Message::NameTaken));
    }
    if supplier.id.0 == 0 && all.len() >= SUPPLIERS_MAX {
        errors.push(FieldError::new("name", &Message::TooMany { max_items: SUPPLIERS_MAX }));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(
            errors.into_iter().map(|e| FieldError { field: format!("value.{}", e.field), ..e }).collect(),
        ))
    }
}

fn tidy(mut supplier: Supplier) -> Supplier {
    supplier.name = supplier.name.trim().to_owned();
    supplier.contact = supplier.contact.trim().to_owned();
    supplier.notes = supplier.notes.trim().to_owned();
    supplier
}

#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(input): ApiJson<Write<Supplier>>,
) -> Reply<CreateSupplier> {
    current.require(KEEPERS)?;
    let mut supplier = tidy(input.value);
    supplier.id = SupplierId(0);
    validate(&state, &supplier)?;
    supplier.id = SupplierId(state.store.next_id()?);
    let target = format!("supplier {} {}", supplier.id, supplier.name);
    let saved = state.store.insert(supplier, audit(&state, &current, "create supplier", target)).await?;
    reply::<CreateSupplier>(record(saved))
}

#[tracing::instrument(skip_all)]
async fn update(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<Write<Supplier>>,
) -> Reply<UpdateSupplier> {
    current.require(KEEPERS)?;
    let id: u64 = id.parse().map_err(|_| AppError::NotFound)?;
    state.store.get::<Supplier>(id)?.ok_or(AppError::NotFound)?;
    let mut supplier = tidy(input.value);
    supplier.id = SupplierId(id);
    validate(&state, &supplier)?;
    let target = format!("supplier {id}");
    let saved = state.store.update(input.version, supplier, audit(&state, &current, "edit supplier", target)).await?;
    reply::<UpdateSupplier>(record(saved))
}

#[tracing::instrument(skip_all)]
async fn settings(State(state): State<AppState>, current: CurrentUser) -> Reply<GetMoneySettings> {
    require_center(&current)?;
    reply::<GetMoneySettings>(state.store.money_settings()?)
}

#[tracing::instrument(skip_all)]
async fn set_settings(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(settings): ApiJson<MoneySettings>,
) -> Reply<SetMoneySettings> {
    current.require(&[Role::Admin])?;
    let errors = settings.validate();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    state.store.put_money_settings(settings, current.user.id, state.now_unix_ms()).await?;
    let target = format!("tolerance {}%", settings.tolerance_percent);
    state.store.audit(audit(&state, &current, "set money settings", target)).await?;
    tracing::info!(tolerance_percent = settings.tolerance_percent, "money settings set");
    reply::<SetMoneySettings>(state.store.money_settings()?)
}
