//! The business rules of DOMAIN.md, one named function each, so that the browser and the
//! server call the very same code.

use chrono::NaiveDate;

use crate::calendar::{Calendar, CalendarError, Uncounted};
use crate::campaign::{Campaign, HistoryEntry, Lateness};
use crate::messages::Message;
use crate::messages::{Violation, ViolationKind};
use crate::org::Actor;
use crate::org::Role;

/// R2: a holiday promotion's preparation starts at least this many calendar days before
/// it does.
pub const HOLIDAY_PREPARATION_DAYS_MIN: i64 = 50;
/// R3: next year's annual plan is due on this day (month, day) of the year before.
pub const ANNUAL_PLAN_DUE_MONTH_DAY: (u32, u32) = (12, 15);

/// R1: from the request day to the due day, at least this many working days.
pub const VIDEO_LEAD_TIME_WORKING_DAYS_MIN: u32 = 10;

/// R1: the earliest due date a video request made on `request_day` may ask for: the
/// tenth working day after the request day (the request day itself never counts, even
/// when it is a working day, because the request may arrive at closing time).
pub fn earliest_video_due(request_day: NaiveDate, calendar: &Calendar) -> Result<NaiveDate, Message> {
    calendar.add_working_days(request_day, VIDEO_LEAD_TIME_WORKING_DAYS_MIN).map_err(calendar_message)
}

/// R1: checks a video request's due day against its request day.
pub fn check_video_lead_time(request_day: NaiveDate, due_on: NaiveDate, calendar: &Calendar) -> Result<(), Message> {
    let earliest = earliest_video_due(request_day, calendar)?;
    if due_on < earliest {
        return Err(Message::VideoLeadTime { min_working_days: VIDEO_LEAD_TIME_WORKING_DAYS_MIN, earliest });
    }
    Ok(())
}

/// What the calendar says about a campaign's deadline (or start) today.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deadline {
    /// Working days from today to the deadline (or start); negative when past.
    pub working_days_left: Option<i64>,
    /// Counted on a year the State Council has not announced yet (R8): an estimate.
    pub provisional: bool,
    /// R1 no longer holds for an open video job: the calendar changed (an official year
    /// replaced an estimate) and the due day is now inside the lead time.
    pub lead_time_short: bool,
    /// The working days to the deadline of a campaign still under way cannot be counted
    /// (R8): why, instead of no number at all.
    pub uncounted: Option<Uncounted>,
}

/// The facts about a campaign's deadline on `today`.
pub fn deadline(campaign: &Campaign, today: NaiveDate, calendar: &Calendar) -> Deadline {
    deadline_of(DeadlineFacts::of(campaign), today, calendar)
}

/// What a campaign's deadline depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineFacts {
    pub kind: crate::campaign::CampaignType,
    pub stage: crate::campaign::Stage,
    pub requested_on: NaiveDate,
    pub starts_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
}

impl DeadlineFacts {
    pub fn of(campaign: &Campaign) -> Self {
        let Campaign { kind, stage, requested_on, starts_on, due_on, .. } = *campaign;
        DeadlineFacts { kind, stage, requested_on, starts_on, due_on }
    }

    pub fn of_listing(listing: &crate::campaign::Listing) -> Self {
        let crate::campaign::Listing { kind, stage, requested_on, starts_on, due_on, .. } = *listing;
        DeadlineFacts { kind, stage, requested_on, starts_on, due_on }
    }
}

/// As [`deadline`], from the facts it depends on (a list row has them without the
/// campaign).
pub fn deadline_of(facts: DeadlineFacts, today: NaiveDate, calendar: &Calendar) -> Deadline {
    let DeadlineFacts { kind, stage, requested_on, starts_on, due_on } = facts;
    let video = kind == crate::campaign::CampaignType::VideoProduction;
    let target = due_on.or(starts_on);
    let lead_time_short = video
        && !stage.is_terminal()
        && stage < crate::campaign::Stage::Summary
        && due_on.is_some_and(|due| {
            matches!(check_video_lead_time(requested_on, due, calendar), Err(Message::VideoLeadTime { .. }))
        });
    let (working_days_left, uncounted) = match target.map(|t| calendar.working_days_between(today, t)) {
        Some(Ok(days)) => (Some(days), None),
        // A campaign that has ended has no clock to count.
        Some(Err(error)) if !stage.is_terminal() => (None, Some(Uncounted::of(&error))),
        _ => (None, None),
    };
    Deadline {
        working_days_left,
        uncounted,
        provisional: target.is_some_and(|t| calendar.span_is_provisional(today, t))
            || (video && due_on.is_some_and(|due| calendar.span_is_provisional(requested_on, due))),
        lead_time_short,
    }
}

