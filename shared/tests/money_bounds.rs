//! The campaign's money at and past its bounds (issue 36): purchasing's own records never
//! keep it from its own stage work, the caps are sized to the campaign's stores and count
//! what is live (and the campaign's `actions` say what a full cap refuses), money is dated
//! where a report sees it, and amounts are what a finance person believes.
// A missing value must fail the test loudly, never become a default that lets it pass.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use shared::campaign::{
    Approval, Campaign, CampaignType, DeptTask, ENTRIES_PER_PERSON_MAX, ShippedItem, Stage, StoreConfirmation,
    StorePlan, TaskStatus,
};
use shared::costs::{OrderLine, SupplierKind};
use shared::ids::{CampaignId, PersonId, StoreId, UserId};
use shared::kpi::YearMonth;
use shared::money::Fen;
use shared::org::{Actor, Role};
use shared::plan::{BudgetLine, PlanDocument, PlanVersion};
use shared::workflow::{
    Action, ActionKind, ApproveOverrun, CancelOrder, Context, RecordInvoice, RecordOrder, RecordShipment, UpdateTask,
    apply, available_actions, cost_records_max,
};
use shared::{Calendar, RuleCode, Violation};

/// The campaign: a ¥65,000 budget (the center's 5 % takes orders to ¥68,250).
const BUDGET_FEN: i64 = 6_500_000;
const TOLERATED_FEN: i64 = 6_825_000;

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// The day the test campaigns were opened, and the day they are worked on.
fn today() -> NaiveDate {
    ymd(2026, 3, 2)
}

fn person(role: Role, n: u64) -> Actor {
    Actor { user: UserId(n), person: PersonId(n), name: format!("{role:?}"), role, store: None }
}

fn purchasing() -> Actor {
    person(Role::Purchasing, 7)
}

fn vp() -> Actor {
    person(Role::Vp, 9)
}

fn store_plan() -> StorePlan {
    StorePlan {
        starts_on: ymd(2026, 5, 1),
        ends_on: ymd(2026, 5, 5),
        policy: "满 5000 减 300".into(),
        materials: Vec::new(),
        gifts: Vec::new(),
        ship_on: ymd(2026, 4, 20),
    }
}

/// A holiday promotion for stores 1 to `stores`, opened today and running 1–5 May, its
/// plan approved and confirmed by every store: in production, where purchasing orders,
/// is invoiced and ships.
fn in_production(stores: u64) -> Campaign {
    let mut c = Campaign::blank(CampaignId(1), CampaignType::HolidayPromotion, today());
    c.title = "五一金饰节".into();
    c.stores = (1..=stores).map(StoreId).collect();
    c.starts_on = Some(ymd(2026, 5, 1));
    c.ends_on = Some(ymd(2026, 5, 5));
    let document = PlanDocument {
        theme: "金秋钻石节".into(),
        strategy: "满额赠礼".into(),
        implementation: "分三周推进".into(),
        forecast: "销售额提升两成".into(),
        budget: vec![BudgetLine { item: "物料".into(), amount: Fen(BUDGET_FEN) }],
        forecast_sales: None,
    };
    c.plan_versions.push(PlanVersion {
        number: 1,
        document,
        author: PersonId(2),
        author_name: "曹雪".into(),
        created_on: today(),
        note: String::new(),
    });
    c.approval = Some(Approval { by: PersonId(9), by_name: "张岱".into(), on: today(), plan_version: 1 });
    c.tasks = vec![DeptTask { department: Role::Purchasing, status: TaskStatus::Open, note: String::new() }];
    c.confirmations = c
        .stores
        .iter()
        .map(|s| StoreConfirmation { store: *s, plan: store_plan(), by: PersonId(100 + s.0), on: today() })
        .collect();
    c.stage = Stage::Production;
    c
}

/// What the desk knows at the moment of each action.
struct Desk {
    calendar: Calendar,
    templates: shared::schedule::Templates,
    today: NaiveDate,
}

impl Desk {
    fn new() -> Self {
        let templates = shared::schedule::Templates::defaults();
        Desk { calendar: Calendar::china_official(), templates, today: today() }
    }

