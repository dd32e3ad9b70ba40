//! The one table of endpoints: for each, its method, path, who may call it (and, where
//! that is a fixed list, the roles), its query, request and response types, and its
//! success status. The server registers its routes, checks the roles before it reads a
//! body, and builds its OpenAPI document from it (each answer a route can give follows
//! from these facts: see `server/src/api/openapi.rs`), the browser makes its calls through
//! it, and the tests walk it (the authorization matrix must probe every row, the contract
//! test provokes the refusals and checks each status against the document). A change of a
//! type here fails to compile on both sides rather than at run time.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::api::*;
use crate::calendar::YearCalendar;
use crate::intake::NewCampaign;
use crate::messages::{FieldError, Message};
use crate::org::{OrgUnit, Person, Position, Role, Store};

/// The bounds every wire type meets: serde both ways, and (in the server's build) a JSON
/// schema for the OpenAPI document.
#[cfg(feature = "schema")]
pub trait Wire: Serialize + DeserializeOwned + schemars::JsonSchema + 'static {}
#[cfg(feature = "schema")]
impl<T: Serialize + DeserializeOwned + schemars::JsonSchema + 'static> Wire for T {}
#[cfg(not(feature = "schema"))]
pub trait Wire: Serialize + DeserializeOwned + 'static {}
#[cfg(not(feature = "schema"))]
impl<T: Serialize + DeserializeOwned + 'static> Wire for T {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// What a request or response body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// None at all (GET requests, 204 answers).
    Empty,
    /// JSON of the endpoint's type.
    Json,
    /// Plain text.
    Text,
    /// Raw bytes of this media type (`*/*` for any).
    Raw(&'static str),
}

/// One endpoint. Implemented by the marker types below; read through `ENDPOINTS` or
/// [`visit_endpoints`].
pub trait Endpoint {
    const NAME: &'static str;
    const METHOD: Method;
    /// The path, with `{name}` parameters (fill them with [`crate::api::path`]).
    const PATH: &'static str;
    /// Who may call it, as the OpenAPI document and the authorization matrix say it.
    const ACCESS: &'static str;
    /// When who may call it is a fixed list of roles, that list: the server refuses
    /// anyone else (401, 403) before it reads the query or the body. Empty when access
    /// depends on more than the role (a store's own campaign, the type being opened).
    const ROLES: &'static [Role];
    const SUMMARY: &'static str;
    /// The status of a success.
    const STATUS: u16;
    const REQUEST: Payload;
    const RESPONSE: Payload;
    /// The query string (`()` for none).
    type Query: Wire + QueryRules;
    /// The JSON body (`()` when the request has none or is raw).
    type Request: Wire;
    /// The JSON answer (`()` when it is empty or raw).
    type Response: Wire;
}

/// The URL of a call: the path with its parameters filled in, and the query.
pub fn url<E: Endpoint>(params: &[&str], query: &E::Query) -> String {
    let path = crate::api::path(E::PATH, params);
    match serde_urlencoded::to_string(query) {
        Ok(query) if !query.is_empty() => format!("{path}?{query}"),
        _ => path,
    }
}

/// An endpoint's description without its types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointInfo {
    pub name: &'static str,
    pub method: Method,
    pub path: &'static str,
    pub access: &'static str,
    pub roles: &'static [Role],
    pub summary: &'static str,
    pub status: u16,
    pub request: Payload,
    pub response: Payload,
}

/// What a query string must meet beyond reading as its type: the bounds its schema
/// documents (`minimum`, `maximum`), which the server checks as it reads the query, and
/// whether a rule can still refuse a query that keeps them. Every query type of the table
/// says so, and the document's statuses follow from it.
pub trait QueryRules {
    /// A query that reads and keeps its bounds can still be refused by a rule (422), as a
    /// working-day question reaching past the calendar on file is.
    const REFUSED_BY_RULES: bool = false;

    /// Each parameter outside the bounds its schema documents: answered 400, as a
    /// parameter that does not read is, never clamped into range.
    fn out_of_bounds(&self) -> Vec<FieldError> {
        Vec::new()
    }
}

/// A page size: from 1 to `max` when given.
fn page_limit(field: &str, limit: Option<u32>, max: u32, errors: &mut Vec<FieldError>) {
    if limit.is_some_and(|n| n == 0 || n > max) {
        errors.push(FieldError::new(field, &Message::QuantityOutOfRange { max }));
    }
}

