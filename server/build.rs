//! Builds the web client into the server binary, served as a static site should be:
//!
//! 1. compiles `client` to wasm32 twice in a nested cargo (its own target directory, so it
//!    never waits on the outer build's lock): the store managers' build (no staff pages)
//!    and the staff's build, then runs wasm-bindgen as a library on each;
//! 2. names every asset after its content (`app-store_bg.1a2b3c4d5e.wasm`), so it can be
//!    cached for a year, and fills those names into `boot.js`, the web app manifest, the
//!    service worker and `index.html`;
//! 3. compresses every asset with brotli and gzip, once, here;
//! 4. writes `assets.rs`, the table `src/assets.rs` serves from (`include_bytes!`).
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::env;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CLIENT_PROFILE: &str = "wasm-release";

/// One file the server serves, as built here.
struct Asset {
    /// The URL path it is served at.
    path: String,
    content_type: &'static str,
    /// Named after its content: cache it for a year.
    immutable: bool,
    bytes: Vec<u8>,
}

fn hash_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// `/assets/stem.HASH.ext` for `name` = `stem.ext`.
fn hashed(name: &str, bytes: &[u8]) -> String {
    let (stem, ext) = name.rsplit_once('.').expect("a file name with an extension");
    format!("/assets/{stem}.{}.{ext}", hash_hex(bytes))
}

fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_owned();
    for (key, value) in values {
        text = text.replace(&format!("{{{{{key}}}}}"), value);
    }
    assert!(!text.contains("{{"), "a template placeholder was left unfilled");
    text
}

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let root = manifest_dir.parent().expect("workspace root").to_path_buf();
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    for watched in ["client", "shared/src", "shared/Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    let client = root.join("client");
    let read = |name: &str| std::fs::read(client.join(name)).unwrap_or_else(|e| panic!("client/{name}: {e}"));

    // For working on the server alone: empty app builds (the page will not start). Never
    // set by the test or run commands.
    println!("cargo:rerun-if-env-changed=CAMPAIGN_DESK_SKIP_CLIENT");
    let bundles: Vec<(&str, Vec<u8>, Vec<u8>)> = if env::var_os("CAMPAIGN_DESK_SKIP_CLIENT").is_some() {
        vec![("store", b"// not built\n".to_vec(), Vec::new()), ("staff", b"// not built\n".to_vec(), Vec::new())]
    } else {
        ensure_wasm_target();
        [("store", &["--no-default-features", "--features", "store"][..]), ("staff", &[][..])]
            .into_iter()
            .map(|(variant, features)| {
                let (js, wasm) = build_client(&root, &out_dir, variant, features);
                (variant, js, wasm)
            })
            .collect()
    };

    let mut assets = Vec::new();
    let mut add = |name: &str, content_type: &'static str, bytes: Vec<u8>| -> String {
        let path = hashed(name, &bytes);
        assets.push(Asset { path: path.clone(), content_type, immutable: true, bytes });
        path
    };
    // Two stylesheets: `style.css` (the app's frame and the pages every role has), and the
    // staff's pages' own `css/*.css` in name order, loaded only by the staff's build.
    let css = read("style.css");
    let mut staff_css = Vec::new();
    let mut parts: Vec<PathBuf> = std::fs::read_dir(client.join("css"))
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "css")).collect()
        })
        .unwrap_or_default();
    parts.sort();
    for part in parts {
        staff_css.extend_from_slice(b"\n");
        staff_css.extend(std::fs::read(&part).unwrap_or_else(|e| panic!("{}: {e}", part.display())));
    }
    let style = add("style.css", "text/css; charset=utf-8", css);
    let staff_style = add("staff.css", "text/css; charset=utf-8", staff_css);
    let icon_192 = add("icon-192.png", "image/png", read("icons/icon-192.png"));
    let icon_512 = add("icon-512.png", "image/png", read("icons/icon-512.png"));
    let manifest = fill(
        &String::from_utf8(read("manifest.webmanifest")).expect("utf-8"),
        &[("ICON_192", &icon_192), ("ICON_512", &icon_512)],
    );
    let manifest = add("manifest.webmanifest", "application/manifest+json", manifest.into_bytes());
    let mut bundle_paths = Vec::new();
    for (variant, js, wasm) in bundles {
        let js_path = add(&format!("app-{variant}.js"), "text/javascript; charset=utf-8", js);
        let wasm_path = add(&format!("app-{variant}_bg.wasm"), "application/wasm", wasm);
        bundle_paths.push((variant, js_path, wasm_path));
    }
    let bundle = |variant: &str| bundle_paths.iter().find(|(v, _, _)| *v == variant).expect("both builds");
    let (store, staff) = (bundle("store"), bundle("staff"));
    // The version: every asset's name, so any change of any asset is a new version.
    let version = hash_hex(
        [&style, &staff_style, &icon_192, &icon_512, &manifest, &store.1, &store.2, &staff.1, &staff.2]
            .map(String::as_str)
            .concat()
            .as_bytes(),
    );
    let boot = fill(
        &String::from_utf8(read("boot.js")).expect("utf-8"),
        &[
            ("VERSION", &version),
            ("STORE_JS", &store.1),
            ("STORE_WASM", &store.2),
            ("STAFF_JS", &staff.1),
            ("STAFF_WASM", &staff.2),
            ("STAFF_STYLE", &staff_style),
        ],
    );
    let boot = add("boot.js", "text/javascript; charset=utf-8", boot.into_bytes());
    let index = fill(
        &String::from_utf8(read("index.html")).expect("utf-8"),
        &[("MANIFEST", &manifest), ("ICON_192", &icon_192), ("STYLE", &style), ("BOOT", &boot)],
    );
    // The shell the worker keeps: what opening the app needs. The large icon is fetched by
    // the browser only when the app is installed to the home screen.
    let shell = format!("[\"/\", \"{boot}\", \"{style}\", \"{manifest}\", \"{icon_192}\"]");
    let bundles_json = format!(
        "{{\"store\": [\"{}\", \"{}\"], \"staff\": [\"{}\", \"{}\", \"{staff_style}\"]}}",
        store.1, store.2, staff.1, staff.2
    );
    let worker = fill(
        &String::from_utf8(read("sw.js")).expect("utf-8"),
        &[("VERSION", &version), ("SHELL", &shell), ("BUNDLES", &bundles_json)],
    );
    // The page and the worker keep their names (browsers ask for them by name) and are
    // revalidated on every load (ETag).
    assets.push(Asset {
        path: "/".into(),
        content_type: "text/html; charset=utf-8",
        immutable: false,
        bytes: index.into_bytes(),
    });
    assets.push(Asset {
        path: "/sw.js".into(),
        content_type: "text/javascript; charset=utf-8",
        immutable: false,
        bytes: worker.into_bytes(),
    });
    write_table(&out_dir, &assets, &version);
}

