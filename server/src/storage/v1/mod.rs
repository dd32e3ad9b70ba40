//! Stored types, version 1: frozen copies of every `shared` type a stored record reaches,
//! as they were at schema version 2, so that no change to a `shared` type can change the
//! bytes on disk.
//!
//! Never edit a type here: the golden fixtures pin its bytes. Typed ids are their `u64`,
//! `Fen` its `i64`; serde attributes are left out (bincode writes neither names nor tags,
//! only field order and variant indexes). The conversions destructure every field and
//! match every variant, so a field or variant added to a `shared` type fails to compile
//! here until a new stored version (`v2.rs`, a `V2` variant in `records.rs`) takes it.

mod accounts;
mod calendars;
mod campaigns;
mod notices;
mod org_chart;
mod plans;

pub use self::accounts::*;
pub use self::calendars::*;
pub use self::campaigns::*;
pub use self::notices::*;
pub use self::org_chart::*;
pub use self::plans::*;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::ids::{AttachmentId, CampaignId, OrgUnitId, PersonId, PositionId, StoreId, UserId};
use shared::money::Fen;
use shared::{calendar, campaign, messages, org, plan, workflow};

use super::own::{AttachmentMeta, AuditEntry, IdempotentResponse, SessionRecord, UserRecord};

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

/// A frozen copy of a fieldless `shared` enum that has since grown variants (a later
/// version takes them): read back exhaustively, written only while the value is one of its
/// variants.
macro_rules! frozen_enum_retired {
    ($(#[$meta:meta])* $frozen:ident = $domain:ty { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $frozen {
            $($variant),+
        }

        impl TryFrom<&$domain> for $frozen {
            type Error = ();
            fn try_from(value: &$domain) -> Result<Self, ()> {
                type Domain = $domain;
                match value {
                    $(Domain::$variant => Ok(Self::$variant),)+
                    #[allow(unreachable_patterns)]
                    _ => Err(()),
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

pub(crate) use frozen_enum;

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

frozen_enum_retired! {
    ActionKindV1 = workflow::ActionKind {
        Create,
        StartNeeds,
        RecordNeeds,
        CompleteNeeds,
        RecordBrainstorm,
        SavePlan,
        SubmitDraft,
        Comment,
        SubmitForApproval,
        Approve,
        SendBack,
        OverrideLate,
        UpdateTask,
        UploadProof,
        CommentProof,
        DecideProof,
        ConfirmPlan,
        RequestChanges,
        CompleteProduction,
        RecordShipment,
        ConfirmReceipt,
        RequestHelp,
        AssignHelp,
        ReportSales,
        FinishExecution,
        SubmitSummary,
        Rate,
        SendReminder,
        Cancel,
    }
}
