//! The campaign workspace for the center's staff: needs and brainstorm notes, the plan
//! editor (five sections, budget lines with a live total, every save a new version, two
//! versions side by side), department tasks, design proof rounds with comments pinned to
//! a spot of an image, the VP's approval (send back, override a late start), reminders,
//! shipments, on-site help and the summary. Each panel shows only when `shared` allows
//! the user its action.

use serde::{Deserialize, Serialize};
use shared::Lang;
use shared::api::CampaignDetail;
use shared::campaign::{Brainstorm, Campaign, ShippedItem, TaskStatus};
use shared::endpoints::{Download, url};
use shared::ids::AttachmentId;
use shared::money::Fen;
use shared::plan::{BudgetLine, Pin, PlanDocument, PlanSection};
use shared::workflow::{Action, ActionKind};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{input_value, use_draft};
use crate::api;
use crate::ctx::AppCtx;
use crate::i18n::{Text, pick};
use crate::route::{Route, navigate};
use crate::widgets::{ConfirmButton, Select};

pub use super::campaign::Act;
use shared::workflow::{
    Approve, AssignHelp, CommentProof, DecideProof, OverrideLate, RecordBrainstorm, RecordShipment, SavePlan, SendBack,
    SubmitDraft, SubmitForApproval, SubmitSummary, UpdateTask, UploadProof,
};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub detail: CampaignDetail,
    pub act: Act,
    /// An action of this page is on its way: buttons wait.
    pub busy: bool,
}

