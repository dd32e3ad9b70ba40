//! Planning's own steps (企划部): taking an order up, the needs, the brainstorm, plan
//! versions, the first draft round, review comments, and sending the plan for approval.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CENTER_STAFF, PLAN_STAGES, planning_or_video};
use crate::campaign::{Brainstorm, Campaign, CampaignType, DeptTask, Needs, Stage, TaskStatus};
use crate::ids::{AttachmentId, StoreId};
use crate::messages::{FieldError, Message};
use crate::org::{Actor, Role};
use crate::plan::{
    COMMENT_MAX_CHARS, COMMENTS_PER_PERSON_MAX, Comment as PlanComment, PLAN_VERSIONS_MAX, PlanDocument, PlanVersion,
};
use crate::workflow::gates::next_stage;
use crate::workflow::input::{ATTENDEES_MAX, NOTE_MAX_CHARS, check_count, optional_text, required_line, required_text};
use crate::workflow::{Act, ActionKind, Applied, Context, Violation, ViolationKind, Words, not_ready};

/// The planner takes the order up (立项 → 需求了解).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StartNeeds {}

impl Act for StartNeeds {
    const KIND: ActionKind = ActionKind::StartNeeds;
    const WORDS: Words =
        Words {
            zh: "开始需求了解", en: "started the needs", done_zh: "已开始需求了解", done_en: "Needs started"
        };
    const STAGES: &'static [Stage] = &[Stage::Intake];
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

/// 需求了解: the store's wishes, the policy constraints, budget hints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordNeeds {
    pub needs: Needs,
}

impl Act for RecordNeeds {
    const KIND: ActionKind = ActionKind::RecordNeeds;
    const WORDS: Words =
        Words { zh: "记录需求", en: "recorded the needs", done_zh: "需求已记录", done_en: "Needs recorded" };
    const STAGES: &'static [Stage] = &[Stage::Intake, Stage::Needs];
    const PER_STORE: bool = false;
    const REPEATABLE: bool = true;
    fn roles(kind: CampaignType) -> &'static [Role] {
        match kind {
            CampaignType::VideoProduction => &[Role::StoreManager, Role::ServiceCenter, Role::Planning, Role::Video],
            CampaignType::HolidayPromotion
            | CampaignType::StoreOpening
            | CampaignType::StoreSpecific
            | CampaignType::NewProductLaunch
            | CampaignType::AnnualPlan => &[Role::StoreManager, Role::ServiceCenter, Role::Planning],
        }
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
        optional_text("needs.wishes", &self.needs.wishes, NOTE_MAX_CHARS, &mut errors);
        optional_text("needs.policy", &self.needs.policy, NOTE_MAX_CHARS, &mut errors);
        optional_text("needs.budget_hint", &self.needs.budget_hint, NOTE_MAX_CHARS, &mut errors);
        errors
    }
    fn apply(self, c: &mut Campaign, _: &Actor, _: &Context<'_>) -> Applied {
        c.needs = self.needs;
        Applied::default()
    }
}

/// The needs are understood (需求了解 → 头脑风暴, or straight to the draft for a video).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CompleteNeeds {}

impl Act for CompleteNeeds {
    const KIND: ActionKind = ActionKind::CompleteNeeds;
    const WORDS: Words =
        Words {
            zh: "完成需求了解", en: "finished the needs", done_zh: "需求了解已完成", done_en: "Needs done"
        };
    const STAGES: &'static [Stage] = &[Stage::Needs];
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

/// 头脑风暴: the first meeting's notes and who attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordBrainstorm {
    pub brainstorm: Brainstorm,
}

impl Act for RecordBrainstorm {
    const KIND: ActionKind = ActionKind::RecordBrainstorm;
    const WORDS: Words = Words {
        zh: "记录头脑风暴",
        en: "recorded the brainstorm",
        done_zh: "头脑风暴已记录",
        done_en: "Brainstorm recorded",
    };
    const STAGES: &'static [Stage] = &[Stage::Brainstorm];
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
        let brainstorm = &self.brainstorm;
        required_text("brainstorm.notes", &brainstorm.notes, NOTE_MAX_CHARS * 5, &mut errors);
        check_count("brainstorm.attendees", &brainstorm.attendees, ATTENDEES_MAX, &mut errors);
        for (i, name) in brainstorm.attendees.iter().enumerate() {
            required_line(&format!("brainstorm.attendees[{i}]"), name, &mut errors);
        }
        errors
    }
    fn apply(self, c: &mut Campaign, _: &Actor, _: &Context<'_>) -> Applied {
        let note = self.brainstorm.attendees.join("、");
        c.brainstorm = Some(self.brainstorm);
        c.stage = next_stage(c);
        note.into()
    }
}

/// Saves a new plan version; earlier versions are kept unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SavePlan {
    pub plan: PlanDocument,
    pub note: String,
}

