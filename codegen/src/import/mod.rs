//! `cargo xtask import-spec`: writes operation spec files from Alibaba Cloud's
//! published metadata, reports every place where the sources disagree, and
//! keeps the human corrections already in a spec file.
//!
//! The sources, all under the reference directory (`../shared/reference/ecs`):
//!
//! | source | used for |
//! | --- | --- |
//! | portal api-docs 2024-06 (`*.full.zh-CN.2024-06-24.json`) | facts only (no licence): limits, enums, examples, response schema, error codes and messages, read-only; its Chinese prose never ships |
//! | portal api-docs 2025-12 (`*.stripped.2025-12-03.json`) | limits of newer parameters (it wins over 2024-06 where both state one) |
//! | `aliyun-openapi-meta` (`metadatas/ecs`, `en-US/ecs`) | the current parameter list, types, required, English descriptions and prose limits |
//! | `alibabacloud-sdk/ecs-20140526/api-info.json` | current vs deprecated operations, the endpoint map |
//! | `derived/ecs-operations-index.tsv` | the 308 current operations |
//! | `derived/selected-operations-extract.json` | the official SDK's request model (hidden and host parameters), for the few operations it covers |
//!
//! Precedence, where sources disagree (each disagreement is reported):
//! - a limit stated in prose ("Valid values of N: 1 to 50") beats `maxItems`
//!   in the portal: the service's own text wins;
//! - the newer portal file beats the older one for limits;
//! - `required` is set only when every source that says anything says so
//!   (a client-side check that the service does not make would refuse valid
//!   calls);
//! - descriptions come only from the English, Apache-2.0 meta (en-US): a
//!   parameter the meta does not describe has none, response fields have
//!   none, and an operation's description is a neutral line of our own;
//!   examples with Chinese text are left out;
//! - a limit is *enforced* (the parameter's `enforced` map names it, with
//!   the statements that make it trustworthy) only where a portal schema
//!   states it and neither the other portal file nor the English prose
//!   contradicts it, or where the English prose states it and no schema
//!   contradicts it. Otherwise it is only documented, and the import report
//!   (`spec/ecs/IMPORT-REPORT.md`, written by `--all`) says why. Paging
//!   parameters (`MaxResults`, `PageSize`, `PageNumber`) and hidden ones get
//!   no enforced limits;
//! - a parameter the sources type as a string whose English description
//!   calls it a JSON array (or whose portal example is one) becomes a list
//!   of strings with `style: json`;
//! - the operation's error table keeps every code the portal lists for it,
//!   with its own HTTP status and message, also those in `commonErrors`.
//!
//! Re-import over an existing spec file ([`import`] with `existing`) keeps:
//! every parameter (at any depth) that carries `corrections`, exactly as it
//! is; the rules, pagination and waiters; the enums (a curated list beats one read from
//! prose); descriptions and examples a human wrote; and everything the
//! sources cannot say (entries no source lists, `limitErrors`, `structName`s,
//! limits no source states, with their `enforced` entries). Chinese text in
//! an existing spec (the portal's, from earlier imports) is replaced by the
//! English text or removed, also inside corrected entries.

// The importer reads and writes the generator's own spec types; the short
// names keep its merge code readable.
pub use crate::spec::{
    EnumSpec as Enum, EnumValueSpec as EnumValue, ErrorSpec as ErrorEntry, FieldSpec as Field,
    OperationSpec as Operation, PaginationSpec as Pagination, ParameterSpec as Parameter,
    ResponseSpec as Response, RuleSpec as Rule,
};
use crate::spec::{ErrorSpec, OperationSpec};
use heck::{ToSnakeCase, ToUpperCamelCase};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------
// Public surface
// ---------------------------------------------------------------------------

/// One thing the importer noticed about an operation: a disagreement between
/// sources, a choice it made, or something it left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub operation: String,
    /// The parameter (`Tag.N.Key`), `response.X.Y`, `error Code`, or `-` for
    /// the operation as a whole.
    pub subject: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.operation, self.subject, self.message)
    }
}

