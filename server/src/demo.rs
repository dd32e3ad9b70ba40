//! First run: the first administrator account, and demo data for an empty data directory:
//! the planning department of DOMAIN.md, 76 stores across 黑龙江, 吉林 and 内蒙古, staff for
//! every department, and about 120 campaigns of every type in every stage, with months of
//! ratings so the KPI report has flags to show.
//!
//! The campaigns hang together around the server's business day ("today", `--today`):
//!
//! - Holiday promotions (日常节假日促销) sit on the real holidays around today — 元旦, 情人节,
//!   春节 and 元宵 (from the lunar calendar), 三八, 五一, 520, 618, 七夕, 中秋, 国庆, 双十一,
//!   双十二, 圣诞 — for a planner's stores or, for 春节 and 国庆, the whole region, each
//!   requested at least 50 days before it starts (R2).
//! - Every campaign lives a timeline: requested on a working day in the past, then each step
//!   on a later working day, in office hours (China time), each through
//!   [`shared::workflow::apply`] on its own day, the per-store ones (confirmation, shipment,
//!   receipt, sales, rating) for every store of the campaign. Steps due after today are not
//!   taken, and that is what decides the stage a campaign is in: the far holidays are in the
//!   early stages, the near ones in store confirmation or production, the past ones
//!   summarised, rated and closed.
//! - Multi-store campaigns are in every stage; every type is in each stage it has.
//! - The ratings of the last six months tell R7's story: 王赫 below 50% three rated months
//!   in a row (disciplinary review), 丁梦萌 one month (bonus deduction), everyone else fine.
//!
//! Nothing is random: the same `today` gives the same data.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};
use shared::Calendar;
use shared::api::NewUser;
use shared::campaign::{
    Brainstorm, Campaign, CampaignType, GiftItem, HelpKind, MaterialItem, Needs, ReceiptLine, ShippedItem, Stage,
    StorePlan, TaskStatus,
};
use shared::clock::{CHINA_UTC_OFFSET_MS, china_date_from_unix_ms};
use shared::ids::{CampaignId, OrgUnitId, PersonId, PositionId, StoreId, UserId};
use shared::intake::{NewCampaign, create_campaign};
use shared::kpi::{YearMonth, below_half};
use shared::money::Fen;
use shared::org::{Actor, Coverage, OrgUnit, OrgUnitKind, Person, Position, Province, Role, Store, StoreStatus};
use shared::plan::{BudgetLine, PlanDocument};
use shared::workflow::{Action, Context, apply, stages_of};

use crate::auth::{actor_for, random_password};
use crate::config::Config;
use crate::state::AppState;
use crate::storage::{AuditEntry, UserRecord};
use shared::workflow::{
    Approve, AssignHelp, Cancel, Comment, CompleteNeeds, CompleteProduction, ConfirmPlan, ConfirmReceipt,
    FinishExecution, Rate, RecordBrainstorm, RecordShipment, ReportSales, RequestHelp, SavePlan, StartNeeds,
    SubmitDraft, SubmitForApproval, SubmitSummary, UpdateTask,
};

/// The password of every demo account (printed at start and in the README).
pub const DEMO_PASSWORD: &str = "demo2026";

fn audit(action: &str) -> AuditEntry {
    AuditEntry {
        at_unix_ms: chrono::Utc::now().timestamp_millis(),
        user: UserId(0),
        action: action.into(),
        target: "demo".into(),
    }
}

/// Creates the first administrator on an empty data directory, then the demo data
/// unless disabled. Returns lines for the console.
pub async fn first_run(state: &AppState, config: &Config) -> anyhow::Result<Vec<String>> {
    if !state.store.all::<UserRecord>()?.is_empty() {
        return Ok(Vec::new());
    }
    let mut notes = Vec::new();
    let (password, generated) = match &config.admin_password {
        Some(p) => (p.clone(), false),
        None => (random_password().map_err(|e| anyhow::anyhow!("{e:?}"))?, true),
    };
    let admin = NewUser {
        login: "admin".into(),
        password: password.clone(),
        role: Role::Admin,
        person: None,
        name: "系统管理员".into(),
        store: None,
    };
    crate::api::users::create_user(state, admin, UserId(0)).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    if generated {
        notes.push(format!("First run: administrator login `admin`, password `{password}` (shown once; change it)"));
    } else {
        notes.push("First run: administrator login `admin` with the password given by --admin-password".into());
    }
    if !config.no_demo {
        let summary = seed(state).await?;
        notes.push(summary);
        notes.push(format!(
            "Demo logins (password `{DEMO_PASSWORD}`): VP zhangdai · planners caoxue, wanghe, dingmengmeng, lixiaohui, \
             xuhaichao, liujiangtao · design zhouting · video sunlei · brand zhaogang · merchandise qianmin · \
             purchasing wutong · service center zhengjie · market fengtao · store managers store001–store076"
        ));
    }
    Ok(notes)
}

struct Cities;

impl Cities {
    /// (city, province) per planner, as the source assigns them.
    const CAO_XUE: [&'static str; 20] = [
        "鸡西",
        "鸡东",
        "密山",
        "虎林",
        "七台河",
        "勃利",
        "双鸭山",
        "宝清",
        "佳木斯",
        "富锦",
        "桦南",
        "鹤岗",
        "萝北",
        "伊春",
        "铁力",
        "牡丹江",
        "海林",
        "宁安",
        "穆棱",
        "东宁",
    ];
    const WANG_HE: [(&'static str, Province); 18] = [
        ("哈尔滨道里", Province::Heilongjiang),
        ("哈尔滨南岗", Province::Heilongjiang),
        ("阿城", Province::Heilongjiang),
        ("双城", Province::Heilongjiang),
        ("长春重庆路", Province::Jilin),
        ("长春桂林路", Province::Jilin),
        ("吉林", Province::Jilin),
        ("四平", Province::Jilin),
        ("辽源", Province::Jilin),
        ("通化", Province::Jilin),
        ("海拉尔", Province::InnerMongolia),
        ("满洲里", Province::InnerMongolia),
        ("牙克石", Province::InnerMongolia),
        ("扎兰屯", Province::InnerMongolia),
        ("乌兰浩特", Province::InnerMongolia),
        ("通辽", Province::InnerMongolia),
        ("赤峰", Province::InnerMongolia),
        ("根河", Province::InnerMongolia),
    ];
    const DING_MENGMENG: [(&'static str, Province); 18] = [
        ("大庆萨尔图", Province::Heilongjiang),
        ("大庆让胡路", Province::Heilongjiang),
        ("齐齐哈尔", Province::Heilongjiang),
        ("讷河", Province::Heilongjiang),
        ("绥化", Province::Heilongjiang),
        ("安达", Province::Heilongjiang),
        ("肇东", Province::Heilongjiang),
        ("黑河", Province::Heilongjiang),
        ("北安", Province::Heilongjiang),
        ("延吉", Province::Jilin),
        ("敦化", Province::Jilin),
        ("珲春", Province::Jilin),
        ("白山", Province::Jilin),
        ("松原", Province::Jilin),
        ("白城", Province::Jilin),
        ("梅河口", Province::Jilin),
        ("公主岭", Province::Jilin),
        ("蛟河", Province::Jilin),
    ];
    const LI_XIAOHUI: [&'static str; 20] = [
        "尚志", "五常", "依兰", "方正", "宾县", "巴彦", "木兰", "通河", "延寿", "呼兰", "庆安", "望奎", "兰西", "青冈",
        "明水", "海伦", "绥棱", "嫩江", "逊克", "孙吴",
    ];
}

const SURNAMES: [&str; 12] = ["陈", "李", "张", "刘", "杨", "赵", "黄", "周", "吴", "孙", "马", "朱"];
const GIVEN: [&str; 7] = ["静", "洋", "敏", "磊", "丽", "强", "娜"];

struct Seeder<'a> {
    state: &'a AppState,
    password_hash: String,
}

impl Seeder<'_> {
    async fn unit(
        &self,
        name: &str,
        kind: OrgUnitKind,
        parent: Option<OrgUnitId>,
        role: Option<Role>,
        goal: &str,
        duties: &[&str],
    ) -> anyhow::Result<OrgUnitId> {
        let unit = OrgUnit {
            id: OrgUnitId(self.state.store.next_id()?),
            kind,
            name: name.into(),
            parent,
            goal: goal.into(),
            responsibilities: duties.iter().map(|d| (*d).to_owned()).collect(),
            role,
        };
        Ok(self.state.store.insert(unit, audit("demo unit")).await?.value.id)
    }

    async fn position(
        &self,
        title: &str,
        unit: OrgUnitId,
        reports_to: Option<PositionId>,
        duties: &[&str],
        authorities: &[&str],
        indicators: &[&str],
    ) -> anyhow::Result<PositionId> {
        let to_vec = |items: &[&str]| items.iter().map(|d| (*d).to_owned()).collect();
        let position = Position {
            id: PositionId(self.state.store.next_id()?),
            title: title.into(),
            unit,
            reports_to,
            duties: to_vec(duties),
            authorities: to_vec(authorities),
            key_indicators: to_vec(indicators),
        };
        Ok(self.state.store.insert(position, audit("demo position")).await?.value.id)
    }

    /// A person with a login; returns the actor they act as.
    async fn person(
        &self,
        name: &str,
        login: &str,
        role: Role,
        position: PositionId,
        stores: Vec<StoreId>,
        store: Option<StoreId>,
    ) -> anyhow::Result<Actor> {
        let user_id = UserId(self.state.store.next_id()?);
        let person = Person {
            id: PersonId(self.state.store.next_id()?),
            name: name.into(),
            contact: format!("139{:08}", user_id.0 % 100_000_000),
            positions: vec![position],
            stores_covered: stores,
            account: Some(user_id),
        };
        let person = self.state.store.insert(person, audit("demo person")).await?.value;
        let user = UserRecord {
            id: user_id,
            login: login.into(),
            password_hash: self.password_hash.clone(),
            role,
            person: person.id,
            store,
            disabled: false,
            lang: shared::Lang::Zh,
        };
        let user = self.state.store.insert(user, audit("demo user")).await?.value;
        Ok(actor_for(&user, Some(&person)))
    }
}

