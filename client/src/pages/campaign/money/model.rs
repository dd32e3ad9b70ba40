//! The money panel's model: the order and invoice forms as typed (kept as drafts), the
//! cancellation and the overrun approval, and the center's suppliers. [`Forms::update`]
//! is pure, and so is reading the forms into the actions they send: the panel (`super`)
//! runs the server's own checks on those and shows them.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use shared::costs::{OrderLine, Supplier, SupplierKind};
use shared::messages::{FieldError, Message};
use shared::money::Fen;
use shared::workflow::{Action, ApproveOverrun, CancelOrder, RecordInvoice, RecordOrder};
use yew::Reducible;

/// An order as it is typed: amounts and quantities as text until they read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct OrderDraft {
    pub supplier: String,
    pub kind: String,
    pub budget_line: String,
    /// (item, spec, quantity, unit price in yuan)
    pub lines: Vec<(String, String, String, String)>,
    pub expected_on: String,
}

impl OrderDraft {
    /// The order form as it opens: one empty line.
    pub(crate) fn blank() -> Self {
        OrderDraft {
            kind: kind_value(SupplierKind::Printing).into(),
            lines: vec![(String::new(), String::new(), String::new(), String::new())],
            ..OrderDraft::default()
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct InvoiceDraft {
    pub supplier: String,
    pub invoice_no: String,
    pub amount: String,
    pub order: String,
    /// Why it bills more than its order allows (asked for then; a draft saved before the
    /// field existed reads as empty).
    #[serde(default)]
    pub reason: String,
}

/// (order number, reason) for a cancellation; (ceiling in yuan, reason) for an overrun.
pub(crate) type Pair = (String, String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OrderField {
    Supplier,
    Kind,
    BudgetLine,
    Expected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineField {
    Item,
    Spec,
    Quantity,
    Price,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InvoiceField {
    Supplier,
    Number,
    Amount,
    Order,
    Reason,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Msg {
    Order(OrderField, String),
    Line(usize, LineField, String),
    AddLine,
    Invoice(InvoiceField, String),
    /// The cancellation form's order (`.0`) or reason (`.1`).
    Cancel(bool, String),
    /// The overrun form's ceiling (`.0`) or reason (`.1`).
    Overrun(bool, String),
    /// Sent: the cancellation or the overrun form starts empty (orders and invoices
    /// are drafts, dropped once the server has them).
    CancelSent,
    OverrunSent,
    Suppliers(Vec<Supplier>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Forms {
    pub order: OrderDraft,
    pub invoice: InvoiceDraft,
    pub cancel: Pair,
    pub overrun: Pair,
    /// The center's suppliers (`pages::suppliers`), offered on the order form.
    pub suppliers: Vec<Supplier>,
}

impl Forms {
    pub(crate) fn new(order: OrderDraft, invoice: InvoiceDraft) -> Self {
        Forms { order, invoice, cancel: Pair::default(), overrun: Pair::default(), suppliers: Vec::new() }
    }

    pub(crate) fn update(&mut self, msg: Msg) -> bool {
        let before = self.clone();
        match msg {
            Msg::Order(field, value) => match field {
                OrderField::Supplier => {
                    // A supplier on the list brings its kind with it.
                    if let Some(s) = self.suppliers.iter().find(|s| Supplier::same_name(&s.name, &value)) {
                        self.order.kind = kind_value(s.kind).to_owned();
                    }
                    self.order.supplier = value;
                }
                OrderField::Kind => self.order.kind = value,
                OrderField::BudgetLine => self.order.budget_line = value,
                OrderField::Expected => self.order.expected_on = value,
            },
            Msg::Line(i, field, value) => {
                if let Some(line) = self.order.lines.get_mut(i) {
                    match field {
                        LineField::Item => line.0 = value,
                        LineField::Spec => line.1 = value,
                        LineField::Quantity => line.2 = value,
                        LineField::Price => line.3 = value,
                    }
                }
            }
            Msg::AddLine => self.order.lines.push(Default::default()),
            Msg::Invoice(field, value) => {
                let d = &mut self.invoice;
                match field {
                    InvoiceField::Supplier => d.supplier = value,
                    InvoiceField::Number => d.invoice_no = value,
                    InvoiceField::Amount => d.amount = value,
                    InvoiceField::Order => d.order = value,
                    InvoiceField::Reason => d.reason = value,
                }
            }
            Msg::Cancel(order, value) => *(if order { &mut self.cancel.0 } else { &mut self.cancel.1 }) = value,
            Msg::Overrun(ceiling, value) => {
                *(if ceiling { &mut self.overrun.0 } else { &mut self.overrun.1 }) = value;
            }
            Msg::CancelSent => self.cancel = Pair::default(),
            Msg::OverrunSent => self.overrun = Pair::default(),
            Msg::Suppliers(list) => self.suppliers = list,
        }
        *self != before
    }

    /// The order as typed, with what does not read (the server's checks come on top).
    pub(crate) fn record_order(&self, today: chrono::NaiveDate) -> (RecordOrder, Vec<FieldError>) {
        let mut errors = Vec::new();
        let lines = self
            .order
            .lines
            .iter()
            .enumerate()
            .map(|(i, (item, spec, quantity, price))| OrderLine {
                item: item.clone(),
                spec: spec.clone(),
                quantity: quantity.trim().parse().unwrap_or(0),
                unit_price: yuan(format!("lines[{i}].unit_price"), price, &mut errors),
            })
            .collect();
        let order = RecordOrder {
            supplier: self.order.supplier.clone(),
            supplier_kind: kind_of(&self.order.kind),
            lines,
            stores: Vec::new(),
            budget_line: self.order.budget_line.clone(),
            ordered_on: today,
            expected_on: shared::clock::parse_iso_date(&self.order.expected_on),
        };
        (order, errors)
    }

    pub(crate) fn record_invoice(&self, today: chrono::NaiveDate) -> (RecordInvoice, Vec<FieldError>) {
        let mut errors = Vec::new();
        let d = &self.invoice;
        let invoice = RecordInvoice {
            supplier: d.supplier.clone(),
            invoice_no: d.invoice_no.clone(),
            amount: yuan("amount".into(), &d.amount, &mut errors),
            issued_on: today,
            order: d.order.parse().ok(),
            scan: None,
            reason: d.reason.clone(),
        };
        (invoice, errors)
    }

    pub(crate) fn approve_overrun(&self) -> (ApproveOverrun, Vec<FieldError>) {
        let mut errors = Vec::new();
        let ceiling = yuan("ceiling".into(), &self.overrun.0, &mut errors);
        (ApproveOverrun { ceiling, reason: self.overrun.1.clone() }, errors)
    }

    /// Nothing typed on the overrun form yet (nothing to tell about).
    pub(crate) fn overrun_untouched(&self) -> bool {
        self.overrun.0.is_empty() && self.overrun.1.is_empty()
    }

    /// The overrun form lacks its ceiling or its reason.
    pub(crate) fn overrun_blank(&self) -> bool {
        self.overrun.0.is_empty() || self.overrun.1.trim().is_empty()
    }

    /// The cancellation to send, once an order and a reason are given.
    pub(crate) fn cancel_order(&self) -> Option<Action> {
        if self.cancel.1.trim().is_empty() {
            return None;
        }
        let order = self.cancel.0.parse().ok()?;
        Some(Action::CancelOrder(CancelOrder { order, reason: self.cancel.1.clone() }))
    }

    /// Whether a supplier is on the center's list.
    pub(crate) fn listed(&self, name: &str) -> bool {
        self.suppliers.iter().any(|s| Supplier::same_name(&s.name, name))
    }

    /// A supplier typed that is not on the list (once the list is known).
    pub(crate) fn unlisted(&self) -> bool {
        !self.order.supplier.trim().is_empty() && !self.suppliers.is_empty() && !self.listed(&self.order.supplier)
    }

    /// The suppliers offered: the active ones on the center's list first, then any a
    /// past order named.
    pub(crate) fn offered(&self, past: impl Iterator<Item = String>) -> Vec<String> {
        let mut names: Vec<String> = self.suppliers.iter().filter(|s| s.active).map(|s| s.name.clone()).collect();
        let mut others: Vec<String> = past.filter(|n| !self.listed(n)).collect();
        others.sort();
        others.dedup();
        names.extend(others);
        names
    }
}

impl Reducible for Forms {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        if next.update(msg) { Rc::new(next) } else { self }
    }
}

/// Each form's action as the panel sends it (so the view never names the newest actions).
pub(crate) fn as_order(order: RecordOrder) -> Action {
    Action::RecordOrder(order)
}

pub(crate) fn as_invoice(invoice: RecordInvoice) -> Action {
    Action::RecordInvoice(invoice)
}

pub(crate) fn as_overrun(overrun: ApproveOverrun) -> Action {
    Action::ApproveOverrun(overrun)
}

/// The yuan typed, or a field error for it.
fn yuan(field: String, text: &str, errors: &mut Vec<FieldError>) -> Fen {
    match Fen::parse_yuan(text) {
        Some(fen) => fen,
        None => {
            errors.push(FieldError::new(field, &Message::AmountOutOfRange));
            Fen(0)
        }
    }
}

pub(crate) fn kind_of(text: &str) -> SupplierKind {
    SupplierKind::ALL.into_iter().find(|k| kind_value(*k) == text).unwrap_or(SupplierKind::Printing)
}

pub(crate) fn kind_value(kind: SupplierKind) -> &'static str {
    match kind {
        SupplierKind::Printing => "printing",
        SupplierKind::Gifts => "gifts",
        SupplierKind::Goods => "goods",
        SupplierKind::Video => "video",
        SupplierKind::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supplier(name: &str, kind: SupplierKind, active: bool) -> Supplier {
        Supplier {
            id: shared::ids::SupplierId(0),
            name: name.to_owned(),
            kind,
            contact: String::new(),
            notes: String::new(),
            active,
        }
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default()
    }

    #[test]
    fn a_listed_supplier_brings_its_kind() {
        let mut forms = Forms::new(OrderDraft::blank(), InvoiceDraft::default());
        forms.update(Msg::Suppliers(vec![supplier("礼品王", SupplierKind::Gifts, true)]));
        forms.update(Msg::Order(OrderField::Supplier, "礼品王".into()));
        assert_eq!(forms.order.kind, "gifts");
        assert!(!forms.unlisted());
        forms.update(Msg::Order(OrderField::Supplier, "新印厂".into()));
        assert_eq!(forms.order.kind, "gifts", "an unlisted one leaves the kind chosen");
        assert!(forms.unlisted());
    }

    #[test]
    fn order_lines_read_as_typed_and_bad_prices_are_named() {
        let mut forms = Forms::new(OrderDraft::blank(), InvoiceDraft::default());
        forms.update(Msg::Line(0, LineField::Quantity, "3".into()));
        forms.update(Msg::Line(0, LineField::Price, "12.5".into()));
        forms.update(Msg::AddLine);
        forms.update(Msg::Line(1, LineField::Price, "abc".into()));
        assert!(!forms.update(Msg::Line(9, LineField::Item, "x".into())), "no such line: nothing changes");
        let (order, errors) = forms.record_order(today());
        assert_eq!((order.lines[0].quantity, order.lines[0].unit_price), (3, Fen(1250)));
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["lines[1].unit_price"]);
    }

    #[test]
    fn an_invoice_names_its_order_and_amount() {
        let mut forms = Forms::new(OrderDraft::blank(), InvoiceDraft::default());
        forms.update(Msg::Invoice(InvoiceField::Order, "2".into()));
        let (invoice, errors) = forms.record_invoice(today());
        assert_eq!(invoice.order, Some(2));
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["amount"]);
        forms.update(Msg::Invoice(InvoiceField::Amount, "100".into()));
        assert!(forms.record_invoice(today()).1.is_empty());
    }

    #[test]
    fn cancelling_needs_an_order_and_a_reason_and_clears_once_sent() {
        let mut forms = Forms::new(OrderDraft::blank(), InvoiceDraft::default());
        forms.update(Msg::Cancel(true, "1".into()));
        assert_eq!(forms.cancel_order(), None);
        forms.update(Msg::Cancel(false, "重复下单".into()));
        assert!(matches!(forms.cancel_order(), Some(Action::CancelOrder(CancelOrder { order: 1, .. }))));
        forms.update(Msg::CancelSent);
        assert_eq!(forms.cancel, Pair::default());
    }

    #[test]
    fn the_overrun_form_tells_once_typed_and_clears_once_sent() {
        let mut forms = Forms::new(OrderDraft::blank(), InvoiceDraft::default());
        assert!(forms.overrun_untouched() && forms.overrun_blank());
        forms.update(Msg::Overrun(true, "5000".into()));
        assert!(!forms.overrun_untouched() && forms.overrun_blank());
        forms.update(Msg::Overrun(false, "加印".into()));
        let (overrun, errors) = forms.approve_overrun();
        assert_eq!((overrun.ceiling, errors.len()), (Fen(500_000), 0));
        forms.update(Msg::OverrunSent);
        assert!(forms.overrun_untouched());
    }

    #[test]
    fn offered_suppliers_are_the_active_listed_then_past_ones() {
        let mut forms = Forms::new(OrderDraft::blank(), InvoiceDraft::default());
        forms.update(Msg::Suppliers(vec![
            supplier("甲", SupplierKind::Printing, true),
            supplier("乙", SupplierKind::Printing, false),
        ]));
        let past = ["丙", "甲", "丙"].into_iter().map(String::from);
        assert_eq!(forms.offered(past), ["甲", "丙"]);
    }
}
