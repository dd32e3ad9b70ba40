//! Stored types, version 5: the records added or changed for the campaign's money (schema 5
//! money). The actions grew purchasing's orders and invoices and the VP's overrun
//! approval, so a history entry names its action from a longer list; a campaign's core
//! carries its orders, invoices and overrun approvals beside the version-2 core; a plan
//! version carries the sales its plan expects as a number beside the version-1 body.
//!
//! Never edit a type here: the golden fixtures pin its bytes. See `v1/mod.rs` for the rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::campaign::{Campaign, HistoryEntry};
use shared::costs::{Cancellation, Costs, Invoice, Order, OrderLine, OverrunApproval, SupplierKind};
use shared::ids::{AttachmentId, PersonId, StoreId, UserId};
use shared::money::Fen;
use shared::{campaign, org, workflow};

use super::v1::{PlanVersionV1, RoleV1, StageV1, frozen_enum};
use super::v4::CampaignCoreV2;

frozen_enum! {
    ActionKindV2 = workflow::ActionKind {
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
        RecordOrder,
        CancelOrder,
        RecordInvoice,
        ApproveOverrun,
    }
}

frozen_enum! {
    SupplierKindV1 = shared::costs::SupplierKind { Printing, Gifts, Goods, Video, Other }
}

/// A history entry, version 3: version 2's fields, its action from the longer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntryV3 {
    pub seq: u32,
    pub on: NaiveDate,
    pub at_unix_ms: i64,
    pub user: u64,
    pub person: u64,
    pub name: String,
    pub role: RoleV1,
    pub action: ActionKindV2,
    pub from: StageV1,
    pub to: StageV1,
    pub note: String,
    pub store: Option<u64>,
}

impl From<&HistoryEntry> for HistoryEntryV3 {
    fn from(value: &HistoryEntry) -> Self {
        let HistoryEntry { seq, on, at_unix_ms, user, person, name, role, action, from, to, note, store } = value;
        HistoryEntryV3 {
            seq: *seq,
            on: *on,
            at_unix_ms: *at_unix_ms,
            user: user.0,
            person: person.0,
            name: name.clone(),
            role: RoleV1::from(role),
            action: ActionKindV2::from(action),
            from: StageV1::from(from),
            to: StageV1::from(to),
            note: note.clone(),
            store: store.map(|s| s.0),
        }
    }
}

