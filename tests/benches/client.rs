//! Client benchmark (`cargo bench -p tests --bench client`): what a tablet downloads and
//! how long it waits, measured in headless Chromium with DevTools network emulation on a
//! 4G and a 3G profile.
//!
//! - The shipped files: raw, gzip and brotli bytes of each (as built into the server).
//! - A first visit (no cache, no service worker; logged in already) and repeat visits of a
//!   store manager's home page: bytes on the wire each way (counted by a relay between
//!   the browser and the server, so the service worker's own requests count too) and the
//!   time from navigation to the first paint and to the home page's list being shown
//!   (the app's `home-ready` User Timing mark).
//! - The form validation run on every keystroke, in the browser.
//!
//! Prints tables and writes `target/bench/client.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::Duration;

use fantoccini::Client;
use server::assets::ASSETS;
use tests::browser::{Browser, Network, cdp, emulate, log_in};
use tests::proxy::{Bytes, CountingProxy};
use tests::{PASSWORD, Who, World, spawn_app, wait_for};

/// One open of the app.
#[derive(Debug, Clone, Copy)]
struct Visit {
    first_paint_ms: f64,
    interactive_ms: f64,
    /// Until the home page was shown.
    at_interactive: Bytes,
    /// Including what followed (the service worker's install on a first visit).
    settled: Bytes,
}

async fn visit(client: &Client, proxy: &CountingProxy) -> anyhow::Result<Visit> {
    proxy.take();
    client.goto(&proxy.url("/")).await?;
    let interactive_ms = wait_for(Duration::from_secs(60), "the home page", || async {
        client
            .execute(
                "const m = performance.getEntriesByName('home-ready'); return m.length ? m[0].startTime : null;",
                vec![],
            )
            .await
            .ok()?
            .as_f64()
    })
    .await?;
    let at_interactive = proxy.take();
    // What the page does after: the service worker's install (its precache) is over once
    // a worker is active and none is installing or waiting.
    wait_for(Duration::from_secs(60), "the service worker to settle", || async {
        let settled = client
            .execute(
                "if (!('serviceWorker' in navigator)) return true; \
                 return navigator.serviceWorker.getRegistration().then(r => \
                   !!(r && r.active && r.active.state === 'activated' && !r.installing && !r.waiting));",
                vec![],
            )
            .await
            .ok()?
            .as_bool()?;
        settled.then_some(())
    })
    .await?;
    let after = proxy.take();
    let first_paint_ms = client
        .execute(
            "const p = performance.getEntriesByName('first-contentful-paint'); return p.length ? p[0].startTime : -1;",
            vec![],
        )
        .await?
        .as_f64()
        .unwrap_or(-1.0);
    Ok(Visit {
        first_paint_ms,
        interactive_ms,
        at_interactive,
        settled: Bytes { down: at_interactive.down + after.down, up: at_interactive.up + after.up },
    })
}

