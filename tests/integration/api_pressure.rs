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
use shared::api::{
    ActionRequest, ApiError, CampaignDetail, CampaignList, LoginRequest, NotificationList, NotificationQuery, path,
    routes,
};
use shared::endpoints::{Endpoint, GetCampaign, ListCampaigns, ListNotifications, url};
use shared::messages::RuleCode;
use shared::workflow::Action;
use shared::workflow::{Cancel, Comment, CompleteNeeds, RecordBrainstorm, SavePlan, SendReminder, StartNeeds};
use tests::{PASSWORD, Session, TestApp, World, spawn_app, spawn_app_with};

/// Opens a store-specific campaign for the world's first store as its manager; its id.
async fn open_campaign(app: &TestApp, world: &World, title: &str) -> anyhow::Result<u64> {
    let manager = world.session(app, "store_manager").await?;
    let mut form = shared::intake::NewCampaign::empty(shared::campaign::CampaignType::StoreSpecific);
    form.title = title.into();
    form.stores = vec![shared::ids::StoreId(world.own_store)];
    form.starts_on = "2026-06-01".into();
    form.ends_on = "2026-06-07".into();
    let response = manager.client.post(app.url(routes::CAMPAIGNS)).json(&form).send().await?;
    anyhow::ensure!(response.status().as_u16() == shared::endpoints::CreateCampaign::STATUS, "{response:?}");
    Ok(response.json::<CampaignDetail>().await?.campaign.campaign().id.0)
}

