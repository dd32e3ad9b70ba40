//! Campaign persistence. A campaign is stored as a core record (`campaigns`), its
//! history (`campaign_history`, key id+seq) and its plan versions (`plan_versions`, key
//! id+number), plus the ratings by month, five index trees, its list row
//! (`campaign_listings`: lists decode only these) and the monthly count of ratings of
//! each staff member it rates (`kpi_staff_months`: the KPI report reads only these).
//! Every change is one transaction over all of them. History and plan versions are only
//! ever inserted under new keys: a write that would overwrite one is refused (R6).

use std::ops::Bound;

use chrono::{Datelike, NaiveDate};
use shared::campaign::{Campaign, CampaignType, HistoryEntry, Listing, Rating, Stage};
use shared::ids::{CampaignId, PersonId, StoreId};
use shared::kpi::{MonthCount, YearMonth};
use shared::plan::PlanVersion;
use sled::Transactional as _;

use super::changes::FeedKind;
use super::codec::{day_bytes, decode, id_key, id_seq_key, pair_key, trailing_id};
use super::notices::Effects;
use super::records::campaign::{decode_core, encode_core};
use super::records::listing::{decode_listing, encode_listing};
use super::records::staff_month::{decode_staff_month, encode_staff_month};
use super::records::{StoredHistoryEntry, StoredPlanVersion, plan_version, rating};
use super::tx::abort;
use super::{MAX_PAGE_SIZE, StorageError, Store, tree};

/// Index entries one page may skip over before it returns what it has.
const MAX_SCANNED_PER_PAGE: usize = 50_000;

/// The index trees of campaigns, each a set of keys that end in the campaign's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Index {
    /// Store id, campaign id.
    Store,
    /// Stage byte, campaign id.
    Stage,
    /// Assignee's person id, campaign id.
    Assignee,
    /// Start (or deadline) day, campaign id.
    Start,
    /// Attachment id, campaign id.
    File,
}

impl Index {
    pub(super) const ALL: [Index; 5] = [Index::Store, Index::Stage, Index::Assignee, Index::Start, Index::File];

    pub(super) fn tree_name(self) -> &'static str {
        match self {
            Index::Store => tree::BY_STORE,
            Index::Stage => tree::BY_STAGE,
            Index::Assignee => tree::BY_ASSIGNEE,
            Index::Start => tree::BY_START,
            Index::File => tree::BY_FILE,
        }
    }
}

/// Every tree a campaign's transaction writes, by name.
struct CampaignTrees {
    campaigns: sled::Tree,
    history: sled::Tree,
    plan_versions: sled::Tree,
    ratings: sled::Tree,
    by_store: sled::Tree,
    by_stage: sled::Tree,
    by_assignee: sled::Tree,
    by_start: sled::Tree,
    by_file: sled::Tree,
    notifications: sled::Tree,
    deliveries: sled::Tree,
    listings: sled::Tree,
    staff_months: sled::Tree,
    changes: sled::Tree,
}

impl CampaignTrees {
    fn open(store: &Store) -> Result<Self, StorageError> {
        Ok(CampaignTrees {
            campaigns: store.tree(tree::CAMPAIGNS)?,
            history: store.tree(tree::HISTORY)?,
            plan_versions: store.tree(tree::PLAN_VERSIONS)?,
            ratings: store.tree(tree::RATINGS)?,
            by_store: store.tree(tree::BY_STORE)?,
            by_stage: store.tree(tree::BY_STAGE)?,
            by_assignee: store.tree(tree::BY_ASSIGNEE)?,
            by_start: store.tree(tree::BY_START)?,
            by_file: store.tree(tree::BY_FILE)?,
            notifications: store.tree(tree::NOTIFICATIONS)?,
            deliveries: store.tree(tree::DELIVERIES)?,
            listings: store.tree(tree::LISTINGS)?,
            staff_months: store.tree(tree::STAFF_MONTHS)?,
            changes: store.tree(tree::CHANGES)?,
        })
    }
}

