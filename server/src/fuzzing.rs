//! Entry points for the fuzz targets in `fuzz/` and for the regression test that replays
//! their saved inputs (`fuzz/regressions/`): each takes arbitrary bytes and must return
//! without panicking, whatever they hold.

use shared::api::{LoginRequest, NewUser, Write};
use shared::calendar::{Calendar, YearCalendar};
use shared::intake::{NewCampaign, check_form};
use shared::org::{OrgUnit, Person, Store};
use shared::workflow::{Action, Context};

use crate::extract::parse_json;
use shared::workflow::{ConfirmPlan, ConfirmReceipt, SavePlan};

/// Every request body type, then `shared`'s checks on what parsed.
pub fn json_requests(data: &[u8]) {
    let calendar = Calendar::china_official();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
    let ctx = Context {
        today,
        now_unix_ms: 0,
        calendar: &calendar,
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    if let Ok(form) = parse_json::<NewCampaign>(data) {
        let _ = check_form(&form, &ctx, &|_| true);
    }
    if let Ok(action) = parse_json::<Action>(data) {
        if let Action::SavePlan(SavePlan { plan, .. }) = &action {
            let _ = plan.check_complete();
            let _ = plan.budget_total();
        }
        if let Action::ConfirmPlan(ConfirmPlan { plan, .. }) = &action {
            let _ = shared::workflow::check_store_plan(plan);
        }
        if let Action::ConfirmReceipt(ConfirmReceipt { lines, photos, .. }) = &action {
            let _ = shared::workflow::check_receipt(lines, photos);
        }
    }
    let _ = parse_json::<LoginRequest>(data);
    let _ = parse_json::<NewUser>(data);
    if let Ok(store) = parse_json::<Write<Store>>(data) {
        let _ = store.value.validate();
    }
    if let Ok(unit) = parse_json::<Write<OrgUnit>>(data) {
        let _ = unit.value.validate();
    }
    if let Ok(person) = parse_json::<Write<Person>>(data) {
        let _ = person.value.validate();
    }
}

/// The calendar import, then arithmetic across the imported year.
pub fn calendar_import(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The iCalendar reader on the same text: read or refused, never a panic, in work
    // bounded by the text and the year (`shared::calendar::parse_year_ics`).
    if let Ok(year) = shared::calendar::parse_year_ics(text, 2027) {
        assert!(year.validate().is_ok(), "an iCalendar year that was read is valid");
    }
    let Ok(year) = Calendar::parse_year_json(text) else { return };
    let mut calendar = Calendar::default();
    if calendar.insert(year.clone()).is_err() {
        return;
    }
    let Some(start) = chrono::NaiveDate::from_ymd_opt(year.year, 1, 1) else { return };
    for n in [0u32, 1, 10, 50] {
        if let Ok(end) = calendar.add_working_days(start, n) {
            assert_eq!(calendar.working_days_between(start, end), Ok(i64::from(n)), "add and count disagree");
        }
    }
    let _: Option<&YearCalendar> = calendar.year(year.year);
}

/// Every stored envelope type's decoder.
pub fn record_decoder(data: &[u8]) {
    crate::storage::decode_any(data);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    /// Replays every input the fuzzers ever saved (crashes included, once fixed).
    #[test]
    fn saved_fuzz_inputs_still_pass() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions");
        let mut replayed = 0;
        for (target, run) in [
            ("json_requests", super::json_requests as fn(&[u8])),
            ("calendar_import", super::calendar_import),
            ("record_decoder", super::record_decoder),
        ] {
            for entry in std::fs::read_dir(root.join(target)).unwrap() {
                run(&std::fs::read(entry.unwrap().path()).unwrap());
                replayed += 1;
            }
        }
        assert!(replayed >= 7, "the saved inputs are missing");
    }
}
