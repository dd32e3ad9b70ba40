//! Every JSON request body the API parses, from arbitrary bytes: never a panic, and a
//! parsed form always goes through `shared`'s checks without a panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    server::fuzzing::json_requests(data);
});
