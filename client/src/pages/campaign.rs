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
use crate::i18n::{Text, action_label, date, done_message, field_error, kind_name, pick, stage_name, t};
use crate::widgets::ConfirmButton;
use shared::workflow::{ConfirmPlan, ConfirmReceipt, Rate, ReportSales, RequestChanges, RequestHelp, SendReminder};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: u64,
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Missing,
    Ready(Box<CampaignDetail>),
    /// No answer and no copy kept on this tablet.
    NotKept,
}

/// What the last action attempt came to (a queued one shows from the outbox itself).
#[derive(Clone, PartialEq)]
enum Outcome {
    None,
    Conflict { seen_history: usize },
    Refused(Vec<FieldError>, String),
}

#[function_component(CampaignPage)]
pub fn campaign_page(props: &Props) -> Html {
    let ctx = use_context::<AppCtx>();
    let load = use_state(|| Load::Loading);
    let outcome = use_state(|| Outcome::None);
    let reload = use_state(|| 0u32);
    // An action sent and not answered yet: every action button waits ("提交中…").
    let sending = use_state(|| false);
    // When the page shown is a kept copy (the server could not be reached): its time.
    let stale = use_state(|| None::<f64>);
    let refreshing = use_state(|| false);
    {
        let (load, ctx, id, stale, refreshing) =
            (load.clone(), ctx.clone(), props.id, stale.clone(), refreshing.clone());
        use_effect_with((id, *reload), move |_| {
            yew::platform::spawn_local(async move {
                let result = api::fetch_kept::<GetCampaign>(&[&id.to_string()], &()).await;
                if let Some(ctx) = &ctx {
                    ctx.note(&result);
                }
                match result {
                    Ok((detail, text)) => {
                        crate::offline::keep_campaign(id, &text);
                        stale.set(None);
                        load.set(Load::Ready(Box::new(detail)));
                        if *refreshing && let Some(ctx) = &ctx {
                            ctx.done(ctx.t(Text::Refreshed).to_owned());
                        }
                    }
                    Err(CallError::Api { status: 404, .. }) => load.set(Load::Missing),
                    // No answer: the copy kept when it was last seen, marked with its time.
                    Err(CallError::Network) => match crate::offline::last_campaign::<CampaignDetail>(id) {
                        Some(seen) => {
                            stale.set(Some(seen.at_ms));
                            load.set(Load::Ready(Box::new(seen.value)));
                        }
                        None if matches!(*load, Load::Loading) => load.set(Load::NotKept),
                        None => {}
                    },
                    Err(_) => {}
                }
                refreshing.set(false);
            });
        });
    }
    // The server answers again after it could not be reached: fetch again by itself.
    {
        let reload = reload.clone();
        let back = ctx.as_ref().map_or(0, |c| c.back_online);
        let first = use_mut_ref(|| true);
        use_effect_with(back, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                reload.set(*reload + 1);
            }
        });
    }
    // Someone else changed this campaign (the live stream says): show it as it is now.
    {
        let reload = reload.clone();
        let changed = ctx.as_ref().and_then(|c| c.changed).filter(|(id, _)| *id == props.id);
        let shown = match &*load {
            Load::Ready(detail) => detail.campaign.campaign().version,
            _ => 0,
        };
        use_effect_with(changed, move |changed| {
            if changed.is_some_and(|(_, version)| version > shown) {
                reload.set(*reload + 1);
            }
        });
    }
    // When the outbox sends (or the server refuses) something, show the campaign as it is now.
    {
        let reload = reload.clone();
        let waiting = ctx.as_ref().map_or(0, |c| c.outbox_len);
        let first = use_mut_ref(|| true);
        use_effect_with(waiting, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                reload.set(*reload + 1);
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let detail = match &*load {
        Load::Loading => return html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> },
        Load::Missing => return not_found(l),
        Load::NotKept => {
            return html! { <p class="banner stale page" role="status" id="stale-note">{ ctx.t(Text::NothingKept) }</p> };
        }
        Load::Ready(detail) => detail.clone(),
    };
    let campaign: &Campaign = detail.campaign.campaign();

    // Sends actions in order, each on the version the previous one produced; the forms
    // call it. The draft is removed once the server has the last one.
    let act_all: ActAll = {
        let (load, outcome, ctx, sending) = (load.clone(), outcome.clone(), ctx.clone(), sending.clone());
        let (id, version, seen) = (campaign.id.0, campaign.version, campaign.history.len());
        Callback::from(move |(actions, draft_key): (Vec<Action>, Option<String>)| {
            if *sending || actions.is_empty() {
                return;
            }
            sending.set(true);
            let (load, outcome, ctx, sending) = (load.clone(), outcome.clone(), ctx.clone(), sending.clone());
            let draft_key = draft_key.clone();
            yew::platform::spawn_local(async move {
                let mut version = version;
                let mut queued = false;
                let count = actions.len();
                let mut last_kind = None;
                for (i, action) in actions.into_iter().enumerate() {
                    let kind = action.kind();
                    last_kind = Some(kind);
                    let request = ActionRequest { version, action };
                    let label = action_label(ctx.lang, kind);
                    let params = [id.to_string(), kind.as_str().to_owned()];
                    let draft = if i + 1 == count { draft_key.as_deref() } else { None };
                    let result =
                        api::call_or_queue::<ActOnCampaign>(label, &[&params[0], &params[1]], &request, draft).await;
                    ctx.note(&result);
                    match result {
                        Ok(Some(next)) => {
                            version = next.campaign.campaign().version;
                            load.set(Load::Ready(Box::new(next)));
                        }
                        Ok(None) => {
                            // Queued: what follows waits behind it, on the version it will make.
                            queued = true;
                            version = version.saturating_add(1);
                        }
                        Err(error) => {
                            match error {
                                ref e if e.is_conflict() => outcome.set(Outcome::Conflict { seen_history: seen }),
                                CallError::Api { error, .. } => {
                                    let message = if ctx.lang == Lang::En {
                                        error.message_en.clone()
                                    } else {
                                        error.message_zh.clone()
                                    };
                                    outcome.set(Outcome::Refused(error.fields, message));
                                }
                                CallError::Network => {}
                            }
                            sending.set(false);
                            return;
                        }
                    }
                }
                outcome.set(Outcome::None);
                if queued {
                    ctx.outbox_changed.emit(());
                } else if let Some(kind) = last_kind {
                    ctx.done(done_message(ctx.lang, kind));
                }
                sending.set(false);
            });
        })
    };
    let act: Act = {
        let act_all = act_all.clone();
        Callback::from(move |(action, draft): (Action, Option<String>)| act_all.emit((vec![action], draft)))
    };
    let busy = *sending;
    let allowed = |kind: ActionKind| detail.actions.iter().any(|a| a.action == kind && a.allowed);
    let my_store = ctx.me.store;
    let refresh = {
        let (reload, outcome, refreshing) = (reload.clone(), outcome.clone(), refreshing.clone());
        Callback::from(move |_| {
            outcome.set(Outcome::None);
            refreshing.set(true);
            reload.set(*reload + 1)
        })
    };
    let confirming = my_store.is_some() && allowed(ActionKind::ConfirmPlan);
    // The staff read the plan first, then act on it (the VP approves below it).
    let staff = ctx.me.role != shared::org::Role::StoreManager;

    let back = Callback::from(|_| {
        // Back where she came from when there is one in this app, else home.
        match web_sys::window().and_then(|w| w.history().ok()) {
            Some(history) if history.length().unwrap_or(0) > 1 => {
                let _ = history.back();
            }
            _ => crate::route::navigate(&crate::route::Route::Home),
        }
    });
    html! {
        <>
            <div class="toolbar">
                <button class="secondary" id="back" onclick={back}>{ pick(l, "← 返回", "← Back") }</button>
                <button class="secondary" id="refresh" disabled={*refreshing} onclick={refresh.clone()}>
                    { if *refreshing { ctx.t(Text::Refreshing) } else { ctx.t(Text::Refresh) } }</button>
            </div>
            if let Some(at) = *stale {
                <p class="banner stale" role="status" id="stale-note">{ crate::offline::stale_note(l, at) }</p>
            }
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
            { waiting_and_refused(&ctx, &detail, reload.clone()) }
            { needs_section(&ctx, campaign) }
            { outcome_banner(&ctx, &outcome, campaign, refresh) }
            if let (Some(store), true) = (my_store, confirming) {
                <ConfirmPlanForm campaign={campaign.clone()} store={store} act={act.clone()} busy={busy} />
            }
            if let Some(store) = my_store {
                { my_confirmation(&ctx, campaign, store) }
                { my_delivery(&ctx, campaign, store) }
                { kept_drafts(&ctx, &detail, reload.clone()) }
            }
            if let (Some(store), true) = (my_store, allowed(ActionKind::ConfirmReceipt)) {
                <ReceiptForm campaign={campaign.clone()} store={store} act={act.clone()} busy={busy} />
            }
            if let (Some(store), true) = (my_store, allowed(ActionKind::Rate)) {
                <RateForm campaign={campaign.clone()} store={store} act={act.clone()} act_all={act_all.clone()} busy={busy} />
            } else if let (Some(store), true) = (my_store, allowed(ActionKind::ReportSales)) {
                <SalesForm campaign={campaign.clone()} store={store} act={act.clone()} act_all={act_all.clone()} busy={busy} />
            }
            if let (Some(store), true) = (my_store, allowed(ActionKind::RequestHelp)) {
                <HelpForm campaign={campaign.clone()} store={store} act={act.clone()} act_all={act_all.clone()} busy={busy} />
            }
            if staff { { plan_section(&ctx, campaign) } }
            { simple_actions(&ctx, &detail, &act, busy) }
            if staff {
                { staff_panels(&detail, &act, busy) }
            } else if allowed(ActionKind::SendReminder) && matches!(campaign.stage, Stage::Approval | Stage::Revisions | Stage::DraftPlan) {
                <section class="card actions">
                    <button class="secondary" id="remind" disabled={busy} onclick={{
                        let act = act.clone();
                        Callback::from(move |_| act.emit((Action::SendReminder(SendReminder { note: String::new() }), None)))
                    }}>{ if busy { ctx.t(Text::Sending) } else { ctx.t(Text::Remind) } }</button>
                </section>
            }
            if !confirming && !staff { { plan_section(&ctx, campaign) } }
            { files_section(&ctx, campaign) }
            { history_section(&ctx, campaign) }
        </>
    }
}

