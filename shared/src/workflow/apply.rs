//! The transition: decides one action (the gate, with the caps on what one person or the
//! campaign may hold, then its input), applies it to a copy of the campaign, appends its
//! one history entry and bumps the version. Nothing else in the product changes a
//! campaign.

use super::{Action, Context, Violation, check_gate};
use crate::campaign::{Campaign, HistoryEntry, Stage};
use crate::org::{Actor, Role};

/// The result of an accepted action: the campaign as it now is (history appended,
/// version bumped) and the stages it moved between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub from: Stage,
    pub to: Stage,
    pub campaign: Campaign,
}

/// Decides one action: refuses it with the one reason, or returns the campaign as it is
/// after the action, with one history entry appended and the version bumped.
pub fn apply(campaign: &Campaign, action: Action, actor: &Actor, ctx: &Context<'_>) -> Result<Transition, Violation> {
    let kind = action.kind();
    check_gate(campaign, kind, actor, action.store(), ctx.today)?;
    let errors = action.check_input(campaign, actor, ctx);
    if !errors.is_empty() {
        return Err(Violation::invalid(errors));
    }
    let mut next = campaign.clone();
    let from = campaign.stage;
    let named = action.store();
    let applied = action.effect(&mut next, actor, ctx);
    let store = applied.about_store.or(named).or(actor.store);
    if on_team(actor.role) && !next.team.contains(&actor.person) {
        next.team.push(actor.person);
    }
    let seq = u32::try_from(next.history.len()).unwrap_or(u32::MAX).saturating_add(1);
    next.history.push(HistoryEntry {
        seq,
        on: ctx.today,
        at_unix_ms: ctx.now_unix_ms,
        user: actor.user,
        person: actor.person,
        name: actor.name.clone(),
        role: actor.role,
        action: kind,
        from,
        to: next.stage,
        note: applied.note,
        store,
    });
    next.version = campaign.version.saturating_add(1);
    debug_assert!(crate::rules::check_history_append_only(&campaign.history, &next.history).is_ok());
    Ok(Transition { from, to: next.stage, campaign: next })
}

/// R7: whose KPI a campaign's ratings count for: the center's working staff who acted on
/// it (the VP judges the work rather than doing it, so approvals do not count).
pub fn on_team(role: Role) -> bool {
    role.is_center_staff() && role != Role::Vp
}
