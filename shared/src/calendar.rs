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

mod ics;
pub use ics::parse_year_ics;
#[cfg(test)]
use ics::read_ics;

/// A working-day computation may not run further than this many calendar days; it bounds
/// the loops below and is far beyond any lead time the business uses.
pub const MAX_SPAN_DAYS: u32 = 3 * 366;

/// The largest calendar import accepted, in bytes.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024;

/// The largest number of working days any rule adds.
pub const MAX_WORKING_DAYS: u32 = 500;

/// The most events an iCalendar import may hold. A published feed of ten years' holidays
/// with one event a day has about 400; the byte limit leaves room for about 1,100 of the
/// smallest events, so this bounds the work of a file, not what real feeds hold.
pub const MAX_ICS_EVENTS: usize = 1_000;

/// The longest one holiday period may be, in days. The State Council's longest so far is
/// 10 (春节 2020, as extended); three times that is a typing error, not a notice.
pub const MAX_HOLIDAY_DAYS: u32 = 31;

/// The fewest working days a year may have. China's official years have about 250
/// (2025 and 2026: 248 each); a year with fewer than 200 would stop every clock that
/// counts through it (a holiday typed to the end of the year instead of the third day
/// makes a year without a single working day), so it is refused, with the count.
pub const MIN_WORKING_DAYS_PER_YEAR: u32 = 200;

/// A holiday period as the State Council's notice lists it, both ends inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HolidayPeriod {
    /// The holiday's Chinese name as the notice gives it, e.g. `春节`.
    pub name: String,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub from: NaiveDate,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub to: NaiveDate,
}

/// One year of the calendar: the JSON import format for the administrator.
///
/// ```json
/// { "year": 2026, "source": "国办发明电〔2025〕7号",
///   "holidays": [ { "name": "元旦", "from": "2026-01-01", "to": "2026-01-03" } ],
///   "make_up_workdays": [ "2026-01-04" ] }
/// ```
///
/// A year the State Council has not announced yet is *provisional*: derived from the
/// holiday regulation ([`provisional_year`]), without make-up days, and every answer
/// computed from it says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct YearCalendar {
    pub year: i32,
    /// Where the data comes from (the notice's number or title).
    #[serde(default)]
    pub source: String,
    pub holidays: Vec<HolidayPeriod>,
    #[serde(with = "crate::clock::wire_day::vec")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<NaiveDate>"))]
    pub make_up_workdays: Vec<NaiveDate>,
    /// Estimated from the regulation, not from the year's notice.
    #[serde(default)]
    pub provisional: bool,
}

/// What is wrong with calendar data, in words for both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarProblem {
    YearOutOfRange {
        year: i32,
    },
    BadSource,
    TooManyEntries,
    EndsBeforeStart {
        name: String,
    },
    OutsideYear {
        name: String,
        year: i32,
    },
    BadName,
    MakeUpOutsideYear {
        day: NaiveDate,
        year: i32,
    },
    MakeUpNotWeekend {
        day: NaiveDate,
    },
    HolidayAndMakeUp {
        day: NaiveDate,
    },
    TooLarge,
    /// Not JSON at all, at this line and column.
    NotJson {
        line: usize,
        column: usize,
    },
    /// JSON, but not in the import format.
    WrongFormat {
        detail: String,
    },
    /// An iCalendar file without a usable event, or with a date that does not read.
    NoEvents,
    BadIcsDate {
        line: usize,
    },
    /// An import is the official notice: it cannot be marked provisional.
    ImportProvisional,
    /// The file is for another year than the one being imported.
    YearMismatch {
        expected: i32,
        found: i32,
    },
    /// A holiday period longer than [`MAX_HOLIDAY_DAYS`].
    HolidayTooLong {
        name: String,
        days: u32,
    },
    /// The year would have fewer than [`MIN_WORKING_DAYS_PER_YEAR`] working days.
    TooFewWorkingDays {
        year: i32,
        working_days: u32,
    },
    /// An iCalendar file with more than [`MAX_ICS_EVENTS`] events.
    TooManyEvents,
    /// An iCalendar event that repeats by rule (RRULE, RDATE): its days are not listed, and
    /// they are not guessed.
    RecurringEvent {
        line: usize,
    },
    /// An iCalendar file whose events all lie in other years.
    NoEventsInYear {
        year: i32,
    },
}

