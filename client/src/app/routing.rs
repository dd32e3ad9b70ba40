//! Which page the address shows: following the browser's back and forward buttons, the
//! pages of each build, and handing a staff login over to the staff's build.

use shared::Lang;
use shared::api::Me;
use shared::org::Role;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::pages::{campaign::CampaignPage, home::HomePage, new_request::NewRequestPage, not_found};
use crate::route::Route;

/// The current route, following the browser's back and forward buttons (and our own
/// `navigate`, which sends a `popstate`).
#[hook]
pub(super) fn use_route() -> Route {
    let route = use_state(Route::current);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || route.set(Route::current()));
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = window {
                    let _ = window.remove_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
                }
            }
        });
    }
    (*route).clone()
}

/// The page at `route` for `me`.
pub(super) fn page(route: &Route, me: &Me, l: Lang) -> Html {
    match route {
        Route::Home if me.role == Role::StoreManager => html! { <HomePage /> },
        Route::New(kind) => html! { <NewRequestPage kind={*kind} /> },
        Route::Campaign(id) => html! { <CampaignPage id={*id} /> },
        Route::Notifications => html! { <crate::pages::notifications::NotificationsPage /> },
        Route::NotFound => not_found(l),
        other => staff_page(other, l),
    }
}

/// The staff's pages: in the staff's build of the app.
#[cfg(feature = "staff")]
fn staff_page(route: &Route, l: Lang) -> Html {
    use crate::pages::admin::AdminPage;
    use crate::pages::kpi::KpiPage;
    use crate::pages::queue::QueuePage;
    use crate::pages::summary::SummaryPage;
    match route {
        Route::Home => html! { <QueuePage /> },
        Route::Kpi => html! { <KpiPage /> },
        Route::Costs => html! { <crate::pages::costs::CostsPage /> },
        Route::Calendar => html! { <crate::pages::calendar::CalendarPage /> },
        Route::Admin => html! { <AdminPage /> },
        Route::Summary(id) => html! { <SummaryPage id={*id} /> },
        _ => not_found(l),
    }
}

/// The store managers' build has none: a staff member who logs in on it is moved to the
/// staff's build (`boot.js` picks it by the role), with a word while that loads.
#[cfg(not(feature = "staff"))]
fn staff_page(_route: &Route, l: Lang) -> Html {
    reload_once();
    html! { <p class="loading page">{ crate::i18n::t(l, crate::i18n::Text::Loading) }</p> }
}

/// Reloads the page into the other build of the app, once: a second reload while the
/// first is under way would cancel it and start over.
pub(super) fn reload_once() {
    thread_local!(static RELOADING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !RELOADING.with(|r| r.replace(true))
        && let Some(location) = web_sys::window().map(|w| w.location())
    {
        let _ = location.reload();
    }
}
