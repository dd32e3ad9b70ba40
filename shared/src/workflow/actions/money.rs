//! The campaign's money (`crate::costs`): purchasing records what it ordered and what the
//! suppliers invoiced; the VP approves committing more than the budget allows. None of it
//! moves the campaign's stage, and none of it is a store's business.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::campaign::{Campaign, CampaignType, Stage};
use crate::costs::{Cancellation, Invoice, Order, OrderLine, OverrunApproval, SupplierKind};
use crate::ids::{AttachmentId, StoreId};
use crate::messages::{FieldError, Message};
use crate::money::{Fen, MAX_AMOUNT_FEN};
use crate::org::{Actor, Role};
use crate::workflow::input::{
    ITEMS_MAX, NOTE_MAX_CHARS, check_count, check_quantity, optional_line, optional_text, required_line, required_text,
};
use crate::workflow::{Act, ActionKind, Applied, Context, Violation, ViolationKind, Words};

/// The fewest live orders, and invoices, any campaign may hold; and the VP's overrun
/// approvals a campaign may hold.
pub const COST_RECORDS_MAX: usize = 200;
/// Live orders, and invoices, a campaign may hold for each of its stores when that is more
/// than [`COST_RECORDS_MAX`]: a printing, a gifts and a goods order for every store.
pub const COST_RECORDS_PER_STORE: usize = 3;
/// Orders in all, cancelled ones with them, as a multiple of the live orders' cap: a
/// changed order is cancelled and placed again, and that loop ends.
pub const ORDERS_IN_ALL_FACTOR: usize = 2;

/// How many live (not cancelled) orders, and how many invoices, `campaign` may hold: sized
/// to its stores, so purchasing's own records never run out on a large campaign.
pub fn cost_records_max(campaign: &Campaign) -> usize {
    COST_RECORDS_MAX.max(COST_RECORDS_PER_STORE.saturating_mul(campaign.stores.len()))
}

/// A record cap reached: the action is refused before its input is read, and the
/// campaign's `actions` say so.
fn full(what_zh: &'static str, what_en: &'static str, max_items: usize) -> Violation {
    Violation::one(ViolationKind::Invalid, "", &Message::CampaignFull { what_zh, what_en, max_items })
}

/// A money date inside the days it may be ([`crate::costs::money_days`]).
fn check_money_day(field: &str, c: &Campaign, day: NaiveDate, today: NaiveDate, errors: &mut Vec<FieldError>) {
    let (earliest, latest) = crate::costs::money_days(c.requested_on, today);
    if !(earliest..=latest).contains(&day) {
        errors.push(FieldError::new(field, &Message::DateOutOfRange { earliest, latest }));
    }
}

/// From the VP's approval until the campaign's end: orders are placed once the plan is
/// approved, and invoices arrive until after the event.
const ORDER_STAGES: &[Stage] =
    &[Stage::StoreConfirmation, Stage::Production, Stage::Shipping, Stage::Execution, Stage::Summary, Stage::Rating];
/// Invoices too: a closed campaign takes no more actions (the workflow's rule), so the
/// last invoices are recorded while the stores rate.
const INVOICE_STAGES: &[Stage] = ORDER_STAGES;

/// Campaigns that buy things: every type with a production stage (not an annual plan).
fn buys(c: &Campaign) -> bool {
    crate::workflow::gates::campaign_stages(c).contains(&Stage::Production)
}

fn amount_in_range(field: &str, amount: Fen, errors: &mut Vec<FieldError>) {
    if amount.0 < 0 || amount.0 > MAX_AMOUNT_FEN {
        errors.push(FieldError::new(field, &Message::AmountOutOfRange));
    }
}

fn next_number(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX).saturating_add(1)
}

/// 采购下单: what purchasing ordered from a supplier, counted against a budget line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordOrder {
    pub supplier: String,
    pub supplier_kind: SupplierKind,
    pub lines: Vec<OrderLine>,
    /// The stores it is for; none: the campaign as a whole.
    #[serde(default)]
    pub stores: Vec<StoreId>,
    /// The approved budget line's item it counts against; empty: none.
    #[serde(default)]
    pub budget_line: String,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub ordered_on: NaiveDate,
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub expected_on: Option<NaiveDate>,
}

