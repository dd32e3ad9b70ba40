//! The KPI dashboard (考核): monthly satisfaction per staff member over the last twelve
//! months, the bonus-deduction and disciplinary-review flags, a chart drawn as SVG by the
//! app, and exports to Excel and CSV.
//!
//! Every rate on the page is written by [`rate_text`] (per cent, rounded half up to one
//! decimal), computed from the counts, never from the server's rounded-down per mille.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use shared::Lang;
use shared::api::{KpiQuery, KpiReport, KpiRow};
use shared::endpoints::{ExportKpiCsv, ExportKpiXlsx, GetKpi, url};
use shared::ids::PersonId;
use shared::org::Role;
use yew::prelude::*;

use crate::api;
use crate::ctx::AppCtx;
use crate::i18n::{Text, pick};
use crate::widgets::Select;

/// A satisfaction rate as the page writes it: `satisfied` of `rated` in per cent, rounded
/// half up to one decimal (2 of 3 → `66.7%`); `—` when nothing was rated.
pub fn rate_text(satisfied: u32, rated: u32) -> String {
    if rated == 0 {
        return "—".to_owned();
    }
    let (satisfied, rated) = (u64::from(satisfied), u64::from(rated));
    // Tenths of a per cent: satisfied × 1000 / rated, plus a half, rounded down.
    let tenths = (satisfied * 2000 + rated) / (2 * rated);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

fn month_key(date: NaiveDate) -> String {
    format!("{}-{:02}", date.year(), date.month())
}

fn department_name(l: Lang, department: Option<Role>) -> &'static str {
    match department {
        Some(role) if l == Lang::En => role.name_en(),
        Some(role) => role.name_zh(),
        None => pick(l, "未分部门", "No department"),
    }
}

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// What the chart draws a line for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Series {
    /// One line per staff member.
    Staff,
    /// One line per department (all its staff's ratings together).
    Departments,
    /// One line per staff member of one department.
    StaffOf(Option<Role>),
}

impl Series {
    fn value(self) -> String {
        match self {
            Series::Staff => "staff".to_owned(),
            Series::Departments => "departments".to_owned(),
            Series::StaffOf(None) => "staff-of-none".to_owned(),
            Series::StaffOf(Some(role)) => {
                format!("staff-of-{}", Role::ALL.iter().position(|r| *r == role).unwrap_or_default())
            }
        }
    }

    fn parse(value: &str) -> Series {
        match value {
            "departments" => Series::Departments,
            "staff-of-none" => Series::StaffOf(None),
            other => other
                .strip_prefix("staff-of-")
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| Role::ALL.get(i).copied())
                .map_or(Series::Staff, |role| Series::StaffOf(Some(role))),
        }
    }
}

/// One line of the chart: its name and, per month index (0–11), satisfied and rated.
struct Line {
    name: String,
    points: Points,
}

/// Satisfied and rated per month index.
type Points = BTreeMap<usize, (u32, u32)>;

fn lines(l: Lang, months: &[String], rows: &[KpiRow], series: Series) -> Vec<Line> {
    let mut by_key: BTreeMap<(String, Option<PersonId>), Points> = BTreeMap::new();
    for row in rows {
        let Some(i) = months.iter().position(|m| *m == row.month) else { continue };
        let key = match series {
            Series::Staff => (row.name.clone(), Some(row.staff)),
            Series::StaffOf(department) if row.department == department => (row.name.clone(), Some(row.staff)),
            Series::StaffOf(_) => continue,
            Series::Departments => (department_name(l, row.department).to_owned(), None),
        };
        let entry = by_key.entry(key).or_default().entry(i).or_insert((0, 0));
        entry.0 += row.satisfied;
        entry.1 += row.rated;
    }
    by_key.into_iter().map(|((name, _), points)| Line { name, points }).collect()
}

const COLORS: [&str; 10] =
    ["#9a2a2a", "#1f6feb", "#1a7f37", "#8250df", "#bc4c00", "#0e7490", "#b3186d", "#6e7781", "#7d4e00", "#3b5bdb"];
const DASHES: [&str; 3] = ["none", "8 4", "2 3"];

fn style_of(n: usize) -> (&'static str, &'static str) {
    (COLORS[n % COLORS.len()], DASHES[(n / COLORS.len()) % DASHES.len()])
}

// The chart's geometry, in viewBox units.
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 256.0;

fn y_of(fraction: f64) -> f64 {
    BOTTOM - fraction.clamp(0.0, 1.0) * (BOTTOM - TOP)
}

