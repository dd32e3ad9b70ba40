//! The summary's charts, drawn as SVG by the app (they print as they show): each store's
//! sales against a per-store forecast, and the campaign's total against a total one.

use shared::Lang;
use shared::money::Fen;
use yew::prelude::*;

use super::StoreSales;
use super::forecast::short_yuan;
use crate::ctx::AppCtx;
use crate::i18n::pick;

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
pub(super) const CHART_ROWS: usize = 30;
pub(super) const BAR: &str = "#9a2a2a";
pub(super) const BAR_REACHED: &str = "#1a7f37";
pub(super) const BAR_SHORT: &str = "#bc4c00";
const REFERENCE: &str = "#1f2328";
pub(super) const FORECAST_BAR: &str = "#8c959f";

/// A legend's colour key, drawn (not a background, so it prints).
pub(super) fn key(color: &'static str) -> Html {
    html! {
        <svg class="key" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><rect width="14" height="14" rx="3" fill={color} /></svg>
    }
}

pub(super) fn dashed_key() -> Html {
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
pub(super) fn sales_chart(
    ctx: &AppCtx,
    rows: &[StoreSales],
    per_store_forecast: Option<Fen>,
    max_fen: i64,
    part: usize,
) -> Html {
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
pub(super) fn total_chart(l: Lang, total: Fen, forecast: Fen) -> Html {
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

#[cfg(test)]
mod tests {
    use super::{nice_step, truncate};

    #[test]
    fn axis_steps_are_round_and_give_about_four_ticks() {
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(4.0), 1.0);
        assert_eq!(nice_step(7.0), 2.0);
        assert_eq!(nice_step(18_000.0), 5_000.0);
        assert_eq!(nice_step(30_000.0), 10_000.0);
    }

    #[test]
    fn long_store_names_are_cut_with_an_ellipsis() {
        assert_eq!(truncate("金店", 10), "金店");
        assert_eq!(truncate("一二三四五六七八九十一", 10), "一二三四五六七八九…");
    }
}
