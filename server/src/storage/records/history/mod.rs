//! A campaign's history entries (`campaign_history`, key campaign id + seq): the stored
//! envelope, its frozen versions, their conversions and the sample the fixtures pin.
//!
//! An entry keeps its action by its stable wire name (`ActionKind::as_str`, `"create"`
//! for the opening entry) from version 4 on, so a new workflow action needs no change
//! here: no new version, no fixture, no migration. Versions 1 to 3 stored the action as a
//! frozen enum, which bincode writes as the variant's index; they are read as that `u32`
//! through the frozen tables of wire names below, byte for byte as before (the golden
//! fixtures prove it). An index or a name this build does not know is a
//! [`StorageError::Decode`] that names it, never a default.
//!
//! Version 1 is defined beside `CampaignV1` (`v1/campaigns.rs`), whose frozen shape
//! embeds it; its conversions live here.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::campaign::{self, HistoryEntry};
use shared::ids::{PersonId, StoreId, UserId};
use shared::workflow::ActionKind;

use super::super::StorageError;
use super::super::codec::{decode, encode_checked};
use super::super::v1::{HistoryEntryV1, RoleV1, StageV1};

/// The stored history entry. Variants are only ever appended; each needs its fixture in
/// `fixtures/full/` (the fixture test reads this file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredHistoryEntry {
    V1(HistoryEntryV1),
    V2(HistoryEntryV2),
    V3(HistoryEntryV3),
    V4(HistoryEntryV4),
}

/// The version this build writes.
pub type Latest = HistoryEntryV4;

/// The envelope variant number of [`Latest`].
pub const LATEST_VERSION: u32 = 4;

/// The actions' wire names by the index versions 1 to 3 stored them under (the order of
/// the frozen enums those versions held). Frozen: never reorder or edit; versions 1 and
/// 2 knew the first [`ACTIONS_IN_V1`], version 3 all of them. A newer action has no index
/// and needs none: version 4 stores names.
const ACTION_BY_INDEX: [&str; 33] = [
    "create",
    "start_needs",
    "record_needs",
    "complete_needs",
    "record_brainstorm",
    "save_plan",
    "submit_draft",
    "comment",
    "submit_for_approval",
    "approve",
    "send_back",
    "override_late",
    "update_task",
    "upload_proof",
    "comment_proof",
    "decide_proof",
    "confirm_plan",
    "request_changes",
    "complete_production",
    "record_shipment",
    "confirm_receipt",
    "request_help",
    "assign_help",
    "report_sales",
    "finish_execution",
    "submit_summary",
    "rate",
    "send_reminder",
    "cancel",
    "record_order",
    "cancel_order",
    "record_invoice",
    "approve_overrun",
];

/// How many of [`ACTION_BY_INDEX`] history entry versions 1 and 2 could name.
const ACTIONS_IN_V1: usize = 29;

/// The action a wire name names (`"create"` included), or a decode error naming it.
pub fn action_named(name: &str) -> Result<ActionKind, StorageError> {
    ActionKind::every()
        .find(|kind| kind.as_str() == name)
        .ok_or_else(|| StorageError::Decode(format!("a history entry names the unknown action `{name}`")))
}

/// The action an old version stored as `index`, read through the first `known` names of
/// the frozen table.
fn action_at(index: u32, known: usize) -> Result<ActionKind, StorageError> {
    let name = usize::try_from(index)
        .ok()
        .filter(|i| *i < known)
        .and_then(|i| ACTION_BY_INDEX.get(i))
        .ok_or_else(|| StorageError::Decode(format!("a history entry names action number {index}, unknown")))?;
    action_named(name)
}

/// The index an old version would store `action` under, if it had one: only tests write
/// old versions now.
#[cfg(test)]
pub fn action_index(action: ActionKind, known: usize) -> Option<u32> {
    ACTION_BY_INDEX[..known].iter().position(|name| *name == action.as_str()).and_then(|i| u32::try_from(i).ok())
}

#[cfg(test)]
pub const ACTIONS_IN_V1_FOR_TESTS: usize = ACTIONS_IN_V1;
#[cfg(test)]
pub const ACTIONS_IN_V3_FOR_TESTS: usize = ACTION_BY_INDEX.len();

/// Version 2 (schema 3): version 1's fields and the store the entry is about (R5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntryV2 {
    pub seq: u32,
    pub on: NaiveDate,
    pub at_unix_ms: i64,
    pub user: u64,
    pub person: u64,
    pub name: String,
    pub role: RoleV1,
    /// An index into the first [`ACTIONS_IN_V1`] of [`ACTION_BY_INDEX`].
    pub action: u32,
    pub from: StageV1,
    pub to: StageV1,
    pub note: String,
    pub store: Option<u64>,
}

