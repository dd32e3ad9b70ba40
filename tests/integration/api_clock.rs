//! The campaign's clock over HTTP (issue 27): every campaign answer carries its schedule,
//! counted back from its event on the working-day calendar; list rows say what is late and
//! at risk and `?late=true` finds them; a request shorter than its type's schedule is
//! accepted late and waits for the VP's override; nothing is finished before the event
//! ends; the administrator's template applies to campaigns requested afterwards.

use chrono::NaiveDate;
use reqwest::StatusCode;
use shared::Calendar;
use shared::api::CampaignQuery;
use shared::campaign::{CampaignType, Lateness, Stage};
use shared::endpoints::{CreateCampaign, GetCampaign, GetScheduleTemplates, ListCampaigns, SetScheduleTemplate};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::messages::RuleCode;
use shared::schedule::{Template, event_stage};
use shared::workflow::{Action, Approve, FinishExecution, OverrideLate, stages_of};
use tests::flow::store_campaign_at;
use tests::{Who, World, spawn_app, test_today};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
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

#[tokio::test]
async fn a_campaign_carries_its_schedule_and_the_late_ones_are_listed_as_late() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let calendar = Calendar::china_official();
    let template = Template::default_for(CampaignType::StoreSpecific);

    // Requested on Monday 2 March for Monday 8 June: time enough.
    let asked = manager
        .ok::<CreateCampaign>(&[], &(), &store_specific(&world, "六月会员日", "2026-06-08", "2026-06-10"))
        .await?;
    // The clock is the center's: the store that asked is sent none of it.
    assert!(asked.schedule.is_empty() && !asked.schedule_estimated, "{:?}", asked.schedule);
    assert_eq!(asked.standing, Default::default());
    let ample = planner.ok::<GetCampaign>(&[&asked.campaign.campaign().id.0.to_string()], &(), &()).await?;
    let c = ample.campaign.campaign();
    assert_eq!(c.lateness, None);
    let stages: Vec<Stage> = ample.schedule.iter().map(|e| e.stage).collect();
    assert_eq!(stages, stages_of(CampaignType::StoreSpecific, true).to_vec(), "one entry per stage, in order");
    for entry in &ample.schedule {
        assert_eq!(calendar.is_working_day(entry.due_on), Ok(true), "{entry:?}");
    }
    assert!(ample.schedule.windows(2).all(|w| w[0].due_on <= w[1].due_on));
    let shipping = ample.schedule.iter().find(|e| e.stage == event_stage(CampaignType::StoreSpecific)).unwrap();
    assert_eq!(Some(shipping.due_on), calendar.sub_working_days(day("2026-06-08"), template.lead_working_days).ok());
    assert_eq!(ample.schedule.iter().find(|e| e.stage == Stage::Execution).map(|e| e.due_on), Some(day("2026-06-10")));
    assert!(ample.schedule.iter().all(|e| e.done_on.is_none()));
    assert_eq!((ample.standing.late_working_days, ample.standing.at_risk), (0, false));
    assert!(!ample.schedule_estimated);

    // Requested for Monday 16 March: six working days where the template needs twenty.
    let asked =
        manager.ok::<CreateCampaign>(&[], &(), &store_specific(&world, "三月急单", "2026-03-16", "2026-03-17")).await?;
    let short_id = asked.campaign.campaign().id.0;
    // The store is not told the center's lateness bookkeeping; the planner is.
    assert_eq!(asked.campaign.campaign().lateness, None);
    assert_eq!((asked.schedule.len(), asked.standing.late_working_days, asked.overdue), (0, 0, false));
    let seen = planner.ok::<GetCampaign>(&[&short_id.to_string()], &(), &()).await?;
    let short = seen.clone();
    let Some(Lateness::Schedule { working_days_short }) = seen.campaign.campaign().lateness else {
        panic!("a short request is accepted as late: {:?}", seen.campaign.campaign().lateness)
    };
    assert!(working_days_short >= 10, "short by {working_days_short}");
    // Its intake was due before it was requested: it is late from the start.
    assert!(short.standing.late_working_days > 0, "{:?}", short.standing);

    // The planner takes the ample one up: intake done today, the schedule says so.
    planner.perform_ok(ample.campaign.campaign().id.0, &Action::StartNeeds(shared::workflow::StartNeeds {})).await?;
    let taken = planner.ok::<GetCampaign>(&[&ample.campaign.campaign().id.0.to_string()], &(), &()).await?;
    assert_eq!(taken.schedule[0].done_on, Some(test_today()));

    // Lists: the late one has its stage's due day and how late; `late=true` finds only it.
    let late = planner.ok::<ListCampaigns>(&[], &CampaignQuery { late: true, ..CampaignQuery::default() }, &()).await?;
    let ids: Vec<u64> = late.items.iter().map(|c| c.id.0).collect();
    assert_eq!(ids, vec![short_id]);
    let row = &late.items[0];
    assert_eq!(row.stage_due_on, Some(short.schedule[0].due_on));
    assert_eq!(row.late_working_days, short.standing.late_working_days);
    assert!(row.overdue);
    // The first name of the filter says the same.
    let overdue =
        planner.ok::<ListCampaigns>(&[], &CampaignQuery { overdue: true, ..CampaignQuery::default() }, &()).await?;
    assert_eq!(overdue.items.iter().map(|c| c.id.0).collect::<Vec<_>>(), ids);
    let all = planner.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    let ample_row = all.items.iter().find(|c| c.id == ample.campaign.campaign().id).unwrap();
    assert_eq!((ample_row.late_working_days, ample_row.overdue), (0, false));
    assert_eq!(ample_row.stage_due_on, taken.standing.stage_due_on);

    // The store's list has the rows without the clock, and cannot sift by it either.
    let theirs = manager.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    assert_eq!(theirs.items.len(), 2);
    for row in &theirs.items {
        assert_eq!(
            (row.stage_due_on, row.late_working_days, row.at_risk, row.overdue),
            (None, 0, false, false),
            "{row:?}"
        );
    }
    for query in [
        CampaignQuery { late: true, ..CampaignQuery::default() },
        CampaignQuery { at_risk: true, ..CampaignQuery::default() },
    ] {
        assert!(manager.ok::<ListCampaigns>(&[], &query, &()).await?.items.is_empty(), "{query:?}");
    }
    Ok(())
}

