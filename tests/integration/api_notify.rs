//! Notifications, live events and group-chat robots, against a real HTTP receiver on
//! loopback that checks each platform's signature and fails or holds deliveries on
//! purpose: every notice arrives once, failures are retried with growing waits and
//! parked after the last attempt, a restart loses nothing, a hanging robot never holds up
//! the workflow, and a store's live stream never carries another store's events.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::post;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;
use shared::api::{DeliveryQuery, MarkRead, NotificationList, NotificationQuery, RobotKind, RobotScope, WebhookInput};
use shared::campaign::{Brainstorm, CampaignType};
use shared::endpoints::{
    CreateCampaign, CreateWebhook, Endpoint, Events, ListDeliveries, ListNotifications, ListWebhooks,
    MarkNotificationsRead, RetryDelivery,
};
use shared::ids::{CampaignId, StoreId};
use shared::intake::NewCampaign;
use shared::money::Fen;
use shared::notify::Reason;
use shared::org::{Province, Role};
use shared::plan::{BudgetLine, PlanDocument};
use shared::workflow::{
    Action, Approve, CompleteNeeds, RecordBrainstorm, RequestChanges, SavePlan, StartNeeds, SubmitDraft,
    SubmitForApproval,
};
use tests::{Session, TestApp, Who, World, spawn_app, wait_for};

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    robot: String,
    text: String,
    signed_ok: bool,
    answered_ok: bool,
    at: Instant,
}

#[derive(Clone, Default)]
struct Receiver {
    log: Arc<Mutex<Vec<Received>>>,
    /// Requests still to fail, per robot name.
    fail: Arc<Mutex<HashMap<String, u32>>>,
    /// Robots whose requests wait until released.
    hold: Arc<Mutex<Option<Arc<tokio::sync::Notify>>>>,
    in_flight: Arc<std::sync::atomic::AtomicUsize>,
}

const DINGTALK_SECRET: &str = "SECvp-robot-secret";
const FEISHU_SECRET: &str = "feishu-region-secret";

