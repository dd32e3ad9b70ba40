//! The summary's sections, in the order a handout reads: the campaign at a glance, sales
//! against the forecast, budget and spending, the stores' ratings, the execution notes,
//! the approved plan, and photos.

use shared::Lang;
use shared::endpoints::{Download, GetThumbnail, url};
use shared::ids::AttachmentId;
use shared::plan::PlanSection;
use yew::prelude::*;

use super::charts::{BAR, BAR_REACHED, BAR_SHORT, CHART_ROWS, FORECAST_BAR, dashed_key, key, sales_chart, total_chart};
use super::forecast::{per_yuan, percent_of, short_yuan};
use super::{Figures, colon, section_name, store_count};
use crate::ctx::AppCtx;
use crate::i18n::{Text, date, kind_name, pick, stage_name};
use crate::pages::kpi::rate_text;

/// Photos a printed summary carries.
const PRINTED_PHOTOS: usize = 6;

fn glance_item(label: &'static str, value: String) -> Html {
    html! { <div class="glance-item"><dt>{ label }</dt><dd>{ value }</dd></div> }
}

/// The key figures (sales, forecast, budget, spending, ratings) and the campaign's facts.
pub(super) fn glance(ctx: &AppCtx, f: &Figures) -> Html {
    let (l, c, detail, plan) = (ctx.lang, f.c, f.detail, f.plan);
    let (reported, store_total, sales_total, total_forecast) =
        (f.reported, f.store_total, f.sales_total, f.total_forecast);
    let (forecast, budget_total, satisfied, rated) = (&f.forecast, f.budget_total, f.satisfied, f.rated);
    let list_sep = pick(l, "、", ", ");
    let store_names: Vec<String> = c.stores.iter().map(|s| ctx.store_name(*s)).collect();
    let stores_value = match store_names.len() {
        0 => pick(l, "不涉及门店", "No stores").to_owned(),
        1..=6 => store_names.join(list_sep),
        n => store_count(l, n),
    };
    let dates_value = match (c.starts_on, c.ends_on, c.due_on) {
        (Some(s), Some(e), _) if s != e => format!("{} – {}", date(l, s), date(l, e)),
        (Some(s), _, _) => date(l, s),
        (None, _, Some(due)) => format!("{} {}", ctx.t(Text::Due), date(l, due)),
        _ => "—".to_owned(),
    };
    let approval_value = match &c.approval {
        Some(a) => match l {
            Lang::En => format!("Approved by {} on {} (version {})", a.by_name, date(l, a.on), a.plan_version),
            Lang::Zh => format!("{}于{}批准（第{}版）", a.by_name, date(l, a.on), a.plan_version),
        },
        None => ctx.t(Text::PlanNotApproved).to_owned(),
    };
    html! {
        <section class="summary-section" id="summary-glance">
            <h2>{ pick(l, "活动概览", "At a glance") }</h2>
            <div class="key-figures">
                <div class="figure-box" id="glance-sales">
                    <span class="figure-label">{ pick(l, "销售合计（元）", "Total sales (CNY)") }</span>
                    <span class="figure-value">{ if reported > 0 { sales_total.map(|t| t.to_string()).unwrap_or_else(|| "—".to_owned()) } else { "—".to_owned() } }</span>
                    <span class="figure-note">{ match l {
                        Lang::En => format!("{reported} of {store_total} stores reported"),
                        Lang::Zh => format!("{reported}/{store_total}家门店已上报"),
                    } }</span>
                </div>
                <div class="figure-box" id="glance-forecast">
                    <span class="figure-label">{ section_name(l, PlanSection::Forecast) }</span>
                    <span class="figure-value">{ match forecast {
                        Some(f) => short_yuan(l, f.amount),
                        None => "—".to_owned(),
                    } }</span>
                    <span class="figure-note">{ match (forecast, total_forecast, sales_total) {
                        (Some(_), Some(target), Some(total)) if reported > 0 => format!("{}{}", pick(l, "达成 ", "reached "), percent_of(total, target)),
                        (Some(f), _, _) if f.per_store && store_total > 1 => pick(l, "每店", "per store").to_owned(),
                        (Some(_), _, _) => String::new(),
                        (None, _, _) => pick(l, "预测中没有金额", "no amount in the forecast").to_owned(),
                    } }</span>
                </div>
                <div class="figure-box" id="glance-budget">
                    <span class="figure-label">{ pick(l, "预算合计（元）", "Budget (CNY)") }</span>
                    <span class="figure-value">{ budget_total.filter(|_| plan.is_some_and(|p| !p.document.budget.is_empty())).map(|t| t.to_string()).unwrap_or_else(|| "—".to_owned()) }</span>
                    <span class="figure-note">{ match &detail.money {
                        Some(m) if m.committed_total.0 > 0 => match l {
                            Lang::Zh => format!("已下单 {} 元", m.committed_total),
                            Lang::En => format!("¥{} ordered", m.committed_total),
                        },
                        _ => pick(l, "尚未下单", "nothing ordered yet").to_owned(),
                    } }</span>
                </div>
                <div class="figure-box" id="glance-cost">
                    <span class="figure-label">{ pick(l, "实际花费（元，已开票）", "Spent (CNY, invoiced)") }</span>
                    <span class="figure-value">{ detail.money.as_ref().filter(|m| m.spent_total.0 > 0).map_or_else(|| "—".to_owned(), |m| m.spent_total.to_string()) }</span>
                    <span class="figure-note">{ match (detail.money.as_ref().map(|m| m.spent_total), sales_total) {
                        (Some(spent), Some(sales)) if spent.0 > 0 && reported > 0 => match l {
                            Lang::Zh => format!("每花 1 元带来销售 {} 元", per_yuan(sales, spent)),
                            Lang::En => format!("¥{} of sales per yuan spent", per_yuan(sales, spent)),
                        },
                        _ => String::new(),
                    } }</span>
                </div>
                <div class="figure-box" id="glance-rating">
                    <span class="figure-label">{ ctx.t(Text::Rate12) }</span>
                    <span class="figure-value">{ rate_text(satisfied, rated) }</span>
                    <span class="figure-note">{ match l {
                        Lang::En => format!("{satisfied} of {rated} ratings satisfied"),
                        Lang::Zh => format!("{rated}家评价，{satisfied}家满意"),
                    } }</span>
                </div>
            </div>
            <dl class="glance">
                { glance_item(pick(l, "活动类型", "Type"), kind_name(l, c.kind).to_owned()) }
                { glance_item(ctx.t(Text::Stores), stores_value) }
                { glance_item(pick(l, "活动时间", "Dates"), dates_value) }
                { glance_item(pick(l, "当前阶段", "Stage"), stage_name(l, c.stage).to_owned()) }
                { glance_item(ctx.t(Text::Handler), detail.handler.as_ref().map_or_else(|| "—".to_owned(), |h| h.name.clone())) }
                { glance_item(ctx.t(Text::Approval), approval_value) }
            </dl>
        </section>
    }
}