/// What this tablet sent for this campaign that has not arrived yet, and what the server
/// refused when it did: what was entered (nothing typed is lost), the reason once, and
/// what can be done — send it again on the campaign as it is now when that can still
/// succeed, else whom to call — or let it go.
fn waiting_and_refused(ctx: &AppCtx, detail: &CampaignDetail, reload: UseStateHandle<u32>) -> Html {
    let l = ctx.lang;
    let campaign = detail.campaign.campaign();
    let id = campaign.id.0;
    let waiting: Vec<api::Pending> = api::outbox().into_iter().filter(|p| p.campaign() == Some(id)).collect();
    let refused: Vec<api::Refused> = api::refused().into_iter().filter(|r| r.pending.campaign() == Some(id)).collect();
    if waiting.is_empty() && refused.is_empty() {
        return html! {};
    }
    let when = |ms: f64| if ms <= 0.0 { String::new() } else { crate::i18n::short_time(ms) };
    html! {
        <>
            if !waiting.is_empty() {
                <div class="banner offline" role="status" id="queued">
                    <p>{ ctx.t(Text::QueuedOffline) }</p>
                    <ul>{ for waiting.iter().map(|p| html! { <li>{ format!("{} · {}", p.label, when(p.queued_at_ms)) }</li> }) }</ul>
                </div>
            }
            { for refused.into_iter().map(|r| {
                let key = r.pending.key.clone();
                let kind = r.pending.action_kind();
                // Whether sending it again can succeed now: the action is open to this
                // person on the campaign as it is.
                let check = kind.and_then(|k| detail.actions.iter().find(|a| a.action == k));
                let can_resend = check.is_some_and(|a| a.allowed);
                let again = {
                    let (ctx, reload, key) = (ctx.clone(), reload.clone(), key.clone());
                    Callback::from(move |_| {
                        let (ctx, reload, key) = (ctx.clone(), reload.clone(), key.clone());
                        yew::platform::spawn_local(async move {
                            let result = api::send_again(&key).await;
                            ctx.note(&result);
                            if let (Ok(Some(_)), Some(kind)) = (&result, kind) {
                                ctx.done(done_message(ctx.lang, kind));
                            }
                            ctx.outbox_changed.emit(());
                            reload.set(*reload + 1);
                        });
                    })
                };
                let discard = {
                    let (ctx, reload, key) = (ctx.clone(), reload.clone(), key.clone());
                    Callback::from(move |()| {
                        api::discard_refused(&key);
                        ctx.outbox_changed.emit(());
                        reload.set(*reload + 1);
                    })
                };
                let message = r.error.message(l).to_owned();
                // The reason once: field lines only where they say more than it.
                let more: Vec<&FieldError> = r.error.fields.iter().filter(|f| f.message(l) != message).collect();
                let entered = kind.map(|k| entered_values(ctx, k, &r.pending)).unwrap_or_default();
                let why_not = check.and_then(|a| a.reason.as_ref()).map(|f| f.message(l).to_owned());
                html! {
                    <div class="banner refused" role="alert" id={format!("refused-{key}")} data-refused="true">
                        <p><strong>{ format!("{}{}", pick(l, "未能提交：", "Not accepted: "), r.pending.label) }</strong>
                            { format!(" · {}", when(r.pending.queued_at_ms)) }</p>
                        <p class="reason">{ message }</p>
                        if !more.is_empty() { <ul>{ for more.iter().map(|f| html! { <li>{ field_error(l, f) }</li> }) }</ul> }
                        if !entered.is_empty() {
                            <div class="entered">
                                <p class="hint">{ pick(l, "您当时填写的内容（保留在本机）：", "What you entered (kept on this tablet):") }</p>
                                <dl class="facts entered-values">{ for entered.into_iter().map(|(label, value)| html! {
                                    <><dt>{ label }</dt><dd>{ value }</dd></>
                                }) }</dl>
                            </div>
                        }
                        if can_resend {
                            <p class="hint">{ pick(l, "这些内容也在下方的表单里，可以修改后提交；或者按活动的最新状态原样重新提交。",
                                "It is also in the form below, to change and send; or send it as it is on the campaign as it is now.") }</p>
                        } else {
                            <p class="hint" id={format!("call-{key}")}>
                                { why_not.map(|w| format!("{}{w}。", pick(l, "这项已不能再从本机提交：", "This can no longer be sent from here: "))).unwrap_or_default() }
                                { match &detail.handler {
                                    Some(h) => format!("{}{} {}", pick(l, "如需处理，请联系负责的企划：", "To sort it out, call the planner in charge: "), h.name, h.contact),
                                    None => pick(l, "如需处理，请联系企划部。", "To sort it out, call the planning department.").to_owned(),
                                } }
                            </p>
                        }
                        <div class="buttons">
                            if can_resend {
                                <button class="send-again" onclick={again}>{ pick(l, "按最新状态重新提交", "Send again on the current state") }</button>
                            }
                            <ConfirmButton id={format!("discard-{key}")} class={classes!("secondary")} lang={l}
                                label={if can_resend { pick(l, "放弃这次提交", "Let it go") } else { pick(l, "已记下，移除", "Noted, remove it") }}
                                question={pick(l, "移除后这项提交不会再发送，确定吗？", "It will not be sent. Are you sure?")}
                                on_confirm={discard} />
                        </div>
                    </div>
                }
            }) }
        </>
    }
}

