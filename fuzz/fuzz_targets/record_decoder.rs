//! The stored-record decoder, from arbitrary bytes (a damaged database): an error, never
//! a panic or a runaway allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    server::fuzzing::record_decoder(data);
});
