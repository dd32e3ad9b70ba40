//! The wire contract between the browser and the server: route paths, request and
//! response bodies, and the one error body every 4xx and 5xx carries.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::campaign::{CampaignType, Stage};
use crate::ids::{AttachmentId, CampaignId, PersonId, StoreId, UserId};
use crate::messages::{FieldError, Lang, Message, RuleCode};
use crate::org::{OrgUnit, Person, Position, Role};
use crate::view::CampaignView;
use crate::workflow::ActionKind;

/// Route paths, shared so the client can never call a path the server does not serve.
/// `{id}`-style segments are axum path parameters; [`path`] fills them in.
pub mod routes {
    pub const HEALTHZ: &str = "/healthz";
    pub const METRICS: &str = "/metrics";
    pub const OPENAPI: &str = "/api/openapi.json";
    pub const TODAY: &str = "/api/v1/today";
    pub const SESSION: &str = "/api/v1/session";
    pub const USERS: &str = "/api/v1/users";
    pub const USER: &str = "/api/v1/users/{id}";
    pub const USER_PASSWORD: &str = "/api/v1/users/{id}/password";
    pub const STORES: &str = "/api/v1/stores";
    pub const STORE: &str = "/api/v1/stores/{id}";
    pub const ORG: &str = "/api/v1/org";
    pub const ORG_UNITS: &str = "/api/v1/org/units";
    pub const ORG_UNIT: &str = "/api/v1/org/units/{id}";
    pub const POSITIONS: &str = "/api/v1/org/positions";
    pub const POSITION: &str = "/api/v1/org/positions/{id}";
    pub const PEOPLE: &str = "/api/v1/org/people";
    pub const PERSON: &str = "/api/v1/org/people/{id}";
    pub const CAMPAIGNS: &str = "/api/v1/campaigns";
    pub const CAMPAIGN: &str = "/api/v1/campaigns/{id}";
    pub const CAMPAIGN_ACTION: &str = "/api/v1/campaigns/{id}/actions/{action}";
    pub const CALENDAR_YEAR: &str = "/api/v1/calendar/{year}";
    pub const CALENDAR_YEAR_ICS: &str = "/api/v1/calendar/{year}/ics";
    pub const WORKING_DAYS: &str = "/api/v1/calendar/working-days";
    pub const KPI: &str = "/api/v1/kpi";
    pub const CAMPAIGNS_CSV: &str = "/api/v1/exports/campaigns.csv";
    pub const KPI_CSV: &str = "/api/v1/exports/kpi.csv";
    pub const CAMPAIGNS_XLSX: &str = "/api/v1/exports/campaigns.xlsx";
    pub const KPI_XLSX: &str = "/api/v1/exports/kpi.xlsx";
    pub const ATTACHMENT_THUMBNAIL: &str = "/api/v1/attachments/{id}/thumbnail";
    pub const ATTACHMENTS: &str = "/api/v1/attachments";
    pub const ATTACHMENT: &str = "/api/v1/attachments/{id}";
    pub const NOTIFICATIONS: &str = "/api/v1/notifications";
    pub const NOTIFICATIONS_READ: &str = "/api/v1/notifications/read";
    pub const EVENTS: &str = "/api/v1/events";
    pub const WEBHOOKS: &str = "/api/v1/webhooks";
    pub const WEBHOOK: &str = "/api/v1/webhooks/{id}";
    pub const WEBHOOK_TEST: &str = "/api/v1/webhooks/{id}/test";
    pub const DELIVERIES: &str = "/api/v1/deliveries";
    pub const DELIVERY_RETRY: &str = "/api/v1/deliveries/{id}/retry";
    pub const BACKUPS: &str = "/api/v1/backups";
    pub const BACKUP_FILE: &str = "/api/v1/backups/{name}/file";
    pub const SCHEDULE_TEMPLATES: &str = "/api/v1/schedule/templates";
    pub const SCHEDULE_TEMPLATE: &str = "/api/v1/schedule/templates/{kind}";
    pub const COSTS: &str = "/api/v1/costs";
    pub const COSTS_CSV: &str = "/api/v1/exports/costs.csv";
    pub const COSTS_XLSX: &str = "/api/v1/exports/costs.xlsx";
    pub const SUPPLIERS: &str = "/api/v1/suppliers";
    pub const SUPPLIER: &str = "/api/v1/suppliers/{id}";
    pub const MONEY_SETTINGS: &str = "/api/v1/settings/money";
    pub const CHANGES: &str = "/api/v1/changes";
    pub const FEED_READERS: &str = "/api/v1/feed-readers";
    pub const FEED_READER: &str = "/api/v1/feed-readers/{id}";

