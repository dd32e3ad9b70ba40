//! Campaigns (活动): their types, stages, and everything recorded on the way from intake
//! to rating. A `Campaign` changes only through `workflow::apply`, which appends to its
//! history; nothing else in the product edits one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{AttachmentId, CampaignId, PersonId, StoreId, UserId};
use crate::money::Fen;
use crate::org::Role;
use crate::plan::{Comment, PlanVersion, ProofRound};

/// 活动类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CampaignType {
    /// 日常节假日促销: many stores, prepared at least 50 days ahead (R2).
    HolidayPromotion,
    /// 开业活动: one store.
    StoreOpening,
    /// 个性活动: one store.
    StoreSpecific,
    /// 新品推广: one or many stores.
    NewProductLaunch,
    /// 影视制作: one job, at least 10 working days (R1).
    VideoProduction,
    /// 年度方案: the whole region, due 15 December of the year before (R3).
    AnnualPlan,
}

impl CampaignType {
    /// The name on the wire (`holiday_promotion`), as serde spells it and paths name it.
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignType::HolidayPromotion => "holiday_promotion",
            CampaignType::StoreOpening => "store_opening",
            CampaignType::StoreSpecific => "store_specific",
            CampaignType::NewProductLaunch => "new_product_launch",
            CampaignType::VideoProduction => "video_production",
            CampaignType::AnnualPlan => "annual_plan",
        }
    }

    pub const ALL: [CampaignType; 6] = [
        CampaignType::HolidayPromotion,
        CampaignType::StoreOpening,
        CampaignType::StoreSpecific,
        CampaignType::NewProductLaunch,
        CampaignType::VideoProduction,
        CampaignType::AnnualPlan,
    ];

    pub fn name_zh(self) -> &'static str {
        match self {
            CampaignType::HolidayPromotion => "日常节假日促销",
            CampaignType::StoreOpening => "开业活动",
            CampaignType::StoreSpecific => "个性活动",
            CampaignType::NewProductLaunch => "新品推广",
            CampaignType::VideoProduction => "影视制作",
            CampaignType::AnnualPlan => "年度方案",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            CampaignType::HolidayPromotion => "holiday promotion",
            CampaignType::StoreOpening => "store opening",
            CampaignType::StoreSpecific => "store-specific campaign",
            CampaignType::NewProductLaunch => "new product launch",
            CampaignType::VideoProduction => "video/photo production",
            CampaignType::AnnualPlan => "annual plan",
        }
    }

    /// The name in both languages, as messages quote it.
    pub fn name(self) -> crate::messages::Name {
        crate::messages::Name { zh: self.name_zh(), en: self.name_en() }
    }

    /// How many stores a campaign of this type covers: (minimum, maximum).
    pub fn store_count(self) -> (usize, usize) {
        match self {
            CampaignType::HolidayPromotion | CampaignType::NewProductLaunch => (1, MAX_STORES_PER_CAMPAIGN),
            CampaignType::StoreOpening | CampaignType::StoreSpecific => (1, 1),
            CampaignType::VideoProduction => (0, 1),
            CampaignType::AnnualPlan => (0, 0),
        }
    }

    /// The roles that may open a campaign of this type (立项).
    pub fn creators(self) -> &'static [Role] {
        match self {
            CampaignType::HolidayPromotion | CampaignType::AnnualPlan => &[Role::Planning],
            CampaignType::StoreOpening => &[Role::Market, Role::ServiceCenter, Role::StoreManager],
            CampaignType::StoreSpecific => &[Role::ServiceCenter, Role::StoreManager, Role::Planning],
            CampaignType::NewProductLaunch => &[Role::Planning, Role::StoreManager],
            CampaignType::VideoProduction => {
                &[Role::StoreManager, Role::ServiceCenter, Role::Planning, Role::Design, Role::Video, Role::Brand]
            }
        }
    }
}

pub const MAX_STORES_PER_CAMPAIGN: usize = 200;

