//! What anyone waiting on a campaign may do: remind the people in charge (催办, once in
//! a while), and what its owners may always do: cancel it before it runs.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::OPEN_STAGES;
use crate::campaign::{Campaign, CampaignType, REMINDER_INTERVAL_MS, Stage};
use crate::ids::{AttachmentId, StoreId};
use crate::messages::{FieldError, Message};
use crate::org::{Actor, Role};
use crate::workflow::input::{NOTE_MAX_CHARS, optional_text, required_text};
use crate::workflow::{Act, ActionKind, Applied, Context, Violation, Words};

/// The departments a reminder goes to: those with work at the campaign's current stage,
/// but not the reminder's own when the work there is hers (her department's stage, and
/// for a planner, a campaign that is hers or nobody's yet). Empty: there is no one else
/// to remind.
pub fn reminded(c: &Campaign, actor: &Actor) -> Vec<Role> {
    let hers = actor.role != Role::Planning || c.assignee.is_none_or(|a| a == actor.person);
    Role::ALL
        .into_iter()
        .filter(|r| *r != Role::StoreManager && crate::workflow::role_works_at(c.kind, c.stage, *r))
        .filter(|r| !(hers && *r == actor.role))
        .collect()
}

/// 催办: a reminder to whoever owns the current stage; the same person reminds about the
/// same campaign at most once in [`REMINDER_INTERVAL_MS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SendReminder {
    pub note: String,
}

impl Act for SendReminder {
    const KIND: ActionKind = ActionKind::SendReminder;
    const WORDS: Words = Words {
        zh: "催办",
        en: "sent a reminder",
        done_zh: "已催办，负责人会收到提醒",
        done_en: "Reminder sent to the person in charge",
    };
    const STAGES: &'static [Stage] = OPEN_STAGES;
    const PER_STORE: bool = false;
    const REPEATABLE: bool = true;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[
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
        ]
    }
    /// Anyone waiting may remind: that is not the work a stage brings.
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
    fn check_input(&self, c: &Campaign, actor: &Actor, ctx: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        optional_text("note", &self.note, NOTE_MAX_CHARS, &mut errors);
        if reminded(c, actor).is_empty() {
            errors.push(FieldError::new(
                "",
                &Message::NotReady {
                    what_zh: "这一阶段由您自己负责，没有要催办的人",
                    what_en: "this stage is yours: there is no one else to remind",
                },
            ));
        }
        let last = c
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
        errors
    }
    fn apply(self, _: &mut Campaign, _: &Actor, _: &Context<'_>) -> Applied {
        self.note.into()
    }
}

/// Cancelling, with a reason: up to and including shipping; once execution starts, a
/// campaign runs to its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cancel {
    pub reason: String,
}

impl Act for Cancel {
    const KIND: ActionKind = ActionKind::Cancel;
    const WORDS: Words =
        Words { zh: "取消活动", en: "cancelled", done_zh: "活动已取消", done_en: "Campaign cancelled" };
    const STAGES: &'static [Stage] = &[
        Stage::Intake,
        Stage::Needs,
        Stage::Brainstorm,
        Stage::DraftPlan,
        Stage::Revisions,
        Stage::Approval,
        Stage::StoreConfirmation,
        Stage::Production,
        Stage::Shipping,
    ];
    const PER_STORE: bool = false;
    const REPEATABLE: bool = false;
    fn roles(_: CampaignType) -> &'static [Role] {
        &[Role::Planning, Role::Vp]
    }
    /// An exception, not the work a stage brings.
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
    fn check_input(&self, _: &Campaign, _: &Actor, _: &Context<'_>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        required_text("reason", &self.reason, NOTE_MAX_CHARS, &mut errors);
        errors
    }
    fn apply(self, c: &mut Campaign, _: &Actor, _: &Context<'_>) -> Applied {
        c.cancel_reason = Some(self.reason.clone());
        c.stage = Stage::Cancelled;
        self.reason.into()
    }
}
