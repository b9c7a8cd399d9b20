//! Stage 2: check the loaded spec against the rules the generator relies on.
//!
//! Every problem is reported, each with its file and the JSON path of the
//! offending value, so that one run shows everything to fix.

use crate::load::LoadedSpec;
use crate::spec::{
    FieldSpec, MatcherSpec, OperationSpec, PaginationSpec, ParameterSpec, RuleSpec, WaiterSpec,
};
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub file: PathBuf,
    /// JSON path inside the file, e.g. `$.parameters[3].maxItems`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.file.display(),
            self.path,
            self.message
        )
    }
}

pub const TYPES: &[&str] = &[
    "string", "integer", "long", "boolean", "float", "list", "object",
];
// Ranges are checked on whole numbers only; no spec limits a float yet.
const NUMBER_TYPES: &[&str] = &["integer", "long"];
const LIMITS: &[&str] = &[
    "required",
    "maxItems",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
];

struct Checker {
    file: PathBuf,
    errors: Vec<SpecError>,
}

impl Checker {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(SpecError {
            file: self.file.clone(),
            path: path.into(),
            message: message.into(),
        });
    }
}

pub fn validate(loaded: &LoadedSpec) -> Result<(), Vec<SpecError>> {
    let mut errors = Vec::new();
    let service = &loaded.service.spec;
    let mut c = Checker {
        file: loaded.service.path.clone(),
        errors: Vec::new(),
    };
    if service.style != "RPC" {
        c.error(
            "$.style",
            format!(
                "unsupported style {:?}; only \"RPC\" is supported",
                service.style
            ),
        );
    }
    for (key, pattern) in [
        ("fallback", &service.endpoints.fallback),
        ("networkFallback", &service.endpoints.network_fallback),
    ] {
        if !pattern.contains("{region}") {
            c.error(
                format!("$.endpoints.{key}"),
                "the pattern must contain {region}",
            );
        }
    }
    if let Some(global) = &service.endpoints.global {
        if global.contains('{') || global.is_empty() || global.contains('/') {
            c.error(
                "$.endpoints.global",
                "the central endpoint is one host name, without a pattern or a path",
            );
        }
    }
    if !service.endpoints.network_fallback.contains("{network}") {
        c.error(
            "$.endpoints.networkFallback",
            "the pattern must contain {network}",
        );
    }
    let mut common_codes = BTreeSet::new();
    check_errors(
        &mut c,
        "$.commonErrors",
        &service.common_errors,
        &mut common_codes,
    );
    errors.append(&mut c.errors);

    let mut module_names = BTreeMap::new();
    let mut waiter_names = BTreeMap::new();
    for op in &loaded.operations {
        let mut c = Checker {
            file: op.path.clone(),
            errors: Vec::new(),
        };
        check_operation(&mut c, &op.spec, &common_codes);
        let stem = op.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem != op.spec.name {
            c.error(
                "$.name",
                format!(
                    "the operation {:?} must live in {}.json",
                    op.spec.name, op.spec.name
                ),
            );
        }
        if let Some(other) = module_names.insert(op.spec.name.to_snake_case(), op.spec.name.clone())
        {
            c.error(
                "$.name",
                format!(
                    "{:?} and {other:?} would share one module name",
                    op.spec.name
                ),
            );
        }
        // Every waiter is a method of the one client.
        for name in op.spec.waiters.keys() {
            if let Some(other) = waiter_names.insert(name.to_snake_case(), op.spec.name.clone()) {
                c.error(
                    format!("$.waiters.{name}"),
                    format!("{other} already has a waiter named {name:?}"),
                );
            }
        }
        errors.append(&mut c.errors);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_errors(
    c: &mut Checker,
    path: &str,
    errors: &[crate::spec::ErrorSpec],
    seen: &mut BTreeSet<String>,
) {
    let mut variants = BTreeMap::new();
    for (i, e) in errors.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if !seen.insert(e.code.clone()) {
            c.error(
                format!("{p}.code"),
                format!("duplicate error code {:?}", e.code),
            );
        }
        if !(400..=599).contains(&e.http_status) {
            c.error(
                format!("{p}.httpStatus"),
                format!("{} is not an error status (400-599)", e.http_status),
            );
        }
        let variant = error_variant_name(&e.code);
        if variant.is_empty() || variant == "Unhandled" {
            c.error(
                format!("{p}.code"),
                format!("{:?} cannot be a variant name", e.code),
            );
        } else if let Some(other) = variants.insert(variant.clone(), e.code.clone()) {
            if other != e.code {
                c.error(
                    format!("{p}.code"),
                    format!(
                        "{:?} and {other:?} would both become the variant {variant}",
                        e.code
                    ),
                );
            }
        }
    }
}

/// The Rust variant name of an error code: `NumberExceed.Tags` -> `NumberExceedTags`.
pub fn error_variant_name(code: &str) -> String {
    code.split(|ch: char| !ch.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|ch| ch.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect()
}

fn check_operation(c: &mut Checker, op: &OperationSpec, common_codes: &BTreeSet<String>) {
    let is_type_name = op.name.starts_with(|ch: char| ch.is_ascii_uppercase())
        && op.name.chars().all(|ch| ch.is_ascii_alphanumeric());
    if !is_type_name {
        c.error(
            "$.name",
            format!(
                "{:?} is not an action name (ASCII letters and digits, starting with a capital)",
                op.name
            ),
        );
    }
    if op.method != "POST" {
        c.error(
            "$.method",
            format!("RPC operations are sent as POST, not {:?}", op.method),
        );
    }
    for (name, e) in &op.enums {
        let p = format!("$.enums.{name}");
        if name.to_upper_camel_case() != *name {
            c.error(&p, "enum names are UpperCamelCase type names");
        }
        let mut values = BTreeSet::new();
        let mut variants = BTreeSet::new();
        for (i, v) in e.values.iter().enumerate() {
            if !values.insert(v.value.as_str()) {
                c.error(
                    format!("{p}.values[{i}].value"),
                    format!("duplicate enum value {:?}", v.value),
                );
            } else if !variants.insert(enum_variant_name(&v.value)) {
                c.error(
                    format!("{p}.values[{i}].value"),
                    format!("{:?} gives the same variant name as another value", v.value),
                );
            }
        }
        if e.values.is_empty() {
            c.error(format!("{p}.values"), "an enum needs at least one value");
        }
    }

    let mut op_codes = BTreeSet::new();
    check_errors(c, "$.errors", &op.errors, &mut op_codes);
    let known_code = |code: &str| op_codes.contains(code) || common_codes.contains(code);

    let mut struct_names = BTreeMap::new();
    check_parameters(
        c,
        op,
        "$.parameters",
        &op.parameters,
        &mut struct_names,
        true,
        &known_code,
    );
    for (name, _) in struct_names
        .iter()
        .filter(|(n, _)| op.enums.contains_key(*n))
    {
        c.error(
            "$.enums",
            format!("{name:?} is both an enum and a struct name"),
        );
    }

    for (i, rule) in op.rules.iter().enumerate() {
        check_rule(c, op, &format!("$.rules[{i}]"), rule, &known_code);
    }

    let mut response_structs = BTreeMap::new();
    response_structs.insert(format!("{}Output", op.name), "$.response".to_owned());
    check_fields(
        c,
        op,
        "$.response.members",
        &op.response.members,
        &mut response_structs,
    );
    for (name, path) in &response_structs {
        if struct_names.contains_key(name) || op.enums.contains_key(name) {
            c.error(
                path,
                format!("the type name {name:?} is already used in this operation; set structName"),
            );
        }
    }

    if let Some(pg) = &op.pagination {
        check_pagination(c, op, pg);
    }
    for (name, waiter) in &op.waiters {
        check_waiter(c, op, name, waiter);
    }
}

fn check_waiter(c: &mut Checker, op: &OperationSpec, name: &str, w: &WaiterSpec) {
    let p = format!("$.waiters.{name}");
    let is_type_name = name.starts_with(|ch: char| ch.is_ascii_uppercase())
        && name.chars().all(|ch| ch.is_ascii_alphanumeric());
    if !is_type_name {
        c.error(
            &p,
            "waiter names are UpperCamelCase (ASCII letters and digits, starting with a capital)",
        );
    }
    if w.description.trim().is_empty() {
        c.error(format!("{p}.description"), "a waiter needs a description");
    }
    if w.min_delay_secs == 0 {
        c.error(
            format!("{p}.minDelaySecs"),
            "must be at least 1: a waiter must not poll in a tight loop",
        );
    }
    if w.max_delay_secs < w.min_delay_secs {
        c.error(
            format!("{p}.maxDelaySecs"),
            format!(
                "{} is below minDelaySecs ({})",
                w.max_delay_secs, w.min_delay_secs
            ),
        );
    }
    let Some(list) = resolve_items(&op.response.members, &w.items) else {
        c.error(
            format!("{p}.items"),
            format!("{:?} does not lead to a list in the response", w.items),
        );
        return;
    };
    let item = list.items.as_deref().expect("resolve_items checked");
    // The member the equality matchers compare, with its enum if any.
    let member = match &w.member {
        None => None,
        Some(m) => match item.members.iter().find(|f| &f.name == m) {
            Some(f) if item.ty == "object" && f.ty == "string" => Some(f),
            Some(_) => {
                c.error(
                    format!("{p}.member"),
                    format!("{m:?} must be a string member of the list's items"),
                );
                return;
            }
            None => {
                c.error(
                    format!("{p}.member"),
                    format!("the items of {:?} have no member {m:?}", w.items),
                );
                return;
            }
        },
    };
    let matchers = std::iter::once(("success".to_owned(), &w.success)).chain(
        w.failure
            .iter()
            .enumerate()
            .map(|(i, m)| (format!("failure[{i}]"), m)),
    );
    for (at, matcher) in matchers {
        let value = match matcher {
            MatcherSpec::AllEqual { value } | MatcherSpec::AnyEqual { value } => value,
            MatcherSpec::Empty => continue,
        };
        let Some(member) = member else {
            c.error(
                format!("{p}.member"),
                format!("{at} compares values, so the waiter needs a member"),
            );
            continue;
        };
        let enum_spec = member
            .enum_ref
            .as_ref()
            .and_then(|e| op.enums.get(e).map(|spec| (e, spec)));
        if let Some((e, spec)) = enum_spec {
            if !spec.values.iter().any(|v| &v.value == value) {
                c.error(
                    format!("{p}.{at}.value"),
                    format!("{value:?} is not a value of the enum {e:?}"),
                );
            }
        }
    }
}

fn check_pagination(c: &mut Checker, op: &OperationSpec, pg: &PaginationSpec) {
    let want_param = |c: &mut Checker, key: &str, name: &str, types: &[&str]| match op
        .parameters
        .iter()
        .find(|p| p.name == name)
    {
        Some(p) if types.contains(&p.ty.as_str()) => {}
        Some(_) => c.error(
            format!("$.pagination.{key}"),
            format!(
                "{name:?} must be a parameter of type {}",
                types.join(" or ")
            ),
        ),
        None => c.error(
            format!("$.pagination.{key}"),
            format!("no parameter named {name:?}"),
        ),
    };
    let want_field = |c: &mut Checker, key: &str, name: &str, types: &[&str]| match op
        .response
        .members
        .iter()
        .find(|f| f.name == name)
    {
        Some(f) if types.contains(&f.ty.as_str()) => {}
        Some(_) => c.error(
            format!("$.pagination.{key}"),
            format!("{name:?} must be a field of type {}", types.join(" or ")),
        ),
        None => c.error(
            format!("$.pagination.{key}"),
            format!("no response field named {name:?}"),
        ),
    };
    match pg {
        PaginationSpec::Token {
            input_token,
            output_token,
            page_size,
            ..
        } => {
            want_param(c, "inputToken", input_token, &["string"]);
            if let Some(size) = page_size {
                want_param(c, "pageSize", size, &["integer", "long"]);
            }
            want_field(c, "outputToken", output_token, &["string"]);
        }
        PaginationSpec::PageNumber {
            page_number,
            page_size,
            total_count,
            ..
        } => {
            want_param(c, "pageNumber", page_number, &["integer"]);
            want_param(c, "pageSize", page_size, &["integer"]);
            want_field(c, "totalCount", total_count, &["integer", "long"]);
        }
    }
    if resolve_items(&op.response.members, pg.items()).is_none() {
        c.error(
            "$.pagination.items",
            format!("{:?} does not lead to a list in the response", pg.items()),
        );
    }
}

/// Follows a dotted path of response fields to a list field.
pub fn resolve_items<'a>(fields: &'a [FieldSpec], path: &str) -> Option<&'a FieldSpec> {
    let mut fields = fields;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let field = fields.iter().find(|f| f.name == part)?;
        if parts.peek().is_none() {
            return (field.ty == "list" && field.items.is_some()).then_some(field);
        }
        if field.ty != "object" {
            return None;
        }
        fields = &field.members;
    }
    None
}

