//! "My work" for the center's staff: campaigns at stages their department owns, the ones
//! assigned to them first, then by urgency in working days; filterable by type, stage,
//! province and overdue. Below it, everything else.

use shared::api::{CampaignQuery, CampaignSummary};
use shared::campaign::{CampaignType, Stage};
use shared::endpoints::ListCampaigns;
use shared::ids::StoreId;
use shared::org::Province;
use shared::workflow::role_works_at;
use yew::prelude::*;

use super::home::row;
use super::{input_value, select_value};
use crate::api;
use crate::app::AppCtx;
use crate::i18n::{Text, kind_name, stage_name};

#[derive(Clone, Default, PartialEq)]
struct Filters {
    kind: Option<CampaignType>,
    stage: Option<Stage>,
    province: Option<Province>,
    store: Option<StoreId>,
    /// Campaigns starting (or due) from, to this day (`YYYY-MM-DD`, empty for any).
    from: String,
    to: String,
    overdue: bool,
}

fn query(filters: &Filters) -> CampaignQuery {
    CampaignQuery {
        kind: filters.kind,
        stage: filters.stage,
        store: filters.store,
        from: shared::clock::parse_iso_date(&filters.from),
        to: shared::clock::parse_iso_date(&filters.to),
        overdue: filters.overdue,
        limit: Some(200),
        ..CampaignQuery::default()
    }
}

