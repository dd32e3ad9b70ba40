//! Liveness and the business day.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use shared::api::{Today, routes};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(routes::HEALTHZ, get(healthz)).route(routes::TODAY, get(today))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn today(State(state): State<AppState>) -> Json<Today> {
    Json(Today { today: state.clock.today().to_string() })
}