/// The demo cast, by role.
struct Cast {
    vp: Actor,
    /// 刘江涛, the planning department's deputy manager: the annual plan is his.
    deputy: Actor,
    /// The planners who cover stores, in the order of the store groups: 曹雪, 王赫, 丁梦萌, 李小会.
    planners: Vec<Actor>,
    design: Actor,
    video: Actor,
    brand: Actor,
    merchandise: Actor,
    purchasing: Actor,
    service: Actor,
    market: Actor,
    managers: BTreeMap<StoreId, Actor>,
}

async fn seed(state: &AppState) -> anyhow::Result<String> {
    let password_hash = state.auth.hash_password(DEMO_PASSWORD.into()).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let s = Seeder { state, password_hash };

    // Org: the group layer, the center, its departments and groups.
    let group = s
        .unit(
            "集团管理监督层",
            OrgUnitKind::Layer,
            None,
            None,
            "监督集团各中心经营目标的达成",
            &["审定年度经营计划", "监督考核"],
        )
        .await?;
    let center = s
        .unit(
            "品牌营销中心",
            OrgUnitKind::Department,
            Some(group),
            None,
            "提升品牌形象与终端销售",
            &["制定年度品牌营销方案", "统筹各部门活动执行"],
        )
        .await?;
    let planning = s
        .unit(
            "企划部",
            OrgUnitKind::Department,
            Some(center),
            Some(Role::Planning),
            "为门店策划有效的营销活动",
            &["活动策划", "方案撰写与跟进", "活动总结"],
        )
        .await?;
    let design = s
        .unit(
            "设计部",
            OrgUnitKind::Department,
            Some(center),
            Some(Role::Design),
            "输出高质量活动视觉",
            &["活动形象设计", "物料设计"],
        )
        .await?;
    for group_name in ["日常活动设计组", "开业促销设计组", "新品推广设计组"] {
        s.unit(group_name, OrgUnitKind::Group, Some(design), Some(Role::Design), "", &[]).await?;
    }
    let video = s
        .unit(
            "影视制作部",
            OrgUnitKind::Department,
            Some(center),
            Some(Role::Video),
            "制作活动与品牌影像",
            &["脚本创意", "拍摄", "后期制作"],
        )
        .await?;
    for group_name in ["脚本创意组", "摄影摄像组", "影视制作组"] {
        s.unit(group_name, OrgUnitKind::Group, Some(video), Some(Role::Video), "", &[]).await?;
    }
    let brand = s
        .unit(
            "品牌部",
            OrgUnitKind::Department,
            Some(center),
            Some(Role::Brand),
            "道具、陈列与现场执行",
            &["道具开发制作管理", "店面陈列", "现场执行支持"],
        )
        .await?;
    for group_name in ["道具开发制作管理", "店面道具陈列组", "货品统筹管理组"] {
        s.unit(group_name, OrgUnitKind::Group, Some(brand), Some(Role::Brand), "", &[]).await?;
    }
    let goods = s
        .unit(
            "货品部",
            OrgUnitKind::Department,
            Some(center),
            Some(Role::Merchandise),
            "备好活动货品",
            &["活动货品准备"],
        )
        .await?;
    let purchasing = s
        .unit(
            "采购部",
            OrgUnitKind::Department,
            Some(center),
            Some(Role::Purchasing),
            "按时按质交付物料",
            &["促销品采购", "印刷厂下单", "发货"],
        )
        .await?;
    let service = s
        .unit(
            "加盟服务中心",
            OrgUnitKind::Department,
            Some(group),
            Some(Role::ServiceCenter),
            "服务加盟门店",
            &["代门店下单"],
        )
        .await?;
    let market =
        s.unit("市场部", OrgUnitKind::Department, Some(group), Some(Role::Market), "开拓新店", &["开业通知"]).await?;
    let stores_unit = s
        .unit("加盟门店", OrgUnitKind::Department, Some(group), Some(Role::StoreManager), "达成门店销售目标", &[])
        .await?;

    let vp_position = s
        .position(
            "品牌营销副总经理",
            center,
            None,
            &["领导品牌营销中心", "审批活动方案（报总经理审核）"],
            &["方案审批权", "人员考核权"],
            &["年度销售计划达成率", "门店满意率"],
        )
        .await?;
    let deputy = s
        .position(
            "企划部副经理",
            planning,
            Some(vp_position),
            &["管理策划团队", "审核方案"],
            &["方案初审"],
            &["方案按时完成率"],
        )
        .await?;
    let planner_position = s
        .position(
            "策划",
            planning,
            Some(deputy),
            &["门店活动策划", "方案撰写", "跟进执行"],
            &["活动方案撰写"],
            &["门店满意率"],
        )
        .await?;
    let designer =
        s.position("设计师", design, Some(vp_position), &["活动视觉设计"], &[], &["设计稿按时完成率"]).await?;
    let video_position =
        s.position("影视制作", video, Some(vp_position), &["脚本、拍摄与剪辑"], &[], &["影片按时交付率"]).await?;
    let brand_position =
        s.position("品牌专员", brand, Some(vp_position), &["道具与现场执行"], &[], &["现场执行满意率"]).await?;
    let goods_position =
        s.position("货品专员", goods, Some(vp_position), &["活动货品准备"], &[], &["货品到位率"]).await?;
    let buyer =
        s.position("采购专员", purchasing, Some(vp_position), &["促销品采购与发货"], &[], &["物料按时到店率"]).await?;
    let service_position = s.position("加盟服务专员", service, None, &["代门店下单"], &[], &[]).await?;
    let market_position = s.position("市场专员", market, None, &["新店开业通知"], &[], &[]).await?;
    let manager_position =
        s.position("店长", stores_unit, None, &["门店经营", "活动确认与执行"], &[], &["年度销售计划达成率"]).await?;

    // Stores, in the planners' groups. The last store is still being prepared: it opens
    // in a few weeks, with the opening campaign the demo has for it.
    let today = state.clock.today();
    let opening_day = new_store_opening(today);
    let mut groups: Vec<Vec<(String, Province)>> = vec![
        Cities::CAO_XUE.iter().map(|c| ((*c).to_owned(), Province::Heilongjiang)).collect(),
        Cities::WANG_HE.iter().map(|(c, p)| ((*c).to_owned(), *p)).collect(),
        Cities::DING_MENGMENG.iter().map(|(c, p)| ((*c).to_owned(), *p)).collect(),
        Cities::LI_XIAOHUI.iter().map(|c| ((*c).to_owned(), Province::Heilongjiang)).collect(),
    ];
    let mut covered: Vec<Vec<StoreId>> = vec![Vec::new(); 4];
    let mut all_stores = Vec::new();
    let mut names = BTreeMap::new();
    let mut n = 0u32;
    for (group_index, cities) in groups.iter_mut().enumerate() {
        for (city, province) in cities.iter() {
            n += 1;
            let prefix = match province {
                Province::Heilongjiang => "HLJ",
                Province::Jilin => "JL",
                Province::InnerMongolia => "NM",
            };
            let preparing = n == 76;
            let store = Store {
                id: StoreId(state.store.next_id()?),
                code: format!("{prefix}-{n:03}"),
                name: format!("{city}店"),
                province: *province,
                city: city.trim_end_matches(|c: char| "道里南岗重庆路桂林路萨尔图让胡路".contains(c)).to_owned(),
                address: format!("{city}市中心大街{n}号"),
                manager: None,
                opened_on: if preparing {
                    Some(opening_day)
                } else {
                    NaiveDate::from_ymd_opt(2015 + (n % 10) as i32, 1 + n % 12, 1 + n % 28)
                },
                status: if preparing { StoreStatus::Preparing } else { StoreStatus::Open },
            };
            let store = state.store.insert(store, audit("demo store")).await?.value;
            covered[group_index].push(store.id);
            all_stores.push(store.id);
            names.insert(store.id, store.name.clone());
        }
    }

    let vp = s.person("张岱", "zhangdai", Role::Vp, vp_position, vec![], None).await?;
    let deputy_actor = s.person("刘江涛", "liujiangtao", Role::Planning, deputy, vec![], None).await?;
    let mut planners = Vec::new();
    for ((name, login), stores) in
        [("曹雪", "caoxue"), ("王赫", "wanghe"), ("丁梦萌", "dingmengmeng"), ("李小会", "lixiaohui")]
            .into_iter()
            .zip(covered.iter().cloned())
    {
        planners.push(s.person(name, login, Role::Planning, planner_position, stores, None).await?);
    }
    s.person("徐海潮", "xuhaichao", Role::Planning, planner_position, vec![], None).await?;
    let design_actor = s.person("周婷", "zhouting", Role::Design, designer, vec![], None).await?;
    let video_actor = s.person("孙磊", "sunlei", Role::Video, video_position, vec![], None).await?;
    let brand_actor = s.person("赵刚", "zhaogang", Role::Brand, brand_position, vec![], None).await?;
    let goods_actor = s.person("钱敏", "qianmin", Role::Merchandise, goods_position, vec![], None).await?;
    let buyer_actor = s.person("吴桐", "wutong", Role::Purchasing, buyer, vec![], None).await?;
    let service_actor = s.person("郑洁", "zhengjie", Role::ServiceCenter, service_position, vec![], None).await?;
    let market_actor = s.person("冯涛", "fengtao", Role::Market, market_position, vec![], None).await?;
    let mut managers = BTreeMap::new();
    for (i, store) in all_stores.iter().enumerate() {
        let name = format!("{}{}", SURNAMES[i % SURNAMES.len()], GIVEN[(i / SURNAMES.len()) % GIVEN.len()]);
        let login = format!("store{:03}", i + 1);
        let actor = s.person(&name, &login, Role::StoreManager, manager_position, vec![], Some(*store)).await?;
        if let Some(found) = state.store.get::<Store>(store.0)? {
            let mut updated = found.value;
            updated.manager = Some(actor.person);
            state.store.update(found.version, updated, audit("demo store manager")).await?;
        }
        managers.insert(*store, actor);
    }
    let cast = Cast {
        vp,
        deputy: deputy_actor,
        planners,
        design: design_actor,
        video: video_actor,
        brand: brand_actor,
        merchandise: goods_actor,
        purchasing: buyer_actor,
        service: service_actor,
        market: market_actor,
        managers,
    };
    let new_store = all_stores.last().map(|store| (*store, opening_day));
    let made = campaigns(state, &cast, &covered, &names, new_store).await?;
    Ok(format!("Demo data: {} stores, {} staff, {} campaigns", all_stores.len(), 14 + cast.managers.len(), made))
}

