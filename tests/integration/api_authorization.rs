//! The authorization matrix, as data: every route the server serves (the endpoint table,
//! `shared::endpoints::ENDPOINTS`, so that a new route cannot be left out) × every role and an
//! anonymous caller, with campaigns and files of the own store versus a foreign one. Each
//! probe is built so that a permitted caller gets past the permission check and then
//! fails (or succeeds) harmlessly on its input, so the status alone says whether the role
//! was let through.

use reqwest::{Method, StatusCode};
use shared::api::{
    ActionRequest, CampaignQuery, MarkRead, NewUser, PasswordReset, RobotKind, RobotScope, StoreQuery, UserUpdate,
    WebhookInput, Write,
};
use shared::calendar::YearCalendar;
use shared::campaign::CampaignType;
use shared::endpoints::{
    CreateCampaign, ENDPOINTS, Endpoint, EndpointInfo, EndpointVisitor, GetCampaign, ListCampaigns, ListStores,
    ListUsers, Payload, visit_endpoints,
};
use shared::ids::{OrgUnitId, PersonId, PositionId, StoreId};
use shared::intake::NewCampaign;
use shared::org::{OrgUnit, OrgUnitKind, Person, Position, Province, Role, Store, StoreStatus};
use shared::workflow::Action;
use shared::workflow::{Cancel, CompleteNeeds, RecordBrainstorm, SavePlan, StartNeeds, SubmitDraft, UploadProof};
use tests::{Session, Who, World, png, spawn_app};

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
POST   | /api/v1/campaigns/{own}/actions/start_needs    | stale           | planning:409 other_store_manager:404 *:403
GET    | /api/v1/calendar/2026                          | -               | *:200
PUT    | /api/v1/calendar/2027                          | bad_year        | admin:422 *:403
PUT    | /api/v1/calendar/2027/ics                      | ics             | admin:422 *:403
GET    | /api/v1/calendar/working-days?from=2026-03-02&add=10 | -         | *:200
GET    | /api/v1/schedule/templates                     | -               | *:200
PUT    | /api/v1/schedule/templates/store_opening       | bad_template    | admin:422 *:403
GET    | /api/v1/kpi?from=2026-01&to=2026-03            | -               | store_manager:403 other_store_manager:403 service_center:403 market:403 *:200
GET    | /api/v1/exports/kpi.csv?from=2026-01&to=2026-03 | -              | store_manager:403 other_store_manager:403 service_center:403 market:403 *:200
GET    | /api/v1/exports/kpi.xlsx?from=2026-01&to=2026-03 | -             | store_manager:403 other_store_manager:403 service_center:403 market:403 *:200
GET    | /api/v1/costs?from=2026-01&to=2026-03          | -               | vp:200 admin:200 purchasing:200 *:403
GET    | /api/v1/exports/costs.csv?from=2026-01&to=2026-03 | -             | vp:200 admin:200 purchasing:200 *:403
GET    | /api/v1/exports/costs.xlsx?from=2026-01&to=2026-03 | -            | vp:200 admin:200 purchasing:200 *:403
GET    | /api/v1/suppliers                              | -               | store_manager:403 other_store_manager:403 *:200
POST   | /api/v1/suppliers                              | bad_supplier    | admin:422 purchasing:422 *:403
PUT    | /api/v1/suppliers/999999                       | bad_supplier    | admin:404 purchasing:404 *:403
GET    | /api/v1/settings/money                         | -               | store_manager:403 other_store_manager:403 *:200
PUT    | /api/v1/settings/money                         | bad_settings    | admin:422 *:403
GET    | /api/v1/changes                                | -               | admin:200 *:403
GET    | /api/v1/feed-readers                           | -               | admin:200 *:403
POST   | /api/v1/feed-readers                           | bad_reader      | admin:422 *:403
PUT    | /api/v1/feed-readers/999999                    | bad_reader      | admin:404 *:403
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
GET    | /api/v1/backups/none.cdbk/file                 | -               | admin:404 *:403
POST   | /api/v1/backups                                | -               | admin:201 *:403
DELETE | /api/v1/session                                | -               | *:204
";

/// Who makes a probe: nobody logged in, or one of the world's accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    Account(Who),
}

impl std::fmt::Display for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Caller::Anonymous => f.write_str("anonymous"),
            Caller::Account(who) => f.write_str(who.name()),
        }
    }
}

