//! Merging the sources into spec parameters: the precedence rules of the
//! module docs applied parameter by parameter, each disagreement recorded
//! as a finding.

use super::*;

// ---------------------------------------------------------------------------
// Merging the sources into spec parameters
// ---------------------------------------------------------------------------

pub(super) type Views<'a> = [Option<&'a SrcParam>; 4];

/// An enum found while merging, named later (names must be unique across the
/// operation's structs and enums). Parameters refer to it as `"\0<index>"`.
#[derive(Debug, Clone)]
pub(super) struct PendingEnum {
    pub(super) preferred: String,
    pub(super) description: String,
    pub(super) values: Vec<EnumValue>,
}

pub(super) struct Cx {
    pub(super) op: String,
    pub(super) findings: Vec<Finding>,
    pub(super) pending: Vec<PendingEnum>,
    /// Limits documented but not enforced, and why.
    pub(super) limit_notes: Vec<LimitNote>,
}

impl Cx {
    pub(super) fn note(&mut self, subject: &str, message: impl Into<String>) {
        self.findings
            .push(finding(&self.op, subject, message.into()));
    }
}

pub(super) fn present<'a>(views: &Views<'a>) -> Vec<(Src, &'a SrcParam)> {
    SOURCES
        .iter()
        .zip(views.iter())
        .filter_map(|(s, v)| v.map(|p| (*s, p)))
        .collect()
}

pub(super) fn view<'a>(views: &Views<'a>, src: Src) -> Option<&'a SrcParam> {
    views[src as usize]
}

/// Names of the members (or top-level parameters) over all sources, in the
/// portal's order first; names that differ only in case (`Key`, `key`) or
/// that would become the same Rust field are kept once, the first spelling
/// that starts upper-case winning.
pub(super) fn union_names(cx: &mut Cx, path: &str, lists: [&[SrcParam]; 4]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for list in lists {
        for p in list {
            if !names.contains(&p.name) {
                names.push(p.name.clone());
            }
        }
    }
    let mut kept: Vec<String> = Vec::new();
    for name in names {
        let clash = kept
            .iter()
            .position(|k| k.to_snake_case() == name.to_snake_case());
        match clash {
            None => kept.push(name),
            Some(i) => {
                let upper = |s: &str| s.chars().next().is_some_and(|c| c.is_ascii_uppercase());
                let (keep, drop) = if !upper(&kept[i]) && upper(&name) {
                    let old = std::mem::replace(&mut kept[i], name.clone());
                    (name, old)
                } else {
                    (kept[i].clone(), name)
                };
                let subject = if path.is_empty() {
                    drop.clone()
                } else {
                    format!("{path}.{drop}")
                };
                cx.note(
                    &subject,
                    format!("would be the same Rust field as {keep:?}; left out (send {keep:?})"),
                );
            }
        }
    }
    kept
}

