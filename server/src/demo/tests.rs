//! The demo region tells its stories whatever day it is generated on: the org, the
//! holidays, the KPI flags, the clock and the money (tests of `demo`).

use clap::Parser as _;
use shared::kpi::monthly_kpi;
use shared::rules::{HOLIDAY_PREPARATION_DAYS_MIN, check_video_lead_time};
use shared::workflow::{ActionKind, check_store_plan};

use super::*;
use crate::storage::CampaignFilter;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A region like the seeded one, without storage: 76 stores in the planners' groups
/// (20, 18, 18, 20), the last being prepared.
struct Fixture {
    cast: Cast,
    groups: Vec<Vec<StoreId>>,
    names: BTreeMap<StoreId, String>,
    coverage: Coverage,
}

fn actor(id: u64, name: &str, role: Role, store: Option<StoreId>) -> Actor {
    Actor { user: UserId(id), person: PersonId(id), name: name.into(), role, store }
}

fn fixture() -> Fixture {
    let mut groups = Vec::new();
    let mut n = 0u64;
    for size in [20, 18, 18, 20] {
        groups.push(
            (0..size)
                .map(|_| {
                    n += 1;
                    StoreId(n)
                })
                .collect::<Vec<_>>(),
        );
    }
    let names = groups.iter().flatten().map(|s| (*s, format!("测试{}店", s.0))).collect();
    let planners: Vec<Actor> = ["曹雪", "王赫", "丁梦萌", "李小会"]
        .iter()
        .enumerate()
        .map(|(i, name)| actor(201 + i as u64, name, Role::Planning, None))
        .collect();
    let people: Vec<Person> = planners
        .iter()
        .zip(&groups)
        .map(|(a, stores)| Person {
            id: a.person,
            name: a.name.clone(),
            contact: String::new(),
            positions: vec![],
            stores_covered: stores.clone(),
            account: Some(a.user),
        })
        .collect();
    let managers = groups
        .iter()
        .flatten()
        .map(|s| (*s, actor(1000 + s.0, &format!("店长{}", s.0), Role::StoreManager, Some(*s))))
        .collect();
    Fixture {
        cast: Cast {
            vp: actor(100, "张岱", Role::Vp, None),
            deputy: actor(101, "刘江涛", Role::Planning, None),
            planners,
            design: actor(102, "周婷", Role::Design, None),
            video: actor(103, "孙磊", Role::Video, None),
            brand: actor(104, "赵刚", Role::Brand, None),
            merchandise: actor(105, "钱敏", Role::Merchandise, None),
            purchasing: actor(106, "吴桐", Role::Purchasing, None),
            service: actor(107, "郑洁", Role::ServiceCenter, None),
            market: actor(108, "冯涛", Role::Market, None),
            managers,
        },
        coverage: Coverage::from_planners(&people),
        groups,
        names,
    }
}

fn generate(today: NaiveDate) -> (Demo, Fixture, Calendar) {
    let f = fixture();
    let calendar = crate::lunar::calendar_for(Vec::new(), today);
    let demo = {
        let region = Region {
            today,
            calendar: &calendar,
            templates: &shared::schedule::Templates::defaults(),
            cast: &f.cast,
            groups: &f.groups,
            names: &f.names,
            coverage: &f.coverage,
            new_store: Some((StoreId(76), new_store_opening(today))),
            latest_ms: i64::MAX,
        };
        let mut next = 5000;
        region.generate(&mut || {
            next += 1;
            Some(next)
        })
    };
    (demo, f, calendar)
}

/// Today's real date, the integration tests' Monday, the middle of the National Day
/// week, a summer day of a year only on file as an estimate, 除夕 2027; then a day
/// every seven weeks from September 2025 to the end of 2027 (every day of that span
/// was checked once: minutes).
fn todays() -> Vec<NaiveDate> {
    let mut days = vec![d(2026, 11, 29), d(2026, 3, 2), d(2026, 10, 4), d(2027, 7, 14), d(2027, 2, 5)];
    let mut day = d(2025, 9, 15);
    while day <= d(2027, 12, 31) {
        days.push(day);
        day = day + Days::new(49);
    }
    days
}

