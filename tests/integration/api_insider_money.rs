//! Purchasing on the inside of a campaign's money (issue 36, items 2–4), over HTTP: a
//! flood of its own orders fills the orders' cap only — sized to the campaign, counted
//! live, said in the campaign's `actions` — and never its shipments; orders and invoices
//! are dated where the cost report sees them; absurd amounts are refused with their
//! limits named, and the VP's ceiling goes down as well as up.

use chrono::NaiveDate;
use reqwest::StatusCode;
use shared::api::{ActionRequest, CampaignDetail, CostQuery};
use shared::campaign::{Brainstorm, CampaignType, ShippedItem, Stage, StorePlan};
use shared::costs::{OrderLine, SupplierKind};
use shared::endpoints::{ActOnCampaign, CreateCampaign, ExportCostsCsv, GetCampaign, GetCosts};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::messages::RuleCode;
use shared::money::Fen;
use shared::org::Role;
use shared::workflow::{
    Action, ActionKind, Approve, ApproveOverrun, CancelOrder, CompleteNeeds, ConfirmPlan, OverrideLate,
    RecordBrainstorm, RecordInvoice, RecordOrder, RecordShipment, SavePlan, StartNeeds, SubmitDraft, SubmitForApproval,
    cost_records_max,
};
use tests::flow::{complete_plan, store_campaign_at};
use tests::{Refused, Session, TestApp, Who, World, spawn_app};

fn day(text: &str) -> NaiveDate {
    shared::clock::parse_iso_date(text).expect("a valid date")
}

fn order_of(lines: Vec<OrderLine>, ordered_on: &str) -> RecordOrder {
    RecordOrder {
        supplier: "哈尔滨华印印务".into(),
        supplier_kind: SupplierKind::Printing,
        lines,
        stores: Vec::new(),
        budget_line: String::new(),
        ordered_on: day(ordered_on),
        expected_on: None,
    }
}

/// One order of `quantity` posters at `fen` each, placed on `ordered_on`.
fn order(quantity: u32, fen: i64, ordered_on: &str) -> Action {
    let line = OrderLine { item: "海报".into(), spec: "A1".into(), quantity, unit_price: Fen(fen) };
    Action::RecordOrder(order_of(vec![line], ordered_on))
}

fn invoice(number: &str, fen: i64, order: Option<u32>, issued_on: &str) -> RecordInvoice {
    RecordInvoice {
        supplier: "哈尔滨华印印务".into(),
        invoice_no: number.into(),
        amount: Fen(fen),
        issued_on: day(issued_on),
        order,
        scan: None,
        reason: String::new(),
    }
}

fn overrun(fen: i64) -> Action {
    Action::ApproveOverrun(ApproveOverrun { ceiling: Fen(fen), reason: "门店加订展架".into() })
}

/// Takes `action`, which must be refused: the refusal.
async fn refusal(session: &Session, id: u64, action: &Action) -> anyhow::Result<Refused> {
    match session.perform(id, action).await? {
        Ok(_) => anyhow::bail!("{:?} accepted, but it must be refused", action.kind()),
        Err(refused) => Ok(refused),
    }
}

/// The refusal's status, code and first field.
fn why(refused: &Refused) -> (StatusCode, RuleCode, &str) {
    (refused.status, refused.error.code, refused.error.fields.first().map_or("", |f| f.field.as_str()))
}

/// Takes `action` on the version last answered (each answer gives the next), as a screen
/// kept open does: the campaign after it, or the refusal.
async fn act(
    session: &Session,
    id: u64,
    version: &mut u64,
    action: Action,
) -> anyhow::Result<Result<CampaignDetail, Refused>> {
    let kind = action.kind();
    let request = ActionRequest { version: *version, action };
    let answer = session.call::<ActOnCampaign>(&[&id.to_string(), kind.as_str()], &(), &request).await?;
    if let Ok(detail) = &answer {
        *version = detail.campaign.version;
    }
    Ok(answer)
}

/// Whether the campaign's `actions` offer `kind`, and the code of the reason when not.
fn offered(detail: &CampaignDetail, kind: ActionKind) -> Option<(bool, Option<RuleCode>)> {
    detail.actions.iter().find(|a| a.action == kind).map(|a| (a.allowed, a.reason.as_ref().map(|r| r.code)))
}

