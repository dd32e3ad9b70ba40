//! Administration: which planner covers each store (moving a store routes its new
//! campaigns to the new planner), the org chart as a tree with positions, the accounts,
//! and importing a year of the working-day calendar.

use std::collections::HashMap;

use serde_json::json;
use shared::api::{OrgTree, Record, UserView, path, routes};
use shared::calendar::YearCalendar;
use shared::ids::{OrgUnitId, PersonId, StoreId};
use shared::org::{OrgUnit, Person, Role};
use yew::prelude::*;

use super::{input_value, select_value};
use crate::api::{self, CallError};
use crate::app::AppCtx;
use crate::i18n::Text;

#[derive(Clone, PartialEq)]
struct Data {
    org: OrgTree,
    users: Vec<UserView>,
}

async fn load() -> Result<Data, CallError> {
    Ok(Data { org: api::get(routes::ORG).await?, users: api::get(routes::USERS).await? })
}

async fn put_person(person: &Record<Person>) -> Result<(), CallError> {
    let url = path(routes::PERSON, &[&person.value.id.to_string()]);
    api::put::<Record<Person>>(&url, &json!({"version": person.version, "value": person.value})).await.map(|_| ())
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
    let calendar_text = use_state(String::new);
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
    let mut stores: Vec<_> = ctx.stores.values().cloned().collect();
    stores.sort_by(|a, b| a.code.cmp(&b.code));
    let import = {
        let (text, message, ctx) = (calendar_text.clone(), message.clone(), ctx.clone());
        Callback::from(move |_| {
            let (text, message, ctx) = (text.clone(), message.clone(), ctx.clone());
            yew::platform::spawn_local(async move {
                let parsed: Result<YearCalendar, _> = serde_json::from_str(&text);
                let outcome = match parsed {
                    Err(e) => e.to_string(),
                    Ok(year) => {
                        match api::put::<YearCalendar>(&path(routes::CALENDAR_YEAR, &[&year.year.to_string()]), &year)
                            .await
                        {
                            Ok(saved) => format!("{} ✓ {}", ctx.t(Text::SavedOk), saved.year),
                            Err(CallError::Api { error, .. }) => error
                                .fields
                                .first()
                                .map_or(error.message_zh.clone(), |f| f.message(ctx.lang).to_owned()),
                            Err(CallError::Network) => ctx.t(Text::Offline).to_owned(),
                        }
                    }
                };
                message.set(Some(outcome));
            });
        })
    };
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
            <section class="card" id="org">
                <h2>{ "组织架构" }</h2>
                { tree(&loaded.org.units, None, &loaded.org) }
            </section>
            <section class="card" id="users">
                <h2>{ ctx.t(Text::Users) }</h2>
                <table><tbody>{ for loaded.users.iter().map(|u| html! {
                    <tr><td>{ &u.login }</td><td>{ &u.name }</td><td>{ u.role.name_zh() }</td><td>{ u.store.map(|s| ctx.store_name(s)).unwrap_or_default() }</td></tr>
                }) }</tbody></table>
            </section>
            <section class="card form" id="calendar-import">
                <h2>{ "工作日历导入" }</h2>
                <textarea id="calendar-json" placeholder={r#"{"year": 2027, "source": "…", "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-01"}], "make_up_workdays": []}"#}
                    value={(*calendar_text).clone()} oninput={{ let t = calendar_text.clone(); Callback::from(move |e: InputEvent| t.set(input_value(&e))) }} />
                <button id="calendar-import-submit" onclick={import}>{ ctx.t(Text::Save) }</button>
            </section>
        </>
    }
}
