//! Storage tests on real sled in temporary directories.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use shared::calendar::{Calendar, YearCalendar};
use shared::campaign::{Campaign, CampaignType, HistoryEntry, Rating, Stage};
use shared::ids::{CampaignId, PersonId, StoreId, UserId};
use shared::intake::{NewCampaign, create_campaign};
use shared::org::{Actor, Coverage, Person, Province, Role, Store as StoreRecord, StoreStatus};
use shared::plan::PlanVersion;
use shared::workflow::{Action, Context, apply};

use super::records::history::{self, HistoryEntryV2, HistoryEntryV3, HistoryEntryV4};
use super::records::idempotent::{IdempotentResponseV1, IdempotentResponseV2};
use super::records::{
    AttachmentMetaV1, AuditEntryV1, OrgUnitV1, PersonV1, PositionV1, SessionRecordV1, StoreV1, UserRecordV1,
    YearCalendarV1,
};
use super::v1::{CampaignV1, HistoryEntryV1, PlanVersionV1, RatingV1};
use super::*;
use shared::workflow::{Cancel, CompleteNeeds, RecordNeeds, StartNeeds};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn planner() -> Actor {
    Actor { user: UserId(1), person: PersonId(1), name: "曹雪".into(), role: Role::Planning, store: None }
}

fn audit() -> AuditEntry {
    AuditEntry { at_unix_ms: 0, user: UserId(1), action: "test".into(), target: String::new() }
}

fn new_campaign(id: u64, store: u64) -> Campaign {
    let calendar = Calendar::china_official();
    let ctx = Context {
        today: today(),
        now_unix_ms: 1,
        calendar: &calendar,
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let mut form = NewCampaign::empty(CampaignType::StoreSpecific);
    form.title = format!("活动 {id}");
    form.stores = vec![StoreId(store)];
    form.starts_on = "2026-04-01".into();
    form.ends_on = "2026-04-03".into();
    create_campaign(CampaignId(id), &form, &planner(), &ctx, &Coverage::default(), &|_| true).unwrap()
}

fn advance(campaign: &Campaign, action: Action) -> Campaign {
    let calendar = Calendar::china_official();
    let ctx = Context {
        today: today(),
        now_unix_ms: 2,
        calendar: &calendar,
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    apply(campaign, action, &planner(), &ctx).unwrap().campaign
}

fn open(dir: &std::path::Path) -> Store {
    Store::open(dir, StoreOptions { cache_capacity_bytes: 8 * 1024 * 1024, ..StoreOptions::default() }).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_concurrent_writers_all_succeed_and_all_rows_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let writers: Vec<_> = (1..=64)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move { store.insert_campaign(&new_campaign(n, n % 5)).await })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap().unwrap();
    }
    drop(store);
    let reopened = open(dir.path());
    assert_eq!(reopened.campaign_count().unwrap(), 64);
    for n in 1..=64 {
        assert_eq!(reopened.get_campaign(CampaignId(n)).unwrap().unwrap(), new_campaign(n, n % 5));
    }
    assert!(reopened.check().unwrap().is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_change_log_follows_commit_order_keeps_one_entry_per_item_and_takes_the_clock_in() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    // Sixteen writers at once: every sequence number once, no gaps.
    let writers: Vec<_> = (1..=16)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move { store.insert_campaign(&new_campaign(n, n % 3)).await })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap().unwrap();
    }
    let (entries, head) = store.changes_after(0, 100).unwrap();
    assert_eq!(head, 16);
    assert_eq!(entries.iter().map(|e| e.seq).collect::<Vec<_>>(), (1..=16).collect::<Vec<_>>());
    // An item that changes again keeps one entry, the newest.
    let campaign = store.get_campaign(CampaignId(3)).unwrap().unwrap();
    let next = advance(&campaign, Action::StartNeeds(StartNeeds {}));
    store.update_campaign(&campaign, &next).await.unwrap();
    let (entries, head) = store.changes_after(0, 100).unwrap();
    assert_eq!((entries.len(), head), (16, 17));
    let last = entries.last().unwrap();
    assert_eq!((last.seq, last.kind, last.version), (17, FeedKind::Campaign, next.version));
    // A stage newly told late (the morning digest) puts the campaign on the feed again.
    let mut effects = notices::Effects::default();
    effects.told.push(Store::schedule_told_key(next.id, next.stage, today(), Told::Late));
    store.write_digest(&effects, today()).await.unwrap();
    let (told, head) = store.changes_after(17, 100).unwrap();
    assert_eq!(head, 18);
    assert_eq!(
        told.iter().map(|e| (e.seq, e.key.clone())).collect::<Vec<_>>(),
        vec![(18, super::codec::id_key(3).to_vec())]
    );
    // A reopened store goes on from where it was.
    drop(store);
    let store = open(dir.path());
    assert_eq!(store.changes_head().unwrap(), 18);
}

#[tokio::test]
async fn two_updates_from_the_same_version_one_wins_and_the_other_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let campaign = new_campaign(1, 1);
    store.insert_campaign(&campaign).await.unwrap();
    let first = advance(&campaign, Action::StartNeeds(StartNeeds {}));
    let second = advance(&campaign, Action::Cancel(Cancel { reason: "门店撤单".into() }));
    store.update_campaign(&campaign, &first).await.unwrap();
    let lost = store.update_campaign(&campaign, &second).await;
    assert!(matches!(lost, Err(StorageError::Conflict { current: 2 })), "{lost:?}");
    assert_eq!(store.get_campaign(campaign.id).unwrap().unwrap(), first);
}

