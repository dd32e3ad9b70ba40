//! Calls to the server's JSON API, on the route paths that `shared::api::routes` fixes.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use shared::api::{ApiError, NewVideoRequest, Today, VideoRequest, VideoRequestList, routes};

/// Why a call failed: the server's own error body, or no usable answer at all.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    Api(ApiError),
    Network,
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, CallError> {
    if response.ok() {
        response.json::<T>().await.map_err(|_| CallError::Network)
    } else {
        match response.json::<ApiError>().await {
            Ok(error) => Err(CallError::Api(error)),
            Err(_) => Err(CallError::Network),
        }
    }
}

pub async fn today() -> Result<Today, CallError> {
    let response = Request::get(routes::TODAY).send().await.map_err(|_| CallError::Network)?;
    decode(response).await
}

pub async fn list_video_requests() -> Result<VideoRequestList, CallError> {
    let response = Request::get(routes::VIDEO_REQUESTS).send().await.map_err(|_| CallError::Network)?;
    decode(response).await
}

pub async fn create_video_request(input: &NewVideoRequest) -> Result<VideoRequest, CallError> {
    let response = Request::post(routes::VIDEO_REQUESTS)
        .json(input)
        .map_err(|_| CallError::Network)?
        .send()
        .await
        .map_err(|_| CallError::Network)?;
    decode(response).await
}