    /// Every path above; the server's tests check each one is served and documented.
    pub const ALL: &[&str] = &[
        HEALTHZ,
        METRICS,
        OPENAPI,
        TODAY,
        SESSION,
        USERS,
        USER,
        USER_PASSWORD,
        STORES,
        STORE,
        ORG,
        ORG_UNITS,
        ORG_UNIT,
        POSITIONS,
        POSITION,
        PEOPLE,
        PERSON,
        CAMPAIGNS,
        CAMPAIGN,
        CAMPAIGN_ACTION,
        CALENDAR_YEAR,
        CALENDAR_YEAR_ICS,
        WORKING_DAYS,
        KPI,
        CAMPAIGNS_CSV,
        KPI_CSV,
        CAMPAIGNS_XLSX,
        KPI_XLSX,
        ATTACHMENTS,
        ATTACHMENT,
        ATTACHMENT_THUMBNAIL,
        NOTIFICATIONS,
        NOTIFICATIONS_READ,
        EVENTS,
        WEBHOOKS,
        WEBHOOK,
        WEBHOOK_TEST,
        DELIVERIES,
        BACKUPS,
        BACKUP_FILE,
        DELIVERY_RETRY,
        SCHEDULE_TEMPLATES,
        SCHEDULE_TEMPLATE,
        COSTS,
        COSTS_CSV,
        COSTS_XLSX,
        SUPPLIERS,
        SUPPLIER,
        MONEY_SETTINGS,
        CHANGES,
        FEED_READERS,
        FEED_READER,
    ];
}

/// Fills a route's `{name}` segments in order: `path(routes::CAMPAIGN, &["7"])`.
pub fn path(route: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(route.len() + 16);
    let mut values = values.iter();
    let mut rest = route;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map_or(rest.len(), |e| start + e + 1);
        out.push_str(values.next().copied().unwrap_or_default());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The inverse of [`path`]: the values a concrete `path` (no query) holds in the
/// parameters of `route`, in order, or `None` when it is not a path of that route. So a
/// queued request is read back by its route (`routes::CAMPAIGN_ACTION`), never by a
/// prefix written by hand.
pub fn path_values<'a>(route: &str, path: &'a str) -> Option<Vec<&'a str>> {
    let mut values = Vec::new();
    let (mut rest, mut pattern) = (path, route);
    while let Some(start) = pattern.find('{') {
        rest = rest.strip_prefix(&pattern[..start])?;
        let end = pattern[start..].find('}').map_or(pattern.len(), |e| start + e + 1);
        pattern = &pattern[end..];
        // A parameter runs to the next `/` (or to the end).
        let len = rest.find('/').unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        values.push(&rest[..len]);
        rest = &rest[len..];
    }
    (rest == pattern).then_some(values)
}

/// The most campaigns one page of the list carries (`CampaignQuery::limit`).
pub const CAMPAIGN_PAGE_MAX: u32 = 200;
/// The most notifications one page carries (`NotificationQuery::limit`).
pub const NOTIFICATION_PAGE_MAX: u32 = 200;

/// The query of the campaign list and its exports. Every field narrows the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CampaignQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<CampaignType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<StoreId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<PersonId>,
    /// Campaigns starting (or due) on or after this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::clock::wire_day::option")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub from: Option<NaiveDate>,
    /// ... and on or before this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::clock::wire_day::option")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub to: Option<NaiveDate>,
    /// Only campaigns whose current stage is past its due day (as `late`; the name the
    /// first list had).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
    /// Only campaigns whose current stage is past its due day on the schedule.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub late: bool,
    /// Only campaigns at risk: not late yet, but their stage no longer fits its due day.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub at_risk: bool,
    /// A previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Items per page (default 50, 1 to 200; others are refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = CAMPAIGN_PAGE_MAX)))]
    pub limit: Option<u32>,
}

