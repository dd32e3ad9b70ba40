//! Helpers for Campaign Desk's end-to-end tests: a real server on `127.0.0.1:0` with a
//! fresh temporary data directory, an HTTP client, a deadline-bounded wait, and a real
//! headless Chromium driven over WebDriver.

pub mod browser;

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
        no_demo: true,
    }
}

/// The first administrator's password in test servers.
pub const ADMIN_PASSWORD: &str = "admin-test-password";

async fn start_on(data_dir: TempDir) -> anyhow::Result<TestApp> {
    let config = config_for(data_dir.path().to_path_buf());
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

impl TestApp {
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
