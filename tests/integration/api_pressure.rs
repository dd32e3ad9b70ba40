//! Whole under pressure (issue 24): readers never see a campaign torn by a write in
//! flight, a write race ends in one 200 and one 409, and no single account — a store
//! manager's or a stranger's — can take the server, a shared campaign or another
//! person's login away from the people who need them. Each flood shows its bound and that
//! the owners still work.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use shared::api::{ActionRequest, CampaignDetail, CampaignQuery, LoginRequest, NotificationList, NotificationQuery};
use shared::endpoints::{
    ActOnCampaign, CreateCampaign, Endpoint, Events, ExportCampaignsCsv, ExportCampaignsXlsx, GetCampaign, Healthz,
    ListCampaigns, ListNotifications, ListUsers, LogIn, LogOut, UpdateUser,
};
use shared::messages::RuleCode;
use shared::workflow::{Action, ActionKind};
use shared::workflow::{Cancel, Comment, CompleteNeeds, RecordBrainstorm, SavePlan, SendReminder, StartNeeds};
use tests::{PASSWORD, Session, TestApp, Who, World, answer, request, spawn_app, spawn_app_with};

/// Opens a store-specific campaign for the world's first store as its manager; its id.
async fn open_campaign(app: &TestApp, world: &World, title: &str) -> anyhow::Result<u64> {
    let manager = world.session(app, Who::StoreManager).await?;
    let mut form = shared::intake::NewCampaign::empty(shared::campaign::CampaignType::StoreSpecific);
    form.title = title.into();
    form.stores = vec![shared::ids::StoreId(world.own_store)];
    form.starts_on = "2026-06-01".into();
    form.ends_on = "2026-06-07".into();
    Ok(manager.ok::<CreateCampaign>(&[], &(), &form).await?.campaign.campaign().id.0)
}

async fn campaign(session: &Session, id: u64) -> anyhow::Result<CampaignDetail> {
    session.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await
}

async fn campaign_list(session: &Session) -> anyhow::Result<shared::api::CampaignList> {
    session.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await
}

async fn notifications(session: &Session, query: &NotificationQuery) -> anyhow::Result<NotificationList> {
    session.ok::<ListNotifications>(&[], query, &()).await
}

