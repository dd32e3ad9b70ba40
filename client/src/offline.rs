//! What the account last saw, kept for opening without a connection: the home list and
//! the campaign pages opened (the newest [`CAMPAIGNS_KEPT`]), each with the moment it was
//! fetched, in the account's own storage (`local::mine`). A page that cannot reach the
//! server shows its last copy, marked "离线，显示的是 HH:MM 的内容", and fetches again by
//! itself once the server answers.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shared::Lang;

use crate::local;

/// Campaign pages kept per account (each a few kilobytes for a store).
pub const CAMPAIGNS_KEPT: usize = 20;
const CAMPAIGNS_INDEX: &str = "page.campaigns";

/// A page as it was fetched, and when (the tablet's clock, milliseconds).
#[derive(Debug, Clone, PartialEq)]
pub struct Seen<T> {
    pub at_ms: f64,
    pub value: T,
}

/// A kept answer: its text as the server sent it (so the app carries no code to write
/// the typed value back out), and when it came.
#[derive(Serialize, Deserialize)]
struct Kept {
    at_ms: f64,
    text: String,
}

/// Keeps the answer shown under `key` (`page.home`, …), as its JSON text.
pub fn keep(key: &str, text: &str) {
    local::mine::save(key, &Kept { at_ms: js_sys::Date::now(), text: text.to_owned() });
}

/// The last answer kept under `key`.
pub fn last<T: DeserializeOwned>(key: &str) -> Option<Seen<T>> {
    let kept: Kept = local::mine::load(key)?;
    Some(Seen { at_ms: kept.at_ms, value: crate::json::from_str(&kept.text)? })
}

fn campaign_key(id: u64) -> String {
    format!("page.campaign.{id}")
}

/// Keeps a campaign page (its JSON text); the oldest beyond [`CAMPAIGNS_KEPT`] go.
pub fn keep_campaign(id: u64, text: &str) {
    keep(&campaign_key(id), text);
    let mut index: Vec<u64> = local::mine::load(CAMPAIGNS_INDEX).unwrap_or_default();
    index.retain(|kept| *kept != id);
    index.push(id);
    while index.len() > CAMPAIGNS_KEPT {
        let oldest = index.remove(0);
        local::mine::remove(&campaign_key(oldest));
    }
    local::mine::save(CAMPAIGNS_INDEX, &index);
}

/// The last copy of a campaign page.
pub fn last_campaign<T: DeserializeOwned>(id: u64) -> Option<Seen<T>> {
    last(&campaign_key(id))
}

/// Forgets every page kept (at logout: nobody may open them offline any more).
pub fn forget_pages() {
    local::mine::clear("page.");
}

/// "离线，显示的是 HH:MM 的内容".
pub fn stale_note(lang: Lang, at_ms: f64) -> String {
    let when = crate::i18n::short_time(at_ms);
    match lang {
        Lang::Zh => format!("离线，显示的是 {when} 的内容"),
        Lang::En => format!("Offline: showing what was here at {when}"),
    }
}
