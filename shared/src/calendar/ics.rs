//! The iCalendar (.ics) reader: a year's holidays and make-up days from a published
//! feed, in work bounded by the file and the year (the browser's import form and the
//! server's `.ics` route run the same code).

use super::*;

/// Reads a year from an iCalendar (.ics) file as holiday calendars publish them: each
/// all-day event is a holiday (its summary its name), except events whose summary says
/// the day is worked (班, 上班, 补班, 调休上班), which are make-up working days.
///
/// A published feed holds several years: events wholly outside `year` are skipped, and
/// an event reaching across its ends keeps only its days inside it. Holidays that touch
/// or overlap are one period (a feed with one event a day lists 春节 as nine events).
/// The work is bounded by the file and the year, never by the dates it names: an event
/// from 0001 to 9999 is cut to the year before a single day of it is looked at, and
/// make-up days are marked as ranges over the year's days (see [`read_ics`]).
pub fn parse_year_ics(text: &str, year: i32) -> Result<YearCalendar, CalendarError> {
    let mut work = 0u64;
    read_ics(text, year, &mut work)
}

/// Whether an event's summary says the day is worked (a make-up working day).
fn is_worked(summary: &str) -> bool {
    summary.contains("补班") || summary.contains("上班") || (summary.contains('班') && !summary.contains('休'))
}

/// A holiday's name from an event's summary: without the "(休)" marks, at most 20
/// characters, `假期` when nothing is left.
fn holiday_name(summary: &str) -> String {
    let name: String = summary
        .replace("（休）", "")
        .replace("(休)", "")
        .replace("放假", "")
        .replace('休', "")
        .trim()
        .chars()
        .take(20)
        .collect();
    if name.is_empty() { "假期".into() } else { name }
}

/// Holiday periods sorted, those that overlap or touch joined into one (named after
/// both, as the notices name 国庆节、中秋节).
fn merge_periods(mut periods: Vec<HolidayPeriod>) -> Vec<HolidayPeriod> {
    periods.sort_by_key(|a| (a.from, a.to));
    let mut merged: Vec<HolidayPeriod> = Vec::with_capacity(periods.len());
    for period in periods {
        match merged.last_mut() {
            Some(last) if period.from <= last.to.succ_opt().unwrap_or(last.to) => {
                last.to = last.to.max(period.to);
                if !last.name.split('、').any(|part| part == period.name) {
                    let joined: String = format!("{}、{}", last.name, period.name).chars().take(20).collect();
                    last.name = joined.trim_end_matches('、').to_owned();
                }
            }
            _ => merged.push(period),
        }
    }
    merged
}

/// [`parse_year_ics`], adding to `work` one step per line of the file, per event and per
/// day of the year, so a test can see the bound: at most `lines + events + 366` steps
/// before the result is validated (whose own cost is bounded by the entry limits).
pub(super) fn read_ics(text: &str, year: i32, work: &mut u64) -> Result<YearCalendar, CalendarError> {
    let invalid = CalendarError::Invalid;
    if text.len() > MAX_IMPORT_BYTES {
        return Err(invalid(CalendarProblem::TooLarge));
    }
    let (first, last) = year_bounds(year)?;
    let parse_day = |value: &str, line: usize| {
        let digits: String = value.chars().filter(char::is_ascii_digit).take(8).collect();
        NaiveDate::parse_from_str(&digits, "%Y%m%d").map_err(|_| invalid(CalendarProblem::BadIcsDate { line }))
    };
    // Folded lines (RFC 5545: a line starting with a space continues the one before).
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        *work += 1;
        let raw = raw.trim_end_matches('\r');
        match (raw.strip_prefix(' ').or_else(|| raw.strip_prefix('\t')), lines.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ => lines.push((n + 1, raw.to_owned())),
        }
    }
    let days_in_year = usize::try_from((last - first).num_days()).unwrap_or(0) + 1;
    // The day of the year a day inside it is (0 for 1 January).
    let offset = |day: NaiveDate| usize::try_from((day - first).num_days()).unwrap_or(0).min(days_in_year - 1);
    // Make-up days as a difference array over the year: an event adds one on its first
    // day and takes it back after its last, so a range costs two steps, however long.
    let mut make_up_marks = vec![0i32; days_in_year + 1];
    let mut holidays = Vec::new();
    let (mut events, mut elsewhere) = (0usize, 0usize);
    let mut in_event = false;
    let (mut start, mut end, mut summary) = (None, None, String::new());
    for (number, line) in &lines {
        let (key, value) = line.split_once(':').unwrap_or((line.as_str(), ""));
        let name = key.split(';').next().unwrap_or_default().to_ascii_uppercase();
        let value = value.trim();
        match name.as_str() {
            "BEGIN" if value.eq_ignore_ascii_case("VEVENT") => {
                events += 1;
                if events > MAX_ICS_EVENTS {
                    return Err(invalid(CalendarProblem::TooManyEvents));
                }
                in_event = true;
                (start, end, summary) = (None, None, String::new());
            }
            // A time zone's DTSTART and RRULE (VTIMEZONE) are not an event's.
            _ if !in_event => {}
            "DTSTART" => start = Some(parse_day(value, *number)?),
            "DTEND" => end = Some(parse_day(value, *number)?),
            "SUMMARY" => summary = value.replace("\\,", ","),
            "RRULE" | "RDATE" => return Err(invalid(CalendarProblem::RecurringEvent { line: *number })),
            "END" if value.eq_ignore_ascii_case("VEVENT") => {
                *work += 1;
                in_event = false;
                let Some(from) = start else { continue };
                // DTEND of an all-day event is the day after it ends.
                let to = end.and_then(|e| e.checked_sub_days(Days::new(1))).filter(|t| *t >= from).unwrap_or(from);
                // Checked against the year before any day of it is: outside, it is
                // another year's; across an end, only its days inside count.
                if to < first || from > last {
                    elsewhere += 1;
                    continue;
                }
                let (from, to) = (from.max(first), to.min(last));
                if is_worked(&summary) {
                    if let Some(mark) = make_up_marks.get_mut(offset(from)) {
                        *mark += 1;
                    }
                    if let Some(mark) = make_up_marks.get_mut(offset(to) + 1) {
                        *mark -= 1;
                    }
                } else {
                    holidays.push(HolidayPeriod { name: holiday_name(&summary), from, to });
                }
            }
            _ => {}
        }
    }
    let mut make_up = Vec::new();
    let mut running = 0i32;
    for (day, mark) in first.iter_days().zip(make_up_marks.iter().take(days_in_year)) {
        *work += 1;
        running += *mark;
        if running > 0 {
            make_up.push(day);
        }
    }
    if holidays.is_empty() && make_up.is_empty() {
        return Err(invalid(if elsewhere > 0 {
            CalendarProblem::NoEventsInYear { year }
        } else {
            CalendarProblem::NoEvents
        }));
    }
    let calendar = YearCalendar {
        year,
        source: "iCalendar".into(),
        holidays: merge_periods(holidays),
        make_up_workdays: make_up,
        provisional: false,
    };
    calendar.validate()?;
    Ok(calendar)
}
