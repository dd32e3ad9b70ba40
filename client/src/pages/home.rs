//! Home, "what needs me": the store's campaigns grouped by what the store must do now
//! (confirm a plan, confirm a delivery, rate), then the rest by stage, each with its
//! dates and the working days that remain.

use shared::api::{CampaignQuery, CampaignSummary};
use shared::campaign::Stage;
use shared::endpoints::ListCampaigns;
use shared::org::Role;
use yew::prelude::*;

use crate::api;
use crate::ctx::AppCtx;
use crate::i18n::{Text, date, kind_name, stage_name};
use crate::route::{Route, navigate};

pub fn task_for(stage: Stage) -> Option<Text> {
    match stage {
        Stage::StoreConfirmation => Some(Text::ConfirmPlanTask),
        Stage::Shipping => Some(Text::ConfirmDeliveryTask),
        Stage::Rating => Some(Text::RateTask),
        _ => None,
    }
}

pub fn row(ctx: &AppCtx, c: &CampaignSummary, task: Option<Text>) -> Html {
    row_with_note(ctx, c, task, None)
}

/// A row with a line of its own under the title (how long a request has waited, say).
pub fn row_with_note(ctx: &AppCtx, c: &CampaignSummary, task: Option<Text>, note: Option<String>) -> Html {
    let id = c.id.0;
    let open = Callback::from(move |_| navigate(&Route::Campaign(id)));
    let deadline = c.due_on.map(|d| (Text::Due, d)).or(c.starts_on.map(|d| (Text::Starts, d)));
    let stores: Vec<String> = c.stores.iter().map(|s| ctx.store_name(*s)).collect();
    html! {
        <li class="campaign-row" data-id={id.to_string()}>
            <button class="row-button" onclick={open}>
                <span class="row-main">
                    <span class="row-title">{ &c.title }</span>
                    <span class="row-meta">
                        { kind_name(ctx.lang, c.kind) }
                        if !stores.is_empty() && ctx.me.role != Role::StoreManager { { " · " }{ stores.join("、") } }
                    </span>
                    if let Some(note) = note { <span class="row-meta row-note">{ note }</span> }
                </span>
                <span class="row-side">
                    if let Some(task) = task { <span class="badge task">{ ctx.t(task) }</span> }
                    <span class="badge stage">{ stage_name(ctx.lang, c.stage) }</span>
                    if let Some((label, day)) = deadline {
                        <span class="row-date">{ format!("{} {}", ctx.t(label), date(ctx.lang, day)) }</span>
                    }
                    { clock(ctx, c) }
                    if c.deadline_provisional { <span class="badge provisional" title={shared::messages::Message::ProvisionalCalendar.text(ctx.lang)}>{ ctx.t(Text::Provisional) }</span> }
                    if c.lead_time_short { <span class="badge overdue lead-time-short">{ ctx.t(Text::LeadTimeShort) }</span> }
                </span>
            </button>
        </li>
    }
}

/// Where the row's campaign stands on the center's clock: its stage's due day, and late,
/// at risk or the working days left for the stage.
#[cfg(feature = "staff")]
fn clock(ctx: &AppCtx, c: &CampaignSummary) -> Html {
    use crate::i18n::{short_date, standing_badge};
    html! {
        <>
            if let Some(due) = c.stage_due_on {
                <span class="row-date stage-due">{ format!("{} {}", crate::i18n::pick(ctx.lang, "本阶段", "This stage by"), short_date(ctx.lang, due)) }</span>
            }
            if let Some(uncounted) = c.clock_uncounted {
                <span class="badge at-risk uncounted" title={crate::i18n::uncounted_sentence(ctx.lang, uncounted)}>{ crate::i18n::uncounted_badge(ctx.lang, uncounted) }</span>
            } else if let Some((class, words)) = standing_badge(ctx.lang, c.late_working_days, c.at_risk) {
                <span class={class}>{ words }</span>
            } else if let Some(days) = c.stage_due_on.and_then(|due| ctx.calendar.working_days_between(ctx.today, due).ok()).filter(|d| *d >= 0) {
                <span class="row-days">{ format!("{} {days}", ctx.t(Text::WorkingDaysLeft)) }</span>
            }
        </>
    }
}

/// A store manager's row: the working days left before the event (the clock is the
/// center's, `view::sees_clock`).
#[cfg(not(feature = "staff"))]
fn clock(ctx: &AppCtx, c: &CampaignSummary) -> Html {
    match c.working_days_left.filter(|d| *d >= 0) {
        Some(days) => html! { <span class="row-days">{ format!("{} {days}", ctx.t(Text::WorkingDaysLeft)) }</span> },
        None => html! {},
    }
}

/// Where the home list is kept for opening offline (`offline`).
const KEPT: &str = "page.home";

