//! Calls to the server's JSON API on the paths `shared::api::routes` fixes. POSTs carry an
//! `Idempotency-Key`; one that cannot reach the server (or gets no answer within
//! `TIMEOUT`) is kept in the outbox (local storage) and sent again, with the same key,
//! until the server answers, so a flaky shop connection never loses or doubles a request.
//! One the server refuses when it finally arrives (say, another store moved the campaign
//! on meanwhile) is never dropped: it moves to the refused list with the server's reason,
//! its draft stays, and the person can send it again on the current state or discard it.

use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::RuleCode;
use shared::api::{ApiError, AttachmentView, CampaignDetail, IDEMPOTENCY_KEY_HEADER};
use shared::endpoints::{Endpoint, GetCampaign, Payload, Upload, url};
use shared::workflow::ActionKind;
use wasm_bindgen::JsCast as _;

use crate::local;

/// The account's outbox and refusals (`local::mine`: each account's own).
const OUTBOX_KEY: &str = "outbox";
const REFUSED_KEY: &str = "refused";

/// How long a call may take before it counts as not answered (and a POST goes to the
/// outbox, to be sent again with the same key: if the server did get it, it answers the
/// retry with the first answer instead of doing it twice).
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

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

/// A fresh idempotency key: a version-4 UUID from the browser's cryptographic generator
/// (`getRandomValues`, which works on a plain-http LAN address too, where `randomUUID` is
/// missing), never `Math.random` (whose keys two tablets could share, and whose sequence
/// can be guessed). A browser without one cannot send at all, and says why.
pub fn new_key() -> Result<String, CallError> {
    let mut bytes = [0u8; 16];
    if !random_bytes(&mut bytes) {
        return Err(no_crypto());
    }
    Ok(uuid_v4(bytes))
}

fn crypto() -> Option<web_sys::Crypto> {
    web_sys::window()?.crypto().ok()
}

/// Fills `bytes` from the browser's cryptographic generator; `false` when it has none
/// (there is no fallback: a guessable number is worse than an error). The
/// administrator's password generator and the live stream's backoff draw from it.
pub fn random_bytes(bytes: &mut [u8]) -> bool {
    crypto().is_some_and(|crypto| crypto.get_random_values_with_u8_array(bytes).is_ok())
}

/// The error of a browser without a cryptographic generator (status 0: never sent).
fn no_crypto() -> CallError {
    CallError::Api {
        status: 0,
        error: ApiError {
            code: RuleCode::Internal,
            message_zh: "此浏览器无法生成安全随机数，无法发送，请更新浏览器。".into(),
            message_en: "This browser cannot make secure random numbers to send with; please update it.".into(),
            fields: Vec::new(),
        },
    }
}

/// A version-4 UUID (RFC 9562) written from 16 random bytes: `xxxxxxxx-xxxx-4xxx-Nxxx-…`.
fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        for nibble in [byte >> 4, byte & 0x0f] {
            text.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    text
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
    // Not answered within TIMEOUT: the request is aborted and counts as not sent.
    let controller = web_sys::AbortController::new().ok();
    if let Some(controller) = controller.clone() {
        yew::platform::spawn_local(async move {
            yew::platform::time::sleep(TIMEOUT).await;
            controller.abort();
        });
    }
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    let mut request = RequestBuilder::new(path).method(method).abort_signal(signal.as_ref());
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
        match crate::json::from_str::<ApiError>(&text) {
            Some(error) => Err(CallError::Api { status, error }),
            // A proxy's error page or a half answer: as good as no answer.
            None => Err(CallError::Network),
        }
    }
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, CallError> {
    crate::json::from_str(if text.is_empty() { "null" } else { text }).ok_or(CallError::Network)
}

/// A GET of endpoint `E`: its path parameters and typed query, its typed answer.
pub async fn fetch<E: Endpoint>(params: &[&str], query: &E::Query) -> Result<E::Response, CallError> {
    decode(&send(Method::GET, &url::<E>(params, query), None, None).await?)
}

