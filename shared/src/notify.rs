//! Who is told what: notifications derived from the workflow itself, not listed by hand.
//! An action moves a campaign from `before` to `after`; whoever can act in `after` and
//! could not in `before` is told (a department whose stage it now is, the VP when an
//! approval becomes possible, a store that must now confirm, receive or rate), and a few
//! actions speak to someone in particular (a send-back and a store's request for changes
//! to the assignee, a reminder to whoever owns the stage, an uploaded proof round to the
//! planner in charge, a decided one to its designer). The morning digest tells a stage's owners when it turns at risk or late
//! ([`off_schedule`]).
//!
//! The words are here too, in both languages, so the app, the group-chat robots and the
//! tests say the same thing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::campaign::{Campaign, CampaignType, Stage};
use crate::ids::{CampaignId, PersonId, StoreId};
use crate::messages::Lang;
use crate::org::{Actor, Role};
use crate::workflow::{Action, ActionKind, role_works_at, stores_waiting};
use crate::workflow::{DecideProof, RequestChanges, SendBack, SendReminder};

/// Who a notice is for, before it is resolved to accounts (which needs the org chart).
/// The event stream's `campaign` event: a campaign the account may see has a new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CampaignChanged {
    pub id: CampaignId,
    /// The version the stream's account sees (a store's own part's, for a store manager,
    /// who hears only of changes to that part).
    pub version: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Recipient {
    /// A department (everyone with the role), or only `first` when that person is in it
    /// (the campaign's assignee comes first).
    Department { role: Role, first: Option<PersonId> },
    /// One person.
    Person { person: PersonId },
    /// A store's manager.
    Store { store: StoreId },
}

/// Why someone is told. On the wire a tagged object (`{"type": "sent_back", "comment":
/// …}`); the browser's build reads it through [`ReasonWire`], a plain struct, which reads
/// the same objects without serde's buffering of tagged enums (a good part of the app's
/// size); the server reads it as the tagged enum it documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "type")]
#[cfg_attr(not(feature = "schema"), serde(try_from = "ReasonWire"))]
pub enum Reason {
    /// The campaign reached a stage where this department has work.
    NewWork { stage: Stage },
    /// A plan waits for the VP's approval.
    ApprovalNeeded,
    /// The store must confirm the approved plan.
    StoreToConfirm,
    /// Goods were shipped to the store: it must confirm what arrived.
    StoreToReceive,
    /// The campaign is over: the store must report its sales and rate it.
    StoreToRate,
    /// The VP sent the plan back.
    SentBack { comment: String },
    /// A store asked for changes to the plan.
    ChangesRequested { store: StoreId, comment: String },
    /// Someone asked to hurry (催办).
    Reminder { from: String, note: String },
    /// A design round was decided.
    ProofDecided { round: u32, passed: bool },
    /// The designer handed in a proof round: the planner in charge reviews it.
    ProofUploaded { round: u32 },
    /// The current stage is at risk or past its due day on the campaign's schedule.
    DeadlineAtRisk { due: NaiveDate, working_days_left: i64 },
}

/// The kinds of [`Reason`], as its `type` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ReasonKind {
    NewWork,
    ApprovalNeeded,
    StoreToConfirm,
    StoreToReceive,
    StoreToRate,
    SentBack,
    ChangesRequested,
    Reminder,
    ProofDecided,
    ProofUploaded,
    DeadlineAtRisk,
}

/// A [`Reason`] as a flat object: its `type` and every field any kind has.
#[derive(Deserialize)]
struct ReasonWire {
    #[serde(rename = "type")]
    kind: ReasonKind,
    stage: Option<Stage>,
    comment: Option<String>,
    store: Option<StoreId>,
    from: Option<String>,
    note: Option<String>,
    round: Option<u32>,
    passed: Option<bool>,
    #[serde(with = "crate::clock::wire_day::option", default)]
    due: Option<NaiveDate>,
    working_days_left: Option<i64>,
}

impl TryFrom<ReasonWire> for Reason {
    type Error = &'static str;

    fn try_from(w: ReasonWire) -> Result<Self, Self::Error> {
        let missing = "a field this kind of notification needs is missing";
        Ok(match w.kind {
            ReasonKind::NewWork => Reason::NewWork { stage: w.stage.ok_or(missing)? },
            ReasonKind::ApprovalNeeded => Reason::ApprovalNeeded,
            ReasonKind::StoreToConfirm => Reason::StoreToConfirm,
            ReasonKind::StoreToReceive => Reason::StoreToReceive,
            ReasonKind::StoreToRate => Reason::StoreToRate,
            ReasonKind::SentBack => Reason::SentBack { comment: w.comment.ok_or(missing)? },
            ReasonKind::ChangesRequested => {
                Reason::ChangesRequested { store: w.store.ok_or(missing)?, comment: w.comment.ok_or(missing)? }
            }
            ReasonKind::Reminder => Reason::Reminder { from: w.from.ok_or(missing)?, note: w.note.ok_or(missing)? },
            ReasonKind::ProofDecided => {
                Reason::ProofDecided { round: w.round.ok_or(missing)?, passed: w.passed.ok_or(missing)? }
            }
            ReasonKind::ProofUploaded => Reason::ProofUploaded { round: w.round.ok_or(missing)? },
            ReasonKind::DeadlineAtRisk => Reason::DeadlineAtRisk {
                due: w.due.ok_or(missing)?,
                working_days_left: w.working_days_left.ok_or(missing)?,
            },
        })
    }
}

