//! R7, the staff KPI (考核): a staff member's monthly satisfaction rate is the share of
//! store ratings given that month, on campaigns they worked on, that are satisfied.
//! Below 50% → bonus deduction (奖金扣罚); below 50% three months in a row → disciplinary
//! review (记过或劝退).
//!
//! Months without ratings count as neither (DOMAIN.md): they do not break a streak and do
//! not extend one. So "three months in a row" means three consecutive months *that had
//! ratings*: a staff member rated poorly in January and March, with no campaign rated in
//! February, and poorly again in April is flagged in April. Users read it this way because
//! a quiet month says nothing about the quality of the work.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::campaign::Rating;
use crate::ids::PersonId;

/// The streak length that triggers a disciplinary review.
pub const REVIEW_STREAK_MONTHS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn of(day: NaiveDate) -> Self {
        YearMonth { year: day.year(), month: day.month() }
    }

    /// A report may ask for this month: its year is one the product deals in
    /// (`clock::FIRST_YEAR`–`LAST_YEAR`, as every money date is).
    pub fn is_reportable(self) -> bool {
        (1..=12).contains(&self.month) && (crate::clock::FIRST_YEAR..=crate::clock::LAST_YEAR).contains(&self.year)
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// One staff member's month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StaffMonth {
    pub staff: PersonId,
    pub month: YearMonth,
    pub rated: u32,
    pub satisfied: u32,
    /// Below 50%: 奖金扣罚.
    pub bonus_deduction: bool,
    /// How many rated months in a row, ending with this one, were below 50%.
    pub below_streak: u32,
    /// Below 50% for three rated months in a row: 记过或劝退.
    pub disciplinary_review: bool,
}

impl StaffMonth {
    /// The satisfaction rate in per mille (0–1000), rounded down.
    pub fn rate_permille(&self) -> u32 {
        self.satisfied.saturating_mul(1000).checked_div(self.rated).unwrap_or(0)
    }
}

/// Whether `satisfied` out of `rated` is below half. Exactly 50% is not below.
pub fn below_half(satisfied: u32, rated: u32) -> bool {
    u64::from(satisfied) * 2 < u64::from(rated)
}

/// How many ratings a staff member had in a month, and how many of them were satisfied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthCount {
    pub rated: u32,
    pub satisfied: u32,
}

impl MonthCount {
    pub fn add(&mut self, satisfied: bool) {
        self.rated = self.rated.saturating_add(1);
        self.satisfied = self.satisfied.saturating_add(u32::from(satisfied));
    }
}

/// The staff members a rating counts for: each once, however often it names them.
pub fn rated_staff(rating: &Rating) -> Vec<PersonId> {
    let mut staff = rating.staff.clone();
    staff.sort_unstable();
    staff.dedup();
    staff
}

/// Each staff member's count per month that had ratings.
pub fn count_months<'a>(ratings: impl IntoIterator<Item = &'a Rating>) -> BTreeMap<(PersonId, YearMonth), MonthCount> {
    let mut counts: BTreeMap<(PersonId, YearMonth), MonthCount> = BTreeMap::new();
    for rating in ratings {
        let month = YearMonth::of(rating.on);
        for person in rated_staff(rating) {
            counts.entry((person, month)).or_default().add(rating.satisfied);
        }
    }
    counts
}

/// Every staff member's months that had ratings, in order of staff then month.
pub fn monthly_kpi<'a>(ratings: impl IntoIterator<Item = &'a Rating>) -> Vec<StaffMonth> {
    flag_months(count_months(ratings))
}

/// R7's flags on monthly counts, given in order of staff then month (as the server keeps
/// them); the streaks run over every month given, so give them from the first.
pub fn flag_months(counts: impl IntoIterator<Item = ((PersonId, YearMonth), MonthCount)>) -> Vec<StaffMonth> {
    let mut rows = Vec::new();
    let mut streak: Option<(PersonId, u32)> = None;
    for ((staff, month), MonthCount { rated, satisfied }) in counts {
        let below = below_half(satisfied, rated);
        let previous = match streak {
            Some((person, n)) if person == staff => n,
            _ => 0,
        };
        let below_streak = if below { previous + 1 } else { 0 };
        streak = Some((staff, below_streak));
        rows.push(StaffMonth {
            staff,
            month,
            rated,
            satisfied,
            bonus_deduction: below,
            below_streak,
            disciplinary_review: below_streak >= REVIEW_STREAK_MONTHS,
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::StoreId;

    fn rating(y: i32, m: u32, satisfied: bool, staff: &[u64]) -> Rating {
        Rating {
            store: StoreId(1),
            satisfied,
            comment: String::new(),
            by: PersonId(99),
            on: NaiveDate::from_ymd_opt(y, m, 10).unwrap_or_default(),
            staff: staff.iter().copied().map(PersonId).collect(),
        }
    }

    fn flags(rows: &[StaffMonth], staff: u64) -> Vec<(String, bool, bool)> {
        rows.iter()
            .filter(|r| r.staff == PersonId(staff))
            .map(|r| (r.month.to_string(), r.bonus_deduction, r.disciplinary_review))
            .collect()
    }

    #[test]
    fn a_month_at_exactly_half_is_not_flagged() {
        let rows = monthly_kpi(&[rating(2026, 1, true, &[1]), rating(2026, 1, false, &[1])]);
        assert_eq!(rows[0].rate_permille(), 500);
        assert_eq!(flags(&rows, 1), vec![("2026-01".into(), false, false)]);
    }

    #[test]
    fn three_consecutive_months_below_half_trigger_a_review() {
        let rows = monthly_kpi(&[
            rating(2026, 1, false, &[1]),
            rating(2026, 2, false, &[1]),
            rating(2026, 3, false, &[1]),
            rating(2026, 3, true, &[1]),
            rating(2026, 3, false, &[1]),
        ]);
        assert_eq!(
            flags(&rows, 1),
            vec![("2026-01".into(), true, false), ("2026-02".into(), true, false), ("2026-03".into(), true, true),]
        );
    }

    #[test]
    fn a_month_without_ratings_neither_breaks_nor_extends_the_streak() {
        let rows =
            monthly_kpi(&[rating(2026, 1, false, &[1]), rating(2026, 3, false, &[1]), rating(2026, 4, false, &[1])]);
        assert_eq!(rows.iter().map(|r| r.below_streak).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert!(rows[2].disciplinary_review);
    }

    #[test]
    fn a_good_month_resets_the_streak_and_staff_are_counted_separately() {
        let rows = monthly_kpi(&[
            rating(2026, 1, false, &[1, 2]),
            rating(2026, 2, true, &[1]),
            rating(2026, 2, false, &[2]),
            rating(2026, 3, false, &[1, 2]),
        ]);
        assert_eq!(
            rows.iter().filter(|r| r.staff == PersonId(1)).map(|r| r.below_streak).collect::<Vec<_>>(),
            vec![1, 0, 1]
        );
        assert_eq!(
            rows.iter().filter(|r| r.staff == PersonId(2)).map(|r| r.below_streak).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
    }
}