/// The months of a KPI report, `YYYY-MM` each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KpiQuery {
    /// The first month, `YYYY-MM`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])$")))]
    pub from: String,
    /// The last month, `YYYY-MM`, not before `from`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^\d{4}-(0[1-9]|1[0-2])$")))]
    pub to: String,
}

/// The months of a cost report, `YYYY-MM` each: orders count in the month they were
/// placed, invoices in the month they were issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CostQuery {
    pub from: String,
    pub to: String,
}

/// What was committed (orders not cancelled) and spent (invoices) under one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "CostGroupBy{K}"))]
pub struct CostGroup<K> {
    pub key: K,
    pub committed: crate::money::Fen,
    pub spent: crate::money::Fen,
}

/// The center's costs over some months, by month, campaign type, supplier and province
/// (an order's amount shared among the provinces of its stores by their count; `None`:
/// it names no store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CostReport {
    pub from: String,
    pub to: String,
    pub committed_total: crate::money::Fen,
    pub spent_total: crate::money::Fen,
    pub by_month: Vec<CostGroup<String>>,
    pub by_type: Vec<CostGroup<CampaignType>>,
    pub by_supplier: Vec<CostGroup<String>>,
    pub by_province: Vec<CostGroup<Option<crate::org::Province>>>,
}

/// A working-day question: `from` plus `add` working days, or the count up to `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkingDaysQuery {
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub from: NaiveDate,
    /// Working days to add to `from` (0 to 500; more is refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = crate::calendar::MAX_WORKING_DAYS)))]
    pub add: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::clock::wire_day::option")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub to: Option<NaiveDate>,
}

/// Filters of the store list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StoreQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<crate::org::Province>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<crate::org::StoreStatus>,
}

/// A workflow action as sent: the campaign's version the sender read (a stale one is
/// refused with 409, so nothing is applied to a campaign the sender has not seen) and the
/// action with its input. The route's `{action}` names the same action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    /// The campaign's `version` as the caller read it (for a store manager, the version
    /// of the store's own part, as its campaign page shows it).
    pub version: u64,
    pub action: crate::workflow::Action,
}

/// The header a retried POST carries so that it applies once.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
pub const IDEMPOTENCY_KEY_MAX_CHARS: usize = 100;
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const LOGIN_MAX_CHARS: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 50)))]
    pub login: String,
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub password: String,
}

/// Who is logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Me {
    pub user: UserId,
    pub login: String,
    pub person: PersonId,
    pub name: String,
    pub role: Role,
    pub store: Option<StoreId>,
    pub store_name: Option<String>,
    pub department: Option<String>,
    pub lang: Lang,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub login: String,
    pub password: String,
    pub role: Role,
    /// The person the account belongs to; a new person named `name` when absent.
    #[serde(default)]
    pub person: Option<PersonId>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub store: Option<StoreId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UserUpdate {
    pub version: u64,
    pub role: Role,
    pub store: Option<StoreId>,
    pub disabled: bool,
    pub lang: Lang,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UserView {
    pub id: UserId,
    pub version: u64,
    pub login: String,
    pub person: PersonId,
    pub name: String,
    pub role: Role,
    pub store: Option<StoreId>,
    pub disabled: bool,
    pub lang: Lang,
}

/// A write of an org record: the version read (0 to create) and the new value. The
/// value's id is ignored on create (the server assigns one) and must match the path on
/// update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Write{T}"))]
#[serde(deny_unknown_fields)]
pub struct Write<T> {
    #[serde(default)]
    pub version: u64,
    pub value: T,
}

/// The OpenAPI 3.1 document itself (`GET /api/openapi.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OpenApiDocument(pub serde_json::Value);

#[cfg(feature = "schema")]
impl schemars::JsonSchema for OpenApiDocument {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OpenApiDocument".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "An OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0)",
            "required": ["openapi", "info", "paths"],
        })
    }
}

