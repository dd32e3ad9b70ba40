//! Online backups: the running server writes a verified backup on demand and on its
//! schedule while writes go on, keeps the newest few, and the file restores into a data
//! directory that passes `check` and holds what was acknowledged before it.

use std::time::Duration;

use reqwest::StatusCode;
use shared::campaign::CampaignType;
use shared::endpoints::{CreateBackup, CreateCampaign, ListBackups};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use tests::{Who, World, spawn_app, spawn_app_with, wait_for};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_is_written_verified_and_restorable_while_the_server_keeps_writing() -> anyhow::Result<()> {
    let backup_dir = tempfile::tempdir()?;
    let dir = backup_dir.path().to_path_buf();
    let app = spawn_app_with(move |c| {
        c.backup_dir = Some(dir);
        c.backup_keep = 2;
    })
    .await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let planner = world.session(&app, Who::Planning).await?;

    // Nothing yet; other roles may not look.
    let list = admin.ok::<ListBackups>(&[], &(), &()).await?;
    assert!(list.items.is_empty() && list.last_failure.is_none() && list.keep == 2, "{list:?}");
    assert_eq!(planner.refused::<ListBackups>(&[], &(), &()).await?.status, StatusCode::FORBIDDEN);
    assert_eq!(planner.refused::<CreateBackup>(&[], &(), &()).await?.status, StatusCode::FORBIDDEN);

    // Writes go on while backups are taken; every acknowledged one before a backup is in it.
    let writer = {
        let planner = world.session(&app, Who::Planning).await?;
        let store = StoreId(world.own_store);
        tokio::spawn(async move {
            let mut acknowledged = 0u32;
            for n in 0..40 {
                let form = NewCampaign {
                    stores: vec![store],
                    title: format!("备份期间的活动{n}"),
                    starts_on: "2026-06-01".into(),
                    ends_on: "2026-06-03".into(),
                    ..NewCampaign::empty(CampaignType::StoreSpecific)
                };
                if matches!(planner.call::<CreateCampaign>(&[], &(), &form).await, Ok(Ok(_))) {
                    acknowledged += 1;
                }
            }
            acknowledged
        })
    };
    let mut names = Vec::new();
    for _ in 0..3 {
        let info = admin.ok::<CreateBackup>(&[], &(), &()).await?;
        assert!(info.verified && info.verification.contains("restored and checked"), "{info:?}");
        assert!(info.size_bytes > 0);
        names.push(info.name);
    }
    let acknowledged = writer.await?;
    assert!(acknowledged > 0);

    // The newest two are kept, newest first.
    let list = admin.ok::<ListBackups>(&[], &(), &()).await?;
    let listed: Vec<&str> = list.items.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(listed, vec![names[2].as_str(), names[1].as_str()], "{list:?}");
    assert!(!backup_dir.path().join(&names[0]).exists());

    // A final backup after the writes holds every acknowledged campaign, and restores.
    let last = admin.ok::<CreateBackup>(&[], &(), &()).await?;
    let restored = tempfile::tempdir()?;
    server::storage::backup::restore(&backup_dir.path().join(&last.name), restored.path())?;
    let store = server::storage::Store::open(restored.path(), server::storage::StoreOptions::default())?;
    assert!(store.check()?.is_ok());
    let titles: Vec<String> = store.listings_in_stages(|_| true)?.into_iter().map(|c| c.title).collect();
    let kept = titles.iter().filter(|t| t.starts_with("备份期间的活动")).count();
    assert_eq!(kept, acknowledged as usize, "every acknowledged campaign is in the backup");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_schedule_backs_up_a_server_that_has_none_yet() -> anyhow::Result<()> {
    let backup_dir = tempfile::tempdir()?;
    let dir = backup_dir.path().to_path_buf();
    let app = spawn_app_with(move |c| {
        c.backup_dir = Some(dir);
        c.backup_every = server::backups::Every(Some(Duration::from_secs(3600)));
    })
    .await?;
    let admin = app.admin().await?;
    let list = wait_for(Duration::from_secs(30), "the scheduled backup", || async {
        let list = admin.ok::<ListBackups>(&[], &(), &()).await.ok()?;
        list.items.iter().any(|b| b.verified).then_some(list)
    })
    .await?;
    assert_eq!(list.every_hours, 1);
    assert_eq!(list.items.len(), 1, "one, not one per wake-up: {list:?}");
    // By default backups go beside the data, under DATA_DIR/backups.
    let default = spawn_app().await?;
    let admin = default.admin().await?;
    let list = admin.ok::<ListBackups>(&[], &(), &()).await?;
    assert!(list.directory.starts_with(&default.data_dir().display().to_string()), "{list:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_share_unchanged_attachments_and_keep_only_what_kept_backups_need() -> anyhow::Result<()> {
    let backup_dir = tempfile::tempdir()?;
    let dir = backup_dir.path().to_path_buf();
    let app = spawn_app_with(move |c| {
        c.backup_dir = Some(dir);
        c.backup_keep = 2;
    })
    .await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    // A 2 MB photo, then three backups: the photo is copied into the pool once.
    let mut photo = tests::png(64, 64, [200, 10, 10]);
    photo.resize(2 * 1024 * 1024, 7);
    manager.upload(photo, "店面.png").await?;
    let backup = || admin.ok::<CreateBackup>(&[], &(), &());
    let first = backup().await?;
    let second = backup().await?;
    let pool = server::storage::backup::pool_dir(backup_dir.path());
    let pooled = tests::bench::walk(&pool);
    assert!((2 * 1024 * 1024..3 * 1024 * 1024).contains(&pooled), "the photo once in the pool: {pooled} bytes");
    for info in [&first, &second] {
        assert!(info.verified, "{info:?}");
        assert!(info.size_bytes < 1024 * 1024, "the backup itself holds no copy of the photo: {info:?}");
    }
    // Each restores with the photo.
    let restored = tempfile::tempdir()?;
    let summary = server::storage::backup::restore(&backup_dir.path().join(&second.name), restored.path())?;
    assert_eq!(summary.attachments, 1);
    // Downloaded, a backup is one file with the photo inside: it restores with no pool
    // beside it.
    use shared::endpoints::DownloadBackup;
    let file = admin.download::<DownloadBackup>(&[&second.name], &()).await?.map_err(|r| anyhow::anyhow!("{r}"))?;
    assert!(file.len() > 2 * 1024 * 1024, "the photo is inside: {} bytes", file.len());
    let elsewhere = tempfile::tempdir()?;
    let kept = elsewhere.path().join("downloaded.cdbk");
    std::fs::write(&kept, &file)?;
    let into = tempfile::tempdir()?;
    let summary = server::storage::backup::restore(&kept, into.path())?;
    assert_eq!(summary.attachments, 1, "restored from the downloaded file alone");
    let planner = world.session(&app, Who::Planning).await?;
    assert_eq!(
        planner.download::<DownloadBackup>(&[&second.name], &()).await?.err().map(|r| r.status),
        Some(StatusCode::FORBIDDEN)
    );
    let missing = admin.download::<DownloadBackup>(&["../../etc/passwd"], &()).await?.err().map(|r| r.status);
    assert_eq!(missing, Some(StatusCode::NOT_FOUND), "only a listed backup's name is served");
    // A second photo, two more backups: the first backup goes, and with it nothing the kept
    // ones need; once no kept backup holds a photo, the pool lets it go.
    let mut other = tests::png(64, 64, [10, 200, 10]);
    other.resize(1024 * 1024, 3);
    manager.upload(other, "陈列.png").await?;
    backup().await?;
    backup().await?;
    let pooled_now = tests::bench::walk(&pool);
    assert!(pooled_now >= pooled + 1024 * 1024, "both photos are in the kept backups: {pooled_now}");
    Ok(())
}

/// Backup downloads whose readers take nothing hold their places; beyond two per account
/// and four in all the next is refused at once with `TOO_MANY_DOWNLOADS` and a
/// `Retry-After`, in both languages; once the readers go away the places are free again.
/// (The memory each holds is measured by `cargo bench -p tests --bench backups`.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn downloads_are_bounded_per_account_and_in_all_and_freed_when_readers_leave() -> anyhow::Result<()> {
    use shared::api::NewUser;
    use shared::endpoints::{CreateUser, DownloadBackup};
    use shared::messages::RuleCode;
    use shared::org::Role;

    let backup_dir = tempfile::tempdir()?;
    let dir = backup_dir.path().to_path_buf();
    let app = spawn_app_with(move |c| c.backup_dir = Some(dir)).await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    // More than loopback's socket buffers take, so a reader that reads nothing keeps its
    // download running.
    for n in 0..3u8 {
        let mut photo = tests::png(64, 64, [n * 60, 10, 10]);
        photo.resize(15 * 1024 * 1024, n);
        manager.upload(photo, &format!("店面{n}.png")).await?;
    }
    let backup = admin.ok::<CreateBackup>(&[], &(), &()).await?;
    let mut others = Vec::new();
    for n in ["two", "three"] {
        let account = NewUser {
            login: format!("admin.{n}"),
            password: "another-admin-password".into(),
            role: Role::Admin,
            person: None,
            name: format!("管理员{n}"),
            store: None,
        };
        admin.ok::<CreateUser>(&[], &(), &account).await?;
        others.push(app.login(&format!("admin.{n}"), "another-admin-password").await?);
    }
    let (other, third) = (&others[0], &others[1]);
    let start = |session: &tests::Session| session.request::<DownloadBackup>(&[&backup.name], &(), &()).send();
    // Two for the first account; the third is refused for the account.
    let mut held = vec![start(&admin).await?, start(&admin).await?];
    assert!(held.iter().all(|r| r.status() == StatusCode::OK));
    let refused = tests::answer::<DownloadBackup>(start(&admin).await?).await?.expect_err("a third download");
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.error.code, RuleCode::TooManyDownloads);
    assert!(refused.error.message_zh.contains("此账号") && refused.error.message_en.contains("This account"));
    // The other account has its own two; a fifth download is refused for the server.
    held.push(start(other).await?);
    held.push(start(other).await?);
    assert!(held.iter().all(|r| r.status() == StatusCode::OK));
    let full = start(third).await?;
    assert_eq!(full.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(full.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("60"));
    let full = tests::answer::<DownloadBackup>(full).await?.expect_err("a fifth download");
    assert_eq!(full.error.code, RuleCode::TooManyDownloads);
    assert!(full.error.message_zh.contains("服务器"), "{}", full.error.message_zh);
    // The readers leave: the places come back, and a whole download restores.
    drop(held);
    let file = wait_for(Duration::from_secs(60), "a download place to come free", || async {
        admin.download::<DownloadBackup>(&[&backup.name], &()).await.ok().and_then(Result::ok)
    })
    .await?;
    let kept = tempfile::tempdir()?;
    std::fs::write(kept.path().join("whole.cdbk"), &file)?;
    let into = tempfile::tempdir()?;
    let summary = server::storage::backup::restore(&kept.path().join("whole.cdbk"), into.path())?;
    assert_eq!(summary.attachments, 3, "every photo streamed into the download");
    Ok(())
}
