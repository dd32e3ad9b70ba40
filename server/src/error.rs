//! The one error type at the HTTP edge, and its one mapping to status codes. Every error
//! body is `shared::api::ApiError`; 5xx bodies are generic and the detail goes to the log
//! with a request id.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shared::api::ApiError;
use shared::messages::{FieldError, Message};
use shared::workflow::{Violation, ViolationKind};

use crate::storage::StorageError;

#[derive(Debug)]
pub enum AppError {
    /// One or more fields broke a rule (422).
    Validation(Vec<FieldError>),
    /// The body is not JSON at all (400).
    MalformedJson {
        line: usize,
        column: usize,
    },
    UnsupportedMediaType,
    /// An upload whose bytes are none of the accepted file types (415).
    UploadType,
    /// A session or account has as many live streams open as it may (429).
    TooManyStreams {
        max: usize,
        per_session: bool,
    },
    /// As many backup downloads are running as may (429).
    TooManyDownloads {
        max: usize,
        per_account: bool,
    },
    PayloadTooLarge {
        max_bytes: usize,
    },
    NotFound,
    MethodNotAllowed,
    /// No valid session (401).
    Unauthenticated,
    BadCredentials,
    /// Logged in, but the role may not do this (403).
    Forbidden,
    CrossOrigin,
    TooManyAttempts {
        retry_after_s: u64,
    },
    Timeout,
    RequestInProgress,
    /// Too much work waiting (503, retry shortly).
    Busy {
        retry_after_s: u64,
    },
    ImageUnusable,
    UploadQuotaExceeded {
        max_mb: u64,
    },
    /// Nothing more can be stored now (503): the disk budget or the disk is full.
    StorageFull,
    /// A query string or path segment that does not parse (400).
    BadRequest(Vec<FieldError>),
    /// A workflow or intake rule from `shared` refused the request.
    Violation(Violation),
    /// The record changed since the client read it (optimistic concurrency).
    Conflict {
        current: u64,
    },
    Storage(StorageError),
}

impl From<Violation> for AppError {
    fn from(violation: Violation) -> Self {
        AppError::Violation(violation)
    }
}

impl From<StorageError> for AppError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::Conflict { current } => AppError::Conflict { current },
            StorageError::NotFound => AppError::NotFound,
            StorageError::AlreadyExists => AppError::Validation(vec![FieldError::new("", &Message::AlreadyDone)]),
            // A write that could not be made durable for want of space: the client's
            // input is kept (it gets a 503 and says so), nothing is acknowledged.
            StorageError::Io(ref message)
                if ["No space left", "os error 28", "StorageFull", "os error 122"]
                    .iter()
                    .any(|m| message.contains(m)) =>
            {
                tracing::warn!(%message, "a write was refused: the disk is full");
                DISK_FULL.store(true, Ordering::Relaxed);
                AppError::StorageFull
            }
            other => AppError::Storage(other),
        }
    }
}

static NEXT_ERROR_ID: AtomicU64 = AtomicU64::new(1);

