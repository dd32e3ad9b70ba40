//! The JSON API: one file per resource, each with its own `router()`, merged here. Every
//! route is registered from `shared::endpoints` (its method and path) with a handler whose
//! answer type is the endpoint's ([`Reply`]), and the OpenAPI document is built from the
//! same table with the JSON schemas of the request, query and response types.

mod attachments;
mod backups;
pub mod calendar;
pub mod campaigns;
mod costs;
mod kpi;
pub(crate) mod meta;
mod notify;
mod org;
mod schedule;
pub mod session;
mod stores;
mod suppliers;
pub mod users;

use axum::handler::Handler;
use axum::http::StatusCode;
use axum::routing::{MethodRouter, delete, get, post, put};
use axum::{Json, Router};
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value, json};
use shared::api::ApiError;
use shared::endpoints::{Endpoint, EndpointVisitor, Method, Payload, visit_endpoints};

use crate::error::AppError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(meta::router())
        .merge(session::router())
        .merge(users::router())
        .merge(stores::router())
        .merge(org::router())
        .merge(campaigns::router())
        .merge(calendar::router())
        .merge(schedule::router())
        .merge(kpi::router())
        .merge(costs::router())
        .merge(suppliers::router())
        .merge(attachments::router())
        .merge(notify::router())
        .merge(backups::router())
}

/// What a JSON endpoint's handler answers: the endpoint's response type with its success
/// status, or an error. A handler declared `-> Reply<E>` cannot answer another type.
pub type Reply<E> = Result<(StatusCode, Json<<E as Endpoint>::Response>), AppError>;

/// A successful answer of endpoint `E`, with the status the table gives it.
pub fn reply<E: Endpoint>(value: E::Response) -> Reply<E> {
    Ok((StatusCode::from_u16(E::STATUS).unwrap_or(StatusCode::OK), Json(value)))
}

/// Registers `handler` for endpoint `E` at its method and path.
pub fn route<E: Endpoint, H, T>(router: Router<AppState>, handler: H) -> Router<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let method: MethodRouter<AppState> = match E::METHOD {
        Method::Get => get(handler),
        Method::Post => post(handler),
        Method::Put => put(handler),
        Method::Delete => delete(handler),
    };
    router.route(E::PATH, method)
}

/// Builds the OpenAPI 3 document from the endpoint table.
struct OpenApiBuilder {
    generator: SchemaGenerator,
    paths: Map<String, Value>,
}

fn content(payload: Payload, schema: Value) -> Option<Value> {
    match payload {
        Payload::Empty => None,
        Payload::Json => Some(json!({"application/json": {"schema": schema}})),
        Payload::Text => Some(json!({"text/plain": {"schema": {"type": "string"}}})),
        Payload::Raw(media) => Some(json!({media: {"schema": {"type": "string", "format": "binary"}}})),
    }
}

impl OpenApiBuilder {
    /// The query parameters of a query type: the properties of its object schema.
    fn query_parameters<Q: schemars::JsonSchema>(&mut self) -> Vec<Value> {
        let schema = self.generator.subschema_for::<Q>();
        let definition = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.rsplit('/').next())
            .and_then(|name| self.generator.definitions().get(name).cloned())
            .unwrap_or_else(|| schema.as_value().clone());
        let required: Vec<&str> = definition
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        definition
            .get("properties")
            .and_then(Value::as_object)
            .map(|properties| {
                properties
                    .iter()
                    .map(|(name, schema)| {
                        json!({"name": name, "in": "query", "required": required.contains(&name.as_str()), "schema": schema})
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl EndpointVisitor for OpenApiBuilder {
    fn visit<E: Endpoint>(&mut self) {
        let mut parameters: Vec<Value> = E::PATH
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| {
                let schema = match name {
                    "action" => {
                        json!({"type": "string", "enum": shared::workflow::ActionKind::ALL.map(|k| k.as_str())})
                    }
                    "year" => json!({"type": "integer", "minimum": 2000, "maximum": 2100}),
                    _ => json!({"type": "integer", "format": "uint64", "minimum": 1}),
                };
                json!({"name": name, "in": "path", "required": true, "schema": schema})
            })
            .collect();
        parameters.extend(self.query_parameters::<E::Query>());
        let request = self.generator.subschema_for::<E::Request>().to_value();
        let response = self.generator.subschema_for::<E::Response>().to_value();
        let error = self.generator.subschema_for::<ApiError>().to_value();
        let mut responses = Map::new();
        let mut success = json!({"description": E::SUMMARY});
        if let Some(body) = content(E::RESPONSE, response) {
            success["content"] = body;
        }
        responses.insert(E::STATUS.to_string(), success);
        if E::STATUS == 200 && matches!(E::RESPONSE, Payload::Raw(_)) {
            responses.insert("304".into(), json!({"description": "Not modified (If-None-Match)"}));
        }
        responses.insert(
            "4XX".into(),
            json!({"description": "Refused: the body names the rule, in Chinese and English",
                "content": {"application/json": {"schema": error.clone()}}}),
        );
        responses.insert(
            "503".into(),
            json!({"description": "Busy, timed out or out of space: try again later",
                "content": {"application/json": {"schema": error}}}),
        );
        let mut operation = json!({
            "operationId": E::NAME,
            "summary": E::SUMMARY,
            "description": format!("Access: {}.", E::ACCESS),
            "parameters": parameters,
            "responses": responses,
        });
        if let Some(body) = content(E::REQUEST, request) {
            operation["requestBody"] = json!({"required": true, "content": body});
        }
        let entry = self.paths.entry(E::PATH.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(methods) = entry {
            methods.insert(E::METHOD.as_str().to_lowercase(), operation);
        }
    }
}

/// The OpenAPI 3 document: every endpoint with its parameters, request body and answers,
/// and the schemas of every type they use.
pub fn openapi_document() -> Value {
    let mut builder = OpenApiBuilder { generator: SchemaSettings::openapi3().into_generator(), paths: Map::new() };
    visit_endpoints(&mut builder);
    let schemas = builder.generator.take_definitions(true);
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Campaign Desk API", "version": env!("CARGO_PKG_VERSION")},
        "paths": builder.paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE}
            }
        },
        "security": [{"session": []}],
    })
}
