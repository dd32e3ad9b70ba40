//! A hostile user against the real server binary, measured from outside: decompression
//! bombs asked for by 150 requests at once must not take the server's memory (its peak
//! RSS is read from `/proc`), and a login name holding a newline must not forge a line of
//! the server's log.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use shared::api::LoginRequest;
use shared::endpoints::{Endpoint, GetThumbnail, LogIn, Metrics, Upload};

mod common;
use common::{answer, request};

const ADMIN_PASSWORD: &str = "hostile-admin-password";

struct Server {
    child: Child,
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(data_dir: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--bind", "127.0.0.1:0", "--today", "2026-03-02", "--no-demo", "--admin-password", ADMIN_PASSWORD])
        .arg("--data-dir")
        .arg(data_dir)
        .env("RUST_LOG", "info")
        .env_remove("RUST_BACKTRACE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the server binary");
    let log = Arc::new(Mutex::new(Vec::new()));
    let (sender, receiver) = std::sync::mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let (log, sender) = (log.clone(), sender.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                    let _ = sender.send(url.trim_end_matches('/').to_owned());
                }
                log.lock().unwrap().push(line);
            }
        });
    }
    let url = receiver.recv_timeout(std::time::Duration::from_secs(60)).expect("the server says where it serves");
    Server { child, url, log }
}

/// The process's peak and current resident set, in kB (`/proc/PID/status`).
fn memory_kb(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

/// A PNG whose header announces `width` × `height` RGB pixels, followed by a few bytes
/// of image data and no end: a few hundred bytes that ask for hundreds of megabytes.
fn bomb(width: u32, height: u32) -> Vec<u8> {
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &header);
    // A zlib stream that starts well and stops: the decoder runs out of data.
    chunk(&mut png, b"IDAT", &[0x78, 0x9C, 0x62, 0x60, 0x18, 0x05]);
    png
}

async fn login(client: &reqwest::Client, url: &str, login: &str, password: &str) -> StatusCode {
    let credentials = LoginRequest { login: login.into(), password: password.into() };
    request::<LogIn>(client, url, &[], &(), &credentials).send().await.unwrap().status()
}

async fn metrics(client: &reqwest::Client, url: &str) -> String {
    request::<Metrics>(client, url, &[], &(), &()).send().await.unwrap().text().await.unwrap()
}

fn metric(text: &str, name: &str) -> u64 {
    text.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().parse().ok()).unwrap_or(u64::MAX)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_requests_for_two_decompression_bombs_cost_one_attempt_each_and_little_memory() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    assert_eq!(login(&client, &server.url, "admin", ADMIN_PASSWORD).await, LogIn::STATUS);
    let mut ids = Vec::new();
    // 12000 × 12000: refused from its header. 7000 × 6800 (47.6 MP, within the limit):
    // decoded once, fails on its missing data, and is remembered as unusable.
    for (width, height) in [(12_000, 12_000), (7_000, 6_800)] {
        let upload = request::<Upload>(&client, &server.url, &[], &(), &()).body(bomb(width, height));
        let uploaded = answer::<Upload>(upload.send().await.unwrap()).await.unwrap();
        ids.push(uploaded.id.to_string());
    }
    let (_, before_kb) = memory_kb(server.child.id());
    // Start the peak afresh: writing 5 to clear_refs resets VmHWM to the current RSS.
    std::fs::write(format!("/proc/{}/clear_refs", server.child.id()), "5").unwrap();
    let requests: Vec<_> = (0..300)
        .map(|n| {
            let thumbnail = request::<GetThumbnail>(&client, &server.url, &[ids[n % 2].as_str()], &(), &());
            tokio::spawn(async move { thumbnail.send().await.unwrap().status() })
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::new();
    for request in requests {
        *statuses.entry(request.await.unwrap()).or_insert(0) += 1;
    }
    let (peak_kb, after_kb) = memory_kb(server.child.id());
    let decodes = metric(&metrics(&client, &server.url).await, "thumbnail_decodes_total");
    println!(
        "decompression bombs: 300 requests → {statuses:?}; {decodes} decode attempts; RSS {before_kb} kB before, \
         peak {peak_kb} kB (+{} MB), {after_kb} kB after",
        peak_kb.saturating_sub(before_kb) / 1024
    );
    assert!(
        statuses.keys().all(|s| *s == StatusCode::UNSUPPORTED_MEDIA_TYPE || *s == StatusCode::SERVICE_UNAVAILABLE),
        "{statuses:?}"
    );
    assert_eq!(decodes, 2, "one attempt per image, however many ask");
    assert!(peak_kb.saturating_sub(before_kb) < 300 * 1024, "peak RSS rose by {} MB", (peak_kb - before_kb) / 1024);
    // Asked again later: answered from the remembered failure, no new attempt.
    let again = request::<GetThumbnail>(&client, &server.url, &[ids[1].as_str()], &(), &()).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(metric(&metrics(&client, &server.url).await, "thumbnail_decodes_total"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_name_cannot_forge_a_log_line() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path());
    let client = reqwest::Client::new();
    // 45 characters, within the login's 50.
    let forged = "e\n2026 INFO server: logged in FORGED-LINE\u{1b}[2K";
    assert_eq!(login(&client, &server.url, forged, "wrong-password").await, StatusCode::UNAUTHORIZED);
    assert_eq!(login(&client, &server.url, &"x".repeat(60_000), "pw").await, StatusCode::UNPROCESSABLE_ENTITY);
    // The log is written asynchronously: wait for the failed login's line.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let log = server.log.lock().unwrap().clone();
        if log.iter().any(|l| l.contains("failed login")) {
            for line in log.iter().filter(|l| l.contains("FORGED-LINE")) {
                assert!(line.contains("failed login") && line.contains("\\n"), "a forged line: {line:?}");
                assert!(!line.contains("\u{1b}[2K"), "a raw escape sequence: {line:?}");
            }
            assert!(log.iter().all(|l| l.len() < 2_000), "a 60 kB login reached the log");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no failed-login line in {log:?}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
