//! The campaign page's read-only sections: the needs, the stage timeline, the outcome of
//! the last action, the plan, the design files and photos, the history, and what this
//! store confirmed and received; the staff's buttons that take no input.

use shared::Lang;
use shared::api::CampaignDetail;
use shared::campaign::{Campaign, Stage};
use shared::ids::{AttachmentId, StoreId};
use shared::workflow::ActionKind;
use yew::prelude::*;

use super::actions::{Allowed, Note, row};
use super::model::Outcome;
use super::parts::{SendAction, stage_attr, thumbnail};
use crate::ctx::AppCtx;
use crate::i18n::{Text, action_label, date, field_error, pick, short_date, stage_name, t};

pub(super) fn needs_section(ctx: &AppCtx, campaign: &Campaign) -> Html {
    let needs = &campaign.needs;
    let empty = needs.wishes.is_empty()
        && needs.policy.is_empty()
        && needs.budget_hint.is_empty()
        && campaign.brainstorm.is_none();
    if empty {
        return html! {};
    }
    let line = |label: Text, text: &str| {
        if text.is_empty() {
            html! {}
        } else {
            html! { <p><strong>{ format!("{}：", ctx.t(label)) }</strong>{ text.to_owned() }</p> }
        }
    };
    html! {
        <section class="card" id="needs">
            { line(Text::Wishes, &needs.wishes) }
            { line(Text::Policy, &needs.policy) }
            { line(Text::BudgetHint, &needs.budget_hint) }
            if let Some(brainstorm) = &campaign.brainstorm {
                <h3>{ ctx.t(Text::Brainstorm) }</h3>
                <p>{ &brainstorm.notes }</p>
                if !brainstorm.attendees.is_empty() { <p class="hint">{ brainstorm.attendees.join("、") }</p> }
            }
        </section>
    }
}

/// The stages of the campaign's type as its schedule has them: each with the day it is
/// due and the day it was done (late ones marked), the current one with where it stands.
pub(super) fn timeline(l: Lang, detail: &CampaignDetail, current: Stage, today: chrono::NaiveDate) -> Html {
    let stages = &detail.stages;
    let position = stages.iter().position(|s| *s == current);
    let entry = |stage: Stage| schedule_entry(detail, stage);
    html! {
        <ol class="timeline" id="schedule" aria-label={t(l, Text::Timeline)}>
            { for stages.iter().enumerate().map(|(i, stage)| {
                let mut class = match position {
                    _ if current == Stage::Cancelled && entry(*stage).is_some_and(|e| e.done_on.is_some()) => "done",
                    _ if current == Stage::Cancelled => "todo",
                    Some(p) if i < p => "done",
                    Some(p) if i == p => "current",
                    _ => "todo",
                }.to_owned();
                let e = entry(*stage);
                if let Some(e) = e {
                    let late = match e.done_on {
                        Some(done) => done > e.due_on,
                        None => class == "current" && today > e.due_on,
                    };
                    if late {
                        class.push_str(" late");
                    } else if class == "current" && detail.standing.at_risk {
                        class.push_str(" at-risk");
                    }
                }
                html! {
                    <li class={class} data-stage={stage_attr(*stage)}>
                        <span class="stage-name">{ stage_name(l, *stage) }</span>
                        if let Some(e) = e {
                            <span class="plan">{ format!("{} {}", crate::i18n::pick(l, "计划", "due"), short_date(l, e.due_on)) }</span>
                            if let Some(done) = e.done_on {
                                <span class="actual">{ format!("{} {}", crate::i18n::pick(l, "完成", "done"), short_date(l, done)) }</span>
                            }
                        }
                    </li>
                }
            }) }
            if current == Stage::Cancelled { <li class="current cancelled">{ stage_name(l, Stage::Cancelled) }</li> }
        </ol>
    }
}

/// A stage's entry on the campaign's schedule (the center's clock).
#[cfg(feature = "staff")]
fn schedule_entry(detail: &CampaignDetail, stage: Stage) -> Option<&shared::schedule::ScheduleEntry> {
    detail.schedule.iter().find(|e| e.stage == stage)
}

/// A store manager is never sent the schedule (`view::sees_clock`): the timeline shows the
/// stages alone.
#[cfg(not(feature = "staff"))]
fn schedule_entry(_: &CampaignDetail, _: Stage) -> Option<&shared::schedule::ScheduleEntry> {
    None
}

