use super::common::read_by_prometheus;
use crate::diagnostic::Severity;
use crate::{Ctx, FixKind, Rule};
use diagnose_model::prometheus::parse_duration;
use diagnose_model::Spanned;
use diagnose_text::{msg, texts};

pub static RULE: Rule = Rule {
    code: "PROM001",
    name: "scrape-timeout-exceeds-interval",
    domain: "prometheus",
    severity: Severity::Error,
    fix: FixKind::None,
    messages: texts! {
        "PROM001.job" => "`scrape_timeout` ({timeout}) is greater than `scrape_interval` ({interval}) in job `{job}`",
            "`scrape_timeout` ({timeout}) dépasse `scrape_interval` ({interval}) dans le job `{job}`";
        "PROM001.global" => "global `scrape_timeout` ({timeout}) is greater than `scrape_interval` ({interval})",
            "`scrape_timeout` global ({timeout}) dépasse `scrape_interval` ({interval})";
        "PROM001.note" => "Prometheus refuses to load the file: `scrape timeout greater than scrape interval`",
            "Prometheus refuse de charger le fichier : `scrape timeout greater than scrape interval`";
        "PROM001.note-default" => "without `scrape_interval`, the interval is the default 1m",
            "sans `scrape_interval`, l’intervalle est celui par défaut, 1m";
        "PROM001.help" => "set `scrape_timeout` to at most {interval}, or raise `scrape_interval`",
            "réglez `scrape_timeout` à {interval} au plus, ou augmentez `scrape_interval`";
        "PROM001.label-interval" => "`scrape_interval` is {interval} here", "`scrape_interval` vaut {interval} ici";
        "PROM001.label-global" => "the job inherits this global `scrape_interval`",
            "le job hérite de ce `scrape_interval` global";
    },
    check,
};

const DEFAULT_INTERVAL: u64 = 60_000;

/// A duration value: its milliseconds (`None` when absent or not a valid duration, which
/// invalid-prometheus-config reports) and where it is written.
fn ms(v: &Option<Spanned<String>>) -> Option<(u64, &Spanned<String>)> {
    let v = v.as_ref()?;
    Some((parse_duration(&v.value)?, v))
}

fn check(cx: &mut Ctx<'_>) {
    for p in &cx.stack.prometheus {
        if !read_by_prometheus(cx.stack, p.file) {
            continue;
        }
        // A zero duration means "unset" for Prometheus.
        let g_int = ms(&p.global_interval).filter(|(v, _)| *v > 0);
        let g_int_ms = g_int.map_or(DEFAULT_INTERVAL, |(v, _)| v);
        if let Some((t, tv)) = ms(&p.global_timeout) {
            if t > g_int_ms {
                let interval = g_int.map_or("1m".to_string(), |(_, s)| s.value.clone());
                let d = cx.report(
                    tv.file,
                    tv.span,
                    msg!("PROM001.global", timeout = tv.value, interval = interval),
                );
                d.note(msg!("PROM001.note"));
                match g_int {
                    Some((_, s)) => {
                        d.related(
                            s.file,
                            s.span,
                            msg!("PROM001.label-interval", interval = s.value),
                        );
                    }
                    None => {
                        d.note(msg!("PROM001.note-default"));
                    }
                }
                d.help(msg!("PROM001.help", interval = interval));
            }
        }
        for j in &p.jobs {
            let Some((t, tv)) = ms(&j.timeout).filter(|(v, _)| *v > 0) else {
                continue;
            };
            let own = ms(&j.interval).filter(|(v, _)| *v > 0);
            let (i_ms, i_src, inherited) = match own {
                Some((v, s)) => (v, Some(s), false),
                None => (g_int_ms, g_int.map(|(_, s)| s), true),
            };
            if t <= i_ms {
                continue;
            }
            let interval = i_src.map_or("1m".to_string(), |s| s.value.clone());
            let job = j.name.as_ref().map(|n| n.value.clone()).unwrap_or_default();
            let d = cx.report(
                tv.file,
                tv.span,
                msg!(
                    "PROM001.job",
                    timeout = tv.value,
                    interval = interval,
                    job = job
                ),
            );
            d.note(msg!("PROM001.note"));
            match i_src {
                Some(s) if inherited => {
                    d.related(s.file, s.span, msg!("PROM001.label-global"));
                }
                Some(s) => {
                    d.related(
                        s.file,
                        s.span,
                        msg!("PROM001.label-interval", interval = s.value),
                    );
                }
                None => {
                    d.note(msg!("PROM001.note-default"));
                }
            }
            d.help(msg!("PROM001.help", interval = interval));
        }
    }
}
