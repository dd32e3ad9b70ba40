//! New request (立项): a form per campaign type. Every change runs `shared`'s intake
//! checks, the earliest allowed date is shown before a date is picked, and the submit
//! button lists why it is disabled. Input is kept on the tablet until the server has
//! acknowledged it.

use std::rc::Rc;

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

use super::{Draft, input_value, use_draft};
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
struct RequestDraft {
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

/// What sending the form shows, besides the draft (kept on the tablet by `use_draft`).
#[derive(Clone, Default, PartialEq)]
struct Sending {
    /// A send is under way: the button waits.
    submitting: bool,
    /// What the server said was wrong with the fields.
    server_errors: Vec<FieldError>,
    notice: Option<Text>,
    /// A send that waited offline was refused when it went: the server's reason.
    refusal: Option<String>,
}

/// What became of a send.
enum Sent {
    /// The server has it (the page moves on).
    Created,
    /// No connection: it waits in the outbox.
    Queued,
    /// The server refused it, saying why for each field.
    Refused(Vec<FieldError>),
    /// No answer, and not queued.
    Offline,
}

enum Msg {
    Submit,
    Sent(Sent),
    /// A send that waited in the outbox was refused when it went.
    RefusedLater {
        message: String,
        fields: Vec<FieldError>,
    },
}

impl Sending {
    fn update(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            Msg::Submit => next.submitting = true,
            Msg::Sent(sent) => {
                next.submitting = false;
                match sent {
                    Sent::Created => {}
                    Sent::Queued => next.notice = Some(Text::QueuedOffline),
                    Sent::Refused(fields) => next.server_errors = fields,
                    Sent::Offline => next.notice = Some(Text::Offline),
                }
            }
            Msg::RefusedLater { message, fields } => {
                next.refusal = Some(message);
                next.server_errors = fields;
            }
        }
        Rc::new(next)
    }
}

impl Reducible for Sending {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        self.update(msg)
    }
}

/// "申请已提交，等待总部处理".
fn sent_text(l: Lang) -> &'static str {
    pick(l, "申请已提交，等待总部处理", "Request sent; the center will take it from here")
}

/// A send that waited in the outbox and has now gone: if the server took it, the draft
/// is done with; if it refused it, the form is open again with its reasons.
#[hook]
fn use_sent_later(draft: Draft<RequestDraft>, sending: UseReducerDispatcher<Sending>, kind: CampaignType) {
    let ctx = use_context::<AppCtx>();
    let waiting = ctx.as_ref().map_or(0, |c| c.outbox_len);
    use_effect_with(waiting, move |_| {
        if let Some(key) = draft.pending_key.clone()
            && !api::outbox().iter().any(|p| p.key == key)
        {
            if let Some(refused) = api::refused().into_iter().find(|r| r.pending.key == key) {
                api::discard_refused(&key);
                let lang = ctx.as_ref().map_or(Lang::Zh, |c| c.lang);
                let message = if lang == Lang::En { refused.error.message_en } else { refused.error.message_zh };
                sending.dispatch(Msg::RefusedLater { message, fields: refused.error.fields });
                draft.update(|d| d.pending_key = None);
            } else {
                local::mine::remove(&format!("draft.new.{kind:?}"));
                if let Some(ctx) = &ctx {
                    ctx.done(sent_text(ctx.lang));
                }
                navigate(&Route::Home);
            }
        }
    });
}

/// Sends the form (or queues it offline) and says what became of it.
fn send(ctx: AppCtx, draft: Draft<RequestDraft>, sending: UseReducerDispatcher<Sending>, kind: CampaignType) {
    sending.dispatch(Msg::Submit);
    yew::platform::spawn_local(async move {
        let label = format!("{}：{}", ctx.t(Text::NewRequest), draft.form.title);
        let result = api::call_or_queue::<CreateCampaign>(&label, &[], &draft.form, None).await;
        ctx.note(&result);
        let sent = match result {
            Ok(Some(created)) => {
                local::mine::remove(&format!("draft.new.{kind:?}"));
                ctx.done(format!("{}：{}", sent_text(ctx.lang), created.campaign.campaign().title));
                navigate(&Route::Home);
                Sent::Created
            }
            Ok(None) => {
                let key = api::outbox().last().map(|p| p.key.clone());
                draft.update(move |d| d.pending_key = key);
                ctx.outbox_changed.emit(());
                Sent::Queued
            }
            Err(CallError::Api { error, .. }) => Sent::Refused(error.fields),
            Err(CallError::Network) => Sent::Offline,
        };
        sending.dispatch(Msg::Sent(sent));
    });
}

