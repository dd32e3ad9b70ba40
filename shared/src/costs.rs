//! The campaign's money: what purchasing ordered (采购下单) and what the suppliers
//! invoiced, against the budget of the plan the VP approved. Amounts are integer fen.
//!
//! An order counts against one line of the approved budget (or none); an invoice counts
//! where its order does. Committed is what the orders not cancelled come to; spent is what
//! was invoiced. Committing more than the budget allows (the center's tolerance above it,
//! or the ceiling the VP approved) is refused until the VP approves the overrun.
//!
//! The bounds a finance person expects, each named here: money is dated from a quarter
//! before the campaign was opened to today, inside the years a report reaches
//! ([`money_days`]); the VP's ceiling is at most three times the budget and may be lowered
//! to what is committed ([`overrun_range`]); an invoice is at most the campaign's ceiling,
//! and one that takes an order past its amount and the tolerance, or the campaign's
//! invoices past its ceiling, says why ([`invoice_allowance`]).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::campaign::Campaign;
use crate::ids::{AttachmentId, PersonId, StoreId, SupplierId};
use crate::messages::{FieldError, Message};
use crate::money::{Fen, MAX_AMOUNT_FEN};
use crate::org::{NAME_MAX_CHARS, TEXT_MAX_CHARS};
use crate::text::{Lines, check_text};

/// What a supplier provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SupplierKind {
    /// 印刷厂
    Printing,
    /// 赠品
    Gifts,
    /// 商品
    Goods,
    /// 视频制作
    Video,
    Other,
}

impl SupplierKind {
    pub const ALL: [SupplierKind; 5] =
        [SupplierKind::Printing, SupplierKind::Gifts, SupplierKind::Goods, SupplierKind::Video, SupplierKind::Other];

    pub fn name_zh(self) -> &'static str {
        match self {
            SupplierKind::Printing => "印刷",
            SupplierKind::Gifts => "赠品",
            SupplierKind::Goods => "商品",
            SupplierKind::Video => "视频制作",
            SupplierKind::Other => "其他",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            SupplierKind::Printing => "Printing",
            SupplierKind::Gifts => "Gifts",
            SupplierKind::Goods => "Goods",
            SupplierKind::Video => "Video production",
            SupplierKind::Other => "Other",
        }
    }
}

/// The most suppliers a region keeps (active or not): far above a center's real list,
/// there to bound the pick-list the order form carries.
pub const SUPPLIERS_MAX: usize = 2_000;

/// 供应商: someone the center orders from, on the list the administrator and purchasing
/// keep. An order copies the supplier's name and kind when it is placed, so what was
/// ordered from whom stays as it was when a supplier is renamed or retired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Supplier {
    /// Assigned by the server on creation (any value is ignored there).
    #[serde(default = "no_supplier")]
    pub id: SupplierId,
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 50)))]
    pub name: String,
    pub kind: SupplierKind,
    /// Who to call and how (联系人、电话).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(min = 0, max = 100)))]
    pub contact: String,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(min = 0, max = 2000)))]
    pub notes: String,
    /// Offered on the order form; a retired supplier stays on past orders.
    #[serde(default = "yes")]
    pub active: bool,
}

fn no_supplier() -> SupplierId {
    SupplierId(0)
}

fn yes() -> bool {
    true
}

impl Supplier {
    /// The rules a supplier's record keeps (its name's uniqueness is the server's check).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text("name", self.name.trim(), true, NAME_MAX_CHARS, Lines::One, &mut errors);
        check_text("contact", self.contact.trim(), false, NAME_MAX_CHARS * 2, Lines::One, &mut errors);
        check_text("notes", self.notes.trim(), false, TEXT_MAX_CHARS, Lines::Many, &mut errors);
        errors
    }

    /// Two names for the same supplier: equal once trimmed, ignoring letter case.
    pub fn same_name(a: &str, b: &str) -> bool {
        a.trim().to_lowercase() == b.trim().to_lowercase()
    }
}

