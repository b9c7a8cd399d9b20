//! Re-import: merging a fresh import with the spec file already in place,
//! keeping human corrections and everything the sources cannot say.

use super::*;

// ---------------------------------------------------------------------------
// Re-import: merging with the spec file already in place
// ---------------------------------------------------------------------------

pub(super) fn merge_operation(
    e: &Operation,
    i: &Operation,
    findings: &mut Vec<Finding>,
    limit_notes: &mut Vec<LimitNote>,
) -> Operation {
    let mut cx = Cx {
        op: e.name.clone(),
        findings: Vec::new(),
        pending: Vec::new(),
        limit_notes: std::mem::take(limit_notes),
    };
    if e.read_only != i.read_only {
        cx.note(
            "-",
            format!(
                "readOnly: the spec says {}, the portal {}; using the portal's",
                e.read_only, i.read_only
            ),
        );
    }
    let mut enums = e.enums.clone();
    for (name, en) in &mut enums {
        scrub_enum(&mut cx, name, en, i.enums.get(name));
    }
    for (name, en) in &i.enums {
        enums.entry(name.clone()).or_insert_with(|| en.clone());
    }
    let pagination = match (&e.pagination, &i.pagination) {
        (Some(ep), Some(ip)) => {
            if ep != ip {
                cx.note(
                    "pagination",
                    format!("the spec's {ep:?} is kept; the sources suggest {ip:?}"),
                );
            }
            Some(ep.clone())
        }
        (Some(ep), None) => Some(ep.clone()),
        (None, ip) => ip.clone(),
    };
    let op = Operation {
        schema: e.schema.clone().or_else(|| i.schema.clone()),
        name: e.name.clone(),
        description: if e.description.is_empty() || has_cjk(&e.description) {
            if has_cjk(&e.description) {
                cx.note("-", "the spec's description is the portal's Chinese text, which may not ship; replaced by our own");
            }
            i.description.clone()
        } else {
            e.description.clone()
        },
        method: i.method.clone(),
        read_only: i.read_only,
        idempotent: e.idempotent,
        anonymous: e.anonymous,
        enums,
        parameters: merge_parameters(&mut cx, "", &e.parameters, &i.parameters),
        rules: e.rules.clone(),
        pagination,
        response: Response {
            members: merge_fields(
                &mut cx,
                "response",
                &e.response.members,
                &i.response.members,
            ),
        },
        errors: merge_errors(&mut cx, &e.errors, &i.errors),
        // No source knows waiters: they are written by hand, and kept.
        waiters: e.waiters.clone(),
    };
    findings.append(&mut cx.findings);
    *limit_notes = cx.limit_notes;
    op
}

/// Replaces Chinese text in an enum kept from the spec: by the sources'
/// (English) text where they have the same enum, else by nothing.
pub(super) fn scrub_enum(cx: &mut Cx, name: &str, e: &mut Enum, i: Option<&Enum>) {
    let mut replaced = false;
    if has_cjk(&e.description) {
        e.description = i
            .map(|x| x.description.clone())
            .filter(|d| !has_cjk(d))
            .unwrap_or_else(|| format!("The values of {name}."));
        replaced = true;
    }
    for v in &mut e.values {
        if has_cjk(&v.description) {
            v.description = i
                .and_then(|x| x.values.iter().find(|w| w.value == v.value))
                .map(|w| w.description.clone())
                .filter(|d| !has_cjk(d))
                .unwrap_or_default();
            replaced = true;
        }
    }
    if replaced {
        cx.note(
            &format!("enum {name}"),
            "the spec's text is the portal's Chinese, which may not ship; replaced by the English description's or left empty",
        );
    }
}

/// Replaces the Chinese descriptions (and examples) of a parameter kept
/// from the spec, at any depth, by the sources' English ones (or nothing).
pub(super) fn scrub_parameter(cx: &mut Cx, path: &str, e: &mut Parameter, i: Option<&Parameter>) {
    if has_cjk(&e.description) {
        e.description = i.map(|x| x.description.clone()).unwrap_or_default();
        cx.note(
            path,
            "the spec's description is the portal's Chinese text, which may not ship; replaced by the English description",
        );
    }
    if e.example.as_deref().is_some_and(has_cjk) {
        e.example = None;
    }
    if let Some(item) = &mut e.items {
        let ii = i.and_then(|x| x.items.as_deref());
        scrub_parameter(cx, &format!("{path}.N"), item, ii);
    }
    for m in &mut e.members {
        let mi = i.and_then(|x| x.members.iter().find(|y| y.name == m.name));
        let mpath = format!("{path}.{}", m.name);
        scrub_parameter(cx, &mpath, m, mi);
    }
}