fn x_of(i: usize, count: usize) -> f64 {
    LEFT + (i as f64 + 0.5) * (WIDTH - LEFT - RIGHT) / count.max(1) as f64
}

/// The twelve months on the x axis, a line per series on a 0–100 % y axis with gridlines,
/// the 50 % threshold dashed; the legend is below the chart, outside the plot.
fn chart(l: Lang, months: &[String], lines: &[Line]) -> Html {
    let count = months.len();
    let grid = [0u32, 25, 50, 75, 100].map(|p| {
        let y = y_of(f64::from(p) / 100.0);
        let class = if p == 50 { "threshold" } else { "grid" };
        html! {
            <g>
                <line class={class} x1={LEFT.to_string()} x2={(WIDTH - RIGHT).to_string()} y1={y.to_string()} y2={y.to_string()} />
                <text class="axis y-tick" x={(LEFT - 6.0).to_string()} y={(y + 4.0).to_string()} text-anchor="end">{ format!("{p}%") }</text>
            </g>
        }
    });
    let x_labels = months.iter().enumerate().map(|(i, key)| {
        let (year, month) = key.split_once('-').unwrap_or((key.as_str(), ""));
        let month: usize = month.parse().unwrap_or(1);
        let label = if l == Lang::En {
            MONTHS_EN.get(month.saturating_sub(1)).copied().unwrap_or_default().to_owned()
        } else {
            format!("{month}月")
        };
        let x = x_of(i, count);
        html! {
            <g>
                <line class="tick" x1={x.to_string()} x2={x.to_string()} y1={BOTTOM.to_string()} y2={(BOTTOM + 5.0).to_string()} />
                <text class="axis x-tick" x={x.to_string()} y={(BOTTOM + 20.0).to_string()} text-anchor="middle">{ label }</text>
                if i == 0 || month == 1 {
                    <text class="axis x-year" x={x.to_string()} y={(BOTTOM + 37.0).to_string()} text-anchor="middle">{ year }</text>
                }
            </g>
        }
    });
    let drawn = lines.iter().enumerate().map(|(n, line)| {
        let (color, dash) = style_of(n);
        let point = |i: usize, (satisfied, rated): (u32, u32)| {
            (x_of(i, count), y_of(f64::from(satisfied) / f64::from(rated.max(1))))
        };
        // A month without ratings breaks the line: it counts as neither good nor bad.
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut last: Option<usize> = None;
        for (i, counts) in &line.points {
            if last.is_none_or(|previous| previous + 1 != *i) {
                runs.push(Vec::new());
            }
            if let Some(run) = runs.last_mut() {
                run.push(point(*i, *counts));
            }
            last = Some(*i);
        }
        html! {
            <g class="series">
                { for runs.iter().filter(|run| run.len() > 1).map(|run| {
                    let points: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                    html! { <polyline points={points.join(" ")} fill="none" stroke={color} stroke-width="2.5" stroke-dasharray={dash} /> }
                }) }
                { for line.points.iter().map(|(i, (satisfied, rated))| {
                    let (x, y) = point(*i, (*satisfied, *rated));
                    let month = months.get(*i).cloned().unwrap_or_default();
                    // A month below 50 % is ringed in red: the months R7 acts on.
                    let below = *rated > 0 && satisfied * 2 < *rated;
                    html! {
                        <circle cx={format!("{x:.1}")} cy={format!("{y:.1}")} r={if below { "6" } else { "4.5" }} fill={color}
                            class={classes!(below.then_some("below"))} stroke={below.then_some("#b42318")} stroke-width={below.then_some("3")}>
                            <title>{ format!("{} · {month} · {} ({satisfied}/{rated})", line.name, rate_text(*satisfied, *rated)) }</title>
                        </circle>
                    }
                }) }
            </g>
        }
    });
    html! {
        <svg id="kpi-chart" class="chart kpi-chart" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} width="100%"
            preserveAspectRatio="xMidYMid meet" role="img"
            aria-label={pick(l, "近12个月每月满意率", "Monthly satisfaction over the last 12 months")}>
            { for grid }
            <line class="axis-line" x1={LEFT.to_string()} x2={LEFT.to_string()} y1={TOP.to_string()} y2={BOTTOM.to_string()} />
            <line class="axis-line" x1={LEFT.to_string()} x2={(WIDTH - RIGHT).to_string()} y1={BOTTOM.to_string()} y2={BOTTOM.to_string()} />
            { for x_labels }
            { for drawn }
        </svg>
    }
}

