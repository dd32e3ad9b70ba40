//! What the user was told, grouped by campaign, unread first marked; opening a campaign's
//! group marks its notifications read, and "全部标为已读" marks all.

use std::collections::BTreeMap;

use shared::api::{MarkRead, NotificationList, NotificationQuery};
use shared::endpoints::{ListNotifications, MarkNotificationsRead};
use shared::ids::CampaignId;
use shared::notify::Notification;
use yew::prelude::*;

use crate::api;
use crate::ctx::AppCtx;
use crate::i18n::{Text, pick};
use crate::route::{Route, navigate};

#[function_component(NotificationsPage)]
pub fn notifications_page() -> Html {
    let ctx = use_context::<AppCtx>();
    let list = use_state(|| None::<NotificationList>);
    let serial = ctx.as_ref().map_or(0, |c| c.unread);
    {
        let (list, ctx) = (list.clone(), ctx.clone());
        // Fetched again whenever the unread count moves (a new one arrived).
        use_effect_with(serial, move |_| {
            yew::platform::spawn_local(async move {
                let query = NotificationQuery { limit: Some(200), unread: false, before: None };
                let result = api::fetch::<ListNotifications>(&[], &query).await;
                if let Some(ctx) = &ctx {
                    ctx.note(&result);
                }
                if let Ok(found) = result {
                    list.set(Some(found));
                }
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let Some(found) = &*list else { return html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> } };
    let mark = |which: MarkRead, then: Option<u64>| {
        let (ctx, list) = (ctx.clone(), list.clone());
        Callback::from(move |_: MouseEvent| {
            let (ctx, list, which) = (ctx.clone(), list.clone(), which.clone());
            yew::platform::spawn_local(async move {
                let result = api::call::<MarkNotificationsRead>(&[], &which).await;
                ctx.note(&result);
                if let Ok(updated) = result {
                    ctx.set_unread.emit(updated.unread);
                    list.set(Some(updated));
                }
            });
            if let Some(id) = then {
                navigate(&Route::Campaign(id));
            }
        })
    };
    // Grouped by campaign, the group with the newest notification first.
    let mut groups: BTreeMap<CampaignId, Vec<&Notification>> = BTreeMap::new();
    for n in &found.items {
        groups.entry(n.campaign).or_default().push(n);
    }
    let mut groups: Vec<(CampaignId, Vec<&Notification>)> = groups.into_iter().collect();
    groups.sort_by_key(|(_, items)| std::cmp::Reverse(items.iter().map(|n| n.id).max().unwrap_or(0)));
    let store_name = |id: shared::ids::StoreId| ctx.store_name(id);
    let when = crate::i18n::local_time;
    html! {
        <section class="card" id="notifications">
            <div class="toolbar">
                <h2>{ format!("{}（{}）", pick(l, "通知", "Notifications"), found.unread) }</h2>
                if found.unread > 0 {
                    <button class="secondary" id="mark-all-read" onclick={mark(MarkRead { all: true, ..MarkRead::default() }, None)}>
                        { pick(l, "全部标为已读", "Mark all read") }
                    </button>
                }
            </div>
            if groups.is_empty() { <p class="empty">{ pick(l, "暂无通知", "Nothing yet") }</p> }
            <ul class="notification-groups">
                { for groups.iter().map(|(campaign, items)| {
                    let unread = items.iter().filter(|n| !n.read).count();
                    let title = items.first().map(|n| n.campaign_title.clone()).unwrap_or_default();
                    html! {
                        <li class={classes!("notification-group", (unread > 0).then_some("unread"))} data-campaign={campaign.to_string()}>
                            <button class="row-button" onclick={mark(MarkRead { campaign: Some(*campaign), ..MarkRead::default() }, Some(campaign.0))}>
                                <span class="row-main">
                                    <span class="row-title">{ title }</span>
                                    { for items.iter().take(5).map(|n| html! {
                                        <span class={classes!("notification", (!n.read).then_some("unread"))}>
                                            { n.reason.text(l, &store_name) }
                                            <span class="row-date">{ format!(" · {}", when(n.at_unix_ms)) }</span>
                                        </span>
                                    }) }
                                </span>
                                if unread > 0 { <span class="badge task">{ format!("{unread}") }</span> }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
