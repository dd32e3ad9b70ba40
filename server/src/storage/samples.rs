//! One fully populated value of every stored type, for the golden-byte fixtures: every
//! `Vec` has an element and every `Option` is `Some`, so the fixtures pin the shape of
//! every nested type (bincode writes an empty `Vec` or a `None` as one 0 byte whatever the
//! element type is).
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use shared::Lang;
use shared::calendar::{HolidayPeriod, YearCalendar};
use shared::campaign::{
    Approval, Brainstorm, Campaign, CampaignType, DeptTask, GiftItem, HelpKind, HelpRequest, HistoryEntry,
    LateOverride, Lateness, MaterialItem, Needs, Rating, Receipt, ReceiptLine, SalesFigure, Shipment, ShippedItem,
    Stage, StoreConfirmation, StorePlan, Summary, TaskStatus,
};
use shared::ids::{AttachmentId, CampaignId, OrgUnitId, PersonId, PositionId, StoreId, UserId};
use shared::money::Fen;
use shared::org::{OrgUnit, OrgUnitKind, Person, Position, Province, Role, Store, StoreStatus};
use shared::plan::{BudgetLine, Comment, Pin, PlanDocument, PlanVersion, ProofRound, ProofStep, RoundOutcome};

use super::own::{AttachmentMeta, AuditEntry, IdempotentResponse, SessionRecord, UserRecord};

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The history record's sample, kept in its folder (`records/history`).
pub fn history_entry() -> HistoryEntry {
    super::records::history::sample()
}

pub fn plan_version() -> PlanVersion {
    PlanVersion {
        number: 2,
        document: PlanDocument {
            theme: "金秋钻石节".into(),
            strategy: "满额赠礼".into(),
            implementation: "九月一日至十月七日".into(),
            forecast: "销售额提升 20%".into(),
            budget: vec![BudgetLine { item: "物料".into(), amount: Fen(1_200_050) }],
            forecast_sales: None,
        },
        author: PersonId(5),
        author_name: "曹雪".into(),
        created_on: day(2026, 3, 4),
        note: "根据意见修改".into(),
    }
}

pub fn rating() -> Rating {
    Rating {
        store: StoreId(3),
        satisfied: false,
        comment: "物料晚到".into(),
        by: PersonId(32),
        on: day(2026, 4, 20),
        staff: vec![PersonId(5), PersonId(9)],
    }
}

/// A list row with every field filled in.
pub fn listing() -> shared::campaign::Listing {
    shared::campaign::Listing {
        id: CampaignId(42),
        version: 7,
        kind: CampaignType::HolidayPromotion,
        title: "国庆促销".into(),
        stores: vec![StoreId(3), StoreId(4)],
        stage: Stage::StoreConfirmation,
        requested_on: day(2026, 3, 1),
        starts_on: Some(day(2026, 10, 1)),
        ends_on: Some(day(2026, 10, 7)),
        due_on: Some(day(2026, 9, 20)),
        assignee: Some(PersonId(5)),
        approved: true,
        stores_waiting: vec![StoreId(4)],
        stage_since: day(2026, 5, 2),
        late_accepted: true,
    }
}

/// An administrator's schedule template with every field filled in.
pub fn template_record() -> super::records::template::TemplateRecord {
    let mut template = shared::schedule::Template::default_for(CampaignType::StoreOpening);
    template.lead_working_days = 4;
    if let Some(first) = template.stages.first_mut() {
        first.working_days = 3;
    }
    super::records::template::TemplateRecord {
        template,
        applies_from: day(2026, 6, 1),
        set_by: shared::ids::UserId(1),
        set_at_unix_ms: 1_780_000_000_000,
    }
}

