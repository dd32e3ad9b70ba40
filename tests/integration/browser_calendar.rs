//! The browser judges dates by the server's calendar: on 20 December 2026 a store
//! manager's video request shows the earliest due day on the estimated 2027 and says it
//! is an estimate; once the administrator imports the official 2027, the same form (after
//! a reload, without any rebuild) shows the day the new data gives, and no estimate note.

use fantoccini::Locator;
use shared::calendar::{HolidayPeriod, YearCalendar};
use shared::endpoints::ImportCalendarYear;
use tests::browser::{Browser, STEP, log_in, screenshots, text_of};
use tests::{PASSWORD, Who, World, spawn_app_with, wait_for};

fn day(text: &str) -> chrono::NaiveDate {
    shared::clock::parse_iso_date(text).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_year_imported_on_the_server_changes_the_browsers_dates_without_a_rebuild() -> anyhow::Result<()> {
    let app = spawn_app_with(|config| config.today = Some(day("2026-12-20"))).await?;
    let world = World::build(&app).await?;
    let base = app.url("/");
    let browser = Browser::start(768, 1024).await?;
    let client = browser.client.clone();
    let steps = async {
        log_in(&client, &base, world.login_of(Who::StoreManager), PASSWORD).await?;
        client.goto(&app.url("/new/video")).await?;
        let shown = wait_for(STEP, "the earliest due day on the estimate", || async {
            let text = client.find(Locator::Id("earliest-due")).await.ok()?.text().await.ok()?;
            text.contains("2027年1月4日").then_some(text)
        })
        .await?;
        assert_eq!(shown, "最早可选日期：2027年1月4日");
        assert_eq!(text_of(&client, "#provisional-note").await?, "按法定假日暂估，国务院通知发布后以通知为准");
        screenshots(&client, "40-video-request-provisional").await?;

        let admin = app.admin().await?;
        let notice = YearCalendar {
            year: 2027,
            source: "国办发明电〔2026〕（测试）".into(),
            holidays: vec![HolidayPeriod { name: "元旦".into(), from: day("2027-01-01"), to: day("2027-01-06") }],
            make_up_workdays: vec![],
            provisional: false,
        };
        admin.ok::<ImportCalendarYear>(&["2027"], &(), &notice).await?;

        client.refresh().await?;
        let shown = wait_for(STEP, "the earliest due day on the official year", || async {
            let text = client.find(Locator::Id("earliest-due")).await.ok()?.text().await.ok()?;
            text.contains("2027年1月7日").then_some(text)
        })
        .await?;
        assert_eq!(shown, "最早可选日期：2027年1月7日");
        assert!(client.find(Locator::Id("provisional-note")).await.is_err(), "no estimate note on official data");
        screenshots(&client, "41-video-request-official").await?;
        Ok::<_, anyhow::Error>(())
    };
    let result = steps.await;
    browser.close().await;
    result
}

/// The administrator types next year's arrangement as dates, in a form started from the
/// estimate (no JSON, no English keys); what is saved is the official year.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrator_fills_in_next_years_holidays_as_dates() -> anyhow::Result<()> {
    let app = spawn_app_with(|config| config.today = Some(day("2026-12-20"))).await?;
    let admin = app.admin().await?;
    let browser = Browser::start(1024, 768).await?;
    let client = browser.client.clone();
    let steps = async {
        log_in(&client, &app.url("/"), "admin", tests::ADMIN_PASSWORD).await?;
        client.goto(&app.url("/admin?tab=calendar")).await?;
        text_of(&client, "#calendar-form").await?;
        // Started from the estimate: the statutory holidays are there with their days.
        let first = client.execute("return document.querySelector('.h-name').value", vec![]).await?;
        assert_eq!(first.as_str(), Some("元旦"), "{first}");
        tests::browser::set_value(&client, "#calendar-source", "国办发明电〔2026〕（测试）").await?;
        tests::browser::set_value(&client, ".h-to", "2027-01-03").await?;
        tests::browser::click(&client, "#calendar-add-make-up").await?;
        tests::browser::set_value(&client, ".m-day", "2027-01-09").await?;
        let preview = text_of(&client, "#calendar-preview").await?;
        assert!(preview.contains("2027年1月3日") && preview.contains("2027年1月9日"), "{preview}");
        screenshots(&client, "44-calendar-form").await?;
        tests::browser::click(&client, "#calendar-import-submit").await?;
        text_of(&client, "#calendar-import-done").await?;
        let saved = admin.ok::<shared::endpoints::GetCalendarYear>(&["2027"], &(), &()).await?;
        assert!(!saved.provisional, "saved as the official year");
        let new_year = saved.holidays.iter().find(|h| h.name == "元旦").map(|h| (h.from, h.to));
        assert_eq!(new_year, Some((day("2027-01-01"), day("2027-01-03"))));
        assert_eq!(saved.make_up_workdays, vec![day("2027-01-09")]);
        Ok::<_, anyhow::Error>(())
    };
    let result = steps.await;
    browser.close().await;
    result
}
