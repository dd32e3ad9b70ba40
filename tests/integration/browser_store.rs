//! The store manager's tablet app in a real headless Chromium against a real server:
//! requesting a video with R1 judged before any request, confirming a plan and a
//! delivery and rating, store scoping by URL, and input that survives the server being
//! down. Screenshots of each screen land in `target/screenshots/`.

use std::time::Duration;

use chrono::NaiveDate;
use fantoccini::{Client, Locator};
use shared::api::{CampaignDetail, CampaignQuery};
use shared::campaign::{Brainstorm, CampaignType, MaterialItem, ReceiptLine, ShippedItem, Stage, StorePlan};
use shared::endpoints::{CreateCampaign, GetCampaign, ListCampaigns};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::money::Fen;
use shared::plan::{BudgetLine, PlanDocument};
use shared::workflow::{
    Action, Approve, CompleteNeeds, ConfirmPlan, ConfirmReceipt, FinishExecution, RecordBrainstorm, RecordShipment,
    SavePlan, StartNeeds, SubmitDraft, SubmitForApproval, SubmitSummary,
};
use tests::browser::{Browser, STEP, click, log_in, screenshots, set_value, text_of};
use tests::{PASSWORD, Session, TestApp, Who, World, spawn_app, wait_for};

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

fn day(text: &str) -> NaiveDate {
    shared::clock::parse_iso_date(text).expect("a valid date")
}

/// A store-specific campaign of `store`, running `starts_on` to `ends_on`, opened by
/// `session`; its id.
async fn open_campaign(
    session: &Session,
    title: &str,
    store: u64,
    (starts_on, ends_on): (&str, &str),
) -> anyhow::Result<u64> {
    let form = NewCampaign {
        title: title.into(),
        stores: vec![StoreId(store)],
        starts_on: starts_on.into(),
        ends_on: ends_on.into(),
        ..NewCampaign::empty(CampaignType::StoreSpecific)
    };
    Ok(session.ok::<CreateCampaign>(&[], &(), &form).await?.campaign.id.0)
}

