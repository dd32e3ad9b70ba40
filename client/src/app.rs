//! The application shell: who is logged in, the language, the current page, and whether
//! the server can be reached; the header and the offline banner around every page.

use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use shared::api::ScheduleTemplates;
use shared::api::{Me, StoreQuery};
use shared::calendar::YearCalendar;
use shared::clock::parse_iso_date;
use shared::endpoints::{GetCalendarYear, GetScheduleTemplates, GetSession, GetToday, ListStores, LogOut};
use shared::ids::StoreId;
use shared::org::{Role, Store};
use shared::{Calendar, Lang};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::api::{self, CallError};
use crate::ctx::AppCtx;
use crate::i18n::{Text, pick, t};
use crate::local;
use crate::local::LOGOUT_PENDING_KEY;
use crate::pages::{campaign::CampaignPage, home::HomePage, login::LoginPage, new_request::NewRequestPage, not_found};
use crate::route::{Route, navigate};

const LANG_KEY: &str = "campaign-desk.lang";

const CALENDAR_KEY: &str = "campaign-desk.calendar";
/// Who was logged in, the business day and the stores, as last seen: for opening offline.
const ME_KEY: &str = "campaign-desk.me";
const TODAY_KEY: &str = "campaign-desk.today";

/// The server's business day as last seen, and when (by the tablet's clock).
#[derive(serde::Serialize, serde::Deserialize)]
struct SeenToday {
    today: String,
    seen_at_ms: f64,
}

impl SeenToday {
    /// The business day while the server cannot be reached: the day last seen, moved on
    /// by the days the tablet's clock has counted since (a tablet whose clock is wrong by
    /// a day still agrees with the server); the tablet's own date if never seen.
    fn offline_today(seen: Option<SeenToday>) -> Option<chrono::NaiveDate> {
        let tablet = |ms: f64| shared::clock::china_date_from_unix_ms(ms as i64);
        let now = js_sys::Date::now();
        match seen.and_then(|s| Some((parse_iso_date(&s.today)?, tablet(s.seen_at_ms)?))) {
            Some((day, seen_on)) => {
                let elapsed = tablet(now).map_or(0, |today| (today - seen_on).num_days().max(0));
                Some(day + chrono::Duration::days(elapsed))
            }
            None => tablet(now),
        }
    }
}
/// What the app looks names and rules up in: the stores the user may see, the schedule
/// templates.
#[derive(Default, PartialEq)]
struct Lookups {
    stores: Rc<HashMap<StoreId, Store>>,
    templates: Rc<shared::schedule::Templates>,
}

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

