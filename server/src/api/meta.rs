//! Liveness, the business day, and the API's own description.

use axum::Router;
use axum::extract::State;
use shared::api::Today;
use shared::endpoints::{GetToday, Healthz, OpenApi};

use super::{Reply, reply, route};
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
