//! The campaign's money for the center's staff (`shared::costs`): each budget line with
//! what was ordered and invoiced against it, the totals and how far orders may go; the
//! orders and invoices; and, for whoever may take them, purchasing's order, invoice and
//! cancellation forms and the VP's overrun approval. Every form runs the server's own
//! check (`shared::workflow::Act::check_input`) on each keystroke: an order past the
//! budget says so before it is sent.
//!
//! The panel's state and its pure update are `model`; here are its hooks and its view.

mod model;

use serde::Serialize;
use shared::Lang;
use shared::campaign::Campaign;
use shared::costs::{Costs, Money, SupplierKind};
use shared::messages::FieldError;
use shared::org::Actor;
use shared::workflow::Context;
use yew::prelude::*;

use self::model::{Forms, InvoiceDraft, InvoiceField, LineField, Msg, OrderDraft, OrderField};
pub(crate) use self::model::{kind_of, kind_value};
use super::actions::{Allowed, MoneyForm, Panel};
use super::parts::SendAction;
use crate::ctx::AppCtx;
use crate::i18n::{field_error, pick};
use crate::pages::input_value;
use crate::widgets::Select;

#[derive(Properties, PartialEq)]
pub(crate) struct MoneyProps {
    pub campaign: Campaign,
    pub money: Money,
    pub act: SendAction,
    pub busy: bool,
    /// What the person looking may do: which of the forms show.
    pub allowed: Allowed,
}

pub(crate) fn kind_name(l: Lang, kind: SupplierKind) -> &'static str {
    match l {
        Lang::Zh => kind.name_zh(),
        Lang::En => kind.name_en(),
    }
}

fn actor(ctx: &AppCtx) -> Actor {
    Actor {
        user: ctx.me.user,
        person: ctx.me.person,
        name: ctx.me.name.clone(),
        role: ctx.me.role,
        store: ctx.me.store,
    }
}

/// The server's own check of an action's input, run in the browser.
/// `tolerance_percent` is the one the server answered with the campaign's money.
fn check<A: shared::workflow::Act>(
    action: &A,
    campaign: &Campaign,
    ctx: &AppCtx,
    tolerance_percent: u32,
) -> Vec<FieldError> {
    let vctx = Context {
        today: ctx.today,
        now_unix_ms: 0,
        calendar: &ctx.calendar,
        templates: &ctx.templates,
        tolerance_percent,
    };
    action.check_input(campaign, &actor(ctx), &vctx)
}

/// A field's error in words; an invoice's `amount` is its amount, not a store's sales.
fn money_error(l: Lang, e: &FieldError) -> String {
    match (e.field.as_str(), l) {
        ("amount", Lang::Zh) => format!("金额（元）：{}", e.message(l)),
        ("amount", Lang::En) => format!("Amount: {}", e.message(l)),
        _ => field_error(l, e),
    }
}

fn problems(l: Lang, id: &'static str, errors: &[FieldError]) -> Html {
    if errors.is_empty() {
        return html! {};
    }
    html! {
        <ul class="field-errors" id={id}>{ for errors.iter().map(|e| html! { <li class="field-error">{ money_error(l, e) }</li> }) }</ul>
    }
}

/// Keeps a draft in the account's local storage while it differs from the blank form
/// (`pages::use_draft`'s rule: a form merely opened leaves nothing behind).
#[hook]
fn use_kept<T: Serialize + Clone + PartialEq + 'static>(key: String, value: T, blank: T) {
    use_effect_with(value, move |value| {
        if *value == blank {
            crate::local::mine::remove(&key);
        } else {
            crate::local::mine::save(&key, value);
        }
    });
}

/// A callback that reads an input's value into a message.
fn on_input(forms: &UseReducerHandle<Forms>, make: impl Fn(String) -> Msg + 'static) -> Callback<InputEvent> {
    let forms = forms.dispatcher();
    Callback::from(move |e: InputEvent| forms.dispatch(make(input_value(&e))))
}

/// A callback that reads a `Select`'s value into a message.
fn on_pick(forms: &UseReducerHandle<Forms>, make: impl Fn(String) -> Msg + 'static) -> Callback<String> {
    let forms = forms.dispatcher();
    Callback::from(move |v: String| forms.dispatch(make(v)))
}

