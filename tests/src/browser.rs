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
            // Chromium takes its locale (date formats in date inputs) from these.
            .env("LANG", "zh_CN.UTF-8")
            .env("LANGUAGE", "zh_CN:zh")
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

/// How long a browser step may take before the test fails.
pub const STEP: Duration = Duration::from_secs(20);

/// Sets a form field's value the way a picker or keyboard would, and fires `input`
/// (date and number inputs type differently per locale; this does not).
pub async fn set_value(client: &Client, css: &str, value: &str) -> anyhow::Result<()> {
    wait_for(STEP, css, || async { client.find(fantoccini::Locator::Css(css)).await.ok() }).await?;
    let found = client
        .execute(
            "const el = document.querySelector(arguments[0]); if (!el) return false; \
             const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype; \
             Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]); \
             el.dispatchEvent(new Event('input', { bubbles: true })); return true;",
            vec![css.into(), value.into()],
        )
        .await?;
    anyhow::ensure!(found == serde_json::Value::Bool(true), "no element {css}");
    Ok(())
}

/// Waits for an element and returns its text.
pub async fn text_of(client: &Client, css: &str) -> anyhow::Result<String> {
    let element = wait_for(STEP, css, || async { client.find(fantoccini::Locator::Css(css)).await.ok() }).await?;
    Ok(element.text().await?)
}

/// Waits for an element and clicks it.
pub async fn click(client: &Client, css: &str) -> anyhow::Result<()> {
    let element = wait_for(STEP, css, || async { client.find(fantoccini::Locator::Css(css)).await.ok() }).await?;
    element.click().await?;
    Ok(())
}

/// Checks a screen for what users must never read or be misled by: field or action codes
/// (`confirm_plan`), record numbers (`#167`), rule numbers (`R3`) in the page's text, and
/// a `<select>` showing something other than what the page holds (every select is the
/// app's `Select`, which carries its state in `data-value`). Called on every screenshot,
/// so every screen of the walk-through is checked.
pub async fn check_users_words(client: &Client, screen: &str) -> anyhow::Result<()> {
    let problems = client
        .execute(
            "const text = document.body.innerText; const problems = []; \
             for (const m of text.match(/\\b[a-z]+(?:_[a-z0-9]+)+\\b/g) || []) problems.push('code: ' + m); \
             for (const m of text.match(/#\\d+/g) || []) problems.push('record number: ' + m); \
             for (const m of text.match(/\\bR[1-8]\\b/g) || []) problems.push('rule number: ' + m); \
             for (const s of document.querySelectorAll('select')) { \
               if (!s.hasAttribute('data-value')) problems.push('select without its state: #' + s.id); \
               else if (s.value !== s.getAttribute('data-value')) \
                 problems.push('select #' + s.id + ' shows ' + JSON.stringify(s.value) + \
                   ' but holds ' + JSON.stringify(s.getAttribute('data-value'))); \
             } \
             return problems;",
            vec![],
        )
        .await?;
    let problems: Vec<String> = serde_json::from_value(problems)?;
    anyhow::ensure!(problems.is_empty(), "screen {screen}: {problems:?}");
    Ok(())
}

/// Saves a screenshot of the page at 768×1024 and at 1024×768 under
/// `target/screenshots/NAME-{portrait,landscape}.png`, then restores portrait.
pub async fn screenshots(client: &Client, name: &str) -> anyhow::Result<()> {
    check_users_words(client, name).await?;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&dir)?;
    for (suffix, width, height) in [("landscape", 1024, 768), ("portrait", 768, 1024)] {
        client.set_window_size(width, height).await?;
        // Let the layout settle after the resize before taking the picture.
        client
            .execute("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))", vec![])
            .await?;
        std::fs::write(dir.join(format!("{name}-{suffix}.png")), client.screenshot().await?)?;
    }
    Ok(())
}

/// Logs in through the login page.
pub async fn log_in(client: &Client, base: &str, login: &str, password: &str) -> anyhow::Result<()> {
    client.goto(base).await?;
    let field =
        wait_for(STEP, "the login form", || async { client.find(fantoccini::Locator::Id("login")).await.ok() }).await?;
    field.send_keys(login).await?;
    client.find(fantoccini::Locator::Id("password")).await?.send_keys(password).await?;
    client.find(fantoccini::Locator::Id("login-submit")).await?.click().await?;
    // A store manager lands on "needs me", the staff on "my work".
    wait_for(STEP, "the home page", || async {
        match client.find(fantoccini::Locator::Id("needs-me")).await {
            Ok(found) => Some(found),
            Err(_) => client.find(fantoccini::Locator::Id("my-work")).await.ok(),
        }
    })
    .await?;
    Ok(())
}

