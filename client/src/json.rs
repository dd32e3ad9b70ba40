//! JSON for the client, through the browser's own `JSON.parse` and `JSON.stringify` and
//! `serde-wasm-bindgen` (typed values to and from JavaScript values): the app then carries
//! no JSON parser or printer of its own, which made the store managers' app a good deal
//! smaller on the wire (BENCHMARKS.md, "What a shop's tablet downloads"). The answers are
//! small, so the extra step costs nothing a person could notice.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A value of type `T` from JSON text.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// A value as JSON text (maps as objects, as the server writes them).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// The object of a JSON text, as a JavaScript value (to read or change a field).
pub fn object(text: &str) -> Option<js_sys::Object> {
    use wasm_bindgen::JsCast as _;
    js_sys::JSON::parse(text).ok()?.dyn_into().ok()
}

/// A JavaScript value as JSON text.
pub fn stringify(value: &wasm_bindgen::JsValue) -> Option<String> {
    js_sys::JSON::stringify(value).ok()?.as_string()
}

/// A value of type `T` from a JavaScript value.
pub fn from_value<T: DeserializeOwned>(value: wasm_bindgen::JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(value).ok()
}