/// The Rust variant name of an enum value: `ddhcluster` -> `Ddhcluster`,
/// `cloud_essd` -> `CloudEssd`.
pub fn enum_variant_name(value: &str) -> String {
    let name = value.to_upper_camel_case();
    if name.starts_with(|ch: char| ch.is_ascii_digit()) || name.is_empty() {
        format!("V{name}")
    } else if RESERVED_VARIANT_NAMES.contains(&name.as_str()) {
        // `Self` cannot be a variant, and `Unknown` is the fallback variant.
        format!("{name}Value")
    } else {
        name
    }
}

/// The names a generated type must not take: one table, shared with the
/// importer (see [`crate::reserved`]).
pub use crate::reserved::RESERVED_TYPE_NAMES;
use crate::reserved::RESERVED_VARIANT_NAMES;

fn check_parameters(
    c: &mut Checker,
    op: &OperationSpec,
    path: &str,
    params: &[ParameterSpec],
    struct_names: &mut BTreeMap<String, String>,
    top_level: bool,
    known_code: &dyn Fn(&str) -> bool,
) {
    let mut names = BTreeSet::new();
    let mut fields = BTreeMap::new();
    for (i, p) in params.iter().enumerate() {
        let pp = format!("{path}[{i}]");
        if !names.insert(p.name.as_str()) {
            c.error(
                format!("{pp}.name"),
                format!("duplicate parameter {:?}", p.name),
            );
        } else if let Some(other) = fields.insert(p.name.to_snake_case(), p.name.clone()) {
            c.error(
                format!("{pp}.name"),
                format!("{:?} and {other:?} would share one field name", p.name),
            );
        }
        if top_level {
            match p.location.as_deref() {
                Some("query") | None => {}
                Some(other) => c.error(
                    format!("{pp}.location"),
                    format!("unsupported location {other:?}; RPC parameters travel in the query"),
                ),
            }
        }
        check_parameter(c, op, &pp, p, struct_names, known_code);
    }
}