/// What a person entered for a queued action, as (label, value) lines in their language
/// (each read as its own action type, see `api::Pending::action_input`).
fn entered_values(ctx: &AppCtx, kind: ActionKind, pending: &api::Pending) -> Vec<(String, String)> {
    let l = ctx.lang;
    let label = |text: Text| ctx.t(text).to_owned();
    let lines = |items: Vec<String>| items.join(pick(l, "；", "; "));
    let entered = match kind {
        ActionKind::ReportSales => pending
            .action_input::<ReportSales>()
            .map(|a| vec![(label(Text::SalesAmount), format!("{} {}", a.amount, pick(l, "元", "yuan")))]),
        ActionKind::Rate => pending.action_input::<Rate>().map(|a| {
            let verdict =
                if a.satisfied { pick(l, "满意", "Satisfied") } else { pick(l, "不满意", "Not satisfied") };
            let mut out = vec![(pick(l, "评价", "Rating").to_owned(), verdict.to_owned())];
            if !a.comment.is_empty() {
                out.push((label(Text::Comment), a.comment));
            }
            out
        }),
        ActionKind::RequestHelp => pending.action_input::<RequestHelp>().map(|a| {
            let what = match a.kind {
                HelpKind::Photography => pick(l, "摄影摄像", "Photo and video"),
                HelpKind::MarketExecution => pick(l, "市场执行", "On-site execution"),
            };
            vec![(pick(l, "需要的支持", "Help asked for").to_owned(), what.to_owned()), (label(Text::Note), a.note)]
        }),
        ActionKind::RequestChanges => {
            pending.action_input::<RequestChanges>().map(|a| vec![(label(Text::Comment), a.comment)])
        }
        ActionKind::SendReminder => pending
            .action_input::<SendReminder>()
            .filter(|a| !a.note.is_empty())
            .map(|a| vec![(label(Text::Note), a.note)]),
        ActionKind::ConfirmReceipt => pending.action_input::<ConfirmReceipt>().map(|a| {
            let mut out = vec![(
                pick(l, "到货明细", "Delivery").to_owned(),
                lines(a.lines.iter().map(|r| receipt_line(l, r)).collect()),
            )];
            if !a.photos.is_empty() {
                out.push((label(Text::Photos), a.photos.len().to_string()));
            }
            out
        }),
        ActionKind::ConfirmPlan => pending.action_input::<ConfirmPlan>().map(|a| {
            let plan = a.plan;
            vec![
                (
                    pick(l, "活动时间", "Dates").to_owned(),
                    format!("{} – {}", date(l, plan.starts_on), date(l, plan.ends_on)),
                ),
                (label(Text::ShipOn), date(l, plan.ship_on)),
                (
                    label(Text::Materials),
                    lines(plan.materials.iter().map(|m| format!("{} {} × {}", m.item, m.size, m.quantity)).collect()),
                ),
                (
                    label(Text::Gifts),
                    lines(plan.gifts.iter().map(|g| format!("{} × {}", g.item, g.quantity)).collect()),
                ),
            ]
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect()
        }),
        _ => None,
    };
    entered.unwrap_or_default()
}

