//! Request counters, a latency histogram and storage flush counters in Prometheus text
//! format at `/metrics`. A few atomics: no metrics library needed.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

/// Upper bounds of the latency histogram's buckets, in milliseconds.
const LATENCY_BUCKETS_MS: [u64; 10] = [1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000];

#[derive(Debug, Default)]
pub struct Metrics {
    get: AtomicU64,
    post: AtomicU64,
    other: AtomicU64,
    client_errors: AtomicU64,
    server_errors: AtomicU64,
    /// Cumulative counts per bucket of `LATENCY_BUCKETS_MS`, then +Inf.
    latency_buckets: [AtomicU64; 11],
    latency_sum_us: AtomicU64,
}

impl Metrics {
    pub fn new() -> Arc<Self> {
        Arc::new(Metrics::default())
    }

    fn observe(&self, elapsed: std::time::Duration) {
        let ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
        let bucket = LATENCY_BUCKETS_MS.iter().position(|b| ms <= *b).unwrap_or(LATENCY_BUCKETS_MS.len());
        for counter in &self.latency_buckets[bucket..] {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        self.latency_sum_us.fetch_add(u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    fn render(&self, flush_batches: u64, flush_writers: u64) -> String {
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let mut histogram = String::from(
            "# HELP http_request_duration_seconds Time to answer a request.\n# TYPE http_request_duration_seconds histogram\n",
        );
        for (i, bound) in LATENCY_BUCKETS_MS.iter().enumerate() {
            let le = *bound as f64 / 1000.0;
            histogram.push_str(&format!(
                "http_request_duration_seconds_bucket{{le=\"{le}\"}} {}\n",
                load(&self.latency_buckets[i])
            ));
        }
        let count = load(&self.latency_buckets[LATENCY_BUCKETS_MS.len()]);
        histogram.push_str(&format!("http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}\n"));
        histogram.push_str(&format!(
            "http_request_duration_seconds_sum {}\nhttp_request_duration_seconds_count {count}\n",
            load(&self.latency_sum_us) as f64 / 1_000_000.0
        ));
        histogram.push_str(&format!(
            "# HELP storage_group_commits_total Flushes run for acknowledged writes.\n# TYPE storage_group_commits_total counter\n\
             storage_group_commits_total {flush_batches}\n\
             # HELP storage_group_commit_writers_total Writers those flushes acknowledged.\n# TYPE storage_group_commit_writers_total counter\n\
             storage_group_commit_writers_total {flush_writers}\n"
        ));
        histogram
            + &format!(
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
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    metrics.observe(started.elapsed());
    if response.status().is_client_error() {
        metrics.client_errors.fetch_add(1, Ordering::Relaxed);
    } else if response.status().is_server_error() {
        metrics.server_errors.fetch_add(1, Ordering::Relaxed);
    }
    response
}

/// Whether this request may read `/metrics`: the bearer token when one is configured
/// (compared in constant time); otherwise only a loopback peer that no proxy relayed (a
/// reverse proxy on the same machine makes every client look local, and says so in
/// `X-Forwarded-For` / `Forwarded`).
fn may_read(
    state: &AppState,
    peer: Option<std::net::SocketAddr>,
    headers: &axum::http::HeaderMap,
) -> Result<(), AppError> {
    match &state.metrics_token {
        Some(token) => {
            let given = headers
                .get(axum::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or("");
            let same = given.len() == token.len()
                && given.bytes().zip(token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
            if same { Ok(()) } else { Err(AppError::Unauthenticated) }
        }
        None => {
            let relayed =
                headers.contains_key("x-forwarded-for") || headers.contains_key(axum::http::header::FORWARDED);
            if peer.is_some_and(|p| p.ip().is_loopback()) && !relayed { Ok(()) } else { Err(AppError::Forbidden) }
        }
    }
}

pub async fn render(
    State(state): State<AppState>,
    peer: Option<axum::Extension<crate::auth::PeerAddr>>,
    headers: axum::http::HeaderMap,
) -> Response {
    if let Err(refused) = may_read(&state, peer.map(|p| p.0.0), &headers) {
        return refused.into_response();
    }
    let (batches, writers) = state.store.flush_stats();
    let mut text = state.metrics.render(batches, writers);
    let thumbnails = &state.thumbnails;
    text.push_str(&format!(
        "# HELP thumbnail_decodes_total Images decoded to make thumbnails.\n# TYPE thumbnail_decodes_total counter\n\
         thumbnail_decodes_total {}\n\
         # HELP thumbnail_busy_total Thumbnail requests answered 503 because too many images waited.\n\
         # TYPE thumbnail_busy_total counter\nthumbnail_busy_total {}\n",
        thumbnails.decodes.load(Ordering::Relaxed),
        thumbnails.refused_busy.load(Ordering::Relaxed),
    ));
    let (pending, parked) = state.robots.outbox_counts(&state.store);
    text.push_str(&format!(
        "# HELP sse_connections Live event streams open now.\n# TYPE sse_connections gauge\nsse_connections {}\n\
         # HELP sse_dropped_slow_total Live event streams dropped for reading too slowly.\n\
         # TYPE sse_dropped_slow_total counter\nsse_dropped_slow_total {}\n\
         # HELP robot_deliveries_pending Messages waiting for a group-chat robot.\n\
         # TYPE robot_deliveries_pending gauge\nrobot_deliveries_pending {pending}\n\
         # HELP robot_deliveries_parked Messages a robot failed to take too often, waiting for the administrator.\n\
         # TYPE robot_deliveries_parked gauge\nrobot_deliveries_parked {parked}\n\
         # HELP robot_deliveries_sent_total Messages delivered to group-chat robots.\n\
         # TYPE robot_deliveries_sent_total counter\nrobot_deliveries_sent_total {}\n\
         # HELP robot_delivery_failures_total Failed delivery attempts to group-chat robots.\n\
         # TYPE robot_delivery_failures_total counter\nrobot_delivery_failures_total {}\n",
        state.hub.connections(),
        state.hub.dropped_slow(),
        state.robots.sent.load(Ordering::Relaxed),
        state.robots.failures.load(Ordering::Relaxed),
    ));
    text.push_str(&format!(
        "# HELP sse_refused_total Live event streams refused for a limit (per login, per account, in all).\n\
         # TYPE sse_refused_total counter\nsse_refused_total {}\n\
         # HELP uploads_in_flight Uploads being read now.\n# TYPE uploads_in_flight gauge\nuploads_in_flight {}\n",
        state.hub.refused(),
        state.uploads.in_flight(),
    ));
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response()
}