#[function_component(HomePage)]
pub fn home_page() -> Html {
    let ctx = use_context::<AppCtx>();
    let list = use_state(|| None::<Vec<CampaignSummary>>);
    // When the list shown is a kept copy (the server could not be reached): its time.
    let stale = use_state(|| None::<f64>);
    let reload = use_state(|| 0u32);
    // A refresh asked for by hand, until its answer: the button says so.
    let refreshing = use_state(|| false);
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
    // A campaign of the store changed (the live stream says): fetch the list again.
    {
        let reload = reload.clone();
        let serial = ctx.as_ref().map_or(0, |c| c.change_serial);
        let first = use_mut_ref(|| true);
        use_effect_with(serial, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                reload.set(*reload + 1);
            }
        });
    }
    {
        let (list, ctx, stale, refreshing) = (list.clone(), ctx.clone(), stale.clone(), refreshing.clone());
        use_effect_with(*reload, move |_| {
            yew::platform::spawn_local(async move {
                let query = CampaignQuery { limit: Some(200), ..CampaignQuery::default() };
                let result = api::fetch_kept::<ListCampaigns>(&[], &query).await;
                if let Some(ctx) = &ctx {
                    ctx.note(&result);
                }
                match result {
                    Ok((page, text)) => {
                        crate::offline::keep(KEPT, &text);
                        stale.set(None);
                        list.set(Some(page.items));
                        if *refreshing && let Some(ctx) = &ctx {
                            ctx.done(ctx.t(Text::Refreshed).to_owned());
                        }
                    }
                    // No answer: what was seen last, marked with its time.
                    Err(api::CallError::Network) => {
                        if let Some(seen) = crate::offline::last::<shared::api::CampaignList>(KEPT) {
                            stale.set(Some(seen.at_ms));
                            list.set(Some(seen.value.items));
                        } else if list.is_none() {
                            list.set(Some(Vec::new()));
                            stale.set(Some(0.0));
                        }
                    }
                    Err(_) => {}
                }
                refreshing.set(false);
            });
        });
    }
    // The moment the home page is usable, for the load benchmark (a User Timing mark).
    use_effect_with(list.is_some(), |ready| {
        if *ready && let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("home-ready");
        }
    });
    let Some(ctx) = ctx else { return html! {} };
    let Some(items) = &*list else {
        return html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> };
    };
    let mine = ctx.me.store;
    let needs_me: Vec<&CampaignSummary> = items
        .iter()
        .filter(|c| mine.is_some_and(|s| c.stores_waiting.contains(&s)) && task_for(c.stage).is_some())
        .collect();
    let rest: Vec<&CampaignSummary> = items.iter().filter(|c| !needs_me.iter().any(|n| n.id == c.id)).collect();
    let groups: Vec<(Stage, Vec<&CampaignSummary>)> = Stage::ALL
        .into_iter()
        .map(|stage| (stage, rest.iter().copied().filter(|c| c.stage == stage).collect::<Vec<_>>()))
        .filter(|(_, items)| !items.is_empty())
        .collect();
    let refresh = {
        let (reload, refreshing) = (reload.clone(), refreshing.clone());
        Callback::from(move |_| {
            refreshing.set(true);
            reload.set(*reload + 1)
        })
    };
    html! {
        <>
            <div class="toolbar">
                <button id="new-request" onclick={Callback::from(|_| navigate(&Route::New(None)))}>{ ctx.t(Text::NewRequest) }</button>
                <button class="secondary" id="refresh" disabled={*refreshing} onclick={refresh}>
                    { if *refreshing { ctx.t(Text::Refreshing) } else { ctx.t(Text::Refresh) } }</button>
            </div>
            if let Some(at) = *stale {
                <p class="banner stale" role="status" id="stale-note">{
                    if at > 0.0 { crate::offline::stale_note(ctx.lang, at) } else { ctx.t(Text::NothingKept).to_owned() }
                }</p>
            }
            <section class="card" id="needs-me">
                <h2>{ format!("{}（{}）", ctx.t(Text::NeedsMe), needs_me.len()) }</h2>
                if !needs_me.is_empty() {
                    <p class="inbox-counts" id="inbox-counts">{
                        [(Stage::StoreConfirmation, Text::ConfirmPlanTask), (Stage::Shipping, Text::ConfirmDeliveryTask), (Stage::Rating, Text::RateTask)]
                            .into_iter()
                            .map(|(stage, text)| (ctx.t(text), needs_me.iter().filter(|c| c.stage == stage).count()))
                            .filter(|(_, n)| *n > 0)
                            .map(|(what, n)| format!("{what} {n}"))
                            .collect::<Vec<_>>()
                            .join(" · ")
                    }</p>
                }
                if needs_me.is_empty() {
                    <p class="empty">{ ctx.t(Text::NothingNeedsMe) }</p>
                } else {
                    <ul class="campaigns">{ for needs_me.iter().map(|c| row(&ctx, c, task_for(c.stage))) }</ul>
                }
            </section>
            <section class="card" id="other-campaigns">
                <h2>{ ctx.t(Text::OtherCampaigns) }</h2>
                if groups.is_empty() { <p class="empty">{ ctx.t(Text::NoCampaigns) }</p> }
                { for groups.iter().map(|(stage, items)| html! {
                    <div class="stage-group">
                        <h3>{ stage_name(ctx.lang, *stage) }</h3>
                        <ul class="campaigns">{ for items.iter().map(|c| row(&ctx, c, None)) }</ul>
                    </div>
                }) }
            </section>
        </>
    }
}
