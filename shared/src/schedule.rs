//! The campaign's clock: each stage's due day, counted back from the event on the
//! working-day calendar (R8, 调休 included), what is late and what is at risk.
//!
//! A **template** per campaign type gives each stage's working days and how many working
//! days before the event the event-bound stage must be done (the materials in the store
//! before it opens). A campaign's **schedule** counts back from its event — the first day
//! of a promotion or opening, a video's due day, 15 December for next year's plan — to
//! the request: the event-bound stage is due `lead` working days before the event, each
//! earlier stage its successor's working days before that. After the event it counts
//! forward: execution is due on the event's last day (the first working day from it),
//! then the summary and the rating. So every due day is a working day of the calendar in
//! force, and none is earlier than the one before it.
//!
//! A request that leaves less time than its template is accepted as late (see
//! [`intake_shortfall`]) and needs the VP's override; once overridden, the stages before
//! the event share the time there was, in proportion to the template, so the campaign is
//! judged against a plan it could keep.
//!
//! A stage is **late** when today is past its due day and it is not done; **at risk** when
//! it is not late yet but, at the template's pace, what it still needs (its working days
//! less those already spent in it) no longer fits before its due day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarError, MAX_WORKING_DAYS, Uncounted};
use crate::campaign::{Campaign, CampaignType, HistoryEntry, Lateness, Listing, Stage};
use crate::messages::{FieldError, Message};

/// The most working days one stage of a template may take.
pub const STAGE_WORKING_DAYS_MAX: u32 = 60;
/// The most working days the event-bound stage may be due before the event.
pub const LEAD_WORKING_DAYS_MAX: u32 = 30;

/// One stage of a template and the working days it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StageDays {
    pub stage: Stage,
    pub working_days: u32,
}

/// A campaign type's schedule: each stage's working days, in the type's order (every
/// stage but 已完成), and the working days between the event-bound stage's due day and
/// the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub kind: CampaignType,
    pub stages: Vec<StageDays>,
    pub lead_working_days: u32,
}

/// The stage that must be done before the event: the materials in the stores (发货到店)
/// for a campaign with stores, the delivery (活动总结, a video's hand-over) for a video,
/// the VP's approval for next year's plan.
pub fn event_stage(kind: CampaignType) -> Stage {
    match kind {
        CampaignType::VideoProduction => Stage::Summary,
        CampaignType::AnnualPlan => Stage::Approval,
        _ => Stage::Shipping,
    }
}

/// The stages a template of `kind` times: every stage the type can go through but 已完成
/// (a video's rating included; it is used when the video was for a store).
pub fn template_stages(kind: CampaignType) -> Vec<Stage> {
    crate::workflow::stages_of(kind, true).iter().copied().filter(|s| *s != Stage::Closed).collect()
}

impl Template {
    /// The center's starting point (DECISIONS.md, "The campaign's clock"): a holiday
    /// promotion fits the 50 days of R2, a video the 10 working days of R1, next year's
    /// plan the autumn before 15 December.
    pub fn default_for(kind: CampaignType) -> Template {
        use Stage::*;
        let (days, lead): (&[(Stage, u32)], u32) = match kind {
            CampaignType::HolidayPromotion => (
                &[
                    (Intake, 2),
                    (Needs, 3),
                    (Brainstorm, 3),
                    (DraftPlan, 5),
                    (Revisions, 3),
                    (Approval, 2),
                    (StoreConfirmation, 3),
                    (Production, 8),
                    (Shipping, 3),
                    (Execution, 0),
                    (Summary, 5),
                    (Rating, 5),
                ],
                2,
            ),
            CampaignType::StoreOpening => (
                &[
                    (Intake, 2),
                    (Needs, 3),
                    (Brainstorm, 2),
                    (DraftPlan, 4),
                    (Revisions, 2),
                    (Approval, 2),
                    (StoreConfirmation, 2),
                    (Production, 8),
                    (Shipping, 3),
                    (Execution, 0),
                    (Summary, 5),
                    (Rating, 5),
                ],
                3,
            ),
            CampaignType::StoreSpecific => (
                &[
                    (Intake, 1),
                    (Needs, 2),
                    (Brainstorm, 1),
                    (DraftPlan, 3),
                    (Revisions, 2),
                    (Approval, 1),
                    (StoreConfirmation, 2),
                    (Production, 5),
                    (Shipping, 2),
                    (Execution, 0),
                    (Summary, 3),
                    (Rating, 5),
                ],
                1,
            ),
            CampaignType::NewProductLaunch => (
                &[
                    (Intake, 1),
                    (Needs, 2),
                    (Brainstorm, 2),
                    (DraftPlan, 4),
                    (Revisions, 2),
                    (Approval, 2),
                    (StoreConfirmation, 2),
                    (Production, 8),
                    (Shipping, 3),
                    (Execution, 0),
                    (Summary, 5),
                    (Rating, 5),
                ],
                2,
            ),
            CampaignType::VideoProduction => (
                &[
                    (Intake, 1),
                    (Needs, 1),
                    (DraftPlan, 2),
                    (Revisions, 1),
                    (Approval, 1),
                    (Production, 3),
                    (Summary, 1),
                    (Rating, 5),
                ],
                0,
            ),
            CampaignType::AnnualPlan => {
                (&[(Intake, 3), (Needs, 10), (Brainstorm, 5), (DraftPlan, 10), (Revisions, 5), (Approval, 3)], 0)
            }
        };
        Template {
            kind,
            stages: days
                .iter()
                .map(|(stage, working_days)| StageDays { stage: *stage, working_days: *working_days })
                .collect(),
            lead_working_days: lead,
        }
    }

