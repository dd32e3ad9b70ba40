//! Checks of typed input that several actions share: text lengths and characters,
//! quantities, list sizes, the store's confirmation form and its receipt, and the caps
//! that bound what one person or one store can add to a campaign.

use chrono::NaiveDate;

use crate::campaign::{Campaign, ENTRIES_PER_PERSON_MAX, GiftItem, MaterialItem, ReceiptLine, StorePlan};
use crate::ids::{AttachmentId, StoreId};
use crate::messages::{FieldError, Message, Violation, ViolationKind};
use crate::org::Actor;
use crate::text::{Lines, check_text};

pub const NOTE_MAX_CHARS: usize = 2000;
pub const ITEMS_MAX: usize = 100;
pub const ITEM_NAME_MAX_CHARS: usize = 100;
pub const QUANTITY_MAX: u32 = 1_000_000;
pub const ATTENDEES_MAX: usize = 50;
pub const PHOTOS_MAX: usize = 20;

pub(super) fn required_text(field: &str, text: &str, max_chars: usize, errors: &mut Vec<FieldError>) {
    check_text(field, text, true, max_chars, Lines::Many, errors);
}

pub(super) fn optional_text(field: &str, text: &str, max_chars: usize, errors: &mut Vec<FieldError>) {
    check_text(field, text, false, max_chars, Lines::Many, errors);
}

/// A short one-line value: an item's name, a size, a tracking number, a person's name.
pub(super) fn required_line(field: &str, text: &str, errors: &mut Vec<FieldError>) {
    check_text(field, text, true, ITEM_NAME_MAX_CHARS, Lines::One, errors);
}

pub(super) fn optional_line(field: &str, text: &str, errors: &mut Vec<FieldError>) {
    check_text(field, text, false, ITEM_NAME_MAX_CHARS, Lines::One, errors);
}

pub(super) fn check_quantity(field: String, quantity: u32, errors: &mut Vec<FieldError>) {
    if quantity == 0 || quantity > QUANTITY_MAX {
        errors.push(FieldError::new(field, &Message::QuantityOutOfRange { max: QUANTITY_MAX }));
    }
}

pub(super) fn check_count<T>(field: &str, items: &[T], max_items: usize, errors: &mut Vec<FieldError>) {
    if items.len() > max_items {
        errors.push(FieldError::new(field, &Message::TooMany { max_items }));
    }
}

/// How many records of `store` a per-store list holds.
pub(super) fn of_store<T>(records: &[T], store: StoreId, store_of: impl Fn(&T) -> StoreId) -> usize {
    records.iter().filter(|r| store_of(r) == store).count()
}

/// The cap on what one person adds to one campaign by repeatable actions. It counts only
/// those entries: the stage moves, the once-per-store acts and the records each bounded by
/// the campaign's size (orders, invoices, shipments) never use it up, so no amount of
/// them keeps their owner from their own stage work.
pub(super) fn check_personal_limit(campaign: &Campaign, actor: &Actor) -> Result<(), Violation> {
    let entries = campaign.history.iter().filter(|e| e.user == actor.user && e.action.is_repeatable()).count();
    if entries >= ENTRIES_PER_PERSON_MAX {
        return Err(Violation::one(
            ViolationKind::Invalid,
            "",
            &Message::PersonalLimit { max_items: ENTRIES_PER_PERSON_MAX },
        ));
    }
    Ok(())
}

/// Checks a store's confirmation form (门店确认).
pub fn check_store_plan(plan: &StorePlan) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if plan.ends_on < plan.starts_on {
        errors.push(FieldError::new(
            "plan.ends_on",
            &Message::DateOrder { earlier_zh: "活动开始日期", earlier_en: "the start date" },
        ));
    }
    if plan.ship_on > plan.starts_on {
        errors.push(FieldError::new(
            "plan.ship_on",
            &Message::DateOrder {
                earlier_zh: "发货日期（应在活动开始前）",
                earlier_en: "the ship date (before the start)",
            },
        ));
    }
    optional_text("plan.policy", &plan.policy, NOTE_MAX_CHARS, &mut errors);
    check_count("plan.materials", &plan.materials, ITEMS_MAX, &mut errors);
    for (i, MaterialItem { item, size, quantity }) in plan.materials.iter().enumerate() {
        required_line(&format!("plan.materials[{i}].item"), item, &mut errors);
        optional_line(&format!("plan.materials[{i}].size"), size, &mut errors);
        check_quantity(format!("plan.materials[{i}].quantity"), *quantity, &mut errors);
    }
    check_count("plan.gifts", &plan.gifts, ITEMS_MAX, &mut errors);
    for (i, GiftItem { item, quantity }) in plan.gifts.iter().enumerate() {
        required_line(&format!("plan.gifts[{i}].item"), item, &mut errors);
        check_quantity(format!("plan.gifts[{i}].quantity"), *quantity, &mut errors);
    }
    errors
}

/// Checks a receipt (到店确认): at least one line, counts in range.
pub fn check_receipt(lines: &[ReceiptLine], photos: &[AttachmentId]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if lines.is_empty() {
        errors.push(FieldError::new("lines", &Message::Required));
    }
    check_count("lines", lines, ITEMS_MAX, &mut errors);
    check_count("photos", photos, PHOTOS_MAX, &mut errors);
    for (i, line) in lines.iter().enumerate() {
        required_line(&format!("lines[{i}].item"), &line.item, &mut errors);
        optional_text(&format!("lines[{i}].note"), &line.note, NOTE_MAX_CHARS, &mut errors);
        if line.expected > QUANTITY_MAX || line.received > QUANTITY_MAX {
            errors.push(FieldError::new(
                format!("lines[{i}].received"),
                &Message::QuantityOutOfRange { max: QUANTITY_MAX },
            ));
        }
        if line.damaged > line.received {
            errors.push(FieldError::new(
                format!("lines[{i}].damaged"),
                &Message::QuantityOutOfRange { max: line.received },
            ));
        }
    }
    errors
}

/// The event is over on `today`: its last day has come (a campaign without an end day
/// ends on its first).
pub fn check_event_over(c: &Campaign, today: NaiveDate) -> Result<(), Violation> {
    match c.ends_on.or(c.starts_on) {
        Some(ends_on) if today < ends_on => {
            Err(Violation::one(ViolationKind::Conflict, "", &Message::EventNotOver { ends_on }))
        }
        _ => Ok(()),
    }
}
