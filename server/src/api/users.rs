//! Accounts (administrator only): create, edit role/store/language, disable, reset a
//! password. Disabling or resetting ends the user's sessions.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use shared::Lang;
use shared::api::{LOGIN_MAX_CHARS, NewUser, PASSWORD_MIN_CHARS, PasswordReset, UserUpdate, UserView};
use shared::endpoints::{CreateUser, ListUsers, ResetPassword, UpdateUser};
use shared::ids::{PersonId, UserId};
use shared::messages::{FieldError, Message};
use shared::org::{NAME_MAX_CHARS, Person, Role, Store};

use super::stores::audit;
use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::state::AppState;
use crate::storage::{StorageError, UserRecord, Versioned};

pub fn router() -> Router<AppState> {
    let router = route::<ListUsers, _, _>(Router::new(), list);
    let router = route::<CreateUser, _, _>(router, create);
    let router = route::<UpdateUser, _, _>(router, update);
    route::<ResetPassword, _, _>(router, reset_password)
}

fn view(state: &AppState, user: Versioned<UserRecord>) -> Result<UserView, AppError> {
    let name =
        state.store.get::<Person>(user.value.person.0)?.map_or_else(|| user.value.login.clone(), |p| p.value.name);
    Ok(UserView {
        id: user.value.id,
        version: user.version,
        login: user.value.login,
        person: user.value.person,
        name,
        role: user.value.role,
        store: user.value.store,
        disabled: user.value.disabled,
        lang: user.value.lang,
    })
}

fn check_password(password: &str) -> Result<(), AppError> {
    if password.chars().count() < PASSWORD_MIN_CHARS || password.len() > 1024 {
        return Err(AppError::Validation(vec![FieldError::new(
            "password",
            &Message::PasswordTooShort { min_chars: PASSWORD_MIN_CHARS },
        )]));
    }
    Ok(())
}

fn check_store(state: &AppState, role: Role, store: Option<shared::ids::StoreId>) -> Result<(), AppError> {
    match (role, store) {
        (Role::StoreManager, None) => Err(AppError::Validation(vec![FieldError::new("store", &Message::Required)])),
        (_, Some(id)) if state.store.get::<Store>(id.0)?.is_none() => {
            Err(AppError::Validation(vec![FieldError::new("store", &Message::NotFound)]))
        }
        _ => Ok(()),
    }
}

async fn list(State(state): State<AppState>, current: CurrentUser) -> Reply<ListUsers> {
    if !shared::view::sees_accounts(&current.actor) {
        return Err(AppError::Forbidden);
    }
    let users = state.store.all::<UserRecord>()?;
    reply::<ListUsers>(users.into_iter().map(|u| view(&state, u)).collect::<Result<_, _>>()?)
}

/// Creates an account (and its person when none is named). Also used by the demo data
/// and the first-run administrator.
pub async fn create_user(state: &AppState, input: NewUser, by: UserId) -> Result<Versioned<UserRecord>, AppError> {
    let login = input.login.trim().to_owned();
    if login.is_empty() || login.chars().count() > LOGIN_MAX_CHARS || login.chars().any(char::is_whitespace) {
        return Err(AppError::Validation(vec![FieldError::new("login", &Message::Required)]));
    }
    let mut errors = Vec::new();
    shared::text::check_text("login", &login, true, LOGIN_MAX_CHARS, shared::text::Lines::One, &mut errors);
    if input.person.is_none() {
        let name = input.name.trim();
        shared::text::check_text("name", name, true, NAME_MAX_CHARS, shared::text::Lines::One, &mut errors);
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    check_password(&input.password)?;
    check_store(state, input.role, input.store)?;
    if state.store.user_by_login(&login)?.is_some() {
        return Err(AppError::Validation(vec![FieldError::new("login", &Message::AlreadyDone)]));
    }
    let id = UserId(state.store.next_id()?);
    let person = match input.person {
        Some(person) => {
            let mut found = state
                .store
                .get::<Person>(person.0)?
                .ok_or_else(|| AppError::Validation(vec![FieldError::new("person", &Message::NotFound)]))?;
            found.value.account = Some(id);
            let entry = crate::storage::AuditEntry {
                at_unix_ms: state.now_unix_ms(),
                user: by,
                action: "link account".into(),
                target: format!("person {person}"),
            };
            state.store.update(found.version, found.value, entry).await?;
            person
        }
        None => {
            let name = input.name.trim();
            if name.is_empty() {
                return Err(AppError::Validation(vec![FieldError::new("name", &Message::Required)]));
            }
            let person = Person {
                id: PersonId(state.store.next_id()?),
                name: name.to_owned(),
                contact: String::new(),
                positions: Vec::new(),
                stores_covered: Vec::new(),
                account: Some(id),
            };
            let entry = crate::storage::AuditEntry {
                at_unix_ms: state.now_unix_ms(),
                user: by,
                action: "create person".into(),
                target: format!("person {}", person.id),
            };
            state.store.insert(person, entry).await?.value.id
        }
    };
    let record = UserRecord {
        id,
        login,
        password_hash: state.auth.hash_password(input.password).await?,
        role: input.role,
        person,
        store: input.store,
        disabled: false,
        lang: Lang::Zh,
    };
    let entry = crate::storage::AuditEntry {
        at_unix_ms: state.now_unix_ms(),
        user: by,
        action: "create user".into(),
        target: format!("user {id}"),
    };
    state.store.insert(record, entry).await.map_err(|e| match e {
        StorageError::AlreadyExists => AppError::Validation(vec![FieldError::new("login", &Message::AlreadyDone)]),
        other => other.into(),
    })
}

async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(input): ApiJson<NewUser>,
) -> Reply<CreateUser> {
    current.require(&[Role::Admin])?;
    let created = create_user(&state, input, current.user.id).await?;
    reply::<CreateUser>(view(&state, created)?)
}

async fn update(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<UserUpdate>,
) -> Reply<UpdateUser> {
    current.require(&[Role::Admin])?;
    let id: u64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut user = state.store.get::<UserRecord>(id)?.ok_or(AppError::NotFound)?.value;
    check_store(&state, input.role, input.store)?;
    if user.id == current.user.id && (input.disabled || input.role != Role::Admin) {
        // The last way in must not lock itself out.
        return Err(AppError::Validation(vec![FieldError::new("role", &Message::Forbidden)]));
    }
    user.role = input.role;
    user.store = input.store;
    user.disabled = input.disabled;
    user.lang = input.lang;
    let audit = audit(&state, &current, "edit user", format!("user {id}"));
    let saved = if user.disabled {
        let saved = state.store.update_user_ending_sessions(input.version, user, audit).await?;
        state.hub.end_user(saved.value.id);
        saved
    } else {
        state.store.update(input.version, user, audit).await?
    };
    reply::<UpdateUser>(view(&state, saved)?)
}

async fn reset_password(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PasswordReset>,
) -> Result<StatusCode, AppError> {
    current.require(&[Role::Admin])?;
    let id: u64 = id.parse().map_err(|_| AppError::NotFound)?;
    let found = state.store.get::<UserRecord>(id)?.ok_or(AppError::NotFound)?;
    check_password(&input.password)?;
    let mut user = found.value;
    user.password_hash = state.auth.hash_password(input.password).await?;
    let audit = audit(&state, &current, "reset password", format!("user {id}"));
    state.store.update_user_ending_sessions(found.version, user, audit).await?;
    state.hub.end_user(UserId(id));
    Ok(StatusCode::NO_CONTENT)
}
