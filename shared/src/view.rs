//! What each person may see: the one projection every read passes on the server before
//! anything leaves it. The client renders what it receives and decides nothing about
//! secrecy.
//!
//! The franchise stores are separate businesses (R5): a store manager sees their own
//! store's part of a campaign and the plan the VP approved (R4), never another store's
//! confirmation, delivery, sales, help or rating, and never the center's drafts, review
//! comments, task notes or internal history notes. The center's staff, the franchise
//! service center, the market department and the administrator work for the company
//! that runs the campaigns and see all of it.

use std::ops::Deref;

use serde::{Deserialize, Serialize};

use crate::campaign::{Campaign, HistoryEntry, Listing, Needs, Stage};
use crate::ids::{AttachmentId, PersonId, StoreId};
use crate::org::{Actor, OrgUnit, Person, Position, Role, Store};
use crate::plan::ProofStep;

/// Whose eyes a read is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The company's own people: everything.
    Center,
    /// A store manager: that store's part only.
    Store(StoreId),
    /// A store manager's account without a store: nothing of any campaign.
    Nobody,
}

impl Audience {
    /// Every role is named: a new one must be given its audience, not let see every
    /// campaign by a catch-all.
    pub fn of(actor: &Actor) -> Audience {
        match actor.role {
            Role::StoreManager => match actor.store {
                Some(store) => Audience::Store(store),
                None => Audience::Nobody,
            },
            Role::ServiceCenter
            | Role::Market
            | Role::Planning
            | Role::Design
            | Role::Video
            | Role::Brand
            | Role::Merchandise
            | Role::Purchasing
            | Role::Vp
            | Role::Admin => Audience::Center,
        }
    }
}

/// A campaign as one person may see it. The only way to make one is
/// [`CampaignView::for_actor`], so a server that answers with a `CampaignView` has
/// projected it; the browser reads it like a [`Campaign`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct CampaignView(Campaign);

impl Deref for CampaignView {
    type Target = Campaign;

    fn deref(&self) -> &Campaign {
        &self.0
    }
}

impl CampaignView {
    /// The campaign as `actor` may see it, or `None` if they may not see it at all.
    pub fn for_actor(campaign: &Campaign, actor: &Actor) -> Option<CampaignView> {
        match Audience::of(actor) {
            Audience::Center => Some(CampaignView(campaign.clone())),
            Audience::Nobody => None,
            Audience::Store(store) => campaign.has_store(store).then(|| CampaignView(for_store(campaign, store))),
        }
    }

    pub fn campaign(&self) -> &Campaign {
        &self.0
    }

    /// Every file this view shows (design rounds and their pins, receipt photos, summary
    /// photos): the files its reader may download.
    pub fn files(&self) -> Vec<AttachmentId> {
        self.0.referenced_files()
    }

    pub fn shows_file(&self, file: AttachmentId) -> bool {
        self.files().contains(&file)
    }
}

/// A list row as one person may see it: the cut [`CampaignView::for_actor`] makes, on the
/// fields a row has (a store sees itself alone among the stores and the stores waiting).
/// The only way to make one is [`ListingView::for_actor`]; the list is built from these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingView(Listing);

impl ListingView {
    pub fn for_actor(mut listing: Listing, actor: &Actor) -> Option<ListingView> {
        match Audience::of(actor) {
            Audience::Center => Some(ListingView(listing)),
            Audience::Nobody => None,
            Audience::Store(store) => listing.has_store(store).then(|| {
                listing.stores = vec![store];
                listing.stores_waiting.retain(|s| *s == store);
                // The campaign's version counts the center's hidden work too; a row has
                // no history to count a store's own version from (`store_version`), so
                // it carries none: a store acts on the version of the campaign's page.
                listing.version = 0;
                ListingView(listing)
            }),
        }
    }

    pub fn listing(&self) -> &Listing {
        &self.0
    }

    pub fn into_listing(self) -> Listing {
        self.0
    }
}

