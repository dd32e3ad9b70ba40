//! Helpers for Campaign Desk's end-to-end tests: a real server on `127.0.0.1:0` with a
//! fresh temporary data directory, an HTTP client, a deadline-bounded wait, and a real
//! headless Chromium driven over WebDriver.

pub mod bench;
pub mod browser;
pub mod flow;
pub mod proxy;
pub mod schema;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use server::config::Config;
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The business day the test servers run on: a Monday in March 2026, so that rules
/// computed against "today" do not drift with the real date.
pub fn test_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or(NaiveDate::MIN)
}

/// A running server and the means to talk to it and stop it.
pub struct TestApp {
    pub address: SocketAddr,
    pub http: reqwest::Client,
    data_dir: TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

fn config_for(data_dir: PathBuf) -> Config {
    Config {
        bind: SocketAddr::from(([127, 0, 0, 1], 0)),
        data_dir,
        cache_capacity_mb: 16,
        sync: server::storage::SyncMode::Default,
        today: Some(test_today()),
        public_url: None,
        session_ttl_secs: 3600,
        admin_password: Some(ADMIN_PASSWORD.into()),
        tls_cert: None,
        tls_key: None,
        header_read_timeout_ms: 10_000,
        trusted_proxy: Vec::new(),
        upload_quota_mb_per_day: 500,
        attachments_budget_mb: 100 * 1024,
        min_free_disk_mb: 64,
        orphan_upload_grace_secs: 7 * 24 * 3600,
        allow_private_webhooks: true,
        webhook_retry_ms: 50,
        digest_at: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
        no_digest: true,
        metrics_token: None,
        backup_dir: None,
        backup_every: server::backups::Every(None),
        backup_keep: 14,
        request_timeout_ms: server::config::REQUEST_TIMEOUT_MS,
        no_demo: true,
    }
}

/// The first administrator's password in test servers.
pub const ADMIN_PASSWORD: &str = "admin-test-password";

async fn start_on(data_dir: TempDir) -> anyhow::Result<TestApp> {
    start_with(data_dir, |_| {}).await
}

async fn start_with(data_dir: TempDir, adjust: impl FnOnce(&mut Config)) -> anyhow::Result<TestApp> {
    let mut config = config_for(data_dir.path().to_path_buf());
    adjust(&mut config);
    let (state, _notes) = server::prepare(&config).await?;
    let listener = TcpListener::bind(config.bind).await?;
    let address = listener.local_addr()?;
    let (shutdown, stop) = oneshot::channel::<()>();
    let task = tokio::spawn(server::start(state, listener, async move {
        let _ = stop.await;
    }));
    Ok(TestApp {
        address,
        http: reqwest::Client::builder().timeout(Duration::from_secs(30)).build()?,
        data_dir,
        shutdown: Some(shutdown),
        task: Some(task),
    })
}

/// Starts a server on a fresh temporary data directory.
pub async fn spawn_app() -> anyhow::Result<TestApp> {
    start_on(tempfile::tempdir()?).await
}

/// Starts a server with an adjusted configuration.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> anyhow::Result<TestApp> {
    start_with(tempfile::tempdir()?, adjust).await
}