fn check_parameter(
    c: &mut Checker,
    op: &OperationSpec,
    path: &str,
    p: &ParameterSpec,
    struct_names: &mut BTreeMap<String, String>,
    known_code: &dyn Fn(&str) -> bool,
) {
    for (limit, code) in &p.limit_errors {
        if !known_code(code) {
            c.error(
                format!("{path}.limitErrors.{limit}"),
                format!("error code {code:?} is not in $.errors or the service's commonErrors"),
            );
        }
    }
    if !TYPES.contains(&p.ty.as_str()) {
        c.error(
            format!("{path}.type"),
            format!(
                "unknown type {:?}; expected one of {}",
                p.ty,
                TYPES.join(", ")
            ),
        );
        return;
    }
    let limit_ok = |limit: &str| match limit {
        "maxItems" => p.ty == "list",
        "minLength" | "maxLength" => p.ty == "string",
        "minimum" | "maximum" => NUMBER_TYPES.contains(&p.ty.as_str()),
        _ => true,
    };
    for (limit, set) in [
        ("maxItems", p.max_items.is_some()),
        ("minLength", p.min_length.is_some()),
        ("maxLength", p.max_length.is_some()),
        ("minimum", p.minimum.is_some()),
        ("maximum", p.maximum.is_some()),
    ] {
        if set && !limit_ok(limit) {
            c.error(
                format!("{path}.{limit}"),
                format!("{limit} does not apply to a {} parameter", p.ty),
            );
        }
    }
    if let (Some(lo), Some(hi)) = (p.min_length, p.max_length) {
        if lo > hi {
            c.error(
                format!("{path}.minLength"),
                format!("minLength {lo} is above maxLength {hi}"),
            );
        }
    }
    if let (Some(lo), Some(hi)) = (p.minimum, p.maximum) {
        if lo > hi {
            c.error(
                format!("{path}.minimum"),
                format!("minimum {lo} is above maximum {hi}"),
            );
        }
    }
    for limit in p.limit_errors.keys() {
        let present = match limit.as_str() {
            "required" => p.required,
            "maxItems" => p.max_items.is_some(),
            "minLength" => p.min_length.is_some(),
            "maxLength" => p.max_length.is_some(),
            "minimum" => p.minimum.is_some(),
            "maximum" => p.maximum.is_some(),
            _ => {
                c.error(
                    format!("{path}.limitErrors.{limit}"),
                    format!(
                        "unknown limit {limit:?}; expected one of {}",
                        LIMITS.join(", ")
                    ),
                );
                continue;
            }
        };
        if !present {
            c.error(
                format!("{path}.limitErrors.{limit}"),
                format!("an error code for {limit}, which this parameter does not set"),
            );
        }
    }
    for limit in p.enforced.keys() {
        let present = match limit.as_str() {
            "maxItems" => p.max_items.is_some(),
            "minLength" => p.min_length.is_some(),
            "maxLength" => p.max_length.is_some(),
            "minimum" => p.minimum.is_some(),
            "maximum" => p.maximum.is_some(),
            _ => {
                c.error(
                    format!("{path}.enforced.{limit}"),
                    format!(
                        "unknown limit {limit:?}; expected one of maxItems, minLength, maxLength, minimum, maximum"
                    ),
                );
                continue;
            }
        };
        if !present {
            c.error(
                format!("{path}.enforced.{limit}"),
                format!("enforces {limit}, which this parameter does not set"),
            );
        }
    }
    if let Some(e) = &p.enum_ref {
        if p.ty != "string" {
            c.error(format!("{path}.enum"), "only string values can be enums");
        } else if !op.enums.contains_key(e) {
            c.error(
                format!("{path}.enum"),
                format!("no enum named {e:?} in $.enums"),
            );
        }
    }
    let styles: &[&str] = match p.ty.as_str() {
        "list" => &["repeatList", "json"],
        "object" => &["flat", "json"],
        _ => &[],
    };
    if let Some(style) = p.style.as_deref() {
        if !styles.contains(&style) {
            let expected = if styles.is_empty() {
                format!("a {} parameter has no style", p.ty)
            } else {
                format!("expected one of {}", styles.join(", "))
            };
            c.error(
                format!("{path}.style"),
                format!("unsupported style {style:?} here; {expected}"),
            );
        }
    }
    match p.ty.as_str() {
        "list" => match &p.items {
            Some(item) => {
                if item.ty == "list" {
                    c.error(
                        format!("{path}.items.type"),
                        "a list of lists has no wire form; wrap the inner list in an object",
                    );
                }
                check_parameter(
                    c,
                    op,
                    &format!("{path}.items"),
                    item,
                    struct_names,
                    known_code,
                );
            }
            None => c.error(format!("{path}.items"), "a list needs items"),
        },
        "object" => {
            if p.members.is_empty() {
                c.error(format!("{path}.members"), "an object needs members");
            }
            let name = p
                .struct_name
                .clone()
                .unwrap_or_else(|| p.name.to_upper_camel_case());
            if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
                c.error(
                    path,
                    format!("the struct name {name:?} would shadow a Rust name; set structName"),
                );
            }
            if name == format!("{}Input", op.name) {
                c.error(
                    path,
                    format!("the struct name {name:?} is taken by the input; set structName"),
                );
            }
            if let Some(other) = struct_names.insert(name.clone(), path.to_owned()) {
                c.error(
                    path,
                    format!("the struct name {name:?} is already used at {other}; set structName"),
                );
            }
            check_parameters(
                c,
                op,
                &format!("{path}.members"),
                &p.members,
                struct_names,
                false,
                known_code,
            );
        }
        _ => {
            if p.items.is_some() || !p.members.is_empty() {
                c.error(
                    path,
                    format!("a {} parameter has no items or members", p.ty),
                );
            }
        }
    }
}