    /// The working days `stage` takes (0 for a stage the template does not time).
    pub fn days(&self, stage: Stage) -> u32 {
        self.stages.iter().find(|s| s.stage == stage).map_or(0, |s| s.working_days)
    }

    /// Working days from the request to the event-bound stage's due day and the lead:
    /// what a request needs at least.
    pub fn working_days_needed(&self) -> u32 {
        let last = event_stage(self.kind);
        let before: u32 = self.stages.iter().take_while(|s| s.stage <= last).map(|s| s.working_days).sum();
        before + self.lead_working_days
    }

    /// An administrator's template is whole and sensible: the type's stages in order, each
    /// within [`STAGE_WORKING_DAYS_MAX`], the lead within [`LEAD_WORKING_DAYS_MAX`].
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let expected = template_stages(self.kind);
        let given: Vec<Stage> = self.stages.iter().map(|s| s.stage).collect();
        if given != expected {
            errors.push(FieldError::new("stages", &Message::ScheduleStages));
        }
        for (i, stage) in self.stages.iter().enumerate() {
            if stage.working_days > STAGE_WORKING_DAYS_MAX {
                errors.push(FieldError::new(
                    format!("stages[{i}].working_days"),
                    &Message::WorkingDaysRange { max_days: STAGE_WORKING_DAYS_MAX },
                ));
            }
        }
        if self.lead_working_days > LEAD_WORKING_DAYS_MAX {
            errors.push(FieldError::new(
                "lead_working_days",
                &Message::WorkingDaysRange { max_days: LEAD_WORKING_DAYS_MAX },
            ));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// What a request is measured against at intake: for each type, how many working days
/// before its event the event-bound stage is due, and how many working days the template
/// needs in all. (The browser needs no more: see [`shortfall`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lead {
    pub kind: CampaignType,
    pub lead_working_days: u32,
    pub working_days_needed: u32,
}

impl Lead {
    pub fn of(template: &Template) -> Lead {
        Lead {
            kind: template.kind,
            lead_working_days: template.lead_working_days,
            working_days_needed: template.working_days_needed(),
        }
    }
}

/// The templates in force for requests made today, as intake uses them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Templates {
    pub leads: Vec<Lead>,
}

impl Templates {
    /// The default template of every type.
    pub fn defaults() -> Templates {
        Templates { leads: CampaignType::ALL.iter().map(|k| Lead::of(&Template::default_for(*k))).collect() }
    }

    /// What a request of `kind` is measured against, if these hold it (the browser holds
    /// none until the server's arrive).
    pub fn of(&self, kind: CampaignType) -> Option<&Lead> {
        self.leads.iter().find(|t| t.kind == kind)
    }
}

/// One stage of a campaign's schedule: when it is due, and the day it was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduleEntry {
    pub stage: Stage,
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub due_on: NaiveDate,
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub done_on: Option<NaiveDate>,
}

/// What a schedule depends on: a campaign's dates, or its list row's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub kind: CampaignType,
    pub has_stores: bool,
    pub requested_on: NaiveDate,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    /// The VP accepted a late request (the stages before the event share the time left).
    pub late_accepted: bool,
}

impl Facts {
    pub fn of(c: &Campaign) -> Facts {
        Facts {
            kind: c.kind,
            has_stores: !c.stores.is_empty(),
            requested_on: c.requested_on,
            starts_on: event_start(c),
            ends_on: c.ends_on,
            due_on: c.due_on,
            late_accepted: c.late_override.is_some() && needs_override(c.lateness),
        }
    }

    pub fn of_listing(row: &Listing) -> Facts {
        Facts {
            kind: row.kind,
            has_stores: !row.stores.is_empty(),
            requested_on: row.requested_on,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            due_on: row.due_on,
            late_accepted: row.late_accepted,
        }
    }

    /// The event the schedule counts back from.
    pub fn event(&self) -> Option<NaiveDate> {
        match self.kind {
            CampaignType::VideoProduction | CampaignType::AnnualPlan => self.due_on,
            _ => self.starts_on,
        }
    }
}

/// The start the schedule counts back from: the campaign's first day, or a store's earlier
/// one if a store confirmed an earlier start for itself.
fn event_start(c: &Campaign) -> Option<NaiveDate> {
    let confirmed = c.confirmations.iter().map(|confirmation| confirmation.plan.starts_on);
    match (c.starts_on, confirmed.min()) {
        (Some(campaign), Some(store)) => Some(campaign.min(store)),
        (campaign, store) => campaign.or(store),
    }
}

