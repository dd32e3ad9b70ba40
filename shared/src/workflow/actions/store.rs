//! The stores' steps, each for the manager's own store only (R5): confirming the approved
//! plan or asking for changes, confirming what arrived, asking for on-site help,
//! reporting sales and rating the center's work.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::all_stores;
use crate::campaign::{
    Campaign, CampaignType, HelpKind, HelpRequest, RECORDS_PER_STORE_MAX, Rating, Receipt, ReceiptLine, SalesFigure,
    Stage, StoreConfirmation, StorePlan,
};
use crate::ids::{AttachmentId, StoreId};
use crate::messages::{FieldError, Message};
use crate::money::{Fen, MAX_AMOUNT_FEN};
use crate::org::{Actor, Role};
use crate::plan::COMMENT_MAX_CHARS;
use crate::workflow::gates::next_stage;
use crate::workflow::input::{NOTE_MAX_CHARS, check_receipt, check_store_plan, of_store, optional_text, required_text};
use crate::workflow::{Act, ActionKind, Applied, Context, Violation, ViolationKind, Words, not_ready};

const STORE_MANAGER: &[Role] = &[Role::StoreManager];

/// A store may answer the approved plan once: confirm it, or ask for changes.
fn check_answerable(c: &Campaign, store: Option<StoreId>) -> Result<(), Violation> {
    if c.approval.is_none() {
        return Err(Violation::one(ViolationKind::Conflict, "", &Message::NotApproved));
    }
    match store {
        Some(store) if c.confirmation_of(store).is_some() => {
            Err(Violation::one(ViolationKind::Conflict, "store", &Message::AlreadyDone))
        }
        Some(_) | None => Ok(()),
    }
}

/// 门店确认: the store confirms the approved plan with its own details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmPlan {
    pub store: StoreId,
    pub plan: StorePlan,
}

impl Act for ConfirmPlan {
    const KIND: ActionKind = ActionKind::ConfirmPlan;
    const WORDS: Words = Words {
        zh: "门店确认方案",
        en: "the store confirmed the plan",
        done_zh: "已确认方案，等待总部安排制作",
        done_en: "Plan confirmed; the center arranges production next",
    };
    const STAGES: &'static [Stage] = &[Stage::StoreConfirmation];
    const PER_STORE: bool = true;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        STORE_MANAGER
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    fn check_state(c: &Campaign, store: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        check_answerable(c, store)
    }
    fn store(&self) -> Option<StoreId> {
        Some(self.store)
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    fn check_input(&self, _: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        check_store_plan(&self.plan)
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
        c.confirmations.push(StoreConfirmation { store: self.store, plan: self.plan, by: actor.person, on: ctx.today });
        if all_stores(c, |s| c.confirmation_of(s).is_some()) {
            c.stage = next_stage(c);
        }
        Applied::default()
    }
}

/// The store wants the plan changed: it goes back to revisions and must be approved again
/// before any store sees it (R4); earlier confirmations were of the old plan, so they are
/// void.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestChanges {
    pub store: StoreId,
    pub comment: String,
}

impl Act for RequestChanges {
    const KIND: ActionKind = ActionKind::RequestChanges;
    const WORDS: Words = Words {
        zh: "门店要求修改",
        en: "the store asked for changes",
        done_zh: "修改意见已发送，等待策划修改方案",
        done_en: "Your changes were sent; the planner revises the plan",
    };
    const STAGES: &'static [Stage] = &[Stage::StoreConfirmation];
    const PER_STORE: bool = true;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        STORE_MANAGER
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    fn check_state(c: &Campaign, store: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        check_answerable(c, store)
    }
    fn store(&self) -> Option<StoreId> {
        Some(self.store)
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    fn check_input(&self, _: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        required_text("comment", &self.comment, COMMENT_MAX_CHARS, &mut errors);
        errors
    }
    fn apply(self, c: &mut Campaign, _: &Actor, _: &Context<'_>) -> Applied {
        c.approval = None;
        c.confirmations.clear();
        c.stage = Stage::Revisions;
        self.comment.into()
    }
}

/// 到店确认: the store's check of what arrived; a discrepancy is urgent (突发事件).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmReceipt {
    pub store: StoreId,
    pub lines: Vec<ReceiptLine>,
    pub photos: Vec<AttachmentId>,
}

impl Act for ConfirmReceipt {
    const KIND: ActionKind = ActionKind::ConfirmReceipt;
    const WORDS: Words = Words {
        zh: "确认到货",
        en: "confirmed the delivery",
        done_zh: "已确认到货，谢谢",
        done_en: "Delivery confirmed, thank you",
    };
    const STAGES: &'static [Stage] = &[Stage::Shipping];
    const PER_STORE: bool = true;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        STORE_MANAGER
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    fn check_state(c: &Campaign, store: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        match store {
            Some(store) if !c.shipments.iter().any(|s| s.store == store) => {
                Err(not_ready("物料尚未发货", "nothing has been shipped to the store yet"))
            }
            Some(store) if c.receipt_of(store).is_some() => {
                Err(Violation::one(ViolationKind::Conflict, "store", &Message::AlreadyDone))
            }
            Some(_) | None => Ok(()),
        }
    }
    fn store(&self) -> Option<StoreId> {
        Some(self.store)
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        self.photos.iter().map(|f| ("photos", *f)).collect()
    }
    fn check_input(&self, _: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        check_receipt(&self.lines, &self.photos)
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
        let receipt =
            Receipt { store: self.store, lines: self.lines, photos: self.photos, by: actor.person, on: ctx.today };
        let note = if receipt.has_discrepancy() { "有差异，需紧急处理".to_owned() } else { String::new() };
        c.receipts.push(receipt);
        if all_stores(c, |s| c.receipt_of(s).is_some()) {
            c.stage = next_stage(c);
        }
        note.into()
    }
}

