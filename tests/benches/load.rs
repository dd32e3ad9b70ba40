//! Load benchmark (`cargo xtask bench`, or `cargo bench -p tests --bench load` after
//! `cargo build --release -p server`): a release server process with a generated region
//! (20,000 campaigns, 100 stores, 40 staff) on loopback. Reports read throughput and
//! p50/p99 latency for the campaign list (50 per page), one campaign with its history and
//! the KPI report at 1, 16 and 64 connections, each beside `/healthz` measured in the
//! same run; acknowledged workflow actions per second at 1, 8 and 64 writers; the
//! server's peak RSS, start-up time and bytes on disk per campaign. Prints a table and
//! writes `target/bench/load.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use server::storage::{AuditEntry, Store, StoreOptions};
use shared::calendar::Calendar;
use shared::campaign::{CampaignType, Rating, Stage};
use shared::ids::{CampaignId, PersonId, StoreId, UserId};
use shared::intake::{NewCampaign, create_campaign};
use shared::org::{Actor, Coverage, Person, Province, Role, Store as StoreRecord, StoreStatus};

const CAMPAIGNS: u64 = 20_000;
const STORES: u64 = 100;
const STAFF: u64 = 40;
const RUN: Duration = Duration::from_secs(3);
const ADMIN_PASSWORD: &str = "bench-admin-password";
const PLANNER_PASSWORD: &str = "bench-planner-password";

fn audit() -> AuditEntry {
    AuditEntry { at_unix_ms: 0, user: UserId(0), action: "bench".into(), target: String::new() }
}

