//! Rules that must not depend on how a question is asked: R7's flags whatever report
//! window shows a month, an idempotency key bound to its one request (and released when
//! that request dies), and free text without control characters or direction overrides.

use reqwest::StatusCode;
use serde_json::json;
use shared::api::{CampaignList, KpiReport, path, routes};
use tests::{World, spawn_app, spawn_app_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_months_kpi_flags_are_the_same_in_every_report_window_and_export() -> anyhow::Result<()> {
    // The demo region: 王赫 has three bad months in a row, 丁梦萌 one.
    let app = spawn_app_with(|config| config.no_demo = false).await?;
    let vp = app.login("zhangdai", "demo2026").await?;
    let wide: KpiReport = vp.fetch(&format!("{}?from=2025-01&to=2026-03", routes::KPI)).await?;
    let flagged: Vec<_> = wide.rows.iter().filter(|r| r.disciplinary_review).collect();
    assert!(!flagged.is_empty(), "the demo region has a disciplinary review: {:?}", wide.rows);
    for row in &wide.rows {
        let month = &row.month;
        let narrow: KpiReport = vp.fetch(&format!("{}?from={month}&to={month}", routes::KPI)).await?;
        let same = narrow.rows.iter().find(|r| r.staff == row.staff);
        assert_eq!(same, Some(row), "{} in {month}: the one-month report differs from the wide one", row.name);
    }
    // The CSV of the single month says the same.
    let row = flagged[0];
    let (status, csv) = vp.get_text(&format!("{}?from={m}&to={m}", routes::KPI_CSV, m = row.month)).await?;
    assert_eq!(status, StatusCode::OK);
    let line = csv.lines().find(|l| l.contains(&row.name)).unwrap_or_default();
    assert!(line.ends_with(",是,是"), "{} in {}: {line}", row.name, row.month);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idempotency_key_answers_only_its_own_request() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let service = world.session(&app, "service_center").await?;
    let form = |title: &str| {
        json!({"kind": "store_specific", "title": title, "stores": [world.own_store],
            "starts_on": "2026-04-01", "ends_on": "2026-04-03"})
    };
    let send = |body: serde_json::Value| {
        service.client.post(service.url(routes::CAMPAIGNS)).header("idempotency-key", "key-1").json(&body).send()
    };
    let first = send(form("店庆")).await?;
    assert_eq!(first.status(), StatusCode::CREATED);
    let again = send(form("店庆")).await?;
    assert_eq!((again.status(), again.headers().contains_key("idempotent-replay")), (StatusCode::CREATED, true));
    let other = send(form("另一个活动")).await?;
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = other.json().await?;
    assert_eq!(
        (body["code"].as_str(), body["fields"][0]["field"].as_str()),
        (Some("IDEMPOTENCY_KEY_REUSED"), Some("Idempotency-Key"))
    );
    assert!(
        body["message_zh"].as_str().is_some_and(|m| !m.is_empty())
            && body["message_en"].as_str().is_some_and(|m| !m.is_empty())
    );
    let list: CampaignList = service.fetch(routes::CAMPAIGNS).await?;
    assert_eq!(list.items.len(), 1, "one campaign, whatever was retried");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_timed_out_releases_its_idempotency_key() -> anyhow::Result<()> {
    let app = spawn_app_with(|config| config.request_timeout_ms = 500).await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let users: Vec<shared::api::UserView> = admin.fetch(routes::USERS).await?;
    let target = users.iter().find(|u| u.login == world.login_of("market")).map(|u| u.id.0).unwrap_or_default();
    // Password hashing runs two at a time: a hundred resets keep it busy for seconds.
    let busy: Vec<_> = (0..100)
        .map(|_| {
            let request = admin
                .client
                .post(admin.url(&path(routes::USER_PASSWORD, &[&target.to_string()])))
                .json(&json!({"password": "another-password-1"}));
            tokio::spawn(request.send())
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let keyed = || {
        admin
            .client
            .post(admin.url(&path(routes::USER_PASSWORD, &[&target.to_string()])))
            .header("idempotency-key", "reset-1")
            .json(&json!({"password": "the-new-password"}))
            .send()
    };
    let first = keyed().await?;
    assert_eq!(first.status(), StatusCode::SERVICE_UNAVAILABLE, "the reset waits behind the others and times out");
    for request in busy {
        let _ = request.await?;
    }
    // Its retry runs for real instead of waiting forever on "in progress".
    let retry = keyed().await?;
    assert_eq!(retry.status(), StatusCode::NO_CONTENT, "{}", retry.text().await.unwrap_or_default());
    app.login(world.login_of("market"), "the-new-password").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_characters_and_direction_overrides_are_refused_in_free_text() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let service = world.session(&app, "service_center").await?;
    for title in ["标题\u{0}后半", "\u{1}\u{2}\u{3}", "报价\u{202E}fdp.exe", "两行\n标题"] {
        let (status, body) = service
            .post(
                routes::CAMPAIGNS,
                &json!({"kind": "store_specific", "title": title, "stores": [world.own_store],
                    "starts_on": "2026-04-01", "ends_on": "2026-04-03"}),
            )
            .await?;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{title:?}: {body}");
        assert_eq!(
            (body["fields"][0]["field"].as_str(), body["fields"][0]["code"].as_str()),
            (Some("title"), Some("FORBIDDEN_CHARACTER"))
        );
        assert!(body["fields"][0]["message_zh"].as_str().is_some_and(|m| m.contains("控制字符")), "{body}");
        assert!(body["fields"][0]["message_en"].as_str().is_some_and(|m| m.contains("Control characters")), "{body}");
    }
    // Notes may span lines; a note with an escape character may not.
    let (status, created) = service
        .post(
            routes::CAMPAIGNS,
            &json!({"kind": "store_specific", "title": "店庆", "stores": [world.own_store],
                "starts_on": "2026-04-01", "ends_on": "2026-04-03",
                "needs": {"wishes": "第一行\n第二行", "policy": "", "budget_hint": ""}}),
        )
        .await?;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = serde_json::from_value::<shared::api::CampaignDetail>(created.clone())?.campaign.id.0;
    let planner = world.session(&app, "planning").await?;
    let (status, body) = planner.act(id, "send_reminder", json!({"note": "请尽快\u{1b}[31m处理"})).await?;
    assert_eq!(
        (status, body["fields"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("FORBIDDEN_CHARACTER"))
    );
    // The org and accounts too.
    let admin = app.admin().await?;
    let (status, body) = admin
        .post(
            routes::USERS,
            &json!({"login": "zhao", "password": "long-enough-1", "role": "brand", "name": "赵\u{202E}刚"}),
        )
        .await?;
    assert_eq!((status, body["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("name")));
    let (status, body) = admin
        .post(
            routes::STORES,
            &json!({"value": {"id": 0, "code": "HLJ-9", "name": "鸡西\u{7}店", "province": "heilongjiang", "city": "鸡西",
                "address": "", "manager": null, "opened_on": null, "status": "open"}}),
        )
        .await?;
    assert_eq!(
        (status, body["fields"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("FORBIDDEN_CHARACTER"))
    );
    Ok(())
}
