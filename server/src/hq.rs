//! The head office's roll-up (`server hq-sync`): follows each region's change feed
//! (`GET /api/v1/changes`, `shared::feed`) into one PostgreSQL database, where views
//! answer the head office's questions across regions (`hq.sql`: campaigns by stage, staff
//! satisfaction by month, costs per campaign and per region) for a BI tool to read.
//!
//! One task per region reads a page after the region's cursor (`hq_regions.cursor`) and
//! applies it in one transaction with the cursor's move (see [`apply_page`]): that is what
//! makes every change land exactly once however often either side restarts. A region
//! that cannot be read (refused connection, 5xx, a token refused with 401) is logged and
//! retried with a doubling, jittered wait of at most [`BACKOFF_MAX`]; the other regions go
//! on.
//!
//! The database is reached over plain TCP without TLS (`tokio_postgres::NoTls`): run it on
//! the same machine or a private network (a `sslmode` in the URL is not honoured). The
//! regions are reached over http or https.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, anyhow, bail, ensure};
use chrono::NaiveDate;
use serde::Serialize;
use shared::endpoints::ListChanges;
use shared::feed::{ChangeItem, ChangePage, ChangesQuery, FeedCampaign};
use tokio_postgres::{Client, NoTls, Statement, Transaction};

/// The schema: tables and views, idempotent (run at every start).
pub const SCHEMA: &str = include_str!("hq.sql");

/// The longest wait before a failing region is tried again.
pub const BACKOFF_MAX: Duration = Duration::from_secs(300);
/// The first wait after a failure; each further failure in a row doubles it.
const BACKOFF_FIRST: Duration = Duration::from_secs(2);
/// Changes asked for per page (the feed's most).
const PAGE_LIMIT: u32 = shared::feed::PAGE_MAX;
/// How long one page's request may take.
const HTTP_TIMEOUT: Duration = Duration::from_secs(60);
/// How long connecting to PostgreSQL may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// Taken while the schema runs, so that two roll-ups starting together do not race on
/// `CREATE TABLE IF NOT EXISTS`.
const SCHEMA_LOCK: i64 = 0x0043_5148_4445_534b; // "CQHDESK"
/// A region's name: 1–32 characters of `a-z`, `0-9`, `_`, `-`.
pub const REGION_NAME_MAX_CHARS: usize = 32;

/// `server hq-sync`: follow regions' change feeds into the head office's PostgreSQL.
#[derive(Debug, Clone, clap::Args)]
pub struct HqSyncArgs {
    /// The head office's PostgreSQL, e.g. `postgres://hq:PASSWORD@127.0.0.1/hq`. Plain
    /// TCP without TLS: keep the database on this machine or a private network.
    #[arg(long, env = "CAMPAIGN_DESK_HQ_POSTGRES", hide_env_values = true, value_name = "URL")]
    pub postgres: String,

    /// A region to follow, as `NAME=BASE_URL` (e.g. `hlj=https://hlj.example.cn`); repeat
    /// the flag for each region. NAME is 1–32 characters of a-z, 0-9, `_` and `-`, and
    /// keys the region's rows in every table.
    #[arg(long = "region", value_name = "NAME=BASE_URL", value_parser = parse_region, required = true)]
    pub regions: Vec<Region>,

    /// Directory of the regions' feed tokens: `DIR/NAME.token` holds the token of the
    /// region's feed account (数据对接账号), read again before each request (so a new token
    /// takes effect without a restart).
    #[arg(long, value_name = "DIR")]
    pub token_dir: PathBuf,

    /// Seconds to wait before reading a region again once it is caught up.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub interval_secs: u64,

    /// Catch every region up, then exit: 0 when all were, non-zero when a region could
    /// not be read (no retries; the next run carries on from where this one stopped).
    #[arg(long)]
    pub once: bool,
}

/// A region to follow: its name (the key of its rows) and where its server is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub name: String,
    /// Without a trailing `/`; may have a path (a region behind a reverse proxy's prefix).
    pub base_url: String,
}

