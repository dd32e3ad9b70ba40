//! The campaign workflow: one `Action` enum and one [`apply`] function that decides every
//! move, for the server (which persists the result) and the browser (which calls
//! [`available_actions`] to grey out buttons and say why). Checks run in a fixed order,
//! so each refusal has exactly one reason: campaign ended → store scope (R5) → role
//! (R6) → stage → the action's own preconditions → its input.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::campaign::{
    Approval, Brainstorm, Campaign, CampaignType, DeptTask, ENTRIES_PER_PERSON_MAX, GiftItem, HelpKind, HelpRequest,
    HistoryEntry, LateOverride, Lateness, MaterialItem, Needs, RECORDS_PER_STORE_MAX, REMINDER_INTERVAL_MS, Rating,
    Receipt, ReceiptLine, SalesFigure, Shipment, ShippedItem, Stage, StoreConfirmation, StorePlan, Summary, TaskStatus,
};
use crate::ids::{AttachmentId, PersonId, StoreId};
use crate::messages::{FieldError, Message, RuleCode};
use crate::money::{Fen, MAX_AMOUNT_FEN};
use crate::org::{Actor, Role};
use crate::plan::{
    COMMENT_MAX_CHARS, COMMENTS_PER_PERSON_MAX, Comment, FILES_PER_ROUND_MAX, PLAN_VERSIONS_MAX, PROOF_ROUNDS_MAX, Pin,
    PlanDocument, PlanVersion, ProofRound, RoundOutcome, check_comment, next_proof_step, proofs_settled,
};
use crate::text::{Lines, check_text};

pub const NOTE_MAX_CHARS: usize = 2000;
pub const ITEMS_MAX: usize = 100;
pub const ITEM_NAME_MAX_CHARS: usize = 100;
pub const QUANTITY_MAX: u32 = 1_000_000;
pub const ATTENDEES_MAX: usize = 50;
pub const PHOTOS_MAX: usize = 20;

/// What the caller knows at the moment of the action.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub today: NaiveDate,
    pub now_unix_ms: i64,
    pub calendar: &'a Calendar,
}

/// Defines [`Action`] (each action with its input), [`ActionKind`] (the same without
/// input, plus `Create` for the opening of a campaign), `ActionKind::ALL`, the wire names
/// and [`Action::kind`] from one list, so an action is named in one place.
macro_rules! actions {
    ($(
        $(#[$meta:meta])*
        $variant:ident = $name:literal $({ $($field:ident : $ty:ty),* $(,)? })?
    ),+ $(,)?) => {
        /// Everything a person can do to a campaign after it was opened. On the wire it is
        /// an object whose `type` names the action (`ActionKind`'s name) beside its input.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
        pub enum Action {
            $( $(#[$meta])* $variant $({ $($field: $ty),* })? ),+
        }

        /// The kind of an action, without its input; also names history entries.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ActionKind {
            /// 立项: the campaign was opened (history only; not an action on a campaign).
            Create,
            $( $variant ),+
        }

        const ACTION_COUNT: usize = [$($name),+].len();

        impl ActionKind {
            /// Every action taken on an existing campaign (not `Create`).
            pub const ALL: [ActionKind; ACTION_COUNT] = [$(ActionKind::$variant),+];

            /// The wire name (`confirm_plan`), as the route and the JSON spell it.
            pub fn as_str(self) -> &'static str {
                match self {
                    ActionKind::Create => "create",
                    $(ActionKind::$variant => $name),+
                }
            }

            /// The action named `name` on the wire, if there is one.
            pub fn parse(name: &str) -> Option<ActionKind> {
                ActionKind::ALL.into_iter().find(|kind| kind.as_str() == name)
            }
        }

        impl Action {
            pub fn kind(&self) -> ActionKind {
                match self {
                    $(Action::$variant { .. } => ActionKind::$variant),+
                }
            }
        }
    };
}

actions! {
    /// The planner takes the order up (立项 → 需求了解).
    StartNeeds = "start_needs",
    RecordNeeds = "record_needs" { needs: Needs },
    CompleteNeeds = "complete_needs",
    RecordBrainstorm = "record_brainstorm" { brainstorm: Brainstorm },
    /// Saves a new plan version; earlier versions are kept unchanged.
    SavePlan = "save_plan" { plan: PlanDocument, note: String },
    /// Sends the first draft round; starts the departments' tasks.
    SubmitDraft = "submit_draft",
    /// A review comment on the plan.
    Comment = "comment" { text: String },
    SubmitForApproval = "submit_for_approval",
    Approve = "approve",
    SendBack = "send_back" { comment: String },
    /// R2: the VP accepts a late holiday promotion, with a reason.
    OverrideLate = "override_late" { reason: String },
    UpdateTask = "update_task" { department: Role, status: TaskStatus, note: String },
    UploadProof = "upload_proof" { files: Vec<AttachmentId> },
    CommentProof = "comment_proof" { round: u32, text: String, pin: Option<Pin> },
    DecideProof = "decide_proof" { round: u32, passed: bool },
    ConfirmPlan = "confirm_plan" { store: StoreId, plan: StorePlan },
    RequestChanges = "request_changes" { store: StoreId, comment: String },
    /// A video job is produced (the video department's delivery).
    CompleteProduction = "complete_production" { note: String },
    RecordShipment = "record_shipment" { store: StoreId, items: Vec<ShippedItem>, shipped_on: NaiveDate, tracking: String },
    ConfirmReceipt = "confirm_receipt" { store: StoreId, lines: Vec<ReceiptLine>, photos: Vec<AttachmentId> },
    RequestHelp = "request_help" { store: StoreId, kind: HelpKind, note: String },
    AssignHelp = "assign_help" { request: u32, person: PersonId, person_name: String },
    ReportSales = "report_sales" { store: StoreId, amount: Fen },
    FinishExecution = "finish_execution",
    SubmitSummary = "submit_summary" { notes: String, photos: Vec<AttachmentId> },
    Rate = "rate" { store: StoreId, satisfied: bool, comment: String },
    /// Anyone waiting on someone may remind them; the reminder is recorded.
    SendReminder = "send_reminder" { note: String },
    Cancel = "cancel" { reason: String },
}

impl ActionKind {
    /// Actions a store manager takes for one store, named in the action's `store` field.
    pub fn is_per_store(self) -> bool {
        matches!(
            self,
            ActionKind::ConfirmPlan
                | ActionKind::RequestChanges
                | ActionKind::RecordShipment
                | ActionKind::ConfirmReceipt
                | ActionKind::RequestHelp
                | ActionKind::ReportSales
                | ActionKind::Rate
        )
    }
}

impl Action {
    /// The store a per-store action is about.
    pub fn store(&self) -> Option<StoreId> {
        match self {
            Action::ConfirmPlan { store, .. }
            | Action::RequestChanges { store, .. }
            | Action::RecordShipment { store, .. }
            | Action::ConfirmReceipt { store, .. }
            | Action::RequestHelp { store, .. }
            | Action::ReportSales { store, .. }
            | Action::Rate { store, .. } => Some(*store),
            _ => None,
        }
    }
}

/// Why an action or an input was refused: the kind decides the HTTP status (404 for
/// R5 so ids do not leak, 403 for R6, 409 for the campaign's state, 422 for input).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub kind: ViolationKind,
    pub errors: Vec<FieldError>,
}