fn check_fields(
    c: &mut Checker,
    op: &OperationSpec,
    path: &str,
    fields: &[FieldSpec],
    struct_names: &mut BTreeMap<String, String>,
) {
    let mut names = BTreeSet::new();
    let mut rust_names = BTreeMap::new();
    for (i, f) in fields.iter().enumerate() {
        let fp = format!("{path}[{i}]");
        if !names.insert(f.name.as_str()) {
            c.error(
                format!("{fp}.name"),
                format!("duplicate field {:?}", f.name),
            );
        } else if let Some(other) = rust_names.insert(f.name.to_snake_case(), f.name.clone()) {
            c.error(
                format!("{fp}.name"),
                format!("{:?} and {other:?} would share one field name", f.name),
            );
        }
        check_field(c, op, &fp, f, struct_names);
    }
}

fn check_field(
    c: &mut Checker,
    op: &OperationSpec,
    path: &str,
    f: &FieldSpec,
    struct_names: &mut BTreeMap<String, String>,
) {
    if !TYPES.contains(&f.ty.as_str()) {
        c.error(
            format!("{path}.type"),
            format!(
                "unknown type {:?}; expected one of {}",
                f.ty,
                TYPES.join(", ")
            ),
        );
        return;
    }
    if let Some(e) = &f.enum_ref {
        if f.ty != "string" {
            c.error(format!("{path}.enum"), "only string values can be enums");
        } else if !op.enums.contains_key(e) {
            c.error(
                format!("{path}.enum"),
                format!("no enum named {e:?} in $.enums"),
            );
        }
    }
    match f.ty.as_str() {
        "list" => match &f.items {
            Some(item) => check_field(c, op, &format!("{path}.items"), item, struct_names),
            None => c.error(format!("{path}.items"), "a list needs items"),
        },
        "object" => {
            let name = f
                .struct_name
                .clone()
                .unwrap_or_else(|| f.name.to_upper_camel_case());
            if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
                c.error(
                    path,
                    format!("the struct name {name:?} would shadow a Rust name; set structName"),
                );
            }
            if f.members.is_empty() {
                c.error(format!("{path}.members"), "an object needs members");
            }
            if let Some(other) = struct_names.insert(name.clone(), path.to_owned()) {
                c.error(
                    path,
                    format!("the struct name {name:?} is already used at {other}; set structName"),
                );
            }
            check_fields(c, op, &format!("{path}.members"), &f.members, struct_names);
        }
        _ => {
            if f.items.is_some() || !f.members.is_empty() {
                c.error(path, format!("a {} field has no items or members", f.ty));
            }
        }
    }
}

