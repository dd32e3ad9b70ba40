//! The campaign's money in a real headless Chromium: purchasing types an order past the
//! approved budget and is told before sending; the VP approves an overrun; purchasing
//! places the order (its draft kept across a reload) and records the supplier's invoice;
//! the page's totals follow; the store sees none of it; the printed summary puts what
//! was spent beside what it sold, and prints to PDF. Screenshots 80–83.

use fantoccini::Locator;
use shared::campaign::{CampaignType, GiftItem, MaterialItem, Needs, ReceiptLine, ShippedItem, Stage, StorePlan};
use shared::endpoints::{CreateCampaign, GetCampaign};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::money::Fen;
use shared::plan::{BudgetLine, PlanDocument};
use shared::workflow::{
    Action, Approve, CompleteNeeds, ConfirmPlan, ConfirmReceipt, FinishExecution, RecordBrainstorm, RecordNeeds,
    RecordShipment, ReportSales, SavePlan, StartNeeds, SubmitDraft, SubmitForApproval, SubmitSummary,
};
use tests::browser::{Browser, STEP, cdp, choose, click, screenshots, screenshots_of, set_value, switch_user, text_of};
use tests::{PASSWORD, Session, Who, World, spawn_app, wait_for};

fn day(text: &str) -> chrono::NaiveDate {
    shared::clock::parse_iso_date(text).expect("a valid date")
}

/// Takes `action`, which must be accepted.
async fn act(session: &Session, id: u64, action: Action) -> anyhow::Result<()> {
    session.perform_ok(id, &action).await.map(|_| ())
}

