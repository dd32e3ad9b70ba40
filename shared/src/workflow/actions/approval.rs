//! The VP's decisions (品牌营销副总经理): approving a plan before any store sees it (R4),
//! sending it back, and accepting a late start with a reason (R2, and a request shorter
//! than its type's schedule).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::campaign::{Approval, Campaign, CampaignType, LateOverride, Lateness, Stage};
use crate::ids::{AttachmentId, StoreId};
use crate::messages::{FieldError, Message};
use crate::org::{Actor, Role};
use crate::plan::{COMMENT_MAX_CHARS, proofs_settled};
use crate::schedule::needs_override;
use crate::workflow::gates::next_stage;
use crate::workflow::input::{NOTE_MAX_CHARS, required_text};
use crate::workflow::{Act, ActionKind, Applied, Context, Violation, ViolationKind, Words, not_ready};

/// 定稿: the VP approves the latest plan version; it may now go to the stores.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Approve {}

impl Act for Approve {
    const KIND: ActionKind = ActionKind::Approve;
    const WORDS: Words = Words {
        zh: "审批通过",
        en: "approved",
        done_zh: "已批准，方案已发给门店确认",
        done_en: "Approved; the plan goes to the stores to confirm",
    };
    const STAGES: &'static [Stage] = &[Stage::Approval];
    const PER_STORE: bool = false;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Vp]
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    /// R4 (all five sections, the design's final round passed) and R2 (a late holiday
    /// promotion needs the VP's override first).
    fn check_state(c: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        let plan = c.latest_plan().map(|v| v.document.clone()).unwrap_or_default();
        let errors = plan.check_complete();
        if !errors.is_empty() {
            return Err(Violation { kind: ViolationKind::Conflict, errors });
        }
        if !proofs_settled(&c.proofs) {
            return Err(Violation::one(ViolationKind::Conflict, "proofs", &Message::DesignNotFinal));
        }
        if needs_override(c.lateness)
            && c.late_override.is_none()
            && let Some(message) = crate::rules::lateness_message(c)
        {
            return Err(Violation::one(ViolationKind::Conflict, "late_override", &message));
        }
        Ok(())
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
    fn apply(self, c: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
        let plan_version = c.latest_plan().map_or(0, |v| v.number);
        c.approval = Some(Approval { by: actor.person, by_name: actor.name.clone(), on: ctx.today, plan_version });
        if c.kind == CampaignType::AnnualPlan && c.due_on.is_some_and(|due| ctx.today > due) {
            c.lateness = Some(Lateness::AnnualPlan);
        }
        c.stage = next_stage(c);
        format!("v{plan_version}").into()
    }
}

/// The VP sends the plan back to revisions, saying why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SendBack {
    pub comment: String,
}

impl Act for SendBack {
    const KIND: ActionKind = ActionKind::SendBack;
    const WORDS: Words =
        Words { zh: "退回修改", en: "sent back", done_zh: "已退回修改", done_en: "Sent back for changes" };
    const STAGES: &'static [Stage] = &[Stage::Approval];
    const PER_STORE: bool = false;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Vp]
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
    fn check_input(&self, _: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        required_text("comment", &self.comment, COMMENT_MAX_CHARS, &mut errors);
        errors
    }
    fn apply(self, c: &mut Campaign, _: &Actor, _: &Context<'_>) -> Applied {
        c.stage = Stage::Revisions;
        self.comment.into()
    }
}

/// The VP accepts a late request — a holiday promotion inside R2's 50 days, or any
/// request shorter than its type's schedule — with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OverrideLate {
    pub reason: String,
}

impl Act for OverrideLate {
    const KIND: ActionKind = ActionKind::OverrideLate;
    const WORDS: Words =
        Words {
            zh: "逾期特批", en: "approved the late start", done_zh: "已特批", done_en: "Late start approved"
        };
    const STAGES: &'static [Stage] =
        &[Stage::Intake, Stage::Needs, Stage::Brainstorm, Stage::DraftPlan, Stage::Revisions, Stage::Approval];
    const PER_STORE: bool = false;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Vp]
    }
    /// Granted when asked, not work every campaign brings.
    fn is_work_for(_: Role) -> bool {
        false
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    fn check_state(c: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        match (needs_override(c.lateness), &c.late_override) {
            (true, None) => Ok(()),
            (true, Some(_)) => Err(Violation::one(ViolationKind::Conflict, "", &Message::AlreadyDone)),
            (false, _) => {
                Err(not_ready("本活动没有逾期，无需特批", "the campaign is not late; there is nothing to override"))
            }
        }
    }
    fn store(&self) -> Option<StoreId> {
        None
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    fn check_input(&self, _: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        required_text("reason", &self.reason, NOTE_MAX_CHARS, &mut errors);
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
        c.late_override = Some(LateOverride {
            by: actor.person,
            by_name: actor.name.clone(),
            on: ctx.today,
            reason: self.reason.clone(),
        });
        self.reason.into()
    }
}
