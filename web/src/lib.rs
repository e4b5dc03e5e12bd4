//! The diagnose web app: a Leptos (client-side rendering) front end over `diagnose-core`.
//! Everything runs in the page; see `web/README.md`.

pub mod app;
pub mod data;
pub mod engine;
pub mod explain;
pub mod files;
pub mod json;
pub mod lint;
#[cfg(test)]
mod mdrender;
pub mod num;
pub mod route;
pub mod rulepage;
pub mod seeds;
pub mod share;
pub mod text;
pub mod wire;

/// Entry point, called by `boot.js` once the module is instantiated and the page's
/// connection ban is in force. A panic is a trap (`panic = immediate-abort`, see
/// `build.sh`), which `boot.js` turns into the crash notice.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
