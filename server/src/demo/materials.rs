//! What a demo campaign's steps carry: the needs, the plan document, purchasing's orders
//! and the suppliers they go to, the stores' plans, receipts, sales and ratings.

use super::*;

pub(super) fn needs_for(kind: CampaignType) -> Needs {
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

pub(super) fn plan_for(spec: &Spec, version: u32) -> PlanDocument {
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
        // About thirty times what it spends: 30万 a store.
        forecast_sales: (spec.kind != CampaignType::AnnualPlan).then(|| Fen(stores * 30_000_000)),
    }
}

/// The region's suppliers (name, kind, contact, notes): the printer and the gift maker the
/// demo's orders go to, and others on the list. The last has been retired.
pub(super) const SUPPLIERS: [(&str, shared::costs::SupplierKind, &str, &str); 5] = [
    (
        "哈尔滨华印印务有限公司",
        shared::costs::SupplierKind::Printing,
        "刘经理 0451-8231 5566",
        "海报、展架、吊旗；加急三天出货",
    ),
    (
        "深圳金盒礼品有限公司",
        shared::costs::SupplierKind::Gifts,
        "陈小姐 0755-2690 1188",
        "首饰盒、礼品袋；起订 500 个",
    ),
    ("长春光影视频制作工作室", shared::costs::SupplierKind::Video, "赵导 0431-8870 2233", "门店短视频拍摄与剪辑"),
    ("沈阳恒通货架展具厂", shared::costs::SupplierKind::Other, "孙厂长 024-2251 9090", "柜台展具、灯箱"),
    (
        "大庆新彩印刷厂",
        shared::costs::SupplierKind::Printing,
        "王师傅 0459-6123 4567",
        "2026年起不再合作：交货多次延误",
    ),
];

/// Purchasing's orders for a campaign (the plan's 物料制作 and 促销品 lines, within their
/// budget) and the printer's invoice once the goods ship. One campaign in five gives every
/// store more gifts than the budget holds: the VP approves the overrun first.
pub(super) fn orders_for(
    spec: &Spec,
    stores: usize,
    on: NaiveDate,
    invoiced: NaiveDate,
) -> Vec<(NaiveDate, By, Action)> {
    use shared::costs::{OrderLine, SupplierKind};
    use shared::workflow::{ApproveOverrun, RecordInvoice, RecordOrder};
    let n = u32::try_from(stores.max(1)).unwrap_or(1);
    let line = |item: &str, spec_text: &str, quantity: u32, fen: i64| OrderLine {
        item: item.into(),
        spec: spec_text.into(),
        quantity,
        unit_price: Fen(fen),
    };
    let printing = RecordOrder {
        supplier: SUPPLIERS[0].0.into(),
        supplier_kind: SupplierKind::Printing,
        lines: vec![line("X展架", "80×180cm", n * 4, 45_000), line("海报", "A1 铜版纸", n * 40, 8_000)],
        stores: Vec::new(),
        budget_line: "物料制作".into(),
        ordered_on: on,
        expected_on: Some(on + chrono::Days::new(7)),
    };
    let over = spec.seed.is_multiple_of(5);
    let gifts = RecordOrder {
        supplier: SUPPLIERS[1].0.into(),
        supplier_kind: SupplierKind::Gifts,
        lines: vec![line("首饰盒", "绒面 带烫金标", if over { n * 130 + 100 } else { n * 50 }, 7_000)],
        stores: Vec::new(),
        budget_line: "促销品".into(),
        ordered_on: on,
        expected_on: Some(on + chrono::Days::new(10)),
    };
    let printed = printing.total().unwrap_or_default();
    let mut batch = Vec::new();
    if over {
        let committed = printed.0 + gifts.total().unwrap_or_default().0;
        batch.push((
            on,
            By::Vp,
            Action::ApproveOverrun(ApproveOverrun {
                ceiling: Fen(committed),
                reason: "门店反馈首饰盒是最受欢迎的赠品，按门店要求加订".into(),
            }),
        ));
    }
    batch.push((on, By::Purchasing, Action::RecordOrder(printing)));
    batch.push((on, By::Purchasing, Action::RecordOrder(gifts)));
    batch.push((
        invoiced,
        By::Purchasing,
        Action::RecordInvoice(RecordInvoice {
            supplier: SUPPLIERS[0].0.into(),
            invoice_no: format!("{:08}", 4_470_000 + spec.seed),
            amount: printed,
            issued_on: invoiced,
            order: Some(1),
            scan: None,
            reason: String::new(),
        }),
    ));
    batch
}

pub(super) fn task(department: Role, status: TaskStatus, note: &str) -> Action {
    Action::UpdateTask(UpdateTask { department, status, note: note.into() })
}

pub(super) fn store_plan(
    kind: CampaignType,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    ship_on: NaiveDate,
) -> StorePlan {
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

pub(super) fn shipped_items() -> Vec<ShippedItem> {
    [("X展架", 2), ("门头海报", 1), ("吊旗", 10), ("首饰盒", 50), ("福袋", 100)]
        .into_iter()
        .map(|(item, quantity)| ShippedItem { item: item.into(), quantity })
        .collect()
}

/// What arrived; a store that ends up dissatisfied got a damaged display stand.
pub(super) fn receipt_lines(satisfied: bool) -> Vec<ReceiptLine> {
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
pub(super) fn sales_amount(spec: &Spec, store_index: usize) -> Fen {
    let step = (spec.seed as i64 * 131 + store_index as i64 * 977) % 240;
    Fen((60_000 + step * 1_000) * 100)
}

pub(super) fn rating_comment(satisfied: bool, n: usize) -> String {
    const GOOD: [&str; 3] = ["方案有效，物料及时", "活动效果好，客流明显增加", "物料质量好，执行到位"];
    const POOR: [&str; 3] = ["物料到店晚，效果一般", "物料有破损，补发不及时", "方案与门店实际不符，效果一般"];
    let list = if satisfied { GOOD } else { POOR };
    list[n % list.len()].into()
}
