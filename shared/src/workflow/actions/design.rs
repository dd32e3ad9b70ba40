//! The departments' work beside the plan: their tasks (design, video, merchandise,
//! purchasing) and the design proof rounds (设计稿流程: 初案 → 设计稿 → 校稿 → 检查 → 定稿),
//! each with files, pinned comments, and who decided it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CENTER_STAFF, PLAN_STAGES};
use crate::campaign::{Campaign, CampaignType, Stage, TaskStatus};
use crate::ids::{AttachmentId, StoreId};
use crate::messages::{FieldError, Message};
use crate::org::{Actor, Role};
use crate::plan::{
    COMMENTS_PER_PERSON_MAX, Comment, FILES_PER_ROUND_MAX, PROOF_ROUNDS_MAX, Pin, ProofRound, ProofStep, RoundOutcome,
    check_comment, next_proof_step,
};
use crate::workflow::input::{NOTE_MAX_CHARS, check_count, optional_text};
use crate::workflow::{Act, ActionKind, Applied, Context, Violation, ViolationKind, Words, not_ready};

/// A department's task started by the draft plan: its status and a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTask {
    pub department: Role,
    pub status: TaskStatus,
    pub note: String,
}

impl Act for UpdateTask {
    const KIND: ActionKind = ActionKind::UpdateTask;
    const WORDS: Words =
        Words {
            zh: "更新部门任务", en: "updated a task", done_zh: "部门任务已更新", done_en: "Task updated"
        };
    const STAGES: &'static [Stage] = &[
        Stage::Revisions,
        Stage::Approval,
        Stage::StoreConfirmation,
        Stage::Production,
        Stage::Shipping,
        Stage::Execution,
    ];
    const PER_STORE: bool = false;
    const REPEATABLE: bool = true;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Design, Role::Video, Role::Merchandise, Role::Purchasing]
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    fn check_state(c: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        if c.tasks.is_empty() {
            return Err(not_ready("本活动没有部门任务", "the campaign has no department tasks"));
        }
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
        if !c.tasks.iter().any(|t| t.department == self.department) {
            errors.push(FieldError::new("department", &Message::NotFound));
        }
        optional_text("note", &self.note, NOTE_MAX_CHARS, &mut errors);
        errors
    }
    fn apply(self, c: &mut Campaign, _: &Actor, _: &Context<'_>) -> Applied {
        if let Some(task) = c.tasks.iter_mut().find(|t| t.department == self.department) {
            task.status = self.status;
            task.note = self.note.clone();
        }
        self.note.into()
    }
}

/// The designer uploads the next round of the proof cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UploadProof {
    pub files: Vec<AttachmentId>,
}

impl Act for UploadProof {
    const KIND: ActionKind = ActionKind::UploadProof;
    const WORDS: Words = Words {
        zh: "上传设计稿",
        en: "uploaded a design round",
        done_zh: "设计稿已上传",
        done_en: "Design round uploaded",
    };
    const STAGES: &'static [Stage] = PLAN_STAGES;
    const PER_STORE: bool = false;
    const REPEATABLE: bool = true;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Design]
    }
    fn is_work_for(_: Role) -> bool {
        true
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    fn check_state(c: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        next_proof_step(&c.proofs).map(|_| ()).map_err(|m| Violation::one(ViolationKind::Conflict, "", &m))
    }
    fn store(&self) -> Option<StoreId> {
        None
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        self.files.iter().map(|f| ("files", *f)).collect()
    }
    fn check_input(&self, c: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.files.is_empty() {
            errors.push(FieldError::new("files", &Message::Required));
        }
        check_count("files", &self.files, FILES_PER_ROUND_MAX, &mut errors);
        if c.proofs.len() >= PROOF_ROUNDS_MAX {
            errors.push(FieldError::new("files", &Message::TooMany { max_items: PROOF_ROUNDS_MAX }));
        }
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, _: &Context<'_>) -> Applied {
        let step = next_proof_step(&c.proofs).unwrap_or(ProofStep::FirstDraft);
        let number = u32::try_from(c.proofs.len()).unwrap_or(u32::MAX).saturating_add(1);
        c.proofs.push(ProofRound {
            number,
            step,
            files: self.files,
            uploaded_by: actor.person,
            comments: vec![],
            outcome: None,
        });
        step.name_zh().to_owned().into()
    }
}

