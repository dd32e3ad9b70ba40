//! Campaigns: open one (立项), list with filters and pages, read one with its history and
//! what the asking user may do, and one endpoint per workflow action, each decided by
//! `shared::workflow::apply`.

use axum::Router;
use axum::extract::{Path, State};
use chrono::NaiveDate;
use shared::Calendar;
use shared::api::{
    ActionAvailability, ActionRequest, CampaignDetail, CampaignList, CampaignQuery, CampaignSummary, Contact,
};
use shared::campaign::{Campaign, Listing, Stage};
use shared::endpoints::{ActOnCampaign, CreateCampaign, GetCampaign, ListCampaigns};
use shared::ids::{CampaignId, PersonId, StoreId};
use shared::intake::{NewCampaign, create_campaign};
use shared::messages::{FieldError, Message};
use shared::org::{Actor, Coverage, Person, Role, Store};
use shared::schedule::{Book, Facts, Standing};
use shared::view::{Audience, CampaignView, ListingView};
use shared::workflow::{ActionKind, Context, apply, available_actions, stages_of};

use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;
use crate::storage::{CampaignFilter, MAX_PAGE_SIZE, UserRecord};

pub fn router() -> Router<AppState> {
    let router = route::<ListCampaigns, _, _>(Router::new(), list);
    let router = route::<CreateCampaign, _, _>(router, create);
    let router = route::<GetCampaign, _, _>(router, read);
    route::<ActOnCampaign, _, _>(router, act)
}

/// Summaries of a page of campaigns as `actor` may see them; working days are counted
/// once per distinct date (pages share dates: a holiday promotion's stores, a season's
/// openings).
pub fn summaries(
    rows: Vec<Listing>,
    actor: &Actor,
    today: NaiveDate,
    calendar: &Calendar,
    book: &Book,
) -> Vec<CampaignSummary> {
    // Pages share dates (a holiday promotion's stores, a season's openings); video jobs
    // are judged one by one, for R1 depends on their request day too.
    // (An ended campaign has no clock to count: it is told apart.)
    let mut counted: std::collections::HashMap<(Option<NaiveDate>, bool), shared::rules::Deadline> =
        std::collections::HashMap::new();
    rows.into_iter()
        .filter_map(|row| ListingView::for_actor(row, actor))
        .map(|view| {
            let row = view.listing();
            let facts = shared::rules::DeadlineFacts::of_listing(row);
            let deadline = if row.kind == shared::campaign::CampaignType::VideoProduction {
                shared::rules::deadline_of(facts, today, calendar)
            } else {
                *counted
                    .entry((row.due_on.or(row.starts_on), row.stage.is_terminal()))
                    .or_insert_with(|| shared::rules::deadline_of(facts, today, calendar))
            };
            let sees_clock = shared::view::sees_clock(actor);
            let standing =
                if sees_clock { listing_standing(view.listing(), today, calendar, book) } else { Standing::default() };
            CampaignSummary::of(view, deadline, standing, sees_clock)
        })
        .collect()
}

/// Where a list row's campaign stands against its schedule today (`shared::schedule`),
/// under the template it was requested under.
pub fn listing_standing(row: &Listing, today: NaiveDate, calendar: &Calendar, book: &Book) -> Standing {
    if row.stage.is_terminal() {
        return Standing::default();
    }
    let template = book.for_request(row.kind, row.requested_on);
    match shared::schedule::due_days(&Facts::of_listing(row), &template, calendar) {
        Ok(due) => shared::schedule::standing(&due, row.stage, row.stage_since, &template, today, calendar),
        // Said, not left empty: an uncounted schedule is neither late nor on time (R8).
        Err(error) => Standing::cannot_count(row.stage, &error),
    }
}

