//! The printable campaign summary (活动总结), what the center used to make as a PPT for the
//! VP: the campaign at a glance, the approved plan, sales per store against the plan's
//! effect forecast (an SVG chart drawn by the app), the budget planned (actual spending is
//! not recorded in the system, and the page says so), the execution notes, photos from the
//! stores' receipts and the summary, and every store's rating and comment. Printed on A4
//! portrait, the app around it is hidden (`css/summary.css`).

use std::collections::BTreeMap;

use shared::Lang;
use shared::api::CampaignDetail;
use shared::campaign::Campaign;
use shared::endpoints::{Download, GetCampaign, GetThumbnail, url};
use shared::ids::{AttachmentId, StoreId};
use shared::money::{Fen, MAX_AMOUNT_FEN};
use shared::plan::{PlanSection, PlanVersion};
use yew::prelude::*;

use super::not_found;
use crate::api::{self, CallError};
use crate::ctx::AppCtx;
use crate::i18n::{Text, date, kind_name, pick, stage_name};
use crate::pages::kpi::rate_text;
use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: u64,
}

fn section_name(l: Lang, section: PlanSection) -> &'static str {
    if l == Lang::En { section.name_en() } else { section.name_zh() }
}

fn colon(l: Lang) -> &'static str {
    pick(l, "：", ": ")
}

fn store_count(l: Lang, n: usize) -> String {
    match l {
        Lang::En if n == 1 => "1 store".to_owned(),
        Lang::En => format!("{n} stores"),
        Lang::Zh => format!("{n}家门店"),
    }
}

