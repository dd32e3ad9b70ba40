//! Holding against a hostile user with an ordinary account (issue "hostile user"): a burst
//! of guesses gets no more tries than guesses sent one by one, a lockout cannot be used
//! against someone, a proxy's clients are told apart only when the proxy is trusted,
//! referring to a file grants nothing, uploads are bounded, and the headers keep personal
//! data out of caches. Each test reproduces a finding that held before the fix.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use reqwest::{StatusCode, header};
use shared::api::{AttachmentView, CampaignDetail, CampaignQuery, LoginRequest};
use shared::campaign::CampaignType;
use shared::endpoints::{CreateCampaign, Download, Endpoint, GetSession, ListCampaigns, LogIn, LogOut};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::messages::RuleCode;
use shared::workflow::Action;
use shared::workflow::{
    Approve, CompleteNeeds, ConfirmPlan, ConfirmReceipt, RecordBrainstorm, RecordShipment, SavePlan, StartNeeds,
    SubmitDraft, SubmitForApproval,
};
use tests::{PASSWORD, Who, World, png, request, spawn_app, spawn_app_with, wait_for};

/// A client whose connections come from `source` (any 127.x.y.z address is this host).
fn client_from(source: [u8; 4]) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .local_address(IpAddr::from(source))
        .cookie_store(true)
        .timeout(Duration::from_secs(60))
        .build()?)
}

fn login(login: &str, password: &str) -> LoginRequest {
    LoginRequest { login: login.into(), password: password.into() }
}

