//! The KPI dashboard (R7): monthly satisfaction per staff member over the last twelve
//! months, the bonus-deduction and disciplinary-review flags, a chart drawn as SVG by the
//! app, and exports to Excel and CSV.

use std::collections::BTreeMap;

use chrono::{Datelike, Months};
use shared::api::{KpiQuery, KpiReport, KpiRow};
use shared::endpoints::{ExportKpiCsv, ExportKpiXlsx, GetKpi, url};
use yew::prelude::*;

use crate::api;
use crate::app::AppCtx;
use crate::i18n::Text;

fn month_label(date: chrono::NaiveDate) -> String {
    format!("{}-{:02}", date.year(), date.month())
}

/// A line per staff member: satisfaction rate by month, 0–100 %, with the 50 % line.
fn chart(months: &[String], rows: &[KpiRow]) -> Html {
    let (width, height, left, bottom) = (720.0, 240.0, 40.0, 24.0);
    let step = (width - left - 10.0) / (months.len().max(2) - 1) as f64;
    let y = |permille: u32| (height - bottom) - f64::from(permille) / 1000.0 * (height - bottom - 10.0);
    let mut by_staff: BTreeMap<String, Vec<(usize, u32)>> = BTreeMap::new();
    for row in rows {
        if let Some(i) = months.iter().position(|m| *m == row.month) {
            by_staff.entry(row.name.clone()).or_default().push((i, row.rate_permille));
        }
    }
    const COLORS: [&str; 6] = ["#9a2a2a", "#1f6feb", "#1a7f37", "#8250df", "#bc4c00", "#57606a"];
    html! {
        <svg id="kpi-chart" viewBox={format!("0 0 {width} {height}")} role="img" class="chart">
            <line x1={left.to_string()} x2={width.to_string()} y1={y(500).to_string()} y2={y(500).to_string()} class="half" />
            <text x="2" y={(y(500) + 4.0).to_string()} class="axis">{ "50%" }</text>
            { for months.iter().enumerate().filter(|(i, _)| i % 2 == 0).map(|(i, m)| html! {
                <text x={(left + step * i as f64 - 14.0).to_string()} y={(height - 6.0).to_string()} class="axis">{ &m[2..] }</text>
            }) }
            { for by_staff.iter().enumerate().map(|(n, (name, points))| {
                let color = COLORS[n % COLORS.len()];
                let d: Vec<String> = points.iter().map(|(i, p)| format!("{:.1},{:.1}", left + step * *i as f64, y(*p))).collect();
                html! {
                    <g>
                        <polyline points={d.join(" ")} fill="none" stroke={color} stroke-width="2" />
                        { for points.iter().map(|(i, p)| html! { <circle cx={(left + step * *i as f64).to_string()} cy={y(*p).to_string()} r="3" fill={color}><title>{ format!("{name} {}%", p / 10) }</title></circle> }) }
                        <text x={(left + 8.0 + 90.0 * (n % 7) as f64).to_string()} y="12" fill={color} class="legend">{ name }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

/// Monthly satisfaction per department: all its staff's ratings together.
fn departments(ctx: &AppCtx, rows: &[KpiRow]) -> Html {
    let mut sums: BTreeMap<(String, String), (u32, u32)> = BTreeMap::new();
    for row in rows {
        let department =
            row.department.map_or("—", |d| if ctx.lang == shared::Lang::En { d.name_en() } else { d.name_zh() });
        let entry = sums.entry((department.to_owned(), row.month.clone())).or_default();
        entry.0 += row.rated;
        entry.1 += row.satisfied;
    }
    html! {
        <table id="kpi-departments">
            <thead><tr><th>{ ctx.t(Text::ByDepartment) }</th><th>{ ctx.t(Text::Month) }</th><th class="num">{ ctx.t(Text::RatedCount) }</th><th class="num">{ ctx.t(Text::Rate12) }</th></tr></thead>
            <tbody>{ for sums.iter().map(|((department, month), (rated, satisfied))| html! {
                <tr class={if shared::kpi::below_half(*satisfied, *rated) { "flag-bonus" } else { "" }}>
                    <td>{ department }</td><td>{ month }</td><td class="num">{ rated }</td>
                    <td class="num">{ format!("{:.1}%", f64::from(*satisfied) * 100.0 / f64::from((*rated).max(1))) }</td>
                </tr>
            }) }</tbody>
        </table>
    }
}

#[function_component(KpiPage)]
pub fn kpi_page() -> Html {
    let ctx = use_context::<AppCtx>();
    let report = use_state(|| None::<Result<KpiReport, String>>);
    let today = ctx.as_ref().map(|c| c.today).unwrap_or_default();
    let from = today.checked_sub_months(Months::new(11)).unwrap_or(today);
    let range = KpiQuery { from: month_label(from), to: month_label(today) };
    {
        let (report, ctx, range) = (report.clone(), ctx.clone(), range.clone());
        use_effect_with(range.clone(), move |_| {
            yew::platform::spawn_local(async move {
                let result = api::fetch::<GetKpi>(&[], &range).await;
                if let Some(ctx) = &ctx {
                    ctx.note(&result);
                }
                report.set(Some(result.map_err(|e| format!("{e:?}"))));
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let months: Vec<String> =
        (0..12).rev().filter_map(|back| today.checked_sub_months(Months::new(back))).map(month_label).collect();
    let body = match &*report {
        None => html! { <p class="loading">{ ctx.t(Text::Loading) }</p> },
        Some(Err(_)) => html! { <p class="empty">{ ctx.t(Text::NotFound) }</p> },
        Some(Ok(report)) => html! {
            <>
                { chart(&months, &report.rows) }
                { departments(&ctx, &report.rows) }
                <table id="kpi-table">
                    <thead><tr>
                        <th>{ ctx.t(Text::Month) }</th><th>{ ctx.t(Text::Staff) }</th><th class="num">{ ctx.t(Text::RatedCount) }</th>
                        <th class="num">{ ctx.t(Text::SatisfiedCount) }</th><th class="num">{ ctx.t(Text::Rate12) }</th>
                        <th>{ ctx.t(Text::BonusDeduction) }</th><th>{ ctx.t(Text::Review) }</th>
                    </tr></thead>
                    <tbody>
                        { for report.rows.iter().rev().map(|r| html! {
                            <tr class={if r.disciplinary_review { "flag-review" } else if r.bonus_deduction { "flag-bonus" } else { "" }}>
                                <td>{ &r.month }</td><td>{ &r.name }</td><td class="num">{ r.rated }</td><td class="num">{ r.satisfied }</td>
                                <td class="num">{ format!("{:.1}%", f64::from(r.rate_permille) / 10.0) }</td>
                                <td>{ if r.bonus_deduction { "⚠" } else { "" } }</td>
                                <td>{ if r.disciplinary_review { "⛔" } else { "" } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </>
        },
    };
    html! {
        <section class="card" id="kpi">
            <h2>{ ctx.t(Text::KpiTitle) }</h2>
            <div class="toolbar">
                <a class="button" id="kpi-xlsx" href={url::<ExportKpiXlsx>(&[], &range)}>{ ctx.t(Text::ExportExcel) }</a>
                <a class="button secondary" href={url::<ExportKpiCsv>(&[], &range)}>{ ctx.t(Text::ExportCsv) }</a>
            </div>
            { body }
        </section>
    }
}
