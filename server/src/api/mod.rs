//! The JSON API: one file per resource, each with its own `router()`, merged here, and
//! the OpenAPI document built from [`ROUTES`], the table every route is listed in.

mod attachments;
pub mod calendar;
pub mod campaigns;
mod kpi;
mod meta;
mod org;
pub mod session;
mod stores;
pub mod users;

use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Map, Value, json};
use shared::api::routes;

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
        .merge(kpi::router())
        .merge(attachments::router())
        .route(routes::OPENAPI, get(openapi))
}

/// One documented route: method, path, who may call it, what it does.
pub struct RouteDoc {
    pub method: &'static str,
    pub path: &'static str,
    pub access: &'static str,
    pub summary: &'static str,
}

const fn doc(method: &'static str, path: &'static str, access: &'static str, summary: &'static str) -> RouteDoc {
    RouteDoc { method, path, access, summary }
}

/// Every route the server answers. The integration tests call each one and fail when a
/// route answers that is not listed here, or one listed here does not answer.
pub const ROUTES: &[RouteDoc] = &[
    doc("get", routes::HEALTHZ, "anyone", "Liveness"),
    doc("get", routes::METRICS, "anyone (bind to a private address)", "Prometheus metrics"),
    doc("get", routes::OPENAPI, "anyone", "This document"),
    doc("get", routes::TODAY, "anyone", "The business day the server judges rules by"),
    doc("get", routes::SESSION, "logged in", "Who am I"),
    doc("post", routes::SESSION, "anyone; throttled", "Log in; sets the session cookie"),
    doc("delete", routes::SESSION, "logged in", "Log out"),
    doc("get", routes::USERS, "administrator", "List accounts"),
    doc("post", routes::USERS, "administrator", "Create an account"),
    doc("put", routes::USER, "administrator", "Change an account's role, store, language or disable it"),
    doc("post", routes::USER_PASSWORD, "administrator", "Reset a password (ends the user's sessions)"),
    doc(
        "get",
        routes::STORES,
        "logged in (store managers: own store)",
        "List stores; filter by province, city, status",
    ),
    doc("post", routes::STORES, "administrator", "Create a store"),
    doc("put", routes::STORE, "administrator", "Edit a store"),
    doc("get", routes::ORG, "logged in", "The whole org: units, positions, people"),
    doc("post", routes::ORG_UNITS, "administrator", "Create a department or group"),
    doc("put", routes::ORG_UNIT, "administrator", "Edit a department or group"),
    doc("post", routes::POSITIONS, "administrator", "Create a position"),
    doc("put", routes::POSITION, "administrator", "Edit a position"),
    doc("post", routes::PEOPLE, "administrator", "Create a person"),
    doc("put", routes::PERSON, "administrator", "Edit a person, including the stores they cover"),
    doc("get", routes::CAMPAIGNS, "logged in (store managers: own store)", "List campaigns with filters and pages"),
    doc("post", routes::CAMPAIGNS, "roles that may open the type", "Open a campaign (立项)"),
    doc(
        "get",
        routes::CAMPAIGN,
        "logged in (store managers: own store)",
        "One campaign with history and allowed actions",
    ),
    doc(
        "post",
        routes::CAMPAIGN_ACTION,
        "the roles that own the action",
        "Take a workflow action; body: {version, ...input}",
    ),
    doc("get", routes::CALENDAR_YEAR, "logged in", "One year of the working-day calendar"),
    doc("put", routes::CALENDAR_YEAR, "administrator", "Import a year of the working-day calendar"),
    doc("get", routes::WORKING_DAYS, "logged in", "Add working days to a date, or count them between two"),
    doc(
        "get",
        routes::KPI,
        "VP, administrator; staff see their own rows",
        "Monthly satisfaction per staff member (R7)",
    ),
    doc("get", routes::KPI_CSV, "as the KPI report", "The KPI report as CSV"),
    doc("get", routes::CAMPAIGNS_CSV, "as the campaign list", "The campaign list as CSV"),
    doc("get", routes::KPI_XLSX, "as the KPI report", "The KPI report as Excel (.xlsx)"),
    doc("get", routes::CAMPAIGNS_XLSX, "as the campaign list", "The campaign list as Excel (.xlsx)"),
    doc("get", routes::ATTACHMENT_THUMBNAIL, "as the download", "An image scaled to fit 480 px, as JPEG"),
    doc("post", routes::ATTACHMENTS, "logged in", "Upload a file (raw body: JPEG, PNG, WebP or PDF, ≤ 20 MB)"),
    doc("get", routes::ATTACHMENT, "logged in (store managers: own store's files)", "Download a file"),
];

fn error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["code", "message_zh", "message_en", "fields"],
        "properties": {
            "code": {"type": "string"},
            "message_zh": {"type": "string"},
            "message_en": {"type": "string"},
            "fields": {"type": "array", "items": {"type": "object", "properties": {
                "field": {"type": "string"}, "code": {"type": "string"},
                "message_zh": {"type": "string"}, "message_en": {"type": "string"}
            }}}
        }
    })
}

/// The OpenAPI 3 document for [`ROUTES`].
pub fn openapi_document() -> Value {
    let mut paths = Map::new();
    for route in ROUTES {
        let parameters: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        let operation = json!({
            "summary": route.summary,
            "description": format!("Access: {}.", route.access),
            "parameters": parameters,
            "responses": {
                "200": {"description": "OK"},
                "201": {"description": "Created"},
                "204": {"description": "Done, no content"},
                "4XX": {"description": "The request was refused", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}},
            }
        });
        let entry = paths.entry(route.path.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(methods) = entry {
            methods.insert(route.method.to_owned(), operation);
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Campaign Desk API", "version": env!("CARGO_PKG_VERSION")},
        "paths": paths,
        "components": {
            "schemas": {"ApiError": error_schema()},
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE}}
        }
    })
}

async fn openapi() -> Json<Value> {
    Json(openapi_document())
}
