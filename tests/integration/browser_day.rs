//! A day on the tablet, the unhappy parts: an action queued offline that the server
//! refuses when it arrives is kept and explained and can be sent again on the current
//! state; a slow server shows "提交中…" on a disabled button and a double tap sends once;
//! every action says that it happened; a planner's store list shows what it holds; the
//! printable summary prints to an A4 PDF.

use std::time::Duration;

use chrono::NaiveDate;
use fantoccini::{Client, Locator};
use serde_json::json;
use shared::api::CampaignDetail;
use shared::campaign::{Brainstorm, CampaignType, ReceiptLine, ShippedItem, Stage, StorePlan};
use shared::endpoints::{CreateCampaign, GetCampaign};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::money::Fen;
use shared::plan::{BudgetLine, PlanDocument};
use shared::workflow::{
    Action, ActionKind, Approve, CompleteNeeds, ConfirmPlan, ConfirmReceipt, FinishExecution, RecordBrainstorm,
    RecordShipment, ReportSales, RequestChanges, SavePlan, StartNeeds, SubmitDraft, SubmitForApproval, SubmitSummary,
};
use tests::browser::{
    Browser, Network, STEP, cdp, click, emulate, log_in, screenshots, set_value, switch_user, text_of,
};
use tests::{PASSWORD, Session, TestApp, Who, World, spawn_app, wait_for};

fn day(text: &str) -> NaiveDate {
    shared::clock::parse_iso_date(text).expect("a valid date")
}

/// The form of a campaign of `kind` for `stores`, running `starts_on` to `ends_on`.
fn form(kind: CampaignType, title: &str, stores: &[u64], (starts_on, ends_on): (&str, &str)) -> NewCampaign {
    NewCampaign {
        title: title.into(),
        stores: stores.iter().copied().map(StoreId).collect(),
        starts_on: starts_on.into(),
        ends_on: ends_on.into(),
        ..NewCampaign::empty(kind)
    }
}

fn brainstorm(notes: &str) -> Action {
    Action::RecordBrainstorm(RecordBrainstorm { brainstorm: Brainstorm { notes: notes.into(), attendees: vec![] } })
}

/// A holiday promotion for both test stores, driven by the staff up to store confirmation.
async fn two_store_campaign_at_confirmation(app: &TestApp, world: &World, title: &str) -> anyhow::Result<u64> {
    let planner = world.session(app, Who::Planning).await?;
    let vp = world.session(app, Who::Vp).await?;
    let stores = [world.own_store, world.other_store];
    let form = form(CampaignType::HolidayPromotion, title, &stores, ("2026-05-01", "2026-05-05"));
    let id = planner.ok::<CreateCampaign>(&[], &(), &form).await?.campaign.id.0;
    let plan = PlanDocument {
        theme: "五一黄金周".into(),
        strategy: "满额赠礼".into(),
        implementation: "五天".into(),
        forecast: "销售额 80 万元".into(),
        budget: vec![BudgetLine { item: "物料".into(), amount: Fen(2_000_000) }],
        forecast_sales: None,
    };
    for action in [
        Action::StartNeeds(StartNeeds {}),
        Action::CompleteNeeds(CompleteNeeds {}),
        brainstorm("五一"),
        Action::SavePlan(SavePlan { plan, note: String::new() }),
        Action::SubmitDraft(SubmitDraft {}),
        Action::SubmitForApproval(SubmitForApproval {}),
    ] {
        planner.perform_ok(id, &action).await?;
    }
    vp.perform_ok(id, &Action::Approve(Approve {})).await?;
    Ok(id)
}

fn store_plan(store: u64) -> Action {
    Action::ConfirmPlan(ConfirmPlan {
        store: StoreId(store),
        plan: StorePlan {
            starts_on: day("2026-05-01"),
            ends_on: day("2026-05-05"),
            policy: "满 3000 减 300".into(),
            materials: vec![],
            gifts: vec![],
            ship_on: day("2026-04-25"),
        },
    })
}

async fn campaign(session: &Session, id: u64) -> anyhow::Result<CampaignDetail> {
    session.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await
}

async fn stage_of(session: &Session, id: u64) -> anyhow::Result<Stage> {
    Ok(campaign(session, id).await?.campaign.stage)
}

