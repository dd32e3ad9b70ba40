//! A group-chat robot (`webhooks`, key id): the stored envelope, its frozen version
//! (moved here from `v1/notices.rs`, bytes unchanged) and its conversions.

use serde::{Deserialize, Serialize};
use shared::api::{RobotKind, RobotScope};

use super::super::own::Webhook;
use super::super::v1::{ProvinceV1, RoleV1};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredWebhook {
    V1(WebhookV1),
}

/// The version this build writes.
pub type Latest = WebhookV1;

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

impl From<&Webhook> for WebhookV1 {
    fn from(w: &Webhook) -> Self {
        let Webhook { id, name, kind, scope, url, secret, enabled, created_at_unix_ms } = w;
        WebhookV1 {
            id: *id,
            name: name.clone(),
            kind: match kind {
                RobotKind::WeCom => RobotKindV1::WeCom,
                RobotKind::DingTalk => RobotKindV1::DingTalk,
                RobotKind::Feishu => RobotKindV1::Feishu,
            },
            scope: match scope {
                RobotScope::Department { role } => RobotScopeV1::Department(RoleV1::from(role)),
                RobotScope::Region { province } => RobotScopeV1::Region(ProvinceV1::from(province)),
            },
            url: url.clone(),
            secret: secret.clone(),
            enabled: *enabled,
            created_at_unix_ms: *created_at_unix_ms,
        }
    }
}

impl From<WebhookV1> for Webhook {
    fn from(w: WebhookV1) -> Self {
        let WebhookV1 { id, name, kind, scope, url, secret, enabled, created_at_unix_ms } = w;
        Webhook {
            id,
            name,
            kind: match kind {
                RobotKindV1::WeCom => RobotKind::WeCom,
                RobotKindV1::DingTalk => RobotKind::DingTalk,
                RobotKindV1::Feishu => RobotKind::Feishu,
            },
            scope: match scope {
                RobotScopeV1::Department(role) => RobotScope::Department { role: role.into() },
                RobotScopeV1::Region(province) => RobotScope::Region { province: province.into() },
            },
            url,
            secret,
            enabled,
            created_at_unix_ms,
        }
    }
}