const CALLERS: [Caller; 13] = [
    Caller::Account(Who::Admin),
    Caller::Account(Who::Vp),
    Caller::Account(Who::Planning),
    Caller::Account(Who::Design),
    Caller::Account(Who::Video),
    Caller::Account(Who::Brand),
    Caller::Account(Who::Merchandise),
    Caller::Account(Who::Purchasing),
    Caller::Account(Who::ServiceCenter),
    Caller::Account(Who::Market),
    Caller::Account(Who::StoreManager),
    Caller::Account(Who::OtherStoreManager),
    Caller::Anonymous,
];

/// A name in a row of the matrix: a caller, or `*` (every account the row does not name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Caller(Caller),
    EveryAccount,
}

impl Named {
    /// `*`, `anonymous` or a [`Who::name`]; anything else fails the test, naming it.
    fn parse(name: &str) -> anyhow::Result<Named> {
        Ok(match name {
            "*" => Named::EveryAccount,
            "anonymous" => Named::Caller(Caller::Anonymous),
            name => Named::Caller(Caller::Account(Who::parse(name)?)),
        })
    }
}

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

/// The JSON text of a row's body: a `shared` value that the endpoint's permitted callers
/// get past the permission check with and then are refused for (or accepted with)
/// harmlessly.
fn body(name: &str, world: &World, fixture: &Fixture) -> anyhow::Result<String> {
    /// An org record written at version 1.
    fn write<T: serde::Serialize>(value: T) -> anyhow::Result<String> {
        Ok(serde_json::to_string(&Write { version: 1, value })?)
    }
    let cancel = |version: u64| ActionRequest { version, action: Action::Cancel(Cancel { reason: " ".into() }) };
    Ok(match name {
        // A login of the wrong type: refused before any password is checked, so thirteen
        // callers probing the route do not throttle the address (no `shared` type can
        // carry a number where the login goes).
        "bad_login" => r#"{"login": 5, "password": "x"}"#.to_owned(),
        "bad_user" => serde_json::to_string(&NewUser {
            login: String::new(),
            password: "x".into(),
            role: Role::Vp,
            person: None,
            name: String::new(),
            store: None,
        })?,
        "bad_user_update" => serde_json::to_string(&UserUpdate {
            version: 1,
            role: Role::StoreManager,
            store: None,
            disabled: false,
            lang: shared::Lang::Zh,
        })?,
        "short_password" => serde_json::to_string(&PasswordReset { password: "x".into() })?,
        "bad_store" => write(Store {
            id: StoreId(0),
            code: String::new(),
            name: String::new(),
            province: Province::Jilin,
            city: String::new(),
            address: String::new(),
            manager: None,
            opened_on: None,
            status: StoreStatus::Open,
        })?,
        "bad_unit" => write(OrgUnit {
            id: OrgUnitId(0),
            name: String::new(),
            kind: OrgUnitKind::Group,
            parent: None,
            goal: String::new(),
            responsibilities: vec![],
            role: None,
        })?,
        "bad_position" => write(Position {
            id: PositionId(0),
            title: String::new(),
            unit: OrgUnitId(999_999),
            reports_to: None,
            duties: vec![],
            authorities: vec![],
            key_indicators: vec![],
        })?,
        "bad_person" => write(Person {
            id: PersonId(0),
            name: String::new(),
            contact: String::new(),
            positions: vec![],
            stores_covered: vec![],
            account: None,
        })?,
        "bad_own_form" => serde_json::to_string(&NewCampaign {
            title: String::new(),
            stores: vec![StoreId(world.own_store)],
            starts_on: "2026-04-01".into(),
            ends_on: "2026-04-03".into(),
            ..NewCampaign::empty(CampaignType::StoreSpecific)
        })?,
        "empty_reason" => serde_json::to_string(&cancel(fixture.own_version))?,
        "empty_reason_f" => serde_json::to_string(&cancel(fixture.foreign_version))?,
        "stale" => serde_json::to_string(&ActionRequest { version: 999, action: Action::StartNeeds(StartNeeds {}) })?,
        "bad_year" => serde_json::to_string(&YearCalendar {
            year: 2028,
            source: String::new(),
            holidays: vec![],
            make_up_workdays: vec![],
            provisional: false,
        })?,
        "bad_template" => serde_json::to_string(&shared::schedule::Template {
            lead_working_days: shared::schedule::LEAD_WORKING_DAYS_MAX + 1,
            ..shared::schedule::Template::default_for(CampaignType::StoreOpening)
        })?,
        "mark_none" => serde_json::to_string(&MarkRead::default())?,
        "bad_reader" => serde_json::to_string(&Write {
            version: 1,
            value: shared::feed::FeedReader { id: 0, name: " ".into(), retired: false },
        })?,
        "bad_supplier" => serde_json::to_string(&Write {
            version: 1,
            value: shared::costs::Supplier {
                id: shared::ids::SupplierId(0),
                name: "  ".into(),
                kind: shared::costs::SupplierKind::Printing,
                contact: String::new(),
                notes: String::new(),
                active: true,
            },
        })?,
        "bad_settings" => serde_json::to_string(&shared::costs::MoneySettings { tolerance_percent: 101 })?,
        "bad_robot" => serde_json::to_string(&WebhookInput {
            name: String::new(),
            kind: RobotKind::WeCom,
            scope: RobotScope::Department { role: Role::Planning },
            url: "ftp://example.com/x".into(),
            secret: None,
            enabled: true,
        })?,
        other => anyhow::bail!("the matrix names a body {other:?} that is not defined"),
    })
}

