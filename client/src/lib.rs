//! Campaign Desk's web client: a Yew single-page app for tablets. It judges every input
//! with the `shared` crate's rules as the user types, before any request is sent, and
//! keeps what was typed on the tablet until the server has acknowledged it.

mod api;
mod app;
mod ctx;
mod i18n;
mod json;
mod live;
mod local;
mod offline;
mod pages;
mod route;
mod widgets;

use wasm_bindgen::prelude::wasm_bindgen;

/// Entry point called by the wasm-bindgen glue once the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}

/// Measures the validation the forms run on every keystroke: the mean time, in
/// milliseconds, of `shared::intake::check_form` on a complete store-specific request and
/// a video request with a due date (R1 on the working-day calendar, each measured against
/// its type's schedule template). `year` is a calendar year and `templates` the schedule
/// templates as the server sends them. Called by the client benchmark (`cargo bench -p
/// tests --bench client`), never by the app; -1 when its input does not read.
#[wasm_bindgen]
pub fn validation_benchmark(iterations: u32, year: &str, templates: &str) -> f64 {
    use shared::campaign::CampaignType;
    use shared::intake::{NewCampaign, check_form};
    let (Some(year), Some(templates)) = (
        json::from_str::<shared::calendar::YearCalendar>(year),
        json::from_str::<shared::api::ScheduleTemplates>(templates),
    ) else {
        return -1.0;
    };
    let Ok(calendar) = shared::Calendar::new([year]) else { return -1.0 };
    let templates = templates.in_force();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
    let ctx = shared::workflow::Context {
        today,
        now_unix_ms: 0,
        calendar: &calendar,
        templates: &templates,
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let mut specific = NewCampaign::empty(CampaignType::StoreSpecific);
    specific.stores = vec![shared::ids::StoreId(1)];
    specific.starts_on = "2026-04-01".into();
    specific.ends_on = "2026-04-03".into();
    specific.needs.wishes = "希望突出黄金饰品，配合店庆。".into();
    let mut video = NewCampaign::empty(CampaignType::VideoProduction);
    video.stores = vec![shared::ids::StoreId(1)];
    video.due_on = "2026-03-16".into();
    let now = || web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now());
    let started = now();
    let mut valid = 0u32;
    for i in 0..iterations.max(1) {
        let form = if i % 2 == 0 { &mut specific } else { &mut video };
        form.title = format!("周年庆活动 {i}");
        if check_form(form, &ctx, &|_| true).is_ok() {
            valid += 1;
        }
    }
    let elapsed = now() - started;
    // Every form above is valid; a benchmark that validated nothing would be misleading.
    if valid != iterations.max(1) {
        return -1.0;
    }
    elapsed / f64::from(iterations.max(1))
}
