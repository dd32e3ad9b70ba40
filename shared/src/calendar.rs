//! China's official working-day calendar (R8) and working-day arithmetic (R1).
//!
//! Weekends are off, public holidays are off, and make-up working days (调休, a weekend
//! day that is worked) are on. The data is per year, from the State Council's annual
//! notice; the administrator can import further years as JSON ([`YearCalendar`]). Any
//! question about a date in a year that is not on file is answered with
//! [`CalendarError::YearNotOnFile`], never with a guess.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// A working-day computation may not run further than this many calendar days; it bounds
/// the loops below and is far beyond any lead time the business uses.
pub const MAX_SPAN_DAYS: u32 = 3 * 366;

/// The largest calendar import accepted, in bytes.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024;

/// The largest number of working days any rule adds.
pub const MAX_WORKING_DAYS: u32 = 500;

/// A holiday period as the State Council's notice lists it, both ends inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HolidayPeriod {
    /// The holiday's Chinese name as the notice gives it, e.g. `春节`.
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// One year of official data: the JSON import format for the administrator.
///
/// ```json
/// { "year": 2026, "source": "国办发明电〔2025〕7号",
///   "holidays": [ { "name": "元旦", "from": "2026-01-01", "to": "2026-01-03" } ],
///   "make_up_workdays": [ "2026-01-04" ] }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct YearCalendar {
    pub year: i32,
    /// Where the data comes from (the notice's number or title).
    #[serde(default)]
    pub source: String,
    pub holidays: Vec<HolidayPeriod>,
    pub make_up_workdays: Vec<NaiveDate>,
}

/// Why a calendar question has no answer, or why imported data is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("the working-day calendar has no data for {year}")]
    YearNotOnFile { year: i32 },
    #[error("the computation spans more than {MAX_SPAN_DAYS} days")]
    SpanTooLong,
    #[error("invalid calendar data: {0}")]
    Invalid(String),
}

impl YearCalendar {
    /// Checks the data is coherent: every date inside `year`, periods ordered, no day both
    /// a holiday and a make-up working day, make-up days on weekends only.
    pub fn validate(&self) -> Result<(), CalendarError> {
        let invalid = |why: String| Err(CalendarError::Invalid(why));
        if !(2000..=2100).contains(&self.year) {
            return invalid(format!("year {} is out of range 2000–2100", self.year));
        }
        if self.source.chars().count() > 200
            || crate::text::forbidden_char(&self.source, crate::text::Lines::One).is_some()
        {
            return invalid("the source must be one line of at most 200 characters people type".into());
        }
        if self.holidays.len() > 20 || self.make_up_workdays.len() > 20 {
            return invalid("too many entries for one year".into());
        }
        for period in &self.holidays {
            if period.from > period.to {
                return invalid(format!("holiday {} ends before it starts", period.name));
            }
            if period.from.year() != self.year || period.to.year() != self.year {
                return invalid(format!("holiday {} is not inside {}", period.name, self.year));
            }
            if period.name.trim().is_empty()
                || period.name.chars().count() > 20
                || crate::text::forbidden_char(&period.name, crate::text::Lines::One).is_some()
            {
                return invalid("a holiday name must have 1–20 characters people type".into());
            }
        }
        for day in &self.make_up_workdays {
            if day.year() != self.year {
                return invalid(format!("make-up working day {day} is not inside {}", self.year));
            }
            if !is_weekend(*day) {
                return invalid(format!("make-up working day {day} is not a Saturday or Sunday"));
            }
            if self.holidays.iter().any(|p| (p.from..=p.to).contains(day)) {
                return invalid(format!("{day} is both a holiday and a make-up working day"));
            }
        }
        Ok(())
    }

    fn is_holiday(&self, day: NaiveDate) -> bool {
        self.holidays.iter().any(|p| (p.from..=p.to).contains(&day))
    }

    fn is_make_up_workday(&self, day: NaiveDate) -> bool {
        self.make_up_workdays.contains(&day)
    }
}