/// One store's part of a campaign.
fn for_store(c: &Campaign, store: StoreId) -> Campaign {
    let own = |s: &StoreId| *s == store;
    // R4: the plan reaches stores only once the VP approved it, and then only the
    // approved version, without the planner's note on it, and without what the plan costs
    // and expects to sell: the budget's lines and the forecast are the center's business
    // (a 75-store campaign's budget is the center's whole spend on it).
    let approved_plan =
        c.approval.as_ref().and_then(|a| c.plan_versions.iter().find(|v| v.number == a.plan_version)).map(|v| {
            crate::plan::PlanVersion {
                note: String::new(),
                document: crate::plan::PlanDocument {
                    forecast: String::new(),
                    budget: Vec::new(),
                    forecast_sales: None,
                    ..v.document.clone()
                },
                ..v.clone()
            }
        });
    // The design as passed (定稿), without the center's comments on it, once the plan it
    // belongs to is approved and with the stores: the rounds are decided only while the
    // plan is drafted (`PLAN_STAGES`), so what a store sees of them changes only with a
    // stage move, which its history shows (and its version counts).
    let final_proofs = if c.stage > Stage::Approval && c.approval.is_some() {
        c.proofs
            .iter()
            .filter(|r| r.step == ProofStep::Final && r.outcome.as_ref().is_some_and(|o| o.passed))
            .map(|r| crate::plan::ProofRound { comments: Vec::new(), ..r.clone() })
            .collect()
    } else {
        Vec::new()
    };
    Campaign {
        id: c.id,
        kind: c.kind,
        title: c.title.clone(),
        stores: vec![store],
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        due_on: c.due_on,
        plan_year: c.plan_year,
        requested_on: c.requested_on,
        placed_by: c.placed_by,
        placed_by_name: c.placed_by_name.clone(),
        assignee: c.assignee,
        stage: c.stage,
        version: store_version(c, store),
        // Needs on a campaign shared by several stores may be any of them's wishes.
        needs: if c.stores.len() == 1 { c.needs.clone() } else { Needs::default() },
        brainstorm: None,
        plan_versions: approved_plan.into_iter().collect(),
        review_comments: Vec::new(),
        tasks: Vec::new(),
        proofs: final_proofs,
        approval: c.approval.clone(),
        lateness: None,
        late_override: None,
        confirmations: c.confirmations.iter().filter(|x| own(&x.store)).cloned().collect(),
        shipments: c.shipments.iter().filter(|x| own(&x.store)).cloned().collect(),
        receipts: c.receipts.iter().filter(|x| own(&x.store)).cloned().collect(),
        help_requests: c.help_requests.iter().filter(|x| own(&x.store)).cloned().collect(),
        sales: c.sales.iter().filter(|x| own(&x.store)).cloned().collect(),
        summary: None,
        ratings: c
            .ratings
            .iter()
            .filter(|x| own(&x.store))
            .map(|r| crate::campaign::Rating { staff: Vec::new(), ..r.clone() })
            .collect(),
        team: Vec::new(),
        cancel_reason: c.cancel_reason.clone(),
        history: history_for_store(c, store),
        // The center's orders, suppliers, prices and invoices are its own business.
        costs: crate::costs::Costs::default(),
    }
}

/// Whether `entry` is one `store` reads in its history: everything about its own store,
/// every stage move (the center's, and another store's without who made it), the
/// opening, and on a campaign of that store alone the
/// needs the center recorded for it (its view shows them). These are exactly the entries
/// that change what the store sees of the campaign ([`for_store`]): the center's other
/// work — plans, proofs, tasks, reminders, orders and invoices — changes nothing a store
/// reads, so it is neither in its history nor in its version nor in its live events.
pub fn store_reads_entry(c: &Campaign, entry: &HistoryEntry, store: StoreId) -> bool {
    match entry.store {
        Some(s) if s == store => true,
        // Another store's step that moved the campaign on (the last confirmation or
        // receipt, a request for changes): the move, never who made it or why.
        Some(_) => entry.from != entry.to,
        None => {
            entry.from != entry.to
                || entry.to == Stage::Intake && entry.seq == 1
                || entry.action == crate::campaign::ActionKind::RecordNeeds && c.stores.len() == 1
        }
    }
}