/// A comment on a design round, pinned to a spot of one of its images or not. A pin
/// points into the round's own files (`check_comment`), so it refers to no other file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CommentProof {
    pub round: u32,
    pub text: String,
    pub pin: Option<Pin>,
}

impl Act for CommentProof {
    const KIND: ActionKind = ActionKind::CommentProof;
    const WORDS: Words = Words {
        zh: "设计稿意见",
        en: "commented on the design",
        done_zh: "设计稿意见已发表",
        done_en: "Comment on the design posted",
    };
    const STAGES: &'static [Stage] = PLAN_STAGES;
    const PER_STORE: bool = false;
    const REPEATABLE: bool = true;
    fn roles(_: CampaignType) -> &'static [Role] {
        CENTER_STAFF
    }
    /// Anyone on the design may comment: that is not the work a stage brings.
    fn is_work_for(_: Role) -> bool {
        false
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    fn check_state(c: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        if c.proofs.is_empty() {
            return Err(not_ready("还没有上传设计稿", "no design draft has been uploaded"));
        }
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
        match c.proofs.iter().find(|r| r.number == self.round) {
            None => errors.push(FieldError::new("round", &Message::NotFound)),
            Some(found) => {
                errors.extend(check_comment(&self.text, self.pin.as_ref(), &found.files));
                if found.comments.iter().filter(|comment| comment.author == actor.person).count()
                    >= COMMENTS_PER_PERSON_MAX
                {
                    errors.push(FieldError::new("text", &Message::TooMany { max_items: COMMENTS_PER_PERSON_MAX }));
                }
            }
        }
        errors
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
        if let Some(found) = c.proofs.iter_mut().find(|r| r.number == self.round) {
            found.comments.push(Comment {
                author: actor.person,
                author_name: actor.name.clone(),
                on: ctx.today,
                text: self.text.clone(),
                pin: self.pin,
            });
        }
        self.text.into()
    }
}

/// The planner (or the VP) passes a design round or sends it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DecideProof {
    pub round: u32,
    pub passed: bool,
}

impl Act for DecideProof {
    const KIND: ActionKind = ActionKind::DecideProof;
    const WORDS: Words = Words {
        zh: "审定设计稿",
        en: "decided a design round",
        done_zh: "设计稿已审定",
        done_en: "Design round decided",
    };
    const STAGES: &'static [Stage] = PLAN_STAGES;
    const PER_STORE: bool = false;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Planning, Role::Vp]
    }
    /// The VP may decide a round too, but the planner is who is asked to.
    fn is_work_for(role: Role) -> bool {
        role != Role::Vp
    }
    fn fits(_: &Campaign) -> bool {
        true
    }
    fn check_state(c: &Campaign, _: Option<StoreId>, _: NaiveDate) -> Result<(), Violation> {
        if c.proofs.is_empty() {
            return Err(not_ready("还没有上传设计稿", "no design draft has been uploaded"));
        }
        Ok(())
    }
    fn store(&self) -> Option<StoreId> {
        None
    }
    fn files(&self) -> Vec<(&'static str, AttachmentId)> {
        Vec::new()
    }
    fn check_input(&self, c: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        match c.proofs.last() {
            Some(last) if last.number == self.round && last.outcome.is_none() => Vec::new(),
            Some(last) if last.number == self.round => vec![FieldError::new("round", &Message::AlreadyDone)],
            Some(_) | None => vec![FieldError::new("round", &Message::NotFound)],
        }
    }
    fn apply(self, c: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
        if let Some(found) = c.proofs.iter_mut().find(|r| r.number == self.round) {
            found.outcome = Some(RoundOutcome {
                passed: self.passed,
                by: actor.person,
                by_name: actor.name.clone(),
                on: ctx.today,
            });
        }
        (if self.passed { "通过" } else { "退回" }).to_owned().into()
    }
}
