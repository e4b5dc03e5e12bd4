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
    // Rule pages: only their summaries are in the wasm (the pages are a data file).
    for (path, summary) in diagnose_web::rulepage::SUMMARIES {
        if path.ends_with(".fr.md") {
            pairs.push((String::new(), summary.to_string()));
        }
    }
    println!("{}", serde_json::to_string(&pairs).unwrap());
}
