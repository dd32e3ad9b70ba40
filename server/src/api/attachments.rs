//! Attachments: upload a file as the raw request body (design drafts, photos, PDFs; its
//! type is judged by its bytes, never by the claimed type), and download one. A store
//! manager may download only files they uploaded or that belong to their store's
//! campaigns, so ids cannot be used to browse other stores' files.
//!
//! An upload's room is reserved before its body is read (`crate::uploads`), and the body
//! streams to disk; a download streams from disk. Neither holds a file in memory.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use shared::api::{AttachmentView, FILE_NAME_HEADER, FILE_NAME_HEADER_MAX_CHARS, FILE_NAME_MAX_CHARS};
use shared::endpoints::{Download, GetThumbnail, Upload};
use shared::ids::AttachmentId;
use shared::messages::{FieldError, Message};
use shared::view::CampaignView;

use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::attachments::{MAX_ATTACHMENT_BYTES, NewAttachment, sniff_content_type};
use crate::storage::{AttachmentMeta, StorageError};
use crate::thumbnails::{THUMBNAIL_EDGE_PX, ThumbnailError};

pub fn router() -> Router<AppState> {
    let router = route::<Upload, _, _>(Router::new(), upload);
    let router = route::<Download, _, _>(router, download);
    route::<GetThumbnail, _, _>(router, thumbnail)
}

fn view(meta: AttachmentMeta) -> AttachmentView {
    AttachmentView {
        id: meta.id,
        file_name: meta.file_name,
        content_type: meta.content_type,
        size_bytes: meta.size_bytes,
        sha256: meta.sha256_hex,
    }
}

/// The file name from `X-File-Name` (percent-encoded UTF-8), cleaned of path parts.
fn file_name(headers: &HeaderMap) -> String {
    let raw = headers.get(FILE_NAME_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("file");
    let decoded: String =
        form_urlencoded::parse(format!("n={raw}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default();
    let name = decoded.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    // No control characters or text-direction overrides (a name that displays as
    // `photo.jpg` but reads `gpj.exe`), no quotes for the Content-Disposition header.
    let name: String = shared::text::strip_forbidden(name, shared::text::Lines::One)
        .chars()
        .filter(|c| *c != '"')
        .take(FILE_NAME_MAX_CHARS)
        .collect();
    let name = name.trim();
    if name.is_empty() { "file".into() } else { name.to_owned() }
}

/// An `X-File-Name` longer than the document allows ([`FILE_NAME_HEADER_MAX_CHARS`] as
/// sent) is refused, not cut: the name is the person's, and a cut one would not be it.
fn file_name_too_long(headers: &HeaderMap) -> Option<AppError> {
    let sent = headers.get(FILE_NAME_HEADER)?.as_bytes().len();
    (sent > FILE_NAME_HEADER_MAX_CHARS).then(|| {
        AppError::BadRequest(vec![FieldError::new(
            "X-File-Name",
            &Message::TooLong { max_chars: FILE_NAME_HEADER_MAX_CHARS },
        )])
    })
}

/// The size the client declares (`Content-Length`), if any.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok())
}

/// Bodies of refused uploads being read and thrown away at once (see [`refuse`]).
const DISCARDS_AT_ONCE: usize = 64;
static DISCARDS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(DISCARDS_AT_ONCE);

/// Refuses an upload before its body was read. The body is still read and thrown away in
/// the background (a chunk at a time, at most the largest file, for at most a minute, a
/// few dozen at once), so that the client, still sending, reads the refusal instead of a
/// reset connection that a tablet would take for a network failure and send again.
fn refuse(body: Body, declared: Option<u64>, error: AppError) -> AppError {
    use futures_util::StreamExt as _;
    let max = MAX_ATTACHMENT_BYTES as u64;
    if declared.is_some_and(|n| n > max) {
        return error;
    }
    if let Ok(permit) = DISCARDS.try_acquire() {
        let mut stream = body.into_data_stream();
        tokio::spawn(async move {
            let _permit = permit;
            let mut read = 0u64;
            let drained = async {
                while let Some(Ok(chunk)) = stream.next().await {
                    read = read.saturating_add(chunk.len() as u64);
                    if read > max {
                        break;
                    }
                }
            };
            let _ = tokio::time::timeout(std::time::Duration::from_secs(60), drained).await;
        });
    }
    error
}

async fn upload(State(state): State<AppState>, current: CurrentUser, headers: HeaderMap, body: Body) -> Reply<Upload> {
    use futures_util::StreamExt as _;
    let max = MAX_ATTACHMENT_BYTES as u64;
    let declared = declared_length(&headers);
    if declared.is_some_and(|n| n > max) {
        return Err(refuse(body, declared, AppError::PayloadTooLarge { max_bytes: MAX_ATTACHMENT_BYTES }));
    }
    if let Some(error) = file_name_too_long(&headers) {
        return Err(refuse(body, declared, error));
    }
    if declared == Some(0) {
        return Err(AppError::Validation(vec![FieldError::new("body", &Message::Required)]));
    }
    // The room is reserved before a byte is read: the declared size, or the largest file.
    let today = state.clock.today();
    let reservation =
        match state.uploads.reserve(state.store.data_dir(), current.user.id, declared.unwrap_or(max), today) {
            Ok(reservation) => reservation,
            Err(error) => return Err(refuse(body, declared, error)),
        };
    let mut incoming = state.store.incoming().await?;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| AppError::Validation(vec![FieldError::new("body", &Message::Required)]))?;
        if incoming.size().saturating_add(chunk.len() as u64) > reservation.bytes() {
            return Err(AppError::PayloadTooLarge { max_bytes: MAX_ATTACHMENT_BYTES });
        }
        incoming.write(&chunk).await?;
        // Refused as soon as its first bytes show it is not a file we keep.
        if incoming.head().len() >= 12 && sniff_content_type(incoming.head()).is_none() {
            return Err(AppError::UploadType);
        }
    }
    if incoming.size() == 0 {
        return Err(AppError::Validation(vec![FieldError::new("body", &Message::Required)]));
    }
    let content_type = sniff_content_type(incoming.head()).ok_or(AppError::UploadType)?;
    let size = incoming.size();
    let meta = state
        .store
        .commit_incoming(
            incoming,
            NewAttachment {
                content_type: content_type.to_owned(),
                file_name: file_name(&headers),
                uploaded_by: current.user.id,
                created_at_unix_ms: state.now_unix_ms(),
            },
        )
        .await?;
    reservation.record(size, today);
    reply::<Upload>(view(meta))
}

