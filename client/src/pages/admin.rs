//! Administration: which planner covers each store (moving a store routes its new
//! campaigns to the new planner), the org chart as a tree with positions, the accounts,
//! and importing a year of the working-day calendar.

use std::collections::HashMap;

use shared::api::{NewUser, OrgTree, PasswordReset, Record, StoreQuery, UserUpdate, UserView, Write};
use shared::endpoints::{
    CreateOrgUnit, CreatePosition, CreateStore, CreateUser, GetOrg, ListStores, ListUsers, ResetPassword, UpdatePerson,
    UpdateStore, UpdateUser,
};
use shared::ids::PositionId;
use shared::ids::{OrgUnitId, PersonId, StoreId};
use shared::org::{OrgUnit, OrgUnitKind, Person, Position, Province, Role, Store, StoreStatus};
use yew::prelude::*;

use super::{input_value, select_value};
use crate::api::{self, CallError};
use crate::app::AppCtx;
use crate::i18n::Text;

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

/// The message to show for a finished admin write.
fn outcome<T>(ctx: &AppCtx, result: &Result<T, CallError>) -> String {
    match result {
        Ok(_) => ctx.t(Text::SavedOk).to_owned(),
        Err(CallError::Api { error, .. }) => {
            let first = error.fields.first().map(|f| format!("{}: {}", f.field, f.message(ctx.lang)));
            first.unwrap_or_else(|| {
                if ctx.lang == shared::Lang::En { error.message_en.clone() } else { error.message_zh.clone() }
            })
        }
        Err(CallError::Network) => ctx.t(Text::Offline).to_owned(),
    }
}

/// Runs an admin write, then shows its outcome and reloads the page's data.
fn write<T: 'static>(
    ctx: &AppCtx,
    message: &UseStateHandle<Option<String>>,
    reload: &UseStateHandle<u32>,
    call: impl std::future::Future<Output = Result<T, CallError>> + 'static,
) {
    let (ctx, message, reload) = (ctx.clone(), message.clone(), reload.clone());
    yew::platform::spawn_local(async move {
        let result = call.await;
        message.set(Some(outcome(&ctx, &result)));
        reload.set(*reload + 1);
    });
}

async fn put_person(person: &Record<Person>) -> Result<(), CallError> {
    let body = Write { version: person.version, value: person.value.clone() };
    api::call::<UpdatePerson>(&[&person.value.id.to_string()], &body).await.map(|_| ())
}

/// Moves `store` from whoever covers it to `planner`.
async fn move_store(data: &Data, store: StoreId, planner: PersonId) -> Result<(), CallError> {
    for person in &data.org.people {
        if person.value.stores_covered.contains(&store) && person.value.id != planner {
            let mut updated = person.clone();
            updated.value.stores_covered.retain(|s| *s != store);
            put_person(&updated).await?;
        }
    }
    if let Some(person) = data.org.people.iter().find(|p| p.value.id == planner) {
        let mut updated = person.clone();
        if !updated.value.stores_covered.contains(&store) {
            updated.value.stores_covered.push(store);
            put_person(&updated).await?;
        }
    }
    Ok(())
}

fn tree(units: &[Record<OrgUnit>], parent: Option<OrgUnitId>, org: &OrgTree) -> Html {
    let children: Vec<&Record<OrgUnit>> = units.iter().filter(|u| u.value.parent == parent).collect();
    if children.is_empty() {
        return html! {};
    }
    html! {
        <ul class="org-tree">{ for children.into_iter().map(|unit| html! {
            <li>
                <strong>{ &unit.value.name }</strong>
                if !unit.value.goal.is_empty() { <span class="hint">{ format!(" · {}", unit.value.goal) }</span> }
                <ul class="positions">{ for org.positions.iter().filter(|p| p.value.unit == unit.value.id).map(|p| html! {
                    <li>{ format!("{}：{}", p.value.title, p.value.duties.join("；")) }
                        if !p.value.key_indicators.is_empty() { <span class="hint">{ format!(" · {}", p.value.key_indicators.join("、")) }</span> }
                    </li>
                }) }</ul>
                { tree(units, Some(unit.value.id), org) }
            </li>
        }) }</ul>
    }
}

