//! The authorization matrix, as data: every route the server serves (the endpoint table,
//! `shared::endpoints::ENDPOINTS`, so that a new route cannot be left out) × every role and an
//! anonymous caller, with campaigns and files of the own store versus a foreign one. Each
//! probe is built so that a permitted caller gets past the permission check and then
//! fails (or succeeds) harmlessly on its input, so the status alone says whether the role
//! was let through.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::api::{CampaignDetail, UserView, path, routes};
use shared::ids::StoreId;
use shared::workflow::Action;
use shared::workflow::{CompleteNeeds, RecordBrainstorm, SavePlan, StartNeeds, SubmitDraft, UploadProof};
use tests::{Session, World, png, spawn_app};

/// Columns: method | path | body name | expected status per caller, `*` for every role
/// not named. An anonymous caller gets 401 unless the row names `anonymous`.
/// Placeholders: `{own}`/`{foreign}` a campaign of the own/the other store, `{s1}` the own
/// store, `{u}` an account, `{draft}` a design draft in the own campaign (center only),
/// `{mine}` a file the planner uploaded and nothing refers to. The session is ended last.
const MATRIX: &str = "
GET    | /healthz                                       | -               | anonymous:200 *:200
GET    | /metrics                                       | -               | anonymous:200 *:200
GET    | /api/openapi.json                              | -               | anonymous:200 *:200
GET    | /api/v1/today                                  | -               | anonymous:200 *:200
GET    | /api/v1/session                                | -               | *:200
POST   | /api/v1/session                                | bad_login       | anonymous:422 *:422
GET    | /api/v1/users                                  | -               | admin:200 *:403
POST   | /api/v1/users                                  | bad_user        | admin:422 *:403
PUT    | /api/v1/users/{u}                              | bad_user_update | admin:422 *:403
POST   | /api/v1/users/{u}/password                     | short_password  | admin:422 *:403
GET    | /api/v1/stores                                 | -               | *:200
POST   | /api/v1/stores                                 | bad_store       | admin:422 *:403
PUT    | /api/v1/stores/{s1}                            | bad_store       | admin:422 *:403
GET    | /api/v1/org                                    | -               | *:200
POST   | /api/v1/org/units                              | bad_unit        | admin:422 *:403
PUT    | /api/v1/org/units/999999                       | bad_unit        | admin:404 *:403
POST   | /api/v1/org/positions                          | bad_position    | admin:422 *:403
PUT    | /api/v1/org/positions/999999                   | bad_position    | admin:404 *:403
POST   | /api/v1/org/people                             | bad_person      | admin:422 *:403
PUT    | /api/v1/org/people/999999                      | bad_person      | admin:404 *:403
GET    | /api/v1/campaigns                              | -               | *:200
POST   | /api/v1/campaigns                              | bad_own_form    | service_center:422 store_manager:422 planning:422 *:403
GET    | /api/v1/campaigns/{own}                        | -               | other_store_manager:404 *:200
GET    | /api/v1/campaigns/{foreign}                    | -               | store_manager:404 *:200
POST   | /api/v1/campaigns/{own}/actions/cancel         | empty_reason    | planning:422 vp:422 other_store_manager:404 *:403
POST   | /api/v1/campaigns/{foreign}/actions/cancel     | empty_reason_f  | planning:422 vp:422 store_manager:404 *:403
POST   | /api/v1/campaigns/{own}/actions/start_needs    | stale           | other_store_manager:404 *:409
GET    | /api/v1/calendar/2026                          | -               | *:200
PUT    | /api/v1/calendar/2027                          | bad_year        | admin:422 *:403
GET    | /api/v1/calendar/working-days?from=2026-03-02&add=10 | -         | *:200
GET    | /api/v1/kpi?from=2026-01&to=2026-03            | -               | store_manager:403 other_store_manager:403 service_center:403 market:403 *:200
GET    | /api/v1/exports/kpi.csv?from=2026-01&to=2026-03 | -              | store_manager:403 other_store_manager:403 service_center:403 market:403 *:200
GET    | /api/v1/exports/kpi.xlsx?from=2026-01&to=2026-03 | -             | store_manager:403 other_store_manager:403 service_center:403 market:403 *:200
GET    | /api/v1/exports/campaigns.csv                  | -               | *:200
GET    | /api/v1/exports/campaigns.xlsx                 | -               | *:200
POST   | /api/v1/attachments                            | png             | *:201
GET    | /api/v1/attachments/{draft}                    | -               | store_manager:404 other_store_manager:404 *:200
GET    | /api/v1/attachments/{draft}/thumbnail          | -               | store_manager:404 other_store_manager:404 *:200
GET    | /api/v1/attachments/{mine}                     | -               | planning:200 *:404
GET    | /api/v1/attachments/{mine}/thumbnail           | -               | planning:200 *:404
GET    | /api/v1/notifications                          | -               | *:200
POST   | /api/v1/notifications/read                     | mark_none       | *:200
GET    | /api/v1/events                                 | -               | *:200
GET    | /api/v1/webhooks                               | -               | admin:200 *:403
POST   | /api/v1/webhooks                               | bad_robot       | admin:422 *:403
PUT    | /api/v1/webhooks/999999                        | bad_robot       | admin:404 *:403
DELETE | /api/v1/webhooks/999999                        | -               | admin:404 *:403
POST   | /api/v1/webhooks/999999/test                   | -               | admin:404 *:403
GET    | /api/v1/deliveries                             | -               | admin:200 *:403
POST   | /api/v1/deliveries/999999/retry                | -               | admin:404 *:403
GET    | /api/v1/backups                                | -               | admin:200 *:403
POST   | /api/v1/backups                                | -               | admin:201 *:403
DELETE | /api/v1/session                                | -               | *:204
";