impl CalendarProblem {
    pub fn zh(&self) -> String {
        use CalendarProblem::*;
        match self {
            YearOutOfRange { year } => format!("年份{year}不在2000–2100之间"),
            BadSource => "来源须为一行、不超过200字".into(),
            TooManyEntries => "一年的假期或调休条目过多（各不超过20条）".into(),
            EndsBeforeStart { name } => format!("“{name}”的结束日期早于开始日期"),
            OutsideYear { name, year } => format!("“{name}”不在{year}年内"),
            BadName => "假期名称须为1至20个字".into(),
            MakeUpOutsideYear { day, year } => format!("调休上班日{day}不在{year}年内"),
            MakeUpNotWeekend { day } => format!("调休上班日{day}不是周六或周日"),
            HolidayAndMakeUp { day } => format!("{day}既是假期又是调休上班日"),
            TooLarge => "文件过大".into(),
            NotJson { line, column } => format!("第{line}行第{column}列附近不是有效的 JSON"),
            WrongFormat { detail } => format!("内容格式不符合导入格式：{detail}"),
            NoEvents => "日历文件中没有可用的假期或调休事件".into(),
            BadIcsDate { line } => format!("日历文件第{line}行的日期无法识别"),
            ImportProvisional => "导入的是国务院通知的正式安排，不能标为暂估".into(),
            YearMismatch { expected, found } => format!("文件是{found}年的，而要导入的是{expected}年"),
            HolidayTooLong { name, days } => {
                format!("“{name}”长达{days}天，一个假期最多{MAX_HOLIDAY_DAYS}天：请检查它的结束日期")
            }
            TooFewWorkingDays { year, working_days } => format!(
                "按这些假期，{year}年只有{working_days}个工作日（至少须有{MIN_WORKING_DAYS_PER_YEAR}个），所有跨入该年的期限都将无法计算：请检查假期的日期"
            ),
            TooManyEvents => format!("日历文件中的事件过多（最多{MAX_ICS_EVENTS}个）"),
            RecurringEvent { line } => {
                format!("日历文件第{line}行是重复规则（RRULE/RDATE），不予推算：请使用逐条列出日期的日历文件")
            }
            NoEventsInYear { year } => format!("日历文件中没有{year}年的假期或调休事件"),
        }
    }

    pub fn en(&self) -> String {
        use CalendarProblem::*;
        match self {
            YearOutOfRange { year } => format!("year {year} is outside 2000–2100"),
            BadSource => "the source must be one line of at most 200 characters".into(),
            TooManyEntries => "too many holidays or make-up days for one year (20 each at most)".into(),
            EndsBeforeStart { name } => format!("{name} ends before it starts"),
            OutsideYear { name, year } => format!("{name} is not inside {year}"),
            BadName => "a holiday name must have 1 to 20 characters".into(),
            MakeUpOutsideYear { day, year } => format!("make-up working day {day} is not inside {year}"),
            MakeUpNotWeekend { day } => format!("make-up working day {day} is not a Saturday or Sunday"),
            HolidayAndMakeUp { day } => format!("{day} is both a holiday and a make-up working day"),
            TooLarge => "the file is too large".into(),
            NotJson { line, column } => format!("not valid JSON near line {line}, column {column}"),
            WrongFormat { detail } => format!("not in the import format: {detail}"),
            NoEvents => "the calendar file holds no usable holiday or make-up event".into(),
            BadIcsDate { line } => format!("the date on line {line} of the calendar file does not read"),
            ImportProvisional => "an import is the State Council's notice: it cannot be marked provisional".into(),
            YearMismatch { expected, found } => format!("the file is for {found}, the import for {expected}"),
            HolidayTooLong { name, days } => {
                format!("{name} lasts {days} days; a holiday lasts {MAX_HOLIDAY_DAYS} days at most: check its last day")
            }
            TooFewWorkingDays { year, working_days } => format!(
                "with these holidays {year} has only {working_days} working days (at least {MIN_WORKING_DAYS_PER_YEAR}), and no deadline reaching into it could be counted: check the holidays' dates"
            ),
            TooManyEvents => format!("the calendar file holds too many events ({MAX_ICS_EVENTS} at most)"),
            RecurringEvent { line } => format!(
                "line {line} of the calendar file repeats an event by rule (RRULE/RDATE), which is not expanded: use a file that lists each date"
            ),
            NoEventsInYear { year } => format!("the calendar file holds no holiday or make-up event in {year}"),
        }
    }
}