/// Reads `NAME=BASE_URL`.
pub fn parse_region(text: &str) -> Result<Region, String> {
    let (name, base_url) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not NAME=BASE_URL, e.g. hlj=https://hlj.example.cn"))?;
    let name = name.trim();
    let name_ok = (1..=REGION_NAME_MAX_CHARS).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !name_ok {
        return Err(format!(
            "region name {name:?} must be 1–{REGION_NAME_MAX_CHARS} characters of a-z, 0-9, `_` and `-`"
        ));
    }
    let url = reqwest::Url::parse(base_url.trim()).map_err(|e| format!("{base_url:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("{base_url:?} is not an http(s) URL"));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(format!("{base_url:?}: a base URL has no query, fragment or credentials"));
    }
    Ok(Region { name: name.to_owned(), base_url: url.as_str().trim_end_matches('/').to_owned() })
}

/// What every region's task shares.
struct Shared {
    postgres: String,
    token_dir: PathBuf,
    interval: Duration,
    once: bool,
    http: reqwest::Client,
}

/// Runs the roll-up: the schema, then one task per region until a shutdown signal (or,
/// with `--once`, until every region is caught up).
pub async fn run(args: HqSyncArgs) -> anyhow::Result<()> {
    let mut names = std::collections::BTreeSet::new();
    for region in &args.regions {
        ensure!(names.insert(region.name.as_str()), "region {} is named twice", region.name);
        // A missing token is a mistake in the setup: said at once, not retried forever.
        read_token(&args.token_dir, &region.name).await?;
    }

    let mut client = connect(&args.postgres).await?;
    run_schema(&mut client).await?;
    for region in &args.regions {
        client
            .execute(
                "INSERT INTO hq_regions (region, base_url) VALUES ($1, $2) \
                 ON CONFLICT (region) DO UPDATE SET base_url = EXCLUDED.base_url",
                &[&region.name, &region.base_url],
            )
            .await
            .with_context(|| format!("registering region {}", region.name))?;
    }
    drop(client);

    let http = reqwest::Client::builder()
        .timeout(HTTP_TIMEOUT)
        .connect_timeout(Duration::from_secs(10))
        // The token goes to the configured address only.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .context("building the HTTP client")?;
    let shared = Arc::new(Shared {
        postgres: args.postgres,
        token_dir: args.token_dir,
        interval: Duration::from_secs(args.interval_secs),
        once: args.once,
        http,
    });
    tracing::info!(regions = args.regions.len(), once = shared.once, "following the regions' change feeds");

    let mut tasks = tokio::task::JoinSet::new();
    for region in args.regions {
        let shared = shared.clone();
        tasks.spawn(async move {
            let name = region.name.clone();
            (name, follow(region, shared).await)
        });
    }

    if shared.once {
        let mut failed = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            let (name, outcome) = joined.context("a region's task failed")?;
            if let Err(error) = outcome {
                failed.push(format!("{name}: {error:#}"));
            }
        }
        if !failed.is_empty() {
            failed.sort();
            bail!("{} region(s) could not be caught up: {}", failed.len(), failed.join("; "));
        }
        tracing::info!("every region caught up");
        return Ok(());
    }

    // The tasks run until stopped. Stopping mid-page is safe: the open transaction is
    // rolled back with its connection and the page is read again by the next run.
    tokio::select! {
        () = crate::http::shutdown_signals() => Ok(()),
        joined = tasks.join_next() => match joined {
            Some(Ok((name, Err(error)))) => Err(error.context(format!("region {name}"))),
            Some(Err(error)) => Err(anyhow!(error).context("a region's task failed")),
            Some(Ok((name, Ok(())))) => Err(anyhow!("region {name}'s task ended")),
            None => Ok(()),
        },
    }
}

/// Runs `hq.sql` in one transaction, under an advisory lock.
pub async fn run_schema(client: &mut Client) -> anyhow::Result<()> {
    let transaction = client.transaction().await.context("starting the schema's transaction")?;
    transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK]).await.context("locking the schema")?;
    transaction.batch_execute(SCHEMA).await.context("creating the head office's tables and views (hq.sql)")?;
    transaction.commit().await.context("committing the schema")
}

/// Connects to PostgreSQL without TLS; the connection runs on its own task.
async fn connect(url: &str) -> anyhow::Result<Client> {
    let (client, connection) = tokio::time::timeout(CONNECT_TIMEOUT, tokio_postgres::connect(url, NoTls))
        .await
        .map_err(|_| anyhow!("connecting to PostgreSQL timed out after {}s", CONNECT_TIMEOUT.as_secs()))?
        .context("connecting to PostgreSQL")?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::warn!(%error, "PostgreSQL connection lost");
        }
    });
    Ok(client)
}

