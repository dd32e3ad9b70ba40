//! Version 1 of notifications, group-chat robots and their deliveries (first stored at
//! schema 3).

use shared::campaign::Stage;
use shared::notify::{Notification, Reason};

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReasonV1 {
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
}

/// Only tests write version 1 now; a reason it cannot hold (an uploaded proof) is written
/// as the new work it asks for.
impl From<&Reason> for ReasonV1 {
    fn from(value: &Reason) -> Self {
        match value {
            Reason::ProofUploaded { .. } => ReasonV1::NewWork { stage: StageV1::DraftPlan },
            Reason::NewWork { stage } => ReasonV1::NewWork { stage: StageV1::from(stage) },
            Reason::ApprovalNeeded => ReasonV1::ApprovalNeeded,
            Reason::StoreToConfirm => ReasonV1::StoreToConfirm,
            Reason::StoreToReceive => ReasonV1::StoreToReceive,
            Reason::StoreToRate => ReasonV1::StoreToRate,
            Reason::SentBack { comment } => ReasonV1::SentBack { comment: comment.clone() },
            Reason::ChangesRequested { store, comment } => {
                ReasonV1::ChangesRequested { store: store.0, comment: comment.clone() }
            }
            Reason::Reminder { from, note } => ReasonV1::Reminder { from: from.clone(), note: note.clone() },
            Reason::ProofDecided { round, passed } => ReasonV1::ProofDecided { round: *round, passed: *passed },
            Reason::DeadlineAtRisk { due, working_days_left } => {
                ReasonV1::DeadlineAtRisk { due: *due, working_days_left: *working_days_left }
            }
        }
    }
}

impl From<ReasonV1> for Reason {
    fn from(value: ReasonV1) -> Self {
        match value {
            ReasonV1::NewWork { stage } => Reason::NewWork { stage: Stage::from(stage) },
            ReasonV1::ApprovalNeeded => Reason::ApprovalNeeded,
            ReasonV1::StoreToConfirm => Reason::StoreToConfirm,
            ReasonV1::StoreToReceive => Reason::StoreToReceive,
            ReasonV1::StoreToRate => Reason::StoreToRate,
            ReasonV1::SentBack { comment } => Reason::SentBack { comment },
            ReasonV1::ChangesRequested { store, comment } => {
                Reason::ChangesRequested { store: StoreId(store), comment }
            }
            ReasonV1::Reminder { from, note } => Reason::Reminder { from, note },
            ReasonV1::ProofDecided { round, passed } => Reason::ProofDecided { round, passed },
            ReasonV1::DeadlineAtRisk { due, working_days_left } => Reason::DeadlineAtRisk { due, working_days_left },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationV1 {
    pub id: u64,
    pub user: u64,
    pub campaign: u64,
    pub campaign_title: String,
    pub reason: ReasonV1,
    pub at_unix_ms: i64,
    pub read: bool,
}

impl NotificationV1 {
    pub fn of(user: UserId, n: &Notification) -> Self {
        let Notification { id, campaign, campaign_title, reason, at_unix_ms, read } = n;
        NotificationV1 {
            id: *id,
            user: user.0,
            campaign: campaign.0,
            campaign_title: campaign_title.clone(),
            reason: ReasonV1::from(reason),
            at_unix_ms: *at_unix_ms,
            read: *read,
        }
    }
}

impl From<NotificationV1> for (UserId, Notification) {
    fn from(value: NotificationV1) -> Self {
        let NotificationV1 { id, user, campaign, campaign_title, reason, at_unix_ms, read } = value;
        (
            UserId(user),
            Notification {
                id,
                campaign: CampaignId(campaign),
                campaign_title,
                reason: reason.into(),
                at_unix_ms,
                read,
            },
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RobotKindV1 {
    WeCom,
    DingTalk,
    Feishu,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RobotScopeV1 {
    Department(RoleV1),
    Region(ProvinceV1),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookV1 {
    pub id: u64,
    pub name: String,
    pub kind: RobotKindV1,
    pub scope: RobotScopeV1,
    pub url: String,
    pub secret: String,
    pub enabled: bool,
    pub created_at_unix_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryV1 {
    pub id: u64,
    pub webhook: u64,
    pub title: String,
    pub text: String,
    pub link: String,
    pub attempts: u32,
    pub next_at_unix_ms: i64,
    pub last_error: String,
    pub parked: bool,
    pub created_at_unix_ms: i64,
}
