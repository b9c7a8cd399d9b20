//! One operation: [`import`] and the raw import that builds an operation
//! spec (parameters, response, errors, endpoint) from the sources alone.

use super::*;

// ---------------------------------------------------------------------------
// One operation
// ---------------------------------------------------------------------------

/// Descriptions of the hidden parameters every ECS operation of the official
/// SDK carries; the sources give them no text.
pub(super) const HIDDEN_DESCRIPTIONS: &[(&str, &str)] = &[
    (
        "OwnerId",
        "The ID of the account that owns the request (sent by the official SDK; not on the reference page).",
    ),
    (
        "OwnerAccount",
        "The name of the account that owns the request (sent by the official SDK; not on the reference page).",
    ),
    (
        "ResourceOwnerAccount",
        "The name of the account that owns the resources (sent by the official SDK; not on the reference page).",
    ),
    (
        "ResourceOwnerId",
        "The ID of the account that owns the resources (sent by the official SDK; not on the reference page).",
    ),
];

/// Imports one operation. With `existing` (the spec file already in place),
/// the result keeps what [the module docs](super) say a re-import keeps.
/// `common_errors` are the service's shared codes; an operation keeps its
/// own entry for each (its own HTTP status and message), noted as a finding.
pub fn import(
    reference: &Reference,
    name: &str,
    existing: Option<&OperationSpec>,
    common_errors: &[ErrorSpec],
) -> Result<Imported, ImportError> {
    let raw = import_raw(reference, name, common_errors)?;
    let Some(existing) = existing else {
        return Ok(raw);
    };
    let mut findings = raw.findings;
    let mut limit_notes = raw.limit_notes;
    let mut merged = merge_operation(existing, &raw.operation, &mut findings, &mut limit_notes);
    // Structs kept from the spec and structs new in the sources may now
    // share a name.
    name_types(&mut merged, &[], &mut findings);
    infer_limit_errors(&mut merged);
    Ok(Imported {
        operation: merged,
        findings,
        limit_notes,
    })
}