/// The campaign as the user may see it, with what they may do now.
fn detail(state: &AppState, campaign: &Campaign, current: &CurrentUser) -> Result<CampaignDetail, AppError> {
    let view = CampaignView::for_actor(campaign, &current.actor).ok_or(AppError::NotFound)?;
    let today = state.clock.today();
    let calendar = state.calendar();
    let actions: Vec<ActionAvailability> = available_actions(campaign, &current.actor, today)
        .into_iter()
        .map(|check| ActionAvailability {
            action: check.kind,
            allowed: check.allowed.is_ok(),
            reason: check.allowed.err().and_then(|v| v.errors.into_iter().next()),
        })
        .collect();
    let handler = match campaign.assignee {
        Some(person) => state.store.get::<Person>(person.0)?.map(|p| Contact {
            person,
            name: p.value.name,
            contact: p.value.contact,
        }),
        None => None,
    };
    let deadline = shared::rules::deadline(campaign, today, &calendar);
    let template = state.schedule().for_request(campaign.kind, campaign.requested_on);
    let mut schedule = shared::schedule::schedule_of(campaign, &template, &calendar);
    let due: Vec<(Stage, NaiveDate)> = schedule.entries.iter().map(|e| (e.stage, e.due_on)).collect();
    let mut standing = shared::schedule::standing(
        &due,
        campaign.stage,
        shared::schedule::stage_since(campaign),
        &template,
        today,
        &calendar,
    );
    if !campaign.stage.is_terminal() {
        // A schedule the calendar cannot count says why (R8), on the page as in the list.
        standing.uncounted = schedule.uncounted;
    }
    if !shared::view::sees_clock(&current.actor) {
        schedule = shared::schedule::Schedule::default();
        standing = Standing::default();
    }
    let money = shared::view::sees_costs(&current.actor)
        .then(|| state.store.money_settings().map(|m| shared::costs::money_of(campaign, m.tolerance_percent)))
        .transpose()?;
    let may_remind = actions.iter().any(|a| a.action == shared::workflow::ActionKind::SendReminder && a.allowed);
    let reminds = if may_remind { shared::workflow::reminded(campaign, &current.actor) } else { Vec::new() };
    Ok(CampaignDetail {
        reminds,
        money,
        stages: stages_of(campaign.kind, !campaign.stores.is_empty()).to_vec(),
        overdue: standing.late_working_days > 0,
        schedule: schedule.entries,
        schedule_estimated: schedule.estimated,
        standing,
        working_days_left: deadline.working_days_left,
        deadline_provisional: deadline.provisional,
        lead_time_short: deadline.lead_time_short,
        actions,
        handler,
        campaign: view,
    })
}

/// A campaign the user may see, with their view of it; a foreign or missing one is the
/// same 404 (R5).
pub fn load_visible(state: &AppState, current: &CurrentUser, id: &str) -> Result<(Campaign, CampaignView), AppError> {
    let id: u64 = id.parse().map_err(|_| AppError::NotFound)?;
    let campaign = state.store.get_campaign(CampaignId(id))?.ok_or(AppError::NotFound)?;
    let view = CampaignView::for_actor(&campaign, &current.actor).ok_or(AppError::NotFound)?;
    Ok((campaign, view))
}

/// Which planner covers which store, from the people whose accounts plan.
pub fn coverage(state: &AppState) -> Result<Coverage, AppError> {
    let planners: std::collections::HashSet<PersonId> = state
        .store
        .all::<UserRecord>()?
        .into_iter()
        .filter(|u| u.value.role == Role::Planning && !u.value.disabled)
        .map(|u| u.value.person)
        .collect();
    let people: Vec<Person> =
        state.store.all::<Person>()?.into_iter().map(|p| p.value).filter(|p| planners.contains(&p.id)).collect();
    Ok(Coverage::from_planners(&people))
}

