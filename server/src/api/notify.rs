//! Notifications (each account reads and marks only its own), the live event stream, and
//! the administrator's group-chat robots with their outbox.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use shared::api::{
    DeliveryQuery, DeliveryView, MarkRead, NotificationList, NotificationQuery, WebhookInput, WebhookTest, WebhookView,
};
use shared::endpoints::{
    CreateWebhook, DeleteWebhook, Events, ListDeliveries, ListNotifications, ListWebhooks, MarkNotificationsRead,
    RetryDelivery, TestWebhook, UpdateWebhook,
};
use shared::messages::{FieldError, Message};
use shared::org::Role;

use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiQuery};
use crate::notify::hub::{self, Refusal};
use crate::state::AppState;
use crate::storage::notices::{Delivery, Webhook};

pub fn router() -> Router<AppState> {
    let router = route::<ListNotifications, _, _>(Router::new(), list);
    let router = route::<MarkNotificationsRead, _, _>(router, mark_read);
    let router = route::<Events, _, _>(router, events);
    let router = route::<ListWebhooks, _, _>(router, list_webhooks);
    let router = route::<CreateWebhook, _, _>(router, create_webhook);
    let router = route::<UpdateWebhook, _, _>(router, update_webhook);
    let router = route::<DeleteWebhook, _, _>(router, delete_webhook);
    let router = route::<TestWebhook, _, _>(router, test_webhook);
    let router = route::<ListDeliveries, _, _>(router, list_deliveries);
    route::<RetryDelivery, _, _>(router, retry_delivery)
}

/// `GET /api/v1/events`: the login's live stream (`notify::hub`), resuming after
/// `Last-Event-ID` from the stored notifications. Sent on at once: a comment every
/// [`hub::HEARTBEAT`] keeps proxies from closing an idle stream, and `X-Accel-Buffering`
/// tells nginx not to hold events back.
async fn events(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse as _;
    use axum::response::sse::{KeepAlive, Sse};
    if state.hub.is_closing() {
        return Err(AppError::Busy { retry_after_s: 30 });
    }
    let last_seen: Option<u64> =
        headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok());
    let replay = match last_seen {
        Some(after) => state.store.notifications_after(current.user.id, after, hub::REPLAY_MAX)?,
        None => Vec::new(),
    };
    let (id, rx) = state.hub.subscribe(current.actor.clone(), current.token_hash).map_err(|refusal| match refusal {
        Refusal::Session(max) => AppError::TooManyStreams { max, per_session: true },
        Refusal::Account(max) => AppError::TooManyStreams { max, per_session: false },
        Refusal::Server => AppError::Busy { retry_after_s: 30 },
    })?;
    let events = Sse::new(hub::stream(state.hub.clone(), id, rx, replay))
        .keep_alive(KeepAlive::new().interval(hub::HEARTBEAT).text("heartbeat"));
    Ok((
        [
            (axum::http::header::CACHE_CONTROL, "no-store"),
            (axum::http::HeaderName::from_static("x-accel-buffering"), "no"),
        ],
        events,
    )
        .into_response())
}

const LIST_DEFAULT: usize = 50;
const LIST_MAX: usize = 200;
const NAME_MAX_CHARS: usize = 40;
const URL_MAX_CHARS: usize = 500;
const SECRET_MAX_CHARS: usize = 200;

fn notification_list(
    state: &AppState,
    current: &CurrentUser,
    limit: usize,
    unread: bool,
    before: Option<u64>,
) -> Result<NotificationList, AppError> {
    let page = state.store.notifications(current.user.id, limit, unread, before)?;
    Ok(NotificationList { items: page.items, unread: page.unread, next_before: page.next_before })
}

async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<NotificationQuery>,
) -> Reply<ListNotifications> {
    let limit = query.limit.map_or(LIST_DEFAULT, |l| l as usize).clamp(1, LIST_MAX);
    reply::<ListNotifications>(notification_list(&state, &current, limit, query.unread, query.before)?)
}

async fn mark_read(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(which): ApiJson<MarkRead>,
) -> Reply<MarkNotificationsRead> {
    if which.ids.len() > LIST_MAX {
        return Err(AppError::Validation(vec![FieldError::new("ids", &Message::TooMany { max_items: LIST_MAX })]));
    }
    state.store.mark_read(current.user.id, &which).await?;
    reply::<MarkNotificationsRead>(notification_list(&state, &current, LIST_DEFAULT, false, None)?)
}

/// The secret as the API may show it: that there is one, and its last two characters.
fn masked(secret: &str) -> String {
    if secret.is_empty() {
        return String::new();
    }
    let tail: String = secret.chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect();
    format!("••••••{tail}")
}

fn view(webhook: &Webhook, deliveries: &[Delivery]) -> WebhookView {
    let mine = deliveries.iter().filter(|d| d.webhook == webhook.id);
    let (parked, pending) = mine.fold((0u32, 0u32), |(p, w), d| if d.parked { (p + 1, w) } else { (p, w + 1) });
    WebhookView {
        id: webhook.id,
        name: webhook.name.clone(),
        kind: webhook.kind,
        scope: webhook.scope,
        url: webhook.url.clone(),
        secret_masked: masked(&webhook.secret),
        enabled: webhook.enabled,
        parked,
        pending,
    }
}