/// Every section of the plan, as the VP approved it.
pub(super) fn plan_section(ctx: &AppCtx, f: &Figures) -> Html {
    let (l, plan) = (ctx.lang, f.plan);
    html! {
        <section class="summary-section" id="summary-plan">
            <h2>{ match plan { Some(v) => format!("{} · {}", ctx.t(Text::Plan), match l { Lang::En => format!("version {}", v.number), Lang::Zh => format!("第{}版", v.number) }), None => ctx.t(Text::Plan).to_owned() } }</h2>
            if let Some(version) = plan {
                // Every section of the plan, as the VP approved it.
                <dl class="plan-text">
                    <dt>{ section_name(l, PlanSection::Theme) }</dt><dd class="pre">{ &version.document.theme }</dd>
                    <dt>{ section_name(l, PlanSection::Strategy) }</dt><dd class="pre">{ &version.document.strategy }</dd>
                    <dt>{ section_name(l, PlanSection::Implementation) }</dt><dd class="pre" id="summary-implementation">{ &version.document.implementation }</dd>
                    <dt>{ section_name(l, PlanSection::Forecast) }</dt>
                    <dd class="pre" id="summary-plan-forecast">{ &version.document.forecast }
                        if let Some(f) = version.document.forecast_sales {
                            <span class="hint">{ match l {
                                Lang::Zh => format!("（预计销售额 {f} 元）"),
                                Lang::En => format!(" (expected sales ¥{f})"),
                            } }</span>
                        }
                    </dd>
                    <dt>{ section_name(l, PlanSection::Budget) }</dt>
                    <dd>{ match version.document.budget_total() {
                        Some(total) if !version.document.budget.is_empty() => match l {
                            Lang::Zh => format!("{}项，合计 {total} 元（明细见“预算与花费”）", version.document.budget.len()),
                            Lang::En => format!("{} lines, ¥{total} in all (see Budget and spending)", version.document.budget.len()),
                        },
                        _ => pick(l, "未列预算", "No budget listed").to_owned(),
                    } }</dd>
                </dl>
            } else {
                <p class="empty">{ pick(l, "还没有活动方案。", "There is no plan yet.") }</p>
            }
        </section>
    }
}

