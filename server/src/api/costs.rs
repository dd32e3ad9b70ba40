//! The center's costs across campaigns (`shared::costs`): a month range's orders and
//! invoices summed by month, campaign type, supplier and province, and the same as rows
//! finance can book from (CSV, Excel with numbers as numbers and dates as dates). For the
//! VP, the administrator and purchasing (`view::sees_cost_reports`); a store never.

use std::collections::{BTreeMap, HashMap};

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use shared::api::{CostGroup, CostQuery, CostReport};
use shared::campaign::{Campaign, CampaignType, Stage};
use shared::costs::SupplierKind;
use shared::endpoints::{ExportCostsCsv, ExportCostsXlsx, GetCosts};
use shared::ids::StoreId;
use shared::kpi::YearMonth;
use shared::money::Fen;
use shared::org::{Province, Store};

use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    let router = route::<GetCosts, _, _>(Router::new(), report);
    let router = route::<ExportCostsCsv, _, _>(router, |s, c, q| export(s, c, q, Format::Csv));
    route::<ExportCostsXlsx, _, _>(router, |s, c, q| export(s, c, q, Format::Xlsx))
}

/// One booked line: an order (committed) or an invoice (spent) of a campaign.
struct Line<'a> {
    campaign: &'a Campaign,
    invoice: bool,
    on: NaiveDate,
    supplier: &'a str,
    supplier_kind: SupplierKind,
    budget_line: &'a str,
    /// The order's number or the invoice's own number.
    reference: String,
    amount: Fen,
    stores: Vec<StoreId>,
}

/// The campaigns' orders not cancelled and invoices dated within the months asked.
fn lines<'a>(campaigns: &'a [Campaign], from: YearMonth, to: YearMonth) -> Vec<Line<'a>> {
    let within = |day: NaiveDate| {
        let m = YearMonth::of(day);
        from <= m && m <= to
    };
    let mut lines = Vec::new();
    for c in campaigns {
        let stores_of = |own: &[StoreId]| if own.is_empty() { c.stores.clone() } else { own.to_vec() };
        for o in c.costs.orders.iter().filter(|o| o.is_live() && within(o.ordered_on)) {
            lines.push(Line {
                campaign: c,
                invoice: false,
                on: o.ordered_on,
                supplier: &o.supplier,
                supplier_kind: o.supplier_kind,
                budget_line: &o.budget_line,
                reference: o.number.to_string(),
                amount: o.total(),
                stores: stores_of(&o.stores),
            });
        }
        for i in c.costs.invoices.iter().filter(|i| within(i.issued_on)) {
            let order = i.order.and_then(|n| c.costs.order(n));
            lines.push(Line {
                campaign: c,
                invoice: true,
                on: i.issued_on,
                supplier: &i.supplier,
                supplier_kind: order.map_or(SupplierKind::Other, |o| o.supplier_kind),
                budget_line: order.map_or("", |o| o.budget_line.as_str()),
                reference: i.invoice_no.clone(),
                amount: i.amount,
                stores: stores_of(order.map_or(&[][..], |o| o.stores.as_slice())),
            });
        }
    }
    lines.sort_by_key(|a| (a.on, a.campaign.id, a.invoice));
    lines
}

/// An amount shared among provinces by how many of its stores each has (the remainder to
/// the first), or kept whole under "no province" when it names no store.
fn by_province(amount: Fen, stores: &[StoreId], province: &HashMap<StoreId, Province>) -> Vec<(Option<Province>, Fen)> {
    let mut counts: BTreeMap<Province, i64> = BTreeMap::new();
    for p in stores.iter().filter_map(|s| province.get(s)) {
        *counts.entry(*p).or_default() += 1;
    }
    let total: i64 = counts.values().sum();
    if total == 0 {
        return vec![(None, amount)];
    }
    let mut shares: Vec<(Option<Province>, Fen)> = counts
        .iter()
        .map(|(p, n)| (Some(*p), Fen((i128::from(amount.0) * i128::from(*n) / i128::from(total)) as i64)))
        .collect();
    let given: i64 = shares.iter().map(|(_, f)| f.0).sum();
    if let Some(first) = shares.first_mut() {
        first.1 = Fen(first.1.0 + amount.0 - given);
    }
    shares
}