fn expected(cell: &str, caller: Caller) -> anyhow::Result<u16> {
    let mut fallback = if caller == Caller::Anonymous { 401 } else { 0 };
    for (named, status) in cell_entries(cell)? {
        match named {
            Named::Caller(c) if c == caller => return Ok(status),
            Named::EveryAccount if caller != Caller::Anonymous => fallback = status,
            Named::Caller(_) | Named::EveryAccount => {}
        }
    }
    Ok(fallback)
}

/// A row's cell as (name, status) pairs; a malformed entry or an unknown name is an error.
fn cell_entries(cell: &str) -> anyhow::Result<Vec<(Named, u16)>> {
    cell.split_whitespace()
        .map(|entry| {
            let (who, status) =
                entry.split_once(':').ok_or_else(|| anyhow::anyhow!("{entry:?} is not caller:status"))?;
            let status = status.parse().map_err(|_| anyhow::anyhow!("{entry:?}: not a status"))?;
            Ok((Named::parse(who)?, status))
        })
        .collect()
}

/// The endpoint a probed path exercises: the one matching it with the most literal
/// segments (so `/calendar/working-days` is not taken for `/calendar/{year}`).
fn template_of(method: &str, probed: &str) -> Option<&'static EndpointInfo> {
    let probed = probed.split_once('?').map_or(probed, |(path, _)| path);
    let probed: Vec<&str> = probed.split('/').collect();
    ENDPOINTS
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
            Some((literal, route))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, route)| route)
}