/// What the sources alone give, without an existing spec.
pub(super) fn import_raw(
    reference: &Reference,
    name: &str,
    common_errors: &[ErrorSpec],
) -> Result<Imported, ImportError> {
    let portal_api = reference.portal.get(name).clone();
    let portal_new_api = reference.portal_new.get(name).clone();
    let meta_en = reference.meta(true, name);
    let meta_zh = reference.meta(false, name);
    let sdk_list = reference.extract.get(name).get("darabonba_async_request");
    let has_portal = portal_api.is_obj();
    let has_portal_new = portal_new_api.is_obj();
    let meta = meta_en.clone().or(meta_zh.clone());
    let has_sdk = matches!(sdk_list, J::Arr(_));
    if !has_portal && !has_portal_new && meta.is_none() && !has_sdk {
        return Err(ImportError::Unknown {
            operation: name.to_owned(),
            why: "no source in the reference directory describes it (not in either portal file, the meta, or the SDK extract)".into(),
        });
    }
    let mut cx = Cx {
        op: name.to_owned(),
        findings: Vec::new(),
        pending: Vec::new(),
        limit_notes: Vec::new(),
    };
    match reference.index.get(name) {
        Some(true) => cx.note("-", "deprecated in the official SDK"),
        None => cx.note("-", "not in the official SDK's operation list"),
        Some(false) => {}
    }
    let missing: Vec<&str> = [
        (has_portal, "the portal (2024-06)"),
        (has_portal_new, "the portal (2025-12)"),
        (meta_en.is_some(), "the meta (en-US)"),
    ]
    .iter()
    .filter(|(has, _)| !has)
    .map(|(_, label)| *label)
    .collect();
    if !missing.is_empty() {
        cx.note("-", format!("not in {}", missing.join(", ")));
    }

    // Each source's parameters, dotted names folded.
    let mut lists: [Vec<SrcParam>; 4] = Default::default();
    lists[Src::Portal as usize] = fold(portal_params(&portal_api));
    lists[Src::PortalNew as usize] = fold(portal_params(&portal_new_api));
    if let Some(meta) = &meta {
        lists[Src::Meta as usize] = fold(
            meta.get("parameters")
                .arr()
                .iter()
                .map(meta_param)
                .collect(),
        );
    }
    if let (Some(en), Some(zh)) = (&meta_en, &meta_zh) {
        let names = |m: &J| -> BTreeSet<String> {
            m.get("parameters")
                .arr()
                .iter()
                .filter_map(|p| p.get("name").str().map(str::to_owned))
                .collect()
        };
        let (en, zh) = (names(en), names(zh));
        for n in en.symmetric_difference(&zh) {
            let side = if en.contains(n) { "en-US" } else { "metadatas" };
            cx.note(n, format!("only in the meta's {side} file"));
        }
    }
    lists[Src::Sdk as usize] = fold(
        sdk_list
            .arr()
            .iter()
            .map(|p| sdk_param(p.get("name").str().unwrap_or(""), p.get("type"), p))
            .collect(),
    );
    let mut repeated: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for src in SOURCES {
        for p in &lists[src as usize] {
            if p.repeats > 0 {
                repeated.entry(p.name.clone()).or_default().push(format!(
                    "{} times in {}",
                    p.repeats + 1,
                    src.label()
                ));
            }
        }
    }
    for (pname, said) in repeated {
        cx.note(&pname, format!("listed {}; kept once", said.join(" and ")));
    }
    for src in SOURCES {
        let list = &mut lists[src as usize];
        let (host, rest): (Vec<SrcParam>, Vec<SrcParam>) =
            std::mem::take(list).into_iter().partition(|p| {
                p.position
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("host"))
            });
        for p in host {
            cx.note(
                &p.name,
                format!(
                    "position Host in {} (it only routes the request); left out",
                    src.label()
                ),
            );
        }
        for p in &rest {
            if let Some(pos) = &p.position {
                if !pos.eq_ignore_ascii_case("query") {
                    cx.note(
                        &p.name,
                        format!(
                            "position {pos} in {}; sent in the query like every RPC parameter",
                            src.label()
                        ),
                    );
                }
            }
        }
        *list = rest;
    }

    // Merge them.
    let tops: [&[SrcParam]; 4] = [&lists[0], &lists[1], &lists[2], &lists[3]];
    let names = union_names(&mut cx, "", tops);
    let op_sources: [bool; 4] = [has_portal, has_portal_new, meta.is_some(), has_sdk];
    let mut parameters = Vec::new();
    for pname in names {
        let views: Views<'_> = [0, 1, 2, 3].map(|i| lists[i].iter().find(|p| p.name == pname));
        let mut p = merge_param(&mut cx, &pname, views, false);
        p.location = Some("query".into());
        let in_portal =
            views[Src::Portal as usize].is_some() || views[Src::PortalNew as usize].is_some();
        let documented = views[Src::Meta as usize].is_some_and(|m| !m.description.is_empty());
        let only_sdk = views[..3].iter().all(Option::is_none);
        if ((has_portal || has_portal_new) && !in_portal && !documented) || only_sdk {
            p.hidden = true;
            if p.description.is_empty() {
                p.description = HIDDEN_DESCRIPTIONS
                    .iter()
                    .find(|(n, _)| *n == pname)
                    .map(|(_, d)| (*d).to_owned())
                    .unwrap_or_else(|| {
                        "Sent by the official SDK; not in the API reference.".to_owned()
                    });
            }
            unenforce(
                &mut p,
                &pname,
                "hidden parameter: not on the reference page, so no limit of it is checked",
                &mut cx.limit_notes,
            );
            let from: Vec<&str> = present(&views).iter().map(|(s, _)| s.short()).collect();
            cx.note(
                &pname,
                format!(
                    "only in {}: in no portal file and undocumented; marked hidden",
                    from.join(", ")
                ),
            );
        } else {
            let parents: Views<'_> = [0, 1, 2, 3].map(|i| op_sources[i].then_some(&EMPTY_PARENT));
            report_presence(&mut cx, &pname, &parents, &views, false);
        }
        parameters.push(p);
    }

    // Response.
    let schema = {
        let responses = portal_api.get("responses");
        let ok = responses.get("200");
        if ok.get("schema").is_obj() {
            ok.get("schema").clone()
        } else {
            portal_new_api
                .get("responses")
                .get("200")
                .get("schema")
                .clone()
        }
    };
    let mut members = Vec::new();
    if schema.get("properties").entries().is_empty() {
        cx.note(
            "response",
            "no source has a response schema; only RequestId is known",
        );
        members.push(Field {
            name: "RequestId".into(),
            ty: "string".into(),
            description: "The request ID.".into(),
            ..Field::default()
        });
    } else {
        members = fields(&mut cx, "response", schema.get("properties").entries());
    }

    // Errors.
    let errors = error_entries(&mut cx, portal_api.get("errorCodes"), common_errors);

    // Operation facts. The sources have no English summary of an operation
    // (the portal's is Chinese and unlicensed): the description is ours.
    let description = operation_description(reference, name);
    let op_type = portal_api.get("systemTags").get("operationType").str();
    let read_only = match op_type {
        Some(t) => t == "get" || t == "list",
        None => {
            let guess = ["Describe", "List", "Get", "Query"]
                .iter()
                .any(|p| name.starts_with(p));
            cx.note(
                "-",
                format!("no operationType in the portal; readOnly {guess}, guessed from the name"),
            );
            guess
        }
    };

    let mut op = Operation {
        schema: Some("../../schema.json".into()),
        name: name.to_owned(),
        description,
        method: "POST".into(),
        read_only,
        idempotent: read_only,
        // No source says so; a human sets it, and a re-import keeps it.
        anonymous: false,
        enums: BTreeMap::new(),
        parameters,
        rules: Vec::new(),
        pagination: None,
        response: Response { members },
        errors,
        waiters: BTreeMap::new(),
    };
    let pending = std::mem::take(&mut cx.pending);
    name_types(&mut op, &pending, &mut cx.findings);
    infer_limit_errors(&mut op);
    let (pagination, notes) = detect_pagination(&op);
    for n in notes {
        cx.note("pagination", n);
    }
    op.pagination = pagination;
    Ok(Imported {
        operation: op,
        findings: cx.findings,
        limit_notes: cx.limit_notes,
    })
}

