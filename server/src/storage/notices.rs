//! Notifications, group-chat robots and the durable outbox of robot deliveries.
//!
//! A notification is stored per account under (account, id); ids come from sled's
//! monotonic generator, so they also order the live event stream (`Last-Event-ID`).
//! Notifications and deliveries caused by a campaign action are written in the same
//! transaction as the action (`Effects`, see `campaigns.rs`): none is lost, and none
//! exists for an action that did not commit.
//!
//! The frozen stored forms of these records (first stored at schema 3) are in their
//! folders under `records/` (`notification`, `webhook`, `delivery`).

use chrono::NaiveDate;
use shared::api::MarkRead;
use shared::ids::{CampaignId, UserId};
use shared::notify::{Notification, Reason};

use super::codec::{decode, encode_checked, id_key, pair_key};
pub use super::own::{Delivery, Webhook};
use super::records::delivery::DeliveryV1;
use super::records::notification::NotificationV2;
use super::records::webhook::WebhookV1;
use super::records::{StoredDelivery, StoredNotification, StoredWebhook};
use super::{StorageError, Store, tree};

/// What a campaign action writes besides the campaign, in the same transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    pub notifications: Vec<(UserId, Notification)>,
    pub deliveries: Vec<Delivery>,
    /// Stored notifications the new ones replace: an unread one about the same campaign
    /// for the same reason (repeats collapse into the newest), and an account's oldest
    /// beyond [`NOTIFICATIONS_KEPT`]. Keys in the notifications tree.
    pub removed: Vec<Vec<u8>>,
    /// Campaign stages now told late or at risk (`Store::schedule_told_key`), so that the
    /// next digest does not tell them again.
    pub told: Vec<Vec<u8>>,
}

/// The encoded writes of [`Effects`]: (key, bytes) of notifications and of deliveries,
/// and the notification keys to remove.
pub(super) struct EncodedEffects {
    pub notifications: Vec<(Vec<u8>, Vec<u8>)>,
    pub deliveries: Vec<(Vec<u8>, Vec<u8>)>,
    pub removed: Vec<Vec<u8>>,
}

impl Effects {
    pub fn is_empty(&self) -> bool {
        self.notifications.is_empty() && self.deliveries.is_empty()
    }

    pub(super) fn encoded(&self) -> Result<EncodedEffects, StorageError> {
        let notifications = self
            .notifications
            .iter()
            .map(|(user, n)| {
                let bytes = encode_checked(&StoredNotification::V2(NotificationV2::of(*user, n)))?;
                Ok((pair_key(user.0, n.id).to_vec(), bytes))
            })
            .collect::<Result<_, StorageError>>()?;
        let deliveries = self
            .deliveries
            .iter()
            .map(|d| Ok((id_key(d.id).to_vec(), encode_checked(&StoredDelivery::V1(DeliveryV1::from(d)))?)))
            .collect::<Result<_, StorageError>>()?;
        Ok(EncodedEffects { notifications, deliveries, removed: self.removed.clone() })
    }
}

/// Whether two reasons are the same kind of news (a repeat of one replaces the other).
fn same_kind(a: &Reason, b: &Reason) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn decode_notification(bytes: &[u8]) -> Result<(UserId, Notification), StorageError> {
    match decode::<StoredNotification>(bytes)? {
        StoredNotification::V1(n) => Ok(n.into()),
        StoredNotification::V2(n) => Ok(n.into()),
    }
}

fn decode_webhook(bytes: &[u8]) -> Result<Webhook, StorageError> {
    match decode::<StoredWebhook>(bytes)? {
        StoredWebhook::V1(w) => Ok(w.into()),
    }
}

fn decode_delivery(bytes: &[u8]) -> Result<Delivery, StorageError> {
    match decode::<StoredDelivery>(bytes)? {
        StoredDelivery::V1(d) => Ok(d.into()),
    }
}

/// Notifications kept per account; the oldest go as new ones come, in the same
/// transaction, so an account never holds more.
pub const NOTIFICATIONS_KEPT: usize = 500;

/// A page of an account's notifications.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    /// Unread ones in all (not only on this page).
    pub unread: u32,
    /// The id to ask `before` for the next, older page.
    pub next_before: Option<u64>,
}

impl Store {
    /// A user's notifications older than `before` (all when `None`), newest first, at
    /// most `limit`, and how many are unread in all.
    pub fn notifications(
        &self,
        user: UserId,
        limit: usize,
        unread_only: bool,
        before: Option<u64>,
    ) -> Result<NotificationPage, StorageError> {
        let tree = self.tree(tree::NOTIFICATIONS)?;
        let mut page = NotificationPage::default();
        let mut more = false;
        for entry in tree.scan_prefix(id_key(user.0)).rev() {
            let (_, bytes) = entry?;
            let (_, n) = decode_notification(&bytes)?;
            if !n.read {
                page.unread = page.unread.saturating_add(1);
            }
            if before.is_some_and(|b| n.id >= b) || (unread_only && n.read) {
                continue;
            }
            if page.items.len() < limit {
                page.items.push(n);
            } else {
                more = true;
            }
        }
        if more {
            page.next_before = page.items.last().map(|n| n.id);
        }
        Ok(page)
    }