/// The center's money rules the administrator sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MoneySettings {
    /// How far above a campaign's approved budget orders may go before the VP must
    /// approve, in percent of the budget (0–100).
    #[cfg_attr(feature = "schema", schemars(range(max = 100)))]
    pub tolerance_percent: u32,
}

impl Default for MoneySettings {
    fn default() -> Self {
        MoneySettings { tolerance_percent: DEFAULT_TOLERANCE_PERCENT }
    }
}

impl MoneySettings {
    pub fn validate(&self) -> Vec<FieldError> {
        if self.tolerance_percent > TOLERANCE_MAX_PERCENT {
            vec![FieldError::new("tolerance_percent", &Message::PercentOutOfRange { max: TOLERANCE_MAX_PERCENT })]
        } else {
            Vec::new()
        }
    }
}

/// One line of an order: so many of an item at a unit price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderLine {
    pub item: String,
    /// Size, material, finish (规格), free text.
    #[serde(default)]
    pub spec: String,
    pub quantity: u32,
    pub unit_price: Fen,
}

impl OrderLine {
    /// Quantity × unit price, or `None` past the largest amount a figure may hold.
    pub fn total(&self) -> Option<Fen> {
        let total = i128::from(self.quantity) * i128::from(self.unit_price.0);
        i64::try_from(total).ok().filter(|t| *t <= MAX_AMOUNT_FEN).map(Fen)
    }
}

/// An order cancelled, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cancellation {
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
    pub reason: String,
    pub by: PersonId,
}

/// 采购下单: what purchasing ordered from a supplier for the campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Order {
    /// 1, 2, … within the campaign.
    pub number: u32,
    pub supplier: String,
    pub supplier_kind: SupplierKind,
    pub lines: Vec<OrderLine>,
    /// The stores it is for (none: the campaign as a whole).
    pub stores: Vec<StoreId>,
    /// The approved budget line it counts against (its item); empty: none.
    pub budget_line: String,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub ordered_on: NaiveDate,
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub expected_on: Option<NaiveDate>,
    pub by: PersonId,
    pub cancelled: Option<Cancellation>,
}

impl Order {
    /// What its lines come to (saturating at the largest amount).
    pub fn total(&self) -> Fen {
        sum(self.lines.iter().map(|l| l.total().unwrap_or(Fen(MAX_AMOUNT_FEN))))
    }

    /// Counts towards what is committed: not cancelled.
    pub fn is_live(&self) -> bool {
        self.cancelled.is_none()
    }
}

/// 发票: what a supplier invoiced, matched to one of the campaign's orders where it can be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Invoice {
    pub number: u32,
    pub supplier: String,
    /// The invoice's own number (发票号码).
    pub invoice_no: String,
    pub amount: Fen,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub issued_on: NaiveDate,
    /// The order it bills (its number), if any.
    pub order: Option<u32>,
    /// The scan, an uploaded file.
    pub scan: Option<AttachmentId>,
    pub by: PersonId,
}

/// The VP's approval to commit more than the budget allows, up to `ceiling`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OverrunApproval {
    pub ceiling: Fen,
    pub reason: String,
    pub by: PersonId,
    pub by_name: String,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
}

/// A campaign's orders, invoices and the VP's overrun approvals, as one record.
#[derive(Debug, Default, Serialize, Deserialize)]
#[cfg_attr(not(feature = "lean"), derive(Clone, PartialEq, Eq))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Costs {
    pub orders: Vec<Order>,
    pub invoices: Vec<Invoice>,
    pub overruns: Vec<OverrunApproval>,
}

/// The store managers' build never holds a campaign's costs (`view` empties them and the
/// build does not read them), so it carries no code to copy or compare them: a copy is
/// empty, and two empty records are equal.
#[cfg(feature = "lean")]
impl Clone for Costs {
    fn clone(&self) -> Self {
        debug_assert!(self.is_empty(), "a store's build holds no costs");
        Costs::default()
    }
}

#[cfg(feature = "lean")]
impl PartialEq for Costs {
    fn eq(&self, other: &Self) -> bool {
        self.is_empty() && other.is_empty()
    }
}

#[cfg(feature = "lean")]
impl Eq for Costs {}

