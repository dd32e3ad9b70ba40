//! The walking skeleton in a real browser: the same `shared` rule judges the due date in
//! Chromium before any request, and a valid request is saved through the API.

use std::time::Duration;

use fantoccini::{Client, Locator};
use shared::api::{VideoRequestList, routes};
use tests::browser::Browser;
use tests::{TestApp, spawn_app, wait_for};

const WAIT: Duration = Duration::from_secs(20);

/// Picks a date in an `<input type=date>` the way the date picker does: sets the value
/// and fires `input`, independent of the browser's locale-specific typing order.
async fn pick_date(client: &Client, id: &str, iso: &str) -> anyhow::Result<()> {
    client
        .execute(
            "const el = document.getElementById(arguments[0]); el.value = arguments[1]; \
             el.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![id.into(), iso.into()],
        )
        .await?;
    Ok(())
}

async fn text_of(client: &Client, css: &str) -> Option<String> {
    client.find(Locator::Css(css)).await.ok()?.text().await.ok()
}

async fn steps(app: &TestApp, client: &Client) -> anyhow::Result<()> {
    client.goto(&app.url("/")).await?;
    let title = wait_for(WAIT, "the form to render", || async { client.find(Locator::Id("title")).await.ok() }).await?;
    title.send_keys("春季新品短片").await?;
    client.find(Locator::Id("store")).await?.send_keys("鸡西店").await?;
    let posts_before = app.metric("http_requests_total{method=\"POST\"}").await?;

    // Five working days ahead: R1 refuses it in the browser, in Chinese, at once.
    pick_date(client, "due_on", "2026-03-09").await?;
    let message = wait_for(WAIT, "the R1 message", || text_of(client, "#due_on-error")).await?;
    assert_eq!(message, "影视制作需至少提前10个工作日申请，最早可选2026年3月16日");
    let submit = client.find(Locator::Id("submit")).await?;
    assert_eq!(submit.attr("disabled").await?, Some("true".into()), "submit must be disabled");
    submit.click().await.ok(); // A click on a disabled button must send nothing.
    assert_eq!(app.metric("http_requests_total{method=\"POST\"}").await?, posts_before, "no request may be sent");

    // The earliest allowed day clears the message and enables submit.
    pick_date(client, "due_on", "2026-03-16").await?;
    wait_for(WAIT, "the R1 message to clear", || async {
        client.find(Locator::Id("due_on-error")).await.is_err().then_some(())
    })
    .await?;
    let submit = client.find(Locator::Id("submit")).await?;
    assert_eq!(submit.attr("disabled").await?, None);
    submit.click().await?;

    let row_due =
        wait_for(WAIT, "the new row in the list", || text_of(client, "#requests .request-row .due-on")).await?;
    assert_eq!(row_due, "2026年3月16日");
    let stored: VideoRequestList = app.http.get(app.url(routes::VIDEO_REQUESTS)).send().await?.json().await?;
    assert_eq!(stored.items.len(), 1);
    assert_eq!(stored.items[0].due_on, "2026-03-16");
    assert_eq!(stored.items[0].title, "春季新品短片");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_due_date_is_refused_in_the_browser_before_any_request_and_a_valid_one_is_saved()
-> anyhow::Result<()> {
    let app = spawn_app().await?;
    let browser = Browser::start(768, 1024).await?;
    let result = steps(&app, &browser.client).await;
    browser.close().await;
    result
}
