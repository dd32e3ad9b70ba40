//! The store's forms on the campaign page: confirm the plan or ask for changes, confirm a
//! delivery, report sales and rate, ask for on-site help; each keeps what was typed as a
//! draft until the server has it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use shared::Lang;
use shared::api::AttachmentView;
use shared::campaign::{Campaign, GiftItem, HelpKind, MaterialItem, ReceiptLine, StorePlan};
use shared::clock::parse_iso_date;
use shared::ids::{AttachmentId, StoreId};
use shared::messages::FieldError;
use shared::money::Fen;
use shared::workflow::{
    Action, ConfirmPlan, ConfirmReceipt, Rate, ReportSales, RequestChanges, RequestHelp, check_receipt,
    check_store_plan,
};
use yew::prelude::*;

use super::parts::{SendAction, SendActions, thumbnail};
use super::sections::plan_section;
use crate::api::{self, CallError};
use crate::ctx::AppCtx;
use crate::i18n::{Text, date, field_error, pick};
use crate::pages::{Draft, input_value, use_draft};
use crate::widgets::ConfirmButton;

#[derive(Properties, PartialEq)]
pub(super) struct FormProps {
    pub(super) campaign: Campaign,
    pub(super) store: StoreId,
    pub(super) act: SendAction,
    #[prop_or_default]
    pub(super) act_all: Option<SendActions>,
    /// An action of this page is on its way: buttons wait.
    pub(super) busy: bool,
}

fn errors_list(l: Lang, errors: &[FieldError]) -> Html {
    if errors.is_empty() {
        return html! {};
    }
    html! { <ul class="field-errors">{ for errors.iter().map(|e| html! { <li class="field-error">{ field_error(l, e) }</li> }) }</ul> }
}

/// 门店确认, as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct PlanDraft {
    starts_on: String,
    ends_on: String,
    policy: String,
    materials: Vec<MaterialItem>,
    gifts: Vec<GiftItem>,
    ship_on: String,
    pub(super) comment: String,
}

fn parse_store_plan(d: &PlanDraft) -> Option<StorePlan> {
    Some(StorePlan {
        starts_on: parse_iso_date(&d.starts_on)?,
        ends_on: parse_iso_date(&d.ends_on)?,
        policy: d.policy.clone(),
        materials: d.materials.clone(),
        gifts: d.gifts.clone(),
        ship_on: parse_iso_date(&d.ship_on)?,
    })
}

/// The day goods should leave for the store: five working days before the campaign
/// starts (two to ship, three to check and set up), not before today.
fn default_ship_on(c: &Campaign, ctx: Option<&AppCtx>) -> Option<chrono::NaiveDate> {
    let ctx = ctx?;
    let starts = c.starts_on?;
    let mut day = starts;
    let mut left = 5;
    while left > 0 {
        day = day.pred_opt()?;
        if ctx.calendar.is_working_day(day).unwrap_or(true) {
            left -= 1;
        }
    }
    Some(day.max(ctx.today).min(starts))
}

