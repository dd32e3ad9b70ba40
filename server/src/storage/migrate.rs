//! Startup migrations: each step upgrades the data directory by one schema version, in
//! batches that are flushed as they go, so a crash mid-way resumes where it stopped.

use std::ops::Bound;

use shared::campaign::{Campaign, CampaignType, HistoryEntry, Needs, Stage};
use shared::ids::{CampaignId, PersonId, UserId};
use shared::org::Role;

use super::changes::{self, FeedKind};
use super::codec::id_key;
use super::entities::stored_version;
use super::records::campaign::decode_core;
use super::records::staff_month::decode_staff_month;
use super::records::{VideoRequestV1, decode_video_request_v1, history};
use super::{SCHEMA_VERSION, StorageError, Store, tree};

/// Records moved per flushed batch.
pub const BATCH_SIZE: usize = 256;

pub(super) fn run(store: &Store, found: u32) -> Result<(), StorageError> {
    let mut version = found;
    if version == 0 {
        // A new data directory starts at the current schema.
        store.set_schema_version(SCHEMA_VERSION)?;
        return Ok(());
    }
    while version < SCHEMA_VERSION {
        match version {
            1 => video_requests_to_campaigns(store)?,
            2 => {
                let indexed = store.index_files_of_all_campaigns(BATCH_SIZE)?;
                tracing::info!(campaigns = indexed, "attachment references indexed");
            }
            3 => {
                let rows = store.rebuild_listings_and_staff_months(BATCH_SIZE)?;
                tracing::info!(campaigns = rows, "list rows and monthly KPI counts written");
            }
            4 => {
                // Schema 5: list rows carry the day their campaign entered its stage.
                let rows = store.rebuild_listings_and_staff_months(BATCH_SIZE)?;
                tracing::info!(campaigns = rows, "list rows rewritten with their stage's start");
            }
            5 => {
                // Schema 6: history entries keep their action by its wire name.
                let entries = rewrite_history_entries(store, BATCH_SIZE)?;
                tracing::info!(entries, "history entries rewritten with their actions by name");
            }
            other => return Err(StorageError::Invalid(format!("no migration from schema {other}"))),
        }
        version += 1;
        store.set_schema_version(version)?;
        tracing::info!(schema = version, "data directory upgraded");
    }
    Ok(())
}

fn days_to_date(days: i32) -> Result<chrono::NaiveDate, StorageError> {
    chrono::NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| StorageError::Decode(format!("day {days}")))
}

/// Schema 1 → 2: the walking skeleton's video requests become video production
/// campaigns, under the same ids, at the intake stage. The typed store name becomes who
/// placed the order and the notes become the needs, as the skeleton's form meant them.
fn campaign_from_video_request(v1: &VideoRequestV1) -> Result<Campaign, StorageError> {
    let requested_on = days_to_date(v1.requested_on_days)?;
    Ok(Campaign {
        title: v1.title.clone(),
        due_on: Some(days_to_date(v1.due_on_days)?),
        placed_by_name: v1.store.clone(),
        needs: Needs { wishes: v1.notes.clone(), policy: String::new(), budget_hint: String::new() },
        history: vec![HistoryEntry {
            seq: 1,
            on: requested_on,
            at_unix_ms: v1.created_at_unix_ms,
            user: UserId(0),
            person: PersonId(0),
            name: v1.store.clone(),
            role: Role::StoreManager,
            // The opening entry, by its stable name (never renamed).
            action: history::action_named("create")?,
            from: Stage::Intake,
            to: Stage::Intake,
            note: "由旧版影视制作申请迁移".into(),
            store: None,
        }],
        ..Campaign::blank(CampaignId(v1.id), CampaignType::VideoProduction, requested_on)
    })
}

pub(super) fn video_requests_to_campaigns(store: &Store) -> Result<(), StorageError> {
    let old = store.tree(tree::VIDEO_REQUESTS)?;
    let campaigns = store.tree(tree::CAMPAIGNS)?;
    loop {
        let batch: Vec<(sled::IVec, sled::IVec)> = old.iter().take(BATCH_SIZE).collect::<Result<_, _>>()?;
        if batch.is_empty() {
            return Ok(());
        }
        for (key, value) in batch {
            let v1 = decode_video_request_v1(&value)?;
            // A crash after the campaign's commit but before the removal leaves both:
            // the campaign under the same id proves this record was already moved.
            let moved = campaigns.get(id_key(v1.id))?.map(|b| decode_core(&b)).transpose()?.is_some();
            if !moved {
                store.write_campaign_for_migration(&campaign_from_video_request(&v1)?)?;
            }
            old.remove(key)?;
        }
        store.db().flush()?;
    }
}

/// Schema 5 → 6: every history entry not yet at [`history::LATEST_VERSION`] is written
/// again at it (its action by name), `batch` keys at a time, flushing after each batch.
/// Each entry is one key rewritten in place, so a crash mid-way leaves every entry whole
/// at one version or the other, and the next start rewrites only those still old.
/// Returns how many entries were rewritten.
pub(super) fn rewrite_history_entries(store: &Store, batch: usize) -> Result<usize, StorageError> {
    let entries = store.tree(tree::HISTORY)?;
    let mut rewritten = 0;
    let mut after: Option<sled::IVec> = None;
    loop {
        let range = match &after {
            Some(key) => entries.range::<&[u8], _>((Bound::Excluded(key.as_ref()), Bound::Unbounded)),
            None => entries.range::<&[u8], _>(..),
        };
        let page: Vec<(sled::IVec, sled::IVec)> = range.take(batch).collect::<Result<_, _>>()?;
        let Some((last, _)) = page.last() else { return Ok(rewritten) };
        after = Some(last.clone());
        for (key, value) in &page {
            if let Some(bytes) = history::upgraded(value)? {
                entries.insert(key, bytes)?;
                rewritten += 1;
            }
        }
        store.db().flush()?;
    }
}

/// Gives every item already stored a change-log entry, once: a database written before
/// the feed existed (or restored from such a backup) starts its feed with everything.
/// Runs at every start, after the migrations; a started log is left alone.
pub(super) fn start_change_log(store: &Store) -> Result<(), StorageError> {
    let changes = store.tree(tree::CHANGES)?;
    if changes::started(&changes)? {
        return Ok(());
    }
    let _exclusive = store.exclusive_guard();
    let mut items: Vec<(FeedKind, Vec<u8>, u64)> = Vec::new();
    for (kind, name) in [
        (FeedKind::Store, tree::STORES),
        (FeedKind::OrgUnit, tree::ORG_UNITS),
        (FeedKind::Position, tree::POSITIONS),
        (FeedKind::Person, tree::PEOPLE),
    ] {
        for item in store.tree(name)?.iter() {
            let (key, value) = item?;
            items.push((kind, key.to_vec(), stored_version(name, &value)?));
        }
    }
    for item in store.tree(tree::CAMPAIGNS)?.iter() {
        let (key, value) = item?;
        items.push((FeedKind::Campaign, key.to_vec(), decode_core(&value)?.campaign.version));
    }
    for item in store.tree(tree::STAFF_MONTHS)?.iter() {
        let (key, value) = item?;
        items.push((FeedKind::KpiMonth, key.to_vec(), u64::from(decode_staff_month(&value)?.rated)));
    }
    let head = changes::seed(&changes, &items)?;
    store.db().flush()?;
    if head > 0 {
        tracing::info!(items = head, "change feed started with every stored item");
    }
    Ok(())
}
