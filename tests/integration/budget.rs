//! The budget of a shop tablet's first visit (issue 25): everything a store manager's
//! browser downloads the first time it opens the app — the page, the boot script, the
//! style, the manifest and icons, the service worker and the store managers' build of the
//! app — must fit in 250,000 bytes on the wire with brotli and 300,000 with gzip. Sizes
//! are deterministic, so this is a budget the test command holds, not a timed test: the
//! next feature cannot grow the store's app unnoticed. (Time to interactive on 3G is
//! measured in `tests/benches/client.rs`, BENCHMARKS.md.)

use reqwest::header::ACCEPT_ENCODING;
use tests::spawn_app;

/// Bytes on the wire for a first visit, brotli and gzip.
pub const FIRST_VISIT_BROTLI_MAX: u64 = 250_000;
pub const FIRST_VISIT_GZIP_MAX: u64 = 300_000;

/// Every `"/assets/…"` or `'/assets/…'` path in a text.
fn asset_paths(text: &str) -> Vec<String> {
    text.split(['"', '\''])
        .filter(|part| {
            part.starts_with("/assets/") && part.len() > "/assets/".len() && !part.contains(char::is_whitespace)
        })
        .map(str::to_owned)
        .collect()
}

/// The bytes a response takes on the wire: its status line, headers and body as sent.
async fn on_the_wire(response: reqwest::Response) -> anyhow::Result<u64> {
    let headers: u64 = response.headers().iter().map(|(k, v)| (k.as_str().len() + v.len() + 4) as u64).sum();
    Ok(headers + 17 + 2 + response.bytes().await?.len() as u64)
}

#[tokio::test]
async fn a_shop_tablets_first_visit_fits_its_budget() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    // What a first visit asks for, read from the files themselves (uncompressed here).
    let text = |path: &str| {
        let request = app.http.get(app.url(path));
        async move { anyhow::Ok(request.send().await?.text().await?) }
    };
    let page = text("/").await?;
    let worker = text("/sw.js").await?;
    let mut files: Vec<String> = asset_paths(&page);
    // The boot script names both builds; a store's browser loads the store's.
    let boot = files.iter().find(|p| p.starts_with("/assets/boot.")).cloned().unwrap_or_default();
    let boot_js = text(&boot).await?;
    let store_start = boot_js.find("store:").unwrap_or_default();
    let store_end = boot_js.find("staff:").unwrap_or(boot_js.len());
    files.extend(asset_paths(&boot_js[store_start..store_end]));
    // The worker keeps the shell and the store's build when it installs (not the staff's
    // build and style).
    files.extend(asset_paths(&worker).into_iter().filter(|p| !p.contains("app-staff") && !p.contains("/staff.")));
    files.sort();
    files.dedup();
    anyhow::ensure!(files.iter().any(|p| p.contains("app-store_bg.") && p.ends_with(".wasm")), "{files:?}");
    files.push("/".into());
    files.push("/sw.js".into());
    let mut totals = Vec::new();
    for (encoding, max) in [("br, gzip", FIRST_VISIT_BROTLI_MAX), ("gzip", FIRST_VISIT_GZIP_MAX)] {
        let mut total = 0;
        let mut listed = Vec::new();
        for path in &files {
            let bytes =
                on_the_wire(app.http.get(app.url(path)).header(ACCEPT_ENCODING, encoding).send().await?).await?;
            total += bytes;
            listed.push(format!("{path}: {bytes}"));
        }
        eprintln!("first visit ({encoding}): {total} bytes on the wire\n  {}", listed.join("\n  "));
        totals.push((encoding, total, max));
    }
    for (encoding, total, max) in totals {
        assert!(
            total <= max,
            "a store tablet's first visit takes {total} bytes with {encoding}, over its budget of {max}: \
             make the store managers' app smaller before adding to it"
        );
    }
    Ok(())
}