/// Saves screenshots at 1024×768 and 1366×768 (the staff's tablets and laptops), in
/// Chinese and then in English (switching the language and back), under
/// `target/screenshots/NAME-{zh,en}-{1024,1366}.png`.
pub async fn screenshots_wide(client: &Client, name: &str) -> anyhow::Result<()> {
    screenshots_of(client, name, None).await
}

/// As [`screenshots_wide`], with the element `focus` scrolled into view first.
pub async fn screenshots_of(client: &Client, name: &str, focus: Option<&str>) -> anyhow::Result<()> {
    check_users_words(client, name).await?;
    let scroll = |client: &Client| {
        let focus = focus.map(str::to_owned);
        let client = client.clone();
        async move {
            if let Some(css) = focus {
                client
                    .execute(
                        "document.querySelector(arguments[0])?.scrollIntoView({block: 'center'})",
                        vec![css.into()],
                    )
                    .await?;
            }
            Ok::<_, anyhow::Error>(())
        }
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&dir)?;
    for lang in ["zh", "en"] {
        if lang == "en" {
            click(client, "#switch-lang").await?;
        }
        for width in [1024, 1366] {
            client.set_window_size(width, 768).await?;
            scroll(client).await?;
            client
                .execute("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))", vec![])
                .await?;
            std::fs::write(dir.join(format!("{name}-{lang}-{width}.png")), client.screenshot().await?)?;
        }
    }
    click(client, "#switch-lang").await?;
    client.set_window_size(1024, 768).await?;
    Ok(())
}

/// Logs out whoever is logged in and logs in as `login`.
pub async fn switch_user(client: &Client, base: &str, login: &str, password: &str) -> anyhow::Result<()> {
    client.goto(base).await?;
    client.delete_all_cookies().await?;
    log_in(client, base, login, password).await
}

/// Picks an option of a `<select>` as a finger would: sets the value and fires `change`.
pub async fn choose(client: &Client, css: &str, value: &str) -> anyhow::Result<()> {
    wait_for(STEP, css, || async { client.find(fantoccini::Locator::Css(css)).await.ok() }).await?;
    // The options may still be loading (a list from the server), as a person would wait.
    let _ = wait_for(Duration::from_secs(5), "the option", || async {
        let found = client
            .execute(
                "const el = document.querySelector(arguments[0]);                  return !!el && [...el.options].some(o => o.value === arguments[1]);",
                vec![css.into(), value.into()],
            )
            .await
            .ok()?;
        (found == serde_json::Value::Bool(true)).then_some(())
    })
    .await;
    let picked = client
        .execute(
            "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
             el.dispatchEvent(new Event('change', { bubbles: true })); return el.value === arguments[1];",
            vec![css.into(), value.into()],
        )
        .await?;
    anyhow::ensure!(picked == serde_json::Value::Bool(true), "{css} has no option {value}");
    Ok(())
}

/// A Chrome DevTools Protocol command, sent through chromedriver's
/// `POST /session/{id}/goog/cdp/execute` (network emulation, clearing caches).
#[derive(Debug)]
struct Cdp {
    method: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.method, "params": self.params }).to_string()))
    }
}

/// Runs one DevTools command on the page and returns its result.
pub async fn cdp(
    client: &Client,
    method: &'static str,
    params: serde_json::Value,
) -> anyhow::Result<serde_json::Value> {
    Ok(client.issue_cmd(Cdp { method, params }).await?)
}

/// A network as DevTools emulates it: download and upload speed, and round-trip time.
#[derive(Debug, Clone, Copy)]
pub struct Network {
    pub name: &'static str,
    pub down_kbit: u32,
    pub up_kbit: u32,
    pub rtt_ms: u32,
}

impl Network {
    /// A good 4G line in a shop: about 9 Mbit/s down, 170 ms round trip.
    pub const FOUR_G: Network = Network { name: "4G", down_kbit: 9_000, up_kbit: 9_000, rtt_ms: 170 };
    /// A weak line: about 1.6 Mbit/s down, 300 ms round trip (DevTools' "Fast 3G").
    pub const THREE_G: Network = Network { name: "3G", down_kbit: 1_600, up_kbit: 750, rtt_ms: 300 };
}

/// Throttles the page's network (DevTools network emulation), or lifts it with `None`.
pub async fn emulate(client: &Client, network: Option<Network>) -> anyhow::Result<()> {
    cdp(client, "Network.enable", json!({})).await?;
    let params = match network {
        Some(n) => json!({
            "offline": false,
            "latency": n.rtt_ms,
            "downloadThroughput": f64::from(n.down_kbit) * 1000.0 / 8.0,
            "uploadThroughput": f64::from(n.up_kbit) * 1000.0 / 8.0,
        }),
        None => json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    };
    cdp(client, "Network.emulateNetworkConditions", params).await?;
    Ok(())
}