/// The version of `store`'s part of the campaign: how many of its entries the store
/// reads ([`store_reads_entry`]). It moves exactly when the store's view does, so the
/// center's hidden work neither shows in it nor makes a store's action stale: the server
/// checks a store's action against this version (`api::campaigns::act`).
pub fn store_version(c: &Campaign, store: StoreId) -> u64 {
    c.history.iter().filter(|e| store_reads_entry(c, e, store)).count() as u64
}

/// The version `actor` sees of the campaign (the one their actions are checked against):
/// the campaign's own for the center, the store's part's for a store ([`store_version`]).
pub fn version_for(c: &Campaign, actor: &Actor) -> Option<u64> {
    match Audience::of(actor) {
        Audience::Center => Some(c.version),
        Audience::Store(store) => c.has_store(store).then(|| store_version(c, store)),
        Audience::Nobody => None,
    }
}

/// The history a store may read ([`store_reads_entry`]), the center's entries without
/// their internal notes. Another store's entries are left out, but for the stage moves
/// they made, which keep only the move (no person, name, store or note); the entries are
/// numbered afresh so that gaps tell nothing either.
fn history_for_store(c: &Campaign, store: StoreId) -> Vec<HistoryEntry> {
    c.history
        .iter()
        .filter(|entry| store_reads_entry(c, entry, store))
        .map(|entry| match entry.store {
            Some(s) if s == store => entry.clone(),
            Some(_) => HistoryEntry {
                note: String::new(),
                name: String::new(),
                user: crate::ids::UserId(0),
                person: PersonId(0),
                store: None,
                ..entry.clone()
            },
            None => HistoryEntry { note: String::new(), ..entry.clone() },
        })
        .zip(1u32..)
        .map(|(entry, seq)| HistoryEntry { seq, ..entry })
        .collect()
}

/// Whether `actor` may see the campaign's clock: each stage's due day on the center's
/// schedule, and whether the current stage is late or at risk. That is how the center's
/// own work is judged (its time, its people's KPIs), so it stays with the company's people;
/// a store manager sees the stage, the event's dates and the working days left before it.
pub fn sees_clock(actor: &Actor) -> bool {
    Audience::of(actor) == Audience::Center
}

/// Whether `actor` may see the campaign's money: orders, suppliers, prices, invoices and
/// the totals against the budget. The company's people do; a franchisee never does.
pub fn sees_costs(actor: &Actor) -> bool {
    Audience::of(actor) == Audience::Center
}

/// Whether `actor` may read the cost reports and exports across campaigns: the VP, the
/// administrator and purchasing (there is no finance role; finance takes the exports from
/// them).
pub fn sees_cost_reports(actor: &Actor) -> bool {
    matches!(actor.role, Role::Vp | Role::Admin | Role::Purchasing)
}

/// Whether `actor` may see a store's record: a store manager sees their own store only.
pub fn sees_store(actor: &Actor, store: &Store) -> bool {
    match Audience::of(actor) {
        Audience::Center => true,
        Audience::Store(own) => store.id == own,
        Audience::Nobody => false,
    }
}

/// Whether `actor` may see a person of the org: a store manager sees the people who serve
/// their store (its planners) and themselves, not everyone's details.
pub fn sees_person(actor: &Actor, person: &Person) -> bool {
    match Audience::of(actor) {
        Audience::Center => true,
        Audience::Store(own) => person.id == actor.person || person.stores_covered.contains(&own),
        Audience::Nobody => person.id == actor.person,
    }
}

/// A person as `actor` sees them: to a store manager, without the other stores they
/// cover or their login account.
pub fn person_view(actor: &Actor, person: Person) -> Person {
    match Audience::of(actor) {
        Audience::Center => person,
        Audience::Store(own) => Person {
            stores_covered: person.stores_covered.into_iter().filter(|s| *s == own).collect(),
            account: None,
            ..person
        },
        Audience::Nobody => Person { stores_covered: Vec::new(), account: None, ..person },
    }
}

