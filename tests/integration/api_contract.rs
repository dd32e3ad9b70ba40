//! The typed contract, checked on the wire: every JSON endpoint is called with the typed
//! values the browser sends (built from `shared` types), and every request body and every
//! answer (successes and refusals alike) must match the schema the server's own OpenAPI
//! document gives for it. Every workflow action is sent at least once.

use reqwest::StatusCode;
use serde_json::Value;
use shared::api::{
    ActionRequest, CampaignDetail, CampaignQuery, KpiQuery, NewUser, NotificationQuery, PasswordReset, Record,
    StoreQuery, UserUpdate, WorkingDaysQuery, Write,
};
use shared::calendar::YearCalendar;
use shared::campaign::{
    Brainstorm, CampaignType, HelpKind, MaterialItem, Needs, ReceiptLine, ShippedItem, StorePlan, TaskStatus,
};
use shared::endpoints::*;
use shared::ids::{OrgUnitId, PersonId, PositionId, StoreId};
use shared::intake::NewCampaign;
use shared::money::Fen;
use shared::org::{OrgUnit, OrgUnitKind, Person, Position, Province, Role, Store, StoreStatus};
use shared::plan::{BudgetLine, Pin, PlanDocument};
use shared::workflow::{Action, ActionKind};
use shared::workflow::{
    Approve, AssignHelp, Cancel, Comment, CommentProof, CompleteNeeds, CompleteProduction, ConfirmPlan, ConfirmReceipt,
    DecideProof, FinishExecution, OverrideLate, Rate, RecordBrainstorm, RecordNeeds, RecordShipment, ReportSales,
    RequestChanges, RequestHelp, SavePlan, SendBack, SendReminder, StartNeeds, SubmitDraft, SubmitForApproval,
    SubmitSummary, UpdateTask, UploadProof,
};
use tests::schema::OpenApi as Document;
use tests::{Refused, Session, Who, World, png, spawn_app, test_today};

struct Contract {
    api: Document,
    calls: std::sync::Mutex<Vec<(&'static str, u16)>>,
    actions: std::sync::Mutex<Vec<ActionKind>>,
}

impl Contract {
    /// Calls endpoint `E` with typed input; checks the request and the answer against the
    /// document; returns the typed answer or the refusal.
    async fn call<E: Endpoint>(
        &self,
        session: &Session,
        params: &[&str],
        query: &E::Query,
        body: &E::Request,
    ) -> anyhow::Result<Result<E::Response, Refused>> {
        // A request the document refuses may be sent (that is how refusals are tested),
        // but must not be accepted.
        let mut breaks_schema = None;
        if E::REQUEST == Payload::Json {
            let json = serde_json::to_value(body)?;
            let schema = self
                .api
                .request_schema(E::METHOD.as_str(), E::PATH)
                .ok_or_else(|| anyhow::anyhow!("{}: no request schema", E::NAME))?;
            breaks_schema = self.api.validate(&schema, &json).err().map(|e| format!("request {json}: {e}"));
        }
        let response = session.request::<E>(params, query, body).send().await?;
        let status = response.status();
        let text = response.text().await?;
        anyhow::ensure!(
            self.api.documents_status(E::METHOD.as_str(), E::PATH, status.as_u16()),
            "{}: status {status} is not documented",
            E::NAME
        );
        let json: Value = if text.is_empty() { Value::Null } else { serde_json::from_str(&text)? };
        if let Some(schema) = self.api.response_schema(E::METHOD.as_str(), E::PATH, status.as_u16()) {
            self.api
                .validate(&schema, &json)
                .map_err(|e| anyhow::anyhow!("{} answer {status}: {e} in {text}", E::NAME))?;
        }
        self.calls.lock().unwrap().push((E::NAME, status.as_u16()));
        if status == E::STATUS {
            if let Some(breaks) = breaks_schema {
                anyhow::bail!("{}: accepted a request its schema refuses: {breaks}", E::NAME);
            }
            return Ok(Ok(serde_json::from_value(json)?));
        }
        anyhow::ensure!(!status.is_success(), "{}: answered {status}, not its {}: {text}", E::NAME, E::STATUS);
        Ok(Err(Refused { status, error: serde_json::from_value(json)? }))
    }

    /// As [`Contract::call`], failing unless it succeeds; the typed answer.
    async fn ok<E: Endpoint>(
        &self,
        session: &Session,
        params: &[&str],
        query: &E::Query,
        body: &E::Request,
    ) -> anyhow::Result<E::Response> {
        self.call::<E>(session, params, query, body).await?.map_err(|refused| anyhow::anyhow!("{}: {refused}", E::NAME))
    }

    /// As [`Contract::call`], failing unless it is refused; the status of the refusal.
    async fn refused<E: Endpoint>(
        &self,
        session: &Session,
        params: &[&str],
        query: &E::Query,
        body: &E::Request,
    ) -> anyhow::Result<StatusCode> {
        match self.call::<E>(session, params, query, body).await? {
            Ok(_) => anyhow::bail!("{}: accepted, but it must be refused", E::NAME),
            Err(refused) => Ok(refused.status),
        }
    }

