//! Login throttling that a burst cannot get around and a stranger cannot turn against a
//! user.
//!
//! - An attempt **reserves** its place before the password is hashed: attempts in flight
//!   count against the limits like failures, so a thousand guesses sent at once get the
//!   same five tries as a thousand sent one by one.
//! - Per account: five failures (or attempts in flight) in fifteen minutes lock it...
//! - ...except for an address with no recent failure at all: the account's owner on their
//!   own tablet still gets in while someone elsewhere hammers their login. Such an attempt
//!   is one at a time per account, and a failed one marks its address, so each address
//!   gets at most one guess at a locked account; once twenty different addresses have
//!   failed on it, the account is locked for everyone until the window ends (that takes a
//!   botnet, and is logged).
//! - Per address: twenty failures in fifteen minutes, whatever the accounts.
//! - Memory is bounded: at most [`ENTRIES_MAX`] accounts and addresses each; the oldest
//!   idle entries are forgotten first.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

pub const FAILURES_PER_ACCOUNT_MAX: u32 = 5;
pub const FAILURES_PER_ADDRESS_MAX: u32 = 20;
/// Different failing addresses after which a locked account is locked for everyone.
pub const FAILING_ADDRESSES_PER_ACCOUNT_MAX: usize = 20;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Accounts (and, separately, addresses) remembered at most.
pub const ENTRIES_MAX: usize = 10_000;

#[derive(Debug, Clone, Default)]
struct Bucket {
    failures: u32,
    in_flight: u32,
    since: Option<Instant>,
    failing_addresses: HashSet<IpAddr>,
    probe_in_flight: bool,
}

impl Bucket {
    fn expire(&mut self, now: Instant) {
        if self.since.is_some_and(|since| now.duration_since(since) >= WINDOW) {
            self.failures = 0;
            self.since = None;
            self.failing_addresses.clear();
        }
    }

    fn used(&self) -> u32 {
        self.failures.saturating_add(self.in_flight)
    }

    fn clean(&self) -> bool {
        self.failures == 0 && self.in_flight == 0
    }

    fn idle(&self) -> bool {
        self.in_flight == 0 && !self.probe_in_flight
    }

    fn wait(&self, now: Instant) -> Duration {
        self.since.map_or(WINDOW, |since| WINDOW.saturating_sub(now.duration_since(since))).max(Duration::from_secs(1))
    }

    fn fail(&mut self, now: Instant) {
        self.failures = self.failures.saturating_add(1);
        self.since.get_or_insert(now);
    }
}

#[derive(Debug, Default)]
struct State {
    accounts: HashMap<String, Bucket>,
    addresses: HashMap<IpAddr, Bucket>,
}

/// Makes room for one more entry: forgets expired idle ones, then the oldest idle ones.
fn make_room<K: Clone + Eq + std::hash::Hash>(map: &mut HashMap<K, Bucket>, now: Instant) {
    if map.len() < ENTRIES_MAX {
        return;
    }
    map.retain(|_, bucket| {
        bucket.expire(now);
        !(bucket.idle() && bucket.failures == 0)
    });
    while map.len() >= ENTRIES_MAX {
        let oldest = map.iter().filter(|(_, b)| b.idle()).min_by_key(|(_, b)| b.since).map(|(k, _)| k.clone());
        match oldest {
            Some(key) => {
                map.remove(&key);
            }
            None => break,
        }
    }
}

/// The login throttle shared by all requests.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Normal,
    /// An attempt at a locked account from an address with no recent failure.
    Probe,
}

/// A reserved login attempt. Resolve it with [`Reservation::succeeded`] or
/// [`Reservation::failed`]; dropped unresolved (the request was cut off), it counts as a
/// failure.
#[must_use]
#[derive(Debug)]
pub struct Reservation {
    state: Arc<Mutex<State>>,
    account: String,
    address: IpAddr,
    kind: Kind,
    resolved: bool,
}

