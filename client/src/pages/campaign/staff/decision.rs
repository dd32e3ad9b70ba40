//! The VP's decision card, first on the page: what is asked, the plan's essentials, the
//! latest proofs, the budget and the clock, then approve, send back or let a late one go.

use shared::Lang;
use shared::campaign::Campaign;
use shared::workflow::{Action, ActionKind, Approve, OverrideLate, SendBack};
use yew::prelude::*;

use super::super::actions::{Decision, Panel};
use super::super::parts::{SendAction, thumbnail};
use super::Props;
use super::proofs::round_label;
use crate::ctx::AppCtx;
use crate::i18n::{Text, pick};
use crate::pages::input_value;
use crate::widgets::ConfirmButton;

/// The VP's decision, first on the page (`View::decision` in `campaign`): what is asked,
/// since when, the plan's essentials, the latest proofs, the budget and the clock, then
/// approve / send back. Laid out to fit a tablet's and a phone's first screen; the whole
/// plan follows below.
#[function_component(DecisionCard)]
pub(crate) fn decision_card(props: &Props) -> Html {
    let Some(ctx) = use_context::<AppCtx>() else { return html! {} };
    let l = ctx.lang;
    let detail = &props.detail;
    let c = detail.campaign.campaign();
    let open = |decision: Decision| props.allowed.panel(Panel::Decision(decision));
    let (can_approve, can_send_back, can_override) =
        (open(Decision::Approve), open(Decision::SendBack), open(Decision::OverrideLate));
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
                    <div class="thumbs">{ for round.files.iter().take(3).map(|f| thumbnail(*f)) }</div>
                </div>
            }
            <ApprovalPanel campaign={c.clone()} act={props.act.clone()} busy={props.busy} can_approve={can_approve}
                can_override={can_override} can_send_back={can_send_back} />
            <a class="more" href="#plan">{ pick(l, "查看完整方案 ↓", "Read the whole plan ↓") }</a>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ApprovalProps {
    campaign: Campaign,
    act: SendAction,
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