/// R2: whether a holiday promotion opened on `today` that starts on `starts_on` is late.
/// Late is not refused: it is flagged, and the VP must override it with a reason before
/// approving (see `workflow::apply`).
pub fn holiday_lateness(today: NaiveDate, starts_on: NaiveDate) -> Option<Lateness> {
    let days_before_start = (starts_on - today).num_days();
    (days_before_start < HOLIDAY_PREPARATION_DAYS_MIN).then_some(Lateness::HolidayPreparation { days_before_start })
}

/// R3: the day the annual plan for `plan_year` is due: 15 December of the year before.
pub fn annual_plan_due(plan_year: i32) -> Option<NaiveDate> {
    let (month, day) = ANNUAL_PLAN_DUE_MONTH_DAY;
    NaiveDate::from_ymd_opt(plan_year.checked_sub(1)?, month, day)
}

/// R3: whether the annual plan for `plan_year` is late on `today` (not yet approved after
/// its due day).
pub fn annual_plan_late(plan_year: i32, today: NaiveDate) -> bool {
    annual_plan_due(plan_year).is_some_and(|due| today > due)
}

/// R3: the message for a late annual plan.
pub fn annual_plan_late_message(plan_year: i32) -> Option<Message> {
    annual_plan_due(plan_year).map(|due_on| Message::AnnualPlanLate { plan_year, due_on })
}

/// R2/R3: what to tell people about a campaign that started or is running late.
pub fn lateness_message(campaign: &Campaign) -> Option<Message> {
    match campaign.lateness? {
        Lateness::HolidayPreparation { days_before_start } => {
            Some(Message::HolidayNeedsOverride { days_before_start, min_days: HOLIDAY_PREPARATION_DAYS_MIN })
        }
        Lateness::AnnualPlan => campaign.plan_year.and_then(annual_plan_late_message),
        Lateness::Schedule { working_days_short } => Some(Message::ScheduleNeedsOverride { working_days_short }),
    }
}

/// R4: a campaign's plan may reach stores only once the VP approved it.
pub fn check_plan_reaches_stores(campaign: &Campaign) -> Result<(), Message> {
    if campaign.approval.is_none() {
        return Err(Message::NotApproved);
    }
    Ok(())
}

/// R5: a store manager sees their own store's campaigns only.
pub fn check_store_scope(campaign: &Campaign, actor: &Actor) -> Result<(), Violation> {
    if can_view(campaign, actor) {
        Ok(())
    } else {
        Err(Violation::one(ViolationKind::NotFound, "", &Message::StoreScope))
    }
}

/// R6: a new history must extend the old one unchanged. The server checks this before
/// every write, whatever code produced the new campaign.
pub fn check_history_append_only(old: &[HistoryEntry], new: &[HistoryEntry]) -> Result<(), Violation> {
    if new.len() >= old.len() && new[..old.len()] == *old {
        Ok(())
    } else {
        Err(Violation::one(ViolationKind::Conflict, "history", &Message::HistoryAppendOnly))
    }
}

/// R8: a calendar error as the user should read it.
pub fn calendar_message(error: CalendarError) -> Message {
    match error {
        CalendarError::YearNotOnFile { year } => Message::CalendarYearNotOnFile { year },
        CalendarError::SpanTooLong => Message::InvalidDate,
        CalendarError::Invalid(problem) => {
            Message::CalendarInvalid { problem_zh: problem.zh(), problem_en: problem.en() }
        }
    }
}