#[function_component(ConfirmPlanForm)]
pub(super) fn confirm_plan_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let c = &props.campaign;
    let key = format!("draft.{}.confirm", c.id);
    let starts = c.starts_on.map(|d| d.to_string()).unwrap_or_default();
    let ends = c.ends_on.map(|d| d.to_string()).unwrap_or_default();
    // Goods must be at the store before the campaign starts: the ship date defaults to
    // the campaign's schedule (the day shipping is due), never the start itself.
    let ship_default = default_ship_on(c, ctx.as_ref()).map(|d| d.to_string()).unwrap_or_else(|| starts.clone());
    let draft = use_draft(key.clone(), move || PlanDraft {
        starts_on: starts.clone(),
        ends_on: ends,
        policy: String::new(),
        materials: Vec::new(),
        gifts: Vec::new(),
        ship_on: ship_default,
        comment: String::new(),
    });
    // Asking for changes opens the comment box; confirming needs nothing more.
    let asking = use_state(|| false);
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let (parsed, errors) = plan_errors(&draft);
    let edit = |apply: fn(&mut PlanDraft, String)| edit_plan(&draft, apply);
    let confirm = {
        let (act, store, key, parsed) = (props.act.clone(), props.store, key.clone(), parsed.clone());
        Callback::from(move |_| {
            if let Some(plan) = &parsed {
                act.emit((Action::ConfirmPlan(ConfirmPlan { store, plan: plan.clone() }), Some(key.clone())));
            }
        })
    };
    let ask = {
        let (act, store, key, draft) = (props.act.clone(), props.store, key, draft.clone());
        Callback::from(move |_| {
            act.emit((
                Action::RequestChanges(RequestChanges { store, comment: draft.comment.clone() }),
                Some(key.clone()),
            ))
        })
    };
    let open_ask = {
        let asking = asking.clone();
        Callback::from(move |_| asking.set(!*asking))
    };
    let busy = props.busy;
    html! {
        <section class="card form" id="confirm-plan">
            <h2>{ ctx.t(Text::ConfirmPlan) }</h2>
            <p class="hint">{ pick(l, "请先看总部批准的方案，再确认或提出修改意见。", "Read the plan the center approved, then confirm it or ask for changes.") }</p>
            { plan_section(&ctx, c) }
            { store_details(&ctx, &draft) }
            { errors_list(l, &errors) }
            <div class="decision">
                <button id="confirm-plan-submit" disabled={!errors.is_empty() || busy} onclick={confirm}>
                    { if busy { ctx.t(Text::Sending) } else { pick(l, "确认方案", "Confirm the plan") } }
                </button>
                <button id="ask-changes-open" class={if *asking { "secondary selected" } else { "secondary" }} disabled={busy} onclick={open_ask}>{ ctx.t(Text::AskChanges) }</button>
            </div>
            if *asking {
                <div class="ask-changes">
                    <label for="cp-comment">{ pick(l, "需要修改的地方（必填）", "What should change (required)") }</label>
                    <textarea id="cp-comment" value={draft.comment.clone()} oninput={edit(|d, v| d.comment = v)} />
                    <button id="ask-changes" disabled={draft.comment.trim().is_empty() || busy} onclick={ask}>
                        { if busy { ctx.t(Text::Sending) } else { pick(l, "发送修改意见", "Send the changes") } }
                    </button>
                </div>
            }
        </section>
    }
}

/// The confirmation as typed, read, and what is wrong with it.
fn plan_errors(draft: &PlanDraft) -> (Option<StorePlan>, Vec<FieldError>) {
    let parsed = parse_store_plan(draft);
    let mut errors = Vec::new();
    for (field, value) in
        [("plan.starts_on", &draft.starts_on), ("plan.ends_on", &draft.ends_on), ("plan.ship_on", &draft.ship_on)]
    {
        if parse_iso_date(value).is_none() {
            errors.push(FieldError::new(field, &shared::messages::Message::InvalidDate));
        }
    }
    if let Some(plan) = &parsed {
        errors.extend(check_store_plan(plan));
    }
    (parsed, errors)
}

/// A callback that writes an input's value into the draft.
fn edit_plan(draft: &Draft<PlanDraft>, apply: fn(&mut PlanDraft, String)) -> Callback<InputEvent> {
    let draft = draft.clone();
    Callback::from(move |e: InputEvent| {
        let value = input_value(&e);
        draft.update(move |next| apply(next, value));
    })
}