/// One line of a receipt as the store reported it: `福袋 80/100，损坏 2（说明）`.
fn receipt_line(l: Lang, r: &ReceiptLine) -> String {
    let mut text = format!("{} {}/{}", r.item, r.received, r.expected);
    if r.damaged > 0 {
        text.push_str(&format!("{}{}", pick(l, "，损坏 ", ", damaged "), r.damaged));
    }
    if !r.note.is_empty() {
        text.push_str(&format!("（{}）", r.note));
    }
    text
}

#[cfg(feature = "staff")]
fn staff_panels(detail: &CampaignDetail, act: &Act, busy: bool) -> Html {
    html! { <super::staff::StaffPanels detail={detail.clone()} act={act.clone()} busy={busy} /> }
}

/// The store managers' build has no staff panels (a staff login reloads into the staff's).
#[cfg(not(feature = "staff"))]
fn staff_panels(_detail: &CampaignDetail, _act: &Act, _busy: bool) -> Html {
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
    crate::json::to_string(&stage).map(|s| s.trim_matches('"').to_owned()).unwrap_or_default()
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
                <ul>{ for fields.iter().map(|f| html! { <li>{ field_error(ctx.lang, f) }</li> }) }</ul>
            </div>
        },
    }
}

#[cfg(feature = "staff")]
fn simple_label(kind: ActionKind) -> Text {
    match kind {
        ActionKind::StartNeeds => Text::StartNeeds,
        ActionKind::CompleteNeeds => Text::CompleteNeeds,
        ActionKind::CompleteProduction => Text::CompleteProduction,
        _ => Text::FinishExecution,
    }
}