/// The day the store being prepared opens: a few weeks from today.
fn new_store_opening(today: NaiveDate) -> NaiveDate {
    plus(today, 24)
}

async fn campaigns(
    state: &AppState,
    cast: &Cast,
    groups: &[Vec<StoreId>],
    names: &BTreeMap<StoreId, String>,
    new_store: Option<(StoreId, NaiveDate)>,
) -> anyhow::Result<usize> {
    let calendar = state.calendar();
    let today = state.clock.today();
    let coverage = crate::api::campaigns::coverage(state).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    // Nothing recorded today may be stamped later than the moment the server starts.
    let now = state.now_unix_ms();
    let latest_ms = if china_date_from_unix_ms(now) == Some(today) { now } else { i64::MAX };
    let region = Region { today, calendar: &calendar, cast, groups, names, coverage: &coverage, new_store, latest_ms };
    let demo = region.generate(&mut || state.store.next_id().ok());
    for problem in &demo.problems {
        tracing::warn!(%problem, "a demo campaign was left out");
    }
    for campaign in &demo.campaigns {
        state.store.insert_campaign(campaign).await?;
    }
    Ok(demo.campaigns.len())
}

// ---------------------------------------------------------------------------------------
// Dates

fn plus(day: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        day.checked_add_days(Days::new(days.unsigned_abs())).unwrap_or(day)
    } else {
        day.checked_sub_days(Days::new(days.unsigned_abs())).unwrap_or(day)
    }
}

/// A day of the lunar calendar (month, day) in Gregorian year `year`'s lunar year.
fn lunar_day(year: i32, month: isize, day: usize) -> Option<NaiveDate> {
    let solar = tyme4rs::tyme::lunar::LunarDay::new(isize::try_from(year).ok()?, month, day).ok()?.get_solar_day();
    NaiveDate::from_ymd_opt(
        i32::try_from(solar.get_year()).ok()?,
        u32::try_from(solar.get_month()).ok()?,
        u32::try_from(solar.get_day()).ok()?,
    )
}

/// A holiday the chain runs a promotion for, and the days the promotion runs.
#[derive(Debug, Clone)]
struct Holiday {
    /// The year the holiday belongs to (the year of 1 January for 元旦, even when the
    /// promotion starts in December).
    year: i32,
    name: &'static str,
    starts: NaiveDate,
    ends: NaiveDate,
    /// A promotion of the whole region (春节, 国庆); the others are one planner's stores.
    region_wide: bool,
}

fn holiday(
    out: &mut Vec<Holiday>,
    year: i32,
    name: &'static str,
    day: Option<NaiveDate>,
    (before, after): (i64, i64),
    region_wide: bool,
) {
    if let Some(day) = day {
        out.push(Holiday { year, name, starts: plus(day, -before), ends: plus(day, after), region_wide });
    }
}

/// The promotions of `year`'s holidays: the fixed ones on their dates, the lunar ones
/// (春节, 元宵, 七夕, 中秋) from the lunar calendar.
fn holidays_of(year: i32) -> Vec<Holiday> {
    let date = |month: u32, day: u32| NaiveDate::from_ymd_opt(year, month, day);
    let lunar = crate::lunar::lunar_dates(year);
    let chuxi = lunar.map(|l| l.chuxi);
    let mut out = Vec::new();
    holiday(&mut out, year, "元旦迎新促销", date(1, 1), (2, 2), false);
    holiday(&mut out, year, "情人节浪漫促销", date(2, 14), (2, 0), false);
    // From two weeks before 除夕 (年货) to 初六.
    holiday(&mut out, year, "春节贺岁促销", chuxi, (12, 6), true);
    // 元宵 is 正月十五: fifteen days after 除夕.
    holiday(&mut out, year, "元宵团圆促销", chuxi.map(|d| plus(d, 15)), (2, 0), false);
    holiday(&mut out, year, "三八女神节促销", date(3, 8), (2, 0), false);
    holiday(&mut out, year, "五一黄金周促销", date(5, 1), (2, 4), false);
    holiday(&mut out, year, "520告白季促销", date(5, 20), (3, 1), false);
    holiday(&mut out, year, "618年中大促", date(6, 18), (6, 0), false);
    holiday(&mut out, year, "七夕情人节促销", lunar_day(year, 7, 7), (5, 0), false);
    match (lunar.map(|l| l.zhongqiu), date(10, 1)) {
        // 中秋 in or next to the National Day week: one promotion for both.
        (Some(mid_autumn), Some(national)) if (mid_autumn - national).num_days().abs() <= 7 => out.push(Holiday {
            year,
            name: "中秋国庆双节促销",
            starts: plus(mid_autumn, -5).min(plus(national, -3)),
            ends: mid_autumn.max(plus(national, 6)),
            region_wide: true,
        }),
        (mid_autumn, national) => {
            holiday(&mut out, year, "中秋团圆促销", mid_autumn, (6, 0), false);
            holiday(&mut out, year, "国庆黄金周促销", national, (2, 6), true);
        }
    }
    holiday(&mut out, year, "双十一狂欢促销", date(11, 11), (3, 0), false);
    holiday(&mut out, year, "双十二年终促销", date(12, 12), (2, 0), false);
    holiday(&mut out, year, "圣诞节促销", date(12, 25), (5, 0), false);
    out
}

// ---------------------------------------------------------------------------------------
// Campaign specifications and their timelines

/// Who takes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum By {
    /// The planner of the campaign (the deputy manager for the annual plan).
    Planner,
    Vp,
    Design,
    Video,
    Brand,
    Merchandise,
    Purchasing,
    Service,
    Market,
    Manager(StoreId),
}

/// A demo campaign before it is run: what the order says, and when it was placed.
#[derive(Debug, Clone)]
struct Spec {
    kind: CampaignType,
    title: String,
    stores: Vec<StoreId>,
    creator: By,
    /// The planner (index in `Cast::planners`) covering the first store, who does the
    /// planning; `None`: the deputy manager.
    planner: Option<usize>,
    requested_on: NaiveDate,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    due_on: Option<NaiveDate>,
    plan_year: Option<i32>,
    /// Cancelled this many working days after the request, for this reason.
    cancel: Option<(u32, &'static str)>,
    /// The first store asks for on-site help when the materials arrive.
    help: Option<HelpKind>,
    /// Varies the texts, days and figures from one campaign to the next.
    seed: u32,
}

/// One step of a campaign's life: on which day, by whom, and the stage it leaves the
/// campaign in.
#[derive(Debug, Clone)]
struct Step {
    on: NaiveDate,
    by: By,
    action: Action,
    after: Stage,
}

/// Steps in order; no step is dated before the one before it.
struct Timeline {
    steps: Vec<Step>,
    at: NaiveDate,
}

impl Timeline {
    fn push(&mut self, on: NaiveDate, by: By, action: Action) {
        let on = on.max(self.at);
        self.at = on;
        self.steps.push(Step { on, by, action, after: Stage::Intake });
    }

    /// Steps taken independently of each other (one per store, say), in order of day.
    fn push_all(&mut self, mut batch: Vec<(NaiveDate, By, Action)>) {
        batch.sort_by_key(|(on, _, _)| *on);
        for (on, by, action) in batch {
            self.push(on, by, action);
        }
    }
}

/// The stage each step leaves the campaign in, as `workflow::apply` moves it.
fn annotate(kind: CampaignType, stores: &[StoreId], steps: &mut [Step]) {
    let order = stages_of(kind, !stores.is_empty());
    let next = |stage: Stage| {
        order.iter().position(|s| *s == stage).and_then(|i| order.get(i + 1)).copied().unwrap_or(Stage::Closed)
    };
    let all = |done: &BTreeSet<StoreId>| stores.iter().all(|s| done.contains(s));
    let (mut confirmed, mut shipped, mut received, mut rated) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut stage = Stage::Intake;
    for step in steps.iter_mut() {
        stage = match &step.action {
            Action::StartNeeds(StartNeeds {})
            | Action::CompleteNeeds(CompleteNeeds {})
            | Action::RecordBrainstorm(RecordBrainstorm { .. })
            | Action::SubmitDraft(SubmitDraft {})
            | Action::Approve(Approve {})
            | Action::CompleteProduction(CompleteProduction { .. })
            | Action::FinishExecution(FinishExecution {})
            | Action::SubmitSummary(SubmitSummary { .. }) => next(stage),
            Action::SubmitForApproval(SubmitForApproval {}) => Stage::Approval,
            Action::ConfirmPlan(ConfirmPlan { store, .. }) => {
                confirmed.insert(*store);
                if all(&confirmed) { next(stage) } else { stage }
            }
            Action::RecordShipment(RecordShipment { store, .. }) => {
                shipped.insert(*store);
                if stage == Stage::Production && all(&shipped) { Stage::Shipping } else { stage }
            }
            Action::ConfirmReceipt(ConfirmReceipt { store, .. }) => {
                received.insert(*store);
                if all(&received) { next(stage) } else { stage }
            }
            Action::Rate(Rate { store, .. }) => {
                rated.insert(*store);
                if all(&rated) { Stage::Closed } else { stage }
            }
            Action::Cancel(Cancel { .. }) => Stage::Cancelled,
            _ => stage,
        };
        step.after = stage;
    }
}

/// Stamps history entries: office hours in China, a few minutes apart on the same day,
/// never going back, never later than `latest_ms`.
struct Stamper {
    seed: u32,
    last: Option<(NaiveDate, u32)>,
    last_ms: i64,
    latest_ms: i64,
}

impl Stamper {
    const OPENS: u32 = 9 * 3600;
    const CLOSES: u32 = 18 * 3600 - 60;