/// The plan's effect forecast as written, and what the charts drew from it.
fn forecast_aside(ctx: &AppCtx, f: &Figures) -> Html {
    let (l, store_total, forecast_text, forecast) = (ctx.lang, f.store_total, &f.forecast_text, &f.forecast);
    html! {
        <aside class="forecast-text" id="summary-forecast">
            <h3>{ section_name(l, PlanSection::Forecast) }</h3>
            { match forecast_text {
                Some(text) => html! { <p class="pre">{ text }</p> },
                None => html! { <p class="empty">{ pick(l, "方案中没有效果预测。", "The plan has no effect forecast.") }</p> },
            } }
            { match forecast {
                Some(f) if f.written.is_empty() => html! {
                    <p class="hint">{ match l {
                        Lang::En => format!("Expected sales: ¥{}.", f.amount),
                        Lang::Zh => format!("预计销售额：{}元。", f.amount),
                    } }</p>
                },
                Some(f) => html! {
                    <p class="hint">{ match l {
                        Lang::En => format!("Drawn from “{}”: {} CNY{}.", f.written, f.amount, if f.per_store && store_total > 1 { " per store" } else { "" }),
                        Lang::Zh => format!("图中按“{}”绘制：{}元{}。", f.written, f.amount, if f.per_store && store_total > 1 { "（每店）" } else { "" }),
                    } }</p>
                },
                None if forecast_text.is_some() => html! {
                    <p class="hint">{ pick(l, "方案没有写预计销售额，图中未画出预测。", "The plan gives no expected sales, so the chart shows none.") }</p>
                },
                None => html! {},
            } }
        </aside>
    }
}

