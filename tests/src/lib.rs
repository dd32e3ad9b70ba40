//! Helpers for Campaign Desk's end-to-end tests: a real server on `127.0.0.1:0` with a
//! fresh temporary data directory, an HTTP client, a deadline-bounded wait, and a real
//! headless Chromium driven over WebDriver.

pub mod bench;
pub mod browser;
pub mod flow;
pub mod postgres;
pub mod proxy;
pub mod schema;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use reqwest::StatusCode;
use server::config::Config;
use shared::api::{ActionRequest, ApiError, AttachmentView, CampaignDetail, LoginRequest, NewUser, Write};
use shared::endpoints::{
    ActOnCampaign, CreateStore, CreateUser, Endpoint, GetCampaign, GetOrg, LogIn, Payload, UpdatePerson, Upload, url,
};
use shared::ids::StoreId;
use shared::org::{Person, Province, Role, Store, StoreStatus};
use shared::workflow::Action;
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
    /// The server's business day (fixed, see `test_today`), which a test may move on.
    clock: server::config::Clock,
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
    let clock = state.clock.clone();
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
        clock,
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

    /// The server's business day.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// Moves the server's business day on to `day` (never back): a test lets an event
    /// happen. In process only: nothing over HTTP can move a server's day.
    pub fn move_today(&self, day: NaiveDate) {
        if day > self.clock.today() {
            self.clock.move_to(day);
        }
    }

    /// Moves the business day to the last day of the campaign's event, so that it can be
    /// finished and its sales reported (the event sets the order of things).
    pub async fn let_event_end(&self, session: &Session, campaign: u64) -> anyhow::Result<()> {
        let detail = session.ok::<shared::endpoints::GetCampaign>(&[&campaign.to_string()], &(), &()).await?;
        let c = detail.campaign.campaign();
        if let Some(ends) = c.ends_on.or(c.starts_on) {
            self.move_today(ends);
        }
        Ok(())
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

/// Polls `probe` for the whole of `period`, failing the moment it yields `false`: what a
/// test says must *not* happen within a period that something else sets (the client's
/// outbox round, say), checked throughout rather than once after a fixed sleep.
pub async fn holds_for<F, Fut>(period: Duration, what: &str, mut probe: F) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<bool>>,
{
    let end = Instant::now() + period;
    loop {
        anyhow::ensure!(probe().await?, "{what} stopped holding");
        if Instant::now() > end {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// A refusal: a non-success answer of an endpoint, with the error body every refusal
/// carries (a code, the message in both languages, the offending fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub status: StatusCode,
    pub error: ApiError,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let error = &self.error;
        write!(f, "{} {} {} / {}", self.status, error.code.as_str(), error.message_zh, error.message_en)?;
        for field in &error.fields {
            write!(f, "; {}: {} {}", field.field, field.code.as_str(), field.message_en)?;
        }
        Ok(())
    }
}

impl std::error::Error for Refused {}

/// The HTTP method of endpoint `E`.
pub fn method<E: Endpoint>() -> reqwest::Method {
    match E::METHOD {
        shared::endpoints::Method::Get => reqwest::Method::GET,
        shared::endpoints::Method::Post => reqwest::Method::POST,
        shared::endpoints::Method::Put => reqwest::Method::PUT,
        shared::endpoints::Method::Delete => reqwest::Method::DELETE,
    }
}

/// A call of endpoint `E` with `client` on the server at `base` (`http://host:port`): its
/// method, its URL (`url::<E>`) and, when the endpoint takes JSON, `body`. Headers may be
/// added before it is sent; read its answer with [`answer`].
pub fn request<E: Endpoint>(
    client: &reqwest::Client,
    base: &str,
    params: &[&str],
    query: &E::Query,
    body: &E::Request,
) -> reqwest::RequestBuilder {
    let request = client.request(method::<E>(), format!("{base}{}", url::<E>(params, query)));
    match E::REQUEST {
        Payload::Json => request.json(body),
        // No body, or a raw one the caller adds (as `Session::try_upload` does).
        Payload::Empty | Payload::Text | Payload::Raw(_) => request,
    }
}

/// Reads an answer of endpoint `E`: its typed body when the status is `E::STATUS` (`()`
/// when the endpoint answers nothing, text or a file: read those with
/// [`Session::download`]), or the refusal when the status is not a success. Any other
/// success, and a refusal without an `ApiError` body, is an error.
pub async fn answer<E: Endpoint>(response: reqwest::Response) -> anyhow::Result<Result<E::Response, Refused>> {
    Ok(read::<E>(response).await?.map(|(body, _)| body))
}

/// As [`answer`], keeping the body's bytes as well.
async fn read<E: Endpoint>(response: reqwest::Response) -> anyhow::Result<Result<(E::Response, Vec<u8>), Refused>> {
    let status = response.status();
    let bytes = response.bytes().await?.to_vec();
    if status == E::STATUS {
        let body = match E::RESPONSE {
            Payload::Json => serde_json::from_slice(&bytes).map_err(|e| {
                anyhow::anyhow!(
                    "{}: the {status} answer is not its type: {e} in {}",
                    E::NAME,
                    String::from_utf8_lossy(&bytes)
                )
            })?,
            Payload::Empty | Payload::Text | Payload::Raw(_) => serde_json::from_value(serde_json::Value::Null)
                .map_err(|e| anyhow::anyhow!("{}: a body that is not JSON has no type: {e}", E::NAME))?,
        };
        return Ok(Ok((body, bytes)));
    }
    anyhow::ensure!(
        !status.is_success(),
        "{}: answered {status}, not its {}: {}",
        E::NAME,
        E::STATUS,
        String::from_utf8_lossy(&bytes)
    );
    refusal(E::NAME, status, &bytes).map(Err)
}

/// A refusal's error body; an error when the body is not an `ApiError`.
fn refusal(what: &str, status: StatusCode, bytes: &[u8]) -> anyhow::Result<Refused> {
    let error = serde_json::from_slice::<ApiError>(bytes).map_err(|e| {
        anyhow::anyhow!("{what}: {status} without an error body ({e}): {}", String::from_utf8_lossy(bytes))
    })?;
    Ok(Refused { status, error })
}

/// A logged-in user's HTTP client (it keeps the session cookie).
pub struct Session {
    pub client: reqwest::Client,
    base: String,
}

impl Session {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A call of endpoint `E` in this session, to add headers to before sending (see
    /// [`request`]); read its answer with [`answer`].
    pub fn request<E: Endpoint>(
        &self,
        params: &[&str],
        query: &E::Query,
        body: &E::Request,
    ) -> reqwest::RequestBuilder {
        request::<E>(&self.client, &self.base, params, query, body)
    }

    /// Calls endpoint `E`: its typed answer, or its refusal (see [`answer`]).
    pub async fn call<E: Endpoint>(
        &self,
        params: &[&str],
        query: &E::Query,
        body: &E::Request,
    ) -> anyhow::Result<Result<E::Response, Refused>> {
        answer::<E>(self.request::<E>(params, query, body).send().await?).await
    }

    /// As [`Session::call`], failing unless the answer is `E::STATUS`; the typed answer.
    pub async fn ok<E: Endpoint>(
        &self,
        params: &[&str],
        query: &E::Query,
        body: &E::Request,
    ) -> anyhow::Result<E::Response> {
        self.call::<E>(params, query, body)
            .await?
            .map_err(|refused| anyhow::anyhow!("{} {}: refused: {refused}", E::NAME, url::<E>(params, query)))
    }

    /// As [`Session::call`], failing unless the call is refused; the refusal.
    pub async fn refused<E: Endpoint>(
        &self,
        params: &[&str],
        query: &E::Query,
        body: &E::Request,
    ) -> anyhow::Result<Refused> {
        match self.call::<E>(params, query, body).await? {
            Ok(_) => anyhow::bail!("{} {}: accepted, but it must be refused", E::NAME, url::<E>(params, query)),
            Err(refused) => Ok(refused),
        }
    }

    /// Calls endpoint `E` for the body's bytes as they travel: a file, a CSV, a spreadsheet,
    /// text, or a JSON answer to search as text (checked against its type all the same).
    /// The bytes, or the refusal.
    pub async fn download<E: Endpoint<Request = ()>>(
        &self,
        params: &[&str],
        query: &E::Query,
    ) -> anyhow::Result<Result<Vec<u8>, Refused>> {
        let response = self.request::<E>(params, query, &()).send().await?;
        Ok(read::<E>(response).await?.map(|(_, bytes)| bytes))
    }

    /// A GET's status and raw body, for tests that read every answer as text (searching it
    /// for what must not be there). Build `path` with `url::<E>`.
    pub async fn get_text(&self, path: &str) -> anyhow::Result<(StatusCode, String)> {
        let response = self.client.get(self.url(path)).send().await?;
        Ok((response.status(), response.text().await?))
    }

    /// Sends `body` as it is, as JSON (no body at all when it is empty), for the tests that
    /// send on purpose what no `shared` value serializes to: malformed JSON, a wrong type,
    /// an unknown field or enum value, a query no query type can hold. The status, and the
    /// error body if the answer has one.
    pub async fn send_raw(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &str,
    ) -> anyhow::Result<(StatusCode, Option<ApiError>)> {
        let mut request = self.client.request(method, self.url(path));
        if !body.is_empty() {
            request = request.header(reqwest::header::CONTENT_TYPE, "application/json").body(body.to_owned());
        }
        let response = request.send().await?;
        let status = response.status();
        let bytes = response.bytes().await?;
        Ok((status, serde_json::from_slice(&bytes).ok()))
    }
}

impl Session {
    /// A session over a client of the caller's making (e.g. one bound to another source
    /// address).
    pub fn from_client(client: reqwest::Client, app: &TestApp) -> Session {
        Session { client, base: format!("http://{}", app.address) }
    }

    /// Takes a typed workflow action on a campaign at the version it has now: the
    /// campaign after it, or the refusal.
    pub async fn perform(&self, campaign: u64, action: &Action) -> anyhow::Result<Result<CampaignDetail, Refused>> {
        let id = campaign.to_string();
        let detail = self.ok::<GetCampaign>(&[&id], &(), &()).await?;
        let request = ActionRequest { version: detail.campaign.version, action: action.clone() };
        self.call::<ActOnCampaign>(&[&id, action.kind().as_str()], &(), &request).await
    }

    /// As [`Session::perform`], failing unless the action is accepted; the campaign after it.
    pub async fn perform_ok(&self, campaign: u64, action: &Action) -> anyhow::Result<CampaignDetail> {
        self.perform(campaign, action).await?.map_err(|refused| anyhow::anyhow!("{:?}: {refused}", action.kind()))
    }

    /// Uploads a file (named by `x-file-name` when `name` is given): its description, or
    /// the refusal.
    pub async fn try_upload(
        &self,
        bytes: Vec<u8>,
        name: Option<&str>,
    ) -> anyhow::Result<Result<AttachmentView, Refused>> {
        let mut request = self.request::<Upload>(&[], &(), &());
        if let Some(name) = name {
            request = request.header("x-file-name", name);
        }
        answer::<Upload>(request.body(bytes).send().await?).await
    }

    /// Uploads a file; its description.
    pub async fn upload(&self, bytes: Vec<u8>, name: &str) -> anyhow::Result<AttachmentView> {
        self.try_upload(bytes, Some(name)).await?.map_err(|refused| anyhow::anyhow!("upload {name}: {refused}"))
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
        let request = LoginRequest { login: login.into(), password: password.into() };
        session.ok::<LogIn>(&[], &(), &request).await.map_err(|e| anyhow::anyhow!("login {login}: {e}"))?;
        Ok(session)
    }

    pub async fn admin(&self) -> anyhow::Result<Session> {
        self.login("admin", ADMIN_PASSWORD).await
    }
}

/// The password of every account the test world creates.
pub const PASSWORD: &str = "test-password-1";

/// Who acts in a test: one account of the test world per role, store managers for each of
/// its two stores, and the administrator. An enum, so that a misspelt name does not
/// compile (the authorization matrix, written as text, parses its names with
/// [`Who::parse`] and fails on one it does not know).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Who {
    Vp,
    Planning,
    Design,
    Video,
    Brand,
    Merchandise,
    Purchasing,
    ServiceCenter,
    Market,
    /// The manager of the world's first store (`World::own_store`).
    StoreManager,
    /// The manager of its second store (`World::other_store`).
    OtherStoreManager,
    /// The first administrator (`ADMIN_PASSWORD`).
    Admin,
}

impl Who {
    /// Everyone, the administrator last.
    pub const ALL: [Who; 12] = [
        Who::Vp,
        Who::Planning,
        Who::Design,
        Who::Video,
        Who::Brand,
        Who::Merchandise,
        Who::Purchasing,
        Who::ServiceCenter,
        Who::Market,
        Who::StoreManager,
        Who::OtherStoreManager,
        Who::Admin,
    ];

    /// The name the text of a test uses (`"planning"`, `"other_store_manager"`, …).
    pub fn name(self) -> &'static str {
        match self {
            Who::Vp => "vp",
            Who::Planning => "planning",
            Who::Design => "design",
            Who::Video => "video",
            Who::Brand => "brand",
            Who::Merchandise => "merchandise",
            Who::Purchasing => "purchasing",
            Who::ServiceCenter => "service_center",
            Who::Market => "market",
            Who::StoreManager => "store_manager",
            Who::OtherStoreManager => "other_store_manager",
            Who::Admin => "admin",
        }
    }

    /// The one named `name` ([`Who::name`]); an error naming it otherwise.
    pub fn parse(name: &str) -> anyhow::Result<Who> {
        Who::ALL.into_iter().find(|w| w.name() == name).ok_or_else(|| anyhow::anyhow!("no one is called {name:?}"))
    }

    /// The role of the account.
    pub fn role(self) -> Role {
        match self {
            Who::Vp => Role::Vp,
            Who::Planning => Role::Planning,
            Who::Design => Role::Design,
            Who::Video => Role::Video,
            Who::Brand => Role::Brand,
            Who::Merchandise => Role::Merchandise,
            Who::Purchasing => Role::Purchasing,
            Who::ServiceCenter => Role::ServiceCenter,
            Who::Market => Role::Market,
            Who::StoreManager | Who::OtherStoreManager => Role::StoreManager,
            Who::Admin => Role::Admin,
        }
    }

    /// The account's login name.
    pub fn login(self) -> &'static str {
        match self {
            Who::Vp => "u.vp",
            Who::Planning => "u.planning",
            Who::Design => "u.design",
            Who::Video => "u.video",
            Who::Brand => "u.brand",
            Who::Merchandise => "u.merchandise",
            Who::Purchasing => "u.purchasing",
            Who::ServiceCenter => "u.service.center",
            Who::Market => "u.market",
            Who::StoreManager => "u.store.manager",
            Who::OtherStoreManager => "u.other.store.manager",
            Who::Admin => "admin",
        }
    }
}

