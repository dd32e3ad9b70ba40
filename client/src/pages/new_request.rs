//! New request (立项): a form per campaign type. Every change runs `shared`'s intake
//! checks, the earliest allowed date is shown before a date is picked, and the submit
//! button lists why it is disabled. Input is kept on the tablet until the server has
//! acknowledged it.

use serde::{Deserialize, Serialize};
use shared::Lang;
use shared::campaign::{CampaignType, Needs};
use shared::endpoints::CreateCampaign;
use shared::intake::{NewCampaign, check_form, lateness_warning};
use shared::messages::FieldError;
use shared::org::Role;
use shared::rules::earliest_video_due;
use shared::workflow::Context;
use yew::prelude::*;

use super::{input_value, use_draft};
use crate::api::{self, CallError};
use crate::ctx::AppCtx;
use crate::i18n::{Text, date, kind_name, pick};
use crate::local;
use crate::route::{Route, navigate};
use crate::widgets::Select;

/// The stores one may request for, by code (the order the center uses).
fn store_options(ctx: &AppCtx) -> Vec<(AttrValue, AttrValue)> {
    let mut stores: Vec<_> = ctx.stores.values().collect();
    stores.sort_by(|a, b| a.code.cmp(&b.code));
    stores.into_iter().map(|s| (AttrValue::from(s.id.to_string()), AttrValue::from(s.name.clone()))).collect()
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub kind: Option<CampaignType>,
}

/// The form as kept on the tablet, with the outbox key of a send not yet acknowledged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Draft {
    form: NewCampaign,
    touched: Vec<String>,
    pending_key: Option<String>,
}

#[function_component(NewRequestPage)]
pub fn new_request_page(props: &Props) -> Html {
    let Some(ctx) = use_context::<AppCtx>() else { return html! {} };
    match props.kind {
        None => chooser(&ctx),
        Some(kind) => html! { <RequestForm kind={kind} key={format!("{kind:?}")} /> },
    }
}

