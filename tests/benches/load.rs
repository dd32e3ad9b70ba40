//! Load benchmark (`cargo xtask bench`, or `taskset -c 1 cargo bench -p tests --bench load`
//! after `cargo build --release -p server`; the server runs on core 0): a release server
//! process with a generated region (100 stores, 40 staff, five years of campaigns with
//! history, plan versions and ratings) on loopback, at 20,000 and at 100,000 campaigns
//! (`LOAD_SIZES`, comma-separated). Reports, for each size, start-up time, read throughput
//! and p50/p99 latency for the campaign list (50 per page), one campaign with its history
//! and the KPI report at 1, 16 and 64 connections, each beside `/healthz` measured in the
//! same run; acknowledged workflow actions per second at 1, 8 and 64 writers; the
//! server's RSS and bytes on disk per campaign. Prints tables and writes
//! `target/bench/load.json`. Memory under writes through HTTP is the `soak` benchmark.
//! For profiling one route: `LOAD_ONLY=list` (routes whose name contains it, beside
//! `/healthz`), `LOAD_RUN_S` seconds per measure (3), `LOAD_NO_WRITES=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use shared::api::{ActionRequest, CampaignDetail, routes};
use shared::calendar::Calendar;
use shared::campaign::{CampaignType, Rating, Stage};
use shared::ids::{CampaignId, PersonId, StoreId, UserId};
use shared::intake::{NewCampaign, create_campaign};
use shared::org::{Actor, Coverage, Role};
use shared::plan::{PlanDocument, PlanVersion};
use shared::workflow::SendReminder;
use shared::workflow::{Action, ActionKind};
use tests::bench::{self, Server};

const STORES: u64 = 100;
const STAFF: u64 = 40;
/// Generated campaign ids start here.
const FIRST_ID: u64 = 100_000;