impl std::fmt::Display for CalendarProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

/// Why a calendar question has no answer, or why imported data is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("the working-day calendar has no data for {year}")]
    YearNotOnFile { year: i32 },
    #[error("the computation spans more than {MAX_SPAN_DAYS} days")]
    SpanTooLong,
    #[error("invalid calendar data: {0}")]
    Invalid(CalendarProblem),
}

/// Why a campaign's clock (its schedule, its working days left) cannot be counted: R8
/// says so rather than guess, and the list and the campaign page show it in words, never
/// an empty schedule that is never late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Uncounted {
    /// A day of the schedule falls in `year`, and the calendar has no data for it (yet:
    /// the server estimates the years up to two ahead, and the administrator imports the
    /// State Council's notice).
    YearNotOnFile { year: i32 },
    /// The dates lie further apart than working days are counted ([`MAX_SPAN_DAYS`]).
    TooFar,
}

impl Uncounted {
    /// The reason a calendar question had no answer. (Invalid data never comes out of a
    /// count, for the calendar only holds validated years; it reads as too far.)
    pub fn of(error: &CalendarError) -> Uncounted {
        match error {
            CalendarError::YearNotOnFile { year } => Uncounted::YearNotOnFile { year: *year },
            CalendarError::SpanTooLong | CalendarError::Invalid(_) => Uncounted::TooFar,
        }
    }

    pub fn zh(&self) -> String {
        match self {
            Uncounted::YearNotOnFile { year } => format!("排期无法计算：工作日历中没有{year}年的数据"),
            Uncounted::TooFar => format!("排期无法计算：日期相距超过{MAX_SPAN_DAYS}天，超出工作日历的计算范围"),
        }
    }

    pub fn en(&self) -> String {
        match self {
            Uncounted::YearNotOnFile { year } => {
                format!("The schedule cannot be counted: the working-day calendar has no data for {year}")
            }
            Uncounted::TooFar => format!(
                "The schedule cannot be counted: its dates are more than {MAX_SPAN_DAYS} days apart, beyond what the working-day calendar counts"
            ),
        }
    }
}

/// The first and last day of `year`, a year the calendar may hold (2000–2100).
fn year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate), CalendarError> {
    let out_of_range = || CalendarError::Invalid(CalendarProblem::YearOutOfRange { year });
    if !(2000..=2100).contains(&year) {
        return Err(out_of_range());
    }
    match (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) {
        (Some(first), Some(last)) => Ok((first, last)),
        _ => Err(out_of_range()),
    }
}

impl YearCalendar {
    /// Checks the data is coherent: every date inside `year`, periods ordered and at most
    /// [`MAX_HOLIDAY_DAYS`] long, no day both a holiday and a make-up working day, make-up
    /// days on weekends only, and at least [`MIN_WORKING_DAYS_PER_YEAR`] working days.
    /// The cost is bounded by the entry limits (20 each) and the year's 366 days.
    pub fn validate(&self) -> Result<(), CalendarError> {
        let invalid = |problem: CalendarProblem| Err(CalendarError::Invalid(problem));
        year_bounds(self.year)?;
        if self.source.chars().count() > 200
            || crate::text::forbidden_char(&self.source, crate::text::Lines::One).is_some()
        {
            return invalid(CalendarProblem::BadSource);
        }
        if self.holidays.len() > 20 || self.make_up_workdays.len() > 20 {
            return invalid(CalendarProblem::TooManyEntries);
        }
        for period in &self.holidays {
            if period.name.trim().is_empty()
                || period.name.chars().count() > 20
                || crate::text::forbidden_char(&period.name, crate::text::Lines::One).is_some()
            {
                return invalid(CalendarProblem::BadName);
            }
            if period.from > period.to {
                return invalid(CalendarProblem::EndsBeforeStart { name: period.name.clone() });
            }
            if period.from.year() != self.year || period.to.year() != self.year {
                return invalid(CalendarProblem::OutsideYear { name: period.name.clone(), year: self.year });
            }
            let days = (period.to - period.from).num_days() + 1;
            if days > i64::from(MAX_HOLIDAY_DAYS) {
                return invalid(CalendarProblem::HolidayTooLong {
                    name: period.name.clone(),
                    days: u32::try_from(days).unwrap_or(u32::MAX),
                });
            }
        }
        for day in &self.make_up_workdays {
            if day.year() != self.year {
                return invalid(CalendarProblem::MakeUpOutsideYear { day: *day, year: self.year });
            }
            if !is_weekend(*day) {
                return invalid(CalendarProblem::MakeUpNotWeekend { day: *day });
            }
            if self.holidays.iter().any(|p| (p.from..=p.to).contains(day)) {
                return invalid(CalendarProblem::HolidayAndMakeUp { day: *day });
            }
        }
        let working_days = self.working_days();
        if working_days < MIN_WORKING_DAYS_PER_YEAR {
            return invalid(CalendarProblem::TooFewWorkingDays { year: self.year, working_days });
        }
        Ok(())
    }

