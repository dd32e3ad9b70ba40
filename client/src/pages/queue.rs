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

use super::home::{row, row_with_note};
use super::input_value;
use crate::api;
use crate::ctx::AppCtx;
use crate::i18n::{Text, kind_name, stage_name};
use crate::widgets::Select;

#[derive(Clone, Default, PartialEq)]
struct Filters {
    kind: Option<CampaignType>,
    stage: Option<Stage>,
    province: Option<Province>,
    store: Option<StoreId>,
    /// Campaigns starting (or due) from, to this day (`YYYY-MM-DD`, empty for any).
    from: String,
    to: String,
    late: bool,
    at_risk: bool,
}

fn query(filters: &Filters) -> CampaignQuery {
    CampaignQuery {
        kind: filters.kind,
        stage: filters.stage,
        store: filters.store,
        from: shared::clock::parse_iso_date(&filters.from),
        to: shared::clock::parse_iso_date(&filters.to),
        late: filters.late,
        at_risk: filters.at_risk,
        limit: Some(200),
        ..CampaignQuery::default()
    }
}

#[function_component(QueuePage)]
pub fn queue_page() -> Html {
    let ctx = use_context::<AppCtx>();
    let filters = use_state(Filters::default);
    let list = use_state(|| None::<Vec<CampaignSummary>>);
    // Campaigns changed elsewhere (the live stream says): fetch the list again.
    let refetch = use_state(|| 0u32);
    {
        let refetch = refetch.clone();
        let serial = ctx.as_ref().map_or(0, |c| c.change_serial);
        let first = use_mut_ref(|| true);
        use_effect_with(serial, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                refetch.set(*refetch + 1);
            }
        });
    }
    {
        let (list, ctx) = (list.clone(), ctx.clone());
        use_effect_with(((*filters).clone(), *refetch), move |(filters, _)| {
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
    // Whose the other planners' campaigns are: the people's names, for a planner.
    let people = use_state(std::collections::HashMap::<shared::ids::PersonId, String>::new);
    {
        let people = people.clone();
        let planner = ctx.as_ref().is_some_and(|c| c.me.role == shared::org::Role::Planning);
        use_effect_with(planner, move |planner| {
            if *planner {
                yew::platform::spawn_local(async move {
                    if let Ok(org) = api::fetch::<shared::endpoints::GetOrg>(&[], &()).await {
                        people.set(org.people.into_iter().map(|p| (p.value.id, p.value.name)).collect());
                    }
                });
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let Some(items) = &*list else { return html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> } };
    let me = ctx.me.clone();
    let l = ctx.lang;
    let in_province = |c: &CampaignSummary| {
        filters.province.is_none_or(|p| c.stores.iter().any(|s| ctx.stores.get(s).is_some_and(|st| st.province == p)))
    };
    let mut mine: Vec<&CampaignSummary> =
        items.iter().filter(|c| in_province(c) && role_works_at(c.kind, c.stage, me.role)).collect();
    // Assigned to me first, then the latest, then those at risk, then by the stage's due day.
    mine.sort_by_key(|c| {
        (c.assignee != Some(me.person), std::cmp::Reverse(c.late_working_days), !c.at_risk, c.stage_due_on)
    });
    // The VP's approvals, the longest waiting first; they are not repeated under my work.
    let vp = me.role == shared::org::Role::Vp;
    let mut approvals: Vec<&CampaignSummary> = items.iter().filter(|c| c.stage == Stage::Approval).collect();
    approvals.sort_by_key(|c| (c.stage_since, c.id));
    if vp {
        mine.retain(|c| c.stage != Stage::Approval);
    }
    // A planner's own campaigns (and those nobody has taken yet) are her work; the other
    // planners' campaigns at her stages are listed apart, saying whose they are.
    let colleagues: Vec<&CampaignSummary> = if me.role == shared::org::Role::Planning {
        let theirs: Vec<&CampaignSummary> =
            mine.iter().copied().filter(|c| c.assignee.is_some_and(|a| a != me.person)).collect();
        mine.retain(|c| c.assignee.is_none_or(|a| a == me.person));
        theirs
    } else {
        Vec::new()
    };
    let others: Vec<&CampaignSummary> = items
        .iter()
        .filter(|c| in_province(c) && !mine.iter().chain(&colleagues).any(|m| m.id == c.id))
        .filter(|c| !(vp && c.stage == Stage::Approval))
        .collect();
    let waited = |c: &CampaignSummary| -> Option<String> {
        let since = c.stage_since?;
        let days = (ctx.today - since).num_days().max(0);
        Some(match (l, days) {
            (shared::Lang::Zh, 0) => format!("{}提交 · 今天提交", crate::i18n::date(l, since)),
            (shared::Lang::Zh, n) => format!("{}提交 · 已等待{n}天", crate::i18n::date(l, since)),
            (shared::Lang::En, 0) => format!("Submitted {} · today", crate::i18n::date(l, since)),
            (shared::Lang::En, n) => format!("Submitted {} · waiting {n} days", crate::i18n::date(l, since)),
        })
    };
    let active_filters = [
        filters.kind.is_some(),
        filters.stage.is_some(),
        filters.province.is_some(),
        filters.store.is_some(),
        !filters.from.is_empty(),
        !filters.to.is_empty(),
        filters.late,
        filters.at_risk,
    ]
    .iter()
    .filter(|on| **on)
    .count();
    // On a phone the filters fold away, so the work comes first.
    let wide = web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).is_none_or(|w| w >= 600.0);

    let set_kind = {
        let filters = filters.clone();
        Callback::from(move |value: String| {
            let kind = CampaignType::ALL.into_iter().find(|k| format!("{k:?}") == value);
            filters.set(Filters { kind, ..(*filters).clone() });
        })
    };
    let set_stage = {
        let filters = filters.clone();
        Callback::from(move |value: String| {
            let stage = Stage::ALL.into_iter().find(|s| format!("{s:?}") == value);
            filters.set(Filters { stage, ..(*filters).clone() });
        })
    };
    let set_province = {
        let filters = filters.clone();
        Callback::from(move |value: String| {
            let province = Province::ALL.into_iter().find(|p| format!("{p:?}") == value);
            filters.set(Filters { province, ..(*filters).clone() });
        })
    };
    let set_store = {
        let filters = filters.clone();
        Callback::from(move |value: String| {
            let store = value.parse().ok().map(StoreId);
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
    let toggle_late = {
        let filters = filters.clone();
        Callback::from(move |_| filters.set(Filters { late: !filters.late, ..(*filters).clone() }))
    };
    let toggle_at_risk = {
        let filters = filters.clone();
        Callback::from(move |_| filters.set(Filters { at_risk: !filters.at_risk, ..(*filters).clone() }))
    };
    let any = AttrValue::from(ctx.t(Text::Any));
    html! {
        <>
            if ctx.me.role == shared::org::Role::Admin { { super::calendar_import::next_year_banner(&ctx) } }
            if me.role == shared::org::Role::Vp {
                <section class="card inbox" id="inbox-approvals">
                    <h2>{ format!("{}（{}）", crate::i18n::pick(l, "待我审批", "Waiting for my approval"), approvals.len()) }</h2>
                    if approvals.is_empty() { <p class="empty">{ crate::i18n::pick(l, "没有待审批的方案", "No plan waits for approval") }</p> }
                    <ul class="campaigns">{ for approvals.iter().map(|c| row_with_note(&ctx, c, None, waited(c))) }</ul>
                </section>
            }
            <details class="card filters-fold" id="filters-fold" open={wide || active_filters > 0}>
            <summary>{ match (l, active_filters) {
                (shared::Lang::Zh, 0) => "筛选".to_owned(),
                (shared::Lang::Zh, n) => format!("筛选（已选{n}项）"),
                (shared::Lang::En, 0) => "Filters".to_owned(),
                (shared::Lang::En, n) => format!("Filters ({n} on)"),
            } }</summary>
            <section class="filters" id="filters">
                <div class="filter"><label for="f-kind">{ ctx.t(Text::FilterType) }</label>
                    <Select id="f-kind" value={filters.kind.map(|k| format!("{k:?}")).unwrap_or_default()} placeholder={any.clone()} onchange={set_kind}
                        options={CampaignType::ALL.into_iter().map(|k| (AttrValue::from(format!("{k:?}")), AttrValue::from(kind_name(l, k)))).collect::<Vec<_>>()} /></div>
                <div class="filter"><label for="f-stage">{ ctx.t(Text::FilterStage) }</label>
                    <Select id="f-stage" value={filters.stage.map(|s| format!("{s:?}")).unwrap_or_default()} placeholder={any.clone()} onchange={set_stage}
                        options={Stage::ALL.into_iter().map(|s| (AttrValue::from(format!("{s:?}")), AttrValue::from(stage_name(l, s)))).collect::<Vec<_>>()} /></div>
                <div class="filter"><label for="f-province">{ ctx.t(Text::FilterProvince) }</label>
                    <Select id="f-province" value={filters.province.map(|p| format!("{p:?}")).unwrap_or_default()} placeholder={any.clone()} onchange={set_province}
                        options={Province::ALL.into_iter().map(|p| (AttrValue::from(format!("{p:?}")), AttrValue::from(if l == shared::Lang::En { p.name_en() } else { p.name_zh() }))).collect::<Vec<_>>()} /></div>
                <div class="filter"><label for="f-store">{ ctx.t(Text::Store) }</label>
                    <Select id="f-store" value={filters.store.map(|s| s.to_string()).unwrap_or_default()} placeholder={any} onchange={set_store}
                        options={store_list.iter().map(|s| (AttrValue::from(s.id.to_string()), AttrValue::from(s.name.clone()))).collect::<Vec<_>>()} /></div>
                <div class="filter"><label for="f-from">{ ctx.t(Text::StartsOn) }</label><input id="f-from" type="date" value={filters.from.clone()} oninput={set_from} /></div>
                <div class="filter"><label for="f-to">{ ctx.t(Text::EndsOn) }</label><input id="f-to" type="date" value={filters.to.clone()} oninput={set_to} /></div>
                <button id="f-overdue" class={if filters.late { "choice selected" } else { "choice" }} onclick={toggle_late}>{ ctx.t(Text::OnlyOverdue) }</button>
                <button id="f-at-risk" class={if filters.at_risk { "choice selected" } else { "choice" }} onclick={toggle_at_risk}>{ crate::i18n::pick(l, "只看有风险", "At risk only") }</button>
            </section>
            </details>

            if matches!(me.role, shared::org::Role::Vp | shared::org::Role::Planning) { <OffSchedule /> }

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
            if !colleagues.is_empty() {
                <section class="card" id="colleagues-work">
                    <h2>{ format!("{}（{}）", crate::i18n::pick(l, "其他策划负责的", "Other planners' campaigns"), colleagues.len()) }</h2>
                    <p class="hint">{ crate::i18n::pick(l, "这些活动在策划阶段，由其他策划负责：列出供参考，需要时可协助。", "At the planning stages, handled by other planners: listed for reference, to help where needed.") }</p>
                    <ul class="campaigns">{ for colleagues.iter().map(|c| {
                        let whose = c.assignee.and_then(|a| people.get(&a)).map(|p| match l {
                            shared::Lang::Zh => format!("由{}负责", p),
                            shared::Lang::En => format!("Handled by {p}"),
                        });
                        row_with_note(&ctx, c, None, whose)
                    }) }</ul>
                </section>
            }
            <section class="card" id="all-campaigns">
                <h2>{ ctx.t(Text::AllCampaigns) }</h2>
                <ul class="campaigns">{ for others.iter().map(|c| row(&ctx, c, None)) }</ul>
            </section>
        </>
    }
}

/// What is late and what is at risk, across the region (the VP's and the planners' home):
/// the campaign's clock, fetched on its own so a filter on the lists below never hides it.
#[function_component(OffSchedule)]
fn off_schedule() -> Html {
    let ctx = use_context::<AppCtx>();
    let lists = use_state(|| None::<(Vec<CampaignSummary>, Vec<CampaignSummary>)>);
    {
        let (lists, ctx) = (lists.clone(), ctx.clone());
        let serial = ctx.as_ref().map_or(0, |c| c.change_serial);
        use_effect_with(serial, move |_| {
            yew::platform::spawn_local(async move {
                let late = CampaignQuery { late: true, limit: Some(200), ..CampaignQuery::default() };
                let at_risk = CampaignQuery { at_risk: true, limit: Some(200), ..CampaignQuery::default() };
                let late = api::fetch::<ListCampaigns>(&[], &late).await;
                let at_risk = api::fetch::<ListCampaigns>(&[], &at_risk).await;
                if let Some(ctx) = &ctx {
                    ctx.note(&late);
                }
                if let (Ok(late), Ok(at_risk)) = (late, at_risk) {
                    let mut late = late.items;
                    late.sort_by_key(|c| std::cmp::Reverse(c.late_working_days));
                    let mut at_risk = at_risk.items;
                    at_risk.sort_by_key(|c| c.stage_due_on);
                    lists.set(Some((late, at_risk)));
                }
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let Some((late, at_risk)) = &*lists else {
        return html! { <section class="card" id="off-schedule"><p class="loading">{ ctx.t(Text::Loading) }</p></section> };
    };
    html! {
        <section class="card inbox" id="off-schedule">
            <h2>{ crate::i18n::pick(l, "逾期与风险", "Late and at risk") }</h2>
            <h3 id="late-count">{ format!("{}（{}）", crate::i18n::pick(l, "已逾期", "Late"), late.len()) }</h3>
            if late.is_empty() { <p class="empty">{ crate::i18n::pick(l, "没有逾期的活动", "Nothing is late") }</p> }
            <ul class="campaigns" id="late-list">{ for late.iter().map(|c| row(&ctx, c, None)) }</ul>
            <h3 id="at-risk-count">{ format!("{}（{}）", crate::i18n::pick(l, "有逾期风险", "At risk"), at_risk.len()) }</h3>
            if at_risk.is_empty() { <p class="empty">{ crate::i18n::pick(l, "没有有风险的活动", "Nothing is at risk") }</p> }
            <ul class="campaigns" id="at-risk-list">{ for at_risk.iter().map(|c| row(&ctx, c, None)) }</ul>
        </section>
    }
}
