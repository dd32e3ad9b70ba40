//! The change feed (`GET /api/v1/changes`): what other systems (the head office's
//! roll-up, a BI tool, a franchise's ERP) follow to keep a copy of a region.
//!
//! Every committed change to a campaign, a staff member's KPI month or the org gets the
//! next sequence number in the same transaction that writes it, so the feed is in commit
//! order with no gaps a reader could skip. The feed keeps each item once, at its latest
//! change (an older entry is dropped when the item changes again), and serves it as it is
//! now: a reader that saves `next` after applying a page resumes where it stopped and
//! never misses the latest state of anything. Items are replaced whole, so applying a
//! page twice changes nothing.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::api::CampaignSummary;
use crate::ids::{PersonId, PositionId, StoreId};
use crate::kpi::YearMonth;
use crate::messages::FieldError;
use crate::money::Fen;
use crate::org::{OrgUnit, Position, Store};

/// Changes per page when the reader does not say.
pub const PAGE_DEFAULT: u32 = 200;
/// The most changes one page carries.
pub const PAGE_MAX: u32 = 1000;
/// Feed accounts a region may have.
pub const READERS_MAX: usize = 20;
/// A feed account's name, in characters.
pub const READER_NAME_MAX_CHARS: usize = 40;

/// Where to read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangesQuery {
    /// The `next` of the last page applied; 0 (or absent) for everything.
    #[serde(default)]
    pub after: u64,
    /// At most this many changes (1 to 1000, 200 when absent; others are refused).
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = PAGE_MAX)))]
    pub limit: Option<u32>,
}

/// One page of the feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangePage {
    /// In commit order.
    pub changes: Vec<Change>,
    /// Pass as `after` to read on; equal to `after` when nothing was new.
    pub next: u64,
    /// More changes are waiting: read again at once rather than after the usual pause.
    pub more: bool,
    /// The business day the region judges lateness by, when the page was read.
    #[serde(with = "crate::clock::wire_day")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub today: NaiveDate,
}

/// One item at its latest change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    pub seq: u64,
    pub item: ChangeItem,
}

/// What changed, as it is now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChangeItem {
    Campaign(FeedCampaign),
    KpiMonth(FeedKpiMonth),
    Store(FeedStore),
    OrgUnit(FeedOrgUnit),
    Position(FeedPosition),
    Person(FeedPerson),
}

/// A campaign's list row as the center sees it (stage, dates, the clock's standing on
/// the page's `today`) and its money.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedCampaign {
    pub row: CampaignSummary,
    /// The approved (or latest) plan's budget, in fen.
    pub budget_fen: Fen,
    /// What orders committed, in fen.
    pub committed_fen: Fen,
    /// What invoices charged, in fen.
    pub spent_fen: Fen,
    /// What orders may commit before the VP must approve more, in fen.
    pub ceiling_fen: Fen,
    /// Closed campaigns no longer move.
    pub closed: bool,
}

/// A staff member's ratings in one month, with R7's flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedKpiMonth {
    pub person: PersonId,
    pub month: YearMonth,
    pub rated: u32,
    pub satisfied: u32,
    /// Below 50 %: 奖金扣罚.
    pub bonus_deduction: bool,
    /// Below 50 % for the third month with ratings in a row: 记过或劝退.
    pub disciplinary_review: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedStore {
    pub version: u64,
    pub store: Store,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedOrgUnit {
    pub version: u64,
    pub unit: OrgUnit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedPosition {
    pub version: u64,
    pub position: Position,
}

/// A staff member, without contact details: the feed is for figures, not for calling
/// people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeedPerson {
    pub version: u64,
    pub id: PersonId,
    pub name: String,
    pub positions: Vec<PositionId>,
    pub stores_covered: Vec<StoreId>,
}

/// An account another system reads the feed with (数据对接账号): it can read the feed
/// and nothing else. Its token is shown once, when it is made. As every body the API
/// reads, a field it does not know is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FeedReader {
    pub id: u64,
    /// Who reads with it, e.g. 总部数据汇总.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 40)))]
    pub name: String,
    /// A retired account's token is refused.
    #[serde(default)]
    pub retired: bool,
}

impl FeedReader {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        crate::text::check_text(
            "name",
            self.name.trim(),
            true,
            READER_NAME_MAX_CHARS,
            crate::text::Lines::One,
            &mut errors,
        );
        errors
    }
}

/// A new feed account with its token: the only time the token is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewFeedReader {
    pub reader: FeedReader,
    /// Send as `Authorization: Bearer <token>` to `GET /api/v1/changes`.
    pub token: String,
}

/// The page size a query asks for ([`PAGE_DEFAULT`] when it does not say). The server
/// refuses a `limit` outside 1–[`PAGE_MAX`] as it reads the query
/// (`endpoints::QueryRules`); the clamp only guards a caller that did not check.
pub fn page_size(query: &ChangesQuery) -> u32 {
    query.limit.unwrap_or(PAGE_DEFAULT).clamp(1, PAGE_MAX)
}