pub(super) fn merge_parameters(
    cx: &mut Cx,
    path: &str,
    es: &[Parameter],
    is: &[Parameter],
) -> Vec<Parameter> {
    let sub = |name: &str| {
        if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    let mut out = Vec::new();
    for e in es {
        match is.iter().find(|i| i.name == e.name) {
            Some(i) => out.push(merge_parameter(cx, &sub(&e.name), e, i)),
            None => {
                cx.note(
                    &sub(&e.name),
                    "in the spec but in no source; kept from the spec",
                );
                out.push(e.clone());
            }
        }
    }
    for i in is {
        if !es.iter().any(|e| e.name == i.name) {
            cx.note(&sub(&i.name), "new in the sources; added");
            out.push(i.clone());
        }
    }
    out
}

/// The limits a parameter states, by name, for comparing.
pub(super) fn limit_list(p: &Parameter) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("maxItems", p.max_items.map(|v| v.to_string())),
        ("minLength", p.min_length.map(|v| v.to_string())),
        ("maxLength", p.max_length.map(|v| v.to_string())),
        ("minimum", p.minimum.map(|v| v.to_string())),
        ("maximum", p.maximum.map(|v| v.to_string())),
    ]
}

pub(super) fn merge_parameter(cx: &mut Cx, path: &str, e: &Parameter, i: &Parameter) -> Parameter {
    if !e.corrections.is_empty() {
        let mut differs = Vec::new();
        let (mut ec, mut ic) = (e.clone(), i.clone());
        ec.corrections.clear();
        ic.corrections.clear();
        ec.description.clear();
        ic.description.clear();
        ec.example = None;
        ic.example = None;
        if ec.ty != ic.ty {
            differs.push("type");
        }
        if ec.required != ic.required {
            differs.push("required");
        }
        for ((name, a), (_, b)) in limit_list(&ec).into_iter().zip(limit_list(&ic)) {
            if a != b {
                differs.push(name);
            }
        }
        if ec.items != ic.items || ec.members != ic.members {
            differs.push("items or members");
        }
        let note = if differs.is_empty() {
            "has corrections; kept exactly as the spec has it".to_owned()
        } else {
            format!(
                "has corrections; kept exactly as the spec has it (the sources differ in {})",
                differs.join(", ")
            )
        };
        cx.note(path, note);
        let mut kept = e.clone();
        scrub_parameter(cx, path, &mut kept, Some(i));
        // The kept entry's limits are checked only where its `enforced`
        // says so (a correction confirms them).
        cx.limit_notes
            .retain(|n| n.path != path && !n.path.starts_with(&format!("{path}.")));
        return kept;
    }
    let mut r = i.clone();
    if !e.description.is_empty() && !has_cjk(&e.description) {
        r.description = e.description.clone();
    } else if has_cjk(&e.description) {
        cx.note(
            path,
            "the spec's description is the portal's Chinese text, which may not ship; replaced by the English description",
        );
    }
    if e.example.is_some() && !e.example.as_deref().is_some_and(has_cjk) {
        r.example = e.example.clone();
    }
    if r.enum_ref.is_none() {
        r.enum_ref = e.enum_ref.clone();
    } else if e.enum_ref.is_some() && e.enum_ref != r.enum_ref {
        cx.note(
            path,
            format!(
                "enum: the spec uses {:?}, the sources suggest {:?}; the spec's is kept",
                e.enum_ref, r.enum_ref
            ),
        );
        r.enum_ref = e.enum_ref.clone();
    }
    r.hidden = e.hidden || i.hidden;
    if e.struct_name.is_some() {
        r.struct_name = e.struct_name.clone();
    }
    if e.location.is_some() {
        r.location = e.location.clone();
    }
    for (what, a, b) in [
        ("type", &e.ty, &i.ty),
        (
            "style",
            &e.style.clone().unwrap_or_default(),
            &i.style.clone().unwrap_or_default(),
        ),
    ] {
        if !b.is_empty() && !a.is_empty() && a != b {
            cx.note(
                path,
                format!("{what}: the spec says {a}, the sources {b}; using the sources'"),
            );
        }
    }
    if r.style.is_none() {
        r.style = e.style.clone();
    }
    if e.required != i.required {
        cx.note(
            path,
            format!(
                "required: the spec says {}, the sources {}; using the sources'",
                e.required, i.required
            ),
        );
    }
    // Limits: the sources' where they state one, else the spec's.
    let same_type = e.ty == r.ty;
    for ((name, a), (_, b)) in limit_list(e).into_iter().zip(limit_list(i)) {
        if let (Some(a), Some(b)) = (&a, &b) {
            if a != b {
                cx.note(
                    path,
                    format!("{name}: the spec says {a}, the sources {b}; using the sources'"),
                );
            }
        }
    }
    if same_type {
        // A limit only the spec states keeps the spec's `enforced` entry,
        // if it has one (a human added both).
        for ((name, a), (_, b)) in limit_list(e).into_iter().zip(limit_list(i)) {
            if a.is_some() && b.is_none() {
                if let Some(why) = e.enforced.get(name) {
                    r.enforced.insert(name.to_owned(), why.clone());
                } else {
                    cx.limit_notes.push(LimitNote {
                        path: path.to_owned(),
                        limit: name.to_owned(),
                        why: "kept from the spec; no source states it".to_owned(),
                    });
                }
            }
        }
        r.max_items = r.max_items.or(e.max_items);
        r.min_length = r.min_length.or(e.min_length);
        r.max_length = r.max_length.or(e.max_length);
        r.minimum = r.minimum.or(e.minimum);
        r.maximum = r.maximum.or(e.maximum);
    }
    for (limit, code) in &e.limit_errors {
        let present = match limit.as_str() {
            "required" => r.required,
            "maxItems" => r.max_items.is_some(),
            "minLength" => r.min_length.is_some(),
            "maxLength" => r.max_length.is_some(),
            "minimum" => r.minimum.is_some(),
            "maximum" => r.maximum.is_some(),
            _ => false,
        };
        if present {
            r.limit_errors.insert(limit.clone(), code.clone());
        } else {
            cx.note(
                path,
                format!("limitErrors.{limit} {code:?} dropped: the limit is gone"),
            );
        }
    }
    if let (Some(ei), Some(ii)) = (&e.items, &i.items) {
        r.items = Some(Box::new(merge_parameter(cx, &format!("{path}.N"), ei, ii)));
    }
    if r.ty == "object" && e.ty == "object" {
        r.members = merge_parameters(cx, path, &e.members, &i.members);
    }
    if r.hidden && !i.hidden {
        unenforce(
            &mut r,
            path,
            "hidden parameter: not on the reference page, so no limit of it is checked",
            &mut cx.limit_notes,
        );
    }
    r
}