/// Whether `actor` may see a position: a store manager sees the positions of the people
/// they see (`visible_people`).
pub fn sees_position(actor: &Actor, position: &Position, visible_people: &[Person]) -> bool {
    Audience::of(actor) == Audience::Center || visible_people.iter().any(|p| p.positions.contains(&position.id))
}

/// Departments and groups are how the center presents itself: everyone sees them.
pub fn sees_unit(_actor: &Actor, _unit: &OrgUnit) -> bool {
    true
}

/// Whose KPI rows (R7) a person may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpiScope {
    /// The VP and the administrator: everyone's.
    All,
    /// Other center staff: their own.
    Own(PersonId),
    /// Stores, the service center and market: none (the report is refused).
    Refused,
}

/// Every role is named, so that a new one is refused or granted on purpose.
pub fn kpi_scope(actor: &Actor) -> KpiScope {
    match actor.role {
        Role::Vp | Role::Admin => KpiScope::All,
        Role::Planning | Role::Design | Role::Video | Role::Brand | Role::Merchandise | Role::Purchasing => {
            KpiScope::Own(actor.person)
        }
        Role::StoreManager | Role::ServiceCenter | Role::Market => KpiScope::Refused,
    }
}

impl KpiScope {
    pub fn shows(self, staff: PersonId) -> bool {
        match self {
            KpiScope::All => true,
            KpiScope::Own(person) => person == staff,
            KpiScope::Refused => false,
        }
    }
}

