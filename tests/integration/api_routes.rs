//! Every route against the OpenAPI document, and bad input on the write routes.

use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use shared::api::{ApiError, StoreQuery, Write, routes};
use shared::campaign::CampaignType;
use shared::endpoints::{CreateCampaign, GetCampaign, ListStores, OpenApi, UpdateStore, url};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::messages::RuleCode;
use tests::{Who, World, spawn_app};

#[tokio::test]
async fn every_documented_route_answers_and_nothing_else_does() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let admin = app.admin().await?;
    // The document is JSON Schema and OpenAPI, read as JSON.
    let document = admin.ok::<OpenApi>(&[], &(), &()).await?.0;
    let paths = document["paths"].as_object().cloned().unwrap_or_default();
    let mut documented = 0;
    for (route, methods) in &paths {
        for method in methods.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
            let url = route.split('/').map(|s| if s.starts_with('{') { "1" } else { s }).collect::<Vec<_>>().join("/");
            let method = Method::from_bytes(method.to_uppercase().as_bytes())?;
            // An empty object, whatever the route takes: the probe only has to be routed.
            let request = admin.client.request(method.clone(), admin.url(&url));
            let response = request.header(CONTENT_TYPE, "application/json").body("{}").send().await?;
            assert!(
                !response.headers().contains_key(server::FALLBACK_HEADER)
                    && response.status() != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {route} is documented but not served ({})",
                response.status()
            );
            documented += 1;
        }
    }
    assert_eq!(documented, shared::endpoints::ENDPOINTS.len());
    // Every JSON body is described: no client has to guess a field.
    for endpoint in shared::endpoints::ENDPOINTS {
        let operation = &paths[endpoint.path][endpoint.method.as_str().to_lowercase()];
        assert!(operation["responses"][endpoint.status.to_string()].is_object(), "{} answers", endpoint.name);
        if matches!(endpoint.method, shared::endpoints::Method::Post | shared::endpoints::Method::Put)
            // An upload is a file, and so is a calendar's .ics; testing a robot, retrying a
            // delivery and backing up take no body.
            && !["Upload", "ImportCalendarIcs", "TestWebhook", "RetryDelivery", "CreateBackup"].contains(&endpoint.name)
        {
            let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
            assert!(schema.is_object(), "{} has no request schema", endpoint.name);
        }
    }
    // The .ics import says what it takes: a file, as every generator sends one, and the
    // calendar's own media types beside it.
    let ics = &paths[shared::api::routes::CALENDAR_YEAR_ICS]["put"]["requestBody"];
    assert!(ics["content"]["application/octet-stream"].is_object(), "the .ics import documents its body: {ics}");
    assert!(
        ics["x-media-types"].as_array().is_some_and(|types| types.iter().any(|t| t == "text/calendar")),
        "the .ics import names text/calendar: {ics}"
    );
    // Every path constant the client may call must be documented.
    for constant in routes::ALL {
        assert!(paths.contains_key(*constant), "{constant} is served but missing from the OpenAPI document");
    }
    // An unknown API path is answered by the fallback, as JSON.
    let response = admin
        .client
        .post(admin.url("/api/v1/nothing-here"))
        .header(CONTENT_TYPE, "application/json")
        .body("{}")
        .send()
        .await?;
    assert!(response.headers().contains_key(server::FALLBACK_HEADER));
    assert_eq!(response.json::<ApiError>().await?.code, RuleCode::NotFound);
    Ok(())
}

