//! The shell's views around the page: the header (title, the staff's links, the bell,
//! who is logged in, language and logout), the question asked when an account leaves
//! things on the tablet, and the flashed message.

use shared::Lang;
#[cfg(feature = "staff")]
use shared::org::Role;
use yew::prelude::*;

use super::model::{Session, Waiting};
use crate::i18n::{Text, pick, t};
use crate::route::{Route, navigate};

/// What the header's buttons do.
pub(super) struct Actions {
    pub toggle_lang: Callback<MouseEvent>,
    pub logout: Callback<MouseEvent>,
}

/// A link to `route` inside the app (no page load).
fn go(route: Route) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        navigate(&route);
    })
}

pub(super) fn header(l: Lang, session: &Session, unread: u32, actions: Actions) -> Html {
    let me = session.me();
    let store_label = me.map(|me| me.store_name.clone().unwrap_or_else(|| me.name.clone())).unwrap_or_default();
    html! {
        <header class="app-header">
            <a class="brand" href="/" onclick={go(Route::Home)}>
                // On a phone the center's name gives way to the app's (style.css).
                <h1>{ match t(l, Text::AppTitle).split_once(" · ") {
                    Some((center, app)) => html! { <><span class="title-center">{ format!("{center} · ") }</span>{ app }</> },
                    None => html! { { t(l, Text::AppTitle) } },
                } }</h1>
            </a>
            <div class="header-actions">
                { nav(l, session) }
                if me.is_some() {
                    <a class="nav bell" id="bell" href={Route::Notifications.path()}
                        aria-label={if l == Lang::En { format!("Notifications, {unread} unread") } else { format!("通知，{unread}条未读") }}
                        onclick={go(Route::Notifications)}>
                        // A drawn bell: tablets without a colour-emoji font show no blank box.
                        <svg class="bell-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
                            <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z"/>
                        </svg>
                        if unread > 0 { <span class="count" id="unread-count">{ unread }</span> }
                    </a>
                }
                if !store_label.is_empty() { <span class="who" id="who">{ store_label }</span> }
                <button id="switch-lang" class="secondary" onclick={actions.toggle_lang}>{ t(l, Text::SwitchLanguage) }</button>
                if me.is_some() {
                    <button id="logout" class="secondary" onclick={actions.logout}>{ t(l, Text::LogOut) }</button>
                }
            </div>
        </header>
    }
}

/// The store managers' build: a store's only page is its home.
#[cfg(not(feature = "staff"))]
fn nav(_l: Lang, _session: &Session) -> Html {
    html! {}
}

/// Links to the staff's pages; store managers have only their home.
#[cfg(feature = "staff")]
fn nav(l: Lang, session: &Session) -> Html {
    let Some(me) = session.me() else { return html! {} };
    if me.role == Role::StoreManager {
        return html! {};
    }
    let link = |route: Route, text: &'static str, id: &'static str| {
        html! { <a class="nav" id={id} href={route.path()} onclick={go(route)}>{ text }</a> }
    };
    html! {
        <nav class="nav-links">
            { link(Route::Home, t(l, Text::MyWork), "nav-work") }
            { link(Route::Calendar, t(l, Text::CalendarTitle), "nav-calendar") }
            if matches!(me.role, Role::Vp | Role::Admin) || me.role.is_center_staff() { { link(Route::Kpi, t(l, Text::KpiTitle), "nav-kpi") } }
            if matches!(me.role, Role::Vp | Role::Admin | Role::Purchasing) { { link(Route::Costs, pick(l, "费用", "Costs"), "nav-costs") } }
            if me.role == Role::Admin { { link(Route::Admin, t(l, Text::AdminTitle), "nav-admin") } }
        </nav>
    }
}

/// What the account still has here, in words: "2 waiting to be sent, 1 unsent drafts".
fn waiting_words(l: Lang, w: Waiting) -> String {
    let en = l == Lang::En;
    let mut parts = Vec::new();
    if w.outbox > 0 {
        parts.push(if en {
            format!("{} waiting to be sent", w.outbox)
        } else {
            format!("{}项等待发送的提交", w.outbox)
        });
    }
    if w.refused > 0 {
        parts.push(if en {
            format!("{} not accepted", w.refused)
        } else {
            format!("{}项未被接受的提交", w.refused)
        });
    }
    if w.drafts > 0 {
        parts.push(if en {
            format!("{} unsent drafts", w.drafts)
        } else {
            format!("{}份尚未提交的草稿", w.drafts)
        });
    }
    parts.join(pick(l, "、", ", "))
}

/// Logging out with things still here: keep them for the account, delete them, or stay.
pub(super) fn leaving_note(l: Lang, w: Waiting, leave: &Callback<bool>, stay: Callback<MouseEvent>) -> Html {
    let (keep, discard) = (leave.clone(), leave.clone());
    html! {
        <div class="banner leaving" role="alertdialog" id="leaving">
            <p>{ pick(l, "退出前请注意：本账号在这台设备上还有 ", "Before you log out: this account still has ") }
                <strong>{ waiting_words(l, w) }</strong>
                { pick(l, "。其他账号登录后看不到这些内容。", ". Nobody else who logs in here sees them.") }</p>
            <div class="buttons">
                <button id="leave-keep" onclick={Callback::from(move |_| keep.emit(true))}>
                    { pick(l, "保留，下次登录继续", "Keep them for my next login") }</button>
                <crate::widgets::ConfirmButton id="leave-discard" class={classes!("secondary")} lang={l}
                    label={pick(l, "删除后退出", "Delete them and log out")}
                    question={pick(l, "删除后无法找回，确定吗？", "They cannot be recovered. Are you sure?")}
                    on_confirm={Callback::from(move |()| discard.emit(false))} />
                <button class="secondary" id="leave-cancel" onclick={stay}>{ pick(l, "取消", "Cancel") }</button>
            </div>
        </div>
    }
}

pub(super) fn flash_note(flash: Option<&(u32, String)>) -> Html {
    match flash {
        Some((_, message)) => html! { <div class="banner ok flash" role="status" id="flash">{ message.clone() }</div> },
        None => html! {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_waits_is_listed_in_either_language() {
        let w = Waiting { outbox: 2, refused: 0, drafts: 1 };
        assert_eq!(waiting_words(Lang::En, w), "2 waiting to be sent, 1 unsent drafts");
        assert_eq!(waiting_words(Lang::Zh, w), "2项等待发送的提交、1份尚未提交的草稿");
    }
}
