//! Accounts and sessions over real HTTP: login, logout, expiry, throttling, cross-origin
//! refusal, idempotent retries, and a restart that keeps data and sessions.

use std::time::Duration;

use reqwest::StatusCode;
use shared::api::{CampaignQuery, IDEMPOTENCY_KEY_HEADER, LoginRequest, Write};
use shared::campaign::CampaignType;
use shared::endpoints::{
    CreateCampaign, CreateOrgUnit, Endpoint, GetCampaign, GetSession, ListCampaigns, LogIn, LogOut,
};
use shared::ids::{OrgUnitId, StoreId};
use shared::intake::NewCampaign;
use shared::messages::RuleCode;
use shared::org::{OrgUnit, OrgUnitKind, Role};
use tests::{PASSWORD, Who, World, answer, request, spawn_app, spawn_app_with, wait_for};

fn admin_login() -> LoginRequest {
    LoginRequest { login: "admin".into(), password: tests::ADMIN_PASSWORD.into() }
}

fn store_specific(title: &str, store: u64) -> NewCampaign {
    NewCampaign {
        title: title.into(),
        stores: vec![StoreId(store)],
        starts_on: "2026-04-01".into(),
        ends_on: "2026-04-03".into(),
        ..NewCampaign::empty(CampaignType::StoreSpecific)
    }
}

#[tokio::test]
async fn login_sets_an_http_only_strict_cookie_and_logout_ends_the_session() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let anonymous = app.anonymous()?;
    let refused = anonymous.refused::<GetSession>(&[], &(), &()).await?;
    assert_eq!((refused.status, refused.error.code), (StatusCode::UNAUTHORIZED, RuleCode::Unauthenticated));

    let response = anonymous.request::<LogIn>(&[], &(), &admin_login()).send().await?;
    let cookie = response.headers()["set-cookie"].to_str()?.to_owned();
    answer::<LogIn>(response).await??;
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http without a https public URL: no Secure flag");
    let me = anonymous.ok::<GetSession>(&[], &(), &()).await?;
    assert_eq!(me.role, Role::Admin);

    anonymous.ok::<LogOut>(&[], &(), &()).await?;
    assert_eq!(anonymous.refused::<GetSession>(&[], &(), &()).await?.status, StatusCode::UNAUTHORIZED);
    Ok(())
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_the_sixth_try_is_throttled() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let client = app.anonymous()?;
    let wrong = LoginRequest { login: "admin".into(), password: "wrong-password".into() };
    for _ in 0..5 {
        let refused = client.refused::<LogIn>(&[], &(), &wrong).await?;
        assert_eq!((refused.status, refused.error.code), (StatusCode::UNAUTHORIZED, RuleCode::BadCredentials));
    }
    let response = client.request::<LogIn>(&[], &(), &admin_login()).send().await?;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits out the window");
    assert!(response.headers().contains_key("retry-after"));
    let Err(refused) = answer::<LogIn>(response).await? else { panic!("the right password got in during the window") };
    assert_eq!(refused.error.code, RuleCode::TooManyAttempts);
    assert!(refused.error.message_zh.contains("分钟"), "{refused}");
    Ok(())
}

#[tokio::test]
async fn a_session_expires_after_its_time_to_live() -> anyhow::Result<()> {
    let app = spawn_app_with(|config| config.session_ttl_secs = 1).await?;
    let admin = app.admin().await?;
    admin.ok::<GetSession>(&[], &(), &()).await?;
    wait_for(Duration::from_secs(10), "the session to expire", || async {
        let refused = admin.call::<GetSession>(&[], &(), &()).await.ok()?.err()?;
        (refused.status == StatusCode::UNAUTHORIZED).then_some(())
    })
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_cross_origin_post_is_refused_and_a_same_origin_one_is_not() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let admin = app.admin().await?;
    let unit = OrgUnit {
        id: OrgUnitId(0),
        kind: OrgUnitKind::Department,
        name: "测试部".into(),
        parent: None,
        goal: String::new(),
        responsibilities: vec![],
        role: None,
    };
    let body = Write { version: 0, value: unit };
    let response =
        admin.request::<CreateOrgUnit>(&[], &(), &body).header("origin", "https://evil.example").send().await?;
    let Err(refused) = answer::<CreateOrgUnit>(response).await? else { panic!("a cross-origin write was applied") };
    assert_eq!((refused.status, refused.error.code), (StatusCode::FORBIDDEN, RuleCode::CrossOrigin));
    let response =
        admin.request::<CreateOrgUnit>(&[], &(), &body).header("sec-fetch-site", "cross-site").send().await?;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = admin
        .request::<CreateOrgUnit>(&[], &(), &body)
        .header("origin", format!("http://{}", app.address))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await?;
    assert_eq!(response.status(), CreateOrgUnit::STATUS);
    answer::<CreateOrgUnit>(response).await??;
    Ok(())
}

#[tokio::test]
async fn a_retried_post_with_the_same_idempotency_key_applies_once() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let form = store_specific("周年庆", world.own_store);
    let mut ids = Vec::new();
    for _ in 0..3 {
        let response = manager
            .request::<CreateCampaign>(&[], &(), &form)
            .header(IDEMPOTENCY_KEY_HEADER, "tablet-7f3a-0001")
            .send()
            .await?;
        assert_eq!(response.status(), CreateCampaign::STATUS);
        ids.push(answer::<CreateCampaign>(response).await??.campaign.id);
    }
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let list = manager.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    assert_eq!(list.items.len(), 1, "three sends, one campaign");
    // A different key is a different request.
    let response = manager
        .request::<CreateCampaign>(&[], &(), &form)
        .header(IDEMPOTENCY_KEY_HEADER, "tablet-7f3a-0002")
        .send()
        .await?;
    assert_eq!(response.status(), CreateCampaign::STATUS);
    let list = manager.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    assert_eq!(list.items.len(), 2);
    Ok(())
}

#[tokio::test]
async fn data_and_sessions_survive_a_restart() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let plain = reqwest::Client::new();
    let login = LoginRequest { login: world.login_of(Who::StoreManager).into(), password: PASSWORD.into() };
    let response = request::<LogIn>(&plain, &app.url(""), &[], &(), &login).send().await?;
    let cookie = response.headers()["set-cookie"].to_str()?.split(';').next().unwrap().to_owned();
    answer::<LogIn>(response).await??;
    let form = store_specific("重启之前", world.own_store);
    let response =
        request::<CreateCampaign>(&plain, &app.url(""), &[], &(), &form).header("cookie", &cookie).send().await?;
    let id = answer::<CreateCampaign>(response).await??.campaign.id.to_string();

    let app = app.restart().await?;
    let response =
        request::<GetCampaign>(&plain, &app.url(""), &[&id], &(), &()).header("cookie", &cookie).send().await?;
    assert_eq!(response.status(), GetCampaign::STATUS, "the session and the campaign are both still there");
    let detail = answer::<GetCampaign>(response).await??;
    assert_eq!(detail.campaign.title, "重启之前");
    Ok(())
}
