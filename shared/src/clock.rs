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

/// A moment as people in the center read it, in China time: `HH:MM` when it falls on
/// `today`, `MM-DD HH:MM` otherwise (the same in both languages).
pub fn china_time_label(unix_ms: i64, today: NaiveDate) -> String {
    let Some(moment) = unix_ms.checked_add(CHINA_UTC_OFFSET_MS).and_then(DateTime::from_timestamp_millis) else {
        return String::new();
    };
    use chrono::{Datelike as _, Timelike as _};
    let time = format!("{:02}:{:02}", moment.hour(), moment.minute());
    if moment.date_naive() == today { time } else { format!("{:02}-{:02} {time}", moment.month(), moment.day()) }
}

/// The years the product deals in: the working-day calendar's (`calendar`, 2000–2100),
/// the months a report may name (`kpi::YearMonth::is_reportable`) and every money date
/// (`costs::money_days`), so that every amount recorded is in some report.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

/// 1 January of [`FIRST_YEAR`].
pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// 31 December of [`LAST_YEAR`].
pub fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// Parses an ISO date (`YYYY-MM-DD`), the only date format on the wire.
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    // Exactly four digits, a dash, two, a dash, two (chrono accepts looser forms such as
    // "2026-2-3"); read by hand, so the browser's app carries no date-format parser.
    let bytes = text.trim().as_bytes();
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *bytes else { return None };
    let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = |ds: &[u8]| ds.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let year = i32::try_from(number(&digits[..4])).ok()?;
    NaiveDate::from_ymd_opt(year, number(&digits[4..6]), number(&digits[6..]))
}

/// Days on the wire: `YYYY-MM-DD`, written without going through `fmt` one character at a
/// time (a list page writes two hundred of them, and that was an eighth of the list's time
/// on the server, BENCHMARKS.md #18) and read by [`parse_iso_date`], exactly, by the same
/// code in the browser and on the server (and the browser's app carries no date parser
/// of chrono's). Every date field of the wire types uses it:
/// `#[serde(with = "crate::clock::wire_day")]`.
/// What [`wire_day`] says when a date is not one (the server names the rule from it).
pub const WIRE_DAY_EXPECTED: &str = "a date written year-month-day (2026-03-05)";

pub mod wire_day {
    use chrono::{Datelike, NaiveDate};
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// A day as it is written on the wire.
    pub struct Day(pub NaiveDate);

    impl Serialize for Day {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let Ok(year) = u32::try_from(self.0.year()) else { return self.0.serialize(serializer) };
            if year > 9999 {
                return self.0.serialize(serializer);
            }
            let digit = |n: u32| b"0123456789".get((n % 10) as usize).copied().unwrap_or(b'0');
            let (month, day) = (self.0.month(), self.0.day());
            let text = [
                digit(year / 1000),
                digit(year / 100),
                digit(year / 10),
                digit(year),
                b'-',
                digit(month / 10),
                digit(month),
                b'-',
                digit(day / 10),
                digit(day),
            ];
            match std::str::from_utf8(&text) {
                Ok(text) => serializer.serialize_str(text),
                Err(_) => self.0.serialize(serializer),
            }
        }
    }

    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        Day(*date).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        super::parse_iso_date(&text).ok_or_else(|| D::Error::custom(crate::clock::WIRE_DAY_EXPECTED))
    }

    pub mod vec {
        use super::*;

        pub fn serialize<S: Serializer>(dates: &[NaiveDate], serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(dates.iter().map(|d| Day(*d)))
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<NaiveDate>, D::Error> {
            Vec::<std::borrow::Cow<str>>::deserialize(deserializer)?
                .iter()
                .map(|text| {
                    crate::clock::parse_iso_date(text).ok_or_else(|| D::Error::custom(crate::clock::WIRE_DAY_EXPECTED))
                })
                .collect()
        }
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
            date.map(Day).serialize(serializer)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
            match Option::<std::borrow::Cow<str>>::deserialize(deserializer)? {
                None => Ok(None),
                Some(text) => super::super::parse_iso_date(&text)
                    .map(Some)
                    .ok_or_else(|| D::Error::custom(crate::clock::WIRE_DAY_EXPECTED)),
            }
        }
    }
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
    fn times_are_labelled_in_china_time_with_the_day_when_it_is_not_today() {
        // 2026-02-14 01:00 in Beijing.
        let ms = 1_771_002_000_000;
        let day = NaiveDate::from_ymd_opt(2026, 2, 14).unwrap_or_default();
        assert_eq!(china_time_label(ms, day), "01:00");
        assert_eq!(china_time_label(ms, day.pred_opt().unwrap_or_default()), "02-14 01:00");
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
