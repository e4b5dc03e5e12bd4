use vergen::EmitBuilder;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(grmtools_extra_checks)");
    // diagnose: the web app's engine takes the parser's tables at run time (ctbuilder.rs, `external`).
    println!("cargo::rustc-check-cfg=cfg(diagnose_external_grammar)");
    EmitBuilder::builder().build_timestamp().emit().unwrap();
}
