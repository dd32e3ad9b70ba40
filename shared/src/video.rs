//! Video/photo production requests (影视制作): the form as typed, and the validated
//! request that the server stores. Parsing the one into the other is the only way to get
//! a [`ValidVideoRequest`], so no code past the edge can see invalid data.

use chrono::NaiveDate;

use crate::api::NewVideoRequest;
use crate::calendar::Calendar;
use crate::clock::parse_iso_date;
use crate::messages::{FieldError, Message};
use crate::rules::check_video_lead_time;

pub const TITLE_MAX_CHARS: usize = 100;
pub const STORE_MAX_CHARS: usize = 50;
pub const NOTES_MAX_CHARS: usize = 2000;

/// A video request that passed every rule for the given request day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidVideoRequest {
    pub title: String,
    pub store: String,
    pub due_on: NaiveDate,
    pub notes: String,
}

fn required_text(field: &str, value: &str, max_chars: usize, errors: &mut Vec<FieldError>) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.push(FieldError::new(field, &Message::Required));
    } else if value.chars().count() > max_chars {
        errors.push(FieldError::new(field, &Message::TooLong { max_chars }));
    }
    value.to_owned()
}

impl ValidVideoRequest {
    /// Checks every field of `input`, as requested on `today`; returns all problems at
    /// once so a form can mark each field.
    pub fn parse(input: &NewVideoRequest, today: NaiveDate, calendar: &Calendar) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = required_text("title", &input.title, TITLE_MAX_CHARS, &mut errors);
        let store = required_text("store", &input.store, STORE_MAX_CHARS, &mut errors);
        let notes = input.notes.trim().to_owned();
        if notes.chars().count() > NOTES_MAX_CHARS {
            errors.push(FieldError::new("notes", &Message::TooLong { max_chars: NOTES_MAX_CHARS }));
        }
        let due_on = if input.due_on.trim().is_empty() {
            errors.push(FieldError::new("due_on", &Message::Required));
            None
        } else if let Some(due_on) = parse_iso_date(&input.due_on) {
            if due_on < today {
                errors.push(FieldError::new("due_on", &Message::DateInPast));
            } else if let Err(message) = check_video_lead_time(today, due_on, calendar) {
                errors.push(FieldError::new("due_on", &message));
            }
            Some(due_on)
        } else {
            errors.push(FieldError::new("due_on", &Message::InvalidDate));
            None
        };
        match due_on {
            Some(due_on) if errors.is_empty() => Ok(ValidVideoRequest { title, store, due_on, notes }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::RuleCode;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default()
    }

    fn input(due_on: &str) -> NewVideoRequest {
        NewVideoRequest {
            title: "春季新品短片".into(),
            store: "鸡西店".into(),
            due_on: due_on.into(),
            notes: String::new(),
        }
    }

    fn codes(result: Result<ValidVideoRequest, Vec<FieldError>>) -> Vec<(String, RuleCode)> {
        result.err().unwrap_or_default().into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_complete_request_with_enough_lead_time_is_valid() {
        let calendar = Calendar::china_official();
        let valid = ValidVideoRequest::parse(&input("2026-03-16"), today(), &calendar);
        assert_eq!(valid.map(|v| v.due_on.to_string()), Ok("2026-03-16".into()));
    }

    #[test]
    fn each_broken_field_is_named_with_its_rule() {
        let calendar = Calendar::china_official();
        let mut broken = input("2026-03-13");
        broken.title = "  ".into();
        assert_eq!(
            codes(ValidVideoRequest::parse(&broken, today(), &calendar)),
            vec![("title".into(), RuleCode::Required), ("due_on".into(), RuleCode::R1VideoLeadTime)]
        );
        assert_eq!(
            codes(ValidVideoRequest::parse(&input("13/03/2026"), today(), &calendar)),
            vec![("due_on".into(), RuleCode::InvalidDate)]
        );
        assert_eq!(
            codes(ValidVideoRequest::parse(&input("2026-03-01"), today(), &calendar)),
            vec![("due_on".into(), RuleCode::DateInPast)]
        );
    }
}
