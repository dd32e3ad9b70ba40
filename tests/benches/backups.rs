//! Backup download memory benchmark (`cargo xtask bench`, or `cargo bench -p tests --bench
//! backups` after `cargo build --release -p server`): a release server process with 15
//! photos of 19 MiB in its backups' pool, and 32 downloads of the whole backup started at
//! once by 16 administrators, each read at a crawl (256 KiB a second, the way a slow
//! uplink takes it) for 20 seconds. Measures the server's resident memory before, at its
//! peak while the readers read (`VmHWM` reset through `clear_refs` first, and sampled
//! every 100 ms) and after, and what was answered (the server sends at most four downloads at once
//! and two per account; the rest are told to retry). Run the load generator on its own
//! core: `taskset -c 1 cargo bench -p tests --bench backups`. Writes
//! `target/bench/backups.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::panic)]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use shared::api::{BackupInfo, NewUser, routes};
use shared::org::Role;
use tests::bench::{ADMIN_PASSWORD, Server, login, out_dir, write_org};

const PHOTOS: usize = 15;
const PHOTO_BYTES: usize = 19 * 1024 * 1024;
const ADMINS: usize = 16;
const READERS: usize = 32;
const READ_BYTES_PER_SECOND: usize = 256 * 1024;
const READ_FOR: Duration = Duration::from_secs(20);
const PASSWORD: &str = "bench-backup-password";

/// A JPEG-looking body (the server judges the type by the first bytes), different for
/// each photo so the pool holds each once.
fn photo(n: usize) -> bytes::Bytes {
    let mut body = vec![u8::try_from(n).unwrap(); PHOTO_BYTES];
    body[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    bytes::Bytes::from(body)
}

/// Reads a download at [`READ_BYTES_PER_SECOND`] for [`READ_FOR`]; its status and the
/// bytes read.
async fn crawl(client: reqwest::Client, url: String) -> (String, u64) {
    let Ok(mut response) = client.get(url).send().await else { return ("connection error".into(), 0) };
    let status = response.status().as_u16().to_string();
    let started = Instant::now();
    let mut read = 0u64;
    while started.elapsed() < READ_FOR {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                read += chunk.len() as u64;
                let due = Duration::from_secs_f64(read as f64 / READ_BYTES_PER_SECOND as f64);
                if let Some(wait) = due.checked_sub(started.elapsed()) {
                    tokio::time::sleep(wait).await;
                }
            }
            Ok(None) | Err(_) => break,
        }
    }
    (status, read)
}

/// Resident memory of process `pid` now, in MiB.
fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let backups = tempfile::tempdir().unwrap();
    {
        let store = tests::bench::open(dir.path()).unwrap();
        write_org(&store, 10, 2).await.unwrap();
    }
    let backup_dir = backups.path().to_string_lossy().into_owned();
    let server =
        Server::start(dir.path(), &["--upload-quota-mb-per-day", "1000", "--backup-dir", &backup_dir]).unwrap();
    let admin = login(&server.url, "admin", ADMIN_PASSWORD).await.unwrap();
    for n in 0..PHOTOS {
        let response = admin
            .post(format!("{}{}", server.url, routes::ATTACHMENTS))
            .header("x-file-name", format!("scan-{n}.jpg"))
            .body(photo(n))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::CREATED, "{:?}", response.text().await);
    }
    let response = admin.post(format!("{}{}", server.url, routes::BACKUPS)).send().await.unwrap();
    assert!(response.status().is_success(), "{:?}", response.text().await);
    let backup: BackupInfo = response.json().await.unwrap();
    let mut clients = Vec::new();
    for n in 1..=ADMINS {
        let account = NewUser {
            login: format!("admin{n:02}"),
            password: PASSWORD.into(),
            role: Role::Admin,
            person: None,
            name: format!("管理员{n}"),
            store: None,
        };
        let response = admin.post(format!("{}{}", server.url, routes::USERS)).json(&account).send().await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::CREATED);
        clients.push(login(&server.url, &format!("admin{n:02}"), PASSWORD).await.unwrap());
    }
    // The peak from here on only (the uploads and the backup came before).
    let pid = server.child.id();
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
    let before = server.rss_mb();
    let sampling = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let sampling = sampling.clone();
        tokio::spawn(async move {
            let mut highest = 0.0f64;
            while sampling.load(std::sync::atomic::Ordering::Relaxed) {
                highest = highest.max(rss_mb(pid));
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            highest
        })
    };
    let url = format!("{}{}", server.url, shared::api::path(routes::BACKUP_FILE, &[&backup.name]));
    let tasks: Vec<_> =
        (0..READERS).map(|n| tokio::spawn(crawl(clients[n % clients.len()].clone(), url.clone()))).collect();
    let mut answers: BTreeMap<String, usize> = BTreeMap::new();
    let mut read = 0u64;
    for task in tasks {
        let (status, bytes) = task.await.unwrap();
        *answers.entry(status).or_default() += 1;
        read += bytes;
    }
    sampling.store(false, std::sync::atomic::Ordering::Relaxed);
    let sampled = sampler.await.unwrap();
    let peak = server.peak_rss_mb();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let after = server.rss_mb();
    let report = serde_json::json!({
        "photos": PHOTOS, "photo_mib": 19, "backup_bytes_in_pool_form": backup.size_bytes,
        "readers": READERS, "read_kib_per_second": READ_BYTES_PER_SECOND / 1024, "read_seconds": READ_FOR.as_secs(),
        "rss_before_mb": before, "rss_peak_mb": peak, "rss_highest_sampled_mb": sampled, "rss_after_mb": after,
        "answers": answers, "mib_read": read as f64 / (1024.0 * 1024.0),
    });
    println!("{READERS} slow backup downloads: {report}");
    std::fs::write(out_dir().join("backups.json"), serde_json::to_string_pretty(&report).unwrap()).unwrap();
    server.stop();
}