impl RecordOrder {
    /// What the order comes to, if every line is in range.
    pub fn total(&self) -> Option<Fen> {
        self.lines.iter().try_fold(Fen(0), |total, line| total.checked_add(line.total()?))
    }
}

impl Act for RecordOrder {
    const KIND: ActionKind = ActionKind::RecordOrder;
    const WORDS: Words =
        Words { zh: "采购下单", en: "placed an order", done_zh: "已登记下单", done_en: "Order recorded" };
    const STAGES: &'static [Stage] = ORDER_STAGES;
    const PER_STORE: bool = false;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Purchasing]
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(c: &Campaign) -> bool {
        buys(c)
    }
    /// Live orders up to [`cost_records_max`]; all orders, cancelled ones too, up to
    /// [`ORDERS_IN_ALL_FACTOR`] times that.
    fn check_state(c: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        let live_max = cost_records_max(c);
        if c.costs.orders.iter().filter(|o| o.is_live()).count() >= live_max {
            return Err(full("本活动未撤销的订单", "orders not cancelled on this campaign", live_max));
        }
        let all_max = live_max.saturating_mul(ORDERS_IN_ALL_FACTOR);
        if c.costs.orders.len() >= all_max {
            return Err(full(
                "本活动的订单（含已撤销的）",
                "orders on this campaign, cancelled ones included",
                all_max,
            ));
        }
        Ok(())
    }
    fn store(&self) -> Option<StoreId> {
        None
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    fn check_input(&self, c: &Campaign, _: &Actor, ctx: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        required_line("supplier", &self.supplier, &mut errors);
        if self.lines.is_empty() {
            errors.push(FieldError::new("lines", &Message::Required));
        }
        check_count("lines", &self.lines, ITEMS_MAX, &mut errors);
        for (i, line) in self.lines.iter().enumerate() {
            required_line(&format!("lines[{i}].item"), &line.item, &mut errors);
            optional_line(&format!("lines[{i}].spec"), &line.spec, &mut errors);
            check_quantity(format!("lines[{i}].quantity"), line.quantity, &mut errors);
            amount_in_range(&format!("lines[{i}].unit_price"), line.unit_price, &mut errors);
            if line.unit_price.0 >= 0 && line.total().is_none() {
                errors.push(FieldError::new(format!("lines[{i}].unit_price"), &Message::AmountOutOfRange));
            }
        }
        for (i, store) in self.stores.iter().enumerate() {
            if !c.has_store(*store) {
                errors.push(FieldError::new(format!("stores[{i}]"), &Message::StoreScope));
            }
        }
        let budget = crate::costs::budget_lines(c);
        if !self.budget_line.is_empty() && !budget.iter().any(|b| b.item == self.budget_line) {
            errors.push(FieldError::new("budget_line", &Message::NotFound));
        }
        check_money_day("ordered_on", c, self.ordered_on, ctx.today, &mut errors);
        if let Some(expected_on) = self.expected_on {
            let latest = crate::costs::latest_expected_day(crate::costs::event_day(c), self.ordered_on);
            if expected_on < self.ordered_on {
                errors.push(FieldError::new(
                    "expected_on",
                    &Message::DateOrder { earlier_zh: "下单日期", earlier_en: "the order date" },
                ));
            } else if expected_on > latest {
                errors.push(FieldError::new(
                    "expected_on",
                    &Message::DateOutOfRange { earliest: self.ordered_on, latest },
                ));
            }
        }
        // Within what the budget allows (the center's tolerance, or the VP's ceiling); and
        // a purchase: an order that comes to nothing is no order (a free line beside paid
        // ones is).
        if errors.is_empty()
            && let Some(total) = self.total()
        {
            let money = crate::costs::money_of(c, ctx.tolerance_percent);
            let committed = crate::costs::sum([money.committed_total, total].into_iter());
            if total.0 <= 0 {
                errors.push(FieldError::new("lines", &Message::AmountBetween { min: Fen(1), max: money.ceiling }));
            } else if committed > money.ceiling {
                errors.push(FieldError::new("lines", &Message::OverBudget { committed, ceiling: money.ceiling }));
            }
        }
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, _: &Context<'_>) -> Applied {
        let total = self.total().unwrap_or_default();
        let note = format!("{} {}", self.supplier, total);
        c.costs.orders.push(Order {
            number: next_number(c.costs.orders.len()),
            supplier: self.supplier,
            supplier_kind: self.supplier_kind,
            lines: self.lines,
            stores: self.stores,
            budget_line: self.budget_line,
            ordered_on: self.ordered_on,
            expected_on: self.expected_on,
            by: actor.person,
            cancelled: None,
        });
        note.into()
    }
}

