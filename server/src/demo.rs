//! First run: the first administrator account, and demo data for an empty data directory
//! (the planning department of DOMAIN.md, ~76 stores across 黑龙江, 吉林 and 内蒙古, staff
//! for every department, and campaigns of every type in every stage, with months of
//! ratings so the KPI report has flags to show).

use chrono::{Datelike, Days, NaiveDate};
use shared::api::NewUser;
use shared::campaign::{
    Brainstorm, Campaign, CampaignType, GiftItem, MaterialItem, Needs, ReceiptLine, ShippedItem, Stage, StorePlan,
};
use shared::ids::{OrgUnitId, PersonId, PositionId, StoreId, UserId};
use shared::intake::{NewCampaign, create_campaign};
use shared::money::Fen;
use shared::org::{Actor, OrgUnit, OrgUnitKind, Person, Position, Province, Role, Store, StoreStatus};
use shared::plan::{BudgetLine, PlanDocument};
use shared::workflow::{Action, ActionKind, Context, apply, check_gate};

use crate::auth::{actor_for, random_password};
use crate::config::Config;
use crate::state::AppState;
use crate::storage::{AuditEntry, UserRecord};

/// The password of every demo account (printed at start and in the README).
pub const DEMO_PASSWORD: &str = "demo2026";

fn audit(action: &str) -> AuditEntry {
    AuditEntry { at_unix_ms: 0, user: UserId(0), action: action.into(), target: "demo".into() }
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
    planners: Vec<Actor>,
    design: Actor,
    video: Actor,
    brand: Actor,
    purchasing: Actor,
    service: Actor,
    market: Actor,
    managers: Vec<Actor>,
}

impl Cast {
    fn for_role(&self, role: Role, store: Option<StoreId>, planner: &Actor) -> Option<Actor> {
        Some(match role {
            Role::Vp => self.vp.clone(),
            Role::Planning => planner.clone(),
            Role::Design => self.design.clone(),
            Role::Video => self.video.clone(),
            Role::Brand => self.brand.clone(),
            Role::Purchasing => self.purchasing.clone(),
            Role::ServiceCenter => self.service.clone(),
            Role::Market => self.market.clone(),
            Role::StoreManager => self.managers.iter().find(|m| m.store == store)?.clone(),
            Role::Merchandise | Role::Admin => return None,
        })
    }
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

    // Stores, in the planners' groups.
    let mut groups: Vec<Vec<(String, Province)>> = vec![
        Cities::CAO_XUE.iter().map(|c| ((*c).to_owned(), Province::Heilongjiang)).collect(),
        Cities::WANG_HE.iter().map(|(c, p)| ((*c).to_owned(), *p)).collect(),
        Cities::DING_MENGMENG.iter().map(|(c, p)| ((*c).to_owned(), *p)).collect(),
        Cities::LI_XIAOHUI.iter().map(|c| ((*c).to_owned(), Province::Heilongjiang)).collect(),
    ];
    let mut covered: Vec<Vec<StoreId>> = vec![Vec::new(); 4];
    let mut all_stores = Vec::new();
    let mut n = 0u32;
    for (group_index, cities) in groups.iter_mut().enumerate() {
        for (city, province) in cities.iter() {
            n += 1;
            let prefix = match province {
                Province::Heilongjiang => "HLJ",
                Province::Jilin => "JL",
                Province::InnerMongolia => "NM",
            };
            let store = Store {
                id: StoreId(state.store.next_id()?),
                code: format!("{prefix}-{n:03}"),
                name: format!("{city}店"),
                province: *province,
                city: city.trim_end_matches(|c: char| "道里南岗重庆路桂林路萨尔图让胡路".contains(c)).to_owned(),
                address: format!("{city}市中心大街{n}号"),
                manager: None,
                opened_on: NaiveDate::from_ymd_opt(2015 + (n % 10) as i32, 1 + n % 12, 1 + n % 28),
                status: if n == 76 { StoreStatus::Preparing } else { StoreStatus::Open },
            };
            let store = state.store.insert(store, audit("demo store")).await?.value;
            covered[group_index].push(store.id);
            all_stores.push(store.id);
        }
    }

