//! The calendar never runs out (R8): on 20 December 2026, with no notice for 2027 on file,
//! 2027 is estimated from the holiday regulation; a video job due in January 2027 is
//! accepted and every answer about it says it is an estimate. When the official 2027
//! arrives, it replaces the estimate, and an open job the new data puts inside R1's lead
//! time is flagged. Import errors read in both languages.

use chrono::NaiveDate;
use reqwest::{Method, StatusCode};
use shared::api::{CampaignQuery, WorkingDaysQuery};
use shared::calendar::{HolidayPeriod, YearCalendar};
use shared::campaign::CampaignType;
use shared::endpoints::{
    CountWorkingDays, CreateCampaign, GetCalendarYear, GetCampaign, ImportCalendarYear, ListCampaigns, url,
};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::messages::RuleCode;
use tests::{Who, World, spawn_app_with};

fn day(text: &str) -> NaiveDate {
    shared::clock::parse_iso_date(text).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_year_is_estimated_before_its_notice_and_replaced_when_it_comes() -> anyhow::Result<()> {
    let app = spawn_app_with(|config| config.today = Some(day("2026-12-20"))).await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;

    // 2027 is there, as an estimate: 春节 from 除夕 (5 Feb) for four days, no make-up days.
    let estimate = manager.ok::<GetCalendarYear>(&["2027"], &(), &()).await?;
    assert!(estimate.provisional, "{estimate:?}");
    assert!(estimate.make_up_workdays.is_empty());
    let spring = estimate.holidays.iter().find(|p| p.name.contains("春节")).unwrap();
    assert_eq!((spring.from, spring.to), (day("2027-02-05"), day("2027-02-08")));
    let official = manager.ok::<GetCalendarYear>(&["2026"], &(), &()).await?;
    assert!(!official.provisional);

    // The working days into 2027 are counted, and said to be an estimate. From Sunday
    // 20 December: nine working days in December, 元旦 off, Monday 4 January the tenth.
    let query = WorkingDaysQuery { from: day("2026-12-20"), add: Some(10), to: None };
    let answer = manager.ok::<CountWorkingDays>(&[], &query, &()).await?;
    assert_eq!((answer.date, answer.provisional), (Some(day("2027-01-04")), true));

    // A video job due 6 January 2027 is accepted (R1 on the estimate), marked as such.
    let video = |title: &str, due_on: &str| NewCampaign {
        title: title.into(),
        stores: vec![StoreId(world.own_store)],
        due_on: due_on.into(),
        ..NewCampaign::empty(CampaignType::VideoProduction)
    };
    let created = manager.ok::<CreateCampaign>(&[], &(), &video("新年短片", "2027-01-06")).await?;
    assert!(created.deadline_provisional && !created.lead_time_short);
    let id = created.campaign.id.to_string();
    // Before the 4th is refused, with R1's earliest day.
    let refused = manager.refused::<CreateCampaign>(&[], &(), &video("太急", "2026-12-31")).await?;
    assert_eq!((refused.status, refused.error.code), (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::R1VideoLeadTime));
    assert!(refused.error.message_zh.contains("2027年1月4日"), "{refused}");

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
    let imported = admin.ok::<ImportCalendarYear>(&["2027"], &(), &notice).await?;
    assert_eq!(imported.lead_time_short.iter().map(|c| c.id.to_string()).collect::<Vec<_>>(), vec![id.clone()]);
    let now = manager.ok::<GetCalendarYear>(&["2027"], &(), &()).await?;
    assert!(!now.provisional);
    let detail = manager.ok::<GetCampaign>(&[&id], &(), &()).await?;
    assert!(detail.lead_time_short && !detail.deadline_provisional, "recomputed on the official year");
    let planner = world.session(&app, Who::Planning).await?;
    let list = planner.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    assert!(list.items.iter().any(|c| c.id.to_string() == id && c.lead_time_short), "flagged in the assignee's list");
    let answer = manager.ok::<CountWorkingDays>(&[], &query, &()).await?;
    assert_eq!((answer.date, answer.provisional), (Some(day("2027-01-07")), false));

    // Import errors read in both languages.
    let mut estimate_back = notice.clone();
    estimate_back.provisional = true;
    let refused = admin.refused::<ImportCalendarYear>(&["2027"], &(), &estimate_back).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.error.message_zh.contains("正式安排"), "{refused}");
    let mut weekday = notice.clone();
    weekday.make_up_workdays = vec![day("2027-03-03")];
    let refused = admin.refused::<ImportCalendarYear>(&["2027"], &(), &weekday).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.error.message_zh.contains("不是周六或周日"), "{refused}");
    assert!(refused.error.message_en.contains("not a Saturday or Sunday"), "{refused}");
    // Malformed JSON, cut off mid-list, on purpose: no `shared` value serializes to it.
    let (status, error) = admin
        .send_raw(Method::PUT, &url::<ImportCalendarYear>(&["2027"], &()), "{\"year\": 2027, \"holidays\": [")
        .await?;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let error = error.expect("a malformed body is refused with an error body");
    assert!(error.message_zh.contains("第1行"), "{error:?}");
    Ok(())
}

/// A script holding the holiday calendar as an .ics file imports it as it is: the
/// server reads it with the browser's parser and keeps the year as official.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_icalendar_file_is_imported_as_it_is() -> anyhow::Result<()> {
    let app = spawn_app_with(|config| config.today = Some(day("2026-12-20"))).await?;
    let admin = app.admin().await?;
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
               BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270104\r\nSUMMARY:元旦\r\nEND:VEVENT\r\n\
               BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270109\r\nSUMMARY:元旦补班\r\nEND:VEVENT\r\n\
               END:VCALENDAR\r\n";
    let path = shared::api::path(shared::api::routes::CALENDAR_YEAR_ICS, &["2027"]);
    let put = |body: &'static str| {
        admin.client.put(admin.url(&path)).header("content-type", "text/calendar").body(body).send()
    };
    let answer = put(ics).await?;
    assert_eq!(answer.status(), StatusCode::OK);
    let imported: shared::api::CalendarImport = answer.json().await?;
    assert!(!imported.year.provisional);
    let year = admin.ok::<GetCalendarYear>(&["2027"], &(), &()).await?;
    assert_eq!(
        year.holidays.first().map(|h| (h.name.as_str(), h.from, h.to)),
        Some(("元旦", day("2027-01-01"), day("2027-01-03")))
    );
    assert_eq!(year.make_up_workdays, vec![day("2027-01-09")]);
    // A file without events is refused in words, and nothing changes.
    let refused = put("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").await?;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: shared::api::ApiError = refused.json().await?;
    assert!(!error.message_zh.is_empty() && !error.message_en.is_empty(), "{error:?}");
    assert_eq!(admin.ok::<GetCalendarYear>(&["2027"], &(), &()).await?, year);
    Ok(())
}
