//! The administration page's state: the tab, the row being edited, the open "新建…" form,
//! the last outcome and the writes in flight; `Page` sends a write once and says how it
//! went.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::rc::Rc;

use shared::Lang;
use shared::api::{Record, UserView};
use shared::ids::{PersonId, StoreId, UserId};
use shared::org::{Person, Role, Store};
use yew::prelude::*;

use super::Tab;
use super::words::{What, describe};
use crate::api::CallError;
use crate::ctx::AppCtx;

/// Where an outcome is said: a row or a form.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(super) enum Spot {
    Store(StoreId),
    NewStore,
    User(UserId),
    NewUser,
    NewUnit,
    NewPosition,
    Person(PersonId),
    NewPerson,
}

#[derive(Clone, PartialEq)]
pub(super) struct Notice {
    pub(super) spot: Spot,
    pub(super) text: String,
    pub(super) ok: bool,
}

/// The one row being edited, with what has been changed in it so far.
#[derive(Clone, PartialEq)]
pub(super) enum Editing {
    Store { record: Record<Store>, draft: Store, planner: Option<PersonId> },
    User { user: UserView, role: Role, store: Option<StoreId>, lang: Lang },
    Person { record: Record<Person>, draft: Person },
}

impl Editing {
    pub(super) fn spot(&self) -> Spot {
        match self {
            Editing::Store { record, .. } => Spot::Store(record.value.id),
            Editing::User { user, .. } => Spot::User(user.id),
            Editing::Person { record, .. } => Spot::Person(record.value.id),
        }
    }
}

/// The "新建…" form that is open.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Form {
    Store,
    User,
    Unit,
    Position,
    Person,
}

#[derive(Clone, PartialEq)]
pub(super) struct Ui {
    pub(super) tab: Tab,
    pub(super) search: HashMap<Tab, String>,
    /// "" all, "none" stores without a planner, else a planner's id.
    pub(super) planner_filter: String,
    pub(super) role_filter: Option<Role>,
    pub(super) editing: Option<Editing>,
    pub(super) form: Option<Form>,
    pub(super) notice: Option<Notice>,
    /// Writes in flight, by their button's id.
    pub(super) busy: BTreeSet<String>,
    /// A password just reset: whose, and the password.
    pub(super) revealed: Option<(UserId, String)>,
    /// Bumped to load the data again.
    pub(super) reload: u32,
}

impl Ui {
    pub(super) fn query(&self, tab: Tab) -> &str {
        self.search.get(&tab).map_or("", String::as_str)
    }
}

/// State changed by closures applied to the latest state (two answers arriving between
/// renders never undo each other).
#[derive(PartialEq)]
pub(super) struct Cell<T>(pub(super) T);

impl<T: Clone + 'static> Reducible for Cell<T> {
    type Action = Box<dyn FnOnce(&mut T)>;

    fn reduce(self: Rc<Self>, change: Self::Action) -> Rc<Self> {
        let mut value = self.0.clone();
        change(&mut value);
        Rc::new(Cell(value))
    }
}

/// What the page's parts share: the context, the page state and the writes in flight.
#[derive(Clone)]
pub(super) struct Page {
    pub(super) ctx: AppCtx,
    pub(super) ui: UseReducerHandle<Cell<Ui>>,
    /// Writes in flight, checked synchronously: a double tap never sends twice.
    pub(super) inflight: Rc<RefCell<BTreeSet<String>>>,
}

impl PartialEq for Page {
    fn eq(&self, other: &Self) -> bool {
        self.ctx == other.ctx && self.ui == other.ui && Rc::ptr_eq(&self.inflight, &other.inflight)
    }
}

impl Page {
    pub(super) fn l(&self) -> Lang {
        self.ctx.lang
    }

    pub(super) fn ui(&self) -> &Ui {
        &self.ui.0
    }

    pub(super) fn update(&self, change: impl FnOnce(&mut Ui) + 'static) {
        self.ui.dispatch(Box::new(change));
    }

    pub(super) fn busy(&self, key: &str) -> bool {
        self.ui().busy.contains(key)
    }

    /// Says something at a row or form (a problem found before sending).
    pub(super) fn say(&self, spot: Spot, text: String, ok: bool) {
        self.update(move |ui| ui.notice = Some(Notice { spot, text, ok }));
    }

    /// Sends a write once (the button `key` is busy meanwhile), then says its outcome at
    /// `spot`: `ok`'s message (also flashed under the header, and the row's editor
    /// closes) or the error in the user's words; then loads the data again.
    pub(super) fn write<T: 'static>(
        &self,
        key: String,
        spot: Spot,
        what: What,
        call: impl Future<Output = Result<T, CallError>> + 'static,
        ok: impl FnOnce(T) -> String + 'static,
    ) {
        if !self.inflight.borrow_mut().insert(key.clone()) {
            return;
        }
        {
            let (key, spot) = (key.clone(), spot.clone());
            self.update(move |ui| {
                ui.busy.insert(key);
                if ui.notice.as_ref().is_some_and(|n| n.spot == spot) {
                    ui.notice = None;
                }
            });
        }
        let page = self.clone();
        yew::platform::spawn_local(async move {
            let result = call.await;
            page.ctx.note(&result);
            page.inflight.borrow_mut().remove(&key);
            let l = page.l();
            let (text, good, close) = match result {
                Ok(value) => {
                    let text = ok(value);
                    page.ctx.done(text.clone());
                    (text, true, true)
                }
                Err(error) => (describe(l, what, &error), false, error.is_conflict()),
            };
            page.update(move |ui| {
                ui.busy.remove(&key);
                if close && ui.editing.as_ref().is_some_and(|e| e.spot() == spot) {
                    ui.editing = None;
                }
                ui.notice = Some(Notice { spot, text, ok: good });
                ui.reload += 1;
            });
        });
    }
}
