//! A working-day calendar year the administrator imported (`calendar_years`, key the
//! year): the stored envelope, its frozen versions (moved here from `v1/calendars.rs`,
//! bytes unchanged) and their conversions. Its fixtures are named `calendar_year_v<n>`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::calendar;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredYear {
    V1(YearCalendarV1),
}

/// The version this build writes.
pub type Latest = YearCalendarV1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayPeriodV1 {
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl From<&calendar::HolidayPeriod> for HolidayPeriodV1 {
    fn from(value: &calendar::HolidayPeriod) -> Self {
        let calendar::HolidayPeriod { name, from, to } = value;
        HolidayPeriodV1 { name: name.clone(), from: *from, to: *to }
    }
}

impl From<HolidayPeriodV1> for calendar::HolidayPeriod {
    fn from(value: HolidayPeriodV1) -> Self {
        let HolidayPeriodV1 { name, from, to } = value;
        calendar::HolidayPeriod { name, from, to }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCalendarV1 {
    pub year: i32,
    pub source: String,
    pub holidays: Vec<HolidayPeriodV1>,
    pub make_up_workdays: Vec<NaiveDate>,
}

impl From<&calendar::YearCalendar> for YearCalendarV1 {
    fn from(value: &calendar::YearCalendar) -> Self {
        // Only official years are stored (an import is refused when marked provisional,
        // and provisional years are derived at start-up, never written), so version 1
        // still holds every stored year whole.
        let calendar::YearCalendar { year, source, holidays, make_up_workdays, provisional } = value;
        debug_assert!(!provisional, "a provisional year is never stored");
        YearCalendarV1 {
            year: *year,
            source: source.clone(),
            holidays: holidays.iter().map(HolidayPeriodV1::from).collect(),
            make_up_workdays: make_up_workdays.clone(),
        }
    }
}

impl From<YearCalendarV1> for calendar::YearCalendar {
    fn from(value: YearCalendarV1) -> Self {
        let YearCalendarV1 { year, source, holidays, make_up_workdays } = value;
        calendar::YearCalendar {
            year,
            source,
            holidays: holidays.into_iter().map(calendar::HolidayPeriod::from).collect(),
            make_up_workdays,
            provisional: false,
        }
    }
}