impl Violation {
    pub fn one(kind: ViolationKind, field: &str, message: &Message) -> Self {
        Violation { kind, errors: vec![FieldError::new(field, message)] }
    }

    pub fn invalid(errors: Vec<FieldError>) -> Self {
        Violation { kind: ViolationKind::Invalid, errors }
    }

    /// The first error's code: the one reason shown when there is room for one.
    pub fn code(&self) -> Option<RuleCode> {
        self.errors.first().map(|e| e.code)
    }
}

/// The result of an accepted action: the campaign as it now is (history appended,
/// version bumped) and the stages it moved between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub from: Stage,
    pub to: Stage,
    pub campaign: Campaign,
}

/// The stages a campaign goes through, in order, ending with `Closed`.
pub fn stages_of(kind: CampaignType, has_stores: bool) -> &'static [Stage] {
    use Stage::*;
    const FULL: &[Stage] = &[
        Intake,
        Needs,
        Brainstorm,
        DraftPlan,
        Revisions,
        Approval,
        StoreConfirmation,
        Production,
        Shipping,
        Execution,
        Summary,
        Rating,
        Closed,
    ];
    const VIDEO_FOR_STORE: &[Stage] =
        &[Intake, Needs, DraftPlan, Revisions, Approval, Production, Summary, Rating, Closed];
    const VIDEO_INTERNAL: &[Stage] = &[Intake, Needs, DraftPlan, Revisions, Approval, Production, Summary, Closed];
    const ANNUAL: &[Stage] = &[Intake, Needs, Brainstorm, DraftPlan, Revisions, Approval, Closed];
    match kind {
        CampaignType::VideoProduction if has_stores => VIDEO_FOR_STORE,
        CampaignType::VideoProduction => VIDEO_INTERNAL,
        CampaignType::AnnualPlan => ANNUAL,
        _ => FULL,
    }
}

fn campaign_stages(campaign: &Campaign) -> &'static [Stage] {
    stages_of(campaign.kind, !campaign.stores.is_empty())
}

fn next_stage(campaign: &Campaign) -> Stage {
    let stages = campaign_stages(campaign);
    stages.iter().position(|s| *s == campaign.stage).and_then(|i| stages.get(i + 1)).copied().unwrap_or(Stage::Closed)
}

/// The stages in which an action can be taken (before checking the campaign's type has
/// that stage).
pub fn action_stages(kind: ActionKind) -> &'static [Stage] {
    use Stage::*;
    match kind {
        ActionKind::Create => &[],
        ActionKind::StartNeeds => &[Intake],
        ActionKind::RecordNeeds => &[Intake, Needs],
        ActionKind::CompleteNeeds => &[Needs],
        ActionKind::RecordBrainstorm => &[Brainstorm],
        ActionKind::SavePlan => &[DraftPlan, Revisions],
        ActionKind::SubmitDraft => &[DraftPlan],
        ActionKind::Comment => &[DraftPlan, Revisions, Approval],
        ActionKind::SubmitForApproval => &[Revisions],
        ActionKind::Approve | ActionKind::SendBack => &[Approval],
        ActionKind::OverrideLate => &[Intake, Needs, Brainstorm, DraftPlan, Revisions, Approval],
        ActionKind::UpdateTask => &[Revisions, Approval, StoreConfirmation, Production, Shipping, Execution],
        ActionKind::UploadProof | ActionKind::CommentProof | ActionKind::DecideProof => {
            &[DraftPlan, Revisions, Approval]
        }
        ActionKind::ConfirmPlan | ActionKind::RequestChanges => &[StoreConfirmation],
        ActionKind::CompleteProduction => &[Production],
        ActionKind::RecordShipment => &[Production, Shipping],
        ActionKind::ConfirmReceipt => &[Shipping],
        ActionKind::RequestHelp | ActionKind::AssignHelp => &[Shipping, Execution],
        ActionKind::ReportSales => &[Execution, Summary, Rating],
        ActionKind::FinishExecution => &[Execution],
        ActionKind::SubmitSummary => &[Summary],
        ActionKind::Rate => &[Rating],
        ActionKind::SendReminder => &[
            Intake,
            Needs,
            Brainstorm,
            DraftPlan,
            Revisions,
            Approval,
            StoreConfirmation,
            Production,
            Shipping,
            Execution,
            Summary,
            Rating,
        ],
        ActionKind::Cancel => {
            &[Intake, Needs, Brainstorm, DraftPlan, Revisions, Approval, StoreConfirmation, Production, Shipping]
        }
    }
}