/// `part` of `whole` in per cent, rounded half up to one decimal.
fn percent_of(part: Fen, whole: Fen) -> String {
    if whole.0 <= 0 || part.0 < 0 {
        return "—".to_owned();
    }
    let (part, whole) = (i128::from(part.0), i128::from(whole.0));
    let tenths = (part * 2000 + whole) / (2 * whole);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// Sales per yuan spent, to one decimal, written with integers.
fn per_yuan(sales: Fen, spent: Fen) -> String {
    let tenths = (i128::from(sales.0) * 20 + i128::from(spent.0)) / (2 * i128::from(spent.0.max(1)));
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// An amount short enough for a chart label: `65.3万` / `¥653.2k`, or in full below those.
fn short_yuan(l: Lang, amount: Fen) -> String {
    let yuan = amount.0 as f64 / 100.0;
    let one_decimal = |value: f64| {
        let text = format!("{value:.1}");
        text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
    };
    match l {
        Lang::Zh if yuan.abs() >= 10_000.0 => format!("{}万", one_decimal(yuan / 10_000.0)),
        Lang::En if yuan.abs() >= 1_000.0 => format!("¥{}k", one_decimal(yuan / 1_000.0)),
        Lang::En => format!("¥{yuan:.0}"),
        Lang::Zh => format!("{yuan:.0}元"),
    }
}

/// A sales figure the plan's effect forecast (free text) names.
#[derive(Debug, Clone, PartialEq)]
struct Forecast {
    amount: Fen,
    /// The text says it is per store (每店、单店、店均 …), not the campaign's total.
    per_store: bool,
    /// The words the amount was read from, as written.
    written: String,
}

const SALES_WORDS: [&str; 9] = ["销售", "营业", "业绩", "销量", "成交", "营收", "sales", "revenue", "turnover"];
const PER_STORE_WORDS: [&str; 9] =
    ["每店", "单店", "每家", "店均", "每个门店", "每家门店", "per store", "each store", "a store"];

/// The forecast's sales figure: a number written with 元, 万元 or 亿元 (or after ¥), the
/// one next to a word for sales when there are several, else the first. `None` when the
/// text names no amount of money: the page then shows the text beside the chart.
fn parse_forecast(text: &str) -> Option<Forecast> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c),
            '．' => '.',
            _ => c,
        })
        .collect();
    let lower = |from: usize, to: usize| -> String {
        chars[from.min(chars.len())..to.min(chars.len())].iter().collect::<String>().to_lowercase()
    };
    let mut found: Vec<(Forecast, bool)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let start = i;
        let mut whole = String::new();
        let mut fraction = String::new();
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit() {
                whole.push(c);
                i += 1;
            } else if c == ','
                && chars.get(i + 1..i + 4).is_some_and(|d| d.iter().all(char::is_ascii_digit))
                && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
            {
                i += 1;
            } else {
                break;
            }
        }
        if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                fraction.push(chars[i]);
                i += 1;
            }
        }
        let number_end = i;
        let mut j = i;
        while chars.get(j).is_some_and(|c| *c == ' ') {
            j += 1;
        }
        let before = lower(start.saturating_sub(10), start);
        let yuan_sign = before.trim_end().ends_with(['¥', '￥']) || before.trim_end().ends_with("rmb");
        let near_sales = SALES_WORDS.iter().any(|w| before.contains(w));
        let unit = lower(j, j + 2);
        let (unit_fen, unit_len): (i128, usize) = if unit.starts_with("万元") {
            (1_000_000, 2)
        } else if unit.starts_with("亿元") {
            (10_000_000_000, 2)
        } else if unit.starts_with('元') {
            (100, 1)
        } else if unit.starts_with('万')
            && (yuan_sign || near_sales)
            && !lower(j + 1, j + 2).starts_with(['人', '次', '件', '个', '名', '份'])
        {
            (1_000_000, 1)
        } else if unit.starts_with('亿') && (yuan_sign || near_sales) {
            (10_000_000_000, 1)
        } else if yuan_sign {
            (100, 0)
        } else {
            continue;
        };
        let Ok(whole_value) = whole.parse::<i128>() else { continue };
        let fraction = &fraction[..fraction.len().min(10)];
        let fraction_value = if fraction.is_empty() {
            0
        } else {
            fraction.parse::<i128>().unwrap_or(0) * unit_fen / 10i128.pow(fraction.len() as u32)
        };
        let Some(fen) = whole_value.checked_mul(unit_fen).and_then(|w| w.checked_add(fraction_value)) else { continue };
        if fen <= 0 || fen > i128::from(MAX_AMOUNT_FEN) {
            continue;
        }
        let after = lower(j + unit_len, j + unit_len + 4);
        let per_store =
            PER_STORE_WORDS.iter().any(|w| before.contains(w)) || after.starts_with("/店") || after.contains("每店");
        let mut written_from = start;
        while written_from > 0 && chars[written_from - 1] == ' ' {
            written_from -= 1;
        }
        if !(written_from > 0 && matches!(chars[written_from - 1], '¥' | '￥')) {
            written_from = start;
        } else {
            written_from -= 1;
        }
        let written: String = chars[written_from..(j + unit_len).min(chars.len()).max(number_end)].iter().collect();
        found.push((Forecast { amount: Fen(fen as i64), per_store, written }, near_sales));
        i = j + unit_len;
    }
    let best = found.iter().position(|(_, near_sales)| *near_sales).unwrap_or(0);
    found.into_iter().nth(best).map(|(forecast, _)| forecast)
}

/// A store's reported sales: every report added up (each is what the store sold in the
/// period it reports), with the days reported.
struct StoreSales {
    store: StoreId,
    total: Option<Fen>,
    reports: Vec<(chrono::NaiveDate, Fen)>,
}

/// Every store of the campaign (and any that reported without being listed), reported
/// ones first by amount, then the ones that did not report.
fn sales_by_store(c: &Campaign) -> Vec<StoreSales> {
    let mut reports: BTreeMap<StoreId, Vec<(chrono::NaiveDate, Fen)>> = BTreeMap::new();
    for figure in &c.sales {
        reports.entry(figure.store).or_default().push((figure.reported_on, figure.amount));
    }
    let mut stores: Vec<StoreId> = c.stores.clone();
    for store in reports.keys() {
        if !stores.contains(store) {
            stores.push(*store);
        }
    }
    let mut rows: Vec<StoreSales> = stores
        .into_iter()
        .map(|store| {
            let reports = reports.remove(&store).unwrap_or_default();
            let total = (!reports.is_empty())
                .then(|| reports.iter().try_fold(Fen(0), |sum, (_, amount)| sum.checked_add(*amount)))
                .flatten();
            StoreSales { store, total, reports }
        })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.total));
    rows
}

