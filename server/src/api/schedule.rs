//! The campaign's clock: each campaign type's schedule template (the center reads them
//! whole; a store only the two numbers its request form measures a request by), and the
//! administrator's changes, which apply to campaigns requested from the next day on (a
//! day's requests are all measured by one template, and the campaigns already requested
//! keep the template they were requested under).

use axum::Router;
use axum::extract::{Path, State};
use chrono::NaiveDate;
use shared::api::{ScheduleTemplateView, ScheduleTemplates};
use shared::campaign::CampaignType;
use shared::endpoints::{GetScheduleTemplates, SetScheduleTemplate};
use shared::messages::{FieldError, Message};
use shared::org::Role;
use shared::schedule::{Book, Template};

use super::stores::audit;
use super::{Reply, reply, route};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::state::AppState;
use crate::storage::records::template::TemplateRecord;

pub fn router() -> Router<AppState> {
    let router = route::<GetScheduleTemplates, _, _>(Router::new(), list);
    route::<SetScheduleTemplate, _, _>(router, set)
}

/// The templates in force for requests made today, with the day each applies from, and
/// any set today to apply from tomorrow in its place (so the administrator sees what was
/// saved, and the request form measures today's requests by today's template).
fn in_force(state: &AppState) -> ScheduleTemplates {
    let book = state.schedule();
    let today = state.clock.today();
    let tomorrow = today.succ_opt().unwrap_or(NaiveDate::MAX);
    ScheduleTemplates {
        templates: CampaignType::ALL
            .iter()
            .map(|kind| {
                let template = book.for_request(*kind, today);
                let applies_from =
                    book.versions.iter().rev().find(|(day, t)| t.kind == *kind && *day <= today).map(|(day, _)| *day);
                let next = book.for_request(*kind, tomorrow);
                ScheduleTemplateView {
                    working_days_needed: template.working_days_needed(),
                    next: (next != template).then_some(next),
                    kind: template.kind,
                    stages: template.stages,
                    lead_working_days: template.lead_working_days,
                    applies_from,
                }
            })
            .collect(),
    }
}

/// The templates for the center; for a store, only what its request form measures a
/// request by (each type's lead and the working days a request needs): the days of each
/// stage, and templates to come, are how the center's own work is timed, and with them
/// and the stage moves a store could rebuild the center's clock (`shared::view::sees_clock`).
async fn list(State(state): State<AppState>, current: CurrentUser) -> Reply<GetScheduleTemplates> {
    let mut templates = in_force(&state);
    if !shared::view::sees_clock(&current.actor) {
        for template in &mut templates.templates {
            template.stages.clear();
            template.applies_from = None;
            template.next = None;
        }
    }
    reply::<GetScheduleTemplates>(templates)
}

async fn set(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(kind): Path<String>,
    ApiJson(template): ApiJson<Template>,
) -> Reply<SetScheduleTemplate> {
    current.require(&[Role::Admin])?;
    let kind = CampaignType::ALL.into_iter().find(|k| k.as_str() == kind).ok_or(AppError::NotFound)?;
    if template.kind != kind {
        return Err(AppError::Validation(vec![FieldError::new(
            "kind",
            &Message::WrongType {
                detail: format!("the path names {}, the body {}", kind.as_str(), template.kind.as_str()),
            },
        )]));
    }
    template.check().map_err(AppError::Validation)?;
    let applies_from = state.clock.today().succ_opt().unwrap_or(NaiveDate::MAX);
    // A template whose schedules run past the calendar's years would leave them all
    // uncounted (R8): refused with the year it would need.
    shared::schedule::check_countable(&template, applies_from, &state.calendar())
        .map_err(|error| AppError::Validation(vec![error]))?;
    let record = TemplateRecord {
        template: template.clone(),
        applies_from,
        set_by: current.user.id,
        set_at_unix_ms: state.now_unix_ms(),
    };
    state.store.put_schedule_template(&record).await?;
    state.store.audit(audit(&state, &current, "set_schedule_template", kind.as_str().to_owned())).await?;
    let versions = state.store.schedule_templates()?.into_iter().map(|r| (r.applies_from, r.template)).collect();
    state.set_schedule(Book::new(versions));
    tracing::info!(kind = kind.as_str(), "schedule template set");
    reply::<SetScheduleTemplate>(in_force(&state))
}
