//! The center's costs (费用): what was ordered and invoiced over some months, by month,
//! campaign type, supplier and province, with the exports finance books from. For the
//! VP, the administrator and purchasing; the server refuses everyone else. Below the
//! report: the suppliers and the tolerance above a budget (`pages::suppliers`).

use chrono::{Datelike, Months};
use shared::Lang;
use shared::api::{CostGroup, CostQuery, CostReport};
use shared::endpoints::{ExportCostsCsv, ExportCostsXlsx, GetCosts, url};
use yew::prelude::*;

use crate::api;
use crate::ctx::AppCtx;
use crate::i18n::{Text, pick};

fn month_key(day: chrono::NaiveDate) -> String {
    format!("{}-{:02}", day.year(), day.month())
}

fn table<K>(l: Lang, id: &'static str, title: &str, groups: &[CostGroup<K>], name: impl Fn(&K) -> String) -> Html {
    html! {
        <section class="card">
            <h3>{ title }</h3>
            if groups.is_empty() {
                <p class="hint">{ pick(l, "这段时间没有订单或发票", "No orders or invoices in these months") }</p>
            } else {
                <table class="money" id={id}>
                    <thead><tr>
                        <th>{ title }</th>
                        <th class="num">{ pick(l, "已下单（元）", "Ordered (CNY)") }</th>
                        <th class="num">{ pick(l, "已开票（元）", "Invoiced (CNY)") }</th>
                    </tr></thead>
                    <tbody>{ for groups.iter().map(|g| html! {
                        <tr><td>{ name(&g.key) }</td><td class="num">{ g.committed.to_string() }</td><td class="num">{ g.spent.to_string() }</td></tr>
                    }) }</tbody>
                </table>
            }
        </section>
    }
}

#[function_component(CostsPage)]
pub fn costs_page() -> Html {
    let ctx = use_context::<AppCtx>();
    let today = ctx.as_ref().map(|c| c.today).unwrap_or_default();
    let range = use_state(|| CostQuery {
        from: month_key(today.checked_sub_months(Months::new(2)).unwrap_or(today)),
        to: month_key(today),
    });
    let report = use_state(|| None::<Result<CostReport, ()>>);
    {
        let (report, ctx) = (report.clone(), ctx.clone());
        let range = (*range).clone();
        use_effect_with(range.clone(), move |_| {
            yew::platform::spawn_local(async move {
                let result = api::fetch::<GetCosts>(&[], &range).await;
                if let Some(ctx) = &ctx {
                    ctx.note(&result);
                }
                report.set(Some(result.map_err(|_| ())));
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let set = |from: bool| {
        let range = range.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                let value = input.value();
                if value.len() == 7 {
                    let mut next = (*range).clone();
                    if from {
                        next.from = value
                    } else {
                        next.to = value
                    }
                    range.set(next);
                }
            }
        })
    };
    let body = match &*report {
        None => html! { <p class="loading">{ ctx.t(Text::Loading) }</p> },
        Some(Err(())) => {
            html! { <p class="error">{ pick(l, "费用报表暂时打不开", "The cost report could not be loaded") }</p> }
        }
        Some(Ok(report)) => html! {
            <>
                <p class="figures" id="costs-totals">{ match l {
                    Lang::Zh => format!("{} 至 {}：已下单 {} 元，已开票 {} 元", report.from, report.to, report.committed_total, report.spent_total),
                    Lang::En => format!("{} to {}: ordered ¥{}, invoiced ¥{}", report.from, report.to, report.committed_total, report.spent_total),
                } }</p>
                { table(l, "costs-by-month", pick(l, "月份", "Month"), &report.by_month, String::clone) }
                { table(l, "costs-by-type", pick(l, "活动类型", "Campaign type"), &report.by_type, |k| crate::i18n::kind_name(l, *k).to_owned()) }
                { table(l, "costs-by-supplier", pick(l, "供应商", "Supplier"), &report.by_supplier, String::clone) }
                { table(l, "costs-by-province", pick(l, "省份", "Province"), &report.by_province, |p| match p {
                    Some(p) if l == Lang::En => p.name_en().to_owned(),
                    Some(p) => p.name_zh().to_owned(),
                    None => pick(l, "不分门店", "No store").to_owned(),
                }) }
            </>
        },
    };
    html! {
        <section class="page" id="costs">
            <div class="toolbar">
                <h2>{ pick(l, "费用", "Costs") }</h2>
                <label for="costs-from">{ pick(l, "从", "From") }</label>
                <input id="costs-from" type="month" value={range.from.clone()} onchange={set(true)} />
                <label for="costs-to">{ pick(l, "到", "To") }</label>
                <input id="costs-to" type="month" value={range.to.clone()} onchange={set(false)} />
                <a class="button" id="costs-xlsx" href={url::<ExportCostsXlsx>(&[], &*range)}>{ ctx.t(Text::ExportExcel) }</a>
                <a class="button secondary" id="costs-csv" href={url::<ExportCostsCsv>(&[], &*range)}>{ ctx.t(Text::ExportCsv) }</a>
            </div>
            { body }
            <super::suppliers::SuppliersCard />
            <super::suppliers::ToleranceCard />
        </section>
    }
}
