//! The store manager's tablet app in a real headless Chromium against a real server:
//! requesting a video with R1 judged before any request, confirming a plan and a
//! delivery and rating, store scoping by URL, and input that survives the server being
//! down. Screenshots of each screen land in `target/screenshots/`.

use std::time::Duration;

use fantoccini::{Client, Locator};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::api::{path, routes};
use tests::browser::{Browser, STEP, click, log_in, screenshots, set_value, text_of};
use tests::{PASSWORD, Session, TestApp, World, spawn_app, wait_for};

async fn with_browser<F, Fut>(steps: F) -> anyhow::Result<()>
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let browser = Browser::start(768, 1024).await?;
    let result = steps(browser.client.clone()).await;
    browser.close().await;
    result
}

async fn open_campaign(session: &Session, body: Value) -> anyhow::Result<u64> {
    let (status, created) = session.post(routes::CAMPAIGNS, &body).await?;
    anyhow::ensure!(status == StatusCode::CREATED, "{status} {created}");
    Ok(serde_json::from_value::<shared::api::CampaignDetail>(created)?.campaign.id.0)
}

async fn must(session: &Session, id: u64, action: &str, input: Value) -> anyhow::Result<Value> {
    let (status, reply) = session.act(id, action, input).await?;
    anyhow::ensure!(status == StatusCode::OK, "{action}: {status} {reply}");
    Ok(reply)
}

/// A store-specific campaign for the own store, driven by the staff up to store
/// confirmation.
async fn campaign_at_store_confirmation(app: &TestApp, world: &World, title: &str) -> anyhow::Result<u64> {
    let planner = world.session(app, "planning").await?;
    let vp = world.session(app, "vp").await?;
    let id = open_campaign(
        &planner,
        json!({"kind": "store_specific", "title": title, "stores": [world.own_store], "starts_on": "2026-04-10", "ends_on": "2026-04-12"}),
    )
    .await?;
    must(&planner, id, "start_needs", json!({})).await?;
    must(&planner, id, "complete_needs", json!({})).await?;
    must(&planner, id, "record_brainstorm", json!({"brainstorm": {"notes": "周年庆", "attendees": []}})).await?;
    must(
        &planner,
        id,
        "save_plan",
        json!({"plan": {"theme": "周年庆典", "strategy": "满额赠礼", "implementation": "三天", "forecast": "增长两成",
            "budget": [{"item": "物料", "amount": 1234500}, {"item": "赠品", "amount": 500000}]}, "note": ""}),
    )
    .await?;
    must(&planner, id, "submit_draft", json!({})).await?;
    must(&planner, id, "submit_for_approval", json!({})).await?;
    must(&vp, id, "approve", json!({})).await?;
    Ok(id)
}

