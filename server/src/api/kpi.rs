//! The KPI report (R7) and the CSV exports. The VP and the administrator see everyone;
//! other center staff see their own rows; store managers see none.

use std::collections::HashMap;

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use shared::api::{CampaignQuery, KpiQuery, KpiReport, KpiRow};
use shared::endpoints::{ExportCampaignsCsv, ExportCampaignsXlsx, ExportKpiCsv, ExportKpiXlsx, GetKpi};
use shared::kpi::{YearMonth, flag_months};
use shared::messages::{FieldError, Message};
use shared::org::Person;
use shared::view::{KpiScope, kpi_scope};

use super::campaigns::{filter_for, summaries};
use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::state::AppState;

/// The most rows one export holds.
pub const EXPORT_ROWS_MAX: usize = 20_000;

pub fn router() -> Router<AppState> {
    let router = route::<GetKpi, _, _>(Router::new(), report);
    let router = route::<ExportKpiCsv, _, _>(router, |s, c, q| report_export(s, c, q, Format::Csv));
    let router = route::<ExportKpiXlsx, _, _>(router, |s, c, q| report_export(s, c, q, Format::Xlsx));
    let router = route::<ExportCampaignsCsv, _, _>(router, |s, c, q| campaigns_export(s, c, q, Format::Csv));
    route::<ExportCampaignsXlsx, _, _>(router, |s, c, q| campaigns_export(s, c, q, Format::Xlsx))
}

fn parse_month(field: &str, text: &str) -> Result<YearMonth, AppError> {
    let bad = || AppError::BadRequest(vec![FieldError::new(field, &Message::InvalidMonth)]);
    let (year, month) = text.split_once('-').ok_or_else(bad)?;
    let year: i32 = year.parse().map_err(|_| bad())?;
    let month: u32 = month.parse().map_err(|_| bad())?;
    // The same bounds as every money date (`shared::costs::money_days`): an amount recorded
    // is always in some month a report accepts.
    let asked = YearMonth { year, month };
    if !asked.is_reportable() {
        return Err(bad());
    }
    Ok(asked)
}

/// A report's months, `from` to `to` (`YYYY-MM` each), the first not after the last.
pub(super) fn month_range(from: &str, to: &str) -> Result<(YearMonth, YearMonth), AppError> {
    let (from, to) = (parse_month("from", from)?, parse_month("to", to)?);
    if to < from {
        return Err(AppError::BadRequest(vec![FieldError::new(
            "to",
            &Message::DateOrder { earlier_zh: "起始月份", earlier_en: "the first month" },
        )]));
    }
    Ok((from, to))
}

fn build(state: &AppState, current: &CurrentUser, query: &KpiQuery) -> Result<KpiReport, AppError> {
    let scope = kpi_scope(&current.actor);
    if scope == KpiScope::Refused {
        return Err(AppError::Forbidden);
    }
    let (from, to) = month_range(&query.from, &query.to)?;
    // Staff × months from the counts kept with each rating, never the ratings themselves.
    let only = match scope {
        KpiScope::Own(person) => Some(person),
        _ => None,
    };
    let months = state.store.kpi_months(from, to, only)?;
    let names: HashMap<_, _> = state.store.all::<Person>()?.into_iter().map(|p| (p.value.id, p.value.name)).collect();
    let departments: HashMap<_, _> =
        state.store.all::<crate::storage::UserRecord>()?.into_iter().map(|u| (u.value.person, u.value.role)).collect();
    let rows = flag_months(months)
        .into_iter()
        .filter(|row| row.month >= from && scope.shows(row.staff))
        .map(|row| KpiRow {
            staff: row.staff,
            name: names.get(&row.staff).cloned().unwrap_or_else(|| format!("#{}", row.staff)),
            department: departments.get(&row.staff).copied(),
            month: row.month.to_string(),
            rated: row.rated,
            satisfied: row.satisfied,
            rate_permille: row.rate_permille(),
            bonus_deduction: row.bonus_deduction,
            disciplinary_review: row.disciplinary_review,
        })
        .collect();
    Ok(KpiReport { from: from.to_string(), to: to.to_string(), rows })
}

async fn report(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<KpiQuery>,
) -> Reply<GetKpi> {
    reply::<GetKpi>(build(&state, &current, &query)?)
}

/// A CSV cell's text that never starts like a formula (CSV injection); the `csv` crate
/// quotes it where needed.
fn guarded(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@']) { format!("'{text}").into() } else { text.into() }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Xlsx,
}

