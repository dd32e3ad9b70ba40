//! What each person may see (R4, R5): a store manager fetches everything they can —
//! the campaign, the lists, the exports, the org, the files — at every stage of a
//! campaign shared with another store, and none of it holds the other store's business
//! or the center's internal work. Each secret is a distinct marker string seeded by the
//! step that writes it; each step is followed by the full sweep.

use std::io::Read as _;

use reqwest::StatusCode;
use serde_json::Value;
use shared::api::{CampaignQuery, Record, StoreQuery, Write};
use shared::campaign::{
    Brainstorm, CampaignType, HelpKind, MaterialItem, Needs, ReceiptLine, ShippedItem, Stage, StorePlan,
};
use shared::costs::{OrderLine, SupplierKind};
use shared::endpoints::{
    CreateCampaign, CreatePerson, Download, ExportCampaignsCsv, ExportCampaignsXlsx, GetCampaign, GetOrg, GetSession,
    GetThumbnail, ListCampaigns, ListStores, UpdatePerson, url,
};
use shared::ids::{AttachmentId, PersonId, StoreId};
use shared::intake::NewCampaign;
use shared::messages::RuleCode;
use shared::money::Fen;
use shared::org::{Person, Role, Store};
use shared::plan::{BudgetLine, Pin, PlanDocument};
use shared::workflow::Action;
use shared::workflow::{
    ActionKind, Approve, ApproveOverrun, AssignHelp, Comment, CommentProof, CompleteNeeds, ConfirmPlan, ConfirmReceipt,
    DecideProof, FinishExecution, OverrideLate, Rate, RecordBrainstorm, RecordInvoice, RecordNeeds, RecordOrder,
    RecordShipment, ReportSales, RequestHelp, SavePlan, SendBack, SendReminder, StartNeeds, SubmitDraft,
    SubmitForApproval, SubmitSummary, UpdateTask, UploadProof,
};
use tests::{Session, Who, World, png, spawn_app};

/// Strings that must never reach the own store's manager.
const SECRETS: &[&str] = &[
    "MK-NEEDS",
    "MK-OTHER-NEEDS",
    "MK-OTHER-REMIND",
    "MK-BRAIN",
    "MK-ATTENDEE",
    "MK-DRAFT",
    "MK-PLAN-NOTE",
    "MK-REVIEW",
    "MK-TASK",
    "MK-PROOF-COMMENT",
    "MK-SENDBACK",
    "MK-OVERRIDE",
    "MK-OTHER-POLICY",
    "MK-OTHER-MATERIAL",
    "MK-OTHER-TRACKING",
    "MK-OTHER-RECEIPT",
    "MK-OTHER-HELP",
    "987654321",
    "9876543.21",
    "MK-OTHER-RATING",
    "MK-SUMMARY",
    "MK-PHONE-NOT-OURS",
    "other_store_manager",
    "延吉",
    // The center's money: suppliers, prices, invoice numbers, the VP's overrun.
    "MK-SUPPLIER",
    "1357913",
    "13,579.13",
    "MK-INVOICE-NO",
    "MK-OVERRUN",
    "2468024",
];
/// The approved plan: hidden until the VP approved it (R4), then shown.
const APPROVED_THEME: &str = "MK-APPROVED-THEME";

fn plan(theme: &str) -> PlanDocument {
    PlanDocument {
        theme: theme.into(),
        strategy: format!("{theme} 策略"),
        implementation: format!("{theme} 实施"),
        forecast: format!("{theme} 预测"),
        budget: vec![BudgetLine { item: format!("{theme} 物料"), amount: Fen(1_500_000) }],
        forecast_sales: None,
    }
}

/// Everything the own store's manager can fetch, as (what, text), plus the statuses of
/// the files they must not (or may) read.
struct Sweep<'a> {
    manager: &'a Session,
    own: StoreId,
    campaign: u64,
}

