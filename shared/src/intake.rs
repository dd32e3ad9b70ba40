//! 立项: opening a campaign. The form as typed (`NewCampaign`, dates as strings so a bad
//! date is reported on its field) and the one function that turns it into a `Campaign`
//! at the `Intake` stage, applying R1, R2, R3, R5 and R6.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::campaign::{Campaign, CampaignType, HistoryEntry, Lateness, Needs, Stage};
use crate::clock::parse_iso_date;
use crate::ids::{CampaignId, StoreId};
use crate::messages::{FieldError, Message};
use crate::org::{Actor, Coverage, Role};
use crate::rules::{annual_plan_due, check_video_lead_time, holiday_lateness};
use crate::text::{Lines, check_text};
use crate::workflow::{ActionKind, Context, NOTE_MAX_CHARS, Violation, ViolationKind, on_team};

pub const TITLE_MAX_CHARS: usize = 100;
/// The longest a campaign may run.
pub const CAMPAIGN_DAYS_MAX: i64 = 366;

/// The intake form for every campaign type. Fields a type does not use stay empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCampaign {
    pub kind: CampaignType,
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 100)))]
    pub title: String,
    /// Each store once; how many depends on the kind (the document's `allOf` says).
    #[serde(default)]
    pub stores: Vec<StoreId>,
    /// `YYYY-MM-DD`, or empty when the kind has no start.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^(\d{4}-\d{2}-\d{2})?$")))]
    pub starts_on: String,
    /// `YYYY-MM-DD`, or empty when the kind has no end.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^(\d{4}-\d{2}-\d{2})?$")))]
    pub ends_on: String,
    /// A video's delivery day (R1): `YYYY-MM-DD`, or empty for other kinds.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^(\d{4}-\d{2}-\d{2})?$")))]
    pub due_on: String,
    /// An annual plan's year (R3): this year or the next.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(range(min = 2000, max = 2100)))]
    pub plan_year: Option<i32>,
    #[serde(default)]
    pub needs: Needs,
}

impl NewCampaign {
    pub fn empty(kind: CampaignType) -> Self {
        NewCampaign {
            kind,
            title: String::new(),
            stores: Vec::new(),
            starts_on: String::new(),
            ends_on: String::new(),
            due_on: String::new(),
            plan_year: None,
            needs: Needs::default(),
        }
    }
}

/// The dates a valid form resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IntakeDates {
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub plan_year: Option<i32>,
    pub lateness: Option<Lateness>,
}

fn parse_required_date(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        errors.push(FieldError::new(field, &Message::Required));
        return None;
    }
    let parsed = parse_iso_date(text);
    if parsed.is_none() {
        errors.push(FieldError::new(field, &Message::InvalidDate));
    }
    parsed
}

/// Checks the form's fields (not who is sending it): what the browser runs on every
/// keystroke. `store_exists` answers whether a store id is known.
pub fn check_form(
    form: &NewCampaign,
    ctx: &Context<'_>,
    store_exists: &dyn Fn(StoreId) -> bool,
) -> Result<IntakeDates, Vec<FieldError>> {
    let mut errors = Vec::new();
    let today = ctx.today;
    check_text("title", &form.title, true, TITLE_MAX_CHARS, Lines::One, &mut errors);
    let (min, max) = form.kind.store_count();
    let mut unique = form.stores.clone();
    unique.sort_unstable();
    unique.dedup();
    if form.stores.len() < min || form.stores.len() > max || unique.len() != form.stores.len() {
        errors.push(FieldError::new("stores", &Message::StoreCount { min, max }));
    } else if let Some(i) = form.stores.iter().position(|s| !store_exists(*s)) {
        errors.push(FieldError::new(format!("stores[{i}]"), &Message::NotFound));
    }
    for (field, text) in [
        ("needs.wishes", &form.needs.wishes),
        ("needs.policy", &form.needs.policy),
        ("needs.budget_hint", &form.needs.budget_hint),
    ] {
        check_text(field, text, false, NOTE_MAX_CHARS, Lines::Many, &mut errors);
    }

    let mut dates = IntakeDates::default();
    match form.kind {
        CampaignType::VideoProduction => {
            if let Some(due) = parse_required_date("due_on", &form.due_on, &mut errors) {
                if due < today {
                    errors.push(FieldError::new("due_on", &Message::DateInPast));
                } else if let Err(message) = check_video_lead_time(today, due, ctx.calendar) {
                    errors.push(FieldError::new("due_on", &message));
                }
                dates.due_on = Some(due);
            }
        }
        CampaignType::AnnualPlan => match form.plan_year {
            None => errors.push(FieldError::new("plan_year", &Message::Required)),
            Some(year) if year < today.year() || year > today.year() + 1 => {
                errors.push(FieldError::new("plan_year", &Message::InvalidDate));
            }
            Some(year) => {
                dates.plan_year = Some(year);
                dates.due_on = annual_plan_due(year);
                if dates.due_on.is_some_and(|due| today > due) {
                    dates.lateness = Some(Lateness::AnnualPlan);
                }
            }
        },
        _ => {
            let starts = parse_required_date("starts_on", &form.starts_on, &mut errors);
            let ends = parse_required_date("ends_on", &form.ends_on, &mut errors);
            if let Some(starts) = starts
                && starts < today
            {
                errors.push(FieldError::new("starts_on", &Message::DateInPast));
            }
            if let (Some(starts), Some(ends)) = (starts, ends) {
                if ends < starts {
                    errors.push(FieldError::new(
                        "ends_on",
                        &Message::DateOrder { earlier_zh: "活动开始日期", earlier_en: "the start date" },
                    ));
                } else if (ends - starts).num_days() > CAMPAIGN_DAYS_MAX {
                    errors
                        .push(FieldError::new("ends_on", &Message::TooLong { max_chars: CAMPAIGN_DAYS_MAX as usize }));
                }
            }
            if let Some(starts) = starts
                && form.kind == CampaignType::HolidayPromotion
            {
                dates.lateness = holiday_lateness(today, starts);
            }
            dates.starts_on = starts;
            dates.ends_on = ends;
        }
    }
    if errors.is_empty() && dates.lateness.is_none() {
        // The campaign's clock: less time than the type's template is late, not refused.
        let facts = crate::schedule::Facts {
            kind: form.kind,
            has_stores: !form.stores.is_empty(),
            requested_on: today,
            starts_on: dates.starts_on,
            ends_on: dates.ends_on,
            due_on: dates.due_on,
            late_accepted: false,
        };
        // A span the calendar cannot count (a year not on file) is not judged here: the
        // dates' own rules (R1) say what they need of the calendar.
        if let Some(lead) = ctx.templates.of(form.kind)
            && let Ok(working_days_short @ 1..) = crate::schedule::shortfall(&facts, lead, ctx.calendar)
        {
            dates.lateness = Some(Lateness::Schedule { working_days_short });
        }
    }
    if errors.is_empty() { Ok(dates) } else { Err(errors) }
}