fn check_rule(
    c: &mut Checker,
    op: &OperationSpec,
    path: &str,
    rule: &RuleSpec,
    known_code: &dyn Fn(&str) -> bool,
) {
    let top = |name: &str| op.parameters.iter().find(|p| p.name == name);
    let (error, description) = match rule {
        RuleSpec::AtLeastOneOf {
            parameters,
            error,
            description,
        }
        | RuleSpec::MutuallyExclusive {
            parameters,
            error,
            description,
        } => {
            if parameters.len() < 2 {
                c.error(
                    format!("{path}.parameters"),
                    "a rule across parameters needs at least two",
                );
            }
            for (i, name) in parameters.iter().enumerate() {
                if top(name).is_none() {
                    c.error(
                        format!("{path}.parameters[{i}]"),
                        format!("no parameter named {name:?}"),
                    );
                }
            }
            (error, description)
        }
        RuleSpec::MemberRequires {
            list,
            member,
            requires,
            error,
            description,
        } => {
            if let Some(members) = list_members(c, path, top(list), list) {
                for (key, name) in [("member", member), ("requires", requires)] {
                    if !members.iter().any(|m| &m.name == name) {
                        c.error(
                            format!("{path}.{key}"),
                            format!("{list} items have no member {name:?}"),
                        );
                    }
                }
            }
            (error, description)
        }
        RuleSpec::UniqueMember {
            list,
            member,
            error,
            description,
        }
        | RuleSpec::ExclusiveValue {
            list,
            member,
            error,
            description,
            ..
        } => {
            if let Some(members) = list_members(c, path, top(list), list) {
                match members.iter().find(|m| &m.name == member) {
                    Some(m) if m.ty == "string" => {}
                    Some(_) => c.error(
                        format!("{path}.member"),
                        format!("{list}.{member} must be a string to compare values"),
                    ),
                    None => c.error(
                        format!("{path}.member"),
                        format!("{list} items have no member {member:?}"),
                    ),
                }
            }
            (error, description)
        }
    };
    if !known_code(error) {
        c.error(
            format!("{path}.error"),
            format!("error code {error:?} is not in $.errors or the service's commonErrors"),
        );
    }
    if description.trim().is_empty() {
        c.error(
            format!("{path}.description"),
            "a rule needs a description; it is the message of the client-side error",
        );
    }
}

fn list_members<'a>(
    c: &mut Checker,
    path: &str,
    param: Option<&'a ParameterSpec>,
    name: &str,
) -> Option<&'a [ParameterSpec]> {
    let Some(param) = param else {
        c.error(
            format!("{path}.list"),
            format!("no parameter named {name:?}"),
        );
        return None;
    };
    match param.items.as_deref() {
        Some(item) if param.ty == "list" && item.ty == "object" => Some(&item.members),
        _ => {
            c.error(
                format!("{path}.list"),
                format!("{name:?} is not a list of objects"),
            );
            None
        }
    }
}
