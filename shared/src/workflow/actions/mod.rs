//! Every workflow action, one struct each with its [`super::Act`] implementation, grouped
//! by who takes them: planning's own work, the VP's decisions, the departments' tasks and
//! design rounds, the stores' steps, the center's delivery and follow-up, and what anyone
//! waiting may do.

mod anyone;
mod approval;
mod delivery;
mod design;
mod money;
mod planning;
mod store;

// By glob, so that a new action is named once: in `kinds::with_every_action!`.
pub use self::anyone::*;
pub use self::approval::*;
pub use self::delivery::*;
pub use self::design::*;
pub use self::money::*;
pub use self::planning::*;
pub use self::store::*;

use crate::campaign::{CampaignType, Stage};
use crate::org::Role;

/// The center's people who work on campaigns, the VP among them.
pub(crate) const CENTER_STAFF: &[Role] =
    &[Role::Planning, Role::Design, Role::Video, Role::Brand, Role::Merchandise, Role::Purchasing, Role::Vp];

/// Planning's own steps; on a video job the video department shares them.
fn planning_or_video(kind: CampaignType) -> &'static [Role] {
    match kind {
        CampaignType::VideoProduction => &[Role::Planning, Role::Video],
        CampaignType::HolidayPromotion
        | CampaignType::StoreOpening
        | CampaignType::StoreSpecific
        | CampaignType::NewProductLaunch
        | CampaignType::AnnualPlan => &[Role::Planning],
    }
}

/// Every stage before the end, where anyone waiting may remind.
const OPEN_STAGES: &[Stage] = &[
    Stage::Intake,
    Stage::Needs,
    Stage::Brainstorm,
    Stage::DraftPlan,
    Stage::Revisions,
    Stage::Approval,
    Stage::StoreConfirmation,
    Stage::Production,
    Stage::Shipping,
    Stage::Execution,
    Stage::Summary,
    Stage::Rating,
];

/// Stages in which the plan is being written and reviewed.
const PLAN_STAGES: &[Stage] = &[Stage::DraftPlan, Stage::Revisions, Stage::Approval];

/// Whether every store of the campaign has done something.
fn all_stores(campaign: &crate::campaign::Campaign, done: impl Fn(crate::ids::StoreId) -> bool) -> bool {
    campaign.stores.iter().all(|s| done(*s))
}
