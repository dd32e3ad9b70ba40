//! The one catalog of rule codes and their Chinese and English messages. The server puts
//! these words in its error bodies and the browser shows the same words before a request
//! is ever sent.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The user's language. Chinese is the default everywhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

/// Stable, machine-readable codes. The string form is part of the API: never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RuleCode {
    /// R1: a video request needs at least 10 working days of lead time.
    #[serde(rename = "R1_VIDEO_LEAD_TIME")]
    R1VideoLeadTime,
    /// R8: the working-day calendar has no data for the year asked about.
    #[serde(rename = "R8_CALENDAR_YEAR_NOT_ON_FILE")]
    R8CalendarYearNotOnFile,
    Required,
    TooLong,
    InvalidDate,
    DateInPast,
    MalformedJson,
    UnknownField,
    WrongType,
    UnsupportedMediaType,
    PayloadTooLarge,
    NotFound,
    MethodNotAllowed,
    Internal,
}

impl RuleCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleCode::R1VideoLeadTime => "R1_VIDEO_LEAD_TIME",
            RuleCode::R8CalendarYearNotOnFile => "R8_CALENDAR_YEAR_NOT_ON_FILE",
            RuleCode::Required => "REQUIRED",
            RuleCode::TooLong => "TOO_LONG",
            RuleCode::InvalidDate => "INVALID_DATE",
            RuleCode::DateInPast => "DATE_IN_PAST",
            RuleCode::MalformedJson => "MALFORMED_JSON",
            RuleCode::UnknownField => "UNKNOWN_FIELD",
            RuleCode::WrongType => "WRONG_TYPE",
            RuleCode::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            RuleCode::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            RuleCode::NotFound => "NOT_FOUND",
            RuleCode::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            RuleCode::Internal => "INTERNAL",
        }
    }
}

/// A message with its parameters; rendering it in either language is the catalog's job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    VideoLeadTime {
        min_working_days: u32,
        earliest: NaiveDate,
    },
    CalendarYearNotOnFile {
        year: i32,
    },
    Required,
    TooLong {
        max_chars: usize,
    },
    InvalidDate,
    DateInPast,
    MalformedJson {
        detail: String,
    },
    UnknownField,
    WrongType {
        detail: String,
    },
    UnsupportedMediaType,
    PayloadTooLarge {
        max_bytes: usize,
    },
    NotFound,
    MethodNotAllowed,
    Internal {
        request_id: String,
    },
}

/// A date as users read it: `2026年3月5日` in Chinese, ISO in English.
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Lang::En => date.format("%Y-%m-%d").to_string(),
    }
}

impl Message {
    pub fn code(&self) -> RuleCode {
        match self {
            Message::VideoLeadTime { .. } => RuleCode::R1VideoLeadTime,
            Message::CalendarYearNotOnFile { .. } => RuleCode::R8CalendarYearNotOnFile,
            Message::Required => RuleCode::Required,
            Message::TooLong { .. } => RuleCode::TooLong,
            Message::InvalidDate => RuleCode::InvalidDate,
            Message::DateInPast => RuleCode::DateInPast,
            Message::MalformedJson { .. } => RuleCode::MalformedJson,
            Message::UnknownField => RuleCode::UnknownField,
            Message::WrongType { .. } => RuleCode::WrongType,
            Message::UnsupportedMediaType => RuleCode::UnsupportedMediaType,
            Message::PayloadTooLarge { .. } => RuleCode::PayloadTooLarge,
            Message::NotFound => RuleCode::NotFound,
            Message::MethodNotAllowed => RuleCode::MethodNotAllowed,
            Message::Internal { .. } => RuleCode::Internal,
        }
    }

    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Message::VideoLeadTime {
                min_working_days,
                earliest,
            } => format!(
                "影视制作需至少提前{min_working_days}个工作日申请，最早可选{}",
                format_date(*earliest, Lang::Zh)
            ),
            Message::CalendarYearNotOnFile { year } => {
                format!("工作日历中没有{year}年的数据，无法计算工作日，请联系管理员导入")
            }
            Message::Required => "此项为必填项".into(),
            Message::TooLong { max_chars } => format!("不能超过{max_chars}个字符"),
            Message::InvalidDate => "日期格式应为 年-月-日（例如 2026-03-05）".into(),
            Message::DateInPast => "日期不能早于今天".into(),
            Message::MalformedJson { detail } => format!("请求内容不是有效的 JSON：{detail}"),
            Message::UnknownField => "不认识的字段".into(),
            Message::WrongType { detail } => format!("字段类型不正确：{detail}"),
            Message::UnsupportedMediaType => "请求必须使用 application/json 格式".into(),
            Message::PayloadTooLarge { max_bytes } => {
                format!("请求内容过大，上限为{max_bytes}字节")
            }
            Message::NotFound => "找不到该记录".into(),
            Message::MethodNotAllowed => "不支持该请求方法".into(),
            Message::Internal { request_id } => format!("服务器内部错误（请求编号 {request_id}）"),
        }
    }

    fn en(&self) -> String {
        match self {
            Message::VideoLeadTime {
                min_working_days,
                earliest,
            } => format!(
                "A video request needs at least {min_working_days} working days: the earliest due date is {}",
                format_date(*earliest, Lang::En)
            ),
            Message::CalendarYearNotOnFile { year } => format!(
                "The working-day calendar has no data for {year}; ask the administrator to import it"
            ),
            Message::Required => "This field is required".into(),
            Message::TooLong { max_chars } => format!("At most {max_chars} characters"),
            Message::InvalidDate => "Dates are written year-month-day, e.g. 2026-03-05".into(),
            Message::DateInPast => "The date cannot be before today".into(),
            Message::MalformedJson { detail } => {
                format!("The request body is not valid JSON: {detail}")
            }
            Message::UnknownField => "Unknown field".into(),
            Message::WrongType { detail } => format!("Wrong type: {detail}"),
            Message::UnsupportedMediaType => "The request must be sent as application/json".into(),
            Message::PayloadTooLarge { max_bytes } => {
                format!("The request body is too large; the limit is {max_bytes} bytes")
            }
            Message::NotFound => "No such record".into(),
            Message::MethodNotAllowed => "Method not allowed".into(),
            Message::Internal { request_id } => {
                format!("Internal server error (request id {request_id})")
            }
        }
    }
}

/// A problem with one field of an input, in both languages. `field` is a dotted path
/// into the request body (`due_on`, `plan.budget.total`); empty for the body as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: RuleCode,
    pub message_zh: String,
    pub message_en: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: &Message) -> Self {
        FieldError {
            field: field.into(),
            code: message.code(),
            message_zh: message.text(Lang::Zh),
            message_en: message.text(Lang::En),
        }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message_zh,
            Lang::En => &self.message_en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_strings() {
        for code in [
            RuleCode::R1VideoLeadTime,
            RuleCode::R8CalendarYearNotOnFile,
            RuleCode::MalformedJson,
        ] {
            let json = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn dates_read_naturally_in_each_language() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap_or_default();
        assert_eq!(format_date(day, Lang::Zh), "2026年3月5日");
        assert_eq!(format_date(day, Lang::En), "2026-03-05");
    }
}
