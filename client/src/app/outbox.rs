//! The shell's side of the outbox and the live stream: sending what waits, now, every
//! few seconds and the moment the stream connects again; and the banners saying what
//! waits and what the server refused.

use std::time::Duration;

use shared::Lang;
use shared::ids::UserId;
use yew::prelude::*;

use super::model::{Msg, Shell};
use crate::api;
use crate::i18n::{Text, t};
use crate::route::{Route, navigate};

type Shelf = UseReducerDispatcher<Shell>;

/// Sends what waits in the outbox, and tells the shell how many still wait.
async fn flush(shell: &Shelf) {
    if !api::outbox().is_empty() {
        api::flush_outbox().await;
        shell.dispatch(Msg::Outbox(api::outbox().len()));
    }
}

/// The live stream, while `user` is logged in: the unread count, changed campaigns, and
/// the outbox sent the moment the server can be reached again.
#[hook]
pub(super) fn use_live(shell: Shelf, user: Option<UserId>) {
    let stream = use_mut_ref(|| None::<crate::live::Stream>);
    use_effect_with(user, move |user| {
        *stream.borrow_mut() = None;
        if user.is_some() {
            let counted = shell.clone();
            yew::platform::spawn_local(async move {
                let query = shared::api::NotificationQuery { limit: Some(1), unread: false, before: None };
                if let Ok(list) = api::fetch::<shared::endpoints::ListNotifications>(&[], &query).await {
                    counted.dispatch(Msg::Unread(list.unread));
                }
            });
            *stream.borrow_mut() = crate::live::open(move |event| match event {
                crate::live::Live::Lost => shell.dispatch(Msg::Reached(false)),
                crate::live::Live::Connected => {
                    shell.dispatch(Msg::Reached(true));
                    let shell = shell.clone();
                    yew::platform::spawn_local(async move { flush(&shell).await });
                }
                crate::live::Live::Notification => shell.dispatch(Msg::Told),
                crate::live::Live::Campaign { id, version } => shell.dispatch(Msg::Changed(id, version)),
            });
        }
    });
}

/// Sends what waits in the outbox, now and every few seconds.
#[hook]
pub(super) fn use_flush(shell: Shelf) {
    use_effect_with((), move |_| {
        yew::platform::spawn_local(async move {
            loop {
                if !api::outbox().is_empty() {
                    let flushed = api::flush_outbox().await;
                    shell.dispatch(Msg::Reached(flushed.reachable));
                    shell.dispatch(Msg::Outbox(api::outbox().len()));
                }
                yew::platform::time::sleep(Duration::from_secs(3)).await;
            }
        });
    });
}

/// "No connection", and how many sends wait.
pub(super) fn offline_banner(l: Lang, offline: bool, outbox_len: usize) -> Html {
    if !offline && outbox_len == 0 {
        return html! {};
    }
    html! {
        <div class="banner offline" role="alert" id="offline-banner">
            { t(l, Text::Offline) }
            if outbox_len > 0 { <strong>{ format!(" {}：{}", t(l, Text::PendingSends), outbox_len) }</strong> }
        </div>
    }
}

/// What the server refused when the outbox sent it: never silently dropped; each one
/// links to where it can be dealt with.
pub(super) fn refused_banner(l: Lang) -> Html {
    let refused = api::refused();
    if refused.is_empty() {
        return html! {};
    }
    html! {
        <div class="banner refused" role="alert" id="refused-banner">
            <p>{ if l == Lang::En { format!("{} sent from this tablet were not accepted:", refused.len()) } else { format!("有{}项从本机发出的提交未被接受，请查看：", refused.len()) } }</p>
            <ul>{ for refused.iter().map(|r| {
                let route = match r.pending.campaign() {
                    Some(id) => Route::Campaign(id),
                    None => crate::json::from_str::<shared::intake::NewCampaign>(&r.pending.body).ok_or(())
                        .map_or(Route::Home, |form| Route::New(Some(form.kind))),
                };
                let target = route.clone();
                html! { <li><a href={route.path()} onclick={Callback::from(move |e: MouseEvent| { e.prevent_default(); navigate(&target); })}>{ r.pending.label.clone() }</a></li> }
            }) }</ul>
        </div>
    }
}