#[tokio::test]
async fn a_write_that_shortens_history_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let campaign = new_campaign(1, 1);
    store.insert_campaign(&campaign).await.unwrap();
    let next = advance(&campaign, Action::StartNeeds(StartNeeds {}));
    store.update_campaign(&campaign, &next).await.unwrap();
    let mut rewritten = advance(&next, Action::CompleteNeeds(CompleteNeeds {}));
    rewritten.history.remove(1);
    assert!(matches!(store.update_campaign(&next, &rewritten).await, Err(StorageError::HistoryRewrite)));
    let mut edited = advance(&next, Action::CompleteNeeds(CompleteNeeds {}));
    edited.history[0].note = "改写".into();
    assert!(matches!(store.update_campaign(&next, &edited).await, Err(StorageError::HistoryRewrite)));
    assert_eq!(store.get_campaign(campaign.id).unwrap().unwrap().history, next.history);
}

#[tokio::test]
async fn indexes_follow_updates_and_pages_cover_every_match_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    for n in 1..=30 {
        let campaign = new_campaign(n, n % 3);
        store.insert_campaign(&campaign).await.unwrap();
        if n % 2 == 0 {
            store.update_campaign(&campaign, &advance(&campaign, Action::StartNeeds(StartNeeds {}))).await.unwrap();
        }
    }
    let mut seen = Vec::new();
    let mut cursor = None;
    let filter = CampaignFilter { store: Some(StoreId(1)), ..CampaignFilter::default() };
    loop {
        let page = store.list_campaigns(&filter, cursor.as_deref(), 4).unwrap();
        seen.extend(page.items.iter().map(|c| c.id.0));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let expected: Vec<u64> = (1..=30).rev().filter(|n| n % 3 == 1).collect();
    assert_eq!(seen, expected);

    let needs = CampaignFilter { stage: Some(Stage::Needs), ..CampaignFilter::default() };
    let page = store.list_campaigns(&needs, None, 100).unwrap();
    assert_eq!(page.items.len(), 15);
    assert!(page.next_cursor.is_none());
    let intake = CampaignFilter { stage: Some(Stage::Intake), store: Some(StoreId(2)), ..CampaignFilter::default() };
    let page = store.list_campaigns(&intake, None, 100).unwrap();
    let expected: Vec<u64> = (1..=30).rev().filter(|n| n % 3 == 2 && n % 2 == 1).collect();
    assert_eq!(page.items.iter().map(|c| c.id.0).collect::<Vec<_>>(), expected);
    let dated = CampaignFilter {
        from: Some(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()),
        to: Some(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()),
        ..CampaignFilter::default()
    };
    assert_eq!(store.list_campaigns(&dated, None, 200).unwrap().items.len(), 30);
    assert!(store.check().unwrap().is_ok());
}

fn rated(campaign: &Campaign, satisfied: bool, on: NaiveDate, staff: &[u64]) -> Campaign {
    let mut next = campaign.clone();
    next.version += 1;
    next.ratings.push(Rating {
        store: campaign.stores[0],
        satisfied,
        comment: String::new(),
        by: PersonId(99),
        on,
        staff: staff.iter().copied().map(PersonId).collect(),
    });
    next
}

#[tokio::test]
async fn list_rows_and_monthly_counts_are_written_with_the_campaign_and_only_then() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let march = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    let april = NaiveDate::from_ymd_opt(2026, 4, 10).unwrap();
    let mut all = Vec::new();
    for n in 1..=6 {
        let campaign = new_campaign(n, n);
        store.insert_campaign(&campaign).await.unwrap();
        let started = advance(&campaign, Action::StartNeeds(StartNeeds {}));
        store.update_campaign(&campaign, &started).await.unwrap();
        // A rating naming staff 7 twice counts once for them.
        let once = rated(&started, n % 2 == 0, if n <= 3 { march } else { april }, &[7, 8, 7]);
        store.update_campaign(&started, &once).await.unwrap();
        all.push(once);
    }
    // Every row is the row its campaign makes, as it is now.
    let page = store.list_campaigns(&CampaignFilter::default(), None, 100).unwrap();
    let mut expected: Vec<shared::campaign::Listing> = all.iter().map(shared::campaign::Listing::of).collect();
    expected.reverse();
    assert_eq!(page.items, expected);
    assert_eq!(page.items[0].stage, Stage::Needs);
    // The counts are what the ratings add up to.
    let ratings: Vec<Rating> = all.iter().flat_map(|c| c.ratings.clone()).collect();
    let counted: Vec<_> = shared::kpi::count_months(&ratings).into_iter().collect();
    let stored = store.staff_months(shared::kpi::YearMonth { year: 2026, month: 12 }, None).unwrap();
    assert_eq!(stored, counted);
    assert_eq!(stored.len(), 4, "two staff × two months: {stored:?}");
    assert_eq!(stored[0].1, shared::kpi::MonthCount { rated: 3, satisfied: 1 });
    let only_8 = store.staff_months(shared::kpi::YearMonth { year: 2026, month: 3 }, Some(PersonId(8))).unwrap();
    assert_eq!(
        only_8.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        vec![(PersonId(8), shared::kpi::YearMonth::of(march))]
    );

    // A write that loses its race changes neither.
    let stale = rated(&all[0], true, april, &[7]);
    let winner = advance(&all[0], Action::Cancel(Cancel { reason: "门店撤单".into() }));
    store.update_campaign(&all[0], &winner).await.unwrap();
    assert!(matches!(store.update_campaign(&all[0], &stale).await, Err(StorageError::Conflict { .. })));
    assert_eq!(store.staff_months(shared::kpi::YearMonth { year: 2026, month: 12 }, None).unwrap(), counted);
    let page =
        store.list_campaigns(&CampaignFilter { stage: Some(Stage::Cancelled), ..CampaignFilter::default() }, None, 10);
    assert_eq!(page.unwrap().items, vec![shared::campaign::Listing::of(&winner)]);
    assert!(store.check().unwrap().is_ok());

    // check sees a row or a count that drifted.
    store
        .tree(tree::STAFF_MONTHS)
        .unwrap()
        .remove(campaigns::staff_month_key(PersonId(7), shared::kpi::YearMonth::of(march)))
        .unwrap();
    store.tree(tree::LISTINGS).unwrap().remove(campaigns::listing_key(CampaignId(2))).unwrap();
    let report = store.check().unwrap();
    assert!(report.problems.iter().any(|p| p.contains("KPI")), "{report:?}");
    assert!(report.problems.iter().any(|p| p.contains("campaign 2: list row")), "{report:?}");
}

