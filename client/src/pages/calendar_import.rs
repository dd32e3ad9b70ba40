//! Importing a year of the working-day calendar (administrator): fill in the State
//! Council's arrangement as dates in a form (started from the year's estimate), or paste
//! or pick it as the documented JSON or as an iCalendar (.ics) file; see
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

/// The arrangement as typed in the form: each holiday (name, first day, last day) and
/// each make-up working day, as the date inputs hold them.
#[derive(Clone, PartialEq)]
struct Typed {
    source: String,
    holidays: Vec<(String, String, String)>,
    make_up: Vec<String>,
}

impl Typed {
    /// The year's estimate (or the data on file) to correct: the holidays the regulation
    /// names, with the days it gives them.
    fn start(calendar: &Calendar, year: i32) -> Typed {
        match calendar.year(year) {
            Some(known) => Typed {
                source: if known.provisional { String::new() } else { known.source.clone() },
                holidays: known
                    .holidays
                    .iter()
                    .map(|h| (h.name.clone(), h.from.to_string(), h.to.to_string()))
                    .collect(),
                make_up: known.make_up_workdays.iter().map(ToString::to_string).collect(),
            },
            None => Typed {
                source: String::new(),
                holidays: ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
                    .into_iter()
                    .map(|n| (n.to_owned(), String::new(), String::new()))
                    .collect(),
                make_up: Vec::new(),
            },
        }
    }

    /// The year as the server takes it, checked by the same rules, or what is wrong.
    fn year(&self, year: i32, l: Lang) -> Result<YearCalendar, String> {
        let day = |text: &str, what: String| {
            shared::clock::parse_iso_date(text.trim()).ok_or_else(|| match l {
                Lang::Zh => format!("{what}：请选择日期"),
                Lang::En => format!("{what}: choose a date"),
            })
        };
        let mut holidays = Vec::new();
        for (i, (name, from, to)) in self.holidays.iter().enumerate() {
            let row = match l {
                Lang::Zh => format!("第{}行（{}）", i + 1, name),
                Lang::En => format!("Row {} ({name})", i + 1),
            };
            holidays.push(shared::calendar::HolidayPeriod {
                name: name.trim().to_owned(),
                from: day(from, row.clone())?,
                to: day(to, row)?,
            });
        }
        let mut make_up_workdays = Vec::new();
        for (i, d) in self.make_up.iter().enumerate() {
            make_up_workdays.push(day(
                d,
                match l {
                    Lang::Zh => format!("调休上班第{}天", i + 1),
                    Lang::En => format!("Make-up day {}", i + 1),
                },
            )?);
        }
        let data = YearCalendar {
            year,
            source: self.source.trim().to_owned(),
            holidays,
            make_up_workdays,
            provisional: false,
        };
        data.validate().map(|()| data).map_err(|error| match error {
            CalendarError::Invalid(problem) => format!("{}\n{}", problem.zh(), problem.en()),
            other => other.to_string(),
        })
    }
}