    fn act(&self, c: &Campaign, action: impl Into<Action>, who: &Actor) -> Result<Campaign, Violation> {
        let ctx = Context {
            today: self.today,
            now_unix_ms: 1,
            calendar: &self.calendar,
            templates: &self.templates,
            tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
        };
        apply(c, action.into(), who, &ctx).map(|t| t.campaign)
    }

    /// Takes an action that must be accepted.
    fn ok(&self, c: &Campaign, action: impl Into<Action>, who: &Actor) -> Campaign {
        let action = action.into();
        let kind = action.kind();
        self.act(c, action, who).unwrap_or_else(|v| panic!("{kind:?} refused: {v:?}"))
    }

    /// Takes an action that must be refused: the first error's field and code, and the
    /// error itself.
    fn refused(&self, c: &Campaign, action: impl Into<Action>, who: &Actor) -> (String, RuleCode, Violation) {
        let action = action.into();
        let kind = action.kind();
        let Err(v) = self.act(c, action, who) else { panic!("{kind:?} accepted") };
        let first = v.errors.first().cloned().unwrap();
        (first.field, first.code, v)
    }
}

fn order_of(lines: Vec<OrderLine>, ordered_on: NaiveDate) -> RecordOrder {
    RecordOrder {
        supplier: "华印印务".into(),
        supplier_kind: SupplierKind::Printing,
        lines,
        stores: Vec::new(),
        budget_line: String::new(),
        ordered_on,
        expected_on: None,
    }
}

fn line(quantity: u32, unit_fen: i64) -> OrderLine {
    OrderLine { item: "海报".into(), spec: String::new(), quantity, unit_price: Fen(unit_fen) }
}

/// One poster at `fen`, ordered on `ordered_on`.
fn order(fen: i64, ordered_on: NaiveDate) -> RecordOrder {
    order_of(vec![line(1, fen)], ordered_on)
}

fn invoice(number: &str, fen: i64, order: Option<u32>) -> RecordInvoice {
    RecordInvoice {
        supplier: "华印印务".into(),
        invoice_no: number.into(),
        amount: Fen(fen),
        issued_on: today(),
        order,
        scan: None,
        reason: String::new(),
    }
}

fn shipment(store: u64) -> RecordShipment {
    RecordShipment {
        store: StoreId(store),
        items: vec![ShippedItem { item: "海报".into(), quantity: 2 }],
        shipped_on: today(),
        tracking: "SF1234567890".into(),
    }
}

/// Whether the campaign's `actions` offer `kind` to `who`: `None` when they do, or the
/// code of the reason they give.
fn offered(c: &Campaign, who: &Actor, kind: ActionKind) -> Option<RuleCode> {
    let check = available_actions(c, who, today()).into_iter().find(|a| a.kind == kind).unwrap();
    check.allowed.err().map(|v| v.code().unwrap())
}

// ---------------------------------------------------------------------------------------
// Item 2: the caps never lock the owners' own stage work.

#[test]
fn the_order_and_invoice_caps_are_sized_to_the_campaigns_stores() {
    let with = |stores: u64| cost_records_max(&in_production(stores));
    assert_eq!(with(1), 200);
    assert_eq!(with(66), 200, "three a store is 198: the floor holds");
    assert_eq!(with(67), 201);
    assert_eq!(with(75), 225, "the issue's 75 stores: a printing, a gifts and a goods order each");
    assert_eq!(with(200), 600);
}