const CENTER_STAFF: &[Role] =
    &[Role::Planning, Role::Design, Role::Video, Role::Brand, Role::Merchandise, Role::Purchasing, Role::Vp];

/// R6: the roles that own an action on a campaign of the given type.
pub fn action_roles(campaign_type: CampaignType, kind: ActionKind) -> &'static [Role] {
    let video = campaign_type == CampaignType::VideoProduction;
    match kind {
        ActionKind::Create => campaign_type.creators(),
        ActionKind::StartNeeds
        | ActionKind::CompleteNeeds
        | ActionKind::SavePlan
        | ActionKind::SubmitDraft
        | ActionKind::SubmitForApproval
        | ActionKind::SubmitSummary => {
            if video {
                &[Role::Planning, Role::Video]
            } else {
                &[Role::Planning]
            }
        }
        ActionKind::RecordNeeds => {
            if video {
                &[Role::StoreManager, Role::ServiceCenter, Role::Planning, Role::Video]
            } else {
                &[Role::StoreManager, Role::ServiceCenter, Role::Planning]
            }
        }
        ActionKind::RecordBrainstorm | ActionKind::FinishExecution => &[Role::Planning],
        ActionKind::Comment | ActionKind::CommentProof => CENTER_STAFF,
        ActionKind::Approve | ActionKind::SendBack | ActionKind::OverrideLate => &[Role::Vp],
        ActionKind::UpdateTask => &[Role::Design, Role::Video, Role::Merchandise, Role::Purchasing],
        ActionKind::UploadProof => &[Role::Design],
        ActionKind::DecideProof => &[Role::Planning, Role::Vp],
        ActionKind::ConfirmPlan
        | ActionKind::RequestChanges
        | ActionKind::ConfirmReceipt
        | ActionKind::RequestHelp
        | ActionKind::ReportSales
        | ActionKind::Rate => &[Role::StoreManager],
        ActionKind::CompleteProduction => &[Role::Video],
        ActionKind::RecordShipment => &[Role::Purchasing],
        ActionKind::AssignHelp => &[Role::Brand],
        ActionKind::SendReminder => &[
            Role::StoreManager,
            Role::ServiceCenter,
            Role::Market,
            Role::Planning,
            Role::Design,
            Role::Video,
            Role::Brand,
            Role::Merchandise,
            Role::Purchasing,
            Role::Vp,
        ],
        ActionKind::Cancel => &[Role::Planning, Role::Vp],
    }
}

/// R5: whether the actor may see the campaign at all. Staff see every campaign of the
/// region; a store manager only those that include their store.
pub fn can_view(campaign: &Campaign, actor: &Actor) -> bool {
    match actor.role {
        Role::StoreManager => actor.store.is_some_and(|s| campaign.has_store(s)),
        _ => true,
    }
}

fn not_ready(what_zh: &'static str, what_en: &'static str) -> Violation {
    Violation::one(ViolationKind::Conflict, "", &Message::NotReady { what_zh, what_en })
}

/// Checks everything about an action that does not depend on its input: whether this
/// actor may take it on this campaign now. `store` is the store a per-store action is
/// for (for a store manager, their own store).
pub fn check_gate(
    campaign: &Campaign,
    kind: ActionKind,
    actor: &Actor,
    store: Option<StoreId>,
) -> Result<(), Violation> {
    if campaign.stage.is_terminal() {
        return Err(Violation::one(ViolationKind::Conflict, "", &Message::CampaignEnded { stage: campaign.stage }));
    }
    if !can_view(campaign, actor) {
        return Err(Violation::one(ViolationKind::NotFound, "", &Message::StoreScope));
    }
    if !action_roles(campaign.kind, kind).contains(&actor.role) {
        return Err(Violation::one(ViolationKind::Forbidden, "", &Message::RoleNotAllowed { role: actor.role }));
    }
    if actor.role == Role::StoreManager && kind.is_per_store() && store != actor.store {
        return Err(Violation::one(ViolationKind::NotFound, "store", &Message::StoreScope));
    }
    if !action_stages(kind).contains(&campaign.stage)
        || !campaign_stages(campaign).contains(&campaign.stage)
        || !fits_type(campaign, kind)
    {
        return Err(Violation::one(ViolationKind::Conflict, "", &Message::WrongStage { stage: campaign.stage }));
    }
    check_state(campaign, kind, store)
}

/// Actions that share a stage name across types but belong to one kind of work: only a
/// video job is "produced" by the video department, and only campaigns with a shipping
/// stage ship goods.
fn fits_type(campaign: &Campaign, kind: ActionKind) -> bool {
    match kind {
        ActionKind::CompleteProduction => campaign.kind == CampaignType::VideoProduction,
        ActionKind::RecordShipment => campaign_stages(campaign).contains(&Stage::Shipping),
        _ => true,
    }
}