fn stage_byte(stage: Stage) -> u8 {
    Stage::ALL.iter().position(|s| *s == stage).and_then(|i| u8::try_from(i).ok()).unwrap_or(u8::MAX)
}

fn days(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

/// The date a campaign is filed under in the date index: when it starts, or its deadline.
fn index_date(campaign: &Campaign) -> Option<NaiveDate> {
    campaign.starts_on.or(campaign.due_on)
}

/// Every index entry of a campaign, as (index, key).
pub(super) fn index_keys(campaign: &Campaign) -> Vec<(Index, Vec<u8>)> {
    let id = campaign.id.0;
    let mut keys: Vec<(Index, Vec<u8>)> =
        campaign.stores.iter().map(|s| (Index::Store, pair_key(s.0, id).to_vec())).collect();
    let mut stage = vec![stage_byte(campaign.stage)];
    stage.extend_from_slice(&id_key(id));
    keys.push((Index::Stage, stage));
    if let Some(person) = campaign.assignee {
        keys.push((Index::Assignee, pair_key(person.0, id).to_vec()));
    }
    if let Some(date) = index_date(campaign) {
        let mut key = day_bytes(days(date)).to_vec();
        key.extend_from_slice(&id_key(id));
        keys.push((Index::Start, key));
    }
    keys.extend(campaign.referenced_files().into_iter().map(|file| (Index::File, pair_key(file.0, id).to_vec())));
    keys
}

/// Version 1 history entries did not name their store. In a campaign of one store, the
/// entries about a store (its manager's, and the per-store actions) are about that one.
fn fill_in_history_stores(campaign: &mut Campaign) {
    let [only] = campaign.stores[..] else { return };
    for entry in campaign.history.iter_mut().filter(|e| e.store.is_none()) {
        if super::records::history::is_about_a_store(entry) {
            entry.store = Some(only);
        }
    }
}

fn rating_key(campaign: CampaignId, rating: &Rating) -> Vec<u8> {
    let month = YearMonth::of(rating.on);
    let yyyymm = u32::try_from(month.year).unwrap_or(0) * 100 + month.month;
    let mut key = yyyymm.to_be_bytes().to_vec();
    key.extend_from_slice(&pair_key(campaign.0, rating.store.0));
    key
}

/// The first and last months any key can name.
const FIRST_MONTH: YearMonth = YearMonth { year: 0, month: 1 };
pub(super) const LAST_MONTH: YearMonth = YearMonth { year: 9999, month: 12 };

/// Staff members' monthly counts, in order of staff then month.
pub type StaffMonths = Vec<((PersonId, YearMonth), MonthCount)>;

/// The key of a staff member's month: person id, then year × 100 + month.
pub(super) fn staff_month_key(person: PersonId, month: YearMonth) -> [u8; 12] {
    let yyyymm = u32::try_from(month.year).unwrap_or(0) * 100 + month.month;
    let mut key = [0u8; 12];
    key[..8].copy_from_slice(&id_key(person.0));
    key[8..].copy_from_slice(&yyyymm.to_be_bytes());
    key
}

pub(super) fn month_of_key(key: &[u8]) -> Result<(PersonId, YearMonth), StorageError> {
    let bad = || StorageError::Decode("a staff month key".into());
    let person: [u8; 8] = key.get(..8).and_then(|k| k.try_into().ok()).ok_or_else(bad)?;
    let yyyymm: [u8; 4] = key.get(8..12).and_then(|k| k.try_into().ok()).ok_or_else(bad)?;
    let yyyymm = u32::from_be_bytes(yyyymm);
    let month = YearMonth { year: i32::try_from(yyyymm / 100).map_err(|_| bad())?, month: yyyymm % 100 };
    Ok((PersonId(u64::from_be_bytes(person)), month))
}

/// A list row's key: the campaign id with every bit flipped, so that a forward scan (which
/// sled does several times faster than a backward one) lists the newest campaign first.
pub(super) fn listing_key(id: CampaignId) -> [u8; 8] {
    id_key(!id.0)
}

/// A test a list row must pass that storage does not know how to make (the campaign's
/// clock: late or at risk today).
pub type RowTest = std::sync::Arc<dyn Fn(&Listing) -> bool + Send + Sync>;

/// What to list. All fields narrow the result; `None` means any.
#[derive(Clone, Default)]
pub struct CampaignFilter {
    pub kind: Option<CampaignType>,
    pub stage: Option<Stage>,
    pub store: Option<StoreId>,
    pub assignee: Option<PersonId>,
    /// Campaigns whose start (or deadline) is on or after this day.
    pub from: Option<NaiveDate>,
    /// ... and on or before this day.
    pub to: Option<NaiveDate>,
    /// Only rows that pass this test.
    pub test: Option<RowTest>,
    /// Only campaigns visible to this store manager (R5), applied by the caller's role.
    pub visible_to_store: Option<StoreId>,
}

impl CampaignFilter {
    fn matches(&self, c: &Listing) -> bool {
        let date = c.starts_on.or(c.due_on);
        self.kind.is_none_or(|k| c.kind == k)
            && self.stage.is_none_or(|s| c.stage == s)
            && self.store.is_none_or(|s| c.has_store(s))
            && self.visible_to_store.is_none_or(|s| c.has_store(s))
            && self.assignee.is_none_or(|p| c.assignee == Some(p))
            && self.from.is_none_or(|from| date.is_some_and(|d| d >= from))
            && self.to.is_none_or(|to| date.is_some_and(|d| d <= to))
            && self.test.as_ref().is_none_or(|test| test(c))
    }
}

/// One page of list rows and where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignPage {
    pub items: Vec<Listing>,
    pub next_cursor: Option<String>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || text.len() > 64 {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

impl Store {
    /// Stores a newly opened campaign.
    pub async fn insert_campaign(&self, campaign: &Campaign) -> Result<(), StorageError> {
        self.insert_campaign_with(campaign, &Effects::default()).await
    }

    /// Stores a newly opened campaign with the notifications and deliveries it causes,
    /// in one transaction.
    pub async fn insert_campaign_with(&self, campaign: &Campaign, effects: &Effects) -> Result<(), StorageError> {
        self.write_campaign(None, campaign, effects)?;
        self.durable().await
    }

    /// Stores `next`, the result of an action on `prev` (as it was read). Refuses it if
    /// the stored campaign is no longer `prev`'s version (another action got there
    /// first), and refuses any rewrite of history or plan versions (R6).
    pub async fn update_campaign(&self, prev: &Campaign, next: &Campaign) -> Result<(), StorageError> {
        self.update_campaign_with(prev, next, &Effects::default()).await
    }

    /// As [`Store::update_campaign`], with the notifications and deliveries the action
    /// causes written in the same transaction: all of them, or nothing.
    pub async fn update_campaign_with(
        &self,
        prev: &Campaign,
        next: &Campaign,
        effects: &Effects,
    ) -> Result<(), StorageError> {
        if next.id != prev.id
            || shared::rules::check_history_append_only(&prev.history, &next.history).is_err()
            || next.plan_versions.len() < prev.plan_versions.len()
            || next.plan_versions[..prev.plan_versions.len()] != prev.plan_versions[..]
            || next.ratings.len() < prev.ratings.len()
        {
            return Err(StorageError::HistoryRewrite);
        }
        self.write_campaign(Some(prev), next, effects)?;
        self.durable().await
    }

    pub(super) fn write_campaign_for_migration(&self, campaign: &Campaign) -> Result<(), StorageError> {
        self.write_campaign(None, campaign, &Effects::default())
    }

    fn write_campaign(&self, prev: Option<&Campaign>, next: &Campaign, effects: &Effects) -> Result<(), StorageError> {
        let id = next.id.0;
        let super::notices::EncodedEffects { notifications, deliveries, removed } = effects.encoded()?;
        let trees = CampaignTrees::open(self)?;
        let core_bytes = encode_core(next)?;
        // Only what the action added is encoded and written: the rest is already stored.
        let (old_history, old_plans, old_ratings) =
            prev.map_or((0, 0, 0), |p| (p.history.len(), p.plan_versions.len(), p.ratings.len()));
        let history: Vec<(u32, Vec<u8>)> = next.history[old_history.min(next.history.len())..]
            .iter()
            .map(|e| Ok((e.seq, super::records::history::encode(e)?)))
            .collect::<Result<_, StorageError>>()?;
        let plans: Vec<(u32, Vec<u8>)> = next.plan_versions[old_plans.min(next.plan_versions.len())..]
            .iter()
            .map(|v| Ok((v.number, plan_version::encode(v)?)))
            .collect::<Result<_, StorageError>>()?;
        let ratings: Vec<(Vec<u8>, Vec<u8>)> = next.ratings[old_ratings.min(next.ratings.len())..]
            .iter()
            .map(|r| Ok((rating_key(next.id, r), rating::encode(next.id, r)?)))
            .collect::<Result<_, StorageError>>()?;
        let new_index = index_keys(next);
        let listing = encode_listing(&Listing::of(next))?;
        // What the new ratings add to each staff member's month (R7).
        let added = shared::kpi::count_months(&next.ratings[old_ratings.min(next.ratings.len())..]);
        let added: Vec<([u8; 12], MonthCount)> =
            added.into_iter().map(|((person, month), count)| (staff_month_key(person, month), count)).collect();

        let _gate = self.write_guard();
        let CampaignTrees {
            campaigns,
            history: history_tree,
            plan_versions,
            ratings: ratings_tree,
            by_store,
            by_stage,
            by_assignee,
            by_start,
            by_file,
            notifications: notifications_tree,
            deliveries: deliveries_tree,
            listings,
            staff_months,
            changes,
        } = &trees;
        (
            campaigns,
            history_tree,
            plan_versions,
            ratings_tree,
            by_store,
            by_stage,
            by_assignee,
            by_start,
            by_file,
            notifications_tree,
            deliveries_tree,
            listings,
            staff_months,
            changes,
        )
            .transaction(
                |(
                    campaigns,
                    history_tree,
                    plan_versions,
                    ratings_tree,
                    by_store,
                    by_stage,
                    by_assignee,
                    by_start,
                    by_file,
                    notifications_tree,
                    deliveries_tree,
                    listings,
                    staff_months,
                    changes,
                )| {
                    let index = |which: Index| match which {
                        Index::Store => by_store,
                        Index::Stage => by_stage,
                        Index::Assignee => by_assignee,
                        Index::Start => by_start,
                        Index::File => by_file,
                    };
                    let current = campaigns.get(id_key(id))?.map(|b| decode_core(&b)).transpose().map_err(abort)?;
                    match (prev, &current) {
                        (None, None) => {}
                        (None, Some(_)) => return Err(abort(StorageError::AlreadyExists)),
                        (Some(_), None) => return Err(abort(StorageError::NotFound)),
                        (Some(prev), Some(found)) => {
                            if found.campaign.version != prev.version {
                                return Err(abort(StorageError::Conflict { current: found.campaign.version }));
                            }
                            if found.history_len as usize != old_history
                                || found.plan_versions_len as usize != old_plans
                            {
                                return Err(abort(StorageError::HistoryRewrite));
                            }
                            for (tree, key) in index_keys(&found.campaign) {
                                index(tree).remove(key)?;
                            }
                        }
                    }
                    for (seq, bytes) in &history {
                        if history_tree.insert(&id_seq_key(id, *seq), bytes.clone())?.is_some() {
                            return Err(abort(StorageError::HistoryRewrite));
                        }
                    }
                    for (number, bytes) in &plans {
                        if plan_versions.insert(&id_seq_key(id, *number), bytes.clone())?.is_some() {
                            return Err(abort(StorageError::HistoryRewrite));
                        }
                    }
                    for (key, bytes) in &ratings {
                        ratings_tree.insert(key.clone(), bytes.clone())?;
                    }
                    for (tree, key) in &new_index {
                        index(*tree).insert(key.clone(), &[])?;
                    }
                    for key in &removed {
                        notifications_tree.remove(key.clone())?;
                    }
                    for (key, bytes) in &notifications {
                        notifications_tree.insert(key.clone(), bytes.clone())?;
                    }
                    for (key, bytes) in &deliveries {
                        deliveries_tree.insert(key.clone(), bytes.clone())?;
                    }
                    for (key, more) in &added {
                        let mut count = staff_months
                            .get(key)?
                            .map(|b| decode_staff_month(&b))
                            .transpose()
                            .map_err(abort)?
                            .unwrap_or_default();
                        count.rated = count.rated.saturating_add(more.rated);
                        count.satisfied = count.satisfied.saturating_add(more.satisfied);
                        staff_months.insert(key, encode_staff_month(&count).map_err(abort)?)?;
                        super::changes::record(changes, FeedKind::KpiMonth, key, u64::from(count.rated))?;
                    }
                    listings.insert(&listing_key(next.id), listing.clone())?;
                    campaigns.insert(&id_key(id), core_bytes.clone())?;
                    super::changes::record(changes, FeedKind::Campaign, &id_key(id), next.version)?;
                    Ok(())
                },
            )?;
        Ok(())
    }

    /// The list rows of every campaign in a stage `wanted` accepts. The morning digest
    /// sifts these and loads whole campaigns only for the few it tells about: loading
    /// every open campaign at once held hundreds of megabytes at 100,000 campaigns.
    pub fn listings_in_stages(&self, wanted: impl Fn(Stage) -> bool) -> Result<Vec<Listing>, StorageError> {
        let index = self.tree(tree::BY_STAGE)?;
        let rows = self.tree(tree::LISTINGS)?;
        let mut out = Vec::new();
        for stage in Stage::ALL.into_iter().filter(|s| wanted(*s)) {
            for key in index.scan_prefix([stage_byte(stage)]).keys() {
                if let Some(bytes) = rows.get(listing_key(CampaignId(trailing_id(&key?)?)))? {
                    out.push(decode_listing(&bytes)?);
                }
            }
        }
        Ok(out)
    }

    /// A campaign with its whole history and every plan version, as one version: the
    /// core record is read first and names how many history entries and plan versions
    /// belong to it; exactly those are read. They were committed with or before that core
    /// (one transaction each, and every single read sees a transaction whole), and are
    /// never changed or removed, so entries that a writer appends meanwhile (keys past
    /// the counts) are simply not read: a read never straddles a commit.
    pub fn get_campaign(&self, id: CampaignId) -> Result<Option<Campaign>, StorageError> {
        let Some(bytes) = self.tree(tree::CAMPAIGNS)?.get(id_key(id.0))? else {
            return Ok(None);
        };
        let core = decode_core(&bytes)?;
        let mut campaign = core.campaign;
        campaign.history =
            self.children(tree::HISTORY, id, core.history_len, |e: StoredHistoryEntry| HistoryEntry::try_from(e))?;
        campaign.plan_versions =
            self.children(tree::PLAN_VERSIONS, id, core.plan_versions_len, |v: StoredPlanVersion| {
                Ok(PlanVersion::from(v))
            })?;
        if campaign.history.len() != core.history_len as usize
            || campaign.plan_versions.len() != core.plan_versions_len as usize
        {
            return Err(StorageError::Decode(format!("campaign {id}: history or plan versions incomplete")));
        }
        fill_in_history_stores(&mut campaign);
        Ok(Some(campaign))
    }

    /// The campaigns that refer to a file (from the file index).
    pub fn campaigns_referencing(&self, file: shared::ids::AttachmentId) -> Result<Vec<CampaignId>, StorageError> {
        self.tree(tree::BY_FILE)?
            .scan_prefix(id_key(file.0))
            .keys()
            .take(MAX_PAGE_SIZE)
            .map(|key| Ok(CampaignId(trailing_id(&key?)?)))
            .collect()
    }

    /// Calls `each` on every stored campaign (without history and plan versions), `batch`
    /// at a time, flushing after each batch: a migration that stops part-way starts again
    /// and redoes what it did (each step only writes what it would write anyway).
    fn for_each_campaign_in_batches(
        &self,
        batch: usize,
        mut each: impl FnMut(&Campaign) -> Result<(), StorageError>,
    ) -> Result<usize, StorageError> {
        let campaigns = self.tree(tree::CAMPAIGNS)?;
        let mut done = 0;
        let mut after: Option<sled::IVec> = None;
        loop {
            let range = match &after {
                Some(key) => campaigns.range::<&[u8], _>((Bound::Excluded(key.as_ref()), Bound::Unbounded)),
                None => campaigns.range::<&[u8], _>(..),
            };
            let page: Vec<(sled::IVec, sled::IVec)> = range.take(batch).collect::<Result<_, _>>()?;
            let Some((last, _)) = page.last() else { return Ok(done) };
            after = Some(last.clone());
            for (_, value) in &page {
                each(&decode_core(value)?.campaign)?;
                done += 1;
            }
            self.db().flush()?;
        }
    }

    /// Adds the file index entries of every stored campaign (the migration to schema 3);
    /// entries already there are written again unchanged.
    pub(super) fn index_files_of_all_campaigns(&self, batch: usize) -> Result<usize, StorageError> {
        let by_file = self.tree(tree::BY_FILE)?;
        self.for_each_campaign_in_batches(batch, |campaign| {
            for (index, key) in index_keys(campaign) {
                if index == Index::File {
                    by_file.insert(key, &[])?;
                }
            }
            Ok(())
        })
    }

    /// The first `count` children of a campaign in key order (history entries by `seq`,
    /// plan versions by `number`): exactly the ones its core record counts. A write only
    /// ever adds children under higher numbers, so one added after that core sorts after
    /// them and is not read.
    fn children<S: serde::de::DeserializeOwned, T>(
        &self,
        name: &str,
        id: CampaignId,
        count: u32,
        unwrap: impl Fn(S) -> Result<T, StorageError>,
    ) -> Result<Vec<T>, StorageError> {
        self.tree(name)?
            .scan_prefix(id_key(id.0))
            .values()
            .take(count as usize)
            .map(|bytes| unwrap(decode::<S>(&bytes?)?))
            .collect()
    }

    /// How many campaigns there are.
    pub fn campaign_count(&self) -> Result<usize, StorageError> {
        Ok(self.tree(tree::CAMPAIGNS)?.len())
    }

    /// Campaigns matching `filter`, newest first (or by date when a date range is given),
    /// `limit` at a time (capped at [`MAX_PAGE_SIZE`]). `cursor` is a previous page's
    /// `next_cursor`.
    pub fn list_campaigns(
        &self,
        filter: &CampaignFilter,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<CampaignPage, StorageError> {
        let limit = limit.clamp(1, MAX_PAGE_SIZE);
        let cursor = match cursor {
            Some(text) => Some(unhex(text).ok_or_else(|| StorageError::Invalid("cursor".into()))?),
            None => None,
        };
        let campaigns = self.tree(tree::LISTINGS)?;
        // Pick the narrowest index the filter allows; with none, the rows themselves, whose
        // keys sort newest first.
        let mut is_main = false;
        let (index, prefix, ascending) = if let Some(store) = filter.store.or(filter.visible_to_store) {
            (self.tree(tree::BY_STORE)?, id_key(store.0).to_vec(), false)
        } else if let Some(person) = filter.assignee {
            (self.tree(tree::BY_ASSIGNEE)?, id_key(person.0).to_vec(), false)
        } else if let Some(stage) = filter.stage {
            (self.tree(tree::BY_STAGE)?, vec![stage_byte(stage)], false)
        } else if filter.from.is_some() || filter.to.is_some() {
            (self.tree(tree::BY_START)?, Vec::new(), true)
        } else {
            is_main = true;
            (campaigns.clone(), Vec::new(), false)
        };
        let entries: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> = if is_main {
            // A list row's key has its top bit set (ids stay below 2^63); a cursor without
            // it was made by a release before schema 4, and would start the list over.
            if cursor.as_ref().is_some_and(|c| c.first().is_none_or(|b| *b < 0x80)) {
                return Err(StorageError::Invalid("cursor".into()));
            }
            let start = match &cursor {
                Some(after) => Bound::Excluded(after.clone()),
                None => Bound::Unbounded,
            };
            Box::new(index.range::<Vec<u8>, _>((start, Bound::Unbounded)))
        } else if ascending {
            let start = match (&cursor, filter.from) {
                (Some(after), _) => Bound::Excluded(after.clone()),
                (None, Some(from)) => Bound::Included(day_bytes(days(from)).to_vec()),
                (None, None) => Bound::Unbounded,
            };
            Box::new(index.range::<Vec<u8>, _>((start, Bound::Unbounded)))
        } else {
            let mut end = prefix.clone();
            // Everything under the prefix sorts before the prefix followed by 0xFF bytes.
            end.extend_from_slice(&[0xFF; 16]);
            let upper = match &cursor {
                Some(before) => Bound::Excluded(before.clone()),
                None => Bound::Included(end),
            };
            Box::new(index.range::<Vec<u8>, _>((Bound::Included(prefix.clone()), upper)).rev())
        };
        let to_bound = filter.to.map(|to| day_bytes(days(to)));
        let mut items = Vec::new();
        let mut last_key = None;
        let mut more = false;
        for (scanned, entry) in entries.enumerate() {
            let (key, value) = entry?;
            if scanned >= MAX_SCANNED_PER_PAGE {
                more = true;
                break;
            }
            if ascending && to_bound.is_some_and(|to| key.len() >= 4 && key[..4] > to[..]) {
                break;
            }
            let bytes =
                if is_main { Some(value) } else { campaigns.get(listing_key(CampaignId(trailing_id(&key)?)))? };
            last_key = Some(key.to_vec());
            let Some(bytes) = bytes else { continue };
            let row = decode_listing(&bytes)?;
            if filter.matches(&row) {
                items.push(row);
                if items.len() == limit {
                    more = true;
                    break;
                }
            }
        }
        let next_cursor = if more { last_key.map(|k| hex(&k)) } else { None };
        Ok(CampaignPage { items, next_cursor })
    }

    /// Each staff member's rated months up to `to`, from the first (R7's streaks need them
    /// all), in order of staff then month: everyone's, or one person's.
    pub fn staff_months(&self, to: YearMonth, only: Option<PersonId>) -> Result<StaffMonths, StorageError> {
        let tree = self.tree(tree::STAFF_MONTHS)?;
        let entries = match only {
            Some(person) => tree.scan_prefix(id_key(person.0)),
            None => tree.iter(),
        };
        let mut out = Vec::new();
        for entry in entries {
            let (key, value) = entry?;
            let (person, month) = month_of_key(&key)?;
            if month <= to {
                out.push(((person, month), decode_staff_month(&value)?));
            }
        }
        Ok(out)
    }

    /// The staff member and month a change entry's key names, with what R7's flags for
    /// that month need (`kpi_months` for that month alone).
    pub fn kpi_month_of_key(&self, key: &[u8]) -> Result<(PersonId, YearMonth, StaffMonths), StorageError> {
        let (person, month) = month_of_key(key)?;
        Ok((person, month, self.kpi_months(month, month, Some(person))?))
    }

    /// What the KPI report for the months `from..=to` needs, in order of staff then month:
    /// each staff member's months in the window, preceded by the run of below-half months
    /// just before it (R7's streak at `from` depends on those and nothing earlier).
    /// Everyone's, or one person's. Seeks from staff member to staff member, so it reads
    /// staff × (window + streak) records, not every month on file.
    pub fn kpi_months(
        &self,
        from: YearMonth,
        to: YearMonth,
        only: Option<PersonId>,
    ) -> Result<StaffMonths, StorageError> {
        let tree = self.tree(tree::STAFF_MONTHS)?;
        let mut out = Vec::new();
        let mut next = Some(only.map_or(0, |p| p.0));
        while let Some(at) = next {
            let Some(entry) = tree.range(id_key(at).to_vec()..).next() else { break };
            let (person, _) = month_of_key(&entry?.0)?;
            if only.is_some_and(|p| p != person) {
                break;
            }
            let mut before = Vec::new();
            for entry in tree.range(staff_month_key(person, FIRST_MONTH)..staff_month_key(person, from)).rev() {
                let (key, value) = entry?;
                let count = decode_staff_month(&value)?;
                if !shared::kpi::below_half(count.satisfied, count.rated) {
                    break;
                }
                before.push((month_of_key(&key)?, count));
            }
            out.extend(before.into_iter().rev());
            for entry in tree.range(staff_month_key(person, from)..=staff_month_key(person, to)) {
                let (key, value) = entry?;
                out.push((month_of_key(&key)?, decode_staff_month(&value)?));
            }
            next = if only.is_some() { None } else { person.0.checked_add(1) };
        }
        Ok(out)
    }

    /// Writes every campaign's list row again and counts every staff member's months
    /// again from the ratings (the migration to schema 4), in flushed batches.
    pub(super) fn rebuild_listings_and_staff_months(&self, batch: usize) -> Result<usize, StorageError> {
        let listings = self.tree(tree::LISTINGS)?;
        let done = self.for_each_campaign_in_batches(batch, |campaign| {
            listings.insert(listing_key(campaign.id), encode_listing(&Listing::of(campaign))?)?;
            Ok(())
        })?;
        let months = self.tree(tree::STAFF_MONTHS)?;
        months.clear()?;
        for ((person, month), count) in self.count_staff_months()? {
            months.insert(staff_month_key(person, month), encode_staff_month(&count)?)?;
        }
        self.db().flush()?;
        Ok(done)
    }

    /// Each staff member's monthly counts as the stored ratings add them up (what
    /// `kpi_staff_months` must hold), in the same order as [`Store::staff_months`].
    pub(super) fn count_staff_months(&self) -> Result<StaffMonths, StorageError> {
        let ratings = self.ratings_between(FIRST_MONTH, LAST_MONTH)?;
        Ok(shared::kpi::count_months(ratings.iter().map(|(_, r)| r)).into_iter().collect())
    }

    /// Every rating given in the months `from..=to`, with its campaign (R7).
    pub fn ratings_between(&self, from: YearMonth, to: YearMonth) -> Result<Vec<(CampaignId, Rating)>, StorageError> {
        let key = |m: YearMonth| (u32::try_from(m.year).unwrap_or(0) * 100 + m.month).to_be_bytes();
        let mut end = key(to).to_vec();
        end.extend_from_slice(&[0xFF; 16]);
        self.tree(tree::RATINGS)?
            .range(key(from).to_vec()..=end)
            .values()
            .map(|bytes| rating::decode_rating(&bytes?))
            .collect()
    }
}
