//! The state every handler shares, and the business clock.

use std::sync::Arc;

use shared::Calendar;

use crate::config::Clock;
use shared::campaign::Campaign;
use shared::org::Actor;
use shared::workflow::Action;

use crate::auth::Auth;
use crate::error::AppError;
use crate::metrics::Metrics;
use crate::notify;
use crate::storage::Store;
use crate::storage::notices::Effects;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// The working-day calendar: shipped years plus the administrator's imports. Replaced
    /// whole on import, so readers never see half a year.
    pub calendar: Arc<std::sync::RwLock<Arc<Calendar>>>,
    /// The schedule templates set over time (`shared::schedule::Book`); replaced whole
    /// when the administrator sets one.
    pub schedule: Arc<std::sync::RwLock<Arc<shared::schedule::Book>>>,
    pub clock: Clock,
    pub metrics: Arc<Metrics>,
    pub thumbnails: Arc<crate::thumbnails::Thumbnails>,
    pub uploads: Arc<crate::uploads::Uploads>,
    pub auth: Arc<Auth>,
    /// The origin browsers use to reach the server (e.g. `https://hlj.example.cn`), when
    /// it differs from the Host header (behind a reverse proxy).
    pub public_origin: Option<String>,
    /// How long a client may take to send its request headers.
    pub header_read_timeout: std::time::Duration,
    /// How long a request may take before it is answered 503.
    pub request_timeout: std::time::Duration,
    /// Idempotency keys of requests being processed right now, with the hash of the
    /// request each was first used for.
    pub in_flight: Arc<std::sync::Mutex<std::collections::HashMap<Vec<u8>, [u8; 32]>>>,
    /// Open live event streams (`/api/v1/events`).
    pub hub: Arc<crate::notify::hub::Hub>,
    /// The group-chat robots' delivery worker.
    pub robots: Arc<crate::notify::robots::Robots>,
    /// When the morning digest goes out (China time); `None`: never.
    pub digest_at: Option<chrono::NaiveTime>,
    /// `/metrics` wants `Authorization: Bearer` this; without one, only the machine
    /// itself (a loopback peer, not relayed by a proxy) may read it.
    pub metrics_token: Option<Arc<str>>,
    /// The running server's backups.
    pub backups: Arc<crate::backups::Backups>,
}

impl AppState {
    /// What an action that took `before` to `after` tells whom (`notify::effects_of_action`).
    pub fn effects_of(
        &self,
        change: (Option<&Campaign>, &Campaign),
        action: Option<&Action>,
        actor: &Actor,
    ) -> Result<Effects, AppError> {
        notify::effects_of_action(&self.store, self.public_origin.as_deref(), change, action, actor, self.now_unix_ms())
    }

    /// After a commit: `effects` to open screens and robots (`notify::publish`).
    pub fn publish(&self, campaign: Option<&Campaign>, effects: &Effects) {
        notify::publish(&self.hub, &self.robots, campaign, effects);
    }

    pub fn now_unix_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis()
    }

    /// The calendar as it is now. Provisional years follow the date: when a new year
    /// comes, the one two years ahead is added.
    pub fn calendar(&self) -> Arc<Calendar> {
        use chrono::Datelike as _;
        let current =
            self.calendar.read().map(|c| Arc::clone(&c)).unwrap_or_else(|poisoned| Arc::clone(&poisoned.into_inner()));
        let horizon = self.clock.today().year() + crate::lunar::YEARS_AHEAD;
        if current.year(horizon).is_some() {
            return current;
        }
        let mut next = (*current).clone();
        next.fill_missing(crate::lunar::provisional_year(horizon));
        self.set_calendar(next)
    }

    /// The schedule templates as they are now.
    pub fn schedule(&self) -> Arc<shared::schedule::Book> {
        self.schedule.read().map(|b| Arc::clone(&b)).unwrap_or_else(|poisoned| Arc::clone(&poisoned.into_inner()))
    }

    /// Replaces the schedule templates (after the administrator set one).
    pub fn set_schedule(&self, book: shared::schedule::Book) {
        if let Ok(mut shared_book) = self.schedule.write() {
            *shared_book = Arc::new(book);
        }
    }

    /// Replaces the calendar (after an import, or a new provisional year).
    pub fn set_calendar(&self, calendar: Calendar) -> Arc<Calendar> {
        let calendar = Arc::new(calendar);
        if let Ok(mut shared_calendar) = self.calendar.write() {
            *shared_calendar = Arc::clone(&calendar);
        }
        calendar
    }
}
