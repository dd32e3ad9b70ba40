//! Money in integer fen (分, 1/100 yuan), never floating point.

use serde::{Deserialize, Serialize};

/// An amount in fen. Negative amounts are allowed in arithmetic but refused in budgets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Fen(pub i64);

/// The largest amount any single figure may hold: 1 billion yuan.
pub const MAX_AMOUNT_FEN: i64 = 100_000_000_000;

impl Fen {
    /// Parses a yuan amount as people type it: `1200`, `1200.5`, `1,200.50`, `¥1200`.
    /// At most two decimals; no negative amounts.
    pub fn parse_yuan(text: &str) -> Option<Fen> {
        let cleaned: String =
            text.trim().trim_start_matches(['¥', '￥']).chars().filter(|c| *c != ',' && *c != '，').collect();
        let (whole, fraction) = match cleaned.split_once('.') {
            Some((w, f)) => (w, f),
            None => (cleaned.as_str(), ""),
        };
        if whole.is_empty() || whole.len() > 12 || fraction.len() > 2 {
            return None;
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let fraction: i64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<i64>().ok()? * 10,
            _ => fraction.parse().ok()?,
        };
        let fen = whole.checked_mul(100)?.checked_add(fraction)?;
        (fen <= MAX_AMOUNT_FEN).then_some(Fen(fen))
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }
}

impl std::fmt::Display for Fen {
    /// Yuan with two decimals and thousands separators: `12,345.60`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}{grouped}.{:02}", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_amounts_parse_to_fen() {
        assert_eq!(Fen::parse_yuan("1200"), Some(Fen(120_000)));
        assert_eq!(Fen::parse_yuan("1,200.5"), Some(Fen(120_050)));
        assert_eq!(Fen::parse_yuan("¥0.07"), Some(Fen(7)));
        assert_eq!(Fen::parse_yuan("12.345"), None);
        assert_eq!(Fen::parse_yuan("-5"), None);
        assert_eq!(Fen::parse_yuan("abc"), None);
        assert_eq!(Fen::parse_yuan(""), None);
        assert_eq!(Fen::parse_yuan("999999999999"), None);
    }

    #[test]
    fn fen_display_as_yuan() {
        assert_eq!(Fen(1_234_560).to_string(), "12,345.60");
        assert_eq!(Fen(5).to_string(), "0.05");
    }
}
