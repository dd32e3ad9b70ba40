//! Command-line flags and environment variables, and the maintenance subcommands.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use shared::clock::china_date_from_unix_ms;

use crate::storage::{StoreOptions, SyncMode};

/// Every request must be answered within this time.
pub const REQUEST_TIMEOUT_MS: u64 = 30_000;
#[derive(Debug, Clone, Parser)]
#[command(name = "server", about = "Campaign Desk regional server", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
    /// On an error, print its whole chain of causes (and a backtrace when
    /// `RUST_BACKTRACE` is set) instead of one line.
    #[arg(long, global = true)]
    pub verbose: bool,
    /// How log lines are written: `text` for people, `json` for a log collector (one JSON
    /// object per line). Colours only when writing to a terminal.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the API and the web app (the default).
    Serve,
    /// Write a consistent backup of the data directory (stop the server first; a running
    /// server holds the database lock).
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into an empty data directory.
    Restore { file: PathBuf },
    /// Verify that every record decodes and every index matches.
    Check,
    /// Follow regions' change feeds into the head office's PostgreSQL.
    #[command(name = "hq-sync")]
    HqSync(crate::hq::HqSyncArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Directory holding the database and attachments.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// sled page cache size in MiB.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_CACHE_MB", default_value_t = crate::storage::DEFAULT_CACHE_CAPACITY_BYTES / (1024 * 1024))]
    pub cache_capacity_mb: u64,

    /// `default`: acknowledged writes survive a crash of the process; `full`: also fsync
    /// the database files, so they survive a power loss (slower; see BENCHMARKS.md).
    #[arg(long, global = true, env = "CAMPAIGN_DESK_SYNC", value_enum, default_value_t = SyncMode::Default)]
    pub sync: SyncMode,

    /// Pretend today is this date (YYYY-MM-DD), for demos and tests.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_TODAY")]
    pub today: Option<NaiveDate>,

    /// The URL browsers use to reach the server, when behind a reverse proxy, e.g.
    /// `https://hlj.example.cn`. An https URL makes session cookies `Secure`.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// How long a login lasts, in seconds.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_SESSION_TTL_SECS", default_value_t = 7 * 24 * 3600)]
    pub session_ttl_secs: u64,

    /// The first administrator's password, for an empty data directory. Without it a
    /// random one is generated and printed once.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    /// PEM certificate chain, to serve HTTPS directly (without a reverse proxy).
    #[arg(long, global = true, env = "CAMPAIGN_DESK_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key for `--tls-cert`.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// How long a client may take to send its request headers, in milliseconds.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_HEADER_READ_TIMEOUT_MS", default_value_t = crate::http::HEADER_READ_TIMEOUT_MS)]
    pub header_read_timeout_ms: u64,

    /// How long a request may take before it is answered 503, in milliseconds.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_REQUEST_TIMEOUT_MS", default_value_t = REQUEST_TIMEOUT_MS)]
    pub request_timeout_ms: u64,

    /// A reverse proxy in front of the server (repeat the flag, or separate with commas):
    /// only from these addresses is `X-Forwarded-For` believed to name the client (for
    /// login throttling per address). Without it, the TCP peer is the client.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<std::net::IpAddr>,

    /// How many megabytes one person may upload in a day.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_UPLOAD_QUOTA_MB_PER_DAY", default_value_t = 500)]
    pub upload_quota_mb_per_day: u64,

    /// How many megabytes all uploads together may take.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_ATTACHMENTS_BUDGET_MB", default_value_t = 100 * 1024)]
    pub attachments_budget_mb: u64,

    /// Uploads are refused while the disk holding the data directory has less free space.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_MIN_FREE_DISK_MB", default_value_t = 1024)]
    pub min_free_disk_mb: u64,

    /// Uploads no campaign refers to are removed after this many seconds.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_ORPHAN_UPLOAD_GRACE_SECS", default_value_t = 7 * 24 * 3600)]
    pub orphan_upload_grace_secs: u64,

    /// Do not load demo data into an empty data directory.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_NO_DEMO")]
    pub no_demo: bool,

    /// Let group-chat robot URLs be any http(s) address, loopback and private ones
    /// included. Only for tests against a local receiver: without it a robot must be the
    /// platform's own https host.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_ALLOW_PRIVATE_WEBHOOKS")]
    pub allow_private_webhooks: bool,

    /// The wait before a failed robot delivery is retried, in milliseconds; each further
    /// retry waits twice as long (at most an hour), and after 8 attempts it is parked.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_WEBHOOK_RETRY_MS", default_value_t = 2000)]
    pub webhook_retry_ms: u64,

    /// When the morning digest (deadlines at risk, per department) goes out, China time.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_DIGEST_AT", default_value = "09:00", value_parser = parse_time_of_day)]
    pub digest_at: chrono::NaiveTime,

    /// A secret that readers of `/metrics` send as `Authorization: Bearer TOKEN`. Without
    /// it, `/metrics` answers only to this machine (a loopback address, not relayed by a
    /// reverse proxy).
    #[arg(long, global = true, env = "CAMPAIGN_DESK_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Where the running server writes its backups (default: DATA_DIR/backups). Better
    /// on another disk.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_BACKUP_DIR")]
    pub backup_dir: Option<PathBuf>,

    /// How often the running server writes a backup: `24h`, `90m`, or `0` for only when
    /// the administrator asks.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_BACKUP_EVERY", default_value = "24h", value_parser = crate::backups::parse_every)]
    pub backup_every: crate::backups::Every,

    /// How many backups are kept (the oldest are removed).
    #[arg(long, global = true, env = "CAMPAIGN_DESK_BACKUP_KEEP", default_value_t = 14)]
    pub backup_keep: u32,

    /// Send no morning digest.
    #[arg(long, global = true, env = "CAMPAIGN_DESK_NO_DIGEST")]
    pub no_digest: bool,
}

