//! Frozen stored types that several records share (each record's own frozen types are in
//! its folder under `records/`): the frozen copies of `shared`'s fieldless enums (version
//! 1, as at schema 2, and the supplier kind of schema 5), the campaign's version-1 body
//! `CampaignV1` with everything it holds (tasks, proofs, plan version 1, rating, history
//! entry version 1), which campaign cores, history entries, plan versions and ratings
//! all embed, and the day numbers that list rows and templates store dates as. Nothing
//! here imports anything above it.
//!
//! Never edit a type here: the golden fixtures pin its bytes. Typed ids are their `u64`,
//! `Fen` its `i64`; serde attributes are left out (bincode writes neither names nor tags,
//! only field order and variant indexes). The conversions destructure every field and
//! match every variant, so a field or variant added to a `shared` type fails to compile
//! here until a new stored version (in the record's folder under `records/`, a new
//! variant of its envelope) takes it.

mod campaigns;
mod plans;

pub use self::campaigns::*;
pub use self::plans::*;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::ids::{AttachmentId, CampaignId, PersonId, StoreId, UserId};
use shared::money::Fen;
use shared::{campaign, messages, org, plan};

use super::StorageError;

/// A frozen copy of a fieldless `shared` enum, its variants in the same order, with both
/// conversions (each an exhaustive `match`).
macro_rules! frozen_enum {
    ($(#[$meta:meta])* $frozen:ident = $domain:ty { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $frozen {
            $($variant),+
        }

        impl From<&$domain> for $frozen {
            fn from(value: &$domain) -> Self {
                type Domain = $domain;
                match value {
                    $(Domain::$variant => Self::$variant),+
                }
            }
        }

        impl From<$frozen> for $domain {
            fn from(value: $frozen) -> Self {
                match value {
                    $($frozen::$variant => Self::$variant),+
                }
            }
        }
    };
}

/// A day as its number from the common era (1 January of year 1 is day 1).
pub fn day_number(date: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date)
}

pub fn date(days: i32) -> Result<NaiveDate, StorageError> {
    NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| StorageError::Decode(format!("day number {days}")))
}

// -- enums ------------------------------------------------------------------------------

frozen_enum! {
    CampaignTypeV1 = campaign::CampaignType {
        HolidayPromotion,
        StoreOpening,
        StoreSpecific,
        NewProductLaunch,
        VideoProduction,
        AnnualPlan,
    }
}

frozen_enum! {
    StageV1 = campaign::Stage {
        Intake,
        Needs,
        Brainstorm,
        DraftPlan,
        Revisions,
        Approval,
        StoreConfirmation,
        Production,
        Shipping,
        Execution,
        Summary,
        Rating,
        Closed,
        Cancelled,
    }
}

frozen_enum! {
    TaskStatusV1 = campaign::TaskStatus { Open, InProgress, Done }
}

frozen_enum! {
    HelpKindV1 = campaign::HelpKind { Photography, MarketExecution }
}

frozen_enum! {
    ProofStepV1 = plan::ProofStep { FirstDraft, DesignDraft, Proof, Check, Final }
}

frozen_enum! {
    RoleV1 = org::Role {
        StoreManager,
        ServiceCenter,
        Market,
        Planning,
        Design,
        Video,
        Brand,
        Merchandise,
        Purchasing,
        Vp,
        Admin,
    }
}

frozen_enum! {
    ProvinceV1 = org::Province { Heilongjiang, Jilin, InnerMongolia }
}

frozen_enum! {
    StoreStatusV1 = org::StoreStatus { Preparing, Open, Closed }
}

frozen_enum! {
    OrgUnitKindV1 = org::OrgUnitKind { Layer, Department, Group }
}

frozen_enum! {
    LangV1 = messages::Lang { Zh, En }
}

frozen_enum! {
    /// A supplier's kind (first stored at schema 5): suppliers and the campaign's orders.
    SupplierKindV1 = shared::costs::SupplierKind { Printing, Gifts, Goods, Video, Other }
}