impl Costs {
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty() && self.invoices.is_empty() && self.overruns.is_empty()
    }

    pub fn order(&self, number: u32) -> Option<&Order> {
        self.orders.iter().find(|o| o.number == number)
    }
}

/// The center's tolerance until the administrator sets one: how far above the approved
/// budget orders may go before the VP must approve, in percent of the budget. The figure
/// in force travels in `workflow::Context` and in each campaign's [`Money`], so browser
/// and server check against the same one.
pub const DEFAULT_TOLERANCE_PERCENT: u32 = 5;

/// The highest tolerance the administrator may set: double the budget.
pub const TOLERANCE_MAX_PERCENT: u32 = 100;

/// What one store's share of the orders and invoices comes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StoreMoney {
    pub store: StoreId,
    pub committed: Fen,
    pub spent: Fen,
}

/// One budget line with what was committed and spent against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LineMoney {
    /// The budget line's item; empty for what no budget line names.
    pub item: String,
    pub budget: Fen,
    pub committed: Fen,
    pub spent: Fen,
}

/// A campaign's money at a glance: budget, committed and spent, in total and per line,
/// and how far the orders may go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Money {
    pub budget_total: Fen,
    pub committed_total: Fen,
    pub spent_total: Fen,
    /// Each budget line of the approved plan in order, then (when anything is not matched
    /// to one) a line with an empty item.
    pub lines: Vec<LineMoney>,
    /// What orders may commit in all: the budget and the tolerance, or the ceiling of the
    /// VP's latest overrun approval if higher ([`ceiling`]).
    pub ceiling: Fen,
    pub tolerance_percent: u32,
    /// Each of the campaign's stores with its share ([`per_store`]); empty for a campaign
    /// without stores.
    #[serde(default)]
    pub stores: Vec<StoreMoney>,
}

/// The sum of amounts, saturating at the largest amount a figure may hold.
pub fn sum(amounts: impl Iterator<Item = Fen>) -> Fen {
    Fen(amounts.fold(0i64, |total, a| total.saturating_add(a.0)).min(MAX_AMOUNT_FEN))
}

/// The budget lines orders count against: the approved plan version's (the latest
/// version's before approval).
pub fn budget_lines(campaign: &Campaign) -> Vec<crate::plan::BudgetLine> {
    let approved =
        campaign.approval.as_ref().and_then(|a| campaign.plan_versions.iter().find(|v| v.number == a.plan_version));
    approved.or(campaign.latest_plan()).map(|v| v.document.budget.clone()).unwrap_or_default()
}

/// `amount` plus `percent` of it, saturating at the largest amount a figure may hold.
pub fn with_percent(amount: Fen, percent: u32) -> Fen {
    let raised = i128::from(amount.0) * (100 + i128::from(percent)) / 100;
    Fen(i64::try_from(raised).unwrap_or(MAX_AMOUNT_FEN).min(MAX_AMOUNT_FEN))
}

/// What orders may commit in all under `tolerance_percent`: the budget plus the tolerance,
/// or the ceiling of the VP's latest approval when it is higher. A later approval replaces
/// an earlier one, so the VP lowers a ceiling by approving a lower one (never below what
/// the tolerance allows, nor below what is committed: `workflow::ApproveOverrun`).
pub fn ceiling(budget_total: Fen, costs: &Costs, tolerance_percent: u32) -> Fen {
    let tolerated = with_percent(budget_total, tolerance_percent);
    costs.overruns.last().map_or(tolerated, |o| o.ceiling.max(tolerated))
}

/// The highest ceiling the VP may approve, in percent of the approved budget: three times
/// the budget, above the highest tolerance ([`TOLERANCE_MAX_PERCENT`] gives double). A
/// campaign that needs more is a new plan, approved again.
pub const OVERRUN_CEILING_MAX_PERCENT: u32 = 300;

