//! Campaign Desk's regional server: the JSON API over hyper, sled storage, and the
//! embedded web client. `main.rs` parses the command line and calls [`run`]; tests call
//! [`start`] with a listener on `127.0.0.1:0`.

pub mod api;
pub mod assets;
pub mod config;
pub mod error;
pub mod extract;
pub mod http;
pub mod metrics;
pub mod state;
pub mod storage;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use shared::Calendar;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::Store;

/// The whole HTTP application for `state`.
pub fn router(state: AppState) -> Router {
    api::router()
        .route("/metrics", axum::routing::get(metrics::render))
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .fallback(fallback)
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .with_state(state)
}

async fn fallback(method: Method, uri: axum::http::Uri) -> Response {
    if method == Method::GET || method == Method::HEAD {
        assets::serve(uri).await
    } else {
        AppError::NotFound.into_response()
    }
}

/// Opens the data directory and builds the shared state.
pub fn open_state(config: &Config) -> anyhow::Result<AppState> {
    let store = Store::open(&config.data_dir, config.store_options())?;
    let mut calendar = Calendar::china_official();
    for year in store.calendar_years()? {
        calendar.insert(year)?;
    }
    let removed = store.remove_orphan_files(storage::attachments::TMP_MAX_AGE)?;
    if removed > 0 {
        tracing::info!(removed, "removed orphaned attachment files");
    }
    Ok(AppState {
        store,
        calendar: Arc::new(std::sync::RwLock::new(Arc::new(calendar))),
        clock: config.clock(),
        metrics: metrics::Metrics::new(),
    })
}

/// Serves `state` on `listener` until `shutdown` resolves, then drains open requests and
/// flushes storage.
pub async fn start(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let store = state.store.clone();
    http::serve(listener, router(state), shutdown).await?;
    store.flush()?;
    tracing::info!("storage flushed; bye");
    Ok(())
}

/// Runs the server as configured until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let state = open_state(&config)?;
    let listener = TcpListener::bind(config.bind).await?;
    let address = listener.local_addr()?;
    let (wasm, js, css) = assets::sizes();
    tracing::info!(data_dir = %config.data_dir.display(), wasm, js, css, "Campaign Desk ready");
    // The one line a person starting the server needs, on stdout.
    #[allow(clippy::print_stdout)]
    {
        println!("Campaign Desk is serving on http://{address}/ (data in {})", config.data_dir.display());
    }
    start(state, listener, http::shutdown_signal()).await
}
