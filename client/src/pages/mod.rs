//! The app's pages, one per route.

pub mod admin;
pub mod campaign;
pub mod home;
pub mod kpi;
pub mod login;
pub mod new_request;
pub mod queue;
pub mod staff;
pub mod summary;

use serde::Serialize;
use serde::de::DeserializeOwned;
use yew::prelude::*;

use crate::local;

/// A form's state that survives a reload: loaded from local storage, saved on every
/// change, removed by the caller once the server has acknowledged it.
#[hook]
pub fn use_draft<T>(key: String, init: impl FnOnce() -> T) -> UseStateHandle<T>
where
    T: Serialize + DeserializeOwned + Clone + PartialEq + 'static,
{
    let load_key = key.clone();
    let state = use_state(move || local::load::<T>(&load_key).unwrap_or_else(init));
    {
        let key = key.clone();
        use_effect_with((*state).clone(), move |value| local::save(&key, value));
    }
    state
}

/// The value of an `<input>` or `<textarea>` from its event.
pub fn input_value(e: &InputEvent) -> String {
    if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
        input.value()
    } else if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
        area.value()
    } else {
        String::new()
    }
}

pub fn select_value(e: &Event) -> String {
    e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default()
}