/// The holiday a promotion's title names, in the year the title names.
fn holiday_in_title(title: &str) -> Option<(NaiveDate, NaiveDate)> {
    let year: i32 = title.get(..4)?.parse().ok()?;
    let lunar = crate::lunar::lunar_dates(year)?;
    let fixed = |m, day| d(year, m, day);
    let day = if title.contains("元旦") {
        fixed(1, 1)
    } else if title.contains("春节") {
        lunar.chuxi
    } else if title.contains("元宵") {
        lunar.chuxi + Days::new(15)
    } else if title.contains("七夕") {
        lunar_day(year, 7, 7)?
    } else if title.contains("情人节") {
        fixed(2, 14)
    } else if title.contains("三八") {
        fixed(3, 8)
    } else if title.contains("五一") {
        fixed(5, 1)
    } else if title.contains("520") {
        fixed(5, 20)
    } else if title.contains("618") {
        fixed(6, 18)
    } else if title.contains("中秋国庆") {
        return Some((lunar.zhongqiu.min(fixed(10, 1)), lunar.zhongqiu.max(fixed(10, 1))));
    } else if title.contains("中秋") {
        lunar.zhongqiu
    } else if title.contains("国庆") {
        fixed(10, 1)
    } else if title.contains("双十一") {
        fixed(11, 11)
    } else if title.contains("双十二") {
        fixed(12, 12)
    } else if title.contains("圣诞") {
        fixed(12, 25)
    } else {
        return None;
    };
    Some((day, day))
}

