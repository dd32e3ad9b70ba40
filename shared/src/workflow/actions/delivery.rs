//! The center's delivery and follow-up: purchasing ships to each store, the video
//! department delivers a video job, the brand department sends people to stores, and
//! planning closes the execution and writes the summary.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{all_stores, planning_or_video};
use crate::campaign::{Campaign, CampaignType, RECORDS_PER_STORE_MAX, Shipment, ShippedItem, Stage, Summary};
use crate::ids::{AttachmentId, PersonId, StoreId};
use crate::messages::{FieldError, Message};
use crate::org::{Actor, Role};
use crate::workflow::gates::{campaign_stages, next_stage};
use crate::workflow::input::{
    ITEMS_MAX, NOTE_MAX_CHARS, PHOTOS_MAX, check_count, check_quantity, of_store, optional_line, optional_text,
    required_line, required_text,
};
use crate::workflow::{Act, ActionKind, Applied, Context, Violation, ViolationKind, Words, not_ready};

/// 发货: what purchasing shipped to one store, when, with the tracking number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordShipment {
    pub store: StoreId,
    pub items: Vec<ShippedItem>,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub shipped_on: NaiveDate,
    pub tracking: String,
}

impl Act for RecordShipment {
    const KIND: ActionKind = ActionKind::RecordShipment;
    const WORDS: Words =
        Words { zh: "发货", en: "shipped", done_zh: "已登记发货", done_en: "Shipment recorded" };
    const STAGES: &'static [Stage] = &[Stage::Production, Stage::Shipping];
    const PER_STORE: bool = true;
    /// Purchasing's own stage work, bounded per store (`RECORDS_PER_STORE_MAX`, so by the
    /// campaign's size), never by the personal cap: a campaign of 75 stores takes its
    /// shipments whatever else purchasing recorded on it.
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Purchasing]
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    /// Only campaigns with a shipping stage ship goods.
    fn fits(c: &Campaign) -> bool {
        campaign_stages(c).contains(&Stage::Shipping)
    }
    fn check_state(c: &Campaign, store: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        match store {
            Some(store) if c.confirmation_of(store).is_none() => {
                Err(not_ready("该门店尚未确认方案", "the store has not confirmed the plan"))
            }
            Some(store) if c.receipt_of(store).is_some() => {
                Err(Violation::one(ViolationKind::Conflict, "store", &Message::AlreadyDone))
            }
            Some(store) if of_store(&c.shipments, store, |s| s.store) >= RECORDS_PER_STORE_MAX => {
                let full = Message::CampaignFull {
                    what_zh: "发往这家门店的发货记录",
                    what_en: "shipments to this store",
                    max_items: RECORDS_PER_STORE_MAX,
                };
                Err(Violation::one(ViolationKind::Invalid, "store", &full))
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
    fn check_input(&self, _: &Campaign, _: &Actor, ctx: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.items.is_empty() {
            errors.push(FieldError::new("items", &Message::Required));
        }
        check_count("items", &self.items, ITEMS_MAX, &mut errors);
        for (i, ShippedItem { item, quantity }) in self.items.iter().enumerate() {
            required_line(&format!("items[{i}].item"), item, &mut errors);
            check_quantity(format!("items[{i}].quantity"), *quantity, &mut errors);
        }
        if self.shipped_on > ctx.today {
            errors.push(FieldError::new(
                "shipped_on",
                &Message::DateOrder {
                    earlier_zh: "今天（发货日期不能晚于今天）",
                    earlier_en: "today (a shipment cannot be in the future)",
                },
            ));
        }
        optional_line("tracking", &self.tracking, &mut errors);
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, _: &Context<'_>) -> Applied {
        let number = u32::try_from(c.shipments.len()).unwrap_or(u32::MAX).saturating_add(1);
        c.shipments.push(Shipment {
            number,
            store: self.store,
            items: self.items,
            shipped_on: self.shipped_on,
            tracking: self.tracking.clone(),
            by: actor.person,
        });
        if c.stage == Stage::Production && all_stores(c, |s| c.shipments.iter().any(|x| x.store == s)) {
            c.stage = Stage::Shipping;
        }
        self.tracking.into()
    }
}

/// The brand department sends someone to a store that asked for help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignHelp {
    pub request: u32,
    pub person: PersonId,
    pub person_name: String,
}

impl Act for AssignHelp {
    const KIND: ActionKind = ActionKind::AssignHelp;
    const WORDS: Words =
        Words {
            zh: "安排现场支持", en: "assigned on-site help", done_zh: "已安排现场支持", done_en: "Help assigned"
        };
    const STAGES: &'static [Stage] = &[Stage::Shipping, Stage::Execution];
    const PER_STORE: bool = false;
    const REPEATABLE: bool = true;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Brand]
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
        None
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    fn check_input(&self, c: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !c.help_requests.iter().any(|h| h.number == self.request) {
            errors.push(FieldError::new("request", &Message::NotFound));
        }
        required_line("person_name", &self.person_name, &mut errors);
        errors
    }
    /// The entry is about the store that asked (it reads who is coming).
    fn apply(self, c: &mut Campaign, _: &Actor, _: &Context<'_>) -> Applied {
        let mut about_store = None;
        if let Some(found) = c.help_requests.iter_mut().find(|h| h.number == self.request) {
            found.assigned = Some(self.person);
            found.assigned_name = self.person_name.clone();
            about_store = Some(found.store);
        }
        Applied { note: self.person_name, about_store }
    }
}

