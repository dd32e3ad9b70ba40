//! The wire contract between the browser and the server: route paths, request and
//! response bodies, and the one error body every 4xx and 5xx carries.

use serde::{Deserialize, Serialize};

use crate::messages::{FieldError, Message};

/// Route paths, shared so the client can never call a path the server does not serve.
pub mod routes {
    pub const HEALTHZ: &str = "/healthz";
    pub const TODAY: &str = "/api/v1/today";
    pub const VIDEO_REQUESTS: &str = "/api/v1/video-requests";
}

/// The largest JSON body the API accepts.
pub const MAX_JSON_BODY_BYTES: usize = 64 * 1024;

/// The business day as the server sees it; the browser uses it instead of the tablet's
/// own clock, so both sides check rules against the same "today".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Today {
    pub today: String,
}

/// A video request as typed into the form. Dates are strings on the wire so that a
/// malformed date is reported against its field like any other rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewVideoRequest {
    pub title: String,
    pub store: String,
    pub due_on: String,
    #[serde(default)]
    pub notes: String,
}

/// A stored video request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoRequest {
    pub id: u64,
    pub title: String,
    pub store: String,
    pub requested_on: String,
    pub due_on: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoRequestList {
    pub items: Vec<VideoRequest>,
}

/// The body of every error response: a stable code, the message in both languages, and
/// one entry per offending field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message_zh: String,
    pub message_en: String,
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    /// An error about the request as a whole.
    pub fn from_message(message: &Message) -> Self {
        let error = FieldError::new("", message);
        ApiError {
            code: error.code.as_str().to_owned(),
            message_zh: error.message_zh,
            message_en: error.message_en,
            fields: Vec::new(),
        }
    }

    /// A validation failure; the first field's rule becomes the overall code.
    pub fn from_fields(fields: Vec<FieldError>) -> Self {
        let code = fields.first().map_or("VALIDATION", |f| f.code.as_str()).to_owned();
        ApiError {
            code,
            message_zh: "提交的内容有误，请检查标出的字段".into(),
            message_en: "Some fields are not valid; see the marked fields".into(),
            fields,
        }
    }
}