/// Fetches years of the working-day calendar from the server and puts them into the
/// app's calendar (and local storage, for the next start without a connection). A year
/// the server has replaced (an import) replaces the one held.
fn load_years(calendar: UseReducerHandle<Years>, years: Vec<i32>) {
    yew::platform::spawn_local(async move {
        let mut fetched = Vec::new();
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

/// The calendar held by the app; years arriving from the server are added to the latest
/// state (two loads at once never undo each other).
#[derive(PartialEq)]
struct Years(Rc<Calendar>);

impl Reducible for Years {
    type Action = Vec<YearCalendar>;

    fn reduce(self: Rc<Self>, fetched: Vec<YearCalendar>) -> Rc<Self> {
        let mut next = (*self.0).clone();
        for year in fetched {
            let _ = next.insert(year);
        }
        local::save(CALENDAR_KEY, &next.years().cloned().collect::<Vec<_>>());
        Rc::new(Years(Rc::new(next)))
    }
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", if lang == Lang::En { "en" } else { "zh-CN" });
    }
}

/// What the live stream keeps: the unread count and the last campaign that changed.
#[derive(Default, PartialEq)]
struct LiveState {
    unread: u32,
    changed: Option<(u64, u64)>,
    serial: u32,
}

enum LiveEvent {
    Unread(u32),
    Told,
    Changed(u64, u64),
}

impl Reducible for LiveState {
    type Action = LiveEvent;

    fn reduce(self: Rc<Self>, action: LiveEvent) -> Rc<Self> {
        let mut next = LiveState { unread: self.unread, changed: self.changed, serial: self.serial };
        match action {
            LiveEvent::Unread(n) => next.unread = n,
            LiveEvent::Told => next.unread = next.unread.saturating_add(1),
            LiveEvent::Changed(id, version) => {
                next.changed = Some((id, version));
                next.serial = next.serial.wrapping_add(1);
            }
        }
        Rc::new(next)
    }
}

/// Whether the server answers, and how many times it came back after it did not.
#[derive(Default, PartialEq)]
struct Reach {
    offline: bool,
    back: u32,
}

impl Reducible for Reach {
    type Action = bool;

    fn reduce(self: Rc<Self>, reached: bool) -> Rc<Self> {
        match (self.offline, reached) {
            (true, true) => Rc::new(Reach { offline: false, back: self.back.wrapping_add(1) }),
            (false, false) => Rc::new(Reach { offline: true, back: self.back }),
            _ => self,
        }
    }
}

/// What an account leaving this tablet still has here: sends waiting, sends refused,
/// drafts of forms.
#[derive(Clone, Copy, PartialEq)]
struct Waiting {
    outbox: usize,
    refused: usize,
    drafts: usize,
}

impl Waiting {
    fn now() -> Waiting {
        Waiting {
            outbox: api::outbox().len(),
            refused: api::refused().len(),
            drafts: local::mine::keys("draft.").len(),
        }
    }

    fn is_empty(self) -> bool {
        self.outbox + self.refused + self.drafts == 0
    }
}

#[derive(Clone, PartialEq)]
enum Session {
    Checking,
    LoggedOut,
    In(Rc<Me>),
}

#[function_component(App)]
pub fn app() -> Html {
    let lang = use_state(|| local::load::<Lang>(LANG_KEY).unwrap_or_default());
    let session = use_state(|| Session::Checking);
    let route = use_state(Route::current);
    let today = use_state(|| None::<NaiveDate>);
    // The stores the user may see, and the schedule templates (none until the server's
    // arrive: a request is then checked by the server alone).
    let lookups = use_state(Lookups::default);
    let reach = use_reducer(Reach::default);
    let leaving = use_state(|| None::<Waiting>);
    // Whose things `local::mine` holds: the account logged in now, and nobody's before.
    local::set_account(match &*session {
        Session::In(me) => Some(me.user.0),
        _ => None,
    });
    let outbox_len = use_state(|| api::outbox().len());
    let flash = use_state(|| None::<(u32, String)>);
    let flash_serial = use_mut_ref(|| 0u32);
    let live = use_reducer(LiveState::default);
    let stream = use_mut_ref(|| None::<crate::live::Stream>);
    // The calendar: what the server sent last time (kept for offline use), else the
    // years shipped in the app, until the server's answer arrives.
    let calendar = use_reducer(|| {
        // The years the server sent (a first visit is online; they are kept from then on).
        let mut calendar = Calendar::default();
        for year in local::load::<Vec<YearCalendar>>(CALENDAR_KEY).unwrap_or_default() {
            let _ = calendar.insert(year);
        }
        Years(Rc::new(calendar))
    });
    let need_year = {
        let calendar = calendar.clone();
        Callback::from(move |year: i32| load_years(calendar.clone(), vec![year]))
    };

    // Follow the browser's back and forward buttons (and our own `navigate`).
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || route.set(Route::current()));
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = window {
                    let _ = window.remove_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
                }
            }
        });
    }
    {
        let lang = *lang;
        use_effect_with(lang, move |lang| set_document_lang(*lang));
    }
    // Who is logged in, and the business day, asked at once. Without a connection the
    // app opens as it was last seen (who, the day, the stores), so a tablet that reloads
    // offline still shows its drafts and its outbox.
    {
        let (session, today, online) = (session.clone(), today.clone(), reach.clone());
        use_effect_with((), move |_| {
            // The page shown while the wasm compiled is replaced by the app now.
            if let Some(frame) =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot-frame"))
            {
                frame.remove();
            }
            let online_too = online.clone();
            yew::platform::spawn_local(async move {
                match api::fetch::<GetToday>(&[], &()).await {
                    Ok(answer) => {
                        local::save(
                            TODAY_KEY,
                            &SeenToday { today: answer.today.clone(), seen_at_ms: js_sys::Date::now() },
                        );
                        // The server's calendar changed (an import): its years are fetched again.
                        if local::load::<String>(CALENDAR_SEEN_KEY).as_deref() != Some(answer.calendar.as_str()) {
                            local::remove(CALENDAR_FETCHED_KEY);
                            local::save(CALENDAR_SEEN_KEY, &answer.calendar);
                        }
                        today.set(parse_iso_date(&answer.today));
                    }
                    Err(_) => {
                        online_too.dispatch(false);
                        today.set(SeenToday::offline_today(local::load::<SeenToday>(TODAY_KEY)));
                    }
                }
            });
            yew::platform::spawn_local(async move {
                // A logout that could not reach the server is finished first.
                if local::load::<bool>(LOGOUT_PENDING_KEY).unwrap_or(false) {
                    match api::call::<LogOut>(&[], &()).await {
                        Err(CallError::Network) => {
                            online.dispatch(false);
                            session.set(Session::LoggedOut);
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
                match api::fetch::<GetSession>(&[], &()).await {
                    Ok(me) => {
                        adopt(&me);
                        session.set(Session::In(Rc::new(me)))
                    }
                    Err(CallError::Network) => {
                        online.dispatch(false);
                        let last = local::load::<Me>(ME_KEY);
                        if let Some(me) = &last {
                            adopt(me);
                        }
                        session.set(last.map_or(Session::LoggedOut, |me| Session::In(Rc::new(me))));
                    }
                    Err(_) => {
                        local::remove(ME_KEY);
                        session.set(Session::LoggedOut);
                    }
                }
            });
        });
    }
    // Remember who is logged in (for opening offline) and which build of the app they
    // need; the store managers' build hands a staff login over to the staff's.
    {
        let me = match &*session {
            Session::In(me) => Some(me.clone()),
            _ => None,
        };
        use_effect_with(me, move |me| {
            if let Some(me) = me {
                local::save(ME_KEY, &**me);
                let staff = me.role != Role::StoreManager;
                local::save_raw(VARIANT_KEY, if staff { "staff" } else { "store" });
                if staff && !cfg!(feature = "staff") {
                    reload_once();
                }
            }
        });
    }
    // The working-day years around today, from the server, once logged in.
    {
        let calendar = calendar.clone();
        let wanted = match (&*session, *today) {
            (Session::In(_), Some(today)) => Some(today.year()),
            _ => None,
        };
        let day = *today;
        use_effect_with(wanted, move |wanted| {
            if let (Some(year), Some(day)) = (*wanted, day) {
                // Kept from an earlier fetch today: the years change once a year.
                let fetched_today = local::load::<String>(CALENDAR_FETCHED_KEY) == Some(day.to_string());
                let held = [year - 1, year, year + 1].iter().all(|y| calendar.0.year(*y).is_some());
                if !(fetched_today && held) {
                    local::save(CALENDAR_FETCHED_KEY, &day.to_string());
                    load_years(calendar, vec![year - 1, year, year + 1]);
                }
            }
        });
    }
    // The stores the user may see, for names; the schedule templates (a request is
    // measured against its type's as it is typed). The ones seen last when the server
    // cannot be reached.
    {
        let lookups = lookups.clone();
        let logged_in = matches!(*session, Session::In(_));
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
                    lookups.set(Lookups {
                        stores: Rc::new(list.into_iter().map(|s| (s.value.id, s.value)).collect()),
                        templates: Rc::new(templates.map(|t| t.in_force()).unwrap_or_default()),
                    });
                });
            }
        });
    }
    // The live stream, while logged in: the unread count, changed campaigns, and the
    // outbox sent the moment the server can be reached again.
    {
        let (live, stream, online, outbox_len) = (live.clone(), stream.clone(), reach.clone(), outbox_len.clone());
        let user = match &*session {
            Session::In(me) => Some(me.user),
            _ => None,
        };
        use_effect_with(user, move |user| {
            *stream.borrow_mut() = None;
            if user.is_some() {
                let counted = live.clone();
                yew::platform::spawn_local(async move {
                    let query = shared::api::NotificationQuery { limit: Some(1), unread: false, before: None };
                    if let Ok(list) = api::fetch::<shared::endpoints::ListNotifications>(&[], &query).await {
                        counted.dispatch(LiveEvent::Unread(list.unread));
                    }
                });
                *stream.borrow_mut() = crate::live::open(move |event| match event {
                    crate::live::Live::Lost => online.dispatch(false),
                    crate::live::Live::Connected => {
                        online.dispatch(true);
                        let outbox_len = outbox_len.clone();
                        yew::platform::spawn_local(async move {
                            if !api::outbox().is_empty() {
                                api::flush_outbox().await;
                                outbox_len.set(api::outbox().len());
                            }
                        });
                    }
                    crate::live::Live::Notification => live.dispatch(LiveEvent::Told),
                    crate::live::Live::Campaign { id, version } => live.dispatch(LiveEvent::Changed(id, version)),
                });
            }
        });
    }
    // Send what waits in the outbox, now and every few seconds.
    {
        let (online, outbox_len) = (reach.clone(), outbox_len.clone());
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                loop {
                    if !api::outbox().is_empty() {
                        let flushed = api::flush_outbox().await;
                        online.dispatch(flushed.reachable);
                        outbox_len.set(api::outbox().len());
                    }
                    yew::platform::time::sleep(Duration::from_secs(3)).await;
                }
            });
        });
    }

    let l = *lang;
    let toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_| {
            let next = if *lang == Lang::Zh { Lang::En } else { Lang::Zh };
            local::save(LANG_KEY, &next);
            lang.set(next);
        })
    };
    let on_login = {
        let session = session.clone();
        Callback::from(move |me: Me| session.set(Session::In(Rc::new(me))))
    };
    // Logging out: what the account still has on this tablet (sends waiting or refused,
    // drafts) is said first, and kept for it or deleted as the person chooses; what it
    // saw (kept pages, its stores) always goes.
    let leave = {
        let (session, leaving, outbox_len) = (session.clone(), leaving.clone(), outbox_len.clone());
        Callback::from(move |keep: bool| {
            let (session, leaving, outbox_len) = (session.clone(), leaving.clone(), outbox_len.clone());
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
                leaving.set(None);
                outbox_len.set(0);
                session.set(Session::LoggedOut);
                navigate(&Route::Home);
            });
        })
    };
    let logout = {
        let (leaving, leave) = (leaving.clone(), leave.clone());
        Callback::from(move |_| {
            let waiting = Waiting::now();
            if waiting.is_empty() {
                leave.emit(false);
            } else {
                leaving.set(Some(waiting));
            }
        })
    };
    let leaving_note = match *leaving {
        Some(w) => {
            let (keep, discard, stay) = (leave.clone(), leave.clone(), leaving.clone());
            let en = l == Lang::En;
            let mut parts = Vec::new();
            if w.outbox > 0 {
                parts.push(if en {
                    format!("{} waiting to be sent", w.outbox)
                } else {
                    format!("{}项等待发送的提交", w.outbox)
                });
            }
            if w.refused > 0 {
                parts.push(if en {
                    format!("{} not accepted", w.refused)
                } else {
                    format!("{}项未被接受的提交", w.refused)
                });
            }
            if w.drafts > 0 {
                parts.push(if en {
                    format!("{} unsent drafts", w.drafts)
                } else {
                    format!("{}份尚未提交的草稿", w.drafts)
                });
            }
            html! {
                <div class="banner leaving" role="alertdialog" id="leaving">
                    <p>{ pick(l, "退出前请注意：本账号在这台设备上还有 ", "Before you log out: this account still has ") }
                        <strong>{ parts.join(pick(l, "、", ", ")) }</strong>
                        { pick(l, "。其他账号登录后看不到这些内容。", ". Nobody else who logs in here sees them.") }</p>
                    <div class="buttons">
                        <button id="leave-keep" onclick={Callback::from(move |_| keep.emit(true))}>
                            { pick(l, "保留，下次登录继续", "Keep them for my next login") }</button>
                        <crate::widgets::ConfirmButton id="leave-discard" class={classes!("secondary")} lang={l}
                            label={pick(l, "删除后退出", "Delete them and log out")}
                            question={pick(l, "删除后无法找回，确定吗？", "They cannot be recovered. Are you sure?")}
                            on_confirm={Callback::from(move |()| discard.emit(false))} />
                        <button class="secondary" id="leave-cancel" onclick={Callback::from(move |_| stay.set(None))}>
                            { pick(l, "取消", "Cancel") }</button>
                    </div>
                </div>
            }
        }
        None => html! {},
    };
    let reached = {
        let reach = reach.clone();
        Callback::from(move |ok: bool| reach.dispatch(ok))
    };
    let outbox_changed = {
        let outbox_len = outbox_len.clone();
        Callback::from(move |()| outbox_len.set(api::outbox().len()))
    };

    let show_flash = {
        let flash = flash.clone();
        Callback::from(move |message: String| {
            let serial = {
                let mut serial = flash_serial.borrow_mut();
                *serial += 1;
                *serial
            };
            flash.set(Some((serial, message)));
            let (flash, flash_serial) = (flash.clone(), flash_serial.clone());
            yew::platform::spawn_local(async move {
                yew::platform::time::sleep(Duration::from_secs(6)).await;
                if *flash_serial.borrow() == serial {
                    flash.set(None);
                }
            });
        })
    };
    let flash_note = match &*flash {
        Some((_, message)) => html! { <div class="banner ok flash" role="status" id="flash">{ message.clone() }</div> },
        None => html! {},
    };

    let store_label = match &*session {
        Session::In(me) => me.store_name.clone().unwrap_or_else(|| me.name.clone()),
        _ => String::new(),
    };
    // What the server refused when the outbox sent it: never silently dropped; each one
    // links to where it can be dealt with.
    let refused = api::refused();
    let refused_note = if refused.is_empty() || !matches!(*session, Session::In(_)) {
        html! {}
    } else {
        html! {
            <div class="banner refused" role="alert" id="refused-banner">
                <p>{ if l == Lang::En { format!("{} sent from this tablet were not accepted:", refused.len()) } else { format!("有{}项从本机发出的提交未被接受，请查看：", refused.len()) } }</p>
                <ul>{ for refused.iter().map(|r| {
                    let route = match r.pending.campaign() {
                        Some(id) => Route::Campaign(id),
                        None => crate::json::from_str::<shared::intake::NewCampaign>(&r.pending.body).ok_or(())
                            .map_or(Route::Home, |form| Route::New(Some(form.kind))),
                    };
                    let target = route.clone();
                    html! { <li><a href={route.path()} onclick={Callback::from(move |e: MouseEvent| { e.prevent_default(); navigate(&target); })}>{ r.pending.label.clone() }</a></li> }
                }) }</ul>
            </div>
        }
    };
    let banner = if reach.offline || *outbox_len > 0 {
        html! {
            <div class="banner offline" role="alert" id="offline-banner">
                { t(l, Text::Offline) }
                if *outbox_len > 0 { <strong>{ format!(" {}：{}", t(l, Text::PendingSends), *outbox_len) }</strong> }
            </div>
        }
    } else {
        html! {}
    };
    let body = match (&*session, *today) {
        (Session::Checking, _) | (Session::In(_), None) => {
            html! { <p class="loading page">{ t(l, Text::Loading) }</p> }
        }
        (Session::LoggedOut, _) => html! { <LoginPage lang={l} on_login={on_login} /> },
        (Session::In(me), Some(today)) => {
            let ctx = AppCtx {
                me: me.clone(),
                lang: l,
                today,
                calendar: calendar.0.clone(),
                need_year,
                stores: lookups.stores.clone(),
                templates: lookups.templates.clone(),
                reached,
                outbox_changed,
                outbox_len: *outbox_len,
                flash: show_flash,
                unread: live.unread,
                set_unread: {
                    let live = live.clone();
                    Callback::from(move |n: u32| live.dispatch(LiveEvent::Unread(n)))
                },
                changed: live.changed,
                change_serial: live.serial,
                online: !reach.offline,
                back_online: reach.back,
            };
            let page = match &*route {
                Route::Home if me.role == Role::StoreManager => html! { <HomePage /> },
                Route::New(kind) => html! { <NewRequestPage kind={*kind} /> },
                Route::Campaign(id) => html! { <CampaignPage id={*id} /> },
                Route::Notifications => html! { <crate::pages::notifications::NotificationsPage /> },
                Route::NotFound => not_found(l),
                other => staff_page(other, l),
            };
            html! { <ContextProvider<AppCtx> context={ctx}>{ page }</ContextProvider<AppCtx>> }
        }
    };
    html! {
        <>
            <header class="app-header">
                <a class="brand" href="/" onclick={Callback::from(|e: MouseEvent| { e.prevent_default(); navigate(&Route::Home); })}>
                    // On a phone the center's name gives way to the app's (style.css).
                    <h1>{ match t(l, Text::AppTitle).split_once(" · ") {
                        Some((center, app)) => html! { <><span class="title-center">{ format!("{center} · ") }</span>{ app }</> },
                        None => html! { { t(l, Text::AppTitle) } },
                    } }</h1>
                </a>
                <div class="header-actions">
                    { nav(l, &session) }
                    if matches!(*session, Session::In(_)) {
                        <a class="nav bell" id="bell" href={Route::Notifications.path()}
                            aria-label={if l == Lang::En { format!("Notifications, {} unread", live.unread) } else { format!("通知，{}条未读", live.unread) }}
                            onclick={Callback::from(|e: MouseEvent| { e.prevent_default(); navigate(&Route::Notifications); })}>
                            // A drawn bell: tablets without a colour-emoji font show no blank box.
                            <svg class="bell-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
                                <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z"/>
                            </svg>
                            if live.unread > 0 { <span class="count" id="unread-count">{ live.unread }</span> }
                        </a>
                    }
                    if !store_label.is_empty() { <span class="who" id="who">{ store_label }</span> }
                    <button id="switch-lang" class="secondary" onclick={toggle_lang}>{ t(l, Text::SwitchLanguage) }</button>
                    if matches!(*session, Session::In(_)) {
                        <button id="logout" class="secondary" onclick={logout}>{ t(l, Text::LogOut) }</button>
                    }
                </div>
            </header>
            { leaving_note }
            { banner }
            { refused_note }
            { flash_note }
            <main>{ body }</main>
        </>
    }
}

