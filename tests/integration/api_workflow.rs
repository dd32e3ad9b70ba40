//! Whole campaigns driven over HTTP by the roles that own each stage, ending in the KPI
//! report with the flags the ratings call for.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::api::{path, routes};
use tests::{Session, World, spawn_app};

fn stage(reply: &Value) -> &str {
    reply["campaign"]["stage"].as_str().unwrap_or_default()
}

async fn step(session: &Session, id: u64, action: &str, input: Value, expect_stage: &str) -> anyhow::Result<Value> {
    let (status, reply) = session.act(id, action, input).await?;
    anyhow::ensure!(status == StatusCode::OK, "{action}: {status} {reply}");
    anyhow::ensure!(stage(&reply) == expect_stage, "{action}: at {} instead of {expect_stage}", stage(&reply));
    Ok(reply)
}

fn plan() -> Value {
    json!({"plan": {"theme": "开业大吉", "strategy": "满额赠礼", "implementation": "三周推进", "forecast": "销售额 50 万",
        "budget": [{"item": "物料", "amount": 1500000}]}, "note": "初稿"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_opening_goes_through_every_stage_and_an_unhappy_rating_flags_the_planner() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let market = world.session(&app, "market").await?;
    let planner = world.session(&app, "planning").await?;
    let manager = world.session(&app, "store_manager").await?;
    let design = world.session(&app, "design").await?;
    let vp = world.session(&app, "vp").await?;
    let purchasing = world.session(&app, "purchasing").await?;

    let (status, created) = market
        .post(
            routes::CAMPAIGNS,
            &json!({"kind": "store_opening", "title": "鸡西店开业", "stores": [world.own_store],
                "starts_on": "2026-05-01", "ends_on": "2026-05-03"}),
        )
        .await?;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["campaign"]["assignee"].as_u64(), Some(world.planner_person), "routed to the covering planner");
    let id = serde_json::from_value::<shared::api::CampaignDetail>(created.clone())?.campaign.id.0;

    step(&planner, id, "start_needs", json!({}), "needs").await?;
    step(
        &manager,
        id,
        "record_needs",
        json!({"needs": {"wishes": "主推婚庆", "policy": "", "budget_hint": "两万"}}),
        "needs",
    )
    .await?;
    step(&planner, id, "complete_needs", json!({}), "brainstorm").await?;
    step(
        &planner,
        id,
        "record_brainstorm",
        json!({"brainstorm": {"notes": "开业三天", "attendees": ["曹雪"]}}),
        "draft_plan",
    )
    .await?;
    step(&planner, id, "save_plan", plan(), "draft_plan").await?;
    step(&planner, id, "submit_draft", json!({}), "revisions").await?;
    // A design round: upload, pass every step up to the final proof.
    let mut png = Vec::new();
    image::RgbImage::from_pixel(1200, 800, image::Rgb([200, 40, 40]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)?;
    let upload = design
        .client
        .post(design.url(routes::ATTACHMENTS))
        .header("content-type", "image/png")
        .header("x-file-name", "%E5%88%9D%E6%A1%88.png")
        .body(png.clone())
        .send()
        .await?;
    assert_eq!(upload.status(), StatusCode::CREATED);
    let uploaded = upload.json::<Value>().await?;
    assert_eq!(
        (uploaded["file_name"].as_str(), uploaded["content_type"].as_str()),
        (Some("初案.png"), Some("image/png"))
    );
    let file = serde_json::from_value::<shared::api::AttachmentView>(uploaded.clone())?.id.0;
    let thumbnail =
        design.client.get(design.url(&path(routes::ATTACHMENT_THUMBNAIL, &[&file.to_string()]))).send().await?;
    assert_eq!(thumbnail.headers()["content-type"], "image/jpeg");
    let small = image::load_from_memory(&thumbnail.bytes().await?)?;
    assert_eq!((small.width(), small.height()), (480, 320), "scaled to fit 480 px, aspect kept");
    for round in 1..=5 {
        step(&design, id, "upload_proof", json!({"files": [file]}), "revisions").await?;
        step(&planner, id, "decide_proof", json!({"round": round, "passed": true}), "revisions").await?;
    }
    step(&planner, id, "submit_for_approval", json!({}), "approval").await?;
    // The store may not confirm before the VP approves (R4): the action is not open to it.
    let (status, reply) = manager.act(id, "confirm_plan", json!({"store": world.own_store, "plan": {}})).await?;
    assert!(status.is_client_error(), "{reply}");
    step(&vp, id, "approve", json!({}), "store_confirmation").await?;
    step(
        &manager,
        id,
        "confirm_plan",
        json!({"store": world.own_store, "plan": {"starts_on": "2026-05-01", "ends_on": "2026-05-03", "policy": "满 5000 减 300",
            "materials": [{"item": "X展架", "size": "80×180", "quantity": 2}], "gifts": [{"item": "首饰盒", "quantity": 50}],
            "ship_on": "2026-04-20"}}),
        "production",
    )
    .await?;
    step(
        &purchasing,
        id,
        "record_shipment",
        json!({"store": world.own_store, "items": [{"item": "X展架", "quantity": 2}], "shipped_on": "2026-03-02", "tracking": "SF1"}),
        "shipping",
    )
    .await?;
    let received = step(
        &manager,
        id,
        "confirm_receipt",
        json!({"store": world.own_store, "lines": [{"item": "X展架", "expected": 2, "received": 1, "damaged": 0, "note": "少一个"}],
            "photos": []}),
        "execution",
    )
    .await?;
    let last = received["campaign"]["history"].as_array().and_then(|h| h.last()).cloned().unwrap_or_default();
    assert!(last["note"].as_str().is_some_and(|n| n.contains("差异")), "a discrepancy is flagged as urgent: {last}");
    step(&planner, id, "finish_execution", json!({}), "summary").await?;
    step(&planner, id, "submit_summary", json!({"notes": "开业客流好", "photos": [file]}), "rating").await?;
    let rated = step(
        &manager,
        id,
        "rate",
        json!({"store": world.own_store, "satisfied": false, "comment": "物料少了"}),
        "closed",
    )
    .await?;
    // The center reads every step; the store reads its own and the stage moves (R5).
    let (_, full) = planner.get(&path(routes::CAMPAIGN, &[&id.to_string()])).await?;
    let everything = full["campaign"]["history"].as_array().map_or(0, Vec::len);
    let own = rated["campaign"]["history"].as_array().map_or(0, Vec::len);
    assert!(
        everything > 20 && own > 5 && own < everything,
        "history: {everything} for the center, {own} for the store"
    );

    let (status, kpi) = vp.get(&format!("{}?from=2026-03&to=2026-03", routes::KPI)).await?;
    assert_eq!(status, StatusCode::OK);
    let planner_row = kpi["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["staff"].as_u64() == Some(world.planner_person)))
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("no KPI row for the planner: {kpi}"))?;
    assert_eq!(planner_row["rated"], 1);
    assert_eq!(planner_row["satisfied"], 0);
    assert_eq!(planner_row["bonus_deduction"], true);
    assert_eq!(planner_row["disciplinary_review"], false);
    // The planner sees their own row and no one else's.
    let (_, own) = planner.get(&format!("{}?from=2026-03&to=2026-03", routes::KPI)).await?;
    assert!(
        own["rows"]
            .as_array()
            .is_some_and(|rows| rows.iter().all(|r| r["staff"].as_u64() == Some(world.planner_person)))
    );
    // The store manager downloads the summary photo of their own campaign.
    let (status, _) = manager.get(&path(routes::ATTACHMENT, &[&file.to_string()])).await?;
    assert_eq!(status, StatusCode::OK);
    let other = world.session(&app, "other_store_manager").await?;
    let (status, _) = other.get(&path(routes::ATTACHMENT, &[&file.to_string()])).await?;
    assert_eq!(status, StatusCode::NOT_FOUND, "another store cannot fetch it by id");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_holiday_promotion_needs_the_vps_override_then_runs_to_a_happy_rating() -> anyhow::Result<()> {
    let app = spawn_app().await?;
    let world = World::build(&app).await?;
    let planner = world.session(&app, "planning").await?;
    let vp = world.session(&app, "vp").await?;
    let manager = world.session(&app, "store_manager").await?;
    let other_manager = world.session(&app, "other_store_manager").await?;
    let purchasing = world.session(&app, "purchasing").await?;

    // Test "today" is 2026-03-02: a start on 2026-04-01 is 30 days ahead, inside R2's 50.
    let (status, created) = planner
        .post(
            routes::CAMPAIGNS,
            &json!({"kind": "holiday_promotion", "title": "清明小长假促销", "stores": [world.own_store, world.other_store],
                "starts_on": "2026-04-01", "ends_on": "2026-04-06"}),
        )
        .await?;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["campaign"]["lateness"]["holiday_preparation"]["days_before_start"], 30);
    let id = serde_json::from_value::<shared::api::CampaignDetail>(created.clone())?.campaign.id.0;
    step(&planner, id, "start_needs", json!({}), "needs").await?;
    step(&planner, id, "complete_needs", json!({}), "brainstorm").await?;
    step(
        &planner,
        id,
        "record_brainstorm",
        json!({"brainstorm": {"notes": "清明踏青", "attendees": []}}),
        "draft_plan",
    )
    .await?;
    step(&planner, id, "save_plan", plan(), "draft_plan").await?;
    step(&planner, id, "submit_draft", json!({}), "revisions").await?;
    step(&planner, id, "submit_for_approval", json!({}), "approval").await?;
    let (status, refused) = vp.act(id, "approve", json!({})).await?;
    assert_eq!((status, refused["code"].as_str()), (StatusCode::CONFLICT, Some("R2_HOLIDAY_PREPARATION")));
    assert!(refused["message_zh"].as_str().is_some_and(|m| m.contains("50")));
    step(&vp, id, "override_late", json!({"reason": "总部统一安排"}), "approval").await?;
    step(&vp, id, "approve", json!({}), "store_confirmation").await?;
    let store_plan = |store: u64| {
        json!({"store": store, "plan": {"starts_on": "2026-04-01", "ends_on": "2026-04-06", "policy": "", "materials": [],
            "gifts": [], "ship_on": "2026-03-20"}})
    };
    step(&manager, id, "confirm_plan", store_plan(world.own_store), "store_confirmation").await?;
    step(&other_manager, id, "confirm_plan", store_plan(world.other_store), "production").await?;
    // The campaign ships once every store has its shipment.
    for (store, after) in [(world.own_store, "production"), (world.other_store, "shipping")] {
        step(
            &purchasing,
            id,
            "record_shipment",
            json!({"store": store, "items": [{"item": "海报", "quantity": 10}], "shipped_on": "2026-03-02", "tracking": ""}),
            after,
        )
        .await?;
    }
    let receipt = |store: u64| json!({"store": store, "lines": [{"item": "海报", "expected": 10, "received": 10, "damaged": 0, "note": ""}], "photos": []});
    step(&manager, id, "confirm_receipt", receipt(world.own_store), "shipping").await?;
    step(&other_manager, id, "confirm_receipt", receipt(world.other_store), "execution").await?;
    step(&manager, id, "report_sales", json!({"store": world.own_store, "amount": 35000000}), "execution").await?;
    step(&planner, id, "finish_execution", json!({}), "summary").await?;
    step(&planner, id, "submit_summary", json!({"notes": "两店均达成目标", "photos": []}), "rating").await?;
    step(&manager, id, "rate", json!({"store": world.own_store, "satisfied": true, "comment": ""}), "rating").await?;
    step(&other_manager, id, "rate", json!({"store": world.other_store, "satisfied": true, "comment": ""}), "closed")
        .await?;
    let (_, kpi) = vp.get(&format!("{}?from=2026-03&to=2026-03", routes::KPI)).await?;
    let row = kpi["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["staff"].as_u64() == Some(world.planner_person)))
        .cloned()
        .unwrap_or_default();
    assert_eq!((row["rated"].as_u64(), row["bonus_deduction"].as_bool()), (Some(2), Some(false)), "{kpi}");
    let csv =
        vp.client.get(vp.url(&format!("{}?from=2026-03&to=2026-03", routes::KPI_CSV))).send().await?.text().await?;
    assert!(csv.starts_with('\u{feff}') && csv.contains("满意率") && csv.contains("100.0%"), "{csv}");
    let xlsx = vp.client.get(vp.url(&format!("{}?from=2026-03&to=2026-03", routes::KPI_XLSX))).send().await?;
    assert_eq!(xlsx.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(&xlsx.bytes().await?[..2], b"PK", "an .xlsx is a zip archive");
    let campaigns = vp.client.get(vp.url(routes::CAMPAIGNS_XLSX)).send().await?;
    assert_eq!(campaigns.status(), StatusCode::OK);
    Ok(())
}
