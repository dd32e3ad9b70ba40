//! The walking skeleton's video request form, now stored as video production campaigns.
//! Until accounts arrive (the HTTP API issue) requests are placed anonymously and the
//! typed store name is recorded as who placed the order.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use shared::api::{NewVideoRequest, VideoRequest, VideoRequestList, routes};
use shared::campaign::{Campaign, CampaignType, Needs};
use shared::ids::{CampaignId, PersonId, UserId};
use shared::intake::{NewCampaign, create_campaign};
use shared::org::{Actor, Coverage, Role};
use shared::video::ValidVideoRequest;
use shared::workflow::Context;

use crate::error::AppError;
use crate::extract::ApiJson;
use crate::state::AppState;
use crate::storage::{CampaignFilter, MAX_PAGE_SIZE};

pub fn router() -> Router<AppState> {
    Router::new().route(routes::VIDEO_REQUESTS, get(list).post(create))
}

fn to_dto(campaign: Campaign) -> VideoRequest {
    VideoRequest {
        id: campaign.id.0,
        title: campaign.title,
        store: campaign.placed_by_name,
        requested_on: campaign.requested_on.to_string(),
        due_on: campaign.due_on.map(|d| d.to_string()).unwrap_or_default(),
        notes: campaign.needs.wishes,
    }
}

#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>) -> Result<Json<VideoRequestList>, AppError> {
    let filter = CampaignFilter { kind: Some(CampaignType::VideoProduction), ..CampaignFilter::default() };
    let page = state.store.list_campaigns(&filter, None, MAX_PAGE_SIZE)?;
    Ok(Json(VideoRequestList { items: page.items.into_iter().map(to_dto).collect() }))
}

#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<NewVideoRequest>,
) -> Result<(StatusCode, Json<VideoRequest>), AppError> {
    let today = state.clock.today();
    let calendar = state.calendar();
    let valid = ValidVideoRequest::parse(&input, today, &calendar).map_err(AppError::Validation)?;
    let actor = Actor {
        user: UserId(0),
        person: PersonId(0),
        name: valid.store.clone(),
        role: Role::ServiceCenter,
        store: None,
    };
    let form = NewCampaign {
        due_on: valid.due_on.to_string(),
        title: valid.title,
        needs: Needs { wishes: valid.notes, ..Needs::default() },
        ..NewCampaign::empty(CampaignType::VideoProduction)
    };
    let ctx = Context { today, now_unix_ms: chrono::Utc::now().timestamp_millis(), calendar: &calendar };
    let id = CampaignId(state.store.next_id()?);
    let campaign = create_campaign(id, &form, &actor, &ctx, &Coverage::default(), &|_| false)?;
    state.store.insert_campaign(&campaign).await?;
    tracing::info!(id = campaign.id.0, "video request created");
    Ok((StatusCode::CREATED, Json(to_dto(campaign))))
}