    async fn act(
        &self,
        session: &Session,
        id: u64,
        version: &mut u64,
        action: Action,
    ) -> anyhow::Result<CampaignDetail> {
        let kind = action.kind();
        // Each reader acts on the version it sees: a store's is its own part's, which the
        // center's steps do not move (`shared::view::store_version`).
        let seen = self.ok::<GetCampaign>(session, &[&id.to_string()], &(), &()).await?;
        *version = seen.campaign.version;
        let request = ActionRequest { version: *version, action };
        let detail = self.ok::<ActOnCampaign>(session, &[&id.to_string(), kind.as_str()], &(), &request).await?;
        *version = detail.campaign.version;
        self.actions.lock().unwrap().push(kind);
        Ok(detail)
    }
}

fn day(text: &str) -> chrono::NaiveDate {
    shared::clock::parse_iso_date(text).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_and_answer_matches_the_documented_schemas() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let anonymous = app.anonymous()?;
    let doc = anonymous.ok::<shared::endpoints::OpenApi>(&[], &(), &()).await?;
    let contract = Contract { api: Document::new(doc.0), calls: Default::default(), actions: Default::default() };
    let c = &contract;

    // Sessions and the day.
    let admin = app.anonymous()?;
    let request = shared::api::LoginRequest { login: "admin".into(), password: tests::ADMIN_PASSWORD.into() };
    c.ok::<LogIn>(&admin, &[], &(), &request).await?;
    c.ok::<GetSession>(&admin, &[], &(), &()).await?;
    c.ok::<GetToday>(&anonymous, &[], &(), &()).await?;
    let wrong = shared::api::LoginRequest { login: "admin".into(), password: "wrong".into() };
    assert_eq!(c.refused::<LogIn>(&anonymous, &[], &(), &wrong).await?, StatusCode::UNAUTHORIZED);
    assert_eq!(c.refused::<GetSession>(&anonymous, &[], &(), &()).await?, StatusCode::UNAUTHORIZED);

    // The org, stores and accounts.
    let stores = c
        .ok::<ListStores>(
            &admin,
            &[],
            &StoreQuery { province: Some(Province::Heilongjiang), ..StoreQuery::default() },
            &(),
        )
        .await?;
    assert_eq!(stores.len(), 1);
    let store = Store {
        id: StoreId(0),
        code: "NM-003".into(),
        name: "根河店".into(),
        province: Province::InnerMongolia,
        city: "根河".into(),
        address: "根河大街".into(),
        manager: None,
        opened_on: Some(day("2020-05-01")),
        status: StoreStatus::Preparing,
    };
    let created = c.ok::<CreateStore>(&admin, &[], &(), &Write { version: 0, value: store }).await?;
    let mut edited = created.value.clone();
    edited.status = StoreStatus::Open;
    let id = created.value.id.to_string();
    c.ok::<UpdateStore>(&admin, &[&id], &(), &Write { version: created.version, value: edited.clone() }).await?;
    let status =
        c.refused::<UpdateStore>(&admin, &[&id], &(), &Write { version: created.version, value: edited }).await?;
    assert_eq!(status, StatusCode::CONFLICT, "a stale version is refused");

    // The supplier list and the tolerance, as the administrator keeps them.
    let supplier = shared::costs::Supplier {
        id: shared::ids::SupplierId(0),
        name: "根河彩印".into(),
        kind: shared::costs::SupplierKind::Printing,
        contact: "0470-1234".into(),
        notes: String::new(),
        active: true,
    };
    let created = c.ok::<CreateSupplier>(&admin, &[], &(), &Write { version: 0, value: supplier }).await?;
    let retired = shared::costs::Supplier { active: false, ..created.value.clone() };
    let sid = created.value.id.to_string();
    c.ok::<UpdateSupplier>(&admin, &[&sid], &(), &Write { version: created.version, value: retired }).await?;
    assert_eq!(c.ok::<ListSuppliers>(&admin, &[], &(), &()).await?.len(), 1);
    let settings = c.ok::<GetMoneySettings>(&admin, &[], &(), &()).await?;
    c.ok::<SetMoneySettings>(&admin, &[], &(), &settings).await?;
    let unit = OrgUnit {
        id: OrgUnitId(0),
        kind: OrgUnitKind::Department,
        name: "市场部".into(),
        parent: None,
        goal: "开店".into(),
        responsibilities: vec!["开业通知".into()],
        role: Some(Role::Market),
    };
    let unit = c.ok::<CreateOrgUnit>(&admin, &[], &(), &Write { version: 0, value: unit }).await?;
    let unit_id = unit.value.id.to_string();
    c.ok::<UpdateOrgUnit>(&admin, &[&unit_id], &(), &Write { version: unit.version, value: unit.value.clone() })
        .await?;
    let position = Position {
        id: PositionId(0),
        title: "市场专员".into(),
        unit: unit.value.id,
        reports_to: None,
        duties: vec!["选址".into()],
        authorities: vec![],
        key_indicators: vec!["开店数".into()],
    };
    let position = c.ok::<CreatePosition>(&admin, &[], &(), &Write { version: 0, value: position }).await?;
    let position_id = position.value.id.to_string();
    c.ok::<UpdatePosition>(
        &admin,
        &[&position_id],
        &(),
        &Write { version: position.version, value: position.value.clone() },
    )
    .await?;
    let person = Person {
        id: PersonId(0),
        name: "冯涛".into(),
        contact: "0451-1234".into(),
        positions: vec![position.value.id],
        stores_covered: vec![],
        account: None,
    };
    let person = c.ok::<CreatePerson>(&admin, &[], &(), &Write { version: 0, value: person }).await?;
    let person_id = person.value.id.to_string();
    c.ok::<UpdatePerson>(&admin, &[&person_id], &(), &Write { version: person.version, value: person.value.clone() })
        .await?;
    c.ok::<GetOrg>(&admin, &[], &(), &()).await?;
    let user = NewUser {
        login: "fengtao2".into(),
        password: "long-enough-9".into(),
        role: Role::Market,
        person: Some(person.value.id),
        name: String::new(),
        store: None,
    };
    let user = c.ok::<CreateUser>(&admin, &[], &(), &user).await?;
    let users = c.ok::<ListUsers>(&admin, &[], &(), &()).await?;
    assert!(users.iter().any(|u| u.id == user.id));
    let update =
        UserUpdate { version: user.version, role: Role::Market, store: None, disabled: false, lang: shared::Lang::En };
    c.ok::<UpdateUser>(&admin, &[&user.id.to_string()], &(), &update).await?;
    c.ok::<ResetPassword>(&admin, &[&user.id.to_string()], &(), &PasswordReset { password: "another-one-9".into() })
        .await?;
    let bad = NewUser {
        login: String::new(),
        password: "x".into(),
        role: Role::Vp,
        person: None,
        name: String::new(),
        store: None,
    };
    assert_eq!(c.refused::<CreateUser>(&admin, &[], &(), &bad).await?, StatusCode::UNPROCESSABLE_ENTITY);

    // The calendar.
    let year: YearCalendar = c.ok::<GetCalendarYear>(&admin, &["2026"], &(), &()).await?;
    let mut next = year.clone();
    next.year = 2028;
    next.holidays.retain(|h| h.name == "元旦");
    next.holidays[0].from = day("2028-01-01");
    next.holidays[0].to = day("2028-01-01");
    next.make_up_workdays.clear();
    c.ok::<ImportCalendarYear>(&admin, &["2028"], &(), &next).await?;
    let query = WorkingDaysQuery { from: test_today(), add: Some(10), to: Some(day("2026-04-01")) };
    c.ok::<CountWorkingDays>(&admin, &[], &query, &()).await?;
    let templates = c.ok::<shared::endpoints::GetScheduleTemplates>(&admin, &[], &(), &()).await?;
    let mut opening = templates
        .templates
        .iter()
        .find(|t| t.kind == CampaignType::StoreOpening)
        .map(|t| t.template())
        .ok_or_else(|| anyhow::anyhow!("no store opening template"))?;
    opening.lead_working_days += 1;
    let set = c.ok::<shared::endpoints::SetScheduleTemplate>(&admin, &["store_opening"], &(), &opening).await?;
    assert!(set.templates.iter().any(|t| t.next.as_ref() == Some(&opening)), "saved, for requests from tomorrow");

    // A holiday promotion for two stores through every stage, each action typed.
    let planner = world.session(&app, Who::Planning).await?;
    let vp = world.session(&app, Who::Vp).await?;
    let design = world.session(&app, Who::Design).await?;
    let brand = world.session(&app, Who::Brand).await?;
    let purchasing = world.session(&app, Who::Purchasing).await?;
    let manager = world.session(&app, Who::StoreManager).await?;
    let other = world.session(&app, Who::OtherStoreManager).await?;
    let (own, other_store) = (StoreId(world.own_store), StoreId(world.other_store));
    let form = NewCampaign {
        kind: CampaignType::HolidayPromotion,
        title: "清明踏青".into(),
        stores: vec![own, other_store],
        starts_on: "2026-04-01".into(),
        ends_on: "2026-04-06".into(),
        due_on: String::new(),
        plan_year: None,
        needs: Needs { wishes: "踏青".into(), policy: String::new(), budget_hint: "两万".into() },
    };
    let created = c.ok::<CreateCampaign>(&planner, &[], &(), &form).await?;
    let id = created.campaign.id.0;
    let mut v = created.campaign.version;
    let mut invalid = form.clone();
    invalid.title = String::new();
    assert_eq!(c.refused::<CreateCampaign>(&planner, &[], &(), &invalid).await?, StatusCode::UNPROCESSABLE_ENTITY);
    let plan = PlanDocument {
        theme: "踏青".into(),
        strategy: "满额赠礼".into(),
        implementation: "六天".into(),
        forecast: "增长两成".into(),
        budget: vec![BudgetLine { item: "物料".into(), amount: Fen(1_000_000) }],
        forecast_sales: None,
    };
    let file = design.upload(png(30, 20, [1, 2, 3]), "proof.png").await?.id;
    c.act(&planner, id, &mut v, Action::StartNeeds(StartNeeds {})).await?;
    c.act(&manager, id, &mut v, Action::RecordNeeds(RecordNeeds { needs: Needs::default() })).await?;
    c.act(&manager, id, &mut v, Action::SendReminder(SendReminder { note: "请尽快".into() })).await?;
    c.act(&planner, id, &mut v, Action::CompleteNeeds(CompleteNeeds {})).await?;
    c.act(
        &planner,
        id,
        &mut v,
        Action::RecordBrainstorm(RecordBrainstorm {
            brainstorm: Brainstorm { notes: "踏青".into(), attendees: vec!["曹雪".into()] },
        }),
    )
    .await?;
    c.act(&planner, id, &mut v, Action::SavePlan(SavePlan { plan: plan.clone(), note: "初稿".into() })).await?;
    c.act(&planner, id, &mut v, Action::Comment(Comment { text: "预算再细".into() })).await?;
    c.act(&planner, id, &mut v, Action::SubmitDraft(SubmitDraft {})).await?;
    c.act(
        &design,
        id,
        &mut v,
        Action::UpdateTask(UpdateTask { department: Role::Design, status: TaskStatus::Done, note: "主视觉".into() }),
    )
    .await?;
    for round in 1..=5 {
        c.act(&design, id, &mut v, Action::UploadProof(UploadProof { files: vec![file] })).await?;
        let pin = Some(Pin { attachment: file, x_permille: 100, y_permille: 900 });
        c.act(&planner, id, &mut v, Action::CommentProof(CommentProof { round, text: "好".into(), pin })).await?;
        c.act(&planner, id, &mut v, Action::DecideProof(DecideProof { round, passed: true })).await?;
    }
    c.act(&planner, id, &mut v, Action::SubmitForApproval(SubmitForApproval {})).await?;
    c.act(&vp, id, &mut v, Action::SendBack(SendBack { comment: "再改".into() })).await?;
    c.act(&planner, id, &mut v, Action::SubmitForApproval(SubmitForApproval {})).await?;
    c.act(&vp, id, &mut v, Action::OverrideLate(OverrideLate { reason: "节日临近".into() })).await?;
    c.act(&vp, id, &mut v, Action::Approve(Approve {})).await?;
    let store_plan = StorePlan {
        starts_on: day("2026-04-01"),
        ends_on: day("2026-04-06"),
        policy: "九折".into(),
        materials: vec![MaterialItem { item: "海报".into(), size: "60×90".into(), quantity: 2 }],
        gifts: vec![shared::campaign::GiftItem { item: "首饰盒".into(), quantity: 10 }],
        ship_on: day("2026-03-20"),
    };
    c.act(&other, id, &mut v, Action::RequestChanges(RequestChanges { store: other_store, comment: "换赠品".into() }))
        .await?;
    c.act(&planner, id, &mut v, Action::SubmitForApproval(SubmitForApproval {})).await?;
    c.act(&vp, id, &mut v, Action::Approve(Approve {})).await?;
    for (session, store) in [(&manager, own), (&other, other_store)] {
        c.act(session, id, &mut v, Action::ConfirmPlan(ConfirmPlan { store, plan: store_plan.clone() })).await?;
    }
    // The money: an overrun, an order, an invoice, a second order cancelled.
    {
        use shared::costs::{OrderLine, SupplierKind};
        use shared::workflow::{ApproveOverrun, CancelOrder, RecordInvoice, RecordOrder};
        c.act(
            &vp,
            id,
            &mut v,
            Action::ApproveOverrun(ApproveOverrun { ceiling: Fen(2_000_000), reason: "加印".into() }),
        )
        .await?;
        let order = RecordOrder {
            supplier: "华印".into(),
            supplier_kind: SupplierKind::Printing,
            lines: vec![OrderLine { item: "海报".into(), spec: "A1".into(), quantity: 4, unit_price: Fen(2_500) }],
            stores: vec![own, other_store],
            budget_line: String::new(),
            ordered_on: test_today(),
            expected_on: Some(day("2026-03-10")),
        };
        c.act(&purchasing, id, &mut v, Action::RecordOrder(order.clone())).await?;
        c.act(&purchasing, id, &mut v, Action::RecordOrder(order)).await?;
        let invoice = RecordInvoice {
            supplier: "华印".into(),
            invoice_no: "No.1".into(),
            amount: Fen(10_000),
            issued_on: test_today(),
            order: Some(1),
            scan: None,
            reason: String::new(),
        };
        c.act(&purchasing, id, &mut v, Action::RecordInvoice(invoice)).await?;
        c.act(&purchasing, id, &mut v, Action::CancelOrder(CancelOrder { order: 2, reason: "重复".into() })).await?;
        let months = shared::api::CostQuery { from: "2026-03".into(), to: "2026-03".into() };
        let report = c.ok::<shared::endpoints::GetCosts>(&vp, &[], &months, &()).await?;
        assert_eq!((report.committed_total, report.spent_total), (Fen(10_000), Fen(10_000)), "{report:?}");
        assert_eq!(c.refused::<shared::endpoints::GetCosts>(&manager, &[], &months, &()).await?, StatusCode::FORBIDDEN);
    }
    for store in [own, other_store] {
        let items = vec![ShippedItem { item: "海报".into(), quantity: 2 }];
        c.act(
            &purchasing,
            id,
            &mut v,
            Action::RecordShipment(RecordShipment { store, items, shipped_on: test_today(), tracking: "SF".into() }),
        )
        .await?;
    }
    let photo = manager.upload(png(10, 10, [4, 5, 6]), "arrived.png").await?.id;
    let line = ReceiptLine { item: "海报".into(), expected: 2, received: 2, damaged: 0, note: String::new() };
    c.act(
        &manager,
        id,
        &mut v,
        Action::ConfirmReceipt(ConfirmReceipt { store: own, lines: vec![line.clone()], photos: vec![photo] }),
    )
    .await?;
    c.act(
        &other,
        id,
        &mut v,
        Action::ConfirmReceipt(ConfirmReceipt { store: other_store, lines: vec![line], photos: vec![] }),
    )
    .await?;
    c.act(
        &manager,
        id,
        &mut v,
        Action::RequestHelp(RequestHelp { store: own, kind: HelpKind::MarketExecution, note: "人手".into() }),
    )
    .await?;
    c.act(
        &brand,
        id,
        &mut v,
        Action::AssignHelp(AssignHelp {
            request: 1,
            person: PersonId(world.planner_person),
            person_name: "赵刚".into(),
        }),
    )
    .await?;
    app.let_event_end(&planner, id).await?;
    c.act(&manager, id, &mut v, Action::ReportSales(ReportSales { store: own, amount: Fen(12_300) })).await?;
    c.act(&planner, id, &mut v, Action::FinishExecution(FinishExecution {})).await?;
    c.act(&planner, id, &mut v, Action::SubmitSummary(SubmitSummary { notes: "达成".into(), photos: vec![file] }))
        .await?;
    c.act(&manager, id, &mut v, Action::Rate(Rate { store: own, satisfied: true, comment: "好".into() })).await?;
    c.act(&other, id, &mut v, Action::Rate(Rate { store: other_store, satisfied: false, comment: "慢".into() }))
        .await?;
    // Refusals are documented answers too: a stale version, a wrong role, an ended campaign.
    let stale = ActionRequest { version: 1, action: Action::SendReminder(SendReminder { note: String::new() }) };
    assert_eq!(
        c.refused::<ActOnCampaign>(&planner, &[&id.to_string(), ActionKind::SendReminder.as_str()], &(), &stale)
            .await?,
        StatusCode::CONFLICT
    );
    // A video job, produced by the video department, and a campaign cancelled.
    let video = NewCampaign {
        kind: CampaignType::VideoProduction,
        title: "门店短片".into(),
        stores: vec![own],
        due_on: "2026-04-30".into(),
        ..NewCampaign::empty(CampaignType::VideoProduction)
    };
    let video = c.ok::<CreateCampaign>(&manager, &[], &(), &video).await?;
    let video_session = world.session(&app, Who::Video).await?;
    let (vid, mut vv) = (video.campaign.id.0, video.campaign.version);
    c.act(&video_session, vid, &mut vv, Action::StartNeeds(StartNeeds {})).await?;
    c.act(&video_session, vid, &mut vv, Action::CompleteNeeds(CompleteNeeds {})).await?;
    c.act(&video_session, vid, &mut vv, Action::SavePlan(SavePlan { plan: plan.clone(), note: String::new() })).await?;
    c.act(&video_session, vid, &mut vv, Action::SubmitDraft(SubmitDraft {})).await?;
    c.act(&video_session, vid, &mut vv, Action::SubmitForApproval(SubmitForApproval {})).await?;
    c.act(&vp, vid, &mut vv, Action::Approve(Approve {})).await?;
    c.act(&video_session, vid, &mut vv, Action::CompleteProduction(CompleteProduction { note: "已交付".into() }))
        .await?;
    let doomed = c
        .ok::<CreateCampaign>(
            &manager,
            &[],
            &(),
            &NewCampaign { title: "作废".into(), ..NewCampaign::empty(CampaignType::StoreSpecific) }
                .with_store_dates(own),
        )
        .await?;
    let (did, mut dv) = (doomed.campaign.id.0, doomed.campaign.version);
    c.act(&planner, did, &mut dv, Action::Cancel(Cancel { reason: "门店撤单".into() })).await?;

    // Reads: lists, one campaign, the KPI.
    let query =
        CampaignQuery { kind: Some(CampaignType::HolidayPromotion), limit: Some(10), ..CampaignQuery::default() };
    c.ok::<ListCampaigns>(&manager, &[], &query, &()).await?;
    c.ok::<ListCampaigns>(&planner, &[], &CampaignQuery::default(), &()).await?;
    c.ok::<GetCampaign>(&manager, &[&id.to_string()], &(), &()).await?;
    assert_eq!(c.refused::<GetCampaign>(&other, &[&did.to_string()], &(), &()).await?, StatusCode::NOT_FOUND);
    let months = KpiQuery { from: "2026-01".into(), to: "2026-03".into() };
    c.ok::<GetKpi>(&vp, &[], &months, &()).await?;
    assert_eq!(c.refused::<GetKpi>(&manager, &[], &months, &()).await?, StatusCode::FORBIDDEN);
    // Notifications (the VP has some by now), robots and their outbox.
    let told = c
        .ok::<ListNotifications>(&vp, &[], &NotificationQuery { limit: Some(10), unread: false, before: None }, &())
        .await?;
    assert!(!told.items.is_empty(), "the VP was told of the approvals");
    c.ok::<MarkNotificationsRead>(&vp, &[], &(), &shared::api::MarkRead { all: true, ..Default::default() }).await?;
    let robot_input = shared::api::WebhookInput {
        name: "企划部群".into(),
        kind: shared::api::RobotKind::DingTalk,
        scope: shared::api::RobotScope::Department { role: Role::Planning },
        url: "http://127.0.0.1:9/robot/send?access_token=t".into(),
        secret: Some("SECcontract".into()),
        enabled: true,
    };
    let robot = c.ok::<CreateWebhook>(&admin, &[], &(), &robot_input).await?;
    assert_eq!(robot.secret_masked, "••••••ct", "the secret never comes back");
    let robot_id = robot.id.to_string();
    c.ok::<UpdateWebhook>(&admin, &[&robot_id], &(), &shared::api::WebhookInput { secret: None, ..robot_input })
        .await?;
    c.ok::<ListWebhooks>(&admin, &[], &(), &()).await?;
    let tested = c.ok::<TestWebhook>(&admin, &[&robot_id], &(), &()).await?;
    assert!(!tested.delivered, "nothing listens on port 9");
    c.ok::<ListDeliveries>(&admin, &[], &shared::api::DeliveryQuery::default(), &()).await?;
    assert_eq!(c.refused::<RetryDelivery>(&admin, &["999999"], &(), &()).await?, StatusCode::NOT_FOUND);
    let written = c.ok::<CreateBackup>(&admin, &[], &(), &()).await?;
    let backups = c.ok::<ListBackups>(&admin, &[], &(), &()).await?;
    assert_eq!(backups.items.first().map(|b| &b.name), Some(&written.name));
    // The change feed and its accounts: every kind of item the run made, as documented.
    let reader = shared::feed::FeedReader { id: 0, name: "总部数据汇总".into(), retired: false };
    let made = c.ok::<CreateFeedReader>(&admin, &[], &(), &Write { version: 0, value: reader }).await?;
    let rid = made.reader.id.to_string();
    let retired = shared::feed::FeedReader { retired: true, ..made.reader.clone() };
    c.ok::<UpdateFeedReader>(&admin, &[&rid], &(), &Write { version: 1, value: retired }).await?;
    assert_eq!(c.ok::<ListFeedReaders>(&admin, &[], &(), &()).await?.len(), 1);
    let feed = shared::feed::ChangesQuery { after: 0, limit: Some(1000) };
    let page = c.ok::<ListChanges>(&admin, &[], &feed, &()).await?;
    for kind in ["campaign", "kpi_month", "store", "org_unit", "position", "person"] {
        assert!(
            page.changes.iter().any(|ch| serde_json::to_value(&ch.item).is_ok_and(|v| v["type"] == kind)),
            "the feed carries no {kind}"
        );
    }
    c.ok::<LogOut>(&admin, &[], &(), &()).await?;

    // Every action was sent, and every JSON endpoint was called.
    let sent = contract.actions.lock().unwrap().clone();
    let missing: Vec<_> = ActionKind::ALL.into_iter().filter(|k| !sent.contains(k)).collect();
    assert!(missing.is_empty(), "actions never sent: {missing:?}");
    let called: Vec<&str> = contract.calls.lock().unwrap().iter().map(|(name, _)| *name).collect();
    let uncalled: Vec<&str> = ENDPOINTS
        .iter()
        .filter(|e| e.status != StatusCode::NO_CONTENT.as_u16() || e.name == LogOut::NAME)
        .map(|e| e.name)
        .filter(|name| !called.contains(name))
        .filter(|name| {
            !matches!(
                *name,
                "Healthz"
                    | "Metrics"
                    | "OpenApi"
                    | "ExportKpiCsv"
                    | "ExportCampaignsCsv"
                    | "ExportKpiXlsx"
                    | "ExportCampaignsXlsx"
                    | "ExportCostsCsv"
                    | "ExportCostsXlsx"
                    | "DownloadBackup"
                    | "ImportCalendarIcs"
                    | "GetThumbnail"
                    | "Upload"
                    | "Download"
                    | "Events"
            )
        })
        .collect();
    assert!(uncalled.is_empty(), "JSON endpoints never called: {uncalled:?}");
    let _ = Record { version: 0, value: () };
    Ok(())
}

trait WithStoreDates {
    fn with_store_dates(self, store: StoreId) -> Self;
}

impl WithStoreDates for NewCampaign {
    fn with_store_dates(self, store: StoreId) -> Self {
        NewCampaign { stores: vec![store], starts_on: "2026-04-10".into(), ends_on: "2026-04-12".into(), ..self }
    }
}

/// `path` with every parameter replaced by `value`.
fn fill(path: &str, value: &str) -> String {
    path.split('/').map(|s| if s.starts_with('{') { value } else { s }).collect::<Vec<_>>().join("/")
}

/// `path` with each parameter of a shape the route takes, naming no record.
fn no_record(path: &str) -> String {
    path.split('/')
        .map(|s| match s {
            "{action}" => "approve",
            "{year}" => "1999",
            "{kind}" => "store_opening",
            "{name}" => "none.cdbk",
            s if s.starts_with('{') => "999999",
            s => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `path?name=value&…`.
fn with_query(path: &str, query: &[(String, String)]) -> String {
    if query.is_empty() {
        return path.to_owned();
    }
    let pairs: Vec<String> = query.iter().map(|(name, value)| format!("{name}={value}")).collect();
    format!("{path}?{}", pairs.join("&"))
}

/// A value a required query parameter of this schema reads as.
fn sample(schema: &Value) -> String {
    let types = schema["type"].to_string();
    if schema["format"] == "date" {
        "2026-03-02".into()
    } else if types.contains("string") {
        "2026-01".into()
    } else {
        "1".into()
    }
}

/// Values of a query parameter that the document says it does not take: one below its
/// `minimum`, one above its `maximum`, and text where it is not free text (a number, a
/// day, a month, an enum, a yes or no).
fn out_of_bounds(schema: &Value) -> Vec<String> {
    let number = |key: &str| schema[key].as_i64().or_else(|| schema[key].as_f64().map(|f| f as i64));
    let mut values = Vec::new();
    if let Some(min) = number("minimum") {
        values.push((min - 1).to_string());
    }
    if let Some(max) = number("maximum") {
        values.push((max + 1).to_string());
    }
    let types = schema["type"].to_string();
    let free_text = types.contains("string")
        && schema.get("format").is_none()
        && schema.get("pattern").is_none()
        && schema.get("enum").is_none();
    if !free_text {
        values.push("x".into());
    }
    values
}

fn http_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
    }
}

fn endpoint(name: &str) -> anyhow::Result<&'static EndpointInfo> {
    ENDPOINTS.iter().find(|e| e.name == name).ok_or_else(|| anyhow::anyhow!("no endpoint {name}"))
}

/// Requests sent to be refused, each answer checked against the document: its status
/// must be one the document lists for the route, and a refusal's body the JSON error the
/// document gives for that status.
struct Probes {
    api: Document,
    seen: Vec<(&'static str, u16)>,
}

impl Probes {
    /// Sends `request` to `endpoint`; the status and the body as text.
    async fn send(
        &mut self,
        endpoint: &EndpointInfo,
        what: &str,
        request: reqwest::RequestBuilder,
    ) -> anyhow::Result<(u16, String)> {
        let response = request.send().await?;
        let status = response.status().as_u16();
        let json = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        let text = response.text().await?;
        let (name, method, path) = (endpoint.name, endpoint.method.as_str(), endpoint.path);
        anyhow::ensure!(
            self.api.documents_status(method, path, status),
            "{name} ({what}): {status} is not in the document for {method} {path}: {text}"
        );
        if status >= 400 {
            anyhow::ensure!(json, "{name} ({what}): the {status} answer is not the JSON error: {text}");
            let body: Value = serde_json::from_str(&text)?;
            let schema = self
                .api
                .response_schema(method, path, status)
                .ok_or_else(|| anyhow::anyhow!("{name}: the document gives no body for {status}"))?;
            self.api
                .validate(&schema, &body)
                .map_err(|e| anyhow::anyhow!("{name} ({what}) {status}: {e} in {text}"))?;
        }
        self.seen.push((endpoint.name, status));
        Ok((status, text))
    }