#[function_component(StaffPanels)]
pub fn staff_panels(props: &Props) -> Html {
    let Some(ctx) = use_context::<AppCtx>() else { return html! {} };
    let allowed = |kind: ActionKind| props.detail.actions.iter().any(|a| a.action == kind && a.allowed);
    let c = props.detail.campaign.campaign();
    let busy = props.busy;
    html! {
        <>
            if allowed(ActionKind::RecordBrainstorm) { <BrainstormPanel campaign={c.clone()} act={props.act.clone()} busy={busy} /> }
            if allowed(ActionKind::SavePlan) || allowed(ActionKind::SubmitDraft) || allowed(ActionKind::SubmitForApproval) {
                <PlanEditor key={c.plan_versions.len()} campaign={c.clone()} act={props.act.clone()} busy={busy} can_save={allowed(ActionKind::SavePlan)}
                    can_submit_draft={allowed(ActionKind::SubmitDraft)} can_submit={allowed(ActionKind::SubmitForApproval)} />
            }
            if c.plan_versions.len() >= 2 { <VersionDiff campaign={c.clone()} key={c.plan_versions.len()} /> }
            if !c.proofs.is_empty() || allowed(ActionKind::UploadProof) {
                <ProofPanel campaign={c.clone()} act={props.act.clone()} busy={busy}
                    can_upload={allowed(ActionKind::UploadProof)} can_comment={allowed(ActionKind::CommentProof)}
                    can_decide={allowed(ActionKind::DecideProof)} />
            }
            if let Some(money) = props.detail.money.as_ref().filter(|m| m.budget_total.0 > 0 || !c.costs.is_empty()) {
                // Keyed by what it holds: a recorded order or invoice starts its form afresh.
                <super::money::MoneyPanel key={format!("{}-{}-{}", c.costs.orders.len(), c.costs.invoices.len(), c.costs.overruns.len())}
                    campaign={c.clone()} money={money.clone()} act={props.act.clone()} busy={busy}
                    can_order={allowed(ActionKind::RecordOrder)} can_cancel={allowed(ActionKind::CancelOrder)}
                    can_invoice={allowed(ActionKind::RecordInvoice)} can_overrun={allowed(ActionKind::ApproveOverrun)} />
            }
            if allowed(ActionKind::UpdateTask) { { tasks(&ctx, c, &props.act, busy) } }
            if allowed(ActionKind::RecordShipment) { <ShipmentPanel campaign={c.clone()} act={props.act.clone()} busy={busy} /> }
            if allowed(ActionKind::AssignHelp) { { help(&ctx, c, &props.act, busy) } }
            if allowed(ActionKind::SubmitSummary) { <SummaryPanel campaign={c.clone()} act={props.act.clone()} busy={busy} /> }
            <section class="card actions">
                { super::campaign::remind_button(&ctx, &props.detail, &props.act, busy) }
                if c.summary.is_some() {
                    <button class="secondary" id="open-summary" onclick={{ let id = c.id.0; Callback::from(move |_| navigate(&Route::Summary(id))) }}>
                        { ctx.t(Text::PrintSummary) }
                    </button>
                }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PanelProps {
    campaign: Campaign,
    act: Act,
    busy: bool,
}

#[function_component(BrainstormPanel)]
fn brainstorm_panel(props: &PanelProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let key = format!("draft.{}.brainstorm", props.campaign.id);
    let draft = use_draft(key.clone(), || (String::new(), String::new()));
    let Some(ctx) = ctx else { return html! {} };
    let submit = {
        let (act, draft, key) = (props.act.clone(), draft.clone(), key);
        Callback::from(move |_| {
            let attendees: Vec<String> =
                draft.1.split(['、', ',', '，']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
            act.emit((
                Action::RecordBrainstorm(RecordBrainstorm {
                    brainstorm: Brainstorm { notes: draft.0.clone(), attendees },
                }),
                Some(key.clone()),
            ));
        })
    };
    html! {
        <section class="card form" id="brainstorm">
            <h2>{ ctx.t(Text::Brainstorm) }</h2>
            <textarea id="brainstorm-notes" value={draft.0.clone()} oninput={{ let d = draft.clone(); Callback::from(move |e: InputEvent| { let v = input_value(&e); d.update(move |d| d.0 = v) }) }} />
            <label for="brainstorm-attendees">{ ctx.t(Text::Attendees) }</label>
            <input id="brainstorm-attendees" value={draft.1.clone()} oninput={{ let d = draft.clone(); Callback::from(move |e: InputEvent| { let v = input_value(&e); d.update(move |d| d.1 = v) }) }} />
            <button id="brainstorm-submit" disabled={draft.0.trim().is_empty() || props.busy} onclick={submit}>{ if props.busy { ctx.t(Text::Sending) } else { ctx.t(Text::Save) } }</button>
        </section>
    }
}

/// The plan as typed: amounts as the user writes them (yuan), parsed on every change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct PlanDraft {
    theme: String,
    strategy: String,
    implementation: String,
    forecast: String,
    budget: Vec<(String, String)>,
    note: String,
    /// The expected sales in yuan, as typed (drafts kept before it existed have none).
    #[serde(default)]
    forecast_sales: String,
}

impl PlanDraft {
    fn from_plan(plan: &PlanDocument) -> Self {
        PlanDraft {
            theme: plan.theme.clone(),
            strategy: plan.strategy.clone(),
            implementation: plan.implementation.clone(),
            forecast: plan.forecast.clone(),
            budget: plan.budget.iter().map(|l| (l.item.clone(), format!("{:.2}", l.amount.0 as f64 / 100.0))).collect(),
            note: String::new(),
            forecast_sales: plan.forecast_sales.map(|f| format!("{:.2}", f.0 as f64 / 100.0)).unwrap_or_default(),
        }
    }

    /// The document, or the index of the first budget amount that does not parse
    /// (`usize::MAX`: the expected sales do not).
    fn document(&self) -> Result<PlanDocument, usize> {
        let forecast_sales = match self.forecast_sales.trim() {
            "" => None,
            typed => Some(Fen::parse_yuan(typed).ok_or(usize::MAX)?),
        };
        let budget = self
            .budget
            .iter()
            .enumerate()
            .map(|(i, (item, amount))| {
                Fen::parse_yuan(amount).map(|amount| BudgetLine { item: item.clone(), amount }).ok_or(i)
            })
            .collect::<Result<Vec<_>, usize>>()?;
        Ok(PlanDocument {
            theme: self.theme.clone(),
            strategy: self.strategy.clone(),
            implementation: self.implementation.clone(),
            forecast: self.forecast.clone(),
            budget,
            forecast_sales,
        })
    }
}

fn section_name(lang: Lang, section: PlanSection) -> &'static str {
    if lang == Lang::En { section.name_en() } else { section.name_zh() }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    campaign: Campaign,
    act: Act,
    busy: bool,
    can_save: bool,
    can_submit_draft: bool,
    can_submit: bool,
}

/// The plan editor, and sending the plan on (初稿, 报副总经理审核): what is sent is the last
/// saved version, so sending waits until the edits on screen are saved.
#[function_component(PlanEditor)]
fn plan_editor(props: &EditorProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let c = &props.campaign;
    let key = format!("draft.{}.plan", c.id);
    let latest = c.latest_plan().map(|v| v.document.clone()).unwrap_or_default();
    let saved = latest.clone();
    let draft = use_draft(key.clone(), move || PlanDraft::from_plan(&latest));
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let busy = props.busy;
    let document = draft.document();
    let total = document.as_ref().ok().and_then(PlanDocument::budget_total);
    // Unsaved: what is on screen is not the last saved version (amounts compared as
    // amounts, so "12000.5" is "12,000.50").
    let unsaved = document.as_ref().map_or(true, |doc| *doc != saved);
    let problems = match &document {
        Ok(doc) => doc.check_complete(),
        Err(usize::MAX) => {
            vec![shared::messages::FieldError::new("plan.forecast_sales", &shared::messages::Message::AmountOutOfRange)]
        }
        Err(i) => vec![shared::messages::FieldError::new(
            format!("plan.budget[{i}].amount"),
            &shared::messages::Message::AmountOutOfRange,
        )],
    };
    let text_field = |id: &'static str, section: PlanSection, value: &str, apply: fn(&mut PlanDraft, String)| {
        let draft = draft.clone();
        html! {
            <>
                <label for={id}>{ section_name(l, section) }</label>
                <textarea id={id} value={value.to_owned()} oninput={Callback::from(move |e: InputEvent| {
                    let value = input_value(&e);
                    draft.update(move |next| apply(next, value));
                })} />
            </>
        }
    };
    let edit_line = |i: usize, amount: bool| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let value = input_value(&e);
            draft.update(move |next| if amount { next.budget[i].1 = value } else { next.budget[i].0 = value });
        })
    };
    let remove_line = |i: usize| {
        let draft = draft.clone();
        Callback::from(move |_| {
            draft.update(move |next| {
                if i < next.budget.len() {
                    next.budget.remove(i);
                }
            })
        })
    };
    let add_line = {
        let draft = draft.clone();
        Callback::from(move |_| {
            draft.update(move |next| {
                next.budget.push((String::new(), String::new()));
            });
        })
    };
    let save = {
        let (act, draft, key) = (props.act.clone(), draft.clone(), key);
        Callback::from(move |_| {
            if let Ok(plan) = draft.document() {
                act.emit((
                    Action::SavePlan(SavePlan { plan: plan.clone(), note: draft.note.clone() }),
                    Some(key.clone()),
                ));
            }
        })
    };
    let send = |action: Action| {
        let act = props.act.clone();
        Callback::from(move |()| act.emit((action.clone(), None)))
    };
    html! {
        <section class="card form" id="plan-editor">
            if props.can_save {
                <h2>{ format!("{} (v{})", ctx.t(Text::PlanEditor), c.plan_versions.len() + 1) }</h2>
                { text_field("plan-theme", PlanSection::Theme, &draft.theme, |d, v| d.theme = v) }
                { text_field("plan-strategy", PlanSection::Strategy, &draft.strategy, |d, v| d.strategy = v) }
                { text_field("plan-implementation", PlanSection::Implementation, &draft.implementation, |d, v| d.implementation = v) }
                { text_field("plan-forecast", PlanSection::Forecast, &draft.forecast, |d, v| d.forecast = v) }
                <label for="plan-forecast-sales">{ pick(l, "预计销售额（元，整个活动）", "Expected sales (CNY, the whole campaign)") }</label>
                <input id="plan-forecast-sales" inputmode="decimal" value={draft.forecast_sales.clone()}
                    oninput={{ let d = draft.clone(); Callback::from(move |e: InputEvent| { let v = input_value(&e); d.update(move |d| d.forecast_sales = v) }) }} />
                <h3>{ section_name(l, PlanSection::Budget) }</h3>
                if !draft.budget.is_empty() {
                    <div class="line budget-line budget-head" aria-hidden="true">
                        <span>{ pick(l, "项目", "Item") }</span><span>{ pick(l, "金额（元）", "Amount (CNY)") }</span><span></span>
                    </div>
                }
                { for draft.budget.iter().enumerate().map(|(i, (item, amount))| html! {
                    <div class="line budget-line">
                        <input class="b-item" aria-label={ctx.t(Text::Item)} placeholder={ctx.t(Text::Item)} value={item.clone()} oninput={edit_line(i, false)} />
                        <input class={classes!("b-amount", (document == Err(i)).then_some("invalid"))} aria-invalid={(document == Err(i)).then_some("true")}
                            aria-label={pick(l, "金额（元）", "Amount (CNY)")} inputmode="decimal" placeholder={pick(l, "金额（元）", "Amount (CNY)")} value={amount.clone()} oninput={edit_line(i, true)} />
                        <button class="secondary b-remove" onclick={remove_line(i)}>{ ctx.t(Text::Remove) }</button>
                    </div>
                }) }
                <button class="secondary" id="add-budget-line" onclick={add_line}>{ ctx.t(Text::AddRow) }</button>
                <p class="total">{ format!("{}：", ctx.t(Text::Total)) }<strong id="plan-total">{ total.map(|t| t.to_string()).unwrap_or_else(|| "—".into()) }</strong></p>
                <label for="plan-note">{ ctx.t(Text::NoteLabel) }</label>
                <input id="plan-note" value={draft.note.clone()} oninput={{ let d = draft.clone(); Callback::from(move |e: InputEvent| { let v = input_value(&e); d.update(move |d| d.note = v) }) }} />
                if !problems.is_empty() {
                    <ul class="field-errors" id="plan-problems">{ for problems.iter().map(|p| html! { <li class="field-error">{ crate::i18n::field_error(l, p) }</li> }) }</ul>
                }
                <button id="plan-save" disabled={document.is_err() || busy || !unsaved} onclick={save}>
                    { if busy { ctx.t(Text::Sending) } else { ctx.t(Text::SaveVersion) } }
                </button>
            }
            if props.can_submit_draft || props.can_submit {
                if unsaved && props.can_save {
                    <p class="hint warning" id="unsaved-plan">{ pick(l, "有未保存的修改：请先保存为新版本，再提交。", "There are unsaved edits: save them as a new version before sending.") }</p>
                }
                <div class="buttons">
                    if props.can_submit_draft {
                        <ConfirmButton id="submit-draft" lang={l} disabled={unsaved && props.can_save} busy={busy}
                            label={ctx.t(Text::SubmitDraft)}
                            question={format!("{} v{}？", pick(l, "提交初稿", "Send the first draft"), c.plan_versions.len())}
                            on_confirm={send(Action::SubmitDraft(SubmitDraft {}))} />
                    }
                    if props.can_submit {
                        <ConfirmButton id="submit-for-approval" lang={l} disabled={unsaved && props.can_save} busy={busy}
                            label={ctx.t(Text::SubmitForApproval)}
                            question={format!("{} v{}？", pick(l, "把方案报副总经理审核", "Send the plan to the VP"), c.plan_versions.len())}
                            on_confirm={send(Action::SubmitForApproval(SubmitForApproval {}))} />
                    }
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DiffProps {
    campaign: Campaign,
}

/// Two plan versions side by side, changed sections marked.
#[function_component(VersionDiff)]
fn version_diff(props: &DiffProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let versions = &props.campaign.plan_versions;
    let left = use_state(|| versions.len().saturating_sub(2));
    let right = use_state(|| versions.len().saturating_sub(1));
    let Some(ctx) = ctx else { return html! {} };
    let (Some(a), Some(b)) = (versions.get(*left), versions.get(*right)) else { return html! {} };
    let rows = [
        (PlanSection::Theme, a.document.theme.clone(), b.document.theme.clone()),
        (PlanSection::Strategy, a.document.strategy.clone(), b.document.strategy.clone()),
        (PlanSection::Implementation, a.document.implementation.clone(), b.document.implementation.clone()),
        (PlanSection::Forecast, a.document.forecast.clone(), b.document.forecast.clone()),
        (
            PlanSection::Budget,
            a.document.budget.iter().map(|l| format!("{} {}", l.item, l.amount)).collect::<Vec<_>>().join("\n"),
            b.document.budget.iter().map(|l| format!("{} {}", l.item, l.amount)).collect::<Vec<_>>().join("\n"),
        ),
    ];
    let options: Vec<(AttrValue, AttrValue)> = versions
        .iter()
        .enumerate()
        .map(|(i, v)| (AttrValue::from(i.to_string()), AttrValue::from(format!("v{}", v.number))))
        .collect();
    let picker = |state: UseStateHandle<usize>, id: &'static str| {
        let current = *state;
        html! {
            <Select id={id} value={current.to_string()} options={options.clone()}
                onchange={Callback::from(move |value: String| state.set(value.parse().unwrap_or(0)))} />
        }
    };
    html! {
        <section class="card" id="version-diff">
            <h2>{ ctx.t(Text::CompareVersions) }</h2>
            <div class="grid2">{ picker(left.clone(), "diff-left") }{ picker(right.clone(), "diff-right") }</div>
            <table class="diff">
                <tbody>{ for rows.into_iter().map(|(section, x, y)| html! {
                    <tr class={if x != y { "changed" } else { "" }}>
                        <th>{ section_name(ctx.lang, section) }</th><td class="pre">{ x }</td><td class="pre">{ y }</td>
                    </tr>
                }) }</tbody>
            </table>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ProofProps {
    campaign: Campaign,
    act: Act,
    busy: bool,
    can_upload: bool,
    can_comment: bool,
    can_decide: bool,
}

#[function_component(ProofPanel)]
fn proof_panel(props: &ProofProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let pin = use_state(|| None::<Pin>);
    let text = use_state(String::new);
    let uploading = use_state(|| false);
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let c = &props.campaign;
    let upload = {
        let (act, uploading, ctx) = (props.act.clone(), uploading.clone(), ctx.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let (act, uploading, ctx) = (act.clone(), uploading.clone(), ctx.clone());
            uploading.set(true);
            yew::platform::spawn_local(async move {
                let result = api::upload(&file).await;
                ctx.note(&result);
                if let Ok(view) = result {
                    act.emit((Action::UploadProof(UploadProof { files: vec![view.id] }), None));
                }
                uploading.set(false);
            });
        })
    };
    let last = c.proofs.last().cloned();
    html! {
        <section class="card" id="proofs">
            <h2>{ ctx.t(Text::Proofs) }</h2>
            if let [.., before, after] = c.proofs.as_slice() {
                // The last two rounds side by side: what changed since the one before.
                <div class="rounds-compare" id="rounds-compare">
                    { for [before, after].into_iter().map(|round| html! {
                        <figure>
                            <figcaption>{ round_label(l, round, &c.proofs) }</figcaption>
                            { for round.files.iter().take(2).map(|f| super::campaign::thumbnail(*f)) }
                        </figure>
                    }) }
                </div>
            }
            { for c.proofs.iter().map(|round| {
                let is_last = last.as_ref().is_some_and(|r| r.number == round.number);
                html! {
                    <div class="round" data-round={round.number.to_string()}>
                        <h3>{ round_label(l, round, &c.proofs) }
                            if let Some(outcome) = &round.outcome { { format!(" · {}", if outcome.passed { ctx.t(Text::Pass) } else { ctx.t(Text::SendBackRound) }) } }
                        </h3>
                        { for round.files.iter().map(|file| pinnable(*file, round.number, &round.comments, is_last && props.can_comment, pin.clone())) }
                        <ol class="comments">{ for round.comments.iter().enumerate().map(|(i, comment)| html! {
                            <li class="comment">{ format!("{} {}：{}", if comment.pin.is_some() { format!("📍{}", i + 1) } else { String::new() }, comment.author_name, comment.text) }</li>
                        }) }</ol>
                        if is_last && props.can_comment {
                            <p class="hint">{ ctx.t(Text::PinHint) }</p>
                            <div class="line">
                                <input id="pin-comment" value={(*text).clone()} oninput={{ let text = text.clone(); Callback::from(move |e: InputEvent| text.set(input_value(&e))) }} />
                                <button id="add-comment" disabled={text.trim().is_empty() || props.busy} onclick={{
                                    let (act, text, pin, round) = (props.act.clone(), text.clone(), pin.clone(), round.number);
                                    Callback::from(move |_| {
                                        act.emit((Action::CommentProof(CommentProof { round, text: (*text).clone(), pin: *pin }), None));
                                        text.set(String::new());
                                        pin.set(None);
                                    })
                                }}>{ ctx.t(Text::AddComment) }</button>
                            </div>
                        }
                        if is_last && round.outcome.is_none() && props.can_decide {
                            <div class="buttons">
                                <ConfirmButton id="proof-pass" lang={l} busy={props.busy} label={ctx.t(Text::Pass)}
                                    question={pick(l, "这一轮设计稿通过？", "Pass this design round?")}
                                    on_confirm={{ let (act, n) = (props.act.clone(), round.number); Callback::from(move |()| act.emit((Action::DecideProof(DecideProof { round: n, passed: true }), None))) }} />
                                <ConfirmButton id="proof-back" class={classes!("secondary")} lang={l} busy={props.busy} label={ctx.t(Text::SendBackRound)}
                                    question={pick(l, "退回这一轮设计稿，让设计修改？", "Send this round back to design?")}
                                    on_confirm={{ let (act, n) = (props.act.clone(), round.number); Callback::from(move |()| act.emit((Action::DecideProof(DecideProof { round: n, passed: false }), None))) }} />
                            </div>
                        }
                    </div>
                }
            }) }
            if props.can_upload {
                <label class="file-button" for="proof-file">{ if *uploading { ctx.t(Text::Uploading) } else { ctx.t(Text::UploadDraft) } }</label>
                <input id="proof-file" type="file" accept="image/*,application/pdf" onchange={upload} />
            }
        </section>
    }
}

/// An image that takes a pin where it is tapped, showing the pins already there.
fn pinnable(
    file: AttachmentId,
    round: u32,
    comments: &[shared::plan::Comment],
    can_pin: bool,
    pin: UseStateHandle<Option<Pin>>,
) -> Html {
    let tap = {
        let pin = pin.clone();
        Callback::from(move |e: MouseEvent| {
            if !can_pin {
                return;
            }
            let Some(target) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let rect = target.get_bounding_client_rect();
            if rect.width() <= 0.0 || rect.height() <= 0.0 {
                return;
            }
            let x = ((f64::from(e.client_x()) - rect.left()) / rect.width() * 1000.0).clamp(0.0, 1000.0) as u16;
            let y = ((f64::from(e.client_y()) - rect.top()) / rect.height() * 1000.0).clamp(0.0, 1000.0) as u16;
            pin.set(Some(Pin { attachment: file, x_permille: x, y_permille: y }));
        })
    };
    let marker = |n: String, p: &Pin, class: &'static str| {
        html! {
            <span class={classes!("pin", class)} style={format!("left:{}%;top:{}%", f64::from(p.x_permille) / 10.0, f64::from(p.y_permille) / 10.0)}>{ n }</span>
        }
    };
    html! {
        <div class="pinnable" data-file={file.to_string()} data-round={round.to_string()}>
            <img src={url::<Download>(&[&file.to_string()], &())} alt="" onclick={tap} />
            <a class="full-size" href={url::<Download>(&[&file.to_string()], &())} target="_blank" rel="noopener">{ "⤢" }</a>
            { for comments.iter().enumerate().filter_map(|(i, c)| c.pin.filter(|p| p.attachment == file).map(|p| marker((i + 1).to_string(), &p, "saved"))) }
            if let Some(p) = (*pin).filter(|p| p.attachment == file) { { marker("+".into(), &p, "new") } }
        </div>
    }
}

/// The VP's decision, first on the page (`campaign::sections::decision`): what is asked,
/// since when, the plan's essentials, the latest proofs, the budget and the clock, then
/// approve / send back. Laid out to fit a tablet's and a phone's first screen; the whole
/// plan follows below.
#[function_component(DecisionCard)]
pub fn decision_card(props: &Props) -> Html {
    let Some(ctx) = use_context::<AppCtx>() else { return html! {} };
    let l = ctx.lang;
    let detail = &props.detail;
    let c = detail.campaign.campaign();
    let allowed = |kind: ActionKind| detail.actions.iter().any(|a| a.action == kind && a.allowed);
    let (can_approve, can_send_back, can_override) =
        (allowed(ActionKind::Approve), allowed(ActionKind::SendBack), allowed(ActionKind::OverrideLate));
    if !(can_approve || can_send_back || can_override) {
        return html! {};
    }
    let plan = c.latest_plan();
    let submitted = c.history.iter().rev().find(|e| e.action == ActionKind::SubmitForApproval).map(|e| e.on);
    let waited = submitted.map(|on| (on, (ctx.today - on).num_days().max(0)));
    let clip = |text: &str, max: usize| {
        let text = text.trim();
        if text.chars().count() > max {
            format!("{}…", text.chars().take(max).collect::<String>())
        } else {
            text.to_owned()
        }
    };
    let latest_round = c.proofs.last();
    let uncounted = detail.standing.uncounted;
    let clock = match (uncounted, detail.standing.late_working_days, detail.standing.at_risk) {
        (Some(uncounted), _, _) => crate::i18n::uncounted_badge(l, uncounted),
        (None, 0, false) => pick(l, "按期", "On schedule").to_owned(),
        (None, 0, true) => pick(l, "有逾期风险", "At risk of running late").to_owned(),
        (None, n, _) => match l {
            Lang::Zh => format!("已逾期{n}个工作日"),
            Lang::En => format!("{n} working days late"),
        },
    };
    let budget = plan.and_then(|p| p.document.budget_total());
    html! {
        <section class="card vp-decision" id="decision">
            <h2>{ match (l, plan) {
                (Lang::Zh, Some(p)) => format!("请您审批：方案第{}版", p.number),
                (Lang::En, Some(p)) => format!("For your approval: plan version {}", p.number),
                (Lang::Zh, None) => "请您决定".to_owned(),
                (Lang::En, None) => "For your decision".to_owned(),
            } }</h2>
            if let Some((on, days)) = waited {
                <p class="row-meta" id="decision-waited">{ match (l, days) {
                    (Lang::Zh, 0) => format!("{}提交 · 今天提交", crate::i18n::date(l, on)),
                    (Lang::Zh, n) => format!("{}提交 · 已等待{n}天", crate::i18n::date(l, on)),
                    (Lang::En, 0) => format!("Submitted {} · today", crate::i18n::date(l, on)),
                    (Lang::En, n) => format!("Submitted {} · waiting {n} days", crate::i18n::date(l, on)),
                } }</p>
            }
            <dl class="decision-facts">
                if let Some(p) = plan {
                    <dt>{ pick(l, "主题", "Theme") }</dt><dd>{ clip(&p.document.theme, 60) }</dd>
                    <dt class="roomy">{ pick(l, "策略", "Strategy") }</dt><dd class="roomy">{ clip(&p.document.strategy, 90) }</dd>
                    <dt>{ pick(l, "预计销售", "Expected sales") }</dt>
                    <dd>{ p.document.forecast_sales.map_or_else(|| clip(&p.document.forecast, 40), |f| format!("{f} {}", pick(l, "元", "CNY"))) }</dd>
                }
                <dt>{ pick(l, "预算", "Budget") }</dt>
                <dd id="decision-budget">{ match (budget, plan.map_or(0, |p| p.document.budget.len())) {
                    (Some(total), n) if n > 0 => match l {
                        Lang::Zh => format!("{total} 元（{n}项）"),
                        Lang::En => format!("¥{total} ({n} lines)"),
                    },
                    _ => pick(l, "未列预算", "No budget listed").to_owned(),
                } }
                if let Some(m) = detail.money.as_ref().filter(|m| m.committed_total.0 > 0) {
                    { match l {
                        Lang::Zh => format!(" · 已下单 {} 元 · 已开票 {} 元", m.committed_total, m.spent_total),
                        Lang::En => format!(" · ordered ¥{} · invoiced ¥{}", m.committed_total, m.spent_total),
                    } }
                }</dd>
                <dt>{ pick(l, "进度", "Schedule") }</dt>
                <dd id="decision-clock" class={classes!((detail.standing.late_working_days > 0 || detail.standing.at_risk || uncounted.is_some()).then_some("warning"))}>{ clock }</dd>
            </dl>
            if let Some(round) = latest_round {
                <div class="decision-proofs" id="decision-proofs">
                    <span class="row-meta">{ round_label(l, round, &c.proofs) }</span>
                    <div class="thumbs">{ for round.files.iter().take(3).map(|f| super::campaign::thumbnail(*f)) }</div>
                </div>
            }
            <ApprovalPanel campaign={c.clone()} act={props.act.clone()} busy={props.busy} can_approve={can_approve}
                can_override={can_override} can_send_back={can_send_back} />
            <a class="more" href="#plan">{ pick(l, "查看完整方案 ↓", "Read the whole plan ↓") }</a>
        </section>
    }
}

/// A proof round as people name it: its number and step, and when the step is handed in
/// again after being sent back, which time it is (第2轮 · 初案（第2稿）).
pub(crate) fn round_label(l: Lang, round: &shared::plan::ProofRound, rounds: &[shared::plan::ProofRound]) -> String {
    let step = if l == Lang::En { round.step.name_en() } else { round.step.name_zh() };
    let nth = rounds.iter().filter(|r| r.step == round.step && r.number <= round.number).count();
    match (l, nth) {
        (Lang::Zh, 0 | 1) => format!("第{}轮 · {}", round.number, step),
        (Lang::Zh, n) => format!("第{}轮 · {}（第{n}稿）", round.number, step),
        (Lang::En, 0 | 1) => format!("Round {} · {}", round.number, step),
        (Lang::En, n) => format!("Round {} · {} (take {n})", round.number, step),
    }
}

#[derive(Properties, PartialEq)]
struct ApprovalProps {
    campaign: Campaign,
    act: Act,
    busy: bool,
    can_approve: bool,
    can_override: bool,
    can_send_back: bool,
}

/// The VP's decision, below the plan it decides on; each asks before it acts.
#[function_component(ApprovalPanel)]
fn approval_panel(props: &ApprovalProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let text = use_state(String::new);
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let emit = |make: fn(String) -> Action| {
        let (act, text) = (props.act.clone(), text.clone());
        Callback::from(move |()| act.emit((make((*text).clone()), None)))
    };
    let version = props.campaign.latest_plan().map_or(0, |v| v.number);
    html! {
        <div class="form" id="approval">
            // The comment first, then the decisions in one row (a phone's first screen).
            <textarea id="approval-text" rows="2" aria-label={pick(l, "意见", "Comment")}
                placeholder={pick(l, "意见（退回或特批时必填）", "Comment (needed to send back or to let a late one go ahead)")}
                value={(*text).clone()} oninput={{ let text = text.clone(); Callback::from(move |e: InputEvent| text.set(input_value(&e))) }} />
            <div class="buttons">
                if props.can_approve {
                    <ConfirmButton id="approve" lang={l} busy={props.busy} label={ctx.t(Text::Approve)}
                        question={if l == Lang::En { format!("Approve plan v{version}? It then goes to the stores to confirm.") } else { format!("批准方案 v{version}？批准后方案将发给门店确认。") }}
                        on_confirm={{ let act = props.act.clone(); Callback::from(move |()| act.emit((Action::Approve(Approve {}), None))) }} />
                }
                if props.can_send_back {
                    <ConfirmButton id="send-back" class={classes!("secondary")} lang={l} busy={props.busy} disabled={text.trim().is_empty()}
                        label={ctx.t(Text::SendBack)} question={pick(l, "退回后策划需要按意见修改方案，确定退回吗？", "Send the plan back to the planner with this comment?")}
                        on_confirm={emit(|comment| Action::SendBack(SendBack { comment }))} />
                }
                if props.can_override {
                    <ConfirmButton id="override-late" class={classes!("secondary")} lang={l} busy={props.busy} disabled={text.trim().is_empty()}
                        label={ctx.t(Text::OverrideLate)} question={pick(l, "特批这个逾期的活动继续进行？", "Let this late campaign go ahead?")}
                        on_confirm={emit(|reason| Action::OverrideLate(OverrideLate { reason }))} />
                }
            </div>
        </div>
    }
}

fn task_status(l: Lang, status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::Open => pick(l, "未开始", "not started"),
        TaskStatus::InProgress => pick(l, "进行中", "in progress"),
        TaskStatus::Done => pick(l, "已完成", "done"),
    }
}

