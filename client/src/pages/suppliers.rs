//! The purchasing side's list and rules, on the cost page: the suppliers the center
//! orders from (the administrator and purchasing add, edit and retire them; the VP reads
//! them), and the tolerance above a budget that orders may reach before the VP must
//! approve (the administrator's). Both are checked as they are typed, by `shared::costs`.

use shared::Lang;
use shared::api::{Record, Write};
use shared::costs::{MoneySettings, Supplier, SupplierKind};
use shared::endpoints::{CreateSupplier, GetMoneySettings, ListSuppliers, SetMoneySettings, UpdateSupplier};
use shared::ids::SupplierId;
use shared::messages::FieldError;
use shared::org::Role;
use yew::prelude::*;

use super::campaign::money::{kind_name, kind_of, kind_value};
use super::input_value;
use crate::api::{self, CallError};
use crate::ctx::AppCtx;
use crate::i18n::pick;
use crate::widgets::Select;

/// The supplier being added or edited, as typed.
#[derive(Clone, PartialEq, Default)]
struct Draft {
    /// The record edited, with the version read; `None`: a new supplier.
    editing: Option<(SupplierId, u64)>,
    name: String,
    kind: String,
    contact: String,
    notes: String,
    active: bool,
}

impl Draft {
    fn blank() -> Draft {
        Draft { kind: kind_value(SupplierKind::Printing).to_owned(), active: true, ..Draft::default() }
    }

    fn of(record: &Record<Supplier>) -> Draft {
        let s = &record.value;
        Draft {
            editing: Some((s.id, record.version)),
            name: s.name.clone(),
            kind: kind_value(s.kind).to_owned(),
            contact: s.contact.clone(),
            notes: s.notes.clone(),
            active: s.active,
        }
    }

    fn supplier(&self) -> Supplier {
        Supplier {
            id: self.editing.map_or(SupplierId(0), |(id, _)| id),
            name: self.name.clone(),
            kind: kind_of(&self.kind),
            contact: self.contact.clone(),
            notes: self.notes.clone(),
            active: self.active,
        }
    }
}

/// What the server would say of `draft`, said here first: its own rules, and a name
/// another supplier on the list has.
fn check(draft: &Draft, list: &[Record<Supplier>]) -> Vec<FieldError> {
    let supplier = draft.supplier();
    let mut errors = supplier.validate();
    if list.iter().any(|r| r.value.id != supplier.id && Supplier::same_name(&r.value.name, &supplier.name)) {
        errors.push(FieldError::new("name", &shared::messages::Message::NameTaken));
    }
    errors
}

fn error_for(l: Lang, errors: &[FieldError], field: &str) -> Html {
    match errors.iter().find(|e| e.field == field || e.field == format!("value.{field}")) {
        Some(e) => html! { <span class="field-error">{ e.message(l) }</span> },
        None => html! {},
    }
}

