//! Logging in and out, and who is logged in.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use shared::api::{LOGIN_MAX_CHARS, LoginRequest, Me};
use shared::endpoints::{GetSession, LogIn, LogOut};
use shared::messages::{FieldError, Message};
use shared::org::{Person, Store};

use super::{Reply, ReplyWithCookies, reply, reply_with_cookies, route};
use crate::auth::{CurrentUser, PeerAddr, actor_for, cookie_value, new_token, token_hash};
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::state::AppState;
use crate::storage::{SessionRecord, UserRecord};

pub fn router() -> Router<AppState> {
    let router = route::<GetSession, _, _>(Router::new(), me);
    let router = route::<LogIn, _, _>(router, login);
    route::<LogOut, _, _>(router, logout)
}

pub fn me_of(state: &AppState, user: &UserRecord) -> Result<Me, AppError> {
    let person = state.store.get::<Person>(user.person.0)?.map(|p| p.value);
    let store_name = match user.store {
        Some(id) => state.store.get::<Store>(id.0)?.map(|s| s.value.name),
        None => None,
    };
    Ok(Me {
        user: user.id,
        login: user.login.clone(),
        person: user.person,
        name: person.map_or_else(|| user.login.clone(), |p| p.name),
        role: user.role,
        store: user.store,
        store_name,
        department: Some(user.role.name_zh().to_owned()),
        lang: user.lang,
    })
}

#[tracing::instrument(skip_all)]
async fn me(State(state): State<AppState>, current: CurrentUser) -> Reply<GetSession> {
    reply::<GetSession>(me_of(&state, &current.user)?)
}

/// The longest password accepted (Argon2 hashes anything; this bounds the work).
pub const PASSWORD_MAX_BYTES: usize = 1024;

#[tracing::instrument(skip_all)]
async fn login(
    State(state): State<AppState>,
    peer: Option<Extension<PeerAddr>>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<LoginRequest>,
) -> ReplyWithCookies<LogIn> {
    // Bounded before anything else: the throttle keys, the logs and the hash see only
    // inputs of a sensible size.
    if input.login.chars().count() > LOGIN_MAX_CHARS {
        return Err(AppError::Validation(vec![FieldError::new(
            "login",
            &Message::TooLong { max_chars: LOGIN_MAX_CHARS },
        )]));
    }
    if input.password.len() > PASSWORD_MAX_BYTES {
        return Err(AppError::Validation(vec![FieldError::new(
            "password",
            &Message::TooLong { max_chars: PASSWORD_MAX_BYTES },
        )]));
    }
    let peer = peer.map_or(std::net::IpAddr::from([0, 0, 0, 0]), |Extension(PeerAddr(addr))| addr.ip());
    let address = state.auth.client_address(peer, &headers);
    // The attempt is reserved before the password is hashed, so attempts sent at once
    // count like attempts sent one by one.
    let user = state.store.user_by_login(&input.login)?.map(|u| u.value);
    let device_key = state.store.device_key()?;
    let device = user.as_ref().and_then(|u| state.auth.known_device(&device_key, &headers, u.id));
    let attempt = state.auth.reserve_attempt(&input.login, address, device)?;
    // Hash even for an unknown login so that timing does not tell which logins exist.
    let hash = user.as_ref().map_or_else(|| DUMMY_HASH.to_owned(), |u| u.password_hash.clone());
    let matches = state.auth.verify_password(input.password, hash).await?;
    let user = match user {
        Some(user) if matches && !user.disabled => user,
        _ => {
            attempt.failed();
            // Escaped (Debug), never raw: a login holding a newline cannot forge a line.
            tracing::info!(login = ?input.login, %address, "failed login");
            return Err(AppError::BadCredentials);
        }
    };
    attempt.succeeded();
    let token = open_session(&state, &user).await?;
    let cookie = state.auth.session_cookie(&token)?;
    // This browser is now a known device of the account: its owner gets in from it even
    // while someone elsewhere guesses at the account (`throttle`).
    let device = state.auth.device_cookie(&device_key, user.id, state.now_unix_ms())?;
    tracing::info!(user = user.id.0, "logged in");
    reply_with_cookies::<LogIn>(vec![cookie, device], me_of(&state, &user)?)
}

#[tracing::instrument(skip_all)]
async fn logout(State(state): State<AppState>, current: CurrentUser) -> Result<Response, AppError> {
    state.store.delete_session(&current.token_hash).await?;
    state.hub.end_session(&current.token_hash);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, state.auth.clear_cookie())]).into_response())
}

/// A valid Argon2id hash of a random string, verified against when the login does not
/// exist.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9Q3W7F3oJ2kqJmHkq7bW0cXo4w3V3N9y2QmV5h2R3Zs";

/// Who is logged in: the session cookie's token, a session not expired, an account not
/// disabled.
impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = cookie_value(&parts.headers, state.auth.cookie_name()).ok_or(AppError::Unauthenticated)?;
        let token_hash = token_hash(&token);
        let session = state.store.session(&token_hash)?.ok_or(AppError::Unauthenticated)?;
        if session.expires_at_unix_ms <= chrono::Utc::now().timestamp_millis() {
            return Err(AppError::Unauthenticated);
        }
        let user = state.store.get::<UserRecord>(session.user.0)?.ok_or(AppError::Unauthenticated)?.value;
        if user.disabled {
            return Err(AppError::Unauthenticated);
        }
        let person = state.store.get::<Person>(user.person.0)?.map(|p| p.value);
        let actor = actor_for(&user, person.as_ref());
        Ok(CurrentUser { user, actor, token_hash })
    }
}

/// A new session for `user`, stored durably; returns the token for the cookie.
pub async fn open_session(state: &AppState, user: &UserRecord) -> Result<String, AppError> {
    let (token, hash) = new_token()?;
    let now = chrono::Utc::now().timestamp_millis();
    let ttl_ms = i64::try_from(state.auth.session_ttl.as_millis()).unwrap_or(i64::MAX);
    let session =
        SessionRecord { user: user.id, created_at_unix_ms: now, expires_at_unix_ms: now.saturating_add(ttl_ms) };
    state.store.put_session(&hash, &session).await?;
    Ok(token)
}