    /// How many working days the year has: its weekdays that are no holiday, and its
    /// make-up working days.
    pub fn working_days(&self) -> u32 {
        let Ok((first, last)) = year_bounds(self.year) else { return 0 };
        let count = first
            .iter_days()
            .take_while(|day| *day <= last)
            .filter(|day| self.is_make_up_workday(*day) || (!is_weekend(*day) && !self.is_holiday(*day)))
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    pub fn is_holiday(&self, day: NaiveDate) -> bool {
        self.holidays.iter().any(|p| (p.from..=p.to).contains(&day))
    }

    fn is_make_up_workday(&self, day: NaiveDate) -> bool {
        self.make_up_workdays.contains(&day)
    }
}

/// The Gregorian dates of a year's lunar holidays, as an astronomical calendar gives
/// them (the server computes them; `shared` stays free of that dependency).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDates {
    /// 除夕: the last day of the old lunar year.
    pub chuxi: NaiveDate,
    /// 清明: the day of the Qingming solar term.
    pub qingming: NaiveDate,
    /// 端午: the fifth day of the fifth lunar month.
    pub duanwu: NaiveDate,
    /// 中秋: the fifteenth day of the eighth lunar month.
    pub zhongqiu: NaiveDate,
}

/// A year as the holiday regulation fixes it (《全国年节及纪念日放假办法》, as amended in
/// force from 2025): 元旦 1 day, 春节 4 days from 除夕, 清明 1 day, 劳动节 2 days, 端午
/// 1 day, 中秋 1 day, 国庆节 3 days; weekends are rest days. The State Council's notice
/// for each year adds bridge days and make-up working days (调休); none are guessed here.
pub fn provisional_year(year: i32, lunar: &LunarDates) -> Result<YearCalendar, CalendarError> {
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).ok_or(CalendarError::YearNotOnFile { year });
    let span = |name: &str, from: NaiveDate, days: u64| -> Result<HolidayPeriod, CalendarError> {
        let to = from.checked_add_days(Days::new(days - 1)).ok_or(CalendarError::SpanTooLong)?;
        Ok(HolidayPeriod { name: name.to_owned(), from, to })
    };
    let mut holidays = vec![
        span("元旦", day(1, 1)?, 1)?,
        span("春节", lunar.chuxi, 4)?,
        span("清明节", lunar.qingming, 1)?,
        span("劳动节", day(5, 1)?, 2)?,
        span("端午节", lunar.duanwu, 1)?,
        span("中秋节", lunar.zhongqiu, 1)?,
        span("国庆节", day(10, 1)?, 3)?,
    ];
    // 春节 can begin on 31 December of the year before (除夕 in the old year): keep the
    // part inside this year. 中秋 can fall inside 国庆: one period is enough.
    for period in &mut holidays {
        if period.from.year() < year {
            period.from = day(1, 1)?;
        }
    }
    holidays.retain(|p| p.from.year() == year && p.to.year() == year && p.from <= p.to);
    let mut merged: Vec<HolidayPeriod> = Vec::new();
    holidays.sort_by_key(|p| p.from);
    for period in holidays {
        match merged.last_mut() {
            Some(last) if period.from <= last.to.checked_add_days(Days::new(1)).unwrap_or(last.to) => {
                last.to = last.to.max(period.to);
                last.name = format!("{}、{}", last.name, period.name);
            }
            _ => merged.push(period),
        }
    }
    let calendar = YearCalendar {
        year,
        source: "按《全国年节及纪念日放假办法》暂估".into(),
        holidays: merged,
        make_up_workdays: Vec::new(),
        provisional: true,
    };
    calendar.validate()?;
    Ok(calendar)
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
            return Err(CalendarError::Invalid(CalendarProblem::TooLarge));
        }
        let year: YearCalendar = serde_json::from_str(text).map_err(|e| {
            CalendarError::Invalid(if e.is_syntax() || e.is_eof() {
                CalendarProblem::NotJson { line: e.line(), column: e.column() }
            } else {
                CalendarProblem::WrongFormat {
                    detail: e.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
                }
            })
        })?;
        year.validate()?;
        Ok(year)
    }

    /// Adds or replaces one year.
    pub fn insert(&mut self, year: YearCalendar) -> Result<(), CalendarError> {
        year.validate()?;
        self.years.insert(year.year, year);
        Ok(())
    }

    /// Whether `year` is on file only as an estimate from the regulation.
    pub fn is_provisional(&self, year: i32) -> bool {
        self.years.get(&year).is_some_and(|y| y.provisional)
    }

    /// Whether any day from `from` to `to` (either order) lies in a provisional year: an
    /// answer about that span is an estimate.
    pub fn span_is_provisional(&self, from: NaiveDate, to: NaiveDate) -> bool {
        let (low, high) = if from <= to { (from.year(), to.year()) } else { (to.year(), from.year()) };
        (low..=high).any(|year| self.is_provisional(year))
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

    /// The `n`-th working day before `start` (`start` itself never counts). `n = 0` gives
    /// `start`. The mirror of [`Calendar::add_working_days`].
    pub fn sub_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        if n > MAX_WORKING_DAYS {
            return Err(CalendarError::SpanTooLong);
        }
        let mut day = start;
        let mut remaining = n;
        let mut steps = 0u32;
        while remaining > 0 {
            day = day.pred_opt().ok_or(CalendarError::SpanTooLong)?;
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
            // A year missing on the way is what a reader can act on: name it first.
            if let Some(year) = (low.year()..=high.year()).find(|year| !self.years.contains_key(year)) {
                return Err(CalendarError::YearNotOnFile { year });
            }
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
    /// A short fingerprint of every year's days (FNV-1a over them, hex): equal for equal
    /// calendars, different after any import changes a day.
    pub fn fingerprint(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for byte in bytes {
                hash ^= u64::from(*byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        };
        for year in self.years.values() {
            eat(&year.year.to_le_bytes());
            eat(&[u8::from(year.provisional)]);
            for period in &year.holidays {
                eat(&period.from.num_days_from_ce().to_le_bytes());
                eat(&period.to.num_days_from_ce().to_le_bytes());
            }
            for day in &year.make_up_workdays {
                eat(&day.num_days_from_ce().to_le_bytes());
            }
        }
        format!("{hash:016x}")
    }

    pub fn china_official() -> Calendar {
        let years = [official_2025(), official_2026()];
        let mut calendar = Calendar::default();
        for year in years {
            debug_assert!(year.validate().is_ok(), "shipped calendar {} is invalid", year.year);
            calendar.years.insert(year.year, year);
        }
        calendar
    }

    /// Adds the years in `years` not on file yet (provisional ones, say); the years on
    /// file win.
    pub fn fill_missing(&mut self, years: impl IntoIterator<Item = YearCalendar>) {
        for year in years {
            if !self.years.contains_key(&year.year) && year.validate().is_ok() {
                self.years.insert(year.year, year);
            }
        }
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
        provisional: false,
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
        provisional: false,
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

    fn lunar(chuxi: &str, qingming: &str, duanwu: &str, zhongqiu: &str) -> LunarDates {
        LunarDates { chuxi: d(chuxi), qingming: d(qingming), duanwu: d(duanwu), zhongqiu: d(zhongqiu) }
    }

    #[test]
    fn the_regulation_reproduces_every_statutory_holiday_of_2025_and_2026() {
        // The lunar dates of those years, as the notices' holidays start from them.
        let cases = [
            (official_2025(), lunar("2025-01-28", "2025-04-04", "2025-05-31", "2025-10-06")),
            (official_2026(), lunar("2026-02-16", "2026-04-05", "2026-06-19", "2026-09-25")),
        ];
        for (official, dates) in cases {
            let estimate = provisional_year(official.year, &dates).unwrap_or_else(|e| unreachable!("{e}"));
            assert!(estimate.provisional && estimate.make_up_workdays.is_empty());
            let days: Vec<NaiveDate> =
                estimate.holidays.iter().flat_map(|p| p.from.iter_days().take_while(move |day| *day <= p.to)).collect();
            // 元旦 1 + 春节 4 + 清明 1 + 劳动节 2 + 端午 1 + 中秋 1 + 国庆 3.
            assert_eq!(days.len(), 13, "{}: {days:?}", official.year);
            for day in days {
                assert!(official.is_holiday(day), "{day}: a statutory holiday the notice does not give");
            }
        }
    }

    #[test]
    fn a_provisional_year_answers_and_says_it_is_provisional() {
        let mut calendar = Calendar::china_official();
        let estimate = provisional_year(2027, &lunar("2027-02-05", "2027-04-05", "2027-06-09", "2027-09-15"));
        calendar.fill_missing(estimate);
        assert_eq!(calendar.is_working_day(d("2027-02-08")), Ok(false), "初三 of 2027");
        assert_eq!(calendar.is_working_day(d("2027-02-09")), Ok(true));
        assert!(calendar.span_is_provisional(d("2026-12-20"), d("2027-01-05")));
        assert!(!calendar.span_is_provisional(d("2026-03-02"), d("2026-12-31")));
        // Years on file are never replaced by an estimate.
        calendar.fill_missing(provisional_year(2026, &lunar("2026-02-16", "2026-04-05", "2026-06-19", "2026-09-25")));
        assert!(!calendar.is_provisional(2026));
    }

    #[test]
    fn an_icalendar_file_reads_as_holidays_and_make_up_days() {
        let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270104\r\nSUMMARY:元旦（休）\r\nEND:VEVENT\r\n\
                   BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270130\r\nSUMMARY:春节补班\r\nEND:VEVENT\r\n\
                   BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270205\r\nDTEND;VALUE=DATE:20270212\r\nSUMMARY:春节\r\n END:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let year = parse_year_ics(ics, 2027).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(year.holidays.len(), 2);
        assert_eq!((year.holidays[0].name.as_str(), year.holidays[0].to), ("元旦", d("2027-01-03")));
        assert_eq!((year.holidays[1].from, year.holidays[1].to), (d("2027-02-05"), d("2027-02-11")));
        assert_eq!(year.make_up_workdays, vec![d("2027-01-30")]);
        assert!(!year.provisional);
        assert!(matches!(
            parse_year_ics("BEGIN:VCALENDAR\nEND:VCALENDAR", 2027),
            Err(CalendarError::Invalid(CalendarProblem::NoEvents))
        ));
    }

    #[test]
    fn import_errors_read_in_both_languages() {
        let Err(CalendarError::Invalid(problem)) = Calendar::parse_year_json("{\"year\": 2027, \"holidays\": [}")
        else {
            unreachable!("not refused")
        };
        assert!(problem.zh().contains("第1行") && problem.en().contains("line 1"), "{}", problem.zh());
        let mut year = official_2026();
        year.make_up_workdays.push(d("2026-03-04"));
        let Err(CalendarError::Invalid(problem)) = year.validate() else { unreachable!("not refused") };
        assert!(problem.zh().contains("不是周六或周日") && problem.en().contains("not a Saturday or Sunday"));
    }

    /// The file of issue 36: 962 events from 1 January 0001 to 31 December 9999, just
    /// under the byte limit. Expanded day by day it cost 9.6 s of CPU per import.
    fn hostile_ics(summary: &str) -> String {
        let event = format!("BEGIN:VEVENT\nDTSTART:00010101\nDTEND:99991231\nSUMMARY:{summary}\nEND:VEVENT\n");
        format!("BEGIN:VCALENDAR\n{}END:VCALENDAR\n", event.repeat(962))
    }

    #[test]
    fn the_hostile_file_of_issue_36_is_refused_after_work_bounded_by_its_lines_and_the_year() {
        for (summary, expected) in [
            // Worked: every day of 2027 a make-up day, far more than a year's 20.
            ("班", CalendarProblem::TooManyEntries),
            // Off: 962 copies of the whole year, one period of 365 days.
            ("假", CalendarProblem::HolidayTooLong { name: "假".into(), days: 365 }),
            ("", CalendarProblem::HolidayTooLong { name: "假期".into(), days: 365 }),
        ] {
            let text = hostile_ics(summary);
            assert!(text.len() <= MAX_IMPORT_BYTES, "the file of the issue fits the limit: {}", text.len());
            let mut work = 0u64;
            assert_eq!(read_ics(&text, 2027, &mut work), Err(CalendarError::Invalid(expected)), "{summary}");
            let lines = u64::try_from(text.lines().count()).unwrap_or(u64::MAX);
            // One step a line, one an event, one a day of the year: never a step per day
            // of the 3.65 million each event names.
            assert!(work <= lines + 962 + 366, "{summary}: {work} steps for {lines} lines");
            assert_eq!(parse_year_ics(&text, 2027), read_ics(&text, 2027, &mut 0));
        }
    }

    #[test]
    fn a_feed_of_several_years_keeps_the_year_asked_for_and_cuts_what_reaches_across_it() {
        let ics = "BEGIN:VCALENDAR\n\
                   BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nDTEND;VALUE=DATE:20260104\nSUMMARY:元旦\nEND:VEVENT\n\
                   BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261231\nDTEND;VALUE=DATE:20270103\nSUMMARY:元旦\nEND:VEVENT\n\
                   BEGIN:VEVENT\nDTSTART;VALUE=DATE:20280101\nDTEND;VALUE=DATE:20280102\nSUMMARY:元旦\nEND:VEVENT\n\
                   BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270130\nSUMMARY:春节补班\nEND:VEVENT\nEND:VCALENDAR\n";
        let year = parse_year_ics(ics, 2027).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(year.holidays, vec![period("元旦", d("2027-01-01"), d("2027-01-02"))]);
        assert_eq!(year.make_up_workdays, vec![d("2027-01-30")]);
        // A file of other years only says so.
        assert_eq!(
            parse_year_ics(ics, 2029),
            Err(CalendarError::Invalid(CalendarProblem::NoEventsInYear { year: 2029 }))
        );
        // A year the calendar cannot hold is refused before the file is read.
        let mut work = 0;
        assert!(matches!(
            read_ics(ics, 1, &mut work),
            Err(CalendarError::Invalid(CalendarProblem::YearOutOfRange { year: 1 }))
        ));
        assert_eq!(work, 0);
    }

    #[test]
    fn a_feed_with_one_event_a_day_reads_as_one_period_a_holiday() {
        let mut ics = String::from("BEGIN:VCALENDAR\n");
        for day in 15..=23 {
            ics.push_str(&format!(
                "BEGIN:VEVENT\nDTSTART;VALUE=DATE:202702{day}\nDTEND;VALUE=DATE:202702{}\nSUMMARY:春节\nEND:VEVENT\n",
                day + 1
            ));
        }
        for (from, to, name) in [("1001", "1004", "国庆节"), ("1004", "1008", "中秋节")] {
            ics.push_str(&format!(
                "BEGIN:VEVENT\nDTSTART;VALUE=DATE:2027{from}\nDTEND;VALUE=DATE:2027{to}\nSUMMARY:{name}\nEND:VEVENT\n"
            ));
        }
        ics.push_str("END:VCALENDAR\n");
        let year = parse_year_ics(&ics, 2027).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(
            year.holidays,
            vec![
                period("春节", d("2027-02-15"), d("2027-02-23")),
                period("国庆节、中秋节", d("2027-10-01"), d("2027-10-07")),
            ]
        );
    }

    #[test]
    fn too_many_events_and_recurring_events_are_refused_and_a_time_zones_rule_is_not_an_event() {
        let events = "BEGIN:VEVENT\nEND:VEVENT\n".repeat(MAX_ICS_EVENTS + 1);
        let many = format!("BEGIN:VCALENDAR\n{events}END:VCALENDAR\n");
        assert!(many.len() <= MAX_IMPORT_BYTES);
        assert_eq!(parse_year_ics(&many, 2027), Err(CalendarError::Invalid(CalendarProblem::TooManyEvents)));
        let recurring = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20200101\nRRULE:FREQ=YEARLY\n\
                         SUMMARY:元旦\nEND:VEVENT\nEND:VCALENDAR\n";
        assert_eq!(
            parse_year_ics(recurring, 2027),
            Err(CalendarError::Invalid(CalendarProblem::RecurringEvent { line: 4 }))
        );
        let zoned = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Asia/Shanghai\nBEGIN:STANDARD\nDTSTART:19700101T000000\n\
                     RRULE:FREQ=YEARLY\nEND:STANDARD\nEND:VTIMEZONE\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\n\
                     SUMMARY:元旦\nEND:VEVENT\nEND:VCALENDAR\n";
        let year = parse_year_ics(zoned, 2027).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(year.holidays, vec![period("元旦", d("2027-01-01"), d("2027-01-01"))]);
    }

    #[test]
    fn a_year_without_enough_working_days_is_refused_with_the_reason() {
        assert_eq!((official_2025().working_days(), official_2026().working_days()), (248, 248));
        // Issue 36: one holiday typed to the end of the year, a year without a working day.
        let whole_year = YearCalendar {
            year: 2027,
            source: "测试".into(),
            holidays: vec![period("元旦", d("2027-01-01"), d("2027-12-31"))],
            make_up_workdays: vec![],
            provisional: false,
        };
        assert_eq!(whole_year.working_days(), 0);
        let Err(CalendarError::Invalid(problem)) = whole_year.validate() else { unreachable!("accepted") };
        assert_eq!(problem, CalendarProblem::HolidayTooLong { name: "元旦".into(), days: 365 });
        assert!(problem.zh().contains("365天") && problem.en().contains("365 days"), "{}", problem.zh());
        // Periods each short enough, but together most of the year.
        let months = YearCalendar {
            holidays: (1..=12).map(|m| period(&format!("第{m}段"), date(2027, m, 1), date(2027, m, 28))).collect(),
            ..whole_year.clone()
        };
        let working_days = months.working_days();
        assert!(working_days < MIN_WORKING_DAYS_PER_YEAR, "{working_days}");
        let Err(CalendarError::Invalid(problem)) = months.validate() else { unreachable!("accepted") };
        assert_eq!(problem, CalendarProblem::TooFewWorkingDays { year: 2027, working_days });
        assert!(problem.zh().contains("工作日") && problem.en().contains("working days"), "{}", problem.en());
        // The same through the JSON import and the calendar itself.
        let json = serde_json::to_string(&whole_year).unwrap_or_default();
        assert!(matches!(Calendar::parse_year_json(&json), Err(CalendarError::Invalid(_))));
        assert!(Calendar::china_official().insert(months).is_err());
    }

    #[test]
    fn a_count_too_long_names_the_year_missing_on_the_way() {
        let calendar = Calendar::china_official();
        assert_eq!(
            calendar.working_days_between(d("2026-03-02"), d("2029-06-04")),
            Err(CalendarError::YearNotOnFile { year: 2027 })
        );
        let missing = Uncounted::of(&CalendarError::YearNotOnFile { year: 2027 });
        assert_eq!(missing, Uncounted::YearNotOnFile { year: 2027 });
        assert!(Uncounted::YearNotOnFile { year: 2027 }.zh().contains("2027年"));
        assert!(Uncounted::TooFar.en().contains("cannot be counted"));
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

        #[test]
        fn subtracting_mirrors_adding(start in day_in_2025_2026(), n in 1u32..60) {
            let calendar = Calendar::china_official();
            let back = calendar.sub_working_days(start, n);
            prop_assume!(back.is_ok());
            let back = back.unwrap_or(start);
            prop_assert_eq!(calendar.is_working_day(back), Ok(true));
            // `n` working days in [back, start): (back, start] holds n - 1 of them, and
            // `start` itself when it is one.
            let start_works = calendar.is_working_day(start) == Ok(true);
            prop_assert_eq!(calendar.working_days_between(back, start), Ok(i64::from(n) - 1 + i64::from(start_works)));
            if start_works {
                prop_assert_eq!(calendar.add_working_days(back, n), Ok(start));
            }
        }
    }
}
