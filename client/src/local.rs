//! The tablet's local storage. Two kinds of keys:
//!
//! - the **device's**: the language, which build of the app to load, the working-day
//!   calendar, the last business day seen, and who was logged in last (to open offline);
//! - an **account's** ([`mine`]): drafts of forms not yet acknowledged, the outbox of
//!   requests waiting for the server, the ones it refused, the stores it may see and the
//!   pages it last saw (for opening offline). A shop's tablet is shared by franchisees:
//!   these live under the account's own prefix (`campaign-desk.u{id}.`), so another
//!   account on the same tablet never reads, sends or shows them.
//!
//! Losing storage only loses convenience, so failures to read or write are ignored.

use std::cell::Cell;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Set when logging out could not reach the server: the session cookie may still be
/// valid, so the next start (or the next login) ends it first.
pub const LOGOUT_PENDING_KEY: &str = "campaign-desk.logout-pending";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok().flatten()?;
    crate::json::from_str(&text)
}

pub fn save<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Some(text)) = (storage(), crate::json::to_string(value)) {
        let _ = storage.set_item(key, &text);
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// Saves a plain string: read by `boot.js`, or an answer kept as the server wrote it.
pub fn save_raw(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Every key in storage that starts with `prefix`.
fn keys_starting(prefix: &str) -> Vec<String> {
    let Some(storage) = storage() else { return Vec::new() };
    let count = storage.length().unwrap_or(0);
    (0..count).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect()
}

thread_local! {
    /// The account whose things [`mine`] reads and writes; none before a login.
    static ACCOUNT: Cell<Option<u64>> = const { Cell::new(None) };
}

/// Sets the account whose storage [`mine`] uses (`None`: logged out, nothing is read).
pub fn set_account(user: Option<u64>) {
    ACCOUNT.with(|a| a.set(user));
}

/// The account-scoped storage of the account logged in now.
pub mod mine {
    use super::*;

    fn prefix_of(user: u64) -> String {
        format!("campaign-desk.u{user}.")
    }

    fn scoped(key: &str) -> Option<String> {
        ACCOUNT.with(Cell::get).map(|user| format!("{}{key}", prefix_of(user)))
    }

    pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
        super::load(&scoped(key)?)
    }

    pub fn save<T: Serialize>(key: &str, value: &T) {
        if let Some(key) = scoped(key) {
            super::save(&key, value);
        }
    }

    pub fn remove(key: &str) {
        if let Some(key) = scoped(key) {
            super::remove(&key);
        }
    }

    /// This account's keys starting with `prefix` (without the account's own prefix).
    pub fn keys(prefix: &str) -> Vec<String> {
        let Some(user) = ACCOUNT.with(Cell::get) else { return Vec::new() };
        let own = prefix_of(user);
        keys_starting(&format!("{own}{prefix}"))
            .into_iter()
            .filter_map(|k| k.strip_prefix(&own).map(str::to_owned))
            .collect()
    }

    /// Removes everything of this account whose key starts with `prefix` (`""`: all).
    pub fn clear(prefix: &str) {
        for key in keys(prefix) {
            remove(&key);
        }
    }

    /// Drafts, outbox and refusals an earlier version of the app kept for the whole
    /// tablet become the account's that was logged in when they were made (`owner`, the
    /// one last seen), and only theirs.
    pub fn adopt_unscoped(owner: Option<u64>) {
        let (Some(user), Some(owner)) = (ACCOUNT.with(Cell::get), owner) else { return };
        if user != owner {
            return;
        }
        for old in ["campaign-desk.outbox", "campaign-desk.refused"]
            .map(str::to_owned)
            .into_iter()
            .chain(keys_starting("campaign-desk.draft."))
        {
            let (Some(storage), Some(short)) = (storage(), old.strip_prefix("campaign-desk.")) else { continue };
            if let Ok(Some(value)) = storage.get_item(&old) {
                let _ = storage.set_item(&format!("{}{short}", prefix_of(user)), &value);
            }
            let _ = storage.remove_item(&old);
        }
    }
}
