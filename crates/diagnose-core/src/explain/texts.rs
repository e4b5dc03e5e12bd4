//! The texts of the explain view (component names, headings), in English and French.

use diagnose_text::{texts, Text};

/// Texts of the explain output (labels and component names).
pub static TEXTS: &[Text] = texts! {
    "explain.component.grafana-ui" => "Grafana UI", "interface de Grafana";
    "explain.component.grafana-log" => "Grafana log", "journal de Grafana";
    "explain.component.prometheus-targets" => "Prometheus targets page", "page Targets de Prometheus";
    "explain.component.prometheus-log" => "Prometheus log", "journal de Prometheus";
    "explain.component.promtool" => "promtool", "promtool";
    "explain.component.docker" => "docker", "docker";
    "explain.component.kubectl" => "kubectl", "kubectl";
    "explain.printed-by" => "printed by", "affiché par";
    "explain.matched" => "matched", "texte reconnu";
    "explain.facts" => "facts", "éléments relevés";
    "explain.causes" => "likely causes, most likely first", "causes probables, de la plus probable à la moins probable";
    "explain.confirmed" => "found in your files", "trouvé dans vos fichiers";
    "explain.not-found" => "not found in the files given", "non trouvé dans les fichiers fournis";
    "explain.sources" => "sources", "sources";
    "explain.hint-paths" => "give your config files to find the line that causes it: `diagnose explain TEXT PATH...`",
        "donnez vos fichiers de configuration pour trouver la ligne en cause\u{a0}: `diagnose explain TEXTE CHEMIN...`";
    "explain.none" => "no known error in this text", "aucune erreur connue dans ce texte";
    "explain.none.help" => "paste the exact error (from Grafana, the Prometheus targets page, promtool, docker or kubectl); `diagnose rules` lists the rules",
        "collez l’erreur exacte (de Grafana, de la page Targets de Prometheus, de promtool, de docker ou de kubectl)\u{a0}; `diagnose rules` liste les règles";
};