impl std::fmt::Display for Who {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Who {
    type Err = anyhow::Error;

    fn from_str(name: &str) -> anyhow::Result<Who> {
        Who::parse(name)
    }
}

/// A small region built through the API by the administrator: two stores, one account
/// per role (store managers for each store), and a planner covering the first store.
pub struct World {
    pub own_store: u64,
    pub other_store: u64,
    /// Login name of each account the world made (the administrator's is `"admin"`).
    pub logins: Vec<(Who, String)>,
    pub planner_person: u64,
}

/// A test person's name as the pages show it: the role, in words (no `snake_case`, which
/// the screens' word check would rightly refuse).
fn display_name(who: Who) -> String {
    format!("{} 测试", who.name().replace('_', " "))
}

impl World {
    /// The login name of `who` (the same in every world: [`Who::login`]).
    pub fn login_of(&self, who: Who) -> &'static str {
        who.login()
    }

    pub async fn session(&self, app: &TestApp, who: Who) -> anyhow::Result<Session> {
        if who == Who::Admin {
            return app.admin().await;
        }
        app.login(self.login_of(who), PASSWORD).await
    }

    pub async fn build(app: &TestApp) -> anyhow::Result<World> {
        let admin = app.admin().await?;
        let mut stores = Vec::new();
        for (code, name, province, city) in
            [("HLJ-001", "鸡西店", Province::Heilongjiang, "鸡西"), ("JL-002", "延吉店", Province::Jilin, "延吉")]
        {
            let store = Store {
                id: StoreId(0),
                code: code.into(),
                name: name.into(),
                province,
                city: city.into(),
                address: "中心大街 1 号".into(),
                manager: None,
                opened_on: None,
                status: StoreStatus::Open,
            };
            let created = admin.ok::<CreateStore>(&[], &(), &Write { version: 0, value: store }).await?;
            stores.push(created.value.id);
        }
        let mut logins = Vec::new();
        let mut planner_person = None;
        for who in Who::ALL.into_iter().filter(|w| *w != Who::Admin) {
            let store = match who {
                Who::StoreManager => Some(stores[0]),
                Who::OtherStoreManager => Some(stores[1]),
                _ => None,
            };
            let login = who.login().to_owned();
            let user = NewUser {
                login: login.clone(),
                password: PASSWORD.into(),
                role: who.role(),
                person: None,
                name: display_name(who),
                store,
            };
            let created =
                admin.ok::<CreateUser>(&[], &(), &user).await.map_err(|e| anyhow::anyhow!("user {who}: {e}"))?;
            if who == Who::Planning {
                planner_person = Some(created.person);
            }
            logins.push((who, login));
        }
        let planner_person = planner_person.ok_or_else(|| anyhow::anyhow!("no planner was made"))?;
        // The planner covers the first store.
        let org = admin.ok::<GetOrg>(&[], &(), &()).await?;
        let person = org
            .people
            .into_iter()
            .find(|p| p.value.id == planner_person)
            .ok_or_else(|| anyhow::anyhow!("planner person missing"))?;
        let value = Person { stores_covered: vec![stores[0]], ..person.value };
        admin
            .ok::<UpdatePerson>(&[&planner_person.to_string()], &(), &Write { version: person.version, value })
            .await
            .map_err(|e| anyhow::anyhow!("coverage: {e}"))?;
        Ok(World { own_store: stores[0].0, other_store: stores[1].0, logins, planner_person: planner_person.0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_who_is_found_by_its_name_and_a_typo_is_an_error() {
        for who in Who::ALL {
            assert_eq!(Who::parse(who.name()).ok(), Some(who));
            assert_eq!(who.name().parse::<Who>().ok(), Some(who));
        }
        assert!(Who::parse("planer").is_err());
        assert!(Who::parse("").is_err());
        let logins: std::collections::BTreeSet<&str> = Who::ALL.iter().map(|w| w.login()).collect();
        assert_eq!(logins.len(), Who::ALL.len(), "one login each");
    }
}