#[function_component(QueuePage)]
pub fn queue_page() -> Html {
    let ctx = use_context::<AppCtx>();
    let filters = use_state(Filters::default);
    let list = use_state(|| None::<Vec<CampaignSummary>>);
    {
        let (list, ctx) = (list.clone(), ctx.clone());
        use_effect_with((*filters).clone(), move |filters| {
            let query = query(filters);
            yew::platform::spawn_local(async move {
                let result = api::fetch::<ListCampaigns>(&[], &query).await;
                if let Some(ctx) = &ctx {
                    ctx.note(&result);
                }
                if let Ok(page) = result {
                    list.set(Some(page.items));
                }
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let Some(items) = &*list else { return html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> } };
    let me = ctx.me.clone();
    let in_province = |c: &CampaignSummary| {
        filters.province.is_none_or(|p| c.stores.iter().any(|s| ctx.stores.get(s).is_some_and(|st| st.province == p)))
    };
    let mut mine: Vec<&CampaignSummary> =
        items.iter().filter(|c| in_province(c) && role_works_at(c.kind, c.stage, me.role)).collect();
    // Assigned to me first, then overdue, then fewest working days left.
    mine.sort_by_key(|c| (c.assignee != Some(me.person), !c.overdue, c.working_days_left.unwrap_or(i64::MAX)));
    let others: Vec<&CampaignSummary> =
        items.iter().filter(|c| in_province(c) && !mine.iter().any(|m| m.id == c.id)).collect();

    let set_kind = {
        let filters = filters.clone();
        Callback::from(move |e: Event| {
            let value = select_value(&e);
            let kind = CampaignType::ALL.into_iter().find(|k| format!("{k:?}") == value);
            filters.set(Filters { kind, ..(*filters).clone() });
        })
    };
    let set_stage = {
        let filters = filters.clone();
        Callback::from(move |e: Event| {
            let value = select_value(&e);
            let stage = Stage::ALL.into_iter().find(|s| format!("{s:?}") == value);
            filters.set(Filters { stage, ..(*filters).clone() });
        })
    };
    let set_province = {
        let filters = filters.clone();
        Callback::from(move |e: Event| {
            let value = select_value(&e);
            let province = Province::ALL.into_iter().find(|p| format!("{p:?}") == value);
            filters.set(Filters { province, ..(*filters).clone() });
        })
    };
    let set_store = {
        let filters = filters.clone();
        Callback::from(move |e: Event| {
            let store = select_value(&e).parse().ok().map(StoreId);
            filters.set(Filters { store, ..(*filters).clone() });
        })
    };
    let set_from = {
        let filters = filters.clone();
        Callback::from(move |e: InputEvent| filters.set(Filters { from: input_value(&e), ..(*filters).clone() }))
    };
    let set_to = {
        let filters = filters.clone();
        Callback::from(move |e: InputEvent| filters.set(Filters { to: input_value(&e), ..(*filters).clone() }))
    };
    let mut store_list: Vec<_> = ctx.stores.values().cloned().collect();
    store_list.sort_by(|a, b| a.code.cmp(&b.code));
    let toggle_overdue = {
        let filters = filters.clone();
        Callback::from(move |_| filters.set(Filters { overdue: !filters.overdue, ..(*filters).clone() }))
    };
    let l = ctx.lang;
    html! {
        <>
            if ctx.me.role == shared::org::Role::Admin { { super::calendar_import::next_year_banner(&ctx) } }
            <section class="card filters" id="filters">
                <div class="filter"><label for="f-kind">{ ctx.t(Text::FilterType) }</label>
                    <select id="f-kind" onchange={set_kind}>
                        <option value="">{ ctx.t(Text::Any) }</option>
                        { for CampaignType::ALL.into_iter().map(|k| html! { <option value={format!("{k:?}")} selected={filters.kind == Some(k)}>{ kind_name(l, k) }</option> }) }
                    </select></div>
                <div class="filter"><label for="f-stage">{ ctx.t(Text::FilterStage) }</label>
                    <select id="f-stage" onchange={set_stage}>
                        <option value="">{ ctx.t(Text::Any) }</option>
                        { for Stage::ALL.into_iter().map(|s| html! { <option value={format!("{s:?}")} selected={filters.stage == Some(s)}>{ stage_name(l, s) }</option> }) }
                    </select></div>
                <div class="filter"><label for="f-province">{ ctx.t(Text::FilterProvince) }</label>
                    <select id="f-province" onchange={set_province}>
                        <option value="">{ ctx.t(Text::Any) }</option>
                        { for Province::ALL.into_iter().map(|p| html! { <option value={format!("{p:?}")} selected={filters.province == Some(p)}>{ p.name_zh() }</option> }) }
                    </select></div>
                <div class="filter"><label for="f-store">{ ctx.t(Text::Store) }</label>
                    <select id="f-store" onchange={set_store}>
                        <option value="">{ ctx.t(Text::Any) }</option>
                        { for store_list.iter().map(|s| html! { <option value={s.id.to_string()} selected={filters.store == Some(s.id)}>{ &s.name }</option> }) }
                    </select></div>
                <div class="filter"><label for="f-from">{ ctx.t(Text::StartsOn) }</label><input id="f-from" type="date" value={filters.from.clone()} oninput={set_from} /></div>
                <div class="filter"><label for="f-to">{ ctx.t(Text::EndsOn) }</label><input id="f-to" type="date" value={filters.to.clone()} oninput={set_to} /></div>
                <button id="f-overdue" class={if filters.overdue { "choice selected" } else { "choice" }} onclick={toggle_overdue}>{ ctx.t(Text::OnlyOverdue) }</button>
            </section>
            <section class="card" id="my-work">
                <h2>{ format!("{} ({})", ctx.t(Text::MyWork), mine.len()) }</h2>
                if mine.is_empty() { <p class="empty">{ ctx.t(Text::NoCampaigns) }</p> }
                <ul class="campaigns">
                    { for mine.iter().map(|c| {
                        let mark = (c.assignee == Some(me.person)).then_some(Text::AssignedToMe);
                        row(&ctx, c, mark)
                    }) }
                </ul>
            </section>
            <section class="card" id="all-campaigns">
                <h2>{ ctx.t(Text::AllCampaigns) }</h2>
                <ul class="campaigns">{ for others.iter().map(|c| row(&ctx, c, None)) }</ul>
            </section>
        </>
    }
}