fn add<K: Ord + Clone>(groups: &mut BTreeMap<K, (Fen, Fen)>, key: K, amount: Fen, invoice: bool) {
    let entry = groups.entry(key).or_default();
    let target = if invoice { &mut entry.1 } else { &mut entry.0 };
    *target = shared::costs::sum([*target, amount].into_iter());
}

fn groups<K: Clone>(map: BTreeMap<K, (Fen, Fen)>) -> Vec<CostGroup<K>> {
    map.into_iter().map(|(key, (committed, spent))| CostGroup { key, committed, spent }).collect()
}

/// Every campaign that may hold orders, read whole (a region's few hundred).
fn campaigns(state: &AppState) -> Result<Vec<Campaign>, AppError> {
    let rows = state.store.listings_in_stages(|s| s >= Stage::StoreConfirmation)?;
    let mut campaigns = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(c) = state.store.get_campaign(row.id)? {
            campaigns.push(c);
        }
    }
    Ok(campaigns)
}

fn allowed(current: &CurrentUser) -> Result<(), AppError> {
    if shared::view::sees_cost_reports(&current.actor) { Ok(()) } else { Err(AppError::Forbidden) }
}

fn provinces(state: &AppState) -> Result<HashMap<StoreId, Province>, AppError> {
    Ok(state.store.all::<Store>()?.into_iter().map(|s| (s.value.id, s.value.province)).collect())
}