/// A stored record with its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Record{T}"))]
pub struct Record<T> {
    pub version: u64,
    pub value: T,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrgTree {
    pub units: Vec<Record<OrgUnit>>,
    pub positions: Vec<Record<Position>>,
    pub people: Vec<Record<Person>>,
}

/// One action and whether the asking user may take it now, with the reason if not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActionAvailability {
    pub action: ActionKind,
    pub allowed: bool,
    pub reason: Option<FieldError>,
}

/// A campaign as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CampaignSummary {
    pub id: CampaignId,
    /// The campaign's version; 0 in a store manager's list (a store acts on the version
    /// its campaign page shows).
    pub version: u64,
    pub kind: CampaignType,
    pub title: String,
    pub stores: Vec<StoreId>,
    pub stage: Stage,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub requested_on: NaiveDate,
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub starts_on: Option<NaiveDate>,
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub ends_on: Option<NaiveDate>,
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub due_on: Option<NaiveDate>,
    pub assignee: Option<PersonId>,
    pub overdue: bool,
    /// Working days from today to the deadline (or start); negative when past.
    pub working_days_left: Option<i64>,
    /// Stores that still have to act in this stage (confirm, receive, rate).
    pub stores_waiting: Vec<StoreId>,
    /// The working days were counted on a provisional year (按法定假日暂估).
    #[serde(default)]
    pub deadline_provisional: bool,
    /// R1 no longer holds since the calendar changed: flagged to the assignee.
    #[serde(default)]
    pub lead_time_short: bool,
    /// The current stage's due day on the campaign's schedule (the row's `due_on` is a
    /// video's or a plan's own due day). The clock is the center's: none for a store
    /// manager (`view::sees_clock`), nor the two below.
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub stage_due_on: Option<NaiveDate>,
    /// Working days the current stage is past its due day (0 when on time).
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    #[serde(default)]
    pub late_working_days: u32,
    /// Not late yet, but the stage no longer fits before its due day at the template's pace.
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    #[serde(default)]
    pub at_risk: bool,
    /// The day the campaign reached its current stage (how long a request has waited for
    /// the VP, say): the center's clock, none for a store manager.
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub stage_since: Option<NaiveDate>,
    /// The campaign is under way and its clock cannot be counted (R8: a year its schedule
    /// or its deadline reaches is not on file): why. Then `stage_due_on` and
    /// `working_days_left` are none, and none of late, at risk or on time is true of it.
    /// A store manager's row carries it for the deadline only (the store's app does not
    /// read it: where the days left cannot be counted it shows none, as before).
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    #[serde(default)]
    pub clock_uncounted: Option<crate::calendar::Uncounted>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CampaignList {
    pub items: Vec<CampaignSummary>,
    pub next_cursor: Option<String>,
}

impl CampaignSummary {
    /// The list row for a campaign as its reader may see it; `sees_clock`: the reader is
    /// the center's (`view::sees_clock`), who sees when the stage began.
    pub fn of(
        view: crate::view::ListingView,
        deadline: crate::rules::Deadline,
        standing: crate::schedule::Standing,
        sees_clock: bool,
    ) -> Self {
        let overdue = standing.late_working_days > 0;
        let row = view.into_listing();
        let stage_since = sees_clock.then_some(row.stage_since);
        CampaignSummary {
            id: row.id,
            version: row.version,
            kind: row.kind,
            title: row.title,
            stores: row.stores,
            stage: row.stage,
            requested_on: row.requested_on,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            due_on: row.due_on,
            assignee: row.assignee,
            overdue,
            working_days_left: deadline.working_days_left,
            stores_waiting: row.stores_waiting,
            deadline_provisional: deadline.provisional,
            lead_time_short: deadline.lead_time_short,
            stage_due_on: standing.stage_due_on,
            late_working_days: standing.late_working_days,
            at_risk: standing.at_risk,
            stage_since,
            clock_uncounted: standing.uncounted.or(deadline.uncounted),
        }
    }
}

