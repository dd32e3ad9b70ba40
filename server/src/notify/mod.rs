//! Telling people: what an action causes (`shared::notify` decides who and why; here the
//! recipients become accounts and robots), the live event stream (`hub`), the group-chat
//! robots and their durable outbox (`robots`), and the morning digest.
//!
//! Everything an action causes is computed before its transaction and written inside it
//! (`storage::notices::Effects`); only after the commit is it published to open screens
//! and handed to the robot worker, so nothing is announced that did not happen.

pub mod hub;
pub mod robots;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use shared::api::RobotScope;
use shared::campaign::Campaign;
use shared::ids::{StoreId, UserId};
use shared::notify::{Notice, Notification, Reason, Recipient, notices};
use shared::org::{Actor, Role, Store as StoreRecord};
use shared::workflow::Action;
use shared::{Calendar, Lang};

use self::hub::Hub;
use self::robots::Robots;
use crate::error::AppError;
use crate::storage::Store;
use crate::storage::notices::{Delivery, Effects, Webhook};
use crate::storage::own::UserRecord;

/// The accounts a recipient means: a department's active accounts (only its `first`
/// person's when that person is in it), a person's account, a store's manager.
pub fn accounts(users: &[UserRecord], to: &Recipient) -> Vec<UserId> {
    let active = users.iter().filter(|u| !u.disabled);
    match to {
        Recipient::Department { role, first } => {
            let members: Vec<&UserRecord> = active.filter(|u| u.role == *role).collect();
            let preferred: Vec<UserId> = members.iter().filter(|u| Some(u.person) == *first).map(|u| u.id).collect();
            if preferred.is_empty() { members.iter().map(|u| u.id).collect() } else { preferred }
        }
        Recipient::Person { person } => {
            active.filter(|u| u.person == *person && u.role != Role::StoreManager).map(|u| u.id).collect()
        }
        Recipient::Store { store } => {
            active.filter(|u| u.role == Role::StoreManager && u.store == Some(*store)).map(|u| u.id).collect()
        }
    }
}

/// The robots a notice goes to: the department's robots for a department or a person in
/// it, the region's robots for a store.
fn robots_for<'a>(
    webhooks: &'a [Webhook],
    users: &[UserRecord],
    stores: &[StoreRecord],
    to: &Recipient,
) -> Vec<&'a Webhook> {
    let role = match to {
        Recipient::Department { role, .. } => Some(*role),
        Recipient::Person { person } => {
            users.iter().find(|u| u.person == *person && u.role != Role::StoreManager).map(|u| u.role)
        }
        Recipient::Store { .. } => None,
    };
    let province = match to {
        Recipient::Store { store } => stores.iter().find(|s| s.id == *store).map(|s| s.province),
        _ => None,
    };
    webhooks
        .iter()
        .filter(|w| w.enabled)
        .filter(|w| match w.scope {
            RobotScope::Department { role: r } => Some(r) == role,
            RobotScope::Region { province: p } => Some(p) == province,
        })
        .collect()
}

/// What a robot posts for a notice: a title and a markdown body, in Chinese (the group
/// chats are the center's), with the campaign's link.
pub fn robot_message(
    campaign_title: &str,
    reason: &Reason,
    store_name: &dyn Fn(StoreId) -> String,
) -> (String, String) {
    let line = reason.text(Lang::Zh, store_name);
    (format!("活动工作台：{campaign_title}"), format!("**{campaign_title}**\n\n{line}"))
}

/// The campaign's page for a robot's message, when the public address (`origin`) is known.
pub fn campaign_link(origin: Option<&str>, campaign: &Campaign) -> String {
    origin.map(|origin| format!("{origin}/campaigns/{}", campaign.id.0)).unwrap_or_default()
}

/// Everything `notices` means for accounts and robots, ready to be written.
pub fn effects(
    store: &Store,
    origin: Option<&str>,
    campaign: &Campaign,
    told: &[Notice],
    now_unix_ms: i64,
) -> Result<Effects, AppError> {
    if told.is_empty() {
        return Ok(Effects::default());
    }
    let users: Vec<UserRecord> = store.all::<UserRecord>()?.into_iter().map(|u| u.value).collect();
    let stores: Vec<StoreRecord> = store.all::<StoreRecord>()?.into_iter().map(|s| s.value).collect();
    let webhooks = store.webhooks()?;
    let store_name =
        |id: StoreId| stores.iter().find(|s| s.id == id).map_or_else(|| "门店".to_owned(), |s| s.name.clone());
    let link = campaign_link(origin, campaign);
    let mut out = Effects::default();
    let mut robot_sent: BTreeSet<(u64, String)> = BTreeSet::new();
    for notice in told {
        let mut seen: BTreeSet<UserId> = BTreeSet::new();
        for user in accounts(&users, &notice.to) {
            if !seen.insert(user) || out.notifications.iter().any(|(u, n)| *u == user && n.reason == notice.reason) {
                continue;
            }
            let notification = Notification {
                id: store.next_id()?,
                campaign: campaign.id,
                campaign_title: campaign.title.clone(),
                reason: notice.reason.clone(),
                at_unix_ms: now_unix_ms,
                read: false,
            };
            out.notifications.push((user, notification));
        }
        for robot in robots_for(&webhooks, &users, &stores, &notice.to) {
            let (title, text) = robot_message(&campaign.title, &notice.reason, &store_name);
            // One message per robot and text, however many recipients share it.
            if !robot_sent.insert((robot.id, text.clone())) {
                continue;
            }
            out.deliveries.push(Delivery {
                id: store.next_id()?,
                webhook: robot.id,
                title,
                text,
                link: link.clone(),
                attempts: 0,
                next_at_unix_ms: now_unix_ms,
                last_error: String::new(),
                parked: false,
                created_at_unix_ms: now_unix_ms,
            });
        }
    }
    out.removed = replaced(store, &out.notifications)?;
    Ok(out)
}

