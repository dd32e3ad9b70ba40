//! The business day: the chain works on China Standard Time (UTC+8, no daylight saving),
//! so "today" is derived from a Unix timestamp the same way in the browser and on the
//! server, whatever time zone either machine is set to.

use chrono::{DateTime, NaiveDate};

/// China Standard Time's offset from UTC, in milliseconds.
pub const CHINA_UTC_OFFSET_MS: i64 = 8 * 60 * 60 * 1000;

/// The calendar date in China at the given instant (milliseconds since the Unix epoch).
/// Returns `None` only for instants outside chrono's range (hundreds of millennia away).
pub fn china_date_from_unix_ms(unix_ms: i64) -> Option<NaiveDate> {
    let shifted = unix_ms.checked_add(CHINA_UTC_OFFSET_MS)?;
    DateTime::from_timestamp_millis(shifted).map(|t| t.date_naive())
}

/// Parses an ISO date (`YYYY-MM-DD`), the only date format on the wire.
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    // chrono accepts some looser forms ("2026-2-3"); the wire format is exact.
    if text.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_evening_utc_is_already_tomorrow_in_china() {
        // 2026-02-13T17:00:00Z is 2026-02-14 01:00 in Beijing.
        let ms = 1_771_002_000_000;
        assert_eq!(china_date_from_unix_ms(ms), NaiveDate::from_ymd_opt(2026, 2, 14));
        assert_eq!(china_date_from_unix_ms(ms - 2 * 60 * 60 * 1000), NaiveDate::from_ymd_opt(2026, 2, 13));
    }

    #[test]
    fn only_exact_iso_dates_parse() {
        assert_eq!(parse_iso_date("2026-02-03"), NaiveDate::from_ymd_opt(2026, 2, 3));
        assert_eq!(parse_iso_date("2026-2-3"), None);
        assert_eq!(parse_iso_date("2026/02/03"), None);
        assert_eq!(parse_iso_date("2026-02-30"), None);
        assert_eq!(parse_iso_date(""), None);
    }
}
