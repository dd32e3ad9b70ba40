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
mod holidays;
mod materials;
mod specs;
#[cfg(test)]
mod tests;
mod timeline;

use self::holidays::*;
use self::materials::*;
use self::timeline::*;

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

/// A store's city: its place name without the district some carry ("哈尔滨道里" is in
/// 哈尔滨). Whole district names only: trimming characters cut "虎林" to "虎".
fn city_of(place: &str) -> &str {
    const DISTRICTS: [&str; 6] = ["道里", "南岗", "重庆路", "桂林路", "萨尔图", "让胡路"];
    DISTRICTS.iter().find_map(|d| place.strip_suffix(d)).unwrap_or(place)
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
            &["领导品牌营销中心", "审批活动方案，批准后方案才发给门店"],
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
                city: city_of(city).to_owned(),
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

    // The suppliers purchasing orders from.
    for (i, (name, kind, contact, notes)) in materials::SUPPLIERS.iter().enumerate() {
        let supplier = shared::costs::Supplier {
            id: shared::ids::SupplierId(state.store.next_id()?),
            name: (*name).to_owned(),
            kind: *kind,
            contact: (*contact).to_owned(),
            notes: (*notes).to_owned(),
            active: i + 1 < materials::SUPPLIERS.len(),
        };
        state.store.insert(supplier, audit("demo supplier")).await?;
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
    let templates = state.schedule().in_force_on(today);
    let region = Region {
        today,
        calendar: &calendar,
        templates: &templates,
        cast,
        groups,
        names,
        coverage: &coverage,
        new_store,
        latest_ms,
    };
    let demo = region.generate(&mut || state.store.next_id().ok());
    for problem in &demo.problems {
        tracing::warn!(%problem, "a demo campaign was left out");
    }
    for campaign in &demo.campaigns {
        state.store.insert_campaign(campaign).await?;
    }
    // What the last days' steps told people, as the live server would have: the VP's
    // approvals waiting, a proof for the planner, a store's plan to confirm.
    for step in &demo.recent {
        let change = (Some(&step.before), &step.after);
        let effects = crate::notify::effects_of_action(
            &state.store,
            None,
            change,
            Some(&step.action),
            &step.actor,
            step.at_unix_ms,
        )
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        state.store.write_effects(&effects).await?;
    }
    Ok(demo.campaigns.len())
}
