//! Rules that must not depend on how a question is asked: R7's flags whatever report
//! window shows a month, an idempotency key bound to its one request (and released when
//! that request dies), and free text without control characters or direction overrides.

use reqwest::StatusCode;
use shared::api::{CampaignQuery, IDEMPOTENCY_KEY_HEADER, KpiQuery, NewUser, PasswordReset, Write};
use shared::campaign::{CampaignType, Needs};
use shared::endpoints::{
    CreateCampaign, CreateStore, CreateUser, Endpoint, ExportKpiCsv, GetKpi, ListCampaigns, ListUsers, ResetPassword,
};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::messages::RuleCode;
use shared::org::{Province, Role, Store, StoreStatus};
use shared::workflow::{Action, SendReminder};
use tests::{Who, World, answer, spawn_app, spawn_app_with, wait_for};

fn store_specific(title: &str, store: u64) -> NewCampaign {
    NewCampaign {
        title: title.into(),
        stores: vec![StoreId(store)],
        starts_on: "2026-04-01".into(),
        ends_on: "2026-04-03".into(),
        ..NewCampaign::empty(CampaignType::StoreSpecific)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_months_kpi_flags_are_the_same_in_every_report_window_and_export() -> anyhow::Result<()> {
    // The demo region: 王赫 has three bad months in a row, 丁梦萌 one.
    let app = spawn_app_with(|config| config.no_demo = false).await?;
    let vp = app.login("zhangdai", "demo2026").await?;
    let wide = vp.ok::<GetKpi>(&[], &KpiQuery { from: "2025-01".into(), to: "2026-03".into() }, &()).await?;
    let flagged: Vec<_> = wide.rows.iter().filter(|r| r.disciplinary_review).collect();
    assert!(!flagged.is_empty(), "the demo region has a disciplinary review: {:?}", wide.rows);
    for row in &wide.rows {
        let month = &row.month;
        let narrow = vp.ok::<GetKpi>(&[], &KpiQuery { from: month.clone(), to: month.clone() }, &()).await?;
        let same = narrow.rows.iter().find(|r| r.staff == row.staff);
        assert_eq!(same, Some(row), "{} in {month}: the one-month report differs from the wide one", row.name);
    }
    // The CSV of the single month says the same.
    let row = flagged[0];
    let month = KpiQuery { from: row.month.clone(), to: row.month.clone() };
    let csv = String::from_utf8(vp.download::<ExportKpiCsv>(&[], &month).await??)?;
    let line = csv.lines().find(|l| l.contains(&row.name)).unwrap_or_default();
    assert!(line.ends_with(",是,是"), "{} in {}: {line}", row.name, row.month);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idempotency_key_answers_only_its_own_request() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let service = world.session(&app, Who::ServiceCenter).await?;
    let send = |title: &str| {
        let form = store_specific(title, world.own_store);
        service.request::<CreateCampaign>(&[], &(), &form).header(IDEMPOTENCY_KEY_HEADER, "key-1").send()
    };
    let first = send("店庆").await?;
    assert_eq!(first.status(), CreateCampaign::STATUS);
    let again = send("店庆").await?;
    assert_eq!((again.status(), again.headers().contains_key("idempotent-replay")), (StatusCode::CREATED, true));
    let Err(other) = answer::<CreateCampaign>(send("另一个活动").await?).await? else {
        panic!("a key reused for another request was accepted")
    };
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (other.error.code, other.error.fields.first().map(|f| f.field.as_str())),
        (RuleCode::IdempotencyKeyReused, Some("Idempotency-Key"))
    );
    assert!(!other.error.message_zh.is_empty() && !other.error.message_en.is_empty());
    let list = service.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    assert_eq!(list.items.len(), 1, "one campaign, whatever was retried");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_timed_out_releases_its_idempotency_key() -> anyhow::Result<()> {
    let app = spawn_app_with(|config| config.request_timeout_ms = 500).await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let users = admin.ok::<ListUsers>(&[], &(), &()).await?;
    let target = users
        .iter()
        .find(|u| u.login == world.login_of(Who::Market))
        .map(|u| u.id.to_string())
        .ok_or_else(|| anyhow::anyhow!("no account of the market department"))?;
    // Password hashing runs two at a time: a hundred resets keep it busy for seconds.
    let asked = app.metric("password_hashes_total").await?;
    let busy: Vec<_> = (0..100)
        .map(|_| {
            let reset = PasswordReset { password: "another-password-1".into() };
            tokio::spawn(admin.request::<ResetPassword>(&[&target], &(), &reset).send())
        })
        .collect();
    // The keyed reset must queue behind all of them: sent once every one has asked for
    // its hash (as soon as it does: those ahead that time out leave the queue).
    wait_for(std::time::Duration::from_secs(10), "the resets to queue for hashing", || async {
        (app.metric("password_hashes_total").await.ok()? >= asked + 100).then_some(())
    })
    .await?;
    let keyed = || {
        let reset = PasswordReset { password: "the-new-password".into() };
        admin.request::<ResetPassword>(&[&target], &(), &reset).header(IDEMPOTENCY_KEY_HEADER, "reset-1").send()
    };
    let first = keyed().await?;
    assert_eq!(first.status(), StatusCode::SERVICE_UNAVAILABLE, "the reset waits behind the others and times out");
    for request in busy {
        let _ = request.await?;
    }
    // Its retry runs for real instead of waiting forever on "in progress".
    answer::<ResetPassword>(keyed().await?).await?.map_err(|refused| anyhow::anyhow!("the retry: {refused}"))?;
    app.login(world.login_of(Who::Market), "the-new-password").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_characters_and_direction_overrides_are_refused_in_free_text() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let service = world.session(&app, Who::ServiceCenter).await?;
    for title in ["标题\u{0}后半", "\u{1}\u{2}\u{3}", "报价\u{202E}fdp.exe", "两行\n标题"] {
        let refused = service.refused::<CreateCampaign>(&[], &(), &store_specific(title, world.own_store)).await?;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{title:?}: {refused}");
        let field = refused.error.fields.first().ok_or_else(|| anyhow::anyhow!("no field named: {refused}"))?;
        assert_eq!((field.field.as_str(), field.code), ("title", RuleCode::ForbiddenCharacter));
        assert!(field.message_zh.contains("控制字符"), "{refused}");
        assert!(field.message_en.contains("Control characters"), "{refused}");
    }
    // Notes may span lines; a note with an escape character may not.
    let form = NewCampaign {
        needs: Needs { wishes: "第一行\n第二行".into(), policy: String::new(), budget_hint: String::new() },
        ..store_specific("店庆", world.own_store)
    };
    let id = service.ok::<CreateCampaign>(&[], &(), &form).await?.campaign.id.0;
    let planner = world.session(&app, Who::Planning).await?;
    let reminder = Action::SendReminder(SendReminder { note: "请尽快\u{1b}[31m处理".into() });
    let Err(refused) = planner.perform(id, &reminder).await? else { panic!("an escape character was kept") };
    assert_eq!(
        (refused.status, refused.error.fields.first().map(|f| f.code)),
        (StatusCode::UNPROCESSABLE_ENTITY, Some(RuleCode::ForbiddenCharacter))
    );
    // The org and accounts too.
    let admin = app.admin().await?;
    let user = NewUser {
        login: "zhao".into(),
        password: "long-enough-1".into(),
        role: Role::Brand,
        person: None,
        name: "赵\u{202E}刚".into(),
        store: None,
    };
    let refused = admin.refused::<CreateUser>(&[], &(), &user).await?;
    assert_eq!(
        (refused.status, refused.error.fields.first().map(|f| f.field.as_str())),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );
    let store = Store {
        id: StoreId(0),
        code: "HLJ-9".into(),
        name: "鸡西\u{7}店".into(),
        province: Province::Heilongjiang,
        city: "鸡西".into(),
        address: String::new(),
        manager: None,
        opened_on: None,
        status: StoreStatus::Open,
    };
    let refused = admin.refused::<CreateStore>(&[], &(), &Write { version: 0, value: store }).await?;
    assert_eq!(
        (refused.status, refused.error.fields.first().map(|f| f.code)),
        (StatusCode::UNPROCESSABLE_ENTITY, Some(RuleCode::ForbiddenCharacter))
    );
    Ok(())
}