    /// As [`Probes::send`], failing unless the answer is `expected`; the body.
    async fn expect(
        &mut self,
        endpoint: &EndpointInfo,
        what: &str,
        request: reqwest::RequestBuilder,
        expected: u16,
    ) -> anyhow::Result<String> {
        let (status, text) = self.send(endpoint, what, request).await?;
        anyhow::ensure!(status == expected, "{} ({what}): answered {status}, not {expected}: {text}", endpoint.name);
        Ok(text)
    }
}

/// Every route is sent what it must refuse (no session, a role it is not for, a path
/// that is not UTF-8, query parameters outside the bounds the document gives them, a body
/// of the wrong type, cut short, too large, a key too long), and each answer must be a
/// status the document lists for that route, with the documented error body. Then each
/// route must have given every refusal it could be brought to give.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_status_a_route_answers_is_one_its_document_lists() -> anyhow::Result<()> {
    use reqwest::header::CONTENT_TYPE;
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let anonymous = app.anonymous()?;
    let admin = app.admin().await?;
    let store = world.session(&app, Who::StoreManager).await?;
    let doc = anonymous.ok::<shared::endpoints::OpenApi>(&[], &(), &()).await?;
    let mut p = Probes { api: Document::new(doc.0), seen: Vec::new() };
    let form = "application/x-www-form-urlencoded";
    let too_large = " ".repeat(shared::api::MAX_JSON_BODY_BYTES + 1);
    let long_key = "k".repeat(shared::api::IDEMPOTENCY_KEY_MAX_CHARS + 1);