#[function_component(SuppliersCard)]
pub fn suppliers_card() -> Html {
    let ctx = use_context::<AppCtx>();
    let list = use_state(|| None::<Vec<Record<Supplier>>>);
    let draft = use_state(Draft::blank);
    let typed = use_state(|| false);
    let busy = use_state(|| false);
    let said = use_state(|| None::<String>);
    let refused = use_state(Vec::<FieldError>::new);
    let reload = {
        let list = list.clone();
        move || {
            let list = list.clone();
            yew::platform::spawn_local(async move {
                if let Ok(answer) = api::fetch::<ListSuppliers>(&[], &()).await {
                    list.set(Some(answer));
                }
            });
        }
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload());
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let keeps = matches!(ctx.me.role, Role::Admin | Role::Purchasing);
    let Some(suppliers) = &*list else {
        return html! { <section class="card" id="suppliers"><p class="loading">{ pick(l, "加载中…", "Loading…") }</p></section> };
    };
    let errors: Vec<FieldError> = if *typed {
        let mut errors = check(&draft, suppliers);
        errors.extend(refused.iter().cloned());
        errors
    } else {
        Vec::new()
    };
    let set = |change: fn(&mut Draft, String)| {
        let (draft, typed, refused) = (draft.clone(), typed.clone(), refused.clone());
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            change(&mut next, input_value(&e));
            draft.set(next);
            typed.set(true);
            refused.set(Vec::new());
        })
    };
    let save = {
        let (draft, typed, busy, said, refused, ctx) =
            (draft.clone(), typed.clone(), busy.clone(), said.clone(), refused.clone(), ctx.clone());
        let valid = check(&draft, suppliers).is_empty();
        let reload = reload.clone();
        Callback::from(move |_| {
            typed.set(true);
            if *busy || !valid {
                return;
            }
            busy.set(true);
            let (draft, typed, busy, said, refused, ctx, reload) = (
                draft.clone(),
                typed.clone(),
                busy.clone(),
                said.clone(),
                refused.clone(),
                ctx.clone(),
                reload.clone(),
            );
            yew::platform::spawn_local(async move {
                let supplier = draft.supplier();
                let l = ctx.lang;
                let result = match draft.editing {
                    Some((id, version)) => {
                        api::call::<UpdateSupplier>(&[&id.to_string()], &Write { version, value: supplier }).await
                    }
                    None => api::call::<CreateSupplier>(&[], &Write { version: 0, value: supplier }).await,
                };
                ctx.note(&result);
                match result {
                    Ok(saved) => {
                        said.set(Some(match l {
                            Lang::Zh => format!("已保存供应商：{}", saved.value.name),
                            Lang::En => format!("Supplier saved: {}", saved.value.name),
                        }));
                        draft.set(Draft::blank());
                        typed.set(false);
                        reload();
                    }
                    Err(CallError::Api { error, .. }) => {
                        refused.set(error.fields.clone());
                        said.set(Some(error.message(l).to_owned()));
                    }
                    Err(_) => said.set(Some(
                        pick(l, "无法连接服务器，未保存", "The server could not be reached; nothing was saved")
                            .to_owned(),
                    )),
                }
                busy.set(false);
            });
        })
    };
    let edit = |record: &Record<Supplier>| {
        let (draft, typed, said) = (draft.clone(), typed.clone(), said.clone());
        let next = Draft::of(record);
        Callback::from(move |_| {
            draft.set(next.clone());
            typed.set(false);
            said.set(None);
        })
    };
    let editing = draft.editing.is_some();
    html! {
        <section class="card" id="suppliers">
            <h3>{ pick(l, "供应商", "Suppliers") }</h3>
            <p class="hint">{ pick(l,
                "采购下单时从这里选择供应商。停用的供应商不再出现在下单表中，已有订单不受影响。",
                "The order form offers these suppliers. A retired one is no longer offered; past orders keep it.") }</p>
            if suppliers.is_empty() {
                <p class="empty">{ pick(l, "还没有供应商", "No suppliers yet") }</p>
            } else {
                <table class="money" id="suppliers-table">
                    <thead><tr>
                        <th>{ pick(l, "名称", "Name") }</th><th>{ pick(l, "类别", "Kind") }</th>
                        <th>{ pick(l, "联系方式", "Contact") }</th><th>{ pick(l, "备注", "Notes") }</th>
                        if keeps { <th></th> }
                    </tr></thead>
                    <tbody>{ for suppliers.iter().map(|r| html! {
                        <tr class={classes!((!r.value.active).then_some("retired"))}>
                            <td>{ &r.value.name }
                                if !r.value.active { <span class="hint">{ pick(l, "（已停用）", " (retired)") }</span> }</td>
                            <td>{ kind_name(l, r.value.kind) }</td>
                            <td>{ &r.value.contact }</td>
                            <td>{ &r.value.notes }</td>
                            if keeps { <td><button class="secondary" onclick={edit(r)}>{ pick(l, "编辑", "Edit") }</button></td> }
                        </tr>
                    }) }</tbody>
                </table>
            }
            if keeps {
                <div class="form" id="supplier-form">
                    <h4>{ if editing { pick(l, "编辑供应商", "Edit supplier") } else { pick(l, "添加供应商", "Add a supplier") } }</h4>
                    <div class="grid2 labelled">
                        <div><label for="supplier-name">{ pick(l, "名称", "Name") }</label>
                            <input id="supplier-name" value={draft.name.clone()} oninput={set(|d, v| d.name = v)} />
                            { error_for(l, &errors, "name") }</div>
                        <div><label for="supplier-kind">{ pick(l, "类别", "Kind") }</label>
                            <Select id="supplier-kind" value={draft.kind.clone()}
                                options={SupplierKind::ALL.iter().map(|k| (AttrValue::from(kind_value(*k)), AttrValue::from(kind_name(l, *k)))).collect::<Vec<_>>()}
                                onchange={{ let draft = draft.clone(); Callback::from(move |v: String| { let mut next = (*draft).clone(); next.kind = v; draft.set(next); }) }} /></div>
                        <div><label for="supplier-contact">{ pick(l, "联系方式", "Contact") }</label>
                            <input id="supplier-contact" value={draft.contact.clone()} oninput={set(|d, v| d.contact = v)} />
                            { error_for(l, &errors, "contact") }</div>
                        <div><label for="supplier-notes">{ pick(l, "备注", "Notes") }</label>
                            <input id="supplier-notes" value={draft.notes.clone()} oninput={set(|d, v| d.notes = v)} />
                            { error_for(l, &errors, "notes") }</div>
                    </div>
                    if editing {
                        <label class="check"><input type="checkbox" id="supplier-active" checked={draft.active}
                            onchange={{ let draft = draft.clone(); Callback::from(move |_| { let mut next = (*draft).clone(); next.active = !next.active; draft.set(next); }) }} />
                            { pick(l, "在下单表中提供", "Offered on the order form") }</label>
                    }
                    <div class="actions">
                        <button id="supplier-save" class="primary" disabled={*busy} onclick={save}>
                            { if *busy { pick(l, "保存中…", "Saving…") } else { pick(l, "保存供应商", "Save supplier") } }
                        </button>
                        if editing {
                            <button class="secondary" onclick={{ let draft = draft.clone(); let typed = typed.clone(); Callback::from(move |_| { draft.set(Draft::blank()); typed.set(false); }) }}>
                                { pick(l, "取消编辑", "Stop editing") }</button>
                        }
                    </div>
                    if let Some(text) = &*said { <p class="flash" role="status" id="supplier-said">{ text }</p> }
                </div>
            }
        </section>
    }
}