/// How to reach a person: who handles a campaign, as the store sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Contact {
    pub person: PersonId,
    pub name: String,
    /// Their work phone or other work contact.
    pub contact: String,
}

/// One campaign as the asking user may see it (`shared::view`), the stages of its type,
/// who handles it, and what the user may do now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CampaignDetail {
    pub campaign: CampaignView,
    pub stages: Vec<Stage>,
    pub overdue: bool,
    pub working_days_left: Option<i64>,
    /// The working days were counted on a provisional year (按法定假日暂估).
    #[serde(default)]
    pub deadline_provisional: bool,
    /// R1 no longer holds since the calendar changed.
    #[serde(default)]
    pub lead_time_short: bool,
    /// Each stage of the campaign's type, in order: when it is due on the campaign's
    /// schedule, and the day it was done. The center's clock: empty for a store manager
    /// (`view::sees_clock`), as are the two below.
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    #[serde(default)]
    pub schedule: Vec<crate::schedule::ScheduleEntry>,
    /// Some day of the schedule was counted on an estimated calendar year.
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    #[serde(default)]
    pub schedule_estimated: bool,
    /// Where the current stage stands against its due day.
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    #[serde(default)]
    pub standing: crate::schedule::Standing,
    /// The campaign's money: budget, committed (orders) and spent (invoices), in total
    /// and per budget line, and how far orders may go. The center's business: none for a
    /// store manager (`view::sees_costs`).
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    #[serde(default)]
    pub money: Option<crate::costs::Money>,
    pub actions: Vec<ActionAvailability>,
    /// The departments a reminder (催办) from the asking user would go to now
    /// (`workflow::reminded`); empty when they may not remind or have no one to remind.
    #[serde(default)]
    pub reminds: Vec<crate::org::Role>,
    /// The planner who handles the campaign (its assignee), with a work contact.
    pub handler: Option<Contact>,
}

/// One row of the KPI report (R7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KpiRow {
    pub staff: PersonId,
    pub name: String,
    /// The department the staff member works in (their account's role).
    pub department: Option<Role>,
    pub month: String,
    pub rated: u32,
    pub satisfied: u32,
    pub rate_permille: u32,
    pub bonus_deduction: bool,
    pub disciplinary_review: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KpiReport {
    pub from: String,
    pub to: String,
    pub rows: Vec<KpiRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WorkingDays {
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub from: NaiveDate,
    /// `from` plus `add` working days, when `add` was asked.
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub date: Option<NaiveDate>,
    /// Working days after `from` up to `to`, when `to` was asked.
    pub count: Option<i64>,
    /// Counted on a provisional year: an estimate (按法定假日暂估).
    #[serde(default)]
    pub provisional: bool,
}

/// What an import of a year changed: the year as stored, and the open campaigns whose
/// deadline breaks R1 on the new data (flagged to their assignees).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CalendarImport {
    pub year: crate::calendar::YearCalendar,
    pub lead_time_short: Vec<CampaignSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AttachmentView {
    pub id: AttachmentId,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
}

/// The largest JSON body the API accepts.
pub const MAX_JSON_BODY_BYTES: usize = 64 * 1024;

/// The header that names an uploaded file: its name as the person chose it,
/// percent-encoded UTF-8 (as `encodeURIComponent` writes it).
pub const FILE_NAME_HEADER: &str = "x-file-name";
/// The longest `X-File-Name` the server takes, in characters as sent (percent-encoded):
/// a longer one is refused (400), never cut. 1024 holds a name of 113 Chinese characters
/// (each sent as nine); the browser shortens a longer name first ([`upload_file_name`]).
pub const FILE_NAME_HEADER_MAX_CHARS: usize = 1024;
/// A file's name is kept to its first this many characters.
pub const FILE_NAME_MAX_CHARS: usize = 120;

/// `name` as `encodeURIComponent` sends it: its length in characters.
fn encoded_len(name: &str) -> usize {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c) { 1 } else { 3 * c.len_utf8() }).sum()
}

