//! Campaign Desk's shared core: the working-day calendar, the business rules and the
//! wire types, compiled into both the server and the browser so that both judge every
//! input with the same code and explain it with the same words.
//!
//! This crate performs no I/O. It must build for `wasm32-unknown-unknown`.

pub mod api;
pub mod backoff;
pub mod calendar;
pub mod campaign;
pub mod clock;
pub mod costs;
pub mod endpoints;
pub mod feed;
pub mod ids;
pub mod intake;
mod kinds;
pub mod kpi;
pub mod messages;
pub mod money;
pub mod notify;
pub mod org;
pub mod plan;
pub mod rules;
pub mod schedule;
pub mod text;
pub mod view;
pub mod workflow;

pub use calendar::{Calendar, CalendarError};
pub use messages::{FieldError, Lang, RuleCode};
pub use workflow::{Action, ActionKind, Context, Transition, Violation, ViolationKind, apply, available_actions};
