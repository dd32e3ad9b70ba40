//! "My work" for the center's staff: campaigns at stages their department owns, the ones
//! assigned to them first, then by urgency in working days; filterable by type, stage,
//! province and overdue. Below it, everything else.

use std::collections::HashMap;
use std::rc::Rc;

use shared::Lang;
use shared::api::{CampaignQuery, CampaignSummary};
use shared::campaign::{CampaignType, Stage};
use shared::endpoints::ListCampaigns;
use shared::ids::{PersonId, StoreId};
use shared::org::{Province, Role};
use shared::workflow::role_works_at;
use yew::prelude::*;

use super::home::{row, row_with_note};
use super::input_value;
use crate::api;
use crate::ctx::AppCtx;
use crate::i18n::{Text, kind_name, pick, stage_name};
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

impl Filters {
    /// How many filters are on (the folded filters say so).
    fn active(&self) -> usize {
        [
            self.kind.is_some(),
            self.stage.is_some(),
            self.province.is_some(),
            self.store.is_some(),
            !self.from.is_empty(),
            !self.to.is_empty(),
            self.late,
            self.at_risk,
        ]
        .iter()
        .filter(|on| **on)
        .count()
    }
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

/// The page's state: the filters, the list they fetched, and the people's names.
#[derive(Clone, Default, PartialEq)]
struct Queue {
    filters: Filters,
    list: Option<Rc<Vec<CampaignSummary>>>,
    /// Grows each time the live stream says campaigns changed: the list is fetched again.
    refetch: u32,
    /// Whose the other planners' campaigns are (a planner's page).
    people: Rc<HashMap<PersonId, String>>,
}

enum Msg {
    Kind(Option<CampaignType>),
    Stage(Option<Stage>),
    Province(Option<Province>),
    Store(Option<StoreId>),
    From(String),
    To(String),
    ToggleLate,
    ToggleAtRisk,
    /// Campaigns changed elsewhere.
    Changed,
    Listed(Vec<CampaignSummary>),
    People(HashMap<PersonId, String>),
}

impl Queue {
    fn update(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        let f = &mut next.filters;
        match msg {
            Msg::Kind(kind) => f.kind = kind,
            Msg::Stage(stage) => f.stage = stage,
            Msg::Province(province) => f.province = province,
            Msg::Store(store) => f.store = store,
            Msg::From(from) => f.from = from,
            Msg::To(to) => f.to = to,
            Msg::ToggleLate => f.late = !f.late,
            Msg::ToggleAtRisk => f.at_risk = !f.at_risk,
            Msg::Changed => next.refetch = next.refetch.wrapping_add(1),
            Msg::Listed(items) => next.list = Some(Rc::new(items)),
            Msg::People(people) => next.people = Rc::new(people),
        }
        Rc::new(next)
    }
}

impl Reducible for Queue {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        self.update(msg)
    }
}

/// Who is looking: their role and who they are.
#[derive(Clone, Copy)]
struct Viewer {
    role: Role,
    person: PersonId,
}

/// The list sorted into the page's sections.
struct Work<'a> {
    /// The viewer's work: assigned to them first, then the latest, then those at risk,
    /// then by the stage's due day.
    mine: Vec<&'a CampaignSummary>,
    /// The VP's approvals, the longest waiting first (not repeated under her work).
    approvals: Vec<&'a CampaignSummary>,
    /// Other planners' campaigns at a planner's stages, listed apart.
    colleagues: Vec<&'a CampaignSummary>,
    others: Vec<&'a CampaignSummary>,
}

/// Sorts `items` (those `in_province`) into the viewer's sections.
fn sort_work<'a>(items: &'a [CampaignSummary], me: Viewer, in_province: impl Fn(&CampaignSummary) -> bool) -> Work<'a> {
    let mut mine: Vec<&CampaignSummary> =
        items.iter().filter(|c| in_province(c) && role_works_at(c.kind, c.stage, me.role)).collect();
    mine.sort_by_key(|c| {
        (c.assignee != Some(me.person), std::cmp::Reverse(c.late_working_days), !c.at_risk, c.stage_due_on)
    });
    let vp = me.role == Role::Vp;
    let mut approvals: Vec<&CampaignSummary> = items.iter().filter(|c| c.stage == Stage::Approval).collect();
    approvals.sort_by_key(|c| (c.stage_since, c.id));
    if vp {
        mine.retain(|c| c.stage != Stage::Approval);
    }
    // A planner's own campaigns (and those nobody has taken yet) are her work; the other
    // planners' campaigns at her stages are listed apart, saying whose they are.
    let colleagues: Vec<&CampaignSummary> = if me.role == Role::Planning {
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
    Work { mine, approvals, colleagues, others }
}

