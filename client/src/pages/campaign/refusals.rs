//! What this tablet sent for a campaign and the server has not accepted (waiting in the
//! outbox, or refused: what was entered, why, and what can be done), and drafts typed
//! for a step the campaign has moved past.

use shared::api::CampaignDetail;
use shared::messages::FieldError;
use yew::prelude::*;

use super::actions::{Allowed, StoreForm, row};
use super::store_forms::{HelpDraft, PlanDraft, RateDraft};
use crate::api;
use crate::ctx::AppCtx;
use crate::i18n::{Text, done_message, field_error, pick, stage_name};
use crate::widgets::ConfirmButton;

/// What this tablet sent for this campaign that has not arrived yet, and what the server
/// refused when it did: what was entered (nothing typed is lost), the reason once, and
/// what can be done — send it again on the campaign as it is now when that can still
/// succeed, else whom to call — or let it go.
pub(super) fn waiting_and_refused(ctx: &AppCtx, detail: &CampaignDetail, reload: Callback<()>) -> Html {
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
            { for refused.into_iter().map(|r| refused_banner(ctx, detail, r, &reload)) }
        </>
    }
}

/// One refused request: what it was, why, what was entered, and what can be done.
fn refused_banner(ctx: &AppCtx, detail: &CampaignDetail, r: api::Refused, reload: &Callback<()>) -> Html {
    let l = ctx.lang;
    let when = |ms: f64| if ms <= 0.0 { String::new() } else { crate::i18n::short_time(ms) };
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
                reload.emit(());
            });
        })
    };
    let discard = {
        let (ctx, reload, key) = (ctx.clone(), reload.clone(), key.clone());
        Callback::from(move |()| {
            api::discard_refused(&key);
            ctx.outbox_changed.emit(());
            reload.emit(());
        })
    };
    let message = r.error.message(l).to_owned();
    // The reason once: field lines only where they say more than it.
    let more: Vec<&FieldError> = r.error.fields.iter().filter(|f| f.message(l) != message).collect();
    // What was entered, as the action's row in `actions` reads it back.
    let entered = kind.and_then(|k| row(k).entered).and_then(|read| read(l, &r.pending)).unwrap_or_default();
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
}

/// Drafts this account typed for this campaign that no form shows any more (a live update
/// moved the campaign on while she typed): kept and shown, never silently hidden, until
/// she lets them go.
pub(super) fn kept_drafts(ctx: &AppCtx, detail: &CampaignDetail, allowed: &Allowed, reload: Callback<()>) -> Html {
    let l = ctx.lang;
    let campaign = detail.campaign.campaign();
    let id = campaign.id.0;
    let open = |form: StoreForm| allowed.store(form);
    let mut kept: Vec<(String, &'static str, String)> = Vec::new();
    let key = |what: &str| format!("draft.{id}.{what}");
    if !open(StoreForm::Help)
        && let Some(d) = crate::local::mine::load::<HelpDraft>(&key("help")).filter(|d| !d.note.trim().is_empty())
    {
        kept.push((key("help"), pick(l, "现场支持申请", "Request for on-site help"), d.note));
    }
    if !open(StoreForm::Sales)
        && let Some(d) = crate::local::mine::load::<String>(&key("sales")).filter(|d| !d.trim().is_empty())
    {
        kept.push((key("sales"), pick(l, "销售额", "Sales"), format!("{d} {}", pick(l, "元", "yuan"))));
    }
    if !open(StoreForm::Rate)
        && let Some(d) = crate::local::mine::load::<RateDraft>(&key("rate")).filter(|d| !d.comment.trim().is_empty())
    {
        kept.push((key("rate"), pick(l, "评价意见", "Rating comment"), d.comment));
    }
    if !open(StoreForm::AskChanges)
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
                    reload.emit(());
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