    let vp = s.person("张岱", "zhangdai", Role::Vp, vp_position, vec![], None).await?;
    s.person("刘江涛", "liujiangtao", Role::Planning, deputy, vec![], None).await?;
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
    s.person("钱敏", "qianmin", Role::Merchandise, goods_position, vec![], None).await?;
    let buyer_actor = s.person("吴桐", "wutong", Role::Purchasing, buyer, vec![], None).await?;
    let service_actor = s.person("郑洁", "zhengjie", Role::ServiceCenter, service_position, vec![], None).await?;
    let market_actor = s.person("冯涛", "fengtao", Role::Market, market_position, vec![], None).await?;
    let mut managers = Vec::new();
    for (i, store) in all_stores.iter().enumerate() {
        let name = format!("{}{}", SURNAMES[i % SURNAMES.len()], GIVEN[(i / SURNAMES.len()) % GIVEN.len()]);
        let login = format!("store{:03}", i + 1);
        let actor = s.person(&name, &login, Role::StoreManager, manager_position, vec![], Some(*store)).await?;
        if let Some(found) = state.store.get::<Store>(store.0)? {
            let mut updated = found.value;
            updated.manager = Some(actor.person);
            state.store.update(found.version, updated, audit("demo store manager")).await?;
        }
        managers.push(actor);
    }
    let cast = Cast {
        vp,
        planners,
        design: design_actor,
        video: video_actor,
        brand: brand_actor,
        purchasing: buyer_actor,
        service: service_actor,
        market: market_actor,
        managers,
    };
    let made = campaigns(state, &cast, &covered).await?;
    Ok(format!("Demo data: {} stores, {} staff, {} campaigns", all_stores.len(), 14 + cast.managers.len(), made))
}

fn day(today: NaiveDate, offset: i64) -> NaiveDate {
    if offset >= 0 {
        today.checked_add_days(Days::new(offset.unsigned_abs())).unwrap_or(today)
    } else {
        today.checked_sub_days(Days::new(offset.unsigned_abs())).unwrap_or(today)
    }
}

fn plan_for(title: &str) -> PlanDocument {
    PlanDocument {
        theme: format!("{title} · 金彩相伴"),
        strategy: "满 3000 元赠首饰盒；老会员双倍积分；黄金饰品工费八折。".into(),
        implementation: "第一周预热（朋友圈与短信），第二周主推，第三周返场；门店每日晨会跟进。".into(),
        forecast: "客流提升约 30%，销售额提升约 20%。".into(),
        budget: vec![
            BudgetLine { item: "物料制作".into(), amount: Fen(1_200_000) },
            BudgetLine { item: "促销品".into(), amount: Fen(800_000) },
            BudgetLine { item: "影像拍摄".into(), amount: Fen(300_000) },
        ],
    }
}

/// A realistic input for a forward action.
fn input_for(
    kind: ActionKind,
    campaign: &Campaign,
    store: Option<StoreId>,
    today: NaiveDate,
    satisfied: bool,
) -> Option<Action> {
    let store_id = store.unwrap_or(StoreId(0));
    let starts = campaign.starts_on.unwrap_or(today);
    Some(match kind {
        ActionKind::StartNeeds => Action::StartNeeds,
        ActionKind::CompleteNeeds => Action::CompleteNeeds,
        ActionKind::RecordBrainstorm => Action::RecordBrainstorm {
            brainstorm: Brainstorm {
                notes: "主推足金手链与婚庆套系，配合满额赠礼。".into(),
                attendees: vec!["刘江涛".into(), "周婷".into()],
            },
        },
        ActionKind::SavePlan => Action::SavePlan { plan: plan_for(&campaign.title), note: "初稿".into() },
        ActionKind::SubmitDraft => Action::SubmitDraft,
        ActionKind::SubmitForApproval => Action::SubmitForApproval,
        ActionKind::Approve => Action::Approve,
        ActionKind::OverrideLate => Action::OverrideLate { reason: "总部临时决定参加全国促销".into() },
        ActionKind::ConfirmPlan => Action::ConfirmPlan {
            store: store_id,
            plan: StorePlan {
                starts_on: starts,
                ends_on: campaign.ends_on.unwrap_or(starts),
                policy: "满 5000 减 300".into(),
                materials: vec![MaterialItem { item: "X展架".into(), size: "80×180cm".into(), quantity: 2 }],
                gifts: vec![GiftItem { item: "首饰盒".into(), quantity: 50 }],
                ship_on: day(starts, -7).max(today),
            },
        },
        ActionKind::CompleteProduction => Action::CompleteProduction { note: "成片已交付".into() },
        ActionKind::RecordShipment => Action::RecordShipment {
            store: store_id,
            items: vec![
                ShippedItem { item: "X展架".into(), quantity: 2 },
                ShippedItem { item: "首饰盒".into(), quantity: 50 },
            ],
            shipped_on: today,
            tracking: format!("SF{:010}", campaign.id.0),
        },
        ActionKind::ConfirmReceipt => Action::ConfirmReceipt {
            store: store_id,
            lines: vec![
                ReceiptLine { item: "X展架".into(), expected: 2, received: 2, damaged: 0, note: String::new() },
                ReceiptLine { item: "首饰盒".into(), expected: 50, received: 50, damaged: 0, note: String::new() },
            ],
            photos: vec![],
        },
        ActionKind::FinishExecution => Action::FinishExecution,
        ActionKind::SubmitSummary => Action::SubmitSummary {
            notes: "活动按计划执行，客流与销售均达预期。".into(),
            photos: vec![],
        },
        ActionKind::Rate => Action::Rate {
            store: store_id,
            satisfied,
            comment: if satisfied {
                "方案有效，物料及时".into()
            } else {
                "物料到店晚，效果一般".into()
            },
        },
        _ => return None,
    })
}

