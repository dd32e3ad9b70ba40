//! Calendar views: campaigns on a month calendar with holidays and make-up working days
//! (调休) marked from the working-day calendar, and the year's holiday plan with the
//! annual plan's deadline.
//!
//! A holiday promotion adapted per store is many campaigns with one title on one day: a
//! day shows them as one chip ("元旦迎新促销 · 51家门店") that opens the list of its
//! stores, each a link to its campaign; a campaign of one store shows the store's name.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use shared::Lang;
use shared::api::{CampaignQuery, CampaignSummary};
use shared::campaign::CampaignType;
use shared::endpoints::ListCampaigns;
use shared::ids::StoreId;
use shared::rules::annual_plan_due;
use yew::prelude::*;

use crate::api;
use crate::ctx::AppCtx;
use crate::i18n::{Text, date, kind_name, pick, stage_name};
use crate::route::{Route, navigate};

const WEEKDAYS_ZH: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Pages of 200 campaigns read for one month at most (a region has 1,000–3,000 a year).
const MAX_PAGES: usize = 25;

fn first_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn month_title(l: Lang, month: NaiveDate) -> String {
    match l {
        Lang::En => format!("{} {}", MONTHS_EN.get(month.month0() as usize).copied().unwrap_or_default(), month.year()),
        Lang::Zh => format!("{}年{}月", month.year(), month.month()),
    }
}

fn colon(l: Lang) -> &'static str {
    pick(l, "：", ": ")
}

/// "51家门店" / "51 stores".
fn store_count(l: Lang, n: usize) -> String {
    match l {
        Lang::En if n == 1 => "1 store".to_owned(),
        Lang::En => format!("{n} stores"),
        Lang::Zh => format!("{n}家门店"),
    }
}

fn campaign_count(l: Lang, n: usize) -> String {
    match l {
        Lang::En => format!("{n} campaigns"),
        Lang::Zh => format!("{n}个活动"),
    }
}

/// The campaigns of one month as the server listed them.
#[derive(Clone, PartialEq)]
struct Loaded {
    month: NaiveDate,
    items: Vec<CampaignSummary>,
    /// Every page arrived (false: the network failed on the way).
    complete: bool,
}

/// Campaigns on one day with one type and title.
struct Group<'a> {
    kind: CampaignType,
    title: String,
    campaigns: Vec<&'a CampaignSummary>,
    stores: BTreeSet<StoreId>,
}

fn groups_of<'a>(campaigns: impl Iterator<Item = &'a CampaignSummary>) -> Vec<Group<'a>> {
    let mut by_key: BTreeMap<(CampaignType, String), Vec<&'a CampaignSummary>> = BTreeMap::new();
    for c in campaigns {
        by_key.entry((c.kind, c.title.clone())).or_default().push(c);
    }
    by_key
        .into_iter()
        .map(|((kind, title), campaigns)| {
            let stores = campaigns.iter().flat_map(|c| c.stores.iter().copied()).collect();
            Group { kind, title, campaigns, stores }
        })
        .collect()
}

/// Which day's group is opened: the day, type and title.
type OpenGroup = (NaiveDate, CampaignType, String);

/// The page's state: the month shown, its campaigns once they came, and the day's group
/// opened.
#[derive(Clone, PartialEq)]
struct Month {
    month: NaiveDate,
    loaded: Option<Rc<Loaded>>,
    open: Option<OpenGroup>,
}

enum Msg {
    /// A month on (`1`) or back (`-1`); the opened group closes.
    Shift(i32),
    Loaded(Loaded),
    /// Open a day's group, or close it if it is the one open.
    Toggle(OpenGroup),
    Close,
}

impl Month {
    fn new(today: NaiveDate) -> Month {
        Month { month: first_of(today), loaded: None, open: None }
    }

    /// The campaigns loaded for the month shown (none while its answer is on the way).
    fn current(&self) -> Option<&Loaded> {
        self.loaded.as_deref().filter(|loaded| loaded.month == self.month)
    }