#[tokio::test]
async fn the_kpi_window_flags_every_month_as_the_whole_record_does() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    // Three staff over 30 months, with quiet months and runs of bad ones; one campaign a
    // rating, written as the server writes them.
    let mut id = 0;
    for month in 0..30u32 {
        for staff in [3u64, 5, 11] {
            if (month + staff as u32).is_multiple_of(7) {
                continue;
            }
            for k in 0..3u32 {
                id += 1;
                let campaign = new_campaign(id, 1);
                store.insert_campaign(&campaign).await.unwrap();
                let on = NaiveDate::from_ymd_opt(2024 + (month / 12) as i32, month % 12 + 1, 5).unwrap();
                let satisfied = (month * 7 + staff as u32 * 3 + k) % 5 < 2;
                store.update_campaign(&campaign, &rated(&campaign, satisfied, on, &[staff])).await.unwrap();
            }
        }
    }
    let ym = |n: u32| shared::kpi::YearMonth { year: 2024 + (n / 12) as i32, month: n % 12 + 1 };
    let mut flagged = 0;
    for (from, to) in [(0, 29), (5, 16), (12, 23), (20, 20), (29, 29), (14, 40)] {
        for only in [None, Some(PersonId(5)), Some(PersonId(4))] {
            let (from, to) = (ym(from), ym(to));
            let whole: Vec<_> = shared::kpi::flag_months(store.staff_months(to, only).unwrap())
                .into_iter()
                .filter(|row| row.month >= from)
                .collect();
            let window: Vec<_> = shared::kpi::flag_months(store.kpi_months(from, to, only).unwrap())
                .into_iter()
                .filter(|row| row.month >= from)
                .collect();
            assert_eq!(window, whole, "{from}..{to} for {only:?}");
            flagged += whole.iter().filter(|row| row.disciplinary_review && row.month > from).count();
        }
    }
    assert!(flagged > 0, "the data must hold streaks that run into a window");
}

#[tokio::test]
async fn check_finds_a_stale_index_entry() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store.insert_campaign(&new_campaign(1, 1)).await.unwrap();
    assert!(store.check().unwrap().is_ok());
    store.tree(tree::BY_STORE).unwrap().insert(codec::pair_key(9, 77), &[]).unwrap();
    let report = store.check().unwrap();
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert!(report.problems[0].contains("stale"));
}

fn sample_store(id: u64) -> StoreRecord {
    StoreRecord {
        id: StoreId(id),
        code: format!("HLJ-{id:03}"),
        name: "鸡西店".into(),
        province: Province::Heilongjiang,
        city: "鸡西".into(),
        address: "中心大街 1 号".into(),
        manager: None,
        opened_on: None,
        status: StoreStatus::Open,
    }
}

fn sample_user(id: u64, login: &str) -> UserRecord {
    UserRecord {
        id: UserId(id),
        login: login.into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        role: Role::Planning,
        person: PersonId(id),
        store: None,
        disabled: false,
        lang: shared::Lang::Zh,
    }
}

#[tokio::test]
async fn org_records_carry_versions_and_logins_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let first = store.insert(sample_store(1), audit()).await.unwrap();
    assert_eq!(first.version, 1);
    assert!(matches!(store.insert(sample_store(1), audit()).await, Err(StorageError::AlreadyExists)));
    let mut renamed = sample_store(1);
    renamed.name = "鸡东店".into();
    assert_eq!(store.update(1, renamed.clone(), audit()).await.unwrap().version, 2);
    assert!(matches!(store.update(1, renamed, audit()).await, Err(StorageError::Conflict { current: 2 })));

    store.insert(sample_user(5, "CaoXue"), audit()).await.unwrap();
    assert!(matches!(store.insert(sample_user(6, "caoxue"), audit()).await, Err(StorageError::AlreadyExists)));
    assert_eq!(store.user_by_login(" caoxue ").unwrap().unwrap().value.id, UserId(5));
    let mut renamed = sample_user(5, "cao.xue");
    renamed.role = Role::Vp;
    store.update(1, renamed, audit()).await.unwrap();
    assert!(store.user_by_login("caoxue").unwrap().is_none());
    assert_eq!(store.user_by_login("cao.xue").unwrap().unwrap().value.role, Role::Vp);
    assert!(store.check().unwrap().is_ok());
    assert_eq!(store.audit_log(10).unwrap().len(), 4);
}