/// The store's own details, optional: its dates, offer, materials, gifts and ship date.
fn store_details(ctx: &AppCtx, draft: &Draft<PlanDraft>) -> Html {
    let l = ctx.lang;
    let edit = |apply: fn(&mut PlanDraft, String)| edit_plan(draft, apply);
    let edit_row = |list: &'static str, i: usize, field: &'static str| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let value = input_value(&e);
            draft.update(move |next| match (list, field) {
                ("materials", "item") => next.materials[i].item = value,
                ("materials", "size") => next.materials[i].size = value,
                ("materials", _) => next.materials[i].quantity = value.parse().unwrap_or(0),
                (_, "item") => next.gifts[i].item = value,
                _ => next.gifts[i].quantity = value.parse().unwrap_or(0),
            });
        })
    };
    let add = |list: &'static str| {
        let draft = draft.clone();
        Callback::from(move |_| {
            draft.update(move |next| {
                if list == "materials" {
                    next.materials.push(MaterialItem { item: String::new(), size: String::new(), quantity: 1 });
                } else {
                    next.gifts.push(GiftItem { item: String::new(), quantity: 1 });
                }
            });
        })
    };
    let remove = |list: &'static str, i: usize| {
        let draft = draft.clone();
        Callback::from(move |_| {
            draft.update(move |next| {
                if list == "materials" {
                    next.materials.remove(i);
                } else {
                    next.gifts.remove(i);
                }
            });
        })
    };
    let has_details = !draft.materials.is_empty() || !draft.gifts.is_empty() || !draft.policy.is_empty();
    html! {
    <details id="cp-details" open={has_details}>
        <summary>{ pick(l, "本店执行细节（可选）：活动时间、政策、物料、促销品、发货时间", "The store's details (optional): dates, policy, materials, gifts, ship date") }</summary>
        <div class="grid2">
            <div><label for="cp-starts">{ ctx.t(Text::StartsOn) }</label><input id="cp-starts" type="date" value={draft.starts_on.clone()} oninput={edit(|d, v| d.starts_on = v)} /></div>
            <div><label for="cp-ends">{ ctx.t(Text::EndsOn) }</label><input id="cp-ends" type="date" value={draft.ends_on.clone()} oninput={edit(|d, v| d.ends_on = v)} /></div>
        </div>
        <label for="cp-ship">{ ctx.t(Text::ShipOn) }</label>
        <input id="cp-ship" type="date" value={draft.ship_on.clone()} oninput={edit(|d, v| d.ship_on = v)} />
        <label for="cp-policy">{ pick(l, "本店优惠政策", "The store's offer") }</label>
        <input id="cp-policy" value={draft.policy.clone()} oninput={edit(|d, v| d.policy = v)} />
        <h3>{ ctx.t(Text::Materials) }</h3>
        if !draft.materials.is_empty() {
            <div class="line material-line line-head" aria-hidden="true"><span>{ ctx.t(Text::Item) }</span><span>{ ctx.t(Text::Size) }</span><span>{ pick(l, "数量", "Quantity") }</span><span></span></div>
        }
        { for draft.materials.iter().enumerate().map(|(i, m)| html! {
            <div class="line material-line">
                <input class="m-item" aria-label={format!("{} {}", ctx.t(Text::Item), i + 1)} placeholder={ctx.t(Text::Item)} value={m.item.clone()} oninput={edit_row("materials", i, "item")} />
                <input class="m-size" aria-label={ctx.t(Text::Size)} placeholder={ctx.t(Text::Size)} value={m.size.clone()} oninput={edit_row("materials", i, "size")} />
                <input class="m-qty" aria-label={pick(l, "数量", "Quantity")} type="number" min="1" inputmode="numeric" value={m.quantity.to_string()} oninput={edit_row("materials", i, "quantity")} />
                <button class="secondary" onclick={remove("materials", i)}>{ ctx.t(Text::Remove) }</button>
            </div>
        }) }
        <button class="secondary" id="cp-add-material" onclick={add("materials")}>{ pick(l, "添加物料", "Add a material") }</button>
        <h3>{ ctx.t(Text::Gifts) }</h3>
        if !draft.gifts.is_empty() {
            <div class="line gift-line line-head" aria-hidden="true"><span>{ ctx.t(Text::Item) }</span><span>{ pick(l, "数量", "Quantity") }</span><span></span></div>
        }
        { for draft.gifts.iter().enumerate().map(|(i, g)| html! {
            <div class="line gift-line">
                <input class="g-item" aria-label={format!("{} {}", ctx.t(Text::Item), i + 1)} placeholder={ctx.t(Text::Item)} value={g.item.clone()} oninput={edit_row("gifts", i, "item")} />
                <input class="g-qty" aria-label={pick(l, "数量", "Quantity")} type="number" min="1" inputmode="numeric" value={g.quantity.to_string()} oninput={edit_row("gifts", i, "quantity")} />
                <button class="secondary" onclick={remove("gifts", i)}>{ ctx.t(Text::Remove) }</button>
            </div>
        }) }
        <button class="secondary" id="cp-add-gift" onclick={add("gifts")}>{ pick(l, "添加促销品", "Add a gift") }</button>
    </details>
    }
}