/// Everything that makes the demo believable, checked on the campaigns as stored.
fn check_believable(campaigns: &[Campaign], today: NaiveDate, calendar: &Calendar) {
    assert!((100..=140).contains(&campaigns.len()), "{} campaigns", campaigns.len());
    for c in campaigns {
        let t = &c.title;
        // Requested in the past; every entry on a working day after that, in order,
        // stamped in office hours on its own day, the stamps never going back.
        assert!(c.requested_on <= today, "{t}: requested {}", c.requested_on);
        assert_eq!(c.history.first().map(|h| (h.action, h.on)), Some((ActionKind::Create, c.requested_on)), "{t}");
        let mut last = (c.requested_on, 0i64);
        for (i, h) in c.history.iter().enumerate() {
            assert_eq!(h.seq as usize, i + 1, "{t}");
            assert!(h.on >= last.0 && h.on <= today, "{t}: {:?} on {}", h.action, h.on);
            assert!(h.at_unix_ms > 0 && h.at_unix_ms >= last.1, "{t}: {:?} stamped {}", h.action, h.at_unix_ms);
            assert_eq!(china_date_from_unix_ms(h.at_unix_ms), Some(h.on), "{t}: {:?}", h.action);
            let seconds = (h.at_unix_ms + CHINA_UTC_OFFSET_MS).rem_euclid(86_400_000) / 1000;
            assert!((9 * 3600..18 * 3600).contains(&seconds), "{t}: {:?} at {seconds}s", h.action);
            // (A year before the first one on file cannot be asked.)
            if let Ok(working) = calendar.is_working_day(h.on) {
                assert!(working, "{t}: {:?} on {}, not a working day", h.action, h.on);
            }
            if h.action.is_per_store() {
                assert!(h.store.is_some_and(|s| c.has_store(s)), "{t}: {:?}", h.action);
            }
            last = (h.on, h.at_unix_ms);
        }
        if let Some(starts) = c.starts_on {
            assert!(starts >= c.requested_on, "{t}");
            assert!(c.ends_on.is_some_and(|e| e >= starts), "{t}");
        }
        // The rules the product enforces (R1–R4, R6).
        match c.kind {
            CampaignType::HolidayPromotion => {
                let lead = c.starts_on.map(|s| (s - c.requested_on).num_days()).unwrap_or_default();
                assert!(lead >= HOLIDAY_PREPARATION_DAYS_MIN, "{t}: requested {lead} days ahead");
                assert_eq!((c.lateness, &c.late_override), (None, &None), "{t}");
            }
            CampaignType::VideoProduction => {
                let due = c.due_on.unwrap();
                assert_eq!(check_video_lead_time(c.requested_on, due, calendar), Ok(()), "{t}");
            }
            CampaignType::AnnualPlan => {
                assert_eq!(c.lateness, None, "{t}");
                if let Some(approval) = &c.approval {
                    assert!(c.due_on.is_some_and(|due| approval.on <= due), "{t}");
                }
            }
            _ => {}
        }
        if c.stage > Stage::Approval && !c.stage.is_terminal() || c.stage == Stage::Closed {
            let plan = c.latest_plan().map(|v| v.document.clone()).unwrap_or_default();
            assert!(plan.check_complete().is_empty(), "{t}");
            assert!(c.approval.is_some(), "{t}");
        }
        for confirmation in &c.confirmations {
            assert!(c.approval.as_ref().is_some_and(|a| a.on <= confirmation.on), "{t}");
            assert!(check_store_plan(&confirmation.plan).is_empty(), "{t}");
            assert_eq!((Some(confirmation.plan.starts_on), Some(confirmation.plan.ends_on)), (c.starts_on, c.ends_on));
        }
        for shipment in &c.shipments {
            let confirmed = c.confirmation_of(shipment.store).map(|x| x.on);
            assert!(confirmed.is_some_and(|on| on <= shipment.shipped_on) && shipment.shipped_on <= today, "{t}");
            if let Some(receipt) = c.receipt_of(shipment.store) {
                assert!(receipt.on >= shipment.shipped_on, "{t}");
            }
        }
        // Whatever is summarised or rated has run: it started and ended before.
        let finished = c.ends_on.or(c.due_on);
        if let Some(summary) = &c.summary {
            assert!(finished.is_some_and(|f| f < summary.on), "{t}: summary on {}", summary.on);
        }
        for rating in &c.ratings {
            assert!(c.starts_on.is_none_or(|s| s < rating.on), "{t}: rated on {} before it started", rating.on);
            assert!(finished.is_some_and(|f| f < rating.on) && rating.on <= today, "{t}: rated on {}", rating.on);
            assert!(rating.staff.iter().all(|p| c.team.contains(p)), "{t}");
        }
        if c.stage >= Stage::Summary && c.stage != Stage::Cancelled {
            // A campaign is summarised once it has ended; a video once it is delivered,
            // by its due day.
            if let Some(ends) = c.ends_on {
                assert!(ends < today, "{t} is in {:?} before it ended", c.stage);
            }
            if c.kind == CampaignType::VideoProduction {
                let produced = c.history.iter().find(|h| h.action == ActionKind::CompleteProduction);
                assert!(produced.is_some_and(|h| c.due_on.is_some_and(|due| h.on <= due)), "{t}");
            }
        }
    }

    // Every stage is there; multi-store campaigns are in every stage they can be in.
    for stage in Stage::ALL {
        assert!(campaigns.iter().any(|c| c.stage == stage), "no campaign in {stage:?} on {today}");
    }
    for stage in stages_of(CampaignType::HolidayPromotion, true) {
        assert!(
            campaigns.iter().any(|c| c.stage == *stage && c.stores.len() > 1),
            "no multi-store campaign in {stage:?} on {today}"
        );
    }
    for kind in [
        CampaignType::StoreOpening,
        CampaignType::StoreSpecific,
        CampaignType::NewProductLaunch,
        CampaignType::VideoProduction,
    ] {
        for stage in stages_of(kind, true) {
            assert!(
                campaigns.iter().any(|c| c.kind == kind && c.stage == *stage),
                "no {kind:?} in {stage:?} on {today}"
            );
        }
    }
    assert!(campaigns.iter().any(|c| c.kind == CampaignType::AnnualPlan));
    // Requests are spread over the last months, not all today.
    let days: BTreeSet<NaiveDate> = campaigns.iter().map(|c| c.requested_on).collect();
    assert!(days.len() > 40 && days.iter().filter(|day| **day == today).count() <= 1, "{days:?}");

    // Holiday promotions on their holidays: the far ones early, the past ones done.
    let holidays: Vec<&Campaign> = campaigns.iter().filter(|c| c.kind == CampaignType::HolidayPromotion).collect();
    assert!(holidays.len() >= 10, "{} holiday promotions", holidays.len());
    for c in &holidays {
        let (first, last) = holiday_in_title(&c.title).unwrap_or_else(|| panic!("{}: which holiday?", c.title));
        let (starts, ends) = (c.starts_on.unwrap(), c.ends_on.unwrap());
        assert!(starts <= first && last <= ends && (first - starts).num_days() <= 14, "{}: {starts}–{ends}", c.title);
        if c.title.contains("元旦") {
            assert!((first - starts).num_days() <= 3, "{}", c.title);
        }
        assert!(c.stores.len() >= 17, "{}: {} stores", c.title, c.stores.len());
        // Further ahead than any request is made (twelve weeks): only just begun.
        if (starts - today).num_days() > 84 {
            assert!(c.stage <= Stage::Revisions, "{} is in {:?}", c.title, c.stage);
        }
        if (today - ends).num_days() > 25 {
            assert_eq!(c.stage, Stage::Closed, "{}", c.title);
        }
    }
    assert!(holidays.iter().any(|c| c.starts_on.is_some_and(|s| s > today)), "nothing ahead");
    assert!(holidays.iter().any(|c| c.stage == Stage::Closed), "nothing closed");
}

