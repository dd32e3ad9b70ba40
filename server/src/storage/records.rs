//! The stored forms of records: append-only versioned envelopes encoded with bincode
//! 2.0.1. A variant, once released, is frozen: new fields mean a new variant and an
//! upgrade from the old one, never an edit (bincode stores no field names).

use bincode::{Decode, Encode};
use chrono::NaiveDate;

use super::StorageError;

/// bincode's configuration is part of the on-disk format: never change it.
const fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

pub fn encode<T: Encode>(value: &T) -> Result<Vec<u8>, StorageError> {
    bincode::encode_to_vec(value, config()).map_err(|e| StorageError::Encode(e.to_string()))
}

pub fn decode<T: Decode<()>>(bytes: &[u8]) -> Result<T, StorageError> {
    let (value, read) = bincode::decode_from_slice(bytes, config()).map_err(|e| StorageError::Decode(e.to_string()))?;
    if read != bytes.len() {
        return Err(StorageError::Decode(format!("{} trailing bytes", bytes.len() - read)));
    }
    Ok(value)
}

/// Days since 0001-01-01 (chrono's "days from CE"): a date in four bytes.
pub fn date_to_days(date: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date)
}

pub fn days_to_date(days: i32) -> Result<NaiveDate, StorageError> {
    NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| StorageError::Decode(format!("day {days} out of range")))
}

/// A video/photo production request as stored.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub enum StoredVideoRequest {
    V1(VideoRequestV1),
}

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct VideoRequestV1 {
    pub id: u64,
    pub title: String,
    pub store: String,
    pub requested_on_days: i32,
    pub due_on_days: i32,
    pub notes: String,
    pub created_at_unix_ms: i64,
}

impl StoredVideoRequest {
    /// The newest shape of the record, upgrading older variants.
    pub fn into_latest(self) -> VideoRequestV1 {
        match self {
            StoredVideoRequest::V1(v1) => v1,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn sample_v1() -> StoredVideoRequest {
        StoredVideoRequest::V1(VideoRequestV1 {
            id: 7,
            title: "春季新品短片".into(),
            store: "鸡西店".into(),
            requested_on_days: date_to_days(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()),
            due_on_days: date_to_days(NaiveDate::from_ymd_opt(2026, 3, 16).unwrap()),
            notes: "门店开业视频".into(),
            created_at_unix_ms: 1_772_400_000_000,
        })
    }

    /// The bytes version 1 wrote. If this test fails, the on-disk format changed: add a
    /// new variant instead of editing V1.
    const GOLDEN_V1: &[u8] = include_bytes!("fixtures/video_request_v1.bin");

    #[test]
    fn video_request_v1_golden_bytes_still_decode() {
        let decoded: StoredVideoRequest = decode(GOLDEN_V1).unwrap();
        assert_eq!(decoded, sample_v1());
        assert_eq!(encode(&sample_v1()).unwrap(), GOLDEN_V1);
    }

    #[test]
    fn trailing_bytes_are_refused() {
        let mut bytes = encode(&sample_v1()).unwrap();
        bytes.push(0);
        assert!(decode::<StoredVideoRequest>(&bytes).is_err());
    }

    #[test]
    fn dates_round_trip_through_days() {
        let day = NaiveDate::from_ymd_opt(2026, 2, 14).unwrap();
        assert_eq!(days_to_date(date_to_days(day)).unwrap(), day);
    }
}
