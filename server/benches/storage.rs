//! Storage benchmark (`cargo bench -p server --bench storage`): acknowledged campaign
//! updates per second with 1, 8 and 64 concurrent writers, group commit versus one flush
//! per write, in the default and the full sync mode; bytes on disk per campaign; open
//! time with 20,000 campaigns. Prints a table and writes `target/bench/storage.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use server::storage::{Store, StoreOptions, SyncMode};
use shared::calendar::Calendar;
use shared::campaign::{Campaign, CampaignType};
use shared::ids::{CampaignId, PersonId, StoreId, UserId};
use shared::intake::{NewCampaign, create_campaign};
use shared::org::{Actor, Coverage, Role};
use shared::plan::{BudgetLine, PlanDocument};
use shared::workflow::{Action, Context, apply};
use shared::workflow::{CompleteNeeds, RecordBrainstorm, SavePlan, SendReminder, StartNeeds};

const RUN: Duration = Duration::from_secs(2);
const SIZE_CAMPAIGNS: u64 = 20_000;

fn planner() -> Actor {
    Actor { user: UserId(1), person: PersonId(1), name: "曹雪".into(), role: Role::Planning, store: None }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn campaign(id: u64) -> Campaign {
    let calendar = Calendar::china_official();
    let ctx = Context {
        today: today(),
        now_unix_ms: 1,
        calendar: &calendar,
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let mut form = NewCampaign::empty(CampaignType::StoreSpecific);
    form.title = format!("周年庆活动 {id}");
    form.stores = vec![StoreId(id % 100 + 1)];
    form.starts_on = "2026-04-01".into();
    form.ends_on = "2026-04-07".into();
    form.needs.wishes = "希望突出黄金饰品，配合店庆。".into();
    create_campaign(CampaignId(id), &form, &planner(), &ctx, &Coverage::default(), &|_| true).unwrap()
}

fn act(c: &Campaign, action: Action) -> Campaign {
    act_at(c, action, 2)
}

/// As `act`, at a moment of the caller's choosing (reminders need hours between them).
fn act_at(c: &Campaign, action: Action, now_unix_ms: i64) -> Campaign {
    let calendar = Calendar::china_official();
    let ctx = Context {
        today: today(),
        now_unix_ms,
        calendar: &calendar,
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    apply(c, action, &planner(), &ctx).unwrap().campaign
}

/// A campaign as it typically looks mid-way: needs, brainstorm, one plan version.
fn typical(id: u64) -> Campaign {
    let mut c = campaign(id);
    c = act(&c, Action::StartNeeds(StartNeeds {}));
    c = act(&c, Action::CompleteNeeds(CompleteNeeds {}));
    c = act(
        &c,
        Action::RecordBrainstorm(RecordBrainstorm {
            brainstorm: shared::campaign::Brainstorm {
                notes: "主推足金手链，满额赠礼。".into(),
                attendees: vec!["曹雪".into(), "王赫".into()],
            },
        }),
    );
    let plan = PlanDocument {
        theme: "周年店庆 · 金彩相伴".into(),
        strategy: "满 3000 元赠首饰盒，老会员双倍积分。".repeat(3),
        implementation: "第一周预热，第二周主推，第三周返场。".repeat(3),
        forecast: "客流提升 30%，销售额提升 20%。".into(),
        budget: vec![
            BudgetLine { item: "物料制作".into(), amount: shared::money::Fen(1_200_000) },
            BudgetLine { item: "促销品".into(), amount: shared::money::Fen(800_000) },
        ],
        forecast_sales: None,
    };
    c = act(&c, Action::SavePlan(SavePlan { plan, note: "初稿".into() }));
    c
}

fn options(sync: SyncMode, group_commit: bool) -> StoreOptions {
    StoreOptions { cache_capacity_bytes: 64 * 1024 * 1024, sync, group_commit }
}

async fn updates_per_second(sync: SyncMode, group_commit: bool, writers: u64) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), options(sync, group_commit)).unwrap();
    for id in 1..=writers {
        store.insert_campaign(&campaign(id)).await.unwrap();
    }
    let started = Instant::now();
    let tasks: Vec<_> = (1..=writers)
        .map(|id| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut current = store.get_campaign(CampaignId(id)).unwrap().unwrap();
                let mut done = 0u64;
                let mut fresh_id = id + 1_000_000;
                while started.elapsed() < RUN {
                    if current.history.len() >= shared::campaign::ENTRIES_PER_PERSON_MAX - 1 {
                        // One person's cap is reached: carry on with a new campaign.
                        current = campaign(fresh_id);
                        fresh_id += 1_000;
                        store.insert_campaign(&current).await.unwrap();
                    }
                    let later = (done as i64 + 1) * shared::campaign::REMINDER_INTERVAL_MS;
                    let next = act_at(
                        &current,
                        Action::SendReminder(SendReminder { note: format!("第 {done} 次提醒") }),
                        later,
                    );
                    store.update_campaign(&current, &next).await.unwrap();
                    current = next;
                    done += 1;
                }
                done
            })
        })
        .collect();
    let mut total = 0;
    for task in tasks {
        total += task.await.unwrap();
    }
    total as f64 / started.elapsed().as_secs_f64()
}

