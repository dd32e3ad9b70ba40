//! The change feed (`shared::feed`) and the accounts other systems read it with.
//!
//! `GET /api/v1/changes` answers a feed account (its token as `Authorization: Bearer`)
//! or a logged-in administrator, and nobody else. Items are served as the center sees
//! them (the clock's standing on the region's business day, the money), never with
//! contact details.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use shared::api::{Record, Write};
use shared::campaign::Listing;
use shared::endpoints::{CreateFeedReader, ListChanges, ListFeedReaders, UpdateFeedReader};
use shared::feed::{
    Change, ChangeItem, ChangePage, ChangesQuery, FeedCampaign, FeedKpiMonth, FeedOrgUnit, FeedPerson, FeedPosition,
    FeedReader, FeedStore, NewFeedReader, READERS_MAX,
};
use shared::ids::{PersonId, UserId};
use shared::messages::{FieldError, Message};
use shared::org::{Actor, OrgUnit, Person, Position, Role, Store};

use super::stores::audit;
use super::{Reply, reply, route};
use crate::auth::{CurrentUser, bearer_token, new_token, token_hash};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;
use crate::storage::own::FeedReaderRecord;
use crate::storage::{FeedEntry, FeedKind};

pub fn router() -> Router<AppState> {
    let router = route::<ListChanges, _, _>(Router::new(), changes);
    let router = route::<ListFeedReaders, _, _>(router, list_readers);
    let router = route::<CreateFeedReader, _, _>(router, create_reader);
    route::<UpdateFeedReader, _, _>(router, update_reader)
}

/// Who reads the feed: a feed account that is not retired, or an administrator.
fn may_read(state: &AppState, headers: &HeaderMap, session: Result<CurrentUser, AppError>) -> Result<(), AppError> {
    match bearer_token(headers) {
        Some(token) => match state.store.feed_reader_by_token(&token_hash(token))? {
            Some(found) if !found.value.reader.retired => Ok(()),
            _ => Err(AppError::Unauthenticated),
        },
        None => session?.require(&[Role::Admin]),
    }
}

/// The feed reads as the center does: every campaign, the clock, the money.
fn feed_actor() -> Actor {
    Actor { user: UserId(0), person: PersonId(0), name: "feed".into(), role: Role::Admin, store: None }
}

#[tracing::instrument(skip_all)]
async fn changes(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Result<CurrentUser, AppError>,
    ApiQuery(query): ApiQuery<ChangesQuery>,
) -> Reply<ListChanges> {
    may_read(&state, &headers, session)?;
    let limit = shared::feed::page_size(&query) as usize;
    let (entries, head) = state.store.changes_after(query.after, limit)?;
    let scanned_all = entries.len() < limit;
    let reading = Reading::new(&state)?;
    let mut changes = Vec::with_capacity(entries.len());
    let mut stopped = false;
    for entry in entries {
        match reading.item(&state, &entry)? {
            Found::Item(item) => changes.push(Change { seq: entry.seq, item: *item }),
            // Gone records are not part of the feed (nothing is deleted today): skip.
            Found::Missing => {}
            // The item changed after the head was read: its newer entry is further on,
            // so the page ends here and the reader comes back for it.
            Found::Moved => {
                stopped = true;
                break;
            }
        }
    }
    let delivered = changes.last().map_or(query.after, |c| c.seq);
    let next = if scanned_all && !stopped { head.max(query.after) } else { delivered };
    reply::<ListChanges>(ChangePage { changes, next, more: next < head, today: reading.today })
}

enum Found {
    Item(Box<ChangeItem>),
    Missing,
    Moved,
}

/// What every item of a page is judged by, read once per page.
struct Reading {
    today: chrono::NaiveDate,
    calendar: std::sync::Arc<shared::Calendar>,
    book: std::sync::Arc<shared::schedule::Book>,
    tolerance_percent: u32,
    actor: Actor,
}

impl Reading {
    fn new(state: &AppState) -> Result<Self, AppError> {
        Ok(Reading {
            today: state.clock.today(),
            calendar: state.calendar(),
            book: state.schedule(),
            tolerance_percent: state.store.money_settings()?.tolerance_percent,
            actor: feed_actor(),
        })
    }