/// Moves a campaign forward until it reaches `target` (or cannot move).
fn drive(
    mut campaign: Campaign,
    target: Stage,
    cast: &Cast,
    planner: &Actor,
    ctx: &Context<'_>,
    satisfied: bool,
) -> Campaign {
    const ORDER: [ActionKind; 14] = [
        ActionKind::StartNeeds,
        ActionKind::CompleteNeeds,
        ActionKind::RecordBrainstorm,
        ActionKind::SubmitDraft,
        ActionKind::SubmitForApproval,
        ActionKind::OverrideLate,
        ActionKind::Approve,
        ActionKind::ConfirmPlan,
        ActionKind::CompleteProduction,
        ActionKind::RecordShipment,
        ActionKind::ConfirmReceipt,
        ActionKind::FinishExecution,
        ActionKind::SubmitSummary,
        ActionKind::Rate,
    ];
    for _ in 0..80 {
        if campaign.stage == target || campaign.stage.is_terminal() {
            break;
        }
        // First an action that moves the stage; failing that, the work a stage needs
        // before it can be left (a first plan version, a shipment per store).
        let next = step(&campaign, cast, planner, ctx, satisfied, &ORDER, true).or_else(|| {
            step(&campaign, cast, planner, ctx, satisfied, &[ActionKind::SavePlan, ActionKind::RecordShipment], false)
        });
        match next {
            Some(next) => campaign = next,
            None => break,
        }
    }
    campaign
}

fn step(
    campaign: &Campaign,
    cast: &Cast,
    planner: &Actor,
    ctx: &Context<'_>,
    satisfied: bool,
    kinds: &[ActionKind],
    must_move: bool,
) -> Option<Campaign> {
    for kind in kinds {
        for role in shared::workflow::action_roles(campaign.kind, *kind) {
            let stores: Vec<Option<StoreId>> =
                if kind.is_per_store() { campaign.stores.iter().copied().map(Some).collect() } else { vec![None] };
            for store in stores {
                let Some(actor) = cast.for_role(*role, store, planner) else { continue };
                if check_gate(campaign, *kind, &actor, store).is_err() {
                    continue;
                }
                let needed = match kind {
                    ActionKind::SavePlan => campaign.plan_versions.is_empty(),
                    ActionKind::RecordShipment => !campaign.shipments.iter().any(|s| Some(s.store) == store),
                    _ => true,
                };
                let Some(action) = input_for(*kind, campaign, store, ctx.today, satisfied) else { continue };
                if !needed {
                    continue;
                }
                if let Ok(transition) = apply(campaign, action, &actor, ctx)
                    && (!must_move || transition.to != transition.from)
                {
                    return Some(transition.campaign);
                }
            }
        }
    }
    None
}

