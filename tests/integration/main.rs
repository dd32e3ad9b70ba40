//! Campaign Desk's integration tests, one binary: real server on `127.0.0.1:0`, real
//! HTTP, real sled on a temporary directory, real headless Chromium.

mod api_auth;
mod api_authorization;
mod api_basics;
mod api_hostile;
mod api_routes;
mod api_rules;
mod api_slow_clients;
mod api_visibility;
mod api_workflow;
mod browser_staff;
mod browser_store;
