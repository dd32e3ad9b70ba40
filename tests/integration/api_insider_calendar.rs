//! The working-day calendar against an administrator's bad file, hostile or mistaken
//! (issue 36, items 5 and 6): a hostile iCalendar file is refused in work bounded by its
//! lines and the year, off the async workers, while `/healthz` keeps answering; a year
//! without working days and a template whose schedules run past the calendar are refused
//! with the reason; and a campaign whose schedule the calendar cannot count says so in
//! the list and on its page, never an empty schedule that is never late (R8).

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use reqwest::StatusCode;
use shared::api::{ApiError, CampaignQuery};
use shared::calendar::{HolidayPeriod, MAX_IMPORT_BYTES, Uncounted, YearCalendar};
use shared::campaign::CampaignType;
use shared::endpoints::{
    CreateCampaign, GetCalendarYear, GetCampaign, ImportCalendarYear, ListCampaigns, SetScheduleTemplate,
};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::messages::RuleCode;
use shared::schedule::{LEAD_WORKING_DAYS_MAX, STAGE_WORKING_DAYS_MAX, Template};
use tests::{Session, Who, World, spawn_app, spawn_app_with};

fn day(text: &str) -> NaiveDate {
    shared::clock::parse_iso_date(text).unwrap()
}

fn store_specific(world: &World, title: &str, starts: &str, ends: &str) -> NewCampaign {
    NewCampaign {
        title: title.into(),
        stores: vec![StoreId(world.own_store)],
        starts_on: starts.into(),
        ends_on: ends.into(),
        ..NewCampaign::empty(CampaignType::StoreSpecific)
    }
}

/// The file of the issue: 962 events from 1 January 0001 to 31 December 9999, just under
/// the byte limit. Read day by day, each import cost 9.6 s of CPU on its worker, and two
/// at once held `/healthz` for 11.2 s.
fn hostile_ics(summary: &str) -> String {
    let event = format!("BEGIN:VEVENT\nDTSTART:00010101\nDTEND:99991231\nSUMMARY:{summary}\nEND:VEVENT\n");
    format!("BEGIN:VCALENDAR\n{}END:VCALENDAR\n", event.repeat(962))
}

