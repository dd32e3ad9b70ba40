//! The calendar never runs out (R8): on 20 December 2026, with no notice for 2027 on file,
//! 2027 is estimated from the holiday regulation; a video job due in January 2027 is
//! accepted and every answer about it says it is an estimate. When the official 2027
//! arrives, it replaces the estimate, and an open job the new data puts inside R1's lead
//! time is flagged. Import errors read in both languages.

use chrono::NaiveDate;
use reqwest::StatusCode;
use serde_json::json;
use shared::api::{CalendarImport, CampaignDetail, CampaignList, WorkingDays, WorkingDaysQuery, path, routes};
use shared::calendar::{HolidayPeriod, YearCalendar};
use shared::endpoints::{CountWorkingDays, url};
use tests::{World, spawn_app_with};

fn day(text: &str) -> NaiveDate {
    shared::clock::parse_iso_date(text).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_year_is_estimated_before_its_notice_and_replaced_when_it_comes() -> anyhow::Result<()> {
    let app = spawn_app_with(|config| config.today = Some(day("2026-12-20"))).await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, "store_manager").await?;

    // 2027 is there, as an estimate: 春节 from 除夕 (5 Feb) for four days, no make-up days.
    let estimate: YearCalendar = manager.fetch(&path(routes::CALENDAR_YEAR, &["2027"])).await?;
    assert!(estimate.provisional, "{estimate:?}");
    assert!(estimate.make_up_workdays.is_empty());
    let spring = estimate.holidays.iter().find(|p| p.name.contains("春节")).unwrap();
    assert_eq!((spring.from, spring.to), (day("2027-02-05"), day("2027-02-08")));
    let official: YearCalendar = manager.fetch(&path(routes::CALENDAR_YEAR, &["2026"])).await?;
    assert!(!official.provisional);

    // The working days into 2027 are counted, and said to be an estimate. From Sunday
    // 20 December: nine working days in December, 元旦 off, Monday 4 January the tenth.
    let query = WorkingDaysQuery { from: day("2026-12-20"), add: Some(10), to: None };
    let answer: WorkingDays = manager.fetch(&url::<CountWorkingDays>(&[], &query)).await?;
    assert_eq!((answer.date, answer.provisional), (Some(day("2027-01-04")), true));

    // A video job due 6 January 2027 is accepted (R1 on the estimate), marked as such.
    let (status, created) = manager
        .post(
            routes::CAMPAIGNS,
            &json!({"kind": "video_production", "title": "新年短片", "stores": [world.own_store], "due_on": "2027-01-06"}),
        )
        .await?;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let created: CampaignDetail = serde_json::from_value(created)?;
    assert!(created.deadline_provisional && !created.lead_time_short);
    let id = created.campaign.id.to_string();
    // Before the 4th is refused, with R1's earliest day.
    let (status, refused) = manager
        .post(
            routes::CAMPAIGNS,
            &json!({"kind": "video_production", "title": "太急", "stores": [world.own_store], "due_on": "2026-12-31"}),
        )
        .await?;
    assert_eq!((status, refused["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("R1_VIDEO_LEAD_TIME")));
    assert!(refused["message_zh"].as_str().is_some_and(|m| m.contains("2027年1月4日")), "{refused}");

    // The official 2027 arrives: its New Year runs to the 6th. The job is now inside the
    // lead time, and the import says so.
    let admin = app.admin().await?;
    let notice = YearCalendar {
        year: 2027,
        source: "国办发明电〔2026〕（测试）".into(),
        holidays: vec![HolidayPeriod { name: "元旦".into(), from: day("2027-01-01"), to: day("2027-01-06") }],
        make_up_workdays: vec![],
        provisional: false,
    };
    let (status, imported) =
        admin.put(&path(routes::CALENDAR_YEAR, &["2027"]), &serde_json::to_value(&notice)?).await?;
    assert_eq!(status, StatusCode::OK, "{imported}");
    let imported: CalendarImport = serde_json::from_value(imported)?;
    assert_eq!(imported.lead_time_short.iter().map(|c| c.id.to_string()).collect::<Vec<_>>(), vec![id.clone()]);
    let now: YearCalendar = manager.fetch(&path(routes::CALENDAR_YEAR, &["2027"])).await?;
    assert!(!now.provisional);
    let detail: CampaignDetail = manager.fetch(&path(routes::CAMPAIGN, &[&id])).await?;
    assert!(detail.lead_time_short && !detail.deadline_provisional, "recomputed on the official year");
    let planner = world.session(&app, "planning").await?;
    let list: CampaignList = planner.fetch(routes::CAMPAIGNS).await?;
    assert!(list.items.iter().any(|c| c.id.to_string() == id && c.lead_time_short), "flagged in the assignee's list");
    let answer: WorkingDays = manager.fetch(&url::<CountWorkingDays>(&[], &query)).await?;
    assert_eq!((answer.date, answer.provisional), (Some(day("2027-01-07")), false));

    // Import errors read in both languages.
    let mut estimate_back = notice.clone();
    estimate_back.provisional = true;
    let (status, body) =
        admin.put(&path(routes::CALENDAR_YEAR, &["2027"]), &serde_json::to_value(&estimate_back)?).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["message_zh"].as_str().is_some_and(|m| m.contains("正式安排")), "{body}");
    let mut weekday = notice.clone();
    weekday.make_up_workdays = vec![day("2027-03-03")];
    let (status, body) = admin.put(&path(routes::CALENDAR_YEAR, &["2027"]), &serde_json::to_value(&weekday)?).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["message_zh"].as_str().is_some_and(|m| m.contains("不是周六或周日")), "{body}");
    assert!(body["message_en"].as_str().is_some_and(|m| m.contains("not a Saturday or Sunday")), "{body}");
    let response = admin
        .client
        .put(admin.url(&path(routes::CALENDAR_YEAR, &["2027"])))
        .header("content-type", "application/json")
        .body("{\"year\": 2027, \"holidays\": [")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = response.json().await?;
    assert!(body["message_zh"].as_str().is_some_and(|m| m.contains("第1行")), "{body}");
    Ok(())
}
