//! Login throttling that a burst cannot get around and a stranger cannot turn against a
//! user.
//!
//! - An attempt **reserves** its place before the password is hashed: attempts in flight
//!   count against the limits like failures, so a thousand guesses sent at once get the
//!   same five tries as a thousand sent one by one.
//! - Per account: five failures (or attempts in flight) in fifteen minutes lock it...
//! - ...except for a **known device**: a browser that logged in to this account before
//!   carries a cookie the server signed for the account (`auth::device_cookie`), and has
//!   a budget of its own (five failures in fifteen minutes), untouched by the account's
//!   lock or its address's. The owner's own tablet always gets in, whoever hammers the
//!   login from wherever.
//! - ...and for an address with no recent failure at all: the owner on a new device still
//!   gets in. Such an attempt is one at a time per account, and a failed one marks its
//!   address, so each address gets one guess at a locked account, and at most
//!   [`PROBES_PER_ACCOUNT_MAX`] such guesses are made in a window (after that a botnet's
//!   next addresses wait; known devices do not).
//! - Per address: twenty failures in fifteen minutes, whatever the accounts.
//! - Memory is bounded: at most [`ENTRIES_MAX`] accounts and addresses each; the oldest
//!   idle entries are forgotten first.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

pub const FAILURES_PER_ACCOUNT_MAX: u32 = 5;
pub const FAILURES_PER_ADDRESS_MAX: u32 = 20;
/// Attempts from clean addresses on a locked account in one window, after which only
/// known devices get to try until the window ends.
pub const PROBES_PER_ACCOUNT_MAX: usize = 100;
/// Failures a known device may make on its account in one window.
pub const FAILURES_PER_DEVICE_MAX: u32 = 5;
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
    /// Attempts from clean addresses on the locked account, this window.
    probes: usize,
}

impl Bucket {
    fn expire(&mut self, now: Instant) {
        if self.since.is_some_and(|since| now.duration_since(since) >= WINDOW) {
            self.failures = 0;
            self.since = None;
            self.failing_addresses.clear();
            self.probes = 0;
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
    /// Known devices, by the hash of their cookie.
    devices: HashMap<[u8; 32], Bucket>,
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
    /// An attempt from a device that logged in to the account before (its cookie hash).
    Device([u8; 32]),
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
    /// how long to wait. `device` is the hash of a known-device cookie that the caller
    /// verified for this account.
    pub fn reserve(&self, account: &str, address: IpAddr, device: Option<[u8; 32]>) -> Result<Reservation, Duration> {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let state = &mut *state;
        if let Some(device) = device {
            if !state.devices.contains_key(&device) {
                make_room(&mut state.devices, now);
            }
            let bucket = state.devices.entry(device).or_default();
            bucket.expire(now);
            if bucket.used() >= FAILURES_PER_DEVICE_MAX {
                return Err(bucket.wait(now));
            }
            bucket.in_flight += 1;
            return Ok(Reservation {
                state: self.state.clone(),
                account: account.to_owned(),
                address,
                kind: Kind::Device(device),
                resolved: false,
            });
        }
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
        } else if address_clean && !by_account.probe_in_flight && by_account.probes < PROBES_PER_ACCOUNT_MAX {
            by_account.probes += 1;
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

    /// Known devices remembered now.
    pub fn devices(&self) -> usize {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).devices.len()
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
        if let Kind::Device(device) = self.kind {
            // A known device's attempts count on its own budget only.
            if let Some(bucket) = state.devices.get_mut(&device) {
                bucket.in_flight = bucket.in_flight.saturating_sub(1);
                if failed {
                    bucket.fail(now);
                }
            }
            return;
        }
        if let Some(bucket) = state.accounts.get_mut(&self.account) {
            match self.kind {
                Kind::Normal => bucket.in_flight = bucket.in_flight.saturating_sub(1),
                Kind::Probe => bucket.probe_in_flight = false,
                Kind::Device(_) => {}
            }
            if failed {
                bucket.fail(now);
                bucket.failing_addresses.insert(self.address);
                if bucket.failing_addresses.len() == 20 {
                    tracing::warn!(account = ?self.account, "failed logins on one account from 20 addresses");
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
        let held: Vec<_> = (0..FAILURES_PER_ACCOUNT_MAX).map(|_| throttle.reserve("vp", ip(1), None)).collect();
        assert!(held.iter().all(Result::is_ok));
        assert!(throttle.reserve("vp", ip(1), None).is_err(), "a sixth attempt at once is refused");
        drop(held);
        assert!(throttle.reserve("vp", ip(1), None).is_err(), "five dropped attempts are five failures");
    }

    #[test]
    fn a_clean_address_still_gets_in_to_a_locked_account_one_at_a_time() {
        let throttle = LoginThrottle::default();
        for _ in 0..FAILURES_PER_ACCOUNT_MAX {
            throttle.reserve("vp", ip(1), None).map(Reservation::failed).unwrap_or_default();
        }
        assert!(throttle.reserve("vp", ip(1), None).is_err());
        let owner = throttle.reserve("vp", ip(2), None);
        assert!(owner.is_ok(), "the owner's own address is let through");
        assert!(throttle.reserve("vp", ip(3), None).is_err(), "one such attempt at a time");
        owner.map(Reservation::failed).unwrap_or_default();
        assert!(throttle.reserve("vp", ip(2), None).is_err(), "an address that failed is no longer clean");
    }

    #[test]
    fn one_guess_from_each_of_many_addresses_does_not_lock_the_owner_out() {
        let throttle = LoginThrottle::default();
        // One wrong guess from each of twenty addresses (then some): the old rule locked
        // the account for everyone from there on.
        for n in 1..=30u8 {
            throttle.reserve("vp", ip(n), None).map(Reservation::failed).unwrap_or_default();
        }
        assert!(throttle.reserve("vp", ip(200), None).is_ok(), "the owner on a new, clean address");
    }

    #[test]
    fn a_known_device_gets_in_whatever_the_account_and_its_address_have_suffered() {
        let throttle = LoginThrottle::default();
        // A botnet uses up the account, the probes and the owner's own shop address.
        for n in 0..=PROBES_PER_ACCOUNT_MAX + FAILURES_PER_ACCOUNT_MAX as usize {
            let address = IpAddr::from([10, 1, (n >> 8) as u8, n as u8]);
            throttle.reserve("vp", address, None).map(Reservation::failed).unwrap_or_default();
        }
        for _ in 0..FAILURES_PER_ADDRESS_MAX {
            throttle.reserve("other", ip(9), None).map(Reservation::failed).unwrap_or_default();
        }
        assert!(throttle.reserve("vp", ip(250), None).is_err(), "new addresses now wait");
        assert!(throttle.reserve("vp", ip(9), Some([7; 32])).is_ok(), "the owner's tablet does not");
        // A stolen device cookie alone is still only five guesses.
        for _ in 0..FAILURES_PER_DEVICE_MAX {
            throttle.reserve("vp", ip(9), Some([8; 32])).map(Reservation::failed).unwrap_or_default();
        }
        assert!(throttle.reserve("vp", ip(9), Some([8; 32])).is_err());
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_names() {
        let throttle = LoginThrottle::default();
        for n in 0..(ENTRIES_MAX + 500) {
            let address = IpAddr::from([10, (n >> 16) as u8, (n >> 8) as u8, n as u8]);
            throttle.reserve(&format!("user{n}"), address, None).map(Reservation::failed).unwrap_or_default();
        }
        let (accounts, addresses) = throttle.len();
        assert!(accounts <= ENTRIES_MAX && addresses <= ENTRIES_MAX, "{accounts} {addresses}");
    }
}