/// Set when a write failed for want of disk space. sled keeps such an error for the life
/// of the open database, so once space is back the server restarts itself (see
/// `lib.rs`, `watch_disk`) and its supervisor brings it up again with writes working.
pub static DISK_FULL: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn error_id() -> String {
    let n = NEXT_ERROR_ID.fetch_add(1, Ordering::Relaxed);
    let ms = chrono::Utc::now().timestamp_millis();
    format!("{ms:x}-{n}")
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut retry_after = None;
        let (status, body) = match self {
            AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, ApiError::from_message(&Message::Unauthenticated)),
            AppError::BadCredentials => (StatusCode::UNAUTHORIZED, ApiError::from_message(&Message::BadCredentials)),
            AppError::Forbidden => (StatusCode::FORBIDDEN, ApiError::from_message(&Message::Forbidden)),
            AppError::CrossOrigin => (StatusCode::FORBIDDEN, ApiError::from_message(&Message::CrossOrigin)),
            AppError::TooManyAttempts { retry_after_s } => {
                retry_after = Some(retry_after_s);
                (StatusCode::TOO_MANY_REQUESTS, ApiError::from_message(&Message::TooManyAttempts { retry_after_s }))
            }
            AppError::Timeout => (StatusCode::SERVICE_UNAVAILABLE, ApiError::from_message(&Message::Timeout)),
            AppError::Busy { retry_after_s } => {
                retry_after = Some(retry_after_s);
                (StatusCode::SERVICE_UNAVAILABLE, ApiError::from_message(&Message::Busy { retry_after_s }))
            }
            AppError::ImageUnusable => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, ApiError::from_message(&Message::ImageUnusable))
            }
            AppError::UploadQuotaExceeded { max_mb } => {
                (StatusCode::TOO_MANY_REQUESTS, ApiError::from_message(&Message::UploadQuotaExceeded { max_mb }))
            }
            AppError::StorageFull => (StatusCode::SERVICE_UNAVAILABLE, ApiError::from_message(&Message::StorageFull)),
            AppError::RequestInProgress => (StatusCode::CONFLICT, ApiError::from_message(&Message::RequestInProgress)),
            AppError::BadRequest(fields) => (StatusCode::BAD_REQUEST, ApiError::from_fields(fields)),
            AppError::Validation(fields) => (StatusCode::UNPROCESSABLE_ENTITY, ApiError::from_fields(fields)),
            AppError::MalformedJson { line, column } => {
                (StatusCode::BAD_REQUEST, ApiError::from_message(&Message::MalformedJson { line, column }))
            }
            AppError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, ApiError::from_message(&Message::UnsupportedMediaType))
            }
            AppError::UploadType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, ApiError::from_message(&Message::UploadType)),
            AppError::TooManyStreams { max, per_session } => {
                retry_after = Some(30);
                (StatusCode::TOO_MANY_REQUESTS, ApiError::from_message(&Message::TooManyStreams { max, per_session }))
            }
            AppError::TooManyDownloads { max, per_account } => {
                retry_after = Some(crate::backups::DOWNLOAD_RETRY_AFTER_S);
                (StatusCode::TOO_MANY_REQUESTS, ApiError::from_message(&Message::TooManyDownloads { max, per_account }))
            }
            AppError::PayloadTooLarge { max_bytes } => {
                (StatusCode::PAYLOAD_TOO_LARGE, ApiError::from_message(&Message::PayloadTooLarge { max_bytes }))
            }
            AppError::NotFound => (StatusCode::NOT_FOUND, ApiError::from_message(&Message::NotFound)),
            AppError::MethodNotAllowed => {
                (StatusCode::METHOD_NOT_ALLOWED, ApiError::from_message(&Message::MethodNotAllowed))
            }
            AppError::Violation(violation) => {
                let status = match violation.kind {
                    ViolationKind::NotFound => StatusCode::NOT_FOUND,
                    ViolationKind::Forbidden => StatusCode::FORBIDDEN,
                    ViolationKind::Conflict => StatusCode::CONFLICT,
                    ViolationKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                };
                // A foreign record is answered exactly like a missing one (R5), so ids
                // do not leak.
                let body = if violation.kind == ViolationKind::NotFound {
                    ApiError::from_message(&Message::NotFound)
                } else {
                    let first = violation.errors.first().cloned();
                    let mut body = ApiError::from_fields(violation.errors);
                    if let Some(first) = first {
                        body.message_zh = first.message_zh;
                        body.message_en = first.message_en;
                    }
                    body
                };
                (status, body)
            }
            AppError::Conflict { current } => {
                (StatusCode::CONFLICT, ApiError::from_message(&Message::StaleVersion { current }))
            }
            AppError::Storage(error) => {
                let request_id = error_id();
                tracing::error!(%request_id, %error, "storage failure");
                (StatusCode::INTERNAL_SERVER_ERROR, ApiError::from_message(&Message::Internal { request_id }))
            }
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(seconds) = retry_after
            && let Ok(value) = axum::http::HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
        }
        response
    }
}