fn chooser(ctx: &AppCtx) -> Html {
    let kinds: Vec<CampaignType> =
        CampaignType::ALL.into_iter().filter(|k| k.creators().contains(&ctx.me.role)).collect();
    html! {
        <section class="card" id="choose-type">
            <h2>{ ctx.t(Text::ChooseType) }</h2>
            <div class="choices">
                { for kinds.into_iter().map(|kind| html! {
                    <button class="choice" data-kind={format!("{kind:?}")}
                        onclick={Callback::from(move |_| navigate(&Route::New(Some(kind))))}>
                        { kind_name(ctx.lang, kind) }
                    </button>
                }) }
            </div>
            <div class="buttons">
                <button id="cancel-choice" class="secondary" onclick={Callback::from(|_| navigate(&Route::Home))}>
                    { pick(ctx.lang, "← 返回", "← Back") }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    kind: CampaignType,
}

#[function_component(RequestForm)]
fn request_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let kind = props.kind;
    let own_store = ctx.as_ref().and_then(|c| c.me.store);
    let draft = use_draft(format!("draft.new.{kind:?}"), move || Draft {
        form: NewCampaign { stores: own_store.into_iter().collect(), ..NewCampaign::empty(kind) },
        touched: Vec::new(),
        pending_key: None,
    });
    let submitting = use_state(|| false);
    let server_errors = use_state(Vec::<FieldError>::new);
    let notice = use_state(|| None::<Text>);

    let refusal = use_state(|| None::<String>);

    // A send that waited in the outbox and has now gone: if the server took it, the
    // draft is done with; if it refused it, the form is open again with its reasons.
    {
        let (draft, server_errors, refusal, ctx) = (draft.clone(), server_errors.clone(), refusal.clone(), ctx.clone());
        let waiting = ctx.as_ref().map_or(0, |c| c.outbox_len);
        use_effect_with(waiting, move |_| {
            if let Some(key) = draft.pending_key.clone()
                && !api::outbox().iter().any(|p| p.key == key)
            {
                if let Some(refused) = api::refused().into_iter().find(|r| r.pending.key == key) {
                    api::discard_refused(&key);
                    let lang = ctx.as_ref().map_or(Lang::Zh, |c| c.lang);
                    refusal.set(Some(if lang == Lang::En {
                        refused.error.message_en
                    } else {
                        refused.error.message_zh
                    }));
                    server_errors.set(refused.error.fields);
                    draft.update(|d| d.pending_key = None);
                } else {
                    local::mine::remove(&format!("draft.new.{kind:?}"));
                    if let Some(ctx) = &ctx {
                        ctx.done(pick(
                            ctx.lang,
                            "申请已提交，等待总部处理",
                            "Request sent; the center will take it from here",
                        ));
                    }
                    navigate(&Route::Home);
                }
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let form = &draft.form;
    let vctx = Context {
        today: ctx.today,
        now_unix_ms: 0,
        calendar: &ctx.calendar,
        templates: &ctx.templates,
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let stores = ctx.stores.clone();
    let verdict = check_form(form, &vctx, &|id| stores.contains_key(&id));
    let errors: Vec<FieldError> = match &verdict {
        Ok(_) => server_errors.to_vec(),
        Err(errors) => errors.clone(),
    };
    let valid = verdict.is_ok() && draft.pending_key.is_none();
    let warning = verdict.as_ref().ok().and_then(lateness_warning);
    let shown = |field: &str| draft.touched.iter().any(|t| t == field);
    let error_for = |field: &str| -> Html {
        match errors.iter().find(|e| e.field == field || e.field.starts_with(&format!("{field}["))) {
            Some(error) if shown(field) || !server_errors.is_empty() => html! {
                <p class="field-error" id={format!("{field}-error")} role="alert">{ error.message(l) }</p>
            },
            _ => html! {},
        }
    };
    let set = {
        let draft = draft.clone();
        move |field: &'static str, apply: fn(&mut NewCampaign, String)| {
            let draft = draft.clone();
            Callback::from(move |e: InputEvent| {
                let value = input_value(&e);
                draft.update(move |next| {
                    apply(&mut next.form, value);
                    if !next.touched.iter().any(|t| t == field) {
                        next.touched.push(field.to_owned());
                    }
                });
            })
        }
    };
    let on_store = {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let store = value.parse().ok().map(shared::ids::StoreId);
            draft.update(move |next| {
                next.form.stores = store.into_iter().collect();
                next.touched.push("stores".into());
            });
        })
    };
    let submit = {
        let (draft, submitting, server_errors, notice, ctx) =
            (draft.clone(), submitting.clone(), server_errors.clone(), notice.clone(), ctx.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !valid || *submitting {
                return;
            }
            submitting.set(true);
            let (draft, submitting, server_errors, notice, ctx) =
                (draft.clone(), submitting.clone(), server_errors.clone(), notice.clone(), ctx.clone());
            yew::platform::spawn_local(async move {
                let label = format!("{}：{}", ctx.t(Text::NewRequest), draft.form.title);
                let result = api::call_or_queue::<CreateCampaign>(&label, &[], &draft.form, None).await;
                ctx.note(&result);
                match result {
                    Ok(Some(created)) => {
                        local::mine::remove(&format!("draft.new.{kind:?}"));
                        ctx.done(format!(
                            "{}：{}",
                            pick(
                                ctx.lang,
                                "申请已提交，等待总部处理",
                                "Request sent; the center will take it from here"
                            ),
                            created.campaign.campaign().title
                        ));
                        navigate(&Route::Home);
                    }
                    Ok(None) => {
                        let key = api::outbox().last().map(|p| p.key.clone());
                        draft.update(move |d| d.pending_key = key);
                        notice.set(Some(Text::QueuedOffline));
                        ctx.outbox_changed.emit(());
                    }
                    Err(CallError::Api { error, .. }) => server_errors.set(error.fields),
                    Err(CallError::Network) => notice.set(Some(Text::Offline)),
                }
                submitting.set(false);
            });
        })
    };

    let date_input = |id: &'static str, label: Text, value: &str, min: Option<String>, cb: Callback<InputEvent>| {
        html! {
            <>
                <label for={id}>{ ctx.t(label) }</label>
                <input id={id} type="date" value={value.to_owned()} min={min} oninput={cb} />
                { error_for(id) }
            </>
        }
    };
    let earliest =
        (kind == CampaignType::VideoProduction).then(|| earliest_video_due(ctx.today, &ctx.calendar).ok()).flatten();
    let blocking: Vec<Html> = errors.iter().map(|e| html! { <li>{ crate::i18n::field_error(l, e) }</li> }).collect();
    html! {
        <section class="card">
            <h2>{ format!("{} · {}", ctx.t(Text::NewRequest), kind_name(l, kind)) }</h2>
            <form id="request-form" onsubmit={submit} novalidate=true>
                if ctx.me.role != Role::StoreManager {
                    <label for="stores">{ ctx.t(Text::Store) }</label>
                    <Select id="stores" value={form.stores.first().map(|s| s.to_string()).unwrap_or_default()}
                        placeholder={AttrValue::from(pick(l, "请选择门店", "Choose a store"))} onchange={on_store}
                        options={store_options(&ctx)} />
                    { error_for("stores") }
                }
                <label for="title">{ ctx.t(Text::Title) }</label>
                <input id="title" value={form.title.clone()} maxlength="100"
                    oninput={set("title", |f, v| f.title = v)} />
                { error_for("title") }
                if kind == CampaignType::VideoProduction {
                    { date_input("due_on", Text::DueOn, &form.due_on, earliest.map(|d| d.to_string()), set("due_on", |f, v| f.due_on = v)) }
                    if let Some(earliest) = earliest {
                        <p class="hint" id="earliest-due">{ format!("{}：{}", ctx.t(Text::EarliestDue), date(l, earliest)) }</p>
                        if ctx.calendar.span_is_provisional(ctx.today, earliest) || shared::clock::parse_iso_date(&form.due_on).is_some_and(|due| ctx.calendar.span_is_provisional(ctx.today, due)) {
                            <p class="hint" id="provisional-note">{ shared::messages::Message::ProvisionalCalendar.text(l) }</p>
                        }
                    }
                } else {
                    { date_input("starts_on", Text::StartsOn, &form.starts_on, Some(ctx.today.to_string()), set("starts_on", |f, v| f.starts_on = v)) }
                    { date_input("ends_on", Text::EndsOn, &form.ends_on, Some(form.starts_on.clone()).filter(|s| !s.is_empty()), set("ends_on", |f, v| f.ends_on = v)) }
                }
                <label for="wishes">{ ctx.t(Text::Wishes) }</label>
                <textarea id="wishes" value={form.needs.wishes.clone()} oninput={set("needs", |f, v| f.needs = Needs { wishes: v, ..f.needs.clone() })} />
                <label for="budget">{ ctx.t(Text::BudgetHint) }</label>
                <input id="budget" value={form.needs.budget_hint.clone()} oninput={set("needs", |f, v| f.needs.budget_hint = v)} />
                if let Some(warning) = warning { <p class="hint warning" id="late-warning">{ warning.text(l) }</p> }
                if let Some(text) = *notice { <p class="hint" id="submit-notice" role="status">{ ctx.t(text) }</p> }
                if let Some(message) = &*refusal {
                    <div class="banner refused" role="alert" id="request-refused">
                        <p><strong>{ pick(l, "这份申请离线时保存，发送时被服务器退回：", "This request, saved offline, was refused when it was sent: ") }</strong>{ message.clone() }</p>
                        <p class="hint">{ pick(l, "您填写的内容都在下面，修改后可以再次提交。", "Everything you entered is below; fix it and submit again.") }</p>
                    </div>
                }
                if !valid && draft.pending_key.is_none() {
                    <div class="blocking" id="submit-blockers">
                        <p>{ ctx.t(Text::FixBeforeSubmit) }</p>
                        <ul>{ for blocking }</ul>
                    </div>
                }
                <div class="buttons">
                    <button id="submit" type="submit" disabled={!valid || *submitting}>
                        { if *submitting { ctx.t(Text::Submitting) } else { ctx.t(Text::Submit) } }
                    </button>
                    // Back without losing anything: the draft stays for next time.
                    <button id="cancel-request" type="button" class="secondary"
                        onclick={Callback::from(|_| navigate(&Route::Home))}>
                        { pick(l, "返回（已填内容会保留）", "Back (what you entered is kept)") }</button>
                </div>
            </form>
        </section>
    }
}