    fn new(seed: u32, latest_ms: i64) -> Self {
        Stamper { seed, last: None, last_ms: 0, latest_ms }
    }

    fn at(&mut self, on: NaiveDate) -> i64 {
        let seconds = match self.last {
            Some((day, seconds)) if day == on => {
                (seconds + 120 + self.seed.wrapping_mul(37).wrapping_add(seconds) % 600).min(Self::CLOSES)
            }
            _ => Self::OPENS + self.seed.wrapping_mul(613).wrapping_add(on.ordinal() * 97) % 5400,
        };
        self.last = Some((on, seconds));
        let midnight_utc = on.and_time(NaiveTime::MIN).and_utc().timestamp_millis();
        let ms = midnight_utc + i64::from(seconds) * 1000 - CHINA_UTC_OFFSET_MS;
        let ms = ms.min(self.latest_ms).max(self.last_ms);
        self.last_ms = ms;
        ms
    }
}

/// One store's rating, as the first run of the demo gave it: when, for whom.
struct Slot {
    key: (usize, StoreId),
    month: YearMonth,
    owner: Option<PersonId>,
    staff: Vec<PersonId>,
}

/// The campaigns of the demo, and the ones that could not be made (with why).
#[derive(Debug, Default)]
struct Demo {
    campaigns: Vec<Campaign>,
    problems: Vec<String>,
}

const NEW_PRODUCTS: [&str; 13] = [
    "古法金手镯新品推广",
    "足金转运珠新品推广",
    "珍珠耳饰新品推广",
    "婚嫁三金套系推广",
    "钻石对戒新品推广",
    "黄金串珠系列推广",
    "国潮文创金饰推广",
    "儿童平安锁新品推广",
    "K金彩宝系列推广",
    "生肖金饰新品推广",
    "素金项链新品推广",
    "925银饰新品推广",
    "硬金耳饰新品推广",
];

const STORE_EVENTS: [&str; 13] = [
    "会员答谢日",
    "周年店庆",
    "婚庆金饰专场",
    "黄金以旧换新活动",
    "VIP客户沙龙",
    "足金工费优惠周",
    "钻石品鉴会",
    "商场联合促销",
    "社区推广日",
    "老客户回馈周",
    "珠宝清洗保养周",
    "银饰体验日",
    "店内陈列焕新活动",
];

/// What a fitted campaign looks like whatever day it is requested on.
struct Shape {
    kind: CampaignType,
    title: String,
    stores: Vec<StoreId>,
    creator: By,
    planner: Option<usize>,
    /// Days from the request to the start (for a video: working days to the due day).
    lead: i64,
    /// Days the campaign runs after its first day.
    run: i64,
    help: Option<HelpKind>,
    cancel: Option<(u32, &'static str)>,
}

/// The region the demo is made for, and the day it is made on.
struct Region<'a> {
    today: NaiveDate,
    calendar: &'a Calendar,
    cast: &'a Cast,
    /// Each planner's stores (the order of `Cast::planners`).
    groups: &'a [Vec<StoreId>],
    names: &'a BTreeMap<StoreId, String>,
    coverage: &'a Coverage,
    /// The store being prepared, and the day it opens.
    new_store: Option<(StoreId, NaiveDate)>,
    /// No history entry is stamped later than this (the real time, when today is today).
    latest_ms: i64,
}

impl Region<'_> {
    // --- working days (R8); a year not on file falls back to weekends only

    fn working(&self, day: NaiveDate) -> bool {
        self.calendar.is_working_day(day).unwrap_or(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
    }

    fn walk(&self, from: NaiveDate, working_days: u32, direction: i64) -> NaiveDate {
        let mut day = from;
        let mut left = working_days;
        for _ in 0..working_days.saturating_mul(10).saturating_add(30) {
            if left == 0 {
                break;
            }
            day = plus(day, direction);
            if self.working(day) {
                left -= 1;
            }
        }
        day
    }

    /// The `n`-th working day after `from`.
    fn add_wd(&self, from: NaiveDate, n: u32) -> NaiveDate {
        self.walk(from, n, 1)
    }

    /// The `n`-th working day before `from`.
    fn sub_wd(&self, from: NaiveDate, n: u32) -> NaiveDate {
        self.walk(from, n, -1)
    }

    fn workday_on_or_before(&self, day: NaiveDate) -> NaiveDate {
        let mut candidate = day;
        for _ in 0..30 {
            if self.working(candidate) {
                return candidate;
            }
            candidate = plus(candidate, -1);
        }
        day
    }

    // --- the region

    fn planner_of(&self, store: StoreId) -> Option<usize> {
        self.groups.iter().position(|g| g.contains(&store))
    }

    fn is_open(&self, store: StoreId) -> bool {
        self.new_store.is_none_or(|(new, _)| new != store)
    }

    /// A planner's stores that are open.
    fn open_group(&self, planner: usize) -> Vec<StoreId> {
        self.groups.get(planner).map(|g| g.iter().copied().filter(|s| self.is_open(*s)).collect()).unwrap_or_default()
    }

    /// Every open store of the region.
    fn open_stores(&self) -> Vec<StoreId> {
        self.groups.iter().flatten().copied().filter(|s| self.is_open(*s)).collect()
    }

    fn name(&self, store: StoreId) -> String {
        self.names.get(&store).cloned().unwrap_or_else(|| "门店".into())
    }

    fn city(&self, store: StoreId) -> String {
        self.name(store).trim_end_matches('店').to_owned()
    }

    fn actor(&self, by: By, spec: &Spec) -> Option<Actor> {
        let cast = self.cast;
        Some(match by {
            By::Planner => match spec.planner {
                Some(p) => cast.planners.get(p)?.clone(),
                None => cast.deputy.clone(),
            },
            By::Vp => cast.vp.clone(),
            By::Design => cast.design.clone(),
            By::Video => cast.video.clone(),
            By::Brand => cast.brand.clone(),
            By::Merchandise => cast.merchandise.clone(),
            By::Purchasing => cast.purchasing.clone(),
            By::Service => cast.service.clone(),
            By::Market => cast.market.clone(),
            By::Manager(store) => cast.managers.get(&store)?.clone(),
        })
    }

    // --- the campaigns

    /// Every demo campaign, run through the workflow, ids in the order they were requested.
    fn generate(&self, next_id: &mut dyn FnMut() -> Option<u64>) -> Demo {
        let mut specs = self.specs();
        specs.sort_by_key(|s| (s.requested_on, s.seed));
        // A first run with every store satisfied tells when each rating falls and whose
        // KPI it counts for; the verdicts are then chosen so R7 tells the README's story.
        let mut slots = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            if let Ok(trial) = self.build(spec, CampaignId(0), &|_| true) {
                for rating in &trial.ratings {
                    let mut staff = rating.staff.clone();
                    staff.sort_unstable();
                    staff.dedup();
                    slots.push(Slot {
                        key: (i, rating.store),
                        month: YearMonth::of(rating.on),
                        owner: trial.assignee,
                        staff,
                    });
                }
            }
        }
        let verdicts = self.verdicts(slots);
        let mut demo = Demo::default();
        for (i, spec) in specs.iter_mut().enumerate() {
            let Some(id) = next_id() else {
                demo.problems.push("no campaign id could be allocated".into());
                break;
            };
            if verdicts.without_help.contains(&i) {
                spec.help = None;
            }
            let satisfied = |store: StoreId| verdicts.satisfied.get(&(i, store)).copied().unwrap_or(true);
            match self.build(spec, CampaignId(id), &satisfied) {
                Ok(campaign) => demo.campaigns.push(campaign),
                Err(problem) => demo.problems.push(problem),
            }
        }
        demo
    }

    /// Opens the campaign on its request day and takes every step due by today, each on
    /// its own day, through `workflow::apply`.
    fn build(&self, spec: &Spec, id: CampaignId, satisfied: &dyn Fn(StoreId) -> bool) -> Result<Campaign, String> {
        let creator = self.actor(spec.creator, spec).ok_or_else(|| format!("{}: no one to open it", spec.title))?;
        let mut stamper = Stamper::new(spec.seed, self.latest_ms);
        let ctx =
            Context { today: spec.requested_on, now_unix_ms: stamper.at(spec.requested_on), calendar: self.calendar };
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let form = NewCampaign {
            kind: spec.kind,
            title: spec.title.clone(),
            stores: spec.stores.clone(),
            starts_on: date(spec.starts_on),
            ends_on: date(spec.ends_on),
            due_on: date(spec.due_on),
            plan_year: spec.plan_year,
            needs: needs_for(spec.kind),
        };
        let exists = |store: StoreId| self.names.contains_key(&store);
        let mut campaign = create_campaign(id, &form, &creator, &ctx, self.coverage, &exists)
            .map_err(|v| format!("{}: refused at intake on {}: {:?}", spec.title, spec.requested_on, v.errors))?;
        for step in self.steps(spec, satisfied) {
            if step.on > self.today {
                break;
            }
            let actor = self.actor(step.by, spec).ok_or_else(|| format!("{}: no one for {:?}", spec.title, step.by))?;
            let kind = step.action.kind();
            let ctx = Context { today: step.on, now_unix_ms: stamper.at(step.on), calendar: self.calendar };
            let transition = apply(&campaign, step.action, &actor, &ctx)
                .map_err(|v| format!("{}: {kind:?} on {} refused: {:?}", spec.title, step.on, v.errors))?;
            if transition.to != step.after {
                return Err(format!(
                    "{}: {kind:?} on {} led to {:?}, not {:?}",
                    spec.title, step.on, transition.to, step.after
                ));
            }
            campaign = transition.campaign;
        }
        Ok(campaign)
    }

    /// The stage the campaign is in today.
    fn stage_today(&self, spec: &Spec) -> Stage {
        self.steps(spec, &|_| true).iter().take_while(|s| s.on <= self.today).last().map_or(Stage::Intake, |s| s.after)
    }