/// Version 3 (schema 5, the money): version 2's fields, its action from the longer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntryV3 {
    pub seq: u32,
    pub on: NaiveDate,
    pub at_unix_ms: i64,
    pub user: u64,
    pub person: u64,
    pub name: String,
    pub role: RoleV1,
    /// An index into all of [`ACTION_BY_INDEX`].
    pub action: u32,
    pub from: StageV1,
    pub to: StageV1,
    pub note: String,
    pub store: Option<u64>,
}

/// Version 4 (schema 6): version 3's fields, its action by its wire name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntryV4 {
    pub seq: u32,
    pub on: NaiveDate,
    pub at_unix_ms: i64,
    pub user: u64,
    pub person: u64,
    pub name: String,
    pub role: RoleV1,
    pub action: String,
    pub from: StageV1,
    pub to: StageV1,
    pub note: String,
    pub store: Option<u64>,
}

impl From<&HistoryEntry> for HistoryEntryV4 {
    fn from(value: &HistoryEntry) -> Self {
        let HistoryEntry { seq, on, at_unix_ms, user, person, name, role, action, from, to, note, store } = value;
        HistoryEntryV4 {
            seq: *seq,
            on: *on,
            at_unix_ms: *at_unix_ms,
            user: user.0,
            person: person.0,
            name: name.clone(),
            role: RoleV1::from(role),
            action: action.as_str().to_owned(),
            from: StageV1::from(from),
            to: StageV1::from(to),
            note: note.clone(),
            store: store.map(|s| s.0),
        }
    }
}

impl TryFrom<HistoryEntryV4> for HistoryEntry {
    type Error = StorageError;

    fn try_from(value: HistoryEntryV4) -> Result<Self, StorageError> {
        let HistoryEntryV4 { seq, on, at_unix_ms, user, person, name, role, action, from, to, note, store } = value;
        Ok(HistoryEntry {
            seq,
            on,
            at_unix_ms,
            user: UserId(user),
            person: PersonId(person),
            name,
            role: role.into(),
            action: action_named(&action)?,
            from: campaign::Stage::from(from),
            to: campaign::Stage::from(to),
            note,
            store: store.map(StoreId),
        })
    }
}

impl TryFrom<HistoryEntryV3> for HistoryEntry {
    type Error = StorageError;

    fn try_from(value: HistoryEntryV3) -> Result<Self, StorageError> {
        let HistoryEntryV3 { seq, on, at_unix_ms, user, person, name, role, action, from, to, note, store } = value;
        Ok(HistoryEntry {
            seq,
            on,
            at_unix_ms,
            user: UserId(user),
            person: PersonId(person),
            name,
            role: role.into(),
            action: action_at(action, ACTION_BY_INDEX.len())?,
            from: campaign::Stage::from(from),
            to: campaign::Stage::from(to),
            note,
            store: store.map(StoreId),
        })
    }
}

impl TryFrom<HistoryEntryV2> for HistoryEntry {
    type Error = StorageError;

    fn try_from(value: HistoryEntryV2) -> Result<Self, StorageError> {
        let HistoryEntryV2 { seq, on, at_unix_ms, user, person, name, role, action, from, to, note, store } = value;
        Ok(HistoryEntry {
            seq,
            on,
            at_unix_ms,
            user: UserId(user),
            person: PersonId(person),
            name,
            role: role.into(),
            action: action_at(action, ACTIONS_IN_V1)?,
            from: campaign::Stage::from(from),
            to: campaign::Stage::from(to),
            note,
            store: store.map(StoreId),
        })
    }
}

impl TryFrom<HistoryEntryV1> for HistoryEntry {
    type Error = StorageError;

    fn try_from(value: HistoryEntryV1) -> Result<Self, StorageError> {
        let HistoryEntryV1 { seq, on, at_unix_ms, user, person, name, role, action, from, to, note } = value;
        // Version 1 did not record which store an entry is about; the campaign's reader
        // fills it in where the campaign has one store.
        Ok(HistoryEntry {
            seq,
            on,
            at_unix_ms,
            user: UserId(user),
            person: PersonId(person),
            name,
            role: role.into(),
            action: action_at(action, ACTIONS_IN_V1)?,
            from: campaign::Stage::from(from),
            to: campaign::Stage::from(to),
            note,
            store: None,
        })
    }
}

impl TryFrom<StoredHistoryEntry> for HistoryEntry {
    type Error = StorageError;

    fn try_from(stored: StoredHistoryEntry) -> Result<Self, StorageError> {
        match stored {
            StoredHistoryEntry::V1(entry) => entry.try_into(),
            StoredHistoryEntry::V2(entry) => entry.try_into(),
            StoredHistoryEntry::V3(entry) => entry.try_into(),
            StoredHistoryEntry::V4(entry) => entry.try_into(),
        }
    }
}

