//! The workflow as data: a full transition table (every campaign type × stage × action ×
//! role, allowed or the exact violation), property tests over random action sequences,
//! and the intake rules.

use chrono::NaiveDate;
use proptest::prelude::*;
use shared::campaign::{
    Approval, Campaign, CampaignType, GiftItem, HelpKind, Lateness, MaterialItem, Needs, ReceiptLine, Shipment,
    ShippedItem, Stage, StoreConfirmation, StorePlan, TaskStatus,
};
use shared::ids::{AttachmentId, CampaignId, PersonId, StoreId, UserId};
use shared::intake::{NewCampaign, create_campaign};
use shared::money::Fen;
use shared::org::{Actor, Coverage, Role};
use shared::plan::{BudgetLine, PlanDocument, PlanVersion};
use shared::workflow::{Action, ActionKind, Context, apply, stages_of};
use shared::workflow::{
    Approve, ApproveOverrun, AssignHelp, Cancel, CancelOrder, Comment, CommentProof, CompleteNeeds, CompleteProduction,
    ConfirmPlan, ConfirmReceipt, DecideProof, FinishExecution, OverrideLate, Rate, RecordBrainstorm, RecordInvoice,
    RecordNeeds, RecordOrder, RecordShipment, ReportSales, RequestChanges, RequestHelp, SavePlan, SendBack,
    SendReminder, StartNeeds, SubmitDraft, SubmitForApproval, SubmitSummary, UpdateTask, UploadProof,
};
use shared::{Calendar, RuleCode};

const OWN_STORE: StoreId = StoreId(1);
const OTHER_STORE: StoreId = StoreId(2);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default()
}

/// The day after the test campaigns' event (1–5 May 2026) ended.
fn event_over() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 6).unwrap_or_default()
}

fn actor(role: Role, store: Option<StoreId>) -> Actor {
    let n = Role::ALL.iter().position(|r| *r == role).unwrap_or(0) as u64 + 10;
    let n = if store == Some(OTHER_STORE) { n + 100 } else { n };
    Actor { user: UserId(n), person: PersonId(n), name: format!("{role:?}"), role, store }
}

/// One actor per role, store managers for the campaign's store, plus a store manager of
/// another store (the last entry).
fn actors() -> Vec<(String, Actor)> {
    let mut all: Vec<_> = Role::ALL
        .into_iter()
        .map(|role| {
            let store = (role == Role::StoreManager).then_some(OWN_STORE);
            (format!("{role:?}"), actor(role, store))
        })
        .collect();
    all.push(("ForeignStoreManager".into(), actor(Role::StoreManager, Some(OTHER_STORE))));
    all
}

fn complete_plan() -> PlanDocument {
    PlanDocument {
        theme: "金秋钻石节".into(),
        strategy: "满额赠礼".into(),
        implementation: "分三周推进".into(),
        forecast: "销售额提升两成".into(),
        budget: vec![BudgetLine { item: "物料".into(), amount: Fen(500_000) }],
        forecast_sales: None,
    }
}

fn store_plan() -> StorePlan {
    StorePlan {
        starts_on: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or_default(),
        ends_on: NaiveDate::from_ymd_opt(2026, 5, 5).unwrap_or_default(),
        policy: "满 5000 减 300".into(),
        materials: vec![MaterialItem { item: "X展架".into(), size: "80×180cm".into(), quantity: 2 }],
        gifts: vec![GiftItem { item: "首饰盒".into(), quantity: 50 }],
        ship_on: NaiveDate::from_ymd_opt(2026, 4, 20).unwrap_or_default(),
    }
}