impl Sweep<'_> {
    async fn texts(&self) -> anyhow::Result<Vec<(String, String)>> {
        let id = self.campaign.to_string();
        let list = |query: CampaignQuery| url::<ListCampaigns>(&[], &query);
        let mut texts = Vec::new();
        // Every answer as it travels, read as text: no field, typed or not, may carry a secret.
        for url in [
            url::<GetCampaign>(&[&id], &()),
            list(CampaignQuery::default()),
            list(CampaignQuery { stage: Some(Stage::StoreConfirmation), ..CampaignQuery::default() }),
            list(CampaignQuery { kind: Some(CampaignType::HolidayPromotion), ..CampaignQuery::default() }),
            url::<ExportCampaignsCsv>(&[], &CampaignQuery::default()),
            url::<GetOrg>(&[], &()),
            url::<ListStores>(&[], &StoreQuery::default()),
            url::<GetSession>(&[], &()),
        ] {
            let (status, text) = self.manager.get_text(&url).await?;
            anyhow::ensure!(status == StatusCode::OK, "GET {url}: {status} {text}");
            texts.push((url, text));
        }
        let xlsx = self
            .manager
            .download::<ExportCampaignsXlsx>(&[], &CampaignQuery::default())
            .await?
            .map_err(|refused| anyhow::anyhow!("xlsx: {refused}"))?;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx))?;
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i)?;
            let mut text = String::new();
            entry.read_to_string(&mut text)?;
            texts.push((format!("campaigns.xlsx:{i}"), text));
        }
        Ok(texts)
    }

    async fn check(&self, step: &str, approved: bool, files: &Files) -> anyhow::Result<()> {
        for (what, text) in self.texts().await? {
            for secret in SECRETS {
                anyhow::ensure!(!text.contains(secret), "after {step}: {what} shows {secret:?}:\n{text}");
            }
            if !approved {
                anyhow::ensure!(!text.contains(APPROVED_THEME), "after {step}: {what} shows the plan before approval");
            }
            if let Ok(json) = serde_json::from_str::<Value>(&text) {
                only_own_store(&json, self.own, &format!("after {step}: {what}"))?;
            }
        }
        // Another store's filter shows nothing, not even an empty page that differs.
        let query = CampaignQuery { store: Some(files.other_store), ..CampaignQuery::default() };
        let list = self.manager.ok::<ListCampaigns>(&[], &query, &()).await?;
        anyhow::ensure!(list.items.is_empty(), "after {step}: the other store's filter lists {:?}", list.items);
        let detail = self.manager.ok::<GetCampaign>(&[&self.campaign.to_string()], &(), &()).await?;
        anyhow::ensure!(detail.campaign.plan_versions.len() <= 1, "after {step}: more than the approved plan version");
        for (file, readable) in files.expected(step) {
            let file = file.to_string();
            let answers = [
                ("the file", self.manager.download::<Download>(&[&file], &()).await?),
                ("its thumbnail", self.manager.download::<GetThumbnail>(&[&file], &()).await?),
            ];
            for (what, answer) in answers {
                match (answer, readable) {
                    (Ok(_), true) => {}
                    (Err(refused), false) if refused.status == StatusCode::NOT_FOUND => {}
                    (answer, _) => anyhow::bail!(
                        "after {step}: {what} of file {file}: {:?}, readable: {readable}",
                        answer.map(|bytes| bytes.len())
                    ),
                }
            }
        }
        Ok(())
    }
}