/// A holiday promotion (节假日促销) for both of the world's stores, 1–7 June, planned by
/// the planner, approved by the VP and confirmed by both stores: in production. Its id.
async fn shared_campaign_in_production(app: &TestApp, world: &World) -> anyhow::Result<u64> {
    let planner = world.session(app, Who::Planning).await?;
    let vp = world.session(app, Who::Vp).await?;
    let stores = [StoreId(world.own_store), StoreId(world.other_store)];
    let form = NewCampaign {
        title: "端午金饰节".into(),
        stores: stores.to_vec(),
        starts_on: "2026-06-01".into(),
        ends_on: "2026-06-07".into(),
        ..NewCampaign::empty(CampaignType::HolidayPromotion)
    };
    let id = planner.ok::<CreateCampaign>(&[], &(), &form).await?.campaign.campaign().id.0;
    let brainstorm = Brainstorm { notes: "头脑风暴：主推足金".into(), attendees: vec!["企划".into()] };
    for action in [
        Action::StartNeeds(StartNeeds {}),
        Action::CompleteNeeds(CompleteNeeds {}),
        Action::RecordBrainstorm(RecordBrainstorm { brainstorm }),
        Action::SavePlan(SavePlan { plan: complete_plan("端午金饰节"), note: "初稿".into() }),
        Action::SubmitDraft(SubmitDraft {}),
        Action::SubmitForApproval(SubmitForApproval {}),
    ] {
        planner.perform_ok(id, &action).await?;
    }
    let detail = vp.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
    if detail.campaign.lateness.is_some() && detail.campaign.late_override.is_none() {
        vp.perform_ok(id, &Action::OverrideLate(OverrideLate { reason: "总部统一安排".into() })).await?;
    }
    vp.perform_ok(id, &Action::Approve(Approve {})).await?;
    let plan = StorePlan {
        starts_on: day("2026-06-01"),
        ends_on: day("2026-06-07"),
        policy: "满 3000 减 300".into(),
        materials: Vec::new(),
        gifts: Vec::new(),
        ship_on: day("2026-05-25"),
    };
    let mut stage = Stage::StoreConfirmation;
    for (who, store) in [(Who::StoreManager, stores[0]), (Who::OtherStoreManager, stores[1])] {
        let manager = world.session(app, who).await?;
        let confirm = Action::ConfirmPlan(ConfirmPlan { store, plan: plan.clone() });
        stage = manager.perform_ok(id, &confirm).await?.campaign.stage;
    }
    anyhow::ensure!(stage == Stage::Production, "both stores confirmed, yet at {stage:?}");
    Ok(id)
}

/// The flood (198 zero-price orders in a second, then 422 `PERSONAL_LIMIT` on the
/// shipments): here purchasing fills the orders' cap with one-fen orders as fast as one
/// screen sends them. The next order is refused for the cap, and the campaign's actions
/// say so; its shipments to both stores and its invoices are still taken, and a
/// cancelled order frees its place.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purchasings_flood_of_orders_on_a_shared_campaign_leaves_its_own_shipments_open() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let id = shared_campaign_in_production(&app, &world).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    let seen = purchasing.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
    let cap = cost_records_max(seen.campaign.campaign());
    assert_eq!(cap, 200, "two stores: the cap's floor");
    let mut version = seen.campaign.version;
    for n in 0..cap {
        act(&purchasing, id, &mut version, order(1, 1, "2026-03-02"))
            .await?
            .map_err(|refused| anyhow::anyhow!("order {n}: {refused}"))?;
    }
    let full = act(&purchasing, id, &mut version, order(1, 1, "2026-03-02"))
        .await?
        .err()
        .ok_or_else(|| anyhow::anyhow!("an order past the cap was accepted"))?;
    assert_eq!(why(&full), (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::TooMany, ""), "{full}");
    assert!(full.error.message_zh.contains("200"), "the limit is named: {full}");

    let detail = purchasing.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
    assert_eq!(offered(&detail, ActionKind::RecordOrder), Some((false, Some(RuleCode::TooMany))));
    assert_eq!(offered(&detail, ActionKind::RecordShipment), Some((true, None)));
    assert_eq!(offered(&detail, ActionKind::RecordInvoice), Some((true, None)));
    assert_eq!(offered(&detail, ActionKind::CancelOrder), Some((true, None)));

    // Its own stage work: each store's shipment, after 200 entries of its own.
    let mut version = detail.campaign.version;
    let mut stage = detail.campaign.stage;
    for store in [world.own_store, world.other_store] {
        let shipment = Action::RecordShipment(RecordShipment {
            store: StoreId(store),
            items: vec![ShippedItem { item: "海报".into(), quantity: 2 }],
            shipped_on: tests::test_today(),
            tracking: format!("SF{store}"),
        });
        let shipped =
            act(&purchasing, id, &mut version, shipment).await?.map_err(|r| anyhow::anyhow!("shipment: {r}"))?;
        stage = shipped.campaign.stage;
    }
    assert_eq!(stage, Stage::Shipping, "both stores shipped");
    let billed = Action::RecordInvoice(invoice("No.00000001", 1, Some(1), "2026-03-02"));
    act(&purchasing, id, &mut version, billed).await?.map_err(|r| anyhow::anyhow!("invoice: {r}"))?;

    // What counts is what is live: a cancelled order frees its place.
    let cancel = Action::CancelOrder(CancelOrder { order: 200, reason: "重复下单".into() });
    act(&purchasing, id, &mut version, cancel).await?.map_err(|r| anyhow::anyhow!("cancel: {r}"))?;
    let placed = act(&purchasing, id, &mut version, order(1, 1, "2026-03-02"))
        .await?
        .map_err(|r| anyhow::anyhow!("an order in the freed place: {r}"))?;
    assert_eq!(placed.campaign.costs.orders.len(), 201);
    let own = placed.campaign.history.iter().filter(|e| e.role == Role::Purchasing).count();
    assert_eq!(own, 205, "every entry of purchasing's own was taken");
    Ok(())
}