/// The store managers' build: a store has no step that needs no input.
#[cfg(not(feature = "staff"))]
fn simple_actions(_ctx: &AppCtx, _detail: &CampaignDetail, _act: &Act, _busy: bool) -> Html {
    html! {}
}

/// Buttons for the staff's actions that need no input.
#[cfg(feature = "staff")]
fn simple_actions(ctx: &AppCtx, detail: &CampaignDetail, act: &Act, busy: bool) -> Html {
    use shared::workflow::{CompleteNeeds, CompleteProduction, FinishExecution, StartNeeds};
    /// The actions that take no input, as the buttons send them.
    fn simple(kind: ActionKind) -> Option<Action> {
        Some(match kind {
            ActionKind::StartNeeds => Action::StartNeeds(StartNeeds {}),
            ActionKind::CompleteNeeds => Action::CompleteNeeds(CompleteNeeds {}),
            ActionKind::FinishExecution => Action::FinishExecution(FinishExecution {}),
            ActionKind::CompleteProduction => Action::CompleteProduction(CompleteProduction { note: String::new() }),
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
            html! { <button class="action" data-action={kind.as_str()} disabled={busy}
                onclick={Callback::from(move |_| act.emit((action.clone(), None)))}>
                { if busy { ctx.t(Text::Sending) } else { ctx.t(simple_label(kind)) } }
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
                        <span class="what">{ action_label(ctx.lang, e.action) }
                            if e.from != e.to && e.action != ActionKind::Create { { " → " }{ stage_name(ctx.lang, e.to) } }
                        </span>
                        if !e.note.is_empty() { <span class="note">{ history_note(ctx, e) }</span> }
                    </li>
                }) }
            </ol>
        </section>
    }
}

