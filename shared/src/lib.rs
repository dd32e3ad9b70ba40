//! Campaign Desk's shared core: the working-day calendar, the business rules and the
//! wire types, compiled into both the server and the browser so that both judge every
//! input with the same code and explain it with the same words.
//!
//! This crate performs no I/O. It must build for `wasm32-unknown-unknown`.

pub mod api;
pub mod calendar;
pub mod clock;
pub mod messages;
pub mod rules;
pub mod video;

pub use calendar::{Calendar, CalendarError};
pub use messages::{FieldError, Lang, RuleCode};