    /// The whole life of a campaign, whether due yet or not.
    fn steps(&self, spec: &Spec, satisfied: &dyn Fn(StoreId) -> bool) -> Vec<Step> {
        let mut timeline = Timeline { steps: Vec::new(), at: spec.requested_on };
        match spec.kind {
            CampaignType::VideoProduction => self.video_steps(spec, satisfied, &mut timeline),
            CampaignType::AnnualPlan => self.annual_steps(spec, &mut timeline),
            _ => self.full_steps(spec, satisfied, &mut timeline),
        }
        let mut steps = timeline.steps;
        if let Some((after, reason)) = spec.cancel {
            let on = self.add_wd(spec.requested_on, after);
            steps.retain(|s| s.on < on);
            steps.push(Step {
                on,
                by: By::Planner,
                action: Action::Cancel(Cancel { reason: reason.into() }),
                after: Stage::Cancelled,
            });
        }
        annotate(spec.kind, &spec.stores, &mut steps);
        steps
    }

    fn brainstorm(&self, spec: &Spec) -> Brainstorm {
        let mut attendees: Vec<String> = Vec::new();
        for by in [By::Planner, By::Design] {
            if let Some(actor) = self.actor(by, spec) {
                attendees.push(actor.name);
            }
        }
        if !attendees.contains(&self.cast.deputy.name) {
            attendees.push(self.cast.deputy.name.clone());
        }
        let notes = match spec.kind {
            CampaignType::HolidayPromotion => {
                "节日主推足金饰品与婚庆套系，满额赠礼，老会员双倍积分；各店按客流调整赠品数量。"
            }
            CampaignType::StoreOpening => "开业典礼加三天让利，进店有礼，开业前一周朋友圈与社区推广预热。",
            CampaignType::NewProductLaunch => "新品专柜陈列加试戴引流，配合短视频；首发期间九五折。",
            CampaignType::AnnualPlan => "按季度排节假日促销，上半年重点婚庆，下半年重点国庆与年终；新品推广穿插其中。",
            _ => "结合门店老客户做答谢，主推黄金饰品，配合满额赠礼。",
        };
        Brainstorm { notes: notes.into(), attendees }
    }

    /// 日常节假日促销, 开业活动, 个性活动, 新品推广: the full workflow.
    fn full_steps(&self, spec: &Spec, satisfied: &dyn Fn(StoreId) -> bool, t: &mut Timeline) {
        let requested = spec.requested_on;
        let starts = spec.starts_on.unwrap_or(requested);
        let ends = spec.ends_on.unwrap_or(starts);
        let k = spec.seed as usize;
        let wd = |n: u32| self.add_wd(requested, n);
        let stores = &spec.stores;

        // 需求了解 → 头脑风暴 → 初拟方案 → 方案修改 → 定稿审批, over three weeks.
        t.push(wd(1), By::Planner, Action::StartNeeds(StartNeeds {}));
        t.push(wd(3), By::Planner, Action::CompleteNeeds(CompleteNeeds {}));
        t.push(wd(5), By::Planner, Action::RecordBrainstorm(RecordBrainstorm { brainstorm: self.brainstorm(spec) }));
        t.push(wd(8), By::Planner, Action::SavePlan(SavePlan { plan: plan_for(spec, 1), note: "初稿".into() }));
        t.push(wd(8), By::Planner, Action::SubmitDraft(SubmitDraft {}));
        t.push(wd(9), By::Design, task(Role::Design, TaskStatus::InProgress, "活动主视觉设计中"));
        t.push(
            wd(10),
            By::Vp,
            Action::Comment(Comment {
                text: "主题再聚焦一些；预算按门店数核定，物料尺寸请与门店核对。".into()
            }),
        );
        t.push(
            wd(12),
            By::Planner,
            Action::SavePlan(SavePlan { plan: plan_for(spec, 2), note: "按总经理意见修改".into() }),
        );
        t.push(wd(13), By::Design, task(Role::Design, TaskStatus::Done, "主视觉与物料设计定稿"));
        t.push(wd(13), By::Planner, Action::SubmitForApproval(SubmitForApproval {}));
        t.push(wd(14), By::Vp, Action::Approve(Approve {}));

        // 门店确认: each store within a week of the approval.
        let approved = t.at;
        let ship_planned = self.sub_wd(starts, 5).min(starts);
        let mut batch: Vec<(NaiveDate, By, Action)> = stores
            .iter()
            .enumerate()
            .map(|(i, store)| {
                let plan = store_plan(spec.kind, starts, ends, ship_planned);
                (
                    self.add_wd(approved, 1 + ((i * 7 + k) % 5) as u32),
                    By::Manager(*store),
                    Action::ConfirmPlan(ConfirmPlan { store: *store, plan }),
                )
            })
            .collect();
        batch.push((self.add_wd(approved, 1), By::Video, task(Role::Video, TaskStatus::Done, "门店素材已收集")));
        batch.push((
            self.add_wd(approved, 2),
            By::Merchandise,
            task(Role::Merchandise, TaskStatus::InProgress, "活动货品调配中"),
        ));
        t.push_all(batch);

        // 下单制作, then 发货 a week before the start (in two batches for many stores).
        let confirmed = t.at;
        let ship = self.sub_wd(starts, 5).max(self.add_wd(confirmed, 2));
        t.push(
            self.add_wd(confirmed, 1),
            By::Purchasing,
            task(Role::Purchasing, TaskStatus::InProgress, "物料已交印刷厂制作，促销品已下单"),
        );
        t.push(self.sub_wd(ship, 1), By::Merchandise, task(Role::Merchandise, TaskStatus::Done, "活动货品已备齐"));
        let second_batch = self.add_wd(ship, 1);
        let batch = stores
            .iter()
            .enumerate()
            .map(|(i, store)| {
                let on = if stores.len() > 10 && i >= stores.len() / 2 { second_batch } else { ship };
                (
                    on,
                    By::Purchasing,
                    Action::RecordShipment(RecordShipment {
                        store: *store,
                        items: shipped_items(),
                        shipped_on: on,
                        tracking: format!("SF{:05}{:03}", spec.seed, i + 1),
                    }),
                )
            })
            .collect();
        t.push_all(batch);
        t.push(t.at, By::Purchasing, task(Role::Purchasing, TaskStatus::Done, "物料与促销品已全部发出"));

        // 到店确认 within three working days; the first store may ask for on-site help.
        let shipped = t.at;
        let mut batch = Vec::new();
        for (i, store) in stores.iter().enumerate() {
            let on = self.add_wd(shipped, 1 + ((i * 5 + k) % 3) as u32);
            let lines = receipt_lines(satisfied(*store));
            batch.push((
                on,
                By::Manager(*store),
                Action::ConfirmReceipt(ConfirmReceipt { store: *store, lines, photos: vec![] }),
            ));
            if i == 0
                && let Some(kind) = spec.help
            {
                let note = match kind {
                    HelpKind::MarketExecution => "开业当天需要市场执行人员到店支持",
                    HelpKind::Photography => "活动首日需要摄影摄像到店拍摄",
                };
                batch.push((
                    on,
                    By::Manager(*store),
                    Action::RequestHelp(RequestHelp { store: *store, kind, note: note.into() }),
                ));
                batch.push((
                    self.add_wd(on, 1),
                    By::Brand,
                    Action::AssignHelp(AssignHelp {
                        request: 1,
                        person: self.cast.brand.person,
                        person_name: self.cast.brand.name.clone(),
                    }),
                ));
            }
        }
        t.push_all(batch);

        // 活动执行: the stores report their sales the working day after it ends; then
        // 活动总结 and each store's 满意度评价 within a week.
        let sales_day = self.add_wd(ends, 1);
        let batch = stores
            .iter()
            .enumerate()
            .map(|(i, store)| {
                (
                    sales_day,
                    By::Manager(*store),
                    Action::ReportSales(ReportSales { store: *store, amount: sales_amount(spec, i) }),
                )
            })
            .collect();
        t.push_all(batch);
        t.push(self.add_wd(ends, 2), By::Planner, Action::FinishExecution(FinishExecution {}));
        let total: i64 = (0..stores.len()).map(|i| sales_amount(spec, i).0).sum();
        let damaged = stores.iter().filter(|s| !satisfied(**s)).count();
        let delivery = if damaged == 0 {
            "物料到店及时".to_owned()
        } else {
            format!("{damaged}家门店物料运输破损，已补发")
        };
        let notes = format!(
            "{}家门店按计划执行，店头销售合计 {} 元；{delivery}，客流较平日明显提升。",
            stores.len(),
            Fen(total)
        );
        t.push(self.add_wd(ends, 4), By::Planner, Action::SubmitSummary(SubmitSummary { notes, photos: vec![] }));
        let summarised = t.at;
        let batch = stores
            .iter()
            .enumerate()
            .map(|(i, store)| {
                let ok = satisfied(*store);
                (
                    self.add_wd(summarised, 1 + ((i * 3 + k) % 4) as u32),
                    By::Manager(*store),
                    Action::Rate(Rate { store: *store, satisfied: ok, comment: rating_comment(ok, i + k) }),
                )
            })
            .collect();
        t.push_all(batch);
    }

