//! The administrator's schedule templates (the campaign's clock): for each campaign type,
//! the working days each stage takes and how long before the event the event-bound stage
//! must be done. Checked as it is typed (`Template::check`); a change applies to campaigns
//! requested from the next day on.

use shared::api::{ScheduleTemplateView, ScheduleTemplates};
use shared::campaign::CampaignType;
use shared::endpoints::{GetScheduleTemplates, SetScheduleTemplate};
use shared::schedule::{Template, event_stage};
use yew::prelude::*;

use super::input_value;
use crate::api::{self, CallError};
use crate::ctx::AppCtx;
use crate::i18n::{date, field_error, kind_name, pick, stage_name};

#[function_component(ScheduleTemplatesPanel)]
pub fn schedule_templates_panel() -> Html {
    let ctx = use_context::<AppCtx>();
    let list = use_state(|| None::<Vec<ScheduleTemplateView>>);
    let kind = use_state(|| CampaignType::HolidayPromotion);
    // The template being edited (of `kind`), as typed: each number as text.
    let draft = use_state(|| None::<(Vec<String>, String)>);
    let busy = use_state(|| false);
    let said = use_state(|| None::<String>);
    {
        let list = list.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                if let Ok(answer) = api::fetch::<GetScheduleTemplates>(&[], &()).await {
                    list.set(Some(answer.templates));
                }
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let Some(views) = &*list else { return html! { <p class="loading">{ pick(l, "加载中…", "Loading…") }</p> } };
    let Some(view) = views.iter().find(|v| v.kind == *kind).cloned() else { return html! {} };
    // What is edited: the template saved for tomorrow on, else the one in force.
    let shown = view.next.clone().unwrap_or_else(|| view.template());
    let stages_of_view = shown.stages.clone();
    let (days, lead) = (*draft).clone().unwrap_or_else(|| {
        (shown.stages.iter().map(|s| s.working_days.to_string()).collect(), shown.lead_working_days.to_string())
    });
    // The draft as a template: a number that is not one counts as too many days.
    let typed = Template {
        kind: *kind,
        stages: stages_of_view
            .iter()
            .zip(&days)
            .map(|(s, text)| shared::schedule::StageDays {
                stage: s.stage,
                working_days: text.trim().parse().unwrap_or(u32::MAX),
            })
            .collect(),
        lead_working_days: lead.trim().parse().unwrap_or(u32::MAX),
    };
    let errors = typed.check().err().unwrap_or_default();
    let error_of = |field: &str| errors.iter().find(|e| e.field == field).map(|e| field_error(l, e));
    let choose = {
        let (kind, draft, said) = (kind.clone(), draft.clone(), said.clone());
        Callback::from(move |k: CampaignType| {
            kind.set(k);
            draft.set(None);
            said.set(None);
        })
    };
    let set_day = |i: usize| {
        let (draft, days, lead) = (draft.clone(), days.clone(), lead.clone());
        Callback::from(move |e: InputEvent| {
            let mut days = days.clone();
            if let Some(d) = days.get_mut(i) {
                *d = input_value(&e);
            }
            draft.set(Some((days, lead.clone())));
        })
    };
    let set_lead = {
        let (draft, days) = (draft.clone(), days.clone());
        Callback::from(move |e: InputEvent| draft.set(Some((days.clone(), input_value(&e)))))
    };
    let save = {
        let (typed, busy, said, list, draft, ctx) =
            (typed.clone(), busy.clone(), said.clone(), list.clone(), draft.clone(), ctx.clone());
        let valid = errors.is_empty();
        Callback::from(move |_| {
            if *busy || !valid {
                return;
            }
            busy.set(true);
            let (typed, busy, said, list, draft, ctx) =
                (typed.clone(), busy.clone(), said.clone(), list.clone(), draft.clone(), ctx.clone());
            yew::platform::spawn_local(async move {
                let result = api::call::<SetScheduleTemplate>(&[typed.kind.as_str()], &typed).await;
                ctx.note(&result);
                let l = ctx.lang;
                said.set(Some(match result {
                    Ok(ScheduleTemplates { templates }) => {
                        list.set(Some(templates));
                        draft.set(None);
                        pick(
                            l,
                            "已保存：今天起新提交的这类活动按新排期计算",
                            "Saved: campaigns of this type requested from today on follow it",
                        )
                        .to_owned()
                    }
                    Err(CallError::Api { error, .. }) => error.message(l).to_owned(),
                    Err(_) => pick(l, "无法连接服务器，未保存", "The server could not be reached; nothing was saved")
                        .to_owned(),
                }));
                busy.set(false);
            });
        })
    };
    let needed: u32 =
        typed.stages.iter().take_while(|s| s.stage <= event_stage(*kind)).map(|s| s.working_days.min(999)).sum::<u32>()
            + typed.lead_working_days.min(999);
    html! {
        <section class="card" id="schedule-templates">
            <h2>{ pick(l, "排期模板", "Schedule templates") }</h2>
            <p class="hint">{ pick(l,
                "每类活动各阶段需要的工作日，和最后一个活动前阶段需在活动开始前几个工作日完成。活动的排期从活动日期倒推，遇节假日和调休自动顺延。修改从明天起提交的活动开始适用，已提交的活动不变。",
                "The working days each stage of a campaign type takes, and how many working days before the event its last stage before the event must be done. A campaign's schedule is counted back from its event on the working-day calendar. A change applies to campaigns requested from tomorrow on; those already requested keep theirs.") }</p>
            <div class="choices" role="tablist">
                { for CampaignType::ALL.into_iter().map(|k| {
                    let choose = choose.clone();
                    html! { <button class={if k == *kind { "choice selected" } else { "choice" }} onclick={Callback::from(move |_| choose.emit(k))}>{ kind_name(l, k) }</button> }
                }) }
            </div>
            if view.next.is_some() {
                <p class="hint" id="tpl-next">{ pick(l, "已保存的修改明天起适用：今天提交的活动仍按原模板计算", "The saved change applies from tomorrow: today's requests follow the template in force") }</p>
            }
            if let Some(from) = view.applies_from {
                <p class="hint">{ format!("{}{}", pick(l, "当前模板自以下日期起适用：", "In force since "), date(l, from)) }</p>
            } else {
                <p class="hint">{ pick(l, "当前为系统默认模板", "The default template is in force") }</p>
            }
            <table class="schedule-template">
                <thead><tr><th>{ pick(l, "阶段", "Stage") }</th><th>{ pick(l, "工作日", "Working days") }</th></tr></thead>
                <tbody>
                    { for stages_of_view.iter().enumerate().map(|(i, s)| {
                        let field = format!("stages[{i}].working_days");
                        html! {
                            <tr>
                                <td><label for={format!("tpl-{i}")}>{ stage_name(l, s.stage) }
                                    if s.stage == event_stage(*kind) { <span class="hint">{ pick(l, "（活动前完成）", " (before the event)") }</span> }
                                </label></td>
                                <td><input id={format!("tpl-{i}")} type="number" inputmode="numeric" min="0" value={days.get(i).cloned().unwrap_or_default()} oninput={set_day(i)} />
                                    if let Some(error) = error_of(&field) { <span class="field-error">{ error }</span> }</td>
                            </tr>
                        }
                    }) }
                    <tr>
                        <td><label for="tpl-lead">{ pick(l, "提前完成（活动开始前的工作日）", "Done this many working days before the event") }</label></td>
                        <td><input id="tpl-lead" type="number" inputmode="numeric" min="0" value={lead.clone()} oninput={set_lead} />
                            if let Some(error) = error_of("lead_working_days") { <span class="field-error">{ error }</span> }</td>
                    </tr>
                </tbody>
            </table>
            <p id="tpl-needed">{ match l {
                shared::Lang::Zh => format!("按此模板，提交后至少需要{needed}个工作日才赶得上活动；少于此的申请需副总经理特批。"),
                shared::Lang::En => format!("Under this template a request needs {needed} working days before its event; shorter ones need the VP's override."),
            } }</p>
            <button id="tpl-save" class="primary" disabled={*busy || !errors.is_empty()} onclick={save}>
                { if *busy { pick(l, "保存中…", "Saving…") } else { pick(l, "保存模板", "Save template") } }
            </button>
            if let Some(text) = &*said { <p class="flash" role="status" id="tpl-said">{ text }</p> }
        </section>
    }
}