#[test]
fn purchasings_flood_of_orders_never_keeps_it_from_shipping_to_every_store() {
    let desk = Desk::new();
    let mut c = in_production(80);
    let cap = cost_records_max(&c);
    assert_eq!(cap, 240);
    for _ in 0..cap {
        c = desk.ok(&c, order(1, today()), &purchasing());
    }
    // The cap is full: refused before any input is read, and the campaign's actions say
    // so while still offering the shipments and invoices.
    let (field, code, refused) = desk.refused(&c, order(1, today()), &purchasing());
    assert_eq!((field.as_str(), code), ("", RuleCode::TooMany));
    assert!(refused.errors[0].message_zh.contains("240"), "{refused:?}");
    assert_eq!(offered(&c, &purchasing(), ActionKind::RecordOrder), Some(RuleCode::TooMany));
    assert_eq!(offered(&c, &purchasing(), ActionKind::RecordShipment), None);
    assert_eq!(offered(&c, &purchasing(), ActionKind::RecordInvoice), None);
    for number in 1..=3u32 {
        c = desk.ok(&c, invoice(&format!("No.{number}"), 1, Some(number)), &purchasing());
    }
    // Every store's shipment, and a second box for one of them, after 243 money entries
    // of purchasing's own: none of it counts against the personal cap.
    for store in 1..=80 {
        c = desk.ok(&c, shipment(store), &purchasing());
    }
    assert_eq!(c.stage, Stage::Shipping, "every store shipped");
    c = desk.ok(&c, shipment(1), &purchasing());
    let own = c.history.iter().filter(|e| e.user == purchasing().user).count();
    assert!(own > ENTRIES_PER_PERSON_MAX, "{own} entries of purchasing's own, none refused");
    // What counts is what is live: a cancelled order frees its place.
    c = desk.ok(&c, CancelOrder { order: 240, reason: "重复下单".into() }, &purchasing());
    assert_eq!(offered(&c, &purchasing(), ActionKind::RecordOrder), None);
    desk.ok(&c, order(1, today()), &purchasing());
}

#[test]
fn a_cancel_and_place_again_loop_ends_at_twice_the_live_cap() {
    let desk = Desk::new();
    let mut c = in_production(1);
    let cap = cost_records_max(&c);
    for _ in 0..cap {
        c = desk.ok(&c, order(1, today()), &purchasing());
    }
    for number in 1..=u32::try_from(cap).unwrap() {
        c = desk.ok(&c, CancelOrder { order: number, reason: "改单".into() }, &purchasing());
        c = desk.ok(&c, order(1, today()), &purchasing());
    }
    assert_eq!(c.costs.orders.len(), 2 * cap);
    let live = u32::try_from(cap).unwrap() + 1;
    c = desk.ok(&c, CancelOrder { order: live, reason: "改单".into() }, &purchasing());
    let (field, code, refused) = desk.refused(&c, order(1, today()), &purchasing());
    assert_eq!((field.as_str(), code), ("", RuleCode::TooMany));
    assert!(refused.errors[0].message_zh.contains("含已撤销") && refused.errors[0].message_zh.contains("400"));
    assert_eq!(offered(&c, &purchasing(), ActionKind::RecordOrder), Some(RuleCode::TooMany));
}

#[test]
fn the_personal_cap_still_bounds_what_one_person_repeats_and_the_actions_say_so() {
    let desk = Desk::new();
    let mut c = in_production(2);
    let note =
        |i: usize| UpdateTask { department: Role::Purchasing, status: TaskStatus::InProgress, note: format!("{i}") };
    for i in 0..ENTRIES_PER_PERSON_MAX {
        c = desk.ok(&c, note(i), &purchasing());
    }
    let (field, code, _) = desk.refused(&c, note(0), &purchasing());
    assert_eq!((field.as_str(), code), ("", RuleCode::PersonalLimit));
    assert_eq!(offered(&c, &purchasing(), ActionKind::UpdateTask), Some(RuleCode::PersonalLimit));
    // Its own stage work goes on: orders and shipments are not what the cap bounds.
    assert_eq!(offered(&c, &purchasing(), ActionKind::RecordOrder), None);
    assert_eq!(offered(&c, &purchasing(), ActionKind::RecordShipment), None);
    c = desk.ok(&c, order(100, today()), &purchasing());
    c = desk.ok(&c, shipment(1), &purchasing());
    desk.ok(&c, shipment(2), &purchasing());
}

#[test]
fn shipments_to_one_store_stop_at_their_own_cap_and_the_actions_say_so() {
    let desk = Desk::new();
    let mut c = in_production(1);
    for _ in 0..shared::campaign::RECORDS_PER_STORE_MAX {
        c = desk.ok(&c, shipment(1), &purchasing());
    }
    let (field, code, _) = desk.refused(&c, shipment(1), &purchasing());
    assert_eq!((field.as_str(), code), ("store", RuleCode::TooMany));
    assert_eq!(offered(&c, &purchasing(), ActionKind::RecordShipment), Some(RuleCode::TooMany));
}

// ---------------------------------------------------------------------------------------
// Item 3: money is dated where a report sees it.

