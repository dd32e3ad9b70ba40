//! Stored types, version 1: frozen copies of every `shared` type a stored record reaches,
//! as they were at schema version 2, so that no change to a `shared` type can change the
//! bytes on disk.
//!
//! Never edit a type here: the golden fixtures pin its bytes. Typed ids are their `u64`,
//! `Fen` its `i64`; serde attributes are left out (bincode writes neither names nor tags,
//! only field order and variant indexes). The conversions destructure every field and
//! match every variant, so a field or variant added to a `shared` type fails to compile
//! here until a new stored version (`v2.rs`, a `V2` variant in `records.rs`) takes it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::ids::{AttachmentId, CampaignId, OrgUnitId, PersonId, PositionId, StoreId, UserId};
use shared::money::Fen;
use shared::{calendar, campaign, messages, org, plan, workflow};

use super::records::{AttachmentMeta, AuditEntry, IdempotentResponse, SessionRecord, UserRecord};

/// A frozen copy of a fieldless `shared` enum, its variants in the same order, with both
/// conversions (each an exhaustive `match`).
macro_rules! frozen_enum {
    ($(#[$meta:meta])* $frozen:ident = $domain:ty { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $frozen {
            $($variant),+
        }

        impl From<&$domain> for $frozen {
            fn from(value: &$domain) -> Self {
                type Domain = $domain;
                match value {
                    $(Domain::$variant => Self::$variant),+
                }
            }
        }

        impl From<$frozen> for $domain {
            fn from(value: $frozen) -> Self {
                match value {
                    $($frozen::$variant => Self::$variant),+
                }
            }
        }
    };
}

// -- enums ------------------------------------------------------------------------------

frozen_enum! {
    CampaignTypeV1 = campaign::CampaignType {
        HolidayPromotion,
        StoreOpening,
        StoreSpecific,
        NewProductLaunch,
        VideoProduction,
        AnnualPlan,
    }
}

frozen_enum! {
    StageV1 = campaign::Stage {
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
        Cancelled,
    }
}

frozen_enum! {
    TaskStatusV1 = campaign::TaskStatus { Open, InProgress, Done }
}

frozen_enum! {
    HelpKindV1 = campaign::HelpKind { Photography, MarketExecution }
}

frozen_enum! {
    ProofStepV1 = plan::ProofStep { FirstDraft, DesignDraft, Proof, Check, Final }
}

frozen_enum! {
    RoleV1 = org::Role {
        StoreManager,
        ServiceCenter,
        Market,
        Planning,
        Design,
        Video,
        Brand,
        Merchandise,
        Purchasing,
        Vp,
        Admin,
    }
}

frozen_enum! {
    ProvinceV1 = org::Province { Heilongjiang, Jilin, InnerMongolia }
}

frozen_enum! {
    StoreStatusV1 = org::StoreStatus { Preparing, Open, Closed }
}

frozen_enum! {
    OrgUnitKindV1 = org::OrgUnitKind { Layer, Department, Group }
}

frozen_enum! {
    LangV1 = messages::Lang { Zh, En }
}