const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

fn new_attachment() -> attachments::NewAttachment {
    attachments::NewAttachment {
        content_type: "image/png".into(),
        file_name: "初案.png".into(),
        uploaded_by: UserId(1),
        created_at_unix_ms: 0,
    }
}

#[tokio::test]
async fn attachments_are_content_addressed_and_orphans_are_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let meta = store.put_attachment(PNG.to_vec(), new_attachment()).await.unwrap();
    assert_eq!(std::fs::read(store.attachment_path(&meta)).unwrap(), PNG);
    assert_eq!(attachments::sniff_content_type(PNG), Some("image/png"));
    assert_eq!(attachments::sniff_content_type(b"<html>"), None);
    let orphan = attachments::path_for(dir.path(), &attachments::sha256_hex(b"orphan"));
    std::fs::create_dir_all(orphan.parent().unwrap()).unwrap();
    std::fs::write(&orphan, b"orphan").unwrap();
    assert_eq!(store.remove_orphan_files(std::time::Duration::ZERO).unwrap(), 1);
    assert!(!orphan.exists());
    assert!(store.attachment_path(&meta).exists());
    let too_big = vec![0u8; attachments::MAX_ATTACHMENT_BYTES + 1];
    assert!(matches!(store.put_attachment(too_big, new_attachment()).await, Err(StorageError::Invalid(_))));
}

type Dump = BTreeMap<String, Vec<(Vec<u8>, Vec<u8>)>>;

fn dump(store: &Store) -> Dump {
    tree::ALL
        .iter()
        .map(|name| {
            let entries = store.tree(name).unwrap().iter().map(|e| e.unwrap()).map(|(k, v)| (k.to_vec(), v.to_vec()));
            ((*name).to_owned(), entries.collect())
        })
        .collect()
}

#[tokio::test]
async fn backup_then_restore_gives_identical_data_and_a_damaged_backup_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    for n in 1..=5 {
        let campaign = new_campaign(n, n);
        store.insert_campaign(&campaign).await.unwrap();
        store.update_campaign(&campaign, &advance(&campaign, Action::StartNeeds(StartNeeds {}))).await.unwrap();
    }
    store.insert(sample_store(1), audit()).await.unwrap();
    store.insert(sample_user(2, "wanghe"), audit()).await.unwrap();
    let meta = store.put_attachment(PNG.to_vec(), new_attachment()).await.unwrap();
    let out = dir.path().join("backup.cdbk");
    let summary = store.backup(&out).unwrap();
    assert_eq!(summary.attachments, 1);

    let target = tempfile::tempdir().unwrap();
    backup::restore(&out, target.path()).unwrap();
    let restored = open(target.path());
    assert_eq!(dump(&restored), dump(&store));
    assert_eq!(std::fs::read(restored.attachment_path(&meta)).unwrap(), PNG);
    assert!(restored.check().unwrap().is_ok());
    assert!(backup::restore(&out, target.path()).is_err(), "restoring over a database is refused");

    let mut bytes = std::fs::read(&out).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    let damaged = dir.path().join("damaged.cdbk");
    std::fs::write(&damaged, &bytes).unwrap();
    let empty = tempfile::tempdir().unwrap();
    let refused = backup::restore(&damaged, empty.path());
    assert!(matches!(&refused, Err(StorageError::Invalid(m)) if m.contains("damaged")), "{refused:?}");
    assert!(!empty.path().join("db").exists(), "nothing is written from a damaged backup");
}

#[tokio::test]
async fn a_skeleton_data_dir_is_upgraded_and_its_video_requests_become_campaigns() {
    let dir = tempfile::tempdir().unwrap();
    {
        // Exactly what the walking skeleton wrote: no schema version, one tree.
        let db = sled::open(dir.path().join("db")).unwrap();
        let tree = db.open_tree(tree::VIDEO_REQUESTS).unwrap();
        tree.insert(7u64.to_be_bytes(), GOLDEN_VIDEO_REQUEST_V1).unwrap();
        for id in 100..700u64 {
            let mut v1 = super::records::decode_video_request_v1(GOLDEN_VIDEO_REQUEST_V1).unwrap();
            v1.id = id;
            tree.insert(id.to_be_bytes(), super::records::encode_video_request_v1(&v1)).unwrap();
        }
        db.flush().unwrap();
    }
    let store = open(dir.path());
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.tree(tree::VIDEO_REQUESTS).unwrap().is_empty());
    assert_eq!(store.campaign_count().unwrap(), 601);
    let migrated = store.get_campaign(CampaignId(7)).unwrap().unwrap();
    assert_eq!(migrated.kind, CampaignType::VideoProduction);
    assert_eq!(migrated.title, "春季新品短片");
    assert_eq!(migrated.placed_by_name, "鸡西店");
    assert_eq!(migrated.due_on, NaiveDate::from_ymd_opt(2026, 3, 16));
    assert_eq!(migrated.needs.wishes, "门店开业视频");
    assert!(store.check().unwrap().is_ok());
}

