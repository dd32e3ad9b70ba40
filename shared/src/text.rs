//! Free-text hygiene: what a person may type into a title, a name or a note. Control
//! characters (which break logs, exports and layouts) and bidirectional overrides (which
//! make text display differently from what it says, e.g. a file name that reads
//! `gpj.exe` backwards) are refused, with the same rule in the browser and the server.

use crate::messages::{FieldError, Message};

/// Whether the text may span lines: notes and comments may, titles and names may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// Unicode's explicit bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` may appear in free text: no C0 control characters except newline and tab
/// (and those only where the text may span lines), no DEL, no C1 controls, no bidi
/// overrides. A carriage return is allowed before a newline (text pasted from Windows).
pub fn is_allowed(c: char, lines: Lines) -> bool {
    match c {
        '\n' | '\t' | '\r' => lines == Lines::Many,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => false,
        c => !is_bidi_control(c),
    }
}

/// The first character that free text may not contain, if any.
pub fn forbidden_char(text: &str, lines: Lines) -> Option<char> {
    text.chars().find(|c| !is_allowed(*c, lines))
}

/// A field error when `text` holds a forbidden character.
pub fn check_chars(field: &str, text: &str, lines: Lines) -> Option<FieldError> {
    forbidden_char(text, lines).map(|c| FieldError::new(field, &Message::ForbiddenCharacter { code_point: c as u32 }))
}

/// Free text: required or not, at most `max_chars`, and only characters people type
/// (`shared::text`). One error per field, the most basic first.
pub fn check_text(
    field: &str,
    text: &str,
    required: bool,
    max_chars: usize,
    lines: Lines,
    errors: &mut Vec<FieldError>,
) {
    if required && text.trim().is_empty() {
        errors.push(FieldError::new(field, &Message::Required));
    } else if text.chars().count() > max_chars {
        errors.push(FieldError::new(field, &Message::TooLong { max_chars }));
    } else if let Some(error) = check_chars(field, text, lines) {
        errors.push(error);
    }
}

/// `text` without forbidden characters (for values that are cleaned rather than
/// refused, such as the name of an uploaded file).
pub fn strip_forbidden(text: &str, lines: Lines) -> String {
    text.chars().filter(|c| is_allowed(*c, lines)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleCode;

    #[test]
    fn control_characters_and_bidi_overrides_are_refused() {
        for bad in ["标题\u{0}后半", "\u{1}\u{2}\u{3}", "a\u{7F}", "报价\u{202E}fdp.exe", "x\u{2066}y", "\u{85}"]
        {
            let error = check_chars("title", bad, Lines::Many);
            assert_eq!(error.map(|e| e.code), Some(RuleCode::ForbiddenCharacter), "{bad:?}");
        }
    }

    #[test]
    fn newlines_and_tabs_are_allowed_only_in_multi_line_text() {
        assert_eq!(check_chars("note", "第一行\r\n第二行\t完", Lines::Many), None);
        assert!(check_chars("title", "第一行\n第二行", Lines::One).is_some());
        assert_eq!(check_chars("title", "金秋钻石节 · 2026", Lines::One), None);
    }

    #[test]
    fn stripping_keeps_everything_else() {
        assert_eq!(strip_forbidden("到货\u{202E}照片\u{0}.jpg", Lines::One), "到货照片.jpg");
    }
}
