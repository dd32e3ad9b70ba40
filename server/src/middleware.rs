//! Request guards that apply to every route: same-origin checks for unsafe methods
//! (CSRF), a request timeout, security headers, idempotent replay of retried POSTs, and
//! the checks made once a route matched (its roles, its path's encoding).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::api::{IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_CHARS};
use shared::messages::{FieldError, Message};

use crate::auth::token_hash;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::IdempotentResponse;

/// Responses kept for replay are at most this large (larger ones are not kept).
const REPLAY_BODY_MAX_BYTES: usize = 256 * 1024;

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses unsafe requests that a browser marks as coming from another site. Requests
/// without `Origin` and `Sec-Fetch-Site` are not from a browser page (browsers send them
/// on every cross-origin POST), so they cannot be cross-site request forgery.
pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_unsafe(request.method()) {
        let headers = request.headers();
        let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        if fetch_site.is_some_and(|site| site != "same-origin" && site != "none") {
            return AppError::CrossOrigin.into_response();
        }
        if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            // With a public URL, that is the only origin: the Host header is the client's
            // to choose and proves nothing behind a proxy.
            let allowed = match state.public_origin.as_deref() {
                Some(public) => origin == public,
                None => {
                    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
                    origin == format!("http://{host}") || origin == format!("https://{host}")
                }
            };
            if !allowed {
                return AppError::CrossOrigin.into_response();
            }
        }
    }
    next.run(request).await
}

pub async fn timeout(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(state.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => AppError::Timeout.into_response(),
    }
}

/// The checks made once a route matched, before its handler reads anything. First the
/// roles the endpoint table gives the route (`Endpoint::ROLES`): a caller who may not use
/// it is told so (401, 403) whatever its query or body holds, rather than hearing what
/// is wrong with them (400, 422). Then the path: its parameters must decode to UTF-8, as
/// axum's `Path` requires (it would answer in plain text; this answers the JSON error).
pub async fn route_checks(State(state): State<AppState>, request: Request, next: Next) -> Response {
    use axum::extract::{FromRequestParts as _, MatchedPath};
    let roles: &[shared::org::Role] = request
        .extensions()
        .get::<MatchedPath>()
        .and_then(|matched| {
            shared::endpoints::ENDPOINTS
                .iter()
                .find(|e| e.path == matched.as_str() && e.method.as_str() == request.method().as_str())
        })
        .map(|e| e.roles)
        .unwrap_or_default();
    let request = if roles.is_empty() {
        request
    } else {
        let (mut parts, body) = request.into_parts();
        match crate::auth::CurrentUser::from_request_parts(&mut parts, &state).await {
            Ok(current) if roles.contains(&current.role()) => {}
            Ok(_) => return AppError::Forbidden.into_response(),
            Err(error) => return error.into_response(),
        }
        Request::from_parts(parts, body)
    };
    if !decodes_to_utf8(request.uri().path()) {
        let detail = "a path parameter that is not UTF-8 once percent-decoded".to_owned();
        return AppError::BadRequest(vec![FieldError::new("path", &Message::WrongType { detail })]).into_response();
    }
    next.run(request).await
}

/// Whether `path`, its percent-escapes decoded, is UTF-8 (an escape that is not two hex
/// digits stands for itself, as axum reads it).
fn decodes_to_utf8(path: &str) -> bool {
    if !path.contains('%') {
        return true;
    }
    let bytes = path.as_bytes();
    let hex = |i: usize| bytes.get(i).and_then(|b| char::from(*b).to_digit(16));
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match (byte, hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                decoded.push(u8::try_from(high * 16 + low).unwrap_or(u8::MAX));
                i += 3;
            }
            _ => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    std::str::from_utf8(&decoded).is_ok()
}

/// Headers that fit a wasm single-page app served from its own origin. API answers hold
/// personal data: no cache keeps them (`no-store`) unless the route said otherwise. Under
/// HTTPS, browsers are told to use nothing else (HSTS).
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if api && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.auth.secure_cookies {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
             style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'; frame-ancestors 'none'; \
             base-uri 'none'; form-action 'self'",
        ),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

/// The largest body a keyed POST may carry (an upload); it is read whole to be hashed.
const IDEMPOTENT_BODY_MAX_BYTES: usize = crate::storage::attachments::MAX_ATTACHMENT_BYTES + 64 * 1024;

/// Releases an idempotency key when its request ends in any way: answered, failed, or
/// dropped by the timeout mid-way, so that a retry is never stuck on "in progress".
struct InFlight {
    keys: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<Vec<u8>, [u8; 32]>>>,
    key: Vec<u8>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.keys.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&self.key);
    }
}