/// One thing to tell one recipient about one campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub to: Recipient,
    pub reason: Reason,
}

/// The departments that have work in `campaign` at its current stage, its assignee first.
fn owners(campaign: &Campaign) -> Vec<Recipient> {
    Role::ALL
        .into_iter()
        .filter(|role| *role != Role::StoreManager && role_works_at(campaign.kind, campaign.stage, *role))
        .map(|role| Recipient::Department { role, first: campaign.assignee })
        .collect()
}

/// Whether `role` may approve a campaign of this type at `stage`.
fn approves_at(kind: CampaignType, stage: Stage, role: Role) -> bool {
    ActionKind::Approve.roles(kind).contains(&role) && ActionKind::Approve.stages().contains(&stage)
}

/// What an action that took `before` to `after` tells whom. `before` and `action` are
/// `None` for a campaign just opened.
pub fn notices(before: Option<&Campaign>, after: &Campaign, action: Option<&Action>, actor: &Actor) -> Vec<Notice> {
    let mut out: Vec<Notice> = Vec::new();
    let mut push = |to: Recipient, reason: Reason| {
        if !out.iter().any(|n| n.to == to && n.reason == reason) {
            out.push(Notice { to, reason });
        }
    };
    let stage_before = before.map(|b| b.stage);
    // A stage reached: whoever works there and did not before.
    if stage_before != Some(after.stage) && !after.stage.is_terminal() {
        for role in Role::ALL.into_iter().filter(|r| *r != Role::StoreManager && *r != actor.role) {
            let to = Recipient::Department { role, first: after.assignee };
            let approves_now = approves_at(after.kind, after.stage, role);
            if approves_now {
                if !stage_before.is_some_and(|s| approves_at(after.kind, s, role)) {
                    push(to, Reason::ApprovalNeeded);
                }
                continue;
            }
            let works_now = role_works_at(after.kind, after.stage, role);
            let worked = stage_before.is_some_and(|s| role_works_at(after.kind, s, role));
            if works_now && !worked {
                push(to, Reason::NewWork { stage: after.stage });
            }
        }
    }
    // Stores that must act now and did not have to before.
    let waiting_before = before.map(stores_waiting).unwrap_or_default();
    for store in stores_waiting(after) {
        if waiting_before.contains(&store) && stage_before == Some(after.stage) {
            continue;
        }
        let reason = match after.stage {
            Stage::StoreConfirmation => Reason::StoreToConfirm,
            Stage::Shipping => Reason::StoreToReceive,
            Stage::Rating => Reason::StoreToRate,
            _ => continue,
        };
        push(Recipient::Store { store }, reason);
    }
    // Actions that speak to someone in particular.
    let assignee = after.assignee.map(|person| Recipient::Person { person });
    match action {
        Some(Action::SendBack(SendBack { comment })) => {
            if let Some(to) = assignee {
                push(to, Reason::SentBack { comment: comment.clone() });
            }
        }
        Some(Action::RequestChanges(RequestChanges { store, comment })) => {
            if let Some(to) = assignee {
                push(to, Reason::ChangesRequested { store: *store, comment: comment.clone() });
            }
        }
        Some(Action::SendReminder(SendReminder { note })) => {
            let reason = Reason::Reminder { from: actor.name.clone(), note: note.clone() };
            let reminded = crate::workflow::reminded(after, actor);
            for to in owners(after) {
                if matches!(to, Recipient::Department { role, .. } if reminded.contains(&role)) {
                    push(to, reason.clone());
                }
            }
        }
        Some(Action::UploadProof(_)) => {
            if let (Some(to), Some(round)) = (assignee, after.proofs.last()) {
                push(to, Reason::ProofUploaded { round: round.number });
            }
        }
        Some(Action::DecideProof(DecideProof { round, passed })) => {
            if let Some(r) = after.proofs.iter().find(|r| r.number == *round) {
                push(
                    Recipient::Person { person: r.uploaded_by },
                    Reason::ProofDecided { round: *round, passed: *passed },
                );
            }
        }
        _ => {}
    }
    // Nobody is told about their own action.
    out.retain(|n| match n.to {
        Recipient::Person { person } => person != actor.person,
        Recipient::Store { store } => actor.store != Some(store),
        Recipient::Department { .. } => true,
    });
    out
}