    fn update(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            Msg::Shift(months) => {
                let month = if months > 0 {
                    self.month.checked_add_months(Months::new(1))
                } else {
                    self.month.checked_sub_months(Months::new(1))
                };
                let Some(month) = month else { return self };
                next.month = month;
                next.open = None;
            }
            // An answer for an earlier month arriving late is dropped.
            Msg::Loaded(loaded) if loaded.month != self.month => return self,
            Msg::Loaded(loaded) => next.loaded = Some(Rc::new(loaded)),
            Msg::Toggle(key) => next.open = if self.open.as_ref() == Some(&key) { None } else { Some(key) },
            Msg::Close => next.open = None,
        }
        Rc::new(next)
    }
}

impl Reducible for Month {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        self.update(msg)
    }
}

/// The month's grid from Monday: `None` for the cells before its first day and after its
/// last, whole weeks.
fn cells(start: NaiveDate) -> Vec<Option<NaiveDate>> {
    let offset = start.weekday().num_days_from_monday();
    let days_in_month = start.checked_add_months(Months::new(1)).map_or(30, |next| (next - start).num_days());
    let mut cells: Vec<Option<NaiveDate>> = (0..offset)
        .map(|_| None)
        .chain((0..days_in_month).map(|d| start.checked_add_days(Days::new(d as u64))))
        .collect();
    while !cells.len().is_multiple_of(7) {
        cells.push(None);
    }
    cells
}

/// Every campaign starting (or due) in the month from `start`, page by page.
async fn load_month(ctx: Option<AppCtx>, start: NaiveDate) -> Loaded {
    let end = start.checked_add_months(Months::new(1)).and_then(|d| d.checked_sub_days(Days::new(1))).unwrap_or(start);
    let mut items = Vec::new();
    let mut cursor = None;
    let mut complete = false;
    for _ in 0..MAX_PAGES {
        let query = CampaignQuery {
            from: Some(start),
            to: Some(end),
            limit: Some(200),
            cursor: cursor.take(),
            ..CampaignQuery::default()
        };
        let result = api::fetch::<ListCampaigns>(&[], &query).await;
        if let Some(ctx) = &ctx {
            ctx.note(&result);
        }
        let Ok(page) = result else { break };
        items.extend(page.items);
        cursor = page.next_cursor;
        if cursor.is_none() {
            complete = true;
            break;
        }
    }
    Loaded { month: start, items, complete }
}

