//! Administration, in four tabs (only the chosen one is drawn; `?tab=` keeps it across a
//! reload): which planner covers each store and the stores themselves (moving a store
//! routes its new campaigns to the new planner), the accounts, the org chart (units,
//! positions, people), and importing a year of the working-day calendar.
//!
//! Lists are compact: a row shows the item and 编辑; the controls appear only in the row
//! being edited. The outcome of a write is said in that row or form (`#admin-message`,
//! one at a time) and flashed under the header. Whatever cannot be undone (a password
//! reset, disabling an account, closing a store, moving a store to another planner) asks
//! first. A write in flight shows 提交中… and cannot be sent twice.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::rc::Rc;

use shared::api::{
    LOGIN_MAX_CHARS, NewUser, OrgTree, PASSWORD_MIN_CHARS, PasswordReset, Record, StoreQuery, UserUpdate, UserView,
    Write,
};
use shared::endpoints::{
    CreateOrgUnit, CreatePerson, CreatePosition, CreateStore, CreateUser, GetOrg, ListStores, ListUsers, ResetPassword,
    UpdatePerson, UpdateStore, UpdateUser,
};
use shared::ids::{OrgUnitId, PersonId, PositionId, StoreId, UserId};
use shared::messages::{FieldError, Message};
use shared::org::{Coverage, OrgUnit, OrgUnitKind, Person, Position, Province, Role, Store, StoreStatus};
use shared::{Lang, RuleCode};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::{input_value, select_value};
use crate::api::{self, CallError};
use crate::app::AppCtx;
use crate::i18n::{Text, pick};
use crate::widgets::ConfirmButton;

// ---------------------------------------------------------------------------------------
// Data

#[derive(Clone, PartialEq)]
struct Data {
    org: OrgTree,
    users: Vec<UserView>,
    stores: Vec<Record<Store>>,
}

async fn load() -> Result<Data, CallError> {
    Ok(Data {
        org: api::fetch::<GetOrg>(&[], &()).await?,
        users: api::fetch::<ListUsers>(&[], &()).await?,
        stores: api::fetch::<ListStores>(&[], &StoreQuery::default()).await?,
    })
}

/// Lookups over the loaded data, made once per render.
struct Index<'a> {
    /// People whose enabled account plans: those the server routes campaigns to.
    planners: Vec<&'a Record<Person>>,
    coverage: Coverage,
    /// Everyone whose list of covered stores names the store.
    listed: HashMap<StoreId, Vec<PersonId>>,
    people: HashMap<PersonId, &'a Record<Person>>,
    accounts: HashMap<PersonId, &'a UserView>,
    stores: HashMap<StoreId, &'a Record<Store>>,
    units: HashMap<OrgUnitId, &'a Record<OrgUnit>>,
    positions: HashMap<PositionId, &'a Record<Position>>,
}

impl<'a> Index<'a> {
    fn new(data: &'a Data) -> Self {
        let planning: BTreeSet<PersonId> =
            data.users.iter().filter(|u| u.role == Role::Planning && !u.disabled).map(|u| u.person).collect();
        let planners: Vec<&Record<Person>> =
            data.org.people.iter().filter(|p| planning.contains(&p.value.id)).collect();
        let coverage = Coverage::from_planners(planners.iter().map(|p| &p.value));
        let mut listed: HashMap<StoreId, Vec<PersonId>> = HashMap::new();
        for person in &data.org.people {
            for store in &person.value.stores_covered {
                listed.entry(*store).or_default().push(person.value.id);
            }
        }
        Index {
            planners,
            coverage,
            listed,
            people: data.org.people.iter().map(|p| (p.value.id, p)).collect(),
            accounts: data.users.iter().map(|u| (u.person, u)).collect(),
            stores: data.stores.iter().map(|s| (s.value.id, s)).collect(),
            units: data.org.units.iter().map(|u| (u.value.id, u)).collect(),
            positions: data.org.positions.iter().map(|p| (p.value.id, p)).collect(),
        }
    }

    fn person_name(&self, l: Lang, id: PersonId) -> String {
        self.people.get(&id).map_or_else(|| pick(l, "未知人员", "someone unknown").to_owned(), |p| p.value.name.clone())
    }

    /// "鸡西店（HLJ-001）".
    fn store_label(&self, l: Lang, id: StoreId) -> String {
        self.stores.get(&id).map_or_else(
            || pick(l, "未知门店", "an unknown store").to_owned(),
            |s| paren(l, &s.value.name, &s.value.code),
        )
    }

    fn unit_name(&self, l: Lang, id: OrgUnitId) -> String {
        self.units.get(&id).map_or_else(|| pick(l, "未知部门", "an unknown unit").to_owned(), |u| u.value.name.clone())
    }

    /// "策划（企划部）": titles repeat across departments.
    fn position_label(&self, l: Lang, id: PositionId) -> String {
        self.positions.get(&id).map_or_else(
            || pick(l, "未知岗位", "an unknown position").to_owned(),
            |p| paren(l, &p.value.title, &self.unit_name(l, p.value.unit)),
        )
    }
}

// ---------------------------------------------------------------------------------------
// Words

fn role_name(l: Lang, role: Role) -> &'static str {
    if l == Lang::En { role.name_en() } else { role.name_zh() }
}

fn province_name(l: Lang, province: Province) -> &'static str {
    match province {
        Province::Heilongjiang => pick(l, "黑龙江", "Heilongjiang"),
        Province::Jilin => pick(l, "吉林", "Jilin"),
        Province::InnerMongolia => pick(l, "内蒙古", "Inner Mongolia"),
    }
}

const STATUSES: [StoreStatus; 3] = [StoreStatus::Open, StoreStatus::Preparing, StoreStatus::Closed];

fn status_name(l: Lang, status: StoreStatus) -> &'static str {
    match status {
        StoreStatus::Open => pick(l, "营业", "Open"),
        StoreStatus::Preparing => pick(l, "筹备中", "Preparing"),
        StoreStatus::Closed => pick(l, "已关闭", "Closed"),
    }
}

fn status_slug(status: StoreStatus) -> &'static str {
    match status {
        StoreStatus::Open => "open",
        StoreStatus::Preparing => "preparing",
        StoreStatus::Closed => "closed",
    }
}

const KINDS: [OrgUnitKind; 3] = [OrgUnitKind::Department, OrgUnitKind::Group, OrgUnitKind::Layer];

fn kind_name(l: Lang, kind: OrgUnitKind) -> &'static str {
    match kind {
        OrgUnitKind::Layer => pick(l, "管理层", "Layer"),
        OrgUnitKind::Department => pick(l, "部门", "Department"),
        OrgUnitKind::Group => pick(l, "组", "Group"),
    }
}

fn kind_slug(kind: OrgUnitKind) -> &'static str {
    match kind {
        OrgUnitKind::Layer => "layer",
        OrgUnitKind::Department => "department",
        OrgUnitKind::Group => "group",
    }
}

fn lang_name(lang: Lang) -> &'static str {
    if lang == Lang::En { "English" } else { "中文" }
}

fn lang_slug(lang: Lang) -> &'static str {
    if lang == Lang::En { "en" } else { "zh" }
}

fn role_slug(role: Role) -> String {
    format!("{role:?}")
}

/// "张三（zhangsan）" / "张三 (zhangsan)".
fn paren(l: Lang, a: &str, b: &str) -> String {
    if l == Lang::En { format!("{a} ({b})") } else { format!("{a}（{b}）") }
}

/// "已保存：鸡西店" / "Saved: …".
fn colon(l: Lang, a: &str, b: &str) -> String {
    if l == Lang::En { format!("{a}: {b}") } else { format!("{a}：{b}") }
}

/// Names in a list, at most `max` of them ("曹雪、王赫等5人").
fn names(l: Lang, all: &[String], max: usize) -> String {
    let sep = pick(l, "、", ", ");
    if all.len() <= max {
        return all.join(sep);
    }
    let shown = all.iter().take(max).cloned().collect::<Vec<_>>().join(sep);
    if l == Lang::En { format!("{shown} and {} more", all.len() - max) } else { format!("{shown}等{}人", all.len()) }
}