/// What the morning digest tells the owners of a campaign's current stage when it is
/// late (`working_days_left` negative: how late) or at risk (the working days left to its
/// due day): the campaign's clock (`schedule::standing`), told once per stage and due day.
pub fn off_schedule(campaign: &Campaign, due: NaiveDate, working_days_left: i64) -> Vec<Notice> {
    owners(campaign)
        .into_iter()
        .map(|to| Notice { to, reason: Reason::DeadlineAtRisk { due, working_days_left } })
        .collect()
}

impl Reason {
    /// The line a person reads: what happened and what is asked of them.
    pub fn text(&self, lang: Lang, store_name: &dyn Fn(StoreId) -> String) -> String {
        let en = lang == Lang::En;
        match self {
            Reason::NewWork { stage } => {
                if en {
                    format!("Now at {}: your department's turn", stage.name_en())
                } else {
                    format!("已到“{}”阶段，请部门处理", stage.name_zh())
                }
            }
            Reason::ApprovalNeeded => {
                if en {
                    "A plan waits for your approval".into()
                } else {
                    "方案待您审批".into()
                }
            }
            Reason::StoreToConfirm => {
                if en {
                    "The approved plan waits for the store's confirmation".into()
                } else {
                    "方案已批准，请门店确认".into()
                }
            }
            Reason::StoreToReceive => {
                if en {
                    "Goods were shipped: confirm what arrived".into()
                } else {
                    "物料已发货，到货后请确认".into()
                }
            }
            Reason::StoreToRate => {
                if en {
                    "The campaign is over: report the sales and rate it".into()
                } else {
                    "活动已结束，请上报销售额并评价".into()
                }
            }
            Reason::SentBack { comment } => {
                if en {
                    format!("The VP sent the plan back: {comment}")
                } else {
                    format!("副总经理退回了方案：{comment}")
                }
            }
            Reason::ChangesRequested { store, comment } => {
                let name = store_name(*store);
                if en {
                    format!("{name} asked for changes: {comment}")
                } else {
                    format!("{name}要求修改方案：{comment}")
                }
            }
            Reason::Reminder { from, note } => match (en, note.is_empty()) {
                (true, true) => format!("{from} asks you to hurry"),
                (true, false) => format!("{from} asks you to hurry: {note}"),
                (false, true) => format!("{from}催办"),
                (false, false) => format!("{from}催办：{note}"),
            },
            Reason::ProofDecided { round, passed } => match (en, passed) {
                (true, true) => format!("Design round {round} passed"),
                (true, false) => format!("Design round {round} was sent back"),
                (false, true) => format!("第{round}轮设计稿已通过"),
                (false, false) => format!("第{round}轮设计稿被退回修改"),
            },
            Reason::ProofUploaded { round } => {
                if en {
                    format!("Design round {round} is up for your review")
                } else {
                    format!("第{round}轮设计稿已上传，请审稿")
                }
            }
            Reason::DeadlineAtRisk { due, working_days_left } => {
                let day = crate::messages::format_date(*due, lang);
                match (en, *working_days_left < 0) {
                    (true, true) => format!("Overdue: due {day}"),
                    (true, false) => format!("Due {day}, {working_days_left} working days left"),
                    (false, true) => format!("已逾期：截止 {day}"),
                    (false, false) => format!("截止 {day}，仅剩{working_days_left}个工作日"),
                }
            }
        }
    }
}