/// Forgets the app's files (HTTP cache, service worker, its cache), keeping the login.
async fn forget_the_app(client: &Client, proxy: &CountingProxy) -> anyhow::Result<()> {
    client.goto("about:blank").await?;
    let origin = proxy.url("");
    cdp(
        client,
        "Storage.clearDataForOrigin",
        serde_json::json!({ "origin": origin, "storageTypes": "service_workers,cache_storage" }),
    )
    .await?;
    cdp(client, "Network.clearBrowserCache", serde_json::json!({})).await?;
    Ok(())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn median_visit(visits: &[Visit]) -> Visit {
    let pick = |f: fn(&Visit) -> u64| {
        let mut v: Vec<u64> = visits.iter().map(f).collect();
        v.sort_unstable();
        v[v.len() / 2]
    };
    Visit {
        first_paint_ms: median(visits.iter().map(|v| v.first_paint_ms).collect()),
        interactive_ms: median(visits.iter().map(|v| v.interactive_ms).collect()),
        at_interactive: Bytes { down: pick(|v| v.at_interactive.down), up: pick(|v| v.at_interactive.up) },
        settled: Bytes { down: pick(|v| v.settled.down), up: pick(|v| v.settled.up) },
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;

    println!("| file | raw bytes | gzip bytes | brotli bytes |");
    println!("|---|---|---|---|");
    let mut files = Vec::new();
    for asset in ASSETS {
        println!("| {} | {} | {} | {} |", asset.path, asset.identity.len(), asset.gzip.len(), asset.brotli.len());
        files.push(serde_json::json!({
            "path": asset.path, "raw": asset.identity.len(), "gzip": asset.gzip.len(), "brotli": asset.brotli.len(),
        }));
    }

    const FIRST_VISITS: usize = 3;
    const REPEAT_VISITS: usize = 5;
    let mut results = Vec::new();
    let mut validation_ms = -1.0;
    for network in [Network::FOUR_G, Network::THREE_G] {
        let proxy = CountingProxy::start(app.address).await?;
        let browser = Browser::start(768, 1024).await?;
        let client = browser.client.clone();
        let measured = async {
            log_in(&client, &proxy.url("/"), world.login_of(Who::StoreManager), PASSWORD).await?;
            let mut first = Vec::new();
            for _ in 0..FIRST_VISITS {
                forget_the_app(&client, &proxy).await?;
                emulate(&client, Some(network)).await?;
                first.push(visit(&client, &proxy).await?);
                emulate(&client, None).await?;
            }
            // The app is installed now (the last first visit left its service worker).
            let mut repeat = Vec::new();
            emulate(&client, Some(network)).await?;
            for _ in 0..REPEAT_VISITS {
                repeat.push(visit(&client, &proxy).await?);
            }
            emulate(&client, None).await?;
            let validation = if validation_ms < 0.0 {
                let module = ASSETS
                    .iter()
                    .find(|a| a.path.starts_with("/assets/app-store.") && a.path.ends_with(".js"))
                    .map(|a| a.path)
                    .expect("the store build's glue");
                // The calendar year and the templates as the server sends them.
                let year = serde_json::to_value(shared::Calendar::china_official().year(2026))?;
                let templates = shared::api::ScheduleTemplates {
                    templates: shared::campaign::CampaignType::ALL
                        .into_iter()
                        .map(|kind| {
                            let t = shared::schedule::Template::default_for(kind);
                            shared::api::ScheduleTemplateView {
                                kind,
                                working_days_needed: t.working_days_needed(),
                                stages: t.stages,
                                lead_working_days: t.lead_working_days,
                                applies_from: None,
                                next: None,
                            }
                        })
                        .collect(),
                };
                client
                    .execute_async(
                        "const done = arguments[arguments.length - 1]; \
                         import(arguments[0]).then(m => done(m.validation_benchmark(5000, arguments[1], arguments[2])));",
                        vec![module.into(), year.to_string().into(), serde_json::to_string(&templates)?.into()],
                    )
                    .await?
                    .as_f64()
                    .unwrap_or(-1.0)
            } else {
                validation_ms
            };
            Ok::<_, anyhow::Error>((first, repeat, validation))
        }
        .await;
        browser.close().await;
        let (first, repeat, validation) = measured?;
        validation_ms = validation;
        results.push((network, median_visit(&first), median_visit(&repeat)));
    }

    println!();
    println!(
        "| network | visit | bytes down until interactive | bytes up | bytes down incl. what follows | first paint | interactive home |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut json_visits = Vec::new();
    for (network, first, repeat) in &results {
        for (name, v) in [("first", first), ("repeat", repeat)] {
            println!(
                "| {} ({} kbit/s, {} ms RTT) | {name} | {} | {} | {} | {:.0} ms | {:.0} ms |",
                network.name,
                network.down_kbit,
                network.rtt_ms,
                v.at_interactive.down,
                v.at_interactive.up,
                v.settled.down,
                v.first_paint_ms,
                v.interactive_ms
            );
            json_visits.push(serde_json::json!({
                "network": network.name, "visit": name,
                "bytes_down_until_interactive": v.at_interactive.down, "bytes_up_until_interactive": v.at_interactive.up,
                "bytes_down_settled": v.settled.down, "first_paint_ms": v.first_paint_ms.round(),
                "interactive_ms": v.interactive_ms.round(),
            }));
        }
    }
    println!();
    println!("medians of {FIRST_VISITS} first visits and {REPEAT_VISITS} repeat visits per network");
    println!("form validation per keystroke (shared::intake::check_form in the browser): {validation_ms:.4} ms");
    let json = serde_json::json!({
        "files": files, "visits": json_visits, "validation_ms_per_keystroke": validation_ms,
    });
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("client.json"), serde_json::to_string_pretty(&json)?)?;
    Ok(())
}
