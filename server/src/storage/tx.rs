//! Helpers for sled transactions, below every module that writes one.

use sled::transaction::ConflictableTransactionError;

use super::StorageError;

/// The error a transaction's closure returns.
pub type TxError = ConflictableTransactionError<StorageError>;

/// Ends a transaction with `error`, which the caller gets back as it is.
pub fn abort(error: StorageError) -> TxError {
    ConflictableTransactionError::Abort(error)
}