/// Preconditions on the campaign's recorded state.
fn check_state(campaign: &Campaign, kind: ActionKind, store: Option<StoreId>) -> Result<(), Violation> {
    if let Some(store) = store
        && !campaign.has_store(store)
    {
        return Err(Violation::one(ViolationKind::Invalid, "store", &Message::StoreScope));
    }
    match kind {
        ActionKind::SubmitDraft if campaign.plan_versions.is_empty() => {
            Err(not_ready("还没有保存任何方案版本", "no plan version has been saved"))
        }
        ActionKind::SubmitForApproval => {
            let plan = campaign.latest_plan().map(|v| v.document.clone()).unwrap_or_default();
            let errors = plan.check_complete();
            if errors.is_empty() { Ok(()) } else { Err(Violation { kind: ViolationKind::Conflict, errors }) }
        }
        ActionKind::Approve => check_approvable(campaign),
        ActionKind::OverrideLate => match (&campaign.lateness, &campaign.late_override) {
            (Some(Lateness::HolidayPreparation { .. }), None) => Ok(()),
            (Some(Lateness::HolidayPreparation { .. }), Some(_)) => {
                Err(Violation::one(ViolationKind::Conflict, "", &Message::AlreadyDone))
            }
            _ => Err(not_ready("本活动没有逾期，无需特批", "the campaign is not late; there is nothing to override")),
        },
        ActionKind::ConfirmPlan | ActionKind::RequestChanges => {
            if campaign.approval.is_none() {
                return Err(Violation::one(ViolationKind::Conflict, "", &Message::NotApproved));
            }
            match store {
                Some(store) if campaign.confirmation_of(store).is_some() => {
                    Err(Violation::one(ViolationKind::Conflict, "store", &Message::AlreadyDone))
                }
                _ => Ok(()),
            }
        }
        ActionKind::RecordShipment => match store {
            Some(store) if campaign.confirmation_of(store).is_none() => {
                Err(not_ready("该门店尚未确认方案", "the store has not confirmed the plan"))
            }
            Some(store) if campaign.receipt_of(store).is_some() => {
                Err(Violation::one(ViolationKind::Conflict, "store", &Message::AlreadyDone))
            }
            _ => Ok(()),
        },
        ActionKind::ConfirmReceipt => match store {
            Some(store) if !campaign.shipments.iter().any(|s| s.store == store) => {
                Err(not_ready("物料尚未发货", "nothing has been shipped to the store yet"))
            }
            Some(store) if campaign.receipt_of(store).is_some() => {
                Err(Violation::one(ViolationKind::Conflict, "store", &Message::AlreadyDone))
            }
            _ => Ok(()),
        },
        ActionKind::Rate => match store {
            Some(store) if campaign.rating_of(store).is_some() => {
                Err(Violation::one(ViolationKind::Conflict, "store", &Message::AlreadyDone))
            }
            _ => Ok(()),
        },
        ActionKind::UpdateTask if campaign.tasks.is_empty() => {
            Err(not_ready("本活动没有部门任务", "the campaign has no department tasks"))
        }
        ActionKind::UploadProof => {
            next_proof_step(&campaign.proofs).map(|_| ()).map_err(|m| Violation::one(ViolationKind::Conflict, "", &m))
        }
        ActionKind::CommentProof | ActionKind::DecideProof if campaign.proofs.is_empty() => {
            Err(not_ready("还没有上传设计稿", "no design draft has been uploaded"))
        }
        _ => Ok(()),
    }
}

/// R2 and R4 at the VP's approval.
fn check_approvable(campaign: &Campaign) -> Result<(), Violation> {
    let plan = campaign.latest_plan().map(|v| v.document.clone()).unwrap_or_default();
    let errors = plan.check_complete();
    if !errors.is_empty() {
        return Err(Violation { kind: ViolationKind::Conflict, errors });
    }
    if !proofs_settled(&campaign.proofs) {
        return Err(Violation::one(ViolationKind::Conflict, "proofs", &Message::DesignNotFinal));
    }
    if let (Some(Lateness::HolidayPreparation { days_before_start }), None) =
        (&campaign.lateness, &campaign.late_override)
    {
        return Err(Violation::one(
            ViolationKind::Conflict,
            "late_override",
            &Message::HolidayNeedsOverride {
                days_before_start: *days_before_start,
                min_days: crate::rules::HOLIDAY_PREPARATION_DAYS_MIN,
            },
        ));
    }
    Ok(())
}

/// Whether `role` has work in a campaign of type `kind` at `stage`: an action it owns
/// there, other than the ones anyone may take (reminders, comments) and the exceptions
/// (cancelling; the VP's override of a late request, which is granted when asked, not
/// work every campaign brings; the VP may decide a proof round too, but the planner is
/// who is asked to). Drives the staff's "my work" queue and who is told.
pub fn role_works_at(kind: CampaignType, stage: Stage, role: Role) -> bool {
    ActionKind::ALL.into_iter().any(|action| {
        !matches!(
            action,
            ActionKind::SendReminder
                | ActionKind::Comment
                | ActionKind::CommentProof
                | ActionKind::Cancel
                | ActionKind::OverrideLate
        ) && (action != ActionKind::DecideProof || role != Role::Vp)
            && action_stages(action).contains(&stage)
            && action_roles(kind, action).contains(&role)
            && stages_of(kind, true).contains(&stage)
    })
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

/// Whether an action of this kind is possible for the actor now, and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionCheck {
    pub kind: ActionKind,
    pub allowed: Result<(), Violation>,
}

/// Every action the actor's role owns on this campaign type, each with the reason it is
/// not possible now. Per-store actions are checked for the store manager's own store, or
/// for staff against the first store still waiting.
pub fn available_actions(campaign: &Campaign, actor: &Actor) -> Vec<ActionCheck> {
    ActionKind::ALL
        .into_iter()
        .filter(|kind| action_roles(campaign.kind, *kind).contains(&actor.role))
        .map(|kind| {
            let store = if kind.is_per_store() {
                actor.store.or_else(|| first_waiting_store(campaign, kind)).or(campaign.stores.first().copied())
            } else {
                None
            };
            ActionCheck { kind, allowed: check_gate(campaign, kind, actor, store) }
        })
        .collect()
}