/// A round step for an axis up to `max`: 1, 2 or 5 times a power of ten, about four ticks.
fn nice_step(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let rough = max / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    let scaled = rough / power;
    let factor = if scaled <= 1.0 {
        1.0
    } else if scaled <= 2.0 {
        2.0
    } else if scaled <= 5.0 {
        5.0
    } else {
        10.0
    };
    factor * power
}

fn truncate(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_owned()
    } else {
        let mut short: String = name.chars().take(max.saturating_sub(1)).collect();
        short.push('…');
        short
    }
}

/// Stores per sales chart: about one printed page.
const CHART_ROWS: usize = 30;
/// Photos a printed summary carries.
const PRINTED_PHOTOS: usize = 6;
const BAR: &str = "#9a2a2a";
const BAR_REACHED: &str = "#1a7f37";
const BAR_SHORT: &str = "#bc4c00";
const REFERENCE: &str = "#1f2328";
const FORECAST_BAR: &str = "#8c959f";

/// A legend's colour key, drawn (not a background, so it prints).
fn key(color: &'static str) -> Html {
    html! {
        <svg class="key" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><rect width="14" height="14" rx="3" fill={color} /></svg>
    }
}

fn dashed_key() -> Html {
    html! {
        <svg class="key" viewBox="0 0 28 14" width="28" height="14" aria-hidden="true">
            <line x1="1" x2="27" y1="7" y2="7" stroke={REFERENCE} stroke-width="2" stroke-dasharray="6 4" />
        </svg>
    }
}

/// Horizontal bars of each store's sales; a per-store forecast is a dashed line across
/// them, and bars reaching it are green. Stores without a report say so.
///
/// Many stores are drawn as several charts of [`CHART_ROWS`] on one scale (`max_fen`),
/// `part` the number of this one, so that each fits on a printed page.
fn sales_chart(ctx: &AppCtx, rows: &[StoreSales], per_store_forecast: Option<Fen>, max_fen: i64, part: usize) -> Html {
    let l = ctx.lang;
    let (width, label_w, right, top, row_h) = (720.0, 170.0, 86.0, 8.0, 30.0);
    let plot_w = width - label_w - right;
    let bottom = top + row_h * rows.len() as f64;
    let height = bottom + 34.0;
    let max_yuan = max_fen as f64 / 100.0;
    let step = nice_step(max_yuan);
    let ticks = ((max_yuan / step).ceil() as usize).max(1);
    let axis_max = step * ticks as f64;
    let x = |fen: Fen| label_w + (fen.0 as f64 / 100.0) / axis_max * plot_w;
    let tick_lines = (0..=ticks).map(|t| {
        let value = step * t as f64;
        let tx = label_w + value / axis_max * plot_w;
        let label = short_yuan(l, Fen((value * 100.0).round() as i64));
        html! {
            <g>
                <line class="grid" x1={format!("{tx:.1}")} x2={format!("{tx:.1}")} y1={top.to_string()} y2={bottom.to_string()} />
                <text class="axis" x={format!("{tx:.1}")} y={(bottom + 18.0).to_string()} text-anchor="middle">{ label }</text>
            </g>
        }
    });
    let bars = rows.iter().enumerate().map(|(n, row)| {
        let y = top + row_h * n as f64;
        let name = ctx.store_name(row.store);
        let label = html! {
            <text class="bar-label" x={(label_w - 8.0).to_string()} y={(y + row_h / 2.0 + 5.0).to_string()} text-anchor="end">
                { truncate(&name, 10) }<title>{ name.clone() }</title>
            </text>
        };
        match row.total {
            Some(total) => {
                let color = match per_store_forecast {
                    Some(forecast) if total >= forecast => BAR_REACHED,
                    Some(_) => BAR_SHORT,
                    None => BAR,
                };
                let end = x(total);
                html! {
                    <g class="bar">
                        { label }
                        <rect x={label_w.to_string()} y={(y + 5.0).to_string()} width={format!("{:.1}", (end - label_w).max(1.0))}
                            height={(row_h - 10.0).to_string()} fill={color}>
                            <title>{ format!("{name} · {} {}", total, pick(l, "元", "CNY")) }</title>
                        </rect>
                        <text class="bar-value" x={format!("{:.1}", end + 6.0)} y={(y + row_h / 2.0 + 5.0).to_string()}>{ short_yuan(l, total) }</text>
                    </g>
                }
            }
            None => html! {
                <g class="bar missing">
                    { label }
                    <text class="bar-missing" x={(label_w + 6.0).to_string()} y={(y + row_h / 2.0 + 5.0).to_string()}>{ pick(l, "未上报", "not reported") }</text>
                </g>
            },
        }
    });
    let reference = per_store_forecast.map(|forecast| {
        let fx = x(forecast);
        html! {
            <line class="forecast-line" x1={format!("{fx:.1}")} x2={format!("{fx:.1}")} y1={(top - 4.0).to_string()} y2={(bottom + 2.0).to_string()}
                stroke={REFERENCE} stroke-width="2" stroke-dasharray="6 4" />
        }
    });
    html! {
        <svg id={(part == 0).then_some("summary-sales-chart")} class="chart summary-chart" data-part={part.to_string()} viewBox={format!("0 0 {width} {height}")} width="100%"
            preserveAspectRatio="xMidYMid meet" role="img" aria-label={pick(l, "各门店销售额", "Sales per store")}>
            { for tick_lines }
            <line class="axis-line" x1={label_w.to_string()} x2={label_w.to_string()} y1={top.to_string()} y2={bottom.to_string()} />
            { for bars }
            { reference.unwrap_or_default() }
        </svg>
    }
}

