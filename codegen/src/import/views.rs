//! Each source's view of an operation's parameters, read into one shape
//! (`Src` and the per-source parameter records), so the merge can compare
//! sources field by field without knowing their file formats.

use super::*;

// ---------------------------------------------------------------------------
// Each source's view of the parameters, in one shape
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Src {
    Portal,
    PortalNew,
    Meta,
    Sdk,
}

pub(super) const SOURCES: [Src; 4] = [Src::Portal, Src::PortalNew, Src::Meta, Src::Sdk];

impl Src {
    pub(super) fn label(self) -> &'static str {
        match self {
            Src::Portal => "the portal (2024-06)",
            Src::PortalNew => "the portal (2025-12)",
            Src::Meta => "the meta",
            Src::Sdk => "the official SDK",
        }
    }

    pub(super) fn short(self) -> &'static str {
        match self {
            Src::Portal => "portal 2024-06",
            Src::PortalNew => "portal 2025-12",
            Src::Meta => "meta",
            Src::Sdk => "official SDK",
        }
    }
}

/// One parameter (or item, or member) as one source states it.
#[derive(Debug, Clone, Default)]
pub(super) struct SrcParam {
    pub(super) name: String,
    /// In the spec's vocabulary (`string`, `list`, ...); `None` if unknown.
    pub(super) ty: Option<&'static str>,
    /// As the source spells it, for reports.
    pub(super) raw_ty: String,
    pub(super) style: Option<String>,
    pub(super) required: Option<bool>,
    pub(super) description: String,
    pub(super) example: Option<String>,
    pub(super) items: Option<Box<SrcParam>>,
    pub(super) members: Vec<SrcParam>,
    /// Whether the source says anything about the members (meta's `Struct`
    /// without `sub_parameters` does not).
    pub(super) members_known: bool,
    pub(super) max_items: Option<u64>,
    pub(super) min_items: Option<u64>,
    pub(super) minimum: Option<String>,
    pub(super) maximum: Option<String>,
    pub(super) max_length: Option<u64>,
    pub(super) min_length: Option<u64>,
    pub(super) pattern: Option<String>,
    pub(super) enum_values: Vec<String>,
    pub(super) deprecated: bool,
    pub(super) position: Option<String>,
    /// For a list folded from `Name.1.X`, `Name.2.X`, ...: the largest N and
    /// the wire names folded.
    pub(super) family: Option<(u64, Vec<String>)>,
    /// For a member folded from several `Name.N.X`: each wire name with its
    /// own description.
    pub(super) per_n: Vec<(String, String)>,
    /// How many times the source lists the same name.
    pub(super) repeats: usize,
}

pub(super) fn portal_type(schema: &J) -> Option<&'static str> {
    match (schema.get("type").str()?, schema.get("format").str()) {
        ("string", _) => Some("string"),
        ("boolean", _) => Some("boolean"),
        ("integer", Some("int64")) => Some("long"),
        ("integer", _) => Some("integer"),
        ("number", _) => Some("float"),
        ("array", _) => Some("list"),
        ("object", _) => Some("object"),
        _ => None,
    }
}

pub(super) fn portal_param(name: &str, style: Option<&str>, schema: &J) -> SrcParam {
    let ty = portal_type(schema);
    let raw_ty = match (schema.get("type").str(), schema.get("format").str()) {
        (Some(t), Some(f)) => format!("{t} ({f})"),
        (Some(t), None) => t.to_owned(),
        _ => "?".to_owned(),
    };
    let mut p = SrcParam {
        name: name.to_owned(),
        ty,
        raw_ty,
        style: style.map(str::to_owned),
        required: schema.get("required").bool(),
        description: schema
            .get("description")
            .str()
            .unwrap_or("")
            .trim()
            .to_owned(),
        example: schema.get("example").text(),
        max_items: schema.get("maxItems").u64(),
        min_items: schema.get("minItems").u64(),
        minimum: schema.get("minimum").text(),
        maximum: schema.get("maximum").text(),
        max_length: schema.get("maxLength").u64(),
        min_length: schema.get("minLength").u64(),
        pattern: schema.get("pattern").text(),
        enum_values: schema
            .get("enum")
            .arr()
            .iter()
            .filter_map(J::text)
            .collect(),
        deprecated: schema.get("deprecated").bool() == Some(true),
        ..SrcParam::default()
    };
    match ty {
        Some("list") if schema.get("items").is_obj() => {
            p.items = Some(Box::new(portal_param(name, None, schema.get("items"))));
        }
        Some("object") => {
            p.members_known = !schema.get("properties").entries().is_empty();
            p.members = schema
                .get("properties")
                .entries()
                .iter()
                .map(|(k, v)| portal_param(k, None, v))
                .collect();
        }
        _ => {}
    }
    p
}