/// Whether a lateness recorded at intake needs the VP's override before approval.
pub fn needs_override(lateness: Option<Lateness>) -> bool {
    matches!(lateness, Some(Lateness::HolidayPreparation { .. } | Lateness::Schedule { .. }))
}

/// The working day on or before `day`.
fn working_day_on_or_before(calendar: &Calendar, day: NaiveDate) -> Result<NaiveDate, CalendarError> {
    if calendar.is_working_day(day)? { Ok(day) } else { calendar.sub_working_days(day, 1) }
}

/// The working day on or after `day`.
fn working_day_on_or_after(calendar: &Calendar, day: NaiveDate) -> Result<NaiveDate, CalendarError> {
    if calendar.is_working_day(day)? { Ok(day) } else { calendar.add_working_days(day, 1) }
}

/// Each stage's due day for a campaign with these facts (one per stage of its type, in
/// order, 已完成 last), or why it cannot be counted (a date missing: empty; a year not on
/// file: the error).
pub fn due_days(
    facts: &Facts,
    template: &Template,
    calendar: &Calendar,
) -> Result<Vec<(Stage, NaiveDate)>, CalendarError> {
    let Some(event) = facts.event() else { return Ok(Vec::new()) };
    let stages = crate::workflow::stages_of(facts.kind, facts.has_stores);
    let last_before = event_stage(facts.kind);
    let before: Vec<Stage> = stages.iter().copied().filter(|s| *s <= last_before).collect();
    let mut days: Vec<u32> = before.iter().map(|s| template.days(*s)).collect();
    let anchor = if template.lead_working_days == 0 {
        working_day_on_or_before(calendar, event)?
    } else {
        calendar.sub_working_days(event, template.lead_working_days)?
    };
    if facts.late_accepted {
        // The VP accepted the request late: the time there was, shared in proportion.
        let available = calendar.working_days_between(facts.requested_on, anchor)?.max(0);
        let needed: u32 = days.iter().sum();
        if i64::from(needed) > available && needed > 0 {
            let mut running = 0u64;
            let mut shared_so_far = 0u64;
            for d in &mut days {
                running += u64::from(*d);
                let share = running * u64::try_from(available).unwrap_or(0) / u64::from(needed);
                *d = u32::try_from(share - shared_so_far).unwrap_or(0);
                shared_so_far = share;
            }
        }
    }
    // Backwards from the event-bound stage: a stage is due its successor's days before
    // the successor's due day.
    let mut due = vec![anchor; before.len()];
    for i in (0..before.len().saturating_sub(1)).rev() {
        due[i] = calendar.sub_working_days(due[i + 1], days[i + 1])?;
    }
    let mut out: Vec<(Stage, NaiveDate)> = before.into_iter().zip(due).collect();
    // Forwards after the event: execution ends with the event, then each stage its days.
    let mut previous = out.last().map_or(anchor, |(_, d)| *d);
    for stage in stages.iter().copied().filter(|s| *s > last_before && *s != Stage::Closed) {
        let day = if stage == Stage::Execution {
            working_day_on_or_after(calendar, facts.ends_on.unwrap_or(event).max(event))?
        } else {
            calendar.add_working_days(previous, template.days(stage))?
        };
        let day = day.max(previous);
        out.push((stage, day));
        previous = day;
    }
    out.push((Stage::Closed, previous));
    Ok(out)
}

/// The working days a request made on `requested_on` is short of its template: 0 when the
/// time to the event is enough.
pub fn intake_shortfall(facts: &Facts, template: &Template, calendar: &Calendar) -> Result<u32, CalendarError> {
    shortfall(facts, &Lead::of(template), calendar)
}

/// As [`intake_shortfall`], from the two numbers it depends on: the latest request day
/// that fits is the template's working days before the event-bound stage's due day (each
/// stage due its successor's days before it adds up to their sum, working days being
/// counted one by one).
pub fn shortfall(facts: &Facts, lead: &Lead, calendar: &Calendar) -> Result<u32, CalendarError> {
    let Some(event) = facts.event() else { return Ok(0) };
    let anchor = if lead.lead_working_days == 0 {
        working_day_on_or_before(calendar, event)?
    } else {
        calendar.sub_working_days(event, lead.lead_working_days)?
    };
    let before = lead.working_days_needed.saturating_sub(lead.lead_working_days);
    let latest_request = calendar.sub_working_days(anchor, before)?;
    if facts.requested_on <= latest_request {
        return Ok(0);
    }
    Ok(u32::try_from(calendar.working_days_between(latest_request, facts.requested_on)?).unwrap_or(0))
}

