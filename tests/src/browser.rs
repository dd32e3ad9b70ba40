//! A real headless Chromium, driven through chromedriver with fantoccini. A machine
//! without Chromium fails these tests loudly with the install command: it never skips.

use std::net::TcpListener as StdListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::wait_for;

/// Flags that make Chromium quiet on a machine with no network but loopback.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",
];

fn find(env_var: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env_var) {
        return Some(PathBuf::from(path));
    }
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

/// A chromedriver process and a WebDriver session on a fresh Chromium profile.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a `width`×`height` window.
    pub async fn start(width: u32, height: u32) -> anyhow::Result<Browser> {
        let driver_path = find("CHROMEDRIVER", &["/usr/bin/chromedriver"]).ok_or_else(|| {
            anyhow::anyhow!(
                "chromedriver not found: the browser tests need Debian's Chromium. Install it with \
                 `apt-get install -y chromium chromium-driver` (cargo xtask test does this as root), \
                 or set CHROMEDRIVER and CHROMIUM"
            )
        })?;
        let chromium = find("CHROMIUM", &["/usr/bin/chromium", "/usr/bin/chromium-browser"])
            .ok_or_else(|| anyhow::anyhow!("chromium not found: apt-get install -y chromium chromium-driver"))?;
        let port = StdListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| anyhow::anyhow!("starting {}: {e}", driver_path.display()))?;
        let profile = tempfile::tempdir()?;
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| (*s).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--window-size={width},{height}"));
        let mut capabilities = serde_json::Map::new();
        capabilities
            .insert("goog:chromeOptions".into(), json!({ "binary": chromium.display().to_string(), "args": args }));
        let webdriver_url = format!("http://127.0.0.1:{port}");
        let mut driver = driver;
        let connected = wait_for(Duration::from_secs(20), "chromedriver to accept a session", || {
            let capabilities = capabilities.clone();
            let url = webdriver_url.clone();
            async move { ClientBuilder::new(HttpConnector::new()).capabilities(capabilities).connect(&url).await.ok() }
        })
        .await;
        match connected {
            Ok(client) => Ok(Browser { client, driver, _profile: profile }),
            Err(error) => {
                let _ = driver.kill();
                let _ = driver.wait();
                Err(error)
            }
        }
    }

    /// Ends the WebDriver session and chromedriver. Call it also when a test fails.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