/// A campaign of `kind` sitting at `stage` with everything earlier stages leave behind,
/// so that every action owned by the stage can be taken. Holiday promotions are late
/// (R2) with no override yet.
fn campaign_at(kind: CampaignType, stage: Stage) -> Campaign {
    let stores = if kind == CampaignType::AnnualPlan { vec![] } else { vec![OWN_STORE] };
    let ctx = Context {
        today: today(),
        now_unix_ms: 0,
        calendar: &Calendar::china_official(),
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let planner = actor(Role::Planning, None);
    let form = NewCampaign {
        kind,
        title: "测试活动".into(),
        stores: stores.clone(),
        starts_on: "2026-05-01".into(),
        ends_on: "2026-05-05".into(),
        due_on: "2026-03-16".into(),
        plan_year: Some(2027),
        needs: Needs::default(),
    };
    let creator = match kind {
        CampaignType::StoreOpening => actor(Role::Market, None),
        CampaignType::VideoProduction => actor(Role::StoreManager, Some(OWN_STORE)),
        _ => planner.clone(),
    };
    let mut c = create_campaign(CampaignId(1), &form, &creator, &ctx, &Coverage::default(), &|_| true)
        .unwrap_or_else(|v| unreachable!("fixture: {v:?}"));
    if kind == CampaignType::HolidayPromotion {
        c.lateness = Some(Lateness::HolidayPreparation { days_before_start: 40 });
    }
    let order = stages_of(kind, !stores.is_empty());
    let reached = |s: Stage| order.contains(&s) && s <= stage;
    if stage >= Stage::DraftPlan {
        c.plan_versions.push(PlanVersion {
            number: 1,
            document: complete_plan(),
            author: planner.person,
            author_name: "planner".into(),
            created_on: today(),
            note: String::new(),
        });
    }
    if stage >= Stage::Revisions
        && !stage.is_terminal()
        && matches!(
            kind,
            CampaignType::HolidayPromotion
                | CampaignType::StoreOpening
                | CampaignType::StoreSpecific
                | CampaignType::NewProductLaunch
        )
    {
        c.tasks = [Role::Design, Role::Video, Role::Merchandise, Role::Purchasing]
            .into_iter()
            .map(|department| shared::campaign::DeptTask { department, status: TaskStatus::Open, note: String::new() })
            .collect();
    }
    let after_approval = stage > Stage::Approval && !stage.is_terminal();
    if after_approval {
        c.approval = Some(Approval { by: PersonId(1), by_name: "张岱".into(), on: today(), plan_version: 1 });
    }
    if after_approval && stage > Stage::StoreConfirmation && reached(Stage::StoreConfirmation) {
        c.confirmations = stores
            .iter()
            .map(|s| StoreConfirmation { store: *s, plan: store_plan(), by: PersonId(11), on: today() })
            .collect();
    }
    if stage >= Stage::Shipping && !stage.is_terminal() && order.contains(&Stage::Shipping) {
        c.shipments = stores
            .iter()
            .map(|s| Shipment {
                number: 1,
                store: *s,
                items: vec![ShippedItem { item: "X展架".into(), quantity: 2 }],
                shipped_on: today(),
                tracking: "SF123".into(),
                by: PersonId(19),
            })
            .collect();
    }
    c.stage = stage;
    c
}

/// A valid input for each action, about the store manager's own store.
fn sample(kind: ActionKind) -> Action {
    let text = || "说明".to_owned();
    match kind {
        ActionKind::Create => Action::SendReminder(SendReminder { note: text() }),
        ActionKind::StartNeeds => Action::StartNeeds(StartNeeds {}),
        ActionKind::RecordNeeds => {
            Action::RecordNeeds(RecordNeeds { needs: Needs { wishes: text(), policy: text(), budget_hint: text() } })
        }
        ActionKind::CompleteNeeds => Action::CompleteNeeds(CompleteNeeds {}),
        ActionKind::RecordBrainstorm => Action::RecordBrainstorm(RecordBrainstorm {
            brainstorm: shared::campaign::Brainstorm { notes: text(), attendees: vec!["曹雪".into()] },
        }),
        ActionKind::SavePlan => Action::SavePlan(SavePlan { plan: complete_plan(), note: text() }),
        ActionKind::SubmitDraft => Action::SubmitDraft(SubmitDraft {}),
        ActionKind::Comment => Action::Comment(Comment { text: text() }),
        ActionKind::SubmitForApproval => Action::SubmitForApproval(SubmitForApproval {}),
        ActionKind::Approve => Action::Approve(Approve {}),
        ActionKind::SendBack => Action::SendBack(SendBack { comment: text() }),
        ActionKind::OverrideLate => Action::OverrideLate(OverrideLate { reason: text() }),
        ActionKind::UpdateTask => {
            Action::UpdateTask(UpdateTask { department: Role::Design, status: TaskStatus::Done, note: text() })
        }
        ActionKind::UploadProof => Action::UploadProof(UploadProof { files: vec![AttachmentId(7)] }),
        ActionKind::CommentProof => Action::CommentProof(CommentProof { round: 1, text: text(), pin: None }),
        ActionKind::DecideProof => Action::DecideProof(DecideProof { round: 1, passed: true }),
        ActionKind::ConfirmPlan => Action::ConfirmPlan(ConfirmPlan { store: OWN_STORE, plan: store_plan() }),
        ActionKind::RequestChanges => Action::RequestChanges(RequestChanges { store: OWN_STORE, comment: text() }),
        ActionKind::CompleteProduction => Action::CompleteProduction(CompleteProduction { note: text() }),
        ActionKind::RecordShipment => Action::RecordShipment(RecordShipment {
            store: OWN_STORE,
            items: vec![ShippedItem { item: "首饰盒".into(), quantity: 50 }],
            shipped_on: today(),
            tracking: "SF456".into(),
        }),
        ActionKind::ConfirmReceipt => Action::ConfirmReceipt(ConfirmReceipt {
            store: OWN_STORE,
            lines: vec![ReceiptLine {
                item: "X展架".into(),
                expected: 2,
                received: 2,
                damaged: 0,
                note: String::new(),
            }],
            photos: vec![],
        }),
        ActionKind::RequestHelp => {
            Action::RequestHelp(RequestHelp { store: OWN_STORE, kind: HelpKind::Photography, note: text() })
        }
        ActionKind::AssignHelp => {
            Action::AssignHelp(AssignHelp { request: 1, person: PersonId(30), person_name: "李明".into() })
        }
        ActionKind::ReportSales => Action::ReportSales(ReportSales { store: OWN_STORE, amount: Fen(12_345_600) }),
        ActionKind::FinishExecution => Action::FinishExecution(FinishExecution {}),
        ActionKind::SubmitSummary => Action::SubmitSummary(SubmitSummary { notes: text(), photos: vec![] }),
        ActionKind::Rate => Action::Rate(Rate { store: OWN_STORE, satisfied: true, comment: text() }),
        ActionKind::SendReminder => Action::SendReminder(SendReminder { note: text() }),
        ActionKind::Cancel => Action::Cancel(Cancel { reason: text() }),
        ActionKind::RecordOrder => Action::RecordOrder(RecordOrder {
            supplier: "华印印务".into(),
            supplier_kind: shared::costs::SupplierKind::Printing,
            lines: vec![shared::costs::OrderLine {
                item: "X展架".into(),
                spec: "80×180".into(),
                quantity: 2,
                unit_price: Fen(5_000),
            }],
            stores: vec![OWN_STORE],
            budget_line: String::new(),
            ordered_on: today(),
            expected_on: None,
        }),
        ActionKind::CancelOrder => Action::CancelOrder(CancelOrder { order: 1, reason: text() }),
        ActionKind::RecordInvoice => Action::RecordInvoice(RecordInvoice {
            supplier: "华印印务".into(),
            invoice_no: "No.00012345".into(),
            amount: Fen(10_000),
            issued_on: today(),
            order: None,
            scan: None,
            reason: String::new(),
        }),
        ActionKind::ApproveOverrun => {
            // Twice the 5,000 yuan budget: within the three times a VP may approve.
            Action::ApproveOverrun(ApproveOverrun { ceiling: Fen(1_000_000), reason: text() })
        }
    }
}

/// The specification, as data. Columns: action | stages where it may be taken | roles
/// that own it (`video:` lists the roles for video jobs when they differ) | where the
/// campaign goes (`=` stays, `>` next stage of its type, or a stage).
const TABLE: &str = "
StartNeeds        | Intake                                        | Planning              video: Planning Video                         | >
RecordNeeds       | Intake Needs                                  | StoreManager ServiceCenter Planning  video: StoreManager ServiceCenter Planning Video | =
CompleteNeeds     | Needs                                         | Planning              video: Planning Video                         | >
RecordBrainstorm  | Brainstorm                                    | Planning                                                            | >
SavePlan          | DraftPlan Revisions                           | Planning              video: Planning Video                         | =
SubmitDraft       | DraftPlan                                     | Planning              video: Planning Video                         | Revisions
Comment           | DraftPlan Revisions Approval                  | Planning Design Video Brand Merchandise Purchasing Vp               | =
SubmitForApproval | Revisions                                     | Planning              video: Planning Video                         | Approval
Approve           | Approval                                      | Vp                                                                  | >
SendBack          | Approval                                      | Vp                                                                  | Revisions
OverrideLate      | Intake Needs Brainstorm DraftPlan Revisions Approval | Vp                                                           | =
UpdateTask        | Revisions Approval StoreConfirmation Production Shipping Execution | Design Video Merchandise Purchasing    | =
UploadProof       | DraftPlan Revisions Approval                  | Design                                                              | =
CommentProof      | DraftPlan Revisions Approval                  | Planning Design Video Brand Merchandise Purchasing Vp               | =
DecideProof       | DraftPlan Revisions Approval                  | Planning Vp                                                         | =
ConfirmPlan       | StoreConfirmation                             | StoreManager                                                        | >
RequestChanges    | StoreConfirmation                             | StoreManager                                                        | Revisions
CompleteProduction| Production                                    | Video                                                               | >
RecordShipment    | Production Shipping                           | Purchasing                                                          | Shipping
ConfirmReceipt    | Shipping                                      | StoreManager                                                        | >
RequestHelp       | Shipping Execution                            | StoreManager                                                        | =
AssignHelp        | Shipping Execution                            | Brand                                                               | =
ReportSales       | Execution Summary Rating                      | StoreManager                                                        | =
FinishExecution   | Execution                                     | Planning                                                            | >
SubmitSummary     | Summary                                       | Planning              video: Planning Video                         | >
Rate              | Rating                                        | StoreManager                                                        | Closed
SendReminder      | Intake Needs Brainstorm DraftPlan Revisions Approval StoreConfirmation Production Shipping Execution Summary Rating | StoreManager ServiceCenter Market Planning Design Video Brand Merchandise Purchasing Vp | =
Cancel            | Intake Needs Brainstorm DraftPlan Revisions Approval StoreConfirmation Production Shipping | Planning Vp           | Cancelled
RecordOrder       | StoreConfirmation Production Shipping Execution Summary Rating | Purchasing                                 | =
CancelOrder       | StoreConfirmation Production Shipping Execution Summary Rating | Purchasing                                 | =
RecordInvoice     | StoreConfirmation Production Shipping Execution Summary Rating | Purchasing                                 | =
ApproveOverrun    | StoreConfirmation Production Shipping Execution Summary Rating | Vp                                         | =
";

/// Where the fixture's state makes an otherwise allowed action fail, and how.
/// Columns: campaign type (`*` for all) | action | code.
const EXCEPTIONS: &str = "
HolidayPromotion | Approve       | R2_HOLIDAY_PREPARATION
StoreOpening     | OverrideLate  | NOT_READY
StoreSpecific    | OverrideLate  | NOT_READY
NewProductLaunch | OverrideLate  | NOT_READY
VideoProduction  | OverrideLate  | NOT_READY
AnnualPlan       | OverrideLate  | NOT_READY
*                | CommentProof  | NOT_READY
*                | DecideProof   | NOT_READY
VideoProduction  | UpdateTask    | NOT_READY
AnnualPlan       | UpdateTask    | NOT_READY
*                | AssignHelp    | NOT_FOUND
HolidayPromotion | CompleteProduction | WRONG_STAGE
StoreOpening     | CompleteProduction | WRONG_STAGE
StoreSpecific    | CompleteProduction | WRONG_STAGE
NewProductLaunch | CompleteProduction | WRONG_STAGE
VideoProduction  | RecordShipment     | WRONG_STAGE
*                | CancelOrder        | NOT_FOUND
";

struct Row {
    action: ActionKind,
    stages: Vec<Stage>,
    roles: Vec<Role>,
    video_roles: Option<Vec<Role>>,
    to: String,
}

fn parse_debug<T: std::fmt::Debug + Copy>(all: &[T], name: &str) -> T {
    *all.iter().find(|x| format!("{x:?}") == name).unwrap_or_else(|| unreachable!("unknown name {name}"))
}

fn table() -> Vec<Row> {
    TABLE
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('|').map(str::trim).collect();
            let (roles, video_roles) = match cols[2].split_once("video:") {
                Some((r, v)) => (r, Some(v)),
                None => (cols[2], None),
            };
            let roles_of = |text: &str| text.split_whitespace().map(|r| parse_debug(&Role::ALL, r)).collect();
            Row {
                action: parse_debug(&ActionKind::ALL, cols[0]),
                stages: cols[1].split_whitespace().map(|s| parse_debug(&Stage::ALL, s)).collect(),
                roles: roles_of(roles),
                video_roles: video_roles.map(roles_of),
                to: cols[3].to_owned(),
            }
        })
        .collect()
}

