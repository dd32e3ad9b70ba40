//! A message waiting for a robot (`deliveries`, key id: the durable outbox): the stored
//! envelope, its frozen version (moved here from `v1/notices.rs`, bytes unchanged) and its
//! conversions.

use serde::{Deserialize, Serialize};

use super::super::own::Delivery;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredDelivery {
    V1(DeliveryV1),
}

/// The version this build writes.
pub type Latest = DeliveryV1;

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

impl From<&Delivery> for DeliveryV1 {
    fn from(d: &Delivery) -> Self {
        let Delivery {
            id,
            webhook,
            title,
            text,
            link,
            attempts,
            next_at_unix_ms,
            last_error,
            parked,
            created_at_unix_ms,
        } = d;
        DeliveryV1 {
            id: *id,
            webhook: *webhook,
            title: title.clone(),
            text: text.clone(),
            link: link.clone(),
            attempts: *attempts,
            next_at_unix_ms: *next_at_unix_ms,
            last_error: last_error.clone(),
            parked: *parked,
            created_at_unix_ms: *created_at_unix_ms,
        }
    }
}

impl From<DeliveryV1> for Delivery {
    fn from(d: DeliveryV1) -> Self {
        let DeliveryV1 {
            id,
            webhook,
            title,
            text,
            link,
            attempts,
            next_at_unix_ms,
            last_error,
            parked,
            created_at_unix_ms,
        } = d;
        Delivery { id, webhook, title, text, link, attempts, next_at_unix_ms, last_error, parked, created_at_unix_ms }
    }
}
