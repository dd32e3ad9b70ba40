//! Upload memory benchmark (`cargo xtask bench`, or `cargo bench -p tests --bench uploads`
//! after `cargo build --release -p server`): a release server process, and 150 uploads of
//! 20 MiB sent at once, twice — first from an account already over its daily quota (all
//! refused before their bodies are read), then from ten accounts with room (each may have
//! two in flight; the rest are told to retry). Measures the server's resident memory
//! before, at its peak and after each round, and what was answered. Run the load
//! generator on its own core: `taskset -c 1 cargo bench -p tests --bench uploads`.
//! Writes `target/bench/uploads.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::panic)]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use shared::api::{NewUser, routes};
use shared::org::Role;
use tests::bench::{ADMIN_PASSWORD, Server, login, out_dir, write_org};

const UPLOADS: usize = 150;
const UPLOAD_BYTES: usize = 20 * 1024 * 1024;
const ACCOUNTS: usize = 10;
const PASSWORD: &str = "bench-upload-password";

/// A JPEG-looking body of `UPLOAD_BYTES` (the server judges the type by the first bytes).
fn body() -> bytes::Bytes {
    let mut body = vec![0u8; UPLOAD_BYTES];
    body[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    bytes::Bytes::from(body)
}

async fn round(server: &Server, clients: &[reqwest::Client], body: &bytes::Bytes) -> serde_json::Value {
    let before = server.rss_mb();
    let started = Instant::now();
    let tasks: Vec<_> = (0..UPLOADS)
        .map(|n| {
            let client = clients[n % clients.len()].clone();
            let (url, body) = (format!("{}{}", server.url, routes::ATTACHMENTS), body.clone());
            tokio::spawn(async move {
                match client.post(url).header("x-file-name", format!("photo-{n}.jpg")).body(body).send().await {
                    Ok(response) => response.status().as_u16().to_string(),
                    Err(_) => "connection error".to_owned(),
                }
            })
        })
        .collect();
    let mut answers: BTreeMap<String, usize> = BTreeMap::new();
    for task in tasks {
        *answers.entry(task.await.unwrap()).or_default() += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    let peak = server.peak_rss_mb();
    // What memory the server keeps once the round is over.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let after = server.rss_mb();
    serde_json::json!({
        "rss_before_mb": before, "rss_peak_mb": peak, "rss_after_mb": after,
        "seconds": seconds, "answers": answers,
    })
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = tests::bench::open(dir.path()).unwrap();
        write_org(&store, 10, 2).await.unwrap();
    }
    // A quota of 50 MB a day each.
    let server = Server::start(dir.path(), &["--upload-quota-mb-per-day", "50"]).unwrap();
    let admin = login(&server.url, "admin", ADMIN_PASSWORD).await.unwrap();
    let mut clients = Vec::new();
    for n in 1..=ACCOUNTS {
        let account = NewUser {
            login: format!("store{n:03}"),
            password: PASSWORD.into(),
            role: Role::StoreManager,
            person: None,
            name: format!("店长{n}"),
            store: Some(shared::ids::StoreId(n as u64)),
        };
        let response = admin.post(format!("{}{}", server.url, routes::USERS)).json(&account).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::CREATED);
        clients.push(login(&server.url, &format!("store{n:03}"), PASSWORD).await.unwrap());
    }
    let body = body();
    // The first account uses up its quota (two 20 MiB files), then sends 150 at once.
    for _ in 0..2 {
        let response =
            clients[0].post(format!("{}{}", server.url, routes::ATTACHMENTS)).body(body.clone()).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    }
    let over_quota = round(&server, &clients[..1], &body).await;
    println!("over quota, {UPLOADS} × 20 MiB at once: {over_quota}");
    let with_room = round(&server, &clients[1..], &body).await;
    println!("ten accounts with room, {UPLOADS} × 20 MiB at once: {with_room}");
    let report =
        serde_json::json!({"uploads": UPLOADS, "upload_mib": 20, "over_quota": over_quota, "with_room": with_room});
    std::fs::write(out_dir().join("uploads.json"), serde_json::to_string_pretty(&report).unwrap()).unwrap();
    server.stop();
}
