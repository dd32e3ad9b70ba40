//! The campaign's money for the center's staff (`shared::costs`): each budget line with
//! what was ordered and invoiced against it, the totals and how far orders may go; the
//! orders and invoices; and, for whoever may take them, purchasing's order, invoice and
//! cancellation forms and the VP's overrun approval. Every form runs the server's own
//! check (`Act::check_input`) on each keystroke: an order past the budget says so before
//! it is sent.

use serde::{Deserialize, Serialize};
use shared::Lang;
use shared::campaign::Campaign;
use shared::costs::{Costs, Money, OrderLine, SupplierKind};
use shared::messages::FieldError;
use shared::money::Fen;
use shared::org::Actor;
use shared::workflow::{Action, ApproveOverrun, CancelOrder, Context, RecordInvoice, RecordOrder};
use yew::prelude::*;

use super::campaign::Act;
use super::{input_value, use_draft};
use crate::ctx::AppCtx;
use crate::i18n::{field_error, pick};
use crate::widgets::Select;

#[derive(Properties, PartialEq)]
pub struct MoneyProps {
    pub campaign: Campaign,
    pub money: Money,
    pub act: Act,
    pub busy: bool,
    pub can_order: bool,
    pub can_cancel: bool,
    pub can_invoice: bool,
    pub can_overrun: bool,
}

/// An order as it is typed: amounts and quantities as text until they read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct OrderDraft {
    supplier: String,
    kind: String,
    budget_line: String,
    /// (item, spec, quantity, unit price in yuan)
    lines: Vec<(String, String, String, String)>,
    expected_on: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct InvoiceDraft {
    supplier: String,
    invoice_no: String,
    amount: String,
    order: String,
    /// Why it bills more than its order allows (asked for then; a draft saved before the
    /// field existed reads as empty).
    #[serde(default)]
    reason: String,
}

