//! Prints every French text the app embeds (interface, core catalogue, rule pages) as JSON
//! `[[english, french], …]`, for `web/measure.sh` to weigh the French catalogue in the wasm.

fn main() {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (_, t) in diagnose_web::text::ALL {
        pairs.push((t.en.to_string(), t.fr.to_string()));
    }
    for t in diagnose_core::catalog::all_texts() {
        pairs.push((t.en.to_string(), t.fr.to_string()));
    }
    // Rule pages reach the wasm as HTML (rendered by build.rs), with their summaries and
    // example files.
    for p in diagnose_web::rulepage::PAGES {
        if p.path.ends_with(".fr.md") {
            pairs.push((String::new(), p.html.to_string()));
            pairs.push((String::new(), p.summary.to_string()));
        }
    }
    println!("{}", serde_json::to_string(&pairs).unwrap());
}
