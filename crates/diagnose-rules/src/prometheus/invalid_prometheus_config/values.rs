//! Values of known keys: types, units, enumerations and formats, as Prometheus' YAML
//! unmarshalling checks them. Nested sections and lists of sections are entered by the
//! shared walker (`crate::schema::walk`), which reports their shape through `keys.rs`.

use super::*;

impl Walker<'_, '_> {
    pub(super) fn scalar_value(&mut self, key: &str, n: &Node, ty: &'static Ty) {
        if n.is_null() {
            return;
        }
        match ty {
            Ty::Any => {}
            Ty::Str => {
                if !n.is_scalar() {
                    self.type_error(key, n, "PROM004.expect-scalar");
                }
            }
            Ty::Bool => {
                if !plain(n).is_some_and(is_bool) {
                    self.type_error(key, n, "PROM004.expect-bool");
                }
            }
            // yaml.v2 truncates floats into integer fields.
            Ty::Int => {
                if !plain(n).is_some_and(|s| is_int(s, false) || is_float(s)) {
                    self.type_error(key, n, "PROM004.expect-int");
                }
            }
            Ty::Uint => {
                if !plain(n).is_some_and(|s| {
                    is_int(s, true) || (is_float(s) && s.parse::<f64>().is_ok_and(|x| x >= 0.0))
                }) {
                    self.type_error(key, n, "PROM004.expect-uint");
                }
            }
            Ty::Float => {
                if !plain(n).is_some_and(is_float) {
                    self.type_error(key, n, "PROM004.expect-float");
                }
            }
            Ty::Size => {
                if !n.as_str().is_some_and(is_size) || !n.is_scalar() {
                    self.type_error(key, n, "PROM004.expect-size");
                }
            }
            Ty::Dur => match n.as_str() {
                Some(s) if n.is_scalar() && parse_duration(s).is_some() => {}
                _ => {
                    let f = found(n);
                    let d = self.cx.report(
                        self.file,
                        n.span,
                        msg!("PROM004.expect-duration", key = key, found = f),
                    );
                    d.note(msg!("PROM004.note-duration"));
                }
            },
            Ty::Enum(allowed) => {
                if !n.is_scalar() {
                    self.type_error(key, n, "PROM004.expect-scalar");
                    return;
                }
                let v = n.as_str().unwrap_or("");
                if allowed.contains(&v) {
                    return;
                }
                if key == "api_version" && v == "v1" {
                    if self.major() == Some(2) {
                        // Prometheus 2 still speaks the v1 API.
                        return;
                    }
                    let d = self.report(n.span, msg!("PROM004.am-v1"));
                    d.note(msg!("PROM004.note-am-v1"));
                    d.help(msg!("PROM004.help-am-v1"));
                    return;
                }
                let list = code_list(allowed);
                let d = self.report(
                    n.span,
                    msg!("PROM004.enum", key = key, allowed = list, value = v),
                );
                d.note(msg!("PROM004.note-enum"));
            }
            Ty::Regex => {
                if !n.is_scalar() {
                    self.type_error(key, n, "PROM004.expect-scalar");
                    return;
                }
                if let Some(err) = crate::prometheus::relabel::regex_error(n.as_str().unwrap_or(""))
                {
                    let d = self.report(n.span, msg!("PROM004.regex", error = err));
                    d.note(msg!("PROM004.note-regex"));
                }
            }
            Ty::Strs => {
                if !n.is_seq() {
                    self.type_error(key, n, "PROM004.expect-list");
                    return;
                }
                for it in n.items() {
                    if !it.is_scalar() {
                        self.type_error(key, it, "PROM004.expect-scalar");
                    }
                }
            }
            Ty::StrMap => {
                if !n.is_map() {
                    self.type_error(key, n, "PROM004.expect-map");
                    return;
                }
                for e in n.entries() {
                    if !e.value.is_scalar() {
                        let k = e.key.as_str().unwrap_or(key).to_string();
                        self.type_error(&k, &e.value, "PROM004.expect-scalar");
                    }
                    // Label names and values must be UTF-8 text (`!!binary` can hold
                    // other bytes).
                    if matches!(key, "external_labels" | "labels") {
                        for (part, id) in [
                            (&e.key, "PROM004.label-name-bytes"),
                            (&e.value, "PROM004.label-value-bytes"),
                        ] {
                            if part.style() == Some(Style::Binary) {
                                let d = self.report(part.span, msg!(id));
                                d.note(msg!("PROM004.note-value"));
                            }
                        }
                    }
                }
            }
            // Entered by the walker.
            Ty::Sec(_) | Ty::List(_) => {}
        }
    }
}
