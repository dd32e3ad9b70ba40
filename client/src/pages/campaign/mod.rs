//! One campaign: its progress through the stages, who did what and when, the approved
//! plan with its budget, design files as thumbnails, and the forms for what the user may
//! do now — for a store: confirm the plan or ask for changes, confirm a delivery (with a
//! photo of what is missing or damaged), ask for on-site help, report sales, rate.
//!
//! The page itself is here; its read-only sections are in `sections`, the store's forms
//! in `store_forms`, and what was sent but not accepted (or typed and not sent) in
//! `refusals`.

mod refusals;
mod sections;
#[cfg(feature = "staff")]
pub(crate) use sections::{remind_button, thumbnail};
mod store_forms;

use shared::Lang;
use shared::api::{ActionRequest, CampaignDetail};
use shared::campaign::{Campaign, Stage};
use shared::endpoints::{ActOnCampaign, GetCampaign};
use shared::ids::StoreId;
use shared::messages::FieldError;
use shared::workflow::{Action, ActionKind};
use yew::prelude::*;

use self::refusals::{kept_drafts, waiting_and_refused};
use self::sections::{
    decision, files_section, history_section, my_confirmation, my_delivery, needs_section, outcome_banner,
    plan_section, simple_actions, staff_panels, timeline,
};
use self::store_forms::{ConfirmPlanForm, HelpForm, RateForm, ReceiptForm, SalesForm};
use super::not_found;
use crate::api::{self, CallError};
use crate::ctx::AppCtx;
use crate::i18n::{Text, action_label, date, done_message, kind_name, pick};

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
            if staff { { decision(&detail, &act, busy) } }
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
                </p>
                { staff_clock(l, &detail, &ctx) }
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
                { timeline(l, &detail, campaign.stage, ctx.today) }
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
                <section class="card actions">{ sections::remind_button(&ctx, &detail, &act, busy) }</section>
            }
            if !confirming && !staff { { plan_section(&ctx, campaign) } }
            { files_section(&ctx, campaign) }
            { history_section(&ctx, campaign) }
        </>
    }
}

fn action_stage_name(stage: Stage) -> String {
    crate::json::to_string(&stage).map(|s| s.trim_matches('"').to_owned()).unwrap_or_default()
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

/// The current stage's clock line, for the center's people.
#[cfg(feature = "staff")]
fn staff_clock(l: Lang, detail: &CampaignDetail, ctx: &AppCtx) -> Html {
    sections::stage_clock(l, detail, ctx.today, &ctx.calendar)
}

#[cfg(not(feature = "staff"))]
fn staff_clock(_: Lang, _: &CampaignDetail, _: &AppCtx) -> Html {
    Html::default()
}