/// As [`fetch`], also returning the answer's text as it came (kept for opening offline
/// without writing the typed value back out).
pub async fn fetch_kept<E: Endpoint>(params: &[&str], query: &E::Query) -> Result<(E::Response, String), CallError> {
    let text = send(Method::GET, &url::<E>(params, query), None, None).await?;
    Ok((decode(&text)?, text))
}

fn body_of<E: Endpoint>(body: &E::Request) -> Result<Option<String>, CallError> {
    match E::REQUEST {
        Payload::Json => crate::json::to_string(body).map(Some).ok_or(CallError::Network),
        _ => Ok(None),
    }
}

/// A call of endpoint `E` with its typed body; a POST carries a fresh idempotency key.
/// Not queued when offline (for logins and the administrator's pages).
pub async fn call<E: Endpoint>(params: &[&str], body: &E::Request) -> Result<E::Response, CallError> {
    let text = body_of::<E>(body)?;
    let key = (E::METHOD == shared::endpoints::Method::Post).then(new_key).transpose()?;
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
    /// The local-storage key of the form's draft, removed once the server has it.
    #[serde(default)]
    pub draft: Option<String>,
    /// When it was put in the outbox (the tablet's clock), to say when it was typed.
    #[serde(default)]
    pub queued_at_ms: f64,
}

impl Pending {
    /// The kind of a queued campaign action (named in its path).
    pub fn action_kind(&self) -> Option<ActionKind> {
        ActionKind::parse(self.action_path()?.1)
    }

    /// A queued campaign action's input as it was entered, read as the action's own type
    /// (`T`, e.g. `shared::workflow::ReportSales`). Read from the JSON's value, never as the
    /// whole `Action` enum: the store managers' app then carries no code to tell all the
    /// actions apart (a tenth of the app).
    pub fn action_input<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        let request = crate::json::object(&self.body)?;
        let action = js_sys::Reflect::get(&request, &"action".into()).ok()?;
        js_sys::Reflect::delete_property(action.dyn_ref::<js_sys::Object>()?, &"type".into()).ok()?;
        crate::json::from_value(action)
    }

    /// The campaign it concerns, if it is a campaign action.
    pub fn campaign(&self) -> Option<u64> {
        self.action_path()?.0.parse().ok()
    }

    /// The campaign id and the action name of a queued campaign action, read by the
    /// action's route (`routes::CAMPAIGN_ACTION`).
    fn action_path(&self) -> Option<(&str, &str)> {
        match shared::api::path_values(shared::api::routes::CAMPAIGN_ACTION, &self.path)?.as_slice() {
            [campaign, action] => Some((campaign, action)),
            _ => None,
        }
    }
}

/// A queued request the server refused when it arrived, with its reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refused {
    pub pending: Pending,
    pub status: u16,
    pub error: ApiError,
}

pub fn outbox() -> Vec<Pending> {
    local::mine::load(OUTBOX_KEY).unwrap_or_default()
}

fn set_outbox(items: &[Pending]) {
    if items.is_empty() {
        local::mine::remove(OUTBOX_KEY);
    } else {
        local::mine::save(OUTBOX_KEY, &items);
    }
}

/// Everything the server refused that the person has not dealt with yet, oldest first.
pub fn refused() -> Vec<Refused> {
    local::mine::load(REFUSED_KEY).unwrap_or_default()
}

fn set_refused(items: &[Refused]) {
    if items.is_empty() {
        local::mine::remove(REFUSED_KEY);
    } else {
        local::mine::save(REFUSED_KEY, &items);
    }
}

/// Takes a refused request off the list, at the person's word (its draft stays).
pub fn discard_refused(key: &str) {
    let mut items = refused();
    items.retain(|r| r.pending.key != key);
    set_refused(&items);
}

/// Sends a POST of endpoint `E`; if the server cannot be reached it goes to the outbox
/// and `Ok(None)` says so. The same key is used for every retry; `draft` is the form's
/// draft to remove once the server has it.
pub async fn call_or_queue<E: Endpoint>(
    label: &str,
    params: &[&str],
    body: &E::Request,
    draft: Option<&str>,
) -> Result<Option<E::Response>, CallError> {
    let body = body_of::<E>(body)?.unwrap_or_default();
    let path = shared::api::path(E::PATH, params);
    send_or_queue(Pending {
        label: label.to_owned(),
        path,
        body,
        key: new_key()?,
        draft: draft.map(str::to_owned),
        queued_at_ms: js_sys::Date::now(),
    })
    .await
}