#[test]
fn money_dates_reach_from_a_quarter_before_the_opening_to_today() {
    let desk = Desk::new();
    let c = in_production(1);
    let earliest = ymd(2025, 12, 2);
    desk.ok(&c, order(100, earliest), &purchasing());
    desk.ok(&c, order(100, today()), &purchasing());
    for day in [ymd(2025, 12, 1), ymd(1999, 12, 31), ymd(1900, 1, 1), ymd(2026, 3, 3)] {
        let (field, code, refused) = desk.refused(&c, order(100, day), &purchasing());
        assert_eq!((field.as_str(), code), ("ordered_on", RuleCode::DateOrder), "{day}");
        let words = &refused.errors[0];
        assert!(words.message_zh.contains("2025年12月2日") && words.message_zh.contains("2026年3月2日"), "{words:?}");
        assert!(words.message_en.contains("2025-12-02") && words.message_en.contains("2026-03-02"), "{words:?}");
    }
    for day in [ymd(1, 1, 1), ymd(2025, 12, 1), ymd(2026, 3, 3)] {
        let dated = RecordInvoice { issued_on: day, ..invoice("No.1", 100, None) };
        let (field, code, _) = desk.refused(&c, dated, &purchasing());
        assert_eq!((field.as_str(), code), ("issued_on", RuleCode::DateOrder), "{day}");
    }
    desk.ok(&c, RecordInvoice { issued_on: earliest, ..invoice("No.1", 100, None) }, &purchasing());
}

#[test]
fn goods_are_expected_at_most_a_year_after_the_event() {
    let desk = Desk::new();
    let c = in_production(1);
    let expecting = |day: NaiveDate| RecordOrder { expected_on: Some(day), ..order(100, today()) };
    // The event's last day is 5 May 2026.
    desk.ok(&c, expecting(ymd(2027, 5, 5)), &purchasing());
    desk.ok(&c, expecting(today()), &purchasing());
    for day in [ymd(2027, 5, 6), ymd(2999, 1, 1), ymd(2026, 3, 1)] {
        let (field, code, _) = desk.refused(&c, expecting(day), &purchasing());
        assert_eq!((field.as_str(), code), ("expected_on", RuleCode::DateOrder), "{day}");
    }
}