const CALLERS: [&str; 13] = [
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
    "anonymous",
];

/// The ids the placeholders stand for, and the campaigns' versions.
struct Fixture {
    own: u64,
    own_version: u64,
    foreign: u64,
    foreign_version: u64,
    user: u64,
    draft: u64,
    mine: u64,
}

fn body(name: &str, world: &World, fixture: &Fixture) -> Value {
    match name {
        "bad_login" => json!({"login": 5, "password": "x"}),
        "bad_user" => json!({"login": "", "password": "x", "role": "vp"}),
        "bad_user_update" => {
            json!({"version": 1, "role": "store_manager", "store": null, "disabled": false, "lang": "zh-CN"})
        }
        "short_password" => json!({"password": "x"}),
        "bad_store" => json!({"version": 1, "value": {"id": 0, "code": "", "name": "", "province": "jilin",
            "city": "", "address": "", "manager": null, "opened_on": null, "status": "open"}}),
        "bad_unit" => json!({"version": 1, "value": {"id": 0, "name": "", "kind": "group", "parent": null, "goal": "",
            "responsibilities": [], "role": null}}),
        "bad_position" => json!({"version": 1, "value": {"id": 0, "title": "", "unit": 999999, "reports_to": null,
            "duties": [], "authorities": [], "key_indicators": []}}),
        "bad_person" => json!({"version": 1, "value": {"id": 0, "name": "", "contact": "", "positions": [],
            "stores_covered": [], "account": null}}),
        "bad_own_form" => json!({"kind": "store_specific", "title": "", "stores": [world.own_store],
            "starts_on": "2026-04-01", "ends_on": "2026-04-03"}),
        "empty_reason" => json!({"version": fixture.own_version, "action": {"type": "cancel", "reason": " "}}),
        "empty_reason_f" => json!({"version": fixture.foreign_version, "action": {"type": "cancel", "reason": " "}}),
        "stale" => json!({"version": 999, "action": {"type": "start_needs"}}),
        "bad_year" => json!({"year": 2028, "holidays": [], "make_up_workdays": []}),
        "mark_none" => json!({"ids": []}),
        "bad_robot" => json!({"name": "", "kind": "wecom", "scope": {"type": "department", "role": "planning"},
            "url": "ftp://example.com/x", "enabled": true}),
        _ => Value::Null,
    }
}

fn expected(cell: &str, caller: &str) -> u16 {
    let mut fallback = if caller == "anonymous" { 401 } else { 0 };
    for entry in cell.split_whitespace() {
        let (who, status) = entry.split_once(':').unwrap_or(("*", "0"));
        let status: u16 = status.parse().unwrap_or(0);
        if who == caller {
            return status;
        }
        if who == "*" && caller != "anonymous" {
            fallback = status;
        }
    }
    fallback
}

/// The route template a probed path exercises: the one matching it with the most
/// literal segments (so `/calendar/working-days` is not taken for `/calendar/{year}`).
fn template_of(method: &str, probed: &str) -> Option<(&'static str, &'static str)> {
    let probed: Vec<&str> = probed.split('?').next().unwrap_or_default().split('/').collect();
    shared::endpoints::ENDPOINTS
        .iter()
        .filter(|route| route.method.as_str().eq_ignore_ascii_case(method))
        .filter_map(|route| {
            let template: Vec<&str> = route.path.split('/').collect();
            if template.len() != probed.len() {
                return None;
            }
            let mut literal = 0;
            for (t, p) in template.iter().zip(&probed) {
                if t.starts_with('{') {
                    continue;
                }
                if t != p {
                    return None;
                }
                literal += 1;
            }
            Some((literal, route.method.as_str(), route.path))
        })
        .max_by_key(|(literal, _, _)| *literal)
        .map(|(_, method, path)| (method, path))
}

