//! Figures for the summary: the sales the plan's effect forecast names (read from its
//! free text when the plan has no figure of its own), and amounts and shares written
//! with integers (a printed handout must not show 66.69999%).

use shared::Lang;
use shared::money::{Fen, MAX_AMOUNT_FEN};

/// `part` of `whole` in per cent, rounded half up to one decimal.
pub(super) fn percent_of(part: Fen, whole: Fen) -> String {
    if whole.0 <= 0 || part.0 < 0 {
        return "—".to_owned();
    }
    let (part, whole) = (i128::from(part.0), i128::from(whole.0));
    let tenths = (part * 2000 + whole) / (2 * whole);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// Sales per yuan spent, to one decimal, written with integers.
pub(super) fn per_yuan(sales: Fen, spent: Fen) -> String {
    let tenths = (i128::from(sales.0) * 20 + i128::from(spent.0)) / (2 * i128::from(spent.0.max(1)));
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// An amount short enough for a chart label: `65.3万` / `¥653.2k`, or in full below those.
pub(super) fn short_yuan(l: Lang, amount: Fen) -> String {
    let yuan = amount.0 as f64 / 100.0;
    let one_decimal = |value: f64| {
        let text = format!("{value:.1}");
        text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
    };
    match l {
        Lang::Zh if yuan.abs() >= 10_000.0 => format!("{}万", one_decimal(yuan / 10_000.0)),
        Lang::En if yuan.abs() >= 1_000.0 => format!("¥{}k", one_decimal(yuan / 1_000.0)),
        Lang::En => format!("¥{yuan:.0}"),
        Lang::Zh => format!("{yuan:.0}元"),
    }
}

/// A sales figure the plan's effect forecast (free text) names.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Forecast {
    pub amount: Fen,
    /// The text says it is per store (每店、单店、店均 …), not the campaign's total.
    pub per_store: bool,
    /// The words the amount was read from, as written.
    pub written: String,
}

const SALES_WORDS: [&str; 9] = ["销售", "营业", "业绩", "销量", "成交", "营收", "sales", "revenue", "turnover"];
const PER_STORE_WORDS: [&str; 9] =
    ["每店", "单店", "每家", "店均", "每个门店", "每家门店", "per store", "each store", "a store"];

/// The forecast's sales figure: a number written with 元, 万元 or 亿元 (or after ¥), the
/// one next to a word for sales when there are several, else the first. `None` when the
/// text names no amount of money: the page then shows the text beside the chart.
pub(super) fn parse_forecast(text: &str) -> Option<Forecast> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c),
            '．' => '.',
            _ => c,
        })
        .collect();
    let lower = |from: usize, to: usize| -> String {
        chars[from.min(chars.len())..to.min(chars.len())].iter().collect::<String>().to_lowercase()
    };
    let mut found: Vec<(Forecast, bool)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let start = i;
        let (whole, fraction, number_end) = read_number(&chars, start);
        i = number_end;
        let mut j = i;
        while chars.get(j).is_some_and(|c| *c == ' ') {
            j += 1;
        }
        let before = lower(start.saturating_sub(10), start);
        let yuan_sign = before.trim_end().ends_with(['¥', '￥']) || before.trim_end().ends_with("rmb");
        let near_sales = SALES_WORDS.iter().any(|w| before.contains(w));
        let unit = lower(j, j + 2);
        let (unit_fen, unit_len): (i128, usize) = if unit.starts_with("万元") {
            (1_000_000, 2)
        } else if unit.starts_with("亿元") {
            (10_000_000_000, 2)
        } else if unit.starts_with('元') {
            (100, 1)
        } else if unit.starts_with('万')
            && (yuan_sign || near_sales)
            && !lower(j + 1, j + 2).starts_with(['人', '次', '件', '个', '名', '份'])
        {
            (1_000_000, 1)
        } else if unit.starts_with('亿') && (yuan_sign || near_sales) {
            (10_000_000_000, 1)
        } else if yuan_sign {
            (100, 0)
        } else {
            continue;
        };
        let Ok(whole_value) = whole.parse::<i128>() else { continue };
        let fraction = &fraction[..fraction.len().min(10)];
        let fraction_value = if fraction.is_empty() {
            0
        } else {
            fraction.parse::<i128>().unwrap_or(0) * unit_fen / 10i128.pow(fraction.len() as u32)
        };
        let Some(fen) = whole_value.checked_mul(unit_fen).and_then(|w| w.checked_add(fraction_value)) else { continue };
        if fen <= 0 || fen > i128::from(MAX_AMOUNT_FEN) {
            continue;
        }
        let after = lower(j + unit_len, j + unit_len + 4);
        let per_store =
            PER_STORE_WORDS.iter().any(|w| before.contains(w)) || after.starts_with("/店") || after.contains("每店");
        let mut written_from = start;
        while written_from > 0 && chars[written_from - 1] == ' ' {
            written_from -= 1;
        }
        if !(written_from > 0 && matches!(chars[written_from - 1], '¥' | '￥')) {
            written_from = start;
        } else {
            written_from -= 1;
        }
        let written: String = chars[written_from..(j + unit_len).min(chars.len()).max(number_end)].iter().collect();
        found.push((Forecast { amount: Fen(fen as i64), per_store, written }, near_sales));
        i = j + unit_len;
    }
    let best = found.iter().position(|(_, near_sales)| *near_sales).unwrap_or(0);
    found.into_iter().nth(best).map(|(forecast, _)| forecast)
}

/// The number written at `chars[start..]`: its whole part (thousands separators
/// dropped), its decimals, and where it ends.
fn read_number(chars: &[char], start: usize) -> (String, String, usize) {
    let mut i = start;
    let mut whole = String::new();
    let mut fraction = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            whole.push(c);
            i += 1;
        } else if c == ','
            && chars.get(i + 1..i + 4).is_some_and(|d| d.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
        {
            i += 1;
        } else {
            break;
        }
    }
    if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
        i += 1;
        while i < chars.len() && chars[i].is_ascii_digit() {
            fraction.push(chars[i]);
            i += 1;
        }
    }
    (whole, fraction, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forecast_amounts_are_read_from_the_text() {
        let f = parse_forecast("预计活动期间销售额 65 万元，客流 1,200 人次").unwrap();
        assert_eq!((f.amount, f.per_store), (Fen(65_000_000), false));
        let f = parse_forecast("投入5万元，预计每店销售额12,000元").unwrap();
        assert_eq!((f.amount, f.per_store), (Fen(1_200_000), true));
        let f = parse_forecast("目标业绩1.25万").unwrap();
        assert_eq!(f.amount, Fen(1_250_000));
        assert_eq!(parse_forecast("客流提升20%，新增会员300人"), None);
        assert_eq!(parse_forecast("¥30000").map(|f| f.amount), Some(Fen(3_000_000)));
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(percent_of(Fen(2), Fen(3)), "66.7%");
        assert_eq!(percent_of(Fen(1), Fen(0)), "—");
    }
}