fn exception(kind: CampaignType, action: ActionKind) -> Option<String> {
    EXCEPTIONS.lines().filter(|l| !l.trim().is_empty()).find_map(|line| {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let type_matches = cols[0] == "*" || cols[0] == format!("{kind:?}");
        (type_matches && cols[1] == format!("{action:?}")).then(|| cols[2].to_owned())
    })
}

fn expected(kind: CampaignType, stage: Stage, row: &Row, who: &str, role: Role) -> Result<Stage, String> {
    let stores = kind != CampaignType::AnnualPlan;
    let order = stages_of(kind, stores);
    if stage.is_terminal() {
        return Err("CAMPAIGN_ENDED".into());
    }
    // An annual plan covers the region, not a store: every store manager is foreign.
    if who == "ForeignStoreManager" || (role == Role::StoreManager && !stores) {
        return Err("R5_STORE_SCOPE".into());
    }
    let roles = match (&row.video_roles, kind) {
        (Some(video), CampaignType::VideoProduction) => video,
        _ => &row.roles,
    };
    if !roles.contains(&role) {
        return Err("R6_ROLE_NOT_ALLOWED".into());
    }
    if !row.stages.contains(&stage) || !order.contains(&stage) {
        return Err("WRONG_STAGE".into());
    }
    if let Some(code) = exception(kind, row.action) {
        return Err(code);
    }
    // 催办 with no one else to remind: the brainstorm is the planner's own stage alone.
    if row.action == ActionKind::SendReminder && role == Role::Planning && stage == Stage::Brainstorm {
        return Err("NOT_READY".into());
    }
    let next = || {
        let i = order.iter().position(|s| *s == stage).unwrap_or(0);
        order.get(i + 1).copied().unwrap_or(Stage::Closed)
    };
    Ok(match row.to.as_str() {
        "=" => stage,
        ">" => next(),
        name => parse_debug(&Stage::ALL, name),
    })
}

