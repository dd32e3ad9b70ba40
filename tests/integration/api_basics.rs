//! The basics over real HTTP: liveness, the business day, the embedded client, and R1
//! judged by the server in both languages exactly as the browser judges it.

use reqwest::StatusCode;
use serde_json::json;
use shared::api::{Today, routes};
use tests::{World, spawn_app};

#[tokio::test]
async fn health_today_and_the_embedded_client_are_served() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    assert_eq!(app.http.get(app.url(routes::HEALTHZ)).send().await?.text().await?, "ok");
    let today: Today = app.http.get(app.url(routes::TODAY)).send().await?.json().await?;
    assert_eq!(today.today, "2026-03-02");
    let page = app.http.get(app.url("/campaigns/12")).send().await?;
    assert_eq!(page.status(), StatusCode::OK, "client routes are answered with the app");
    let csp = page.headers()["content-security-policy"].to_str()?.to_owned();
    assert!(csp.contains("'wasm-unsafe-eval'") && !csp.contains("'unsafe-inline' 'wasm"), "{csp}");
    assert!(page.text().await?.contains("/assets/boot.js"));
    let wasm = app.http.get(app.url("/assets/app_bg.wasm")).send().await?;
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(&wasm.bytes().await?[..4], b"\0asm");
    Ok(())
}

#[tokio::test]
async fn a_video_due_inside_the_lead_time_is_refused_with_r1_in_both_languages() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, "store_manager").await?;
    let form = |due: &str| json!({"kind": "video_production", "title": "门店宣传片", "stores": [world.own_store], "due_on": due});
    let (status, error) = manager.post(routes::CAMPAIGNS, &form("2026-03-13")).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["fields"][0]["field"], "due_on");
    assert_eq!(error["fields"][0]["code"], "R1_VIDEO_LEAD_TIME");
    assert_eq!(error["fields"][0]["message_zh"], "影视制作需至少提前10个工作日申请，最早可选2026年3月16日");
    assert!(error["fields"][0]["message_en"].as_str().is_some_and(|m| m.contains("at least 10 working days")));
    let (_, list) = manager.get(routes::CAMPAIGNS).await?;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "a refused request is not stored");
    let (status, created) = manager.post(routes::CAMPAIGNS, &form("2026-03-16")).await?;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["campaign"]["due_on"], "2026-03-16");
    Ok(())
}
