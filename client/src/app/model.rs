//! The shell's state and how each event changes it: a pure `reduce`, so the shell's
//! rules (the flash outlives only its own timer, "back online" counts real returns, a
//! logout empties what the banners show) are tested on the host without a browser.

use std::collections::HashMap;
use std::rc::Rc;

use chrono::NaiveDate;
use shared::api::Me;
use shared::calendar::YearCalendar;
use shared::ids::StoreId;
use shared::org::Store;
use shared::{Calendar, Lang};
use yew::Reducible;

/// Who is logged in: not known yet (the server is being asked), nobody, or someone.
#[derive(Clone, PartialEq)]
pub(super) enum Session {
    Checking,
    LoggedOut,
    In(Rc<Me>),
}

impl Session {
    pub(super) fn me(&self) -> Option<&Rc<Me>> {
        match self {
            Session::In(me) => Some(me),
            _ => None,
        }
    }
}

/// What the app looks names and rules up in: the stores the user may see, the schedule
/// templates (none until the server's arrive: a request is then checked by the server
/// alone).
#[derive(Clone, Default, PartialEq)]
pub(super) struct Lookups {
    pub stores: Rc<HashMap<StoreId, Store>>,
    pub templates: Rc<shared::schedule::Templates>,
}

/// What an account leaving this tablet still has here: sends waiting, sends refused,
/// drafts of forms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Waiting {
    pub outbox: usize,
    pub refused: usize,
    pub drafts: usize,
}

impl Waiting {
    pub(super) fn is_empty(self) -> bool {
        self.outbox + self.refused + self.drafts == 0
    }
}

/// Everything the shell shows around the pages.
#[derive(Clone, PartialEq)]
pub(super) struct Shell {
    pub lang: Lang,
    pub session: Session,
    /// The business day (the server's, or reckoned from the last one seen when offline).
    pub today: Option<NaiveDate>,
    pub lookups: Lookups,
    /// Whether the last call could not reach the server, and how many times it came back
    /// after it could not (pages showing a kept copy fetch again on each).
    pub offline: bool,
    pub back: u32,
    /// Logging out with things still on the tablet: asked what to do with them.
    pub leaving: Option<Waiting>,
    pub outbox_len: usize,
    /// The message flashed under the header, with the serial of the timer that hides it.
    pub flash: Option<(u32, String)>,
    /// What the live stream keeps: the unread count, the last campaign that changed, and
    /// a serial that grows with every change.
    pub unread: u32,
    pub changed: Option<(u64, u64)>,
    pub change_serial: u32,
}

pub(super) enum Msg {
    Lang(Lang),
    Session(Session),
    Today(Option<NaiveDate>),
    Lookups(Lookups),
    /// Whether a call reached the server.
    Reached(bool),
    /// Ask what to do with what the account still has here (or stop asking).
    Leaving(Option<Waiting>),
    /// The logout is done: nobody is logged in, nothing of theirs is shown.
    LoggedOut,
    Outbox(usize),
    Flash(u32, String),
    /// The flash timer with this serial ran out.
    FlashOver(u32),
    Unread(u32),
    /// The live stream told of a new notification.
    Told,
    /// The live stream said a campaign changed (id, version).
    Changed(u64, u64),
}

impl Shell {
    /// The shell as the app starts: `outbox_len` sends waiting (of nobody's yet).
    pub(super) fn new(lang: Lang, outbox_len: usize) -> Shell {
        Shell {
            lang,
            session: Session::Checking,
            today: None,
            lookups: Lookups::default(),
            offline: false,
            back: 0,
            leaving: None,
            outbox_len,
            flash: None,
            unread: 0,
            changed: None,
            change_serial: 0,
        }
    }