#[tokio::test]
async fn a_short_request_waits_for_the_vps_override_and_nothing_is_finished_before_the_event() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let vp = world.session(&app, Who::Vp).await?;
    let planner = world.session(&app, Who::Planning).await?;
    // A store's own campaign on 20–21 March, requested on 2 March: short of its schedule.
    let id = store_campaign_at(&app, &world, "春分会员回馈", (day("2026-03-20"), day("2026-03-21")), Stage::Revisions)
        .await?;
    planner.perform_ok(id, &Action::SubmitForApproval(shared::workflow::SubmitForApproval {})).await?;
    let refused = vp.perform(id, &Action::Approve(Approve {})).await?.expect_err("approval refused");
    assert_eq!((refused.status, refused.error.code), (StatusCode::CONFLICT, RuleCode::ScheduleShort));
    assert!(refused.error.message_zh.contains("副总经理特批"), "{:?}", refused.error);
    vp.perform_ok(id, &Action::OverrideLate(OverrideLate { reason: "门店清明前必须上新".into() })).await?;
    let approved = vp.perform_ok(id, &Action::Approve(Approve {})).await?;
    // Accepted late, its stages before the event share the time there was: none was due
    // before the request.
    assert!(approved.schedule.iter().all(|e| e.due_on >= test_today()), "{:?}", approved.schedule);

    // On to execution; on 2 April the event still runs: finishing is refused, in words.
    let id =
        store_campaign_at(&app, &world, "四月店庆", (day("2026-04-01"), day("2026-04-03")), Stage::Execution).await?;
    app.move_today(day("2026-04-02"));
    let refused = planner.perform(id, &Action::FinishExecution(FinishExecution {})).await?.expect_err("refused");
    assert_eq!((refused.status, refused.error.code), (StatusCode::CONFLICT, RuleCode::EventNotOver));
    assert!(refused.error.message_zh.contains("2026年4月3日") && refused.error.message_en.contains("2026-04-03"));
    app.move_today(day("2026-04-03"));
    let finished = planner.perform_ok(id, &Action::FinishExecution(FinishExecution {})).await?;
    assert_eq!(finished.campaign.campaign().stage, Stage::Summary);
    let execution = finished.schedule.iter().find(|e| e.stage == Stage::Execution).unwrap();
    assert_eq!((execution.due_on, execution.done_on), (day("2026-04-03"), Some(day("2026-04-03"))));
    Ok(())
}