impl TestApp {
    /// The server's data directory.
    pub fn data_dir(&self) -> &std::path::Path {
        self.data_dir.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    /// Stops the server gracefully (drain, flush) and waits for it.
    pub async fn stop(&mut self) -> anyhow::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            task.await??;
        }
        Ok(())
    }

    /// Stops the server and starts it again on the same data directory and port (so a
    /// browser page on it keeps its origin and local storage).
    pub async fn restart_same_port(mut self) -> anyhow::Result<TestApp> {
        self.stop().await?;
        let address = self.address;
        let data_dir = std::mem::replace(&mut self.data_dir, tempfile::tempdir()?);
        start_with(data_dir, move |config| config.bind = address).await
    }

    /// Stops the server but keeps its data directory, to start it again later.
    pub async fn stop_keeping_data(mut self) -> anyhow::Result<(TempDir, SocketAddr)> {
        self.stop().await?;
        let data_dir = std::mem::replace(&mut self.data_dir, tempfile::tempdir()?);
        Ok((data_dir, self.address))
    }

    /// Starts a server again on a kept data directory and port.
    pub async fn resume(data_dir: TempDir, address: SocketAddr) -> anyhow::Result<TestApp> {
        start_with(data_dir, move |config| config.bind = address).await
    }

    /// Stops the server and starts a new one on the same data directory.
    pub async fn restart(mut self) -> anyhow::Result<TestApp> {
        self.stop().await?;
        let data_dir = std::mem::replace(&mut self.data_dir, tempfile::tempdir()?);
        start_on(data_dir).await
    }

    /// The value of one line of `/metrics`, e.g. `http_requests_total{method="POST"}`.
    pub async fn metric(&self, series: &str) -> anyhow::Result<u64> {
        let text = self.http.get(self.url("/metrics")).send().await?.text().await?;
        text.lines()
            .find_map(|line| line.strip_prefix(series).map(str::trim))
            .ok_or_else(|| anyhow::anyhow!("no metric {series}"))?
            .parse()
            .map_err(Into::into)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// Polls `probe` until it yields `Some`, or fails after `timeout` naming `what`.
pub async fn wait_for<T, F, Fut>(timeout: Duration, what: &str, mut probe: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = probe().await {
            return Ok(value);
        }
        if Instant::now() > deadline {
            anyhow::bail!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// A logged-in user's HTTP client (it keeps the session cookie).
pub struct Session {
    pub client: reqwest::Client,
    base: String,
}

/// A response's status and JSON body (`Null` when the body is not JSON).
pub type Reply = (reqwest::StatusCode, serde_json::Value);

impl Session {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    async fn reply(response: reqwest::Response) -> anyhow::Result<Reply> {
        let status = response.status();
        let text = response.text().await?;
        Ok((status, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)))
    }

    /// A GET whose answer must be 200 with a body of type `T` (a `shared::api` type).
    pub async fn fetch<T: serde::de::DeserializeOwned>(&self, path: &str) -> anyhow::Result<T> {
        let response = self.client.get(self.url(path)).send().await?;
        let status = response.status();
        let text = response.text().await?;
        anyhow::ensure!(status == reqwest::StatusCode::OK, "GET {path}: {status} {text}");
        serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("GET {path}: {e} in {text}"))
    }

    /// A GET's status and raw body.
    pub async fn get_text(&self, path: &str) -> anyhow::Result<(reqwest::StatusCode, String)> {
        let response = self.client.get(self.url(path)).send().await?;
        Ok((response.status(), response.text().await?))
    }

    /// A GET's status and raw bytes.
    pub async fn get_bytes(&self, path: &str) -> anyhow::Result<(reqwest::StatusCode, Vec<u8>)> {
        let response = self.client.get(self.url(path)).send().await?;
        Ok((response.status(), response.bytes().await?.to_vec()))
    }

    pub async fn get(&self, path: &str) -> anyhow::Result<Reply> {
        Self::reply(self.client.get(self.url(path)).send().await?).await
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: &serde_json::Value) -> anyhow::Result<Reply> {
        Self::reply(self.client.request(method, self.url(path)).json(body).send().await?).await
    }

    pub async fn post(&self, path: &str, body: &serde_json::Value) -> anyhow::Result<Reply> {
        self.send(reqwest::Method::POST, path, body).await
    }

    pub async fn put(&self, path: &str, body: &serde_json::Value) -> anyhow::Result<Reply> {
        self.send(reqwest::Method::PUT, path, body).await
    }

    /// Takes a workflow action, named and with its input as JSON (for tests that send
    /// malformed input on purpose), on a campaign at the version it has now.
    pub async fn act(&self, campaign: u64, action: &str, mut input: serde_json::Value) -> anyhow::Result<Reply> {
        let detail: shared::api::CampaignDetail =
            self.fetch(&shared::api::path(shared::api::routes::CAMPAIGN, &[&campaign.to_string()])).await?;
        if let Some(fields) = input.as_object_mut() {
            fields.insert("type".into(), serde_json::Value::String(action.to_owned()));
        }
        let body = serde_json::json!({"version": detail.campaign.version, "action": input});
        self.post(&shared::api::path(shared::api::routes::CAMPAIGN_ACTION, &[&campaign.to_string(), action]), &body)
            .await
    }
}

impl Session {
    /// A session over a client of the caller's making (e.g. one bound to another source
    /// address).
    pub fn from_client(client: reqwest::Client, app: &TestApp) -> Session {
        Session { client, base: format!("http://{}", app.address) }
    }

    /// Takes a typed workflow action on a campaign at the version it has now; the answer's
    /// status and body.
    pub async fn perform(&self, campaign: u64, action: &shared::workflow::Action) -> anyhow::Result<Reply> {
        let detail: shared::api::CampaignDetail =
            self.fetch(&shared::api::path(shared::api::routes::CAMPAIGN, &[&campaign.to_string()])).await?;
        let request = shared::api::ActionRequest { version: detail.campaign.version, action: action.clone() };
        let path =
            shared::api::path(shared::api::routes::CAMPAIGN_ACTION, &[&campaign.to_string(), action.kind().as_str()]);
        let response = self.client.post(self.url(&path)).json(&request).send().await?;
        Self::reply(response).await
    }

    /// As [`Session::perform`], failing unless the action is accepted; the campaign after it.
    pub async fn perform_ok(
        &self,
        campaign: u64,
        action: &shared::workflow::Action,
    ) -> anyhow::Result<shared::api::CampaignDetail> {
        let (status, body) = self.perform(campaign, action).await?;
        anyhow::ensure!(status == reqwest::StatusCode::OK, "{:?}: {status} {body}", action.kind());
        Ok(serde_json::from_value(body)?)
    }

    /// Uploads a file; its description.
    pub async fn upload(&self, bytes: Vec<u8>, name: &str) -> anyhow::Result<shared::api::AttachmentView> {
        let response = self
            .client
            .post(self.url(shared::api::routes::ATTACHMENTS))
            .header("x-file-name", name)
            .body(bytes)
            .send()
            .await?;
        let status = response.status();
        let text = response.text().await?;
        anyhow::ensure!(status == reqwest::StatusCode::CREATED, "upload {name}: {status} {text}");
        Ok(serde_json::from_str(&text)?)
    }
}

/// A small PNG of one colour, `width` × `height` pixels.
pub fn png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let image = image::RgbImage::from_pixel(width, height, image::Rgb(rgb));
    let _ = image.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png);
    bytes
}