/// The campaign generated as number `n`: five years of a region, one campaign in five
/// finished and rated (with two plan versions), the others open with a few reminders.
fn campaign(n: u64, campaigns: u64, calendar: &Calendar) -> shared::campaign::Campaign {
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    // Spread over the five years before today, oldest first.
    let days_back = 5 * 365 - (n * 5 * 365 / campaigns) as i64;
    let requested = today - chrono::Duration::days(days_back.max(0));
    let ctx = shared::workflow::Context {
        today: requested,
        now_unix_ms: 0,
        calendar,
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let planner = bench::staff_id(n % STAFF + 1);
    let actor = Actor { user: UserId(1), person: planner, name: "策划".into(), role: Role::Planning, store: None };
    let mut form = NewCampaign::empty(CampaignType::StoreSpecific);
    form.title = format!("周年庆 {n}");
    form.stores = vec![StoreId(n % STORES + 1)];
    let starts = requested + chrono::Duration::days(30);
    form.starts_on = starts.to_string();
    form.ends_on = (starts + chrono::Duration::days(2)).to_string();
    let id = CampaignId(FIRST_ID + n);
    let mut campaign = create_campaign(id, &form, &actor, &ctx, &Coverage::default(), &|_| true).unwrap();
    for _ in 0..(n % 6) {
        // The VP reminds (a planner has no one to remind about her own stage).
        let vp =
            Actor {
                user: UserId(2), person: bench::staff_id(STAFF), name: "副总".into(), role: Role::Vp, store: None
            };
        let reminder = Action::SendReminder(SendReminder { note: "跟进".into() });
        campaign = shared::workflow::apply(&campaign, reminder, &vp, &ctx).unwrap().campaign;
    }
    if n.is_multiple_of(5) {
        for number in 1..=2 {
            campaign.plan_versions.push(PlanVersion {
                number,
                document: PlanDocument {
                    theme: format!("周年庆第{number}稿"),
                    strategy: "满减与会员日".into(),
                    implementation: "门店陈列、海报、社群推送".into(),
                    forecast: "销售额增长15%".into(),
                    budget: Vec::new(),
                    forecast_sales: None,
                },
                author: planner,
                author_name: "策划".into(),
                created_on: requested,
                note: String::new(),
            });
        }
        campaign.stage = Stage::Closed;
        campaign.ratings.push(Rating {
            store: campaign.stores[0],
            satisfied: !n.is_multiple_of(3),
            comment: String::new(),
            by: PersonId(1),
            on: starts + chrono::Duration::days(5),
            staff: vec![planner],
        });
    }
    campaign
}

/// Writes the region straight into a data directory through the storage layer.
async fn generate(dir: &std::path::Path, campaigns: u64) -> anyhow::Result<()> {
    let store = Arc::new(bench::open(dir)?);
    bench::write_org(&store, STORES, STAFF).await?;
    let calendar = Calendar::china_official();
    let tasks: Vec<_> = (0..16u64)
        .map(|w| {
            let (store, calendar) = (store.clone(), calendar.clone());
            tokio::spawn(async move {
                let mut n = w;
                while n < campaigns {
                    store.insert_campaign(&campaign(n, campaigns, &calendar)).await.unwrap();
                    n += 16;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await?;
    }
    store.flush()?;
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize)]
struct Measure {
    campaigns: u64,
    route: String,
    connections: usize,
    #[serde(flatten)]
    rate: bench::Rate,
    ratio_to_static: f64,
}

async fn run(campaigns: u64, measures: &mut Vec<Measure>) -> anyhow::Result<serde_json::Value> {
    let dir = tempfile::tempdir()?;
    let generated = Instant::now();
    generate(dir.path(), campaigns).await?;
    println!(
        "## {campaigns} campaigns\n\ngenerated with {STORES} stores and {STAFF} staff in {:.1} s",
        generated.elapsed().as_secs_f64()
    );
    let bytes = bench::walk(&dir.path().join("db"));
    // No backup at start-up: this measures the steady state (the soak benchmark and
    // BENCHMARKS.md show the backup's own cost).
    let server = Server::start(dir.path(), &["--backup-every", "0"])?;
    let url = server.url.clone();
    println!("start-up: {:.0} ms (process start to listening)", server.started_ms);

    let (admin, planner) = bench::admin_and_planner(&url).await?;

    let last_year = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap().year() - 1;
    let one = shared::api::path(routes::CAMPAIGN, &[&(FIRST_ID + 5).to_string()]);
    let routes = [
        ("/healthz (static)", routes::HEALTHZ.to_owned()),
        ("campaign list, 50 per page", format!("{}?limit=50", routes::CAMPAIGNS)),
        ("one campaign with history", one),
        ("KPI report, 12 months", format!("{}?from={last_year}-01&to={last_year}-12", routes::KPI)),
    ];
    let only = std::env::var("LOAD_ONLY").unwrap_or_default();
    let run = Duration::from_secs(bench::env_u64("LOAD_RUN_S", 3));
    println!();
    println!("| route | connections | requests/s | p50 ms | p99 ms | ÷ static |");
    println!("|---|---|---|---|---|---|");
    for connections in [1, 16, 64] {
        let mut static_rate = 0.0;
        for (name, path) in routes.iter().filter(|(name, path)| path == routes::HEALTHZ || name.contains(&only)) {
            let rate = bench::hammer(&admin, format!("{url}{path}"), connections, run).await?;
            if path == routes::HEALTHZ {
                static_rate = rate.requests_per_s;
            }
            let ratio = rate.requests_per_s / static_rate;
            println!(
                "| {name} | {connections} | {:.0} | {:.2} | {:.2} | {ratio:.2} |",
                rate.requests_per_s, rate.p50_ms, rate.p99_ms
            );
            let route = (*name).into();
            measures.push(Measure { campaigns, route, connections, rate, ratio_to_static: ratio });
        }
    }
    let rss_after_reads = server.rss_mb();

    println!();
    println!("| writers | acknowledged actions/s |");
    println!("|---|---|");
    let mut writes = Vec::new();
    let write_rounds: &[u64] = if std::env::var_os("LOAD_NO_WRITES").is_some() { &[] } else { &[1, 8, 64] };
    for &writers in write_rounds {
        let started = Instant::now();
        let tasks: Vec<_> = (0..writers)
            .map(|w| {
                let (client, url) = (planner.clone(), url.clone());
                tokio::spawn(async move {
                    // Distinct open campaigns per writer (n % 5 == 1), apart for each round.
                    let offset = match writers {
                        1 => 0,
                        8 => 400,
                        _ => 1000,
                    };
                    let id = (FIRST_ID + w * 5 + offset + 1).to_string();
                    let detail: CampaignDetail = client
                        .get(format!("{url}{}", shared::api::path(routes::CAMPAIGN, &[&id])))
                        .send()
                        .await
                        .unwrap()
                        .json()
                        .await
                        .unwrap();
                    let mut version = detail.campaign.version;
                    let mut done = 0u64;
                    let path = shared::api::path(routes::CAMPAIGN_ACTION, &[&id, ActionKind::SendReminder.as_str()]);
                    while started.elapsed() < run {
                        let request = ActionRequest {
                            version,
                            action: Action::SendReminder(SendReminder { note: "压测".into() }),
                        };
                        let response = client.post(format!("{url}{path}")).json(&request).send().await.unwrap();
                        assert_eq!(response.status(), reqwest::StatusCode::OK);
                        let next: CampaignDetail = response.json().await.unwrap();
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
    let (rss, peak) = (server.rss_mb(), server.peak_rss_mb());
    println!();
    println!(
        "server RSS after the reads {rss_after_reads:.1} MB, after the writes {rss:.1} MB (peak {peak:.1} MB); \
         bytes on disk: {bytes} = {:.0} per campaign\n",
        bytes as f64 / campaigns as f64
    );
    let started_ms = server.started_ms;
    server.stop();
    Ok(serde_json::json!({
        "campaigns": campaigns, "stores": STORES, "staff": STAFF,
        "startup_ms": started_ms.round(), "rss_mb_after_reads": rss_after_reads,
        "rss_mb_after_writes": rss, "peak_rss_mb": peak,
        "bytes_per_campaign": (bytes as f64 / campaigns as f64).round(), "writes": writes,
    }))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let sizes: Vec<u64> = std::env::var("LOAD_SIZES")
        .unwrap_or_else(|_| "20000,100000".into())
        .split(',')
        .filter_map(|n| n.trim().replace('_', "").parse().ok())
        .collect();
    let mut measures = Vec::new();
    let mut runs = Vec::new();
    for campaigns in sizes {
        runs.push(run(campaigns, &mut measures).await?);
    }
    let json = serde_json::json!({ "runs": runs, "reads": measures });
    std::fs::write(bench::out_dir().join("load.json"), serde_json::to_string_pretty(&json)?)?;
    Ok(())
}
