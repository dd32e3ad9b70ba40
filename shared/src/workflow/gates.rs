//! What can be done, before any input is read: the stages of each campaign type, whether
//! an actor may take an action now (`check_gate`, in one fixed order so each refusal has
//! exactly one reason), which roles have work at a stage, which stores still have to act,
//! and every action open to a person with the reason the others are not. The caps are
//! checked here too (a campaign's records sized to its stores, one person's repeatable
//! entries), so the campaign's `actions` say what a full cap will refuse.

use chrono::NaiveDate;

use super::input::check_personal_limit;
use super::{ActionKind, Violation, ViolationKind};
use crate::campaign::{Campaign, CampaignType, Stage};
use crate::ids::StoreId;
use crate::messages::Message;
use crate::org::{Actor, Role};
use crate::rules::can_view;

/// The stages a campaign goes through, in order, ending with `Closed`.
pub fn stages_of(kind: CampaignType, has_stores: bool) -> &'static [Stage] {
    use Stage::*;
    const FULL: &[Stage] = &[
        Intake,
        Needs,
        Brainstorm,
        DraftPlan,
        Revisions,
        Approval,
        StoreConfirmation,
        Production,
        Shipping,
        Execution,
        Summary,
        Rating,
        Closed,
    ];
    const VIDEO_FOR_STORE: &[Stage] =
        &[Intake, Needs, DraftPlan, Revisions, Approval, Production, Summary, Rating, Closed];
    const VIDEO_INTERNAL: &[Stage] = &[Intake, Needs, DraftPlan, Revisions, Approval, Production, Summary, Closed];
    const ANNUAL: &[Stage] = &[Intake, Needs, Brainstorm, DraftPlan, Revisions, Approval, Closed];
    match kind {
        CampaignType::VideoProduction if has_stores => VIDEO_FOR_STORE,
        CampaignType::VideoProduction => VIDEO_INTERNAL,
        CampaignType::AnnualPlan => ANNUAL,
        CampaignType::HolidayPromotion
        | CampaignType::StoreOpening
        | CampaignType::StoreSpecific
        | CampaignType::NewProductLaunch => FULL,
    }
}

pub(super) fn campaign_stages(campaign: &Campaign) -> &'static [Stage] {
    stages_of(campaign.kind, !campaign.stores.is_empty())
}

/// The stage after the campaign's current one for its type.
pub(super) fn next_stage(campaign: &Campaign) -> Stage {
    let stages = campaign_stages(campaign);
    stages.iter().position(|s| *s == campaign.stage).and_then(|i| stages.get(i + 1)).copied().unwrap_or(Stage::Closed)
}

/// Checks everything about an action that does not depend on its input: whether this
/// actor may take it on this campaign today, its caps included (the campaign's state,
/// then the actor's own repeatable entries). `store` is the store a per-store action is
/// for (for a store manager, their own store).
pub fn check_gate(
    campaign: &Campaign,
    kind: ActionKind,
    actor: &Actor,
    store: Option<StoreId>,
    today: NaiveDate,
) -> Result<(), Violation> {
    if campaign.stage.is_terminal() {
        return Err(Violation::one(
            ViolationKind::Conflict,
            "",
            &Message::CampaignEnded { stage: campaign.stage.name() },
        ));
    }
    if !can_view(campaign, actor) {
        return Err(Violation::one(ViolationKind::NotFound, "", &Message::StoreScope));
    }
    if !kind.roles(campaign.kind).contains(&actor.role) {
        return Err(Violation::one(ViolationKind::Forbidden, "", &Message::RoleNotAllowed { role: actor.role.name() }));
    }
    if actor.role == Role::StoreManager && kind.is_per_store() && store != actor.store {
        return Err(Violation::one(ViolationKind::NotFound, "store", &Message::StoreScope));
    }
    if !kind.stages().contains(&campaign.stage)
        || !campaign_stages(campaign).contains(&campaign.stage)
        || !kind.fits(campaign)
    {
        return Err(Violation::one(ViolationKind::Conflict, "", &Message::WrongStage { stage: campaign.stage.name() }));
    }
    if let Some(store) = store
        && !campaign.has_store(store)
    {
        return Err(Violation::one(ViolationKind::Invalid, "store", &Message::StoreScope));
    }
    kind.check_state(campaign, store, today)?;
    if kind.is_repeatable() {
        check_personal_limit(campaign, actor)?;
    }
    Ok(())
}

/// Whether `role` has work in a campaign of type `kind` at `stage`: an action it owns
/// there that is its work ([`super::Act::is_work_for`]: not the ones anyone may take nor
/// the exceptions). Drives the staff's "my work" queue and who is told.
pub fn role_works_at(kind: CampaignType, stage: Stage, role: Role) -> bool {
    stages_of(kind, true).contains(&stage)
        && ActionKind::ALL.into_iter().any(|action| {
            action.is_work_for(role) && action.stages().contains(&stage) && action.roles(kind).contains(&role)
        })
}

/// Whether an action of this kind is possible for the actor now, and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionCheck {
    pub kind: ActionKind,
    pub allowed: Result<(), Violation>,
}

/// Every action the actor's role owns on this campaign type, each with the reason it is
/// not possible today. Per-store actions are checked for the store manager's own store, or
/// for staff against the first store still waiting.
pub fn available_actions(campaign: &Campaign, actor: &Actor, today: NaiveDate) -> Vec<ActionCheck> {
    ActionKind::ALL
        .into_iter()
        .filter(|kind| kind.roles(campaign.kind).contains(&actor.role))
        .map(|kind| {
            let store = if kind.is_per_store() {
                actor.store.or_else(|| first_waiting_store(campaign, kind)).or(campaign.stores.first().copied())
            } else {
                None
            };
            ActionCheck { kind, allowed: check_gate(campaign, kind, actor, store, today) }
        })
        .collect()
}

/// For staff looking at a per-store action: the first store it could be taken for now.
fn first_waiting_store(campaign: &Campaign, kind: ActionKind) -> Option<StoreId> {
    campaign.stores.iter().copied().find(|store| {
        kind == ActionKind::RecordShipment
            && campaign.confirmation_of(*store).is_some()
            && !campaign.shipments.iter().any(|s| s.store == *store)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule as it stood before each action said it (issue 37): the list kept here
    /// holds the actions' own answers to it for every type, stage and role.
    #[test]
    fn each_actions_own_word_on_work_gives_the_queue_the_old_list_gave() {
        let old = |kind: CampaignType, stage: Stage, role: Role| {
            ActionKind::ALL.into_iter().any(|action| {
                !matches!(
                    action,
                    ActionKind::SendReminder
                        | ActionKind::Comment
                        | ActionKind::CommentProof
                        | ActionKind::Cancel
                        | ActionKind::OverrideLate
                ) && (action != ActionKind::DecideProof || role != Role::Vp)
                    && action.stages().contains(&stage)
                    && action.roles(kind).contains(&role)
                    && stages_of(kind, true).contains(&stage)
            })
        };
        for kind in CampaignType::ALL {
            for stage in Stage::ALL {
                for role in Role::ALL {
                    assert_eq!(role_works_at(kind, stage, role), old(kind, stage, role), "{kind:?} {stage:?} {role:?}");
                }
            }
        }
        assert!(!ActionKind::Create.is_work_for(Role::Planning));
    }
}