#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(form): ApiJson<NewCampaign>,
) -> Reply<CreateCampaign> {
    let calendar = state.calendar();
    let templates = state.schedule().in_force_on(state.clock.today());
    let ctx = Context {
        today: state.clock.today(),
        now_unix_ms: state.now_unix_ms(),
        calendar: &calendar,
        templates: &templates,
        tolerance_percent: state.store.money_settings()?.tolerance_percent,
    };
    let coverage = coverage(&state)?;
    let store = state.store.clone();
    let exists = move |id: StoreId| store.get::<Store>(id.0).ok().flatten().is_some();
    if let Some(own) = current.actor.store.filter(|_| current.role() == Role::StoreManager) {
        let waiting = CampaignFilter { store: Some(own), stage: Some(Stage::Intake), ..CampaignFilter::default() };
        let page = state.store.list_campaigns(&waiting, None, shared::intake::OPEN_REQUESTS_PER_STORE_MAX + 1)?;
        shared::intake::check_open_requests(&current.actor, page.items.len())?;
    }
    let id = CampaignId(state.store.next_id()?);
    let campaign = create_campaign(id, &form, &current.actor, &ctx, &coverage, &exists)?;
    let effects = state.effects_of((None, &campaign), None, &current.actor)?;
    state.store.insert_campaign_with(&campaign, &effects).await?;
    state.publish(Some(&campaign), &effects);
    tracing::info!(campaign = id.0, kind = ?campaign.kind, "campaign opened");
    reply::<CreateCampaign>(detail(&state, &campaign, &current)?)
}

/// The campaign's clock as a list filter: `late` (and its first name `overdue`) keeps the
/// rows whose stage is past its due day today, `at_risk` those at risk.
fn clock_test(state: &AppState, current: &CurrentUser, query: &CampaignQuery) -> Option<crate::storage::RowTest> {
    let (late, at_risk) = (query.late || query.overdue, query.at_risk);
    if !late && !at_risk {
        return None;
    }
    if !shared::view::sees_clock(&current.actor) {
        // The clock is not theirs to see, nor to sift by: to them nothing is late.
        return Some(std::sync::Arc::new(|_: &Listing| false));
    }
    let (today, calendar, book) = (state.clock.today(), state.calendar(), state.schedule());
    Some(std::sync::Arc::new(move |row: &Listing| {
        let standing = listing_standing(row, today, &calendar, &book);
        (!late || standing.late_working_days > 0) && (!at_risk || standing.at_risk)
    }))
}

/// The filter for a query, narrowed to the user's own store for a store manager (R5).
pub fn filter_for(state: &AppState, current: &CurrentUser, query: &CampaignQuery) -> CampaignFilter {
    let asked = query.store;
    let store = match Audience::of(&current.actor) {
        Audience::Center => asked,
        // A store's own campaigns are all it can list; asking for another store must not
        // tell which of them that store shares (no store has id 0: the list is empty).
        Audience::Store(own) => Some(if asked.is_none_or(|s| s == own) { own } else { StoreId(0) }),
        Audience::Nobody => Some(StoreId(0)),
    };
    CampaignFilter {
        kind: query.kind,
        stage: query.stage,
        store,
        assignee: query.assignee,
        from: query.from,
        to: query.to,
        test: clock_test(state, current, query),
        visible_to_store: (current.role() == Role::StoreManager).then(|| current.store().unwrap_or(StoreId(0))),
    }
}

#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<CampaignQuery>,
) -> Reply<ListCampaigns> {
    let filter = filter_for(&state, &current, &query);
    let limit = query.limit.map_or(50, |l| l as usize).clamp(1, MAX_PAGE_SIZE);
    let page = state.store.list_campaigns(&filter, query.cursor.as_deref(), limit).map_err(|e| match e {
        crate::storage::StorageError::Invalid(_) => {
            AppError::BadRequest(vec![FieldError::new("cursor", &Message::WrongType { detail: "cursor".into() })])
        }
        other => other.into(),
    })?;
    let today = state.clock.today();
    let calendar = state.calendar();
    let items = summaries(page.items, &current.actor, today, &calendar, &state.schedule());
    reply::<ListCampaigns>(CampaignList { items, next_cursor: page.next_cursor })
}

#[tracing::instrument(skip_all, fields(campaign = %id))]
async fn read(State(state): State<AppState>, current: CurrentUser, Path(id): Path<String>) -> Reply<GetCampaign> {
    let (campaign, _) = load_visible(&state, &current, &id)?;
    reply::<GetCampaign>(detail(&state, &campaign, &current)?)
}