/// A region's token: `DIR/NAME.token`, trimmed.
async fn read_token(dir: &Path, region: &str) -> anyhow::Result<String> {
    let path = dir.join(format!("{region}.token"));
    let text = tokio::fs::read_to_string(&path)
        .await
        .with_context(|| format!("reading region {region}'s feed token from {}", path.display()))?;
    let token = text.trim();
    ensure!(!token.is_empty(), "{} is empty: it must hold region {region}'s feed token", path.display());
    Ok(token.to_owned())
}

/// A connection with the statements a region's task uses.
struct Database {
    client: Client,
    statements: Statements,
}

/// Follows one region: returns only with `--once` (caught up, or the first failure).
async fn follow(region: Region, shared: Arc<Shared>) -> anyhow::Result<()> {
    let mut database: Option<Database> = None;
    let mut failures: u32 = 0;
    loop {
        match step(&region, &shared, &mut database).await {
            Ok(more) => {
                failures = 0;
                if more {
                    continue;
                }
                if shared.once {
                    return Ok(());
                }
                tokio::time::sleep(shared.interval).await;
            }
            Err(error) => {
                // After a database error, a fresh connection (and freshly prepared
                // statements) for the next try.
                if error.chain().any(|e| e.is::<tokio_postgres::Error>())
                    || database.as_ref().is_some_and(|d| d.client.is_closed())
                {
                    database = None;
                }
                if shared.once {
                    tracing::warn!(region = %region.name, error = %format!("{error:#}"), "region could not be read");
                    return Err(error);
                }
                failures = failures.saturating_add(1);
                let wait = backoff(failures);
                tracing::warn!(
                    region = %region.name,
                    error = %format!("{error:#}"),
                    failures,
                    retry_in_secs = wait.as_secs(),
                    "region could not be read; retrying"
                );
                tokio::time::sleep(wait).await;
            }
        }
    }
}

/// The wait after `failures` failures in a row: 2 s, 4 s, 8 s, … at most 5 minutes, each
/// jittered over its upper half (`shared::backoff`), so that the regions one outage of
/// the head office's network cut off are not all tried again at the same instant.
pub fn backoff(failures: u32) -> Duration {
    shared::backoff::delay(failures, BACKOFF_FIRST, BACKOFF_MAX, crate::auth::random_u32())
}

/// Reads and applies one page; whether more are waiting.
async fn step(region: &Region, shared: &Shared, database: &mut Option<Database>) -> anyhow::Result<bool> {
    let db = match database {
        Some(db) => db,
        None => {
            let client = connect(&shared.postgres).await?;
            let statements = Statements::prepare(&client).await?;
            database.insert(Database { client, statements })
        }
    };
    let row = db
        .client
        .query_opt(&db.statements.cursor, &[&region.name])
        .await
        .context("reading the region's cursor")?
        .ok_or_else(|| anyhow!("region {} is not in hq_regions", region.name))?;
    let after = u64::try_from(row.try_get::<_, i64>(0)?).context("a negative cursor in hq_regions")?;

    let token = read_token(&shared.token_dir, &region.name).await?;
    let page = fetch_page(&shared.http, region, &token, after).await?;
    apply_page(&mut db.client, &db.statements, region, after, &page).await?;
    if !page.changes.is_empty() {
        tracing::info!(region = %region.name, changes = page.changes.len(), after, next = page.next, more = page.more, "applied");
    } else {
        tracing::debug!(region = %region.name, cursor = page.next, "nothing new");
    }
    Ok(page.more)
}