/// Builds one variant of the client and runs wasm-bindgen on it; returns (js, wasm).
fn build_client(root: &Path, out_dir: &Path, variant: &str, features: &[&str]) -> (Vec<u8>, Vec<u8>) {
    let target_dir = root.join("target").join("client-wasm");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["build", "--package", "client", "--lib", "--target", WASM_TARGET, "--profile", CLIENT_PROFILE])
        .args(features)
        .arg("--target-dir")
        .arg(&target_dir);
    // The outer build's flags and wrappers are for the host, not for wasm32.
    for name in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_WRAPPER",
    ] {
        command.env_remove(name);
    }
    let status = command.status().expect("run the nested cargo build of the client");
    if !status.success() {
        panic!("building the web client ({variant}) for {WASM_TARGET} failed (see the errors above)");
    }
    let wasm = target_dir.join(WASM_TARGET).join(CLIENT_PROFILE).join("client.wasm");
    let out = out_dir.join(format!("bindgen-{variant}"));
    std::fs::create_dir_all(&out).expect("bindgen output directory");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)
        .expect("wasm-bindgen web mode")
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .out_name("app")
        .generate(&out)
        .unwrap_or_else(|error| panic!("wasm-bindgen on {}: {error:#}", wasm.display()));
    let read = |name: &str| std::fs::read(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    (read("app.js"), read("app_bg.wasm"))
}

/// Gzip as small as gzip gets (Zopfli: about 4 % smaller than level 9, for browsers that
/// take no brotli, such as any over plain HTTP); a few seconds per build.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    zopfli::compress(zopfli::Options::default(), zopfli::Format::Gzip, bytes, &mut out).expect("gzip in memory");
    out
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut std::io::Cursor::new(bytes), &mut out, &params).expect("brotli in memory");
    out
}

/// Writes every asset with its compressed forms under `OUT_DIR/assets/`, and the table.
fn write_table(out_dir: &Path, assets: &[Asset], version: &str) {
    let dir = out_dir.join("assets");
    std::fs::create_dir_all(&dir).expect("assets directory");
    let mut table =
        String::from("/// Every file of the web client (generated by build.rs).\npub static ASSETS: &[Asset] = &[\n");
    for (i, asset) in assets.iter().enumerate() {
        let base = format!("asset-{i}");
        std::fs::write(dir.join(&base), &asset.bytes).expect("write an asset");
        // Compressing a file that is already compressed (PNG) gains nothing.
        let compress = !asset.content_type.starts_with("image/");
        let gz = if compress { gzip(&asset.bytes) } else { asset.bytes.clone() };
        let br = if compress { brotli(&asset.bytes) } else { asset.bytes.clone() };
        std::fs::write(dir.join(format!("{base}.gz")), &gz).expect("write an asset");
        std::fs::write(dir.join(format!("{base}.br")), &br).expect("write an asset");
        let _ = writeln!(
            table,
            "    Asset {{ path: {:?}, content_type: {:?}, immutable: {}, etag: \"\\\"{}\\\"\", compressed: {compress}, \
             identity: include_bytes!(concat!(env!(\"OUT_DIR\"), \"/assets/{base}\")), \
             gzip: include_bytes!(concat!(env!(\"OUT_DIR\"), \"/assets/{base}.gz\")), \
             brotli: include_bytes!(concat!(env!(\"OUT_DIR\"), \"/assets/{base}.br\")) }},",
            asset.path,
            asset.content_type,
            asset.immutable,
            hash_hex(&asset.bytes),
        );
    }
    table.push_str("];\n");
    let _ =
        writeln!(table, "/// This build's version (of all assets together).\npub const VERSION: &str = {version:?};");
    std::fs::write(out_dir.join("assets.rs"), table).expect("write assets.rs");
}

/// Adds the wasm32 target through rustup when it is missing, so that one command builds
/// everything on a fresh machine (rustup does not do it by itself here).
fn ensure_wasm_target() {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(rustc).args(["--print", "sysroot"]).output().expect("run rustc --print sysroot");
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_owned();
    if Path::new(&sysroot).join("lib/rustlib").join(WASM_TARGET).exists() {
        return;
    }
    println!("cargo:warning=adding the {WASM_TARGET} target with rustup");
    let added = Command::new("rustup").args(["target", "add", WASM_TARGET]).status();
    if !matches!(added, Ok(status) if status.success()) {
        panic!("the {WASM_TARGET} target is missing; install it with: rustup target add {WASM_TARGET}");
    }
}
