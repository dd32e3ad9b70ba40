//! Crash points for the tests that kill the server between the steps of a change: when
//! the environment variable `CAMPAIGN_DESK_FAILPOINT` names a point, the process aborts
//! there (as a SIGKILL or a power cut would stop it), so a test can restart it and check
//! that what it finds is whole. Unset, a point costs one comparison with `None`.

use std::sync::OnceLock;

/// The environment variable naming the point to abort at.
pub const VARIABLE: &str = "CAMPAIGN_DESK_FAILPOINT";

fn armed() -> Option<&'static str> {
    static POINT: OnceLock<Option<String>> = OnceLock::new();
    POINT.get_or_init(|| std::env::var(VARIABLE).ok().filter(|v| !v.is_empty())).as_deref()
}

/// Aborts the process if `point` is the armed crash point.
pub fn hit(point: &str) {
    if armed() == Some(point) {
        eprintln!("failpoint {point}: aborting");
        std::process::abort();
    }
}
