//! Video/photo production requests: create (checked by `shared`'s R1) and list.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use shared::api::{NewVideoRequest, VideoRequest, VideoRequestList, routes};
use shared::video::ValidVideoRequest;

use crate::error::AppError;
use crate::extract::ApiJson;
use crate::state::AppState;
use crate::storage::{MAX_PAGE_SIZE, NewVideoRequestRecord, VideoRequestRecord};

pub fn router() -> Router<AppState> {
    Router::new().route(routes::VIDEO_REQUESTS, get(list).post(create))
}

fn to_dto(record: VideoRequestRecord) -> VideoRequest {
    VideoRequest {
        id: record.id,
        title: record.title,
        store: record.store,
        requested_on: record.requested_on.to_string(),
        due_on: record.due_on.to_string(),
        notes: record.notes,
    }
}

#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>) -> Result<Json<VideoRequestList>, AppError> {
    let items = state.store.list_video_requests(MAX_PAGE_SIZE)?;
    Ok(Json(VideoRequestList { items: items.into_iter().map(to_dto).collect() }))
}

#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<NewVideoRequest>,
) -> Result<(StatusCode, Json<VideoRequest>), AppError> {
    let today = state.clock.today();
    let valid = ValidVideoRequest::parse(&input, today, &state.calendar).map_err(AppError::Validation)?;
    let record = state
        .store
        .insert_video_request(NewVideoRequestRecord {
            title: valid.title,
            store: valid.store,
            requested_on: today,
            due_on: valid.due_on,
            notes: valid.notes,
            created_at_unix_ms: chrono::Utc::now().timestamp_millis(),
        })
        .await?;
    tracing::info!(id = record.id, "video request created");
    Ok((StatusCode::CREATED, Json(to_dto(record))))
}
