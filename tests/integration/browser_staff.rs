//! The center's workspace in a real headless Chromium: a whole store opening carried
//! through every stage by the roles that own them, the plan editor's R4 check, a comment
//! pinned to a spot of a design draft, and moving a store to another planner.
//! Screenshots at 1024×768 and 1366×768, in Chinese and English.

use fantoccini::{Client, Locator};
use shared::api::{CampaignDetail, CampaignQuery, NewUser};
use shared::campaign::{CampaignType, Stage};
use shared::endpoints::{CreateCampaign, CreateUser, GetCampaign, ListCampaigns};
use shared::ids::StoreId;
use shared::intake::NewCampaign;
use shared::org::Role;
use tests::browser::{Browser, STEP, choose, click, screenshots_of, screenshots_wide, set_value, switch_user, text_of};
use tests::{PASSWORD, Session, TestApp, Who, World, spawn_app, wait_for};

async fn campaign(session: &Session, id: u64) -> anyhow::Result<CampaignDetail> {
    session.ok::<GetCampaign>(&[&id.to_string()], &(), &()).await
}

async fn wait_stage(session: &Session, id: u64, stage: Stage) -> anyhow::Result<()> {
    let what = format!("stage {stage:?}");
    wait_for(STEP, &what, || async { (campaign(session, id).await.ok()?.campaign.stage == stage).then_some(()) }).await
}

/// Presses a button that asks first (`ConfirmButton`), then its 确定.
async fn confirm(client: &Client, css: &str) -> anyhow::Result<()> {
    click(client, css).await?;
    click(client, &format!("{css}-yes")).await
}

/// Clicks a workflow button (`data-action`) on the campaign page.
async fn press(client: &Client, action: &str) -> anyhow::Result<()> {
    click(client, &format!("button.action[data-action={action}]")).await
}

fn png_file(dir: &std::path::Path) -> anyhow::Result<String> {
    let file = dir.join("first-draft.png");
    image::RgbImage::from_fn(800, 600, |x, y| image::Rgb([(x / 4) as u8, (y / 3) as u8, 120])).save(&file)?;
    Ok(file.display().to_string())
}

async fn fill_plan(client: &Client, forecast: &str) -> anyhow::Result<()> {
    set_value(client, "#plan-theme", "盛大开业 · 金彩相伴").await?;
    set_value(client, "#plan-strategy", "开业三天全场九折，满额赠礼").await?;
    set_value(client, "#plan-implementation", "提前一周预热，开业当天舞狮剪彩").await?;
    set_value(client, "#plan-forecast", forecast).await?;
    if client.find(Locator::Css(".b-item")).await.is_err() {
        click(client, "#add-budget-line").await?;
    }
    set_value(client, ".b-item", "开业物料").await?;
    set_value(client, ".b-amount", "12000.50").await?;
    Ok(())
}

struct Cast<'a> {
    app: &'a TestApp,
    world: &'a World,
}