/// The day each stage was done: the last time the campaign left it going on (a plan sent
/// back to revisions is not approved until it is approved again); `None` for the stage it
/// is in and those after.
pub fn done_days(stages: &[(Stage, NaiveDate)], history: &[HistoryEntry], current: Stage) -> Vec<Option<NaiveDate>> {
    let position = |stage: Stage| stages.iter().position(|(s, _)| *s == stage);
    let now = position(current);
    stages
        .iter()
        .enumerate()
        .map(|(i, (stage, _))| {
            // A cancelled campaign keeps the days of the stages it finished.
            let passed = match now {
                Some(now) => i < now || (current == Stage::Closed && *stage == Stage::Closed),
                None => *stage != Stage::Closed,
            };
            if !passed {
                return None;
            }
            if *stage == Stage::Closed {
                return history.iter().rev().find(|e| e.to == Stage::Closed).map(|e| e.on);
            }
            history
                .iter()
                .rev()
                .find(|e| e.from == *stage && e.to != *stage && position(e.to).is_some_and(|to| to > i))
                .map(|e| e.on)
        })
        .collect()
}

/// A campaign's schedule as its answer carries it: one entry per stage of its type,
/// whether any day was counted on an estimated calendar year, and, when the calendar
/// cannot count it, why (then there are no entries, and the campaign is not "on time").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    pub entries: Vec<ScheduleEntry>,
    pub estimated: bool,
    pub uncounted: Option<Uncounted>,
}

/// The schedule of a campaign under `template` (the one in force on its request day).
pub fn schedule_of(campaign: &Campaign, template: &Template, calendar: &Calendar) -> Schedule {
    let due = match due_days(&Facts::of(campaign), template, calendar) {
        Ok(due) => due,
        Err(error) => return Schedule { uncounted: Some(Uncounted::of(&error)), ..Schedule::default() },
    };
    let done = done_days(&due, &campaign.history, campaign.stage);
    let estimated = match (due.first(), due.last()) {
        (Some((_, first)), Some((_, last))) => calendar.span_is_provisional(*first, *last),
        _ => false,
    };
    Schedule {
        entries: due
            .iter()
            .zip(done)
            .map(|((stage, due_on), done_on)| ScheduleEntry { stage: *stage, due_on: *due_on, done_on })
            .collect(),
        estimated,
        uncounted: None,
    }
}

/// Where a campaign stands against its schedule today.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Standing {
    /// The current stage's due day (none for a campaign ended or without dates).
    #[serde(with = "crate::clock::wire_day::option", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub stage_due_on: Option<NaiveDate>,
    /// Working days the current stage is past its due day (0 when on time).
    pub late_working_days: u32,
    /// Not late yet, but the stage's remaining working days no longer fit before its due
    /// day at the template's pace.
    pub at_risk: bool,
    /// The schedule of a campaign under way cannot be counted (R8: a year it reaches is
    /// not on file): there is no due day, and neither late nor on time can be said. The
    /// list and the campaign page say so in words ([`Uncounted::zh`]).
    #[serde(default)]
    pub uncounted: Option<Uncounted>,
}

impl Standing {
    /// Where a campaign in `stage` stands when its schedule could not be counted: it says
    /// why, unless the campaign has ended (an ended campaign has no clock).
    pub fn cannot_count(stage: Stage, error: &CalendarError) -> Standing {
        Standing { uncounted: (!stage.is_terminal()).then(|| Uncounted::of(error)), ..Standing::default() }
    }
}

/// Where a campaign in `stage` since `stage_since` stands on `today`.
pub fn standing(
    due: &[(Stage, NaiveDate)],
    stage: Stage,
    stage_since: NaiveDate,
    template: &Template,
    today: NaiveDate,
    calendar: &Calendar,
) -> Standing {
    if stage.is_terminal() {
        return Standing::default();
    }
    let Some((_, due_on)) = due.iter().find(|(s, _)| *s == stage) else { return Standing::default() };
    let due_on = *due_on;
    if today > due_on {
        let late = calendar.working_days_between(due_on, today).unwrap_or(1).max(1);
        return Standing {
            stage_due_on: Some(due_on),
            late_working_days: u32::try_from(late).unwrap_or(u32::MAX),
            at_risk: false,
            uncounted: None,
        };
    }
    // Execution ends with the event: it cannot be hurried, so it is never at risk.
    let at_risk = stage != Stage::Execution && {
        let spent = calendar.working_days_between(stage_since, today).unwrap_or(0).max(0);
        let left = i64::from(template.days(stage)).saturating_sub(spent).max(0);
        let fits_by = calendar.add_working_days(today, u32::try_from(left).unwrap_or(0));
        fits_by.is_ok_and(|day| day > due_on)
    };
    Standing { stage_due_on: Some(due_on), late_working_days: 0, at_risk, uncounted: None }
}

