//! The live event stream (`/api/v1/events`, Server-Sent Events): the browser's
//! `EventSource` reconnects by itself and resumes after the last event it saw. Each
//! `notification` raises the unread count; each `campaign` says which campaign changed,
//! so open screens fetch it again instead of going stale; every (re)connection sends what
//! waits in the outbox at once.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Deserialize;
use shared::notify::Notification;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// What the stream said.
pub enum Live {
    Connected,
    Notification,
    Campaign { id: u64, version: u64 },
}

#[derive(Deserialize)]
struct CampaignChanged {
    id: u64,
    version: u64,
}

/// An event name and what handles it.
type Listener = (&'static str, Closure<dyn FnMut(web_sys::Event)>);

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
}

impl Drop for Stream {
    fn drop(&mut self) {
        if let Some(source) = self.source.borrow_mut().take() {
            source.close();
        }
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
    {
        let on = on.clone();
        handlers.push(("open", Closure::new(move |_: web_sys::Event| on(Live::Connected))));
    }
    {
        let on = on.clone();
        handlers.push((
            "notification",
            Closure::new(move |event: web_sys::Event| {
                if data(&event).and_then(|d| serde_json::from_str::<Notification>(&d).ok()).is_some() {
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
                if let Some(c) = data(&event).and_then(|d| serde_json::from_str::<CampaignChanged>(&d).ok()) {
                    on(Live::Campaign { id: c.id, version: c.version });
                }
            }),
        ));
    }
    let handlers = Rc::new(handlers);
    let source = Rc::new(RefCell::new(Some(connect(&handlers)?)));
    let reopen = {
        let (source, handlers) = (source.clone(), handlers.clone());
        Rc::new(Closure::<dyn FnMut()>::new(move || {
            let mut slot = source.borrow_mut();
            if slot.is_none() {
                *slot = connect(&handlers);
            }
        }))
    };
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
    Some(Stream { source, _handlers: handlers, _page: page, _reopen: reopen })
}