/// An order withdrawn (changed orders are cancelled and placed again), with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CancelOrder {
    pub order: u32,
    pub reason: String,
}

impl Act for CancelOrder {
    const KIND: ActionKind = ActionKind::CancelOrder;
    const WORDS: Words =
        Words { zh: "撤销订单", en: "cancelled an order", done_zh: "订单已撤销", done_en: "Order cancelled" };
    const STAGES: &'static [Stage] = ORDER_STAGES;
    const PER_STORE: bool = false;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Purchasing]
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(c: &Campaign) -> bool {
        buys(c)
    }
    fn check_state(_: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        Ok(())
    }
    fn store(&self) -> Option<StoreId> {
        None
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    fn check_input(&self, c: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        match c.costs.order(self.order) {
            None => errors.push(FieldError::new("order", &Message::NotFound)),
            Some(order) if !order.is_live() => errors.push(FieldError::new("order", &Message::AlreadyDone)),
            Some(_) => {}
        }
        if c.costs.invoices.iter().any(|i| i.order == Some(self.order)) {
            errors.push(FieldError::new(
                "order",
                &Message::NotReady {
                    what_zh: "这张订单已有发票，不能撤销",
                    what_en: "this order has been invoiced; it cannot be cancelled",
                },
            ));
        }
        required_text("reason", &self.reason, NOTE_MAX_CHARS, &mut errors);
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
        if let Some(order) = c.costs.orders.iter_mut().find(|o| o.number == self.order) {
            order.cancelled = Some(Cancellation { on: ctx.today, reason: self.reason.clone(), by: actor.person });
        }
        self.reason.into()
    }
}

/// 发票: what a supplier invoiced, matched to an order where it bills one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordInvoice {
    pub supplier: String,
    pub invoice_no: String,
    pub amount: Fen,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub issued_on: NaiveDate,
    /// The order it bills, if any.
    #[serde(default)]
    pub order: Option<u32>,
    /// The scan, uploaded first.
    #[serde(default)]
    pub scan: Option<AttachmentId>,
    /// Why it bills more than its order and the center's tolerance allow, or takes the
    /// campaign's invoices past its ceiling (required then); kept in the history.
    #[serde(default)]
    pub reason: String,
}