/// Whether the schedules of campaigns requested on `day` under `template` can be counted
/// on `calendar`: that of a campaign with just the time the template needs, from its
/// request to its rating. A template reaching past the years on file would leave every
/// such schedule uncounted, so an administrator's template is checked by it (on the day
/// it applies from) and refused with the year it would need.
pub fn check_countable(template: &Template, day: NaiveDate, calendar: &Calendar) -> Result<(), FieldError> {
    let count = || -> Result<(), CalendarError> {
        // The event at the earliest the template allows, stage by stage (each within
        // `STAGE_WORKING_DAYS_MAX`, so no single count is too long to ask for).
        let last_before = event_stage(template.kind);
        let mut event = day;
        for stage in template.stages.iter().filter(|s| s.stage <= last_before) {
            event = calendar.add_working_days(event, stage.working_days)?;
        }
        event = calendar.add_working_days(event, template.lead_working_days)?;
        let dated = !matches!(template.kind, CampaignType::VideoProduction | CampaignType::AnnualPlan);
        let facts = Facts {
            kind: template.kind,
            has_stores: template.kind != CampaignType::AnnualPlan,
            requested_on: day,
            starts_on: dated.then_some(event),
            ends_on: dated.then_some(event),
            due_on: (!dated).then_some(event),
            late_accepted: false,
        };
        due_days(&facts, template, calendar).map(|_| ())
    };
    count().map_err(|error| {
        let message = match error {
            CalendarError::YearNotOnFile { year } => Message::ScheduleBeyondCalendar { year },
            CalendarError::SpanTooLong | CalendarError::Invalid(_) => {
                Message::WorkingDaysRange { max_days: MAX_WORKING_DAYS }
            }
        };
        FieldError::new("stages", &message)
    })
}

/// The day a campaign entered the stage it is in.
pub fn stage_since(campaign: &Campaign) -> NaiveDate {
    campaign
        .history
        .iter()
        .rev()
        .find(|e| e.to == campaign.stage && e.from != e.to)
        .map_or(campaign.requested_on, |e| e.on)
}

/// Every template set over time: each applies to campaigns requested on or after the day
/// it applies from, until the next one of its type; before any, the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Book {
    /// (applies from, template), in the order of the days.
    pub versions: Vec<(NaiveDate, Template)>,
}

impl Book {
    pub fn new(mut versions: Vec<(NaiveDate, Template)>) -> Book {
        versions.sort_by_key(|(day, t)| (*day, t.kind));
        Book { versions }
    }

    /// The template a campaign of `kind` requested on `day` is scheduled by.
    pub fn for_request(&self, kind: CampaignType, day: NaiveDate) -> Template {
        self.versions
            .iter()
            .rev()
            .find(|(from, t)| t.kind == kind && *from <= day)
            .map_or_else(|| Template::default_for(kind), |(_, t)| t.clone())
    }

    /// The templates a request made on `day` is measured against.
    pub fn in_force_on(&self, day: NaiveDate) -> Templates {
        Templates { leads: CampaignType::ALL.iter().map(|kind| Lead::of(&self.for_request(*kind, day))).collect() }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use chrono::Datelike;

    use super::*;
    use crate::calendar::{HolidayPeriod, LunarDates, YearCalendar, provisional_year};

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap_or(NaiveDate::MIN)
    }

    /// The official 2025 and 2026 years and an estimated 2027 (its lunar dates).
    fn calendar() -> Calendar {
        let mut calendar = Calendar::china_official();
        let lunar = LunarDates {
            chuxi: d("2027-02-05"),
            qingming: d("2027-04-05"),
            duanwu: d("2027-06-09"),
            zhongqiu: d("2027-09-15"),
        };
        if let Ok(year) = provisional_year(2027, &lunar) {
            calendar.fill_missing([year]);
        }
        calendar
    }

    fn facts(kind: CampaignType, requested_on: NaiveDate, event: NaiveDate, days: i64) -> Facts {
        let dated = !matches!(kind, CampaignType::VideoProduction | CampaignType::AnnualPlan);
        Facts {
            kind,
            has_stores: kind != CampaignType::AnnualPlan,
            requested_on,
            starts_on: dated.then_some(event),
            ends_on: dated.then(|| event + chrono::Days::new(u64::try_from(days).unwrap_or(0))),
            due_on: (!dated).then_some(event),
            late_accepted: false,
        }
    }

    fn due_of(due: &[(Stage, NaiveDate)], stage: Stage) -> Option<NaiveDate> {
        due.iter().find(|(s, _)| *s == stage).map(|(_, d)| *d)
    }

    #[test]
    fn a_stage_due_the_day_before_a_monday_start_falls_on_the_make_up_saturday() {
        let calendar = calendar();
        let template = Template::default_for(CampaignType::StoreSpecific);
        // 2026's Spring Festival: Sat 28 February is a make-up working day.
        let due =
            due_days(&facts(CampaignType::StoreSpecific, d("2026-01-05"), d("2026-03-02"), 3), &template, &calendar)
                .unwrap_or_default();
        assert_eq!(due_of(&due, Stage::Shipping), Some(d("2026-02-28")));
        // National Day 2026: Sat 10 October is one too.
        let due =
            due_days(&facts(CampaignType::StoreSpecific, d("2026-08-03"), d("2026-10-12"), 3), &template, &calendar)
                .unwrap_or_default();
        assert_eq!(due_of(&due, Stage::Shipping), Some(d("2026-10-10")));
        // And the days of the holiday itself are never due days.
        for (_, day) in &due {
            assert!(!(d("2026-10-01")..=d("2026-10-07")).contains(day), "{day} is in the National Day week");
        }
    }