impl Cast<'_> {
    async fn become_(&self, client: &Client, who: Who) -> anyhow::Result<()> {
        switch_user(client, &self.app.url("/"), self.world.login_of(who), PASSWORD).await
    }

    async fn open(&self, client: &Client, id: u64) -> anyhow::Result<()> {
        client.goto(&self.app.url(&format!("/campaigns/{id}"))).await?;
        text_of(client, "#campaign-title").await?;
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_opening_is_carried_through_every_stage_in_the_browser_and_the_planners_kpi_updates()
-> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let api = world.session(&app, Who::Vp).await?;
    let files = tempfile::tempdir()?;
    let draft_png = png_file(files.path())?;
    let browser = Browser::start(1024, 768).await?;
    let client = browser.client.clone();
    let cast = Cast { app: &app, world: &world };
    let result = async {
        // The service center places the order for the store.
        cast.become_(&client, Who::ServiceCenter).await?;
        client.goto(&app.url("/new/opening")).await?;
        choose(&client, "#stores", &world.own_store.to_string()).await?;
        client.find(Locator::Id("title")).await?.send_keys("鸡西店盛大开业").await?;
        set_value(&client, "#starts_on", "2026-05-01").await?;
        set_value(&client, "#ends_on", "2026-05-03").await?;
        click(&client, "#submit").await?;
        text_of(&client, "#my-work").await?;
        let list = api.ok::<ListCampaigns>(&[], &CampaignQuery::default(), &()).await?;
        let id = list.items.first().map(|c| c.id.0).ok_or_else(|| anyhow::anyhow!("no campaign: {list:?}"))?;

        // The planner: needs, brainstorm, plan.
        cast.become_(&client, Who::Planning).await?;
        screenshots_wide(&client, "20-my-work").await?;
        cast.open(&client, id).await?;
        press(&client, "start_needs").await?;
        wait_stage(&api, id, Stage::Needs).await?;
        press(&client, "complete_needs").await?;
        wait_stage(&api, id, Stage::Brainstorm).await?;
        set_value(&client, "#brainstorm-notes", "开业三天主推婚庆系列").await?;
        set_value(&client, "#brainstorm-attendees", "刘江涛、周婷").await?;
        click(&client, "#brainstorm-submit").await?;
        wait_stage(&api, id, Stage::DraftPlan).await?;
        fill_plan(&client, "").await?;
        // R4 in the editor: the same words as the server's.
        let problems = text_of(&client, "#plan-problems").await?;
        assert!(problems.contains("方案缺少“效果预测”部分，五个部分齐全后才能报副总经理审核"), "{problems}");
        assert_eq!(text_of(&client, "#plan-total").await?, "12,000.50");
        // An amount that does not read: named by its row and outlined.
        set_value(&client, ".b-amount", "12,000.5x").await?;
        let told = wait_for(STEP, "the bad amount told", || async {
            let text = text_of(&client, "#plan-problems").await.ok()?;
            text.contains("预算第1行 · 金额（元）").then_some(text)
        })
        .await?;
        assert!(!told.contains("销售额"), "{told}");
        text_of(&client, ".b-amount.invalid").await?;
        set_value(&client, ".b-amount", "12000.50").await?;
        click(&client, "#plan-save").await?;
        wait_for(STEP, "version 1", || async { text_of(&client, "#plan-editor h2").await.ok()?.contains("v2").then_some(()) }).await?;
        confirm(&client, "#submit-draft").await?;
        wait_stage(&api, id, Stage::Revisions).await?;
        assert!(client.find(Locator::Id("submit-for-approval")).await.is_err(), "an incomplete plan cannot go to the VP");
        let approval = CampaignQuery { stage: Some(Stage::Approval), ..CampaignQuery::default() };
        let queue = api.ok::<ListCampaigns>(&[], &approval, &()).await?;
        assert_eq!(queue.items.len(), 0, "the VP does not see it yet");

        // The designer's rounds; the planner pins a comment on the first and passes each.
        for round in 1..=5 {
            cast.become_(&client, Who::Design).await?;
            cast.open(&client, id).await?;
            client.find(Locator::Id("proof-file")).await?.send_keys(&draft_png).await?;
            wait_for(STEP, "the uploaded round", || async {
                client.find(Locator::Css(&format!(".round[data-round=\"{round}\"] img"))).await.ok()
            })
            .await?;
            cast.become_(&client, Who::Planning).await?;
            cast.open(&client, id).await?;
            if round == 1 {
                let image = wait_for(STEP, "the draft", || async { client.find(Locator::Css(".round[data-round=\"1\"] .pinnable img")).await.ok() }).await?;
                // Tap the upper-left quarter of the image.
                client.execute(
                    "const img = arguments[0]; const r = img.getBoundingClientRect(); \
                     img.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + r.width * 0.25, clientY: r.top + r.height * 0.25}));",
                    vec![serde_json::to_value(&image)?],
                ).await?;
                text_of(&client, ".pin.new").await?;
                set_value(&client, "#pin-comment", "这里的金色再亮一些").await?;
                click(&client, "#add-comment").await?;
                text_of(&client, ".pin.saved").await?;
                client.refresh().await?;
                assert_eq!(text_of(&client, ".pin.saved").await?, "1", "the pin survives a reload");
                screenshots_of(&client, "21-proof-with-pin", Some(".pin.saved")).await?;
            }
            confirm(&client, "#proof-pass").await?;
            wait_for(STEP, "the round decision", || async {
                let detail = campaign(&api, id).await.ok()?;
                let outcome = detail.campaign.proofs.get(round - 1)?.outcome.as_ref()?;
                outcome.passed.then_some(())
            })
            .await?;
        }
        let detail = campaign(&api, id).await?;
        let comment = detail
            .campaign
            .proofs
            .first()
            .and_then(|round| round.comments.first())
            .ok_or_else(|| anyhow::anyhow!("no comment on the first round"))?;
        assert_eq!(comment.text, "这里的金色再亮一些");
        let pin = comment.pin.as_ref().ok_or_else(|| anyhow::anyhow!("the comment has no pin: {comment:?}"))?;
        assert!((200..=300).contains(&pin.x_permille), "{comment:?}");

        // Complete the plan; now it can go to the VP.
        cast.open(&client, id).await?;
        fill_plan(&client, "开业三天销售额 60 万元").await?;
        assert!(client.find(Locator::Id("plan-problems")).await.is_err());
        click(&client, "#plan-save").await?;
        wait_for(STEP, "version 2", || async { text_of(&client, "#plan-editor h2").await.ok()?.contains("v3").then_some(()) }).await?;
        text_of(&client, "#version-diff").await?;
        screenshots_of(&client, "22-plan-editor-and-diff", Some("#version-diff")).await?;
        confirm(&client, "#submit-for-approval").await?;
        wait_stage(&api, id, Stage::Approval).await?;

        // The VP sees it in the queue, with the pinned comment, and approves.
        cast.become_(&client, Who::Vp).await?;
        // Told without asking: the bell counts it, the approvals inbox lists it (saying
        // since when it waits; it is not repeated under my work), and the notification
        // list links to it.
        let inbox = text_of(&client, "#inbox-approvals").await?;
        assert!(inbox.contains("鸡西店盛大开业") && inbox.contains("今天提交"), "{inbox}");
        assert!(!text_of(&client, "#my-work").await?.contains("鸡西店盛大开业"), "listed twice");
        let unread: u32 = text_of(&client, "#unread-count").await?.trim().parse()?;
        assert!(unread >= 1, "{unread}");
        click(&client, "#bell").await?;
        let told = text_of(&client, "#notifications").await?;
        assert!(told.contains("鸡西店盛大开业") && told.contains("方案待您审批"), "{told}");
        screenshots_wide(&client, "22b-notifications").await?;
        cast.open(&client, id).await?;
        assert_eq!(text_of(&client, ".round[data-round=\"1\"] .pin.saved").await?, "1", "the next reviewer sees the pin");
        screenshots_of(&client, "23-approval", Some("#proofs")).await?;
        // The decision comes first: on a portrait tablet and on a phone, approve and send
        // back are on the first screen, and nothing is wider than the screen.
        let decision = text_of(&client, "#decision").await?;
        assert!(decision.contains("盛大开业") && decision.contains("今天提交") && decision.contains("12,000.50"), "{decision}");
        for (width, height, name) in [(768, 1024, "23a-decision-tablet"), (390, 844, "23b-decision-phone")] {
            client.set_window_size(width, height).await?;
            client.goto(&app.url("/")).await?;
            let home = first_screen(&client, "#inbox-approvals").await?;
            assert!(home.fits, "the VP's home at {width}×{height}: {home:?}");
            cast.open(&client, id).await?;
            text_of(&client, "#approve").await?;
            let mut seen = Vec::new();
            for button in ["#approve", "#send-back"] {
                seen.push((button, first_screen(&client, button).await?));
            }
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
            std::fs::write(dir.join(format!("{name}.png")), client.screenshot().await?)?;
            for (button, seen) in seen {
                assert!(seen.fits && seen.on_first_screen, "{button} at {width}×{height}: {seen:?}");
            }
        }
        client.set_window_size(1024, 768).await?;
        confirm(&client, "#approve").await?;
        wait_stage(&api, id, Stage::StoreConfirmation).await?;

        // The store confirms.
        cast.become_(&client, Who::StoreManager).await?;
        cast.open(&client, id).await?;
        click(&client, "#cp-details > summary").await?;
        click(&client, "#cp-add-material").await?;
        set_value(&client, ".m-item", "开业拱门").await?;
        click(&client, "#confirm-plan-submit").await?;
        wait_stage(&api, id, Stage::Production).await?;

        // Purchasing ships.
        cast.become_(&client, Who::Purchasing).await?;
        cast.open(&client, id).await?;
        set_value(&client, "#ship-item", "开业拱门").await?;
        set_value(&client, "#ship-qty", "1").await?;
        click(&client, "button.ship-to").await?;
        wait_stage(&api, id, Stage::Shipping).await?;

        // The store receives everything.
        cast.become_(&client, Who::StoreManager).await?;
        cast.open(&client, id).await?;
        click(&client, "#confirm-receipt-submit").await?;
        wait_stage(&api, id, Stage::Execution).await?;

        // The event ends; the planner closes execution and writes the summary.
        app.let_event_end(&api, id).await?;
        cast.become_(&client, Who::Planning).await?;
        cast.open(&client, id).await?;
        press(&client, "finish_execution").await?;
        wait_stage(&api, id, Stage::Summary).await?;
        set_value(&client, "#summary-notes-input", "开业三天客流 1200 人次，销售额 65 万元").await?;
        click(&client, "#summary-submit").await?;
        wait_stage(&api, id, Stage::Rating).await?;
        client.goto(&app.url(&format!("/campaigns/{id}/summary"))).await?;
        assert!(text_of(&client, "#summary-notes").await?.contains("65 万元"));
        screenshots_wide(&client, "24-printable-summary").await?;

        // The store rates; the planner's KPI shows it.
        cast.become_(&client, Who::StoreManager).await?;
        cast.open(&client, id).await?;
        set_value(&client, "#rate-sales", "650000").await?;
        click(&client, "#rate-satisfied").await?;
        confirm(&client, "#rate-submit").await?;
        wait_stage(&api, id, Stage::Closed).await?;
        cast.become_(&client, Who::Vp).await?;
        client.goto(&app.url("/kpi")).await?;
        let table = text_of(&client, "#kpi-table").await?;
        // Rated the day the event ended: that is the month the rating counts in.
        let month = app.today().format("%Y-%m").to_string();
        assert!(table.contains(&month) && table.contains("planning 测试") && table.contains("100.0%"), "{table}");
        text_of(&client, "#kpi-chart").await?;
        // Who is flagged comes first (nobody here: the only rating was satisfied).
        let flags = text_of(&client, "#kpi-flags").await?;
        assert!(flags.contains("需要处理（0人）") && flags.contains("没有人"), "{flags}");
        screenshots_wide(&client, "25-kpi").await?;
        // The period: the last three months.
        choose(&client, "#kpi-period", "last-3").await?;
        let three_back = (app.today() - chrono::Months::new(2)).format("%Y-%m").to_string();
        wait_for(STEP, "three months", || async {
            text_of(&client, "#kpi-range").await.ok()?.starts_with(&three_back).then_some(())
        })
        .await?;
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_moves_a_store_and_its_next_request_lands_with_the_new_planner() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let admin = app.admin().await?;
    // A second planner, covering nothing yet.
    let planner2 = NewUser {
        login: "u.planner2".into(),
        password: PASSWORD.into(),
        role: Role::Planning,
        person: None,
        name: "王赫".into(),
        store: None,
    };
    let second_person = admin.ok::<CreateUser>(&[], &(), &planner2).await?.person;
    let browser = Browser::start(1024, 768).await?;
    let client = browser.client.clone();
    let result = async {
        switch_user(&client, &app.url("/"), "admin", tests::ADMIN_PASSWORD).await?;
        client.goto(&app.url("/admin")).await?;
        screenshots_wide(&client, "26a-admin-stores").await?;
        click(&client, &format!("#edit-store-{}", world.own_store)).await?;
        let row = format!(".store-row[data-store=\"{}\"] .planner-select", world.own_store);
        choose(&client, &row, &second_person.to_string()).await?;
        click(&client, &format!("#move-store-{}", world.own_store)).await?;
        click(&client, &format!("#move-store-{}-yes", world.own_store)).await?;
        assert!(text_of(&client, "#admin-message").await?.contains("已保存"));
        // Whose password is reset is asked, and said next to that account.
        click(&client, "#admin-tab-accounts").await?;
        let login = world.login_of(Who::Market).to_owned();
        // (Logins may hold dots, so ids are matched as attributes.)
        click(&client, &format!("[id='edit-user-{login}']")).await?;
        click(&client, &format!("[id='reset-{login}']")).await?;
        assert!(text_of(&client, ".confirm-box").await?.contains(&login));
        click(&client, &format!("[id='reset-{login}-yes']")).await?;
        let shown = text_of(&client, &format!("[id='new-password-{login}']")).await?;
        assert!(shown.contains("market 测试") && shown.contains("新密码"), "{shown}");
        screenshots_wide(&client, "26b-admin-password").await?;
        screenshots_wide(&client, "26-admin").await?;
        // A backup now, while the server runs: it is listed, verified.
        click(&client, "#admin-tab-backups").await?;
        assert!(text_of(&client, "#backups").await?.contains("还没有备份"));
        click(&client, "#backup-now").await?;
        let said = text_of(&client, "#backup-said").await?;
        assert!(said.contains("备份完成并已校验"), "{said}");
        let listed = text_of(&client, "#backup-list").await?;
        assert!(listed.contains("✓ 已校验"), "{listed}");
        // Each backup can be downloaded from the page, as one file (api_backups restores it).
        let link = client.find(Locator::Css(".backup-download")).await?.attr("href").await?.unwrap_or_default();
        assert!(link.starts_with("/api/v1/backups/campaign-desk-") && link.ends_with("/file"), "{link}");
        screenshots_wide(&client, "26c-admin-backups").await?;
        // A feed account for the head office: the name is checked as it is typed, the
        // token is shown once, and it reads the change feed.
        click(&client, "#admin-tab-feed").await?;
        assert!(text_of(&client, "#feed-readers").await?.contains("还没有数据对接账号"));
        set_value(&client, "#feed-reader-name", &"长".repeat(41)).await?;
        let refused = text_of(&client, "#feed-reader-form .field-error").await?;
        assert!(refused.contains("40"), "{refused}");
        set_value(&client, "#feed-reader-name", "总部数据汇总").await?;
        click(&client, "#feed-reader-create").await?;
        let shown = text_of(&client, "#feed-reader-token").await?;
        assert!(shown.contains("只显示这一次"), "{shown}");
        let token = text_of(&client, "#feed-reader-token code").await?;
        let read = app.http.get(app.url("/api/v1/changes")).bearer_auth(token.trim()).send().await?;
        assert_eq!(read.status(), reqwest::StatusCode::OK);
        assert!(text_of(&client, "#feed-reader-list").await?.contains("使用中"));
        screenshots_wide(&client, "26d-admin-feed").await?;

        // The store's next request goes to the new planner.
        let service = world.session(&app, Who::ServiceCenter).await?;
        let form = NewCampaign {
            title: "换人之后的活动".into(),
            stores: vec![StoreId(world.own_store)],
            starts_on: "2026-04-01".into(),
            ends_on: "2026-04-02".into(),
            ..NewCampaign::empty(CampaignType::StoreSpecific)
        };
        let created = service.ok::<CreateCampaign>(&[], &(), &form).await?;
        assert_eq!(created.campaign.assignee, Some(second_person));
        switch_user(&client, &app.url("/"), "u.planner2", PASSWORD).await?;
        let work = text_of(&client, "#my-work").await?;
        assert!(work.contains("换人之后的活动") && work.contains("我负责的"), "{work}");
        switch_user(&client, &app.url("/"), world.login_of(Who::Planning), PASSWORD).await?;
        let work = text_of(&client, "#my-work").await?;
        assert!(!work.contains("我负责的"), "the old planner is no longer its assignee: {work}");

        // The month calendar marks holidays and make-up working days from the calendar data.
        client.goto(&app.url("/calendar")).await?;
        text_of(&client, "#month-calendar").await?;
        click(&client, "#next-month").await?; // April 2026: 清明节 4–6, no make-up day
        click(&client, "#next-month").await?; // May 2026: 劳动节 1–5, make-up Saturday 9
        assert!(text_of(&client, ".day[data-date=\"2026-05-01\"]").await?.contains("劳动节"));
        assert!(text_of(&client, ".day[data-date=\"2026-05-09\"]").await?.contains("班"));
        assert!(text_of(&client, "#annual-due").await?.contains("2026年12月15日"));
        screenshots_wide(&client, "27-calendar").await?;
        Ok::<_, anyhow::Error>(())
    }
    .await;
    browser.close().await;
    result
}

/// Where an element is on a freshly opened page: whether the page fits the screen's width
/// and whether the element is on the first screen without scrolling (the other fields
/// are there for the failure message).
#[derive(Debug)]
#[allow(dead_code)]
struct FirstScreen {
    fits: bool,
    on_first_screen: bool,
    page_width: f64,
    screen: (f64, f64),
    bottom: f64,
}

async fn first_screen(client: &fantoccini::Client, css: &str) -> anyhow::Result<FirstScreen> {
    text_of(client, css).await?;
    client
        .execute(
            "window.scrollTo(0, 0); return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))",
            vec![],
        )
        .await?;
    let seen = client
        .execute(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect(); \
             return [document.documentElement.scrollWidth, innerWidth, innerHeight, r.top, r.bottom];",
            vec![css.into()],
        )
        .await?;
    let n = |i: usize| seen.get(i).and_then(serde_json::Value::as_f64).unwrap_or(f64::NAN);
    Ok(FirstScreen {
        fits: n(0) <= n(1),
        on_first_screen: n(3) >= 0.0 && n(4) <= n(2),
        page_width: n(0),
        screen: (n(1), n(2)),
        bottom: n(4),
    })
}