async fn report(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<CostQuery>,
) -> Reply<GetCosts> {
    allowed(&current)?;
    let (from, to) = super::kpi::month_range(&query.from, &query.to)?;
    let campaigns = campaigns(&state)?;
    let province = provinces(&state)?;
    let (mut months, mut kinds, mut suppliers, mut regions) =
        (BTreeMap::new(), BTreeMap::<CampaignType, _>::new(), BTreeMap::new(), BTreeMap::new());
    let (mut committed, mut spent) = (Fen(0), Fen(0));
    for line in lines(&campaigns, from, to) {
        add(&mut months, YearMonth::of(line.on).to_string(), line.amount, line.invoice);
        add(&mut kinds, line.campaign.kind, line.amount, line.invoice);
        add(&mut suppliers, line.supplier.to_owned(), line.amount, line.invoice);
        for (p, share) in by_province(line.amount, &line.stores, &province) {
            add(&mut regions, p, share, line.invoice);
        }
        let total = if line.invoice { &mut spent } else { &mut committed };
        *total = shared::costs::sum([*total, line.amount].into_iter());
    }
    reply::<GetCosts>(CostReport {
        from: from.to_string(),
        to: to.to_string(),
        committed_total: committed,
        spent_total: spent,
        by_month: groups(months),
        by_type: groups(kinds),
        by_supplier: groups(suppliers),
        by_province: groups(regions),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Xlsx,
}

/// A cell as finance reads it: text, an amount in yuan, or a date.
enum Cell {
    Text(String),
    Yuan(Fen),
    Date(NaiveDate),
}

const HEADER: [&str; 11] = [
    "日期",
    "类别",
    "活动编号",
    "活动",
    "活动类型",
    "供应商",
    "供应商类别",
    "预算项",
    "单号或发票号码",
    "金额（元）",
    "门店",
];

async fn export(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<CostQuery>,
    format: Format,
) -> Result<Response, AppError> {
    allowed(&current)?;
    let (from, to) = super::kpi::month_range(&query.from, &query.to)?;
    let campaigns = campaigns(&state)?;
    let names: HashMap<StoreId, String> =
        state.store.all::<Store>()?.into_iter().map(|s| (s.value.id, s.value.name)).collect();
    let rows: Vec<Vec<Cell>> = lines(&campaigns, from, to)
        .into_iter()
        .map(|line| {
            vec![
                Cell::Date(line.on),
                Cell::Text(if line.invoice { "发票" } else { "订单" }.into()),
                Cell::Text(line.campaign.id.to_string()),
                Cell::Text(line.campaign.title.clone()),
                Cell::Text(line.campaign.kind.name_zh().into()),
                Cell::Text(line.supplier.to_owned()),
                Cell::Text(line.supplier_kind.name_zh().into()),
                Cell::Text(line.budget_line.to_owned()),
                Cell::Text(line.reference.clone()),
                Cell::Yuan(line.amount),
                Cell::Text(line.stores.iter().filter_map(|s| names.get(s).cloned()).collect::<Vec<_>>().join("、")),
            ]
        })
        .collect();
    let name = format!("costs-{from}-{to}");
    match format {
        Format::Csv => {
            super::kpi::csv(&format!("{name}.csv"), &HEADER, rows.iter().map(|r| r.iter().map(csv_text).collect()))
        }
        Format::Xlsx => xlsx(&format!("{name}.xlsx"), &rows),
    }
}

/// A cell as CSV writes it: an amount as `1234.56` (yuan), a date as `2026-03-02`.
fn csv_text(cell: &Cell) -> String {
    match cell {
        Cell::Yuan(fen) => {
            format!("{}{}.{:02}", if fen.0 < 0 { "-" } else { "" }, fen.0.abs() / 100, fen.0.abs() % 100)
        }
        Cell::Date(day) => day.format("%Y-%m-%d").to_string(),
        Cell::Text(text) => text.clone(),
    }
}

fn xlsx(name: &str, rows: &[Vec<Cell>]) -> Result<Response, AppError> {
    use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| AppError::Storage(crate::storage::StorageError::Io(e.to_string()));
    let mut workbook = Workbook::new();
    let bold = CellFormat::new().set_bold();
    let date = CellFormat::new().set_num_format("yyyy-mm-dd");
    let money = CellFormat::new().set_num_format("#,##0.00");
    let sheet = workbook.add_worksheet();
    for (column, title) in HEADER.iter().enumerate() {
        let column = u16::try_from(column).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, column, *title, &bold).map_err(failed)?;
        sheet.set_column_width(column, 14).map_err(failed)?;
    }
    for (row, cells) in rows.iter().enumerate() {
        let row = u32::try_from(row + 1).unwrap_or(u32::MAX);
        for (column, cell) in cells.iter().enumerate() {
            let column = u16::try_from(column).unwrap_or(u16::MAX);
            match cell {
                Cell::Text(text) => sheet.write_string(row, column, text),
                // Fen to yuan: exact to the cent in a double for any amount a figure may hold.
                Cell::Yuan(fen) => sheet.write_number_with_format(row, column, fen.0 as f64 / 100.0, &money),
                Cell::Date(day) => {
                    let when = ExcelDateTime::from_ymd(
                        u16::try_from(day.year()).unwrap_or(1900),
                        u8::try_from(day.month()).unwrap_or(1),
                        u8::try_from(day.day()).unwrap_or(1),
                    )
                    .map_err(failed)?;
                    sheet.write_datetime_with_format(row, column, &when, &date)
                }
            }
            .map_err(failed)?;
        }
    }
    let bytes = workbook.save_to_buffer().map_err(failed)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_is_shared_among_provinces_by_store_count_and_adds_up() {
        let province: HashMap<StoreId, Province> =
            [(StoreId(1), Province::Heilongjiang), (StoreId(2), Province::Heilongjiang), (StoreId(3), Province::Jilin)]
                .into();
        let shares = by_province(Fen(1_000), &[StoreId(1), StoreId(2), StoreId(3)], &province);
        assert_eq!(shares.iter().map(|(_, f)| f.0).sum::<i64>(), 1_000);
        assert_eq!(shares, vec![(Some(Province::Heilongjiang), Fen(667)), (Some(Province::Jilin), Fen(333))]);
        assert_eq!(by_province(Fen(5), &[], &province), vec![(None, Fen(5))]);
    }
}
