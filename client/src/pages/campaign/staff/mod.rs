//! The campaign workspace for the center's staff: needs and brainstorm notes, the plan
//! editor (`plan`), department tasks, design proof rounds (`proofs`), the VP's decision
//! (`decision`), the money (`super::money`), reminders, shipments, on-site help and the
//! summary. Each panel shows only when `shared` allows the user one of its actions (its
//! place in `super::actions`).

mod decision;
mod plan;
mod proofs;

use shared::Lang;
use shared::api::CampaignDetail;
use shared::campaign::{Brainstorm, Campaign, ShippedItem, TaskStatus};
use shared::workflow::{Action, AssignHelp, RecordBrainstorm, RecordShipment, SubmitSummary, UpdateTask};
use yew::prelude::*;

pub(super) use self::decision::DecisionCard;
use self::plan::{PlanEditor, VersionDiff};
use self::proofs::ProofPanel;
use super::actions::{Allowed, Panel, PlanStep, ProofStep};
use super::money::MoneyPanel;
use super::parts::{SendAction, remind_button};
use crate::ctx::AppCtx;
use crate::i18n::{Text, pick};
use crate::pages::{input_value, use_draft};
use crate::route::{Route, navigate};

#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    pub(crate) detail: CampaignDetail,
    pub(crate) allowed: Allowed,
    pub(crate) act: SendAction,
    /// An action of this page is on its way: buttons wait.
    pub(crate) busy: bool,
}

#[function_component(StaffPanels)]
pub(super) fn staff_panels(props: &Props) -> Html {
    let Some(ctx) = use_context::<AppCtx>() else { return html! {} };
    let open = |panel: Panel| props.allowed.panel(panel);
    let c = props.detail.campaign.campaign();
    let (act, busy) = (props.act.clone(), props.busy);
    let plan = |step: PlanStep| open(Panel::Plan(step));
    let proofs = |step: ProofStep| open(Panel::Proofs(step));
    html! {
        <>
            if open(Panel::Brainstorm) { <BrainstormPanel campaign={c.clone()} act={act.clone()} {busy} /> }
            if plan(PlanStep::Save) || plan(PlanStep::SubmitDraft) || plan(PlanStep::SubmitForApproval) {
                <PlanEditor key={c.plan_versions.len()} campaign={c.clone()} act={act.clone()} {busy} can_save={plan(PlanStep::Save)}
                    can_submit_draft={plan(PlanStep::SubmitDraft)} can_submit={plan(PlanStep::SubmitForApproval)} />
            }
            if c.plan_versions.len() >= 2 { <VersionDiff campaign={c.clone()} key={c.plan_versions.len()} /> }
            if !c.proofs.is_empty() || proofs(ProofStep::Upload) {
                <ProofPanel campaign={c.clone()} act={act.clone()} {busy}
                    can_upload={proofs(ProofStep::Upload)} can_comment={proofs(ProofStep::Comment)}
                    can_decide={proofs(ProofStep::Decide)} />
            }
            if let Some(money) = props.detail.money.as_ref().filter(|m| m.budget_total.0 > 0 || !c.costs.is_empty()) {
                // Keyed by what it holds: a recorded order or invoice starts its form afresh.
                <MoneyPanel key={format!("{}-{}-{}", c.costs.orders.len(), c.costs.invoices.len(), c.costs.overruns.len())}
                    campaign={c.clone()} money={money.clone()} act={act.clone()} {busy} allowed={props.allowed.clone()} />
            }
            if open(Panel::Tasks) { { tasks(&ctx, c, &act, busy) } }
            if open(Panel::Shipment) { <ShipmentPanel campaign={c.clone()} act={act.clone()} {busy} /> }
            if open(Panel::AssignHelp) { { help(&ctx, c, &act, busy) } }
            if open(Panel::Summary) { <SummaryPanel campaign={c.clone()} act={act.clone()} {busy} /> }
            <section class="card actions">
                { remind_button(&ctx, &props.detail, &act, busy) }
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
    act: SendAction,
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

fn task_status(l: Lang, status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::Open => pick(l, "未开始", "not started"),
        TaskStatus::InProgress => pick(l, "进行中", "in progress"),
        TaskStatus::Done => pick(l, "已完成", "done"),
    }
}

fn tasks(ctx: &AppCtx, c: &Campaign, act: &SendAction, busy: bool) -> Html {
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

fn help(ctx: &AppCtx, c: &Campaign, act: &SendAction, busy: bool) -> Html {
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
