//! The login page.

use shared::Lang;
use shared::api::{LoginRequest, Me};
use shared::endpoints::LogIn;
use yew::prelude::*;

use super::input_value;
use crate::api::{self, CallError};
use crate::i18n::{Text, t};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub on_login: Callback<Me>,
}

#[function_component(LoginPage)]
pub fn login_page(props: &Props) -> Html {
    let login = use_state(String::new);
    let password = use_state(String::new);
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let l = props.lang;
    let submit = {
        let (login, password, busy, error, on_login) =
            (login.clone(), password.clone(), busy.clone(), error.clone(), props.on_login.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            busy.set(true);
            let request = LoginRequest { login: (*login).clone(), password: (*password).clone() };
            let (busy, error, on_login) = (busy.clone(), error.clone(), on_login.clone());
            yew::platform::spawn_local(async move {
                // The last person logged out without a connection: their session ends now,
                // before this login replaces its cookie.
                if crate::local::load::<bool>(crate::local::LOGOUT_PENDING_KEY).unwrap_or(false)
                    && !matches!(api::call::<shared::endpoints::LogOut>(&[], &()).await, Err(CallError::Network))
                {
                    crate::local::remove(crate::local::LOGOUT_PENDING_KEY);
                }
                match api::call::<LogIn>(&[], &request).await {
                    Ok(me) => on_login.emit(me),
                    Err(CallError::Api { error: body, .. }) => {
                        error.set(Some(if l == Lang::En { body.message_en } else { body.message_zh }))
                    }
                    Err(CallError::Network) => error.set(Some(t(l, Text::Offline).to_owned())),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section class="card login">
            <h2>{ t(l, Text::LogIn) }</h2>
            <form id="login-form" onsubmit={submit}>
                <label for="login">{ t(l, Text::LoginName) }</label>
                <input id="login" autocomplete="username" value={(*login).clone()}
                    oninput={{ let login = login.clone(); Callback::from(move |e: InputEvent| login.set(input_value(&e))) }} />
                <label for="password">{ t(l, Text::Password) }</label>
                <input id="password" type="password" autocomplete="current-password" value={(*password).clone()}
                    oninput={{ let password = password.clone(); Callback::from(move |e: InputEvent| password.set(input_value(&e))) }} />
                if let Some(message) = &*error { <p class="field-error" id="login-error" role="alert">{ message }</p> }
                <button id="login-submit" type="submit" disabled={*busy}>
                    { if *busy { t(l, Text::LoggingIn) } else { t(l, Text::LogIn) } }
                </button>
            </form>
        </section>
    }
}