    for e in ENDPOINTS {
        let method = http_method(e.method);
        let path = no_record(e.path);
        let parameters = p.api.query_parameters(e.method.as_str(), e.path);
        let baseline: Vec<(String, String)> =
            parameters.iter().filter(|(_, required, _)| *required).map(|(n, _, s)| (n.clone(), sample(s))).collect();
        let url = |session: &Session, path: &str, query: &[(String, String)]| session.url(&with_query(path, query));

        // Nobody logged in: 401 wherever the route is not public.
        let (status, _) = p
            .send(e, "not logged in", anonymous.client.request(method.clone(), url(&anonymous, &path, &baseline)))
            .await?;
        if !e.access.starts_with("anyone") && e.name != "Metrics" {
            anyhow::ensure!(status == 401, "{} answers {status} to nobody", e.name);
        }
        // A role the route is not for: 403, whatever the query and the body hold.
        if !e.roles.is_empty() && !e.roles.contains(&Role::StoreManager) {
            let mut request = store.client.request(method.clone(), store.url(&format!("{path}?zzz=1")));
            if e.request != Payload::Empty {
                request = request.header(CONTENT_TYPE, "application/json").body("{");
            }
            p.expect(e, "a store manager, with a bad query and body", request, 403).await?;
        }
        // A path parameter that is not UTF-8: 400, as JSON.
        if e.path.contains('{') {
            let request = admin.client.request(method.clone(), url(&admin, &fill(e.path, "%FF"), &baseline));
            p.expect(e, "a path that is not UTF-8", request, 400).await?;
            if e.request == Payload::Empty {
                p.send(e, "naming no record", admin.client.request(method.clone(), admin.url(&path))).await?;
            }
        }
        // Each query parameter outside the bounds the document gives it: 400, never clamped.
        for (name, _, schema) in &parameters {
            for bad in out_of_bounds(schema) {
                let mut query: Vec<(String, String)> = baseline.iter().filter(|(n, _)| n != name).cloned().collect();
                query.push((name.clone(), bad.clone()));
                let request = admin.client.request(method.clone(), url(&admin, &path, &query));
                p.expect(e, &format!("{name}={bad}"), request, 400).await?;
            }
        }
        if !parameters.is_empty() {
            let mut query = baseline.clone();
            query.push(("zzz".into(), "1".into()));
            p.send(e, "an unknown parameter", admin.client.request(method.clone(), url(&admin, &path, &query))).await?;
        }
        // A body of the wrong media type, cut short, or too large.
        let target = admin.url(&path);
        let target = target.as_str();
        match e.request {
            Payload::Json => {
                let json = |body: String| {
                    admin.client.request(method.clone(), target).header(CONTENT_TYPE, "application/json").body(body)
                };
                let request = admin.client.request(method.clone(), target).header(CONTENT_TYPE, form).body("a=1");
                p.expect(e, "a form, not JSON", request, 415).await?;
                p.expect(e, "JSON cut short", json("{".into()), 400).await?;
                p.expect(e, "a body past the limit", json(too_large.clone()), 413).await?;
                p.send(e, "an empty object", json("{}".into())).await?;
            }
            Payload::Raw(_) => {
                let request = admin.client.request(method.clone(), target).header(CONTENT_TYPE, form).body("a=1");
                p.expect(e, "a form, not a file", request, 415).await?;
            }
            Payload::Empty | Payload::Text => {}
        }
        // A POST's Idempotency-Key longer than the document allows: 400.
        if e.method == Method::Post {
            let request = admin.client.request(method.clone(), target).header("idempotency-key", long_key.as_str());
            p.expect(e, "an Idempotency-Key too long", request, 400).await?;
        }
    }

