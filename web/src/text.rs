//! Every text of the page's interface, in English and French (diagnostics, rule pages and
//! engine texts come from the core's catalogue). French typography as in the core: a
//! no-break space (U+00A0) before `:` `;` `?` `!`; « conteneur », « source de données »,
//! « cible », « tableau de bord ».

use diagnose_core::Lang;

/// One interface text. `{name}` marks an argument (see [`fill`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct T {
    pub en: &'static str,
    pub fr: &'static str,
}

impl T {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Fr => self.fr,
        }
    }
}

/// Replaces `{name}` by its value (the core's template syntax).
pub fn fill(template: &str, args: &[(&'static str, String)]) -> String {
    diagnose_core::i18n::fill(template, args)
}

macro_rules! texts {
    ($($name:ident => $en:literal, $fr:literal;)*) => {
        $(pub const $name: T = T { en: $en, fr: $fr };)*
        /// Every interface text, for the completeness tests.
        pub static ALL: &[(&str, T)] = &[$((stringify!($name), $name)),*];
    };
}

texts! {
    ENGINE_LOADING => "Loading the checks… (once per visit; everything then runs in this page)",
        "Chargement des vérifications… (une fois par visite\u{a0}; tout s’exécute ensuite dans cette page)";
    RULE_PAGE_LOADING => "Loading the rule pages…",
        "Chargement des pages de règles…";
    RULE_PAGE_FAILED => "The rule pages could not be loaded (is the page offline?). `diagnose explain CODE` prints the same text.",
        "Les pages de règles n’ont pas pu être chargées (la page est-elle hors ligne\u{a0}?). `diagnose explain CODE` affiche le même texte.";
    ENGINE_FAILED => "The checks could not be loaded (is the page offline?). Edit a file once online to try again, or run `diagnose check` on your folder.",
        "Les vérifications n’ont pas pu être chargées (la page est-elle hors ligne\u{a0}?). Modifiez un fichier une fois en ligne pour réessayer, ou lancez `diagnose check` sur votre dossier.";
    TITLE => "diagnose — check a Prometheus + Grafana stack in your browser",
        "diagnose — vérifier une pile Prometheus + Grafana dans le navigateur";
    TAGLINE => "Finds what is wrong in a Prometheus + Grafana stack, right in this page",
        "Trouve ce qui ne va pas dans une pile Prometheus + Grafana, directement dans cette page";
    NAV_LABEL => "Main", "Principal";
    NAV_EDITOR => "Editor", "Éditeur";
    NAV_RULES => "Rules", "Règles";
    PRIVACY => "Your files never leave this page: everything is checked in your browser, nothing is uploaded.",
        "Vos fichiers ne quittent jamais cette page\u{a0}: tout est vérifié dans votre navigateur, rien n’est envoyé.";
    EXAMPLES => "Examples", "Exemples";
    EXAMPLES_HINT => "Broken stacks from the tutorials: one click loads every file.",
        "Piles cassées tirées des tutoriels\u{a0}: un clic charge tous les fichiers.";
    SHARE => "Share link", "Lien de partage";
    SHARE_TITLE => "Share link", "Lien de partage";
    SHARE_HINT => "The files are packed into the link itself (after the #): no server stores them. Anyone with the link can read them.",
        "Les fichiers sont compressés dans le lien lui-même (après le #)\u{a0}: aucun serveur ne les stocke. Toute personne qui a le lien peut les lire.";
    SHARE_SECRETS => "These files contain passwords or tokens: they are in the link too. Remove them before sharing.",
        "Ces fichiers contiennent des mots de passe ou des jetons\u{a0}: ils sont aussi dans le lien. Retirez-les avant de partager.";
    COPY => "Copy", "Copier";
    COPIED => "Copied", "Copié";
    CLOSE => "Close", "Fermer";
    DISMISS => "Dismiss", "Masquer";
    SHARE_DAMAGED => "This share link is damaged or incomplete: its files could not be read. Ask for the link again, copied whole.",
        "Ce lien de partage est abîmé ou incomplet\u{a0}: ses fichiers n’ont pas pu être lus. Redemandez le lien, copié en entier.";
    EXAMPLE_LOADING => "Loading the example…", "Chargement de l’exemple…";
    EXAMPLE_FAILED => "The example `{id}` could not be loaded (is the page offline?). Try again once online.",
        "L’exemple `{id}` n’a pas pu être chargé (la page est-elle hors ligne\u{a0}?). Réessayez une fois en ligne.";
    EXPLAIN_LOADING => "Loading the error knowledge base…", "Chargement de la base des erreurs connues…";
    EXPLAIN_FAILED => "The error knowledge base could not be loaded (is the page offline?). `diagnose explain TEXT` gives the same answer; or edit the text once online.",
        "La base des erreurs connues n’a pas pu être chargée (la page est-elle hors ligne\u{a0}?). `diagnose explain TEXTE` donne la même réponse\u{a0}; ou modifiez le texte une fois en ligne.";
    UNKNOWN_EXAMPLE => "There is no example named `{id}`.", "Il n’existe pas d’exemple nommé `{id}`.";
    NOTHING_TO_OPEN => "Nothing to open: diagnose reads YAML (.yml, .yaml), JSON, .env, .rules and systemd .service files.",
        "Rien à ouvrir\u{a0}: diagnose lit les fichiers YAML (.yml, .yaml), JSON, .env, .rules et les unités systemd .service.";
    SKIPPED_FILES => "Skipped: {files}.", "Fichiers ignorés\u{a0}: {files}.";
    SKIP_TOO_LARGE => "larger than 4 MB", "plus de 4 Mo";
    SKIP_BINARY => "not a text file", "pas un fichier texte";
    SKIP_NOT_UTF8 => "not UTF-8, invalid byte at offset {offset}", "pas en UTF-8, octet invalide à la position {offset}";
    FILES => "Files", "Fichiers";
    UNTITLED => "untitled", "sans-titre";
    NEW_FILE => "New file", "Nouveau fichier";
    OPEN_FILES => "Open files…", "Ouvrir des fichiers…";
    OPEN_FOLDER => "Open a folder…", "Ouvrir un dossier…";
    REMOVE => "Remove", "Retirer";
    REMOVE_FILE => "Remove {file}", "Retirer {file}";
    DROP_HERE => "Drop files or a folder to check them", "Déposez des fichiers ou un dossier pour les vérifier";
    EMPTY_TITLE => "No files yet", "Aucun fichier pour l’instant";
    EMPTY_BODY => "Create a file and paste your configuration, open files or a folder, drop them on the page, or load one of the tutorials’ broken stacks:",
        "Créez un fichier et collez-y votre configuration, ouvrez des fichiers ou un dossier, déposez-les sur la page, ou chargez une des piles cassées des tutoriels\u{a0}:";
    FILE_NAME => "File name", "Nom du fichier";
    FILE_NAME_HINT => "The name and folder decide how the file is read, as on the command line: docker-compose.yml, prometheus.yml, grafana/provisioning/datasources/…",
        "Le nom et le dossier décident de la façon dont le fichier est lu, comme en ligne de commande\u{a0}: docker-compose.yml, prometheus.yml, grafana/provisioning/datasources/…";
    KIND => "Read as: {kind}", "Lu comme\u{a0}: {kind}";
    KIND_NONE => "Not recognised yet", "Pas encore reconnu";
    DUPLICATE_NAME => "Another tab has the same name: give each file its own path.",
        "Un autre onglet porte le même nom\u{a0}: donnez à chaque fichier son propre chemin.";
    EDITOR_LABEL => "Content of {file}", "Contenu de {file}";
    EDITOR_PLACEHOLDER => "Paste a docker-compose.yml, prometheus.yml, a Grafana datasource or a Kubernetes manifest here",
        "Collez ici un docker-compose.yml, un prometheus.yml, une source de données Grafana ou un manifeste Kubernetes";
    DIAGNOSTICS => "Diagnostics", "Diagnostics";
    JUMP_TO_DIAGNOSTICS => "Diagnostics ({n}) ↓", "Diagnostics ({n}) ↓";
    CHECKING => "Checking…", "Vérification…";
    NO_FILES => "Add a file to see its diagnostics.", "Ajoutez un fichier pour voir ses diagnostics.";
    ALL_EMPTY => "Paste or type a configuration in the editor: diagnostics appear as you type.",
        "Collez ou tapez une configuration dans l’éditeur\u{a0}: les diagnostics apparaissent au fil de la saisie.";
    NO_PROBLEM => "No problem found.", "Aucun problème trouvé.";
    SHOW => "Show", "Afficher";
    ALL_HIDDEN => "Every diagnostic is hidden: press a count above to show its severity again.",
        "Tous les diagnostics sont masqués\u{a0}: appuyez sur un total ci-dessus pour réafficher sa gravité.";
    N_ERROR => "{n} error", "{n} erreur";
    N_ERRORS => "{n} errors", "{n} erreurs";
    N_WARNING => "{n} warning", "{n} avertissement";
    N_WARNINGS => "{n} warnings", "{n} avertissements";
    N_INFO => "{n} info", "{n} info";
    N_INFOS => "{n} infos", "{n} infos";
    N_FILE => "{n} file", "{n} fichier";
    N_FILES => "{n} files", "{n} fichiers";
    SEV_ERROR => "error", "erreur";
    SEV_WARNING => "warning", "avertissement";
    SEV_INFO => "info", "info";
    NOTE => "note:", "note\u{a0}:";
    HELP => "help:", "aide\u{a0}:";
    GO_TO => "Show in the editor", "Afficher dans l’éditeur";
    RULE_PAGE_OF => "Rule page of {rule}", "Page de la règle {rule}";
    EXPLAIN_TITLE => "Explain an error message", "Expliquer un message d’erreur";
    EXPLAIN_HINT => "Paste what Grafana, Prometheus or Docker printed, such as “HTTP Error Bad Gateway”.",
        "Collez ce qu’ont affiché Grafana, Prometheus ou Docker, par exemple «\u{a0}HTTP Error Bad Gateway\u{a0}».";
    EXPLAIN_ADD_FILES => "Add your configuration files in the editor to find the line that causes it.",
        "Ajoutez vos fichiers de configuration dans l’éditeur pour trouver la ligne en cause.";
    RULES_TITLE => "Rules", "Règles";
    RULES_INTRO => "Every check diagnose runs, with why it matters and how to fix it. Each page has an example you can load into the editor.",
        "Toutes les vérifications de diagnose, avec leur raison d’être et la façon de corriger. Chaque page a un exemple à charger dans l’éditeur.";
    COL_CODE => "Code", "Code";
    COL_NAME => "Name", "Nom";
    COL_SEVERITY => "Severity", "Gravité";
    COL_SUMMARY => "What it finds", "Ce qu’elle trouve";
    BREADCRUMB => "Breadcrumb", "Fil d’Ariane";
    ALL_RULES => "All rules", "Toutes les règles";
    LOAD_BAD => "Load this example into the editor", "Charger cet exemple dans l’éditeur";
    LOAD_GOOD => "Load the corrected version", "Charger la version corrigée";
    NOT_FOUND => "Page not found", "Page introuvable";
    BACK_TO_EDITOR => "Back to the editor", "Retour à l’éditeur";
    MAP => "Map", "Carte";
    MAP_TITLE => "Map of the stack", "Carte de la pile";
    MAP_SHOW => "Show who talks to whom", "Montrer qui parle à qui";
    MAP_HIDE => "Hide the map", "Masquer la carte";
    MAP_LOADING => "Drawing the map…", "Tracé de la carte…";
    MAP_FAILED => "The map could not be loaded (is the page offline?). Reload the page once online.",
        "La carte n’a pas pu être chargée (la page est-elle hors ligne\u{a0}?). Rechargez la page une fois en ligne.";
    MAP_EMPTY => "No connection found in these files: no datasource URL, scrape target or config mount.",
        "Aucune connexion dans ces fichiers\u{a0}: ni URL de source de données, ni cible, ni montage de configuration.";
    MAP_LEGEND_OK => "works as far as the files tell", "fonctionne d’après les fichiers";
    MAP_LEGEND_BROKEN => "broken (✗ and the codes of the diagnostics)", "cassée (✗ et les codes des diagnostics)";
    MAP_BROKEN_LIST => "Broken arrows", "Flèches cassées";
    MAP_ALL_OK => "No broken arrow.", "Aucune flèche cassée.";
    MAP_NODE => "{node}: show line {line} of {file}", "{node}\u{a0}: afficher la ligne {line} de {file}";
    MAP_EDGE => "{kind} from {from} to {to} ({target}): show line {line} of {file}",
        "{kind} de {from} vers {to} ({target})\u{a0}: afficher la ligne {line} de {file}";
    MAP_EDGE_BROKEN => "broken by {codes}: {kind} from {from} to {to} ({target}), line {line} of {file}",
        "cassée par {codes}\u{a0}: {kind} de {from} vers {to} ({target}), ligne {line} de {file}";
    MAP_K_CONTAINER => "container", "conteneur";
    MAP_K_POD => "pod", "pod";
    MAP_K_HOST => "host", "hôte";
    MAP_K_FILE => "config file", "fichier de configuration";
    MAP_K_DISCOVERED => "discovered targets", "cibles découvertes";
    MAP_K_EXTERNAL => "outside address", "adresse extérieure";
    MAP_K_DATASOURCE => "datasource", "source de données";
    MAP_K_SCRAPE => "scrape", "collecte";
    MAP_K_ALERTING => "alerts", "alertes";
    MAP_K_REMOTE_WRITE => "remote write", "écriture distante";
    MAP_K_MOUNT => "mount", "montage";
}

#[cfg(test)]
mod tests {
    use super::*;
    use diagnose_core::i18n::placeholders;

    #[test]
    fn every_text_exists_in_both_languages_with_the_same_arguments() {
        for (name, t) in ALL {
            assert!(!t.en.trim().is_empty() && !t.fr.trim().is_empty(), "{name}");
            assert_eq!(
                placeholders(t.en),
                placeholders(t.fr),
                "{name}: arguments differ"
            );
        }
    }

    /// French typography: a no-break space before `:` `;` `?` `!` (outside backticks and
    /// URLs), never a plain space or none.
    #[test]
    fn french_uses_no_break_spaces() {
        for (name, t) in ALL {
            for (i, seg) in t.fr.split('`').enumerate() {
                if i % 2 == 1 {
                    continue;
                }
                let chars: Vec<char> = seg.chars().collect();
                for (j, c) in chars.iter().enumerate() {
                    if !matches!(c, ':' | ';' | '?' | '!') {
                        continue;
                    }
                    let next = chars.get(j + 1);
                    if *c == ':' && next == Some(&'/') {
                        continue; // a URL
                    }
                    let prev = j.checked_sub(1).map(|k| chars[k]);
                    assert_eq!(prev, Some('\u{a0}'), "{name}: `{c}` in {:?}", t.fr);
                }
            }
            assert!(
                !t.fr.contains("« ") && !t.fr.contains(" »"),
                "{name}: guillemets"
            );
        }
    }
}
