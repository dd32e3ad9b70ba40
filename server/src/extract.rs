//! `ApiJson<T>`: the JSON body extractor. Unlike axum's own, every failure becomes the
//! app's error body naming the field and the rule: wrong content type, oversize body,
//! syntax errors, missing, unknown and mistyped fields. `ApiQuery<T>` does the same for a
//! query string (and checks the bounds its schema documents), `IcsBody` for the raw
//! `.ics` file. Path parameters that are not UTF-8 are refused before any handler runs
//! (`middleware::route_checks`), so axum's own `Path` never answers.

use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;
use shared::api::MAX_JSON_BODY_BYTES;
use shared::endpoints::QueryRules;
use shared::messages::{FieldError, Message};

use crate::error::AppError;

pub struct ApiJson<T>(pub T);

/// Whether the request's `Content-Type` (without its parameters) is one of `accepted`.
fn media_type_is(request: &Request, accepted: &[&str]) -> bool {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| accepted.iter().any(|a| v.trim().eq_ignore_ascii_case(a)))
}

fn is_json(request: &Request) -> bool {
    media_type_is(request, &["application/json"])
}

/// The media types the `.ics` import takes: iCalendar's own, plain text, and the octet
/// stream any HTTP client sends a file as. Anything else (JSON, a form, none) is 415.
pub const ICS_MEDIA_TYPES: [&str; 3] = ["text/calendar", "application/octet-stream", "text/plain"];

/// `IcsBody`: an iCalendar file as the raw body, at most
/// `shared::calendar::MAX_IMPORT_BYTES`, of one of [`ICS_MEDIA_TYPES`]; refusals are the
/// app's error body (415, 413) like every other.
pub struct IcsBody(pub axum::body::Bytes);

impl<S> FromRequest<S> for IcsBody
where
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        if !media_type_is(&request, &ICS_MEDIA_TYPES) {
            return Err(AppError::UnsupportedMediaType);
        }
        let max_bytes = shared::calendar::MAX_IMPORT_BYTES;
        let bytes = axum::body::to_bytes(request.into_body(), max_bytes)
            .await
            .map_err(|_| AppError::PayloadTooLarge { max_bytes })?;
        Ok(IcsBody(bytes))
    }
}

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(&request) {
            return Err(AppError::UnsupportedMediaType);
        }
        let body: Body = request.into_body();
        let bytes = axum::body::to_bytes(body, MAX_JSON_BODY_BYTES)
            .await
            .map_err(|_| AppError::PayloadTooLarge { max_bytes: MAX_JSON_BODY_BYTES })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Deserializes `bytes`, turning serde's error into a field path and a rule code. The
/// syntax is checked first, on its own: a body cut short is malformed JSON (400), not an
/// unknown or missing field of whatever part arrived.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map_err(|e| malformed(&e))?;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        classify(&path, &inner)
    })?;
    deserializer.end().map_err(|e| malformed(&e))?;
    Ok(value)
}

fn malformed(error: &serde_json::Error) -> AppError {
    AppError::MalformedJson { line: error.line(), column: error.column() }
}

fn classify(path: &str, error: &serde_json::Error) -> AppError {
    use serde_json::error::Category;
    if !matches!(error.classify(), Category::Data) {
        return malformed(error);
    }
    let text = error.to_string();
    let join = |name: &str| {
        if path.is_empty() || path == "." { name.to_owned() } else { format!("{path}.{name}") }
    };
    let backticked = |prefix: &str| text.strip_prefix(prefix).and_then(|rest| rest.split('`').next()).map(join);
    let field_error = if let Some(field) = backticked("missing field `") {
        FieldError::new(field, &Message::Required)
    } else if text.starts_with("unknown field `") {
        // serde_path_to_error's path already ends with the unknown field's name.
        FieldError::new(path, &Message::UnknownField)
    } else if text.starts_with(shared::clock::WIRE_DAY_EXPECTED) {
        FieldError::new(if path == "." { "" } else { path }, &Message::InvalidDate)
    } else {
        let detail = text.split(" at line ").next().unwrap_or(&text).to_owned();
        let field = if path == "." { String::new() } else { path.to_owned() };
        FieldError::new(field, &Message::WrongType { detail })
    };
    AppError::Validation(vec![field_error])
}

/// `ApiQuery<T>`: the query-string extractor; a bad parameter is a 400 naming it, and so
/// is one outside the bounds the document gives it (`QueryRules::out_of_bounds`): a page
/// size of 0 or past the maximum is refused, never clamped.
pub struct ApiQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned + QueryRules,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        let value: T = serde_path_to_error::deserialize(deserializer).map_err(|error| {
            let field = error.path().to_string();
            let detail = error.into_inner().to_string();
            let field = if field == "." { detail.split('`').nth(1).unwrap_or_default().to_owned() } else { field };
            if detail.starts_with(shared::clock::WIRE_DAY_EXPECTED) {
                return AppError::BadRequest(vec![FieldError::new(field, &Message::InvalidDate)]);
            }
            AppError::BadRequest(vec![FieldError::new(field, &Message::WrongType { detail })])
        })?;
        let out_of_bounds = value.out_of_bounds();
        if out_of_bounds.is_empty() { Ok(ApiQuery(value)) } else { Err(AppError::BadRequest(out_of_bounds)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::RuleCode;

    /// A body shaped like a small form, for the extractor's own tests.
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct NewVideoRequest {
        title: String,
        store: String,
        due_on: String,
    }

    fn fields(result: Result<NewVideoRequest, AppError>) -> Vec<(String, RuleCode)> {
        match result {
            Err(AppError::Validation(fields)) => fields.into_iter().map(|f| (f.field, f.code)).collect(),
            other => vec![(format!("{other:?}"), RuleCode::Internal)],
        }
    }

    #[test]
    fn serde_failures_name_the_field_and_the_rule() {
        assert_eq!(
            fields(parse_json(br#"{"title":"a","store":"b"}"#)),
            vec![("due_on".to_owned(), RuleCode::Required)]
        );
        assert_eq!(
            fields(parse_json(br#"{"title":"a","store":"b","due_on":"x","colour":1}"#)),
            vec![("colour".to_owned(), RuleCode::UnknownField)]
        );
        assert_eq!(
            fields(parse_json(br#"{"title":5,"store":"b","due_on":"x"}"#)),
            vec![("title".to_owned(), RuleCode::WrongType)]
        );
    }

    #[test]
    fn a_body_cut_short_is_malformed_even_where_the_part_that_arrived_breaks_a_field_rule() {
        assert!(matches!(
            parse_json::<NewVideoRequest>(br#"{"title":"a","colour""#),
            Err(AppError::MalformedJson { .. })
        ));
        assert!(matches!(parse_json::<NewVideoRequest>(br#"{"title":"a","#), Err(AppError::MalformedJson { .. })));
    }

    #[test]
    fn syntax_errors_and_trailing_garbage_are_malformed_json() {
        assert!(matches!(parse_json::<NewVideoRequest>(b"{\"title\":"), Err(AppError::MalformedJson { .. })));
        assert!(matches!(
            parse_json::<NewVideoRequest>(br#"{"title":"a","store":"b","due_on":"x"} x"#),
            Err(AppError::MalformedJson { .. })
        ));
    }
}
