//! What every page may read from the shell (`AppCtx`): who is logged in, the language,
//! the business day and the calendar, the stores, and the callbacks that tell the shell
//! what happened (reached the server, outbox changed, a message to flash).

use std::collections::HashMap;
use std::rc::Rc;

use chrono::NaiveDate;
use shared::api::Me;
use shared::ids::StoreId;
use shared::org::Store;
use shared::{Calendar, Lang};
use yew::Callback;

use crate::api::CallError;
use crate::i18n::{Text, t};

/// What every page may read.
#[derive(Clone, PartialEq)]
pub struct AppCtx {
    pub me: Rc<Me>,
    pub lang: Lang,
    pub today: NaiveDate,
    /// The working-day calendar as the server has it (official and provisional years),
    /// so the browser judges dates by exactly the server's data.
    pub calendar: Rc<Calendar>,
    /// Ask for a year of the calendar not loaded yet (the month view going further).
    pub need_year: Callback<i32>,
    pub stores: Rc<HashMap<StoreId, Store>>,
    /// The schedule templates in force (a request is measured against its type's).
    pub templates: Rc<shared::schedule::Templates>,
    /// Tell the shell whether the last call reached the server.
    pub reached: Callback<bool>,
    /// Tell the shell the outbox changed.
    pub outbox_changed: Callback<()>,
    /// Requests waiting in the outbox (changes when the shell sends them).
    pub outbox_len: usize,
    /// Shows a short message that something happened ("已确认，等待总部处理"), under the
    /// header for a few seconds, also across a page change.
    pub flash: Callback<String>,
    /// Unread notifications, kept current by the live stream.
    pub unread: u32,
    /// Tell the shell the unread count (after marking read).
    pub set_unread: Callback<u32>,
    /// The last campaign the live stream said changed (id, version), and a serial that
    /// grows with every change, for lists to fetch again.
    pub changed: Option<(u64, u64)>,
    pub change_serial: u32,
    /// Whether the server answered the last call; and a serial that grows each time it
    /// answers again after it could not be reached, for pages showing a kept copy to
    /// fetch again by themselves.
    pub online: bool,
    pub back_online: u32,
}

impl AppCtx {
    pub fn t(&self, text: Text) -> &'static str {
        t(self.lang, text)
    }

    /// A store's name; one not (yet) known is "门店" and its code, never a number.
    pub fn store_name(&self, id: StoreId) -> String {
        self.stores.get(&id).map_or_else(|| t(self.lang, Text::UnknownStore).to_owned(), |s| s.name.clone())
    }

    /// Says that something happened (see `flash`).
    pub fn done(&self, message: impl Into<String>) {
        self.flash.emit(message.into());
    }

    /// Records whether a call reached the server (for the offline banner).
    pub fn note<T>(&self, result: &Result<T, CallError>) {
        self.reached.emit(!matches!(result, Err(CallError::Network)));
    }
}