/// Sales per store against the forecast: the charts, their legend, and the table.
pub(super) fn sales_section(ctx: &AppCtx, f: &Figures) -> Html {
    let (l, sales, reported, store_total) = (ctx.lang, &f.sales, f.reported, f.store_total);
    let (per_store_forecast, total_forecast, sales_total) = (f.per_store_forecast, f.total_forecast, f.sales_total);
    let (chart_max, reached, costed, invoiced) = (f.chart_max, f.reached, f.costed, f.invoiced);
    html! {
        <section class="summary-section" id="summary-sales">
            <h2>{ ctx.t(Text::Sales) }</h2>
            if reported == 0 {
                <p class="empty" id="summary-no-sales">{ pick(l, "未上报销售数据。", "No sales were reported.") }</p>
                { forecast_aside(ctx, f) }
            } else {
                <div class="sales-layout">
                    <div class="sales-charts">
                        // One store's sales are a figure, not a one-bar chart.
                        if store_total > 1 {
                            { for sales.chunks(CHART_ROWS).enumerate().map(|(part, rows)| sales_chart(ctx, rows, per_store_forecast, chart_max, part)) }
                        }
                        if let (Some(target), Some(total)) = (total_forecast, sales_total) { { total_chart(l, total, target) } }
                        <ul class="chart-legend" id="summary-sales-legend">
                            if per_store_forecast.is_some() {
                                <li>{ key(BAR_REACHED) }{ pick(l, "达到预测", "reached the forecast") }</li>
                                <li>{ key(BAR_SHORT) }{ pick(l, "未达预测", "below the forecast") }</li>
                                <li>{ dashed_key() }{ pick(l, "效果预测（虚线）", "forecast (dashed line)") }</li>
                            } else if total_forecast.is_some() {
                                <li>{ key(BAR) }{ pick(l, "各门店销售额", "sales per store") }</li>
                                <li>{ key(BAR_REACHED) }{ pick(l, "合计达到预测", "total reached the forecast") }</li>
                                <li>{ key(BAR_SHORT) }{ pick(l, "合计未达预测", "total below the forecast") }</li>
                                <li>{ key(FORECAST_BAR) }{ pick(l, "效果预测", "forecast") }</li>
                            } else {
                                <li>{ key(BAR) }{ pick(l, "销售额", "sales") }</li>
                            }
                            if let (Some(count), true) = (reached, store_total > 1) {
                                <li class="reached-count">{ match l {
                                    Lang::En => format!("{count} of {store_total} stores reached the forecast"),
                                    Lang::Zh => format!("{count}/{store_total}家门店达到预测"),
                                } }</li>
                            }
                        </ul>
                    </div>
                    { forecast_aside(ctx, f) }
                </div>
                { sales_table(ctx, f) }
                if costed {
                    <p class="hint" id="summary-cost-shares">{ if invoiced {
                        pick(l, "门店花费：各订单的发票金额平均分摊到订单所列门店，未列门店的分摊到全部门店。",
                            "A store's cost: each order's invoices shared equally among the stores it lists, or among all stores when it lists none.")
                    } else {
                        pick(l, "尚未登记发票，门店一栏按下单金额分摊。",
                            "No invoices yet: the store column shares what was ordered.")
                    } }</p>
                }
                if sales.iter().any(|s| s.reports.len() > 1) {
                    <p class="hint">{ pick(l, "同一门店多次上报的销售额已相加。", "A store's several reports are added up.") }</p>
                }
            }
        </section>
    }
}