    /// 影视制作: script, approval, production by the due day, summary, the store's rating.
    fn video_steps(&self, spec: &Spec, satisfied: &dyn Fn(StoreId) -> bool, t: &mut Timeline) {
        let requested = spec.requested_on;
        let due = spec.due_on.unwrap_or(requested);
        let wd = |n: u32| self.add_wd(requested, n);
        t.push(wd(1), By::Video, Action::StartNeeds(StartNeeds {}));
        t.push(wd(2), By::Video, Action::CompleteNeeds(CompleteNeeds {}));
        t.push(wd(4), By::Video, Action::SavePlan(SavePlan { plan: plan_for(spec, 1), note: "拍摄脚本初稿".into() }));
        t.push(wd(4), By::Video, Action::SubmitDraft(SubmitDraft {}));
        t.push(wd(6), By::Video, Action::SavePlan(SavePlan { plan: plan_for(spec, 2), note: "按意见调整分镜".into() }));
        t.push(wd(7), By::Video, Action::SubmitForApproval(SubmitForApproval {}));
        t.push(wd(8), By::Vp, Action::Approve(Approve {}));
        t.push(
            self.sub_wd(due, 1),
            By::Video,
            Action::CompleteProduction(CompleteProduction { note: "成片已交付".into() }),
        );
        t.push(
            self.add_wd(due, 1),
            By::Video,
            Action::SubmitSummary(SubmitSummary {
                notes: "成片已在门店朋友圈与抖音发布，首周播放量良好。".into(),
                photos: vec![],
            }),
        );
        let summarised = t.at;
        for (i, store) in spec.stores.iter().enumerate() {
            let ok = satisfied(*store);
            t.push(
                self.add_wd(summarised, 1 + spec.seed % 3),
                By::Manager(*store),
                Action::Rate(Rate {
                    store: *store,
                    satisfied: ok,
                    comment: rating_comment(ok, i + spec.seed as usize),
                }),
            );
        }
    }

    /// 年度方案: seven weeks from the kick-off to the VP's approval, before 15 December.
    fn annual_steps(&self, spec: &Spec, t: &mut Timeline) {
        let wd = |n: u32| self.add_wd(spec.requested_on, n);
        t.push(wd(2), By::Planner, Action::StartNeeds(StartNeeds {}));
        t.push(wd(6), By::Planner, Action::CompleteNeeds(CompleteNeeds {}));
        t.push(wd(10), By::Planner, Action::RecordBrainstorm(RecordBrainstorm { brainstorm: self.brainstorm(spec) }));
        t.push(
            wd(15),
            By::Planner,
            Action::SavePlan(SavePlan { plan: plan_for(spec, 1), note: "年度方案初稿".into() }),
        );
        t.push(wd(15), By::Planner, Action::SubmitDraft(SubmitDraft {}));
        t.push(
            wd(20),
            By::Vp,
            Action::Comment(Comment {
                text: "各季度预算再细化，婚庆季与国庆的投入要有依据。".into()
            }),
        );
        t.push(
            wd(25),
            By::Planner,
            Action::SavePlan(SavePlan { plan: plan_for(spec, 2), note: "按总经理意见修改".into() }),
        );
        t.push(
            wd(30),
            By::Planner,
            Action::SavePlan(SavePlan { plan: plan_for(spec, 3), note: "补充各季度预算".into() }),
        );
        t.push(wd(32), By::Planner, Action::SubmitForApproval(SubmitForApproval {}));
        t.push(wd(35), By::Vp, Action::Approve(Approve {}));
    }

    // --- which campaigns

    fn specs(&self) -> Vec<Spec> {
        let mut specs = Vec::new();
        self.holiday_specs(&mut specs);
        self.stage_specs(&mut specs);
        self.opening_spec(&mut specs);
        self.rated_specs(&mut specs);
        self.annual_specs(&mut specs);
        specs
    }

    fn seed_of(specs: &[Spec]) -> u32 {
        u32::try_from(specs.len()).unwrap_or(0)
    }

    /// The holiday promotions of the half year behind and the half year ahead, for one
    /// planner's stores in turn (春节 and 国庆 for the whole region).
    fn holiday_specs(&self, specs: &mut Vec<Spec>) {
        let today = self.today;
        let (from, to) = (plus(today, -185), plus(today, 200));
        let mut found: Vec<Holiday> = (today.year() - 1..=today.year() + 1)
            .flat_map(holidays_of)
            .filter(|h| h.starts >= from && h.starts <= to)
            .collect();
        found.sort_by_key(|h| h.starts);
        let mut turn = 0usize;
        for (i, h) in found.into_iter().enumerate() {
            let (planner, stores) = if h.region_wide {
                (0, self.open_stores())
            } else {
                let p = turn % self.groups.len().max(1);
                turn += 1;
                (p, self.open_group(p))
            };
            let Some(first) = stores.first().copied() else { continue };
            // Requested eight to twelve weeks ahead (R2 asks for 50 days at least); the
            // ones further ahead than that were requested in the last days, the nearer the
            // earlier.
            let lead = 56 + (i as i64 * 9) % 28;
            let mut requested = self.workday_on_or_before(plus(h.starts, -lead));
            if requested > today {
                let ahead = (h.starts - today).num_days();
                requested = self.workday_on_or_before(plus(today, -((100 - ahead).max(0) / 4 + 1 + (i % 3) as i64)));
            }
            let scope = if h.region_wide {
                format!("全区{}店", stores.len())
            } else {
                format!("{}等{}店", self.city(first), stores.len())
            };
            specs.push(Spec {
                kind: CampaignType::HolidayPromotion,
                title: format!("{}{}（{scope}）", h.year, h.name),
                stores,
                creator: By::Planner,
                planner: Some(planner),
                requested_on: requested,
                starts_on: Some(h.starts),
                ends_on: Some(h.ends),
                due_on: None,
                plan_year: None,
                cancel: None,
                help: None,
                seed: Self::seed_of(specs),
            });
        }
    }

    /// A campaign of `shape` requested on `requested_on`.
    fn shaped(&self, shape: &Shape, requested_on: NaiveDate, seed: u32) -> Spec {
        let (starts_on, ends_on, due_on) = match shape.kind {
            CampaignType::VideoProduction => {
                (None, None, Some(self.add_wd(requested_on, u32::try_from(shape.lead).unwrap_or(15))))
            }
            _ => {
                let starts = plus(requested_on, shape.lead);
                (Some(starts), Some(plus(starts, shape.run)), None)
            }
        };
        Spec {
            kind: shape.kind,
            title: shape.title.clone(),
            stores: shape.stores.clone(),
            creator: shape.creator,
            planner: shape.planner,
            requested_on,
            starts_on,
            ends_on,
            due_on,
            plan_year: None,
            cancel: shape.cancel,
            help: shape.help,
            seed,
        }
    }

    /// Adds a campaign of `shape` requested on the day that puts it in `target` today.
    /// Some stages last a day or two (a single store's delivery), and weekends and
    /// holidays can leave no request day that lands there: a lead a few days longer then
    /// does.
    fn fitted(&self, specs: &mut Vec<Spec>, target: Stage, mut shape: Shape) {
        let seed = Self::seed_of(specs);
        for _ in 0..10 {
            let make = |requested_on: NaiveDate| self.shaped(&shape, requested_on, seed);
            if let Some(spec) = self.fit(target, seed as usize * 37, &make) {
                specs.push(spec);
                return;
            }
            shape.lead += 1;
        }
    }

    /// The campaign `make` gives for a request day that puts it in `target` today. The
    /// earlier the request, the further a campaign is, so the days that fit are found by
    /// bisection; `pick` chooses among them.
    fn fit(&self, target: Stage, pick: usize, make: &dyn Fn(NaiveDate) -> Spec) -> Option<Spec> {
        const MAX_DAYS_AGO: i64 = 400;
        let requested = |days_ago: i64| self.workday_on_or_before(plus(self.today, -days_ago));
        let stage = |days_ago: i64| self.stage_today(&make(requested(days_ago)));
        let first = |reached: &dyn Fn(Stage) -> bool| -> Option<i64> {
            if reached(stage(0)) {
                return Some(0);
            }
            if !reached(stage(MAX_DAYS_AGO)) {
                return None;
            }
            let (mut low, mut high) = (0, MAX_DAYS_AGO);
            while high - low > 1 {
                let middle = (low + high) / 2;
                if reached(stage(middle)) {
                    high = middle;
                } else {
                    low = middle;
                }
            }
            Some(high)
        };
        let low = first(&|s| s >= target)?;
        let mut high = first(&|s| s > target).map_or(MAX_DAYS_AGO, |d| d - 1);
        if target.is_terminal() {
            high = high.min(low + 45);
        }
        if high < low {
            return None;
        }
        let days_ago = low + (high - low) * (pick % 100) as i64 / 100;
        let spec = make(requested(days_ago));
        (self.stage_today(&spec) == target).then_some(spec)
    }