/// The store managers' build: a store's only page is its home.
#[cfg(not(feature = "staff"))]
fn nav(_l: Lang, _session: &Session) -> Html {
    html! {}
}

/// Links to the staff's pages; store managers have only their home.
#[cfg(feature = "staff")]
fn nav(l: Lang, session: &Session) -> Html {
    let Session::In(me) = session else { return html! {} };
    if me.role == Role::StoreManager {
        return html! {};
    }
    let link = |route: Route, text: Text, id: &'static str| {
        let target = route.clone();
        html! {
            <a class="nav" id={id} href={route.path()}
                onclick={Callback::from(move |e: MouseEvent| { e.prevent_default(); navigate(&target); })}>
                { t(l, text) }
            </a>
        }
    };
    html! {
        <nav class="nav-links">
            { link(Route::Home, Text::MyWork, "nav-work") }
            { link(Route::Calendar, Text::CalendarTitle, "nav-calendar") }
            if matches!(me.role, Role::Vp | Role::Admin) || me.role.is_center_staff() { { link(Route::Kpi, Text::KpiTitle, "nav-kpi") } }
            if matches!(me.role, Role::Vp | Role::Admin | Role::Purchasing) {
                <a class="nav" id="nav-costs" href={Route::Costs.path()}
                    onclick={Callback::from(move |e: MouseEvent| { e.prevent_default(); navigate(&Route::Costs); })}>
                    { crate::i18n::pick(l, "费用", "Costs") }
                </a>
            }
            if me.role == Role::Admin { { link(Route::Admin, Text::AdminTitle, "nav-admin") } }
        </nav>
    }
}