fn dir_bytes(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            if path.is_dir() { dir_bytes(&path) } else { std::fs::metadata(&path).unwrap().len() }
        })
        .sum()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut rows = Vec::new();
    println!("| sync mode | commit | writers | acknowledged updates/s |");
    println!("|---|---|---|---|");
    for sync in [SyncMode::Default, SyncMode::Full] {
        for group_commit in [true, false] {
            for writers in [1, 8, 64] {
                let rate = updates_per_second(sync, group_commit, writers).await;
                let commit = if group_commit { "group" } else { "per write" };
                println!("| {sync:?} | {commit} | {writers} | {rate:.0} |");
                rows.push(serde_json::json!({
                    "sync": format!("{sync:?}"), "commit": commit, "writers": writers, "updates_per_s": rate.round(),
                }));
            }
        }
    }

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), options(SyncMode::Default, true)).unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = (0..64u64)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut id = w + 1;
                while id <= SIZE_CAMPAIGNS {
                    store.insert_campaign(&typical(id)).await.unwrap();
                    id += 64;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let load_s = started.elapsed().as_secs_f64();
    store.flush().unwrap();
    drop(store);
    let bytes = dir_bytes(&dir.path().join("db"));
    let started = Instant::now();
    let reopened = Store::open(dir.path(), options(SyncMode::Default, true)).unwrap();
    let open_ms = started.elapsed().as_secs_f64() * 1000.0;
    let count = reopened.campaign_count().unwrap();
    assert_eq!(count as u64, SIZE_CAMPAIGNS);
    let started = Instant::now();
    let report = reopened.check().unwrap();
    let check_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(report.is_ok());
    println!();
    println!("{SIZE_CAMPAIGNS} typical campaigns (5 history entries, 1 plan version each):");
    println!("- loaded in {load_s:.1} s by 64 writers ({:.0} inserts/s)", SIZE_CAMPAIGNS as f64 / load_s);
    println!("- {bytes} bytes on disk = {:.0} bytes per campaign", bytes as f64 / SIZE_CAMPAIGNS as f64);
    println!("- open: {open_ms:.0} ms; full check: {check_ms:.0} ms");
    let json = serde_json::json!({
        "updates": rows,
        "campaigns": SIZE_CAMPAIGNS,
        "bytes_on_disk": bytes,
        "bytes_per_campaign": (bytes as f64 / SIZE_CAMPAIGNS as f64).round(),
        "open_ms": open_ms.round(),
        "check_ms": check_ms.round(),
        "insert_per_s": (SIZE_CAMPAIGNS as f64 / load_s).round(),
    });
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("storage.json"), serde_json::to_string_pretty(&json).unwrap()).unwrap();
}