/// Sends an iCalendar file to the import as a script does.
fn put_ics(admin: &Session, year: &str, body: String) -> reqwest::RequestBuilder {
    let path = shared::api::path(shared::api::routes::CALENDAR_YEAR_ICS, &[year]);
    admin.client.put(admin.url(&path)).header("content-type", "text/calendar").body(body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hostile_icalendar_files_at_once_are_refused_while_healthz_keeps_answering() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let admin = app.admin().await?;
    let before = admin.ok::<GetCalendarYear>(&["2027"], &(), &()).await?;
    // One file marks every day worked (班), the other every day off: both at once.
    let imports: Vec<_> = ["班", "假"]
        .into_iter()
        .map(|summary| {
            let body = hostile_ics(summary);
            assert!(body.len() <= MAX_IMPORT_BYTES, "the issue's file fits the byte limit: {}", body.len());
            let request = put_ics(&admin, "2027", body);
            tokio::spawn(async move { request.send().await })
        })
        .collect();
    // The health check answers, again and again, until both imports have their answer.
    // The deadline is generous: it fails only if the server stalls.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut answered = 0u32;
    while answered < 3 || imports.iter().any(|import| !import.is_finished()) {
        anyhow::ensure!(Instant::now() < deadline, "the server stalled: {answered} health checks answered in 30 s");
        let health =
            tokio::time::timeout(Duration::from_secs(10), app.http.get(app.url(shared::api::routes::HEALTHZ)).send())
                .await
                .map_err(|_| anyhow::anyhow!("/healthz did not answer within 10 s while the imports ran"))??;
        assert_eq!(health.status(), StatusCode::OK);
        answered += 1;
    }
    // Both are refused, each with its reason in both languages.
    for (import, (zh, en)) in imports.into_iter().zip([("条目过多", "too many"), ("365天", "365 days")]) {
        let answer = import.await??;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: ApiError = answer.json().await?;
        assert_eq!(error.code, RuleCode::R8CalendarInvalid, "{error:?}");
        assert!(error.message_zh.contains(zh) && error.message_en.contains(en), "{error:?}");
    }
    // Nothing changed: 2027 is still the estimate.
    assert_eq!(admin.ok::<GetCalendarYear>(&["2027"], &(), &()).await?, before);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_year_without_working_days_and_a_template_past_the_calendar_are_refused_with_the_reason() -> anyhow::Result<()>
{
    // 20 December 2026: the calendar holds 2025 and 2026, and 2027 and 2028 estimated.
    let app = spawn_app_with(|config| config.today = Some(day("2026-12-20"))).await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let created =
        manager.ok::<CreateCampaign>(&[], &(), &store_specific(&world, "三月会员", "2027-03-08", "2027-03-09")).await?;
    let id = created.campaign.campaign().id.0.to_string();
    let before = planner.ok::<GetCampaign>(&[&id], &(), &()).await?;
    assert!(before.working_days_left.is_some() && !before.schedule.is_empty(), "counted on the estimate");
    let estimate = admin.ok::<GetCalendarYear>(&["2027"], &(), &()).await?;

    // The year: one holiday from 1 January to 31 December, not a working day left.
    let whole_year = YearCalendar {
        year: 2027,
        source: "国办发明电〔2026〕（测试）".into(),
        holidays: vec![HolidayPeriod { name: "元旦".into(), from: day("2027-01-01"), to: day("2027-12-31") }],
        make_up_workdays: vec![],
        provisional: false,
    };
    let refused = admin.refused::<ImportCalendarYear>(&["2027"], &(), &whole_year).await?;
    assert_eq!((refused.status, refused.error.code), (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::R8CalendarInvalid));
    assert!(refused.error.message_zh.contains("365天") && refused.error.message_en.contains("365 days"), "{refused}");
    // Periods each short enough, most of the year together: the count of working days.
    let months = YearCalendar {
        holidays: (1..=12)
            .map(|m| HolidayPeriod {
                name: format!("第{m}段"),
                from: NaiveDate::from_ymd_opt(2027, m, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(2027, m, 28).unwrap(),
            })
            .collect(),
        ..whole_year.clone()
    };
    let refused = admin.refused::<ImportCalendarYear>(&["2027"], &(), &months).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.error.message_zh.contains("个工作日") && refused.error.message_en.contains("working days"),
        "{refused}"
    );
    // The same year as an iCalendar file (the browser's form reads it with this parser).
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20280101\r\n\
               SUMMARY:元旦\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let answer = put_ics(&admin, "2027", ics.to_owned()).send().await?;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: ApiError = answer.json().await?;
    assert!(error.message_zh.contains("365天") && error.message_en.contains("365 days"), "{error:?}");

    // Nothing changed: 2027 is the estimate still, and the campaign is counted on it.
    assert_eq!(admin.ok::<GetCalendarYear>(&["2027"], &(), &()).await?, estimate);
    let after = planner.ok::<GetCampaign>(&[&id], &(), &()).await?;
    assert_eq!((after.working_days_left, &after.schedule), (before.working_days_left, &before.schedule));
    assert_eq!(after.standing.uncounted, None);

    // A template as long as each number allows would schedule tomorrow's requests into
    // 2029, which is not on file: refused, with the year.
    let mut long = Template::default_for(CampaignType::StoreSpecific);
    for stage in &mut long.stages {
        stage.working_days = STAGE_WORKING_DAYS_MAX;
    }
    long.lead_working_days = LEAD_WORKING_DAYS_MAX;
    let refused = admin.refused::<SetScheduleTemplate>(&["store_specific"], &(), &long).await?;
    assert_eq!(
        (refused.status, refused.error.code),
        (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::R8CalendarYearNotOnFile),
        "{refused}"
    );
    assert!(refused.error.fields.iter().any(|f| f.field == "stages"), "{refused}");
    assert!(refused.error.message_zh.contains("2029年") && refused.error.message_en.contains("2029"), "{refused}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_whose_schedule_the_calendar_cannot_count_says_so_in_the_list_and_on_its_page() -> anyhow::Result<()>
{
    // 2 March 2026: the calendar holds 2025 to 2028; 2029 is not on file.
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let far =
        manager.ok::<CreateCampaign>(&[], &(), &store_specific(&world, "远期店庆", "2029-06-04", "2029-06-05")).await?;
    let far_id = far.campaign.campaign().id;
    let near =
        manager.ok::<CreateCampaign>(&[], &(), &store_specific(&world, "六月会员", "2026-06-08", "2026-06-09")).await?;
    let near_id = near.campaign.campaign().id;
    let missing = Some(Uncounted::YearNotOnFile { year: 2029 });

    // The campaign page: no schedule, and why.
    let detail = planner.ok::<GetCampaign>(&[&far_id.0.to_string()], &(), &()).await?;
    assert_eq!(detail.standing.uncounted, missing, "{:?}", detail.standing);
    assert!(detail.schedule.is_empty() && detail.standing.stage_due_on.is_none() && !detail.overdue);
    // The list: the row says it cannot be counted, and is neither late nor at risk.
    let list = planner.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    let row = list.items.iter().find(|c| c.id == far_id).unwrap();
    assert_eq!(row.clock_uncounted, missing);
    assert_eq!((row.stage_due_on, row.late_working_days, row.at_risk, row.overdue), (None, 0, false, false));
    // A campaign on the calendar's years is counted as ever.
    let near_row = list.items.iter().find(|c| c.id == near_id).unwrap();
    assert_eq!(near_row.clock_uncounted, None);
    assert!(near_row.stage_due_on.is_some() && near_row.working_days_left.is_some());
    // The store's own row says its deadline cannot be counted (the schedule is the center's).
    let store_list = manager.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    let store_row = store_list.items.iter().find(|c| c.id == far_id).unwrap();
    assert_eq!((store_row.clock_uncounted, store_row.working_days_left), (missing, None));

    // When 2029 comes within the estimate's reach, the schedule is counted by itself.
    app.move_today(day("2027-01-04"));
    let detail = planner.ok::<GetCampaign>(&[&far_id.0.to_string()], &(), &()).await?;
    assert_eq!(detail.standing.uncounted, None);
    assert!(!detail.schedule.is_empty() && detail.schedule_estimated, "{:?}", detail.schedule);
    let list = planner.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    let row = list.items.iter().find(|c| c.id == far_id).unwrap();
    assert_eq!(row.clock_uncounted, None);
    assert!(row.stage_due_on.is_some());
    Ok(())
}
