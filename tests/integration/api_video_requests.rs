//! The video request API over real HTTP: the happy path, every kind of bad input, and
//! persistence across a restart.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::api::{ApiError, VideoRequest, VideoRequestList, routes};
use tests::spawn_app;

fn valid_body() -> Value {
    // Test "today" is Mon 2026-03-02; the tenth working day after it is Mon 2026-03-16.
    json!({ "title": "春季新品短片", "store": "鸡西店", "due_on": "2026-03-16", "notes": "30 秒" })
}

async fn post_raw(app: &tests::TestApp, content_type: &str, body: Vec<u8>) -> (StatusCode, ApiError) {
    let response = app
        .http
        .post(app.url(routes::VIDEO_REQUESTS))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| unreachable!("request failed: {e}"));
    let status = response.status();
    let error: ApiError = response.json().await.unwrap_or_else(|e| unreachable!("not an ApiError body: {e}"));
    (status, error)
}

async fn post_json(app: &tests::TestApp, body: &Value) -> (StatusCode, ApiError) {
    post_raw(app, "application/json", body.to_string().into_bytes()).await
}

fn only_field(error: &ApiError) -> (&str, &str) {
    assert_eq!(error.fields.len(), 1, "expected one field error, got {error:?}");
    (error.fields[0].field.as_str(), error.fields[0].code.as_str())
}

#[tokio::test]
async fn a_valid_video_request_is_created_listed_and_survives_a_restart() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let response = app.http.post(app.url(routes::VIDEO_REQUESTS)).json(&valid_body()).send().await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: VideoRequest = response.json().await?;
    assert_eq!(created.requested_on, "2026-03-02");
    assert_eq!(created.due_on, "2026-03-16");

    let app = app.restart().await?;
    let list: VideoRequestList = app.http.get(app.url(routes::VIDEO_REQUESTS)).send().await?.json().await?;
    assert_eq!(list.items, vec![created]);
    Ok(())
}

#[tokio::test]
async fn a_due_date_inside_the_lead_time_is_refused_with_r1_in_both_languages() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let mut body = valid_body();
    body["due_on"] = json!("2026-03-13");
    let (status, error) = post_json(&app, &body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(only_field(&error), ("due_on", "R1_VIDEO_LEAD_TIME"));
    assert_eq!(error.fields[0].message_zh, "影视制作需至少提前10个工作日申请，最早可选2026年3月16日");
    assert!(error.fields[0].message_en.contains("at least 10 working days"));
    let list: VideoRequestList = app.http.get(app.url(routes::VIDEO_REQUESTS)).send().await?.json().await?;
    assert!(list.items.is_empty(), "a refused request must not be stored");
    Ok(())
}

#[tokio::test]
async fn bad_input_gets_a_4xx_naming_the_field_and_the_rule() -> anyhow::Result<()> {
    let app = spawn_app().await?;

    let (status, error) = post_raw(&app, "application/json", b"{\"title\": ".to_vec()).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::BAD_REQUEST, "MALFORMED_JSON"));
    assert!(!error.message_zh.is_empty() && !error.message_en.is_empty());

    let mut missing = valid_body();
    missing.as_object_mut().map(|o| o.remove("store"));
    let (status, error) = post_json(&app, &missing).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(only_field(&error), ("store", "REQUIRED"));

    let mut wrong_format = valid_body();
    wrong_format["due_on"] = json!("16/03/2026");
    let (status, error) = post_json(&app, &wrong_format).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(only_field(&error), ("due_on", "INVALID_DATE"));

    let mut wrong_type = valid_body();
    wrong_type["title"] = json!(42);
    let (status, error) = post_json(&app, &wrong_type).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(only_field(&error), ("title", "WRONG_TYPE"));

    let mut unknown = valid_body();
    unknown["budget"] = json!(100);
    let (status, error) = post_json(&app, &unknown).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(only_field(&error), ("budget", "UNKNOWN_FIELD"));

    let (status, error) = post_raw(&app, "text/plain", valid_body().to_string().into_bytes()).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE"));

    let mut huge = valid_body();
    huge["notes"] = json!("长".repeat(shared::api::MAX_JSON_BODY_BYTES));
    let (status, error) = post_json(&app, &huge).await;
    assert_eq!((status, error.code.as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE"));

    let response = app.http.get(app.url("/api/v1/no-such-thing")).send().await?;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error: ApiError = response.json().await?;
    assert_eq!(error.code, "NOT_FOUND");

    let response = app.http.delete(app.url(routes::VIDEO_REQUESTS)).send().await?;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let error: ApiError = response.json().await?;
    assert_eq!(error.code, "METHOD_NOT_ALLOWED");

    assert_eq!(app.metric("http_responses_errors_total{class=\"5xx\"}").await?, 0);
    Ok(())
}

#[tokio::test]
async fn health_today_and_the_embedded_client_are_served() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    assert_eq!(app.http.get(app.url(routes::HEALTHZ)).send().await?.text().await?, "ok");
    let today: shared::api::Today = app.http.get(app.url(routes::TODAY)).send().await?.json().await?;
    assert_eq!(today.today, "2026-03-02");
    let page = app.http.get(app.url("/some/client/route")).send().await?;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await?.contains("/assets/boot.js"));
    let wasm = app.http.get(app.url("/assets/app_bg.wasm")).send().await?;
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(&wasm.bytes().await?[..4], b"\0asm");
    Ok(())
}