/// Every read of a campaign is one whole version: as center staff see it, each action
/// added exactly one history entry and bumped the version once, so the history's length
/// is the version, and each saved plan is one `save_plan` entry.
fn assert_whole(detail: &CampaignDetail) {
    let campaign = detail.campaign.campaign();
    assert_eq!(campaign.history.len() as u64, campaign.version, "torn: history and version of two moments");
    let saves = campaign.history.iter().filter(|e| e.action == shared::workflow::ActionKind::SavePlan).count();
    assert_eq!(campaign.plan_versions.len(), saves, "torn: plan versions and history of two moments");
    for (i, entry) in campaign.history.iter().enumerate() {
        assert_eq!(entry.seq as usize, i + 1, "history in order, none missing");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn readers_never_see_a_torn_campaign_while_writers_change_it() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let campaigns =
        [open_campaign(&app, &world, "读写并发一").await?, open_campaign(&app, &world, "读写并发二").await?];
    let planner = Arc::new(world.session(&app, Who::Planning).await?);
    for id in campaigns {
        planner.perform_ok(id, &Action::StartNeeds(StartNeeds {})).await?;
        planner.perform_ok(id, &Action::CompleteNeeds(CompleteNeeds {})).await?;
        let brainstorm =
            shared::campaign::Brainstorm { notes: "头脑风暴".into(), attendees: vec!["企划".into()] };
        planner.perform_ok(id, &Action::RecordBrainstorm(RecordBrainstorm { brainstorm })).await?;
    }
    let stop = Arc::new(AtomicBool::new(false));
    let writes = Arc::new(AtomicU64::new(0));
    // Writers: comments and new plan versions on both campaigns, as fast as they go.
    let mut writers = Vec::new();
    for (n, id) in campaigns.into_iter().enumerate() {
        let (planner, stop, writes) = (planner.clone(), stop.clone(), writes.clone());
        writers.push(tokio::spawn(async move {
            let mut i = 0u32;
            while !stop.load(Ordering::Relaxed) {
                let action = if i.is_multiple_of(3) {
                    let plan = shared::plan::PlanDocument { theme: format!("主题 {n}-{i}"), ..Default::default() };
                    Action::SavePlan(SavePlan { plan, note: String::new() })
                } else {
                    Action::Comment(Comment { text: format!("意见 {i}") })
                };
                // Two writers on one campaign never happen here; every write lands.
                planner.perform_ok(id, &action).await?;
                writes.fetch_add(1, Ordering::Relaxed);
                i += 1;
                if i >= 90 {
                    break;
                }
            }
            Ok::<_, anyhow::Error>(())
        }));
    }
    // Readers: four of them, on every read route that shows the campaigns.
    let mut readers = Vec::new();
    for reader in 0..4 {
        let who = if reader % 2 == 0 { Who::Planning } else { Who::Vp };
        let session = world.session(&app, who).await?;
        let (stop, campaigns) = (stop.clone(), campaigns);
        readers.push(tokio::spawn(async move {
            let mut reads = 0u64;
            while !stop.load(Ordering::Relaxed) {
                for id in campaigns {
                    let detail = campaign(&session, id).await?;
                    assert_whole(&detail);
                    reads += 1;
                }
                let list = campaign_list(&session).await?;
                anyhow::ensure!(list.items.len() >= 2);
                let query = CampaignQuery::default();
                session.download::<ExportCampaignsCsv>(&[], &query).await?.map_err(|r| anyhow::anyhow!("csv: {r}"))?;
                session
                    .download::<ExportCampaignsXlsx>(&[], &query)
                    .await?
                    .map_err(|r| anyhow::anyhow!("xlsx: {r}"))?;
                reads += 3;
            }
            Ok::<_, anyhow::Error>(reads)
        }));
    }
    for writer in writers {
        writer.await??;
    }
    stop.store(true, Ordering::Relaxed);
    let mut reads = 0;
    for reader in readers {
        reads += reader.await??;
    }
    assert!(writes.load(Ordering::Relaxed) >= 150, "the writers wrote");
    assert!(reads >= 100, "the readers read while they wrote: {reads}");
    // The same 0 errors are in the server's own count: no 5xx was answered at all.
    assert_eq!(app.metric("http_responses_errors_total{class=\"5xx\"}").await?, 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_people_acting_on_the_same_version_get_one_200_and_one_409_every_time() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let id = open_campaign(&app, &world, "抢先一步").await?;
    let planner = world.session(&app, Who::Planning).await?;
    planner.perform_ok(id, &Action::StartNeeds(StartNeeds {})).await?;
    planner.perform_ok(id, &Action::CompleteNeeds(CompleteNeeds {})).await?;
    let brainstorm = shared::campaign::Brainstorm { notes: "头脑风暴".into(), attendees: vec!["企划".into()] };
    planner.perform_ok(id, &Action::RecordBrainstorm(RecordBrainstorm { brainstorm })).await?;
    let id_text = id.to_string();
    let comment = [id_text.as_str(), ActionKind::Comment.as_str()];
    // Comments from two of seven people at a time (so that no one reaches the limit of
    // comments one person may write).
    let mut people = Vec::new();
    for who in [Who::Planning, Who::Vp, Who::Design, Who::Video, Who::Brand, Who::Merchandise, Who::Purchasing] {
        people.push(world.session(&app, who).await?);
    }
    let mut outcomes = std::collections::BTreeMap::new();
    for round in 0..400 {
        let (first, second) = (&people[round % 7], &people[(round + 1 + round / 7) % 7]);
        let second = if std::ptr::eq(first, second) { &people[(round + 3) % 7] } else { second };
        let version = campaign(&planner, id).await?.campaign.campaign().version;
        let send = |session: &Session, text: String| {
            let request = ActionRequest { version, action: Action::Comment(Comment { text }) };
            session.request::<ActOnCampaign>(&comment, &(), &request).send()
        };
        // Comments from two people (each stays under the per-person limits).
        let (a, b) = tokio::join!(send(first, format!("意见甲 {round}")), send(second, format!("意见乙 {round}")));
        let mut pair = [a?.status(), b?.status()];
        pair.sort_unstable();
        *outcomes.entry(pair).or_insert(0) += 1;
        let won_and_lost = [StatusCode::OK, StatusCode::CONFLICT];
        assert_eq!(pair, won_and_lost, "round {round}: exactly one wins, the other is told it lost");
        if round % 97 == 96 {
            // Now and then the loser's answer is read: the rule, in both languages.
            let request = ActionRequest { version, action: Action::Comment(Comment { text: "迟到".into() }) };
            let refused = planner.refused::<ActOnCampaign>(&comment, &(), &request).await?;
            assert_eq!(refused.status, StatusCode::CONFLICT);
            assert_eq!(refused.error.code, RuleCode::StaleVersion);
            assert!(!refused.error.message_zh.is_empty() && !refused.error.message_en.is_empty());
        }
    }
    assert_eq!(outcomes.get(&[StatusCode::OK, StatusCode::CONFLICT]), Some(&400));
    let detail = campaign(&planner, id).await?;
    assert_whole(&detail);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn live_streams_are_bounded_per_login_and_account_and_end_at_logout() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let events = |session: &Session| session.request::<Events>(&[], &(), &()).send();
    // A session opens stream after stream and holds them.
    let mut held = Vec::new();
    let mut refused = None;
    for _ in 0..200 {
        let response = events(&manager).await?;
        if response.status() == Events::STATUS {
            held.push(response);
        } else {
            refused = Some(answer::<Events>(response).await?.expect_err("a refusal"));
            break;
        }
    }
    assert_eq!(held.len(), server::notify::hub::STREAMS_PER_SESSION_MAX, "one login holds at most this many");
    let refused = refused.expect("a stream beyond the limit is refused");
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let error = refused.error;
    assert_eq!(error.code, RuleCode::TooManyStreams);
    assert!(error.message_zh.contains("实时更新") && error.message_en.contains("live updates"), "{error:?}");
    // The same account on another device gets its own, up to the account's limit.
    let second_device = world.session(&app, Who::StoreManager).await?;
    let mut more = Vec::new();
    loop {
        let response = events(&second_device).await?;
        if response.status() != Events::STATUS {
            let refused = answer::<Events>(response).await?.expect_err("a refusal");
            assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
            break;
        }
        more.push(response);
    }
    assert_eq!(held.len() + more.len(), server::notify::hub::STREAMS_PER_ACCOUNT_MAX);
    // Everyone else is untouched: their streams, logins and the health check.
    let planner = world.session(&app, Who::Planning).await?;
    assert_eq!(events(&planner).await?.status(), Events::STATUS);
    app.anonymous()?.download::<Healthz>(&[], &()).await??;
    // Logging out ends that login's streams (they stop receiving: the body ends).
    manager.ok::<LogOut>(&[], &(), &()).await?;
    for stream in held {
        let ended = tokio::time::timeout(Duration::from_secs(30), stream.text()).await;
        assert!(ended.is_ok(), "a logged-out login's stream ends");
    }
    // Disabling the account ends its other login's streams too.
    let admin = app.admin().await?;
    let users = admin.ok::<ListUsers>(&[], &(), &()).await?;
    let account = users.iter().find(|u| u.login == world.login_of(Who::StoreManager)).unwrap();
    let update = shared::api::UserUpdate {
        version: account.version,
        role: account.role,
        store: account.store,
        disabled: true,
        lang: account.lang,
    };
    admin.ok::<UpdateUser>(&[&account.id.to_string()], &(), &update).await?;
    for stream in more {
        let ended = tokio::time::timeout(Duration::from_secs(30), stream.text()).await;
        assert!(ended.is_ok(), "a disabled account's streams end");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_reminders_is_one_reminder_and_the_planner_works_on() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let id = open_campaign(&app, &world, "催办洪水").await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let planner = world.session(&app, Who::Planning).await?;
    planner.perform_ok(id, &Action::StartNeeds(StartNeeds {})).await?;
    planner.perform_ok(id, &Action::CompleteNeeds(CompleteNeeds {})).await?;
    let before = notifications(&planner, &NotificationQuery::default()).await?;
    let mut accepted = 0;
    let mut refusal = None;
    for n in 0..300 {
        match manager.perform(id, &Action::SendReminder(SendReminder { note: format!("快点 {n}") })).await? {
            Ok(_) => accepted += 1,
            Err(refused) if refused.status == StatusCode::UNPROCESSABLE_ENTITY => refusal = Some(refused.error),
            Err(other) => anyhow::bail!("reminder {n}: {other}"),
        }
    }
    assert_eq!(accepted, 1, "one reminder per person per campaign in the interval");
    let refusal = refusal.unwrap();
    assert_eq!(refusal.code, RuleCode::RemindedRecently);
    assert!(refusal.message_zh.contains("后可再次催办") && refusal.message_en.contains("remind again"), "{refusal:?}");
    // The planner was told once, and works on: comment, cancel.
    let after = notifications(&planner, &NotificationQuery::default()).await?;
    assert_eq!(after.unread, before.unread + 1);
    let brainstorm = shared::campaign::Brainstorm { notes: "头脑风暴".into(), attendees: vec!["企划".into()] };
    planner.perform_ok(id, &Action::RecordBrainstorm(RecordBrainstorm { brainstorm })).await?;
    planner.perform_ok(id, &Action::Comment(Comment { text: "收到".into() })).await?;
    planner.perform_ok(id, &Action::Cancel(Cancel { reason: "门店取消".into() })).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_store_cannot_bury_planning_under_requests() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    for n in 0..shared::intake::OPEN_REQUESTS_PER_STORE_MAX {
        open_campaign(&app, &world, &format!("申请 {n}")).await?;
    }
    let manager = world.session(&app, Who::StoreManager).await?;
    let mut form = shared::intake::NewCampaign::empty(shared::campaign::CampaignType::StoreSpecific);
    form.title = "再多一个".into();
    form.stores = vec![shared::ids::StoreId(world.own_store)];
    form.starts_on = "2026-06-01".into();
    form.ends_on = "2026-06-07".into();
    let refused = manager.refused::<CreateCampaign>(&[], &(), &form).await?;
    assert_eq!((refused.status, refused.error.code), (StatusCode::CONFLICT, RuleCode::TooManyOpenRequests));
    // The other store and the center are not held up by it.
    let other = world.session(&app, Who::OtherStoreManager).await?;
    form.stores = vec![shared::ids::StoreId(world.other_store)];
    other.ok::<CreateCampaign>(&[], &(), &form).await?;
    // Once planning takes one up, the store may ask again.
    let planner = world.session(&app, Who::Planning).await?;
    let list = campaign_list(&planner).await?;
    let waiting = list.items.iter().find(|c| c.stores.contains(&shared::ids::StoreId(world.own_store))).unwrap();
    planner.perform_ok(waiting.id.0, &Action::StartNeeds(StartNeeds {})).await?;
    form.stores = vec![shared::ids::StoreId(world.own_store)];
    manager.ok::<CreateCampaign>(&[], &(), &form).await?;
    Ok(())
}

/// A client whose connections come from `source` (any 127.x.y.z address is this host),
/// keeping cookies.
fn client_from(source: [u8; 4]) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .local_address(IpAddr::from(source))
        .cookie_store(true)
        .timeout(Duration::from_secs(60))
        .build()?)
}

async fn login_status(
    client: &reqwest::Client,
    base: SocketAddr,
    login: &str,
    password: &str,
) -> anyhow::Result<StatusCode> {
    let login = LoginRequest { login: login.into(), password: password.into() };
    Ok(request::<LogIn>(client, &format!("http://{base}"), &[], &(), &login).send().await?.status())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_guess_from_each_of_many_addresses_locks_nobody_out() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let vp = world.login_of(Who::Vp).to_owned();
    // The VP's own tablet logged in yesterday: it is a known device.
    let tablet = client_from([127, 0, 9, 9])?;
    assert_eq!(login_status(&tablet, app.address, &vp, PASSWORD).await?, LogIn::STATUS);
    request::<LogOut>(&tablet, &app.url(""), &[], &(), &()).send().await?;
    // One wrong guess from each of 40 addresses, then five more from one of them.
    for n in 1..=40u8 {
        let guesser = client_from([127, 0, 1, n])?;
        let status = login_status(&guesser, app.address, &vp, "wrong-guess").await?;
        assert!(status == StatusCode::UNAUTHORIZED || status == StatusCode::TOO_MANY_REQUESTS, "{status}");
    }
    let hammer = client_from([127, 0, 1, 1])?;
    for _ in 0..5 {
        login_status(&hammer, app.address, &vp, "wrong-guess").await?;
    }
    assert_eq!(
        login_status(&hammer, app.address, &vp, PASSWORD).await?,
        StatusCode::TOO_MANY_REQUESTS,
        "the guessing address waits"
    );
    // The VP, from an address that has not been guessing, gets in.
    let new_laptop = client_from([127, 0, 2, 1])?;
    assert_eq!(login_status(&new_laptop, app.address, &vp, PASSWORD).await?, LogIn::STATUS);
    // And from the known tablet, even behind the guessing address's limits.
    assert_eq!(login_status(&tablet, app.address, &vp, PASSWORD).await?, LogIn::STATUS);
    // The administrator was never touched.
    let admin = client_from([127, 0, 3, 1])?;
    assert_eq!(login_status(&admin, app.address, "admin", tests::ADMIN_PASSWORD).await?, LogIn::STATUS);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_uploads_over_the_quota_are_refused_before_their_bodies_are_read() -> anyhow::Result<()> {
    // A quota of 4 MB a day; twenty 3 MB uploads at once.
    let app = spawn_app_with(|config| config.upload_quota_mb_per_day = 4).await?;
    let world = World::build(&app).await?;
    let manager = Arc::new(world.session(&app, Who::StoreManager).await?);
    let mut body = tests::png(4, 4, [1, 2, 3]);
    body.resize(3 * 1024 * 1024, 0);
    let uploads: Vec<_> = (0..20)
        .map(|n| {
            let (manager, body) = (manager.clone(), body.clone());
            tokio::spawn(async move { manager.try_upload(body, Some(&format!("photo-{n}.png"))).await })
        })
        .collect();
    let mut accepted = 0;
    for upload in uploads {
        match upload.await?? {
            Ok(_) => accepted += 1,
            Err(refused) => match refused.status {
                StatusCode::TOO_MANY_REQUESTS => assert_eq!(refused.error.code, RuleCode::UploadQuotaExceeded),
                StatusCode::SERVICE_UNAVAILABLE => assert_eq!(refused.error.code, RuleCode::Busy),
                _ => panic!("upload answered {refused}"),
            },
        }
    }
    assert_eq!(accepted, 1, "3 MB fits a 4 MB quota once, however many are sent at once");
    // A body that is not a file we keep is refused by its type, in words about files.
    let refused = manager.try_upload(b"{\"not\": \"a photo\"}".to_vec(), None).await?.expect_err("refused");
    assert_eq!(refused.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let error = refused.error;
    assert!(error.message_zh.contains("JPEG") && !error.message_en.contains("application/json"), "{error:?}");
    // Nothing is left in flight, nothing half-written in the upload directory.
    assert_eq!(app.metric("uploads_in_flight").await?, 0);
    let tmp = app.data_dir().join("attachments").join("tmp");
    assert_eq!(std::fs::read_dir(tmp)?.count(), 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn notifications_collapse_repeats_keep_a_bounded_number_and_page() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let mut opened = Vec::new();
    for n in 0..6 {
        opened.push(open_campaign(&app, &world, &format!("提醒合并 {n}")).await?);
        // Planning takes each up so that the store may ask again.
        planner.perform_ok(*opened.last().unwrap(), &Action::StartNeeds(StartNeeds {})).await?;
    }
    // Two people remind about each campaign: two reminders, one notification each.
    let manager = world.session(&app, Who::StoreManager).await?;
    let market = world.session(&app, Who::Market).await?;
    for id in &opened {
        manager.perform_ok(*id, &Action::SendReminder(SendReminder { note: "门店催办".into() })).await?;
        market.perform_ok(*id, &Action::SendReminder(SendReminder { note: "市场部催办".into() })).await?;
    }
    let all = notifications(&planner, &NotificationQuery::default()).await?;
    let reminders = |list: &NotificationList, id: u64| {
        list.items
            .iter()
            .filter(|n| n.campaign.0 == id && matches!(n.reason, shared::notify::Reason::Reminder { .. }))
            .count()
    };
    for id in &opened {
        assert_eq!(reminders(&all, *id), 1, "repeats about one campaign collapse into the newest");
    }
    // Pages: two at a time, newest first, each id once.
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let query = NotificationQuery { limit: Some(2), unread: false, before };
        let page = notifications(&planner, &query).await?;
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|n| n.id));
        match page.next_before {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(seen, sorted, "newest first, none twice");
    assert_eq!(seen.len(), all.items.len());
    Ok(())
}

/// Reads an answer's body as the encoding it names.
async fn decoded(response: reqwest::Response) -> anyhow::Result<(Option<String>, Vec<u8>)> {
    use std::io::Read;
    let encoding = response.headers().get("content-encoding").map(|v| v.to_str().unwrap_or("?").to_owned());
    let raw = response.bytes().await?;
    let mut plain = Vec::new();
    match encoding.as_deref() {
        Some("br") => {
            brotli_decompressor::Decompressor::new(&raw[..], 4096).read_to_end(&mut plain)?;
        }
        Some("gzip") => {
            flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut plain)?;
        }
        None => plain = raw.to_vec(),
        Some(other) => anyhow::bail!("unexpected content-encoding {other}"),
    }
    Ok((encoding, plain))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_are_compressed_for_slow_links_and_live_streams_are_not() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    for n in 0..8 {
        open_campaign(&app, &world, &format!("周末促销活动第{n}场，门店陈列与赠品准备")).await?;
    }
    let vp = world.session(&app, Who::Vp).await?;
    let mut bodies = Vec::new();
    for accept in [None, Some("br"), Some("gzip"), Some("gzip, deflate, br")] {
        let mut request = vp.request::<ListCampaigns>(&[], &CampaignQuery::default(), &());
        if let Some(accept) = accept {
            request = request.header("accept-encoding", accept);
        }
        let response = request.send().await?;
        assert_eq!(response.status(), ListCampaigns::STATUS);
        let (encoding, plain) = decoded(response).await?;
        let expected = accept.map(|a| if a.contains("br") { "br" } else { "gzip" });
        assert_eq!(encoding.as_deref(), expected, "asked for {accept:?}");
        let list: shared::api::CampaignList = serde_json::from_slice(&plain)?;
        assert_eq!(list.items.len(), 8);
        bodies.push(plain);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "every encoding carries the same answer");
    // A live stream is never buffered by a compressor: its first event arrives as it is.
    let response = vp.request::<Events>(&[], &(), &()).header("accept-encoding", "br, gzip").send().await?;
    assert_eq!(response.status(), Events::STATUS);
    assert!(response.headers().get("content-encoding").is_none());
    let mut response = response;
    let first = tokio::time::timeout(Duration::from_secs(30), response.chunk()).await??.unwrap_or_default();
    assert!(String::from_utf8_lossy(&first).contains("retry:"), "the stream's first frame arrives uncompressed");
    Ok(())
}
