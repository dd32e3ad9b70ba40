//! Who is logged in and what the shell fetches for them: the business day, the session
//! (finishing a logout that could not reach the server first), the working-day years,
//! the stores and the schedule templates; each kept in local storage so that a tablet
//! that reloads offline opens as it was last seen, with its drafts and its outbox.

use std::rc::Rc;

use chrono::{Datelike, NaiveDate};
use shared::api::{Me, ScheduleTemplates, StoreQuery};
use shared::calendar::YearCalendar;
use shared::clock::parse_iso_date;
use shared::endpoints::{GetCalendarYear, GetScheduleTemplates, GetSession, GetToday, ListStores, LogOut};
use shared::org::Role;
use yew::prelude::*;

use super::model::{Lookups, Msg, Session, Shell, Years};
use crate::api::{self, CallError};
use crate::local::{self, LOGOUT_PENDING_KEY};
use crate::route::{Route, navigate};

pub(super) const LANG_KEY: &str = "campaign-desk.lang";
pub(super) const CALENDAR_KEY: &str = "campaign-desk.calendar";
/// Who was logged in, the business day and the stores, as last seen: for opening offline.
const ME_KEY: &str = "campaign-desk.me";
const TODAY_KEY: &str = "campaign-desk.today";
/// The schedule templates as last fetched (the same for every account: the device's).
const TEMPLATES_KEY: &str = "campaign-desk.schedule-templates";
/// The stores the account may see (account-scoped, `local::mine`).
const STORES_KEY: &str = "stores";
/// The business day the calendar years were last fetched on: they change once a year (or
/// with an import), so they are fetched at most once a day.
const CALENDAR_FETCHED_KEY: &str = "campaign-desk.calendar-fetched";
/// The fingerprint of the server's calendar the years kept here were fetched from.
const CALENDAR_SEEN_KEY: &str = "campaign-desk.calendar-seen";
/// Which build of the app `boot.js` loads (`store` or `staff`).
const VARIANT_KEY: &str = "campaign-desk.variant";

type Shelf = UseReducerDispatcher<Shell>;

/// The server's business day as last seen, and when (by the tablet's clock).
#[derive(serde::Serialize, serde::Deserialize)]
struct SeenToday {
    today: String,
    seen_at_ms: f64,
}

impl SeenToday {
    /// The business day while the server cannot be reached, the tablet's clock reading
    /// `now_ms`: the day last seen, moved on by the days the tablet's clock has counted
    /// since (a tablet whose clock is wrong by a day still agrees with the server); the
    /// tablet's own date if never seen.
    fn offline_today(seen: Option<SeenToday>, now_ms: f64) -> Option<NaiveDate> {
        let tablet = |ms: f64| shared::clock::china_date_from_unix_ms(ms as i64);
        match seen.and_then(|s| Some((parse_iso_date(&s.today)?, tablet(s.seen_at_ms)?))) {
            Some((day, seen_on)) => {
                let elapsed = tablet(now_ms).map_or(0, |today| (today - seen_on).num_days().max(0));
                Some(day + chrono::Duration::days(elapsed))
            }
            None => tablet(now_ms),
        }
    }
}

/// At start: the page shown while the wasm compiled goes, and the business day and who
/// is logged in are asked at once.
#[hook]
pub(super) fn use_boot(shell: Shelf) {
    use_effect_with((), move |_| {
        if let Some(frame) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot-frame"))
        {
            frame.remove();
        }
        yew::platform::spawn_local(fetch_today(shell.clone()));
        yew::platform::spawn_local(resume(shell));
    });
}

async fn fetch_today(shell: Shelf) {
    match api::fetch::<GetToday>(&[], &()).await {
        Ok(answer) => {
            local::save(TODAY_KEY, &SeenToday { today: answer.today.clone(), seen_at_ms: js_sys::Date::now() });
            // The server's calendar changed (an import): its years are fetched again.
            if local::load::<String>(CALENDAR_SEEN_KEY).as_deref() != Some(answer.calendar.as_str()) {
                local::remove(CALENDAR_FETCHED_KEY);
                local::save(CALENDAR_SEEN_KEY, &answer.calendar);
            }
            shell.dispatch(Msg::Today(parse_iso_date(&answer.today)));
        }
        Err(_) => {
            shell.dispatch(Msg::Reached(false));
            let today = SeenToday::offline_today(local::load::<SeenToday>(TODAY_KEY), js_sys::Date::now());
            shell.dispatch(Msg::Today(today));
        }
    }
}

/// Who is logged in: the server's word, or without a connection who was last seen.
async fn resume(shell: Shelf) {
    // A logout that could not reach the server is finished first.
    if local::load::<bool>(LOGOUT_PENDING_KEY).unwrap_or(false) {
        match api::call::<LogOut>(&[], &()).await {
            Err(CallError::Network) => {
                shell.dispatch(Msg::Reached(false));
                shell.dispatch(Msg::Session(Session::LoggedOut));
                return;
            }
            _ => local::remove(LOGOUT_PENDING_KEY),
        }
    }
    let last_seen = local::load::<Me>(ME_KEY).map(|me| me.user.0);
    let adopt = move |me: &Me| {
        local::set_account(Some(me.user.0));
        local::mine::adopt_unscoped(last_seen);
    };
    let session = match api::fetch::<GetSession>(&[], &()).await {
        Ok(me) => {
            adopt(&me);
            Session::In(Rc::new(me))
        }
        Err(CallError::Network) => {
            shell.dispatch(Msg::Reached(false));
            let last = local::load::<Me>(ME_KEY);
            if let Some(me) = &last {
                adopt(me);
            }
            last.map_or(Session::LoggedOut, |me| Session::In(Rc::new(me)))
        }
        Err(_) => {
            local::remove(ME_KEY);
            Session::LoggedOut
        }
    };
    shell.dispatch(Msg::Session(session));
}