/// 工作流程: the step a campaign is at. Types skip the stages they do not have
/// (`workflow::stages_of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 立项: the order is in, waiting for the planner.
    Intake,
    /// 需求了解.
    Needs,
    /// 头脑风暴.
    Brainstorm,
    /// 初拟方案.
    DraftPlan,
    /// 方案修改.
    Revisions,
    /// 定稿审批: waiting for the VP (报副总经理审核).
    Approval,
    /// 门店确认.
    StoreConfirmation,
    /// 下单制作.
    Production,
    /// 发货 / 到店确认: shipped, waiting for each store to confirm receipt.
    Shipping,
    /// 活动执行.
    Execution,
    /// 活动总结.
    Summary,
    /// 满意度评价.
    Rating,
    Closed,
    Cancelled,
}

impl Stage {
    pub const ALL: [Stage; 14] = [
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
        Stage::Closed,
        Stage::Cancelled,
    ];

    pub fn is_terminal(self) -> bool {
        matches!(self, Stage::Closed | Stage::Cancelled)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Stage::Intake => "立项",
            Stage::Needs => "需求了解",
            Stage::Brainstorm => "头脑风暴",
            Stage::DraftPlan => "初拟方案",
            Stage::Revisions => "方案修改",
            Stage::Approval => "定稿审批",
            Stage::StoreConfirmation => "门店确认",
            Stage::Production => "下单制作",
            Stage::Shipping => "发货到店",
            Stage::Execution => "活动执行",
            Stage::Summary => "活动总结",
            Stage::Rating => "满意度评价",
            Stage::Closed => "已完成",
            Stage::Cancelled => "已取消",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Stage::Intake => "intake",
            Stage::Needs => "needs",
            Stage::Brainstorm => "brainstorm",
            Stage::DraftPlan => "draft plan",
            Stage::Revisions => "revisions",
            Stage::Approval => "approval",
            Stage::StoreConfirmation => "store confirmation",
            Stage::Production => "ordering & production",
            Stage::Shipping => "shipping & receipt",
            Stage::Execution => "execution",
            Stage::Summary => "summary",
            Stage::Rating => "rating",
            Stage::Closed => "closed",
            Stage::Cancelled => "cancelled",
        }
    }

    /// The name in both languages, as messages quote it.
    pub fn name(self) -> crate::messages::Name {
        crate::messages::Name { zh: self.name_zh(), en: self.name_en() }
    }
}

/// 需求了解: the store's wishes, the policy constraints, budget hints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Needs {
    pub wishes: String,
    pub policy: String,
    pub budget_hint: String,
}

/// 头脑风暴: notes and who attended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Brainstorm {
    pub notes: String,
    pub attendees: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Open,
    InProgress,
    Done,
}

/// A department's task started by the draft plan (design, video, merchandise,
/// purchasing), each with its own status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeptTask {
    pub department: Role,
    pub status: TaskStatus,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Approval {
    pub by: PersonId,
    pub by_name: String,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
    pub plan_version: u32,
}

/// Which deadline a campaign missed when it was opened or approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Lateness {
    /// R2: a holiday promotion opened less than 50 days before it starts.
    HolidayPreparation { days_before_start: i64 },
    /// R3: next year's annual plan approved after 15 December.
    AnnualPlan,
    /// The campaign's clock: requested with less time before the event than its type's
    /// schedule template needs (`schedule::intake_shortfall`).
    Schedule { working_days_short: u32 },
}

/// The VP's override of a late start (R2), with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LateOverride {
    pub by: PersonId,
    pub by_name: String,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MaterialItem {
    pub item: String,
    pub size: String,
    pub quantity: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GiftItem {
    pub item: String,
    pub quantity: u32,
}

/// 门店确认: what one store agreed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StorePlan {
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub starts_on: NaiveDate,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub ends_on: NaiveDate,
    pub policy: String,
    pub materials: Vec<MaterialItem>,
    pub gifts: Vec<GiftItem>,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub ship_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StoreConfirmation {
    pub store: StoreId,
    pub plan: StorePlan,
    pub by: PersonId,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ShippedItem {
    pub item: String,
    pub quantity: u32,
}

/// 发货: what was shipped to which store, when, with the tracking note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Shipment {
    pub number: u32,
    pub store: StoreId,
    pub items: Vec<ShippedItem>,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub shipped_on: NaiveDate,
    pub tracking: String,
    pub by: PersonId,
}

/// One line of a receipt: how many arrived, how many damaged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReceiptLine {
    pub item: String,
    pub expected: u32,
    pub received: u32,
    pub damaged: u32,
    pub note: String,
}

