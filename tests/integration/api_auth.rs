//! Accounts and sessions over real HTTP: login, logout, expiry, throttling, cross-origin
//! refusal, idempotent retries, and a restart that keeps data and sessions.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;
use shared::api::{IDEMPOTENCY_KEY_HEADER, path, routes};
use tests::{PASSWORD, World, spawn_app, spawn_app_with, wait_for};

#[tokio::test]
async fn login_sets_an_http_only_strict_cookie_and_logout_ends_the_session() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let anonymous = app.anonymous()?;
    let (status, body) = anonymous.get(routes::SESSION).await?;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("UNAUTHENTICATED")));

    let response = anonymous
        .client
        .post(anonymous.url(routes::SESSION))
        .json(&json!({"login": "admin", "password": tests::ADMIN_PASSWORD}))
        .send()
        .await?;
    let cookie = response.headers()["set-cookie"].to_str()?.to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http without a https public URL: no Secure flag");
    let (status, me) = anonymous.get(routes::SESSION).await?;
    assert_eq!((status, me["role"].as_str()), (StatusCode::OK, Some("admin")));

    let response = anonymous.client.delete(anonymous.url(routes::SESSION)).send().await?;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(anonymous.get(routes::SESSION).await?.0, StatusCode::UNAUTHORIZED);
    Ok(())
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_the_sixth_try_is_throttled() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let client = app.anonymous()?;
    for _ in 0..5 {
        let (status, body) =
            client.post(routes::SESSION, &json!({"login": "admin", "password": "wrong-password"})).await?;
        assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("BAD_CREDENTIALS")));
    }
    let response = client
        .client
        .post(client.url(routes::SESSION))
        .json(&json!({"login": "admin", "password": tests::ADMIN_PASSWORD}))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits out the window");
    assert!(response.headers().contains_key("retry-after"));
    let body: serde_json::Value = response.json().await?;
    assert_eq!(body["code"], "TOO_MANY_ATTEMPTS");
    assert!(body["message_zh"].as_str().is_some_and(|m| m.contains("分钟")));
    Ok(())
}

#[tokio::test]
async fn a_session_expires_after_its_time_to_live() -> anyhow::Result<()> {
    let app = spawn_app_with(|config| config.session_ttl_secs = 1).await?;
    let admin = app.admin().await?;
    assert_eq!(admin.get(routes::SESSION).await?.0, StatusCode::OK);
    wait_for(Duration::from_secs(10), "the session to expire", || async {
        (admin.get(routes::SESSION).await.ok()?.0 == StatusCode::UNAUTHORIZED).then_some(())
    })
    .await?;
    Ok(())
}

#[tokio::test]
async fn a_cross_origin_post_is_refused_and_a_same_origin_one_is_not() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let admin = app.admin().await?;
    let body = json!({"value": {"id": 0, "name": "测试部", "kind": "department", "parent": null, "goal": "",
        "responsibilities": [], "role": null}});
    let response = admin
        .client
        .post(admin.url(routes::ORG_UNITS))
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(response.json::<serde_json::Value>().await?["code"], "CROSS_ORIGIN");
    let response = admin
        .client
        .post(admin.url(routes::ORG_UNITS))
        .header("sec-fetch-site", "cross-site")
        .json(&body)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = admin
        .client
        .post(admin.url(routes::ORG_UNITS))
        .header("origin", format!("http://{}", app.address))
        .header("sec-fetch-site", "same-origin")
        .json(&body)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    Ok(())
}

#[tokio::test]
async fn a_retried_post_with_the_same_idempotency_key_applies_once() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, "store_manager").await?;
    let form = json!({"kind": "store_specific", "title": "周年庆", "stores": [world.own_store],
        "starts_on": "2026-04-01", "ends_on": "2026-04-03"});
    let mut ids = Vec::new();
    for _ in 0..3 {
        let response = manager
            .client
            .post(manager.url(routes::CAMPAIGNS))
            .header(IDEMPOTENCY_KEY_HEADER, "tablet-7f3a-0001")
            .json(&form)
            .send()
            .await?;
        assert_eq!(response.status(), StatusCode::CREATED);
        ids.push(response.json::<serde_json::Value>().await?["campaign"]["id"].as_u64());
    }
    assert!(ids.iter().all(|id| *id == ids[0] && id.is_some()), "{ids:?}");
    let (_, list) = manager.get(routes::CAMPAIGNS).await?;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1), "three sends, one campaign");
    // A different key is a different request.
    let response = manager
        .client
        .post(manager.url(routes::CAMPAIGNS))
        .header(IDEMPOTENCY_KEY_HEADER, "tablet-7f3a-0002")
        .json(&form)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    let (_, list) = manager.get(routes::CAMPAIGNS).await?;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2));
    Ok(())
}

#[tokio::test]
async fn data_and_sessions_survive_a_restart() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let plain = reqwest::Client::new();
    let response = plain
        .post(app.url(routes::SESSION))
        .json(&json!({"login": world.login_of("store_manager"), "password": PASSWORD}))
        .send()
        .await?;
    let cookie = response.headers()["set-cookie"].to_str()?.split(';').next().unwrap_or_default().to_owned();
    let form = json!({"kind": "store_specific", "title": "重启之前", "stores": [world.own_store],
        "starts_on": "2026-04-01", "ends_on": "2026-04-03"});
    let created: serde_json::Value =
        plain.post(app.url(routes::CAMPAIGNS)).header("cookie", &cookie).json(&form).send().await?.json().await?;
    let id = serde_json::from_value::<shared::api::CampaignDetail>(created.clone())?.campaign.id.0;

    let app = app.restart().await?;
    let response =
        plain.get(app.url(&path(routes::CAMPAIGN, &[&id.to_string()]))).header("cookie", &cookie).send().await?;
    assert_eq!(response.status(), StatusCode::OK, "the session and the campaign are both still there");
    let detail: serde_json::Value = response.json().await?;
    assert_eq!(detail["campaign"]["title"], "重启之前");
    Ok(())
}
