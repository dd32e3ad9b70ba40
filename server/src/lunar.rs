//! The lunar holidays' Gregorian dates for a provisional calendar year, from `tyme4rs`
//! (an astronomical calendar after GB/T 33661, not a table). Checked against the State
//! Council's 2025 and 2026 notices and against an independent computation for every year
//! 2025–2100 (`tests/fixtures/lunar-dates-2025-2100.txt`).

use chrono::NaiveDate;
use shared::calendar::LunarDates;
use tyme4rs::tyme::Tyme as _;
use tyme4rs::tyme::lunar::LunarDay;
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

fn date(day: SolarDay) -> Option<NaiveDate> {
    let (y, m, d) = (day.get_year(), day.get_month(), day.get_day());
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

fn lunar(year: isize, month: isize, day: usize) -> Option<NaiveDate> {
    date(LunarDay::new(year, month, day).ok()?.get_solar_day())
}

/// The index of 清明 among a year's solar terms (counted from the 冬至 before it).
const QINGMING_TERM: isize = 7;

/// 除夕, 清明, 端午 and 中秋 of Gregorian year `year` (2000–2100).
pub fn lunar_dates(year: i32) -> Option<LunarDates> {
    if !(2000..=2100).contains(&year) {
        return None;
    }
    let y = isize::try_from(year).ok()?;
    let spring = LunarDay::new(y, 1, 1).ok()?.get_solar_day();
    Some(LunarDates {
        chuxi: date(spring.next(-1))?,
        qingming: date(SolarTerm::from_index(y, QINGMING_TERM).get_solar_day())?,
        duanwu: lunar(y, 5, 5)?,
        zhongqiu: lunar(y, 8, 15)?,
    })
}

/// The provisional calendar of `year` (the regulation's holidays, no make-up days).
pub fn provisional_year(year: i32) -> Option<shared::calendar::YearCalendar> {
    shared::calendar::provisional_year(year, &lunar_dates(year)?).ok()
}

/// The first year a provisional calendar is made for: the first the product shipped.
pub const FIRST_YEAR: i32 = 2025;
/// Provisional years reach this many years past the current one.
pub const YEARS_AHEAD: i32 = 2;

/// The working-day calendar the server judges by: the shipped official years, the
/// administrator's imports over them, and, for every other year up to
/// [`YEARS_AHEAD`] past `today`'s, a provisional year from the regulation.
pub fn calendar_for(
    imported: impl IntoIterator<Item = shared::calendar::YearCalendar>,
    today: NaiveDate,
) -> shared::Calendar {
    use chrono::Datelike as _;
    let mut calendar = shared::Calendar::china_official();
    for year in imported {
        if let Err(error) = calendar.insert(year) {
            tracing::warn!(%error, "a stored calendar year is invalid and was left out");
        }
    }
    calendar.fill_missing((FIRST_YEAR..=today.year() + YEARS_AHEAD).filter_map(provisional_year));
    calendar
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn the_lunar_dates_match_an_independent_computation_for_every_year_to_2100() {
        let table = include_str!("../tests/fixtures/lunar-dates-2025-2100.txt");
        let mut years = 0;
        for line in table.lines().filter(|l| !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let year: i32 = cols[0].parse().unwrap_or_default();
            let field = |name: &str| cols.iter().position(|c| *c == name).map(|i| d(cols[i + 1]));
            let expected = LunarDates {
                chuxi: field("eve").unwrap_or_default(),
                qingming: field("qm").unwrap_or_default(),
                duanwu: field("dw").unwrap_or_default(),
                zhongqiu: field("ma").unwrap_or_default(),
            };
            assert_eq!(lunar_dates(year), Some(expected), "{year}");
            assert_eq!(
                field("ny").and_then(|ny| ny.pred_opt()),
                Some(expected.chuxi),
                "{year}: 除夕 is the eve of 春节"
            );
            years += 1;
        }
        assert_eq!(years, 76);
    }
}
