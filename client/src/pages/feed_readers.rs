//! The administrator's feed accounts (数据对接账号): the accounts other systems (the head
//! office's roll-up, a BI tool) read the change feed with. Made here with a name; the
//! token is shown once, right after, with the address to read; an account can be turned
//! off (停用) and on again.

use shared::api::{Record, Write};
use shared::endpoints::{CreateFeedReader, ListFeedReaders, UpdateFeedReader};
use shared::feed::{FeedReader, NewFeedReader};
use yew::prelude::*;

use super::input_value;
use crate::api::{self, CallError};
use crate::ctx::AppCtx;
use crate::i18n::pick;

fn said_of(l: shared::Lang, error: CallError) -> String {
    match error {
        CallError::Api { error, .. } => error.message(l).to_owned(),
        CallError::Network => {
            pick(l, "无法连接服务器，未保存", "The server could not be reached; nothing was saved").to_owned()
        }
    }
}

#[function_component(FeedReadersPanel)]
pub fn feed_readers_panel() -> Html {
    let ctx = use_context::<AppCtx>();
    let list = use_state(|| None::<Vec<Record<FeedReader>>>);
    let reload = use_state(|| 0u32);
    let name = use_state(String::new);
    let busy = use_state(|| false);
    let made = use_state(|| None::<NewFeedReader>);
    let said = use_state(|| None::<String>);
    {
        let list = list.clone();
        use_effect_with(*reload, move |_| {
            yew::platform::spawn_local(async move {
                if let Ok(answer) = api::fetch::<ListFeedReaders>(&[], &()).await {
                    list.set(Some(answer));
                }
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let draft = FeedReader { id: 0, name: (*name).clone(), retired: false };
    // The same rule the server applies, on every keystroke (once something is typed).
    let errors = if name.is_empty() { Vec::new() } else { draft.validate() };
    let create = {
        let (busy, made, said, reload, name, ctx) =
            (busy.clone(), made.clone(), said.clone(), reload.clone(), name.clone(), ctx.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy || !draft.validate().is_empty() {
                return;
            }
            busy.set(true);
            said.set(None);
            let body = Write { version: 0, value: draft.clone() };
            let (busy, made, said, reload, name, ctx) =
                (busy.clone(), made.clone(), said.clone(), reload.clone(), name.clone(), ctx.clone());
            yew::platform::spawn_local(async move {
                let result = api::call::<CreateFeedReader>(&[], &body).await;
                ctx.note(&result);
                match result {
                    Ok(new) => {
                        made.set(Some(new));
                        name.set(String::new());
                        reload.set(*reload + 1);
                    }
                    Err(error) => said.set(Some(said_of(ctx.lang, error))),
                }
                busy.set(false);
            });
        })
    };
    let toggle = |record: &Record<FeedReader>| {
        let (said, reload, ctx) = (said.clone(), reload.clone(), ctx.clone());
        let body = Write {
            version: record.version,
            value: FeedReader { retired: !record.value.retired, ..record.value.clone() },
        };
        let id = record.value.id.to_string();
        Callback::from(move |_: MouseEvent| {
            let (said, reload, ctx, body, id) = (said.clone(), reload.clone(), ctx.clone(), body.clone(), id.clone());
            yew::platform::spawn_local(async move {
                let result = api::call::<UpdateFeedReader>(&[&id], &body).await;
                ctx.note(&result);
                if let Err(error) = result {
                    said.set(Some(said_of(ctx.lang, error)));
                }
                reload.set(*reload + 1);
            });
        })
    };
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    html! {
        <section class="card" id="feed-readers">
            <h2>{ pick(l, "数据对接账号", "Data feed accounts") }</h2>
            <p class="hint">{ pick(l,
                "总部汇总或报表工具用这些账号读取本区域的变更（活动、满意度、组织架构），只能读取，不能做任何操作。",
                "The head office's roll-up or a reporting tool reads this region's changes (campaigns, satisfaction, the org) with these accounts: read only, nothing else.") }</p>
            <form id="feed-reader-form" onsubmit={create}>
                <div class="labelled">
                    <label for="feed-reader-name">{ pick(l, "账号名称（谁在使用）", "Name (who reads with it)") }</label>
                    <input id="feed-reader-name" value={(*name).clone()} placeholder={pick(l, "例如：总部数据汇总", "e.g. Head office roll-up")}
                        oninput={{ let name = name.clone(); Callback::from(move |e: InputEvent| name.set(input_value(&e))) }} />
                    { for errors.iter().map(|e| html! { <span class="field-error">{ e.message(l) }</span> }) }
                </div>
                <button type="submit" id="feed-reader-create" class="primary" disabled={*busy || name.trim().is_empty() || !errors.is_empty()}>
                    { if *busy { pick(l, "创建中…", "Creating…") } else { pick(l, "创建账号", "Create account") } }
                </button>
            </form>
            if let Some(new) = &*made {
                <div class="flash" role="status" id="feed-reader-token">
                    <p>{ match l {
                        shared::Lang::Zh => format!("已创建“{}”。令牌只显示这一次，请立即复制并交给使用方：", new.reader.name),
                        shared::Lang::En => format!("“{}” was created. The token is shown only this once: copy it now for whoever reads with it:", new.reader.name),
                    } }</p>
                    <code class="token">{ new.token.clone() }</code>
                    <p class="hint">{ format!("{}{origin}/api/v1/changes?after=0  ·  Authorization: Bearer …", pick(l, "读取地址：", "Read at: ")) }</p>
                </div>
            }
            if let Some(text) = &*said { <p class="field-error" role="alert" id="feed-reader-said">{ text.clone() }</p> }
            { match &*list {
                None => html! { <p class="loading">{ pick(l, "加载中…", "Loading…") }</p> },
                Some(readers) if readers.is_empty() => html! { <p class="empty">{ pick(l, "还没有数据对接账号。", "No feed accounts yet.") }</p> },
                Some(readers) => html! {
                    <ul class="feed-readers" id="feed-reader-list">
                        { for readers.iter().map(|r| html! {
                            <li class={classes!("feed-reader", r.value.retired.then_some("retired"))}>
                                <span class="name">{ r.value.name.clone() }</span>
                                <span class="state">{ if r.value.retired { pick(l, "已停用", "Turned off") } else { pick(l, "使用中", "In use") } }</span>
                                <button type="button" class="secondary" onclick={toggle(r)}>
                                    { if r.value.retired { pick(l, "启用", "Turn on") } else { pick(l, "停用", "Turn off") } }
                                </button>
                            </li>
                        }) }
                    </ul>
                },
            } }
        </section>
    }
}