/// Stands for an operation's top level in presence reports.
pub(super) static EMPTY_PARENT: SrcParam = SrcParam {
    name: String::new(),
    ty: None,
    raw_ty: String::new(),
    style: None,
    required: None,
    description: String::new(),
    example: None,
    items: None,
    members: Vec::new(),
    members_known: true,
    max_items: None,
    min_items: None,
    minimum: None,
    maximum: None,
    max_length: None,
    min_length: None,
    pattern: None,
    enum_values: Vec::new(),
    deprecated: false,
    position: None,
    family: None,
    per_n: Vec::new(),
    repeats: 0,
};

/// The operation's description: a neutral line of our own, from facts.
pub(super) fn operation_description(reference: &Reference, name: &str) -> String {
    let product = reference.api_info.get("product").str().unwrap_or("ECS");
    let product = if product == "Ecs" { "ECS" } else { product };
    let version = reference
        .api_info
        .get("version")
        .str()
        .unwrap_or("2014-05-26");
    format!("Calls the {product} `{name}` action (API version {version}).")
}

pub(super) fn fields(cx: &mut Cx, path: &str, properties: &[(String, J)]) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    for (name, schema) in properties {
        let fpath = format!("{path}.{name}");
        if let Some(other) = out
            .iter()
            .find(|f| f.name.to_snake_case() == name.to_snake_case())
        {
            cx.note(
                &fpath,
                format!("would be the same Rust field as {:?}; left out", other.name),
            );
            continue;
        }
        if let Some(f) = field(cx, &fpath, name, schema) {
            out.push(f);
        }
    }
    out
}