/// R7 as the README tells it: 王赫 three bad months in a row, 丁梦萌 one, no one else.
fn check_kpi_story<'a>(
    ratings: impl IntoIterator<Item = &'a shared::campaign::Rating>,
    wanghe: PersonId,
    ding: PersonId,
    today: NaiveDate,
) {
    let ratings: Vec<&shared::campaign::Rating> = ratings.into_iter().collect();
    let rows = monthly_kpi(ratings.iter().copied());
    let flagged = |who: PersonId| rows.iter().filter(|r| r.staff == who && r.bonus_deduction).count();
    assert!(rows.iter().any(|r| r.staff == wanghe && r.disciplinary_review), "{rows:?}");
    assert_eq!(flagged(wanghe), 3, "{rows:?}");
    assert_eq!(flagged(ding), 1, "{rows:?}");
    let others: Vec<_> = rows.iter().filter(|r| r.bonus_deduction && r.staff != wanghe && r.staff != ding).collect();
    assert!(others.is_empty(), "{others:?}");
    // Six months of ratings, none in the future.
    let months: BTreeSet<YearMonth> = ratings.iter().map(|r| YearMonth::of(r.on)).collect();
    assert!(months.len() >= 6, "{months:?}");
    assert!(ratings.iter().all(|r| r.on <= today));
}

/// The campaign's money adds up, and tells both stories: kept within its budget, and over
/// it with the VP's approval.
fn check_money(campaigns: &[Campaign], today: NaiveDate) {
    let (mut under, mut over) = (0, 0);
    for c in campaigns.iter().filter(|c| !c.costs.orders.is_empty()) {
        let money = shared::costs::money_of(c, shared::costs::DEFAULT_TOLERANCE_PERCENT);
        let lines: i64 = money.lines.iter().map(|l| l.committed.0).sum();
        assert_eq!(money.committed_total.0, lines, "{}: totals are the sum of the lines", c.title);
        assert!(money.committed_total <= money.ceiling, "{}: committed beyond what was allowed", c.title);
        if money.committed_total > money.budget_total {
            assert!(!c.costs.overruns.is_empty(), "{}: over the budget without the VP", c.title);
            over += 1;
        } else {
            under += 1;
        }
    }
    println!("{today}: money: {under} within the budget, {over} over it with the VP's approval");
    assert!(under >= 1 && over >= 1, "{today}: within {under}, over {over}");
}