/// One line on the current stage's clock: when it is due and where it stands (the center's;
/// a store reads the timeline).
#[cfg(feature = "staff")]
pub(super) fn stage_clock(
    l: Lang,
    detail: &CampaignDetail,
    today: chrono::NaiveDate,
    calendar: &shared::Calendar,
) -> Html {
    use crate::i18n::standing_badge;
    // A schedule the calendar cannot count says why, never an empty timeline that is
    // never late (R8).
    if let Some(uncounted) = detail.standing.uncounted {
        return html! {
            <p class="hint warning uncounted" id="stage-clock">{ crate::i18n::uncounted_sentence(l, uncounted) }</p>
        };
    }
    let Some(due) = detail.standing.stage_due_on else { return html! {} };
    let stage = stage_name(l, detail.campaign.campaign().stage);
    let words = match standing_badge(l, detail.standing.late_working_days, detail.standing.at_risk) {
        Some((_, words)) => words,
        None => {
            let left = calendar.working_days_between(today, due).unwrap_or(0).max(0);
            match l {
                Lang::Zh => format!("还有{left}个工作日"),
                Lang::En => format!("{left} working days left"),
            }
        }
    };
    let class = if detail.standing.late_working_days > 0 {
        "hint warning"
    } else if detail.standing.at_risk {
        "hint at-risk"
    } else {
        "hint"
    };
    html! {
        <p class={class} id="stage-clock">
            { match l {
                Lang::Zh => format!("本阶段（{stage}）{}前完成，{words}", short_date(l, due)),
                Lang::En => format!("This stage ({stage}) is due {}: {words}", short_date(l, due)),
            } }
            if detail.schedule_estimated { { format!(" · {}", crate::i18n::pick(l, "排期按暂估日历计算", "counted on an estimated calendar")) } }
        </p>
    }
}

pub(super) fn outcome_banner(
    ctx: &AppCtx,
    outcome: &Outcome,
    campaign: &Campaign,
    refresh: Callback<MouseEvent>,
) -> Html {
    match outcome {
        Outcome::None => html! {},
        Outcome::Conflict { seen_history } => html! {
            <div class="banner conflict" id="conflict" role="alert">
                <p>{ ctx.t(Text::Conflict) }</p>
                { for campaign.history.iter().skip(*seen_history).map(|e| html! { <p>{ format!("{} · {}", e.name, stage_name(ctx.lang, e.to)) }</p> }) }
                <button id="reload-campaign" onclick={refresh}>{ ctx.t(Text::Reload) }</button>
            </div>
        },
        Outcome::Refused(fields, message) => html! {
            <div class="banner refused" role="alert" id="refused">
                <p>{ message }</p>
                <ul>{ for fields.iter().map(|f| html! { <li>{ field_error(ctx.lang, f) }</li> }) }</ul>
            </div>
        },
    }
}

/// The store managers' build: a store has no step that needs no input.
#[cfg(not(feature = "staff"))]
pub(super) fn simple_actions(_ctx: &AppCtx, _allowed: &Allowed, _act: &SendAction, _busy: bool) -> Html {
    html! {}
}

/// Buttons for the staff's actions that need no input (their rows in `actions`).
#[cfg(feature = "staff")]
pub(super) fn simple_actions(ctx: &AppCtx, allowed: &Allowed, act: &SendAction, busy: bool) -> Html {
    let buttons: Vec<Html> = allowed
        .buttons()
        .map(|(kind, button)| {
            let act = act.clone();
            html! { <button class="action" data-action={kind.as_str()} disabled={busy}
                onclick={Callback::from(move |_| act.emit(((button.action)(), None)))}>
                { if busy { ctx.t(Text::Sending) } else { ctx.t(button.label) } }
            </button> }
        })
        .collect();
    if buttons.is_empty() {
        return html! {};
    }
    html! { <section class="card actions">{ for buttons }</section> }
}