impl ReceiptLine {
    pub fn has_discrepancy(&self) -> bool {
        self.received != self.expected || self.damaged > 0
    }
}

/// 到店确认: the store's check of what arrived; discrepancies are urgent (突发事件).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Receipt {
    pub store: StoreId,
    pub lines: Vec<ReceiptLine>,
    pub photos: Vec<AttachmentId>,
    pub by: PersonId,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
}

impl Receipt {
    pub fn has_discrepancy(&self) -> bool {
        self.lines.iter().any(ReceiptLine::has_discrepancy)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum HelpKind {
    /// 摄影摄像.
    Photography,
    /// 市场执行.
    MarketExecution,
}

/// A store's request for on-site help, and whom the brand department sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HelpRequest {
    pub number: u32,
    pub store: StoreId,
    pub kind: HelpKind,
    pub note: String,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub requested_on: NaiveDate,
    pub assigned: Option<PersonId>,
    pub assigned_name: String,
}

/// 店头销售数据: one store's sales during the campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SalesFigure {
    pub store: StoreId,
    pub amount: Fen,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub reported_on: NaiveDate,
}

/// 活动总结.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    pub notes: String,
    pub photos: Vec<AttachmentId>,
    pub by: PersonId,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
}

/// 满意度评价: one store's verdict. `staff` are the people credited or blamed for it (R7):
/// everyone on the campaign's team when the rating was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rating {
    pub store: StoreId,
    pub satisfied: bool,
    pub comment: String,
    pub by: PersonId,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    pub staff: Vec<PersonId>,
}

macro_rules! action_kinds {
    ($( $(#[$meta:meta])* $variant:ident = $name:literal ),+ $(,)?) => {
        /// The kind of an action, without its input; also names history entries. On the
        /// wire its name (`as_str`), read back by the same table. What each kind may do
        /// and when is `workflow`'s (`ActionKind::roles`, `stages`, …).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ActionKind {
            /// 立项: the campaign was opened (history only; not an action on a campaign).
            Create,
            $( $variant ),+
        }

        impl ActionKind {
            /// Every action taken on an existing campaign (not `Create`).
            pub const ALL: [ActionKind; [$($name),+].len()] = [$(ActionKind::$variant),+];

            /// The wire name (`confirm_plan`), as the route and the JSON spell it.
            pub fn as_str(self) -> &'static str {
                match self {
                    ActionKind::Create => "create",
                    $(ActionKind::$variant => $name),+
                }
            }
        }
    };
}

crate::kinds::with_every_action!(action_kinds);

impl ActionKind {
    /// The action named `name` on the wire, if there is one.
    pub fn parse(name: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// Every kind a history entry can name: `Create` and the actions.
    pub fn every() -> impl Iterator<Item = ActionKind> {
        std::iter::once(ActionKind::Create).chain(ActionKind::ALL)
    }
}

impl Serialize for ActionKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ActionKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<str>::deserialize(deserializer)?;
        ActionKind::every()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown action `{name}`")))
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ActionKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ActionKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = ActionKind::every().map(ActionKind::as_str).collect();
        schemars::json_schema!({
            "description": "The kind of an action, without its input; also names history entries.",
            "type": "string",
            "enum": names,
        })
    }
}

/// One line of the append-only history (R6): who did what, when, from which stage to
/// which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HistoryEntry {
    pub seq: u32,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
    pub at_unix_ms: i64,
    pub user: UserId,
    pub person: PersonId,
    pub name: String,
    pub role: Role,
    pub action: ActionKind,
    pub from: Stage,
    pub to: Stage,
    pub note: String,
    /// The store the entry is about: the store a per-store action names, the store of the
    /// store manager acting, or the store of the help request assigned. `None` for the
    /// center's own work. Decides which store may read the entry (R5).
    pub store: Option<StoreId>,
}

