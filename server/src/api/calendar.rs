//! The working-day calendar (R8): read a year, import a year (administrator), and ask
//! working-day questions. An import replaces the shipped data for that year.

use axum::Router;
use axum::extract::{Path, State};
use shared::api::{WorkingDays, WorkingDaysQuery};
use shared::calendar::{Calendar, MAX_WORKING_DAYS, YearCalendar};
use shared::endpoints::{CountWorkingDays, GetCalendarYear, ImportCalendarYear};
use shared::messages::{FieldError, Message};
use shared::org::Role;
use shared::rules::calendar_message;

use super::stores::audit;
use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    let router = route::<GetCalendarYear, _, _>(Router::new(), read_year);
    let router = route::<ImportCalendarYear, _, _>(router, import_year);
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
    if input.year != year {
        return Err(AppError::Validation(vec![FieldError::new(
            "year",
            &Message::WrongType { detail: format!("the body is for {}, the path for {year}", input.year) },
        )]));
    }
    input.validate().map_err(|e| AppError::Validation(vec![FieldError::new("", &calendar_message(e))]))?;
    state.store.put_calendar_year(&input, audit(&state, &current, "import calendar", format!("year {year}"))).await?;
    let mut next: Calendar = (*state.calendar()).clone();
    next.insert(input.clone()).map_err(|e| AppError::Validation(vec![FieldError::new("", &calendar_message(e))]))?;
    if let Ok(mut shared_calendar) = state.calendar.write() {
        *shared_calendar = std::sync::Arc::new(next);
    }
    tracing::info!(year, "calendar year imported");
    reply::<ImportCalendarYear>(input)
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
                &Message::TooLong { max_chars: MAX_WORKING_DAYS as usize },
            )]));
        }
        Some(n) => Some(calendar.add_working_days(query.from, n).map_err(|e| to_field("add", e))?),
        None => None,
    };
    let count = match query.to {
        Some(to) => Some(calendar.working_days_between(query.from, to).map_err(|e| to_field("to", e))?),
        None => None,
    };
    reply::<CountWorkingDays>(WorkingDays { from: query.from, date, count })
}
