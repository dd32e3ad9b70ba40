//! What a store can infer from hidden work (R5, `DOMAIN.md`: prices and costs are the
//! center's business): while purchasing orders and invoices on a campaign at the store's
//! delivery, the store's page keeps its version and its history, its live stream stays
//! silent, its own queued action made on the version it read is accepted, and it never
//! reads the plan's budget or forecast, nor the stages' days of the schedule templates.

use std::time::Duration;

use reqwest::StatusCode;
use shared::api::{ActionRequest, CampaignQuery};
use shared::campaign::{HelpKind, Stage};
use shared::costs::{OrderLine, SupplierKind};
use shared::endpoints::{ActOnCampaign, Events, GetCampaign, GetScheduleTemplates, ListCampaigns};
use shared::ids::StoreId;
use shared::messages::RuleCode;
use shared::money::Fen;
use shared::workflow::{Action, ConfirmReceipt, RecordInvoice, RecordOrder, RequestHelp};
use tests::flow::{received_in_full, store_campaign_at};
use tests::{Who, World, spawn_app, test_today};

fn day(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

/// The `campaign` events of a live stream read until one names `id` or `within` passes.
async fn campaign_events(response: &mut reqwest::Response, id: u64, within: Duration) -> Vec<String> {
    let deadline = tokio::time::Instant::now() + within;
    let (mut buffer, mut events) = (String::new(), Vec::new());
    let names = |events: &[String]| events.iter().any(|d: &String| d.contains(&format!("\"id\":{id}")));
    while !names(&events) {
        let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, response.chunk()).await else { break };
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if block.lines().any(|l| l == "event: campaign") {
                events.extend(block.lines().filter_map(|l| l.strip_prefix("data: ")).map(str::to_owned));
            }
        }
    }
    events
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hidden_money_work_tells_a_store_nothing_and_never_makes_its_action_stale() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let store = StoreId(world.own_store);
    let id = store_campaign_at(&app, &world, "店庆隐藏工作", (day("2026-04-10"), day("2026-04-12")), Stage::Shipping)
        .await?;
    let key = id.to_string();

    // What the store reads before: the approved plan without budget or forecast.
    let before = manager.ok::<GetCampaign>(&[&key], &(), &()).await?;
    let seen = before.campaign.campaign().clone();
    let plan = seen.plan_versions.last().ok_or_else(|| anyhow::anyhow!("the store reads the approved plan"))?;
    assert!(!plan.document.theme.is_empty());
    assert!(plan.document.budget.is_empty(), "{:?}", plan.document.budget);
    assert!(plan.document.forecast.is_empty() && plan.document.forecast_sales.is_none());
    assert!(before.money.is_none() && before.schedule.is_empty());
    let whole = planner.ok::<GetCampaign>(&[&key], &(), &()).await?;
    assert!(!whole.campaign.plan_versions.last().map(|p| p.document.budget.is_empty()).unwrap_or(true));
    assert!(whole.campaign.version > seen.version, "the center's version counts its own work too");
    assert_eq!(seen.version, seen.history.len() as u64, "a store's version counts what it reads");

    // The store's screen is open while purchasing orders and invoices.
    let mut stream = manager.request::<Events>(&[], &(), &()).send().await?;
    assert_eq!(stream.status(), StatusCode::OK);
    let order = RecordOrder {
        supplier: "华印".into(),
        supplier_kind: SupplierKind::Printing,
        lines: vec![OrderLine { item: "福袋".into(), spec: String::new(), quantity: 100, unit_price: Fen(500) }],
        stores: vec![store],
        budget_line: String::new(),
        ordered_on: test_today(),
        expected_on: None,
    };
    purchasing.perform_ok(id, &Action::RecordOrder(order)).await?;
    let invoice = RecordInvoice {
        supplier: "华印".into(),
        invoice_no: "No.7".into(),
        amount: Fen(50_000),
        issued_on: test_today(),
        order: Some(1),
        scan: None,
        reason: String::new(),
    };
    purchasing.perform_ok(id, &Action::RecordInvoice(invoice)).await?;
    let after = manager.ok::<GetCampaign>(&[&key], &(), &()).await?;
    assert_eq!(after.campaign.version, seen.version, "hidden work moves no version a store reads");
    assert_eq!(after.campaign.history, seen.history, "nor its history");

    // Its confirmation, made on the version it read before the hidden work, is accepted.
    let receipt = Action::ConfirmReceipt(ConfirmReceipt { store, lines: received_in_full(), photos: vec![] });
    let request = ActionRequest { version: seen.version, action: receipt };
    let confirmed = manager.ok::<ActOnCampaign>(&[&key, "confirm_receipt"], &(), &request).await?;
    assert_eq!(confirmed.campaign.version, seen.version + 1);
    // The first event the store's stream carries about the campaign is its own step.
    let events = campaign_events(&mut stream, id, Duration::from_secs(10)).await;
    let first = events.iter().find(|d| d.contains(&format!("\"id\":{id}"))).cloned().unwrap_or_default();
    assert!(first.contains(&format!("\"version\":{}", seen.version + 1)), "{events:?}");

    // A version older than what it has read is still stale.
    let help = Action::RequestHelp(RequestHelp { store, kind: HelpKind::Photography, note: "拍照".into() });
    let stale = ActionRequest { version: seen.version, action: help };
    let refused = manager.refused::<ActOnCampaign>(&[&key, "request_help"], &(), &stale).await?;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.error.code, RuleCode::StaleVersion);

    // A store's list row carries no version; the schedule's stage days stay with the center.
    let list = manager.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    assert!(list.items.iter().all(|row| row.version == 0), "{:?}", list.items);
    let templates = manager.ok::<GetScheduleTemplates>(&[], &(), &()).await?;
    assert!(templates.templates.iter().all(|t| t.stages.is_empty() && t.next.is_none() && t.applies_from.is_none()));
    assert!(templates.templates.iter().all(|t| t.working_days_needed > 0), "what the request form needs stays");
    let center = planner.ok::<GetScheduleTemplates>(&[], &(), &()).await?;
    assert!(center.templates.iter().all(|t| !t.stages.is_empty()), "the center reads the days of each stage");
    Ok(())
}