/// The store asks for on-site help (摄影摄像, 市场执行); the brand department assigns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestHelp {
    pub store: StoreId,
    pub kind: HelpKind,
    pub note: String,
}

impl Act for RequestHelp {
    const KIND: ActionKind = ActionKind::RequestHelp;
    const WORDS: Words = Words {
        zh: "申请现场支持",
        en: "asked for on-site help",
        done_zh: "已申请现场支持，等待品牌部安排人员",
        done_en: "Help requested; the brand department assigns someone",
    };
    const STAGES: &'static [Stage] = &[Stage::Shipping, Stage::Execution];
    const PER_STORE: bool = true;
    const REPEATABLE: bool = true;
    fn roles(_: CampaignType) -> &'static [Role] {
        STORE_MANAGER
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    fn check_state(_: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        Ok(())
    }
    fn store(&self) -> Option<StoreId> {
        Some(self.store)
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    fn check_input(&self, c: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        optional_text("note", &self.note, NOTE_MAX_CHARS, &mut errors);
        if of_store(&c.help_requests, self.store, |h| h.store) >= RECORDS_PER_STORE_MAX {
            errors.push(FieldError::new("note", &Message::TooMany { max_items: RECORDS_PER_STORE_MAX }));
        }
        errors
    }
    fn apply(self, c: &mut Campaign, _: &Actor, ctx: &Context<'_>) -> Applied {
        let number = u32::try_from(c.help_requests.len()).unwrap_or(u32::MAX).saturating_add(1);
        c.help_requests.push(HelpRequest {
            number,
            store: self.store,
            kind: self.kind,
            note: self.note.clone(),
            requested_on: ctx.today,
            assigned: None,
            assigned_name: String::new(),
        });
        self.note.into()
    }
}

/// 店头销售数据: the store's sales during the campaign (again to correct it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportSales {
    pub store: StoreId,
    pub amount: Fen,
}

impl Act for ReportSales {
    const KIND: ActionKind = ActionKind::ReportSales;
    const WORDS: Words =
        Words { zh: "上报销售额", en: "reported sales", done_zh: "销售额已上报", done_en: "Sales reported" };
    const STAGES: &'static [Stage] = &[Stage::Execution, Stage::Summary, Stage::Rating];
    const PER_STORE: bool = true;
    const REPEATABLE: bool = true;
    fn roles(_: CampaignType) -> &'static [Role] {
        STORE_MANAGER
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    /// Sales are reported once the event is over (its last day, at closing).
    fn check_state(c: &Campaign, _: Option<StoreId>, today: NaiveDate) -> Result<(), Violation> {
        crate::workflow::input::check_event_over(c, today)
    }
    fn store(&self) -> Option<StoreId> {
        Some(self.store)
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    fn check_input(&self, c: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.amount.0 < 0 || self.amount.0 > MAX_AMOUNT_FEN {
            errors.push(FieldError::new("amount", &Message::AmountOutOfRange));
        }
        if of_store(&c.sales, self.store, |s| s.store) >= RECORDS_PER_STORE_MAX {
            errors.push(FieldError::new("amount", &Message::TooMany { max_items: RECORDS_PER_STORE_MAX }));
        }
        errors
    }
    fn apply(self, c: &mut Campaign, _: &Actor, ctx: &Context<'_>) -> Applied {
        c.sales.push(SalesFigure { store: self.store, amount: self.amount, reported_on: ctx.today });
        self.amount.to_string().into()
    }
}

/// 满意度评价: the store's verdict on the center's work; the last store's closes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rate {
    pub store: StoreId,
    pub satisfied: bool,
    pub comment: String,
}

impl Act for Rate {
    const KIND: ActionKind = ActionKind::Rate;
    const WORDS: Words =
        Words {
            zh: "满意度评价", en: "rated", done_zh: "评价已提交，谢谢！", done_en: "Rating sent, thank you!"
        };
    const STAGES: &'static [Stage] = &[Stage::Rating];
    const PER_STORE: bool = true;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        STORE_MANAGER
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    fn check_state(c: &Campaign, store: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        match store {
            Some(store) if c.rating_of(store).is_some() => {
                Err(Violation::one(ViolationKind::Conflict, "store", &Message::AlreadyDone))
            }
            Some(_) | None => Ok(()),
        }
    }
    fn store(&self) -> Option<StoreId> {
        Some(self.store)
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    fn check_input(&self, _: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        optional_text("comment", &self.comment, COMMENT_MAX_CHARS, &mut errors);
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
        let staff = c.team.clone();
        c.ratings.push(Rating {
            store: self.store,
            satisfied: self.satisfied,
            comment: self.comment.clone(),
            by: actor.person,
            on: ctx.today,
            staff,
        });
        if all_stores(c, |s| c.rating_of(s).is_some()) {
            c.stage = Stage::Closed;
        }
        self.comment.into()
    }
}