#[function_component(MoneyPanel)]
pub(crate) fn money_panel(props: &MoneyProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let id = props.campaign.id.0;
    let (order_key, invoice_key) = (format!("draft.{id}.order"), format!("draft.{id}.invoice"));
    let forms = {
        let (order_key, invoice_key) = (order_key.clone(), invoice_key.clone());
        use_reducer(move || {
            Forms::new(
                crate::local::mine::load(&order_key).unwrap_or_else(OrderDraft::blank),
                crate::local::mine::load(&invoice_key).unwrap_or_default(),
            )
        })
    };
    use_kept(order_key.clone(), forms.order.clone(), OrderDraft::blank());
    use_kept(invoice_key.clone(), forms.invoice.clone(), InvoiceDraft::default());
    let can = |form: MoneyForm| props.allowed.panel(Panel::Money(form));
    {
        // The center's suppliers (`pages::suppliers`), offered on the order form.
        let dispatch = forms.dispatcher();
        use_effect_with(can(MoneyForm::Order) || can(MoneyForm::Invoice), move |wanted| {
            if *wanted {
                yew::platform::spawn_local(async move {
                    if let Ok(list) = crate::api::fetch::<shared::endpoints::ListSuppliers>(&[], &()).await {
                        dispatch.dispatch(Msg::Suppliers(list.into_iter().map(|r| r.value).collect()));
                    }
                });
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let view = View { ctx: &ctx, props, forms: &forms, order_key, invoice_key };
    html! {
        <section class="card" id="money">
            <h2>{ pick(l, "预算与花费", "Budget and spending") }</h2>
            { view.totals() }
            { orders_list(l, &props.campaign.costs) }
            if can(MoneyForm::Order) { { view.order_form() } }
            if can(MoneyForm::Invoice) { { view.invoice_form() } }
            if can(MoneyForm::Cancel) && props.campaign.costs.orders.iter().any(|o| o.is_live()) { { view.cancel_form() } }
            if can(MoneyForm::Overrun) { { view.overrun_form() } }
        </section>
    }
}

/// What the panel's parts are drawn from.
struct View<'a> {
    ctx: &'a AppCtx,
    props: &'a MoneyProps,
    forms: &'a UseReducerHandle<Forms>,
    order_key: String,
    invoice_key: String,
}

impl View<'_> {
    fn sending(&self) -> &'static str {
        if self.props.busy {
            pick(self.ctx.lang, "提交中…", "Sending…")
        } else {
            pick(self.ctx.lang, "提交", "Send")
        }
    }

    /// The server's check of an action, on this campaign.
    fn check<A: shared::workflow::Act>(&self, action: &A) -> Vec<FieldError> {
        check(action, &self.props.campaign, self.ctx, self.props.money.tolerance_percent)
    }

    /// Each budget line with what was ordered and invoiced on it, the totals, the ceiling.
    fn totals(&self) -> Html {
        let (l, money) = (self.ctx.lang, &self.props.money);
        let over = money.committed_total > money.budget_total;
        html! {
            <>
            <table class="money">
                <thead><tr>
                    <th>{ pick(l, "预算项", "Budget line") }</th>
                    <th class="num">{ pick(l, "预算（元）", "Budget (CNY)") }</th>
                    <th class="num">{ pick(l, "已下单", "Ordered") }</th>
                    <th class="num">{ pick(l, "已开票", "Invoiced") }</th>
                </tr></thead>
                <tbody>
                    { for money.lines.iter().map(|line| html! {
                        <tr class={(line.committed > line.budget).then_some("over")}>
                            <td>{ if line.item.is_empty() { pick(l, "未对应预算项", "Not on a budget line").to_owned() } else { line.item.clone() } }</td>
                            <td class="num">{ line.budget.to_string() }</td>
                            <td class="num">{ line.committed.to_string() }</td>
                            <td class="num">{ line.spent.to_string() }</td>
                        </tr>
                    }) }
                </tbody>
                <tfoot><tr class={over.then_some("over")} id="money-totals">
                    <th>{ pick(l, "合计", "Total") }</th>
                    <th class="num">{ money.budget_total.to_string() }</th>
                    <th class="num" id="money-committed">{ money.committed_total.to_string() }</th>
                    <th class="num" id="money-spent">{ money.spent_total.to_string() }</th>
                </tr></tfoot>
            </table>
            <p class="hint" id="money-ceiling">{ match l {
                Lang::Zh => format!("下单合计最多 {} 元（预算上浮 {}%，或副总经理批准的超支上限）", money.ceiling, money.tolerance_percent),
                Lang::En => format!("Orders may come to ¥{} in all (the budget and {} %, or the ceiling the VP approved)", money.ceiling, money.tolerance_percent),
            } }</p>
            if let Some(o) = self.props.campaign.costs.overruns.last() {
                <p class="hint" id="money-overrun">{ match l {
                    Lang::Zh => format!("{}于{}批准超支至 {} 元：{}", o.by_name, crate::i18n::date(l, o.on), o.ceiling, o.reason),
                    Lang::En => format!("{} approved orders up to ¥{} on {}: {}", o.by_name, o.ceiling, crate::i18n::date(l, o.on), o.reason),
                } }</p>
            }
            </>
        }
    }

    /// Purchasing's order: supplier, kind, budget line, the lines, the expected day.
    fn order_form(&self) -> Html {
        let (l, forms, c) = (self.ctx.lang, self.forms, &self.props.campaign);
        let order = &forms.order;
        let (record_order, mut errors) = forms.record_order(self.ctx.today);
        errors.extend(self.check(&record_order));
        let total = record_order.total().unwrap_or_default();
        let suppliers = forms.offered(c.costs.orders.iter().map(|o| o.supplier.clone()));
        let budget_lines = shared::costs::budget_lines(c);
        let kinds: Vec<(AttrValue, AttrValue)> = SupplierKind::ALL
            .iter()
            .map(|k| (AttrValue::from(kind_value(*k)), AttrValue::from(kind_name(l, *k))))
            .collect();
        let lines: Vec<(AttrValue, AttrValue)> =
            std::iter::once((AttrValue::from(""), AttrValue::from(pick(l, "不对应预算项", "None"))))
                .chain(budget_lines.iter().map(|b| (AttrValue::from(b.item.clone()), AttrValue::from(b.item.clone()))))
                .collect();
        let submit = {
            let (act, key, action) = (self.props.act.clone(), self.order_key.clone(), model::as_order(record_order));
            Callback::from(move |_| act.emit((action.clone(), Some(key.clone()))))
        };
        html! {
            <div class="form money-form" id="order-form">
                <h3>{ pick(l, "采购下单", "Place an order") }</h3>
                <div class="grid3 labelled">
                    <div><label for="order-supplier">{ pick(l, "供应商", "Supplier") }</label>
                        <input id="order-supplier" list="known-suppliers" value={order.supplier.clone()}
                            oninput={on_input(forms, |v| Msg::Order(OrderField::Supplier, v))} />
                        if forms.unlisted() { <span class="hint" id="order-supplier-unlisted">{ pick(l, "不在供应商名单中：将按输入的名称记录", "Not on the supplier list: recorded under the name typed") }</span> }
                        <datalist id="known-suppliers">{ for suppliers.iter().map(|s| html! { <option value={s.clone()} /> }) }</datalist></div>
                    <div><label for="order-kind">{ pick(l, "类别", "Kind") }</label>
                        <Select id="order-kind" value={order.kind.clone()} options={kinds}
                            onchange={on_pick(forms, |v| Msg::Order(OrderField::Kind, v))} /></div>
                    <div><label for="order-budget-line">{ pick(l, "计入预算项", "Budget line") }</label>
                        <Select id="order-budget-line" value={order.budget_line.clone()} options={lines}
                            onchange={on_pick(forms, |v| Msg::Order(OrderField::BudgetLine, v))} /></div>
                </div>
                { self.order_lines() }
                <div class="buttons">
                    <button class="secondary" id="order-add-line" onclick={{ let f = forms.dispatcher(); Callback::from(move |_| f.dispatch(Msg::AddLine)) }}>
                        { pick(l, "加一行", "Add a line") }</button>
                    <label for="order-expected">{ pick(l, "预计到货", "Expected") }</label>
                    <input id="order-expected" type="date" value={order.expected_on.clone()} oninput={on_input(forms, |v| Msg::Order(OrderField::Expected, v))} />
                </div>
                <p class="total" id="order-total">{ match l {
                    Lang::Zh => format!("本单合计 {total} 元"),
                    Lang::En => format!("This order: ¥{total}"),
                } }</p>
                // Told once something is typed, not on a form just opened.
                if *order != OrderDraft::blank() { { problems(l, "order-problems", &errors) } }
                <button id="order-submit" disabled={!errors.is_empty() || self.props.busy} onclick={submit}>{ self.sending() }</button>
            </div>
        }
    }

    fn order_lines(&self) -> Html {
        let (l, forms) = (self.ctx.lang, self.forms);
        let cell = |i: usize, field: LineField| on_input(forms, move |v| Msg::Line(i, field, v));
        html! {
            <table class="order-lines">
                <thead><tr>
                    <th>{ pick(l, "品名", "Item") }</th><th>{ pick(l, "规格", "Spec") }</th>
                    <th class="num">{ pick(l, "数量", "Qty") }</th><th class="num">{ pick(l, "单价（元）", "Unit price (CNY)") }</th>
                </tr></thead>
                <tbody>{ for forms.order.lines.iter().enumerate().map(|(i, (item, spec, quantity, price))| html! {
                    <tr>
                        <td><input class="ol-item" value={item.clone()} oninput={cell(i, LineField::Item)} /></td>
                        <td><input class="ol-spec" value={spec.clone()} oninput={cell(i, LineField::Spec)} /></td>
                        <td><input class="ol-qty num" inputmode="numeric" value={quantity.clone()} oninput={cell(i, LineField::Quantity)} /></td>
                        <td><input class="ol-price num" inputmode="decimal" value={price.clone()} oninput={cell(i, LineField::Price)} /></td>
                    </tr>
                }) }</tbody>
            </table>
        }
    }

    /// Recording a supplier's invoice, against an order or not.
    fn invoice_form(&self) -> Html {
        let (l, forms, costs) = (self.ctx.lang, self.forms, &self.props.campaign.costs);
        let invoice = &forms.invoice;
        let (record_invoice, mut errors) = forms.record_invoice(self.ctx.today);
        errors.extend(self.check(&record_invoice));
        let field = |f: InvoiceField| on_input(forms, move |v| Msg::Invoice(f, v));
        let orders: Vec<(AttrValue, AttrValue)> =
            std::iter::once((AttrValue::from(""), AttrValue::from(pick(l, "不对应订单", "None"))))
                .chain(live_orders(l, costs))
                .collect();
        let submit = {
            let (act, key, action) =
                (self.props.act.clone(), self.invoice_key.clone(), model::as_invoice(record_invoice));
            Callback::from(move |_| act.emit((action.clone(), Some(key.clone()))))
        };
        html! {
            <div class="form money-form" id="invoice-form">
                <h3>{ pick(l, "登记发票", "Record an invoice") }</h3>
                <div class="grid3 labelled">
                    <div><label for="invoice-supplier">{ pick(l, "供应商", "Supplier") }</label>
                        <input id="invoice-supplier" list="known-suppliers" value={invoice.supplier.clone()} oninput={field(InvoiceField::Supplier)} /></div>
                    <div><label for="invoice-no">{ pick(l, "发票号码", "Invoice number") }</label>
                        <input id="invoice-no" value={invoice.invoice_no.clone()} oninput={field(InvoiceField::Number)} /></div>
                    <div><label for="invoice-amount">{ pick(l, "金额（元）", "Amount (CNY)") }</label>
                        <input id="invoice-amount" inputmode="decimal" value={invoice.amount.clone()} oninput={field(InvoiceField::Amount)} /></div>
                    <div><label for="invoice-order">{ pick(l, "对应订单", "Order") }</label>
                        <Select id="invoice-order" value={invoice.order.clone()} options={orders}
                            onchange={on_pick(forms, |v| Msg::Invoice(InvoiceField::Order, v))} /></div>
                    <div><label for="invoice-reason">{ pick(l, "原因（超出订单金额时填写）", "Reason (when it bills more than the order)") }</label>
                        <input id="invoice-reason" value={invoice.reason.clone()} oninput={field(InvoiceField::Reason)} /></div>
                </div>
                if *invoice != InvoiceDraft::default() { { problems(l, "invoice-problems", &errors) } }
                <button id="invoice-submit" disabled={!errors.is_empty() || self.props.busy} onclick={submit}>{ self.sending() }</button>
            </div>
        }
    }

    /// Cancelling a live order, with a reason.
    fn cancel_form(&self) -> Html {
        let (l, forms) = (self.ctx.lang, self.forms);
        let cancel = &forms.cancel;
        let submit = {
            let (act, forms) = (self.props.act.clone(), forms.clone());
            Callback::from(move |_| {
                if let Some(action) = forms.cancel_order() {
                    act.emit((action, None));
                    forms.dispatch(Msg::CancelSent);
                }
            })
        };
        html! {
            <div class="form money-form" id="cancel-order-form">
                <h3>{ pick(l, "撤销订单", "Cancel an order") }</h3>
                <div class="grid3 labelled">
                    <div><label for="cancel-order">{ pick(l, "订单", "Order") }</label>
                        <Select id="cancel-order" value={cancel.0.clone()} placeholder={AttrValue::from(pick(l, "请选择订单", "Choose an order"))}
                            options={live_orders(l, &self.props.campaign.costs).collect::<Vec<_>>()}
                            onchange={on_pick(forms, |v| Msg::Cancel(true, v))} /></div>
                    <div><label for="cancel-reason">{ pick(l, "原因", "Reason") }</label>
                        <input id="cancel-reason" value={cancel.1.clone()} oninput={on_input(forms, |v| Msg::Cancel(false, v))} /></div>
                </div>
                <button class="secondary" id="cancel-order-submit" disabled={cancel.0.is_empty() || cancel.1.trim().is_empty() || self.props.busy}
                    onclick={submit}>{ pick(l, "撤销", "Cancel the order") }</button>
            </div>
        }
    }

    /// The VP lets orders go up to a higher ceiling, with a reason.
    fn overrun_form(&self) -> Html {
        let (l, forms) = (self.ctx.lang, self.forms);
        let (action, mut errors) = forms.approve_overrun();
        if forms.overrun_untouched() {
            errors.clear();
        } else {
            errors.extend(self.check(&action));
        }
        let submit = {
            let (act, forms, action) = (self.props.act.clone(), forms.clone(), model::as_overrun(action));
            Callback::from(move |_| {
                act.emit((action.clone(), None));
                forms.dispatch(Msg::OverrunSent);
            })
        };
        html! {
            <div class="form money-form" id="overrun-form">
                <h3>{ pick(l, "批准超支", "Approve an overrun") }</h3>
                <div class="grid3 labelled">
                    <div><label for="overrun-ceiling">{ pick(l, "下单上限（元）", "Orders up to (CNY)") }</label>
                        <input id="overrun-ceiling" inputmode="decimal" value={forms.overrun.0.clone()} oninput={on_input(forms, |v| Msg::Overrun(true, v))} /></div>
                    <div><label for="overrun-reason">{ pick(l, "原因", "Reason") }</label>
                        <input id="overrun-reason" value={forms.overrun.1.clone()} oninput={on_input(forms, |v| Msg::Overrun(false, v))} /></div>
                </div>
                { problems(l, "overrun-problems", &errors) }
                <button id="overrun-submit" disabled={forms.overrun_blank() || !errors.is_empty() || self.props.busy}
                    onclick={submit}>{ pick(l, "批准", "Approve") }</button>
            </div>
        }
    }
}

/// The orders not cancelled, as a `Select` offers them.
fn live_orders(l: Lang, costs: &Costs) -> impl Iterator<Item = (AttrValue, AttrValue)> + '_ {
    costs
        .orders
        .iter()
        .filter(|o| o.is_live())
        .map(move |o| (AttrValue::from(o.number.to_string()), AttrValue::from(order_label(l, o))))
}