pub(super) fn field(cx: &mut Cx, path: &str, name: &str, schema: &J) -> Option<Field> {
    let ty = match portal_type(schema) {
        Some(t) => t,
        None => {
            cx.note(path, "no type in the portal; using string");
            "string"
        }
    };
    // The portal's descriptions are Chinese and unlicensed: none ships, and
    // no licensed source describes response fields.
    let mut f = Field {
        name: name.to_owned(),
        ty: ty.to_owned(),
        example: schema.get("example").text().filter(|x| !has_cjk(x)),
        ..Field::default()
    };
    match ty {
        "object" => {
            f.members = fields(cx, path, schema.get("properties").entries());
            if f.members.is_empty() {
                cx.note(path, "an object without members in the portal; left out");
                return None;
            }
        }
        "list" => {
            let items = schema.get("items");
            if !items.is_obj() {
                cx.note(path, "a list without items in the portal; left out");
                return None;
            }
            let item = field(cx, &format!("{path}.N"), name, items)?;
            f.items = Some(Box::new(item));
        }
        _ => {}
    }
    Some(f)
}

/// The operation's error table, as the portal lists it. Codes the service
/// shares (`commonErrors`) stay too, with this operation's own HTTP status
/// and message.
pub(super) fn error_entries(cx: &mut Cx, codes: &J, common: &[ErrorSpec]) -> Vec<ErrorEntry> {
    let common: BTreeMap<&str, &ErrorSpec> = common.iter().map(|e| (e.code.as_str(), e)).collect();
    let mut out: Vec<ErrorEntry> = Vec::new();
    let mut shared: Vec<String> = Vec::new();
    for (status_text, list) in codes.entries() {
        let status = match status_text.parse::<u16>() {
            Ok(s) if (400..=599).contains(&s) => s,
            _ => {
                cx.note(
                    "errors",
                    format!("HTTP status {status_text:?} in the portal is not an error status; its codes are listed under 400"),
                );
                400
            }
        };
        for e in list.arr() {
            let Some(code) = e.get("errorCode").str().map(str::trim) else {
                continue;
            };
            let message = e.get("errorMessage").str().unwrap_or("").to_owned();
            let subject = format!("error {code}");
            if code.is_empty() {
                continue;
            }
            if let Some(c) = common.get(code) {
                if !shared.iter().any(|s| s.starts_with(&format!("{code} "))) {
                    let same = if c.http_status == status && c.message == message {
                        "as there"
                    } else {
                        "its own status and message kept"
                    };
                    shared.push(format!("{code} (HTTP {status}, {same})"));
                }
            }
            if let Some(first) = out.iter_mut().find(|x| x.code == code) {
                if first.http_status != status || first.message != message {
                    let also = format!("Also answered with HTTP {status}: {message}");
                    first.description = if first.description.is_empty() {
                        also
                    } else {
                        format!("{}\n{also}", first.description)
                    };
                    let kept = first.http_status;
                    cx.note(
                        &subject,
                        format!("listed under HTTP {kept} and {status}; kept {kept}, the other in the description"),
                    );
                }
                continue;
            }
            let variant = crate::validate::error_variant_name(code);
            if let Some(other) = out
                .iter()
                .find(|x| crate::validate::error_variant_name(&x.code) == variant)
            {
                cx.note(
                    &subject,
                    format!(
                        "would be the same Rust variant as {:?}; left out",
                        other.code
                    ),
                );
                continue;
            }
            if variant.is_empty() || variant == "Unhandled" {
                cx.note(&subject, "cannot be a Rust variant name; left out");
                continue;
            }
            out.push(ErrorEntry {
                http_status: status,
                code: code.to_owned(),
                message,
                description: String::new(),
                corrections: Vec::new(),
            });
        }
    }
    if !shared.is_empty() {
        cx.note(
            "errors",
            format!(
                "{} code(s) also in the service's commonErrors, kept with this operation's facts: {}",
                shared.len(),
                shared.join(", ")
            ),
        );
    }
    out
}

/// `limitErrors.required` where the operation documents
/// `MissingParameter.<Name>`.
pub(super) fn infer_limit_errors(op: &mut Operation) {
    let codes: BTreeSet<String> = op.errors.iter().map(|e| e.code.clone()).collect();
    for p in &mut op.parameters {
        if p.required && !p.limit_errors.contains_key("required") && p.corrections.is_empty() {
            let code = format!("MissingParameter.{}", p.name);
            if codes.contains(&code) {
                p.limit_errors.insert("required".into(), code);
            }
        }
    }
}