fn first_waiting_store(campaign: &Campaign, kind: ActionKind) -> Option<StoreId> {
    campaign.stores.iter().copied().find(|store| match kind {
        ActionKind::RecordShipment => {
            campaign.confirmation_of(*store).is_some() && !campaign.shipments.iter().any(|s| s.store == *store)
        }
        _ => false,
    })
}

// ---------------------------------------------------------------------------------------
// Input checks

fn required_text(field: &str, text: &str, max_chars: usize, errors: &mut Vec<FieldError>) {
    check_text(field, text, true, max_chars, Lines::Many, errors);
}

fn optional_text(field: &str, text: &str, max_chars: usize, errors: &mut Vec<FieldError>) {
    check_text(field, text, false, max_chars, Lines::Many, errors);
}

/// A short one-line value: an item's name, a size, a tracking number, a person's name.
fn required_line(field: &str, text: &str, errors: &mut Vec<FieldError>) {
    check_text(field, text, true, ITEM_NAME_MAX_CHARS, Lines::One, errors);
}

fn optional_line(field: &str, text: &str, errors: &mut Vec<FieldError>) {
    check_text(field, text, false, ITEM_NAME_MAX_CHARS, Lines::One, errors);
}

fn check_quantity(field: String, quantity: u32, errors: &mut Vec<FieldError>) {
    if quantity == 0 || quantity > QUANTITY_MAX {
        errors.push(FieldError::new(field, &Message::QuantityOutOfRange { max: QUANTITY_MAX }));
    }
}

fn check_count<T>(field: &str, items: &[T], max_items: usize, errors: &mut Vec<FieldError>) {
    if items.len() > max_items {
        errors.push(FieldError::new(field, &Message::TooMany { max_items }));
    }
}

/// Checks a store's confirmation form (门店确认).
pub fn check_store_plan(plan: &StorePlan) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if plan.ends_on < plan.starts_on {
        errors.push(FieldError::new(
            "plan.ends_on",
            &Message::DateOrder { earlier_zh: "活动开始日期", earlier_en: "the start date" },
        ));
    }
    if plan.ship_on > plan.starts_on {
        errors.push(FieldError::new(
            "plan.ship_on",
            &Message::DateOrder {
                earlier_zh: "发货日期（应在活动开始前）",
                earlier_en: "the ship date (before the start)",
            },
        ));
    }
    optional_text("plan.policy", &plan.policy, NOTE_MAX_CHARS, &mut errors);
    check_count("plan.materials", &plan.materials, ITEMS_MAX, &mut errors);
    for (i, MaterialItem { item, size, quantity }) in plan.materials.iter().enumerate() {
        required_line(&format!("plan.materials[{i}].item"), item, &mut errors);
        optional_line(&format!("plan.materials[{i}].size"), size, &mut errors);
        check_quantity(format!("plan.materials[{i}].quantity"), *quantity, &mut errors);
    }
    check_count("plan.gifts", &plan.gifts, ITEMS_MAX, &mut errors);
    for (i, GiftItem { item, quantity }) in plan.gifts.iter().enumerate() {
        required_line(&format!("plan.gifts[{i}].item"), item, &mut errors);
        check_quantity(format!("plan.gifts[{i}].quantity"), *quantity, &mut errors);
    }
    errors
}

/// Checks a receipt (到店确认): at least one line, counts in range.
pub fn check_receipt(lines: &[ReceiptLine], photos: &[AttachmentId]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if lines.is_empty() {
        errors.push(FieldError::new("lines", &Message::Required));
    }
    check_count("lines", lines, ITEMS_MAX, &mut errors);
    check_count("photos", photos, PHOTOS_MAX, &mut errors);
    for (i, line) in lines.iter().enumerate() {
        required_line(&format!("lines[{i}].item"), &line.item, &mut errors);
        optional_text(&format!("lines[{i}].note"), &line.note, NOTE_MAX_CHARS, &mut errors);
        if line.expected > QUANTITY_MAX || line.received > QUANTITY_MAX {
            errors.push(FieldError::new(
                format!("lines[{i}].received"),
                &Message::QuantityOutOfRange { max: QUANTITY_MAX },
            ));
        }
        if line.damaged > line.received {
            errors.push(FieldError::new(
                format!("lines[{i}].damaged"),
                &Message::QuantityOutOfRange { max: line.received },
            ));
        }
    }
    errors
}

/// Whether an action can be repeated by the same person at will (and so counts against
/// [`ENTRIES_PER_PERSON_MAX`]). Stage moves and the once-per-store acts are bounded by the
/// workflow itself and are never refused for it: no cap stands between the owners and
/// their work.
fn is_repeatable(kind: ActionKind) -> bool {
    matches!(
        kind,
        ActionKind::RecordNeeds
            | ActionKind::SavePlan
            | ActionKind::Comment
            | ActionKind::UpdateTask
            | ActionKind::UploadProof
            | ActionKind::CommentProof
            | ActionKind::RecordShipment
            | ActionKind::RequestHelp
            | ActionKind::AssignHelp
            | ActionKind::ReportSales
            | ActionKind::SendReminder
    )
}

/// How many records of `store` a per-store list holds.
fn of_store<T>(records: &[T], store: StoreId, store_of: impl Fn(&T) -> StoreId) -> usize {
    records.iter().filter(|r| store_of(r) == store).count()
}