pub(super) fn plan_section(ctx: &AppCtx, campaign: &Campaign) -> Html {
    // The approved version once there is one, else the latest draft. What a store may
    // see is the server's decision (R4): before approval it sends a store no version.
    let version = campaign
        .approval
        .as_ref()
        .and_then(|approval| campaign.plan_versions.iter().find(|v| v.number == approval.plan_version))
        .or_else(|| campaign.latest_plan());
    let Some(version) = version else {
        return html! { <section class="card" id="plan"><h2>{ ctx.t(Text::Plan) }</h2><p class="empty">{ ctx.t(Text::PlanNotApproved) }</p></section> };
    };
    let plan = &version.document;
    let store_cut = ctx.me.role == shared::org::Role::StoreManager;
    let section = |name: &str, text: &str| html! { <div class="plan-section"><h3>{ name.to_owned() }</h3><p>{ text.to_owned() }</p></div> };
    let names = shared::plan::PlanSection::ALL.map(|s| if ctx.lang == Lang::En { s.name_en() } else { s.name_zh() });
    html! {
        <section class="card" id="plan">
            <h2>{ format!("{} v{}", ctx.t(Text::Plan), version.number) }</h2>
            { section(names[0], &plan.theme) }
            { section(names[1], &plan.strategy) }
            { section(names[2], &plan.implementation) }
            // A store is sent neither the forecast nor the budget (they are the center's
            // business): its plan has the first three sections.
            if !store_cut { { section(names[3], &plan.forecast) } }
            if !store_cut {
                <h3>{ names[4] }</h3>
                <table class="budget">
                    <thead><tr><th>{ ctx.t(Text::Item) }</th><th class="num">{ ctx.t(Text::Amount) }</th></tr></thead>
                    <tbody>{ for plan.budget.iter().map(|line| html! { <tr><td>{ &line.item }</td><td class="num">{ line.amount.to_string() }</td></tr> }) }</tbody>
                    <tfoot><tr><th>{ ctx.t(Text::Total) }</th><th class="num" id="budget-total">{ plan.budget_total().map(|t| t.to_string()).unwrap_or_default() }</th></tr></tfoot>
                </table>
            }
        </section>
    }
}

pub(super) fn files_section(ctx: &AppCtx, campaign: &Campaign) -> Html {
    let mut files: Vec<AttachmentId> = campaign.proofs.iter().flat_map(|r| r.files.iter().copied()).collect();
    files.dedup();
    let photos: Vec<AttachmentId> = campaign
        .receipts
        .iter()
        .flat_map(|r| r.photos.iter().copied())
        .chain(campaign.summary.iter().flat_map(|s| s.photos.iter().copied()))
        .collect();
    if files.is_empty() && photos.is_empty() {
        return html! {};
    }
    html! {
        <section class="card" id="files">
            if !files.is_empty() { <h2>{ ctx.t(Text::DesignFiles) }</h2><div class="thumbs">{ for files.into_iter().map(thumbnail) }</div> }
            if !photos.is_empty() { <h2>{ ctx.t(Text::Photos) }</h2><div class="thumbs">{ for photos.into_iter().map(thumbnail) }</div> }
        </section>
    }
}

pub(super) fn history_section(ctx: &AppCtx, campaign: &Campaign) -> Html {
    html! {
        <section class="card" id="history">
            <h2>{ ctx.t(Text::History) }</h2>
            <ol class="history">
                { for campaign.history.iter().rev().map(|e| html! {
                    <li>
                        <span class="when">{ date(ctx.lang, e.on) }</span>
                        <span class="who">{ &e.name }</span>
                        <span class="what">{ action_label(ctx.lang, e.action) }
                            if e.from != e.to && e.action != ActionKind::Create { { " → " }{ stage_name(ctx.lang, e.to) } }
                        </span>
                        if !e.note.is_empty() { <span class="note">{ history_note(ctx, e) }</span> }
                    </li>
                }) }
            </ol>
        </section>
    }
}

/// A history entry's note as people read it: a tracking number or an amount says what
/// it is.
fn history_note(ctx: &AppCtx, e: &shared::campaign::HistoryEntry) -> String {
    match row(e.action).note {
        Note::Tracking => format!("{}：{}", ctx.t(Text::Tracking), e.note),
        Note::Sales => format!("{}：¥{}", ctx.t(Text::SalesAmount), e.note),
        Note::Plain => e.note.clone(),
    }
}

/// What this store confirmed, once it has: the record a store manager can point to.
pub(super) fn my_confirmation(ctx: &AppCtx, campaign: &Campaign, store: StoreId) -> Html {
    let l = ctx.lang;
    let Some(c) = campaign.confirmations.iter().rev().find(|c| c.store == store) else { return html! {} };
    let plan = &c.plan;
    html! {
        <section class="card" id="my-confirmation">
            <h2>{ format!("{} · {}", pick(l, "本店已确认", "Confirmed by the store"), date(l, c.on)) }</h2>
            <dl class="facts">
                <dt>{ pick(l, "活动时间", "Dates") }</dt><dd>{ format!("{} – {}", date(l, plan.starts_on), date(l, plan.ends_on)) }</dd>
                <dt>{ ctx.t(Text::ShipOn) }</dt><dd>{ date(l, plan.ship_on) }</dd>
                if !plan.policy.is_empty() { <dt>{ ctx.t(Text::Policy) }</dt><dd>{ &plan.policy }</dd> }
            </dl>
            if !plan.materials.is_empty() {
                <h3>{ ctx.t(Text::Materials) }</h3>
                <ul>{ for plan.materials.iter().map(|m| html! { <li>{ format!("{} {} × {}", m.item, m.size, m.quantity) }</li> }) }</ul>
            }
            if !plan.gifts.is_empty() {
                <h3>{ ctx.t(Text::Gifts) }</h3>
                <ul>{ for plan.gifts.iter().map(|g| html! { <li>{ format!("{} × {}", g.item, g.quantity) }</li> }) }</ul>
            }
        </section>
    }
}

