//! The live event stream (`/api/v1/events`, Server-Sent Events). Each `notification`
//! raises the unread count; each `campaign` says which campaign changed, so open screens
//! fetch it again instead of going stale; every (re)connection sends what waits in the
//! outbox at once. When the stream breaks (no signal in the shop, the server restarting,
//! too many streams) it is closed and opened again after a wait that doubles from 2 s to
//! a minute, jittered (`shared::backoff`) so that the tablets one outage cut off do not
//! all come back at the same instant, instead of the browser's own retry every few
//! seconds, so an offline tablet does not keep its radio busy; the first event after a reconnection resumes after the
//! last one seen (`Last-Event-ID` is sent by a new `EventSource` only within one, so the
//! server's replay covers notifications and the app refetches what changed).

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use serde::Deserialize;
use shared::notify::Notification;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// What the stream said.
pub enum Live {
    Connected,
    /// The stream broke; it will be tried again after a wait.
    Lost,
    Notification,
    Campaign {
        id: u64,
        version: u64,
    },
}

/// The first wait before a broken stream is opened again, and the longest.
const RETRY_FIRST: Duration = Duration::from_secs(2);
const RETRY_MAX: Duration = Duration::from_secs(60);

/// The wait before reopening after `failures` breaks in a row, in the milliseconds
/// `setTimeout` takes. The jitter is drawn from `crypto.getRandomValues`; a browser
/// without it waits the whole doubled wait, as before the jitter.
fn retry_wait_ms(failures: u32) -> i32 {
    let mut bytes = [0u8; 4];
    let random = if crate::api::random_bytes(&mut bytes) { u32::from_le_bytes(bytes) } else { u32::MAX };
    let wait = shared::backoff::delay(failures, RETRY_FIRST, RETRY_MAX, random);
    i32::try_from(wait.as_millis()).unwrap_or(i32::MAX)
}

#[derive(Deserialize)]
struct CampaignChanged {
    id: u64,
    version: u64,
}

/// An event name and what handles it.
type Listener = (&'static str, Closure<dyn FnMut(web_sys::Event)>);
/// Opens the stream again after it broke (filled once the stream exists).
type Reopen = Rc<RefCell<Option<Rc<Closure<dyn FnMut()>>>>>;

/// An open stream; closed when dropped (logging out, leaving the page).
///
/// It is also closed the moment the page is about to go (`beforeunload`, `pagehide`):
/// a service worker that is being replaced waits for the requests it saw to end before
/// it takes over, and a navigation waits for that, so a stream left open until the old
/// page is gone would hold the next page up. If the page stays after all (a cancelled
/// leave, a page restored from the back-forward cache) the stream is opened again.
pub struct Stream {
    source: Rc<RefCell<Option<web_sys::EventSource>>>,
    _handlers: Rc<Vec<Listener>>,
    _page: Vec<Listener>,
    _reopen: Rc<Closure<dyn FnMut()>>,
    /// The reconnection the error handler schedules (emptied when the stream is dropped,
    /// so a pending retry finds nothing to reopen).
    _reopen_slot: Reopen,
}

impl Drop for Stream {
    fn drop(&mut self) {
        if let Some(source) = self.source.borrow_mut().take() {
            source.close();
        }
        self._reopen_slot.borrow_mut().take();
        if let Some(window) = web_sys::window() {
            for (name, handler) in &self._page {
                let _ = window.remove_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
            }
        }
    }
}

fn connect(handlers: &[Listener]) -> Option<web_sys::EventSource> {
    let source = web_sys::EventSource::new(shared::api::routes::EVENTS).ok()?;
    for (name, handler) in handlers {
        let _ = source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
    }
    Some(source)
}

/// Opens the stream; `on` is called for everything it says.
pub fn open(on: impl Fn(Live) + 'static) -> Option<Stream> {
    let on = Rc::new(on);
    let data = |event: &web_sys::Event| -> Option<String> {
        event.dyn_ref::<web_sys::MessageEvent>().and_then(|m| m.data().as_string())
    };
    let mut handlers: Vec<Listener> = Vec::new();
    // Breaks in a row since the stream was last open.
    let failures = Rc::new(std::cell::Cell::new(0u32));
    {
        let (on, failures) = (on.clone(), failures.clone());
        handlers.push((
            "open",
            Closure::new(move |_: web_sys::Event| {
                failures.set(0);
                on(Live::Connected)
            }),
        ));
    }
    {
        let on = on.clone();
        handlers.push((
            "notification",
            Closure::new(move |event: web_sys::Event| {
                if data(&event).and_then(|d| crate::json::from_str::<Notification>(&d)).is_some() {
                    on(Live::Notification);
                }
            }),
        ));
    }
    {
        let on = on.clone();
        handlers.push((
            "campaign",
            Closure::new(move |event: web_sys::Event| {
                if let Some(c) = data(&event).and_then(|d| crate::json::from_str::<CampaignChanged>(&d)) {
                    on(Live::Campaign { id: c.id, version: c.version });
                }
            }),
        ));
    }
    // The error handler needs the reconnection, which needs the handlers: tie the knot
    // through a slot filled once both exist.
    let source: Rc<RefCell<Option<web_sys::EventSource>>> = Rc::new(RefCell::new(None));
    let reopen_slot: Reopen = Rc::new(RefCell::new(None));
    {
        let (on, source, reopen_slot, failures) = (on.clone(), source.clone(), reopen_slot.clone(), failures.clone());
        handlers.push((
            "error",
            Closure::new(move |_: web_sys::Event| {
                // Our own retry with a growing wait, not the browser's every few seconds.
                if let Some(s) = source.borrow_mut().take() {
                    s.close();
                }
                on(Live::Lost);
                failures.set(failures.get().saturating_add(1));
                let wait = retry_wait_ms(failures.get());
                if let (Some(window), Some(reopen)) = (web_sys::window(), reopen_slot.borrow().clone()) {
                    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                        (*reopen).as_ref().unchecked_ref(),
                        wait,
                    );
                }
            }),
        ));
    }
    let handlers = Rc::new(handlers);
    *source.borrow_mut() = Some(connect(&handlers)?);
    let reopen = {
        let (source, handlers) = (source.clone(), handlers.clone());
        Rc::new(Closure::<dyn FnMut()>::new(move || {
            let mut slot = source.borrow_mut();
            if slot.is_none() {
                *slot = connect(&handlers);
            }
        }))
    };
    *reopen_slot.borrow_mut() = Some(reopen.clone());
    let window = web_sys::window()?;
    let mut page: Vec<Listener> = Vec::new();
    for name in ["beforeunload", "pagehide"] {
        let (source, reopen, window_too) = (source.clone(), reopen.clone(), window.clone());
        page.push((
            name,
            Closure::new(move |_: web_sys::Event| {
                if let Some(s) = source.borrow_mut().take() {
                    s.close();
                }
                // Still here a moment later (the leave was cancelled): listen again.
                let _ = window_too
                    .set_timeout_with_callback_and_timeout_and_arguments_0((*reopen).as_ref().unchecked_ref(), 2_000);
            }),
        ));
    }
    {
        let reopen = reopen.clone();
        page.push((
            "pageshow",
            Closure::new(move |_: web_sys::Event| {
                if let Some(f) = (*reopen).as_ref().dyn_ref::<js_sys::Function>() {
                    let _ = f.call0(&wasm_bindgen::JsValue::NULL);
                }
            }),
        ));
    }
    for (name, handler) in &page {
        let _ = window.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
    }
    Some(Stream { source, _handlers: handlers, _page: page, _reopen: reopen, _reopen_slot: reopen_slot })
}
