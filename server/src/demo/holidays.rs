//! The holidays the chain runs promotions for, and day arithmetic.

use super::*;

pub(super) fn plus(day: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        day.checked_add_days(Days::new(days.unsigned_abs())).unwrap_or(day)
    } else {
        day.checked_sub_days(Days::new(days.unsigned_abs())).unwrap_or(day)
    }
}

/// A day of the lunar calendar (month, day) in Gregorian year `year`'s lunar year.
pub(super) fn lunar_day(year: i32, month: isize, day: usize) -> Option<NaiveDate> {
    let solar = tyme4rs::tyme::lunar::LunarDay::new(isize::try_from(year).ok()?, month, day).ok()?.get_solar_day();
    NaiveDate::from_ymd_opt(
        i32::try_from(solar.get_year()).ok()?,
        u32::try_from(solar.get_month()).ok()?,
        u32::try_from(solar.get_day()).ok()?,
    )
}

/// A holiday the chain runs a promotion for, and the days the promotion runs.
#[derive(Debug, Clone)]
pub(super) struct Holiday {
    /// The year the holiday belongs to (the year of 1 January for 元旦, even when the
    /// promotion starts in December).
    pub(super) year: i32,
    pub(super) name: &'static str,
    pub(super) starts: NaiveDate,
    pub(super) ends: NaiveDate,
    /// A promotion of the whole region (春节, 国庆); the others are one planner's stores.
    pub(super) region_wide: bool,
}

pub(super) fn holiday(
    out: &mut Vec<Holiday>,
    year: i32,
    name: &'static str,
    day: Option<NaiveDate>,
    (before, after): (i64, i64),
    region_wide: bool,
) {
    if let Some(day) = day {
        out.push(Holiday { year, name, starts: plus(day, -before), ends: plus(day, after), region_wide });
    }
}

/// The promotions of `year`'s holidays: the fixed ones on their dates, the lunar ones
/// (春节, 元宵, 七夕, 中秋) from the lunar calendar.
pub(super) fn holidays_of(year: i32) -> Vec<Holiday> {
    let date = |month: u32, day: u32| NaiveDate::from_ymd_opt(year, month, day);
    let lunar = crate::lunar::lunar_dates(year);
    let chuxi = lunar.map(|l| l.chuxi);
    let mut out = Vec::new();
    holiday(&mut out, year, "元旦迎新促销", date(1, 1), (2, 2), false);
    holiday(&mut out, year, "情人节浪漫促销", date(2, 14), (2, 0), false);
    // From two weeks before 除夕 (年货) to 初六.
    holiday(&mut out, year, "春节贺岁促销", chuxi, (12, 6), true);
    // 元宵 is 正月十五: fifteen days after 除夕.
    holiday(&mut out, year, "元宵团圆促销", chuxi.map(|d| plus(d, 15)), (2, 0), false);
    holiday(&mut out, year, "三八女神节促销", date(3, 8), (2, 0), false);
    holiday(&mut out, year, "五一黄金周促销", date(5, 1), (2, 4), false);
    holiday(&mut out, year, "520告白季促销", date(5, 20), (3, 1), false);
    holiday(&mut out, year, "618年中大促", date(6, 18), (6, 0), false);
    holiday(&mut out, year, "七夕情人节促销", lunar_day(year, 7, 7), (5, 0), false);
    match (lunar.map(|l| l.zhongqiu), date(10, 1)) {
        // 中秋 in or next to the National Day week: one promotion for both.
        (Some(mid_autumn), Some(national)) if (mid_autumn - national).num_days().abs() <= 7 => out.push(Holiday {
            year,
            name: "中秋国庆双节促销",
            starts: plus(mid_autumn, -5).min(plus(national, -3)),
            ends: mid_autumn.max(plus(national, 6)),
            region_wide: true,
        }),
        (mid_autumn, national) => {
            holiday(&mut out, year, "中秋团圆促销", mid_autumn, (6, 0), false);
            holiday(&mut out, year, "国庆黄金周促销", national, (2, 6), true);
        }
    }
    holiday(&mut out, year, "双十一狂欢促销", date(11, 11), (3, 0), false);
    holiday(&mut out, year, "双十二年终促销", date(12, 12), (2, 0), false);
    holiday(&mut out, year, "圣诞节促销", date(12, 25), (5, 0), false);
    out
}