/// Each store's sales, share of the forecast, cost and rating, with the totals.
fn sales_table(ctx: &AppCtx, f: &Figures) -> Html {
    let (l, c, detail, sales) = (ctx.lang, f.c, f.detail, &f.sales);
    let (per_store_forecast, sales_total, reported) = (f.per_store_forecast, f.sales_total, f.reported);
    let (costed, invoiced, satisfied, rated) = (f.costed, f.invoiced, f.satisfied, f.rated);
    let store_cost = |store| f.store_cost(store);
    let list_sep = pick(l, "、", ", ");
    html! {
        <table id="summary-sales-table">
            <thead><tr>
                <th>{ ctx.t(Text::Store) }</th><th>{ pick(l, "上报日期", "Reported") }</th>
                <th class="num">{ ctx.t(Text::SalesAmount) }</th>
                if per_store_forecast.is_some() { <th class="num">{ pick(l, "预测达成", "Of forecast") }</th> }
                if costed {
                    <th class="num">{ if invoiced { pick(l, "花费（元）", "Spent (CNY)") } else { pick(l, "已下单（元）", "Ordered (CNY)") } }</th>
                    <th class="num">{ pick(l, "每元销售", "Sales per yuan") }</th>
                }
                <th>{ ctx.t(Text::Rate) }</th>
            </tr></thead>
            <tbody>{ for sales.iter().map(|s| html! {
                <tr class={classes!(s.total.is_none().then_some("missing"))}>
                    <td>{ ctx.store_name(s.store) }</td>
                    <td>{ if s.reports.is_empty() { pick(l, "未上报", "not reported").to_owned() } else { s.reports.iter().map(|(d, _)| date(l, *d)).collect::<Vec<_>>().join(list_sep) } }</td>
                    <td class="num">{ s.total.map(|t| t.to_string()).unwrap_or_else(|| "—".to_owned()) }</td>
                    if let Some(target) = per_store_forecast { <td class="num">{ s.total.map(|t| percent_of(t, target)).unwrap_or_else(|| "—".to_owned()) }</td> }
                    if costed {
                        <td class="num">{ store_cost(s.store).map_or_else(|| "—".to_owned(), |f| f.to_string()) }</td>
                        <td class="num">{ match (s.total, store_cost(s.store)) {
                            (Some(sales), Some(cost)) => per_yuan(sales, cost),
                            _ => "—".to_owned(),
                        } }</td>
                    }
                    // Each store's verdict beside its figures: one table, not two.
                    <td class="rating">{ match c.rating_of(s.store) {
                        Some(r) if r.satisfied => ctx.t(Text::Satisfied),
                        Some(_) => ctx.t(Text::NotSatisfied),
                        None => pick(l, "未评价", "not rated"),
                    } }</td>
                </tr>
            }) }</tbody>
            <tfoot><tr>
                <th>{ ctx.t(Text::Total) }</th><th>{ store_count(l, reported) }</th>
                <th class="num">{ sales_total.map(|t| t.to_string()).unwrap_or_else(|| "—".to_owned()) }</th>
                if per_store_forecast.is_some() { <th></th> }
                if costed {
                    <th class="num">{ detail.money.as_ref().map(|m| if invoiced { m.spent_total } else { m.committed_total }).map(|f| f.to_string()).unwrap_or_default() }</th>
                    <th class="num">{ match (sales_total, detail.money.as_ref().map(|m| if invoiced { m.spent_total } else { m.committed_total })) {
                        (Some(sales), Some(cost)) if cost.0 > 0 => per_yuan(sales, cost),
                        _ => String::new(),
                    } }</th>
                }
                <th>{ rate_text(satisfied, rated) }</th>
            </tr></tfoot>
        </table>
    }
}