/// A file's name shortened so that the server keeps it whole and its `X-File-Name` fits
/// [`FILE_NAME_HEADER_MAX_CHARS`] once percent-encoded: characters are dropped from the
/// end of the name before its extension (`.jpg`), which is kept when it is short.
pub fn upload_file_name(name: &str) -> String {
    let fits = |n: &str| n.chars().count() <= FILE_NAME_MAX_CHARS && encoded_len(n) <= FILE_NAME_HEADER_MAX_CHARS;
    if fits(name) {
        return name.to_owned();
    }
    let (stem, extension) = match name.rfind('.') {
        Some(dot) if dot > 0 && name.len() - dot <= 10 => name.split_at(dot),
        _ => (name, ""),
    };
    let mut stem: Vec<char> = stem.chars().take(FILE_NAME_MAX_CHARS).collect();
    while !stem.is_empty() && !fits(&format!("{}{extension}", stem.iter().collect::<String>())) {
        stem.pop();
    }
    let shortened = format!("{}{extension}", stem.iter().collect::<String>());
    if fits(&shortened) { shortened } else { String::new() }
}

/// The business day as the server sees it; the browser uses it instead of the tablet's
/// own clock, so both sides check rules against the same "today".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Today {
    pub today: String,
    /// A fingerprint of the working-day calendar's years (`Calendar::fingerprint`): it
    /// changes when a year is imported, so a browser keeping the years knows to fetch
    /// them again.
    #[serde(default)]
    pub calendar: String,
}

/// The body of every error response: a stable code, the message in both languages, and
/// one entry per offending field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiError {
    pub code: RuleCode,
    pub message_zh: String,
    pub message_en: String,
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    /// The message in a language.
    pub fn message(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Zh => &self.message_zh,
            crate::Lang::En => &self.message_en,
        }
    }

    /// An error about the request as a whole.
    pub fn from_message(message: &Message) -> Self {
        let error = FieldError::new("", message);
        ApiError { code: error.code, message_zh: error.message_zh, message_en: error.message_en, fields: Vec::new() }
    }

    /// A validation failure; the first field's rule becomes the overall code, and a lone
    /// field's message the overall message.
    pub fn from_fields(fields: Vec<FieldError>) -> Self {
        let code = fields.first().map_or(RuleCode::Validation, |f| f.code);
        let (message_zh, message_en) = match &fields[..] {
            [only] => (only.message_zh.clone(), only.message_en.clone()),
            _ => (
                "提交的内容有误，请检查标出的字段".to_owned(),
                "Some fields are not valid; see the marked fields".to_owned(),
            ),
        };
        ApiError { code, message_zh, message_en, fields }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_on_the_wire_are_written_as_chrono_writes_them() {
        use chrono::Datelike as _;
        let mut date = NaiveDate::from_ymd_opt(1999, 12, 25).unwrap_or_default();
        let mut checked = 0;
        while date.year() < 2031 {
            let fast = serde_json::to_string(&crate::clock::wire_day::Day(date)).unwrap_or_default();
            assert_eq!(fast, serde_json::to_string(&date).unwrap_or_default());
            // And read back by the same code in the browser and the server, as chrono reads it.
            assert_eq!(crate::clock::parse_iso_date(fast.trim_matches('"')), Some(date));
            date = date.succ_opt().unwrap_or_default();
            checked += 1;
        }
        assert!(checked > 11_000);
        for (y, m, d) in [(0, 1, 1), (9999, 12, 31), (10_000, 1, 1), (-1, 6, 30), (7, 3, 9)] {
            let Some(date) = NaiveDate::from_ymd_opt(y, m, d) else { continue };
            let fast = serde_json::to_string(&crate::clock::wire_day::Day(date)).unwrap_or_default();
            assert_eq!(fast, serde_json::to_string(&date).unwrap_or_default(), "{y}-{m}-{d}");
        }
    }

    #[test]
    fn paths_fill_their_parameters_in_order() {
        assert_eq!(path(routes::CAMPAIGN_ACTION, &["7", "approve"]), "/api/v1/campaigns/7/actions/approve");
        assert_eq!(
            path_values(routes::CAMPAIGN_ACTION, "/api/v1/campaigns/7/actions/approve"),
            Some(vec!["7", "approve"])
        );
        assert_eq!(path_values(routes::CAMPAIGN_ACTION, "/api/v1/campaigns/7/actions/"), None);
        assert_eq!(path_values(routes::CAMPAIGN_ACTION, "/api/v1/campaigns/7"), None);
        assert_eq!(path_values(routes::CAMPAIGN_ACTION, "/api/v1/stores/7/actions/approve"), None);
        assert_eq!(path_values(routes::CAMPAIGN_ACTION, "/api/v1/campaigns/7/actions/approve/x"), None);
        assert_eq!(path_values(routes::SESSION, routes::SESSION), Some(vec![]));
        assert_eq!(path(routes::CAMPAIGNS, &[]), "/api/v1/campaigns");
    }

    #[test]
    fn upload_names_are_shortened_to_what_the_header_and_the_server_keep() {
        assert_eq!(upload_file_name("初案.png"), "初案.png");
        assert_eq!(encoded_len("初案 a.png"), 6 * 3 + 3 + 5);
        let long = format!("{}.pdf", "设计稿".repeat(60));
        let short = upload_file_name(&long);
        assert!(short.ends_with(".pdf") && short.starts_with("设计稿"), "{short}");
        assert!(short.chars().count() <= FILE_NAME_MAX_CHARS);
        assert!(encoded_len(&short) <= FILE_NAME_HEADER_MAX_CHARS, "{}", encoded_len(&short));
        let ascii = "a".repeat(500);
        assert_eq!(upload_file_name(&ascii).len(), FILE_NAME_MAX_CHARS);
        let emoji = "😀".repeat(200);
        assert!(encoded_len(&upload_file_name(&emoji)) <= FILE_NAME_HEADER_MAX_CHARS);
    }
}

