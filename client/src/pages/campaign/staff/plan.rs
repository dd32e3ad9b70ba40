//! The plan editor (five sections, budget lines with a live total, every save a new
//! version) with sending the plan on, and two versions side by side.

use serde::{Deserialize, Serialize};
use shared::Lang;
use shared::campaign::Campaign;
use shared::money::Fen;
use shared::plan::{BudgetLine, PlanDocument, PlanSection};
use shared::workflow::{Action, SavePlan, SubmitDraft, SubmitForApproval};
use yew::prelude::*;

use super::super::parts::SendAction;
use crate::ctx::AppCtx;
use crate::i18n::{Text, pick};
use crate::pages::{Draft, input_value, use_draft};
use crate::widgets::{ConfirmButton, Select};

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
pub(super) struct EditorProps {
    pub(super) campaign: Campaign,
    pub(super) act: SendAction,
    pub(super) busy: bool,
    pub(super) can_save: bool,
    pub(super) can_submit_draft: bool,
    pub(super) can_submit: bool,
}

/// The plan editor, and sending the plan on (初稿, 报副总经理审核): what is sent is the last
/// saved version, so sending waits until the edits on screen are saved.
#[function_component(PlanEditor)]
pub(super) fn plan_editor(props: &EditorProps) -> Html {
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
                { budget_editor(&ctx, &draft, &document) }
                <label for="plan-note">{ ctx.t(Text::NoteLabel) }</label>
                <input id="plan-note" value={draft.note.clone()} oninput={{ let d = draft.clone(); Callback::from(move |e: InputEvent| { let v = input_value(&e); d.update(move |d| d.note = v) }) }} />
                if !problems.is_empty() {
                    <ul class="field-errors" id="plan-problems">{ for problems.iter().map(|p| html! { <li class="field-error">{ crate::i18n::field_error(l, p) }</li> }) }</ul>
                }
                <button id="plan-save" disabled={document.is_err() || busy || !unsaved} onclick={save}>
                    { if busy { ctx.t(Text::Sending) } else { ctx.t(Text::SaveVersion) } }
                </button>
            }
            { send_on(&ctx, props, unsaved) }
        </section>
    }
}

/// The budget lines as typed, each amount marked when it does not read, and their total.
fn budget_editor(ctx: &AppCtx, draft: &Draft<PlanDraft>, document: &Result<PlanDocument, usize>) -> Html {
    let l = ctx.lang;
    let total = document.as_ref().ok().and_then(PlanDocument::budget_total);
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
    html! {
        <>
            <h3>{ section_name(l, PlanSection::Budget) }</h3>
            if !draft.budget.is_empty() {
                <div class="line budget-line budget-head" aria-hidden="true">
                    <span>{ pick(l, "项目", "Item") }</span><span>{ pick(l, "金额（元）", "Amount (CNY)") }</span><span></span>
                </div>
            }
            { for draft.budget.iter().enumerate().map(|(i, (item, amount))| html! {
                <div class="line budget-line">
                    <input class="b-item" aria-label={ctx.t(Text::Item)} placeholder={ctx.t(Text::Item)} value={item.clone()} oninput={edit_line(i, false)} />
                    <input class={classes!("b-amount", (*document == Err(i)).then_some("invalid"))} aria-invalid={(*document == Err(i)).then_some("true")}
                        aria-label={pick(l, "金额（元）", "Amount (CNY)")} inputmode="decimal" placeholder={pick(l, "金额（元）", "Amount (CNY)")} value={amount.clone()} oninput={edit_line(i, true)} />
                    <button class="secondary b-remove" onclick={remove_line(i)}>{ ctx.t(Text::Remove) }</button>
                </div>
            }) }
            <button class="secondary" id="add-budget-line" onclick={add_line}>{ ctx.t(Text::AddRow) }</button>
            <p class="total">{ format!("{}：", ctx.t(Text::Total)) }<strong id="plan-total">{ total.map(|t| t.to_string()).unwrap_or_else(|| "—".into()) }</strong></p>
        </>
    }
}

/// Sending the plan on (初稿, 报副总经理审核), once what is on screen is saved.
fn send_on(ctx: &AppCtx, props: &EditorProps, unsaved: bool) -> Html {
    let (l, c, busy) = (ctx.lang, &props.campaign, props.busy);
    let send = |action: Action| {
        let act = props.act.clone();
        Callback::from(move |()| act.emit((action.clone(), None)))
    };
    html! {
        <>
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
        </>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct DiffProps {
    pub(super) campaign: Campaign,
}

/// Two plan versions side by side, changed sections marked.
#[function_component(VersionDiff)]
pub(super) fn version_diff(props: &DiffProps) -> Html {
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
