//! The authorization matrix, as data: every role × every route, with the campaign in the
//! own store versus a foreign one. Each probe is built so that a permitted caller gets
//! past the permission check and then fails (or succeeds) harmlessly on its input, so the
//! status alone says whether the role was let through.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::api::{path, routes};
use tests::{World, spawn_app};

/// Columns: method | path (`{own}` = a campaign of the own store, `{s1}`/`{s2}` = the
/// stores) | body name | expected status per caller, `*` for everyone else.
const MATRIX: &str = "
GET    | /api/v1/users                                  | -            | admin:200 *:403
POST   | /api/v1/users                                  | bad_user     | admin:422 *:403
GET    | /api/v1/stores                                 | -            | *:200
POST   | /api/v1/stores                                 | bad_store    | admin:422 *:403
PUT    | /api/v1/stores/{s1}                            | bad_store    | admin:422 *:403
GET    | /api/v1/org                                    | -            | *:200
POST   | /api/v1/org/units                              | bad_unit     | admin:422 *:403
POST   | /api/v1/org/positions                          | bad_position | admin:422 *:403
POST   | /api/v1/org/people                             | bad_person   | admin:422 *:403
GET    | /api/v1/campaigns                              | -            | *:200
POST   | /api/v1/campaigns                              | bad_own_form | service_center:422 store_manager:422 planning:422 other_store_manager:403 *:403
GET    | /api/v1/campaigns/{own}                        | -            | other_store_manager:404 *:200
POST   | /api/v1/campaigns/{own}/actions/cancel         | empty_reason | planning:422 vp:422 other_store_manager:404 *:403
POST   | /api/v1/campaigns/{own}/actions/start_needs    | stale        | other_store_manager:404 *:409
GET    | /api/v1/calendar/2026                          | -            | *:200
PUT    | /api/v1/calendar/2027                          | bad_year     | admin:422 *:403
GET    | /api/v1/calendar/working-days?from=2026-03-02&add=10 | -      | *:200
GET    | /api/v1/kpi?from=2026-01&to=2026-03            | -            | store_manager:403 other_store_manager:403 service_center:403 market:403 *:200
GET    | /api/v1/exports/kpi.csv?from=2026-01&to=2026-03 | -           | store_manager:403 other_store_manager:403 service_center:403 market:403 *:200
GET    | /api/v1/exports/campaigns.csv                  | -            | *:200
";

const CALLERS: [&str; 12] = [
    "admin",
    "vp",
    "planning",
    "design",
    "video",
    "brand",
    "merchandise",
    "purchasing",
    "service_center",
    "market",
    "store_manager",
    "other_store_manager",
];

fn body(name: &str, world: &World) -> Value {
    match name {
        "bad_user" => json!({"login": "", "password": "x", "role": "vp"}),
        "bad_store" => json!({"version": 1, "value": {"id": 0, "code": "", "name": "", "province": "jilin",
            "city": "", "address": "", "manager": null, "opened_on": null, "status": "open"}}),
        "bad_unit" => json!({"value": {"id": 0, "name": "", "kind": "group", "parent": null, "goal": "",
            "responsibilities": [], "role": null}}),
        "bad_position" => json!({"value": {"id": 0, "title": "", "unit": 999999, "reports_to": null, "duties": [],
            "authorities": [], "key_indicators": []}}),
        "bad_person" => json!({"value": {"id": 0, "name": "", "contact": "", "positions": [], "stores_covered": [],
            "account": null}}),
        "bad_own_form" => json!({"kind": "store_specific", "title": "", "stores": [world.own_store],
            "starts_on": "2026-04-01", "ends_on": "2026-04-03"}),
        "empty_reason" => json!({"version": 1, "reason": " "}),
        "stale" => json!({"version": 999}),
        "bad_year" => json!({"year": 2028, "holidays": [], "make_up_workdays": []}),
        _ => Value::Null,
    }
}

fn expected(cell: &str, caller: &str) -> u16 {
    let mut fallback = 0;
    for entry in cell.split_whitespace() {
        let (who, status) = entry.split_once(':').unwrap_or(("*", "0"));
        let status: u16 = status.parse().unwrap_or(0);
        if who == caller {
            return status;
        }
        if who == "*" {
            fallback = status;
        }
    }
    fallback
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_gets_exactly_the_routes_it_owns() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let service = world.session(&app, "service_center").await?;
    let (status, created) = service
        .post(
            routes::CAMPAIGNS,
            &json!({"kind": "store_specific", "title": "矩阵测试", "stores": [world.own_store],
                "starts_on": "2026-04-01", "ends_on": "2026-04-03"}),
        )
        .await?;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let own = created["campaign"]["id"].as_u64().unwrap_or_default().to_string();
    let mut sessions = Vec::new();
    for caller in CALLERS {
        sessions.push((caller, world.session(&app, caller).await?));
    }
    let mut mismatches = Vec::new();
    let mut probes = 0;
    for line in MATRIX.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let method = Method::from_bytes(cols[0].as_bytes())?;
        let url_path = cols[1]
            .replace("{own}", &own)
            .replace("{s1}", &world.own_store.to_string())
            .replace("{s2}", &world.other_store.to_string());
        for (caller, session) in &sessions {
            let reply = if cols[2] == "-" {
                session.client.request(method.clone(), session.url(&url_path)).send().await?
            } else {
                session
                    .client
                    .request(method.clone(), session.url(&url_path))
                    .json(&body(cols[2], &world))
                    .send()
                    .await?
            };
            let want = expected(cols[3], caller);
            let got = reply.status().as_u16();
            if got != want {
                let text = reply.text().await.unwrap_or_default();
                mismatches.push(format!("{} {url_path} as {caller}: want {want}, got {got} {text}", cols[0]));
            }
            probes += 1;
        }
    }
    assert!(mismatches.is_empty(), "{} of {probes} probes differ:\n{}", mismatches.len(), mismatches.join("\n"));

    // Own versus foreign store, beyond status codes: lists are scoped (R5).
    let other = world.session(&app, "other_store_manager").await?;
    let (_, list) = other.get(routes::CAMPAIGNS).await?;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "a foreign store's campaign is not listed");
    let (_, stores) = other.get(routes::STORES).await?;
    assert_eq!(stores.as_array().map(Vec::len), Some(1), "a store manager sees their own store only");
    let (status, _) = other.get(&path(routes::CAMPAIGN, &["999999"])).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "a missing id looks exactly like a foreign one");
    Ok(())
}