/// A history entry's note as people read it: a tracking number or an amount says what
/// it is.
fn history_note(ctx: &AppCtx, e: &shared::campaign::HistoryEntry) -> String {
    match e.action {
        ActionKind::RecordShipment => format!("{}：{}", ctx.t(Text::Tracking), e.note),
        ActionKind::ReportSales => format!("{}：¥{}", ctx.t(Text::SalesAmount), e.note),
        _ => e.note.clone(),
    }
}

/// Sends an action (with the key of the draft to drop once the server has it).
pub type Act = Callback<(Action, Option<String>)>;
/// Sends actions one after the other, each on the version the one before made.
type ActAll = Callback<(Vec<Action>, Option<String>)>;

#[derive(Properties, PartialEq)]
struct FormProps {
    campaign: Campaign,
    store: StoreId,
    act: Act,
    #[prop_or_default]
    act_all: Option<ActAll>,
    /// An action of this page is on its way: buttons wait.
    busy: bool,
}

fn errors_list(l: Lang, errors: &[FieldError]) -> Html {
    if errors.is_empty() {
        return html! {};
    }
    html! { <ul class="field-errors">{ for errors.iter().map(|e| html! { <li class="field-error">{ field_error(l, e) }</li> }) }</ul> }
}

/// What this store confirmed, once it has: the record a store manager can point to.
fn my_confirmation(ctx: &AppCtx, campaign: &Campaign, store: StoreId) -> Html {
    let l = ctx.lang;
    let Some(c) = campaign.confirmations.iter().rev().find(|c| c.store == store) else { return html! {} };
    let plan = &c.plan;
    html! {
        <section class="card" id="my-confirmation">
            <h2>{ format!("{} · {}", pick(l, "本店已确认", "Confirmed by the store"), date(l, c.on)) }</h2>
            <dl class="facts">
                <dt>{ pick(l, "活动时间", "Dates") }</dt><dd>{ format!("{} – {}", date(l, plan.starts_on), date(l, plan.ends_on)) }</dd>
                <dt>{ ctx.t(Text::ShipOn) }</dt><dd>{ date(l, plan.ship_on) }</dd>
                if !plan.policy.is_empty() { <dt>{ ctx.t(Text::Policy) }</dt><dd>{ &plan.policy }</dd> }
            </dl>
            if !plan.materials.is_empty() {
                <h3>{ ctx.t(Text::Materials) }</h3>
                <ul>{ for plan.materials.iter().map(|m| html! { <li>{ format!("{} {} × {}", m.item, m.size, m.quantity) }</li> }) }</ul>
            }
            if !plan.gifts.is_empty() {
                <h3>{ ctx.t(Text::Gifts) }</h3>
                <ul>{ for plan.gifts.iter().map(|g| html! { <li>{ format!("{} × {}", g.item, g.quantity) }</li> }) }</ul>
            }
        </section>
    }
}

