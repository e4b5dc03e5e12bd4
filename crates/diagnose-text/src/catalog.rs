//! Engine texts (not tied to one rule). French typography: a no-break space (U+00A0)
//! before `:`, `;`, `?`, `!` and inside « »; technical names stay in backticks, untranslated.

use super::Text;

/// Declares catalogue entries: `"id" => "English", "Français";`.
#[cfg(not(diagnose_external_texts))]
#[macro_export]
macro_rules! texts {
    ($($id:literal => $en:literal, $fr:literal;)*) => {
        &[$($crate::Text { id: $id, en: $en, fr: $fr }),*]
    };
}

/// Declares catalogue entries, keeping none: built with `--cfg diagnose_external_texts` (the
/// web app's engine module), the texts are a data file per language, given at run time
/// ([`crate::external`]) and found by id there; a message's id is the literal its `msg!`
/// carries. The tables of ids alone (24 bytes of pointers per entry) were 4.4 KiB gzip of
/// the module.
#[cfg(diagnose_external_texts)]
#[macro_export]
macro_rules! texts {
    ($($id:literal => $en:literal, $fr:literal;)*) => {
        &[]
    };
}

pub static ENGINE: &[Text] = texts! {
    "cli.skipped" => "note: skipped {file}: {reason}", "note : {file} ignoré : {reason}";
    "cli.unknown-selector" => "`{selector}` in {origin} names no rule (see `diagnose rules`)", "`{selector}` dans {origin} ne désigne aucune règle (voir `diagnose rules`)";
    "cli.did-you-mean" => "did you mean `{name}`?", "vouliez-vous dire `{name}`\u{a0}?";
    "cli.nothing-read" => "nothing was checked in {paths}: {what}", "rien n’a été vérifié dans {paths}\u{a0}: {what}";
    "cli.nothing-read.none" => "no file", "aucun fichier";
    "cli.nothing-read.other" => "{n} file that diagnose does not read", "{n} fichier que diagnose ne lit pas";
    "cli.nothing-read.others" => "{n} files that diagnose does not read", "{n} fichiers que diagnose ne lit pas";
    "cli.nothing-read.skipped.one" => "{n} file skipped (see the note above)", "{n} fichier ignoré (voir la note ci-dessus)";
    "cli.nothing-read.skipped" => "{n} files skipped (see the notes above)", "{n} fichiers ignorés (voir les notes ci-dessus)";
    "cli.nothing-read.markdown.one" => "{n} Markdown document (read with `--markdown`)", "{n} document Markdown (lu avec `--markdown`)";
    "cli.nothing-read.markdown" => "{n} Markdown documents (read with `--markdown`)", "{n} documents Markdown (lus avec `--markdown`)";
    "cli.nothing-read.help" => "diagnose reads compose files (`compose.yaml`, `docker-compose*.yml`), Prometheus configs and rule files, Alertmanager configs, Grafana provisioning and dashboard JSON, Kubernetes manifests, systemd units of a plain server (`*.yml`, `*.yaml`, `*.json`, `*.rules`, `.env`, `*.service`); `*.md` tutorials with `--markdown`",
        "diagnose lit les fichiers compose (`compose.yaml`, `docker-compose*.yml`), les configurations et fichiers de règles de Prometheus, les configurations d’Alertmanager, le provisioning et les tableaux de bord JSON de Grafana, les manifestes Kubernetes, les unités systemd d’un serveur (`*.yml`, `*.yaml`, `*.json`, `*.rules`, `.env`, `*.service`)\u{a0}; les tutoriels `*.md` avec `--markdown`";
    "cli.config-missing" => "cannot read the configuration file {path}: {reason}", "impossible de lire le fichier de configuration {path}\u{a0}: {reason}";
    "rules.header.code" => "CODE", "CODE";
    "rules.header.name" => "NAME", "NOM";
    "rules.header.severity" => "SEVERITY", "GRAVITÉ";
    "rules.header.summary" => "SUMMARY", "RÉSUMÉ";
    "page.bad" => "with the problem", "avec le problème";
    "page.good" => "corrected", "corrigé";
    "page.expect" => "`diagnose check` reports:", "`diagnose check` signale\u{a0}:";
    "cli.graph.nothing" => "nothing to draw in {paths}: {what}", "rien à dessiner dans {paths}\u{a0}: {what}";
    "cli.no-rule-named" => "no rule named `{name}` (see `diagnose rules`)", "aucune règle ne s’appelle `{name}` (voir `diagnose rules`)";
    "check.test-input.testdata" => "`{file}` is a test input (under a `testdata/` folder, which Go's tools leave to tests): shown as info, it is not part of a running stack",
        "`{file}` est une donnée de test (sous un dossier `testdata/`, que les outils de Go laissent aux tests)\u{a0}: affiché en info, il ne fait pas partie d’une pile qui tourne";
    "check.test-input.named" => "`{file}` is a test input written to be invalid (its name says so, in a test folder): shown as info, it is not part of a running stack",
        "`{file}` est une donnée de test écrite pour être invalide (son nom le dit, dans un dossier de tests)\u{a0}: affiché en info, il ne fait pas partie d’une pile qui tourne";
    "skip.not-regular" => "not a regular file", "ce n’est pas un fichier ordinaire";
    "skip.too-large" => "larger than {mb} MB", "plus de {mb} Mo";
    "skip.binary" => "binary file", "fichier binaire";
    "skip.not-utf8" => "not UTF-8 (invalid byte at offset {offset})", "pas en UTF-8 (octet invalide à la position {offset})";
    "parse-error.yaml" => "invalid YAML: {error}", "YAML invalide : {error}";
    "parse-error.json" => "invalid JSON: {error}", "JSON invalide : {error}";
    "parse-error.note" => "the other files were still checked; rules that need this file could not use it",
        "les autres fichiers ont quand même été vérifiés ; les règles qui ont besoin de ce fichier n’ont pas pu l’utiliser";
    "parse-error.note-alone" => "rules that need this file could not use it", "les règles qui ont besoin de ce fichier n’ont pas pu l’utiliser";
    "parse-error.unclosed" => "invalid YAML: this `{open}` is never closed", "YAML invalide\u{a0}: ce `{open}` n’est jamais fermé";
    "parse-error.gave-up" => "the parser gave up here: {error}", "l’analyseur a abandonné ici\u{a0}: {error}";
    "parse-error.prom1" => "Prometheus 1.x rule syntax (`ALERT … IF …`): Prometheus 2.0 and later read rule files only as YAML",
        "syntaxe de règles de Prometheus 1.x (`ALERT … IF …`) : Prometheus 2.0 et suivants ne lisent que des fichiers de règles YAML";
    "parse-error.prom1.help" => "rewrite it as YAML `groups:` (`promtool update rules` of Prometheus 2.0 to 2.5 converts it)",
        "réécrivez-le en YAML `groups:` (`promtool update rules` de Prometheus 2.0 à 2.5 le convertit)";
    "parse-error.embedded" => "in the embedded file `{key}`", "dans le fichier intégré `{key}`";
    "summary.none" => "no problems found in {files}", "aucun problème trouvé dans {files}";
    "summary.counts" => "{errors}, {warnings}, {infos} in {files}", "{errors}, {warnings}, {infos} dans {files}";
    "count.error" => "{n} error", "{n} erreur";
    "count.errors" => "{n} errors", "{n} erreurs";
    "count.warning" => "{n} warning", "{n} avertissement";
    "count.warnings" => "{n} warnings", "{n} avertissements";
    "count.info" => "{n} info", "{n} info";
    "count.infos" => "{n} infos", "{n} infos";
    "count.file" => "{n} file", "{n} fichier";
    "count.files" => "{n} files", "{n} fichiers";
    "label.defined-here" => "defined here", "défini ici";
    "label.also-here" => "also here", "également ici";
    "cause.count" => "the same cause is found in {n} places (the first three others are labelled)",
        "la même cause se trouve à {n} endroits (les trois premiers autres sont indiqués)";
    "cause.count-few" => "the same cause is found in {n} places", "la même cause se trouve à {n} endroits";
    "severity.error" => "error", "erreur";
    "severity.warning" => "warning", "avertissement";
    "severity.info" => "info", "info";
    "word.note" => "note", "note";
    "word.help" => "help", "aide";
    "word.see" => "see", "voir";
    "word.fix" => "fix", "correctif";
    "suppression.unused" => "this suppression of `{rule}` matches no diagnostic", "cette suppression de `{rule}` ne correspond à aucun diagnostic";
    "suppression.unused.help" => "remove the comment", "supprimez le commentaire";
    "suppression.no-reason" => "suppression comments need a reason after the rule list", "un commentaire de suppression doit donner une raison après la liste des règles";
    "suppression.unknown-rule" => "unknown rule `{rule}` in a suppression comment", "règle inconnue `{rule}` dans un commentaire de suppression";
    "fix.applied" => "fixed {problems} in {files}", "{problems} corrigés dans {files}";
    "fix.applied.one" => "fixed {problems} in {files}", "{problems} corrigé dans {files}";
    "fix.available" => "{problems} can be fixed in {files} (`--fix` writes the changes)",
        "{problems} peuvent être corrigés dans {files} (`--fix` écrit les changements)";
    "fix.available.one" => "{problems} can be fixed in {files} (`--fix` writes the changes)",
        "{problems} peut être corrigé dans {files} (`--fix` écrit les changements)";
    "count.problem" => "{n} problem", "{n} problème";
    "infos.more" => "… and {n} more", "… et {n} de plus";
    "infos.hint" => "infos are summarised by rule: `--infos` shows each in full",
        "les infos sont résumées par règle : `--infos` les montre chacune en entier";
    "count.problems" => "{n} problems", "{n} problèmes";
    "fix.not-converged" => "the fixes did not settle after {rounds} rounds: review the result",
        "les correctifs ne se sont pas stabilisés après {rounds} passes : relisez le résultat";
    "fix.reverted" => "a fix would have made `{file}` invalid, so it was not applied", "un correctif aurait rendu `{file}` invalide : il n’a pas été appliqué";
    "fix.stdin" => "standard input is not written back: use `--diff`", "l’entrée standard n’est pas réécrite : utilisez `--diff`";
    "markdown.skipped-partial" => "skipped the code block at line {line}: it shows only part of a file (line {marker})",
        "bloc de code de la ligne {line} ignoré : il ne montre qu’une partie d’un fichier (ligne {marker})";
    "markdown.skipped-superseded" => "skipped the code block at line {line}: the block at line {by} is a later version of `{name}`",
        "bloc de code de la ligne {line} ignoré : le bloc de la ligne {by} est une version plus récente de `{name}`";
    "markdown.skipped-excerpt" => "skipped the code block at line {line}: it is only a piece of `{name}`",
        "bloc de code de la ligne {line} ignoré : ce n’est qu’un morceau de `{name}`";
    "markdown.skipped-notation" => "skipped the code block at line {line}: it describes a file's format in the documentation's notation (`[ key: <type> | default = … ]`, `key: <type>`, values described in words), it is not a file",
        "bloc de code de la ligne {line} ignoré : il décrit le format d’un fichier dans la notation de la documentation (`[ clé: <type> | default = … ]`, `clé: <type>`, des valeurs décrites en mots), ce n’est pas un fichier";
    "markdown.skipped-transcript" => "skipped the code block at line {line}: it is a shell session (a command and what it printed), not a file",
        "bloc de code de la ligne {line} ignoré : c’est une session de shell (une commande et ce qu’elle a affiché), pas un fichier";
    "markdown.skipped-mislabelled-promql" => "skipped the code block at line {line}: tagged `{tag}`, it holds PromQL expressions, not a file",
        "bloc de code de la ligne {line} ignoré : marqué `{tag}`, il contient des expressions PromQL, pas un fichier";
    "markdown.skipped-mislabelled-samples" => "skipped the code block at line {line}: tagged `{tag}`, it holds metric samples (`name{{labels}} value`), not a file",
        "bloc de code de la ligne {line} ignoré : marqué `{tag}`, il contient des échantillons de métriques (`nom{{labels}} valeur`), pas un fichier";
    "markdown.skipped-mislabelled-shell" => "skipped the code block at line {line}: tagged `{tag}`, it holds shell commands",
        "bloc de code de la ligne {line} ignoré : marqué `{tag}`, il contient des commandes shell";
    "markdown.skipped-mislabelled-prose" => "skipped the code block at line {line}: tagged `{tag}`, it holds prose, not code",
        "bloc de code de la ligne {line} ignoré : marqué `{tag}`, il contient du texte, pas du code";
    "markdown.skipped-mislabelled-yaml" => "skipped the code block at line {line}: tagged `{tag}`, it holds YAML (a rule, a config), not queries",
        "bloc de code de la ligne {line} ignoré : marqué `{tag}`, il contient du YAML (une règle, une configuration), pas des requêtes";
    "markdown.skipped-mislabelled-formulas" => "skipped the code block at line {line}: tagged `{tag}`, it holds formulas (`name = a / b`), not queries",
        "bloc de code de la ligne {line} ignoré : marqué `{tag}`, il contient des formules (`nom = a / b`), pas des requêtes";
    "markdown.skipped-outputs" => "skipped the code block at line {line}: it holds several JSON values one after another (what commands printed), not a file",
        "bloc de code de la ligne {line} ignoré : il contient plusieurs valeurs JSON à la suite (ce qu’ont affiché des commandes), pas un fichier";
    "markdown.skipped-alternative" => "skipped the code block at line {line}: it runs the images of the compose block at line {other} under other service names, another way to deploy them, not an addition",
        "bloc de code de la ligne {line} ignoré : il exécute les images du bloc compose de la ligne {other} sous d’autres noms de services, une autre façon de les déployer, pas un ajout";
    "markdown.skipped-json-fragment" => "skipped the code block at line {line}: it is a piece of a JSON document, which starts with a key, not with an object or a list",
        "bloc de code de la ligne {line} ignoré : c’est un morceau d’un document JSON, qui commence par une clé et non par un objet ou une liste";
};
