//! The basics over real HTTP: liveness, the business day, the embedded client, and R1
//! judged by the server in both languages exactly as the browser judges it.

use reqwest::StatusCode;
use shared::api::CampaignQuery;
use shared::campaign::CampaignType;
use shared::endpoints::{CreateCampaign, Endpoint, GetToday, Healthz, ListCampaigns, Metrics};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::messages::RuleCode;
use tests::{Who, World, answer, request, spawn_app};

/// The `"…"` after `marker` in `text` (a URL in a page or a script).
fn quoted_after<'a>(text: &'a str, marker: &str) -> &'a str {
    let start = text.find(marker).map(|i| i + marker.len()).unwrap_or_default();
    text[start..].split(['"', '\'']).next().unwrap_or_default()
}

#[tokio::test]
async fn health_today_and_the_embedded_client_are_served() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let anonymous = app.anonymous()?;
    assert_eq!(anonymous.download::<Healthz>(&[], &()).await??, b"ok");
    let today = anonymous.ok::<GetToday>(&[], &(), &()).await?;
    assert_eq!(today.today, "2026-03-02");
    let page = app.http.get(app.url("/campaigns/12")).send().await?;
    assert_eq!(page.status(), StatusCode::OK, "client routes are answered with the app");
    let csp = page.headers()["content-security-policy"].to_str()?.to_owned();
    assert!(csp.contains("'wasm-unsafe-eval'") && !csp.contains("'unsafe-inline' 'wasm"), "{csp}");
    // The page: revalidated on every load, 304 when unchanged; a frame shows at once.
    assert_eq!(page.headers()["cache-control"], "no-cache");
    let etag = page.headers()["etag"].clone();
    let html = page.text().await?;
    assert!(html.contains("id=\"boot-frame\"") && html.contains("加载中"), "something on screen before the wasm");
    let again = app.http.get(app.url("/")).header("if-none-match", etag).send().await?;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // The boot script and the app: named after their content, cached for a year, sent
    // compressed when asked.
    let boot = quoted_after(&html, "<script type=\"module\" src=\"");
    assert!(boot.starts_with("/assets/boot.") && boot.ends_with(".js") && boot.len() > 20, "{boot}");
    let response = app.http.get(app.url(boot)).header("accept-encoding", "gzip").send().await?;
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(
        (response.headers()["content-encoding"].to_str()?, response.headers()["vary"].to_str()?),
        ("gzip", "Accept-Encoding")
    );
    let plain = app.http.get(app.url(boot)).send().await?;
    assert!(!plain.headers().contains_key("content-encoding"), "no encoding unless asked");
    let boot_js = plain.text().await?;
    let wasm_path = quoted_after(&boot_js, "store: { js: '").to_owned();
    let wasm_path = quoted_after(&boot_js[boot_js.find(&wasm_path).unwrap_or_default()..], "wasm: '").to_owned();
    assert!(wasm_path.starts_with("/assets/app-store_bg.") && wasm_path.ends_with(".wasm"), "{wasm_path}");
    let brotli = app.http.get(app.url(&wasm_path)).header("accept-encoding", "gzip, deflate, br").send().await?;
    assert_eq!(brotli.headers()["content-encoding"], "br");
    assert_eq!(brotli.headers()["content-type"], "application/wasm");
    let compressed = brotli.bytes().await?.len();
    let wasm = app.http.get(app.url(&wasm_path)).send().await?;
    assert_eq!(wasm.headers()["cache-control"], "public, max-age=31536000, immutable");
    let raw = wasm.bytes().await?;
    assert_eq!(&raw[..4], b"\0asm");
    assert!(compressed * 2 < raw.len(), "brotli {compressed} bytes for {} raw", raw.len());
    let stale = app.http.get(app.url("/assets/app-store_bg.0000000000.wasm")).send().await?;
    assert_eq!(stale.status(), StatusCode::NOT_FOUND, "an unknown asset name is not the page");
    // The service worker and the manifest: an installable app that starts offline.
    let worker = app.http.get(app.url("/sw.js")).send().await?;
    assert_eq!(worker.headers()["cache-control"], "no-cache");
    assert!(worker.text().await?.contains(&wasm_path), "the worker keeps this version's app");
    let manifest: serde_json::Value =
        app.http.get(app.url(quoted_after(&html, "<link rel=\"manifest\" href=\""))).send().await?.json().await?;
    assert_eq!(
        (manifest["short_name"].as_str(), manifest["display"].as_str()),
        (Some("活动工作台"), Some("standalone"))
    );
    assert_eq!(manifest["icons"].as_array().map(Vec::len), Some(2));
    Ok(())
}

#[tokio::test]
async fn a_video_due_inside_the_lead_time_is_refused_with_r1_in_both_languages() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let form = |due: &str| NewCampaign {
        title: "门店宣传片".into(),
        stores: vec![StoreId(world.own_store)],
        due_on: due.into(),
        ..NewCampaign::empty(CampaignType::VideoProduction)
    };
    let refused = manager.refused::<CreateCampaign>(&[], &(), &form("2026-03-13")).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let field = refused.error.fields.first().ok_or_else(|| anyhow::anyhow!("no field named: {refused}"))?;
    assert_eq!((field.field.as_str(), field.code), ("due_on", RuleCode::R1VideoLeadTime));
    assert_eq!(field.message_zh, "影视制作需至少提前10个工作日申请，最早可选2026年3月16日");
    assert!(field.message_en.contains("at least 10 working days"), "{refused}");
    let list = manager.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    assert_eq!(list.items.len(), 0, "a refused request is not stored");
    let created = manager.ok::<CreateCampaign>(&[], &(), &form("2026-03-16")).await?;
    assert_eq!(created.campaign.due_on, Some(shared::clock::parse_iso_date("2026-03-16").expect("a date")));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_for_the_owner_only() -> anyhow::Result<()> {
    let http = reqwest::Client::new();
    // Without a token: this machine may read them, a request relayed by a proxy may not.
    let app = spawn_app().await?;
    let metrics = |app: &tests::TestApp| request::<Metrics>(&http, &app.url(""), &[], &(), &());
    let local = metrics(&app).send().await?;
    assert_eq!(local.status(), Metrics::STATUS);
    assert!(local.text().await?.contains("sse_connections"));
    let relayed = metrics(&app).header("X-Forwarded-For", "203.0.113.7").send().await?;
    let Err(refused) = answer::<Metrics>(relayed).await? else { panic!("a relayed request read the metrics") };
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.error.message_zh.is_empty() && !refused.error.message_en.is_empty(), "{refused}");
    let forwarded = metrics(&app).header("Forwarded", "for=203.0.113.7").send().await?;
    assert_eq!(forwarded.status(), StatusCode::FORBIDDEN);

    // With a token: only the right bearer, from anywhere.
    let app = tests::spawn_app_with(|c| c.metrics_token = Some("s3cret-metrics-token".into())).await?;
    assert_eq!(metrics(&app).send().await?.status(), StatusCode::UNAUTHORIZED);
    let wrong = metrics(&app).bearer_auth("s3cret-metrics-tokeX").send().await?;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let right =
        metrics(&app).bearer_auth("s3cret-metrics-token").header("X-Forwarded-For", "203.0.113.7").send().await?;
    assert_eq!(right.status(), Metrics::STATUS);
    assert!(right.text().await?.contains("http_request_duration_seconds"), "the metrics themselves");
    Ok(())
}