async fn stage_of(session: &Session, id: u64) -> anyhow::Result<String> {
    let (_, detail) = session.get(&path(routes::CAMPAIGN, &[&id.to_string()])).await?;
    Ok(detail["campaign"]["stage"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_manager_sees_r1_before_any_request_and_finds_the_valid_video_request_at_home() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let base = app.url("/");
    with_browser(|client| async move {
        client.goto(&base).await?;
        text_of(&client, "#login-form").await?;
        screenshots(&client, "01-login").await?;
        log_in(&client, &base, world.login_of("store_manager"), PASSWORD).await?;
        assert_eq!(text_of(&client, "#who").await?, "鸡西店", "the header names the store");
        screenshots(&client, "02-home-empty").await?;
        click(&client, "#new-request").await?;
        text_of(&client, "#choose-type").await?;
        screenshots(&client, "03-choose-type").await?;
        click(&client, "button[data-kind=VideoProduction]").await?;
        let title = wait_for(STEP, "the form", || async { client.find(Locator::Id("title")).await.ok() }).await?;
        title.send_keys("门店宣传短片").await?;
        // A control character pasted into the title is refused on the keystroke, by the
        // same rule the server applies.
        set_value(&client, "#title", "门店\u{1}宣传短片").await?;
        let error = text_of(&client, "#title-error").await?;
        assert!(error.contains("控制字符"), "{error}");
        set_value(&client, "#title", "门店宣传短片").await?;
        wait_for(STEP, "the title error to clear", || async {
            client.find(Locator::Id("title-error")).await.is_err().then_some(())
        })
        .await?;
        assert_eq!(
            text_of(&client, "#earliest-due").await?,
            "最早可选日期：2026年3月16日",
            "shown before a date is picked"
        );
        let posts_before = app.metric("http_requests_total{method=\"POST\"}").await?;

        // Five working days ahead: refused in the browser, in Chinese, at once.
        set_value(&client, "#due_on", "2026-03-09").await?;
        assert_eq!(text_of(&client, "#due_on-error").await?, "影视制作需至少提前10个工作日申请，最早可选2026年3月16日");
        let submit = client.find(Locator::Id("submit")).await?;
        assert_eq!(submit.attr("disabled").await?, Some("true".into()));
        assert!(
            text_of(&client, "#submit-blockers").await?.contains("需要完成日期"),
            "the button says why it is disabled"
        );
        submit.click().await.ok();
        screenshots(&client, "04-video-request-r1").await?;
        assert_eq!(app.metric("http_requests_total{method=\"POST\"}").await?, posts_before, "nothing was sent");

        set_value(&client, "#due_on", "2026-03-16").await?;
        wait_for(STEP, "the R1 message to clear", || async {
            client.find(Locator::Id("due_on-error")).await.is_err().then_some(())
        })
        .await?;
        click(&client, "#submit").await?;
        let row = text_of(&client, "#other-campaigns .campaign-row").await?;
        assert!(row.contains("门店宣传短片") && row.contains("2026年3月16日"), "{row}");
        screenshots(&client, "05-home-with-request").await?;
        let manager = world.session(&app, "store_manager").await?;
        let (_, list) = manager.get(routes::CAMPAIGNS).await?;
        assert_eq!(list["items"][0]["due_on"], "2026-03-16");
        assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_manager_confirms_a_plan_and_a_delivery_with_a_missing_item_and_rates() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let purchasing = world.session(&app, "purchasing").await?;
    let planner = world.session(&app, "planning").await?;
    let manager = world.session(&app, "store_manager").await?;
    let to_confirm = campaign_at_store_confirmation(&app, &world, "周年庆（待确认）").await?;
    let to_receive = campaign_at_store_confirmation(&app, &world, "周年庆（待收货）").await?;
    let plan = json!({"store": world.own_store, "plan": {"starts_on": "2026-04-10", "ends_on": "2026-04-12", "policy": "",
        "materials": [{"item": "X展架", "size": "80×180", "quantity": 2}], "gifts": [], "ship_on": "2026-04-01"}});
    must(&manager, to_receive, "confirm_plan", plan.clone()).await?;
    must(&purchasing, to_receive, "record_shipment", json!({"store": world.own_store,
        "items": [{"item": "X展架", "quantity": 2}, {"item": "首饰盒", "quantity": 30}], "shipped_on": "2026-03-02", "tracking": "SF9"})).await?;
    let to_rate = campaign_at_store_confirmation(&app, &world, "周年庆（待评价）").await?;
    must(&manager, to_rate, "confirm_plan", plan).await?;
    must(
        &purchasing,
        to_rate,
        "record_shipment",
        json!({"store": world.own_store, "items": [{"item": "海报", "quantity": 5}],
        "shipped_on": "2026-03-02", "tracking": ""}),
    )
    .await?;
    must(
        &manager,
        to_rate,
        "confirm_receipt",
        json!({"store": world.own_store,
        "lines": [{"item": "海报", "expected": 5, "received": 5, "damaged": 0, "note": ""}], "photos": []}),
    )
    .await?;
    must(&planner, to_rate, "finish_execution", json!({})).await?;
    must(&planner, to_rate, "submit_summary", json!({"notes": "顺利", "photos": []})).await?;

    let base = app.url("/");
    let (world_ref, app_ref) = (&world, &app);
    with_browser(|client| async move {
        log_in(&client, &base, world_ref.login_of("store_manager"), PASSWORD).await?;
        let needs = text_of(&client, "#needs-me").await?;
        for (title, task) in [("待确认", "确认方案"), ("待收货", "确认到货"), ("待评价", "评价活动")]
        {
            assert!(needs.contains(title) && needs.contains(task), "{title}/{task} missing from: {needs}");
        }
        screenshots(&client, "06-home-needs-me").await?;

        // Confirm the plan: the approved plan with its budget, then the store's form.
        client.goto(&app_ref.url(&format!("/campaigns/{to_confirm}"))).await?;
        assert_eq!(text_of(&client, "#budget-total").await?, "17,345.00");
        // The approved plan comes first, then the decision; the store's details are optional.
        let order = client
            .execute(
                "const f = document.querySelector('#confirm-plan'); const plan = f.querySelector('#plan');                  const decide = f.querySelector('.decision');                  return !!plan && !!decide && !!(plan.compareDocumentPosition(decide) & Node.DOCUMENT_POSITION_FOLLOWING);",
                vec![],
            )
            .await?;
        assert_eq!(order, serde_json::Value::Bool(true), "the plan is shown before 确认 / 要求修改");
        click(&client, "#cp-details > summary").await?;
        click(&client, "#cp-add-material").await?;
        set_value(&client, ".m-item", "X展架").await?;
        set_value(&client, ".m-size", "80×180cm").await?;
        screenshots(&client, "07-confirm-plan").await?;
        click(&client, "#confirm-plan-submit").await?;
        wait_for(STEP, "the plan to be confirmed", || async {
            (stage_of(&purchasing, to_confirm).await.ok()? == "production").then_some(())
        })
        .await?;
        let (_, detail) = purchasing.get(&path(routes::CAMPAIGN, &[&to_confirm.to_string()])).await?;
        assert_eq!(detail["campaign"]["confirmations"][0]["plan"]["materials"][0]["size"], "80×180cm");
        // It said so, and the page keeps a record of what the store confirmed.
        assert!(text_of(&client, "#flash").await?.contains("已确认方案"));
        assert!(text_of(&client, "#my-confirmation").await?.contains("X展架"));

        // Confirm the delivery: one X展架 missing.
        client.goto(&app_ref.url(&format!("/campaigns/{to_receive}"))).await?;
        text_of(&client, "#confirm-receipt").await?;
        set_value(&client, ".receipt-line:first-child .received", "1").await?;
        set_value(&client, ".receipt-line:first-child .note", "少一个展架").await?;
        screenshots(&client, "08-confirm-delivery").await?;
        click(&client, "#confirm-receipt-submit").await?;
        wait_for(STEP, "the receipt", || async {
            (stage_of(&purchasing, to_receive).await.ok()? == "execution").then_some(())
        })
        .await?;
        let (_, detail) = purchasing.get(&path(routes::CAMPAIGN, &[&to_receive.to_string()])).await?;
        let line = &detail["campaign"]["receipts"][0]["lines"][0];
        assert_eq!(
            (line["item"].as_str(), line["received"].as_u64(), line["expected"].as_u64()),
            (Some("X展架"), Some(1), Some(2))
        );
        assert!(
            detail["campaign"]["history"]
                .as_array()
                .and_then(|h| h.last())
                .is_some_and(|e| e["note"].as_str().is_some_and(|n| n.contains("差异")))
        );

        // Rate.
        client.goto(&app_ref.url(&format!("/campaigns/{to_rate}"))).await?;
        // Sales and the rating together, asked before the last step.
        assert!(client.find(Locator::Id("report-sales")).await.is_err(), "no separate sales form at the rating");
        set_value(&client, "#rate-sales", "128000").await?;
        click(&client, "#rate-satisfied").await?;
        set_value(&client, "#rate-comment", "效果很好").await?;
        screenshots(&client, "09-rate").await?;
        click(&client, "#rate-submit").await?;
        let question = text_of(&client, ".confirm-box").await?;
        assert!(question.contains("不能再修改"), "{question}");
        screenshots(&client, "09b-rate-asks").await?;
        click(&client, "#rate-submit-yes").await?;
        wait_for(STEP, "the rating", || async { (stage_of(&planner, to_rate).await.ok()? == "closed").then_some(()) })
            .await?;
        let (_, detail) = planner.get(&path(routes::CAMPAIGN, &[&to_rate.to_string()])).await?;
        assert_eq!(detail["campaign"]["ratings"][0]["satisfied"], true);
        assert_eq!(detail["campaign"]["ratings"][0]["comment"], "效果很好");
        assert_eq!(detail["campaign"]["sales"][0]["amount"], 12_800_000, "the sales went with the rating");
        text_of(&client, "#history").await?;
        screenshots(&client, "10-campaign-closed").await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_manager_cannot_open_another_stores_campaign_by_url() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let other = world.session(&app, "other_store_manager").await?;
    let foreign = open_campaign(
        &other,
        json!({"kind": "store_specific", "title": "延吉店周年庆", "stores": [world.other_store], "starts_on": "2026-04-01", "ends_on": "2026-04-02"}),
    )
    .await?;
    let base = app.url("/");
    let (world_ref, app_ref) = (&world, &app);
    with_browser(|client| async move {
        log_in(&client, &base, world_ref.login_of("store_manager"), PASSWORD).await?;
        client.goto(&app_ref.url(&format!("/campaigns/{foreign}"))).await?;
        text_of(&client, "#not-found").await?;
        let page = client.source().await?;
        assert!(!page.contains("延吉店周年庆"), "nothing of the foreign campaign is shown");
        screenshots(&client, "11-not-found").await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn input_typed_while_the_server_is_down_survives_a_reload_and_is_sent_when_it_is_back() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let browser = Browser::start(768, 1024).await?;
    let client = browser.client.clone();
    let result = async {
        log_in(&client, &app.url("/"), world.login_of("store_manager"), PASSWORD).await?;
        client.goto(&app.url("/new/store-specific")).await?;
        text_of(&client, "#request-form").await?;

        // The server goes away; the store manager keeps typing.
        let (data, address) = app.stop_keeping_data().await?;
        client.find(Locator::Id("title")).await?.send_keys("断网时填写的申请").await?;
        set_value(&client, "#starts_on", "2026-04-20").await?;
        set_value(&client, "#ends_on", "2026-04-22").await?;
        let app = TestApp::resume(data, address).await?;
        client.refresh().await?;
        let title =
            wait_for(STEP, "the restored form", || async { client.find(Locator::Id("title")).await.ok() }).await?;
        assert_eq!(title.prop("value").await?.as_deref(), Some("断网时填写的申请"), "the draft survived the reload");
        assert_eq!(client.find(Locator::Id("starts_on")).await?.prop("value").await?.as_deref(), Some("2026-04-20"));

        // Down again at the moment of sending: the request waits in the outbox.
        let (data, address) = app.stop_keeping_data().await?;
        click(&client, "#submit").await?;
        let banner = text_of(&client, "#offline-banner").await?;
        assert!(banner.contains("待提交：1"), "{banner}");
        screenshots(&client, "12-offline-queued").await?;
        let app = TestApp::resume(data, address).await?;
        let manager = app.login(world.login_of("store_manager"), PASSWORD).await?;
        let items = wait_for(Duration::from_secs(30), "the queued request to arrive", || async {
            let (_, list) = manager.get(routes::CAMPAIGNS).await.ok()?;
            let items = list["items"].as_array()?.clone();
            (!items.is_empty()).then_some(items)
        })
        .await?;
        assert_eq!(items.len(), 1, "sent exactly once");
        assert_eq!(items[0]["title"], "断网时填写的申请");
        wait_for(STEP, "the banner to go", || async {
            client.find(Locator::Id("offline-banner")).await.is_err().then_some(())
        })
        .await?;
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}
