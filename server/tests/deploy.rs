//! The deployment recipe in `deploy/`: the systemd unit passes `systemd-analyze verify`
//! and keeps its hardening, and the reverse-proxy example keeps what the server needs
//! behind it. `systemd-analyze` (Debian's `systemd` package) is required: `cargo xtask
//! test` installs it where it is missing, and without it the test fails saying so.
// A test that cannot go on must fail loudly (unwrap); every server started here is waited
// for, except after a failed assertion.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

const UNIT: &str = include_str!("../../deploy/campaign-desk.service");
const NGINX: &str = include_str!("../../deploy/nginx.conf");

#[test]
fn the_systemd_unit_is_valid_and_hardened() {
    for line in [
        "User=campaign-desk",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/campaign-desk /var/backups/campaign-desk",
        "Restart=on-failure",
        "NoNewPrivileges=true",
        "--backup-dir /var/backups/campaign-desk",
        "--trusted-proxy 127.0.0.1",
        "--no-demo",
    ] {
        assert!(UNIT.contains(line), "the unit lost {line:?}");
    }
    // Every flag on ExecStart is one the server knows.
    let exec = UNIT.lines().find_map(|l| l.strip_prefix("ExecStart=")).unwrap();
    let args: Vec<&str> = exec.split_whitespace().skip(1).collect();
    let help = Command::new(env!("CARGO_BIN_EXE_server")).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in args.iter().filter(|a| a.starts_with("--")) {
        assert!(help.contains(flag), "ExecStart uses {flag}, which the server does not know");
    }
    // A missing tool fails the test: a unit that was never verified must not pass.
    let probe = Command::new("systemd-analyze").arg("--version").output().unwrap_or_else(|e| {
        panic!(
            "systemd-analyze is needed to verify the unit and could not be run ({e}): install Debian's `systemd` \
             package (apt-get install systemd), or run `cargo xtask test`, which installs it"
        )
    });
    assert!(probe.status.success(), "systemd-analyze --version: {}", String::from_utf8_lossy(&probe.stderr));
    // verify wants the binary to exist: a copy (same name) runs /bin/true instead.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("campaign-desk.service");
    std::fs::write(&copy, UNIT.replace("ExecStart=/opt/campaign-desk/server ", "ExecStart=/bin/true ")).unwrap();
    let out = Command::new("systemd-analyze").arg("verify").arg(&copy).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Unknown keys and bad values are only warnings on stderr, with exit status 0.
    assert!(out.status.success() && stderr.trim().is_empty(), "systemd-analyze verify: {stderr}");
}

#[test]
fn the_reverse_proxy_example_passes_streams_uploads_and_keeps_metrics_inside() {
    for needle in [
        "proxy_pass http://127.0.0.1:8080",
        "location /api/v1/events",
        "proxy_buffering off",
        "client_max_body_size 21m",
        "X-Forwarded-For $proxy_add_x_forwarded_for",
        "location = /metrics",
        "deny all",
        "return 301 https://",
    ] {
        assert!(NGINX.contains(needle), "deploy/nginx.conf lost {needle:?}");
    }
}
