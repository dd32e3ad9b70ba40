//! `server check`: proves a data directory is whole. Every record of every tree decodes;
//! every index entry points at a campaign that files itself there, and every campaign is
//! in each index it should be; history and plan versions are complete; ratings match
//! their campaigns; every campaign's list row is the row it makes, and each staff member's
//! monthly counts are what the ratings add up to; every login maps to its user; every attachment's file is on disk
//! with the right hash.

use std::collections::BTreeSet;

use super::attachments::sha256_hex;
use super::campaigns::{Index, LAST_MONTH, index_keys, listing_key, month_of_key};
use super::codec::{decode, read_u64, trailing_id};
use super::entities::Entity;
use super::own::UserRecord;
use super::records::campaign::decode_core;
use super::records::listing::decode_listing;
use super::records::staff_month::decode_staff_month;
use super::records::{StoredAttachment, StoredAudit, StoredPlanVersion, StoredYear};
use super::{StorageError, Store, tree};

/// What `check` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub records: u64,
    pub campaigns: u64,
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The most problems listed; past that the data dir needs a restore, not a longer list.
const MAX_PROBLEMS: usize = 100;

impl Store {
    pub fn check(&self) -> Result<CheckReport, StorageError> {
        let mut report = CheckReport::default();
        let problem = |report: &mut CheckReport, text: String| {
            if report.problems.len() < MAX_PROBLEMS {
                report.problems.push(text);
            }
        };

        // 1. Every value decodes as its tree's type.
        for name in tree::ALL {
            for entry in self.tree(name)?.iter() {
                let (key, value) = entry?;
                report.records += 1;
                let decoded = match *name {
                    tree::STORES => shared::org::Store::decode_stored(&value).map(|_| ()),
                    tree::ORG_UNITS => shared::org::OrgUnit::decode_stored(&value).map(|_| ()),
                    tree::POSITIONS => shared::org::Position::decode_stored(&value).map(|_| ()),
                    tree::PEOPLE => shared::org::Person::decode_stored(&value).map(|_| ()),
                    tree::USERS => UserRecord::decode_stored(&value).map(|_| ()),
                    tree::CAMPAIGNS => decode_core(&value).map(|_| ()),
                    tree::LISTINGS => decode_listing(&value).map(|_| ()),
                    tree::STAFF_MONTHS => month_of_key(&key).and_then(|_| decode_staff_month(&value)).map(|_| ()),
                    tree::HISTORY => super::records::history::decode_entry(&value).map(|_| ()),
                    tree::PLAN_VERSIONS => decode::<StoredPlanVersion>(&value).map(|_| ()),
                    tree::RATINGS => super::records::rating::decode_rating(&value).map(|_| ()),
                    tree::ATTACHMENTS => decode::<StoredAttachment>(&value).map(|_| ()),
                    tree::AUDIT => decode::<StoredAudit>(&value).map(|_| ()),
                    tree::CALENDAR => decode::<StoredYear>(&value).map(|_| ()),
                    tree::SCHEDULE_TEMPLATES => super::schedule::decode_template(&value).map(|_| ()),
                    tree::SESSIONS => decode::<super::records::StoredSession>(&value).map(|_| ()),
                    tree::IDEMPOTENCY => decode::<super::records::StoredIdempotent>(&value).map(|_| ()),
                    tree::USERS_BY_LOGIN | tree::SUPPLIERS_BY_NAME | tree::FEED_READERS_BY_TOKEN => {
                        read_u64(&value).map(|_| ())
                    }
                    tree::FEED_READERS => super::own::FeedReaderRecord::decode_stored(&value).map(|_| ()),
                    tree::SUPPLIERS => shared::costs::Supplier::decode_stored(&value).map(|_| ()),
                    tree::SETTINGS => decode::<super::records::StoredMoneySettings>(&value).map(|_| ()),
                    tree::BY_STORE | tree::BY_STAGE | tree::BY_ASSIGNEE | tree::BY_START => {
                        trailing_id(&key).map(|_| ())
                    }
                    _ => Ok(()),
                };
                if let Err(error) = decoded {
                    problem(&mut report, format!("{name}: key {key:?}: {error}"));
                }
            }
        }

        // 2. Campaigns and their indexes, both ways.
        let mut expected: BTreeSet<(Index, Vec<u8>)> = BTreeSet::new();
        let mut ratings_expected = 0usize;
        let listings = self.tree(tree::LISTINGS)?;
        for entry in self.tree(tree::CAMPAIGNS)?.iter() {
            let (_, value) = entry?;
            let Ok(core) = decode_core(&value) else { continue };
            report.campaigns += 1;
            let id = core.campaign.id;
            let row = listings.get(listing_key(id))?.map(|b| decode_listing(&b)).transpose();
            // The row depends on the history too (the day the stage began): read it whole.
            let whole = self.get_campaign(id)?;
            let fresh = whole.as_ref().map(shared::campaign::Listing::of);
            if !matches!((&row, &fresh), (Ok(Some(row)), Some(fresh)) if row == fresh) {
                problem(&mut report, format!("campaign {id}: list row missing or stale"));
            }
            match self.get_campaign(id) {
                Ok(Some(full)) => {
                    if shared::rules::check_history_append_only(&[], &full.history).is_err()
                        || full.history.iter().enumerate().any(|(i, e)| e.seq as usize != i + 1)
                    {
                        problem(&mut report, format!("campaign {id}: history out of sequence"));
                    }
                }
                Ok(None) => problem(&mut report, format!("campaign {id}: vanished")),
                Err(error) => problem(&mut report, format!("campaign {id}: {error}")),
            }
            ratings_expected += core.campaign.ratings.len();
            expected.extend(index_keys(&core.campaign));
        }
        for index in Index::ALL {
            for entry in self.tree(index.tree_name())?.iter() {
                let (key, _) = entry?;
                if !expected.remove(&(index, key.to_vec())) {
                    problem(&mut report, format!("{}: stale entry {key:?}", index.tree_name()));
                }
            }
        }
        for (index, key) in expected {
            problem(&mut report, format!("{}: missing entry {key:?}", index.tree_name()));
        }
        let ratings = self.tree(tree::RATINGS)?.len();
        if ratings != ratings_expected {
            problem(&mut report, format!("ratings: {ratings} stored, campaigns hold {ratings_expected}"));
        }
        let campaigns = self.tree(tree::CAMPAIGNS)?.len();
        if listings.len() != campaigns {
            problem(&mut report, format!("list rows: {} stored for {campaigns} campaigns", listings.len()));
        }
        // A record that does not decode was reported above; here it only means the
        // counts cannot be compared.
        let counted = self.count_staff_months();
        let stored = self.staff_months(LAST_MONTH, None);
        match (counted, stored) {
            (Ok(counted), Ok(stored)) if counted == stored => {}
            (Ok(_), Ok(_)) => problem(&mut report, "KPI: the monthly counts differ from the ratings".into()),
            (Err(error), _) | (_, Err(error)) => {
                problem(&mut report, format!("KPI: the monthly counts cannot be compared: {error}"));
            }
        }

        // 3. Logins.
        for entry in self.tree(tree::USERS_BY_LOGIN)?.iter() {
            let (login, id) = entry?;
            let owner = read_u64(&id).ok().and_then(|id| self.get::<UserRecord>(id).ok().flatten());
            let matches = owner.is_some_and(|u| u.value.login.trim().to_lowercase().as_bytes() == login.as_ref());
            if !matches {
                problem(&mut report, format!("login {}: points at the wrong user", String::from_utf8_lossy(&login)));
            }
        }

        // 4. Attachment files.
        for meta in self.attachments()? {
            match std::fs::read(self.attachment_path(&meta)) {
                Ok(bytes) if sha256_hex(&bytes) == meta.sha256_hex => {}
                Ok(_) => problem(&mut report, format!("attachment {}: file content does not match", meta.id)),
                Err(error) => problem(&mut report, format!("attachment {}: {error}", meta.id)),
            }
        }
        Ok(report)
    }
}
