//! A campaign's core record (`campaigns`, key campaign id): the campaign without its
//! history and plan versions, which live in their own trees (they only grow, and rewriting
//! them on every action would cost more each time). The stored envelope, its decoder and
//! the version written now; the frozen cores 2 and 3 with the lateness and money they
//! carry (moved here from `v4.rs` and `v5.rs`, bytes unchanged). The version-1 body
//! (`CampaignV1`) stays in `v1/`: history entries and plan versions share its parts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::campaign::{Campaign, Lateness};
use shared::costs::{Cancellation, Costs, Invoice, Order, OrderLine, OverrunApproval, SupplierKind};
use shared::ids::{AttachmentId, PersonId, StoreId};
use shared::money::Fen;

use super::super::StorageError;
use super::super::codec::{decode, encode_checked};
use super::super::v1::{CampaignV1, SupplierKindV1};

/// A campaign without its history and plan versions. The campaign's own `history` and
/// `plan_versions` are stored empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignCoreV1 {
    pub campaign: CampaignV1,
    pub history_len: u32,
    pub plan_versions_len: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredCampaign {
    V1(CampaignCoreV1),
    V2(CampaignCoreV2),
    V3(CampaignCoreV3),
}

/// The version this build writes.
pub type Latest = CampaignCoreV3;

/// A stored campaign core, read back: the campaign (with its history and plan versions
/// empty) and how many of each its own trees hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Core {
    pub campaign: Campaign,
    pub history_len: u32,
    pub plan_versions_len: u32,
}

/// A campaign's core as this build stores it.
pub fn encode_core(campaign: &Campaign) -> Result<Vec<u8>, StorageError> {
    encode_checked(&StoredCampaign::V3(Latest::of(campaign)))
}

pub fn decode_core(bytes: &[u8]) -> Result<Core, StorageError> {
    let stored: StoredCampaign = decode(bytes)?;
    // The core never carries history (it lives in its own tree): a version-1 body's list
    // is written empty, and one that is not was not written by this server.
    let embedded = match &stored {
        StoredCampaign::V1(core) => core.campaign.history.len(),
        StoredCampaign::V2(core) => core.campaign.history.len(),
        StoredCampaign::V3(core) => core.core.campaign.history.len(),
    };
    if embedded > 0 {
        return Err(StorageError::Decode(format!("a campaign core carries {embedded} history entries")));
    }
    let (campaign, history_len, plan_versions_len) = match stored {
        StoredCampaign::V1(CampaignCoreV1 { campaign, history_len, plan_versions_len }) => {
            (Campaign::from(campaign), history_len, plan_versions_len)
        }
        StoredCampaign::V2(core) => core.into_parts(),
        StoredCampaign::V3(core) => core.into_parts(),
    };
    Ok(Core { campaign, history_len, plan_versions_len })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LatenessV2 {
    HolidayPreparation { days_before_start: i64 },
    AnnualPlan,
    Schedule { working_days_short: u32 },
}

impl From<&Lateness> for LatenessV2 {
    fn from(value: &Lateness) -> Self {
        match value {
            Lateness::HolidayPreparation { days_before_start } => {
                LatenessV2::HolidayPreparation { days_before_start: *days_before_start }
            }
            Lateness::AnnualPlan => LatenessV2::AnnualPlan,
            Lateness::Schedule { working_days_short } => {
                LatenessV2::Schedule { working_days_short: *working_days_short }
            }
        }
    }
}

impl From<LatenessV2> for Lateness {
    fn from(value: LatenessV2) -> Self {
        match value {
            LatenessV2::HolidayPreparation { days_before_start } => Lateness::HolidayPreparation { days_before_start },
            LatenessV2::AnnualPlan => Lateness::AnnualPlan,
            LatenessV2::Schedule { working_days_short } => Lateness::Schedule { working_days_short },
        }
    }
}

/// A campaign core, version 2: the version-1 body (its own `lateness` always empty) and
/// the lateness beside it, in the shape that can say "shorter than its schedule".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignCoreV2 {
    pub campaign: CampaignV1,
    pub lateness: Option<LatenessV2>,
    pub history_len: u32,
    pub plan_versions_len: u32,
}

impl CampaignCoreV2 {
    /// A campaign's core (its history and plan versions left to their own trees).
    pub fn of(campaign: &Campaign) -> Self {
        let lateness = campaign.lateness.as_ref().map(LatenessV2::from);
        let mut body = CampaignV1::from(campaign);
        body.lateness = None;
        body.history = Vec::new();
        body.plan_versions = Vec::new();
        CampaignCoreV2 {
            campaign: body,
            lateness,
            history_len: u32::try_from(campaign.history.len()).unwrap_or(u32::MAX),
            plan_versions_len: u32::try_from(campaign.plan_versions.len()).unwrap_or(u32::MAX),
        }
    }

    /// The campaign back (history and plan versions empty), and how many of each its own
    /// trees hold.
    pub fn into_parts(self) -> (Campaign, u32, u32) {
        let CampaignCoreV2 { campaign, lateness, history_len, plan_versions_len } = self;
        let mut campaign = Campaign::from(campaign);
        campaign.lateness = lateness.map(Lateness::from);
        (campaign, history_len, plan_versions_len)
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