#[test]
fn the_matrix_probes_every_route_the_server_serves() {
    let probed: Vec<(&str, &str)> = MATRIX
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('|').map(str::trim).collect();
            template_of(cols[0], cols[1])
        })
        .collect();
    let missing: Vec<String> = shared::endpoints::ENDPOINTS
        .iter()
        .filter(|route| !probed.contains(&(route.method.as_str(), route.path)))
        .map(|route| format!("{} {}", route.method.as_str(), route.path))
        .collect();
    assert!(missing.is_empty(), "routes the authorization matrix does not probe: {missing:?}");
}

async fn fixture(app: &tests::TestApp, world: &World) -> anyhow::Result<Fixture> {
    let service = world.session(app, "service_center").await?;
    let planner = world.session(app, "planning").await?;
    let design = world.session(app, "design").await?;
    let mut ids = Vec::new();
    for (store, title) in [(world.own_store, "矩阵测试"), (world.other_store, "外店活动")] {
        let (status, created) = service
            .post(
                routes::CAMPAIGNS,
                &json!({"kind": "store_specific", "title": title, "stores": [store],
                    "starts_on": "2026-04-01", "ends_on": "2026-04-03"}),
            )
            .await?;
        anyhow::ensure!(status == StatusCode::CREATED, "{created}");
        ids.push(serde_json::from_value::<shared::api::CampaignDetail>(created.clone())?.campaign.id.0);
    }
    let own = ids[0];
    // The own campaign has a design draft in its first proof round: the center's file.
    for action in [
        Action::StartNeeds(StartNeeds {}),
        Action::CompleteNeeds(CompleteNeeds {}),
        Action::RecordBrainstorm(RecordBrainstorm {
            brainstorm: shared::campaign::Brainstorm { notes: "开业".into(), attendees: vec![] },
        }),
        Action::SavePlan(SavePlan { plan: shared::plan::PlanDocument::default(), note: String::new() }),
        Action::SubmitDraft(SubmitDraft {}),
    ] {
        planner.perform_ok(own, &action).await?;
    }
    let draft = design.upload(png(20, 20, [1, 2, 3]), "draft.png").await?.id;
    let detail = design.perform_ok(own, &Action::UploadProof(UploadProof { files: vec![draft] })).await?;
    let mine = planner.upload(png(20, 20, [3, 2, 1]), "mine.png").await?.id;
    let foreign: CampaignDetail = planner.fetch(&path(routes::CAMPAIGN, &[&ids[1].to_string()])).await?;
    let admin = app.admin().await?;
    let users: Vec<UserView> = admin.fetch(routes::USERS).await?;
    let user = users.iter().find(|u| u.login == world.login_of("market")).map(|u| u.id.0).unwrap_or_default();
    Ok(Fixture {
        own,
        own_version: detail.campaign.version,
        foreign: ids[1],
        foreign_version: foreign.campaign.version,
        user,
        draft: draft.0,
        mine: mine.0,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_gets_exactly_the_routes_it_owns() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let fixture = fixture(&app, &world).await?;
    let mut sessions: Vec<(&str, Session)> = Vec::new();
    for caller in CALLERS {
        let session = if caller == "anonymous" { app.anonymous()? } else { world.session(&app, caller).await? };
        sessions.push((caller, session));
    }
    let mut mismatches = Vec::new();
    let mut probes = 0;
    for line in MATRIX.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let method = Method::from_bytes(cols[0].as_bytes())?;
        let url_path = cols[1]
            .replace("{own}", &fixture.own.to_string())
            .replace("{foreign}", &fixture.foreign.to_string())
            .replace("{s1}", &world.own_store.to_string())
            .replace("{u}", &fixture.user.to_string())
            .replace("{draft}", &fixture.draft.to_string())
            .replace("{mine}", &fixture.mine.to_string());
        for (caller, session) in &sessions {
            let request = session.client.request(method.clone(), session.url(&url_path));
            let request = match cols[2] {
                "-" => request,
                "png" => request.header("x-file-name", "matrix.png").body(png(8, 8, [9, 9, 9])),
                name => request.json(&body(name, &world, &fixture)),
            };
            let reply = request.send().await?;
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
    let list: shared::api::CampaignList = other.fetch(routes::CAMPAIGNS).await?;
    assert_eq!(list.items.iter().map(|c| c.id.0).collect::<Vec<_>>(), vec![fixture.foreign]);
    let stores: Vec<shared::api::Record<shared::org::Store>> = other.fetch(routes::STORES).await?;
    assert_eq!(stores.iter().map(|s| s.value.id).collect::<Vec<_>>(), vec![StoreId(world.other_store)]);
    let (status, _) = other.get(&path(routes::CAMPAIGN, &["999999"])).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "a missing id looks exactly like a foreign one");
    Ok(())
}