pub(super) fn portal_params(api: &J) -> Vec<SrcParam> {
    api.get("parameters")
        .arr()
        .iter()
        .filter_map(|p| {
            let name = p.get("name").str()?;
            let mut sp = portal_param(name, p.get("style").str(), p.get("schema"));
            sp.position = p.get("in").str().map(str::to_owned);
            Some(sp)
        })
        .collect()
}

pub(super) fn meta_type(t: &str) -> Option<&'static str> {
    Some(match t {
        "String" => "string",
        "Integer" => "integer",
        "Long" => "long",
        "Boolean" => "boolean",
        "Float" | "Double" => "float",
        "RepeatList" | "Array" => "list",
        "Struct" => "object",
        _ => return None,
    })
}

/// The item of a meta `RepeatList` without sub-parameters: plain values
/// (strings, unless another source says otherwise).
pub(super) const ITEM_UNSTATED: &str = "(plain values)";

pub(super) fn meta_param(p: &J) -> SrcParam {
    let name = p.get("name").str().unwrap_or("").to_owned();
    let raw_ty = p.get("type").str().unwrap_or("?").to_owned();
    let ty = meta_type(&raw_ty);
    let subs = p.get("sub_parameters").arr();
    let mut sp = SrcParam {
        name: name.clone(),
        ty,
        raw_ty: raw_ty.clone(),
        required: p.get("required").bool(),
        description: p.get("description").str().unwrap_or("").trim().to_owned(),
        position: p.get("position").str().map(str::to_owned),
        ..SrcParam::default()
    };
    match ty {
        Some("list") => {
            let item = if subs.is_empty() {
                // A RepeatList without sub-parameters repeats plain values of
                // a type the meta does not give.
                SrcParam {
                    name,
                    raw_ty: ITEM_UNSTATED.into(),
                    ..SrcParam::default()
                }
            } else {
                SrcParam {
                    name,
                    ty: Some("object"),
                    raw_ty: "(item)".into(),
                    members: subs.iter().map(meta_param).collect(),
                    members_known: true,
                    ..SrcParam::default()
                }
            };
            sp.items = Some(Box::new(item));
        }
        Some("object") => {
            sp.members = subs.iter().map(meta_param).collect();
            sp.members_known = !subs.is_empty();
        }
        _ => {}
    }
    sp
}

/// The official SDK's request model, as `selected-operations-extract.json`
/// renders it: `type` is `"string"`, `"int32"`, ..., `{"array": T}` or
/// `{"object": [members]}`.
pub(super) fn sdk_param(name: &str, ty: &J, p: &J) -> SrcParam {
    let mut sp = SrcParam {
        name: name.to_owned(),
        required: p.get("required").bool(),
        position: p.get("position").str().map(str::to_owned),
        minimum: p.get("minimum").text(),
        maximum: p.get("maximum").text(),
        ..SrcParam::default()
    };
    match ty {
        J::Str(t) => {
            sp.raw_ty = t.clone();
            sp.ty = match t.as_str() {
                "string" => Some("string"),
                "int32" | "integer" => Some("integer"),
                "int64" | "long" => Some("long"),
                "boolean" => Some("boolean"),
                "float" | "double" => Some("float"),
                _ => None,
            };
        }
        J::Obj(_) if !ty.get("array").is_null() => {
            sp.raw_ty = "array".into();
            sp.ty = Some("list");
            sp.items = Some(Box::new(sdk_param(name, ty.get("array"), &J::Null)));
        }
        J::Obj(_) if !ty.get("object").is_null() => {
            sp.raw_ty = "object".into();
            sp.ty = Some("object");
            sp.members_known = true;
            sp.members = ty
                .get("object")
                .arr()
                .iter()
                .map(|m| sdk_param(m.get("name").str().unwrap_or(""), m.get("type"), m))
                .collect();
        }
        _ => sp.raw_ty = "?".into(),
    }
    sp
}