fn campaign_path(id: u64) -> String {
    url::<GetCampaign>(&[&id.to_string()], &())
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
    let planner = Arc::new(world.session(&app, "planning").await?);
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
                let (status, body) = planner.perform(id, &action).await?;
                // Two writers on one campaign never happen here; every write lands.
                anyhow::ensure!(status == StatusCode::OK, "{status} {body}");
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
        let who = if reader % 2 == 0 { "planning" } else { "vp" };
        let session = world.session(&app, who).await?;
        let (stop, campaigns) = (stop.clone(), campaigns);
        readers.push(tokio::spawn(async move {
            let mut reads = 0u64;
            while !stop.load(Ordering::Relaxed) {
                for id in campaigns {
                    let detail: CampaignDetail = session.fetch(&campaign_path(id)).await?;
                    assert_whole(&detail);
                    reads += 1;
                }
                let list: CampaignList = session.fetch(&url::<ListCampaigns>(&[], &Default::default())).await?;
                anyhow::ensure!(list.items.len() >= 2);
                for export in [routes::CAMPAIGNS_CSV, routes::CAMPAIGNS_XLSX] {
                    let (status, _) = session.get_bytes(export).await?;
                    anyhow::ensure!(status == StatusCode::OK, "{export}: {status}");
                }
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
    let planner = world.session(&app, "planning").await?;
    planner.perform_ok(id, &Action::StartNeeds(StartNeeds {})).await?;
    planner.perform_ok(id, &Action::CompleteNeeds(CompleteNeeds {})).await?;
    let brainstorm = shared::campaign::Brainstorm { notes: "头脑风暴".into(), attendees: vec!["企划".into()] };
    planner.perform_ok(id, &Action::RecordBrainstorm(RecordBrainstorm { brainstorm })).await?;
    let action_path =
        |kind: shared::workflow::ActionKind| path(routes::CAMPAIGN_ACTION, &[&id.to_string(), kind.as_str()]);
    // Comments from two of seven people at a time (so that no one reaches the limit of
    // comments one person may write).
    let mut people = Vec::new();
    for who in ["planning", "vp", "design", "video", "brand", "merchandise", "purchasing"] {
        people.push(world.session(&app, who).await?);
    }
    let mut outcomes = std::collections::BTreeMap::new();
    for round in 0..400 {
        let (first, second) = (&people[round % 7], &people[(round + 1 + round / 7) % 7]);
        let second = if std::ptr::eq(first, second) { &people[(round + 3) % 7] } else { second };
        let detail: CampaignDetail = planner.fetch(&campaign_path(id)).await?;
        let version = detail.campaign.campaign().version;
        let send = |session: &Session, text: String| {
            let request = ActionRequest { version, action: Action::Comment(Comment { text }) };
            session.client.post(session.url(&action_path(shared::workflow::ActionKind::Comment))).json(&request).send()
        };
        // Comments from two people (each stays under the per-person limits).
        let (a, b) = tokio::join!(send(first, format!("意见甲 {round}")), send(second, format!("意见乙 {round}")));
        let (a, b) = (a?.status().as_u16(), b?.status().as_u16());
        let mut pair = [a, b];
        pair.sort_unstable();
        *outcomes.entry(pair).or_insert(0) += 1;
        assert_eq!(pair, [200, 409], "round {round}: exactly one wins, the other is told it lost");
        if round % 97 == 96 {
            // Now and then the loser's answer is read: the rule, in both languages.
            let request = ActionRequest { version, action: Action::Comment(Comment { text: "迟到".into() }) };
            let response = planner
                .client
                .post(planner.url(&action_path(shared::workflow::ActionKind::Comment)))
                .json(&request)
                .send()
                .await?;
            assert_eq!(response.status(), StatusCode::CONFLICT);
            let error: ApiError = response.json().await?;
            assert_eq!(error.code, RuleCode::StaleVersion);
            assert!(!error.message_zh.is_empty() && !error.message_en.is_empty());
        }
    }
    assert_eq!(outcomes.get(&[200, 409]), Some(&400));
    let detail: CampaignDetail = planner.fetch(&campaign_path(id)).await?;
    assert_whole(&detail);
    Ok(())
}

async fn status_of(response: reqwest::Response) -> anyhow::Result<(u16, Option<ApiError>)> {
    let status = response.status().as_u16();
    let text = response.text().await?;
    Ok((status, serde_json::from_str(&text).ok()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn live_streams_are_bounded_per_login_and_account_and_end_at_logout() -> anyhow::Result<()> {
    use shared::endpoints::Events;
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, "store_manager").await?;
    let events = url::<Events>(&[], &());
    // A session opens stream after stream and holds them.
    let mut held = Vec::new();
    let mut refused = None;
    for _ in 0..200 {
        let response = manager.client.get(manager.url(&events)).send().await?;
        if response.status() == StatusCode::OK {
            held.push(response);
        } else {
            refused = Some(status_of(response).await?);
            break;
        }
    }
    assert_eq!(held.len(), server::notify::hub::STREAMS_PER_SESSION_MAX, "one login holds at most this many");
    let (status, error) = refused.unwrap();
    assert_eq!(status, 429);
    let error = error.unwrap();
    assert_eq!(error.code, RuleCode::TooManyStreams);
    assert!(error.message_zh.contains("实时更新") && error.message_en.contains("live updates"), "{error:?}");
    // The same account on another device gets its own, up to the account's limit.
    let second_device = world.session(&app, "store_manager").await?;
    let mut more = Vec::new();
    loop {
        let response = second_device.client.get(second_device.url(&events)).send().await?;
        if response.status() != StatusCode::OK {
            assert_eq!(status_of(response).await?.0, 429);
            break;
        }
        more.push(response);
    }
    assert_eq!(held.len() + more.len(), server::notify::hub::STREAMS_PER_ACCOUNT_MAX);
    // Everyone else is untouched: their streams, logins and the health check.
    let planner = world.session(&app, "planning").await?;
    assert_eq!(planner.client.get(planner.url(&events)).send().await?.status(), StatusCode::OK);
    assert_eq!(app.anonymous()?.get_text(routes::HEALTHZ).await?.0, StatusCode::OK);
    // Logging out ends that login's streams (they stop receiving: the body ends).
    let response = manager.client.delete(manager.url(routes::SESSION)).send().await?;
    assert_eq!(response.status().as_u16(), shared::endpoints::LogOut::STATUS);
    for stream in held {
        let ended = tokio::time::timeout(Duration::from_secs(30), stream.text()).await;
        assert!(ended.is_ok(), "a logged-out login's stream ends");
    }
    // Disabling the account ends its other login's streams too.
    let admin = app.admin().await?;
    let users: Vec<shared::api::UserView> = admin.fetch(routes::USERS).await?;
    let account = users.iter().find(|u| u.login == world.login_of("store_manager")).unwrap();
    let update = shared::api::UserUpdate {
        version: account.version,
        role: account.role,
        store: account.store,
        disabled: true,
        lang: account.lang,
    };
    let response =
        admin.client.put(admin.url(&path(routes::USER, &[&account.id.0.to_string()]))).json(&update).send().await?;
    assert_eq!(response.status(), StatusCode::OK);
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
    let manager = world.session(&app, "store_manager").await?;
    let planner = world.session(&app, "planning").await?;
    planner.perform_ok(id, &Action::StartNeeds(StartNeeds {})).await?;
    planner.perform_ok(id, &Action::CompleteNeeds(CompleteNeeds {})).await?;
    let before: NotificationList = planner.fetch(&url::<ListNotifications>(&[], &NotificationQuery::default())).await?;
    let mut accepted = 0;
    let mut refusal = None;
    for n in 0..300 {
        let (status, body) =
            manager.perform(id, &Action::SendReminder(SendReminder { note: format!("快点 {n}") })).await?;
        match status {
            StatusCode::OK => accepted += 1,
            StatusCode::UNPROCESSABLE_ENTITY => refusal = Some(serde_json::from_value::<ApiError>(body)?),
            other => anyhow::bail!("reminder {n}: {other} {body}"),
        }
    }
    assert_eq!(accepted, 1, "one reminder per person per campaign in the interval");
    let refusal = refusal.unwrap();
    assert_eq!(refusal.code, RuleCode::RemindedRecently);
    assert!(refusal.message_zh.contains("后可再次催办") && refusal.message_en.contains("remind again"), "{refusal:?}");
    // The planner was told once, and works on: comment, cancel.
    let after: NotificationList = planner.fetch(&url::<ListNotifications>(&[], &NotificationQuery::default())).await?;
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
    let manager = world.session(&app, "store_manager").await?;
    let mut form = shared::intake::NewCampaign::empty(shared::campaign::CampaignType::StoreSpecific);
    form.title = "再多一个".into();
    form.stores = vec![shared::ids::StoreId(world.own_store)];
    form.starts_on = "2026-06-01".into();
    form.ends_on = "2026-06-07".into();
    let (status, error) = status_of(manager.client.post(app.url(routes::CAMPAIGNS)).json(&form).send().await?).await?;
    assert_eq!(status, 409);
    assert_eq!(error.unwrap().code, RuleCode::TooManyOpenRequests);
    // The other store and the center are not held up by it.
    let other = world.session(&app, "other_store_manager").await?;
    form.stores = vec![shared::ids::StoreId(world.other_store)];
    assert_eq!(other.client.post(app.url(routes::CAMPAIGNS)).json(&form).send().await?.status(), StatusCode::CREATED);
    // Once planning takes one up, the store may ask again.
    let planner = world.session(&app, "planning").await?;
    let list: CampaignList = planner.fetch(&url::<ListCampaigns>(&[], &Default::default())).await?;
    let waiting = list.items.iter().find(|c| c.stores.contains(&shared::ids::StoreId(world.own_store))).unwrap();
    planner.perform_ok(waiting.id.0, &Action::StartNeeds(StartNeeds {})).await?;
    form.stores = vec![shared::ids::StoreId(world.own_store)];
    assert_eq!(manager.client.post(app.url(routes::CAMPAIGNS)).json(&form).send().await?.status(), StatusCode::CREATED);
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

async fn login_status(client: &reqwest::Client, base: SocketAddr, login: &str, password: &str) -> anyhow::Result<u16> {
    let request = LoginRequest { login: login.into(), password: password.into() };
    Ok(client.post(format!("http://{base}{}", routes::SESSION)).json(&request).send().await?.status().as_u16())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_guess_from_each_of_many_addresses_locks_nobody_out() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let vp = world.login_of("vp").to_owned();
    // The VP's own tablet logged in yesterday: it is a known device.
    let tablet = client_from([127, 0, 9, 9])?;
    assert_eq!(login_status(&tablet, app.address, &vp, PASSWORD).await?, 200);
    tablet.delete(format!("http://{}{}", app.address, routes::SESSION)).send().await?;
    // One wrong guess from each of 40 addresses, then five more from one of them.
    for n in 1..=40u8 {
        let guesser = client_from([127, 0, 1, n])?;
        let status = login_status(&guesser, app.address, &vp, "wrong-guess").await?;
        assert!(status == 401 || status == 429, "{status}");
    }
    let hammer = client_from([127, 0, 1, 1])?;
    for _ in 0..5 {
        login_status(&hammer, app.address, &vp, "wrong-guess").await?;
    }
    assert_eq!(login_status(&hammer, app.address, &vp, PASSWORD).await?, 429, "the guessing address waits");
    // The VP, from an address that has not been guessing, gets in.
    let new_laptop = client_from([127, 0, 2, 1])?;
    assert_eq!(login_status(&new_laptop, app.address, &vp, PASSWORD).await?, 200);
    // And from the known tablet, even behind the guessing address's limits.
    assert_eq!(login_status(&tablet, app.address, &vp, PASSWORD).await?, 200);
    // The administrator was never touched.
    let admin = client_from([127, 0, 3, 1])?;
    assert_eq!(login_status(&admin, app.address, "admin", tests::ADMIN_PASSWORD).await?, 200);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_uploads_over_the_quota_are_refused_before_their_bodies_are_read() -> anyhow::Result<()> {
    // A quota of 4 MB a day; twenty 3 MB uploads at once.
    let app = spawn_app_with(|config| config.upload_quota_mb_per_day = 4).await?;
    let world = World::build(&app).await?;
    let manager = Arc::new(world.session(&app, "store_manager").await?);
    let mut body = tests::png(4, 4, [1, 2, 3]);
    body.resize(3 * 1024 * 1024, 0);
    let uploads: Vec<_> = (0..20)
        .map(|n| {
            let (manager, body) = (manager.clone(), body.clone());
            tokio::spawn(async move {
                let response = manager
                    .client
                    .post(manager.url(routes::ATTACHMENTS))
                    .header("x-file-name", format!("photo-{n}.png"))
                    .body(body)
                    .send()
                    .await?;
                status_of(response).await
            })
        })
        .collect();
    let mut accepted = 0;
    for upload in uploads {
        let (status, error) = upload.await??;
        match status {
            201 => accepted += 1,
            429 => assert_eq!(error.unwrap().code, RuleCode::UploadQuotaExceeded),
            503 => assert_eq!(error.unwrap().code, RuleCode::Busy),
            other => panic!("upload answered {other}"),
        }
    }
    assert_eq!(accepted, 1, "3 MB fits a 4 MB quota once, however many are sent at once");
    // A body that is not a file we keep is refused by its type, in words about files.
    let response = manager.client.post(manager.url(routes::ATTACHMENTS)).body("{\"not\": \"a photo\"}").send().await?;
    let (status, error) = status_of(response).await?;
    assert_eq!(status, 415);
    let error = error.unwrap();
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
    let planner = world.session(&app, "planning").await?;
    let mut opened = Vec::new();
    for n in 0..6 {
        opened.push(open_campaign(&app, &world, &format!("提醒合并 {n}")).await?);
        // Planning takes each up so that the store may ask again.
        planner.perform_ok(*opened.last().unwrap(), &Action::StartNeeds(StartNeeds {})).await?;
    }
    // Two people remind about each campaign: two reminders, one notification each.
    let manager = world.session(&app, "store_manager").await?;
    let market = world.session(&app, "market").await?;
    for id in &opened {
        manager.perform_ok(*id, &Action::SendReminder(SendReminder { note: "门店催办".into() })).await?;
        market.perform_ok(*id, &Action::SendReminder(SendReminder { note: "市场部催办".into() })).await?;
    }
    let all: NotificationList = planner.fetch(&url::<ListNotifications>(&[], &NotificationQuery::default())).await?;
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
        let page: NotificationList = planner.fetch(&url::<ListNotifications>(&[], &query)).await?;
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
    let vp = world.session(&app, "vp").await?;
    let list_url = vp.url(&url::<ListCampaigns>(&[], &shared::api::CampaignQuery::default()));
    let mut bodies = Vec::new();
    for accept in [None, Some("br"), Some("gzip"), Some("gzip, deflate, br")] {
        let mut request = vp.client.get(&list_url);
        if let Some(accept) = accept {
            request = request.header("accept-encoding", accept);
        }
        let response = request.send().await?;
        assert_eq!(response.status(), ListCampaigns::STATUS);
        let (encoding, plain) = decoded(response).await?;
        let expected = accept.map(|a| if a.contains("br") { "br" } else { "gzip" });
        assert_eq!(encoding.as_deref(), expected, "asked for {accept:?}");
        let list: CampaignList = serde_json::from_slice(&plain)?;
        assert_eq!(list.items.len(), 8);
        bodies.push(plain);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "every encoding carries the same answer");
    // A live stream is never buffered by a compressor: its first event arrives as it is.
    let response = vp.client.get(vp.url(routes::EVENTS)).header("accept-encoding", "br, gzip").send().await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("content-encoding").is_none());
    let mut response = response;
    let first = tokio::time::timeout(Duration::from_secs(30), response.chunk()).await??.unwrap_or_default();
    assert!(String::from_utf8_lossy(&first).contains("retry:"), "the stream's first frame arrives uncompressed");
    Ok(())
}