/// What was planned, ordered and invoiced, line by line.
pub(super) fn budget_section(ctx: &AppCtx, f: &Figures) -> Html {
    let (l, detail, plan, budget_total) = (ctx.lang, f.detail, f.plan, f.budget_total);
    html! {
        <section class="summary-section" id="summary-budget">
            <h2>{ pick(l, "预算与花费", "Budget and spending") }</h2>
            { match (plan, &detail.money) {
                (Some(version), Some(money)) if !version.document.budget.is_empty() || !money.lines.is_empty() => html! {
                    <table id="summary-budget-table">
                        <thead><tr>
                            <th>{ ctx.t(Text::Item) }</th>
                            <th class="num">{ pick(l, "预算（元）", "Planned (CNY)") }</th>
                            <th class="num">{ pick(l, "已下单（元）", "Ordered (CNY)") }</th>
                            <th class="num">{ pick(l, "已开票（元）", "Invoiced (CNY)") }</th>
                        </tr></thead>
                        <tbody>{ for money.lines.iter().map(|line| html! {
                            <tr class={classes!((line.committed > line.budget && !line.item.is_empty()).then_some("over"))}>
                                <td>{ if line.item.is_empty() { pick(l, "未对应预算项", "Not on a budget line").to_owned() } else { line.item.clone() } }</td>
                                <td class="num">{ line.budget.to_string() }</td>
                                <td class="num">{ line.committed.to_string() }</td>
                                <td class="num">{ line.spent.to_string() }</td>
                            </tr>
                        }) }</tbody>
                        <tfoot><tr class={classes!((money.committed_total > money.budget_total).then_some("over"))}>
                            <th>{ ctx.t(Text::Total) }</th>
                            <th class="num">{ money.budget_total.to_string() }</th>
                            <th class="num">{ money.committed_total.to_string() }</th>
                            <th class="num">{ money.spent_total.to_string() }</th>
                        </tr></tfoot>
                    </table>
                },
                (Some(version), None) if !version.document.budget.is_empty() => html! {
                    <table id="summary-budget-table">
                        <thead><tr><th>{ ctx.t(Text::Item) }</th><th class="num">{ pick(l, "预算（元）", "Planned (CNY)") }</th></tr></thead>
                        <tbody>{ for version.document.budget.iter().map(|b| html! { <tr><td>{ &b.item }</td><td class="num">{ b.amount.to_string() }</td></tr> }) }</tbody>
                        <tfoot><tr><th>{ ctx.t(Text::Total) }</th><th class="num">{ budget_total.map(|t| t.to_string()).unwrap_or_default() }</th></tr></tfoot>
                    </table>
                },
                (Some(_), _) => html! { <p class="empty">{ pick(l, "方案中没有列出预算。", "The plan lists no budget.") }</p> },
                (None, _) => html! { <p class="empty">{ pick(l, "还没有方案，没有预算。", "There is no plan, so no budget.") }</p> },
            } }
            { match &detail.money {
                Some(m) if m.spent_total.0 == 0 && m.committed_total.0 == 0 => html! {
                    <p class="spent-note" id="summary-spent">{ pick(l, "还没有登记订单和发票。", "No orders or invoices have been recorded.") }</p>
                },
                Some(m) if m.spent_total.0 == 0 => html! {
                    <p class="spent-note" id="summary-spent">{ pick(l, "已下单，尚未登记发票。", "Ordered; no invoices recorded yet.") }</p>
                },
                Some(m) => html! {
                    <p class="spent-note" id="summary-spent">{ match l {
                        Lang::Zh => format!("已开票 {} 元，占预算 {}。", m.spent_total, percent_of(m.spent_total, m.budget_total)),
                        Lang::En => format!("¥{} invoiced, {} of the budget.", m.spent_total, percent_of(m.spent_total, m.budget_total)),
                    } }</p>
                },
                None => html! {},
            } }
        </section>
    }
}

/// The execution notes the center wrote with the summary.
pub(super) fn notes_section(ctx: &AppCtx, f: &Figures) -> Html {
    let (l, c) = (ctx.lang, f.c);
    html! {
        <section class="summary-section" id="summary-execution">
            <h2>{ pick(l, "执行总结", "Execution notes") }</h2>
            { match &c.summary {
                Some(summary) => html! {
                    <>
                        <p id="summary-notes" class="pre">{ &summary.notes }</p>
                        <p class="hint">{ format!("{}{}{}", pick(l, "提交日期", "Submitted"), colon(l), date(l, summary.on)) }</p>
                    </>
                },
                None => html! { <p class="empty" id="summary-no-notes">{ pick(l, "尚未提交活动总结。", "The summary has not been submitted yet.") }</p> },
            } }
        </section>
    }
}

fn thumbnail(id: AttachmentId, caption: String) -> Html {
    let full = url::<Download>(&[&id.to_string()], &());
    let small = url::<GetThumbnail>(&[&id.to_string()], &());
    html! {
        <figure class="photo">
            <a href={full} target="_blank" rel="noopener"><img src={small} alt={caption.clone()} loading="eager" /></a>
            <figcaption>{ caption }</figcaption>
        </figure>
    }
}

/// The photos with their captions: the summary's (on site) first, then each receipt's.
fn photos(ctx: &AppCtx, f: &Figures) -> Vec<(AttachmentId, String)> {
    let (l, c) = (ctx.lang, f.c);
    let mut photos: Vec<(AttachmentId, String)> = Vec::new();
    for receipt in &c.receipts {
        for photo in &receipt.photos {
            let caption = format!(
                "{} · {} · {}",
                ctx.store_name(receipt.store),
                ctx.t(Text::ConfirmDelivery),
                date(l, receipt.on)
            );
            photos.push((*photo, caption));
        }
    }
    if let Some(summary) = &c.summary {
        let on_site: Vec<(AttachmentId, String)> = summary
            .photos
            .iter()
            .map(|photo| (*photo, format!("{} · {}", pick(l, "活动现场", "On site"), date(l, summary.on))))
            .collect();
        photos.splice(0..0, on_site);
    }
    photos
}