/// Checks a robot as written: its name, the platform's own https URL, the secret's size.
fn check(state: &AppState, input: &WebhookInput) -> Result<(), AppError> {
    let mut errors = Vec::new();
    shared::text::check_text("name", input.name.trim(), true, NAME_MAX_CHARS, shared::text::Lines::One, &mut errors);
    if input.url.chars().count() > URL_MAX_CHARS || state.robots.check_url(input.kind, &input.url).is_err() {
        let hosts = if state.robots.allow_private { "http(s)".to_owned() } else { input.kind.hosts().join(", ") };
        errors.push(FieldError::new(
            "url",
            &Message::RobotUrl { platform_zh: input.kind.name_zh(), platform_en: input.kind.name_en(), hosts },
        ));
    }
    if let Some(secret) = &input.secret {
        shared::text::check_text("secret", secret, false, SECRET_MAX_CHARS, shared::text::Lines::One, &mut errors);
    }
    if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
}

fn audit(state: &AppState, current: &CurrentUser, action: &str, target: String) -> crate::storage::AuditEntry {
    crate::storage::AuditEntry { at_unix_ms: state.now_unix_ms(), user: current.user.id, action: action.into(), target }
}

async fn list_webhooks(State(state): State<AppState>, current: CurrentUser) -> Reply<ListWebhooks> {
    current.require(&[Role::Admin])?;
    let deliveries = state.store.deliveries()?;
    reply::<ListWebhooks>(state.store.webhooks()?.iter().map(|w| view(w, &deliveries)).collect())
}

async fn create_webhook(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(input): ApiJson<WebhookInput>,
) -> Reply<CreateWebhook> {
    current.require(&[Role::Admin])?;
    check(&state, &input)?;
    let webhook = Webhook {
        id: state.store.next_id()?,
        name: input.name.trim().to_owned(),
        kind: input.kind,
        scope: input.scope,
        url: input.url.trim().to_owned(),
        secret: input.secret.unwrap_or_default().trim().to_owned(),
        enabled: input.enabled,
        created_at_unix_ms: state.now_unix_ms(),
    };
    state.store.put_webhook(&webhook).await?;
    state.store.audit(audit(&state, &current, "create robot", format!("robot {}", webhook.id))).await?;
    tracing::info!(robot = webhook.id, kind = ?webhook.kind, "robot added");
    reply::<CreateWebhook>(view(&webhook, &[]))
}

fn webhook_id(id: &str) -> Result<u64, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

async fn update_webhook(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<WebhookInput>,
) -> Reply<UpdateWebhook> {
    current.require(&[Role::Admin])?;
    let id = webhook_id(&id)?;
    let mut webhook = state.store.webhook(id)?.ok_or(AppError::NotFound)?;
    check(&state, &input)?;
    webhook.name = input.name.trim().to_owned();
    webhook.kind = input.kind;
    webhook.scope = input.scope;
    webhook.url = input.url.trim().to_owned();
    if let Some(secret) = input.secret {
        webhook.secret = secret.trim().to_owned();
    }
    webhook.enabled = input.enabled;
    state.store.put_webhook(&webhook).await?;
    state.store.audit(audit(&state, &current, "edit robot", format!("robot {id}"))).await?;
    let deliveries = state.store.deliveries()?;
    reply::<UpdateWebhook>(view(&webhook, &deliveries))
}

async fn delete_webhook(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    current.require(&[Role::Admin])?;
    let id = webhook_id(&id)?;
    if !state.store.delete_webhook(id).await? {
        return Err(AppError::NotFound);
    }
    state.store.audit(audit(&state, &current, "delete robot", format!("robot {id}"))).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn test_webhook(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Reply<TestWebhook> {
    current.require(&[Role::Admin])?;
    let webhook = state.store.webhook(webhook_id(&id)?)?.ok_or(AppError::NotFound)?;
    let text = "**活动工作台测试消息**\n\n这个群已接入活动工作台，之后活动的待办和提醒会发到这里。";
    let outcome = state.robots.post(&webhook, "活动工作台测试消息", text, "").await;
    let (delivered, detail) = match outcome {
        Ok(answer) => (true, answer),
        Err(reason) => (false, reason),
    };
    reply::<TestWebhook>(WebhookTest { delivered, detail })
}

fn delivery_view(d: &Delivery) -> DeliveryView {
    DeliveryView {
        id: d.id,
        webhook: d.webhook,
        title: d.title.clone(),
        attempts: d.attempts,
        next_at_unix_ms: d.next_at_unix_ms,
        last_error: d.last_error.clone(),
        parked: d.parked,
        created_at_unix_ms: d.created_at_unix_ms,
    }
}

async fn list_deliveries(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<DeliveryQuery>,
) -> Reply<ListDeliveries> {
    current.require(&[Role::Admin])?;
    let all = state.store.deliveries()?;
    reply::<ListDeliveries>(all.iter().filter(|d| !query.parked || d.parked).map(delivery_view).collect())
}

async fn retry_delivery(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Reply<RetryDelivery> {
    current.require(&[Role::Admin])?;
    let id: u64 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut delivery = state.store.delivery(id)?.ok_or(AppError::NotFound)?;
    delivery.parked = false;
    delivery.attempts = 0;
    delivery.next_at_unix_ms = state.now_unix_ms();
    state.store.put_delivery(&delivery).await?;
    state.robots.wake();
    reply::<RetryDelivery>(delivery_view(&delivery))
}