/// Caps on what one campaign accumulates, each bounded per actor so that no one person
/// or store can fill a campaign for everybody else: history entries one person may add
/// by repeatable actions (comments, reminders, help requests, …; only those entries count,
/// and the stage moves, the once-per-store acts and the records sized to the campaign —
/// orders, invoices, shipments — are never refused for it), and records one store may
/// gather.
pub const ENTRIES_PER_PERSON_MAX: usize = 200;
pub const RECORDS_PER_STORE_MAX: usize = 20;
/// The same person reminds about the same campaign at most once in this long.
pub const REMINDER_INTERVAL_MS: i64 = 4 * 60 * 60 * 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Campaign {
    pub id: CampaignId,
    pub kind: CampaignType,
    pub title: String,
    pub stores: Vec<StoreId>,
    /// When the campaign runs (none for an annual plan or a video job).
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub starts_on: Option<NaiveDate>,
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub ends_on: Option<NaiveDate>,
    /// The deadline: a video's delivery day (R1) or an annual plan's 15 December (R3).
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub due_on: Option<NaiveDate>,
    /// For an annual plan, the year it plans.
    pub plan_year: Option<i32>,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub requested_on: NaiveDate,
    pub placed_by: UserId,
    pub placed_by_name: String,
    pub assignee: Option<PersonId>,
    pub stage: Stage,
    /// Bumped by every change; updates carrying an older one are refused (409). A store
    /// reads (and acts on) its own part's instead (`view::store_version`).
    pub version: u64,
    pub needs: Needs,
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    pub brainstorm: Option<Brainstorm>,
    pub plan_versions: Vec<PlanVersion>,
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    pub review_comments: Vec<Comment>,
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    pub tasks: Vec<DeptTask>,
    pub proofs: Vec<ProofRound>,
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    pub approval: Option<Approval>,
    pub lateness: Option<Lateness>,
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    pub late_override: Option<LateOverride>,
    pub confirmations: Vec<StoreConfirmation>,
    pub shipments: Vec<Shipment>,
    pub receipts: Vec<Receipt>,
    pub help_requests: Vec<HelpRequest>,
    pub sales: Vec<SalesFigure>,
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    pub summary: Option<Summary>,
    pub ratings: Vec<Rating>,
    /// Center staff who worked on the campaign: the assignee and everyone who acted.
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    pub team: Vec<PersonId>,
    pub cancel_reason: Option<String>,
    pub history: Vec<HistoryEntry>,
    /// What purchasing ordered and the suppliers invoiced, and the VP's overrun approvals:
    /// the center's business, never a store's (`view`).
    #[cfg_attr(feature = "lean", serde(skip_deserializing))]
    #[serde(default)]
    pub costs: crate::costs::Costs,
}

impl Campaign {
    /// A campaign of `kind` as it is the moment it is opened: at intake, version 1,
    /// nothing recorded yet. Callers fill in what the order says.
    pub fn blank(id: CampaignId, kind: CampaignType, requested_on: NaiveDate) -> Campaign {
        Campaign {
            id,
            kind,
            title: String::new(),
            stores: Vec::new(),
            starts_on: None,
            ends_on: None,
            due_on: None,
            plan_year: None,
            requested_on,
            placed_by: UserId(0),
            placed_by_name: String::new(),
            assignee: None,
            stage: Stage::Intake,
            version: 1,
            needs: Needs::default(),
            brainstorm: None,
            plan_versions: Vec::new(),
            review_comments: Vec::new(),
            tasks: Vec::new(),
            proofs: Vec::new(),
            approval: None,
            lateness: None,
            late_override: None,
            confirmations: Vec::new(),
            shipments: Vec::new(),
            receipts: Vec::new(),
            help_requests: Vec::new(),
            sales: Vec::new(),
            summary: None,
            ratings: Vec::new(),
            team: Vec::new(),
            cancel_reason: None,
            history: Vec::new(),
            costs: crate::costs::Costs::default(),
        }
    }

    /// Every file the campaign refers to (design rounds and the images their comments
    /// are pinned to, receipt photos, summary photos, invoice scans), each once, in order.
    pub fn referenced_files(&self) -> Vec<AttachmentId> {
        let pins =
            |comments: &[Comment]| comments.iter().filter_map(|c| c.pin.map(|p| p.attachment)).collect::<Vec<_>>();
        let mut files: Vec<AttachmentId> = Vec::new();
        let all = self
            .proofs
            .iter()
            .flat_map(|r| r.files.iter().copied().chain(pins(&r.comments)))
            .chain(pins(&self.review_comments))
            .chain(self.receipts.iter().flat_map(|r| r.photos.iter().copied()))
            .chain(self.summary.iter().flat_map(|s| s.photos.iter().copied()))
            .chain(self.costs.invoices.iter().filter_map(|i| i.scan));
        for file in all {
            if !files.contains(&file) {
                files.push(file);
            }
        }
        files
    }