async fn send_or_queue<T: DeserializeOwned>(pending: Pending) -> Result<Option<T>, CallError> {
    match send(Method::POST, &pending.path, Some(&pending.body), Some(&pending.key)).await {
        Ok(text) => {
            if let Some(draft) = &pending.draft {
                local::mine::remove(draft);
            }
            decode(&text).map(Some)
        }
        Err(CallError::Network) => {
            let mut items = outbox();
            items.push(pending);
            set_outbox(&items);
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// Sends a refused campaign action again, on the campaign as it is now (its current
/// version). It leaves the refused list once the server has it or it is queued again;
/// a second refusal replaces the reason shown.
pub async fn send_again(key: &str) -> Result<Option<CampaignDetail>, CallError> {
    let Some(item) = refused().into_iter().find(|r| r.pending.key == key) else { return Ok(None) };
    let mut pending = item.pending.clone();
    if let Some(id) = pending.campaign() {
        // The same action on the campaign's current version (its `version` replaced).
        let current = fetch::<GetCampaign>(&[&id.to_string()], &()).await?;
        let request = crate::json::object(&pending.body).ok_or(CallError::Network)?;
        let version = wasm_bindgen::JsValue::from_f64(current.campaign.campaign().version as f64);
        js_sys::Reflect::set(&request, &"version".into(), &version).map_err(|_| CallError::Network)?;
        pending.body = crate::json::stringify(&request).ok_or(CallError::Network)?;
    }
    pending.key = new_key()?;
    let result = send_or_queue::<CampaignDetail>(pending).await;
    match &result {
        Ok(_) => discard_refused(key),
        Err(CallError::Api { status, error }) => {
            let mut items = refused();
            if let Some(entry) = items.iter_mut().find(|r| r.pending.key == key) {
                entry.status = *status;
                entry.error = error.clone();
            }
            set_refused(&items);
        }
        Err(CallError::Network) => {}
    }
    result
}

/// What a flush of the outbox did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flushed {
    pub sent: usize,
    pub refused: usize,
    pub reachable: bool,
}

/// Sends what waits in the outbox, oldest first, stopping at the first request the
/// server cannot be reached for. A refused one moves to the refused list, never away.
pub async fn flush_outbox() -> Flushed {
    let mut items = outbox();
    let mut flushed = Flushed { reachable: true, ..Flushed::default() };
    while let Some(item) = items.first().cloned() {
        match send(Method::POST, &item.path, Some(&item.body), Some(&item.key)).await {
            Ok(_) => {
                flushed.sent += 1;
                if let Some(draft) = &item.draft {
                    local::mine::remove(draft);
                }
            }
            Err(CallError::Api { status, error }) => {
                flushed.refused += 1;
                let mut list = refused();
                list.push(Refused { pending: item.clone(), status, error });
                set_refused(&list);
            }
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
    let name: String = js_sys::encode_uri_component(&shared::api::upload_file_name(&file.name())).into();
    let request = RequestBuilder::new(Upload::PATH)
        .method(Method::POST)
        .header(shared::api::FILE_NAME_HEADER, &name)
        .header("content-type", &file.type_())
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(|_| CallError::Network)?;
    let response = request.send().await.map_err(|_| CallError::Network)?;
    let status = response.status();
    let text = response.text().await.map_err(|_| CallError::Network)?;
    if (200..300).contains(&status) {
        decode(&text)
    } else {
        crate::json::from_str::<ApiError>(&text)
            .map(|error| Err(CallError::Api { status, error }))
            .unwrap_or(Err(CallError::Network))
    }
}

#[cfg(test)]
mod tests {
    use super::uuid_v4;

    #[test]
    fn keys_are_version_4_uuids() {
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        let key = uuid_v4([0x12; 16]);
        assert_eq!(key.len(), 36);
        assert!(key.len() <= shared::api::IDEMPOTENCY_KEY_MAX_CHARS);
    }
}