/// Remembers who is logged in (for opening offline) and which build of the app they
/// need; the store managers' build hands a staff login over to the staff's.
#[hook]
pub(super) fn use_remember(me: Option<Rc<Me>>) {
    use_effect_with(me, move |me| {
        if let Some(me) = me {
            local::save(ME_KEY, &**me);
            let staff = me.role != Role::StoreManager;
            local::save_raw(VARIANT_KEY, if staff { "staff" } else { "store" });
            if staff && !cfg!(feature = "staff") {
                super::routing::reload_once();
            }
        }
    });
}

/// The working-day years around today, from the server, once logged in; and every load
/// merged kept for the next start without a connection.
#[hook]
pub(super) fn use_calendar(years: UseReducerHandle<Years>, logged_in: bool, today: Option<NaiveDate>) {
    {
        let years = years.clone();
        let wanted = today.filter(|_| logged_in).map(|day| day.year());
        use_effect_with(wanted, move |wanted| {
            if let (Some(year), Some(day)) = (*wanted, today) {
                // Kept from an earlier fetch today: the years change once a year.
                let fetched_today = local::load::<String>(CALENDAR_FETCHED_KEY) == Some(day.to_string());
                let held = [year - 1, year, year + 1].iter().all(|y| years.calendar.year(*y).is_some());
                if !(fetched_today && held) {
                    local::save(CALENDAR_FETCHED_KEY, &day.to_string());
                    load_years(years.dispatcher(), vec![year - 1, year, year + 1]);
                }
            }
        });
    }
    let calendar = years.calendar.clone();
    use_effect_with(years.fetched, move |fetched| {
        if *fetched > 0 {
            local::save(CALENDAR_KEY, &calendar.years().cloned().collect::<Vec<_>>());
        }
    });
}

/// Fetches years of the working-day calendar from the server and puts them into the
/// app's calendar. A year the server has replaced (an import) replaces the one held.
pub(super) fn load_years(calendar: UseReducerDispatcher<Years>, years: Vec<i32>) {
    yew::platform::spawn_local(async move {
        let mut fetched: Vec<YearCalendar> = Vec::new();
        for year in years {
            if let Ok(data) = api::fetch::<GetCalendarYear>(&[&year.to_string()], &()).await {
                fetched.push(data);
            }
        }
        if !fetched.is_empty() {
            calendar.dispatch(fetched);
        }
    });
}

/// The stores the user may see, for names; the schedule templates (a request is
/// measured against its type's as it is typed). The ones seen last when the server
/// cannot be reached.
#[hook]
pub(super) fn use_lookups(shell: Shelf, logged_in: bool) {
    use_effect_with(logged_in, move |logged_in| {
        if *logged_in {
            yew::platform::spawn_local(async move {
                let list = match api::fetch::<ListStores>(&[], &StoreQuery::default()).await {
                    Ok(list) => {
                        local::mine::save(STORES_KEY, &list);
                        list
                    }
                    Err(_) => local::mine::load(STORES_KEY).unwrap_or_default(),
                };
                // Kept as the server's own text: the app never writes these back.
                let templates = match api::fetch_kept::<GetScheduleTemplates>(&[], &()).await {
                    Ok((answer, text)) => {
                        local::save_raw(TEMPLATES_KEY, &text);
                        Some(answer)
                    }
                    Err(_) => local::load::<ScheduleTemplates>(TEMPLATES_KEY),
                };
                shell.dispatch(Msg::Lookups(Lookups {
                    stores: Rc::new(list.into_iter().map(|s| (s.value.id, s.value)).collect()),
                    templates: Rc::new(templates.map(|t| t.in_force()).unwrap_or_default()),
                }));
            });
        }
    });
}

/// Logs out: what the account saw (kept pages, its stores) always goes; what it still
/// has here (sends, drafts) is kept for it when `keep`, else deleted.
pub(super) fn leave(shell: Shelf, keep: bool) {
    yew::platform::spawn_local(async move {
        if let Err(CallError::Network) = api::call::<LogOut>(&[], &()).await {
            local::save(LOGOUT_PENDING_KEY, &true);
        }
        crate::offline::forget_pages();
        local::mine::remove(STORES_KEY);
        if !keep {
            local::mine::clear("");
        }
        local::remove(ME_KEY);
        local::set_account(None);
        shell.dispatch(Msg::LoggedOut);
        navigate(&Route::Home);
    });
}

#[cfg(test)]
mod tests {
    use super::SeenToday;
    use chrono::NaiveDate;

    /// 2026-03-02 08:00 in China, as Unix milliseconds.
    const MONDAY_MS: f64 = 1_772_409_600_000.0;
    const DAY_MS: f64 = 86_400_000.0;

    #[test]
    fn offline_the_day_moves_on_with_the_tablets_clock() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d);
        // The tablet's clock says Monday, the server said Tuesday: two days later the
        // day is Thursday, the server's reckoning, not the tablet's.
        let seen = || Some(SeenToday { today: "2026-03-03".into(), seen_at_ms: MONDAY_MS });
        assert_eq!(SeenToday::offline_today(seen(), MONDAY_MS), day(3));
        assert_eq!(SeenToday::offline_today(seen(), MONDAY_MS + 2.0 * DAY_MS), day(5));
        // A clock set back never moves the day back.
        assert_eq!(SeenToday::offline_today(seen(), MONDAY_MS - DAY_MS), day(3));
        // Never seen: the tablet's own date.
        assert_eq!(SeenToday::offline_today(None, MONDAY_MS), day(2));
    }
}
