//! The `server` binary: parses flags, sets up logging, and serves or runs a maintenance
//! command (backup, restore, check).

use std::process::ExitCode;

use clap::Parser;
use server::config::{Cli, Command};
use server::storage::{Store, backup};
use tracing_subscriber::EnvFilter;

#[allow(clippy::print_stdout, clippy::print_stderr)]
#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let cli = Cli::parse();
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::run(config).await?,
        Command::Backup { out } => {
            let store = Store::open(&config.data_dir, config.store_options())?;
            let summary = store.backup(&out)?;
            println!(
                "backup written to {}: {} records, {} attachments, {} bytes",
                out.display(),
                summary.entries,
                summary.attachments,
                summary.bytes
            );
        }
        Command::Restore { file } => {
            let summary = backup::restore(&file, &config.data_dir)?;
            println!(
                "restored {} records and {} attachments into {}",
                summary.entries,
                summary.attachments,
                config.data_dir.display()
            );
        }
        Command::Check => {
            let store = Store::open(&config.data_dir, config.store_options())?;
            let report = store.check()?;
            println!("checked {} records, {} campaigns", report.records, report.campaigns);
            for problem in &report.problems {
                eprintln!("problem: {problem}");
            }
            if !report.is_ok() {
                return Ok(ExitCode::FAILURE);
            }
            println!("ok");
        }
    }
    Ok(ExitCode::SUCCESS)
}
