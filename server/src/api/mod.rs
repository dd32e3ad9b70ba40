//! The JSON API: one file per resource, each with its own `router()`, merged here.

mod meta;
mod video;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().merge(meta::router()).merge(video::router())
}
