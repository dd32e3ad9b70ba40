//! The `server` binary: parses flags, sets up logging, and serves or runs a maintenance
//! command (backup, restore, check), or follows the regions' change feeds (hq-sync).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use server::config::{Cli, Command, LogFormat};
use server::storage::{Store, backup};
use tracing_subscriber::EnvFilter;

/// mimalloc instead of glibc's malloc, without transparent huge pages (`no_thp`): with
/// glibc, each thread that allocates (tokio's workers, sled's threads) keeps an arena of
/// freed pages, and with huge pages mimalloc's arenas are resident 2 MiB at a time. At
/// 100,000 campaigns under writes through HTTP the server held 150–167 MB with glibc or
/// with mimalloc on huge pages, ≈ 105 MB this way (BENCHMARKS.md, "Memory under writes").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(clippy::print_stderr)]
#[tokio::main]
async fn main() -> ExitCode {
    // Everything the server writes (the database, attachments, backups) is its own:
    // owner-only files and directories, whatever the caller's umask.
    server::restrict_new_files();
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    // Colour codes only for a person's terminal, never into a log file or the journal.
    match cli.log_format {
        LogFormat::Text => logs.with_ansi(std::io::stdout().is_terminal()).init(),
        LogFormat::Json => logs.json().with_ansi(false).init(),
    }
    let verbose = cli.verbose;
    match run(cli).await {
        Ok(code) => code,
        Err(error) => {
            if verbose {
                eprintln!("{error:?}");
            } else {
                eprintln!("{}", server::startup_error::one_line(&error));
            }
            ExitCode::FAILURE
        }
    }
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::run(config).await?,
        // The head office's roll-up has no data directory and opens no store.
        Command::HqSync(args) => server::hq::run(args).await?,
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
            tracing::info!(
                records = report.records,
                campaigns = report.campaigns,
                problems = report.problems.len(),
                "checked"
            );
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
