//! The business rules of DOMAIN.md, one named function each, so that the browser and the
//! server call the very same code.

use chrono::NaiveDate;

use crate::calendar::{Calendar, CalendarError};
use crate::messages::Message;

/// R1: from the request day to the due day, at least this many working days.
pub const VIDEO_LEAD_TIME_WORKING_DAYS_MIN: u32 = 10;

/// R1: the earliest due date a video request made on `request_day` may ask for: the
/// tenth working day after the request day (the request day itself never counts, even
/// when it is a working day, because the request may arrive at closing time).
pub fn earliest_video_due(
    request_day: NaiveDate,
    calendar: &Calendar,
) -> Result<NaiveDate, Message> {
    calendar
        .add_working_days(request_day, VIDEO_LEAD_TIME_WORKING_DAYS_MIN)
        .map_err(calendar_message)
}

/// R1: checks a video request's due day against its request day.
pub fn check_video_lead_time(
    request_day: NaiveDate,
    due_on: NaiveDate,
    calendar: &Calendar,
) -> Result<(), Message> {
    let earliest = earliest_video_due(request_day, calendar)?;
    if due_on < earliest {
        return Err(Message::VideoLeadTime {
            min_working_days: VIDEO_LEAD_TIME_WORKING_DAYS_MIN,
            earliest,
        });
    }
    Ok(())
}

/// R8: a calendar error as the user should read it.
pub fn calendar_message(error: CalendarError) -> Message {
    match error {
        CalendarError::YearNotOnFile { year } => Message::CalendarYearNotOnFile { year },
        CalendarError::SpanTooLong | CalendarError::Invalid(_) => Message::InvalidDate,
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
        assert_eq!(
            check_video_lead_time(today, d(2026, 3, 16), &calendar),
            Ok(())
        );
        assert_eq!(
            check_video_lead_time(today, d(2026, 3, 13), &calendar),
            Err(Message::VideoLeadTime {
                min_working_days: 10,
                earliest: d(2026, 3, 16)
            })
        );
    }

    #[test]
    fn the_national_day_week_pushes_the_earliest_due_date_back() {
        let calendar = Calendar::china_official();
        // Fri 2026-09-25 is 中秋节. Working days after Thu 2026-09-24: Sep 28, 29, 30,
        // Oct 8, 9, 10 (make-up Sat), 12, 13, 14, 15.
        assert_eq!(
            earliest_video_due(d(2026, 9, 24), &calendar),
            Ok(d(2026, 10, 15))
        );
    }

    #[test]
    fn a_request_whose_deadline_falls_in_a_year_not_on_file_says_so() {
        let calendar = Calendar::china_official();
        assert_eq!(
            earliest_video_due(d(2026, 12, 28), &calendar),
            Err(Message::CalendarYearNotOnFile { year: 2027 })
        );
    }
}
