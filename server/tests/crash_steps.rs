//! A change that touches several trees is whole across a crash at any step (issue 24,
//! item 7): the server process is made to abort (`CAMPAIGN_DESK_FAILPOINT`) just before
//! and just after the commit of a password reset, a disabled account, a deleted robot and
//! the morning digest; after a restart, what is stored is the state before or the state
//! after, never a mix (a new password with an old session valid, a robot gone with its
//! messages still queued, a digest told twice).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use shared::api::{
    DeliveryView, LoginRequest, NewUser, PasswordReset, Record, RobotKind, RobotScope, UserUpdate, UserView,
    WebhookInput, WebhookView, path, routes,
};
use shared::org::{Province, Role, Store as StoreRecord, StoreStatus};

const ADMIN_PASSWORD: &str = "steps-admin-password";
const OLD_PASSWORD: &str = "old-password-1";
const NEW_PASSWORD: &str = "new-password-2";

struct Server {
    child: Child,
    url: String,
    lines: Arc<Mutex<Vec<String>>>,
}

/// Starts the server binary on `dir` with `args`, aborting at `failpoint` when given.
fn start(dir: &std::path::Path, args: &[&str], failpoint: Option<&str>) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .args(["--bind", "127.0.0.1:0", "--today", "2026-03-02", "--no-demo", "--admin-password", ADMIN_PASSWORD])
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("RUST_LOG", "info")
        .env_remove(server::failpoint::VARIABLE)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(point) = failpoint {
        command.env(server::failpoint::VARIABLE, point);
    }
    let mut child = command.spawn().expect("start the server binary");
    let stdout = child.stdout.take().expect("stdout");
    let lines = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let kept = lines.clone();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if !sent && let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                let _ = tx.send(url.trim_end_matches('/').to_owned());
                sent = true;
            }
            kept.lock().unwrap().push(line);
        }
    });
    // A process that dies at its failpoint before it listens says nothing: no URL then.
    let url = rx.recv_timeout(Duration::from_secs(120)).unwrap_or_default();
    Server { child, url, lines }
}