    #[test]
    fn a_schedule_on_the_estimated_2027_says_so() {
        let calendar = calendar();
        let template = Template::default_for(CampaignType::HolidayPromotion);
        let c = Campaign {
            stores: vec![crate::ids::StoreId(1)],
            starts_on: Some(d("2027-01-25")),
            ends_on: Some(d("2027-02-12")),
            ..Campaign::blank(crate::ids::CampaignId(1), CampaignType::HolidayPromotion, d("2026-11-02"))
        };
        let schedule = schedule_of(&c, &template, &calendar);
        assert!(schedule.estimated);
        assert_eq!(schedule.entries.len(), crate::workflow::stages_of(c.kind, true).len());
        // 除夕 2027 is 5 February: the estimate keeps the Spring Festival off.
        assert!(schedule.entries.iter().all(|e| calendar.is_working_day(e.due_on) == Ok(true)));
        let c = Campaign { starts_on: Some(d("2026-12-21")), ends_on: Some(d("2026-12-27")), ..c };
        let schedule = schedule_of(&c, &template, &calendar);
        assert!(schedule.entries.iter().take(9).all(|e| e.due_on.year() == 2026));
    }

    #[test]
    fn a_schedule_reaching_past_the_calendar_says_so_and_is_neither_late_nor_on_time() {
        // The calendar holds 2025 to 2027 (2027 estimated).
        let calendar = calendar();
        let template = Template::default_for(CampaignType::StoreSpecific);
        let c = Campaign {
            stores: vec![crate::ids::StoreId(1)],
            starts_on: Some(d("2028-06-05")),
            ends_on: Some(d("2028-06-06")),
            ..Campaign::blank(crate::ids::CampaignId(1), CampaignType::StoreSpecific, d("2026-03-02"))
        };
        let schedule = schedule_of(&c, &template, &calendar);
        assert_eq!(schedule.uncounted, Some(Uncounted::YearNotOnFile { year: 2028 }));
        assert!(schedule.entries.is_empty());
        // An event late in the last year on file: the stages after it reach into the next.
        let december = Campaign { starts_on: Some(d("2027-12-27")), ends_on: Some(d("2027-12-28")), ..c.clone() };
        let reaching = schedule_of(&december, &template, &calendar);
        assert_eq!(reaching.uncounted, Some(Uncounted::YearNotOnFile { year: 2028 }));
        // Where it stands says why, while it is under way; an ended campaign has no clock.
        let Err(error) = due_days(&Facts::of(&c), &template, &calendar) else { unreachable!("counted") };
        let standing = Standing::cannot_count(Stage::Needs, &error);
        assert_eq!(
            (standing.uncounted, standing.stage_due_on, standing.late_working_days, standing.at_risk),
            (Some(Uncounted::YearNotOnFile { year: 2028 }), None, 0, false)
        );
        assert_eq!(Standing::cannot_count(Stage::Closed, &error), Standing::default());
        // On the calendar's years it is counted as before.
        let june = Campaign { starts_on: Some(d("2026-06-08")), ends_on: Some(d("2026-06-09")), ..c };
        let counted = schedule_of(&june, &template, &calendar);
        assert_eq!((counted.uncounted, counted.entries.is_empty()), (None, false));
    }

    #[test]
    fn a_template_whose_schedules_run_past_the_calendar_is_refused_with_the_year() {
        let calendar = calendar();
        let tomorrow = d("2026-03-03");
        for kind in CampaignType::ALL {
            assert_eq!(check_countable(&Template::default_for(kind), tomorrow, &calendar), Ok(()), "{kind:?}");
        }
        // Every stage as long as a stage may be: about 690 working days from request to
        // rating, past the end of 2027.
        let mut long = Template::default_for(CampaignType::StoreSpecific);
        for stage in &mut long.stages {
            stage.working_days = STAGE_WORKING_DAYS_MAX;
        }
        long.lead_working_days = LEAD_WORKING_DAYS_MAX;
        assert_eq!(long.check(), Ok(()), "each number is within its own limit");
        let refused = check_countable(&long, tomorrow, &calendar).err().unwrap_or_else(|| unreachable!("accepted"));
        let code = crate::messages::RuleCode::R8CalendarYearNotOnFile;
        assert_eq!((refused.field.as_str(), refused.code), ("stages", code));
        assert!(refused.message_zh.contains("2028年") && refused.message_en.contains("2028"), "{refused:?}");
    }