/// Folds the parameters a source gives with dotted names into trees:
/// `SystemDisk.Size` becomes member `Size` of object `SystemDisk`, and
/// `Filter.1.Key` ... `Filter.4.Value` become list `Filter` of objects with
/// members `Key` and `Value`. A name listed twice is kept once.
pub(super) fn fold(params: Vec<SrcParam>) -> Vec<SrcParam> {
    let mut out: Vec<SrcParam> = Vec::new();
    for p in params {
        let full = p.name.clone();
        let segments: Vec<String> = full.split('.').map(str::to_owned).collect();
        insert_path(&mut out, &segments, p, &full);
    }
    for p in &mut out {
        finish_per_n(p);
    }
    out
}

pub(super) fn insert_path(
    list: &mut Vec<SrcParam>,
    segments: &[String],
    mut leaf: SrcParam,
    full: &str,
) {
    let head = &segments[0];
    let rest = &segments[1..];
    if rest.is_empty() {
        leaf.name = head.clone();
        add_or_merge(list, leaf, full);
        return;
    }
    let index = match list.iter().position(|p| &p.name == head) {
        Some(i) => i,
        None => {
            list.push(SrcParam {
                name: head.clone(),
                raw_ty: "(dotted names)".into(),
                position: leaf.position.clone(),
                ..SrcParam::default()
            });
            list.len() - 1
        }
    };
    let node = &mut list[index];
    if let Ok(n) = rest[0].parse::<u64>() {
        node.ty = Some("list");
        let family = node.family.get_or_insert((0, Vec::new()));
        family.0 = family.0.max(n);
        family.1.push(full.to_owned());
        let after = &rest[1..];
        if after.is_empty() {
            leaf.name = head.clone();
            leaf.per_n = vec![(full.to_owned(), leaf.description.clone())];
            match &mut node.items {
                Some(item) => item.per_n.append(&mut leaf.per_n),
                None => node.items = Some(Box::new(leaf)),
            }
        } else {
            let item = node.items.get_or_insert_with(|| {
                Box::new(SrcParam {
                    name: head.clone(),
                    ty: Some("object"),
                    raw_ty: "(dotted names)".into(),
                    members_known: true,
                    ..SrcParam::default()
                })
            });
            item.ty = Some("object");
            item.members_known = true;
            insert_path(&mut item.members, after, leaf, full);
        }
    } else {
        if node.ty.is_none() {
            node.ty = Some("object");
        }
        node.members_known = true;
        insert_path(&mut node.members, rest, leaf, full);
    }
}

pub(super) fn add_or_merge(list: &mut Vec<SrcParam>, mut p: SrcParam, full: &str) {
    if p.per_n.is_empty() && full.split('.').any(|s| s.parse::<u64>().is_ok()) {
        p.per_n = vec![(full.to_owned(), p.description.clone())];
    }
    match list.iter_mut().find(|q| q.name == p.name) {
        None => list.push(p),
        Some(q) => {
            if !p.per_n.is_empty() && !q.per_n.is_empty() {
                // Another N of a folded family.
                q.per_n.append(&mut p.per_n);
                return;
            }
            // The same name listed twice (RegionId in the portal), or an
            // explicit object (`SystemDisk`, Struct) next to its dotted
            // members (`SystemDisk.Size`): keep the first, adding what only
            // the later one says.
            if q.ty.is_none() || (q.raw_ty == "(dotted names)" && p.ty.is_some()) {
                q.ty = p.ty;
                q.raw_ty = p.raw_ty.clone();
            }
            if q.description.is_empty() {
                q.description = p.description.clone();
            }
            if q.example.is_none() {
                q.example = p.example.clone();
            }
            if q.required.is_none() {
                q.required = p.required;
            }
            if q.style.is_none() {
                q.style = p.style.clone();
            }
            if q.items.is_none() {
                q.items = p.items.take();
            }
            for m in std::mem::take(&mut p.members) {
                if !q.members.iter().any(|x| x.name == m.name) {
                    q.members.push(m);
                }
            }
            q.members_known |= p.members_known;
            if p.raw_ty != "(dotted names)" && q.raw_ty != "(dotted names)" {
                q.repeats += 1;
            }
        }
    }
}

pub(super) fn finish_per_n(p: &mut SrcParam) {
    if p.per_n.len() > 1 {
        let distinct: BTreeSet<&str> = p.per_n.iter().map(|(_, d)| d.as_str()).collect();
        if distinct.len() > 1 {
            p.description = p
                .per_n
                .iter()
                .filter(|(_, d)| !d.is_empty())
                .map(|(wire, d)| format!("{wire}: {d}"))
                .collect::<Vec<_>>()
                .join("\n\n");
        }
    }
    if let Some(item) = &mut p.items {
        finish_per_n(item);
    }
    for m in &mut p.members {
        finish_per_n(m);
    }
}