impl StoredHistoryEntry {
    /// The envelope's version number (`V<n>`).
    pub fn version(&self) -> u32 {
        match self {
            StoredHistoryEntry::V1(_) => 1,
            StoredHistoryEntry::V2(_) => 2,
            StoredHistoryEntry::V3(_) => 3,
            StoredHistoryEntry::V4(_) => 4,
        }
    }
}

/// Whether an entry that names no store is about one (its manager's entries, the per-store
/// actions and assigning help to a store's request): in a campaign of one store, the
/// reader files such an entry under that store. Only version 1 entries name no store, and
/// they name only the first [`ACTIONS_IN_V1`] actions, so the names here never grow.
pub fn is_about_a_store(entry: &HistoryEntry) -> bool {
    entry.role == shared::org::Role::StoreManager
        || entry.action.is_per_store()
        || entry.action.as_str() == ACTION_BY_INDEX[ASSIGN_HELP]
}

/// `assign_help`'s index in [`ACTION_BY_INDEX`].
const ASSIGN_HELP: usize = 22;

/// An entry as this build stores it.
pub fn encode(entry: &HistoryEntry) -> Result<Vec<u8>, StorageError> {
    encode_checked(&StoredHistoryEntry::V4(Latest::from(entry)))
}

/// A stored entry, whichever version wrote it.
pub fn decode_entry(bytes: &[u8]) -> Result<HistoryEntry, StorageError> {
    HistoryEntry::try_from(decode::<StoredHistoryEntry>(bytes)?)
}

/// The envelope version a stored entry was written at (the upgrade test checks that the
/// migration to schema 6 left every entry at [`LATEST_VERSION`]).
pub fn stored_version(bytes: &[u8]) -> Result<u32, StorageError> {
    Ok(decode::<StoredHistoryEntry>(bytes)?.version())
}

/// The stored entry rewritten at [`LATEST_VERSION`], or `None` when it already is (the
/// migration to schema 6).
pub fn upgraded(bytes: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
    let stored = decode::<StoredHistoryEntry>(bytes)?;
    if stored.version() == LATEST_VERSION {
        return Ok(None);
    }
    Ok(Some(encode(&HistoryEntry::try_from(stored)?)?))
}

/// A fully populated entry, for the golden fixtures.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub fn sample() -> HistoryEntry {
    HistoryEntry {
        seq: 7,
        on: NaiveDate::from_ymd_opt(2026, 3, 9).unwrap(),
        at_unix_ms: 1_772_990_000_123,
        user: UserId(31),
        person: PersonId(32),
        name: "陈静".into(),
        role: shared::org::Role::StoreManager,
        action: ActionKind::ConfirmReceipt,
        from: campaign::Stage::Shipping,
        to: campaign::Stage::Execution,
        note: "有差异，需紧急处理".into(),
        store: Some(StoreId(3)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The frozen table still spells every name it held as this build does.
    #[test]
    fn assigning_help_is_where_the_table_says() {
        assert_eq!(ACTION_BY_INDEX[ASSIGN_HELP], "assign_help");
    }

    #[test]
    fn every_frozen_name_is_a_known_action() {
        for name in ACTION_BY_INDEX {
            assert_eq!(action_named(name).unwrap().as_str(), name);
        }
    }

    #[test]
    fn every_action_round_trips_through_the_latest_version() {
        for action in ActionKind::every() {
            let entry = HistoryEntry { action, ..sample() };
            assert_eq!(decode_entry(&encode(&entry).unwrap()).unwrap(), entry);
        }
    }

    #[test]
    fn an_unknown_action_is_a_decode_error_that_names_it() {
        let stored = StoredHistoryEntry::V4(HistoryEntryV4 { action: "teleport".into(), ..Latest::from(&sample()) });
        let bytes = super::super::super::codec::encode(&stored).unwrap();
        match decode_entry(&bytes) {
            Err(StorageError::Decode(text)) => assert!(text.contains("teleport"), "{text}"),
            other => panic!("{other:?}"),
        }
        let old = StoredHistoryEntry::V2(HistoryEntryV2 {
            seq: 1,
            on: NaiveDate::from_ymd_opt(2026, 3, 9).unwrap(),
            at_unix_ms: 0,
            user: 0,
            person: 0,
            name: String::new(),
            role: RoleV1::Admin,
            action: 29,
            from: StageV1::Intake,
            to: StageV1::Intake,
            note: String::new(),
            store: None,
        });
        let bytes = super::super::super::codec::encode(&old).unwrap();
        assert!(matches!(decode_entry(&bytes), Err(StorageError::Decode(text)) if text.contains("29")));
    }
}
