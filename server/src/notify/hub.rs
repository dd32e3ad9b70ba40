//! The live event stream, `GET /api/v1/events` (Server-Sent Events), one per open screen.
//!
//! Two kinds of event: `notification` (a stored notification of the session's account,
//! its id the event id, so a reconnecting browser resumes after `Last-Event-ID` from the
//! stored ones) and `campaign` (a campaign the account may see changed: its id and
//! version only; the screen fetches what it may see). Each connection has a bounded
//! buffer: a reader too slow to keep up is dropped (its browser reconnects and resumes)
//! rather than letting memory grow. A comment line every 15 s keeps proxies from closing
//! an idle stream; at shutdown every stream ends, so the server's drain is not held up.
//!
//! Streams are bounded per login (a tablet needs one or two), per account and in all, so
//! that no one session can hold the server's file handles: one more is refused with 429
//! `TOO_MANY_STREAMS` in both languages. Logging out ends the login's streams; disabling
//! an account or resetting its password ends all of the account's.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use std::convert::Infallible;
use std::sync::Arc;

use axum::response::sse;
use futures_util::Stream;
use shared::campaign::Campaign;
use shared::ids::{CampaignId, UserId};
use shared::notify::Notification;
use shared::org::Actor;
use tokio::sync::{mpsc, watch};

/// Events buffered per connection before it counts as too slow and is dropped.
pub const BUFFER: usize = 64;
/// How often an idle stream gets a comment line.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// Stored notifications replayed to a stream resuming after `Last-Event-ID`.
pub const REPLAY_MAX: usize = 200;
/// How long a browser waits before reconnecting a dropped stream.
pub const RETRY: Duration = Duration::from_secs(3);
/// Streams one login (session) may hold open: a tablet's app holds one, a second during a
/// reload; a staff member may have a few tabs.
pub const STREAMS_PER_SESSION_MAX: usize = 4;
/// Streams one account may hold open across its logins (a phone, a tablet, a PC).
pub const STREAMS_PER_ACCOUNT_MAX: usize = 8;
/// Streams the server holds open in all: a region has about 100 stores and 40 staff.
pub const STREAMS_MAX: usize = 1_000;

/// One event for one screen.
#[derive(Debug, Clone)]
pub enum Event {
    Notification(Notification),
    Campaign { id: CampaignId, version: u64 },
}

use shared::notify::CampaignChanged;

impl Event {
    /// The event as SSE: `id:` (notifications only), `event:`, `data:` (JSON).
    fn to_sse(&self) -> sse::Event {
        match self {
            Event::Notification(n) => sse::Event::default()
                .id(n.id.to_string())
                .event("notification")
                .json_data(n)
                .unwrap_or_else(|_| sse::Event::default().comment("unreadable notification")),
            Event::Campaign { id, version } => sse::Event::default()
                .event("campaign")
                .json_data(CampaignChanged { id: *id, version: *version })
                .unwrap_or_else(|_| sse::Event::default().comment("unreadable change")),
        }
    }
}

struct Subscriber {
    actor: Actor,
    /// The login (the hash of its session token) the stream was opened with.
    session: [u8; 32],
    tx: mpsc::Sender<Event>,
}

/// The open streams.
pub struct Hub {
    subscribers: Mutex<HashMap<u64, Subscriber>>,
    next: AtomicU64,
    shutdown: watch::Sender<bool>,
    dropped_slow: AtomicU64,
    refused: AtomicU64,
    /// The most streams open at once (at most [`STREAMS_MAX`], less when the process may
    /// open few files).
    pub max_streams: usize,
}

impl Default for Hub {
    fn default() -> Self {
        Hub::with_limit(STREAMS_MAX)
    }
}

/// Why a stream was not opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The login holds its [`STREAMS_PER_SESSION_MAX`] streams already.
    Session(usize),
    /// The account holds its [`STREAMS_PER_ACCOUNT_MAX`].
    Account(usize),
    /// The server holds as many as it may.
    Server,
}