    #[test]
    fn a_request_with_too_little_time_is_short_by_the_working_days_missing() {
        let calendar = calendar();
        let template = Template::default_for(CampaignType::StoreOpening);
        // Requested on Monday 7 December 2026 for an opening on Friday 11th.
        let short = intake_shortfall(
            &facts(CampaignType::StoreOpening, d("2026-12-07"), d("2026-12-11"), 2),
            &template,
            &calendar,
        );
        let needed = i64::from(template.working_days_needed());
        let have = calendar.working_days_between(d("2026-12-07"), d("2026-12-11")).unwrap_or(0);
        assert_eq!(short.map(i64::from), Ok(needed - have));
        // Two months ahead is enough.
        let enough = intake_shortfall(
            &facts(CampaignType::StoreOpening, d("2026-03-02"), d("2026-05-11"), 2),
            &template,
            &calendar,
        );
        assert_eq!(enough, Ok(0));
    }

    #[test]
    fn accepted_late_the_stages_before_the_event_share_the_time_there_was() {
        let calendar = calendar();
        let template = Template::default_for(CampaignType::StoreOpening);
        let late =
            Facts { late_accepted: true, ..facts(CampaignType::StoreOpening, d("2026-11-02"), d("2026-11-23"), 2) };
        let due = due_days(&late, &template, &calendar).unwrap_or_default();
        assert!(due.iter().all(|(_, day)| *day >= d("2026-11-02")), "{due:?}");
        assert!(due.windows(2).all(|w| w[0].1 <= w[1].1));
        assert_eq!(
            due_of(&due, Stage::Shipping),
            calendar.sub_working_days(d("2026-11-23"), template.lead_working_days).ok()
        );
    }

    fn history(steps: &[(Stage, Stage, &str)]) -> Vec<HistoryEntry> {
        steps
            .iter()
            .enumerate()
            .map(|(i, (from, to, on))| HistoryEntry {
                seq: u32::try_from(i + 1).unwrap_or(0),
                on: d(on),
                at_unix_ms: 0,
                user: crate::ids::UserId(1),
                person: crate::ids::PersonId(1),
                name: String::new(),
                role: crate::org::Role::Planning,
                action: crate::campaign::ActionKind::Create,
                from: *from,
                to: *to,
                note: String::new(),
                store: None,
            })
            .collect()
    }

    #[test]
    fn a_stage_is_done_the_last_time_it_was_left_going_on() {
        use Stage::*;
        let stages: Vec<(Stage, NaiveDate)> =
            [Intake, Needs, Brainstorm, DraftPlan, Revisions, Approval, StoreConfirmation, Closed]
                .into_iter()
                .map(|s| (s, d("2026-05-01")))
                .collect();
        let h = history(&[
            (Intake, Needs, "2026-03-02"),
            (Needs, Brainstorm, "2026-03-04"),
            (Brainstorm, DraftPlan, "2026-03-05"),
            (DraftPlan, Revisions, "2026-03-09"),
            (Revisions, Approval, "2026-03-11"),
            (Approval, Revisions, "2026-03-12"),
            (Revisions, Approval, "2026-03-16"),
            (Approval, StoreConfirmation, "2026-03-17"),
        ]);
        let done = done_days(&stages, &h, StoreConfirmation);
        assert_eq!(done[0], Some(d("2026-03-02")));
        assert_eq!(done[4], Some(d("2026-03-16")), "revisions are done when the plan last left them");
        assert_eq!(done[5], Some(d("2026-03-17")));
        assert_eq!(done[6], None, "the stage it is in is not done");
        assert_eq!(done[7], None);
    }

    #[test]
    fn late_counts_working_days_past_the_due_day_and_at_risk_needs_more_than_is_left() {
        let calendar = calendar();
        let template = Template::default_for(CampaignType::HolidayPromotion);
        let due = vec![(Stage::Production, d("2026-06-24"))];
        // Tuesday 23 June: one working day left, eight needed, entered the day before.
        let s = standing(&due, Stage::Production, d("2026-06-22"), &template, d("2026-06-23"), &calendar);
        assert_eq!((s.late_working_days, s.at_risk), (0, true));
        // Entered on time (eight working days before its due day): not at risk.
        let since = calendar.sub_working_days(d("2026-06-24"), 8).unwrap_or(NaiveDate::MIN);
        let s = standing(&due, Stage::Production, since, &template, d("2026-06-23"), &calendar);
        assert_eq!((s.late_working_days, s.at_risk), (0, false));
        // Friday 26 June: two working days late, and late is not "at risk".
        let s = standing(&due, Stage::Production, since, &template, d("2026-06-26"), &calendar);
        assert_eq!((s.late_working_days, s.at_risk, s.stage_due_on), (2, false, Some(d("2026-06-24"))));
        // Execution ends with the event and is never at risk; an ended campaign has no clock.
        let s = standing(
            &[(Stage::Execution, d("2026-06-24"))],
            Stage::Execution,
            d("2026-06-23"),
            &template,
            d("2026-06-23"),
            &calendar,
        );
        assert!(!s.at_risk);
        assert_eq!(standing(&due, Stage::Closed, since, &template, d("2026-06-26"), &calendar), Standing::default());
    }

