//! Campaign Desk's regional server: the JSON API over hyper, sled storage, and the
//! embedded web client. `main.rs` parses the command line and calls [`run`]; tests call
//! [`start`] with a listener on `127.0.0.1:0`.

pub mod api;
pub mod assets;
pub mod auth;
pub mod backups;
pub mod config;
pub mod demo;
pub mod error;
pub mod extract;
pub mod failpoint;
pub mod fuzzing;
pub mod hq;
pub mod http;
pub mod jobs;
pub mod lunar;
pub mod metrics;
pub mod middleware;
pub mod notify;
pub mod startup_error;
pub mod state;
pub mod storage;
pub mod throttle;
pub mod thumbnails;
pub mod uploads;

use anyhow::Context as _;
use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;

use crate::config::Config;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::Store;

/// The whole HTTP application for `state`.
pub fn router(state: AppState) -> Router {
    use axum::middleware::from_fn_with_state;
    api::router()
        .route(shared::api::routes::METRICS, axum::routing::get(api::meta::metrics))
        .route_layer(from_fn_with_state(state.clone(), middleware::route_checks))
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .fallback(fallback)
        .layer(from_fn_with_state(state.clone(), middleware::idempotency))
        .layer(from_fn_with_state(state.clone(), middleware::same_origin))
        .layer(from_fn_with_state(state.clone(), middleware::timeout))
        .layer(from_fn_with_state(state.clone(), middleware::security_headers))
        .layer(from_fn_with_state(state.clone(), middleware::track))
        .layer(compression())
        .with_state(state)
}

/// The compression level of JSON and CSV answers, brotli's quality and gzip's level
/// alike: on one core, 5 compresses the largest demo campaign page (188 KB of JSON) 18×
/// in 3.6 ms with brotli (level 11: 23× in 319 ms) and 13× in 0.7 ms with gzip; below 5
/// brotli loses a tenth of its ratio, above it the time doubles for 3 % (BENCHMARKS.md,
/// "Compressed answers").
pub const COMPRESSION_LEVEL: i32 = 5;

/// JSON and CSV answers compressed by `Accept-Encoding` (brotli first, then gzip); the
/// client's files are compressed at build time and carry their encoding already, the live
/// stream (`text/event-stream`) is never compressed (each event must leave at once), and
/// neither are images, PDFs, spreadsheets or answers under 1 KiB.
fn compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{Predicate as _, SizeAbove};
    use tower_http::compression::{CompressionLayer, CompressionLevel};
    let textual = |_: axum::http::StatusCode,
                   _: axum::http::Version,
                   headers: &axum::http::HeaderMap,
                   _: &axum::http::Extensions| {
        headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("application/json") || t.starts_with("text/csv"))
    };
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Precise(COMPRESSION_LEVEL))
        .compress_when(SizeAbove::new(1024).and(textual))
}

/// Marks answers that no route produced, so tests can tell a missing route from a
/// handler's own "not found".
pub const FALLBACK_HEADER: &str = "x-campaign-desk-fallback";

async fn fallback(method: Method, uri: axum::http::Uri, headers: axum::http::HeaderMap) -> Response {
    let mut response = if method == Method::GET || method == Method::HEAD {
        assets::serve(uri, headers).await
    } else {
        AppError::NotFound.into_response()
    };
    response.headers_mut().insert(FALLBACK_HEADER, axum::http::HeaderValue::from_static("1"));
    response
}