/// `GET BASE_URL/api/v1/changes?after=AFTER&limit=…`, read into a [`ChangePage`].
async fn fetch_page(http: &reqwest::Client, region: &Region, token: &str, after: u64) -> anyhow::Result<ChangePage> {
    let query = ChangesQuery { after, limit: Some(PAGE_LIMIT) };
    let url = format!("{}{}", region.base_url, shared::endpoints::url::<ListChanges>(&[], &query));
    let response = http.get(&url).bearer_auth(token).send().await.with_context(|| format!("GET {url}"))?;
    let status = response.status();
    if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
        bail!("GET {url}: {status}: the region refused the token in {}.token", region.name);
    }
    if !status.is_success() {
        let body = response.text().await.unwrap_or_default();
        let excerpt: String = body.chars().take(300).collect();
        bail!("GET {url}: {status}: {excerpt}");
    }
    let body = response.bytes().await.with_context(|| format!("GET {url}: reading the page"))?;
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    let page: ChangePage = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| anyhow!("GET {url}: not a change page at `{}`: {}", e.path(), e.inner()))?;
    deserializer.end().with_context(|| format!("GET {url}: trailing data after the page"))?;
    ensure!(page.next >= after, "GET {url}: the feed went back (next {} < after {after})", page.next);
    Ok(page)
}

/// Applies a page in ONE transaction: every item upserted, and the region's cursor moved
/// from `after` to `page.next` (with `today` and `synced_at`). Exactly once across
/// restarts of either side: the items and the cursor commit together or not at all, so
/// after a crash, a kill or a lost connection the cursor still names the last page that
/// was applied and that page's successor is read again, whole. Nothing is skipped (the
/// cursor never passes an item that was not written) and nothing counts twice (items
/// are replaced whole, keyed by region and id; a versioned item only by an equal or
/// newer version), so a page applied again changes nothing. The cursor moves only if it
/// is still `after` (compare and set under the row's lock): a second roll-up following
/// the same region cannot move it back or apply an older page over a newer one.
pub async fn apply_page(
    client: &mut Client,
    statements: &Statements,
    region: &Region,
    after: u64,
    page: &ChangePage,
) -> anyhow::Result<()> {
    let transaction = client.transaction().await.context("starting the page's transaction")?;
    let moved = transaction
        .execute(&statements.advance, &[&region.name, &bigint(page.next)?, &page.today, &bigint(after)?])
        .await
        .context("moving the region's cursor")?;
    ensure!(
        moved == 1,
        "region {}'s cursor moved while its page was read (another hq-sync following it?)",
        region.name
    );
    for change in &page.changes {
        upsert(&transaction, statements, &region.name, page.today, &change.item)
            .await
            .with_context(|| format!("applying change {} of region {}", change.seq, region.name))?;
    }
    transaction.commit().await.context("committing the page")
}

/// The statements a region's task runs, prepared once per connection.
pub struct Statements {
    cursor: Statement,
    advance: Statement,
    campaign: Statement,
    kpi_month: Statement,
    store: Statement,
    org_unit: Statement,
    position: Statement,
    person: Statement,
}