#[function_component(RequestForm)]
fn request_form(props: &FormProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let kind = props.kind;
    let own_store = ctx.as_ref().and_then(|c| c.me.store);
    let draft = use_draft(format!("draft.new.{kind:?}"), move || RequestDraft {
        form: NewCampaign { stores: own_store.into_iter().collect(), ..NewCampaign::empty(kind) },
        touched: Vec::new(),
        pending_key: None,
    });
    let sending = use_reducer(Sending::default);
    use_sent_later(draft.clone(), sending.dispatcher(), kind);
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let vctx = Context {
        today: ctx.today,
        now_unix_ms: 0,
        calendar: &ctx.calendar,
        templates: &ctx.templates,
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let stores = ctx.stores.clone();
    let verdict = check_form(&draft.form, &vctx, &|id| stores.contains_key(&id));
    let errors: Vec<FieldError> = match &verdict {
        Ok(_) => sending.server_errors.clone(),
        Err(errors) => errors.clone(),
    };
    let valid = verdict.is_ok() && draft.pending_key.is_none();
    let warning = verdict.as_ref().ok().and_then(lateness_warning);
    let submit = {
        let (ctx, draft, sending) = (ctx.clone(), draft.clone(), sending.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if valid && !sending.submitting {
                send(ctx.clone(), draft.clone(), sending.dispatcher(), kind);
            }
        })
    };
    html! {
        <section class="card">
            <h2>{ format!("{} · {}", ctx.t(Text::NewRequest), kind_name(l, kind)) }</h2>
            <form id="request-form" onsubmit={submit} novalidate=true>
                { fields(&ctx, kind, &draft, &errors, !sending.server_errors.is_empty()) }
                { status(&ctx, &sending, warning, &errors, valid, draft.pending_key.is_none()) }
                { buttons(&ctx, &sending, valid) }
            </form>
        </section>
    }
}

/// The form's fields, each with its error once touched (or once the server named one).
fn fields(
    ctx: &AppCtx,
    kind: CampaignType,
    draft: &Draft<RequestDraft>,
    errors: &[FieldError],
    server_said: bool,
) -> Html {
    let (l, form) = (ctx.lang, &draft.form);
    let shown = |field: &str| draft.touched.iter().any(|t| t == field);
    let error_for = |field: &str| -> Html {
        match errors.iter().find(|e| e.field == field || e.field.starts_with(&format!("{field}["))) {
            Some(error) if shown(field) || server_said => html! {
                <p class="field-error" id={format!("{field}-error")} role="alert">{ error.message(l) }</p>
            },
            _ => html! {},
        }
    };
    let set = |field: &'static str, apply: fn(&mut NewCampaign, String)| {
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
    html! {
        <>
        if ctx.me.role != Role::StoreManager {
            <label for="stores">{ ctx.t(Text::Store) }</label>
            <Select id="stores" value={form.stores.first().map(|s| s.to_string()).unwrap_or_default()}
                placeholder={AttrValue::from(pick(l, "请选择门店", "Choose a store"))} onchange={on_store}
                options={store_options(ctx)} />
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
        </>
    }
}

/// The lateness warning, what became of the last send, and why the form cannot be sent.
fn status(
    ctx: &AppCtx,
    sending: &Sending,
    warning: Option<shared::messages::Message>,
    errors: &[FieldError],
    valid: bool,
    not_waiting: bool,
) -> Html {
    let l = ctx.lang;
    let blocking: Vec<Html> = errors.iter().map(|e| html! { <li>{ crate::i18n::field_error(l, e) }</li> }).collect();
    html! {
        <>
        if let Some(warning) = warning { <p class="hint warning" id="late-warning">{ warning.text(l) }</p> }
        if let Some(text) = sending.notice { <p class="hint" id="submit-notice" role="status">{ ctx.t(text) }</p> }
        if let Some(message) = &sending.refusal {
            <div class="banner refused" role="alert" id="request-refused">
                <p><strong>{ pick(l, "这份申请离线时保存，发送时被服务器退回：", "This request, saved offline, was refused when it was sent: ") }</strong>{ message.clone() }</p>
                <p class="hint">{ pick(l, "您填写的内容都在下面，修改后可以再次提交。", "Everything you entered is below; fix it and submit again.") }</p>
            </div>
        }
        if !valid && not_waiting {
            <div class="blocking" id="submit-blockers">
                <p>{ ctx.t(Text::FixBeforeSubmit) }</p>
                <ul>{ for blocking }</ul>
            </div>
        }
        </>
    }
}

/// Send, or go back keeping the draft.
fn buttons(ctx: &AppCtx, sending: &Sending, valid: bool) -> Html {
    let l = ctx.lang;
    html! {
        <div class="buttons">
            <button id="submit" type="submit" disabled={!valid || sending.submitting}>
                { if sending.submitting { ctx.t(Text::Submitting) } else { ctx.t(Text::Submit) } }
            </button>
            // Back without losing anything: the draft stays for next time.
            <button id="cancel-request" type="button" class="secondary"
                onclick={Callback::from(|_| navigate(&Route::Home))}>
                { pick(l, "返回（已填内容会保留）", "Back (what you entered is kept)") }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sending() -> Rc<Sending> {
        Rc::new(Sending::default())
    }

    #[test]
    fn the_button_waits_only_while_sending() {
        let s = sending().update(Msg::Submit);
        assert!(s.submitting);
        for sent in [Sent::Created, Sent::Queued, Sent::Offline, Sent::Refused(Vec::new())] {
            assert!(!s.clone().update(Msg::Sent(sent)).submitting);
        }
    }

    #[test]
    fn each_outcome_says_what_became_of_the_send() {
        let s = sending().update(Msg::Submit);
        assert_eq!(s.clone().update(Msg::Sent(Sent::Queued)).notice, Some(Text::QueuedOffline));
        assert_eq!(s.clone().update(Msg::Sent(Sent::Offline)).notice, Some(Text::Offline));
        let field = FieldError::new("title", &shared::messages::Message::Required);
        let refused = s.update(Msg::Sent(Sent::Refused(vec![field.clone()])));
        assert_eq!((refused.notice, refused.server_errors.clone()), (None, vec![field.clone()]));
        let later = refused.update(Msg::RefusedLater { message: "已结束".into(), fields: vec![field] });
        assert_eq!(later.refusal.as_deref(), Some("已结束"));
    }
}
