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
    ITEMS_MAX, NOTE_MAX_CHARS, check_count, check_quantity, optional_line, required_line, required_text,
};
use crate::workflow::{Act, ActionKind, Applied, Context, Violation, Words};

/// Orders and invoices a campaign may hold (each).
pub const COST_RECORDS_MAX: usize = 200;

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
        if self.ordered_on > ctx.today {
            errors.push(FieldError::new(
                "ordered_on",
                &Message::DateOrder {
                    earlier_zh: "今天（下单日期不能晚于今天）",
                    earlier_en: "today (an order cannot be placed in the future)",
                },
            ));
        }
        if self.expected_on.is_some_and(|d| d < self.ordered_on) {
            errors.push(FieldError::new(
                "expected_on",
                &Message::DateOrder { earlier_zh: "下单日期", earlier_en: "the order date" },
            ));
        }
        if c.costs.orders.len() >= COST_RECORDS_MAX {
            errors.push(FieldError::new("lines", &Message::TooMany { max_items: COST_RECORDS_MAX }));
        }
        // Within what the budget allows (the center's tolerance, or the VP's ceiling).
        if errors.is_empty()
            && let Some(total) = self.total()
        {
            let money = crate::costs::money_of(c, ctx.tolerance_percent);
            let committed = crate::costs::sum([money.committed_total, total].into_iter());
            if committed > money.ceiling {
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
        self.scan.map(|f| ("scan", f)).into_iter().collect()
    }
    fn check_input(&self, c: &Campaign, _: &Actor, ctx: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        required_line("supplier", &self.supplier, &mut errors);
        required_line("invoice_no", &self.invoice_no, &mut errors);
        if self.amount.0 <= 0 || self.amount.0 > MAX_AMOUNT_FEN {
            errors.push(FieldError::new("amount", &Message::AmountOutOfRange));
        }
        if self.issued_on > ctx.today {
            errors.push(FieldError::new(
                "issued_on",
                &Message::DateOrder {
                    earlier_zh: "今天（开票日期不能晚于今天）",
                    earlier_en: "today (an invoice cannot be issued in the future)",
                },
            ));
        }
        if let Some(number) = self.order {
            match c.costs.order(number) {
                None => errors.push(FieldError::new("order", &Message::NotFound)),
                Some(order) if !order.is_live() => errors.push(FieldError::new(
                    "order",
                    &Message::NotReady { what_zh: "这张订单已撤销", what_en: "this order was cancelled" },
                )),
                Some(_) => {}
            }
        }
        let same =
            |i: &&Invoice| i.supplier.trim() == self.supplier.trim() && i.invoice_no.trim() == self.invoice_no.trim();
        if c.costs.invoices.iter().any(|i| same(&i)) {
            errors.push(FieldError::new("invoice_no", &Message::AlreadyDone));
        }
        if c.costs.invoices.len() >= COST_RECORDS_MAX {
            errors.push(FieldError::new("invoice_no", &Message::TooMany { max_items: COST_RECORDS_MAX }));
        }
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, _: &Context<'_>) -> Applied {
        let note = format!("{} {} {}", self.supplier, self.invoice_no, self.amount);
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
    fn check_input(&self, c: &Campaign, _: &Actor, ctx: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        amount_in_range("ceiling", self.ceiling, &mut errors);
        let money = crate::costs::money_of(c, ctx.tolerance_percent);
        if self.ceiling <= money.ceiling {
            errors.push(FieldError::new(
                "ceiling",
                &Message::NotReady {
                    what_zh: "批准的上限应高于预算已允许的金额",
                    what_en: "the approved ceiling must be above what the budget already allows",
                },
            ));
        }
        if c.costs.overruns.len() >= COST_RECORDS_MAX {
            errors.push(FieldError::new("ceiling", &Message::TooMany { max_items: COST_RECORDS_MAX }));
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
