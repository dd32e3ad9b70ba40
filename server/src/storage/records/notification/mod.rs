//! A notification for one account (`notifications`, key user id, notification id): the
//! stored envelope, its frozen versions (version 1 moved here from `v1/notices.rs`,
//! version 2 from `v5.rs`; bytes unchanged) and their conversions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::campaign;
use shared::campaign::Stage;
use shared::ids::{CampaignId, StoreId, UserId};
use shared::notify::{Notification, Reason};

use super::super::v1::StageV1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredNotification {
    V1(NotificationV1),
    V2(NotificationV2),
}

/// The version this build writes.
pub type Latest = NotificationV2;

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
