//! What the load benchmarks share: a region's organisation written straight into a data
//! directory, the release server started as its own process (pinned to a core when
//! `taskset` is there), its memory read from `/proc`, and a closed-loop load generator.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use server::storage::{AuditEntry, Store, StoreOptions};
use shared::ids::{PersonId, StoreId, UserId};
use shared::org::{Person, Province, Store as StoreRecord, StoreStatus};

/// The first administrator's password on benchmark servers.
pub const ADMIN_PASSWORD: &str = "bench-admin-password";
/// The business day benchmark servers run on.
pub const TODAY: &str = "2026-03-02";

fn audit() -> AuditEntry {
    AuditEntry { at_unix_ms: 0, user: UserId(0), action: "bench".into(), target: String::new() }
}

/// The person id of staff member `n` (1-based) in a generated region.
pub fn staff_id(n: u64) -> PersonId {
    PersonId(1000 + n)
}

/// Writes `stores` stores and `staff` staff members (each covering every `staff`-th
/// store) into an open store.
pub async fn write_org(store: &Store, stores: u64, staff: u64) -> anyhow::Result<()> {
    for n in 1..=stores {
        let province = [Province::Heilongjiang, Province::Jilin, Province::InnerMongolia][(n % 3) as usize];
        let record = StoreRecord {
            id: StoreId(n),
            code: format!("S-{n:03}"),
            name: format!("门店{n}"),
            province,
            city: "鸡西".into(),
            address: String::new(),
            manager: None,
            opened_on: None,
            status: StoreStatus::Open,
        };
        store.insert(record, audit()).await?;
    }
    for n in 1..=staff {
        let covered = (1..=stores).filter(|s| s % staff == n % staff).map(StoreId).collect();
        let person = Person {
            id: staff_id(n),
            name: format!("员工{n}"),
            contact: String::new(),
            positions: vec![],
            stores_covered: covered,
            account: None,
        };
        store.insert(person, audit()).await?;
    }
    Ok(())
}

/// Opens a data directory for generating a region into it.
pub fn open(dir: &std::path::Path) -> anyhow::Result<Store> {
    Ok(Store::open(dir, StoreOptions::default())?)
}

/// The release server, running as a child process.
pub struct Server {
    pub child: std::process::Child,
    pub url: String,
    /// From process start to the line that says it listens.
    pub started_ms: f64,
}

impl Server {
    /// Starts `target/release/server` (or `CAMPAIGN_DESK_SERVER_BIN`) on `dir`, pinned to
    /// the cores in `CAMPAIGN_DESK_SERVER_CPUS` (default `0`) when `taskset` exists.
    pub fn start(dir: &std::path::Path, extra: &[&str]) -> anyhow::Result<Server> {
        let binary = std::env::var("CAMPAIGN_DESK_SERVER_BIN")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target/release/server").into());
        let cpus = std::env::var("CAMPAIGN_DESK_SERVER_CPUS").unwrap_or_else(|_| "0".into());
        let pinned = !cpus.is_empty() && Command::new("taskset").arg("-V").output().is_ok();
        let mut command = if pinned {
            let mut c = Command::new("taskset");
            c.args(["-c", &cpus, &binary]);
            c
        } else {
            Command::new(&binary)
        };
        let started = Instant::now();
        let mut child = command
            .args(["--bind", "127.0.0.1:0", "--today", TODAY, "--no-demo", "--admin-password", ADMIN_PASSWORD])
            .args(extra)
            .arg("--data-dir")
            .arg(dir)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| anyhow::anyhow!("start {binary} (build it with cargo build --release -p server): {e}"))?;
        let stdout = child.stdout.take().ok_or_else(|| anyhow::anyhow!("the server's stdout"))?;
        // The first line naming an address (a profiler in front may print its own first).
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let url = loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => anyhow::bail!("the server did not say where it listens"),
                Ok(_) => {}
            }
            if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                break url.trim_end_matches('/').to_owned();
            }
        };
        Ok(Server { child, url, started_ms: started.elapsed().as_secs_f64() * 1000.0 })
    }

    /// Resident memory now, in MiB.
    pub fn rss_mb(&self) -> f64 {
        status_kb(self.child.id(), "VmRSS:") as f64 / 1024.0
    }

    /// The most resident memory so far, in MiB.
    pub fn peak_rss_mb(&self) -> f64 {
        status_kb(self.child.id(), "VmHWM:") as f64 / 1024.0
    }

    /// Asks the server to stop (SIGTERM: it drains and flushes, and a profiler in front
    /// of it writes its report), then kills it if it is still there after 60 s.
    pub fn stop(mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// A logged-in client (cookie session) for `login`.
pub async fn login(url: &str, login: &str, password: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder().cookie_store(true).pool_max_idle_per_host(128).build()?;
    let body = shared::api::LoginRequest { login: login.into(), password: password.into() };
    let response = client.post(format!("{url}{}", shared::api::routes::SESSION)).json(&body).send().await?;
    anyhow::ensure!(response.status() == reqwest::StatusCode::OK, "log in as {login}: {}", response.status());
    Ok(client)
}

/// The planner's password on benchmark servers.
pub const PLANNER_PASSWORD: &str = "bench-planner-password";

/// Logs in as the administrator, opens a planning account for staff member 1, and
/// returns both sessions (administrator, planner).
pub async fn admin_and_planner(url: &str) -> anyhow::Result<(reqwest::Client, reqwest::Client)> {
    let admin = login(url, "admin", ADMIN_PASSWORD).await?;
    let account = shared::api::NewUser {
        login: "planner".into(),
        password: PLANNER_PASSWORD.into(),
        role: shared::org::Role::Planning,
        person: Some(staff_id(1)),
        name: String::new(),
        store: None,
    };
    let response = admin.post(format!("{url}{}", shared::api::routes::USERS)).json(&account).send().await?;
    anyhow::ensure!(response.status() == reqwest::StatusCode::CREATED, "a planner's account: {}", response.status());
    let planner = login(url, "planner", PLANNER_PASSWORD).await?;
    Ok((admin, planner))
}

/// Throughput and latency of a closed loop.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Rate {
    pub requests_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// `connections` loops of GET `url` for `run`; any failed request fails the measure.
pub async fn hammer(client: &reqwest::Client, url: String, connections: usize, run: Duration) -> anyhow::Result<Rate> {
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while started.elapsed() < run {
                    let t = Instant::now();
                    let response = client.get(&url).send().await.map_err(|e| anyhow::anyhow!("{url}: {e}"))?;
                    anyhow::ensure!(response.status().is_success(), "{url}: {}", response.status());
                    response.bytes().await?;
                    latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                Ok(latencies)
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    let pick = |q: f64| all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1))).copied();
    Ok(Rate {
        requests_per_s: all.len() as f64 / elapsed,
        p50_ms: pick(0.50).unwrap_or(f64::NAN),
        p99_ms: pick(0.99).unwrap_or(f64::NAN),
    })
}

/// Bytes under a directory.
pub fn walk(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| if e.path().is_dir() { walk(&e.path()) } else { e.metadata().map(|m| m.len()).unwrap_or(0) })
                .sum()
        })
        .unwrap_or(0)
}

/// Where the benchmarks write their JSON.
pub fn out_dir() -> std::path::PathBuf {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    let _ = std::fs::create_dir_all(&out);
    out
}

/// A number from the environment, or `default`.
pub fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(default)
}