fn check_input(campaign: &Campaign, action: &Action, actor: &Actor, ctx: &Context<'_>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match action {
        Action::RecordNeeds { needs } => {
            optional_text("needs.wishes", &needs.wishes, NOTE_MAX_CHARS, &mut errors);
            optional_text("needs.policy", &needs.policy, NOTE_MAX_CHARS, &mut errors);
            optional_text("needs.budget_hint", &needs.budget_hint, NOTE_MAX_CHARS, &mut errors);
        }
        Action::RecordBrainstorm { brainstorm } => {
            required_text("brainstorm.notes", &brainstorm.notes, NOTE_MAX_CHARS * 5, &mut errors);
            check_count("brainstorm.attendees", &brainstorm.attendees, ATTENDEES_MAX, &mut errors);
            for (i, name) in brainstorm.attendees.iter().enumerate() {
                required_line(&format!("brainstorm.attendees[{i}]"), name, &mut errors);
            }
        }
        Action::SavePlan { plan, note } => {
            errors.extend(plan.validate_draft());
            optional_text("note", note, NOTE_MAX_CHARS, &mut errors);
            if campaign.plan_versions.len() >= PLAN_VERSIONS_MAX {
                errors.push(FieldError::new("plan", &Message::TooMany { max_items: PLAN_VERSIONS_MAX }));
            }
        }
        Action::Comment { text } => {
            required_text("text", text, COMMENT_MAX_CHARS, &mut errors);
            if campaign.review_comments.iter().filter(|c| c.author == actor.person).count() >= COMMENTS_PER_PERSON_MAX {
                errors.push(FieldError::new("text", &Message::TooMany { max_items: COMMENTS_PER_PERSON_MAX }));
            }
        }
        Action::SendBack { comment } | Action::RequestChanges { comment, .. } => {
            required_text("comment", comment, COMMENT_MAX_CHARS, &mut errors);
        }
        Action::OverrideLate { reason } | Action::Cancel { reason } => {
            required_text("reason", reason, NOTE_MAX_CHARS, &mut errors);
        }
        Action::UpdateTask { department, note, .. } => {
            if !campaign.tasks.iter().any(|t| t.department == *department) {
                errors.push(FieldError::new("department", &Message::NotFound));
            }
            optional_text("note", note, NOTE_MAX_CHARS, &mut errors);
        }
        Action::UploadProof { files } => {
            if files.is_empty() {
                errors.push(FieldError::new("files", &Message::Required));
            }
            check_count("files", files, FILES_PER_ROUND_MAX, &mut errors);
            if campaign.proofs.len() >= PROOF_ROUNDS_MAX {
                errors.push(FieldError::new("files", &Message::TooMany { max_items: PROOF_ROUNDS_MAX }));
            }
        }
        Action::CommentProof { round, text, pin } => match campaign.proofs.iter().find(|r| r.number == *round) {
            None => errors.push(FieldError::new("round", &Message::NotFound)),
            Some(found) => {
                errors.extend(check_comment(text, pin.as_ref(), &found.files));
                if found.comments.iter().filter(|c| c.author == actor.person).count() >= COMMENTS_PER_PERSON_MAX {
                    errors.push(FieldError::new("text", &Message::TooMany { max_items: COMMENTS_PER_PERSON_MAX }));
                }
            }
        },
        Action::DecideProof { round, .. } => match campaign.proofs.last() {
            Some(last) if last.number == *round && last.outcome.is_none() => {}
            Some(last) if last.number == *round => errors.push(FieldError::new("round", &Message::AlreadyDone)),
            _ => errors.push(FieldError::new("round", &Message::NotFound)),
        },
        Action::ConfirmPlan { plan, .. } => errors.extend(check_store_plan(plan)),
        Action::CompleteProduction { note } => optional_text("note", note, NOTE_MAX_CHARS, &mut errors),
        Action::RecordShipment { store, items, shipped_on, tracking } => {
            if items.is_empty() {
                errors.push(FieldError::new("items", &Message::Required));
            }
            check_count("items", items, ITEMS_MAX, &mut errors);
            for (i, ShippedItem { item, quantity }) in items.iter().enumerate() {
                required_line(&format!("items[{i}].item"), item, &mut errors);
                check_quantity(format!("items[{i}].quantity"), *quantity, &mut errors);
            }
            if *shipped_on > ctx.today {
                errors.push(FieldError::new(
                    "shipped_on",
                    &Message::DateOrder {
                        earlier_zh: "今天（发货日期不能晚于今天）",
                        earlier_en: "today (a shipment cannot be in the future)",
                    },
                ));
            }
            optional_line("tracking", tracking, &mut errors);
            if of_store(&campaign.shipments, *store, |s| s.store) >= RECORDS_PER_STORE_MAX {
                errors.push(FieldError::new("items", &Message::TooMany { max_items: RECORDS_PER_STORE_MAX }));
            }
        }
        Action::ConfirmReceipt { lines, photos, .. } => errors.extend(check_receipt(lines, photos)),
        Action::RequestHelp { store, note, .. } => {
            optional_text("note", note, NOTE_MAX_CHARS, &mut errors);
            if of_store(&campaign.help_requests, *store, |h| h.store) >= RECORDS_PER_STORE_MAX {
                errors.push(FieldError::new("note", &Message::TooMany { max_items: RECORDS_PER_STORE_MAX }));
            }
        }
        Action::AssignHelp { request, person_name, .. } => {
            if !campaign.help_requests.iter().any(|h| h.number == *request) {
                errors.push(FieldError::new("request", &Message::NotFound));
            }
            required_line("person_name", person_name, &mut errors);
        }
        Action::ReportSales { store, amount } => {
            if amount.0 < 0 || amount.0 > MAX_AMOUNT_FEN {
                errors.push(FieldError::new("amount", &Message::AmountOutOfRange));
            }
            if of_store(&campaign.sales, *store, |s| s.store) >= RECORDS_PER_STORE_MAX {
                errors.push(FieldError::new("amount", &Message::TooMany { max_items: RECORDS_PER_STORE_MAX }));
            }
        }
        Action::SubmitSummary { notes, photos } => {
            required_text("notes", notes, NOTE_MAX_CHARS * 5, &mut errors);
            check_count("photos", photos, PHOTOS_MAX, &mut errors);
        }
        Action::Rate { comment, .. } => optional_text("comment", comment, COMMENT_MAX_CHARS, &mut errors),
        Action::SendReminder { note } => {
            optional_text("note", note, NOTE_MAX_CHARS, &mut errors);
            let last = campaign
                .history
                .iter()
                .rev()
                .find(|e| e.action == ActionKind::SendReminder && e.user == actor.user)
                .map(|e| e.at_unix_ms);
            if let Some(last) = last
                && ctx.now_unix_ms < last.saturating_add(REMINDER_INTERVAL_MS)
            {
                let again_at = crate::clock::china_time_label(last.saturating_add(REMINDER_INTERVAL_MS), ctx.today);
                errors.push(FieldError::new("", &Message::RemindedRecently { again_at }));
            }
        }
        Action::StartNeeds
        | Action::CompleteNeeds
        | Action::SubmitDraft
        | Action::SubmitForApproval
        | Action::Approve
        | Action::FinishExecution => {}
    }
    if is_repeatable(action.kind())
        && campaign.history.iter().filter(|e| e.user == actor.user).count() >= ENTRIES_PER_PERSON_MAX
    {
        errors.push(FieldError::new("", &Message::PersonalLimit { max_items: ENTRIES_PER_PERSON_MAX }));
    }
    errors
}