/// A video job is produced (the video department's delivery).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CompleteProduction {
    pub note: String,
}

impl Act for CompleteProduction {
    const KIND: ActionKind = ActionKind::CompleteProduction;
    const WORDS: Words =
        Words {
            zh: "完成制作", en: "finished production", done_zh: "制作已完成", done_en: "Production finished"
        };
    const STAGES: &'static [Stage] = &[Stage::Production];
    const PER_STORE: bool = false;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Video]
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    /// Only a video job is "produced" by the video department.
    fn fits(c: &Campaign) -> bool {
        c.kind == CampaignType::VideoProduction
    }
    fn check_state(_: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        Ok(())
    }
    fn store(&self) -> Option<StoreId> {
        None
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    fn check_input(&self, _: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        optional_text("note", &self.note, NOTE_MAX_CHARS, &mut errors);
        errors
    }
    fn apply(self, c: &mut Campaign, _: &Actor, _: &Context<'_>) -> Applied {
        c.stage = next_stage(c);
        self.note.into()
    }
}

/// 活动执行完毕: the campaign has run; stores are asked for sales and a rating.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FinishExecution {}

impl Act for FinishExecution {
    const KIND: ActionKind = ActionKind::FinishExecution;
    const WORDS: Words = Words {
        zh: "活动执行完毕",
        en: "finished the campaign",
        done_zh: "活动执行已完成，门店将被邀请上报销售额并评价",
        done_en: "Execution finished; the stores are asked for their sales and rating",
    };
    const STAGES: &'static [Stage] = &[Stage::Execution];
    const PER_STORE: bool = false;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Planning]
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    /// The event sets the order of things: a campaign is finished on its last day at the
    /// earliest, so no store is asked for sales or a rating before it happened.
    fn check_state(c: &Campaign, _: Option<StoreId>, today: NaiveDate) -> Result<(), Violation> {
        crate::workflow::input::check_event_over(c, today)
    }
    fn store(&self) -> Option<StoreId> {
        None
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    fn check_input(&self, _: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        Vec::new()
    }
    fn apply(self, c: &mut Campaign, _: &Actor, _: &Context<'_>) -> Applied {
        c.stage = next_stage(c);
        Applied::default()
    }
}

/// 活动总结: execution notes and photos (the printable summary is made from it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmitSummary {
    pub notes: String,
    pub photos: Vec<AttachmentId>,
}

impl Act for SubmitSummary {
    const KIND: ActionKind = ActionKind::SubmitSummary;
    const WORDS: Words = Words {
        zh: "提交活动总结",
        en: "submitted the summary",
        done_zh: "活动总结已提交",
        done_en: "Summary submitted",
    };
    const STAGES: &'static [Stage] = &[Stage::Summary];
    const PER_STORE: bool = false;
    const REPEATABLE: bool = false;
    fn roles(kind: CampaignType) -> &'static [Role] {
        planning_or_video(kind)
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
        None
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        self.photos.iter().map(|f| ("photos", *f)).collect()
    }
    fn check_input(&self, _: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        required_text("notes", &self.notes, NOTE_MAX_CHARS * 5, &mut errors);
        check_count("photos", &self.photos, PHOTOS_MAX, &mut errors);
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
        c.summary = Some(Summary { notes: self.notes, photos: self.photos, by: actor.person, on: ctx.today });
        c.stage = next_stage(c);
        Applied::default()
    }
}
