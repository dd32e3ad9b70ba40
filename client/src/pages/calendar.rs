//! Calendar views: campaigns on a month calendar with holidays and make-up working days
//! (调休) marked from the working-day calendar, and the year's holiday plan with the
//! annual plan's deadline (R3).

use chrono::{Datelike, Days, Months, NaiveDate};
use shared::api::{CampaignQuery, CampaignSummary};
use shared::endpoints::ListCampaigns;
use shared::rules::annual_plan_due;
use yew::prelude::*;

use crate::api;
use crate::app::AppCtx;
use crate::i18n::{Text, date};
use crate::route::{Route, navigate};

const WEEKDAYS_ZH: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn first_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

#[function_component(CalendarPage)]
pub fn calendar_page() -> Html {
    let ctx = use_context::<AppCtx>();
    let today = ctx.as_ref().map(|c| c.today).unwrap_or_default();
    let month = use_state(|| first_of(today));
    let campaigns = use_state(Vec::<CampaignSummary>::new);
    {
        let campaigns = campaigns.clone();
        use_effect_with(*month, move |month| {
            let start = *month;
            let end = start
                .checked_add_months(Months::new(1))
                .and_then(|d| d.checked_sub_days(Days::new(1)))
                .unwrap_or(start);
            let query =
                CampaignQuery { from: Some(start), to: Some(end), limit: Some(200), ..CampaignQuery::default() };
            yew::platform::spawn_local(async move {
                if let Ok(list) = api::fetch::<ListCampaigns>(&[], &query).await {
                    campaigns.set(list.items);
                }
            });
        });
    }
    // A year the app does not hold yet is asked for (the server has every year it
    // judges by, official or provisional).
    {
        let ctx = ctx.clone();
        use_effect_with(month.year(), move |year| {
            if let Some(ctx) = ctx
                && ctx.calendar.year(*year).is_none()
            {
                ctx.need_year.emit(*year);
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let start = *month;
    let offset = start.weekday().num_days_from_monday();
    let days_in_month = start.checked_add_months(Months::new(1)).map_or(30, |next| (next - start).num_days());
    let cells: Vec<Option<NaiveDate>> = (0..offset)
        .map(|_| None)
        .chain((0..days_in_month).map(|d| start.checked_add_days(Days::new(d as u64))))
        .collect();
    let year = ctx.calendar.year(start.year());
    let holiday_of = |day: NaiveDate| {
        year.and_then(|y| y.holidays.iter().find(|p| (p.from..=p.to).contains(&day)).map(|p| p.name.clone()))
    };
    let make_up = |day: NaiveDate| year.is_some_and(|y| y.make_up_workdays.contains(&day));
    let shift = |months: i32| {
        let month = month.clone();
        Callback::from(move |_| {
            let next = if months > 0 {
                month.checked_add_months(Months::new(1))
            } else {
                month.checked_sub_months(Months::new(1))
            };
            if let Some(next) = next {
                month.set(next);
            }
        })
    };
    let weekdays = if l == shared::Lang::En { WEEKDAYS_EN } else { WEEKDAYS_ZH };
    let due = annual_plan_due(today.year() + 1);
    html! {
        <>
            <section class="card" id="month-calendar">
                <div class="toolbar">
                    <button class="secondary" id="prev-month" onclick={shift(-1)}>{ ctx.t(Text::PrevMonth) }</button>
                    <h2 id="month-title">{ format!("{}-{:02}", start.year(), start.month()) }</h2>
                    <button class="secondary" id="next-month" onclick={shift(1)}>{ ctx.t(Text::NextMonth) }</button>
                </div>
                if year.is_none() { <p class="hint warning">{ ctx.t(Text::NoCalendarData) }</p> }
                if year.is_some_and(|y| y.provisional) {
                    <p class="hint warning" id="provisional-year">{ shared::messages::Message::ProvisionalCalendar.text(l) }</p>
                }
                <div class="month-grid">
                    { for weekdays.iter().map(|d| html! { <div class="weekday">{ *d }</div> }) }
                    { for cells.iter().map(|cell| match cell {
                        None => html! { <div class="day empty"></div> },
                        Some(day) => {
                            let holiday = holiday_of(*day);
                            let class = classes!("day", holiday.is_some().then_some("holiday"), make_up(*day).then_some("make-up"), (*day == ctx.today).then_some("today"));
                            let here: Vec<&CampaignSummary> = campaigns.iter().filter(|c| c.starts_on.or(c.due_on) == Some(*day)).collect();
                            html! {
                                <div class={class} data-date={day.to_string()}>
                                    <span class="day-number">{ day.day() }</span>
                                    if let Some(name) = holiday { <span class="mark off">{ format!("{} {}", ctx.t(Text::HolidayMark), name) }</span> }
                                    if make_up(*day) { <span class="mark work">{ ctx.t(Text::MakeUpMark) }</span> }
                                    { for here.into_iter().map(|c| {
                                        let id = c.id.0;
                                        html! { <button class="day-campaign" onclick={Callback::from(move |_| navigate(&Route::Campaign(id)))}>{ &c.title }</button> }
                                    }) }
                                </div>
                            }
                        }
                    }) }
                </div>
            </section>
            <section class="card" id="year-plan">
                <h2>{ format!("{} {}", start.year(), ctx.t(Text::YearPlan)) }</h2>
                <ul>
                    { for year.iter().flat_map(|y| y.holidays.iter()).map(|p| html! {
                        <li>{ format!("{}：{} – {}", p.name, date(l, p.from), date(l, p.to)) }</li>
                    }) }
                    { for year.iter().flat_map(|y| y.make_up_workdays.iter()).map(|d| html! { <li class="hint">{ format!("{}：{}", ctx.t(Text::MakeUpMark), date(l, *d)) }</li> }) }
                </ul>
                if let Some(due) = due { <p id="annual-due"><strong>{ format!("{}：{}", ctx.t(Text::AnnualPlanDue), date(l, due)) }</strong></p> }
            </section>
        </>
    }
}