pub(super) fn photos_section(ctx: &AppCtx, f: &Figures) -> Html {
    let l = ctx.lang;
    let photos = photos(ctx, f);
    html! {
        <section class="summary-section" id="summary-photos">
            <h2>{ ctx.t(Text::Photos) }</h2>
            if photos.is_empty() {
                <p class="empty">{ pick(l, "没有到店照片或现场照片。", "No delivery or on-site photos.") }</p>
            } else {
                // The on-site photos first (the receipts' come after): printed, the first
                // six, as a handout shows a few; the page shows them all.
                <div class="photo-grid">{ for photos.iter().enumerate().map(|(i, (id, caption))| html! {
                    <div class={classes!("photo-slot", (i >= PRINTED_PHOTOS).then_some("screen-only"))}>{ thumbnail(*id, caption.clone()) }</div>
                }) }</div>
                if photos.len() > PRINTED_PHOTOS {
                    <p class="hint print-only">{ match l {
                        Lang::Zh => format!("另有{}张照片，见系统中的活动页。", photos.len() - PRINTED_PHOTOS),
                        Lang::En => format!("{} more photos on the campaign's page.", photos.len() - PRINTED_PHOTOS),
                    } }</p>
                }
            }
        </section>
    }
}

/// What the stores said (the verdicts are in the sales table), and who has not rated.
pub(super) fn ratings_section(ctx: &AppCtx, f: &Figures) -> Html {
    let (l, c, satisfied, rated) = (ctx.lang, f.c, f.satisfied, f.rated);
    let list_sep = pick(l, "、", ", ");
    let worth_reading: Vec<&shared::campaign::Rating> =
        c.ratings.iter().filter(|r| !r.satisfied || !r.comment.trim().is_empty()).collect();
    let unrated: Vec<String> =
        c.stores.iter().filter(|s| c.rating_of(**s).is_none()).map(|s| ctx.store_name(*s)).collect();
    html! {
        <section class="summary-section" id="summary-ratings">
            <h2>{ ctx.t(Text::Rate) }</h2>
            if c.stores.is_empty() && c.ratings.is_empty() {
                <p class="empty">{ pick(l, "没有门店评价。", "No store ratings.") }</p>
            } else {
                <p class="hint">{ match l {
                    Lang::En => format!("{rated} of {} stores rated; {satisfied} satisfied ({}).", c.stores.len().max(rated as usize), rate_text(satisfied, rated)),
                    Lang::Zh => format!("{}家门店中{rated}家已评价，{satisfied}家满意（{}）。", c.stores.len().max(rated as usize), rate_text(satisfied, rated)),
                } }</p>
                // Each store's verdict is in the sales table; here what the stores said, and
                // who has not rated.
                if worth_reading.is_empty() {
                    <p id="summary-no-comments">{ pick(l, "门店没有留下意见。", "The stores left no comments.") }</p>
                } else {
                <ul id="summary-ratings-table" class="comment-list">{ for worth_reading.iter().map(|r| html! {
                    <li class={if r.satisfied { "satisfied" } else { "not-satisfied" }}>
                        <strong>{ ctx.store_name(r.store) }</strong>
                        { format!(" · {} · {}", if r.satisfied { ctx.t(Text::Satisfied) } else { ctx.t(Text::NotSatisfied) }, date(l, r.on)) }
                        if !r.comment.trim().is_empty() { { format!("{}{}", colon(l), r.comment.trim()) } }
                    </li>
                }) }</ul>
                }
                if !unrated.is_empty() {
                    <p class="hint" id="summary-unrated">{ format!("{}{}{}", pick(l, "未评价", "Not rated"), colon(l), unrated.join(list_sep)) }</p>
                }
            }
        </section>
    }
}