/// A campaign with every record kind filled in (history and plan versions included; the
/// core record leaves them to their own trees).
pub fn campaign() -> Campaign {
    let comment = Comment {
        author: PersonId(5),
        author_name: "曹雪".into(),
        on: day(2026, 3, 5),
        text: "颜色太暗".into(),
        pin: Some(Pin { attachment: AttachmentId(77), x_permille: 250, y_permille: 750 }),
    };
    Campaign {
        id: CampaignId(42),
        kind: CampaignType::HolidayPromotion,
        title: "五一金饰节".into(),
        stores: vec![StoreId(3), StoreId(4)],
        starts_on: Some(day(2026, 5, 1)),
        ends_on: Some(day(2026, 5, 5)),
        due_on: Some(day(2026, 4, 20)),
        plan_year: Some(2026),
        requested_on: day(2026, 3, 2),
        placed_by: UserId(6),
        placed_by_name: "曹雪".into(),
        assignee: Some(PersonId(5)),
        stage: Stage::Rating,
        version: 19,
        needs: Needs { wishes: "周年庆".into(), policy: "九折".into(), budget_hint: "两万".into() },
        brainstorm: Some(Brainstorm {
            notes: "以黄金为主".into(), attendees: vec!["曹雪".into(), "王赫".into()]
        }),
        plan_versions: vec![plan_version()],
        review_comments: vec![comment.clone()],
        tasks: vec![DeptTask { department: Role::Design, status: TaskStatus::InProgress, note: "主视觉".into() }],
        proofs: vec![ProofRound {
            number: 1,
            step: ProofStep::Final,
            files: vec![AttachmentId(77)],
            uploaded_by: PersonId(11),
            comments: vec![comment],
            outcome: Some(RoundOutcome {
                passed: true, by: PersonId(1), by_name: "张岱".into(), on: day(2026, 3, 6)
            }),
        }],
        approval: Some(Approval { by: PersonId(1), by_name: "张岱".into(), on: day(2026, 3, 7), plan_version: 2 }),
        lateness: Some(Lateness::HolidayPreparation { days_before_start: 40 }),
        late_override: Some(LateOverride {
            by: PersonId(1),
            by_name: "张岱".into(),
            on: day(2026, 3, 7),
            reason: "节日临近".into(),
        }),
        confirmations: vec![StoreConfirmation {
            store: StoreId(3),
            plan: StorePlan {
                starts_on: day(2026, 5, 1),
                ends_on: day(2026, 5, 5),
                policy: "满五千减五百".into(),
                materials: vec![MaterialItem { item: "海报".into(), size: "60×90".into(), quantity: 4 }],
                gifts: vec![GiftItem { item: "首饰盒".into(), quantity: 100 }],
                ship_on: day(2026, 4, 20),
            },
            by: PersonId(32),
            on: day(2026, 3, 8),
        }],
        shipments: vec![Shipment {
            number: 1,
            store: StoreId(3),
            items: vec![ShippedItem { item: "海报".into(), quantity: 4 }],
            shipped_on: day(2026, 4, 18),
            tracking: "SF123".into(),
            by: PersonId(15),
        }],
        receipts: vec![Receipt {
            store: StoreId(3),
            lines: vec![ReceiptLine {
                item: "海报".into(),
                expected: 4,
                received: 3,
                damaged: 1,
                note: "一张破损".into(),
            }],
            photos: vec![AttachmentId(78)],
            by: PersonId(32),
            on: day(2026, 4, 21),
        }],
        help_requests: vec![HelpRequest {
            number: 1,
            store: StoreId(3),
            kind: HelpKind::Photography,
            note: "开业当天拍照".into(),
            requested_on: day(2026, 4, 22),
            assigned: Some(PersonId(13)),
            assigned_name: "赵刚".into(),
        }],
        sales: vec![SalesFigure { store: StoreId(3), amount: Fen(8_880_000), reported_on: day(2026, 5, 6) }],
        summary: Some(Summary {
            notes: "客流增加".into(),
            photos: vec![AttachmentId(79)],
            by: PersonId(5),
            on: day(2026, 5, 8),
        }),
        ratings: vec![rating()],
        team: vec![PersonId(5), PersonId(11)],
        cancel_reason: Some("（样例）".into()),
        history: vec![HistoryEntry { store: None, ..history_entry() }],
        // Kept beside the version-1 body from the version-3 core on (`costs()`).
        costs: shared::costs::Costs::default(),
    }
}

pub fn store() -> Store {
    Store {
        id: StoreId(3),
        code: "HLJ-003".into(),
        name: "鸡西店".into(),
        province: Province::InnerMongolia,
        city: "鸡西".into(),
        address: "中心大街 1 号".into(),
        manager: Some(PersonId(32)),
        opened_on: Some(day(2019, 9, 1)),
        status: StoreStatus::Preparing,
    }
}

pub fn org_unit() -> OrgUnit {
    OrgUnit {
        id: OrgUnitId(21),
        kind: OrgUnitKind::Group,
        name: "日常活动设计组".into(),
        parent: Some(OrgUnitId(20)),
        goal: "按时出稿".into(),
        responsibilities: vec!["活动形象设计".into()],
        role: Some(Role::Design),
    }
}

pub fn position() -> Position {
    Position {
        id: PositionId(22),
        title: "策划".into(),
        unit: OrgUnitId(20),
        reports_to: Some(PositionId(23)),
        duties: vec!["初拟方案".into()],
        authorities: vec!["下发门店".into()],
        key_indicators: vec!["年度销售计划达成率".into()],
    }
}

pub fn person() -> Person {
    Person {
        id: PersonId(5),
        name: "曹雪".into(),
        contact: "0451-8888".into(),
        positions: vec![PositionId(22)],
        stores_covered: vec![StoreId(3), StoreId(4)],
        account: Some(UserId(6)),
    }
}

pub fn user() -> UserRecord {
    UserRecord {
        id: UserId(31),
        login: "store003".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        role: Role::StoreManager,
        person: PersonId(32),
        store: Some(StoreId(3)),
        disabled: true,
        lang: Lang::En,
    }
}

pub fn year() -> YearCalendar {
    YearCalendar {
        year: 2027,
        source: "国办发明电〔2026〕样例".into(),
        holidays: vec![HolidayPeriod { name: "元旦".into(), from: day(2027, 1, 1), to: day(2027, 1, 1) }],
        make_up_workdays: vec![day(2027, 2, 20)],
        provisional: false,
    }
}

