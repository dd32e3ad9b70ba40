//! Attachments: upload a file as the raw request body (design drafts, photos, PDFs; its
//! type is judged by its bytes, never by the claimed type), and download one. A store
//! manager may download only files they uploaded or that belong to their store's
//! campaigns, so ids cannot be used to browse other stores' files.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use shared::api::{AttachmentView, routes};
use shared::ids::AttachmentId;
use shared::messages::{FieldError, Message};
use shared::view::CampaignView;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::storage::AttachmentMeta;
use crate::storage::attachments::{MAX_ATTACHMENT_BYTES, NewAttachment, sniff_content_type};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(routes::ATTACHMENTS, post(upload).layer(DefaultBodyLimit::max(MAX_ATTACHMENT_BYTES)))
        .route(routes::ATTACHMENT, get(download))
        .route(routes::ATTACHMENT_THUMBNAIL, get(thumbnail))
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
    let raw = headers.get("x-file-name").and_then(|v| v.to_str().ok()).unwrap_or("file");
    let decoded: String =
        form_urlencoded::parse(format!("n={raw}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default();
    let name = decoded.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    // No control characters or text-direction overrides (a name that displays as
    // `photo.jpg` but reads `gpj.exe`), no quotes for the Content-Disposition header.
    let name: String =
        shared::text::strip_forbidden(name, shared::text::Lines::One).chars().filter(|c| *c != '"').take(120).collect();
    let name = name.trim();
    if name.is_empty() { "file".into() } else { name.to_owned() }
}

async fn upload(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<AttachmentView>), AppError> {
    if body.is_empty() {
        return Err(AppError::Validation(vec![FieldError::new("body", &Message::Required)]));
    }
    let content_type = sniff_content_type(&body).ok_or(AppError::UnsupportedMediaType)?;
    let meta = state
        .store
        .put_attachment(
            body.to_vec(),
            NewAttachment {
                content_type: content_type.to_owned(),
                file_name: file_name(&headers),
                uploaded_by: current.user.id,
                created_at_unix_ms: state.now_unix_ms(),
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(view(meta))))
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

async fn download(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let meta = readable(&state, &current, &id)?;
    let path = state.store.attachment_path(&meta);
    let bytes = tokio::fs::read(&path).await.map_err(|e| AppError::Storage(e.into()))?;
    let disposition = format!(
        "inline; filename*=UTF-8''{}",
        form_urlencoded::byte_serialize(meta.file_name.as_bytes()).collect::<String>()
    );
    Ok((
        [
            (header::CONTENT_TYPE, meta.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, max-age=31536000, immutable".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// The longest edge of a thumbnail: a tablet shows a grid of them, full size on tap.
pub const THUMBNAIL_EDGE_PX: u32 = 480;
/// Images larger than this are refused rather than decoded (decompression bombs).
const DECODE_MAX_PIXELS_EDGE: u32 = 12_000;
const DECODE_MAX_ALLOC_BYTES: u64 = 512 * 1024 * 1024;
/// Thumbnails made at once: each decode can take a few hundred megabytes.
static THUMBNAILING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

fn make_thumbnail(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut reader =
        image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(DECODE_MAX_PIXELS_EDGE);
    limits.max_image_height = Some(DECODE_MAX_PIXELS_EDGE);
    limits.max_alloc = Some(DECODE_MAX_ALLOC_BYTES);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| e.to_string())?;
    let small = image.thumbnail(THUMBNAIL_EDGE_PX, THUMBNAIL_EDGE_PX).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&small).map_err(|e| e.to_string())?;
    Ok(out)
}

async fn thumbnail(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let meta = readable(&state, &current, &id)?;
    if !meta.content_type.starts_with("image/") {
        return Err(AppError::UnsupportedMediaType);
    }
    let cached = state.store.thumbnail_path(&meta, THUMBNAIL_EDGE_PX);
    let bytes = match tokio::fs::read(&cached).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let _permit = THUMBNAILING.acquire().await.map_err(|_| AppError::Timeout)?;
            let source = state.store.attachment_path(&meta);
            let made = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
                let original = std::fs::read(&source).map_err(|e| e.to_string())?;
                let small = make_thumbnail(&original)?;
                if let Some(parent) = cached.parent() {
                    // A cache: losing it costs only a new thumbnail, so no fsync.
                    let _ = std::fs::create_dir_all(parent);
                    let tmp = cached.with_extension("part");
                    if std::fs::write(&tmp, &small).is_ok() {
                        let _ = std::fs::rename(&tmp, &cached);
                    }
                }
                Ok(small)
            })
            .await
            .map_err(|e| AppError::Storage(crate::storage::StorageError::Io(e.to_string())))?;
            match made {
                Ok(bytes) => bytes,
                Err(detail) => {
                    tracing::warn!(attachment = meta.id.0, %detail, "no thumbnail");
                    return Err(AppError::UnsupportedMediaType);
                }
            }
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg".to_owned()),
            (header::CACHE_CONTROL, "private, max-age=31536000, immutable".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
