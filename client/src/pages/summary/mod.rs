//! The printable campaign summary (活动总结), what the center used to make as a PPT for the
//! VP: the campaign at a glance, the approved plan, sales per store against the plan's
//! effect forecast (an SVG chart drawn by the app), the budget planned (actual spending is
//! not recorded in the system, and the page says so), the execution notes, photos from the
//! stores' receipts and the summary, and every store's rating and comment. Printed on A4
//! portrait, the app around it is hidden (`css/summary.css`).
//!
//! The page's model is `Summary` (which campaign, and its answer, changed only by
//! `Msg`); what it shows is worked out once per render into `Figures`, which the
//! section views (`sections`) read.

mod charts;
mod forecast;
mod sections;

use std::collections::BTreeMap;
use std::rc::Rc;

use shared::Lang;
use shared::api::CampaignDetail;
use shared::campaign::Campaign;
use shared::endpoints::GetCampaign;
use shared::ids::StoreId;
use shared::money::Fen;
use shared::plan::{PlanSection, PlanVersion};
use yew::prelude::*;

use super::not_found;
use crate::api::{self, CallError};
use crate::ctx::AppCtx;
use crate::i18n::{Text, date, kind_name, pick};
use crate::route::Route;
use forecast::{Forecast, parse_forecast};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: u64,
}

pub(super) fn section_name(l: Lang, section: PlanSection) -> &'static str {
    if l == Lang::En { section.name_en() } else { section.name_zh() }
}

pub(super) fn colon(l: Lang) -> &'static str {
    pick(l, "：", ": ")
}

pub(super) fn store_count(l: Lang, n: usize) -> String {
    match l {
        Lang::En if n == 1 => "1 store".to_owned(),
        Lang::En => format!("{n} stores"),
        Lang::Zh => format!("{n}家门店"),
    }
}

/// The page's state: the campaign asked for, and the server's answer once it came.
#[derive(Clone, PartialEq)]
struct Summary {
    id: u64,
    detail: Option<Result<Rc<CampaignDetail>, CallError>>,
}

enum Msg {
    /// Show another campaign: loading until its answer comes.
    Open(u64),
    /// The server's answer for a campaign.
    Loaded(u64, Result<Rc<CampaignDetail>, CallError>),
}

impl Summary {
    fn update(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            Msg::Open(id) if id == self.id => self,
            Msg::Open(id) => Rc::new(Summary { id, detail: None }),
            // An answer that comes after the page moved on to another campaign is not
            // shown for it.
            Msg::Loaded(id, _) if id != self.id => self,
            Msg::Loaded(id, result) => Rc::new(Summary { id, detail: Some(result) }),
        }
    }
}

impl Reducible for Summary {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        self.update(msg)
    }
}

/// A store's reported sales: every report added up (each is what the store sold in the
/// period it reports), with the days reported.
struct StoreSales {
    pub store: StoreId,
    pub total: Option<Fen>,
    pub reports: Vec<(chrono::NaiveDate, Fen)>,
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

/// Where a forecast is drawn: as a line across the stores' bars (per store, or the
/// only store's), or as a bar beside the campaign's total. `(per_store, total)`.
fn forecast_targets(forecast: Option<&Forecast>, store_total: usize) -> (Option<Fen>, Option<Fen>) {
    match forecast {
        // One store: its forecast is the campaign's, whatever the text calls it.
        Some(f) if f.per_store || store_total <= 1 => (Some(f.amount), None),
        Some(f) => (None, Some(f.amount)),
        None => (None, None),
    }
}

/// What the summary shows, worked out from the campaign.
struct Figures<'a> {
    detail: &'a CampaignDetail,
    c: &'a Campaign,
    /// The approved plan version (else the latest).
    plan: Option<&'a PlanVersion>,
    sales: Vec<StoreSales>,
    /// Stores that reported sales, of `store_total`.
    reported: usize,
    store_total: usize,
    sales_total: Option<Fen>,
    forecast_text: Option<String>,
    forecast: Option<Forecast>,
    per_store_forecast: Option<Fen>,
    total_forecast: Option<Fen>,
    /// The largest amount a sales chart draws (all its parts share one scale).
    chart_max: i64,
    /// Stores whose sales reached a per-store forecast.
    reached: Option<usize>,
    satisfied: u32,
    rated: u32,
    budget_total: Option<Fen>,
    /// Costs are what was invoiced, or (before any invoice) ordered.
    invoiced: bool,
    /// Whether the sales table has cost columns.
    costed: bool,
}