/// The range of ceilings the VP may approve now: from what the tolerance already allows or
/// what the orders already commit, whichever is more, to [`OVERRUN_CEILING_MAX_PERCENT`]
/// of the budget.
pub fn overrun_range(money: &Money) -> (Fen, Fen) {
    let tolerated = with_percent(money.budget_total, money.tolerance_percent);
    let most = i128::from(money.budget_total.0) * i128::from(OVERRUN_CEILING_MAX_PERCENT) / 100;
    let most = Fen(i64::try_from(most).unwrap_or(MAX_AMOUNT_FEN).min(MAX_AMOUNT_FEN));
    (tolerated.max(money.committed_total), most)
}

/// How far what is invoiced against one order may go before purchasing must say why: the
/// order's amount and the center's tolerance (carriage, a few pieces more).
pub fn invoice_allowance(order: &Order, tolerance_percent: u32) -> Fen {
    with_percent(order.total(), tolerance_percent)
}

/// What has been invoiced against order `number`.
pub fn invoiced_on(costs: &Costs, number: u32) -> Fen {
    sum(costs.invoices.iter().filter(|i| i.order == Some(number)).map(|i| i.amount))
}

/// How long before a campaign was opened its orders and invoices may be dated: purchasing
/// may record an order it placed for the campaign (by phone, for a rush) before the
/// campaign was entered.
pub const MONEY_DAYS_BEFORE_OPENING_MAX: u64 = 90;

/// How long after the event (or after the order, if later) an order's goods may be
/// expected.
pub const EXPECTED_DAYS_AFTER_EVENT_MAX: u64 = 365;

/// The days an order or an invoice of a campaign opened on `opened_on` (its
/// `requested_on`) may be dated on `today`: from [`MONEY_DAYS_BEFORE_OPENING_MAX`] days
/// before the opening to today, and always inside the years a report can reach
/// (`clock::FIRST_YEAR`–`LAST_YEAR`), so that every amount recorded is in the costs report
/// of its month.
pub fn money_days(opened_on: NaiveDate, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let before = opened_on.checked_sub_days(Days::new(MONEY_DAYS_BEFORE_OPENING_MAX));
    let earliest = before.unwrap_or(NaiveDate::MIN).max(crate::clock::first_day());
    let latest = today.min(crate::clock::last_day());
    (earliest, latest)
}

/// The day a campaign's event is over, for what comes after it: its last day; its first,
/// or its due day, when it has no last.
pub fn event_day(campaign: &Campaign) -> Option<NaiveDate> {
    campaign.ends_on.or(campaign.starts_on).or(campaign.due_on)
}

/// The latest day an order placed on `ordered_on` may expect its goods: a year
/// ([`EXPECTED_DAYS_AFTER_EVENT_MAX`]) after the campaign's event ([`event_day`]), or after
/// the order when that is later.
pub fn latest_expected_day(event: Option<NaiveDate>, ordered_on: NaiveDate) -> NaiveDate {
    event
        .map_or(ordered_on, |e| e.max(ordered_on))
        .checked_add_days(Days::new(EXPECTED_DAYS_AFTER_EVENT_MAX))
        .unwrap_or(NaiveDate::MAX)
        .min(crate::clock::last_day())
}

/// The campaign's money: totals, per line, per store, and the ceiling.
pub fn money_of(campaign: &Campaign, tolerance_percent: u32) -> Money {
    Money {
        stores: per_store(&campaign.costs, &campaign.stores),
        ..money(&budget_lines(campaign), &campaign.costs, tolerance_percent)
    }
}

/// `amount` divided among `shares` parts as equally as fen allow (the first parts take
/// the odd fen), so the parts always add up to the whole.
fn divide(amount: Fen, shares: usize) -> impl Iterator<Item = Fen> {
    let parts = i64::try_from(shares.max(1)).unwrap_or(i64::MAX);
    let (each, odd) = (amount.0 / parts, amount.0 % parts);
    (0..parts).map(move |i| Fen(each + i64::from(i < odd)))
}

