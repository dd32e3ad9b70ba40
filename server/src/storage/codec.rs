//! Encoding of stored values and keys. Values are bincode 2.0.1 with the standard
//! configuration (the configuration is part of the on-disk format: never change it);
//! keys are big-endian so that sled's byte order is numeric order.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StorageError;

const fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// The largest record any decode will allocate for. A damaged length prefix must be an
/// error, not an attempt to allocate exabytes; the limit does not change the bytes.
const DECODE_LIMIT_BYTES: usize = 64 * 1024 * 1024;

const fn decode_config() -> bincode::config::Configuration<
    bincode::config::LittleEndian,
    bincode::config::Varint,
    bincode::config::Limit<DECODE_LIMIT_BYTES>,
> {
    bincode::config::standard().with_limit::<DECODE_LIMIT_BYTES>()
}

/// Encodes a value through its serde implementation.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StorageError> {
    bincode::serde::encode_to_vec(value, config()).map_err(|e| StorageError::Encode(e.to_string()))
}

/// Decodes a value, refusing trailing bytes (a sign of a torn or foreign record).
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, StorageError> {
    let (value, read) =
        bincode::serde::decode_from_slice(bytes, decode_config()).map_err(|e| StorageError::Decode(e.to_string()))?;
    if read != bytes.len() {
        return Err(StorageError::Decode(format!("{} trailing bytes", bytes.len() - read)));
    }
    Ok(value)
}

/// Encodes, and in debug builds checks that decoding gives the value back.
pub fn encode_checked<T: Serialize + DeserializeOwned + PartialEq>(value: &T) -> Result<Vec<u8>, StorageError> {
    let bytes = encode(value)?;
    debug_assert!(decode::<T>(&bytes).is_ok_and(|back| back == *value), "encode/decode round trip");
    Ok(bytes)
}

pub fn id_key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

pub fn pair_key(a: u64, b: u64) -> [u8; 16] {
    let mut key = [0u8; 16];
    key[..8].copy_from_slice(&a.to_be_bytes());
    key[8..].copy_from_slice(&b.to_be_bytes());
    key
}

pub fn id_seq_key(id: u64, seq: u32) -> [u8; 12] {
    let mut key = [0u8; 12];
    key[..8].copy_from_slice(&id.to_be_bytes());
    key[8..].copy_from_slice(&seq.to_be_bytes());
    key
}

/// A signed day number as bytes that sort in numeric order.
pub fn day_bytes(days: i32) -> [u8; 4] {
    ((days as u32) ^ 0x8000_0000).to_be_bytes()
}

/// The trailing campaign id of an index key.
pub fn trailing_id(key: &[u8]) -> Result<u64, StorageError> {
    let tail: [u8; 8] = key
        .len()
        .checked_sub(8)
        .and_then(|start| key[start..].try_into().ok())
        .ok_or_else(|| StorageError::Decode(format!("index key of {} bytes", key.len())))?;
    Ok(u64::from_be_bytes(tail))
}

pub fn read_u64(bytes: &[u8]) -> Result<u64, StorageError> {
    let array: [u8; 8] = bytes.try_into().map_err(|_| StorageError::Decode("expected 8 bytes".into()))?;
    Ok(u64::from_be_bytes(array))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_bytes_sort_like_the_days() {
        let mut days = [-5, 739_000, 0, -739_000, 1, i32::MAX, i32::MIN];
        let mut bytes: Vec<_> = days.iter().map(|d| day_bytes(*d)).collect();
        days.sort_unstable();
        bytes.sort_unstable();
        assert_eq!(bytes, days.iter().map(|d| day_bytes(*d)).collect::<Vec<_>>());
    }

    #[test]
    fn trailing_ids_come_back() {
        assert_eq!(trailing_id(&pair_key(3, 77)).ok(), Some(77));
        assert!(trailing_id(&[1, 2]).is_err());
    }
}