/// The campaign's clock tells a story too: open campaigns on time, late and at risk.
fn check_clock(campaigns: &[Campaign], today: NaiveDate, calendar: &Calendar) {
    let (mut on_time, mut late, mut at_risk) = (0, 0, 0);
    for c in campaigns.iter().filter(|c| !c.stage.is_terminal()) {
        let template = shared::schedule::Template::default_for(c.kind);
        let schedule = shared::schedule::schedule_of(c, &template, calendar);
        let due: Vec<_> = schedule.entries.iter().map(|e| (e.stage, e.due_on)).collect();
        let standing =
            shared::schedule::standing(&due, c.stage, shared::schedule::stage_since(c), &template, today, calendar);
        match (standing.late_working_days, standing.at_risk) {
            (0, false) => on_time += 1,
            (0, true) => at_risk += 1,
            _ => late += 1,
        }
    }
    println!("{today}: clock: {on_time} on time, {late} late, {at_risk} at risk");
    assert!(on_time > late, "{today}: more campaigns are on time than late ({on_time} / {late})");
    assert!(late >= 2 && at_risk >= 1, "{today}: late {late}, at risk {at_risk}");
}

#[test]
fn the_demo_hangs_together_whatever_today_is() {
    for today in todays() {
        let (demo, f, calendar) = generate(today);
        assert!(demo.problems.is_empty(), "{today}: {:#?}", demo.problems);
        let mut by_stage: BTreeMap<Stage, (usize, usize)> = BTreeMap::new();
        for c in &demo.campaigns {
            let entry = by_stage.entry(c.stage).or_default();
            entry.0 += 1;
            entry.1 += usize::from(c.stores.len() > 1);
        }
        println!("{today}: {} campaigns; (all, multi-store) by stage: {by_stage:?}", demo.campaigns.len());
        for c in demo.campaigns.iter().filter(|c| c.kind == CampaignType::HolidayPromotion) {
            let (s, e) = (c.starts_on.unwrap(), c.ends_on.unwrap());
            println!("  {} {s}–{e} requested {} {:?}", c.title, c.requested_on, c.stage);
        }
        check_believable(&demo.campaigns, today, &calendar);
        check_clock(&demo.campaigns, today, &calendar);
        check_money(&demo.campaigns, today);
        check_kpi_story(
            demo.campaigns.iter().flat_map(|c| &c.ratings),
            f.cast.planners[1].person,
            f.cast.planners[2].person,
            today,
        );
    }
}

#[test]
fn near_holidays_are_in_the_later_stages_and_the_far_ones_just_begun() {
    let today = d(2026, 11, 29);
    let (demo, _, _) = generate(today);
    let stage_of = |name: &str| {
        demo.campaigns
            .iter()
            .find(|c| c.kind == CampaignType::HolidayPromotion && c.title.contains(name))
            .map(|c| (c.stage, c.starts_on, c.requested_on))
    };
    // 双十二 starts in eleven days: ordered and produced, shipping next week.
    let (stage, starts, _) = stage_of("2026双十二").unwrap();
    assert_eq!((stage, starts), (Stage::Production, Some(d(2026, 12, 10))));
    // 元旦 2027 starts on 30 December, 春节 2027 (除夕 5 February) in late January.
    let (stage, starts, _) = stage_of("2027元旦").unwrap();
    assert!(matches!(stage, Stage::StoreConfirmation | Stage::Production), "{stage:?}");
    assert_eq!(starts, Some(d(2026, 12, 30)));
    let (stage, starts, requested) = stage_of("2027春节").unwrap();
    assert_eq!(starts, Some(d(2027, 1, 24)));
    assert!(stage <= Stage::Approval && requested < today, "{stage:?}");
    // 双十一 is over and rated; 618 of next year has only just been requested.
    assert_eq!(stage_of("2026双十一").map(|s| s.0), Some(Stage::Closed));
    let (stage, _, requested) = stage_of("2027618").unwrap();
    assert!(stage <= Stage::Needs && (today - requested).num_days() <= 7, "{stage:?} {requested}");
}