#[tokio::test]
async fn a_data_dir_from_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = sled::open(dir.path().join("db")).unwrap();
        db.open_tree(tree::META).unwrap().insert(META_SCHEMA_VERSION, &99u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let opened = Store::open(dir.path(), StoreOptions::default());
    assert!(matches!(opened, Err(StorageError::NewerSchema { found: 99 })), "{:?}", opened.as_ref().err());
}

// -- golden bytes ----------------------------------------------------------------------

/// The bytes the walking skeleton wrote (schema 1).
const GOLDEN_VIDEO_REQUEST_V1: &[u8] = include_bytes!("fixtures/video_request_v1.bin");

/// One golden sample: its fixture's name, the bytes this build writes for it, and a check
/// that the fixture's bytes decode as the envelope and convert back to the sample.
struct Golden {
    name: &'static str,
    bytes: Vec<u8>,
    round_trip: RoundTrip,
}

type RoundTrip = Box<dyn Fn(&[u8])>;

/// A golden sample from its stored envelope (built from `sample` through the frozen
/// conversions), the domain value, and the conversion from the envelope back to it.
fn golden<S, D>(name: &'static str, stored: S, sample: D, back: impl Fn(S) -> D + 'static) -> Golden
where
    S: serde::Serialize + serde::de::DeserializeOwned + 'static,
    D: PartialEq + std::fmt::Debug + 'static,
{
    let bytes = codec::encode(&stored).unwrap();
    let round_trip = move |fixture: &[u8]| {
        let decoded: S = codec::decode(fixture).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back(decoded), sample, "{name}: the fixture reads back as a different value");
    };
    Golden { name, bytes, round_trip: Box::new(round_trip) }
}

/// A versioned record with its value converted (from the frozen type to the domain type).
fn versioned<F, D: From<F>>(record: Versioned<F>) -> Versioned<D> {
    Versioned { version: record.version, value: D::from(record.value) }
}

fn stored_core(core: &Campaign, history_len: u32, plan_versions_len: u32) -> records::StoredCampaign {
    records::StoredCampaign::V1(records::CampaignCoreV1 {
        campaign: CampaignV1::from(core),
        history_len,
        plan_versions_len,
    })
}

fn core_back(stored: records::StoredCampaign) -> (Campaign, u32, u32) {
    match stored {
        records::StoredCampaign::V1(core) => (Campaign::from(core.campaign), core.history_len, core.plan_versions_len),
        records::StoredCampaign::V2(core) => core.into_parts(),
        records::StoredCampaign::V3(core) => core.into_parts(),
    }
}

fn listing_back(stored: records::StoredListing) -> shared::campaign::Listing {
    match stored {
        records::StoredListing::V1(row) => shared::campaign::Listing::try_from(row).unwrap(),
        records::StoredListing::V2(row) => shared::campaign::Listing::try_from(row).unwrap(),
    }
}

fn golden_samples() -> Vec<Golden> {
    let mut campaign = new_campaign(42, 3);
    campaign = advance(&campaign, Action::StartNeeds(StartNeeds {}));
    campaign = advance(
        &campaign,
        Action::RecordNeeds(RecordNeeds {
            needs: shared::campaign::Needs {
                wishes: "周年庆".into(),
                policy: "九折".into(),
                budget_hint: "两万".into(),
            },
        }),
    );
    let person = Person {
        id: PersonId(3),
        name: "王赫".into(),
        contact: "138".into(),
        positions: vec![shared::ids::PositionId(2)],
        stores_covered: vec![StoreId(1), StoreId(2)],
        account: Some(UserId(4)),
    };
    let mut core = campaign.clone();
    core.history.clear();
    let entry = campaign.history[1].clone();
    let store = sample_store(1);
    let user = sample_user(4, "wanghe");
    let year = Calendar::china_official().year(2026).unwrap().clone();
    let mut samples = vec![
        golden("campaign_v1", stored_core(&core, 3, 0), (core, 3, 0), core_back),
        golden("history_entry_v1", records::StoredHistoryEntry::V1(history_v1(&entry)), entry, history_back),
        golden(
            "store_v1",
            records::StoredStore::V1(Versioned { version: 3, value: StoreV1::from(&store) }),
            Versioned { version: 3, value: store },
            |records::StoredStore::V1(v)| versioned(v),
        ),
        golden(
            "person_v1",
            records::StoredPerson::V1(Versioned { version: 1, value: PersonV1::from(&person) }),
            Versioned { version: 1, value: person },
            |records::StoredPerson::V1(v)| versioned(v),
        ),
        golden(
            "user_v1",
            records::StoredUser::V1(Versioned { version: 2, value: UserRecordV1::from(&user) }),
            Versioned { version: 2, value: user },
            |records::StoredUser::V1(v)| versioned(v),
        ),
        golden(
            "calendar_year_v1",
            records::StoredYear::V1(YearCalendarV1::from(&year)),
            year,
            |records::StoredYear::V1(y)| YearCalendar::from(y),
        ),
    ];
    samples.extend(full_samples());
    samples
}