impl LoginThrottle {
    /// Reserves an attempt on `account` (its normalized login) from `address`, or says
    /// how long to wait.
    pub fn reserve(&self, account: &str, address: IpAddr) -> Result<Reservation, Duration> {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let state = &mut *state;
        if !state.addresses.contains_key(&address) {
            make_room(&mut state.addresses, now);
        }
        if !state.accounts.contains_key(account) {
            make_room(&mut state.accounts, now);
        }
        let by_address = state.addresses.entry(address).or_default();
        by_address.expire(now);
        if by_address.used() >= FAILURES_PER_ADDRESS_MAX {
            return Err(by_address.wait(now));
        }
        let address_clean = by_address.clean();
        let by_account = state.accounts.entry(account.to_owned()).or_default();
        by_account.expire(now);
        let kind = if by_account.used() < FAILURES_PER_ACCOUNT_MAX {
            by_account.in_flight += 1;
            Kind::Normal
        } else if address_clean
            && !by_account.probe_in_flight
            && by_account.failing_addresses.len() < FAILING_ADDRESSES_PER_ACCOUNT_MAX
        {
            by_account.probe_in_flight = true;
            Kind::Probe
        } else {
            return Err(by_account.wait(now));
        };
        if let Some(by_address) = state.addresses.get_mut(&address) {
            by_address.in_flight += 1;
        }
        Ok(Reservation { state: self.state.clone(), account: account.to_owned(), address, kind, resolved: false })
    }

    /// (accounts, addresses) remembered now.
    pub fn len(&self) -> (usize, usize) {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        (state.accounts.len(), state.addresses.len())
    }
}

impl Reservation {
    pub fn succeeded(mut self) {
        self.resolve(false);
    }

    pub fn failed(mut self) {
        self.resolve(true);
    }

    fn resolve(&mut self, failed: bool) {
        if self.resolved {
            return;
        }
        self.resolved = true;
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(bucket) = state.accounts.get_mut(&self.account) {
            match self.kind {
                Kind::Normal => bucket.in_flight = bucket.in_flight.saturating_sub(1),
                Kind::Probe => bucket.probe_in_flight = false,
            }
            if failed {
                bucket.fail(now);
                bucket.failing_addresses.insert(self.address);
                if bucket.failing_addresses.len() == FAILING_ADDRESSES_PER_ACCOUNT_MAX {
                    tracing::warn!(
                        account = ?self.account,
                        "failed logins from {FAILING_ADDRESSES_PER_ACCOUNT_MAX} addresses: locked for everyone"
                    );
                }
            }
        }
        if let Some(bucket) = state.addresses.get_mut(&self.address) {
            bucket.in_flight = bucket.in_flight.saturating_sub(1);
            if failed {
                bucket.fail(now);
            }
        }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.resolve(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, n])
    }

    #[test]
    fn attempts_in_flight_count_against_the_limit() {
        let throttle = LoginThrottle::default();
        let held: Vec<_> = (0..FAILURES_PER_ACCOUNT_MAX).map(|_| throttle.reserve("vp", ip(1))).collect();
        assert!(held.iter().all(Result::is_ok));
        assert!(throttle.reserve("vp", ip(1)).is_err(), "a sixth attempt at once is refused");
        drop(held);
        assert!(throttle.reserve("vp", ip(1)).is_err(), "five dropped attempts are five failures");
    }

    #[test]
    fn a_clean_address_still_gets_in_to_a_locked_account_one_at_a_time() {
        let throttle = LoginThrottle::default();
        for _ in 0..FAILURES_PER_ACCOUNT_MAX {
            throttle.reserve("vp", ip(1)).map(Reservation::failed).unwrap_or_default();
        }
        assert!(throttle.reserve("vp", ip(1)).is_err());
        let owner = throttle.reserve("vp", ip(2));
        assert!(owner.is_ok(), "the owner's own address is let through");
        assert!(throttle.reserve("vp", ip(3)).is_err(), "one such attempt at a time");
        owner.map(Reservation::failed).unwrap_or_default();
        assert!(throttle.reserve("vp", ip(2)).is_err(), "an address that failed is no longer clean");
    }

    #[test]
    fn twenty_failing_addresses_lock_the_account_for_everyone() {
        let throttle = LoginThrottle::default();
        for n in 0..FAILURES_PER_ACCOUNT_MAX {
            throttle.reserve("vp", ip(100)).map(Reservation::failed).unwrap_or_default();
            let _ = n;
        }
        for n in 1..FAILING_ADDRESSES_PER_ACCOUNT_MAX as u8 {
            throttle.reserve("vp", ip(n)).map(Reservation::failed).unwrap_or_default();
        }
        assert!(throttle.reserve("vp", ip(200)).is_err());
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_names() {
        let throttle = LoginThrottle::default();
        for n in 0..(ENTRIES_MAX + 500) {
            let address = IpAddr::from([10, (n >> 16) as u8, (n >> 8) as u8, n as u8]);
            throttle.reserve(&format!("user{n}"), address).map(Reservation::failed).unwrap_or_default();
        }
        let (accounts, addresses) = throttle.len();
        assert!(accounts <= ENTRIES_MAX && addresses <= ENTRIES_MAX, "{accounts} {addresses}");
    }
}
