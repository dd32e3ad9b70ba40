//! Upgrades: a data directory written by the previous release (kept in
//! `tests/fixtures/data-release-1.tgz`, made by release 1 with its demo region, an
//! imported calendar year, an upload and a keyed request) opens with this build, is
//! backed up before it is migrated, migrates, and passes `check`, with its records intact
//! (every history entry rewritten at the latest record version, reading back the same).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

use server::storage::records::history;
use server::storage::{SCHEMA_VERSION, Store, StoreOptions};
use shared::campaign::{CampaignType, Stage};
use shared::ids::{AttachmentId, CampaignId};
use shared::org::Role;
use shared::workflow::ActionKind;

/// Unpacks the release-1 data directory into `into` (as `into/data`).
fn unpack_release_1(into: &Path) -> std::path::PathBuf {
    let archive = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data-release-1.tgz");
    let status = Command::new("tar").arg("xzf").arg(&archive).arg("-C").arg(into).status().expect("run tar");
    assert!(status.success(), "unpacking {}", archive.display());
    into.join("data")
}

/// The raw (key, value) pairs of the history tree, read with sled itself (no migration).
fn raw_history(data: &Path) -> Vec<(Vec<u8>, Vec<u8>)> {
    let db = open_raw(&data.join("db"));
    let tree = db.open_tree("campaign_history").unwrap();
    tree.iter().map(|e| e.unwrap()).map(|(k, v)| (k.to_vec(), v.to_vec())).collect()
}

/// Opens the database with sled directly, waiting for a previous handle's lock to go.
fn open_raw(path: &Path) -> sled::Db {
    for _ in 0..150 {
        match sled::open(path) {
            Ok(db) => return db,
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
    sled::open(path).unwrap()
}

#[test]
fn a_release_1_data_directory_is_backed_up_migrated_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let data = unpack_release_1(dir.path());
    // Release 1's history entries, as this build reads them before the upgrade.
    let before: Vec<_> = raw_history(&data)
        .into_iter()
        .map(|(key, value)| (key, history::stored_version(&value).unwrap(), history::decode_entry(&value).unwrap()))
        .collect();
    assert!(before.len() > 500, "only {} history entries in release 1's data", before.len());
    assert!(before.iter().all(|(_, version, _)| *version < history::LATEST_VERSION));
    let store = Store::open(&data, StoreOptions::default()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.campaigns, 122, "release 1 wrote 121 demo campaigns and one video request");

    // The copy taken before the upgrade is a complete backup of release 1's data.
    let backups: Vec<_> = std::fs::read_dir(data.join("backups")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let restored = tempfile::tempdir().unwrap();
    let summary = server::storage::backup::restore(&backups[0], restored.path()).unwrap();
    assert!(summary.entries > 2_000, "{summary:?}");

    // What release 1 stored reads back: the store manager's video request, its history,
    // the calendar year it imported and the file it uploaded.
    let video = store.get_campaign(CampaignId(789)).unwrap().unwrap();
    assert_eq!(
        (video.kind, video.title.as_str(), video.stage),
        (CampaignType::VideoProduction, "旧版视频", Stage::Intake)
    );
    assert_eq!(video.history[0].action, ActionKind::Create);
    assert_eq!(video.history[0].role, Role::StoreManager);
    assert!(store.calendar_years().unwrap().iter().any(|y| y.year == 2027));
    assert_eq!(store.attachment(AttachmentId(788)).unwrap().unwrap().file_name, "a.png");

    // Version 1 history entries of one-store campaigns are filed under that store, so its
    // manager still reads them.
    let mut filed = 0;
    for id in 1..=789u64 {
        let Some(campaign) = store.get_campaign(CampaignId(id)).unwrap() else { continue };
        if let [only] = campaign.stores[..] {
            for entry in campaign.history.iter().filter(|e| e.role == Role::StoreManager) {
                assert_eq!(entry.store, Some(only), "campaign {id} entry {}", entry.seq);
                filed += 1;
            }
        }
    }
    assert!(filed > 10, "only {filed} store entries in release 1's demo data");
    drop(store);

    // A second start finds nothing more to migrate and writes no second backup.
    let store = Store::open(&data, StoreOptions::default()).unwrap();
    assert!(store.check().unwrap().is_ok());
    assert_eq!(std::fs::read_dir(data.join("backups")).unwrap().count(), 1);
    drop(store);

    // Every history entry is now stored at the latest version, under the same key, and
    // reads back as it did before the upgrade.
    let after = raw_history(&data);
    assert_eq!(after.len(), before.len());
    for ((key, _, entry), (key_after, value)) in before.iter().zip(&after) {
        assert_eq!(key, key_after);
        assert_eq!(history::stored_version(value).unwrap(), history::LATEST_VERSION, "entry {key:?}");
        assert_eq!(&history::decode_entry(value).unwrap(), entry, "entry {key:?}");
    }
}