    fn item(&self, state: &AppState, entry: &FeedEntry) -> Result<Found, AppError> {
        let id = || -> Result<u64, AppError> {
            let bytes: [u8; 8] = entry
                .key
                .as_slice()
                .try_into()
                .map_err(|_| AppError::Storage(crate::storage::StorageError::Decode("change entry key".into())))?;
            Ok(u64::from_be_bytes(bytes))
        };
        let found = match entry.kind {
            FeedKind::Campaign => {
                let Some(campaign) = state.store.get_campaign(shared::ids::CampaignId(id()?))? else {
                    return Ok(Found::Missing);
                };
                if campaign.version != entry.version {
                    return Ok(Found::Moved);
                }
                let money = shared::costs::money_of(&campaign, self.tolerance_percent);
                let rows = super::campaigns::summaries(
                    vec![Listing::of(&campaign)],
                    &self.actor,
                    self.today,
                    &self.calendar,
                    &self.book,
                );
                let Some(row) = rows.into_iter().next() else { return Ok(Found::Missing) };
                ChangeItem::Campaign(FeedCampaign {
                    row,
                    budget_fen: money.budget_total,
                    committed_fen: money.committed_total,
                    spent_fen: money.spent_total,
                    ceiling_fen: money.ceiling,
                    closed: campaign.stage.is_terminal(),
                })
            }
            FeedKind::KpiMonth => {
                let (person, month, months) = state.store.kpi_month_of_key(&entry.key)?;
                let flagged = shared::kpi::flag_months(months);
                let Some(row) = flagged.into_iter().find(|r| r.staff == person && r.month == month) else {
                    return Ok(Found::Missing);
                };
                if u64::from(row.rated) != entry.version {
                    return Ok(Found::Moved);
                }
                ChangeItem::KpiMonth(FeedKpiMonth {
                    person,
                    month,
                    rated: row.rated,
                    satisfied: row.satisfied,
                    bonus_deduction: row.bonus_deduction,
                    disciplinary_review: row.disciplinary_review,
                })
            }
            FeedKind::Store => match state.store.get::<Store>(id()?)? {
                None => return Ok(Found::Missing),
                Some(s) if s.version != entry.version => return Ok(Found::Moved),
                Some(s) => ChangeItem::Store(FeedStore { version: s.version, store: s.value }),
            },
            FeedKind::OrgUnit => match state.store.get::<OrgUnit>(id()?)? {
                None => return Ok(Found::Missing),
                Some(u) if u.version != entry.version => return Ok(Found::Moved),
                Some(u) => ChangeItem::OrgUnit(FeedOrgUnit { version: u.version, unit: u.value }),
            },
            FeedKind::Position => match state.store.get::<Position>(id()?)? {
                None => return Ok(Found::Missing),
                Some(p) if p.version != entry.version => return Ok(Found::Moved),
                Some(p) => ChangeItem::Position(FeedPosition { version: p.version, position: p.value }),
            },
            FeedKind::Person => match state.store.get::<Person>(id()?)? {
                None => return Ok(Found::Missing),
                Some(p) if p.version != entry.version => return Ok(Found::Moved),
                Some(p) => ChangeItem::Person(FeedPerson {
                    version: p.version,
                    id: p.value.id,
                    name: p.value.name,
                    positions: p.value.positions,
                    stores_covered: p.value.stores_covered,
                }),
            },
        };
        Ok(Found::Item(Box::new(found)))
    }
}

fn reader_record(found: crate::storage::Versioned<FeedReaderRecord>) -> Record<FeedReader> {
    Record { version: found.version, value: found.value.reader }
}

fn validate(state: &AppState, reader: &FeedReader, creating: bool) -> Result<(), AppError> {
    let mut errors = reader.validate();
    if creating && state.store.all::<FeedReaderRecord>()?.len() >= READERS_MAX {
        errors.push(FieldError::new("name", &Message::TooMany { max_items: READERS_MAX }));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(
            errors.into_iter().map(|e| FieldError { field: format!("value.{}", e.field), ..e }).collect(),
        ))
    }
}

#[tracing::instrument(skip_all)]
async fn list_readers(State(state): State<AppState>, current: CurrentUser) -> Reply<ListFeedReaders> {
    current.require(&[Role::Admin])?;
    let mut readers: Vec<_> = state.store.all::<FeedReaderRecord>()?.into_iter().map(reader_record).collect();
    readers.sort_by_key(|r| (r.value.retired, r.value.id));
    reply::<ListFeedReaders>(readers)
}

#[tracing::instrument(skip_all)]
async fn create_reader(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(input): ApiJson<Write<FeedReader>>,
) -> Reply<CreateFeedReader> {
    current.require(&[Role::Admin])?;
    let mut reader = input.value;
    reader.name = reader.name.trim().to_owned();
    reader.retired = false;
    validate(&state, &reader, true)?;
    reader.id = state.store.next_id()?;
    let (token, token_sha256) = new_token()?;
    let target = format!("feed reader {} {}", reader.id, reader.name);
    let saved = state
        .store
        .insert(FeedReaderRecord { reader, token_sha256 }, audit(&state, &current, "create feed reader", target))
        .await?;
    tracing::info!(reader = saved.value.reader.id, "feed account made");
    reply::<CreateFeedReader>(NewFeedReader { reader: saved.value.reader, token })
}

#[tracing::instrument(skip_all)]
async fn update_reader(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<Write<FeedReader>>,
) -> Reply<UpdateFeedReader> {
    current.require(&[Role::Admin])?;
    let id: u64 = id.parse().map_err(|_| AppError::NotFound)?;
    let found = state.store.get::<FeedReaderRecord>(id)?.ok_or(AppError::NotFound)?;
    let mut reader = input.value;
    reader.id = id;
    reader.name = reader.name.trim().to_owned();
    validate(&state, &reader, false)?;
    let target = format!("feed reader {id}{}", if reader.retired { " retired" } else { "" });
    let record = FeedReaderRecord { reader, token_sha256: found.value.token_sha256 };
    let saved = state.store.update(input.version, record, audit(&state, &current, "edit feed reader", target)).await?;
    reply::<UpdateFeedReader>(reader_record(saved))
}
