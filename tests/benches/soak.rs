//! Memory under sustained writes through HTTP (`cargo xtask bench`, or
//! `taskset -c 1 cargo bench -p tests --bench soak` after `cargo build --release -p server`;
//! the server runs on core 0). A release server with a region's organisation and no
//! campaigns takes `SOAK_CAMPAIGNS` (100,000) campaigns opened through
//! `POST /api/v1/campaigns`, then `SOAK_ACTIONS` (500,000) acknowledged workflow actions
//! spread over all of them, from `SOAK_WRITERS` (64) connections. The server's RSS is
//! sampled every `SOAK_SAMPLE_S` (30) seconds; afterwards the list and the KPI report are
//! measured on the grown data. Extra server flags come from `SOAK_SERVER_ARGS`. Prints a
//! table and writes `target/bench/soak.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::panic)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use shared::api::{ActionRequest, CampaignDetail, routes};
use shared::campaign::CampaignType;
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::workflow::SendReminder;
use shared::workflow::{Action, ActionKind};
use tests::bench::{self, Server};

const STORES: u64 = 100;
const STAFF: u64 = 40;

#[derive(Debug, Clone, serde::Serialize)]
struct Sample {
    phase: &'static str,
    seconds: f64,
    done: u64,
    rss_mb: f64,
}

/// Samples the server's RSS while `done` counts up, until `stop` is set.
fn sampler(
    pid: u32,
    phase: &'static str,
    done: Arc<AtomicU64>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    every: Duration,
) -> std::thread::JoinHandle<Vec<Sample>> {
    std::thread::spawn(move || {
        let started = Instant::now();
        let mut samples = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(every);
            let rss = std::fs::read_to_string(format!("/proc/{pid}/status"))
                .ok()
                .and_then(|s| {
                    s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
                })
                .unwrap_or(0u64);
            let sample = Sample {
                phase,
                seconds: started.elapsed().as_secs_f64(),
                done: done.load(Ordering::Relaxed),
                rss_mb: rss as f64 / 1024.0,
            };
            println!("  {phase}: {:>7} done, {:>6.0} s, RSS {:>6.1} MB", sample.done, sample.seconds, sample.rss_mb);
            samples.push(sample);
        }
        samples
    })
}

