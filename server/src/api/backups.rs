//! The administrator's backups of the running server: the list with each backup's
//! verification and the last failure, "back up now", and a backup downloaded as one
//! self-contained file (streamed as it is assembled: a region's photos never sit in
//! memory).

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use shared::endpoints::{CreateBackup, DownloadBackup, ListBackups};
use shared::org::Role;

use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::backups::BackupError;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::StorageError;

pub fn router() -> Router<AppState> {
    let router = route::<ListBackups, _, _>(Router::new(), list);
    let router = route::<DownloadBackup, _, _>(router, download);
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

/// Bytes written by the blocking backup reader, sent on in chunks of at most
/// [`CHUNK_BYTES`] to the response body. At most [`CHANNEL_CHUNKS`] chunks wait for the
/// reader, so a download holds about `(CHANNEL_CHUNKS + 2) × CHUNK_BYTES` whatever the
/// size of its photos. A download abandoned halfway, or whose reader takes nothing for
/// [`STALL`], stops the writer (the send fails) and frees its place.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<axum::body::Bytes, std::io::Error>>,
    buffer: Vec<u8>,
    runtime: tokio::runtime::Handle,
}

const CHUNK_BYTES: usize = crate::storage::backup::COPY_CHUNK_BYTES;
const CHANNEL_CHUNKS: usize = 4;
/// How long a download may take nothing before it is given up.
const STALL: std::time::Duration = std::time::Duration::from_secs(60);

impl std::io::Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let room = CHUNK_BYTES - self.buffer.len();
        let taken = data.len().min(room);
        self.buffer.extend_from_slice(&data[..taken]);
        if self.buffer.len() >= CHUNK_BYTES {
            self.flush()?;
        }
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = axum::body::Bytes::from(std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK_BYTES)));
        let sent = self.runtime.block_on(tokio::time::timeout(STALL, self.tx.send(Ok(chunk))));
        match sent {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the download was abandoned")),
            Err(_) => Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "the download's reader stalled")),
        }
    }
}

async fn download(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    current.require(&[Role::Admin])?;
    let path = state.backups.path_of(&name).ok_or(AppError::NotFound)?;
    // A place among the downloads running now, held until the last byte is written (or
    // the download is abandoned): refused at once when there is none.
    let place = state.backups.downloads.enter(current.user.id)?;
    // Checked before the first byte goes out, so a damaged backup is a clear error, not a
    // truncated download.
    let checked = path.clone();
    tokio::task::spawn_blocking(move || crate::storage::backup::verify(&checked))
        .await
        .map_err(|e| AppError::Storage(StorageError::Io(e.to_string())))??;
    let (tx, mut rx) = tokio::sync::mpsc::channel(CHANNEL_CHUNKS);
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let _place = place;
        let failed = tx.clone();
        let mut writer = ChannelWriter { tx, buffer: Vec::with_capacity(CHUNK_BYTES), runtime };
        if let Err(error) = crate::storage::backup::write_self_contained(&path, &mut writer) {
            tracing::warn!(%error, "a backup download stopped");
            let _ = failed.try_send(Err(std::io::Error::other(error.to_string())));
        }
    });
    let body = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    let file_name = name.replace(".cdbk", "-full.cdbk");
    Response::builder()
        .header(axum::http::header::CONTENT_TYPE, "application/octet-stream")
        .header(axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\""))
        .header(axum::http::header::CACHE_CONTROL, "no-store")
        .body(axum::body::Body::from_stream(body))
        .map_err(|e| AppError::Storage(StorageError::Io(e.to_string())))
}