/// The staff's pages: in the staff's build of the app.
#[cfg(feature = "staff")]
fn staff_page(route: &Route, l: Lang) -> Html {
    use crate::pages::admin::AdminPage;
    use crate::pages::kpi::KpiPage;
    use crate::pages::queue::QueuePage;
    use crate::pages::summary::SummaryPage;
    match route {
        Route::Home => html! { <QueuePage /> },
        Route::Kpi => html! { <KpiPage /> },
        Route::Costs => html! { <crate::pages::costs::CostsPage /> },
        Route::Calendar => html! { <crate::pages::calendar::CalendarPage /> },
        Route::Admin => html! { <AdminPage /> },
        Route::Summary(id) => html! { <SummaryPage id={*id} /> },
        _ => not_found(l),
    }
}

/// The store managers' build has none: a staff member who logs in on it is moved to the
/// staff's build (`boot.js` picks it by the role), with a word while that loads.
#[cfg(not(feature = "staff"))]
fn staff_page(_route: &Route, l: Lang) -> Html {
    reload_once();
    html! { <p class="loading page">{ t(l, Text::Loading) }</p> }
}

/// Reloads the page into the other build of the app, once: a second reload while the
/// first is under way would cancel it and start over.
fn reload_once() {
    thread_local!(static RELOADING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !RELOADING.with(|r| r.replace(true))
        && let Some(location) = web_sys::window().map(|w| w.location())
    {
        let _ = location.reload();
    }
}