pub(super) fn merge_fields(cx: &mut Cx, path: &str, es: &[Field], is: &[Field]) -> Vec<Field> {
    let mut out = Vec::new();
    for e in es {
        let fpath = format!("{path}.{}", e.name);
        match is.iter().find(|i| i.name == e.name) {
            Some(i) => out.push(merge_field(cx, &fpath, e, i)),
            None => {
                cx.note(
                    &fpath,
                    "in the spec but not in the portal; kept from the spec",
                );
                out.push(e.clone());
            }
        }
    }
    for i in is {
        if !es.iter().any(|e| e.name == i.name) {
            cx.note(&format!("{path}.{}", i.name), "new in the portal; added");
            out.push(i.clone());
        }
    }
    out
}

pub(super) fn merge_field(cx: &mut Cx, path: &str, e: &Field, i: &Field) -> Field {
    let mut r = i.clone();
    if e.ty != i.ty {
        cx.note(
            path,
            format!(
                "type: the spec says {}, the portal {}; using the portal's",
                e.ty, i.ty
            ),
        );
    }
    if !e.description.is_empty() && !has_cjk(&e.description) {
        r.description = e.description.clone();
    }
    if e.example.is_some() && !e.example.as_deref().is_some_and(has_cjk) {
        r.example = e.example.clone();
    }
    if r.enum_ref.is_none() && r.ty == "string" {
        r.enum_ref = e.enum_ref.clone();
    }
    if e.struct_name.is_some() {
        r.struct_name = e.struct_name.clone();
    }
    if let (Some(ei), Some(ii)) = (&e.items, &i.items) {
        r.items = Some(Box::new(merge_field(cx, &format!("{path}.N"), ei, ii)));
    }
    if r.ty == "object" && e.ty == "object" {
        r.members = merge_fields(cx, path, &e.members, &i.members);
    }
    r
}

/// Error entries are prose a human may have improved: the spec's are kept
/// whole, and codes new in the portal are added.
pub(super) fn merge_errors(cx: &mut Cx, es: &[ErrorEntry], is: &[ErrorEntry]) -> Vec<ErrorEntry> {
    let mut out = es.to_vec();
    for e in &mut out {
        if has_cjk(&e.description) {
            e.description = is
                .iter()
                .find(|i| i.code == e.code)
                .map(|i| i.description.clone())
                .unwrap_or_default();
            cx.note(
                &format!("error {}", e.code),
                "the spec's description is the portal's Chinese text, which may not ship; replaced",
            );
        }
    }
    for e in es {
        let subject = format!("error {}", e.code);
        match is.iter().find(|i| i.code == e.code) {
            Some(i) if i.http_status != e.http_status || i.message != e.message => cx.note(
                &subject,
                format!(
                    "the spec has HTTP {} {:?}, the portal HTTP {} {:?}; the spec's is kept",
                    e.http_status, e.message, i.http_status, i.message
                ),
            ),
            Some(_) => {}
            None => cx.note(&subject, "in the spec but not in the portal; kept"),
        }
    }
    for i in is {
        if !es.iter().any(|e| e.code == i.code) {
            cx.note(&format!("error {}", i.code), "new in the portal; added");
            out.push(i.clone());
        }
    }
    out
}