/// The set of years on file. Cheap to clone (a few hundred bytes a year).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Calendar {
    years: BTreeMap<i32, YearCalendar>,
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Calendar {
    /// A calendar with the given years, each validated.
    pub fn new(years: impl IntoIterator<Item = YearCalendar>) -> Result<Self, CalendarError> {
        let mut calendar = Calendar::default();
        for year in years {
            calendar.insert(year)?;
        }
        Ok(calendar)
    }

    /// Reads one year in the JSON import format and validates it (R8).
    pub fn parse_year_json(text: &str) -> Result<YearCalendar, CalendarError> {
        if text.len() > MAX_IMPORT_BYTES {
            return Err(CalendarError::Invalid(format!("more than {MAX_IMPORT_BYTES} bytes")));
        }
        let year: YearCalendar = serde_json::from_str(text).map_err(|e| CalendarError::Invalid(e.to_string()))?;
        year.validate()?;
        Ok(year)
    }

    /// Adds or replaces one year.
    pub fn insert(&mut self, year: YearCalendar) -> Result<(), CalendarError> {
        year.validate()?;
        self.years.insert(year.year, year);
        Ok(())
    }

    pub fn year(&self, year: i32) -> Option<&YearCalendar> {
        self.years.get(&year)
    }

    pub fn years(&self) -> impl Iterator<Item = &YearCalendar> {
        self.years.values()
    }

    /// Whether `day` is a working day. Errors when its year is not on file.
    pub fn is_working_day(&self, day: NaiveDate) -> Result<bool, CalendarError> {
        let year = self.years.get(&day.year()).ok_or(CalendarError::YearNotOnFile { year: day.year() })?;
        if year.is_make_up_workday(day) {
            return Ok(true);
        }
        Ok(!is_weekend(day) && !year.is_holiday(day))
    }

    /// The `n`-th working day after `start` (`start` itself never counts). `n = 0` gives
    /// `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n > MAX_WORKING_DAYS {
            return Err(CalendarError::SpanTooLong);
        }
        let mut day = start;
        let mut remaining = n;
        let mut steps = 0u32;
        while remaining > 0 {
            day = next_day(day)?;
            steps += 1;
            if steps > MAX_SPAN_DAYS {
                return Err(CalendarError::SpanTooLong);
            }
            if self.is_working_day(day)? {
                remaining -= 1;
            }
        }
        Ok(day)
    }

    /// How many working days lie after `from` up to and including `to`; negative when
    /// `to` is before `from` (counting the working days in `(to, from]`).
    /// The inverse of [`Calendar::add_working_days`]: for every `n`,
    /// `working_days_between(d, add_working_days(d, n)) == n`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, CalendarError> {
        let (low, high, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
        if (high - low).num_days() > i64::from(MAX_SPAN_DAYS) {
            return Err(CalendarError::SpanTooLong);
        }
        let mut count = 0i64;
        let mut day = low;
        while day < high {
            day = next_day(day)?;
            if self.is_working_day(day)? {
                count += 1;
            }
        }
        Ok(sign * count)
    }

    /// China's official calendar for 2025 and 2026 as shipped with the product.
    pub fn china_official() -> Calendar {
        let years = [official_2025(), official_2026()];
        let mut calendar = Calendar::default();
        for year in years {
            debug_assert!(year.validate().is_ok(), "shipped calendar {} is invalid", year.year);
            calendar.years.insert(year.year, year);
        }
        calendar
    }
}