/// What each endpoint takes as its body, by name.
#[derive(Default)]
struct Bodies(Vec<(&'static str, Payload)>);

impl EndpointVisitor for Bodies {
    fn visit<E: Endpoint>(&mut self) {
        self.0.push((E::NAME, E::REQUEST));
    }
}

#[test]
fn the_matrix_probes_every_route_the_server_serves() {
    let mut bodies = Bodies::default();
    visit_endpoints(&mut bodies);
    let mut probed = Vec::new();
    let mut wrong = Vec::new();
    for line in MATRIX.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(endpoint) = template_of(cols[0], cols[1]) else {
            wrong.push(format!("{} {}: no such endpoint", cols[0], cols[1]));
            continue;
        };
        probed.push(endpoint.name);
        // A permitted caller's success is the endpoint's documented status.
        let entries = cell_entries(cols[3]).unwrap_or_else(|e| {
            wrong.push(format!("{line}: {e}"));
            Vec::new()
        });
        for (who, status) in entries {
            if (200..300).contains(&status) && status != endpoint.status {
                wrong.push(format!("{line}: {who:?} gets {status}, but {} answers {}", endpoint.name, endpoint.status));
            }
        }
        // The body is of the kind the endpoint takes.
        let takes = bodies.0.iter().find(|(name, _)| *name == endpoint.name).map(|(_, payload)| *payload);
        let sends = match cols[2] {
            "-" => Payload::Empty,
            "png" => Payload::Raw("*/*"),
            "ics" => Payload::Raw("text/calendar"),
            _ => Payload::Json,
        };
        if takes != Some(sends) {
            wrong.push(format!("{line}: sends {sends:?}, but {} takes {takes:?}", endpoint.name));
        }
    }
    assert!(wrong.is_empty(), "rows that do not match the endpoint table:\n{}", wrong.join("\n"));
    let missing: Vec<String> = ENDPOINTS
        .iter()
        .filter(|route| !probed.contains(&route.name))
        .map(|route| format!("{} {}", route.method.as_str(), route.path))
        .collect();
    assert!(missing.is_empty(), "routes the authorization matrix does not probe: {missing:?}");
}

async fn fixture(app: &tests::TestApp, world: &World) -> anyhow::Result<Fixture> {
    let service = world.session(app, Who::ServiceCenter).await?;
    let planner = world.session(app, Who::Planning).await?;
    let design = world.session(app, Who::Design).await?;
    let mut ids = Vec::new();
    for (store, title) in [(world.own_store, "矩阵测试"), (world.other_store, "外店活动")] {
        let form = NewCampaign {
            title: title.into(),
            stores: vec![StoreId(store)],
            starts_on: "2026-04-01".into(),
            ends_on: "2026-04-03".into(),
            ..NewCampaign::empty(CampaignType::StoreSpecific)
        };
        ids.push(service.ok::<CreateCampaign>(&[], &(), &form).await?.campaign.id.0);
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
    let foreign = planner.ok::<GetCampaign>(&[&ids[1].to_string()], &(), &()).await?;
    let admin = app.admin().await?;
    let users = admin.ok::<ListUsers>(&[], &(), &()).await?;
    let user = users
        .iter()
        .find(|u| u.login == world.login_of(Who::Market))
        .map(|u| u.id.0)
        .ok_or_else(|| anyhow::anyhow!("no account of the market department"))?;
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
    // Every row's names are known (a typo fails here, before any probe).
    for line in MATRIX.lines().filter(|l| !l.trim().is_empty()) {
        let cell = line.split('|').nth(3).ok_or_else(|| anyhow::anyhow!("{line:?} has no statuses"))?;
        cell_entries(cell).map_err(|e| anyhow::anyhow!("{line:?}: {e}"))?;
    }
    let mut sessions: Vec<(Caller, Session)> = Vec::new();
    for caller in CALLERS {
        let session = match caller {
            Caller::Anonymous => app.anonymous()?,
            Caller::Account(who) => world.session(&app, who).await?,
        };
        sessions.push((caller, session));
    }
    // Every status a probe gets must also be one the document lists for its route.
    let document = app.anonymous()?.ok::<shared::endpoints::OpenApi>(&[], &(), &()).await?;
    let document = tests::schema::OpenApi::new(document.0);
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
                // A calendar without events: the administrator is told so.
                "ics" => request.header("content-type", "text/calendar").body("BEGIN:VCALENDAR\nEND:VCALENDAR\n"),
                name => request.header("content-type", "application/json").body(body(name, &world, &fixture)?),
            };
            let reply = request.send().await?;
            let want = expected(cols[3], *caller)?;
            let got = reply.status().as_u16();
            let route = template_of(cols[0], cols[1]);
            if !route.is_some_and(|route| document.documents_status(route.method.as_str(), route.path, got)) {
                mismatches.push(format!("{} {url_path} as {caller}: {got} is not in the document", cols[0]));
            }
            if got != want {
                let text = reply.text().await.unwrap_or_default();
                mismatches.push(format!("{} {url_path} as {caller}: want {want}, got {got} {text}", cols[0]));
            }
            probes += 1;
        }
    }
    assert!(mismatches.is_empty(), "{} of {probes} probes differ:\n{}", mismatches.len(), mismatches.join("\n"));

    // Own versus foreign store, beyond status codes: lists are scoped (R5).
    let other = world.session(&app, Who::OtherStoreManager).await?;
    let list = other.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    assert_eq!(list.items.iter().map(|c| c.id.0).collect::<Vec<_>>(), vec![fixture.foreign]);
    let stores = other.ok::<ListStores>(&[], &StoreQuery::default(), &()).await?;
    assert_eq!(stores.iter().map(|s| s.value.id).collect::<Vec<_>>(), vec![StoreId(world.other_store)]);
    let refused = other.refused::<GetCampaign>(&["999999"], &(), &()).await?;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "a missing id looks exactly like a foreign one");
    Ok(())
}