impl Statements {
    pub async fn prepare(client: &Client) -> anyhow::Result<Statements> {
        let prepare = |sql: &'static str| async move {
            client
                .prepare(sql)
                .await
                .with_context(|| format!("preparing {}", sql.split_whitespace().take(3).collect::<Vec<_>>().join(" ")))
        };
        Ok(Statements {
            cursor: prepare("SELECT cursor FROM hq_regions WHERE region = $1").await?,
            advance: prepare(
                "UPDATE hq_regions SET cursor = $2, today = $3, synced_at = now() WHERE region = $1 AND cursor = $4",
            )
            .await?,
            campaign: prepare(
                "INSERT INTO hq_campaigns (region, id, version, kind, title, stage, store_count, stores, \
                 requested_on, starts_on, ends_on, stage_due_on, late_working_days, at_risk, overdue, closed, \
                 budget_fen, committed_fen, spent_fen, ceiling_fen, as_of) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) \
                 ON CONFLICT (region, id) DO UPDATE SET version = EXCLUDED.version, kind = EXCLUDED.kind, \
                 title = EXCLUDED.title, stage = EXCLUDED.stage, store_count = EXCLUDED.store_count, \
                 stores = EXCLUDED.stores, requested_on = EXCLUDED.requested_on, starts_on = EXCLUDED.starts_on, \
                 ends_on = EXCLUDED.ends_on, stage_due_on = EXCLUDED.stage_due_on, \
                 late_working_days = EXCLUDED.late_working_days, at_risk = EXCLUDED.at_risk, \
                 overdue = EXCLUDED.overdue, closed = EXCLUDED.closed, budget_fen = EXCLUDED.budget_fen, \
                 committed_fen = EXCLUDED.committed_fen, spent_fen = EXCLUDED.spent_fen, \
                 ceiling_fen = EXCLUDED.ceiling_fen, as_of = EXCLUDED.as_of \
                 WHERE hq_campaigns.version <= EXCLUDED.version",
            )
            .await?,
            kpi_month: prepare(
                "INSERT INTO hq_kpi_months (region, person, year, month, rated, satisfied, bonus_deduction, \
                 disciplinary_review) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (region, person, year, month) DO UPDATE SET rated = EXCLUDED.rated, \
                 satisfied = EXCLUDED.satisfied, bonus_deduction = EXCLUDED.bonus_deduction, \
                 disciplinary_review = EXCLUDED.disciplinary_review",
            )
            .await?,
            store: prepare(
                "INSERT INTO hq_stores (region, id, version, code, name, province, city, status) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (region, id) DO UPDATE SET version = EXCLUDED.version, code = EXCLUDED.code, \
                 name = EXCLUDED.name, province = EXCLUDED.province, city = EXCLUDED.city, status = EXCLUDED.status \
                 WHERE hq_stores.version <= EXCLUDED.version",
            )
            .await?,
            org_unit: prepare(
                "INSERT INTO hq_org_units (region, id, version, kind, name, parent) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (region, id) DO UPDATE SET version = EXCLUDED.version, kind = EXCLUDED.kind, \
                 name = EXCLUDED.name, parent = EXCLUDED.parent \
                 WHERE hq_org_units.version <= EXCLUDED.version",
            )
            .await?,
            position: prepare(
                "INSERT INTO hq_positions (region, id, version, title, unit) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (region, id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title, \
                 unit = EXCLUDED.unit \
                 WHERE hq_positions.version <= EXCLUDED.version",
            )
            .await?,
            person: prepare(
                "INSERT INTO hq_people (region, id, version, name, positions, stores_covered) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (region, id) DO UPDATE SET version = EXCLUDED.version, name = EXCLUDED.name, \
                 positions = EXCLUDED.positions, stores_covered = EXCLUDED.stores_covered \
                 WHERE hq_people.version <= EXCLUDED.version",
            )
            .await?,
        })
    }
}

/// Writes one item as it is now.
async fn upsert(
    transaction: &Transaction<'_>,
    statements: &Statements,
    region: &str,
    today: NaiveDate,
    item: &ChangeItem,
) -> anyhow::Result<()> {
    match item {
        ChangeItem::Campaign(campaign) => upsert_campaign(transaction, statements, region, today, campaign).await?,
        ChangeItem::KpiMonth(month) => {
            transaction
                .execute(
                    &statements.kpi_month,
                    &[
                        &region,
                        &bigint(month.person.0)?,
                        &month.month.year,
                        &integer(month.month.month)?,
                        &integer(month.rated)?,
                        &integer(month.satisfied)?,
                        &month.bonus_deduction,
                        &month.disciplinary_review,
                    ],
                )
                .await?;
        }
        ChangeItem::Store(feed) => {
            let store = &feed.store;
            transaction
                .execute(
                    &statements.store,
                    &[
                        &region,
                        &bigint(store.id.0)?,
                        &bigint(feed.version)?,
                        &store.code,
                        &store.name,
                        &wire_name(&store.province)?,
                        &store.city,
                        &wire_name(&store.status)?,
                    ],
                )
                .await?;
        }
        ChangeItem::OrgUnit(feed) => {
            let unit = &feed.unit;
            let parent = unit.parent.map(|p| bigint(p.0)).transpose()?;
            transaction
                .execute(
                    &statements.org_unit,
                    &[
                        &region,
                        &bigint(unit.id.0)?,
                        &bigint(feed.version)?,
                        &wire_name(&unit.kind)?,
                        &unit.name,
                        &parent,
                    ],
                )
                .await?;
        }
        ChangeItem::Position(feed) => {
            let position = &feed.position;
            transaction
                .execute(
                    &statements.position,
                    &[
                        &region,
                        &bigint(position.id.0)?,
                        &bigint(feed.version)?,
                        &position.title,
                        &bigint(position.unit.0)?,
                    ],
                )
                .await?;
        }
        ChangeItem::Person(person) => {
            let positions = bigints(person.positions.iter().map(|p| p.0))?;
            let stores = bigints(person.stores_covered.iter().map(|s| s.0))?;
            transaction
                .execute(
                    &statements.person,
                    &[&region, &bigint(person.id.0)?, &bigint(person.version)?, &person.name, &positions, &stores],
                )
                .await?;
        }
    }
    Ok(())
}