fn hmac_b64(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn fresh(timestamp_ms: i64) -> bool {
    (chrono::Utc::now().timestamp_millis() - timestamp_ms).abs() < 3_600_000
}

impl Receiver {
    async fn start() -> (Receiver, String) {
        let receiver = Receiver::default();
        let app = Router::new()
            .route("/wecom/{name}", post(wecom))
            .route("/dingtalk/{name}", post(dingtalk))
            .route("/feishu/{name}", post(feishu))
            .with_state(receiver.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (receiver, base)
    }

    fn received(&self, robot: &str) -> Vec<Received> {
        self.log.lock().unwrap().iter().filter(|r| r.robot == robot).cloned().collect()
    }

    fn delivered(&self, robot: &str) -> Vec<Received> {
        self.received(robot).into_iter().filter(|r| r.answered_ok).collect()
    }

    fn fail(&self, robot: &str, times: u32) {
        self.fail.lock().unwrap().insert(robot.to_owned(), times);
    }

    /// Records a request and answers it: a failure while any are left for the robot. The
    /// answers (and the requests the handlers below read) are the platforms' JSON, not
    /// Campaign Desk's: no `shared` type describes them, and the test reads them on its own.
    async fn answer(&self, robot: String, text: String, signed_ok: bool) -> (StatusCode, axum::Json<Value>) {
        let hold = self.hold.lock().unwrap().clone();
        if let Some(hold) = hold {
            self.in_flight.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            hold.notified().await;
            self.in_flight.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        }
        let failing = {
            let mut fail = self.fail.lock().unwrap();
            match fail.get_mut(&robot) {
                Some(left) if *left > 0 => {
                    *left -= 1;
                    true
                }
                _ => false,
            }
        };
        let answered_ok = signed_ok && !failing;
        self.log.lock().unwrap().push(Received { robot, text, signed_ok, answered_ok, at: Instant::now() });
        if answered_ok {
            (StatusCode::OK, axum::Json(json!({"errcode": 0, "errmsg": "ok", "code": 0})))
        } else if failing {
            (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(json!({"errcode": -1, "errmsg": "busy"})))
        } else {
            (StatusCode::OK, axum::Json(json!({"errcode": 310000, "errmsg": "sign not match"})))
        }
    }
}

async fn wecom(
    State(r): State<Receiver>,
    Path(name): Path<String>,
    body: axum::Json<Value>,
) -> (StatusCode, axum::Json<Value>) {
    let text = body["markdown"]["content"].as_str().unwrap_or_default().to_owned();
    let signed_ok = body["msgtype"] == "markdown";
    r.answer(format!("wecom/{name}"), text, signed_ok).await
}

async fn dingtalk(
    State(r): State<Receiver>,
    Path(name): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    body: axum::Json<Value>,
) -> (StatusCode, axum::Json<Value>) {
    // 加签: sign = base64(HMAC-SHA256(secret, "timestamp\nsecret")), on the URL.
    let timestamp: i64 = query.get("timestamp").and_then(|t| t.parse().ok()).unwrap_or(0);
    let expected = hmac_b64(DINGTALK_SECRET.as_bytes(), format!("{timestamp}\n{DINGTALK_SECRET}").as_bytes());
    let signed_ok = query.get("sign") == Some(&expected) && fresh(timestamp) && query.contains_key("access_token");
    let text = body["markdown"]["text"].as_str().unwrap_or_default().to_owned();
    r.answer(format!("dingtalk/{name}"), text, signed_ok).await
}

async fn feishu(
    State(r): State<Receiver>,
    Path(name): Path<String>,
    body: axum::Json<Value>,
) -> (StatusCode, axum::Json<Value>) {
    // sign = base64(HMAC-SHA256(key = "timestamp\nsecret", message = "")), in the body.
    let timestamp: i64 = body["timestamp"].as_str().and_then(|t| t.parse().ok()).unwrap_or(0);
    let expected = hmac_b64(format!("{timestamp}\n{FEISHU_SECRET}").as_bytes(), b"");
    let signed_ok = body["sign"].as_str() == Some(expected.as_str()) && fresh(timestamp * 1000);
    let text = body["content"]["text"].as_str().unwrap_or_default().to_owned();
    r.answer(format!("feishu/{name}"), text, signed_ok).await
}

/// A robot of `kind` for `scope`, posting to `url`.
fn robot(name: &str, kind: RobotKind, scope: RobotScope, url: String, secret: Option<&str>) -> WebhookInput {
    WebhookInput { name: name.into(), kind, scope, url, secret: secret.map(str::to_owned), enabled: true }
}

async fn add_robot(admin: &Session, input: WebhookInput) -> anyhow::Result<u64> {
    Ok(admin.ok::<CreateWebhook>(&[], &(), &input).await?.id)
}

/// The form of a store-specific campaign of `store`, running 10 to 12 April.
fn store_specific(title: &str, store: u64) -> NewCampaign {
    NewCampaign {
        title: title.into(),
        stores: vec![StoreId(store)],
        starts_on: "2026-04-10".into(),
        ends_on: "2026-04-12".into(),
        ..NewCampaign::empty(CampaignType::StoreSpecific)
    }
}

/// A store-specific campaign of the own store (黑龙江), taken by the planner to the VP.
async fn campaign_at_approval(app: &TestApp, world: &World, title: &str) -> anyhow::Result<u64> {
    let planner = world.session(app, Who::Planning).await?;
    let created = planner.ok::<CreateCampaign>(&[], &(), &store_specific(title, world.own_store)).await?;
    let id = created.campaign.id.0;
    let plan = PlanDocument {
        theme: "周年庆典".into(),
        strategy: "满额赠礼".into(),
        implementation: "三天".into(),
        forecast: "增长两成".into(),
        budget: vec![BudgetLine { item: "物料".into(), amount: Fen(1_234_500) }],
        forecast_sales: None,
    };
    for action in [
        Action::StartNeeds(StartNeeds {}),
        Action::CompleteNeeds(CompleteNeeds {}),
        Action::RecordBrainstorm(RecordBrainstorm {
            brainstorm: Brainstorm { notes: "周年庆".into(), attendees: vec![] },
        }),
        Action::SavePlan(SavePlan { plan, note: String::new() }),
        Action::SubmitDraft(SubmitDraft {}),
        Action::SubmitForApproval(SubmitForApproval {}),
    ] {
        planner.perform_ok(id, &action).await?;
    }
    Ok(id)
}

/// Waits until the robots' outbox is empty: nothing waiting, nothing parked. A delivery
/// leaves the durable outbox only once its robot took it, so after this none is sent
/// again, and counting what the receiver got counts every delivery there will be.
async fn outbox_drained(app: &TestApp) -> anyhow::Result<()> {
    wait_for(Duration::from_secs(60), "the robots' outbox to drain", || async {
        let pending = app.metric("robot_deliveries_pending").await.ok()?;
        let parked = app.metric("robot_deliveries_parked").await.ok()?;
        (pending == 0 && parked == 0).then_some(())
    })
    .await
}

async fn notifications(session: &Session) -> anyhow::Result<NotificationList> {
    session.ok::<ListNotifications>(&[], &NotificationQuery::default(), &()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_notice_reaches_its_people_and_robots_once_signed_and_retried() -> anyhow::Result<()> {
    let (receiver, base) = Receiver::start().await;
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let department = |role| RobotScope::Department { role };
    let vp_robot = format!("{base}/dingtalk/vp?access_token=abc");
    add_robot(&admin, robot("总经理群", RobotKind::DingTalk, department(Role::Vp), vp_robot, Some(DINGTALK_SECRET)))
        .await?;
    let planning_robot = format!("{base}/wecom/planning");
    add_robot(&admin, robot("企划部群", RobotKind::WeCom, department(Role::Planning), planning_robot, None)).await?;
    let region = RobotScope::Region { province: Province::Heilongjiang };
    let region_robot = format!("{base}/feishu/hlj");
    add_robot(&admin, robot("黑龙江门店群", RobotKind::Feishu, region, region_robot, Some(FEISHU_SECRET))).await?;
    // A signing secret never comes back, not even to the administrator: not in any field
    // of the answer as it travels.
    let listed = admin.download::<ListWebhooks>(&[], &()).await??;
    let listed = String::from_utf8(listed)?;
    assert!(!listed.contains(DINGTALK_SECRET) && !listed.contains(FEISHU_SECRET), "{listed}");
    assert!(listed.contains("••••"), "the list says a secret is set: {listed}");
    // The VP's robot fails twice before it takes the message.
    receiver.fail("dingtalk/vp", 2);

    let id = campaign_at_approval(&app, &world, "鸡西店周年庆").await?;
    let vp = world.session(&app, Who::Vp).await?;
    let told = notifications(&vp).await?;
    assert_eq!(told.unread, 1, "{told:?}");
    assert_eq!(told.items[0].reason, Reason::ApprovalNeeded);
    assert_eq!(told.items[0].campaign.0, id);
    let delivered = wait_for(Duration::from_secs(30), "the VP's robot to take the message", || async {
        let got = receiver.delivered("dingtalk/vp");
        (!got.is_empty()).then_some(got)
    })
    .await?;
    assert!(delivered[0].text.contains("鸡西店周年庆") && delivered[0].text.contains("方案待您审批"), "{delivered:?}");
    let attempts = receiver.received("dingtalk/vp");
    assert_eq!(attempts.len(), 3, "two failures, then once: {attempts:?}");
    assert!(attempts.iter().all(|a| a.signed_ok), "every attempt carries a valid 加签");

    // The VP approves: the store must confirm; the region's group hears of it.
    vp.perform_ok(id, &Action::Approve(Approve {})).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let store_told = notifications(&manager).await?;
    assert!(
        store_told.items.iter().any(|n| n.reason == Reason::StoreToConfirm && n.campaign.0 == id),
        "{store_told:?}"
    );
    let other = world.session(&app, Who::OtherStoreManager).await?;
    assert_eq!(notifications(&other).await?.items.len(), 0, "the other store is told nothing");
    wait_for(Duration::from_secs(30), "the region's robot", || async {
        (!receiver.delivered("feishu/hlj").is_empty()).then_some(())
    })
    .await?;
    let region = receiver.delivered("feishu/hlj");
    assert!(region[0].signed_ok && region[0].text.contains("请门店确认"), "{region:?}");

    // The store asks for changes: the assignee (the planner) and the planning group hear it.
    let changes = RequestChanges { store: StoreId(world.own_store), comment: "赠品换成金条".into() };
    manager.perform_ok(id, &Action::RequestChanges(changes)).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let planner_told = notifications(&planner).await?;
    assert!(
        planner_told
            .items
            .iter()
            .any(|n| matches!(&n.reason, Reason::ChangesRequested { comment, .. } if comment == "赠品换成金条")),
        "{planner_told:?}"
    );
    wait_for(Duration::from_secs(30), "the planning group's robot", || async {
        receiver.delivered("wecom/planning").iter().any(|r| r.text.contains("赠品换成金条")).then_some(())
    })
    .await?;

    // Once each, after everything settled: the outbox is empty, so nothing more is coming.
    outbox_drained(&app).await?;
    assert_eq!(receiver.delivered("dingtalk/vp").len(), 1);
    assert_eq!(receiver.delivered("feishu/hlj").len(), 1);
    assert_eq!(receiver.delivered("wecom/planning").iter().filter(|r| r.text.contains("赠品换成金条")).count(), 1);

    // Read: by campaign, and the count follows.
    let mark = MarkRead { campaign: Some(CampaignId(id)), ..MarkRead::default() };
    let read = manager.ok::<MarkNotificationsRead>(&[], &(), &mark).await?;
    assert_eq!(read.unread, 0);
    assert!(read.items.iter().all(|n| n.read));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_robot_that_keeps_failing_is_retried_with_growing_waits_then_parked() -> anyhow::Result<()> {
    let (receiver, base) = Receiver::start().await;
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let vp = RobotScope::Department { role: Role::Vp };
    let robot = add_robot(&admin, robot("总经理群", RobotKind::WeCom, vp, format!("{base}/wecom/down"), None)).await?;
    receiver.fail("wecom/down", 1000);
    campaign_at_approval(&app, &world, "总是失败的群").await?;
    let parked: Vec<shared::api::DeliveryView> =
        wait_for(Duration::from_secs(60), "the delivery to be parked", || async {
            let parked = admin.ok::<ListDeliveries>(&[], &DeliveryQuery { parked: true }, &()).await.ok()?;
            (!parked.is_empty()).then_some(parked)
        })
        .await?;
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].attempts, 8);
    assert!(parked[0].last_error.contains("HTTP 500"), "{parked:?}");
    let attempts = receiver.received("wecom/down");
    assert_eq!(attempts.len(), 8, "no attempt after parking");
    let gaps: Vec<Duration> = attempts.windows(2).map(|w| w[1].at - w[0].at).collect();
    assert!(gaps[gaps.len() - 1] > gaps[0] * 2, "the waits grow: {gaps:?}");
    let robots = admin.ok::<ListWebhooks>(&[], &(), &()).await?;
    assert_eq!(robots.iter().find(|r| r.id == robot).map(|r| r.parked), Some(1), "the administrator sees it");

    // The robot is fixed; the administrator sends it again: it arrives once.
    receiver.fail("wecom/down", 0);
    admin.ok::<RetryDelivery>(&[&parked[0].id.to_string()], &(), &()).await?;
    wait_for(Duration::from_secs(30), "the retried delivery", || async {
        (!receiver.delivered("wecom/down").is_empty()).then_some(())
    })
    .await?;
    let left = admin.ok::<ListDeliveries>(&[], &DeliveryQuery::default(), &()).await?;
    assert!(left.is_empty(), "delivered messages leave the outbox: {left:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_middle_loses_no_delivery_and_sends_none_twice() -> anyhow::Result<()> {
    let (receiver, base) = Receiver::start().await;
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let vp = RobotScope::Department { role: Role::Vp };
    add_robot(&admin, robot("总经理群", RobotKind::Feishu, vp, format!("{base}/feishu/vp"), Some(FEISHU_SECRET)))
        .await?;
    receiver.fail("feishu/vp", 1000);
    campaign_at_approval(&app, &world, "重启前的审批").await?;
    wait_for(Duration::from_secs(30), "a first failed attempt", || async {
        (!receiver.received("feishu/vp").is_empty()).then_some(())
    })
    .await?;
    let app = app.restart().await?;
    receiver.fail("feishu/vp", 0);
    wait_for(Duration::from_secs(60), "the delivery after the restart", || async {
        (!receiver.delivered("feishu/vp").is_empty()).then_some(())
    })
    .await?;
    // Nothing is left to send: what arrived is all that ever will.
    outbox_drained(&app).await?;
    let delivered = receiver.delivered("feishu/vp");
    assert_eq!(delivered.len(), 1, "once: {delivered:?}");
    assert!(delivered[0].text.contains("重启前的审批"));
    let admin = app.admin().await?;
    let left = admin.ok::<ListDeliveries>(&[], &DeliveryQuery::default(), &()).await?;
    assert!(left.is_empty());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_robot_that_does_not_answer_never_holds_up_the_workflow() -> anyhow::Result<()> {
    let (receiver, base) = Receiver::start().await;
    let hold = Arc::new(tokio::sync::Notify::new());
    *receiver.hold.lock().unwrap() = Some(hold.clone());
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let vp = RobotScope::Department { role: Role::Vp };
    add_robot(&admin, robot("企划部群", RobotKind::WeCom, vp, format!("{base}/wecom/stuck"), None)).await?;
    let id = campaign_at_approval(&app, &world, "机器人不回应").await?;
    wait_for(Duration::from_secs(30), "the robot to be called", || async {
        (receiver.in_flight.load(std::sync::atomic::Ordering::SeqCst) > 0).then_some(())
    })
    .await?;
    // While the robot holds its request open, the workflow goes on.
    let vp = world.session(&app, Who::Vp).await?;
    vp.perform_ok(id, &Action::Approve(Approve {})).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let changes = RequestChanges { store: StoreId(world.own_store), comment: "改期".into() };
    manager.perform_ok(id, &Action::RequestChanges(changes)).await?;
    assert!(receiver.in_flight.load(std::sync::atomic::Ordering::SeqCst) > 0, "the robot still has not answered");
    assert!(receiver.received("wecom/stuck").is_empty());
    *receiver.hold.lock().unwrap() = None;
    hold.notify_waiters();
    Ok(())
}

/// Reads events from a live stream until `until` is satisfied or `within` passes.
async fn read_events(
    response: &mut reqwest::Response,
    within: Duration,
    mut until: impl FnMut(&[(String, String)]) -> bool,
) -> Vec<(String, String)> {
    let deadline = tokio::time::Instant::now() + within;
    let mut buffer = String::new();
    let mut events = Vec::new();
    while !until(&events) {
        let chunk = match tokio::time::timeout_at(deadline, response.chunk()).await {
            Ok(Ok(Some(chunk))) => chunk,
            _ => break,
        };
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let mut kind = String::new();
            let mut data = String::new();
            for line in block.lines() {
                if let Some(k) = line.strip_prefix("event: ") {
                    kind = k.to_owned();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data = d.to_owned();
                }
            }
            if !kind.is_empty() {
                events.push((kind, data));
            }
        }
    }
    events
}

async fn open_stream(session: &Session, last_event_id: Option<u64>) -> anyhow::Result<reqwest::Response> {
    let mut request = session.request::<Events>(&[], &(), &());
    if let Some(id) = last_event_id {
        request = request.header("last-event-id", id.to_string());
    }
    let response = request.send().await?;
    anyhow::ensure!(response.status() == Events::STATUS, "{}", response.status());
    Ok(response)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_events_reach_the_intended_screens_and_no_other_store() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let vp = world.session(&app, Who::Vp).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let other = world.session(&app, Who::OtherStoreManager).await?;
    let mut vp_stream = open_stream(&vp, None).await?;
    let mut own_stream = open_stream(&manager, None).await?;
    let mut other_stream = open_stream(&other, None).await?;

    let id = campaign_at_approval(&app, &world, "实时推送").await?;
    let vp_events =
        read_events(&mut vp_stream, Duration::from_secs(10), |e| e.iter().any(|(k, _)| k == "notification")).await;
    let notification = vp_events
        .iter()
        .find(|(k, _)| k == "notification")
        .map(|(_, d)| d.clone())
        .ok_or_else(|| anyhow::anyhow!("no notification event for the VP: {vp_events:?}"))?;
    let notification: shared::notify::Notification = serde_json::from_str(&notification)?;
    assert_eq!((notification.reason, notification.campaign.0), (Reason::ApprovalNeeded, id));
    let own_events = read_events(&mut own_stream, Duration::from_secs(10), |e| {
        e.iter().any(|(k, d)| k == "campaign" && d.contains(&format!("\"id\":{id}")))
    })
    .await;
    assert!(!own_events.is_empty(), "the own store's screen hears its campaign changed");

    // The other store: its first event is about its own campaign, made after all of the
    // above, so nothing of the first store's campaign reached it.
    let service = world.session(&app, Who::ServiceCenter).await?;
    let created = service.ok::<CreateCampaign>(&[], &(), &store_specific("延吉店活动", world.other_store)).await?;
    let marker = created.campaign.id.0;
    let other_events = read_events(&mut other_stream, Duration::from_secs(10), |e| !e.is_empty()).await;
    assert!(!other_events.is_empty(), "the other store hears of its own campaign");
    assert!(other_events[0].1.contains(&format!("\"id\":{marker}")), "{other_events:?}");
    assert!(other_events.iter().all(|(_, d)| !d.contains(&format!("\"id\":{id}")) && !d.contains("实时推送")));

    // Resuming after a notification replays the ones stored since.
    let vp_told = notifications(&vp).await?;
    let newest = vp_told.items.first().map(|n| n.id).ok_or_else(|| anyhow::anyhow!("the VP has no notification"))?;
    let mut resumed = open_stream(&vp, Some(newest - 1)).await?;
    let replayed =
        read_events(&mut resumed, Duration::from_secs(5), |e| e.iter().any(|(k, _)| k == "notification")).await;
    assert!(
        replayed.iter().any(|(k, d)| k == "notification" && d.contains(&format!("\"id\":{newest}"))),
        "{replayed:?}"
    );
    drop(resumed);

    // At shutdown every stream ends, and the server stops without waiting for them.
    let mut app = app;
    app.stop().await?;
    let ended =
        tokio::time::timeout(Duration::from_secs(10), async { while let Ok(Some(_)) = vp_stream.chunk().await {} })
            .await;
    assert!(ended.is_ok(), "the stream ends when the server stops");
    Ok(())
}