/// A notice about a campaign, as stored for one account and sent to its screens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Notification {
    /// Increasing across the whole server: also the event id of the live stream.
    pub id: u64,
    pub campaign: CampaignId,
    pub campaign_title: String,
    pub reason: Reason,
    pub at_unix_ms: i64,
    pub read: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::{Approve, SubmitForApproval};

    #[test]
    fn every_reason_reads_back_as_written() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap_or_default();
        for reason in [
            Reason::NewWork { stage: Stage::Revisions },
            Reason::ApprovalNeeded,
            Reason::StoreToConfirm,
            Reason::StoreToReceive,
            Reason::StoreToRate,
            Reason::SentBack { comment: "重写".into() },
            Reason::ChangesRequested { store: StoreId(3), comment: "换颜色".into() },
            Reason::Reminder { from: "曹雪".into(), note: "快".into() },
            Reason::ProofDecided { round: 2, passed: false },
            Reason::ProofUploaded { round: 3 },
            Reason::DeadlineAtRisk { due: day, working_days_left: -1 },
        ] {
            let json = serde_json::to_string(&reason).unwrap_or_default();
            let back: Option<Reason> = serde_json::from_str(&json).ok();
            assert_eq!(back.as_ref(), Some(&reason), "{json}");
        }
        let short: Result<Reason, _> = serde_json::from_str(r#"{"type":"sent_back"}"#);
        assert!(short.is_err(), "a kind without its fields is refused");
    }
    use crate::ids::{CampaignId, UserId};

    fn actor(role: Role, store: Option<StoreId>) -> Actor {
        Actor { user: UserId(9), person: PersonId(9), name: "测试".into(), role, store }
    }

    fn campaign(stage: Stage) -> Campaign {
        let mut c = Campaign::blank(CampaignId(1), CampaignType::HolidayPromotion, NaiveDate::MIN);
        c.stores = vec![StoreId(1), StoreId(2)];
        c.assignee = Some(PersonId(5));
        c.stage = stage;
        c
    }

    #[test]
    fn an_uploaded_proof_round_is_told_to_the_planner_in_charge() {
        let before = campaign(Stage::DraftPlan);
        let mut after = campaign(Stage::DraftPlan);
        after.proofs.push(crate::plan::ProofRound {
            number: 3,
            step: crate::plan::ProofStep::Proof,
            files: vec![crate::ids::AttachmentId(7)],
            uploaded_by: PersonId(9),
            comments: Vec::new(),
            outcome: None,
        });
        let upload = Action::UploadProof(crate::workflow::UploadProof { files: vec![crate::ids::AttachmentId(7)] });
        let told = notices(Some(&before), &after, Some(&upload), &actor(Role::Design, None));
        assert_eq!(
            told,
            vec![Notice { to: Recipient::Person { person: PersonId(5) }, reason: Reason::ProofUploaded { round: 3 } }]
        );
    }

    #[test]
    fn reaching_approval_tells_the_vp_and_nobody_else_new() {
        let before = campaign(Stage::Revisions);
        let after = campaign(Stage::Approval);
        let told = notices(
            Some(&before),
            &after,
            Some(&Action::SubmitForApproval(SubmitForApproval {})),
            &actor(Role::Planning, None),
        );
        assert!(told.iter().any(|n| n.reason == Reason::ApprovalNeeded
            && n.to == Recipient::Department { role: Role::Vp, first: Some(PersonId(5)) }));
        assert!(told.iter().all(|n| !matches!(n.to, Recipient::Store { .. })));
    }

    #[test]
    fn every_store_is_told_to_confirm_once_the_plan_is_approved() {
        let before = campaign(Stage::Approval);
        let after = campaign(Stage::StoreConfirmation);
        let told = notices(Some(&before), &after, Some(&Action::Approve(Approve {})), &actor(Role::Vp, None));
        for store in [StoreId(1), StoreId(2)] {
            assert!(
                told.contains(&Notice { to: Recipient::Store { store }, reason: Reason::StoreToConfirm }),
                "{told:?}"
            );
        }
    }

    #[test]
    fn a_send_back_speaks_to_the_assignee() {
        let before = campaign(Stage::Approval);
        let after = campaign(Stage::Revisions);
        let told = notices(
            Some(&before),
            &after,
            Some(&Action::SendBack(SendBack { comment: "预算偏高".into() })),
            &actor(Role::Vp, None),
        );
        assert!(told.contains(&Notice {
            to: Recipient::Person { person: PersonId(5) },
            reason: Reason::SentBack { comment: "预算偏高".into() }
        }));
    }

    #[test]
    fn nobody_is_told_about_their_own_step() {
        let before = campaign(Stage::Rating);
        let mut after = campaign(Stage::Rating);
        after.version += 1;
        let told = notices(
            Some(&before),
            &after,
            Some(&Action::SendReminder(SendReminder { note: String::new() })),
            &actor(Role::StoreManager, Some(StoreId(1))),
        );
        assert!(told.iter().all(|n| n.to != Recipient::Store { store: StoreId(1) }));
    }

    #[test]
    fn the_words_have_no_codes() {
        let reasons = [
            Reason::NewWork { stage: Stage::DraftPlan },
            Reason::ApprovalNeeded,
            Reason::StoreToConfirm,
            Reason::StoreToReceive,
            Reason::StoreToRate,
            Reason::SentBack { comment: "x".into() },
            Reason::ChangesRequested { store: StoreId(3), comment: "x".into() },
            Reason::Reminder { from: "张岱".into(), note: String::new() },
            Reason::ProofDecided { round: 2, passed: false },
            Reason::ProofUploaded { round: 2 },
            Reason::DeadlineAtRisk { due: NaiveDate::MIN, working_days_left: 2 },
        ];
        for reason in reasons {
            for lang in [Lang::Zh, Lang::En] {
                let text = reason.text(lang, &|_| "鸡西店".into());
                assert!(!text.contains('_') && !text.contains('#') && !text.is_empty(), "{text}");
            }
        }
    }
}
