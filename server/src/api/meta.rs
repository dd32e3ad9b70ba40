//! Liveness, the business day, and the API's own description.

use std::sync::atomic::Ordering;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use shared::api::Today;
use shared::endpoints::{GetToday, Healthz, OpenApi};

use super::{Reply, reply, route};
use crate::auth::{PeerAddr, bearer_token};
use crate::error::AppError;
use crate::metrics::Exposition;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    let router = route::<Healthz, _, _>(Router::new(), healthz);
    let router = route::<GetToday, _, _>(router, today);
    route::<OpenApi, _, _>(router, openapi)
}

async fn healthz() -> &'static str {
    "ok"
}

async fn today(State(state): State<AppState>) -> Reply<GetToday> {
    reply::<GetToday>(Today { today: state.clock.today().to_string(), calendar: state.calendar().fingerprint() })
}

/// The OpenAPI document: free-form JSON by nature, built from the endpoint table.
async fn openapi() -> Reply<OpenApi> {
    reply::<OpenApi>(super::openapi_document())
}

/// Whether this request may read `/metrics`: the bearer token when one is configured
/// (compared in constant time); otherwise only a loopback peer that no proxy relayed (a
/// reverse proxy on the same machine makes every client look local, and says so in
/// `X-Forwarded-For` / `Forwarded`).
fn may_read(state: &AppState, peer: Option<std::net::SocketAddr>, headers: &HeaderMap) -> Result<(), AppError> {
    match &state.metrics_token {
        Some(token) => {
            let given = bearer_token(headers).unwrap_or("");
            let same: bool = subtle::ConstantTimeEq::ct_eq(given.as_bytes(), token.as_bytes()).into();
            if same { Ok(()) } else { Err(AppError::Unauthenticated) }
        }
        None => {
            let relayed = headers.contains_key("x-forwarded-for") || headers.contains_key(header::FORWARDED);
            if peer.is_some_and(|p| p.ip().is_loopback()) && !relayed { Ok(()) } else { Err(AppError::Forbidden) }
        }
    }
}

/// `GET /metrics`: the request counters (`metrics`) and every part's own figures.
pub async fn metrics(
    State(state): State<AppState>,
    peer: Option<axum::Extension<PeerAddr>>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = may_read(&state, peer.map(|p| p.0.0), &headers) {
        return refused.into_response();
    }
    let mut out = Exposition::default();
    state.metrics.write(&mut out);
    let (batches, writers) = state.store.flush_stats();
    out.one("storage_group_commits_total", "counter", "Flushes run for acknowledged writes.", batches);
    out.one("storage_group_commit_writers_total", "counter", "Writers those flushes acknowledged.", writers);
    let thumbnails = &state.thumbnails;
    out.one(
        "thumbnail_decodes_total",
        "counter",
        "Images decoded to make thumbnails.",
        thumbnails.decodes.load(Ordering::Relaxed),
    );
    out.one(
        "thumbnail_busy_total",
        "counter",
        "Thumbnail requests answered 503 because too many images waited.",
        thumbnails.refused_busy.load(Ordering::Relaxed),
    );
    out.one("sse_connections", "gauge", "Live event streams open now.", state.hub.connections());
    out.one(
        "sse_dropped_slow_total",
        "counter",
        "Live event streams dropped for reading too slowly.",
        state.hub.dropped_slow(),
    );
    out.one(
        "sse_refused_total",
        "counter",
        "Live event streams refused for a limit (per login, per account, in all).",
        state.hub.refused(),
    );
    let (pending, parked) = state.robots.outbox_counts(&state.store);
    out.one("robot_deliveries_pending", "gauge", "Messages waiting for a group-chat robot.", pending);
    out.one(
        "robot_deliveries_parked",
        "gauge",
        "Messages a robot failed to take too often, waiting for the administrator.",
        parked,
    );
    out.one(
        "robot_deliveries_sent_total",
        "counter",
        "Messages delivered to group-chat robots.",
        state.robots.sent.load(Ordering::Relaxed),
    );
    out.one(
        "robot_delivery_failures_total",
        "counter",
        "Failed delivery attempts to group-chat robots.",
        state.robots.failures.load(Ordering::Relaxed),
    );
    out.one("uploads_in_flight", "gauge", "Uploads being read now.", state.uploads.in_flight());
    out.one(
        "password_hashes_total",
        "counter",
        "Password hashes and checks asked for (each waits for one of the hashing slots).",
        state.auth.hashes_asked(),
    );
    ([(header::CONTENT_TYPE, Exposition::CONTENT_TYPE)], out.into_text()).into_response()
}