/// Splits a typed list ("活动策划；方案撰写") into its items.
fn items(text: &str) -> Vec<String> {
    text.split(['；', ';', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// Every word of the query is in one of the fields (case-insensitive; Chinese by substring).
fn matches(query: &str, fields: &[&str]) -> bool {
    query.split_whitespace().all(|word| {
        let word = word.to_lowercase();
        fields.iter().any(|f| f.to_lowercase().contains(&word))
    })
}

// ---------------------------------------------------------------------------------------
// Errors in the users' words

/// What a form writes: decides what its fields are called.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum What {
    Store,
    User,
    Unit,
    Position,
    Person,
}

/// The field's name in the user's language, from the code path the server names
/// (`value.name`, `stores_covered[3]`, `password`); None for codes this page does not use.
fn field_label(l: Lang, what: What, field: &str) -> Option<&'static str> {
    let field = field.trim_start_matches("value.");
    let base = field.split(['[', '.']).next().unwrap_or(field);
    let (zh, en) = match (what, base) {
        (What::Store, "code") => ("门店编码", "Store code"),
        (What::Store, "name") => ("门店名称", "Store name"),
        (What::Store, "city") => ("城市", "City"),
        (What::Store, "address") => ("地址", "Address"),
        (What::Store, "province") => ("省份", "Province"),
        (What::Store, "status") => ("状态", "Status"),
        (What::Unit, "name") => ("部门名称", "Name"),
        (What::Unit, "goal") => ("部门目标", "Goal"),
        (What::Unit, "parent") => ("上级部门", "Parent unit"),
        (What::Unit, "responsibilities") => ("职责", "Responsibilities"),
        (What::Position, "title") => ("岗位名称", "Position title"),
        (What::Position, "unit") => ("所属部门", "Department"),
        (What::Position, "duties") => ("工作职责", "Duties"),
        (What::Position, "authorities") => ("工作权限", "Authorities"),
        (What::Position, "key_indicators") => ("关键指标", "Key indicators"),
        (What::Position, "reports_to") => ("直接上级", "Reports to"),
        (What::Person | What::User, "name") => ("姓名", "Name"),
        (What::Person, "contact") => ("联系方式", "Contact"),
        (_, "positions") => ("岗位", "Positions"),
        (_, "stores_covered") => ("负责门店", "Stores covered"),
        (_, "login") => ("用户名", "Login name"),
        (_, "password") => ("密码", "Password"),
        (_, "role") => ("角色", "Role"),
        (_, "store") => ("门店", "Store"),
        (_, "person") => ("人员", "Person"),
        _ => return None,
    };
    Some(if l == Lang::En { en } else { zh })
}

/// "密码：至少需要8个字符": the field in the user's words, then the rule's message (without
/// repeating the field's name); an unknown field shows the message alone.
fn field_message(l: Lang, what: What, error: &FieldError) -> String {
    let field = error.field.trim_start_matches("value.");
    let special = match (error.code, field) {
        (RuleCode::AlreadyDone, "login") => {
            Some(pick(l, "这个用户名已被使用，请换一个", "This login name is taken; choose another"))
        }
        (RuleCode::AlreadyDone, "code") => {
            Some(pick(l, "这个编码已被其他门店使用", "Another store already has this code"))
        }
        (RuleCode::Forbidden, "role") => Some(pick(
            l,
            "不能停用自己的账号，也不能取消自己的管理员身份",
            "You cannot disable your own account or stop being an administrator",
        )),
        _ => None,
    };
    let message = special.unwrap_or_else(|| error.message(l));
    match field_label(l, what, &error.field) {
        Some(label) => {
            let rest = message.strip_prefix(label).filter(|r| !r.trim().is_empty()).unwrap_or(message);
            colon(l, label, rest)
        }
        None => message.to_owned(),
    }
}

fn describe_fields(l: Lang, what: What, errors: &[FieldError]) -> String {
    errors.iter().map(|e| field_message(l, what, e)).collect::<Vec<_>>().join(pick(l, "；", "; "))
}

/// What went wrong with a write, in the user's words.
fn describe(l: Lang, what: What, error: &CallError) -> String {
    match error {
        CallError::Network => pick(
            l,
            "无法连接服务器，未保存。请检查网络后再试一次。",
            "Cannot reach the server; nothing was saved. Check the connection and try again.",
        )
        .to_owned(),
        CallError::Api { error, .. } if error.code == RuleCode::StaleVersion => pick(
            l,
            "这条记录刚被其他人修改过，已载入最新内容，请重新操作。",
            "Someone else just changed this; the latest is loaded now. Please do it again.",
        )
        .to_owned(),
        CallError::Api { error, .. } => {
            let fields: Vec<FieldError> = error.fields.iter().filter(|f| !f.field.is_empty()).cloned().collect();
            if fields.is_empty() {
                if l == Lang::En { error.message_en.clone() } else { error.message_zh.clone() }
            } else {
                describe_fields(l, what, &fields)
            }
        }
    }
}

fn choose_one(l: Lang, what: What, field: &str) -> String {
    colon(l, field_label(l, what, field).unwrap_or_default(), pick(l, "请选择", "choose one"))
}

// ---------------------------------------------------------------------------------------
// Page state

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Tab {
    Stores,
    Accounts,
    Org,
    Calendar,
    Robots,
    Backups,
}

impl Tab {
    const ALL: [Tab; 6] = [Tab::Stores, Tab::Accounts, Tab::Org, Tab::Calendar, Tab::Robots, Tab::Backups];

    fn slug(self) -> &'static str {
        match self {
            Tab::Stores => "stores",
            Tab::Accounts => "accounts",
            Tab::Org => "org",
            Tab::Calendar => "calendar",
            Tab::Robots => "robots",
            Tab::Backups => "backups",
        }
    }

    fn label(self, l: Lang) -> &'static str {
        match self {
            Tab::Stores => pick(l, "门店与策划", "Stores & planners"),
            Tab::Accounts => pick(l, "账号", "Accounts"),
            Tab::Org => pick(l, "组织架构", "Org chart"),
            Tab::Calendar => pick(l, "工作日历", "Working-day calendar"),
            Tab::Robots => pick(l, "群机器人", "Group-chat robots"),
            Tab::Backups => pick(l, "备份", "Backups"),
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

/// Where an outcome is said: a row or a form.
#[derive(Clone, PartialEq, Eq, Debug)]
enum Spot {
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
struct Notice {
    spot: Spot,
    text: String,
    ok: bool,
}

/// The one row being edited, with what has been changed in it so far.
#[derive(Clone, PartialEq)]
enum Editing {
    Store { record: Record<Store>, draft: Store, planner: Option<PersonId> },
    User { user: UserView, role: Role, store: Option<StoreId>, lang: Lang },
    Person { record: Record<Person>, draft: Person },
}

impl Editing {
    fn spot(&self) -> Spot {
        match self {
            Editing::Store { record, .. } => Spot::Store(record.value.id),
            Editing::User { user, .. } => Spot::User(user.id),
            Editing::Person { record, .. } => Spot::Person(record.value.id),
        }
    }
}

/// The "新建…" form that is open.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    Store,
    User,
    Unit,
    Position,
    Person,
}

#[derive(Clone, PartialEq)]
struct Ui {
    tab: Tab,
    search: HashMap<Tab, String>,
    /// "" all, "none" stores without a planner, else a planner's id.
    planner_filter: String,
    role_filter: Option<Role>,
    editing: Option<Editing>,
    form: Option<Form>,
    notice: Option<Notice>,
    /// Writes in flight, by their button's id.
    busy: BTreeSet<String>,
    /// A password just reset: whose, and the password.
    revealed: Option<(UserId, String)>,
    /// Bumped to load the data again.
    reload: u32,
}

impl Ui {
    fn query(&self, tab: Tab) -> &str {
        self.search.get(&tab).map_or("", String::as_str)
    }
}

/// State changed by closures applied to the latest state (two answers arriving between
/// renders never undo each other).
#[derive(PartialEq)]
struct Cell<T>(T);

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
struct Page {
    ctx: AppCtx,
    ui: UseReducerHandle<Cell<Ui>>,
    /// Writes in flight, checked synchronously: a double tap never sends twice.
    inflight: Rc<RefCell<BTreeSet<String>>>,
}

impl PartialEq for Page {
    fn eq(&self, other: &Self) -> bool {
        self.ctx == other.ctx && self.ui == other.ui && Rc::ptr_eq(&self.inflight, &other.inflight)
    }
}

impl Page {
    fn l(&self) -> Lang {
        self.ctx.lang
    }

    fn ui(&self) -> &Ui {
        &self.ui.0
    }

    fn update(&self, change: impl FnOnce(&mut Ui) + 'static) {
        self.ui.dispatch(Box::new(change));
    }

    fn busy(&self, key: &str) -> bool {
        self.ui().busy.contains(key)
    }

    /// Says something at a row or form (a problem found before sending).
    fn say(&self, spot: Spot, text: String, ok: bool) {
        self.update(move |ui| ui.notice = Some(Notice { spot, text, ok }));
    }

    /// Sends a write once (the button `key` is busy meanwhile), then says its outcome at
    /// `spot`: `ok`'s message (also flashed under the header, and the row's editor
    /// closes) or the error in the user's words; then loads the data again.
    fn write<T: 'static>(
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

// ---------------------------------------------------------------------------------------
// Writes

async fn put_person(person: &Record<Person>) -> Result<(), CallError> {
    let body = Write { version: person.version, value: person.value.clone() };
    api::call::<UpdatePerson>(&[&person.value.id.to_string()], &body).await.map(|_| ())
}

/// Moves `store` to `planner`: first onto the planner's list (so the store is never
/// without one), then off everyone else's.
async fn move_store(data: Rc<Data>, store: StoreId, planner: PersonId) -> Result<(), CallError> {
    if let Some(person) = data.org.people.iter().find(|p| p.value.id == planner)
        && !person.value.stores_covered.contains(&store)
    {
        let mut updated = person.clone();
        updated.value.stores_covered.push(store);
        put_person(&updated).await?;
    }
    for person in &data.org.people {
        if person.value.stores_covered.contains(&store) && person.value.id != planner {
            let mut updated = person.clone();
            updated.value.stores_covered.retain(|s| *s != store);
            put_person(&updated).await?;
        }
    }
    Ok(())
}

/// Random bytes from the browser's cryptographic generator (`Math.random` only if absent).
fn random_bytes(n: u32) -> Vec<u8> {
    let array = js_sys::Uint8Array::new_with_length(n);
    let filled = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .and_then(|crypto| {
            let fill = js_sys::Reflect::get(&crypto, &JsValue::from_str("getRandomValues")).ok()?;
            fill.dyn_into::<js_sys::Function>().ok()?.call1(&crypto, &array).ok()
        })
        .is_some();
    if filled { array.to_vec() } else { (0..n).map(|_| (js_sys::Math::random() * 256.0) as u8).collect() }
}

/// A new password that can be read out and typed on a tablet: three groups of four
/// letters and digits, without look-alikes (0/o, 1/l/i).
fn new_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let chars: Vec<char> = random_bytes(12)
        .into_iter()
        .map(|b| ALPHABET.get(usize::from(b) % ALPHABET.len()).copied().unwrap_or(b'x') as char)
        .collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

// ---------------------------------------------------------------------------------------
// Small parts

#[derive(Properties, PartialEq)]
struct PickerProps {
    id: AttrValue,
    #[prop_or_default]
    class: Classes,
    /// Said to screen readers when the select has no visible label.
    #[prop_or_default]
    label: Option<AttrValue>,
    /// Each choice's value and text.
    options: Vec<(String, String)>,
    /// The value held; "" when nothing is chosen.
    value: String,
    /// The text of a choice meaning "none / all" (value ""); without it, 请选择… is shown
    /// while nothing is chosen.
    #[prop_or_default]
    empty: Option<AttrValue>,
    lang: Lang,
    onchange: Callback<String>,
    #[prop_or_default]
    disabled: bool,
}

/// A select that always shows the value held: its options are marked `selected` from the
/// state, and after every render the element is set to that value (a select the user has
/// touched no longer follows its options' `selected`).
#[function_component(Picker)]
fn picker(props: &PickerProps) -> Html {
    let node = use_node_ref();
    {
        let (node, value) = (node.clone(), props.value.clone());
        use_effect(move || {
            if let Some(select) = node.cast::<web_sys::HtmlSelectElement>()
                && select.value() != value
            {
                select.set_value(&value);
            }
        });
    }
    let l = props.lang;
    let empty = match &props.empty {
        Some(text) => Some(text.clone()),
        None if props.value.is_empty() => Some(AttrValue::from(pick(l, "请选择…", "Choose…"))),
        None => None,
    };
    let unknown = !props.value.is_empty() && !props.options.iter().any(|(v, _)| *v == props.value);
    let onchange = {
        let onchange = props.onchange.clone();
        Callback::from(move |e: Event| onchange.emit(select_value(&e)))
    };
    html! {
        <select ref={node} id={props.id.clone()} class={props.class.clone()} aria-label={props.label.clone()}
            data-value={props.value.clone()} disabled={props.disabled} {onchange}>
            if let Some(text) = empty { <option value="" selected={props.value.is_empty()}>{ text }</option> }
            if unknown { <option value={props.value.clone()} selected=true>{ pick(l, "（已不存在）", "(no longer exists)") }</option> }
            { for props.options.iter().map(|(value, text)| html! {
                <option value={value.clone()} selected={*value == props.value}>{ text.clone() }</option>
            }) }
        </select>
    }
}

/// A labelled field: the words above, the control below.
fn field(label: &str, control: Html) -> Html {
    html! { <label class="admin-field"><span>{ label.to_owned() }</span>{ control }</label> }
}

fn text_input(id: String, value: &str, oninput: Callback<InputEvent>) -> Html {
    html! { <input id={id} value={value.to_owned()} {oninput} /> }
}

/// A button for a write that needs no question: 提交中… and disabled while in flight.
fn send_button(page: &Page, id: &str, label: &str, disabled: bool, onclick: Callback<()>) -> Html {
    let busy = page.busy(id);
    html! {
        <button type="button" id={id.to_owned()} disabled={busy || disabled} aria-busy={busy.then_some("true")}
            onclick={onclick.reform(|_: MouseEvent| ())}>
            { if busy { page.ctx.t(Text::Sending).to_owned() } else { label.to_owned() } }
        </button>
    }
}

/// The outcome of the last write, if it belongs here.
fn notice_at(page: &Page, spot: &Spot) -> Html {
    match &page.ui().notice {
        Some(notice) if notice.spot == *spot => html! {
            <p id="admin-message" role="status" class={classes!("admin-notice", if notice.ok { "ok" } else { "bad" })}>
                { notice.text.clone() }
            </p>
        },
        _ => html! {},
    }
}

/// 编辑 / 收起 for a row: opens its editor with a fresh draft (closing any other).
fn edit_button(page: &Page, id: String, open: bool, start: impl Fn() -> Editing + 'static) -> Html {
    let l = page.l();
    let onclick = {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| {
            let next = start();
            page.update(move |ui| {
                let same = ui.editing.as_ref().map(Editing::spot) == Some(next.spot());
                ui.editing = if same { None } else { Some(next) };
            });
        })
    };
    html! {
        <button type="button" id={id} class={classes!("secondary", "edit")} aria-expanded={open.to_string()} {onclick}>
            { if open { pick(l, "收起", "Close") } else { pick(l, "编辑", "Edit") } }
        </button>
    }
}

/// The search box, the tab's other filters and its "新建…" buttons.
fn toolbar(page: &Page, tab: Tab, placeholder: &str, filters: Html, buttons: Html) -> Html {
    let oninput = {
        let page = page.clone();
        Callback::from(move |e: InputEvent| {
            let query = input_value(&e);
            page.update(move |ui| {
                ui.search.insert(tab, query);
            });
        })
    };
    html! {
        <div class="admin-toolbar">
            <input type="search" id="admin-search" class="admin-search" placeholder={placeholder.to_owned()}
                aria-label={placeholder.to_owned()} value={page.ui().query(tab).to_owned()} {oninput} />
            { filters }
            <div class="admin-new">{ buttons }</div>
        </div>
    }
}

fn form_button(page: &Page, form: Form, id: &'static str, label: &str) -> Html {
    let open = page.ui().form == Some(form);
    let onclick = {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| {
            page.update(move |ui| ui.form = if ui.form == Some(form) { None } else { Some(form) })
        })
    };
    html! {
        <button type="button" id={id} class={classes!("secondary", open.then_some("open"))}
            aria-expanded={open.to_string()} {onclick}>{ label.to_owned() }</button>
    }
}

fn count_line(l: Lang, shown: usize, total: usize, unit_zh: &str, noun_en: &str) -> Html {
    let text = if shown == total {
        if l == Lang::En { format!("{total} {noun_en}") } else { format!("共{total}{unit_zh}") }
    } else if l == Lang::En {
        format!("{shown} of {total} {noun_en}")
    } else {
        format!("共{total}{unit_zh}，显示{shown}{unit_zh}")
    };
    html! { <p class="hint admin-count" id="admin-count">{ text }</p> }
}

// ---------------------------------------------------------------------------------------
// The page

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
        return crate::app::not_found(ctx.lang);
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
    } else if tab == Tab::Robots {
        html! { <super::robots::RobotsPanel /> }
    } else if tab == Tab::Backups {
        html! { <super::backups::BackupsPanel /> }
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

// ---------------------------------------------------------------------------------------
// 门店与策划

fn stores_tab(page: &Page, data: &Rc<Data>, ix: &Index) -> Html {
    let l = page.l();
    let ui = page.ui();
    let query = ui.query(Tab::Stores);
    let mut stores: Vec<&Record<Store>> = data.stores.iter().collect();
    stores.sort_by(|a, b| a.value.code.cmp(&b.value.code));
    let total = stores.len();
    let shown: Vec<&Record<Store>> = stores
        .into_iter()
        .filter(|record| {
            let store = &record.value;
            let planner = ix.coverage.planner_for(store.id);
            let by_planner = match ui.planner_filter.as_str() {
                "" => true,
                "none" => planner.is_none(),
                id => planner.is_some_and(|p| p.to_string() == id),
            };
            let planner_name = planner.map(|p| ix.person_name(l, p)).unwrap_or_default();
            by_planner
                && matches(
                    query,
                    &[
                        &store.name,
                        &store.code,
                        &store.city,
                        province_name(Lang::Zh, store.province),
                        province_name(Lang::En, store.province),
                        &planner_name,
                    ],
                )
        })
        .collect();
    let mut filter_options = vec![("none".to_owned(), pick(l, "未分配策划", "No planner").to_owned())];
    filter_options.extend(ix.planners.iter().map(|p| (p.value.id.to_string(), p.value.name.clone())));
    let on_filter = {
        let page = page.clone();
        Callback::from(move |value: String| page.update(move |ui| ui.planner_filter = value))
    };
    let filters = html! {
        <Picker id="admin-filter-planner" label={ctx_label(l, Text::Planner)} options={filter_options}
            value={ui.planner_filter.clone()} empty={AttrValue::from(pick(l, "全部策划", "All planners"))} lang={l}
            onchange={on_filter} />
    };
    let buttons = form_button(page, Form::Store, "new-store-open", pick(l, "新建门店", "New store"));
    html! {
        <section class="card" id="store-coverage">
            <h2>{ pick(l, "门店与负责策划", "Stores and their planners") }</h2>
            { toolbar(page, Tab::Stores, pick(l, "搜索门店名称、编码、城市或策划", "Search by store, code, city or planner"), filters, buttons) }
            if ui.form == Some(Form::Store) { <NewStoreForm page={page.clone()} /> }
            { count_line(l, shown.len(), total, "家门店", "stores") }
            if shown.is_empty() {
                <p class="empty">{ pick(l, "没有符合条件的门店", "No store matches") }</p>
            } else {
                <ul class="admin-list" id="store-list">{ for shown.into_iter().map(|record| store_row(page, data, ix, record)) }</ul>
            }
        </section>
    }
}

fn ctx_label(l: Lang, text: Text) -> AttrValue {
    AttrValue::from(crate::i18n::t(l, text))
}

fn store_row(page: &Page, data: &Rc<Data>, ix: &Index, record: &Record<Store>) -> Html {
    let l = page.l();
    let store = &record.value;
    let id = store.id;
    let planner = ix.coverage.planner_for(id);
    let editing = match &page.ui().editing {
        Some(Editing::Store { record, draft, planner }) if record.value.id == id => Some((record, draft, *planner)),
        _ => None,
    };
    let others: Vec<String> = ix
        .listed
        .get(&id)
        .map(|people| people.iter().filter(|p| Some(**p) != planner).map(|p| ix.person_name(l, *p)).collect())
        .unwrap_or_default();
    let start = {
        let record = record.clone();
        move || Editing::Store { record: record.clone(), draft: record.value.clone(), planner }
    };
    let planner_text = planner.map_or_else(|| pick(l, "未分配策划", "No planner").to_owned(), |p| ix.person_name(l, p));
    html! {
        <li class={classes!("admin-row", "store-row", editing.is_some().then_some("editing"))} key={id.to_string()} data-store={id.to_string()}>
            <div class="admin-row-line">
                <div class="row-main">
                    <span class="row-title">{ &store.name }</span>
                    <span class="row-meta">{ format!("{} · {} {}", store.code, province_name(l, store.province), store.city) }</span>
                </div>
                <div class="row-side">
                    <span class={classes!("planner-name", planner.is_none().then_some("unassigned"))}>{ planner_text }</span>
                    if store.status != StoreStatus::Open {
                        <span class={classes!("badge", format!("status-{}", status_slug(store.status)))}>{ status_name(l, store.status) }</span>
                    }
                    { edit_button(page, format!("edit-store-{id}"), editing.is_some(), start) }
                </div>
            </div>
            if !others.is_empty() {
                <p class="hint warning">{ match (planner.is_some(), l == Lang::En) {
                    (true, true) => format!("Also on the list of {}; new campaigns go to the planner shown.", names(l, &others, 5)),
                    (true, false) => format!("也在{}的负责名单中；新活动分给上面显示的策划。", names(l, &others, 5)),
                    (false, true) => format!("On the list of {}, who is not an active planner: new campaigns do not go there.", names(l, &others, 5)),
                    (false, false) => format!("在{}的负责名单中，但其账号不是可用的策划账号，新活动不会分给他们。", names(l, &others, 5)),
                } }</p>
            }
            if let Some((record, draft, chosen)) = editing { { store_editor(page, data, ix, record, draft, chosen) } }
            { notice_at(page, &Spot::Store(id)) }
        </li>
    }
}

/// Changes the draft of the store being edited.
fn change_store(page: &Page, change: impl Fn(&mut Store, &mut Option<PersonId>, String) + 'static) -> Callback<String> {
    let page = page.clone();
    let change = Rc::new(change);
    Callback::from(move |value: String| {
        let change = change.clone();
        page.update(move |ui| {
            if let Some(Editing::Store { draft, planner, .. }) = &mut ui.editing {
                change(draft, planner, value);
            }
        });
    })
}

fn on_input(callback: Callback<String>) -> Callback<InputEvent> {
    callback.reform(|e: InputEvent| input_value(&e))
}

fn store_editor(
    page: &Page,
    data: &Rc<Data>,
    ix: &Index,
    record: &Record<Store>,
    draft: &Store,
    chosen: Option<PersonId>,
) -> Html {
    let l = page.l();
    let id = record.value.id;
    let label = paren(l, &record.value.name, &record.value.code);
    // Who covers the store, and moving it.
    let current = ix.coverage.planner_for(id);
    let planner_options: Vec<(String, String)> =
        ix.planners.iter().map(|p| (p.value.id.to_string(), p.value.name.clone())).collect();
    let on_planner = change_store(page, |_, planner, value| *planner = value.parse().ok().map(PersonId));
    let move_key = format!("move-store-{id}");
    let chosen_name = chosen.map(|p| ix.person_name(l, p)).unwrap_or_default();
    let question = match current {
        Some(from) if l == Lang::En => format!(
            "Move {label} from {} to {chosen_name}? The store's new campaigns will go to {chosen_name}.",
            ix.person_name(l, from)
        ),
        Some(from) => {
            format!("把{label}从{}移交给{chosen_name}？此后该店的新活动将分给{chosen_name}。", ix.person_name(l, from))
        }
        None if l == Lang::En => {
            format!("Give {label} to {chosen_name}? The store's new campaigns will go to {chosen_name}.")
        }
        None => format!("把{label}交给{chosen_name}负责？此后该店的新活动将分给{chosen_name}。"),
    };
    let on_move = {
        let (page, data, key, label) = (page.clone(), data.clone(), move_key.clone(), label.clone());
        Callback::from(move |()| {
            let Some(planner) = chosen else { return };
            let name = data.org.people.iter().find(|p| p.value.id == planner).map(|p| p.value.name.clone());
            let (name, label) = (name.unwrap_or_default(), label.clone());
            let call = move_store(data.clone(), id, planner);
            page.write(key.clone(), Spot::Store(id), What::Person, call, move |()| {
                let detail = if l == Lang::En {
                    format!("{label} is now covered by {name}")
                } else {
                    format!("{label}现由{name}负责")
                };
                colon(l, crate::i18n::t(l, Text::SavedOk), &detail)
            });
        })
    };
    // The store's own details.
    let province_options: Vec<(String, String)> =
        Province::ALL.into_iter().map(|p| (format!("{p:?}"), province_name(l, p).to_owned())).collect();
    let status_options: Vec<(String, String)> =
        STATUSES.into_iter().map(|s| (status_slug(s).to_owned(), status_name(l, s).to_owned())).collect();
    let save_key = format!("save-store-{id}");
    let changed = *draft != record.value;
    let closing = draft.status == StoreStatus::Closed && record.value.status != StoreStatus::Closed;
    let on_save = {
        let (page, version, draft) = (page.clone(), record.version, draft.clone());
        Callback::from(move |()| save_store(&page, version, draft.clone()))
    };
    let save = if closing {
        let question = if l == Lang::En {
            format!("Mark {label} as closed?")
        } else {
            format!("将{label}标记为“已关闭”？")
        };
        html! {
            <ConfirmButton id={save_key.clone()} label={page.ctx.t(Text::Save)} question={question} lang={l}
                on_confirm={on_save} busy={page.busy(&save_key)} />
        }
    } else {
        send_button(page, &save_key, page.ctx.t(Text::Save), !changed, on_save)
    };
    html! {
        <div class="admin-editor" id={format!("store-editor-{id}")}>
            <fieldset class="admin-group">
                <legend>{ page.ctx.t(Text::Planner) }</legend>
                <div class="admin-inline">
                    <Picker id={format!("planner-select-{id}")} class={classes!("planner-select")} options={planner_options}
                        label={ctx_label(l, Text::Planner)} value={chosen.map(|p| p.to_string()).unwrap_or_default()}
                        lang={l} onchange={on_planner} />
                    <ConfirmButton id={move_key.clone()} label={pick(l, "移交门店", "Move the store")} question={question}
                        lang={l} on_confirm={on_move} disabled={chosen.is_none() || chosen == current}
                        busy={page.busy(&move_key)} />
                </div>
                <p class="hint">{ pick(l,
                    "移交后，该店之后的新活动分给新的策划；已有的活动仍由原策划负责。",
                    "After the move, the store's new campaigns go to the new planner; existing ones stay with theirs.") }</p>
            </fieldset>
            <fieldset class="admin-group">
                <legend>{ pick(l, "门店信息", "Store details") }</legend>
                <div class="admin-fields">
                    { field(pick(l, "门店编码", "Store code"), text_input(format!("store-code-{id}"), &draft.code,
                        on_input(change_store(page, |s, _, v| s.code = v)))) }
                    { field(pick(l, "门店名称", "Store name"), text_input(format!("store-name-{id}"), &draft.name,
                        on_input(change_store(page, |s, _, v| s.name = v)))) }
                    { field(pick(l, "省份", "Province"), html! {
                        <Picker id={format!("store-province-{id}")} options={province_options}
                            value={format!("{:?}", draft.province)} lang={l}
                            onchange={change_store(page, |s, _, v| {
                                if let Some(p) = Province::ALL.into_iter().find(|p| format!("{p:?}") == v) { s.province = p; }
                            })} />
                    }) }
                    { field(pick(l, "城市", "City"), text_input(format!("store-city-{id}"), &draft.city,
                        on_input(change_store(page, |s, _, v| s.city = v)))) }
                    { field(pick(l, "地址", "Address"), text_input(format!("store-address-{id}"), &draft.address,
                        on_input(change_store(page, |s, _, v| s.address = v)))) }
                    { field(pick(l, "状态", "Status"), html! {
                        <Picker id={format!("store-status-{id}")} class={classes!("store-status")} options={status_options}
                            value={status_slug(draft.status)} lang={l}
                            onchange={change_store(page, |s, _, v| {
                                if let Some(st) = STATUSES.into_iter().find(|st| status_slug(*st) == v) { s.status = st; }
                            })} />
                    }) }
                </div>
                <div class="buttons">{ save }</div>
            </fieldset>
        </div>
    }
}

fn trimmed_store(mut store: Store) -> Store {
    store.code = store.code.trim().to_owned();
    store.name = store.name.trim().to_owned();
    store.city = store.city.trim().to_owned();
    store.address = store.address.trim().to_owned();
    store
}

fn save_store(page: &Page, version: u64, store: Store) {
    let l = page.l();
    let store = trimmed_store(store);
    let spot = Spot::Store(store.id);
    let errors = store.validate();
    if !errors.is_empty() {
        page.say(spot, describe_fields(l, What::Store, &errors), false);
        return;
    }
    let id = store.id.to_string();
    let label = paren(l, &store.name, &store.code);
    let body = Write { version, value: store };
    page.write(
        format!("save-store-{id}"),
        spot,
        What::Store,
        async move { api::call::<UpdateStore>(&[&id], &body).await },
        move |_| colon(l, crate::i18n::t(l, Text::SavedOk), &label),
    );
}

#[derive(Properties, PartialEq)]
struct FormProps {
    page: Page,
}

#[derive(Properties, PartialEq)]
struct DataFormProps {
    page: Page,
    data: Rc<Data>,
}

#[derive(Clone, PartialEq, Default)]
struct StoreFields {
    code: String,
    name: String,
    city: String,
    address: String,
    province: Option<Province>,
    status: Option<StoreStatus>,
}

#[function_component(NewStoreForm)]
fn new_store_form(props: &FormProps) -> Html {
    let fields = use_reducer(|| Cell(StoreFields { status: Some(StoreStatus::Preparing), ..StoreFields::default() }));
    let page = &props.page;
    let l = page.l();
    let set = |change: fn(&mut StoreFields, String)| {
        let fields = fields.clone();
        Callback::from(move |value: String| fields.dispatch(Box::new(move |f| change(f, value))))
    };
    let submit = {
        let (page, fields) = (page.clone(), fields.clone());
        Callback::from(move |()| {
            let f = fields.0.clone();
            let Some(province) = f.province else {
                page.say(Spot::NewStore, choose_one(l, What::Store, "province"), false);
                return;
            };
            let store = trimmed_store(Store {
                id: StoreId(0),
                code: f.code,
                name: f.name,
                province,
                city: f.city,
                address: f.address,
                manager: None,
                opened_on: None,
                status: f.status.unwrap_or(StoreStatus::Preparing),
            });
            let errors = store.validate();
            if !errors.is_empty() {
                page.say(Spot::NewStore, describe_fields(l, What::Store, &errors), false);
                return;
            }
            let label = paren(l, &store.name, &store.code);
            let body = Write { version: 0, value: store };
            let fields = fields.clone();
            page.write(
                "new-store-submit".into(),
                Spot::NewStore,
                What::Store,
                async move { api::call::<CreateStore>(&[], &body).await },
                move |_| {
                    fields.dispatch(Box::new(|f| {
                        *f = StoreFields { status: Some(StoreStatus::Preparing), ..StoreFields::default() }
                    }));
                    colon(l, pick(l, "已新建门店", "Store created"), &label)
                },
            );
        })
    };
    let f = &fields.0;
    let province_options: Vec<(String, String)> =
        Province::ALL.into_iter().map(|p| (format!("{p:?}"), province_name(l, p).to_owned())).collect();
    let status_options: Vec<(String, String)> =
        STATUSES.into_iter().map(|s| (status_slug(s).to_owned(), status_name(l, s).to_owned())).collect();
    html! {
        <div class="admin-form form" id="new-store">
            <h3>{ pick(l, "新建门店", "New store") }</h3>
            <div class="admin-fields">
                { field(pick(l, "门店编码", "Store code"), html! {
                    <input id="new-store-code" placeholder="HLJ-077" value={f.code.clone()} oninput={on_input(set(|f, v| f.code = v))} />
                }) }
                { field(pick(l, "门店名称", "Store name"), text_input("new-store-name".into(), &f.name, on_input(set(|f, v| f.name = v)))) }
                { field(pick(l, "省份", "Province"), html! {
                    <Picker id="new-store-province" options={province_options}
                        value={f.province.map(|p| format!("{p:?}")).unwrap_or_default()} lang={l}
                        onchange={set(|f, v| f.province = Province::ALL.into_iter().find(|p| format!("{p:?}") == v))} />
                }) }
                { field(pick(l, "城市", "City"), text_input("new-store-city".into(), &f.city, on_input(set(|f, v| f.city = v)))) }
                { field(pick(l, "地址", "Address"), text_input("new-store-address".into(), &f.address, on_input(set(|f, v| f.address = v)))) }
                { field(pick(l, "状态", "Status"), html! {
                    <Picker id="new-store-status" options={status_options}
                        value={f.status.map(|s| status_slug(s).to_owned()).unwrap_or_default()} lang={l}
                        onchange={set(|f, v| f.status = STATUSES.into_iter().find(|s| status_slug(*s) == v))} />
                }) }
            </div>
            <div class="buttons">{ send_button(page, "new-store-submit", pick(l, "新建门店", "Create the store"), false, submit) }</div>
            { notice_at(page, &Spot::NewStore) }
        </div>
    }
}

// ---------------------------------------------------------------------------------------
// 账号

fn accounts_tab(page: &Page, data: &Rc<Data>, ix: &Index) -> Html {
    let l = page.l();
    let ui = page.ui();
    let query = ui.query(Tab::Accounts);
    let mut users: Vec<&UserView> = data.users.iter().collect();
    users.sort_by(|a, b| {
        (a.role == Role::StoreManager, a.role, &a.login).cmp(&(b.role == Role::StoreManager, b.role, &b.login))
    });
    let total = users.len();
    let shown: Vec<&UserView> = users
        .into_iter()
        .filter(|u| {
            let store = u.store.and_then(|s| ix.stores.get(&s));
            ui.role_filter.is_none_or(|r| r == u.role)
                && matches(
                    query,
                    &[
                        &u.name,
                        &u.login,
                        u.role.name_zh(),
                        u.role.name_en(),
                        store.map_or("", |s| s.value.name.as_str()),
                        store.map_or("", |s| s.value.code.as_str()),
                        store.map_or("", |s| s.value.city.as_str()),
                    ],
                )
        })
        .collect();
    let role_options: Vec<(String, String)> =
        Role::ALL.into_iter().map(|r| (role_slug(r), role_name(l, r).to_owned())).collect();
    let on_role = {
        let page = page.clone();
        Callback::from(move |value: String| {
            let role = Role::ALL.into_iter().find(|r| role_slug(*r) == value);
            page.update(move |ui| ui.role_filter = role);
        })
    };
    let filters = html! {
        <Picker id="admin-filter-role" label={AttrValue::from(pick(l, "角色", "Role"))} options={role_options}
            value={ui.role_filter.map(role_slug).unwrap_or_default()} empty={AttrValue::from(pick(l, "全部角色", "All roles"))}
            lang={l} onchange={on_role} />
    };
    let buttons = form_button(page, Form::User, "new-user-open", pick(l, "新建账号", "New account"));
    html! {
        <section class="card" id="users">
            <h2>{ page.ctx.t(Text::Users) }</h2>
            { toolbar(page, Tab::Accounts, pick(l, "搜索姓名、用户名、角色或门店", "Search by name, login, role or store"), filters, buttons) }
            if ui.form == Some(Form::User) { <NewUserForm page={page.clone()} data={data.clone()} /> }
            { count_line(l, shown.len(), total, "个账号", "accounts") }
            if shown.is_empty() {
                <p class="empty">{ pick(l, "没有符合条件的账号", "No account matches") }</p>
            } else {
                <ul class="admin-list" id="user-list">{ for shown.into_iter().map(|u| user_row(page, ix, u)) }</ul>
            }
        </section>
    }
}

fn store_options(l: Lang, ix: &Index) -> Vec<(String, String)> {
    let mut stores: Vec<&&Record<Store>> = ix.stores.values().collect();
    stores.sort_by(|a, b| a.value.code.cmp(&b.value.code));
    stores.into_iter().map(|s| (s.value.id.to_string(), paren(l, &s.value.name, &s.value.code))).collect()
}

fn user_row(page: &Page, ix: &Index, user: &UserView) -> Html {
    let l = page.l();
    let login = &user.login;
    let who = paren(l, &user.name, login);
    let editing = match &page.ui().editing {
        Some(Editing::User { user: u, role, store, lang }) if u.id == user.id => Some((*role, *store, *lang)),
        _ => None,
    };
    let start = {
        let user = user.clone();
        move || Editing::User { user: user.clone(), role: user.role, store: user.store, lang: user.lang }
    };
    let mut meta = vec![role_name(l, user.role).to_owned()];
    if let Some(store) = user.store {
        meta.push(ix.store_label(l, store));
    }
    let revealed = match &page.ui().revealed {
        Some((id, password)) if *id == user.id => {
            let hide = {
                let page = page.clone();
                Callback::from(move |_: MouseEvent| page.update(|ui| ui.revealed = None))
            };
            html! {
                <div class="new-password" id={format!("new-password-{login}")} role="status">
                    <p>
                        { if l == Lang::En { format!("New password for {who}: ") } else { format!("{who}的新密码：") } }
                        <code class="password">{ password.clone() }</code>
                        { pick(l, "，请当面告知本人。", " — tell them in person.") }
                    </p>
                    <button type="button" class="secondary" id={format!("hide-password-{login}")} onclick={hide}>
                        { pick(l, "隐藏", "Hide") }
                    </button>
                </div>
            }
        }
        _ => html! {},
    };
    html! {
        <li class={classes!("admin-row", "user-row", user.disabled.then_some("disabled"), editing.is_some().then_some("editing"))}
            key={user.id.to_string()} data-login={login.clone()}>
            <div class="admin-row-line">
                <div class="row-main">
                    <span class="row-title">{ who.clone() }</span>
                    <span class="row-meta">{ meta.join(" · ") }</span>
                </div>
                <div class="row-side">
                    if user.disabled { <span class="badge status-disabled">{ pick(l, "已停用", "Disabled") }</span> }
                    { edit_button(page, format!("edit-user-{login}"), editing.is_some(), start) }
                </div>
            </div>
            { revealed }
            if let Some((role, store, lang)) = editing { { user_editor(page, ix, user, role, store, lang) } }
            { notice_at(page, &Spot::User(user.id)) }
        </li>
    }
}

fn user_editor(page: &Page, ix: &Index, user: &UserView, role: Role, store: Option<StoreId>, lang: Lang) -> Html {
    let l = page.l();
    let login = user.login.clone();
    let who = paren(l, &user.name, &login);
    let change = |apply: fn(&mut Role, &mut Option<StoreId>, &mut Lang, String)| {
        let page = page.clone();
        Callback::from(move |value: String| {
            page.update(move |ui| {
                if let Some(Editing::User { role, store, lang, .. }) = &mut ui.editing {
                    apply(role, store, lang, value);
                }
            })
        })
    };
    let role_options: Vec<(String, String)> =
        Role::ALL.into_iter().map(|r| (role_slug(r), role_name(l, r).to_owned())).collect();
    let lang_options: Vec<(String, String)> =
        [Lang::Zh, Lang::En].into_iter().map(|g| (lang_slug(g).to_owned(), lang_name(g).to_owned())).collect();
    let store_kept = if role == Role::StoreManager { store } else { None };
    let changed = role != user.role || store_kept != user.store || lang != user.lang;
    let save_key = format!("save-user-{login}");
    let on_save = {
        let (page, user, key) = (page.clone(), user.clone(), save_key.clone());
        Callback::from(move |()| {
            if role == Role::StoreManager && store_kept.is_none() {
                let error = FieldError::new("store", &Message::Required);
                page.say(Spot::User(user.id), field_message(l, What::User, &error), false);
                return;
            }
            let body = UserUpdate { version: user.version, role, store: store_kept, disabled: user.disabled, lang };
            let (id, who) = (user.id.to_string(), paren(l, &user.name, &user.login));
            page.write(
                key.clone(),
                Spot::User(user.id),
                What::User,
                async move { api::call::<UpdateUser>(&[&id], &body).await },
                move |_| colon(l, crate::i18n::t(l, Text::SavedOk), &who),
            );
        })
    };
    // Disabling asks first; enabling does not.
    let own = user.id == page.ctx.me.user;
    let toggle_key = format!("toggle-{login}");
    let toggle_to = |disabled: bool| {
        let (page, user, key) = (page.clone(), user.clone(), toggle_key.clone());
        Callback::from(move |()| {
            let body =
                UserUpdate { version: user.version, role: user.role, store: user.store, disabled, lang: user.lang };
            let (id, who) = (user.id.to_string(), paren(l, &user.name, &user.login));
            page.write(
                key.clone(),
                Spot::User(user.id),
                What::User,
                async move { api::call::<UpdateUser>(&[&id], &body).await },
                move |_| {
                    if disabled {
                        if l == Lang::En {
                            format!("{who}'s account is disabled")
                        } else {
                            format!("已停用{who}的账号")
                        }
                    } else if l == Lang::En {
                        format!("{who}'s account is enabled again")
                    } else {
                        format!("已启用{who}的账号")
                    }
                },
            );
        })
    };
    let toggle = if user.disabled {
        send_button(page, &toggle_key, pick(l, "启用账号", "Enable the account"), false, toggle_to(false))
    } else {
        let question = if l == Lang::En {
            format!("Disable {who}'s account? They are logged out at once and cannot log in until it is enabled again.")
        } else {
            format!("停用 {who}的账号？此人会立即退出登录，重新启用前不能再登录。")
        };
        html! {
            <ConfirmButton id={toggle_key.clone()} class={classes!("secondary", "toggle-user")}
                label={pick(l, "停用账号", "Disable the account")} question={question} lang={l}
                on_confirm={toggle_to(true)} disabled={own} busy={page.busy(&toggle_key)} />
        }
    };
    let reset_key = format!("reset-{login}");
    let reset = {
        let (page, user, key) = (page.clone(), user.clone(), reset_key.clone());
        Callback::from(move |()| {
            let password = new_password();
            let body = PasswordReset { password: password.clone() };
            let (id, user_id, who) = (user.id.to_string(), user.id, paren(l, &user.name, &user.login));
            let shown = page.clone();
            page.write(
                key.clone(),
                Spot::User(user.id),
                What::User,
                async move { api::call::<ResetPassword>(&[&id], &body).await },
                move |()| {
                    shown.update(move |ui| ui.revealed = Some((user_id, password)));
                    if l == Lang::En {
                        format!("{who}'s password is reset")
                    } else {
                        format!("已重置{who}的密码")
                    }
                },
            );
        })
    };
    let reset_question = if l == Lang::En {
        format!("Reset the password of {who}? They are logged out at once and log in again with the new password.")
    } else {
        format!("重置 {who}的密码？此人会立即退出登录，需用新密码重新登录。")
    };
    html! {
        <div class="admin-editor" id={format!("user-editor-{login}")}>
            <div class="admin-fields">
                { field(pick(l, "角色", "Role"), html! {
                    <Picker id={format!("user-role-{login}")} options={role_options.clone()} value={role_slug(role)} lang={l}
                        onchange={change(|role, _, _, v| if let Some(r) = Role::ALL.into_iter().find(|r| role_slug(*r) == v) { *role = r; })} />
                }) }
                if role == Role::StoreManager {
                    { field(page.ctx.t(Text::Store), html! {
                        <Picker id={format!("user-store-{login}")} options={store_options(l, ix)}
                            value={store.map(|s| s.to_string()).unwrap_or_default()} lang={l}
                            onchange={change(|_, store, _, v| *store = v.parse().ok().map(StoreId))} />
                    }) }
                }
                { field(pick(l, "界面语言", "Language"), html! {
                    <Picker id={format!("user-lang-{login}")} options={lang_options} value={lang_slug(lang)} lang={l}
                        onchange={change(|_, _, lang, v| *lang = if v == "en" { Lang::En } else { Lang::Zh })} />
                }) }
            </div>
            <div class="buttons">{ send_button(page, &save_key, page.ctx.t(Text::Save), !changed, on_save) }</div>
            <div class="admin-danger">
                { toggle }
                <ConfirmButton id={reset_key.clone()} class={classes!("secondary", "reset-password")}
                    label={pick(l, "重置密码", "Reset the password")} question={reset_question} lang={l}
                    on_confirm={reset} busy={page.busy(&reset_key)} />
            </div>
            if own { <p class="hint">{ pick(l, "这是您自己的账号：不能停用。", "This is your own account: it cannot be disabled.") }</p> }
        </div>
    }
}

#[derive(Clone, PartialEq, Default)]
struct UserFields {
    login: String,
    name: String,
    password: String,
    show_password: bool,
    role: Option<Role>,
    store: Option<StoreId>,
    person: Option<PersonId>,
}

#[function_component(NewUserForm)]
fn new_user_form(props: &DataFormProps) -> Html {
    let fields = use_reducer(|| Cell(UserFields::default()));
    let page = &props.page;
    let l = page.l();
    let ix = Index::new(&props.data);
    let set = |change: fn(&mut UserFields, String)| {
        let fields = fields.clone();
        Callback::from(move |value: String| fields.dispatch(Box::new(move |f| change(f, value))))
    };
    let generate = {
        let fields = fields.clone();
        Callback::from(move |_: MouseEvent| {
            let password = new_password();
            fields.dispatch(Box::new(move |f| {
                f.password = password;
                f.show_password = true;
            }));
        })
    };
    let submit = {
        let (page, fields) = (page.clone(), fields.clone());
        Callback::from(move |()| {
            let f = fields.0.clone();
            let login = f.login.trim().to_owned();
            let name = f.name.trim().to_owned();
            let mut problems = Vec::new();
            if login.is_empty() {
                problems.push(field_message(l, What::User, &FieldError::new("login", &Message::Required)));
            } else if login.chars().any(char::is_whitespace) {
                problems.push(colon(l, pick(l, "用户名", "Login name"), pick(l, "不能包含空格", "no spaces, please")));
            } else if login.chars().count() > LOGIN_MAX_CHARS {
                let error = FieldError::new("login", &Message::TooLong { max_chars: LOGIN_MAX_CHARS });
                problems.push(field_message(l, What::User, &error));
            }
            if f.person.is_none() && name.is_empty() {
                problems.push(field_message(l, What::User, &FieldError::new("name", &Message::Required)));
            }
            if f.password.chars().count() < PASSWORD_MIN_CHARS {
                let error = FieldError::new("password", &Message::PasswordTooShort { min_chars: PASSWORD_MIN_CHARS });
                problems.push(field_message(l, What::User, &error));
            }
            match f.role {
                None => problems.push(choose_one(l, What::User, "role")),
                Some(Role::StoreManager) if f.store.is_none() => {
                    problems.push(field_message(l, What::User, &FieldError::new("store", &Message::Required)));
                }
                _ => {}
            }
            let Some(role) = f.role.filter(|_| problems.is_empty()) else {
                page.say(Spot::NewUser, problems.join(pick(l, "；", "; ")), false);
                return;
            };
            let body = NewUser {
                login,
                password: f.password,
                role,
                person: f.person,
                name: if f.person.is_some() { String::new() } else { name },
                store: if role == Role::StoreManager { f.store } else { None },
            };
            let fields = fields.clone();
            page.write(
                "new-user-submit".into(),
                Spot::NewUser,
                What::User,
                async move { api::call::<CreateUser>(&[], &body).await },
                move |created: UserView| {
                    fields.dispatch(Box::new(|f| *f = UserFields::default()));
                    colon(l, pick(l, "已新建账号", "Account created"), &paren(l, &created.name, &created.login))
                },
            );
        })
    };
    let f = &fields.0;
    // People on the org chart without an account yet may get one.
    let mut loose: Vec<&Record<Person>> =
        props.data.org.people.iter().filter(|p| !ix.accounts.contains_key(&p.value.id)).collect();
    loose.sort_by(|a, b| a.value.name.cmp(&b.value.name));
    let person_options: Vec<(String, String)> =
        loose.iter().map(|p| (p.value.id.to_string(), p.value.name.clone())).collect();
    let role_options: Vec<(String, String)> =
        Role::ALL.into_iter().map(|r| (role_slug(r), role_name(l, r).to_owned())).collect();
    html! {
        <div class="admin-form form" id="new-user">
            <h3>{ pick(l, "新建账号", "New account") }</h3>
            <div class="admin-fields">
                { field(page.ctx.t(Text::LoginName), html! {
                    <input id="new-user-login" autocomplete="off" autocapitalize="none" value={f.login.clone()}
                        oninput={on_input(set(|f, v| f.login = v))} />
                }) }
                if !person_options.is_empty() {
                    { field(pick(l, "人员", "Person"), html! {
                        <Picker id="new-user-person" options={person_options}
                            value={f.person.map(|p| p.to_string()).unwrap_or_default()}
                            empty={AttrValue::from(pick(l, "新建人员（填写姓名）", "A new person (enter the name)"))} lang={l}
                            onchange={set(|f, v| f.person = v.parse().ok().map(PersonId))} />
                    }) }
                }
                if f.person.is_none() {
                    { field(pick(l, "姓名", "Name"), text_input("new-user-name".into(), &f.name, on_input(set(|f, v| f.name = v)))) }
                }
                { field(page.ctx.t(Text::Password), html! {
                    <div class="admin-inline">
                        <input id="new-user-password" type={if f.show_password { "text" } else { "password" }}
                            autocomplete="new-password" value={f.password.clone()} oninput={on_input(set(|f, v| f.password = v))} />
                        <button type="button" class="secondary" id="new-user-generate" onclick={generate}>{ pick(l, "生成", "Generate") }</button>
                    </div>
                }) }
                { field(pick(l, "角色", "Role"), html! {
                    <Picker id="new-user-role" options={role_options} value={f.role.map(role_slug).unwrap_or_default()} lang={l}
                        onchange={set(|f, v| f.role = Role::ALL.into_iter().find(|r| role_slug(*r) == v))} />
                }) }
                if f.role == Some(Role::StoreManager) {
                    { field(page.ctx.t(Text::Store), html! {
                        <Picker id="new-user-store" options={store_options(l, &ix)}
                            value={f.store.map(|s| s.to_string()).unwrap_or_default()} lang={l}
                            onchange={set(|f, v| f.store = v.parse().ok().map(StoreId))} />
                    }) }
                }
            </div>
            <p class="hint">{ if l == Lang::En {
                format!("A password needs at least {PASSWORD_MIN_CHARS} characters; tell it to the person in person.")
            } else {
                format!("密码至少{PASSWORD_MIN_CHARS}个字符，请当面告知本人。")
            } }</p>
            <div class="buttons">{ send_button(page, "new-user-submit", pick(l, "新建账号", "Create the account"), false, submit) }</div>
            { notice_at(page, &Spot::NewUser) }
        </div>
    }
}

// ---------------------------------------------------------------------------------------
// 组织架构

fn holders(data: &Data, position: PositionId) -> impl Iterator<Item = &Record<Person>> {
    data.org.people.iter().filter(move |p| p.value.positions.contains(&position))
}

fn position_matches(data: &Data, position: &Record<Position>, query: &str) -> bool {
    let duties = position.value.duties.join(" ");
    matches(query, &[&position.value.title, &duties])
        || holders(data, position.value.id).any(|p| matches(query, &[&p.value.name]))
}

fn unit_matches(data: &Data, unit: &Record<OrgUnit>, query: &str, depth: usize) -> bool {
    if query.trim().is_empty() {
        return true;
    }
    if depth > 32 {
        return false;
    }
    matches(query, &[&unit.value.name, &unit.value.goal])
        || data.org.positions.iter().filter(|p| p.value.unit == unit.value.id).any(|p| position_matches(data, p, query))
        || data
            .org
            .units
            .iter()
            .filter(|u| u.value.parent == Some(unit.value.id))
            .any(|u| unit_matches(data, u, query, depth + 1))
}

/// The units given, each with its positions (and who holds them) and its sub-units. A
/// unit that matches the search shows all that is under it.
fn tree(l: Lang, data: &Data, units: Vec<&Record<OrgUnit>>, query: &str, depth: usize) -> Html {
    let units: Vec<&Record<OrgUnit>> = units.into_iter().filter(|u| unit_matches(data, u, query, depth)).collect();
    if units.is_empty() || depth > 32 {
        return html! {};
    }
    html! {
        <ul class="org-tree">{ for units.into_iter().map(|unit| {
            let all = matches(query, &[&unit.value.name, &unit.value.goal]);
            let inner = if all { "" } else { query };
            let positions: Vec<&Record<Position>> = data.org.positions.iter()
                .filter(|p| p.value.unit == unit.value.id && (all || position_matches(data, p, query))).collect();
            let children: Vec<&Record<OrgUnit>> =
                data.org.units.iter().filter(|u| u.value.parent == Some(unit.value.id)).collect();
            html! {
                <li class="org-unit" key={unit.value.id.to_string()} data-unit={unit.value.id.to_string()}>
                    <span class="unit-name">{ &unit.value.name }</span>
                    <span class="badge">{ kind_name(l, unit.value.kind) }</span>
                    if !unit.value.goal.is_empty() { <span class="hint unit-goal">{ unit.value.goal.clone() }</span> }
                    if !positions.is_empty() {
                        <ul class="positions">{ for positions.into_iter().map(|p| {
                            let people: Vec<String> = holders(data, p.value.id).map(|h| h.value.name.clone()).collect();
                            let duties = p.value.duties.join(pick(l, "；", "; "));
                            html! {
                                <li>
                                    <span class="position-title">{ &p.value.title }</span>
                                    if !duties.is_empty() { { pick(l, "：", ": ") }{ duties } }
                                    if !p.value.key_indicators.is_empty() {
                                        <span class="hint">{ format!(" · {}", p.value.key_indicators.join(pick(l, "、", ", "))) }</span>
                                    }
                                    if !people.is_empty() { <span class="holders">{ format!(" · {}", names(l, &people, 6)) }</span> }
                                </li>
                            }
                        }) }</ul>
                    }
                    { tree(l, data, children, inner, depth + 1) }
                </li>
            }
        }) }</ul>
    }
}

fn org_tab(page: &Page, data: &Rc<Data>, ix: &Index) -> Html {
    let l = page.l();
    let ui = page.ui();
    let query = ui.query(Tab::Org);
    let roots: Vec<&Record<OrgUnit>> = data
        .org
        .units
        .iter()
        .filter(|u| u.value.parent.is_none_or(|p| !ix.units.contains_key(&p) || p == u.value.id))
        .collect();
    let mut people: Vec<&Record<Person>> = data.org.people.iter().collect();
    people.sort_by(|a, b| {
        let manager = |p: &Record<Person>| ix.accounts.get(&p.value.id).is_some_and(|u| u.role == Role::StoreManager);
        (manager(a), &a.value.name).cmp(&(manager(b), &b.value.name))
    });
    let total = people.len();
    let shown: Vec<&Record<Person>> = people
        .into_iter()
        .filter(|p| {
            let titles: Vec<String> = p.value.positions.iter().map(|id| ix.position_label(l, *id)).collect();
            let titles = titles.join(" ");
            let login = ix.accounts.get(&p.value.id).map_or("", |u| u.login.as_str());
            matches(query, &[&p.value.name, &p.value.contact, &titles, login])
        })
        .collect();
    let buttons = html! {
        <>
            { form_button(page, Form::Unit, "new-unit-open", pick(l, "新建部门", "New unit")) }
            { form_button(page, Form::Position, "new-position-open", pick(l, "新建岗位", "New position")) }
            { form_button(page, Form::Person, "new-person-open", pick(l, "新建人员", "New person")) }
        </>
    };
    let form = match ui.form {
        Some(Form::Unit) => html! { <NewUnitForm page={page.clone()} data={data.clone()} /> },
        Some(Form::Position) => html! { <NewPositionForm page={page.clone()} data={data.clone()} /> },
        Some(Form::Person) => html! { <NewPersonForm page={page.clone()} data={data.clone()} /> },
        _ => html! {},
    };
    let any_unit = roots.iter().any(|u| unit_matches(data, u, query, 0));
    let tree = tree(l, data, roots, query, 0);
    html! {
        <>
            <section class="card" id="org">
                <h2>{ pick(l, "组织架构", "Org chart") }</h2>
                { toolbar(page, Tab::Org, pick(l, "搜索部门、岗位或人员", "Search units, positions or people"), html! {}, buttons) }
                { form }
                if !any_unit {
                    <p class="empty">{ pick(l, "没有符合条件的部门或岗位", "No unit or position matches") }</p>
                } else {
                    { tree }
                }
            </section>
            <section class="card" id="people">
                <h2>{ pick(l, "人员", "People") }</h2>
                { count_line(l, shown.len(), total, "人", "people") }
                if shown.is_empty() {
                    <p class="empty">{ pick(l, "没有符合条件的人员", "No one matches") }</p>
                } else {
                    <ul class="admin-list" id="people-list">{ for shown.into_iter().map(|p| person_row(page, ix, p)) }</ul>
                }
            </section>
        </>
    }
}

fn person_row(page: &Page, ix: &Index, record: &Record<Person>) -> Html {
    let l = page.l();
    let person = &record.value;
    let id = person.id;
    let editing = match &page.ui().editing {
        Some(Editing::Person { record, draft }) if record.value.id == id => Some((record, draft)),
        _ => None,
    };
    let start = {
        let record = record.clone();
        move || Editing::Person { record: record.clone(), draft: record.value.clone() }
    };
    let titles: Vec<String> = person.positions.iter().map(|p| ix.position_label(l, *p)).collect();
    let mut meta = vec![if titles.is_empty() {
        pick(l, "未设岗位", "No position").to_owned()
    } else {
        titles.join(pick(l, "、", ", "))
    }];
    match ix.accounts.get(&id) {
        Some(account) => meta.push(colon(l, pick(l, "账号", "Account"), &account.login)),
        None => meta.push(pick(l, "无账号", "No account").to_owned()),
    }
    if !person.stores_covered.is_empty() {
        meta.push(if l == Lang::En {
            format!("covers {} stores", person.stores_covered.len())
        } else {
            format!("负责{}家门店", person.stores_covered.len())
        });
    }
    html! {
        <li class={classes!("admin-row", "person-row", editing.is_some().then_some("editing"))} key={id.to_string()} data-person={id.to_string()}>
            <div class="admin-row-line">
                <div class="row-main">
                    <span class="row-title">{ &person.name }</span>
                    <span class="row-meta">{ meta.join(" · ") }</span>
                </div>
                <div class="row-side">{ edit_button(page, format!("edit-person-{id}"), editing.is_some(), start) }</div>
            </div>
            if let Some((record, draft)) = editing { { person_editor(page, ix, record, draft) } }
            { notice_at(page, &Spot::Person(id)) }
        </li>
    }
}

fn change_person(page: &Page, change: impl Fn(&mut Person, String) + 'static) -> Callback<String> {
    let page = page.clone();
    let change = Rc::new(change);
    Callback::from(move |value: String| {
        let change = change.clone();
        page.update(move |ui| {
            if let Some(Editing::Person { draft, .. }) = &mut ui.editing {
                change(draft, value);
            }
        });
    })
}

fn person_editor(page: &Page, ix: &Index, record: &Record<Person>, draft: &Person) -> Html {
    let l = page.l();
    let id = record.value.id;
    let mut free: Vec<(String, String)> = ix
        .positions
        .keys()
        .filter(|p| !draft.positions.contains(p))
        .map(|p| (p.to_string(), ix.position_label(l, *p)))
        .collect();
    free.sort_by(|a, b| a.1.cmp(&b.1));
    let add = change_person(page, |person, value| {
        if let Ok(position) = value.parse().map(PositionId)
            && !person.positions.contains(&position)
        {
            person.positions.push(position);
        }
    });
    let stores: Vec<String> = draft.stores_covered.iter().map(|s| ix.store_label(l, *s)).collect();
    let save_key = format!("save-person-{id}");
    let changed = *draft != record.value;
    let on_save = {
        let (page, version, draft, key) = (page.clone(), record.version, draft.clone(), save_key.clone());
        Callback::from(move |()| {
            let mut person = draft.clone();
            person.name = person.name.trim().to_owned();
            person.contact = person.contact.trim().to_owned();
            let errors = person.validate();
            if !errors.is_empty() {
                page.say(Spot::Person(person.id), describe_fields(l, What::Person, &errors), false);
                return;
            }
            let (path, name) = (person.id.to_string(), person.name.clone());
            let body = Write { version, value: person };
            page.write(
                key.clone(),
                Spot::Person(id),
                What::Person,
                async move { api::call::<UpdatePerson>(&[&path], &body).await },
                move |_| colon(l, crate::i18n::t(l, Text::SavedOk), &name),
            );
        })
    };
    html! {
        <div class="admin-editor" id={format!("person-editor-{id}")}>
            <div class="admin-fields">
                { field(pick(l, "姓名", "Name"), text_input(format!("person-name-{id}"), &draft.name,
                    on_input(change_person(page, |p, v| p.name = v)))) }
                { field(pick(l, "联系方式", "Contact"), text_input(format!("person-contact-{id}"), &draft.contact,
                    on_input(change_person(page, |p, v| p.contact = v)))) }
            </div>
            <div class="admin-group">
                <span class="admin-label">{ pick(l, "岗位", "Positions") }</span>
                if draft.positions.is_empty() { <p class="hint">{ pick(l, "未设岗位", "No position") }</p> }
                <ul class="chips">{ for draft.positions.iter().map(|position| {
                    let position = *position;
                    let label = ix.position_label(l, position);
                    let drop = {
                        let page = page.clone();
                        Callback::from(move |_: MouseEvent| page.update(move |ui| {
                            if let Some(Editing::Person { draft, .. }) = &mut ui.editing {
                                draft.positions.retain(|p| *p != position);
                            }
                        }))
                    };
                    html! {
                        <li class="chip">
                            <span>{ label.clone() }</span>
                            <button type="button" class="secondary" id={format!("person-drop-{id}-{position}")}
                                aria-label={colon(l, crate::i18n::t(l, Text::Remove), &label)} onclick={drop}>
                                { crate::i18n::t(l, Text::Remove) }
                            </button>
                        </li>
                    }
                }) }</ul>
                if !free.is_empty() {
                    <Picker id={format!("person-add-{id}")} label={AttrValue::from(pick(l, "添加岗位", "Add a position"))}
                        options={free} value={String::new()} empty={AttrValue::from(pick(l, "添加岗位…", "Add a position…"))}
                        lang={l} onchange={add} />
                }
            </div>
            if !stores.is_empty() {
                <p class="hint">{ if l == Lang::En {
                    format!("Covers {} (change it under “Stores & planners”).", names(l, &stores, 8))
                } else {
                    format!("负责门店：{}（在“门店与策划”中调整）", names(l, &stores, 8))
                } }</p>
            }
            <div class="buttons">{ send_button(page, &save_key, page.ctx.t(Text::Save), !changed, on_save) }</div>
        </div>
    }
}

fn unit_options(l: Lang, data: &Data) -> Vec<(String, String)> {
    let mut units: Vec<(String, String)> = data
        .org
        .units
        .iter()
        .map(|u| (u.value.id.to_string(), paren(l, &u.value.name, kind_name(l, u.value.kind))))
        .collect();
    units.sort_by(|a, b| a.1.cmp(&b.1));
    units
}

#[derive(Clone, PartialEq)]
struct UnitFields {
    parent: Option<OrgUnitId>,
    kind: OrgUnitKind,
    name: String,
    goal: String,
    responsibilities: String,
}

impl Default for UnitFields {
    fn default() -> Self {
        UnitFields {
            parent: None,
            kind: OrgUnitKind::Department,
            name: String::new(),
            goal: String::new(),
            responsibilities: String::new(),
        }
    }
}

/// Adds a department, group or layer.
#[function_component(NewUnitForm)]
fn new_unit_form(props: &DataFormProps) -> Html {
    let fields = use_reducer(|| Cell(UnitFields::default()));
    let page = &props.page;
    let l = page.l();
    let set = |change: fn(&mut UnitFields, String)| {
        let fields = fields.clone();
        Callback::from(move |value: String| fields.dispatch(Box::new(move |f| change(f, value))))
    };
    let submit = {
        let (page, fields) = (page.clone(), fields.clone());
        Callback::from(move |()| {
            let f = fields.0.clone();
            let unit = OrgUnit {
                id: OrgUnitId(0),
                kind: f.kind,
                name: f.name.trim().to_owned(),
                parent: f.parent,
                goal: f.goal.trim().to_owned(),
                responsibilities: items(&f.responsibilities),
                role: None,
            };
            let errors = unit.validate();
            if !errors.is_empty() {
                page.say(Spot::NewUnit, describe_fields(l, What::Unit, &errors), false);
                return;
            }
            let name = unit.name.clone();
            let body = Write { version: 0, value: unit };
            let fields = fields.clone();
            page.write(
                "new-unit-submit".into(),
                Spot::NewUnit,
                What::Unit,
                async move { api::call::<CreateOrgUnit>(&[], &body).await },
                move |_| {
                    fields.dispatch(Box::new(|f| *f = UnitFields::default()));
                    colon(l, pick(l, "已新建部门", "Unit created"), &name)
                },
            );
        })
    };
    let f = &fields.0;
    let kind_options: Vec<(String, String)> =
        KINDS.into_iter().map(|k| (kind_slug(k).to_owned(), kind_name(l, k).to_owned())).collect();
    html! {
        <div class="admin-form form" id="new-unit">
            <h3>{ pick(l, "新建部门 / 组", "New department or group") }</h3>
            <div class="admin-fields">
                { field(pick(l, "上级部门", "Parent unit"), html! {
                    <Picker id="new-unit-parent" options={unit_options(l, &props.data)}
                        value={f.parent.map(|p| p.to_string()).unwrap_or_default()}
                        empty={AttrValue::from(pick(l, "无（最上层）", "None (top level)"))} lang={l}
                        onchange={set(|f, v| f.parent = v.parse().ok().map(OrgUnitId))} />
                }) }
                { field(pick(l, "类别", "Kind"), html! {
                    <Picker id="new-unit-kind" options={kind_options} value={kind_slug(f.kind)} lang={l}
                        onchange={set(|f, v| if let Some(k) = KINDS.into_iter().find(|k| kind_slug(*k) == v) { f.kind = k; })} />
                }) }
                { field(pick(l, "部门名称", "Name"), text_input("new-unit-name".into(), &f.name, on_input(set(|f, v| f.name = v)))) }
                { field(pick(l, "部门目标", "Goal"), text_input("new-unit-goal".into(), &f.goal, on_input(set(|f, v| f.goal = v)))) }
                { field(pick(l, "职责（用；分隔）", "Responsibilities (separated by ;)"),
                    text_input("new-unit-responsibilities".into(), &f.responsibilities, on_input(set(|f, v| f.responsibilities = v)))) }
            </div>
            <div class="buttons">{ send_button(page, "new-unit-submit", pick(l, "新建部门", "Create the unit"), false, submit) }</div>
            { notice_at(page, &Spot::NewUnit) }
        </div>
    }
}

#[derive(Clone, PartialEq, Default)]
struct PositionFields {
    unit: Option<OrgUnitId>,
    reports_to: Option<PositionId>,
    title: String,
    duties: String,
    key_indicators: String,
}

/// Adds a position to a unit.
#[function_component(NewPositionForm)]
fn new_position_form(props: &DataFormProps) -> Html {
    let fields = use_reducer(|| Cell(PositionFields::default()));
    let page = &props.page;
    let l = page.l();
    let ix = Index::new(&props.data);
    let set = |change: fn(&mut PositionFields, String)| {
        let fields = fields.clone();
        Callback::from(move |value: String| fields.dispatch(Box::new(move |f| change(f, value))))
    };
    let submit = {
        let (page, fields) = (page.clone(), fields.clone());
        Callback::from(move |()| {
            let f = fields.0.clone();
            let Some(unit) = f.unit else {
                page.say(Spot::NewPosition, choose_one(l, What::Position, "unit"), false);
                return;
            };
            let position = Position {
                id: PositionId(0),
                title: f.title.trim().to_owned(),
                unit,
                reports_to: f.reports_to,
                duties: items(&f.duties),
                authorities: Vec::new(),
                key_indicators: items(&f.key_indicators),
            };
            let errors = position.validate();
            if !errors.is_empty() {
                page.say(Spot::NewPosition, describe_fields(l, What::Position, &errors), false);
                return;
            }
            let title = position.title.clone();
            let body = Write { version: 0, value: position };
            let fields = fields.clone();
            page.write(
                "new-position-submit".into(),
                Spot::NewPosition,
                What::Position,
                async move { api::call::<CreatePosition>(&[], &body).await },
                move |_| {
                    fields.dispatch(Box::new(|f| *f = PositionFields::default()));
                    colon(l, pick(l, "已新建岗位", "Position created"), &title)
                },
            );
        })
    };
    let f = &fields.0;
    let mut positions: Vec<(String, String)> =
        ix.positions.keys().map(|p| (p.to_string(), ix.position_label(l, *p))).collect();
    positions.sort_by(|a, b| a.1.cmp(&b.1));
    html! {
        <div class="admin-form form" id="new-position">
            <h3>{ pick(l, "新建岗位", "New position") }</h3>
            <div class="admin-fields">
                { field(pick(l, "所属部门", "Department"), html! {
                    <Picker id="new-position-unit" options={unit_options(l, &props.data)}
                        value={f.unit.map(|u| u.to_string()).unwrap_or_default()} lang={l}
                        onchange={set(|f, v| f.unit = v.parse().ok().map(OrgUnitId))} />
                }) }
                { field(pick(l, "岗位名称", "Title"), text_input("new-position-title".into(), &f.title, on_input(set(|f, v| f.title = v)))) }
                { field(pick(l, "直接上级", "Reports to"), html! {
                    <Picker id="new-position-reports-to" options={positions}
                        value={f.reports_to.map(|p| p.to_string()).unwrap_or_default()}
                        empty={AttrValue::from(pick(l, "无", "No one"))} lang={l}
                        onchange={set(|f, v| f.reports_to = v.parse().ok().map(PositionId))} />
                }) }
                { field(pick(l, "工作职责（用；分隔）", "Duties (separated by ;)"),
                    text_input("new-position-duties".into(), &f.duties, on_input(set(|f, v| f.duties = v)))) }
                { field(pick(l, "关键指标（用；分隔）", "Key indicators (separated by ;)"),
                    text_input("new-position-indicators".into(), &f.key_indicators, on_input(set(|f, v| f.key_indicators = v)))) }
            </div>
            <div class="buttons">{ send_button(page, "new-position-submit", pick(l, "新建岗位", "Create the position"), false, submit) }</div>
            { notice_at(page, &Spot::NewPosition) }
        </div>
    }
}

#[derive(Clone, PartialEq, Default)]
struct PersonFields {
    name: String,
    contact: String,
    position: Option<PositionId>,
}

/// Adds a person to the org chart (an account for them is made under 账号).
#[function_component(NewPersonForm)]
fn new_person_form(props: &DataFormProps) -> Html {
    let fields = use_reducer(|| Cell(PersonFields::default()));
    let page = &props.page;
    let l = page.l();
    let ix = Index::new(&props.data);
    let set = |change: fn(&mut PersonFields, String)| {
        let fields = fields.clone();
        Callback::from(move |value: String| fields.dispatch(Box::new(move |f| change(f, value))))
    };
    let submit = {
        let (page, fields) = (page.clone(), fields.clone());
        Callback::from(move |()| {
            let f = fields.0.clone();
            let person = Person {
                id: PersonId(0),
                name: f.name.trim().to_owned(),
                contact: f.contact.trim().to_owned(),
                positions: f.position.into_iter().collect(),
                stores_covered: Vec::new(),
                account: None,
            };
            let errors = person.validate();
            if !errors.is_empty() {
                page.say(Spot::NewPerson, describe_fields(l, What::Person, &errors), false);
                return;
            }
            let name = person.name.clone();
            let body = Write { version: 0, value: person };
            let fields = fields.clone();
            page.write(
                "new-person-submit".into(),
                Spot::NewPerson,
                What::Person,
                async move { api::call::<CreatePerson>(&[], &body).await },
                move |_| {
                    fields.dispatch(Box::new(|f| *f = PersonFields::default()));
                    colon(l, pick(l, "已新建人员", "Person added"), &name)
                },
            );
        })
    };
    let f = &fields.0;
    let mut positions: Vec<(String, String)> =
        ix.positions.keys().map(|p| (p.to_string(), ix.position_label(l, *p))).collect();
    positions.sort_by(|a, b| a.1.cmp(&b.1));
    html! {
        <div class="admin-form form" id="new-person">
            <h3>{ pick(l, "新建人员", "New person") }</h3>
            <div class="admin-fields">
                { field(pick(l, "姓名", "Name"), text_input("new-person-name".into(), &f.name, on_input(set(|f, v| f.name = v)))) }
                { field(pick(l, "联系方式", "Contact"), text_input("new-person-contact".into(), &f.contact, on_input(set(|f, v| f.contact = v)))) }
                { field(pick(l, "岗位", "Position"), html! {
                    <Picker id="new-person-position" options={positions}
                        value={f.position.map(|p| p.to_string()).unwrap_or_default()}
                        empty={AttrValue::from(pick(l, "暂不指定", "None yet"))} lang={l}
                        onchange={set(|f, v| f.position = v.parse().ok().map(PositionId))} />
                }) }
            </div>
            <p class="hint">{ pick(l, "登录账号在“账号”中为此人新建。", "Make their login under “Accounts”.") }</p>
            <div class="buttons">{ send_button(page, "new-person-submit", pick(l, "新建人员", "Add the person"), false, submit) }</div>
            { notice_at(page, &Spot::NewPerson) }
        </div>
    }
}
