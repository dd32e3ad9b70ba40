//! The app's pages, one per route.

#[cfg(feature = "staff")]
pub mod admin;
#[cfg(feature = "staff")]
pub mod backups;
#[cfg(feature = "staff")]
pub mod calendar;
#[cfg(feature = "staff")]
pub mod calendar_import;
pub mod campaign;
#[cfg(feature = "staff")]
pub mod costs;
#[cfg(feature = "staff")]
pub mod feed_readers;
pub mod home;
#[cfg(feature = "staff")]
pub mod kpi;
pub mod login;
pub mod new_request;
pub mod notifications;
#[cfg(feature = "staff")]
pub mod queue;
#[cfg(feature = "staff")]
pub mod robots;
#[cfg(feature = "staff")]
pub mod schedule_templates;
#[cfg(feature = "staff")]
pub mod summary;
#[cfg(feature = "staff")]
pub mod suppliers;

/// Typed values the pages' model tests share (never JSON written by hand: a renamed field
/// fails to compile here).
#[cfg(test)]
pub(crate) mod fixtures {
    use chrono::NaiveDate;
    use shared::api::CampaignSummary;
    use shared::campaign::{CampaignType, Stage};
    use shared::ids::{CampaignId, StoreId};

    /// A holiday promotion's list row, requested on 2 March 2026, on time and unassigned.
    pub(crate) fn list_row(id: u64, title: &str, store: u64, stage: Stage) -> CampaignSummary {
        CampaignSummary {
            id: CampaignId(id),
            version: 1,
            kind: CampaignType::HolidayPromotion,
            title: title.to_owned(),
            stores: vec![StoreId(store)],
            stage,
            requested_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default(),
            starts_on: None,
            ends_on: None,
            due_on: None,
            assignee: None,
            overdue: false,
            working_days_left: None,
            stores_waiting: Vec::new(),
            deadline_provisional: false,
            lead_time_short: false,
            stage_due_on: None,
            late_working_days: 0,
            at_risk: false,
            stage_since: None,
            clock_uncounted: None,
        }
    }
}

use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::Lang;
use yew::prelude::*;

use crate::i18n::{Text, t};
use crate::local;
use crate::route::{Route, navigate};

/// A form's state that survives a reload: loaded from the account's local storage
/// (`local::mine`: another account on the tablet never sees it), saved on every change,
/// removed by the caller once the server has acknowledged it. Updates apply to
/// the latest state (not the one the callback saw when it was made), so events that come
/// faster than renders never undo each other.
pub struct Draft<T: Clone + PartialEq + 'static> {
    inner: UseReducerHandle<DraftState<T>>,
}

impl<T: Clone + PartialEq + 'static> Clone for Draft<T> {
    fn clone(&self) -> Self {
        Draft { inner: self.inner.clone() }
    }
}

impl<T: Clone + PartialEq + 'static> std::ops::Deref for Draft<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner.value
    }
}

impl<T: Clone + PartialEq + 'static> Draft<T> {
    pub fn update(&self, change: impl FnOnce(&mut T) + 'static) {
        self.inner.dispatch(Box::new(change));
    }

    pub fn set(&self, value: T) {
        self.update(move |current| *current = value);
    }
}

#[derive(PartialEq)]
pub struct DraftState<T> {
    value: T,
}

impl<T: Clone + PartialEq + 'static> Reducible for DraftState<T> {
    type Action = Box<dyn FnOnce(&mut T)>;

    fn reduce(self: std::rc::Rc<Self>, change: Self::Action) -> std::rc::Rc<Self> {
        let mut value = self.value.clone();
        change(&mut value);
        std::rc::Rc::new(DraftState { value })
    }
}

#[hook]
pub fn use_draft<T>(key: String, init: impl FnOnce() -> T) -> Draft<T>
where
    T: Serialize + DeserializeOwned + Clone + PartialEq + 'static,
{
    // The form as it starts with nothing typed: a draft equal to it is not kept, so a
    // form merely opened leaves nothing behind (and nothing to warn about at logout).
    let blank = use_memo((), move |_| init());
    let load_key = key.clone();
    let start = (*blank).clone();
    let inner = use_reducer(move || DraftState { value: local::mine::load::<T>(&load_key).unwrap_or(start) });
    {
        let key = key.clone();
        use_effect_with(inner.value.clone(), move |value| {
            if *value == *blank {
                local::mine::remove(&key);
            } else {
                local::mine::save(&key, value);
            }
        });
    }
    Draft { inner }
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

#[cfg(feature = "staff")]
pub fn select_value(e: &Event) -> String {
    e.target_dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default()
}

/// The page for an address that names nothing (or nothing this person may see), with a
/// way back home.
pub fn not_found(l: Lang) -> Html {
    html! {
        <section class="card" id="not-found">
            <h2>{ t(l, Text::NotFound) }</h2>
            <button onclick={Callback::from(|_| navigate(&Route::Home))}>{ t(l, Text::BackHome) }</button>
        </section>
    }
}
