//! Live-stream benchmark (`cargo xtask bench`, or `cargo bench -p tests --bench sse` after
//! `cargo build --release -p server`): a release server process with the demo region,
//! 500 open `/api/v1/events` streams from 180 sessions (every store manager and the
//! center's staff, each logged in on two devices: a login holds at most
//! `STREAMS_PER_SESSION_MAX` streams, an account `STREAMS_PER_ACCOUNT_MAX`), and a VP who sends reminders on the open campaign with the most stores. For each
//! acknowledged action it measures, at every stream whose reader may hear of it (the
//! center's; a store hears only of changes to its own part, which a reminder is not), the
//! time from the acknowledgement to the `campaign` event (p50/p99/max), checks that no
//! other stream heard of it, and reads the server's RSS before and with the streams open.
//! Run the load generator on its own core: `taskset -c 1 cargo bench -p tests --bench sse`
//! (the server is started on core 0 when `taskset` exists). Writes `target/bench/sse.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::panic)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use shared::api::{ActionRequest, CampaignDetail, CampaignList, routes};
use shared::campaign::Stage;
use shared::workflow::Action;
use shared::workflow::SendReminder;

const STREAMS: usize = 500;
const ACTIONS: usize = 40;
const PASSWORD: &str = "demo2026";
const STAFF: &[&str] = &[
    "zhangdai",
    "liujiangtao",
    "caoxue",
    "wanghe",
    "dingmengmeng",
    "lixiaohui",
    "xuhaichao",
    "zhouting",
    "sunlei",
    "zhaogang",
    "qianmin",
    "wutong",
    "zhengjie",
    "fengtao",
];

fn rss_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