pub fn attachment() -> AttachmentMeta {
    AttachmentMeta {
        id: AttachmentId(78),
        sha256_hex: "7343d363d427f598455ae5f102d2f7e8c95efa14a6f454b8acc352c9458cac11".into(),
        size_bytes: 123_456,
        content_type: "image/jpeg".into(),
        file_name: "到货照片.jpg".into(),
        uploaded_by: UserId(31),
        created_at_unix_ms: 1_772_990_000_456,
    }
}

pub fn audit() -> AuditEntry {
    AuditEntry { at_unix_ms: 1_772_990_000_789, user: UserId(1), action: "edit store".into(), target: "store 3".into() }
}

pub fn session() -> SessionRecord {
    SessionRecord { user: UserId(31), created_at_unix_ms: 1_772_990_000_000, expires_at_unix_ms: 1_773_594_800_000 }
}

pub fn idempotent() -> IdempotentResponse {
    IdempotentResponse {
        status: 201,
        body: b"{\"id\":1}".to_vec(),
        created_at_unix_ms: 1_772_990_000_999,
        request_sha256: Some([7; 32]),
    }
}

pub fn notification() -> (UserId, shared::notify::Notification) {
    (
        UserId(12),
        shared::notify::Notification {
            id: 9_001,
            campaign: CampaignId(42),
            campaign_title: "鸡西店周年庆".into(),
            reason: shared::notify::Reason::ChangesRequested {
                store: StoreId(3), comment: "赠品换成金条".into()
            },
            at_unix_ms: 1_772_990_000_456,
            read: true,
        },
    )
}

pub fn webhook() -> super::notices::Webhook {
    super::notices::Webhook {
        id: 77,
        name: "黑龙江门店群".into(),
        kind: shared::api::RobotKind::Feishu,
        scope: shared::api::RobotScope::Region { province: Province::Heilongjiang },
        url: "https://open.feishu.cn/open-apis/bot/v2/hook/abc".into(),
        secret: "feishu-secret".into(),
        enabled: true,
        created_at_unix_ms: 1_772_990_000_789,
    }
}

pub fn delivery() -> super::notices::Delivery {
    super::notices::Delivery {
        id: 78,
        webhook: 77,
        title: "活动工作台：鸡西店周年庆".into(),
        text: "**鸡西店周年庆**\n\n方案已批准，请门店确认".into(),
        link: "https://hlj.example.cn/campaigns/42".into(),
        attempts: 3,
        next_at_unix_ms: 1_772_990_100_000,
        last_error: "HTTP 500: busy".into(),
        parked: false,
        created_at_unix_ms: 1_772_990_000_999,
    }
}

/// A campaign's money with every `Vec` and `Option` filled in.
pub fn costs() -> shared::costs::Costs {
    use shared::costs::{Cancellation, Costs, Invoice, Order, OrderLine, OverrunApproval, SupplierKind};
    let order = |number: u32, cancelled: bool| Order {
        number,
        supplier: "哈尔滨华印印务".into(),
        supplier_kind: SupplierKind::Printing,
        lines: vec![OrderLine {
            item: "X展架".into(), spec: "80×180cm".into(), quantity: 12, unit_price: Fen(8_500)
        }],
        stores: vec![StoreId(3), StoreId(4)],
        budget_line: "物料制作".into(),
        ordered_on: day(2026, 3, 20),
        expected_on: Some(day(2026, 3, 27)),
        by: PersonId(19),
        cancelled: cancelled.then(|| Cancellation {
            on: day(2026, 3, 21),
            reason: "规格改了".into(),
            by: PersonId(19),
        }),
    };
    Costs {
        orders: vec![order(1, true), Order { supplier_kind: SupplierKind::Gifts, ..order(2, false) }],
        invoices: vec![Invoice {
            number: 1,
            supplier: "哈尔滨华印印务".into(),
            invoice_no: "No.04471234".into(),
            amount: Fen(102_000),
            issued_on: day(2026, 3, 30),
            order: Some(2),
            scan: Some(AttachmentId(77)),
            by: PersonId(19),
        }],
        overruns: vec![OverrunApproval {
            ceiling: Fen(2_500_000),
            reason: "加开两家门店".into(),
            by: PersonId(1),
            by_name: "张岱".into(),
            on: day(2026, 3, 22),
        }],
    }
}

/// A supplier with every field filled in, retired.
pub fn feed_reader() -> super::own::FeedReaderRecord {
    super::own::FeedReaderRecord {
        reader: shared::feed::FeedReader { id: 41, name: "总部数据汇总".into(), retired: false },
        token_sha256: [7; 32],
    }
}

pub fn supplier() -> shared::costs::Supplier {
    shared::costs::Supplier {
        id: shared::ids::SupplierId(31),
        name: "哈尔滨华印印务".into(),
        kind: shared::costs::SupplierKind::Printing,
        contact: "刘经理 0451-8888 1234".into(),
        notes: "海报、展架；三天出货".into(),
        active: false,
    }
}