impl Act for SavePlan {
    const KIND: ActionKind = ActionKind::SavePlan;
    const WORDS: Words =
        Words {
            zh: "保存方案", en: "saved the plan", done_zh: "已保存为新版本", done_en: "Saved as a new version"
        };
    const STAGES: &'static [Stage] = &[Stage::DraftPlan, Stage::Revisions];
    const PER_STORE: bool = false;
    const REPEATABLE: bool = true;
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
        Vec::new()
    }
    fn check_input(&self, c: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = self.plan.validate_draft();
        optional_text("note", &self.note, NOTE_MAX_CHARS, &mut errors);
        if c.plan_versions.len() >= PLAN_VERSIONS_MAX {
            errors.push(FieldError::new("plan", &Message::TooMany { max_items: PLAN_VERSIONS_MAX }));
        }
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
        let number = u32::try_from(c.plan_versions.len()).unwrap_or(u32::MAX).saturating_add(1);
        let note = format!("v{number} {}", self.note).trim().to_owned();
        c.plan_versions.push(PlanVersion {
            number,
            document: self.plan,
            author: actor.person,
            author_name: actor.name.clone(),
            created_on: ctx.today,
            note: self.note,
        });
        note.into()
    }
}

/// Sends the first draft round; starts the departments' tasks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmitDraft {}

impl Act for SubmitDraft {
    const KIND: ActionKind = ActionKind::SubmitDraft;
    const WORDS: Words = Words {
        zh: "提交初稿",
        en: "submitted the draft",
        done_zh: "初稿已提交，各部门任务已开始",
        done_en: "Draft submitted; the departments' tasks have started",
    };
    const STAGES: &'static [Stage] = &[Stage::DraftPlan];
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
    fn check_state(c: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        if c.plan_versions.is_empty() {
            return Err(not_ready("还没有保存任何方案版本", "no plan version has been saved"));
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
    fn apply(self, c: &mut Campaign, _: &Actor, _: &Context<'_>) -> Applied {
        let with_tasks = match c.kind {
            CampaignType::HolidayPromotion
            | CampaignType::StoreOpening
            | CampaignType::StoreSpecific
            | CampaignType::NewProductLaunch => true,
            CampaignType::VideoProduction | CampaignType::AnnualPlan => false,
        };
        if with_tasks {
            c.tasks = [Role::Design, Role::Video, Role::Merchandise, Role::Purchasing]
                .into_iter()
                .map(|department| DeptTask { department, status: TaskStatus::Open, note: String::new() })
                .collect();
        }
        c.stage = next_stage(c);
        Applied::default()
    }
}

/// A review comment on the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Comment {
    pub text: String,
}

impl Act for Comment {
    const KIND: ActionKind = ActionKind::Comment;
    const WORDS: Words =
        Words { zh: "评审意见", en: "commented", done_zh: "意见已发表", done_en: "Comment posted" };
    const STAGES: &'static [Stage] = PLAN_STAGES;
    const PER_STORE: bool = false;
    const REPEATABLE: bool = true;
    fn roles(_: CampaignType) -> &'static [Role] {
        CENTER_STAFF
    }
    /// Anyone on the plan may comment: that is not the work a stage brings.
    fn is_work_for(_: Role) -> bool {
        false
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
    fn check_input(&self, c: &Campaign, actor: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        required_text("text", &self.text, COMMENT_MAX_CHARS, &mut errors);
        if c.review_comments.iter().filter(|comment| comment.author == actor.person).count() >= COMMENTS_PER_PERSON_MAX
        {
            errors.push(FieldError::new("text", &Message::TooMany { max_items: COMMENTS_PER_PERSON_MAX }));
        }
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
        c.review_comments.push(PlanComment {
            author: actor.person,
            author_name: actor.name.clone(),
            on: ctx.today,
            text: self.text.clone(),
            pin: None,
        });
        self.text.into()
    }
}

/// The plan goes to the VP (报副总经理审核): all five sections are needed (R4).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmitForApproval {}

impl Act for SubmitForApproval {
    const KIND: ActionKind = ActionKind::SubmitForApproval;
    const WORDS: Words = Words {
        zh: "报副总经理审核",
        en: "sent for approval",
        done_zh: "已报副总经理审核",
        done_en: "Sent to the VP for approval",
    };
    const STAGES: &'static [Stage] = &[Stage::Revisions];
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
    fn check_state(c: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        let plan = c.latest_plan().map(|v| v.document.clone()).unwrap_or_default();
        let errors = plan.check_complete();
        if errors.is_empty() { Ok(()) } else { Err(Violation { kind: ViolationKind::Conflict, errors }) }
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
        c.stage = Stage::Approval;
        c.latest_plan().map(|v| format!("v{}", v.number)).unwrap_or_default().into()
    }
}
