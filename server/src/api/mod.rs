//! The JSON API: one file per resource, each with its own `router()`, merged here. Every
//! route is registered from `shared::endpoints` (its method and path) with a handler whose
//! answer type is the endpoint's ([`Reply`]), and the OpenAPI document is built from the
//! same table with the JSON schemas of the request, query and response types.

mod attachments;
mod backups;
pub mod calendar;
pub mod campaigns;
mod costs;
mod feed;
mod kpi;
pub(crate) mod meta;
mod notify;
mod openapi;
mod org;
mod schedule;
pub mod session;
mod stores;
mod suppliers;
pub mod users;

use axum::handler::Handler;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::AppendHeaders;
use axum::routing::{MethodRouter, delete, get, post, put};
use axum::{Json, Router};
use shared::endpoints::{Endpoint, Method};

use crate::error::AppError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(meta::router())
        .merge(session::router())
        .merge(users::router())
        .merge(stores::router())
        .merge(org::router())
        .merge(campaigns::router())
        .merge(calendar::router())
        .merge(schedule::router())
        .merge(kpi::router())
        .merge(costs::router())
        .merge(suppliers::router())
        .merge(feed::router())
        .merge(attachments::router())
        .merge(notify::router())
        .merge(backups::router())
}

/// What a JSON endpoint's handler answers: the endpoint's response type with its success
/// status, or an error. A handler declared `-> Reply<E>` cannot answer another type.
pub type Reply<E> = Result<(StatusCode, Json<<E as Endpoint>::Response>), AppError>;

/// A successful answer of endpoint `E`, with the status the table gives it.
pub fn reply<E: Endpoint>(value: E::Response) -> Reply<E> {
    Ok((StatusCode::from_u16(E::STATUS).unwrap_or(StatusCode::OK), Json(value)))
}

/// What a JSON endpoint that sets cookies answers (log in): still only `E`'s
/// response type with its success status, with `Set-Cookie` headers beside it.
pub type ReplyWithCookies<E> =
    Result<(StatusCode, AppendHeaders<Vec<(HeaderName, HeaderValue)>>, Json<<E as Endpoint>::Response>), AppError>;

/// A successful answer of endpoint `E` that sets `cookies`.
pub fn reply_with_cookies<E: Endpoint>(cookies: Vec<HeaderValue>, value: E::Response) -> ReplyWithCookies<E> {
    let headers = cookies.into_iter().map(|cookie| (header::SET_COOKIE, cookie)).collect();
    Ok((StatusCode::from_u16(E::STATUS).unwrap_or(StatusCode::OK), AppendHeaders(headers), Json(value)))
}

/// Registers `handler` for endpoint `E` at its method and path.
pub fn route<E: Endpoint, H, T>(router: Router<AppState>, handler: H) -> Router<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let method: MethodRouter<AppState> = match E::METHOD {
        Method::Get => get(handler),
        Method::Post => post(handler),
        Method::Put => put(handler),
        Method::Delete => delete(handler),
    };
    router.route(E::PATH, method)
}

/// The OpenAPI document (`openapi.rs`).
pub fn openapi_document() -> shared::api::OpenApiDocument {
    shared::api::OpenApiDocument(openapi::document())
}
