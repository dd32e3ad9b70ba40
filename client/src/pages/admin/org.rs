//! The administration tab 组织架构: the org chart (units, their positions and who holds
//! them), the people with their positions, and new units, positions and people.

use std::rc::Rc;

use shared::Lang;
use shared::api::{Record, Write};
use shared::endpoints::{CreateOrgUnit, CreatePerson, CreatePosition, UpdatePerson};
use shared::ids::{OrgUnitId, PersonId, PositionId};
use shared::org::{OrgUnit, OrgUnitKind, Person, Position, Role};
use yew::prelude::*;

use super::Tab;
use super::data::{Data, Index};
use super::parts::{
    DataFormProps, Picker, count_line, edit_button, field, form_button, notice_at, on_input, send_button, text_input,
    toolbar,
};
use super::state::{Cell, Editing, Form, Page, Spot};
use super::words::{
    KINDS, What, choose_one, colon, describe_fields, items, kind_name, kind_slug, matches, names, paren,
};
use crate::api;
use crate::i18n::{Text, pick};

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

pub(super) fn org_tab(page: &Page, data: &Rc<Data>, ix: &Index) -> Html {
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
    let (managers, staff): (Vec<&Record<Person>>, Vec<&Record<Person>>) =
        shown.iter().copied().partition(|p| ix.accounts.get(&p.value.id).is_some_and(|u| u.role == Role::StoreManager));
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
                    <ul class="admin-list" id="people-list">{ for staff.into_iter().map(|p| person_row(page, ix, p)) }</ul>
                    // The stores' managers fold away (about as many as the staff) until
                    // searched for or opened.
                    if !managers.is_empty() {
                        <details id="people-managers" open={!query.is_empty()}>
                            <summary>{ match l {
                                Lang::Zh => format!("店长（{}人）", managers.len()),
                                Lang::En => format!("Store managers ({})", managers.len()),
                            } }</summary>
                            <ul class="admin-list">{ for managers.into_iter().map(|p| person_row(page, ix, p)) }</ul>
                        </details>
                    }
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
        Some(account) => {
            meta.push(colon(l, pick(l, "账号", "Account"), &account.login));
            // A store manager is known by the store.
            if let Some(store) = account.store {
                meta.push(ix.store_label(l, store));
            }
        }
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
