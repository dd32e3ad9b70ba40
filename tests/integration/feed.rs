//! Beyond one region: the change feed (`GET /api/v1/changes`) and the head office's
//! roll-up (`server hq-sync`) into a real PostgreSQL that the test starts itself.

use std::collections::BTreeMap;
use std::path::Path;

use reqwest::StatusCode;
use shared::api::{CampaignQuery, KpiQuery, Write};
use shared::campaign::Stage;
use shared::endpoints::{CreateFeedReader, CreateStore, GetCampaign, GetKpi, ListCampaigns, UpdateFeedReader};
use shared::feed::{ChangeItem, ChangePage, FeedReader};
use shared::ids::StoreId;
use shared::org::{Province, Store, StoreStatus};
use shared::workflow::{Action, Rate};
use tests::{Session, TestApp, Who, World, flow, spawn_app, test_today};

/// A feed account made by the administrator; its token.
async fn feed_token(admin: &Session, name: &str) -> anyhow::Result<(u64, String)> {
    let reader = FeedReader { id: 0, name: name.into(), retired: false };
    let made = admin.ok::<CreateFeedReader>(&[], &(), &Write { version: 0, value: reader }).await?;
    Ok((made.reader.id, made.token))
}

async fn page(app: &TestApp, token: &str, after: u64) -> anyhow::Result<ChangePage> {
    let response =
        app.http.get(app.url(&format!("/api/v1/changes?after={after}&limit=7"))).bearer_auth(token).send().await?;
    anyhow::ensure!(response.status() == StatusCode::OK, "changes after {after}: {}", response.status());
    Ok(response.json().await?)
}

/// Every change after `after`, page by page; the cursor to go on from.
async fn read_all(app: &TestApp, token: &str, mut after: u64) -> anyhow::Result<(Vec<shared::feed::Change>, u64)> {
    let mut all = Vec::new();
    for _ in 0..1000 {
        let page = page(app, token, after).await?;
        for change in &page.changes {
            anyhow::ensure!(change.seq > after, "seq {} after {after}: not in order", change.seq);
            after = change.seq;
        }
        all.extend(page.changes);
        anyhow::ensure!(page.next >= after, "next {} went back", page.next);
        after = page.next;
        if !page.more {
            return Ok((all, after));
        }
    }
    anyhow::bail!("the feed never ended")
}

fn campaigns_in(changes: &[shared::feed::Change]) -> Vec<&shared::feed::FeedCampaign> {
    changes
        .iter()
        .filter_map(|c| match &c.item {
            ChangeItem::Campaign(campaign) => Some(campaign),
            _ => None,
        })
        .collect()
}

fn new_store(code: &str, name: &str) -> Store {
    Store {
        id: StoreId(0),
        code: code.into(),
        name: name.into(),
        province: Province::Jilin,
        city: "长春".into(),
        address: String::new(),
        manager: None,
        opened_on: None,
        status: StoreStatus::Preparing,
    }
}

#[tokio::test]
async fn the_feed_is_in_commit_order_keeps_each_item_once_and_resumes_after_a_restart() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    let (reader, token) = feed_token(&admin, "总部数据汇总").await?;

    // Only a feed account or the administrator reads it.
    let url = app.url("/api/v1/changes");
    assert_eq!(app.http.get(&url).send().await?.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.http.get(&url).bearer_auth("not-a-token").send().await?.status(), StatusCode::UNAUTHORIZED);
    let manager = world.session(&app, Who::StoreManager).await?;
    assert_eq!(manager.get_text("/api/v1/changes").await?.0, StatusCode::FORBIDDEN);
    assert_eq!(admin.get_text("/api/v1/changes").await?.0, StatusCode::OK);

    // From the start: the org as it is (two stores, the people), no campaign yet.
    let (first, cursor) = read_all(&app, &token, 0).await?;
    let stores = first.iter().filter(|c| matches!(c.item, ChangeItem::Store(_))).count();
    let people = first.iter().filter(|c| matches!(c.item, ChangeItem::Person(_))).count();
    assert_eq!(stores, 2);
    assert!(people >= 11, "{people} people");
    assert!(campaigns_in(&first).is_empty());

    // A campaign carried through five steps is one change, at its latest version.
    let dates = (test_today() + chrono::Days::new(40), test_today() + chrono::Days::new(42));
    let id = flow::store_campaign_at(&app, &world, "国庆到店礼", dates, Stage::Revisions).await?;
    let (changes, cursor) = read_all(&app, &token, cursor).await?;
    let campaigns = campaigns_in(&changes);
    assert_eq!(campaigns.len(), 1, "{campaigns:?}");
    let now = admin.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
    assert_eq!(campaigns[0].row.id.0, id);
    assert_eq!(campaigns[0].row.version, now.campaign.campaign().version);
    assert_eq!(campaigns[0].row.stage, Stage::Revisions);
    assert!(campaigns[0].budget_fen.0 > 0, "the draft's budget travels");

    // Read from 0 again: still each item once, every seq rising.
    let (again, _) = read_all(&app, &token, 0).await?;
    assert_eq!(campaigns_in(&again).len(), 1);

    // A restart loses nothing and repeats nothing.
    let app = app.restart_same_port().await?;
    let (after_restart, same) = read_all(&app, &token, cursor).await?;
    assert!(after_restart.is_empty(), "{after_restart:?}");
    assert_eq!(same, cursor);
    let admin = app.admin().await?;
    admin.ok::<CreateStore>(&[], &(), &Write { version: 0, value: new_store("LN-003", "长春店") }).await?;
    let (latest, _) = read_all(&app, &token, cursor).await?;
    assert_eq!(latest.len(), 1, "{latest:?}");
    assert!(matches!(&latest[0].item, ChangeItem::Store(s) if s.store.name == "长春店"));

    // A retired account's token no longer reads.
    let retired = FeedReader { id: reader, name: "总部数据汇总".into(), retired: true };
    admin.ok::<UpdateFeedReader>(&[&reader.to_string()], &(), &Write { version: 1, value: retired }).await?;
    assert_eq!(app.http.get(&url).bearer_auth(&token).send().await?.status(), StatusCode::UNAUTHORIZED);
    Ok(())
}