pub(super) fn pick_type(typed: &[(Src, &'static str)]) -> Option<&'static str> {
    let order = [Src::PortalNew, Src::Portal, Src::Meta, Src::Sdk];
    let first = order
        .iter()
        .find_map(|s| typed.iter().find(|(t, _)| t == s).map(|(_, ty)| *ty))?;
    // A whole number the other source calls long is long: the wider type
    // refuses nothing.
    if first == "integer" && typed.iter().any(|(_, t)| *t == "long") {
        return Some("long");
    }
    Some(first)
}

pub(super) fn parse_i64(cx: &mut Cx, path: &str, what: &str, src: Src, raw: &str) -> Option<i64> {
    match raw.trim().parse::<i64>() {
        Ok(v) => Some(v),
        Err(_) => {
            cx.note(
                path,
                format!(
                    "{what} {raw:?} in {} is not a whole number; left out",
                    src.label()
                ),
            );
            None
        }
    }
}

pub(super) fn merge_param(cx: &mut Cx, path: &str, views: Views<'_>, in_json: bool) -> Parameter {
    let all = present(&views);
    let name = all.first().map(|(_, p)| p.name.clone()).unwrap_or_default();

    // Type.
    let typed: Vec<(Src, &'static str)> = all
        .iter()
        .filter_map(|(s, p)| p.ty.map(|t| (*s, t)))
        .collect();
    let mut ty = pick_type(&typed).unwrap_or("string");
    if typed.is_empty() && all.iter().any(|(_, q)| q.raw_ty != ITEM_UNSTATED) {
        cx.note(path, "no source states the type; using string");
    }
    let distinct: BTreeSet<&str> = typed.iter().map(|(_, t)| *t).collect();
    if distinct.len() > 1 {
        let said = all
            .iter()
            .filter(|(_, p)| p.ty.is_some())
            .map(|(s, p)| format!("{} says {}", s.short(), p.raw_ty))
            .collect::<Vec<_>>()
            .join(", ");
        cx.note(path, format!("type: {said}; using {ty}"));
    }
    let member_lists: [&[SrcParam]; 4] =
        views.map(|v| v.map(|p| p.members.as_slice()).unwrap_or(&[]));
    if ty == "object" && member_lists.iter().all(|m| m.is_empty()) {
        cx.note(
            path,
            "an object whose members no source lists (free-form JSON); typed string, to carry JSON text",
        );
        ty = "string";
    }
    // JSON text the sources type as a plain string.
    let meta_desc = view(&views, Src::Meta)
        .map(|q| q.description.clone())
        .unwrap_or_default();
    // (An item's example often shows the whole list: items are not looked at.)
    let json_text = ty == "string"
        && !in_json
        && !path.ends_with(".N")
        && json_array_evidence(cx, path, &views, &meta_desc);
    if json_text {
        ty = "list";
    }

    // Style.
    let style_of = |src: Src| view(&views, src).and_then(|p| p.style.clone());
    if let (Some(a), Some(b)) = (style_of(Src::Portal), style_of(Src::PortalNew)) {
        if a != b {
            cx.note(
                path,
                format!(
                    "style: {a} in the portal (2024-06), {b} in the portal (2025-12); using {b}"
                ),
            );
        }
    }
    let portal_style = style_of(Src::PortalNew).or_else(|| style_of(Src::Portal));
    let json_style = portal_style.as_deref() == Some("json") || json_text;
    let style = match ty {
        "list" | "object" if in_json => None,
        "list" if json_style => Some("json"),
        "list" => Some("repeatList"),
        "object" if json_style => Some("json"),
        "object" => Some("flat"),
        _ => None,
    };
    let child_json = in_json || style == Some("json");

    let mut p = Parameter {
        name: name.clone(),
        ty: ty.to_owned(),
        style: style.map(str::to_owned),
        ..Parameter::default()
    };
    let mut stmts: Vec<(&'static str, Vec<Stmt>)> = Vec::new();

    // Required: only where every source that says anything says so.
    let said: Vec<(Src, bool)> = all
        .iter()
        .filter_map(|(s, q)| q.required.map(|r| (*s, r)))
        .collect();
    p.required = !said.is_empty() && said.iter().all(|(_, r)| *r);
    if said.iter().any(|(_, r)| *r) && !p.required {
        let yes: Vec<&str> = said
            .iter()
            .filter(|(_, r)| *r)
            .map(|(s, _)| s.short())
            .collect();
        let no: Vec<&str> = said
            .iter()
            .filter(|(_, r)| !*r)
            .map(|(s, _)| s.short())
            .collect();
        cx.note(
            path,
            format!(
                "required in {}, optional in {}; optional (checked client-side only where every source agrees)",
                yes.join(", "),
                no.join(", ")
            ),
        );
    }

    // Description and example. Only the English (Apache-2.0) text ships;
    // the portal's Chinese prose has no licence.
    p.description = meta_desc.clone();
    p.example = view(&views, Src::Portal)
        .and_then(|q| q.example.clone())
        .filter(|x| !has_cjk(x));

    for (src, q) in &all {
        if q.deprecated {
            cx.note(
                path,
                format!(
                    "deprecated in {}; kept (the spec cannot mark a parameter deprecated)",
                    src.label()
                ),
            );
        }
        if let Some(pattern) = &q.pattern {
            cx.note(
                path,
                format!(
                    "pattern {pattern:?} in {} is not expressible in the spec; left out",
                    src.label()
                ),
            );
        }
        if let Some(n) = q.min_items {
            cx.note(
                path,
                format!(
                    "minItems {n} in {} is not expressible in the spec; left out",
                    src.label()
                ),
            );
        }
    }

    match ty {
        "list" => {
            let item_views: Views<'_> = views.map(|v| v.and_then(|q| q.items.as_deref()));
            let mut item = if item_views.iter().all(Option::is_none) {
                if !json_text {
                    cx.note(path, "no source states the item type; using string");
                }
                Parameter {
                    ty: "string".into(),
                    ..Parameter::default()
                }
            } else {
                merge_param(cx, &format!("{path}.N"), item_views, child_json)
            };
            item.name = name.clone();
            // An item travels as its list says (`Tag.1.Key`): no style of its own.
            if item.ty == "object" {
                item.style = None;
            }
            if item.ty == "list" {
                cx.note(
                    path,
                    "a list of lists, which the spec cannot send; the inner list is typed string",
                );
                item.ty = "string".into();
                item.items = None;
                item.style = None;
            }
            if item.ty == "string" && item.enum_ref.is_none() {
                if let Some(values) = prose_enum(&meta_desc) {
                    item.enum_ref = Some(pending_enum(cx, &name, &p.description, values));
                }
            }
            p.items = Some(Box::new(item));
            let said = merge_max_items(
                cx,
                path,
                &views,
                &mut p,
                json_text.then_some(meta_desc.as_str()),
            );
            stmts.push(("maxItems", said));
        }
        "object" => {
            let names = union_names(cx, path, member_lists);
            for member in names {
                let mviews: Views<'_> =
                    views.map(|v| v.and_then(|q| q.members.iter().find(|m| m.name == member)));
                let mpath = format!("{path}.{member}");
                report_presence(cx, &mpath, &views, &mviews, true);
                p.members.push(merge_param(cx, &mpath, mviews, child_json));
            }
        }
        _ => {}
    }

    stmts.extend(merge_limits(cx, path, &all, &mut p, &meta_desc));
    apply_trust(cx, path, &mut p, &stmts);
    if ty == "string" {
        merge_enum(cx, path, &views, &mut p, &meta_desc);
    } else {
        for (src, q) in &all {
            if !q.enum_values.is_empty() && ty != "list" {
                cx.note(
                    path,
                    format!(
                        "{} lists the values {:?} of a {ty}; only strings can be enums, so they stay in the description",
                        src.label(),
                        q.enum_values
                    ),
                );
            }
        }
    }
    p
}

/// Reports which sources (of those that describe the parent) lack an entry.
pub(super) fn report_presence(
    cx: &mut Cx,
    path: &str,
    parents: &Views<'_>,
    views: &Views<'_>,
    members: bool,
) {
    let mut has = Vec::new();
    let mut lacks = Vec::new();
    for src in SOURCES {
        let Some(parent) = view(parents, src) else {
            continue;
        };
        if members && !parent.members_known {
            continue;
        }
        if view(views, src).is_some() {
            has.push(src.short());
        } else {
            lacks.push(src.short());
        }
    }
    if !lacks.is_empty() && !has.is_empty() {
        cx.note(
            path,
            format!("in {}; not in {}", has.join(", "), lacks.join(", ")),
        );
    }
}

/// Whether a parameter the sources type as a string carries a JSON array:
/// the English description says so (or shows one), or the portal's example
/// is one. Evidence against (a plain example) keeps it a string.
pub(super) fn json_array_evidence(
    cx: &mut Cx,
    path: &str,
    views: &Views<'_>,
    meta_desc: &str,
) -> bool {
    let prose = prose_says_json_array(meta_desc);
    let examples: Vec<String> = [Src::PortalNew, Src::Portal]
        .iter()
        .filter_map(|s| view(views, *s).and_then(|q| q.example.clone()))
        .map(|e| e.trim().to_owned())
        .filter(|e| !e.is_empty())
        .collect();
    let array_example = examples.iter().find(|e| e.starts_with('['));
    let plain_example = examples.iter().find(|e| !e.starts_with('['));
    match (prose, array_example, plain_example) {
        (true, _, Some(plain)) => {
            let shown = if has_cjk(plain) {
                String::new()
            } else {
                format!(" {plain:?}")
            };
            cx.note(
                path,
                format!("the English description calls the value a JSON array, but the portal's example{shown} is not one; kept a plain string"),
            );
            false
        }
        (false, None, _) => false,
        (prose, example, _) => {
            let mut why = Vec::new();
            if prose {
                why.push("the English description says the value is a JSON array".to_owned());
            }
            if let Some(e) = example {
                why.push(format!("the portal's example {e:?} is one"));
            }
            cx.note(
                path,
                format!(
                    "typed string in the sources, but {}: a list of strings sent as one JSON text (style json)",
                    why.join(" and ")
                ),
            );
            true
        }
    }
}

/// Sets `maxItems` from every statement of it, and returns the statements.
/// `json_prose` is the English description of a JSON-text list, whose "up
/// to 100 IDs" states its size.
pub(super) fn merge_max_items(
    cx: &mut Cx,
    path: &str,
    views: &Views<'_>,
    p: &mut Parameter,
    json_prose: Option<&str>,
) -> Vec<Stmt> {
    // Prose first: the list's own words, then its members' ("Tag.N.Key ...
    // N的取值范围为1~20" speaks of the Tag list). English (meta) and the
    // portal's Chinese are kept apart: only English may be quoted.
    let texts = |src_filter: &dyn Fn(Src) -> bool, own: bool| {
        let mut out: Vec<String> = Vec::new();
        for (src, q) in present(views) {
            if !src_filter(src) {
                continue;
            }
            if own {
                out.push(q.description.clone());
            }
            if let Some(item) = &q.items {
                if own {
                    out.push(item.description.clone());
                } else {
                    for m in &item.members {
                        if m.ty != Some("list") {
                            out.push(m.description.clone());
                        }
                    }
                }
            }
        }
        out
    };
    let ranges = |texts: &[String]| {
        let mut found: Vec<(u64, String)> = Vec::new();
        for t in texts {
            for r in prose_n_ranges(t) {
                if !found.iter().any(|f| f.0 == r.0) {
                    found.push(r);
                }
            }
        }
        found
    };
    let english = |s: Src| s == Src::Meta || s == Src::Sdk;
    let chinese = |s: Src| s == Src::Portal || s == Src::PortalNew;
    let mut prose_en = ranges(&texts(&english, true));
    if prose_en.is_empty() {
        prose_en = ranges(&texts(&english, false));
    }
    if prose_en.is_empty() {
        if let Some((n, quote)) = json_prose.and_then(prose_json_max_items) {
            prose_en.push((n as u64, quote));
        }
    }
    let mut prose_zh = ranges(&texts(&chinese, true));
    if prose_zh.is_empty() {
        prose_zh = ranges(&texts(&chinese, false));
    }
    let mut stmts: Vec<Stmt> = Vec::new();
    let mut ambiguous = false;
    for (n, quote) in &prose_en {
        stmts.push(Stmt {
            basis: Basis::Prose,
            who: format!("English prose {quote:?}"),
            value: *n as i64,
        });
    }
    for (n, _) in &prose_zh {
        stmts.push(Stmt {
            basis: Basis::PortalProse,
            who: "the portal's (Chinese) prose".to_owned(),
            value: *n as i64,
        });
    }
    let mut prose: Vec<(u64, String)> = prose_en.clone();
    for (n, _) in &prose_zh {
        if !prose.iter().any(|(m, _)| m == n) {
            prose.push((*n, "the portal's description".to_owned()));
        }
    }
    let prose = match prose.len() {
        0 => None,
        1 => prose.pop(),
        _ => {
            ambiguous = true;
            let shown: Vec<String> = prose
                .iter()
                .map(|(n, q)| {
                    if has_cjk(q) {
                        format!("{n} in the portal's description")
                    } else {
                        format!("{q:?}")
                    }
                })
                .collect();
            cx.note(
                path,
                format!(
                    "the prose states different ranges of N ({}); not used",
                    shown.join(", ")
                ),
            );
            None
        }
    };
    let mut candidates: Vec<(String, u64)> = Vec::new();
    if let Some((n, quote)) = &prose {
        let shown = if has_cjk(quote) {
            "the portal's description".to_owned()
        } else {
            format!("the prose ({quote:?})")
        };
        candidates.push((shown, *n));
    }
    for src in [Src::PortalNew, Src::Portal, Src::Meta, Src::Sdk] {
        if let Some(n) = view(views, src).and_then(|q| q.max_items) {
            candidates.push((src.label().to_owned(), n));
            stmts.push(Stmt {
                basis: Basis::Structured,
                who: src.short().to_owned(),
                value: n as i64,
            });
        }
    }
    let mut folded: Vec<&str> = Vec::new();
    let mut shown = String::new();
    for src in SOURCES {
        if let Some((n, names)) = view(views, src).and_then(|q| q.family.as_ref()) {
            shown = match names.as_slice() {
                [one] => one.clone(),
                [first, .., last] => format!("{first} ... {last}"),
                [] => String::new(),
            };
            folded.push(src.label());
            candidates.push((format!("the numbered names in {}", src.label()), *n));
            stmts.push(Stmt {
                basis: Basis::Names,
                who: format!("the numbered names in {}", src.short()),
                value: *n as i64,
            });
        }
    }
    if !folded.is_empty() {
        let largest = candidates
            .iter()
            .filter(|(who, _)| who.starts_with("the numbered"))
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0);
        cx.note(
            path,
            format!(
                "{} give {shown} as separate parameters; folded into one list of {} (largest N: {largest})",
                folded.join(", "),
                if p.items.as_ref().is_some_and(|i| i.ty == "object") {
                    "objects"
                } else {
                    "values"
                }
            ),
        );
    }
    if ambiguous {
        // Different ranges in the prose: whatever is chosen is not checked.
        stmts.push(Stmt {
            basis: Basis::PortalProse,
            who: "the prose states several ranges of N".to_owned(),
            value: i64::MIN,
        });
    }
    let Some((chosen_from, chosen)) = candidates.first().cloned() else {
        return stmts;
    };
    p.max_items = Some(chosen);
    let others: Vec<String> = candidates
        .iter()
        .skip(1)
        .filter(|(_, n)| *n != chosen)
        .map(|(who, n)| format!("{who} says {n}"))
        .collect();
    if !others.is_empty() {
        let why = if prose.is_some() {
            " (the service's own text wins)"
        } else {
            ""
        };
        cx.note(
            path,
            format!(
                "maxItems: {}, {chosen_from} says {chosen}; using {chosen}{why}",
                others.join(", ")
            ),
        );
    } else if prose.is_some() && candidates.len() == 1 {
        cx.note(
            path,
            format!("maxItems {chosen} is stated only in {chosen_from}"),
        );
    }
    stmts
}

/// Sets the length and range limits from the portal's schema, the official
/// SDK's and the English prose, and returns each limit's statements.
pub(super) fn merge_limits(
    cx: &mut Cx,
    path: &str,
    all: &[(Src, &SrcParam)],
    p: &mut Parameter,
    meta_desc: &str,
) -> Vec<(&'static str, Vec<Stmt>)> {
    let order = [Src::PortalNew, Src::Portal, Src::Sdk, Src::Meta];
    let by_order = |f: &dyn Fn(&SrcParam) -> Option<String>| -> Vec<(Src, String)> {
        order
            .iter()
            .filter_map(|s| {
                all.iter()
                    .find(|(t, _)| t == s)
                    .and_then(|(_, q)| f(q))
                    .map(|v| (*s, v))
            })
            .collect()
    };
    let prose = prose_limits(meta_desc);
    let limits: [(&'static str, Vec<(Src, String)>); 4] = [
        ("minimum", by_order(&|q| q.minimum.clone())),
        ("maximum", by_order(&|q| q.maximum.clone())),
        (
            "minLength",
            by_order(&|q| q.min_length.map(|v| v.to_string())),
        ),
        (
            "maxLength",
            by_order(&|q| q.max_length.map(|v| v.to_string())),
        ),
    ];
    let mut out: Vec<(&'static str, Vec<Stmt>)> = Vec::new();
    for (limit, said) in limits {
        let fits = match limit {
            "minimum" | "maximum" => p.ty == "integer" || p.ty == "long",
            _ => p.ty == "string",
        };
        let mut prose_said: Vec<(i64, String)> = Vec::new();
        for (l, v, q) in &prose {
            if *l == limit && !prose_said.iter().any(|(w, _)| w == v) {
                prose_said.push((*v, q.clone()));
            }
        }
        let mut stmts: Vec<Stmt> = Vec::new();
        for (src, raw) in &said {
            if let Ok(v) = raw.trim().parse::<i64>() {
                stmts.push(Stmt {
                    basis: Basis::Structured,
                    who: src.short().to_owned(),
                    value: v,
                });
            }
        }
        if fits {
            for (v, q) in &prose_said {
                stmts.push(Stmt {
                    basis: Basis::Prose,
                    who: format!("English prose {q:?}"),
                    value: *v,
                });
            }
        }
        let Some((src, raw)) = said.first().cloned() else {
            // Only the English prose states it.
            if fits {
                if let [(v, q)] = prose_said.as_slice() {
                    cx.note(
                        path,
                        format!("{limit} {v} is stated only in the English prose ({q:?})"),
                    );
                    match limit {
                        "minimum" => p.minimum = Some(*v),
                        "maximum" => p.maximum = Some(*v),
                        "minLength" => p.min_length = u64::try_from(*v).ok(),
                        _ => p.max_length = u64::try_from(*v).ok(),
                    }
                    out.push((limit, stmts));
                } else if prose_said.len() > 1 {
                    cx.note(
                        path,
                        format!(
                            "the English prose states several values of {limit} ({}); none used",
                            prose_said
                                .iter()
                                .map(|(_, q)| format!("{q:?}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
            }
            continue;
        };
        if !fits {
            cx.note(
                path,
                format!(
                    "{limit} {raw} in {} does not apply to a {} in the spec; left out",
                    src.label(),
                    p.ty
                ),
            );
            continue;
        }
        let differing: Vec<String> = said
            .iter()
            .skip(1)
            .filter(|(_, v)| v.trim() != raw.trim())
            .map(|(s, v)| format!("{} says {v}", s.label()))
            .collect();
        if !differing.is_empty() {
            cx.note(
                path,
                format!(
                    "{limit}: {}, {} says {raw}; using {raw} (the newer source)",
                    differing.join(", "),
                    src.label()
                ),
            );
        }
        let prose_differs: Vec<String> = prose_said
            .iter()
            .filter(|(v, _)| v.to_string() != raw.trim())
            .map(|(v, q)| format!("{v} ({q:?})"))
            .collect();
        if !prose_differs.is_empty() {
            cx.note(
                path,
                format!(
                    "{limit}: {} says {raw}, the English prose {}; using {raw}, not enforced",
                    src.label(),
                    prose_differs.join(", ")
                ),
            );
        }
        match limit {
            "minimum" => p.minimum = parse_i64(cx, path, limit, src, &raw),
            "maximum" => p.maximum = parse_i64(cx, path, limit, src, &raw),
            "minLength" => p.min_length = raw.parse().ok(),
            _ => p.max_length = raw.parse().ok(),
        }
        out.push((limit, stmts));
    }
    if let (Some(lo), Some(hi)) = (p.minimum, p.maximum) {
        if lo > hi {
            cx.note(
                path,
                format!("minimum {lo} is above maximum {hi}; both left out"),
            );
            p.minimum = None;
            p.maximum = None;
        }
    }
    if let (Some(lo), Some(hi)) = (p.min_length, p.max_length) {
        if lo > hi {
            cx.note(
                path,
                format!("minLength {lo} is above maxLength {hi}; both left out"),
            );
            p.min_length = None;
            p.max_length = None;
        }
    }
    for (src, q) in all {
        if q.max_items.is_some() && p.ty != "list" {
            cx.note(
                path,
                format!(
                    "maxItems in {} does not apply to a {}; left out",
                    src.label(),
                    p.ty
                ),
            );
        }
    }
    out
}

pub(super) fn merge_enum(
    cx: &mut Cx,
    path: &str,
    views: &Views<'_>,
    p: &mut Parameter,
    meta_desc: &str,
) {
    let portal = |src: Src| {
        view(views, src)
            .map(|q| q.enum_values.clone())
            .unwrap_or_default()
    };
    let (old, new) = (portal(Src::Portal), portal(Src::PortalNew));
    if !old.is_empty() && !new.is_empty() && old != new {
        cx.note(
            path,
            format!("enum: {old:?} in the portal (2024-06), {new:?} in the portal (2025-12); using the newer"),
        );
    }
    let machine = if new.is_empty() { old } else { new };
    let prose = prose_enum(meta_desc);
    if !machine.is_empty() {
        if let Some(problem) = enum_problem(&machine) {
            cx.note(
                path,
                format!("the portal's enum {machine:?} {problem}; left as a plain string"),
            );
            return;
        }
        if let Some(prose) = &prose {
            let said: BTreeSet<&str> = prose.iter().map(|v| v.value.as_str()).collect();
            let listed: BTreeSet<&str> = machine.iter().map(String::as_str).collect();
            if said != listed {
                cx.note(
                    path,
                    format!(
                        "enum: the portal lists {machine:?}, the English description {:?}; using the portal's",
                        said
                    ),
                );
            }
        }
        let values = machine
            .iter()
            .map(|v| EnumValue {
                value: v.clone(),
                description: prose
                    .as_ref()
                    .and_then(|pv| pv.iter().find(|x| &x.value == v))
                    .map(|x| x.description.clone())
                    .unwrap_or_default(),
            })
            .collect();
        let name = p.name.clone();
        let description = p.description.clone();
        p.enum_ref = Some(pending_enum(cx, &name, &description, values));
    } else if let Some(values) = prose {
        cx.note(
            path,
            format!(
                "enum of {} values read from the English description (no machine-readable enum)",
                values.len()
            ),
        );
        let name = p.name.clone();
        let description = p.description.clone();
        p.enum_ref = Some(pending_enum(cx, &name, &description, values));
    }
}

pub(super) fn pending_enum(
    cx: &mut Cx,
    name: &str,
    param_description: &str,
    values: Vec<EnumValue>,
) -> String {
    // The enum's doc: the parameter's description up to its value list.
    let head = param_description
        .split("Valid values")
        .next()
        .unwrap_or("")
        .trim();
    let description = if head.is_empty() {
        format!("The values of {name}.")
    } else {
        head.to_owned()
    };
    cx.pending.push(PendingEnum {
        preferred: name.to_upper_camel_case(),
        description,
        values,
    });
    format!("\0{}", cx.pending.len() - 1)
}