/// Each store's share: an order for named stores is divided equally among them, one for
/// the campaign as a whole among all `stores`; an invoice counts where its order does
/// (one that bills no order, as the campaign as a whole). With stores, the shares add up
/// to the committed and spent totals.
pub fn per_store(costs: &Costs, stores: &[StoreId]) -> Vec<StoreMoney> {
    let mut rows: Vec<StoreMoney> =
        stores.iter().map(|s| StoreMoney { store: *s, committed: Fen(0), spent: Fen(0) }).collect();
    if rows.is_empty() {
        return rows;
    }
    let mut share = |named: &[StoreId], amount: Fen, spent: bool| {
        let targets: Vec<StoreId> = if named.is_empty() { stores.to_vec() } else { named.to_vec() };
        for (store, part) in targets.iter().zip(divide(amount, targets.len())) {
            let at = match rows.iter().position(|r| r.store == *store) {
                Some(at) => at,
                None => {
                    rows.push(StoreMoney { store: *store, committed: Fen(0), spent: Fen(0) });
                    rows.len() - 1
                }
            };
            let target = if spent { &mut rows[at].spent } else { &mut rows[at].committed };
            *target = sum([*target, part].into_iter());
        }
    };
    for order in costs.orders.iter().filter(|o| o.is_live()) {
        share(&order.stores, order.total(), false);
    }
    for invoice in &costs.invoices {
        let named = invoice.order.and_then(|n| costs.order(n)).map(|o| o.stores.clone()).unwrap_or_default();
        share(&named, invoice.amount, true);
    }
    rows
}

