//! Request counters in Prometheus text format at `/metrics`. Kept dependency-free: a few
//! atomics are all the skeleton needs; latency histograms come with the API issue.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

#[derive(Debug, Default)]
pub struct Metrics {
    get: AtomicU64,
    post: AtomicU64,
    other: AtomicU64,
    client_errors: AtomicU64,
    server_errors: AtomicU64,
}

impl Metrics {
    pub fn new() -> Arc<Self> {
        Arc::new(Metrics::default())
    }

    fn render(&self) -> String {
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        format!(
            "# HELP http_requests_total HTTP requests received, by method.\n\
             # TYPE http_requests_total counter\n\
             http_requests_total{{method=\"GET\"}} {}\n\
             http_requests_total{{method=\"POST\"}} {}\n\
             http_requests_total{{method=\"other\"}} {}\n\
             # HELP http_responses_errors_total HTTP error responses, by class.\n\
             # TYPE http_responses_errors_total counter\n\
             http_responses_errors_total{{class=\"4xx\"}} {}\n\
             http_responses_errors_total{{class=\"5xx\"}} {}\n",
            load(&self.get),
            load(&self.post),
            load(&self.other),
            load(&self.client_errors),
            load(&self.server_errors),
        )
    }
}

/// Middleware counting every request and error response.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let metrics = &state.metrics;
    let counter = match *request.method() {
        Method::GET => &metrics.get,
        Method::POST => &metrics.post,
        _ => &metrics.other,
    };
    counter.fetch_add(1, Ordering::Relaxed);
    let response = next.run(request).await;
    if response.status().is_client_error() {
        metrics.client_errors.fetch_add(1, Ordering::Relaxed);
    } else if response.status().is_server_error() {
        metrics.server_errors.fetch_add(1, Ordering::Relaxed);
    }
    response
}

pub async fn render(State(state): State<AppState>) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], state.metrics.render()).into_response()
}