/// Writes the region straight into a data directory through the storage layer.
async fn generate(dir: &std::path::Path) -> anyhow::Result<()> {
    let store = Store::open(dir, StoreOptions::default())?;
    for n in 1..=STORES {
        let province = [Province::Heilongjiang, Province::Jilin, Province::InnerMongolia][(n % 3) as usize];
        store
            .insert(
                StoreRecord {
                    id: StoreId(n),
                    code: format!("S-{n:03}"),
                    name: format!("门店{n}"),
                    province,
                    city: "鸡西".into(),
                    address: String::new(),
                    manager: None,
                    opened_on: None,
                    status: StoreStatus::Open,
                },
                audit(),
            )
            .await?;
    }
    for n in 1..=STAFF {
        let covered = (1..=STORES).filter(|s| s % STAFF == n % STAFF).map(StoreId).collect();
        let person = Person {
            id: PersonId(1000 + n),
            name: format!("员工{n}"),
            contact: String::new(),
            positions: vec![],
            stores_covered: covered,
            account: None,
        };
        store.insert(person, audit()).await?;
    }
    let calendar = Calendar::china_official();
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let ctx = shared::workflow::Context { today, now_unix_ms: 0, calendar: &calendar };
    let store = Arc::new(store);
    let tasks: Vec<_> = (0..16u64)
        .map(|w| {
            let store = store.clone();
            let calendar = calendar.clone();
            tokio::spawn(async move {
                let ctx = shared::workflow::Context { today, now_unix_ms: 0, calendar: &calendar };
                let mut id = 100_000 + w;
                while id < 100_000 + CAMPAIGNS {
                    let n = id - 100_000;
                    let planner = PersonId(1000 + (n % STAFF) + 1);
                    let actor = Actor {
                        user: UserId(1),
                        person: planner,
                        name: "策划".into(),
                        role: Role::Planning,
                        store: None,
                    };
                    let mut form = NewCampaign::empty(CampaignType::StoreSpecific);
                    form.title = format!("周年庆 {n}");
                    form.stores = vec![StoreId(n % STORES + 1)];
                    form.starts_on = "2026-04-01".into();
                    form.ends_on = "2026-04-03".into();
                    let mut campaign =
                        create_campaign(CampaignId(id), &form, &actor, &ctx, &Coverage::default(), &|_| true).unwrap();
                    for _ in 0..(n % 6) {
                        campaign = shared::workflow::apply(
                            &campaign,
                            shared::workflow::Action::SendReminder { note: "跟进".into() },
                            &actor,
                            &ctx,
                        )
                        .unwrap()
                        .campaign;
                    }
                    if n % 5 == 0 {
                        // A finished, rated campaign, for the KPI report.
                        let month = 1 + (n % 12) as u32;
                        campaign.stage = Stage::Closed;
                        campaign.ratings.push(Rating {
                            store: campaign.stores[0],
                            satisfied: n % 3 != 0,
                            comment: String::new(),
                            by: PersonId(1),
                            on: NaiveDate::from_ymd_opt(2025, month, 10).unwrap(),
                            staff: vec![planner],
                        });
                    }
                    store.insert_campaign(&campaign).await.unwrap();
                    id += 16;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await?;
    }
    let _ = ctx;
    store.flush()?;
    Ok(())
}

struct Server {
    child: std::process::Child,
    url: String,
    started_ms: f64,
}

fn start(dir: &std::path::Path) -> Server {
    let binary = std::env::var("CAMPAIGN_DESK_SERVER_BIN")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target/release/server").into());
    let started = Instant::now();
    let mut child = Command::new(&binary)
        .args([
            "--bind",
            "127.0.0.1:0",
            "--today",
            "2026-03-02",
            "--no-demo",
            "--admin-password",
            ADMIN_PASSWORD,
            "--data-dir",
        ])
        .arg(dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {binary} (build it with cargo build --release -p server): {e}"));
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().trim_end_matches('/').to_owned();
    Server { child, url, started_ms: started.elapsed().as_secs_f64() * 1000.0 }
}

fn peak_rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

async fn login(url: &str, login: &str, password: &str) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).pool_max_idle_per_host(128).build().unwrap();
    let response = client
        .post(format!("{url}/api/v1/session"))
        .json(&serde_json::json!({"login": login, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    client
}

#[derive(Debug, Clone, serde::Serialize)]
struct Measure {
    route: String,
    connections: usize,
    requests_per_s: f64,
    p50_ms: f64,
    p99_ms: f64,
    ratio_to_static: f64,
}

/// `connections` loops of GET `path` for `RUN`; returns (requests/s, p50 ms, p99 ms).
async fn hammer(client: &reqwest::Client, url: String, connections: usize) -> (f64, f64, f64) {
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while started.elapsed() < RUN {
                    let t = Instant::now();
                    let response = client.get(&url).send().await.unwrap();
                    assert!(response.status().is_success(), "{url}: {}", response.status());
                    response.bytes().await.unwrap();
                    latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    let pick = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    (all.len() as f64 / elapsed, pick(0.50), pick(0.99))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let generated = Instant::now();
    generate(dir.path()).await?;
    println!(
        "generated {CAMPAIGNS} campaigns, {STORES} stores, {STAFF} staff in {:.1} s",
        generated.elapsed().as_secs_f64()
    );
    let bytes: u64 = walk(&dir.path().join("db"));
    let mut server = start(dir.path());
    println!("start-up with the full data set: {:.0} ms (process start to listening)", server.started_ms);

    let admin = login(&server.url, "admin", ADMIN_PASSWORD).await;
    let response = admin
        .post(format!("{}/api/v1/users", server.url))
        .json(&serde_json::json!({"login": "planner", "password": PLANNER_PASSWORD, "role": "planning", "name": "压测策划"}))
        .send()
        .await?;
    assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    let planner = login(&server.url, "planner", PLANNER_PASSWORD).await;

    let routes = [
        ("/healthz (static)", "/healthz".to_owned()),
        ("campaign list, 50 per page", "/api/v1/campaigns?limit=50".to_owned()),
        ("one campaign with history", "/api/v1/campaigns/100005".to_owned()),
        ("KPI report, 12 months", "/api/v1/kpi?from=2025-01&to=2025-12".to_owned()),
    ];
    let mut measures = Vec::new();
    println!();
    println!("| route | connections | requests/s | p50 ms | p99 ms | ÷ static |");
    println!("|---|---|---|---|---|---|");
    for connections in [1, 16, 64] {
        let mut static_rate = 0.0;
        for (name, path) in &routes {
            let (rate, p50, p99) = hammer(&admin, format!("{}{path}", server.url), connections).await;
            if path == "/healthz" {
                static_rate = rate;
            }
            let ratio = rate / static_rate;
            println!("| {name} | {connections} | {rate:.0} | {p50:.2} | {p99:.2} | {ratio:.2} |");
            measures.push(Measure {
                route: (*name).into(),
                connections,
                requests_per_s: rate,
                p50_ms: p50,
                p99_ms: p99,
                ratio_to_static: ratio,
            });
        }
    }

    println!();
    println!("| writers | acknowledged actions/s |");
    println!("|---|---|");
    let mut writes = Vec::new();
    for writers in [1u64, 8, 64] {
        let started = Instant::now();
        let tasks: Vec<_> = (0..writers)
            .map(|w| {
                let (client, url) = (planner.clone(), server.url.clone());
                tokio::spawn(async move {
                    // Distinct campaigns per writer, none of them closed (n % 5 == 1).
                    let offset = match writers {
                        1 => 0,
                        8 => 400,
                        _ => 1000,
                    };
                    let id = 100_000 + w * 5 + offset + 1;
                    let path = |e: &str| format!("{url}{e}");
                    let id_text = id.to_string();
                    let detail: shared::api::CampaignDetail = client
                        .get(path(&shared::api::path(shared::api::routes::CAMPAIGN, &[&id_text])))
                        .send()
                        .await
                        .unwrap()
                        .json()
                        .await
                        .unwrap();
                    let mut version = detail.campaign.version;
                    let mut done = 0u64;
                    let action_path = shared::api::path(
                        shared::api::routes::CAMPAIGN_ACTION,
                        &[&id_text, shared::workflow::ActionKind::SendReminder.as_str()],
                    );
                    while started.elapsed() < RUN {
                        let request = shared::api::ActionRequest {
                            version,
                            action: shared::workflow::Action::SendReminder { note: "压测".into() },
                        };
                        let response = client.post(path(&action_path)).json(&request).send().await.unwrap();
                        assert_eq!(response.status(), reqwest::StatusCode::OK);
                        let next: shared::api::CampaignDetail = response.json().await.unwrap();
                        version = next.campaign.version;
                        done += 1;
                    }
                    done
                })
            })
            .collect();
        let mut total = 0;
        for task in tasks {
            total += task.await?;
        }
        let rate = total as f64 / started.elapsed().as_secs_f64();
        println!("| {writers} | {rate:.0} |");
        writes.push(serde_json::json!({"writers": writers, "actions_per_s": rate.round()}));
    }
    let rss_kb = peak_rss_kb(server.child.id());
    println!();
    println!(
        "server peak RSS: {:.1} MB; bytes on disk: {bytes} = {:.0} per campaign",
        rss_kb as f64 / 1024.0,
        bytes as f64 / CAMPAIGNS as f64
    );
    server.child.kill()?;
    server.child.wait()?;
    let json = serde_json::json!({
        "campaigns": CAMPAIGNS, "stores": STORES, "staff": STAFF,
        "startup_ms": server.started_ms.round(), "peak_rss_mb": rss_kb as f64 / 1024.0,
        "bytes_per_campaign": (bytes as f64 / CAMPAIGNS as f64).round(),
        "reads": measures, "writes": writes,
    });
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("load.json"), serde_json::to_string_pretty(&json)?)?;
    Ok(())
}

fn walk(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| if e.path().is_dir() { walk(&e.path()) } else { e.metadata().map(|m| m.len()).unwrap_or(0) })
                .sum()
        })
        .unwrap_or(0)
}