/// Money is dated from a quarter before the campaign was opened (2 March 2026: from
/// 2 December 2025) to today; the 1999-12-31, 1900-01-01 and 0001-01-01 are
/// refused with the bounds named. What is accepted at the bound is in the cost report of
/// its month and in `costs.csv`, and the report over every month it accepts adds up to
/// the campaign's totals: no amount is recorded where no report can see it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn money_dates_are_bounded_around_the_campaign_and_every_amount_is_in_a_report() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let event = (day("2026-06-01"), day("2026-06-07"));
    let id = store_campaign_at(&app, &world, "端午个性活动", event, Stage::Production).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    let vp = world.session(&app, Who::Vp).await?;

    for on in ["1999-12-31", "1900-01-01", "2025-12-01", "2026-03-03"] {
        let refused = refusal(&purchasing, id, &order(1, 10_000, on)).await?;
        assert_eq!(why(&refused), (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::DateOrder, "ordered_on"), "{on}");
        assert!(refused.error.message_zh.contains("2025年12月2日"), "the first day is named: {refused}");
        assert!(refused.error.message_en.contains("2026-03-02"), "so is the last: {refused}");
    }
    purchasing.perform_ok(id, &order(1, 10_000, "2025-12-02")).await?;
    for on in ["0001-01-01", "2025-12-01", "2026-03-03"] {
        let early = Action::RecordInvoice(invoice("No.1", 10_000, Some(1), on));
        let refused = refusal(&purchasing, id, &early).await?;
        assert_eq!(why(&refused), (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::DateOrder, "issued_on"), "{on}");
    }
    purchasing.perform_ok(id, &Action::RecordInvoice(invoice("No.1", 10_000, Some(1), "2025-12-02"))).await?;

    // Goods are expected at most a year after the event's last day.
    let expecting = |on: &str| {
        let line = OrderLine { item: "吊旗".into(), spec: String::new(), quantity: 20, unit_price: Fen(1_500) };
        Action::RecordOrder(RecordOrder { expected_on: Some(day(on)), ..order_of(vec![line], "2026-03-02") })
    };
    let refused = refusal(&purchasing, id, &expecting("2027-06-08")).await?;
    assert_eq!(why(&refused), (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::DateOrder, "expected_on"), "{refused}");
    let placed = purchasing.perform_ok(id, &expecting("2027-06-07")).await?;
    let money = placed.money.ok_or_else(|| anyhow::anyhow!("purchasing sees no money"))?;
    assert_eq!((money.committed_total, money.spent_total), (Fen(40_000), Fen(10_000)));

    // The bound's month in the report and its export.
    let december = CostQuery { from: "2025-12".into(), to: "2025-12".into() };
    let report = vp.ok::<GetCosts>(&[], &december, &()).await?;
    assert_eq!((report.committed_total, report.spent_total), (Fen(10_000), Fen(10_000)), "{report:?}");
    let csv = vp.download::<ExportCostsCsv>(&[], &december).await??;
    let mut reader = csv::Reader::from_reader(csv.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&csv));
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
    assert_eq!(rows.len(), 2, "the order and its invoice: {rows:?}");
    assert!(rows.iter().all(|row| &row[0] == "2025-12-02"), "{rows:?}");
    // Every month a report accepts holds every amount recorded; none before them.
    let everything = CostQuery { from: "2000-01".into(), to: "2100-12".into() };
    let report = vp.ok::<GetCosts>(&[], &everything, &()).await?;
    assert_eq!((report.committed_total, report.spent_total), (money.committed_total, money.spent_total));
    let before = CostQuery { from: "1999-12".into(), to: "2026-03".into() };
    let refused = vp.refused::<GetCosts>(&[], &before, &()).await?;
    assert_eq!((refused.status, refused.error.code), (StatusCode::BAD_REQUEST, RuleCode::InvalidMonth), "{refused}");
    Ok(())
}