#[function_component(CalendarPage)]
pub fn calendar_page() -> Html {
    let ctx = use_context::<AppCtx>();
    let today = ctx.as_ref().map(|c| c.today).unwrap_or_default();
    let state = use_reducer(|| Month::new(today));
    {
        let (dispatch, ctx) = (state.dispatcher(), ctx.clone());
        use_effect_with(state.month, move |month| {
            let start = *month;
            yew::platform::spawn_local(async move { dispatch.dispatch(Msg::Loaded(load_month(ctx, start).await)) });
        });
    }
    // A year the app does not hold yet is asked for (the server has every year it
    // judges by, official or provisional).
    {
        let ctx = ctx.clone();
        use_effect_with(state.month.year(), move |year| {
            if let Some(ctx) = ctx
                && ctx.calendar.year(*year).is_none()
            {
                ctx.need_year.emit(*year);
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    html! {
        <>
            { month_calendar(&ctx, &state, state.dispatcher()) }
            { year_plan(&ctx, state.month) }
        </>
    }
}

/// A chip for a day's group of campaigns: one campaign opens it, several open their list.
fn chip(
    ctx: &AppCtx,
    day: NaiveDate,
    group: &Group,
    open: Option<&OpenGroup>,
    dispatch: &UseReducerDispatcher<Month>,
) -> Html {
    let l = ctx.lang;
    let sub = match group.stores.len() {
        0 if group.campaigns.len() > 1 => campaign_count(l, group.campaigns.len()),
        0 => String::new(),
        1 => group.stores.iter().next().map(|s| ctx.store_name(*s)).unwrap_or_default(),
        n => store_count(l, n),
    };
    let label = html! {
        <>
            <span class="chip-title">{ &group.title }</span>
            if !sub.is_empty() { <span class="chip-stores">{ format!(" · {sub}") }</span> }
        </>
    };
    let hint = format!("{} · {}", kind_name(l, group.kind), group.title);
    match group.campaigns.as_slice() {
        [single] => {
            let id = single.id.0;
            html! {
                <button class="day-campaign"
                    title={hint} data-campaign={id.to_string()}
                    onclick={Callback::from(move |_| navigate(&Route::Campaign(id)))}>
                    { label }
                </button>
            }
        }
        many => {
            let key: OpenGroup = (day, group.kind, group.title.clone());
            let is_open = open == Some(&key);
            let dispatch = dispatch.clone();
            let toggle = Callback::from(move |_| dispatch.dispatch(Msg::Toggle(key.clone())));
            html! {
                <button class={classes!("day-campaign", "day-group", is_open.then_some("open"))}
                    title={hint} aria-expanded={is_open.to_string()} aria-controls="day-group-panel"
                    data-count={many.len().to_string()} onclick={toggle}>
                    { label }
                </button>
            }
        }
    }
}

/// The opened group's list: a row under the week of its day, across the whole grid.
fn panel(ctx: &AppCtx, group: &Group, day: NaiveDate, dispatch: &UseReducerDispatcher<Month>) -> Html {
    let l = ctx.lang;
    let mut entries: Vec<(String, &CampaignSummary)> = group
        .campaigns
        .iter()
        .map(|c| {
            let names: Vec<String> = c.stores.iter().map(|s| ctx.store_name(*s)).collect();
            let label = if names.is_empty() { c.title.clone() } else { names.join(pick(l, "、", ", ")) };
            (label, *c)
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let count = if group.stores.is_empty() {
        campaign_count(l, group.campaigns.len())
    } else {
        store_count(l, group.stores.len())
    };
    let close = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Msg::Close))
    };
    html! {
        <div class="day-group-panel" id="day-group-panel" role="region" aria-label={group.title.clone()}>
            <div class="panel-head">
                <h3>{ format!("{} · {} · {}", group.title, date(l, day), count) }</h3>
                <button class="secondary" id="day-group-close" onclick={close}>{ pick(l, "收起", "Close") }</button>
            </div>
            <p class="hint">{ kind_name(l, group.kind) }{ " · " }{ pick(l, "点门店查看该店的活动", "Tap a store to open its campaign") }</p>
            <ul class="group-stores">
                { for entries.into_iter().map(|(label, c)| {
                    let id = c.id.0;
                    html! {
                        <li>
                            <button class="group-store" data-campaign={id.to_string()}
                                onclick={Callback::from(move |_| navigate(&Route::Campaign(id)))}>
                                <span class="store-name">{ label }</span>
                                <span class="stage">{ stage_name(l, c.stage) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// One week of the grid, with the opened group's list under it when its day is here.
fn week(ctx: &AppCtx, state: &Month, week: &[Option<NaiveDate>], dispatch: &UseReducerDispatcher<Month>) -> Html {
    let year = ctx.calendar.year(state.month.year());
    let holiday_of = |day: NaiveDate| {
        year.and_then(|y| y.holidays.iter().find(|p| (p.from..=p.to).contains(&day)).map(|p| p.name.clone()))
    };
    let make_up = |day: NaiveDate| year.is_some_and(|y| y.make_up_workdays.contains(&day));
    let current = state.current();
    let on_day = |day: NaiveDate| {
        current
            .into_iter()
            .flat_map(|loaded| loaded.items.iter())
            .filter(move |c| c.starts_on.or(c.due_on) == Some(day))
    };
    let mut opened: Option<Html> = None;
    let days = week.iter().map(|cell| match cell {
        None => html! { <div class="day empty"></div> },
        Some(day) => {
            let day = *day;
            let holiday = holiday_of(day);
            let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
            let class = classes!(
                "day",
                weekend.then_some("weekend"),
                holiday.is_some().then_some("holiday"),
                make_up(day).then_some("make-up"),
                (day == ctx.today).then_some("today")
            );
            let groups = groups_of(on_day(day));
            if let Some((open_day, kind, title)) = &state.open
                && *open_day == day
                && let Some(group) = groups.iter().find(|g| g.kind == *kind && g.title == *title && g.campaigns.len() > 1)
            {
                opened = Some(panel(ctx, group, day, dispatch));
            }
            html! {
                <div class={class} data-date={day.to_string()}>
                    <span class="day-number">{ day.day() }</span>
                    if let Some(name) = holiday { <span class="mark off">{ format!("{} {}", ctx.t(Text::HolidayMark), name) }</span> }
                    if make_up(day) { <span class="mark work">{ ctx.t(Text::MakeUpMark) }</span> }
                    { for groups.iter().map(|g| chip(ctx, day, g, state.open.as_ref(), dispatch)) }
                </div>
            }
        }
    });
    let days: Html = days.collect();
    html! { <>{ days }{ opened.unwrap_or_default() }</> }
}

/// The month's grid of days, with its navigation and notes.
fn month_calendar(ctx: &AppCtx, state: &Month, dispatch: UseReducerDispatcher<Month>) -> Html {
    let (l, start) = (ctx.lang, state.month);
    let year = ctx.calendar.year(start.year());
    let current = state.current();
    let shift = |months: i32| {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Msg::Shift(months)))
    };
    let weekdays = if l == Lang::En { WEEKDAYS_EN } else { WEEKDAYS_ZH };
    let weeks = cells(start).chunks(7).map(|days| week(ctx, state, days, &dispatch)).collect::<Html>();
    html! {
    <section class="card" id="month-calendar">
        <div class="toolbar calendar-nav">
            <button class="secondary" id="prev-month" onclick={shift(-1)}>{ ctx.t(Text::PrevMonth) }</button>
            <h2 id="month-title">{ month_title(l, start) }</h2>
            <button class="secondary" id="next-month" onclick={shift(1)}>{ ctx.t(Text::NextMonth) }</button>
        </div>
        if year.is_none() { <p class="hint warning">{ ctx.t(Text::NoCalendarData) }</p> }
        if year.is_some_and(|y| y.provisional) {
            <p class="hint warning" id="provisional-year">{ shared::messages::Message::ProvisionalCalendar.text(l) }</p>
        }
        if current.is_none() { <p class="loading" id="calendar-loading">{ ctx.t(Text::Loading) }</p> }
        if current.is_some_and(|c| !c.complete) {
            <p class="hint warning" id="calendar-incomplete">{ pick(l, "部分活动未能加载，请稍后刷新。", "Some campaigns could not be loaded; refresh in a moment.") }</p>
        }
        <div class="month-grid">
            { for weekdays.iter().map(|d| html! { <div class="weekday">{ *d }</div> }) }
            { weeks }
        </div>
        <p class="hint calendar-key">
            <span class="mark off">{ ctx.t(Text::HolidayMark) }</span>{ pick(l, " 放假　", " day off · ") }
            <span class="mark work">{ ctx.t(Text::MakeUpMark) }</span>{ pick(l, " 调休上班　", " make-up working day · ") }
            { pick(l, "同名活动合为一项，点开查看门店", "Campaigns with one title are one chip: tap it for the stores") }
        </p>
    </section>
    }
}

/// The year's holidays and make-up working days, and the annual plan's deadline.
fn year_plan(ctx: &AppCtx, start: NaiveDate) -> Html {
    let l = ctx.lang;
    let year = ctx.calendar.year(start.year());
    let due = annual_plan_due(ctx.today.year() + 1);
    let make_up_days: Vec<String> = year.iter().flat_map(|y| y.make_up_workdays.iter()).map(|d| date(l, *d)).collect();
    html! {
    <section class="card" id="year-plan">
        <h2>{ format!("{} {}", start.year(), ctx.t(Text::YearPlan)) }</h2>
        if year.is_some_and(|y| y.provisional) {
            <p class="hint warning">{ shared::messages::Message::ProvisionalCalendar.text(l) }</p>
        }
        if year.is_none() { <p class="hint">{ ctx.t(Text::NoCalendarData) }</p> }
        <ul class="holiday-list">
            { for year.iter().flat_map(|y| y.holidays.iter()).map(|p| html! {
                <li>
                    <span class="holiday-name">{ &p.name }</span>{ colon(l) }
                    { if p.from == p.to { date(l, p.from) } else { format!("{} – {}", date(l, p.from), date(l, p.to)) } }
                </li>
            }) }
            if !make_up_days.is_empty() {
                <li class="make-up-days">
                    <span class="mark work">{ ctx.t(Text::MakeUpMark) }</span>
                    { format!(" {}{}{}", pick(l, "调休上班", "Make-up working days"), colon(l), make_up_days.join(pick(l, "、", ", "))) }
                </li>
            }
        </ul>
        if year.is_some_and(|y| y.holidays.is_empty()) {
            <p class="hint">{ pick(l, "这一年没有登记节假日。", "No holidays are on file for this year.") }</p>
        }
        if let Some(due) = due { <p id="annual-due"><strong>{ format!("{}{}{}", ctx.t(Text::AnnualPlanDue), colon(l), date(l, due)) }</strong></p> }
    </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn campaign(id: u64, title: &str, store: u64) -> CampaignSummary {
        CampaignSummary {
            starts_on: Some(day(3, 8)),
            ..crate::pages::fixtures::list_row(id, title, store, shared::campaign::Stage::Intake)
        }
    }

    fn loaded(month: NaiveDate) -> Loaded {
        Loaded { month, items: Vec::new(), complete: true }
    }

    #[test]
    fn a_late_answer_for_another_month_is_dropped() {
        let s = Rc::new(Month::new(day(3, 17)));
        assert_eq!(s.month, day(3, 1));
        let s = s.update(Msg::Shift(1));
        assert_eq!(s.month, day(4, 1));
        let s = s.update(Msg::Loaded(loaded(day(3, 1))));
        assert!(s.loaded.is_none() && s.current().is_none());
        let s = s.update(Msg::Loaded(loaded(day(4, 1))));
        assert!(s.current().is_some());
        // Back a month: what April loaded is not shown for March.
        let s = s.update(Msg::Shift(-1));
        assert!(s.current().is_none());
    }

    #[test]
    fn a_group_opens_closes_and_closes_with_the_month() {
        let key: OpenGroup = (day(3, 8), CampaignType::HolidayPromotion, "元旦".into());
        let s = Rc::new(Month::new(day(3, 1))).update(Msg::Toggle(key.clone()));
        assert_eq!(s.open, Some(key.clone()));
        assert_eq!(s.clone().update(Msg::Toggle(key.clone())).open, None);
        assert_eq!(s.clone().update(Msg::Close).open, None);
        assert_eq!(s.update(Msg::Shift(1)).open, None);
    }

    #[test]
    fn the_grid_is_whole_weeks_from_monday() {
        // 1 March 2026 is a Sunday: six blank cells, 31 days, five after: six weeks.
        let grid = cells(day(3, 1));
        assert_eq!(grid.len(), 42);
        assert_eq!(grid.iter().position(Option::is_some), Some(6));
        assert_eq!(grid.iter().flatten().count(), 31);
    }

    #[test]
    fn campaigns_with_one_title_are_one_group() {
        let items = [campaign(1, "店庆", 1), campaign(2, "店庆", 2), campaign(3, "新品", 1)];
        let groups = groups_of(items.iter());
        assert_eq!(groups.len(), 2);
        let shop = groups.iter().find(|g| g.title == "店庆").unwrap();
        assert_eq!((shop.campaigns.len(), shop.stores.len()), (2, 2));
    }
}
