//! Crash safety: a real server process under concurrent write load is killed with
//! SIGKILL at varying moments, again and again. After each kill every write the server
//! had acknowledged must be there, and `check` must pass.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use server::storage::{Store, StoreOptions};
use shared::api::{CampaignDetail, LoginRequest, NewUser, Write};
use shared::campaign::CampaignType;
use shared::endpoints::{CreateCampaign, CreateStore, CreateUser, Endpoint, LogIn};
use shared::ids::{CampaignId, StoreId};
use shared::intake::NewCampaign;
use shared::org::{Province, Role, StoreStatus};

mod common;
use common::{answer, request};

/// Kill cycles in the test suite; `cargo xtask bench` runs 200 through
/// `CAMPAIGN_DESK_CRASH_CYCLES`.
const DEFAULT_CYCLES: u64 = 50;
const WRITERS: usize = 8;

const ADMIN_PASSWORD: &str = "crash-admin-password";
const PLANNER_PASSWORD: &str = "crash-planner-password";

fn start_server(data_dir: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--bind", "127.0.0.1:0", "--today", "2026-03-02", "--no-demo", "--admin-password", ADMIN_PASSWORD])
        .arg("--data-dir")
        .arg(data_dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server binary");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("read the serving line");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim_end_matches('/')
        .to_owned();
    (child, url)
}

/// A small deterministic generator, so a failing cycle can be reproduced.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

async fn login(client: &reqwest::Client, url: &str, login: &str, password: &str) -> String {
    let credentials = LoginRequest { login: login.into(), password: password.into() };
    let response = request::<LogIn>(client, url, &[], &(), &credentials).send().await.unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    answer::<LogIn>(response).await.unwrap();
    cookie
}

/// A store and a planner, made once through the API; returns the store id.
async fn set_up(client: &reqwest::Client, url: &str) -> StoreId {
    let admin = login(client, url, "admin", ADMIN_PASSWORD).await;
    let store = shared::org::Store {
        id: StoreId(0),
        code: "HLJ-001".into(),
        name: "鸡西店".into(),
        province: Province::Heilongjiang,
        city: "鸡西".into(),
        address: String::new(),
        manager: None,
        opened_on: None,
        status: StoreStatus::Open,
    };
    let body = Write { version: 0, value: store };
    let response = request::<CreateStore>(client, url, &[], &(), &body).header("cookie", &admin).send().await.unwrap();
    let store = answer::<CreateStore>(response).await.unwrap();
    let planner = NewUser {
        login: "planner".into(),
        password: PLANNER_PASSWORD.into(),
        role: Role::Planning,
        person: None,
        name: "曹雪".into(),
        store: None,
    };
    let response =
        request::<CreateUser>(client, url, &[], &(), &planner).header("cookie", &admin).send().await.unwrap();
    answer::<CreateUser>(response).await.unwrap();
    store.value.id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill_at_random_moments() {
    let dir = tempfile::tempdir().unwrap();
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let store = {
        let (mut child, url) = start_server(dir.path());
        let store = set_up(&client, &url).await;
        child.kill().unwrap();
        child.wait().unwrap();
        store
    };
    let mut acknowledged: Vec<u64> = Vec::new();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let cycles: u64 = std::env::var("CAMPAIGN_DESK_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CYCLES)
        .max(DEFAULT_CYCLES);
    for cycle in 0..cycles {
        let (mut child, url) = start_server(dir.path());
        let cookie = login(&client, &url, "planner", PLANNER_PASSWORD).await;
        let acked = Arc::new(Mutex::new(Vec::new()));
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (client, url, acked, cookie) = (client.clone(), url.clone(), acked.clone(), cookie.clone());
                tokio::spawn(async move {
                    for n in 0.. {
                        let body = NewCampaign {
                            title: format!("c{cycle} w{w} n{n}"),
                            stores: vec![store],
                            due_on: "2026-03-20".into(),
                            ..NewCampaign::empty(CampaignType::VideoProduction)
                        };
                        let send = request::<CreateCampaign>(&client, &url, &[], &(), &body).header("cookie", &cookie);
                        // The server is killed at some moment: a write it did not answer in
                        // full was not acknowledged.
                        let Ok(response) = send.send().await else {
                            return;
                        };
                        if response.status() != CreateCampaign::STATUS {
                            return;
                        }
                        let Ok(created) = response.json::<CampaignDetail>().await else { return };
                        acked.lock().unwrap().push(created.campaign.id.0);
                    }
                })
            })
            .collect();
        let delay_ms = 20 + xorshift(&mut seed) % 180;
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        for writer in writers {
            writer.await.unwrap();
        }
        acknowledged.extend(acked.lock().unwrap().iter().copied());

        let store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        for id in &acknowledged {
            assert!(
                store.get_campaign(CampaignId(*id)).unwrap().is_some(),
                "cycle {cycle}: acknowledged write {id} was lost"
            );
        }
        let report = store.check().unwrap();
        assert!(report.is_ok(), "cycle {cycle}: {:?}", report.problems);
    }
    assert!(acknowledged.len() as u64 > cycles, "the load acknowledged only {} writes", acknowledged.len());
    eprintln!("{} acknowledged writes over {cycles} SIGKILLs, none lost", acknowledged.len());
}