/// Accounts are the administrator's business only.
pub fn sees_accounts(actor: &Actor) -> bool {
    actor.role == Role::Admin
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::{CampaignType, Rating, SalesFigure};
    use crate::ids::{CampaignId, UserId};
    use crate::money::Fen;

    fn actor(role: Role, store: Option<u64>) -> Actor {
        Actor { user: UserId(1), person: PersonId(1), name: "x".into(), role, store: store.map(StoreId) }
    }

    fn shared_campaign() -> Campaign {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or_default();
        let mut c = Campaign::blank(CampaignId(1), CampaignType::HolidayPromotion, day);
        c.stores = vec![StoreId(1), StoreId(2)];
        c.sales = vec![
            SalesFigure { store: StoreId(1), amount: Fen(100), reported_on: day },
            SalesFigure { store: StoreId(2), amount: Fen(200), reported_on: day },
        ];
        c.ratings = vec![Rating {
            store: StoreId(2),
            satisfied: false,
            comment: "二店的抱怨".into(),
            by: PersonId(9),
            on: day,
            staff: vec![PersonId(3)],
        }];
        c
    }

    #[test]
    fn a_list_row_is_cut_as_the_campaign_is_for_every_reader() {
        let mut waiting = shared_campaign();
        waiting.stage = Stage::Rating;
        waiting.ratings.clear();
        for campaign in [shared_campaign(), waiting] {
            for reader in [
                actor(Role::StoreManager, Some(1)),
                actor(Role::StoreManager, Some(2)),
                actor(Role::StoreManager, Some(3)),
                actor(Role::StoreManager, None),
                actor(Role::Planning, None),
                actor(Role::Vp, None),
                actor(Role::ServiceCenter, None),
            ] {
                let by_row = ListingView::for_actor(Listing::of(&campaign), &reader).map(ListingView::into_listing);
                // A store's row carries no version (its version is the campaign page's).
                let by_campaign = CampaignView::for_actor(&campaign, &reader).map(|v| Listing {
                    version: if reader.role == Role::StoreManager { 0 } else { v.version },
                    ..Listing::of(v.campaign())
                });
                assert_eq!(by_row, by_campaign, "{:?} reading a campaign at {:?}", reader.role, campaign.stage);
            }
        }
    }

    #[test]
    fn a_store_sees_its_own_part_and_nothing_of_the_other_store() {
        let view = CampaignView::for_actor(&shared_campaign(), &actor(Role::StoreManager, Some(1)));
        let view = view.map(|v| v.campaign().clone());
        assert_eq!(view.as_ref().map(|c| c.stores.clone()), Some(vec![StoreId(1)]));
        assert_eq!(view.as_ref().map(|c| c.sales.len()), Some(1));
        assert_eq!(view.as_ref().map(|c| c.ratings.len()), Some(0));
        assert!(CampaignView::for_actor(&shared_campaign(), &actor(Role::StoreManager, Some(3))).is_none());
        assert!(CampaignView::for_actor(&shared_campaign(), &actor(Role::StoreManager, None)).is_none());
    }

    fn entry(
        seq: u32,
        action: crate::campaign::ActionKind,
        (from, to): (Stage, Stage),
        store: Option<u64>,
    ) -> HistoryEntry {
        HistoryEntry {
            seq,
            on: chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or_default(),
            at_unix_ms: 0,
            user: UserId(u64::from(seq) + 10),
            person: PersonId(u64::from(seq) + 20),
            name: format!("某人{seq}"),
            role: if store.is_some() { Role::StoreManager } else { Role::Purchasing },
            action,
            from,
            to,
            note: format!("内部备注{seq}"),
            store: store.map(StoreId),
        }
    }

    #[test]
    fn a_stores_version_counts_what_it_reads_and_another_stores_move_is_only_the_move() {
        use crate::campaign::ActionKind as K;
        let mut c = shared_campaign();
        let confirm = (Stage::StoreConfirmation, Stage::StoreConfirmation);
        c.history = vec![
            entry(1, K::Create, (Stage::Intake, Stage::Intake), None),
            entry(2, K::RecordOrder, (Stage::StoreConfirmation, Stage::StoreConfirmation), None),
            entry(3, K::ConfirmPlan, confirm, Some(1)),
            entry(4, K::RecordInvoice, (Stage::StoreConfirmation, Stage::StoreConfirmation), None),
            entry(5, K::ConfirmPlan, (Stage::StoreConfirmation, Stage::Production), Some(2)),
        ];
        c.version = 5;
        c.stage = Stage::Production;
        // Store 1 reads its opening, its own confirmation and the move store 2 made.
        assert_eq!(store_version(&c, StoreId(1)), 3);
        let view = CampaignView::for_actor(&c, &actor(Role::StoreManager, Some(1))).map(|v| v.campaign().clone());
        let history = view.map(|v| v.history).unwrap_or_default();
        assert_eq!(history.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
        let moved = &history[2];
        assert_eq!((moved.from, moved.to), (Stage::StoreConfirmation, Stage::Production));
        assert_eq!((moved.name.as_str(), moved.note.as_str(), moved.store), ("", "", None));
        assert_eq!((moved.user, moved.person), (UserId(0), PersonId(0)));
        assert_eq!(history[1].note, "内部备注3", "its own entry is whole");
        // The center's hidden work (entries 2 and 4) moved the campaign's version only.
        assert_eq!(version_for(&c, &actor(Role::Purchasing, None)), Some(5));
        assert_eq!(version_for(&c, &actor(Role::StoreManager, Some(2))), Some(2));
        assert_eq!(version_for(&c, &actor(Role::StoreManager, Some(3))), None);
        // On a campaign of one store, the needs the center records are the store's to read.
        let mut own = c.clone();
        own.stores = vec![StoreId(1)];
        own.history.push(entry(6, K::RecordNeeds, (Stage::Needs, Stage::Needs), None));
        assert_eq!(store_version(&own, StoreId(1)), 4);
        c.history.push(entry(6, K::RecordNeeds, (Stage::Needs, Stage::Needs), None));
        assert_eq!(store_version(&c, StoreId(1)), 3, "on a shared campaign the needs are not shown, nor counted");
    }

    #[test]
    fn the_center_sees_everything() {
        let view = CampaignView::for_actor(&shared_campaign(), &actor(Role::ServiceCenter, None));
        assert_eq!(view.map(|v| v.campaign().clone()), Some(shared_campaign()));
    }
}
