//! The administrator's group-chat robots: one per department or region, on 企业微信, 钉钉
//! or 飞书, each with a "send a test message" button; the secret is typed once and shown
//! masked after; deliveries that kept failing are listed to be tried again.

use shared::Lang;
use shared::api::{DeliveryQuery, DeliveryView, RobotKind, RobotScope, WebhookInput, WebhookView};
use shared::endpoints::{
    CreateWebhook, DeleteWebhook, ListDeliveries, ListWebhooks, RetryDelivery, TestWebhook, UpdateWebhook,
};
use shared::org::{Province, Role};
use yew::prelude::*;

use super::input_value;
use crate::api::{self, CallError};
use crate::ctx::AppCtx;
use crate::i18n::{Text, field_error, pick};
use crate::widgets::{ConfirmButton, Select};

fn kind_name(l: Lang, kind: RobotKind) -> &'static str {
    if l == Lang::En { kind.name_en() } else { kind.name_zh() }
}

fn scope_name(l: Lang, scope: RobotScope) -> String {
    match scope {
        RobotScope::Department { role } => if l == Lang::En { role.name_en() } else { role.name_zh() }.to_owned(),
        RobotScope::Region { province } => {
            let name = if l == Lang::En { province.name_en() } else { province.name_zh() };
            if l == Lang::En { format!("{name} stores") } else { format!("{name}门店群") }
        }
    }
}

fn scope_value(scope: RobotScope) -> String {
    match scope {
        RobotScope::Department { role } => format!("dept:{role:?}"),
        RobotScope::Region { province } => format!("region:{province:?}"),
    }
}

fn scope_options(l: Lang) -> Vec<(AttrValue, AttrValue)> {
    let departments = Role::ALL
        .into_iter()
        .filter(|r| !matches!(r, Role::StoreManager | Role::Admin))
        .map(|role| RobotScope::Department { role });
    let regions = Province::ALL.into_iter().map(|province| RobotScope::Region { province });
    departments.chain(regions).map(|s| (scope_value(s).into(), scope_name(l, s).into())).collect()
}

fn parse_scope(value: &str) -> Option<RobotScope> {
    let departments = Role::ALL.into_iter().map(|role| RobotScope::Department { role });
    let regions = Province::ALL.into_iter().map(|province| RobotScope::Region { province });
    departments.chain(regions).find(|s| scope_value(*s) == value)
}

#[derive(Clone, PartialEq)]
struct Form {
    editing: Option<u64>,
    name: String,
    kind: Option<RobotKind>,
    scope: Option<RobotScope>,
    url: String,
    secret: String,
    enabled: bool,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            editing: None,
            name: String::new(),
            kind: None,
            scope: None,
            url: String::new(),
            secret: String::new(),
            enabled: true,
        }
    }
}

fn error_text(l: Lang, error: &CallError) -> String {
    match error {
        CallError::Api { error, .. } if !error.fields.is_empty() => {
            error.fields.iter().map(|f| field_error(l, f)).collect::<Vec<_>>().join("；")
        }
        CallError::Api { error, .. } => {
            if l == Lang::En {
                error.message_en.clone()
            } else {
                error.message_zh.clone()
            }
        }
        CallError::Network => pick(l, "无法连接服务器", "Cannot reach the server").to_owned(),
    }
}