#[test]
fn the_transition_table_holds_for_every_type_stage_action_and_role() {
    let calendar = Calendar::china_official();
    let templates = shared::schedule::Templates::defaults();
    let ctx = Context {
        today: today(),
        now_unix_ms: 1,
        calendar: &calendar,
        templates: &templates,
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    // From execution on, the event is over (it ran 1–5 May): finishing and reporting may
    // happen. Finishing before it ends is refused (see the test below).
    let after_event = Context { today: event_over(), ..ctx };
    let rows = table();
    assert_eq!(rows.len(), ActionKind::ALL.len(), "every action has a row");
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for kind in CampaignType::ALL {
        for stage in Stage::ALL {
            let campaign = campaign_at(kind, stage);
            for row in &rows {
                for (who, actor) in actors() {
                    let want = expected(kind, stage, row, &who, actor.role);
                    let ctx = if stage >= Stage::Execution { &after_event } else { &ctx };
                    let got = apply(&campaign, sample(row.action), &actor, ctx)
                        .map(|t| t.to)
                        .map_err(|v| v.code().map(|c| c.as_str().to_owned()).unwrap_or_default());
                    if got != want {
                        mismatches
                            .push(format!("{kind:?} {stage:?} {:?} {who}: want {want:?}, got {got:?}", row.action));
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 6 * 14 * 32 * 12);
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn a_late_holiday_promotion_is_approved_only_after_the_vp_overrides_it_with_a_reason() {
    let calendar = Calendar::china_official();
    let ctx = Context {
        today: today(),
        now_unix_ms: 1,
        calendar: &calendar,
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let vp = actor(Role::Vp, None);
    let campaign = campaign_at(CampaignType::HolidayPromotion, Stage::Approval);
    let refused = apply(&campaign, Action::OverrideLate(OverrideLate { reason: " ".into() }), &vp, &ctx);
    assert_eq!(refused.err().and_then(|v| v.code()), Some(RuleCode::Required));
    let overridden = apply(&campaign, Action::OverrideLate(OverrideLate { reason: "总部临时决定".into() }), &vp, &ctx)
        .unwrap_or_else(|v| unreachable!("{v:?}"));
    let approved =
        apply(&overridden.campaign, Action::Approve(Approve {}), &vp, &ctx).unwrap_or_else(|v| unreachable!("{v:?}"));
    assert_eq!(approved.to, Stage::StoreConfirmation);
    assert_eq!(approved.campaign.history.len(), campaign.history.len() + 2);
}

#[test]
fn a_plan_missing_a_section_cannot_be_sent_for_approval() {
    let calendar = Calendar::china_official();
    let ctx = Context {
        today: today(),
        now_unix_ms: 1,
        calendar: &calendar,
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let planner = actor(Role::Planning, None);
    let mut campaign = campaign_at(CampaignType::StoreOpening, Stage::Revisions);
    let mut plan = complete_plan();
    plan.forecast.clear();
    campaign = apply(&campaign, Action::SavePlan(SavePlan { plan, note: String::new() }), &planner, &ctx)
        .unwrap_or_else(|v| unreachable!("{v:?}"))
        .campaign;
    let refused = apply(&campaign, Action::SubmitForApproval(SubmitForApproval {}), &planner, &ctx).err();
    let errors = refused.map(|v| v.errors).unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].field.as_str(), errors[0].code), ("plan.forecast", RuleCode::R4PlanIncomplete));
}

#[test]
fn a_store_asking_for_changes_sends_the_plan_back_and_voids_the_approval() {
    let calendar = Calendar::china_official();
    let ctx = Context {
        today: today(),
        now_unix_ms: 1,
        calendar: &calendar,
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let manager = actor(Role::StoreManager, Some(OWN_STORE));
    let campaign = campaign_at(CampaignType::StoreSpecific, Stage::StoreConfirmation);
    let changed = apply(
        &campaign,
        Action::RequestChanges(RequestChanges { store: OWN_STORE, comment: "赠品换成手链".into() }),
        &manager,
        &ctx,
    )
    .unwrap_or_else(|v| unreachable!("{v:?}"));
    assert_eq!(changed.to, Stage::Revisions);
    assert!(changed.campaign.approval.is_none(), "R4: the changed plan must be approved again");
}

#[test]
fn intake_applies_r1_r5_and_r6() {
    let calendar = Calendar::china_official();
    let ctx = Context {
        today: today(),
        now_unix_ms: 1,
        calendar: &calendar,
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let mut form = NewCampaign::empty(CampaignType::VideoProduction);
    form.title = "门店宣传片".into();
    form.stores = vec![OWN_STORE];
    form.due_on = "2026-03-13".into();
    let manager = actor(Role::StoreManager, Some(OWN_STORE));
    let create = |form: &NewCampaign, who: &Actor| {
        create_campaign(CampaignId(5), form, who, &ctx, &Coverage::default(), &|_| true)
            .map(|c| c.stage)
            .map_err(|v| v.code())
    };
    assert_eq!(create(&form, &manager), Err(Some(RuleCode::R1VideoLeadTime)));
    form.due_on = "2026-03-16".into();
    assert_eq!(create(&form, &manager), Ok(Stage::Intake));
    let foreign = actor(Role::StoreManager, Some(OTHER_STORE));
    assert_eq!(create(&form, &foreign), Err(Some(RuleCode::R5StoreScope)));
    let mut holiday = NewCampaign::empty(CampaignType::HolidayPromotion);
    holiday.title = "国庆促销".into();
    holiday.stores = vec![OWN_STORE];
    holiday.starts_on = "2026-10-01".into();
    holiday.ends_on = "2026-10-07".into();
    assert_eq!(create(&holiday, &manager), Err(Some(RuleCode::R6RoleNotAllowed)));
}

#[test]
fn a_new_campaign_goes_to_the_planner_covering_its_store() {
    let calendar = Calendar::china_official();
    let ctx = Context {
        today: today(),
        now_unix_ms: 1,
        calendar: &calendar,
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let planner = shared::org::Person {
        id: PersonId(42),
        name: "曹雪".into(),
        contact: String::new(),
        positions: vec![],
        stores_covered: vec![OWN_STORE],
        account: None,
    };
    let coverage = Coverage::from_planners([&planner]);
    let mut form = NewCampaign::empty(CampaignType::StoreSpecific);
    form.title = "周年庆".into();
    form.stores = vec![OWN_STORE];
    form.starts_on = "2026-04-01".into();
    form.ends_on = "2026-04-03".into();
    let created = create_campaign(CampaignId(1), &form, &actor(Role::ServiceCenter, None), &ctx, &coverage, &|_| true)
        .unwrap_or_else(|v| unreachable!("{v:?}"));
    assert_eq!(created.assignee, Some(PersonId(42)));
}

// ---------------------------------------------------------------------------------------
// Properties over random sequences of actions by random actors.

/// One random step: either any action by anyone (`wild`), or one of the actions the
/// gate currently allows, so sequences get deep into the workflow instead of bouncing
/// off the first stage.
fn any_step() -> impl Strategy<Value = (usize, bool)> {
    (0..10_000usize, prop::bool::weighted(0.3))
}

fn allowed_pairs(campaign: &Campaign, everyone: &[(String, Actor)]) -> Vec<(ActionKind, usize)> {
    allowed_pairs_on(campaign, everyone, today())
}

fn allowed_pairs_on(campaign: &Campaign, everyone: &[(String, Actor)], day: NaiveDate) -> Vec<(ActionKind, usize)> {
    let mut pairs = Vec::new();
    for kind in ActionKind::ALL {
        for (i, (_, who)) in everyone.iter().enumerate() {
            let store = kind.is_per_store().then_some(OWN_STORE);
            if shared::workflow::check_gate(campaign, kind, who, store, day).is_ok() {
                pairs.push((kind, i));
            }
        }
    }
    pairs
}

fn run_sequence(kind: CampaignType, steps: &[(usize, bool)]) -> Vec<(Campaign, Result<Campaign, RuleCode>)> {
    let calendar = Calendar::china_official();
    let ctx = Context {
        today: today(),
        now_unix_ms: 1,
        calendar: &calendar,
        templates: &shared::schedule::Templates::defaults(),
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let everyone = actors();
    let mut campaign = campaign_at(kind, Stage::Intake);
    campaign.lateness = None;
    let mut trace = Vec::new();
    for (choice, wild) in steps {
        let allowed = allowed_pairs(&campaign, &everyone);
        let (action, who) = if *wild || allowed.is_empty() {
            (ActionKind::ALL[choice % ActionKind::ALL.len()], (choice / ActionKind::ALL.len()) % everyone.len())
        } else {
            allowed[choice % allowed.len()]
        };
        let result = apply(&campaign, sample(action), &everyone[who].1, &ctx)
            .map(|t| t.campaign)
            .map_err(|v| v.code().unwrap_or(RuleCode::Internal));
        let before = campaign.clone();
        if let Ok(next) = &result {
            campaign = next.clone();
        }
        trace.push((before, result));
    }
    trace
}

#[test]
fn every_campaign_type_can_be_driven_from_intake_to_closed_by_the_owning_roles() {
    let calendar = Calendar::china_official();
    let templates = shared::schedule::Templates::defaults();
    let before_event = Context {
        today: today(),
        now_unix_ms: 1,
        calendar: &calendar,
        templates: &templates,
        tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
    };
    let after_event = Context { today: event_over(), ..before_event };
    let everyone = actors();
    for kind in CampaignType::ALL {
        let mut campaign = campaign_at(kind, Stage::Intake);
        campaign.lateness = None;
        let mut path = vec![campaign.stage];
        for _ in 0..60 {
            if campaign.stage.is_terminal() {
                break;
            }
            // Take the first allowed action that moves the campaign forward; when there is
            // none, the stage needs work first (a plan version before the draft goes out).
            let ctx = if campaign.stage >= Stage::Execution { &after_event } else { &before_event };
            let allowed = allowed_pairs_on(&campaign, &everyone, ctx.today);
            let forward = allowed
                .iter()
                .find_map(|(action, who)| {
                    let t = apply(&campaign, sample(*action), &everyone[*who].1, ctx).ok()?;
                    (t.to > t.from && t.to != Stage::Cancelled).then_some(t.campaign)
                })
                .or_else(|| {
                    let (action, who) = allowed.iter().find(|(a, _)| *a == ActionKind::SavePlan)?;
                    apply(&campaign, sample(*action), &everyone[*who].1, ctx).ok().map(|t| t.campaign)
                });
            campaign = forward.unwrap_or_else(|| unreachable!("{kind:?} is stuck at {:?}", campaign.stage));
            if path.last() != Some(&campaign.stage) {
                path.push(campaign.stage);
            }
        }
        assert_eq!(campaign.stage, Stage::Closed, "{kind:?}: {path:?}");
        assert_eq!(path, stages_of(kind, kind != CampaignType::AnnualPlan).to_vec(), "{kind:?} visits every stage");
    }
}

fn any_kind() -> impl Strategy<Value = CampaignType> {
    prop::sample::select(CampaignType::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_sequences_reach_deep_stages(kind in any_kind(), steps in prop::collection::vec(any_step(), 240..241)) {
        // Guards the two properties below against being vacuous: directed steps get far.
        let deepest = run_sequence(kind, &steps).into_iter().filter_map(|(_, r)| r.ok()).map(|c| c.stage).max();
        prop_assert!(deepest.is_some_and(|s| s >= Stage::Approval), "{:?} only reached {:?}", kind, deepest);
    }

    #[test]
    fn no_sequence_reaches_store_confirmation_without_approval(kind in any_kind(), steps in prop::collection::vec(any_step(), 1..120)) {
        for (_, result) in run_sequence(kind, &steps) {
            if let Ok(after) = result {
                if after.stage >= Stage::StoreConfirmation && !after.stage.is_terminal() && after.stage != Stage::Rating {
                    prop_assert!(after.approval.is_some(), "{:?} at {:?} without approval", kind, after.stage);
                }
                prop_assert!(after.confirmations.is_empty() || after.approval.is_some());
            }
        }
    }

    #[test]
    fn history_only_grows_and_versions_only_rise(kind in any_kind(), steps in prop::collection::vec(any_step(), 1..120)) {
        for (before, result) in run_sequence(kind, &steps) {
            if let Ok(after) = result {
                prop_assert_eq!(after.history.len(), before.history.len() + 1);
                prop_assert_eq!(&after.history[..before.history.len()], &before.history[..]);
                prop_assert_eq!(after.version, before.version + 1);
            }
        }
    }

    #[test]
    fn a_cancelled_or_closed_campaign_accepts_no_action(kind in any_kind(), steps in prop::collection::vec(any_step(), 1..120)) {
        for (before, result) in run_sequence(kind, &steps) {
            if before.stage.is_terminal() {
                prop_assert_eq!(result.err(), Some(RuleCode::CampaignEnded));
            }
        }
    }
}

#[test]
fn execution_cannot_be_finished_nor_sales_reported_before_the_event_has_ended() {
    let calendar = Calendar::china_official();
    let templates = shared::schedule::Templates::defaults();
    let campaign = campaign_at(CampaignType::StoreSpecific, Stage::Execution);
    let planner =
        actors().into_iter().find(|(_, a)| a.role == Role::Planning).map(|(_, a)| a).unwrap_or_else(|| unreachable!());
    let manager = actor(Role::StoreManager, Some(OWN_STORE));
    // The event runs 1–5 May 2026: on the 4th it is still running.
    for (who, action) in [(&planner, ActionKind::FinishExecution), (&manager, ActionKind::ReportSales)] {
        let running = Context {
            today: NaiveDate::from_ymd_opt(2026, 5, 4).unwrap_or_default(),
            now_unix_ms: 1,
            calendar: &calendar,
            templates: &templates,
            tolerance_percent: shared::costs::DEFAULT_TOLERANCE_PERCENT,
        };
        let refused = apply(&campaign, sample(action), who, &running)
            .err()
            .unwrap_or_else(|| unreachable!("{action:?} accepted"));
        assert_eq!(refused.code(), Some(RuleCode::EventNotOver));
        let message = &refused.errors[0];
        assert!(message.message_zh.contains("5月5日") && message.message_en.contains("2026-05-05"), "{message:?}");
        // On its last day, it may.
        let last_day = Context { today: NaiveDate::from_ymd_opt(2026, 5, 5).unwrap_or_default(), ..running };
        assert!(apply(&campaign, sample(action), who, &last_day).is_ok(), "{action:?} on the last day");
    }
}