/// The stored notifications that new ones replace (`Store::notifications_replaced`):
/// repeats about the same campaign, and each account's oldest beyond what it keeps.
fn replaced(store: &Store, new: &[(UserId, Notification)]) -> Result<Vec<Vec<u8>>, AppError> {
    let mut by_account: std::collections::BTreeMap<(UserId, shared::ids::CampaignId), Vec<&Reason>> =
        Default::default();
    for (user, notification) in new {
        by_account.entry((*user, notification.campaign)).or_default().push(&notification.reason);
    }
    let mut removed = Vec::new();
    for ((user, campaign), reasons) in by_account {
        removed.extend(store.notifications_replaced(user, campaign, &reasons)?);
    }
    removed.sort();
    removed.dedup();
    Ok(removed)
}

/// The effects of an action that took `before` to `after`.
pub fn effects_of_action(
    store: &Store,
    origin: Option<&str>,
    change: (Option<&Campaign>, &Campaign),
    action: Option<&Action>,
    actor: &Actor,
    now_unix_ms: i64,
) -> Result<Effects, AppError> {
    let (before, after) = change;
    let told = notices(before, after, action, actor);
    effects(store, origin, after, &told, now_unix_ms)
}

/// After a commit: the stored notifications go to their accounts' open screens, every
/// screen that may see the campaign (when one changed) is told, and the robots are woken.
pub fn publish(hub: &Hub, robots: &Robots, campaign: Option<&Campaign>, effects: &Effects) {
    for (user, notification) in &effects.notifications {
        hub.notify(*user, notification);
    }
    if let Some(campaign) = campaign {
        hub.campaign_changed(campaign);
    }
    if !effects.deliveries.is_empty() {
        robots.wake();
    }
}

/// The morning digest for `today`: every open campaign whose current stage became late or
/// at risk on its schedule (`shared::schedule`) since it was last told, told once to
/// whoever owns that stage, in the app and to the department's robot (one message per
/// robot). A stage is told again only if it goes from at risk to late, or its due day
/// moves (a new template, an imported calendar, a store's earlier start).
pub async fn send_digest(
    store: &Store,
    origin: Option<&str>,
    (hub, robots): (&Hub, &Robots),
    (book, calendar): (&shared::schedule::Book, &Calendar),
    today: NaiveDate,
    now: i64,
) -> Result<usize, AppError> {
    use crate::storage::Told;
    let users: Vec<UserRecord> = store.all::<UserRecord>()?.into_iter().map(|u| u.value).collect();
    let webhooks = store.webhooks()?;
    let mut effects = Effects::default();
    let mut lines_per_robot: std::collections::BTreeMap<u64, Vec<String>> = Default::default();
    let mut count = 0;
    for row in store.listings_in_stages(|stage| !stage.is_terminal())? {
        let template = book.for_request(row.kind, row.requested_on);
        let Ok(due) = shared::schedule::due_days(&shared::schedule::Facts::of_listing(&row), &template, calendar)
        else {
            continue;
        };
        let standing = shared::schedule::standing(&due, row.stage, row.stage_since, &template, today, calendar);
        let Some(due_on) = standing.stage_due_on else { continue };
        let (told, left) = if standing.late_working_days > 0 {
            (Told::Late, -i64::from(standing.late_working_days))
        } else if standing.at_risk {
            (Told::AtRisk, calendar.working_days_between(today, due_on).unwrap_or(0))
        } else {
            continue;
        };
        let key = Store::schedule_told_key(row.id, row.stage, due_on, told);
        if store.schedule_told(&key)? {
            continue;
        }
        let Some(campaign) = store.get_campaign(row.id)? else { continue };
        effects.told.push(key);
        count += 1;
        for notice in shared::notify::off_schedule(&campaign, due_on, left) {
            for user in accounts(&users, &notice.to) {
                effects.notifications.push((
                    user,
                    Notification {
                        id: store.next_id()?,
                        campaign: campaign.id,
                        campaign_title: campaign.title.clone(),
                        reason: notice.reason.clone(),
                        at_unix_ms: now,
                        read: false,
                    },
                ));
            }
            for robot in robots_for(&webhooks, &users, &[], &notice.to) {
                let line = format!("- {}：{}", campaign.title, notice.reason.text(Lang::Zh, &|_| String::new()));
                let link = campaign_link(origin, &campaign);
                let line = if link.is_empty() { line } else { format!("{line}（{link}）") };
                let lines = lines_per_robot.entry(robot.id).or_default();
                if !lines.contains(&line) {
                    lines.push(line);
                }
            }
        }
    }
    for (robot, lines) in lines_per_robot {
        effects.deliveries.push(Delivery {
            id: store.next_id()?,
            webhook: robot,
            title: format!("活动工作台 · 每日提醒 {today}"),
            text: format!("**每日提醒 {today}**：以下活动的当前阶段已逾期或有逾期风险\n\n{}", lines.join("\n")),
            link: String::new(),
            attempts: 0,
            next_at_unix_ms: now,
            last_error: String::new(),
            parked: false,
            created_at_unix_ms: now,
        });
    }
    effects.removed = replaced(store, &effects.notifications)?;
    store.write_digest(&effects, today).await?;
    publish(hub, robots, None, &effects);
    Ok(count)
}
