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
/// connection ban is in force.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        // With `panic = "abort"` the module is dead after this: say so on the page rather
        // than leave a page that silently stops answering.
        let msg = info.to_string();
        web_sys::console::error_1(&msg.clone().into());
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let (Ok(p), Some(body)) = (doc.create_element("p"), doc.body()) {
                p.set_class_name("crash");
                p.set_attribute("role", "alert").ok();
                p.set_text_content(Some(&format!(
                    "diagnose stopped on an internal error; reload the page to continue. Please \
                     report it with the files that caused it. · diagnose s’est arrêté sur une \
                     erreur interne ; rechargez la page pour continuer, et signalez-la avec les \
                     fichiers qui l’ont provoquée. ({msg})"
                )));
                let _ = body.prepend_with_node_1(&p);
            }
        }
    }));
    leptos::mount::mount_to_body(app::App);
}
