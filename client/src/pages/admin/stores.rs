//! The administration tab 门店与策划: which planner covers each store (moving a store
//! routes its new campaigns to the new planner), the stores' details, and new stores.

use std::rc::Rc;

use shared::Lang;
use shared::api::{Record, Write};
use shared::endpoints::{CreateStore, UpdatePerson, UpdateStore};
use shared::ids::{PersonId, StoreId};
use shared::org::{Person, Province, Store, StoreStatus};
use yew::prelude::*;

use super::Tab;
use super::data::{Data, Index};
use super::parts::{
    FormProps, Picker, count_line, edit_button, field, form_button, notice_at, on_input, send_button, text_input,
    toolbar,
};
use super::state::{Cell, Editing, Form, Page, Spot};
use super::words::{
    STATUSES, What, choose_one, colon, describe_fields, matches, names, paren, province_name, status_name, status_slug,
};
use crate::api::{self, CallError};
use crate::i18n::{Text, pick};
use crate::widgets::ConfirmButton;

pub(super) fn stores_tab(page: &Page, data: &Rc<Data>, ix: &Index) -> Html {
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