async fn upsert_campaign(
    transaction: &Transaction<'_>,
    statements: &Statements,
    region: &str,
    today: NaiveDate,
    campaign: &FeedCampaign,
) -> anyhow::Result<()> {
    let row = &campaign.row;
    let stores = bigints(row.stores.iter().map(|s| s.0))?;
    let store_count = i32::try_from(stores.len()).context("too many stores")?;
    transaction
        .execute(
            &statements.campaign,
            &[
                &region,
                &bigint(row.id.0)?,
                &bigint(row.version)?,
                &row.kind.as_str(),
                &row.title,
                &wire_name(&row.stage)?,
                &store_count,
                &stores,
                &row.requested_on,
                &row.starts_on,
                &row.ends_on,
                &row.stage_due_on,
                &integer(row.late_working_days)?,
                &row.at_risk,
                &row.overdue,
                &campaign.closed,
                &campaign.budget_fen.0,
                &campaign.committed_fen.0,
                &campaign.spent_fen.0,
                &campaign.ceiling_fen.0,
                &today,
            ],
        )
        .await?;
    Ok(())
}

/// An id, version or cursor as PostgreSQL's `bigint`.
fn bigint(value: u64) -> anyhow::Result<i64> {
    i64::try_from(value).map_err(|_| anyhow!("{value} does not fit a bigint"))
}

fn bigints(values: impl Iterator<Item = u64>) -> anyhow::Result<Vec<i64>> {
    values.map(bigint).collect()
}

/// A count as PostgreSQL's `integer`.
fn integer(value: u32) -> anyhow::Result<i32> {
    i32::try_from(value).map_err(|_| anyhow!("{value} does not fit an integer"))
}

/// An enum's wire name (`draft_plan`), as serde spells it in the feed's JSON.
fn wire_name<T: Serialize>(value: &T) -> anyhow::Result<String> {
    let json = serde_json::to_string(value)?;
    json.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("{json} is not a name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names_and_urls() {
        let region = parse_region("hlj=https://hlj.example.cn/").unwrap();
        assert_eq!(region, Region { name: "hlj".into(), base_url: "https://hlj.example.cn".into() });
        let prefixed = parse_region("jl_2=http://10.0.0.5:8080/desk/").unwrap();
        assert_eq!(prefixed.base_url, "http://10.0.0.5:8080/desk");
        for bad in [
            "hlj",
            "=https://a.cn",
            "HLJ=https://a.cn",
            "h lj=https://a.cn",
            "黑龙江=https://a.cn",
            "hlj=ftp://a.cn",
            "hlj=not a url",
            "hlj=https://a.cn/?x=1",
            "hlj=https://user:pw@a.cn",
        ] {
            assert!(parse_region(bad).is_err(), "{bad}");
        }
        assert!(parse_region(&format!("{}=https://a.cn", "a".repeat(32))).is_ok());
        assert!(parse_region(&format!("{}=https://a.cn", "a".repeat(33))).is_err());
    }

    #[test]
    fn backoff_doubles_up_to_five_minutes_jittered_over_its_upper_half() {
        for (failures, top) in [
            (1, Duration::from_secs(2)),
            (2, Duration::from_secs(4)),
            (8, Duration::from_secs(256)),
            (9, BACKOFF_MAX),
            (u32::MAX, BACKOFF_MAX),
        ] {
            let wait = backoff(failures);
            assert!(wait >= top / 2 && wait <= top, "{failures}: {wait:?}");
        }
    }

    #[test]
    fn wire_names_are_serdes() {
        assert_eq!(wire_name(&shared::campaign::Stage::DraftPlan).unwrap(), "draft_plan");
        assert_eq!(wire_name(&shared::org::Province::InnerMongolia).unwrap(), "inner_mongolia");
    }
}