#[tokio::test]
async fn bad_input_on_write_routes_names_the_field_and_the_rule() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let service = world.session(&app, Who::ServiceCenter).await?;

    // What no `shared` value serializes to is sent as raw JSON text, on purpose.
    // Malformed JSON, also where the part that arrived would break a field rule.
    for (path, body) in [
        (routes::STORES, "{\"value\": "),
        (routes::SESSION, "{\"login\":\"a\",\"pass\""),
        (routes::CAMPAIGNS, "{\"kind\":\"store_specific\",\"titl\""),
    ] {
        let (status, error) = admin.send_raw(Method::POST, path, body).await?;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {body}");
        assert_eq!(error.map(|e| e.code), Some(RuleCode::MalformedJson));
    }
    let campaigns = url::<CreateCampaign>(&[], &());
    let first_field =
        |error: &Option<ApiError>| error.as_ref().and_then(|e| e.fields.first()).map(|f| (f.field.clone(), f.code));
    // Wrong type.
    let (status, error) =
        service.send_raw(Method::POST, &campaigns, r#"{"kind": "store_specific", "title": 5}"#).await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(first_field(&error), Some(("title".into(), RuleCode::WrongType)));
    // Unknown enum value and unknown field.
    let (status, error) = service.send_raw(Method::POST, &campaigns, r#"{"kind": "party", "title": "x"}"#).await?;
    assert_eq!((status, first_field(&error).map(|f| f.0)), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind".into())));
    let (status, error) = service
        .send_raw(Method::POST, &campaigns, r#"{"kind": "store_specific", "title": "x", "colour": "red"}"#)
        .await?;
    assert_eq!(
        (status, first_field(&error).map(|f| f.1)),
        (StatusCode::UNPROCESSABLE_ENTITY, Some(RuleCode::UnknownField))
    );
    // Missing field.
    let (status, error) = service.send_raw(Method::POST, &campaigns, r#"{"title": "x"}"#).await?;
    assert_eq!((status, first_field(&error).map(|f| f.0)), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind".into())));
    // A form that breaks several rules reports each field.
    let form = NewCampaign {
        title: String::new(),
        stores: vec![StoreId(world.own_store)],
        starts_on: "2026-02-01".into(),
        ends_on: "yesterday".into(),
        ..NewCampaign::empty(CampaignType::StoreSpecific)
    };
    let refused = service.refused::<CreateCampaign>(&[], &(), &form).await?;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = refused.error.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, vec!["title", "ends_on", "starts_on"]);
    // Oversize body.
    let huge = NewCampaign { title: "长".repeat(40_000), ..NewCampaign::empty(CampaignType::StoreSpecific) };
    let refused = service.refused::<CreateCampaign>(&[], &(), &huge).await?;
    assert_eq!((refused.status, refused.error.code), (StatusCode::PAYLOAD_TOO_LARGE, RuleCode::PayloadTooLarge));
    // Unknown ids (with an empty value: the id is looked at first or the value is refused).
    let (status, _) =
        admin.send_raw(Method::PUT, &url::<UpdateStore>(&["424242"], &()), r#"{"version": 1, "value": {}}"#).await?;
    assert!(status == StatusCode::NOT_FOUND || status == StatusCode::UNPROCESSABLE_ENTITY, "{status}");
    let refused = service.refused::<GetCampaign>(&["not-a-number"], &(), &()).await?;
    assert_eq!((refused.status, refused.error.code), (StatusCode::NOT_FOUND, RuleCode::NotFound));
    // Bad query parameters are a 400 naming the parameter.
    let (status, error) = service.send_raw(Method::GET, &format!("{}?stage=somewhere", routes::CAMPAIGNS), "").await?;
    assert_eq!((status, first_field(&error).map(|f| f.0)), (StatusCode::BAD_REQUEST, Some("stage".into())));
    // Stale versions: a store edited twice from the same version.
    let stores = admin.ok::<ListStores>(&[], &StoreQuery::default(), &()).await?;
    let first = stores.first().cloned().ok_or_else(|| anyhow::anyhow!("no store"))?;
    let mut value = first.value.clone();
    value.address = "新地址 1 号".into();
    let id = value.id.to_string();
    let edit = Write { version: first.version, value };
    admin.ok::<UpdateStore>(&[&id], &(), &edit).await?;
    let refused = admin.refused::<UpdateStore>(&[&id], &(), &edit).await?;
    assert_eq!((refused.status, refused.error.code), (StatusCode::CONFLICT, RuleCode::StaleVersion));
    // An upload that is not an image or PDF.
    let refused = service.try_upload(b"<html><script>".to_vec(), None).await?.expect_err("refused");
    assert_eq!(refused.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Wrong content type on a JSON route.
    let response =
        service.client.post(service.url(&campaigns)).header(CONTENT_TYPE, "text/plain").body("{}").send().await?;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(app.metric("http_responses_errors_total{class=\"5xx\"}").await?, 0, "no client mistake is a 5xx");
    Ok(())
}