/// Makes every file and directory the process creates from now on owner-only (umask
/// 077): the data directory holds password hashes, session hashes and the franchisees'
/// business, and backups hold all of it.
pub fn restrict_new_files() {
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

/// Opens the data directory and builds the shared state.
pub fn open_state(config: &Config) -> anyhow::Result<AppState> {
    let store = Store::open(&config.data_dir, config.store_options())?;
    // A data directory made by an earlier release (or by hand) may be readable by all:
    // its files stay private once the directory itself is the owner's alone.
    {
        use std::os::unix::fs::PermissionsExt as _;
        if let Err(error) = std::fs::set_permissions(&config.data_dir, std::fs::Permissions::from_mode(0o700)) {
            tracing::warn!(%error, dir = %config.data_dir.display(), "could not make the data directory owner-only");
        }
    }
    let calendar = lunar::calendar_for(store.calendar_years()?, config.clock().today());
    let removed = store.remove_orphan_files(storage::attachments::TMP_MAX_AGE)?;
    if removed > 0 {
        tracing::info!(removed, "removed orphaned attachment files");
    }
    let purged = store.purge_expired(chrono::Utc::now().timestamp_millis(), IDEMPOTENCY_MAX_AGE_MS)?;
    if purged > 0 {
        tracing::info!(purged, "expired sessions and idempotency records removed");
    }
    let public_origin = config.public_url.as_ref().map(|u| u.trim_end_matches('/').to_owned());
    let secure_cookies =
        config.tls_cert.is_some() || public_origin.as_deref().is_some_and(|u| u.starts_with("https://"));
    let uploads = Arc::new(uploads::Uploads::new(&store, config.upload_limits(), config.clock().today())?);
    let book = shared::schedule::Book::new(
        store.schedule_templates()?.into_iter().map(|r| (r.applies_from, r.template)).collect(),
    );
    Ok(AppState {
        uploads,
        store,
        calendar: Arc::new(std::sync::RwLock::new(Arc::new(calendar))),
        schedule: Arc::new(std::sync::RwLock::new(Arc::new(book))),
        clock: config.clock(),
        metrics: metrics::Metrics::new(),
        thumbnails: Arc::default(),
        auth: auth::Auth::new(
            std::time::Duration::from_secs(config.session_ttl_secs),
            secure_cookies,
            config.trusted_proxy.clone(),
        ),
        public_origin,
        header_read_timeout: std::time::Duration::from_millis(config.header_read_timeout_ms),
        request_timeout: std::time::Duration::from_millis(config.request_timeout_ms),
        in_flight: Arc::default(),
        hub: Arc::new(notify::hub::Hub::with_limit(stream_limit())),
        robots: Arc::new(notify::robots::Robots::new(
            config.allow_private_webhooks,
            std::time::Duration::from_millis(config.webhook_retry_ms),
        )),
        digest_at: (!config.no_digest).then_some(config.digest_at),
        metrics_token: config.metrics_token.as_deref().map(Arc::from),
        backups: Arc::new(backups::Backups::new(
            config.backup_dir.clone().unwrap_or_else(|| config.data_dir.join("backups")),
            config.backup_every.0,
            config.backup_keep,
        )),
    })
}

/// How many live streams the server may hold: [`notify::hub::STREAMS_MAX`], or a quarter
/// of the files this process may open when that is fewer (each stream is a socket; the
/// rest are for requests, sled and attachments). The soft limit on open files is raised to
/// the hard one first.
fn stream_limit() -> usize {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current < limit.maximum {
        limit.current = limit.maximum;
        if let Err(error) = setrlimit(Resource::Nofile, limit) {
            tracing::debug!(%error, "could not raise the open-files limit");
        }
    }
    let files = getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX);
    let by_files = usize::try_from(files / 4).unwrap_or(usize::MAX).max(16);
    notify::hub::STREAMS_MAX.min(by_files)
}

/// How long a retried POST can still be answered from its first response.
pub const IDEMPOTENCY_MAX_AGE_MS: i64 = 24 * 60 * 60 * 1000;

/// Opens the state and, on an empty data directory, creates the first administrator and
/// (unless disabled) the demo data. Returns the lines to show the person starting it.
pub async fn prepare(config: &Config) -> anyhow::Result<(AppState, Vec<String>)> {
    let state = open_state(config)?;
    let notes = demo::first_run(&state, config).await?;
    Ok((state, notes))
}

/// Serves `state` on `listener` until `shutdown` resolves, then drains open requests and
/// flushes storage.
pub async fn start(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    start_with_tls(state, listener, None, shutdown).await
}