/// Fails if any store id in the JSON (under the keys that hold store ids) is not `own`.
fn only_own_store(json: &Value, own: StoreId, what: &str) -> anyhow::Result<()> {
    match json {
        Value::Object(map) => {
            for (key, value) in map {
                if matches!(key.as_str(), "store" | "stores" | "stores_waiting" | "stores_covered") {
                    let ids: Vec<u64> = match value {
                        Value::Number(n) => n.as_u64().into_iter().collect(),
                        Value::Array(items) => items.iter().filter_map(Value::as_u64).collect(),
                        _ => Vec::new(),
                    };
                    anyhow::ensure!(ids.iter().all(|id| *id == own.0), "{what}: `{key}` holds {value}");
                }
                only_own_store(value, own, what)?;
            }
        }
        Value::Array(items) => {
            for item in items {
                only_own_store(item, own, what)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The files of the campaign and when the own store may read them.
struct Files {
    other_store: StoreId,
    /// Design drafts before the final round: never.
    draft: AttachmentId,
    /// The final (定稿) design: once that round passed and the VP approved the plan (the
    /// rounds are decided while the plan is drafted; a store sees the design with the
    /// approved plan).
    final_design: AttachmentId,
    /// The other store's receipt photo: never.
    other_photo: AttachmentId,
    final_passed_after: Option<usize>,
    steps_done: usize,
}

impl Files {
    fn expected(&self, _step: &str) -> Vec<(AttachmentId, bool)> {
        let final_open = self.final_passed_after.is_some_and(|at| self.steps_done >= at);
        vec![(self.draft, false), (self.final_design, final_open), (self.other_photo, false)]
    }
}

async fn store_walk(kind: CampaignType) -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let (own, other) = (StoreId(world.own_store), StoreId(world.other_store));
    let admin = app.admin().await?;
    let planner = world.session(&app, Who::Planning).await?;
    let vp = world.session(&app, Who::Vp).await?;
    let design = world.session(&app, Who::Design).await?;
    let brand = world.session(&app, Who::Brand).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let other_manager = world.session(&app, Who::OtherStoreManager).await?;

    // The org: the own store's planner can be reached; a planner of the other store only
    // covers that one and must stay unknown to the own store.
    let org = admin.ok::<GetOrg>(&[], &(), &()).await?;
    let record = org.people.iter().find(|p| p.value.id == PersonId(world.planner_person)).cloned();
    let record = record.ok_or_else(|| anyhow::anyhow!("planner missing"))?;
    let planner_person = Person { contact: "0451-PLANNER-OK".into(), ..record.value };
    let update = Write { version: record.version, value: planner_person };
    admin.ok::<UpdatePerson>(&[&world.planner_person.to_string()], &(), &update).await?;
    let stranger = Person {
        id: PersonId(0),
        name: "外店策划".into(),
        contact: "MK-PHONE-NOT-OURS".into(),
        positions: vec![],
        stores_covered: vec![other],
        account: None,
    };
    admin.ok::<CreatePerson>(&[], &(), &Write { version: 0, value: stranger }).await?;

    let form = NewCampaign {
        title: "五一金饰节".into(),
        stores: vec![own, other],
        starts_on: "2026-04-01".into(),
        ends_on: "2026-04-05".into(),
        needs: Needs { wishes: "MK-NEEDS".into(), policy: String::new(), budget_hint: String::new() },
        ..NewCampaign::empty(kind)
    };
    let id = planner.ok::<CreateCampaign>(&[], &(), &form).await?.campaign.id.0;

    let draft = design.upload(png(40, 30, [200, 10, 10]), "draft.png").await?.id;
    let final_design = design.upload(png(40, 30, [10, 200, 10]), "final.png").await?.id;
    let other_photo = other_manager.upload(png(40, 30, [10, 10, 200]), "other.png").await?.id;
    let mut files =
        Files { other_store: other, draft, final_design, other_photo, final_passed_after: None, steps_done: 0 };
    let sweep = Sweep { manager: &manager, own, campaign: id };
    let mut approved = false;
    sweep.check("intake", approved, &files).await?;

    let day = |text: &str| shared::clock::parse_iso_date(text).expect("a valid date");
    let store_plan = |policy: &str, material: &str| StorePlan {
        starts_on: day("2026-04-01"),
        ends_on: day("2026-04-05"),
        policy: policy.into(),
        materials: vec![MaterialItem { item: material.into(), size: "60×90".into(), quantity: 2 }],
        gifts: vec![],
        ship_on: day("2026-03-20"),
    };
    let receipt =
        |note: &str| ReceiptLine { item: "海报".into(), expected: 2, received: 2, damaged: 0, note: note.into() };
    let today = tests::test_today();
    let mut steps: Vec<(&Session, Action)> = vec![
        (&planner, Action::StartNeeds(StartNeeds {})),
        (
            &other_manager,
            Action::RecordNeeds(RecordNeeds {
                needs: Needs { wishes: "MK-OTHER-NEEDS".into(), policy: String::new(), budget_hint: String::new() },
            }),
        ),
        (&other_manager, Action::SendReminder(SendReminder { note: "MK-OTHER-REMIND".into() })),
        (&planner, Action::CompleteNeeds(CompleteNeeds {})),
        (
            &planner,
            Action::RecordBrainstorm(RecordBrainstorm {
                brainstorm: Brainstorm { notes: "MK-BRAIN".into(), attendees: vec!["MK-ATTENDEE".into()] },
            }),
        ),
        (&planner, Action::SavePlan(SavePlan { plan: plan("MK-DRAFT"), note: "MK-PLAN-NOTE".into() })),
        (&planner, Action::Comment(Comment { text: "MK-REVIEW".into() })),
        (&planner, Action::SubmitDraft(SubmitDraft {})),
        (
            &design,
            Action::UpdateTask(UpdateTask {
                department: Role::Design,
                status: shared::campaign::TaskStatus::InProgress,
                note: "MK-TASK".into(),
            }),
        ),
    ];
    for round in 1..=5u32 {
        let file = if round == 5 { final_design } else { draft };
        steps.push((&design, Action::UploadProof(UploadProof { files: vec![file] })));
        steps.push((
            &planner,
            Action::CommentProof(CommentProof {
                round,
                text: "MK-PROOF-COMMENT".into(),
                pin: Some(Pin { attachment: file, x_permille: 500, y_permille: 500 }),
            }),
        ));
        steps.push((&planner, Action::DecideProof(DecideProof { round, passed: true })));
    }
    steps.extend([
        (&planner, Action::SavePlan(SavePlan { plan: plan(APPROVED_THEME), note: "MK-PLAN-NOTE 2".into() })),
        (&planner, Action::SubmitForApproval(SubmitForApproval {})),
        (&vp, Action::SendBack(SendBack { comment: "MK-SENDBACK".into() })),
        (&planner, Action::SubmitForApproval(SubmitForApproval {})),
    ]);
    // Both start within a month: late by R2 (the holiday promotion) or by its type's
    // schedule (the new product launch), so the VP accepts the late start first.
    steps.push((&vp, Action::OverrideLate(OverrideLate { reason: "MK-OVERRIDE".into() })));
    let approve_at = steps.len() + 1;
    steps.extend([
        (&vp, Action::Approve(Approve {})),
        (
            &other_manager,
            Action::ConfirmPlan(ConfirmPlan { store: other, plan: store_plan("MK-OTHER-POLICY", "MK-OTHER-MATERIAL") }),
        ),
        (&manager, Action::ConfirmPlan(ConfirmPlan { store: own, plan: store_plan("本店九折", "海报") })),
        (&vp, Action::ApproveOverrun(ApproveOverrun { ceiling: Fen(2_468_024), reason: "MK-OVERRUN".into() })),
        (
            &purchasing,
            Action::RecordOrder(RecordOrder {
                supplier: "MK-SUPPLIER 印务".into(),
                supplier_kind: SupplierKind::Printing,
                lines: vec![OrderLine {
                    item: "海报".into(),
                    spec: String::new(),
                    quantity: 1,
                    unit_price: Fen(1_357_913),
                }],
                stores: vec![own],
                budget_line: String::new(),
                ordered_on: today,
                expected_on: None,
            }),
        ),
        (
            &purchasing,
            Action::RecordInvoice(RecordInvoice {
                supplier: "MK-SUPPLIER 印务".into(),
                invoice_no: "MK-INVOICE-NO".into(),
                amount: Fen(1_357_913),
                issued_on: today,
                order: Some(1),
                scan: None,
                reason: String::new(),
            }),
        ),
        (
            &purchasing,
            Action::RecordShipment(RecordShipment {
                store: other,
                items: vec![ShippedItem { item: "海报".into(), quantity: 2 }],
                shipped_on: today,
                tracking: "MK-OTHER-TRACKING".into(),
            }),
        ),
        (
            &purchasing,
            Action::RecordShipment(RecordShipment {
                store: own,
                items: vec![ShippedItem { item: "海报".into(), quantity: 2 }],
                shipped_on: today,
                tracking: "SF-OURS".into(),
            }),
        ),
        (
            &other_manager,
            Action::ConfirmReceipt(ConfirmReceipt {
                store: other,
                lines: vec![receipt("MK-OTHER-RECEIPT")],
                photos: vec![other_photo],
            }),
        ),
        (&manager, Action::ConfirmReceipt(ConfirmReceipt { store: own, lines: vec![receipt("")], photos: vec![] })),
        (
            &other_manager,
            Action::RequestHelp(RequestHelp {
                store: other,
                kind: HelpKind::Photography,
                note: "MK-OTHER-HELP".into(),
            }),
        ),
        (
            &brand,
            Action::AssignHelp(AssignHelp {
                request: 1,
                person: PersonId(world.planner_person),
                person_name: "赵刚".into(),
            }),
        ),
        (&other_manager, Action::ReportSales(ReportSales { store: other, amount: Fen(987_654_321) })),
        (&manager, Action::ReportSales(ReportSales { store: own, amount: Fen(12_345) })),
        (&planner, Action::FinishExecution(FinishExecution {})),
        (&planner, Action::SubmitSummary(SubmitSummary { notes: "MK-SUMMARY".into(), photos: vec![final_design] })),
        (&other_manager, Action::Rate(Rate { store: other, satisfied: false, comment: "MK-OTHER-RATING".into() })),
        (&manager, Action::Rate(Rate { store: own, satisfied: true, comment: "很好".into() })),
    ]);
    files.final_passed_after = Some(approve_at);
    for (n, (session, action)) in steps.iter().enumerate() {
        if matches!(action.kind(), ActionKind::ReportSales | ActionKind::FinishExecution) {
            app.let_event_end(&planner, id).await?;
        }
        session.perform_ok(id, action).await.map_err(|e| anyhow::anyhow!("step {}: {e}", n + 1))?;
        files.steps_done = n + 1;
        approved = approved || n + 1 >= approve_at;
        sweep.check(&format!("step {} ({:?})", n + 1, action.kind()), approved, &files).await?;
    }

    // The end: the store reads its own part whole, and the approved plan.
    let detail = manager.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
    assert_eq!(detail.campaign.stage, Stage::Closed);
    assert_eq!(detail.campaign.stores, vec![own]);
    assert_eq!(detail.campaign.plan_versions.len(), 1);
    assert_eq!(detail.campaign.plan_versions[0].document.theme, APPROVED_THEME);
    assert_eq!((detail.campaign.confirmations.len(), detail.campaign.ratings.len()), (1, 1));
    assert_eq!(detail.campaign.sales.iter().map(|s| s.amount).collect::<Vec<_>>(), vec![Fen(12_345)]);
    let handler = detail.handler.ok_or_else(|| anyhow::anyhow!("no handler"))?;
    assert_eq!((handler.name.as_str(), handler.contact.as_str()), ("planning 测试", "0451-PLANNER-OK"));
    // The history holds the store's own steps and the stage moves, nothing else.
    assert!(detail.campaign.history.iter().all(|e| e.store == Some(own) || e.note.is_empty()));
    assert!(detail.campaign.history.iter().any(|e| e.to == Stage::StoreConfirmation));
    // The center sees everything, the other store included.
    let full = planner.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
    assert_eq!(full.campaign.stores, vec![own, other]);
    assert_eq!(full.campaign.ratings.len(), 2);
    assert!(full.campaign.history.len() > detail.campaign.history.len() + 20);
    // The org: the own store sees its planner (and itself), not the other store's planner.
    let org = manager.ok::<GetOrg>(&[], &(), &()).await?;
    let names: Vec<&str> = org.people.iter().map(|p: &Record<Person>| p.value.name.as_str()).collect();
    assert!(names.contains(&"planning 测试") && !names.contains(&"外店策划"), "{names:?}");
    let stores: Vec<Record<Store>> = manager.ok::<ListStores>(&[], &StoreQuery::default(), &()).await?;
    assert_eq!(stores.iter().map(|s| s.value.id).collect::<Vec<_>>(), vec![own]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_sees_nothing_of_the_other_store_or_the_centers_drafts_in_a_holiday_promotion() -> anyhow::Result<()> {
    store_walk(CampaignType::HolidayPromotion).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_sees_nothing_of_the_other_store_or_the_centers_drafts_in_a_new_product_launch() -> anyhow::Result<()> {
    store_walk(CampaignType::NewProductLaunch).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_store_campaign_is_invisible_to_other_stores_and_a_store_cannot_file_a_request_it_would_not_see()
-> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let other = world.session(&app, Who::OtherStoreManager).await?;
    let form = NewCampaign {
        title: "周年店庆".into(),
        stores: vec![StoreId(world.own_store)],
        starts_on: "2026-04-01".into(),
        ends_on: "2026-04-03".into(),
        ..NewCampaign::empty(CampaignType::StoreSpecific)
    };
    let id = manager.ok::<CreateCampaign>(&[], &(), &form).await?.campaign.id.0;
    let refused = other.refused::<GetCampaign>(&[&id.to_string()], &(), &()).await?;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let list = other.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    assert!(list.items.is_empty());
    let csv = other.download::<ExportCampaignsCsv>(&[], &CampaignQuery::default()).await??;
    let csv = String::from_utf8(csv)?;
    assert!(!csv.contains("周年店庆"), "{csv}");

    // A video job naming no store would vanish from its own requester's view: refused.
    let video = |stores: Vec<StoreId>| NewCampaign {
        title: "门店短片".into(),
        stores,
        due_on: "2026-04-30".into(),
        ..NewCampaign::empty(CampaignType::VideoProduction)
    };
    let refused = manager.refused::<CreateCampaign>(&[], &(), &video(vec![])).await?;
    assert_eq!((refused.status, refused.error.code), (StatusCode::UNPROCESSABLE_ENTITY, RuleCode::R5OwnStoreRequired));
    assert_eq!(refused.error.fields.first().map(|f| f.field.as_str()), Some("stores"));
    assert!(refused.error.message_zh.contains("本门店"), "{refused}");
    // Naming another store is the other store's business: refused as before.
    let refused = manager.refused::<CreateCampaign>(&[], &(), &video(vec![StoreId(world.other_store)])).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    manager.ok::<CreateCampaign>(&[], &(), &video(vec![StoreId(world.own_store)])).await?;
    let list = manager.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
    assert_eq!(list.items.len(), 2, "both requests are in the requester's own list");
    Ok(())
}