impl TestApp {
    /// A client without a session.
    pub fn anonymous(&self) -> anyhow::Result<Session> {
        let client = reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(30)).build()?;
        Ok(Session { client, base: format!("http://{}", self.address) })
    }

    /// Logs in and returns the session, failing the test if the login is refused.
    pub async fn login(&self, login: &str, password: &str) -> anyhow::Result<Session> {
        let session = self.anonymous()?;
        let (status, body) = session
            .post(shared::api::routes::SESSION, &serde_json::json!({"login": login, "password": password}))
            .await?;
        anyhow::ensure!(status == reqwest::StatusCode::OK, "login {login}: {status} {body}");
        Ok(session)
    }

    pub async fn admin(&self) -> anyhow::Result<Session> {
        self.login("admin", ADMIN_PASSWORD).await
    }
}

/// The password of every account the test world creates.
pub const PASSWORD: &str = "test-password-1";

/// A small region built through the API by the administrator: two stores, one account
/// per role (store managers for each store), and a planner covering the first store.
pub struct World {
    pub own_store: u64,
    pub other_store: u64,
    /// Login name per role name (`"planning"`, `"store_manager"`, `"other_store_manager"`, …).
    pub logins: Vec<(String, String)>,
    pub planner_person: u64,
}

/// A test person's name as the pages show it: the role, in words (no `snake_case`, which
/// the screens' word check would rightly refuse).
fn display_name(who: &str) -> String {
    format!("{} 测试", who.replace('_', " "))
}

impl World {
    pub fn login_of(&self, who: &str) -> &str {
        self.logins.iter().find(|(w, _)| w == who).map_or("", |(_, l)| l.as_str())
    }

    pub async fn session(&self, app: &TestApp, who: &str) -> anyhow::Result<Session> {
        if who == "admin" {
            return app.admin().await;
        }
        app.login(self.login_of(who), PASSWORD).await
    }

    pub async fn build(app: &TestApp) -> anyhow::Result<World> {
        use serde_json::json;
        use shared::api::routes;
        let admin = app.admin().await?;
        let mut stores = Vec::new();
        for (code, name, city) in [("HLJ-001", "鸡西店", "鸡西"), ("JL-002", "延吉店", "延吉")] {
            let province = if code.starts_with("HLJ") { "heilongjiang" } else { "jilin" };
            let (status, body) = admin
                .post(
                    routes::STORES,
                    &json!({"value": {"id": 0, "code": code, "name": name, "province": province, "city": city,
                        "address": "中心大街 1 号", "manager": null, "opened_on": null, "status": "open"}}),
                )
                .await?;
            anyhow::ensure!(status == reqwest::StatusCode::CREATED, "store: {status} {body}");
            stores.push(serde_json::from_value::<shared::api::Record<shared::org::Store>>(body)?.value.id.0);
        }
        let roles = [
            ("vp", "vp", None),
            ("planning", "planning", None),
            ("design", "design", None),
            ("video", "video", None),
            ("brand", "brand", None),
            ("merchandise", "merchandise", None),
            ("purchasing", "purchasing", None),
            ("service_center", "service_center", None),
            ("market", "market", None),
            ("store_manager", "store_manager", Some(stores[0])),
            ("other_store_manager", "store_manager", Some(stores[1])),
        ];
        let mut logins = Vec::new();
        let mut planner_person = 0;
        for (who, role, store) in roles {
            let login = format!("u.{}", who.replace('_', "."));
            let (status, body) = admin
                .post(
                    routes::USERS,
                    &json!({"login": login, "password": PASSWORD, "role": role, "name": display_name(who), "store": store}),
                )
                .await?;
            anyhow::ensure!(status == reqwest::StatusCode::CREATED, "user {who}: {status} {body}");
            if who == "planning" {
                planner_person = serde_json::from_value::<shared::api::UserView>(body.clone())?.person.0;
            }
            logins.push((who.to_owned(), login));
        }
        // The planner covers the first store.
        let (_, org) = admin.get(routes::ORG).await?;
        let person = org["people"]
            .as_array()
            .and_then(|people| people.iter().find(|p| p["value"]["id"].as_u64() == Some(planner_person)))
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("planner person missing"))?;
        let mut value = person["value"].clone();
        value["stores_covered"] = json!([stores[0]]);
        let (status, body) = admin
            .put(
                &shared::api::path(routes::PERSON, &[&planner_person.to_string()]),
                &json!({"version": person["version"], "value": value}),
            )
            .await?;
        anyhow::ensure!(status == reqwest::StatusCode::OK, "coverage: {status} {body}");
        Ok(World { own_store: stores[0], other_store: stores[1], logins, planner_person })
    }
}