fn tasks(ctx: &AppCtx, c: &Campaign, act: &Act, busy: bool) -> Html {
    let role = ctx.me.role;
    html! {
        <section class="card" id="tasks">
            <h2>{ ctx.t(Text::Tasks) }</h2>
            <ul>{ for c.tasks.iter().map(|task| {
                let mine = task.department == role;
                let next = match task.status { TaskStatus::Open => TaskStatus::InProgress, _ => TaskStatus::Done };
                let act = act.clone();
                let department = task.department;
                html! {
                    <li>{ format!("{} · {}", if ctx.lang == Lang::En { task.department.name_en() } else { task.department.name_zh() }, task_status(ctx.lang, task.status)) }
                        if mine && task.status != TaskStatus::Done {
                            <button class="secondary" disabled={busy} onclick={Callback::from(move |_| act.emit((Action::UpdateTask(UpdateTask { department, status: next, note: String::new() }), None)))}>
                                { if next == TaskStatus::Done { pick(ctx.lang, "标为完成", "Mark done") } else { pick(ctx.lang, "开始", "Start") } }
                            </button>
                        }
                    </li>
                }
            }) }</ul>
        </section>
    }
}

#[function_component(ShipmentPanel)]
fn shipment_panel(props: &PanelProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let form = use_state(|| (String::new(), "1".to_owned(), String::new()));
    let Some(ctx) = ctx else { return html! {} };
    let c = &props.campaign;
    let waiting: Vec<_> = c
        .stores
        .iter()
        .copied()
        .filter(|s| c.confirmation_of(*s).is_some() && !c.shipments.iter().any(|x| x.store == *s))
        .collect();
    html! {
        <section class="card form" id="shipment">
            <h2>{ ctx.t(Text::Shipment) }</h2>
            <div class="grid3 labelled">
                <div><label for="ship-item">{ ctx.t(Text::Item) }</label>
                    <input id="ship-item" value={form.0.clone()} oninput={{ let f = form.clone(); Callback::from(move |e: InputEvent| f.set((input_value(&e), f.1.clone(), f.2.clone()))) }} /></div>
                <div><label for="ship-qty">{ pick(ctx.lang, "数量", "Quantity") }</label>
                    <input id="ship-qty" inputmode="numeric" value={form.1.clone()} oninput={{ let f = form.clone(); Callback::from(move |e: InputEvent| f.set((f.0.clone(), input_value(&e), f.2.clone()))) }} /></div>
                <div><label for="ship-tracking">{ ctx.t(Text::Tracking) }</label>
                    <input id="ship-tracking" value={form.2.clone()} oninput={{ let f = form.clone(); Callback::from(move |e: InputEvent| f.set((f.0.clone(), f.1.clone(), input_value(&e)))) }} /></div>
            </div>
            <div class="buttons">{ for waiting.into_iter().map(|store| {
                let (act, form, today) = (props.act.clone(), form.clone(), ctx.today);
                html! { <button class="ship-to" data-store={store.to_string()} disabled={form.0.trim().is_empty() || props.busy} onclick={Callback::from(move |_| {
                    let quantity: u32 = form.1.parse().unwrap_or(0);
                    let items = vec![ShippedItem { item: form.0.clone(), quantity }];
                    act.emit((Action::RecordShipment(RecordShipment { store, items, shipped_on: today, tracking: form.2.clone() }), None));
                })}>{ format!("{} → {}", ctx.t(Text::Shipment), ctx.store_name(store)) }</button> }
            }) }</div>
        </section>
    }
}