    /// Campaigns placed in every stage: a multi-store new-product launch and a store's
    /// own campaign in each, store videos in each of theirs, and the rest spread out.
    fn stage_specs(&self, specs: &mut Vec<Spec>) {
        let open = self.open_stores();
        if open.is_empty() || self.groups.is_empty() {
            return;
        }
        let pick = |n: usize| open[(n * 29 + 7) % open.len()];
        let full = stages_of(CampaignType::NewProductLaunch, true);
        for (i, target) in full.iter().enumerate() {
            let p = (i + 1) % self.groups.len();
            let group = self.open_group(p);
            if !group.is_empty() {
                let size = (4 + i % 5).min(group.len());
                let start = (i * 5) % group.len();
                let stores: Vec<StoreId> = (0..size).map(|j| group[(start + j) % group.len()]).collect();
                let title = format!("{}（{}等{}店）", NEW_PRODUCTS[i % NEW_PRODUCTS.len()], self.city(stores[0]), size);
                self.fitted(
                    specs,
                    *target,
                    Shape {
                        kind: CampaignType::NewProductLaunch,
                        title,
                        stores,
                        creator: By::Planner,
                        planner: Some(p),
                        lead: 60 + (i as i64 * 11) % 25,
                        run: 13 + (i as i64 % 3) * 7,
                        help: (i % 4 == 1).then_some(HelpKind::Photography),
                        cancel: None,
                    },
                );
            }
            let store = pick(i);
            self.fitted(
                specs,
                *target,
                Shape {
                    kind: CampaignType::StoreSpecific,
                    title: format!("{}{}", self.name(store), STORE_EVENTS[i % STORE_EVENTS.len()]),
                    stores: vec![store],
                    creator: if i % 2 == 0 { By::Service } else { By::Manager(store) },
                    planner: self.planner_of(store),
                    lead: 50 + (i as i64 * 13) % 20,
                    run: 2 + i as i64 % 5,
                    help: None,
                    cancel: None,
                },
            );
        }
        // Stores reopening after a renovation or a move, one in each stage.
        for (j, target) in full.iter().enumerate() {
            let store = pick(40 + j * 3);
            let what = ["重装开业", "升级开业", "迁址开业"][j % 3];
            self.fitted(
                specs,
                *target,
                Shape {
                    kind: CampaignType::StoreOpening,
                    title: format!("{}{what}", self.name(store)),
                    stores: vec![store],
                    creator: By::Service,
                    planner: self.planner_of(store),
                    lead: 55 + (j as i64 * 7) % 15,
                    run: 6,
                    help: Some(HelpKind::MarketExecution),
                    cancel: None,
                },
            );
        }
        for (j, target) in [Stage::Needs, Stage::Approval, Stage::Shipping, Stage::Summary].into_iter().enumerate() {
            let store = pick(20 + j * 5);
            self.fitted(
                specs,
                target,
                Shape {
                    kind: CampaignType::NewProductLaunch,
                    title: format!("{}{}", self.name(store), NEW_PRODUCTS[(j * 3 + 2) % NEW_PRODUCTS.len()]),
                    stores: vec![store],
                    creator: By::Manager(store),
                    planner: self.planner_of(store),
                    lead: 52 + j as i64 * 4,
                    run: 9,
                    help: None,
                    cancel: None,
                },
            );
        }
        for (j, target) in stages_of(CampaignType::VideoProduction, true).iter().enumerate() {
            let store = pick(60 + j * 4);
            let what = if j % 2 == 0 { "门店宣传短片" } else { "新品展示短视频" };
            self.fitted(
                specs,
                *target,
                Shape {
                    kind: CampaignType::VideoProduction,
                    title: format!("{}{what}", self.name(store)),
                    stores: vec![store],
                    creator: By::Manager(store),
                    planner: self.planner_of(store),
                    lead: 12 + (j as i64 % 8),
                    run: 0,
                    help: None,
                    cancel: None,
                },
            );
        }
        for (title, creator, planner, target) in [
            ("品牌形象宣传片", By::Brand, None, Stage::Production),
            ("新品画册拍摄", By::Planner, Some(0), Stage::Closed),
        ] {
            self.fitted(
                specs,
                target,
                Shape {
                    kind: CampaignType::VideoProduction,
                    title: title.into(),
                    stores: vec![],
                    creator,
                    planner,
                    lead: 18,
                    run: 0,
                    help: None,
                    cancel: None,
                },
            );
        }
        // Two that did not happen.
        let store = pick(90);
        self.fitted(
            specs,
            Stage::Cancelled,
            Shape {
                kind: CampaignType::StoreSpecific,
                title: format!("{}周末特卖会", self.name(store)),
                stores: vec![store],
                creator: By::Manager(store),
                planner: self.planner_of(store),
                lead: 45,
                run: 2,
                help: None,
                cancel: Some((11, "门店装修延期，本次活动取消")),
            },
        );
        let group = self.open_group(0);
        if group.len() >= 5 {
            let stores: Vec<StoreId> = group.iter().copied().skip(group.len() - 5).collect();
            self.fitted(
                specs,
                Stage::Cancelled,
                Shape {
                    kind: CampaignType::NewProductLaunch,
                    title: format!("珐琅彩金饰新品推广（{}等5店）", self.city(stores[0])),
                    stores,
                    creator: By::Planner,
                    planner: Some(0),
                    lead: 60,
                    run: 14,
                    help: None,
                    cancel: Some((16, "新品到货推迟，本次推广取消")),
                },
            );
        }
    }

    /// The opening of the store being prepared, a few weeks from today.
    fn opening_spec(&self, specs: &mut Vec<Spec>) {
        let Some((store, opens)) = self.new_store else { return };
        let requested = self.workday_on_or_before(plus(opens, -58)).min(self.workday_on_or_before(self.today));
        specs.push(Spec {
            kind: CampaignType::StoreOpening,
            title: format!("{}新店开业", self.name(store)),
            stores: vec![store],
            creator: By::Market,
            planner: self.planner_of(store),
            requested_on: requested,
            starts_on: Some(opens),
            ends_on: Some(plus(opens, 6)),
            due_on: None,
            plan_year: None,
            cancel: None,
            help: Some(HelpKind::MarketExecution),
            seed: Self::seed_of(specs),
        });
    }

    /// Six months of stores' own campaigns and videos, two a month per planner, run and
    /// rated: with the holiday promotions, the ratings the KPI report shows.
    fn rated_specs(&self, specs: &mut Vec<Spec>) {
        let Some(this_month) = self.today.with_day(1) else { return };
        for months_ago in 1..=6usize {
            let Some(month) = this_month.checked_sub_months(Months::new(months_ago as u32)) else { continue };
            for p in 0..self.groups.len() {
                let group = self.open_group(p);
                if group.is_empty() {
                    continue;
                }
                for j in 0..2usize {
                    let store = group[(months_ago * 3 + j * 7 + p) % group.len()];
                    let starts = plus(month, 2 + (j * 6 + p) as i64);
                    let seed = Self::seed_of(specs);
                    let spec = if j == 1 && p % 2 == 0 {
                        let due = self.workday_on_or_before(plus(starts, 3));
                        Spec {
                            kind: CampaignType::VideoProduction,
                            title: format!("{}宣传短片", self.name(store)),
                            stores: vec![store],
                            creator: By::Manager(store),
                            planner: Some(p),
                            requested_on: self.sub_wd(due, 14 + (months_ago % 4) as u32),
                            starts_on: None,
                            ends_on: None,
                            due_on: Some(due),
                            plan_year: None,
                            cancel: None,
                            help: None,
                            seed,
                        }
                    } else {
                        let lead = 50 + ((months_ago * 7 + p * 3 + j * 5) % 20) as i64;
                        Spec {
                            kind: CampaignType::StoreSpecific,
                            title: format!(
                                "{}{}",
                                self.name(store),
                                STORE_EVENTS[(months_ago * 2 + j + p) % STORE_EVENTS.len()]
                            ),
                            stores: vec![store],
                            creator: if j == 0 { By::Service } else { By::Manager(store) },
                            planner: Some(p),
                            requested_on: self.workday_on_or_before(plus(starts, -lead)),
                            starts_on: Some(starts),
                            ends_on: Some(plus(starts, 2 + ((p + j) % 4) as i64)),
                            due_on: None,
                            plan_year: None,
                            cancel: None,
                            help: None,
                            seed,
                        }
                    };
                    specs.push(spec);
                }
            }
        }
    }

    /// The annual plans (R3) of this year and next, each started in October of the year
    /// before and approved before its 15 December.
    fn annual_specs(&self, specs: &mut Vec<Spec>) {
        for year in [self.today.year(), self.today.year() + 1] {
            let Some(kick_off) = NaiveDate::from_ymd_opt(year - 1, 10, 10) else { continue };
            let requested = self.workday_on_or_before(kick_off);
            if requested > self.today {
                continue;
            }
            specs.push(Spec {
                kind: CampaignType::AnnualPlan,
                title: format!("{year}年度品牌营销方案"),
                stores: vec![],
                creator: By::Planner,
                planner: None,
                requested_on: requested,
                starts_on: None,
                ends_on: None,
                due_on: None,
                plan_year: Some(year),
                cancel: None,
                help: None,
                seed: Self::seed_of(specs),
            });
        }
    }

    /// Whether each rating slot is satisfied, so that R7 flags 王赫 for the last three
    /// months he was rated in (a disciplinary review), 丁梦萌 for one month (a bonus
    /// deduction), and no one else: everyone else ends each month at half or better.
    fn verdicts(&self, mut slots: Vec<Slot>) -> Verdicts {
        // A month can be someone's bad month only if the others rated in it (who share
        // the purchasing clerk, the designer …) are at least half as many as the ones bad
        // there; 王赫's are the latest three months in a row he was rated in that can be,
        // 丁梦萌's the third latest of hers.
        let mut bad: BTreeSet<(PersonId, YearMonth)> = BTreeSet::new();
        let mut choose = |person: PersonId, run: usize, skip: usize| {
            let mut counts: BTreeMap<YearMonth, (usize, usize, usize)> = BTreeMap::new();
            for slot in &slots {
                let entry = counts.entry(slot.month).or_default();
                match slot.owner {
                    Some(owner) if owner == person => entry.0 += 1,
                    Some(owner) if bad.contains(&(owner, slot.month)) => entry.1 += 1,
                    _ => entry.2 += 1,
                }
            }
            // Newest first: (month, whether it can be bad).
            let rated: Vec<(YearMonth, bool)> = counts
                .iter()
                .rev()
                .filter(|(_, (own, _, _))| *own > 0)
                .map(|(month, (own, bad, others))| (*month, others * 2 >= own + bad))
                .collect();
            let eligible: Vec<YearMonth> = rated.iter().filter(|(_, ok)| *ok).map(|(m, _)| *m).collect();
            let chosen: Vec<YearMonth> = match rated.windows(run).find(|w| w.iter().all(|(_, ok)| *ok)) {
                Some(window) if skip == 0 => window.iter().map(|(m, _)| *m).collect(),
                _ if eligible.len() > skip => eligible.into_iter().skip(skip).take(run).collect(),
                _ => eligible.last().copied().into_iter().collect(),
            };
            bad.extend(chosen.into_iter().map(|m| (person, m)));
        };
        if let Some(wanghe) = self.cast.planners.get(1) {
            choose(wanghe.person, 3, 0);
        }
        if let Some(dingmengmeng) = self.cast.planners.get(2) {
            choose(dingmengmeng.person, 1, 2);
        }
        let is_bad = |person: PersonId, month: YearMonth| bad.contains(&(person, month));

        // A bad month: two in five satisfied at most; a good one: five in six.
        let mut counters: BTreeMap<(Option<PersonId>, YearMonth), u32> = BTreeMap::new();
        let mut verdict: Vec<bool> = slots
            .iter()
            .map(|slot| {
                let counter = counters.entry((slot.owner, slot.month)).or_default();
                let n = *counter;
                *counter += 1;
                if slot.owner.is_some_and(|o| is_bad(o, slot.month)) { matches!(n % 5, 2 | 4) } else { n % 6 != 3 }
            })
            .collect();

        // Everyone else who shares a month with a bad one (the purchasing clerk on every
        // campaign, say) is brought back to half by turning dissatisfied ratings around;
        // the brand department, on a campaign only for the help it sent, is left out of
        // the campaigns it cannot be brought back on (the store did without the help).
        let mut without_help = BTreeSet::new();
        let mut stuck: BTreeSet<(PersonId, YearMonth)> = BTreeSet::new();
        for _ in 0..slots.len() * 2 + 64 {
            let tally = tally(&slots, &verdict);
            let Some((person, month)) = tally
                .iter()
                .find(|((p, m), (rated, satisfied))| {
                    !is_bad(*p, *m) && !stuck.contains(&(*p, *m)) && below_half(*satisfied, *rated)
                })
                .map(|(key, _)| *key)
            else {
                break;
            };
            let may_flip = |i: usize| {
                let slot = &slots[i];
                !verdict[i]
                    && slot.month == month
                    && slot.staff.contains(&person)
                    && slot.staff.iter().all(|b| {
                        !is_bad(*b, month)
                            || tally
                                .get(&(*b, month))
                                .is_some_and(|(rated, satisfied)| below_half(satisfied + 1, *rated))
                    })
            };
            let choice = (0..slots.len())
                .filter(|i| may_flip(*i))
                .min_by_key(|i| slots[*i].staff.iter().any(|b| is_bad(*b, month)));
            match choice {
                Some(i) => verdict[i] = true,
                None if person == self.cast.brand.person => {
                    let campaigns: BTreeSet<usize> = slots
                        .iter()
                        .zip(&verdict)
                        .filter(|(s, v)| !**v && s.month == month && s.staff.contains(&person))
                        .map(|(s, _)| s.key.0)
                        .collect();
                    for slot in slots.iter_mut().filter(|s| campaigns.contains(&s.key.0)) {
                        slot.staff.retain(|p| *p != person);
                    }
                    without_help.extend(campaigns);
                }
                None => {
                    stuck.insert((person, month));
                }
            }
        }
        Verdicts { satisfied: slots.iter().zip(verdict).map(|(slot, v)| (slot.key, v)).collect(), without_help }
    }
}