    /// The state after `msg`; the same state (no new render) when nothing changes that
    /// a render would show.
    pub(super) fn update(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            Msg::Lang(lang) => next.lang = lang,
            Msg::Session(session) => next.session = session,
            Msg::Today(today) => next.today = today,
            Msg::Lookups(lookups) => next.lookups = lookups,
            Msg::Reached(reached) => match (self.offline, reached) {
                (true, true) => {
                    next.offline = false;
                    next.back = next.back.wrapping_add(1);
                }
                (false, false) => next.offline = true,
                _ => return self,
            },
            Msg::Leaving(waiting) => next.leaving = waiting,
            Msg::LoggedOut => {
                next.session = Session::LoggedOut;
                next.leaving = None;
                next.outbox_len = 0;
            }
            // Always a new render, even for the same count: the refused banner is read
            // from storage as the shell renders, and a page dealing with a refusal
            // changes that list, not the outbox.
            Msg::Outbox(len) => next.outbox_len = len,
            Msg::Flash(serial, message) => next.flash = Some((serial, message)),
            Msg::FlashOver(serial) => match &self.flash {
                Some((shown, _)) if *shown == serial => next.flash = None,
                _ => return self,
            },
            Msg::Unread(n) => next.unread = n,
            Msg::Told => next.unread = next.unread.saturating_add(1),
            Msg::Changed(id, version) => {
                next.changed = Some((id, version));
                next.change_serial = next.change_serial.wrapping_add(1);
            }
        }
        Rc::new(next)
    }
}

impl Reducible for Shell {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        self.update(msg)
    }
}

/// The calendar held by the app; years arriving from the server are added to the latest
/// state (two loads at once never undo each other). `fetched` counts the loads merged,
/// for the shell to keep the years for the next start without a connection.
#[derive(PartialEq)]
pub(super) struct Years {
    pub calendar: Rc<Calendar>,
    pub fetched: u32,
}

impl Years {
    pub(super) fn new(kept: Vec<YearCalendar>) -> Years {
        let mut calendar = Calendar::default();
        for year in kept {
            let _ = calendar.insert(year);
        }
        Years { calendar: Rc::new(calendar), fetched: 0 }
    }
}

impl Reducible for Years {
    type Action = Vec<YearCalendar>;

    fn reduce(self: Rc<Self>, fetched: Vec<YearCalendar>) -> Rc<Self> {
        let mut next = (*self.calendar).clone();
        for year in fetched {
            let _ = next.insert(year);
        }
        Rc::new(Years { calendar: Rc::new(next), fetched: self.fetched.wrapping_add(1) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell() -> Rc<Shell> {
        Rc::new(Shell::new(Lang::Zh, 0))
    }

    #[test]
    fn coming_back_online_is_counted_once_per_return() {
        let s = shell().update(Msg::Reached(true));
        assert_eq!((s.offline, s.back), (false, 0));
        let s = s.update(Msg::Reached(false));
        let again = s.clone().update(Msg::Reached(false));
        assert!(Rc::ptr_eq(&s, &again), "still offline: no new render");
        let s = again.update(Msg::Reached(true)).update(Msg::Reached(true));
        assert_eq!((s.offline, s.back), (false, 1));
    }

    #[test]
    fn a_flash_is_hidden_only_by_its_own_timer() {
        let s = shell().update(Msg::Flash(1, "a".into())).update(Msg::Flash(2, "b".into()));
        let s = s.update(Msg::FlashOver(1));
        assert_eq!(s.flash, Some((2, "b".to_owned())), "the first timer leaves the second message");
        assert_eq!(s.update(Msg::FlashOver(2)).flash, None);
    }

    #[test]
    fn the_live_stream_counts_and_serials_grow() {
        let s = shell().update(Msg::Unread(3)).update(Msg::Told);
        assert_eq!(s.unread, 4);
        let s = s.update(Msg::Changed(7, 2)).update(Msg::Changed(7, 3));
        assert_eq!((s.changed, s.change_serial), (Some((7, 3)), 2));
    }

    #[test]
    fn logging_out_clears_what_the_banners_show() {
        let waiting = Waiting { outbox: 1, refused: 0, drafts: 2 };
        assert!(!waiting.is_empty());
        assert!(Waiting { outbox: 0, refused: 0, drafts: 0 }.is_empty());
        let s = shell().update(Msg::Outbox(1)).update(Msg::Unread(2)).update(Msg::Leaving(Some(waiting)));
        assert_eq!(s.leaving, Some(waiting));
        let s = s.update(Msg::LoggedOut);
        assert!(s.session == Session::LoggedOut && s.leaving.is_none());
        assert_eq!(s.outbox_len, 0);
    }

    #[test]
    fn the_same_outbox_count_still_renders() {
        let s = shell().update(Msg::Outbox(0));
        assert!(!Rc::ptr_eq(&s, &s.clone().update(Msg::Outbox(0))));
    }
}