async fn login(url: &str, login: &str) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let response = client
        .post(format!("{url}{}", routes::SESSION))
        .json(&serde_json::json!({"login": login, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK, "{login}");
    client
}

/// The server process, stopped when dropped.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// When each stream heard of (campaign, version).
type Heard = Arc<Mutex<HashMap<(u64, u64), Vec<(usize, Instant)>>>>;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let binary = std::env::var("CAMPAIGN_DESK_SERVER_BIN")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target/release/server").into());
    let dir = tempfile::tempdir()?;
    let taskset = Command::new("taskset").arg("--version").output().is_ok();
    let mut command = if taskset {
        let mut c = Command::new("taskset");
        c.args(["-c", "0", &binary]);
        c
    } else {
        Command::new(&binary)
    };
    let mut child = Server(
        command
            .args([
                "--bind",
                "127.0.0.1:0",
                "--today",
                "2026-11-29",
                "--no-digest",
                "--admin-password",
                "bench-admin-pw",
            ])
            .arg("--data-dir")
            .arg(dir.path())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {binary} (build it with cargo build --release -p server): {e}")),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap()).read_line(&mut line)?;
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().trim_end_matches('/').to_owned();
    let pid = child.0.id();

    // The sessions: every store manager and the staff, each on two devices.
    let mut logins: Vec<String> = (1..=76).map(|n| format!("store{n:03}")).collect();
    logins.extend(STAFF.iter().map(|s| (*s).to_owned()));
    let mut sessions = Vec::new();
    for _device in 0..2 {
        for login_name in &logins {
            sessions.push((login_name.clone(), login(&url, login_name).await));
        }
    }
    let vp = sessions.iter().find(|(l, _)| l == "zhangdai").unwrap().1.clone();

    // The open campaign with the most stores (a region-wide holiday promotion): nearly
    // every stream must hear of it, and the one store left out must not.
    let list: CampaignList = vp.get(format!("{url}{}?limit=200", routes::CAMPAIGNS)).send().await?.json().await?;
    let target = list
        .items
        .iter()
        .filter(|c| c.stage < Stage::Execution && c.stage != Stage::Intake)
        .max_by_key(|c| c.stores.len())
        .expect("an open campaign");
    // Who may hear of a reminder on it, as the server says: the detail answers 200 to
    // those who may see the campaign, 404 to others; and a store hears only of changes to
    // its own part, which a reminder by the VP is not (its version stays as it was).
    let detail_path = shared::api::path(routes::CAMPAIGN, &[&target.id.0.to_string()]);
    let mut may_see = HashMap::new();
    for (login_name, client) in &sessions {
        let response = client.get(format!("{url}{detail_path}")).send().await?;
        let sees = response.status() == reqwest::StatusCode::OK;
        let version = if sees { response.json::<CampaignDetail>().await?.campaign.version } else { 0 };
        may_see.insert(login_name.clone(), sees && version == target.version);
    }
    let rss_before = rss_kb(pid, "VmRSS:");

    // The streams, spread over the sessions; each notes when it heard a campaign change.
    let heard: Heard = Arc::default();
    let mut intended = Vec::new();
    let mut readers = Vec::new();
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<()>(STREAMS);
    for stream_no in 0..STREAMS {
        let (login_name, client) = &sessions[stream_no % sessions.len()];
        intended.push(may_see[login_name]);
        let response = client.get(format!("{url}{}", routes::EVENTS)).send().await?;
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        let (heard, ready) = (heard.clone(), ready_tx.clone());
        readers.push(tokio::spawn(async move {
            let mut response = response;
            let mut buffer = String::new();
            let mut said_ready = false;
            while let Ok(Some(chunk)) = response.chunk().await {
                let at = Instant::now();
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find("\n\n") {
                    let event: String = buffer.drain(..end + 2).collect();
                    if !said_ready {
                        said_ready = true;
                        let _ = ready.send(()).await;
                    }
                    if !event.contains("event: campaign") {
                        continue;
                    }
                    let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) else { continue };
                    let value: serde_json::Value = serde_json::from_str(data).unwrap_or_default();
                    let key = (value["id"].as_u64().unwrap_or(0), value["version"].as_u64().unwrap_or(0));
                    heard.lock().unwrap().entry(key).or_default().push((stream_no, at));
                }
            }
        }));
    }
    for _ in 0..STREAMS {
        ready_rx.recv().await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_connected = rss_kb(pid, "VmRSS:");

    // The VP sends reminders, one after another; each acknowledgement is timed.
    let mut version = target.version;
    let mut acknowledged = Vec::new();
    for n in 0..ACTIONS {
        let body = ActionRequest {
            version,
            action: Action::SendReminder(SendReminder { note: format!("第{n}次催办（基准测试）") }),
        };
        let path = shared::api::path(routes::CAMPAIGN_ACTION, &[&target.id.0.to_string(), "send_reminder"]);
        let response = vp.post(format!("{url}{path}")).json(&body).send().await?;
        let at = Instant::now();
        assert!(response.status().is_success(), "{}", response.status());
        let detail: CampaignDetail = response.json().await?;
        version = detail.campaign.version;
        acknowledged.push((version, at));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;

    let expected_per_action = intended.iter().filter(|i| **i).count();
    let mut latencies = Vec::new();
    let mut missing = 0usize;
    let mut leaked = 0usize;
    {
        let heard = heard.lock().unwrap();
        for (version, at) in &acknowledged {
            let got = heard.get(&(target.id.0, *version)).cloned().unwrap_or_default();
            leaked += got.iter().filter(|(stream_no, _)| !intended[*stream_no]).count();
            let on_time: Vec<f64> = got
                .iter()
                .filter(|(stream_no, _)| intended[*stream_no])
                .map(|(_, t)| t.saturating_duration_since(*at).as_secs_f64() * 1000.0)
                .collect();
            missing += expected_per_action.saturating_sub(on_time.len());
            latencies.extend(on_time);
        }
    }
    latencies.sort_by(f64::total_cmp);
    let pick = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    let (p50, p99, max) = (pick(0.5), pick(0.99), *latencies.last().unwrap());
    println!(
        "{STREAMS} streams ({} sessions), {ACTIONS} actions on a campaign of {} stores: {expected_per_action} streams \
         may see it",
        sessions.len(),
        target.stores.len()
    );
    println!(
        "acknowledgement → event: p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms over {} deliveries; missing \
         {missing}; heard by streams that may not see it: {leaked}",
        latencies.len()
    );
    println!(
        "server RSS: {:.1} MB before the streams, {:.1} MB with {STREAMS} open (peak {:.1} MB)",
        rss_before as f64 / 1024.0,
        rss_connected as f64 / 1024.0,
        rss_kb(pid, "VmHWM:") as f64 / 1024.0
    );
    assert_eq!(leaked, 0, "a stream heard of a campaign its reader may not see");
    assert_eq!(missing, 0, "a stream that may see the campaign missed an event");
    std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/bench"))?;
    std::fs::write(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../target/bench/sse.json"),
        serde_json::to_string_pretty(&serde_json::json!({
            "streams": STREAMS, "sessions": sessions.len(), "actions": ACTIONS,
            "intended_streams": expected_per_action, "p50_ms": p50, "p99_ms": p99, "max_ms": max,
            "rss_before_mb": rss_before as f64 / 1024.0, "rss_connected_mb": rss_connected as f64 / 1024.0,
        }))?,
    )?;
    for reader in readers {
        reader.abort();
    }
    drop(child);
    Ok(())
}
