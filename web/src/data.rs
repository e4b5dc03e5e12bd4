//! The page's data files: what the first module does not carry, fetched from the page's own
//! site the first time it is needed, through `boot.js` (`diagnoseData.load(name)`: a plain GET
//! of a file it names, no query string, no body; the page's CSP allows only those files).
//!
//! - [`crate::rulepage::DATA_FILE`]: the rule pages (HTML and example files), when one is shown;
//! - [`crate::explain::DATA_FILE`]: the error knowledge base, when an error is first explained;
//! - [`crate::seeds::DATA_FILE`]: the seed stacks' files, when an example is first chosen;
//! - `texts-en.json`, `texts-fr.json`: the engine's messages in one language, fetched by
//!   `boot.js` with the engine module for the language shown (see `crate::engine::load`);
//! - `metric-types.json`: the exporters' metric types table (PQL003, PQL004), fetched by
//!   `boot.js` with the engine module and given to it before its first analysis (again when
//!   an analysis needs it, should that fetch have failed: the engine asks; see `St::lint_now`);
//! - `promql-tables.json`: the PromQL parser's LR tables, fetched by `boot.js` with the engine
//!   module and given to it before its first use (web/lrpar-tables/README.md).
//!
//! Natively (the unit tests) the files are the ones `build.rs` wrote in `OUT_DIR` (the
//! engine there embeds its texts: no texts file is read).

#[cfg(target_arch = "wasm32")]
mod bridge {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// Fetches one of the page's data files (once), resolving to its text.
        #[wasm_bindgen(js_namespace = diagnoseData, js_name = load)]
        pub fn load(name: &str) -> js_sys::Promise;
        /// The data file's text if it has already arrived (fetched early by `boot.js`).
        #[wasm_bindgen(js_namespace = diagnoseData, js_name = now)]
        pub fn now(name: &str) -> Option<String>;
    }
}

/// The text of the data file `name` if it has already arrived, without waiting (`boot.js`
/// fetches the one a first address needs alongside the module).
#[cfg(target_arch = "wasm32")]
pub fn now(name: &str) -> Option<String> {
    bridge::now(name)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn now(name: &str) -> Option<String> {
    built(name).map(str::to_string)
}

/// The text of the data file `name`, or `None` if it could not be fetched (offline before it
/// was ever fetched): the caller says so and may try again later.
#[cfg(target_arch = "wasm32")]
pub async fn fetch(name: &str) -> Option<String> {
    wasm_bindgen_futures::JsFuture::from(bridge::load(name))
        .await
        .ok()?
        .as_string()
}

#[cfg(not(target_arch = "wasm32"))]
pub async fn fetch(name: &str) -> Option<String> {
    built(name).map(str::to_string)
}

/// A data file as `build.rs` wrote it (native builds: the unit tests).
#[cfg(not(target_arch = "wasm32"))]
pub fn built(name: &str) -> Option<&'static str> {
    match name {
        "rule-pages.json" => Some(include_str!(concat!(env!("OUT_DIR"), "/rule-pages.json"))),
        "error-kb.json" => Some(include_str!(concat!(env!("OUT_DIR"), "/error-kb.json"))),
        "examples.json" => Some(include_str!(concat!(env!("OUT_DIR"), "/examples.json"))),
        _ => None,
    }
}

/// Drives a future to its end natively, where data files are ready at once (unit tests).
#[cfg(all(test, not(target_arch = "wasm32")))]
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}
