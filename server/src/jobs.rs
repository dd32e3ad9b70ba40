//! The work a running server does on its own: the robots' deliveries, the morning digest
//! and scheduled backups. Each runs until the server stops; each reads the shared state,
//! which nothing below it does.

use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::notify;
use crate::notify::robots::MAX_ATTEMPTS;
use crate::state::AppState;
use crate::storage::notices::Delivery;

/// The delivery worker: sends what is due, oldest first; retries with backoff; parks a
/// delivery after [`MAX_ATTEMPTS`]. Runs until the server stops.
pub async fn deliveries(state: AppState) {
    let robots = state.robots.clone();
    loop {
        let now = state.now_unix_ms();
        let due = match state.store.due_deliveries(now, 50) {
            Ok(due) => due,
            Err(error) => {
                tracing::warn!(%error, "reading the robot outbox failed");
                Vec::new()
            }
        };
        for delivery in due {
            attempt(&state, delivery).await;
        }
        tokio::select! {
            () = robots.woken() => {}
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}

/// One attempt at one delivery; its outcome is stored before the next.
pub async fn attempt(state: &AppState, mut delivery: Delivery) {
    let robots = &state.robots;
    let webhook = match state.store.webhook(delivery.webhook) {
        Ok(Some(webhook)) => webhook,
        Ok(None) => {
            // The robot was removed: nothing to deliver to.
            let _ = state.store.remove_delivery(delivery.id).await;
            return;
        }
        Err(error) => {
            tracing::warn!(%error, "reading a robot failed");
            return;
        }
    };
    if !webhook.enabled {
        delivery.next_at_unix_ms = state.now_unix_ms() + 60_000;
        let _ = state.store.put_delivery(&delivery).await;
        return;
    }
    match robots.post(&webhook, &delivery.title, &delivery.text, &delivery.link).await {
        Ok(_) => {
            robots.sent.fetch_add(1, Ordering::Relaxed);
            if let Err(error) = state.store.remove_delivery(delivery.id).await {
                tracing::warn!(%error, "removing a delivered message failed (it may be sent again)");
            }
        }
        Err(reason) => {
            robots.failures.fetch_add(1, Ordering::Relaxed);
            delivery.attempts = delivery.attempts.saturating_add(1);
            delivery.last_error = reason.chars().take(300).collect();
            if delivery.attempts >= MAX_ATTEMPTS {
                delivery.parked = true;
                tracing::warn!(
                    delivery = delivery.id,
                    robot = webhook.id,
                    attempts = delivery.attempts,
                    "robot delivery parked"
                );
            } else {
                let wait = robots.backoff(delivery.attempts);
                delivery.next_at_unix_ms = state.now_unix_ms() + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX);
                tracing::info!(
                    delivery = delivery.id,
                    robot = webhook.id,
                    attempts = delivery.attempts,
                    wait_ms = wait.as_millis() as u64,
                    "robot delivery failed; will retry"
                );
            }
            if let Err(error) = state.store.put_delivery(&delivery).await {
                tracing::warn!(%error, "recording a failed delivery failed");
            }
        }
    }
}

/// Sends the digest once a day at `at` (China time), catching up after a restart the same
/// day; the day it went out is stored, so a restart never sends it twice.
pub async fn digest(state: AppState, at: chrono::NaiveTime) {
    let mut said_sent = None;
    loop {
        let today = state.clock.today();
        let now = state.clock.china_time_now();
        let sent = state.store.digest_sent_on().ok().flatten();
        if sent == Some(today) && said_sent != Some(today) {
            tracing::info!(%today, "morning digest already sent today");
            said_sent = Some(today);
        }
        if now >= at && sent != Some(today) {
            let calendar = state.calendar();
            match notify::send_digest(
                &state.store,
                state.public_origin.as_deref(),
                (&state.hub, &state.robots),
                (&state.schedule(), &calendar),
                today,
                state.now_unix_ms(),
            )
            .await
            {
                Ok(count) => tracing::info!(count, "morning digest sent"),
                Err(error) => tracing::warn!(?error, "the morning digest failed"),
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    }
}

/// The schedule: a backup whenever the newest is `every` old (also right after a start
/// when the newest is older than that). Runs until the server stops.
pub async fn backups(state: AppState) {
    let backups = state.backups.clone();
    let Some(every) = backups.every else { return };
    let every_ms = i64::try_from(every.as_millis()).unwrap_or(i64::MAX);
    loop {
        let now = state.now_unix_ms();
        let due_in_ms = backups.newest_unix_ms().map_or(0, |newest| (newest.saturating_add(every_ms) - now).max(0));
        if due_in_ms > 0 {
            // Wake at least hourly, so a changed clock or a removed file is noticed.
            tokio::time::sleep(Duration::from_millis(u64::try_from(due_in_ms).unwrap_or(0).min(3_600_000))).await;
            continue;
        }
        let _ = backups.run_once(&state.store, chrono::Utc::now()).await;
        // A failure is retried after a while rather than at once, again and again.
        if backups.list().last_failure.is_some() {
            tokio::time::sleep(Duration::from_secs(600)).await;
        }
    }
}