// ---------------------------------------------------------------------------------------
// Notifications, live events and group-chat robots

/// A page of the caller's notifications, newest first, and how many are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NotificationList {
    pub items: Vec<crate::notify::Notification>,
    pub unread: u32,
    /// More, older ones: ask again with `before` set to this.
    #[serde(default)]
    pub next_before: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    /// At most this many (default 50, 1 to 200; others are refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = NOTIFICATION_PAGE_MAX)))]
    pub limit: Option<u32>,
    /// Only unread ones.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unread: bool,
    /// Only ones older than this id (the previous page's `next_before`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<u64>,
}

/// Marks notifications read: the ones listed, every one about a campaign, or all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    #[serde(default)]
    pub ids: Vec<u64>,
    #[serde(default)]
    pub campaign: Option<crate::ids::CampaignId>,
    #[serde(default)]
    pub all: bool,
}

/// The group-chat platforms a robot can post to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RobotKind {
    /// 企业微信 group robot (markdown message; the key is in the URL).
    #[serde(rename = "wecom")]
    WeCom,
    /// 钉钉 custom robot (加签: HMAC-SHA256 of the timestamp with the secret).
    #[serde(rename = "dingtalk")]
    DingTalk,
    /// 飞书 custom bot (signature: HMAC-SHA256 keyed by timestamp and secret).
    Feishu,
}

impl RobotKind {
    pub const ALL: [RobotKind; 3] = [RobotKind::WeCom, RobotKind::DingTalk, RobotKind::Feishu];

    pub fn name_zh(self) -> &'static str {
        match self {
            RobotKind::WeCom => "企业微信",
            RobotKind::DingTalk => "钉钉",
            RobotKind::Feishu => "飞书",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            RobotKind::WeCom => "WeCom",
            RobotKind::DingTalk => "DingTalk",
            RobotKind::Feishu => "Feishu",
        }
    }

    /// The hosts a webhook of this platform may point to.
    pub fn hosts(self) -> &'static [&'static str] {
        match self {
            RobotKind::WeCom => &["qyapi.weixin.qq.com"],
            RobotKind::DingTalk => &["oapi.dingtalk.com"],
            RobotKind::Feishu => &["open.feishu.cn", "open.larksuite.com"],
        }
    }
}

