//! The campaign's clock in a real headless Chromium: a store manager typing a request with
//! too little time is told it needs the VP's override before she sends it; the VP's home
//! lists what is late and at risk; a late campaign's page shows its schedule, planned
//! against actual, and where its stage stands. Screenshots at 768×1024 and 1024×768.

use fantoccini::Locator;
use shared::campaign::{CampaignType, Stage};
use shared::endpoints::{CreateCampaign, GetCampaign};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use tests::browser::{Browser, STEP, screenshots, set_value, switch_user, text_of};
use tests::{PASSWORD, Who, World, spawn_app, wait_for};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clock_shows_on_the_form_the_vps_home_and_the_campaign_page() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let planner = world.session(&app, Who::Planning).await?;
    let request = |title: &str, starts: &str, ends: &str| NewCampaign {
        title: title.into(),
        stores: vec![StoreId(world.own_store)],
        starts_on: starts.into(),
        ends_on: ends.into(),
        ..NewCampaign::empty(CampaignType::StoreSpecific)
    };
    // One with time enough, one requested a week before it starts (late from the start).
    manager.ok::<CreateCampaign>(&[], &(), &request("六月会员日", "2026-06-08", "2026-06-10")).await?;
    let late = manager.ok::<CreateCampaign>(&[], &(), &request("三月急单会员日", "2026-03-10", "2026-03-11")).await?;
    let late_id = late.campaign.campaign().id.0;

    let browser = Browser::start(768, 1024).await?;
    let client = browser.client.clone();
    let result = async {
        // The store manager types a request for next week: she is told before she sends.
        switch_user(&client, &app.url("/"), world.login_of(Who::StoreManager), PASSWORD).await?;
        client.goto(&app.url("/new/store-specific")).await?;
        text_of(&client, "#request-form").await?;
        client.find(Locator::Id("title")).await?.send_keys("店内陈列焕新").await?;
        set_value(&client, "#starts_on", "2026-03-12").await?;
        set_value(&client, "#ends_on", "2026-03-13").await?;
        let warning = text_of(&client, "#late-warning").await?;
        assert!(warning.contains("副总经理特批") && warning.contains("工作日"), "{warning}");
        screenshots(&client, "70-request-short-of-schedule").await?;

        // The VP's home: what is late, first.
        switch_user(&client, &app.url("/"), world.login_of(Who::Vp), PASSWORD).await?;
        let listed = wait_for(STEP, "the late list", || async {
            let text = text_of(&client, "#late-list").await.ok()?;
            text.contains("三月急单会员日").then_some(text)
        })
        .await?;
        assert!(listed.contains("逾期") && !listed.contains("六月会员日"), "{listed}");
        assert!(text_of(&client, "#late-count").await?.contains("（1）"));
        screenshots(&client, "71-vp-late-and-at-risk").await?;

        // The late campaign's page: the schedule, planned against actual.
        client.goto(&app.url(&format!("/campaigns/{late_id}"))).await?;
        let clock = text_of(&client, "#stage-clock").await?;
        assert!(clock.contains("立项") && clock.contains("逾期"), "{clock}");
        let chips = client.find_all(Locator::Css("#schedule li")).await?;
        assert_eq!(chips.len(), shared::workflow::stages_of(CampaignType::StoreSpecific, true).len());
        let current = client.find(Locator::Css("#schedule li.current")).await?;
        assert!(current.attr("class").await?.unwrap_or_default().contains("late"));
        assert!(current.text().await?.contains("计划"));
        screenshots(&client, "72-campaign-schedule-late").await?;

        // Taken up, the intake stage shows the day it was done.
        planner.perform_ok(late_id, &shared::workflow::Action::StartNeeds(shared::workflow::StartNeeds {})).await?;
        client.refresh().await?;
        let done = wait_for(STEP, "the intake done", || async {
            let chip = client.find(Locator::Css("#schedule li[data-stage=intake]")).await.ok()?;
            let text = chip.text().await.ok()?;
            text.contains("完成").then_some(text)
        })
        .await?;
        assert!(done.contains("3月2日"), "{done}");
        let detail = planner.ok::<GetCampaign>(&[&late_id.to_string()], &(), &()).await?;
        assert_eq!(detail.campaign.campaign().stage, Stage::Needs);
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}
