//! Whole campaigns driven over HTTP by the roles that own each stage, ending in the KPI
//! report with the flags the ratings call for.

use chrono::NaiveDate;
use reqwest::StatusCode;
use shared::api::{CampaignDetail, CampaignQuery, KpiQuery, KpiReport};
use shared::campaign::{
    Brainstorm, CampaignType, GiftItem, Lateness, MaterialItem, Needs, ReceiptLine, ShippedItem, Stage, StorePlan,
};
use shared::endpoints::{
    CreateCampaign, Download, Endpoint, ExportCampaignsXlsx, ExportKpiCsv, ExportKpiXlsx, GetCampaign, GetKpi,
    GetThumbnail, Upload,
};
use shared::ids::{PersonId, StoreId};
use shared::intake::NewCampaign;
use shared::messages::RuleCode;
use shared::money::Fen;
use shared::plan::{BudgetLine, PlanDocument};
use shared::workflow::{
    Action, Approve, CompleteNeeds, ConfirmPlan, ConfirmReceipt, DecideProof, FinishExecution, OverrideLate, Rate,
    RecordBrainstorm, RecordNeeds, RecordShipment, ReportSales, SavePlan, StartNeeds, SubmitDraft, SubmitForApproval,
    SubmitSummary, UploadProof,
};
use tests::{Session, Who, World, answer, spawn_app};

fn day(text: &str) -> NaiveDate {
    shared::clock::parse_iso_date(text).expect("a valid date")
}

/// Takes `action`, which must be accepted and leave the campaign at `expect_stage`.
async fn step(session: &Session, id: u64, action: Action, expect_stage: Stage) -> anyhow::Result<CampaignDetail> {
    let kind = action.kind();
    let detail = session.perform_ok(id, &action).await?;
    let stage = detail.campaign.stage;
    anyhow::ensure!(stage == expect_stage, "{kind:?}: at {stage:?} instead of {expect_stage:?}");
    Ok(detail)
}

fn save_plan() -> Action {
    Action::SavePlan(SavePlan {
        plan: PlanDocument {
            theme: "开业大吉".into(),
            strategy: "满额赠礼".into(),
            implementation: "三周推进".into(),
            forecast: "销售额 50 万".into(),
            budget: vec![BudgetLine { item: "物料".into(), amount: Fen(1_500_000) }],
            forecast_sales: Some(Fen(50_000_000)),
        },
        note: "初稿".into(),
    })
}

fn brainstorm(notes: &str, attendees: &[&str]) -> Action {
    Action::RecordBrainstorm(RecordBrainstorm {
        brainstorm: Brainstorm { notes: notes.into(), attendees: attendees.iter().map(|a| (*a).to_owned()).collect() },
    })
}

