//! The diagnose web app: a Leptos (client-side rendering) front end over `diagnose-core`.
//! Everything runs in the page; see `web/README.md`.

pub mod app;
pub mod explain;
pub mod files;
pub mod lint;
pub mod route;
pub mod rulepage;
pub mod share;
pub mod text;

/// The seed stacks (broken states) embedded at build time by `build.rs`.
pub mod seeds {
    pub struct Seed {
        pub id: &'static str,
        pub title: &'static str,
        pub files: &'static [(&'static str, &'static str)],
    }
    include!(concat!(env!("OUT_DIR"), "/seeds.rs"));

    pub fn find(id: &str) -> Option<&'static Seed> {
        SEEDS.iter().find(|s| s.id == id)
    }
}

/// Entry point, called by `boot.js` once the module is instantiated and the page's
/// connection ban is in force.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
