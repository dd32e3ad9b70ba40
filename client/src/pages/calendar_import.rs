//! Importing a year of the working-day calendar (administrator): paste or pick the
//! State Council's arrangement as the documented JSON or as an iCalendar (.ics) file, see
//! the holidays and make-up days it holds before anything is saved, then save. Errors
//! read in the user's language; the answer lists the open video jobs the new data puts
//! inside R1's lead time. From 1 November, a banner says while next year is still an
//! estimate.

use chrono::Datelike;
use shared::Lang;
use shared::calendar::{Calendar, CalendarError, YearCalendar, parse_year_ics};
use shared::endpoints::ImportCalendarYear;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::input_value;
use crate::api::{self, CallError};
use crate::ctx::AppCtx;
use crate::i18n::{Text, date};

/// Reads the pasted text as JSON or, if it looks like one, as an iCalendar file.
fn parse(text: &str, year: i32) -> Result<YearCalendar, String> {
    let parsed = if text.trim_start().starts_with("BEGIN:VCALENDAR") {
        parse_year_ics(text, year)
    } else {
        Calendar::parse_year_json(text)
    };
    parsed.map_err(|error| match error {
        CalendarError::Invalid(problem) => format!("{}\n{}", problem.zh(), problem.en()),
        other => other.to_string(),
    })
}

/// The banner: from 1 November, while next year is only an estimate.
pub fn next_year_banner(ctx: &AppCtx) -> Html {
    let next = ctx.today.year() + 1;
    if ctx.today.month() < 11 || !ctx.calendar.is_provisional(next) {
        return html! {};
    }
    let text = if ctx.lang == Lang::En {
        format!(
            "{next}'s official holiday arrangement is not imported yet: dates in {next} are estimated from the statutory holidays. Import it once the State Council's notice is out."
        )
    } else {
        format!("{next}年的国务院放假安排尚未导入：{next}年的日期目前按法定假日暂估。通知发布后请在“管理”中导入。")
    };
    html! { <div class="banner warning" id="calendar-banner" role="status">{ text }</div> }
}

#[function_component(CalendarImportForm)]
pub fn calendar_import_form() -> Html {
    let ctx = use_context::<AppCtx>();
    let text = use_state(String::new);
    let year = use_state(|| ctx.as_ref().map_or(2027, |c| c.today.year() + 1));
    let outcome = use_state(|| None::<Html>);
    let sending = use_state(|| false);
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let preview = parse(&text, *year);
    let pick_file = {
        let text = text.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let text = text.clone();
            yew::platform::spawn_local(async move {
                if let Ok(content) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    text.set(content.as_string().unwrap_or_default());
                }
            });
        })
    };
    let save = {
        let (outcome, sending, ctx, preview) = (outcome.clone(), sending.clone(), ctx.clone(), preview.clone());
        Callback::from(move |_| {
            let Ok(data) = preview.clone() else { return };
            let (outcome, sending, ctx) = (outcome.clone(), sending.clone(), ctx.clone());
            sending.set(true);
            yew::platform::spawn_local(async move {
                let result = api::call::<ImportCalendarYear>(&[&data.year.to_string()], &data).await;
                ctx.note(&result);
                outcome.set(Some(match result {
                    Ok(done) => {
                        ctx.need_year.emit(done.year.year);
                        html! {
                            <div class="banner ok" id="calendar-import-done" role="status">
                                <p>{ format!("{} ✓ {}", ctx.t(Text::SavedOk), done.year.year) }</p>
                                if !done.lead_time_short.is_empty() {
                                    <p>{ ctx.t(Text::LeadTimeNowShort) }</p>
                                    <ul>{ for done.lead_time_short.iter().map(|c| html! { <li>{ format!("{} · {}", c.title, c.due_on.map(|d| date(ctx.lang, d)).unwrap_or_default()) }</li> }) }</ul>
                                }
                            </div>
                        }
                    }
                    Err(CallError::Api { error, .. }) => html! {
                        <div class="banner refused" role="alert">{ error.fields.first().map_or_else(|| error.message_zh.clone(), |f| f.message(ctx.lang).to_owned()) }</div>
                    },
                    Err(CallError::Network) => html! { <div class="banner offline" role="alert">{ ctx.t(Text::Offline) }</div> },
                }));
                sending.set(false);
            });
        })
    };
    html! {
        <section class="card form" id="calendar-import">
            <h2>{ ctx.t(Text::CalendarImport) }</h2>
            { next_year_banner(&ctx) }
            <p class="hint">{ ctx.t(Text::CalendarImportHint) }</p>
            <label for="calendar-year">{ ctx.t(Text::Year) }</label>
            <input id="calendar-year" inputmode="numeric" value={year.to_string()}
                oninput={{ let year = year.clone(); Callback::from(move |e: InputEvent| if let Ok(y) = input_value(&e).trim().parse() { year.set(y) }) }} />
            <label for="calendar-file">{ ctx.t(Text::CalendarFile) }</label>
            <input id="calendar-file" type="file" accept=".json,.ics,application/json,text/calendar" onchange={pick_file} />
            <textarea id="calendar-json" placeholder={r#"{"year": 2027, "source": "国办发明电〔2026〕…", "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-01"}], "make_up_workdays": []}"#}
                value={(*text).clone()} oninput={{ let t = text.clone(); Callback::from(move |e: InputEvent| t.set(input_value(&e))) }} />
            if !text.trim().is_empty() {
                { match &preview {
                    Ok(data) => html! {
                        <div class="preview" id="calendar-preview">
                            <h3>{ format!("{} {}", data.year, ctx.t(Text::YearPlan)) }</h3>
                            <ul>
                                { for data.holidays.iter().map(|p| html! { <li>{ format!("{}：{} – {}", p.name, date(l, p.from), date(l, p.to)) }</li> }) }
                                { for data.make_up_workdays.iter().map(|d| html! { <li class="hint">{ format!("{}：{}", ctx.t(Text::MakeUpMark), date(l, *d)) }</li> }) }
                            </ul>
                        </div>
                    },
                    Err(problem) => html! { <p class="field-error" id="calendar-error" role="alert">{ problem }</p> },
                } }
            }
            <button id="calendar-import-submit" disabled={preview.is_err() || *sending} onclick={save}>
                { if *sending { ctx.t(Text::Submitting) } else { ctx.t(Text::Save) } }
            </button>
            { (*outcome).clone().unwrap_or_default() }
        </section>
    }
}