impl Hub {
    /// A hub that holds at most `max_streams` streams in all.
    pub fn with_limit(max_streams: usize) -> Self {
        Hub {
            subscribers: Mutex::default(),
            next: AtomicU64::new(1),
            shutdown: watch::channel(false).0,
            dropped_slow: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            max_streams,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Subscriber>> {
        self.subscribers.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Opens a stream for `actor` logged in with `session`, unless that login, its account
    /// or the server already holds as many as it may.
    pub fn subscribe(&self, actor: Actor, session: [u8; 32]) -> Result<(u64, mpsc::Receiver<Event>), Refusal> {
        let mut subscribers = self.lock();
        let refusal = if subscribers.values().filter(|s| s.session == session).count() >= STREAMS_PER_SESSION_MAX {
            Some(Refusal::Session(STREAMS_PER_SESSION_MAX))
        } else if subscribers.values().filter(|s| s.actor.user == actor.user).count() >= STREAMS_PER_ACCOUNT_MAX {
            Some(Refusal::Account(STREAMS_PER_ACCOUNT_MAX))
        } else if subscribers.len() >= self.max_streams {
            Some(Refusal::Server)
        } else {
            None
        };
        if let Some(refusal) = refusal {
            self.refused.fetch_add(1, Ordering::Relaxed);
            return Err(refusal);
        }
        let (tx, rx) = mpsc::channel(BUFFER);
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        subscribers.insert(id, Subscriber { actor, session, tx });
        Ok((id, rx))
    }

    pub fn unsubscribe(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Ends the streams of one login (it logged out). Returns how many ended.
    pub fn end_session(&self, session: &[u8; 32]) -> usize {
        let mut subscribers = self.lock();
        let before = subscribers.len();
        subscribers.retain(|_, s| s.session != *session);
        before - subscribers.len()
    }

    /// Ends every stream of an account (disabled, or its password reset).
    pub fn end_user(&self, user: UserId) -> usize {
        let mut subscribers = self.lock();
        let before = subscribers.len();
        subscribers.retain(|_, s| s.actor.user != user);
        before - subscribers.len()
    }

    /// Streams refused for a limit, since start.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }

    /// Streams open now.
    pub fn connections(&self) -> usize {
        self.lock().len()
    }

    /// Streams dropped for reading too slowly, since start.
    pub fn dropped_slow(&self) -> u64 {
        self.dropped_slow.load(Ordering::Relaxed)
    }

    /// Sends to every stream `wants` picks; a full buffer drops that stream.
    /// Sends each subscriber the event `event_for` makes for its account, if any.
    fn send(&self, event_for: impl Fn(&Actor) -> Option<Event>) {
        let mut subscribers = self.lock();
        let mut slow = Vec::new();
        for (id, subscriber) in subscribers.iter() {
            let Some(event) = event_for(&subscriber.actor) else { continue };
            match subscriber.tx.try_send(event) {
                Ok(()) => {}
                Err(mpsc::error::TrySendError::Full(_)) => slow.push(*id),
                Err(mpsc::error::TrySendError::Closed(_)) => slow.push(*id),
            }
        }
        for id in slow {
            if subscribers.remove(&id).is_some() {
                self.dropped_slow.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// A stored notification, to its account's open streams.
    pub fn notify(&self, user: UserId, notification: &Notification) {
        self.send(|actor| (actor.user == user).then(|| Event::Notification(notification.clone())));
    }

    /// A changed campaign, to every stream whose account may see it (a store never hears
    /// of another store's campaign), with the version that account sees
    /// (`shared::view::version_for`). A store hears only of a change to its own part: the
    /// center's hidden work (a plan draft, an order, an invoice) tells it nothing.
    pub fn campaign_changed(&self, campaign: &Campaign) {
        use shared::view::{Audience, store_reads_entry, version_for};
        let latest = campaign.history.last();
        self.send(|actor| {
            if !shared::workflow::can_view(campaign, actor) {
                return None;
            }
            if let Audience::Store(store) = Audience::of(actor)
                && !latest.is_some_and(|entry| store_reads_entry(campaign, entry, store))
            {
                return None;
            }
            Some(Event::Campaign { id: campaign.id, version: version_for(campaign, actor)? })
        });
    }

    /// Ends every stream (at shutdown), and refuses new ones.
    pub fn close(&self) {
        let _ = self.shutdown.send(true);
        self.lock().clear();
    }

    /// Whether the hub is closing (the server is shutting down).
    pub fn is_closing(&self) -> bool {
        *self.shutdown.borrow()
    }
}

/// Removes the subscription when the stream ends, however it ends.
struct Unsubscribe {
    hub: std::sync::Arc<Hub>,
    id: u64,
}

impl Drop for Unsubscribe {
    fn drop(&mut self) {
        self.hub.unsubscribe(self.id);
    }
}

/// A subscription's events as the stream of an SSE answer: first the reconnect delay and
/// the `replay` (stored notifications the browser missed), then each event as it comes,
/// until the reader falls behind, the hub closes, or the answer is dropped (which
/// unsubscribes).
pub fn stream(
    hub: Arc<Hub>,
    id: u64,
    rx: mpsc::Receiver<Event>,
    replay: Vec<Notification>,
) -> impl Stream<Item = Result<sse::Event, Infallible>> {
    let guard = Unsubscribe { hub: hub.clone(), id };
    let closing = hub.shutdown.subscribe();
    let mut first = vec![sse::Event::default().retry(RETRY).comment("connected")];
    first.extend(replay.into_iter().map(|n| Event::Notification(n).to_sse()));
    futures_util::stream::unfold(
        (first.into_iter(), rx, closing, guard),
        |(mut pending, mut rx, mut closing, guard)| async move {
            if let Some(event) = pending.next() {
                return Some((Ok(event), (pending, rx, closing, guard)));
            }
            let event = tokio::select! {
                event = rx.recv() => event?.to_sse(),
                // Dropped (too slow) or the hub closed.
                _ = closing.changed() => return None,
            };
            Some((Ok(event), (pending, rx, closing, guard)))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::ids::PersonId;
    use shared::org::Role;

    fn actor(user: u64) -> Actor {
        Actor { user: UserId(user), person: PersonId(user), name: "测试".into(), role: Role::Vp, store: None }
    }

    fn notification(id: u64) -> Notification {
        Notification {
            id,
            campaign: CampaignId(1),
            campaign_title: "t".into(),
            reason: shared::notify::Reason::ApprovalNeeded,
            at_unix_ms: 0,
            read: false,
        }
    }

    fn subscribe(hub: &Hub, actor: Actor, session: u8) -> mpsc::Receiver<Event> {
        hub.subscribe(actor, [session; 32]).map(|(_, rx)| rx).unwrap()
    }

    #[test]
    fn a_reader_that_falls_behind_is_dropped_not_buffered_without_end() {
        let hub = Hub::default();
        let mut slow = subscribe(&hub, actor(1), 1);
        let mut keeping_up = subscribe(&hub, actor(1), 1);
        for id in 0..(BUFFER as u64 + 10) {
            hub.notify(UserId(1), &notification(id));
            // One reader keeps up; the other never reads.
            assert!(keeping_up.try_recv().is_ok());
        }
        assert_eq!(hub.connections(), 1, "the slow one is gone");
        assert_eq!(hub.dropped_slow(), 1);
        let mut buffered = 0;
        while slow.try_recv().is_ok() {
            buffered += 1;
        }
        assert_eq!(buffered, BUFFER, "it never held more than its buffer");
    }

    #[test]
    fn notifications_go_only_to_their_account() {
        let hub = Hub::default();
        let mut mine = subscribe(&hub, actor(1), 1);
        let mut theirs = subscribe(&hub, actor(2), 2);
        hub.notify(UserId(1), &notification(7));
        assert!(mine.try_recv().is_ok());
        assert!(theirs.try_recv().is_err());
    }

    #[test]
    fn closing_ends_every_stream() {
        let hub = Hub::default();
        let mut rx = subscribe(&hub, actor(1), 1);
        hub.close();
        assert!(matches!(rx.try_recv(), Err(mpsc::error::TryRecvError::Disconnected)));
        assert_eq!(hub.connections(), 0);
    }

    #[test]
    fn streams_are_bounded_per_login_per_account_and_in_all() {
        let hub = Hub::with_limit(STREAMS_PER_ACCOUNT_MAX + 2);
        let held: Vec<_> = (0..STREAMS_PER_SESSION_MAX).map(|_| subscribe(&hub, actor(1), 1)).collect();
        assert_eq!(hub.subscribe(actor(1), [1; 32]).err(), Some(Refusal::Session(STREAMS_PER_SESSION_MAX)));
        let other_login: Vec<_> =
            (STREAMS_PER_SESSION_MAX..STREAMS_PER_ACCOUNT_MAX).map(|_| subscribe(&hub, actor(1), 2)).collect();
        assert_eq!(hub.subscribe(actor(1), [3; 32]).err(), Some(Refusal::Account(STREAMS_PER_ACCOUNT_MAX)));
        // Someone else still gets in, up to the server's limit.
        let _a = subscribe(&hub, actor(2), 4);
        let _b = subscribe(&hub, actor(2), 4);
        assert_eq!(hub.subscribe(actor(3), [5; 32]).err(), Some(Refusal::Server));
        assert_eq!(hub.refused(), 3);
        drop((held, other_login));
    }

    #[test]
    fn logging_out_ends_that_logins_streams_and_disabling_ends_the_accounts() {
        let hub = Hub::default();
        let mut first = subscribe(&hub, actor(1), 1);
        let mut second = subscribe(&hub, actor(1), 2);
        let mut other = subscribe(&hub, actor(2), 3);
        assert_eq!(hub.end_session(&[1; 32]), 1);
        assert!(matches!(first.try_recv(), Err(mpsc::error::TryRecvError::Disconnected)));
        assert!(matches!(second.try_recv(), Err(mpsc::error::TryRecvError::Empty)), "another login goes on");
        assert_eq!(hub.end_user(UserId(1)), 1);
        assert!(matches!(second.try_recv(), Err(mpsc::error::TryRecvError::Disconnected)));
        assert!(matches!(other.try_recv(), Err(mpsc::error::TryRecvError::Empty)), "another account goes on");
    }
}