#[function_component(AdminPage)]
pub fn admin_page() -> Html {
    let ctx = use_context::<AppCtx>();
    let data = use_state(|| None::<Data>);
    let reload = use_state(|| 0u32);
    let message = use_state(|| None::<String>);
    {
        let data = data.clone();
        use_effect_with(*reload, move |_| {
            yew::platform::spawn_local(async move {
                if let Ok(loaded) = load().await {
                    data.set(Some(loaded));
                }
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    if ctx.me.role != Role::Admin {
        return crate::app::not_found(ctx.lang);
    }
    let Some(loaded) = (*data).clone() else { return html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> } };
    let planners: Vec<&Record<Person>> = loaded
        .org
        .people
        .iter()
        .filter(|p| loaded.users.iter().any(|u| u.person == p.value.id && u.role == Role::Planning))
        .collect();
    let covering: HashMap<StoreId, PersonId> =
        loaded.org.people.iter().flat_map(|p| p.value.stores_covered.iter().map(move |s| (*s, p.value.id))).collect();
    let mut stores: Vec<Store> = loaded.stores.iter().map(|s| s.value.clone()).collect();
    stores.sort_by(|a, b| a.code.cmp(&b.code));
    html! {
        <>
            <section class="card" id="store-coverage">
                <h2>{ format!("{} · {}", ctx.t(Text::Stores), ctx.t(Text::Planner)) }</h2>
                if let Some(text) = &*message { <p class="hint" role="status" id="admin-message">{ text }</p> }
                <table>
                    <tbody>{ for stores.iter().map(|store| {
                        let id = store.id;
                        let onchange = {
                            let (loaded, reload, message, ctx) = (loaded.clone(), reload.clone(), message.clone(), ctx.clone());
                            Callback::from(move |e: Event| {
                                let Ok(planner) = select_value(&e).parse::<u64>() else { return };
                                let (loaded, reload, message, ctx) = (loaded.clone(), reload.clone(), message.clone(), ctx.clone());
                                yew::platform::spawn_local(async move {
                                    let result = move_store(&loaded, id, PersonId(planner)).await;
                                    message.set(Some(match result {
                                        Ok(()) => ctx.t(Text::SavedOk).to_owned(),
                                        Err(e) => format!("{e:?}"),
                                    }));
                                    reload.set(*reload + 1);
                                });
                            })
                        };
                        html! {
                            <tr class="store-row" data-store={id.to_string()}>
                                <td>{ &store.code }</td><td>{ &store.name }</td><td>{ store.province.name_zh() }</td>
                                <td><select class="planner-select" {onchange}>
                                    <option value="">{ "—" }</option>
                                    { for planners.iter().map(|p| html! {
                                        <option value={p.value.id.to_string()} selected={covering.get(&id) == Some(&p.value.id)}>{ &p.value.name }</option>
                                    }) }
                                </select></td>
                            </tr>
                        }
                    }) }</tbody>
                </table>
            </section>
            <NewStoreForm message={message.clone()} reload={reload.clone()} />
            <section class="card" id="store-status">
                <h2>{ format!("{} · {}", ctx.t(Text::Stores), "状态") }</h2>
                <table><tbody>{ for loaded.stores.iter().map(|record| {
                    let onchange = {
                        let (record, ctx, message, reload) = (record.clone(), ctx.clone(), message.clone(), reload.clone());
                        Callback::from(move |e: Event| {
                            let status = match select_value(&e).as_str() { "preparing" => StoreStatus::Preparing, "closed" => StoreStatus::Closed, _ => StoreStatus::Open };
                            let mut value = record.value.clone();
                            value.status = status;
                            let id = value.id.to_string();
                            let body = Write { version: record.version, value };
                            write(&ctx, &message, &reload, async move { api::call::<UpdateStore>(&[&id], &body).await });
                        })
                    };
                    html! { <tr><td>{ &record.value.code }</td><td>{ &record.value.name }</td><td>{ &record.value.city }</td>
                        <td><select class="store-status" {onchange}>
                            { for [("open", StoreStatus::Open, "营业"), ("preparing", StoreStatus::Preparing, "筹备中"), ("closed", StoreStatus::Closed, "已关闭")].into_iter().map(|(v, s, label)| html! {
                                <option value={v} selected={record.value.status == s}>{ label }</option>
                            }) }
                        </select></td></tr> }
                }) }</tbody></table>
            </section>
            <NewUnitForm units={loaded.org.units.clone()} message={message.clone()} reload={reload.clone()} />
            <section class="card" id="org">
                <h2>{ "组织架构" }</h2>
                { tree(&loaded.org.units, None, &loaded.org) }
            </section>
            <NewUserForm stores={stores.clone()} message={message.clone()} reload={reload.clone()} />
            <section class="card" id="users">
                <h2>{ ctx.t(Text::Users) }</h2>
                <table><tbody>{ for loaded.users.iter().map(|u| {
                    let toggle = {
                        let (u, ctx, message, reload) = (u.clone(), ctx.clone(), message.clone(), reload.clone());
                        Callback::from(move |_| {
                            let body = UserUpdate { version: u.version, role: u.role, store: u.store, disabled: !u.disabled, lang: u.lang };
                            let id = u.id.to_string();
                            write(&ctx, &message, &reload, async move { api::call::<UpdateUser>(&[&id], &body).await });
                        })
                    };
                    let reset = {
                        let (u, ctx, message) = (u.clone(), ctx.clone(), message.clone());
                        Callback::from(move |_| {
                            // A new random password, shown once to the administrator.
                            let password = crate::api::new_key();
                            let id = u.id.to_string();
                            let (ctx, message) = (ctx.clone(), message.clone());
                            yew::platform::spawn_local(async move {
                                let result = api::call::<ResetPassword>(&[&id], &PasswordReset { password: password.clone() }).await;
                                message.set(Some(match result {
                                    Ok(()) => format!("{}：{password}", ctx.t(Text::Password)),
                                    Err(_) => outcome(&ctx, &result),
                                }));
                            });
                        })
                    };
                    html! { <tr class="user-row" data-login={u.login.clone()}>
                        <td>{ &u.login }</td><td>{ &u.name }</td><td>{ u.role.name_zh() }</td>
                        <td>{ u.store.map(|s| ctx.store_name(s)).unwrap_or_default() }</td>
                        <td><button class="secondary toggle-user" onclick={toggle}>{ if u.disabled { "启用" } else { "停用" } }</button></td>
                        <td><button class="secondary reset-password" onclick={reset}>{ "重置密码" }</button></td>
                    </tr> }
                }) }</tbody></table>
            </section>
            <super::calendar_import::CalendarImportForm />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    message: UseStateHandle<Option<String>>,
    reload: UseStateHandle<u32>,
}

#[function_component(NewStoreForm)]
fn new_store_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let fields = use_state(|| (String::new(), String::new(), String::new(), Province::Heilongjiang));
    let Some(ctx) = ctx else { return html! {} };
    let submit = {
        let (fields, ctx, message, reload) = (fields.clone(), ctx.clone(), props.message.clone(), props.reload.clone());
        Callback::from(move |_| {
            let (code, name, city, province) = (*fields).clone();
            let store = Store {
                id: StoreId(0),
                code,
                name,
                province,
                city,
                address: String::new(),
                manager: None,
                opened_on: None,
                status: StoreStatus::Preparing,
            };
            let body = Write { version: 0, value: store };
            write(&ctx, &message, &reload, async move { api::call::<CreateStore>(&[], &body).await });
        })
    };
    let edit = |i: usize| {
        let fields = fields.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*fields).clone();
            let value = input_value(&e);
            match i {
                0 => next.0 = value,
                1 => next.1 = value,
                _ => next.2 = value,
            }
            fields.set(next);
        })
    };
    let province = {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            let p = Province::ALL
                .into_iter()
                .find(|p| format!("{p:?}") == select_value(&e))
                .unwrap_or(Province::Heilongjiang);
            let mut next = (*fields).clone();
            next.3 = p;
            fields.set(next);
        })
    };
    html! {
        <section class="card form" id="new-store">
            <h2>{ "新建门店" }</h2>
            <div class="line">
                <input id="new-store-code" placeholder="HLJ-077" value={fields.0.clone()} oninput={edit(0)} />
                <input id="new-store-name" placeholder="门店名称" value={fields.1.clone()} oninput={edit(1)} />
                <input id="new-store-city" placeholder="城市" value={fields.2.clone()} oninput={edit(2)} />
                <select id="new-store-province" onchange={province}>
                    { for Province::ALL.into_iter().map(|p| html! { <option value={format!("{p:?}")} selected={fields.3 == p}>{ p.name_zh() }</option> }) }
                </select>
            </div>
            <button id="new-store-submit" onclick={submit}>{ ctx.t(Text::Save) }</button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct UserFormProps {
    stores: Vec<Store>,
    message: UseStateHandle<Option<String>>,
    reload: UseStateHandle<u32>,
}

#[function_component(NewUserForm)]
fn new_user_form(props: &UserFormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let fields = use_state(|| (String::new(), String::new(), String::new(), Role::StoreManager, None::<StoreId>));
    let Some(ctx) = ctx else { return html! {} };
    let submit = {
        let (fields, ctx, message, reload) = (fields.clone(), ctx.clone(), props.message.clone(), props.reload.clone());
        Callback::from(move |_| {
            let (login, name, password, role, store) = (*fields).clone();
            let body = NewUser { login, password, role, person: None, name, store };
            write(&ctx, &message, &reload, async move { api::call::<CreateUser>(&[], &body).await });
        })
    };
    let edit = |i: usize| {
        let fields = fields.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*fields).clone();
            let value = input_value(&e);
            match i {
                0 => next.0 = value,
                1 => next.1 = value,
                _ => next.2 = value,
            }
            fields.set(next);
        })
    };
    let role = {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            let mut next = (*fields).clone();
            next.3 = Role::ALL.into_iter().find(|r| format!("{r:?}") == select_value(&e)).unwrap_or(Role::StoreManager);
            fields.set(next);
        })
    };
    let store = {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            let mut next = (*fields).clone();
            next.4 = select_value(&e).parse().ok().map(StoreId);
            fields.set(next);
        })
    };
    html! {
        <section class="card form" id="new-user">
            <h2>{ "新建账号" }</h2>
            <div class="line">
                <input id="new-user-login" placeholder={ctx.t(Text::LoginName)} value={fields.0.clone()} oninput={edit(0)} />
                <input id="new-user-name" placeholder="姓名" value={fields.1.clone()} oninput={edit(1)} />
                <input id="new-user-password" type="password" placeholder={ctx.t(Text::Password)} value={fields.2.clone()} oninput={edit(2)} />
            </div>
            <div class="line">
                <select id="new-user-role" onchange={role}>
                    { for Role::ALL.into_iter().map(|r| html! { <option value={format!("{r:?}")} selected={fields.3 == r}>{ r.name_zh() }</option> }) }
                </select>
                <select id="new-user-store" onchange={store}>
                    <option value="">{ "—" }</option>
                    { for props.stores.iter().map(|s| html! { <option value={s.id.to_string()}>{ &s.name }</option> }) }
                </select>
            </div>
            <button id="new-user-submit" onclick={submit}>{ ctx.t(Text::Save) }</button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct UnitFormProps {
    units: Vec<Record<OrgUnit>>,
    message: UseStateHandle<Option<String>>,
    reload: UseStateHandle<u32>,
}

/// Adds a department or group, and a position in it.
#[function_component(NewUnitForm)]
fn new_unit_form(props: &UnitFormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let fields = use_state(|| (String::new(), None::<OrgUnitId>, String::new(), String::new(), String::new()));
    let Some(ctx) = ctx else { return html! {} };
    let add_unit = {
        let (fields, ctx, message, reload) = (fields.clone(), ctx.clone(), props.message.clone(), props.reload.clone());
        Callback::from(move |_| {
            let (name, parent, goal, _, _) = (*fields).clone();
            let kind = if parent.is_some() { OrgUnitKind::Group } else { OrgUnitKind::Department };
            let unit = OrgUnit { id: OrgUnitId(0), kind, name, parent, goal, responsibilities: Vec::new(), role: None };
            let body = Write { version: 0, value: unit };
            write(&ctx, &message, &reload, async move { api::call::<CreateOrgUnit>(&[], &body).await });
        })
    };
    let add_position = {
        let (fields, ctx, message, reload) = (fields.clone(), ctx.clone(), props.message.clone(), props.reload.clone());
        Callback::from(move |_| {
            let (_, parent, _, title, duties) = (*fields).clone();
            let Some(unit) = parent else { return };
            let duties =
                duties.split(['；', ';']).map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned).collect();
            let position = Position {
                id: PositionId(0),
                title,
                unit,
                reports_to: None,
                duties,
                authorities: Vec::new(),
                key_indicators: Vec::new(),
            };
            let body = Write { version: 0, value: position };
            write(&ctx, &message, &reload, async move { api::call::<CreatePosition>(&[], &body).await });
        })
    };
    let edit = |i: usize| {
        let fields = fields.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*fields).clone();
            let value = input_value(&e);
            match i {
                0 => next.0 = value,
                2 => next.2 = value,
                3 => next.3 = value,
                _ => next.4 = value,
            }
            fields.set(next);
        })
    };
    let parent = {
        let fields = fields.clone();
        Callback::from(move |e: Event| {
            let mut next = (*fields).clone();
            next.1 = select_value(&e).parse().ok().map(OrgUnitId);
            fields.set(next);
        })
    };
    html! {
        <section class="card form" id="new-unit">
            <h2>{ "组织架构 · 新建部门/岗位" }</h2>
            <select id="new-unit-parent" onchange={parent}>
                <option value="">{ "— 上级部门 —" }</option>
                { for props.units.iter().map(|u| html! { <option value={u.value.id.to_string()}>{ &u.value.name }</option> }) }
            </select>
            <div class="line">
                <input id="new-unit-name" placeholder="部门 / 组名称" value={fields.0.clone()} oninput={edit(0)} />
                <input id="new-unit-goal" placeholder="部门目标" value={fields.2.clone()} oninput={edit(2)} />
                <button id="new-unit-submit" onclick={add_unit}>{ "新建部门" }</button>
            </div>
            <div class="line">
                <input id="new-position-title" placeholder="岗位名称" value={fields.3.clone()} oninput={edit(3)} />
                <input id="new-position-duties" placeholder="工作职责（用；分隔）" value={fields.4.clone()} oninput={edit(4)} />
                <button id="new-position-submit" onclick={add_position}>{ "新建岗位" }</button>
            </div>
        </section>
    }
}