/// An attachment the user may read: one they uploaded, or one that a campaign refers to
/// and that their view of that campaign shows (`shared::view`). Anything else is 404,
/// whatever the id. The campaigns referring to a file come from an index, not a scan.
fn readable(state: &AppState, current: &CurrentUser, id: &str) -> Result<AttachmentMeta, AppError> {
    let id = AttachmentId(id.parse().map_err(|_| AppError::NotFound)?);
    let meta = state.store.attachment(id)?.ok_or(AppError::NotFound)?;
    if meta.uploaded_by == current.user.id {
        return Ok(meta);
    }
    for campaign in state.store.campaigns_referencing(id)? {
        let Some(campaign) = state.store.get_campaign(campaign)? else { continue };
        if CampaignView::for_actor(&campaign, &current.actor).is_some_and(|view| view.shows_file(id)) {
            return Ok(meta);
        }
    }
    Err(AppError::NotFound)
}

/// A file's validator: its content hash (the bytes never change under an id).
fn etag(meta: &AttachmentMeta, suffix: &str) -> String {
    format!("\"{}{suffix}\"", meta.sha256_hex)
}

/// A file's bytes as a body read from disk a chunk at a time.
fn file_body(file: tokio::fs::File) -> Body {
    const CHUNK_BYTES: usize = 64 * 1024;
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        use tokio::io::AsyncReadExt as _;
        let mut file = file?;
        let mut buffer = vec![0u8; CHUNK_BYTES];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(n) => {
                buffer.truncate(n);
                Some((Ok::<_, std::io::Error>(axum::body::Bytes::from(buffer)), Some(file)))
            }
            Err(error) => Some((Err(error), None)),
        }
    });
    Body::from_stream(chunks)
}

/// Whether the client already holds this version (`If-None-Match`).
fn not_modified(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|candidate| candidate.trim() == tag || candidate.trim() == "*")
}

/// Files are private and revalidated on every use (`no-cache` with an ETag): a browser
/// keeps its copy, but asks first, so a logout or a revoked view takes effect at once.
const FILE_CACHE_CONTROL: &str = "private, no-cache";

fn cached_file(
    headers: &HeaderMap,
    tag: String,
    content_type: String,
    extra: Option<String>,
    body: impl Into<Body>,
) -> Response {
    if not_modified(headers, &tag) {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, tag), (header::CACHE_CONTROL, FILE_CACHE_CONTROL.to_owned())],
        )
            .into_response();
    }
    let mut response = (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, FILE_CACHE_CONTROL.to_owned()),
            (header::ETAG, tag),
        ],
        body.into(),
    )
        .into_response();
    if let Some(disposition) = extra.and_then(|d| axum::http::HeaderValue::from_str(&d).ok()) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}

async fn download(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let meta = readable(&state, &current, &id)?;
    let tag = etag(&meta, "");
    if not_modified(&headers, &tag) {
        return Ok(cached_file(&headers, tag, String::new(), None, Vec::new()));
    }
    let path = state.store.attachment_path(&meta);
    let file = tokio::fs::File::open(&path).await.map_err(|e| AppError::Storage(e.into()))?;
    let disposition = format!(
        "inline; filename*=UTF-8''{}",
        form_urlencoded::byte_serialize(meta.file_name.as_bytes()).collect::<String>()
    );
    let mut response = cached_file(&headers, tag, meta.content_type, Some(disposition), file_body(file));
    if let Ok(length) = axum::http::HeaderValue::from_str(&meta.size_bytes.to_string()) {
        response.headers_mut().insert(header::CONTENT_LENGTH, length);
    }
    Ok(response)
}

async fn thumbnail(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let meta = readable(&state, &current, &id)?;
    if !meta.content_type.starts_with("image/") {
        return Err(AppError::ImageUnusable);
    }
    let tag = etag(&meta, &format!("-{THUMBNAIL_EDGE_PX}"));
    if not_modified(&headers, &tag) {
        return Ok(cached_file(&headers, tag, String::new(), None, Vec::new()));
    }
    let cached = state.store.thumbnail_path(&meta, THUMBNAIL_EDGE_PX);
    let bytes = match state.thumbnails.get(state.store.attachment_path(&meta), cached).await {
        Ok(bytes) => bytes,
        Err(ThumbnailError::Busy) => return Err(AppError::Busy { retry_after_s: 2 }),
        Err(ThumbnailError::Unusable(detail)) => {
            tracing::info!(attachment = meta.id.0, detail = ?detail, "no thumbnail");
            return Err(AppError::ImageUnusable);
        }
        Err(ThumbnailError::Io(detail)) => return Err(AppError::Storage(StorageError::Io(detail))),
    };
    Ok(cached_file(&headers, tag, "image/jpeg".to_owned(), None, bytes.to_vec()))
}
