//! The campaign's clock in storage: the administrator's schedule templates (one record
//! per type and the day it applies from; earlier ones stay, so a campaign keeps the
//! template it was requested under), which stages were told late or at risk, and the
//! center's money rules (the tolerance above a budget) beside them.

use chrono::NaiveDate;
use shared::campaign::{CampaignType, Stage};
use shared::ids::CampaignId;

use super::codec::{decode, encode_checked};
use super::records::StoredMoneySettings;
use super::records::money_settings::MoneySettingsV1;
use super::records::template::{TemplateRecord, encode_template};
use super::v1::{CampaignTypeV1, StageV1, day_number};

/// The settings tree's key for the money rules.
const MONEY_SETTINGS_KEY: &[u8] = b"money";
use super::{StorageError, Store, tree};

/// A template's key: its type (the frozen variant index), then the day it applies from.
fn template_key(kind: CampaignType, applies_from: NaiveDate) -> Vec<u8> {
    let mut key = vec![CampaignTypeV1::from(&kind) as u8];
    key.extend_from_slice(&day_number(applies_from).to_be_bytes());
    key
}

pub(super) use super::records::template::decode_template;

/// What was told about a campaign's stage being off its schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Told {
    AtRisk,
    Late,
}

impl Store {
    /// Every template the administrator set, oldest first per type.
    pub fn schedule_templates(&self) -> Result<Vec<TemplateRecord>, StorageError> {
        self.tree(tree::SCHEDULE_TEMPLATES)?.iter().values().map(|v| decode_template(&v?)).collect()
    }

    /// Stores a template, durably; it replaces one set for the same type and day.
    pub async fn put_schedule_template(&self, record: &TemplateRecord) -> Result<(), StorageError> {
        let bytes = encode_template(record)?;
        {
            let _gate = self.write_guard();
            self.tree(tree::SCHEDULE_TEMPLATES)?
                .insert(template_key(record.template.kind, record.applies_from), bytes)?;
        }
        self.durable().await
    }

    /// The key that marks a campaign's stage (in the schedule it had when told) as told.
    pub fn schedule_told_key(campaign: CampaignId, stage: Stage, due_on: NaiveDate, told: Told) -> Vec<u8> {
        let mut key = campaign.0.to_be_bytes().to_vec();
        key.push(StageV1::from(&stage) as u8);
        key.extend_from_slice(&day_number(due_on).to_be_bytes());
        key.push(match told {
            Told::AtRisk => 0,
            Told::Late => 1,
        });
        key
    }

    /// The center's money rules: as the administrator set them, or the defaults.
    pub fn money_settings(&self) -> Result<shared::costs::MoneySettings, StorageError> {
        match self.tree(tree::SETTINGS)?.get(MONEY_SETTINGS_KEY)? {
            Some(bytes) => {
                let StoredMoneySettings::V1(stored) = decode(&bytes)?;
                Ok(shared::costs::MoneySettings { tolerance_percent: stored.tolerance_percent })
            }
            None => Ok(shared::costs::MoneySettings::default()),
        }
    }

    /// Stores the money rules, durably, with who set them and when.
    pub async fn put_money_settings(
        &self,
        settings: shared::costs::MoneySettings,
        set_by: shared::ids::UserId,
        set_at_unix_ms: i64,
    ) -> Result<(), StorageError> {
        let stored = StoredMoneySettings::V1(MoneySettingsV1 {
            tolerance_percent: settings.tolerance_percent,
            set_by: set_by.0,
            set_at_unix_ms,
        });
        let bytes = encode_checked(&stored)?;
        {
            let _gate = self.write_guard();
            self.tree(tree::SETTINGS)?.insert(MONEY_SETTINGS_KEY, bytes)?;
        }
        self.durable().await
    }

    /// Whether this was told already.
    pub fn schedule_told(&self, key: &[u8]) -> Result<bool, StorageError> {
        Ok(self.tree(tree::SCHEDULE_TOLD)?.contains_key(key)?)
    }
}
