//! A shop's tablet (issue 25): it opens with no signal showing what it last saw, and
//! fetches again by itself when the server answers; two franchisees on one tablet see
//! nothing of each other's drafts, outbox, refusals or pages; a refused send shows what
//! was entered and says whom to call when it can no longer succeed; the store sees the
//! shortages it reported; typing survives a live update that moves the campaign on.

use std::time::Duration;

use chrono::NaiveDate;
use fantoccini::{Client, Locator};
use shared::api::{CampaignDetail, CampaignQuery};
use shared::campaign::Stage;
use shared::endpoints::{GetCampaign, ListCampaigns};
use shared::workflow::Action;
use shared::workflow::FinishExecution;
use tests::browser::{Browser, STEP, click, log_in, screenshots, set_value, text_of};
use tests::flow::store_campaign_at;
use tests::{PASSWORD, TestApp, Who, World, holds_for, spawn_app, wait_for};

/// A round of the client's outbox (it sends what waits every 3 s), and a margin.
const OUTBOX_ROUND: Duration = Duration::from_secs(4);

fn day(text: &str) -> NaiveDate {
    shared::clock::parse_iso_date(text).unwrap()
}

/// Waits until the service worker controls the page (it keeps the app for offline opens).
async fn controlled(client: &Client) -> anyhow::Result<()> {
    wait_for(Duration::from_secs(20), "the service worker to control the page", || async {
        let controlled = client.execute("return !!navigator.serviceWorker.controller", vec![]).await.ok()?;
        (controlled == serde_json::Value::Bool(true)).then_some(())
    })
    .await
}

/// Waits until `css` exists and its text contains `text`.
async fn wait_text(client: &Client, css: &str, text: &str) -> anyhow::Result<String> {
    wait_for(Duration::from_secs(60), &format!("{css} to say {text:?}"), || async {
        let found = client.find(Locator::Css(css)).await.ok()?.text().await.ok()?;
        found.contains(text).then_some(found)
    })
    .await
}

/// Cuts the page off the network (DevTools), or gives it back: the server stays up, so
/// the center can act meanwhile.
async fn offline(client: &Client, off: bool) -> anyhow::Result<()> {
    tests::browser::cdp(client, "Network.enable", serde_json::json!({})).await?;
    let conditions =
        serde_json::json!({"offline": off, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1});
    tests::browser::cdp(client, "Network.emulateNetworkConditions", conditions).await?;
    Ok(())
}

/// Types into the receipt row of `item` (`received`, `damaged` or `note`).
async fn set_receipt(client: &Client, item: &str, field: &str, value: &str) -> anyhow::Result<()> {
    let found = client
        .execute(
            "const row = [...document.querySelectorAll('#confirm-receipt tr.receipt-line')]                .find(r => r.cells[0].innerText.trim() === arguments[0]);              if (!row) return false; const el = row.querySelector('input.' + arguments[1]);              Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, arguments[2]);              el.dispatchEvent(new Event('input', { bubbles: true })); return true;",
            vec![item.into(), field.into(), value.into()],
        )
        .await?;
    anyhow::ensure!(found == serde_json::Value::Bool(true), "no receipt row {item}");
    Ok(())
}