/// The absurd amounts on a ¥20,000 budget (the center's 5 % takes orders to
/// ¥21,000): an order of nothing, an invoice of ¥1,000,000,000 with no order and a
/// ceiling of ¥1,000,000,000 are refused, each with its limit named. The VP approves up to
/// three times the budget and lowers the ceiling again, never below what is committed;
/// an invoice past its order's amount and the tolerance needs a reason, kept in the
/// history.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn absurd_amounts_are_refused_with_their_limits_named_and_the_vp_lowers_a_ceiling() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let event = (day("2026-06-01"), day("2026-06-07"));
    let id = store_campaign_at(&app, &world, "端午个性活动", event, Stage::Production).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    let vp = world.session(&app, Who::Vp).await?;

    let nothing = refusal(&purchasing, id, &order(198, 0, "2026-03-02")).await?;
    assert_eq!(why(&nothing), (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::AmountOutOfRange, "lines"), "{nothing}");
    let billion = Action::RecordInvoice(invoice("No.9", 100_000_000_000, None, "2026-03-02"));
    let refused_invoice = refusal(&purchasing, id, &billion).await?;
    assert_eq!(
        why(&refused_invoice),
        (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::AmountOutOfRange, "amount"),
        "{refused_invoice}"
    );
    assert!(refused_invoice.error.message_zh.contains("21,000.00"), "the limit is named: {refused_invoice}");
    let refused_ceiling = refusal(&vp, id, &overrun(100_000_000_000)).await?;
    assert_eq!(
        why(&refused_ceiling),
        (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::AmountOutOfRange, "ceiling"),
        "{refused_ceiling}"
    );
    assert!(refused_ceiling.error.message_zh.contains("60,000.00"), "three times the budget: {refused_ceiling}");
    let just_past = refusal(&vp, id, &overrun(6_000_001)).await?;
    assert_eq!(why(&just_past).1, RuleCode::AmountOutOfRange, "{just_past}");

    // Raised to the most, then lowered, never below what the orders commit.
    let raised = vp.perform_ok(id, &overrun(6_000_000)).await?;
    assert_eq!(raised.money.map(|m| m.ceiling), Some(Fen(6_000_000)));
    purchasing.perform_ok(id, &order(1, 3_000_000, "2026-03-02")).await?;
    let lowered = vp.perform_ok(id, &overrun(4_000_000)).await?;
    assert_eq!(lowered.money.map(|m| m.ceiling), Some(Fen(4_000_000)));
    let too_low = refusal(&vp, id, &overrun(2_999_999)).await?;
    assert_eq!(why(&too_low), (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::AmountOutOfRange, "ceiling"), "{too_low}");
    assert!(too_low.error.message_zh.contains("30,000.00"), "the floor is what is committed: {too_low}");
    let past_lowered = refusal(&purchasing, id, &order(1, 1_000_001, "2026-03-02")).await?;
    assert_eq!(why(&past_lowered).1, RuleCode::OverBudget, "the lowered ceiling holds: {past_lowered}");
    let detail = vp.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
    assert_eq!(offered(&detail, ActionKind::ApproveOverrun), Some((true, None)));

    // Invoiced up to the order and the 5 % without a word; past it, with a reason.
    purchasing.perform_ok(id, &Action::RecordInvoice(invoice("No.1", 3_150_000, Some(1), "2026-03-02"))).await?;
    let one_more = invoice("No.2", 1, Some(1), "2026-03-02");
    let unexplained = refusal(&purchasing, id, &Action::RecordInvoice(one_more.clone())).await?;
    assert_eq!(why(&unexplained), (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::Required, "reason"), "{unexplained}");
    assert!(unexplained.error.message_zh.contains("第1单"), "{unexplained}");
    let explained = RecordInvoice { reason: "供应商另收运费".into(), ..one_more };
    let billed = purchasing.perform_ok(id, &Action::RecordInvoice(explained)).await?;
    let entry = billed.campaign.history.last().ok_or_else(|| anyhow::anyhow!("no history"))?;
    assert!(entry.note.contains("供应商另收运费"), "the reason is kept: {:?}", entry.note);
    assert_eq!(billed.money.map(|m| m.spent_total), Some(Fen(3_150_001)));
    Ok(())
}