impl QueryRules for () {}
impl QueryRules for StoreQuery {}
impl QueryRules for DeliveryQuery {}
impl QueryRules for KpiQuery {}
impl QueryRules for CostQuery {}

impl QueryRules for CampaignQuery {
    fn out_of_bounds(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        page_limit("limit", self.limit, CAMPAIGN_PAGE_MAX, &mut errors);
        errors
    }
}

impl QueryRules for NotificationQuery {
    fn out_of_bounds(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        page_limit("limit", self.limit, NOTIFICATION_PAGE_MAX, &mut errors);
        errors
    }
}

impl QueryRules for crate::feed::ChangesQuery {
    fn out_of_bounds(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        page_limit("limit", self.limit, crate::feed::PAGE_MAX, &mut errors);
        errors
    }
}

impl QueryRules for WorkingDaysQuery {
    const REFUSED_BY_RULES: bool = true;

    fn out_of_bounds(&self) -> Vec<FieldError> {
        let max_days = crate::calendar::MAX_WORKING_DAYS;
        match self.add {
            Some(n) if n > max_days => vec![FieldError::new("add", &Message::WorkingDaysRange { max_days })],
            _ => Vec::new(),
        }
    }
}

/// Visits every endpoint with its types (the server builds the OpenAPI document so).
pub trait EndpointVisitor {
    fn visit<E: Endpoint>(&mut self);
}

macro_rules! endpoints {
    ($(
        $name:ident: $method:ident $path:expr => $status:literal, $access:literal $(roles [$($role:ident),+])?, $summary:literal,
            query $query:ty, request $request:ty = $request_payload:expr, response $response:ty = $response_payload:expr;
    )+) => {
        $(
            #[doc = $summary]
            #[derive(Debug, Clone, Copy)]
            pub struct $name;

            impl Endpoint for $name {
                const NAME: &'static str = stringify!($name);
                const METHOD: Method = Method::$method;
                const PATH: &'static str = $path;
                const ACCESS: &'static str = $access;
                const ROLES: &'static [Role] = &[$($(Role::$role),+)?];
                const SUMMARY: &'static str = $summary;
                const STATUS: u16 = $status;
                const REQUEST: Payload = $request_payload;
                const RESPONSE: Payload = $response_payload;
                type Query = $query;
                type Request = $request;
                type Response = $response;
            }
        )+

        /// Every endpoint the server answers.
        pub const ENDPOINTS: &[EndpointInfo] = &[$(EndpointInfo {
            name: stringify!($name),
            method: Method::$method,
            path: $path,
            access: $access,
            roles: &[$($(Role::$role),+)?],
            summary: $summary,
            status: $status,
            request: $request_payload,
            response: $response_payload,
        }),+];

        /// Calls `visitor` with every endpoint's type.
        pub fn visit_endpoints(visitor: &mut impl EndpointVisitor) {
            $( visitor.visit::<$name>(); )+
        }
    };
}

use Payload::{Empty, Json, Raw, Text};

