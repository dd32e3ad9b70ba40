//! A throwaway PostgreSQL cluster for the head office roll-up's tests (`server hq-sync`):
//! `initdb` into a temporary directory, `pg_ctl start` on a free port of 127.0.0.1 with
//! trust authentication, `pg_ctl stop -m immediate` and the directory removed on drop.
//!
//! It needs Debian's `postgresql` package (`/usr/lib/postgresql/*/bin/initdb`; `cargo
//! xtask test` installs it) and fails without it: the tests are never skipped. PostgreSQL
//! refuses to run as root, so when the tests run as root (CI containers) `initdb` and
//! `pg_ctl` run as `nobody` (`runuser -u nobody --`) in a directory under `/tmp` that
//! `nobody` owns; otherwise they run as the caller.
//!
//! Starting and stopping block (about 0.7 s and 0.1 s on a 2-core machine): start the
//! cluster at the beginning of a test.

use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, anyhow, bail};
use tempfile::TempDir;

/// The user the cluster runs as when the tests run as root.
const UNPRIVILEGED_USER: &str = "nobody";
/// Tries at a free port (another process may take the one found before the server binds
/// it).
const START_ATTEMPTS: usize = 3;

/// A running PostgreSQL cluster, stopped and removed on drop. The superuser is
/// `postgres` with no password, on 127.0.0.1 only.
pub struct Postgres {
    url: String,
    bin: PathBuf,
    data: PathBuf,
    /// The unprivileged user the cluster's commands run as, when the tests run as root.
    run_as: Option<&'static str>,
    started: bool,
    /// Removed after the cluster is stopped (the field is dropped after `drop` runs).
    dir: TempDir,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Postgres").field("url", &self.url).field("data", &self.data).finish_non_exhaustive()
    }
}

impl Postgres {
    /// Makes and starts a fresh cluster (UTF-8, C locale, fsync off).
    pub fn start() -> anyhow::Result<Postgres> {
        let bin = find_bin()?;
        let run_as = if is_root()? { Some(UNPRIVILEGED_USER) } else { None };
        let dir = match run_as {
            Some(user) => {
                // Under /tmp (1777, so anyone may traverse it), owned by the user the
                // server runs as: a temporary directory under /root would not be reachable.
                let dir = tempfile::Builder::new()
                    .prefix("campaign-desk-pg-")
                    .tempdir_in("/tmp")
                    .context("making a directory for PostgreSQL under /tmp")?;
                let (uid, gid) = ids_of(user)?;
                let sockets = dir.path().join("sock");
                std::fs::create_dir(&sockets)?;
                for path in [dir.path(), &sockets] {
                    std::os::unix::fs::chown(path, Some(uid), Some(gid))
                        .with_context(|| format!("giving {} to {user}", path.display()))?;
                }
                dir
            }
            None => {
                let dir = tempfile::Builder::new().prefix("campaign-desk-pg-").tempdir()?;
                std::fs::create_dir(dir.path().join("sock"))?;
                dir
            }
        };
        let mut postgres =
            Postgres { url: String::new(), bin, data: dir.path().join("data"), run_as, started: false, dir };
        postgres.initdb()?;
        postgres.start_server()?;
        Ok(postgres)
    }

    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A connection to the `postgres` database (its driver runs on a spawned task).
    pub async fn connect(&self) -> anyhow::Result<tokio_postgres::Client> {
        let (client, connection) = tokio_postgres::connect(&self.url, tokio_postgres::NoTls)
            .await
            .with_context(|| format!("connecting to {}", self.url))?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(client)
    }

    /// One of PostgreSQL's programs, as the cluster's user, in the cluster's directory.
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        let mut command = match self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(path);
                command
            }
            None => Command::new(path),
        };
        // The caller's directory may not be readable by the cluster's user.
        command.current_dir(self.dir.path()).env_remove("PGDATA").env_remove("PGPORT").env_remove("PGHOST");
        command
    }

    fn initdb(&self) -> anyhow::Result<()> {
        let mut initdb = self.command("initdb");
        initdb
            .arg("-D")
            .arg(&self.data)
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"])
            // No fsync of the new files: the cluster is thrown away.
            .arg("--no-sync");
        run(&mut initdb).context("initdb")
    }

    fn start_server(&mut self) -> anyhow::Result<()> {
        let sockets = self.dir.path().join("sock");
        let log = self.dir.path().join("server.log");

        let mut last_error = anyhow!("PostgreSQL was not started");
        for _ in 0..START_ATTEMPTS {
            let port = free_port()?;
            let options = format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
                sockets.to_str().ok_or_else(|| anyhow!("{} is not UTF-8", sockets.display()))?
            );
            // `-l`: the server's output goes to the log, not to pg_ctl's pipes (which it
            // would keep open, so that waiting for pg_ctl's output would never end).
            let mut start = self.command("pg_ctl");
            start.arg("-D").arg(&self.data).arg("-l").arg(&log).args([
                OsStr::new("-o"),
                OsStr::new(&options),
                OsStr::new("-w"),
                OsStr::new("-t"),
                OsStr::new("120"),
                OsStr::new("start"),
            ]);
            match run(&mut start) {
                Ok(()) => {
                    self.started = true;
                    self.url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
                    return Ok(());
                }
                Err(error) => {
                    let server_log = std::fs::read_to_string(&log).unwrap_or_default();
                    last_error = error.context(format!("pg_ctl start on port {port}; the server's log:\n{server_log}"));
                    if !server_log.contains("could not bind") && !server_log.contains("in use") {
                        break;
                    }
                    // The port was taken meanwhile: the stopped attempt's log is stale.
                    let _ = std::fs::remove_file(&log);
                }
            }
        }
        Err(last_error)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if self.started {
            let mut stop = self.command("pg_ctl");
            stop.arg("-D").arg(&self.data).args(["-m", "immediate", "stop"]);
            if let Err(error) = run(&mut stop) {
                eprintln!("stopping the test PostgreSQL: {error:#}");
            }
        }
        // `dir` is removed when the fields are dropped, after this.
    }
}

/// The newest installed PostgreSQL's `bin` directory (`/usr/lib/postgresql/N/bin`).
fn find_bin() -> anyhow::Result<PathBuf> {
    let root = Path::new("/usr/lib/postgresql");
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.split('.').next()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    match found.pop() {
        Some((_, bin)) => Ok(bin),
        None => bail!(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the head office roll-up's tests \
             need Debian's `postgresql` package: apt-get install postgresql (or run `cargo xtask test`, which \
             installs it)"
        ),
    }
}

fn is_root() -> anyhow::Result<bool> {
    let output = Command::new("id").arg("-u").output().context("running `id -u`")?;
    Ok(String::from_utf8_lossy(&output.stdout).trim() == "0")
}

/// A user's uid and gid.
fn ids_of(user: &str) -> anyhow::Result<(u32, u32)> {
    let id = |flag: &str| -> anyhow::Result<u32> {
        let output = Command::new("id").args([flag, user]).output().context("running `id`")?;
        if !output.status.success() {
            bail!("there is no user `{user}` to run PostgreSQL as (the tests run as root)");
        }
        String::from_utf8_lossy(&output.stdout).trim().parse().with_context(|| format!("id {flag} {user}"))
    };
    Ok((id("-u")?, id("-g")?))
}

/// A port of 127.0.0.1 nobody listens on now.
fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// Runs a command to its end; an error with its output when it fails.
fn run(command: &mut Command) -> anyhow::Result<()> {
    let output = command.output().with_context(|| format!("could not start {command:?}"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(anyhow!(
        "{command:?} failed with {}:\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}