/// As [`start`], serving HTTPS when `tls` is given.
pub async fn start_with_tls(
    state: AppState,
    listener: TcpListener,
    tls: Option<Arc<rustls::ServerConfig>>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let store = state.store.clone();
    let header_timeout = state.header_read_timeout;
    let sweeper = tokio::spawn(sweep_uploads(state.clone()));
    let robots = tokio::spawn(jobs::deliveries(state.clone()));
    let digest = state.digest_at.map(|at| tokio::spawn(jobs::digest(state.clone(), at)));
    let scheduled_backups = tokio::spawn(jobs::backups(state.clone()));
    // Live event streams never end by themselves: at shutdown they are closed first, so
    // that the drain of open requests does not wait for them.
    let hub = state.hub.clone();
    let (disk_back_tx, mut disk_back_rx) = tokio::sync::watch::channel(false);
    let disk = tokio::spawn(watch_disk(state.store.data_dir().to_path_buf(), disk_back_tx));
    let shutdown = async move {
        tokio::select! {
            () = shutdown => {}
            _ = disk_back_rx.wait_for(|back| *back) => {}
        }
        hub.close();
    };
    http::serve(listener, router(state), tls, header_timeout, shutdown).await?;
    disk.abort();
    sweeper.abort();
    robots.abort();
    scheduled_backups.abort();
    if let Some(digest) = digest {
        digest.abort();
    }
    if error::DISK_FULL.load(std::sync::atomic::Ordering::Relaxed) {
        // Nothing unacknowledged is lost: what could not be flushed was refused (503).
        anyhow::bail!(
            "磁盘曾满、现已有空间，服务器退出以便重启后恢复写入 / the disk was full and has space again: exiting so that the supervisor restarts the server with writes working"
        );
    }
    store.flush()?;
    tracing::info!("storage flushed; bye");
    Ok(())
}

/// After a write failed for want of space, waits for the disk to have room again (64 MiB
/// free, or 10 % of a smaller disk), then asks the server to stop: a fresh start is what
/// makes sled write again. Reads are served until then.
async fn watch_disk(data_dir: std::path::PathBuf, back: tokio::sync::watch::Sender<bool>) {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        if !error::DISK_FULL.load(std::sync::atomic::Ordering::Relaxed) {
            continue;
        }
        let free = uploads::free_disk_bytes(&data_dir).unwrap_or(0);
        let total = uploads::total_disk_bytes(&data_dir).unwrap_or(u64::MAX);
        if free >= (64 * 1024 * 1024).min(total / 10) {
            tracing::warn!(free, "the disk has space again: restarting to resume writes");
            let _ = back.send(true);
            return;
        }
    }
}

/// Removes uploads nothing refers to once their grace period is over, now and then.
async fn sweep_uploads(state: AppState) {
    loop {
        let (uploads, store) = (state.uploads.clone(), state.store.clone());
        let now = state.now_unix_ms();
        match tokio::task::spawn_blocking(move || uploads.sweep(&store, now)).await {
            Ok(Ok(0)) => {}
            Ok(Ok(removed)) => tracing::info!(removed, "uploads no campaign refers to were removed"),
            Ok(Err(error)) => tracing::warn!(%error, "sweeping uploads failed"),
            Err(error) => tracing::warn!(%error, "the upload sweeper stopped"),
        }
        tokio::time::sleep(state.uploads.sweep_every()).await;
    }
}

/// Runs the server as configured until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let tls = match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => Some(
            http::tls_config(cert, key)
                .with_context(|| format!("reading the TLS files {} and {}", cert.display(), key.display()))?,
        ),
        _ => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    // Signals are ours from the first moment: one that arrives while the data directory
    // opens (or the demo loads) lets that finish, then the server stops without serving.
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let signalled = http::shutdown_signals();
    tokio::spawn(async move {
        signalled.await;
        let _ = stop_tx.send(true);
    });
    tracing::info!(data_dir = %config.data_dir.display(), "starting");
    let (state, notes) =
        prepare(&config).await.with_context(|| format!("opening the data directory {}", config.data_dir.display()))?;
    if *stop_rx.borrow() {
        tracing::info!("stopped during start-up");
        state.store.flush()?;
        return Ok(());
    }
    let listener = TcpListener::bind(config.bind).await.with_context(|| format!("listening on {}", config.bind))?;
    let address = listener.local_addr()?;
    let (wasm, js, css) = assets::sizes();
    tracing::info!(data_dir = %config.data_dir.display(), wasm, js, css, "Campaign Desk ready");
    // The lines a person starting the server needs, on stdout. A closed stdout (a
    // supervisor that stopped reading) must not take the server down, so write errors
    // are ignored rather than panicking as `println!` would.
    {
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        let _ =
            writeln!(out, "Campaign Desk is serving on {scheme}://{address}/ (data in {})", config.data_dir.display());
        for note in notes {
            let _ = writeln!(out, "{note}");
        }
        let _ = out.flush();
    }
    let stop = async move {
        let _ = stop_rx.wait_for(|stop| *stop).await;
    };
    start_with_tls(state, listener, tls, stop).await
}
