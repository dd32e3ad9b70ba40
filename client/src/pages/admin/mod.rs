//! Administration, in seven tabs (only the chosen one is drawn; `?tab=` keeps it across
//! a reload): which planner covers each store and the stores themselves (moving a store
//! routes its new campaigns to the new planner), the accounts, the org chart (units,
//! positions, people), the working-day calendar, the schedule templates, the group
//! robots and the backups.
//!
//! Lists are compact: a row shows the item and 编辑; the controls appear only in the row
//! being edited. The outcome of a write is said in that row or form (`#admin-message`,
//! one at a time) and flashed under the header. Whatever cannot be undone (a password
//! reset, disabling an account, closing a store, moving a store to another planner) asks
//! first. A write in flight shows 提交中… and cannot be sent twice.
//!
//! This module holds the page and its tab switch. The tabs on the loaded data (`data`)
//! are modules of their own (`stores`, `accounts`, `org`), sharing the page state
//! (`state`), the words (`words`) and small parts (`parts`); the calendar, robots and
//! backups tabs are the pages' `calendar_import`, `robots` and `backups`.

mod accounts;
mod data;
mod org;
mod parts;
mod state;
mod stores;
mod words;

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use shared::Lang;
use shared::org::Role;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use self::accounts::accounts_tab;
use self::data::{Data, Index, load};
use self::org::org_tab;
use self::state::{Cell, Page, Ui};
use self::stores::stores_tab;
use self::words::{What, describe};
use crate::api::CallError;
use crate::ctx::AppCtx;
use crate::i18n::{Text, pick};

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Tab {
    Stores,
    Accounts,
    Org,
    Calendar,
    Schedule,
    Robots,
    Backups,
    Feed,
}

impl Tab {
    const ALL: [Tab; 8] =
        [Tab::Stores, Tab::Accounts, Tab::Org, Tab::Calendar, Tab::Schedule, Tab::Robots, Tab::Backups, Tab::Feed];

    fn slug(self) -> &'static str {
        match self {
            Tab::Stores => "stores",
            Tab::Accounts => "accounts",
            Tab::Org => "org",
            Tab::Calendar => "calendar",
            Tab::Schedule => "schedule",
            Tab::Robots => "robots",
            Tab::Backups => "backups",
            Tab::Feed => "feed",
        }
    }

    fn label(self, l: Lang) -> &'static str {
        match self {
            Tab::Stores => pick(l, "门店与策划", "Stores & planners"),
            Tab::Accounts => pick(l, "账号", "Accounts"),
            Tab::Org => pick(l, "组织架构", "Org chart"),
            Tab::Calendar => pick(l, "工作日历", "Working-day calendar"),
            Tab::Schedule => pick(l, "排期模板", "Schedule templates"),
            Tab::Robots => pick(l, "群机器人", "Group-chat robots"),
            Tab::Backups => pick(l, "备份", "Backups"),
            Tab::Feed => pick(l, "数据对接", "Data feed"),
        }
    }

    /// The tab the address names (`/admin?tab=accounts`), else the first.
    fn from_url() -> Tab {
        let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
        search
            .trim_start_matches('?')
            .split('&')
            .find_map(|pair| pair.strip_prefix("tab="))
            .and_then(|slug| Tab::ALL.into_iter().find(|t| t.slug() == slug))
            .unwrap_or(Tab::Stores)
    }

    /// Puts the tab into the address (replacing it: the back button leaves the page).
    fn show_in_url(self) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("/admin?tab={}", self.slug())));
        }
    }
}

#[function_component(AdminPage)]
pub fn admin_page() -> Html {
    let ctx = use_context::<AppCtx>();
    let data = use_state(|| None::<Rc<Data>>);
    let failed = use_state(|| false);
    let ui = use_reducer(|| {
        Cell(Ui {
            tab: Tab::from_url(),
            search: HashMap::new(),
            planner_filter: String::new(),
            role_filter: None,
            editing: None,
            form: None,
            notice: None,
            busy: BTreeSet::new(),
            revealed: None,
            reload: 0,
        })
    });
    let inflight = use_mut_ref(BTreeSet::<String>::new);
    {
        let (data, failed) = (data.clone(), failed.clone());
        use_effect_with(ui.0.reload, move |_| {
            yew::platform::spawn_local(async move {
                match load().await {
                    Ok(loaded) => {
                        failed.set(false);
                        data.set(Some(Rc::new(loaded)));
                    }
                    Err(_) => failed.set(true),
                }
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    if ctx.me.role != Role::Admin {
        return super::not_found(ctx.lang);
    }
    let l = ctx.lang;
    let page = Page { ctx: ctx.clone(), ui: ui.clone(), inflight };
    let tab = page.ui().tab;
    let tabs = html! {
        <div class="admin-tabs" role="tablist" aria-label={ctx.t(Text::AdminTitle)}>
            { for Tab::ALL.into_iter().map(|t| {
                let onclick = {
                    let page = page.clone();
                    Callback::from(move |_: MouseEvent| {
                        t.show_in_url();
                        page.update(move |ui| {
                            ui.tab = t;
                            ui.editing = None;
                            ui.form = None;
                        });
                    })
                };
                html! {
                    <button type="button" role="tab" id={format!("admin-tab-{}", t.slug())}
                        class={classes!("admin-tab", (t == tab).then_some("selected"))}
                        aria-selected={(t == tab).to_string()} aria-controls="admin-panel" {onclick}>
                        { t.label(l) }
                    </button>
                }
            }) }
        </div>
    };
    let body = if tab == Tab::Calendar {
        html! { <super::calendar_import::CalendarImportForm /> }
    } else if tab == Tab::Schedule {
        html! { <super::schedule_templates::ScheduleTemplatesPanel /> }
    } else if tab == Tab::Robots {
        html! { <super::robots::RobotsPanel /> }
    } else if tab == Tab::Backups {
        html! { <super::backups::BackupsPanel /> }
    } else if tab == Tab::Feed {
        html! { <super::feed_readers::FeedReadersPanel /> }
    } else {
        match (*data).clone() {
            Some(loaded) => {
                let ix = Index::new(&loaded);
                match tab {
                    Tab::Stores => stores_tab(&page, &loaded, &ix),
                    Tab::Accounts => accounts_tab(&page, &loaded, &ix),
                    _ => org_tab(&page, &loaded, &ix),
                }
            }
            None if *failed => {
                let retry = {
                    let page = page.clone();
                    Callback::from(move |_: MouseEvent| page.update(|ui| ui.reload += 1))
                };
                html! {
                    <div class="card">
                        <p class="field-error" role="alert">{ describe(l, What::Store, &CallError::Network) }</p>
                        <button type="button" id="admin-retry" onclick={retry}>{ ctx.t(Text::Refresh) }</button>
                    </div>
                }
            }
            None => html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> },
        }
    };
    html! {
        <div class="admin" id="admin">
            { tabs }
            <div class="admin-panel" id="admin-panel" role="tabpanel" aria-labelledby={format!("admin-tab-{}", tab.slug())}>
                { body }
            </div>
        </div>
    }
}