impl<'a> Figures<'a> {
    fn new(detail: &'a CampaignDetail) -> Figures<'a> {
        let c = detail.campaign.campaign();
        let plan: Option<&PlanVersion> = c
            .approval
            .as_ref()
            .and_then(|a| c.plan_versions.iter().find(|v| v.number == a.plan_version))
            .or(c.latest_plan());
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
        let (per_store_forecast, total_forecast) = forecast_targets(forecast.as_ref(), store_total);
        let chart_max = sales.iter().filter_map(|s| s.total).chain(per_store_forecast).map(|f| f.0).max().unwrap_or(0);
        let reached = per_store_forecast.map(|f| sales.iter().filter(|s| s.total.is_some_and(|t| t >= f)).count());
        let money = detail.money.as_ref();
        Figures {
            detail,
            c,
            plan,
            reported,
            store_total,
            sales_total,
            forecast_text,
            forecast,
            per_store_forecast,
            total_forecast,
            chart_max,
            reached,
            satisfied: c.ratings.iter().filter(|r| r.satisfied).count() as u32,
            rated: c.ratings.len() as u32,
            budget_total: plan.and_then(|p| p.document.budget_total()),
            invoiced: money.is_some_and(|m| m.spent_total.0 > 0),
            costed: money.is_some_and(|m| m.committed_total.0 > 0 || m.spent_total.0 > 0) && !c.stores.is_empty(),
            sales,
        }
    }

    /// A store's share of the cost: what was invoiced, or (before any invoice) ordered.
    fn store_cost(&self, store: StoreId) -> Option<Fen> {
        let share = self.detail.money.as_ref()?.stores.iter().find(|s| s.store == store)?;
        let cost = if self.invoiced { share.spent } else { share.committed };
        (cost.0 > 0).then_some(cost)
    }
}

#[function_component(SummaryPage)]
pub fn summary_page(props: &Props) -> Html {
    let ctx = use_context::<AppCtx>();
    let state = use_reducer(|| Summary { id: props.id, detail: None });
    {
        let (state, ctx) = (state.dispatcher(), ctx.clone());
        use_effect_with(props.id, move |id| {
            let id = *id;
            state.dispatch(Msg::Open(id));
            yew::platform::spawn_local(async move {
                let result = api::fetch::<GetCampaign>(&[&id.to_string()], &()).await;
                if let Some(ctx) = &ctx {
                    ctx.note(&result);
                }
                state.dispatch(Msg::Loaded(id, result.map(Rc::new)));
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    match &state.detail {
        None => html! { <p class="loading page">{ ctx.t(Text::Loading) }</p> },
        Some(Err(CallError::Network)) => html! {
            <section class="card" id="summary-offline">
                <p class="empty">{ pick(l, "无法连接服务器，活动总结暂时无法显示。", "Cannot reach the server; the summary cannot be shown now.") }</p>
            </section>
        },
        Some(Err(_)) => not_found(l),
        Some(Ok(detail)) => summary_view(&ctx, &Figures::new(detail)),
    }
}

/// The summary: the results first (what a handout opens with), then what was planned.
fn summary_view(ctx: &AppCtx, f: &Figures) -> Html {
    let (l, c) = (ctx.lang, f.c);
    let print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
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
            { sections::glance(ctx, f) }
            { sections::sales_section(ctx, f) }
            { sections::budget_section(ctx, f) }
            { sections::ratings_section(ctx, f) }
            { sections::notes_section(ctx, f) }
            { sections::plan_section(ctx, f) }
            { sections::photos_section(ctx, f) }
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

    fn loaded(s: &Summary) -> bool {
        s.detail.is_some()
    }

    #[test]
    fn an_answer_for_another_campaign_is_not_shown() {
        let s = Rc::new(Summary { id: 1, detail: None });
        let s = s.update(Msg::Loaded(2, Err(CallError::Network)));
        assert!(!loaded(&s));
        let s = s.update(Msg::Loaded(1, Err(CallError::Network)));
        assert_eq!(s.detail, Some(Err(CallError::Network)));
        // Asked again for the same campaign: what is shown stays.
        let same = s.clone().update(Msg::Open(1));
        assert!(Rc::ptr_eq(&s, &same));
        // Another campaign: loading until its own answer.
        let other = same.update(Msg::Open(3));
        assert_eq!((other.id, loaded(&other)), (3, false));
    }

    #[test]
    fn a_forecast_is_drawn_per_store_or_against_the_total() {
        let f = |per_store| Forecast { amount: Fen(100), per_store, written: String::new() };
        assert_eq!(forecast_targets(Some(&f(true)), 5), (Some(Fen(100)), None));
        assert_eq!(forecast_targets(Some(&f(false)), 5), (None, Some(Fen(100))));
        // One store: its forecast is the campaign's, a line across its bar.
        assert_eq!(forecast_targets(Some(&f(false)), 1), (Some(Fen(100)), None));
        assert_eq!(forecast_targets(None, 5), (None, None));
    }

    #[test]
    fn printed_titles_are_quoted_for_css() {
        let css = page_margins(Lang::En, "Say \"hi\" \\ now\n");
        assert!(css.contains(r#"content: "Say \"hi\" \\ now";"#), "{css}");
    }
}
