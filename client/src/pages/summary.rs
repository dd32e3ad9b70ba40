//! The printable campaign summary (活动总结): what the center used to make as a PPT —
//! the campaign, its approved plan and budget, what each store confirmed and received,
//! sales, the summary notes and photos, and the ratings. The print stylesheet hides the
//! app around it.

use shared::api::CampaignDetail;
use shared::endpoints::{GetCampaign, GetThumbnail, url};
use yew::prelude::*;

use crate::api;
use crate::app::{AppCtx, not_found};
use crate::i18n::{Text, date, kind_name};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: u64,
}

#[function_component(SummaryPage)]
pub fn summary_page(props: &Props) -> Html {
    let ctx = use_context::<AppCtx>();
    let detail = use_state(|| None::<Option<CampaignDetail>>);
    {
        let (detail, id) = (detail.clone(), props.id);
        use_effect_with(id, move |_| {
            yew::platform::spawn_local(async move {
                let result = api::fetch::<GetCampaign>(&[&id.to_string()], &()).await;
                detail.set(Some(result.ok()));
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let detail = match &*detail {
        None => return html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> },
        Some(None) => return not_found(l),
        Some(Some(detail)) => detail,
    };
    let c = detail.campaign.campaign();
    let plan = c
        .approval
        .as_ref()
        .and_then(|a| c.plan_versions.iter().find(|v| v.number == a.plan_version))
        .or(c.latest_plan());
    let print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    html! {
        <article class="card printable" id="summary-page">
            <div class="toolbar"><button id="print" onclick={print}>{ ctx.t(Text::PrintSummary) }</button></div>
            <h1>{ format!("{} · {}", c.title, ctx.t(Text::SummaryTitle)) }</h1>
            <p>{ kind_name(l, c.kind) }{ " · " }{ c.stores.iter().map(|s| ctx.store_name(*s)).collect::<Vec<_>>().join("、") }</p>
            <p>
                if let Some(s) = c.starts_on { { format!("{} {}  ", ctx.t(Text::Starts), date(l, s)) } }
                if let Some(e) = c.ends_on { { format!("{} {}", ctx.t(Text::Ends), date(l, e)) } }
            </p>
            if let Some(version) = plan {
                <h2>{ format!("{} v{}", ctx.t(Text::Plan), version.number) }</h2>
                <p><strong>{ "主题 · " }</strong>{ &version.document.theme }</p>
                <p><strong>{ "策略 · " }</strong>{ &version.document.strategy }</p>
                <p><strong>{ "效果预测 · " }</strong>{ &version.document.forecast }</p>
                <table>
                    <tbody>{ for version.document.budget.iter().map(|b| html! { <tr><td>{ &b.item }</td><td class="num">{ b.amount.to_string() }</td></tr> }) }</tbody>
                    <tfoot><tr><th>{ ctx.t(Text::Total) }</th><th class="num">{ version.document.budget_total().map(|t| t.to_string()).unwrap_or_default() }</th></tr></tfoot>
                </table>
            }
            <h2>{ ctx.t(Text::Sales) }</h2>
            <table id="summary-sales">
                <tbody>{ for c.sales.iter().map(|s| html! { <tr><td>{ ctx.store_name(s.store) }</td><td>{ date(l, s.reported_on) }</td><td class="num">{ s.amount.to_string() }</td></tr> }) }</tbody>
            </table>
            if let Some(summary) = &c.summary {
                <h2>{ ctx.t(Text::SummaryTitle) }</h2>
                <p id="summary-notes">{ &summary.notes }</p>
                <div class="thumbs">{ for summary.photos.iter().map(|p| html! { <img src={url::<GetThumbnail>(&[&p.to_string()], &())} alt="" /> }) }</div>
            }
            <h2>{ ctx.t(Text::Rate) }</h2>
            <ul>{ for c.ratings.iter().map(|r| html! {
                <li>{ format!("{} · {} · {}", ctx.store_name(r.store), if r.satisfied { ctx.t(Text::Satisfied) } else { ctx.t(Text::NotSatisfied) }, r.comment) }</li>
            }) }</ul>
        </article>
    }
}