/// The chart's key, below the plot: a swatch and name per line, and the 50 % line.
fn legend(l: Lang, lines: &[Line]) -> Html {
    let swatch = |color: &'static str, dash: &'static str, class: &'static str| {
        html! {
            <svg class="swatch" viewBox="0 0 32 12" width="32" height="12" aria-hidden="true">
                <line class={class} x1="1" x2="31" y1="6" y2="6" stroke={color} stroke-width="3" stroke-dasharray={dash} />
            </svg>
        }
    };
    html! {
        <ul class="chart-legend" id="kpi-legend">
            { for lines.iter().enumerate().map(|(n, line)| {
                let (color, dash) = style_of(n);
                html! { <li>{ swatch(color, dash, "") }<span>{ &line.name }</span></li> }
            }) }
            <li class="legend-threshold">
                { swatch("#b42318", "5 4", "threshold") }
                <span>{ pick(l, "50%：低于此线当月扣罚奖金", "50%: below it, that month's bonus is deducted") }</span>
            </li>
        </ul>
    }
}

/// Monthly satisfaction per department: all its staff's ratings together, latest first.
fn departments(ctx: &AppCtx, rows: &[KpiRow]) -> Html {
    let l = ctx.lang;
    let mut sums: BTreeMap<(&'static str, std::cmp::Reverse<String>), (u32, u32)> = BTreeMap::new();
    for row in rows {
        let key = (department_name(l, row.department), std::cmp::Reverse(row.month.clone()));
        let entry = sums.entry(key).or_default();
        entry.0 += row.rated;
        entry.1 += row.satisfied;
    }
    html! {
        <div class="table-wrap">
            <table id="kpi-departments" class="kpi-rates">
                <thead><tr>
                    <th>{ pick(l, "部门", "Department") }</th><th>{ ctx.t(Text::Month) }</th>
                    <th class="num">{ ctx.t(Text::RatedCount) }</th><th class="num">{ ctx.t(Text::SatisfiedCount) }</th>
                    <th class="num">{ ctx.t(Text::Rate12) }</th>
                </tr></thead>
                <tbody>{ for sums.iter().map(|((department, std::cmp::Reverse(month)), (rated, satisfied))| html! {
                    <tr class={if shared::kpi::below_half(*satisfied, *rated) { "flag-bonus" } else { "" }}>
                        <td>{ *department }</td><td>{ month }</td><td class="num">{ rated }</td><td class="num">{ satisfied }</td>
                        <td class="num rate">{ rate_text(*satisfied, *rated) }</td>
                    </tr>
                }) }</tbody>
            </table>
        </div>
    }
}

/// Each staff member's months, latest month first, with the bonus and review flags.
fn people(ctx: &AppCtx, rows: &[KpiRow]) -> Html {
    let mut sorted: Vec<&KpiRow> = rows.iter().collect();
    sorted.sort_by(|a, b| b.month.cmp(&a.month).then_with(|| a.name.cmp(&b.name)));
    let flag = |on: bool, mark: &'static str, text: Text| {
        if on {
            html! { <span class="flag" title={ctx.t(text)} aria-label={ctx.t(text)}>{ mark }</span> }
        } else {
            html! {}
        }
    };
    html! {
        <div class="table-wrap">
            <table id="kpi-table" class="kpi-rates">
                <thead><tr>
                    <th>{ ctx.t(Text::Month) }</th><th>{ ctx.t(Text::Staff) }</th><th class="num">{ ctx.t(Text::RatedCount) }</th>
                    <th class="num">{ ctx.t(Text::SatisfiedCount) }</th><th class="num">{ ctx.t(Text::Rate12) }</th>
                    <th class="flag-col">{ ctx.t(Text::BonusDeduction) }</th><th class="flag-col">{ ctx.t(Text::Review) }</th>
                </tr></thead>
                <tbody>
                    { for sorted.into_iter().map(|r| html! {
                        <tr class={if r.disciplinary_review { "flag-review" } else if r.bonus_deduction { "flag-bonus" } else { "" }}
                            data-staff={r.staff.0.to_string()} data-month={r.month.clone()}>
                            <td>{ &r.month }</td><td>{ &r.name }</td><td class="num">{ r.rated }</td><td class="num">{ r.satisfied }</td>
                            <td class="num rate">{ rate_text(r.satisfied, r.rated) }</td>
                            <td class="flag-col">{ flag(r.bonus_deduction, "⚠", Text::BonusDeduction) }</td>
                            <td class="flag-col">{ flag(r.disciplinary_review, "⛔", Text::Review) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// Who is flagged, first on the page (the R7 decisions are why it exists): each person
/// with a month below 50 %, the reviews first, then the latest; each flagged month with
/// its rate and what it means.
fn flags(ctx: &AppCtx, rows: &[KpiRow]) -> Html {
    let l = ctx.lang;
    let mut people: BTreeMap<PersonId, Vec<&KpiRow>> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.bonus_deduction || r.disciplinary_review) {
        people.entry(row.staff).or_default().push(row);
    }
    let mut flagged: Vec<Vec<&KpiRow>> = people.into_values().collect();
    for months in &mut flagged {
        months.sort_by(|a, b| b.month.cmp(&a.month));
    }
    flagged.sort_by(|a, b| {
        let review = |m: &[&KpiRow]| m.iter().any(|r| r.disciplinary_review);
        review(b).cmp(&review(a)).then_with(|| b[0].month.cmp(&a[0].month)).then_with(|| a[0].name.cmp(&b[0].name))
    });
    html! {
        <section class="kpi-flags" id="kpi-flags">
            <h3>{ match l {
                Lang::Zh => format!("需要处理（{}人）", flagged.len()),
                Lang::En => format!("To act on ({} people)", flagged.len()),
            } }</h3>
            if flagged.is_empty() {
                <p class="empty">{ pick(l, "这段时间没有人满意率低于50%。", "Nobody was below 50% in these months.") }</p>
            } else {
                <ul class="flag-list">{ for flagged.iter().map(|months| {
                    let first = months[0];
                    let review = months.iter().any(|r| r.disciplinary_review);
                    html! {
                        <li class={classes!(if review { "flag-review" } else { "flag-bonus" })} data-staff={first.staff.0.to_string()}>
                            <span class="flag-who">{ format!("{} · {}", first.name, department_name(l, first.department)) }</span>
                            <span class="flag-what">{ if review {
                                pick(l, "⛔ 连续三个有评价的月份低于50%：记过或劝退", "⛔ Below 50% in three rated months in a row: disciplinary review")
                            } else {
                                pick(l, "⚠ 当月低于50%：扣罚奖金", "⚠ Below 50% in a month: bonus deduction")
                            } }</span>
                            <span class="flag-months">{ months.iter().map(|r| format!("{} {}", r.month, rate_text(r.satisfied, r.rated))).collect::<Vec<_>>().join(pick(l, "；", "; ")) }</span>
                        </li>
                    }
                }) }</ul>
            }
        </section>
    }
}

/// The months the page covers, as the person chose them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Last(u32),
    ThisYear,
}

impl Period {
    const ALL: [Period; 4] = [Period::Last(3), Period::Last(6), Period::Last(12), Period::ThisYear];

    fn value(self) -> String {
        match self {
            Period::Last(n) => format!("last-{n}"),
            Period::ThisYear => "this-year".to_owned(),
        }
    }

    fn label(self, l: Lang) -> String {
        match (self, l) {
            (Period::Last(n), Lang::Zh) => format!("近{n}个月"),
            (Period::Last(n), Lang::En) => format!("Last {n} months"),
            (Period::ThisYear, Lang::Zh) => "今年".to_owned(),
            (Period::ThisYear, Lang::En) => "This year".to_owned(),
        }
    }

    /// How many months back from this one the period starts.
    fn months_back(self, today: NaiveDate) -> u32 {
        use chrono::Datelike as _;
        match self {
            Period::Last(n) => n.saturating_sub(1),
            Period::ThisYear => today.month() - 1,
        }
    }
}

#[function_component(KpiPage)]
pub fn kpi_page() -> Html {
    let ctx = use_context::<AppCtx>();
    let report = use_state(|| None::<Result<KpiReport, ()>>);
    // Forty people's lines cannot be read on one chart: the departments first.
    let series = use_state(|| Series::Departments);
    let period = use_state(|| Period::Last(12));
    let today = ctx.as_ref().map(|c| c.today).unwrap_or_default();
    let back = period.months_back(today);
    let from = today.checked_sub_months(Months::new(back)).unwrap_or(today);
    let range = KpiQuery { from: month_key(from), to: month_key(today) };
    {
        let (report, ctx, range) = (report.clone(), ctx.clone(), range.clone());
        use_effect_with(range.clone(), move |_| {
            yew::platform::spawn_local(async move {
                let result = api::fetch::<GetKpi>(&[], &range).await;
                if let Some(ctx) = &ctx {
                    ctx.note(&result);
                }
                report.set(Some(result.map_err(|_| ())));
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let months: Vec<String> =
        (0..=back).rev().filter_map(|back| today.checked_sub_months(Months::new(back))).map(month_key).collect();
    let body = match &*report {
        None => html! { <p class="loading">{ ctx.t(Text::Loading) }</p> },
        Some(Err(())) => {
            html! { <p class="empty" id="kpi-error">{ pick(l, "考核数据暂时无法加载，请稍后刷新。", "The KPI report could not be loaded; refresh in a moment.") }</p> }
        }
        Some(Ok(report)) => {
            let mut departments_present: Vec<Option<Role>> = report.rows.iter().map(|r| r.department).collect();
            departments_present.sort();
            departments_present.dedup();
            let current = match *series {
                Series::StaffOf(d) if !departments_present.contains(&d) => Series::Staff,
                other => other,
            };
            let on_series = {
                let series = series.clone();
                Callback::from(move |value: String| series.set(Series::parse(&value)))
            };
            let mut options: Vec<(AttrValue, AttrValue)> = vec![
                (Series::Staff.value().into(), pick(l, "每位员工", "Each staff member").into()),
                (Series::Departments.value().into(), pick(l, "各部门合计", "Each department").into()),
            ];
            for d in &departments_present {
                let name = department_name(l, *d);
                let label = if l == Lang::En { format!("Staff: {name}") } else { format!("{name}的员工") };
                options.push((Series::StaffOf(*d).value().into(), label.into()));
            }
            let drawn = lines(l, &months, &report.rows, current);
            html! {
                <>
                    { flags(&ctx, &report.rows) }
                    <figure class="kpi-figure">
                        <div class="filter chart-series">
                            <label for="kpi-chart-series">{ pick(l, "图表显示", "The chart shows") }</label>
                            <Select id="kpi-chart-series" value={current.value()} options={options} onchange={on_series} />
                        </div>
                        { chart(l, &months, &drawn) }
                        { legend(l, &drawn) }
                        if report.rows.is_empty() {
                            <p class="empty" id="kpi-empty">{ pick(l, "这段时间没有门店评价。", "No store ratings in these months.") }</p>
                        }
                    </figure>
                    <h3>{ pick(l, "按员工", "By staff member") }</h3>
                    <p class="hint">{ pick(
                        l,
                        "只列出有评价的月份；当月满意率低于50%扣罚奖金（⚠），连续三个有评价的月份低于50%记过或劝退（⛔）。",
                        "Only months with ratings are listed. Below 50% in a month: bonus deduction (⚠); below 50% in three rated months in a row: disciplinary review (⛔).",
                    ) }</p>
                    { people(&ctx, &report.rows) }
                    <h3>{ ctx.t(Text::ByDepartment) }</h3>
                    { departments(&ctx, &report.rows) }
                </>
            }
        }
    };
    html! {
        <section class="card" id="kpi">
            <div class="kpi-head">
                <h2>{ ctx.t(Text::KpiTitle) }</h2>
                <p class="hint" id="kpi-range">{ format!("{} – {}", range.from, range.to) }</p>
            </div>
            <div class="toolbar">
                <div class="filter">
                    <label for="kpi-period">{ pick(l, "时间", "Period") }</label>
                    <Select id="kpi-period" value={period.value()}
                        options={Period::ALL.iter().map(|p| (AttrValue::from(p.value()), AttrValue::from(p.label(l)))).collect::<Vec<_>>()}
                        onchange={{ let period = period.clone(); Callback::from(move |v: String| {
                            if let Some(p) = Period::ALL.into_iter().find(|p| p.value() == v) { period.set(p) }
                        }) }} />
                </div>
                <a class="button" id="kpi-xlsx" href={url::<ExportKpiXlsx>(&[], &range)}>{ ctx.t(Text::ExportExcel) }</a>
                <a class="button secondary" id="kpi-csv" href={url::<ExportKpiCsv>(&[], &range)}>{ ctx.t(Text::ExportCsv) }</a>
            </div>
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::rate_text;

    #[test]
    fn rates_round_half_up_to_one_decimal() {
        assert_eq!(rate_text(2, 3), "66.7%");
        assert_eq!(rate_text(1, 3), "33.3%");
        assert_eq!(rate_text(1, 16), "6.3%");
        assert_eq!(rate_text(1, 1), "100.0%");
        assert_eq!(rate_text(0, 4), "0.0%");
        assert_eq!(rate_text(0, 0), "—");
    }
}