#[tracing::instrument(skip_all, fields(campaign = %id, action = %action))]
async fn act(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((id, action)): Path<(String, String)>,
    ApiJson(request): ApiJson<ActionRequest>,
) -> Reply<ActOnCampaign> {
    // The path names the action (for routing, logs and the authorization matrix); the body
    // carries it with its input. An unknown name is a missing route; one that disagrees
    // with the body is a mistake in the request.
    let named = ActionKind::parse(&action).ok_or(AppError::NotFound)?;
    let ActionRequest { version, action } = request;
    if action.kind() != named {
        return Err(AppError::Validation(vec![FieldError::new(
            "action.type",
            &Message::WrongType {
                detail: format!("the path names {}, the body {}", named.as_str(), action.kind().as_str()),
            },
        )]));
    }
    // A store's action is checked against the version of its own part (what it sees;
    // `shared::view::store_version`), so the center's hidden work never makes it stale.
    // When a write that the reader cannot see lands between the read and this write, the
    // campaign is read again and the action decided anew, a few times.
    let mut attempts = 0;
    loop {
        attempts += 1;
        let (campaign, view) = load_visible(&state, &current, &id)?;
        // Whose action it is comes before how stale the request is: an action the role
        // never takes is 403 whatever version it carries (a store reads its own part's
        // version, so the center's version it may hold must not turn a 403 into a 409).
        if !named.roles(campaign.kind).contains(&current.role()) {
            return Err(shared::workflow::Violation::one(
                shared::workflow::ViolationKind::Forbidden,
                "",
                &Message::RoleNotAllowed { role: current.role().name() },
            )
            .into());
        }
        if view.version != version {
            return Err(AppError::Conflict { current: view.version });
        }
        match act_on(&state, &current, &campaign, &view, action.clone()).await {
            Err(AppError::Conflict { .. }) if attempts < ACT_ATTEMPTS => continue,
            Err(AppError::Conflict { .. }) => return Err(AppError::Busy { retry_after_s: 1 }),
            other => return other,
        }
    }
}

/// How often an action is decided again when another write to the same campaign lands
/// between its read and its write (each attempt reads the campaign anew).
const ACT_ATTEMPTS: u32 = 4;

/// Decides and writes one action on `campaign` as read (a concurrent write makes the
/// write fail with `Conflict`, and nothing is written).
async fn act_on(
    state: &AppState,
    current: &CurrentUser,
    campaign: &Campaign,
    view: &CampaignView,
    action: shared::workflow::Action,
) -> Reply<ActOnCampaign> {
    // A file may be referenced only by who uploaded it, or when the referrer already sees
    // it in this campaign: referencing must never grant a file. Missing and not-yours get
    // the same answer, so ids cannot be probed.
    let mut refused = Vec::new();
    for (field, file) in action.files() {
        let usable = view.shows_file(file)
            || state.store.attachment(file)?.is_some_and(|meta| meta.uploaded_by == current.user.id);
        if !usable {
            refused.push(FieldError::new(field, &Message::NotFound));
        }
    }
    if !refused.is_empty() {
        return Err(AppError::Validation(refused));
    }
    let calendar = state.calendar();
    let templates = state.schedule().in_force_on(state.clock.today());
    let ctx = Context {
        today: state.clock.today(),
        now_unix_ms: state.now_unix_ms(),
        calendar: &calendar,
        templates: &templates,
        tolerance_percent: state.store.money_settings()?.tolerance_percent,
    };
    let transition = apply(campaign, action.clone(), &current.actor, &ctx)?;
    // Who is told, written with the action in one transaction; shown once it committed.
    let effects = state.effects_of((Some(campaign), &transition.campaign), Some(&action), &current.actor)?;
    state.store.update_campaign_with(campaign, &transition.campaign, &effects).await?;
    state.publish(Some(&transition.campaign), &effects);
    tracing::info!(from = ?transition.from, to = ?transition.to, "campaign action");
    reply::<ActOnCampaign>(detail(state, &transition.campaign, current)?)
}