    #[test]
    fn every_default_template_passes_its_own_check_and_a_wrong_one_does_not() {
        for kind in CampaignType::ALL {
            assert_eq!(Template::default_for(kind).check(), Ok(()), "{kind:?}");
        }
        let mut t = Template::default_for(CampaignType::StoreOpening);
        t.stages.swap(1, 2);
        t.lead_working_days = LEAD_WORKING_DAYS_MAX + 1;
        let errors = t.check().err().unwrap_or_default();
        assert_eq!(errors.len(), 2);
        // A video fits R1's ten working days exactly.
        assert_eq!(Template::default_for(CampaignType::VideoProduction).working_days_needed(), 10);
    }

    /// The intake check's shortcut (two numbers) says what the whole chain says.
    fn chain_shortfall(f: &Facts, template: &Template, calendar: &Calendar) -> Result<u32, CalendarError> {
        let due = due_days(&Facts { late_accepted: false, ..*f }, template, calendar)?;
        let Some((_, intake_due)) = due.first() else { return Ok(0) };
        let latest = calendar.sub_working_days(*intake_due, template.days(Stage::Intake))?;
        if f.requested_on <= latest {
            return Ok(0);
        }
        Ok(u32::try_from(calendar.working_days_between(latest, f.requested_on)?).unwrap_or(0))
    }

    fn kinds() -> impl Strategy<Value = CampaignType> {
        prop::sample::select(CampaignType::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn due_days_are_working_days_in_order_and_the_event_bound_ones_fall_before_it(
            kind in kinds(),
            request in 0u64..600,
            lead in 0u64..200,
            days in 0i64..20,
            late_accepted in any::<bool>(),
        ) {
            let calendar = calendar();
            let template = Template::default_for(kind);
            let requested_on = d("2025-01-06") + chrono::Days::new(request);
            let event = requested_on + chrono::Days::new(lead + 1);
            let f = Facts { late_accepted, ..facts(kind, requested_on, event, days) };
            let due = due_days(&f, &template, &calendar);
            prop_assume!(due.is_ok());
            let due = due.unwrap_or_default();
            prop_assert_eq!(due.len(), crate::workflow::stages_of(kind, f.has_stores).len());
            for (stage, day) in &due {
                prop_assert_eq!(calendar.is_working_day(*day), Ok(true), "{:?} due {}", stage, day);
                if *stage <= event_stage(kind) {
                    prop_assert!(*day <= event);
                    if template.lead_working_days > 0 {
                        prop_assert!(*day < event);
                    }
                }
            }
            prop_assert!(due.windows(2).all(|w| w[0].1 <= w[1].1), "{:?}", due);
        }

        #[test]
        fn the_intake_shortcut_agrees_with_the_whole_schedule(
            kind in kinds(),
            request in 0u64..600,
            lead in 0u64..120,
        ) {
            let calendar = calendar();
            let template = Template::default_for(kind);
            let requested_on = d("2025-01-06") + chrono::Days::new(request);
            let f = facts(kind, requested_on, requested_on + chrono::Days::new(lead), 2);
            let chain = chain_shortfall(&f, &template, &calendar);
            prop_assume!(chain.is_ok());
            prop_assert_eq!(intake_shortfall(&f, &template, &calendar), chain);
        }

        #[test]
        fn an_import_moves_exactly_the_due_days_whose_count_it_changed(
            kind in kinds(),
            request in 0u64..300,
            lead in 30u64..150,
            flipped in 0u64..365,
        ) {
            // The official 2026, and the same year with one more day off (or one more
            // make-up day when the day was a weekend) — as an import would change it.
            let before = calendar();
            let day = d("2026-01-01") + chrono::Days::new(flipped);
            let mut year: YearCalendar = before.year(2026).cloned().unwrap_or_else(|| unreachable!());
            if calendar().is_working_day(day) == Ok(true) {
                year.holidays.push(HolidayPeriod { name: "调整".into(), from: day, to: day });
            } else if matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun)
                && !year.is_holiday(day)
            {
                year.make_up_workdays.push(day);
            } else {
                return Ok(());
            }
            let mut after = before.clone();
            prop_assume!(after.insert(year).is_ok());
            let template = Template::default_for(kind);
            let requested_on = d("2025-12-01") + chrono::Days::new(request);
            let event = requested_on + chrono::Days::new(lead);
            let f = facts(kind, requested_on, event, 3);
            let (Ok(a), Ok(b)) = (due_days(&f, &template, &before), due_days(&f, &template, &after)) else {
                return Ok(());
            };
            for ((stage, x), (_, y)) in a.iter().zip(&b) {
                // The days counted for a stage lie between its due day and the event.
                let span = |due: NaiveDate| if due <= event { (due, event) } else { (event, due) };
                let ((a0, a1), (b0, b1)) = (span(*x), span(*y));
                let counted = (a0 <= day && day <= a1) || (b0 <= day && day <= b1);
                if x != y {
                    prop_assert!(counted, "{:?} moved from {} to {} though {} is outside", stage, x, y, day);
                } else {
                    prop_assert!(x == y);
                }
                if !counted {
                    prop_assert_eq!(x, y);
                }
            }
        }
    }
}
