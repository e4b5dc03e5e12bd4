//! Prints every French text the app may embed (interface, core catalogue) as JSON
//! `[[english, french], …]`, for `web/measure.sh` to weigh the French catalogue in the wasm.

fn main() {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (_, t) in diagnose_web::text::ALL {
        pairs.push((t.en.to_string(), t.fr.to_string()));
    }
    for t in diagnose_core::catalog::all_texts() {
        pairs.push((t.en.to_string(), t.fr.to_string()));
    }
    // Rule pages: none of their text is in the wasm (pages and summaries are a data file).
    println!("{}", serde_json::to_string(&pairs).unwrap());
}
