//! One campaign: its progress through the stages, who did what and when, the approved
//! plan with its budget, design files as thumbnails, and the forms for what the user may
//! do now — for a store: confirm the plan or ask for changes, confirm a delivery (with a
//! photo of what is missing or damaged), ask for on-site help, report sales, rate.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use shared::Lang;
use shared::api::{ActionRequest, AttachmentView, CampaignDetail};
use shared::campaign::{Campaign, GiftItem, HelpKind, MaterialItem, ReceiptLine, Stage, StorePlan};
use shared::clock::parse_iso_date;
use shared::endpoints::{ActOnCampaign, Download, GetCampaign, GetThumbnail, url};
use shared::ids::{AttachmentId, StoreId};
use shared::messages::FieldError;
use shared::money::Fen;
use shared::workflow::{Action, ActionKind, check_receipt, check_store_plan};
use yew::prelude::*;

use super::{input_value, use_draft};
use crate::api::{self, CallError};
use crate::app::{AppCtx, not_found};
use crate::i18n::{Text, action_label, date, kind_name, stage_name, t};
use crate::local;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: u64,
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Missing,
    Ready(Box<CampaignDetail>),
}

/// What the last action attempt came to.
#[derive(Clone, PartialEq)]
enum Outcome {
    None,
    Queued,
    Conflict { seen_history: usize },
    Refused(Vec<FieldError>, String),
}