impl Server {
    /// Waits (generously) for a log line containing one of `texts`; which one.
    fn wait_for_line(&self, texts: &[&'static str]) -> &'static str {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            for text in texts {
                if self.lines.lock().unwrap().iter().any(|l| l.contains(text)) {
                    return text;
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("no log line with {texts:?}: {:?}", self.lines.lock().unwrap());
    }

    /// Waits for the process to end by itself (the failpoint aborted it).
    fn wait_aborted(mut self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(!status.success(), "the failpoint aborts the process");
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the server did not stop at its failpoint");
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap()
}

/// Logs in; the session cookie, or `None` when refused.
async fn login(url: &str, login: &str, password: &str) -> Option<String> {
    let request = LoginRequest { login: login.into(), password: password.into() };
    let response = client().post(format!("{url}{}", routes::SESSION)).json(&request).send().await.unwrap();
    if response.status() != reqwest::StatusCode::OK {
        return None;
    }
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cd_session="))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

async fn session_valid(url: &str, cookie: &str) -> bool {
    let response = client().get(format!("{url}{}", routes::SESSION)).header("cookie", cookie).send().await.unwrap();
    response.status() == reqwest::StatusCode::OK
}

async fn post<T: serde::Serialize, R: serde::de::DeserializeOwned>(url: &str, cookie: &str, at: &str, body: &T) -> R {
    let response = client().post(format!("{url}{at}")).header("cookie", cookie).json(body).send().await.unwrap();
    assert!(response.status().is_success(), "POST {at}: {}", response.status());
    response.json().await.unwrap()
}

async fn get<R: serde::de::DeserializeOwned>(url: &str, cookie: &str, at: &str) -> R {
    let response = client().get(format!("{url}{at}")).header("cookie", cookie).send().await.unwrap();
    assert!(response.status().is_success(), "GET {at}: {}", response.status());
    response.json().await.unwrap()
}

/// A user with `OLD_PASSWORD` and a session of theirs.
async fn user_with_session(url: &str, admin: &str) -> (UserView, String) {
    let new = NewUser {
        login: "walker".into(),
        password: OLD_PASSWORD.into(),
        role: Role::Design,
        person: None,
        name: "周婷".into(),
        store: None,
    };
    let user: UserView = post(url, admin, routes::USERS, &new).await;
    let session = login(url, "walker", OLD_PASSWORD).await.unwrap();
    (user, session)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_reset_is_whole_across_a_crash_before_or_after_its_commit() {
    for point in ["entity-before-commit", "entity-after-commit"] {
        let dir = tempfile::tempdir().unwrap();
        let server = start(dir.path(), &[], None);
        let admin = login(&server.url, "admin", ADMIN_PASSWORD).await.unwrap();
        let (user, session) = user_with_session(&server.url, &admin).await;
        server.stop();

        let server = start(dir.path(), &[], Some(point));
        let admin = login(&server.url, "admin", ADMIN_PASSWORD).await.unwrap();
        let reset = PasswordReset { password: NEW_PASSWORD.into() };
        let at = path(routes::USER_PASSWORD, &[&user.id.0.to_string()]);
        let answered = client().post(format!("{}{at}", server.url)).header("cookie", &admin).json(&reset).send().await;
        assert!(answered.is_err(), "{point}: the process died before answering");
        server.wait_aborted();

        let server = start(dir.path(), &[], None);
        let old_session = session_valid(&server.url, &session).await;
        let new_password = login(&server.url, "walker", NEW_PASSWORD).await.is_some();
        let old_password = login(&server.url, "walker", OLD_PASSWORD).await.is_some();
        assert!(
            (old_session && old_password && !new_password) || (!old_session && !old_password && new_password),
            "{point}: torn (old session {old_session}, old password {old_password}, new password {new_password})"
        );
        if point == "entity-before-commit" {
            assert!(old_session, "nothing was committed");
        }
        server.stop();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_an_account_is_whole_across_a_crash_before_or_after_its_commit() {
    for point in ["entity-before-commit", "entity-after-commit"] {
        let dir = tempfile::tempdir().unwrap();
        let server = start(dir.path(), &[], None);
        let admin = login(&server.url, "admin", ADMIN_PASSWORD).await.unwrap();
        let (user, session) = user_with_session(&server.url, &admin).await;
        server.stop();

        let server = start(dir.path(), &[], Some(point));
        let admin = login(&server.url, "admin", ADMIN_PASSWORD).await.unwrap();
        let update =
            UserUpdate { version: user.version, role: user.role, store: None, disabled: true, lang: user.lang };
        let at = path(routes::USER, &[&user.id.0.to_string()]);
        let answered = client().put(format!("{}{at}", server.url)).header("cookie", &admin).json(&update).send().await;
        assert!(answered.is_err(), "{point}: the process died before answering");
        server.wait_aborted();

        let server = start(dir.path(), &[], None);
        let admin = login(&server.url, "admin", ADMIN_PASSWORD).await.unwrap();
        let users: Vec<UserView> = get(&server.url, &admin, routes::USERS).await;
        let disabled = users.iter().find(|u| u.id == user.id).unwrap().disabled;
        let old_session = session_valid(&server.url, &session).await;
        assert_ne!(disabled, old_session, "{point}: torn (disabled {disabled}, its session valid {old_session})");
        server.stop();
    }
}

/// A store, a service-center account that opens campaigns for it, and a robot for the
/// planning department whose address refuses connections (so its messages stay queued).
async fn region_with_a_robot(url: &str, admin: &str, campaign_starts_on: &str) -> u64 {
    let store = Record {
        version: 0,
        value: StoreRecord {
            id: shared::ids::StoreId(0),
            code: "HLJ-001".into(),
            name: "鸡西店".into(),
            province: Province::Heilongjiang,
            city: "鸡西".into(),
            address: String::new(),
            manager: None,
            opened_on: None,
            status: StoreStatus::Open,
        },
    };
    let store: Record<StoreRecord> = post(url, admin, routes::STORES, &store).await;
    for (login, role) in [("planner", Role::Planning), ("service", Role::ServiceCenter)] {
        let new = NewUser {
            login: login.into(),
            password: OLD_PASSWORD.into(),
            role,
            person: None,
            name: login.into(),
            store: None,
        };
        let _: UserView = post(url, admin, routes::USERS, &new).await;
    }
    let robot = WebhookInput {
        name: "企划部群".into(),
        kind: RobotKind::WeCom,
        scope: RobotScope::Department { role: Role::Planning },
        url: "http://127.0.0.1:9/robot".into(),
        secret: None,
        enabled: true,
    };
    let robot: WebhookView = post(url, admin, routes::WEBHOOKS, &robot).await;
    let service = login(url, "service", OLD_PASSWORD).await.unwrap();
    let mut form = shared::intake::NewCampaign::empty(shared::campaign::CampaignType::StoreSpecific);
    form.title = "店庆".into();
    form.stores = vec![store.value.id];
    form.starts_on = campaign_starts_on.into();
    form.ends_on = campaign_starts_on.into();
    let _: shared::api::CampaignDetail = post(url, &service, routes::CAMPAIGNS, &form).await;
    robot.id
}

const ROBOT_ARGS: [&str; 4] = ["--allow-private-webhooks", "--webhook-retry-ms", "3600000", "--no-digest"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_robot_is_whole_across_a_crash_before_or_after_its_commit() {
    for point in ["webhook-delete-before-commit", "webhook-delete-after-commit"] {
        let dir = tempfile::tempdir().unwrap();
        let server = start(dir.path(), &ROBOT_ARGS, None);
        let admin = login(&server.url, "admin", ADMIN_PASSWORD).await.unwrap();
        let robot = region_with_a_robot(&server.url, &admin, "2026-06-01").await;
        let deliveries: Vec<DeliveryView> = get(&server.url, &admin, routes::DELIVERIES).await;
        assert!(deliveries.iter().any(|d| d.webhook == robot), "the new campaign's message waits for the robot");
        server.stop();

        let server = start(dir.path(), &ROBOT_ARGS, Some(point));
        let admin = login(&server.url, "admin", ADMIN_PASSWORD).await.unwrap();
        let at = path(routes::WEBHOOK, &[&robot.to_string()]);
        let answered = client().delete(format!("{}{at}", server.url)).header("cookie", &admin).send().await;
        assert!(answered.is_err(), "{point}: the process died before answering");
        server.wait_aborted();

        let server = start(dir.path(), &ROBOT_ARGS, None);
        let admin = login(&server.url, "admin", ADMIN_PASSWORD).await.unwrap();
        let robots: Vec<WebhookView> = get(&server.url, &admin, routes::WEBHOOKS).await;
        let deliveries: Vec<DeliveryView> = get(&server.url, &admin, routes::DELIVERIES).await;
        let exists = robots.iter().any(|r| r.id == robot);
        let waiting = deliveries.iter().any(|d| d.webhook == robot);
        assert_eq!(exists, waiting, "{point}: torn (robot there {exists}, its messages there {waiting})");
        server.stop();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_morning_digest_goes_out_exactly_once_across_a_crash_before_or_after_its_commit() {
    let digest_args = ["--allow-private-webhooks", "--webhook-retry-ms", "3600000", "--digest-at", "00:00"];
    for point in ["effects-before-commit", "effects-after-commit"] {
        let dir = tempfile::tempdir().unwrap();
        let server = start(dir.path(), &ROBOT_ARGS, None);
        let admin = login(&server.url, "admin", ADMIN_PASSWORD).await.unwrap();
        // Starts in two days: the deadline is at risk, so today's digest tells planning.
        let robot = region_with_a_robot(&server.url, &admin, "2026-03-04").await;
        server.stop();

        // The digest runs at start (it is past 00:00) and dies at the failpoint.
        let server = start(dir.path(), &digest_args, Some(point));
        server.wait_aborted();

        for restart in 0..2 {
            let server = start(dir.path(), &digest_args, None);
            let said = server.wait_for_line(&["morning digest sent", "morning digest already sent today"]);
            if restart == 0 && point == "effects-before-commit" {
                assert_eq!(said, "morning digest sent", "nothing was committed: it goes out now");
            }
            if restart == 1 {
                assert_eq!(said, "morning digest already sent today");
            }
            let admin = login(&server.url, "admin", ADMIN_PASSWORD).await.unwrap();
            let deliveries: Vec<DeliveryView> = get(&server.url, &admin, routes::DELIVERIES).await;
            let digests = deliveries.iter().filter(|d| d.webhook == robot && d.title.contains("每日提醒")).count();
            assert_eq!(digests, 1, "{point}, restart {restart}: the digest went out exactly once");
            server.stop();
        }
    }
}