/// R5: whether the actor may see the campaign at all. Staff see every campaign of the
/// region; a store manager only those that include their store. Every role is named: a
/// new one must be placed on one side or the other, not let in by a catch-all.
pub fn can_view(campaign: &Campaign, actor: &Actor) -> bool {
    match actor.role {
        Role::StoreManager => actor.store.is_some_and(|s| campaign.has_store(s)),
        Role::ServiceCenter
        | Role::Market
        | Role::Planning
        | Role::Design
        | Role::Video
        | Role::Brand
        | Role::Merchandise
        | Role::Purchasing
        | Role::Vp
        | Role::Admin => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn a_video_due_on_the_tenth_working_day_is_accepted_and_the_day_before_is_not() {
        let calendar = Calendar::china_official();
        // Mon 2026-03-02 + 10 working days = Mon 2026-03-16.
        let today = d(2026, 3, 2);
        assert_eq!(earliest_video_due(today, &calendar), Ok(d(2026, 3, 16)));
        assert_eq!(check_video_lead_time(today, d(2026, 3, 16), &calendar), Ok(()));
        assert_eq!(
            check_video_lead_time(today, d(2026, 3, 13), &calendar),
            Err(Message::VideoLeadTime { min_working_days: 10, earliest: d(2026, 3, 16) })
        );
    }

    #[test]
    fn the_national_day_week_pushes_the_earliest_due_date_back() {
        let calendar = Calendar::china_official();
        // Fri 2026-09-25 is 中秋节. Working days after Thu 2026-09-24: Sep 28, 29, 30,
        // Oct 8, 9, 10 (make-up Sat), 12, 13, 14, 15.
        assert_eq!(earliest_video_due(d(2026, 9, 24), &calendar), Ok(d(2026, 10, 15)));
    }

    #[test]
    fn a_holiday_promotion_opened_49_days_ahead_is_late_and_50_is_not() {
        let start = d(2026, 10, 1);
        assert_eq!(holiday_lateness(d(2026, 8, 12), start), None);
        assert_eq!(
            holiday_lateness(d(2026, 8, 13), start),
            Some(Lateness::HolidayPreparation { days_before_start: 49 })
        );
    }

    #[test]
    fn the_2027_annual_plan_is_due_on_15_december_2026() {
        assert_eq!(annual_plan_due(2027), Some(d(2026, 12, 15)));
        assert!(!annual_plan_late(2027, d(2026, 12, 15)));
        assert!(annual_plan_late(2027, d(2026, 12, 16)));
    }

    #[test]
    fn a_deadline_the_calendar_cannot_count_says_why_while_the_campaign_is_under_way() {
        let calendar = Calendar::china_official();
        let facts = DeadlineFacts {
            kind: crate::campaign::CampaignType::StoreSpecific,
            stage: crate::campaign::Stage::Needs,
            requested_on: d(2026, 3, 2),
            starts_on: Some(d(2027, 6, 7)),
            due_on: None,
        };
        let deadline = deadline_of(facts, d(2026, 3, 2), &calendar);
        assert_eq!(
            (deadline.working_days_left, deadline.uncounted),
            (None, Some(Uncounted::YearNotOnFile { year: 2027 }))
        );
        // More than three years away, it still names the year that is missing.
        let far = DeadlineFacts { starts_on: Some(d(2029, 6, 4)), ..facts };
        assert_eq!(deadline_of(far, d(2026, 3, 2), &calendar).uncounted, Some(Uncounted::YearNotOnFile { year: 2027 }));
        // An ended campaign has no clock to count.
        let closed = DeadlineFacts { stage: crate::campaign::Stage::Closed, ..facts };
        assert_eq!(deadline_of(closed, d(2026, 3, 2), &calendar).uncounted, None);
        let counted = DeadlineFacts { starts_on: Some(d(2026, 6, 8)), ..facts };
        assert_eq!(deadline_of(counted, d(2026, 3, 2), &calendar).uncounted, None);
    }

    #[test]
    fn a_request_whose_deadline_falls_in_a_year_not_on_file_says_so() {
        let calendar = Calendar::china_official();
        assert_eq!(earliest_video_due(d(2026, 12, 28), &calendar), Err(Message::CalendarYearNotOnFile { year: 2027 }));
    }
}