frozen_enum! {
    ActionKindV1 = workflow::ActionKind {
        Create,
        StartNeeds,
        RecordNeeds,
        CompleteNeeds,
        RecordBrainstorm,
        SavePlan,
        SubmitDraft,
        Comment,
        SubmitForApproval,
        Approve,
        SendBack,
        OverrideLate,
        UpdateTask,
        UploadProof,
        CommentProof,
        DecideProof,
        ConfirmPlan,
        RequestChanges,
        CompleteProduction,
        RecordShipment,
        ConfirmReceipt,
        RequestHelp,
        AssignHelp,
        ReportSales,
        FinishExecution,
        SubmitSummary,
        Rate,
        SendReminder,
        Cancel,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LatenessV1 {
    HolidayPreparation { days_before_start: i64 },
    AnnualPlan,
}

impl From<&campaign::Lateness> for LatenessV1 {
    fn from(value: &campaign::Lateness) -> Self {
        match value {
            campaign::Lateness::HolidayPreparation { days_before_start } => {
                LatenessV1::HolidayPreparation { days_before_start: *days_before_start }
            }
            campaign::Lateness::AnnualPlan => LatenessV1::AnnualPlan,
        }
    }
}

impl From<LatenessV1> for campaign::Lateness {
    fn from(value: LatenessV1) -> Self {
        match value {
            LatenessV1::HolidayPreparation { days_before_start } => {
                campaign::Lateness::HolidayPreparation { days_before_start }
            }
            LatenessV1::AnnualPlan => campaign::Lateness::AnnualPlan,
        }
    }
}

// -- campaign parts ---------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedsV1 {
    pub wishes: String,
    pub policy: String,
    pub budget_hint: String,
}

impl From<&campaign::Needs> for NeedsV1 {
    fn from(value: &campaign::Needs) -> Self {
        let campaign::Needs { wishes, policy, budget_hint } = value;
        NeedsV1 { wishes: wishes.clone(), policy: policy.clone(), budget_hint: budget_hint.clone() }
    }
}

impl From<NeedsV1> for campaign::Needs {
    fn from(value: NeedsV1) -> Self {
        let NeedsV1 { wishes, policy, budget_hint } = value;
        campaign::Needs { wishes, policy, budget_hint }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrainstormV1 {
    pub notes: String,
    pub attendees: Vec<String>,
}

impl From<&campaign::Brainstorm> for BrainstormV1 {
    fn from(value: &campaign::Brainstorm) -> Self {
        let campaign::Brainstorm { notes, attendees } = value;
        BrainstormV1 { notes: notes.clone(), attendees: attendees.clone() }
    }
}

impl From<BrainstormV1> for campaign::Brainstorm {
    fn from(value: BrainstormV1) -> Self {
        let BrainstormV1 { notes, attendees } = value;
        campaign::Brainstorm { notes, attendees }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeptTaskV1 {
    pub department: RoleV1,
    pub status: TaskStatusV1,
    pub note: String,
}

impl From<&campaign::DeptTask> for DeptTaskV1 {
    fn from(value: &campaign::DeptTask) -> Self {
        let campaign::DeptTask { department, status, note } = value;
        DeptTaskV1 { department: RoleV1::from(department), status: TaskStatusV1::from(status), note: note.clone() }
    }
}

impl From<DeptTaskV1> for campaign::DeptTask {
    fn from(value: DeptTaskV1) -> Self {
        let DeptTaskV1 { department, status, note } = value;
        campaign::DeptTask { department: org::Role::from(department), status: campaign::TaskStatus::from(status), note }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalV1 {
    pub by: u64,
    pub by_name: String,
    pub on: NaiveDate,
    pub plan_version: u32,
}

impl From<&campaign::Approval> for ApprovalV1 {
    fn from(value: &campaign::Approval) -> Self {
        let campaign::Approval { by, by_name, on, plan_version } = value;
        ApprovalV1 { by: by.0, by_name: by_name.clone(), on: *on, plan_version: *plan_version }
    }
}

impl From<ApprovalV1> for campaign::Approval {
    fn from(value: ApprovalV1) -> Self {
        let ApprovalV1 { by, by_name, on, plan_version } = value;
        campaign::Approval { by: PersonId(by), by_name, on, plan_version }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateOverrideV1 {
    pub by: u64,
    pub by_name: String,
    pub on: NaiveDate,
    pub reason: String,
}

impl From<&campaign::LateOverride> for LateOverrideV1 {
    fn from(value: &campaign::LateOverride) -> Self {
        let campaign::LateOverride { by, by_name, on, reason } = value;
        LateOverrideV1 { by: by.0, by_name: by_name.clone(), on: *on, reason: reason.clone() }
    }
}

impl From<LateOverrideV1> for campaign::LateOverride {
    fn from(value: LateOverrideV1) -> Self {
        let LateOverrideV1 { by, by_name, on, reason } = value;
        campaign::LateOverride { by: PersonId(by), by_name, on, reason }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialItemV1 {
    pub item: String,
    pub size: String,
    pub quantity: u32,
}

impl From<&campaign::MaterialItem> for MaterialItemV1 {
    fn from(value: &campaign::MaterialItem) -> Self {
        let campaign::MaterialItem { item, size, quantity } = value;
        MaterialItemV1 { item: item.clone(), size: size.clone(), quantity: *quantity }
    }
}

impl From<MaterialItemV1> for campaign::MaterialItem {
    fn from(value: MaterialItemV1) -> Self {
        let MaterialItemV1 { item, size, quantity } = value;
        campaign::MaterialItem { item, size, quantity }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftItemV1 {
    pub item: String,
    pub quantity: u32,
}

impl From<&campaign::GiftItem> for GiftItemV1 {
    fn from(value: &campaign::GiftItem) -> Self {
        let campaign::GiftItem { item, quantity } = value;
        GiftItemV1 { item: item.clone(), quantity: *quantity }
    }
}

impl From<GiftItemV1> for campaign::GiftItem {
    fn from(value: GiftItemV1) -> Self {
        let GiftItemV1 { item, quantity } = value;
        campaign::GiftItem { item, quantity }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorePlanV1 {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub policy: String,
    pub materials: Vec<MaterialItemV1>,
    pub gifts: Vec<GiftItemV1>,
    pub ship_on: NaiveDate,
}

impl From<&campaign::StorePlan> for StorePlanV1 {
    fn from(value: &campaign::StorePlan) -> Self {
        let campaign::StorePlan { starts_on, ends_on, policy, materials, gifts, ship_on } = value;
        StorePlanV1 {
            starts_on: *starts_on,
            ends_on: *ends_on,
            policy: policy.clone(),
            materials: materials.iter().map(MaterialItemV1::from).collect(),
            gifts: gifts.iter().map(GiftItemV1::from).collect(),
            ship_on: *ship_on,
        }
    }
}

impl From<StorePlanV1> for campaign::StorePlan {
    fn from(value: StorePlanV1) -> Self {
        let StorePlanV1 { starts_on, ends_on, policy, materials, gifts, ship_on } = value;
        campaign::StorePlan {
            starts_on,
            ends_on,
            policy,
            materials: materials.into_iter().map(campaign::MaterialItem::from).collect(),
            gifts: gifts.into_iter().map(campaign::GiftItem::from).collect(),
            ship_on,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreConfirmationV1 {
    pub store: u64,
    pub plan: StorePlanV1,
    pub by: u64,
    pub on: NaiveDate,
}

impl From<&campaign::StoreConfirmation> for StoreConfirmationV1 {
    fn from(value: &campaign::StoreConfirmation) -> Self {
        let campaign::StoreConfirmation { store, plan, by, on } = value;
        StoreConfirmationV1 { store: store.0, plan: StorePlanV1::from(plan), by: by.0, on: *on }
    }
}

impl From<StoreConfirmationV1> for campaign::StoreConfirmation {
    fn from(value: StoreConfirmationV1) -> Self {
        let StoreConfirmationV1 { store, plan, by, on } = value;
        campaign::StoreConfirmation {
            store: StoreId(store),
            plan: campaign::StorePlan::from(plan),
            by: PersonId(by),
            on,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippedItemV1 {
    pub item: String,
    pub quantity: u32,
}

impl From<&campaign::ShippedItem> for ShippedItemV1 {
    fn from(value: &campaign::ShippedItem) -> Self {
        let campaign::ShippedItem { item, quantity } = value;
        ShippedItemV1 { item: item.clone(), quantity: *quantity }
    }
}

impl From<ShippedItemV1> for campaign::ShippedItem {
    fn from(value: ShippedItemV1) -> Self {
        let ShippedItemV1 { item, quantity } = value;
        campaign::ShippedItem { item, quantity }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipmentV1 {
    pub number: u32,
    pub store: u64,
    pub items: Vec<ShippedItemV1>,
    pub shipped_on: NaiveDate,
    pub tracking: String,
    pub by: u64,
}

impl From<&campaign::Shipment> for ShipmentV1 {
    fn from(value: &campaign::Shipment) -> Self {
        let campaign::Shipment { number, store, items, shipped_on, tracking, by } = value;
        ShipmentV1 {
            number: *number,
            store: store.0,
            items: items.iter().map(ShippedItemV1::from).collect(),
            shipped_on: *shipped_on,
            tracking: tracking.clone(),
            by: by.0,
        }
    }
}

impl From<ShipmentV1> for campaign::Shipment {
    fn from(value: ShipmentV1) -> Self {
        let ShipmentV1 { number, store, items, shipped_on, tracking, by } = value;
        campaign::Shipment {
            number,
            store: StoreId(store),
            items: items.into_iter().map(campaign::ShippedItem::from).collect(),
            shipped_on,
            tracking,
            by: PersonId(by),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLineV1 {
    pub item: String,
    pub expected: u32,
    pub received: u32,
    pub damaged: u32,
    pub note: String,
}

impl From<&campaign::ReceiptLine> for ReceiptLineV1 {
    fn from(value: &campaign::ReceiptLine) -> Self {
        let campaign::ReceiptLine { item, expected, received, damaged, note } = value;
        ReceiptLineV1 {
            item: item.clone(),
            expected: *expected,
            received: *received,
            damaged: *damaged,
            note: note.clone(),
        }
    }
}

impl From<ReceiptLineV1> for campaign::ReceiptLine {
    fn from(value: ReceiptLineV1) -> Self {
        let ReceiptLineV1 { item, expected, received, damaged, note } = value;
        campaign::ReceiptLine { item, expected, received, damaged, note }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptV1 {
    pub store: u64,
    pub lines: Vec<ReceiptLineV1>,
    pub photos: Vec<u64>,
    pub by: u64,
    pub on: NaiveDate,
}

impl From<&campaign::Receipt> for ReceiptV1 {
    fn from(value: &campaign::Receipt) -> Self {
        let campaign::Receipt { store, lines, photos, by, on } = value;
        ReceiptV1 {
            store: store.0,
            lines: lines.iter().map(ReceiptLineV1::from).collect(),
            photos: photos.iter().map(|a| a.0).collect(),
            by: by.0,
            on: *on,
        }
    }
}

impl From<ReceiptV1> for campaign::Receipt {
    fn from(value: ReceiptV1) -> Self {
        let ReceiptV1 { store, lines, photos, by, on } = value;
        campaign::Receipt {
            store: StoreId(store),
            lines: lines.into_iter().map(campaign::ReceiptLine::from).collect(),
            photos: photos.into_iter().map(AttachmentId).collect(),
            by: PersonId(by),
            on,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpRequestV1 {
    pub number: u32,
    pub store: u64,
    pub kind: HelpKindV1,
    pub note: String,
    pub requested_on: NaiveDate,
    pub assigned: Option<u64>,
    pub assigned_name: String,
}

impl From<&campaign::HelpRequest> for HelpRequestV1 {
    fn from(value: &campaign::HelpRequest) -> Self {
        let campaign::HelpRequest { number, store, kind, note, requested_on, assigned, assigned_name } = value;
        HelpRequestV1 {
            number: *number,
            store: store.0,
            kind: HelpKindV1::from(kind),
            note: note.clone(),
            requested_on: *requested_on,
            assigned: assigned.map(|p| p.0),
            assigned_name: assigned_name.clone(),
        }
    }
}

impl From<HelpRequestV1> for campaign::HelpRequest {
    fn from(value: HelpRequestV1) -> Self {
        let HelpRequestV1 { number, store, kind, note, requested_on, assigned, assigned_name } = value;
        campaign::HelpRequest {
            number,
            store: StoreId(store),
            kind: campaign::HelpKind::from(kind),
            note,
            requested_on,
            assigned: assigned.map(PersonId),
            assigned_name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesFigureV1 {
    pub store: u64,
    pub amount: i64,
    pub reported_on: NaiveDate,
}

impl From<&campaign::SalesFigure> for SalesFigureV1 {
    fn from(value: &campaign::SalesFigure) -> Self {
        let campaign::SalesFigure { store, amount, reported_on } = value;
        SalesFigureV1 { store: store.0, amount: amount.0, reported_on: *reported_on }
    }
}

impl From<SalesFigureV1> for campaign::SalesFigure {
    fn from(value: SalesFigureV1) -> Self {
        let SalesFigureV1 { store, amount, reported_on } = value;
        campaign::SalesFigure { store: StoreId(store), amount: Fen(amount), reported_on }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryV1 {
    pub notes: String,
    pub photos: Vec<u64>,
    pub by: u64,
    pub on: NaiveDate,
}

impl From<&campaign::Summary> for SummaryV1 {
    fn from(value: &campaign::Summary) -> Self {
        let campaign::Summary { notes, photos, by, on } = value;
        SummaryV1 { notes: notes.clone(), photos: photos.iter().map(|a| a.0).collect(), by: by.0, on: *on }
    }
}

impl From<SummaryV1> for campaign::Summary {
    fn from(value: SummaryV1) -> Self {
        let SummaryV1 { notes, photos, by, on } = value;
        campaign::Summary { notes, photos: photos.into_iter().map(AttachmentId).collect(), by: PersonId(by), on }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingV1 {
    pub store: u64,
    pub satisfied: bool,
    pub comment: String,
    pub by: u64,
    pub on: NaiveDate,
    pub staff: Vec<u64>,
}

impl From<&campaign::Rating> for RatingV1 {
    fn from(value: &campaign::Rating) -> Self {
        let campaign::Rating { store, satisfied, comment, by, on, staff } = value;
        RatingV1 {
            store: store.0,
            satisfied: *satisfied,
            comment: comment.clone(),
            by: by.0,
            on: *on,
            staff: staff.iter().map(|p| p.0).collect(),
        }
    }
}

impl From<RatingV1> for campaign::Rating {
    fn from(value: RatingV1) -> Self {
        let RatingV1 { store, satisfied, comment, by, on, staff } = value;
        campaign::Rating {
            store: StoreId(store),
            satisfied,
            comment,
            by: PersonId(by),
            on,
            staff: staff.into_iter().map(PersonId).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntryV1 {
    pub seq: u32,
    pub on: NaiveDate,
    pub at_unix_ms: i64,
    pub user: u64,
    pub person: u64,
    pub name: String,
    pub role: RoleV1,
    pub action: ActionKindV1,
    pub from: StageV1,
    pub to: StageV1,
    pub note: String,
}

impl From<HistoryEntryV1> for campaign::HistoryEntry {
    fn from(value: HistoryEntryV1) -> Self {
        let HistoryEntryV1 { seq, on, at_unix_ms, user, person, name, role, action, from, to, note } = value;
        // Version 1 did not record which store an entry is about; `CampaignCore`'s reader
        // fills it in where the campaign has one store.
        campaign::HistoryEntry {
            seq,
            on,
            at_unix_ms,
            user: UserId(user),
            person: PersonId(person),
            name,
            role: org::Role::from(role),
            action: workflow::ActionKind::from(action),
            from: campaign::Stage::from(from),
            to: campaign::Stage::from(to),
            note,
            store: None,
        }
    }
}

// -- plan -------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLineV1 {
    pub item: String,
    pub amount: i64,
}

impl From<&plan::BudgetLine> for BudgetLineV1 {
    fn from(value: &plan::BudgetLine) -> Self {
        let plan::BudgetLine { item, amount } = value;
        BudgetLineV1 { item: item.clone(), amount: amount.0 }
    }
}

impl From<BudgetLineV1> for plan::BudgetLine {
    fn from(value: BudgetLineV1) -> Self {
        let BudgetLineV1 { item, amount } = value;
        plan::BudgetLine { item, amount: Fen(amount) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDocumentV1 {
    pub theme: String,
    pub strategy: String,
    pub implementation: String,
    pub forecast: String,
    pub budget: Vec<BudgetLineV1>,
}

impl From<&plan::PlanDocument> for PlanDocumentV1 {
    fn from(value: &plan::PlanDocument) -> Self {
        let plan::PlanDocument { theme, strategy, implementation, forecast, budget } = value;
        PlanDocumentV1 {
            theme: theme.clone(),
            strategy: strategy.clone(),
            implementation: implementation.clone(),
            forecast: forecast.clone(),
            budget: budget.iter().map(BudgetLineV1::from).collect(),
        }
    }
}

impl From<PlanDocumentV1> for plan::PlanDocument {
    fn from(value: PlanDocumentV1) -> Self {
        let PlanDocumentV1 { theme, strategy, implementation, forecast, budget } = value;
        plan::PlanDocument {
            theme,
            strategy,
            implementation,
            forecast,
            budget: budget.into_iter().map(plan::BudgetLine::from).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanVersionV1 {
    pub number: u32,
    pub document: PlanDocumentV1,
    pub author: u64,
    pub author_name: String,
    pub created_on: NaiveDate,
    pub note: String,
}

impl From<&plan::PlanVersion> for PlanVersionV1 {
    fn from(value: &plan::PlanVersion) -> Self {
        let plan::PlanVersion { number, document, author, author_name, created_on, note } = value;
        PlanVersionV1 {
            number: *number,
            document: PlanDocumentV1::from(document),
            author: author.0,
            author_name: author_name.clone(),
            created_on: *created_on,
            note: note.clone(),
        }
    }
}

impl From<PlanVersionV1> for plan::PlanVersion {
    fn from(value: PlanVersionV1) -> Self {
        let PlanVersionV1 { number, document, author, author_name, created_on, note } = value;
        plan::PlanVersion {
            number,
            document: plan::PlanDocument::from(document),
            author: PersonId(author),
            author_name,
            created_on,
            note,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinV1 {
    pub attachment: u64,
    pub x_permille: u16,
    pub y_permille: u16,
}

impl From<&plan::Pin> for PinV1 {
    fn from(value: &plan::Pin) -> Self {
        let plan::Pin { attachment, x_permille, y_permille } = value;
        PinV1 { attachment: attachment.0, x_permille: *x_permille, y_permille: *y_permille }
    }
}

impl From<PinV1> for plan::Pin {
    fn from(value: PinV1) -> Self {
        let PinV1 { attachment, x_permille, y_permille } = value;
        plan::Pin { attachment: AttachmentId(attachment), x_permille, y_permille }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentV1 {
    pub author: u64,
    pub author_name: String,
    pub on: NaiveDate,
    pub text: String,
    pub pin: Option<PinV1>,
}

impl From<&plan::Comment> for CommentV1 {
    fn from(value: &plan::Comment) -> Self {
        let plan::Comment { author, author_name, on, text, pin } = value;
        CommentV1 {
            author: author.0,
            author_name: author_name.clone(),
            on: *on,
            text: text.clone(),
            pin: pin.as_ref().map(PinV1::from),
        }
    }
}

impl From<CommentV1> for plan::Comment {
    fn from(value: CommentV1) -> Self {
        let CommentV1 { author, author_name, on, text, pin } = value;
        plan::Comment { author: PersonId(author), author_name, on, text, pin: pin.map(plan::Pin::from) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundOutcomeV1 {
    pub passed: bool,
    pub by: u64,
    pub by_name: String,
    pub on: NaiveDate,
}

impl From<&plan::RoundOutcome> for RoundOutcomeV1 {
    fn from(value: &plan::RoundOutcome) -> Self {
        let plan::RoundOutcome { passed, by, by_name, on } = value;
        RoundOutcomeV1 { passed: *passed, by: by.0, by_name: by_name.clone(), on: *on }
    }
}

impl From<RoundOutcomeV1> for plan::RoundOutcome {
    fn from(value: RoundOutcomeV1) -> Self {
        let RoundOutcomeV1 { passed, by, by_name, on } = value;
        plan::RoundOutcome { passed, by: PersonId(by), by_name, on }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofRoundV1 {
    pub number: u32,
    pub step: ProofStepV1,
    pub files: Vec<u64>,
    pub uploaded_by: u64,
    pub comments: Vec<CommentV1>,
    pub outcome: Option<RoundOutcomeV1>,
}

impl From<&plan::ProofRound> for ProofRoundV1 {
    fn from(value: &plan::ProofRound) -> Self {
        let plan::ProofRound { number, step, files, uploaded_by, comments, outcome } = value;
        ProofRoundV1 {
            number: *number,
            step: ProofStepV1::from(step),
            files: files.iter().map(|a| a.0).collect(),
            uploaded_by: uploaded_by.0,
            comments: comments.iter().map(CommentV1::from).collect(),
            outcome: outcome.as_ref().map(RoundOutcomeV1::from),
        }
    }
}

impl From<ProofRoundV1> for plan::ProofRound {
    fn from(value: ProofRoundV1) -> Self {
        let ProofRoundV1 { number, step, files, uploaded_by, comments, outcome } = value;
        plan::ProofRound {
            number,
            step: plan::ProofStep::from(step),
            files: files.into_iter().map(AttachmentId).collect(),
            uploaded_by: PersonId(uploaded_by),
            comments: comments.into_iter().map(plan::Comment::from).collect(),
            outcome: outcome.map(plan::RoundOutcome::from),
        }
    }
}

// -- campaign ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignV1 {
    pub id: u64,
    pub kind: CampaignTypeV1,
    pub title: String,
    pub stores: Vec<u64>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub plan_year: Option<i32>,
    pub requested_on: NaiveDate,
    pub placed_by: u64,
    pub placed_by_name: String,
    pub assignee: Option<u64>,
    pub stage: StageV1,
    pub version: u64,
    pub needs: NeedsV1,
    pub brainstorm: Option<BrainstormV1>,
    pub plan_versions: Vec<PlanVersionV1>,
    pub review_comments: Vec<CommentV1>,
    pub tasks: Vec<DeptTaskV1>,
    pub proofs: Vec<ProofRoundV1>,
    pub approval: Option<ApprovalV1>,
    pub lateness: Option<LatenessV1>,
    pub late_override: Option<LateOverrideV1>,
    pub confirmations: Vec<StoreConfirmationV1>,
    pub shipments: Vec<ShipmentV1>,
    pub receipts: Vec<ReceiptV1>,
    pub help_requests: Vec<HelpRequestV1>,
    pub sales: Vec<SalesFigureV1>,
    pub summary: Option<SummaryV1>,
    pub ratings: Vec<RatingV1>,
    pub team: Vec<u64>,
    pub cancel_reason: Option<String>,
    pub history: Vec<HistoryEntryV1>,
}

impl From<&campaign::Campaign> for CampaignV1 {
    fn from(value: &campaign::Campaign) -> Self {
        let campaign::Campaign {
            id,
            kind,
            title,
            stores,
            starts_on,
            ends_on,
            due_on,
            plan_year,
            requested_on,
            placed_by,
            placed_by_name,
            assignee,
            stage,
            version,
            needs,
            brainstorm,
            plan_versions,
            review_comments,
            tasks,
            proofs,
            approval,
            lateness,
            late_override,
            confirmations,
            shipments,
            receipts,
            help_requests,
            sales,
            summary,
            ratings,
            team,
            cancel_reason,
            history,
        } = value;
        CampaignV1 {
            id: id.0,
            kind: CampaignTypeV1::from(kind),
            title: title.clone(),
            stores: stores.iter().map(|s| s.0).collect(),
            starts_on: *starts_on,
            ends_on: *ends_on,
            due_on: *due_on,
            plan_year: *plan_year,
            requested_on: *requested_on,
            placed_by: placed_by.0,
            placed_by_name: placed_by_name.clone(),
            assignee: assignee.map(|p| p.0),
            stage: StageV1::from(stage),
            version: *version,
            needs: NeedsV1::from(needs),
            brainstorm: brainstorm.as_ref().map(BrainstormV1::from),
            plan_versions: plan_versions.iter().map(PlanVersionV1::from).collect(),
            review_comments: review_comments.iter().map(CommentV1::from).collect(),
            tasks: tasks.iter().map(DeptTaskV1::from).collect(),
            proofs: proofs.iter().map(ProofRoundV1::from).collect(),
            approval: approval.as_ref().map(ApprovalV1::from),
            lateness: lateness.as_ref().map(LatenessV1::from),
            late_override: late_override.as_ref().map(LateOverrideV1::from),
            confirmations: confirmations.iter().map(StoreConfirmationV1::from).collect(),
            shipments: shipments.iter().map(ShipmentV1::from).collect(),
            receipts: receipts.iter().map(ReceiptV1::from).collect(),
            help_requests: help_requests.iter().map(HelpRequestV1::from).collect(),
            sales: sales.iter().map(SalesFigureV1::from).collect(),
            summary: summary.as_ref().map(SummaryV1::from),
            ratings: ratings.iter().map(RatingV1::from).collect(),
            team: team.iter().map(|p| p.0).collect(),
            cancel_reason: cancel_reason.clone(),
            // The core record never carries history (it lives in its own tree, written as
            // `StoredHistoryEntry`); version 1 keeps the field, always empty.
            history: {
                let _ = history;
                Vec::new()
            },
        }
    }
}

impl From<CampaignV1> for campaign::Campaign {
    fn from(value: CampaignV1) -> Self {
        let CampaignV1 {
            id,
            kind,
            title,
            stores,
            starts_on,
            ends_on,
            due_on,
            plan_year,
            requested_on,
            placed_by,
            placed_by_name,
            assignee,
            stage,
            version,
            needs,
            brainstorm,
            plan_versions,
            review_comments,
            tasks,
            proofs,
            approval,
            lateness,
            late_override,
            confirmations,
            shipments,
            receipts,
            help_requests,
            sales,
            summary,
            ratings,
            team,
            cancel_reason,
            history,
        } = value;
        campaign::Campaign {
            id: CampaignId(id),
            kind: campaign::CampaignType::from(kind),
            title,
            stores: stores.into_iter().map(StoreId).collect(),
            starts_on,
            ends_on,
            due_on,
            plan_year,
            requested_on,
            placed_by: UserId(placed_by),
            placed_by_name,
            assignee: assignee.map(PersonId),
            stage: campaign::Stage::from(stage),
            version,
            needs: campaign::Needs::from(needs),
            brainstorm: brainstorm.map(campaign::Brainstorm::from),
            plan_versions: plan_versions.into_iter().map(plan::PlanVersion::from).collect(),
            review_comments: review_comments.into_iter().map(plan::Comment::from).collect(),
            tasks: tasks.into_iter().map(campaign::DeptTask::from).collect(),
            proofs: proofs.into_iter().map(plan::ProofRound::from).collect(),
            approval: approval.map(campaign::Approval::from),
            lateness: lateness.map(campaign::Lateness::from),
            late_override: late_override.map(campaign::LateOverride::from),
            confirmations: confirmations.into_iter().map(campaign::StoreConfirmation::from).collect(),
            shipments: shipments.into_iter().map(campaign::Shipment::from).collect(),
            receipts: receipts.into_iter().map(campaign::Receipt::from).collect(),
            help_requests: help_requests.into_iter().map(campaign::HelpRequest::from).collect(),
            sales: sales.into_iter().map(campaign::SalesFigure::from).collect(),
            summary: summary.map(campaign::Summary::from),
            ratings: ratings.into_iter().map(campaign::Rating::from).collect(),
            team: team.into_iter().map(PersonId).collect(),
            cancel_reason,
            history: history.into_iter().map(campaign::HistoryEntry::from).collect(),
        }
    }
}

// -- org --------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreV1 {
    pub id: u64,
    pub code: String,
    pub name: String,
    pub province: ProvinceV1,
    pub city: String,
    pub address: String,
    pub manager: Option<u64>,
    pub opened_on: Option<NaiveDate>,
    pub status: StoreStatusV1,
}

impl From<&org::Store> for StoreV1 {
    fn from(value: &org::Store) -> Self {
        let org::Store { id, code, name, province, city, address, manager, opened_on, status } = value;
        StoreV1 {
            id: id.0,
            code: code.clone(),
            name: name.clone(),
            province: ProvinceV1::from(province),
            city: city.clone(),
            address: address.clone(),
            manager: manager.map(|p| p.0),
            opened_on: *opened_on,
            status: StoreStatusV1::from(status),
        }
    }
}

impl From<StoreV1> for org::Store {
    fn from(value: StoreV1) -> Self {
        let StoreV1 { id, code, name, province, city, address, manager, opened_on, status } = value;
        org::Store {
            id: StoreId(id),
            code,
            name,
            province: org::Province::from(province),
            city,
            address,
            manager: manager.map(PersonId),
            opened_on,
            status: org::StoreStatus::from(status),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnitV1 {
    pub id: u64,
    pub kind: OrgUnitKindV1,
    pub name: String,
    pub parent: Option<u64>,
    pub goal: String,
    pub responsibilities: Vec<String>,
    pub role: Option<RoleV1>,
}

impl From<&org::OrgUnit> for OrgUnitV1 {
    fn from(value: &org::OrgUnit) -> Self {
        let org::OrgUnit { id, kind, name, parent, goal, responsibilities, role } = value;
        OrgUnitV1 {
            id: id.0,
            kind: OrgUnitKindV1::from(kind),
            name: name.clone(),
            parent: parent.map(|u| u.0),
            goal: goal.clone(),
            responsibilities: responsibilities.clone(),
            role: role.as_ref().map(RoleV1::from),
        }
    }
}

impl From<OrgUnitV1> for org::OrgUnit {
    fn from(value: OrgUnitV1) -> Self {
        let OrgUnitV1 { id, kind, name, parent, goal, responsibilities, role } = value;
        org::OrgUnit {
            id: OrgUnitId(id),
            kind: org::OrgUnitKind::from(kind),
            name,
            parent: parent.map(OrgUnitId),
            goal,
            responsibilities,
            role: role.map(org::Role::from),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionV1 {
    pub id: u64,
    pub title: String,
    pub unit: u64,
    pub reports_to: Option<u64>,
    pub duties: Vec<String>,
    pub authorities: Vec<String>,
    pub key_indicators: Vec<String>,
}

impl From<&org::Position> for PositionV1 {
    fn from(value: &org::Position) -> Self {
        let org::Position { id, title, unit, reports_to, duties, authorities, key_indicators } = value;
        PositionV1 {
            id: id.0,
            title: title.clone(),
            unit: unit.0,
            reports_to: reports_to.map(|p| p.0),
            duties: duties.clone(),
            authorities: authorities.clone(),
            key_indicators: key_indicators.clone(),
        }
    }
}

impl From<PositionV1> for org::Position {
    fn from(value: PositionV1) -> Self {
        let PositionV1 { id, title, unit, reports_to, duties, authorities, key_indicators } = value;
        org::Position {
            id: PositionId(id),
            title,
            unit: OrgUnitId(unit),
            reports_to: reports_to.map(PositionId),
            duties,
            authorities,
            key_indicators,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonV1 {
    pub id: u64,
    pub name: String,
    pub contact: String,
    pub positions: Vec<u64>,
    pub stores_covered: Vec<u64>,
    pub account: Option<u64>,
}

impl From<&org::Person> for PersonV1 {
    fn from(value: &org::Person) -> Self {
        let org::Person { id, name, contact, positions, stores_covered, account } = value;
        PersonV1 {
            id: id.0,
            name: name.clone(),
            contact: contact.clone(),
            positions: positions.iter().map(|p| p.0).collect(),
            stores_covered: stores_covered.iter().map(|s| s.0).collect(),
            account: account.map(|u| u.0),
        }
    }
}

impl From<PersonV1> for org::Person {
    fn from(value: PersonV1) -> Self {
        let PersonV1 { id, name, contact, positions, stores_covered, account } = value;
        org::Person {
            id: PersonId(id),
            name,
            contact,
            positions: positions.into_iter().map(PositionId).collect(),
            stores_covered: stores_covered.into_iter().map(StoreId).collect(),
            account: account.map(UserId),
        }
    }
}

// -- calendar ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayPeriodV1 {
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl From<&calendar::HolidayPeriod> for HolidayPeriodV1 {
    fn from(value: &calendar::HolidayPeriod) -> Self {
        let calendar::HolidayPeriod { name, from, to } = value;
        HolidayPeriodV1 { name: name.clone(), from: *from, to: *to }
    }
}

impl From<HolidayPeriodV1> for calendar::HolidayPeriod {
    fn from(value: HolidayPeriodV1) -> Self {
        let HolidayPeriodV1 { name, from, to } = value;
        calendar::HolidayPeriod { name, from, to }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCalendarV1 {
    pub year: i32,
    pub source: String,
    pub holidays: Vec<HolidayPeriodV1>,
    pub make_up_workdays: Vec<NaiveDate>,
}

impl From<&calendar::YearCalendar> for YearCalendarV1 {
    fn from(value: &calendar::YearCalendar) -> Self {
        // Only official years are stored (an import is refused when marked provisional,
        // and provisional years are derived at start-up, never written), so version 1
        // still holds every stored year whole.
        let calendar::YearCalendar { year, source, holidays, make_up_workdays, provisional } = value;
        debug_assert!(!provisional, "a provisional year is never stored");
        YearCalendarV1 {
            year: *year,
            source: source.clone(),
            holidays: holidays.iter().map(HolidayPeriodV1::from).collect(),
            make_up_workdays: make_up_workdays.clone(),
        }
    }
}

impl From<YearCalendarV1> for calendar::YearCalendar {
    fn from(value: YearCalendarV1) -> Self {
        let YearCalendarV1 { year, source, holidays, make_up_workdays } = value;
        calendar::YearCalendar {
            year,
            source,
            holidays: holidays.into_iter().map(calendar::HolidayPeriod::from).collect(),
            make_up_workdays,
            provisional: false,
        }
    }
}

// -- the server's own records -----------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecordV1 {
    pub id: u64,
    pub login: String,
    pub password_hash: String,
    pub role: RoleV1,
    pub person: u64,
    pub store: Option<u64>,
    pub disabled: bool,
    pub lang: LangV1,
}

impl From<&UserRecord> for UserRecordV1 {
    fn from(value: &UserRecord) -> Self {
        let UserRecord { id, login, password_hash, role, person, store, disabled, lang } = value;
        UserRecordV1 {
            id: id.0,
            login: login.clone(),
            password_hash: password_hash.clone(),
            role: RoleV1::from(role),
            person: person.0,
            store: store.map(|s| s.0),
            disabled: *disabled,
            lang: LangV1::from(lang),
        }
    }
}

impl From<UserRecordV1> for UserRecord {
    fn from(value: UserRecordV1) -> Self {
        let UserRecordV1 { id, login, password_hash, role, person, store, disabled, lang } = value;
        UserRecord {
            id: UserId(id),
            login,
            password_hash,
            role: org::Role::from(role),
            person: PersonId(person),
            store: store.map(StoreId),
            disabled,
            lang: messages::Lang::from(lang),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentMetaV1 {
    pub id: u64,
    pub sha256_hex: String,
    pub size_bytes: u64,
    pub content_type: String,
    pub file_name: String,
    pub uploaded_by: u64,
    pub created_at_unix_ms: i64,
}

impl From<&AttachmentMeta> for AttachmentMetaV1 {
    fn from(value: &AttachmentMeta) -> Self {
        let AttachmentMeta { id, sha256_hex, size_bytes, content_type, file_name, uploaded_by, created_at_unix_ms } =
            value;
        AttachmentMetaV1 {
            id: id.0,
            sha256_hex: sha256_hex.clone(),
            size_bytes: *size_bytes,
            content_type: content_type.clone(),
            file_name: file_name.clone(),
            uploaded_by: uploaded_by.0,
            created_at_unix_ms: *created_at_unix_ms,
        }
    }
}

impl From<AttachmentMetaV1> for AttachmentMeta {
    fn from(value: AttachmentMetaV1) -> Self {
        let AttachmentMetaV1 { id, sha256_hex, size_bytes, content_type, file_name, uploaded_by, created_at_unix_ms } =
            value;
        AttachmentMeta {
            id: AttachmentId(id),
            sha256_hex,
            size_bytes,
            content_type,
            file_name,
            uploaded_by: UserId(uploaded_by),
            created_at_unix_ms,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntryV1 {
    pub at_unix_ms: i64,
    pub user: u64,
    pub action: String,
    pub target: String,
}

impl From<&AuditEntry> for AuditEntryV1 {
    fn from(value: &AuditEntry) -> Self {
        let AuditEntry { at_unix_ms, user, action, target } = value;
        AuditEntryV1 { at_unix_ms: *at_unix_ms, user: user.0, action: action.clone(), target: target.clone() }
    }
}

impl From<AuditEntryV1> for AuditEntry {
    fn from(value: AuditEntryV1) -> Self {
        let AuditEntryV1 { at_unix_ms, user, action, target } = value;
        AuditEntry { at_unix_ms, user: UserId(user), action, target }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecordV1 {
    pub user: u64,
    pub created_at_unix_ms: i64,
    pub expires_at_unix_ms: i64,
}

impl From<&SessionRecord> for SessionRecordV1 {
    fn from(value: &SessionRecord) -> Self {
        let SessionRecord { user, created_at_unix_ms, expires_at_unix_ms } = value;
        SessionRecordV1 {
            user: user.0,
            created_at_unix_ms: *created_at_unix_ms,
            expires_at_unix_ms: *expires_at_unix_ms,
        }
    }
}

impl From<SessionRecordV1> for SessionRecord {
    fn from(value: SessionRecordV1) -> Self {
        let SessionRecordV1 { user, created_at_unix_ms, expires_at_unix_ms } = value;
        SessionRecord { user: UserId(user), created_at_unix_ms, expires_at_unix_ms }
    }
}

/// `IdempotentResponse` holds no `shared` type, but is frozen here all the same, so that
/// the type the server uses can change without changing stored bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdempotentResponseV1 {
    pub status: u16,
    pub body: Vec<u8>,
    pub created_at_unix_ms: i64,
}

impl From<IdempotentResponseV1> for IdempotentResponse {
    fn from(value: IdempotentResponseV1) -> Self {
        let IdempotentResponseV1 { status, body, created_at_unix_ms } = value;
        // Version 1 did not bind a key to its request: such a reply is replayed to any
        // request with its key, as it was when it was written.
        IdempotentResponse { status, body, created_at_unix_ms, request_sha256: None }
    }
}