/// [`money_of`] from its parts.
pub fn money(budget: &[crate::plan::BudgetLine], costs: &Costs, tolerance_percent: u32) -> Money {
    let mut lines: Vec<LineMoney> = budget
        .iter()
        .map(|b| LineMoney { item: b.item.clone(), budget: b.amount, committed: Fen(0), spent: Fen(0) })
        .collect();
    let mut unmatched = LineMoney { item: String::new(), budget: Fen(0), committed: Fen(0), spent: Fen(0) };
    let line_of = |item: &str| -> usize {
        match lines.iter().position(|l| !item.is_empty() && l.item == item) {
            Some(i) => i,
            None => usize::MAX,
        }
    };
    let add = |target: &mut Fen, amount: Fen| *target = sum([*target, amount].into_iter());
    let mut committed_by_line = vec![Fen(0); budget.len()];
    let mut spent_by_line = vec![Fen(0); budget.len()];
    for order in costs.orders.iter().filter(|o| o.is_live()) {
        match line_of(&order.budget_line) {
            usize::MAX => add(&mut unmatched.committed, order.total()),
            i => add(&mut committed_by_line[i], order.total()),
        }
    }
    for invoice in &costs.invoices {
        let item = invoice.order.and_then(|n| costs.order(n)).map(|o| o.budget_line.clone()).unwrap_or_default();
        match line_of(&item) {
            usize::MAX => add(&mut unmatched.spent, invoice.amount),
            i => add(&mut spent_by_line[i], invoice.amount),
        }
    }
    for (i, line) in lines.iter_mut().enumerate() {
        line.committed = committed_by_line[i];
        line.spent = spent_by_line[i];
    }
    if unmatched.committed.0 != 0 || unmatched.spent.0 != 0 {
        lines.push(unmatched);
    }
    let budget_total = sum(lines.iter().map(|l| l.budget));
    Money {
        budget_total,
        committed_total: sum(lines.iter().map(|l| l.committed)),
        spent_total: sum(lines.iter().map(|l| l.spent)),
        ceiling: ceiling(budget_total, costs, tolerance_percent),
        tolerance_percent,
        lines,
        stores: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::plan::BudgetLine;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    fn order(number: u32, line: &str, quantity: u32, unit: i64, cancelled: bool) -> Order {
        Order {
            number,
            supplier: "华印".into(),
            supplier_kind: SupplierKind::Printing,
            lines: vec![OrderLine { item: "海报".into(), spec: String::new(), quantity, unit_price: Fen(unit) }],
            stores: Vec::new(),
            budget_line: line.into(),
            ordered_on: day(),
            expected_on: None,
            by: PersonId(1),
            cancelled: cancelled.then(|| Cancellation { on: day(), reason: "改单".into(), by: PersonId(1) }),
        }
    }

    fn budget() -> Vec<BudgetLine> {
        vec![
            BudgetLine { item: "物料".into(), amount: Fen(500_000) },
            BudgetLine { item: "赠品".into(), amount: Fen(300_000) },
        ]
    }

    #[test]
    fn orders_and_invoices_count_where_their_line_says() {
        let costs = Costs {
            orders: vec![
                order(1, "物料", 100, 3_000, false),
                order(2, "赠品", 10, 5_000, true),
                order(3, "", 1, 7_00, false),
            ],
            invoices: vec![Invoice {
                number: 1,
                supplier: "华印".into(),
                invoice_no: "No.0001".into(),
                amount: Fen(250_000),
                issued_on: day(),
                order: Some(1),
                scan: None,
                by: PersonId(1),
            }],
            overruns: Vec::new(),
        };
        let money = money(&budget(), &costs, 5);
        assert_eq!(money.budget_total, Fen(800_000));
        assert_eq!(money.committed_total, Fen(300_700), "the cancelled order does not count");
        assert_eq!(money.spent_total, Fen(250_000));
        assert_eq!(money.lines.len(), 3);
        assert_eq!((money.lines[0].committed, money.lines[0].spent), (Fen(300_000), Fen(250_000)));
        assert_eq!(money.lines[1].committed, Fen(0));
        assert_eq!((money.lines[2].item.as_str(), money.lines[2].committed), ("", Fen(700)));
        assert_eq!(money.ceiling, Fen(840_000));
    }

    #[test]
    fn a_store_takes_its_share_of_what_was_ordered_for_it() {
        let mut for_two = order(1, "物料", 1, 1_001, false);
        for_two.stores = vec![StoreId(2), StoreId(3)];
        let whole = order(2, "", 1, 300, false);
        let costs = Costs {
            orders: vec![for_two, whole],
            invoices: vec![Invoice {
                number: 1,
                supplier: "华印".into(),
                invoice_no: "1".into(),
                amount: Fen(1_000),
                issued_on: day(),
                order: Some(1),
                scan: None,
                by: PersonId(1),
            }],
            overruns: Vec::new(),
        };
        let shares = per_store(&costs, &[StoreId(1), StoreId(2), StoreId(3)]);
        let figures: Vec<(u64, i64, i64)> = shares.iter().map(|s| (s.store.0, s.committed.0, s.spent.0)).collect();
        assert_eq!(figures, vec![(1, 100, 0), (2, 601, 500), (3, 600, 500)]);
        assert!(per_store(&costs, &[]).is_empty(), "a campaign without stores has no shares");
    }

    #[test]
    fn the_tolerance_is_a_percentage_the_administrator_keeps_in_range() {
        assert!(MoneySettings::default().validate().is_empty());
        assert!(MoneySettings { tolerance_percent: 100 }.validate().is_empty());
        let errors = MoneySettings { tolerance_percent: 101 }.validate();
        assert_eq!(errors.first().map(|e| e.field.as_str()), Some("tolerance_percent"));
    }

    #[test]
    fn a_supplier_needs_a_name_and_is_the_same_whatever_the_case() {
        let mut supplier = Supplier {
            id: SupplierId(1),
            name: " ".into(),
            kind: SupplierKind::Printing,
            contact: String::new(),
            notes: String::new(),
            active: true,
        };
        assert_eq!(supplier.validate().first().map(|e| e.field.as_str()), Some("name"));
        supplier.name = "华印".into();
        assert!(supplier.validate().is_empty());
        assert!(Supplier::same_name(" ABC印务 ", "abc印务"));
    }

    #[test]
    fn the_vps_approved_ceiling_raises_what_orders_may_commit() {
        let mut costs = Costs::default();
        assert_eq!(ceiling(Fen(100_000), &costs, 0), Fen(100_000));
        costs.overruns.push(OverrunApproval {
            ceiling: Fen(150_000),
            reason: "加印".into(),
            by: PersonId(9),
            by_name: "副总".into(),
            on: day(),
        });
        assert_eq!(ceiling(Fen(100_000), &costs, 10), Fen(150_000));
        assert_eq!(ceiling(Fen(200_000), &costs, 10), Fen(220_000), "never below what the tolerance allows");
        // The VP's later approval replaces the earlier one: a ceiling is lowered that way.
        let approval = |fen: i64| OverrunApproval {
            ceiling: Fen(fen),
            reason: "调整".into(),
            by: PersonId(9),
            by_name: "副总".into(),
            on: day(),
        };
        costs.overruns.push(approval(300_000));
        costs.overruns.push(approval(120_000));
        assert_eq!(ceiling(Fen(100_000), &costs, 10), Fen(120_000), "the latest approval is the ceiling");
    }

    #[test]
    fn money_dates_reach_back_a_quarter_before_the_opening_and_stay_in_the_reports_years() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(money_days(day(), day()), (ymd(2025, 12, 2), day()));
        assert_eq!(money_days(ymd(2000, 2, 1), day()).0, crate::clock::first_day(), "never before 2000-01");
        assert_eq!(money_days(day(), ymd(2200, 1, 1)).1, crate::clock::last_day(), "nor after 2100-12");
        assert_eq!(latest_expected_day(Some(ymd(2026, 6, 7)), day()), ymd(2027, 6, 7));
        assert_eq!(latest_expected_day(None, day()), ymd(2027, 3, 2), "a year after the order");
        assert_eq!(latest_expected_day(Some(ymd(2026, 1, 1)), day()), ymd(2027, 3, 2));
        assert_eq!(latest_expected_day(Some(ymd(2100, 6, 1)), ymd(2100, 6, 1)), crate::clock::last_day());
    }

    proptest! {
        /// Totals equal the sum of their lines, and neither depends on the order in which
        /// orders, cancellations and invoices were recorded.
        #[test]
        fn totals_are_the_sum_of_their_lines_in_any_order(
            orders in proptest::collection::vec((0usize..3, 1u32..500, 0i64..100_000, any::<bool>()), 0..12),
            invoices in proptest::collection::vec((0usize..13, 0i64..1_000_000), 0..12),
            seed in any::<u64>(),
        ) {
            let names = ["物料", "赠品", ""];
            let mut costs = Costs::default();
            for (i, (line, quantity, unit, cancelled)) in orders.iter().enumerate() {
                costs.orders.push(order(i as u32 + 1, names[*line], *quantity, *unit, *cancelled));
            }
            for (i, (to, amount)) in invoices.iter().enumerate() {
                costs.invoices.push(Invoice {
                    number: i as u32 + 1,
                    supplier: "华印".into(),
                    invoice_no: format!("No.{i}"),
                    amount: Fen(*amount),
                    issued_on: day(),
                    order: (*to < orders.len()).then_some(*to as u32 + 1),
                    scan: None,
                    by: PersonId(1),
                });
            }
            let money = money(&budget(), &costs, 5);
            prop_assert_eq!(money.committed_total, sum(money.lines.iter().map(|l| l.committed)));
            prop_assert_eq!(money.spent_total, sum(money.lines.iter().map(|l| l.spent)));
            let live: i64 = orders.iter().filter(|o| !o.3).map(|o| i64::from(o.1) * o.2).sum();
            prop_assert_eq!(money.committed_total, Fen(live));
            prop_assert_eq!(money.spent_total, Fen(invoices.iter().map(|i| i.1).sum()));
            // Shared among three stores, the shares add up to the totals.
            let stores = [StoreId(1), StoreId(2), StoreId(3)];
            let shares = per_store(&costs, &stores);
            prop_assert_eq!(sum(shares.iter().map(|s| s.committed)), money.committed_total);
            prop_assert_eq!(sum(shares.iter().map(|s| s.spent)), money.spent_total);
            // Shuffled: the same money.
            let mut shuffled = costs.clone();
            let mut state = seed | 1;
            for i in (1..shuffled.orders.len()).rev() {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17;
                shuffled.orders.swap(i, (state % (i as u64 + 1)) as usize);
            }
            shuffled.invoices.reverse();
            prop_assert_eq!(super::money(&budget(), &shuffled, 5), money);
        }
    }
}