/// The administrator's tolerance above a campaign's budget; the others read it.
#[function_component(ToleranceCard)]
pub fn tolerance_card() -> Html {
    let ctx = use_context::<AppCtx>();
    let current = use_state(|| None::<MoneySettings>);
    let typed = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let said = use_state(|| None::<String>);
    {
        let current = current.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                if let Ok(settings) = api::fetch::<GetMoneySettings>(&[], &()).await {
                    current.set(Some(settings));
                }
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let Some(settings) = *current else { return html! {} };
    let text = (*typed).clone().unwrap_or_else(|| settings.tolerance_percent.to_string());
    let wanted = MoneySettings { tolerance_percent: text.trim().parse().unwrap_or(u32::MAX) };
    let errors = wanted.validate();
    let save = {
        let (current, typed, busy, said, ctx) =
            (current.clone(), typed.clone(), busy.clone(), said.clone(), ctx.clone());
        let valid = errors.is_empty();
        Callback::from(move |_| {
            if *busy || !valid {
                return;
            }
            busy.set(true);
            let (current, typed, busy, said, ctx) =
                (current.clone(), typed.clone(), busy.clone(), said.clone(), ctx.clone());
            yew::platform::spawn_local(async move {
                let result = api::call::<SetMoneySettings>(&[], &wanted).await;
                ctx.note(&result);
                let l = ctx.lang;
                said.set(Some(match result {
                    Ok(saved) => {
                        current.set(Some(saved));
                        typed.set(None);
                        match l {
                            Lang::Zh => {
                                format!("已保存：下单合计超出预算 {}% 以上需副总经理批准", saved.tolerance_percent)
                            }
                            Lang::En => format!(
                                "Saved: orders more than {} % above the budget need the VP's approval",
                                saved.tolerance_percent
                            ),
                        }
                    }
                    Err(CallError::Api { error, .. }) => error.message(l).to_owned(),
                    Err(_) => pick(l, "无法连接服务器，未保存", "The server could not be reached; nothing was saved")
                        .to_owned(),
                }));
                busy.set(false);
            });
        })
    };
    html! {
        <section class="card" id="tolerance">
            <h3>{ pick(l, "超支容差", "Tolerance above budget") }</h3>
            if ctx.me.role == Role::Admin {
                <div class="labelled">
                    <label for="tolerance-percent">{ pick(l, "下单合计可超出预算（%），超过需副总经理批准", "Orders may exceed the budget by (%) before the VP must approve") }</label>
                    <input id="tolerance-percent" type="number" inputmode="numeric" min="0" max="100" value={text}
                        oninput={{ let typed = typed.clone(); Callback::from(move |e: InputEvent| typed.set(Some(input_value(&e)))) }} />
                    { for errors.iter().map(|e| html! { <span class="field-error">{ e.message(l) }</span> }) }
                </div>
                <button id="tolerance-save" class="primary" disabled={*busy || !errors.is_empty()} onclick={save}>
                    { if *busy { pick(l, "保存中…", "Saving…") } else { pick(l, "保存", "Save") } }
                </button>
                if let Some(text) = &*said { <p class="flash" role="status" id="tolerance-said">{ text }</p> }
            } else {
                <p id="tolerance-now">{ match l {
                    Lang::Zh => format!("下单合计超出预算 {}% 以上需副总经理批准。", settings.tolerance_percent),
                    Lang::En => format!("Orders more than {} % above the budget need the VP's approval.", settings.tolerance_percent),
                } }</p>
            }
        </section>
    }
}
