//! Every route against the OpenAPI document, and bad input on the write routes.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::api::{path, routes};
use tests::{World, spawn_app};

#[tokio::test]
async fn every_documented_route_answers_and_nothing_else_does() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let admin = app.admin().await?;
    let (status, document) = admin.get(routes::OPENAPI).await?;
    assert_eq!(status, StatusCode::OK);
    let paths = document["paths"].as_object().cloned().unwrap_or_default();
    let mut documented = 0;
    for (route, methods) in &paths {
        for method in methods.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
            let url = route.split('/').map(|s| if s.starts_with('{') { "1" } else { s }).collect::<Vec<_>>().join("/");
            let method = Method::from_bytes(method.to_uppercase().as_bytes())?;
            let response = admin.client.request(method.clone(), admin.url(&url)).json(&json!({})).send().await?;
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
            // An upload is a file; testing a robot, retrying a delivery and backing up take no body.
            && !["Upload", "TestWebhook", "RetryDelivery", "CreateBackup"].contains(&endpoint.name)
        {
            let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
            assert!(schema.is_object(), "{} has no request schema", endpoint.name);
        }
    }
    // Every path constant the client may call must be documented.
    for constant in routes::ALL {
        assert!(paths.contains_key(*constant), "{constant} is served but missing from the OpenAPI document");
    }
    // An unknown API path is answered by the fallback, as JSON.
    let response = admin.client.post(admin.url("/api/v1/nothing-here")).json(&json!({})).send().await?;
    assert!(response.headers().contains_key(server::FALLBACK_HEADER));
    assert_eq!(response.json::<Value>().await?["code"], "NOT_FOUND");
    Ok(())
}

#[tokio::test]
async fn bad_input_on_write_routes_names_the_field_and_the_rule() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let service = world.session(&app, "service_center").await?;

    let raw = |session: &tests::Session, method: Method, url: &str, body: &'static str| {
        session.client.request(method, session.url(url)).header("content-type", "application/json").body(body).send()
    };
    // Malformed JSON, also where the part that arrived would break a field rule.
    for (path, body) in [
        (routes::STORES, "{\"value\": "),
        (routes::SESSION, "{\"login\":\"a\",\"pass\""),
        (routes::CAMPAIGNS, "{\"kind\":\"store_specific\",\"titl\""),
    ] {
        let response = raw(&admin, Method::POST, path, body).await?;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path} {body}");
        assert_eq!(response.json::<Value>().await?["code"], "MALFORMED_JSON");
    }
    // Wrong type.
    let (status, body) = service.post(routes::CAMPAIGNS, &json!({"kind": "store_specific", "title": 5})).await?;
    assert_eq!((status, body["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("title")));
    assert_eq!(body["fields"][0]["code"], "WRONG_TYPE");
    // Unknown enum value and unknown field.
    let (status, body) = service.post(routes::CAMPAIGNS, &json!({"kind": "party", "title": "x"})).await?;
    assert_eq!((status, body["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")));
    let (status, body) =
        service.post(routes::CAMPAIGNS, &json!({"kind": "store_specific", "title": "x", "colour": "red"})).await?;
    assert_eq!((status, body["fields"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("UNKNOWN_FIELD")));
    // Missing field.
    let (status, body) = service.post(routes::CAMPAIGNS, &json!({"title": "x"})).await?;
    assert_eq!((status, body["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")));
    // A form that breaks several rules reports each field.
    let (status, body) = service
        .post(
            routes::CAMPAIGNS,
            &json!({"kind": "store_specific", "title": "", "stores": [world.own_store], "starts_on": "2026-02-01",
                "ends_on": "yesterday"}),
        )
        .await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        body["fields"].as_array().map(|f| f.iter().filter_map(|e| e["field"].as_str()).collect()).unwrap_or_default();
    assert_eq!(fields, vec!["title", "ends_on", "starts_on"]);
    // Oversize body.
    let huge = json!({"kind": "store_specific", "title": "长".repeat(40_000)});
    let (status, body) = service.post(routes::CAMPAIGNS, &huge).await?;
    assert_eq!((status, body["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("PAYLOAD_TOO_LARGE")));
    // Unknown ids.
    let (status, _) = admin.put(&path(routes::STORE, &["424242"]), &json!({"version": 1, "value": {}})).await?;
    assert!(status == StatusCode::NOT_FOUND || status == StatusCode::UNPROCESSABLE_ENTITY, "{status}");
    let (status, body) = service.get(&path(routes::CAMPAIGN, &["not-a-number"])).await?;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("NOT_FOUND")));
    // Bad query parameters are a 400 naming the parameter.
    let (status, body) = service.get(&format!("{}?stage=somewhere", routes::CAMPAIGNS)).await?;
    assert_eq!((status, body["fields"][0]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("stage")));
    // Stale versions: a store edited twice from the same version.
    let (_, stores) = admin.get(routes::STORES).await?;
    let first = stores[0].clone();
    let mut value = first["value"].clone();
    value["address"] = json!("新地址 1 号");
    let (status, _) = admin
        .put(&path(routes::STORE, &[&value["id"].to_string()]), &json!({"version": first["version"], "value": value}))
        .await?;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = admin
        .put(&path(routes::STORE, &[&value["id"].to_string()]), &json!({"version": first["version"], "value": value}))
        .await?;
    assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("STALE_VERSION")));
    // An upload that is not an image or PDF.
    let response = service.client.post(service.url(routes::ATTACHMENTS)).body("<html><script>").send().await?;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Wrong content type on a JSON route.
    let response = service
        .client
        .post(service.url(routes::CAMPAIGNS))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(app.metric("http_responses_errors_total{class=\"5xx\"}").await?, 0, "no client mistake is a 5xx");
    Ok(())
}