fn order_label(l: Lang, o: &shared::costs::Order) -> String {
    match l {
        Lang::Zh => format!("第{}单 · {} · {} 元", o.number, o.supplier, o.total()),
        Lang::En => format!("Order {} · {} · ¥{}", o.number, o.supplier, o.total()),
    }
}

fn orders_list(l: Lang, costs: &Costs) -> Html {
    html! {
        <>
            if !costs.orders.is_empty() {
                <h3>{ pick(l, "订单", "Orders") }</h3>
                <ul class="orders" id="orders">{ for costs.orders.iter().map(|o| html! {
                    <li class={o.cancelled.is_some().then_some("cancelled")}>
                        { format!("{} · {} · {}", order_label(l, o), kind_name(l, o.supplier_kind), if o.budget_line.is_empty() { pick(l, "不对应预算项", "no budget line") } else { o.budget_line.as_str() }) }
                        if let Some(c) = &o.cancelled { <span class="badge">{ format!("{}：{}", pick(l, "已撤销", "cancelled"), c.reason) }</span> }
                    </li>
                }) }</ul>
            }
            if !costs.invoices.is_empty() {
                <h3>{ pick(l, "发票", "Invoices") }</h3>
                <ul class="invoices" id="invoices">{ for costs.invoices.iter().map(|i| html! {
                    <li>{ match l {
                        Lang::Zh => format!("{} · 发票号码 {} · {} 元{}", i.supplier, i.invoice_no, i.amount, i.order.map(|n| format!("（第{n}单）")).unwrap_or_default()),
                        Lang::En => format!("{} · invoice {} · ¥{}{}", i.supplier, i.invoice_no, i.amount, i.order.map(|n| format!(" (order {n})")).unwrap_or_default()),
                    } }</li>
                }) }</ul>
            }
        </>
    }
}
