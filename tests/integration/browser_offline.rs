//! The app opens without a network: once it has been opened, its service worker keeps the
//! app shell, so a tablet that reloads while the server cannot be reached still gets the
//! app, with its draft and the offline banner; what it sends then waits in the outbox and
//! goes out when the server is back. A load that brings a new version says so quietly.

use std::time::Duration;

use fantoccini::Locator;
use shared::api::CampaignQuery;
use shared::endpoints::ListCampaigns;
use tests::browser::{Browser, STEP, click, log_in, screenshots, set_value, text_of};
use tests::{PASSWORD, TestApp, Who, World, spawn_app, wait_for};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_without_a_connection_opens_the_app_with_its_draft_and_sends_it_later() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let browser = Browser::start(768, 1024).await?;
    let client = browser.client.clone();
    let result = async {
        log_in(&client, &app.url("/"), world.login_of(Who::StoreManager), PASSWORD).await?;
        client.goto(&app.url("/new/store-specific")).await?;
        text_of(&client, "#request-form").await?;
        // The service worker has taken the page over (it keeps this version's shell).
        wait_for(Duration::from_secs(20), "the service worker to control the page", || async {
            let controlled = client.execute("return !!navigator.serviceWorker.controller", vec![]).await.ok()?;
            (controlled == serde_json::Value::Bool(true)).then_some(())
        })
        .await?;
        client.find(Locator::Id("title")).await?.send_keys("离线时打开的申请").await?;
        set_value(&client, "#starts_on", "2026-04-20").await?;
        set_value(&client, "#ends_on", "2026-04-22").await?;

        // A load that brings a version this browser has not run before says so, quietly,
        // and keeps what was typed.
        client.execute("localStorage.setItem('campaign-desk.version', 'an-older-version')", vec![]).await?;
        client.refresh().await?;
        assert_eq!(text_of(&client, "#updated-note").await?, "已更新到新版本");
        let title = wait_for(STEP, "the form again", || async { client.find(Locator::Id("title")).await.ok() }).await?;
        assert_eq!(title.prop("value").await?.as_deref(), Some("离线时打开的申请"));

        // No server at all now: the reload is answered by the service worker.
        let (data, address) = app.stop_keeping_data().await?;
        client.refresh().await?;
        let title =
            wait_for(STEP, "the app, opened offline", || async { client.find(Locator::Id("title")).await.ok() })
                .await?;
        assert_eq!(title.prop("value").await?.as_deref(), Some("离线时打开的申请"), "the draft is there");
        let banner = text_of(&client, "#offline-banner").await?;
        assert!(banner.contains("无法连接服务器"), "{banner}");
        screenshots(&client, "50-opened-offline").await?;
        click(&client, "#submit").await?;
        wait_for(STEP, "the request to wait in the outbox", || async {
            let text = client.find(Locator::Id("offline-banner")).await.ok()?.text().await.ok()?;
            text.contains("待提交：1").then_some(())
        })
        .await?;

        // Back online: the outbox sends, once.
        let app = TestApp::resume(data, address).await?;
        let manager = app.login(world.login_of(Who::StoreManager), PASSWORD).await?;
        let list = wait_for(Duration::from_secs(30), "the queued request to arrive", || async {
            let list = manager.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await.ok()?;
            (!list.items.is_empty()).then_some(list)
        })
        .await?;
        assert_eq!(list.items.len(), 1);
        assert_eq!(list.items[0].title, "离线时打开的申请");
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}
