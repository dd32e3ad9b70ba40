//! The application shell: who is logged in, the language, the current page, and whether
//! the server can be reached; the header and the offline banner around every page.
//!
//! Its state is one model (`model::Shell`, changed only by `model::Msg`); the effects
//! that fetch and keep things are in `session` (who, the day, the calendar, the stores),
//! `outbox` (sending what waits, the live stream) and `routing` (the address).

mod header;
mod model;
mod outbox;
mod routing;
mod session;

use std::rc::Rc;
use std::time::Duration;

use shared::Lang;
use shared::api::Me;
use yew::prelude::*;

use crate::api;
use crate::ctx::AppCtx;
use crate::i18n::{Text, t};
use crate::local;
use crate::pages::login::LoginPage;
use model::{Msg, Session, Shell, Waiting, Years};

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", if lang == Lang::En { "en" } else { "zh-CN" });
    }
}

/// What an account leaving this tablet still has here.
fn waiting_now() -> Waiting {
    Waiting { outbox: api::outbox().len(), refused: api::refused().len(), drafts: local::mine::keys("draft.").len() }
}

#[function_component(App)]
pub fn app() -> Html {
    let shell = use_reducer(|| {
        // Nobody's things yet: the session is still being asked.
        local::set_account(None);
        Shell::new(local::load::<Lang>(session::LANG_KEY).unwrap_or_default(), api::outbox().len())
    });
    // Whose things `local::mine` holds: the account logged in now, and nobody's before.
    local::set_account(shell.session.me().map(|me| me.user.0));
    let route = routing::use_route();
    // The calendar: what the server sent last time (kept for offline use), else none
    // until the server's answer arrives.
    let years = use_reducer(|| Years::new(local::load(session::CALENDAR_KEY).unwrap_or_default()));
    let flash_serial = use_mut_ref(|| 0u32);
    let me = shell.session.me().cloned();
    let dispatch = shell.dispatcher();

    use_effect_with(shell.lang, |lang| set_document_lang(*lang));
    session::use_boot(dispatch.clone());
    session::use_remember(me.clone());
    session::use_calendar(years.clone(), me.is_some(), shell.today);
    session::use_lookups(dispatch.clone(), me.is_some());
    outbox::use_live(dispatch.clone(), me.as_ref().map(|me| me.user));
    outbox::use_flush(dispatch.clone());

    let l = shell.lang;
    let leave = {
        let dispatch = dispatch.clone();
        Callback::from(move |keep: bool| session::leave(dispatch.clone(), keep))
    };
    let actions = header::Actions {
        toggle_lang: {
            let dispatch = dispatch.clone();
            Callback::from(move |_| {
                let next = if l == Lang::Zh { Lang::En } else { Lang::Zh };
                local::save(session::LANG_KEY, &next);
                dispatch.dispatch(Msg::Lang(next));
            })
        },
        // Logging out: what the account still has on this tablet (sends waiting or
        // refused, drafts) is said first, and kept for it or deleted as the person
        // chooses; what it saw (kept pages, its stores) always goes.
        logout: {
            let (dispatch, leave) = (dispatch.clone(), leave.clone());
            Callback::from(move |_| {
                let waiting = waiting_now();
                if waiting.is_empty() { leave.emit(false) } else { dispatch.dispatch(Msg::Leaving(Some(waiting))) }
            })
        },
    };
    let leaving_note = shell.leaving.map_or_else(Html::default, |w| {
        let dispatch = dispatch.clone();
        header::leaving_note(l, w, &leave, Callback::from(move |_| dispatch.dispatch(Msg::Leaving(None))))
    });
    let flash = {
        let dispatch = dispatch.clone();
        Callback::from(move |message: String| {
            let serial = {
                let mut serial = flash_serial.borrow_mut();
                *serial += 1;
                *serial
            };
            dispatch.dispatch(Msg::Flash(serial, message));
            let dispatch = dispatch.clone();
            yew::platform::spawn_local(async move {
                yew::platform::time::sleep(Duration::from_secs(6)).await;
                dispatch.dispatch(Msg::FlashOver(serial));
            });
        })
    };
    let body = match (&shell.session, shell.today) {
        (Session::Checking, _) | (Session::In(_), None) => {
            html! { <p class="loading page">{ t(l, Text::Loading) }</p> }
        }
        (Session::LoggedOut, _) => {
            let dispatch = dispatch.clone();
            let on_login = Callback::from(move |me: Me| dispatch.dispatch(Msg::Session(Session::In(Rc::new(me)))));
            html! { <LoginPage lang={l} on_login={on_login} /> }
        }
        (Session::In(me), Some(today)) => {
            let ctx = context(&shell, me.clone(), today, &years, flash);
            let page = routing::page(&route, me, l);
            html! { <ContextProvider<AppCtx> context={ctx}>{ page }</ContextProvider<AppCtx>> }
        }
    };
    html! {
        <>
            { header::header(l, &shell.session, shell.unread, actions) }
            { leaving_note }
            { outbox::offline_banner(l, shell.offline, shell.outbox_len) }
            if me.is_some() { { outbox::refused_banner(l) } }
            { header::flash_note(shell.flash.as_ref()) }
            <main>{ body }</main>
        </>
    }
}

/// What every page may read, and the callbacks through which it tells the shell.
fn context(
    shell: &UseReducerHandle<Shell>,
    me: Rc<Me>,
    today: chrono::NaiveDate,
    years: &UseReducerHandle<Years>,
    flash: Callback<String>,
) -> AppCtx {
    let send = |make: fn(&UseReducerDispatcher<Shell>)| -> Callback<()> {
        let dispatch = shell.dispatcher();
        Callback::from(move |()| make(&dispatch))
    };
    let (d1, d2, d3) = (shell.dispatcher(), shell.dispatcher(), years.dispatcher());
    AppCtx {
        me,
        lang: shell.lang,
        today,
        calendar: years.calendar.clone(),
        need_year: Callback::from(move |year: i32| session::load_years(d3.clone(), vec![year])),
        stores: shell.lookups.stores.clone(),
        templates: shell.lookups.templates.clone(),
        reached: Callback::from(move |ok: bool| d1.dispatch(Msg::Reached(ok))),
        outbox_changed: send(|d| d.dispatch(Msg::Outbox(api::outbox().len()))),
        outbox_len: shell.outbox_len,
        flash,
        unread: shell.unread,
        set_unread: Callback::from(move |n: u32| d2.dispatch(Msg::Unread(n))),
        changed: shell.changed,
        change_serial: shell.change_serial,
        online: !shell.offline,
        back_online: shell.back,
    }
}