impl Act for RecordInvoice {
    const KIND: ActionKind = ActionKind::RecordInvoice;
    const WORDS: Words =
        Words {
            zh: "登记发票", en: "recorded an invoice", done_zh: "已登记发票", done_en: "Invoice recorded"
        };
    const STAGES: &'static [Stage] = INVOICE_STAGES;
    const PER_STORE: bool = false;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Purchasing]
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(c: &Campaign) -> bool {
        buys(c)
    }
    /// Invoices up to [`cost_records_max`].
    fn check_state(c: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        let max_items = cost_records_max(c);
        if c.costs.invoices.len() >= max_items {
            return Err(full("本活动的发票", "invoices on this campaign", max_items));
        }
        Ok(())
    }
    fn store(&self) -> Option<StoreId> {
        None
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        self.scan.map(|f| ("scan", f)).into_iter().collect()
    }
    /// An invoice is at most the campaign's ceiling (no supplier bills one campaign more
    /// than it may spend in all); past its order's amount and the tolerance, or past the
    /// ceiling with the campaign's other invoices, it needs a reason.
    fn check_input(&self, c: &Campaign, _: &Actor, ctx: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        required_line("supplier", &self.supplier, &mut errors);
        required_line("invoice_no", &self.invoice_no, &mut errors);
        optional_text("reason", &self.reason, NOTE_MAX_CHARS, &mut errors);
        let money = crate::costs::money_of(c, ctx.tolerance_percent);
        if !(Fen(1)..=money.ceiling).contains(&self.amount) {
            errors.push(FieldError::new("amount", &Message::AmountBetween { min: Fen(1), max: money.ceiling }));
        }
        check_money_day("issued_on", c, self.issued_on, ctx.today, &mut errors);
        let mut order_allows = None;
        if let Some(number) = self.order {
            match c.costs.order(number) {
                None => errors.push(FieldError::new("order", &Message::NotFound)),
                Some(order) if !order.is_live() => errors.push(FieldError::new(
                    "order",
                    &Message::NotReady { what_zh: "这张订单已撤销", what_en: "this order was cancelled" },
                )),
                Some(order) => {
                    order_allows = Some((number, crate::costs::invoice_allowance(order, ctx.tolerance_percent)));
                }
            }
        }
        let same =
            |i: &&Invoice| i.supplier.trim() == self.supplier.trim() && i.invoice_no.trim() == self.invoice_no.trim();
        if c.costs.invoices.iter().any(|i| same(&i)) {
            errors.push(FieldError::new("invoice_no", &Message::AlreadyDone));
        }
        // Said once the rest is right, so a mistyped invoice is not also asked for a reason.
        if errors.is_empty() && self.reason.trim().is_empty() {
            let order_past = order_allows.and_then(|(number, allowed)| {
                let before = crate::costs::invoiced_on(&c.costs, number);
                let invoiced = crate::costs::sum([before, self.amount].into_iter());
                (invoiced > allowed).then_some(Message::InvoiceNeedsReason { invoiced, allowed, order: Some(number) })
            });
            let spent = crate::costs::sum([money.spent_total, self.amount].into_iter());
            let campaign_past = (spent > money.ceiling).then_some(Message::InvoiceNeedsReason {
                invoiced: spent,
                allowed: money.ceiling,
                order: None,
            });
            if let Some(message) = order_past.or(campaign_past) {
                errors.push(FieldError::new("reason", &message));
            }
        }
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, _: &Context<'_>) -> Applied {
        let mut note = format!("{} {} {}", self.supplier, self.invoice_no, self.amount);
        if !self.reason.trim().is_empty() {
            note = format!("{note}：{}", self.reason.trim());
        }
        c.costs.invoices.push(Invoice {
            number: next_number(c.costs.invoices.len()),
            supplier: self.supplier,
            invoice_no: self.invoice_no,
            amount: self.amount,
            issued_on: self.issued_on,
            order: self.order,
            scan: self.scan,
            by: actor.person,
        });
        note.into()
    }
}

/// 超支审批: the VP lets orders commit up to `ceiling`, above what the budget allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ApproveOverrun {
    pub ceiling: Fen,
    pub reason: String,
}

impl Act for ApproveOverrun {
    const KIND: ActionKind = ActionKind::ApproveOverrun;
    const WORDS: Words =
        Words {
            zh: "批准超支", en: "approved an overrun", done_zh: "已批准超支", done_en: "Overrun approved"
        };
    const STAGES: &'static [Stage] = ORDER_STAGES;
    const PER_STORE: bool = false;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Vp]
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(c: &Campaign) -> bool {
        buys(c)
    }
    /// Approvals up to [`COST_RECORDS_MAX`].
    fn check_state(c: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        if c.costs.overruns.len() >= COST_RECORDS_MAX {
            return Err(full("本活动的超支审批", "overrun approvals on this campaign", COST_RECORDS_MAX));
        }
        Ok(())
    }
    fn store(&self) -> Option<StoreId> {
        None
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    /// A new ceiling, raised or lowered, within [`crate::costs::overrun_range`]: not below
    /// what the tolerance allows or the orders commit, not above three times the budget.
    fn check_input(&self, c: &Campaign, _: &Actor, ctx: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let money = crate::costs::money_of(c, ctx.tolerance_percent);
        let (min, max) = crate::costs::overrun_range(&money);
        if !(min..=max).contains(&self.ceiling) {
            errors.push(FieldError::new("ceiling", &Message::AmountBetween { min, max }));
        } else if self.ceiling == money.ceiling {
            errors.push(FieldError::new(
                "ceiling",
                &Message::NotReady {
                    what_zh: "批准的上限与现在的下单上限相同",
                    what_en: "the ceiling is already that",
                },
            ));
        }
        required_text("reason", &self.reason, NOTE_MAX_CHARS, &mut errors);
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
        let note = format!("{} {}", self.ceiling, self.reason);
        c.costs.overruns.push(OverrunApproval {
            ceiling: self.ceiling,
            reason: self.reason,
            by: actor.person,
            by_name: actor.name.clone(),
            on: ctx.today,
        });
        note.into()
    }
}