/// 到店确认, as typed: per shipped item, what arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ReceiptDraft {
    lines: Vec<ReceiptLine>,
    photos: Vec<AttachmentId>,
}

#[function_component(ReceiptForm)]
pub(super) fn receipt_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let c = &props.campaign;
    let key = format!("draft.{}.receipt", c.id);
    let mut expected: BTreeMap<String, u32> = BTreeMap::new();
    for shipment in c.shipments.iter().filter(|s| s.store == props.store) {
        for item in &shipment.items {
            *expected.entry(item.item.clone()).or_default() += item.quantity;
        }
    }
    let draft = use_draft(key.clone(), move || ReceiptDraft {
        lines: expected
            .into_iter()
            .map(|(item, n)| ReceiptLine { item, expected: n, received: n, damaged: 0, note: String::new() })
            .collect(),
        photos: Vec::new(),
    });
    let uploading = use_state(|| false);
    let Some(ctx) = ctx else { return html! {} };
    let errors = check_receipt(&draft.lines, &draft.photos);
    let edit = |i: usize, field: &'static str| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let value = input_value(&e);
            draft.update(move |next| {
                let line = &mut next.lines[i];
                match field {
                    "received" => line.received = value.parse().unwrap_or(0),
                    "damaged" => line.damaged = value.parse().unwrap_or(0),
                    _ => line.note = value,
                }
            });
        })
    };
    let on_photo = {
        let (draft, uploading, ctx) = (draft.clone(), uploading.clone(), ctx.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let (draft, uploading, ctx) = (draft.clone(), uploading.clone(), ctx.clone());
            uploading.set(true);
            yew::platform::spawn_local(async move {
                let result: Result<AttachmentView, CallError> = api::upload(&file).await;
                ctx.note(&result);
                if let Ok(view) = result {
                    draft.update(move |next| {
                        next.photos.push(view.id);
                    });
                }
                uploading.set(false);
            });
        })
    };
    let submit = {
        let (act, store, draft, key) = (props.act.clone(), props.store, draft.clone(), key);
        Callback::from(move |_| {
            act.emit((
                Action::ConfirmReceipt(ConfirmReceipt {
                    store,
                    lines: draft.lines.clone(),
                    photos: draft.photos.clone(),
                }),
                Some(key.clone()),
            ))
        })
    };
    html! {
        <section class="card form" id="confirm-receipt">
            <h2>{ ctx.t(Text::ConfirmDelivery) }</h2>
            <table class="receipt">
                <thead><tr>
                    <th>{ ctx.t(Text::Item) }</th><th class="num">{ ctx.t(Text::Expected) }</th>
                    <th>{ ctx.t(Text::Received) }</th><th>{ ctx.t(Text::Damaged) }</th><th>{ ctx.t(Text::Note) }</th>
                </tr></thead>
                <tbody>
                    { for draft.lines.iter().enumerate().map(|(i, line)| html! {
                        <tr class="receipt-line">
                            <td>{ &line.item }</td>
                            <td class="num">{ line.expected }</td>
                            <td><input class="received" type="number" min="0" inputmode="numeric" value={line.received.to_string()} oninput={edit(i, "received")} /></td>
                            <td><input class="damaged" type="number" min="0" inputmode="numeric" value={line.damaged.to_string()} oninput={edit(i, "damaged")} /></td>
                            <td><input class="note" value={line.note.clone()} oninput={edit(i, "note")} /></td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <label class="file-button" for="receipt-photo">{ if *uploading { ctx.t(Text::Uploading) } else { ctx.t(Text::TakePhoto) } }</label>
            <input id="receipt-photo" type="file" accept="image/*" capture="environment" onchange={on_photo} />
            <div class="thumbs">{ for draft.photos.iter().copied().map(thumbnail) }</div>
            { errors_list(ctx.lang, &errors) }
            <button id="confirm-receipt-submit" disabled={!errors.is_empty() || *uploading || props.busy} onclick={submit}>
                { if props.busy { ctx.t(Text::Sending) } else { pick(ctx.lang, "确认到货", "Confirm the delivery") } }
            </button>
        </section>
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct RateDraft {
    satisfied: Option<bool>,
    pub(super) comment: String,
    #[serde(default)]
    sales: String,
}

/// The store's sales figure as reported, if it was.
fn reported_sales(campaign: &Campaign, store: StoreId) -> Option<&shared::campaign::SalesFigure> {
    campaign.sales.iter().rev().find(|s| s.store == store)
}

/// The last step of a campaign for a store: its sales and its rating together, because
/// once every store has rated the campaign is closed and neither can change. Asks before
/// it sends.
#[function_component(RateForm)]
pub(super) fn rate_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let key = format!("draft.{}.rate", props.campaign.id);
    let reported = reported_sales(&props.campaign, props.store).map(|s| s.amount);
    let draft = use_draft(key.clone(), move || RateDraft {
        satisfied: None,
        comment: String::new(),
        sales: reported.map(|a| a.to_string()).unwrap_or_default(),
    });
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let pick_rating = |value: bool| {
        let draft = draft.clone();
        Callback::from(move |_| draft.update(move |d| d.satisfied = Some(value)))
    };
    let sales = Fen::parse_yuan(&draft.sales);
    let sales_error =
        (!draft.sales.trim().is_empty() && sales.is_none()) || (draft.sales.trim().is_empty() && reported.is_none());
    let ready = draft.satisfied.is_some() && !sales_error;
    let submit = {
        let (act_all, store, draft, key) = (props.act_all.clone(), props.store, draft.clone(), key);
        Callback::from(move |()| {
            let (Some(act_all), Some(satisfied)) = (&act_all, draft.satisfied) else { return };
            let mut actions = Vec::new();
            if let Some(amount) = Fen::parse_yuan(&draft.sales).filter(|a| Some(*a) != reported) {
                actions.push(Action::ReportSales(ReportSales { store, amount }));
            }
            actions.push(Action::Rate(Rate { store, satisfied, comment: draft.comment.clone() }));
            act_all.emit((actions, Some(key.clone())));
        })
    };
    let class = |on: bool| if on { "choice selected" } else { "choice" };
    html! {
        <section class="card form" id="rate">
            <h2>{ pick(l, "销售额与满意度评价", "Sales and rating") }</h2>
            <p class="hint">{ pick(l, "这是本店在这个活动中的最后一步：请上报活动期间的销售额，并评价总部的工作。",
                "This is the store's last step in this campaign: report the sales during the campaign and rate the center's work.") }</p>
            <label for="rate-sales">{ ctx.t(Text::SalesAmount) }</label>
            <input id="rate-sales" inputmode="decimal" value={draft.sales.clone()}
                oninput={{ let draft = draft.clone(); Callback::from(move |e: InputEvent| { let v = input_value(&e); draft.update(move |d| d.sales = v) }) }} />
            if let Some(figure) = reported_sales(&props.campaign, props.store) {
                <p class="hint" id="sales-reported">{ format!("{}：¥{}（{}）", pick(l, "已上报", "Reported"), figure.amount, date(l, figure.reported_on)) }</p>
            }
            if sales_error && !draft.sales.trim().is_empty() {
                <p class="field-error">{ format!("{}：{}", ctx.t(Text::SalesAmount), shared::messages::Message::AmountOutOfRange.text(l)) }</p>
            }
            <p class="label">{ ctx.t(Text::Rate) }</p>
            <div class="choices">
                <button id="rate-satisfied" class={class(draft.satisfied == Some(true))} onclick={pick_rating(true)}>{ ctx.t(Text::Satisfied) }</button>
                <button id="rate-unsatisfied" class={class(draft.satisfied == Some(false))} onclick={pick_rating(false)}>{ ctx.t(Text::NotSatisfied) }</button>
            </div>
            <label for="rate-comment">{ pick(l, "意见（可选）", "Comment (optional)") }</label>
            <textarea id="rate-comment" value={draft.comment.clone()}
                oninput={{ let draft = draft.clone(); Callback::from(move |e: InputEvent| { let v = input_value(&e); draft.update(move |d| d.comment = v) }) }} />
            if !ready {
                <p class="hint" id="rate-missing">{
                    match (draft.satisfied.is_none(), sales_error) {
                        (true, true) => pick(l, "请填写销售额并选择满意或不满意", "Enter the sales and choose satisfied or not"),
                        (true, false) => pick(l, "请选择满意或不满意", "Choose satisfied or not"),
                        _ => pick(l, "请填写销售额", "Enter the sales"),
                    }
                }</p>
            }
            <ConfirmButton id="rate-submit" lang={l} disabled={!ready} busy={props.busy}
                label={pick(l, "提交销售额和评价", "Send the sales and the rating")}
                question={pick(l, "提交后，本店在这个活动中的销售额和评价不能再修改。确定提交吗？",
                    "Once sent, the store's sales and rating for this campaign cannot be changed. Send them?")}
                on_confirm={submit} />
        </section>
    }
}

/// Sales while the campaign runs or is being summarised (the rating comes after).
#[function_component(SalesForm)]
pub(super) fn sales_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let key = format!("draft.{}.sales", props.campaign.id);
    let amount = use_draft(key.clone(), String::new);
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let parsed = Fen::parse_yuan(&amount);
    let submit = {
        let (act, store, key) = (props.act.clone(), props.store, key);
        Callback::from(move |_| {
            if let Some(fen) = parsed {
                act.emit((Action::ReportSales(ReportSales { store, amount: fen }), Some(key.clone())));
            }
        })
    };
    html! {
        <section class="card form" id="report-sales">
            <h2>{ ctx.t(Text::ReportSales) }</h2>
            if let Some(figure) = reported_sales(&props.campaign, props.store) {
                <p class="hint" id="sales-reported">{ format!("{}：¥{}（{}）", pick(l, "已上报", "Reported"), figure.amount, date(l, figure.reported_on)) }</p>
            }
            <label for="sales-amount">{ ctx.t(Text::SalesAmount) }</label>
            <input id="sales-amount" inputmode="decimal" value={(*amount).clone()}
                oninput={{ let amount = amount.clone(); Callback::from(move |e: InputEvent| amount.set(input_value(&e))) }} />
            if !amount.is_empty() && parsed.is_none() {
                <p class="field-error">{ format!("{}：{}", ctx.t(Text::SalesAmount), shared::messages::Message::AmountOutOfRange.text(l)) }</p>
            }
            <button id="sales-submit" disabled={parsed.is_none() || props.busy} onclick={submit}>
                { if props.busy { ctx.t(Text::Sending) } else { ctx.t(Text::Send) } }
            </button>
        </section>
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct HelpDraft {
    photography: bool,
    pub(super) note: String,
}

#[function_component(HelpForm)]
pub(super) fn help_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let key = format!("draft.{}.help", props.campaign.id);
    let draft = use_draft(key.clone(), || HelpDraft { photography: true, note: String::new() });
    let Some(ctx) = ctx else { return html! {} };
    let pick_kind = |photography: bool| {
        let draft = draft.clone();
        Callback::from(move |_| draft.update(move |d| d.photography = photography))
    };
    let submit = {
        let (act, store, draft, key) = (props.act.clone(), props.store, draft.clone(), key);
        Callback::from(move |_| {
            let kind = if draft.photography { HelpKind::Photography } else { HelpKind::MarketExecution };
            act.emit((Action::RequestHelp(RequestHelp { store, kind, note: draft.note.clone() }), Some(key.clone())));
        })
    };
    let class = |on: bool| if on { "choice selected" } else { "choice" };
    html! {
        <section class="card form" id="ask-help">
            <h2>{ ctx.t(Text::AskHelp) }</h2>
            <div class="choices">
                <button class={class(draft.photography)} onclick={pick_kind(true)}>{ ctx.t(Text::HelpPhotography) }</button>
                <button class={class(!draft.photography)} onclick={pick_kind(false)}>{ ctx.t(Text::HelpExecution) }</button>
            </div>
            <label for="help-note">{ ctx.t(Text::Note) }</label>
            <textarea id="help-note" value={draft.note.clone()}
                oninput={{ let draft = draft.clone(); Callback::from(move |e: InputEvent| { let v = input_value(&e); draft.update(move |d| d.note = v) }) }} />
            <button id="help-submit" disabled={props.busy} onclick={submit}>
                { if props.busy { ctx.t(Text::Sending) } else { ctx.t(Text::Send) } }
            </button>
        </section>
    }
}
