//! Request counters and a latency histogram, and the Prometheus text they are read out
//! in (`/metrics` is served by `api::meta`, which adds the other parts' figures).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::Method;

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

    /// The request counters and the latency histogram, in Prometheus text.
    pub fn write(&self, out: &mut Exposition) {
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        out.head("http_request_duration_seconds", "histogram", "Time to answer a request.");
        for (i, bound) in LATENCY_BUCKETS_MS.iter().enumerate() {
            let le = *bound as f64 / 1000.0;
            out.sample(&format!("http_request_duration_seconds_bucket{{le=\"{le}\"}}"), load(&self.latency_buckets[i]));
        }
        let count = load(&self.latency_buckets[LATENCY_BUCKETS_MS.len()]);
        out.sample("http_request_duration_seconds_bucket{le=\"+Inf\"}", count);
        out.sample("http_request_duration_seconds_sum", load(&self.latency_sum_us) as f64 / 1_000_000.0);
        out.sample("http_request_duration_seconds_count", count);
        out.head("http_requests_total", "counter", "HTTP requests received, by method.");
        out.sample("http_requests_total{method=\"GET\"}", load(&self.get));
        out.sample("http_requests_total{method=\"POST\"}", load(&self.post));
        out.sample("http_requests_total{method=\"other\"}", load(&self.other));
        out.head("http_responses_errors_total", "counter", "HTTP error responses, by class.");
        out.sample("http_responses_errors_total{class=\"4xx\"}", load(&self.client_errors));
        out.sample("http_responses_errors_total{class=\"5xx\"}", load(&self.server_errors));
    }

    /// Counts a request (middleware `crate::middleware::track`).
    pub fn count(&self, method: &Method, status: axum::http::StatusCode, elapsed: std::time::Duration) {
        let counter = match *method {
            Method::GET => &self.get,
            Method::POST => &self.post,
            _ => &self.other,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        self.observe(elapsed);
        if status.is_client_error() {
            self.client_errors.fetch_add(1, Ordering::Relaxed);
        } else if status.is_server_error() {
            self.server_errors.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Prometheus text exposition (format 0.0.4): `# HELP` and `# TYPE` once per metric, then
/// its samples. Written by hand: the format is three kinds of line, and the server's
/// figures are a few dozen atomics read at scrape time, which a metrics library would
/// register and copy rather than read (decision in DECISIONS.md).
#[derive(Debug, Default)]
pub struct Exposition {
    text: String,
}

impl Exposition {
    pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

    /// A metric's help line and type (`counter`, `gauge`, `histogram`).
    pub fn head(&mut self, name: &str, kind: &str, help: &str) {
        self.text.push_str(&format!("# HELP {name} {help}\n# TYPE {name} {kind}\n"));
    }

    /// One sample: the name with its labels, and the value.
    pub fn sample(&mut self, name_and_labels: &str, value: impl std::fmt::Display) {
        self.text.push_str(&format!("{name_and_labels} {value}\n"));
    }

    /// A metric with one unlabelled sample.
    pub fn one(&mut self, name: &str, kind: &str, help: &str, value: impl std::fmt::Display) {
        self.head(name, kind, help);
        self.sample(name, value);
    }

    pub fn into_text(self) -> String {
        self.text
    }
}