/// The campaign's total sales beside the forecast total: two bars and the share reached.
fn total_chart(l: Lang, total: Fen, forecast: Fen) -> Html {
    let (width, label_w, right, row_h) = (720.0, 170.0, 86.0, 34.0);
    let plot_w = width - label_w - right;
    let max = total.0.max(forecast.0).max(1) as f64;
    let bar = |n: usize, label: &'static str, amount: Fen, color: &'static str| {
        let y = 8.0 + row_h * n as f64;
        let w = (amount.0 as f64 / max * plot_w).max(1.0);
        html! {
            <g class="bar">
                <text class="bar-label" x={(label_w - 8.0).to_string()} y={(y + row_h / 2.0 + 5.0).to_string()} text-anchor="end">{ label }</text>
                <rect x={label_w.to_string()} y={(y + 5.0).to_string()} width={format!("{w:.1}")} height={(row_h - 10.0).to_string()} fill={color} />
                <text class="bar-value" x={format!("{:.1}", label_w + w + 6.0)} y={(y + row_h / 2.0 + 5.0).to_string()}>{ short_yuan(l, amount) }</text>
            </g>
        }
    };
    let color = if total >= forecast { BAR_REACHED } else { BAR_SHORT };
    html! {
        <svg id="summary-forecast-chart" class="chart summary-chart" viewBox={format!("0 0 {width} {}", 16.0 + row_h * 2.0)}
            width="100%" preserveAspectRatio="xMidYMid meet" role="img"
            aria-label={pick(l, "销售合计与效果预测", "Total sales and the forecast")}>
            { bar(0, pick(l, "销售合计", "Total sales"), total, color) }
            { bar(1, pick(l, "效果预测", "Forecast"), forecast, FORECAST_BAR) }
        </svg>
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

fn glance_item(label: &'static str, value: String) -> Html {
    html! { <div class="glance-item"><dt>{ label }</dt><dd>{ value }</dd></div> }
}

#[function_component(SummaryPage)]
pub fn summary_page(props: &Props) -> Html {
    let ctx = use_context::<AppCtx>();
    let detail = use_state(|| None::<Result<CampaignDetail, CallError>>);
    {
        let (detail, id, ctx) = (detail.clone(), props.id, ctx.clone());
        use_effect_with(id, move |_| {
            yew::platform::spawn_local(async move {
                let result = api::fetch::<GetCampaign>(&[&id.to_string()], &()).await;
                if let Some(ctx) = &ctx {
                    ctx.note(&result);
                }
                detail.set(Some(result));
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let detail = match &*detail {
        None => return html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> },
        Some(Err(CallError::Network)) => {
            return html! {
                <section class="card" id="summary-offline">
                    <p class="empty">{ pick(l, "无法连接服务器，活动总结暂时无法显示。", "Cannot reach the server; the summary cannot be shown now.") }</p>
                </section>
            };
        }
        Some(Err(_)) => return not_found(l),
        Some(Ok(detail)) => detail,
    };
    let c = detail.campaign.campaign();
    let plan: Option<&PlanVersion> = c
        .approval
        .as_ref()
        .and_then(|a| c.plan_versions.iter().find(|v| v.number == a.plan_version))
        .or(c.latest_plan());
    let print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let list_sep = pick(l, "、", ", ");

    // Sales against the forecast.
    let sales = sales_by_store(c);
    let reported = sales.iter().filter(|s| s.total.is_some()).count();
    let sales_total = sales.iter().filter_map(|s| s.total).try_fold(Fen(0), Fen::checked_add);
    let forecast_text = plan.map(|p| p.document.forecast.trim().to_owned()).filter(|t| !t.is_empty());
    // The plan's own figure first; plans written before it had one are read from the text.
    let forecast = plan
        .and_then(|p| p.document.forecast_sales)
        .map(|amount| Forecast { amount, per_store: false, written: String::new() })
        .or_else(|| forecast_text.as_deref().and_then(parse_forecast));
    let store_total = sales.len();
    // One store: its forecast is the campaign's, whatever the text calls it.
    let per_store_forecast = forecast.as_ref().filter(|f| f.per_store || store_total <= 1).map(|f| f.amount);
    let total_forecast = forecast.as_ref().filter(|f| !f.per_store && store_total > 1).map(|f| f.amount);
    let chart_max = sales.iter().filter_map(|s| s.total).chain(per_store_forecast).map(|f| f.0).max().unwrap_or(0);
    let reached = per_store_forecast.map(|f| sales.iter().filter(|s| s.total.is_some_and(|t| t >= f)).count());

    // Ratings.
    let satisfied = c.ratings.iter().filter(|r| r.satisfied).count() as u32;
    let rated = c.ratings.len() as u32;

    // Photos: each receipt's, then the summary's.
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
    let budget_total = plan.and_then(|p| p.document.budget_total());
    // Each store's share of the cost: what was invoiced, or (before any invoice) ordered.
    let invoiced = detail.money.as_ref().is_some_and(|m| m.spent_total.0 > 0);
    let store_cost = |store: StoreId| -> Option<Fen> {
        let share = detail.money.as_ref()?.stores.iter().find(|s| s.store == store)?;
        let cost = if invoiced { share.spent } else { share.committed };
        (cost.0 > 0).then_some(cost)
    };
    let costed =
        detail.money.as_ref().is_some_and(|m| m.committed_total.0 > 0 || m.spent_total.0 > 0) && !c.stores.is_empty();

    let glance = html! {
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
                    <span class="figure-value">{ match &forecast {
                        Some(f) => short_yuan(l, f.amount),
                        None => "—".to_owned(),
                    } }</span>
                    <span class="figure-note">{ match (&forecast, total_forecast, sales_total) {
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
    };

    let plan_section = html! {
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
    };

    let forecast_aside = html! {
        <aside class="forecast-text" id="summary-forecast">
            <h3>{ section_name(l, PlanSection::Forecast) }</h3>
            { match &forecast_text {
                Some(text) => html! { <p class="pre">{ text }</p> },
                None => html! { <p class="empty">{ pick(l, "方案中没有效果预测。", "The plan has no effect forecast.") }</p> },
            } }
            { match &forecast {
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
    };

    let sales_section = html! {
        <section class="summary-section" id="summary-sales">
            <h2>{ ctx.t(Text::Sales) }</h2>
            if reported == 0 {
                <p class="empty" id="summary-no-sales">{ pick(l, "未上报销售数据。", "No sales were reported.") }</p>
                { forecast_aside.clone() }
            } else {
                <div class="sales-layout">
                    <div class="sales-charts">
                        // One store's sales are a figure, not a one-bar chart.
                        if store_total > 1 {
                            { for sales.chunks(CHART_ROWS).enumerate().map(|(part, rows)| sales_chart(&ctx, rows, per_store_forecast, chart_max, part)) }
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
                    { forecast_aside }
                </div>
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
    };

    let budget_section = html! {
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
    };

    let notes_section = html! {
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
    };

    let photos_section = html! {
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
    };

    let worth_reading: Vec<&shared::campaign::Rating> =
        c.ratings.iter().filter(|r| !r.satisfied || !r.comment.trim().is_empty()).collect();
    let unrated: Vec<String> =
        c.stores.iter().filter(|s| c.rating_of(**s).is_none()).map(|s| ctx.store_name(*s)).collect();
    let ratings_section = html! {
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
    };

    html! {
        <article class="card printable" id="summary-page">
            // Printed, every page carries the campaign's name and its number.
            <style>{ page_margins(l, &c.title) }</style>
            <div class="toolbar">
                <button id="print" onclick={print}>{ ctx.t(Text::PrintSummary) }</button>
                <a class="button secondary" id="summary-back" href={Route::Campaign(c.id.0).path()}>{ pick(l, "返回活动", "Back to the campaign") }</a>
            </div>
            <header class="summary-head">
                <p class="summary-org">{ ctx.t(Text::AppTitle) }</p>
                <h1>{ &c.title }</h1>
                <p class="summary-kind">{ format!("{} · {}", ctx.t(Text::SummaryTitle), kind_name(l, c.kind)) }</p>
            </header>
            // The results first (what a handout opens with), then what was planned.
            { glance }
            { sales_section }
            { budget_section }
            { ratings_section }
            { notes_section }
            { plan_section }
            { photos_section }
            <footer class="summary-foot">{ format!("{}{}{}", pick(l, "打印日期", "Printed"), colon(l), date(l, ctx.today)) }</footer>
        </article>
    }
}

/// The printed pages' margins: the campaign's name at the top, "第 n 页 / 共 m 页" at
/// the bottom (CSS paged media; the name is quoted as a CSS string).
fn page_margins(l: Lang, title: &str) -> String {
    let quoted: String = title
        .chars()
        .filter(|c| !c.is_control())
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let number = match l {
        Lang::Zh => r#""第 " counter(page) " 页 / 共 " counter(pages) " 页""#,
        Lang::En => r#""Page " counter(page) " of " counter(pages)"#,
    };
    format!(
        "@media print {{ @page {{ @top-left {{ content: \"{quoted}\"; font-size: 9pt; color: #555; }} \
         @bottom-right {{ content: {number}; font-size: 9pt; color: #555; }} }} }}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forecast_amounts_are_read_from_the_text() {
        let f = parse_forecast("预计活动期间销售额 65 万元，客流 1,200 人次").unwrap();
        assert_eq!((f.amount, f.per_store), (Fen(65_000_000), false));
        let f = parse_forecast("投入5万元，预计每店销售额12,000元").unwrap();
        assert_eq!((f.amount, f.per_store), (Fen(1_200_000), true));
        let f = parse_forecast("目标业绩1.25万").unwrap();
        assert_eq!(f.amount, Fen(1_250_000));
        assert_eq!(parse_forecast("客流提升20%，新增会员300人"), None);
        assert_eq!(parse_forecast("¥30000").map(|f| f.amount), Some(Fen(3_000_000)));
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent_of(Fen(2), Fen(3)), "66.7%");
        assert_eq!(percent_of(Fen(1), Fen(0)), "—");
    }
}