fn parse_time_of_day(text: &str) -> Result<chrono::NaiveTime, String> {
    chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| format!("{text:?} is not a time of day like 09:00 / 不是“09:00”这样的时间"))
}

impl Config {
    pub fn clock(&self) -> Clock {
        self.today.map_or(Clock::System, Clock::fixed)
    }

    pub fn upload_limits(&self) -> crate::uploads::UploadLimits {
        crate::uploads::UploadLimits {
            quota_mb_per_day: self.upload_quota_mb_per_day,
            budget_mb: self.attachments_budget_mb,
            min_free_disk_mb: self.min_free_disk_mb,
            orphan_grace: std::time::Duration::from_secs(self.orphan_upload_grace_secs),
        }
    }

    pub fn store_options(&self) -> StoreOptions {
        StoreOptions {
            cache_capacity_bytes: self.cache_capacity_mb.saturating_mul(1024 * 1024),
            sync: self.sync,
            group_commit: true,
        }
    }
}

/// Where "today" comes from: the real clock in China's time zone, or a fixed day (for
/// demos and tests, so that rules judged against "today" do not drift with the date). A
/// fixed day can be moved on by the code that holds the clock (a test letting an event
/// happen); nothing reachable over HTTP can move it.
#[derive(Debug, Clone)]
pub enum Clock {
    System,
    Fixed(std::sync::Arc<std::sync::atomic::AtomicI32>),
}

impl Clock {
    /// A clock that stays on `day` until moved.
    pub fn fixed(day: NaiveDate) -> Clock {
        Clock::Fixed(std::sync::Arc::new(std::sync::atomic::AtomicI32::new(chrono::Datelike::num_days_from_ce(&day))))
    }

    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::Fixed(day) => NaiveDate::from_num_days_from_ce_opt(day.load(std::sync::atomic::Ordering::Relaxed))
                .unwrap_or(NaiveDate::MIN),
            Clock::System => china_date_from_unix_ms(chrono::Utc::now().timestamp_millis()).unwrap_or(NaiveDate::MIN),
        }
    }

    /// Moves a fixed clock to `day` (a real clock is not moved); whether it moved.
    pub fn move_to(&self, day: NaiveDate) -> bool {
        match self {
            Clock::Fixed(fixed) => {
                fixed.store(chrono::Datelike::num_days_from_ce(&day), std::sync::atomic::Ordering::Relaxed);
                true
            }
            Clock::System => false,
        }
    }

    /// The time of day in China now (a fixed business day still has a real clock).
    pub fn china_time_now(&self) -> chrono::NaiveTime {
        (chrono::Utc::now() + chrono::Duration::hours(8)).time()
    }
}