async fn campaigns(state: &AppState, cast: &Cast, covered: &[Vec<StoreId>]) -> anyhow::Result<usize> {
    let calendar = state.calendar();
    let today = state.clock.today();
    let coverage = crate::api::campaigns::coverage(state).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut made = 0;
    let open = |kind: CampaignType, title: String, stores: Vec<StoreId>, opened_on: NaiveDate, creator: &Actor| {
        let ctx = Context { today: opened_on, now_unix_ms: 0, calendar: &calendar };
        let starts = day(opened_on, 60);
        let form = NewCampaign {
            kind,
            title,
            stores,
            starts_on: starts.to_string(),
            ends_on: day(starts, 6).to_string(),
            due_on: calendar.add_working_days(opened_on, 15).map(|d| d.to_string()).unwrap_or_default(),
            plan_year: Some(opened_on.year() + 1),
            needs: Needs {
                wishes: "希望突出黄金饰品，配合门店周年庆。".into(),
                policy: "总部统一折扣政策".into(),
                budget_hint: "两万元以内".into(),
            },
        };
        let id = shared::ids::CampaignId(state.store.next_id().unwrap_or(0));
        create_campaign(id, &form, creator, &ctx, &coverage, &|_| true).ok()
    };

    // Finished, rated campaigns over the past six months: 曹雪 satisfies, 王赫 has three
    // bad months in a row (disciplinary review), 丁梦萌 one bad month (bonus deduction).
    for months_ago in (1..=6u32).rev() {
        let month_day =
            today.checked_sub_months(chrono::Months::new(months_ago)).unwrap_or(today).with_day(10).unwrap_or(today);
        for (p, planner) in cast.planners.iter().enumerate().take(3) {
            let satisfied_pattern = match p {
                0 => [true, true, true],
                1 if months_ago <= 3 => [false, false, true],
                2 if months_ago == 2 => [false, false, true],
                _ => [true, true, false],
            };
            for (k, satisfied) in satisfied_pattern.into_iter().enumerate() {
                let store = covered[p][(months_ago as usize * 3 + k) % covered[p].len()];
                let Some(campaign) = open(
                    CampaignType::StoreSpecific,
                    format!("{}月店庆活动", month_day.month()),
                    vec![store],
                    month_day,
                    &cast.service,
                ) else {
                    continue;
                };
                let ctx = Context { today: month_day, now_unix_ms: 0, calendar: &calendar };
                let done = drive(campaign, Stage::Closed, cast, planner, &ctx, satisfied);
                state.store.insert_campaign(&done).await?;
                made += 1;
            }
        }
    }

    // Current campaigns: every type, spread over every stage.
    let stages: Vec<Stage> = Stage::ALL.into_iter().filter(|s| *s != Stage::Cancelled).collect();
    let ctx = Context { today, now_unix_ms: 0, calendar: &calendar };
    for (i, target) in stages.iter().enumerate() {
        for (k, kind) in CampaignType::ALL.iter().enumerate() {
            let p = (i + k) % cast.planners.len();
            let planner = &cast.planners[p];
            let store = covered[p][(i * 2 + k) % covered[p].len()];
            let (stores, creator, title) = match kind {
                CampaignType::HolidayPromotion => {
                    (vec![store, covered[p][(i + 1) % covered[p].len()]], planner.clone(), "元旦迎新促销".to_owned())
                }
                CampaignType::StoreOpening => (vec![store], cast.market.clone(), "新店开业活动".to_owned()),
                CampaignType::StoreSpecific => (vec![store], cast.service.clone(), "门店周年庆".to_owned()),
                CampaignType::NewProductLaunch => (vec![store], planner.clone(), "古法金新品推广".to_owned()),
                CampaignType::VideoProduction => (
                    vec![store],
                    cast.managers
                        .iter()
                        .find(|m| m.store == Some(store))
                        .cloned()
                        .unwrap_or_else(|| cast.service.clone()),
                    "门店宣传短片".to_owned(),
                ),
                CampaignType::AnnualPlan => (vec![], planner.clone(), format!("{}年度营销方案", today.year() + 1)),
            };
            let Some(campaign) = open(*kind, title, stores, today, &creator) else { continue };
            let order = shared::workflow::stages_of(*kind, !campaign.stores.is_empty());
            if !order.contains(target) {
                continue;
            }
            let done = drive(campaign, *target, cast, planner, &ctx, true);
            state.store.insert_campaign(&done).await?;
            made += 1;
        }
    }
    Ok(made)
}