fn help(ctx: &AppCtx, c: &Campaign, act: &Act, busy: bool) -> Html {
    html! {
        <section class="card" id="help-requests">
            <h2>{ ctx.t(Text::AssignHelp) }</h2>
            <ul>{ for c.help_requests.iter().map(|h| {
                let (act, number, name) = (act.clone(), h.number, ctx.me.name.clone());
                let person = ctx.me.person;
                let kind = match h.kind {
                    shared::campaign::HelpKind::Photography => ctx.t(Text::HelpPhotography),
                    shared::campaign::HelpKind::MarketExecution => ctx.t(Text::HelpExecution),
                };
                html! { <li>{ format!("{} · {} · {} ", ctx.store_name(h.store), kind, h.note) }
                    if h.assigned.is_none() {
                        <button class="secondary" disabled={busy} onclick={Callback::from(move |_| act.emit((Action::AssignHelp(AssignHelp { request: number, person, person_name: name.clone() }), None)))}>{ ctx.t(Text::AssignHelp) }</button>
                    } else { { &h.assigned_name } }
                </li> }
            }) }</ul>
        </section>
    }
}

#[function_component(SummaryPanel)]
fn summary_panel(props: &PanelProps) -> Html {
    let ctx = use_context::<AppCtx>();
    let key = format!("draft.{}.summary", props.campaign.id);
    let notes = use_draft(key.clone(), String::new);
    let Some(ctx) = ctx else { return html! {} };
    let submit = {
        let (act, notes, key) = (props.act.clone(), notes.clone(), key);
        Callback::from(move |_| {
            act.emit((
                Action::SubmitSummary(SubmitSummary { notes: (*notes).clone(), photos: Vec::new() }),
                Some(key.clone()),
            ))
        })
    };
    html! {
        <section class="card form" id="summary-form">
            <h2>{ ctx.t(Text::SummaryTitle) }</h2>
            <textarea id="summary-notes-input" value={(*notes).clone()} oninput={{ let n = notes.clone(); Callback::from(move |e: InputEvent| n.set(input_value(&e))) }} />
            <button id="summary-submit" disabled={notes.trim().is_empty() || props.busy} onclick={submit}>{ if props.busy { ctx.t(Text::Sending) } else { ctx.t(Text::Send) } }</button>
        </section>
    }
}