fn export(
    format: Format,
    name: &str,
    header_row: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<Response, AppError> {
    match format {
        Format::Csv => csv(&format!("{name}.csv"), header_row, rows),
        Format::Xlsx => xlsx(&format!("{name}.xlsx"), header_row, rows),
    }
}

/// An Excel workbook with one sheet: a bold header row, then the rows as text (numbers
/// as numbers).
fn xlsx(name: &str, header_row: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<Response, AppError> {
    let failed = |e: rust_xlsxwriter::XlsxError| AppError::Storage(crate::storage::StorageError::Io(e.to_string()));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    for (column, title) in header_row.iter().enumerate() {
        let column = u16::try_from(column).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, column, *title, &bold).map_err(failed)?;
        sheet.set_column_width(column, 14).map_err(failed)?;
    }
    for (row, cells) in rows.enumerate() {
        let row = u32::try_from(row + 1).unwrap_or(u32::MAX);
        for (column, value) in cells.iter().enumerate() {
            let column = u16::try_from(column).unwrap_or(u16::MAX);
            match value.parse::<f64>() {
                Ok(number) if !value.starts_with('0') || value == "0" => sheet.write_number(row, column, number),
                _ => sheet.write_string(row, column, value),
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

/// A CSV file for Excel: a byte-order mark (so that it reads UTF-8 Chinese text), CRLF
/// lines, fields quoted where needed (the `csv` crate), none starting like a formula.
pub(super) fn csv(
    name: &str,
    header_row: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<Response, AppError> {
    let failed = |e: csv::Error| AppError::Storage(crate::storage::StorageError::Io(e.to_string()));
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(b"\xef\xbb\xbf".to_vec());
    writer.write_record(header_row.iter().map(|h| guarded(h).into_owned())).map_err(failed)?;
    for row in rows {
        writer.write_record(row.iter().map(|c| guarded(c).into_owned())).map_err(failed)?;
    }
    let out = writer.into_inner().map_err(|e| AppError::Storage(crate::storage::StorageError::Io(e.to_string())))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        out,
    )
        .into_response())
}

async fn report_export(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<KpiQuery>,
    format: Format,
) -> Result<Response, AppError> {
    let report = build(&state, &current, &query)?;
    let rows = report.rows.into_iter().map(|r| {
        vec![
            r.month,
            r.name,
            r.rated.to_string(),
            r.satisfied.to_string(),
            format!("{:.1}%", f64::from(r.rate_permille) / 10.0),
            if r.bonus_deduction { "是".into() } else { String::new() },
            if r.disciplinary_review { "是".into() } else { String::new() },
        ]
    });
    export(format, "kpi", &["月份", "员工", "评价数", "满意数", "满意率", "奖金扣罚", "记过或劝退"], rows)
}

async fn campaigns_export(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<CampaignQuery>,
    format: Format,
) -> Result<Response, AppError> {
    let filter = filter_for(&state, &current, &query);
    let today = state.clock.today();
    let calendar = state.calendar();
    let mut rows = Vec::new();
    let mut cursor = None;
    loop {
        let page = state.store.list_campaigns(&filter, cursor.as_deref(), crate::storage::MAX_PAGE_SIZE)?;
        rows.extend(summaries(page.items, &current.actor, today, &calendar, &state.schedule()));
        match page.next_cursor {
            Some(next) if rows.len() < EXPORT_ROWS_MAX => cursor = Some(next),
            _ => break,
        }
    }
    let names: HashMap<_, _> = state
        .store
        .all::<shared::org::Store>()?
        .into_iter()
        .filter(|s| shared::view::sees_store(&current.actor, &s.value))
        .map(|s| (s.value.id, s.value.name))
        .collect();
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let lines = rows.into_iter().map(|c| {
        vec![
            c.id.to_string(),
            c.kind.name_zh().to_owned(),
            c.title,
            c.stores.iter().map(|s| names.get(s).cloned().unwrap_or_default()).collect::<Vec<_>>().join("、"),
            c.stage.name_zh().to_owned(),
            c.requested_on.to_string(),
            date(c.starts_on),
            date(c.ends_on),
            date(c.due_on),
            if c.overdue { "是".into() } else { String::new() },
        ]
    });
    export(
        format,
        "campaigns",
        &["编号", "类型", "名称", "门店", "阶段", "立项日期", "开始", "结束", "截止", "逾期"],
        lines,
    )
}
