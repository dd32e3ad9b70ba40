//! The working-day calendar (R8): read a year (official, or provisional from the holiday
//! regulation when no notice is on file), import a year (administrator), and ask
//! working-day questions. An import replaces the shipped or provisional data for that
//! year, and its answer lists the open video jobs whose due day no longer meets R1.

use axum::Router;
use axum::extract::{Path, State};
use shared::api::{CalendarImport, CampaignSummary, WorkingDays, WorkingDaysQuery};
use shared::calendar::{Calendar, CalendarError, CalendarProblem, MAX_WORKING_DAYS, YearCalendar};
use shared::campaign::CampaignType;
use shared::endpoints::{CountWorkingDays, GetCalendarYear, ImportCalendarIcs, ImportCalendarYear};
use shared::messages::{FieldError, Message};
use shared::org::Role;
use shared::rules::calendar_message;

use super::stores::audit;
use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;
use crate::storage::CampaignFilter;

pub fn router() -> Router<AppState> {
    let router = route::<GetCalendarYear, _, _>(Router::new(), read_year);
    let router = route::<ImportCalendarYear, _, _>(router, import_year);
    let router = route::<ImportCalendarIcs, _, _>(router, import_ics);
    route::<CountWorkingDays, _, _>(router, working_days)
}

fn parse_year(text: &str) -> Result<i32, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

async fn read_year(
    State(state): State<AppState>,
    _current: CurrentUser,
    Path(year): Path<String>,
) -> Reply<GetCalendarYear> {
    let year = parse_year(&year)?;
    reply::<GetCalendarYear>(state.calendar().year(year).cloned().ok_or(AppError::NotFound)?)
}

async fn import_year(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(year): Path<String>,
    ApiJson(input): ApiJson<YearCalendar>,
) -> Reply<ImportCalendarYear> {
    current.require(&[Role::Admin])?;
    let year = parse_year(&year)?;
    let done = save_year(&state, &current, year, input).await?;
    reply::<ImportCalendarYear>(done)
}

/// The same import from an iCalendar file (`shared::calendar::parse_year_ics`, the parser
/// the browser's import form uses), for scripts that hold the file. The parse's work is
/// bounded by the file's lines and the year's days (SECURITY.md), and it runs on the
/// blocking pool, never on an async worker: a hostile file cannot hold up `/healthz` or
/// anyone else's request while it is read.
async fn import_ics(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(year): Path<String>,
    crate::extract::IcsBody(body): crate::extract::IcsBody,
) -> Reply<ImportCalendarIcs> {
    current.require(&[Role::Admin])?;
    let year = parse_year(&year)?;
    let invalid = |e: CalendarError| AppError::Validation(vec![FieldError::new("", &calendar_message(e))]);
    if body.len() > shared::calendar::MAX_IMPORT_BYTES {
        return Err(invalid(CalendarError::Invalid(CalendarProblem::TooLarge)));
    }
    let input = tokio::task::spawn_blocking(move || -> Result<YearCalendar, AppError> {
        let text = std::str::from_utf8(&body).map_err(|_| {
            AppError::Validation(vec![FieldError::new(
                "",
                &Message::WrongType { detail: "an iCalendar file is UTF-8 text".into() },
            )])
        })?;
        shared::calendar::parse_year_ics(text, year).map_err(invalid)
    })
    .await
    .map_err(|e| AppError::Storage(crate::storage::StorageError::Io(format!("calendar import: {e}"))))??;
    let done = save_year(&state, &current, year, input).await?;
    reply::<ImportCalendarIcs>(done)
}

/// Checks and stores an imported year, and says which open video jobs it puts inside R1.
async fn save_year(
    state: &AppState,
    current: &CurrentUser,
    year: i32,
    input: YearCalendar,
) -> Result<CalendarImport, AppError> {
    let problem = |field: &str, problem: CalendarProblem| {
        AppError::Validation(vec![FieldError::new(field, &calendar_message(CalendarError::Invalid(problem)))])
    };
    if input.year != year {
        return Err(problem("year", CalendarProblem::YearMismatch { expected: year, found: input.year }));
    }
    if input.provisional {
        return Err(problem("provisional", CalendarProblem::ImportProvisional));
    }
    input.validate().map_err(|e| AppError::Validation(vec![FieldError::new("", &calendar_message(e))]))?;
    state.store.put_calendar_year(&input, audit(state, current, "import calendar", format!("year {year}"))).await?;
    let calendar = state.set_calendar(crate::lunar::calendar_for(state.store.calendar_years()?, state.clock.today()));
    tracing::info!(year, "calendar year imported");
    let lead_time_short = lead_time_short(state, current, &calendar)?;
    Ok(CalendarImport { year: input, lead_time_short })
}

/// The open video jobs whose due day is inside R1's lead time on `calendar`.
fn lead_time_short(
    state: &AppState,
    current: &CurrentUser,
    calendar: &Calendar,
) -> Result<Vec<CampaignSummary>, AppError> {
    let filter = CampaignFilter { kind: Some(CampaignType::VideoProduction), ..CampaignFilter::default() };
    let today = state.clock.today();
    let mut found = Vec::new();
    let mut cursor = None;
    loop {
        let page = state.store.list_campaigns(&filter, cursor.as_deref(), crate::storage::MAX_PAGE_SIZE)?;
        found.extend(
            super::campaigns::summaries(page.items, &current.actor, today, calendar, &state.schedule())
                .into_iter()
                .filter(|s| s.lead_time_short),
        );
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(found),
        }
    }
}

async fn working_days(
    State(state): State<AppState>,
    _current: CurrentUser,
    ApiQuery(query): ApiQuery<WorkingDaysQuery>,
) -> Reply<CountWorkingDays> {
    let calendar = state.calendar();
    let to_field = |field: &str, e| AppError::Validation(vec![FieldError::new(field, &calendar_message(e))]);
    let date = match query.add {
        Some(n) if n > MAX_WORKING_DAYS => {
            return Err(AppError::BadRequest(vec![FieldError::new(
                "add",
                &Message::WorkingDaysRange { max_days: MAX_WORKING_DAYS },
            )]));
        }
        Some(n) => Some(calendar.add_working_days(query.from, n).map_err(|e| to_field("add", e))?),
        None => None,
    };
    let count = match query.to {
        Some(to) => Some(calendar.working_days_between(query.from, to).map_err(|e| to_field("to", e))?),
        None => None,
    };
    let until = date.into_iter().chain(query.to).max().unwrap_or(query.from);
    let provisional = calendar.span_is_provisional(query.from, until);
    reply::<CountWorkingDays>(WorkingDays { from: query.from, date, count, provisional })
}