async fn gone(client: &Client, css: &str) -> anyhow::Result<()> {
    wait_for(Duration::from_secs(90), &format!("{css} to go"), || async {
        client.find(Locator::Css(css)).await.is_err().then_some(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_with_no_signal_shows_what_was_last_seen_and_refreshes_when_the_server_answers() -> anyhow::Result<()>
{
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let id = store_campaign_at(&app, &world, "离线也能看的活动", (day("2026-06-01"), day("2026-06-07")), Stage::Needs)
        .await?;
    let browser = Browser::start(768, 1024).await?;
    let client = browser.client.clone();
    let result = async {
        log_in(&client, &app.url("/"), world.login_of(Who::StoreManager), PASSWORD).await?;
        wait_text(&client, "#other-campaigns", "离线也能看的活动").await?;
        controlled(&client).await?;
        client.goto(&app.url(&format!("/campaigns/{id}"))).await?;
        wait_text(&client, "#campaign-title", "离线也能看的活动").await?;
        client.goto(&app.url("/")).await?;
        wait_text(&client, "#other-campaigns", "离线也能看的活动").await?;

        // No server at all: the reload opens the app with the last home list, marked.
        let (data, address) = app.stop_keeping_data().await?;
        client.refresh().await?;
        let note = wait_text(&client, "#stale-note", "离线，显示的是").await?;
        assert!(note.contains(':'), "the time it was seen: {note}");
        wait_text(&client, "#other-campaigns", "离线也能看的活动").await?;
        screenshots(&client, "60-home-offline").await?;
        // And the campaign page she opened, from the list.
        click(&client, &format!("li[data-id='{id}'] button")).await?;
        wait_text(&client, "#campaign-title", "离线也能看的活动").await?;
        wait_text(&client, "#stale-note", "离线，显示的是").await?;
        screenshots(&client, "61-campaign-offline").await?;

        // The server answers again: the page fetches by itself, the note goes.
        let app = TestApp::resume(data, address).await?;
        gone(&client, "#stale-note").await?;
        wait_text(&client, "#campaign-title", "离线也能看的活动").await?;
        drop(app);
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_franchisees_on_one_tablet_see_nothing_of_each_others_things() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let browser = Browser::start(768, 1024).await?;
    let client = browser.client.clone();
    let result = async {
        // The first franchisee types a request (a complaint about the other store's
        // opening), and sends one while the server is away: it waits in her outbox.
        log_in(&client, &app.url("/"), world.login_of(Who::StoreManager), PASSWORD).await?;
        controlled(&client).await?;
        client.goto(&app.url("/new/store-specific")).await?;
        set_value(&client, "#title", "甲店的投诉草稿").await?;
        set_value(&client, "#wishes", "对面门店抢客，请总部协调").await?;
        client.goto(&app.url("/new/new-product")).await?;
        set_value(&client, "#title", "甲店离线提交的申请").await?;
        set_value(&client, "#starts_on", "2026-06-01").await?;
        set_value(&client, "#ends_on", "2026-06-03").await?;
        offline(&client, true).await?;
        click(&client, "#submit").await?;
        wait_text(&client, "#offline-banner", "待提交：1").await?;

        // Logging out (still without a signal) says what is still here, and keeps it.
        click(&client, "#logout").await?;
        let leaving = text_of(&client, "#leaving").await?;
        assert!(
            leaving.contains("1项等待发送") && leaving.contains("草稿") && leaving.contains("其他账号登录后看不到"),
            "{leaving}"
        );
        screenshots(&client, "62-leaving-with-things-waiting").await?;
        click(&client, "#leave-keep").await?;
        wait_for(STEP, "the login page", || async { client.find(Locator::Id("login")).await.ok() }).await?;
        offline(&client, false).await?;

        // The relief manager of another store logs in on the same tablet: nothing of hers.
        let field = wait_for(STEP, "the login form", || async { client.find(Locator::Id("login")).await.ok() }).await?;
        field.send_keys(world.login_of(Who::OtherStoreManager)).await?;
        client.find(Locator::Id("password")).await?.send_keys(PASSWORD).await?;
        click(&client, "#login-submit").await?;
        text_of(&client, "#needs-me").await?;
        let page = client.execute("return document.body.innerText", vec![]).await?;
        let page = page.as_str().unwrap_or_default().to_owned();
        assert!(!page.contains("甲店") && !page.contains("待提交") && !page.contains("未被接受"), "{page}");
        client.goto(&app.url("/new/store-specific")).await?;
        let title = wait_for(STEP, "the form", || async { client.find(Locator::Id("title")).await.ok() }).await?;
        assert_eq!(title.prop("value").await?.as_deref(), Some(""), "her draft is not shown to another account");
        let wishes = client.find(Locator::Id("wishes")).await?.prop("value").await?;
        assert_eq!(wishes.as_deref(), Some(""));
        // Nor sent with this account's session: the request waits for its own account.
        // The outbox sends every 3 s (`app::outbox::use_flush`): for longer than one round,
        // checked throughout, nothing arrives as the other store.
        let other = world.session(&app, Who::OtherStoreManager).await?;
        holds_for(OUTBOX_ROUND, "nothing sent as the other store", || async {
            let list = other.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
            Ok(list.items.is_empty())
        })
        .await?;
        screenshots(&client, "63-relief-manager-sees-nothing").await?;
        click(&client, "#logout").await?;
        wait_for(STEP, "the login page", || async { client.find(Locator::Id("login")).await.ok() }).await?;

        // She comes back: her draft is there and her request goes out, as hers.
        log_in(&client, &app.url("/"), world.login_of(Who::StoreManager), PASSWORD).await?;
        let manager = world.session(&app, Who::StoreManager).await?;
        wait_for(Duration::from_secs(30), "her queued request to arrive", || async {
            let list = manager.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await.ok()?;
            list.items.iter().any(|c| c.title == "甲店离线提交的申请").then_some(())
        })
        .await?;
        client.goto(&app.url("/new/store-specific")).await?;
        let title = wait_for(STEP, "the form", || async { client.find(Locator::Id("title")).await.ok() }).await?;
        assert_eq!(title.prop("value").await?.as_deref(), Some("甲店的投诉草稿"));

        // This time she lets it go: nothing of hers stays.
        click(&client, "#logout").await?;
        click(&client, "#leave-discard").await?;
        click(&client, "#leave-discard-yes").await?;
        wait_for(STEP, "the login page", || async { client.find(Locator::Id("login")).await.ok() }).await?;
        let left = client
            .execute(
                "return Object.keys(localStorage).filter(k => k.includes('.draft.') || k.endsWith('.outbox'))",
                vec![],
            )
            .await?;
        assert_eq!(left, serde_json::json!([]), "no drafts or outbox left");
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_send_shows_what_was_entered_and_whom_to_call() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let today = tests::test_today();
    let id = store_campaign_at(&app, &world, "现场支持被拒", (today, today), Stage::Execution).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let browser = Browser::start(768, 1024).await?;
    let client = browser.client.clone();
    let result = async {
        log_in(&client, &app.url("/"), world.login_of(Who::StoreManager), PASSWORD).await?;
        client.goto(&app.url(&format!("/campaigns/{id}"))).await?;
        set_value(&client, "#help-note", "下午两点需要摄影师到店").await?;
        // The connection drops as she sends: it waits; meanwhile the center closes the
        // execution, so on arrival the request can no longer succeed.
        offline(&client, true).await?;
        click(&client, "#help-submit").await?;
        text_of(&client, "#queued").await?;
        app.let_event_end(&planner, id).await?;
        planner.perform_ok(id, &Action::FinishExecution(FinishExecution {})).await?;
        offline(&client, false).await?;
        let card = wait_for(Duration::from_secs(60), "the refusal", || async {
            client.find(Locator::Css("[data-refused]")).await.ok()
        })
        .await?;
        let text = card.text().await?;
        assert!(text.contains("下午两点需要摄影师到店"), "what she entered is shown: {text}");
        assert!(text.contains("请联系负责的企划"), "whom to call: {text}");
        assert!(!text.contains("按最新状态重新提交"), "no resend that would fail again: {text}");
        assert!(!text.contains("版本"), "no version numbers: {text}");
        client.execute("document.querySelector('[data-refused]').scrollIntoView({block: 'start'})", vec![]).await?;
        screenshots(&client, "64-refused-cannot-succeed").await?;
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_sees_the_shortages_it_reported_and_typing_survives_a_live_update() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let today = tests::test_today();
    let id = store_campaign_at(&app, &world, "到货有差异", (today, today), Stage::Shipping).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let browser = Browser::start(768, 1024).await?;
    let client = browser.client.clone();
    let result = async {
        log_in(&client, &app.url("/"), world.login_of(Who::StoreManager), PASSWORD).await?;
        client.goto(&app.url(&format!("/campaigns/{id}"))).await?;
        text_of(&client, "#confirm-receipt").await?;
        // 福袋: 80 of 100 arrived; 吊旗: all arrived, 2 damaged.
        set_receipt(&client, "福袋", "received", "80").await?;
        set_receipt(&client, "吊旗", "damaged", "2").await?;
        set_receipt(&client, "吊旗", "note", "吊旗受潮").await?;
        click(&client, "#confirm-receipt-submit").await?;
        let mine = wait_text(&client, "#my-receipt", "福袋").await?;
        assert!(mine.contains("80") && mine.contains("100") && mine.contains("吊旗受潮"), "{mine}");
        text_of(&client, "#center-answer-waiting").await?;
        let tracking = text_of(&client, "#my-delivery").await?;
        assert!(tracking.contains("物流单号") && tracking.contains("SF1234567890"), "{tracking}");
        client.execute("document.querySelector('#my-delivery').scrollIntoView({block: 'start'})", vec![]).await?;
        screenshots(&client, "65-my-reported-shortages").await?;

        // Half-way through a help request, the center closes the execution (a live
        // update): what she typed stays on screen, with why it can no longer be sent.
        set_value(&client, "#help-note", "需要市场执行人员").await?;
        app.let_event_end(&planner, id).await?;
        planner.perform_ok(id, &Action::FinishExecution(FinishExecution {})).await?;
        let kept = wait_text(&client, "#kept-drafts", "需要市场执行人员").await?;
        assert!(kept.contains("活动总结"), "says where the campaign is now: {kept}");
        client.execute("document.querySelector('#kept-drafts').scrollIntoView({block: 'start'})", vec![]).await?;
        screenshots(&client, "66-typing-kept-after-live-update").await?;
        let detail: CampaignDetail = planner.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
        assert_eq!(detail.campaign.campaign().stage, Stage::Summary);
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}