/// What was shipped to this store and what it reported on arrival (its own receipt:
/// what was short or damaged, its notes and photos), with what the center did about a
/// discrepancy (its entries about this store after the receipt).
fn my_delivery(ctx: &AppCtx, campaign: &Campaign, store: StoreId) -> Html {
    let l = ctx.lang;
    let shipments: Vec<&shared::campaign::Shipment> = campaign.shipments.iter().filter(|s| s.store == store).collect();
    let receipt = campaign.receipt_of(store);
    if shipments.is_empty() && receipt.is_none() {
        return html! {};
    }
    // What the center recorded about this store after its receipt came in.
    let reported_at = campaign
        .history
        .iter()
        .find(|e| e.action == ActionKind::ConfirmReceipt && e.store == Some(store))
        .map(|e| e.seq);
    let answers: Vec<&shared::campaign::HistoryEntry> = match (receipt, reported_at) {
        (Some(r), Some(seq)) if r.has_discrepancy() => campaign
            .history
            .iter()
            .filter(|e| e.seq > seq && e.store == Some(store) && e.role != shared::org::Role::StoreManager)
            .filter(|e| !e.note.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    html! {
        <section class="card" id="my-delivery">
            <h2>{ pick(l, "本店的物料", "The store's delivery") }</h2>
            { for shipments.iter().map(|s| html! {
                <dl class="facts shipment">
                    <dt>{ pick(l, "发货日期", "Shipped on") }</dt><dd>{ date(l, s.shipped_on) }</dd>
                    <dt>{ pick(l, "发货内容", "Shipped") }</dt>
                    <dd>{ s.items.iter().map(|i| format!("{} × {}", i.item, i.quantity)).collect::<Vec<_>>().join(pick(l, "；", "; ")) }</dd>
                    if !s.tracking.is_empty() { <dt>{ ctx.t(Text::Tracking) }</dt><dd class="tracking">{ &s.tracking }</dd> }
                </dl>
            }) }
            if let Some(r) = receipt {
                <h3>{ format!("{} · {}", pick(l, "本店到货确认", "What the store reported on arrival"), date(l, r.on)) }</h3>
                <table class="receipt" id="my-receipt">
                    <thead><tr>
                        <th>{ ctx.t(Text::Item) }</th><th class="num">{ ctx.t(Text::Expected) }</th>
                        <th class="num">{ ctx.t(Text::Received) }</th><th class="num">{ ctx.t(Text::Damaged) }</th><th>{ ctx.t(Text::Note) }</th>
                    </tr></thead>
                    <tbody>{ for r.lines.iter().map(|line| html! {
                        <tr class={if line.has_discrepancy() { "receipt-line short" } else { "receipt-line" }}>
                            <td>{ &line.item }</td><td class="num">{ line.expected }</td><td class="num">{ line.received }</td>
                            <td class="num">{ line.damaged }</td><td>{ &line.note }</td>
                        </tr>
                    }) }</tbody>
                </table>
                if !r.photos.is_empty() { <div class="thumbs">{ for r.photos.iter().copied().map(thumbnail) }</div> }
                if r.has_discrepancy() {
                    <h3>{ pick(l, "中心的处理", "What the center did") }</h3>
                    if answers.is_empty() {
                        <p class="hint" id="center-answer-waiting">{ pick(l, "已报告差异，中心尚未回复；急事请联系负责的企划。",
                            "The discrepancy is reported; the center has not answered yet. If it is urgent, call the planner in charge.") }</p>
                    } else {
                        <ul id="center-answers">{ for answers.iter().map(|e| html! {
                            <li>{ format!("{} · {} · {}", date(l, e.on), e.name, e.note) }</li>
                        }) }</ul>
                    }
                }
            }
        </section>
    }
}

/// Drafts this account typed for this campaign that no form shows any more (a live update
/// moved the campaign on while she typed): kept and shown, never silently hidden, until
/// she lets them go.
fn kept_drafts(ctx: &AppCtx, detail: &CampaignDetail, reload: UseStateHandle<u32>) -> Html {
    let l = ctx.lang;
    let campaign = detail.campaign.campaign();
    let id = campaign.id.0;
    let open = |kind: ActionKind| detail.actions.iter().any(|a| a.action == kind && a.allowed);
    let mut kept: Vec<(String, &'static str, String)> = Vec::new();
    let key = |what: &str| format!("draft.{id}.{what}");
    if !open(ActionKind::RequestHelp)
        && let Some(d) = crate::local::mine::load::<HelpDraft>(&key("help")).filter(|d| !d.note.trim().is_empty())
    {
        kept.push((key("help"), pick(l, "现场支持申请", "Request for on-site help"), d.note));
    }
    if !open(ActionKind::ReportSales)
        && let Some(d) = crate::local::mine::load::<String>(&key("sales")).filter(|d| !d.trim().is_empty())
    {
        kept.push((key("sales"), pick(l, "销售额", "Sales"), format!("{d} {}", pick(l, "元", "yuan"))));
    }
    if !open(ActionKind::Rate)
        && let Some(d) = crate::local::mine::load::<RateDraft>(&key("rate")).filter(|d| !d.comment.trim().is_empty())
    {
        kept.push((key("rate"), pick(l, "评价意见", "Rating comment"), d.comment));
    }
    if !open(ActionKind::RequestChanges)
        && let Some(d) = crate::local::mine::load::<PlanDraft>(&key("confirm")).filter(|d| !d.comment.trim().is_empty())
    {
        kept.push((key("confirm"), pick(l, "修改意见", "Requested changes"), d.comment));
    }
    if kept.is_empty() {
        return html! {};
    }
    html! {
        <section class="card kept-drafts" id="kept-drafts">
            <h2>{ pick(l, "您填写但未提交的内容", "What you typed but did not send") }</h2>
            <p class="hint">{ format!("{}{}{}",
                pick(l, "活动已进入“", "The campaign has moved on to "),
                stage_name(l, campaign.stage),
                pick(l, "”阶段，这些内容不能再在这里提交；已为您保留。如仍需要，请联系负责的企划。",
                    "; these can no longer be sent here and are kept for you. If still needed, call the planner in charge.")) }</p>
            { for kept.into_iter().map(|(key, what, text)| {
                let (reload, draft_key) = (reload.clone(), key.clone());
                let forget = Callback::from(move |()| {
                    crate::local::mine::remove(&draft_key);
                    reload.set(*reload + 1);
                });
                html! {
                    <div class="kept-draft">
                        <p><strong>{ what }</strong>{ "：" }{ text }</p>
                        <ConfirmButton id={format!("forget-{key}")} class={classes!("secondary")} lang={l}
                            label={pick(l, "不再需要，删除", "No longer needed: delete")}
                            question={pick(l, "删除后无法找回，确定吗？", "It cannot be recovered. Are you sure?")}
                            on_confirm={forget} />
                    </div>
                }
            }) }
        </section>
    }
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
fn confirm_plan_form(props: &FormProps) -> Html {
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
    let parsed = parse_store_plan(&draft);
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
    let has_details = !draft.materials.is_empty() || !draft.gifts.is_empty() || !draft.policy.is_empty();
    html! {
        <section class="card form" id="confirm-plan">
            <h2>{ ctx.t(Text::ConfirmPlan) }</h2>
            <p class="hint">{ pick(l, "请先看总部批准的方案，再确认或提出修改意见。", "Read the plan the center approved, then confirm it or ask for changes.") }</p>
            { plan_section(&ctx, c) }
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
struct RateDraft {
    satisfied: Option<bool>,
    comment: String,
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
fn rate_form(props: &FormProps) -> Html {
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
fn sales_form(props: &FormProps) -> Html {
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
struct HelpDraft {
    photography: bool,
    note: String,
}

#[function_component(HelpForm)]
fn help_form(props: &FormProps) -> Html {
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
