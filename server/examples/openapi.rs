//! Prints the OpenAPI document (for schemathesis and API clients): `cargo run -p server --example openapi`.
#![allow(clippy::print_stdout)]

fn main() {
    println!("{}", serde_json::to_string_pretty(&server::api::openapi_document()).unwrap_or_default());
}