#[test]
fn the_same_day_gives_the_same_demo() {
    let today = d(2026, 11, 29);
    assert_eq!(generate(today).0.campaigns, generate(today).0.campaigns);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_loads_a_believable_region_into_a_real_store() {
    let dir = tempfile::tempdir().unwrap();
    let today = d(2026, 3, 2);
    let cli = crate::config::Cli::try_parse_from([
        "server",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--today",
        "2026-03-02",
        "--admin-password",
        "demo-test-admin-password",
        "--cache-capacity-mb",
        "16",
    ])
    .unwrap();
    let started = std::time::Instant::now();
    let (state, notes) = crate::prepare(&cli.config).await.unwrap();
    let took = started.elapsed();
    assert!(notes.iter().any(|n| n.starts_with("Demo data: 76 stores, 90 staff")), "{notes:?}");

    let mut campaigns = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = state.store.list_campaigns(&CampaignFilter::default(), cursor.as_deref(), 100).unwrap();
        for item in page.items {
            campaigns.push(state.store.get_campaign(item.id).unwrap().unwrap());
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert!(notes.iter().any(|n| n.ends_with(&format!("{} campaigns", campaigns.len()))), "{notes:?}");
    check_believable(&campaigns, today, &state.calendar());

    // Newest request first, as the list shows them.
    let ids: Vec<_> = campaigns.iter().map(|c| (c.requested_on, c.id)).collect();
    assert!(ids.windows(2).all(|w| w[0] >= w[1]), "ids follow the request days");

    let users = state.store.all::<UserRecord>().unwrap();
    let person = |login: &str| users.iter().find(|u| u.value.login == login).map(|u| u.value.person).unwrap();
    let stored = state.store.ratings_between(YearMonth { year: 2000, month: 1 }, YearMonth::of(today)).unwrap();
    check_kpi_story(stored.iter().map(|(_, r)| r), person("wanghe"), person("dingmengmeng"), today);

    let stores = state.store.all::<Store>().unwrap();
    let preparing: Vec<_> = stores.iter().filter(|s| s.value.status == StoreStatus::Preparing).collect();
    assert_eq!(preparing.len(), 1);
    let opening =
        campaigns.iter().find(|c| c.kind == CampaignType::StoreOpening && c.stores == [preparing[0].value.id]);
    assert_eq!(opening.and_then(|c| c.starts_on), preparing[0].value.opened_on);

    // The bell is not empty on the first morning: the VP is told of the plans waiting.
    let vp = users.iter().find(|u| u.value.login == "zhangdai").map(|u| u.value.id).unwrap();
    let told = state.store.notifications(vp, 50, true, None).unwrap();
    assert!(told.unread >= 1, "the VP's bell is empty");
    assert!(
        told.items.iter().any(|n| matches!(n.reason, shared::notify::Reason::ApprovalNeeded)),
        "{:?}",
        told.items.iter().map(|n| &n.reason).collect::<Vec<_>>()
    );

    // Every city is the whole place name ("虎林", not "虎"), the store's name begins with it.
    for store in &stores {
        let s = &store.value;
        assert!(s.city.chars().count() >= 2 && s.name.starts_with(&s.city), "{} in {}", s.name, s.city);
    }
    assert!(stores.iter().any(|s| s.value.city == "哈尔滨" && s.value.name == "哈尔滨道里店"));

    // Every supplier the orders name is on the list, active.
    let suppliers = state.store.all::<shared::costs::Supplier>().unwrap();
    let ordered_from: std::collections::BTreeSet<&str> =
        campaigns.iter().flat_map(|c| c.costs.orders.iter().map(|o| o.supplier.as_str())).collect();
    assert!(!ordered_from.is_empty());
    for name in ordered_from {
        assert!(suppliers.iter().any(|s| s.value.name == name && s.value.active), "{name} is not on the list");
    }
    assert!(suppliers.iter().any(|s| !s.value.active), "one supplier has been retired");

    let report = state.store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert!(took < std::time::Duration::from_secs(60), "first start took {took:?}");
    assert!(first_run(&state, &cli.config).await.unwrap().is_empty(), "a second start adds nothing");
}