// ---------------------------------------------------------------------------------------
// The transition function

/// Decides one action: refuses it with the one reason, or returns the campaign as it is
/// after the action, with one history entry appended and the version bumped.
pub fn apply(campaign: &Campaign, action: Action, actor: &Actor, ctx: &Context<'_>) -> Result<Transition, Violation> {
    let kind = action.kind();
    check_gate(campaign, kind, actor, action.store())?;
    let errors = check_input(campaign, &action, actor, ctx);
    if !errors.is_empty() {
        return Err(Violation::invalid(errors));
    }
    let mut next = campaign.clone();
    let from = campaign.stage;
    let store = action.store().or(actor.store).or_else(|| match &action {
        Action::AssignHelp { request, .. } => {
            campaign.help_requests.iter().find(|h| h.number == *request).map(|h| h.store)
        }
        _ => None,
    });
    let note = effect(&mut next, action, actor, ctx);
    if on_team(actor.role) && !next.team.contains(&actor.person) {
        next.team.push(actor.person);
    }
    let seq = u32::try_from(next.history.len()).unwrap_or(u32::MAX).saturating_add(1);
    next.history.push(HistoryEntry {
        seq,
        on: ctx.today,
        at_unix_ms: ctx.now_unix_ms,
        user: actor.user,
        person: actor.person,
        name: actor.name.clone(),
        role: actor.role,
        action: kind,
        from,
        to: next.stage,
        note,
        store,
    });
    next.version = campaign.version.saturating_add(1);
    debug_assert!(crate::rules::check_history_append_only(&campaign.history, &next.history).is_ok());
    Ok(Transition { from, to: next.stage, campaign: next })
}

/// R7: whose KPI a campaign's ratings count for: the center's working staff who acted on
/// it (the VP judges the work rather than doing it, so approvals do not count).
pub fn on_team(role: Role) -> bool {
    role.is_center_staff() && role != Role::Vp
}

fn all_stores<F: Fn(StoreId) -> bool>(campaign: &Campaign, done: F) -> bool {
    campaign.stores.iter().all(|s| done(*s))
}

