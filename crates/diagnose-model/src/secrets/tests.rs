use super::*;

#[test]
fn find_pair_after_is_find() {
    for s in [
        "",
        ":",
        "://",
        "a:/b://c",
        "x:y:z",
        "http://u:p@h",
        ":/:/",
        "é://",
        "a::://",
    ] {
        assert_eq!(find_pair_after(s, b':', b'/'), s.find("://"), "{s:?}");
    }
}
use crate::workspace::Input;

fn scanned(raw: &str) -> Vec<&str> {
    let mut spans = Vec::new();
    scan_text(raw, &mut spans);
    spans
        .iter()
        .map(|s| &raw[s.start as usize..s.end as usize])
        .collect()
}

#[test]
fn the_first_pass_never_skips_a_secret() {
    // What the three scans find without the pass that decides which to run.
    fn unfiltered(raw: &str) -> Vec<Span> {
        let mut out = Vec::new();
        if raw.len() >= 4 {
            scan_assignments(raw, &mut out);
            if raw.contains(':') {
                scan_urls(raw, &mut out);
            }
            scan_auth_schemes(raw, &mut out);
        }
        out
    }
    let texts = [
        "://u:pw@host",
        "x://u:pw@host",
        "a=b",
        "=abc",
        "PASSWORD=x",
        "Bearer abc.def",
        "bEaReR 0123",
        "Basic dXNlcjpwYXNz",
        "BASIC x=1",
        "see https://hooks.slack.com/services/T0/B1/xyz now",
        "hooks.slack.com/services/T0/B1/xyz: no scheme",
        "hooks.slack.com/services/T0/B1/xyz",
        "discord.com/api/webhooks/1/abc:",
        "use basic auth, bearer tokens: or not",
        "Authorization: Bearer abcdef.ghi",
        "redis://:pw@h:6379 and --db.password=s3cr3t",
    ];
    for t in texts {
        // Every piece of the text too: the markers at its very start and end.
        for a in 0..t.len() {
            for z in a..=t.len() {
                let raw = &t[a..z];
                let mut spans = Vec::new();
                scan_text(raw, &mut spans);
                assert_eq!(spans, unfiltered(raw), "{raw:?}");
            }
        }
    }
}

#[test]
fn scans_values_inside_text() {
    assert_eq!(scanned("--web.password=abc123 --x=1"), vec!["abc123"]);
    assert_eq!(scanned("DB_PASSWORD=a b c"), vec!["a b c"]);
    assert_eq!(scanned("\"API_TOKEN=xyz\""), vec!["xyz"]);
    assert_eq!(scanned("http://h/x?token=t0k&x=1"), vec!["t0k"]);
    assert_eq!(scanned("redis://:pw@h:6379"), vec!["pw"]);
    assert_eq!(
        scanned("Authorization: Bearer abcdef.ghi"),
        vec!["abcdef.ghi"]
    );
    // Prose and placeholders alone are not credentials.
    assert!(scanned("use basic auth for this").is_empty());
    assert!(scanned("Bearer").is_empty());
    assert!(scanned("http://user@host/").is_empty());
    assert!(scanned("token_url=https://x/oauth").is_empty());
}

#[test]
fn the_letter_test_never_rejects_a_secret_key() {
    // The definition, without the letter test and the lowercase copy.
    fn reference(key: &str) -> bool {
        let k = key.to_ascii_lowercase();
        let named = [
            "password",
            "passwd",
            "secret",
            "token",
            "api_key",
            "apikey",
            "credentials",
            "private_key",
            "auth_key",
            "httpheadervalue",
            "routing_key",
            "service_key",
        ]
        .iter()
        .any(|n| k.contains(n))
            || k.ends_with("_pass")
            || k.ends_with("webhook_url");
        named
            && !["file", "ref", "name", "path"]
                .iter()
                .any(|s| k.ends_with(s))
            && (!k.ends_with("url") || k.ends_with("webhook_url"))
    }
    let long = format!("{}_PASSWORD", "x".repeat(70));
    for k in [
        "password",
        "PassWord",
        "db_pass",
        "DB_PASS",
        "SLACK_WEBHOOK_URL",
        "webhook_url_file",
        "x_api_key",
        "ApiKey",
        "tokens",
        "token_url",
        "description",
        "datasource",
        "secretName",
        "Credentials",
        "httpHeaderValue2",
        "routing_key",
        "passwd_path",
        "pass",
        "é_password",
        long.as_str(),
    ] {
        assert_eq!(is_secret_key(k), reference(k), "{k}");
    }
}

#[test]
fn secret_keys() {
    for k in [
        "password",
        "basicAuthPassword",
        "GF_SECURITY_ADMIN_PASSWORD",
        "bearer_token",
        "credentials",
        "httpHeaderValue1",
        "client_secret",
        "SMTP_PASS",
        "routing_key",
    ] {
        assert!(is_secret_key(k), "{k}");
    }
    for k in [
        "password_file",
        "GF_SECURITY_ADMIN_PASSWORD__FILE",
        "bearer_token_file",
        "secretName",
        "secretKeyRef",
        "token_url",
        "passwordPath",
        "name",
        "url",
    ] {
        assert!(!is_secret_key(k), "{k}");
    }
}

#[test]
fn masking_never_falls_back_to_the_clear_text() {
    // A span that starts inside a multi-byte character.
    let t = "pw: é-secret-é\n";
    let m = mask(t, &[Span::new(5, 13)]);
    assert!(!m.contains("secret"), "{m}");
    assert_eq!(m.len(), t.len());
}

#[test]
fn finds_and_masks_secrets() {
    let t = "services:\n  grafana:\n    environment:\n      - GF_SECURITY_ADMIN_PASSWORD=hunter2\n";
    let t2 = "datasources:\n  - url: http://u:pw123@h:9090\n    basicAuthPassword: s3cr3t\n    secureJsonData:\n      httpHeaderValue1: 'Bearer abc'\n";
    let ws = Workspace::new(vec![
        Input::new("docker-compose.yml", t),
        Input::new("ds.yml", t2),
    ]);
    let spans = secret_spans(&ws);
    let f0: Vec<Span> = spans
        .iter()
        .filter(|(f, _)| f.0 == 0)
        .map(|(_, s)| *s)
        .collect();
    let f1: Vec<Span> = spans
        .iter()
        .filter(|(f, _)| f.0 == 1)
        .map(|(_, s)| *s)
        .collect();
    let m0 = mask(t, &f0);
    let m1 = mask(t2, &f1);
    assert!(!m0.contains("hunter2"), "{m0}");
    assert!(m0.contains("GF_SECURITY_ADMIN_PASSWORD=*******"));
    assert!(
        !m1.contains("pw123") && !m1.contains("s3cr3t") && !m1.contains("abc"),
        "{m1}"
    );
    assert!(m1.contains("http://u:*****@h:9090"), "{m1}");
}