    pub fn latest_plan(&self) -> Option<&PlanVersion> {
        self.plan_versions.last()
    }

    pub fn has_store(&self, store: StoreId) -> bool {
        self.stores.contains(&store)
    }

    pub fn confirmation_of(&self, store: StoreId) -> Option<&StoreConfirmation> {
        self.confirmations.iter().find(|c| c.store == store)
    }

    pub fn receipt_of(&self, store: StoreId) -> Option<&Receipt> {
        self.receipts.iter().find(|r| r.store == store)
    }

    pub fn rating_of(&self, store: StoreId) -> Option<&Rating> {
        self.ratings.iter().find(|r| r.store == store)
    }

    /// Whether the deadline has passed with the work still open.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        overdue(self.kind, self.stage, self.due_on, self.approval.is_some(), today)
    }
}

/// Whether a campaign is past its deadline on `today` without the work the deadline is
/// for: an annual plan not yet approved, a video not yet delivered for rating, any other
/// campaign not yet running.
fn overdue(kind: CampaignType, stage: Stage, due_on: Option<NaiveDate>, approved: bool, today: NaiveDate) -> bool {
    let Some(due) = due_on else { return false };
    if stage.is_terminal() || today <= due {
        return false;
    }
    match kind {
        CampaignType::AnnualPlan => !approved,
        CampaignType::VideoProduction => stage < Stage::Rating,
        _ => stage < Stage::Execution,
    }
}

/// What a list row needs of a campaign, and no more: the server keeps one beside every
/// campaign, written with it, so that a page of the list never decodes whole campaigns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub id: CampaignId,
    pub version: u64,
    pub kind: CampaignType,
    pub title: String,
    pub stores: Vec<StoreId>,
    pub stage: Stage,
    pub requested_on: NaiveDate,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub assignee: Option<PersonId>,
    /// The VP approved a plan (R4).
    pub approved: bool,
    /// Stores that still have to act in this stage (confirm, receive, rate).
    pub stores_waiting: Vec<StoreId>,
    /// The day the campaign entered its stage (the clock's "at risk" needs it).
    pub stage_since: NaiveDate,
    /// The VP accepted a late request (its schedule shares the time there was).
    pub late_accepted: bool,
}

impl Listing {
    pub fn of(campaign: &Campaign) -> Self {
        Listing {
            id: campaign.id,
            version: campaign.version,
            kind: campaign.kind,
            title: campaign.title.clone(),
            stores: campaign.stores.clone(),
            stage: campaign.stage,
            requested_on: campaign.requested_on,
            starts_on: campaign.starts_on,
            ends_on: campaign.ends_on,
            due_on: campaign.due_on,
            assignee: campaign.assignee,
            approved: campaign.approval.is_some(),
            stores_waiting: stores_waiting(campaign),
            stage_since: crate::schedule::stage_since(campaign),
            late_accepted: crate::schedule::Facts::of(campaign).late_accepted,
        }
    }

    pub fn has_store(&self, store: StoreId) -> bool {
        self.stores.contains(&store)
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        overdue(self.kind, self.stage, self.due_on, self.approved, today)
    }
}

/// The stores that still have to act in the campaign's current stage: confirm the plan,
/// confirm a delivery that was shipped to them, or rate.
pub fn stores_waiting(campaign: &Campaign) -> Vec<StoreId> {
    campaign
        .stores
        .iter()
        .copied()
        .filter(|store| match campaign.stage {
            Stage::StoreConfirmation => campaign.confirmation_of(*store).is_none(),
            Stage::Shipping => {
                campaign.shipments.iter().any(|s| s.store == *store) && campaign.receipt_of(*store).is_none()
            }
            Stage::Rating => campaign.rating_of(*store).is_none(),
            _ => false,
        })
        .collect()
}