#[test]
fn every_money_date_accepted_falls_in_a_month_the_reports_accept() {
    let desk = Desk::new();
    // Opened in the reports' first month: the quarter before it is not reachable.
    let mut c = in_production(1);
    c.requested_on = ymd(2000, 1, 10);
    desk.ok(&c, order(100, ymd(2000, 1, 1)), &purchasing());
    let (field, code, _) = desk.refused(&c, order(100, ymd(1999, 12, 31)), &purchasing());
    assert_eq!((field.as_str(), code), ("ordered_on", RuleCode::DateOrder));
    for opened in [ymd(2000, 1, 10), today()] {
        c.requested_on = opened;
        let mut day = ymd(1999, 6, 1);
        while day <= ymd(2026, 4, 1) {
            if desk.act(&c, order(100, day), &purchasing()).is_ok() {
                assert!(YearMonth::of(day).is_reportable(), "{day} accepted but no report shows it");
            }
            day = day.checked_add_days(chrono::Days::new(29)).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------
// Item 4: amounts a finance person believes.

#[test]
fn an_order_must_come_to_more_than_nothing() {
    let desk = Desk::new();
    let c = in_production(1);
    let (field, code, _) = desk.refused(&c, order_of(vec![line(198, 0)], today()), &purchasing());
    assert_eq!((field.as_str(), code), ("lines", RuleCode::AmountOutOfRange));
    // A free line beside a paid one is a purchase.
    desk.ok(&c, order_of(vec![line(10, 0), line(1, 1)], today()), &purchasing());
}

#[test]
fn an_invoice_is_at_most_what_the_campaign_may_spend_and_past_its_order_says_why() {
    let desk = Desk::new();
    let mut c = in_production(1);
    // ¥1,000,000,000 with no order: beyond anything the campaign may spend.
    let (field, code, refused) = desk.refused(&c, invoice("No.9", 100_000_000_000, None), &purchasing());
    assert_eq!((field.as_str(), code), ("amount", RuleCode::AmountOutOfRange));
    assert!(refused.errors[0].message_zh.contains("68,250.00"), "the limit is named: {refused:?}");
    let past = RecordInvoice { reason: "供应商多开".into(), ..invoice("No.9", TOLERATED_FEN + 1, None) };
    assert_eq!(desk.refused(&c, past, &purchasing()).1, RuleCode::AmountOutOfRange, "a reason does not lift it");
    assert_eq!(desk.refused(&c, invoice("No.9", 0, None), &purchasing()).1, RuleCode::AmountOutOfRange);

    // An order of ¥10,000 is invoiced up to its amount and the center's 5 % without a word.
    c = desk.ok(&c, order(1_000_000, today()), &purchasing());
    c = desk.ok(&c, invoice("No.1", 1_050_000, Some(1)), &purchasing());
    let one_more = invoice("No.2", 1, Some(1));
    let (field, code, refused) = desk.refused(&c, one_more.clone(), &purchasing());
    assert_eq!((field.as_str(), code), ("reason", RuleCode::Required));
    assert!(refused.errors[0].message_zh.contains("第1单") && refused.errors[0].message_zh.contains("10,500.00"));
    let said = RecordInvoice { reason: "运费另开".into(), ..one_more };
    c = desk.ok(&c, said, &purchasing());
    assert!(c.history.last().is_some_and(|e| e.note.contains("运费另开")), "the reason is in the history");

    // With no order, the campaign's invoices past its ceiling need a reason too.
    let (field, code, _) = desk.refused(&c, invoice("No.3", TOLERATED_FEN, None), &purchasing());
    assert_eq!((field.as_str(), code), ("reason", RuleCode::Required));
    desk.ok(&c, invoice("No.3", TOLERATED_FEN - 1_050_001, None), &purchasing());
}

#[test]
fn the_vp_raises_a_ceiling_at_most_threefold_and_lowers_it_to_what_is_committed() {
    let desk = Desk::new();
    let mut c = in_production(1);
    let ceiling_of = |c: &Campaign| shared::costs::money_of(c, shared::costs::DEFAULT_TOLERANCE_PERCENT).ceiling;
    let overrun = |fen: i64| ApproveOverrun { ceiling: Fen(fen), reason: "门店加订".into() };
    // ¥1,000,000,000 on a ¥65,000 budget: refused, the limit named.
    let (field, code, refused) = desk.refused(&c, overrun(100_000_000_000), &vp());
    assert_eq!((field.as_str(), code), ("ceiling", RuleCode::AmountOutOfRange));
    assert!(refused.errors[0].message_zh.contains("195,000.00"), "{refused:?}");
    assert_eq!(desk.refused(&c, overrun(3 * BUDGET_FEN + 1), &vp()).1, RuleCode::AmountOutOfRange);
    c = desk.ok(&c, overrun(3 * BUDGET_FEN), &vp());
    assert_eq!(ceiling_of(&c), Fen(3 * BUDGET_FEN));
    c = desk.ok(&c, order(10_000_000, today()), &purchasing());

    // Lowered: to any amount not below what the orders commit.
    c = desk.ok(&c, overrun(12_000_000), &vp());
    assert_eq!(ceiling_of(&c), Fen(12_000_000));
    let (field, code, refused) = desk.refused(&c, overrun(9_999_999), &vp());
    assert_eq!((field.as_str(), code), ("ceiling", RuleCode::AmountOutOfRange));
    assert!(refused.errors[0].message_zh.contains("100,000.00"), "the floor is named: {refused:?}");
    assert_eq!(desk.refused(&c, overrun(12_000_000), &vp()).1, RuleCode::NotReady, "the same ceiling again");
    c = desk.ok(&c, overrun(10_000_000), &vp());
    assert_eq!(desk.refused(&c, order(1, today()), &purchasing()).1, RuleCode::OverBudget);

    // Withdrawn: back to what the budget and the tolerance allow, never below it.
    c = desk.ok(&c, CancelOrder { order: 1, reason: "改为门店自采".into() }, &purchasing());
    assert_eq!(desk.refused(&c, overrun(TOLERATED_FEN - 1), &vp()).1, RuleCode::AmountOutOfRange);
    c = desk.ok(&c, overrun(TOLERATED_FEN), &vp());
    assert_eq!(ceiling_of(&c), Fen(TOLERATED_FEN));
    assert_eq!(offered(&c, &vp(), ActionKind::ApproveOverrun), None);
}
