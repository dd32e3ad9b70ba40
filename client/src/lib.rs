//! Campaign Desk's web client: a Yew single-page app for tablets. It judges every input
//! with the `shared` crate's rules as the user types, before any request is sent.

mod api;
mod app;
mod i18n;
mod video_form;

use wasm_bindgen::prelude::wasm_bindgen;

/// Entry point called by the wasm-bindgen glue once the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
