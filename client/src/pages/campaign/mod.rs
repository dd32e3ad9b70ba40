//! One campaign: its progress through the stages, who did what and when, the approved
//! plan with its budget, design files as thumbnails, and the forms for what the user may
//! do now — for a store: confirm the plan or ask for changes, confirm a delivery (with a
//! photo of what is missing or damaged), ask for on-site help, report sales, rate; for the
//! center's staff, their panels and the money.
//!
//! One tree, its arrows one way (nothing imports a module that imports it back):
//! - this module: the page component, its effects (fetching, sending) and its layout;
//! - `model`: the page's state and its pure `update`;
//! - `sections` (read-only parts), `refusals` (what was sent and not accepted),
//!   `store_forms`, and for the staff's build `staff` (its panels, with `money`);
//! - at the bottom, used by all of those and using none: `actions` (the one table from
//!   every action to its place on the page) and `parts` (how a form sends, thumbnails,
//!   the reminder button).

mod actions;
mod model;
#[cfg(feature = "staff")]
pub(crate) mod money;
mod parts;
mod refusals;
mod sections;
#[cfg(feature = "staff")]
mod staff;
mod store_forms;

use std::rc::Rc;

use shared::Lang;
use shared::api::{ActionRequest, CampaignDetail};
use shared::campaign::{Campaign, Stage};
use shared::endpoints::{ActOnCampaign, GetCampaign};
use shared::workflow::Action;
use yew::prelude::*;