#[function_component(CampaignPage)]
pub fn campaign_page(props: &Props) -> Html {
    let ctx = use_context::<AppCtx>();
    let load = use_state(|| Load::Loading);
    let outcome = use_state(|| Outcome::None);
    let reload = use_state(|| 0u32);
    {
        let (load, ctx, id) = (load.clone(), ctx.clone(), props.id);
        use_effect_with((id, *reload), move |_| {
            yew::platform::spawn_local(async move {
                let result = api::fetch::<GetCampaign>(&[&id.to_string()], &()).await;
                if let Some(ctx) = &ctx {
                    ctx.note(&result);
                }
                match result {
                    Ok(detail) => load.set(Load::Ready(Box::new(detail))),
                    Err(CallError::Api { status: 404, .. }) => load.set(Load::Missing),
                    Err(_) => {}
                }
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let detail = match &*load {
        Load::Loading => return html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> },
        Load::Missing => return not_found(l),
        Load::Ready(detail) => detail.clone(),
    };
    let campaign: &Campaign = detail.campaign.campaign();

    // Sends one action; the forms below call it.
    let act = {
        let (load, outcome, ctx) = (load.clone(), outcome.clone(), ctx.clone());
        let (id, version, seen) = (campaign.id.0, campaign.version, campaign.history.len());
        Callback::from(move |(action, draft_key): (Action, Option<String>)| {
            let (load, outcome, ctx) = (load.clone(), outcome.clone(), ctx.clone());
            let kind = action.kind();
            let request = ActionRequest { version, action };
            yew::platform::spawn_local(async move {
                let label = action_label(ctx.lang, kind);
                let params = [id.to_string(), kind.as_str().to_owned()];
                let result = api::call_or_queue::<ActOnCampaign>(label, &[&params[0], &params[1]], &request).await;
                ctx.note(&result);
                match result {
                    Ok(Some(next)) => {
                        if let Some(key) = draft_key {
                            local::remove(&key);
                        }
                        outcome.set(Outcome::None);
                        load.set(Load::Ready(Box::new(next)));
                    }
                    Ok(None) => {
                        outcome.set(Outcome::Queued);
                        ctx.outbox_changed.emit(());
                    }
                    Err(error) if error.is_conflict() => outcome.set(Outcome::Conflict { seen_history: seen }),
                    Err(CallError::Api { error, .. }) => {
                        let message = if l == Lang::En { error.message_en.clone() } else { error.message_zh.clone() };
                        outcome.set(Outcome::Refused(error.fields, message));
                    }
                    Err(CallError::Network) => outcome.set(Outcome::Queued),
                }
            });
        })
    };
    let allowed = |kind: ActionKind| detail.actions.iter().any(|a| a.action == kind && a.allowed);
    let my_store = ctx.me.store;
    let refresh = {
        let reload = reload.clone();
        let outcome = outcome.clone();
        Callback::from(move |_| {
            outcome.set(Outcome::None);
            reload.set(*reload + 1)
        })
    };

    html! {
        <>
            <section class="card" id="campaign" data-stage={action_stage_name(campaign.stage)}>
                <h2 id="campaign-title">{ &campaign.title }</h2>
                <p class="row-meta">
                    { kind_name(l, campaign.kind) }
                    { " · " }{ campaign.stores.iter().map(|s| ctx.store_name(*s)).collect::<Vec<_>>().join("、") }
                    { " · " }{ format!("{} {}", ctx.t(Text::Requested), date(l, campaign.requested_on)) }
                </p>
                <p class="row-meta">
                    if let Some(starts) = campaign.starts_on { { format!("{} {}  ", ctx.t(Text::Starts), date(l, starts)) } }
                    if let Some(ends) = campaign.ends_on { { format!("{} {}  ", ctx.t(Text::Ends), date(l, ends)) } }
                    if let Some(due) = campaign.due_on { { format!("{} {}  ", ctx.t(Text::Due), date(l, due)) } }
                    if detail.overdue { <span class="badge overdue">{ ctx.t(Text::Overdue) }</span> }
                    else if let Some(days) = detail.working_days_left.filter(|d| *d >= 0) {
                        { format!("{} {days}", ctx.t(Text::WorkingDaysLeft)) }
                    }
                </p>
                if detail.deadline_provisional {
                    <p class="hint" id="provisional-note">{ shared::messages::Message::ProvisionalCalendar.text(l) }</p>
                }
                if detail.lead_time_short {
                    <p class="hint warning" id="lead-time-short">{ format!("{}：{}", ctx.t(Text::LeadTimeShort),
                        campaign.due_on
                            .and_then(|due| shared::rules::check_video_lead_time(campaign.requested_on, due, &ctx.calendar).err())
                            .map(|message| message.text(l))
                            .unwrap_or_default()) }</p>
                }
                if let Some(handler) = &detail.handler {
                    <p class="row-meta" id="handler">{ format!("{}：{}  {}", ctx.t(Text::Handler), handler.name, handler.contact) }</p>
                }
                { timeline(l, &detail.stages, campaign.stage) }
                if let Some(message) = shared::rules::lateness_message(campaign) {
                    <p class="hint warning" id="lateness">{ message.text(l) }
                        if let Some(o) = &campaign.late_override { { format!(" · {}：{}", o.by_name, o.reason) } }
                    </p>
                }
            </section>
            { needs_section(&ctx, campaign) }
            { outcome_banner(&ctx, &outcome, campaign, refresh) }
            if let (Some(store), true) = (my_store, allowed(ActionKind::ConfirmPlan)) {
                <ConfirmPlanForm campaign={campaign.clone()} store={store} act={act.clone()} />
            }
            if let (Some(store), true) = (my_store, allowed(ActionKind::ConfirmReceipt)) {
                <ReceiptForm campaign={campaign.clone()} store={store} act={act.clone()} />
            }
            if let (Some(store), true) = (my_store, allowed(ActionKind::Rate)) {
                <RateForm campaign={campaign.clone()} store={store} act={act.clone()} />
            }
            if let (Some(store), true) = (my_store, allowed(ActionKind::ReportSales)) {
                <SalesForm campaign={campaign.clone()} store={store} act={act.clone()} />
            }
            if let (Some(store), true) = (my_store, allowed(ActionKind::RequestHelp)) {
                <HelpForm campaign={campaign.clone()} store={store} act={act.clone()} />
            }
            { simple_actions(&ctx, &detail, &act) }
            if ctx.me.role != shared::org::Role::StoreManager {
                { staff_panels(&detail, &act) }
            } else if allowed(ActionKind::SendReminder) && matches!(campaign.stage, Stage::Approval | Stage::Revisions | Stage::DraftPlan) {
                <section class="card actions">
                    <button class="secondary" id="remind" onclick={{
                        let act = act.clone();
                        Callback::from(move |_| act.emit((Action::SendReminder { note: String::new() }, None)))
                    }}>{ ctx.t(Text::Remind) }</button>
                </section>
            }
            { plan_section(&ctx, campaign) }
            { files_section(&ctx, campaign) }
            { history_section(&ctx, campaign) }
        </>
    }
}

#[cfg(feature = "staff")]
fn staff_panels(detail: &CampaignDetail, act: &Act) -> Html {
    html! { <super::staff::StaffPanels detail={detail.clone()} act={act.clone()} /> }
}

/// The store managers' build has no staff panels (a staff login reloads into the staff's).
#[cfg(not(feature = "staff"))]
fn staff_panels(_detail: &CampaignDetail, _act: &Act) -> Html {
    html! {}
}

fn needs_section(ctx: &AppCtx, campaign: &Campaign) -> Html {
    let needs = &campaign.needs;
    let empty = needs.wishes.is_empty()
        && needs.policy.is_empty()
        && needs.budget_hint.is_empty()
        && campaign.brainstorm.is_none();
    if empty {
        return html! {};
    }
    let line = |label: Text, text: &str| {
        if text.is_empty() {
            html! {}
        } else {
            html! { <p><strong>{ format!("{}：", ctx.t(label)) }</strong>{ text.to_owned() }</p> }
        }
    };
    html! {
        <section class="card" id="needs">
            { line(Text::Wishes, &needs.wishes) }
            { line(Text::Policy, &needs.policy) }
            { line(Text::BudgetHint, &needs.budget_hint) }
            if let Some(brainstorm) = &campaign.brainstorm {
                <h3>{ ctx.t(Text::Brainstorm) }</h3>
                <p>{ &brainstorm.notes }</p>
                if !brainstorm.attendees.is_empty() { <p class="hint">{ brainstorm.attendees.join("、") }</p> }
            }
        </section>
    }
}

fn action_stage_name(stage: Stage) -> String {
    serde_json::to_value(stage).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn timeline(l: Lang, stages: &[Stage], current: Stage) -> Html {
    let position = stages.iter().position(|s| *s == current);
    html! {
        <ol class="timeline" aria-label={t(l, Text::Timeline)}>
            { for stages.iter().enumerate().map(|(i, stage)| {
                let class = match position {
                    _ if current == Stage::Cancelled => "todo",
                    Some(p) if i < p => "done",
                    Some(p) if i == p => "current",
                    _ => "todo",
                };
                html! { <li class={class}>{ stage_name(l, *stage) }</li> }
            }) }
            if current == Stage::Cancelled { <li class="current cancelled">{ stage_name(l, Stage::Cancelled) }</li> }
        </ol>
    }
}

fn outcome_banner(ctx: &AppCtx, outcome: &Outcome, campaign: &Campaign, refresh: Callback<MouseEvent>) -> Html {
    match outcome {
        Outcome::None => html! {},
        Outcome::Queued => html! { <div class="banner offline" role="status">{ ctx.t(Text::QueuedOffline) }</div> },
        Outcome::Conflict { seen_history } => html! {
            <div class="banner conflict" id="conflict" role="alert">
                <p>{ ctx.t(Text::Conflict) }</p>
                { for campaign.history.iter().skip(*seen_history).map(|e| html! { <p>{ format!("{} · {}", e.name, stage_name(ctx.lang, e.to)) }</p> }) }
                <button id="reload-campaign" onclick={refresh}>{ ctx.t(Text::Reload) }</button>
            </div>
        },
        Outcome::Refused(fields, message) => html! {
            <div class="banner refused" role="alert" id="refused">
                <p>{ message }</p>
                <ul>{ for fields.iter().map(|f| html! { <li>{ f.message(ctx.lang) }</li> }) }</ul>
            </div>
        },
    }
}

fn simple_label(kind: ActionKind) -> Text {
    match kind {
        ActionKind::StartNeeds => Text::StartNeeds,
        ActionKind::CompleteNeeds => Text::CompleteNeeds,
        ActionKind::SubmitDraft => Text::SubmitDraft,
        ActionKind::SubmitForApproval => Text::SubmitForApproval,
        ActionKind::Approve => Text::Approve,
        ActionKind::CompleteProduction => Text::CompleteProduction,
        _ => Text::FinishExecution,
    }
}

/// Buttons for the actions that need no input (mostly the staff's), for completeness.
fn simple_actions(ctx: &AppCtx, detail: &CampaignDetail, act: &Act) -> Html {
    /// The actions that take no input, as the buttons send them.
    fn simple(kind: ActionKind) -> Option<Action> {
        Some(match kind {
            ActionKind::StartNeeds => Action::StartNeeds,
            ActionKind::CompleteNeeds => Action::CompleteNeeds,
            ActionKind::SubmitDraft => Action::SubmitDraft,
            ActionKind::SubmitForApproval => Action::SubmitForApproval,
            ActionKind::Approve => Action::Approve,
            ActionKind::FinishExecution => Action::FinishExecution,
            ActionKind::CompleteProduction => Action::CompleteProduction { note: String::new() },
            _ => return None,
        })
    }
    let buttons: Vec<Html> = detail
        .actions
        .iter()
        .filter(|a| a.allowed)
        .filter_map(|a| simple(a.action).map(|action| (a.action, action)))
        .map(|(kind, action)| {
            let act = act.clone();
            html! { <button class="action" data-action={kind.as_str()}
                onclick={Callback::from(move |_| act.emit((action.clone(), None)))}>
                { ctx.t(simple_label(kind)) }
            </button> }
        })
        .collect();
    if buttons.is_empty() {
        return html! {};
    }
    html! { <section class="card actions">{ for buttons }</section> }
}

fn plan_section(ctx: &AppCtx, campaign: &Campaign) -> Html {
    // The approved version once there is one, else the latest draft. What a store may
    // see is the server's decision (R4): before approval it sends a store no version.
    let version = campaign
        .approval
        .as_ref()
        .and_then(|approval| campaign.plan_versions.iter().find(|v| v.number == approval.plan_version))
        .or_else(|| campaign.latest_plan());
    let Some(version) = version else {
        return html! { <section class="card" id="plan"><h2>{ ctx.t(Text::Plan) }</h2><p class="empty">{ ctx.t(Text::PlanNotApproved) }</p></section> };
    };
    let plan = &version.document;
    let section = |name: &str, text: &str| html! { <div class="plan-section"><h3>{ name.to_owned() }</h3><p>{ text.to_owned() }</p></div> };
    let names = shared::plan::PlanSection::ALL.map(|s| if ctx.lang == Lang::En { s.name_en() } else { s.name_zh() });
    html! {
        <section class="card" id="plan">
            <h2>{ format!("{} v{}", ctx.t(Text::Plan), version.number) }</h2>
            { section(names[0], &plan.theme) }
            { section(names[1], &plan.strategy) }
            { section(names[2], &plan.implementation) }
            { section(names[3], &plan.forecast) }
            <h3>{ names[4] }</h3>
            <table class="budget">
                <thead><tr><th>{ ctx.t(Text::Item) }</th><th class="num">{ ctx.t(Text::Amount) }</th></tr></thead>
                <tbody>{ for plan.budget.iter().map(|line| html! { <tr><td>{ &line.item }</td><td class="num">{ line.amount.to_string() }</td></tr> }) }</tbody>
                <tfoot><tr><th>{ ctx.t(Text::Total) }</th><th class="num" id="budget-total">{ plan.budget_total().map(|t| t.to_string()).unwrap_or_default() }</th></tr></tfoot>
            </table>
        </section>
    }
}

fn thumbnail(id: AttachmentId) -> Html {
    let full = url::<Download>(&[&id.to_string()], &());
    let small = url::<GetThumbnail>(&[&id.to_string()], &());
    html! { <a class="thumb" href={full} target="_blank" rel="noopener"><img src={small} alt="" loading="lazy" /></a> }
}

fn files_section(ctx: &AppCtx, campaign: &Campaign) -> Html {
    let mut files: Vec<AttachmentId> = campaign.proofs.iter().flat_map(|r| r.files.iter().copied()).collect();
    files.dedup();
    let photos: Vec<AttachmentId> = campaign
        .receipts
        .iter()
        .flat_map(|r| r.photos.iter().copied())
        .chain(campaign.summary.iter().flat_map(|s| s.photos.iter().copied()))
        .collect();
    if files.is_empty() && photos.is_empty() {
        return html! {};
    }
    html! {
        <section class="card" id="files">
            if !files.is_empty() { <h2>{ ctx.t(Text::DesignFiles) }</h2><div class="thumbs">{ for files.into_iter().map(thumbnail) }</div> }
            if !photos.is_empty() { <h2>{ ctx.t(Text::Photos) }</h2><div class="thumbs">{ for photos.into_iter().map(thumbnail) }</div> }
        </section>
    }
}

fn history_section(ctx: &AppCtx, campaign: &Campaign) -> Html {
    html! {
        <section class="card" id="history">
            <h2>{ ctx.t(Text::History) }</h2>
            <ol class="history">
                { for campaign.history.iter().rev().map(|e| html! {
                    <li>
                        <span class="when">{ date(ctx.lang, e.on) }</span>
                        <span class="who">{ &e.name }</span>
                        <span class="what">{ action_label(ctx.lang, e.action) }{ " → " }{ stage_name(ctx.lang, e.to) }</span>
                        if !e.note.is_empty() { <span class="note">{ &e.note }</span> }
                    </li>
                }) }
            </ol>
        </section>
    }
}

/// Sends an action (with the key of the draft to drop once the server has it).
pub type Act = Callback<(Action, Option<String>)>;

#[derive(Properties, PartialEq)]
struct FormProps {
    campaign: Campaign,
    store: StoreId,
    act: Act,
}

fn errors_list(l: Lang, errors: &[FieldError]) -> Html {
    if errors.is_empty() {
        return html! {};
    }
    html! { <ul class="field-errors">{ for errors.iter().map(|e| html! { <li class="field-error">{ e.message(l) }</li> }) }</ul> }
}

/// 门店确认, as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct PlanDraft {
    starts_on: String,
    ends_on: String,
    policy: String,
    materials: Vec<MaterialItem>,
    gifts: Vec<GiftItem>,
    ship_on: String,
    comment: String,
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

#[function_component(ConfirmPlanForm)]
fn confirm_plan_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let c = &props.campaign;
    let key = format!("campaign-desk.draft.{}.confirm", c.id);
    let starts = c.starts_on.map(|d| d.to_string()).unwrap_or_default();
    let ends = c.ends_on.map(|d| d.to_string()).unwrap_or_default();
    let draft = use_draft(key.clone(), move || PlanDraft {
        starts_on: starts.clone(),
        ends_on: ends,
        policy: String::new(),
        materials: vec![MaterialItem { item: String::new(), size: String::new(), quantity: 1 }],
        gifts: Vec::new(),
        ship_on: starts,
        comment: String::new(),
    });
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let parsed = parse_store_plan(&draft);
    let errors = parsed
        .as_ref()
        .map(check_store_plan)
        .unwrap_or_else(|| vec![FieldError::new("plan", &shared::messages::Message::InvalidDate)]);
    let edit = |apply: fn(&mut PlanDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let value = input_value(&e);
            draft.update(move |next| apply(next, value));
        })
    };
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
    let confirm = {
        let (act, store, key, parsed) = (props.act.clone(), props.store, key.clone(), parsed.clone());
        Callback::from(move |_| {
            if let Some(plan) = &parsed {
                act.emit((Action::ConfirmPlan { store, plan: plan.clone() }, Some(key.clone())));
            }
        })
    };
    let ask = {
        let (act, store, key, draft) = (props.act.clone(), props.store, key, draft.clone());
        Callback::from(move |_| {
            act.emit((Action::RequestChanges { store, comment: draft.comment.clone() }, Some(key.clone())))
        })
    };
    html! {
        <section class="card form" id="confirm-plan">
            <h2>{ ctx.t(Text::ConfirmPlan) }</h2>
            <div class="grid2">
                <div><label for="cp-starts">{ ctx.t(Text::StartsOn) }</label><input id="cp-starts" type="date" value={draft.starts_on.clone()} oninput={edit(|d, v| d.starts_on = v)} /></div>
                <div><label for="cp-ends">{ ctx.t(Text::EndsOn) }</label><input id="cp-ends" type="date" value={draft.ends_on.clone()} oninput={edit(|d, v| d.ends_on = v)} /></div>
            </div>
            <label for="cp-policy">{ ctx.t(Text::Policy) }</label>
            <input id="cp-policy" value={draft.policy.clone()} oninput={edit(|d, v| d.policy = v)} />
            <h3>{ ctx.t(Text::Materials) }</h3>
            { for draft.materials.iter().enumerate().map(|(i, m)| html! {
                <div class="line">
                    <input class="m-item" placeholder={ctx.t(Text::Item)} value={m.item.clone()} oninput={edit_row("materials", i, "item")} />
                    <input class="m-size" placeholder={ctx.t(Text::Size)} value={m.size.clone()} oninput={edit_row("materials", i, "size")} />
                    <input class="m-qty" type="number" min="1" inputmode="numeric" value={m.quantity.to_string()} oninput={edit_row("materials", i, "quantity")} />
                    <button class="secondary" onclick={remove("materials", i)}>{ ctx.t(Text::Remove) }</button>
                </div>
            }) }
            <button class="secondary" onclick={add("materials")}>{ ctx.t(Text::AddRow) }</button>
            <h3>{ ctx.t(Text::Gifts) }</h3>
            { for draft.gifts.iter().enumerate().map(|(i, g)| html! {
                <div class="line">
                    <input class="g-item" placeholder={ctx.t(Text::Item)} value={g.item.clone()} oninput={edit_row("gifts", i, "item")} />
                    <input class="g-qty" type="number" min="1" inputmode="numeric" value={g.quantity.to_string()} oninput={edit_row("gifts", i, "quantity")} />
                    <button class="secondary" onclick={remove("gifts", i)}>{ ctx.t(Text::Remove) }</button>
                </div>
            }) }
            <button class="secondary" onclick={add("gifts")}>{ ctx.t(Text::AddRow) }</button>
            <label for="cp-ship">{ ctx.t(Text::ShipOn) }</label>
            <input id="cp-ship" type="date" value={draft.ship_on.clone()} oninput={edit(|d, v| d.ship_on = v)} />
            { errors_list(l, &errors) }
            <div class="buttons">
                <button id="confirm-plan-submit" disabled={!errors.is_empty()} onclick={confirm}>{ ctx.t(Text::Confirm) }</button>
            </div>
            <label for="cp-comment">{ ctx.t(Text::Comment) }</label>
            <textarea id="cp-comment" value={draft.comment.clone()} oninput={edit(|d, v| d.comment = v)} />
            <button id="ask-changes" class="secondary" disabled={draft.comment.trim().is_empty()} onclick={ask}>{ ctx.t(Text::AskChanges) }</button>
        </section>
    }
}

/// 到店确认, as typed: per shipped item, what arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ReceiptDraft {
    lines: Vec<ReceiptLine>,
    photos: Vec<AttachmentId>,
}

#[function_component(ReceiptForm)]
fn receipt_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let c = &props.campaign;
    let key = format!("campaign-desk.draft.{}.receipt", c.id);
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
                Action::ConfirmReceipt { store, lines: draft.lines.clone(), photos: draft.photos.clone() },
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
            <button id="confirm-receipt-submit" disabled={!errors.is_empty() || *uploading} onclick={submit}>{ ctx.t(Text::Confirm) }</button>
        </section>
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RateDraft {
    satisfied: Option<bool>,
    comment: String,
}

#[function_component(RateForm)]
fn rate_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let key = format!("campaign-desk.draft.{}.rate", props.campaign.id);
    let draft = use_draft(key.clone(), || RateDraft { satisfied: None, comment: String::new() });
    let Some(ctx) = ctx else { return html! {} };
    let pick = |value: bool| {
        let draft = draft.clone();
        Callback::from(move |_| draft.update(move |d| d.satisfied = Some(value)))
    };
    let submit = {
        let (act, store, draft, key) = (props.act.clone(), props.store, draft.clone(), key);
        Callback::from(move |_| {
            if let Some(satisfied) = draft.satisfied {
                act.emit((Action::Rate { store, satisfied, comment: draft.comment.clone() }, Some(key.clone())));
            }
        })
    };
    let class = |on: bool| if on { "choice selected" } else { "choice" };
    html! {
        <section class="card form" id="rate">
            <h2>{ ctx.t(Text::Rate) }</h2>
            <div class="choices">
                <button id="rate-satisfied" class={class(draft.satisfied == Some(true))} onclick={pick(true)}>{ ctx.t(Text::Satisfied) }</button>
                <button id="rate-unsatisfied" class={class(draft.satisfied == Some(false))} onclick={pick(false)}>{ ctx.t(Text::NotSatisfied) }</button>
            </div>
            <label for="rate-comment">{ ctx.t(Text::Comment) }</label>
            <textarea id="rate-comment" value={draft.comment.clone()}
                oninput={{ let draft = draft.clone(); Callback::from(move |e: InputEvent| { let v = input_value(&e); draft.update(move |d| d.comment = v) }) }} />
            <button id="rate-submit" disabled={draft.satisfied.is_none()} onclick={submit}>{ ctx.t(Text::Send) }</button>
        </section>
    }
}

