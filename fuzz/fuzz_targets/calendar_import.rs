//! The administrator's calendar import (R8), from arbitrary text: refused or accepted,
//! never a panic, and working-day arithmetic on an accepted year stays consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    server::fuzzing::calendar_import(data);
});