/// A change to the form from what was typed into a field.
type Edit = std::rc::Rc<dyn Fn(&mut Typed, String)>;
/// A row added or removed.
type Change = std::rc::Rc<dyn Fn(&mut Typed)>;

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
    // The form (dates) first; JSON or an .ics file for those who have one.
    let by_form = use_state(|| true);
    let typed = use_state(|| None::<(i32, Typed)>);
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let form = match &*typed {
        Some((y, form)) if *y == *year => form.clone(),
        _ => Typed::start(&ctx.calendar, *year),
    };
    let preview = if *by_form { form.year(*year, l) } else { parse(&text, *year) };
    let edit = |change: Edit| {
        let (typed, form, y) = (typed.clone(), form.clone(), *year);
        Callback::from(move |e: InputEvent| {
            let mut next = form.clone();
            change(&mut next, input_value(&e));
            typed.set(Some((y, next)));
        })
    };
    let change_list = |change: Change| {
        let (typed, form, y) = (typed.clone(), form.clone(), *year);
        Callback::from(move |_: MouseEvent| {
            let mut next = form.clone();
            change(&mut next);
            typed.set(Some((y, next)));
        })
    };
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
            <div class="choices" role="tablist">
                <button id="calendar-by-form" class={if *by_form { "choice selected" } else { "choice" }}
                    onclick={{ let b = by_form.clone(); Callback::from(move |_| b.set(true)) }}>{ crate::i18n::pick(l, "按日期填写", "Fill in the dates") }</button>
                <button id="calendar-by-file" class={if *by_form { "choice" } else { "choice selected" }}
                    onclick={{ let b = by_form.clone(); Callback::from(move |_| b.set(false)) }}>{ crate::i18n::pick(l, "导入文件（JSON 或 .ics）", "Import a file (JSON or .ics)") }</button>
            </div>
            if *by_form {
                <div id="calendar-form" class="calendar-form">
                    <label for="calendar-source">{ crate::i18n::pick(l, "通知文号", "The notice") }</label>
                    <input id="calendar-source" placeholder="国办发明电〔2026〕…" value={form.source.clone()}
                        oninput={edit(std::rc::Rc::new(|f: &mut Typed, v| f.source = v))} />
                    <table class="calendar-holidays">
                        <thead><tr>
                            <th>{ crate::i18n::pick(l, "节日", "Holiday") }</th><th>{ crate::i18n::pick(l, "放假", "From") }</th>
                            <th>{ crate::i18n::pick(l, "至", "To") }</th><th></th>
                        </tr></thead>
                        <tbody>{ for form.holidays.iter().enumerate().map(|(i, (name, from, to))| html! {
                            <tr class="holiday-row">
                                <td><input class="h-name" aria-label={crate::i18n::pick(l, "节日", "Holiday")} value={name.clone()}
                                    oninput={edit(std::rc::Rc::new(move |f: &mut Typed, v| f.holidays[i].0 = v))} /></td>
                                <td><input class="h-from" type="date" aria-label={crate::i18n::pick(l, "放假", "From")} value={from.clone()}
                                    oninput={edit(std::rc::Rc::new(move |f: &mut Typed, v| f.holidays[i].1 = v))} /></td>
                                <td><input class="h-to" type="date" aria-label={crate::i18n::pick(l, "至", "To")} value={to.clone()}
                                    oninput={edit(std::rc::Rc::new(move |f: &mut Typed, v| f.holidays[i].2 = v))} /></td>
                                <td><button class="secondary" onclick={change_list(std::rc::Rc::new(move |f: &mut Typed| { f.holidays.remove(i); }))}>{ ctx.t(Text::Remove) }</button></td>
                            </tr>
                        }) }</tbody>
                    </table>
                    <button class="secondary" id="calendar-add-holiday"
                        onclick={change_list(std::rc::Rc::new(|f: &mut Typed| f.holidays.push((String::new(), String::new(), String::new()))))}>
                        { crate::i18n::pick(l, "添加节日", "Add a holiday") }</button>
                    <h3>{ crate::i18n::pick(l, "调休上班日", "Make-up working days") }</h3>
                    <ul class="make-up-days">{ for form.make_up.iter().enumerate().map(|(i, d)| html! {
                        <li><input class="m-day" type="date" aria-label={crate::i18n::pick(l, "调休上班日", "Make-up working day")} value={d.clone()}
                                oninput={edit(std::rc::Rc::new(move |f: &mut Typed, v| f.make_up[i] = v))} />
                            <button class="secondary" onclick={change_list(std::rc::Rc::new(move |f: &mut Typed| { f.make_up.remove(i); }))}>{ ctx.t(Text::Remove) }</button></li>
                    }) }</ul>
                    <button class="secondary" id="calendar-add-make-up"
                        onclick={change_list(std::rc::Rc::new(|f: &mut Typed| f.make_up.push(String::new())))}>
                        { crate::i18n::pick(l, "添加调休上班日", "Add a make-up working day") }</button>
                </div>
            } else {
                <label for="calendar-file">{ ctx.t(Text::CalendarFile) }</label>
                <input id="calendar-file" type="file" accept=".json,.ics,application/json,text/calendar" onchange={pick_file} />
                <textarea id="calendar-json" placeholder={r#"{"year": 2027, "source": "国办发明电〔2026〕…", "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-01"}], "make_up_workdays": []}"#}
                    value={(*text).clone()} oninput={{ let t = text.clone(); Callback::from(move |e: InputEvent| t.set(input_value(&e))) }} />
            }
            if *by_form || !text.trim().is_empty() {
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