/// The campaign's own records (core, history entries, plan versions), fully populated.
fn campaign_samples() -> Vec<Golden> {
    use super::samples;
    let mut core = samples::campaign();
    core.history.clear();
    core.plan_versions.clear();
    let entry = samples::history_entry();
    let plan = samples::plan_version();
    vec![
        golden("full/campaign_v1", stored_core(&core, 1, 1), (core.clone(), 1, 1), core_back),
        {
            let late = Campaign {
                lateness: Some(shared::campaign::Lateness::Schedule { working_days_short: 4 }),
                ..core.clone()
            };
            golden(
                "full/campaign_v2",
                records::StoredCampaign::V2(records::campaign::CampaignCoreV2::of(&Campaign {
                    history: samples::campaign().history,
                    plan_versions: samples::campaign().plan_versions,
                    ..late.clone()
                })),
                (late, 1, 1),
                core_back,
            )
        },
        {
            let paid = Campaign { costs: samples::costs(), ..core.clone() };
            golden(
                "full/campaign_v3",
                records::StoredCampaign::V3(records::campaign::CampaignCoreV3::of(&Campaign {
                    history: samples::campaign().history,
                    plan_versions: samples::campaign().plan_versions,
                    ..paid.clone()
                })),
                (paid, 1, 1),
                core_back,
            )
        },
        {
            let invoiced = HistoryEntry { action: shared::workflow::ActionKind::RecordInvoice, ..entry.clone() };
            golden(
                "full/history_entry_v3",
                records::StoredHistoryEntry::V3(history_v3(&invoiced)),
                invoiced,
                history_back,
            )
        },
        golden(
            "full/history_entry_v1",
            records::StoredHistoryEntry::V1(history_v1(&entry)),
            HistoryEntry { store: None, ..entry.clone() },
            history_back,
        ),
        golden(
            "full/history_entry_v2",
            records::StoredHistoryEntry::V2(history_v2(&entry)),
            entry.clone(),
            history_back,
        ),
        golden(
            "full/history_entry_v4",
            records::StoredHistoryEntry::V4(HistoryEntryV4::from(&entry)),
            entry,
            history_back,
        ),
        golden(
            "full/plan_version_v1",
            records::StoredPlanVersion::V1(PlanVersionV1::from(&plan)),
            plan,
            PlanVersion::from,
        ),
        {
            let mut plan = samples::plan_version();
            plan.document.forecast_sales = Some(shared::money::Fen(65_000_000));
            golden(
                "full/plan_version_v2",
                records::StoredPlanVersion::V2(records::plan_version::PlanVersionV2::from(&plan)),
                plan,
                PlanVersion::from,
            )
        },
    ]
}