impl From<HistoryEntryV3> for HistoryEntry {
    fn from(value: HistoryEntryV3) -> Self {
        let HistoryEntryV3 { seq, on, at_unix_ms, user, person, name, role, action, from, to, note, store } = value;
        HistoryEntry {
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
            store: store.map(StoreId),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineV1 {
    pub item: String,
    pub spec: String,
    pub quantity: u32,
    pub unit_price: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancellationV1 {
    pub on: NaiveDate,
    pub reason: String,
    pub by: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderV1 {
    pub number: u32,
    pub supplier: String,
    pub supplier_kind: SupplierKindV1,
    pub lines: Vec<OrderLineV1>,
    pub stores: Vec<u64>,
    pub budget_line: String,
    pub ordered_on: NaiveDate,
    pub expected_on: Option<NaiveDate>,
    pub by: u64,
    pub cancelled: Option<CancellationV1>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceV1 {
    pub number: u32,
    pub supplier: String,
    pub invoice_no: String,
    pub amount: i64,
    pub issued_on: NaiveDate,
    pub order: Option<u32>,
    pub scan: Option<u64>,
    pub by: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverrunV1 {
    pub ceiling: i64,
    pub reason: String,
    pub by: u64,
    pub by_name: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostsV1 {
    pub orders: Vec<OrderV1>,
    pub invoices: Vec<InvoiceV1>,
    pub overruns: Vec<OverrunV1>,
}

impl From<&Costs> for CostsV1 {
    fn from(value: &Costs) -> Self {
        let Costs { orders, invoices, overruns } = value;
        CostsV1 {
            orders: orders
                .iter()
                .map(|o| {
                    let Order {
                        number,
                        supplier,
                        supplier_kind,
                        lines,
                        stores,
                        budget_line,
                        ordered_on,
                        expected_on,
                        by,
                        cancelled,
                    } = o;
                    OrderV1 {
                        number: *number,
                        supplier: supplier.clone(),
                        supplier_kind: SupplierKindV1::from(supplier_kind),
                        lines: lines
                            .iter()
                            .map(|l| {
                                let OrderLine { item, spec, quantity, unit_price } = l;
                                OrderLineV1 {
                                    item: item.clone(),
                                    spec: spec.clone(),
                                    quantity: *quantity,
                                    unit_price: unit_price.0,
                                }
                            })
                            .collect(),
                        stores: stores.iter().map(|s| s.0).collect(),
                        budget_line: budget_line.clone(),
                        ordered_on: *ordered_on,
                        expected_on: *expected_on,
                        by: by.0,
                        cancelled: cancelled.as_ref().map(|c| {
                            let Cancellation { on, reason, by } = c;
                            CancellationV1 { on: *on, reason: reason.clone(), by: by.0 }
                        }),
                    }
                })
                .collect(),
            invoices: invoices
                .iter()
                .map(|i| {
                    let Invoice { number, supplier, invoice_no, amount, issued_on, order, scan, by } = i;
                    InvoiceV1 {
                        number: *number,
                        supplier: supplier.clone(),
                        invoice_no: invoice_no.clone(),
                        amount: amount.0,
                        issued_on: *issued_on,
                        order: *order,
                        scan: scan.map(|f| f.0),
                        by: by.0,
                    }
                })
                .collect(),
            overruns: overruns
                .iter()
                .map(|o| {
                    let OverrunApproval { ceiling, reason, by, by_name, on } = o;
                    OverrunV1 {
                        ceiling: ceiling.0,
                        reason: reason.clone(),
                        by: by.0,
                        by_name: by_name.clone(),
                        on: *on,
                    }
                })
                .collect(),
        }
    }
}

impl From<CostsV1> for Costs {
    fn from(value: CostsV1) -> Self {
        let CostsV1 { orders, invoices, overruns } = value;
        Costs {
            orders: orders
                .into_iter()
                .map(|o| Order {
                    number: o.number,
                    supplier: o.supplier,
                    supplier_kind: SupplierKind::from(o.supplier_kind),
                    lines: o
                        .lines
                        .into_iter()
                        .map(|l| OrderLine {
                            item: l.item,
                            spec: l.spec,
                            quantity: l.quantity,
                            unit_price: Fen(l.unit_price),
                        })
                        .collect(),
                    stores: o.stores.into_iter().map(StoreId).collect(),
                    budget_line: o.budget_line,
                    ordered_on: o.ordered_on,
                    expected_on: o.expected_on,
                    by: PersonId(o.by),
                    cancelled: o.cancelled.map(|c| Cancellation { on: c.on, reason: c.reason, by: PersonId(c.by) }),
                })
                .collect(),
            invoices: invoices
                .into_iter()
                .map(|i| Invoice {
                    number: i.number,
                    supplier: i.supplier,
                    invoice_no: i.invoice_no,
                    amount: Fen(i.amount),
                    issued_on: i.issued_on,
                    order: i.order,
                    scan: i.scan.map(AttachmentId),
                    by: PersonId(i.by),
                })
                .collect(),
            overruns: overruns
                .into_iter()
                .map(|o| OverrunApproval {
                    ceiling: Fen(o.ceiling),
                    reason: o.reason,
                    by: PersonId(o.by),
                    by_name: o.by_name,
                    on: o.on,
                })
                .collect(),
        }
    }
}

/// A campaign core, version 3: the version-2 core and the campaign's money beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignCoreV3 {
    pub core: CampaignCoreV2,
    pub costs: CostsV1,
}

impl CampaignCoreV3 {
    pub fn of(campaign: &Campaign) -> Self {
        CampaignCoreV3 { core: CampaignCoreV2::of(campaign), costs: CostsV1::from(&campaign.costs) }
    }

    /// The campaign back (history and plan versions empty), and how many of each its own
    /// trees hold.
    pub fn into_parts(self) -> (Campaign, u32, u32) {
        let CampaignCoreV3 { core, costs } = self;
        let (mut campaign, history_len, plan_versions_len) = core.into_parts();
        campaign.costs = Costs::from(costs);
        (campaign, history_len, plan_versions_len)
    }
}

/// A plan version, version 2: the version-1 body and the plan's expected sales (fen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanVersionV2 {
    pub version: PlanVersionV1,
    pub forecast_sales: Option<i64>,
}

impl From<&shared::plan::PlanVersion> for PlanVersionV2 {
    fn from(value: &shared::plan::PlanVersion) -> Self {
        PlanVersionV2 {
            version: PlanVersionV1::from(value),
            forecast_sales: value.document.forecast_sales.map(|f| f.0),
        }
    }
}

impl From<PlanVersionV2> for shared::plan::PlanVersion {
    fn from(value: PlanVersionV2) -> Self {
        let PlanVersionV2 { version, forecast_sales } = value;
        let mut plan = shared::plan::PlanVersion::from(version);
        plan.document.forecast_sales = forecast_sales.map(Fen);
        plan
    }
}

/// A supplier on the center's list (`shared::costs::Supplier`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierV1 {
    pub id: u64,
    pub name: String,
    pub kind: SupplierKindV1,
    pub contact: String,
    pub notes: String,
    pub active: bool,
}

impl From<&shared::costs::Supplier> for SupplierV1 {
    fn from(value: &shared::costs::Supplier) -> Self {
        let shared::costs::Supplier { id, name, kind, contact, notes, active } = value;
        SupplierV1 {
            id: id.0,
            name: name.clone(),
            kind: SupplierKindV1::from(kind),
            contact: contact.clone(),
            notes: notes.clone(),
            active: *active,
        }
    }
}

impl From<SupplierV1> for shared::costs::Supplier {
    fn from(value: SupplierV1) -> Self {
        let SupplierV1 { id, name, kind, contact, notes, active } = value;
        shared::costs::Supplier {
            id: shared::ids::SupplierId(id),
            name,
            kind: SupplierKind::from(kind),
            contact,
            notes,
            active,
        }
    }
}

/// The center's money rules as the administrator set them, and who set them when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneySettingsV1 {
    pub tolerance_percent: u32,
    pub set_by: u64,
    pub set_at_unix_ms: i64,
}

/// Why someone is told, version 2: version 1's reasons and an uploaded proof round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReasonV2 {
    NewWork { stage: StageV1 },
    ApprovalNeeded,
    StoreToConfirm,
    StoreToReceive,
    StoreToRate,
    SentBack { comment: String },
    ChangesRequested { store: u64, comment: String },
    Reminder { from: String, note: String },
    ProofDecided { round: u32, passed: bool },
    DeadlineAtRisk { due: NaiveDate, working_days_left: i64 },
    ProofUploaded { round: u32 },
}

impl From<&shared::notify::Reason> for ReasonV2 {
    fn from(value: &shared::notify::Reason) -> Self {
        use shared::notify::Reason;
        match value {
            Reason::NewWork { stage } => ReasonV2::NewWork { stage: StageV1::from(stage) },
            Reason::ApprovalNeeded => ReasonV2::ApprovalNeeded,
            Reason::StoreToConfirm => ReasonV2::StoreToConfirm,
            Reason::StoreToReceive => ReasonV2::StoreToReceive,
            Reason::StoreToRate => ReasonV2::StoreToRate,
            Reason::SentBack { comment } => ReasonV2::SentBack { comment: comment.clone() },
            Reason::ChangesRequested { store, comment } => {
                ReasonV2::ChangesRequested { store: store.0, comment: comment.clone() }
            }
            Reason::Reminder { from, note } => ReasonV2::Reminder { from: from.clone(), note: note.clone() },
            Reason::ProofDecided { round, passed } => ReasonV2::ProofDecided { round: *round, passed: *passed },
            Reason::DeadlineAtRisk { due, working_days_left } => {
                ReasonV2::DeadlineAtRisk { due: *due, working_days_left: *working_days_left }
            }
            Reason::ProofUploaded { round } => ReasonV2::ProofUploaded { round: *round },
        }
    }
}

impl From<ReasonV2> for shared::notify::Reason {
    fn from(value: ReasonV2) -> Self {
        use shared::notify::Reason;
        match value {
            ReasonV2::NewWork { stage } => Reason::NewWork { stage: campaign::Stage::from(stage) },
            ReasonV2::ApprovalNeeded => Reason::ApprovalNeeded,
            ReasonV2::StoreToConfirm => Reason::StoreToConfirm,
            ReasonV2::StoreToReceive => Reason::StoreToReceive,
            ReasonV2::StoreToRate => Reason::StoreToRate,
            ReasonV2::SentBack { comment } => Reason::SentBack { comment },
            ReasonV2::ChangesRequested { store, comment } => {
                Reason::ChangesRequested { store: StoreId(store), comment }
            }
            ReasonV2::Reminder { from, note } => Reason::Reminder { from, note },
            ReasonV2::ProofDecided { round, passed } => Reason::ProofDecided { round, passed },
            ReasonV2::DeadlineAtRisk { due, working_days_left } => Reason::DeadlineAtRisk { due, working_days_left },
            ReasonV2::ProofUploaded { round } => Reason::ProofUploaded { round },
        }
    }
}

/// A notification, version 2: version 1's fields, its reason from the longer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationV2 {
    pub id: u64,
    pub user: u64,
    pub campaign: u64,
    pub campaign_title: String,
    pub reason: ReasonV2,
    pub at_unix_ms: i64,
    pub read: bool,
}

impl NotificationV2 {
    pub fn of(user: UserId, n: &shared::notify::Notification) -> Self {
        let shared::notify::Notification { id, campaign, campaign_title, reason, at_unix_ms, read } = n;
        NotificationV2 {
            id: *id,
            user: user.0,
            campaign: campaign.0,
            campaign_title: campaign_title.clone(),
            reason: ReasonV2::from(reason),
            at_unix_ms: *at_unix_ms,
            read: *read,
        }
    }
}

impl From<NotificationV2> for (UserId, shared::notify::Notification) {
    fn from(value: NotificationV2) -> Self {
        let NotificationV2 { id, user, campaign, campaign_title, reason, at_unix_ms, read } = value;
        (
            UserId(user),
            shared::notify::Notification {
                id,
                campaign: shared::ids::CampaignId(campaign),
                campaign_title,
                reason: reason.into(),
                at_unix_ms,
                read,
            },
        )
    }
}

/// An account that reads the change feed (`own::FeedReaderRecord`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedReaderV1 {
    pub id: u64,
    pub name: String,
    pub retired: bool,
    pub token_sha256: [u8; 32],
}

impl From<&super::own::FeedReaderRecord> for FeedReaderV1 {
    fn from(value: &super::own::FeedReaderRecord) -> Self {
        let super::own::FeedReaderRecord { reader: shared::feed::FeedReader { id, name, retired }, token_sha256 } =
            value;
        FeedReaderV1 { id: *id, name: name.clone(), retired: *retired, token_sha256: *token_sha256 }
    }
}

impl From<FeedReaderV1> for super::own::FeedReaderRecord {
    fn from(value: FeedReaderV1) -> Self {
        let FeedReaderV1 { id, name, retired, token_sha256 } = value;
        super::own::FeedReaderRecord { reader: shared::feed::FeedReader { id, name, retired }, token_sha256 }
    }
}