/// Why an operation could not be imported at all.
#[derive(Debug)]
pub enum ImportError {
    /// A reference file is missing or unreadable.
    Reference { path: PathBuf, message: String },
    /// No source in the reference directory describes the operation.
    Unknown { operation: String, why: String },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Reference { path, message } => {
                write!(f, "{}: {message}", path.display())
            }
            ImportError::Unknown { operation, why } => write!(f, "{operation}: {why}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// The result of importing one operation.
#[derive(Debug, Clone)]
pub struct Imported {
    pub operation: Operation,
    pub findings: Vec<Finding>,
    /// Limits the sources state that `build()` does not check, and why.
    pub limit_notes: Vec<LimitNote>,
}

impl Imported {
    /// The spec file text: two-space indented JSON, as the hand-kept files are.
    pub fn to_json(&self) -> String {
        to_json(&self.operation)
    }

    /// The result as the generator's spec type.
    pub fn to_spec(&self) -> OperationSpec {
        self.operation.clone()
    }
}

/// A spec file's text: two-space indented JSON with a final newline.
pub fn to_json(op: &OperationSpec) -> String {
    let mut text = serde_json::to_string_pretty(op).expect("the spec model serializes");
    text.push('\n');
    text
}

/// The reference directory of ECS: `$ECS_REFERENCE_DIR` if set, else
/// `<workspace>/../shared/reference/ecs`.
pub fn reference_dir(workspace_root: &Path) -> PathBuf {
    product_reference_dir(workspace_root, "ecs")
}

/// The reference directory of a product (`ecs`, `sts`):
/// `$<PRODUCT>_REFERENCE_DIR` if set, else
/// `<workspace>/../shared/reference/<product>`.
pub fn product_reference_dir(workspace_root: &Path, product: &str) -> PathBuf {
    let var = format!("{}_REFERENCE_DIR", product.to_ascii_uppercase());
    match std::env::var_os(var) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_root.join("../shared/reference").join(product),
    }
}

// ---------------------------------------------------------------------------
// JSON with the key order kept. `serde_json::Value` sorts object keys (the
// crate is built without `preserve_order`), and the portal's order of
// response fields and object members is the documented order.
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

static NULL: J = J::Null;

impl J {
    fn get(&self, key: &str) -> &J {
        match self {
            J::Obj(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or(&NULL),
            _ => &NULL,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, J::Null)
    }

    fn str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as text: the portal writes numbers both as `1` and `"1"`.
    fn text(&self) -> Option<String> {
        match self {
            J::Str(s) => Some(s.clone()),
            J::Num(n) => Some(n.clone()),
            J::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    fn bool(&self) -> Option<bool> {
        match self {
            J::Bool(b) => Some(*b),
            J::Str(s) if s == "true" => Some(true),
            J::Str(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    fn u64(&self) -> Option<u64> {
        self.text().and_then(|t| t.trim().parse().ok())
    }

    fn arr(&self) -> &[J] {
        match self {
            J::Arr(items) => items,
            _ => &[],
        }
    }

    /// Object entries; an empty `[]` (the 2025 file's rendering of `{}`)
    /// counts as an empty object.
    fn entries(&self) -> &[(String, J)] {
        match self {
            J::Obj(entries) => entries,
            _ => &[],
        }
    }

    fn is_obj(&self) -> bool {
        matches!(self, J::Obj(_))
    }
}

impl<'de> Deserialize<'de> for J {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = J;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<J, E> {
                Ok(J::Null)
            }
            fn visit_none<E>(self) -> Result<J, E> {
                Ok(J::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<J, E> {
                Ok(J::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<J, E> {
                Ok(J::Num(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<J, E> {
                Ok(J::Num(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<J, E> {
                Ok(J::Num(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<J, E> {
                Ok(J::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<J, E> {
                Ok(J::Str(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<J, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(J::Arr(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<J, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, J>()? {
                    entries.push((k, v));
                }
                Ok(J::Obj(entries))
            }
        }
        d.deserialize_any(V)
    }
}

fn read_json(path: &Path) -> Result<J, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|e| ImportError::Reference {
        path: path.to_path_buf(),
        message: format!("cannot read: {e}"),
    })?;
    serde_json::from_str(&text).map_err(|e| ImportError::Reference {
        path: path.to_path_buf(),
        message: format!("not JSON: {e}"),
    })
}

// ---------------------------------------------------------------------------
// The reference directory
// ---------------------------------------------------------------------------

const PORTAL_FILE: &str =
    "openapi-portal-mirror-dew-serverless/ecs-2014-05-26.api-docs.full.zh-CN.2024-06-24.json";
const PORTAL_NEW_FILE: &str =
    "openapi-portal-mirror-dew-serverless/ecs-2014-05-26.api-docs.stripped.2025-12-03.json";
const INDEX_FILE: &str = "derived/ecs-operations-index.tsv";
const EXTRACT_FILE: &str = "derived/selected-operations-extract.json";

/// Where one product's files are in its reference directory. ECS has every
/// source; a smaller product (STS) has only the metadata and `api-info.json`,
/// and the importer uses what is there.
#[derive(Debug, Clone, Copy)]
pub struct ReferenceLayout {
    /// `aliyun-openapi-meta/metadatas/<product>`.
    pub meta_dir: &'static str,
    /// `aliyun-openapi-meta/en-US/<product>`.
    pub meta_en_dir: &'static str,
    pub api_info_file: &'static str,
    /// The portal mirrors and the operation index; ECS only.
    pub portal_files: Option<(&'static str, &'static str)>,
    pub index_file: Option<&'static str>,
}

impl ReferenceLayout {
    pub const ECS: ReferenceLayout = ReferenceLayout {
        meta_dir: "aliyun-openapi-meta/metadatas/ecs",
        meta_en_dir: "aliyun-openapi-meta/en-US/ecs",
        api_info_file: "alibabacloud-sdk/ecs-20140526/api-info.json",
        portal_files: Some((PORTAL_FILE, PORTAL_NEW_FILE)),
        index_file: Some(INDEX_FILE),
    };
    pub const STS: ReferenceLayout = ReferenceLayout {
        meta_dir: "aliyun-openapi-meta/metadatas/sts",
        meta_en_dir: "aliyun-openapi-meta/en-US/sts",
        api_info_file: "alibabacloud-sdk/sts-20150401/api-info.json",
        portal_files: None,
        index_file: None,
    };

    /// The layout of a product by its folder name under `spec/`.
    pub fn for_product(product: &str) -> Option<ReferenceLayout> {
        match product {
            "ecs" => Some(Self::ECS),
            "sts" => Some(Self::STS),
            _ => None,
        }
    }
}

/// The reference material, read once.
pub struct Reference {
    dir: PathBuf,
    layout: ReferenceLayout,
    portal: J,
    portal_new: J,
    api_info: J,
    extract: J,
    /// Operation name -> deprecated, from the index.
    index: BTreeMap<String, bool>,
}

impl Reference {
    /// ECS's reference directory.
    pub fn open(dir: &Path) -> Result<Reference, ImportError> {
        Self::open_with(dir, ReferenceLayout::ECS)
    }

    /// A product's reference directory, laid out as `layout` says.
    pub fn open_with(dir: &Path, layout: ReferenceLayout) -> Result<Reference, ImportError> {
        if !dir.is_dir() {
            return Err(ImportError::Reference {
                path: dir.to_path_buf(),
                message: "the reference directory does not exist; set ECS_REFERENCE_DIR \
                          (STS_REFERENCE_DIR for sts)"
                    .into(),
            });
        }
        let (portal, portal_new) = match layout.portal_files {
            Some((old, new)) => (
                read_json(&dir.join(old))?.get("apis").clone(),
                read_json(&dir.join(new))?.get("apis").clone(),
            ),
            None => (J::Null, J::Null),
        };
        let api_info = read_json(&dir.join(layout.api_info_file))?;
        let extract = match dir.join(EXTRACT_FILE) {
            p if p.exists() => read_json(&p)?.get("operations").clone(),
            _ => J::Null,
        };
        let Some(index_file) = layout.index_file else {
            // Without an index, api-info.json says which operations are current.
            let deprecated: BTreeSet<&str> = api_info
                .get("deprecated")
                .arr()
                .iter()
                .filter_map(J::str)
                .collect();
            let api_doc = api_info.get("apiDoc");
            let index = api_doc
                .get("hasDoc")
                .arr()
                .iter()
                .chain(api_doc.get("noDoc").arr())
                .filter_map(J::str)
                .map(|n| (n.to_owned(), deprecated.contains(n)))
                .collect();
            return Ok(Reference {
                dir: dir.to_path_buf(),
                layout,
                portal,
                portal_new,
                api_info,
                extract,
                index,
            });
        };
        let index_path = dir.join(index_file);
        let index_text =
            std::fs::read_to_string(&index_path).map_err(|e| ImportError::Reference {
                path: index_path.clone(),
                message: format!("cannot read: {e}"),
            })?;
        let mut index = BTreeMap::new();
        let mut lines = index_text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let col = |name: &str| header.iter().position(|h| *h == name);
        let (Some(sdk), Some(deprecated)) = (
            col("in_darabonba_main_tea_2026_08"),
            col("darabonba_deprecated"),
        ) else {
            return Err(ImportError::Reference {
                path: index_path,
                message: "unexpected header".into(),
            });
        };
        for line in lines {
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() > sdk.max(deprecated) && cells[sdk] == "1" {
                index.insert(cells[0].to_owned(), cells[deprecated] == "1");
            }
        }
        Ok(Reference {
            dir: dir.to_path_buf(),
            layout,
            portal,
            portal_new,
            api_info,
            extract,
            index,
        })
    }

    /// The current (not deprecated) operations of the official SDK, sorted.
    pub fn current_operations(&self) -> Vec<String> {
        self.index
            .iter()
            .filter(|(_, deprecated)| !**deprecated)
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// Findings about the reference itself: where `api-info.json` and the
    /// index disagree on which operations are current.
    pub fn check_index(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        let api_doc = self.api_info.get("apiDoc");
        let deprecated: BTreeSet<&str> = self
            .api_info
            .get("deprecated")
            .arr()
            .iter()
            .filter_map(J::str)
            .collect();
        let current: BTreeSet<&str> = api_doc
            .get("hasDoc")
            .arr()
            .iter()
            .chain(api_doc.get("noDoc").arr())
            .filter_map(J::str)
            .filter(|n| !deprecated.contains(n))
            .collect();
        let indexed: BTreeSet<String> = self.current_operations().into_iter().collect();
        for name in &current {
            if !indexed.contains(*name) {
                out.push(finding(
                    name,
                    "-",
                    "current in api-info.json but not in the index".into(),
                ));
            }
        }
        for name in &indexed {
            if !current.contains(name.as_str()) {
                out.push(finding(
                    name,
                    "-",
                    "current in the index but not in api-info.json".into(),
                ));
            }
        }
        out
    }

    /// Compares the endpoint map of `service.json` with `api-info.json`. A
    /// region the map leaves out must be served by the fallback host.
    pub fn check_endpoints(&self, map: &BTreeMap<String, String>, fallback: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        let official = self.api_info.get("endpoints").entries();
        for (region, host) in official {
            let Some(host) = host.str() else { continue };
            match map.get(region) {
                Some(ours) if ours == host => {}
                Some(ours) => out.push(finding(
                    "service.json",
                    &format!("endpoints.map.{region}"),
                    format!("{ours:?} here, {host:?} in api-info.json"),
                )),
                None if fallback.replace("{region}", region) == host => {}
                None => out.push(finding(
                    "service.json",
                    &format!("endpoints.map.{region}"),
                    format!(
                        "missing; api-info.json maps it to {host:?}, the fallback would give {:?}",
                        fallback.replace("{region}", region)
                    ),
                )),
            }
        }
        for region in map.keys() {
            if official.iter().all(|(r, _)| r != region) {
                out.push(finding(
                    "service.json",
                    &format!("endpoints.map.{region}"),
                    "not in api-info.json".into(),
                ));
            }
        }
        out
    }

    fn meta(&self, en: bool, name: &str) -> Option<J> {
        let dir = if en {
            self.layout.meta_en_dir
        } else {
            self.layout.meta_dir
        };
        let path = self.dir.join(dir).join(format!("{name}.json"));
        if !path.exists() {
            return None;
        }
        read_json(&path).ok()
    }
}

fn finding(operation: &str, subject: &str, message: String) -> Finding {
    Finding {
        operation: operation.to_owned(),
        subject: subject.to_owned(),
        message,
    }
}

// ---------------------------------------------------------------------------
// Each source's view of the parameters, in one shape
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Src {
    Portal,
    PortalNew,
    Meta,
    Sdk,
}

const SOURCES: [Src; 4] = [Src::Portal, Src::PortalNew, Src::Meta, Src::Sdk];

impl Src {
    fn label(self) -> &'static str {
        match self {
            Src::Portal => "the portal (2024-06)",
            Src::PortalNew => "the portal (2025-12)",
            Src::Meta => "the meta",
            Src::Sdk => "the official SDK",
        }
    }

    fn short(self) -> &'static str {
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
struct SrcParam {
    name: String,
    /// In the spec's vocabulary (`string`, `list`, ...); `None` if unknown.
    ty: Option<&'static str>,
    /// As the source spells it, for reports.
    raw_ty: String,
    style: Option<String>,
    required: Option<bool>,
    description: String,
    example: Option<String>,
    items: Option<Box<SrcParam>>,
    members: Vec<SrcParam>,
    /// Whether the source says anything about the members (meta's `Struct`
    /// without `sub_parameters` does not).
    members_known: bool,
    max_items: Option<u64>,
    min_items: Option<u64>,
    minimum: Option<String>,
    maximum: Option<String>,
    max_length: Option<u64>,
    min_length: Option<u64>,
    pattern: Option<String>,
    enum_values: Vec<String>,
    deprecated: bool,
    position: Option<String>,
    /// For a list folded from `Name.1.X`, `Name.2.X`, ...: the largest N and
    /// the wire names folded.
    family: Option<(u64, Vec<String>)>,
    /// For a member folded from several `Name.N.X`: each wire name with its
    /// own description.
    per_n: Vec<(String, String)>,
    /// How many times the source lists the same name.
    repeats: usize,
}

fn portal_type(schema: &J) -> Option<&'static str> {
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

fn portal_param(name: &str, style: Option<&str>, schema: &J) -> SrcParam {
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

fn portal_params(api: &J) -> Vec<SrcParam> {
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

fn meta_type(t: &str) -> Option<&'static str> {
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
const ITEM_UNSTATED: &str = "(plain values)";

fn meta_param(p: &J) -> SrcParam {
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
fn sdk_param(name: &str, ty: &J, p: &J) -> SrcParam {
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
fn fold(params: Vec<SrcParam>) -> Vec<SrcParam> {
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

fn insert_path(list: &mut Vec<SrcParam>, segments: &[String], mut leaf: SrcParam, full: &str) {
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

fn add_or_merge(list: &mut Vec<SrcParam>, mut p: SrcParam, full: &str) {
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

fn finish_per_n(p: &mut SrcParam) {
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

// ---------------------------------------------------------------------------
// Limits and enums stated in prose
// ---------------------------------------------------------------------------

/// The upper bounds of N that a description states, each with the words that
/// state it: "Valid values of N: 1 to 50", "The value of N ranges from 1 to
/// 50", "N的取值范围为1~50", "N的取值范围：1~20".
fn prose_n_ranges(text: &str) -> Vec<(u64, String)> {
    const CONNECTORS: &[&str] = &[
        "",
        "rangesfrom",
        "rangefrom",
        "are",
        "is",
        "的取值范围",
        "取值范围",
        "的范围",
    ];
    let word = |ch: char| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '`');
    let mut out = Vec::new();
    for (pos, ch) in text.char_indices() {
        if ch != 'N' {
            continue;
        }
        if text[..pos].chars().next_back().is_some_and(word) {
            continue;
        }
        let rest = &text[pos + 1..];
        if rest.chars().next().is_some_and(word) {
            continue;
        }
        // "The first N" (第一个N) of a nested list is the enclosing list's.
        let before = &text[..pos];
        if before.ends_with("第一个") || before.to_ascii_lowercase().ends_with("first ") {
            continue;
        }
        // A range under a condition ("*   When the ENI is Available, the
        // valid values of N are 1 to 50.") is not the list's limit.
        let sentence = before
            .rsplit(['.', '。', '\n'])
            .next()
            .unwrap_or("")
            .trim_start_matches(['*', '-', ' ']);
        if ["When ", "If ", "when ", "if "]
            .iter()
            .any(|w| sentence.starts_with(w) || sentence.contains(&format!(", {w}")))
        {
            continue;
        }
        let Some(digit_at) = rest.find(|c: char| c.is_ascii_digit()) else {
            continue;
        };
        let connector = &rest[..digit_at];
        if connector.chars().count() > 16 {
            continue;
        }
        let norm: String = connector
            .chars()
            .filter(|c| !c.is_whitespace() && !":：为是=".contains(*c))
            .collect();
        if !CONNECTORS.contains(&norm.as_str()) {
            continue;
        }
        let after = &rest[digit_at..];
        let len1 = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        let Ok(lo) = after[..len1].parse::<u64>() else {
            continue;
        };
        let tail = &after[len1..];
        let trimmed = tail.trim_start();
        let Some(sep) = ["to", "~", "～", "-", "至", "到"]
            .iter()
            .find(|s| trimmed.starts_with(**s))
        else {
            continue;
        };
        let tail2 = trimmed[sep.len()..].trim_start();
        let len2 = tail2
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail2.len());
        let Ok(hi) = tail2[..len2].parse::<u64>() else {
            continue;
        };
        if hi < lo {
            continue;
        }
        let end = text.len() - (tail2.len() - len2);
        out.push((hi, text[pos..end].to_owned()));
    }
    out
}

/// The value list of a description, when it is unambiguous: exactly one
/// "Valid values:" that starts a sentence, followed by a blank line and
/// top-level bullets `*   value: meaning` (or `*   value (default)`), each
/// value one token, at least two values, not all numbers or booleans, and no
/// nested bullets or continuation lines. Anything else gives `None`: a wrong
/// enum is worse than none.
fn prose_enum(text: &str) -> Option<Vec<EnumValue>> {
    const MARK: &str = "Valid values:";
    if text.matches("alid value").count() != 1 {
        return None;
    }
    let at = text.find(MARK)?;
    let before = text[..at].trim_end();
    if !(before.is_empty() || before.ends_with('.') || before.ends_with(':')) {
        return None;
    }
    let mut lines = text[at + MARK.len()..].lines();
    if !lines.next()?.trim().is_empty() {
        return None;
    }
    let mut values: Vec<EnumValue> = Vec::new();
    let mut ended = false;
    for line in lines {
        if line.trim().is_empty() {
            if values.is_empty() {
                continue;
            }
            ended = true;
            continue;
        }
        let bullet = ["*   ", "* ", "-   ", "- "]
            .iter()
            .find_map(|b| line.strip_prefix(b));
        match bullet {
            Some(body) if !ended => {
                let body = body.trim();
                let (value, meaning) = match body.find(": ") {
                    Some(i) => (&body[..i], body[i + 2..].trim()),
                    None => match body.find(" (") {
                        Some(i) => (&body[..i], body[i + 1..].trim()),
                        None => (body, ""),
                    },
                };
                let value = value.trim().trim_matches('`').trim_matches('*').trim();
                let token_ok = !value.is_empty()
                    && value
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_.-/:".contains(c))
                    && value
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric());
                if !token_ok {
                    return None;
                }
                values.push(EnumValue {
                    value: value.to_owned(),
                    description: meaning.to_owned(),
                });
            }
            // A nested bullet or a line that continues an item.
            _ if !ended => return None,
            _ => break,
        }
    }
    if values.len() < 2
        || values.iter().all(|v| v.value.parse::<f64>().is_ok())
        || values
            .iter()
            .all(|v| v.value == "true" || v.value == "false")
    {
        return None;
    }
    let variants: BTreeSet<String> = values
        .iter()
        .map(|v| crate::validate::enum_variant_name(&v.value))
        .collect();
    (variants.len() == values.len()).then_some(values)
}

/// Why the portal's enum cannot become a spec enum, if it cannot.
fn enum_problem(values: &[String]) -> Option<String> {
    if values.iter().any(|v| v.trim().is_empty()) {
        return Some("has an empty value".into());
    }
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for v in values {
        if let Some(other) = seen.insert(crate::validate::enum_variant_name(v), v) {
            return Some(format!(
                "{other:?} and {v:?} would be the same Rust variant"
            ));
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Licence-clean text, and limits stated in English prose
// ---------------------------------------------------------------------------

/// Whether a text has CJK ideographs: the portal's prose is Chinese and has
/// no licence, so no such text may ship in a spec.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A whole number at the start of `s` (`6,144` counts as 6144), and the rest.
fn leading_number(s: &str) -> Option<(i64, &str)> {
    let mut end = 0;
    let bytes = s.as_bytes();
    while end < bytes.len() {
        let c = bytes[end];
        let digit_after_comma = c == b','
            && end > 0
            && bytes.get(end + 1..end + 4).is_some_and(|d| {
                d.iter().all(u8::is_ascii_digit)
                    && !bytes.get(end + 4).is_some_and(u8::is_ascii_digit)
            });
        if c.is_ascii_digit() || digit_after_comma {
            end += 1;
        } else {
            break;
        }
    }
    if end == 0 {
        return None;
    }
    let digits: String = s[..end].chars().filter(|c| *c != ',').collect();
    Some((digits.parse().ok()?, &s[end..]))
}

/// The sentences of a description a limit may be read from: not bullets, not
/// notes, not conditions ("If ...", "when ..."), which state limits that hold
/// only sometimes.
fn plain_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with(['*', '-', '>', '|', '#']) {
            continue;
        }
        for s in t.split(". ") {
            let s = s.trim().trim_end_matches('.').replace(['*', '`'], "");
            let lower = s.to_ascii_lowercase();
            if lower.starts_with("if ")
                || lower.starts_with("when ")
                || lower.contains(" if ")
                || lower.contains(" when ")
                || lower.contains("each ")
                || lower.contains("total")
            {
                continue;
            }
            out.push(s);
        }
    }
    out
}

/// Limits an English description states plainly, by limit name, each with
/// the words that state it: "must be 2 to 128 characters in length"
/// (minLength, maxLength), "cannot exceed 64 characters" (maxLength),
/// "Valid values: 1 to 100", "Maximum value: 100" (minimum, maximum).
fn prose_limits(text: &str) -> Vec<(&'static str, i64, String)> {
    let mut out: Vec<(&'static str, i64, String)> = Vec::new();
    for s in plain_sentences(text) {
        let lower = s.to_ascii_lowercase();
        // Lengths: "<a> to <b> characters", "up to <b> characters", ...
        for (at, _) in lower.match_indices(" characters") {
            let before = &lower[..at];
            let words: Vec<&str> = before.split_whitespace().collect();
            let n = words.len();
            if n < 2 {
                continue;
            }
            let Some((hi, "")) = leading_number(words[n - 1]) else {
                continue;
            };
            let quote = |from: usize| {
                let start = before.len()
                    - words[from..].join(" ").len()
                    - (before.len() - before.trim_end().len());
                s[start..at + " characters".len()].to_owned()
            };
            match words[n - 2] {
                "to" if n >= 3 && words[n - 3] == "up" => out.push(("maxLength", hi, quote(n - 3))),
                "to" if n >= 3 => {
                    if let Some((lo, "")) = leading_number(words[n - 3]) {
                        let q = quote(n - 3);
                        out.push(("minLength", lo, q.clone()));
                        out.push(("maxLength", hi, q));
                    }
                }
                "exceed" | "most" | "than" => out.push(("maxLength", hi, quote(n - 2))),
                "of" if n >= 3 && words[n - 3] == "maximum" => {
                    out.push(("maxLength", hi, quote(n - 3)))
                }
                _ => {}
            }
        }
        // Ranges of a number.
        for mark in [
            "valid values:",
            "valid values are",
            "value range:",
            "valid range:",
            "the value ranges from",
            "the valid values are",
        ] {
            for (at, _) in lower.match_indices(mark) {
                let rest = lower[at + mark.len()..].trim_start();
                let Some((lo, tail)) = leading_number(rest) else {
                    continue;
                };
                let tail = tail.trim_start();
                let Some(tail) = tail.strip_prefix("to ") else {
                    continue;
                };
                let Some((hi, after)) = leading_number(tail.trim_start()) else {
                    continue;
                };
                // "1 to 7, which correspond to Monday to Sunday" is fine;
                // "1 to 100 GiB" still states the number.
                if after.starts_with(['.', '%'])
                    && after.len() > 1
                    && after.as_bytes()[1].is_ascii_digit()
                {
                    continue;
                }
                let q = s[at..lower.len() - after.len()].to_owned();
                out.push(("minimum", lo, q.clone()));
                out.push(("maximum", hi, q));
            }
        }
        for (mark, limit) in [("maximum value:", "maximum"), ("minimum value:", "minimum")] {
            for (at, _) in lower.match_indices(mark) {
                let rest = lower[at + mark.len()..].trim_start();
                if let Some((v, after)) = leading_number(rest) {
                    if after.starts_with('.')
                        && after.len() > 1
                        && after.as_bytes()[1].is_ascii_digit()
                    {
                        continue;
                    }
                    out.push((limit, v, s[at..lower.len() - after.len()].to_owned()));
                }
            }
        }
    }
    out
}

/// How many items a JSON-array description allows: "a JSON array that
/// consists of up to 100 instance IDs", "a maximum of 100 disk IDs".
fn prose_json_max_items(text: &str) -> Option<(i64, String)> {
    let mut found: Vec<(i64, String)> = Vec::new();
    for s in plain_sentences(text) {
        let lower = s.to_ascii_lowercase();
        for mark in ["up to ", "a maximum of "] {
            for (at, _) in lower.match_indices(mark) {
                let rest = &lower[at + mark.len()..];
                if let Some((n, after)) = leading_number(rest) {
                    if after.trim_start().starts_with("character") {
                        continue;
                    }
                    let word_end = after
                        .trim_start()
                        .find(' ')
                        .map_or(lower.len(), |i| lower.len() - after.trim_start().len() + i);
                    let q = s[at..word_end.min(s.len())].to_owned();
                    if !found.iter().any(|f| f.0 == n) {
                        found.push((n, q));
                    }
                }
            }
        }
    }
    (found.len() == 1).then(|| found.remove(0))
}

/// Whether a parameter's text is JSON: the English description calls its
/// value a JSON array or shows one (`["i-xxx", "i-yyy"]`).
fn prose_says_json_array(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("json array")
        || lower.contains("json-formatted array")
        || lower.contains("array in the json format")
        || text.contains("[\"")
        || text.contains("\\[\"")
}

// ---------------------------------------------------------------------------
// Trust: which limits `build()` checks
// ---------------------------------------------------------------------------

/// What kind of statement a limit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    /// A portal file's schema (maxItems, minimum, ...), or the official SDK's.
    Structured,
    /// The English (Apache-2.0) description.
    Prose,
    /// The portal's Chinese description: a fact to compare, never quoted.
    PortalProse,
    /// The largest N of numbered names (`Filter.4.Key`): a lower bound.
    Names,
}

#[derive(Debug, Clone)]
struct Stmt {
    basis: Basis,
    /// Who says it, for the `enforced` value and the report (never Chinese).
    who: String,
    value: i64,
}

/// Page-size and page-number parameters: the service clamps a page size
/// (DescribeInstances MaxResults above 100 is answered with 100 entries), so
/// a client-side range check would refuse calls the service accepts.
const PAGING_PARAMETERS: &[&str] = &["MaxResults", "PageSize", "PageNumber"];

/// A limit the spec documents but `build()` does not check, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitNote {
    /// `Tag.N.Key`, as in findings.
    pub path: String,
    pub limit: String,
    pub why: String,
}

/// Decides whether `chosen` may be enforced, given every statement of the
/// limit: `Ok(reason)` for the `enforced` map, `Err(why not)`.
fn decide(limit: &str, chosen: i64, stmts: &[Stmt]) -> Result<String, String> {
    let agrees = |s: &Stmt| {
        s.value == chosen || (s.basis == Basis::Names && limit == "maxItems" && s.value <= chosen)
    };
    let said = || {
        stmts
            .iter()
            .map(|s| {
                if s.value == i64::MIN {
                    s.who.clone()
                } else {
                    format!("{} {}", s.who, s.value)
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    if stmts.iter().any(|s| !agrees(s)) {
        return Err(format!("the sources disagree ({})", said()));
    }
    let base = stmts
        .iter()
        .find(|s| s.basis == Basis::Structured)
        .or_else(|| stmts.iter().find(|s| s.basis == Basis::Prose));
    let Some(base) = base else {
        return Err(format!(
            "stated only by {}, not by the portal's schema or the English prose",
            stmts
                .iter()
                .map(|s| s.who.clone())
                .collect::<Vec<_>>()
                .join(" and ")
        ));
    };
    let mut reason = if base.basis == Basis::Prose {
        format!("{}: {limit} {chosen}", base.who)
    } else {
        format!("{} {limit} {chosen}", base.who)
    };
    for s in stmts.iter().filter(|s| !std::ptr::eq(*s, base)) {
        reason.push_str(&format!("; {} agrees", s.who));
    }
    if base.basis == Basis::Prose {
        reason.push_str("; no portal schema states it");
    }
    Ok(reason)
}

/// Fills `p.enforced` for each limit `p` states, from the statements made
/// about it; notes each limit left unchecked.
fn apply_trust(cx: &mut Cx, path: &str, p: &mut Parameter, stmts: &[(&'static str, Vec<Stmt>)]) {
    let paging = !path.contains('.') && PAGING_PARAMETERS.contains(&p.name.as_str());
    for (limit, value) in limit_list(p) {
        let Some(value) = value else { continue };
        let chosen: i64 = value.parse().unwrap_or(i64::MIN);
        let said: &[Stmt] = stmts
            .iter()
            .find(|(l, _)| *l == limit)
            .map(|(_, s)| s.as_slice())
            .unwrap_or(&[]);
        let verdict = if paging && matches!(limit, "minimum" | "maximum") {
            Err(if p.name == "PageNumber" {
                "paging parameter: a page number out of range is not known to be refused, so no client-side range check"
            } else {
                "page-size parameter: the service clamps a page size (DescribeInstances MaxResults above 100 gives 100 entries) rather than refusing it, so no client-side range check"
            }
            .to_owned())
        } else if said.is_empty() {
            Err("no source states it".to_owned())
        } else {
            decide(limit, chosen, said)
        };
        match verdict {
            Ok(reason) => {
                p.enforced.insert(limit.to_owned(), reason);
            }
            Err(why) => {
                p.enforced.remove(limit);
                cx.limit_notes.push(LimitNote {
                    path: path.to_owned(),
                    limit: limit.to_owned(),
                    why,
                });
            }
        }
    }
}

/// Drops every enforced limit of a hidden parameter (at any depth).
fn unenforce(p: &mut Parameter, path: &str, why: &str, notes: &mut Vec<LimitNote>) {
    for (limit, value) in limit_list(p) {
        if value.is_some() {
            p.enforced.remove(limit);
            notes.retain(|n| !(n.path == path && n.limit == limit));
            notes.push(LimitNote {
                path: path.to_owned(),
                limit: limit.to_owned(),
                why: why.to_owned(),
            });
        }
    }
    if let Some(item) = &mut p.items {
        unenforce(item, &format!("{path}.N"), why, notes);
    }
    for m in &mut p.members {
        let mpath = format!("{path}.{}", m.name);
        unenforce(m, &mpath, why, notes);
    }
}

// ---------------------------------------------------------------------------
// Merging the sources into spec parameters
// ---------------------------------------------------------------------------

type Views<'a> = [Option<&'a SrcParam>; 4];

/// An enum found while merging, named later (names must be unique across the
/// operation's structs and enums). Parameters refer to it as `"\0<index>"`.
#[derive(Debug, Clone)]
struct PendingEnum {
    preferred: String,
    description: String,
    values: Vec<EnumValue>,
}

struct Cx {
    op: String,
    findings: Vec<Finding>,
    pending: Vec<PendingEnum>,
    /// Limits documented but not enforced, and why.
    limit_notes: Vec<LimitNote>,
}

impl Cx {
    fn note(&mut self, subject: &str, message: impl Into<String>) {
        self.findings
            .push(finding(&self.op, subject, message.into()));
    }
}

fn present<'a>(views: &Views<'a>) -> Vec<(Src, &'a SrcParam)> {
    SOURCES
        .iter()
        .zip(views.iter())
        .filter_map(|(s, v)| v.map(|p| (*s, p)))
        .collect()
}

fn view<'a>(views: &Views<'a>, src: Src) -> Option<&'a SrcParam> {
    views[src as usize]
}

/// Names of the members (or top-level parameters) over all sources, in the
/// portal's order first; names that differ only in case (`Key`, `key`) or
/// that would become the same Rust field are kept once, the first spelling
/// that starts upper-case winning.
fn union_names(cx: &mut Cx, path: &str, lists: [&[SrcParam]; 4]) -> Vec<String> {
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

fn pick_type(typed: &[(Src, &'static str)]) -> Option<&'static str> {
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

fn parse_i64(cx: &mut Cx, path: &str, what: &str, src: Src, raw: &str) -> Option<i64> {
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

fn merge_param(cx: &mut Cx, path: &str, views: Views<'_>, in_json: bool) -> Parameter {
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
fn report_presence(cx: &mut Cx, path: &str, parents: &Views<'_>, views: &Views<'_>, members: bool) {
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
fn json_array_evidence(cx: &mut Cx, path: &str, views: &Views<'_>, meta_desc: &str) -> bool {
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
fn merge_max_items(
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
fn merge_limits(
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

fn merge_enum(cx: &mut Cx, path: &str, views: &Views<'_>, p: &mut Parameter, meta_desc: &str) {
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

fn pending_enum(
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

// ---------------------------------------------------------------------------
// One operation
// ---------------------------------------------------------------------------

/// Descriptions of the hidden parameters every ECS operation of the official
/// SDK carries; the sources give them no text.
const HIDDEN_DESCRIPTIONS: &[(&str, &str)] = &[
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
/// the result keeps what [the module docs](self) say a re-import keeps.
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
fn import_raw(
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
static EMPTY_PARENT: SrcParam = SrcParam {
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
fn operation_description(reference: &Reference, name: &str) -> String {
    let product = reference.api_info.get("product").str().unwrap_or("ECS");
    let product = if product == "Ecs" { "ECS" } else { product };
    let version = reference
        .api_info
        .get("version")
        .str()
        .unwrap_or("2014-05-26");
    format!("Calls the {product} `{name}` action (API version {version}).")
}

fn fields(cx: &mut Cx, path: &str, properties: &[(String, J)]) -> Vec<Field> {
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

fn field(cx: &mut Cx, path: &str, name: &str, schema: &J) -> Option<Field> {
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
fn error_entries(cx: &mut Cx, codes: &J, common: &[ErrorSpec]) -> Vec<ErrorEntry> {
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
fn infer_limit_errors(op: &mut Operation) {
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

// ---------------------------------------------------------------------------
// Type names: every struct and enum of an operation's module needs its own
// ---------------------------------------------------------------------------

/// Names the generated module already uses, or that would shadow the prelude.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "ErrorInfo",
    "OperationInfo",
    "ValidationError",
    "WireParams",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "ToOwned",
    "Fn",
    "FnMut",
    "FnOnce",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Self",
];

/// A struct around the one being named: its name, and whether it only wraps
/// a list (`Tags` around `Tag[]`), which makes a poor prefix.
struct Ancestor {
    name: String,
    wrapper: bool,
}

struct Namer<'a> {
    op: String,
    used: BTreeSet<String>,
    pending: &'a [PendingEnum],
    /// Enums that came from an existing spec: a parameter that wants one of
    /// these names uses it.
    kept: &'a BTreeSet<String>,
    enums: BTreeMap<String, Enum>,
    findings: &'a mut Vec<Finding>,
}

impl Namer<'_> {
    /// A free name for `desired`, trying the enclosing structs' names as
    /// prefixes (nearest first, skipping wrappers such as `Tags` around
    /// `Tag`), then the operation's name, then numbers.
    fn free(&self, desired: &str, ancestors: &[Ancestor]) -> String {
        if !self.used.contains(desired) {
            return desired.to_owned();
        }
        let mut candidates: Vec<String> = ancestors
            .iter()
            .rev()
            .filter(|a| !a.wrapper)
            .map(|a| format!("{}{desired}", a.name))
            .collect();
        candidates.push(format!("{}{desired}", self.op));
        if let Some(c) = candidates.into_iter().find(|c| !self.used.contains(c)) {
            return c;
        }
        (2..)
            .map(|n| format!("{desired}{n}"))
            .find(|c| !self.used.contains(c))
            .expect("some number is free")
    }

    fn param(&mut self, p: &mut Parameter, ancestors: &mut Vec<Ancestor>, path: &str) {
        if let Some(r) = p.enum_ref.clone() {
            if let Some(index) = r.strip_prefix('\0') {
                let pending = &self.pending[index.parse::<usize>().expect("placeholder")];
                p.enum_ref = Some(self.enum_name(pending, ancestors, path));
            }
        }
        if let Some(item) = &mut p.items {
            self.param(item, ancestors, &format!("{path}.N"));
        }
        if p.ty == "object" {
            let name = self.struct_name(&p.name, &mut p.struct_name, ancestors, path);
            ancestors.push(Ancestor {
                name,
                wrapper: p.members.len() == 1 && p.members[0].ty == "list",
            });
            for m in &mut p.members {
                let mpath = format!("{path}.{}", m.name);
                self.param(m, ancestors, &mpath);
            }
            ancestors.pop();
        }
    }

    fn field(&mut self, f: &mut Field, ancestors: &mut Vec<Ancestor>, path: &str) {
        if let Some(item) = &mut f.items {
            self.field(item, ancestors, &format!("{path}.N"));
        }
        if f.ty == "object" {
            let name = self.struct_name(&f.name, &mut f.struct_name, ancestors, path);
            ancestors.push(Ancestor {
                name,
                wrapper: f.members.len() == 1 && f.members[0].ty == "list",
            });
            for m in &mut f.members {
                let mpath = format!("{path}.{}", m.name);
                self.field(m, ancestors, &mpath);
            }
            ancestors.pop();
        }
    }

    fn struct_name(
        &mut self,
        wire: &str,
        explicit: &mut Option<String>,
        ancestors: &[Ancestor],
        path: &str,
    ) -> String {
        if let Some(name) = explicit.clone() {
            return name;
        }
        let desired = wire.to_upper_camel_case();
        let name = self.free(&desired, ancestors);
        if name != desired {
            self.findings.push(finding(
                &self.op,
                path,
                format!("the type name {desired} is taken in this operation; structName {name}"),
            ));
            *explicit = Some(name.clone());
        }
        self.used.insert(name.clone());
        name
    }

    fn enum_name(&mut self, pending: &PendingEnum, ancestors: &[Ancestor], path: &str) -> String {
        let desired = pending.preferred.clone();
        if self.kept.contains(&desired) {
            let listed: Vec<&str> = self.enums[&desired]
                .values
                .iter()
                .map(|v| v.value.as_str())
                .collect();
            let found: Vec<&str> = pending.values.iter().map(|v| v.value.as_str()).collect();
            if listed != found {
                self.findings.push(finding(
                    &self.op,
                    path,
                    format!("the spec's enum {desired} lists {listed:?}, the sources {found:?}; the spec's is kept"),
                ));
            }
            return desired;
        }
        let same_values = |e: &Enum| {
            e.values.len() == pending.values.len()
                && e.values
                    .iter()
                    .zip(&pending.values)
                    .all(|(a, b)| a.value == b.value)
        };
        if let Some((name, _)) = self.enums.iter().find(|(_, e)| same_values(e)) {
            return name.clone();
        }
        let name = self.free(&desired, ancestors);
        if name != desired {
            self.findings.push(finding(
                &self.op,
                path,
                format!(
                    "the type name {desired} is taken in this operation; the enum is named {name}"
                ),
            ));
        }
        self.used.insert(name.clone());
        self.enums.insert(
            name.clone(),
            Enum {
                description: pending.description.clone(),
                values: pending.values.clone(),
                corrections: Vec::new(),
            },
        );
        name
    }
}

fn explicit_struct_names(params: &[Parameter], out: &mut BTreeSet<String>) {
    for p in params {
        if let Some(n) = &p.struct_name {
            out.insert(n.clone());
        }
        if let Some(i) = &p.items {
            explicit_struct_names(std::slice::from_ref(i), out);
        }
        explicit_struct_names(&p.members, out);
    }
}

fn explicit_field_struct_names(fields: &[Field], out: &mut BTreeSet<String>) {
    for f in fields {
        if let Some(n) = &f.struct_name {
            out.insert(n.clone());
        }
        if let Some(i) = &f.items {
            explicit_field_struct_names(std::slice::from_ref(i), out);
        }
        explicit_field_struct_names(&f.members, out);
    }
}

/// Gives every struct and pending enum of `op` a name of its own, setting
/// `structName` where the wire name's would clash.
/// Enums already in `op` (an existing spec's) are kept: a parameter that
/// wants one of their names uses it.
fn name_types(op: &mut Operation, pending: &[PendingEnum], findings: &mut Vec<Finding>) {
    let mut used: BTreeSet<String> = RESERVED_TYPE_NAMES
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for suffix in [
        "Input",
        "InputBuilder",
        "Output",
        "Error",
        "FluentBuilder",
        "Paginator",
    ] {
        used.insert(format!("{}{suffix}", op.name));
    }
    explicit_struct_names(&op.parameters, &mut used);
    explicit_field_struct_names(&op.response.members, &mut used);
    used.extend(op.enums.keys().cloned());
    let kept: BTreeSet<String> = op.enums.keys().cloned().collect();
    let mut namer = Namer {
        op: op.name.clone(),
        used,
        pending,
        kept: &kept,
        enums: std::mem::take(&mut op.enums),
        findings,
    };
    let mut ancestors = Vec::new();
    for p in &mut op.parameters {
        let path = p.name.clone();
        namer.param(p, &mut ancestors, &path);
    }
    for f in &mut op.response.members {
        let path = format!("response.{}", f.name);
        namer.field(f, &mut ancestors, &path);
    }
    op.enums = namer.enums;
}

// ---------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------

/// Lists reachable from the response's top level through objects only, as
/// dotted paths.
fn response_lists(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
    for f in fields {
        let path = if prefix.is_empty() {
            f.name.clone()
        } else {
            format!("{prefix}.{}", f.name)
        };
        match f.ty.as_str() {
            "list" => out.push(path),
            "object" => response_lists(&f.members, &path, out),
            _ => {}
        }
    }
}

fn detect_pagination(op: &Operation) -> (Option<Pagination>, Vec<String>) {
    let mut notes = Vec::new();
    let param = |name: &str, types: &[&str]| {
        op.parameters
            .iter()
            .any(|p| p.name == name && types.contains(&p.ty.as_str()))
    };
    let field = |name: &str, types: &[&str]| {
        op.response
            .members
            .iter()
            .any(|f| f.name == name && types.contains(&f.ty.as_str()))
    };
    let token = param("NextToken", &["string"]) && field("NextToken", &["string"]);
    let numbered = param("PageNumber", &["integer"])
        && param("PageSize", &["integer"])
        && field("TotalCount", &["integer", "long"]);
    if !token && !numbered {
        return (None, notes);
    }
    let mut lists = Vec::new();
    response_lists(&op.response.members, "", &mut lists);
    let items = match lists.len() {
        0 => {
            notes.push("paging parameters but no list in the response; no paginator".into());
            return (None, notes);
        }
        1 => lists[0].clone(),
        _ => {
            // `Instances.Instance` style: a wrapper named after its items.
            let wrapped: Vec<&String> = lists
                .iter()
                .filter(|path| {
                    let parts: Vec<&str> = path.split('.').collect();
                    parts.len() >= 2 && {
                        let (outer, inner) = (parts[parts.len() - 2], parts[parts.len() - 1]);
                        outer != inner && outer.starts_with(inner)
                    }
                })
                .collect();
            if wrapped.len() == 1 {
                notes.push(format!(
                    "the response has {} lists ({}); paging over {}",
                    lists.len(),
                    lists.join(", "),
                    wrapped[0]
                ));
                wrapped[0].clone()
            } else {
                notes.push(format!(
                    "the response has {} lists ({}); which one pages is unclear, so no paginator",
                    lists.len(),
                    lists.join(", ")
                ));
                return (None, notes);
            }
        }
    };
    if token {
        if numbered {
            notes.push(
                "both NextToken and PageNumber/PageSize paging; the paginator uses NextToken"
                    .into(),
            );
        }
        let page_size = ["MaxResults", "PageSize"]
            .iter()
            .find(|n| param(n, &["integer", "long"]))
            .map(|n| (*n).to_owned());
        (
            Some(Pagination::Token {
                input_token: "NextToken".into(),
                output_token: "NextToken".into(),
                page_size,
                items,
            }),
            notes,
        )
    } else {
        (
            Some(Pagination::PageNumber {
                page_number: "PageNumber".into(),
                page_size: "PageSize".into(),
                total_count: "TotalCount".into(),
                items,
            }),
            notes,
        )
    }
}

// ---------------------------------------------------------------------------
// Re-import: merging with the spec file already in place
// ---------------------------------------------------------------------------

fn merge_operation(
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
fn scrub_enum(cx: &mut Cx, name: &str, e: &mut Enum, i: Option<&Enum>) {
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
fn scrub_parameter(cx: &mut Cx, path: &str, e: &mut Parameter, i: Option<&Parameter>) {
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

fn merge_parameters(cx: &mut Cx, path: &str, es: &[Parameter], is: &[Parameter]) -> Vec<Parameter> {
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
fn limit_list(p: &Parameter) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("maxItems", p.max_items.map(|v| v.to_string())),
        ("minLength", p.min_length.map(|v| v.to_string())),
        ("maxLength", p.max_length.map(|v| v.to_string())),
        ("minimum", p.minimum.map(|v| v.to_string())),
        ("maximum", p.maximum.map(|v| v.to_string())),
    ]
}

fn merge_parameter(cx: &mut Cx, path: &str, e: &Parameter, i: &Parameter) -> Parameter {
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

fn merge_fields(cx: &mut Cx, path: &str, es: &[Field], is: &[Field]) -> Vec<Field> {
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

fn merge_field(cx: &mut Cx, path: &str, e: &Field, i: &Field) -> Field {
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
fn merge_errors(cx: &mut Cx, es: &[ErrorEntry], is: &[ErrorEntry]) -> Vec<ErrorEntry> {
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

// ---------------------------------------------------------------------------
// The import report
// ---------------------------------------------------------------------------

/// One limit of one parameter, as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitLine {
    /// `Tag.N.Key`, as in findings.
    pub path: String,
    pub limit: String,
    pub value: String,
    /// Whether `build()` checks it.
    pub enforced: bool,
    /// The `enforced` value, or why the limit is only documented.
    pub why: String,
}

impl Imported {
    /// Every limit the spec states, enforced or only documented, with why.
    pub fn limit_lines(&self) -> Vec<LimitLine> {
        let mut out = Vec::new();
        for p in &self.operation.parameters {
            limit_lines_of(p, &p.name, false, &self.limit_notes, &mut out);
        }
        out
    }
}

fn limit_lines_of(
    p: &Parameter,
    path: &str,
    corrected_above: bool,
    notes: &[LimitNote],
    out: &mut Vec<LimitLine>,
) {
    let corrected = corrected_above || !p.corrections.is_empty();
    for (limit, value) in limit_list(p) {
        let Some(value) = value else { continue };
        let (enforced, why) = match p.enforced.get(limit) {
            Some(why) => (true, why.clone()),
            None => {
                let note = notes
                    .iter()
                    .rev()
                    .find(|n| n.path == path && n.limit == limit)
                    .map(|n| n.why.clone());
                let why = match note {
                    Some(why) if !corrected => why,
                    _ if corrected => {
                        "kept from the spec's corrected entry, which does not mark it enforced"
                            .to_owned()
                    }
                    _ => "no source states it; kept from the spec".to_owned(),
                };
                (false, why)
            }
        };
        out.push(LimitLine {
            path: path.to_owned(),
            limit: limit.to_owned(),
            value,
            enforced,
            why,
        });
    }
    if let Some(item) = &p.items {
        limit_lines_of(item, &format!("{path}.N"), corrected, notes, out);
    }
    for m in &p.members {
        limit_lines_of(m, &format!("{path}.{}", m.name), corrected, notes, out);
    }
}

/// What happened to one operation of an import run, for the report.
pub enum ReportEntry<'a> {
    Imported(&'a Imported),
    NotImported { name: String, why: String },
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The import report (`spec/ecs/IMPORT-REPORT.md`): per operation, each
/// limit enforced and why, each limit only documented and why, and every
/// finding. The same run writes the same bytes.
pub fn report(entries: &[ReportEntry<'_>], general: &[Finding]) -> String {
    let mut imported: Vec<&Imported> = Vec::new();
    let mut skipped: Vec<(&str, &str)> = Vec::new();
    for e in entries {
        match e {
            ReportEntry::Imported(i) => imported.push(i),
            ReportEntry::NotImported { name, why } => skipped.push((name, why)),
        }
    }
    imported.sort_by(|a, b| a.operation.name.cmp(&b.operation.name));
    skipped.sort();
    let lines: Vec<Vec<LimitLine>> = imported.iter().map(|i| i.limit_lines()).collect();
    let enforced: usize = lines.iter().flatten().filter(|l| l.enforced).count();
    let documented: usize = lines.iter().flatten().filter(|l| !l.enforced).count();
    let json_lists: usize = imported
        .iter()
        .map(|i| {
            i.operation
                .parameters
                .iter()
                .filter(|p| p.ty == "list" && p.style.as_deref() == Some("json"))
                .count()
        })
        .sum();
    let hidden: usize = imported
        .iter()
        .map(|i| i.operation.parameters.iter().filter(|p| p.hidden).count())
        .sum();
    let findings: usize = imported.iter().map(|i| i.findings.len()).sum();
    let mut s = String::new();
    s.push_str("# Import report\n\n");
    s.push_str("Written by `cargo xtask import-spec --all` from the reference metadata; do not edit by hand.\n");
    s.push_str("For each operation: every limit of a parameter, whether `build()` checks it (`enforced`) or it is only\n");
    s.push_str("documented, and why; then every finding of the importer (disagreements between the sources, choices made).\n");
    s.push_str("A limit is enforced only where the portal's schema states it and neither the other portal file nor the\n");
    s.push_str("English prose contradicts it, where the English prose states it and no schema contradicts it, or where a\n");
    s.push_str("`corrections` entry confirms it. Paging parameters and hidden parameters are never range-checked.\n\n");
    s.push_str(&format!(
        "- operations: {} imported, {} not imported\n- limits: {enforced} enforced, {documented} documented only\n- JSON-text list parameters (`style: json`): {json_lists}\n- hidden parameters: {hidden}\n- findings: {findings}\n\n",
        imported.len(),
        skipped.len(),
    ));
    if !skipped.is_empty() {
        s.push_str("## Not imported\n\n");
        for (name, why) in &skipped {
            s.push_str(&format!("- {name}: {}\n", cell(why)));
        }
        s.push('\n');
    }
    if !general.is_empty() {
        s.push_str("## The reference itself\n\n");
        for f in general {
            s.push_str(&format!(
                "- {} `{}`: {}\n",
                f.operation,
                f.subject,
                cell(&f.message)
            ));
        }
        s.push('\n');
    }
    for (i, lines) in imported.iter().zip(&lines) {
        s.push_str(&format!("## {}\n\n", i.operation.name));
        if !lines.is_empty() {
            s.push_str("| parameter | limit | value | checked | why |\n|---|---|---|---|---|\n");
            for l in lines {
                s.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} |\n",
                    l.path,
                    l.limit,
                    l.value,
                    if l.enforced { "enforced" } else { "documented" },
                    cell(&l.why)
                ));
            }
            s.push('\n');
        }
        for f in &i.findings {
            s.push_str(&format!("- `{}`: {}\n", f.subject, cell(&f.message)));
        }
        if !i.findings.is_empty() {
            s.push('\n');
        }
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

// ---------------------------------------------------------------------------
// Diff: the spec against what the sources alone give
// ---------------------------------------------------------------------------

/// Every difference between `existing` and a fresh import of the same
/// operation, one line each, parameter by parameter and field by field. Each
/// line says whether a re-import would keep the spec's value.
pub fn diff(
    reference: &Reference,
    existing: &OperationSpec,
    common_errors: &[ErrorSpec],
) -> Result<Vec<String>, ImportError> {
    let raw = import_raw(reference, &existing.name, common_errors)?;
    let merged = import(reference, &existing.name, Some(existing), common_errors)?;
    let spec = existing.clone();
    let to_value = |op: &Operation| serde_json::to_value(op).expect("serializes");
    let (s, r, m) = (
        to_value(&spec),
        to_value(&raw.operation),
        to_value(&merged.operation),
    );
    let mut against_raw = Vec::new();
    diff_values("", Some(&s), Some(&r), &mut against_raw);
    let mut against_merged = Vec::new();
    diff_values("", Some(&s), Some(&m), &mut against_merged);
    let changed: BTreeSet<&str> = against_merged.iter().map(|d| d.0.as_str()).collect();
    Ok(against_raw
        .iter()
        .map(|(path, a, b)| {
            let what = if changed.contains(path.as_str()) {
                "re-import takes the sources'"
            } else {
                "re-import keeps the spec's"
            };
            format!(
                "{} {path}: spec {}, sources {} ({what})",
                existing.name,
                show(a.as_ref()),
                show(b.as_ref())
            )
        })
        .collect())
}

type Difference = (String, Option<serde_json::Value>, Option<serde_json::Value>);

fn show(v: Option<&serde_json::Value>) -> String {
    match v {
        None => "(none)".to_owned(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 90 {
                let cut: String = text.chars().take(87).collect();
                format!("{cut}...")
            } else {
                text
            }
        }
    }
}

/// The key that identifies an element of a spec array, if it has one.
fn element_key(v: &serde_json::Value) -> Option<String> {
    ["name", "code", "value"]
        .iter()
        .find_map(|k| v.get(*k).and_then(|x| x.as_str()).map(str::to_owned))
}

fn diff_values(
    path: &str,
    a: Option<&serde_json::Value>,
    b: Option<&serde_json::Value>,
    out: &mut Vec<Difference>,
) {
    use serde_json::Value;
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                // `members` and `items` only nest: `Tag.N.Key` reads better
                // than `Tag.items.members.Key`.
                let sub = match k.as_str() {
                    "members" => path.to_owned(),
                    "items" => join("N"),
                    _ => join(k),
                };
                diff_values(&sub, x.get(k), y.get(k), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y)))
            if x.iter().chain(y).all(|v| element_key(v).is_some()) =>
        {
            let mut keys: Vec<String> = Vec::new();
            for v in x.iter().chain(y) {
                let k = element_key(v).expect("checked");
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            for k in keys {
                let find = |list: &'_ [Value]| {
                    list.iter()
                        .find(|v| element_key(v).as_deref() == Some(&k))
                        .cloned()
                };
                let sub = if k.contains('.') {
                    format!("{path}[{k}]")
                } else {
                    join(&k)
                };
                diff_values(&sub, find(x).as_ref(), find(y).as_ref(), out);
            }
        }
        (x, y) if x != y => out.push((path.to_owned(), x.cloned(), y.cloned())),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highs(text: &str) -> Vec<u64> {
        prose_n_ranges(text).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn ranges_of_n_are_read_in_english_and_chinese() {
        assert_eq!(highs("The resource IDs. Valid values of N: 1 to 50."), [50]);
        assert_eq!(highs("The value of N ranges from 1 to 20."), [20]);
        assert_eq!(highs("Valid values of N are 1 to 10."), [10]);
        assert_eq!(highs("ECS资源ID。N的取值范围为1~50。"), [50]);
        assert_eq!(highs("标签键。N 的取值范围：1~20"), [20]);
        assert_eq!(highs("N的取值范围为1 ~ 16"), [16]);
        assert_eq!(highs("N=1~16"), [16]);
    }

    #[test]
    fn n_inside_a_wire_name_or_other_ranges_are_not_read() {
        assert!(highs("Set Tag.N.Key to 1 to 128 characters.").is_empty());
        assert!(highs("- 第一个N的取值范围为1~2。\n- 第二个N的取值范围为1~5。") == [5]);
        assert!(highs("Valid values of N:\n\n*   When the ENI is Available, the valid values of N are 1 to 50.").is_empty());
        assert!(highs("The name must be 2 to 128 characters long.").is_empty());
        assert!(highs("N表示实例个数，取值范围为1~1000").is_empty());
    }

    #[test]
    fn an_unambiguous_value_list_becomes_an_enum() {
        let text = "The status. Valid values:\n\n*   Running: running\n*   Stopped (default)\n\nDefault value: Running.";
        let values = prose_enum(text).unwrap();
        let got: Vec<(&str, &str)> = values
            .iter()
            .map(|v| (v.value.as_str(), v.description.as_str()))
            .collect();
        assert_eq!(got, [("Running", "running"), ("Stopped", "(default)")]);
    }

    #[test]
    fn ambiguous_value_lists_stay_prose() {
        // Nested bullets: the values depend on something else.
        assert!(prose_enum("Valid values:\n\n*   a: x\n    *   b\n*   c: y").is_none());
        // Two lists.
        assert!(prose_enum("Valid values:\n\n*   a\n*   b\n\nValid values: c").is_none());
        // Not at the start of a sentence.
        assert!(prose_enum("If it is set, valid values:\n\n*   a\n*   b").is_none());
        // Values that are not single tokens, numbers, booleans.
        assert!(prose_enum("Valid values:\n\n*   a b: x\n*   c: y").is_none());
        assert!(prose_enum("Valid values:\n\n*   60\n*   600").is_none());
        assert!(prose_enum("Valid values:\n\n*   true\n*   false").is_none());
        // Values that would be one Rust variant.
        assert!(prose_enum("Valid values:\n\n*   Failed\n*   failed").is_none());
    }

    fn limits(text: &str) -> Vec<(&'static str, i64)> {
        prose_limits(text)
            .into_iter()
            .map(|(l, v, _)| (l, v))
            .collect()
    }

    #[test]
    fn lengths_and_ranges_are_read_from_plain_english_sentences() {
        assert_eq!(
            limits("The name. The name must be 2 to 128 characters in length."),
            [("minLength", 2), ("maxLength", 128)]
        );
        assert_eq!(
            limits("The token can contain only ASCII characters and cannot exceed 64 characters in length."),
            [("maxLength", 64)]
        );
        assert_eq!(
            limits("The value must be 1 to 1,024 characters in length."),
            [("minLength", 1), ("maxLength", 1024)]
        );
        assert_eq!(
            limits("The number of entries.\n\nValid values: 1 to 100.\n\nDefault value: 10."),
            [("minimum", 1), ("maximum", 100)]
        );
        assert_eq!(limits("Maximum value: 100."), [("maximum", 100)]);
    }

    #[test]
    fn conditional_bulleted_or_decimal_limits_are_not_read() {
        assert!(limits("If the disk is an ESSD, the size must be 1 to 100 characters.").is_empty());
        assert!(limits("Valid values:\n\n*   ESSD: 20 to 32768\n*   other: 20 to 500").is_empty());
        assert!(limits("Valid values: 0.5 to 2.").is_empty());
        assert!(limits("> The name must be 2 to 128 characters in length.").is_empty());
    }

    #[test]
    fn json_array_descriptions_and_their_sizes_are_recognised() {
        let text = "The IDs. The value is a JSON array that consists of up to 100 disk IDs. Separate the disk IDs with commas (,).";
        assert!(prose_says_json_array(text));
        assert_eq!(prose_json_max_items(text).map(|(n, _)| n), Some(100));
        assert!(!prose_says_json_array("The ID of the disk."));
        assert_eq!(
            prose_json_max_items("It can be up to 64 characters long."),
            None
        );
    }

    #[test]
    fn cjk_text_is_recognised() {
        assert!(has_cjk("地域ID。"));
        assert!(!has_cjk("The region ID. “quoted” — fine"));
    }

    #[test]
    fn dotted_names_fold_into_objects_and_numbered_lists() {
        let leaf = |name: &str| SrcParam {
            name: name.into(),
            ty: Some("string"),
            description: format!("about {name}"),
            ..SrcParam::default()
        };
        let folded = fold(vec![
            leaf("SystemDisk.Size"),
            leaf("DataDisk.1.Size"),
            leaf("DataDisk.2.Size"),
            leaf("AddGroup.1"),
        ]);
        let names: Vec<&str> = folded.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["SystemDisk", "DataDisk", "AddGroup"]);
        assert_eq!(folded[0].ty, Some("object"));
        assert_eq!(folded[0].members[0].name, "Size");
        assert_eq!(folded[1].ty, Some("list"));
        assert_eq!(folded[1].family.as_ref().unwrap().0, 2);
        let size = &folded[1].items.as_ref().unwrap().members[0];
        assert_eq!(
            size.description,
            "DataDisk.1.Size: about DataDisk.1.Size\n\nDataDisk.2.Size: about DataDisk.2.Size"
        );
        assert_eq!(folded[2].items.as_ref().unwrap().ty, Some("string"));
    }
}
