//! The campaign workflow: every action a person can take on a campaign, each defined in
//! one place, and the one [`apply`] function that decides every move, for the server
//! (which persists the result) and the browser (which shows what is possible and why not).
//!
//! - `actions/`: one struct per action with its [`Act`] implementation — who may take
//!   it, at which stages, for which store, what it checks, what it changes, which files
//!   it refers to and what it is called — grouped by who takes them. The `actions!` list
//!   below names each once and generates the [`Action`] enum (the wire's tagged union),
//!   [`ActionKind`] and every dispatch, with no catch-all arm: an action that does not
//!   say something does not compile.
//! - `gates`: the payload-free checks (`check_gate`, in a fixed order: ended → store
//!   scope (R5) → role (R6) → stage → state, the campaign's caps among it → the actor's
//!   personal cap), what each role has to do, what is open.
//! - `input`: the checks of typed input the actions share.
//! - `apply`: the transition itself (history entry, version, team).

mod actions;
mod apply;
mod gates;
pub mod input;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use self::actions::*;
pub use self::apply::{Transition, apply, on_team};
pub use self::gates::{ActionCheck, available_actions, check_gate, role_works_at, stages_of};
pub use self::input::{
    ATTENDEES_MAX, ITEM_NAME_MAX_CHARS, ITEMS_MAX, NOTE_MAX_CHARS, PHOTOS_MAX, QUANTITY_MAX, check_receipt,
    check_store_plan,
};
use crate::Lang;
use crate::calendar::Calendar;
pub use crate::campaign::ActionKind;
pub use crate::campaign::stores_waiting;
use crate::campaign::{Campaign, CampaignType, Stage};
use crate::ids::{AttachmentId, StoreId};
use crate::messages::{FieldError, Message};
pub use crate::messages::{Violation, ViolationKind};
use crate::org::{Actor, Role};
pub use crate::rules::can_view;

/// What the caller knows at the moment of the action.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub today: NaiveDate,
    pub now_unix_ms: i64,
    pub calendar: &'a Calendar,
    /// The schedule templates in force today (intake measures a request against them).
    pub templates: &'a crate::schedule::Templates,
    /// The center's tolerance above a campaign's budget, in percent (`crate::costs`).
    pub tolerance_percent: u32,
}

/// How an action is named to people: in history and buttons ("确认到货"), and what they
/// are told once it is done ("已确认到货，谢谢").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    pub zh: &'static str,
    pub en: &'static str,
    pub done_zh: &'static str,
    pub done_en: &'static str,
}

impl Words {
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    pub fn done(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.done_zh,
            Lang::En => self.done_en,
        }
    }
}

/// What applying an action leaves for its history entry: the note, and the store the
/// entry is about when it is not the per-store action's own (`None`: the action's store,
/// or the acting store manager's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub note: String,
    pub about_store: Option<StoreId>,
}

impl From<String> for Applied {
    fn from(note: String) -> Self {
        Applied { note, about_store: None }
    }
}