fn form(n: u64) -> NewCampaign {
    let mut form = NewCampaign::empty(CampaignType::StoreSpecific);
    form.title = format!("周年庆 {n}");
    form.stores = vec![StoreId(n % STORES + 1)];
    form.starts_on = "2026-04-01".into();
    form.ends_on = "2026-04-03".into();
    form
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let campaigns = bench::env_u64("SOAK_CAMPAIGNS", 100_000);
    let actions = bench::env_u64("SOAK_ACTIONS", 500_000);
    let writers = bench::env_u64("SOAK_WRITERS", 64);
    let every = Duration::from_secs(bench::env_u64("SOAK_SAMPLE_S", 30));
    let extra: Vec<String> =
        std::env::var("SOAK_SERVER_ARGS").unwrap_or_default().split_whitespace().map(str::to_owned).collect();

    let dir = tempfile::tempdir()?;
    {
        let store = bench::open(dir.path())?;
        bench::write_org(&store, STORES, STAFF).await?;
        store.flush()?;
    }
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    let server = Server::start(dir.path(), &extra)?;
    let url = server.url.clone();
    println!("server {} with {:?}, RSS at start {:.1} MB", url, extra, server.rss_mb());

    let (_admin, planner) = bench::admin_and_planner(&url).await?;

    // Phase 1: open the campaigns.
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watch = sampler(server.child.id(), "open", done.clone(), stop.clone(), every);
    let started = Instant::now();
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let (client, url, done) = (planner.clone(), url.clone(), done.clone());
            tokio::spawn(async move {
                let mut opened = Vec::new();
                let mut n = w;
                while n < campaigns {
                    let response = client.post(format!("{url}{}", routes::CAMPAIGNS)).json(&form(n)).send().await;
                    let response = response.unwrap();
                    assert_eq!(response.status(), reqwest::StatusCode::CREATED, "open campaign {n}");
                    let detail: CampaignDetail = response.json().await.unwrap();
                    opened.push((detail.campaign.id, detail.campaign.version));
                    done.fetch_add(1, Ordering::Relaxed);
                    n += writers;
                }
                opened
            })
        })
        .collect();
    let mut owned = Vec::new();
    for task in tasks {
        owned.push(task.await?);
    }
    let open_s = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let mut samples = watch.join().unwrap_or_default();
    let after_open = server.rss_mb();
    println!(
        "opened {campaigns} campaigns in {open_s:.0} s ({:.0}/s); RSS {after_open:.1} MB",
        campaigns as f64 / open_s
    );

    // Phase 2: workflow actions, each writer round-robin over its own campaigns.
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watch = sampler(server.child.id(), "act", done.clone(), stop.clone(), every);
    let started = Instant::now();
    let per_writer = actions / writers;
    let tasks: Vec<_> = owned
        .into_iter()
        .map(|mut mine| {
            let (client, url, done) = (planner.clone(), url.clone(), done.clone());
            tokio::spawn(async move {
                for i in 0..per_writer as usize {
                    if mine.is_empty() {
                        break;
                    }
                    let slot = i % mine.len();
                    let (id, version) = mine[slot];
                    let path = shared::api::path(
                        routes::CAMPAIGN_ACTION,
                        &[&id.to_string(), ActionKind::SendReminder.as_str()],
                    );
                    let request =
                        ActionRequest { version, action: Action::SendReminder(SendReminder { note: "跟进".into() }) };
                    let response = client.post(format!("{url}{path}")).json(&request).send().await.unwrap();
                    assert_eq!(response.status(), reqwest::StatusCode::OK, "action on {id}");
                    let detail: CampaignDetail = response.json().await.unwrap();
                    mine[slot].1 = detail.campaign.version;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await?;
    }
    let act_s = started.elapsed().as_secs_f64();
    let acted = done.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    samples.extend(watch.join().unwrap_or_default());
    let after_actions = server.rss_mb();
    println!("{acted} actions in {act_s:.0} s ({:.0}/s); RSS {after_actions:.1} MB", acted as f64 / act_s);

    tokio::time::sleep(Duration::from_secs(10)).await;
    let idle = server.rss_mb();
    let run = Duration::from_secs(3);
    let list = bench::hammer(&planner, format!("{url}{}?limit=50", routes::CAMPAIGNS), 64, run).await?;
    let kpi = bench::hammer(&planner, format!("{url}{}?from=2025-04&to=2026-03", routes::KPI), 64, run).await?;
    let after_reads = server.rss_mb();
    let peak = server.peak_rss_mb();
    let bytes = bench::walk(&dir.path().join("db"));
    println!();
    println!("| after | RSS MB |");
    println!("|---|---|");
    println!("| {campaigns} campaigns opened | {after_open:.1} |");
    println!("| {acted} workflow actions | {after_actions:.1} |");
    println!("| 10 s idle | {idle:.1} |");
    println!("| list and KPI at 64 connections | {after_reads:.1} |");
    println!("| peak | {peak:.1} |");
    println!("list p99 {:.2} ms, KPI p99 {:.2} ms; {bytes} bytes on disk", list.p99_ms, kpi.p99_ms);
    server.stop();
    let json = serde_json::json!({
        "campaigns": campaigns, "actions": acted, "writers": writers, "server_args": extra,
        "open_per_s": (campaigns as f64 / open_s).round(), "actions_per_s": (acted as f64 / act_s).round(),
        "rss_mb": {"after_open": after_open, "after_actions": after_actions, "idle": idle,
                   "after_reads": after_reads, "peak": peak},
        "list": list, "kpi": kpi, "bytes_on_disk": bytes, "samples": samples,
    });
    std::fs::write(bench::out_dir().join("soak.json"), serde_json::to_string_pretty(&json)?)?;
    Ok(())
}