/// Cuts the page off the network (DevTools), or gives it back.
async fn offline(client: &Client, off: bool) -> anyhow::Result<()> {
    cdp(
        client,
        "Network.emulateNetworkConditions",
        json!({"offline": off, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_queued_offline_and_refused_on_arrival_is_kept_explained_and_sent_again() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let id = two_store_campaign_at_confirmation(&app, &world, "五一黄金周促销").await?;
    let other = world.session(&app, Who::OtherStoreManager).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let browser = Browser::start(768, 1024).await?;
    let client = browser.client.clone();
    let result = async {
        log_in(&client, &app.url("/"), world.login_of(Who::StoreManager), PASSWORD).await?;
        client.goto(&app.url(&format!("/campaigns/{id}"))).await?;
        text_of(&client, "#confirm-plan").await?;
        emulate(&client, None).await?;

        // Offline, she confirms with a detail: it waits in the outbox.
        offline(&client, true).await?;
        click(&client, "#cp-details > summary").await?;
        set_value(&client, "#cp-policy", "满 5000 减 500").await?;
        click(&client, "#confirm-plan-submit").await?;
        let queued = text_of(&client, "#queued").await?;
        assert!(queued.contains("门店确认方案"), "{queued}");

        // Meanwhile the shop's other tablet (the same account) asks for changes, the
        // planner sends the plan up again and the VP approves it: her part of the campaign
        // moved on, so what this tablet queued is stale. (The other store's confirmation,
        // made then too, is that store's business: it alone would make nothing stale.)
        let other_tablet = world.session(&app, Who::StoreManager).await?;
        let changes = RequestChanges { store: StoreId(world.own_store), comment: "赠品换成金条".into() };
        other_tablet.perform_ok(id, &Action::RequestChanges(changes)).await?;
        planner.perform_ok(id, &Action::SubmitForApproval(SubmitForApproval {})).await?;
        world.session(&app, Who::Vp).await?.perform_ok(id, &Action::Approve(Approve {})).await?;
        other.perform_ok(id, &store_plan(world.other_store)).await?;

        // Back online: the server refuses the stale confirmation; it is kept and explained.
        offline(&client, false).await?;
        let refused = wait_for(Duration::from_secs(30), "the refusal to be shown", || async {
            client.find(Locator::Css("[data-refused]")).await.ok()
        })
        .await?;
        let text = refused.text().await?;
        assert!(text.contains("未能提交：门店确认方案"), "{text}");
        assert!(text.contains("按最新状态重新提交"), "{text}");
        let banner = text_of(&client, "#refused-banner").await?;
        assert!(banner.contains("门店确认方案"), "{banner}");
        assert_eq!(
            client.find(Locator::Id("cp-policy")).await?.prop("value").await?.as_deref(),
            Some("满 5000 减 500"),
            "what she typed is still in the form"
        );
        assert_eq!(stage_of(&planner, id).await?, Stage::StoreConfirmation, "nothing was applied");
        client.execute("document.querySelector('[data-refused]').scrollIntoView({block: 'start'})", vec![]).await?;
        screenshots(&client, "40-refused-on-arrival").await?;

        // Sent again on the current state: it goes through, and says so.
        click(&client, ".send-again").await?;
        wait_for(STEP, "the confirmation to apply", || async {
            (stage_of(&planner, id).await.ok()? == Stage::Production).then_some(())
        })
        .await?;
        assert!(text_of(&client, "#flash").await?.contains("已确认方案"));
        let confirmations = campaign(&planner, id).await?.campaign.confirmations.clone();
        assert!(
            confirmations.iter().any(|c| c.store == StoreId(world.own_store) && c.plan.policy == "满 5000 减 500"),
            "{confirmations:?}"
        );
        wait_for(STEP, "the refusal to go", || async {
            client.find(Locator::Css("[data-refused]")).await.is_err().then_some(())
        })
        .await?;
        assert!(client.find(Locator::Id("refused-banner")).await.is_err());
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_slow_line_the_button_waits_says_sending_and_a_double_tap_sends_once() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let form = form(CampaignType::StoreSpecific, "店庆催办", &[world.own_store], ("2026-04-10", "2026-04-12"));
    let id = manager.ok::<CreateCampaign>(&[], &(), &form).await?.campaign.id.0;
    for action in [Action::StartNeeds(StartNeeds {}), Action::CompleteNeeds(CompleteNeeds {})] {
        planner.perform_ok(id, &action).await?;
    }
    // At the brainstorm only the planner in charge has work: she has no one to remind.
    let own = Action::SendReminder(shared::workflow::SendReminder { note: String::new() });
    let refused = planner.perform(id, &own).await?.err().ok_or_else(|| anyhow::anyhow!("reminded herself"))?;
    assert_eq!(refused.error.code, shared::messages::RuleCode::NotReady, "{refused}");
    planner.perform_ok(id, &brainstorm("店庆")).await?;
    let browser = Browser::start(768, 1024).await?;
    let client = browser.client.clone();
    let result = async {
        log_in(&client, &app.url("/"), world.login_of(Who::StoreManager), PASSWORD).await?;
        client.goto(&app.url(&format!("/campaigns/{id}"))).await?;
        // The button says whom it reminds: the planning department, its planner by name.
        let label = text_of(&client, "#remind").await?;
        assert!(label.starts_with("催办：提醒") && label.contains("企划部（"), "{label}");
        // Every answer now takes seconds.
        emulate(&client, Some(Network { name: "slow", down_kbit: 500, up_kbit: 500, rtt_ms: 4000 })).await?;
        click(&client, "#remind").await?;
        let (label, disabled) = wait_for(STEP, "the sending state", || async {
            let button = client.find(Locator::Id("remind")).await.ok()?;
            let label = button.text().await.ok()?;
            let disabled = button.prop("disabled").await.ok()??;
            label.contains("提交中").then_some((label, disabled))
        })
        .await?;
        assert_eq!(label, "提交中…");
        assert_eq!(disabled, "true", "the button cannot be pressed again while sending");
        screenshots(&client, "41-sending").await?;
        // A second tap meanwhile does nothing.
        client
            .execute(
                "document.getElementById('remind').dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                vec![],
            )
            .await?;
        let flash = text_of(&client, "#flash").await?;
        assert!(flash.contains("已催办"), "{flash}");
        emulate(&client, None).await?;
        let detail = campaign(&planner, id).await?;
        let reminders = detail.campaign.history.iter().filter(|e| e.action == ActionKind::SendReminder).count();
        assert_eq!(reminders, 1, "one reminder, however often it was tapped");
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_s_request_form_shows_the_store_it_holds_and_says_when_it_is_sent() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let browser = Browser::start(1024, 768).await?;
    let client = browser.client.clone();
    let result = async {
        switch_user(&client, &app.url("/"), world.login_of(Who::Planning), PASSWORD).await?;
        client.goto(&app.url("/new/store-specific")).await?;
        text_of(&client, "#request-form").await?;
        // Nothing chosen yet: the select says so rather than showing a store.
        let shown = client
            .execute("const s = document.getElementById('stores'); return s.options[s.selectedIndex].text;", vec![])
            .await?;
        assert_eq!(shown, json!("请选择门店"));
        screenshots(&client, "42-planner-request").await?;
        tests::browser::choose(&client, "#stores", &world.own_store.to_string()).await?;
        client.find(Locator::Id("title")).await?.send_keys("鸡西店会员日").await?;
        set_value(&client, "#starts_on", "2026-04-20").await?;
        set_value(&client, "#ends_on", "2026-04-21").await?;
        click(&client, "#submit").await?;
        let flash = text_of(&client, "#flash").await?;
        assert!(flash.contains("申请已提交") && flash.contains("鸡西店会员日"), "{flash}");
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_prints_to_an_a4_pdf_with_its_sections() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let id = two_store_campaign_at_confirmation(&app, &world, "国庆黄金周").await?;
    let planner = world.session(&app, Who::Planning).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    for (who, store) in [(Who::StoreManager, world.own_store), (Who::OtherStoreManager, world.other_store)] {
        let session = world.session(&app, who).await?;
        session.perform_ok(id, &store_plan(store)).await?;
    }
    for store in [world.own_store, world.other_store] {
        let shipment = RecordShipment {
            store: StoreId(store),
            items: vec![ShippedItem { item: "海报".into(), quantity: 4 }],
            shipped_on: day("2026-03-02"),
            tracking: String::new(),
        };
        purchasing.perform_ok(id, &Action::RecordShipment(shipment)).await?;
    }
    for (who, store) in [(Who::StoreManager, world.own_store), (Who::OtherStoreManager, world.other_store)] {
        let session = world.session(&app, who).await?;
        let line = ReceiptLine { item: "海报".into(), expected: 4, received: 4, damaged: 0, note: String::new() };
        let receipt = ConfirmReceipt { store: StoreId(store), lines: vec![line], photos: vec![] };
        session.perform_ok(id, &Action::ConfirmReceipt(receipt)).await?;
    }
    app.let_event_end(&planner, id).await?;
    for (who, store) in [(Who::StoreManager, world.own_store), (Who::OtherStoreManager, world.other_store)] {
        let session = world.session(&app, who).await?;
        let amount = Fen(if store == world.own_store { 45_000_000 } else { 38_000_000 });
        session.perform_ok(id, &Action::ReportSales(ReportSales { store: StoreId(store), amount })).await?;
    }
    planner.perform_ok(id, &Action::FinishExecution(FinishExecution {})).await?;
    let summary = SubmitSummary { notes: "两店客流明显增长".into(), photos: vec![] };
    planner.perform_ok(id, &Action::SubmitSummary(summary)).await?;
    let browser = Browser::start(1024, 768).await?;
    let client = browser.client.clone();
    let result = async {
        switch_user(&client, &app.url("/"), world.login_of(Who::Planning), PASSWORD).await?;
        client.goto(&app.url(&format!("/campaigns/{id}/summary"))).await?;
        assert!(text_of(&client, "#summary-notes").await?.contains("客流"));
        // Every section of the plan, and on every printed page the campaign's name and
        // the page's number.
        let plan = text_of(&client, "#summary-plan").await?;
        for section in ["主题", "具体策略", "实施方案", "效果预测", "预算方案"] {
            assert!(plan.contains(section), "{section} missing: {plan}");
        }
        let margins = client
            .execute("return document.querySelector('#summary-page style').textContent", vec![])
            .await?;
        let margins = margins.as_str().unwrap_or_default().to_owned();
        assert!(margins.contains("国庆黄金周") && margins.contains("counter(pages)"), "{margins}");
        screenshots(&client, "43-summary").await?;
        // As printed: the print stylesheet, at A4 width.
        cdp(&client, "Emulation.setEmulatedMedia", json!({"media": "print"})).await?;
        client.set_window_size(794, 1123).await?;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("43-summary-print.png"), client.screenshot().await?)?;
        let header_shown = client
            .execute(
                "const h = document.querySelector('.app-header'); return !!h && getComputedStyle(h).display !== 'none';",
                vec![],
            )
            .await?;
        assert_eq!(header_shown, json!(false), "the app's header does not print");
        cdp(&client, "Emulation.setEmulatedMedia", json!({"media": ""})).await?;
        let pdf = cdp(&client, "Page.printToPDF", json!({"preferCSSPageSize": true, "printBackground": false})).await?;
        let data = pdf["data"].as_str().ok_or_else(|| anyhow::anyhow!("no PDF data: {pdf}"))?;
        let bytes = base64_decode(data)?;
        assert!(bytes.starts_with(b"%PDF"), "a PDF");
        std::fs::write(dir.join("43-summary.pdf"), &bytes)?;
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}

/// Standard base64, as DevTools sends the PDF.
fn base64_decode(text: &str) -> anyhow::Result<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let clean: Vec<u8> = text.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut acc = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            acc |= value(*c).ok_or_else(|| anyhow::anyhow!("not base64"))? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Ok(out)
}

/// The pages of a PDF as Chromium writes it (each page object names its type).
fn pdf_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1).filter(|w| &w[..needle.len()] == needle && w[needle.len()] != b's').count()
}

/// A promotion of one planner's eighteen stores, from the demo region, prints as the
/// PPT it replaces would be handed out: a few pages, not one per six stores.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_eighteen_store_summary_prints_on_a_few_pages() -> anyhow::Result<()> {
    let app = tests::spawn_app_with(|c| {
        c.no_demo = false;
        c.today = Some(day("2026-11-29"));
    })
    .await?;
    let vp = app.login("zhangdai", "demo2026").await?;
    let query = shared::api::CampaignQuery {
        kind: Some(CampaignType::HolidayPromotion),
        limit: Some(200),
        ..shared::api::CampaignQuery::default()
    };
    let list = vp.ok::<shared::endpoints::ListCampaigns>(&[], &query, &()).await?;
    let promotion = list
        .items
        .iter()
        .find(|c| c.stores.len() == 18 && matches!(c.stage, Stage::Rating | Stage::Closed))
        .ok_or_else(|| anyhow::anyhow!("no rated 18-store promotion in the demo"))?;
    let id = promotion.id.0;
    let browser = Browser::start(1024, 768).await?;
    let client = browser.client.clone();
    let result = async {
        switch_user(&client, &app.url("/"), "zhangdai", "demo2026").await?;
        client.goto(&app.url(&format!("/campaigns/{id}/summary"))).await?;
        text_of(&client, "#summary-sales-table").await?;
        let pdf = cdp(&client, "Page.printToPDF", json!({"preferCSSPageSize": true, "printBackground": false})).await?;
        let bytes = base64_decode(pdf["data"].as_str().ok_or_else(|| anyhow::anyhow!("no PDF data"))?)?;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("45-summary-18-stores.pdf"), &bytes)?;
        let pages = pdf_pages(&bytes);
        eprintln!("an 18-store summary prints on {pages} A4 pages");
        cdp(&client, "Emulation.setEmulatedMedia", json!({"media": "print"})).await?;
        client.set_window_size(794, 4400).await?;
        std::fs::write(dir.join("45-summary-18-stores-print.png"), client.screenshot().await?)?;
        assert!((1..=3).contains(&pages), "{pages} pages for 18 stores");
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}
