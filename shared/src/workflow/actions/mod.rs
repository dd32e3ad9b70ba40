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

pub use self::anyone::{Cancel, SendReminder, reminded};
pub use self::approval::{Approve, OverrideLate, SendBack};
pub use self::delivery::{AssignHelp, CompleteProduction, FinishExecution, RecordShipment, SubmitSummary};
pub use self::design::{CommentProof, DecideProof, UpdateTask, UploadProof};
pub use self::money::{
    ApproveOverrun, COST_RECORDS_MAX, COST_RECORDS_PER_STORE, CancelOrder, ORDERS_IN_ALL_FACTOR, RecordInvoice,
    RecordOrder, cost_records_max,
};
pub use self::planning::{
    Comment, CompleteNeeds, RecordBrainstorm, RecordNeeds, SavePlan, StartNeeds, SubmitDraft, SubmitForApproval,
};
pub use self::store::{ConfirmPlan, ConfirmReceipt, Rate, ReportSales, RequestChanges, RequestHelp};

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
