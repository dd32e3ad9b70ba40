//! Builds the web client into the server binary: compiles `client` to wasm32 in a nested
//! cargo (with its own target directory, so it never waits on the outer build's lock),
//! then runs wasm-bindgen as a library. The result lands in `OUT_DIR`, where
//! `src/assets.rs` embeds it with `include_bytes!`.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CLIENT_PROFILE: &str = "wasm-release";

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let root = manifest_dir.parent().expect("workspace root").to_path_buf();
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    for watched in [
        "client/boot.js",
        "client/index.html",
        "client/style.css",
        "client/src",
        "client/Cargo.toml",
        "shared/src",
        "shared/Cargo.toml",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }

    // For working on the server alone: an empty client (the app page will not start).
    // Never set by the test or run commands.
    println!("cargo:rerun-if-env-changed=CAMPAIGN_DESK_SKIP_CLIENT");
    if env::var_os("CAMPAIGN_DESK_SKIP_CLIENT").is_some() {
        std::fs::write(out_dir.join("app.js"), "// client not built (CAMPAIGN_DESK_SKIP_CLIENT)\n")
            .expect("write app.js");
        std::fs::write(out_dir.join("app_bg.wasm"), b"").expect("write app_bg.wasm");
        return;
    }
    ensure_wasm_target();
    let target_dir = root.join("target").join("client-wasm");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(&root)
        .args(["build", "--package", "client", "--lib", "--target", WASM_TARGET, "--profile", CLIENT_PROFILE])
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
        panic!("building the web client for {WASM_TARGET} failed (see the errors above)");
    }

    let wasm = target_dir.join(WASM_TARGET).join(CLIENT_PROFILE).join("client.wasm");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)
        .expect("wasm-bindgen web mode")
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .out_name("app")
        .generate(&out_dir)
        .unwrap_or_else(|error| panic!("wasm-bindgen on {}: {error:#}", wasm.display()));
    assert!(out_dir.join("app_bg.wasm").exists() && out_dir.join("app.js").exists());
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
