//! Campaigns driven through their stages by the people who own each step, in the
//! product's own types (`shared::workflow::Action`), for tests that need a campaign at a
//! given stage.

use chrono::NaiveDate;
use shared::campaign::{Brainstorm, CampaignType, ReceiptLine, ShippedItem, Stage, StorePlan};
use shared::endpoints::{CreateCampaign, GetCampaign};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::money::Fen;
use shared::plan::{BudgetLine, PlanDocument};
use shared::workflow::Action;

use crate::{TestApp, Who, World};
use shared::workflow::{
    Approve, CompleteNeeds, ConfirmPlan, ConfirmReceipt, FinishExecution, OverrideLate, RecordBrainstorm,
    RecordShipment, SavePlan, StartNeeds, SubmitDraft, SubmitForApproval, SubmitSummary,
};

/// A plan with all five sections, as a planner would write it.
pub fn complete_plan(theme: &str) -> PlanDocument {
    PlanDocument {
        theme: theme.into(),
        strategy: "满 3000 元赠首饰盒，老会员双倍积分。".into(),
        implementation: "第一周预热，第二周主推。".into(),
        forecast: "客流提升 30%，销售额 50 万元。".into(),
        budget: vec![
            BudgetLine { item: "物料制作".into(), amount: Fen(1_200_000) },
            BudgetLine { item: "促销品".into(), amount: Fen(800_000) },
        ],
        forecast_sales: None,
    }
}

/// What was shipped to the store in [`store_campaign_at`]: its receipt lines expect these.
pub const SHIPPED: [(&str, u32); 2] = [("福袋", 100), ("吊旗", 20)];

/// A receipt of everything in [`SHIPPED`], nothing missing or damaged.
pub fn received_in_full() -> Vec<ReceiptLine> {
    SHIPPED
        .iter()
        .map(|(item, quantity)| ReceiptLine {
            item: (*item).into(),
            expected: *quantity,
            received: *quantity,
            damaged: 0,
            note: String::new(),
        })
        .collect()
}

/// A store-specific campaign (个性活动) for the world's first store, running `starts_on` to
/// `ends_on`, requested by its manager and carried by the staff (and the store, where it
/// owns the step) until it reaches `stage`. Returns its id.
pub async fn store_campaign_at(
    app: &TestApp,
    world: &World,
    title: &str,
    (starts_on, ends_on): (NaiveDate, NaiveDate),
    stage: Stage,
) -> anyhow::Result<u64> {
    let manager = world.session(app, Who::StoreManager).await?;
    let planner = world.session(app, Who::Planning).await?;
    let vp = world.session(app, Who::Vp).await?;
    let purchasing = world.session(app, Who::Purchasing).await?;
    let store = StoreId(world.own_store);
    let mut form = NewCampaign::empty(CampaignType::StoreSpecific);
    form.title = title.into();
    form.stores = vec![store];
    form.starts_on = starts_on.to_string();
    form.ends_on = ends_on.to_string();
    let created =
        manager.ok::<CreateCampaign>(&[], &(), &form).await.map_err(|e| anyhow::anyhow!("open {title}: {e}"))?;
    let id = created.campaign.campaign().id.0;
    let order = shared::workflow::stages_of(CampaignType::StoreSpecific, true);
    let reached = |now: Stage| order.iter().position(|s| *s == now) >= order.iter().position(|s| *s == stage);
    let mut now = Stage::Intake;
    while !reached(now) {
        let detail = match now {
            Stage::Intake => planner.perform_ok(id, &Action::StartNeeds(StartNeeds {})).await?,
            Stage::Needs => planner.perform_ok(id, &Action::CompleteNeeds(CompleteNeeds {})).await?,
            Stage::Brainstorm => {
                let brainstorm =
                    Brainstorm { notes: "头脑风暴：主推足金".into(), attendees: vec!["企划".into()] };
                planner.perform_ok(id, &Action::RecordBrainstorm(RecordBrainstorm { brainstorm })).await?
            }
            Stage::DraftPlan => {
                let plan = complete_plan(title);
                planner.perform_ok(id, &Action::SavePlan(SavePlan { plan, note: "初稿".into() })).await?;
                planner.perform_ok(id, &Action::SubmitDraft(SubmitDraft {})).await?
            }
            Stage::Revisions => planner.perform_ok(id, &Action::SubmitForApproval(SubmitForApproval {})).await?,
            Stage::Approval => {
                let detail = planner.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
                let campaign = detail.campaign.campaign();
                if campaign.lateness.is_some() && campaign.late_override.is_none() {
                    vp.perform_ok(id, &Action::OverrideLate(OverrideLate { reason: "门店急需".into() })).await?;
                }
                vp.perform_ok(id, &Action::Approve(Approve {})).await?
            }
            Stage::StoreConfirmation => {
                let plan = StorePlan {
                    starts_on,
                    ends_on,
                    policy: "满 3000 减 300".into(),
                    materials: Vec::new(),
                    gifts: Vec::new(),
                    ship_on: starts_on,
                };
                manager.perform_ok(id, &Action::ConfirmPlan(ConfirmPlan { store, plan })).await?
            }
            Stage::Production => {
                let items =
                    SHIPPED.iter().map(|(item, quantity)| ShippedItem { item: (*item).into(), quantity: *quantity });
                let shipment = Action::RecordShipment(RecordShipment {
                    store,
                    items: items.collect(),
                    shipped_on: crate::test_today(),
                    tracking: "SF1234567890".into(),
                });
                purchasing.perform_ok(id, &shipment).await?
            }
            Stage::Shipping => {
                let lines = received_in_full();
                manager
                    .perform_ok(id, &Action::ConfirmReceipt(ConfirmReceipt { store, lines, photos: Vec::new() }))
                    .await?
            }
            Stage::Execution => {
                app.let_event_end(&planner, id).await?;
                planner.perform_ok(id, &Action::FinishExecution(FinishExecution {})).await?
            }
            Stage::Summary => {
                let summary = Action::SubmitSummary(SubmitSummary { notes: "活动顺利".into(), photos: Vec::new() });
                planner.perform_ok(id, &summary).await?
            }
            other => anyhow::bail!("no step defined from {other:?}"),
        };
        let next = detail.campaign.campaign().stage;
        anyhow::ensure!(next != now, "{title}: stuck at {now:?}");
        now = next;
    }
    Ok(id)
}
