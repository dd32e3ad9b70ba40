//! The wait before trying again after a failure, for everything that retries: the
//! robots' deliveries and the HQ roll-up on the server, the live stream in the browser.
//!
//! The wait doubles with each failure in a row, up to a cap, and is then jittered ("equal
//! jitter": a uniformly drawn point in the upper half of the doubled wait). Without the
//! jitter, every tablet of a region that lost the server at the same moment (a restart, a
//! network cut) would come back at the same moments too, all at once each time; with it
//! they spread over half the wait. The lower half is kept so that a failing peer is still
//! left alone for at least half the doubled wait (an offline tablet keeps its radio quiet).
//!
//! This crate performs no I/O, so the randomness is an argument: the server draws it from
//! the operating system, the browser from `crypto.getRandomValues`.

use core::time::Duration;

/// The doubled wait before jitter after `attempt` failures in a row (1 is the first):
/// `base`, `2 × base`, `4 × base`, … at most `cap`. Attempt 0 is treated as 1.
pub fn ceiling(attempt: u32, base: Duration, cap: Duration) -> Duration {
    let factor = 1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
    base.saturating_mul(factor).min(cap)
}

/// The wait after `attempt` failures in a row, given a uniformly random `random`: between
/// half of [`ceiling`] and all of it, `random` choosing where (0 the half, `u32::MAX`
/// the whole).
pub fn delay(attempt: u32, base: Duration, cap: Duration, random: u32) -> Duration {
    let top = ceiling(attempt, base, cap);
    let half = top / 2;
    let span = (top - half).as_nanos();
    let extra = span.saturating_mul(u128::from(random)) / u128::from(u32::MAX);
    const NANOS_PER_SEC: u128 = 1_000_000_000;
    let secs = u64::try_from(extra / NANOS_PER_SEC).unwrap_or(u64::MAX);
    let nanos = u32::try_from(extra % NANOS_PER_SEC).unwrap_or(0);
    half.saturating_add(Duration::new(secs, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn the_ceiling_doubles_from_the_base_up_to_the_cap() {
        assert_eq!(ceiling(0, S(2), S(300)), S(2));
        assert_eq!(ceiling(1, S(2), S(300)), S(2));
        assert_eq!(ceiling(2, S(2), S(300)), S(4));
        assert_eq!(ceiling(8, S(2), S(300)), S(256));
        assert_eq!(ceiling(9, S(2), S(300)), S(300));
        assert_eq!(ceiling(u32::MAX, S(2), S(300)), S(300));
        assert_eq!(ceiling(40, Duration::MAX, Duration::MAX), Duration::MAX, "no overflow");
    }

    #[test]
    fn the_jitter_spans_the_upper_half_of_the_ceiling() {
        assert_eq!(delay(3, S(2), S(300), 0), S(4));
        assert_eq!(delay(3, S(2), S(300), u32::MAX), S(8));
        assert_eq!(delay(3, S(2), S(300), u32::MAX / 2), Duration::from_nanos(5_999_999_999));
        assert_eq!(delay(20, S(2), S(300), u32::MAX), S(300), "never above the cap");
        assert_eq!(delay(1, Duration::ZERO, S(300), u32::MAX), Duration::ZERO);
        assert_eq!(delay(40, Duration::MAX, Duration::MAX, u32::MAX), Duration::MAX, "no overflow");
    }

    #[test]
    fn every_draw_stays_within_its_bounds_and_the_waits_grow() {
        for attempt in 1..12 {
            let top = ceiling(attempt, S(2), S(300));
            for random in [0, 1, 7, 1 << 20, u32::MAX / 3, u32::MAX - 1, u32::MAX] {
                let wait = delay(attempt, S(2), S(300), random);
                assert!(wait >= top / 2 && wait <= top, "{attempt} {random}: {wait:?}");
            }
            // Below the cap, the shortest wait of the next attempt is the longest of this one.
            if ceiling(attempt + 1, S(2), S(300)) == top * 2 {
                assert_eq!(delay(attempt + 1, S(2), S(300), 0), delay(attempt, S(2), S(300), u32::MAX));
            }
        }
    }
}