async fn login_status(
    client: &reqwest::Client,
    base: SocketAddr,
    who: &str,
    password: &str,
) -> anyhow::Result<StatusCode> {
    let request = request::<LogIn>(client, &format!("http://{base}"), &[], &(), &login(who, password));
    Ok(request.send().await?.status())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_guesses_gets_five_tries_and_the_owner_still_gets_in_from_elsewhere() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let victim = world.login_of(Who::Vp).to_owned();
    let attacker = client_from([127, 0, 0, 1])?;
    // 200 guesses at once, the right password among them.
    let guesses: Vec<_> = (0..200)
        .map(|n| {
            let (client, victim, address) = (attacker.clone(), victim.clone(), app.address);
            let password = if n == 150 { PASSWORD.to_owned() } else { format!("guess-{n}") };
            tokio::spawn(async move { login_status(&client, address, &victim, &password).await })
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::new();
    for guess in guesses {
        *statuses.entry(guess.await??).or_insert(0) += 1;
    }
    assert!(!statuses.keys().any(|status| *status == LogIn::STATUS), "no guess got in: {statuses:?}");
    assert!(
        statuses.get(&StatusCode::UNAUTHORIZED).copied().unwrap_or(0) <= 5,
        "at most five were checked: {statuses:?}"
    );
    assert_eq!(statuses.values().sum::<i32>(), 200);
    // The right password from the attacker's address is refused for the window...
    assert_eq!(login_status(&attacker, app.address, &victim, PASSWORD).await?, StatusCode::TOO_MANY_REQUESTS);
    // ...but the owner, on an address with no failures, gets in: the lockout is not a weapon.
    let owner = client_from([127, 0, 0, 2])?;
    assert_eq!(login_status(&owner, app.address, &victim, PASSWORD).await?, LogIn::STATUS);
    // Another user from another address was never held up by the burst's hashing.
    let other = client_from([127, 0, 0, 3])?;
    assert_eq!(login_status(&other, app.address, world.login_of(Who::Planning), PASSWORD).await?, LogIn::STATUS);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proxys_clients_are_told_apart_only_when_the_proxy_is_trusted() -> anyhow::Result<()> {
    let forwarded = |client: &reqwest::Client, app: &tests::TestApp, from: &str, who: &str| {
        request::<LogIn>(client, &app.url(""), &[], &(), &login(who, "wrong-password"))
            .header("x-forwarded-for", from)
            .send()
    };
    // Behind a trusted proxy: one client's failures lock that client, not everyone.
    let app = spawn_app_with(|config| config.trusted_proxy = vec![IpAddr::from([127, 0, 0, 1])]).await?;
    let proxy = client_from([127, 0, 0, 1])?;
    for n in 0..20 {
        let status = forwarded(&proxy, &app, "203.0.113.7", &format!("nobody{n}")).await?.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(forwarded(&proxy, &app, "203.0.113.7", "nobody-else").await?.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(forwarded(&proxy, &app, "198.51.100.9", "nobody-else").await?.status(), StatusCode::UNAUTHORIZED);
    // A forged header from a peer that is not a trusted proxy changes nothing.
    let app = spawn_app().await?;
    let direct = client_from([127, 0, 0, 1])?;
    for n in 0..20 {
        let status = forwarded(&direct, &app, &format!("203.0.113.{n}"), &format!("nobody{n}")).await?.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(forwarded(&direct, &app, "198.51.100.9", "nobody-else").await?.status(), StatusCode::TOO_MANY_REQUESTS);
    // A login name is bounded before it is hashed, throttled or logged.
    let long = "x".repeat(60_000);
    let refused = tests::Session::from_client(direct, &app).refused::<LogIn>(&[], &(), &login(&long, "x")).await?;
    assert_eq!(
        (refused.status, refused.error.fields.first().map(|f| f.code)),
        (StatusCode::UNPROCESSABLE_ENTITY, Some(RuleCode::TooLong))
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn referring_to_another_stores_file_is_refused_and_grants_nothing() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let other = world.session(&app, Who::OtherStoreManager).await?;
    let private = other.upload(png(10, 10, [5, 5, 5]), "private.png").await?;
    let planner = world.session(&app, Who::Planning).await?;
    let vp = world.session(&app, Who::Vp).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    let form = NewCampaign {
        title: "店庆".into(),
        stores: vec![StoreId(world.own_store)],
        starts_on: "2026-04-01".into(),
        ends_on: "2026-04-03".into(),
        ..NewCampaign::empty(CampaignType::StoreSpecific)
    };
    let id = planner.ok::<CreateCampaign>(&[], &(), &form).await?.campaign.id.0;
    for action in [
        Action::StartNeeds(StartNeeds {}),
        Action::CompleteNeeds(CompleteNeeds {}),
        Action::RecordBrainstorm(RecordBrainstorm {
            brainstorm: shared::campaign::Brainstorm { notes: "x".into(), attendees: vec![] },
        }),
        Action::SavePlan(SavePlan {
            plan: shared::plan::PlanDocument {
                theme: "t".into(),
                strategy: "s".into(),
                implementation: "i".into(),
                forecast: "f".into(),
                budget: vec![shared::plan::BudgetLine { item: "b".into(), amount: shared::money::Fen(1) }],
                forecast_sales: None,
            },
            note: String::new(),
        }),
        Action::SubmitDraft(SubmitDraft {}),
        Action::SubmitForApproval(SubmitForApproval {}),
    ] {
        planner.perform_ok(id, &action).await?;
    }
    vp.perform_ok(id, &Action::Approve(Approve {})).await?;
    let plan = shared::campaign::StorePlan {
        starts_on: tests::test_today(),
        ends_on: tests::test_today(),
        policy: String::new(),
        materials: vec![],
        gifts: vec![],
        ship_on: tests::test_today(),
    };
    let store = shared::ids::StoreId(world.own_store);
    manager.perform_ok(id, &Action::ConfirmPlan(ConfirmPlan { store, plan })).await?;
    purchasing
        .perform_ok(
            id,
            &Action::RecordShipment(RecordShipment {
                store,
                items: vec![shared::campaign::ShippedItem { item: "海报".into(), quantity: 1 }],
                shipped_on: tests::test_today(),
                tracking: String::new(),
            }),
        )
        .await?;
    let line = shared::campaign::ReceiptLine {
        item: "海报".into(),
        expected: 1,
        received: 1,
        damaged: 0,
        note: String::new(),
    };
    let steal = Action::ConfirmReceipt(ConfirmReceipt { store, lines: vec![line.clone()], photos: vec![private.id] });
    let Err(stolen) = manager.perform(id, &steal).await? else { panic!("another store's file was taken") };
    assert_eq!(
        (stolen.status, stolen.error.fields.first().map(|f| f.field.as_str())),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("photos"))
    );
    // A missing id gets the very same answer: nothing tells which ids exist.
    let missing = Action::ConfirmReceipt(ConfirmReceipt {
        store,
        lines: vec![line.clone()],
        photos: vec![shared::ids::AttachmentId(9_999_999)],
    });
    let Err(unknown) = manager.perform(id, &missing).await? else { panic!("a missing file was accepted") };
    assert_eq!(unknown, stolen);
    let refused = manager.refused::<Download>(&[&private.id.to_string()], &(), &()).await?;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "the file is still not the store's");
    // The store's own photo is fine.
    let own = manager.upload(png(10, 10, [7, 7, 7]), "ours.png").await?;
    let done: CampaignDetail = manager
        .perform_ok(id, &Action::ConfirmReceipt(ConfirmReceipt { store, lines: vec![line], photos: vec![own.id] }))
        .await?;
    assert_eq!(done.campaign.receipts[0].photos, vec![own.id]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_bounded_per_person_and_in_all_and_orphans_are_swept() -> anyhow::Result<()> {
    let big = |seed: u8| -> Vec<u8> {
        let mut bytes = png(4, 4, [seed, seed, seed]);
        bytes.extend(std::iter::repeat_n(seed, 600 * 1024));
        bytes
    };
    // A person's daily quota.
    let app = spawn_app_with(|config| config.upload_quota_mb_per_day = 1).await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    manager.upload(big(1), "a.png").await?;
    let Err(refused) = manager.try_upload(big(2), None).await? else { panic!("an upload over the quota was kept") };
    assert_eq!((refused.status, refused.error.code), (StatusCode::TOO_MANY_REQUESTS, RuleCode::UploadQuotaExceeded));
    assert!(refused.error.message_zh.contains("上限"), "{refused}");
    world.session(&app, Who::Planning).await?.upload(big(3), "b.png").await?;
    // The budget for all uploads together.
    let app = spawn_app_with(|config| config.attachments_budget_mb = 1).await?;
    let world = World::build(&app).await?;
    world.session(&app, Who::StoreManager).await?.upload(big(4), "c.png").await?;
    let planner = world.session(&app, Who::Planning).await?;
    let Err(refused) = planner.try_upload(big(5), None).await? else { panic!("an upload over the budget was kept") };
    assert_eq!((refused.status, refused.error.code), (StatusCode::SERVICE_UNAVAILABLE, RuleCode::StorageFull));
    // Uploads nothing refers to are removed after the grace period; used ones stay.
    let app = spawn_app_with(|config| config.orphan_upload_grace_secs = 1).await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let orphan: AttachmentView = manager.upload(png(6, 6, [9, 8, 7]), "orphan.png").await?;
    let orphan = orphan.id.to_string();
    manager.download::<Download>(&[&orphan], &()).await??;
    wait_for(Duration::from_secs(20), "the orphan to be swept", || async {
        let refused = manager.download::<Download>(&[&orphan], &()).await.ok()?.err()?;
        (refused.status == StatusCode::NOT_FOUND).then_some(())
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_keep_personal_data_out_of_caches_and_files_revalidate() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let response = manager.request::<ListCampaigns>(&[], &CampaignQuery::default(), &()).send().await?;
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    assert!(!response.headers().contains_key(header::STRICT_TRANSPORT_SECURITY), "no HSTS over plain HTTP");
    // A file name that reads backwards is cleaned.
    let file = manager.upload(png(8, 8, [1, 1, 1]), "%E2%80%AEgpj.exe").await?;
    assert_eq!(file.file_name, "gpj.exe");
    let file = file.id.to_string();
    let download = || manager.request::<Download>(&[&file], &(), &());
    let first = download().send().await?;
    assert_eq!(first.headers()[header::CACHE_CONTROL], "private, no-cache");
    let tag = first.headers()[header::ETAG].clone();
    let again = download().header(header::IF_NONE_MATCH, tag.clone()).send().await?;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // After logout, revalidation fails: the browser's copy is not served again.
    manager.ok::<LogOut>(&[], &(), &()).await?;
    let after = download().header(header::IF_NONE_MATCH, tag).send().await?;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_an_https_public_url_cookies_are_host_bound_hsts_is_sent_and_only_that_origin_may_post()
-> anyhow::Result<()> {
    let app = spawn_app_with(|config| config.public_url = Some("https://hlj.example.cn".into())).await?;
    let client = reqwest::Client::builder().build()?;
    let login = |origin: Option<&str>| {
        let mut request = request::<LogIn>(&client, &app.url(""), &[], &(), &login("admin", tests::ADMIN_PASSWORD));
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        request.send()
    };
    // The Host header is the client's to set: it proves nothing about the origin.
    let forged = login(Some(&format!("http://{}", app.address))).await?;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let good = login(Some("https://hlj.example.cn")).await?;
    assert_eq!(good.status(), LogIn::STATUS);
    assert_eq!(good.headers()[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");
    let cookie = good.headers()[header::SET_COOKIE].to_str()?.to_owned();
    assert!(
        cookie.starts_with("__Host-cd_session=") && cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    let token = cookie.split(';').next().unwrap_or_default().to_owned();
    let me = |cookies: String| {
        request::<GetSession>(&client, &app.url(""), &[], &(), &()).header(header::COOKIE, cookies).send()
    };
    assert_eq!(me(token.clone()).await?.status(), GetSession::STATUS);
    // Two session cookies (one planted by someone else): neither is trusted.
    let planted = format!("__Host-cd_session={}; {token}", "0".repeat(64));
    assert_eq!(me(planted).await?.status(), StatusCode::UNAUTHORIZED);
    // The plain-HTTP name is not the session under HTTPS.
    let plain = token.replacen("__Host-cd_session", "cd_session", 1);
    assert_eq!(me(plain).await?.status(), StatusCode::UNAUTHORIZED);
    Ok(())
}
