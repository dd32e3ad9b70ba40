//! The web client, embedded in the binary at build time (see `build.rs`), served as a
//! static site should be: every asset but the page and the service worker is named after
//! its content and cached for a year (`immutable`); the page and the worker are
//! revalidated with an `ETag` (304 when unchanged); each is sent brotli- or
//! gzip-compressed when the browser accepts it (compressed at build time), with
//! `Vary: Accept-Encoding`. Any GET that is not an API route or an asset gets the page, so
//! the app's own URLs survive a reload.

use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// One file of the client as built.
#[derive(Debug)]
pub struct Asset {
    pub path: &'static str,
    pub content_type: &'static str,
    pub immutable: bool,
    pub etag: &'static str,
    /// Whether `gzip` and `brotli` are compressed forms (not for PNGs).
    pub compressed: bool,
    pub identity: &'static [u8],
    pub gzip: &'static [u8],
    pub brotli: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The encodings a request accepts, by our preference (brotli, gzip, none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// Reads `Accept-Encoding` (q=0 refuses an encoding).
pub fn negotiate(headers: &HeaderMap) -> Encoding {
    let accepted: Vec<(String, f32)> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = parts.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            (name, q)
        })
        .collect();
    let ok = |name: &str| accepted.iter().any(|(n, q)| (n == name || n == "*") && *q > 0.0);
    if ok("br") {
        Encoding::Brotli
    } else if ok("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// The asset at `path`, if there is one.
pub fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

/// The page (`/`): what every app URL answers.
fn page() -> Option<&'static Asset> {
    find("/")
}

/// Sizes of the shipped client (the store managers' build), for the start-up log.
pub fn sizes() -> (usize, usize, usize) {
    let size = |prefix: &str, suffix: &str| {
        ASSETS.iter().find(|a| a.path.starts_with(prefix) && a.path.ends_with(suffix)).map_or(0, |a| a.identity.len())
    };
    (size("/assets/app-store_bg.", ".wasm"), size("/assets/app-store.", ".js"), size("/assets/style.", ".css"))
}

fn respond(asset: &'static Asset, headers: &HeaderMap) -> Response {
    let cache = if asset.immutable { "public, max-age=31536000, immutable" } else { "no-cache" };
    let mut response = if headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| tag.trim() == asset.etag || tag.trim() == "*")
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let (body, encoding) = match (asset.compressed, negotiate(headers)) {
            (true, Encoding::Brotli) => (asset.brotli, Some("br")),
            (true, Encoding::Gzip) => (asset.gzip, Some("gzip")),
            _ => (asset.identity, None),
        };
        let mut response = (StatusCode::OK, body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
        if let Some(encoding) = encoding {
            response.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    };
    let response_headers = response.headers_mut();
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response_headers.insert(header::ETAG, HeaderValue::from_static(asset.etag));
    response_headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if asset.path == "/sw.js" {
        // The worker controls the whole site from its own path.
        response_headers.insert("service-worker-allowed", HeaderValue::from_static("/"));
    }
    response
}

pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    if let Some(asset) = find(path) {
        return respond(asset, &headers);
    }
    if path.starts_with("/api/") || path.starts_with("/assets/") || path == "/sw.js" {
        return crate::error::AppError::NotFound.into_response();
    }
    match page() {
        Some(page) => respond(page, &headers),
        None => crate::error::AppError::NotFound.into_response(),
    }
}