/// The action's effect on the (already cloned) campaign; returns the history note.
fn effect(c: &mut Campaign, action: Action, actor: &Actor, ctx: &Context<'_>) -> String {
    let today = ctx.today;
    match action {
        Action::StartNeeds | Action::CompleteNeeds | Action::FinishExecution => {
            c.stage = next_stage(c);
            String::new()
        }
        Action::RecordNeeds { needs } => {
            c.needs = needs;
            String::new()
        }
        Action::RecordBrainstorm { brainstorm } => {
            let note = brainstorm.attendees.join("、");
            c.brainstorm = Some(brainstorm);
            c.stage = next_stage(c);
            note
        }
        Action::SavePlan { plan, note } => {
            let number = u32::try_from(c.plan_versions.len()).unwrap_or(u32::MAX).saturating_add(1);
            c.plan_versions.push(PlanVersion {
                number,
                document: plan,
                author: actor.person,
                author_name: actor.name.clone(),
                created_on: today,
                note: note.clone(),
            });
            format!("v{number} {note}").trim().to_owned()
        }
        Action::SubmitDraft => {
            if matches!(
                c.kind,
                CampaignType::HolidayPromotion
                    | CampaignType::StoreOpening
                    | CampaignType::StoreSpecific
                    | CampaignType::NewProductLaunch
            ) {
                c.tasks = [Role::Design, Role::Video, Role::Merchandise, Role::Purchasing]
                    .into_iter()
                    .map(|department| DeptTask { department, status: TaskStatus::Open, note: String::new() })
                    .collect();
            }
            c.stage = next_stage(c);
            String::new()
        }
        Action::Comment { text } => {
            c.review_comments.push(Comment {
                author: actor.person,
                author_name: actor.name.clone(),
                on: today,
                text: text.clone(),
                pin: None,
            });
            text
        }
        Action::SubmitForApproval => {
            c.stage = Stage::Approval;
            c.latest_plan().map(|v| format!("v{}", v.number)).unwrap_or_default()
        }
        Action::Approve => {
            let plan_version = c.latest_plan().map_or(0, |v| v.number);
            c.approval = Some(Approval { by: actor.person, by_name: actor.name.clone(), on: today, plan_version });
            if c.kind == CampaignType::AnnualPlan && c.due_on.is_some_and(|due| today > due) {
                c.lateness = Some(Lateness::AnnualPlan);
            }
            c.stage = next_stage(c);
            format!("v{plan_version}")
        }
        Action::SendBack { comment } => {
            c.stage = Stage::Revisions;
            comment
        }
        Action::OverrideLate { reason } => {
            c.late_override =
                Some(LateOverride { by: actor.person, by_name: actor.name.clone(), on: today, reason: reason.clone() });
            reason
        }
        Action::UpdateTask { department, status, note } => {
            if let Some(task) = c.tasks.iter_mut().find(|t| t.department == department) {
                task.status = status;
                task.note = note.clone();
            }
            note
        }
        Action::UploadProof { files } => {
            let step = next_proof_step(&c.proofs).unwrap_or(crate::plan::ProofStep::FirstDraft);
            let number = u32::try_from(c.proofs.len()).unwrap_or(u32::MAX).saturating_add(1);
            c.proofs.push(ProofRound {
                number,
                step,
                files,
                uploaded_by: actor.person,
                comments: vec![],
                outcome: None,
            });
            step.name_zh().to_owned()
        }
        Action::CommentProof { round, text, pin } => {
            if let Some(found) = c.proofs.iter_mut().find(|r| r.number == round) {
                found.comments.push(Comment {
                    author: actor.person,
                    author_name: actor.name.clone(),
                    on: today,
                    text: text.clone(),
                    pin,
                });
            }
            text
        }
        Action::DecideProof { round, passed } => {
            if let Some(found) = c.proofs.iter_mut().find(|r| r.number == round) {
                found.outcome = Some(RoundOutcome { passed, by: actor.person, by_name: actor.name.clone(), on: today });
            }
            if passed { "通过".into() } else { "退回".into() }
        }
        Action::ConfirmPlan { store, plan } => {
            c.confirmations.push(StoreConfirmation { store, plan, by: actor.person, on: today });
            if all_stores(c, |s| c.confirmation_of(s).is_some()) {
                c.stage = next_stage(c);
            }
            String::new()
        }
        Action::RequestChanges { comment, .. } => {
            // The store saw a plan it wants changed: it goes back to revisions and must be
            // approved again before any store sees it (R4); earlier confirmations were of
            // the old plan, so they are void.
            c.approval = None;
            c.confirmations.clear();
            c.stage = Stage::Revisions;
            comment
        }
        Action::CompleteProduction { note } => {
            c.stage = next_stage(c);
            note
        }
        Action::RecordShipment { store, items, shipped_on, tracking } => {
            let number = u32::try_from(c.shipments.len()).unwrap_or(u32::MAX).saturating_add(1);
            c.shipments.push(Shipment {
                number,
                store,
                items,
                shipped_on,
                tracking: tracking.clone(),
                by: actor.person,
            });
            if c.stage == Stage::Production && all_stores(c, |s| c.shipments.iter().any(|x| x.store == s)) {
                c.stage = Stage::Shipping;
            }
            tracking
        }
        Action::ConfirmReceipt { store, lines, photos } => {
            let receipt = Receipt { store, lines, photos, by: actor.person, on: today };
            let note = if receipt.has_discrepancy() { "有差异，需紧急处理".to_owned() } else { String::new() };
            c.receipts.push(receipt);
            if all_stores(c, |s| c.receipt_of(s).is_some()) {
                c.stage = next_stage(c);
            }
            note
        }
        Action::RequestHelp { store, kind, note } => {
            let number = u32::try_from(c.help_requests.len()).unwrap_or(u32::MAX).saturating_add(1);
            c.help_requests.push(HelpRequest {
                number,
                store,
                kind,
                note: note.clone(),
                requested_on: today,
                assigned: None,
                assigned_name: String::new(),
            });
            note
        }
        Action::AssignHelp { request, person, person_name } => {
            if let Some(found) = c.help_requests.iter_mut().find(|h| h.number == request) {
                found.assigned = Some(person);
                found.assigned_name = person_name.clone();
            }
            person_name
        }
        Action::ReportSales { store, amount } => {
            c.sales.push(SalesFigure { store, amount, reported_on: today });
            amount.to_string()
        }
        Action::SubmitSummary { notes, photos } => {
            c.summary = Some(Summary { notes, photos, by: actor.person, on: today });
            c.stage = next_stage(c);
            String::new()
        }
        Action::Rate { store, satisfied, comment } => {
            let staff = c.team.clone();
            c.ratings.push(Rating { store, satisfied, comment: comment.clone(), by: actor.person, on: today, staff });
            if all_stores(c, |s| c.rating_of(s).is_some()) {
                c.stage = Stage::Closed;
            }
            comment
        }
        Action::SendReminder { note } => note,
        Action::Cancel { reason } => {
            c.cancel_reason = Some(reason.clone());
            c.stage = Stage::Cancelled;
            reason
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_name_is_the_one_serde_writes() {
        for kind in ActionKind::ALL.into_iter().chain([ActionKind::Create]) {
            let json = serde_json::to_value(kind).unwrap_or_default();
            assert_eq!(json.as_str(), Some(kind.as_str()), "{kind:?}");
            if kind != ActionKind::Create {
                assert_eq!(ActionKind::parse(kind.as_str()), Some(kind));
            }
        }
        assert_eq!(ActionKind::parse("create"), None, "opening is not an action on a campaign");
        assert_eq!(ActionKind::parse("party"), None);
    }
}