/// A retried POST with the same `Idempotency-Key` (from the same session) gets the first
/// response again instead of acting twice. The key is bound to the request it was first
/// used for (method, path and body, by SHA-256): reusing it for a different request is
/// refused (422) rather than answered with an unrelated reply. Only successful responses
/// are kept: a failed attempt may be retried for real.
pub async fn idempotency(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get(IDEMPOTENCY_KEY_HEADER) else {
        return next.run(request).await;
    };
    let key = match key.to_str() {
        Ok(k) if !k.trim().is_empty() && k.chars().count() <= IDEMPOTENCY_KEY_MAX_CHARS => k.trim().to_owned(),
        _ => {
            let field = FieldError::new("Idempotency-Key", &Message::TooLong { max_chars: IDEMPOTENCY_KEY_MAX_CHARS });
            return AppError::BadRequest(vec![field]).into_response();
        }
    };
    // Scope the key to the session (or to anonymity) and the path, so keys never collide
    // across users.
    let session =
        request.headers().get(header::COOKIE).and_then(|v| v.to_str().ok()).map(token_hash).unwrap_or_default();
    let scope = [&session[..], request.uri().path().as_bytes(), b"\0", key.as_bytes()].concat();
    let storage_key: Vec<u8> = token_hash(&String::from_utf8_lossy(&scope)).to_vec();
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, IDEMPOTENT_BODY_MAX_BYTES).await else {
        return AppError::PayloadTooLarge { max_bytes: IDEMPOTENT_BODY_MAX_BYTES }.into_response();
    };
    let request_sha256: [u8; 32] = {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        hasher.update(parts.method.as_str().as_bytes());
        hasher.update(b" ");
        hasher.update(parts.uri.to_string().as_bytes());
        hasher.update(b"\0");
        hasher.update(&bytes);
        hasher.finalize().into()
    };
    let request = Request::from_parts(parts, Body::from(bytes));
    match state.store.idempotent_response(&storage_key) {
        Ok(Some(reply)) if reply.request_sha256.is_none_or(|h| h == request_sha256) => return replay(reply),
        Ok(Some(_)) => return key_reused(),
        Ok(None) => {}
        Err(error) => return AppError::from(error).into_response(),
    }
    let _in_flight = {
        let mut in_flight = state.in_flight.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match in_flight.get(&storage_key) {
            Some(hash) if *hash == request_sha256 => return AppError::RequestInProgress.into_response(),
            Some(_) => return key_reused(),
            None => {}
        }
        in_flight.insert(storage_key.clone(), request_sha256);
        InFlight { keys: state.in_flight.clone(), key: storage_key.clone() }
    };
    let response = next.run(request).await;
    remember(&state, &storage_key, request_sha256, response).await
}

fn key_reused() -> Response {
    AppError::Validation(vec![FieldError::new("Idempotency-Key", &Message::IdempotencyKeyReused)]).into_response()
}

fn replay(reply: IdempotentResponse) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    let mut response = (status, reply.body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response.headers_mut().insert("idempotent-replay", HeaderValue::from_static("true"));
    response
}

async fn remember(state: &AppState, key: &[u8], request_sha256: [u8; 32], response: Response) -> Response {
    if !response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, REPLAY_BODY_MAX_BYTES).await else {
        return AppError::Timeout.into_response();
    };
    let reply = IdempotentResponse {
        status: parts.status.as_u16(),
        body: bytes.to_vec(),
        created_at_unix_ms: state.now_unix_ms(),
        request_sha256: Some(request_sha256),
    };
    if let Err(error) = state.store.put_idempotent_response(key, &reply).await {
        tracing::warn!(%error, "could not keep an idempotent response");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Counts every request and error response, and times it (`metrics`).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    state.metrics.count(&method, response.status(), started.elapsed());
    response
}

#[cfg(test)]
mod tests {
    use super::decodes_to_utf8;

    #[test]
    fn paths_are_judged_by_what_their_escapes_decode_to() {
        assert!(decodes_to_utf8("/api/v1/campaigns/12"));
        assert!(decodes_to_utf8("/api/v1/schedule/templates/%E5%BC%80"));
        assert!(decodes_to_utf8("/api/v1/campaigns/100%"));
        assert!(decodes_to_utf8("/api/v1/campaigns/%zz"));
        assert!(!decodes_to_utf8("/api/v1/campaigns/%FF"));
        assert!(!decodes_to_utf8("/api/v1/campaigns/%E5%BC"));
    }
}