/// Which notices a robot posts: those for a department, or those for the stores of a
/// region (the region's store managers' group).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum RobotScope {
    Department { role: crate::org::Role },
    Region { province: crate::org::Province },
}

/// A robot as the administrator writes it. `secret: None` on an update keeps the stored one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookInput {
    pub name: String,
    pub kind: RobotKind,
    pub scope: RobotScope,
    pub url: String,
    #[serde(default)]
    pub secret: Option<String>,
    pub enabled: bool,
}

/// A robot as the API shows it: the secret is never sent back, only whether there is one
/// and its last two characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookView {
    pub id: u64,
    pub name: String,
    pub kind: RobotKind,
    pub scope: RobotScope,
    pub url: String,
    /// `••••••3f` when a secret is set, empty otherwise.
    pub secret_masked: String,
    pub enabled: bool,
    /// Deliveries that gave up after repeated failures and wait for the administrator.
    pub parked: u32,
    /// Deliveries waiting to be (re)tried.
    pub pending: u32,
}

/// One message on its way to a robot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeliveryView {
    pub id: u64,
    pub webhook: u64,
    pub title: String,
    pub attempts: u32,
    pub next_at_unix_ms: i64,
    pub last_error: String,
    pub parked: bool,
    pub created_at_unix_ms: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeliveryQuery {
    /// Only the parked ones.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub parked: bool,
}

/// One backup file the running server wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BackupInfo {
    /// The file's name in the backup directory.
    pub name: String,
    pub size_bytes: u64,
    pub written_unix_ms: i64,
    /// Read back after writing: its checksums hold, and (when small enough) it restored
    /// into a scratch directory that passed `check`.
    pub verified: bool,
    /// How it was verified, or why it was not.
    pub verification: String,
}

/// The backups and how the schedule goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BackupList {
    /// Newest first.
    pub items: Vec<BackupInfo>,
    pub directory: String,
    /// Hours between scheduled backups; 0 when there is no schedule.
    pub every_hours: u32,
    /// How many are kept.
    pub keep: u32,
    /// A backup is being written now.
    pub running: bool,
    /// The last failure, if the last attempt failed: when and why.
    pub last_failure: Option<String>,
}

/// What a test message to a robot came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookTest {
    pub delivered: bool,
    /// The platform's answer or the error, for the administrator.
    pub detail: String,
}

/// One campaign type's schedule template as it is in force today (the template's own
/// fields), with what it adds up to, since when it applies, and the one set to apply from
/// tomorrow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduleTemplateView {
    pub kind: CampaignType,
    /// (The store's app measures requests by the two numbers alone.)
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    pub stages: Vec<crate::schedule::StageDays>,
    pub lead_working_days: u32,
    /// The working days a request needs before its event under this template.
    pub working_days_needed: u32,
    /// The day the administrator's template applies from; none for the default.
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub applies_from: Option<NaiveDate>,
    /// A template the administrator set today: it applies from tomorrow.
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    #[serde(default)]
    pub next: Option<crate::schedule::Template>,
}

impl ScheduleTemplateView {
    /// The template in force, as `shared::schedule` uses it.
    pub fn template(&self) -> crate::schedule::Template {
        crate::schedule::Template {
            kind: self.kind,
            stages: self.stages.clone(),
            lead_working_days: self.lead_working_days,
        }
    }
}

/// Every campaign type's schedule template in force today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduleTemplates {
    pub templates: Vec<ScheduleTemplateView>,
}

impl ScheduleTemplates {
    /// What requests made today are measured against (`shared::schedule::shortfall`).
    pub fn in_force(&self) -> crate::schedule::Templates {
        crate::schedule::Templates {
            leads: self
                .templates
                .iter()
                .map(|t| crate::schedule::Lead {
                    kind: t.kind,
                    lead_working_days: t.lead_working_days,
                    working_days_needed: t.working_days_needed,
                })
                .collect(),
        }
    }
}