/// The order form as it opens: one empty line.
fn blank_order() -> OrderDraft {
    OrderDraft {
        kind: "printing".into(),
        lines: vec![(String::new(), String::new(), String::new(), String::new())],
        ..OrderDraft::default()
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

pub(crate) fn kind_name(l: Lang, kind: SupplierKind) -> &'static str {
    match l {
        Lang::Zh => kind.name_zh(),
        Lang::En => kind.name_en(),
    }
}

/// The yuan typed, or a field error for it.
fn yuan(field: String, text: &str, errors: &mut Vec<FieldError>) -> Fen {
    match Fen::parse_yuan(text) {
        Some(fen) => fen,
        None => {
            errors.push(FieldError::new(field, &shared::messages::Message::AmountOutOfRange));
            Fen(0)
        }
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

#[function_component(MoneyPanel)]
pub fn money_panel(props: &MoneyProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let id = props.campaign.id.0;
    let order_key = format!("draft.{id}.order");
    let invoice_key = format!("draft.{id}.invoice");
    let order = use_draft(order_key.clone(), blank_order);
    let invoice = use_draft(invoice_key.clone(), InvoiceDraft::default);
    let cancel = use_state(|| (String::new(), String::new()));
    let overrun = use_state(|| (String::new(), String::new()));
    // The center's suppliers (`pages::suppliers`), offered on the order form.
    let registry = use_state(Vec::<shared::costs::Supplier>::new);
    {
        let registry = registry.clone();
        let wanted = props.can_order || props.can_invoice;
        use_effect_with(wanted, move |wanted| {
            if *wanted {
                yew::platform::spawn_local(async move {
                    if let Ok(list) = crate::api::fetch::<shared::endpoints::ListSuppliers>(&[], &()).await {
                        registry.set(list.into_iter().map(|r| r.value).collect());
                    }
                });
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let (c, money, costs) = (&props.campaign, &props.money, &props.campaign.costs);

    // The order as typed, and what the server would say of it.
    let mut order_errors = Vec::new();
    let lines: Vec<OrderLine> = order
        .lines
        .iter()
        .enumerate()
        .map(|(i, (item, spec, quantity, price))| OrderLine {
            item: item.clone(),
            spec: spec.clone(),
            quantity: quantity.trim().parse().unwrap_or(0),
            unit_price: yuan(format!("lines[{i}].unit_price"), price, &mut order_errors),
        })
        .collect();
    let record_order = RecordOrder {
        supplier: order.supplier.clone(),
        supplier_kind: kind_of(&order.kind),
        lines,
        stores: Vec::new(),
        budget_line: order.budget_line.clone(),
        ordered_on: ctx.today,
        expected_on: shared::clock::parse_iso_date(&order.expected_on),
    };
    order_errors.extend(check(&record_order, c, &ctx, money.tolerance_percent));
    let order_total = record_order.total().unwrap_or_default();

    let mut invoice_errors = Vec::new();
    let record_invoice = RecordInvoice {
        supplier: invoice.supplier.clone(),
        invoice_no: invoice.invoice_no.clone(),
        amount: yuan("amount".into(), &invoice.amount, &mut invoice_errors),
        issued_on: ctx.today,
        order: invoice.order.parse().ok(),
        scan: None,
        reason: invoice.reason.clone(),
    };
    invoice_errors.extend(check(&record_invoice, c, &ctx, money.tolerance_percent));

    let budget_lines = shared::costs::budget_lines(c);
    // The active suppliers on the center's list first, then any a past order named.
    let suppliers: Vec<String> = {
        let mut names: Vec<String> = registry.iter().filter(|s| s.active).map(|s| s.name.clone()).collect();
        let mut others: Vec<String> = costs
            .orders
            .iter()
            .map(|o| o.supplier.clone())
            .filter(|n| !registry.iter().any(|s| shared::costs::Supplier::same_name(&s.name, n)))
            .collect();
        others.sort();
        others.dedup();
        names.extend(others);
        names
    };
    let listed = |name: &str| registry.iter().any(|s| shared::costs::Supplier::same_name(&s.name, name));
    let unlisted = !order.supplier.trim().is_empty() && !registry.is_empty() && !listed(&order.supplier);
    let set_order = |change: fn(&mut OrderDraft, String)| {
        let order = order.clone();
        Callback::from(move |e: InputEvent| {
            let value = input_value(&e);
            order.update(move |d| change(d, value));
        })
    };
    let set_line = |i: usize, change: fn(&mut (String, String, String, String), String)| {
        let order = order.clone();
        Callback::from(move |e: InputEvent| {
            let value = input_value(&e);
            order.update(move |d| {
                if let Some(line) = d.lines.get_mut(i) {
                    change(line, value);
                }
            });
        })
    };
    let set_invoice = |change: fn(&mut InvoiceDraft, String)| {
        let invoice = invoice.clone();
        Callback::from(move |e: InputEvent| {
            let value = input_value(&e);
            invoice.update(move |d| change(d, value));
        })
    };
    let over = money.committed_total > money.budget_total;
    let sending = if props.busy { pick(l, "提交中…", "Sending…") } else { pick(l, "提交", "Send") };
    html! {
        <section class="card" id="money">
            <h2>{ pick(l, "预算与花费", "Budget and spending") }</h2>
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
            if let Some(o) = costs.overruns.last() {
                <p class="hint" id="money-overrun">{ match l {
                    Lang::Zh => format!("{}于{}批准超支至 {} 元：{}", o.by_name, crate::i18n::date(l, o.on), o.ceiling, o.reason),
                    Lang::En => format!("{} approved orders up to ¥{} on {}: {}", o.by_name, o.ceiling, crate::i18n::date(l, o.on), o.reason),
                } }</p>
            }
            { orders_list(l, costs) }

            if props.can_order {
                <div class="form money-form" id="order-form">
                    <h3>{ pick(l, "采购下单", "Place an order") }</h3>
                    <div class="grid3 labelled">
                        <div><label for="order-supplier">{ pick(l, "供应商", "Supplier") }</label>
                            <input id="order-supplier" list="known-suppliers" value={order.supplier.clone()} oninput={{
                                // A supplier on the list brings its kind with it.
                                let (order, registry) = (order.clone(), registry.clone());
                                Callback::from(move |e: InputEvent| {
                                    let value = input_value(&e);
                                    let kind = registry.iter().find(|s| shared::costs::Supplier::same_name(&s.name, &value)).map(|s| s.kind);
                                    order.update(move |d| {
                                        if let Some(kind) = kind {
                                            d.kind = kind_value(kind).to_owned();
                                        }
                                        d.supplier = value;
                                    });
                                })
                            }} />
                            if unlisted { <span class="hint" id="order-supplier-unlisted">{ pick(l, "不在供应商名单中：将按输入的名称记录", "Not on the supplier list: recorded under the name typed") }</span> }
                            <datalist id="known-suppliers">{ for suppliers.iter().map(|s| html! { <option value={s.clone()} /> }) }</datalist></div>
                        <div><label for="order-kind">{ pick(l, "类别", "Kind") }</label>
                            <Select id="order-kind" value={order.kind.clone()}
                                options={SupplierKind::ALL.iter().map(|k| (AttrValue::from(kind_value(*k)), AttrValue::from(kind_name(l, *k)))).collect::<Vec<_>>()}
                                onchange={{ let order = order.clone(); Callback::from(move |v: String| order.update(move |d| d.kind = v)) }} /></div>
                        <div><label for="order-budget-line">{ pick(l, "计入预算项", "Budget line") }</label>
                            <Select id="order-budget-line" value={order.budget_line.clone()}
                                options={std::iter::once((AttrValue::from(""), AttrValue::from(pick(l, "不对应预算项", "None"))))
                                    .chain(budget_lines.iter().map(|b| (AttrValue::from(b.item.clone()), AttrValue::from(b.item.clone())))).collect::<Vec<_>>()}
                                onchange={{ let order = order.clone(); Callback::from(move |v: String| order.update(move |d| d.budget_line = v)) }} /></div>
                    </div>
                    <table class="order-lines">
                        <thead><tr>
                            <th>{ pick(l, "品名", "Item") }</th><th>{ pick(l, "规格", "Spec") }</th>
                            <th class="num">{ pick(l, "数量", "Qty") }</th><th class="num">{ pick(l, "单价（元）", "Unit price (CNY)") }</th>
                        </tr></thead>
                        <tbody>{ for order.lines.iter().enumerate().map(|(i, (item, spec, quantity, price))| html! {
                            <tr>
                                <td><input class="ol-item" value={item.clone()} oninput={set_line(i, |line, v| line.0 = v)} /></td>
                                <td><input class="ol-spec" value={spec.clone()} oninput={set_line(i, |line, v| line.1 = v)} /></td>
                                <td><input class="ol-qty num" inputmode="numeric" value={quantity.clone()} oninput={set_line(i, |line, v| line.2 = v)} /></td>
                                <td><input class="ol-price num" inputmode="decimal" value={price.clone()} oninput={set_line(i, |line, v| line.3 = v)} /></td>
                            </tr>
                        }) }</tbody>
                    </table>
                    <div class="buttons">
                        <button class="secondary" id="order-add-line" onclick={{ let order = order.clone(); Callback::from(move |_| order.update(|d| d.lines.push(Default::default()))) }}>
                            { pick(l, "加一行", "Add a line") }</button>
                        <label for="order-expected">{ pick(l, "预计到货", "Expected") }</label>
                        <input id="order-expected" type="date" value={order.expected_on.clone()} oninput={set_order(|d, v| d.expected_on = v)} />
                    </div>
                    <p class="total" id="order-total">{ match l {
                        Lang::Zh => format!("本单合计 {order_total} 元"),
                        Lang::En => format!("This order: ¥{order_total}"),
                    } }</p>
                    // Told once something is typed, not on a form just opened.
                    if *order != blank_order() { { problems(l, "order-problems", &order_errors) } }
                    <button id="order-submit" disabled={!order_errors.is_empty() || props.busy} onclick={{
                        let (act, action, key) = (props.act.clone(), record_order.clone(), order_key.clone());
                        Callback::from(move |_| act.emit((Action::RecordOrder(action.clone()), Some(key.clone()))))
                    }}>{ sending }</button>
                </div>
            }

            if props.can_invoice {
                <div class="form money-form" id="invoice-form">
                    <h3>{ pick(l, "登记发票", "Record an invoice") }</h3>
                    <div class="grid3 labelled">
                        <div><label for="invoice-supplier">{ pick(l, "供应商", "Supplier") }</label>
                            <input id="invoice-supplier" list="known-suppliers" value={invoice.supplier.clone()} oninput={set_invoice(|d, v| d.supplier = v)} /></div>
                        <div><label for="invoice-no">{ pick(l, "发票号码", "Invoice number") }</label>
                            <input id="invoice-no" value={invoice.invoice_no.clone()} oninput={set_invoice(|d, v| d.invoice_no = v)} /></div>
                        <div><label for="invoice-amount">{ pick(l, "金额（元）", "Amount (CNY)") }</label>
                            <input id="invoice-amount" inputmode="decimal" value={invoice.amount.clone()} oninput={set_invoice(|d, v| d.amount = v)} /></div>
                        <div><label for="invoice-order">{ pick(l, "对应订单", "Order") }</label>
                            <Select id="invoice-order" value={invoice.order.clone()}
                                options={std::iter::once((AttrValue::from(""), AttrValue::from(pick(l, "不对应订单", "None"))))
                                    .chain(costs.orders.iter().filter(|o| o.is_live()).map(|o| (AttrValue::from(o.number.to_string()), AttrValue::from(order_label(l, o))))).collect::<Vec<_>>()}
                                onchange={{ let invoice = invoice.clone(); Callback::from(move |v: String| invoice.update(move |d| d.order = v)) }} /></div>
                        <div><label for="invoice-reason">{ pick(l, "原因（超出订单金额时填写）", "Reason (when it bills more than the order)") }</label>
                            <input id="invoice-reason" value={invoice.reason.clone()} oninput={set_invoice(|d, v| d.reason = v)} /></div>
                    </div>
                    if *invoice != InvoiceDraft::default() { { problems(l, "invoice-problems", &invoice_errors) } }
                    <button id="invoice-submit" disabled={!invoice_errors.is_empty() || props.busy} onclick={{
                        let (act, action, key) = (props.act.clone(), record_invoice.clone(), invoice_key.clone());
                        Callback::from(move |_| act.emit((Action::RecordInvoice(action.clone()), Some(key.clone()))))
                    }}>{ sending }</button>
                </div>
            }

            if props.can_cancel && costs.orders.iter().any(|o| o.is_live()) {
                <div class="form money-form" id="cancel-order-form">
                    <h3>{ pick(l, "撤销订单", "Cancel an order") }</h3>
                    <div class="grid3 labelled">
                        <div><label for="cancel-order">{ pick(l, "订单", "Order") }</label>
                            <Select id="cancel-order" value={cancel.0.clone()} placeholder={AttrValue::from(pick(l, "请选择订单", "Choose an order"))}
                                options={costs.orders.iter().filter(|o| o.is_live()).map(|o| (AttrValue::from(o.number.to_string()), AttrValue::from(order_label(l, o)))).collect::<Vec<_>>()}
                                onchange={{ let cancel = cancel.clone(); Callback::from(move |v: String| cancel.set((v, cancel.1.clone()))) }} /></div>
                        <div><label for="cancel-reason">{ pick(l, "原因", "Reason") }</label>
                            <input id="cancel-reason" value={cancel.1.clone()} oninput={{ let cancel = cancel.clone(); Callback::from(move |e: InputEvent| cancel.set((cancel.0.clone(), input_value(&e)))) }} /></div>
                    </div>
                    <button class="secondary" id="cancel-order-submit" disabled={cancel.0.is_empty() || cancel.1.trim().is_empty() || props.busy} onclick={{
                        let (act, cancel) = (props.act.clone(), cancel.clone());
                        Callback::from(move |_| {
                            if let Ok(order) = cancel.0.parse() {
                                act.emit((Action::CancelOrder(CancelOrder { order, reason: cancel.1.clone() }), None));
                                cancel.set(Default::default());
                            }
                        })
                    }}>{ pick(l, "撤销", "Cancel the order") }</button>
                </div>
            }

            if props.can_overrun {
                <div class="form money-form" id="overrun-form">
                    <h3>{ pick(l, "批准超支", "Approve an overrun") }</h3>
                    <div class="grid3 labelled">
                        <div><label for="overrun-ceiling">{ pick(l, "下单上限（元）", "Orders up to (CNY)") }</label>
                            <input id="overrun-ceiling" inputmode="decimal" value={overrun.0.clone()} oninput={{ let o = overrun.clone(); Callback::from(move |e: InputEvent| o.set((input_value(&e), o.1.clone()))) }} /></div>
                        <div><label for="overrun-reason">{ pick(l, "原因", "Reason") }</label>
                            <input id="overrun-reason" value={overrun.1.clone()} oninput={{ let o = overrun.clone(); Callback::from(move |e: InputEvent| o.set((o.0.clone(), input_value(&e)))) }} /></div>
                    </div>
                    {{
                        let mut errors = Vec::new();
                        let ceiling = yuan("ceiling".into(), &overrun.0, &mut errors);
                        let action = ApproveOverrun { ceiling, reason: overrun.1.clone() };
                        if !overrun.0.is_empty() || !overrun.1.is_empty() {
                            errors.extend(check(&action, c, &ctx, money.tolerance_percent));
                        } else {
                            errors.clear();
                        }
                        let blank = overrun.0.is_empty() || overrun.1.trim().is_empty();
                        let (act, overrun) = (props.act.clone(), overrun.clone());
                        html! { <>
                            { problems(l, "overrun-problems", &errors) }
                            <button id="overrun-submit" disabled={blank || !errors.is_empty() || props.busy} onclick={Callback::from(move |_| {
                                act.emit((Action::ApproveOverrun(action.clone()), None));
                                overrun.set(Default::default());
                            })}>{ pick(l, "批准", "Approve") }</button>
                        </> }
                    }}
                </div>
            }
        </section>
    }
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