/// One workflow action: everything that defines it. Every item is required (no default
/// can silently grant a role, skip a check or forget a file); the `actions!` list
/// dispatches to these.
pub trait Act: Sized {
    const KIND: ActionKind;
    /// Its names, in both languages.
    const WORDS: Words;
    /// The stages in which it can be taken (the campaign's type must have the stage too).
    const STAGES: &'static [Stage];
    /// Taken by a store manager for their own store, named in the action's `store` (R5
    /// checks that it is theirs).
    const PER_STORE: bool;
    /// One person may repeat it at will (a comment, a reminder): its entries count
    /// against `campaign::ENTRIES_PER_PERSON_MAX`, and it is refused once they reach it.
    /// Stage moves and once-per-store acts are bounded by the workflow, and the records a
    /// campaign's size bounds (orders, invoices, overrun approvals, shipments per store) by
    /// their own caps: those are `false`, never refused for the personal cap nor counted
    /// towards it, so no amount of them keeps their owner from their own stage work.
    const REPEATABLE: bool;
    /// R6: the roles that own it on a campaign of type `kind`.
    fn roles(kind: CampaignType) -> &'static [Role];
    /// Whether, for `role` (one of its owners), it is the work a campaign brings at its
    /// stages: what puts a campaign in the staff's "my work" queue and decides who is
    /// told ([`role_works_at`]). Not what anyone waiting may do (reminders, comments),
    /// nor the exceptions (cancelling, a late start granted when asked). Said by each
    /// action, so a new one decides it where it is defined rather than in a list apart.
    fn is_work_for(role: Role) -> bool;
    /// Whether a campaign of this kind does this work at all (only a video job is
    /// "produced" by the video department).
    fn fits(campaign: &Campaign) -> bool;
    /// Preconditions on the campaign's recorded state and on the day, before any input is
    /// read; `store` is the store a per-store action is for.
    fn check_state(campaign: &Campaign, store: Option<StoreId>, today: NaiveDate) -> Result<(), Violation>;
    /// The store the action names (per-store actions), if any.
    fn store(&self) -> Option<StoreId>;
    /// The uploaded files it refers to, with the field naming each: the server lets an
    /// action refer only to files its actor uploaded or already sees.
    fn files(&self) -> Vec<(&'static str, AttachmentId)>;
    /// Checks of its input against the campaign.
    fn check_input(&self, campaign: &Campaign, actor: &Actor, ctx: &Context<'_>) -> Vec<FieldError>;
    /// Its effect on the campaign (already a copy); what its history entry says.
    fn apply(self, campaign: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied;
}

/// Defines [`Action`] (each action's struct, tagged by its wire name), [`ActionKind`]
/// (the same without input, plus `Create` for the opening of a campaign),
/// `ActionKind::ALL`, the wire names and every dispatch to [`Act`], from one list.
macro_rules! actions {
    ($( $(#[$meta:meta])* $variant:ident = $name:literal ),+ $(,)?) => {
        /// Everything a person can do to a campaign after it was opened. On the wire it is
        /// an object whose `type` names the action (`ActionKind`'s name) beside its input.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(tag = "type", rename_all = "snake_case")]
        pub enum Action {
            $( $(#[$meta])* $variant($variant) ),+
        }

        impl ActionKind {
            /// What it is called, and what a person is told once it is done.
            pub fn words(self) -> Words {
                match self {
                    ActionKind::Create => CREATE_WORDS,
                    $(ActionKind::$variant => <$variant as Act>::WORDS),+
                }
            }

            /// The stages in which it can be taken (before checking the type has them).
            pub fn stages(self) -> &'static [Stage] {
                match self {
                    ActionKind::Create => &[],
                    $(ActionKind::$variant => <$variant as Act>::STAGES),+
                }
            }

            /// R6: the roles that own it on a campaign of the given type.
            pub fn roles(self, campaign_type: CampaignType) -> &'static [Role] {
                match self {
                    ActionKind::Create => campaign_type.creators(),
                    $(ActionKind::$variant => <$variant as Act>::roles(campaign_type)),+
                }
            }

            /// Whether it is `role`'s work, not an aside (see [`Act::is_work_for`]); the
            /// opening of a campaign is no one's work on it.
            pub fn is_work_for(self, role: Role) -> bool {
                match self {
                    ActionKind::Create => false,
                    $(ActionKind::$variant => <$variant as Act>::is_work_for(role)),+
                }
            }

            /// Taken by a store manager for one store, named in the action's `store`.
            pub fn is_per_store(self) -> bool {
                match self {
                    ActionKind::Create => false,
                    $(ActionKind::$variant => <$variant as Act>::PER_STORE),+
                }
            }

            /// Repeatable at will by one person (see [`Act::REPEATABLE`]).
            pub fn is_repeatable(self) -> bool {
                match self {
                    ActionKind::Create => false,
                    $(ActionKind::$variant => <$variant as Act>::REPEATABLE),+
                }
            }

            /// Whether a campaign of this kind does this work at all.
            pub fn fits(self, campaign: &Campaign) -> bool {
                match self {
                    ActionKind::Create => false,
                    $(ActionKind::$variant => <$variant as Act>::fits(campaign)),+
                }
            }

            /// Preconditions on the campaign's state (see [`Act::check_state`]).
            pub fn check_state(
                self,
                campaign: &Campaign,
                store: Option<StoreId>,
                today: NaiveDate,
            ) -> Result<(), Violation> {
                match self {
                    ActionKind::Create => Err(Violation::one(
                        ViolationKind::Conflict,
                        "",
                        &Message::AlreadyDone,
                    )),
                    $(ActionKind::$variant => <$variant as Act>::check_state(campaign, store, today)),+
                }
            }
        }

        impl Action {
            pub fn kind(&self) -> ActionKind {
                match self {
                    $(Action::$variant(_) => ActionKind::$variant),+
                }
            }

            /// The store a per-store action is about.
            pub fn store(&self) -> Option<StoreId> {
                match self {
                    $(Action::$variant(action) => action.store()),+
                }
            }

            /// The uploaded files the action refers to, with the field naming each.
            pub fn files(&self) -> Vec<(&'static str, AttachmentId)> {
                match self {
                    $(Action::$variant(action) => action.files()),+
                }
            }

            fn check_input(&self, campaign: &Campaign, actor: &Actor, ctx: &Context<'_>) -> Vec<FieldError> {
                match self {
                    $(Action::$variant(action) => action.check_input(campaign, actor, ctx)),+
                }
            }

            fn effect(self, campaign: &mut Campaign, actor: &Actor, ctx: &Context<'_>) -> Applied {
                match self {
                    $(Action::$variant(action) => action.apply(campaign, actor, ctx)),+
                }
            }
        }

        $(
            impl From<$variant> for Action {
                fn from(action: $variant) -> Self {
                    Action::$variant(action)
                }
            }
        )+
    };
}

/// The opening of a campaign (立项), named in its history.
const CREATE_WORDS: Words = Words { zh: "立项", en: "opened", done_zh: "已立项", done_en: "Opened" };

crate::kinds::with_every_action!(actions);

/// A precondition not met yet, said in both languages (409).
pub(crate) fn not_ready(what_zh: &'static str, what_en: &'static str) -> Violation {
    Violation::one(ViolationKind::Conflict, "", &Message::NotReady { what_zh, what_en })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_name_is_the_one_serde_writes() {
        for kind in ActionKind::ALL.into_iter().chain([ActionKind::Create]) {
            let json = serde_json::to_value(kind).unwrap_or_default();
            assert_eq!(json.as_str(), Some(kind.as_str()), "{kind:?}");
            if kind != ActionKind::Create {
                assert_eq!(ActionKind::parse(kind.as_str()), Some(kind));
            }
        }
        assert_eq!(ActionKind::parse("create"), None, "opening is not an action on a campaign");
        assert_eq!(ActionKind::parse("party"), None);
    }

    #[test]
    fn an_action_without_input_is_its_type_alone_on_the_wire() {
        let json = serde_json::to_string(&Action::StartNeeds(StartNeeds {})).unwrap_or_default();
        assert_eq!(json, r#"{"type":"start_needs"}"#);
        let back: Result<Action, _> = serde_json::from_str(r#"{"type":"start_needs"}"#);
        assert_eq!(back.ok(), Some(Action::StartNeeds(StartNeeds {})));
        let reminder: Result<Action, _> = serde_json::from_str(r#"{"type":"send_reminder","note":"快"}"#);
        assert_eq!(reminder.ok(), Some(Action::SendReminder(SendReminder { note: "快".into() })));
        let unknown: Result<Action, _> = serde_json::from_str(r#"{"type":"send_reminder","note":"","x":1}"#);
        assert!(unknown.is_err(), "unknown fields are refused");
    }
}
