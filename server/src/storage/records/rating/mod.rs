//! A rating (`ratings`, key year × 100 + month, campaign id, store id), kept apart by
//! month for the KPI report (R7): the stored envelope, its record and its codec. The
//! rating's body is still in `v1`.

use serde::{Deserialize, Serialize};
use shared::campaign::Rating;
use shared::ids::CampaignId;

use super::super::StorageError;
use super::super::codec::{decode, encode_checked};
use super::super::v1::RatingV1;

/// A rating, with the id of its campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingRecordV1 {
    pub campaign: u64,
    pub rating: RatingV1,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredRating {
    V1(RatingRecordV1),
}

/// The version this build writes.
pub type Latest = RatingRecordV1;

/// A campaign's rating as this build stores it.
pub fn encode(campaign: CampaignId, rating: &Rating) -> Result<Vec<u8>, StorageError> {
    encode_checked(&StoredRating::V1(Latest { campaign: campaign.0, rating: RatingV1::from(rating) }))
}

/// A stored rating and its campaign.
pub fn decode_rating(bytes: &[u8]) -> Result<(CampaignId, Rating), StorageError> {
    let StoredRating::V1(RatingRecordV1 { campaign, rating }) = decode(bytes)?;
    Ok((CampaignId(campaign), Rating::from(rating)))
}