#[tokio::test]
async fn the_administrators_template_applies_to_campaigns_requested_afterwards() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let before = manager
        .ok::<CreateCampaign>(&[], &(), &store_specific(&world, "五月会员日", "2026-05-11", "2026-05-12"))
        .await?;
    let templates = admin.ok::<GetScheduleTemplates>(&[], &(), &()).await?;
    let mut template = templates.templates.iter().find(|t| t.kind == CampaignType::StoreSpecific).unwrap().template();
    assert_eq!(template, Template::default_for(CampaignType::StoreSpecific));
    // Production takes thirty more working days; the lead a week.
    for stage in &mut template.stages {
        if stage.stage == Stage::Production {
            stage.working_days += 30;
        }
    }
    template.lead_working_days = 5;
    // Only the administrator may, and a template out of order is refused by field.
    let refused = manager.refused::<SetScheduleTemplate>(&["store_specific"], &(), &template).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let mut shuffled = template.clone();
    shuffled.stages.swap(0, 1);
    let refused = admin.refused::<SetScheduleTemplate>(&["store_specific"], &(), &shuffled).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.error.fields.iter().any(|f| f.field == "stages" && f.code == RuleCode::ScheduleStages));
    let set = admin.ok::<SetScheduleTemplate>(&["store_specific"], &(), &template).await?;
    let view = set.templates.iter().find(|t| t.kind == CampaignType::StoreSpecific).unwrap();
    // It applies from tomorrow: today's requests are all measured by one template.
    assert_eq!((view.next.as_ref(), view.applies_from), (Some(&template), None));
    app.move_today(day("2026-03-03"));
    let templates = admin.ok::<GetScheduleTemplates>(&[], &(), &()).await?;
    let view = templates.templates.iter().find(|t| t.kind == CampaignType::StoreSpecific).unwrap();
    assert_eq!(
        (view.applies_from, view.working_days_needed),
        (Some(day("2026-03-03")), template.working_days_needed())
    );

    // A request made now is measured against it (and is short); the one before is not.
    let after =
        manager.ok::<CreateCampaign>(&[], &(), &store_specific(&world, "五月店庆", "2026-05-11", "2026-05-12")).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let after = planner.ok::<GetCampaign>(&[&after.campaign.campaign().id.0.to_string()], &(), &()).await?;
    assert!(matches!(after.campaign.campaign().lateness, Some(Lateness::Schedule { .. })));
    let calendar = Calendar::china_official();
    let shipping =
        |d: &shared::api::CampaignDetail| d.schedule.iter().find(|e| e.stage == Stage::Shipping).map(|e| e.due_on);
    assert_eq!(shipping(&after), calendar.sub_working_days(day("2026-05-11"), 5).ok());
    let before = planner.ok::<GetCampaign>(&[&before.campaign.campaign().id.0.to_string()], &(), &()).await?;
    assert_eq!(before.campaign.campaign().lateness, None);
    assert_eq!(shipping(&before), calendar.sub_working_days(day("2026-05-11"), 1).ok(), "kept its own template");
    // The template survives a restart.
    let app = app.restart().await?;
    let admin = app.admin().await?;
    let again = admin.ok::<GetScheduleTemplates>(&[], &(), &()).await?;
    assert!(again.templates.iter().any(|t| t.template() == template || t.next.as_ref() == Some(&template)));
    // A store reads only what its request form measures by: the lead and the days needed.
    let manager = world.session(&app, Who::StoreManager).await?;
    let told = manager.ok::<GetScheduleTemplates>(&[], &(), &()).await?;
    let mine = told.templates.iter().find(|t| t.kind == CampaignType::StoreSpecific).unwrap();
    let whole = again.templates.iter().find(|t| t.kind == CampaignType::StoreSpecific).unwrap();
    assert_eq!(
        (mine.working_days_needed, mine.lead_working_days),
        (whole.working_days_needed, whole.lead_working_days)
    );
    assert!(mine.stages.is_empty() && mine.next.is_none() && !whole.stages.is_empty());
    Ok(())
}