/// How the demo's stores rate: per (campaign, store), and the campaigns that go without
/// on-site help.
struct Verdicts {
    satisfied: BTreeMap<(usize, StoreId), bool>,
    without_help: BTreeSet<usize>,
}

/// (rated, satisfied) per staff member and month.
fn tally(slots: &[Slot], verdict: &[bool]) -> BTreeMap<(PersonId, YearMonth), (u32, u32)> {
    let mut tally: BTreeMap<(PersonId, YearMonth), (u32, u32)> = BTreeMap::new();
    for (slot, satisfied) in slots.iter().zip(verdict) {
        for person in &slot.staff {
            let entry = tally.entry((*person, slot.month)).or_default();
            entry.0 += 1;
            if *satisfied {
                entry.1 += 1;
            }
        }
    }
    tally
}

// ---------------------------------------------------------------------------------------
// What the forms say

fn needs_for(kind: CampaignType) -> Needs {
    let (wishes, policy, budget_hint) = match kind {
        CampaignType::HolidayPromotion => (
            "突出节日氛围，主推足金饰品与婚庆套系，配合满额赠礼。",
            "执行总部统一折扣政策，工费优惠不低于八折。",
            "每店约一万元",
        ),
        CampaignType::StoreOpening => {
            ("开业三天需要人气：开业典礼、进店礼和朋友圈预热。", "开业期间全场九折", "三万元以内")
        }
        CampaignType::StoreSpecific => {
            ("希望结合门店老客户做一场答谢活动，突出黄金饰品。", "总部统一折扣政策", "两万元以内")
        }
        CampaignType::NewProductLaunch => {
            ("新品到店需要专柜陈列和试戴引流，配合短视频宣传。", "新品首发九五折", "每店约八千元")
        }
        CampaignType::VideoProduction => {
            ("60秒以内的门店形象与新品展示短片，用于朋友圈和抖音。", "使用总部品牌规范", "五千元以内")
        }
        CampaignType::AnnualPlan => {
            ("全年节假日促销节奏、新品推广计划与各片区预算。", "集团年度经营目标", "按上年度预算上浮一成以内")
        }
    };
    Needs { wishes: wishes.into(), policy: policy.into(), budget_hint: budget_hint.into() }
}

fn plan_for(spec: &Spec, version: u32) -> PlanDocument {
    let stores = i64::try_from(spec.stores.len().max(1)).unwrap_or(1);
    let (strategy, implementation) = match spec.kind {
        CampaignType::VideoProduction => (
            "以门店真实场景和店员讲解为主线，突出足金工艺与新品上身效果。",
            "第一天踩点与脚本确认，第二天拍摄，三个工作日内剪辑出片，门店确认后发布。",
        ),
        CampaignType::AnnualPlan => (
            "全年以节假日促销拉动客流，婚庆季与国庆、年终为三个重点；新品推广按季度上新。",
            "一季度春节与三八，二季度五一、520与618，三季度七夕与中秋国庆，四季度双十一至元旦；每季度末复盘。",
        ),
        _ => (
            "满 3000 元赠首饰盒；老会员双倍积分；黄金饰品工费八折。",
            "第一周预热（朋友圈与短信），活动期间主推，结束后返场三天；门店每日晨会跟进。",
        ),
    };
    let mut budget = vec![
        BudgetLine { item: "物料制作".into(), amount: Fen(stores * 600_000) },
        BudgetLine { item: "促销品".into(), amount: Fen(stores * 400_000) },
        BudgetLine { item: "影像拍摄".into(), amount: Fen(300_000) },
    ];
    if version >= 2 {
        budget.push(BudgetLine { item: "线上推广".into(), amount: Fen(200_000) });
    }
    PlanDocument {
        theme: format!("{} · 金彩相伴", spec.title),
        strategy: strategy.into(),
        implementation: implementation.into(),
        forecast: "客流提升约 30%，销售额提升约 20%。".into(),
        budget,
    }
}

fn task(department: Role, status: TaskStatus, note: &str) -> Action {
    Action::UpdateTask(UpdateTask { department, status, note: note.into() })
}

fn store_plan(kind: CampaignType, starts_on: NaiveDate, ends_on: NaiveDate, ship_on: NaiveDate) -> StorePlan {
    let policy = match kind {
        CampaignType::HolidayPromotion => "满 5000 减 300，黄金饰品工费八折",
        CampaignType::StoreOpening => "开业三天全场九折，进店有礼",
        CampaignType::NewProductLaunch => "新品首发九五折，购新品赠定制礼盒",
        _ => "会员满额赠礼",
    };
    StorePlan {
        starts_on,
        ends_on,
        policy: policy.into(),
        materials: vec![
            MaterialItem { item: "X展架".into(), size: "80×180cm".into(), quantity: 2 },
            MaterialItem { item: "门头海报".into(), size: "300×100cm".into(), quantity: 1 },
            MaterialItem { item: "吊旗".into(), size: "40×60cm".into(), quantity: 10 },
        ],
        gifts: vec![GiftItem { item: "首饰盒".into(), quantity: 50 }, GiftItem { item: "福袋".into(), quantity: 100 }],
        ship_on: ship_on.min(starts_on),
    }
}

fn shipped_items() -> Vec<ShippedItem> {
    [("X展架", 2), ("门头海报", 1), ("吊旗", 10), ("首饰盒", 50), ("福袋", 100)]
        .into_iter()
        .map(|(item, quantity)| ShippedItem { item: item.into(), quantity })
        .collect()
}

/// What arrived; a store that ends up dissatisfied got a damaged display stand.
fn receipt_lines(satisfied: bool) -> Vec<ReceiptLine> {
    shipped_items()
        .into_iter()
        .map(|ShippedItem { item, quantity }| {
            let damaged = u32::from(!satisfied && item == "X展架");
            let note = if damaged > 0 { "运输途中破损一个，已联系补发".into() } else { String::new() };
            ReceiptLine { item, expected: quantity, received: quantity, damaged, note }
        })
        .collect()
}

/// A store's sales during the campaign: 60,000 to 300,000 yuan.
fn sales_amount(spec: &Spec, store_index: usize) -> Fen {
    let step = (spec.seed as i64 * 131 + store_index as i64 * 977) % 240;
    Fen((60_000 + step * 1_000) * 100)
}

fn rating_comment(satisfied: bool, n: usize) -> String {
    const GOOD: [&str; 3] = ["方案有效，物料及时", "活动效果好，客流明显增加", "物料质量好，执行到位"];
    const POOR: [&str; 3] = ["物料到店晚，效果一般", "物料有破损，补发不及时", "方案与门店实际不符，效果一般"];
    let list = if satisfied { GOOD } else { POOR };
    list[n % list.len()].into()
}

#[cfg(test)]
mod tests {
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
                assert_eq!(
                    (Some(confirmation.plan.starts_on), Some(confirmation.plan.ends_on)),
                    (c.starts_on, c.ends_on)
                );
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
            assert!(
                starts <= first && last <= ends && (first - starts).num_days() <= 14,
                "{}: {starts}–{ends}",
                c.title
            );
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
        let others: Vec<_> =
            rows.iter().filter(|r| r.bonus_deduction && r.staff != wanghe && r.staff != ding).collect();
        assert!(others.is_empty(), "{others:?}");
        // Six months of ratings, none in the future.
        let months: BTreeSet<YearMonth> = ratings.iter().map(|r| YearMonth::of(r.on)).collect();
        assert!(months.len() >= 6, "{months:?}");
        assert!(ratings.iter().all(|r| r.on <= today));
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

        assert!(state.store.check().unwrap().is_ok());
        assert!(took < std::time::Duration::from_secs(60), "first start took {took:?}");
        assert!(first_run(&state, &cli.config).await.unwrap().is_empty(), "a second start adds nothing");
    }
}