#[function_component(SalesForm)]
fn sales_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let key = format!("campaign-desk.draft.{}.sales", props.campaign.id);
    let amount = use_draft(key.clone(), String::new);
    let Some(ctx) = ctx else { return html! {} };
    let parsed = Fen::parse_yuan(&amount);
    let submit = {
        let (act, store, key) = (props.act.clone(), props.store, key);
        Callback::from(move |_| {
            if let Some(fen) = parsed {
                act.emit((Action::ReportSales { store, amount: fen }, Some(key.clone())));
            }
        })
    };
    html! {
        <section class="card form" id="report-sales">
            <h2>{ ctx.t(Text::ReportSales) }</h2>
            <label for="sales-amount">{ ctx.t(Text::SalesAmount) }</label>
            <input id="sales-amount" inputmode="decimal" value={(*amount).clone()}
                oninput={{ let amount = amount.clone(); Callback::from(move |e: InputEvent| amount.set(input_value(&e))) }} />
            if !amount.is_empty() && parsed.is_none() {
                <p class="field-error">{ shared::messages::Message::AmountOutOfRange.text(ctx.lang) }</p>
            }
            <button id="sales-submit" disabled={parsed.is_none()} onclick={submit}>{ ctx.t(Text::Send) }</button>
        </section>
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct HelpDraft {
    photography: bool,
    note: String,
}

#[function_component(HelpForm)]
fn help_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let key = format!("campaign-desk.draft.{}.help", props.campaign.id);
    let draft = use_draft(key.clone(), || HelpDraft { photography: true, note: String::new() });
    let Some(ctx) = ctx else { return html! {} };
    let pick = |photography: bool| {
        let draft = draft.clone();
        Callback::from(move |_| draft.update(move |d| d.photography = photography))
    };
    let submit = {
        let (act, store, draft, key) = (props.act.clone(), props.store, draft.clone(), key);
        Callback::from(move |_| {
            let kind = if draft.photography { HelpKind::Photography } else { HelpKind::MarketExecution };
            act.emit((Action::RequestHelp { store, kind, note: draft.note.clone() }, Some(key.clone())));
        })
    };
    let class = |on: bool| if on { "choice selected" } else { "choice" };
    html! {
        <section class="card form" id="ask-help">
            <h2>{ ctx.t(Text::AskHelp) }</h2>
            <div class="choices">
                <button class={class(draft.photography)} onclick={pick(true)}>{ ctx.t(Text::HelpPhotography) }</button>
                <button class={class(!draft.photography)} onclick={pick(false)}>{ ctx.t(Text::HelpExecution) }</button>
            </div>
            <label for="help-note">{ ctx.t(Text::Note) }</label>
            <textarea id="help-note" value={draft.note.clone()}
                oninput={{ let draft = draft.clone(); Callback::from(move |e: InputEvent| { let v = input_value(&e); draft.update(move |d| d.note = v) }) }} />
            <button id="help-submit" onclick={submit}>{ ctx.t(Text::Send) }</button>
        </section>
    }
}