struct RegionUnderTest {
    name: &'static str,
    base_url: String,
    /// None while the region is offline.
    app: Option<TestApp>,
    world: World,
}

impl RegionUnderTest {
    fn app(&self) -> &TestApp {
        self.app.as_ref().expect("the region is online")
    }
}

fn hq_args(postgres: &str, regions: &[RegionUnderTest], tokens: &Path) -> server::hq::HqSyncArgs {
    server::hq::HqSyncArgs {
        postgres: postgres.to_owned(),
        regions: regions
            .iter()
            .map(|r| server::hq::Region { name: r.name.to_owned(), base_url: r.base_url.clone() })
            .collect(),
        token_dir: tokens.to_path_buf(),
        interval_secs: 1,
        once: true,
    }
}

/// The region's own reports (its campaign list, its KPI report, each campaign's money)
/// against the head office's views.
async fn assert_views_match(pg: &tokio_postgres::Client, region: &RegionUnderTest) -> anyhow::Result<()> {
    let app = region.app();
    let admin = app.admin().await?;
    let query = CampaignQuery { limit: Some(200), ..CampaignQuery::default() };
    let list = admin.ok::<ListCampaigns>(&[], &query, &()).await?;
    anyhow::ensure!(list.next_cursor.is_none(), "one page is enough here");
    let mut by_stage: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for row in list.items.iter().filter(|r| !r.stage.is_terminal()) {
        let entry =
            by_stage.entry(serde_json::to_value(row.stage)?.as_str().unwrap_or_default().to_owned()).or_default();
        entry.0 += 1;
        entry.1 += i64::from(row.late_working_days > 0);
        entry.2 += i64::from(row.at_risk);
    }
    let mut hq: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for row in pg
        .query("SELECT stage, campaigns, late, at_risk FROM hq_campaigns_by_stage WHERE region = $1", &[&region.name])
        .await?
    {
        hq.insert(row.get(0), (row.get(1), row.get(2), row.get(3)));
    }
    assert_eq!(hq, by_stage, "{}: campaigns by stage", region.name);
    let total: i64 = pg.query_one("SELECT count(*) FROM hq_campaigns WHERE region = $1", &[&region.name]).await?.get(0);
    assert_eq!(total, i64::try_from(list.items.len())?, "{}: every campaign once", region.name);

    let vp = region.world.session(app, Who::Vp).await?;
    let to = app.today().format("%Y-%m").to_string();
    let from = (app.today() - chrono::Days::new(300)).format("%Y-%m").to_string();
    let kpi = vp.ok::<GetKpi>(&[], &KpiQuery { from, to }, &()).await?;
    let mut report: Vec<(i64, String, i64, i64, bool)> = kpi
        .rows
        .iter()
        .map(|r| (r.staff.0 as i64, r.month.clone(), i64::from(r.rated), i64::from(r.satisfied), r.bonus_deduction))
        .collect();
    report.sort();
    let mut staff_months: Vec<(i64, String, i64, i64, bool)> = pg
        .query(
            "SELECT person, month, rated::bigint, satisfied::bigint, bonus_deduction FROM hq_staff_months \
             WHERE region = $1 ORDER BY person, month",
            &[&region.name],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect();
    staff_months.sort();
    assert_eq!(staff_months, report, "{}: staff months", region.name);

    for row in &list.items {
        let detail = admin.ok::<GetCampaign>(&[&row.id.to_string()], &(), &()).await?;
        let money = detail.money.ok_or_else(|| anyhow::anyhow!("the administrator sees money"))?;
        let hq_money: (i64, i64) = pg
            .query_one(
                "SELECT budget_fen, committed_fen FROM hq_campaigns WHERE region = $1 AND id = $2",
                &[&region.name, &(row.id.0 as i64)],
            )
            .await
            .map(|r| (r.get(0), r.get(1)))?;
        assert_eq!(hq_money, (money.budget_total.0, money.committed_total.0), "{} #{}", region.name, row.id);
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_regions_roll_up_into_postgresql_exactly_once_and_a_region_offline_catches_up() -> anyhow::Result<()> {
    let postgres = tests::postgres::Postgres::start()?;
    let tokens = tempfile::tempdir()?;
    let mut regions = Vec::new();
    let dates = (test_today() + chrono::Days::new(40), test_today() + chrono::Days::new(42));
    for (name, stages) in [
        ("hlj", vec![Stage::Intake, Stage::Rating]),
        ("jl", vec![Stage::Approval]),
        ("ln", vec![Stage::Needs, Stage::DraftPlan, Stage::Intake]),
    ] {
        let app = spawn_app().await?;
        let world = World::build(&app).await?;
        let admin = app.admin().await?;
        let (_, token) = feed_token(&admin, "总部").await?;
        std::fs::write(tokens.path().join(format!("{name}.token")), format!("{token}\n"))?;
        for (i, stage) in stages.into_iter().enumerate() {
            let id = flow::store_campaign_at(&app, &world, &format!("{name} 活动 {i}"), dates, stage).await?;
            if stage == Stage::Rating {
                // The store rates it: R7's months reach the head office.
                let manager = world.session(&app, Who::StoreManager).await?;
                let rate =
                    Action::Rate(Rate { store: StoreId(world.own_store), satisfied: false, comment: "慢".into() });
                manager.perform_ok(id, &rate).await?;
            }
        }
        regions.push(RegionUnderTest { name, base_url: app.url(""), app: Some(app), world });
    }

    server::hq::run(hq_args(postgres.url(), &regions, tokens.path())).await?;
    let pg = postgres.connect().await?;
    for region in &regions {
        assert_views_match(&pg, region).await?;
    }
    let rated: i64 = pg.query_one("SELECT count(*) FROM hq_staff_months WHERE region = 'hlj'", &[]).await?.get(0);
    assert!(rated > 0, "the rating's staff months arrived");

    // Run again with nothing new: nothing doubles.
    server::hq::run(hq_args(postgres.url(), &regions, tokens.path())).await?;
    for region in &regions {
        assert_views_match(&pg, region).await?;
    }

    // One region goes offline for a while; the others go on, and the run says which failed.
    let (data, address) = regions[1].app.take().expect("online").stop_keeping_data().await?;
    let later = |app: &TestApp| (app.today() + chrono::Days::new(40), app.today() + chrono::Days::new(42));
    flow::store_campaign_at(regions[0].app(), &regions[0].world, "hlj 新活动", later(regions[0].app()), Stage::Needs)
        .await?;
    let failed = server::hq::run(hq_args(postgres.url(), &regions, tokens.path())).await;
    let message = format!("{:#}", failed.err().ok_or_else(|| anyhow::anyhow!("a region was offline"))?);
    assert!(message.contains("jl"), "{message}");
    assert_views_match(&pg, &regions[0]).await?;
    assert_views_match(&pg, &regions[2]).await?;

    // It comes back with work done meanwhile, and catches up; nothing is lost or doubled.
    regions[1].app = Some(TestApp::resume(data, address).await?);
    flow::store_campaign_at(
        regions[1].app(),
        &regions[1].world,
        "jl 新活动",
        later(regions[1].app()),
        Stage::Brainstorm,
    )
    .await?;
    server::hq::run(hq_args(postgres.url(), &regions, tokens.path())).await?;
    for region in &regions {
        assert_views_match(&pg, region).await?;
    }
    let cursors: Vec<(String, i64)> = pg
        .query("SELECT region, cursor FROM hq_regions ORDER BY region", &[])
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(cursors.len(), 3, "{cursors:?}");
    for region in &regions {
        let token = std::fs::read_to_string(tokens.path().join(format!("{}.token", region.name)))?;
        let cursor = cursors.iter().find(|(name, _)| name == region.name).map_or(0, |(_, c)| *c);
        let rest = page(region.app(), token.trim(), u64::try_from(cursor)?).await?;
        assert!(rest.changes.is_empty() && !rest.more, "{}: the cursor is at the region's head", region.name);
    }
    Ok(())
}
