//! The web client, embedded in the binary at build time (see `build.rs`), so the binary
//! alone is the deployment. Any GET that is not an API route gets the app's page, so
//! that the client's own URLs survive a reload.

use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

const INDEX_HTML: &str = include_str!("../../client/index.html");
const STYLE_CSS: &str = include_str!("../../client/style.css");
const BOOT_JS: &str = include_str!("../../client/boot.js");
const APP_JS: &str = include_str!(concat!(env!("OUT_DIR"), "/app.js"));
const APP_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/app_bg.wasm"));

/// Sizes of the shipped client, for the startup log and the benchmarks.
pub fn sizes() -> (usize, usize, usize) {
    (APP_WASM.len(), APP_JS.len(), STYLE_CSS.len())
}

fn asset(content_type: &'static str, body: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

pub async fn serve(uri: Uri) -> Response {
    let path = uri.path();
    match path {
        "/assets/app.js" => asset("text/javascript; charset=utf-8", APP_JS.as_bytes()),
        "/assets/boot.js" => asset("text/javascript; charset=utf-8", BOOT_JS.as_bytes()),
        "/assets/app_bg.wasm" => asset("application/wasm", APP_WASM),
        "/assets/style.css" => asset("text/css; charset=utf-8", STYLE_CSS.as_bytes()),
        _ if path.starts_with("/api/") || path.starts_with("/assets/") => {
            crate::error::AppError::NotFound.into_response()
        }
        _ => (StatusCode::OK, asset("text/html; charset=utf-8", INDEX_HTML.as_bytes())).into_response(),
    }
}