    /// The stored notifications that `incoming` new ones for `user` about `campaign`
    /// replace: unread ones about the same campaign for the same kind of reason (a
    /// repeat), then the oldest beyond [`NOTIFICATIONS_KEPT`].
    pub fn notifications_replaced(
        &self,
        user: UserId,
        campaign: CampaignId,
        reasons: &[&Reason],
    ) -> Result<Vec<Vec<u8>>, StorageError> {
        let tree = self.tree(tree::NOTIFICATIONS)?;
        let mut removed = Vec::new();
        let mut kept = Vec::new();
        for entry in tree.scan_prefix(id_key(user.0)) {
            let (key, bytes) = entry?;
            let (_, n) = decode_notification(&bytes)?;
            if !n.read && n.campaign == campaign && reasons.iter().any(|r| same_kind(r, &n.reason)) {
                removed.push(key.to_vec());
            } else {
                kept.push(key.to_vec());
            }
        }
        let over = (kept.len() + reasons.len()).saturating_sub(NOTIFICATIONS_KEPT);
        removed.extend(kept.into_iter().take(over));
        Ok(removed)
    }

    /// A user's notifications with ids after `after`, oldest first (a stream resuming).
    pub fn notifications_after(
        &self,
        user: UserId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Notification>, StorageError> {
        let tree = self.tree(tree::NOTIFICATIONS)?;
        let start = pair_key(user.0, after.saturating_add(1));
        let end = pair_key(user.0, u64::MAX);
        tree.range(start..=end).take(limit).map(|e| Ok(decode_notification(&e?.1)?.1)).collect()
    }

    /// Marks a user's notifications read (only theirs: the key starts with the user).
    pub async fn mark_read(&self, user: UserId, which: &MarkRead) -> Result<(), StorageError> {
        let tree = self.tree(tree::NOTIFICATIONS)?;
        {
            let _gate = self.write_guard();
            for entry in tree.scan_prefix(id_key(user.0)) {
                let (key, bytes) = entry?;
                let (owner, mut n) = decode_notification(&bytes)?;
                let chosen = which.all || which.ids.contains(&n.id) || which.campaign == Some(n.campaign);
                if n.read || !chosen || owner != user {
                    continue;
                }
                n.read = true;
                tree.insert(key, encode_checked(&StoredNotification::V2(NotificationV2::of(user, &n)))?)?;
            }
        }
        self.durable().await
    }

    /// Stores notifications and deliveries not caused by a campaign action (a test
    /// message), durably, in one transaction.
    pub async fn write_effects(&self, effects: &Effects) -> Result<(), StorageError> {
        self.write_effects_marking(effects, None).await
    }

    /// Stores the morning digest of `day` and the mark that it went out, in one
    /// transaction: a crash leaves either both (it is not sent again) or neither (it is
    /// sent after the restart), never a digest told twice or not at all.
    pub async fn write_digest(&self, effects: &Effects, day: NaiveDate) -> Result<(), StorageError> {
        self.write_effects_marking(effects, Some(day)).await
    }

    async fn write_effects_marking(&self, effects: &Effects, digest_of: Option<NaiveDate>) -> Result<(), StorageError> {
        use sled::Transactional as _;
        use sled::transaction::ConflictableTransactionError;
        let EncodedEffects { notifications, deliveries, removed } = effects.encoded()?;
        let (notifications_tree, deliveries_tree, meta, told_tree, campaigns, changes) = (
            self.tree(tree::NOTIFICATIONS)?,
            self.tree(tree::DELIVERIES)?,
            self.tree(tree::META)?,
            self.tree(tree::SCHEDULE_TOLD)?,
            self.tree(tree::CAMPAIGNS)?,
            self.tree(tree::CHANGES)?,
        );
        let told = &effects.told;
        // A stage newly told late or at risk changed what the campaign's row says without
        // any action: the change feed carries the campaign again, so the head office's
        // lateness follows the clock.
        let mut moved: Vec<[u8; 8]> = told.iter().filter_map(|key| key.get(..8)?.try_into().ok()).collect();
        moved.sort_unstable();
        moved.dedup();
        {
            let _gate = self.write_guard();
            (&notifications_tree, &deliveries_tree, &meta, &told_tree, &campaigns, &changes).transaction(
                |(notifications_tree, deliveries_tree, meta, told_tree, campaigns, changes)| {
                    for key in &removed {
                        notifications_tree.remove(key.clone())?;
                    }
                    for (key, bytes) in &notifications {
                        notifications_tree.insert(key.clone(), bytes.clone())?;
                    }
                    for (key, bytes) in &deliveries {
                        deliveries_tree.insert(key.clone(), bytes.clone())?;
                    }
                    if let Some(day) = digest_of {
                        meta.insert(DIGEST_SENT_ON, day.to_string().as_bytes())?;
                    }
                    for key in told {
                        told_tree.insert(key.clone(), &[] as &[u8])?;
                    }
                    for id in &moved {
                        if let Some(core) = campaigns.get(id)? {
                            let version = super::records::campaign::decode_core(&core)
                                .map_err(ConflictableTransactionError::Abort)?;
                            super::changes::record(changes, super::FeedKind::Campaign, id, version.campaign.version)?;
                        }
                    }
                    crate::failpoint::hit("effects-before-commit");
                    Ok::<(), sled::transaction::ConflictableTransactionError<StorageError>>(())
                },
            )?;
        }
        crate::failpoint::hit("effects-after-commit");
        self.durable().await
    }

    pub fn webhooks(&self) -> Result<Vec<Webhook>, StorageError> {
        self.tree(tree::WEBHOOKS)?.iter().values().map(|v| decode_webhook(&v?)).collect()
    }

    pub fn webhook(&self, id: u64) -> Result<Option<Webhook>, StorageError> {
        self.tree(tree::WEBHOOKS)?.get(id_key(id))?.map(|b| decode_webhook(&b)).transpose()
    }

    pub async fn put_webhook(&self, webhook: &Webhook) -> Result<(), StorageError> {
        let bytes = encode_checked(&StoredWebhook::V1(WebhookV1::from(webhook)))?;
        {
            let _gate = self.write_guard();
            self.tree(tree::WEBHOOKS)?.insert(id_key(webhook.id), bytes)?;
        }
        self.durable().await
    }

    /// Removes a robot and every delivery waiting for it, in one transaction. (A delivery
    /// for it that an action writes after the deliveries were listed finds no robot and is
    /// dropped by the worker.)
    pub async fn delete_webhook(&self, id: u64) -> Result<bool, StorageError> {
        use sled::Transactional as _;
        let mut waiting = Vec::new();
        for entry in self.tree(tree::DELIVERIES)?.iter() {
            let (key, bytes) = entry?;
            if decode_delivery(&bytes)?.webhook == id {
                waiting.push(key);
            }
        }
        let (webhooks, deliveries) = (self.tree(tree::WEBHOOKS)?, self.tree(tree::DELIVERIES)?);
        let existed = {
            let _gate = self.write_guard();
            (&webhooks, &deliveries).transaction(|(webhooks, deliveries)| {
                let existed = webhooks.remove(&id_key(id))?.is_some();
                for key in &waiting {
                    deliveries.remove(key.clone())?;
                }
                crate::failpoint::hit("webhook-delete-before-commit");
                Ok::<bool, sled::transaction::ConflictableTransactionError<StorageError>>(existed)
            })?
        };
        crate::failpoint::hit("webhook-delete-after-commit");
        self.durable().await?;
        Ok(existed)
    }

    pub fn deliveries(&self) -> Result<Vec<Delivery>, StorageError> {
        self.tree(tree::DELIVERIES)?.iter().values().map(|v| decode_delivery(&v?)).collect()
    }

    pub fn delivery(&self, id: u64) -> Result<Option<Delivery>, StorageError> {
        self.tree(tree::DELIVERIES)?.get(id_key(id))?.map(|b| decode_delivery(&b)).transpose()
    }

    /// Deliveries due at `now`, oldest first.
    pub fn due_deliveries(&self, now_unix_ms: i64, limit: usize) -> Result<Vec<Delivery>, StorageError> {
        let mut due = Vec::new();
        for value in self.tree(tree::DELIVERIES)?.iter().values() {
            let d = decode_delivery(&value?)?;
            if !d.parked && d.next_at_unix_ms <= now_unix_ms {
                due.push(d);
                if due.len() >= limit {
                    break;
                }
            }
        }
        Ok(due)
    }

    /// Records a delivery's new state (after a failed attempt), durably.
    pub async fn put_delivery(&self, delivery: &Delivery) -> Result<(), StorageError> {
        let bytes = encode_checked(&StoredDelivery::V1(DeliveryV1::from(delivery)))?;
        {
            let _gate = self.write_guard();
            self.tree(tree::DELIVERIES)?.insert(id_key(delivery.id), bytes)?;
        }
        self.durable().await
    }

    /// A delivered message leaves the outbox.
    pub async fn remove_delivery(&self, id: u64) -> Result<(), StorageError> {
        {
            let _gate = self.write_guard();
            self.tree(tree::DELIVERIES)?.remove(id_key(id))?;
        }
        self.durable().await
    }

    /// The day the morning digest last went out.
    pub fn digest_sent_on(&self) -> Result<Option<NaiveDate>, StorageError> {
        let bytes = self.tree(tree::META)?.get(DIGEST_SENT_ON)?;
        Ok(bytes.and_then(|b| std::str::from_utf8(&b).ok().and_then(|s| s.parse().ok())))
    }
}

/// The key in `meta` of the day the morning digest last went out (`YYYY-MM-DD`).
const DIGEST_SENT_ON: &[u8] = b"digest_sent_on";
