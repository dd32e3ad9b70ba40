//! Command-line flags and environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Parser;

use crate::state::Clock;

#[derive(Debug, Clone, Parser)]
#[command(name = "server", about = "Campaign Desk regional server", version)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "CAMPAIGN_DESK_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Directory holding the database and attachments.
    #[arg(long, env = "CAMPAIGN_DESK_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// sled page cache size in MiB.
    #[arg(long, env = "CAMPAIGN_DESK_CACHE_MB", default_value_t = 64)]
    pub cache_capacity_mb: u64,

    /// Pretend today is this date (YYYY-MM-DD), for demos and tests.
    #[arg(long, env = "CAMPAIGN_DESK_TODAY")]
    pub today: Option<NaiveDate>,
}

impl Config {
    pub fn clock(&self) -> Clock {
        self.today.map_or(Clock::System, Clock::Fixed)
    }
}
