//! Campaign Desk's commands (matklad's cargo-xtask pattern): the two of the README and
//! the benchmarks' runner.
//!
//! - `cargo xtask run [-- SERVER FLAGS]`: builds the client and the server in release
//!   mode and serves on http://127.0.0.1:8080 with data in `./data`;
//! - `cargo xtask test`: installs what the tests need when it is missing (the wasm32
//!   target; Debian's chromium and chromium-driver, systemd for `systemd-analyze`, and
//!   postgresql for the head office roll-up's tests, as root; a Python virtual
//!   environment in `target/openapi-tools` with PyPI's openapi-spec-validator and
//!   openapi-python-client for the contract test), then runs every check
//!   and every test: formatting, clippy, the `shared` crate for wasm32, unit (the client's
//!   page models on the host), HTTP
//!   integration and browser tests;
//! - `cargo xtask bench`: the load, soak and stream benchmarks with the server and the
//!   load generator pinned to their own cores (BENCHMARKS.md).

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

type Result<T> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(),
        _ => Err("usage: cargo xtask run [-- server flags] | cargo xtask test | cargo xtask bench".into()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn cargo() -> Command {
    Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn status(command: &mut Command) -> Result<()> {
    eprintln!("xtask: $ {command:?}");
    let status = command.status().map_err(|e| format!("could not start {command:?}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{command:?} failed with {status}")) }
}

fn ensure_wasm_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup is needed to add the {WASM_TARGET} target: {e}"))?;
    if String::from_utf8_lossy(&installed.stdout).lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    status(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Debian packages the browser tests need: the browser, its driver, and a Chinese font so
/// that screenshots show Chinese rather than empty boxes.
const BROWSER_PACKAGES: [&str; 3] = ["chromium", "chromium-driver", "fonts-wqy-microhei"];
const CHINESE_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

fn ensure_chromium() -> Result<()> {
    let present = Path::new("/usr/bin/chromium").exists()
        && Path::new("/usr/bin/chromedriver").exists()
        && Path::new(CHINESE_FONT).exists();
    if present {
        return Ok(());
    }
    let install = format!("apt-get update && apt-get install -y {}", BROWSER_PACKAGES.join(" "));
    if !is_root() {
        return Err(format!(
            "the browser tests need Chromium and ChromeDriver; install them with: sudo sh -c '{install}'"
        ));
    }
    status(Command::new("apt-get").args(["update", "-qq"]))?;
    status(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .args(BROWSER_PACKAGES)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// Whether `program` is an executable file in a directory of `PATH` (what `command -v`
/// finds).
fn on_path(program: &str) -> bool {
    env::var_os("PATH").is_some_and(|paths| env::split_paths(&paths).any(|dir| is_executable(&dir.join(program))))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// The deployment test (`server/tests/deploy.rs`) verifies the systemd unit with
/// `systemd-analyze`, from Debian's `systemd` package, and fails without it: installed
/// here when it is missing.
fn ensure_systemd_analyze() -> Result<()> {
    if on_path("systemd-analyze") {
        return Ok(());
    }
    if !on_path("apt-get") {
        return Err("the deployment test needs systemd-analyze (Debian's `systemd` package), and there is no \
                    apt-get here to install it: install systemd-analyze with this system's package manager"
            .into());
    }
    if !is_root() {
        return Err(format!(
            "the deployment test needs systemd-analyze; install it with: sudo sh -c 'apt-get update && apt-get \
             install -y {SYSTEMD_PACKAGE}'"
        ));
    }
    status(Command::new("apt-get").args(["update", "-qq"]))?;
    status(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends", SYSTEMD_PACKAGE])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    if on_path("systemd-analyze") {
        Ok(())
    } else {
        Err(format!("`{SYSTEMD_PACKAGE}` was installed, but systemd-analyze is still not on PATH"))
    }
}

/// The Debian package that has `systemd-analyze`.
const SYSTEMD_PACKAGE: &str = "systemd";

/// Debian's PostgreSQL server (on bookworm, PostgreSQL 15).
const POSTGRES_PACKAGE: &str = "postgresql";

/// Whether a PostgreSQL server is installed where Debian puts it
/// (`/usr/lib/postgresql/*/bin/initdb`), as the tests look for it.
fn postgres_installed() -> bool {
    std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .any(|entry| entry.path().join("bin").join("initdb").is_file())
}

/// The head office roll-up's tests (`hq-sync`) start a throwaway PostgreSQL cluster
/// (`tests/src/postgres.rs`) and fail without one: Debian's `postgresql` is installed here
/// when no `initdb` is found.
fn ensure_postgres() -> Result<()> {
    if postgres_installed() {
        return Ok(());
    }
    if !on_path("apt-get") {
        return Err("the head office roll-up's tests need PostgreSQL (Debian's `postgresql` package), and there is \
                    no apt-get here to install it: install a PostgreSQL server with this system's package manager"
            .into());
    }
    if !is_root() {
        return Err(format!(
            "the head office roll-up's tests need PostgreSQL; install it with: sudo sh -c 'apt-get update && \
             apt-get install -y {POSTGRES_PACKAGE}'"
        ));
    }
    status(Command::new("apt-get").args(["update", "-qq"]))?;
    status(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends", POSTGRES_PACKAGE])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    if postgres_installed() {
        Ok(())
    } else {
        Err(format!("`{POSTGRES_PACKAGE}` was installed, but there is still no /usr/lib/postgresql/*/bin/initdb"))
    }
}

fn run(server_args: &[String]) -> Result<()> {
    ensure_wasm_target()?;
    let server_args = server_args.strip_prefix(&["--".to_owned()]).unwrap_or(server_args);
    status(cargo().args(["run", "--release", "--package", "server", "--"]).args(server_args))
}

/// A benchmark whose load generator runs on core 1 while the server it starts runs on
/// core 0 (`taskset`, when the machine has it): built first, so the build is not pinned.
fn pinned_bench(name: &str) -> Result<()> {
    status(cargo().args(["bench", "--package", "tests", "--bench", name, "--no-run"]))?;
    if Command::new("taskset").arg("-V").output().is_ok() {
        let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        status(Command::new("taskset").args(["-c", "1", &cargo, "bench", "--package", "tests", "--bench", name]))
    } else {
        status(cargo().args(["bench", "--package", "tests", "--bench", name]))
    }
}

/// Every benchmark, in release builds, one after the other (never two builds at once):
/// storage, the crash cycle (200 kills), the load test against a release server with a
/// generated region (20,000 and 100,000 campaigns), memory under 100,000 campaigns and
/// 500,000 actions written through HTTP, the client, 500 live streams, memory under
/// 150 concurrent 20 MiB uploads and under 32 slow backup downloads. Results in
/// `target/bench/*.json`.
fn bench() -> Result<()> {
    ensure_wasm_target()?;
    ensure_chromium()?;
    status(cargo().args(["build", "--release", "--package", "server"]))?;
    status(cargo().args(["bench", "--package", "server", "--bench", "storage"]))?;
    status(
        cargo()
            .args(["test", "--release", "--package", "server", "--test", "crash", "--", "--nocapture"])
            .env("CAMPAIGN_DESK_CRASH_CYCLES", "200"),
    )?;
    pinned_bench("load")?;
    pinned_bench("soak")?;
    status(cargo().args(["bench", "--package", "tests", "--bench", "client"]))?;
    pinned_bench("sse")?;
    pinned_bench("uploads")?;
    pinned_bench("backups")?;
    fuzz()
}

/// Fuzz targets run for this long each in a benchmark run.
const FUZZ_SECONDS: u32 = 60;

/// Runs each fuzz target (cargo-fuzz on the nightly toolchain) for a bounded time. A
/// crash fails the run and leaves its input in `fuzz/artifacts/`; copy it to
/// `fuzz/regressions/<target>/` once fixed, where a test replays it forever.
fn fuzz() -> Result<()> {
    let nightly = |args: &[&str]| {
        let mut command = Command::new("cargo");
        command.arg("+nightly").args(args).env_remove("CARGO").env_remove("RUSTC");
        command
    };
    if !nightly(&["fuzz", "--version"]).output().is_ok_and(|o| o.status.success()) {
        status(&mut nightly(&["install", "cargo-fuzz", "--locked"]))?;
    }
    status(Command::new("rustup").args(["target", "add", WASM_TARGET, "--toolchain", "nightly"]))?;
    for target in ["json_requests", "calendar_import", "record_decoder"] {
        let time = format!("-max_total_time={FUZZ_SECONDS}");
        status(&mut nightly(&["fuzz", "run", target, "--", &time, "-rss_limit_mb=2048"]))?;
    }
    Ok(())
}

/// The OpenAPI tools the contract test drives, pinned.
const OPENAPI_TOOLS: [&str; 2] = ["openapi-spec-validator==0.9.0", "openapi-python-client==0.29.1"];

/// A Python virtual environment holding [`OPENAPI_TOOLS`] (`target/openapi-tools`), made
/// when missing or when the pins changed; Debian's `python3-venv` is installed first if
/// the venv module is missing (as root).
fn ensure_openapi_tools() -> Result<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/openapi-tools");
    let marker = dir.join("pins.txt");
    let pins = OPENAPI_TOOLS.join("\n");
    if std::fs::read_to_string(&marker).is_ok_and(|found| found == pins) {
        return Ok(dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let venv = || Command::new("python3").args(["-m", "venv"]).arg(&dir).status().is_ok_and(|s| s.success());
    if !venv() {
        if !(is_root() && on_path("apt-get")) {
            return Err(
                "the contract test needs Python 3 with venv: install python3-venv (Debian) and run again".into()
            );
        }
        status(Command::new("apt-get").args(["update", "-qq"]))?;
        status(
            Command::new("apt-get")
                .args(["install", "-y", "-qq", "--no-install-recommends", "python3-venv", "python3-pip"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
        let _ = std::fs::remove_dir_all(&dir);
        if !venv() {
            return Err(format!("python3 -m venv {} failed after installing python3-venv", dir.display()));
        }
    }
    status(
        Command::new(dir.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "--no-input"])
            .args(OPENAPI_TOOLS),
    )?;
    std::fs::write(&marker, pins).map_err(|e| format!("writing {}: {e}", marker.display()))?;
    Ok(dir)
}

fn test() -> Result<()> {
    ensure_wasm_target()?;
    ensure_chromium()?;
    ensure_systemd_analyze()?;
    ensure_postgres()?;
    let openapi_tools = ensure_openapi_tools()?;
    status(cargo().args(["fmt", "--all", "--", "--check"]))?;
    status(cargo().args(["build", "--package", "shared", "--target", WASM_TARGET]))?;
    status(cargo().args(["clippy", "--package", "client", "--target", WASM_TARGET, "--", "-D", "warnings"]))?;
    // The store managers' build leaves the staff's pages out: lint it as it is built.
    status(cargo().args([
        "clippy",
        "--package",
        "client",
        "--target",
        WASM_TARGET,
        "--no-default-features",
        "--features",
        "store",
        "--",
        "-D",
        "warnings",
    ]))?;
    status(cargo().args(["clippy", "--workspace", "--exclude", "client", "--all-targets", "--", "-D", "warnings"]))?;
    // The pages' models (state, messages, `update`) are plain Rust: tested on the host.
    status(cargo().args(["test", "--package", "client", "--lib"]))?;
    status(
        cargo().args(["test", "--workspace", "--exclude", "client"]).env("CAMPAIGN_DESK_OPENAPI_TOOLS", openapi_tools),
    )
}