/// A store-specific campaign for the own store, driven by the staff up to store
/// confirmation.
async fn campaign_at_store_confirmation(app: &TestApp, world: &World, title: &str) -> anyhow::Result<u64> {
    let planner = world.session(app, Who::Planning).await?;
    let vp = world.session(app, Who::Vp).await?;
    let id = open_campaign(&planner, title, world.own_store, ("2026-04-10", "2026-04-12")).await?;
    let plan = PlanDocument {
        theme: "周年庆典".into(),
        strategy: "满额赠礼".into(),
        implementation: "三天".into(),
        forecast: "增长两成".into(),
        budget: vec![
            BudgetLine { item: "物料".into(), amount: Fen(1_234_500) },
            BudgetLine { item: "赠品".into(), amount: Fen(500_000) },
        ],
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
    vp.perform_ok(id, &Action::Approve(Approve {})).await?;
    Ok(id)
}

async fn campaign(session: &Session, id: u64) -> anyhow::Result<CampaignDetail> {
    session.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await
}

async fn stage_of(session: &Session, id: u64) -> anyhow::Result<Stage> {
    Ok(campaign(session, id).await?.campaign.stage)
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
        log_in(&client, &base, world.login_of(Who::StoreManager), PASSWORD).await?;
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
        let manager = world.session(&app, Who::StoreManager).await?;
        let list = manager.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
        assert_eq!(list.items.first().and_then(|c| c.due_on), Some(day("2026-03-16")));
        assert_eq!(list.items.len(), 1);
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_manager_confirms_a_plan_and_a_delivery_with_a_missing_item_and_rates() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let to_confirm = campaign_at_store_confirmation(&app, &world, "周年庆（待确认）").await?;
    let to_receive = campaign_at_store_confirmation(&app, &world, "周年庆（待收货）").await?;
    let store = StoreId(world.own_store);
    let plan = Action::ConfirmPlan(ConfirmPlan {
        store,
        plan: StorePlan {
            starts_on: day("2026-04-10"),
            ends_on: day("2026-04-12"),
            policy: String::new(),
            materials: vec![MaterialItem { item: "X展架".into(), size: "80×180".into(), quantity: 2 }],
            gifts: vec![],
            ship_on: day("2026-04-01"),
        },
    });
    let shipment = |items: &[(&str, u32)], tracking: &str| {
        Action::RecordShipment(RecordShipment {
            store,
            items: items
                .iter()
                .map(|(item, quantity)| ShippedItem { item: (*item).into(), quantity: *quantity })
                .collect(),
            shipped_on: day("2026-03-02"),
            tracking: tracking.into(),
        })
    };
    manager.perform_ok(to_receive, &plan).await?;
    purchasing.perform_ok(to_receive, &shipment(&[("X展架", 2), ("首饰盒", 30)], "SF9")).await?;
    let to_rate = campaign_at_store_confirmation(&app, &world, "周年庆（待评价）").await?;
    manager.perform_ok(to_rate, &plan).await?;
    purchasing.perform_ok(to_rate, &shipment(&[("海报", 5)], "")).await?;
    let line = ReceiptLine { item: "海报".into(), expected: 5, received: 5, damaged: 0, note: String::new() };
    manager
        .perform_ok(to_rate, &Action::ConfirmReceipt(ConfirmReceipt { store, lines: vec![line], photos: vec![] }))
        .await?;
    app.let_event_end(&planner, to_rate).await?;
    planner.perform_ok(to_rate, &Action::FinishExecution(FinishExecution {})).await?;
    let summary = SubmitSummary { notes: "顺利".into(), photos: vec![] };
    planner.perform_ok(to_rate, &Action::SubmitSummary(summary)).await?;

    let base = app.url("/");
    let (world_ref, app_ref) = (&world, &app);
    with_browser(|client| async move {
        log_in(&client, &base, world_ref.login_of(Who::StoreManager), PASSWORD).await?;
        let needs = text_of(&client, "#needs-me").await?;
        for (title, task) in [("待确认", "确认方案"), ("待收货", "确认到货"), ("待评价", "评价活动")]
        {
            assert!(needs.contains(title) && needs.contains(task), "{title}/{task} missing from: {needs}");
        }
        screenshots(&client, "06-home-needs-me").await?;

        // Confirm the plan: the approved plan, without its budget or forecast (the
        // center's business, never sent to a store), then the store's form.
        client.goto(&app_ref.url(&format!("/campaigns/{to_confirm}"))).await?;
        let plan = text_of(&client, "#plan").await?;
        assert!(plan.contains("周年庆典") && plan.contains("满额赠礼"), "the plan is shown: {plan}");
        assert!(!plan.contains("17,345") && !plan.contains("增长两成"), "no budget nor forecast: {plan}");
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
            (stage_of(&purchasing, to_confirm).await.ok()? == Stage::Production).then_some(())
        })
        .await?;
        let detail = campaign(&purchasing, to_confirm).await?;
        let size = detail.campaign.confirmations.first().and_then(|c| c.plan.materials.first()).map(|m| m.size.as_str());
        assert_eq!(size, Some("80×180cm"));
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
            (stage_of(&purchasing, to_receive).await.ok()? == Stage::Execution).then_some(())
        })
        .await?;
        let detail = campaign(&purchasing, to_receive).await?;
        let line = detail
            .campaign
            .receipts
            .first()
            .and_then(|r| r.lines.first())
            .ok_or_else(|| anyhow::anyhow!("no receipt line"))?;
        assert_eq!((line.item.as_str(), line.received, line.expected), ("X展架", 1, 2));
        assert!(detail.campaign.history.last().is_some_and(|e| e.note.contains("差异")));

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
        wait_for(STEP, "the rating", || async {
            (stage_of(&planner, to_rate).await.ok()? == Stage::Closed).then_some(())
        })
        .await?;
        let detail = campaign(&planner, to_rate).await?;
        let rating = detail.campaign.ratings.first().ok_or_else(|| anyhow::anyhow!("no rating"))?;
        assert!(rating.satisfied);
        assert_eq!(rating.comment, "效果很好");
        let sales = detail.campaign.sales.first().map(|s| s.amount);
        assert_eq!(sales, Some(Fen(12_800_000)), "the sales went with the rating");
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
    let other = world.session(&app, Who::OtherStoreManager).await?;
    let foreign = open_campaign(&other, "延吉店周年庆", world.other_store, ("2026-04-01", "2026-04-02")).await?;
    let base = app.url("/");
    let (world_ref, app_ref) = (&world, &app);
    with_browser(|client| async move {
        log_in(&client, &base, world_ref.login_of(Who::StoreManager), PASSWORD).await?;
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
        log_in(&client, &app.url("/"), world.login_of(Who::StoreManager), PASSWORD).await?;
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
        let manager = app.login(world.login_of(Who::StoreManager), PASSWORD).await?;
        let items = wait_for(Duration::from_secs(30), "the queued request to arrive", || async {
            let list = manager.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await.ok()?;
            (!list.items.is_empty()).then_some(list.items)
        })
        .await?;
        assert_eq!(items.len(), 1, "sent exactly once");
        assert_eq!(items[0].title, "断网时填写的申请");
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
