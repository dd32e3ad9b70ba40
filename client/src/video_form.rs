//! The video request form (影视制作申请). Every change re-runs `shared`'s validation, so
//! the same messages the server would send appear before anything is sent, and the
//! submit button stays disabled, with the reasons listed, while the form is invalid.

use chrono::NaiveDate;
use shared::api::{NewVideoRequest, VideoRequest};
use shared::messages::{FieldError, format_date};
use shared::rules::earliest_video_due;
use shared::video::{NOTES_MAX_CHARS, STORE_MAX_CHARS, TITLE_MAX_CHARS, ValidVideoRequest};
use shared::{Calendar, Lang};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::api::{self, CallError};
use crate::i18n::{Text, t};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub today: NaiveDate,
    pub on_created: Callback<VideoRequest>,
}

/// Which fields the user has touched; untouched empty fields are not yet shown as errors.
#[derive(Clone, Copy, Default, PartialEq)]
struct Touched {
    title: bool,
    store: bool,
    due_on: bool,
}

fn field_label(lang: Lang, field: &str) -> &'static str {
    match field {
        "title" => t(lang, Text::Title),
        "store" => t(lang, Text::Store),
        "due_on" => t(lang, Text::DueOn),
        _ => t(lang, Text::Notes),
    }
}

#[function_component(VideoForm)]
pub fn video_form(props: &Props) -> Html {
    let draft = use_state(NewVideoRequest::default);
    let touched = use_state(Touched::default);
    let submitting = use_state(|| false);
    let server_errors = use_state(Vec::<FieldError>::new);
    let calendar = use_memo((), |_| Calendar::china_official());
    let l = props.lang;

    let verdict = ValidVideoRequest::parse(&draft, props.today, &calendar);
    let errors: Vec<FieldError> = match &verdict {
        Ok(_) => server_errors.to_vec(),
        Err(errors) => errors.clone(),
    };
    let error_for = |field: &str, shown: bool| -> Html {
        match errors.iter().find(|e| e.field == field) {
            Some(error) if shown => html! {
                <p class="field-error" id={format!("{field}-error")} role="alert">{ error.message(l) }</p>
            },
            _ => html! {},
        }
    };
    let earliest = earliest_video_due(props.today, &calendar).ok();

    let on_title = {
        let (draft, touched) = (draft.clone(), touched.clone());
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            draft.set(NewVideoRequest { title: value, ..(*draft).clone() });
            touched.set(Touched { title: true, ..*touched });
        })
    };
    let on_store = {
        let (draft, touched) = (draft.clone(), touched.clone());
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            draft.set(NewVideoRequest { store: value, ..(*draft).clone() });
            touched.set(Touched { store: true, ..*touched });
        })
    };
    let on_due = {
        let (draft, touched) = (draft.clone(), touched.clone());
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            draft.set(NewVideoRequest { due_on: value, ..(*draft).clone() });
            touched.set(Touched { due_on: true, ..*touched });
        })
    };
    let on_notes = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            draft.set(NewVideoRequest { notes: value, ..(*draft).clone() });
        })
    };

    let valid = verdict.is_ok();
    let on_submit = {
        let (draft, touched, submitting, server_errors) =
            (draft.clone(), touched.clone(), submitting.clone(), server_errors.clone());
        let on_created = props.on_created.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !valid || *submitting {
                return;
            }
            submitting.set(true);
            let input = (*draft).clone();
            let (draft, touched, submitting, server_errors, on_created) =
                (draft.clone(), touched.clone(), submitting.clone(), server_errors.clone(), on_created.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::create_video_request(&input).await {
                    Ok(created) => {
                        draft.set(NewVideoRequest::default());
                        touched.set(Touched::default());
                        server_errors.set(Vec::new());
                        on_created.emit(created);
                    }
                    Err(CallError::Api(error)) => server_errors.set(error.fields),
                    Err(CallError::Network) => server_errors.set(Vec::new()),
                }
                submitting.set(false);
            });
        })
    };

    let blocking: Vec<Html> = errors
        .iter()
        .map(|e| html! { <li>{ format!("{}：{}", field_label(l, &e.field), e.message(l)) }</li> })
        .collect();
    html! {
        <form id="video-form" onsubmit={on_submit} novalidate=true>
            <label for="title">{ t(l, Text::Title) }</label>
            <input id="title" type="text" maxlength={TITLE_MAX_CHARS.to_string()}
                value={draft.title.clone()} oninput={on_title} />
            { error_for("title", touched.title) }

            <label for="store">{ t(l, Text::Store) }</label>
            <input id="store" type="text" maxlength={STORE_MAX_CHARS.to_string()}
                value={draft.store.clone()} oninput={on_store} />
            { error_for("store", touched.store) }

            <label for="due_on">{ t(l, Text::DueOn) }</label>
            <input id="due_on" type="date" value={draft.due_on.clone()} oninput={on_due}
                min={earliest.map(|d| d.to_string())} />
            if let Some(earliest) = earliest {
                <p class="hint" id="earliest-due">{ format!("{}：{}", t(l, Text::EarliestDue), format_date(earliest, l)) }</p>
            }
            { error_for("due_on", touched.due_on || !draft.due_on.is_empty()) }

            <label for="notes">{ t(l, Text::Notes) }</label>
            <textarea id="notes" maxlength={NOTES_MAX_CHARS.to_string()}
                value={draft.notes.clone()} oninput={on_notes} />
            { error_for("notes", true) }

            if !valid {
                <div class="blocking" id="submit-blockers">
                    <p>{ t(l, Text::FixBeforeSubmit) }</p>
                    <ul>{ for blocking }</ul>
                </div>
            }
            <button id="submit" type="submit" disabled={!valid || *submitting}>
                { if *submitting { t(l, Text::Submitting) } else { t(l, Text::Submit) } }
            </button>
        </form>
    }
}
