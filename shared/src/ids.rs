//! Typed identifiers, one per entity, all from one macro: a `u64` that cannot be passed
//! where another entity's id is expected.

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )+};
}

typed_id! {
    /// A franchise store (加盟店).
    StoreId,
    /// A department, group or management layer of the org chart.
    OrgUnitId,
    /// A position (岗位).
    PositionId,
    /// A person on the staff or a store manager.
    PersonId,
    /// A login account.
    UserId,
    /// A campaign (活动).
    CampaignId,
    /// An uploaded file (design draft, photo, summary).
    AttachmentId,
    /// A supplier the center orders from (供应商).
    SupplierId,
}
