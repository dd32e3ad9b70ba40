//! Campaign Desk's integration tests, one binary: real server on `127.0.0.1:0`, real
//! HTTP, real sled on a temporary directory, real headless Chromium.
// The whole crate is tests: a missing value must fail loudly (`unwrap`), never become a
// default that lets a test pass (`unwrap_or_default()` turns a missing id into 0).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api_auth;
mod api_authorization;
mod api_backups;
mod api_basics;
mod api_calendar;
mod api_clock;
mod api_contract;
mod api_hostile;
mod api_insider_calendar;
mod api_insider_money;
mod api_insider_store;
mod api_notify;
mod api_openapi;
mod api_pressure;
mod api_routes;
mod api_rules;
mod api_slow_clients;
mod api_visibility;
mod api_workflow;
mod browser_calendar;
mod browser_clock;
mod browser_day;
mod browser_money;
mod browser_offline;
mod browser_staff;
mod browser_store;
mod browser_tablet;
mod budget;
mod docs;
mod feed;
mod shape;