/// Every stored type with every `Vec` and `Option` populated, as release 1 (schema 2)
/// wrote them.
fn full_samples() -> Vec<Golden> {
    use super::samples;
    let rating = samples::rating();
    let store = samples::store();
    let unit = samples::org_unit();
    let position = samples::position();
    let person = samples::person();
    let user = samples::user();
    let year = samples::year();
    let attachment = samples::attachment();
    let audit = samples::audit();
    let session = samples::session();
    let reply = samples::idempotent();
    let mut all = campaign_samples();
    all.extend([
        golden(
            "full/rating_v1",
            records::StoredRating::V1(records::RatingRecordV1 { campaign: 42, rating: RatingV1::from(&rating) }),
            (CampaignId(42), rating),
            |records::StoredRating::V1(r)| (CampaignId(r.campaign), Rating::from(r.rating)),
        ),
        golden(
            "full/listing_v1",
            records::StoredListing::V1(records::listing::ListingV1::from(&samples::listing())),
            // Version 1 keeps neither: read back as the request day and not accepted late.
            shared::campaign::Listing {
                stage_since: samples::listing().requested_on,
                late_accepted: false,
                ..samples::listing()
            },
            listing_back,
        ),
        golden(
            "full/listing_v2",
            records::StoredListing::V2(records::listing::ListingV2::from(&samples::listing())),
            samples::listing(),
            listing_back,
        ),
        golden(
            "full/template_v1",
            records::StoredTemplate::V1(records::template::TemplateV1::from(&samples::template_record())),
            samples::template_record(),
            |records::StoredTemplate::V1(t)| records::template::TemplateRecord::try_from(t).unwrap(),
        ),
        golden(
            "full/supplier_v1",
            records::StoredSupplier::V1(Versioned {
                version: 2,
                value: records::supplier::SupplierV1::from(&samples::supplier()),
            }),
            Versioned { version: 2, value: samples::supplier() },
            |records::StoredSupplier::V1(v)| versioned(v),
        ),
        golden(
            "full/feed_reader_v1",
            records::StoredFeedReader::V1(Versioned {
                version: 1,
                value: records::feed_reader::FeedReaderV1::from(&samples::feed_reader()),
            }),
            Versioned { version: 1, value: samples::feed_reader() },
            |records::StoredFeedReader::V1(v)| versioned(v),
        ),
        golden(
            "full/money_settings_v1",
            records::StoredMoneySettings::V1(records::money_settings::MoneySettingsV1 {
                tolerance_percent: 12,
                set_by: 4,
                set_at_unix_ms: 1_772_990_000_123,
            }),
            (12u32, 4u64, 1_772_990_000_123i64),
            |records::StoredMoneySettings::V1(m)| (m.tolerance_percent, m.set_by, m.set_at_unix_ms),
        ),
        golden(
            "full/staff_month_v1",
            records::StoredStaffMonth::V1(records::staff_month::StaffMonthV1 { rated: 7, satisfied: 3 }),
            shared::kpi::MonthCount { rated: 7, satisfied: 3 },
            |records::StoredStaffMonth::V1(m)| shared::kpi::MonthCount::from(m),
        ),
        golden(
            "full/store_v1",
            records::StoredStore::V1(Versioned { version: 4, value: StoreV1::from(&store) }),
            Versioned { version: 4, value: store },
            |records::StoredStore::V1(v)| versioned(v),
        ),
        golden(
            "full/org_unit_v1",
            records::StoredOrgUnit::V1(Versioned { version: 2, value: OrgUnitV1::from(&unit) }),
            Versioned { version: 2, value: unit },
            |records::StoredOrgUnit::V1(v)| versioned(v),
        ),
        golden(
            "full/position_v1",
            records::StoredPosition::V1(Versioned { version: 3, value: PositionV1::from(&position) }),
            Versioned { version: 3, value: position },
            |records::StoredPosition::V1(v)| versioned(v),
        ),
        golden(
            "full/person_v1",
            records::StoredPerson::V1(Versioned { version: 5, value: PersonV1::from(&person) }),
            Versioned { version: 5, value: person },
            |records::StoredPerson::V1(v)| versioned(v),
        ),
        golden(
            "full/user_v1",
            records::StoredUser::V1(Versioned { version: 6, value: UserRecordV1::from(&user) }),
            Versioned { version: 6, value: user },
            |records::StoredUser::V1(v)| versioned(v),
        ),
        golden(
            "full/calendar_year_v1",
            records::StoredYear::V1(YearCalendarV1::from(&year)),
            year,
            |records::StoredYear::V1(y)| YearCalendar::from(y),
        ),
        golden(
            "full/attachment_v1",
            records::StoredAttachment::V1(AttachmentMetaV1::from(&attachment)),
            attachment,
            |records::StoredAttachment::V1(m)| AttachmentMeta::from(m),
        ),
        golden(
            "full/audit_v1",
            records::StoredAudit::V1(AuditEntryV1::from(&audit)),
            audit,
            |records::StoredAudit::V1(a)| AuditEntry::from(a),
        ),
        golden(
            "full/session_v1",
            records::StoredSession::V1(SessionRecordV1::from(&session)),
            session,
            |records::StoredSession::V1(s)| SessionRecord::from(s),
        ),
        golden(
            "full/idempotent_v1",
            records::StoredIdempotent::V1(IdempotentResponseV1 {
                status: reply.status,
                body: reply.body.clone(),
                created_at_unix_ms: reply.created_at_unix_ms,
            }),
            IdempotentResponse { request_sha256: None, ..reply.clone() },
            IdempotentResponse::from,
        ),
        golden(
            "full/idempotent_v2",
            records::StoredIdempotent::V2(IdempotentResponseV2::from(&reply)),
            reply,
            IdempotentResponse::from,
        ),
        {
            let (user, notification) = samples::notification();
            golden(
                "full/notification_v1",
                records::StoredNotification::V1(records::notification::NotificationV1::of(user, &notification)),
                (user, notification),
                |stored| match stored {
                    records::StoredNotification::V1(n) => n.into(),
                    records::StoredNotification::V2(n) => n.into(),
                },
            )
        },
        {
            let (user, mut notification) = samples::notification();
            notification.reason = shared::notify::Reason::ProofUploaded { round: 4 };
            golden(
                "full/notification_v2",
                records::StoredNotification::V2(records::notification::NotificationV2::of(user, &notification)),
                (user, notification),
                |stored| match stored {
                    records::StoredNotification::V2(n) => n.into(),
                    records::StoredNotification::V1(n) => n.into(),
                },
            )
        },
        golden(
            "full/webhook_v1",
            records::StoredWebhook::V1(records::webhook::WebhookV1::from(&samples::webhook())),
            samples::webhook(),
            |records::StoredWebhook::V1(w)| super::notices::Webhook::from(w),
        ),
        golden(
            "full/delivery_v1",
            records::StoredDelivery::V1(records::delivery::DeliveryV1::from(&samples::delivery())),
            samples::delivery(),
            |records::StoredDelivery::V1(d)| super::notices::Delivery::from(d),
        ),
    ]);
    all
}

fn history_back(stored: records::StoredHistoryEntry) -> HistoryEntry {
    HistoryEntry::try_from(stored).unwrap()
}

/// A history entry as version 1 stored it (without its store); only tests write it now.
fn history_v1(entry: &HistoryEntry) -> HistoryEntryV1 {
    let HistoryEntryV2 { seq, on, at_unix_ms, user, person, name, role, action, from, to, note, store: _ } =
        history_v2(entry);
    HistoryEntryV1 { seq, on, at_unix_ms, user, person, name, role, action, from, to, note }
}

/// A history entry as version 2 stored it; only tests write it now.
fn history_v2(entry: &HistoryEntry) -> HistoryEntryV2 {
    let HistoryEntryV3 { seq, on, at_unix_ms, user, person, name, role, action: _, from, to, note, store } =
        history_v3(entry);
    let action = history::action_index(entry.action, history::ACTIONS_IN_V1_FOR_TESTS).unwrap();
    HistoryEntryV2 { seq, on, at_unix_ms, user, person, name, role, action, from, to, note, store }
}

