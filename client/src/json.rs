//! JSON decoding for the client, through `serde_json::Value`: the text is parsed once
//! into a value (one copy of the parser in the app), and each type is then read from
//! the value. Reading every type straight from text puts a copy of the parser in the
//! app for each type; this way the store managers' app is about a tenth smaller on the
//! wire (BENCHMARKS.md, "What a shop's tablet downloads"). The answers are small, so the
//! extra step costs nothing a person could notice.

use serde::de::DeserializeOwned;

/// A value of type `T` from JSON text.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    serde_json::from_value(value).ok()
}
