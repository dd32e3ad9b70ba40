//! Client benchmark (`cargo bench -p tests --bench client`): the shipped client's size
//! (wasm, JS, CSS; raw and gzip), the time from navigation to an interactive home page in
//! headless Chromium, and the time of the form validation run on every keystroke.
//! Prints a table and writes `target/bench/client.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use fantoccini::Locator;
use tests::browser::{Browser, log_in};
use tests::{PASSWORD, World, spawn_app, wait_for};

fn gzip_len(bytes: &[u8]) -> usize {
    let mut child = Command::new("gzip").arg("-9c").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap().stdout.len()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let mut sizes = Vec::new();
    let (mut raw_total, mut gzip_total) = (0, 0);
    println!("| asset | raw bytes | gzip -9 bytes |");
    println!("|---|---|---|");
    for asset in ["/assets/app_bg.wasm", "/assets/app.js", "/assets/boot.js", "/assets/style.css", "/"] {
        let bytes = app.http.get(app.url(asset)).send().await?.bytes().await?;
        let gz = gzip_len(&bytes);
        raw_total += bytes.len();
        gzip_total += gz;
        println!("| {asset} | {} | {gz} |", bytes.len());
        sizes.push(serde_json::json!({"asset": asset, "raw": bytes.len(), "gzip": gz}));
    }
    println!("| total | {raw_total} | {gzip_total} |");

    let browser = Browser::start(768, 1024).await?;
    let client = browser.client.clone();
    let measured = async {
        log_in(&client, &app.url("/"), world.login_of("store_manager"), PASSWORD).await?;
        let mut interactive_ms = Vec::new();
        for _ in 0..7 {
            client.goto(&app.url("/")).await?;
            wait_for(Duration::from_secs(20), "home", || async { client.find(Locator::Id("needs-me")).await.ok() })
                .await?;
            let ms = client.execute("return performance.now()", vec![]).await?.as_f64().unwrap_or_default();
            interactive_ms.push(ms);
        }
        interactive_ms.sort_by(f64::total_cmp);
        let validation = client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 import('/assets/app.js').then(m => done(m.validation_benchmark(5000)));",
                vec![],
            )
            .await?
            .as_f64()
            .unwrap_or(-1.0);
        Ok::<_, anyhow::Error>((interactive_ms, validation))
    }
    .await;
    browser.close().await;
    let (interactive_ms, validation_ms) = measured?;
    let median = interactive_ms[interactive_ms.len() / 2];
    println!();
    println!(
        "navigation → interactive home (store manager, logged in): median {median:.0} ms, min {:.0} ms, max {:.0} ms over {} loads",
        interactive_ms[0],
        interactive_ms[interactive_ms.len() - 1],
        interactive_ms.len()
    );
    println!("form validation per keystroke (shared::intake::check_form in the browser): {:.4} ms", validation_ms);
    let json = serde_json::json!({
        "assets": sizes, "raw_total": raw_total, "gzip_total": gzip_total,
        "interactive_home_ms_median": median.round(), "validation_ms_per_keystroke": validation_ms,
    });
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("client.json"), serde_json::to_string_pretty(&json)?)?;
    Ok(())
}