/// The month the campaign was rated in: its event over, the day the server is on.
fn month_of(app: &tests::TestApp) -> KpiQuery {
    use chrono::Datelike as _;
    let month = format!("{}-{:02}", app.today().year(), app.today().month());
    KpiQuery { from: month.clone(), to: month }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_opening_goes_through_every_stage_and_an_unhappy_rating_flags_the_planner() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let market = world.session(&app, Who::Market).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let design = world.session(&app, Who::Design).await?;
    let vp = world.session(&app, Who::Vp).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    let own = StoreId(world.own_store);

    let form = NewCampaign {
        title: "鸡西店开业".into(),
        stores: vec![own],
        starts_on: "2026-05-01".into(),
        ends_on: "2026-05-03".into(),
        ..NewCampaign::empty(CampaignType::StoreOpening)
    };
    let created = market.ok::<CreateCampaign>(&[], &(), &form).await?;
    assert_eq!(created.campaign.assignee, Some(PersonId(world.planner_person)), "routed to the covering planner");
    let id = created.campaign.id.0;

    step(&planner, id, Action::StartNeeds(StartNeeds {}), Stage::Needs).await?;
    let needs = Needs { wishes: "主推婚庆".into(), policy: String::new(), budget_hint: "两万".into() };
    step(&manager, id, Action::RecordNeeds(RecordNeeds { needs }), Stage::Needs).await?;
    step(&planner, id, Action::CompleteNeeds(CompleteNeeds {}), Stage::Brainstorm).await?;
    step(&planner, id, brainstorm("开业三天", &["曹雪"]), Stage::DraftPlan).await?;
    step(&planner, id, save_plan(), Stage::DraftPlan).await?;
    step(&planner, id, Action::SubmitDraft(SubmitDraft {}), Stage::Revisions).await?;
    // A design round: upload, pass every step up to the final proof.
    let mut png = Vec::new();
    image::RgbImage::from_pixel(1200, 800, image::Rgb([200, 40, 40]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)?;
    let upload = design
        .request::<Upload>(&[], &(), &())
        .header("content-type", "image/png")
        .header("x-file-name", "%E5%88%9D%E6%A1%88.png")
        .body(png.clone())
        .send()
        .await?;
    assert_eq!(upload.status(), Upload::STATUS);
    let uploaded = answer::<Upload>(upload).await??;
    assert_eq!((uploaded.file_name.as_str(), uploaded.content_type.as_str()), ("初案.png", "image/png"));
    let file = uploaded.id;
    let thumbnail = design.request::<GetThumbnail>(&[&file.to_string()], &(), &()).send().await?;
    assert_eq!(thumbnail.headers()["content-type"], "image/jpeg");
    let small = image::load_from_memory(&thumbnail.bytes().await?)?;
    assert_eq!((small.width(), small.height()), (480, 320), "scaled to fit 480 px, aspect kept");
    for round in 1..=5 {
        step(&design, id, Action::UploadProof(UploadProof { files: vec![file] }), Stage::Revisions).await?;
        step(&planner, id, Action::DecideProof(DecideProof { round, passed: true }), Stage::Revisions).await?;
    }
    step(&planner, id, Action::SubmitForApproval(SubmitForApproval {}), Stage::Approval).await?;
    // The store may not confirm before the VP approves (R4): the action is not open to it.
    let store_plan = StorePlan {
        starts_on: day("2026-05-01"),
        ends_on: day("2026-05-03"),
        policy: "满 5000 减 300".into(),
        materials: vec![MaterialItem { item: "X展架".into(), size: "80×180".into(), quantity: 2 }],
        gifts: vec![GiftItem { item: "首饰盒".into(), quantity: 50 }],
        ship_on: day("2026-04-20"),
    };
    let confirm = Action::ConfirmPlan(ConfirmPlan { store: own, plan: store_plan });
    let Err(refused) = manager.perform(id, &confirm).await? else { panic!("the store confirmed before approval") };
    assert!(refused.status.is_client_error(), "{refused}");
    step(&vp, id, Action::Approve(Approve {}), Stage::StoreConfirmation).await?;
    let approved = step(&manager, id, confirm, Stage::Production).await?;
    let plan = approved.campaign.plan_versions.last().ok_or_else(|| anyhow::anyhow!("no plan"))?;
    // The store reads the approved plan without what it costs and expects to sell.
    assert_eq!(plan.document.forecast_sales, None, "the forecast is the center's business");
    assert!(plan.document.budget.is_empty() && plan.document.forecast.is_empty(), "{:?}", plan.document);
    assert!(!plan.document.theme.is_empty(), "the plan itself is the store's to read");
    let planners = planner.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
    let whole = planners.campaign.plan_versions.last().ok_or_else(|| anyhow::anyhow!("no plan"))?;
    assert_eq!(whole.document.forecast_sales, Some(Fen(50_000_000)), "the center reads the forecast");
    let admin = world.session(&app, Who::Admin).await?;
    money_is_kept_against_the_budget(&purchasing, &vp, &manager, &admin, id, own).await?;
    let shipment = RecordShipment {
        store: own,
        items: vec![ShippedItem { item: "X展架".into(), quantity: 2 }],
        shipped_on: day("2026-03-02"),
        tracking: "SF1".into(),
    };
    step(&purchasing, id, Action::RecordShipment(shipment), Stage::Shipping).await?;
    let line = ReceiptLine { item: "X展架".into(), expected: 2, received: 1, damaged: 0, note: "少一个".into() };
    let receipt = ConfirmReceipt { store: own, lines: vec![line], photos: vec![] };
    let received = step(&manager, id, Action::ConfirmReceipt(receipt), Stage::Execution).await?;
    let last = received.campaign.history.last().ok_or_else(|| anyhow::anyhow!("no history"))?;
    assert!(last.note.contains("差异"), "a discrepancy is flagged as urgent: {last:?}");
    app.let_event_end(&planner, id).await?;
    step(&planner, id, Action::FinishExecution(FinishExecution {}), Stage::Summary).await?;
    let summary = SubmitSummary { notes: "开业客流好".into(), photos: vec![file] };
    step(&planner, id, Action::SubmitSummary(summary), Stage::Rating).await?;
    let rating = Rate { store: own, satisfied: false, comment: "物料少了".into() };
    let rated = step(&manager, id, Action::Rate(rating), Stage::Closed).await?;
    // The center reads every step; the store reads its own and the stage moves (R5).
    let full = planner.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
    let everything = full.campaign.history.len();
    let own_steps = rated.campaign.history.len();
    assert!(
        everything > 20 && own_steps > 5 && own_steps < everything,
        "history: {everything} for the center, {own_steps} for the store"
    );

    let kpi: KpiReport = vp.ok::<GetKpi>(&[], &month_of(&app), &()).await?;
    let planner_row = kpi
        .rows
        .iter()
        .find(|r| r.staff == PersonId(world.planner_person))
        .ok_or_else(|| anyhow::anyhow!("no KPI row for the planner: {kpi:?}"))?;
    assert_eq!(planner_row.rated, 1);
    assert_eq!(planner_row.satisfied, 0);
    assert!(planner_row.bonus_deduction);
    assert!(!planner_row.disciplinary_review);
    // The planner sees their own row and no one else's.
    let own_rows = planner.ok::<GetKpi>(&[], &month_of(&app), &()).await?;
    assert!(own_rows.rows.iter().all(|r| r.staff == PersonId(world.planner_person)));
    // The store manager downloads the summary photo of their own campaign.
    manager.download::<Download>(&[&file.to_string()], &()).await??;
    let other = world.session(&app, Who::OtherStoreManager).await?;
    let refused = other.refused::<Download>(&[&file.to_string()], &(), &()).await?;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "another store cannot fetch it by id");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_holiday_promotion_needs_the_vps_override_then_runs_to_a_happy_rating() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let vp = world.session(&app, Who::Vp).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let other_manager = world.session(&app, Who::OtherStoreManager).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    let (own, other) = (StoreId(world.own_store), StoreId(world.other_store));

    // Test "today" is 2026-03-02: a start on 2026-04-01 is 30 days ahead, inside R2's 50.
    let form = NewCampaign {
        title: "清明小长假促销".into(),
        stores: vec![own, other],
        starts_on: "2026-04-01".into(),
        ends_on: "2026-04-06".into(),
        ..NewCampaign::empty(CampaignType::HolidayPromotion)
    };
    let created = planner.ok::<CreateCampaign>(&[], &(), &form).await?;
    assert_eq!(created.campaign.lateness, Some(Lateness::HolidayPreparation { days_before_start: 30 }));
    let id = created.campaign.id.0;
    step(&planner, id, Action::StartNeeds(StartNeeds {}), Stage::Needs).await?;
    step(&planner, id, Action::CompleteNeeds(CompleteNeeds {}), Stage::Brainstorm).await?;
    step(&planner, id, brainstorm("清明踏青", &[]), Stage::DraftPlan).await?;
    step(&planner, id, save_plan(), Stage::DraftPlan).await?;
    step(&planner, id, Action::SubmitDraft(SubmitDraft {}), Stage::Revisions).await?;
    step(&planner, id, Action::SubmitForApproval(SubmitForApproval {}), Stage::Approval).await?;
    let Err(refused) = vp.perform(id, &Action::Approve(Approve {})).await? else {
        panic!("a late holiday promotion was approved without the override")
    };
    assert_eq!((refused.status, refused.error.code), (StatusCode::CONFLICT, RuleCode::R2HolidayPreparation));
    assert!(refused.error.message_zh.contains("50"), "{refused}");
    let late = OverrideLate { reason: "总部统一安排".into() };
    step(&vp, id, Action::OverrideLate(late), Stage::Approval).await?;
    step(&vp, id, Action::Approve(Approve {}), Stage::StoreConfirmation).await?;
    let store_plan = |store: StoreId| {
        let plan = StorePlan {
            starts_on: day("2026-04-01"),
            ends_on: day("2026-04-06"),
            policy: String::new(),
            materials: vec![],
            gifts: vec![],
            ship_on: day("2026-03-20"),
        };
        Action::ConfirmPlan(ConfirmPlan { store, plan })
    };
    step(&manager, id, store_plan(own), Stage::StoreConfirmation).await?;
    step(&other_manager, id, store_plan(other), Stage::Production).await?;
    // The campaign ships once every store has its shipment.
    for (store, after) in [(own, Stage::Production), (other, Stage::Shipping)] {
        let shipment = RecordShipment {
            store,
            items: vec![ShippedItem { item: "海报".into(), quantity: 10 }],
            shipped_on: day("2026-03-02"),
            tracking: String::new(),
        };
        step(&purchasing, id, Action::RecordShipment(shipment), after).await?;
    }
    let receipt = |store: StoreId| {
        let line = ReceiptLine { item: "海报".into(), expected: 10, received: 10, damaged: 0, note: String::new() };
        Action::ConfirmReceipt(ConfirmReceipt { store, lines: vec![line], photos: vec![] })
    };
    step(&manager, id, receipt(own), Stage::Shipping).await?;
    step(&other_manager, id, receipt(other), Stage::Execution).await?;
    app.let_event_end(&planner, id).await?;
    let sales = ReportSales { store: own, amount: Fen(35_000_000) };
    step(&manager, id, Action::ReportSales(sales), Stage::Execution).await?;
    step(&planner, id, Action::FinishExecution(FinishExecution {}), Stage::Summary).await?;
    let summary = SubmitSummary { notes: "两店均达成目标".into(), photos: vec![] };
    step(&planner, id, Action::SubmitSummary(summary), Stage::Rating).await?;
    let happy = |store: StoreId| Action::Rate(Rate { store, satisfied: true, comment: String::new() });
    step(&manager, id, happy(own), Stage::Rating).await?;
    step(&other_manager, id, happy(other), Stage::Closed).await?;
    let kpi = vp.ok::<GetKpi>(&[], &month_of(&app), &()).await?;
    let row = kpi
        .rows
        .iter()
        .find(|r| r.staff == PersonId(world.planner_person))
        .ok_or_else(|| anyhow::anyhow!("no KPI row for the planner: {kpi:?}"))?;
    assert_eq!((row.rated, row.bonus_deduction), (2, false), "{kpi:?}");
    let csv = String::from_utf8(vp.download::<ExportKpiCsv>(&[], &month_of(&app)).await??)?;
    assert!(csv.starts_with('\u{feff}') && csv.contains("满意率") && csv.contains("100.0%"), "{csv}");
    let xlsx = vp.request::<ExportKpiXlsx>(&[], &month_of(&app), &()).send().await?;
    assert_eq!(xlsx.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(&xlsx.bytes().await?[..2], b"PK", "an .xlsx is a zip archive");
    vp.download::<ExportCampaignsXlsx>(&[], &CampaignQuery::default()).await??;
    Ok(())
}

/// The campaign's money (issue 28) on an approved plan whose one budget line, 物料, is
/// 15,000 yuan: purchasing orders within it (and the center's 5 %), is refused beyond it
/// until the VP approves the overrun, and records an invoice against its order; the totals
/// follow, and the store sees none of it and may record none of it.
async fn money_is_kept_against_the_budget(
    purchasing: &Session,
    vp: &Session,
    manager: &Session,
    admin: &Session,
    id: u64,
    own: StoreId,
) -> anyhow::Result<()> {
    use shared::costs::{OrderLine, SupplierKind};
    use shared::workflow::{ApproveOverrun, CancelOrder, RecordInvoice, RecordOrder};
    let order = |quantity: u32| {
        Action::RecordOrder(RecordOrder {
            supplier: "哈尔滨华印印务".into(),
            supplier_kind: SupplierKind::Printing,
            lines: vec![OrderLine {
                item: "X展架".into(), spec: "80×180".into(), quantity, unit_price: Fen(50_000)
            }],
            stores: vec![own],
            budget_line: "物料".into(),
            ordered_on: day("2026-03-02"),
            expected_on: Some(day("2026-03-09")),
        })
    };
    let placed = step(purchasing, id, order(20), Stage::Production).await?;
    let money = placed.money.ok_or_else(|| anyhow::anyhow!("purchasing sees no money"))?;
    assert_eq!(
        (money.budget_total, money.committed_total, money.spent_total),
        (Fen(1_500_000), Fen(1_000_000), Fen(0))
    );
    assert_eq!(money.ceiling, Fen(1_575_000), "the budget and the center's 5 %");
    assert_eq!(money.lines.len(), 1);
    assert_eq!((money.lines[0].item.as_str(), money.lines[0].committed), ("物料", Fen(1_000_000)));
    // The order is for the one store: its share is the whole.
    assert_eq!(money.stores, vec![shared::costs::StoreMoney { store: own, committed: Fen(1_000_000), spent: Fen(0) }]);

    // The administrator's tolerance moves the ceiling; nobody else may set it.
    use shared::costs::MoneySettings;
    use shared::endpoints::{GetMoneySettings, SetMoneySettings};
    assert_eq!(purchasing.ok::<GetMoneySettings>(&[], &(), &()).await?, MoneySettings { tolerance_percent: 5 });
    let refused = purchasing.refused::<SetMoneySettings>(&[], &(), &MoneySettings { tolerance_percent: 50 }).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused = admin.refused::<SetMoneySettings>(&[], &(), &MoneySettings { tolerance_percent: 101 }).await?;
    assert_eq!(
        (refused.status, refused.error.fields.first().map(|f| f.field.as_str())),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("tolerance_percent")),
        "{refused}"
    );
    admin.ok::<SetMoneySettings>(&[], &(), &MoneySettings { tolerance_percent: 0 }).await?;
    let seen = purchasing.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
    assert_eq!(seen.money.map(|m| (m.tolerance_percent, m.ceiling)), Some((0, Fen(1_500_000))));
    admin.ok::<SetMoneySettings>(&[], &(), &MoneySettings { tolerance_percent: 5 }).await?;
    assert_eq!(manager.refused::<GetMoneySettings>(&[], &(), &()).await?.status, StatusCode::FORBIDDEN);

    // Twelve more would come to 16,000 yuan: over what the budget allows.
    let refused =
        purchasing.perform(id, &order(12)).await?.err().ok_or_else(|| anyhow::anyhow!("over budget accepted"))?;
    assert_eq!(
        (refused.status, refused.error.code),
        (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::OverBudget),
        "{refused}"
    );
    assert!(refused.error.message_zh.contains("副总经理"), "{refused}");
    // Purchasing cannot approve it; the VP can, with a reason.
    let overrun =
        Action::ApproveOverrun(ApproveOverrun { ceiling: Fen(1_700_000), reason: "加印两款海报".into() });
    let refused =
        purchasing.perform(id, &overrun).await?.err().ok_or_else(|| anyhow::anyhow!("purchasing approved"))?;
    assert_eq!(refused.error.code, RuleCode::R6RoleNotAllowed, "{refused}");
    step(vp, id, overrun, Stage::Production).await?;
    let placed = step(purchasing, id, order(12), Stage::Production).await?;
    assert_eq!(placed.money.as_ref().map(|m| (m.committed_total, m.ceiling)), Some((Fen(1_600_000), Fen(1_700_000))));

    // The supplier's invoice for the first order; the same invoice twice is refused.
    let invoice = Action::RecordInvoice(RecordInvoice {
        supplier: "哈尔滨华印印务".into(),
        invoice_no: "No.04471234".into(),
        amount: Fen(1_000_000),
        issued_on: day("2026-03-02"),
        order: Some(1),
        scan: None,
        reason: String::new(),
    });
    let billed = step(purchasing, id, invoice.clone(), Stage::Production).await?;
    let money = billed.money.ok_or_else(|| anyhow::anyhow!("no money"))?;
    assert_eq!((money.committed_total, money.spent_total), (Fen(1_600_000), Fen(1_000_000)));
    assert_eq!(money.lines[0].spent, Fen(1_000_000));
    let refused = purchasing.perform(id, &invoice).await?.err().ok_or_else(|| anyhow::anyhow!("invoice twice"))?;
    assert_eq!(refused.error.code, RuleCode::AlreadyDone, "{refused}");

    // An invoiced order stays; the other is cancelled, with a reason, and no longer counts.
    let cancel = |order: u32| Action::CancelOrder(CancelOrder { order, reason: "改为门店自采".into() });
    let refused = purchasing.perform(id, &cancel(1)).await?.err().ok_or_else(|| anyhow::anyhow!("cancelled"))?;
    assert_eq!(refused.error.code, RuleCode::NotReady, "{refused}");
    let cancelled = step(purchasing, id, cancel(2), Stage::Production).await?;
    assert_eq!(cancelled.money.map(|m| m.committed_total), Some(Fen(1_000_000)));
    assert_eq!(cancelled.campaign.costs.orders.len(), 2, "a cancelled order is kept, marked");

    // The store: no money, no orders, and no way to record one.
    let seen = manager.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
    assert_eq!(seen.money, None);
    assert!(seen.campaign.costs.is_empty(), "{:?}", seen.campaign.costs);
    let refused = manager.perform(id, &order(1)).await?.err().ok_or_else(|| anyhow::anyhow!("a store ordered"))?;
    assert_eq!(refused.error.code, RuleCode::R6RoleNotAllowed, "{refused}");

    // The month's costs: the order not cancelled and its invoice, by type, supplier and
    // the store's province; and the same as rows finance books from.
    let months = shared::api::CostQuery { from: "2026-03".into(), to: "2026-03".into() };
    let report = vp.ok::<shared::endpoints::GetCosts>(&[], &months, &()).await?;
    assert_eq!((report.committed_total, report.spent_total), (Fen(1_000_000), Fen(1_000_000)), "{report:?}");
    assert_eq!(report.by_month.len(), 1);
    assert_eq!(report.by_type.iter().map(|g| g.key).collect::<Vec<_>>(), vec![CampaignType::StoreOpening]);
    assert_eq!(report.by_supplier.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(), vec!["哈尔滨华印印务"]);
    assert!(report.by_province.iter().all(|g| g.key.is_some()), "{:?}", report.by_province);
    let refused = manager.refused::<shared::endpoints::GetCosts>(&[], &months, &()).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let csv = vp.download::<shared::endpoints::ExportCostsCsv>(&[], &months).await??;
    let mut reader = csv::Reader::from_reader(csv.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&csv));
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
    assert_eq!(rows.len(), 2, "one order and one invoice: {rows:?}");
    assert_eq!((&rows[0][0], &rows[0][1], &rows[0][9]), ("2026-03-02", "订单", "10000.00"));
    assert_eq!((&rows[1][1], &rows[1][8], &rows[1][9]), ("发票", "No.04471234", "10000.00"));

    let xlsx = vp.download::<shared::endpoints::ExportCostsXlsx>(&[], &months).await??;
    use calamine::Reader as _;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(xlsx))?;
    let sheet = book.worksheet_range_at(0).ok_or_else(|| anyhow::anyhow!("no sheet"))??;
    let rows: Vec<_> = sheet.rows().collect();
    assert_eq!(rows.len(), 3, "a header and two rows");
    for row in &rows[1..] {
        // The date is a date and the amount a number, as a spreadsheet reads them.
        let calamine::Data::DateTime(date) = &row[0] else { panic!("not a date: {:?}", row[0]) };
        let serial = (day("2026-03-02") - day("1899-12-30")).num_days() as f64;
        assert_eq!(date.as_f64(), serial, "{row:?}");
        assert_eq!(row[9], calamine::Data::Float(10_000.0), "{row:?}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purchasing_keeps_the_supplier_list_and_no_store_reads_it() -> anyhow::Result<()> {
    use shared::api::{Record, Write};
    use shared::costs::{Supplier, SupplierKind};
    use shared::endpoints::{CreateSupplier, ListSuppliers, UpdateSupplier};
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    let admin = world.session(&app, Who::Admin).await?;
    let vp = world.session(&app, Who::Vp).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let supplier = |name: &str, kind: SupplierKind| Supplier {
        id: shared::ids::SupplierId(0),
        name: name.into(),
        kind,
        contact: "刘经理 0451-8231 5566".into(),
        notes: "加急三天".into(),
        active: true,
    };
    let new = |value: Supplier| Write { version: 0, value };

    let printer: Record<Supplier> =
        purchasing.ok::<CreateSupplier>(&[], &(), &new(supplier(" 华印印务 ", SupplierKind::Printing))).await?;
    assert_eq!((printer.version, printer.value.name.as_str()), (1, "华印印务"), "kept trimmed");
    assert_ne!(printer.value.id.0, 0, "the server gives the id");
    admin.ok::<CreateSupplier>(&[], &(), &new(supplier("金盒礼品", SupplierKind::Gifts))).await?;

    // The same name again, whatever its case or spaces, is refused on its field.
    let refused =
        purchasing.refused::<CreateSupplier>(&[], &(), &new(supplier("华印印务 ", SupplierKind::Other))).await?;
    assert_eq!(
        (refused.status, refused.error.fields.first().map(|f| f.field.as_str())),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("value.name")),
        "{refused}"
    );
    assert_eq!(refused.error.fields[0].code, RuleCode::NameTaken, "{refused}");

    // Retired by the administrator; an edit from the version before is a conflict.
    let id = printer.value.id.to_string();
    let retired = Write { version: 1, value: Supplier { active: false, ..printer.value.clone() } };
    let saved = admin.ok::<UpdateSupplier>(&[&id], &(), &retired).await?;
    assert_eq!((saved.version, saved.value.active), (2, false));
    let refused = purchasing.refused::<UpdateSupplier>(&[&id], &(), &retired).await?;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{refused}");

    // The VP reads the list (active ones first); a planner may not change it; a store
    // reads none of it.
    let list = vp.ok::<ListSuppliers>(&[], &(), &()).await?;
    let names: Vec<(&str, bool)> = list.iter().map(|r| (r.value.name.as_str(), r.value.active)).collect();
    assert_eq!(names, vec![("金盒礼品", true), ("华印印务", false)]);
    let planner = world.session(&app, Who::Planning).await?;
    let refused = planner.refused::<CreateSupplier>(&[], &(), &new(supplier("别家", SupplierKind::Other))).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused = manager.refused::<ListSuppliers>(&[], &(), &()).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!format!("{refused}").contains("0451"), "the refusal carries nothing of the list");
    Ok(())
}