#[function_component(RobotsPanel)]
pub fn robots_panel() -> Html {
    let ctx = use_context::<AppCtx>();
    let robots = use_state(|| None::<Vec<WebhookView>>);
    let parked = use_state(Vec::<DeliveryView>::new);
    let reload = use_state(|| 0u32);
    let form = use_state(|| None::<Form>);
    let busy = use_state(|| false);
    // (robot id or 0 for the form, message, ok)
    let said = use_state(|| None::<(u64, String, bool)>);
    {
        let (robots, parked) = (robots.clone(), parked.clone());
        use_effect_with(*reload, move |_| {
            yew::platform::spawn_local(async move {
                if let Ok(list) = api::fetch::<ListWebhooks>(&[], &()).await {
                    robots.set(Some(list));
                }
                if let Ok(list) = api::fetch::<ListDeliveries>(&[], &DeliveryQuery { parked: true }).await {
                    parked.set(list);
                }
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let Some(list) = &*robots else { return html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> } };
    let note = |spot: u64| match &*said {
        Some((at, message, ok)) if *at == spot => html! {
            <p class={classes!("admin-message", if *ok { "ok" } else { "bad" })} id="robot-message" role="status">{ message.clone() }</p>
        },
        _ => html! {},
    };
    let test = |id: u64| {
        let (busy, said, ctx) = (busy.clone(), said.clone(), ctx.clone());
        Callback::from(move |_: MouseEvent| {
            let (busy, said, ctx) = (busy.clone(), said.clone(), ctx.clone());
            busy.set(true);
            yew::platform::spawn_local(async move {
                let result = api::call::<TestWebhook>(&[&id.to_string()], &()).await;
                ctx.note(&result);
                let l = ctx.lang;
                said.set(Some(match result {
                    Ok(outcome) if outcome.delivered => (
                        id,
                        pick(l, "测试消息已发出，请到群里查看", "Test message sent; check the group").to_owned(),
                        true,
                    ),
                    Ok(outcome) => {
                        (id, format!("{}{}", pick(l, "未能发出：", "Not delivered: "), outcome.detail), false)
                    }
                    Err(error) => (id, error_text(l, &error), false),
                }));
                busy.set(false);
            });
        })
    };
    let remove = |id: u64| {
        let (reload, said, ctx) = (reload.clone(), said.clone(), ctx.clone());
        Callback::from(move |()| {
            let (reload, said, ctx) = (reload.clone(), said.clone(), ctx.clone());
            yew::platform::spawn_local(async move {
                let result = api::call::<DeleteWebhook>(&[&id.to_string()], &()).await;
                ctx.note(&result);
                match result {
                    Ok(()) => {
                        ctx.done(pick(ctx.lang, "机器人已删除", "Robot removed"));
                        reload.set(*reload + 1);
                    }
                    Err(error) => said.set(Some((id, error_text(ctx.lang, &error), false))),
                }
            });
        })
    };
    let edit = |robot: &WebhookView| {
        let form = form.clone();
        let next = Form {
            editing: Some(robot.id),
            name: robot.name.clone(),
            kind: Some(robot.kind),
            scope: Some(robot.scope),
            url: robot.url.clone(),
            secret: String::new(),
            enabled: robot.enabled,
        };
        Callback::from(move |_: MouseEvent| form.set(Some(next.clone())))
    };
    let retry = |id: u64| {
        let (reload, ctx) = (reload.clone(), ctx.clone());
        Callback::from(move |_: MouseEvent| {
            let (reload, ctx) = (reload.clone(), ctx.clone());
            yew::platform::spawn_local(async move {
                let result = api::call::<RetryDelivery>(&[&id.to_string()], &()).await;
                ctx.note(&result);
                if result.is_ok() {
                    ctx.done(pick(ctx.lang, "已重新发送", "Sent again"));
                }
                reload.set(*reload + 1);
            });
        })
    };
    let open_new = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| form.set(Some(Form::default())))
    };
    html! {
        <section class="card" id="robots">
            <h2>{ pick(l, "群机器人", "Group-chat robots") }</h2>
            <p class="hint">{ pick(l, "按部门或地区接入企业微信、钉钉或飞书群：活动的待办、催办和每日提醒会发到对应的群里。",
                "Connect a WeCom, DingTalk or Feishu group per department or region: to-dos, reminders and the morning digest go there.") }</p>
            if list.is_empty() { <p class="empty">{ pick(l, "还没有机器人", "No robots yet") }</p> }
            <ul class="admin-rows">
                { for list.iter().map(|robot| html! {
                    <li class="admin-row robot-row" data-robot={robot.id.to_string()}>
                        <div class="admin-row-line">
                            <div class="row-main">
                                <span class="row-title">{ &robot.name }</span>
                                <span class="row-meta">{ format!("{} · {}{}{}",
                                    kind_name(l, robot.kind), scope_name(l, robot.scope),
                                    if robot.secret_masked.is_empty() { String::new() } else { format!(" · {} {}", pick(l, "密钥", "secret"), robot.secret_masked) },
                                    if robot.enabled { String::new() } else { format!(" · {}", pick(l, "已停用", "disabled")) }) }</span>
                                if robot.parked > 0 || robot.pending > 0 {
                                    <span class="row-meta">{ format!("{} {} · {} {}", pick(l, "待发送", "waiting"), robot.pending, pick(l, "发送失败", "failed"), robot.parked) }</span>
                                }
                            </div>
                            <div class="row-side">
                                <button class="secondary" id={format!("test-robot-{}", robot.id)} disabled={*busy} onclick={test(robot.id)}>
                                    { if *busy { ctx.t(Text::Sending) } else { pick(l, "发送测试消息", "Send a test message") } }
                                </button>
                                <button class="secondary" id={format!("edit-robot-{}", robot.id)} onclick={edit(robot)}>{ pick(l, "编辑", "Edit") }</button>
                                <ConfirmButton id={format!("delete-robot-{}", robot.id)} class={classes!("secondary")} lang={l}
                                    label={pick(l, "删除", "Remove")}
                                    question={if l == Lang::En { format!("Remove the robot {}? Messages waiting for it are dropped.", robot.name) } else { format!("删除机器人“{}”？等待发给它的消息也会删除。", robot.name) }}
                                    on_confirm={remove(robot.id)} />
                            </div>
                        </div>
                        { note(robot.id) }
                    </li>
                }) }
            </ul>
            if form.is_none() {
                <button id="new-robot-open" onclick={open_new}>{ pick(l, "添加机器人", "Add a robot") }</button>
            }
            if let Some(current) = &*form {
                <RobotForm form={current.clone()} on_done={{
                    let (form, reload) = (form.clone(), reload.clone());
                    Callback::from(move |saved: bool| { form.set(None); if saved { reload.set(*reload + 1) } })
                }} />
            }
            if !parked.is_empty() {
                <h3>{ pick(l, "多次发送失败的消息", "Messages that kept failing") }</h3>
                <ul class="admin-rows" id="parked-deliveries">
                    { for parked.iter().map(|d| html! {
                        <li class="admin-row">
                            <div class="admin-row-line">
                                <div class="row-main">
                                    <span class="row-title">{ &d.title }</span>
                                    <span class="row-meta">{ format!("{} {} · {}", pick(l, "尝试", "attempts"), d.attempts, d.last_error) }</span>
                                </div>
                                <div class="row-side">
                                    <button class="secondary" onclick={retry(d.id)}>{ pick(l, "重新发送", "Try again") }</button>
                                </div>
                            </div>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    form: Form,
    on_done: Callback<bool>,
}

#[function_component(RobotForm)]
fn robot_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let form = use_state(|| props.form.clone());
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let set_text = |apply: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            apply(&mut next, input_value(&e));
            form.set(next);
        })
    };
    let set_kind = {
        let form = form.clone();
        Callback::from(move |value: String| {
            let mut next = (*form).clone();
            next.kind = RobotKind::ALL.into_iter().find(|k| format!("{k:?}") == value);
            form.set(next);
        })
    };
    let set_scope = {
        let form = form.clone();
        Callback::from(move |value: String| {
            let mut next = (*form).clone();
            next.scope = parse_scope(&value);
            form.set(next);
        })
    };
    let ready =
        !form.name.trim().is_empty() && form.kind.is_some() && form.scope.is_some() && !form.url.trim().is_empty();
    let save = {
        let (form, busy, error, ctx, done) =
            (form.clone(), busy.clone(), error.clone(), ctx.clone(), props.on_done.clone());
        Callback::from(move |_: MouseEvent| {
            let (Some(kind), Some(scope)) = (form.kind, form.scope) else { return };
            let input = WebhookInput {
                name: form.name.clone(),
                kind,
                scope,
                url: form.url.clone(),
                // Left empty while editing: the stored secret stays.
                secret: if form.secret.is_empty() && form.editing.is_some() { None } else { Some(form.secret.clone()) },
                enabled: form.enabled,
            };
            let (busy, error, ctx, done, editing) =
                (busy.clone(), error.clone(), ctx.clone(), done.clone(), form.editing);
            busy.set(true);
            yew::platform::spawn_local(async move {
                let result = match editing {
                    Some(id) => api::call::<UpdateWebhook>(&[&id.to_string()], &input).await,
                    None => api::call::<CreateWebhook>(&[], &input).await,
                };
                ctx.note(&result);
                busy.set(false);
                match result {
                    Ok(_) => {
                        ctx.done(pick(ctx.lang, "机器人已保存", "Robot saved"));
                        done.emit(true);
                    }
                    Err(e) => error.set(Some(error_text(ctx.lang, &e))),
                }
            });
        })
    };
    let cancel = {
        let done = props.on_done.clone();
        Callback::from(move |_: MouseEvent| done.emit(false))
    };
    let kinds: Vec<(AttrValue, AttrValue)> =
        RobotKind::ALL.into_iter().map(|k| (format!("{k:?}").into(), kind_name(l, k).into())).collect();
    let hint = form.kind.map(|k| k.hosts().join(" / ")).unwrap_or_default();
    html! {
        // A form (the browser's password handling wants its secret field in one); saving
        // is the button's, never the browser's submit.
        <form class="form robot-form" id="robot-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <h3>{ if form.editing.is_some() { pick(l, "编辑机器人", "Edit the robot") } else { pick(l, "添加机器人", "Add a robot") } }</h3>
            <label for="robot-name">{ pick(l, "名称", "Name") }</label>
            <input id="robot-name" value={form.name.clone()} oninput={set_text(|f, v| f.name = v)} />
            <label for="robot-kind">{ pick(l, "平台", "Platform") }</label>
            <Select id="robot-kind" value={form.kind.map(|k| format!("{k:?}")).unwrap_or_default()} options={kinds}
                placeholder={AttrValue::from(pick(l, "请选择…", "Choose…"))} onchange={set_kind} />
            <label for="robot-scope">{ pick(l, "发给哪个群", "Which group") }</label>
            <Select id="robot-scope" value={form.scope.map(scope_value).unwrap_or_default()} options={scope_options(l)}
                placeholder={AttrValue::from(pick(l, "请选择…", "Choose…"))} onchange={set_scope} />
            <label for="robot-url">{ pick(l, "机器人地址（Webhook）", "Robot address (webhook)") }</label>
            <input id="robot-url" inputmode="url" value={form.url.clone()} oninput={set_text(|f, v| f.url = v)} />
            if !hint.is_empty() { <p class="hint">{ format!("https://{hint}/…") }</p> }
            <label for="robot-secret">{ pick(l, "签名密钥（钉钉加签、飞书签名校验；企业微信不需要）", "Signing secret (DingTalk, Feishu; not WeCom)") }</label>
            <input id="robot-secret" type="password" autocomplete="off" value={form.secret.clone()} oninput={set_text(|f, v| f.secret = v)}
                placeholder={if form.editing.is_some() { pick(l, "不修改请留空", "Leave empty to keep") } else { "" }} />
            if let Some(message) = &*error { <p class="field-error" role="alert" id="robot-error">{ message.clone() }</p> }
            <div class="buttons">
                <button id="robot-save" type="button" disabled={!ready || *busy} onclick={save}>{ if *busy { ctx.t(Text::Sending) } else { ctx.t(Text::Save) } }</button>
                <button class="secondary" type="button" onclick={cancel}>{ ctx.t(Text::No) }</button>
            </div>
        </form>
    }
}