fn next_day(day: NaiveDate) -> Result<NaiveDate, CalendarError> {
    day.checked_add_days(Days::new(1)).ok_or(CalendarError::YearNotOnFile { year: day.year().saturating_add(1) })
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    // Only called with literal dates below, which the unit tests cover.
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn period(name: &str, from: NaiveDate, to: NaiveDate) -> HolidayPeriod {
    HolidayPeriod { name: name.to_owned(), from, to }
}

/// 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12).
fn official_2025() -> YearCalendar {
    YearCalendar {
        year: 2025,
        source: "国办发明电〔2024〕12号".into(),
        holidays: vec![
            period("元旦", date(2025, 1, 1), date(2025, 1, 1)),
            period("春节", date(2025, 1, 28), date(2025, 2, 4)),
            period("清明节", date(2025, 4, 4), date(2025, 4, 6)),
            period("劳动节", date(2025, 5, 1), date(2025, 5, 5)),
            period("端午节", date(2025, 5, 31), date(2025, 6, 2)),
            period("国庆节、中秋节", date(2025, 10, 1), date(2025, 10, 8)),
        ],
        make_up_workdays: vec![
            date(2025, 1, 26),
            date(2025, 2, 8),
            date(2025, 4, 27),
            date(2025, 9, 28),
            date(2025, 10, 11),
        ],
    }
}

/// 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号, 2025-11-04).
fn official_2026() -> YearCalendar {
    YearCalendar {
        year: 2026,
        source: "国办发明电〔2025〕7号".into(),
        holidays: vec![
            period("元旦", date(2026, 1, 1), date(2026, 1, 3)),
            period("春节", date(2026, 2, 15), date(2026, 2, 23)),
            period("清明节", date(2026, 4, 4), date(2026, 4, 6)),
            period("劳动节", date(2026, 5, 1), date(2026, 5, 5)),
            period("端午节", date(2026, 6, 19), date(2026, 6, 21)),
            period("中秋节", date(2026, 9, 25), date(2026, 9, 27)),
            period("国庆节", date(2026, 10, 1), date(2026, 10, 7)),
        ],
        make_up_workdays: vec![
            date(2026, 1, 4),
            date(2026, 2, 14),
            date(2026, 2, 28),
            date(2026, 5, 9),
            date(2026, 9, 20),
            date(2026, 10, 10),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    fn working(text: &str) -> bool {
        Calendar::china_official().is_working_day(d(text)).unwrap_or_else(|e| {
            unreachable!("{text}: {e}");
        })
    }

    #[test]
    fn shipped_years_are_valid() {
        assert!(official_2025().validate().is_ok());
        assert!(official_2026().validate().is_ok());
    }

    #[test]
    fn spring_festival_2026_make_up_saturday_is_worked_and_the_monday_after_is_off() {
        assert!(working("2026-02-14"), "Sat 2026-02-14 is a 调休 working day");
        assert!(!working("2026-02-16"), "Mon 2026-02-16 is in the Spring Festival holiday");
    }

    #[test]
    fn every_2026_holiday_day_from_the_notice_is_off() {
        let periods = [
            ("2026-01-01", 3),
            ("2026-02-15", 9),
            ("2026-04-04", 3),
            ("2026-05-01", 5),
            ("2026-06-19", 3),
            ("2026-09-25", 3),
            ("2026-10-01", 7),
        ];
        for (first, days) in periods {
            for offset in 0..days {
                let day = d(first) + Days::new(offset);
                assert!(!working(&day.to_string()), "{day} should be a holiday");
            }
        }
        // The day after each period that falls on a weekday is worked again.
        for day in ["2026-02-24", "2026-04-07", "2026-05-06", "2026-06-22", "2026-10-08"] {
            assert!(working(day), "{day} should be a working day");
        }
    }

    #[test]
    fn every_2026_make_up_working_day_from_the_notice_is_on() {
        for day in ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"] {
            assert!(working(day), "{day} is a make-up working day");
        }
    }

    #[test]
    fn plain_weekends_are_off_and_weekdays_on() {
        assert!(!working("2026-03-07")); // Saturday
        assert!(!working("2026-03-08")); // Sunday
        assert!(working("2026-03-09")); // Monday
        assert!(working("2025-12-31")); // Wednesday
    }

    #[test]
    fn a_year_not_on_file_is_an_error_not_a_guess() {
        let calendar = Calendar::china_official();
        assert_eq!(calendar.is_working_day(d("2027-01-04")), Err(CalendarError::YearNotOnFile { year: 2027 }));
        assert_eq!(calendar.add_working_days(d("2026-12-24"), 10), Err(CalendarError::YearNotOnFile { year: 2027 }));
    }

    #[test]
    fn ten_working_days_across_the_spring_festival() {
        // Fri 2026-02-13: working days after it are Sat 14, then Tue 24 onwards.
        let calendar = Calendar::china_official();
        assert_eq!(calendar.add_working_days(d("2026-02-13"), 1), Ok(d("2026-02-14")));
        assert_eq!(calendar.add_working_days(d("2026-02-13"), 2), Ok(d("2026-02-24")));
        // 14, 24, 25, 26, 27, 28 (make-up Sat), Mar 2, 3, 4, 5.
        assert_eq!(calendar.add_working_days(d("2026-02-13"), 10), Ok(d("2026-03-05")));
    }

    #[test]
    fn invalid_imports_are_refused() {
        let mut year = official_2026();
        year.make_up_workdays.push(d("2026-03-04")); // a Wednesday
        assert!(matches!(year.validate(), Err(CalendarError::Invalid(_))));
        let mut year = official_2026();
        year.holidays.push(period("跨年", d("2026-12-31"), d("2027-01-01")));
        assert!(matches!(year.validate(), Err(CalendarError::Invalid(_))));
    }

    #[test]
    fn a_year_imports_from_json_and_bad_json_is_refused() {
        let text = r#"{"year": 2027, "source": "test", "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-01"}], "make_up_workdays": []}"#;
        let mut calendar = Calendar::china_official();
        let year = Calendar::parse_year_json(text);
        assert!(year.is_ok(), "{year:?}");
        calendar.insert(year.unwrap_or_else(|_| official_2026())).unwrap_or_default();
        assert_eq!(calendar.is_working_day(d("2027-01-01")), Ok(false));
        assert_eq!(calendar.is_working_day(d("2027-01-04")), Ok(true));
        assert!(matches!(Calendar::parse_year_json("{\"year\": 2027}"), Err(CalendarError::Invalid(_))));
        assert!(matches!(Calendar::parse_year_json(&" ".repeat(MAX_IMPORT_BYTES + 1)), Err(CalendarError::Invalid(_))));
    }

    #[test]
    fn year_calendar_json_round_trips() {
        let year = official_2026();
        let json = serde_json::to_string(&year).unwrap_or_default();
        let back: Result<YearCalendar, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(year));
    }

    fn day_in_2025_2026() -> impl Strategy<Value = NaiveDate> {
        (0u64..600).prop_map(|offset| d("2025-01-01") + Days::new(offset))
    }

    proptest! {
        #[test]
        fn counting_inverts_adding(start in day_in_2025_2026(), n in 0u32..60) {
            let calendar = Calendar::china_official();
            let end = calendar.add_working_days(start, n);
            prop_assume!(end.is_ok());
            let end = end.unwrap_or(start);
            prop_assert_eq!(calendar.working_days_between(start, end), Ok(i64::from(n)));
            prop_assert_eq!(calendar.working_days_between(end, start), Ok(-i64::from(n)));
            if n > 0 {
                prop_assert_eq!(calendar.is_working_day(end), Ok(true));
            }
        }
    }
}
