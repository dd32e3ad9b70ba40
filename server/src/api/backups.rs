//! The administrator's backups of the running server: the list with each backup's
//! verification and the last failure, and "back up now".

use axum::Router;
use axum::extract::State;
use shared::endpoints::{CreateBackup, ListBackups};
use shared::org::Role;

use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::backups::BackupError;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::StorageError;

pub fn router() -> Router<AppState> {
    let router = route::<ListBackups, _, _>(Router::new(), list);
    route::<CreateBackup, _, _>(router, create)
}

async fn list(State(state): State<AppState>, current: CurrentUser) -> Reply<ListBackups> {
    current.require(&[Role::Admin])?;
    reply::<ListBackups>(state.backups.list())
}

async fn create(State(state): State<AppState>, current: CurrentUser) -> Reply<CreateBackup> {
    current.require(&[Role::Admin])?;
    match state.backups.run_once(&state.store, chrono::Utc::now()).await {
        Ok(info) => reply::<CreateBackup>(info),
        // One at a time: the one being written answers for this request too.
        Err(BackupError::Busy) => Err(AppError::RequestInProgress),
        Err(BackupError::Failed(why)) if why.contains("No space") || why.contains("os error 28") => {
            Err(AppError::StorageFull)
        }
        Err(BackupError::Failed(why)) => Err(AppError::Storage(StorageError::Invalid(why))),
    }
}