/// The R2/R3 warning to show on a valid form that is late (it is not refused).
pub fn lateness_warning(dates: &IntakeDates) -> Option<Message> {
    match dates.lateness? {
        Lateness::HolidayPreparation { days_before_start } => Some(Message::HolidayNeedsOverride {
            days_before_start,
            min_days: crate::rules::HOLIDAY_PREPARATION_DAYS_MIN,
        }),
        Lateness::AnnualPlan => dates.plan_year.and_then(crate::rules::annual_plan_late_message),
        Lateness::Schedule { working_days_short } => Some(Message::ScheduleNeedsOverride { working_days_short }),
    }
}

/// Requests one store may have waiting at intake (not yet taken up by planning): a store
/// asks for what it needs, it cannot bury the planners under requests.
pub const OPEN_REQUESTS_PER_STORE_MAX: usize = 10;

/// A store manager's new request when their store already has `waiting` requests at
/// intake: refused beyond [`OPEN_REQUESTS_PER_STORE_MAX`].
pub fn check_open_requests(actor: &Actor, waiting: usize) -> Result<(), Violation> {
    if actor.role == Role::StoreManager && waiting >= OPEN_REQUESTS_PER_STORE_MAX {
        return Err(Violation::one(
            ViolationKind::Conflict,
            "stores",
            &Message::TooManyOpenRequests { max: OPEN_REQUESTS_PER_STORE_MAX },
        ));
    }
    Ok(())
}

/// Opens a campaign: who may (R6), for which store (R5), with which dates (R1–R3). The
/// assignee is the planner covering the first store; a planner opening a campaign with
/// no covered store takes it themselves.
pub fn create_campaign(
    id: CampaignId,
    form: &NewCampaign,
    actor: &Actor,
    ctx: &Context<'_>,
    coverage: &Coverage,
    store_exists: &dyn Fn(StoreId) -> bool,
) -> Result<Campaign, Violation> {
    if !form.kind.creators().contains(&actor.role) {
        return Err(Violation::one(
            ViolationKind::Forbidden,
            "kind",
            &Message::RoleNotAllowed { role: actor.role.name() },
        ));
    }
    if actor.role == Role::StoreManager {
        // R5: a store manager acts for their own store only, and a request they could not
        // see afterwards (a video job naming no store) would be lost to them.
        if actor.store.is_none() || form.stores.iter().any(|s| Some(*s) != actor.store) {
            return Err(Violation::one(ViolationKind::Forbidden, "stores", &Message::StoreScope));
        }
        if form.stores.is_empty() {
            return Err(Violation::one(ViolationKind::Invalid, "stores", &Message::OwnStoreRequired));
        }
    }
    let dates = check_form(form, ctx, store_exists).map_err(Violation::invalid)?;
    let assignee =
        coverage.assignee_for(&form.stores).or_else(|| (actor.role == Role::Planning).then_some(actor.person));
    let mut team: Vec<_> = assignee.into_iter().collect();
    if on_team(actor.role) && !team.contains(&actor.person) {
        team.push(actor.person);
    }
    let note = lateness_warning(&dates).map(|m| m.text(crate::Lang::Zh)).unwrap_or_default();
    Ok(Campaign {
        title: form.title.trim().to_owned(),
        stores: form.stores.clone(),
        starts_on: dates.starts_on,
        ends_on: dates.ends_on,
        due_on: dates.due_on,
        plan_year: dates.plan_year,
        placed_by: actor.user,
        placed_by_name: actor.name.clone(),
        assignee,
        needs: form.needs.clone(),
        lateness: dates.lateness,
        team,
        history: vec![HistoryEntry {
            seq: 1,
            on: ctx.today,
            at_unix_ms: ctx.now_unix_ms,
            user: actor.user,
            person: actor.person,
            name: actor.name.clone(),
            role: actor.role,
            action: ActionKind::Create,
            from: Stage::Intake,
            to: Stage::Intake,
            note,
            store: actor.store,
        }],
        ..Campaign::blank(id, form.kind, ctx.today)
    })
}