/// Waits until the input `id` holds `value` (read in the page in one step: a form that is
/// drawn afresh never leaves a stale element in between).
async fn value_becomes(client: &fantoccini::Client, id: &str, value: &str) -> anyhow::Result<()> {
    wait_for(STEP, id, || async {
        let found = client
            .execute(
                "const el = document.getElementById(arguments[0]); return !!el && el.value === arguments[1];",
                vec![id.into(), value.into()],
            )
            .await
            .ok()?;
        (found == serde_json::Value::Bool(true)).then_some(())
    })
    .await
    .map(|_| ())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purchasing_keeps_a_campaign_to_its_budget_and_the_summary_shows_the_cost() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let market = world.session(&app, Who::Market).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let vp = world.session(&app, Who::Vp).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    let own = StoreId(world.own_store);

    // A store opening approved with one budget line: 物料 15,000 yuan.
    let form = NewCampaign {
        title: "鸡西店开业".into(),
        stores: vec![own],
        starts_on: "2026-05-01".into(),
        ends_on: "2026-05-03".into(),
        ..NewCampaign::empty(CampaignType::StoreOpening)
    };
    let id = market.ok::<CreateCampaign>(&[], &(), &form).await?.campaign.campaign().id.0;
    act(&planner, id, Action::StartNeeds(StartNeeds {})).await?;
    let needs = Needs { wishes: "主推婚庆".into(), policy: String::new(), budget_hint: "两万".into() };
    act(&manager, id, Action::RecordNeeds(RecordNeeds { needs })).await?;
    act(&planner, id, Action::CompleteNeeds(CompleteNeeds {})).await?;
    let brainstorm = shared::campaign::Brainstorm { notes: "开业三天".into(), attendees: vec!["曹雪".into()] };
    act(&planner, id, Action::RecordBrainstorm(RecordBrainstorm { brainstorm })).await?;
    let plan = PlanDocument {
        theme: "开业大吉".into(),
        strategy: "满额赠礼".into(),
        implementation: "三周推进".into(),
        forecast: "销售额 50 万".into(),
        budget: vec![BudgetLine { item: "物料".into(), amount: Fen(1_500_000) }],
        forecast_sales: None,
    };
    act(&planner, id, Action::SavePlan(SavePlan { plan, note: "初稿".into() })).await?;
    act(&planner, id, Action::SubmitDraft(SubmitDraft {})).await?;
    act(&planner, id, Action::SubmitForApproval(SubmitForApproval {})).await?;
    act(&vp, id, Action::Approve(Approve {})).await?;
    let store_plan = StorePlan {
        starts_on: day("2026-05-01"),
        ends_on: day("2026-05-03"),
        policy: "满 5000 减 300".into(),
        materials: vec![MaterialItem { item: "X展架".into(), size: "80×180".into(), quantity: 2 }],
        gifts: vec![GiftItem { item: "首饰盒".into(), quantity: 50 }],
        ship_on: day("2026-04-20"),
    };
    act(&manager, id, Action::ConfirmPlan(ConfirmPlan { store: own, plan: store_plan })).await?;

    let browser = Browser::start(1024, 768).await?;
    let client = browser.client.clone();
    let page = app.url(&format!("/campaigns/{id}"));
    let result = async {
        // Purchasing puts the printer on the supplier list (the gift maker is on it already).
        let gifts = shared::costs::Supplier {
            id: shared::ids::SupplierId(0),
            name: "深圳金盒礼品".into(),
            kind: shared::costs::SupplierKind::Gifts,
            contact: String::new(),
            notes: String::new(),
            active: true,
        };
        purchasing
            .ok::<shared::endpoints::CreateSupplier>(&[], &(), &shared::api::Write { version: 0, value: gifts })
            .await?;
        switch_user(&client, &app.url("/"), world.login_of(Who::Purchasing), PASSWORD).await?;
        client.goto(&app.url("/costs")).await?;
        text_of(&client, "#supplier-form").await?;
        set_value(&client, "#supplier-name", "深圳金盒礼品").await?;
        wait_for(STEP, "the taken name told as it is typed", || async {
            text_of(&client, "#supplier-form").await.ok()?.contains("这个名称已在名单中").then_some(())
        })
        .await?;
        set_value(&client, "#supplier-name", "哈尔滨华印印务").await?;
        choose(&client, "#supplier-kind", "printing").await?;
        set_value(&client, "#supplier-contact", "刘经理 0451-8231 5566").await?;
        click(&client, "#supplier-save").await?;
        wait_for(STEP, "the printer on the list", || async {
            text_of(&client, "#suppliers-table").await.ok()?.contains("哈尔滨华印印务").then_some(())
        })
        .await?;
        screenshots_of(&client, "79-suppliers", Some("#suppliers")).await?;

        // Purchasing types an order of 20,000 yuan: past the budget and its 5 %. A supplier
        // on the list brings its kind.
        client.goto(&page).await?;
        text_of(&client, "#order-form").await?;
        set_value(&client, "#order-supplier", "深圳金盒礼品").await?;
        wait_for(STEP, "the gift maker's kind", || async {
            let kind = client.find(Locator::Id("order-kind")).await.ok()?.attr("data-value").await.ok()??;
            (kind == "gifts").then_some(())
        })
        .await?;
        set_value(&client, "#order-supplier", "哈尔滨华印印务").await?;
        wait_for(STEP, "the printer's kind", || async {
            let kind = client.find(Locator::Id("order-kind")).await.ok()?.attr("data-value").await.ok()??;
            (kind == "printing").then_some(())
        })
        .await?;
        choose(&client, "#order-budget-line", "物料").await?;
        set_value(&client, ".ol-item", "X展架").await?;
        set_value(&client, ".ol-spec", "80×180cm").await?;
        set_value(&client, ".ol-qty", "40").await?;
        set_value(&client, ".ol-price", "500").await?;
        assert!(text_of(&client, "#order-total").await?.contains("20,000.00"));
        let told = text_of(&client, "#order-problems").await?;
        assert!(told.contains("副总经理") && told.contains("15,750.00"), "{told}");
        assert!(!client.find(Locator::Id("order-submit")).await?.is_enabled().await?, "an order past the budget waits");
        screenshots_of(&client, "80-order-past-the-budget", Some("#order-form")).await?;

        // The VP approves orders up to 21,000 yuan, with a reason.
        switch_user(&client, &app.url("/"), world.login_of(Who::Vp), PASSWORD).await?;
        client.goto(&page).await?;
        set_value(&client, "#overrun-ceiling", "21000").await?;
        set_value(&client, "#overrun-reason", "开业加印两款展架").await?;
        click(&client, "#overrun-submit").await?;
        wait_for(STEP, "the VP's ceiling", || async {
            text_of(&client, "#money-ceiling").await.ok()?.contains("21,000.00").then_some(())
        })
        .await?;

        // Purchasing comes back: the order typed before is still there, and now goes.
        switch_user(&client, &app.url("/"), world.login_of(Who::Purchasing), PASSWORD).await?;
        client.goto(&page).await?;
        text_of(&client, "#order-form").await?;
        value_becomes(&client, "order-supplier", "哈尔滨华印印务").await?; // the draft was kept
        wait_for(STEP, "the order allowed", || async {
            client.find(Locator::Id("order-submit")).await.ok()?.is_enabled().await.ok()?.then_some(())
        })
        .await?;
        click(&client, "#order-submit").await?;
        wait_for(STEP, "the order counted", || async {
            text_of(&client, "#money-committed").await.ok()?.contains("20,000.00").then_some(())
        })
        .await?;
        // Recorded, the order's form starts afresh (its draft is gone).
        value_becomes(&client, "order-supplier", "").await?; // the sent order's draft is cleared
        set_value(&client, "#invoice-supplier", "哈尔滨华印印务").await?;
        set_value(&client, "#invoice-no", "04471234").await?;
        set_value(&client, "#invoice-amount", "20000").await?;
        choose(&client, "#invoice-order", "1").await?;
        click(&client, "#invoice-submit").await?;
        wait_for(STEP, "the invoice counted", || async {
            text_of(&client, "#money-spent").await.ok()?.contains("20,000.00").then_some(())
        })
        .await?;
        assert!(text_of(&client, "#invoices").await?.contains("04471234"));
        value_becomes(&client, "invoice-no", "").await?; // the sent invoice's draft is cleared
        screenshots_of(&client, "81-ordered-and-invoiced", Some("#money")).await?;

        // Nothing open while the campaign runs on through the API.
        client.goto("about:blank").await?;

        // The campaign runs to its summary; the printed summary shows cost against sales.
        let items = vec![ShippedItem { item: "X展架".into(), quantity: 2 }];
        act(
            &purchasing,
            id,
            Action::RecordShipment(RecordShipment {
                store: own,
                items,
                shipped_on: app.today(),
                tracking: "SF1".into(),
            }),
        )
        .await?;
        let line = ReceiptLine { item: "X展架".into(), expected: 2, received: 2, damaged: 0, note: String::new() };
        act(&manager, id, Action::ConfirmReceipt(ConfirmReceipt { store: own, lines: vec![line], photos: vec![] }))
            .await?;
        app.let_event_end(&planner, id).await?;
        act(&manager, id, Action::ReportSales(ReportSales { store: own, amount: Fen(65_000_000) })).await?;
        act(&planner, id, Action::FinishExecution(FinishExecution {})).await?;
        act(&planner, id, Action::SubmitSummary(SubmitSummary { notes: "开业三天销售 65 万".into(), photos: vec![] }))
            .await?;
        let detail = vp.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
        assert_eq!(detail.campaign.stage, Stage::Rating);
        switch_user(&client, &app.url("/"), world.login_of(Who::Vp), PASSWORD).await?;
        client.goto(&app.url(&format!("/campaigns/{id}/summary"))).await?;
        let cost = text_of(&client, "#glance-cost").await?;
        assert!(cost.contains("20,000.00") && cost.contains("32.5"), "650,000 of sales on 20,000 spent: {cost}");
        let budget = text_of(&client, "#summary-budget-table").await?;
        assert!(budget.contains("15,000.00") && budget.contains("20,000.00"), "budget, ordered, invoiced: {budget}");
        let per_store = text_of(&client, "#summary-sales-table").await?;
        assert!(per_store.contains("20,000.00") && per_store.contains("32.5"), "the store's cost: {per_store}");
        screenshots(&client, "82-summary-cost-and-sales").await?;
        let printed = cdp(&client, "Page.printToPDF", serde_json::json!({ "printBackground": true })).await?;
        let data = printed["data"].as_str().ok_or_else(|| anyhow::anyhow!("no PDF: {printed}"))?;
        use base64::Engine as _;
        let pdf = base64::engine::general_purpose::STANDARD.decode(data)?;
        assert!(pdf.starts_with(b"%PDF"), "not a PDF");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
        std::fs::write(dir.join("83-summary.pdf"), &pdf)?;

        // The store's page shows none of it.
        switch_user(&client, &app.url("/"), world.login_of(Who::StoreManager), PASSWORD).await?;
        client.goto(&page).await?;
        // Read in the page once it shows the campaign (its heading is redrawn as it loads).
        let html = wait_for(STEP, "the store's campaign page", || async {
            let text = client.execute("return document.body.innerText", vec![]).await.ok()?;
            let text = text.as_str()?.to_owned();
            text.contains("鸡西店开业").then_some(text)
        })
        .await?;
        assert!(!html.contains("04471234") && !html.contains("哈尔滨华印印务"), "the store sees the center's costs");
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}
