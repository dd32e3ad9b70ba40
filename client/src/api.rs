//! Calls to the server's JSON API on the paths `shared::api::routes` fixes. POSTs carry an
//! `Idempotency-Key`; one that cannot reach the server is kept in the outbox (local
//! storage) and sent again, with the same key, until the server answers, so a flaky shop
//! connection never loses or doubles a request.

use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::RuleCode;
use shared::api::{ApiError, AttachmentView, IDEMPOTENCY_KEY_HEADER};
use shared::endpoints::{Endpoint, Payload, Upload, url};

use crate::local;

const OUTBOX_KEY: &str = "campaign-desk.outbox";

/// Why a call failed: the server's own error body, or no answer at all.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    Api { status: u16, error: ApiError },
    Network,
}

impl CallError {
    pub fn is_conflict(&self) -> bool {
        matches!(self, CallError::Api { status: 409, error } if error.code == RuleCode::StaleVersion)
    }
}

/// A fresh idempotency key.
pub fn new_key() -> String {
    let now = js_sys::Date::now() as u64;
    let random = (js_sys::Math::random() * 1e15) as u64;
    format!("{now:x}-{random:x}")
}

fn gloo_method(method: shared::endpoints::Method) -> Method {
    match method {
        shared::endpoints::Method::Get => Method::GET,
        shared::endpoints::Method::Post => Method::POST,
        shared::endpoints::Method::Put => Method::PUT,
        shared::endpoints::Method::Delete => Method::DELETE,
    }
}

async fn send(method: Method, path: &str, body: Option<&str>, key: Option<&str>) -> Result<String, CallError> {
    let mut request = RequestBuilder::new(path).method(method);
    if let Some(key) = key {
        request = request.header(IDEMPOTENCY_KEY_HEADER, key);
    }
    let request = match body {
        Some(body) => request.header("content-type", "application/json").body(body.to_owned()),
        None => request.build(),
    }
    .map_err(|_| CallError::Network)?;
    let response = request.send().await.map_err(|_| CallError::Network)?;
    let status = response.status();
    let text = response.text().await.map_err(|_| CallError::Network)?;
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        match serde_json::from_str::<ApiError>(&text) {
            Ok(error) => Err(CallError::Api { status, error }),
            // A proxy's error page or a half answer: as good as no answer.
            Err(_) => Err(CallError::Network),
        }
    }
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, CallError> {
    serde_json::from_str(if text.is_empty() { "null" } else { text }).map_err(|_| CallError::Network)
}

/// A GET of endpoint `E`: its path parameters and typed query, its typed answer.
pub async fn fetch<E: Endpoint>(params: &[&str], query: &E::Query) -> Result<E::Response, CallError> {
    decode(&send(Method::GET, &url::<E>(params, query), None, None).await?)
}

fn body_of<E: Endpoint>(body: &E::Request) -> Result<Option<String>, CallError> {
    match E::REQUEST {
        Payload::Json => serde_json::to_string(body).map(Some).map_err(|_| CallError::Network),
        _ => Ok(None),
    }
}

/// A call of endpoint `E` with its typed body; a POST carries a fresh idempotency key.
/// Not queued when offline (for logins and the administrator's pages).
pub async fn call<E: Endpoint>(params: &[&str], body: &E::Request) -> Result<E::Response, CallError> {
    let text = body_of::<E>(body)?;
    let key = (E::METHOD == shared::endpoints::Method::Post).then(new_key);
    let path = shared::api::path(E::PATH, params);
    decode(&send(gloo_method(E::METHOD), &path, text.as_deref(), key.as_deref()).await?)
}

/// A request kept until the server has answered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub label: String,
    pub path: String,
    pub body: String,
    pub key: String,
}

pub fn outbox() -> Vec<Pending> {
    local::load(OUTBOX_KEY).unwrap_or_default()
}

fn set_outbox(items: &[Pending]) {
    if items.is_empty() {
        local::remove(OUTBOX_KEY);
    } else {
        local::save(OUTBOX_KEY, &items);
    }
}

/// Sends a POST of endpoint `E`; if the server cannot be reached it goes to the outbox
/// and `Ok(None)` says so. The same key is used for every retry.
pub async fn call_or_queue<E: Endpoint>(
    label: &str,
    params: &[&str],
    body: &E::Request,
) -> Result<Option<E::Response>, CallError> {
    let body = body_of::<E>(body)?.unwrap_or_default();
    let path = shared::api::path(E::PATH, params);
    let key = new_key();
    match send(Method::POST, &path, Some(&body), Some(&key)).await {
        Ok(text) => decode(&text).map(Some),
        Err(CallError::Network) => {
            let mut items = outbox();
            items.push(Pending { label: label.to_owned(), path, body, key });
            set_outbox(&items);
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// What a flush of the outbox did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flushed {
    pub sent: usize,
    pub refused: Vec<(String, ApiError)>,
    pub reachable: bool,
}

/// Sends what waits in the outbox, oldest first, stopping at the first request the
/// server cannot be reached for.
pub async fn flush_outbox() -> Flushed {
    let mut items = outbox();
    let mut flushed = Flushed { reachable: true, ..Flushed::default() };
    while let Some(item) = items.first().cloned() {
        match send(Method::POST, &item.path, Some(&item.body), Some(&item.key)).await {
            Ok(_) => flushed.sent += 1,
            Err(CallError::Api { error, .. }) => flushed.refused.push((item.label.clone(), error)),
            Err(CallError::Network) => {
                flushed.reachable = false;
                break;
            }
        }
        items.remove(0);
        set_outbox(&items);
    }
    flushed
}

/// Uploads a photo or file taken on the tablet.
pub async fn upload(file: &web_sys::File) -> Result<AttachmentView, CallError> {
    let name: String = js_sys::encode_uri_component(&file.name()).into();
    let request = RequestBuilder::new(Upload::PATH)
        .method(Method::POST)
        .header("x-file-name", &name)
        .header("content-type", &file.type_())
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(|_| CallError::Network)?;
    let response = request.send().await.map_err(|_| CallError::Network)?;
    let status = response.status();
    let text = response.text().await.map_err(|_| CallError::Network)?;
    if (200..300).contains(&status) {
        decode(&text)
    } else {
        serde_json::from_str::<ApiError>(&text)
            .map(|error| Err(CallError::Api { status, error }))
            .unwrap_or(Err(CallError::Network))
    }
}