endpoints! {
    Healthz: Get routes::HEALTHZ => 200, "anyone", "Liveness",
        query (), request () = Empty, response () = Text;
    Metrics: Get routes::METRICS => 200, "the owner (a bearer token or a private address; see README)", "Prometheus metrics",
        query (), request () = Empty, response () = Text;
    OpenApi: Get routes::OPENAPI => 200, "anyone", "This document",
        query (), request () = Empty, response crate::api::OpenApiDocument = Json;
    GetToday: Get routes::TODAY => 200, "anyone", "The business day the server judges rules by",
        query (), request () = Empty, response Today = Json;
    GetSession: Get routes::SESSION => 200, "logged in", "Who am I",
        query (), request () = Empty, response Me = Json;
    LogIn: Post routes::SESSION => 200, "anyone; throttled", "Log in; sets the session cookie",
        query (), request LoginRequest = Json, response Me = Json;
    LogOut: Delete routes::SESSION => 204, "logged in", "Log out",
        query (), request () = Empty, response () = Empty;
    ListUsers: Get routes::USERS => 200, "administrator" roles [Admin], "List accounts",
        query (), request () = Empty, response Vec<UserView> = Json;
    CreateUser: Post routes::USERS => 201, "administrator" roles [Admin], "Create an account",
        query (), request NewUser = Json, response UserView = Json;
    UpdateUser: Put routes::USER => 200, "administrator" roles [Admin], "Change an account's role, store, language or disable it",
        query (), request UserUpdate = Json, response UserView = Json;
    ResetPassword: Post routes::USER_PASSWORD => 204, "administrator" roles [Admin], "Reset a password (ends the user's sessions)",
        query (), request PasswordReset = Json, response () = Empty;
    ListStores: Get routes::STORES => 200, "logged in (store managers: own store)", "List stores; filter by province, city, status",
        query StoreQuery, request () = Empty, response Vec<Record<Store>> = Json;
    CreateStore: Post routes::STORES => 201, "administrator" roles [Admin], "Create a store",
        query (), request Write<Store> = Json, response Record<Store> = Json;
    UpdateStore: Put routes::STORE => 200, "administrator" roles [Admin], "Edit a store",
        query (), request Write<Store> = Json, response Record<Store> = Json;
    GetOrg: Get routes::ORG => 200, "logged in (store managers: their departments and the people who serve their store)", "The org: units, positions, people",
        query (), request () = Empty, response OrgTree = Json;
    CreateOrgUnit: Post routes::ORG_UNITS => 201, "administrator" roles [Admin], "Create a department or group",
        query (), request Write<OrgUnit> = Json, response Record<OrgUnit> = Json;
    UpdateOrgUnit: Put routes::ORG_UNIT => 200, "administrator" roles [Admin], "Edit a department or group",
        query (), request Write<OrgUnit> = Json, response Record<OrgUnit> = Json;
    CreatePosition: Post routes::POSITIONS => 201, "administrator" roles [Admin], "Create a position",
        query (), request Write<Position> = Json, response Record<Position> = Json;
    UpdatePosition: Put routes::POSITION => 200, "administrator" roles [Admin], "Edit a position",
        query (), request Write<Position> = Json, response Record<Position> = Json;
    CreatePerson: Post routes::PEOPLE => 201, "administrator" roles [Admin], "Create a person",
        query (), request Write<Person> = Json, response Record<Person> = Json;
    UpdatePerson: Put routes::PERSON => 200, "administrator" roles [Admin], "Edit a person, including the stores they cover",
        query (), request Write<Person> = Json, response Record<Person> = Json;
    ListCampaigns: Get routes::CAMPAIGNS => 200, "logged in (store managers: own store, their part)", "List campaigns with filters and pages",
        query CampaignQuery, request () = Empty, response CampaignList = Json;
    CreateCampaign: Post routes::CAMPAIGNS => 201, "roles that may open the type", "Open a campaign (立项)",
        query (), request NewCampaign = Json, response CampaignDetail = Json;
    GetCampaign: Get routes::CAMPAIGN => 200, "logged in (store managers: own store, their part)", "One campaign as the caller may see it, with the actions open to them",
        query (), request () = Empty, response CampaignDetail = Json;
    ActOnCampaign: Post routes::CAMPAIGN_ACTION => 200, "the roles that own the action", "Take a workflow action: the path names it, the body carries the version read and the action",
        query (), request ActionRequest = Json, response CampaignDetail = Json;
    GetCalendarYear: Get routes::CALENDAR_YEAR => 200, "logged in", "One year of the working-day calendar",
        query (), request () = Empty, response YearCalendar = Json;
    ImportCalendarYear: Put routes::CALENDAR_YEAR => 200, "administrator" roles [Admin], "Import a year of the working-day calendar",
        query (), request YearCalendar = Json, response CalendarImport = Json;
    ImportCalendarIcs: Put routes::CALENDAR_YEAR_ICS => 200, "administrator" roles [Admin], "Import a year from an iCalendar (.ics) file as holiday calendars publish it (raw body: text/calendar, text/plain or application/octet-stream; at most 64 KB)",
        query (), request () = Raw("text/calendar"), response CalendarImport = Json;
    CountWorkingDays: Get routes::WORKING_DAYS => 200, "logged in", "Add working days to a date, or count them between two",
        query WorkingDaysQuery, request () = Empty, response WorkingDays = Json;
    GetScheduleTemplates: Get routes::SCHEDULE_TEMPLATES => 200, "logged in", "Each campaign type's schedule template in force today",
        query (), request () = Empty, response ScheduleTemplates = Json;
    SetScheduleTemplate: Put routes::SCHEDULE_TEMPLATE => 200, "administrator" roles [Admin], "Change a type's schedule template (for campaigns requested from tomorrow on)",
        query (), request crate::schedule::Template = Json, response ScheduleTemplates = Json;
    GetKpi: Get routes::KPI => 200, "VP, administrator; other center staff their own rows", "Monthly satisfaction per staff member (R7)",
        query KpiQuery, request () = Empty, response KpiReport = Json;
    ExportKpiCsv: Get routes::KPI_CSV => 200, "as the KPI report", "The KPI report as CSV",
        query KpiQuery, request () = Empty, response () = Raw("text/csv");
    ExportCampaignsCsv: Get routes::CAMPAIGNS_CSV => 200, "as the campaign list", "The campaign list as CSV",
        query CampaignQuery, request () = Empty, response () = Raw("text/csv");
    ExportKpiXlsx: Get routes::KPI_XLSX => 200, "as the KPI report", "The KPI report as Excel (.xlsx)",
        query KpiQuery, request () = Empty, response () = Raw("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    ExportCampaignsXlsx: Get routes::CAMPAIGNS_XLSX => 200, "as the campaign list", "The campaign list as Excel (.xlsx)",
        query CampaignQuery, request () = Empty, response () = Raw("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    GetCosts: Get routes::COSTS => 200, "VP, administrator, purchasing" roles [Vp, Admin, Purchasing], "The center's costs by month, campaign type, supplier and province",
        query CostQuery, request () = Empty, response CostReport = Json;
    ExportCostsCsv: Get routes::COSTS_CSV => 200, "as the cost report" roles [Vp, Admin, Purchasing], "Every order and invoice of the months as CSV",
        query CostQuery, request () = Empty, response () = Raw("text/csv");
    ExportCostsXlsx: Get routes::COSTS_XLSX => 200, "as the cost report" roles [Vp, Admin, Purchasing], "Every order and invoice of the months as Excel (.xlsx): amounts as numbers, dates as dates",
        query CostQuery, request () = Empty, response () = Raw("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    ListSuppliers: Get routes::SUPPLIERS => 200, "center staff", "The suppliers the center orders from (retired ones too, marked)",
        query (), request () = Empty, response Vec<Record<crate::costs::Supplier>> = Json;
    CreateSupplier: Post routes::SUPPLIERS => 201, "administrator, purchasing" roles [Admin, Purchasing], "Add a supplier",
        query (), request Write<crate::costs::Supplier> = Json, response Record<crate::costs::Supplier> = Json;
    UpdateSupplier: Put routes::SUPPLIER => 200, "administrator, purchasing" roles [Admin, Purchasing], "Edit or retire a supplier",
        query (), request Write<crate::costs::Supplier> = Json, response Record<crate::costs::Supplier> = Json;
    GetMoneySettings: Get routes::MONEY_SETTINGS => 200, "center staff", "The center's money rules: the tolerance above a budget",
        query (), request () = Empty, response crate::costs::MoneySettings = Json;
    SetMoneySettings: Put routes::MONEY_SETTINGS => 200, "administrator" roles [Admin], "Set the tolerance above a budget before the VP must approve",
        query (), request crate::costs::MoneySettings = Json, response crate::costs::MoneySettings = Json;
    GetThumbnail: Get routes::ATTACHMENT_THUMBNAIL => 200, "as the download", "An image scaled to fit 480 px, as JPEG",
        query (), request () = Empty, response () = Raw("image/jpeg");
    Upload: Post routes::ATTACHMENTS => 201, "logged in; quota per person and day", "Upload a file (raw body: JPEG, PNG, WebP or PDF, ≤ 20 MB)",
        query (), request () = Raw("*/*"), response AttachmentView = Json;
    Download: Get routes::ATTACHMENT => 200, "its uploader, or whoever sees a campaign that shows it", "Download a file",
        query (), request () = Empty, response () = Raw("*/*");
    ListNotifications: Get routes::NOTIFICATIONS => 200, "logged in (their own)", "The caller's notifications, newest first, with the unread count",
        query NotificationQuery, request () = Empty, response NotificationList = Json;
    MarkNotificationsRead: Post routes::NOTIFICATIONS_READ => 200, "logged in (their own)", "Mark notifications read: listed ones, a campaign's, or all",
        query (), request MarkRead = Json, response NotificationList = Json;
    Events: Get routes::EVENTS => 200, "logged in (their own notifications; changes of campaigns they may see)", "Server-Sent Events: `notification` and `campaign`; resumes after `Last-Event-ID`",
        query (), request () = Empty, response () = Raw("text/event-stream");
    ListWebhooks: Get routes::WEBHOOKS => 200, "administrator" roles [Admin], "Group-chat robots (secrets masked)",
        query (), request () = Empty, response Vec<WebhookView> = Json;
    CreateWebhook: Post routes::WEBHOOKS => 201, "administrator" roles [Admin], "Add a group-chat robot (企业微信, 钉钉, 飞书)",
        query (), request WebhookInput = Json, response WebhookView = Json;
    UpdateWebhook: Put routes::WEBHOOK => 200, "administrator" roles [Admin], "Change a robot (a secret left out is kept)",
        query (), request WebhookInput = Json, response WebhookView = Json;
    DeleteWebhook: Delete routes::WEBHOOK => 204, "administrator" roles [Admin], "Remove a robot and what waits for it",
        query (), request () = Empty, response () = Empty;
    TestWebhook: Post routes::WEBHOOK_TEST => 200, "administrator" roles [Admin], "Send a test message now and say how it went",
        query (), request () = Empty, response WebhookTest = Json;
    ListDeliveries: Get routes::DELIVERIES => 200, "administrator" roles [Admin], "Messages waiting for robots, and the parked ones",
        query DeliveryQuery, request () = Empty, response Vec<DeliveryView> = Json;
    RetryDelivery: Post routes::DELIVERY_RETRY => 200, "administrator" roles [Admin], "Try a parked delivery again now",
        query (), request () = Empty, response DeliveryView = Json;
    ListBackups: Get routes::BACKUPS => 200, "administrator" roles [Admin], "The backups the running server wrote, and the last failure",
        query (), request () = Empty, response BackupList = Json;
    CreateBackup: Post routes::BACKUPS => 201, "administrator" roles [Admin], "Write and verify a backup now, without stopping the server",
        query (), request () = Empty, response BackupInfo = Json;
    DownloadBackup: Get routes::BACKUP_FILE => 200, "administrator" roles [Admin], "A backup as one self-contained file (its pooled attachments inside), to keep elsewhere and restore anywhere",
        query (), request () = Empty, response () = Raw("application/octet-stream");
    ListChanges: Get routes::CHANGES => 200, "a feed account (Authorization: Bearer); the administrator", "Every change to campaigns, KPI months and the org since a cursor, in commit order",
        query crate::feed::ChangesQuery, request () = Empty, response crate::feed::ChangePage = Json;
    ListFeedReaders: Get routes::FEED_READERS => 200, "administrator" roles [Admin], "The accounts other systems read the change feed with",
        query (), request () = Empty, response Vec<Record<crate::feed::FeedReader>> = Json;
    CreateFeedReader: Post routes::FEED_READERS => 201, "administrator" roles [Admin], "Make a feed account; its token is in this answer only",
        query (), request Write<crate::feed::FeedReader> = Json, response crate::feed::NewFeedReader = Json;
    UpdateFeedReader: Put routes::FEED_READER => 200, "administrator" roles [Admin], "Rename or retire a feed account",
        query (), request Write<crate::feed::FeedReader> = Json, response Record<crate::feed::FeedReader> = Json;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_typed_queries() {
        let query = CampaignQuery {
            stage: Some(crate::campaign::Stage::StoreConfirmation),
            store: Some(crate::ids::StoreId(7)),
            overdue: true,
            ..CampaignQuery::default()
        };
        assert_eq!(
            url::<ListCampaigns>(&[], &query),
            "/api/v1/campaigns?stage=store_confirmation&store=7&overdue=true"
        );
        assert_eq!(url::<GetCampaign>(&["12"], &()), "/api/v1/campaigns/12");
        let back: CampaignQuery =
            serde_urlencoded::from_str("stage=store_confirmation&store=7&overdue=true").unwrap_or_default();
        assert_eq!(back, query);
    }

    #[test]
    fn every_route_path_has_an_endpoint_and_no_endpoint_is_listed_twice() {
        for path in routes::ALL {
            assert!(ENDPOINTS.iter().any(|e| e.path == *path), "{path} has no endpoint");
        }
        for (i, a) in ENDPOINTS.iter().enumerate() {
            assert!(
                !ENDPOINTS[i + 1..].iter().any(|b| a.method == b.method && a.path == b.path),
                "{} {} is listed twice",
                a.method.as_str(),
                a.path
            );
        }
    }
}