    // The .ics import takes a calendar, not JSON (415), and 64 KB at most (413).
    let ics = endpoint(ImportCalendarIcs::NAME)?;
    let target = admin.url(&fill(ics.path, "2027"));
    let request = admin.client.put(target.as_str()).header(CONTENT_TYPE, "application/json").body("{}");
    p.expect(ics, "JSON", request, 415).await?;
    let request = admin.client.put(target.as_str()).header(CONTENT_TYPE, "text/calendar").body(too_large.clone());
    p.expect(ics, "a calendar past 64 KB", request, 413).await?;
    // An upload's X-File-Name: up to the documented length it is taken, past it refused.
    let upload = endpoint(Upload::NAME)?;
    let name_max = shared::api::FILE_NAME_HEADER_MAX_CHARS;
    for (length, expected) in [(name_max, 201), (name_max + 1, 400)] {
        let request = admin
            .request::<Upload>(&[], &(), &())
            .header(shared::api::FILE_NAME_HEADER, "a".repeat(length))
            .body(png(4, 4, [1, 2, 3]));
        p.expect(upload, &format!("a file name of {length} characters"), request, expected).await?;
    }
    // A thumbnail of a PDF: 415.
    let pdf = admin.upload(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec(), "plan.pdf").await?;
    let thumbnail = endpoint(GetThumbnail::NAME)?;
    let request = admin.client.get(admin.url(&fill(thumbnail.path, &pdf.id.to_string())));
    p.expect(thumbnail, "a PDF", request, 415).await?;
    // A working-day question the calendar cannot answer: 422.
    let days = endpoint(CountWorkingDays::NAME)?;
    let request = admin.client.get(admin.url(&format!("{}?from=2026-01-01&to=2040-01-01", days.path)));
    p.expect(days, "a span of fourteen years", request, 422).await?;
    // A feed account's value refuses a field it does not know, as every body does.
    let readers = endpoint(CreateFeedReader::NAME)?;
    let body = r#"{"version":0,"value":{"id":0,"name":"总部","retired":false,"active":true}}"#;
    let request = admin.client.post(admin.url(readers.path)).header(CONTENT_TYPE, "application/json").body(body);
    let text = p.expect(readers, "an unknown field", request, 422).await?;
    let error: shared::api::ApiError = serde_json::from_str(&text)?;
    assert_eq!(
        error.fields.first().map(|f| (f.field.as_str(), f.code)),
        Some(("value.active", shared::messages::RuleCode::UnknownField))
    );
    // A store manager adding a robot hears 403 before anything about the robot.
    let robots = endpoint(CreateWebhook::NAME)?;
    let request = store.client.post(store.url(robots.path)).header(CONTENT_TYPE, "application/json").body("{}");
    p.expect(robots, "a store manager", request, 403).await?;

    // Every route gave each refusal it can be brought to give without a fixture.
    for e in ENDPOINTS {
        let documented = p.api.statuses(e.method.as_str(), e.path);
        let seen: Vec<u16> = p.seen.iter().filter(|(name, _)| *name == e.name).map(|(_, status)| *status).collect();
        let mut wanted: Vec<u16> = Vec::new();
        if documented.contains(&400) {
            wanted.push(400);
        }
        if documented.contains(&401) && !e.access.starts_with("anyone") && e.name != "Metrics" {
            wanted.push(401);
        }
        if !e.roles.is_empty() && !e.roles.contains(&Role::StoreManager) {
            wanted.push(403);
        }
        if e.request == Payload::Json || e.name == ImportCalendarIcs::NAME {
            wanted.extend([413, 415]);
        }
        if e.name == Upload::NAME {
            wanted.push(415);
        }
        let missing: Vec<u16> = wanted.into_iter().filter(|status| !seen.contains(status)).collect();
        assert!(missing.is_empty(), "{} never answered {missing:?} (it answered {seen:?})", e.name);
        for status in &seen {
            assert!(documented.contains(status), "{}: {status} is not documented", e.name);
        }
    }
    Ok(())
}
