//! The application shell: header with the language switch, the video request form, and
//! the list of requests.

use chrono::NaiveDate;
use shared::Lang;
use shared::api::VideoRequest;
use shared::clock::parse_iso_date;
use shared::messages::format_date;
use yew::prelude::*;

use crate::api;
use crate::i18n::{Text, t};
use crate::video_form::VideoForm;

const LANG_STORAGE_KEY: &str = "campaign-desk.lang";

fn stored_lang() -> Lang {
    let stored = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_STORAGE_KEY).ok().flatten());
    match stored.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}

fn store_lang(lang: Lang) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let value = if lang == Lang::En { "en" } else { "zh-CN" };
        // Losing the preference only means Chinese next time; nothing to report.
        let _ = storage.set_item(LANG_STORAGE_KEY, value);
    }
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", if lang == Lang::En { "en" } else { "zh-CN" });
    }
}

fn display_date(iso: &str, lang: Lang) -> String {
    parse_iso_date(iso).map_or_else(|| iso.to_owned(), |d| format_date(d, lang))
}

#[function_component(App)]
pub fn app() -> Html {
    let lang = use_state(stored_lang);
    let today = use_state(|| None::<NaiveDate>);
    let requests = use_state(|| None::<Vec<VideoRequest>>);
    let unreachable = use_state(|| false);

    {
        let today = today.clone();
        let requests = requests.clone();
        let unreachable = unreachable.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match api::today().await {
                    Ok(answer) => today.set(parse_iso_date(&answer.today)),
                    Err(_) => unreachable.set(true),
                }
                match api::list_video_requests().await {
                    Ok(list) => requests.set(Some(list.items)),
                    Err(_) => unreachable.set(true),
                }
            });
        });
    }
    {
        let lang = *lang;
        use_effect_with(lang, move |lang| set_document_lang(*lang));
    }

    let toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_| {
            let next = if *lang == Lang::Zh { Lang::En } else { Lang::Zh };
            store_lang(next);
            lang.set(next);
        })
    };
    let on_created = {
        let requests = requests.clone();
        Callback::from(move |created: VideoRequest| {
            let mut items = (*requests).clone().unwrap_or_default();
            items.insert(0, created);
            requests.set(Some(items));
        })
    };

    let l = *lang;
    html! {
        <>
            <header class="app-header">
                <h1>{ t(l, Text::AppTitle) }</h1>
                <button id="switch-lang" class="secondary" onclick={toggle_lang}>{ t(l, Text::SwitchLanguage) }</button>
            </header>
            if *unreachable {
                <div class="banner offline" role="alert">{ t(l, Text::ServerUnreachable) }</div>
            }
            <main>
                <section class="card">
                    <h2>{ t(l, Text::NewVideoRequest) }</h2>
                    if let Some(today) = *today {
                        <VideoForm lang={l} today={today} on_created={on_created} />
                    } else {
                        <p class="loading">{ t(l, Text::Loading) }</p>
                    }
                </section>
                <section class="card">
                    <h2>{ t(l, Text::RequestsHeading) }</h2>
                    { render_list(l, requests.as_ref()) }
                </section>
            </main>
        </>
    }
}

fn render_list(l: Lang, requests: Option<&Vec<VideoRequest>>) -> Html {
    let Some(items) = requests else {
        return html! { <p class="loading">{ t(l, Text::Loading) }</p> };
    };
    if items.is_empty() {
        return html! { <p id="no-requests" class="empty">{ t(l, Text::NoRequests) }</p> };
    }
    html! {
        <table id="requests">
            <thead><tr>
                <th>{ t(l, Text::Title) }</th>
                <th>{ t(l, Text::Store) }</th>
                <th>{ t(l, Text::RequestedOn) }</th>
                <th>{ t(l, Text::DueOn) }</th>
            </tr></thead>
            <tbody>
                { for items.iter().map(|r| html! {
                    <tr class="request-row" key={r.id.to_string()}>
                        <td>{ &r.title }</td>
                        <td>{ &r.store }</td>
                        <td>{ display_date(&r.requested_on, l) }</td>
                        <td class="due-on">{ display_date(&r.due_on, l) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