/// How long a request has waited at its stage: "3月2日提交 · 已等待4天".
fn waited(l: Lang, today: chrono::NaiveDate, c: &CampaignSummary) -> Option<String> {
    let since = c.stage_since?;
    let days = (today - since).num_days().max(0);
    Some(match (l, days) {
        (Lang::Zh, 0) => format!("{}提交 · 今天提交", crate::i18n::date(l, since)),
        (Lang::Zh, n) => format!("{}提交 · 已等待{n}天", crate::i18n::date(l, since)),
        (Lang::En, 0) => format!("Submitted {} · today", crate::i18n::date(l, since)),
        (Lang::En, n) => format!("Submitted {} · waiting {n} days", crate::i18n::date(l, since)),
    })
}

#[function_component(QueuePage)]
pub fn queue_page() -> Html {
    let ctx = use_context::<AppCtx>();
    let state = use_reducer(Queue::default);
    // Campaigns changed elsewhere (the live stream says): fetch the list again.
    {
        let state = state.dispatcher();
        let serial = ctx.as_ref().map_or(0, |c| c.change_serial);
        let first = use_mut_ref(|| true);
        use_effect_with(serial, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                state.dispatch(Msg::Changed);
            }
        });
    }
    {
        let (dispatch, ctx) = (state.dispatcher(), ctx.clone());
        use_effect_with((state.filters.clone(), state.refetch), move |(filters, _)| {
            let query = query(filters);
            yew::platform::spawn_local(async move {
                let result = api::fetch::<ListCampaigns>(&[], &query).await;
                if let Some(ctx) = &ctx {
                    ctx.note(&result);
                }
                if let Ok(page) = result {
                    dispatch.dispatch(Msg::Listed(page.items));
                }
            });
        });
    }
    // Whose the other planners' campaigns are: the people's names, for a planner.
    {
        let dispatch = state.dispatcher();
        let planner = ctx.as_ref().is_some_and(|c| c.me.role == Role::Planning);
        use_effect_with(planner, move |planner| {
            if *planner {
                yew::platform::spawn_local(async move {
                    if let Ok(org) = api::fetch::<shared::endpoints::GetOrg>(&[], &()).await {
                        dispatch.dispatch(Msg::People(
                            org.people.into_iter().map(|p| (p.value.id, p.value.name)).collect(),
                        ));
                    }
                });
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let Some(items) = &state.list else { return html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> } };
    let (me, l) = (Viewer { role: ctx.me.role, person: ctx.me.person }, ctx.lang);
    let province = state.filters.province;
    let in_province = |c: &CampaignSummary| {
        province.is_none_or(|p| c.stores.iter().any(|s| ctx.stores.get(s).is_some_and(|st| st.province == p)))
    };
    let work = sort_work(items, me, in_province);
    html! {
        <>
            if me.role == Role::Admin { { super::calendar_import::next_year_banner(&ctx) } }
            if me.role == Role::Vp {
                <section class="card inbox" id="inbox-approvals">
                    <h2>{ format!("{}（{}）", pick(l, "待我审批", "Waiting for my approval"), work.approvals.len()) }</h2>
                    if work.approvals.is_empty() { <p class="empty">{ pick(l, "没有待审批的方案", "No plan waits for approval") }</p> }
                    <ul class="campaigns">{ for work.approvals.iter().map(|c| row_with_note(&ctx, c, None, waited(l, ctx.today, c))) }</ul>
                </section>
            }
            { filters_view(&ctx, &state.filters, state.dispatcher()) }
            if matches!(me.role, Role::Vp | Role::Planning) { <OffSchedule /> }
            { work_view(&ctx, &work, me, &state.people) }
        </>
    }
}

/// The filters, folded away on a phone so that the work comes first.
fn filters_view(ctx: &AppCtx, filters: &Filters, dispatch: UseReducerDispatcher<Queue>) -> Html {
    let l = ctx.lang;
    let active_filters = filters.active();
    let wide = web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).is_none_or(|w| w >= 600.0);
    let send = |make: fn(String) -> Msg| {
        let dispatch = dispatch.clone();
        Callback::from(move |value: String| dispatch.dispatch(make(value)))
    };
    let typed = |make: fn(String) -> Msg| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| dispatch.dispatch(make(input_value(&e))))
    };
    let toggle = |msg: fn() -> Msg| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(msg()))
    };
    let set_kind = send(|v| Msg::Kind(CampaignType::ALL.into_iter().find(|k| format!("{k:?}") == v)));
    let set_stage = send(|v| Msg::Stage(Stage::ALL.into_iter().find(|s| format!("{s:?}") == v)));
    let set_province = send(|v| Msg::Province(Province::ALL.into_iter().find(|p| format!("{p:?}") == v)));
    let set_store = send(|v| Msg::Store(v.parse().ok().map(StoreId)));
    let (set_from, set_to) = (typed(Msg::From), typed(Msg::To));
    let (toggle_late, toggle_at_risk) = (toggle(|| Msg::ToggleLate), toggle(|| Msg::ToggleAtRisk));
    let mut store_list: Vec<_> = ctx.stores.values().cloned().collect();
    store_list.sort_by(|a, b| a.code.cmp(&b.code));
    let any = AttrValue::from(ctx.t(Text::Any));
    html! {
        <details class="card filters-fold" id="filters-fold" open={wide || active_filters > 0}>
        <summary>{ match (l, active_filters) {
            (Lang::Zh, 0) => "筛选".to_owned(),
            (Lang::Zh, n) => format!("筛选（已选{n}项）"),
            (Lang::En, 0) => "Filters".to_owned(),
            (Lang::En, n) => format!("Filters ({n} on)"),
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
                    options={Province::ALL.into_iter().map(|p| (AttrValue::from(format!("{p:?}")), AttrValue::from(if l == Lang::En { p.name_en() } else { p.name_zh() }))).collect::<Vec<_>>()} /></div>
            <div class="filter"><label for="f-store">{ ctx.t(Text::Store) }</label>
                <Select id="f-store" value={filters.store.map(|s| s.to_string()).unwrap_or_default()} placeholder={any} onchange={set_store}
                    options={store_list.iter().map(|s| (AttrValue::from(s.id.to_string()), AttrValue::from(s.name.clone()))).collect::<Vec<_>>()} /></div>
            <div class="filter"><label for="f-from">{ ctx.t(Text::StartsOn) }</label><input id="f-from" type="date" value={filters.from.clone()} oninput={set_from} /></div>
            <div class="filter"><label for="f-to">{ ctx.t(Text::EndsOn) }</label><input id="f-to" type="date" value={filters.to.clone()} oninput={set_to} /></div>
            <button id="f-overdue" class={if filters.late { "choice selected" } else { "choice" }} onclick={toggle_late}>{ ctx.t(Text::OnlyOverdue) }</button>
            <button id="f-at-risk" class={if filters.at_risk { "choice selected" } else { "choice" }} onclick={toggle_at_risk}>{ pick(l, "只看有风险", "At risk only") }</button>
        </section>
        </details>
    }
}

/// The viewer's work, other planners' campaigns, and everything else.
fn work_view(ctx: &AppCtx, work: &Work, me: Viewer, people: &HashMap<PersonId, String>) -> Html {
    let l = ctx.lang;
    html! {
        <>
            <section class="card" id="my-work">
                <h2>{ format!("{} ({})", ctx.t(Text::MyWork), work.mine.len()) }</h2>
                if work.mine.is_empty() { <p class="empty">{ ctx.t(Text::NoCampaigns) }</p> }
                <ul class="campaigns">
                    { for work.mine.iter().map(|c| {
                        let mark = (c.assignee == Some(me.person)).then_some(Text::AssignedToMe);
                        row(ctx, c, mark)
                    }) }
                </ul>
            </section>
            if !work.colleagues.is_empty() {
                <section class="card" id="colleagues-work">
                    <h2>{ format!("{}（{}）", pick(l, "其他策划负责的", "Other planners' campaigns"), work.colleagues.len()) }</h2>
                    <p class="hint">{ pick(l, "这些活动在策划阶段，由其他策划负责：列出供参考，需要时可协助。", "At the planning stages, handled by other planners: listed for reference, to help where needed.") }</p>
                    <ul class="campaigns">{ for work.colleagues.iter().map(|c| {
                        let whose = c.assignee.and_then(|a| people.get(&a)).map(|p| match l {
                            Lang::Zh => format!("由{}负责", p),
                            Lang::En => format!("Handled by {p}"),
                        });
                        row_with_note(ctx, c, None, whose)
                    }) }</ul>
                </section>
            }
            <section class="card" id="all-campaigns">
                <h2>{ ctx.t(Text::AllCampaigns) }</h2>
                <ul class="campaigns">{ for work.others.iter().map(|c| row(ctx, c, None)) }</ul>
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
            <h2>{ pick(l, "逾期与风险", "Late and at risk") }</h2>
            <h3 id="late-count">{ format!("{}（{}）", pick(l, "已逾期", "Late"), late.len()) }</h3>
            if late.is_empty() { <p class="empty">{ pick(l, "没有逾期的活动", "Nothing is late") }</p> }
            <ul class="campaigns" id="late-list">{ for late.iter().map(|c| row(&ctx, c, None)) }</ul>
            <h3 id="at-risk-count">{ format!("{}（{}）", pick(l, "有逾期风险", "At risk"), at_risk.len()) }</h3>
            if at_risk.is_empty() { <p class="empty">{ pick(l, "没有有风险的活动", "Nothing is at risk") }</p> }
            <ul class="campaigns" id="at-risk-list">{ for at_risk.iter().map(|c| row(&ctx, c, None)) }</ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// A campaign of the list: `id` at `stage`, assigned to `assignee`, late by `late`.
    fn campaign(id: u64, stage: Stage, assignee: Option<u64>, late: u32) -> CampaignSummary {
        CampaignSummary {
            assignee: assignee.map(PersonId),
            overdue: late > 0,
            late_working_days: late,
            ..crate::pages::fixtures::list_row(id, &format!("活动{id}"), 1, stage)
        }
    }

    /// A stage a planner works at (`true`), or one she does not.
    fn planning_stage(works: bool) -> Stage {
        Stage::ALL
            .into_iter()
            .find(|s| role_works_at(CampaignType::HolidayPromotion, *s, Role::Planning) == works)
            .unwrap()
    }

    #[test]
    fn filters_change_one_at_a_time_and_are_counted() {
        let s = Rc::new(Queue::default());
        assert_eq!(s.filters.active(), 0);
        let s = s.update(Msg::ToggleLate).update(Msg::From("2026-03-01".into())).update(Msg::Store(Some(StoreId(4))));
        assert_eq!(s.filters.active(), 3);
        let s = s.update(Msg::ToggleLate);
        assert!(!s.filters.late);
        assert_eq!(query(&s.filters).from, NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(s.refetch, 0);
        assert_eq!(s.update(Msg::Changed).refetch, 1);
    }

    #[test]
    fn a_planners_own_work_comes_first_and_colleagues_are_apart() {
        let stage = planning_stage(true);
        let items = vec![
            campaign(1, stage, None, 0),
            campaign(2, stage, Some(7), 0),
            campaign(3, stage, Some(9), 0),
            campaign(4, stage, None, 3),
            campaign(5, planning_stage(false), None, 0),
        ];
        let me = Viewer { role: Role::Planning, person: PersonId(7) };
        let work = sort_work(&items, me, |_| true);
        let ids = |list: &[&CampaignSummary]| list.iter().map(|c| c.id.0).collect::<Vec<_>>();
        // Assigned to me first, then the latest.
        assert_eq!(ids(&work.mine), [2, 4, 1]);
        assert_eq!(ids(&work.colleagues), [3]);
        assert!(!work.others.iter().any(|c| work.mine.iter().chain(&work.colleagues).any(|m| m.id == c.id)));
        assert!(ids(&work.others).contains(&5));
        // Outside the province: in no section.
        let work = sort_work(&items, me, |c| c.id.0 != 2);
        assert!(!ids(&work.mine).contains(&2) && !ids(&work.others).contains(&2));
    }

    #[test]
    fn the_vps_approvals_are_not_repeated() {
        let items = vec![campaign(5, Stage::Approval, None, 0), campaign(6, Stage::Approval, None, 0)];
        let work = sort_work(&items, Viewer { role: Role::Vp, person: PersonId(1) }, |_| true);
        assert_eq!(work.approvals.len(), 2);
        assert!(work.mine.is_empty() && work.others.is_empty());
    }
}