/// What was shipped to this store and what it reported on arrival (its own receipt:
/// what was short or damaged, its notes and photos), with what the center did about a
/// discrepancy (its entries about this store after the receipt).
pub(super) fn my_delivery(ctx: &AppCtx, campaign: &Campaign, store: StoreId) -> Html {
    let l = ctx.lang;
    let shipments: Vec<&shared::campaign::Shipment> = campaign.shipments.iter().filter(|s| s.store == store).collect();
    let receipt = campaign.receipt_of(store);
    if shipments.is_empty() && receipt.is_none() {
        return html! {};
    }
    // What the center recorded about this store after its receipt came in.
    let reported_at = campaign
        .history
        .iter()
        .find(|e| e.action == ActionKind::ConfirmReceipt && e.store == Some(store))
        .map(|e| e.seq);
    let answers: Vec<&shared::campaign::HistoryEntry> = match (receipt, reported_at) {
        (Some(r), Some(seq)) if r.has_discrepancy() => campaign
            .history
            .iter()
            .filter(|e| e.seq > seq && e.store == Some(store) && e.role != shared::org::Role::StoreManager)
            .filter(|e| !e.note.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    html! {
        <section class="card" id="my-delivery">
            <h2>{ pick(l, "本店的物料", "The store's delivery") }</h2>
            { for shipments.iter().map(|s| html! {
                <dl class="facts shipment">
                    <dt>{ pick(l, "发货日期", "Shipped on") }</dt><dd>{ date(l, s.shipped_on) }</dd>
                    <dt>{ pick(l, "发货内容", "Shipped") }</dt>
                    <dd>{ s.items.iter().map(|i| format!("{} × {}", i.item, i.quantity)).collect::<Vec<_>>().join(pick(l, "；", "; ")) }</dd>
                    if !s.tracking.is_empty() { <dt>{ ctx.t(Text::Tracking) }</dt><dd class="tracking">{ &s.tracking }</dd> }
                </dl>
            }) }
            if let Some(r) = receipt {
                <h3>{ format!("{} · {}", pick(l, "本店到货确认", "What the store reported on arrival"), date(l, r.on)) }</h3>
                <table class="receipt" id="my-receipt">
                    <thead><tr>
                        <th>{ ctx.t(Text::Item) }</th><th class="num">{ ctx.t(Text::Expected) }</th>
                        <th class="num">{ ctx.t(Text::Received) }</th><th class="num">{ ctx.t(Text::Damaged) }</th><th>{ ctx.t(Text::Note) }</th>
                    </tr></thead>
                    <tbody>{ for r.lines.iter().map(|line| html! {
                        <tr class={if line.has_discrepancy() { "receipt-line short" } else { "receipt-line" }}>
                            <td>{ &line.item }</td><td class="num">{ line.expected }</td><td class="num">{ line.received }</td>
                            <td class="num">{ line.damaged }</td><td>{ &line.note }</td>
                        </tr>
                    }) }</tbody>
                </table>
                if !r.photos.is_empty() { <div class="thumbs">{ for r.photos.iter().copied().map(thumbnail) }</div> }
                if r.has_discrepancy() {
                    <h3>{ pick(l, "中心的处理", "What the center did") }</h3>
                    if answers.is_empty() {
                        <p class="hint" id="center-answer-waiting">{ pick(l, "已报告差异，中心尚未回复；急事请联系负责的企划。",
                            "The discrepancy is reported; the center has not answered yet. If it is urgent, call the planner in charge.") }</p>
                    } else {
                        <ul id="center-answers">{ for answers.iter().map(|e| html! {
                            <li>{ format!("{} · {} · {}", date(l, e.on), e.name, e.note) }</li>
                        }) }</ul>
                    }
                }
            }
        </section>
    }
}