/// A history entry as version 3 stored it; only tests write it now.
fn history_v3(entry: &HistoryEntry) -> HistoryEntryV3 {
    let HistoryEntryV4 { seq, on, at_unix_ms, user, person, name, role, action: _, from, to, note, store } =
        HistoryEntryV4::from(entry);
    let action = history::action_index(entry.action, history::ACTIONS_IN_V3_FOR_TESTS).unwrap();
    HistoryEntryV3 { seq, on, at_unix_ms, user, person, name, role, action, from, to, note, store }
}

fn fixtures_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/storage/fixtures")
}

/// Each stored type's V1 bytes, as committed, and each fixture read back to the value it
/// was made from. A failure here means the on-disk format changed: freeze the old types
/// and add a V2 (see `records/mod.rs`) instead of editing V1. Set `CAMPAIGN_DESK_BLESS=1` to
/// write a fixture that does not exist yet (never to overwrite one).
#[test]
fn every_stored_type_still_encodes_to_its_golden_bytes() {
    let fixtures = fixtures_dir();
    for sample in golden_samples() {
        let name = sample.name;
        let path = fixtures.join(format!("{name}.bin"));
        if !path.exists() && std::env::var_os("CAMPAIGN_DESK_BLESS").is_some() {
            std::fs::write(&path, &sample.bytes).unwrap();
        }
        let golden = std::fs::read(&path).unwrap_or_else(|_| panic!("missing fixture {}", path.display()));
        assert_eq!(golden, sample.bytes, "{name}: the stored format changed");
        (sample.round_trip)(&golden);
    }
    let v1 = records::decode_video_request_v1(GOLDEN_VIDEO_REQUEST_V1).unwrap();
    assert_eq!((v1.id, v1.title.as_str()), (7, "春季新品短片"));
}

/// The source files that declare stored envelopes: every file under `records/` (its
/// `mod.rs` and one folder per record), in a stable order.
fn envelope_sources() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/storage");
    let mut files = Vec::new();
    let mut folders = vec![root.join("records")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files.into_iter().map(|path| (path.display().to_string(), std::fs::read_to_string(&path).unwrap())).collect()
}

/// Every envelope the record sources declare, as (name without `Stored`, its variants'
/// version numbers), read from the source: each envelope is a `pub enum Stored…` whose
/// variants are one `V<n>(…)` per line.
fn declared_envelopes() -> Vec<(String, Vec<u32>)> {
    let mut envelopes: Vec<(String, Vec<u32>)> = Vec::new();
    for (file, source) in envelope_sources() {
        envelopes.extend(envelopes_in(&file, &source));
    }
    envelopes
}

fn envelopes_in(file: &str, source: &str) -> Vec<(String, Vec<u32>)> {
    let mut envelopes: Vec<(String, Vec<u32>)> = Vec::new();
    let mut inside = false;
    for line in source.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("pub enum Stored") {
            let name: String = rest.chars().take_while(char::is_ascii_alphanumeric).collect();
            envelopes.push((name, Vec::new()));
            inside = true;
        } else if inside && line.starts_with('}') {
            inside = false;
        } else if inside && let Some((number, _)) = line.strip_prefix('V').and_then(|rest| rest.split_once('(')) {
            let version: u32 = number.parse().unwrap_or_else(|_| panic!("{file}: cannot read variant `{line}`"));
            envelopes.last_mut().unwrap().1.push(version);
        }
    }
    envelopes
}

/// An envelope's name as its fixtures spell it: `HistoryEntry` → `history_entry`.
fn fixture_stem(name: &str) -> String {
    if name == "Year" {
        return "calendar_year".to_owned();
    }
    let mut stem = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            stem.push('_');
        }
        stem.push(c.to_ascii_lowercase());
    }
    stem
}

/// A new envelope version must come with a fully populated fixture (`samples.rs`), and the
/// golden test must write and read it.
#[test]
fn every_stored_envelope_has_a_full_fixture() {
    let fixtures = fixtures_dir();
    let envelopes = declared_envelopes();
    assert!(envelopes.len() >= 15, "records: only {envelopes:?} found; does the scan still fit the files?");
    assert!(
        envelopes.iter().any(|(name, versions)| name == "HistoryEntry" && versions.len() >= 4),
        "records/history: its envelope was not found; does the scan still reach the record folders?"
    );
    // Each record folder declares its envelope: a folder the scan misses shows here.
    for (file, source) in envelope_sources() {
        if file.ends_with("/mod.rs") && !file.ends_with("records/mod.rs") {
            assert!(!envelopes_in(&file, &source).is_empty(), "{file}: no `pub enum Stored…` found");
        }
    }
    let samples: Vec<&str> = golden_samples().iter().map(|g| g.name).collect();
    let mut missing = Vec::new();
    for (name, versions) in &envelopes {
        assert!(!versions.is_empty(), "Stored{name}: no `V<n>(` variant found");
        let stem = fixture_stem(name);
        for n in versions {
            // Schema 1's video requests were written by the skeleton, not from `samples.rs`.
            if name == "VideoRequest" {
                let path = fixtures.join(format!("{stem}_v{n}.bin"));
                if !path.exists() {
                    missing.push(path.display().to_string());
                }
                continue;
            }
            let sample = format!("full/{stem}_v{n}");
            let path = fixtures.join(format!("{sample}.bin"));
            if !path.exists() {
                missing.push(path.display().to_string());
            }
            if !samples.contains(&sample.as_str()) {
                missing.push(format!("a `{sample}` entry in `full_samples`"));
            }
        }
    }
    assert!(missing.is_empty(), "envelope versions without their full fixture: {missing:?}");
}