use self::actions::{Allowed, Place, StoreForm};
use self::model::{Fetched, Load, Msg, Outcome, Page};
use self::parts::{SendAction, SendActions};
use self::refusals::{kept_drafts, waiting_and_refused};
use self::sections::{
    files_section, history_section, my_confirmation, my_delivery, needs_section, outcome_banner, plan_section,
    simple_actions, timeline,
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

#[function_component(CampaignPage)]
pub fn campaign_page(props: &Props) -> Html {
    let ctx = use_context::<AppCtx>();
    let page = use_reducer(Page::default);
    use_fetch(&page, ctx.clone(), props.id);
    use_reload_when(&page, ctx.as_ref().map_or(0, |c| c.back_online));
    use_reload_when(&page, ctx.as_ref().map_or(0, |c| c.outbox_len));
    {
        // Someone else changed this campaign (the live stream says): show it as it is now.
        let changed = ctx.as_ref().and_then(|c| c.changed).filter(|(id, _)| *id == props.id);
        let (behind, page) = (changed.is_some_and(|(_, version)| page.is_behind(version)), page.clone());
        use_effect_with(changed, move |_| {
            if behind {
                page.dispatch(Msg::Reload);
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let detail = match &page.load {
        Load::Loading => return html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> },
        Load::Missing => return not_found(ctx.lang),
        Load::NotKept => {
            return html! { <p class="banner stale page" role="status" id="stale-note">{ ctx.t(Text::NothingKept) }</p> };
        }
        Load::Ready(detail) => detail.clone(),
    };
    let send_all = sender(&page, &ctx, detail.campaign.campaign());
    let send: SendAction = {
        let send_all = send_all.clone();
        Callback::from(move |(action, draft): (Action, Option<String>)| send_all.emit((vec![action], draft)))
    };
    let refresh = {
        let page = page.clone();
        Callback::from(move |_| page.dispatch(Msg::Refresh))
    };
    let reload = {
        let page = page.dispatcher();
        Callback::from(move |()| page.dispatch(Msg::Reload))
    };
    let view = View { ctx: &ctx, detail: &detail, allowed: Allowed::of(&detail), send, send_all, busy: page.sending };
    html! {
        <>
            { toolbar(&ctx, page.refreshing, refresh.clone()) }
            if let Some(at) = page.stale {
                <p class="banner stale" role="status" id="stale-note">{ crate::offline::stale_note(ctx.lang, at) }</p>
            }
            if view.staff() { { view.decision() } }
            { view.header() }
            { waiting_and_refused(&ctx, &detail, reload.clone()) }
            { needs_section(&ctx, detail.campaign.campaign()) }
            { outcome_banner(&ctx, &page.outcome, detail.campaign.campaign(), refresh) }
            { view.store_part(reload) }
            { view.actions_part() }
            { files_section(&ctx, detail.campaign.campaign()) }
            { history_section(&ctx, detail.campaign.campaign()) }
        </>
    }
}

/// Fetches the campaign whenever the page asks (`Page::reload`), keeping a copy on the
/// tablet and falling back on it when the server cannot be reached.
#[hook]
fn use_fetch(page: &UseReducerHandle<Page>, ctx: Option<AppCtx>, id: u64) {
    let (dispatch, refreshing) = (page.dispatcher(), page.refreshing);
    use_effect_with((id, page.reload), move |_| {
        yew::platform::spawn_local(async move {
            let result = api::fetch_kept::<GetCampaign>(&[&id.to_string()], &()).await;
            if let Some(ctx) = &ctx {
                ctx.note(&result);
            }
            let fetched = match result {
                Ok((detail, text)) => {
                    crate::offline::keep_campaign(id, &text);
                    if refreshing && let Some(ctx) = &ctx {
                        ctx.done(ctx.t(Text::Refreshed).to_owned());
                    }
                    Fetched::Fresh(Rc::new(detail))
                }
                Err(CallError::Api { status: 404, .. }) => Fetched::Missing,
                // No answer: the copy kept when it was last seen, marked with its time.
                Err(CallError::Network) => match crate::offline::last_campaign::<CampaignDetail>(id) {
                    Some(seen) => Fetched::Kept(Rc::new(seen.value), seen.at_ms),
                    None => Fetched::NothingKept,
                },
                Err(_) => Fetched::Failed,
            };
            dispatch.dispatch(Msg::Fetched(fetched));
        });
    });
}

/// Fetches again when `counter` moves (the server answers again, the outbox sent or the
/// server refused something), not when the page first shows.
#[hook]
fn use_reload_when<T: PartialEq + Clone + 'static>(page: &UseReducerHandle<Page>, counter: T) {
    let dispatch = page.dispatcher();
    let first = use_mut_ref(|| true);
    use_effect_with(counter, move |_| {
        if !std::mem::replace(&mut *first.borrow_mut(), false) {
            dispatch.dispatch(Msg::Reload);
        }
    });
}

/// Sends actions in order, each on the version the previous one produced; the forms call
/// it. The draft is removed once the server has the last one.
fn sender(page: &UseReducerHandle<Page>, ctx: &AppCtx, campaign: &Campaign) -> SendActions {
    let (dispatch, sending, ctx) = (page.dispatcher(), page.sending, ctx.clone());
    let (id, version, seen) = (campaign.id.0, campaign.version, campaign.history.len());
    Callback::from(move |(actions, draft_key): (Vec<Action>, Option<String>)| {
        if sending || actions.is_empty() {
            return;
        }
        dispatch.dispatch(Msg::Sending);
        let (dispatch, ctx) = (dispatch.clone(), ctx.clone());
        yew::platform::spawn_local(async move {
            let mut version = version;
            let mut queued = false;
            let count = actions.len();
            let mut last_kind = None;
            for (i, action) in actions.into_iter().enumerate() {
                let kind = action.kind();
                last_kind = Some(kind);
                let request = ActionRequest { version, action };
                let params = [id.to_string(), kind.as_str().to_owned()];
                let draft = if i + 1 == count { draft_key.as_deref() } else { None };
                let label = action_label(ctx.lang, kind);
                let result =
                    api::call_or_queue::<ActOnCampaign>(label, &[&params[0], &params[1]], &request, draft).await;
                ctx.note(&result);
                match result {
                    Ok(Some(next)) => {
                        version = next.campaign.campaign().version;
                        dispatch.dispatch(Msg::Accepted(Rc::new(next)));
                    }
                    Ok(None) => {
                        // Queued: what follows waits behind it, on the version it will make.
                        queued = true;
                        version = version.saturating_add(1);
                    }
                    Err(error) => {
                        dispatch.dispatch(Msg::Stopped(refusal(&ctx, error, seen)));
                        return;
                    }
                }
            }
            dispatch.dispatch(Msg::Sent);
            if queued {
                ctx.outbox_changed.emit(());
            } else if let Some(kind) = last_kind {
                ctx.done(done_message(ctx.lang, kind));
            }
        });
    })
}

/// What a failed send shows: a conflict, or the server's reason in the reader's language
/// (`None`: no answer, and what was sent waits in the outbox).
fn refusal(ctx: &AppCtx, error: CallError, seen_history: usize) -> Option<Outcome> {
    match error {
        ref e if e.is_conflict() => Some(Outcome::Conflict { seen_history }),
        CallError::Api { error, .. } => {
            let message = if ctx.lang == Lang::En { error.message_en.clone() } else { error.message_zh.clone() };
            Some(Outcome::Refused(error.fields, message))
        }
        CallError::Network => None,
    }
}

fn toolbar(ctx: &AppCtx, refreshing: bool, refresh: Callback<MouseEvent>) -> Html {
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
        <div class="toolbar">
            <button class="secondary" id="back" onclick={back}>{ pick(ctx.lang, "← 返回", "← Back") }</button>
            <button class="secondary" id="refresh" disabled={refreshing} onclick={refresh}>
                { if refreshing { ctx.t(Text::Refreshing) } else { ctx.t(Text::Refresh) } }</button>
        </div>
    }
}

/// What the page's parts are drawn from, once it has a campaign.
struct View<'a> {
    ctx: &'a AppCtx,
    detail: &'a CampaignDetail,
    allowed: Allowed,
    send: SendAction,
    send_all: SendActions,
    /// An action of this page is on its way: buttons wait.
    busy: bool,
}

impl View<'_> {
    fn campaign(&self) -> &Campaign {
        self.detail.campaign.campaign()
    }

    /// The center's people read the plan first, then act on it (the VP approves below it).
    fn staff(&self) -> bool {
        self.ctx.me.role != shared::org::Role::StoreManager
    }

    /// The store manager's own store, when the one looking is one.
    fn my_store(&self) -> Option<shared::ids::StoreId> {
        self.ctx.me.store
    }

    fn confirming(&self) -> bool {
        self.my_store().is_some() && self.allowed.store(StoreForm::ConfirmPlan)
    }

    /// The campaign's card: title, type, stores, dates, clock, handler, timeline.
    fn header(&self) -> Html {
        let (ctx, detail, campaign) = (self.ctx, self.detail, self.campaign());
        let l = ctx.lang;
        html! {
            <section class="card" id="campaign" data-stage={parts::stage_attr(campaign.stage)}>
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
                { self.staff_clock() }
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
                { timeline(l, detail, campaign.stage, ctx.today) }
                if let Some(message) = shared::rules::lateness_message(campaign) {
                    <p class="hint warning" id="lateness">{ message.text(l) }
                        if let Some(o) = &campaign.late_override { { format!(" · {}：{}", o.by_name, o.reason) } }
                    </p>
                }
            </section>
        }
    }

    /// A store's forms and records: what it confirmed and received, and what it may do.
    fn store_part(&self, reload: Callback<()>) -> Html {
        let Some(store) = self.my_store() else { return html! {} };
        let (ctx, campaign, busy) = (self.ctx, self.campaign(), self.busy);
        let (c, act, act_all) = (campaign.clone(), self.send.clone(), Some(self.send_all.clone()));
        let open = |form: StoreForm| self.allowed.store(form);
        html! {
            <>
                if self.confirming() { <ConfirmPlanForm campaign={c.clone()} {store} act={act.clone()} {busy} /> }
                { my_confirmation(ctx, campaign, store) }
                { my_delivery(ctx, campaign, store) }
                { kept_drafts(ctx, self.detail, &self.allowed, reload) }
                if open(StoreForm::Receipt) { <ReceiptForm campaign={c.clone()} {store} act={act.clone()} {busy} /> }
                if open(StoreForm::Rate) {
                    <RateForm campaign={c.clone()} {store} act={act.clone()} act_all={act_all.clone()} {busy} />
                } else if open(StoreForm::Sales) {
                    <SalesForm campaign={c.clone()} {store} act={act.clone()} act_all={act_all.clone()} {busy} />
                }
                if open(StoreForm::Help) { <HelpForm campaign={c} {store} {act} {act_all} {busy} /> }
            </>
        }
    }

    /// The plan, the buttons and panels for what the person looking may do, the reminder.
    fn actions_part(&self) -> Html {
        let (ctx, campaign) = (self.ctx, self.campaign());
        let remind = !self.staff()
            && self.allowed.shows(Place::Remind)
            && matches!(campaign.stage, Stage::Approval | Stage::Revisions | Stage::DraftPlan);
        html! {
            <>
                if self.staff() { { plan_section(ctx, campaign) } }
                { simple_actions(ctx, &self.allowed, &self.send, self.busy) }
                if self.staff() {
                    { self.staff_panels() }
                } else if remind {
                    <section class="card actions">{ parts::remind_button(ctx, self.detail, &self.send, self.busy) }</section>
                }
                if !self.confirming() && !self.staff() { { plan_section(ctx, campaign) } }
            </>
        }
    }

    #[cfg(feature = "staff")]
    fn staff_panels(&self) -> Html {
        html! { <staff::StaffPanels detail={self.detail.clone()} allowed={self.allowed.clone()} act={self.send.clone()} busy={self.busy} /> }
    }

    /// The store managers' build has no staff panels (a staff login reloads into the staff's).
    #[cfg(not(feature = "staff"))]
    fn staff_panels(&self) -> Html {
        html! {}
    }

    /// The VP's decision, first on the page when there is one to take.
    #[cfg(feature = "staff")]
    fn decision(&self) -> Html {
        html! { <staff::DecisionCard detail={self.detail.clone()} allowed={self.allowed.clone()} act={self.send.clone()} busy={self.busy} /> }
    }

    #[cfg(not(feature = "staff"))]
    fn decision(&self) -> Html {
        html! {}
    }

    /// The current stage's clock line, for the center's people.
    #[cfg(feature = "staff")]
    fn staff_clock(&self) -> Html {
        sections::stage_clock(self.ctx.lang, self.detail, self.ctx.today, &self.ctx.calendar)
    }

    #[cfg(not(feature = "staff"))]
    fn staff_clock(&self) -> Html {
        Html::default()
    }
}
