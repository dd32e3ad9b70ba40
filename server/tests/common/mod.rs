//! Typed calls through the endpoint table (`shared::endpoints`) for the tests that run the
//! server binary: the same method, path, body and success status the browser uses, in
//! `shared` types. (`tests/src/lib.rs` has the richer kit for in-process servers.)
// Each test binary uses a part of this module.
#![allow(dead_code)]

use reqwest::StatusCode;
use shared::api::ApiError;
use shared::endpoints::{Endpoint, Method, Payload, url};

/// A non-success answer, with the error body every refusal carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub status: StatusCode,
    pub error: ApiError,
}

/// A call of endpoint `E` with `client` on the server at `base` (`http://host:port`):
/// its method, its URL, and its JSON body when it takes one. Headers may be added.
pub fn request<E: Endpoint>(
    client: &reqwest::Client,
    base: &str,
    params: &[&str],
    query: &E::Query,
    body: &E::Request,
) -> reqwest::RequestBuilder {
    let method = match E::METHOD {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
    };
    let request = client.request(method, format!("{base}{}", url::<E>(params, query)));
    match E::REQUEST {
        Payload::Json => request.json(body),
        Payload::Empty | Payload::Text | Payload::Raw(_) => request,
    }
}

/// Reads an answer of endpoint `E`: the typed body when the status is `E::STATUS`, the
/// refusal when it is not a success. Another success, a body that is not the endpoint's
/// type, and a refusal without an `ApiError` body fail the test.
pub async fn answer<E: Endpoint>(response: reqwest::Response) -> Result<E::Response, Refused> {
    let status = response.status();
    let bytes = response.bytes().await.unwrap_or_else(|e| panic!("{}: reading the answer: {e}", E::NAME));
    let text = String::from_utf8_lossy(&bytes);
    if status == E::STATUS {
        let body = match E::RESPONSE {
            Payload::Json => serde_json::from_slice(&bytes),
            Payload::Empty | Payload::Text | Payload::Raw(_) => serde_json::from_value(serde_json::Value::Null),
        };
        return Ok(body.unwrap_or_else(|e| panic!("{}: the {status} answer is not its type: {e} in {text}", E::NAME)));
    }
    assert!(!status.is_success(), "{}: answered {status}, not its {}: {text}", E::NAME, E::STATUS);
    let error = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{}: {status} without an error body ({e}): {text}", E::NAME));
    Err(Refused { status, error })
}

/// Calls endpoint `E`; the typed answer or the refusal.
pub async fn call<E: Endpoint>(
    client: &reqwest::Client,
    base: &str,
    params: &[&str],
    query: &E::Query,
    body: &E::Request,
) -> Result<E::Response, Refused> {
    let response = request::<E>(client, base, params, query, body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{} {}: {e}", E::NAME, url::<E>(params, query)));
    answer::<E>(response).await
}
